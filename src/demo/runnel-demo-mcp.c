/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-mcp.c: /mcp, a small MCP server on the Streamable HTTP transport, with faults */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-demo-private.h"
#include "runnel-json.h"

/*
 * The transport follows the Model Context Protocol specification, revision 2025-06-18,
 * "Basic / Transports / Streamable HTTP": one JSON-RPC message per POST (no batches in this
 * revision); 202 for a notification or a response; a request is answered with JSON, or with an
 * event stream whose events carry JSON-RPC messages and ids; Mcp-Session-Id from the initialize
 * response on every later request (400 without it, 404 once the session is gone); GET opens the
 * server's own stream; DELETE ends the session; a GET with Last-Event-ID resumes the stream that
 * id belongs to, replaying only that stream's messages after it. Event ids are "STREAM-N", unique
 * within the session as the specification asks.
 *
 * Pages from other machines (an Origin that is not loopback) are refused, as the
 * specification asks against DNS rebinding.
 *
 * Faults: ?drop_after=N cuts a POST's event stream after N events (the stream goes on in the
 * server, for a GET with Last-Event-ID to resume); ?expire_session=1 makes the server forget the
 * session of a request (not of a notification, so that initialize goes through) first, as an
 * expired session, so that the request gets its 404.
 */

#define MCP_PROTOCOL_VERSION       "2025-06-18"
#define MCP_OLDER_PROTOCOL_VERSION "2025-03-26"   /* assumed without MCP-Protocol-Version */
#define MCP_MAX_SESSIONS           256
#define MCP_MAX_STREAMS            256            /* per session */

/* JSON-RPC 2.0 error codes, and the ones the MCP TypeScript SDK answers transport errors with */
#define JSONRPC_PARSE_ERROR        -32700
#define JSONRPC_INVALID_REQUEST    -32600
#define JSONRPC_METHOD_NOT_FOUND   -32601
#define JSONRPC_INVALID_PARAMS     -32602
#define MCP_ERROR_BAD_SESSION      -32000
#define MCP_ERROR_NO_SESSION       -32001
#define MCP_ERROR_NO_RESOURCE      -32002

#define README_URI "runnel://demo/readme"
#define README_TEXT \
  "This is the Runnel demo server's MCP endpoint. Call the countdown tool with a progress token " \
  "to see progress notifications stream before its result, and add ?drop_after=N to the URL to " \
  "test resumption with Last-Event-ID.\n"

typedef struct _McpSession McpSession;

typedef struct
{
  /* Borrowed */
  McpSession *session;
  DemoStream *live;            /* the connection writing this stream now, NULL when none */

  /* Owned */
  GPtrArray  *events;          /* the JSON-RPC messages sent, in order: event N is index N - 1 */
  JsonNode   *request_id;      /* the tools/call this stream answers, NULL for the GET stream */
  JsonNode   *progress_token;  /* NULL: no progress notifications */
  guint       timeout_id;

  guint       number;
  guint       from;            /* countdown */
  guint       done;
  guint64     drop_after;      /* cut the live connection after this many events, 0 = never */
  guint64     written;         /* events written on the live connection */
  gboolean    finished;        /* the response is in events: nothing more comes */
} McpStream;

struct _McpSession
{
  char       *id;
  GPtrArray  *streams;         /* McpStream, stream N at index N - 1 */
  McpStream  *get_stream;      /* borrowed from streams */
  gboolean    initialized;     /* notifications/initialized came */
};

struct _DemoMcp
{
  GHashTable *sessions;        /* id → McpSession */
};

/* Streams and their connections */

static void
mcp_stream_detach (McpStream *stream)
{
  if (stream->live != NULL)
    {
      stream->live->state = NULL;
      stream->live->state_free = NULL;
      stream->live = NULL;
    }
}

/* DemoStream's state_free: the connection is gone */
static void
mcp_connection_gone (gpointer data)
{
  McpStream *stream = data;

  stream->live = NULL;
}

