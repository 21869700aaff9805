/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-application.c: the AdwApplication: command line, app actions, accelerators, demo server */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-application-private.h"
#include "runnel-demo-server.h"
#include "runnel-window.h"

struct _RunnelApplication
{
  AdwApplication    parent_instance;

  /* Owned */
  RunnelDemoServer   *demo_server;
  guint               demo_port;  /* where it listened last: it comes back there when it can */
  RunnelRequestStore *request_store;
  GError             *request_store_error;
  GPtrArray          *keyring_problems;  /* what loading the store had to say of the keyring */
};

enum {
  PROP_0,
  PROP_DEMO_URI,
  PROP_REQUEST_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelApplication, runnel_application, ADW_TYPE_APPLICATION)

static const GOptionEntry option_entries[] = {
  { "demo", 0, 0, G_OPTION_ARG_NONE, NULL,
    N_("Start the built-in demo server and open its clock stream"), NULL },
  { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_STRING_ARRAY, NULL, NULL, N_("[URL…]") },
  { NULL }
};

static RunnelWindow *
runnel_application_get_window (RunnelApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window == NULL)
    window = GTK_WINDOW (runnel_window_new (self));

  return RUNNEL_WINDOW (window);
}

static void
runnel_application_activate (GApplication *app)
{
  gtk_window_present (GTK_WINDOW (runnel_application_get_window (RUNNEL_APPLICATION (app))));
}

static int
runnel_application_command_line (GApplication            *app,
                                 GApplicationCommandLine *command_line)
{
  RunnelApplication *self = RUNNEL_APPLICATION (app);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **urls = NULL;
  RunnelWindow *window;
  gboolean demo = FALSE;

  g_variant_dict_lookup (options, "demo", "b", &demo);
  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&s", &urls);

  window = runnel_application_get_window (self);

  if (demo)
    {
      g_autoptr(GError) error = NULL;
      const char *uri = runnel_application_ensure_demo_server (self, &error);

      if (uri == NULL)
        {
          g_application_command_line_printerr (command_line,
                                               _("Could not start the demo server: %s\n"),
                                               error->message);
          return EXIT_FAILURE;
        }

      runnel_window_open_demo_endpoint (window, "GET", "/clock");
    }

  for (guint i = 0; urls != NULL && urls[i] != NULL; i++)
    runnel_window_open_url (window, urls[i], TRUE);

  gtk_window_present (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}

static void
runnel_application_quit_action (GSimpleAction *action,
                                GVariant      *parameter,
                                gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static void
runnel_application_about_action (GSimpleAction *action,
                                 GVariant      *parameter,
                                 gpointer       user_data)
{
  static const char *developers[] = { N_("The Runnel authors"), NULL };
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Runnel"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Watch and debug Server-Sent Events streams"),
                         "developer-name", _("The Runnel authors"),
                         "developers", developers,
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
runnel_application_demo_server_change_state (GSimpleAction *action,
                                             GVariant      *state,
                                             gpointer       user_data)
{
  RunnelApplication *self = RUNNEL_APPLICATION (user_data);

  if (g_variant_get_boolean (state))
    {
      g_autoptr(GError) error = NULL;

      if (runnel_application_ensure_demo_server (self, &error) == NULL)
        g_warning ("Could not start the demo server: %s", error->message);
    }
  else
    runnel_application_stop_demo_server (self);
}

static const GActionEntry app_actions[] = {
  { "quit", runnel_application_quit_action },
  { "about", runnel_application_about_action },
  { "demo-server", NULL, NULL, "false", runnel_application_demo_server_change_state },
};

static void
runnel_application_sync_demo_state (RunnelApplication *self)
{
  GAction *action = g_action_map_lookup_action (G_ACTION_MAP (self), "demo-server");

  if (action != NULL)
    g_simple_action_set_state (G_SIMPLE_ACTION (action),
                               g_variant_new_boolean (self->demo_server != NULL));

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DEMO_URI]);
}

