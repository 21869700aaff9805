/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-client.c: RunnelSseClient against the in-process demo server: every outcome */

#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "runnel-demo-server.h"
#include "runnel-sse-client.h"
#include "runnel-test-util.h"

/* generous: the machine is shared; nothing waits this long when things work */
#define DEADLINE_MS 10000

typedef struct
{
  RunnelDemoServer *server;
  RunnelSseClient  *client;
  GPtrArray        *events;     /* RunnelSseEvent, in arrival order */
  GArray           *states;     /* RunnelSseClientState, one per change */
  GPtrArray        *comments;
  GByteArray       *raw;
  gint64            state_time; /* monotonic µs of the last state change */
  gint64            open_time;
  gint64            waiting_time;
  guint             stop_after; /* disconnect after this many events, 0 = never */

  /* a runnel --print run */
  gboolean          print_done;
  int               print_status;
  char             *print_out;
  char             *print_err;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->server = runnel_demo_server_new ();
  if (data != NULL)
    {
      g_autoptr(GTlsCertificate) certificate = runnel_test_tls_certificate ();

      runnel_demo_server_set_tls_certificate (fixture->server, certificate);
    }
  g_assert_true (runnel_demo_server_listen (fixture->server, "127.0.0.1", 0, FALSE, &error));
  g_assert_no_error (error);
  fixture->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  fixture->states = g_array_new (FALSE, FALSE, sizeof (RunnelSseClientState));
  fixture->comments = g_ptr_array_new_with_free_func (g_free);
  fixture->raw = g_byte_array_new ();
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
  g_array_unref (fixture->states);
  g_ptr_array_unref (fixture->comments);
  g_byte_array_unref (fixture->raw);
  g_free (fixture->print_out);
  g_free (fixture->print_err);
}

typedef gboolean (*Condition) (Fixture *fixture);

/* iterate the main context until @condition holds; FALSE when @timeout_ms passed first */
static gboolean
iterate_until (Fixture   *fixture,
               Condition  condition,
               guint      timeout_ms)
{
  return runnel_test_iterate_until ((RunnelTestCondition) condition, fixture, timeout_ms);
}

#define wait_for(fixture, condition) \
  g_assert_true (iterate_until ((fixture), (condition), DEADLINE_MS))

static RunnelSseClientState
state (Fixture *fixture)
{
  return runnel_sse_client_get_state (fixture->client);
}

static gboolean
is_open (Fixture *fixture)
{
  return state (fixture) == RUNNEL_SSE_CLIENT_STATE_OPEN;
}

static gboolean
is_waiting (Fixture *fixture)
{
  return state (fixture) == RUNNEL_SSE_CLIENT_STATE_WAITING;
}

static gboolean
is_stopped (Fixture *fixture)
{
  return state (fixture) == RUNNEL_SSE_CLIENT_STATE_CLOSED ||
         state (fixture) == RUNNEL_SSE_CLIENT_STATE_FAILED;
}

static gboolean
has_event (Fixture *fixture)
{
  return fixture->events->len > 0;
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
  RunnelSseClientState new_state = runnel_sse_client_get_state (client);

  g_test_message ("state %s: %s", runnel_sse_client_state_to_string (new_state),
                  runnel_sse_client_get_reason (client));
  g_array_append_val (fixture->states, new_state);
  fixture->state_time = g_get_monotonic_time ();
  if (new_state == RUNNEL_SSE_CLIENT_STATE_OPEN)
    fixture->open_time = fixture->state_time;
  if (new_state == RUNNEL_SSE_CLIENT_STATE_WAITING)
    fixture->waiting_time = fixture->state_time;
}

static void
on_comment (RunnelSseClient *client,
            const char      *text,
            Fixture         *fixture)
{
  g_ptr_array_add (fixture->comments, g_strdup (text));
}

static RunnelRequest *
make_request (Fixture    *fixture,
              const char *path)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server), path + 1, NULL);

  return runnel_request_new (url);
}

/* a client for @request (NULL: GET @path) with short delays so that retries are quick */
static RunnelSseClient *
make_client (Fixture       *fixture,
             const char    *path,
             RunnelRequest *request)
{
  g_autoptr(RunnelRequest) owned = NULL;

  if (request == NULL)
    {
      request = owned = make_request (fixture, path);
      runnel_request_set_retry_delay (request, 20);
    }

  g_clear_object (&fixture->client);
  fixture->client = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (fixture->client, on_event, fixture, NULL);
  g_signal_connect (fixture->client, "state-changed", G_CALLBACK (on_state_changed), fixture);
  g_signal_connect (fixture->client, "comment", G_CALLBACK (on_comment), fixture);

  return fixture->client;
}

static RunnelSseEvent *
event_at (Fixture *fixture,
          guint    index)
{
  g_assert_cmpuint (index, <, fixture->events->len);
  return g_ptr_array_index (fixture->events, index);
}

static void
assert_error (Fixture    *fixture,
              int         code,
              const char *says)
{
  runnel_test_assert_client_error (fixture->client, code, says);
}

/* Tests */

static void
test_open_and_events (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/counter?interval=10&count=3");
  RunnelSseClientState expected[] = {
    RUNNEL_SSE_CLIENT_STATE_CONNECTING, RUNNEL_SSE_CLIENT_STATE_OPEN,
    RUNNEL_SSE_CLIENT_STATE_CLOSED,
  };
  g_autofree char *connecting = NULL;
  SoupMessageHeaders *headers;

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_IDLE);

  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CONNECTING);
  connecting = g_strconcat ("connecting to ", runnel_request_get_url (request), NULL);
  g_assert_cmpstr (runnel_sse_client_get_reason (fixture->client), ==, connecting);
  wait_for (fixture, is_stopped);

  g_assert_cmpmem (fixture->states->data, fixture->states->len * sizeof (RunnelSseClientState),
                   expected, sizeof expected);
  g_assert_cmpstr (runnel_sse_client_get_reason (fixture->client), ==,
                   "the server ended the stream");
  g_assert_null (runnel_sse_client_get_last_error (fixture->client));
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 200);
  /* a stream has no body to show beside its events */
  g_assert_null (runnel_sse_client_get_error_body (fixture->client));
  g_assert_cmpstr (runnel_sse_client_get_status_line (fixture->client), ==, "HTTP/1.1 200 OK");
  g_assert_cmpstr (runnel_sse_client_get_content_type (fixture->client), ==,
                   "text/event-stream; charset=utf-8");
  headers = runnel_sse_client_get_response_headers (fixture->client);
  g_assert_nonnull (headers);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-cache");

  g_assert_cmpuint (fixture->events->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (runnel_sse_event_get_event_type (event_at (fixture, i)), ==, "message");
      g_assert_cmpstr (runnel_sse_event_get_data (event_at (fixture, i), NULL), ==, number);
      g_assert_cmpstr (runnel_sse_event_get_id (event_at (fixture, i)), ==, number);
    }
  g_assert_cmpuint (runnel_sse_client_get_events_received (fixture->client), ==, 3);
  g_assert_cmpuint (runnel_sse_client_get_bytes_received (fixture->client), ==,
                    3 * strlen ("id: 1\ndata: 1\n\n"));
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "3");
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

/* events arrive while the stream is open, not when it ends; disconnect in the event sink */
static void
test_events_as_they_arrive (Fixture       *fixture,
                            gconstpointer  data)
{
  make_client (fixture, "/counter?interval=50", NULL);
  fixture->stop_after = 2;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_event);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpstr (runnel_sse_client_get_reason (fixture->client), ==, "disconnected");
  g_assert_cmpuint (fixture->events->len, ==, 2);
  /* the server sees the connection go */
  g_assert_false (iterate_until (fixture, NULL, 100));
  g_assert_cmpuint (runnel_demo_server_get_n_streams (fixture->server), ==, 0);
}

