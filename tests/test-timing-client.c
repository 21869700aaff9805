/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-timing-client.c: the client's timing and --summary's on the demo server's timing faults */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-sse-client.h"
#include "runnel-test-util.h"

#define MS     G_GINT64_CONSTANT (1000)
#define SECOND G_GINT64_CONSTANT (1000000)

typedef struct
{
  RunnelDemoServer *server;
  RunnelSseClient  *client;
} Fixture;

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = runnel_demo_server_new ();
  runnel_demo_server_listen (fixture->server, NULL, 0, FALSE, &error);
  g_assert_no_error (error);
  fixture->client = NULL;
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  if (fixture->client != NULL)
    {
      runnel_sse_client_disconnect (fixture->client);
      g_assert_finalize_object (fixture->client);
    }
  runnel_demo_server_stop (fixture->server);
  g_assert_finalize_object (fixture->server);
}

static char *
url_for (Fixture    *fixture,
         const char *path)
{
  return g_strconcat (runnel_demo_server_get_uri (fixture->server), path + 1, NULL);
}

/* a client for @path that does not reconnect when the stream ends */
static RunnelTiming *
open_client (Fixture    *fixture,
             const char *path,
             gboolean    reconnect_on_end)
{
  g_autofree char *url = url_for (fixture, path);
  g_autoptr(RunnelRequest) request = runnel_request_new (url);

  runnel_request_set_reconnect_on_end (request, reconnect_on_end);
  fixture->client = runnel_sse_client_new (request);

  return runnel_sse_client_get_timing (fixture->client);
}

static gboolean
client_closed (gpointer user_data)
{
  Fixture *fixture = user_data;

  return runnel_sse_client_get_state (fixture->client) == RUNNEL_SSE_CLIENT_STATE_CLOSED;
}

static void
run_to_end (Fixture *fixture)
{
  runnel_sse_client_connect (fixture->client);
  g_assert_true (runnel_test_iterate_until (client_closed, fixture, 20000));
}

/* The client's figures */

static void
test_buffered (Fixture       *fixture,
               gconstpointer  data)
{
  RunnelTiming *timing = open_client (fixture, "/fault/buffered?burst=5&interval=1200&count=10",
                                      FALSE);
  const RunnelTimingBurst *bursts;
  guint n;

  run_to_end (fixture);

  /* the headers come at once, the body with the first burst: not before the server let it go */
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_HEADERS), >=, 0);
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_HEADERS), <,
                   runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_BYTE));
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_BYTE), >=, 1200 * MS);
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_EVENT), >=,
                   runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_BYTE));
  g_assert_cmpuint (runnel_timing_get_n_events (timing), ==, 10);

  /* two bursts of five, unless a loaded machine held both back together */
  g_assert_cmpuint (runnel_timing_get_n_bursts (timing), >=, 1);
  bursts = runnel_timing_get_bursts (timing, &n);
  g_assert_cmpuint (bursts[0].n_events, >=, 5);
  g_assert_cmpint (bursts[0].wait, >=, SECOND);
  g_assert_cmpint (runnel_timing_get_hints (timing), ==, RUNNEL_TIMING_HINT_NONE);
}

static void
test_heartbeat (Fixture       *fixture,
                gconstpointer  data)
{
  const char *path = data;
  RunnelTiming *timing = open_client (fixture, path, FALSE);
  const char * const heartbeats[] = { "ping", NULL };
  const RunnelTimingStall *stalls;
  guint n;

  runnel_timing_set_stall_threshold (timing, SECOND);
  runnel_timing_set_heartbeat_types (timing, heartbeats);
  run_to_end (fixture);

  g_assert_cmpuint (runnel_timing_get_n_events (timing), ==, 2);
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_EVENT), >=,
                   1500 * MS);
  g_assert_cmpuint (runnel_timing_get_n_heartbeat_stalls (timing), >=, 1);
  stalls = runnel_timing_get_stalls (timing, &n);
  g_assert_cmpuint (n, >=, 1);
  g_assert_cmpuint (stalls[0].n_heartbeats, >=, 5);
  g_assert_cmpint (stalls[0].duration, >=, 1200 * MS);
}

