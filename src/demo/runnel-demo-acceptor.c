/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-acceptor.c: the demo server's own accept loop: limits, deadlines, backoff */

#include "config.h"

#include <gio/gnetworking.h>

#include "runnel-demo-private.h"

#define ACCEPTS_PER_WAKEUP      64
#define BACKOFF_MIN_MS          50
#define BACKOFF_MAX_MS          1000

/*
 * SoupServer's own listener stops accepting for good at the first accept () error (EMFILE when
 * the file descriptors run out) and keeps a reference to every socket it accepted. The demo
 * server accepts by itself instead and hands each connection to SoupServer as a stream
 * (soup_server_accept_iostream ()), so that it can back off and accept again, close connections
 * past a limit at once, close the ones that do not send a request in time, and find the socket
 * behind a message (libsoup does not know it for a stream it was handed).
 */

typedef struct
{
  /* Borrowed */
  DemoAcceptor   *acceptor;
  GIOStream      *stream;      /* weak: the connection ends when libsoup drops it */
  GSocket        *socket;      /* alive as long as the stream */

  /* Owned */
  GSocketAddress *remote;      /* the key libsoup gives back through its messages */
  guint           timeout_id;
} DemoConnection;

struct _DemoAcceptor
{
  /* Borrowed: the server frees the acceptor before it goes */
  SoupServer      *server;

  /* Owned */
  GSocket         *socket;
  GTlsCertificate *tls_certificate;
  GSource         *source;
  GHashTable      *connections;   /* GSocketAddress * (by pointer) → DemoConnection */
  guint            backoff_id;
  guint            backoff_ms;

  guint            max_connections;
  guint            request_timeout_ms;
  guint            body_timeout_ms;

  RunnelDemoAcceptorProblemFunc problem_func;
  gpointer                      problem_data;
};

static void acceptor_watch (DemoAcceptor *acceptor);

static void
connection_free (DemoConnection *connection)
{
  g_clear_handle_id (&connection->timeout_id, g_source_remove);
  g_clear_object (&connection->remote);
  g_free (connection);
}

static void
connection_stream_gone_cb (gpointer  data,
                           GObject  *where_the_object_was)
{
  DemoConnection *connection = data;

  g_hash_table_remove (connection->acceptor->connections, connection->remote);
}

/* The client did not send its request in time: end the connection as if it had hung up. */
static gboolean
connection_timeout_cb (gpointer data)
{
  DemoConnection *connection = data;

  connection->timeout_id = 0;
  g_socket_shutdown (connection->socket, TRUE, TRUE, NULL);

  return G_SOURCE_REMOVE;
}

static void
connection_set_timeout (DemoConnection *connection,
                        guint           timeout_ms)
{
  g_clear_handle_id (&connection->timeout_id, g_source_remove);
  if (timeout_ms > 0)
    connection->timeout_id = g_timeout_add (timeout_ms, connection_timeout_cb, connection);
}

static DemoConnection *
acceptor_lookup (DemoAcceptor      *acceptor,
                 SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote != NULL ? g_hash_table_lookup (acceptor->connections, remote) : NULL;
}

static void
acceptor_problem (DemoAcceptor *acceptor,
                  const char   *message)
{
  if (acceptor->problem_func != NULL)
    acceptor->problem_func (message, acceptor->problem_data);
  else
    g_debug ("%s", message);
}

