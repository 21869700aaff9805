/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page-views.c: the stream page's views and layout: the selected event, the views
 * beside the list, the Assembled view, the filter entry, pause, raw and the narrow layout */

#include "config.h"

#include <string.h>

#include "runnel-stream-page-private.h"

/* The selected event */

void
_runnel_stream_page_show_selected (RunnelStreamPage *self)
{
  RunnelSseEvent *event = runnel_event_list_get_selected_event (self->event_list);

  gtk_stack_set_visible_child_name (self->detail_stack, event != NULL ? "event" : "none");
}

static gboolean runnel_stream_page_view_is_stream_wide (RunnelStreamPage *self);

static void
runnel_stream_page_selected_event_changed (RunnelStreamPage *self)
{
  RunnelSseEvent *event = runnel_event_list_get_selected_event (self->event_list);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.copy-event", event != NULL);
  runnel_raw_view_set_selected (self->raw_view,
                                event != NULL ? runnel_sse_event_get_sequence (event) : 0);
  runnel_event_detail_set_event (self->event_detail, event);
  /* choosing an event shows it; a selection gone (a new stream) leaves Timing and the others
   * open (the Assembled view comes back by itself from "none") */
  if (event != NULL || !runnel_stream_page_view_is_stream_wide (self))
    _runnel_stream_page_show_selected (self);
}

/* The views beside the list */

/* the views of the whole stream, not of its selected event (or text) */
static gboolean
runnel_stream_page_view_is_stream_wide (RunnelStreamPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  return g_strcmp0 (name, "none") != 0 && g_strcmp0 (name, "event") != 0 &&
         g_strcmp0 (name, "assembled") != 0;
}

const char *
_runnel_stream_page_get_view (RunnelStreamPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  /* no event selected is still the Event view */
  if (name == NULL || strcmp (name, "none") == 0)
    return "event";

  return name;
}

void
_runnel_stream_page_set_view (RunnelStreamPage *self,
                              const char       *view)
{
  g_assert (RUNNEL_IS_STREAM_PAGE (self));

  if (view == NULL || strcmp (view, "event") == 0)
    _runnel_stream_page_show_selected (self);
  else if (strcmp (view, "assembled") == 0)
    runnel_json_path_bar_set_show_assembled (self->json_path_bar, TRUE);
  else if (gtk_stack_get_child_by_name (self->detail_stack, view) != NULL)
    gtk_stack_set_visible_child_name (self->detail_stack, view);
  else
    g_warning ("No view “%s” in a stream page", view);

  /* a narrow window shows the list or a view: the view the user asked for */
  if (self->narrow && !self->detail_open)
    _runnel_stream_page_set_detail_open (self, TRUE);
}

/* the Event and Assembled views have a back button of their own */
static void
runnel_stream_page_update_view_back (RunnelStreamPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  gtk_widget_set_visible (self->view_back_button,
                          self->narrow && g_strcmp0 (name, "event") != 0 &&
                          g_strcmp0 (name, "assembled") != 0);
}

static void
runnel_stream_page_view_changed (RunnelStreamPage *self)
{
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  /* "No Event Selected" says less than the text the user chose to read (Clear, reconnect) */
  if (g_strcmp0 (name, "none") == 0 && self->prefer_assembled &&
      runnel_json_path_bar_get_assembler (self->json_path_bar) != NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "assembled");
      return;
    }

  /* the toggle says what is shown; the user's wish (prefer_assembled) outlives a selection */
  self->syncing_assembled = TRUE;
  runnel_json_path_bar_set_show_assembled (self->json_path_bar,
                                           g_strcmp0 (name, "assembled") == 0);
  self->syncing_assembled = FALSE;

  runnel_stream_page_update_view_back (self);
  _runnel_stream_page_notify (self, PROP_VIEW);
}

/* The Assembled view: the JSONPath bar's assembler, shown when its toggle asks */

static void
runnel_stream_page_assembler_changed (RunnelStreamPage *self)
{
  runnel_assembled_view_set_assembler (self->assembled_view,
                                       runnel_json_path_bar_get_assembler (self->json_path_bar));
}

static void
runnel_stream_page_show_assembled_changed (RunnelStreamPage *self)
{
  gboolean show = runnel_json_path_bar_get_show_assembled (self->json_path_bar);
  const char *name = gtk_stack_get_visible_child_name (self->detail_stack);

  if (self->syncing_assembled)
    return;

  self->prefer_assembled = show;
  if (show)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "assembled");
      /* a narrow window shows the list or the detail: show the detail */
      if (self->narrow && !self->detail_open)
        _runnel_stream_page_set_detail_open (self, TRUE);
    }
  else if (g_strcmp0 (name, "assembled") == 0)
    {
      /* back to what the selection shows */
      _runnel_stream_page_show_selected (self);
    }
}

/* a preset shows its text beside the list at once; a narrow window keeps its list until the
 * toggle asks */
static void
runnel_stream_page_preset_chosen (RunnelStreamPage *self)
{
  if (!self->narrow || self->detail_open)
    runnel_json_path_bar_set_show_assembled (self->json_path_bar, TRUE);
}

