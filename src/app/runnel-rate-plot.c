/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-rate-plot.c: a small live bar plot of events per second over the last minutes */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "runnel-rate-plot.h"

#define PLOT_WIDTH  RUNNEL_RATE_PLOT_SECONDS
#define PLOT_HEIGHT 24
/* seconds per bar: 40 bars of 2 px and a 1 px gap */
#define BAR_SECONDS 3

struct _RunnelRatePlot
{
  GtkWidget          parent_instance;

  /* Owned */
  RunnelRateHistory *history;   /* one bucket more than shown: the second still filling */

  guint64            events;    /* the running count at the last update */
  gint64             second;    /* the second of the last redraw */
};

G_DEFINE_FINAL_TYPE (RunnelRatePlot, runnel_rate_plot, GTK_TYPE_WIDGET)

static void
runnel_rate_plot_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  *minimum = *natural = orientation == GTK_ORIENTATION_HORIZONTAL ? PLOT_WIDTH : PLOT_HEIGHT;
}

static void
runnel_rate_plot_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  RunnelRatePlot *self = RUNNEL_RATE_PLOT (widget);
  double values[RUNNEL_RATE_PLOT_SECONDS + 1];
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GdkRGBA color;
  GdkRGBA faint;
  double bars[RUNNEL_RATE_PLOT_SECONDS / BAR_SECONDS];
  double peak = 0;
  double pitch;
  guint n_bars;
  guint n;

  if (width <= 0 || height <= 0)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  /* a faint floor, so that an idle plot still shows where it is */
  faint = color;
  faint.alpha *= 0.25f;
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  /* complete seconds only: the last bucket is still filling and would always dip */
  n = runnel_rate_history_get_rates (self->history, g_get_monotonic_time (), values,
                                     G_N_ELEMENTS (values));
  if (n < 2)
    return;
  n--;

  /* a bar is the mean of BAR_SECONDS seconds, the newest at the right edge */
  n_bars = n / BAR_SECONDS;
  for (guint i = 0; i < n_bars; i++)
    {
      const double *bucket = values + n - (n_bars - i) * BAR_SECONDS;

      bars[i] = 0;
      for (guint j = 0; j < BAR_SECONDS; j++)
        bars[i] += bucket[j] / BAR_SECONDS;
      peak = MAX (peak, bars[i]);
    }
  if (peak <= 0)
    return;

  pitch = (double) width / n_bars;
  for (guint i = 0; i < n_bars; i++)
    {
      double bar_height;

      if (bars[i] <= 0)
        continue;

      bar_height = MAX (1.0, round (bars[i] / peak * (height - 1)));
      gtk_snapshot_append_color (snapshot, &color,
                                 &GRAPHENE_RECT_INIT (i * pitch, height - bar_height,
                                                      MAX (1.0, pitch - 1), bar_height));
    }
}

static void
runnel_rate_plot_update_description (RunnelRatePlot *self,
                                     gint64          now)
{
  g_autofree char *text = NULL;
  double rate = runnel_rate_history_get_rate (self->history, now, 1);
  double recent = runnel_rate_history_get_rate (self->history, now, RUNNEL_RATE_PLOT_SECONDS);

  /* TRANSLATORS: the accessible description of the event-rate plot in the status bar */
  text = g_strdup_printf (_("Event rate: %.1f per second now, %.1f per second over the last "
                            "%u minutes"),
                          rate, recent, RUNNEL_RATE_PLOT_SECONDS / 60);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self), text);
}

static void
runnel_rate_plot_finalize (GObject *object)
{
  RunnelRatePlot *self = (RunnelRatePlot *)object;

  g_clear_pointer (&self->history, runnel_rate_history_unref);

  G_OBJECT_CLASS (runnel_rate_plot_parent_class)->finalize (object);
}

static void
runnel_rate_plot_class_init (RunnelRatePlotClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = runnel_rate_plot_finalize;

  widget_class->measure = runnel_rate_plot_measure;
  widget_class->snapshot = runnel_rate_plot_snapshot;

  gtk_widget_class_set_css_name (widget_class, "rateplot");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
runnel_rate_plot_init (RunnelRatePlot *self)
{
  self->history = runnel_rate_history_new (RUNNEL_RATE_PLOT_SECONDS + 1, G_USEC_PER_SEC);

  gtk_widget_set_valign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Event rate"),
                                  -1);
  runnel_rate_plot_update_description (self, g_get_monotonic_time ());
}

GtkWidget *
runnel_rate_plot_new (void)
{
  return g_object_new (RUNNEL_TYPE_RATE_PLOT, NULL);
}

/**
 * runnel_rate_plot_update:
 *
 * Counts the events received since the last call in the current second and, once a second,
 * redraws the plot and updates its description.
 */
void
runnel_rate_plot_update (RunnelRatePlot *self,
                         guint64         events_received)
{
  gint64 now = g_get_monotonic_time ();
  gint64 second = now / G_USEC_PER_SEC;
  guint64 added;

  g_return_if_fail (RUNNEL_IS_RATE_PLOT (self));

  /* a new client counts from 0 again */
  added = events_received >= self->events ? events_received - self->events : events_received;
  self->events = events_received;
  if (added > 0)
    runnel_rate_history_add (self->history, now, (guint) MIN (added, G_MAXUINT));

  if (second != self->second)
    {
      self->second = second;
      runnel_rate_plot_update_description (self, now);
      gtk_widget_queue_draw (GTK_WIDGET (self));
    }
}

void
runnel_rate_plot_clear (RunnelRatePlot *self)
{
  g_return_if_fail (RUNNEL_IS_RATE_PLOT (self));

  runnel_rate_history_clear (self->history);
  self->events = 0;
  runnel_rate_plot_update_description (self, g_get_monotonic_time ());
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/**
 * runnel_rate_plot_get_history:
 *
 * Returns: (transfer none): the counts the plot shows
 */
RunnelRateHistory *
runnel_rate_plot_get_history (RunnelRatePlot *self)
{
  g_return_val_if_fail (RUNNEL_IS_RATE_PLOT (self), NULL);

  return self->history;
}
