/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-server.c: the demo server object: listening, endpoint table, routing, request log */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>
#include <string.h>

#include "runnel-demo-private.h"
#include "runnel-demo-resources.h"
#include "runnel-utf8.h"

#define MAX_REQUEST_BODY        (1024 * 1024)
#define MAX_PORT_ATTEMPTS       100
#define LISTEN_BACKLOG          1024

typedef void (*DemoHandler) (RunnelDemoServer  *self,
                             SoupServerMessage *msg,
                             GHashTable        *query);

typedef struct
{
  char   *remote_host;
  guint64 body_bytes;   /* request body received so far */
  guint64 bytes;
  gint64  start_time;
  guint   status;       /* as sent, which libsoup overwrites when the connection fails later */
  gboolean logged;
} RequestInfo;

struct _RunnelDemoServer
{
  GObject     parent_instance;

  /* Owned */
  SoupServer *server;
  DemoAcceptor *acceptor;
  GHashTable *streams;   /* DemoStream set */
  GTlsCertificate *tls_certificate;   /* NULL: plain HTTP */
  DemoReplay *replay;    /* the captures served, NULL until the first */
  DemoMcp    *mcp;       /* /mcp's sessions, NULL until the first request */
  char       *uri;
  guint       port;
  guint64     n_skipped_ticks;   /* timed streams' ticks skipped while their client was behind */

  /* the acceptor's limits (tests make them small) */
  guint       max_connections;
  guint       request_timeout_ms;
  guint       body_timeout_ms;
};

G_DEFINE_FINAL_TYPE (RunnelDemoServer, runnel_demo_server, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_URI,
  PROP_N_STREAMS,
  N_PROPS
};

enum {
  REQUEST_FINISHED,
  PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];
static GQuark request_info_quark;

static const RunnelDemoEndpoint endpoints[] = {
  { "/", "GET", N_("This page: the endpoints and a live clock fed by EventSource on /clock") },
  { "/clock", "GET", N_("The current time every second, forever (?interval=ms)") },
  { "/counter", "GET",
    N_("id: N and data: N from 1 every ?interval= ms (?count=); resumes after Last-Event-ID; "
       "?drop=K cuts each connection in the middle of its event K+1") },
  { "/chat", "POST",
    N_("OpenAI-style chat completion: JSON body with messages, JSON deltas word by word, then "
       "[DONE] (\"stream\": false: one JSON reply; ?first_token_ms= waits after the role)"),
    "{\"stream\": true, \"messages\": [{\"role\": \"user\", "
    "\"content\": \"What are Server-Sent Events?\"}]}",
    "application/json" },
  { "/echo", "ANY",
    N_("Your request's method, path, query, headers and body as events, then keep-alive "
       "comments") },
  { "/firehose", "GET",
    N_("?rate=N events per second (0 = as fast as possible) of ?size=B bytes, ?count=C (0 = "
       "forever)") },
  { "/events", "GET",
    N_("?types=a,b,c named event types with multi-line data, comments and retry: fields") },
  { "/fault/500", "GET", N_("HTTP 500 Internal Server Error") },
  { "/fault/503", "GET", N_("HTTP 503 Service Unavailable with Retry-After (?after=seconds)") },
  { "/fault/429", "GET", N_("HTTP 429 Too Many Requests with Retry-After (?after=seconds)") },
  { "/fault/401", "GET", N_("HTTP 401 Unauthorized with WWW-Authenticate") },
  { "/fault/404", "GET", N_("HTTP 404 Not Found") },
  { "/fault/204", "GET", N_("HTTP 204 No Content: the server asks the client to stop") },
  { "/fault/content-type", "GET",
    N_("HTTP 200 with Content-Type text/html instead of an event stream") },
  { "/fault/drop", "GET",
    N_("One event, then the connection is cut in the middle of the next one") },
  { "/fault/retry", "GET", N_("retry: N (?ms=N) and one event, then the stream ends") },
  { "/fault/trickle", "GET", N_("Events written one byte at a time (?interval=ms between bytes)") },
  { "/fault/oversized", "GET",
    N_("One event larger than the client's 16 MiB default limit (?size=bytes), then a small one") },
  { "/fault/invalid-utf8", "GET",
    N_("Events whose data holds invalid UTF-8, then the stream ends") },
  { "/fault/silent", "GET",
    N_("One event, then silence: the connection stays open with no bytes") },
  { "/fault/buffered", "GET",
    N_("Events held back and let go in bursts of ?burst=N every ?interval= ms, as a buffering "
       "proxy does (?count=)") },
  { "/fault/heartbeat", "GET",
    N_("Only keep-alive comments (?ping=1: ping events) every ?interval= ms for ?quiet= ms, then "
       "events (?count=)") },
  { "/fault/gzip", "GET",
    N_("Content-Encoding: gzip, flushed after every event (?interval=, ?count=)") },
  { "/fault/redirect", "GET",
    N_("Redirects to ?to=PATH (default /clock) with ?status= (default 307)") },
  { "/ndjson", "GET",
    N_("application/x-ndjson, not an event stream: a JSON object per line every ?interval= ms "
       "(?count=); ?partial=1 ends the last line without its line feed") },
  { "/mcp", "ANY",
    N_("A Model Context Protocol server (Streamable HTTP, 2025-06-18): POST JSON-RPC, GET its "
       "stream, DELETE the session; tools countdown and echo, one resource; resumes after "
       "Last-Event-ID; ?drop_after=N cuts a stream, ?expire_session=1 forgets the session") },
  { NULL, NULL, NULL }
};

