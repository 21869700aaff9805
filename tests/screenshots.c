/* SPDX-License-Identifier: GPL-3.0-or-later */
/* screenshots.c: renders the real window in its main states to PNG files (build-aux/screenshots) */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "runnel-filter-bar.h"
#include "runnel-application-private.h"
#include "runnel-window-private.h"
#include "runnel-expectations-view.h"
#include "runnel-json-path-bar.h"
#include "ui-test-util.h"

static RunnelApplication *app;
static const char *out_dir;
static const char *scheme_name;

typedef struct
{
  GtkWidget *widget;
  int        width;
  int        height;
} SizeWait;

static gboolean
has_size (gpointer data)
{
  SizeWait *wait = data;

  /* the default size includes the frame around the window */
  return ABS (gtk_widget_get_width (wait->widget) - wait->width) <= 20 &&
         ABS (gtk_widget_get_height (wait->widget) - wait->height) <= 20;
}

/* a popover is a surface of its own: draw the open one (if any) over the window's node */
static GskRenderNode *
add_open_popover (RunnelWindow  *window,
                  GskRenderNode *window_node)
{
  GtkWidget *popover = GTK_WIDGET (window->saved_popover);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  GdkSurface *surface;
  double popover_x, popover_y, window_x, window_y;

  if (!gtk_widget_get_mapped (popover))
    return window_node;

  surface = gtk_native_get_surface (GTK_NATIVE (popover));
  gtk_native_get_surface_transform (GTK_NATIVE (popover), &popover_x, &popover_y);
  gtk_native_get_surface_transform (GTK_NATIVE (window), &window_x, &window_y);

  paintable = gtk_widget_paintable_new (popover);
  snapshot = gtk_snapshot_new ();
  gtk_snapshot_append_node (snapshot, window_node);
  gtk_snapshot_translate (snapshot,
                          &GRAPHENE_POINT_INIT (gdk_popup_get_position_x (GDK_POPUP (surface)) +
                                                popover_x - window_x,
                                                gdk_popup_get_position_y (GDK_POPUP (surface)) +
                                                popover_y - window_y));
  gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot),
                          gtk_widget_get_width (popover), gtk_widget_get_height (popover));
  gsk_render_node_unref (window_node);

  return gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
}

static void
save (RunnelWindow *window,
      const char   *name)
{
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, scheme_name);
  g_autofree char *path = g_build_filename (out_dir, file, NULL);
  int width, height;

  /* let animations (revealers, spinners, crossfades) finish */
  runnel_test_run_for (700);

  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);

  /* a widget that is about to be laid out again has nothing to show: wait for a frame */
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      runnel_test_wait_for_frames (widget, 1);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  if (node == NULL)
    g_error ("nothing to render for %s", path);
  node = add_open_popover (window, node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));

  if (!gdk_texture_save_to_png (texture, path))
    g_error ("could not write %s", path);

  g_print ("%s (%dx%d)\n", path, width, height);
}

static RunnelWindow *
new_window (int width,
            int height)
{
  RunnelWindow *window = runnel_window_new (app);
  SizeWait wait = { GTK_WIDGET (window), width, height };

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  if (!runnel_test_iterate_until (has_size, &wait, 5000))
    g_warning ("the window is %dx%d, not %dx%d",
               gtk_widget_get_width (wait.widget), gtk_widget_get_height (wait.widget),
               width, height);

  return window;
}

static void
select_row (RunnelStreamPage *page,
            guint             position)
{
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), position);
}