static void
mcp_stream_free (McpStream *stream)
{
  if (stream->live != NULL)
    {
      DemoStream *live = stream->live;

      mcp_stream_detach (stream);
      runnel_demo_stream_end (live);
    }

  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_pointer (&stream->events, g_ptr_array_unref);
  g_clear_pointer (&stream->request_id, json_node_unref);
  g_clear_pointer (&stream->progress_token, json_node_unref);
  g_free (stream);
}

static void
mcp_stream_write_event (McpStream *stream,
                        guint      index)
{
  runnel_demo_stream_printf (stream->live, "id: %u-%u\ndata: %s\n\n", stream->number, index + 1,
                             (const char *) g_ptr_array_index (stream->events, index));
  stream->written++;
}

/* After an event: end the connection when the stream is over, or cut it for ?drop_after= */
static void
mcp_stream_after_write (McpStream *stream)
{
  DemoStream *live = stream->live;

  if (live == NULL)
    return;

  if (stream->drop_after > 0 && stream->written >= stream->drop_after)
    {
      mcp_stream_detach (stream);
      live->pump = runnel_demo_stream_cut_pump;
      runnel_demo_stream_schedule_pump (live);
    }
  else if (stream->finished)
    {
      mcp_stream_detach (stream);
      runnel_demo_stream_end (live);
    }
}

/* Keeps @message (steals it) as the stream's next event and sends it if a connection is live */
static void
mcp_stream_send (McpStream *stream,
                 JsonNode  *message)
{
  g_ptr_array_add (stream->events, json_to_string (message, FALSE));
  json_node_unref (message);

  /* the client hung up: the connection is ending, and its stream freed soon */
  if (stream->live != NULL && stream->live->ended)
    mcp_stream_detach (stream);

  if (stream->live != NULL)
    {
      mcp_stream_write_event (stream, stream->events->len - 1);
      mcp_stream_after_write (stream);
    }
}

static void
mcp_stream_attach (McpStream  *stream,
                   DemoStream *live)
{
  mcp_stream_detach (stream);
  stream->live = live;
  stream->written = 0;
  live->state = stream;
  live->state_free = mcp_connection_gone;
}

static McpStream *
mcp_session_add_stream (McpSession *session)
{
  McpStream *stream = g_new0 (McpStream, 1);

  stream->session = session;
  stream->events = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (session->streams, stream);
  stream->number = session->streams->len;
  return stream;
}

static void
mcp_session_free (McpSession *session)
{
  g_ptr_array_unref (session->streams);
  g_free (session->id);
  g_free (session);
}

DemoMcp *
runnel_demo_mcp_new (void)
{
  DemoMcp *mcp = g_new0 (DemoMcp, 1);

  mcp->sessions = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) mcp_session_free);
  return mcp;
}

void
runnel_demo_mcp_free (DemoMcp *mcp)
{
  g_hash_table_unref (mcp->sessions);
  g_free (mcp);
}

/* JSON-RPC messages */

static JsonNode *
message_new (JsonObject **object)
{
  JsonNode *node = json_node_new (JSON_NODE_OBJECT);

  *object = json_object_new ();
  json_object_set_string_member (*object, "jsonrpc", "2.0");
  json_node_take_object (node, *object);
  return node;
}

static JsonNode *
result_new (JsonNode   *id,
            JsonObject *result)
{
  JsonObject *object;
  JsonNode *node = message_new (&object);

  json_object_set_member (object, "id", json_node_copy (id));
  json_object_set_object_member (object, "result", result);
  return node;
}

/* @id NULL: the id is null (the request's id could not be read, or there was no request) */
static JsonNode *
error_new (JsonNode   *id,
           gint        code,
           const char *message)
{
  JsonObject *object;
  JsonObject *error = json_object_new ();
  JsonNode *node = message_new (&object);

  if (id != NULL)
    json_object_set_member (object, "id", json_node_copy (id));
  else
    json_object_set_null_member (object, "id");
  json_object_set_int_member (error, "code", code);
  json_object_set_string_member (error, "message", message);
  json_object_set_object_member (object, "error", error);
  return node;
}