static const DemoHandler handlers[] = {
  runnel_demo_handle_index,
  runnel_demo_handle_clock,
  runnel_demo_handle_counter,
  runnel_demo_handle_chat,
  runnel_demo_handle_echo,
  runnel_demo_handle_firehose,
  runnel_demo_handle_events,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_status_fault,
  runnel_demo_handle_content_type,
  runnel_demo_handle_drop,
  runnel_demo_handle_retry,
  runnel_demo_handle_trickle,
  runnel_demo_handle_oversized,
  runnel_demo_handle_invalid_utf8,
  runnel_demo_handle_silent,
  runnel_demo_handle_buffered,
  runnel_demo_handle_heartbeat,
  runnel_demo_handle_gzip,
  runnel_demo_handle_redirect,
  runnel_demo_handle_ndjson,
  runnel_demo_handle_mcp,
};

G_STATIC_ASSERT (G_N_ELEMENTS (endpoints) == G_N_ELEMENTS (handlers) + 1);

/* Dispatch and request log */

static gboolean
request_body_too_large (SoupServerMessage *msg)
{
  RequestInfo *info = g_object_get_qdata (G_OBJECT (msg), request_info_quark);

  return (info != NULL && info->body_bytes > MAX_REQUEST_BODY) ||
         soup_server_message_get_request_body (msg)->length > MAX_REQUEST_BODY;
}

/* A chunked request body has no announced length: stop keeping it once it passes the limit. */
static void
request_got_chunk_cb (SoupServerMessage *msg,
                      GBytes            *chunk,
                      RequestInfo       *info)
{
  info->body_bytes += g_bytes_get_size (chunk);
  if (info->body_bytes > MAX_REQUEST_BODY)
    soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
}

static void
server_early_handler (SoupServer        *server,
                      SoupServerMessage *msg,
                      const char        *path,
                      GHashTable        *query,
                      gpointer           user_data)
{
  RunnelDemoServer *self = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  RequestInfo *info = g_object_get_qdata (G_OBJECT (msg), request_info_quark);

  if (self->acceptor != NULL)
    runnel_demo_acceptor_got_headers (self->acceptor, msg);

  /*
   * One request per connection: libsoup 3.2 leaks the socket (and its file descriptor) of an
   * idle keep-alive connection that the client closes, which a long-running demo server would
   * pile up; event-stream clients open a new connection for each request anyway.
   */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      soup_message_headers_get_content_length (headers) > MAX_REQUEST_BODY)
    runnel_demo_set_text_response (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                   "The request body is larger than 1 MiB\n");
  else if (info != NULL)
    g_signal_connect (msg, "got-chunk", G_CALLBACK (request_got_chunk_cb), info);
}

