/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-limits.c: the demo server under abuse: connection limit, deadlines, fds, slow readers */

#include "config.h"

#include <gio/gnetworking.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>

#include "runnel-demo-private.h"
#include "runnel-demo-server.h"
#include "runnel-test-util.h"

#define DEADLINE_MS 20000

typedef struct
{
  RunnelDemoServer *server;
} Fixture;

/* A raw connection read as it comes, until the server closes it */
typedef struct
{
  GSocketConnection *connection;
  GCancellable      *cancellable;
  GByteArray        *data;
  gboolean           done;
} Peer;

#define WAIT_UNTIL RUNNEL_TEST_WAIT_UNTIL

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = runnel_demo_server_new ();
  runnel_demo_server_listen (f->server, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  runnel_demo_server_stop (f->server);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
  g_assert_finalize_object (f->server);
}

static GSocketConnection *
connect_to (guint port,
            int   receive_buffer)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, port);
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  if (receive_buffer > 0)
    {
      g_socket_set_option (socket, SOL_SOCKET, SO_RCVBUF, receive_buffer, &error);
      g_assert_no_error (error);
    }
  g_socket_connect (socket, address, NULL, &error);
  g_assert_no_error (error);

  return g_socket_connection_factory_create_connection (socket);
}

static void
peer_send (Peer       *peer,
           const char *text)
{
  g_autoptr(GError) error = NULL;
  GOutputStream *out = g_io_stream_get_output_stream (G_IO_STREAM (peer->connection));

  g_output_stream_write_all (out, text, strlen (text), NULL, NULL, &error);
  g_assert_no_error (error);
}

static Peer *
peer_new (guint       port,
          const char *request)
{
  Peer *peer = g_new0 (Peer, 1);

  peer->connection = connect_to (port, 0);
  peer->cancellable = g_cancellable_new ();
  peer->data = g_byte_array_new ();
  if (request != NULL)
    peer_send (peer, request);

  return peer;
}

static void peer_read (Peer *peer);

static void
peer_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  Peer *peer = user_data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return; /* the peer is gone */

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      peer->done = TRUE;
      return;
    }

  g_byte_array_append (peer->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  peer_read (peer);
}

static void
peer_read (Peer *peer)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (peer->connection));

  g_input_stream_read_bytes_async (in, 65536, G_PRIORITY_DEFAULT, peer->cancellable,
                                   peer_read_cb, peer);
}

static guint
peer_count_events (Peer *peer)
{
  guint n = 0;

  for (guint i = 0; i + 1 < peer->data->len; i++)
    {
      if (peer->data->data[i] == '\n' && peer->data->data[i + 1] == '\n')
        n++;
    }

  return n;
}

static gboolean
peer_has_prefix (Peer       *peer,
                 const char *prefix)
{
  return peer->data->len >= strlen (prefix) &&
         memcmp (peer->data->data, prefix, strlen (prefix)) == 0;
}

static void
peer_free (Peer *peer)
{
  g_cancellable_cancel (peer->cancellable);
  g_io_stream_close (G_IO_STREAM (peer->connection), NULL, NULL);
  g_object_unref (peer->connection);
  g_object_unref (peer->cancellable);
  g_byte_array_unref (peer->data);
  g_free (peer);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Peer, peer_free)

/* Sends a GET for @path and returns the whole answer (the server closes every connection). */
static char *
http_get (guint       port,
          const char *path)
{
  g_autofree char *request = g_strdup_printf ("GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", path);
  g_autoptr(Peer) peer = peer_new (port, request);

  peer_read (peer);
  g_assert_true (WAIT_UNTIL (peer->done, DEADLINE_MS));

  return g_strndup ((const char *) peer->data->data, peer->data->len);
}