static JsonNode *
notification_new (const char  *method,
                  JsonObject **params)
{
  JsonObject *object;
  JsonNode *node = message_new (&object);

  *params = json_object_new ();
  json_object_set_string_member (object, "method", method);
  json_object_set_object_member (object, "params", *params);
  return node;
}

static JsonObject *
text_content_result (const char *text)
{
  JsonObject *result = json_object_new ();
  JsonObject *content = json_object_new ();
  JsonArray *array = json_array_new ();

  json_object_set_string_member (content, "type", "text");
  json_object_set_string_member (content, "text", text);
  json_array_add_object_element (array, content);
  json_object_set_array_member (result, "content", array);
  json_object_set_boolean_member (result, "isError", FALSE);
  return result;
}

/* Answers with @message as application/json (steals it) */
static void
set_json_response (SoupServerMessage *msg,
                   guint              status,
                   JsonNode          *message)
{
  g_autofree char *text = json_to_string (message, FALSE);

  json_node_unref (message);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static void
set_transport_error (SoupServerMessage *msg,
                     guint              status,
                     gint               code,
                     const char        *message)
{
  set_json_response (msg, status, error_new (NULL, code, message));
}

/* Sessions */

static McpSession *
mcp_session_new (DemoMcp *mcp)
{
  McpSession *session = g_new0 (McpSession, 1);

  session->id = g_uuid_string_random ();
  session->streams = g_ptr_array_new_with_free_func ((GDestroyNotify) mcp_stream_free);
  g_hash_table_insert (mcp->sessions, session->id, session);
  return session;
}

/*
 * The request's session: NULL with a 400 (no Mcp-Session-Id, or an unsupported
 * MCP-Protocol-Version) or a 404 (a session this server does not know, or no longer) set.
 */
static McpSession *
mcp_lookup_session (DemoMcp           *mcp,
                    SoupServerMessage *msg,
                    GHashTable        *query,
                    gboolean           may_expire)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *id = soup_message_headers_get_one (headers, "Mcp-Session-Id");
  const char *version = soup_message_headers_get_one (headers, "MCP-Protocol-Version");
  McpSession *session;

  if (version != NULL && strcmp (version, MCP_PROTOCOL_VERSION) != 0 &&
      strcmp (version, MCP_OLDER_PROTOCOL_VERSION) != 0)
    {
      g_autofree char *text = g_strdup_printf ("Bad Request: unsupported MCP-Protocol-Version %s",
                                               version);
      set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, MCP_ERROR_BAD_SESSION, text);
      return NULL;
    }

  if (id == NULL)
    {
      set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, MCP_ERROR_BAD_SESSION,
                           "Bad Request: Mcp-Session-Id header is required");
      return NULL;
    }

  if (may_expire && query != NULL &&
      g_strcmp0 (g_hash_table_lookup (query, "expire_session"), "1") == 0)
    g_hash_table_remove (mcp->sessions, id);

  session = g_hash_table_lookup (mcp->sessions, id);
  if (session == NULL)
    set_transport_error (msg, SOUP_STATUS_NOT_FOUND, MCP_ERROR_NO_SESSION, "Session not found");

  return session;
}

static gboolean
accepts (SoupServerMessage *msg,
         const char        *type)
{
  const char *accept = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Accept");

  return accept != NULL && strstr (accept, type) != NULL;
}

/* The server's own messages go to its GET stream, kept for a resumption when none is open */
static void
mcp_session_log (McpSession *session,
                 const char *text)
{
  JsonObject *params;
  JsonNode *message;

  if (session->get_stream == NULL)
    return;

  message = notification_new ("notifications/message", &params);
  json_object_set_string_member (params, "level", "info");
  json_object_set_string_member (params, "logger", "runnel-demo");
  json_object_set_string_member (params, "data", text);
  mcp_stream_send (session->get_stream, message);
}

