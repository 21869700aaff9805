/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-replay-ui.c: Serve This Capture, HAR files and Run Live in the real window */

#include "config.h"

#include <string.h>

#include "runnel-application.h"
#include "runnel-har-chooser.h"
#include "runnel-serve-dialog.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

static guint
n_tabs (RunnelWindow *window)
{
  return adw_tab_view_get_n_pages (runnel_window_get_tab_view (window));
}

static guint
n_events (RunnelStreamPage *page)
{
  return g_list_model_get_n_items (G_LIST_MODEL (runnel_stream_page_get_log (page)));
}

/* (transfer full): the newest toplevel of @type, or NULL */
static GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();   /* transfer none */
  GtkWidget *found = NULL;

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type))
        g_set_object (&found, GTK_WIDGET (window));
    }

  return found;
}

static GFile *
fixture_file (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "har", name, NULL);

  return g_file_new_for_path (path);
}

/*
 * A live tab's events served from the built-in server: a second tab on its URL receives them
 * in order, with their ids and types; the first tab's stream goes on.
 */
static void
test_serve_capture (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *live = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/events?types=a,b&count=4"
                                                             "&interval=20");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  RunnelStreamPage *replay;
  RunnelEventLog *log;
  RunnelEventLog *replay_log;
  guint served = 0;

  g_assert_nonnull (live);
  runnel_test_wait_for_rows (live, 4);
  runnel_stream_page_disconnect (live);
  log = runnel_stream_page_get_log (live);

  url = _runnel_window_serve_capture (fixture->window, live, &served, &error);
  g_assert_no_error (error);
  g_assert_nonnull (url);
  g_assert_true (g_str_has_prefix (url, runnel_application_get_demo_uri (runnel_ui_test_app ())));
  g_assert_true (g_str_has_suffix (url, "capture/1") || strstr (url, "/capture/") != NULL);
  g_assert_cmpuint (served, ==, n_events (live));

  replay = runnel_window_open_url (fixture->window, url, TRUE);
  runnel_test_wait_for_rows (replay, served);
  replay_log = runnel_stream_page_get_log (replay);
  for (guint i = 0; i < served; i++)
    {
      RunnelSseEvent *a = runnel_event_log_peek (log, i);
      RunnelSseEvent *b = runnel_event_log_peek (replay_log, i);

      g_assert_cmpstr (runnel_sse_event_get_data (a, NULL), ==, runnel_sse_event_get_data (b, NULL));
      g_assert_cmpstr (runnel_sse_event_get_id (a), ==, runnel_sse_event_get_id (b));
      g_assert_cmpstr (runnel_sse_event_get_event_type (a), ==,
                       runnel_sse_event_get_event_type (b));
    }
  runnel_stream_page_disconnect (replay);
}

/* the dialog: the URL with Copy; Open in New Tab opens a connected tab on it */
static void
test_serve_dialog (Fixture       *fixture,
                   gconstpointer  data)
{
  RunnelStreamPage *live = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/counter?interval=20&count=3");
  g_autoptr(GtkWidget) dialog = NULL;
  g_autofree char *copied = NULL;
  GtkWidget *copy = NULL;
  guint before;

  runnel_test_wait_for_rows (live, 3);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.serve-capture", NULL);

  dialog = find_toplevel (RUNNEL_TYPE_SERVE_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (g_str_has_prefix (runnel_serve_dialog_get_url (RUNNEL_SERVE_DIALOG (dialog)),
                                   "http://127.0.0.1:"));

  /* Copy puts the URL on the clipboard */
  for (GtkWidget *w = gtk_widget_get_first_child (
         adw_message_dialog_get_extra_child (ADW_MESSAGE_DIALOG (dialog)));
       w != NULL; w = gtk_widget_get_next_sibling (w))
    {
      if (GTK_IS_BUTTON (w))
        copy = w;
    }
  g_assert_nonnull (copy);
  g_signal_emit_by_name (copy, "clicked");
  copied = runnel_test_read_clipboard (dialog);
  g_assert_cmpstr (copied, ==, runnel_serve_dialog_get_url (RUNNEL_SERVE_DIALOG (dialog)));

  before = n_tabs (fixture->window);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "open");
  g_assert_cmpuint (n_tabs (fixture->window), ==, before + 1);
  runnel_test_wait_for_rows (runnel_window_get_current_page (fixture->window), 3);
  runnel_stream_page_disconnect (runnel_window_get_current_page (fixture->window));
  gtk_window_destroy (GTK_WINDOW (dialog));
}