/*
 * CORS on every answer, so that a front end on its own dev server (another port is another
 * origin) can read the streams with EventSource or fetch: any origin, no credentials (the demo
 * needs none), the headers a stream client sends, and those it reads exposed.
 */
static void
add_cors_headers (SoupServerMessage *msg)
{
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);

  soup_message_headers_replace (response, "Access-Control-Allow-Origin", "*");
  soup_message_headers_replace (response, "Access-Control-Expose-Headers",
                                "Content-Type, Cache-Control, Retry-After, Last-Event-ID, "
                                "Mcp-Session-Id");
}

/* a browser's preflight (OPTIONS before a POST with a JSON body, or with Last-Event-ID): 204 */
static void
answer_preflight (SoupServerMessage *msg)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  const char *asked = soup_message_headers_get_one (request, "Access-Control-Request-Headers");

  soup_message_headers_replace (response, "Access-Control-Allow-Methods",
                                "GET, POST, DELETE, OPTIONS");
  /* the headers it asks for (they are echoed by /echo, never acted on), else the usual ones */
  soup_message_headers_replace (response, "Access-Control-Allow-Headers",
                                asked != NULL && *asked != '\0' ? asked :
                                "Accept, Authorization, Cache-Control, Content-Type, "
                                "Last-Event-ID, Mcp-Session-Id, MCP-Protocol-Version");
  soup_message_headers_replace (response, "Access-Control-Max-Age", "600");
  soup_message_headers_replace (response, "Allow", "GET, POST, DELETE, OPTIONS");
  soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
}

/* /favicon.ico: the app icon, so that a browser's console stays clean */
static void
answer_favicon (SoupServerMessage *msg)
{
  /* looked up in the resource itself: a static library's constructor may not be linked in */
  g_autoptr(GBytes) icon = g_resource_lookup_data (runnel_demo_get_resource (),
                                                   "/io/github/runnel/Runnel/demo/favicon.svg",
                                                   G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);

  if (icon == NULL)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Cache-Control", "max-age=86400");
  soup_server_message_set_response (msg, "image/svg+xml", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (icon, NULL), g_bytes_get_size (icon));
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
}

static void
server_handler (SoupServer        *server,
                SoupServerMessage *msg,
                const char        *path,
                GHashTable        *query,
                gpointer           user_data)
{
  RunnelDemoServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  const RunnelDemoEndpoint *endpoint = NULL;
  guint i;

  add_cors_headers (msg);

  if (soup_server_message_get_status (msg) != 0)
    return;

  if (strcmp (method, "OPTIONS") == 0)
    {
      answer_preflight (msg);
      return;
    }

  /* the URL the server prints ends with a slash: $URL/echo is a natural //echo */
  while (path[0] == '/' && path[1] == '/')
    path++;

  if (strcmp (path, "/favicon.ico") == 0)
    {
      answer_favicon (msg);
      return;
    }

  if (self->replay != NULL && runnel_demo_replay_handle (self, self->replay, msg, path))
    return;

  for (i = 0; endpoints[i].path != NULL; i++)
    {
      if (strcmp (endpoints[i].path, path) == 0)
        {
          endpoint = &endpoints[i];
          break;
        }
    }

  if (endpoint == NULL)
    {
      runnel_demo_set_text_responsef (msg, SOUP_STATUS_NOT_FOUND,
                                      "No such endpoint: %s\nThe index page at / lists them all.\n",
                                      path);
      return;
    }

  /* fault endpoints answer any method, so that POST clients can meet every failure too */
  if (strcmp (endpoint->method, "ANY") != 0 &&
      strcmp (endpoint->method, method) != 0 &&
      !g_str_has_prefix (path, "/fault/"))
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", endpoint->method);
      runnel_demo_set_text_responsef (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                      "%s does not answer %s; use %s\n",
                                      path, method, endpoint->method);
      return;
    }

  if (request_body_too_large (msg))
    {
      runnel_demo_set_text_response (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                                     "The request body is larger than 1 MiB\n");
      return;
    }

  handlers[i] (self, msg, query);
}