/* initialize, the lists and resources/read */

static JsonObject *
initialize_result (JsonObject *params)
{
  JsonObject *result = json_object_new ();
  JsonObject *capabilities = json_object_new ();
  JsonObject *tools = json_object_new ();
  JsonObject *resources = json_object_new ();
  JsonObject *info = json_object_new ();
  const char *asked = NULL;

  if (params != NULL)
    asked = json_object_get_string_member_with_default (params, "protocolVersion", NULL);

  /* the client's version when this server speaks it, else the latest it speaks */
  json_object_set_string_member (result, "protocolVersion",
                                 g_strcmp0 (asked, MCP_OLDER_PROTOCOL_VERSION) == 0
                                 ? MCP_OLDER_PROTOCOL_VERSION : MCP_PROTOCOL_VERSION);
  json_object_set_boolean_member (tools, "listChanged", FALSE);
  json_object_set_object_member (capabilities, "tools", tools);
  json_object_set_boolean_member (resources, "subscribe", FALSE);
  json_object_set_boolean_member (resources, "listChanged", FALSE);
  json_object_set_object_member (capabilities, "resources", resources);
  json_object_set_object_member (capabilities, "logging", json_object_new ());
  json_object_set_object_member (result, "capabilities", capabilities);
  json_object_set_string_member (info, "name", "runnel-demo");
  json_object_set_string_member (info, "title", "Runnel demo MCP server");
  json_object_set_string_member (info, "version", PACKAGE_VERSION);
  json_object_set_object_member (result, "serverInfo", info);
  json_object_set_string_member (result, "instructions",
                                 "Call countdown with a progress token to watch progress stream.");
  return result;
}

static JsonObject *
integer_property (const char *description,
                  gint64      minimum,
                  gint64      maximum,
                  gint64      fallback)
{
  JsonObject *property = json_object_new ();

  json_object_set_string_member (property, "type", "integer");
  json_object_set_string_member (property, "description", description);
  json_object_set_int_member (property, "minimum", minimum);
  json_object_set_int_member (property, "maximum", maximum);
  json_object_set_int_member (property, "default", fallback);
  return property;
}

static JsonObject *
tool_new (const char *name,
          const char *title,
          const char *description,
          JsonObject *properties,
          const char *required)
{
  JsonObject *tool = json_object_new ();
  JsonObject *schema = json_object_new ();

  json_object_set_string_member (tool, "name", name);
  json_object_set_string_member (tool, "title", title);
  json_object_set_string_member (tool, "description", description);
  json_object_set_string_member (schema, "type", "object");
  json_object_set_object_member (schema, "properties", properties);
  if (required != NULL)
    {
      JsonArray *array = json_array_new ();

      json_array_add_string_element (array, required);
      json_object_set_array_member (schema, "required", array);
    }
  json_object_set_object_member (tool, "inputSchema", schema);
  return tool;
}

static JsonObject *
tools_list_result (void)
{
  JsonObject *result = json_object_new ();
  JsonArray *tools = json_array_new ();
  JsonObject *countdown = json_object_new ();
  JsonObject *echo = json_object_new ();
  JsonObject *text = json_object_new ();

  json_object_set_object_member (countdown, "from",
                                 integer_property ("Where to count down from", 1, 100, 5));
  json_object_set_object_member (countdown, "interval_ms",
                                 integer_property ("Milliseconds between steps", 1, 10000, 200));
  json_array_add_object_element (tools,
                                 tool_new ("countdown", "Countdown",
                                           "Counts down to zero as an event stream, with a "
                                           "progress notification per step when the request has "
                                           "a progress token", countdown, NULL));

  json_object_set_string_member (text, "type", "string");
  json_object_set_string_member (text, "description", "The text to send back");
  json_object_set_object_member (echo, "text", text);
  json_array_add_object_element (tools, tool_new ("echo", "Echo", "Sends the text back",
                                                  echo, "text"));

  json_object_set_array_member (result, "tools", tools);
  return result;
}

