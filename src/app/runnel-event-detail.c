/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-detail.c: the selected event: its data, type, id, time, size, gap */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "runnel-event-detail.h"
#include "runnel-widget-util.h"
#include "runnel-format.h"

#define DETAIL_MAX_BYTES (256 * 1024)

struct _RunnelEventDetail
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkWidget      *detail_box;
  GtkWidget      *back_button;
  GtkLabel       *detail_title;
  GtkLabel       *detail_type;
  GtkLabel       *detail_id;
  GtkLabel       *detail_time;
  GtkLabel       *detail_size;
  GtkLabel       *detail_since;
  GtkTextView    *detail_text;

  /* Owned */
  RunnelEventLog *log;
  RunnelSseEvent *event;

  gboolean        narrow;
};

enum {
  PROP_0,
  PROP_LOG,
  PROP_EVENT,
  PROP_NARROW,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelEventDetail, runnel_event_detail, GTK_TYPE_WIDGET)

/* the event before @event in the stream (the log is in sequence order), or NULL */
static RunnelSseEvent *
runnel_event_detail_find_previous (RunnelEventDetail *self,  
                                   RunnelSseEvent   *event)
{
  guint64 sequence = runnel_sse_event_get_sequence (event);
  guint lo = 0;
  guint hi;

  if (self->log == NULL)
    return NULL;

  hi = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (runnel_sse_event_get_sequence (runnel_event_log_peek (self->log, mid)) < sequence)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0 || lo > g_list_model_get_n_items (G_LIST_MODEL (self->log)))
    return NULL;

  return runnel_event_log_peek (self->log, lo - 1);
}

/* the data for the detail view: pretty JSON, or the first DETAIL_MAX_BYTES of a huge event
 * (a text view with megabytes of text would stall the window; Copy still copies it all) */
static char *
runnel_event_detail_format_detail (RunnelSseEvent *event)
{
  gsize len = 0;
  const char *data = runnel_sse_event_get_data (event, &len);
  g_autofree char *head = NULL;
  g_autofree char *size = NULL;
  const char *end;

  if (len <= DETAIL_MAX_BYTES)
    return runnel_format_data (data, len, NULL);

  /* cut on a character boundary: the data is valid UTF-8 */
  end = g_utf8_find_prev_char (data, data + DETAIL_MAX_BYTES + 1);
  head = runnel_format_data (data, end - data, NULL);
  size = g_format_size (len);

  /* TRANSLATORS: after the first part of a huge event's data; %s is its whole size */
  return g_strdup_printf (_("%s\n\n… (only the beginning is shown of this %s event; "
                            "Copy copies all of it)"),
                          head, size);
}

static void
runnel_event_detail_show (RunnelEventDetail *self,
                          RunnelSseEvent    *event)
{
  RunnelSseEvent *previous;
  g_autofree char *title = NULL;
  g_autofree char *time = NULL;
  g_autofree char *size = NULL;
  g_autofree char *since = NULL;
  g_autofree char *data = NULL;
  const char *id;

  /* TRANSLATORS: the detail's title, %<PRIu64> is the event's sequence number */
  title = g_strdup_printf (_("Event %" PRIu64), runnel_sse_event_get_sequence (event));
  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_text (self->detail_type, runnel_sse_event_get_event_type (event));

  id = runnel_sse_event_get_id (event);
  gtk_label_set_text (self->detail_id, *id != '\0' ? id : _("None"));
  if (*id != '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_id), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_id), "dim-label");

  time = runnel_format_time_ms (runnel_sse_event_get_real_time (event));
  gtk_label_set_text (self->detail_time, time);

  size = g_format_size_full (runnel_sse_event_get_wire_size (event), G_FORMAT_SIZE_LONG_FORMAT);
  gtk_label_set_text (self->detail_size, size);

  previous = runnel_event_detail_find_previous (self, event);
  if (previous != NULL)
    since = runnel_format_duration (runnel_sse_event_get_monotonic_time (event) -
                                    runnel_sse_event_get_monotonic_time (previous));
  gtk_label_set_text (self->detail_since, since != NULL ? since : _("First event"));

  data = runnel_event_detail_format_detail (event);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_text), data, -1);

}

void
runnel_event_detail_set_event (RunnelEventDetail *self,
                               RunnelSseEvent    *event)
{
  g_return_if_fail (RUNNEL_IS_EVENT_DETAIL (self));

  if (self->event == event)
    return;

  g_clear_pointer (&self->event, runnel_sse_event_unref);
  if (event != NULL)
    {
      self->event = runnel_sse_event_ref (event);
      runnel_event_detail_show (self, event);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT]);
}

void
runnel_event_detail_set_log (RunnelEventDetail *self,
                             RunnelEventLog    *log)
{
  g_return_if_fail (RUNNEL_IS_EVENT_DETAIL (self));

  if (g_set_object (&self->log, log))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
}

void
runnel_event_detail_set_narrow (RunnelEventDetail *self,
                                gboolean           narrow)
{
  g_return_if_fail (RUNNEL_IS_EVENT_DETAIL (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_widget_set_visible (self->back_button, narrow);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

void
runnel_event_detail_focus (RunnelEventDetail *self)
{
  g_return_if_fail (RUNNEL_IS_EVENT_DETAIL (self));

  gtk_widget_grab_focus (self->back_button);
}

static void
runnel_event_detail_dispose (GObject *object)
{
  RunnelEventDetail *self = RUNNEL_EVENT_DETAIL (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_EVENT_DETAIL);
  g_clear_object (&self->log);
  g_clear_pointer (&self->event, runnel_sse_event_unref);

  G_OBJECT_CLASS (runnel_event_detail_parent_class)->dispose (object);
}

static void
runnel_event_detail_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RunnelEventDetail *self = RUNNEL_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_EVENT:
      g_value_set_boxed (value, self->event);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_detail_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RunnelEventDetail *self = RUNNEL_EVENT_DETAIL (object);

  switch (prop_id)
    {
    case PROP_LOG:
      runnel_event_detail_set_log (self, g_value_get_object (value));
      break;

    case PROP_EVENT:
      runnel_event_detail_set_event (self, g_value_get_boxed (value));
      break;

    case PROP_NARROW:
      runnel_event_detail_set_narrow (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_detail_class_init (RunnelEventDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_event_detail_dispose;
  object_class->get_property = runnel_event_detail_get_property;
  object_class->set_property = runnel_event_detail_set_property;

  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, RUNNEL_TYPE_EVENT_LOG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EVENT] =
    g_param_spec_boxed ("event", NULL, NULL, RUNNEL_TYPE_SSE_EVENT,
                        G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-event-detail.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelEventDetail, name)
  BIND (detail_box);
  BIND (back_button);
  BIND (detail_title);
  BIND (detail_type);
  BIND (detail_id);
  BIND (detail_time);
  BIND (detail_size);
  BIND (detail_since);
  BIND (detail_text);
#undef BIND
}

static void
runnel_event_detail_init (RunnelEventDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  runnel_text_view_wrap_without_hyphens (self->detail_text);
}
