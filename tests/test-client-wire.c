/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-wire.c: RunnelSseClient against scripted servers: what crosses the wire exactly */

#include "config.h"

#include <string.h>

#include "runnel-sse-client.h"
#include "runnel-test-util.h"

#define DEADLINE_MS 10000

#define EVENT_STREAM_CLOSE "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" \
                           "Connection: close\r\n\r\n"
#define EVENT_STREAM_CHUNKED "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n" \
                             "Transfer-Encoding: chunked\r\n"
/* "data: one\n\n" as one chunk */
#define CHUNK_ONE "b\r\ndata: one\n\n\r\n"

typedef struct
{
  RunnelScriptServer *server;
  RunnelSseClient    *client;
  GPtrArray          *events;
  GArray             *waits;      /* ms from entering "waiting" to the retry */
  guint               stop_after;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  fixture->waits = g_array_new (FALSE, FALSE, sizeof (gint64));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->client != NULL)
    g_assert_finalize_object (fixture->client);
  g_clear_pointer (&fixture->server, runnel_script_server_free);
  g_ptr_array_unref (fixture->events);
  g_array_unref (fixture->waits);
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->events, runnel_sse_event_ref (event));
  if (fixture->stop_after > 0 && fixture->events->len == fixture->stop_after)
    runnel_sse_client_disconnect (fixture->client);
}

static void
on_state_changed (RunnelSseClient *client,
                  Fixture         *fixture)
{
  g_test_message ("state %s: %s",
                  runnel_sse_client_state_to_string (runnel_sse_client_get_state (client)),
                  runnel_sse_client_get_reason (client));

  if (runnel_sse_client_get_state (client) == RUNNEL_SSE_CLIENT_STATE_WAITING)
    {
      gint64 wait = (runnel_sse_client_get_retry_at (client) - g_get_monotonic_time ()) / 1000;

      g_array_append_val (fixture->waits, wait);
    }
}

/* a client of a server that answers each connection with the next of @responses */
static RunnelRequest *
start_server (Fixture            *fixture,
              const char * const *responses,
              gboolean            hold,
              const char         *method)
{
  g_autofree char *url = NULL;
  RunnelRequest *request;

  fixture->server = runnel_script_server_new (responses, hold);
  url = runnel_script_server_url (fixture->server, "/stream");
  request = runnel_request_new (url);
  runnel_request_set_retry_delay (request, 20);
  if (method != NULL)
    {
      runnel_request_set_method (request, method);
      runnel_request_set_body_text (request, "{}");
    }

  fixture->client = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (fixture->client, on_event, fixture, NULL);
  g_signal_connect (fixture->client, "state-changed", G_CALLBACK (on_state_changed), fixture);

  return request;
}

static gboolean
is_stopped (Fixture *fixture)
{
  RunnelSseClientState state = runnel_sse_client_get_state (fixture->client);

  return state == RUNNEL_SSE_CLIENT_STATE_CLOSED || state == RUNNEL_SSE_CLIENT_STATE_FAILED;
}

static gboolean
is_waiting_or_stopped (Fixture *fixture)
{
  return runnel_sse_client_get_state (fixture->client) == RUNNEL_SSE_CLIENT_STATE_WAITING ||
         is_stopped (fixture);
}

#define wait_for(fixture, condition) \
  g_assert_true (runnel_test_iterate_until ((RunnelTestCondition) (condition), (fixture), \
                                            DEADLINE_MS))

static const char *
event_id (Fixture *fixture,
          guint    index)
{
  g_assert_cmpuint (index, <, fixture->events->len);
  return runnel_sse_event_get_id (g_ptr_array_index (fixture->events, index));
}

/* Tests */

/* the id: of an event cut off by a drop is not the last event id (issue's own example) */
static void
test_pending_id_dropped (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const responses[] = {
    EVENT_STREAM_CLOSE "id: abc\ndata: Hello\n\nid: def\ndata: Goodbye\n",
    EVENT_STREAM_CLOSE "data: We meet again\n\n",
    NULL
  };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, NULL);

  fixture->stop_after = 2;
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_cmpstr (event_id (fixture, 0), ==, "abc");
  g_assert_cmpstr (event_id (fixture, 1), ==, "abc");
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "abc");
  g_assert_nonnull (strstr (runnel_script_server_get_request (fixture->server, 1),
                            "\r\nLast-Event-ID: abc\r\n"));
}