static JsonObject *
resources_list_result (void)
{
  JsonObject *result = json_object_new ();
  JsonArray *resources = json_array_new ();
  JsonObject *readme = json_object_new ();

  json_object_set_string_member (readme, "uri", README_URI);
  json_object_set_string_member (readme, "name", "readme");
  json_object_set_string_member (readme, "title", "About this server");
  json_object_set_string_member (readme, "mimeType", "text/plain");
  json_array_add_object_element (resources, readme);
  json_object_set_array_member (result, "resources", resources);
  return result;
}

static JsonNode *
resources_read (JsonNode   *id,
                JsonObject *params)
{
  const char *uri = NULL;
  JsonObject *result;
  JsonObject *content;
  JsonArray *contents;

  if (params != NULL)
    uri = json_object_get_string_member_with_default (params, "uri", NULL);
  if (g_strcmp0 (uri, README_URI) != 0)
    return error_new (id, MCP_ERROR_NO_RESOURCE, "Resource not found");

  result = json_object_new ();
  content = json_object_new ();
  contents = json_array_new ();
  json_object_set_string_member (content, "uri", README_URI);
  json_object_set_string_member (content, "mimeType", "text/plain");
  json_object_set_string_member (content, "text", README_TEXT);
  json_array_add_object_element (contents, content);
  json_object_set_array_member (result, "contents", contents);
  return result_new (id, result);
}

/* tools/call */

static gboolean
countdown_tick (gpointer data)
{
  McpStream *stream = data;

  stream->done++;
  if (stream->progress_token != NULL)
    {
      g_autofree char *left = g_strdup_printf ("%u left", stream->from - stream->done);
      JsonObject *params;
      JsonNode *message = notification_new ("notifications/progress", &params);

      json_object_set_member (params, "progressToken", json_node_copy (stream->progress_token));
      json_object_set_int_member (params, "progress", stream->done);
      json_object_set_int_member (params, "total", stream->from);
      json_object_set_string_member (params, "message", left);
      mcp_stream_send (stream, message);
    }

  if (stream->done < stream->from)
    return G_SOURCE_CONTINUE;

  {
    g_autofree char *text = g_strdup_printf ("Liftoff after counting down from %u", stream->from);

    stream->timeout_id = 0;
    stream->finished = TRUE;
    mcp_stream_send (stream, result_new (stream->request_id, text_content_result (text)));
  }
  return G_SOURCE_REMOVE;
}

/* An integer argument within bounds, @fallback when absent; FALSE when it is not one */
static gboolean
get_int_argument (JsonObject *arguments,
                  const char *name,
                  gint64      minimum,
                  gint64      maximum,
                  gint64      fallback,
                  gint64     *value)
{
  JsonNode *node = arguments != NULL ? json_object_get_member (arguments, name) : NULL;

  *value = fallback;
  if (node == NULL)
    return TRUE;
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;

  *value = json_node_get_int (node);
  return *value >= minimum && *value <= maximum;
}

static void
call_countdown (RunnelDemoServer  *self,
                SoupServerMessage *msg,
                GHashTable        *query,
                McpSession        *session,
                JsonNode          *id,
                JsonObject        *params,
                JsonObject        *arguments)
{
  JsonObject *meta = NULL;
  JsonNode *token = NULL;
  McpStream *stream;
  guint64 drop_after;
  gint64 from;
  gint64 interval;

  if (!get_int_argument (arguments, "from", 1, 100, 5, &from) ||
      !get_int_argument (arguments, "interval_ms", 1, 10000, 200, &interval))
    {
      set_json_response (msg, SOUP_STATUS_OK,
                         error_new (id, JSONRPC_INVALID_PARAMS,
                                    "Invalid arguments: from is 1 to 100, interval_ms 1 to 10000"));
      return;
    }

  if (session->streams->len >= MCP_MAX_STREAMS)
    {
      set_json_response (msg, SOUP_STATUS_OK,
                         error_new (id, JSONRPC_INVALID_REQUEST, "Too many streams in this session"));
      return;
    }

  if (!runnel_demo_query_get_uint (msg, query, "drop_after", 0, 0, G_MAXUINT, &drop_after))
    return;

  if (json_object_has_member (params, "_meta") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "_meta")))
    meta = json_object_get_object_member (params, "_meta");
  if (meta != NULL)
    token = json_object_get_member (meta, "progressToken");

  stream = mcp_session_add_stream (session);
  stream->request_id = json_node_copy (id);
  stream->progress_token = token != NULL ? json_node_copy (token) : NULL;
  stream->from = from;
  stream->drop_after = drop_after;
  stream->timeout_id = g_timeout_add (interval, countdown_tick, stream);
  mcp_stream_attach (stream, runnel_demo_stream_new (self, msg));
}

