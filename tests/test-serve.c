/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-serve.c: runnel --serve on loopback, read by runnel --print and by libsoup */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "runnel-test-util.h"

#define DEADLINE_SECONDS 30

/* Captures written for each test into a temporary directory */

static char *tmp_dir;

static char *
write_capture (const char *name,
               const char *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (tmp_dir, name, NULL);

  g_file_set_contents (path, contents, -1, &error);
  g_assert_no_error (error);
  return path;
}

/* 4 events, 1 s apart as recorded */
static const char timed_ndjson[] =
  "{\"type\":\"message\",\"data\":\"e1\",\"id\":\"1\",\"seq\":1,\"time\":\"2026-11-25T19:33:35.000Z\"}\n"
  "{\"type\":\"tick\",\"data\":\"e2\",\"id\":\"2\",\"seq\":2,\"time\":\"2026-11-25T19:33:36.000Z\"}\n"
  "{\"type\":\"message\",\"data\":\"e3\\nsecond line\",\"id\":\"3\",\"seq\":3,"
  "\"time\":\"2026-11-25T19:33:37.000Z\"}\n"
  "{\"type\":\"message\",\"data\":\"e4\",\"id\":\"4\",\"seq\":4,\"time\":\"2026-11-25T19:33:38.000Z\"}\n";

/* no times; retry: 50 for quick reconnections */
static const char untimed_sse[] =
  "retry: 50\n"
  "id: a\ndata: first\n\n"
  "event: named\nid: b\ndata: second\n\n"
  ": a comment\n"
  "id: c\ndata: third\n\n";

/* The server process */

typedef struct
{
  GSubprocess *process;
  char        *url;
  char        *err;
} Server;

typedef struct
{
  char     *line;
  gboolean  done;
} Wait;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, NULL);
  wait->done = TRUE;
}

static gboolean
is_done (gpointer user_data)
{
  return ((Wait *) user_data)->done;
}

static GPtrArray *
runnel_argv (const char * const *args)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (gpointer) g_getenv ("RUNNEL_BINARY"));
  g_assert_nonnull (argv->pdata[0]);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  return argv;
}

/* starts runnel --serve --port 0 @args and waits for the URL on its first line */
static void
server_start (Server             *server,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = NULL;
  g_autoptr(GPtrArray) all = g_ptr_array_new ();
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  Wait wait = { 0 };

  g_ptr_array_add (all, (gpointer) "--serve");
  g_ptr_array_add (all, (gpointer) "--port");
  g_ptr_array_add (all, (gpointer) "0");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (all, (gpointer) args[i]);
  g_ptr_array_add (all, NULL);
  argv = runnel_argv ((const char * const *) all->pdata);

  server->process = g_subprocess_newv ((const char * const *) argv->pdata,
                                       G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                       G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->process));
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line_read, &wait);
  g_assert_true (runnel_test_iterate_until (is_done, &wait, DEADLINE_SECONDS * 1000));

  g_assert_nonnull (wait.line);
  g_assert_true (g_str_has_prefix (wait.line, "http://127.0.0.1:"));
  server->url = wait.line;
}

static void
server_stop (Server *server)
{
  g_autoptr(GError) error = NULL;

  if (server->process == NULL)
    return;

  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->process));
  g_assert_cmpint (g_subprocess_get_exit_status (server->process), ==, 0);
  g_clear_object (&server->process);
  g_clear_pointer (&server->url, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Server, server_stop)

/* One runnel --print, or any runnel run to its end */

typedef struct
{
  int         status;
  char       *err;
  GPtrArray  *events;   /* JsonObject */
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->events, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static void
run_runnel (Run                *run,
            const char * const *args)
{
  g_autoptr(GPtrArray) argv = runnel_argv (args);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;

  process = g_subprocess_newv ((const char * const *) argv->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &out, &run->err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  run->status = g_subprocess_get_exit_status (process);

  run->events = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();

      if (lines[i][0] == '\0')
        continue;
      json_parser_load_from_data (parser, lines[i], -1, &error);
      g_assert_no_error (error);
      g_ptr_array_add (run->events, json_object_ref (json_node_get_object (
                                                       json_parser_get_root (parser))));
    }
}

/* runnel --print -m 20 @extra… @url */
static void
print_url (Run        *run,
           const char *url,
           ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) "--print");
  g_ptr_array_add (args, (gpointer) "-m");
  g_ptr_array_add (args, (gpointer) "20");
  va_start (ap, url);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, (gpointer) url);
  g_ptr_array_add (args, NULL);

  run_runnel (run, (const char * const *) args->pdata);
}

