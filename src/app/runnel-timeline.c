/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timeline.c: a stream's events on a time axis, with its stalls shaded and bursts marked */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "runnel-timeline.h"

#define TIMELINE_HEIGHT   48
#define MARK_HEIGHT       6

struct _RunnelTimeline
{
  GtkWidget     parent_instance;

  /* Owned */
  RunnelTiming *timing;
};

G_DEFINE_FINAL_TYPE (RunnelTimeline, runnel_timeline, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
runnel_timeline_measure (GtkWidget      *widget,
                         GtkOrientation  orientation,
                         int             for_size,
                         int            *minimum,
                         int            *natural,
                         int            *minimum_baseline,
                         int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 100;
      *natural = 400;
    }
  else
    *minimum = *natural = TIMELINE_HEIGHT;
}

/* the session's length so far: to now while a connection is open, else to the last event */
static gint64
session_length (RunnelTimeline *self,
                gint64          series_end)
{
  if (runnel_timing_get_silence (self->timing, NULL) > 0)
    return MAX (runnel_timing_now (self->timing) - runnel_timing_get_start (self->timing),
                series_end);

  return series_end;
}

static void
shade (GtkSnapshot   *snapshot,
       const GdkRGBA *color,
       double         scale,
       gint64         start,
       gint64         duration,
       int            height)
{
  double x = start * scale;

  gtk_snapshot_append_color (snapshot, color,
                             &GRAPHENE_RECT_INIT (x, MARK_HEIGHT, MAX (1.0, duration * scale),
                                                  height - MARK_HEIGHT));
}

static void
runnel_timeline_snapshot (GtkWidget   *widget,
                          GtkSnapshot *snapshot)
{
  RunnelTimeline *self = RUNNEL_TIMELINE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  const RunnelTimingStall *stalls;
  const RunnelTimingBurst *bursts;
  const guint32 *series;
  GdkRGBA color;
  GdkRGBA faint;
  GdkRGBA warning = { 0.90f, 0.65f, 0.04f, 0.30f };
  GdkRGBA burst_color = { 0.88f, 0.11f, 0.14f, 1.0f };
  gint64 bucket_usec;
  gint64 length;
  gint64 silence;
  guint32 peak = 0;
  guint n_buckets;
  guint n;
  double scale;
  int tick_top = MARK_HEIGHT + 2;

  if (width <= 0 || height <= tick_top || self->timing == NULL)
    return;

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  faint = color;
  faint.alpha *= 0.25f;

  /* the axis */
  gtk_snapshot_append_color (snapshot, &faint, &GRAPHENE_RECT_INIT (0, height - 1, width, 1));

  series = runnel_timing_get_series (self->timing, &n_buckets, &bucket_usec);
  length = session_length (self, (gint64) n_buckets * bucket_usec);
  if (length <= 0)
    return;
  scale = width / (double) length;

  /* stalls, and a silence past the threshold still going on */
  stalls = runnel_timing_get_stalls (self->timing, &n);
  for (guint i = 0; i < n; i++)
    shade (snapshot, &warning, scale, stalls[i].start, stalls[i].duration, height);
  silence = runnel_timing_get_silence (self->timing, NULL);
  if (silence > runnel_timing_get_stall_threshold (self->timing))
    shade (snapshot, &warning, scale, length - silence, silence, height);

  /* a tick per pixel column: the events of the buckets it covers, on a log scale */
  if (series != NULL)
    {
      g_autofree guint32 *columns = g_new0 (guint32, width);

      for (guint i = 0; i < n_buckets; i++)
        {
          int x = (int) MIN ((double) i * bucket_usec * scale, width - 1);

          if (series[i] == 0)
            continue;
          columns[x] = MIN ((guint64) columns[x] + series[i], G_MAXUINT32);
          peak = MAX (peak, columns[x]);
        }

      for (int x = 0; x < width && peak > 0; x++)
        {
          double tick;

          if (columns[x] == 0)
            continue;
          tick = MAX (2.0, round (log1p (columns[x]) / log1p (peak) * (height - tick_top - 1)));
          gtk_snapshot_append_color (snapshot, &color,
                                     &GRAPHENE_RECT_INIT (x, height - 1 - tick, 1, tick));
        }
    }

  /* bursts: a mark above */
  bursts = runnel_timing_get_bursts (self->timing, &n);
  for (guint i = 0; i < n; i++)
    {
      double x = bursts[i].start * scale;

      gtk_snapshot_append_color (snapshot, &burst_color,
                                 &GRAPHENE_RECT_INIT (MAX (0.0, x - 2), 0, 5, MARK_HEIGHT));
    }
}

static void
runnel_timeline_dispose (GObject *object)
{
  RunnelTimeline *self = RUNNEL_TIMELINE (object);

  if (self->timing != NULL)
    g_signal_handlers_disconnect_by_data (self->timing, self);
  g_clear_object (&self->timing);

  G_OBJECT_CLASS (runnel_timeline_parent_class)->dispose (object);
}

static void
runnel_timeline_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RunnelTimeline *self = RUNNEL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_TIMING:
      g_value_set_object (value, self->timing);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_timeline_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  RunnelTimeline *self = RUNNEL_TIMELINE (object);

  switch (prop_id)
    {
    case PROP_TIMING:
      runnel_timeline_set_timing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_timeline_class_init (RunnelTimelineClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_timeline_dispose;
  object_class->get_property = runnel_timeline_get_property;
  object_class->set_property = runnel_timeline_set_property;

  widget_class->measure = runnel_timeline_measure;
  widget_class->snapshot = runnel_timeline_snapshot;

  properties [PROP_TIMING] =
    g_param_spec_object ("timing", NULL, NULL, RUNNEL_TYPE_TIMING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (widget_class, "timeline");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
runnel_timeline_init (RunnelTimeline *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline of the events"),
                                  -1);
}

GtkWidget *
runnel_timeline_new (void)
{
  return g_object_new (RUNNEL_TYPE_TIMELINE, NULL);
}

void
runnel_timeline_set_timing (RunnelTimeline *self,
                            RunnelTiming   *timing)
{
  g_return_if_fail (RUNNEL_IS_TIMELINE (self));
  g_return_if_fail (timing == NULL || RUNNEL_IS_TIMING (timing));

  if (self->timing == timing)
    return;

  if (self->timing != NULL)
    g_signal_handlers_disconnect_by_data (self->timing, self);
  g_set_object (&self->timing, timing);
  if (timing != NULL)
    g_signal_connect_swapped (timing, "changed", G_CALLBACK (gtk_widget_queue_draw), self);

  gtk_widget_queue_draw (GTK_WIDGET (self));
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIMING]);
}

RunnelTiming *
runnel_timeline_get_timing (RunnelTimeline *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMELINE (self), NULL);

  return self->timing;
}
