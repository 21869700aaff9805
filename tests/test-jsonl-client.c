/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-jsonl-client.c: RunnelSseClient in JSON-lines mode against the demo server's /ndjson */

#include "config.h"

#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-sse-client.h"

/* generous: the machine is shared; nothing waits this long when things work */
#define DEADLINE_MS 10000

typedef struct
{
  RunnelDemoServer *server;
  RunnelSseClient  *client;
  GPtrArray        *events;     /* RunnelSseEvent, in arrival order */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = runnel_demo_server_new ();
  g_assert_true (runnel_demo_server_listen (fixture->server, "127.0.0.1", 0, FALSE, &error));
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  runnel_demo_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
  g_ptr_array_unref (fixture->events);
}

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

static gboolean
is_stopped (Fixture *fixture)
{
  RunnelSseClientState state = runnel_sse_client_get_state (fixture->client);

  return state == RUNNEL_SSE_CLIENT_STATE_CLOSED || state == RUNNEL_SSE_CLIENT_STATE_FAILED;
}

/* iterate the main context until the client stopped, within the deadline */
static void
wait_stopped (Fixture *fixture)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (DEADLINE_MS, deadline_cb, &expired);

  while (!expired && !is_stopped (fixture))
    g_main_context_iteration (NULL, TRUE);

  g_assert_false (expired);
  g_source_remove (id);
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->events, runnel_sse_event_ref (event));
}

/* GET @path once (no reconnection after the end), until it stops */
static void
run (Fixture *fixture,
     const char *path,
     guint64     max_event_size)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server), path + 1, NULL);
  g_autoptr(RunnelRequest) request = runnel_request_new (url);

  runnel_request_set_reconnect_on_end (request, FALSE);
  runnel_request_set_reconnect (request, FALSE);
  if (max_event_size > 0)
    runnel_request_set_max_event_size (request, max_event_size);

  fixture->client = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (fixture->client, on_event, fixture, NULL);
  g_assert_cmpint (runnel_sse_client_get_mode (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM);

  runnel_sse_client_connect (fixture->client);
  wait_stopped (fixture);
}

static void
assert_events (Fixture *fixture,
               guint    n)
{
  g_assert_cmpuint (fixture->events->len, ==, n);

  for (guint i = 0; i < n; i++)
    {
      RunnelSseEvent *event = g_ptr_array_index (fixture->events, i);
      g_autofree char *start = g_strdup_printf ("{\"n\":%u,\"time\":\"", i + 1);
      const char *data = runnel_sse_event_get_data (event, NULL);

      g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, "message");
      g_assert_cmpstr (runnel_sse_event_get_id (event), ==, "");
      g_assert_true (g_str_has_prefix (data, start));
      g_assert_true (g_str_has_suffix (data, "}"));
      g_assert_null (strchr (data, '\n'));
    }
}

static void
assert_error (Fixture    *fixture,
              int         code,
              const char *says)
{
  const GError *error = runnel_sse_client_get_last_error (fixture->client);

  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_FAILED);
  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_error ((GError *) error, RUNNEL_SSE_ERROR, code);
  g_assert_nonnull (strstr (error->message, says));
}

/* /ndjson opens in JSON-lines mode: one event per line, the stream ends cleanly */
static void
test_ndjson_mode (Fixture       *fixture,
                  gconstpointer  data)
{
  run (fixture, "/ndjson?interval=10&count=4", 0);

  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_null (runnel_sse_client_get_last_error (fixture->client));
  g_assert_cmpstr (runnel_sse_client_get_content_type (fixture->client), ==,
                   "application/x-ndjson");
  g_assert_cmpint (runnel_sse_client_get_mode (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_MODE_JSON_LINES);
  g_assert_cmpstr (runnel_sse_client_mode_to_string (runnel_sse_client_get_mode (fixture->client)),
                   ==, "json-lines");
  g_assert_cmpuint (runnel_sse_client_get_events_received (fixture->client), ==, 4);
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "");
  assert_events (fixture, 4);
}

/* an event stream stays in event-stream mode */
static void
test_event_stream_mode (Fixture       *fixture,
                        gconstpointer  data)
{
  run (fixture, "/counter?interval=10&count=2", 0);

  g_assert_cmpint (runnel_sse_client_get_mode (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM);
  g_assert_cmpstr (runnel_sse_client_mode_to_string (runnel_sse_client_get_mode (fixture->client)),
                   ==, "event-stream");
  g_assert_cmpuint (fixture->events->len, ==, 2);
}

/* a last line without its LF is a whole record in NDJSON */
static void
test_last_line_without_lf (Fixture       *fixture,
                           gconstpointer  data)
{
  run (fixture, "/ndjson?interval=10&count=3&partial=1", 0);

  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_null (runnel_sse_client_get_last_error (fixture->client));
  assert_events (fixture, 3);
}

/* neither an event stream nor JSON lines: still refused */
static void
test_wrong_content_type (Fixture       *fixture,
                         gconstpointer  data)
{
  run (fixture, "/fault/content-type", 0);

  assert_error (fixture, RUNNEL_SSE_ERROR_CONTENT_TYPE, "text/html");
  g_assert_cmpuint (fixture->events->len, ==, 0);
}

/* a line past max-event-size fails like an oversized event */
static void
test_line_too_large (Fixture       *fixture,
                     gconstpointer  data)
{
  run (fixture, "/ndjson?interval=10&count=3", 20);

  assert_error (fixture, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, "--max-event-size");
  g_assert_cmpuint (fixture->events->len, ==, 0);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  char **out = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (object), result, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*out);
}

/* runnel --print prints each line of an NDJSON stream as one event, a JSON line */
static void
test_print (Fixture       *fixture,
            gconstpointer  data)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server),
                                      "ndjson?interval=10&count=3&partial=1", NULL);
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *out = NULL;
  gboolean expired = FALSE;
  guint id;

  g_assert_nonnull (g_getenv ("RUNNEL_BINARY"));
  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error, g_getenv ("RUNNEL_BINARY"), "--print",
                              "--no-reconnect-on-end", url, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (process, NULL, NULL, communicate_cb, &out);

  id = g_timeout_add (DEADLINE_MS, deadline_cb, &expired);
  while (!expired && out == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (expired);
  g_source_remove (id);

  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  lines = g_strsplit (out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *n = g_strdup_printf ("\"data\":\"{\\\"n\\\":%u,", i + 1);

      g_assert_true (g_str_has_prefix (lines[i], "{\"type\":\"message\","));
      g_assert_nonnull (strstr (lines[i], n));
      g_assert_nonnull (strstr (lines[i], "\"id\":\"\""));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/client/jsonl/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("ndjson-mode", test_ndjson_mode);
  ADD ("event-stream-mode", test_event_stream_mode);
  ADD ("last-line-without-lf", test_last_line_without_lf);
  ADD ("wrong-content-type", test_wrong_content_type);
  ADD ("line-too-large", test_line_too_large);
  ADD ("print", test_print);

#undef ADD

  return g_test_run ();
}
