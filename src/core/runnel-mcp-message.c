/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-message.c: one JSON-RPC message of an MCP session, its kind, and request pairing */

#include "config.h"

#include <string.h>

#include "runnel-core-enums.h"
#include "runnel-enums.h"
#include "runnel-json.h"
#include "runnel-mcp-message.h"

struct _RunnelMcpMessage
{
  GObject            parent_instance;

  /* Owned */
  char              *text;
  JsonNode          *root;
  char              *method;
  char              *id;
  char              *error_message;
  char              *progress_token;
  char              *progress_message;
  char              *event_id;
  char              *transport;
  RunnelMcpMessage  *request;

  RunnelMcpDirection direction;
  RunnelMcpKind      kind;
  gint64             error_code;
  gint64             real_time;
  double             progress;
  double             total;
  gboolean           has_progress;
};

G_DEFINE_FINAL_TYPE (RunnelMcpMessage, runnel_mcp_message, G_TYPE_OBJECT)

static void
runnel_mcp_message_finalize (GObject *object)
{
  RunnelMcpMessage *self = (RunnelMcpMessage *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->root, json_node_unref);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->id, g_free);
  g_clear_pointer (&self->error_message, g_free);
  g_clear_pointer (&self->progress_token, g_free);
  g_clear_pointer (&self->progress_message, g_free);
  g_clear_pointer (&self->event_id, g_free);
  g_clear_pointer (&self->transport, g_free);
  g_clear_object (&self->request);

  G_OBJECT_CLASS (runnel_mcp_message_parent_class)->finalize (object);
}

static void
runnel_mcp_message_class_init (RunnelMcpMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = runnel_mcp_message_finalize;
}

static void
runnel_mcp_message_init (RunnelMcpMessage *self)
{
  self->kind = RUNNEL_MCP_KIND_INVALID;
  self->event_id = g_strdup ("");
  self->transport = g_strdup ("");
  self->real_time = g_get_real_time ();
}

static gboolean
is_number (JsonNode *node)
{
  GType type = json_node_get_value_type (node);

  return type == G_TYPE_INT64 || type == G_TYPE_DOUBLE;
}

/* JSON-RPC ids are strings or numbers (null only in an error about an unreadable request) */
static gboolean
is_id (JsonNode *node)
{
  return JSON_NODE_HOLDS_NULL (node) ||
         (JSON_NODE_HOLDS_VALUE (node) &&
          (json_node_get_value_type (node) == G_TYPE_STRING || is_number (node)));
}

static JsonObject *
get_object_member (JsonObject *object,
                   const char *name)
{
  JsonNode *node = object != NULL ? json_object_get_member (object, name) : NULL;

  return node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
}

static double
get_number_member (JsonObject *object,
                   const char *name,
                   gboolean   *found)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || !is_number (node))
    return 0;

  *found = TRUE;
  return json_node_get_double (node);
}

/* the kind and the fields that go with it, from the parsed root */
static void
classify (RunnelMcpMessage *self)
{
  JsonObject *object;
  JsonNode *id;
  JsonNode *method;
  JsonNode *node;
  JsonObject *error;
  JsonObject *params;
  JsonObject *meta;

  self->kind = RUNNEL_MCP_KIND_INVALID;
  if (self->root == NULL || !JSON_NODE_HOLDS_OBJECT (self->root))
    return;

  object = json_node_get_object (self->root);
  node = json_object_get_member (object, "jsonrpc");
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING ||
      strcmp (json_node_get_string (node), "2.0") != 0)
    return;

  id = json_object_get_member (object, "id");
  method = json_object_get_member (object, "method");
  if (id != NULL && !is_id (id))
    return;
  if (id != NULL)
    self->id = json_to_string (id, FALSE);

  if (method != NULL)
    {
      if (json_node_get_value_type (method) != G_TYPE_STRING)
        return;
      self->method = g_strdup (json_node_get_string (method));
      self->kind = id != NULL ? RUNNEL_MCP_KIND_REQUEST : RUNNEL_MCP_KIND_NOTIFICATION;

      params = get_object_member (object, "params");
      meta = get_object_member (params, "_meta");
      node = meta != NULL ? json_object_get_member (meta, "progressToken") : NULL;
      if (node == NULL && params != NULL && strcmp (self->method, "notifications/progress") == 0)
        node = json_object_get_member (params, "progressToken");
      if (node != NULL && is_id (node) && !JSON_NODE_HOLDS_NULL (node))
        self->progress_token = json_to_string (node, FALSE);

      if (params != NULL && strcmp (self->method, "notifications/progress") == 0)
        {
          gboolean found = FALSE;
          gboolean has_total = FALSE;

          self->progress = get_number_member (params, "progress", &found);
          self->total = get_number_member (params, "total", &has_total);
          self->has_progress = found;
          self->progress_message =
            g_strdup (json_object_get_string_member_with_default (params, "message", NULL));
        }
      return;
    }

  if (id == NULL)
    return;

  if (json_object_has_member (object, "result"))
    {
      self->kind = RUNNEL_MCP_KIND_RESPONSE;
      return;
    }

  error = get_object_member (object, "error");
  if (error != NULL)
    {
      node = json_object_get_member (error, "code");
      if (node != NULL && json_node_get_value_type (node) == G_TYPE_INT64)
        self->error_code = json_node_get_int (node);
      self->error_message =
        g_strdup (json_object_get_string_member_with_default (error, "message", ""));
      self->kind = RUNNEL_MCP_KIND_ERROR;
    }
}