static gboolean
second_answer_refused (Fixture *fixture)
{
  const GError *error = runnel_sse_client_get_last_error (fixture->client);

  return runnel_script_server_get_n_requests (fixture->server) >= 2 &&
         runnel_sse_client_get_state (fixture->client) == RUNNEL_SSE_CLIENT_STATE_WAITING &&
         error != NULL && strstr (error->message, "Connection terminated") == NULL;
}

/*
 * A server that accepts the connection and closes it on reading the request, or answers with
 * no HTTP at all: the error says that the connection was made, not "cannot connect"
 */
static void
test_no_http_answer (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const responses[] = { "", "hello\r\n\r\n", NULL };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, NULL);
  g_autofree char *url = runnel_script_server_url (fixture->server, "/");
  g_autofree char *where = g_strndup (url + strlen ("http://"),
                                      strlen (url) - strlen ("http://") - 1);
  g_autofree char *closed = g_strdup_printf ("Connected to %s, but no HTTP response could be "
                                             "read: Connection terminated unexpectedly", where);
  g_autofree char *not_http = g_strdup_printf ("Connected to %s, but no HTTP response could be "
                                               "read: Could not parse HTTP response", where);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_waiting_or_stopped);
  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_WAITING);
  g_assert_cmpstr (runnel_sse_client_get_last_error (fixture->client)->message, ==, closed);

  /* the retry (20 ms later) meets the second answer */
  wait_for (fixture, second_answer_refused);
  g_assert_cmpstr (runnel_sse_client_get_last_error (fixture->client)->message, ==, not_http);
  runnel_sse_client_disconnect (fixture->client);
}

/* a chunked body closed between two chunks, without its last chunk: a cut, not an end */
static void
test_chunked_cut_get (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const responses[] = { EVENT_STREAM_CHUNKED "\r\n" CHUNK_ONE, NULL };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_waiting_or_stopped);

  /* GET reconnects, as after any drop */
  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_WAITING);
  runnel_test_assert_client_error (fixture->client, RUNNEL_SSE_ERROR_NETWORK,
                                   "closed before the end of the response");
  g_assert_cmpuint (fixture->events->len, ==, 1);
  runnel_sse_client_disconnect (fixture->client);
}

static void
test_chunked_cut_post (Fixture       *fixture,
                       gconstpointer  data)
{
  static const char * const responses[] = { EVENT_STREAM_CHUNKED "\r\n" CHUNK_ONE, NULL };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, "POST");

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  /* a POST is never sent twice: it fails, and says why */
  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_FAILED);
  runnel_test_assert_client_error (fixture->client, RUNNEL_SSE_ERROR_NETWORK,
                                   "The connection was cut before the response ended");
  /* said once, not "cut before the response ended: the connection was closed before the end
   * of the response" */
  g_assert_cmpstr (runnel_sse_client_get_last_error (fixture->client)->message, ==,
                   "The connection was cut before the response ended");
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpuint (runnel_script_server_get_n_requests (fixture->server), ==, 1);
}

/* a body shorter than its Content-Length on a closing connection */
static void
test_content_length_cut (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const responses[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 100\r\n"
    "Connection: close\r\n\r\ndata: one\n\n",
    NULL
  };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, "POST");

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_FAILED);
  runnel_test_assert_client_error (fixture->client, RUNNEL_SSE_ERROR_NETWORK,
                                   "The connection was cut before the response ended");
  g_assert_cmpuint (fixture->events->len, ==, 1);
}

