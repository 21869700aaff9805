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
