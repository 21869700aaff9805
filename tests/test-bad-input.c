/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-bad-input.c: hostile and broken input gets a clear error and leaves the client usable */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-sse-client.h"
#include "runnel-sse-parser.h"
#include "runnel-test-util.h"

/*
 * Each test feeds the client one kind of bad input (a request it must refuse, or a server that
 * misbehaves: endless bytes without a line break, no headers at all, an untrusted certificate),
 * checks the error a user would read, and then connects the same client to the demo server's
 * /counter to prove that it still works.
 *
 * The misbehaving servers are raw sockets on 127.0.0.1 port 0, run by the test itself.
 * The 1 GB case (a server that sends a gigabyte without a line break) takes the same
 * path with the default 16 MiB limit: docs/PERFORMANCE.md gives the run by hand.
 */

#define DEADLINE_MS 10000
#define FLOOD_CHUNK (64 * 1024)
#define FLOOD_MAX (256 * 1024 * 1024)

typedef enum
{
  RAW_SILENT,   /* accept, read nothing, send nothing, hold the connection */
  RAW_FLOOD,    /* 200 text/event-stream, then 'x' without end */
} RawMode;

typedef struct
{
  GSocketService *service;
  RawMode         mode;
  guint16         port;
  GPtrArray      *connections;  /* held open */
  guint           n_accepted;
  guint           n_active;     /* connections the flood is still writing to */
  guint64         flooded;      /* bytes written */
  guint8         *chunk;
} RawServer;

typedef struct
{
  RunnelDemoServer *demo;
  RunnelSseClient  *client;
  RunnelRequest    *request;
  RawServer        *raw;
  SoupServer       *tls;
  guint             n_events;
} Fixture;

/* Raw servers */

typedef struct
{
  RawServer         *server;
  GSocketConnection *connection;
} FloodWrite;

static void flood_next (FloodWrite *write);

static void
flood_write_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  FloodWrite *write = user_data;
  gsize written = 0;

  if (!g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, &written, NULL) ||
      write->server->flooded >= FLOOD_MAX)
    {
      /* the client hung up (or it never will): this connection is done */
      g_io_stream_close (G_IO_STREAM (write->connection), NULL, NULL);
      write->server->n_active--;
      g_object_unref (write->connection);
      g_free (write);
      return;
    }

  write->server->flooded += written;
  flood_next (write);
}

static void
flood_next (FloodWrite *write)
{
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (write->connection));

  g_output_stream_write_all_async (out, write->server->chunk, FLOOD_CHUNK, G_PRIORITY_DEFAULT,
                                   NULL, flood_write_cb, write);
}

static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source_object,
             RawServer         *server)
{
  static const char head[] = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                             "Connection: close\r\n\r\n";

  server->n_accepted++;

  if (server->mode == RAW_SILENT)
    {
      g_ptr_array_add (server->connections, g_object_ref (connection));
    }
  else
    {
      FloodWrite *write = g_new0 (FloodWrite, 1);
      GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (connection));

      /* the request is small and never read: the kernel's buffer takes it */
      g_output_stream_write_all (out, head, sizeof head - 1, NULL, NULL, NULL);
      write->server = server;
      write->connection = g_object_ref (connection);
      server->n_active++;
      flood_next (write);
    }

  return TRUE;
}

static RawServer *
raw_server_new (RawMode mode)
{
  RawServer *server = g_new0 (RawServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  server->mode = mode;
  server->connections = g_ptr_array_new_with_free_func (g_object_unref);
  server->chunk = g_malloc (FLOOD_CHUNK);
  memset (server->chunk, 'x', FLOOD_CHUNK);
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (on_incoming), server);
  g_socket_service_start (server->service);

  return server;
}

static void
raw_server_free (RawServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_object_unref (server->service);
  for (guint i = 0; i < server->connections->len; i++)
    g_io_stream_close (server->connections->pdata[i], NULL, NULL);
  g_ptr_array_unref (server->connections);
  g_free (server->chunk);
  g_free (server);
}

