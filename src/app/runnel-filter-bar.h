/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-filter-bar.h: the event-type chooser and the "only with id" switch beside the search */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-filter.h"
#include "runnel-event-log.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_FILTER_BAR (runnel_filter_bar_get_type ())

G_DECLARE_FINAL_TYPE (RunnelFilterBar, runnel_filter_bar, RUNNEL, FILTER_BAR, GtkWidget)

/* the filter it drives (owned by the bar); the type chooser lists the types the log has shown */
RunnelEventFilter *runnel_filter_bar_get_filter    (RunnelFilterBar *self);
void               runnel_filter_bar_set_log       (RunnelFilterBar *self,
                                                    RunnelEventLog  *log);
/* choose a type by name (NULL: all types); FALSE when the log has not shown it */
gboolean           runnel_filter_bar_select_type   (RunnelFilterBar *self,
                                                    const char      *event_type);
/* the chooser's choices: "All Types", then the types seen so far in order of appearance */
GListModel        *runnel_filter_bar_get_types     (RunnelFilterBar *self);
/* a new stream: forget the types seen; keep the chosen one only when it still applies */
void               runnel_filter_bar_reset_types   (RunnelFilterBar *self,
                                                    gboolean         keep_chosen);

G_END_DECLS
