/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-test-util.c: main-loop and client-error helpers shared by the tests (no GTK) */

#include <glib/gstdio.h>
#include <string.h>

#include "runnel-test-util.h"

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * runnel_test_iterate_until:
 * @condition: (nullable): checked before each iteration; %NULL iterates until the deadline
 * @user_data: for @condition
 * @timeout_ms: the deadline
 *
 * Iterates the thread-default main context until @condition holds, never sleeping past what the
 * main loop waits for.
 *
 * Returns: %TRUE when @condition held, %FALSE when @timeout_ms passed first
 */
gboolean
runnel_test_iterate_until (RunnelTestCondition condition,
                           gpointer            user_data,
                           guint               timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, deadline_cb, &expired);

  while (!expired && (condition == NULL || !condition (user_data)))
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);

  return !expired;
}

void
runnel_test_assert_client_error (RunnelSseClient *client,
                                 int              code,
                                 const char      *says)
{
  const GError *error = runnel_sse_client_get_last_error (client);

  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_error ((GError *) error, RUNNEL_SSE_ERROR, code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}

typedef struct
{
  GBytes  *out;
  GBytes  *err;
  gboolean done;
} Command;

static void
command_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Command *command = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &command->out, &command->err,
                                   &error);
  g_assert_no_error (error);
  command->done = TRUE;
}

static gboolean
command_is_done (gpointer user_data)
{
  Command *command = user_data;

  return command->done;
}

static char *
command_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return g_strndup (data != NULL ? data : "", size);
}

int
runnel_test_run_command (const char * const  *argv,
                         char               **out,
                         char               **err,
                         guint                timeout_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Command command = { NULL, NULL, FALSE };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (process, NULL, NULL, command_done_cb, &command);
  if (!runnel_test_iterate_until (command_is_done, &command, timeout_ms))
    {
      g_subprocess_force_exit (process);
      runnel_test_iterate_until (command_is_done, &command, 5000);
      g_error ("%s did not end within %u ms", argv[0], timeout_ms);
    }
  g_assert_true (g_subprocess_get_if_exited (process));

  *out = command_text (command.out);
  *err = command_text (command.err);
  g_clear_pointer (&command.out, g_bytes_unref);
  g_clear_pointer (&command.err, g_bytes_unref);
  g_test_message ("%s: exit %d\nstdout:\n%s\nstderr:\n%s", argv[0],
                  g_subprocess_get_exit_status (process), *out, *err);

  return g_subprocess_get_exit_status (process);
}

/* A scripted server */

struct _RunnelScriptServer
{
  GSocketService *service;
  GStrv           responses;
  GPtrArray      *requests;     /* char *, as received */
  GPtrArray      *held;         /* GSocketConnection, with @hold */
  GPtrArray      *active;       /* ScriptConnection, borrowed: told when the server goes */
  GCancellable   *cancellable;
  guint16         port;
  gboolean        hold;
};

typedef struct
{
  RunnelScriptServer *server;     /* NULL once the server is gone */
  GSocketConnection  *connection;
  GString            *request;
  char               *response;
  guint8              buffer[4096];
} ScriptConnection;

static void script_read_next (ScriptConnection *conn);

static void
script_connection_free (ScriptConnection *conn)
{
  if (conn->server != NULL)
    g_ptr_array_remove (conn->server->active, conn);
  g_object_unref (conn->connection);
  g_string_free (conn->request, TRUE);
  g_free (conn->response);
  g_free (conn);
}

/* TRUE once the head and as much body as Content-Length says are in */
static gboolean
script_request_complete (GString *request)
{
  const char *end = strstr (request->str, "\r\n\r\n");
  g_autofree char *head = NULL;
  const char *length;

  if (end == NULL)
    return FALSE;

  head = g_ascii_strdown (request->str, end - request->str);
  length = strstr (head, "\r\ncontent-length:");
  if (length == NULL)
    return TRUE;

  return request->len - (end + 4 - request->str) >=
         g_ascii_strtoull (length + strlen ("\r\ncontent-length:"), NULL, 10);
}

static void
script_write_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ScriptConnection *conn = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);

  if (conn->server != NULL && conn->server->hold)
    g_ptr_array_add (conn->server->held, g_object_ref (conn->connection));
  else
    g_io_stream_close (G_IO_STREAM (conn->connection), NULL, NULL);

  script_connection_free (conn);
}

static void
script_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ScriptConnection *conn = user_data;
  gssize n = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);
  GOutputStream *out;

  if (n <= 0 || conn->server == NULL)
    {
      script_connection_free (conn);
      return;
    }

  g_string_append_len (conn->request, (const char *) conn->buffer, n);
  if (!script_request_complete (conn->request))
    {
      script_read_next (conn);
      return;
    }

  g_ptr_array_add (conn->server->requests, g_strdup (conn->request->str));
  out = g_io_stream_get_output_stream (G_IO_STREAM (conn->connection));
  g_output_stream_write_all_async (out, conn->response, strlen (conn->response),
                                   G_PRIORITY_DEFAULT, conn->server->cancellable,
                                   script_write_cb, conn);
}