/* a gzip stream is hinted at; the demo server's others send no-cache and are chunked */
static void
test_gzip_hint (Fixture       *fixture,
                gconstpointer  data)
{
  RunnelTiming *timing = open_client (fixture, "/fault/gzip?interval=20&count=3", FALSE);
  g_autoptr(GPtrArray) notes = NULL;

  run_to_end (fixture);

  g_assert_cmpuint (runnel_timing_get_n_events (timing), ==, 3);
  g_assert_cmpint (runnel_timing_get_hints (timing), ==, RUNNEL_TIMING_HINT_CONTENT_ENCODING);
  notes = runnel_timing_describe (timing);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "Content-Encoding: gzip"));
}

static gboolean
three_connections (gpointer user_data)
{
  Fixture *fixture = user_data;

  return runnel_timing_get_n_events (runnel_sse_client_get_timing (fixture->client)) >= 3;
}

/* each connection has its own times, and a reconnection's wait is no gap */
static void
test_connections (Fixture       *fixture,
                  gconstpointer  data)
{
  RunnelTiming *timing = open_client (fixture, "/fault/retry?ms=300", TRUE);
  RunnelTimingGaps gaps;
  g_autoptr(GString) json = g_string_new (NULL);

  runnel_sse_client_connect (fixture->client);
  g_assert_true (runnel_test_iterate_until (three_connections, fixture, 20000));

  runnel_timing_get_gaps (timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_stalls (timing), ==, 0);
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_EVENT), >=, 0);
  /* the first connection's, not the time since the session began */
  g_assert_cmpint (runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_EVENT), <,
                   runnel_timing_now (timing) - runnel_timing_get_start (timing));
  runnel_timing_append_json (timing, json);
  g_assert_nonnull (strstr (json->str, "\"connections\":3"));

  /* connect () starts a new session */
  runnel_sse_client_disconnect (fixture->client);
  runnel_sse_client_connect (fixture->client);
  g_assert_cmpuint (runnel_timing_get_n_events (timing), ==, 0);
}

/* runnel --print --summary */

/* runs runnel --print --summary @args… with "URL" replaced by the demo server's URL for @path;
 * returns the summary's "timing" object */
static JsonObject *
run_summary (Fixture    *fixture,
             const char *path,
             ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  JsonObject *summary;
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup (g_getenv ("RUNNEL_BINARY")));
  g_ptr_array_add (argv, g_strdup ("--print"));
  g_ptr_array_add (argv, g_strdup ("--summary"));
  va_start (args, path);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_str_equal (arg, "URL") ? url_for (fixture, path) : g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_assert_cmpint (runnel_test_run_command ((const char * const *) argv->pdata, &out, &err,
                                            30000), ==, 0);
  json_parser_load_from_data (parser, out, -1, &error);
  g_assert_no_error (error);
  summary = json_node_get_object (json_parser_get_root (parser));
  g_assert_true (json_object_has_member (summary, "timing"));

  return json_object_ref (json_object_get_object_member (summary, "timing"));
}

static double
ms_member (JsonObject *object,
           const char *name)
{
  g_assert_true (json_object_has_member (object, name));
  g_assert_false (json_object_get_null_member (object, name));

  return json_object_get_double_member (object, name);
}

