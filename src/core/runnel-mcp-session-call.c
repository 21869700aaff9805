/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-session-call.c: an MCP session's requests: the POST, its answer, its resumption */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-mcp-session-private.h"
#include "runnel-sse-parser.h"

#define MAX_JSON_BODY     (16 * 1024 * 1024)   /* a JSON answer larger than this is refused */
#define MAX_ERROR_BODY    (64 * 1024)          /* what is read of an error's body */
#define READ_SIZE         (16 * 1024)
#define RESUME_RETRY_MS   250
#define RESUME_MAX_TRIES  5

/* One request (or notification) on its way: the POST, its answer, and a resumption */
typedef struct
{
  RunnelMcpMessage *sent;
  RunnelMcpMessage *response;
  SoupMessage      *msg;
  GInputStream     *body;
  GCancellable     *io;             /* cut the POST (the drop of the resume test) */
  GByteArray       *json;           /* a JSON answer, as it arrives */
  RunnelSseParser  *parser;         /* an event-stream answer */
  RunnelSseClient  *resume;         /* the GET with Last-Event-ID, once the stream was cut */
  char             *last_event_id;
  guint             n_events;
  guint             drop_after;
  gboolean          sent_session;   /* the request carried Mcp-Session-Id */
  gboolean          done;
} Call;

static void
call_free (Call *call)
{
  g_assert (call->resume == NULL);   /* it holds the task until the teardown */
  if (call->parser != NULL)
    runnel_sse_parser_set_event_func (call->parser, NULL, NULL, NULL);
  g_clear_object (&call->parser);
  g_clear_object (&call->sent);
  g_clear_object (&call->response);
  g_clear_object (&call->msg);
  g_clear_object (&call->body);
  g_clear_object (&call->io);
  g_clear_pointer (&call->json, g_byte_array_unref);
  g_clear_pointer (&call->last_event_id, g_free);
  g_free (call);
}

/* Requests */

static void call_read_next (GTask *task);

/*
 * The resumption's client holds the task (its event func's data) until this runs, outside of
 * the client's own callbacks
 */
static gboolean
call_teardown_cb (gpointer data)
{
  Call *call = g_task_get_task_data (data);

  if (call->resume != NULL)
    {
      g_signal_handlers_disconnect_by_data (call->resume, data);
      runnel_sse_client_disconnect (call->resume);
      runnel_sse_client_set_event_func (call->resume, NULL, NULL, NULL);
      g_clear_object (&call->resume);
    }

  return G_SOURCE_REMOVE;
}

static void
call_done (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  call->done = TRUE;
  if (call->resume != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT, call_teardown_cb, g_object_ref (task), g_object_unref);
}

static void
call_return (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  if (call->done)
    return;
  call_done (task);

  if (call->response != NULL &&
      runnel_mcp_message_get_kind (call->response) == RUNNEL_MCP_KIND_ERROR)
    g_task_return_new_error (task, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_JSONRPC,
                             _("JSON-RPC error %d: %s"),
                             (int) runnel_mcp_message_get_error_code (call->response),
                             runnel_mcp_message_get_error_message (call->response));
  else
    g_task_return_pointer (task, call->response != NULL ? g_object_ref (call->response) : NULL,
                           g_object_unref);
}

static void
call_return_error (GTask  *task,
                   GError *error)
{
  Call *call = g_task_get_task_data (task);

  if (call->done)
    {
      g_error_free (error);
      return;
    }
  call_done (task);
  g_task_return_error (task, error);
}

