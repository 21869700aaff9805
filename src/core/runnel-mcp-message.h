/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-message.h: one JSON-RPC message of an MCP session, its kind, and request pairing */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  RUNNEL_MCP_DIRECTION_SENT,      /* client to server */
  RUNNEL_MCP_DIRECTION_RECEIVED,  /* server to client */
} RunnelMcpDirection;

/* JSON-RPC 2.0: a request has a method and an id, a notification a method and no id, a
 * response an id and a result, an error an id and an error object */
typedef enum
{
  RUNNEL_MCP_KIND_REQUEST,
  RUNNEL_MCP_KIND_NOTIFICATION,
  RUNNEL_MCP_KIND_RESPONSE,
  RUNNEL_MCP_KIND_ERROR,
  RUNNEL_MCP_KIND_INVALID,        /* JSON, but not a JSON-RPC 2.0 message */
} RunnelMcpKind;

#define RUNNEL_TYPE_MCP_MESSAGE (runnel_mcp_message_get_type ())

G_DECLARE_FINAL_TYPE (RunnelMcpMessage, runnel_mcp_message, RUNNEL, MCP_MESSAGE, GObject)

/*
 * A message is immutable once made, but for what pairing adds: the request a response (or a
 * progress notification) belongs to. Its text is the JSON as sent or received. Received text
 * is parsed with the depth check of runnel-json.h.
 */
RunnelMcpMessage *runnel_mcp_message_new_from_text   (RunnelMcpDirection  direction,
                                                      const char         *text,
                                                      gssize              len,
                                                      GError            **error);
/* a request (@id >= 0) or a notification (@id < 0) to send; @params (nullable) is copied */
RunnelMcpMessage *runnel_mcp_message_new_request     (gint64              id,
                                                      const char         *method,
                                                      JsonNode           *params);

RunnelMcpDirection runnel_mcp_message_get_direction  (RunnelMcpMessage   *self);
RunnelMcpKind     runnel_mcp_message_get_kind        (RunnelMcpMessage   *self);
const char       *runnel_mcp_message_get_text        (RunnelMcpMessage   *self);
JsonNode         *runnel_mcp_message_get_root        (RunnelMcpMessage   *self);
/* a request's or notification's method; a response's is its request's once paired, else NULL */
const char       *runnel_mcp_message_get_method      (RunnelMcpMessage   *self);
/* the id as JSON text ("7", "\"a\""), NULL for a notification */
const char       *runnel_mcp_message_get_id          (RunnelMcpMessage   *self);
/* "result" or "params" (NULL when absent) */
JsonObject       *runnel_mcp_message_get_result      (RunnelMcpMessage   *self);
JsonObject       *runnel_mcp_message_get_params      (RunnelMcpMessage   *self);
/* an error's code and message (0 and NULL otherwise) */
gint64            runnel_mcp_message_get_error_code  (RunnelMcpMessage   *self);
const char       *runnel_mcp_message_get_error_message (RunnelMcpMessage *self);
/* notifications/progress: TRUE and its values */
gboolean          runnel_mcp_message_get_progress    (RunnelMcpMessage   *self,
                                                      double             *progress,
                                                      double             *total,
                                                      const char        **message);
/* the progress token of a request (params._meta.progressToken) or of a progress notification,
 * as JSON text; NULL when none */
const char       *runnel_mcp_message_get_progress_token (RunnelMcpMessage *self);

/* where it travelled: the SSE event id ("" for none) and the exchange ("POST", "GET" …) */
const char       *runnel_mcp_message_get_event_id    (RunnelMcpMessage   *self);
void              runnel_mcp_message_set_event_id    (RunnelMcpMessage   *self,
                                                      const char         *event_id);
const char       *runnel_mcp_message_get_transport   (RunnelMcpMessage   *self);
void              runnel_mcp_message_set_transport   (RunnelMcpMessage   *self,
                                                      const char         *transport);
gint64            runnel_mcp_message_get_real_time   (RunnelMcpMessage   *self);
/* the request this response, error or progress notification answers, once paired */
RunnelMcpMessage *runnel_mcp_message_get_request     (RunnelMcpMessage   *self);

/* "request", "notification", "response", "error", "invalid" */
const char       *runnel_mcp_kind_to_string          (RunnelMcpKind       kind);
const char       *runnel_mcp_direction_to_string     (RunnelMcpDirection  direction);

/*
 * One JSON line for the command line: {"direction": "sent", "kind": "request", "method": ...,
 * "id": ..., "event_id": ..., "via": "POST stream", "message": {the message}} (method, id,
 * event_id and via, the transport, only when known).
 */
char             *runnel_mcp_message_to_json_line    (RunnelMcpMessage   *self);

/*
 * Pairing: the requests sent and not yet answered, by id (and by progress token). add () a
 * message in the order of the wire: a sent request is remembered; a received response or error
 * is linked to its request, which is then forgotten; a progress notification is linked to the
 * request that gave its token. Returns FALSE for a response or error whose id matches no
 * request sent (or answered already), TRUE otherwise.
 */
typedef struct _RunnelMcpPairing RunnelMcpPairing;

RunnelMcpPairing *runnel_mcp_pairing_new             (void);
void              runnel_mcp_pairing_free            (RunnelMcpPairing   *pairing);
gboolean          runnel_mcp_pairing_add             (RunnelMcpPairing   *pairing,
                                                      RunnelMcpMessage   *message);
guint             runnel_mcp_pairing_get_n_pending   (RunnelMcpPairing   *pairing);
/* the request with this id (JSON text) still waiting for its answer, or NULL */
RunnelMcpMessage *runnel_mcp_pairing_lookup          (RunnelMcpPairing   *pairing,
                                                      const char         *id);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelMcpPairing, runnel_mcp_pairing_free)

G_END_DECLS