static void
test_summary_buffered (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) timing = run_summary (fixture,
                                              "/fault/buffered?burst=6&interval=1100&count=12",
                                              "--no-reconnect-on-end", "URL", NULL);
  JsonObject *largest = json_object_get_object_member (timing, "largest_burst");
  JsonObject *gaps = json_object_get_object_member (timing, "gap_ms");
  JsonArray *notes = json_object_get_array_member (timing, "notes");

  g_assert_cmpfloat (ms_member (timing, "headers_ms"), <, ms_member (timing, "first_byte_ms"));
  g_assert_cmpfloat (ms_member (timing, "first_byte_ms"), >=, 1100.0);
  g_assert_cmpfloat (ms_member (timing, "first_content_ms"), >=, 1100.0);
  g_assert_cmpint (json_object_get_int_member (timing, "bursts"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (largest, "events"), >=, 6);
  g_assert_cmpfloat (ms_member (largest, "wait_ms"), >=, 1000.0);
  /* most gaps are none, within a burst; the longest is the wait between them */
  g_assert_cmpfloat (ms_member (gaps, "p50"), <, 10.0);
  g_assert_cmpfloat (ms_member (gaps, "max"), >=, 500.0);
  g_assert_cmpuint (json_array_get_length (notes), >=, 1);
  g_assert_true (g_str_has_prefix (json_array_get_string_element (notes, 0),
                                   "Buffered delivery: "));
}

/* the role comes at once, the first word after ?first_token_ms=: --assemble says which counts */
static void
test_summary_first_token (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char body[] = "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
  g_autoptr(JsonObject) timing = NULL;
  g_autoptr(JsonObject) plain = NULL;

  timing = run_summary (fixture, "/chat?first_token_ms=800&interval=10", "--assemble",
                        "openai-chat", "-d", body, "URL", NULL);
  g_assert_cmpfloat (ms_member (timing, "first_content_ms"), >=, 800.0);
  g_assert_cmpfloat (ms_member (timing, "first_event_ms"), <,
                     ms_member (timing, "first_content_ms"));
  g_assert_cmpint (json_object_get_int_member (timing, "bursts"), ==, 0);

  /* without a path, the role-only delta has data: it is the first content */
  plain = run_summary (fixture, "/chat?first_token_ms=800&interval=10", "-d", body, "URL", NULL);
  g_assert_cmpfloat (ms_member (plain, "first_content_ms"), ==,
                     ms_member (plain, "first_event_ms"));
}

static void
test_summary_heartbeat (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(JsonObject) timing = NULL;

  timing = run_summary (fixture, "/fault/heartbeat?quiet=1500&interval=250&count=2&ping=1",
                        "--no-reconnect-on-end", "--stall-threshold", "1",
                        "--heartbeat-type", "ping", "URL", NULL);
  g_assert_cmpint (json_object_get_int_member (timing, "stalls"), >=, 1);
  g_assert_cmpint (json_object_get_int_member (timing, "heartbeat_stalls"), >=, 1);
  g_assert_cmpfloat (ms_member (timing, "longest_stall_ms"), >=, 1200.0);
  g_assert_cmpfloat (ms_member (timing, "first_event_ms"), >=, 1500.0);

  /* by default pings are events, and no stall is that short */
  g_clear_pointer (&timing, json_object_unref);
  timing = run_summary (fixture, "/fault/heartbeat?quiet=1500&interval=250&count=2&ping=1",
                        "--no-reconnect-on-end", "URL", NULL);
  g_assert_cmpint (json_object_get_int_member (timing, "stalls"), ==, 0);
  g_assert_cmpfloat (ms_member (timing, "first_event_ms"), <, 1500.0);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add ("/runnel/timing-client/" path, Fixture, data, setup, func, teardown)

  ADD ("buffered", test_buffered, NULL);
  ADD ("heartbeat-comments", test_heartbeat, "/fault/heartbeat?quiet=1500&interval=250&count=2");
  ADD ("heartbeat-pings", test_heartbeat,
       "/fault/heartbeat?quiet=1500&interval=250&count=2&ping=1");
  ADD ("gzip-hint", test_gzip_hint, NULL);
  ADD ("connections", test_connections, NULL);
  ADD ("summary-buffered", test_summary_buffered, NULL);
  ADD ("summary-first-token", test_summary_first_token, NULL);
  ADD ("summary-heartbeat", test_summary_heartbeat, NULL);

#undef ADD

  return g_test_run ();
}
