/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-print.c: runnel --print: options, events as JSON lines on stdout, or a --summary */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "runnel-cli.h"
#include "runnel-collection.h"
#include "runnel-expect-cli.h"
#include "runnel-json-assembler.h"
#include "runnel-json.h"
#include "runnel-json-path.h"
#include "runnel-sse-parser.h"
#include "runnel-utf8.h"

/* one read () from standard input; the events it completes are printed before the next */
#define READ_SIZE (128 * 1024)

/* Options */

void
runnel_print_options_clear (RunnelPrintOptions *options)
{
  g_clear_pointer (&options->url, g_free);
  g_clear_pointer (&options->method, g_free);
  g_clear_pointer (&options->headers, g_strfreev);
  g_clear_pointer (&options->data, g_ptr_array_unref);
  g_clear_pointer (&options->cacert, g_free);
  g_clear_pointer (&options->last_event_id, g_free);
  g_clear_pointer (&options->fatal_events, g_strfreev);
  g_clear_pointer (&options->assemble, g_free);
  g_clear_pointer (&options->heartbeat_types, g_strfreev);
  g_clear_pointer (&options->expects, g_strfreev);
  g_clear_pointer (&options->junit, g_free);
  g_clear_pointer (&options->vars, g_strfreev);
  g_clear_object (&options->expectations);
  g_clear_object (&options->assembler);
}

static gboolean
parse_count (const char  *option_name,
             const char  *value,
             guint64     *count,
             GError     **error)
{
  if (!g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT64, count, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s needs a whole number of at least 0, not “%s”"), option_name, value);
      return FALSE;
    }

  return TRUE;
}

static gboolean
parse_max_event_size (const char  *option_name,
                      const char  *value,
                      gpointer     user_data,
                      GError     **error)
{
  RunnelPrintOptions *options = user_data;

  return parse_count (option_name, value, &options->max_event_size, error);
}

static gboolean
parse_max_events (const char  *option_name,
                  const char  *value,
                  gpointer     user_data,
                  GError     **error)
{
  RunnelPrintOptions *options = user_data;

  return parse_count (option_name, value, &options->max_events, error);
}

static void
print_data_free (gpointer data)
{
  RunnelPrintData *piece = data;

  g_free (piece->option);
  g_free (piece->arg);
  g_free (piece);
}

/* curl's data options, kept in their order: the body is made of them as curl makes it */
static gboolean
parse_data (const char  *option_name,
            const char  *value,
            gpointer     user_data,
            GError     **error)
{
  static const struct
  {
    const char         *name;
    RunnelCurlDataKind  kind;
  } kinds[] = {
    { "-d", RUNNEL_CURL_DATA_ASCII },
    { "--data", RUNNEL_CURL_DATA_ASCII },
    { "--data-ascii", RUNNEL_CURL_DATA_ASCII },
    { "--data-binary", RUNNEL_CURL_DATA_BINARY },
    { "--data-raw", RUNNEL_CURL_DATA_RAW },
    { "--data-urlencode", RUNNEL_CURL_DATA_URLENCODE },
    { "--json", RUNNEL_CURL_DATA_JSON },
  };
  RunnelPrintOptions *options = user_data;
  RunnelPrintData *piece;

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (!g_str_equal (option_name, kinds[i].name))
        continue;

      if (options->data == NULL)
        options->data = g_ptr_array_new_with_free_func (print_data_free);
      piece = g_new0 (RunnelPrintData, 1);
      piece->kind = kinds[i].kind;
      piece->option = g_strdup (option_name);
      piece->arg = g_strdup (value);
      g_ptr_array_add (options->data, piece);
      return TRUE;
    }

  g_assert_not_reached ();
}