static void
take_wide_shots (void)
{
  RunnelWindow *window = new_window (1100, 720);
  RunnelStreamPage *page;
  g_autoptr(GError) error = NULL;

  save (window, "empty");

  /* a live stream with named events and multi-line data, one selected */
  page = runnel_test_open_demo (window, "GET", "/events?interval=250");
  runnel_test_wait_for_rows (page, 14);
  select_row (page, 10);
  save (window, "live");

  /* an LLM-style reply: JSON deltas, pretty-printed in the detail */
  page = runnel_test_open_demo (window, "POST", "/chat?interval=40");
  runnel_test_wait_for_rows (page, 12);
  /* room for the detail: the request's headers and body fold away */
  gtk_expander_set_expanded (runnel_test_page_child (page, "request_expander"), FALSE);
  select_row (page, 4);
  save (window, "json");

  /* a refused stream */
  page = runnel_test_open_demo (window, "GET", "/fault/404");
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  save (window, "failed");

  /* a dropped stream, waiting to retry with its countdown */
  page = runnel_window_add_page (window);
  gtk_spin_button_set_value (runnel_test_page_child (page, "retry_delay_spin"), 9000);
  if (!_runnel_window_use_demo_endpoint (window, page, "GET", "/fault/drop", &error))
    g_error ("%s", error->message);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_WAITING);
  runnel_test_wait_for_rows (page, 1);
  select_row (page, 0);
  runnel_test_run_for (1000);
  save (window, "retrying");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
take_narrow_shot (void)
{
  RunnelWindow *window = new_window (400, 760);
  RunnelStreamPage *page;

  page = runnel_test_open_demo (window, "GET", "/events?interval=250");
  runnel_test_wait_for_rows (page, 10);
  select_row (page, 7);
  save (window, "narrow");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* issue 6: the filter bar, pause, retention, the raw view, 360 px wide */
static void
take_load_shots (void)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");
  RunnelWindow *window = new_window (1100, 720);
  RunnelStreamPage *page;

  /* a type chosen, the display paused, old events dropped past a small retention */
  g_settings_set_uint (settings, "retention-limit", 100);
  page = runnel_test_open_demo (window, "GET", "/events?interval=10&types=message,update,alert");
  gtk_expander_set_expanded (runnel_test_page_child (page, "request_expander"), FALSE);
  runnel_test_wait_for_rows (page, 20);
  runnel_filter_bar_select_type (runnel_test_page_child (page, "filter_bar"), "update");
  runnel_test_run_for (1500);
  runnel_stream_page_set_paused (page, TRUE);
  runnel_test_run_for (1500);
  select_row (page, 3);
  save (window, "filtered");
  runnel_stream_page_disconnect (page);
  g_settings_reset (settings, "retention-limit");

  /* the raw bytes, comments, retry: and line endings visible, the selected event highlighted */
  page = runnel_test_open_demo (window, "GET", "/events?interval=100&count=12");
  gtk_expander_set_expanded (runnel_test_page_child (page, "request_expander"), FALSE);
  runnel_test_wait_for_rows (page, 12);
  select_row (page, 5);
  runnel_stream_page_set_show_raw (page, TRUE);
  save (window, "raw");

  gtk_window_destroy (GTK_WINDOW (window));

  /* 360 px: the list, then the detail it leads to */
  window = new_window (360, 720);
  page = runnel_test_open_demo (window, "GET", "/events?interval=250");
  runnel_test_wait_for_rows (page, 8);
  save (window, "narrow-list");
  g_signal_emit_by_name (runnel_test_page_child (page, "column_view"), "activate", 5);
  save (window, "narrow-detail");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* issue 8: the Saved Requests popover, with saved requests and recent streams */
static void
take_saved_shot (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("runnel-screenshots-XXXXXX", &error);
  const char *paths[] = { "/chat?interval=40", "/events?interval=250", "/counter" };
  RunnelWindow *window;
  RunnelStreamPage *page = NULL;

  if (dir == NULL)
    g_error ("%s", error->message);
  /* never the user's own saved requests */
  g_setenv ("RUNNEL_DATA_DIR", dir, TRUE);
  _runnel_application_forget_request_store (app);
  window = new_window (1100, 720);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      page = runnel_test_open_demo (window, i == 0 ? "POST" : "GET", paths[i]);
      runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
    }
  runnel_test_wait_for_rows (page, 3);
  if (!_runnel_window_save_request (window, "Counter from 0", NULL, &error))
    g_error ("%s", error->message);
  adw_tab_view_set_selected_page (runnel_window_get_tab_view (window),
                                  adw_tab_view_get_nth_page (runnel_window_get_tab_view (window),
                                                             0));
  if (!_runnel_window_save_request (window, "LLM chat (POST)", NULL, &error))
    g_error ("%s", error->message);
  page = runnel_window_get_current_page (window);
  runnel_request_editor_add_header (runnel_test_page_editor (page), "Authorization",
                                    "Bearer sk-demo-1234", TRUE);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-saved", NULL);
  save (window, "saved");
  gtk_window_destroy (GTK_WINDOW (window));

  /* the narrowest window */
  window = new_window (360, 720);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-saved", NULL);
  save (window, "saved-narrow");
  gtk_window_destroy (GTK_WINDOW (window));
  _runnel_application_forget_request_store (app);
  runnel_test_remove_dir (dir);
}

