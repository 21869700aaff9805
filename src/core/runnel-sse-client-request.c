/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client-request.c: what the client sends: the request as a message, redirects included */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "runnel-request-store.h"
#include "runnel-sse-client-private.h"

gboolean
_runnel_sse_header_is_credential (const char *name)
{
  return g_ascii_strcasecmp (name, "Authorization") == 0 ||
         g_ascii_strcasecmp (name, "Proxy-Authorization") == 0 ||
         g_ascii_strcasecmp (name, "Cookie") == 0 ||
         runnel_header_is_secret (name);
}

/* what describes a body, which goes with it when a redirect turns the request into a GET */
static gboolean
is_body_header (const char *name)
{
  return g_ascii_strcasecmp (name, "Content-Type") == 0 ||
         g_ascii_strcasecmp (name, "Content-Encoding") == 0 ||
         g_ascii_strcasecmp (name, "Content-Language") == 0 ||
         g_ascii_strcasecmp (name, "Content-Location") == 0 ||
         g_ascii_strcasecmp (name, "Content-Length") == 0;
}

/*
 * The request as a message to its URL or, after a redirect, to @redirect's target with its
 * method, without the credentials (@drop_secrets) or the body (@drop_body) when it says so.
 */
SoupMessage *
_runnel_sse_request_message (RunnelRequest         *request,
                             const char            *last_event_id,
                             const RunnelRedirect  *redirect,
                             gboolean               drop_secrets,
                             gboolean               drop_body,
                             GError               **error)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GUri) uri = NULL;
  SoupMessageHeaders *headers;
  GBytes *body;

  /* the request may have been edited since connect (): check it again before every attempt */
  if (!runnel_request_validate (request, error))
    return NULL;

  if (redirect != NULL)
    uri = g_uri_ref (redirect->target);
  else
    uri = runnel_request_parse_url (runnel_request_get_url (request), error);
  if (uri == NULL)
    return NULL;

  message = soup_message_new_from_uri (redirect != NULL ? redirect->method :
                                       runnel_request_get_method (request), uri);
  /* every redirect is ours to follow, under one policy: see follow_redirect () in
   * runnel-sse-client.c */
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  headers = soup_message_get_request_headers (message);

  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      const char *name = runnel_request_get_header_name (request, i);

      if (!runnel_request_get_header_enabled (request, i) ||
          (drop_secrets && _runnel_sse_header_is_credential (name)) ||
          (drop_body && is_body_header (name)))
        continue;

      soup_message_headers_append (headers, name, runnel_request_get_header_value (request, i));
    }

  /* as browsers' EventSource does, and the spec asks: no cache between us and the server */
  if (runnel_request_find_header (request, "Accept") == NULL)
    soup_message_headers_replace (headers, "Accept", "text/event-stream");
  if (runnel_request_find_header (request, "Cache-Control") == NULL)
    soup_message_headers_replace (headers, "Cache-Control", "no-cache");

  /* "" after JSON lines, which have no ids: a reconnection after one starts over */
  if (last_event_id != NULL && *last_event_id != '\0')
    soup_message_headers_replace (headers, "Last-Event-ID", last_event_id);

  body = runnel_request_get_body (request);
  if (body != NULL && !drop_body)
    soup_message_set_request_body_from_bytes (message, NULL, body);

  return g_steal_pointer (&message);
}

/* @text (as the user wrote it) or else @uri, with any password in it left out */
char *
_runnel_sse_url_for_display (GUri       *uri,
                             const char *text)
{
  if (g_uri_get_password (uri) != NULL ||
      (g_uri_get_user (uri) != NULL && strchr (g_uri_get_user (uri), ':') != NULL))
    return g_uri_to_string_partial (uri, G_URI_HIDE_PASSWORD);

  return text != NULL ? g_strdup (text) : g_uri_to_string (uri);
}