static gboolean
usage_error (GError     **error,
             const char  *message)
{
  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

static gboolean
parse_options (RunnelPrintOptions  *options,
               int                  argc,
               char               **argv,
               GError             **error)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = NULL;
  g_auto(GStrv) args = NULL;
  g_auto(GStrv) arguments = NULL;
  gboolean print = FALSE;
  gboolean reconnect_on_end = FALSE;
  gboolean no_reconnect_on_end = FALSE;
  GOptionGroup *group;
  const GOptionEntry entries[] = {
    { "print", 0, 0, G_OPTION_ARG_NONE, &print,
      N_("Print events as JSON lines instead of opening the window"), NULL },
    { "summary", 0, 0, G_OPTION_ARG_NONE, &options->summary,
      N_("Print one JSON object of counts and timing at the end instead of the events"), NULL },
    { "assemble", 0, 0, G_OPTION_ARG_STRING, &options->assemble,
      N_("Print the text the events assemble to (a preset such as openai-chat or anthropic, or "
         "a JSONPath) instead of JSON lines; with --summary, what counts as content for "
         "first_content_ms"), N_("PRESET|PATH") },
    { "stall-threshold", 0, 0, G_OPTION_ARG_DOUBLE, &options->stall_threshold,
      N_("With --summary: count a stall after SECONDS without an event (default 5)"),
      N_("SECONDS") },
    { "heartbeat-type", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->heartbeat_types,
      N_("With --summary: events of this type only keep the stream alive (repeatable)"),
      N_("TYPE") },
    { "request", 'X', 0, G_OPTION_ARG_STRING, &options->method,
      N_("HTTP method (default GET, or POST with --data)"), N_("METHOD") },
    { "header", 'H', 0, G_OPTION_ARG_STRING_ARRAY, &options->headers,
      N_("Add a request header (repeatable)"), N_("'NAME: VALUE'") },
    { "data", 'd', 0, G_OPTION_ARG_CALLBACK, parse_data,
      N_("Request body, or @FILE to read it from a file without its line breaks; repeated, "
         "joined with &"), N_("BODY") },
    { "data-ascii", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_CALLBACK, parse_data, NULL, NULL },
    { "data-binary", 0, 0, G_OPTION_ARG_CALLBACK, parse_data,
      N_("Request body, or @FILE sent as it is"), N_("BODY") },
    { "data-raw", 0, 0, G_OPTION_ARG_CALLBACK, parse_data,
      N_("Request body as written, @ included"), N_("BODY") },
    { "data-urlencode", 0, 0, G_OPTION_ARG_CALLBACK, parse_data,
      N_("Form data, URL-encoded: TEXT, NAME=TEXT or NAME@FILE"), N_("DATA") },
    { "json", 0, 0, G_OPTION_ARG_CALLBACK, parse_data,
      N_("JSON request body, or @FILE: POST with Content-Type: application/json (still "
         "asking for text/event-stream)"), N_("BODY") },
    { "insecure", 'k', 0, G_OPTION_ARG_NONE, &options->insecure,
      N_("Accept any TLS certificate"), NULL },
    { "cacert", 0, 0, G_OPTION_ARG_FILENAME, &options->cacert,
      N_("Trust the CA certificates in FILE (PEM)"), N_("FILE") },
    { "allow-insecure-redirect", 0, 0, G_OPTION_ARG_NONE, &options->allow_insecure_redirect,
      N_("Follow a redirect from https to plain http (credentials are never sent to another "
         "host)"), NULL },
    { "max-time", 'm', 0, G_OPTION_ARG_DOUBLE, &options->max_time,
      N_("Stop after SECONDS (exit status 0)"), N_("SECONDS") },
    { "last-event-id", 0, 0, G_OPTION_ARG_STRING, &options->last_event_id,
      N_("Resume after the event with this id (Last-Event-ID)"), N_("ID") },
    { "no-reconnect", 0, 0, G_OPTION_ARG_NONE, &options->no_reconnect,
      N_("Never reconnect"), NULL },
    { "reconnect-on-end", 0, 0, G_OPTION_ARG_NONE, &reconnect_on_end,
      N_("Reconnect when the server ends the stream (default for GET)"), NULL },
    { "no-reconnect-on-end", 0, 0, G_OPTION_ARG_NONE, &no_reconnect_on_end,
      N_("Stop when the server ends the stream (default for other methods)"), NULL },
    { "max-retries", 0, 0, G_OPTION_ARG_INT, &options->max_retries,
      N_("Give up after N failed reconnections"), N_("N") },
    { "read-timeout", 0, 0, G_OPTION_ARG_DOUBLE, &options->read_timeout,
      N_("Reconnect when nothing arrives for SECONDS"), N_("SECONDS") },
    { "fatal-event", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->fatal_events,
      N_("Stop with exit status 1 on an event of this type (repeatable)"), N_("TYPE") },
    { "max-event-size", 0, 0, G_OPTION_ARG_CALLBACK, parse_max_event_size,
      N_("Largest line or event in bytes (default 16777216, 0 for no limit)"), N_("BYTES") },
    { "comments", 0, 0, G_OPTION_ARG_NONE, &options->comments,
      N_("Print each comment line as {\"comment\":\"…\"}, in order with the events"), NULL },
    { "retry-delay", 0, 0, G_OPTION_ARG_INT, &options->retry_delay,
      N_("Wait MS before reconnecting, until the server sends retry: (default 3000)"),
      N_("MS") },
    { "max-events", 0, 0, G_OPTION_ARG_CALLBACK, parse_max_events,
      N_("Stop after N events (exit status 0)"), N_("N") },
    { "expect", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->expects,
      N_("Check the stream: exit status 4 unless it holds (repeatable; see --help-expect)"),
      N_("SENTENCE") },
    { "until-end", 0, 0, G_OPTION_ARG_NONE, &options->until_end,
      N_("Read to the end even when every expectation is decided"), NULL },
    { "junit", 0, 0, G_OPTION_ARG_FILENAME, &options->junit,
      N_("Write the expectations’ results to FILE as a JUnit XML report"), N_("FILE") },
    { "var", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->vars,
      N_("Fill {{NAME}} in the URL, headers, body and expectations (repeatable); with it, "
         "{{env.NAME}} comes from the environment"), N_("NAME=VALUE") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, &arguments, NULL, N_("URL|-") },
    { NULL }
  };

  options->max_event_size = RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE;
  options->max_retries = -1;
  options->retry_delay = -1;
  options->reconnect_on_end = -1;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Reads a Server-Sent Events stream from URL, or a captured stream "
                                  "from standard input (-),\nand prints one JSON object per event."));
  description = g_strconcat (_("When the server refuses the stream, its body follows the "
                                "state line on stderr\n(the first 4 KiB, indented).\n\n"),
                              _("Exit status:\n"
                                      "  0    the stream ended normally (also at --max-time or "
                                      "--max-events)\n"
                                      "  1    a fatal stream error, said on stderr\n"
                                      "  2    bad usage\n"
                                      "  3    standard output was closed (… | head) or could not "
                                      "be written\n"
                                      "  4    an expectation (--expect) failed\n"
                                      "  130  interrupted by Ctrl+C, 143 by SIGTERM (after "
                                      "--summary)\n"
                                      "\n"
                                      "SIGUSR1 drops the connection and reconnects at once, with "
                                      "Last-Event-ID."), NULL);
  g_option_context_set_description (context, description);
  group = g_option_group_new (NULL, NULL, NULL, options, NULL);
  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_set_main_group (context, group);

  /* g_option_context_parse_strv () keeps argv as the caller gave it */
  args = g_new0 (char *, argc + 1);
  for (int i = 0; i < argc; i++)
    args[i] = g_strdup (argv[i]);
  if (!g_option_context_parse_strv (context, &args, error))
    return FALSE;

  if (arguments == NULL || arguments[0] == NULL)
    return usage_error (error, _("give a URL, or - to read a captured stream from standard input"));
  if (arguments[1] != NULL)
    return usage_error (error, _("give only one URL"));
  if (reconnect_on_end && no_reconnect_on_end)
    return usage_error (error, _("--reconnect-on-end and --no-reconnect-on-end contradict"));
  if (options->max_time < 0 || options->read_timeout < 0 || options->stall_threshold < 0)
    return usage_error (error, _("a time must not be negative"));
  if (options->retry_delay < -1)
    return usage_error (error, _("--retry-delay must not be negative"));
  if (options->max_retries < -1)
    return usage_error (error, _("--max-retries must not be negative"));
  if (!options->summary && (options->stall_threshold > 0 || options->heartbeat_types))
    return usage_error (error, _("--stall-threshold and --heartbeat-type go with --summary"));
  if (options->assemble != NULL)
    {
      g_autoptr(GError) local_error = NULL;

      /* with --summary, what counts as content; else the text to print */
      options->assembler = runnel_json_extractor_new_for_spec (options->assemble, &local_error);
      if (options->assembler == NULL)
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, "--assemble: %s",
                       local_error->message);
          return FALSE;
        }
    }
  if ((options->junit != NULL || options->until_end) && options->expects == NULL)
    return usage_error (error, _("--junit and --until-end need at least one --expect"));
  for (guint i = 0; options->vars != NULL && options->vars[i] != NULL; i++)
    {
      const char *equals = strchr (options->vars[i], '=');

      if (equals == NULL || equals == options->vars[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--var needs NAME=VALUE, not “%s”"), options->vars[i]);
          return FALSE;
        }
    }

  if (reconnect_on_end || no_reconnect_on_end)
    options->reconnect_on_end = reconnect_on_end;
  options->url = g_strdup (arguments[0]);

  return TRUE;
}

