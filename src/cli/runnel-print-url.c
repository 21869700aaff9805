/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-print-url.c: runnel --print URL: a RunnelSseClient on a main loop, JSON lines out */

#include "config.h"

#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "runnel-cli.h"
#include "runnel-sse-client.h"
#include "runnel-utf8.h"

typedef struct
{
  RunnelPrintSink *sink;
  RunnelSseClient *client;
  GMainLoop       *loop;
  GSource         *flush_source;
  gboolean         summary;
  int              status;        /* set by a signal or a failed write, else from the state */
  char            *failure;       /* why the stream failed, for --junit */
  guint            stop_id;
  gboolean         stop_at_end;   /* --expect without --reconnect-on-end */
} PrintUrl;

/* writes what is buffered; a closed stdout ends the run at once */
static void
flush_now (PrintUrl *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }

  if (!runnel_print_sink_flush (self->sink) && self->status == RUNNEL_EXIT_OK)
    {
      self->status = RUNNEL_EXIT_WRITE;
      runnel_sse_client_disconnect (self->client);
      g_main_loop_quit (self->loop);
    }
}

static gboolean
flush_cb (gpointer user_data)
{
  PrintUrl *self = user_data;

  g_clear_pointer (&self->flush_source, g_source_unref);
  flush_now (self);

  return G_SOURCE_REMOVE;
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  PrintUrl *self = user_data;

  runnel_print_sink_event (event, self->sink);

  /* the lines of one read go out together, right after it (default priority: a busy stream
   * cannot hold them back) */
  if (!self->summary && self->flush_source == NULL)
    {
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
      g_source_set_callback (self->flush_source, flush_cb, self, NULL);
      g_source_set_static_name (self->flush_source, "[runnel] print flush");
      g_source_attach (self->flush_source, NULL);
    }

  if (runnel_print_sink_is_done (self->sink))
    runnel_sse_client_disconnect (self->client);
}

/* "The connection was dropped" reads better after a colon as "the connection was dropped" */
static char *
lower_first (const char *text)
{
  char *copy = g_strdup (text ? text : "");

  if (g_ascii_isupper (copy[0]) && !g_ascii_isupper (copy[1]))
    copy[0] = g_ascii_tolower (copy[0]);

  return copy;
}

/* the start of a refused response's body, on the lines after the state line, indented, its
 * control characters escaped: what a short state line leaves out */
#define ERROR_BODY_PRINT_MAX 4096

static void
print_error_body (RunnelSseClient *client)
{
  const GError *error = runnel_sse_client_get_last_error (client);
  GBytes *body = runnel_sse_client_get_error_body (client);
  g_auto(GStrv) lines = NULL;
  g_autofree char *head = NULL;
  gsize len = 0;
  gsize n;
  const char *data;

  if (body == NULL || error == NULL || error->domain != RUNNEL_SSE_ERROR ||
      (error->code != RUNNEL_SSE_ERROR_HTTP_STATUS &&
       error->code != RUNNEL_SSE_ERROR_CONTENT_TYPE))
    return;

  /* cut at a character's start */
  data = g_bytes_get_data (body, &len);
  if (len == 0)
    return;
  n = MIN (len, ERROR_BODY_PRINT_MAX);
  while (n < len && n > 0 && ((guchar) data[n] & 0xC0) == 0x80)
    n--;

  head = g_strndup (data, n);
  lines = g_strsplit (head, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autofree char *line = NULL;

      if (lines[i + 1] == NULL && *lines[i] == '\0')
        break;
      g_strdelimit (lines[i], "\t", ' ');
      line = runnel_utf8_printable (lines[i], g_str_has_suffix (lines[i], "\r") ?
                                                (gssize) strlen (lines[i]) - 1 : -1);
      g_printerr ("  %s\n", line);
    }
  if (n < len)
    g_printerr ("  …\n");
}

static gboolean
stop_cb (gpointer user_data)
{
  PrintUrl *self = user_data;

  self->stop_id = 0;
  runnel_sse_client_disconnect (self->client);

  return G_SOURCE_REMOVE;
}

