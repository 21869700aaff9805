/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-replay.c: captures served beside the demo endpoints, read by RunnelSseClient */

#include "config.h"

#include <string.h>

#include "runnel-demo-replay.h"
#include "runnel-demo-server.h"
#include "runnel-sse-client.h"
#include "runnel-test-util.h"

#define DEADLINE_MS 20000

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
is_stopped (gpointer user_data)
{
  Fixture *fixture = user_data;
  RunnelSseClientState state = runnel_sse_client_get_state (fixture->client);

  return state == RUNNEL_SSE_CLIENT_STATE_CLOSED || state == RUNNEL_SSE_CLIENT_STATE_FAILED;
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->events, runnel_sse_event_ref (event));
}

/* connects to @path and waits until the client stops by itself */
static void
run_client (Fixture    *fixture,
            const char *path)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server), path + 1,
                                      NULL);
  g_autoptr(RunnelRequest) request = runnel_request_new (url);

  fixture->client = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (fixture->client, on_event, fixture, NULL);
  runnel_sse_client_connect (fixture->client);
  g_assert_true (runnel_test_iterate_until (is_stopped, fixture, DEADLINE_MS));
}

/* six events "1".."6" with ids, 10 ms apart, a retry: 20 before the first */
static RunnelDemoCapture *
new_capture (void)
{
  RunnelDemoCapture *capture = runnel_demo_capture_new ("six");

  for (guint i = 1; i <= 6; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      runnel_demo_capture_add_event (capture, i == 3 ? "third" : NULL, text, strlen (text),
                                     text, 1000000 + i * 10000, i == 1 ? 20 : -1);
    }

  return capture;
}

static void
assert_all_six (Fixture *fixture)
{
  g_assert_cmpuint (fixture->events->len, ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i + 1);
      RunnelSseEvent *event = fixture->events->pdata[i];

      g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, text);
      g_assert_cmpstr (runnel_sse_event_get_id (event), ==, text);
      g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==,
                       i == 2 ? "third" : "message");
    }
}

/*
 * The whole capture, then a clean end: the client reconnects with Last-Event-ID 6 after the
 * capture's retry: and gets 204, which stops it. The demo's own endpoints are still there.
 */
static void
test_whole (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RunnelDemoCapture) capture = new_capture ();

  runnel_demo_server_add_capture (fixture->server, "/capture/1", capture, NULL);
  run_client (fixture, "/capture/1");

  assert_all_six (fixture);
  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 204);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);

  g_clear_object (&fixture->client);
  g_ptr_array_set_size (fixture->events, 0);
  run_client (fixture, "/fault/404");
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 404);
}

/* --drop-after 2: each connection is cut in its third event; every event arrives once */
static void
test_drop_resume (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RunnelDemoCapture) capture = new_capture ();
  RunnelDemoReplayOptions options;

  runnel_demo_replay_options_init (&options);
  options.drop_after = 2;
  options.speed = 5;
  runnel_demo_server_add_capture (fixture->server, "/capture/2", capture, &options);
  run_client (fixture, "/capture/2");

  assert_all_six (fixture);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 3);
}

/* a capture removed is no longer served */
static void
test_remove (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(RunnelDemoCapture) capture = new_capture ();

  runnel_demo_server_add_capture (fixture->server, "/capture/3", capture, NULL);
  g_assert_true (runnel_demo_server_remove_capture (fixture->server, "/capture/3"));
  g_assert_false (runnel_demo_server_remove_capture (fixture->server, "/capture/3"));

  run_client (fixture, "/capture/3");
  g_assert_cmpuint (fixture->events->len, ==, 0);
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 404);
}

/* an empty capture: 204, and the client stops */
static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RunnelDemoCapture) capture = runnel_demo_capture_new ("empty");

  runnel_demo_server_add_capture (fixture->server, "/capture/5", capture, NULL);
  run_client (fixture, "/capture/5");
  g_assert_cmpuint (fixture->events->len, ==, 0);
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 204);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

/* line breaks in a type or an id cannot be sent as they are: they become spaces */
static void
test_line_breaks (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RunnelDemoCapture) capture = runnel_demo_capture_new ("breaks");
  RunnelSseEvent *event;

  runnel_demo_capture_add_event (capture, "a\nb", "x\r\ny\rz", 7, "1\r2", -1, -1);
  runnel_demo_server_add_capture (fixture->server, "/capture/4", capture, NULL);
  run_client (fixture, "/capture/4");

  g_assert_cmpuint (fixture->events->len, ==, 1);
  event = fixture->events->pdata[0];
  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, "a b");
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, "x\ny\nz");
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, "1 2");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runnel/replay/whole", Fixture, NULL, fixture_setup, test_whole,
              fixture_teardown);
  g_test_add ("/runnel/replay/drop-resume", Fixture, NULL, fixture_setup, test_drop_resume,
              fixture_teardown);
  g_test_add ("/runnel/replay/remove", Fixture, NULL, fixture_setup, test_remove,
              fixture_teardown);
  g_test_add ("/runnel/replay/empty", Fixture, NULL, fixture_setup, test_empty,
              fixture_teardown);
  g_test_add ("/runnel/replay/line-breaks", Fixture, NULL, fixture_setup, test_line_breaks,
              fixture_teardown);

  return g_test_run ();
}