/* The output */

typedef struct
{
  char    *type;
  guint64  count;
} TypeCount;

struct _RunnelPrintSink
{
  GString   *out;           /* JSON lines not yet written */
  GPtrArray *types;         /* TypeCount, in order of first appearance */
  TypeCount *last_type;     /* the last event's: events come in runs of one type */
  guint64    events;
  guint64    messages;      /* events of type "message", not in types */
  guint64    bytes;
  guint64    max_events;
  gint64     start_time;
  gboolean   summary;
  gboolean   stopped;
  gboolean   write_failed;  /* stdout is gone: nothing more is written */

  /* --summary's timing */
  const RunnelPrintOptions *options;
  RunnelTiming             *timing;       /* NULL until set */
  RunnelJsonExtractor      *content;      /* --assemble, or NULL */
  gboolean                  feed_timing;

  /* Borrowed from the options */
  RunnelExpectations  *expectations;
  gboolean             until_end;
  const char          *junit;
  const char          *url;

  /* Owned */
  RunnelJsonAssembler *assembler;   /* --assemble without --summary */
  gsize                assembled;   /* bytes of its text already in out */
  gint64               start_real_time;
};

static void
type_count_free (gpointer data)
{
  TypeCount *tc = data;

  g_free (tc->type);
  g_free (tc);
}

