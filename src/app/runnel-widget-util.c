/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-widget-util.c: small helpers the app's widgets share */

#include "config.h"

#include "runnel-widget-util.h"

void
runnel_widget_set_error (GtkWidget  *widget,
                         const char *message)
{
  g_return_if_fail (GTK_IS_WIDGET (widget));

  if (message != NULL)
    gtk_widget_add_css_class (widget, "error");
  else
    gtk_widget_remove_css_class (widget, "error");

  gtk_widget_set_tooltip_text (widget, message);
}

GtkInscription *
runnel_list_cell_new (GtkListItem *item,
                      float        xalign,
                      const char  *first_class,
                      const char  *second_class)
{
  GtkWidget *cell;

  g_return_val_if_fail (GTK_IS_LIST_ITEM (item), NULL);

  cell = gtk_inscription_new (NULL);
  gtk_inscription_set_xalign (GTK_INSCRIPTION (cell), xalign);
  gtk_inscription_set_text_overflow (GTK_INSCRIPTION (cell),
                                     GTK_INSCRIPTION_OVERFLOW_ELLIPSIZE_END);
  if (first_class != NULL)
    gtk_widget_add_css_class (cell, first_class);
  if (second_class != NULL)
    gtk_widget_add_css_class (cell, second_class);
  gtk_list_item_set_child (item, cell);

  return GTK_INSCRIPTION (cell);
}

static void
apply_no_hyphens (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, "no-hyphens", &start, &end);
}

void
runnel_text_view_wrap_without_hyphens (GtkTextView *view)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (GTK_IS_TEXT_VIEW (view));

  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_create_tag (buffer, "no-hyphens", "insert-hyphens", FALSE, NULL);
  g_signal_connect (buffer, "changed", G_CALLBACK (apply_no_hyphens), NULL);
  apply_no_hyphens (buffer);
}
