/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-main.c: the window's entry point, in a module that only the window loads */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-application.h"
#include "runnel-window-main.h"

int
runnel_window_main (int   argc,
                    char *argv[])
{
  g_autoptr(RunnelApplication) app = NULL;

  g_set_application_name (_("Runnel"));

  app = runnel_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
