/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window.c: the main window: one tab per stream, the empty state */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-settings.h"
#include "runnel-widget-util.h"
#include "runnel-window-private.h"

/* below this width the pages stack their list above the detail */
#define NARROW_WIDTH 720

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
      GtkWidget *child = adw_tab_page_get_child (adw_tab_view_get_nth_page (self->tab_view, i));

      /* an MCP session tab lays itself out */
      if (RUNNEL_IS_STREAM_PAGE (child))
        runnel_stream_page_set_narrow (RUNNEL_STREAM_PAGE (child), narrow);
    }
}

/* libadwaita shows the window title's subtitle as plain text up to 1.3 and as markup since 1.4 */
static gboolean
subtitle_is_markup (void)
{
  return adw_get_major_version () > 1 || adw_get_minor_version () >= 4;
}

static void
runnel_window_update_subtitle (RunnelWindow *self)
{
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_autofree char *subtitle = NULL;

  /* as markup, a URL's '&' must be escaped */
  if (page != NULL && subtitle_is_markup ())
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

/*
 * AdwTabBar (libadwaita 1.2) leaves the selected tab where it is when a page is selected or the
 * window narrows under it: with many tabs in a narrow window it is then out of sight. Its tabs
 * are widgets named "tab", the selected one in the selected state, in a GtkScrolledWindow.
 */
static GtkWidget *
find_selected_tab (GtkWidget *widget)
{
  if (g_strcmp0 (gtk_widget_get_css_name (widget), "tab") == 0 &&
      (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_SELECTED) != 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_selected_tab (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* on the frame after the tabs were laid out */
static gboolean
runnel_window_reveal_tab (GtkWidget     *tab_bar,
                          GdkFrameClock *frame_clock,
                          gpointer       user_data)
{
  RunnelWindow *self = user_data;
  GtkWidget *tab = find_selected_tab (tab_bar);
  GtkWidget *scroller = tab != NULL ? gtk_widget_get_ancestor (tab, GTK_TYPE_SCROLLED_WINDOW)
                                    : NULL;
  GtkAdjustment *adjustment;
  graphene_rect_t bounds;
  double shift = 0;

  self->reveal_tab_id = 0;
  if (scroller == NULL || !gtk_widget_compute_bounds (tab, scroller, &bounds))
    return G_SOURCE_REMOVE;

  if (bounds.origin.x + bounds.size.width > gtk_widget_get_width (scroller))
    shift = bounds.origin.x + bounds.size.width - gtk_widget_get_width (scroller);
  if (bounds.origin.x - shift < 0)
    shift = bounds.origin.x;
  adjustment = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  if (shift != 0)
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) + shift);

  return G_SOURCE_REMOVE;
}

static void
runnel_window_queue_reveal_tab (RunnelWindow *self)
{
  if (self->reveal_tab_id == 0)
    self->reveal_tab_id = gtk_widget_add_tick_callback (self->tab_bar, runnel_window_reveal_tab,
                                                        self, NULL);
}

/* the tab bar laid out at another width, or with other tabs: the selected one may be out of sight */
static void
watch_tab_scrollers (RunnelWindow *self,
                     GtkWidget    *widget)
{
  if (GTK_IS_SCROLLED_WINDOW (widget))
    g_signal_connect_object (gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (widget)),
                             "changed", G_CALLBACK (runnel_window_queue_reveal_tab), self,
                             G_CONNECT_SWAPPED);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    watch_tab_scrollers (self, child);
}

static void
runnel_window_selected_page_changed (RunnelWindow *self)
{
  runnel_window_update_subtitle (self);
  runnel_window_queue_reveal_tab (self);
}

/* space between the toasts and what they sit under */
#define TOAST_GAP 6

/* toasts just under the tabs (or the header bar while there are none): they cover neither a
 * tab's title, nor the failure banner and the newest row at the bottom of a page */
static gboolean
runnel_window_place_toasts (RunnelWindow *self,
                            GtkWidget    *child,
                            GdkRectangle *allocation,
                            GtkOverlay   *overlay)
{
  GtkWidget *above = gtk_widget_get_mapped (self->tab_bar) ? self->tab_bar : self->header_bar;
  int overlay_width = gtk_widget_get_width (GTK_WIDGET (overlay));
  graphene_point_t below;
  int min_width, width, height;

  if (child != GTK_WIDGET (self->toast_overlay) ||
      !gtk_widget_compute_point (above, GTK_WIDGET (overlay),
                                 &GRAPHENE_POINT_INIT (0, gtk_widget_get_height (above)), &below))
    return FALSE;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, &width, NULL, NULL);
  width = MAX (min_width, MIN (width, overlay_width));
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);

  allocation->x = (overlay_width - width) / 2;
  allocation->y = below.y + TOAST_GAP;
  allocation->width = width;
  allocation->height = height;

  return TRUE;
}

