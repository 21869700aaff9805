/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client.h: opens a RunnelRequest with libsoup, parses it, reconnects, reports state */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "runnel-request.h"
#include "runnel-enums.h"
#include "runnel-sse-event.h"
#include "runnel-timing.h"

G_BEGIN_DECLS

#define RUNNEL_SSE_ERROR (runnel_sse_error_quark ())

/* how much of a refused response's body the client keeps for the user to read */
#define RUNNEL_SSE_CLIENT_RESPONSE_BODY_MAX (64 * 1024)

typedef enum /*< skip >*/
{
  RUNNEL_SSE_ERROR_HTTP_STATUS,          /* non-2xx; fatal for 4xx but 408/429 */
  RUNNEL_SSE_ERROR_NO_CONTENT,           /* 204: the server asked us to stop */
  RUNNEL_SSE_ERROR_CONTENT_TYPE,         /* 2xx but not text/event-stream */
  RUNNEL_SSE_ERROR_NETWORK,              /* connect/read failed, connection dropped */
  RUNNEL_SSE_ERROR_TLS,                  /* certificate rejected: message says why */
  RUNNEL_SSE_ERROR_READ_TIMEOUT,         /* nothing received for read-timeout ms */
  RUNNEL_SSE_ERROR_TIMEOUT,              /* the overall timeout elapsed */
  RUNNEL_SSE_ERROR_EVENT_TOO_LARGE,      /* a line or event past max-event-size */
  RUNNEL_SSE_ERROR_FATAL_EVENT,          /* a fatal event type arrived; message is its data */
  RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED,    /* max-retries reached */
  RUNNEL_SSE_ERROR_INVALID_REQUEST,      /* the request did not validate */
  RUNNEL_SSE_ERROR_BROKEN_RESPONSE,      /* the body's framing was wrong (a bad chunk size) */
  RUNNEL_SSE_ERROR_REDIRECT,             /* a redirect not followed: https to http, too many */
} RunnelSseError;

typedef enum
{
  RUNNEL_SSE_CLIENT_STATE_IDLE,
  RUNNEL_SSE_CLIENT_STATE_CONNECTING,
  RUNNEL_SSE_CLIENT_STATE_OPEN,
  RUNNEL_SSE_CLIENT_STATE_WAITING,       /* waiting to retry: see retry-at */
  RUNNEL_SSE_CLIENT_STATE_CLOSED,        /* ended cleanly and not reconnecting, or disconnected */
  RUNNEL_SSE_CLIENT_STATE_FAILED,        /* stopped for good: see last-error */
} RunnelSseClientState;

/* what the response body is, from its Content-Type */
typedef enum
{
  RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM,   /* text/event-stream */
  RUNNEL_SSE_CLIENT_MODE_JSON_LINES,     /* newline-delimited JSON: one event per line */
} RunnelSseClientMode;

#define RUNNEL_TYPE_SSE_CLIENT (runnel_sse_client_get_type ())

G_DECLARE_FINAL_TYPE (RunnelSseClient, runnel_sse_client, RUNNEL, SSE_CLIENT, GObject)

