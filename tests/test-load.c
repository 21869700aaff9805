/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-load.c: the window under load and by keyboard: filters, pause, retention, raw, narrow */

#include "config.h"

#include <string.h>

#include "runnel-filter-bar.h"
#include "runnel-filtered-log.h"
#include "runnel-raw-view.h"
#include "runnel-window.h"
#include "ui-test-util.h"

#define WAIT_MS 10000

typedef RunnelUiFixture Fixture;

static GListModel *
rows_of (RunnelStreamPage *page)
{
  return G_LIST_MODEL (runnel_test_page_child (page, "selection"));
}

static RunnelSseEvent *
row_event (RunnelStreamPage *page,
           guint             position)
{
  g_autoptr(RunnelEventItem) item = g_list_model_get_item (rows_of (page), position);

  /* the log holds the event */
  return runnel_event_item_get_event (item);
}

static void
activate (Fixture    *fixture,
          const char *action)
{
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), action, NULL));
}

/* the type chooser lists the types seen; choosing one, "only with id" and the text combine */
static void
test_filter_type (Fixture       *fixture,
                  gconstpointer  data)
{
  const char *path = "/events?types=alpha,beta,gamma&interval=2&count=30";
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", path);
  RunnelFilterBar *bar = runnel_test_page_child (page, "filter_bar");
  GListModel *types = runnel_filter_bar_get_types (bar);
  GtkEditable *filter_entry = runnel_test_page_child (page, "filter_entry");

  /* the server ends after 30 events, and the client would come back for more: not here */
  runnel_test_wait_for_rows (page, 30);
  runnel_stream_page_disconnect (page);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (page)), ==, 30);

  g_assert_cmpuint (g_list_model_get_n_items (types), ==, 4);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (types), 0), ==, "All Types");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (types), 1), ==, "alpha");
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (types), 3), ==, "gamma");

  g_assert_true (runnel_filter_bar_select_type (bar, "beta"));
  runnel_test_wait_for_exact_rows (page, 10);
  for (guint i = 0; i < 10; i++)
    g_assert_cmpstr (runnel_sse_event_get_event_type (row_event (page, i)), ==, "beta");
  /* a type alone is a filter too */
  g_assert_cmpstr (runnel_test_page_label (page, "shown_label"), ==, "10 of 30 shown");

  /* beta events 2, 5, ... 29: "event 2", 20, 23, 26 and 29 */
  gtk_editable_set_text (filter_entry, "EVENT 2");
  runnel_test_wait_for_exact_rows (page, 5);

  g_assert_true (runnel_filter_bar_select_type (bar, NULL));
  /* events 2 and 20 to 29 */
  runnel_test_wait_for_exact_rows (page, 11);

  gtk_editable_set_text (filter_entry, "");
  runnel_test_wait_for_exact_rows (page, 30);
}

/* "only events with an id" hides the clock's events, which have none */
static void
test_filter_with_id (Fixture       *fixture,
                     gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/clock?interval=20");
  RunnelFilterBar *bar = runnel_test_page_child (page, "filter_bar");
  RunnelEventFilter *filter = runnel_filter_bar_get_filter (bar);
  GtkWidget *placeholder = runnel_test_page_child (page, "list_placeholder");

  runnel_test_wait_for_rows (page, 3);

  runnel_event_filter_set_with_id (filter, TRUE);
  runnel_test_wait_for_exact_rows (page, 0);
  g_assert_true (gtk_widget_get_visible (placeholder));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (placeholder)), ==, "No events match the filter");

  runnel_event_filter_set_with_id (filter, FALSE);
  runnel_test_wait_for_rows (page, 3);
  g_assert_false (gtk_widget_get_visible (placeholder));
}

static void
count_changes (guint *n_changes)
{
  (*n_changes)++;
}

typedef struct
{
  guint total;
  guint n_between;  /* times it said it had looked at some, not all */
} Progress;

