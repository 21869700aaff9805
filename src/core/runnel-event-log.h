/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-log.h: the bounded store of a stream's events, a GListModel of RunnelEventItem */

#pragma once

#include <gio/gio.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EVENT_ITEM (runnel_event_item_get_type ())

/* a GObject made on demand for the rows the view shows; holds a ref on the event */
G_DECLARE_FINAL_TYPE (RunnelEventItem, runnel_event_item, RUNNEL, EVENT_ITEM, GObject)

RunnelSseEvent *runnel_event_item_get_event (RunnelEventItem *self);

#define RUNNEL_TYPE_EVENT_LOG (runnel_event_log_get_type ())

G_DECLARE_FINAL_TYPE (RunnelEventLog, runnel_event_log, RUNNEL, EVENT_LOG, GObject)

/*
 * Properties: "retention" (guint, max events kept, 0 = unlimited; oldest dropped first),
 * "n-dropped" (guint64, events dropped by retention), "n-items".
 * Appends are batched: items-changed is emitted at most once per main-loop iteration.
 */
RunnelEventLog *runnel_event_log_new          (guint           retention);
void            runnel_event_log_append       (RunnelEventLog *self,
                                               RunnelSseEvent *event);
void            runnel_event_log_clear        (RunnelEventLog *self);
guint           runnel_event_log_get_retention (RunnelEventLog *self);
void            runnel_event_log_set_retention (RunnelEventLog *self,
                                                guint           retention);
guint64         runnel_event_log_get_n_dropped (RunnelEventLog *self);
/* borrowed; position as in the list model */
RunnelSseEvent *runnel_event_log_peek         (RunnelEventLog *self,
                                               guint           position);

G_END_DECLS