static void
request_info_free (gpointer data)
{
  RequestInfo *info = data;

  g_free (info->remote_host);
  g_free (info);
}

static void
request_wrote_headers_cb (SoupServerMessage *msg,
                          RequestInfo       *info)
{
  info->status = soup_server_message_get_status (msg);
}

static void
request_wrote_body_data_cb (SoupServerMessage *msg,
                            guint              chunk_size,
                            RequestInfo       *info)
{
  info->bytes += chunk_size;
}

static void
server_request_started_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           RunnelDemoServer  *self)
{
  RequestInfo *info = g_new0 (RequestInfo, 1);

  info->start_time = g_get_monotonic_time ();
  g_object_set_qdata_full (G_OBJECT (msg), request_info_quark, info, request_info_free);
  g_signal_connect (msg, "wrote-headers", G_CALLBACK (request_wrote_headers_cb), info);
  g_signal_connect (msg, "wrote-body-data", G_CALLBACK (request_wrote_body_data_cb), info);
}

/* the peer's address, asked while the connection is surely up (libsoup warns when it is not) */
static void
server_request_read_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        RunnelDemoServer  *self)
{
  RequestInfo *info = g_object_get_qdata (G_OBJECT (msg), request_info_quark);

  if (info != NULL && info->remote_host == NULL)
    info->remote_host = g_strdup (soup_server_message_get_remote_host (msg));

  if (self->acceptor != NULL)
    runnel_demo_acceptor_got_request (self->acceptor, msg);
}

/* The socket under @msg, for the streams that watch for a hang-up or cut the connection */
GSocket *
runnel_demo_server_get_socket (RunnelDemoServer  *self,
                               SoupServerMessage *msg)
{
  return self->acceptor != NULL ? runnel_demo_acceptor_get_socket (self->acceptor, msg) : NULL;
}

/* Emits the request's log line, once; @note (when not NULL) says why it ended early. */
void
runnel_demo_server_request_done (RunnelDemoServer  *self,
                                 SoupServerMessage *msg,
                                 const char        *note)
{
  RequestInfo *info = g_object_get_qdata (G_OBJECT (msg), request_info_quark);
  GUri *uri = soup_server_message_get_uri (msg);
  const char *method = soup_server_message_get_method (msg);
  const char *query = uri != NULL ? g_uri_get_query (uri) : NULL;
  g_autofree char *line = NULL;
  g_autofree char *printable = NULL;
  double seconds;

  if (info == NULL || info->logged || method == NULL || uri == NULL)
    return; /* logged already, or not even a request line */

  info->logged = TRUE;
  seconds = (g_get_monotonic_time () - info->start_time) / (double) G_USEC_PER_SEC;
  line = g_strdup_printf ("%s %s %s%s%s %u %" G_GUINT64_FORMAT " bytes %.3f s%s%s%s",
                          info->remote_host != NULL ? info->remote_host : "-",
                          method, g_uri_get_path (uri),
                          query != NULL ? "?" : "", query != NULL ? query : "",
                          info->status != 0 ? info->status : soup_server_message_get_status (msg),
                          info->bytes, seconds,
                          note != NULL ? " (" : "", note != NULL ? note : "", note != NULL ? ")" : "");

  /* the path and query are the client's: no terminal escapes into the log */
  printable = runnel_utf8_printable (line, -1);
  g_signal_emit (self, signals [REQUEST_FINISHED], 0, printable);
}

static void
server_request_finished_cb (SoupServer        *server,
                            SoupServerMessage *msg,
                            RunnelDemoServer  *self)
{
  runnel_demo_server_request_done (self, msg, NULL);
}