/* A message that came for this call (on its POST, or on the stream that resumed it) */
static void
call_got_text (GTask      *task,
               const char *text,
               gsize       len,
               const char *event_id,
               const char *transport)
{
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(RunnelMcpMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  if (event_id != NULL && event_id[0] != '\0')
    {
      g_free (call->last_event_id);
      call->last_event_id = g_strdup (event_id);
    }

  /* an event without data (a priming event) carries no message */
  if (len == 0)
    return;

  message = runnel_mcp_message_new_from_text (RUNNEL_MCP_DIRECTION_RECEIVED, text, len, &error);
  if (message == NULL)
    {
      _runnel_mcp_note (self, _("Not a JSON-RPC message (%s): %s"), error->message, transport);
      return;
    }

  runnel_mcp_message_set_event_id (message, event_id);
  runnel_mcp_message_set_transport (message, transport);
  _runnel_mcp_emit (self, message);

  if (runnel_mcp_message_get_request (message) == call->sent &&
      (runnel_mcp_message_get_kind (message) == RUNNEL_MCP_KIND_RESPONSE ||
       runnel_mcp_message_get_kind (message) == RUNNEL_MCP_KIND_ERROR))
    g_set_object (&call->response, message);
}

static void
call_resume_event_cb (RunnelSseEvent *event,
                      gpointer        user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  gsize len;
  const char *data = runnel_sse_event_get_data (event, &len);

  if (call->done)
    return;

  call_got_text (task, data, len, runnel_sse_event_get_id (event), "GET resume");
  if (call->response != NULL)
    {
      runnel_sse_client_disconnect (call->resume);
      call_return (task);
    }
}

static void
call_resume_state_cb (RunnelSseClient *client,
                      GTask           *task)
{
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  RunnelSseClientState state = runnel_sse_client_get_state (client);
  const GError *error = runnel_sse_client_get_last_error (client);

  if (call->done)
    return;

  if (state == RUNNEL_SSE_CLIENT_STATE_OPEN)
    _runnel_mcp_note (self, _("Resumed after event %s (GET with Last-Event-ID)"),
                      call->last_event_id);

  if (state == RUNNEL_SSE_CLIENT_STATE_FAILED ||
      (state == RUNNEL_SSE_CLIENT_STATE_CLOSED && call->response == NULL))
    {
      guint status = runnel_sse_client_get_http_status (client);

      if (status != 0 && !SOUP_STATUS_IS_SUCCESSFUL (status))
        call_return_error (task, _runnel_mcp_http_error (self, status, TRUE, NULL));
      else
        call_return_error (task, g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_STREAM_LOST,
                                              _("The stream could not be resumed: %s"),
                                              error != NULL ? error->message : _("it ended")));
    }
}

/* The POST's stream ended or was cut before its response: GET it again after its last id */
static void
call_resume (GTask *task)
{
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(RunnelRequest) request = NULL;

  g_clear_object (&call->body);
  if (call->last_event_id == NULL)
    {
      call_return_error (task, g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_STREAM_LOST,
                                            _("The stream ended before the response, and its "
                                              "events had no ids to resume from")));
      return;
    }

  _runnel_mcp_note (self,
                    _("The stream was cut after %u events, before the response: resuming after %s"),
                    call->n_events, call->last_event_id);
  self->n_resumptions++;

  request = _runnel_mcp_new_get_request (self);
  runnel_request_set_last_event_id (request, call->last_event_id);
  runnel_request_set_reconnect (request, TRUE);
  runnel_request_set_reconnect_on_end (request, TRUE);
  runnel_request_set_retry_delay (request, RESUME_RETRY_MS);
  runnel_request_set_max_retries (request, RESUME_MAX_TRIES);

  call->resume = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (call->resume, call_resume_event_cb, g_object_ref (task),
                                    g_object_unref);
  g_signal_connect (call->resume, "state-changed", G_CALLBACK (call_resume_state_cb), task);
  runnel_sse_client_connect (call->resume);
}

static void
call_event_cb (RunnelSseEvent *event,
               gpointer        user_data)
{
  GTask *task = user_data;
  Call *call = g_task_get_task_data (task);
  gsize len;
  const char *data = runnel_sse_event_get_data (event, &len);

  if (call->done || call->response != NULL || call->body == NULL)
    return;

  call->n_events++;
  call_got_text (task, data, len, runnel_sse_event_get_id (event), "POST stream");
}