static char *
raw_server_url (RawServer *server)
{
  return g_strdup_printf ("http://127.0.0.1:%u/stream", server->port);
}

/* Fixture */

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Fixture *fixture = user_data;

  fixture->n_events++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->demo = runnel_demo_server_new ();
  runnel_demo_server_listen (fixture->demo, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);

  fixture->request = runnel_request_new (NULL);
  runnel_request_set_retry_delay (fixture->request, 20);
  runnel_request_set_reconnect_on_end (fixture->request, FALSE);
  fixture->client = runnel_sse_client_new (fixture->request);
  runnel_sse_client_set_event_func (fixture->client, on_event, fixture, NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->client);
  g_assert_finalize_object (fixture->request);
  g_clear_pointer (&fixture->raw, raw_server_free);
  if (fixture->tls != NULL)
    {
      soup_server_disconnect (fixture->tls);
      g_assert_finalize_object (fixture->tls);
    }
  runnel_demo_server_stop (fixture->demo);
  g_assert_finalize_object (fixture->demo);
}

typedef gboolean (*Condition) (Fixture *fixture);

static void
wait_for (Fixture   *fixture,
          Condition  condition)
{
  if (!runnel_test_iterate_until ((RunnelTestCondition) condition, fixture, DEADLINE_MS))
    g_error ("no outcome within %d ms; the client is %s: %s", DEADLINE_MS,
             runnel_sse_client_state_to_string (runnel_sse_client_get_state (fixture->client)),
             runnel_sse_client_get_reason (fixture->client));
}

static RunnelSseClientState
state (Fixture *fixture)
{
  return runnel_sse_client_get_state (fixture->client);
}

static gboolean
is_stopped (Fixture *fixture)
{
  return state (fixture) == RUNNEL_SSE_CLIENT_STATE_CLOSED ||
         state (fixture) == RUNNEL_SSE_CLIENT_STATE_FAILED;
}

static gboolean
has_error (Fixture *fixture)
{
  return runnel_sse_client_get_last_error (fixture->client) != NULL;
}

static gboolean
flood_is_over (Fixture *fixture)
{
  return fixture->raw->n_active == 0;
}

static void
assert_error (Fixture    *fixture,
              int         code,
              const char *says)
{
  runnel_test_assert_client_error (fixture->client, code, says);
}

/* after any failure, the same client opens a good stream: three events from /counter */
static void
assert_still_usable (Fixture *fixture)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->demo),
                                      "counter?interval=5&count=3", NULL);

  runnel_sse_client_disconnect (fixture->client);
  runnel_request_set_url (fixture->request, url);
  runnel_request_set_accept_invalid_certificates (fixture->request, FALSE);
  runnel_request_set_read_timeout (fixture->request, 0);
  runnel_request_set_timeout (fixture->request, 0);
  runnel_request_set_max_event_size (fixture->request, RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE);
  runnel_request_set_reconnect_on_end (fixture->request, FALSE);
  fixture->n_events = 0;

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_null (runnel_sse_client_get_last_error (fixture->client));
  g_assert_cmpuint (fixture->n_events, ==, 3);
}

/* Requests the client must refuse before sending anything */

static void
test_header_line_breaks (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char * const values[] = { "a\r\nX-Injected: 1", "a\nb", "a\rb", "\r\n" };
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->demo), "echo", NULL);

  runnel_request_set_url (fixture->request, url);

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autoptr(GError) error = NULL;

      runnel_request_clear_headers (fixture->request);
      runnel_request_append_header (fixture->request, "X-Evil", values[i], TRUE);
      g_assert_false (runnel_request_validate (fixture->request, &error));
      g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER);
      g_assert_nonnull (strstr (error->message, "X-Evil"));

      runnel_sse_client_connect (fixture->client);
      g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
      assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "line break");
    }

  /* a disabled header is not sent, so it is not checked either */
  runnel_request_set_header (fixture->request, 0, "X-Evil", "a\r\nb", FALSE);
  g_assert_true (runnel_request_validate (fixture->request, NULL));

  /* names: no spaces, colons or line breaks */
  runnel_request_clear_headers (fixture->request);
  runnel_request_append_header (fixture->request, "X Evil", "1", TRUE);
  runnel_sse_client_connect (fixture->client);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "“X Evil” is not valid");

  runnel_request_clear_headers (fixture->request);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (fixture->demo), ==, 0);
  assert_still_usable (fixture);
}

