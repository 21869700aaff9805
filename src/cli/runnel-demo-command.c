/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-command.c: runnel --demo-server: the demo server in the foreground */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "runnel-cli.h"
#include "runnel-demo-server.h"

static gboolean
quit_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

static void
request_finished_cb (RunnelDemoServer *server,
                     const char       *line,
                     gpointer          user_data)
{
  g_printerr ("%s\n", line);
}

static void
problem_cb (RunnelDemoServer *server,
            const char       *message,
            gpointer          user_data)
{
  g_printerr ("runnel: demo server: %s\n", message);
}

/*
 * Listens on @bind (NULL: loopback, with a warning for any other address) and @port (-1: 8080 or
 * the next free one), prints the URL as the first line of standard output, logs each request on
 * standard error and serves until SIGINT or SIGTERM. Shared by --demo-server and --serve.
 */
int
runnel_demo_server_run (RunnelDemoServer *server,
                        const char       *bind,
                        int               port)
{
  g_autoptr(GInetAddress) address = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  guint sigint_id;
  guint sigterm_id;

  if (port < -1 || port > G_MAXUINT16)
    {
      g_printerr ("runnel: --port must be from 0 to 65535\n");
      return RUNNEL_EXIT_USAGE;
    }

  if (bind != NULL)
    {
      address = g_inet_address_new_from_string (bind);
      if (address == NULL && g_ascii_strcasecmp (bind, "localhost") != 0)
        {
          g_printerr ("runnel: --bind needs an IP address, not “%s”\n", bind);
          return RUNNEL_EXIT_USAGE;
        }
      if (address != NULL && !g_inet_address_get_is_loopback (address))
        g_printerr ("runnel: warning: listening on %s, not on loopback: other machines can "
                    "reach the demo server\n", bind);
    }

  if (!runnel_demo_server_listen (server, bind,
                                  port < 0 ? RUNNEL_DEMO_SERVER_DEFAULT_PORT : (guint) port,
                                  port < 0, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return RUNNEL_EXIT_FAILED;
    }

  g_print ("%s\n", runnel_demo_server_get_uri (server));
  fflush (stdout);

  g_signal_connect (server, "request-finished", G_CALLBACK (request_finished_cb), NULL);
  g_signal_connect (server, "problem", G_CALLBACK (problem_cb), NULL);

  loop = g_main_loop_new (NULL, FALSE);
  sigint_id = g_unix_signal_add (SIGINT, quit_cb, loop);
  sigterm_id = g_unix_signal_add (SIGTERM, quit_cb, loop);

  g_main_loop_run (loop);

  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);
  runnel_demo_server_stop (server);

  return RUNNEL_EXIT_OK;
}

int
runnel_demo_server_main (int    argc,
                         char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(RunnelDemoServer) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *bind = NULL;
  gboolean demo_server = FALSE;
  gint port = -1;
  const GOptionEntry entries[] = {
    { "demo-server", 0, 0, G_OPTION_ARG_NONE, &demo_server,
      N_("Run the demo server in the foreground"), NULL },
    { "port", 0, 0, G_OPTION_ARG_INT, &port,
      N_("Port to listen on (default: 8080 or the next free one; 0: any)"), N_("N") },
    { "bind", 0, 0, G_OPTION_ARG_STRING, &bind,
      N_("Address to listen on (default: 127.0.0.1)"), N_("ADDR") },
    { NULL }
  };

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Serve sample event streams and every failure mode "
                                           "on loopback. The first line of output is the URL."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);

  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      return RUNNEL_EXIT_USAGE;
    }

  if (argc > 1)
    {
      g_printerr ("runnel: --demo-server takes no argument “%s”\n", argv[1]);
      return RUNNEL_EXIT_USAGE;
    }

  server = runnel_demo_server_new ();
  return runnel_demo_server_run (server, bind, port);
}
