/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client-private.h: what a request sends and a response means, for the client */

#pragma once

#include <libsoup/soup.h>

#include "runnel-sse-client.h"

G_BEGIN_DECLS

/*
 * runnel-sse-client-response.c decides, runnel-sse-client.c acts: these functions look at a
 * SoupMessage and say what it means, without state of their own.
 */

/* TRUE for a body the client streams: an event stream or JSON lines, which @mode says */
gboolean  _runnel_sse_response_mode          (SoupMessage          *message,
                                              RunnelSseClientMode  *mode);
/* why a response (not a stream, not a redirect) was refused, from the status and what could be
 * read of its body; @retry says whether to reconnect (408, 429, 5xx) and @retry_after_ms after
 * how long at least (Retry-After on 429 and 503) */
GError   *_runnel_sse_response_refusal       (SoupMessage          *message,
                                              const char           *content_type,
                                              const guint8         *body,
                                              gsize                 body_len,
                                              gboolean             *retry,
                                              guint                *retry_after_ms);
/* a failed send as a RUNNEL_SSE_ERROR: TLS (with what would fix it) or NETWORK; @proxy: the
 * proxy the connection went through (a GProxyResolver's answer), NULL or "direct://" for none */
GError   *_runnel_sse_response_connect_error (SoupMessage          *message,
                                              GTlsCertificateFlags  tls_errors,
                                              const GError         *error,
                                              const char           *proxy);
/* how a body that read to its end really ended */
typedef enum
{
  RUNNEL_SSE_RESPONSE_COMPLETE,   /* the whole body came */
  RUNNEL_SSE_RESPONSE_CUT,        /* the connection closed before the body's end */
  RUNNEL_SSE_RESPONSE_BROKEN,     /* the body's framing was wrong (bytes past its "end") */
} RunnelSseResponseEnd;

/* after a read of @stream (what soup_session_send () gave) returned 0, having read
 * @body_bytes in all: see the comment in runnel-sse-client-response.c */
RunnelSseResponseEnd _runnel_sse_response_end (SoupMessage  *message,
                                               GInputStream *stream,
                                               guint64       body_bytes);

/* the next request of a redirect, as Runnel's one policy says (see runnel-sse-client-response.c) */
typedef struct
{
  GUri     *target;
  char     *method;
  gboolean  keep_body;      /* 307 and 308, and 301/302 of anything but a POST */
  gboolean  cross_origin;   /* scheme, host or port changed: the secret headers stay behind */
} RunnelRedirect;

void      _runnel_redirect_clear             (RunnelRedirect       *redirect);
/*
 * TRUE with @redirect filled in when @message's response is a redirect to follow, the
 * @n_redirects'th; FALSE without an error when it is no redirect (a refusal to report as such);
 * FALSE with an error when it is one that must not be followed (https to http unless
 * @allow_insecure, too many)
 */
gboolean  _runnel_sse_response_redirect      (SoupMessage          *message,
                                              guint                 n_redirects,
                                              gboolean              allow_insecure,
                                              RunnelRedirect       *redirect,
                                              GError              **error);

/*
 * runnel-sse-client-request.c: what the client sends, also without state of its own.
 */

/* whether a header of the request stays behind when a redirect leaves its origin */
gboolean  _runnel_sse_header_is_credential   (const char           *name);
/* @request as a message to its URL or, after a redirect, to @redirect's target with its method,
 * without the credentials (@drop_secrets) or the body (@drop_body) when it says so; with
 * Accept, Cache-Control and Last-Event-ID (@last_event_id, nullable) unless the request sets
 * them. NULL with an error when the request (edited since connect ()) does not validate. */
SoupMessage *_runnel_sse_request_message     (RunnelRequest        *request,
                                              const char           *last_event_id,
                                              const RunnelRedirect *redirect,
                                              gboolean              drop_secrets,
                                              gboolean              drop_body,
                                              GError              **error);
/* @text (as the user wrote it) or else @uri, with any password in it left out */
char     *_runnel_sse_url_for_display        (GUri                 *uri,
                                              const char           *text);

G_END_DECLS