/* every accelerator of the app, here only; the shortcuts window lists them */
static void
runnel_application_startup (GApplication *app)
{
  static const struct {
    const char *action;
    const char *accels[3];
  } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "win.new-tab", { "<Control>t", NULL } },
    { "win.close-tab", { "<Control>w", NULL } },
    /* Ctrl+L clears the events, as in a terminal; Alt+D and F6 find the URL as in a browser */
    { "win.focus-url", { "<Alt>d", "F6", NULL } },
    { "win.clear", { "<Control>l", NULL } },
    { "win.pause", { "<Control>p", NULL } },
    { "win.show-raw", { "<Control>u", NULL } },
    { "win.reconnect", { "<Control>r", NULL } },
    { "win.show-list", { "<Alt>Left", NULL } },
    { "win.focus-filter", { "<Control>f", NULL } },
    { "win.toggle-connection", { "<Control>Return", "<Control>KP_Enter", NULL } },
    /* saved requests (runnel-saved-requests.c) */
    { "win.save-request", { "<Control>d", NULL } },
    { "win.show-saved", { "<Control><Shift>d", NULL } },
    /* cURL, export and captures (runnel-window-power.c) */
    { "win.import-curl", { "<Control><Shift>v", NULL } },
    { "win.copy-curl", { "<Control><Shift>c", NULL } },
    { "win.export-events", { "<Control>s", NULL } },
    { "win.open-capture", { "<Control>o", NULL } },
  };

  G_APPLICATION_CLASS (runnel_application_parent_class)->startup (app);

  g_action_map_add_action_entries (G_ACTION_MAP (app), app_actions, G_N_ELEMENTS (app_actions),
                                   app);

  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
runnel_application_shutdown (GApplication *app)
{
  runnel_application_stop_demo_server (RUNNEL_APPLICATION (app));

  G_APPLICATION_CLASS (runnel_application_parent_class)->shutdown (app);
}

static void
runnel_application_dispose (GObject *object)
{
  RunnelApplication *self = RUNNEL_APPLICATION (object);

  if (self->demo_server != NULL)
    runnel_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  g_clear_object (&self->request_store);
  g_clear_error (&self->request_store_error);
  g_clear_pointer (&self->keyring_problems, g_ptr_array_unref);

  G_OBJECT_CLASS (runnel_application_parent_class)->dispose (object);
}

