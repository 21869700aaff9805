/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-session-private.h: what the MCP session's files share; not public API */

#pragma once

#include "runnel-mcp-session.h"

G_BEGIN_DECLS

struct _RunnelMcpSession
{
  GObject               parent_instance;

  /* Owned */
  RunnelRequest        *request;
  SoupSession          *soup;
  GCancellable         *cancellable;
  RunnelMcpPairing     *pairing;
  RunnelSseClient      *stream;        /* the GET stream, NULL when not open */
  char                 *session_id;
  char                 *protocol_version;
  char                 *server_name;
  char                 *server_version;
  JsonNode             *capabilities;

  RunnelMcpSessionState state;
  gint64                next_id;
  guint                 drop_after;
  guint                 n_resumptions;
};

void           _runnel_mcp_note                (RunnelMcpSession      *self,
                                                const char            *format,
                                                ...) G_GNUC_PRINTF (2, 3);
void           _runnel_mcp_set_state           (RunnelMcpSession      *self,
                                                RunnelMcpSessionState  state);
/* pairs @message, then signals it */
void           _runnel_mcp_emit                (RunnelMcpSession      *self,
                                                RunnelMcpMessage      *message);
/* the user's headers, then Accept, and the session's when @with_session */
void           _runnel_mcp_add_headers         (RunnelMcpSession      *self,
                                                SoupMessageHeaders    *headers,
                                                const char            *accept,
                                                gboolean               with_session);
RunnelRequest *_runnel_mcp_new_get_request     (RunnelMcpSession      *self);
/* words for a status that is not 2xx; a 404 to a request with the session expires it */
GError        *_runnel_mcp_http_error          (RunnelMcpSession      *self,
                                                guint                  status,
                                                gboolean               sent_session,
                                                GBytes                *body);
void           _runnel_mcp_notify_stream_state (RunnelMcpSession      *self);
/* a send that failed, in the words a stream's client uses ("Cannot connect to …") */
GError        *_runnel_mcp_send_error          (SoupMessage           *message,
                                                const GError          *error);

G_END_DECLS
