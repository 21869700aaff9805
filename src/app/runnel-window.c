/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window.c: the main window: one tab per stream */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-window.h"

struct _RunnelWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwStatusPage *empty_page;
};

G_DEFINE_FINAL_TYPE (RunnelWindow, runnel_window, ADW_TYPE_APPLICATION_WINDOW)

static void
runnel_window_class_init (RunnelWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/runnel/Runnel/runnel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, empty_page);
}

static void
runnel_window_init (RunnelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif
}

RunnelWindow *
runnel_window_new (RunnelApplication *application)
{
  return g_object_new (RUNNEL_TYPE_WINDOW, "application", application, NULL);
}