/* Hands @socket to SoupServer (through TLS with a certificate); FALSE when it could not. */
static gboolean
acceptor_serve (DemoAcceptor *acceptor,
                GSocket      *socket)
{
  g_autoptr(GSocketConnection) base = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GError) error = NULL;
  DemoConnection *connection;

  local = g_socket_get_local_address (socket, NULL);
  remote = g_socket_get_remote_address (socket, NULL);
  if (local == NULL || remote == NULL)
    return FALSE; /* gone already */

  g_socket_set_option (socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  base = g_socket_connection_factory_create_connection (socket);

  if (acceptor->tls_certificate != NULL)
    {
      static const char * const protocols[] = { "http/1.1", "http/1.0", NULL };

      stream = G_IO_STREAM (g_tls_server_connection_new (G_IO_STREAM (base),
                                                         acceptor->tls_certificate, &error));
      if (stream == NULL)
        {
          acceptor_problem (acceptor, error->message);
          return FALSE;
        }
      g_object_set (stream, "require-close-notify", FALSE, NULL);
      g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (stream), protocols);
    }
  else
    {
      stream = G_IO_STREAM (g_object_ref (base));
    }

  connection = g_new0 (DemoConnection, 1);
  connection->acceptor = acceptor;
  connection->stream = stream;
  connection->socket = socket;
  connection->remote = g_object_ref (remote);
  g_hash_table_insert (acceptor->connections, connection->remote, connection);
  g_object_weak_ref (G_OBJECT (stream), connection_stream_gone_cb, connection);
  connection_set_timeout (connection, acceptor->request_timeout_ms);

  if (!soup_server_accept_iostream (acceptor->server, stream, local, remote, &error))
    {
      acceptor_problem (acceptor, error->message);
      g_io_stream_close (stream, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static gboolean
acceptor_backoff_done_cb (gpointer data)
{
  DemoAcceptor *acceptor = data;

  acceptor->backoff_id = 0;
  acceptor_watch (acceptor);

  return G_SOURCE_REMOVE;
}

static gboolean
acceptor_ready_cb (GSocket      *listen_socket,
                   GIOCondition  condition,
                   gpointer      data)
{
  DemoAcceptor *acceptor = data;

  for (guint i = 0; i < ACCEPTS_PER_WAKEUP; i++)
    {
      g_autoptr(GSocket) socket = NULL;
      g_autoptr(GError) error = NULL;

      socket = g_socket_accept (listen_socket, NULL, &error);
      if (socket == NULL)
        {
          g_autofree char *message = NULL;

          if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
            return G_SOURCE_CONTINUE;

          /*
           * Out of file descriptors or memory, most likely: the pending connections stay in the
           * kernel's queue until some are closed; try again a little later, and a little later
           * each time while it lasts.
           */
          if (acceptor->backoff_ms == 0)
            {
              message = g_strdup_printf ("could not accept a connection (%s); trying again "
                                         "every %u ms or less until it works",
                                         error->message, BACKOFF_MAX_MS);
              acceptor_problem (acceptor, message);
            }
          acceptor->backoff_ms = CLAMP (acceptor->backoff_ms * 2, BACKOFF_MIN_MS, BACKOFF_MAX_MS);

          g_clear_pointer (&acceptor->source, g_source_unref);
          acceptor->backoff_id = g_timeout_add (acceptor->backoff_ms, acceptor_backoff_done_cb,
                                                acceptor);
          return G_SOURCE_REMOVE;
        }

      if (acceptor->backoff_ms != 0)
        {
          acceptor->backoff_ms = 0;
          acceptor_problem (acceptor, "accepting connections again");
        }

      /* past the limit: closed at once, so that the connections already served go on */
      if (g_hash_table_size (acceptor->connections) >= acceptor->max_connections)
        {
          g_socket_close (socket, NULL);
          continue;
        }

      if (!acceptor_serve (acceptor, socket))
        g_socket_close (socket, NULL);
    }

  return G_SOURCE_CONTINUE;
}

static void
acceptor_watch (DemoAcceptor *acceptor)
{
  g_assert (acceptor->source == NULL);

  acceptor->source = g_socket_create_source (acceptor->socket, G_IO_IN, NULL);
  g_source_set_callback (acceptor->source, G_SOURCE_FUNC (acceptor_ready_cb), acceptor, NULL);
  g_source_attach (acceptor->source, NULL);
}

/* Accepts connections on the listening @socket for @server, until runnel_demo_acceptor_free (). */
DemoAcceptor *
runnel_demo_acceptor_new (SoupServer      *server,
                          GSocket         *socket,
                          GTlsCertificate *tls_certificate)
{
  DemoAcceptor *acceptor = g_new0 (DemoAcceptor, 1);

  acceptor->server = server;
  acceptor->socket = g_object_ref (socket);
  acceptor->tls_certificate = tls_certificate != NULL ? g_object_ref (tls_certificate) : NULL;
  acceptor->connections = g_hash_table_new_full (NULL, NULL, NULL,
                                                 (GDestroyNotify) connection_free);
  acceptor->max_connections = RUNNEL_DEMO_MAX_CONNECTIONS;
  acceptor->request_timeout_ms = RUNNEL_DEMO_REQUEST_TIMEOUT_MS;
  acceptor->body_timeout_ms = RUNNEL_DEMO_BODY_TIMEOUT_MS;

  g_socket_set_blocking (socket, FALSE);
  acceptor_watch (acceptor);

  return acceptor;
}

void
runnel_demo_acceptor_free (DemoAcceptor *acceptor)
{
  GHashTableIter iter;
  DemoConnection *connection;

  if (acceptor->source != NULL)
    {
      g_source_destroy (acceptor->source);
      g_clear_pointer (&acceptor->source, g_source_unref);
    }
  g_clear_handle_id (&acceptor->backoff_id, g_source_remove);

  g_hash_table_iter_init (&iter, acceptor->connections);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &connection))
    g_object_weak_unref (G_OBJECT (connection->stream), connection_stream_gone_cb, connection);
  g_hash_table_unref (acceptor->connections);

  g_socket_close (acceptor->socket, NULL);
  g_object_unref (acceptor->socket);
  g_clear_object (&acceptor->tls_certificate);
  g_free (acceptor);
}

