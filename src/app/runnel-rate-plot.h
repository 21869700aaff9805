/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-rate-plot.h: a small live bar plot of events per second over the last minutes */

#pragma once

#include <gtk/gtk.h>

#include "runnel-rate-history.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_RATE_PLOT (runnel_rate_plot_get_type ())

G_DECLARE_FINAL_TYPE (RunnelRatePlot, runnel_rate_plot, RUNNEL, RATE_PLOT, GtkWidget)

/*
 * Bars of the mean rate of 3 seconds over the last RUNNEL_RATE_PLOT_SECONDS complete seconds,
 * scaled to the highest, drawn in the widget's CSS colour (the accent colour from style.css). It is fed a
 * running event count, a few times a second (not per event): the difference since the last
 * call is counted in the current second. It redraws at most once a second.
 */
#define RUNNEL_RATE_PLOT_SECONDS 120

GtkWidget         *runnel_rate_plot_new         (void);
/* @events_received: a running count; a lower value than before means a new count from 0 */
void               runnel_rate_plot_update      (RunnelRatePlot *self,
                                                 guint64         events_received);
void               runnel_rate_plot_clear       (RunnelRatePlot *self);
RunnelRateHistory *runnel_rate_plot_get_history (RunnelRatePlot *self);

G_END_DECLS