static void
on_state_changed (RunnelSseClient *client,
                  PrintUrl        *self)
{
  g_autofree char *lowered = lower_first (runnel_sse_client_get_reason (client));
  /* the reason may quote the server (status line, content type, body, events) */
  g_autofree char *reason = runnel_utf8_printable (lowered, -1);

  /* the events before this change go out first, also with 2>&1 */
  flush_now (self);
  if (self->status == RUNNEL_EXIT_WRITE)
    return;

  switch (runnel_sse_client_get_state (client))
    {
    case RUNNEL_SSE_CLIENT_STATE_CONNECTING:
      if (runnel_sse_client_get_reconnect_count (client) > 0)
        g_printerr ("runnel: %s (reconnection %u)\n", reason,
                    runnel_sse_client_get_reconnect_count (client));
      else
        g_printerr ("runnel: %s\n", reason);
      break;

    case RUNNEL_SSE_CLIENT_STATE_OPEN:
      g_printerr ("runnel: %s\n", reason);
      break;

    case RUNNEL_SSE_CLIENT_STATE_WAITING:
      /* with --expect a test is one stream: the server's own end ends the run */
      if (self->stop_at_end && runnel_sse_client_get_last_error (client) == NULL)
        {
          if (self->stop_id == 0)
            self->stop_id = g_idle_add (stop_cb, self);
          break;
        }
      /* the wait as chosen, not what is left of it by now (a busy machine made 1234 ms 1233) */
      g_printerr ("runnel: waiting %u ms to retry: %s\n",
                  runnel_sse_client_get_retry_wait (client), reason);
      print_error_body (client);
      break;

    case RUNNEL_SSE_CLIENT_STATE_CLOSED:
      if (*reason != '\0' && !g_str_equal (reason, "disconnected"))
        g_printerr ("runnel: closed: %s\n", reason);
      else
        g_printerr ("runnel: closed\n");
      g_main_loop_quit (self->loop);
      break;

    case RUNNEL_SSE_CLIENT_STATE_FAILED:
      g_printerr ("runnel: failed: %s\n", reason);
      print_error_body (client);
      g_free (self->failure);
      self->failure = g_strdup (reason);
      g_main_loop_quit (self->loop);
      break;

    case RUNNEL_SSE_CLIENT_STATE_IDLE:
    default:
      break;
    }
}

/* every expectation decided (perhaps by the response alone): the run is over, from the main
 * loop rather than from inside the client's own signal */
static void
on_expectations_changed (RunnelExpectations *expectations,
                         PrintUrl           *self)
{
  if (runnel_print_sink_is_done (self->sink) && self->stop_id == 0)
    self->stop_id = g_idle_add (stop_cb, self);
}

/* Ctrl-C or a kill: stop like --max-time does, so that --summary still prints; then exit with
 * the shell's status for the signal (128 + its number) */
static gboolean
on_sigint (gpointer user_data)
{
  PrintUrl *self = user_data;

  self->status = RUNNEL_EXIT_SIGINT;
  runnel_sse_client_disconnect (self->client);

  return G_SOURCE_CONTINUE;
}

static gboolean
on_sigterm (gpointer user_data)
{
  PrintUrl *self = user_data;

  self->status = RUNNEL_EXIT_SIGTERM;
  runnel_sse_client_disconnect (self->client);

  return G_SOURCE_CONTINUE;
}

/* SIGUSR1: "Reconnect now", with the last event id, as the window's button does */
static gboolean
on_sigusr1 (gpointer user_data)
{
  PrintUrl *self = user_data;

  g_printerr ("runnel: reconnecting now (SIGUSR1)\n");
  runnel_sse_client_restart (self->client);

  return G_SOURCE_CONTINUE;
}

static guint
seconds_to_ms (double seconds)
{
  return (guint) MIN (ceil (seconds * 1000.0), (double) G_MAXUINT);
}