/* a header edited while the client waits to reconnect is checked at the next attempt */
static void
test_header_edited_between_attempts (Fixture       *fixture,
                                     gconstpointer  data)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (fixture->demo),
                                      "counter?interval=5&count=1", NULL);

  runnel_request_set_url (fixture->request, url);
  runnel_request_set_reconnect_on_end (fixture->request, TRUE);
  runnel_request_set_retry_delay (fixture->request, 50);
  runnel_sse_client_connect (fixture->client);
  while (state (fixture) != RUNNEL_SSE_CLIENT_STATE_WAITING && !is_stopped (fixture))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_WAITING);

  runnel_request_append_header (fixture->request, "X-Evil", "a\r\nX-Injected: 1", TRUE);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "line break");

  runnel_request_clear_headers (fixture->request);
  assert_still_usable (fixture);
}

static void
test_bad_urls (Fixture       *fixture,
               gconstpointer  data)
{
  static const struct {
    const char *url;
    const char *says;
  } cases[] = {
    { "", "empty" },
    { "http://exa mple.com/", "space" },
    { "http://127.0.0.1/a b", "space" },
    { " http://127.0.0.1/", "space" },
    { "http://127.0.0.1/\t", "control character" },
    { "ftp://127.0.0.1/", "only http and https" },
    { "file:///etc/passwd", "only http and https" },
    { "javascript:alert(1)", "only http and https" },
    { "ws://127.0.0.1/", "only http and https" },
    { "http://", "" },
    { "http://127.0.0.1:99999/", "" },
    { "127.0.0.1:8080/clock", "" },
    { "http://[::1/", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("URL “%s”", cases[i].url);
      g_assert_false (runnel_request_check_url (cases[i].url, &error));
      g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, cases[i].says));

      runnel_request_set_url (fixture->request, cases[i].url);
      runnel_sse_client_connect (fixture->client);
      g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
      assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, cases[i].says);
    }

  assert_still_usable (fixture);
}

static void
test_body_file_unreadable (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("runnel-bad-input-XXXXXX", &error);
  g_autofree char *missing = g_build_filename (dir, "missing.json", NULL);
  g_autoptr(GBytes) before = g_bytes_new_static ("{}", 2);

  g_assert_no_error (error);
  runnel_request_set_body (fixture->request, before);

  g_assert_false (runnel_request_set_body_from_file (fixture->request, missing, &error));
  g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_BODY);
  g_test_message ("error: %s", error->message);
  g_assert_nonnull (strstr (error->message, "missing.json"));
  g_clear_error (&error);

  /* a directory is not a body either */
  g_assert_false (runnel_request_set_body_from_file (fixture->request, dir, &error));
  g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_BODY);
  g_test_message ("error: %s", error->message);
  g_clear_error (&error);

  /* a failed read leaves the body as it was */
  g_assert_true (g_bytes_equal (runnel_request_get_body (fixture->request), before));

  g_rmdir (dir);
  runnel_request_set_body (fixture->request, NULL);
  assert_still_usable (fixture);
}

/* Servers that misbehave */