static void
assert_event (Run        *run,
              guint       position,
              const char *type,
              const char *data,
              const char *id)
{
  JsonObject *event;

  g_assert_cmpuint (position, <, run->events->len);
  event = run->events->pdata[position];
  g_assert_cmpstr (json_object_get_string_member (event, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (event, "data"), ==, data);
  g_assert_cmpstr (json_object_get_string_member (event, "id"), ==, id);
}

static gint64
event_time (Run   *run,
            guint  position)
{
  JsonObject *event = run->events->pdata[position];
  g_autoptr(GDateTime) time = g_date_time_new_from_iso8601 (
                                json_object_get_string_member (event, "time"), NULL);

  g_assert_nonnull (time);
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/* Tests */

/* order, types, ids, multi-line data, and the capture's retry: which the client then uses */
static void
test_order (void)
{
  g_autofree char *path = write_capture ("order.sse", untimed_sse);
  g_auto(Server) server = { 0 };
  g_auto(Run) run = { 0 };

  server_start (&server, (const char * const []) { "--interval", "20", path, NULL });
  print_url (&run, server.url, NULL);

  /* the stream ends, the client reconnects after "retry: 50" with Last-Event-ID c, and the
   * server, with nothing after c, answers 204: the client stops */
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (run.events->len, ==, 3);
  assert_event (&run, 0, "message", "first", "a");
  assert_event (&run, 1, "named", "second", "b");
  assert_event (&run, 2, "message", "third", "c");
  g_assert_nonnull (strstr (run.err, "waiting 50 ms to retry"));
  g_assert_nonnull (strstr (run.err, "204"));
}

/*
 * The recorded gaps of 1 s, at --speed 10: 100 ms. The server keeps to the capture's clock (a
 * late event does not delay the next ones), so one gap may look shorter by the lateness of the
 * event before it; together they are never shorter, and each is far from the unscaled 1 s.
 */
static void
test_gaps (void)
{
  g_autofree char *path = write_capture ("timed.ndjson", timed_ndjson);
  g_auto(Server) server = { 0 };
  g_auto(Run) run = { 0 };

  server_start (&server, (const char * const []) { "--speed", "10", path, NULL });
  print_url (&run, server.url, "--max-events", "4", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (run.events->len, ==, 4);
  assert_event (&run, 0, "message", "e1", "1");
  assert_event (&run, 1, "tick", "e2", "2");
  assert_event (&run, 2, "message", "e3\nsecond line", "3");
  assert_event (&run, 3, "message", "e4", "4");

  for (guint i = 1; i < 4; i++)
    {
      gint64 gap = event_time (&run, i) - event_time (&run, i - 1);

      g_test_message ("gap %u: %" G_GINT64_FORMAT " µs", i, gap);
      g_assert_cmpint (gap, >=, 50 * 1000);
      g_assert_cmpint (gap, <, 600 * 1000);
    }
  g_assert_cmpint (event_time (&run, 3) - event_time (&run, 0), >=, 250 * 1000);
}

/* Last-Event-ID: after that id; an id the capture lacks: from the start */
static void
test_resume (void)
{
  g_autofree char *path = write_capture ("resume.ndjson", timed_ndjson);
  g_auto(Server) server = { 0 };
  g_auto(Run) after = { 0 };
  g_auto(Run) unknown = { 0 };

  server_start (&server, (const char * const []) { "--speed", "100", path, NULL });

  print_url (&after, server.url, "--last-event-id", "2", "--max-events", "2", NULL);
  g_assert_cmpint (after.status, ==, 0);
  g_assert_cmpuint (after.events->len, ==, 2);
  assert_event (&after, 0, "message", "e3\nsecond line", "3");
  assert_event (&after, 1, "message", "e4", "4");

  print_url (&unknown, server.url, "--last-event-id", "zzz", "--max-events", "1", NULL);
  g_assert_cmpint (unknown.status, ==, 0);
  assert_event (&unknown, 0, "message", "e1", "1");
}

/* --loop starts over after the last event */
static void
test_loop (void)
{
  g_autofree char *path = write_capture ("loop.sse", untimed_sse);
  g_auto(Server) server = { 0 };
  g_auto(Run) run = { 0 };

  server_start (&server, (const char * const []) { "--loop", "--interval", "10", path, NULL });
  print_url (&run, server.url, "--max-events", "5", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (run.events->len, ==, 5);
  assert_event (&run, 2, "message", "third", "c");
  assert_event (&run, 3, "message", "first", "a");
  assert_event (&run, 4, "named", "second", "b");
}

/* --drop-after 1: every connection is cut in its second event; the client resumes each time */
static void
test_drop_after (void)
{
  g_autofree char *path = write_capture ("drop.sse", untimed_sse);
  g_auto(Server) server = { 0 };
  g_auto(Run) run = { 0 };

  server_start (&server, (const char * const []) { "--drop-after", "1", "--interval", "10",
                                                   path, NULL });
  print_url (&run, server.url, "--max-events", "3", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (run.events->len, ==, 3);
  assert_event (&run, 0, "message", "first", "a");
  assert_event (&run, 1, "named", "second", "b");
  assert_event (&run, 2, "message", "third", "c");
  g_assert_nonnull (strstr (run.err, "dropped in the middle of an event"));
  g_assert_nonnull (strstr (run.err, "reconnection 2"));
}

static SoupMessage *
send (const char *url,
      const char *last_event_id,
      GBytes    **body)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;
  SoupMessage *msg = soup_message_new ("GET", url);

  if (last_event_id != NULL)
    soup_message_headers_replace (soup_message_get_request_headers (msg), "Last-Event-ID",
                                  last_event_id);
  *body = soup_session_send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  return msg;
}

/* --fail 429:2: two answers 429 with Retry-After, then the stream */
static void
test_fail (void)
{
  g_autofree char *path = write_capture ("fail.sse", untimed_sse);
  g_auto(Server) server = { 0 };

  server_start (&server, (const char * const []) { "--fail", "429:2", "--interval", "10",
                                                   path, NULL });

  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) body = NULL;
      g_autoptr(SoupMessage) msg = send (server.url, NULL, &body);
      SoupMessageHeaders *headers = soup_message_get_response_headers (msg);

      if (i < 2)
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 429);
          g_assert_cmpstr (soup_message_headers_get_one (headers, "Retry-After"), ==, "1");
        }
      else
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
          g_assert_true (g_str_has_prefix (soup_message_headers_get_content_type (headers, NULL),
                                           "text/event-stream"));
          g_assert_nonnull (g_strstr_len (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                          "retry: 50\nid: a\ndata: first\n\n"));
        }
    }
}

