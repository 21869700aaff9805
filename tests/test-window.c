/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-window.c: the real window driven through its actions against the in-process demo server */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runnel-application.h"
#include "runnel-format.h"
#include "runnel-header-row.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

static char *
detail_text (RunnelStreamPage *page)
{
  GtkTextView *view = runnel_test_page_child (page, "detail_text");
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  GtkTextIter start, end;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static const char *
visible_stack_child (RunnelWindow *window)
{
  GObject *stack = gtk_widget_get_template_child (GTK_WIDGET (window), RUNNEL_TYPE_WINDOW, "stack");

  return gtk_stack_get_visible_child_name (GTK_STACK (stack));
}

static AdwTabPage *
tab_page_of (RunnelWindow     *window,
             RunnelStreamPage *page)
{
  return adw_tab_view_get_page (runnel_window_get_tab_view (window), GTK_WIDGET (page));
}

static const char *
indicator_icon_name (RunnelWindow     *window,
                     RunnelStreamPage *page)
{
  GIcon *icon = adw_tab_page_get_indicator_icon (tab_page_of (window, page));

  if (icon == NULL)
    return NULL;

  return g_themed_icon_get_names (G_THEMED_ICON (icon))[0];
}

/* a subtitle label, as AdwWindowTitle has */
static gboolean
is_subtitle (GtkWidget     *widget,
             gconstpointer  data)
{
  return GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "subtitle");
}

static void
test_empty_state (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwTabView *tab_view = runnel_window_get_tab_view (fixture->window);
  RunnelStreamPage *page;

  g_assert_cmpstr (visible_stack_child (fixture->window), ==, "empty");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-tab", NULL);
  g_assert_cmpuint (adw_tab_view_get_n_pages (tab_view), ==, 1);
  g_assert_cmpstr (visible_stack_child (fixture->window), ==, "tabs");

  page = runnel_window_get_current_page (fixture->window);
  g_assert_cmpstr (adw_tab_page_get_title (tab_page_of (fixture->window, page)), ==, "New Stream");
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==, "Not connected");

  /* the title follows the URL: path and host */
  runnel_stream_page_set_url (page, "http://example.com:8081/live/events?x=1");
  g_assert_cmpstr (adw_tab_page_get_title (tab_page_of (fixture->window, page)), ==,
                   "/live/events — example.com:8081");

  /* the window's subtitle shows the URL as it is, '&' included, whatever libadwaita's markup */
  {
    const char *url = "http://example.com/events?a=1&b=<2>";
    GtkWidget *title = runnel_test_find_child (GTK_WIDGET (fixture->window), ADW_TYPE_WINDOW_TITLE);
    GtkWidget *subtitle;

    g_assert_nonnull (title);
    subtitle = runnel_test_find_widget (title, is_subtitle, NULL);
    g_assert_nonnull (subtitle);
    runnel_stream_page_set_url (page, url);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (subtitle)), ==, url);
  }

  runnel_test_close_page (fixture->window, page);
  g_assert_cmpstr (visible_stack_child (fixture->window), ==, "empty");
}

