/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-list.h: the events a stream shows, one row each, following the end */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-filter.h"
#include "runnel-filtered-log.h"
#include "runnel-json-path.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EVENT_LIST (runnel_event_list_get_type ())

G_DECLARE_FINAL_TYPE (RunnelEventList, runnel_event_list, RUNNEL, EVENT_LIST, GtkWidget)

/*
 * A column view of "model" (the log through the filter): number, time, type, id, size and a
 * preview of each event, and a Value column while "extractor" (a JSONPath) is set. It follows
 * the end until the user scrolls up or selects a row; then "N new events" (stream.scroll-to-end)
 * brings the user back. A selected event stays selected through filters that show it and comes
 * back when a filter hid it for a while. Properties: "model", "filter" (for the empty list's
 * words), "extractor", "narrow" (fewer columns; a tap activates a row), "ended" (the stream is
 * over: "No events" rather than "No events yet"), "selected-event" (read-only, notify).
 * Signal "activate": the user activated the selected row.
 */
void            runnel_event_list_set_model          (RunnelEventList     *self,
                                                      RunnelFilteredLog   *shown);
void            runnel_event_list_set_filter         (RunnelEventList     *self,
                                                      RunnelEventFilter   *filter);
void            runnel_event_list_set_extractor      (RunnelEventList     *self,
                                                      RunnelJsonExtractor *extractor);
void            runnel_event_list_set_narrow         (RunnelEventList     *self,
                                                      gboolean             narrow);
void            runnel_event_list_set_ended          (RunnelEventList     *self,
                                                      gboolean             ended);
RunnelSseEvent *runnel_event_list_get_selected_event (RunnelEventList     *self);
/* follows the end again and scrolls there */
void            runnel_event_list_follow_end         (RunnelEventList     *self);
/* a new stream or a cleared one: nothing is wanted any more, and the list follows the end */
void            runnel_event_list_forget_selection   (RunnelEventList     *self);
void            runnel_event_list_focus              (RunnelEventList     *self);

G_END_DECLS