/* GET reconnects after a clean end and resumes with Last-Event-ID */
static void
test_reconnect_on_end (Fixture       *fixture,
                       gconstpointer  data)
{
  make_client (fixture, "/counter?interval=1&count=2", NULL);
  fixture->stop_after = 5;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpuint (fixture->events->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (runnel_sse_event_get_id (event_at (fixture, i)), ==, number);
    }
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 2);
}

/* drops in the middle of an event: the partial event is discarded, nothing lost or repeated */
static void
test_resume_across_drops (Fixture       *fixture,
                          gconstpointer  data)
{
  make_client (fixture, "/counter?interval=1&drop=3", NULL);
  fixture->stop_after = 12;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *number = g_strdup_printf ("%u", i + 1);

      g_assert_cmpstr (runnel_sse_event_get_id (event_at (fixture, i)), ==, number);
      g_assert_cmpstr (runnel_sse_event_get_data (event_at (fixture, i), NULL), ==, number);
    }
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), >=, 3);
}

static gboolean
waiting_or_stopped (Fixture *fixture)
{
  return is_waiting (fixture) || is_stopped (fixture);
}

static void
test_drop_is_retriable (Fixture       *fixture,
                        gconstpointer  data)
{
  make_client (fixture, "/fault/drop", NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, waiting_or_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_WAITING);
  assert_error (fixture, RUNNEL_SSE_ERROR_NETWORK, "The connection was dropped");
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "1");
  g_assert_cmpint (runnel_sse_client_get_retry_at (fixture->client), >, g_get_monotonic_time ());

  /* cancel while waiting to retry: nothing happens after */
  runnel_sse_client_disconnect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpint (runnel_sse_client_get_retry_at (fixture->client), ==, 0);
  g_assert_false (iterate_until (fixture, NULL, 200));
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

static void
test_no_content_stops (Fixture       *fixture,
                       gconstpointer  data)
{
  make_client (fixture, "/fault/204", NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  assert_error (fixture, RUNNEL_SSE_ERROR_NO_CONTENT, "204");
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 204);
  g_assert_false (iterate_until (fixture, NULL, 100));
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

static void
test_fatal_status (Fixture       *fixture,
                   gconstpointer  data)
{
  static const char * const paths[] = { "/fault/404", "/fault/401" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      make_client (fixture, paths[i], NULL);
      runnel_sse_client_connect (fixture->client);
      wait_for (fixture, is_stopped);

      g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
      assert_error (fixture, RUNNEL_SSE_ERROR_HTTP_STATUS, paths[i] + strlen ("/fault/"));
      g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==,
                        g_ascii_strtoull (paths[i] + strlen ("/fault/"), NULL, 10));
      g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);

      /* what the server answered stays to be read: status line, headers, body */
      {
        GBytes *body = runnel_sse_client_get_error_body (fixture->client);
        g_autofree char *text = NULL;
        g_autofree char *expected_line = g_strdup_printf ("HTTP/1.1 %s %s",
                                                          paths[i] + strlen ("/fault/"),
                                                          i == 0 ? "Not Found" : "Unauthorized");

        g_assert_nonnull (body);
        text = g_strndup (g_bytes_get_data (body, NULL), g_bytes_get_size (body));
        g_assert_nonnull (strstr (text, "a fault the Runnel demo server made on purpose"));
        g_assert_cmpstr (runnel_sse_client_get_status_line (fixture->client), ==,
                         expected_line);
      }
    }

  g_assert_cmpstr (soup_message_headers_get_one (
                     runnel_sse_client_get_response_headers (fixture->client), "WWW-Authenticate"),
                   ==, "Bearer realm=\"runnel-demo\"");
}

static void
test_wrong_content_type (Fixture       *fixture,
                         gconstpointer  data)
{
  make_client (fixture, "/fault/content-type", NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_CONTENT_TYPE, "text/html");
  g_assert_nonnull (runnel_sse_client_get_error_body (fixture->client));
  g_assert_true (g_str_has_prefix (g_bytes_get_data (runnel_sse_client_get_error_body (
                                                       fixture->client), NULL),
                                   "<!DOCTYPE html>"));
}

/* 5xx retries; max-retries turns it into a clear failure */
static void
test_max_retries (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/500");

  runnel_request_set_retry_delay (request, 10);
  runnel_request_set_backoff_cap (request, 40);
  runnel_request_set_max_retries (request, 2);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED, "Gave up after 2 retries");
  assert_error (fixture, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED, "500");
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 2);
}

/* the limit counts every automatic reconnection, also after streams that opened */
static void
test_max_retries_after_drops (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/drop");

  runnel_request_set_retry_delay (request, 10);
  runnel_request_set_max_retries (request, 2);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED, "dropped");
  g_assert_cmpuint (fixture->events->len, ==, 3);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 2);
}

static void
test_retry_after (Fixture       *fixture,
                  gconstpointer  data)
{
  static const char * const paths[] = { "/fault/503?after=2", "/fault/429?after=2" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      gint64 wait;

      make_client (fixture, paths[i], NULL);
      runnel_sse_client_connect (fixture->client);
      wait_for (fixture, waiting_or_stopped);

      g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_WAITING);
      assert_error (fixture, RUNNEL_SSE_ERROR_HTTP_STATUS, i == 0 ? "HTTP 503" : "HTTP 429");
      wait = runnel_sse_client_get_retry_at (fixture->client) - fixture->waiting_time;
      g_assert_cmpint (wait, >=, 1900 * 1000);
      g_assert_cmpint (wait, <=, 2100 * 1000);
      runnel_sse_client_disconnect (fixture->client);
    }
}

/* the server's retry: is the delay before the next attempt */
static void
test_retry_field (Fixture       *fixture,
                  gconstpointer  data)
{
  gint64 waited;

  make_client (fixture, "/fault/retry?ms=300", NULL);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_waiting);
  g_assert_cmpuint (fixture->events->len, ==, 1);
  wait_for (fixture, is_open);

  waited = fixture->open_time - fixture->waiting_time;
  g_assert_cmpint (waited, >=, 290 * 1000);
  g_assert_cmpint (waited, <, 3000 * 1000);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);
}

static gboolean
is_connecting (Fixture *fixture)
{
  return state (fixture) == RUNNEL_SSE_CLIENT_STATE_CONNECTING;
}

/* consecutive failures back off, capped, and never wait less than the reconnection time */
static void
test_backoff_sequence (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/500");
  gint64 at_least[5];
  gint64 at_most[5];
  gint64 attempt_start;

  runnel_request_set_retry_delay (request, 20);
  runnel_request_set_backoff_cap (request, 200);
  make_client (fixture, NULL, request);

  /*
   * The client picks each delay between the failed attempt's start and the "waiting" state, a
   * moment the test cannot see, and a slow machine (ASan, a loaded CI) stretches that moment by
   * several ms. So bracket the delay instead of measuring it: it is at least retry-at less the
   * time the test saw "waiting", and at most retry-at less the time the attempt started
   * ("connecting"). The lower bracket proves the ceiling of each step, the upper one its floor;
   * neither can fail for being slow, and a backoff that does not grow fails both on any machine
   * that fails a request in less than 80 ms.
   */
  attempt_start = g_get_monotonic_time ();
  runnel_sse_client_connect (fixture->client);
  for (guint i = 0; i < G_N_ELEMENTS (at_least); i++)
    {
      gint64 retry_at;

      wait_for (fixture, is_waiting);
      retry_at = runnel_sse_client_get_retry_at (fixture->client);
      at_least[i] = (retry_at - fixture->waiting_time) / 1000;
      at_most[i] = (retry_at - attempt_start + 999) / 1000;
      g_test_message ("wait %u: %" G_GINT64_FORMAT "..%" G_GINT64_FORMAT " ms", i, at_least[i],
                      at_most[i]);
      wait_for (fixture, is_connecting);
      attempt_start = fixture->state_time;
    }

  g_assert_cmpint (at_most[0], >=, 20);    /* the reconnection time */
  g_assert_cmpint (at_least[0], <=, 20);
  g_assert_cmpint (at_most[1], >=, 20);    /* 20..40 */
  g_assert_cmpint (at_least[1], <=, 40);
  g_assert_cmpint (at_most[2], >=, 40);    /* 40..80 */
  g_assert_cmpint (at_least[2], <=, 80);
  g_assert_cmpint (at_most[4], >=, 100);   /* capped: 100..200 */
  g_assert_cmpint (at_least[4], <=, 200);
}

