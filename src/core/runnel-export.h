/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-export.h: events to NDJSON, a JSON array or text/event-stream, and back again */

#pragma once

#include <gio/gio.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_EXPORT_ERROR (runnel_export_error_quark ())

typedef enum
{
  RUNNEL_EXPORT_ERROR_NOT_REPRESENTABLE,  /* an event text/event-stream cannot carry (see below) */
  RUNNEL_EXPORT_ERROR_INVALID,            /* an import that is not what its format says */
  RUNNEL_EXPORT_ERROR_TOO_LARGE,          /* an imported event past RUNNEL_SSE_PARSER's limit */
} RunnelExportError;

typedef enum
{
  RUNNEL_EXPORT_FORMAT_NDJSON,        /* a JSON object a line, as `runnel --print` prints */
  RUNNEL_EXPORT_FORMAT_JSON_ARRAY,    /* the same objects in one JSON array */
  RUNNEL_EXPORT_FORMAT_EVENT_STREAM,  /* text/event-stream */
} RunnelExportFormat;

GQuark      runnel_export_error_quark          (void);

/* "ndjson", "json", "sse": a file name extension for the save dialog */
const char *runnel_export_format_get_extension (RunnelExportFormat format);
/* "application/x-ndjson", "application/json", "text/event-stream" */
const char *runnel_export_format_get_content_type (RunnelExportFormat format);

/*
 * Serialises events (in the order given).
 *
 * NDJSON and JSON array: the objects of runnel_sse_event_append_json () (type, data, id, seq,
 * time), lossless. text/event-stream: a RE-SERIALISATION, not the bytes received (the log does not
 * keep them): per event an "event:" line unless the type is "message", an "id:" line when the id
 * differs from the previous event's (ids are sticky in the format), one "data:" line per line of
 * data (so "" is a single "data:" line, which the spec dispatches as an empty event, and a trailing
 * newline an empty last line), then a blank line. Parsed again it gives the same types, data and
 * ids; sequence numbers and times are not kept, nor retry: lines or comments. An event whose
 * type or id holds CR or LF, or whose data holds CR (possible only in events imported from JSON)
 * cannot be written that way: RUNNEL_EXPORT_ERROR_NOT_REPRESENTABLE names it.
 *
 * Returns: (transfer full) (nullable): the bytes, or NULL with an error
 */
GBytes     *runnel_export_events               (RunnelSseEvent * const *events,
                                                guint                   n_events,
                                                RunnelExportFormat      format,
                                                GError                **error);
/* the same for a GListModel of RunnelEventItem (the event log, or a filter of it) */
GBytes     *runnel_export_model                (GListModel             *model,
                                                RunnelExportFormat      format,
                                                GError                **error);

/* JSON array when the text starts with '[', NDJSON with '{', else text/event-stream */
RunnelExportFormat runnel_import_guess_format  (const char             *data,
                                                gsize                   len);
/*
 * Reads events back. NDJSON and JSON array: objects with a string "data" and optional "type"
 * (default "message"), "id" (default ""), "seq" (default: the position, from 1) and "time" (ISO
 * 8601; default: now); other members are ignored; blank lines are skipped; an error names the line
 * (or element) and what is wrong. A NUL in data does not survive: json-glib strings end at NUL.
 * text/event-stream: parsed by RunnelSseParser (16 MiB per event), as a live stream would be; an
 * unterminated last event is dropped, as the spec says.
 * Imported events have their real time as monotonic time too, so that the times between events
 * are right; their wire size is the size of their data (NDJSON) or on the wire (event stream).
 *
 * Returns: (transfer full) (element-type RunnelSseEvent) (nullable): the events, or NULL with
 *   an error
 */
GPtrArray  *runnel_import_events               (const char             *data,
                                                gsize                   len,
                                                RunnelExportFormat      format,
                                                GError                **error);

G_END_DECLS