static void
test_request_errors (Fixture       *fixture,
                     gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkWidget *url_entry = runnel_test_page_child (page, "url_entry");
  GtkWidget *error_label = runnel_test_page_child (page, "request_error_label");
  GtkWidget *header_list = runnel_test_page_child (page, "header_list");
  GtkWidget *name_entry;
  GtkWidget *row;

  /* a bad URL is flagged on the entry, and nothing is sent */
  runnel_stream_page_set_url (page, "ftp://example.com/stream");
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  g_assert_true (gtk_widget_has_css_class (url_entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (url_entry));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_null (runnel_stream_page_get_client (page));

  /* editing clears the flag */
  runnel_stream_page_set_url (page, "http://127.0.0.1:1/stream");
  g_assert_false (gtk_widget_has_css_class (url_entry, "error"));
  g_assert_false (gtk_widget_get_visible (error_label));

  /* a bad header name is flagged on its row */
  runnel_request_editor_add_header (runnel_test_page_editor (page), "Bad Name", "value", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  row = gtk_widget_get_first_child (header_list);
  g_assert_true (RUNNEL_IS_HEADER_ROW (row));
  name_entry = GTK_WIDGET (gtk_widget_get_template_child (row, RUNNEL_TYPE_HEADER_ROW,
                                                          "name_entry"));
  g_assert_true (gtk_widget_has_css_class (name_entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (name_entry));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_null (runnel_stream_page_get_client (page));

  /* a value with a control character (RFC 9110 allows none but the tab) is flagged too */
  gtk_list_box_remove (GTK_LIST_BOX (header_list), row);
  runnel_request_editor_add_header (runnel_test_page_editor (page),
                                    "X-Api-Key", "key\033[2J", TRUE);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  row = gtk_widget_get_first_child (header_list);
  g_assert_true (RUNNEL_IS_HEADER_ROW (row));
  {
    GtkWidget *value_entry = GTK_WIDGET (gtk_widget_get_template_child (row,
                                                                         RUNNEL_TYPE_HEADER_ROW,
                                                                         "value_entry"));

    g_assert_true (gtk_widget_has_css_class (value_entry, "error"));
    g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (value_entry), "control character"));
  }
  g_assert_null (runnel_stream_page_get_client (page));

  runnel_test_close_page (fixture->window, page);
}

static void
test_live_stream (Fixture       *fixture,
                  gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/counter?interval=20");
  GtkSingleSelection *selection = runnel_test_page_child (page, "selection");
  g_autofree char *text = NULL;
  g_autofree char *copied = NULL;

  runnel_test_wait_for_rows (page, 3);
  g_assert_cmpint (runnel_stream_page_get_state (page), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==, "Open · 200 OK");
  g_assert_cmpstr (indicator_icon_name (fixture->window, page), ==, "network-receive-symbolic");
  g_assert_false (gtk_revealer_get_reveal_child (runnel_test_page_child (page,
                                                                         "failure_revealer")));

  /* the detail of the second event: its data, id, and the time since the first */
  gtk_single_selection_set_selected (selection, 1);
  text = detail_text (page);
  g_assert_cmpstr (text, ==, "2");
  g_assert_cmpstr (runnel_test_page_label (page, "detail_id"), ==, "2");
  g_assert_cmpstr (runnel_test_page_label (page, "detail_type"), ==, "message");
  g_assert_cmpstr (runnel_test_page_label (page, "detail_title"), ==, "Event 2");
  /* the time since the first, as the events say it: not "ms" by luck (under load it is "1.2 s") */
  {
    RunnelEventLog *log = runnel_stream_page_get_log (page);
    g_autofree char *since =
      runnel_format_duration (runnel_sse_event_get_monotonic_time (runnel_event_log_peek (log, 1)) -
                              runnel_sse_event_get_monotonic_time (runnel_event_log_peek (log, 0)));

    g_assert_cmpstr (runnel_test_page_label (page, "detail_since"), ==, since);
  }
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.copy-event", NULL);
  copied = runnel_test_read_clipboard (GTK_WIDGET (page));
  g_assert_cmpstr (copied, ==, "2");

  /* the status bar counts what arrived */
  g_assert_nonnull (strstr (runnel_test_page_label (page, "stats_label"), " event"));

  /* Ctrl+Return's action disconnects */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-connection", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "state_label"), "Closed"));
  g_assert_cmpstr (gtk_button_get_label (runnel_test_page_child (page, "connect_button")), ==,
                   "Connect");

  runnel_test_close_page (fixture->window, page);
}

/* U+0000 in an event's data: the detail shows it and what follows, Copy copies every byte */
static void
test_copy_nul (Fixture       *fixture,
               gconstpointer  data)
{
  static const char bytes[] = "before\0after";
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, bytes, sizeof bytes - 1,
                                                          NULL, 0, 1, 0, 0, sizeof bytes - 1);
  g_autofree char *text = NULL;
  g_autoptr(GBytes) copied = NULL;

  runnel_event_log_append (log, event);
  runnel_event_log_flush (log);
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), 0);

  text = detail_text (page);
  g_assert_cmpstr (text, ==, "before␀after");

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.copy-event", NULL);
  copied = runnel_test_read_clipboard_bytes (GTK_WIDGET (page), "text/plain;charset=utf-8");
  g_assert_cmpmem (g_bytes_get_data (copied, NULL), g_bytes_get_size (copied),
                   bytes, sizeof bytes - 1);

  runnel_test_close_page (fixture->window, page);
}

