/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-assembled-view.c: the text a JSONPath assembles across a stream's events, live */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "runnel-assembled-view.h"

struct _RunnelAssembledView
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *back_button;
  GtkLabel            *count_label;
  GtkScrolledWindow   *scroller;
  GtkTextView         *text_view;
  GtkWidget           *placeholder;

  /* Owned */
  RunnelJsonAssembler *assembler;
  GString             *pending;  /* appended since the last idle: one insert per main loop turn */
  guint                flush_id;

  /* the view follows the end of the text until the user scrolls up */
  gboolean             follow;
};

G_DEFINE_FINAL_TYPE (RunnelAssembledView, runnel_assembled_view, GTK_TYPE_WIDGET)

static void
runnel_assembled_view_update_count (RunnelAssembledView *self)
{
  g_autofree char *count = NULL;
  guint64 n_parts = self->assembler != NULL ? runnel_json_assembler_get_n_parts (self->assembler)
                                            : 0;
  gboolean empty = n_parts == 0;

  if (!empty)
    /* TRANSLATORS: how many events the assembled text was made of */
    count = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "from %" PRIu64 " event",
                                          "from %" PRIu64 " events", n_parts),
                             n_parts);
  gtk_label_set_text (self->count_label, count != NULL ? count : "");
  gtk_widget_set_visible (self->placeholder, empty);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "assembled.copy", !empty);
}

static void
runnel_assembled_view_scroll_to_end (RunnelAssembledView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);

  /* "end" has right gravity: it stays after every append */
  gtk_text_view_scroll_mark_onscreen (self->text_view, gtk_text_buffer_get_mark (buffer, "end"));
}

static void
runnel_assembled_view_reload (RunnelAssembledView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  const char *text = self->assembler != NULL ? runnel_json_assembler_get_text (self->assembler)
                                             : NULL;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_string_truncate (self->pending, 0);
  gtk_text_buffer_set_text (buffer, text != NULL ? text : "", -1);
  self->follow = TRUE;
  runnel_assembled_view_update_count (self);
}

static void
runnel_assembled_view_flush (RunnelAssembledView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkTextIter end;

  g_clear_handle_id (&self->flush_id, g_source_remove);
  if (self->pending->len == 0)
    return;

  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_insert (buffer, &end, self->pending->str, self->pending->len);
  g_string_truncate (self->pending, 0);
  runnel_assembled_view_update_count (self);

  if (self->follow)
    runnel_assembled_view_scroll_to_end (self);
}

static gboolean
runnel_assembled_view_flush_idle (gpointer user_data)
{
  RunnelAssembledView *self = user_data;

  self->flush_id = 0;
  runnel_assembled_view_flush (self);

  return G_SOURCE_REMOVE;
}

/* a fast stream appends many pieces per main loop turn: the text view gets them at once */
static void
runnel_assembled_view_appended (RunnelAssembledView *self,
                                const char          *chunk)
{
  g_string_append (self->pending, chunk);
  if (self->flush_id == 0)
    self->flush_id = g_idle_add (runnel_assembled_view_flush_idle, self);
}

static void
runnel_assembled_view_text_changed (RunnelAssembledView *self)
{
  const char *text = runnel_json_assembler_get_text (self->assembler);

  /* appends come through "appended"; an empty text means the assembler was cleared */
  if (text == NULL || *text == '\0')
    runnel_assembled_view_reload (self);
}

static void
runnel_assembled_view_value_changed (RunnelAssembledView *self,
                                     GtkAdjustment       *adjustment)
{
  double end = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->follow = gtk_adjustment_get_value (adjustment) >= end - 1;
}

static void
runnel_assembled_view_copy_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelAssembledView *self = RUNNEL_ASSEMBLED_VIEW (widget);
  g_autofree char *text = runnel_assembled_view_dup_text (self);

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
}

static void
runnel_assembled_view_dispose (GObject *object)
{
  RunnelAssembledView *self = RUNNEL_ASSEMBLED_VIEW (object);

  runnel_assembled_view_set_assembler (self, NULL);
  g_clear_handle_id (&self->flush_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_ASSEMBLED_VIEW);
  /* the boxes not bound by name are ours to unparent too */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (runnel_assembled_view_parent_class)->dispose (object);
}

static void
runnel_assembled_view_finalize (GObject *object)
{
  RunnelAssembledView *self = RUNNEL_ASSEMBLED_VIEW (object);

  g_string_free (self->pending, TRUE);

  G_OBJECT_CLASS (runnel_assembled_view_parent_class)->finalize (object);
}

static void
runnel_assembled_view_class_init (RunnelAssembledViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_assembled_view_dispose;
  object_class->finalize = runnel_assembled_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-assembled-view.ui");
  gtk_widget_class_set_css_name (widget_class, "assembledview");
  gtk_widget_class_bind_template_child (widget_class, RunnelAssembledView, back_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelAssembledView, count_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelAssembledView, scroller);
  gtk_widget_class_bind_template_child (widget_class, RunnelAssembledView, text_view);
  gtk_widget_class_bind_template_child (widget_class, RunnelAssembledView, placeholder);

  gtk_widget_class_install_action (widget_class, "assembled.copy", NULL,
                                   runnel_assembled_view_copy_action);
}

static void
runnel_assembled_view_init (RunnelAssembledView *self)
{
  GtkTextBuffer *buffer;
  GtkAdjustment *adjustment;
  GtkTextIter end;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->pending = g_string_new (NULL);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_end_iter (buffer, &end);
  gtk_text_buffer_create_mark (buffer, "end", &end, FALSE);

  self->follow = TRUE;
  gtk_widget_set_visible (self->back_button, FALSE);
  adjustment = gtk_scrolled_window_get_vadjustment (self->scroller);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (runnel_assembled_view_value_changed), self,
                           G_CONNECT_SWAPPED);
  runnel_assembled_view_update_count (self);
}

RunnelAssembledView *
runnel_assembled_view_new (void)
{
  return g_object_new (RUNNEL_TYPE_ASSEMBLED_VIEW, NULL);
}

void
runnel_assembled_view_set_assembler (RunnelAssembledView *self,
                                     RunnelJsonAssembler *assembler)
{
  g_return_if_fail (RUNNEL_IS_ASSEMBLED_VIEW (self));
  g_return_if_fail (assembler == NULL || RUNNEL_IS_JSON_ASSEMBLER (assembler));

  if (self->assembler == assembler)
    return;

  if (self->assembler != NULL)
    g_signal_handlers_disconnect_by_data (self->assembler, self);
  g_set_object (&self->assembler, assembler);

  if (assembler != NULL)
    {
      g_signal_connect_object (assembler, "appended",
                               G_CALLBACK (runnel_assembled_view_appended), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (assembler, "notify::text",
                               G_CALLBACK (runnel_assembled_view_text_changed), self,
                               G_CONNECT_SWAPPED);
    }

  /* during dispose the template is gone */
  if (self->text_view != NULL)
    runnel_assembled_view_reload (self);
}

void
runnel_assembled_view_set_show_back (RunnelAssembledView *self,
                                     gboolean             show)
{
  g_return_if_fail (RUNNEL_IS_ASSEMBLED_VIEW (self));

  gtk_widget_set_visible (self->back_button, show);
}

char *
runnel_assembled_view_dup_text (RunnelAssembledView *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RUNNEL_IS_ASSEMBLED_VIEW (self), NULL);

  runnel_assembled_view_flush (self);
  buffer = gtk_text_view_get_buffer (self->text_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
