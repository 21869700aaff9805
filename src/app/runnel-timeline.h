/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timeline.h: a stream's events on a time axis, with its stalls shaded and bursts marked */

#pragma once

#include <gtk/gtk.h>

#include "runnel-timing.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_TIMELINE (runnel_timeline_get_type ())

G_DECLARE_FINAL_TYPE (RunnelTimeline, runnel_timeline, RUNNEL, TIMELINE, GtkWidget)

/*
 * The whole session of a RunnelTiming from its start to now: a tick per pixel column that had
 * events (taller for more, on a log scale), the stalls (and a silence still going on past the
 * threshold) shaded, a mark above each burst. It draws the timing's bucket counts, never the
 * events one by one, so its cost per frame does not grow with the stream. It redraws on the
 * timing's "changed"; while a connection is open its owner redraws it as the clock runs on
 * (gtk_widget_queue_draw (), as the Timing view does on its own refresh). Property "timing"
 * (RunnelTiming or NULL).
 */
GtkWidget    *runnel_timeline_new        (void);
void          runnel_timeline_set_timing (RunnelTimeline *self,
                                          RunnelTiming   *timing);
RunnelTiming *runnel_timeline_get_timing (RunnelTimeline *self);

G_END_DECLS
