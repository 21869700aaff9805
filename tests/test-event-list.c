/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-list.c: the event list in the window: following the end, the filter, the selection */

#include "config.h"

#include <stdlib.h>

#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

static gboolean
list_at_end (gpointer data)
{
  GtkAdjustment *adjustment = data;

  return gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment) &&
         gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 1;
}

/* what a mouse wheel does: the page's scroll controller sees it, the list moves up */
static void
user_scrolls_to_top (RunnelStreamPage *page)
{
  GtkScrolledWindow *scroller = runnel_test_page_child (page, "list_scroller");
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (scroller));
  gboolean seen = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);
      gboolean handled = FALSE;

      if (GTK_IS_EVENT_CONTROLLER_SCROLL (controller) &&
          gtk_event_controller_get_propagation_phase (controller) == GTK_PHASE_CAPTURE)
        {
          g_signal_emit_by_name (controller, "scroll", 0.0, -10.0, &handled);
          seen = TRUE;
        }
    }

  g_assert_true (seen);
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (scroller), 0);
}

/* what the list draws is its end, not only what its scrollbar says: the last row's # is in view */
static gboolean
last_row_shown (RunnelStreamPage *page)
{
  GListModel *rows = runnel_test_page_child (page, "selection");
  g_autoptr(RunnelEventItem) last = g_list_model_get_item (rows,
                                                           g_list_model_get_n_items (rows) - 1);
  RunnelSseEvent *event = runnel_event_item_get_event (last);

  return runnel_test_row_in_view (page, runnel_sse_event_get_sequence (event));
}

/*
 * A list that grows from empty past its view, at a stream's usual pace, shows its end once the
 * stream is over and the window has drawn. The page used to scroll while GTK 4.8 allocated the
 * list, when the list does not listen to its adjustment: the scrollbar said "end" and the list
 * still drew its first rows, for good.
 */
static void
test_follow_from_start (Fixture       *fixture,
                        gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "POST", "/chat?interval=40");
  GListModel *rows = runnel_test_page_child (page, "selection");
  GtkScrolledWindow *scroller = runnel_test_page_child (page, "list_scroller");

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));

  /* more rows than the view holds, or the test shows nothing */
  g_assert_cmpfloat (gtk_adjustment_get_upper (gtk_scrolled_window_get_vadjustment (scroller)), >,
                     2 * gtk_adjustment_get_page_size (gtk_scrolled_window_get_vadjustment (scroller)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), >, 20);
  if (!last_row_shown (page))
    g_error ("the last row is not drawn in the list's view");

  runnel_test_close_page (fixture->window, page);
}

static void
test_follow (Fixture       *fixture,
             gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET", "/counter?interval=5");
  GtkScrolledWindow *scroller = runnel_test_page_child (page, "list_scroller");
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (scroller);
  GtkWidget *new_events = runnel_test_page_child (page, "new_events_button");
  AdwButtonContent *new_events_content = runnel_test_page_child (page, "new_events_content");
  GListModel *rows = runnel_test_page_child (page, "selection");
  guint n_rows;

  /* more rows than fit: the view follows the end */
  runnel_test_wait_for_rows (page, 80);
  g_assert_true (runnel_test_iterate_until (list_at_end, adjustment, 5000));
  g_assert_false (gtk_widget_get_visible (new_events));

  /* once the user scrolls up, the view holds still and counts what it does not show */
  user_scrolls_to_top (page);
  n_rows = g_list_model_get_n_items (rows);
  runnel_test_wait_for_rows (page, n_rows + 20);
  runnel_test_settle ();
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), ==, 0);
  g_assert_true (gtk_widget_get_visible (new_events));
  g_assert_true (g_str_has_suffix (adw_button_content_get_label (new_events_content),
                                   " new events"));
  g_assert_cmpint (atoi (adw_button_content_get_label (new_events_content)), >=, 20);

  /* the button brings the view back to the end, and it follows again */
  gtk_widget_activate_action (new_events, "stream.scroll-to-end", NULL);
  g_assert_false (gtk_widget_get_visible (new_events));
  n_rows = g_list_model_get_n_items (rows);
  runnel_test_wait_for_rows (page, n_rows + 20);
  g_assert_true (runnel_test_iterate_until (list_at_end, adjustment, 5000));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);

  runnel_test_close_page (fixture->window, page);
}

typedef struct
{
  RunnelStreamPage *page;
  guint64           sequence;
} RowWait;

static gboolean
row_in_view (gpointer data)
{
  RowWait *wait = data;

  return runnel_test_row_in_view (wait->page, wait->sequence);
}

static void
search (RunnelStreamPage *page,
        const char       *text)
{
  runnel_test_search (page, text);
  runnel_test_wait_for_filter (page);
}

static guint64
selected_sequence (RunnelStreamPage *page)
{
  RunnelEventItem *item = gtk_single_selection_get_selected_item (runnel_test_page_child (page,
                                                                                    "selection"));

  return item != NULL ? runnel_sse_event_get_sequence (runnel_event_item_get_event (item)) : 0;
}

/*
 * The selected event stays selected, and in view, through filters that show it; a filter that
 * hides it empties the detail, and the event comes back, selected and in view, when the filter
 * shows it again
 */