static void
test_json_detail (Fixture       *fixture,
                  gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "POST", "/chat?interval=10");
  GtkSingleSelection *selection = runnel_test_page_child (page, "selection");
  g_autofree char *text = NULL;

  runnel_test_wait_for_rows (page, 2);
  gtk_single_selection_set_selected (selection, 0);
  text = detail_text (page);

  /* pretty-printed by json-glib: one member per line */
  g_assert_true (g_str_has_prefix (text, "{\n"));
  g_assert_nonnull (strstr (text, "\n  \"object\" : \"chat.completion.chunk\""));

  /* a POST that ended is not requested again: the reply is complete */
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_false (gtk_switch_get_active (runnel_test_page_child (page, "reconnect_on_end_switch")));
  g_assert_cmpuint (runnel_sse_client_get_reconnect_count (runnel_stream_page_get_client (page)),
                    ==, 0);

  runnel_test_close_page (fixture->window, page);
}

static void
test_huge_event (Fixture       *fixture,
                 gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window,
                                                  "GET", "/fault/oversized?size=600000");
  g_autofree char *text = NULL;
  gsize len = 0;

  runnel_test_wait_for_rows (page, 1);
  runnel_sse_event_get_data (runnel_event_log_peek (runnel_stream_page_get_log (page), 0), &len);
  g_assert_cmpuint (len, >=, 600000);

  /* the detail shows the beginning of a huge event, not all of it */
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), 0);
  text = detail_text (page);
  g_assert_cmpuint (strlen (text), <, 300 * 1024);
  g_assert_true (g_str_has_suffix (text, "Copy copies all of it)"));

  runnel_test_close_page (fixture->window, page);
}

static void
test_refused (Fixture       *fixture,
              gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/fault/404");
  RunnelStreamPage *html;

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==, "Failed · 404 Not Found");
  g_assert_cmpstr (runnel_test_page_label (page, "failure_label"), ==,
                   "404 Not Found: the server refused the stream, not retrying. "
                   "It said: 404 Not Found (a fault the Runnel demo server made on purpose)");
  g_assert_true (gtk_revealer_get_reveal_child (runnel_test_page_child (page, "failure_revealer")));
  g_assert_cmpstr (indicator_icon_name (fixture->window, page), ==, "dialog-error-symbolic");

  html = runnel_test_open_demo (fixture->window, "GET", "/fault/content-type");
  runnel_test_wait_for_state (html, RUNNEL_SSE_CLIENT_STATE_FAILED);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (html, "failure_label"),
                                   "The server sent text/html"));
  g_assert_true (g_str_has_suffix (runnel_test_page_label (html, "failure_label"),
                                   "not an event stream"));

  runnel_test_close_page (fixture->window, html);
  runnel_test_close_page (fixture->window, page);
}

static void
test_retry (Fixture       *fixture,
            gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkWidget *retry_label = runnel_test_page_child (page, "retry_label");
  g_autoptr(GError) error = NULL;

  /* a long delay, so that the countdown is there to read */
  gtk_spin_button_set_value (runnel_test_page_child (page, "retry_delay_spin"), 20000);
  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "GET",
                                                   "/fault/drop", &error));
  g_assert_no_error (error);

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_WAITING);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "state_label"),
                                   "Waiting to retry"));
  g_assert_true (gtk_widget_get_visible (retry_label));
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "retry_label"), "Retrying in "));
  g_assert_true (g_str_has_suffix (runnel_test_page_label (page, "retry_label"), " s"));
  g_assert_true (gtk_revealer_get_reveal_child (runnel_test_page_child (page, "failure_revealer")));
  g_assert_nonnull (strstr (runnel_test_page_label (page, "failure_label"), "retrying"));
  g_assert_cmpstr (indicator_icon_name (fixture->window, page), ==, "view-refresh-symbolic");

  /* "Reconnect now" does not wait out the delay */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.reconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  g_assert_nonnull (strstr (runnel_test_page_label (page, "stats_label"), "1 reconnect"));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_false (gtk_widget_get_visible (retry_label));
  g_assert_false (gtk_revealer_get_reveal_child (runnel_test_page_child (page,
                                                                         "failure_revealer")));

  runnel_test_close_page (fixture->window, page);
}