/* --fail 404: the client stops for good; --fail 503: it waits Retry-After and gets the stream */
static void
test_fail_client (void)
{
  g_autofree char *path = write_capture ("fail-client.sse", untimed_sse);
  g_auto(Server) not_found = { 0 };
  g_auto(Server) unavailable = { 0 };
  g_auto(Run) stopped = { 0 };
  g_auto(Run) recovered = { 0 };

  server_start (&not_found, (const char * const []) { "--fail", "404", path, NULL });
  print_url (&stopped, not_found.url, NULL);
  g_assert_cmpint (stopped.status, ==, 1);
  g_assert_cmpuint (stopped.events->len, ==, 0);
  g_assert_nonnull (strstr (stopped.err, "404"));

  server_start (&unavailable, (const char * const []) { "--fail", "503", "--interval", "10",
                                                        path, NULL });
  print_url (&recovered, unavailable.url, "--max-events", "3", NULL);
  g_assert_cmpint (recovered.status, ==, 0);
  g_assert_cmpuint (recovered.events->len, ==, 3);
  g_assert_nonnull (strstr (recovered.err, "503"));
}

/* --gzip: Content-Encoding: gzip, which the client decodes event by event */
static void
test_gzip (void)
{
  g_autofree char *path = write_capture ("gzip.ndjson", timed_ndjson);
  g_auto(Server) server = { 0 };
  g_auto(Run) run = { 0 };
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  server_start (&server, (const char * const []) { "--gzip", "--speed", "50", path, NULL });

  msg = send (server.url, "3", &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                 "Content-Encoding"), ==, "gzip");
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "id: 4\ndata: e4\n\n", 16);

  print_url (&run, server.url, "--max-events", "4", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (run.events->len, ==, 4);
  assert_event (&run, 3, "message", "e4", "4");
}

