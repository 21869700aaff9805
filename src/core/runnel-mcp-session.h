/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-session.h: an MCP client session on the Streamable HTTP transport */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "runnel-mcp-message.h"
#include "runnel-request.h"
#include "runnel-sse-client.h"

G_BEGIN_DECLS

/* the revision of the MCP specification this client follows, and asks for */
#define RUNNEL_MCP_PROTOCOL_VERSION "2025-06-18"

#define RUNNEL_MCP_ERROR (runnel_mcp_error_quark ())

typedef enum /*< skip >*/
{
  RUNNEL_MCP_ERROR_SESSION_EXPIRED,   /* 404 to a request with Mcp-Session-Id */
  RUNNEL_MCP_ERROR_MISSING_SESSION,   /* 400: the server wants a session id (or another one) */
  RUNNEL_MCP_ERROR_HTTP,              /* any other status that is not 2xx */
  RUNNEL_MCP_ERROR_JSONRPC,           /* the answer was a JSON-RPC error object */
  RUNNEL_MCP_ERROR_BAD_RESPONSE,      /* not JSON, not an event stream, not JSON-RPC */
  RUNNEL_MCP_ERROR_NETWORK,
  RUNNEL_MCP_ERROR_STREAM_LOST,       /* the stream ended before the response, no resumption */
  RUNNEL_MCP_ERROR_NOT_READY,         /* no session: initialize first */
} RunnelMcpError;

typedef enum
{
  RUNNEL_MCP_SESSION_STATE_IDLE,
  RUNNEL_MCP_SESSION_STATE_INITIALIZING,
  RUNNEL_MCP_SESSION_STATE_READY,
  RUNNEL_MCP_SESSION_STATE_EXPIRED,   /* the server forgot the session (404): initialize again */
  RUNNEL_MCP_SESSION_STATE_ENDED,     /* ended with DELETE */
  RUNNEL_MCP_SESSION_STATE_FAILED,    /* initialize failed */
} RunnelMcpSessionState;

#define RUNNEL_TYPE_MCP_SESSION (runnel_mcp_session_get_type ())
/* RUNNEL_TYPE_MCP_SESSION_STATE and the other enums' GTypes: runnel-core-enums.h */

G_DECLARE_FINAL_TYPE (RunnelMcpSession, runnel_mcp_session, RUNNEL, MCP_SESSION, GObject)

/*
 * The client side of the Model Context Protocol's Streamable HTTP transport, revision
 * 2025-06-18: every message is POSTed alone to the request's URL with "Accept: application/json,
 * text/event-stream" and the request's own headers (Authorization …); the answer is 202 (to a
 * notification), JSON, or an event stream of JSON-RPC messages that ends with the response.
 * After initialize, Mcp-Session-Id (from its response) and MCP-Protocol-Version go on every
 * request. A stream cut before its response is resumed with a GET carrying Last-Event-ID
 * through RunnelSseClient, which reconnects until the response comes. open_stream () keeps the
 * server's own GET stream open (RunnelSseClient again, resuming after Last-Event-ID).
 *
 * Signals: "message" (RunnelMcpMessage *) every JSON-RPC message, sent or received, paired with
 * its request; "note" (const char *) what happened on the wire, in words ("POST → 200,
 * text/event-stream", "stream cut after 2 events: resuming after 1-2"). Properties (notify):
 * "state", "stream-state" (the GET stream's RunnelSseClientState).
 */
GQuark                runnel_mcp_error_quark            (void);

/* @request: the URL and the headers to send on every request (copied) */
RunnelMcpSession     *runnel_mcp_session_new            (RunnelRequest       *request);
RunnelMcpSessionState runnel_mcp_session_get_state      (RunnelMcpSession    *self);
const char           *runnel_mcp_session_state_to_string (RunnelMcpSessionState state);
/* NULL before initialize, or when the server gave none */
const char           *runnel_mcp_session_get_session_id (RunnelMcpSession    *self);
const char           *runnel_mcp_session_get_protocol_version (RunnelMcpSession *self);
const char           *runnel_mcp_session_get_server_name (RunnelMcpSession   *self);
const char           *runnel_mcp_session_get_server_version (RunnelMcpSession *self);
/* the server's capabilities object from initialize (NULL before) */
JsonObject           *runnel_mcp_session_get_capabilities (RunnelMcpSession  *self);
gboolean              runnel_mcp_session_has_capability (RunnelMcpSession    *self,
                                                         const char          *name);

/* initialize, then notifications/initialized; a new session each time */
void                  runnel_mcp_session_initialize_async  (RunnelMcpSession    *self,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean              runnel_mcp_session_initialize_finish (RunnelMcpSession    *self,
                                                            GAsyncResult        *result,
                                                            GError             **error);

/*
 * Sends a request and returns its response (transfer full); a JSON-RPC error object is an error
 * RUNNEL_MCP_ERROR_JSONRPC (the message is still signalled). @params (nullable) is copied.
 */
void                  runnel_mcp_session_request_async  (RunnelMcpSession    *self,
                                                         const char          *method,
                                                         JsonNode            *params,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
RunnelMcpMessage     *runnel_mcp_session_request_finish (RunnelMcpSession    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);
/* tools/call with @arguments (an object, nullable) and a progress token when @progress */
void                  runnel_mcp_session_call_tool_async (RunnelMcpSession   *self,
                                                          const char         *name,
                                                          JsonNode           *arguments,
                                                          gboolean            progress,
                                                          GCancellable       *cancellable,
                                                          GAsyncReadyCallback callback,
                                                          gpointer            user_data);
/* the client cuts the next request's event stream itself after @n events (0: never), as a
 * broken connection would, and resumes it: the resume test */
void                  runnel_mcp_session_set_drop_after (RunnelMcpSession    *self,
                                                         guint                n);
/* resumptions so far (GETs with Last-Event-ID for a request's stream) */
guint                 runnel_mcp_session_get_n_resumptions (RunnelMcpSession *self);

/* the GET stream for the server's own messages */
void                  runnel_mcp_session_open_stream    (RunnelMcpSession    *self);
void                  runnel_mcp_session_close_stream   (RunnelMcpSession    *self);
RunnelSseClientState  runnel_mcp_session_get_stream_state (RunnelMcpSession  *self);

/* DELETE: ends the session on the server */
void                  runnel_mcp_session_end_async      (RunnelMcpSession    *self,
                                                         GCancellable        *cancellable,
                                                         GAsyncReadyCallback  callback,
                                                         gpointer             user_data);
gboolean              runnel_mcp_session_end_finish     (RunnelMcpSession    *self,
                                                         GAsyncResult        *result,
                                                         GError             **error);

/*
 * The resume test's verdict: @reference and @resumed are the messages received for one call
 * made twice, straight and with a resumption. Messages are compared without their ids and
 * progress tokens. @lost: how many of the reference's are missing; @repeated: how many more
 * times than in the reference the resumed run got one.
 */
void                  runnel_mcp_compare_runs           (GPtrArray           *reference,
                                                         GPtrArray           *resumed,
                                                         guint               *lost,
                                                         guint               *repeated);

G_END_DECLS