RunnelPrintSink *
runnel_print_sink_new (const RunnelPrintOptions *options)
{
  RunnelPrintSink *sink = g_new0 (RunnelPrintSink, 1);

  sink->out = g_string_sized_new (2 * READ_SIZE);
  sink->types = g_ptr_array_new_with_free_func (type_count_free);
  sink->max_events = options->max_events;
  sink->summary = options->summary;
  sink->start_time = g_get_monotonic_time ();
  sink->options = options;
  if (options->assembler != NULL && options->summary)
    sink->content = g_object_ref (options->assembler);
  else if (options->assembler != NULL)
    sink->assembler = runnel_json_assembler_new (options->assembler);
  sink->start_real_time = g_get_real_time ();
  sink->expectations = options->expectations;
  sink->until_end = options->until_end;
  sink->junit = options->junit;
  sink->url = options->url;

  /* the run starts with the request (or the first byte of a capture) */
  if (sink->expectations != NULL)
    runnel_expectations_start (sink->expectations);

  return sink;
}

void
runnel_print_sink_free (RunnelPrintSink *sink)
{
  g_string_free (sink->out, TRUE);
  g_ptr_array_unref (sink->types);
  g_clear_object (&sink->timing);
  g_clear_object (&sink->content);
  g_clear_object (&sink->assembler);
  g_free (sink);
}

/* most types differ in their first byte: compare it before calling strcmp () */
static inline gboolean
type_equal (const char *a,
            const char *b)
{
  return a[0] == b[0] && strcmp (a, b) == 0;
}

static void
count_type (RunnelPrintSink *sink,
            const char      *type)
{
  TypeCount *tc = sink->last_type;

  /* most events are "message": one pointer comparison */
  if (type == runnel_sse_event_type_message ())
    {
      sink->messages++;
      return;
    }

  if (G_LIKELY (tc != NULL && type_equal (tc->type, type)))
    {
      tc->count++;
      return;
    }

  /* a stream has a handful of types: a linear search beats a hash table here */
  tc = NULL;
  for (guint i = 0; i < sink->types->len; i++)
    {
      TypeCount *other = g_ptr_array_index (sink->types, i);

      if (type_equal (other->type, type))
        {
          tc = other;
          break;
        }
    }

  if (tc == NULL)
    {
      tc = g_new0 (TypeCount, 1);
      tc->type = g_strdup (type);
      g_ptr_array_add (sink->types, tc);
    }

  tc->count++;
  sink->last_type = tc;
}

void
runnel_print_sink_event (RunnelSseEvent *event,
                         gpointer        user_data)
{
  RunnelPrintSink *sink = user_data;

  if (runnel_print_sink_is_done (sink))
    return;

  sink->events++;
  if (sink->feed_timing)
    runnel_timing_event (sink->timing, event);

  if (sink->expectations != NULL)
    runnel_expectations_add_event (sink->expectations, event);

  if (sink->summary)
    count_type (sink, runnel_sse_event_get_event_type (event));
  else if (sink->assembler != NULL)
    {
      /* the text as it grows, instead of the events */
      if (runnel_json_assembler_add_event (sink->assembler, event))
        {
          const char *text = runnel_json_assembler_get_text (sink->assembler);
          gsize length = strlen (text + sink->assembled) + sink->assembled;

          g_string_append_len (sink->out, text + sink->assembled, length - sink->assembled);
          sink->assembled = length;
        }
    }
  else
    {
      runnel_sse_event_append_json (event, sink->out);
      g_string_append_c (sink->out, '\n');
    }
}

gboolean
runnel_print_sink_is_done (RunnelPrintSink *sink)
{
  return sink->stopped || (sink->max_events != 0 && sink->events >= sink->max_events) ||
         (sink->expectations != NULL && !sink->until_end &&
          runnel_expectations_all_decided (sink->expectations));
}

void
runnel_print_sink_stop (RunnelPrintSink *sink)
{
  sink->stopped = TRUE;
}

void
runnel_print_sink_comment (RunnelPrintSink *sink,
                           const char      *text)
{
  if (sink->summary || runnel_print_sink_is_done (sink))
    return;

  g_string_append (sink->out, "{\"comment\":");
  runnel_json_append_string (sink->out, text, -1);
  g_string_append (sink->out, "}\n");
}

gboolean
runnel_print_sink_flush (RunnelPrintSink *sink)
{
  gboolean written = TRUE;

  if (sink->write_failed)
    return FALSE;

  /* SIGPIPE is ignored (GIO ignores it for its sockets): a closed pipe is EPIPE here */
  if (sink->out->len > 0)
    written = fwrite (sink->out->str, 1, sink->out->len, stdout) == sink->out->len;
  g_string_truncate (sink->out, 0);
  if (fflush (stdout) != 0 || !written)
    {
      int saved_errno = errno;

      sink->write_failed = TRUE;
      sink->stopped = TRUE;
      if (saved_errno != EPIPE)
        g_printerr ("runnel: cannot write to standard output: %s\n", g_strerror (saved_errno));
      return FALSE;
    }

  return TRUE;
}