RunnelMcpMessage *
runnel_mcp_message_new_from_text (RunnelMcpDirection   direction,
                                  const char          *text,
                                  gssize               len,
                                  GError             **error)
{
  g_autoptr(RunnelMcpMessage) self = NULL;
  JsonNode *root;

  g_return_val_if_fail (text != NULL, NULL);

  if (len < 0)
    len = strlen (text);

  root = runnel_json_from_string (text, len, error);
  if (root == NULL)
    return NULL;

  self = g_object_new (RUNNEL_TYPE_MCP_MESSAGE, NULL);
  self->direction = direction;
  self->text = g_strndup (text, len);
  self->root = root;
  classify (self);
  return g_steal_pointer (&self);
}

RunnelMcpMessage *
runnel_mcp_message_new_request (gint64      id,
                                const char *method,
                                JsonNode   *params)
{
  RunnelMcpMessage *self;
  JsonObject *object = json_object_new ();

  g_return_val_if_fail (method != NULL, NULL);

  json_object_set_string_member (object, "jsonrpc", "2.0");
  if (id >= 0)
    json_object_set_int_member (object, "id", id);
  json_object_set_string_member (object, "method", method);
  if (params != NULL)
    json_object_set_member (object, "params", json_node_copy (params));

  self = g_object_new (RUNNEL_TYPE_MCP_MESSAGE, NULL);
  self->direction = RUNNEL_MCP_DIRECTION_SENT;
  self->root = json_node_init_object (json_node_alloc (), object);
  self->text = json_to_string (self->root, FALSE);
  json_object_unref (object);
  classify (self);
  return self;
}

RunnelMcpDirection
runnel_mcp_message_get_direction (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), 0);
  return self->direction;
}

RunnelMcpKind
runnel_mcp_message_get_kind (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), RUNNEL_MCP_KIND_INVALID);
  return self->kind;
}

const char *
runnel_mcp_message_get_text (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->text;
}

JsonNode *
runnel_mcp_message_get_root (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->root;
}

const char *
runnel_mcp_message_get_method (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);

  if (self->method == NULL && self->request != NULL)
    return self->request->method;

  return self->method;
}

const char *
runnel_mcp_message_get_id (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->id;
}

JsonObject *
runnel_mcp_message_get_result (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);

  return self->kind == RUNNEL_MCP_KIND_RESPONSE
         ? get_object_member (json_node_get_object (self->root), "result") : NULL;
}

JsonObject *
runnel_mcp_message_get_params (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);

  return self->kind == RUNNEL_MCP_KIND_REQUEST || self->kind == RUNNEL_MCP_KIND_NOTIFICATION
         ? get_object_member (json_node_get_object (self->root), "params") : NULL;
}

gint64
runnel_mcp_message_get_error_code (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), 0);
  return self->error_code;
}

const char *
runnel_mcp_message_get_error_message (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->error_message;
}

gboolean
runnel_mcp_message_get_progress (RunnelMcpMessage  *self,
                                 double            *progress,
                                 double            *total,
                                 const char       **message)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), FALSE);

  if (progress != NULL)
    *progress = self->progress;
  if (total != NULL)
    *total = self->total;
  if (message != NULL)
    *message = self->progress_message;

  return self->has_progress;
}

const char *
runnel_mcp_message_get_progress_token (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->progress_token;
}

const char *
runnel_mcp_message_get_event_id (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->event_id;
}

void
runnel_mcp_message_set_event_id (RunnelMcpMessage *self,
                                 const char       *event_id)
{
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE (self));

  g_free (self->event_id);
  self->event_id = g_strdup (event_id != NULL ? event_id : "");
}

const char *
runnel_mcp_message_get_transport (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->transport;
}

void
runnel_mcp_message_set_transport (RunnelMcpMessage *self,
                                  const char       *transport)
{
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE (self));

  g_free (self->transport);
  self->transport = g_strdup (transport != NULL ? transport : "");
}

