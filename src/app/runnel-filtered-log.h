/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-filtered-log.h: the events of a log that the filter matches, filtered a slice at a time */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-filter.h"
#include "runnel-event-log.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_FILTERED_LOG (runnel_filtered_log_get_type ())

G_DECLARE_FINAL_TYPE (RunnelFilteredLog, runnel_filtered_log, RUNNEL, FILTERED_LOG, GObject)

/*
 * A GListModel of RunnelEventItem: the log's events that the filter matches, in the log's order;
 * all of them, passed through untouched, while the filter is not active.
 *
 * Used instead of GtkFilterListModel, which in GTK 4.8 made a row object for every event it
 * looked at and announced a new filter in a way that made the column view fetch every row
 * (see docs/PERFORMANCE.md). This one matches the stored events themselves, a slice of them per
 * main-loop iteration below the redraw priority, and shows the new result in one step when it
 * is complete: only the part that differs, as one removal and one insertion.
 *
 * Property "pending" (guint): events still to be looked at for the current filter; while it is
 * not 0 the model still shows the previous result.
 * Signal "refiltering" (guint show, guint wanted): emitted while the model holds the new result's
 * rows beside the old ones, which it removes next: the view should move to row show now (see
 * runnel_filtered_log_show); wanted is the wanted event's row, or GTK_INVALID_LIST_POSITION.
 * Signal "refiltered": the model now shows the result of a new filter.
 */
RunnelFilteredLog *runnel_filtered_log_new         (RunnelEventLog    *log,
                                                    RunnelEventFilter *filter);
guint              runnel_filtered_log_get_pending (RunnelFilteredLog *self);
/* the event's position in the model, or GTK_INVALID_LIST_POSITION */
guint              runnel_filtered_log_find        (RunnelFilteredLog *self,
                                                    RunnelSseEvent    *event);
/* TRUE during the items-changed that replace the result by a new filter's, FALSE during those
 * that follow the log (new events, trims) */
gboolean           runnel_filtered_log_is_replacing (RunnelFilteredLog *self);
/* the view's wishes for a new result: the event it selected, and whether it follows the end */
RunnelSseEvent    *runnel_filtered_log_get_wanted  (RunnelFilteredLog *self);
void               runnel_filtered_log_set_wanted  (RunnelFilteredLog *self,
                                                    RunnelSseEvent    *event);
void               runnel_filtered_log_set_follow_end (RunnelFilteredLog *self,
                                                       gboolean           follow_end);

G_END_DECLS