static void
tools_call (RunnelDemoServer  *self,
            SoupServerMessage *msg,
            GHashTable        *query,
            McpSession        *session,
            JsonNode          *id,
            JsonObject        *params)
{
  const char *name = NULL;
  JsonObject *arguments = NULL;
  g_autofree char *note = NULL;

  if (params != NULL)
    name = json_object_get_string_member_with_default (params, "name", NULL);
  if (params != NULL && json_object_has_member (params, "arguments") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (params, "arguments")))
    arguments = json_object_get_object_member (params, "arguments");

  if (g_strcmp0 (name, "countdown") == 0)
    {
      mcp_session_log (session, "tools/call countdown");
      call_countdown (self, msg, query, session, id, params, arguments);
    }
  else if (g_strcmp0 (name, "echo") == 0)
    {
      JsonNode *text = arguments != NULL ? json_object_get_member (arguments, "text") : NULL;

      mcp_session_log (session, "tools/call echo");
      if (text == NULL || json_node_get_value_type (text) != G_TYPE_STRING)
        set_json_response (msg, SOUP_STATUS_OK,
                           error_new (id, JSONRPC_INVALID_PARAMS,
                                      "Invalid arguments: text must be a string"));
      else
        set_json_response (msg, SOUP_STATUS_OK,
                           result_new (id, text_content_result (json_node_get_string (text))));
    }
  else
    {
      note = g_strdup_printf ("Unknown tool: %s", name != NULL ? name : "(no name)");
      set_json_response (msg, SOUP_STATUS_OK, error_new (id, JSONRPC_INVALID_PARAMS, note));
    }
}

/* POST: one JSON-RPC message */

static void
handle_request (RunnelDemoServer  *self,
                DemoMcp           *mcp,
                SoupServerMessage *msg,
                GHashTable        *query,
                JsonObject        *object,
                const char        *method)
{
  JsonNode *id = json_object_get_member (object, "id");
  JsonObject *params = NULL;
  McpSession *session;

  if (json_object_has_member (object, "params") &&
      JSON_NODE_HOLDS_OBJECT (json_object_get_member (object, "params")))
    params = json_object_get_object_member (object, "params");

  if (strcmp (method, "initialize") == 0)
    {
      if (g_hash_table_size (mcp->sessions) >= MCP_MAX_SESSIONS)
        {
          set_transport_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, MCP_ERROR_BAD_SESSION,
                               "Too many sessions: end one with DELETE");
          return;
        }

      session = mcp_session_new (mcp);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Mcp-Session-Id", session->id);
      set_json_response (msg, SOUP_STATUS_OK, result_new (id, initialize_result (params)));
      return;
    }

  session = mcp_lookup_session (mcp, msg, query, TRUE);
  if (session == NULL)
    return;

  if (strcmp (method, "ping") == 0)
    set_json_response (msg, SOUP_STATUS_OK, result_new (id, json_object_new ()));
  else if (strcmp (method, "tools/list") == 0)
    set_json_response (msg, SOUP_STATUS_OK, result_new (id, tools_list_result ()));
  else if (strcmp (method, "tools/call") == 0)
    tools_call (self, msg, query, session, id, params);
  else if (strcmp (method, "resources/list") == 0)
    set_json_response (msg, SOUP_STATUS_OK, result_new (id, resources_list_result ()));
  else if (strcmp (method, "resources/read") == 0)
    set_json_response (msg, SOUP_STATUS_OK, resources_read (id, params));
  else
    {
      g_autofree char *text = g_strdup_printf ("Method not found: %s", method);

      set_json_response (msg, SOUP_STATUS_OK, error_new (id, JSONRPC_METHOD_NOT_FOUND, text));
    }
}