void
runnel_print_sink_add_bytes (RunnelPrintSink *sink,
                             guint64          bytes)
{
  sink->bytes += bytes;
}

gboolean
runnel_print_sink_finish (RunnelPrintSink *sink)
{
  if (sink->summary)
    {
      char seconds[G_ASCII_DTOSTR_BUF_SIZE];

      g_string_append_printf (sink->out,
                              "{\"events\":%" G_GUINT64_FORMAT ",\"bytes\":%" G_GUINT64_FORMAT
                              ",\"types\":{",
                              sink->events, sink->bytes);
      if (sink->messages > 0)
        g_string_append_printf (sink->out, "\"message\":%" G_GUINT64_FORMAT, sink->messages);
      for (guint i = 0; i < sink->types->len; i++)
        {
          TypeCount *tc = g_ptr_array_index (sink->types, i);

          if (i > 0 || sink->messages > 0)
            g_string_append_c (sink->out, ',');
          runnel_json_append_string (sink->out, tc->type, -1);
          g_string_append_printf (sink->out, ":%" G_GUINT64_FORMAT, tc->count);
        }
      g_ascii_formatd (seconds, sizeof seconds, "%.6f",
                       (g_get_monotonic_time () - sink->start_time) / (double) G_USEC_PER_SEC);
      g_string_append_printf (sink->out, "},\"seconds\":%s", seconds);
      if (sink->timing != NULL)
        {
          g_string_append (sink->out, ",\"timing\":");
          runnel_timing_append_json (sink->timing, sink->out);
        }
      g_string_append (sink->out, "}\n");
    }

  /* a terminal's prompt on a line of its own after the assembled text */
  if (sink->assembled > 0 && isatty (STDOUT_FILENO) &&
      runnel_json_assembler_get_text (sink->assembler)[sink->assembled - 1] != '\n')
    g_string_append_c (sink->out, '\n');

  return runnel_print_sink_flush (sink);
}

void
runnel_print_sink_set_timing (RunnelPrintSink *sink,
                              RunnelTiming    *timing,
                              gboolean         feed)
{
  g_set_object (&sink->timing, timing);
  sink->feed_timing = feed && timing != NULL;
  if (timing == NULL)
    return;

  runnel_timing_set_content_extractor (timing, sink->content);
  runnel_timing_set_heartbeat_types (timing,
                                     (const char * const *) sink->options->heartbeat_types);
  if (sink->options->stall_threshold > 0)
    runnel_timing_set_stall_threshold (timing, MAX ((gint64) (sink->options->stall_threshold *
                                                              G_USEC_PER_SEC), 1));
}

int
runnel_print_sink_report (RunnelPrintSink *sink,
                          int              status,
                          const char      *error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *results = NULL;
  RunnelJunitSuite suite = { 0 };

  if (sink->expectations == NULL)
    return status;

  runnel_expectations_finish (sink->expectations);
  results = runnel_cli_format_results (sink->expectations, "");
  g_printerr ("%s", results);

  if (sink->junit != NULL)
    {
      suite.name = sink->url;
      suite.expectations = sink->expectations;
      suite.start = sink->start_real_time;
      suite.seconds = (g_get_monotonic_time () - sink->start_time) / (double) G_USEC_PER_SEC;
      suite.error = error;
      if (!runnel_cli_write_junit (sink->junit, &suite, 1, &local_error))
        {
          g_printerr ("runnel: --junit: %s\n", local_error->message);
          return RUNNEL_EXIT_FAILED;
        }
    }

  /* a closed stdout or a signal ended the run: that is what the status says */
  if (status == RUNNEL_EXIT_WRITE || status == RUNNEL_EXIT_SIGINT ||
      status == RUNNEL_EXIT_SIGTERM)
    return status;

  return runnel_expectations_count (sink->expectations, RUNNEL_EXPECTATION_FAILED) > 0 ?
         RUNNEL_EXIT_EXPECTATION : RUNNEL_EXIT_OK;
}

/* Standard input */

typedef struct
{
  const RunnelPrintOptions  *options;
  RunnelSseParser           *parser;
  RunnelPrintSink           *sink;
  gint64                     deadline;  /* --max-time, monotonic µs; 0 when none */
  GError                    *error;     /* the first size-limit error: fatal for --print */
  char                      *fatal;     /* why a --fatal-event type stopped the stream */
  int                        status;
  RunnelTiming              *timing;    /* --summary: when the bytes and events came */
} Input;

