/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-session.c: an MCP client session on the Streamable HTTP transport */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-core-enums.h"
#include "runnel-enums.h"
#include "runnel-json.h"
#include "runnel-mcp-session-private.h"
#include "runnel-sse-client-private.h"

/*
 * Model Context Protocol, revision 2025-06-18, "Basic / Transports / Streamable HTTP" (the
 * rules are summed up in runnel-mcp-session.h and followed here as written there).
 */

G_DEFINE_FINAL_TYPE (RunnelMcpSession, runnel_mcp_session, G_TYPE_OBJECT)
G_DEFINE_QUARK (runnel-mcp-error-quark, runnel_mcp_error)

enum {
  PROP_0,
  PROP_STATE,
  PROP_STREAM_STATE,
  N_PROPS
};

enum {
  MESSAGE,
  NOTE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

void
_runnel_mcp_note (RunnelMcpSession *self,
                  const char       *format,
                  ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  g_signal_emit (self, signals [NOTE], 0, text);
}

void
_runnel_mcp_set_state (RunnelMcpSession      *self,
                       RunnelMcpSessionState  state)
{
  if (self->state == state)
    return;

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);
}

void
_runnel_mcp_emit (RunnelMcpSession *self,
                  RunnelMcpMessage *message)
{
  if (!runnel_mcp_pairing_add (self->pairing, message))
    _runnel_mcp_note (self, _("A response with id %s answers no request sent"),
                      runnel_mcp_message_get_id (message));

  g_signal_emit (self, signals [MESSAGE], 0, message);
}

/* The session's headers on a request: the user's, then the transport's own */
void
_runnel_mcp_add_headers (RunnelMcpSession   *self,
                         SoupMessageHeaders *headers,
                         const char         *accept,
                         gboolean            with_session)
{
  for (guint i = 0; i < runnel_request_get_n_headers (self->request); i++)
    if (runnel_request_get_header_enabled (self->request, i))
      soup_message_headers_append (headers, runnel_request_get_header_name (self->request, i),
                                   runnel_request_get_header_value (self->request, i));

  soup_message_headers_replace (headers, "Accept", accept);
  if (with_session && self->session_id != NULL)
    soup_message_headers_replace (headers, "Mcp-Session-Id", self->session_id);
  if (with_session && self->protocol_version != NULL)
    soup_message_headers_replace (headers, "MCP-Protocol-Version", self->protocol_version);
}

/* A GET of the session's stream (or of a request's, with Last-Event-ID) for RunnelSseClient */
RunnelRequest *
_runnel_mcp_new_get_request (RunnelMcpSession *self)
{
  RunnelRequest *request = runnel_request_new (runnel_request_get_url (self->request));

  for (guint i = 0; i < runnel_request_get_n_headers (self->request); i++)
    if (runnel_request_get_header_enabled (self->request, i))
      runnel_request_append_header (request, runnel_request_get_header_name (self->request, i),
                                    runnel_request_get_header_value (self->request, i), TRUE);
  if (self->session_id != NULL)
    runnel_request_append_header (request, "Mcp-Session-Id", self->session_id, TRUE);
  if (self->protocol_version != NULL)
    runnel_request_append_header (request, "MCP-Protocol-Version", self->protocol_version, TRUE);

  return request;
}

/* The server's own words in an error body: a JSON-RPC error's message, or the text itself */
static char *
server_words (GBytes *body)
{
  g_autoptr(RunnelMcpMessage) message = NULL;
  gsize len = 0;
  const char *data = body != NULL ? g_bytes_get_data (body, &len) : NULL;

  if (len == 0)
    return NULL;

  message = runnel_mcp_message_new_from_text (RUNNEL_MCP_DIRECTION_RECEIVED, data, len, NULL);
  if (message != NULL && runnel_mcp_message_get_error_message (message) != NULL)
    return g_strdup (runnel_mcp_message_get_error_message (message));

  if (!g_utf8_validate (data, len, NULL))
    return NULL;
  return g_strstrip (g_strndup (data, MIN (len, 200)));
}

/*
 * The stream client's words for a connection that failed (refused, through a proxy, or made
 * but given no HTTP answer); a TLS error keeps GIO's own, which has no command-line remedy here
 */
GError *
_runnel_mcp_send_error (SoupMessage  *message,
                        const GError *error)
{
  g_autoptr(GError) described = NULL;

  if (error->domain == G_TLS_ERROR)
    return g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NETWORK,
                        _("Could not reach the server: %s"), error->message);

  described = _runnel_sse_response_connect_error (message, 0, error, NULL);

  return g_error_new_literal (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_NETWORK, described->message);
}