static void
handle_post (RunnelDemoServer  *self,
             DemoMcp           *mcp,
             SoupServerMessage *msg,
             GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  const char *content_type = soup_message_headers_get_content_type (headers, NULL);
  JsonObject *object;
  JsonNode *root;
  JsonNode *id;
  const char *method;

  if (!accepts (msg, "application/json") || !accepts (msg, "text/event-stream"))
    {
      set_transport_error (msg, SOUP_STATUS_NOT_ACCEPTABLE, MCP_ERROR_BAD_SESSION,
                           "Not Acceptable: the client must accept both application/json and "
                           "text/event-stream");
      return;
    }

  if (g_strcmp0 (content_type, "application/json") != 0)
    {
      set_transport_error (msg, SOUP_STATUS_UNSUPPORTED_MEDIA_TYPE, MCP_ERROR_BAD_SESSION,
                           "Unsupported Media Type: the body must be application/json");
      return;
    }

  if (!runnel_json_parser_load (parser, g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                                &error))
    {
      g_autofree char *text = g_strdup_printf ("Parse error: %s", error->message);

      set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, JSONRPC_PARSE_ERROR, text);
      return;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      /* revision 2025-06-18 removed batches: one message per POST */
      set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, JSONRPC_INVALID_REQUEST,
                           "Invalid Request: send one JSON-RPC message object per POST");
      return;
    }

  object = json_node_get_object (root);
  id = json_object_get_member (object, "id");
  method = json_object_get_string_member_with_default (object, "method", NULL);
  if (g_strcmp0 (json_object_get_string_member_with_default (object, "jsonrpc", NULL),
                 "2.0") != 0 ||
      (id != NULL && json_node_get_value_type (id) != G_TYPE_STRING &&
       json_node_get_value_type (id) != G_TYPE_INT64))
    {
      set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, JSONRPC_INVALID_REQUEST,
                           "Invalid Request: not a JSON-RPC 2.0 message");
      return;
    }

  if (method != NULL && id != NULL)
    {
      handle_request (self, mcp, msg, query, object, method);
      return;
    }

  /* a notification or a response: 202 Accepted, no body */
  {
    McpSession *session = mcp_lookup_session (mcp, msg, query, FALSE);

    if (session == NULL)
      return;
    if (g_strcmp0 (method, "notifications/initialized") == 0)
      session->initialized = TRUE;
    soup_server_message_set_status (msg, SOUP_STATUS_ACCEPTED, NULL);
  }
}

/* GET: the server's own stream, or a resumption after Last-Event-ID */