static void
runnel_stream_page_event_activated (RunnelStreamPage *self)
{
  if (self->narrow)
    _runnel_stream_page_set_detail_open (self, TRUE);
}

/* Escape in the filter clears it, at once */
static void
runnel_stream_page_filter_stopped (RunnelStreamPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->filter_entry), "");
  runnel_event_filter_set_text (self->filter, "");
}

static void
runnel_stream_page_filter_changed (RunnelStreamPage *self)
{
  runnel_event_filter_set_text (self->filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* Layout: pause, raw view, the narrow layout's detail */

void
runnel_stream_page_set_paused (RunnelStreamPage *self,
                               gboolean          paused)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  /* the log keeps recording; it only stops publishing (and Resume publishes all at once) */
  self->paused = paused;
  runnel_event_log_set_held (self->log, paused);
  runnel_raw_view_set_frozen (self->raw_view, paused);
  runnel_stream_status_set_paused (self->stream_status, paused);
  _runnel_stream_page_notify (self, PROP_PAUSED);
}

gboolean
runnel_stream_page_get_paused (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->paused;
}

void
runnel_stream_page_set_show_raw (RunnelStreamPage *self,
                                 gboolean          show_raw)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  show_raw = !!show_raw;
  if (self->show_raw == show_raw)
    return;

  self->show_raw = show_raw;
  gtk_widget_set_visible (GTK_WIDGET (self->event_list), !show_raw);
  gtk_widget_set_visible (GTK_WIDGET (self->raw_view), show_raw);
  /* in a narrow window the raw view takes the place of the list, not of the detail */
  if (show_raw && self->detail_open)
    _runnel_stream_page_set_detail_open (self, FALSE);
  _runnel_stream_page_notify (self, PROP_SHOW_RAW);
}

gboolean
runnel_stream_page_get_show_raw (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->show_raw;
}

/* narrow windows show the list or the detail, wide ones both; the filter bar gets its own row */
static void
runnel_stream_page_update_detail_layout (RunnelStreamPage *self)
{
  gboolean detail_only = self->narrow && self->detail_open;
  GtkBox *filter_parent = self->narrow ? self->narrow_filter_row : self->filter_row;

  if (gtk_widget_get_parent (GTK_WIDGET (self->filter_bar)) != GTK_WIDGET (filter_parent))
    {
      g_object_ref (self->filter_bar);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->filter_bar))),
                      GTK_WIDGET (self->filter_bar));
      if (self->narrow)
        gtk_box_append (filter_parent, GTK_WIDGET (self->filter_bar));
      else
        gtk_box_insert_child_after (filter_parent, GTK_WIDGET (self->filter_bar),
                                    GTK_WIDGET (self->filter_entry));
      g_object_unref (self->filter_bar);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_filter_row), self->narrow);

  gtk_widget_set_visible (self->list_box, !detail_only);
  gtk_widget_set_visible (self->views_box, !self->narrow || self->detail_open);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), !self->narrow || self->detail_open);
  runnel_event_detail_set_narrow (self->event_detail, self->narrow);
  runnel_stream_page_update_view_back (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.show-list", detail_only);
}

void
_runnel_stream_page_set_detail_open (RunnelStreamPage *self,
                                     gboolean          open)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  self->detail_open = !!open;
  runnel_stream_page_update_detail_layout (self);

  if (self->narrow && open)
    runnel_event_detail_focus (self->event_detail);
  else if (self->narrow)
    runnel_event_list_focus (self->event_list);
}

void
runnel_stream_page_set_narrow (RunnelStreamPage *self,
                               gboolean          narrow)
{
  GtkOrientation orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
  gtk_paned_set_position (self->paned, narrow ? 320 : 640);
  runnel_event_list_set_narrow (self->event_list, narrow);
  runnel_request_editor_set_narrow (self->request_editor, narrow);
  runnel_stream_status_set_narrow (self->stream_status, narrow);
  runnel_assembled_view_set_show_back (self->assembled_view, narrow);
  /* "Expectations 3/4" gives way where the window has no room, not the count */
  gtk_label_set_ellipsize (self->expectations_view_label,
                           narrow ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_NONE);
  runnel_stream_page_update_detail_layout (self);
}

/* Setup */

void
_runnel_stream_page_class_views_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_filter_stopped);
  gtk_widget_class_bind_template_callback (widget_class,
                                           runnel_stream_page_selected_event_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_event_activated);
}

void
_runnel_stream_page_views_init (RunnelStreamPage *self)
{
  g_signal_connect_object (self->detail_stack, "notify::visible-child",
                           G_CALLBACK (runnel_stream_page_view_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->json_path_bar, "notify::assembler",
                           G_CALLBACK (runnel_stream_page_assembler_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->json_path_bar, "notify::show-assembled",
                           G_CALLBACK (runnel_stream_page_show_assembled_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->json_path_bar, "preset-chosen",
                           G_CALLBACK (runnel_stream_page_preset_chosen), self,
                           G_CONNECT_SWAPPED);
  runnel_stream_page_assembler_changed (self);
  runnel_stream_page_update_detail_layout (self);
}
