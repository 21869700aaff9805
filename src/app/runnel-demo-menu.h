/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-menu.h: the demo server's streams and faults, each with its whole description */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_DEMO_MENU (runnel_demo_menu_get_type ())

G_DECLARE_FINAL_TYPE (RunnelDemoMenu, runnel_demo_menu, RUNNEL, DEMO_MENU, GtkPopover)

/*
 * A popover listing the demo server's endpoints in two sections (streams, failures); it
 * scrolls within a bounded height, and each description wraps. Activating a row activates
 * win.use-endpoint with "METHOD /path" and pops the menu down.
 */
GtkWidget *runnel_demo_menu_new (void);

G_END_DECLS