/* the data of every event of the given type, joined by "|" */
static char *
events_of_type (RunnelStreamPage *page,
                const char       *type)
{
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      RunnelSseEvent *event = runnel_event_log_peek (log, i);

      if (g_strcmp0 (runnel_sse_event_get_event_type (event), type) != 0)
        continue;
      if (out->len > 0)
        g_string_append_c (out, '|');
      g_string_append (out, runnel_sse_event_get_data (event, NULL));
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
page_has_event_type (gpointer data)
{
  g_autofree char *body = events_of_type (data, "body");

  return *body != '\0';
}

static void
test_request_sent (Fixture       *fixture,
                   gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkWidget *body_box = runnel_test_page_child (page, "body_box");
  g_autofree char *method = NULL;
  g_autofree char *headers = NULL;
  g_autofree char *body = NULL;
  g_autoptr(GError) error = NULL;
  const char *base;

  g_assert_false (gtk_widget_get_visible (body_box));
  runnel_stream_page_set_method (page, "PUT");
  g_assert_true (gtk_widget_get_visible (body_box));

  /* an enabled header, a disabled one and a blank row (ignored), a body */
  runnel_request_editor_add_header (runnel_test_page_editor (page), "X-On", "yes", TRUE);
  runnel_request_editor_add_header (runnel_test_page_editor (page), "X-Off", "no", FALSE);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.add-header", NULL);
  runnel_request_editor_set_body_text (runnel_test_page_editor (page), "hello body");
  g_assert_cmpstr (gtk_expander_get_label (runnel_test_page_child (page, "request_expander")), ==,
                   "3 Headers and Body");

  base = runnel_application_ensure_demo_server (runnel_ui_test_app (), &error);
  g_assert_no_error (error);
  {
    g_autofree char *url = g_strconcat (base, "echo", NULL);

    runnel_stream_page_set_url (page, url);
  }
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.toggle-connection", NULL);
  g_assert_true (runnel_test_iterate_until (page_has_event_type, page, 10000));

  /* the demo server echoes what it received */
  method = events_of_type (page, "method");
  headers = events_of_type (page, "header");
  body = events_of_type (page, "body");
  g_assert_cmpstr (method, ==, "PUT");
  g_assert_nonnull (strstr (headers, "X-On: yes"));
  g_assert_null (strstr (headers, "X-Off"));
  g_assert_cmpstr (body, ==, "hello body");

  runnel_test_close_page (fixture->window, page);
}

/* the options popover's fields reach the request */
static void
test_options (Fixture       *fixture,
              gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  RunnelStreamPage *resumed = runnel_window_add_page (fixture->window);
  g_autoptr(GError) error = NULL;
  RunnelSseEvent *first;

  /* a fatal event type stops the stream for good, and says so */
  gtk_editable_set_text (runnel_test_page_child (page, "fatal_types_entry"), "alert, other");
  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "GET",
                                                   "/events?interval=20", &error));
  g_assert_no_error (error);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "failure_label"),
                                   "The server sent a fatal “alert” event"));

  /* Last-Event-ID: the demo's counter resumes after it */
  gtk_editable_set_text (runnel_test_page_child (resumed, "last_event_id_entry"), "41");
  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, resumed, "GET",
                                                   "/counter?interval=20", &error));
  g_assert_no_error (error);
  runnel_test_wait_for_rows (resumed, 1);
  first = runnel_event_log_peek (runnel_stream_page_get_log (resumed), 0);
  g_assert_cmpstr (runnel_sse_event_get_id (first), ==, "42");

  runnel_test_close_page (fixture->window, resumed);
  runnel_test_close_page (fixture->window, page);

  /* a new stream starts from the default retry delay in the settings */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");
    RunnelStreamPage *fresh;

    g_settings_set_uint (settings, "default-retry-delay", 2500);
    fresh = runnel_window_add_page (fixture->window);
    g_assert_cmpint (gtk_spin_button_get_value_as_int (runnel_test_page_child (fresh, "retry_delay_spin")),
                     ==, 2500);
    g_settings_reset (settings, "default-retry-delay");
    runnel_test_close_page (fixture->window, fresh);
  }
}