void
runnel_demo_acceptor_set_problem_func (DemoAcceptor                  *acceptor,
                                       RunnelDemoAcceptorProblemFunc  func,
                                       gpointer                       data)
{
  acceptor->problem_func = func;
  acceptor->problem_data = data;
}

/* Limits for tests: connections at once, and the time for a request's headers and its body. */
void
runnel_demo_acceptor_set_limits (DemoAcceptor *acceptor,
                                 guint         max_connections,
                                 guint         request_timeout_ms,
                                 guint         body_timeout_ms)
{
  acceptor->max_connections = max_connections;
  acceptor->request_timeout_ms = request_timeout_ms;
  acceptor->body_timeout_ms = body_timeout_ms;
}

/* The headers are in: the body now has its own deadline. */
void
runnel_demo_acceptor_got_headers (DemoAcceptor      *acceptor,
                                  SoupServerMessage *msg)
{
  DemoConnection *connection = acceptor_lookup (acceptor, msg);

  if (connection != NULL)
    connection_set_timeout (connection, acceptor->body_timeout_ms);
}

/* The whole request is in: from now on the response decides how long the connection lasts. */
void
runnel_demo_acceptor_got_request (DemoAcceptor      *acceptor,
                                  SoupServerMessage *msg)
{
  DemoConnection *connection = acceptor_lookup (acceptor, msg);

  if (connection != NULL)
    g_clear_handle_id (&connection->timeout_id, g_source_remove);
}

/* The socket under @msg's connection (libsoup knows none for a connection handed to it). */
GSocket *
runnel_demo_acceptor_get_socket (DemoAcceptor      *acceptor,
                                 SoupServerMessage *msg)
{
  DemoConnection *connection = acceptor_lookup (acceptor, msg);

  return connection != NULL ? connection->socket : NULL;
}

GSocket *
runnel_demo_acceptor_get_listen_socket (DemoAcceptor *acceptor)
{
  return acceptor->socket;
}

guint
runnel_demo_acceptor_get_n_connections (DemoAcceptor *acceptor)
{
  return g_hash_table_size (acceptor->connections);
}