static void
handle_get (RunnelDemoServer  *self,
            DemoMcp           *mcp,
            SoupServerMessage *msg,
            GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *last_event_id = soup_message_headers_get_one (headers, "Last-Event-ID");
  McpSession *session;
  McpStream *stream;
  guint64 number = 0;
  guint64 index = 0;

  if (!accepts (msg, "text/event-stream"))
    {
      set_transport_error (msg, SOUP_STATUS_NOT_ACCEPTABLE, MCP_ERROR_BAD_SESSION,
                           "Not Acceptable: the client must accept text/event-stream");
      return;
    }

  session = mcp_lookup_session (mcp, msg, query, TRUE);
  if (session == NULL)
    return;

  if (last_event_id != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (last_event_id, "-", 2);

      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_unsigned (parts[0], 10, 1, session->streams->len, &number, NULL) ||
          !g_ascii_string_to_unsigned (parts[1], 10, 0, G_MAXUINT, &index, NULL) ||
          index > ((McpStream *) g_ptr_array_index (session->streams, number - 1))->events->len)
        {
          set_transport_error (msg, SOUP_STATUS_BAD_REQUEST, MCP_ERROR_BAD_SESSION,
                               "Bad Request: this session sent no event with that Last-Event-ID");
          return;
        }

      /* only that stream's messages after the id, then whatever it still has to say */
      stream = g_ptr_array_index (session->streams, number - 1);
      mcp_stream_attach (stream, runnel_demo_stream_new (self, msg));
      stream->drop_after = 0;
      for (guint i = index; i < stream->events->len && stream->live != NULL; i++)
        {
          mcp_stream_write_event (stream, i);
          if (i + 1 == stream->events->len)
            mcp_stream_after_write (stream);
        }
      if (index == stream->events->len && stream->finished)
        {
          DemoStream *live = stream->live;

          mcp_stream_detach (stream);
          runnel_demo_stream_end (live);
        }
      return;
    }

  if (session->get_stream != NULL && session->get_stream->live != NULL)
    {
      set_transport_error (msg, SOUP_STATUS_CONFLICT, MCP_ERROR_BAD_SESSION,
                           "Conflict: this session's GET stream is open already");
      return;
    }

  if (session->get_stream == NULL)
    {
      if (session->streams->len >= MCP_MAX_STREAMS)
        {
          set_transport_error (msg, SOUP_STATUS_SERVICE_UNAVAILABLE, MCP_ERROR_BAD_SESSION,
                               "Too many streams in this session");
          return;
        }
      session->get_stream = mcp_session_add_stream (session);
    }

  mcp_stream_attach (session->get_stream, runnel_demo_stream_new (self, msg));
  mcp_session_log (session, "The server's stream is open: tool calls are logged here");
}

/* /mcp */

/*
 * The specification has servers validate Origin against DNS rebinding: a page may talk to /mcp
 * only from this machine (any port), as a front end on its own dev server does
 */
static gboolean
origin_allowed (SoupServerMessage *msg)
{
  const char *origin = soup_message_headers_get_one (soup_server_message_get_request_headers (msg),
                                                     "Origin");
  g_autoptr(GUri) uri = NULL;
  const char *host;

  if (origin == NULL)
    return TRUE;

  uri = g_uri_parse (origin, G_URI_FLAGS_NONE, NULL);
  host = uri != NULL ? g_uri_get_host (uri) : NULL;
  return host != NULL &&
         (g_ascii_strcasecmp (host, "localhost") == 0 || strcmp (host, "127.0.0.1") == 0 ||
          strcmp (host, "::1") == 0 || strcmp (host, "[::1]") == 0);
}

void
runnel_demo_handle_mcp (RunnelDemoServer  *self,
                        SoupServerMessage *msg,
                        GHashTable        *query)
{
  DemoMcp *mcp = runnel_demo_server_get_mcp (self);
  const char *method = soup_server_message_get_method (msg);

  if (!origin_allowed (msg))
    set_transport_error (msg, SOUP_STATUS_FORBIDDEN, MCP_ERROR_BAD_SESSION,
                         "Forbidden: pages from other machines may not use /mcp");
  else if (strcmp (method, "POST") == 0)
    handle_post (self, mcp, msg, query);
  else if (strcmp (method, "GET") == 0)
    handle_get (self, mcp, msg, query);
  else if (strcmp (method, "DELETE") == 0)
    {
      McpSession *session = mcp_lookup_session (mcp, msg, query, TRUE);

      if (session != NULL)
        {
          g_hash_table_remove (mcp->sessions, session->id);
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
        }
    }
  else
    {
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Allow", "GET, POST, DELETE");
      runnel_demo_set_text_responsef (msg, SOUP_STATUS_METHOD_NOT_ALLOWED,
                                      "/mcp answers POST, GET and DELETE, not %s\n", method);
    }
}