/* a zero reconnection time does not make consecutive failures a busy loop */
static void
test_backoff_floor (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/500");
  gint64 waits[3];

  runnel_request_set_retry_delay (request, 0);
  runnel_request_set_backoff_cap (request, 0);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  for (guint i = 0; i < G_N_ELEMENTS (waits); i++)
    {
      wait_for (fixture, is_waiting);
      waits[i] = (runnel_sse_client_get_retry_at (fixture->client) - fixture->waiting_time) / 1000;
      g_test_message ("wait %u: %" G_GINT64_FORMAT " ms", i, waits[i]);
      wait_for (fixture, is_connecting);
    }

  g_assert_cmpint (waits[0], <=, 1);
  g_assert_cmpint (waits[1], >=, 3);    /* 5..10, less the moment before the handler */
  g_assert_cmpint (waits[2], >=, 3);
  runnel_sse_client_disconnect (fixture->client);
}

static void
test_read_timeout (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/silent");

  runnel_request_set_read_timeout (request, 200);
  runnel_request_set_reconnect (request, FALSE);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_READ_TIMEOUT, "200 ms");
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpint (fixture->state_time - fixture->open_time, >=, 190 * 1000);
}

/* comments keep a quiet stream alive under the read timeout */
static void
test_comments_reset_read_timeout (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/echo?keepalive=50");

  /* a comment every 50 ms, silence allowed for 800 ms: a wide margin on a loaded machine */
  runnel_request_set_read_timeout (request, 800);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  g_assert_false (iterate_until (fixture, is_waiting, 1600));
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  g_assert_cmpuint (fixture->comments->len, >=, 10);
  runnel_sse_client_disconnect (fixture->client);
}

static void
test_fatal_event (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/events?types=update,FatalError&interval=10");

  runnel_request_add_fatal_event_type (request, "FatalError");
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_FATAL_EVENT, "FatalError event 2\nhas a second line");
  g_assert_cmpuint (fixture->events->len, ==, 2);
}

static void
test_event_too_large (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/oversized?size=100000");

  runnel_request_set_max_event_size (request, 10000);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, "10000 bytes");
  assert_error (fixture, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, "--max-event-size");
  g_assert_cmpuint (fixture->events->len, ==, 0);
}

/* one byte per read: the same events, and the read timeout counts every byte */
static void
test_trickle (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/trickle?interval=1&count=3");
  const char *expected = "id: 1\ndata: trickle event 1\n\n";

  runnel_request_set_reconnect_on_end (request, FALSE);
  runnel_request_set_read_timeout (request, 1000);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autofree char *text = g_strdup_printf ("trickle event %u", i + 1);

      g_assert_cmpstr (runnel_sse_event_get_data (event_at (fixture, i), NULL), ==, text);
      g_assert_cmpuint (runnel_sse_event_get_wire_size (event_at (fixture, i)), ==,
                        strlen (expected));
    }
  g_assert_cmpuint (runnel_sse_client_get_bytes_received (fixture->client), ==,
                    3 * strlen (expected));
}

static void
test_gzip (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/gzip?interval=20&count=3");

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_event);
  /* decoded incrementally: the first event is out before the stream ends */
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->events->len, ==, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (fixture, 2), NULL), ==,
                   "compressed event 3");
}

static void
on_echo_event (RunnelSseClient *client,
               RunnelSseEvent  *event,
               GString         *echo)
{
  g_string_append_printf (echo, "%s=%s\n", runnel_sse_event_get_event_type (event),
                          runnel_sse_event_get_data (event, NULL));
}

static gboolean
has_body_event (Fixture *fixture)
{
  for (guint i = 0; i < fixture->events->len; i++)
    {
      if (g_str_equal (runnel_sse_event_get_event_type (event_at (fixture, i)), "body"))
        return TRUE;
    }

  return FALSE;
}

/* POST with headers and a body, received exactly: on the first attempt and on a retry */
static void
test_post_echo (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/echo?x=1");
  g_autoptr(GString) echo = g_string_new (NULL);
  const char *body = "{\"prompt\": \"line one\\nline two\", \"n\": 2}";
  g_autofree char *expected_body = g_strdup_printf ("body=%s\n", body);

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_append_header (request, "X-Tag", "one", TRUE);
  runnel_request_append_header (request, "X-Tag", "two", TRUE);
  runnel_request_append_header (request, "X-Off", "never sent", FALSE);
  runnel_request_set_body_text (request, body);
  runnel_request_set_last_event_id (request, "41");
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "event", G_CALLBACK (on_echo_event), echo);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_body_event);
  g_test_message ("%s", echo->str);

  g_assert_nonnull (strstr (echo->str, "method=POST\n"));
  g_assert_nonnull (strstr (echo->str, "path=/echo\n"));
  g_assert_nonnull (strstr (echo->str, "query=x=1\n"));
  g_assert_nonnull (strstr (echo->str, "header=Content-Type: application/json\n"));
  g_assert_nonnull (strstr (echo->str, "header=X-Tag: one\n"));
  g_assert_nonnull (strstr (echo->str, "header=X-Tag: two\n"));
  g_assert_nonnull (strstr (echo->str, "header=Accept: text/event-stream\n"));
  g_assert_nonnull (strstr (echo->str, "header=Last-Event-ID: 41\n"));
  g_assert_null (strstr (echo->str, "X-Off"));
  g_assert_nonnull (strstr (echo->str, expected_body));

  /* "Reconnect now" sends the same again */
  g_string_truncate (echo, 0);
  g_ptr_array_set_size (fixture->events, 0);
  runnel_sse_client_restart (fixture->client);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);
  wait_for (fixture, has_body_event);
  g_assert_nonnull (strstr (echo->str, "method=POST\n"));
  g_assert_nonnull (strstr (echo->str, "header=X-Tag: two\n"));
  g_assert_nonnull (strstr (echo->str, expected_body));
  runnel_sse_client_disconnect (fixture->client);
}

/* a user's Accept header replaces the default */
static void
test_accept_header_kept (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/echo");
  g_autoptr(GString) echo = g_string_new (NULL);

  runnel_request_append_header (request, "accept", "text/event-stream, */*", TRUE);
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "event", G_CALLBACK (on_echo_event), echo);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_body_event);

  /* libsoup writes well-known names in their usual case */
  g_assert_nonnull (strstr (echo->str, "header=Accept: text/event-stream, */*\n"));
  g_assert_null (strstr (echo->str, "header=Accept: text/event-stream\n"));
  g_assert_null (strstr (echo->str, "Last-Event-ID"));
  runnel_sse_client_disconnect (fixture->client);
}

/* POST does not reconnect after a clean end: a finished reply is never requested twice */
static void
test_post_not_reconnected (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/chat");

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_set_body_text (request,
                                "{\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->events->len, >=, 2);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (fixture, fixture->events->len - 1), NULL),
                   ==, "[DONE]");
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

static void
test_connection_refused (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autofree char *url = NULL;
  guint port = runnel_demo_server_get_port (fixture->server);

  /* a port nobody listens on: the demo server's, once stopped */
  runnel_demo_server_stop (fixture->server);
  url = g_strdup_printf ("http://127.0.0.1:%u/clock", port);
  request = runnel_request_new (url);
  runnel_request_set_reconnect (request, FALSE);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_NETWORK, "Cannot connect to 127.0.0.1");

  /* said once, not "Cannot connect to …: Could not connect to …: Connection refused" */
  {
    g_autofree char *said = g_strdup_printf ("Cannot connect to 127.0.0.1:%u: Connection refused",
                                             port);

    g_assert_cmpstr (runnel_sse_client_get_last_error (fixture->client)->message, ==, said);
  }
}