/* the request the options describe; NULL with a message on stderr when they are bad */
static RunnelRequest *
build_request (RunnelPrintOptions *options)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  if (!runnel_request_check_url (options->url, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return NULL;
    }

  request = runnel_request_new (options->url);

  for (guint i = 0; options->headers != NULL && options->headers[i] != NULL; i++)
    {
      if (!runnel_request_parse_header_line (request, options->headers[i], &error))
        {
          g_printerr ("runnel: -H: %s\n", error->message);
          return NULL;
        }
    }

  /* the body as curl makes it from its data options (runnel-curl-data.h) */
  if (options->data != NULL)
    {
      g_autoptr(RunnelCurlData) data = runnel_curl_data_new (TRUE);
      g_autoptr(GBytes) body = NULL;

      for (guint i = 0; i < options->data->len; i++)
        {
          RunnelPrintData *piece = g_ptr_array_index (options->data, i);

          if (!runnel_curl_data_add (data, piece->kind, piece->option, piece->arg, &error))
            {
              g_printerr ("runnel: %s\n", error->message);
              return NULL;
            }
        }
      body = runnel_curl_data_steal_body (data);
      runnel_request_set_body (request, body);

      /* as curl: without a Content-Type header, a form's type (fastify answered 415, and
       * Express's json() saw no body, when none was sent), or JSON's for --json; Accept stays
       * text/event-stream */
      if (runnel_request_find_header (request, "Content-Type") == NULL)
        runnel_request_append_header (request, "Content-Type",
                                      runnel_curl_data_is_json (data) ?
                                        "application/json" : "application/x-www-form-urlencoded",
                                      TRUE);
    }

  /* curl's habit: a body without -X is a POST */
  if (options->method != NULL)
    runnel_request_set_method (request, options->method);
  else if (options->data != NULL)
    runnel_request_set_method (request, "POST");

  if (options->cacert != NULL)
    {
      /* as curl does, relative to the current directory (GLib's TLS database needs a full path) */
      g_autofree char *path = g_canonicalize_filename (options->cacert, NULL);
      g_autoptr(GTlsDatabase) database = g_tls_file_database_new (path, &error);

      if (database == NULL)
        {
          g_printerr ("runnel: --cacert: cannot load “%s”: %s\n", options->cacert, error->message);
          return NULL;
        }
      runnel_request_set_ca_file (request, path);
    }

  runnel_request_set_accept_invalid_certificates (request, options->insecure);
  runnel_request_set_allow_insecure_redirect (request, options->allow_insecure_redirect);
  if (options->max_time > 0)
    runnel_request_set_timeout (request, MAX (seconds_to_ms (options->max_time), 1));
  if (options->last_event_id != NULL)
    runnel_request_set_last_event_id (request, options->last_event_id);
  runnel_request_set_reconnect (request, !options->no_reconnect);
  if (options->reconnect_on_end >= 0)
    runnel_request_set_reconnect_on_end (request, options->reconnect_on_end);

  runnel_request_set_max_retries (request, options->max_retries);
  if (options->retry_delay >= 0)
    runnel_request_set_retry_delay (request, options->retry_delay);
  if (options->read_timeout > 0)
    runnel_request_set_read_timeout (request, MAX (seconds_to_ms (options->read_timeout), 1));
  if (options->fatal_events != NULL)
    runnel_request_set_fatal_event_types (request, (const char * const *) options->fatal_events);
  runnel_request_set_max_event_size (request, options->max_event_size);

  if (!runnel_request_validate (request, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return NULL;
    }

  return g_steal_pointer (&request);
}

int
runnel_print_url (RunnelPrintOptions *options)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(RunnelPrintSink) sink = NULL;
  g_autoptr(RunnelSseClient) client = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  PrintUrl self = { 0 };
  guint sigint_id;
  guint sigterm_id;
  guint sigusr1_id;
  int status;

  request = build_request (options);
  if (request == NULL)
    return RUNNEL_EXIT_USAGE;

  sink = runnel_print_sink_new (options);
  client = runnel_sse_client_new (request);
  loop = g_main_loop_new (NULL, FALSE);

  self.sink = sink;
  self.client = client;
  self.loop = loop;
  self.summary = options->summary;
  self.stop_at_end = options->expectations != NULL && options->reconnect_on_end < 0;

  if (options->summary)
    runnel_print_sink_set_timing (sink, runnel_sse_client_get_timing (client), FALSE);
  /* the socket's reads overlap the parsing (docs/PERFORMANCE.md); RUNNEL_READ_THREAD=0: not */
  if (g_strcmp0 (g_getenv ("RUNNEL_READ_THREAD"), "0") != 0)
    runnel_sse_client_set_read_thread (client, TRUE);
  runnel_sse_client_set_event_func (client, on_event, &self, NULL);
  g_signal_connect (client, "state-changed", G_CALLBACK (on_state_changed), &self);
  if (options->comments)
    g_signal_connect_swapped (client, "comment", G_CALLBACK (runnel_print_sink_comment), sink);
  sigint_id = g_unix_signal_add (SIGINT, on_sigint, &self);
  sigterm_id = g_unix_signal_add (SIGTERM, on_sigterm, &self);
  sigusr1_id = g_unix_signal_add (SIGUSR1, on_sigusr1, &self);

  if (options->expectations != NULL)
    {
      runnel_expectations_watch_client (options->expectations, client);
      g_signal_connect (options->expectations, "changed",
                        G_CALLBACK (on_expectations_changed), &self);
    }

  runnel_sse_client_connect (client);
  if (runnel_sse_client_get_state (client) != RUNNEL_SSE_CLIENT_STATE_CLOSED &&
      runnel_sse_client_get_state (client) != RUNNEL_SSE_CLIENT_STATE_FAILED)
    g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  g_source_remove (sigusr1_id);
  g_clear_handle_id (&self.stop_id, g_source_remove);
  if (self.flush_source != NULL)
    {
      g_source_destroy (self.flush_source);
      g_clear_pointer (&self.flush_source, g_source_unref);
    }

  /* the summary counts what was received, also when the stream failed */
  runnel_print_sink_add_bytes (sink, runnel_sse_client_get_bytes_received (client));
  if (!runnel_print_sink_finish (sink) && self.status == RUNNEL_EXIT_OK)
    self.status = RUNNEL_EXIT_WRITE;

  g_signal_handlers_disconnect_by_data (client, &self);
  g_signal_handlers_disconnect_by_data (client, sink);
  if (options->expectations != NULL)
    {
      runnel_expectations_unwatch_client (options->expectations);
      g_signal_handlers_disconnect_by_data (options->expectations, &self);
    }

  /* a signal or a closed stdout says so in the status; the expectations still report */
  if (self.status == RUNNEL_EXIT_OK &&
      runnel_sse_client_get_state (client) == RUNNEL_SSE_CLIENT_STATE_FAILED)
    self.status = RUNNEL_EXIT_FAILED;
  status = runnel_print_sink_report (sink, self.status, self.failure);
  g_free (self.failure);

  return status;
}