/* prints the event, then stops on a --fatal-event type, as the client does for a URL */
static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Input *input = user_data;
  const char *type = runnel_sse_event_get_event_type (event);
  const char *data;

  if (runnel_print_sink_is_done (input->sink))
    return;

  runnel_print_sink_event (event, input->sink);

  if (!g_strv_contains ((const char * const *) input->options->fatal_events, type))
    return;

  data = runnel_sse_event_get_data (event, NULL);
  input->fatal = g_strdup_printf ("the stream sent a fatal “%s” event: %s",
                                  type, *data != '\0' ? data : "(no data)");
  runnel_print_sink_stop (input->sink);
}

static void
on_parser_error (RunnelSseParser *parser,
                 const GError    *error,
                 Input           *input)
{
  if (input->error == NULL)
    input->error = g_error_copy (error);
  runnel_print_sink_stop (input->sink);
}

static void
on_parser_retry (RunnelSseParser *parser,
                 guint64          ms,
                 Input           *input)
{
  g_printerr ("runnel: the stream asks to reconnect after %" G_GUINT64_FORMAT " ms\n", ms);
}

/* one chunk of input, perhaps scanned ahead (@scan, else NULL); FALSE when reading must stop
 * (--max-events, or a failure: see status) */
static gboolean
feed_input (Input               *input,
            const guint8        *data,
            gsize                len,
            const RunnelSseScan *scan)
{
  if (input->timing != NULL)
    runnel_timing_bytes (input->timing, len);
  if (scan != NULL)
    runnel_sse_parser_feed_scanned (input->parser, scan);
  else
    runnel_sse_parser_feed (input->parser, data, len);
  runnel_print_sink_add_bytes (input->sink, len);

  if (input->error != NULL)
    {
      /* what came before the oversized event is printed, then the reason */
      runnel_print_sink_flush (input->sink);
      g_autofree char *message = runnel_utf8_printable (input->error->message, -1);

      g_printerr ("runnel: %s. Raise it with --max-event-size BYTES (0 for no limit).\n",
                  message);
      g_clear_error (&input->error);
      input->status = RUNNEL_EXIT_FAILED;
      return FALSE;
    }

  if (input->fatal != NULL)
    {
      runnel_print_sink_flush (input->sink);
      g_autofree char *fatal = runnel_utf8_printable (input->fatal, -1);

      g_printerr ("runnel: failed: %s\n", fatal);
      g_clear_pointer (&input->fatal, g_free);
      input->status = RUNNEL_EXIT_FAILED;
      return FALSE;
    }

  /* the events of each chunk go out at once, while a pipe may still be open */
  if (!input->options->summary && !runnel_print_sink_flush (input->sink))
    {
      input->status = RUNNEL_EXIT_WRITE;
      return FALSE;
    }

  return !runnel_print_sink_is_done (input->sink);
}

static gboolean
deadline_passed (Input *input)
{
  return input->deadline != 0 && g_get_monotonic_time () >= input->deadline;
}

/* FALSE when @deadline (monotonic µs) passes before @fd has something to read */
static gboolean
wait_readable (int    fd,
               gint64 deadline)
{
  for (;;)
    {
      GPollFD poll_fd = { fd, G_IO_IN | G_IO_HUP | G_IO_ERR, 0 };
      gint64 remaining = deadline - g_get_monotonic_time ();
      int ready;

      if (remaining <= 0)
        return FALSE;

      ready = g_poll (&poll_fd, 1, (int) MIN ((remaining + 999) / 1000, G_MAXINT));
      if (ready > 0)
        return TRUE;
      if (ready < 0 && errno != EINTR)
        return TRUE;  /* let read () report it */
    }
}

/* a pipe, a terminal or a small file: read () returns what is there as soon as it is there */
static void
read_input (Input *input)
{
  g_autofree guint8 *buffer = g_malloc (READ_SIZE);

  for (;;)
    {
      gssize n;

      /* --max-time: the end of a pipe that goes quiet is a normal end too */
      if (input->deadline != 0 && !wait_readable (STDIN_FILENO, input->deadline))
        return;

      n = read (STDIN_FILENO, buffer, READ_SIZE);
      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved_errno = errno;

          g_printerr ("runnel: cannot read standard input: %s\n", g_strerror (saved_errno));
          input->status = RUNNEL_EXIT_FAILED;
          return;
        }
      if (n == 0 || !feed_input (input, buffer, n, NULL))
        return;
    }
}

/*
 * A large regular file is read by a second thread, a few chunks ahead of the parser: the
 * kernel's copy of the next chunk and the scan for its line ends and UTF-8 errors
 * (runnel_sse_scan_chunk ()) run on another core while this one parses the last, and the
 * chunks are small enough to stay in the cache between the two (docs/PERFORMANCE.md).
 * A file that shrinks while it is read ends the run with a message and status 1.
 */
#define AHEAD_MIN_SIZE (1024 * 1024)
#define AHEAD_CHUNK    (256 * 1024)
#define AHEAD_CHUNKS   4