static void
call_read_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len = 0;
  const guint8 *data;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (call->done)
    return;

  if (bytes == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      call_return_error (task, g_steal_pointer (&error));
      return;
    }

  data = bytes != NULL ? g_bytes_get_data (bytes, &len) : NULL;

  if (call->json != NULL)
    {
      g_autoptr(RunnelMcpMessage) message = NULL;

      if (len > 0 && call->json->len + len <= MAX_JSON_BODY)
        {
          g_byte_array_append (call->json, data, len);
          call_read_next (g_steal_pointer (&task));
          return;
        }

      if (error != NULL || len > 0)
        {
          call_return_error (task, error != NULL
                             ? g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NETWORK,
                                            _("The answer was cut: %s"), error->message)
                             : g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_BAD_RESPONSE,
                                            _("The JSON answer is larger than 16 MiB")));
          return;
        }

      call_got_text (task, (const char *) call->json->data, call->json->len, NULL, "POST");
      if (call->response == NULL)
        call_return_error (task, g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_BAD_RESPONSE,
                                              _("The JSON answer is not the response to "
                                                "request %s"),
                                              runnel_mcp_message_get_id (call->sent)));
      else
        call_return (task);
      return;
    }

  /* an event stream */
  if (len > 0)
    {
      runnel_sse_parser_feed (call->parser, data, len);
      if (call->response != NULL)
        {
          _runnel_mcp_note (self, _("Response to request %s after %u events"),
                            runnel_mcp_message_get_id (call->sent), call->n_events);
          g_clear_object (&call->body);
          call_return (task);
        }
      else if (call->drop_after > 0 && call->n_events >= call->drop_after)
        {
          _runnel_mcp_note (self, _("Dropping the stream after %u events, as asked"),
                            call->n_events);
          g_cancellable_cancel (call->io);
          call_resume (task);
        }
      else
        {
          call_read_next (g_steal_pointer (&task));
        }
      return;
    }

  runnel_sse_parser_finish (call->parser);
  if (call->response != NULL)
    call_return (task);
  else
    call_resume (task);
}

static void
call_read_next (GTask *task)
{
  Call *call = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (call->body, READ_SIZE, G_PRIORITY_DEFAULT, call->io,
                                   call_read_cb, task);
}

static void
call_error_body_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                             NULL);

  call_return_error (task, _runnel_mcp_http_error (self, soup_message_get_status (call->msg),
                                                   call->sent_session, body));
}

/* initialize's answer: the session id, the version, the server and its capabilities */
static void
take_initialize_result (RunnelMcpSession *self,
                        Call             *call)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (call->msg);
  const char *id = soup_message_headers_get_one (headers, "Mcp-Session-Id");
  JsonObject *result = runnel_mcp_message_get_result (call->response);
  JsonNode *info_node = json_object_get_member (result, "serverInfo");
  JsonObject *info = info_node != NULL && JSON_NODE_HOLDS_OBJECT (info_node)
                     ? json_node_get_object (info_node) : NULL;
  JsonNode *capabilities = json_object_get_member (result, "capabilities");

  /* the specification allows only visible ASCII in a session id */
  g_clear_pointer (&self->session_id, g_free);
  if (id != NULL)
    {
      gboolean visible = *id != '\0';

      for (const char *p = id; *p != '\0'; p++)
        visible = visible && *p >= 0x21 && *p <= 0x7e;
      if (visible)
        self->session_id = g_strdup (id);
      else
        _runnel_mcp_note (self,
                          _("The server's Mcp-Session-Id has characters a session id cannot have"));
    }

  g_free (self->protocol_version);
  self->protocol_version =
    g_strdup (json_object_get_string_member_with_default (result, "protocolVersion",
                                                          RUNNEL_MCP_PROTOCOL_VERSION));
  g_free (self->server_name);
  self->server_name = info != NULL ? g_strdup (json_object_get_string_member_with_default (info,
                                                                                         "name",
                                                                                         NULL))
                                   : NULL;
  g_free (self->server_version);
  self->server_version =
    info != NULL ? g_strdup (json_object_get_string_member_with_default (info, "version", NULL))
                 : NULL;
  g_clear_pointer (&self->capabilities, json_node_unref);
  if (capabilities != NULL && JSON_NODE_HOLDS_OBJECT (capabilities))
    self->capabilities = json_node_copy (capabilities);
}