/*
 * Despite its name, the client streams both kinds of event body that Runnel knows: an event
 * stream (text/event-stream) and JSON lines (one event per line), chosen per response by its
 * Content-Type ("mode"), through the one parser interface (RunnelParser). Everything else
 * (requests, reconnection, state) is the same for both; the name stays because the event stream
 * is what it is for, and JSON lines are the same idea without the framing.
 *
 * Properties (read-only, notify on change): "request" (construct-only), "state",
 * "http-status" (guint, 0 before a response), "last-error" (boxed GError or NULL),
 * "retry-at" (gint64 monotonic µs of the next attempt, 0 when none), "reconnect-count",
 * "bytes-received", "events-received" (guint64; notified at most every 100 ms),
 * "last-event-id", "response-headers" (SoupMessageHeaders or NULL), "content-type",
 * "reason" (string: the state in plain words, e.g. "open (HTTP 200)" or why it waits/failed),
 * "mode" (RunnelSseClientMode of the last opened response: a 2xx of text/event-stream, or of a
 * JSON-lines type (runnel_jsonl_is_content_type ()) parsed by RunnelJsonlParser; Last-Event-ID
 * is not sent after a JSON-lines response, whose events have no ids).
 * Signals:
 *   "event"     (RunnelSseEvent *)   every dispatched event (also the sink, if set)
 *   "retry"     (guint64 ms)         the server sent retry:
 *   "comment"   (const char *)
 *   "raw"       (GBytes *)           bytes as received (decoded), for the raw view
 *   "state-changed" ()               after state and its companions were updated together
 *
 * Lifecycle: connect () starts a session from the request's last-event-id with reconnect-count
 * 0; reconnections (automatic, or restart ()) keep the parser's last event id. bytes-received
 * and events-received count over the client's whole life. max-retries limits the automatic
 * reconnections of one session. last-error is the reason of waiting/failed, and of closed after
 * 204 (NO_CONTENT) or the time limit (TIMEOUT); it is cleared when a stream opens. Changes to
 * the request apply from the next attempt. The client feeds a RunnelTiming (get_timing ()): each
 * connection's start (a redirect continues it), response, bytes, events, comments and end.
 */

GQuark               runnel_sse_error_quark              (void);
const char          *runnel_sse_client_state_to_string   (RunnelSseClientState state);
const char          *runnel_sse_client_mode_to_string    (RunnelSseClientMode mode);

RunnelSseClient     *runnel_sse_client_new               (RunnelRequest      *request);
RunnelRequest       *runnel_sse_client_get_request       (RunnelSseClient    *self);
/* the hot-path sink, called before the "event" signal; no GObject cost per event */
void                 runnel_sse_client_set_event_func    (RunnelSseClient    *self,
                                                          RunnelSseEventFunc  func,
                                                          gpointer            user_data,
                                                          GDestroyNotify      destroy);
/* read each body on a thread of its own, parse it here (off by default) */
void                 runnel_sse_client_set_read_thread   (RunnelSseClient    *self,
                                                          gboolean            read_thread);
void                 runnel_sse_client_connect           (RunnelSseClient    *self);
void                 runnel_sse_client_disconnect        (RunnelSseClient    *self);
/* "Reconnect now": drop the current connection or wait and open a new one at once */
void                 runnel_sse_client_restart           (RunnelSseClient    *self);

RunnelSseClientState runnel_sse_client_get_state         (RunnelSseClient    *self);
guint                runnel_sse_client_get_http_status   (RunnelSseClient    *self);
const GError        *runnel_sse_client_get_last_error    (RunnelSseClient    *self);
gint64               runnel_sse_client_get_retry_at      (RunnelSseClient    *self);
/* the wait before the next attempt as it was chosen (ms), while waiting; 0 otherwise */
guint                runnel_sse_client_get_retry_wait    (RunnelSseClient    *self);
guint                runnel_sse_client_get_reconnect_count (RunnelSseClient  *self);
guint64              runnel_sse_client_get_bytes_received (RunnelSseClient   *self);
guint64              runnel_sse_client_get_events_received (RunnelSseClient  *self);
const char          *runnel_sse_client_get_last_event_id (RunnelSseClient    *self);
const char          *runnel_sse_client_get_content_type  (RunnelSseClient    *self);
GBytes              *runnel_sse_client_get_error_body    (RunnelSseClient    *self);
const char          *runnel_sse_client_get_reason        (RunnelSseClient    *self);
SoupMessageHeaders  *runnel_sse_client_get_response_headers (RunnelSseClient *self);
RunnelSseClientMode  runnel_sse_client_get_mode          (RunnelSseClient    *self);
RunnelTiming        *runnel_sse_client_get_timing        (RunnelSseClient    *self);
/* the last response's status line as received ("HTTP/1.1 400 Bad Request"), NULL before one */
const char          *runnel_sse_client_get_status_line   (RunnelSseClient    *self);

G_END_DECLS