typedef struct
{
  guint8        *data;
  gssize         len;     /* bytes read; 0 at the end of the file; -1 for an error */
  int            error;   /* errno of the error */
  gboolean       shrank;  /* the end came before the size the file had at the start */
  RunnelSseScan *scan;    /* of the bytes read */
} Chunk;

typedef struct
{
  int          fd;
  off_t        offset;  /* where the thread reads next */
  off_t        size;    /* the file's size at the start */
  GAsyncQueue *empty;   /* Chunks to fill */
  GAsyncQueue *full;    /* Chunks filled, in the file's order */
  gint         stop;    /* atomic: the parser wants no more */
} ReadAhead;

static gpointer
read_ahead_thread (gpointer user_data)
{
  ReadAhead *ahead = user_data;

  for (;;)
    {
      Chunk *chunk = g_async_queue_pop (ahead->empty);
      gssize n;

      if (g_atomic_int_get (&ahead->stop))
        return NULL;

      do
        n = pread (ahead->fd, chunk->data, AHEAD_CHUNK, ahead->offset);
      while (n < 0 && errno == EINTR);

      chunk->len = n;
      chunk->error = n < 0 ? errno : 0;
      chunk->shrank = n == 0 && ahead->offset < ahead->size;
      if (n > 0)
        {
          ahead->offset += n;
          runnel_sse_scan_chunk (chunk->scan, chunk->data, n);
        }
      g_async_queue_push (ahead->full, chunk);

      if (n <= 0)
        return NULL;
    }
}

/* FALSE when standard input is no large regular file, or no thread could start: nothing read */
static gboolean
read_ahead_input (Input *input)
{
  g_autofree guint8 *buffers = NULL;
  Chunk chunks[AHEAD_CHUNKS];
  ReadAhead ahead = { STDIN_FILENO, 0, 0, NULL, NULL, 0 };
  off_t consumed;
  struct stat st;
  GThread *thread;

  ahead.offset = lseek (STDIN_FILENO, 0, SEEK_CUR);
  if (ahead.offset < 0 || fstat (STDIN_FILENO, &st) != 0 || !S_ISREG (st.st_mode) ||
      st.st_size - ahead.offset < AHEAD_MIN_SIZE)
    return FALSE;

  ahead.size = st.st_size;
  ahead.empty = g_async_queue_new ();
  ahead.full = g_async_queue_new ();
  buffers = g_malloc (AHEAD_CHUNKS * AHEAD_CHUNK);
  for (guint i = 0; i < AHEAD_CHUNKS; i++)
    {
      chunks[i] = (Chunk) { buffers + i * AHEAD_CHUNK, 0, 0, FALSE, runnel_sse_scan_new () };
      g_async_queue_push (ahead.empty, &chunks[i]);
    }
  consumed = ahead.offset;

  thread = g_thread_try_new ("runnel-read", read_ahead_thread, &ahead, NULL);

  while (thread != NULL)
    {
      Chunk *chunk = g_async_queue_pop (ahead.full);
      gboolean go_on;

      if (chunk->len < 0)
        {
          g_printerr ("runnel: cannot read standard input: %s\n", g_strerror (chunk->error));
          input->status = RUNNEL_EXIT_FAILED;
          break;
        }
      if (chunk->shrank)
        {
          g_printerr ("runnel: the input file shrank while it was being read\n");
          input->status = RUNNEL_EXIT_FAILED;
          break;
        }
      if (chunk->len == 0)
        break;

      consumed += chunk->len;
      go_on = !deadline_passed (input) &&
              feed_input (input, chunk->data, chunk->len, chunk->scan);
      g_async_queue_push (ahead.empty, chunk);
      if (!go_on)
        break;
    }

  if (thread != NULL)
    {
      /* wake the thread if it waits for a chunk to fill: it sees stop and ends */
      g_atomic_int_set (&ahead.stop, 1);
      g_async_queue_push (ahead.empty, &chunks[0]);
      g_thread_join (thread);
    }
  g_async_queue_unref (ahead.empty);
  g_async_queue_unref (ahead.full);
  for (guint i = 0; i < AHEAD_CHUNKS; i++)
    runnel_sse_scan_free (chunks[i].scan);
  if (thread == NULL)
    return FALSE;

  /* what follows the events read is left to whoever reads standard input next */
  lseek (STDIN_FILENO, consumed, SEEK_SET);

  return TRUE;
}

/* a comment counts as a heartbeat for --summary's timing */
static void
count_heartbeat (const char *text,
                 gpointer    user_data)
{
  runnel_timing_comment (user_data);
}