static void
call_sent_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = g_task_get_source_object (task);
  Call *call = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  const char *type;
  guint status;

  call->body = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (call->body == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        call_return_error (task, g_steal_pointer (&error));
      else
        call_return_error (task, _runnel_mcp_send_error (call->msg, error));
      return;
    }

  status = soup_message_get_status (call->msg);
  type = soup_message_headers_get_content_type (soup_message_get_response_headers (call->msg),
                                                NULL);
  _runnel_mcp_note (self, "POST %s → %u %s%s%s", runnel_mcp_message_get_method (call->sent),
                    status, soup_message_get_reason_phrase (call->msg),
                    type != NULL ? ", " : "", type != NULL ? type : "");

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_input_stream_read_bytes_async (call->body, MAX_ERROR_BODY, G_PRIORITY_DEFAULT,
                                       call->io, call_error_body_cb, g_steal_pointer (&task));
      return;
    }

  /* a notification (or a response of ours) is answered 202 with no body */
  if (runnel_mcp_message_get_kind (call->sent) != RUNNEL_MCP_KIND_REQUEST)
    {
      g_clear_object (&call->body);
      call_return (task);
      return;
    }

  if (g_strcmp0 (type, "application/json") == 0)
    {
      call->json = g_byte_array_new ();
      call_read_next (g_steal_pointer (&task));
    }
  else if (g_strcmp0 (type, "text/event-stream") == 0)
    {
      /* set_drop_after () is for the next event stream */
      call->drop_after = self->drop_after;
      self->drop_after = 0;
      call->parser = runnel_sse_parser_new ();
      runnel_sse_parser_set_event_func (call->parser, call_event_cb, task, NULL);
      call_read_next (g_steal_pointer (&task));
    }
  else
    {
      call_return_error (task, g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_BAD_RESPONSE,
                                            _("The server answered %s, neither JSON nor an "
                                              "event stream"),
                                            type != NULL ? type : _("without a content type")));
    }
}

static void
cancel_io_cb (GCancellable *cancellable,
              GCancellable *io)
{
  g_cancellable_cancel (io);
}

/* POSTs @sent (steals it) for @task, whose data becomes the call */
static void
call_start (RunnelMcpSession *self,
            RunnelMcpMessage *sent,
            gboolean          with_session,
            GTask            *task)
{
  Call *call = g_new0 (Call, 1);
  const char *text = runnel_mcp_message_get_text (sent);
  g_autoptr(GBytes) body = g_bytes_new (text, strlen (text));
  GCancellable *cancellable = g_task_get_cancellable (task);

  call->sent = sent;
  call->io = g_cancellable_new ();
  g_task_set_task_data (task, call, (GDestroyNotify) call_free);
  if (cancellable != NULL)
    g_signal_connect_object (cancellable, "cancelled", G_CALLBACK (cancel_io_cb), call->io, 0);
  g_signal_connect_object (self->cancellable, "cancelled", G_CALLBACK (cancel_io_cb), call->io,
                           0);

  _runnel_mcp_emit (self, sent);

  call->msg = soup_message_new ("POST", runnel_request_get_url (self->request));
  if (call->msg == NULL)
    {
      call_return_error (task, g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NETWORK,
                                            _("“%s” is not a URL"),
                                            runnel_request_get_url (self->request)));
      g_object_unref (task);
      return;
    }

  call->sent_session = with_session && self->session_id != NULL;
  _runnel_mcp_add_headers (self, soup_message_get_request_headers (call->msg),
                           "application/json, text/event-stream", with_session);
  soup_message_set_request_body_from_bytes (call->msg, "application/json", body);
  soup_session_send_async (self->soup, call->msg, G_PRIORITY_DEFAULT, call->io, call_sent_cb,
                           task);
}

