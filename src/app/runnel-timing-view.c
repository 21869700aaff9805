/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timing-view.c: a stream's health in time: the figures, the timeline, what they mean */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-timeline.h"
#include "runnel-timing-view.h"

/* how often a mapped view refreshes its figures and redraws its timeline (one timer for both) */
#define UPDATE_INTERVAL_MS 250

struct _RunnelTimingView
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkLabel       *headers_label;
  GtkLabel       *first_byte_label;
  GtkLabel       *first_event_label;
  GtkLabel       *first_content_label;
  GtkLabel       *gaps_label;
  GtkLabel       *stalls_label;
  GtkLabel       *bursts_label;
  RunnelTimeline *timeline;
  GtkLabel       *notes_label;

  /* Owned */
  RunnelTiming   *timing;
  guint           update_id;
};

G_DEFINE_FINAL_TYPE (RunnelTimingView, runnel_timing_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_TIMING,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
set_duration (GtkLabel *label,
              gint64    usec)
{
  g_autofree char *text = usec >= 0 ? runnel_timing_format_duration (usec) : NULL;

  /* TRANSLATORS: a time that has not come (no response or no event yet) */
  gtk_label_set_text (label, text != NULL ? text : _("not yet"));
}

void
runnel_timing_view_update (RunnelTimingView *self)
{
  g_autoptr(GPtrArray) notes = NULL;
  g_autofree char *text = NULL;
  RunnelTiming *timing;
  RunnelTimingGaps gaps = { 0 };
  guint64 heartbeats = 0;
  gint64 silence;

  g_return_if_fail (RUNNEL_IS_TIMING_VIEW (self));

  if ((timing = self->timing) == NULL)
    {
      GtkLabel *labels[] = { self->headers_label, self->first_byte_label,
                             self->first_event_label, self->first_content_label,
                             self->gaps_label, self->stalls_label, self->bursts_label,
                             self->notes_label };

      for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
        gtk_label_set_text (labels[i], "");
      return;
    }

  set_duration (self->headers_label, runnel_timing_get_milestone (timing, RUNNEL_TIMING_HEADERS));
  set_duration (self->first_byte_label,
                runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_BYTE));
  set_duration (self->first_event_label,
                runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_EVENT));
  set_duration (self->first_content_label,
                runnel_timing_get_milestone (timing, RUNNEL_TIMING_FIRST_CONTENT));

  runnel_timing_get_gaps (timing, &gaps);
  if (gaps.n == 0)
    gtk_label_set_text (self->gaps_label, _("none yet"));
  else
    {
      g_autofree char *p50 = runnel_timing_format_duration (gaps.p50);
      g_autofree char *p90 = runnel_timing_format_duration (gaps.p90);
      g_autofree char *p99 = runnel_timing_format_duration (gaps.p99);
      g_autofree char *max = runnel_timing_format_duration (gaps.max);
      g_autofree char *at = runnel_timing_format_duration (gaps.max_at);

      /* TRANSLATORS: percentiles of the time between events, then the longest and when */
      text = g_strdup_printf (_("median %s, 90%% %s, 99%% %s, longest %s (at %s)"),
                              p50, p90, p99, max, at);
      gtk_label_set_text (self->gaps_label, text);
      g_clear_pointer (&text, g_free);
    }

  silence = runnel_timing_get_silence (timing, &heartbeats);
  if (silence > runnel_timing_get_stall_threshold (timing))
    {
      g_autofree char *now = runnel_timing_format_duration (silence);

      /* TRANSLATORS: stalls counted so far, and the silence still going on */
      text = g_strdup_printf (_("%llu, and silent for %s now"),
                              (unsigned long long) runnel_timing_get_n_stalls (timing), now);
    }
  else
    /* TRANSLATORS: stalls, and how many of them had only heartbeats */
    text = g_strdup_printf (_("%llu (%llu with only heartbeats)"),
                            (unsigned long long) runnel_timing_get_n_stalls (timing),
                            (unsigned long long) runnel_timing_get_n_heartbeat_stalls (timing));
  gtk_label_set_text (self->stalls_label, text);
  g_clear_pointer (&text, g_free);

  text = g_strdup_printf ("%llu", (unsigned long long) runnel_timing_get_n_bursts (timing));
  gtk_label_set_text (self->bursts_label, text);
  g_clear_pointer (&text, g_free);

  notes = runnel_timing_describe (timing);
  if (notes->len == 0)
    gtk_label_set_text (self->notes_label, _("Nothing unusual so far."));
  else
    {
      g_ptr_array_add (notes, NULL);
      text = g_strjoinv ("\n\n", (char **) notes->pdata);
      gtk_label_set_text (self->notes_label, text);
    }
}

