/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-serve-command.c: runnel --serve FILE…: captures replayed as live streams */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "runnel-cli.h"
#include "runnel-demo-replay.h"
#include "runnel-demo-server.h"
#include "runnel-export.h"
#include "runnel-har.h"
#include "runnel-sse-parser.h"

/* a capture is read whole: refuse what would not fit in memory comfortably */
#define MAX_CAPTURE_SIZE (512 * 1024 * 1024)

typedef struct
{
  char              *name;      /* the path without its "/" */
  RunnelDemoCapture *capture;
} Served;

static void
served_free (gpointer data)
{
  Served *served = data;

  g_free (served->name);
  runnel_demo_capture_unref (served->capture);
  g_free (served);
}

/* "captures/my stream.ndjson" → "my-stream": what may stand in a URL path as it is */
static char *
name_from_path (const char *path)
{
  g_autofree char *base = g_path_get_basename (path);
  char *dot = strrchr (base, '.');

  if (dot != NULL && dot != base)
    *dot = '\0';
  for (char *p = base; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '-' && *p != '_' && *p != '.')
        *p = '-';
    }

  return g_strdup (base[0] != '\0' && strcmp (base, ".") != 0 ? base : "capture");
}

/* Events whose times are all the same carry no timing (NDJSON without "time" members) */
static gboolean
events_are_timed (GPtrArray *events)
{
  for (guint i = 1; i < events->len; i++)
    {
      if (runnel_sse_event_get_real_time (events->pdata[i]) !=
          runnel_sse_event_get_real_time (events->pdata[0]))
        return TRUE;
    }

  return FALSE;
}

static RunnelDemoCapture *
capture_from_events (const char  *title,
                     GPtrArray   *events,
                     gboolean     timed,
                     GArray      *retries,
                     GError     **error)
{
  g_autoptr(RunnelDemoCapture) capture = runnel_demo_capture_new (title);

  for (guint i = 0; i < events->len; i++)
    {
      RunnelSseEvent *event = events->pdata[i];
      const char *type = runnel_sse_event_get_event_type (event);
      const char *id = runnel_sse_event_get_id (event);
      const char *data;
      gsize len = 0;

      if (strpbrk (type, "\r\n") != NULL || strpbrk (id, "\r\n") != NULL)
        {
          g_set_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_NOT_REPRESENTABLE,
                       _("Event %u: its %s contains a line break, which an event stream "
                         "cannot carry"), i + 1, strpbrk (type, "\r\n") ? "type" : "id");
          return NULL;
        }

      data = runnel_sse_event_get_data (event, &len);
      runnel_demo_capture_add_event (capture, type, data, len, id,
                                     timed ? runnel_sse_event_get_real_time (event) : -1,
                                     retries != NULL ? g_array_index (retries, gint64, i) : -1);
    }

  return g_steal_pointer (&capture);
}

/* text/event-stream, with each retry: kept before the event it came before */
typedef struct
{
  GPtrArray *events;
  GArray    *retries;
  gint64     retry;
  GError    *error;
} StreamRead;

static void
stream_event_cb (RunnelSseEvent *event,
                 gpointer        user_data)
{
  StreamRead *read = user_data;

  g_ptr_array_add (read->events, runnel_sse_event_ref (event));
  g_array_append_val (read->retries, read->retry);
  read->retry = -1;
}

static void
stream_retry_cb (RunnelSseParser *parser,
                 guint64          milliseconds,
                 StreamRead      *read)
{
  read->retry = (gint64) MIN (milliseconds, (guint64) G_MAXINT64);
}

static void
stream_error_cb (RunnelSseParser *parser,
                 const GError    *error,
                 StreamRead      *read)
{
  if (read->error == NULL)
    read->error = g_error_new (RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_TOO_LARGE,
                               _("After event %u: %s"), read->events->len, error->message);
}

static RunnelDemoCapture *
read_event_stream (const char  *title,
                   const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func (
                                  (GDestroyNotify) runnel_sse_event_unref);
  g_autoptr(GArray) retries = g_array_new (FALSE, FALSE, sizeof (gint64));
  StreamRead read = { events, retries, -1, NULL };

  runnel_sse_parser_set_event_func (parser, stream_event_cb, &read, NULL);
  g_signal_connect (parser, "retry", G_CALLBACK (stream_retry_cb), &read);
  g_signal_connect (parser, "error", G_CALLBACK (stream_error_cb), &read);
  runnel_sse_parser_feed (parser, (const guint8 *) data, len);
  runnel_sse_parser_finish (parser);

  if (read.error != NULL)
    {
      g_propagate_error (error, read.error);
      return NULL;
    }

  return capture_from_events (title, events, FALSE, retries, error);
}

