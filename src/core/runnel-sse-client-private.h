/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client-private.h: what a response means, for the client's connection logic */

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
/* a failed send as a RUNNEL_SSE_ERROR: TLS (with what would fix it) or NETWORK */
GError   *_runnel_sse_response_connect_error (SoupMessage          *message,
                                              GTlsCertificateFlags  tls_errors,
                                              const GError         *error);
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

/* the target of a 307/308 that libsoup left to us, the @n_redirects'th; NULL to not follow */
GUri     *_runnel_sse_response_redirect      (SoupMessage          *message,
                                              guint                 n_redirects);

G_END_DECLS
