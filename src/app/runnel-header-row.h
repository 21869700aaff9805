/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-header-row.h: one editable request header (enabled, name, value) in the header list */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_HEADER_ROW (runnel_header_row_get_type ())

G_DECLARE_FINAL_TYPE (RunnelHeaderRow, runnel_header_row, RUNNEL, HEADER_ROW, GtkListBoxRow)

/* Signals: "remove" () the row's remove button was clicked */
RunnelHeaderRow *runnel_header_row_new         (const char      *name,
                                                const char      *value,
                                                gboolean         enabled);
const char      *runnel_header_row_get_name    (RunnelHeaderRow *self);
const char      *runnel_header_row_get_value   (RunnelHeaderRow *self);
gboolean         runnel_header_row_get_enabled (RunnelHeaderRow *self);
/* both fields empty: the row is ignored */
gboolean         runnel_header_row_is_blank    (RunnelHeaderRow *self);
/* flags the row (error style and tooltip) when the header is invalid; TRUE when it is valid */
gboolean         runnel_header_row_check       (RunnelHeaderRow *self);
/* the header's value was not saved (runnel_request_get_header_value_missing ()): the field
 * asks for it until a value is typed */
void             runnel_header_row_set_value_missing (RunnelHeaderRow *self,
                                                      gboolean         missing);
gboolean         runnel_header_row_get_value_missing (RunnelHeaderRow *self);
/* a secret's value (runnel_header_is_secret ()) is masked until revealed (the row's eye
 * button); get_value () and the request always have the real value */
gboolean         runnel_header_row_get_masked  (RunnelHeaderRow *self);
void             runnel_header_row_set_revealed (RunnelHeaderRow *self,
                                                gboolean         revealed);

G_END_DECLS
