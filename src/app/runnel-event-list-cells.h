/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-list-cells.h: the event list's cells, set in C at bind */

#pragma once

#include <gtk/gtk.h>

#include "runnel-json-path.h"

G_BEGIN_DECLS

/* GtkSignalListItemFactory handlers of the event list's columns (runnel-event-list.ui) */
void runnel_event_list_setup_number_cell (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item);
void runnel_event_list_setup_time_cell (GtkSignalListItemFactory *factory,
                                       GtkListItem              *item);
void runnel_event_list_setup_text_cell (GtkSignalListItemFactory *factory,
                                       GtkListItem              *item);
void runnel_event_list_setup_data_cell (GtkSignalListItemFactory *factory,
                                       GtkListItem              *item);
void runnel_event_list_bind_sequence_cell (GtkSignalListItemFactory *factory,
                                          GtkListItem              *item);
void runnel_event_list_bind_time_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item);
void runnel_event_list_bind_type_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item);
void runnel_event_list_bind_id_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item);
void runnel_event_list_bind_size_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item);
void runnel_event_list_bind_preview_cell (GtkSignalListItemFactory *factory,
                                         GtkListItem              *item);
/* the Value column's: its factory binds with the extractor of the path in use */
void runnel_event_list_setup_value_cell (GtkSignalListItemFactory *factory,
                                        GtkListItem              *item);
void runnel_event_list_bind_value_cell (GtkSignalListItemFactory *factory,
                                       GtkListItem              *item,
                                       RunnelJsonExtractor      *extractor);

G_END_DECLS
