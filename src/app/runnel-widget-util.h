/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-widget-util.h: small helpers the app's widgets share */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* flags a field as wrong (the "error" style class, message as tooltip), or clears it (NULL) */
void runnel_widget_set_error (GtkWidget  *widget,
                              const char *message);

/*
 * Makes @item's child a list cell: a GtkInscription (sized in characters, not by measuring its
 * text: GTK 4.8 keeps ~200 rows alive around a list's anchor) aligned at @xalign, ellipsized,
 * with up to two style classes (NULL for none). Set its text at bind.
 */
GtkInscription *runnel_list_cell_new (GtkListItem *item,
                                      float        xalign,
                                      const char  *first_class,
                                      const char  *second_class);

/* @view wraps without the hyphens Pango 1.50 inserts where it breaks a word: a tag
 * ("no-hyphens") kept over all of its buffer's text, also as it is edited */
void runnel_text_view_wrap_without_hyphens (GtkTextView *view);

G_END_DECLS