static void
pending_changed (RunnelFilteredLog *shown,
                 GParamSpec        *pspec,
                 Progress          *progress)
{
  guint pending = runnel_filtered_log_get_pending (shown);

  if (pending > 1 && pending < progress->total)
    progress->n_between++;
}

/*
 * 100,000 events are filtered a slice at a time: the main loop (and with it the window's
 * drawing and typing) gets its turn between the slices, and the list only changes when the
 * result is complete
 */
static void
test_filter_incremental (Fixture       *fixture,
                         gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  RunnelFilteredLog *shown = RUNNEL_FILTERED_LOG (runnel_stream_page_get_shown_events (page));
  Progress progress = { 100000, 0 };
  guint n_changes = 0;
  gulong handler;

  runnel_test_fill_log (log, 100000, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (page)), ==, 100000);

  g_signal_connect (shown, "notify::pending", G_CALLBACK (pending_changed), &progress);
  handler = g_signal_connect_swapped (shown, "items-changed", G_CALLBACK (count_changes),
                                      &n_changes);
  runnel_test_search (page, "needle");
  g_assert_cmpuint (runnel_filtered_log_get_pending (shown), >, 0);

  runnel_test_wait_for_filter (page);
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (page)), ==, 100);
  g_assert_cmpuint (progress.n_between, >=, 2);
  /* the new rows beside the old, then the old ones gone: no list in between */
  g_assert_cmpuint (n_changes, ==, 2);
  g_signal_handler_disconnect (shown, handler);
  g_signal_handlers_disconnect_by_data (shown, &progress);
}

typedef struct
{
  RunnelStreamPage *page;
  guint64           n_received;
} ReceivedWait;

static gboolean
has_received (gpointer data)
{
  ReceivedWait *wait = data;
  RunnelSseClient *client = runnel_stream_page_get_client (wait->page);

  return runnel_sse_client_get_events_received (client) >= wait->n_received;
}

/* Pause: the list holds still, events are still received and counted; Resume shows them */
static void
test_pause (Fixture       *fixture,
            gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/counter?interval=5&count=60");
  GtkLabel *held_label = runnel_test_page_child (page, "held_label");
  ReceivedWait wait = { page, 0 };
  g_autofree char *held_text = NULL;
  guint n_rows;
  guint64 received;

  runnel_test_wait_for_rows (page, 5);
  activate (fixture, "win.pause");
  g_assert_true (runnel_stream_page_get_paused (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (held_label)));

  n_rows = g_list_model_get_n_items (rows_of (page));
  wait.n_received = n_rows + 10;
  g_assert_true (runnel_test_iterate_until (has_received, &wait, WAIT_MS));
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (page)), ==, n_rows);

  /* the status says how many are held (it is refreshed with the state) */
  runnel_stream_page_disconnect (page);
  received = runnel_sse_client_get_events_received (runnel_stream_page_get_client (page));
  held_text = g_strdup_printf ("Paused · %u held", (guint) (received - n_rows));
  g_assert_cmpstr (gtk_label_get_text (held_label), ==, held_text);

  activate (fixture, "win.pause");
  g_assert_false (runnel_stream_page_get_paused (page));
  runnel_test_wait_for_exact_rows (page, received);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (held_label)));
}

/* Ctrl+L clears the list and the raw bytes; the stream goes on */
static void
test_clear (Fixture       *fixture,
            gconstpointer  data)
{
  GtkApplication *app = GTK_APPLICATION (runnel_ui_test_app ());
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/clock?interval=20");
  RunnelRawView *raw_view = runnel_test_page_child (page, "raw_view");
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, "win.clear");
  gsize raw_len = 0;

  g_assert_cmpstr (accels[0], ==, "<Control>l");

  runnel_test_wait_for_rows (page, 3);
  activate (fixture, "win.clear");
  g_assert_cmpuint (g_list_model_get_n_items (rows_of (page)), ==, 0);
  runnel_raw_log_peek (runnel_raw_view_get_log (raw_view), &raw_len, NULL);
  g_assert_cmpuint (raw_len, ==, 0);

  g_assert_cmpint (runnel_stream_page_get_state (page), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  runnel_test_wait_for_rows (page, 1);
}