static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      /* the list of toplevels keeps it alive */
      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        return window;
    }

  return NULL;
}

static void
test_menus (Fixture       *fixture,
            gconstpointer  data)
{
  GtkApplication *app = GTK_APPLICATION (runnel_ui_test_app ());
  GActionGroup *app_actions = G_ACTION_GROUP (app);
  GMenuModel *demo_section =
    G_MENU_MODEL (gtk_widget_get_template_child (GTK_WIDGET (fixture->window), RUNNEL_TYPE_WINDOW,
                                                 "demo_section"));
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "win.new-tab");
  g_autoptr(GVariant) state = NULL;
  g_autofree char *label = NULL;
  RunnelStreamPage *page;
  GtkMenuButton *options;
  GtkMenuButton *suggestions;
  GtkWindow *about;

  g_assert_cmpstr (accels[0], ==, "<Control>t");
  g_assert_nonnull (
    gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));

  /* the main menu starts the demo server, and says where it listens */
  g_assert_null (runnel_application_get_demo_uri (runnel_ui_test_app ()));
  g_action_group_change_action_state (app_actions, "demo-server", g_variant_new_boolean (TRUE));
  g_assert_nonnull (runnel_application_get_demo_uri (runnel_ui_test_app ()));
  state = g_action_group_get_action_state (app_actions, "demo-server");
  g_assert_true (g_variant_get_boolean (state));
  g_assert_true (g_menu_model_get_item_attribute (demo_section, 0, "label", "s", &label));
  g_assert_nonnull (strstr (label, runnel_application_get_demo_uri (runnel_ui_test_app ())));

  g_action_group_change_action_state (app_actions, "demo-server", g_variant_new_boolean (FALSE));
  g_assert_null (runnel_application_get_demo_uri (runnel_ui_test_app ()));

  /* the URL's suggestions are the demo's endpoints: one click opens a fault */
  page = runnel_window_add_page (fixture->window);
  suggestions = runnel_test_page_child (page, "suggestions_button");
  gtk_menu_button_popup (suggestions);
  runnel_test_settle ();
  gtk_menu_button_popdown (suggestions);
  gtk_widget_activate_action (GTK_WIDGET (page), "win.use-endpoint", "s", "GET /fault/404");
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  g_assert_nonnull (runnel_application_get_demo_uri (runnel_ui_test_app ()));

  /* the options popover: an unlimited retry limit says so */
  options = runnel_test_page_child (page, "options_button");
  gtk_menu_button_popup (options);
  runnel_test_settle ();
  g_assert_cmpstr (gtk_editable_get_text (runnel_test_page_child (page, "retry_limit_spin")), ==,
                   "Unlimited");
  gtk_menu_button_popdown (options);

  /* About */
  g_action_group_activate_action (app_actions, "about", NULL);
  runnel_test_settle ();
  about = find_toplevel (ADW_TYPE_ABOUT_WINDOW);
  g_assert_nonnull (about);
  gtk_window_destroy (about);

  runnel_test_close_page (fixture->window, page);
}

static void
test_window_size_saved (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 810, 620);
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 810);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 620);
}

