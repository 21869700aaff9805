/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window.c: the main window: one tab per stream, the empty state */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-widget-util.h"
#include "runnel-settings.h"
#include "runnel-window.h"
#include "runnel-window-power.h"
#include "runnel-saved-requests.h"

/* below this width the pages stack their list above the detail */
#define NARROW_WIDTH 720

struct _RunnelWindow
{
  AdwApplicationWindow parent_instance;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkStack        *stack;
  GtkEntry        *empty_url_entry;
  AdwTabView      *tab_view;
  GMenu           *demo_section;

  /* Owned */
  GSettings       *settings;

  /* libadwaita 1.2 shows the subtitle as plain text, later versions may show markup */
  gboolean         subtitle_is_markup;
};

G_DEFINE_FINAL_TYPE (RunnelWindow, runnel_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
runnel_window_is_narrow (RunnelWindow *self)
{
  int width = 0;
  int height = 0;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);

  return width > 0 && width < NARROW_WIDTH && !gtk_window_is_maximized (GTK_WINDOW (self));
}

static void
runnel_window_size_changed (RunnelWindow *self)
{
  gboolean narrow = runnel_window_is_narrow (self);
  guint n_pages = adw_tab_view_get_n_pages (self->tab_view);

  for (guint i = 0; i < n_pages; i++)
    {
      AdwTabPage *page = adw_tab_view_get_nth_page (self->tab_view, i);

      runnel_stream_page_set_narrow (RUNNEL_STREAM_PAGE (adw_tab_page_get_child (page)), narrow);
    }
}

/* the label inside @widget that has the style class @css_class, or NULL */
static GtkLabel *
find_label_with_class (GtkWidget  *widget,
                       const char *css_class)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, css_class))
    return GTK_LABEL (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkLabel *label = find_label_with_class (child, css_class);

      if (label != NULL)
        return label;
    }

  return NULL;
}

static void
runnel_window_update_subtitle (RunnelWindow *self)
{
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_autofree char *subtitle = NULL;

  /* as markup, a URL's '&' must be escaped */
  if (page != NULL && self->subtitle_is_markup)
    subtitle = g_markup_escape_text (runnel_stream_page_get_url (page), -1);
  else if (page != NULL)
    subtitle = g_strdup (runnel_stream_page_get_url (page));

  adw_window_title_set_subtitle (self->window_title, subtitle);
}

static void
runnel_window_n_pages_changed (RunnelWindow *self)
{
  gboolean empty = adw_tab_view_get_n_pages (self->tab_view) == 0;

  gtk_stack_set_visible_child_name (self->stack, empty ? "empty" : "tabs");
  if (empty)
    gtk_widget_grab_focus (GTK_WIDGET (self->empty_url_entry));
}

static void
runnel_window_selected_page_changed (RunnelWindow *self)
{
  runnel_window_update_subtitle (self);
}

static void
runnel_window_page_state_changed (RunnelStreamPage *page,
                                  GParamSpec       *pspec,
                                  AdwTabPage       *tab_page)
{
  const char *icon_name = NULL;
  g_autoptr(GIcon) icon = NULL;

  switch (runnel_stream_page_get_state (page))
    {
    case RUNNEL_SSE_CLIENT_STATE_OPEN:
      icon_name = "network-receive-symbolic";
      break;

    /* an icon, not the tab's loading spinner: a spinner redraws every frame for as long as a
     * server keeps us waiting, and starves the low-priority idles of an in-process demo server */
    case RUNNEL_SSE_CLIENT_STATE_CONNECTING:
      icon_name = "content-loading-symbolic";
      break;

    case RUNNEL_SSE_CLIENT_STATE_WAITING:
      icon_name = "view-refresh-symbolic";
      break;

    case RUNNEL_SSE_CLIENT_STATE_FAILED:
      icon_name = "dialog-error-symbolic";
      break;

    case RUNNEL_SSE_CLIENT_STATE_IDLE:
    case RUNNEL_SSE_CLIENT_STATE_CLOSED:
    default:
      break;
    }

  if (icon_name != NULL)
    icon = g_themed_icon_new (icon_name);

  adw_tab_page_set_indicator_icon (tab_page, icon);
}

static void
runnel_window_page_url_changed (RunnelWindow *self)
{
  runnel_window_update_subtitle (self);
}