/* a handler that takes its time, as a busy machine does between scheduling and telling */
static void
on_retry_at_slow (RunnelSseClient *client,
                  GParamSpec      *pspec,
                  gpointer         user_data)
{
  g_usleep (3000);
}

/* the wait before a retry as it was chosen, however long since: what runnel --print says */
static void
test_retry_wait_exact (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/drop");

  runnel_request_set_retry_delay (request, 1234);
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "notify::retry-at", G_CALLBACK (on_retry_at_slow), NULL);
  g_assert_cmpuint (runnel_sse_client_get_retry_wait (fixture->client), ==, 0);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_waiting);

  g_assert_cmpuint (runnel_sse_client_get_retry_wait (fixture->client), ==, 1234);
  /* what is left of it is less by now */
  g_assert_cmpint (runnel_sse_client_get_retry_at (fixture->client) - g_get_monotonic_time (),
                   <, 1231 * 1000);

  runnel_sse_client_disconnect (fixture->client);
  g_assert_cmpuint (runnel_sse_client_get_retry_wait (fixture->client), ==, 0);
}

static void
test_bad_requests_refused (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("ftp://127.0.0.1/");

  make_client (fixture, NULL, request);
  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "only http and https");

  g_clear_object (&request);
  request = make_request (fixture, "/echo");
  runnel_request_append_header (request, "X-Evil", "a\r\nX-Injected: b", TRUE);
  make_client (fixture, NULL, request);
  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "line break");
  g_assert_cmpuint (runnel_demo_server_get_n_streams (fixture->server), ==, 0);
}

static void
test_time_limit (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/clock?interval=50");

  runnel_request_set_timeout (request, 300);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TIMEOUT, "300 ms");
  g_assert_cmpuint (fixture->events->len, >=, 1);
}

static void
test_restart (Fixture       *fixture,
              gconstpointer  data)
{
  make_client (fixture, "/counter?interval=20", NULL);
  fixture->stop_after = 2;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  fixture->stop_after = 4;

  /* from closed, restart connects again; from open, it reconnects at once with the last id */
  runnel_sse_client_restart (fixture->client);
  wait_for (fixture, is_open);
  runnel_sse_client_restart (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CONNECTING);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);
  wait_for (fixture, is_stopped);

  /* a fresh connect starts again from the request's last event id (none) */
  g_assert_cmpstr (runnel_sse_event_get_id (event_at (fixture, 2)), ==, "1");
  g_assert_cmpuint (fixture->events->len, ==, 4);
}

static void
on_raw (RunnelSseClient *client,
        GBytes          *bytes,
        Fixture         *fixture)
{
  g_byte_array_append (fixture->raw, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static void
test_raw (Fixture       *fixture,
          gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/counter?interval=1&count=2");
  const char expected[] = "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n";

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "raw", G_CALLBACK (on_raw), fixture);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpmem (fixture->raw->data, fixture->raw->len, expected, sizeof expected - 1);
}

/* cancel and dispose in every state: nothing runs after, nothing leaks */
static void
test_cancel_each_state (Fixture       *fixture,
                        gconstpointer  data)
{
  static const Condition reach[] = { NULL, is_open, is_waiting };

  for (guint dispose = 0; dispose < 2; dispose++)
    for (guint i = 0; i < G_N_ELEMENTS (reach); i++)
      {
        g_autoptr(RunnelRequest) request = make_request (fixture, "/counter?interval=20&drop=1");

        runnel_request_set_retry_delay (request, 5000);
        make_client (fixture, NULL, request);
        runnel_sse_client_connect (fixture->client);
        if (reach[i] != NULL)
          wait_for (fixture, reach[i]);

        if (dispose)
          {
            g_assert_finalize_object (g_steal_pointer (&fixture->client));
          }
        else
          {
            runnel_sse_client_disconnect (fixture->client);
            g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
          }

        g_array_set_size (fixture->states, 0);
        g_assert_false (iterate_until (fixture, NULL, 100));
        g_assert_cmpuint (fixture->states->len, ==, 0);
        g_assert_cmpuint (runnel_demo_server_get_n_streams (fixture->server), ==, 0);
      }
}

/* runnel --print, the binary, against the demo server that lives in this process */

static gboolean
print_done (Fixture *fixture)
{
  return fixture->print_done;
}

/* runs runnel --print @args… with "URL" replaced by the demo server's URL for @path */
static void
run_print (Fixture    *fixture,
           const char *path,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  RunnelTestRun run = { 0 };
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_strdup ("--print"));
  va_start (args, path);
  while ((arg = va_arg (args, const char *)) != NULL)
    {
      if (g_str_equal (arg, "URL"))
        g_ptr_array_add (argv, g_strconcat (runnel_demo_server_get_uri (fixture->server),
                                            path + 1, NULL));
      else
        g_ptr_array_add (argv, g_strdup (arg));
    }
  va_end (args);
  g_ptr_array_add (argv, NULL);

  runnel_test_run_binary (&run, (const char * const *) argv->pdata, 60000);
  g_free (fixture->print_out);
  g_free (fixture->print_err);
  fixture->print_status = run.status;
  fixture->print_out = g_steal_pointer (&run.out);
  fixture->print_err = g_steal_pointer (&run.err);
}

static void
assert_said (const char *text,
             const char *says)
{
  if (strstr (text, says) == NULL)
    g_error ("“%s” does not say “%s”", text, says);
}

static void
test_print_events (Fixture       *fixture,
                   gconstpointer  data)
{
  g_auto(GStrv) lines = NULL;

  run_print (fixture, "/counter?interval=10", "--max-events", "3", "URL", NULL);

  g_assert_cmpint (fixture->print_status, ==, 0);
  lines = g_strsplit (fixture->print_out, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 4);
  g_assert_cmpstr (lines[3], ==, "");
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);
      g_autofree char *number = g_strdup_printf ("%u", i + 1);
      JsonObject *object;

      g_assert_nonnull (node);
      object = json_node_get_object (node);
      g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "message");
      g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, number);
      g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, number);
    }
  assert_said (fixture->print_err, "runnel: connecting to http://127.0.0.1:");
  assert_said (fixture->print_err, "runnel: open (HTTP 200)\n");
  assert_said (fixture->print_err, "runnel: closed\n");
}

/* a server of plain HTTP that answers every connection at once, as one does a TLS hello */
static gboolean
on_plain_incoming (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n";
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

  g_output_stream_write_all (out, answer, strlen (answer), NULL, NULL, NULL);
  g_io_stream_close (G_IO_STREAM (connection), NULL, NULL);

  return TRUE;
}

/* an https:// URL for a server of plain HTTP: the error says what would fix it */
static void
test_print_tls_to_plain_server (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *said = NULL;
  guint port;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), any, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  g_signal_connect (service, "incoming", G_CALLBACK (on_plain_incoming), NULL);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  url = g_strdup_printf ("https://127.0.0.1:%u/clock", port);
  said = g_strdup_printf ("runnel: failed: the TLS handshake with 127.0.0.1:%u failed: ", port);

  run_print (fixture, "/", "--no-reconnect", url, NULL);
  g_socket_service_stop (service);

  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, said);
  assert_said (fixture->print_err, ". A server of plain HTTP needs an http:// URL\n");
  g_assert_null (strstr (fixture->print_err, ".."));
}

/*
 * A proxy from the environment (http_proxy, as curl reads it) that refuses the connection: the
 * error names the proxy, not only the server, which is up and would have answered
 */