static gboolean
has_dropped (gpointer data)
{
  return runnel_event_log_get_n_dropped (runnel_stream_page_get_log (data)) >= 300;
}

/* the retention limit (a preference) drops the oldest events and says how many */
static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");
  RunnelStreamPage *page;
  RunnelEventLog *log;
  GtkLabel *dropped_label;
  g_autofree char *dropped_text = NULL;

  g_settings_set_uint (settings, "retention-limit", 100);
  page = runnel_test_open_demo (fixture->window, "GET", "/firehose?rate=0&size=20&count=100000");
  log = runnel_stream_page_get_log (page);
  dropped_label = runnel_test_page_child (page, "dropped_label");
  g_assert_cmpuint (runnel_event_log_get_retention (log), ==, 100);

  g_assert_true (runnel_test_iterate_until (has_dropped, page, WAIT_MS));
  runnel_stream_page_disconnect (page);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), <=, 100);
  g_assert_cmpuint (runnel_sse_event_get_sequence (runnel_event_log_peek (log, 0)), >, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (dropped_label)));
  dropped_text = g_strdup_printf ("%" G_GUINT64_FORMAT " dropped",
                                  runnel_event_log_get_n_dropped (log));
  g_assert_cmpstr (gtk_label_get_text (dropped_label), ==, dropped_text);

  /* the preference applies to open streams at once */
  g_settings_reset (settings, "retention-limit");
  g_assert_cmpuint (runnel_event_log_get_retention (log), ==, 100000);
}

/* the raw view shows the bytes with their line endings, comments and retry:, and the event */
static void
test_raw (Fixture       *fixture,
          gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/events?types=a,b&interval=2&count=8");
  RunnelRawView *raw_view = runnel_test_page_child (page, "raw_view");
  GtkSingleSelection *selection = runnel_test_page_child (page, "selection");
  g_autofree char *text = NULL;
  g_autofree char *highlighted = NULL;
  g_autofree char *none = NULL;

  runnel_test_wait_for_rows (page, 8);

  activate (fixture, "win.show-raw");
  g_assert_true (runnel_stream_page_get_show_raw (page));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (raw_view)));
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "event_list")));

  gtk_single_selection_set_selected (selection, 1);
  runnel_raw_view_refresh (raw_view);
  text = runnel_raw_view_get_text (raw_view, &highlighted);
  g_assert_nonnull (strstr (text, ": a comment before event 1\\n\n"));
  g_assert_nonnull (strstr (text, "retry: 3000\\n\n"));
  g_assert_cmpstr (highlighted, ==,
                   "event: b\\n\nid: 2\\n\ndata: b event 2\\n\ndata: has a second line\\n\n\\n\n");

  gtk_single_selection_set_selected (selection, GTK_INVALID_LIST_POSITION);
  g_free (runnel_raw_view_get_text (raw_view, &none));
  g_assert_null (none);

  activate (fixture, "win.show-raw");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (raw_view)));
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "event_list")));
}

/* bad bytes show in the Raw view as in the event's data: one U+FFFD per maximal subpart */
static void
test_raw_invalid_utf8 (Fixture       *fixture,
                       gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/fault/invalid-utf8");
  RunnelRawView *raw_view = runnel_test_page_child (page, "raw_view");
  g_autofree char *text = NULL;

  runnel_test_wait_for_rows (page, 6);
  activate (fixture, "win.show-raw");
  runnel_raw_view_refresh (raw_view);
  text = runnel_raw_view_get_text (raw_view, NULL);

  for (guint i = 1; i < 5; i++)
    {
      g_autofree char *line = g_strdup_printf ("data: %s\\n\n",
                                               runnel_sse_event_get_data (row_event (page, i),
                                                                          NULL));

      g_assert_nonnull (strstr (text, line));
    }
  /* E2 82 is the start of a sequence cut short: one U+FFFD, where GLib would put two */
  g_assert_nonnull (strstr (text, "data: a truncated \xef\xbf\xbd sequence\\n\n"));

  activate (fixture, "win.show-raw");
}

