/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-session-stream.c: an MCP session's GET stream, its end (DELETE), the resume verdict */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-mcp-session-private.h"

/* The GET stream */

static void
stream_event_cb (RunnelSseEvent *event,
                 gpointer        user_data)
{
  RunnelMcpSession *self = user_data;
  g_autoptr(RunnelMcpMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;
  const char *data = runnel_sse_event_get_data (event, &len);

  if (len == 0)
    return;

  message = runnel_mcp_message_new_from_text (RUNNEL_MCP_DIRECTION_RECEIVED, data, len, &error);
  if (message == NULL)
    {
      _runnel_mcp_note (self, _("Not a JSON-RPC message (%s): %s"), error->message, "GET");
      return;
    }

  runnel_mcp_message_set_event_id (message, runnel_sse_event_get_id (event));
  runnel_mcp_message_set_transport (message, "GET");
  _runnel_mcp_emit (self, message);
}

static void
stream_state_cb (RunnelSseClient  *client,
                 RunnelMcpSession *self)
{
  RunnelSseClientState state = runnel_sse_client_get_state (client);
  guint status = runnel_sse_client_get_http_status (client);

  if (state == RUNNEL_SSE_CLIENT_STATE_FAILED && status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    _runnel_mcp_note (self, _("The server offers no GET stream (HTTP 405)"));
  else if (state == RUNNEL_SSE_CLIENT_STATE_FAILED && status == SOUP_STATUS_NOT_FOUND)
    {
      g_autoptr(GError) error = _runnel_mcp_http_error (self, status, TRUE, NULL);

      _runnel_mcp_note (self, "%s", error->message);
    }
  else
    _runnel_mcp_note (self, _("GET stream: %s"), runnel_sse_client_get_reason (client));

  _runnel_mcp_notify_stream_state (self);
}

void
runnel_mcp_session_open_stream (RunnelMcpSession *self)
{
  g_autoptr(RunnelRequest) request = NULL;

  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));

  runnel_mcp_session_close_stream (self);

  request = _runnel_mcp_new_get_request (self);

  self->stream = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (self->stream, stream_event_cb, self, NULL);
  g_signal_connect (self->stream, "state-changed", G_CALLBACK (stream_state_cb), self);
  runnel_sse_client_connect (self->stream);
}

void
runnel_mcp_session_close_stream (RunnelMcpSession *self)
{
  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));

  if (self->stream == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->stream, self);
  runnel_sse_client_set_event_func (self->stream, NULL, NULL, NULL);
  runnel_sse_client_disconnect (self->stream);
  g_clear_object (&self->stream);
  _runnel_mcp_notify_stream_state (self);
}

RunnelSseClientState
runnel_mcp_session_get_stream_state (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), RUNNEL_SSE_CLIENT_STATE_IDLE);

  return self->stream != NULL ? runnel_sse_client_get_state (self->stream)
                              : RUNNEL_SSE_CLIENT_STATE_IDLE;
}

/* DELETE */

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  RunnelMcpSession *self = g_task_get_source_object (task);
  SoupMessage *msg = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;

  body = soup_session_send_and_read_finish (SOUP_SESSION (object), result, &error);
  if (body == NULL)
    {
      if (!g_task_return_error_if_cancelled (task))
        g_task_return_error (task, _runnel_mcp_send_error (msg, error));
      return;
    }

  status = soup_message_get_status (msg);
  _runnel_mcp_note (self, "DELETE → %u %s", status, soup_message_get_reason_phrase (msg));
  if (status == SOUP_STATUS_METHOD_NOT_ALLOWED)
    {
      g_task_return_new_error (task, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_HTTP,
                               _("The server does not let clients end sessions (HTTP 405)"));
      return;
    }
  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      g_task_return_error (task, _runnel_mcp_http_error (self, status, TRUE, body));
      return;
    }

  runnel_mcp_session_close_stream (self);
  g_clear_pointer (&self->session_id, g_free);
  _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_ENDED);
  g_task_return_boolean (task, TRUE);
}

void
runnel_mcp_session_end_async (RunnelMcpSession    *self,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(SoupMessage) msg = NULL;

  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, runnel_mcp_session_end_async);

  if (self->session_id == NULL)
    {
      g_task_return_new_error (task, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NOT_READY,
                               _("There is no session to end"));
      return;
    }

  msg = soup_message_new ("DELETE", runnel_request_get_url (self->request));
  if (msg == NULL)
    {
      g_task_return_new_error (task, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NETWORK,
                               _("“%s” is not a URL"), runnel_request_get_url (self->request));
      return;
    }

  _runnel_mcp_add_headers (self, soup_message_get_request_headers (msg),
                           "application/json, text/event-stream", TRUE);
  soup_session_send_and_read_async (self->soup, msg, G_PRIORITY_DEFAULT, cancellable, end_cb,
                                    g_steal_pointer (&task));
}

gboolean
runnel_mcp_session_end_finish (RunnelMcpSession  *self,
                               GAsyncResult      *result,
                               GError           **error)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

/* The resume test's verdict */

/* a message without what differs between two runs of one call: its id and progress token */
static char *
run_key (RunnelMcpMessage *message)
{
  g_autoptr(JsonNode) copy = json_node_copy (runnel_mcp_message_get_root (message));
  JsonObject *object;
  JsonNode *params;

  if (!JSON_NODE_HOLDS_OBJECT (copy))
    return json_to_string (copy, FALSE);

  object = json_node_get_object (copy);
  json_object_remove_member (object, "id");
  params = json_object_get_member (object, "params");
  if (params != NULL && JSON_NODE_HOLDS_OBJECT (params))
    json_object_remove_member (json_node_get_object (params), "progressToken");
  return json_to_string (copy, FALSE);
}

void
runnel_mcp_compare_runs (GPtrArray *reference,
                         GPtrArray *resumed,
                         guint     *lost,
                         guint     *repeated)
{
  g_autoptr(GHashTable) counts = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_if_fail (reference != NULL && resumed != NULL);

  *lost = 0;
  *repeated = 0;

  /* count up for the reference, down for the resumed run: what remains is the difference */
  for (guint i = 0; i < reference->len; i++)
    {
      char *key = run_key (g_ptr_array_index (reference, i));
      gint n = GPOINTER_TO_INT (g_hash_table_lookup (counts, key));

      g_hash_table_replace (counts, key, GINT_TO_POINTER (n + 1));
    }
  for (guint i = 0; i < resumed->len; i++)
    {
      char *key = run_key (g_ptr_array_index (resumed, i));
      gint n = GPOINTER_TO_INT (g_hash_table_lookup (counts, key));

      g_hash_table_replace (counts, key, GINT_TO_POINTER (n - 1));
    }

  {
    GHashTableIter iter;
    gpointer value;

    g_hash_table_iter_init (&iter, counts);
    while (g_hash_table_iter_next (&iter, NULL, &value))
      {
        gint n = GPOINTER_TO_INT (value);

        if (n > 0)
          *lost += n;
        else
          *repeated += -n;
      }
  }
}