static void
test_print_through_proxy (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server), "clock",
                                      NULL);
  g_autofree char *proxy = g_strdup_printf ("http_proxy=http://user:secret@127.0.0.1:%u",
                                            runnel_test_closed_port ());
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  g_autofree char *said = NULL;
  const char *argv[] = {
    "env", "-u", "no_proxy", "-u", "NO_PROXY", "-u", "all_proxy", "-u", "ALL_PROXY",
    "GIO_USE_PROXY_RESOLVER=libproxy", proxy,
    g_getenv ("RUNNEL_BINARY"), "--print", "--no-reconnect", "-m", "5", url, NULL
  };
  int status = runnel_test_run_command (argv, &out, &err, 60000);

  /* GIO's proxy resolvers come with glib-networking */
  if (strstr (err, "runnel: open (HTTP 200)") != NULL)
    {
      g_test_skip ("GIO has no libproxy resolver here (glib-networking): no proxy was used");
      return;
    }

  g_assert_cmpint (status, ==, 1);
  said = g_strdup_printf ("runnel: failed: cannot connect to 127.0.0.1:%u through the proxy "
                          "http://127.0.0.1:%s: Connection refused",
                          runnel_demo_server_get_port (fixture->server),
                          strrchr (proxy, ':') + 1);
  assert_said (err, said);
  /* the proxy's password is not shown */
  g_assert_null (strstr (err, "secret"));
}

static void
test_print_outcomes (Fixture       *fixture,
                     gconstpointer  data)
{
  run_print (fixture, "/fault/204", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_err, "runnel: closed: the server answered 204 No Content");

  run_print (fixture, "/fault/404", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "runnel: failed: the server answered HTTP 404 Not Found");

  run_print (fixture, "/fault/drop", "--max-retries", "1", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err,
               "runnel: waiting 1000 ms to retry: the connection was dropped");
  assert_said (fixture->print_err, "(reconnection 1)\n");
  assert_said (fixture->print_err, "runnel: failed: gave up after 1 retry: the connection");

  run_print (fixture, "/clock?interval=50", "-m", "0.3", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_err, "runnel: closed: the time limit of 300 ms elapsed");

  run_print (fixture, "/events?types=update,FatalError&interval=10", "--fatal-event",
             "FatalError", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "runnel: failed: the server sent a fatal “FatalError” event");

  run_print (fixture, "/counter?interval=1&count=2", "--summary", "--no-reconnect", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "{\"events\":2,\"bytes\":30,\"types\":{\"message\":2}");
}

static void
test_print_post (Fixture       *fixture,
                 gconstpointer  data)
{
  run_print (fixture, "/echo?keepalive=1000", "-d", "{\"a\": 1}", "-H", "X-Tag: one",
             "-H", "X-Tag: two", "--last-event-id", "7", "--max-events", "15", "URL", NULL);

  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"type\":\"method\",\"data\":\"POST\"");
  assert_said (fixture->print_out, "\"data\":\"X-Tag: one\"");
  assert_said (fixture->print_out, "\"data\":\"X-Tag: two\"");
  assert_said (fixture->print_out, "\"data\":\"Last-Event-ID: 7\"");
  assert_said (fixture->print_out, "\"type\":\"body\",\"data\":\"{\\\"a\\\": 1}\"");
  /* -d without a Content-Type sends curl's */
  assert_said (fixture->print_out,
               "\"data\":\"Content-Type: application/x-www-form-urlencoded\"");
}

/* curl's other data options, spelled as curl spells them, with curl's bodies */
static void
test_print_curl_data (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *at_path = NULL;
  int fd = g_file_open_tmp ("runnel-body-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, "{\"a\":\r\n 1}\n", -1, &error);
  g_assert_no_error (error);
  at_path = g_strconcat ("@", path, NULL);

  /* --json: a POST of JSON that still asks for an event stream */
  run_print (fixture, "/echo?keepalive=1000", "--json", "{\"q\":", "--json", "1}",
             "--expect", "count body >= 1", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"type\":\"method\",\"data\":\"POST\"");
  assert_said (fixture->print_out, "\"data\":\"Content-Type: application/json\"");
  assert_said (fixture->print_out, "\"data\":\"Accept: text/event-stream\"");
  assert_said (fixture->print_out, "\"type\":\"body\",\"data\":\"{\\\"q\\\":1}\"");

  /* -d @FILE drops CR and LF; --data-binary @FILE sends the file as it is */
  run_print (fixture, "/echo?keepalive=1000", "-d", at_path, "--expect", "count body >= 1",
             "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"type\":\"body\",\"data\":\"{\\\"a\\\": 1}\"");

  run_print (fixture, "/echo?keepalive=1000", "--data-binary", at_path, "-H",
             "Content-Type: application/json", "--expect", "count body >= 1", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  /* (the echo's event stream reads the CR LF as one line break; Content-Length counts it) */
  assert_said (fixture->print_out,
               "\"type\":\"body\",\"data\":\"{\\\"a\\\":\\n 1}\\n\"");
  assert_said (fixture->print_out, "\"data\":\"Content-Length: 11\"");
  assert_said (fixture->print_out, "\"data\":\"Content-Type: application/json\"");

  /* --data-raw sends @ as written; pieces are joined with & */
  run_print (fixture, "/echo?keepalive=1000", "--data-raw", "@user", "-d", "b=2",
             "--expect", "count body >= 1", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"type\":\"body\",\"data\":\"@user&b=2\"");

  g_unlink (path);
}

static void
wait_done_cb (GSubprocess  *process,
              GAsyncResult *result,
              Fixture      *fixture)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (process, result, &error);
  g_assert_no_error (error);
  fixture->print_done = TRUE;
}

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fixture *fixture = user_data;
  g_autoptr(GError) error = NULL;

  fixture->print_out = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object),
                                                                  result, NULL, &error);
  g_assert_no_error (error);
  fixture->print_done = TRUE;
}

/* each event is on stdout while the stream goes on; SIGTERM stops it cleanly */
static void
test_print_live (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server),
                                      "clock?interval=100", NULL);
  const char *argv[] = { g_getenv ("RUNNEL_BINARY"), "--print", url, NULL };
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (argv[0]);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                               G_SUBPROCESS_FLAGS_STDERR_SILENCE, &error);
  g_assert_no_error (error);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) node = NULL;

      g_clear_pointer (&fixture->print_out, g_free);
      fixture->print_done = FALSE;
      g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, fixture);
      wait_for (fixture, print_done);
      node = json_from_string (fixture->print_out, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "type"), ==,
                       "message");
    }

  /* /clock never ends: the lines came while it ran; SIGTERM ends it with the shell's 143 */
  g_subprocess_send_signal (process, SIGTERM);
  fixture->print_done = FALSE;
  g_subprocess_wait_async (process, NULL, (GAsyncReadyCallback) wait_done_cb, fixture);
  wait_for (fixture, print_done);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 143);
}

/* reads one line of @out into fixture->print_out */
static void
read_print_line (Fixture          *fixture,
                 GDataInputStream *out)
{
  g_clear_pointer (&fixture->print_out, g_free);
  fixture->print_done = FALSE;
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, read_line_cb, fixture);
  wait_for (fixture, print_done);
  g_assert_nonnull (fixture->print_out);
  g_test_message ("line: %s", fixture->print_out);
}

static GSubprocess *
spawn_print (Fixture           *fixture,
             GSubprocessFlags   flags,
             const char        *path,
             const char        *option,
             const char        *option2,
             GDataInputStream **out)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->server), path + 1,
                                      NULL);
  const char *argv[] = { g_getenv ("RUNNEL_BINARY"), "--print", url, option, option2, NULL };
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  g_assert_nonnull (argv[0]);
  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | flags, &error);
  g_assert_no_error (error);
  *out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  return process;
}

static void
wait_print_exit (Fixture     *fixture,
                 GSubprocess *process,
                 int          status)
{
  fixture->print_done = FALSE;
  g_subprocess_wait_async (process, NULL, (GAsyncReadyCallback) wait_done_cb, fixture);
  wait_for (fixture, print_done);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, status);
}

