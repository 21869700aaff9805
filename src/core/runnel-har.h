/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-har.h: the event streams of an HTTP Archive (HAR 1.2, as browsers export it) */

#pragma once

#include <gio/gio.h>

#include "runnel-request.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

/* a HAR larger than this is refused before it is parsed: json-glib holds the whole tree */
#define RUNNEL_HAR_MAX_SIZE (64 * 1024 * 1024)

#define RUNNEL_HAR_ERROR (runnel_har_error_quark ())

typedef enum
{
  RUNNEL_HAR_ERROR_TOO_LARGE,   /* past RUNNEL_HAR_MAX_SIZE, or an event past the parser's limit */
  RUNNEL_HAR_ERROR_INVALID,     /* not JSON, or a field missing or of the wrong type */
  RUNNEL_HAR_ERROR_NO_STREAMS,  /* a valid HAR without one event-stream entry */
} RunnelHarError;

/* one entry of the archive whose response is an event stream */
typedef struct
{
  guint          entry;     /* its position in log.entries, from 1 */
  guint          status;    /* response.status (0 when the browser never got one) */
  gboolean       timed;     /* the events carry the times they arrived (Chrome's messages) */
  RunnelRequest *request;   /* method, URL, headers and body, ready to run again */
  GPtrArray     *events;    /* (element-type RunnelSseEvent) */
} RunnelHarStream;

void        runnel_har_stream_free       (RunnelHarStream *stream);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelHarStream, runnel_har_stream_free)

GQuark      runnel_har_error_quark       (void);

/* TRUE when @data looks like a HAR rather than a JSON array or NDJSON of events */
gboolean    runnel_har_sniff             (const char  *data,
                                          gsize        len);

/*
 * Reads every entry whose response is text/event-stream (its mimeType or Content-Type) or that
 * carries Chrome's "_eventSourceMessages". Chrome's messages ({time, eventName, eventId, data})
 * are preferred, with their times; else the response's content text (base64 when its "encoding"
 * says so) is parsed as a live stream would be, and the events get the entry's start time.
 * The request keeps its method, URL, body (postData.text) and headers, but not HTTP/2
 * pseudo-headers nor those libsoup computes itself (Host, Content-Length, Connection,
 * Accept-Encoding ...). Secret values are kept (they are needed to run it again): show them
 * through runnel_header_is_secret ().
 *
 * All or nothing: an error names the entry and the field ("Entry 3: request.url is missing"),
 * and no stream is returned.
 *
 * Returns: (transfer full) (element-type RunnelHarStream) (nullable): the streams, in the order
 *   of the archive, or NULL with an error
 */
GPtrArray  *runnel_har_import            (const char  *data,
                                          gsize        len,
                                          GError     **error);

G_END_DECLS
