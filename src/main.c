/* SPDX-License-Identifier: GPL-3.0-or-later */
/* main.c: dispatch: the window, runnel --print, --test, --serve, --mcp, --demo-server */

#include "config.h"

#include <glib/gi18n.h>
#include <gmodule.h>
#include <locale.h>
#include <string.h>

#include "runnel-cli.h"
#include "runnel-expect-cli.h"
#include "runnel-window-main.h"

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

/* The window lives in a module (librunnel-window.so) so that the command line never loads GTK
 * and libadwaita: their loading and relocation is most of a short command's start-up. A build
 * tree keeps the module beside the binary; an installed one in RUNNEL_MODULE_DIR. */
static char *
window_module_path (void)
{
  g_autofree char *exe = g_file_read_link ("/proc/self/exe", NULL);
  g_autofree char *dir = exe != NULL ? g_path_get_dirname (exe) : NULL;
  g_autofree char *beside = dir != NULL ? g_module_build_path (dir, "runnel-window") : NULL;

  if (beside != NULL && g_file_test (beside, G_FILE_TEST_IS_REGULAR))
    return g_steal_pointer (&beside);

  return g_module_build_path (RUNNEL_MODULE_DIR, "runnel-window");
}

static int
window_main (int   argc,
             char *argv[])
{
  g_autofree char *path = window_module_path ();
  GModule *module;
  gpointer symbol = NULL;

  /* never unloaded: GTK's types and the resources stay registered until exit */
  module = g_module_open (path, G_MODULE_BIND_LOCAL);
  if (module == NULL || !g_module_symbol (module, RUNNEL_WINDOW_MAIN_SYMBOL, &symbol))
    {
      g_printerr (_("runnel: cannot load the window (%s): %s\n"), path, g_module_error ());
      return 1;
    }

  return ((RunnelWindowMainFunc) symbol) (argc, argv);
}

int
main (int   argc,
      char *argv[])
{
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

  return window_main (argc, argv);
}