/* runnel --print URL | head -n 2: the reader goes, runnel ends at once, quietly, with 3 */
static void
test_print_closed_pipe (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) process = spawn_print (fixture, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                "/clock?interval=50", NULL, NULL, &out);
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));

  read_print_line (fixture, out);
  read_print_line (fixture, out);
  g_input_stream_close (G_INPUT_STREAM (out), NULL, NULL);

  wait_print_exit (fixture, process, 3);

  /* stderr said nothing of the closed pipe */
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (err, NULL, NULL, NULL);

      if (line == NULL)
        break;
      g_test_message ("stderr: %s", line);
      g_assert_null (strstr (line, "write"));
      g_assert_null (strstr (line, "closed"));
    }
}

/* Ctrl+C: --summary still prints, and the exit status is the shell's 130 */
static void
test_print_interrupted (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) process = spawn_print (fixture, G_SUBPROCESS_FLAGS_STDERR_PIPE,
                                                "/clock?interval=50", "--summary", NULL,
                                                &out);
  g_autoptr(GDataInputStream) err = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));

  /* open, then interrupted (the server runs in this process: read while it serves) */
  do
    read_print_line (fixture, err);
  while (strstr (fixture->print_out, "open") == NULL);
  g_subprocess_send_signal (process, SIGINT);

  read_print_line (fixture, out);
  assert_said (fixture->print_out, "{\"events\":");
  wait_print_exit (fixture, process, 130);
}

/* with 2>&1, "closed" comes after the last event; SIGUSR1 reconnects with Last-Event-ID */
static void
test_print_order_and_reconnect (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GSubprocess) process = spawn_print (fixture, G_SUBPROCESS_FLAGS_STDERR_MERGE,
                                                "/counter?interval=30&count=8",
                                                "--no-reconnect-on-end", "--comments", &out);
  guint64 expected = 1;
  gboolean signalled = FALSE;
  gboolean reconnected = FALSE;

  for (;;)
    {
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(GError) error = NULL;

      read_print_line (fixture, out);
      if (g_str_has_prefix (fixture->print_out, "runnel: "))
        {
          if (strstr (fixture->print_out, "(reconnection 1)") != NULL)
            reconnected = TRUE;
          if (strstr (fixture->print_out, "closed") != NULL)
            break;
          continue;
        }

      node = json_from_string (fixture->print_out, &error);
      g_assert_no_error (error);
      g_assert_cmpint (json_object_get_int_member (json_node_get_object (node), "seq"), >, 0);
      g_assert_cmpint (g_ascii_strtoll (json_object_get_string_member (json_node_get_object (node),
                                                                        "id"), NULL, 10),
                       ==, expected);
      expected++;

      if (expected == 4 && !signalled)
        {
          g_subprocess_send_signal (process, SIGUSR1);
          signalled = TRUE;
        }
    }

  /* every event, once, in order, before "closed"; the reconnection resumed after the 3rd
   * (and the server sent its 8 from there) */
  g_assert_true (reconnected);
  g_assert_cmpuint (expected, ==, 12);
  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, NULL);
}

/* --comments prints comment lines in order with the events; --retry-delay sets the wait */
static void
test_print_comments_and_retry_delay (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_auto(GStrv) lines = NULL;

  run_print (fixture, "/events?interval=5&count=5", "--comments", "--no-reconnect-on-end",
             "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  lines = g_strsplit (fixture->print_out, "\n", -1);
  g_assert_cmpstr (lines[0], ==, "{\"comment\":\" a comment before event 1\"}");
  assert_said (lines[1], "\"id\":\"1\"");
  g_assert_cmpstr (lines[5], ==, "{\"comment\":\" a comment before event 5\"}");

  run_print (fixture, "/fault/drop", "--retry-delay", "1234", "--max-retries", "1", "URL", NULL);
  assert_said (fixture->print_err, "waiting 1234 ms to retry");

  run_print (fixture, "/fault/drop", "--retry-delay", "-5", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);

  /* a --fatal-event's data with a line break stays on its one stderr line */
  run_print (fixture, "/events?interval=5&count=3", "--fatal-event", "update", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "update event 2\\x0Ahas a second line\n");
}

static void
test_print_bad_usage (Fixture       *fixture,
                      gconstpointer  data)
{
  run_print (fixture, "/", "ftp://example.com/", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "only http and https");

  run_print (fixture, "/", "http://exa mple.com/", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "space");

  run_print (fixture, "/clock", "-H", "X-Evil: a\r\nX-Injected: b", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "runnel: -H: The value of header “X-Evil” contains a line break");

  run_print (fixture, "/clock", "-H", "no colon", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "has no colon");

  run_print (fixture, "/clock", "-d", "@/nonexistent/body.json", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "runnel: -d @/nonexistent/body.json: ");

  run_print (fixture, "/clock", "-X", "GET /x", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "not a valid HTTP method");
  g_assert_cmpstr (fixture->print_out, ==, "");
}

/* TLS: the demo server serves HTTPS with the tests' certificate (runnel_test_tls_certificate) */

static char *
ca_file (void)
{
  return runnel_test_tls_ca_file ();
}

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_assert_true (g_str_has_prefix (runnel_demo_server_get_uri (fixture->server), "https://"));
  make_client (fixture, "/counter?interval=10", NULL);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "not signed by a trusted certificate authority");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "--cacert");
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 0);
}

static void
test_tls_trusted (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *ca = ca_file ();

  for (guint insecure = 0; insecure < 2; insecure++)
    {
      g_autoptr(RunnelRequest) request = make_request (fixture, "/counter?interval=10&count=2");

      /* a CA file adds that authority; -k accepts any certificate */
      if (insecure)
        runnel_request_set_accept_invalid_certificates (request, TRUE);
      else
        runnel_request_set_ca_file (request, ca);
      runnel_request_set_reconnect_on_end (request, FALSE);
      g_ptr_array_set_size (fixture->events, 0);
      make_client (fixture, NULL, request);

      runnel_sse_client_connect (fixture->client);
      wait_for (fixture, is_stopped);

      g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
      g_assert_null (runnel_sse_client_get_last_error (fixture->client));
      g_assert_cmpuint (fixture->events->len, ==, 2);
    }
}

static void
test_tls_wrong_host (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *ca = ca_file ();
  g_autofree char *url = g_strdup_printf ("https://localhost:%u/clock",
                                          runnel_demo_server_get_port (fixture->server));
  g_autoptr(RunnelRequest) request = runnel_request_new (url);

  /* the certificate names 127.0.0.1 only */
  runnel_request_set_ca_file (request, ca);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "not valid for the host name localhost");
}

static void
test_tls_bad_ca_file (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/clock");

  runnel_request_set_ca_file (request, "/nonexistent/ca.pem");
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "Cannot load the CA file");
}

