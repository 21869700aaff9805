/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-application.c: the AdwApplication: app actions, accelerators, windows */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-application.h"
#include "runnel-window.h"

struct _RunnelApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (RunnelApplication, runnel_application, ADW_TYPE_APPLICATION)

static void
runnel_application_activate (GApplication *app)
{
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  if (window == NULL)
    window = GTK_WINDOW (runnel_window_new (RUNNEL_APPLICATION (app)));

  gtk_window_present (window);
}

static void
runnel_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { "quit", runnel_application_quit_action },
};

static void
runnel_application_startup (GApplication *app)
{
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (runnel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
runnel_application_class_init (RunnelApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  app_class->activate = runnel_application_activate;
  app_class->startup = runnel_application_startup;
}

static void
runnel_application_init (RunnelApplication *self)
{
}

RunnelApplication *
runnel_application_new (void)
{
  return g_object_new (RUNNEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_OPEN | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/runnel/Runnel",
                       NULL);
}