static void
test_no_line_break (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->raw = raw_server_new (RAW_FLOOD);
  url = raw_server_url (fixture->raw);
  runnel_request_set_url (fixture->request, url);
  runnel_request_set_max_event_size (fixture->request, 64 * 1024);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, "line without a line break");
  assert_error (fixture, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, "--max-event-size");
  g_assert_cmpuint (fixture->n_events, ==, 0);

  /* the client stopped reading at the limit (give or take one read) and hung up */
  g_assert_cmpuint (runnel_sse_client_get_bytes_received (fixture->client), <,
                    64 * 1024 + 2 * 1024 * 1024);
  wait_for (fixture, flood_is_over);
  g_assert_cmpuint (fixture->raw->flooded, <, 16 * 1024 * 1024);

  assert_still_usable (fixture);
}

static void
test_no_headers_read_timeout (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->raw = raw_server_new (RAW_SILENT);
  url = raw_server_url (fixture->raw);
  runnel_request_set_url (fixture->request, url);
  runnel_request_set_read_timeout (fixture->request, 200);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, has_error);

  assert_error (fixture, RUNNEL_SSE_ERROR_READ_TIMEOUT, "200 ms");
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 0);
  g_assert_cmpuint (fixture->raw->n_accepted, >=, 1);

  assert_still_usable (fixture);
}

static void
test_no_headers_time_limit (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *url = NULL;

  fixture->raw = raw_server_new (RAW_SILENT);
  url = raw_server_url (fixture->raw);
  runnel_request_set_url (fixture->request, url);
  runnel_request_set_timeout (fixture->request, 300);

  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);

  assert_error (fixture, RUNNEL_SSE_ERROR_TIMEOUT, "300 ms");
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 0);

  assert_still_usable (fixture);
}

/* TLS */

static void
tls_handler (SoupServer        *server,
             SoupServerMessage *message,
             const char        *path,
             GHashTable        *query,
             gpointer           user_data)
{
  static const char body[] = "data: over tls\n\n";

  soup_server_message_set_response (message, "text/event-stream", SOUP_MEMORY_STATIC,
                                    body, sizeof body - 1);
  soup_server_message_set_status (message, SOUP_STATUS_OK, NULL);
}

static char *
tls_server_start (Fixture *fixture)
{
  g_autoptr(GTlsCertificate) certificate = runnel_test_tls_certificate ();
  g_autoptr(GError) error = NULL;
  GSList *uris;
  char *url;

  fixture->tls = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (fixture->tls, NULL, tls_handler, NULL, NULL);
  soup_server_listen_local (fixture->tls, 0, SOUP_SERVER_LISTEN_HTTPS |
                            SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (fixture->tls);
  url = g_uri_to_string (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  return url;
}

static gboolean
have_tls (void)
{
  if (g_tls_backend_supports_tls (g_tls_backend_get_default ()))
    return TRUE;

  g_test_skip ("no TLS backend (glib-networking)");
  return FALSE;
}

static void
test_tls_untrusted (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *cert = runnel_test_tls_ca_file ();
  g_autofree char *url = NULL;

  if (!have_tls ())
    return;

  url = tls_server_start (fixture);
  runnel_request_set_url (fixture->request, url);

  /* a self-signed certificate: refused, and the message says what to do */
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "not signed by a trusted certificate authority");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "--cacert");
  g_assert_cmpuint (fixture->n_events, ==, 0);

  /* trusted through --cacert */
  runnel_request_set_ca_file (fixture->request, cert);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->n_events, ==, 1);

  /* accepted anyway with -k */
  runnel_request_set_ca_file (fixture->request, NULL);
  runnel_request_set_accept_invalid_certificates (fixture->request, TRUE);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (fixture->n_events, ==, 2);

  assert_still_usable (fixture);
}