static void
server_request_aborted_cb (SoupServer        *server,
                           SoupServerMessage *msg,
                           RunnelDemoServer  *self)
{
  runnel_demo_server_request_done (self, msg, "connection closed");
}

void
runnel_demo_server_skipped_tick (RunnelDemoServer *self)
{
  self->n_skipped_ticks++;
}

guint64
runnel_demo_server_get_n_skipped_ticks (RunnelDemoServer *self)
{
  return self->n_skipped_ticks;
}

GSocket *
runnel_demo_server_get_listen_socket (RunnelDemoServer *self)
{
  return self->acceptor != NULL ? runnel_demo_acceptor_get_listen_socket (self->acceptor) : NULL;
}

/* The streams set: runnel-demo-stream.c adds every stream and removes it when it is freed */

void
runnel_demo_server_add_stream (RunnelDemoServer *self,
                               DemoStream       *stream)
{
  g_hash_table_add (self->streams, stream);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_STREAMS]);
}

void
runnel_demo_server_remove_stream (RunnelDemoServer *self,
                                  DemoStream       *stream)
{
  if (g_hash_table_remove (self->streams, stream))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_N_STREAMS]);
}

DemoMcp *
runnel_demo_server_get_mcp (RunnelDemoServer *self)
{
  if (self->mcp == NULL)
    self->mcp = runnel_demo_mcp_new ();

  return self->mcp;
}

DemoReplay *
runnel_demo_server_get_replay (RunnelDemoServer *self)
{
  if (self->replay == NULL)
    self->replay = runnel_demo_replay_new ();

  return self->replay;
}

/* The object */

static void
runnel_demo_server_dispose (GObject *object)
{
  RunnelDemoServer *self = (RunnelDemoServer *)object;

  runnel_demo_server_stop (self);
  g_clear_object (&self->tls_certificate);

  G_OBJECT_CLASS (runnel_demo_server_parent_class)->dispose (object);
}

static void
runnel_demo_server_finalize (GObject *object)
{
  RunnelDemoServer *self = (RunnelDemoServer *)object;

  g_clear_pointer (&self->streams, g_hash_table_unref);
  g_clear_pointer (&self->uri, g_free);
  g_clear_pointer (&self->replay, runnel_demo_replay_free);

  G_OBJECT_CLASS (runnel_demo_server_parent_class)->finalize (object);
}