static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkOrientable *paned = runnel_test_page_child (page, "paned");
  GtkColumnViewColumn *id_column = runnel_test_page_child (page, "id_column");

  g_assert_cmpint (gtk_orientable_get_orientation (paned), ==, GTK_ORIENTATION_HORIZONTAL);
  g_assert_true (gtk_column_view_column_get_visible (id_column));
  g_assert_cmpstr (gtk_button_get_label (runnel_test_page_child (page, "connect_button")), ==,
                   "Connect");

  /* a phone-sized window stacks the list above the detail, with fewer columns */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 760);
  g_assert_cmpint (gtk_orientable_get_orientation (paned), ==, GTK_ORIENTATION_VERTICAL);
  g_assert_false (gtk_column_view_column_get_visible (id_column));
  g_assert_cmpstr (gtk_button_get_icon_name (runnel_test_page_child (page, "connect_button")), ==,
                   "media-playback-start-symbolic");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_cmpint (gtk_orientable_get_orientation (paned), ==, GTK_ORIENTATION_HORIZONTAL);

  runnel_test_close_page (fixture->window, page);
}

/* the tab of the selected page in a tab bar */
static gboolean
is_selected_tab (GtkWidget     *widget,
                 gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "tab") == 0 &&
         (gtk_widget_get_state_flags (widget) & GTK_STATE_FLAG_SELECTED) != 0;
}

/* whether the selected tab is wholly within the part of the tab bar that shows */
static gboolean
selected_tab_in_view (gpointer data)
{
  GtkWidget *tab = runnel_test_find_widget (data, is_selected_tab, NULL);
  GtkWidget *scroller = tab != NULL ? gtk_widget_get_ancestor (tab, GTK_TYPE_SCROLLED_WINDOW)
                                    : NULL;
  graphene_rect_t bounds;

  if (scroller == NULL || !gtk_widget_compute_bounds (tab, scroller, &bounds))
    return FALSE;

  return bounds.size.width > 0 && bounds.origin.x >= -1 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (scroller) + 1;
}

/* many tabs in a narrow window: the selected one stays in view, and the state is not cut */
static void
test_narrow_tabs (Fixture       *fixture,
                  gconstpointer  data)
{
  AdwTabView *tab_view = fixture->window->tab_view;
  GtkWidget *tab_bar = runnel_test_find_child (GTK_WIDGET (fixture->window), ADW_TYPE_TAB_BAR);
  RunnelStreamPage *page = NULL;
  GtkLabel *state_label;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 600, 700);
  for (guint i = 0; i < 8; i++)
    page = runnel_test_open_demo (fixture->window, "GET", "/counter?interval=1000");
  runnel_test_settle ();

  adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_nth_page (tab_view, 0));
  g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));
  adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_nth_page (tab_view, 7));
  g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));
  /* and when the window narrows under it */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 420, 700);
  g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));
  /* selecting tabs while the window changes width: libadwaita 1.2 loses the tab here */
  for (guint i = 0; i < 8; i++)
    {
      adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_nth_page (tab_view, (i * 3) % 8));
      g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));
      gtk_window_set_default_size (GTK_WINDOW (fixture->window), i % 2 ? 420 : 700, 700);
      g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));
    }
  /* a new tab, selected at once */
  page = runnel_test_open_demo (fixture->window, "GET", "/counter?interval=1000");
  g_assert_true (runnel_test_iterate_until (selected_tab_in_view, tab_bar, 5000));

  state_label = runnel_test_page_child (page, "state_label");
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  g_assert_false (pango_layout_is_ellipsized (gtk_label_get_layout (state_label)));

  /* the window keeps its size for the next one: the default again */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
}

typedef struct
{
  RunnelApplication *app;
  guint              n_pages;
  char              *first_title;
  gboolean           first_open;
} CommandLineResult;

static gboolean
command_line_opened_page (gpointer data)
{
  CommandLineResult *result = data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (result->app));
  AdwTabView *tab_view;

  if (window == NULL)
    return FALSE;

  tab_view = runnel_window_get_tab_view (RUNNEL_WINDOW (window));
  return adw_tab_view_get_n_pages (tab_view) > 0 &&
         runnel_stream_page_get_state (RUNNEL_STREAM_PAGE (adw_tab_page_get_child (
           adw_tab_view_get_nth_page (tab_view, 0)))) == RUNNEL_SSE_CLIENT_STATE_OPEN;
}

