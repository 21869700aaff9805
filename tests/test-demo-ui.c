/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-ui.c: the built-in demo server from the window: turned off and on, its menu */

#include "config.h"

#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-stream-page-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

/* as the main menu's Demo Server item does */
static void
set_demo_server (gboolean on)
{
  g_action_group_change_action_state (G_ACTION_GROUP (runnel_ui_test_app ()), "demo-server",
                                      g_variant_new_boolean (on));
  runnel_test_settle ();
}

static guint
uri_port (const char *uri)
{
  g_autoptr(GUri) parsed = g_uri_parse (uri, G_URI_FLAGS_NONE, NULL);

  g_assert_nonnull (parsed);
  return g_uri_get_port (parsed);
}

/* off and on again: the server comes back on its port, and its tabs connect again */
static void
test_restart_same_port (RunnelUiFixture *fixture,
                        gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/counter?interval=50");
  g_autofree char *uri = NULL;

  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  uri = g_strdup (runnel_application_get_demo_uri (runnel_ui_test_app ()));

  set_demo_server (FALSE);
  g_assert_null (runnel_application_get_demo_uri (runnel_ui_test_app ()));
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_WAITING);

  set_demo_server (TRUE);
  g_assert_cmpstr (runnel_application_get_demo_uri (runnel_ui_test_app ()), ==, uri);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  g_assert_true (g_str_has_prefix (runnel_stream_page_get_url (page), uri));
}

/* when its port was taken meanwhile, it starts elsewhere and its tabs move there */
static void
test_restart_port_taken (RunnelUiFixture *fixture,
                         gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/counter?interval=50");
  RunnelStreamPage *other = runnel_window_open_url (fixture->window,
                                                    "http://127.0.0.1:9/elsewhere", FALSE);
  g_autoptr(GSocket) squatter = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  g_autofree char *expected = NULL;
  const char *new_uri;

  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  uri = g_strdup (runnel_application_get_demo_uri (runnel_ui_test_app ()));

  set_demo_server (FALSE);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_WAITING);

  /* someone else takes the port */
  squatter = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP,
                           &error);
  g_assert_no_error (error);
  address = g_inet_socket_address_new_from_string ("127.0.0.1", uri_port (uri));
  g_socket_bind (squatter, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (squatter, &error);
  g_assert_no_error (error);

  set_demo_server (TRUE);
  new_uri = runnel_application_get_demo_uri (runnel_ui_test_app ());
  g_assert_nonnull (new_uri);
  g_assert_cmpstr (new_uri, !=, uri);
  expected = g_strconcat (new_uri, "counter?interval=50", NULL);
  g_assert_cmpstr (runnel_stream_page_get_url (page), ==, expected);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  /* a tab of another server stays as it was */
  g_assert_cmpstr (runnel_stream_page_get_url (other), ==, "http://127.0.0.1:9/elsewhere");

  g_socket_close (squatter, NULL);
}

static RunnelRequest *
history_request (RunnelWindow *window,
                 guint         i)
{
  GListModel *history = runnel_request_store_get_history (_runnel_window_get_request_store (window));
  g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (history, i);

  g_assert_nonnull (entry);
  return runnel_saved_request_get_request (entry);
}

/* Recent: a request sent again is listed once; one that failed is listed too */
static void
test_recent (RunnelUiFixture *fixture,
             gconstpointer    data)
{
  RunnelRequestStore *store = _runnel_window_get_request_store (fixture->window);
  GListModel *history = runnel_request_store_get_history (store);
  GtkListBox *recent = _runnel_window_get_saved_list (fixture->window, TRUE);
  g_autoptr(GError) error = NULL;
  RunnelStreamPage *page;
  RunnelStreamPage *again;
  RunnelStreamPage *refused;

  runnel_request_store_clear_history (store, &error);
  g_assert_no_error (error);

  page = runnel_window_open_demo_endpoint (fixture->window, "POST", "/chat?interval=1");
  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  /* opened again from Recent and sent: still one entry */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (recent, 0)));
  runnel_test_settle ();
  again = runnel_window_get_current_page (fixture->window);
  g_assert_true (again != page);
  g_assert_true (runnel_stream_page_connect (again));
  runnel_test_wait_for_state (again, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  /* and from the demo menu again, in the first tab */
  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "POST",
                                                   "/chat?interval=1", &error));
  g_assert_no_error (error);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  /* after a new start, as read back from its file */
  {
    g_autoptr(RunnelRequestStore) restarted = NULL;
    g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "runnel", NULL);

    restarted = runnel_request_store_new (dir);
    runnel_request_store_load (restarted, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_history (restarted)), ==, 1);
    runnel_request_store_add_history (restarted,
                                      runnel_sse_client_get_request (runnel_stream_page_get_client (page)),
                                      &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_history (restarted)), ==, 1);
  }

  /* a request that fails is the one most worth retrying */
  refused = runnel_window_open_url (fixture->window, "http://127.0.0.1:1/refused", TRUE);
  runnel_test_wait_for_state (refused, RUNNEL_SSE_CLIENT_STATE_WAITING);
  runnel_test_settle ();
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
  g_assert_cmpstr (runnel_request_get_url (history_request (fixture->window, 0)), ==,
                   "http://127.0.0.1:1/refused");
  runnel_stream_page_disconnect (refused);
}

