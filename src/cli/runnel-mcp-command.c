/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-command.c: runnel --mcp URL: an MCP session, every JSON-RPC message as a JSON line */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "runnel-cli.h"
#include "runnel-expect-cli.h"
#include "runnel-json.h"
#include "runnel-mcp-session.h"
#include "runnel-utf8.h"

typedef struct
{
  GMainLoop          *loop;
  RunnelMcpSession   *session;
  RunnelExpectations *expectations;   /* NULL without --expect */
  char               *tool;           /* --call */
  JsonNode           *arguments;      /* --args */
  gboolean            list_tools;
  guint64             n_received;
  int                 status;
  gboolean            write_failed;
} McpRun;

static void run_next (McpRun *run);

static void
message_cb (RunnelMcpSession *session,
            RunnelMcpMessage *message,
            McpRun           *run)
{
  g_autofree char *line = runnel_mcp_message_to_json_line (message);

  if (!run->write_failed && (fprintf (stdout, "%s\n", line) < 0 || fflush (stdout) != 0))
    run->write_failed = TRUE;

  /* the expectations look at what the server sent, each message as an event's data */
  if (run->expectations != NULL &&
      runnel_mcp_message_get_direction (message) == RUNNEL_MCP_DIRECTION_RECEIVED)
    {
      const char *text = runnel_mcp_message_get_text (message);
      const char *id = runnel_mcp_message_get_event_id (message);
      RunnelSseEvent *event = runnel_sse_event_new ("message", strlen ("message"),
                                                    text, strlen (text), id, strlen (id),
                                                    ++run->n_received, g_get_monotonic_time (),
                                                    g_get_real_time (), strlen (text));

      runnel_expectations_add_event (run->expectations, event);
      runnel_sse_event_unref (event);
    }
}

static void
note_cb (RunnelMcpSession *session,
         const char       *text,
         McpRun           *run)
{
  g_autofree char *printable = runnel_utf8_printable (text, -1);

  g_printerr ("runnel: %s\n", printable);
}

static void
fail (McpRun       *run,
      const GError *error)
{
  g_autofree char *printable = runnel_utf8_printable (error->message, -1);

  g_printerr ("runnel: %s\n", printable);
  run->status = RUNNEL_EXIT_FAILED;
  g_main_loop_quit (run->loop);
}

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  McpRun *run = user_data;
  g_autoptr(GError) error = NULL;

  /* a server that does not let clients end sessions is no failure of the run */
  if (!runnel_mcp_session_end_finish (run->session, result, &error))
    note_cb (run->session, error->message, run);

  g_main_loop_quit (run->loop);
}

/* the run is over: end the session politely (DELETE), then quit */
static void
finish (McpRun *run)
{
  runnel_mcp_session_end_async (run->session, NULL, end_cb, run);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  McpRun *run = user_data;
  g_autoptr(RunnelMcpMessage) response = NULL;
  g_autoptr(GError) error = NULL;

  response = runnel_mcp_session_request_finish (run->session, result, &error);
  if (response == NULL)
    {
      g_autofree char *printable = runnel_utf8_printable (error->message, -1);

      g_printerr ("runnel: %s\n", printable);
      run->status = RUNNEL_EXIT_FAILED;
      /* a JSON-RPC error leaves the session standing: end it */
      if (g_error_matches (error, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_JSONRPC))
        finish (run);
      else
        g_main_loop_quit (run->loop);
      return;
    }

  run_next (run);
}

/* the next step: the lists, then the call, then the end */
static void
run_next (McpRun *run)
{
  if (run->list_tools)
    {
      run->list_tools = FALSE;
      runnel_mcp_session_request_async (run->session, "tools/list", NULL, NULL, call_cb, run);
      return;
    }

  if (run->tool != NULL)
    {
      g_autofree char *tool = g_steal_pointer (&run->tool);

      g_printerr (_("runnel: calling %s\n"), tool);
      runnel_mcp_session_call_tool_async (run->session, tool, run->arguments, TRUE, NULL,
                                          call_cb, run);
      return;
    }

  finish (run);
}

static void
initialize_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  McpRun *run = user_data;
  g_autoptr(GError) error = NULL;

  if (!runnel_mcp_session_initialize_finish (run->session, result, &error))
    {
      fail (run, error);
      return;
    }

  run_next (run);
}