/* what the stream is doing, on its tab */
static const char *
state_icon_name (RunnelSseClientState state)
{
  switch (state)
    {
    case RUNNEL_SSE_CLIENT_STATE_OPEN:
      return "network-receive-symbolic";

    /* an icon, not the tab's loading spinner: a spinner redraws every frame for as long as a
     * server keeps us waiting, and starves the low-priority idles of an in-process demo server */
    case RUNNEL_SSE_CLIENT_STATE_CONNECTING:
      return "content-loading-symbolic";

    case RUNNEL_SSE_CLIENT_STATE_WAITING:
      return "view-refresh-symbolic";

    case RUNNEL_SSE_CLIENT_STATE_FAILED:
      return "dialog-error-symbolic";

    case RUNNEL_SSE_CLIENT_STATE_IDLE:
    case RUNNEL_SSE_CLIENT_STATE_CLOSED:
    default:
      return NULL;
    }
}

/*
 * The tab's indicator: how the request's expectations stand, else what the stream is doing. A
 * failed connection comes first, then a failed expectation (at once, the run need not end),
 * then all passed; while some are pending the stream's activity shows, and before a run the
 * pending icon. The icons are those of the Expectations view; "3 of 4 passed" is the tooltip.
 */
static void
runnel_window_update_tab_indicator (RunnelStreamPage *page,
                                    GParamSpec       *pspec,
                                    AdwTabPage       *tab_page)
{
  RunnelExpectations *expectations = runnel_stream_page_get_expectations (page);
  RunnelSseClientState state = runnel_stream_page_get_state (page);
  guint n = runnel_expectations_get_n_items (expectations);
  const char *icon_name = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *summary = NULL;

  if (n > 0)
    summary = runnel_expectations_dup_summary (expectations);
  adw_tab_page_set_indicator_tooltip (tab_page, summary != NULL ? summary : "");
  adw_tab_page_set_indicator_activatable (tab_page, n > 0);

  if (n > 0 && state != RUNNEL_SSE_CLIENT_STATE_FAILED)
    {
      if (runnel_expectations_count (expectations, RUNNEL_EXPECTATION_FAILED) > 0)
        icon_name = "dialog-error-symbolic";
      else if (runnel_expectations_count (expectations, RUNNEL_EXPECTATION_PASSED) == n)
        icon_name = "emblem-ok-symbolic";
      else if (state == RUNNEL_SSE_CLIENT_STATE_IDLE || state == RUNNEL_SSE_CLIENT_STATE_CLOSED)
        icon_name = "content-loading-symbolic";
    }

  if (icon_name == NULL)
    icon_name = state_icon_name (state);

  if (icon_name != NULL)
    icon = g_themed_icon_new (icon_name);

  adw_tab_page_set_indicator_icon (tab_page, icon);
}

/* a click on the expectations' icon: the tab, with its Expectations view */
static void
runnel_window_tab_indicator_activated (RunnelWindow *self,
                                       AdwTabPage   *tab_page)
{
  adw_tab_view_set_selected_page (self->tab_view, tab_page);
  gtk_widget_activate_action (adw_tab_page_get_child (tab_page), "stream.view", "s",
                              "expectations");
}

/* the history: every request sent from this window, whether it connected or failed */
static void
runnel_window_record_history (RunnelWindow     *self,
                              RunnelRequest    *request,
                              RunnelStreamPage *page)
{
  g_autoptr(GError) error = NULL;

  /* a tab dragged to another window is recorded there */
  if (gtk_widget_get_root (GTK_WIDGET (page)) != GTK_ROOT (self) || self->store == NULL)
    return;

  /* what the user asked for, options included: the Last-Event-ID typed in the page, not where
   * a reconnection resumed (the client keeps that apart from its request); the store copies it.
   * A request that fails is recorded too: it is the one most worth retrying. */
  if (!runnel_request_store_add_history (self->store, request, &error))
    g_warning ("Could not record the stream in the history: %s", error->message);
}

