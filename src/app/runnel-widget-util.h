/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-widget-util.h: small helpers the app's widgets share */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* flags a field as wrong (the "error" style class, message as tooltip), or clears it (NULL) */
void runnel_widget_set_error (GtkWidget  *widget,
                              const char *message);

G_END_DECLS