static void
collect_descriptions (GtkWidget *widget,
                      GPtrArray *labels)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_has_css_class (widget, "demo-description"))
    g_ptr_array_add (labels, widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_descriptions (child, labels);
}

/* the demo menu's row for @target (an endpoint path) */
static gboolean
is_row_for (GtkWidget     *widget,
            gconstpointer  target)
{
  GVariant *row_target;

  if (!GTK_IS_LIST_BOX_ROW (widget))
    return FALSE;

  row_target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (widget));
  return row_target != NULL && g_strcmp0 (g_variant_get_string (row_target, NULL), target) == 0;
}

/* the demo menu fits a 700 px window and scrolls; every description can be read whole */
static void
test_demo_menu (RunnelUiFixture *fixture,
                gconstpointer    data)
{
  RunnelStreamPage *page;
  GtkMenuButton *button;
  GtkWidget *popover;
  GtkWidget *row;
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  const RunnelDemoEndpoint *endpoints;
  guint n_endpoints = 0;
  guint n_shown = 0;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  page = runnel_window_add_page (fixture->window);
  runnel_test_settle ();
  button = runnel_test_page_child (page, "suggestions_button");
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_true (runnel_test_wait_for_frames (popover, 3));

  g_test_message ("the menu is %d px high", gtk_widget_get_height (popover));
  g_assert_cmpint (gtk_widget_get_height (popover), >, 200);
  g_assert_cmpint (gtk_widget_get_height (popover), <=, 700 - 100);

  endpoints = runnel_demo_server_get_endpoints (&n_endpoints);
  collect_descriptions (popover, labels);
  /* the streams, then the failures */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < n_endpoints && endpoints[i].path != NULL; i++)
      {
        GtkLabel *label;

        if (g_strcmp0 (endpoints[i].path, "/") == 0 ||
            g_str_has_prefix (endpoints[i].path, "/fault/") != (pass == 1))
          continue;
        g_assert_cmpuint (n_shown, <, labels->len);
        label = g_ptr_array_index (labels, n_shown++);
        /* whole, wrapped, never cut with "…" */
        g_assert_cmpstr (gtk_label_get_text (label), ==, endpoints[i].description);
        g_assert_true (gtk_label_get_wrap (label));
        g_assert_cmpint (gtk_label_get_ellipsize (label), ==, PANGO_ELLIPSIZE_NONE);
      }
  g_assert_cmpuint (n_shown, ==, labels->len);

  /* a row opens its endpoint in the tab, and the menu closes */
  row = runnel_test_find_widget (popover, is_row_for, "GET /fault/404");
  g_assert_nonnull (row);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (row), ==, "HTTP 404 Not Found");
  /* as a click on it does */
  g_signal_emit_by_name (gtk_widget_get_parent (row), "row-activated", row);
  runnel_test_settle ();
  g_assert_false (gtk_widget_get_visible (popover));
  g_assert_true (g_str_has_suffix (runnel_stream_page_get_url (page), "/fault/404"));
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
}

static gboolean
window_is_narrow (gpointer data)
{
  int width = gtk_widget_get_width (GTK_WIDGET (data));

  return width > 0 && width <= 400;
}

