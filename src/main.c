/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: dispatch: the window, runnel --print, --test, --serve, --mcp, --demo-server */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "runnel-application.h"
#include "runnel-cli.h"
#include "runnel-expect-cli.h"

static gboolean
has_option (int         argc,
            char      **argv,
            const char *option)
{
  for (int i = 1; i < argc; i++)
    {
      if (strcmp (argv[i], "--") == 0)
        return FALSE;
      if (strcmp (argv[i], option) == 0)
        return TRUE;
    }

  return FALSE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(RunnelApplication) app = NULL;

  setlocale (LC_ALL, "");
  /* RUNNEL_LOCALEDIR lets build-aux/run show the catalogues of an uninstalled build */
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RUNNEL_LOCALEDIR") ? g_getenv ("RUNNEL_LOCALEDIR")
                                                                   : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (has_option (argc, argv, "--help-expect"))
    return runnel_help_expect_main ();

  if (has_option (argc, argv, "--print"))
    return runnel_print_main (argc, argv);

  if (has_option (argc, argv, "--test"))
    return runnel_test_main (argc, argv);

  if (has_option (argc, argv, "--serve"))
    return runnel_serve_main (argc, argv);

  if (has_option (argc, argv, "--mcp"))
    return runnel_mcp_main (argc, argv);

  if (has_option (argc, argv, "--demo-server"))
    return runnel_demo_server_main (argc, argv);

  g_set_application_name (_("Runnel"));

  app = runnel_application_new ();

  return g_application_run (G_APPLICATION (app), argc, argv);
}
