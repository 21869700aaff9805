/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-status-bar.h: a row of what a stream is and its counts, or two where they do not fit */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_STATUS_BAR (runnel_status_bar_get_type ())

G_DECLARE_FINAL_TYPE (RunnelStatusBar, runnel_status_bar, RUNNEL, STATUS_BAR, GtkWidget)

/*
 * Two children, added in a template: the first says where the stream stands (it may wrap), the
 * second holds the counts (at the end of the row). Both share one row when they fit at their
 * natural widths; otherwise the counts go on a row of their own under the first, at its end,
 * and neither is cut short for the other.
 */
/* whether the counts are on a row of their own at the bar's allocated width */
gboolean runnel_status_bar_is_two_rows (RunnelStatusBar *self);

G_END_DECLS
