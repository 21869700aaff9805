/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timing-view.h: a stream's health in time: the figures, the timeline, what they mean */

#pragma once

#include <gtk/gtk.h>

#include "runnel-timing.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_TIMING_VIEW (runnel_timing_view_get_type ())

G_DECLARE_FINAL_TYPE (RunnelTimingView, runnel_timing_view, RUNNEL, TIMING_VIEW, GtkWidget)

/*
 * The Timing view of a stream: time to the headers, first byte, first event and first content;
 * the gaps between events; stalls and bursts; the timeline; and the notes of
 * runnel_timing_describe () in words. Property "timing" (RunnelTiming or NULL); it refreshes on
 * the timing's "changed" and, while mapped, a few times a second: the figures and the timeline
 * on one timer.
 */
GtkWidget    *runnel_timing_view_new        (void);
void          runnel_timing_view_set_timing (RunnelTimingView *self,
                                             RunnelTiming     *timing);
RunnelTiming *runnel_timing_view_get_timing (RunnelTimingView *self);
/* refresh the figures now (the view also does it by itself) */
void          runnel_timing_view_update     (RunnelTimingView *self);

G_END_DECLS