/* Words for a status that is not 2xx, as the transport gives them meaning */
GError *
_runnel_mcp_http_error (RunnelMcpSession *self,
                        guint             status,
                        gboolean          sent_session,
                        GBytes           *body)
{
  g_autofree char *words = server_words (body);
  g_autofree char *said = NULL;
  const char *phrase = soup_status_get_phrase (status);

  said = words != NULL ? g_strdup_printf (" (HTTP %u %s: “%s”)", status, phrase, words)
                       : g_strdup_printf (" (HTTP %u %s)", status, phrase);

  if (status == SOUP_STATUS_NOT_FOUND && sent_session)
    {
      g_clear_pointer (&self->session_id, g_free);
      runnel_mcp_session_close_stream (self);
      _runnel_mcp_set_state (self, RUNNEL_MCP_SESSION_STATE_EXPIRED);
      return g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_SESSION_EXPIRED,
                          _("The server no longer knows this session: initialize again%s"), said);
    }

  if (status == SOUP_STATUS_BAD_REQUEST && !sent_session)
    return g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_MISSING_SESSION,
                        _("The server wants a session id that this request did not have: "
                          "initialize first%s"), said);

  return g_error_new (RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_HTTP,
                      _("The server refused the request%s"), said);
}

void
_runnel_mcp_notify_stream_state (RunnelMcpSession *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STREAM_STATE]);
}

/* The object */

static void
runnel_mcp_session_dispose (GObject *object)
{
  RunnelMcpSession *self = (RunnelMcpSession *)object;

  g_cancellable_cancel (self->cancellable);
  if (self->stream != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->stream, self);
      runnel_sse_client_set_event_func (self->stream, NULL, NULL, NULL);
      runnel_sse_client_disconnect (self->stream);
      g_clear_object (&self->stream);
    }
  if (self->soup != NULL)
    soup_session_abort (self->soup);
  g_clear_object (&self->soup);

  G_OBJECT_CLASS (runnel_mcp_session_parent_class)->dispose (object);
}

static void
runnel_mcp_session_finalize (GObject *object)
{
  RunnelMcpSession *self = (RunnelMcpSession *)object;

  g_clear_object (&self->request);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->pairing, runnel_mcp_pairing_free);
  g_clear_pointer (&self->session_id, g_free);
  g_clear_pointer (&self->protocol_version, g_free);
  g_clear_pointer (&self->server_name, g_free);
  g_clear_pointer (&self->server_version, g_free);
  g_clear_pointer (&self->capabilities, json_node_unref);

  G_OBJECT_CLASS (runnel_mcp_session_parent_class)->finalize (object);
}

static void
runnel_mcp_session_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelMcpSession *self = RUNNEL_MCP_SESSION (object);

  switch (prop_id)
    {
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_STREAM_STATE:
      g_value_set_enum (value, runnel_mcp_session_get_stream_state (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_mcp_session_class_init (RunnelMcpSessionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_mcp_session_dispose;
  object_class->finalize = runnel_mcp_session_finalize;
  object_class->get_property = runnel_mcp_session_get_property;

  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RUNNEL_TYPE_MCP_SESSION_STATE, RUNNEL_MCP_SESSION_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_STREAM_STATE] =
    g_param_spec_enum ("stream-state", NULL, NULL,
                       RUNNEL_TYPE_SSE_CLIENT_STATE, RUNNEL_SSE_CLIENT_STATE_IDLE,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [MESSAGE] =
    g_signal_new ("message", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RUNNEL_TYPE_MCP_MESSAGE);
  signals [NOTE] =
    g_signal_new ("note", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
runnel_mcp_session_init (RunnelMcpSession *self)
{
  self->soup = soup_session_new_with_options ("timeout", 0,
                                              "user-agent", "Runnel/" PACKAGE_VERSION " ",
                                              NULL);
  self->cancellable = g_cancellable_new ();
  self->pairing = runnel_mcp_pairing_new ();
}

RunnelMcpSession *
runnel_mcp_session_new (RunnelRequest *request)
{
  RunnelMcpSession *self;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  self = g_object_new (RUNNEL_TYPE_MCP_SESSION, NULL);
  self->request = runnel_request_copy (request);
  return self;
}

RunnelMcpSessionState
runnel_mcp_session_get_state (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), RUNNEL_MCP_SESSION_STATE_IDLE);
  return self->state;
}

const char *
runnel_mcp_session_state_to_string (RunnelMcpSessionState state)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_MCP_SESSION_STATE, state);
}

const char *
runnel_mcp_session_get_session_id (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  return self->session_id;
}

const char *
runnel_mcp_session_get_protocol_version (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  return self->protocol_version;
}

const char *
runnel_mcp_session_get_server_name (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  return self->server_name;
}

const char *
runnel_mcp_session_get_server_version (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  return self->server_version;
}

JsonObject *
runnel_mcp_session_get_capabilities (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), NULL);
  return self->capabilities != NULL ? json_node_get_object (self->capabilities) : NULL;
}

gboolean
runnel_mcp_session_has_capability (RunnelMcpSession *self,
                                   const char       *name)
{
  JsonObject *capabilities = runnel_mcp_session_get_capabilities (self);

  return capabilities != NULL && json_object_has_member (capabilities, name);
}

void
runnel_mcp_session_set_drop_after (RunnelMcpSession *self,
                                   guint             n)
{
  g_return_if_fail (RUNNEL_IS_MCP_SESSION (self));
  self->drop_after = n;
}

guint
runnel_mcp_session_get_n_resumptions (RunnelMcpSession *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_SESSION (self), 0);
  return self->n_resumptions;
}