static gboolean
has_suffix (const char *path,
            const char *suffix)
{
  gsize n = strlen (path);
  gsize m = strlen (suffix);

  return n >= m && g_ascii_strcasecmp (path + n - m, suffix) == 0;
}

/* Reads @path into one capture per stream (a HAR may hold several), or fails naming the file */
static gboolean
read_capture_file (const char  *path,
                   GPtrArray   *served,
                   GError     **error)
{
  g_autoptr(GMappedFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *name = name_from_path (path);
  const char *data;
  gsize len;

  file = g_mapped_file_new (path, FALSE, &local_error);
  if (file == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }

  data = g_mapped_file_get_contents (file);
  len = g_mapped_file_get_length (file);
  if (data == NULL)
    data = "";

  if (len > MAX_CAPTURE_SIZE)
    {
      g_set_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_TOO_LARGE,
                   _("%s: larger than %u MiB, which --serve reads at most"),
                   path, MAX_CAPTURE_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (has_suffix (path, ".har") || runnel_har_sniff (data, len))
    {
      g_autoptr(GPtrArray) streams = runnel_har_import (data, len, &local_error);

      if (streams == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
          return FALSE;
        }

      for (guint i = 0; i < streams->len; i++)
        {
          RunnelHarStream *stream = streams->pdata[i];
          Served *s = g_new0 (Served, 1);
          g_autofree char *title = g_strdup_printf ("%s, entry %u: %s %s", path, stream->entry,
                                                    runnel_request_get_method (stream->request),
                                                    runnel_request_get_url (stream->request));

          s->name = streams->len == 1 ? g_strdup (name)
                                      : g_strdup_printf ("%s-%u", name, stream->entry);
          s->capture = capture_from_events (title, stream->events, stream->timed, NULL,
                                            &local_error);
          g_ptr_array_add (served, s);
          if (s->capture == NULL)
            {
              g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                          "%s: entry %u: ", path, stream->entry);
              return FALSE;
            }
        }

      return TRUE;
    }
  else
    {
      RunnelExportFormat format = runnel_import_guess_format (data, len);
      g_autoptr(RunnelDemoCapture) capture = NULL;

      if (has_suffix (path, ".sse"))
        format = RUNNEL_EXPORT_FORMAT_EVENT_STREAM;
      else if (has_suffix (path, ".ndjson") || has_suffix (path, ".jsonl"))
        format = RUNNEL_EXPORT_FORMAT_NDJSON;

      if (format == RUNNEL_EXPORT_FORMAT_EVENT_STREAM)
        {
          capture = read_event_stream (path, data, len, &local_error);
        }
      else
        {
          g_autoptr(GPtrArray) events = runnel_import_events (data, len, format, &local_error);

          if (events != NULL)
            capture = capture_from_events (path, events, events_are_timed (events), NULL,
                                           &local_error);
        }

      if (capture == NULL)
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error), "%s: ", path);
          return FALSE;
        }

      Served *s = g_new0 (Served, 1);
      s->name = g_steal_pointer (&name);
      s->capture = g_steal_pointer (&capture);
      g_ptr_array_add (served, s);
      return TRUE;
    }
}

/* --fail STATUS[:COUNT] */
static gboolean
parse_fail (const char               *text,
            RunnelDemoReplayOptions  *options)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 2);
  guint64 status;
  guint64 count = 1;

  if (!g_ascii_string_to_unsigned (parts[0], 10, 200, 599, &status, NULL) ||
      (status != 204 && status < 400) ||
      (parts[1] != NULL && !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXUINT, &count,
                                                        NULL)))
    return FALSE;

  options->fail_status = (guint) status;
  options->fail_count = (guint) count;
  return TRUE;
}