/* the demo menu fits a 400 px window: as wide as the window leaves it, its words wrapped */
static void
test_demo_menu_narrow (RunnelUiFixture *fixture,
                       gconstpointer    data)
{
  RunnelStreamPage *page;
  GtkMenuButton *button;
  GtkWidget *popover;
  GdkSurface *surface;
  double popover_x, popover_y, window_x, window_y;
  double left;
  int window_width;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 700);
  page = runnel_window_add_page (fixture->window);
  /* the X server resizes the window in its own time */
  if (!runnel_test_iterate_until (window_is_narrow, fixture->window, 10000))
    g_error ("the window did not become 400 px wide (%d px)",
             gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  runnel_test_settle ();
  window_width = gtk_widget_get_width (GTK_WIDGET (fixture->window));
  g_assert_cmpint (window_width, <=, 400);

  button = runnel_test_page_child (page, "suggestions_button");
  gtk_menu_button_popup (button);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (button));
  g_assert_true (runnel_test_wait_for_frames (popover, 3));

  /* a popover is a surface of its own, placed relative to the window's */
  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  gtk_native_get_surface_transform (GTK_NATIVE (fixture->window), &window_x, &window_y);
  left = gdk_popup_get_position_x (GDK_POPUP (surface)) + popover_x - window_x;
  g_test_message ("the menu spans x %.0f to %.0f in a %d px window", left,
                  left + gtk_widget_get_width (popover), window_width);
  g_assert_cmpfloat (left, >=, 0);
  g_assert_cmpfloat (left + gtk_widget_get_width (popover), <=, window_width);
  gtk_popover_popdown (GTK_POPOVER (popover));
  /* the window keeps its size for the next one: the default again */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
}

static gboolean
is_toast (GtkWidget     *widget,
          gconstpointer  data)
{
  return g_strcmp0 (gtk_widget_get_css_name (widget), "toast") == 0;
}

static graphene_rect_t
bounds_in_window (RunnelWindow *window,
                  GtkWidget    *widget)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (window), &bounds));
  return bounds;
}

/* a toast covers neither the failure banner, the newest row at the list's bottom nor the tabs */
static void
test_toast_placement (RunnelUiFixture *fixture,
                      gconstpointer    data)
{
  RunnelStreamPage *page;
  GtkWidget *toast;
  GtkWidget *banner;
  GtkWidget *list;
  graphene_rect_t toast_bounds, banner_bounds, list_bounds, last_row, tab_bounds;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  page = runnel_window_open_demo_endpoint (fixture->window, "GET", "/fault/404");
  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-toast", "s",
                              "A toast to place");
  runnel_test_run_for (600);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (fixture->window), 2));

  toast = runnel_test_find_widget (GTK_WIDGET (fixture->window), is_toast, NULL);
  g_assert_nonnull (toast);
  banner = runnel_test_page_child (page, "failure_revealer");
  list = GTK_WIDGET (page->event_list);
  g_assert_true (gtk_widget_get_mapped (banner));

  toast_bounds = bounds_in_window (fixture->window, toast);
  banner_bounds = bounds_in_window (fixture->window, banner);
  list_bounds = bounds_in_window (fixture->window, list);
  graphene_rect_init (&last_row, list_bounds.origin.x,
                      list_bounds.origin.y + list_bounds.size.height - 40,
                      list_bounds.size.width, 40);
  g_test_message ("toast at y %.0f, %.0f high; banner at y %.0f; list ends at y %.0f",
                  toast_bounds.origin.y, toast_bounds.size.height, banner_bounds.origin.y,
                  list_bounds.origin.y + list_bounds.size.height);

  g_assert_cmpfloat (toast_bounds.size.height, >, 10);
  g_assert_cmpfloat (toast_bounds.origin.y, >=, 0);
  g_assert_false (graphene_rect_intersection (&toast_bounds, &banner_bounds, NULL));
  g_assert_false (graphene_rect_intersection (&toast_bounds, &last_row, NULL));
  /* nor the tab's title */
  tab_bounds = bounds_in_window (fixture->window,
                                 runnel_test_find_child (GTK_WIDGET (fixture->window),
                                                         ADW_TYPE_TAB_BAR));
  g_assert_false (graphene_rect_intersection (&toast_bounds, &tab_bounds, NULL));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) RUNNEL_UI_TEST_ADD ("/runnel/ui/demo/" path, func)

  ADD ("restart-same-port", test_restart_same_port);
  ADD ("restart-port-taken", test_restart_port_taken);
  ADD ("recent", test_recent);
  ADD ("demo-menu", test_demo_menu);
  ADD ("demo-menu-narrow", test_demo_menu_narrow);
  ADD ("toast-placement", test_toast_placement);

#undef ADD

  return runnel_ui_test_run ();
}
