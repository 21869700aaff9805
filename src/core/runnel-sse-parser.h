/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-parser.h: incremental text/event-stream parser (WHATWG HTML), no I/O */

#pragma once

#include <glib-object.h>

#include "runnel-parser.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE (16 * 1024 * 1024)

#define RUNNEL_SSE_PARSER_ERROR (runnel_sse_parser_error_quark ())

typedef enum
{
  RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG,   /* a line grew past max-event-size without a line break */
  RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE, /* the event's data grew past max-event-size */
} RunnelSseParserError;

#define RUNNEL_TYPE_SSE_PARSER (runnel_sse_parser_get_type ())

G_DECLARE_FINAL_TYPE (RunnelSseParser, runnel_sse_parser, RUNNEL, SSE_PARSER, GObject)

/*
 * Implements RunnelParser (runnel-parser.h), whose signals these are.
 * Signals:
 *   "event"   (RunnelSseEvent *event)     a dispatched event (only emitted when connected;
 *                                          the hot path is runnel_sse_parser_set_event_func)
 *   "retry"   (guint64 milliseconds)      a valid retry: field
 *   "comment" (const char *text)          a comment line, without the colon (UTF-8; a NUL in
 *                                          it ends the string)
 *   "error"   (const GError *error)       the size limit was hit, once per line or event:
 *       LINE_TOO_LONG    a line (without its terminator) is longer than max-event-size; that
 *                        line is dropped and parsing goes on at the next line break;
 *       EVENT_TOO_LARGE  the event's data grew past max-event-size (or a data line was too
 *                        long); the event is dropped up to its blank line, though its id:
 *                        and retry: lines still count. Nothing past the limit is buffered.
 * Properties:
 *   "max-event-size" (guint64, default 16 MiB, 0 = unlimited)
 *   "last-event-id"  (string, read-only, not notified: the spec's "last event ID string", i.e.
 *                     the last event ID buffer as it was at the last blank line; what a
 *                     reconnection sends as Last-Event-ID. An `id:` line of an event that never
 *                     ended changes the buffer but not this string.)
 *
 * The event func and the "event" signal get a borrowed event: take a reference to keep it.
 * All events of one feed () share one timestamp (the clock is read once per call). Handlers of
 * "event" and "comment" are looked up once per feed (): the hot path costs no GObject call.
 * finish () also drops a last line without a line terminator (it is not processed at all), then
 * resets the parser for a new stream. Called from a callback during feed (), reset () and
 * finish () take effect at once and the rest of the bytes being fed are parsed with the state
 * reset (a BOM there is not stripped): a consumer that disconnects should ignore what follows.
 * (Stopping the feed instead would cost a check after every line on the hot path.)
 */

GQuark           runnel_sse_parser_error_quark       (void);
RunnelSseParser *runnel_sse_parser_new               (void);
void             runnel_sse_parser_set_event_func    (RunnelSseParser   *self,
                                                      RunnelSseEventFunc func,
                                                      gpointer           user_data,
                                                      GDestroyNotify     destroy);
/* the comment's text, as the "comment" signal has it */
typedef void (*RunnelSseCommentFunc) (const char *text,
                                      gpointer    user_data);

void             runnel_sse_parser_set_comment_func  (RunnelSseParser      *self,
                                                      RunnelSseCommentFunc  func,
                                                      gpointer              user_data);
void             runnel_sse_parser_feed              (RunnelSseParser *self,
                                                      const guint8    *data,
                                                      gsize            len);
/*
 * A chunk scanned ahead (runnel_sse_scan_chunk ()): its line ends and UTF-8 checked, maybe by
 * another thread while the parser parses the chunk before. Feeding it then costs less.
 * RUNNEL_SSE_SCAN=ahead in the environment makes every feed () take this path (for the tests).
 */
typedef struct _RunnelSseScan RunnelSseScan;

RunnelSseScan   *runnel_sse_scan_new                 (void);
void             runnel_sse_scan_free                (RunnelSseScan   *scan);
void             runnel_sse_scan_chunk               (RunnelSseScan   *scan,
                                                      const guint8    *data,
                                                      gsize            len);
void             runnel_sse_parser_feed_scanned      (RunnelSseParser     *self,
                                                      const RunnelSseScan *scan);
/* end of stream: a pending unterminated event is discarded, as the spec says */
void             runnel_sse_parser_finish            (RunnelSseParser *self);
/* a partial line or an event without its blank line is buffered (the connection was cut) */
gboolean         runnel_sse_parser_has_pending       (RunnelSseParser *self);
/* a new connection: clears buffers, BOM state and a pending id:; keeps the last dispatched
 * event id and the sequence */
void             runnel_sse_parser_reset             (RunnelSseParser *self);
guint64          runnel_sse_parser_get_max_event_size (RunnelSseParser *self);
void             runnel_sse_parser_set_max_event_size (RunnelSseParser *self,
                                                       guint64          max_event_size);
const char      *runnel_sse_parser_get_last_event_id (RunnelSseParser *self);
/* set the last event id buffer, e.g. from --last-event-id or before a resume */
void             runnel_sse_parser_set_last_event_id (RunnelSseParser *self,
                                                      const char      *id);
guint64          runnel_sse_parser_get_events_parsed (RunnelSseParser *self);
guint64          runnel_sse_parser_get_bytes_parsed  (RunnelSseParser *self);
gsize            runnel_sse_parser_get_allocated_size (RunnelSseParser *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelSseScan, runnel_sse_scan_free)

G_END_DECLS