/* 360 px wide: the list, then the detail of the activated row instead of it, and back */
static void
test_narrow_detail (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/counter?interval=2&count=5");
  GtkWidget *list_box = runnel_test_page_child (page, "list_box");
  GtkWidget *detail = runnel_test_page_child (page, "detail_stack");
  GtkWidget *back_button = runnel_test_page_child (page, "back_button");
  GtkColumnView *column_view = runnel_test_page_child (page, "column_view");
  int minimum = 0;

  runnel_test_wait_for_rows (page, 5);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 640);
  runnel_test_settle ();

  /* everything fits in 360 pixels */
  gtk_widget_measure (GTK_WIDGET (fixture->window), GTK_ORIENTATION_HORIZONTAL, -1,
                      &minimum, NULL, NULL, NULL);
  g_assert_cmpint (minimum, <=, 360);

  g_assert_true (gtk_widget_get_visible (list_box));
  g_assert_false (gtk_widget_get_visible (detail));
  /* #, type and data: the data is not squeezed out of sight */
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 3);

  g_signal_emit_by_name (column_view, "activate", 2);
  g_assert_true (runnel_test_page_detail_open (page));
  g_assert_false (gtk_widget_get_visible (list_box));
  g_assert_true (gtk_widget_get_visible (detail));
  g_assert_true (gtk_widget_get_visible (back_button));
  g_assert_cmpstr (runnel_test_page_label (page, "detail_title"), ==, "Event 3");

  activate (fixture, "win.show-list");
  g_assert_false (runnel_test_page_detail_open (page));
  g_assert_true (gtk_widget_get_visible (list_box));
  g_assert_false (gtk_widget_get_visible (detail));

  /* wide again: both, side by side */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  g_assert_true (gtk_widget_get_visible (list_box));
  g_assert_true (gtk_widget_get_visible (detail));
  g_assert_false (gtk_widget_get_visible (back_button));
  g_assert_cmpuint (g_list_model_get_n_items (gtk_column_view_get_columns (column_view)), ==, 6);
}

/* every new action has an accelerator, and the shortcuts window lists it */
static void
test_shortcuts (Fixture       *fixture,
                gconstpointer  data)
{
  GtkApplication *app = GTK_APPLICATION (runnel_ui_test_app ());
  const char *actions[] = { "win.clear", "win.pause", "win.show-raw", "win.reconnect",
                            "win.show-list", "win.focus-filter", "win.focus-url" };
  g_autoptr(GBytes) help = g_resources_lookup_data ("/io/github/runnel/Runnel/gtk/help-overlay.ui",
                                                    G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  g_autofree char *help_text = NULL;

  g_assert_nonnull (gtk_application_window_get_help_overlay (
    GTK_APPLICATION_WINDOW (fixture->window)));
  g_assert_nonnull (help);
  help_text = g_strndup (g_bytes_get_data (help, NULL), g_bytes_get_size (help));

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    {
      g_auto(GStrv) accels = gtk_application_get_accels_for_action (app, actions[i]);
      g_autofree char *listed = g_strdup_printf (">%s<", actions[i]);

      g_assert_cmpuint (g_strv_length (accels), >, 0);
      g_assert_nonnull (strstr (help_text, listed));
    }
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) RUNNEL_UI_TEST_ADD ("/runnel/load/" path, func)

  ADD ("filter-type", test_filter_type);
  ADD ("filter-with-id", test_filter_with_id);
  ADD ("filter-incremental", test_filter_incremental);
  ADD ("pause", test_pause);
  ADD ("clear", test_clear);
  ADD ("retention", test_retention);
  ADD ("raw", test_raw);
  ADD ("raw-invalid-utf8", test_raw_invalid_utf8);
  ADD ("narrow-detail", test_narrow_detail);
  ADD ("shortcuts", test_shortcuts);

#undef ADD

  return runnel_ui_test_run ();
}