/* Firefox's HAR: two streams, the chooser, one chosen; the request loaded; Run Live */
static void
test_open_har (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("firefox.har");
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page = NULL;
  GtkWidget *chooser;
  gsize length = 0;
  guint before = n_tabs (fixture->window);

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  chooser = _runnel_window_open_har (fixture->window, file, contents, length, &page, &error);
  g_assert_no_error (error);
  g_assert_null (page);
  g_assert_true (RUNNEL_IS_HAR_CHOOSER (chooser));
  g_assert_cmpuint (n_tabs (fixture->window), ==, before);

  /* leave the first stream out: only the second opens */
  runnel_har_chooser_set_chosen (RUNNEL_HAR_CHOOSER (chooser), 0, FALSE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (chooser), "open");
  g_assert_cmpuint (n_tabs (fixture->window), ==, before + 1);

  page = runnel_window_get_current_page (fixture->window);
  g_assert_true (runnel_stream_page_get_read_only (page));
  g_assert_cmpuint (n_events (page), ==, 2);
  g_assert_cmpstr (runnel_stream_page_get_url (page), ==, "http://127.0.0.1:8080/events");
  request = runnel_stream_page_build_request (page);
  g_assert_nonnull (request);
  g_assert_cmpstr (runnel_request_find_header (request, "Last-Event-ID"), ==, "6");
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "run_live_button")));
}

/* Chrome's HAR through Open Capture: the chooser; Run Live sends the request in a new tab */
static void
test_run_live (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("chrome.har");
  g_autoptr(GtkWidget) asked = NULL;
  g_autoptr(GPtrArray) chosen = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *url = NULL;
  RunnelStreamPage *page = NULL;
  RunnelStreamPage *live;
  GtkWidget *chooser;
  gsize length = 0;
  guint before = n_tabs (fixture->window);

  /* asked, not opened: no tab and no error */
  g_assert_null (_runnel_window_open_capture (fixture->window, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_tabs (fixture->window), ==, before);
  asked = find_toplevel (RUNNEL_TYPE_HAR_CHOOSER);
  g_assert_nonnull (asked);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (asked), "cancel");
  g_assert_cmpuint (n_tabs (fixture->window), ==, before);

  g_assert_true (g_file_load_contents (file, NULL, &contents, &length, NULL, NULL));
  chooser = _runnel_window_open_har (fixture->window, file, contents, length, &page, &error);
  g_assert_no_error (error);
  chosen = runnel_har_chooser_get_chosen (RUNNEL_HAR_CHOOSER (chooser));
  g_assert_cmpuint (chosen->len, ==, 2);
  runnel_har_chooser_set_chosen (RUNNEL_HAR_CHOOSER (chooser), 0, FALSE);
  runnel_har_chooser_set_chosen (RUNNEL_HAR_CHOOSER (chooser), 1, FALSE);
  g_assert_false (adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (chooser), "open"));
  runnel_har_chooser_set_chosen (RUNNEL_HAR_CHOOSER (chooser), 0, TRUE);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (chooser), "open");

  /* the EventSource's tab, pointed at the demo server to run it again here */
  page = runnel_window_get_current_page (fixture->window);
  g_assert_cmpuint (n_events (page), ==, 3);
  g_assert_nonnull (runnel_application_ensure_demo_server (runnel_ui_test_app (), &error));
  g_assert_no_error (error);
  url = g_strconcat (runnel_application_get_demo_uri (runnel_ui_test_app ()), "counter?interval=20&count=2",
                     NULL);
  runnel_stream_page_set_url (page, url);

  gtk_widget_activate_action (GTK_WIDGET (page), "win.run-live", NULL);
  live = runnel_window_get_current_page (fixture->window);
  g_assert_true (live != page);
  g_assert_false (runnel_stream_page_get_read_only (live));
  runnel_test_wait_for_rows (live, 2);
  runnel_stream_page_disconnect (live);
  /* the capture stays as it was */
  g_assert_cmpuint (n_events (page), ==, 3);
}

/* a broken HAR: the error names the entry and field, and no tab opens */
static void
test_broken_har (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GFile) file = fixture_file ("missing-url.har");
  g_autoptr(GError) error = NULL;
  guint before = n_tabs (fixture->window);

  g_assert_null (_runnel_window_open_capture (fixture->window, file, &error));
  g_assert_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==, "Entry 1: request.url is missing");
  g_assert_cmpuint (n_tabs (fixture->window), ==, before);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  RUNNEL_UI_TEST_ADD ("/runnel/ui/replay/" path, func)

  ADD ("serve-capture", test_serve_capture);
  ADD ("serve-dialog", test_serve_dialog);
  ADD ("open-har", test_open_har);
  ADD ("run-live", test_run_live);
  ADD ("broken-har", test_broken_har);

#undef ADD

  return runnel_ui_test_run ();
}
