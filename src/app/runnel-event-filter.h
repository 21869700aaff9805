/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-filter.h: the event list's filter: text, event type, only events with an id */

#pragma once

#include <gtk/gtk.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EVENT_FILTER (runnel_event_filter_get_type ())

G_DECLARE_FINAL_TYPE (RunnelEventFilter, runnel_event_filter, RUNNEL, EVENT_FILTER, GtkFilter)

/*
 * Matches RunnelEventItems. Properties: "text" (found in the type, id or data, ignoring case;
 * NULL or "" matches all), "event-type" (exact, NULL matches all), "with-id" (only events with
 * an id). With none of them set it matches all (GTK_FILTER_MATCH_ALL: the list passes through
 * untouched); each change says whether it made the filter stricter, so that a filter list model
 * only looks again at what may have changed.
 */
RunnelEventFilter *runnel_event_filter_new            (void);
const char        *runnel_event_filter_get_text       (RunnelEventFilter *self);
void               runnel_event_filter_set_text       (RunnelEventFilter *self,
                                                       const char        *text);
const char        *runnel_event_filter_get_event_type (RunnelEventFilter *self);
void               runnel_event_filter_set_event_type (RunnelEventFilter *self,
                                                       const char        *event_type);
gboolean           runnel_event_filter_get_with_id    (RunnelEventFilter *self);
void               runnel_event_filter_set_with_id    (RunnelEventFilter *self,
                                                       gboolean           with_id);
gboolean           runnel_event_filter_is_active      (RunnelEventFilter *self);
/* what the filter's match does, on the event itself: no row object needed */
gboolean           runnel_event_filter_match_event    (RunnelEventFilter *self,
                                                       RunnelSseEvent    *event);

G_END_DECLS