/* several files, a HAR of two streams among them: one path each, and an index at / */
static void
test_several (void)
{
  g_autofree char *sse = write_capture ("first.sse", untimed_sse);
  g_autofree char *ndjson = write_capture ("second.ndjson", timed_ndjson);
  g_autofree char *har = g_test_build_filename (G_TEST_DIST, "har", "chrome.har", NULL);
  g_autofree char *index = NULL;
  g_autofree char *url = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(SoupMessage) missing = NULL;
  g_auto(Server) server = { 0 };
  g_auto(Run) first = { 0 };
  g_auto(Run) second = { 0 };
  g_auto(Run) chrome = { 0 };

  server_start (&server, (const char * const []) { "--speed", "20", "--interval", "10",
                                                   sse, ndjson, har, NULL });

  msg = send (server.url, NULL, &body);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  index = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  for (guint i = 0; i < 4; i++)
    {
      static const char * const paths[] = { "/first", "/second", "/chrome-2", "/chrome-3" };
      g_autofree char *link = g_strdup_printf ("href=\"%s\"", paths[i]);

      g_assert_nonnull (strstr (index, link));
    }
  g_clear_pointer (&body, g_bytes_unref);

  url = g_strconcat (server.url, "nope", NULL);
  missing = send (url, NULL, &body);
  g_assert_cmpuint (soup_message_get_status (missing), ==, 404);
  g_free (url);

  url = g_strconcat (server.url, "first", NULL);
  print_url (&first, url, "--max-events", "3", NULL);
  assert_event (&first, 2, "message", "third", "c");
  g_free (url);

  url = g_strconcat (server.url, "second", NULL);
  print_url (&second, url, "--max-events", "1", NULL);
  assert_event (&second, 0, "message", "e1", "1");
  g_free (url);

  /* Chrome's messages 0.5 s and 1.5 s apart, at --speed 20: 25 and 75 ms */
  url = g_strconcat (server.url, "chrome-2", NULL);
  print_url (&chrome, url, "--max-events", "3", NULL);
  g_assert_cmpuint (chrome.events->len, ==, 3);
  assert_event (&chrome, 1, "update", "line one\nline two", "42");
  assert_event (&chrome, 2, "message", "", "42");
  /* (measured from the first event, whose own lateness under load only shortens it) */
  g_assert_cmpint (event_time (&chrome, 2) - event_time (&chrome, 0), >=, 50 * 1000);
  g_assert_cmpint (event_time (&chrome, 2) - event_time (&chrome, 0), <, 1000 * 1000);
}

/* bad files and bad options: a clear message naming the file and line, nothing served */
static void
test_bad_input (void)
{
  g_autofree char *bad_line = write_capture ("bad.ndjson",
                                             "{\"data\":\"ok\"}\n{\"data\": 3}\n");
  g_autofree char *missing_file = g_build_filename (tmp_dir, "absent.sse", NULL);
  g_autofree char *good = write_capture ("good.sse", untimed_sse);
  g_autofree char *har = g_test_build_filename (G_TEST_DIST, "har", "missing-url.har", NULL);
  g_autofree char *expected = NULL;
  struct
  {
    const char * const *args;
    int                 status;
    const char         *says;
  } cases[] = {
    { (const char * const []) { "--serve", bad_line, NULL }, 1, "bad.ndjson: Line 2: " },
    { (const char * const []) { "--serve", missing_file, NULL }, 1, "absent.sse" },
    { (const char * const []) { "--serve", har, NULL }, 1,
      "missing-url.har: Entry 1: request.url is missing" },
    { (const char * const []) { "--serve", NULL }, 2, "at least one capture" },
    { (const char * const []) { "--serve", "--speed", "0", good, NULL }, 2, "--speed" },
    { (const char * const []) { "--serve", "--fail", "200", good, NULL }, 2, "--fail" },
    { (const char * const []) { "--serve", "--fail", "503:0", good, NULL }, 2, "--fail" },
    { (const char * const []) { "--serve", "--interval", "0", good, NULL }, 2, "--interval" },
    { (const char * const []) { "--serve", "--port", "70000", good, NULL }, 2, "--port" },
    { (const char * const []) { "--serve", "--bind", "nowhere", good, NULL }, 2, "--bind" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_runnel (&run, cases[i].args);
      g_test_message ("%s", run.err);
      g_assert_cmpint (run.status, ==, cases[i].status);
      g_assert_nonnull (strstr (run.err, cases[i].says));
      g_assert_cmpuint (run.events->len, ==, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  tmp_dir = g_dir_make_tmp ("runnel-serve-XXXXXX", &error);
  g_assert_no_error (error);

  g_test_add_func ("/runnel/serve/order", test_order);
  g_test_add_func ("/runnel/serve/gaps", test_gaps);
  g_test_add_func ("/runnel/serve/resume", test_resume);
  g_test_add_func ("/runnel/serve/loop", test_loop);
  g_test_add_func ("/runnel/serve/drop-after", test_drop_after);
  g_test_add_func ("/runnel/serve/fail", test_fail);
  g_test_add_func ("/runnel/serve/fail-client", test_fail_client);
  g_test_add_func ("/runnel/serve/gzip", test_gzip);
  g_test_add_func ("/runnel/serve/several", test_several);
  g_test_add_func ("/runnel/serve/bad-input", test_bad_input);

  status = g_test_run ();

  /* the captures written here, then the directory */
  {
    g_autoptr(GDir) dir = g_dir_open (tmp_dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
        g_unlink (path);
      }
    g_rmdir (tmp_dir);
    g_free (tmp_dir);
  }

  return status;
}
