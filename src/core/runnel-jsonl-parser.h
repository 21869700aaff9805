/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-jsonl-parser.h: incremental newline-delimited JSON (NDJSON, JSON Lines) to events */

#pragma once

#include <glib-object.h>

#include "runnel-parser.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_JSONL_PARSER_ERROR (runnel_jsonl_parser_error_quark ())

typedef enum
{
  RUNNEL_JSONL_PARSER_ERROR_LINE_TOO_LONG,  /* a line grew past max-event-size */
} RunnelJsonlParserError;

#define RUNNEL_TYPE_JSONL_PARSER (runnel_jsonl_parser_get_type ())

G_DECLARE_FINAL_TYPE (RunnelJsonlParser, runnel_jsonl_parser, RUNNEL, JSONL_PARSER, GObject)

/*
 * The JSON-lines counterpart of RunnelSseParser, with the same interface (RunnelParser), for
 * bodies of type application/x-ndjson, application/jsonl and the like
 * (runnel_jsonl_is_content_type ()).
 *
 * Each non-empty line is one event: type "message", id "", data the line without its line
 * terminator (LF or CRLF; a lone CR is kept, as NDJSON only knows LF). Lines of only spaces
 * and tabs are skipped, and so is a leading BOM and the RS (0x1E) that starts each record of
 * application/json-seq (RFC 7464). The line is not checked to be JSON (the view shows what
 * came). The line is decoded exactly as RunnelSseParser decodes a data line (runnel-utf8.h, the
 * WHATWG decoder): invalid UTF-8 becomes one U+FFFD per maximal subpart, also when a character
 * is split across feed () calls, and a NUL byte is kept in the data, as the event-stream parser
 * keeps it (get_data () with its length sees it; --print writes it as \u0000). Unlike an event
 * stream, the last line needs no line terminator: finish () dispatches it.
 *
 * Signals: "event" (RunnelSseEvent *event), emitted only when connected (the hot path is the
 * event func); "error" (const GError *error): a line passed max-event-size; it is dropped up to
 * the next LF and parsing goes on. Property: "max-event-size" (guint64, default 16 MiB, 0 = none).
 * The event func and the "event" signal get a borrowed event: take a reference to keep it.
 */

GQuark             runnel_jsonl_parser_error_quark      (void);
RunnelJsonlParser *runnel_jsonl_parser_new              (void);
void               runnel_jsonl_parser_set_event_func   (RunnelJsonlParser  *self,
                                                         RunnelSseEventFunc  func,
                                                         gpointer            user_data,
                                                         GDestroyNotify      destroy);
void               runnel_jsonl_parser_feed             (RunnelJsonlParser  *self,
                                                         const guint8       *data,
                                                         gsize               len);
/* end of stream: a last line without LF is dispatched */
void               runnel_jsonl_parser_finish           (RunnelJsonlParser  *self);
/* a line without its LF is buffered (fine at the end of a body; else the connection was cut) */
gboolean           runnel_jsonl_parser_has_pending      (RunnelJsonlParser  *self);
/* a new connection: drops a partial line; keeps the sequence */
void               runnel_jsonl_parser_reset            (RunnelJsonlParser  *self);
guint64            runnel_jsonl_parser_get_max_event_size (RunnelJsonlParser *self);
void               runnel_jsonl_parser_set_max_event_size (RunnelJsonlParser *self,
                                                           guint64            max_event_size);
guint64            runnel_jsonl_parser_get_events_parsed (RunnelJsonlParser *self);
guint64            runnel_jsonl_parser_get_bytes_parsed  (RunnelJsonlParser *self);

/* TRUE for a Content-Type (parameters allowed) that is newline-delimited JSON */
gboolean           runnel_jsonl_is_content_type         (const char         *content_type);

G_END_DECLS
