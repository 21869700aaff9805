/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-event.h: one dispatched Server-Sent Event, immutable and cheap (one allocation) */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_SSE_EVENT (runnel_sse_event_get_type ())

/*
 * RunnelSseEvent is a reference-counted boxed type, not a GObject: the parser builds
 * one per event on the hot path, in a single allocation that holds the strings too.
 * The UI wraps the rows it shows in RunnelEventItem (a GObject made on demand).
 */
typedef struct _RunnelSseEvent RunnelSseEvent;

GType            runnel_sse_event_get_type           (void) G_GNUC_CONST;
RunnelSseEvent  *runnel_sse_event_new                (const char     *type,
                                                      gsize           type_len,
                                                      const char     *data,
                                                      gsize           data_len,
                                                      const char     *id,
                                                      gsize           id_len,
                                                      guint64         sequence,
                                                      gint64          monotonic_time,
                                                      gint64          real_time,
                                                      gsize           wire_size);
/* for the parsers: builds the event in *@spare's memory when there is one (taking it), and
 * drops @self's reference into *@spare when nobody else holds one (runnel-sse-event.c) */
RunnelSseEvent  *runnel_sse_event_new_from_spare     (RunnelSseEvent **spare,
                                                      const char      *type,
                                                      gsize            type_len,
                                                      const char      *data,
                                                      gsize            data_len,
                                                      const char      *id,
                                                      gsize            id_len,
                                                      guint64          sequence,
                                                      gint64           monotonic_time,
                                                      gint64           real_time,
                                                      gsize            wire_size);
void             runnel_sse_event_release_to_spare   (RunnelSseEvent  *self,
                                                      RunnelSseEvent **spare);
RunnelSseEvent  *runnel_sse_event_ref                (RunnelSseEvent *self);
void             runnel_sse_event_unref              (RunnelSseEvent *self);
/* "message" when the stream named no type; never NULL (a type with U+0000 ends there).
 * Every event of type "message" returns the same static string, so a pointer comparison
 * with runnel_sse_event_type_message () recognises them without strcmp () */
const char      *runnel_sse_event_get_event_type     (const RunnelSseEvent *self);
const char      *runnel_sse_event_type_message       (void);
/* NUL-terminated valid UTF-8; data may contain '\n' (never '\r' or a trailing '\n') */
const char      *runnel_sse_event_get_data           (const RunnelSseEvent *self,
                                                      gsize                *len);
/* the last event id at dispatch, "" when none */
const char      *runnel_sse_event_get_id             (const RunnelSseEvent *self);
/* 1-based, counted by the parser (or client) across the whole session */
guint64          runnel_sse_event_get_sequence       (const RunnelSseEvent *self);
/* g_get_monotonic_time () / g_get_real_time () when the bytes arrived, in µs */
gint64           runnel_sse_event_get_monotonic_time (const RunnelSseEvent *self);
gint64           runnel_sse_event_get_real_time      (const RunnelSseEvent *self);
/* bytes the event occupied on the wire, from its first line to its blank line (the LF of a
 * CRLF that ends the blank line is not counted: the event is dispatched at the CR) */
gsize            runnel_sse_event_get_wire_size      (const RunnelSseEvent *self);
/* {"type":…,"data":…,"id":…} plus "seq" and "time" (ISO 8601), no newline; caller frees */
char            *runnel_sse_event_to_json            (const RunnelSseEvent *self);
void             runnel_sse_event_append_json        (const RunnelSseEvent *self,
                                                      GString              *out);

/* The hot-path sink: parser and client call this once per event, without signals. */
typedef void (*RunnelSseEventFunc) (RunnelSseEvent *event,
                                    gpointer        user_data);

/* a RunnelSseEventFunc with its data, as the parsers and the client hold their sink */
typedef struct
{
  RunnelSseEventFunc func;
  gpointer           data;
  GDestroyNotify     destroy;
} RunnelSseEventSink;

/* destroys the data of the sink's previous function, then holds the new one */
void             runnel_sse_event_sink_set           (RunnelSseEventSink *sink,
                                                      RunnelSseEventFunc  func,
                                                      gpointer            data,
                                                      GDestroyNotify      destroy);
/* destroys the sink's data and empties it */
void             runnel_sse_event_sink_clear         (RunnelSseEventSink *sink);

static inline void
runnel_sse_event_sink_emit (const RunnelSseEventSink *sink,
                            RunnelSseEvent           *event)
{
  if (sink->func != NULL)
    sink->func (event, sink->data);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelSseEvent, runnel_sse_event_unref)

G_END_DECLS