static int
print_stdin (RunnelPrintOptions *options)
{
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  g_autoptr(RunnelPrintSink) sink = runnel_print_sink_new (options);
  g_autoptr(RunnelTiming) timing = options->summary ? runnel_timing_new () : NULL;
  Input input = { options, parser, sink, 0, NULL, NULL, RUNNEL_EXIT_OK, timing };

  if (options->max_time > 0)
    input.deadline = g_get_monotonic_time () + (gint64) (options->max_time * G_USEC_PER_SEC);

  runnel_sse_parser_set_max_event_size (parser, options->max_event_size);
  if (options->last_event_id != NULL)
    runnel_sse_parser_set_last_event_id (parser, options->last_event_id);
  /* the sink itself is the event func unless --fatal-event needs a look at each event */
  if (options->fatal_events != NULL)
    runnel_sse_parser_set_event_func (parser, on_event, &input, NULL);
  else
    runnel_sse_parser_set_event_func (parser, runnel_print_sink_event, sink, NULL);
  g_signal_connect (parser, "error", G_CALLBACK (on_parser_error), &input);
  g_signal_connect (parser, "retry", G_CALLBACK (on_parser_retry), &input);
  if (options->comments)
    g_signal_connect_swapped (parser, "comment", G_CALLBACK (runnel_print_sink_comment), sink);
  if (timing != NULL)
    {
      runnel_print_sink_set_timing (sink, timing, TRUE);
      runnel_sse_parser_set_comment_func (parser, count_heartbeat, timing);
      runnel_timing_connection_started (timing);
    }

  if (!read_ahead_input (&input))
    read_input (&input);

  if (input.status == RUNNEL_EXIT_OK)
    runnel_sse_parser_finish (parser);
  if (timing != NULL)
    runnel_timing_connection_ended (timing);
  /* a capture read to its end is a stream the server ended */
  if (options->expectations != NULL && input.status == RUNNEL_EXIT_OK &&
      !runnel_print_sink_is_done (sink) && !deadline_passed (&input))
    runnel_expectations_server_ended (options->expectations);
  /* the summary counts what was read, also when the capture failed, as for a URL */
  if (!runnel_print_sink_finish (sink) && input.status == RUNNEL_EXIT_OK)
    input.status = RUNNEL_EXIT_WRITE;

  return runnel_print_sink_report (sink, input.status, NULL);
}

/* --var: {{NAME}} and {{env.NAME}} filled as runnel --test fills them (not in a file that a
 * data option reads: its contents are the user's own) */
static gboolean
expand_in_place (char               **text,
                 const char * const  *vars,
                 GError             **error)
{
  char *expanded;

  if (*text == NULL)
    return TRUE;

  expanded = runnel_collection_expand (*text, vars, error);
  if (expanded == NULL)
    return FALSE;
  g_free (*text);
  *text = expanded;

  return TRUE;
}

static gboolean
expand_variables (RunnelPrintOptions  *options,
                  GError             **error)
{
  const char * const *vars = (const char * const *) options->vars;

  if (g_strcmp0 (options->url, "-") != 0 && !expand_in_place (&options->url, vars, error))
    return FALSE;
  for (guint i = 0; options->headers != NULL && options->headers[i] != NULL; i++)
    if (!expand_in_place (&options->headers[i], vars, error))
      return FALSE;
  for (guint i = 0; options->data != NULL && i < options->data->len; i++)
    {
      RunnelPrintData *piece = g_ptr_array_index (options->data, i);

      /* a file's contents are the user's own (and --data-urlencode name@FILE is one too) */
      if (piece->kind != RUNNEL_CURL_DATA_RAW && strchr (piece->arg, '@') != NULL &&
          (piece->arg[0] == '@' || piece->kind == RUNNEL_CURL_DATA_URLENCODE))
        continue;
      if (!expand_in_place (&piece->arg, vars, error))
        return FALSE;
    }
  for (guint i = 0; options->expects != NULL && options->expects[i] != NULL; i++)
    if (!expand_in_place (&options->expects[i], vars, error))
      return FALSE;

  return TRUE;
}

int
runnel_print_main (int    argc,
                   char **argv)
{
  g_auto(RunnelPrintOptions) options = { 0 };
  g_autoptr(GError) error = NULL;

  /* a closed stdout is a failed write (EPIPE) that ends the run with its own status */
  signal (SIGPIPE, SIG_IGN);

  if (!parse_options (&options, argc, argv, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      g_printerr ("Try “runnel --print --help” for the options.\n");
      return RUNNEL_EXIT_USAGE;
    }

  if (options.vars != NULL && !expand_variables (&options, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return RUNNEL_EXIT_USAGE;
    }

  if (options.expects != NULL)
    {
      gboolean ok;

      options.expectations = runnel_cli_expectations_new ((const char * const *) options.expects,
                                                          "--expect", &ok);
      if (!ok)
        {
          g_printerr ("Try “runnel --help-expect” for the expectations.\n");
          return RUNNEL_EXIT_USAGE;
        }
    }

  if (g_strcmp0 (options.url, "-") == 0)
    return print_stdin (&options);

  return runnel_print_url (&options);
}