static void
runnel_window_page_attached (RunnelWindow *self,
                             AdwTabPage   *tab_page)
{
  GtkWidget *page = adw_tab_page_get_child (tab_page);

  if (!RUNNEL_IS_STREAM_PAGE (page))
    return;

  g_signal_connect_object (page, "request-sent",
                           G_CALLBACK (runnel_window_record_history), self, G_CONNECT_SWAPPED);
}

static void
runnel_window_page_url_changed (RunnelWindow *self)
{
  runnel_window_update_subtitle (self);
}

/* the tab's tooltip (markup): the URL, and "3 of 4 passed" when the request has expectations */
static void
runnel_window_update_tab_tooltip (AdwTabPage *tab_page)
{
  RunnelStreamPage *page = RUNNEL_STREAM_PAGE (adw_tab_page_get_child (tab_page));
  const char *url = runnel_stream_page_get_url (page);
  g_autofree char *summary = NULL;
  g_autofree char *tooltip = NULL;

  g_object_get (page, "expectations-summary", &summary, NULL);
  if (summary != NULL)
    tooltip = g_markup_printf_escaped ("%s\n%s", url != NULL ? url : "", summary);
  else if (url != NULL)
    tooltip = g_markup_escape_text (url, -1);
  adw_tab_page_set_tooltip (tab_page, tooltip);
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
  g_signal_connect_object (page, "notify::url",
                           G_CALLBACK (runnel_window_update_tab_tooltip), tab_page,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (page, "notify::expectations-summary",
                           G_CALLBACK (runnel_window_update_tab_tooltip), tab_page,
                           G_CONNECT_SWAPPED);
  runnel_window_update_tab_tooltip (tab_page);
  g_signal_connect_object (page, "notify::state",
                           G_CALLBACK (runnel_window_update_tab_indicator), tab_page, 0);
  g_signal_connect_object (page, "notify::expectations-summary",
                           G_CALLBACK (runnel_window_update_tab_indicator), tab_page, 0);
  runnel_window_update_tab_indicator (page, NULL, tab_page);
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

void
_runnel_window_add_toast (RunnelWindow *self,
                          AdwToast     *toast)
{
  g_assert (RUNNEL_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
_runnel_window_toast (RunnelWindow *self,
                      const char   *message)
{
  g_autofree char *markup = g_markup_escape_text (message, -1);

  g_assert (RUNNEL_IS_WINDOW (self));

  _runnel_window_add_toast (self, adw_toast_new (markup));
}

void
_runnel_window_show_error (RunnelWindow *self,
                           const char   *heading,
                           const char   *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

gboolean
_runnel_window_use_demo_endpoint (RunnelWindow      *self,
                                  RunnelStreamPage  *page,
                                  const char        *method,
                                  const char        *path,
                                  GError           **error)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  const RunnelDemoEndpoint *endpoints;
  const RunnelDemoEndpoint *sample = NULL;
  g_autofree char *url = NULL;
  guint n_endpoints = 0;
  const char *base;
  gsize path_len;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (page), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!RUNNEL_IS_APPLICATION (app))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("The window has no application to run the demo server"));
      return FALSE;
    }

  base = runnel_application_ensure_demo_server (RUNNEL_APPLICATION (app), error);
  if (base == NULL)
    return FALSE;

  /* the base ends with '/', the path starts with one */
  url = g_strconcat (base, path[0] == '/' ? path + 1 : path, NULL);
  runnel_stream_page_set_url (page, url);
  runnel_stream_page_set_method (page, method);

  /* the endpoint's sample body (or none), looked up without the query: it replaces the last
   * endpoint's */
  path_len = strcspn (path, "?");
  endpoints = runnel_demo_server_get_endpoints (&n_endpoints);
  for (guint i = 0; i < n_endpoints && endpoints[i].path != NULL; i++)
    if (strlen (endpoints[i].path) == path_len &&
        strncmp (endpoints[i].path, path, path_len) == 0)
      sample = &endpoints[i];
  runnel_stream_page_use_sample (page, sample != NULL ? sample->sample_body : NULL,
                                 sample != NULL ? sample->sample_content_type : NULL);

  return runnel_stream_page_connect (page);
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
  if (!_runnel_window_use_demo_endpoint (self, page, method, path, &error) && error != NULL)
    {
      g_autofree char *message = g_strdup_printf (_("Could not start the demo server: %s"),
                                                  error->message);

      _runnel_window_toast (self, message);
      return NULL;
    }

  return page;
}

RunnelStreamPage *
runnel_window_get_current_page (RunnelWindow *self)
{
  AdwTabPage *tab_page;
  GtkWidget *child;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  tab_page = adw_tab_view_get_selected_page (self->tab_view);
  if (tab_page == NULL)
    return NULL;

  /* NULL for an MCP session tab too: the stream actions do not apply to it */
  child = adw_tab_page_get_child (tab_page);
  return RUNNEL_IS_STREAM_PAGE (child) ? RUNNEL_STREAM_PAGE (child) : NULL;
}

AdwTabView *
runnel_window_get_tab_view (RunnelWindow *self)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return self->tab_view;
}