static void
runnel_demo_server_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelDemoServer *self = RUNNEL_DEMO_SERVER (object);

  switch (prop_id)
    {
    case PROP_URI:
      g_value_set_string (value, self->uri);
      break;

    case PROP_N_STREAMS:
      g_value_set_uint (value, runnel_demo_server_get_n_streams (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_demo_server_class_init (RunnelDemoServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_demo_server_dispose;
  object_class->finalize = runnel_demo_server_finalize;
  object_class->get_property = runnel_demo_server_get_property;

  properties [PROP_URI] =
    g_param_spec_string ("uri", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties [PROP_N_STREAMS] =
    g_param_spec_uint ("n-streams", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RunnelDemoServer::request-finished:
   * @line: one log line for the request: client, method, path, status, bytes, duration
   */
  signals [REQUEST_FINISHED] =
    g_signal_new ("request-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  /**
   * RunnelDemoServer::problem:
   * @message: what went wrong with the server itself (not with one request), in English
   */
  signals [PROBLEM] =
    g_signal_new ("problem",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  request_info_quark = g_quark_from_static_string ("runnel-demo-request-info");
}

static void
runnel_demo_server_init (RunnelDemoServer *self)
{
  self->streams = g_hash_table_new (NULL, NULL);
  self->max_connections = RUNNEL_DEMO_MAX_CONNECTIONS;
  self->request_timeout_ms = RUNNEL_DEMO_REQUEST_TIMEOUT_MS;
  self->body_timeout_ms = RUNNEL_DEMO_BODY_TIMEOUT_MS;
}

RunnelDemoServer *
runnel_demo_server_new (void)
{
  return g_object_new (RUNNEL_TYPE_DEMO_SERVER, NULL);
}

static SoupServer *
create_soup_server (RunnelDemoServer *self)
{
  SoupServer *server = soup_server_new ("server-header", "runnel-demo ", NULL);

  soup_server_add_early_handler (server, NULL, server_early_handler, self, NULL);
  soup_server_add_handler (server, NULL, server_handler, self, NULL);
  g_signal_connect (server, "request-started", G_CALLBACK (server_request_started_cb), self);
  g_signal_connect (server, "request-read", G_CALLBACK (server_request_read_cb), self);
  g_signal_connect (server, "request-finished", G_CALLBACK (server_request_finished_cb), self);
  g_signal_connect (server, "request-aborted", G_CALLBACK (server_request_aborted_cb), self);

  return server;
}

static void
acceptor_problem_cb (const char *message,
                     gpointer    data)
{
  g_signal_emit (data, signals [PROBLEM], 0, message);
}

/*
 * A listening socket with a longer queue of pending connections than GLib's default of 10, so
 * that hundreds of clients connecting at once are all accepted at once instead of some waiting
 * for the kernel to retry their SYN a second later.
 */
static GSocket *
listen_on (GSocketAddress  *address,
           GError         **error)
{
  g_autoptr(GSocket) socket = NULL;

  socket = g_socket_new (g_socket_address_get_family (address), G_SOCKET_TYPE_STREAM,
                         G_SOCKET_PROTOCOL_TCP, error);
  if (socket == NULL)
    return NULL;

  g_socket_set_listen_backlog (socket, LISTEN_BACKLOG);

  if (!g_socket_bind (socket, address, TRUE, error) || !g_socket_listen (socket, error))
    return NULL;

  return g_steal_pointer (&socket);
}

gboolean
runnel_demo_server_listen (RunnelDemoServer *self,
                           const char       *address,
                           guint             port,
                           gboolean          try_next,
                           GError          **error)
{
  g_autoptr(GInetAddress) inet_address = NULL;
  g_autoptr(SoupServer) server = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autofree char *host = NULL;
  guint attempts;

  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (port <= G_MAXUINT16, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->server != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS, "The demo server is already listening");
      return FALSE;
    }

  if (address == NULL || g_ascii_strcasecmp (address, "localhost") == 0)
    address = "127.0.0.1";

  inet_address = g_inet_address_new_from_string (address);
  if (inet_address == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   "“%s” is not an IP address", address);
      return FALSE;
    }

  attempts = try_next && port != 0 ? MAX_PORT_ATTEMPTS : 1;

  for (guint i = 0; i < attempts; i++)
    {
      g_autoptr(GSocketAddress) socket_address = g_inet_socket_address_new (inet_address, port + i);
      g_autoptr(GError) local_error = NULL;

      if (port + i > G_MAXUINT16)
        break;

      socket = listen_on (socket_address, &local_error);
      if (socket != NULL)
        break;

      if (i + 1 == attempts || port + i + 1 > G_MAXUINT16 ||
          !g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE))
        {
          g_propagate_prefixed_error (error, g_steal_pointer (&local_error),
                                      "Could not listen on %s port %u: ", address, port + i);
          return FALSE;
        }
    }

  local = g_socket_get_local_address (socket, NULL);
  if (local != NULL)
    self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (local));

  server = create_soup_server (self);
  self->acceptor = runnel_demo_acceptor_new (server, socket, self->tls_certificate);
  runnel_demo_acceptor_set_limits (self->acceptor, self->max_connections,
                                   self->request_timeout_ms, self->body_timeout_ms);
  runnel_demo_acceptor_set_problem_func (self->acceptor, acceptor_problem_cb, self);

  /* listening on every address: the URL names loopback, which reaches it from here */
  if (g_inet_address_get_is_any (inet_address))
    {
      g_autoptr(GInetAddress) loopback =
        g_inet_address_new_loopback (g_inet_address_get_family (inet_address));
      host = g_inet_address_to_string (loopback);
    }
  else
    {
      host = g_inet_address_to_string (inet_address);
    }

  self->server = g_steal_pointer (&server);
  self->uri = g_uri_join (G_URI_FLAGS_NONE, self->tls_certificate ? "https" : "http", NULL, host,
                          self->port, "/", NULL, NULL);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_URI]);

  return TRUE;
}

/**
 * runnel_demo_server_set_tls_certificate:
 * @certificate: (nullable): a certificate with its private key, or NULL for plain HTTP
 *
 * Serves HTTPS with @certificate from the next runnel_demo_server_listen () on (the client's
 * TLS tests use a certificate of their own test authority).
 */
void
runnel_demo_server_set_tls_certificate (RunnelDemoServer *self,
                                        GTlsCertificate  *certificate)
{
  g_return_if_fail (RUNNEL_IS_DEMO_SERVER (self));
  g_return_if_fail (certificate == NULL || G_IS_TLS_CERTIFICATE (certificate));

  g_set_object (&self->tls_certificate, certificate);
}

void
runnel_demo_server_stop (RunnelDemoServer *self)
{
  g_autoptr(GList) streams = NULL;

  g_return_if_fail (RUNNEL_IS_DEMO_SERVER (self));

  streams = g_hash_table_get_keys (self->streams);
  for (const GList *l = streams; l != NULL; l = l->next)
    {
      DemoStream *stream = l->data;

      runnel_demo_server_request_done (self, stream->msg, "server stopped");
      runnel_demo_stream_free (stream);
    }

  /* after the streams: a session's streams let go of their connections as those are freed */
  g_clear_pointer (&self->mcp, runnel_demo_mcp_free);
  g_clear_pointer (&self->acceptor, runnel_demo_acceptor_free);

  if (self->server != NULL)
    {
      soup_server_disconnect (self->server);
      g_signal_handlers_disconnect_by_data (self->server, self);
      g_clear_object (&self->server);
    }

  self->port = 0;
  if (self->uri != NULL)
    {
      g_clear_pointer (&self->uri, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_URI]);
    }
}