/* whole bodies end cleanly: chunked (connection closed or kept) and with a Content-Length */
static void
test_complete_bodies (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char * const closing[] = {
    EVENT_STREAM_CHUNKED "Connection: close\r\n\r\n" CHUNK_ONE "0\r\n\r\n", NULL
  };
  static const char * const kept[] = { EVENT_STREAM_CHUNKED "\r\n" CHUNK_ONE "0\r\n\r\n", NULL };
  static const char * const length[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nContent-Length: 11\r\n"
    "Connection: close\r\n\r\ndata: one\n\n",
    NULL
  };
  const char * const *cases[] = { closing, kept, length };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RunnelRequest) request = NULL;

      g_test_message ("case %u", i);
      g_clear_object (&fixture->client);
      g_clear_pointer (&fixture->server, runnel_script_server_free);
      g_ptr_array_set_size (fixture->events, 0);
      request = start_server (fixture, cases[i], i == 1, "POST");

      runnel_sse_client_connect (fixture->client);
      wait_for (fixture, is_stopped);

      g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                       RUNNEL_SSE_CLIENT_STATE_CLOSED);
      g_assert_null (runnel_sse_client_get_last_error (fixture->client));
      g_assert_cmpuint (fixture->events->len, ==, 1);
    }
}

/* a chunk size past 64 bits parses in libsoup as the last chunk: a broken response */
static void
test_chunk_size_overflow (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const responses[] = {
    EVENT_STREAM_CHUNKED "\r\n" CHUNK_ONE
    "10000000000000000b\r\ndata: two\n\n\r\n0\r\n\r\n",
    NULL
  };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, TRUE, NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (runnel_sse_client_get_state (fixture->client), ==,
                   RUNNEL_SSE_CLIENT_STATE_FAILED);
  runnel_test_assert_client_error (fixture->client, RUNNEL_SSE_ERROR_BROKEN_RESPONSE,
                                   "chunk size");
  g_assert_cmpuint (fixture->events->len, ==, 1);
}

/* as browsers' EventSource: Cache-Control: no-cache, unless the user sets their own */
static void
test_cache_control (Fixture       *fixture,
                    gconstpointer  data)
{
  static const char * const responses[] = { EVENT_STREAM_CLOSE "data: one\n\n", NULL };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, NULL);

  runnel_request_set_reconnect_on_end (request, FALSE);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_nonnull (strstr (runnel_script_server_get_request (fixture->server, 0),
                            "\r\nCache-Control: no-cache\r\n"));

  runnel_request_append_header (request, "cache-control", "max-age=0", TRUE);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_null (strstr (runnel_script_server_get_request (fixture->server, 1), "no-cache"));
  g_assert_nonnull (strstr (runnel_script_server_get_request (fixture->server, 1),
                            "max-age=0"));
}

static gboolean
has_six_waits (Fixture *fixture)
{
  return fixture->waits->len >= 6 || is_stopped (fixture);
}

/* "retry: 0" and a clean end at once, over and over: never a busy loop */
static void
test_quick_ends_back_off (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const responses[] = { EVENT_STREAM_CLOSE "retry: 0\ndata: x\n\n", NULL };
  g_autoptr(RunnelRequest) request = start_server (fixture, responses, FALSE, NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_six_waits);
  runnel_sse_client_disconnect (fixture->client);

  for (guint i = 0; i < fixture->waits->len; i++)
    g_test_message ("wait %u: %" G_GINT64_FORMAT " ms", i,
                    g_array_index (fixture->waits, gint64, i));

  /* the floor (10 ms, less the moment before the handler), then doubling: 5th end >= 40 ms */
  g_assert_cmpuint (fixture->waits->len, >=, 6);
  g_assert_cmpint (g_array_index (fixture->waits, gint64, 0), >=, 5);
  g_assert_cmpint (g_array_index (fixture->waits, gint64, 5), >=, 35);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define add(path, func) \
  g_test_add ("/runnel/client-wire/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  add ("pending-id-dropped", test_pending_id_dropped);
  add ("chunked-cut-get", test_chunked_cut_get);
  add ("no-http-answer", test_no_http_answer);
  add ("chunked-cut-post", test_chunked_cut_post);
  add ("content-length-cut", test_content_length_cut);
  add ("complete-bodies", test_complete_bodies);
  add ("chunk-size-overflow", test_chunk_size_overflow);
  add ("cache-control", test_cache_control);
  add ("quick-ends-back-off", test_quick_ends_back_off);

#undef add

  return g_test_run ();
}