RunnelRequestStore *
_runnel_window_get_request_store (RunnelWindow *self)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return self->store;
}

GtkListBox *
_runnel_window_get_saved_list (RunnelWindow *self,
                               gboolean      recent)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return runnel_saved_requests_popover_get_list (self->saved_popover, recent);
}

static void
runnel_window_empty_url_activated (RunnelWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->empty_url_entry));
  g_autoptr(GError) error = NULL;

  if (!runnel_request_check_url (url, &error))
    {
      runnel_widget_set_error (GTK_WIDGET (self->empty_url_entry), error->message);
      _runnel_window_toast (self, error->message);
      return;
    }

  runnel_widget_set_error (GTK_WIDGET (self->empty_url_entry), NULL);
  runnel_window_open_url (self, url, TRUE);
  gtk_editable_set_text (GTK_EDITABLE (self->empty_url_entry), "");
}

/* the demo server came back on another port (its old one was taken): its tabs follow it */
static void
runnel_window_move_demo_tabs (RunnelWindow *self,
                              const char   *uri)
{
  guint n_pages = adw_tab_view_get_n_pages (self->tab_view);

  if (uri == NULL || g_strcmp0 (uri, self->demo_uri) == 0)
    return;

  for (guint i = 0; self->demo_uri != NULL && i < n_pages; i++)
    {
      AdwTabPage *tab_page = adw_tab_view_get_nth_page (self->tab_view, i);
      RunnelStreamPage *page = RUNNEL_STREAM_PAGE (adw_tab_page_get_child (tab_page));
      const char *url = runnel_stream_page_get_url (page);
      RunnelSseClientState state = runnel_stream_page_get_state (page);
      g_autofree char *moved = NULL;

      if (runnel_stream_page_get_read_only (page) || !g_str_has_prefix (url, self->demo_uri))
        continue;

      moved = g_strconcat (uri, url + strlen (self->demo_uri), NULL);
      runnel_stream_page_set_url (page, moved);
      /* a tab that was waiting to reconnect to the old port connects to the new one */
      if (state == RUNNEL_SSE_CLIENT_STATE_CONNECTING ||
          state == RUNNEL_SSE_CLIENT_STATE_OPEN ||
          state == RUNNEL_SSE_CLIENT_STATE_WAITING)
        runnel_stream_page_connect (page);
    }

  g_free (self->demo_uri);
  self->demo_uri = g_strdup (uri);
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
  runnel_window_move_demo_tabs (self, uri);

  if (uri != NULL)
    /* TRANSLATORS: a menu item, checked while the demo server runs; %s is its URL */
    label = g_strdup_printf (_("_Demo Server at %s"), uri);
  else
    label = g_strdup (_("_Demo Server"));

  item = g_menu_item_new (label, "app.demo-server");
  g_menu_remove_all (self->demo_section);
  g_menu_append_item (self->demo_section, item);
}

/* The store of saved requests */

