/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-detail.h: the selected event: its data, type, id, time, size, gap */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-log.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EVENT_DETAIL (runnel_event_detail_get_type ())

G_DECLARE_FINAL_TYPE (RunnelEventDetail, runnel_event_detail, RUNNEL, EVENT_DETAIL, GtkWidget)

/*
 * Shows an event of "log" (for the time since the one before it): its data (pretty JSON, only
 * the beginning of a huge one), type, id, time received, size; Copy runs stream.copy-event and
 * the back button (shown when "narrow") stream.show-list.
 */
void runnel_event_detail_set_log    (RunnelEventDetail *self,
                                     RunnelEventLog    *log);
void runnel_event_detail_set_event  (RunnelEventDetail *self,
                                     RunnelSseEvent    *event);
void runnel_event_detail_set_narrow (RunnelEventDetail *self,
                                     gboolean           narrow);
/* the back button, which a narrow page focuses when it shows the detail */
void runnel_event_detail_focus      (RunnelEventDetail *self);

G_END_DECLS