/* AdwTabPage's tooltip is markup */
static gboolean
escape_markup (GBinding     *binding,
               const GValue *from,
               GValue       *to,
               gpointer      user_data)
{
  const char *text = g_value_get_string (from);

  g_value_take_string (to, text != NULL ? g_markup_escape_text (text, -1) : NULL);
  return TRUE;
}

RunnelStreamPage *
runnel_window_add_page (RunnelWindow *self)
{
  RunnelStreamPage *page;
  AdwTabPage *tab_page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  page = runnel_stream_page_new ();
  runnel_stream_page_set_narrow (page, runnel_window_is_narrow (self));

  tab_page = adw_tab_view_append (self->tab_view, GTK_WIDGET (page));
  g_object_bind_property (page, "title", tab_page, "title", G_BINDING_SYNC_CREATE);
  g_object_bind_property_full (page, "url", tab_page, "tooltip", G_BINDING_SYNC_CREATE,
                               escape_markup, NULL, NULL, NULL);
  g_signal_connect_object (page, "notify::state",
                           G_CALLBACK (runnel_window_page_state_changed), tab_page, 0);
  g_signal_connect_object (page, "notify::url",
                           G_CALLBACK (runnel_window_page_url_changed), self, G_CONNECT_SWAPPED);

  adw_tab_view_set_selected_page (self->tab_view, tab_page);

  return page;
}

RunnelStreamPage *
runnel_window_open_url (RunnelWindow *self,
                        const char   *url,
                        gboolean      connect)
{
  RunnelStreamPage *page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  page = runnel_window_add_page (self);
  runnel_stream_page_set_url (page, url);
  if (connect)
    runnel_stream_page_connect (page);

  return page;
}

static void
runnel_window_toast (RunnelWindow *self,
                     const char   *message)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (message));
}

RunnelStreamPage *
runnel_window_open_demo_endpoint (RunnelWindow *self,
                                  const char   *method,
                                  const char   *path)
{
  RunnelStreamPage *page;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  page = runnel_window_add_page (self);
  if (!runnel_stream_page_use_endpoint (page, method, path, &error) && error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the demo server: %s"),
                                                  error->message);

      runnel_window_toast (self, message);
      return NULL;
    }

  return page;
}

RunnelStreamPage *
runnel_window_get_current_page (RunnelWindow *self)
{
  AdwTabPage *tab_page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  tab_page = adw_tab_view_get_selected_page (self->tab_view);
  if (tab_page == NULL)
    return NULL;

  return RUNNEL_STREAM_PAGE (adw_tab_page_get_child (tab_page));
}

AdwTabView *
runnel_window_get_tab_view (RunnelWindow *self)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return self->tab_view;
}

static void
runnel_window_empty_url_activated (RunnelWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->empty_url_entry));
  g_autoptr(GError) error = NULL;

  if (!runnel_request_check_url (url, &error))
    {
      runnel_widget_set_error (GTK_WIDGET (self->empty_url_entry), error->message);
      runnel_window_toast (self, error->message);
      return;
    }

  runnel_widget_set_error (GTK_WIDGET (self->empty_url_entry), NULL);
  runnel_window_open_url (self, url, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->empty_url_entry), "");
}

static void
runnel_window_update_demo_menu (RunnelWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const char *uri = NULL;
  g_autofree char *label = NULL;
  g_autoptr(GMenuItem) item = NULL;

  if (RUNNEL_IS_APPLICATION (app))
    uri = runnel_application_get_demo_uri (RUNNEL_APPLICATION (app));

  if (uri != NULL)
    /* TRANSLATORS: a menu item, checked while the demo server runs; %s is its URL */
    label = g_strdup_printf (_("_Demo Server at %s"), uri);
  else
    label = g_strdup (_("_Demo Server"));

  item = g_menu_item_new (label, "app.demo-server");
  g_menu_remove_all (self->demo_section);
  g_menu_append_item (self->demo_section, item);
}

/* Actions */

static void
runnel_window_new_tab_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_add_page (RUNNEL_WINDOW (widget));

  runnel_stream_page_focus_url (page);
}

static void
runnel_window_close_tab_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  AdwTabPage *tab_page = adw_tab_view_get_selected_page (self->tab_view);

  if (tab_page != NULL)
    adw_tab_view_close_page (self->tab_view, tab_page);
}