/* Connections past the limit are closed at once; those within it are served. */
static void
test_max_connections (Fixture       *f,
                      gconstpointer  data)
{
  guint port = runnel_demo_server_get_port (f->server);
  g_autoptr(Peer) extra = NULL;
  Peer *peers[3];

  runnel_demo_server_set_limits (f->server, G_N_ELEMENTS (peers), 60000, 60000);

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peers[i] = peer_new (port, NULL);
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_connections (f->server) == 3, DEADLINE_MS));

  extra = peer_new (port, NULL);
  peer_read (extra);
  g_assert_true (WAIT_UNTIL (extra->done, DEADLINE_MS));
  g_assert_cmpuint (extra->data->len, ==, 0);
  g_assert_cmpuint (runnel_demo_server_get_n_connections (f->server), ==, 3);

  peer_send (peers[1], "GET /fault/404 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  peer_read (peers[1]);
  g_assert_true (WAIT_UNTIL (peers[1]->done, DEADLINE_MS));
  g_assert_true (peer_has_prefix (peers[1], "HTTP/1.1 404"));

  for (guint i = 0; i < G_N_ELEMENTS (peers); i++)
    peer_free (peers[i]);

  /* every connection is let go once it ends (none is kept, as libsoup's own listener did) */
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_connections (f->server) == 0, DEADLINE_MS));
}

/* A connection that sends nothing, half its headers or half its body is closed in time. */
static void
test_request_timeout (Fixture       *f,
                      gconstpointer  data)
{
  guint port = runnel_demo_server_get_port (f->server);
  g_autoptr(Peer) idle = NULL;
  g_autoptr(Peer) headers = NULL;
  g_autoptr(Peer) body = NULL;
  g_autoptr(Peer) stream = NULL;

  runnel_demo_server_set_limits (f->server, 100, 300, 300);

  idle = peer_new (port, NULL);
  headers = peer_new (port, "GET /clock HTTP/1.1\r\nHost: 127.0.0.1\r\n");
  body = peer_new (port, "POST /echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nab");
  stream = peer_new (port, "GET /counter?interval=50 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  peer_read (idle);
  peer_read (headers);
  peer_read (body);
  peer_read (stream);

  g_assert_true (WAIT_UNTIL (idle->done && headers->done && body->done, DEADLINE_MS));
  g_assert_cmpuint (body->data->len, ==, 0);

  /* a request that came in whole streams for longer than the deadlines */
  g_assert_true (WAIT_UNTIL (peer_count_events (stream) >= 15 || stream->done, DEADLINE_MS));
  g_assert_false (stream->done);
  g_assert_true (peer_has_prefix (stream, "HTTP/1.1 200"));
}

/* A timed stream whose client does not read skips ticks instead of queueing them. */
static void
test_slow_reader (Fixture       *f,
                  gconstpointer  data)
{
  GSocket *listen_socket = runnel_demo_server_get_listen_socket (f->server);
  guint port = runnel_demo_server_get_port (f->server);
  g_autoptr(GError) error = NULL;
  Peer *peer = g_new0 (Peer, 1);
  guint64 skipped;
  guint n_events;

  /* small socket buffers (accepted sockets inherit the listener's), so that they fill soon */
  g_socket_set_option (listen_socket, SOL_SOCKET, SO_SNDBUF, 4096, &error);
  g_assert_no_error (error);

  peer->connection = connect_to (port, 2048);
  peer->cancellable = g_cancellable_new ();
  peer->data = g_byte_array_new ();
  peer_send (peer, "GET /events?interval=1 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");

  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_skipped_ticks (f->server) >= 200,
                             DEADLINE_MS));

  /* reading again, the client gets events again */
  skipped = runnel_demo_server_get_n_skipped_ticks (f->server);
  peer_read (peer);
  g_assert_true (WAIT_UNTIL (peer->data->len > 0, DEADLINE_MS));
  n_events = peer_count_events (peer);
  g_assert_true (WAIT_UNTIL (peer_count_events (peer) > n_events + 100 || peer->done,
                             DEADLINE_MS));
  g_assert_false (peer->done);
  g_assert_cmpuint (runnel_demo_server_get_n_skipped_ticks (f->server), >=, skipped);

  peer_free (peer);
}