static void
script_read_next (ScriptConnection *conn)
{
  GInputStream *in = g_io_stream_get_input_stream (G_IO_STREAM (conn->connection));

  g_input_stream_read_async (in, conn->buffer, sizeof conn->buffer, G_PRIORITY_DEFAULT,
                             conn->server->cancellable, script_read_cb, conn);
}

static gboolean
script_incoming (GSocketService     *service,
                 GSocketConnection  *connection,
                 GObject            *source_object,
                 RunnelScriptServer *server)
{
  ScriptConnection *conn = g_new0 (ScriptConnection, 1);
  guint n = g_strv_length (server->responses);

  conn->server = server;
  conn->connection = g_object_ref (connection);
  conn->request = g_string_new (NULL);
  conn->response = g_strdup (server->responses[MIN (server->requests->len, n - 1)]);
  g_ptr_array_add (server->active, conn);
  script_read_next (conn);

  return TRUE;
}

RunnelScriptServer *
runnel_script_server_new (const char * const *responses,
                          gboolean            hold)
{
  RunnelScriptServer *server = g_new0 (RunnelScriptServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (responses[0]);
  server->responses = g_strdupv ((char **) responses);
  server->requests = g_ptr_array_new_with_free_func (g_free);
  server->held = g_ptr_array_new_with_free_func (g_object_unref);
  server->active = g_ptr_array_new ();
  server->cancellable = g_cancellable_new ();
  server->hold = hold;
  server->service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, NULL,
                                 &effective, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  g_signal_connect (server->service, "incoming", G_CALLBACK (script_incoming), server);
  g_socket_service_start (server->service);

  return server;
}

void
runnel_script_server_free (RunnelScriptServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_signal_handlers_disconnect_by_data (server->service, server);
  g_object_unref (server->service);
  g_cancellable_cancel (server->cancellable);
  for (guint i = 0; i < server->active->len; i++)
    ((ScriptConnection *) server->active->pdata[i])->server = NULL;
  g_ptr_array_unref (server->active);
  g_clear_object (&server->cancellable);
  for (guint i = 0; i < server->held->len; i++)
    g_io_stream_close (server->held->pdata[i], NULL, NULL);
  g_ptr_array_unref (server->held);
  g_ptr_array_unref (server->requests);
  g_strfreev (server->responses);
  g_free (server);
}

char *
runnel_script_server_url (RunnelScriptServer *server,
                          const char         *path)
{
  return g_strdup_printf ("http://127.0.0.1:%u%s", server->port, path);
}

guint
runnel_script_server_get_n_requests (RunnelScriptServer *server)
{
  return server->requests->len;
}

const char *
runnel_script_server_get_request (RunnelScriptServer *server,
                                  guint               index)
{
  g_assert_cmpuint (index, <, server->requests->len);
  return server->requests->pdata[index];
}

GTlsCertificate *
runnel_test_tls_certificate (void)
{
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "tls", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "tls", "test-key.pem", NULL);
  g_autoptr(GError) error = NULL;
  GTlsCertificate *certificate = g_tls_certificate_new_from_files (cert, key, &error);

  g_assert_no_error (error);

  return certificate;
}

char *
runnel_test_tls_ca_file (void)
{
  return g_test_build_filename (G_TEST_DIST, "tls", "test-cert.pem", NULL);
}

gboolean
runnel_test_set_flag (gpointer flag)
{
  *(gboolean *) flag = TRUE;
  return G_SOURCE_REMOVE;
}

typedef struct
{
  RunnelTestRun *run;
  gboolean       done;
} Communicate;

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &size) : NULL;

  return g_strndup (data ? data : "", size);
}

static void
communicate_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Communicate *communicate = user_data;
  GSubprocess *process = G_SUBPROCESS (object);
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_finish (process, result, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  communicate->run->status = g_subprocess_get_exit_status (process);
  communicate->run->out = bytes_to_string (out);
  communicate->run->err = bytes_to_string (err);
  communicate->done = TRUE;
}

void
runnel_test_run_binary (RunnelTestRun      *run,
                        const char * const *argv,
                        guint               timeout_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) full = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("RUNNEL_BINARY");
  Communicate communicate = { run, FALSE };

  g_assert_nonnull (binary);
  g_ptr_array_add (full, (char *) binary);
  for (guint i = 0; argv[i] != NULL; i++)
    g_ptr_array_add (full, (char *) argv[i]);
  g_ptr_array_add (full, NULL);

  runnel_test_run_clear (run);
  process = g_subprocess_newv ((const char * const *) full->pdata,
                               G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                               &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (process, NULL, NULL, communicate_cb, &communicate);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (communicate.done, timeout_ms));

  g_test_message ("exit %d\nstdout:\n%sstderr:\n%s", run->status, run->out, run->err);
}

void
runnel_test_run_clear (RunnelTestRun *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  run->status = 0;
}

void
runnel_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}

/* a port on 127.0.0.1 that nothing listens on (bound, then closed) */
guint
runnel_test_closed_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) any = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  socket = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                         &error);
  g_assert_no_error (error);
  g_socket_bind (socket, any, FALSE, &error);
  g_assert_no_error (error);
  bound = g_socket_get_local_address (socket, &error);
  g_assert_no_error (error);

  return g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
}