static void
runnel_window_focus_url_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);

  if (page != NULL)
    runnel_stream_page_focus_url (page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->empty_url_entry));
}

static void
runnel_window_focus_filter_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_get_current_page (RUNNEL_WINDOW (widget));

  if (page != NULL)
    gtk_widget_activate_action (GTK_WIDGET (page), "stream.focus-filter", NULL);
}

static void
runnel_window_toggle_connection_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_get_current_page (RUNNEL_WINDOW (widget));

  if (page != NULL)
    runnel_stream_page_toggle_connection (page);
}

/* win.X runs the current page's stream.X, so that its accelerator works wherever the focus is */
static void
runnel_window_page_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_get_current_page (RUNNEL_WINDOW (widget));
  g_autofree char *page_action = g_strconcat ("stream.", strchr (action_name, '.') + 1, NULL);

  if (page != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (page), page_action, parameter);
}

static void
runnel_window_open_demo_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  runnel_window_open_demo_endpoint (RUNNEL_WINDOW (widget), "GET", "/clock");
}

/* GObject */

/* "application" is set after construction: follow its demo server from then on */
static void
runnel_window_application_changed (RunnelWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (RUNNEL_IS_APPLICATION (app))
    g_signal_connect_object (app, "notify::demo-uri",
                             G_CALLBACK (runnel_window_update_demo_menu), self, G_CONNECT_SWAPPED);
  runnel_window_update_demo_menu (self);
}

static void
runnel_window_dispose (GObject *object)
{
  RunnelWindow *self = RUNNEL_WINDOW (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (runnel_window_parent_class)->dispose (object);
}

static void
runnel_window_class_init (RunnelWindowClass *klass)
{
  static const char * const page_actions[] = {
    "win.clear", "win.pause", "win.show-raw", "win.reconnect", "win.show-list",
  };
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_window_dispose;

  g_type_ensure (RUNNEL_TYPE_STREAM_PAGE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, empty_url_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, demo_section);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_n_pages_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_selected_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_empty_url_activated);

  gtk_widget_class_install_action (widget_class, "win.new-tab", NULL, runnel_window_new_tab_action);
  gtk_widget_class_install_action (widget_class, "win.close-tab", NULL,
                                   runnel_window_close_tab_action);
  gtk_widget_class_install_action (widget_class, "win.focus-url", NULL,
                                   runnel_window_focus_url_action);
  gtk_widget_class_install_action (widget_class, "win.focus-filter", NULL,
                                   runnel_window_focus_filter_action);
  gtk_widget_class_install_action (widget_class, "win.toggle-connection", NULL,
                                   runnel_window_toggle_connection_action);
  gtk_widget_class_install_action (widget_class, "win.open-demo", NULL,
                                   runnel_window_open_demo_action);
  for (guint i = 0; i < G_N_ELEMENTS (page_actions); i++)
    gtk_widget_class_install_action (widget_class, page_actions[i], NULL,
                                     runnel_window_page_action);
}

static void
runnel_window_init (RunnelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* ask the subtitle's label itself rather than guess from libadwaita's version */
  {
    GtkLabel *label = find_label_with_class (GTK_WIDGET (self->window_title), "subtitle");

    self->subtitle_is_markup = label != NULL && gtk_label_get_use_markup (label);
  }

#if DEVELOPMENT_PROFILE
  gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
#endif

  self->settings = runnel_settings_try_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "window-width", self, "default-width",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-height", self, "default-height",
                       G_SETTINGS_BIND_DEFAULT);
      g_settings_bind (self->settings, "window-maximized", self, "maximized",
                       G_SETTINGS_BIND_DEFAULT);
    }

  g_signal_connect (self, "notify::default-width", G_CALLBACK (runnel_window_size_changed), NULL);
  g_signal_connect (self, "notify::maximized", G_CALLBACK (runnel_window_size_changed), NULL);
  g_signal_connect (self, "notify::application",
                    G_CALLBACK (runnel_window_application_changed), NULL);

  runnel_window_n_pages_changed (self);
}

RunnelWindow *
runnel_window_new (RunnelApplication *application)
{
  RunnelWindow *self = g_object_new (RUNNEL_TYPE_WINDOW, "application", application, NULL);

  runnel_window_power_install (self);
  runnel_window_saved_install (self);

  return self;
}