static gboolean
check_command_line_and_quit (gpointer data)
{
  CommandLineResult *result = data;
  GtkWindow *window;
  AdwTabView *tab_view;

  g_assert_true (runnel_test_iterate_until (command_line_opened_page, result, 10000));

  window = gtk_application_get_active_window (GTK_APPLICATION (result->app));
  tab_view = runnel_window_get_tab_view (RUNNEL_WINDOW (window));
  result->n_pages = adw_tab_view_get_n_pages (tab_view);
  result->first_title = g_strdup (adw_tab_page_get_title (adw_tab_view_get_nth_page (tab_view, 0)));
  result->first_open = runnel_stream_page_get_state (
    RUNNEL_STREAM_PAGE (adw_tab_page_get_child (adw_tab_view_get_nth_page (tab_view, 0)))) ==
    RUNNEL_SSE_CLIENT_STATE_OPEN;

  gtk_window_destroy (window);
  g_application_quit (G_APPLICATION (result->app));

  return G_SOURCE_REMOVE;
}

/* runnel --demo URL: the demo's clock, then URL, each in a tab */
static void
test_command_line (void)
{
  CommandLineResult result = { runnel_ui_test_app (), 0, NULL, FALSE };
  char *argv[] = {
    (char *) "runnel", (char *) "--demo", (char *) "http://127.0.0.1:1/other", NULL
  };
  int status;

  g_idle_add (check_command_line_and_quit, &result);
  status = g_application_run (G_APPLICATION (runnel_ui_test_app ()),
                              G_N_ELEMENTS (argv) - 1, argv);

  g_assert_cmpint (status, ==, 0);
  g_assert_cmpuint (result.n_pages, ==, 2);
  g_assert_true (g_str_has_prefix (result.first_title, "/clock — 127.0.0.1:"));
  g_assert_true (result.first_open);

  runnel_application_stop_demo_server (runnel_ui_test_app ());
  runnel_test_settle ();
  g_free (result.first_title);
}