int
runnel_mcp_main (int    argc,
                 char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) headers = NULL;
  g_auto(GStrv) expects = NULL;
  g_autofree char *url = NULL;
  g_autofree char *tool = NULL;
  g_autofree char *args = NULL;
  gboolean list_tools = FALSE;
  guint drop_after = 0;
  gint drop_after_arg = 0;
  McpRun run = { 0 };
  const GOptionEntry entries[] = {
    { "mcp", 0, 0, G_OPTION_ARG_STRING, &url,
      N_("Open an MCP session (Streamable HTTP) on URL"), N_("URL") },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &headers,
      N_("Send a header on every request, e.g. 'Authorization: Bearer …' (repeatable)"),
      N_("'NAME: VALUE'") },
    { "list-tools", 0, 0, G_OPTION_ARG_NONE, &list_tools,
      N_("List the server's tools"), NULL },
    { "call", 0, 0, G_OPTION_ARG_STRING, &tool,
      N_("Call a tool (with a progress token: progress notifications are printed)"),
      N_("TOOL") },
    { "args", 0, 0, G_OPTION_ARG_STRING, &args,
      N_("The tool's arguments, a JSON object (default: {})"), N_("JSON") },
    { "drop-after", 0, 0, G_OPTION_ARG_INT, &drop_after_arg,
      N_("Cut the call's event stream after N events and resume it with Last-Event-ID"),
      N_("N") },
    { "expect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &expects,
      N_("Check the messages received, e.g. 'json $.result.isError == false' (repeatable; "
         "runnel --help-expect)"), N_("SENTENCE") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Open an MCP session, list the tools or call one, and print "
                                  "every JSON-RPC message, sent and received, as one JSON line "
                                  "on standard output; what happens on the wire goes to "
                                  "standard error. The session ends with DELETE."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return RUNNEL_EXIT_USAGE;
    }

  if (argc > 1)
    {
      g_printerr (_("runnel: --mcp takes no argument “%s”\n"), argv[1]);
      return RUNNEL_EXIT_USAGE;
    }

  if (url == NULL || !runnel_request_check_url (url, &error))
    {
      g_printerr (_("runnel: --mcp needs an http or https URL%s%s\n"),
                  error != NULL ? ": " : "", error != NULL ? error->message : "");
      return RUNNEL_EXIT_USAGE;
    }

  if (drop_after_arg < 0)
    {
      g_printerr (_("runnel: --drop-after must be 0 or more\n"));
      return RUNNEL_EXIT_USAGE;
    }
  drop_after = drop_after_arg;

  if (args != NULL && tool == NULL)
    {
      g_printerr (_("runnel: --args goes with --call TOOL\n"));
      return RUNNEL_EXIT_USAGE;
    }

  if (args != NULL)
    {
      run.arguments = runnel_json_from_string (args, -1, &error);
      if (run.arguments == NULL || !JSON_NODE_HOLDS_OBJECT (run.arguments))
        {
          g_printerr (_("runnel: --args must be a JSON object%s%s\n"),
                      error != NULL ? ": " : "", error != NULL ? error->message : "");
          g_clear_pointer (&run.arguments, json_node_unref);
          return RUNNEL_EXIT_USAGE;
        }
    }

  request = runnel_request_new (url);
  for (guint i = 0; headers != NULL && headers[i] != NULL; i++)
    if (!runnel_request_parse_header_line (request, headers[i], &error))
      {
        g_printerr ("runnel: %s\n", error->message);
        g_clear_pointer (&run.arguments, json_node_unref);
        return RUNNEL_EXIT_USAGE;
      }

  if (expects != NULL)
    {
      gboolean ok = TRUE;

      run.expectations = runnel_cli_expectations_new ((const char * const *) expects, "--expect",
                                                      &ok);
      if (!ok)
        {
          g_clear_pointer (&run.arguments, json_node_unref);
          return RUNNEL_EXIT_USAGE;
        }
      runnel_expectations_start (run.expectations);
    }

  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.tool = g_steal_pointer (&tool);
  run.list_tools = list_tools;
  run.session = runnel_mcp_session_new (request);
  runnel_mcp_session_set_drop_after (run.session, drop_after);
  g_signal_connect (run.session, "message", G_CALLBACK (message_cb), &run);
  g_signal_connect (run.session, "note", G_CALLBACK (note_cb), &run);

  runnel_mcp_session_initialize_async (run.session, NULL, initialize_cb, &run);
  g_main_loop_run (loop);

  g_signal_handlers_disconnect_by_data (run.session, &run);
  g_clear_object (&run.session);
  g_clear_pointer (&run.arguments, json_node_unref);
  g_clear_pointer (&run.tool, g_free);

  if (run.write_failed && run.status == RUNNEL_EXIT_OK)
    run.status = RUNNEL_EXIT_WRITE;

  if (run.expectations != NULL)
    {
      g_autofree char *results = NULL;

      runnel_expectations_finish (run.expectations);
      results = runnel_cli_format_results (run.expectations, "");
      g_printerr ("%s", results);
      if (run.status == RUNNEL_EXIT_OK &&
          runnel_expectations_count (run.expectations, RUNNEL_EXPECTATION_FAILED) > 0)
        run.status = RUNNEL_EXIT_EXPECTATION;
      g_clear_object (&run.expectations);
    }

  return run.status;
}