static gboolean
update_cb (gpointer user_data)
{
  RunnelTimingView *self = user_data;

  runnel_timing_view_update (self);
  /* the axis runs on with the clock */
  gtk_widget_queue_draw (GTK_WIDGET (self->timeline));
  return G_SOURCE_CONTINUE;
}

static void
update_refreshes (RunnelTimingView *self)
{
  gboolean live = self->timing != NULL && gtk_widget_get_mapped (GTK_WIDGET (self));

  if (live && self->update_id == 0)
    self->update_id = g_timeout_add (UPDATE_INTERVAL_MS, update_cb, self);
  else if (!live)
    g_clear_handle_id (&self->update_id, g_source_remove);
}

static void
runnel_timing_view_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (runnel_timing_view_parent_class)->map (widget);
  runnel_timing_view_update (RUNNEL_TIMING_VIEW (widget));
  update_refreshes (RUNNEL_TIMING_VIEW (widget));
}

static void
runnel_timing_view_unmap (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (runnel_timing_view_parent_class)->unmap (widget);
  update_refreshes (RUNNEL_TIMING_VIEW (widget));
}

static void
runnel_timing_view_dispose (GObject *object)
{
  RunnelTimingView *self = RUNNEL_TIMING_VIEW (object);

  g_clear_handle_id (&self->update_id, g_source_remove);
  if (self->timing != NULL)
    g_signal_handlers_disconnect_by_data (self->timing, self);
  g_clear_object (&self->timing);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_TIMING_VIEW);
  /* the heading and the grid, not bound by name, are ours to unparent too */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (runnel_timing_view_parent_class)->dispose (object);
}

static void
runnel_timing_view_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelTimingView *self = RUNNEL_TIMING_VIEW (object);

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
runnel_timing_view_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RunnelTimingView *self = RUNNEL_TIMING_VIEW (object);

  switch (prop_id)
    {
    case PROP_TIMING:
      runnel_timing_view_set_timing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_timing_view_class_init (RunnelTimingViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_timing_view_dispose;
  object_class->get_property = runnel_timing_view_get_property;
  object_class->set_property = runnel_timing_view_set_property;

  widget_class->map = runnel_timing_view_map;
  widget_class->unmap = runnel_timing_view_unmap;

  properties [PROP_TIMING] =
    g_param_spec_object ("timing", NULL, NULL, RUNNEL_TYPE_TIMING,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUNNEL_TYPE_TIMELINE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-timing-view.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, headers_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, first_byte_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, first_event_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, first_content_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, gaps_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, stalls_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, bursts_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, timeline);
  gtk_widget_class_bind_template_child (widget_class, RunnelTimingView, notes_label);
}

static void
runnel_timing_view_init (RunnelTimingView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
runnel_timing_view_new (void)
{
  return g_object_new (RUNNEL_TYPE_TIMING_VIEW, NULL);
}

void
runnel_timing_view_set_timing (RunnelTimingView *self,
                               RunnelTiming     *timing)
{
  g_return_if_fail (RUNNEL_IS_TIMING_VIEW (self));
  g_return_if_fail (timing == NULL || RUNNEL_IS_TIMING (timing));

  if (self->timing == timing)
    return;

  if (self->timing != NULL)
    g_signal_handlers_disconnect_by_data (self->timing, self);
  g_set_object (&self->timing, timing);
  if (timing != NULL)
    g_signal_connect_swapped (timing, "changed", G_CALLBACK (runnel_timing_view_update), self);

  runnel_timeline_set_timing (self->timeline, timing);
  runnel_timing_view_update (self);
  update_refreshes (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TIMING]);
}

RunnelTiming *
runnel_timing_view_get_timing (RunnelTimingView *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING_VIEW (self), NULL);

  return self->timing;
}
