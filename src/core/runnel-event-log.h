/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-log.h: the bounded store of a stream's events, a GListModel of RunnelEventItem */

#pragma once

#include <gio/gio.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EVENT_ITEM (runnel_event_item_get_type ())

/*
 * A GObject made on demand for the rows the view shows; holds a ref on the event.
 * Read-only properties for list item bindings: "event" (RunnelSseEvent), "sequence" (guint64),
 * "event-type", "id", "preview" (strings), "real-time" (gint64 µs), "size" (guint64).
 */
G_DECLARE_FINAL_TYPE (RunnelEventItem, runnel_event_item, RUNNEL, EVENT_ITEM, GObject)

RunnelSseEvent *runnel_event_item_get_event   (RunnelEventItem *self);
/* the data on one line (line breaks shown as " ⏎ "), cut after about 200 characters */
const char     *runnel_event_item_get_preview (RunnelEventItem *self);

#define RUNNEL_TYPE_EVENT_LOG (runnel_event_log_get_type ())

G_DECLARE_FINAL_TYPE (RunnelEventLog, runnel_event_log, RUNNEL, EVENT_LOG, GObject)

/*
 * Properties: "retention" (guint, max events kept, 0 = unlimited; oldest dropped first, a quarter
 * of the retention at a time so that views do not pay for a removal at every flush),
 * "n-dropped" (guint64, events dropped by retention since the last clear), "n-items",
 * "held" (gboolean).
 * Appends are batched: items-changed is emitted at most once per main-loop iteration
 * (an idle source on the thread-default main context), or at once by runnel_event_log_flush ().
 * Until then the new events are not part of the list model.
 */
RunnelEventLog *runnel_event_log_new          (guint           retention);
void            runnel_event_log_append       (RunnelEventLog *self,
                                               RunnelSseEvent *event);
/* a RunnelSseEventFunc for runnel_sse_client_set_event_func (user_data: the log) */
void            runnel_event_log_append_func  (RunnelSseEvent *event,
                                               gpointer        user_data);
/* publish pending appends now (items-changed) */
void            runnel_event_log_flush        (RunnelEventLog *self);
void            runnel_event_log_clear        (RunnelEventLog *self);
guint           runnel_event_log_get_retention (RunnelEventLog *self);
void            runnel_event_log_set_retention (RunnelEventLog *self,
                                                guint           retention);
guint64         runnel_event_log_get_n_dropped (RunnelEventLog *self);
/* appended but not yet published */
guint           runnel_event_log_get_n_pending (RunnelEventLog *self);
/* while held, appends wait (they still count against the retention) until unheld or flushed:
 * the view's "Pause" keeps recording without changing what is shown */
gboolean        runnel_event_log_get_held     (RunnelEventLog *self);
void            runnel_event_log_set_held     (RunnelEventLog *self,
                                               gboolean        held);
/* borrowed; position as in the list model */
RunnelSseEvent *runnel_event_log_peek         (RunnelEventLog *self,
                                               guint           position);

G_END_DECLS