static void
runnel_application_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelApplication *self = RUNNEL_APPLICATION (object);

  switch (prop_id)
    {
    case PROP_DEMO_URI:
      g_value_set_string (value, runnel_application_get_demo_uri (self));
      break;

    case PROP_REQUEST_STORE:
      g_value_set_object (value, runnel_application_get_request_store (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_application_class_init (RunnelApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = runnel_application_dispose;
  object_class->get_property = runnel_application_get_property;

  app_class->activate = runnel_application_activate;
  app_class->command_line = runnel_application_command_line;
  app_class->startup = runnel_application_startup;
  app_class->shutdown = runnel_application_shutdown;

  properties[PROP_DEMO_URI] =
    g_param_spec_string ("demo-uri", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_REQUEST_STORE] =
    g_param_spec_object ("request-store", NULL, NULL, RUNNEL_TYPE_REQUEST_STORE,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
runnel_application_init (RunnelApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), option_entries);
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Watch and debug Server-Sent Events streams: "
                                              "opens a window on each URL given."));
  g_application_set_option_context_description (G_APPLICATION (self),
                                                _("Without a window:\n"
                                                  "  runnel --print [OPTIONS] URL|-    "
                                                  "print each event as a JSON line\n"
                                                  "  runnel --serve FILE… [--port N]   "
                                                  "replay captures as live streams\n"
                                                  "  runnel --mcp URL --call TOOL      "
                                                  "an MCP session, each message a JSON line\n"
                                                  "  runnel --demo-server [--port N]   "
                                                  "run the demo server"));
}

RunnelApplication *
runnel_application_new (void)
{
  return g_object_new (RUNNEL_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE | G_APPLICATION_NON_UNIQUE,
                       "resource-base-path", "/io/github/runnel/Runnel",
                       NULL);
}

const char *
runnel_application_ensure_demo_server (RunnelApplication  *self,
                                       GError            **error)
{
  g_autoptr(RunnelDemoServer) server = NULL;

  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  if (self->demo_server != NULL)
    return runnel_demo_server_get_uri (self->demo_server);

  /* the same port as before, so that the open demo tabs find it again; any port when taken */
  server = runnel_demo_server_new ();
  if (self->demo_port == 0 || !runnel_demo_server_listen (server, NULL, self->demo_port, FALSE,
                                                          NULL))
    {
      g_clear_object (&server);
      server = runnel_demo_server_new ();
      if (!runnel_demo_server_listen (server, NULL, 0, FALSE, error))
        return NULL;
    }

  self->demo_port = runnel_demo_server_get_port (server);
  self->demo_server = g_steal_pointer (&server);
  runnel_application_sync_demo_state (self);

  return runnel_demo_server_get_uri (self->demo_server);
}

void
runnel_application_stop_demo_server (RunnelApplication *self)
{
  g_return_if_fail (RUNNEL_IS_APPLICATION (self));

  if (self->demo_server == NULL)
    return;

  runnel_demo_server_stop (self->demo_server);
  g_clear_object (&self->demo_server);
  runnel_application_sync_demo_state (self);
}

const char *
runnel_application_get_demo_uri (RunnelApplication *self)
{
  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  if (self->demo_server == NULL)
    return NULL;

  return runnel_demo_server_get_uri (self->demo_server);
}

static void
keep_keyring_problem (RunnelRequestStore *store,
                      const char         *message,
                      GPtrArray          *problems)
{
  g_ptr_array_add (problems, g_strdup (message));
}

RunnelRequestStore *
runnel_application_get_request_store (RunnelApplication *self)
{
  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  if (self->request_store == NULL)
    {
      const char *directory = g_getenv ("RUNNEL_DATA_DIR");

      self->request_store = runnel_request_store_new (directory != NULL && directory[0] != '\0'
                                                        ? directory : NULL);
      gulong handler;

      g_clear_error (&self->request_store_error);
      g_clear_pointer (&self->keyring_problems, g_ptr_array_unref);
      self->keyring_problems = g_ptr_array_new_with_free_func (g_free);
      /* no window listens yet: kept for the first one (later ones go to the windows) */
      handler = g_signal_connect (self->request_store, "keyring-problem",
                                  G_CALLBACK (keep_keyring_problem), self->keyring_problems);
      runnel_request_store_load (self->request_store, &self->request_store_error);
      g_signal_handler_disconnect (self->request_store, handler);
    }

  return self->request_store;
}

/* Returns: (transfer full) (nullable): what loading the store said of the keyring, once */
GPtrArray *
runnel_application_take_keyring_problems (RunnelApplication *self)
{
  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->keyring_problems);
}

GError *
runnel_application_take_request_store_error (RunnelApplication *self)
{
  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  return g_steal_pointer (&self->request_store_error);
}

/* the next window reads the store again (tests point $RUNNEL_DATA_DIR elsewhere between runs) */
void
_runnel_application_forget_request_store (RunnelApplication *self)
{
  g_return_if_fail (RUNNEL_IS_APPLICATION (self));

  g_clear_object (&self->request_store);
  g_clear_error (&self->request_store_error);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REQUEST_STORE]);
}

RunnelDemoServer *
runnel_application_get_demo_server (RunnelApplication *self)
{
  g_return_val_if_fail (RUNNEL_IS_APPLICATION (self), NULL);

  return self->demo_server;
}