/* Query values are bounded, and /fault/redirect stays on this server. */
static void
test_bad_queries (Fixture       *f,
                  gconstpointer  data)
{
  static const char * const off_machine[] = {
    "//evil.example/x", "/\\evil.example/x", "%2F%2Fevil.example", "/%5Cevil.example",
    "http://evil.example/", "/a%0D%0ALocation:%20http://evil.example/", "clock",
  };
  guint port = runnel_demo_server_get_port (f->server);
  g_autoptr(GString) types = g_string_new ("/events?types=");
  g_autofree char *answer = NULL;

  for (guint i = 0; i < 200; i++)
    g_string_append (types, "a-rather-long-event-type-name,");
  answer = http_get (port, types->str);
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 400"));
  g_assert_nonnull (strstr (answer, "longer than"));

  for (guint i = 0; i < G_N_ELEMENTS (off_machine); i++)
    {
      g_autofree char *path = g_strconcat ("/fault/redirect?to=", off_machine[i], NULL);
      g_autofree char *reply = http_get (port, path);

      g_test_message ("%s", path);
      g_assert_true (g_str_has_prefix (reply, "HTTP/1.1 400"));
      g_assert_null (strstr (reply, "evil.example"));
    }

  g_clear_pointer (&answer, g_free);
  answer = http_get (port, "/fault/redirect?to=/clock%3Finterval%3D5");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 307"));
  g_assert_nonnull (strstr (answer, "/clock?interval=5\r\n"));
}

/* The command, run out of file descriptors, says so, backs off and serves again once freed. */

static void
low_fd_limit (gpointer user_data)
{
  struct rlimit limit = { 64, 64 };

  setrlimit (RLIMIT_NOFILE, &limit);
}

typedef struct
{
  GDataInputStream *in;
  GCancellable     *cancellable;
  GString          *text;
  gboolean          done;
} LineReader;

static void
line_reader_next (LineReader *reader);

static void
line_reader_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  LineReader *reader = user_data;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                    NULL);
  if (line == NULL)
    {
      reader->done = TRUE;
      return;
    }

  g_string_append_printf (reader->text, "%s\n", line);
  line_reader_next (reader);
}

static void
line_reader_next (LineReader *reader)
{
  g_data_input_stream_read_line_async (reader->in, G_PRIORITY_DEFAULT, reader->cancellable,
                                       line_reader_cb, reader);
}

static void
test_out_of_fds (void)
{
  const char *binary = g_getenv ("RUNNEL_BINARY");
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GPtrArray) peers = g_ptr_array_new_with_free_func ((GDestroyNotify) peer_free);
  LineReader err = { 0 };
  guint port;

  if (binary == NULL)
    {
      g_test_skip ("RUNNEL_BINARY is not set");
      return;
    }

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, low_fd_limit, NULL, NULL);
  process = g_subprocess_launcher_spawn (launcher, &error, binary, "--demo-server", "--port", "0",
                                         NULL);
  g_assert_no_error (error);

  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  url = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  uri = g_uri_parse (url, G_URI_FLAGS_NONE, &error);
  g_assert_no_error (error);
  port = g_uri_get_port (uri);

  err.in = g_data_input_stream_new (g_subprocess_get_stderr_pipe (process));
  err.cancellable = g_cancellable_new ();
  err.text = g_string_new (NULL);
  line_reader_next (&err);

  /* more idle connections than the server has file descriptors */
  for (guint i = 0; i < 100; i++)
    g_ptr_array_add (peers, peer_new (port, NULL));

  g_assert_true (WAIT_UNTIL (strstr (err.text->str, "could not accept") != NULL || err.done,
                             DEADLINE_MS));
  g_assert_nonnull (strstr (err.text->str, "trying again"));

  g_ptr_array_set_size (peers, 0);

  answer = http_get (port, "/fault/404");
  g_assert_true (g_str_has_prefix (answer, "HTTP/1.1 404"));
  g_assert_true (WAIT_UNTIL (strstr (err.text->str, "accepting connections again") != NULL,
                             DEADLINE_MS));
  /* said once, not once per attempt */
  g_assert_null (strstr (strstr (err.text->str, "could not accept") + 1, "could not accept"));

  g_subprocess_send_signal (process, SIGTERM);
  g_subprocess_wait (process, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_cancellable_cancel (err.cancellable);
  g_assert_true (WAIT_UNTIL (err.done, DEADLINE_MS));
  g_object_unref (err.cancellable);
  g_object_unref (err.in);
  g_string_free (err.text, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD_LIMIT(path, func) \
  g_test_add ("/runnel/demo-limits/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD_LIMIT ("max-connections", test_max_connections);
  ADD_LIMIT ("request-timeout", test_request_timeout);
  ADD_LIMIT ("slow-reader", test_slow_reader);
  ADD_LIMIT ("bad-queries", test_bad_queries);
  g_test_add_func ("/runnel/demo-limits/out-of-fds", test_out_of_fds);

#undef ADD_LIMIT

  return g_test_run ();
}