gint64
runnel_mcp_message_get_real_time (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), 0);
  return self->real_time;
}

RunnelMcpMessage *
runnel_mcp_message_get_request (RunnelMcpMessage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);
  return self->request;
}

/* the enums' nicks: "request", "notification", "response", "error", "invalid" */
const char *
runnel_mcp_kind_to_string (RunnelMcpKind kind)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_MCP_KIND, kind);
}

const char *
runnel_mcp_direction_to_string (RunnelMcpDirection direction)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_MCP_DIRECTION, direction);
}

char *
runnel_mcp_message_to_json_line (RunnelMcpMessage *self)
{
  GString *line = g_string_new ("{\"direction\":");
  const char *method;

  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (self), NULL);

  method = runnel_mcp_message_get_method (self);
  runnel_json_append_string (line, runnel_mcp_direction_to_string (self->direction), -1);
  g_string_append (line, ",\"kind\":");
  runnel_json_append_string (line, runnel_mcp_kind_to_string (self->kind), -1);
  if (method != NULL)
    {
      g_string_append (line, ",\"method\":");
      runnel_json_append_string (line, method, -1);
    }
  if (self->id != NULL)
    g_string_append_printf (line, ",\"id\":%s", self->id);
  if (self->event_id[0] != '\0')
    {
      g_string_append (line, ",\"event_id\":");
      runnel_json_append_string (line, self->event_id, -1);
    }
  if (self->transport[0] != '\0')
    {
      g_string_append (line, ",\"via\":");
      runnel_json_append_string (line, self->transport, -1);
    }
  /* laid out again on one line: a server may send its JSON with line breaks */
  {
    g_autofree char *compact = json_to_string (self->root, FALSE);

    g_string_append_printf (line, ",\"message\":%s}", compact);
  }

  return g_string_free (line, FALSE);
}

/* Pairing */

struct _RunnelMcpPairing
{
  GHashTable *pending;   /* id text → RunnelMcpMessage (the request) */
  GHashTable *tokens;    /* progress token text → RunnelMcpMessage (the request) */
};

RunnelMcpPairing *
runnel_mcp_pairing_new (void)
{
  RunnelMcpPairing *pairing = g_new0 (RunnelMcpPairing, 1);

  pairing->pending = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  pairing->tokens = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_object_unref);
  return pairing;
}

void
runnel_mcp_pairing_free (RunnelMcpPairing *pairing)
{
  g_hash_table_unref (pairing->pending);
  g_hash_table_unref (pairing->tokens);
  g_free (pairing);
}

gboolean
runnel_mcp_pairing_add (RunnelMcpPairing *pairing,
                        RunnelMcpMessage *message)
{
  RunnelMcpMessage *request;

  g_return_val_if_fail (pairing != NULL, FALSE);
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE (message), FALSE);

  switch (message->kind)
    {
    case RUNNEL_MCP_KIND_REQUEST:
      /* the other side's requests are answered by this side: only ours wait here */
      if (message->direction == RUNNEL_MCP_DIRECTION_SENT)
        {
          g_hash_table_replace (pairing->pending, g_strdup (message->id), g_object_ref (message));
          if (message->progress_token != NULL)
            g_hash_table_replace (pairing->tokens, g_strdup (message->progress_token),
                                  g_object_ref (message));
        }
      return TRUE;

    case RUNNEL_MCP_KIND_NOTIFICATION:
      if (message->progress_token != NULL && message->has_progress)
        {
          request = g_hash_table_lookup (pairing->tokens, message->progress_token);
          if (request != NULL)
            g_set_object (&message->request, request);
        }
      return TRUE;

    case RUNNEL_MCP_KIND_RESPONSE:
    case RUNNEL_MCP_KIND_ERROR:
      if (message->direction == RUNNEL_MCP_DIRECTION_SENT)
        return TRUE;

      request = g_hash_table_lookup (pairing->pending, message->id);
      if (request == NULL)
        return FALSE;

      g_set_object (&message->request, request);
      if (request->progress_token != NULL)
        g_hash_table_remove (pairing->tokens, request->progress_token);
      g_hash_table_remove (pairing->pending, message->id);
      return TRUE;

    case RUNNEL_MCP_KIND_INVALID:
    default:
      return TRUE;
    }
}

guint
runnel_mcp_pairing_get_n_pending (RunnelMcpPairing *pairing)
{
  g_return_val_if_fail (pairing != NULL, 0);
  return g_hash_table_size (pairing->pending);
}

RunnelMcpMessage *
runnel_mcp_pairing_lookup (RunnelMcpPairing *pairing,
                           const char       *id)
{
  g_return_val_if_fail (pairing != NULL, NULL);
  return id != NULL ? g_hash_table_lookup (pairing->pending, id) : NULL;
}