/* issue 8: an LLM reply read as one text through the OpenAI preset */
static void
take_assembled_shot (void)
{
  RunnelWindow *window = new_window (1100, 720);
  RunnelStreamPage *page = runnel_window_add_page (window);
  g_autoptr(GError) error = NULL;

  gtk_widget_activate_action (runnel_test_page_child (page, "json_path_bar"), "jsonpath.preset",
                              "s", "openai-chat");
  if (!_runnel_window_use_demo_endpoint (window, page, "POST", "/chat?interval=20", &error))
    g_error ("%s", error->message);
  gtk_expander_set_expanded (runnel_test_page_child (page, "request_expander"), FALSE);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  save (window, "assembled");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* all but the two decided only at the end: the gap and the event that never came */
static gboolean
all_but_two_passed (gpointer expectations)
{
  return runnel_expectations_count (expectations, RUNNEL_EXPECTATION_PASSED) + 2 ==
         runnel_expectations_get_n_items (expectations);
}

static gboolean
badge_shown (gpointer page)
{
  return gtk_widget_get_visible (runnel_test_page_child (page, "timing_badge"));
}

/* issues 19 and 20: the views beside the list: Timing on a buffered stream, and its badge */
static void
take_views_shots (int width,
                  int height)
{
  RunnelWindow *window = new_window (width, height);
  RunnelStreamPage *page;
  g_autofree char *name = NULL;

  page = runnel_test_open_demo (window, "GET", "/fault/buffered?burst=12&interval=1500");
  /* The client reads the first event of a burst at once but the rest only when the main loop
   * is idle; under Xvfb's software rendering of the Timing view that is 100 ms or more later,
   * past the 10 ms a burst must fit in, and the "Buffered" badge never came. Give the burst
   * room (the rule is the timing's to set; the client's reading is a separate fix). */
  runnel_timing_set_burst_rule (runnel_sse_client_get_timing (runnel_stream_page_get_client (page)),
                                RUNNEL_TIMING_DEFAULT_BURST_EVENTS, 500 * 1000,
                                RUNNEL_TIMING_DEFAULT_BURST_WAIT_USEC);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "timing");
  if (!runnel_test_iterate_until (badge_shown, page, 20000))
    g_error ("no timing badge on /fault/buffered");
  runnel_test_run_for (3200);
  name = g_strdup_printf ("timing-%d", width);
  save (window, name);
  runnel_stream_page_disconnect (page);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* the end of the scrolled view around @widget, where the form is */
static void
scroll_to_end (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  runnel_test_run_for (200);
}

/* issue 19: expectations pending before the run, some passed while it runs, one failed at its
 * end; the form for a kind, and a wrong field pointed at */
static void
take_expectations_shots (int width,
                         int height)
{
  RunnelWindow *window = new_window (width, height);
  RunnelStreamPage *page;
  g_autofree char *name = NULL;

  {
    const char *texts[] = { "status 200", "first event within 2s", "count message >= 5",
                            "gap <= 2s", "event nosuch", "ends", NULL };
    g_autofree char *url = g_strconcat (runnel_application_ensure_demo_server (app, NULL),
                                        "counter?interval=400&count=10", NULL);
    RunnelExpectations *expectations;

    page = runnel_window_add_page (window);
    expectations = runnel_stream_page_get_expectations (page);
    runnel_stream_page_set_url (page, url);
    runnel_stream_page_set_expectations (page, texts);
    gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "expectations");
    /* the form of a kind, started from its sample */
    gtk_widget_activate_action (runnel_test_page_child (page, "expectations_view"),
                                "expectations.kind", "u", 6);
    runnel_test_run_for (300);
    scroll_to_end (runnel_test_page_child (page, "expectations_view"));
    name = g_strdup_printf ("expectations-form-%d", width);
    save (window, name);
    /* a sentence with a wrong word, pointed at */
    gtk_editable_set_text (runnel_test_page_child (page, "expectation_entry"),
                           "count message >>= 3");
    runnel_expectations_view_submit (runnel_test_page_child (page, "expectations_view"),
                                     "count message >>= 3");
    scroll_to_end (runnel_test_page_child (page, "expectations_view"));
    g_free (name);
    name = g_strdup_printf ("expectations-pending-%d", width);
    save (window, name);

    gtk_editable_set_text (runnel_test_page_child (page, "expectation_entry"), "");
    runnel_stream_page_connect (page);
    runnel_test_wait_for_rows (page, 6);
    g_free (name);
    name = g_strdup_printf ("expectations-running-%d", width);
    save (window, name);

    if (!runnel_test_iterate_until (all_but_two_passed, expectations, 20000))
      g_error ("the expectations did not pass");
    runnel_stream_page_disconnect (page);
    runnel_test_run_for (500);
    g_free (name);
    name = g_strdup_printf ("expectations-failed-%d", width);
    save (window, name);
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  AdwStyleManager *style_manager;
  g_autoptr(GError) error = NULL;
  const char *only;

  gtk_init ();
  /* RUNNEL_LOCALEDIR=_build/po LANGUAGE=zh_CN: the shots in a language of the build */
  if (g_getenv ("RUNNEL_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RUNNEL_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  if (argc != 2 && argc != 3)
    {
      g_printerr ("usage: %s OUTPUT-DIRECTORY [assembled|views|expectations]\n", argv[0]);
      return 2;
    }
  out_dir = argv[1];
  g_mkdir_with_parents (out_dir, 0755);

  app = runnel_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  if (error != NULL)
    g_error ("%s", error->message);

  style_manager = adw_style_manager_get_default ();

  /* a second argument takes only that group of shots */
  only = argc == 3 ? argv[2] : NULL;

  scheme_name = "light";
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_LIGHT);
  if (only == NULL)
    {
      take_wide_shots ();
      take_narrow_shot ();
      take_load_shots ();
      take_saved_shot ();
    }
  if (only == NULL || g_strcmp0 (only, "views") == 0)
    {
      take_views_shots (1100, 720);
      take_views_shots (400, 760);
    }
  if (only == NULL || g_strcmp0 (only, "views") == 0 || g_strcmp0 (only, "expectations") == 0)
    {
      take_expectations_shots (1000, 700);
      take_expectations_shots (400, 760);
    }
  if (g_strcmp0 (only, "views") != 0 && g_strcmp0 (only, "expectations") != 0)
    take_assembled_shot ();

  scheme_name = "dark";
  adw_style_manager_set_color_scheme (style_manager, ADW_COLOR_SCHEME_FORCE_DARK);
  if (only == NULL)
    {
      take_wide_shots ();
      take_load_shots ();
    }
  if (only == NULL || g_strcmp0 (only, "views") == 0)
    take_views_shots (1100, 720);
  if (only == NULL || g_strcmp0 (only, "views") == 0 || g_strcmp0 (only, "expectations") == 0)
    take_expectations_shots (1000, 700);
  if (g_strcmp0 (only, "views") != 0 && g_strcmp0 (only, "expectations") != 0)
    take_assembled_shot ();

  runnel_application_stop_demo_server (app);
  runnel_test_settle ();
  g_clear_object (&app);

  return 0;
}