const char *
runnel_demo_server_get_uri (RunnelDemoServer *self)
{
  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), NULL);

  return self->uri;
}

guint
runnel_demo_server_get_port (RunnelDemoServer *self)
{
  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), 0);

  return self->port;
}

/**
 * runnel_demo_server_set_limits:
 * @max_connections: connections served at once; more are closed as soon as they are accepted
 * @request_timeout_ms: the time a new connection has to send its request's headers
 * @body_timeout_ms: the time it then has to send the request's body
 *
 * Changes the limits (for tests; the defaults are 512, 10 s and 30 s), now and on the next listen.
 */
void
runnel_demo_server_set_limits (RunnelDemoServer *self,
                               guint             max_connections,
                               guint             request_timeout_ms,
                               guint             body_timeout_ms)
{
  g_return_if_fail (RUNNEL_IS_DEMO_SERVER (self));

  self->max_connections = max_connections;
  self->request_timeout_ms = request_timeout_ms;
  self->body_timeout_ms = body_timeout_ms;
  if (self->acceptor != NULL)
    runnel_demo_acceptor_set_limits (self->acceptor, max_connections, request_timeout_ms,
                                     body_timeout_ms);
}

/* connections open now, streaming or not (for tests) */
guint
runnel_demo_server_get_n_connections (RunnelDemoServer *self)
{
  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), 0);

  return self->acceptor != NULL ? runnel_demo_acceptor_get_n_connections (self->acceptor) : 0;
}

guint
runnel_demo_server_get_n_streams (RunnelDemoServer *self)
{
  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), 0);

  return g_hash_table_size (self->streams);
}

const RunnelDemoEndpoint *
runnel_demo_server_get_endpoints (guint *n_endpoints)
{
  if (n_endpoints != NULL)
    *n_endpoints = G_N_ELEMENTS (endpoints) - 1;

  return endpoints;
}