static void
present_dialog (GtkWidget *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
runnel_window_report_store_error (RunnelWindow *self,
                                  const GError *error)
{
  GtkWidget *dialog;
  const char *heading = g_error_matches (error, RUNNEL_REQUEST_STORE_ERROR,
                                         RUNNEL_REQUEST_STORE_ERROR_CORRUPT)
                        ? _("Saved Requests Were Damaged")
                        : _("Could Not Read Saved Requests");

  dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  /* a dialog over a window that is not shown yet would stand alone */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    present_dialog (dialog);
  else
    g_signal_connect_object (self, "map", G_CALLBACK (present_dialog), dialog,
                             G_CONNECT_SWAPPED);
}

static void
runnel_window_set_store (RunnelWindow       *self,
                         RunnelRequestStore *store)
{
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  /* a secret the keyring did not take or give: said, never lost in silence */
  if (store != NULL)
    g_signal_connect_object (store, "keyring-problem", G_CALLBACK (_runnel_window_toast), self,
                             G_CONNECT_SWAPPED);
  runnel_saved_requests_popover_set_store (self->saved_popover, store);
}

/* "application" is set after construction: the store and the demo server are its */
static void
runnel_window_application_changed (RunnelWindow *self)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));

  if (RUNNEL_IS_APPLICATION (app))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) problems = NULL;

      runnel_window_set_store (self,
                               runnel_application_get_request_store (RUNNEL_APPLICATION (app)));

      error = runnel_application_take_request_store_error (RUNNEL_APPLICATION (app));
      if (error != NULL)
        runnel_window_report_store_error (self, error);
      problems = runnel_application_take_keyring_problems (RUNNEL_APPLICATION (app));
      for (guint i = 0; problems != NULL && i < problems->len; i++)
        _runnel_window_toast (self, g_ptr_array_index (problems, i));

      g_signal_connect_object (app, "notify::demo-uri",
                               G_CALLBACK (runnel_window_update_demo_menu), self,
                               G_CONNECT_SWAPPED);
    }
  runnel_window_update_demo_menu (self);
}

/* GObject */

static void
runnel_window_dispose (GObject *object)
{
  RunnelWindow *self = RUNNEL_WINDOW (object);

  g_clear_object (&self->settings);
  g_clear_object (&self->store);
  g_clear_object (&self->deleted);
  g_cancellable_cancel (self->capture_cancellable);
  g_clear_object (&self->capture_cancellable);
  g_clear_handle_id (&self->capture_progress_id, g_source_remove);
  if (self->reveal_tab_id != 0)
    gtk_widget_remove_tick_callback (self->tab_bar, self->reveal_tab_id);
  self->reveal_tab_id = 0;
  g_clear_object (&self->capture_task);
  g_clear_pointer (&self->demo_uri, g_free);

  G_OBJECT_CLASS (runnel_window_parent_class)->dispose (object);
}

static void
runnel_window_class_init (RunnelWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_window_dispose;

  g_type_ensure (RUNNEL_TYPE_STREAM_PAGE);
  g_type_ensure (RUNNEL_TYPE_SAVED_REQUESTS_POPOVER);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-window.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, tab_bar);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, empty_url_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, tab_view);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, demo_section);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, saved_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, saved_popover);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, capture_revealer);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, capture_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelWindow, capture_progress);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_n_pages_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_selected_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_place_toasts);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_tab_indicator_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_empty_url_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_window_page_attached);

  _runnel_window_class_actions_init (widget_class);
}

static void
runnel_window_init (RunnelWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

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
  watch_tab_scrollers (self, self->tab_bar);

  runnel_window_n_pages_changed (self);
}

RunnelWindow *
runnel_window_new (RunnelApplication *application)
{
  RunnelWindow *self = g_object_new (RUNNEL_TYPE_WINDOW, "application", application, NULL);

  /* a window of no application keeps its own store */
  if (self->store == NULL)
    {
      const char *directory = g_getenv ("RUNNEL_DATA_DIR");
      g_autoptr(RunnelRequestStore) store = NULL;
      g_autoptr(GError) error = NULL;

      store = runnel_request_store_new (directory != NULL && directory[0] != '\0'
                                          ? directory : NULL);

      if (!runnel_request_store_load (store, &error))
        runnel_window_report_store_error (self, error);
      runnel_window_set_store (self, store);
    }

  return self;
}