int
runnel_serve_main (int    argc,
                   char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RunnelDemoServer) server = NULL;
  g_autoptr(GPtrArray) served = g_ptr_array_new_with_free_func (served_free);
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = NULL;
  g_autofree char *fail = NULL;
  g_auto(GStrv) files = NULL;
  RunnelDemoReplayOptions options;
  gboolean serve = FALSE;
  double speed = 1.0;
  gint64 drop_after = -1;
  gint interval = RUNNEL_DEMO_REPLAY_DEFAULT_INTERVAL;
  gint port = -1;
  const GOptionEntry entries[] = {
    { "serve", 0, 0, G_OPTION_ARG_NONE, &serve,
      N_("Replay captures as live event streams"), NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on (default: 8080 or the next free one; 0: any)"), N_("N") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind,
      N_("Address to listen on (default: 127.0.0.1)"), N_("ADDR") },
    { "speed", 0, 0, G_OPTION_ARG_DOUBLE, &speed,
      N_("Replay X times as fast as recorded (default: 1)"), N_("X") },
    { "interval", 0, 0, G_OPTION_ARG_INT, &interval,
      N_("Milliseconds between events of a capture without times, such as .sse (default: "
         "1000)"), N_("MS") },
    { "loop", 0, 0, G_OPTION_ARG_NONE, &options.loop,
      N_("Start over after the last event"), NULL },
    { "drop-after", 0, 0, G_OPTION_ARG_INT64, &drop_after,
      N_("Cut each connection in the middle of its event N+1"), N_("N") },
    { "fail", 0, 0, G_OPTION_ARG_STRING, &fail,
      N_("Answer the first COUNT requests (default 1) with this HTTP status, with Retry-After "
         "for 429 and 503"), N_("STATUS[:COUNT]") },
    { "gzip", 0, 0, G_OPTION_ARG_NONE, &options.gzip,
      N_("Send the streams gzip-compressed, flushed after every event"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &files, NULL, N_("FILE…") },
    { NULL }
  };

  runnel_demo_replay_options_init (&options);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Serve each capture (.ndjson and .json as Runnel exports them, "
                                  ".sse, .har) as a text/event-stream with its recorded timing: "
                                  "at / for one capture, at /NAME for several (listed at /). The "
                                  "first line of output is the URL. A request with Last-Event-ID "
                                  "resumes after that id."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return RUNNEL_EXIT_USAGE;
    }

  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("runnel: --serve needs at least one capture file\n");
      return RUNNEL_EXIT_USAGE;
    }
  if (!(speed > 0) || !isfinite (speed))
    {
      g_printerr ("runnel: --speed must be a number above 0\n");
      return RUNNEL_EXIT_USAGE;
    }
  if (interval < 1 || interval > 3600000)
    {
      g_printerr ("runnel: --interval must be from 1 to 3600000 milliseconds\n");
      return RUNNEL_EXIT_USAGE;
    }
  if (drop_after < -1)
    {
      g_printerr ("runnel: --drop-after must be 0 or more\n");
      return RUNNEL_EXIT_USAGE;
    }
  if (fail != NULL && !parse_fail (fail, &options))
    {
      g_printerr ("runnel: --fail needs STATUS[:COUNT]: a status 204 or from 400 to 599, and a "
                  "count of 1 or more, not “%s”\n", fail);
      return RUNNEL_EXIT_USAGE;
    }

  options.speed = speed;
  options.interval_ms = (guint) interval;
  options.drop_after = drop_after;

  for (guint i = 0; files[i] != NULL; i++)
    {
      if (!read_capture_file (files[i], served, &error))
        {
          g_printerr ("runnel: %s\n", error->message);
          return RUNNEL_EXIT_FAILED;
        }
    }

  server = runnel_demo_server_new ();
  runnel_demo_server_set_captures_only (server, TRUE);
  for (guint i = 0; i < served->len; i++)
    {
      Served *s = served->pdata[i];
      g_autofree char *path = NULL;

      /* two files of the same name: the second is NAME-2, and so on */
      for (guint n = 1; path == NULL || g_hash_table_contains (names, path); n++)
        {
          g_free (path);
          path = served->len == 1 ? g_strdup ("/")
                 : n == 1 ? g_strconcat ("/", s->name, NULL)
                 : g_strdup_printf ("/%s-%u", s->name, n);
        }

      runnel_demo_server_add_capture (server, path, s->capture, &options);
      g_printerr ("runnel: serving %s (%u events) at %s\n",
                  runnel_demo_capture_get_title (s->capture),
                  runnel_demo_capture_get_n_events (s->capture), path);
      g_hash_table_add (names, g_steal_pointer (&path));
    }

  return runnel_demo_server_run (server, bind, port);
}
