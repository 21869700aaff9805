/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-list-cells.c: the event list's cells, set in C at bind */

#include "config.h"

#include "runnel-event-list-cells.h"
#include "runnel-filtered-log.h"
#include "runnel-format.h"
#include "runnel-widget-util.h"


/*
 * List cells: inscriptions (runnel_list_cell_new), set from the row's event at bind. GTK 4.8
 * keeps ~200 rows around the list's anchor and builds or rebinds them whenever a filter changes
 * the rows there: plain C, without a builder template per cell and an expression watch per
 * property, keeps that fast (docs/PERFORMANCE.md).
 */

void
runnel_event_list_setup_number_cell (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item)
{
  runnel_list_cell_new (item, 1, "numeric", "dim-label");
}

void
runnel_event_list_setup_time_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  runnel_list_cell_new (item, 0, "numeric", NULL);
}

void
runnel_event_list_setup_text_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  runnel_list_cell_new (item, 0, NULL, NULL);
}

void
runnel_event_list_setup_data_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  gtk_inscription_set_min_chars (runnel_list_cell_new (item, 0, "monospace", NULL), 12);
}

static RunnelSseEvent *
cell_event (GtkListItem *item)
{
  return runnel_event_item_get_event (gtk_list_item_get_item (item));
}

static void
cell_set_text (GtkListItem *item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

void
runnel_event_list_bind_sequence_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT,
              runnel_sse_event_get_sequence (cell_event (item)));
  cell_set_text (item, text);
}

void
runnel_event_list_bind_time_cell (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item)
{
  gint64 real_time = runnel_sse_event_get_real_time (cell_event (item));
  g_autofree char *text = runnel_format_time_ms (real_time);

  cell_set_text (item, text);
}

void
runnel_event_list_bind_type_cell (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item)
{
  cell_set_text (item, runnel_sse_event_get_event_type (cell_event (item)));
}

void
runnel_event_list_bind_id_cell (GtkSignalListItemFactory *factory,
                                GtkListItem              *item)
{
  cell_set_text (item, runnel_sse_event_get_id (cell_event (item)));
}

void
runnel_event_list_bind_size_cell (GtkSignalListItemFactory *factory,
                                  GtkListItem              *item)
{
  g_autofree char *text = g_format_size (runnel_sse_event_get_wire_size (cell_event (item)));

  cell_set_text (item, text);
}

void
runnel_event_list_bind_preview_cell (GtkSignalListItemFactory *factory,
                                     GtkListItem              *item)
{
  cell_set_text (item, runnel_event_item_get_preview (gtk_list_item_get_item (item)));
}

/* the Value column: what @extractor finds in the row's event, on one line as the data shows */
void
runnel_event_list_setup_value_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item)
{
  runnel_list_cell_new (item, 0, "monospace", NULL);
}

void
runnel_event_list_bind_value_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item,
                                   RunnelJsonExtractor      *extractor)
{
  RunnelEventItem *event_item = gtk_list_item_get_item (item);
  g_autofree char *value = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *shown = NULL;

  if (event_item != NULL)
    value = runnel_json_extractor_extract_event (extractor,
                                                 runnel_event_item_get_event (event_item));

  lines = g_strsplit (value != NULL ? value : "", "\n", -1);
  shown = g_strjoinv (" ⏎ ", lines);
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), shown);
}