static void
test_filter_keeps_selection (Fixture       *fixture,
                             gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  GtkStack *detail_stack = runnel_test_page_child (page, "detail_stack");
  GListModel *rows = runnel_test_page_child (page, "selection");
  GtkWidget *new_events = runnel_test_page_child (page, "new_events_button");
  RowWait wait = { page, 1500 };

  runnel_test_fill_log (log, 3000, 100);
  runnel_test_wait_for_rows (page, 3000);
  g_assert_true (runnel_test_iterate_until (list_at_end, gtk_scrolled_window_get_vadjustment (
                                              runnel_test_page_child (page, "list_scroller")),
                                            5000));
  user_scrolls_to_top (page);

  /* with nothing selected, a new result starts from its top; it is not "new events" */
  search (page, "hay");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2970);
  wait.sequence = 1;
  g_assert_true (runnel_test_iterate_until (row_in_view, &wait, 5000));
  g_assert_false (gtk_widget_get_visible (new_events));
  search (page, "");
  g_assert_true (runnel_test_iterate_until (row_in_view, &wait, 5000));
  g_assert_false (gtk_widget_get_visible (new_events));
  wait.sequence = 1500;

  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (rows), 1499);
  g_assert_cmpstr (runnel_test_page_label (page, "detail_title"), ==, "Event 1500");

  search (page, "needle");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 30);
  g_assert_cmpuint (selected_sequence (page), ==, 1500);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "event");
  g_assert_true (runnel_test_iterate_until (row_in_view, &wait, 5000));
  /* a new result is not new events */
  g_assert_false (gtk_widget_get_visible (new_events));

  search (page, "hay");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2970);
  g_assert_cmpuint (selected_sequence (page), ==, 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "none");

  search (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 3000);
  g_assert_cmpuint (selected_sequence (page), ==, 1500);
  g_assert_cmpstr (runnel_test_page_label (page, "detail_title"), ==, "Event 1500");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "event");
  g_assert_true (runnel_test_iterate_until (row_in_view, &wait, 5000));
  g_assert_false (gtk_widget_get_visible (new_events));

  runnel_test_close_page (fixture->window, page);
}

static void
test_filter (Fixture       *fixture,
             gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window,
                                                  "GET", "/counter?interval=2&count=30");
  GtkEditable *filter_entry = runnel_test_page_child (page, "filter_entry");
  GListModel *rows = runnel_test_page_child (page, "selection");
  GtkWidget *shown_label = runnel_test_page_child (page, "shown_label");

  /* the server ends after 30 events, and the client would come back for 30 more: not here */
  runnel_test_wait_for_rows (page, 30);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 30);
  g_assert_false (gtk_widget_get_visible (shown_label));

  /* ids and data 1, 10 to 19, 21: twelve events mention "1"; the status bar says how many of
   * all are shown */
  gtk_editable_set_text (filter_entry, "1");
  runnel_test_wait_for_exact_rows (page, 12);
  g_assert_true (gtk_widget_get_visible (shown_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (shown_label)), ==, "12 of 30 shown");

  gtk_editable_set_text (filter_entry, "no such event");
  runnel_test_wait_for_exact_rows (page, 0);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (shown_label)), ==, "0 of 30 shown");
  g_assert_cmpstr (gtk_label_get_text (runnel_test_page_child (page, "list_placeholder")), ==,
                   "No events match the filter");
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "list_placeholder")));

  gtk_editable_set_text (filter_entry, "");
  runnel_test_wait_for_exact_rows (page, 30);
  g_assert_false (gtk_widget_get_visible (shown_label));

  /* Clear empties the list; the stream (here ended) is not touched */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.clear", NULL);
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 0);
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "list_placeholder")));

  runnel_test_close_page (fixture->window, page);
}

/*
 * A chosen row stops following the end; "N new events" counts only the rows that come below the
 * view, not those that arrive where every row is in view
 */
static void
test_new_events_below (Fixture       *fixture,
                       gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/counter?interval=20&count=8");
  GtkWidget *new_events = runnel_test_page_child (page, "new_events_button");
  GtkSingleSelection *rows = runnel_test_page_child (page, "selection");
  guint n_rows;

  /* every row in view */
  runnel_test_wait_for_rows (page, 2);
  gtk_single_selection_set_selected (rows, 0);
  runnel_test_wait_for_exact_rows (page, 8);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  runnel_test_settle ();
  g_assert_false (gtk_widget_get_visible (new_events));
  runnel_test_close_page (fixture->window, page);

  /* more rows than fit: those after the chosen one come below the view */
  page = runnel_test_open_demo (fixture->window, "GET", "/counter?interval=5");
  new_events = runnel_test_page_child (page, "new_events_button");
  rows = runnel_test_page_child (page, "selection");
  runnel_test_wait_for_rows (page, 80);
  n_rows = g_list_model_get_n_items (G_LIST_MODEL (rows));
  gtk_single_selection_set_selected (rows, n_rows - 1);
  runnel_test_wait_for_rows (page, n_rows + 20);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  runnel_test_settle ();
  g_assert_true (gtk_widget_get_visible (new_events));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_close_page (fixture->window, page);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

  RUNNEL_UI_TEST_ADD ("/runnel/ui/event-list/follow", test_follow);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/event-list/follow-from-start", test_follow_from_start);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/event-list/new-events-below", test_new_events_below);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/event-list/filter-keeps-selection", test_filter_keeps_selection);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/event-list/filter", test_filter);

  return runnel_ui_test_run ();
}