void
runnel_mcp_session_request_async (RunnelMcpSession    *self,
                                  const char          *method,
                                  JsonNode            *params,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));
  g_return_if_fail (method != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, runnel_mcp_session_request_async);
  call_start (self, runnel_mcp_message_new_request (self->next_id++, method, params), TRUE, task);
}

RunnelMcpMessage *
runnel_mcp_session_request_finish (RunnelMcpSession  *self,
                                   GAsyncResult      *result,
                                   GError           **error)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

void
runnel_mcp_session_call_tool_async (RunnelMcpSession    *self,
                                    const char          *name,
                                    JsonNode            *arguments,
                                    gboolean             progress,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(JsonNode) params = NULL;
  JsonObject *object = json_object_new ();

  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));
  g_return_if_fail (name != NULL);

  json_object_set_string_member (object, "name", name);
  if (arguments != NULL)
    json_object_set_member (object, "arguments", json_node_copy (arguments));
  if (progress)
    {
      JsonObject *meta = json_object_new ();
      g_autofree char *token = g_strdup_printf ("runnel-%" G_GINT64_FORMAT, self->next_id);

      json_object_set_string_member (meta, "progressToken", token);
      json_object_set_object_member (object, "_meta", meta);
    }

  params = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);
  runnel_mcp_session_request_async (self, "tools/call", params, cancellable, callback,
                                    user_data);
}

/* initialize */

static void
initialized_sent_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = RUNNEL_MCP_SESSION (object);
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelMcpMessage) none = g_task_propagate_pointer (G_TASK (result), &error);

  if (error != NULL)
    {
      _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_READY);
  g_task_return_boolean (task, TRUE);
}

static void
initialize_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = RUNNEL_MCP_SESSION (object);
  Call *call = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelMcpMessage) response = g_task_propagate_pointer (G_TASK (result), &error);
  GCancellable *cancellable;
  GTask *next;

  if (response == NULL)
    {
      _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_FAILED);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  take_initialize_result (self, call);
  _runnel_mcp_note (self, _("Session %s with %s %s, protocol %s"),
        self->session_id != NULL ? self->session_id : _("without an id"),
        self->server_name != NULL ? self->server_name : "?",
        self->server_version != NULL ? self->server_version : "",
        self->protocol_version);

  cancellable = g_task_get_cancellable (task);
  next = g_task_new (self, cancellable, initialized_sent_cb, g_steal_pointer (&task));
  call_start (self, runnel_mcp_message_new_request (-1, "notifications/initialized", NULL), TRUE,
              next);
}

void
runnel_mcp_session_initialize_async (RunnelMcpSession    *self,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data)
{
  g_autoptr(JsonNode) params = NULL;
  JsonObject *object = json_object_new ();
  JsonObject *info = json_object_new ();
  GTask *task;
  GTask *call_task;

  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, runnel_mcp_session_initialize_async);

  /* a new session: nothing of the old one goes with it */
  runnel_mcp_session_close_stream (self);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->protocol_version, g_free);
  _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_INITIALIZING);

  json_object_set_string_member (object, "protocolVersion", RUNNEL_MCP_PROTOCOL_VERSION);
  json_object_set_object_member (object, "capabilities", json_object_new ());
  json_object_set_string_member (info, "name", "runnel");
  json_object_set_string_member (info, "title", "Runnel");
  json_object_set_string_member (info, "version", PACKAGE_VERSION);
  json_object_set_object_member (object, "clientInfo", info);
  params = json_node_init_object (json_node_alloc (), object);
  json_object_unref (object);

  call_task = g_task_new (self, cancellable, initialize_cb, task);
  call_start (self, runnel_mcp_message_new_request (self->next_id++, "initialize", params), FALSE,
              call_task);
}

gboolean
runnel_mcp_session_initialize_finish (RunnelMcpSession  *self,
                                      GAsyncResult      *result,
                                      GError           **error)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