static void
test_format (void)
{
  g_autofree char *ms = runnel_format_duration (350 * 1000);
  g_autofree char *s = runnel_format_duration (2450 * 1000);
  g_autofree char *min = runnel_format_duration (200 * G_USEC_PER_SEC);
  g_autofree char *state = runnel_format_state (RUNNEL_SSE_CLIENT_STATE_WAITING, 503);
  g_autofree char *title = runnel_format_url_title ("https://example.com");
  g_autofree char *time = runnel_format_time_ms (1700000000123456);
  g_autofree char *plain = runnel_format_data ("[DONE]", -1, NULL);
  gboolean is_json = FALSE;
  g_autofree char *json = runnel_format_data ("{\"a\":[1,2]}", -1, &is_json);
  gboolean nul_is_json = TRUE;
  g_autofree char *nul = runnel_format_data ("{\"a\":\"\0\"}", 9, &nul_is_json);

  g_assert_cmpstr (ms, ==, "350 ms");
  g_assert_cmpstr (s, ==, "2.5 s");
  g_assert_cmpstr (min, ==, "3 min 20 s");
  g_assert_cmpstr (state, ==, "Waiting to retry · 503 Service Unavailable");
  g_clear_pointer (&state, g_free);
  /* a 200 says nothing once the stream is no longer open */
  state = runnel_format_state (RUNNEL_SSE_CLIENT_STATE_CLOSED, 200);
  g_assert_cmpstr (state, ==, "Closed");
  g_clear_pointer (&state, g_free);
  state = runnel_format_state (RUNNEL_SSE_CLIENT_STATE_OPEN, 200);
  g_assert_cmpstr (state, ==, "Open · 200 OK");
  /* a NUL is shown, and what follows it too; JSON cannot hold one raw */
  g_assert_cmpstr (nul, ==, "{\"a\":\"␀\"}");
  g_assert_false (nul_is_json);
  g_assert_cmpstr (title, ==, "/ — example.com");
  g_assert_true (g_str_has_suffix (time, ".123"));
  g_assert_cmpstr (plain, ==, "[DONE]");
  g_assert_true (is_json);
  g_assert_cmpstr (json, ==, "{\n  \"a\" : [\n    1,\n    2\n  ]\n}");
  g_assert_null (runnel_format_url_title ("not a url"));

  /* JSON too deep for json-glib (it froze or crashed the window when selected): shown as it
   * came, and why */
  {
    g_autofree char *deep = g_strnfill (120000, '[');
    gboolean deep_is_json = TRUE;
    g_autofree char *shown = runnel_format_data (deep, -1, &deep_is_json);

    g_assert_false (deep_is_json);
    g_assert_true (g_str_has_prefix (shown, deep));
    g_assert_nonnull (strstr (shown, "more than 256 levels deep"));
  }

  /* the client's words, as a sentence, saying whether it retries */
  {
    g_autoptr(GError) refused = g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                                     "cannot connect: Connection refused");
    g_autofree char *waiting = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_WAITING, refused,
                                                      0, NULL, NULL);
    g_autofree char *failed = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_FAILED, refused,
                                                     0, NULL, NULL);
    g_autofree char *open = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_OPEN, refused, 200, NULL,
                                                   NULL);

    g_assert_cmpstr (waiting, ==, "Cannot connect: Connection refused — retrying");
    g_assert_cmpstr (failed, ==, "Cannot connect: Connection refused");
    g_assert_null (open);
  }

  /* what the server wrote is shown, its terminal and bidirectional controls escaped */
  {
    g_autoptr(GError) type = g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_CONTENT_TYPE,
                                                  "text/html");
    g_autoptr(GError) status = g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_FATAL_EVENT,
                                                    "the stream sent \u202Eevil\n\033[2J");
    g_autofree char *type_text = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_FAILED, type, 200,
                                                        "text/html\033[5m", NULL);
    g_autofree char *status_text = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_FAILED, status,
                                                          0, NULL, NULL);

    g_assert_cmpstr (type_text, ==, "The server sent text/html\\x1B[5m, not an event stream");

    /* a refusal says what the server's body says, escaped too */
    {
      g_autoptr(GError) refusal = g_error_new_literal (RUNNEL_SSE_ERROR,
                                                       RUNNEL_SSE_ERROR_HTTP_STATUS, "refused");
      g_autofree char *says = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_FAILED, refusal, 400,
                                                     "application/json", "{\"error\":\"no\033[2J\"}");
      g_autofree char *bare = runnel_format_failure (RUNNEL_SSE_CLIENT_STATE_FAILED, refusal, 404,
                                                      NULL, NULL);

      g_assert_cmpstr (says, ==, "400 Bad Request: the server refused the stream, not retrying. "
                                 "It said: {\"error\":\"no\\x1B[2J\"}");
      g_assert_cmpstr (bare, ==, "404 Not Found: the server refused the stream, not retrying");
    }
    g_assert_cmpstr (status_text, ==, "The stream sent \\u202Eevil\\x0A\\x1B[2J");
  }
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) RUNNEL_UI_TEST_ADD ("/runnel/ui/" path, func)

  g_test_add_func ("/runnel/ui/format", test_format);
  ADD ("empty-state", test_empty_state);
  ADD ("request-errors", test_request_errors);
  ADD ("live-stream", test_live_stream);
  ADD ("copy-nul", test_copy_nul);
  ADD ("json-detail", test_json_detail);
  ADD ("request-sent", test_request_sent);
  ADD ("options", test_options);
  ADD ("menus", test_menus);
  ADD ("window-size-saved", test_window_size_saved);
  ADD ("narrow", test_narrow);
  ADD ("narrow-tabs", test_narrow_tabs);
  ADD ("huge-event", test_huge_event);
  ADD ("refused", test_refused);
  ADD ("retry", test_retry);

#undef ADD

  /* last: it runs the application's main loop, and quits it */
  g_test_add_func ("/runnel/ui/command-line", test_command_line);

  return runnel_ui_test_run ();
}