static void
test_tls_print (Fixture       *fixture,
                gconstpointer  data)
{
  g_autofree char *ca = ca_file ();
  g_autofree char *dir = g_path_get_dirname (ca);
  g_autofree char *cwd = g_get_current_dir ();

  run_print (fixture, "/counter?interval=10", "--max-events", "2", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "runnel: failed: the server's TLS certificate was refused: "
               "it is not signed by a trusted certificate authority");

  run_print (fixture, "/counter?interval=10", "--cacert", ca, "--max-events", "2", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"data\":\"2\"");

  run_print (fixture, "/counter?interval=10", "-k", "--max-events", "2", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 0);

  /* a relative path is the current directory's, as in curl */
  g_assert_cmpint (g_chdir (dir), ==, 0);
  run_print (fixture, "/counter?interval=10", "--cacert", "test-cert.pem", "--max-events", "2",
             "URL", NULL);
  g_assert_cmpint (g_chdir (cwd), ==, 0);
  g_assert_cmpint (fixture->print_status, ==, 0);
  assert_said (fixture->print_out, "\"data\":\"2\"");

  run_print (fixture, "/counter", "--cacert", "/nonexistent/ca.pem", "URL", NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "runnel: --cacert: cannot load “/nonexistent/ca.pem”");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

/* a firehose does not notify per event: counters are notified at most every 100 ms, exact at
 * the end, and exact through the getters at any time */
static void
test_stats_throttled (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(RunnelRequest) request =
    make_request (fixture, "/firehose?rate=0&size=50&count=100000");
  guint n_events_notify = 0;
  guint n_bytes_notify = 0;
  guint n_state_notify = 0;
  gint64 start;
  gint64 elapsed_ms;

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "notify::events-received", G_CALLBACK (count_notify),
                    &n_events_notify);
  g_signal_connect (fixture->client, "notify::bytes-received", G_CALLBACK (count_notify),
                    &n_bytes_notify);
  g_signal_connect (fixture->client, "notify::state", G_CALLBACK (count_notify), &n_state_notify);

  start = g_get_monotonic_time ();
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  elapsed_ms = (g_get_monotonic_time () - start) / 1000;

  g_test_message ("%u events notifications in %" G_GINT64_FORMAT " ms", n_events_notify,
                  elapsed_ms);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->events->len, ==, 100000);
  g_assert_cmpuint (runnel_sse_client_get_events_received (fixture->client), ==, 100000);
  g_assert_cmpuint (n_events_notify, >=, 1);
  g_assert_cmpuint (n_events_notify, <=, elapsed_ms / 100 + 2);
  g_assert_cmpuint (n_bytes_notify, <=, elapsed_ms / 100 + 2);
  g_assert_cmpuint (n_state_notify, ==, 3);   /* connecting, open, closed */
}

/* "Reconnect now" while waiting to retry connects at once */
static void
test_restart_while_waiting (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/500");

  runnel_request_set_retry_delay (request, 60000);
  make_client (fixture, NULL, request);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_waiting);
  g_assert_cmpint (runnel_sse_client_get_retry_at (fixture->client), >,
                   g_get_monotonic_time () + 50 * G_USEC_PER_SEC);

  runnel_sse_client_restart (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CONNECTING);
  g_assert_cmpint (runnel_sse_client_get_retry_at (fixture->client), ==, 0);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);
  wait_for (fixture, is_waiting);
  runnel_sse_client_disconnect (fixture->client);
}

/* a POST reconnects after a clean end when asked to, with the same body */
static void
test_post_reconnect_on_end (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = make_request (fixture, "/fault/retry?ms=10");

  runnel_request_set_method (request, "POST");
  runnel_request_set_reconnect_on_end (request, TRUE);
  make_client (fixture, NULL, request);
  fixture->stop_after = 2;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpuint (fixture->events->len, ==, 2);
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (fixture->client), ==, 1);
}

/* redirects are followed; a 307 keeps the method and body */
static void
test_redirect (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(RunnelRequest) request =
    make_request (fixture, "/fault/redirect?to=%2Fcounter%3Finterval%3D1%26count%3D2");
  g_autoptr(GString) echo = g_string_new (NULL);

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 200);
  g_assert_cmpuint (fixture->events->len, ==, 2);

  g_clear_object (&request);
  request = make_request (fixture, "/fault/redirect?to=%2Fecho&status=307");
  runnel_request_set_method (request, "POST");
  runnel_request_set_body_text (request, "kept");
  make_client (fixture, NULL, request);
  g_signal_connect (fixture->client, "event", G_CALLBACK (on_echo_event), echo);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_body_event);

  g_assert_nonnull (strstr (echo->str, "method=POST\npath=/echo\n"));
  g_assert_nonnull (strstr (echo->str, "body=kept\n"));
  runnel_sse_client_disconnect (fixture->client);
}

static void
drop_client_on_event (RunnelSseEvent *event,
                      gpointer        user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->events, runnel_sse_event_ref (event));
  g_clear_object (&fixture->client);
}

/* a sink may drop the last reference (the UI closing a tab): the client goes quietly */
static void
test_unref_in_callback (Fixture       *fixture,
                        gconstpointer  data)
{
  GWeakRef weak;

  make_client (fixture, "/counter?interval=1&count=5", NULL);
  runnel_sse_client_set_event_func (fixture->client, drop_client_on_event, fixture, NULL);
  g_weak_ref_init (&weak, fixture->client);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_event);

  g_assert_null (fixture->client);
  g_assert_null (g_weak_ref_get (&weak));
  g_assert_false (iterate_until (fixture, NULL, 100));
  g_assert_cmpuint (fixture->events->len, ==, 1);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (fixture->server), ==, 0);
  g_weak_ref_clear (&weak);
}

/* threads of this process named "runnel-read" (the body's reader) */
static guint
count_reader_threads (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/task", 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename ("/proc/self/task", name, "comm", NULL);
      g_autofree char *comm = NULL;

      if (g_file_get_contents (path, &comm, NULL, NULL) && g_str_has_prefix (comm, "runnel-read"))
        n++;
    }

  return n;
}

static gboolean
server_has_no_streams (Fixture *fixture)
{
  return runnel_demo_server_get_n_streams (fixture->server) == 0;
}

/* a body read on its own thread: every event of a long fast stream, in order, then closed */
static void
test_read_thread_order (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(RunnelRequest) request =
    make_request (fixture, "/firehose?rate=0&size=50&count=200000");

  runnel_request_set_reconnect_on_end (request, FALSE);
  make_client (fixture, NULL, request);
  runnel_sse_client_set_read_thread (fixture->client, TRUE);
  runnel_sse_client_connect (fixture->client);
  /* the thread waits for the parser (three buffers): it cannot have read the rest yet */
  wait_for (fixture, has_event);
  g_assert_cmpuint (count_reader_threads (), ==, 1);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->events->len, ==, 200000);
  for (guint i = 0; i < fixture->events->len; i++)
    g_assert_cmpuint (g_ascii_strtoull (runnel_sse_event_get_id (event_at (fixture, i)), NULL, 10),
                      ==, i + 1);
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "200000");
  g_assert_cmpuint (count_reader_threads (), ==, 0);
}

/* a disconnect in the middle of a body read on its thread ends it at once: no event after it,
 * the thread joined, the connection closed */
static void
test_read_thread_disconnect (Fixture       *fixture,
                             gconstpointer  data)
{
  make_client (fixture, "/firehose?rate=0&size=50", NULL);
  runnel_sse_client_set_read_thread (fixture->client, TRUE);
  fixture->stop_after = 5000;
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (count_reader_threads (), ==, 0);
  g_assert_false (iterate_until (fixture, NULL, 100));
  g_assert_cmpuint (fixture->events->len, ==, 5000);
  g_assert_cmpuint (runnel_sse_client_get_events_received (fixture->client), ==, 5000);
  wait_for (fixture, server_has_no_streams);

  /* and once more: the client reads its next body on a new thread */
  g_ptr_array_set_size (fixture->events, 0);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpuint (fixture->events->len, ==, 5000);
  g_assert_cmpuint (count_reader_threads (), ==, 0);
}

/*
 * A busy main loop, as a window's is while it draws slow frames: a source above idle priority
 * that is always ready and works 5 ms each time, until @until.
 */
static gboolean
busy_cb (gpointer user_data)
{
  gint64 *until = user_data;
  gint64 end = g_get_monotonic_time () + 5 * 1000;

  while (g_get_monotonic_time () < end)
    ;

  return g_get_monotonic_time () < *until ? G_SOURCE_CONTINUE : G_SOURCE_REMOVE;
}

static gboolean
has_twelve_events (Fixture *fixture)
{
  return fixture->events->len >= 12;
}

/*
 * Events that come 40 ms apart are read as they come, also while the main loop is busy: only
 * reads that find data already waiting (a server ahead of us) give way to idle time. Before,
 * every read after a pause waited for idle time, and a busy window received a slow stream's
 * events in bunches: false gaps, a false "Buffered" badge.
 */