static void
test_tls_wrong_host (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *cert = runnel_test_tls_ca_file ();
  g_autofree char *url = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GUri) localhost = NULL;
  g_autofree char *localhost_url = NULL;

  if (!have_tls ())
    return;

  /* the certificate is trusted, but it names 127.0.0.1, not localhost */
  url = tls_server_start (fixture);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  localhost = g_uri_build (G_URI_FLAGS_NONE, "https", NULL, "localhost", g_uri_get_port (uri),
                           "/", NULL, NULL);
  localhost_url = g_uri_to_string (localhost);

  runnel_request_set_url (fixture->request, localhost_url);
  runnel_request_set_ca_file (fixture->request, cert);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "not valid for the host name localhost");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "a host name the certificate was issued for");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "(-k)");
  g_assert_null (strstr (runnel_sse_client_get_last_error (fixture->client)->message, "--cacert"));

  /* untrusted and the wrong name: both fixes are named */
  runnel_request_set_ca_file (fixture->request, NULL);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "not valid for the host name localhost");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "--cacert");
  assert_error (fixture, RUNNEL_SSE_ERROR_TLS, "a host name the certificate was issued for");

  assert_still_usable (fixture);
}

static void
test_tls_ca_file_unreadable (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *not_a_cert = g_test_build_filename (G_TEST_DIST, "tls", "README.md", NULL);
  g_autofree char *url = NULL;

  if (!have_tls ())
    return;

  url = tls_server_start (fixture);
  runnel_request_set_url (fixture->request, url);

  runnel_request_set_ca_file (fixture->request, "/nonexistent/ca.pem");
  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "/nonexistent/ca.pem");

  runnel_request_set_ca_file (fixture->request, not_a_cert);
  runnel_sse_client_connect (fixture->client);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  assert_error (fixture, RUNNEL_SSE_ERROR_INVALID_REQUEST, "README.md");

  runnel_request_set_ca_file (fixture->request, NULL);
  assert_still_usable (fixture);
}

/*
 * https:// to a server that speaks plain HTTP: the server waits for a request line that never
 * comes and the client for a handshake answer that never comes, so only a read timeout ends it.
 * The client has no separate connect timeout, and libsoup offers none that fits: SoupSession's
 * "timeout" bounds every socket read too (it would cut a quiet stream, so the client sets it to
 * 0) and "idle-timeout" only closes idle pooled connections. The read timeout therefore runs
 * from the start of each attempt, through connect, handshake and response headers.
 */
static void
test_tls_to_plain_http (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *url = NULL;

  if (!have_tls ())
    return;

  url = g_strdup_printf ("https://127.0.0.1:%u/counter",
                         runnel_demo_server_get_port (fixture->demo));
  runnel_request_set_url (fixture->request, url);
  runnel_request_set_max_retries (fixture->request, 0);
  runnel_request_set_read_timeout (fixture->request, 300);
  runnel_sse_client_connect (fixture->client);
  wait_for (fixture, is_stopped);
  g_assert_cmpint (state (fixture), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
  /* the read timeout also covers the handshake and the wait for the response headers */
  assert_error (fixture, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED, "the read timeout");
  assert_error (fixture, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED, "300 ms");
  g_assert_cmpuint (runnel_sse_client_get_http_status (fixture->client), ==, 0);
  g_assert_cmpuint (fixture->n_events, ==, 0);

  runnel_request_set_max_retries (fixture->request, -1);
  assert_still_usable (fixture);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/bad-input/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("header-line-breaks", test_header_line_breaks);
  ADD ("header-edited-between-attempts", test_header_edited_between_attempts);
  ADD ("bad-urls", test_bad_urls);
  ADD ("body-file-unreadable", test_body_file_unreadable);
  ADD ("no-line-break", test_no_line_break);
  ADD ("no-headers-read-timeout", test_no_headers_read_timeout);
  ADD ("no-headers-time-limit", test_no_headers_time_limit);
  ADD ("tls-untrusted", test_tls_untrusted);
  ADD ("tls-wrong-host", test_tls_wrong_host);
  ADD ("tls-ca-file-unreadable", test_tls_ca_file_unreadable);
  ADD ("tls-to-plain-http", test_tls_to_plain_http);

#undef ADD

  return g_test_run ();
}