static void
test_slow_stream_busy_loop (Fixture       *fixture,
                            gconstpointer  data)
{
  gint64 until = g_get_monotonic_time () + 3 * G_USEC_PER_SEC;
  guint busy;
  gint64 longest = 0;

  make_client (fixture, "/counter?interval=40", NULL);
  busy = g_idle_add_full (G_PRIORITY_HIGH_IDLE, busy_cb, &until, NULL);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_twelve_events);
  if (g_get_monotonic_time () < until)
    g_source_remove (busy);
  runnel_sse_client_disconnect (fixture->client);

  for (guint i = 1; i < fixture->events->len; i++)
    {
      gint64 gap = runnel_sse_event_get_monotonic_time (event_at (fixture, i)) -
                   runnel_sse_event_get_monotonic_time (event_at (fixture, i - 1));

      longest = MAX (longest, gap);
    }
  /* 40 ms apart at the server; a bunched read would leave a gap of a second or more */
  g_assert_cmpint (longest, <, 400 * 1000);
}

/*
 * A server that answers with @n_events events at once and resets the connection (RST) right
 * after them, on a body that ends only when the connection does. The reset is reported once
 * (ECONNRESET), and a read after it sees a clean end: a client that lost it would say the
 * server ended the stream.
 */
typedef struct
{
  GSocket *listener;
  guint    n_events;
} ResetServer;

static gpointer
reset_server_thread (gpointer user_data)
{
  ResetServer *server = user_data;
  g_autoptr(GSocket) socket = g_socket_accept (server->listener, NULL, NULL);
  g_autoptr(GString) response = g_string_new ("HTTP/1.1 200 OK\r\n"
                                              "Content-Type: text/event-stream\r\n"
                                              "Connection: close\r\n\r\n");
  GString *request = g_string_new (NULL);
  struct linger linger = { 1, 0 };
  char buffer[4096];

  g_assert_nonnull (socket);
  while (strstr (request->str, "\r\n\r\n") == NULL)
    {
      gssize n = g_socket_receive (socket, buffer, sizeof buffer, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      g_string_append_len (request, buffer, n);
    }
  g_string_free (request, TRUE);

  for (guint i = 1; i <= server->n_events; i++)
    g_string_append_printf (response, "id: %u\ndata: event %u\n\n", i, i);
  for (gsize sent = 0; sent < response->len;)
    {
      gssize n = g_socket_send (socket, response->str + sent, response->len - sent, NULL, NULL);

      g_assert_cmpint (n, >, 0);
      sent += n;
    }

  g_assert_cmpint (setsockopt (g_socket_get_fd (socket), SOL_SOCKET, SO_LINGER, &linger,
                               sizeof linger), ==, 0);
  g_socket_close (socket, NULL);

  return NULL;
}

static void
check_reset_after_events (Fixture  *fixture,
                          gboolean  read_thread)
{
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(RunnelRequest) request = NULL;
  g_autofree char *url = NULL;
  ResetServer server = { NULL, 300 };
  GThread *thread;

  listener = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           NULL);
  g_assert_true (g_socket_bind (listener, address, TRUE, NULL));
  g_assert_true (g_socket_listen (listener, NULL));
  bound = g_socket_get_local_address (listener, NULL);
  url = g_strdup_printf ("http://127.0.0.1:%u/reset",
                         g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound)));
  server.listener = listener;
  thread = g_thread_new ("reset-server", reset_server_thread, &server);

  request = runnel_request_new (url);
  runnel_request_set_retry_delay (request, 60000);
  make_client (fixture, NULL, request);
  runnel_sse_client_set_read_thread (fixture->client, read_thread);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, waiting_or_stopped);
  g_thread_join (thread);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_WAITING);
  assert_error (fixture, RUNNEL_SSE_ERROR_NETWORK, "The connection was dropped");
  g_assert_cmpuint (fixture->events->len, ==, server.n_events);
  g_assert_cmpstr (runnel_sse_client_get_last_event_id (fixture->client), ==, "300");
  runnel_sse_client_disconnect (fixture->client);
}

/* a reset right after the last bytes is a dropped connection, every event delivered before it */
static void
test_reset_after_events (Fixture       *fixture,
                         gconstpointer  data)
{
  check_reset_after_events (fixture, FALSE);
}

/* the same with the body read on a thread, where the read that tops a chunk up meets the reset */
static void
test_read_thread_reset (Fixture       *fixture,
                        gconstpointer  data)
{
  check_reset_after_events (fixture, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/client/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("open-and-events", test_open_and_events);
  ADD ("events-as-they-arrive", test_events_as_they_arrive);
  ADD ("reconnect-on-end", test_reconnect_on_end);
  ADD ("resume-across-drops", test_resume_across_drops);
  ADD ("drop-is-retriable", test_drop_is_retriable);
  ADD ("no-content-stops", test_no_content_stops);
  ADD ("fatal-status", test_fatal_status);
  ADD ("wrong-content-type", test_wrong_content_type);
  ADD ("max-retries", test_max_retries);
  ADD ("max-retries-after-drops", test_max_retries_after_drops);
  ADD ("retry-after", test_retry_after);
  ADD ("retry-field", test_retry_field);
  ADD ("backoff", test_backoff_sequence);
  ADD ("backoff-floor", test_backoff_floor);
  ADD ("read-timeout", test_read_timeout);
  ADD ("comments-reset-read-timeout", test_comments_reset_read_timeout);
  ADD ("fatal-event", test_fatal_event);
  ADD ("event-too-large", test_event_too_large);
  ADD ("trickle", test_trickle);
  ADD ("gzip", test_gzip);
  ADD ("post-echo", test_post_echo);
  ADD ("accept-header-kept", test_accept_header_kept);
  ADD ("post-not-reconnected", test_post_not_reconnected);
  ADD ("connection-refused", test_connection_refused);
  ADD ("retry-wait-exact", test_retry_wait_exact);
  ADD ("bad-requests-refused", test_bad_requests_refused);
  ADD ("time-limit", test_time_limit);
  ADD ("restart", test_restart);
  ADD ("raw", test_raw);
  ADD ("cancel-each-state", test_cancel_each_state);
  ADD ("unref-in-callback", test_unref_in_callback);
  ADD ("redirect", test_redirect);
  ADD ("stats-throttled", test_stats_throttled);
  ADD ("restart-while-waiting", test_restart_while_waiting);
  ADD ("post-reconnect-on-end", test_post_reconnect_on_end);
  ADD ("read-thread-order", test_read_thread_order);
  ADD ("read-thread-disconnect", test_read_thread_disconnect);
  ADD ("slow-stream-busy-loop", test_slow_stream_busy_loop);
  ADD ("reset-after-events", test_reset_after_events);
  ADD ("read-thread-reset", test_read_thread_reset);
  ADD ("print/events", test_print_events);
  ADD ("print/outcomes", test_print_outcomes);
  ADD ("print/through-proxy", test_print_through_proxy);
  ADD ("print/tls-to-plain-server", test_print_tls_to_plain_server);
  ADD ("print/post", test_print_post);
  ADD ("print/curl-data", test_print_curl_data);
  ADD ("print/bad-usage", test_print_bad_usage);
  ADD ("print/live", test_print_live);
  ADD ("print/closed-pipe", test_print_closed_pipe);
  ADD ("print/interrupted", test_print_interrupted);
  ADD ("print/order-and-reconnect", test_print_order_and_reconnect);
  ADD ("print/comments-and-retry-delay", test_print_comments_and_retry_delay);

#define ADD_TLS(path, func) \
  g_test_add ("/runnel/client/tls/" path, Fixture, "tls", fixture_setup, func, fixture_teardown)

  ADD_TLS ("untrusted", test_tls_untrusted);
  ADD_TLS ("trusted", test_tls_trusted);
  ADD_TLS ("wrong-host", test_tls_wrong_host);
  ADD_TLS ("bad-ca-file", test_tls_bad_ca_file);
  ADD_TLS ("print", test_tls_print);

#undef ADD_TLS
#undef ADD

  return g_test_run ();
}
