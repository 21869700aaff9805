/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-raw-view.c: the Raw view toggled in every state of a stream, drawn without a warning */

#include "config.h"

#include "runnel-stream-page-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

static gboolean
raw_shown (gpointer page)
{
  return runnel_stream_page_get_show_raw (page);
}

static gboolean
raw_hidden (gpointer page)
{
  return !runnel_stream_page_get_show_raw (page);
}

static gboolean
toggle_raw_tick (GtkWidget     *widget,
                 GdkFrameClock *clock,
                 gpointer       data)
{
  gtk_widget_activate_action (widget, "stream.show-raw", NULL);

  return G_SOURCE_REMOVE;
}

/*
 * Raw toggled within a frame, as a key press is: GTK delivers input at the start of a frame and
 * lays out and draws in the same dispatch, so a view that fills its text when it is shown has it
 * laid out and drawn before any idle runs. A tick callback runs at the same point.
 */
static void
toggle_raw_in_frame (RunnelStreamPage *page,
                     gboolean          show)
{
  gtk_widget_add_tick_callback (GTK_WIDGET (page), toggle_raw_tick, NULL, NULL);
  g_assert_true (runnel_test_iterate_until (show ? raw_shown : raw_hidden, page, 1000));
}

/* Raw on, drawn, Raw off, drawn, a few times, by action and within a frame: a widget drawn
 * without an allocation warns, and the tests' warnings are fatal */
static void
toggle_raw (RunnelStreamPage *page)
{
  for (guint i = 0; i < 4; i++)
    {
      if (i % 2 == 0)
        gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
      else
        toggle_raw_in_frame (page, TRUE);
      g_assert_true (runnel_stream_page_get_show_raw (page));
      g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
      runnel_test_run_for (50);
      if (i % 2 == 0)
        gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
      else
        toggle_raw_in_frame (page, FALSE);
      g_assert_false (runnel_stream_page_get_show_raw (page));
      g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
      /* more bytes arrive while Raw is hidden, so it shows a taller text the next time */
      runnel_test_run_for (100);
    }
}

static void
test_toggle_states (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/firehose");

  g_assert_nonnull (page);
  runnel_test_wait_for_rows (page, 3);
  toggle_raw (page);

  /* paused */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  g_assert_true (runnel_stream_page_get_paused (page));
  runnel_test_run_for (200);
  toggle_raw (page);

  /* resumed: the held events arrive at once */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  g_assert_false (runnel_stream_page_get_paused (page));
  runnel_test_run_for (200);
  toggle_raw (page);

  /* paused with Raw shown, then resumed */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  runnel_test_run_for (200);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  runnel_test_run_for (200);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  runnel_test_run_for (100);

  /* disconnected */
  runnel_stream_page_disconnect (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  toggle_raw (page);

  /* connected again, a new stream */
  g_assert_true (runnel_stream_page_connect (page));
  runnel_test_wait_for_rows (page, 3);
  toggle_raw (page);

  /* cleared */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.clear", NULL);
  toggle_raw (page);
}

/* the same in a narrow window, where Raw takes the list's place */
static void
test_toggle_narrow (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 400, 700);
  runnel_test_run_for (200);
  page = runnel_window_open_demo_endpoint (fixture->window, "GET", "/firehose");
  g_assert_nonnull (page);
  runnel_test_wait_for_rows (page, 3);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  toggle_raw (page);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  toggle_raw (page);
  runnel_stream_page_disconnect (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  toggle_raw (page);
}

/* whether the highlighted event's first line is drawn within the raw view's visible area */
static gboolean
highlight_in_view (gpointer data)
{
  GtkTextView *text_view = data;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GtkTextMark *mark = gtk_text_buffer_get_mark (buffer, "highlight");
  GdkRectangle visible;
  GtkTextIter iter;
  int y, height;

  if (mark == NULL)
    return FALSE;

  /* the line's place (laid out: some height), not the character's, which would lay the line out */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, mark);
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_yrange (text_view, &iter, &y, &height);

  return height > 0 && y >= visible.y && y + height <= visible.y + visible.height;
}

/* in view, and near the top, where Raw puts it, unless the text ends before */
static gboolean
highlight_near_top (gpointer data)
{
  GtkTextView *text_view = data;
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (text_view));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (text_view);
  GdkRectangle visible;
  GtkTextIter iter;
  int y;

  if (!highlight_in_view (text_view))
    return FALSE;

  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_mark (buffer, "highlight"));
  gtk_text_view_get_visible_rect (text_view, &visible);
  gtk_text_view_get_line_yrange (text_view, &iter, &y, NULL);

  return y <= visible.y + visible.height / 4 ||
         gtk_adjustment_get_value (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

/*
 * With an event selected, Raw shows its bytes highlighted and keeps them in view while the
 * stream goes on and the view refreshes with the new bytes
 */
static void
test_selected_live (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/counter?interval=5");
  RunnelRawView *raw_view = runnel_test_page_child (page, "raw_view");
  GtkTextView *text_view = runnel_test_page_child (page, "text_view");
  GtkSingleSelection *rows = runnel_test_page_child (page, "selection");
  g_autofree char *expected = NULL;
  RunnelSseEvent *event;

  runnel_test_wait_for_rows (page, 80);
  gtk_single_selection_set_selected (rows, 40);
  event = runnel_event_item_get_event (gtk_single_selection_get_selected_item (rows));
  expected = g_strdup_printf ("id: %s\\n\n", runnel_sse_event_get_id (event));
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);

  /* several refreshes, with more events after the selected one each time */
  for (guint i = 0; i < 3; i++)
    {
      guint n_rows = g_list_model_get_n_items (G_LIST_MODEL (rows));
      g_autofree char *highlighted = NULL;
      g_autofree char *text = NULL;

      runnel_test_wait_for_rows (page, n_rows + 10);
      runnel_raw_view_refresh (raw_view);

      text = runnel_raw_view_get_text (raw_view, &highlighted);
      g_assert_nonnull (highlighted);
      g_assert_true (g_str_has_prefix (highlighted, expected));
      /* laid out, and scrolled, in the frames after the refresh */
      if (!runnel_test_iterate_until (highlight_near_top, text_view, 10000))
        g_error ("the selected event is not near the top of the raw view after %u refreshes", i);
    }

  runnel_stream_page_disconnect (page);
  runnel_test_close_page (fixture->window, page);
}

/*
 * Paused, with an event selected far above the end: showing Raw brings the event into view, its
 * first line near the top, as it does the first time Raw is shown on a tab
 */
static void
test_selected_paused (Fixture       *fixture,
                      gconstpointer  data)
{
  RunnelStreamPage *page = runnel_test_open_demo (fixture->window, "GET",
                                                  "/counter?interval=5");
  GtkTextView *text_view = runnel_test_page_child (page, "text_view");
  GtkSingleSelection *rows = runnel_test_page_child (page, "selection");

  runnel_test_wait_for_rows (page, 120);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  gtk_single_selection_set_selected (rows, 30);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));
  if (!runnel_test_iterate_until (highlight_near_top, text_view, 3000))
    g_error ("the selected event is not near the top of the raw view");

  /* hidden and shown again, the same */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  gtk_single_selection_set_selected (rows, 60);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));
  if (!runnel_test_iterate_until (highlight_near_top, text_view, 3000))
    g_error ("the selected event is not near the top after Raw was shown again");
  runnel_test_run_for (300);
  g_assert_true (highlight_near_top (text_view));

  runnel_stream_page_disconnect (page);
  runnel_test_close_page (fixture->window, page);

  /* a short stream, the text a little taller than the view */
  page = runnel_test_open_demo (fixture->window, "GET", "/events?interval=50&count=12");
  text_view = runnel_test_page_child (page, "text_view");
  rows = runnel_test_page_child (page, "selection");
  runnel_test_wait_for_rows (page, 8);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.pause", NULL);
  gtk_single_selection_set_selected (rows, 4);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));
  runnel_test_run_for (300);
  if (!highlight_near_top (text_view))
    g_error ("the selected event of a short stream is not near the top of the raw view");

  /* laid out again at another width: the highlight stays */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 900, 700);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));
  runnel_test_run_for (300);
  if (!highlight_near_top (text_view))
    g_error ("the selected event left the top of the raw view when the window was resized");

  runnel_test_close_page (fixture->window, page);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  RUNNEL_UI_TEST_ADD ("/runnel/ui/raw-view/" path, func)

  ADD ("toggle-states", test_toggle_states);
  ADD ("toggle-narrow", test_toggle_narrow);
  ADD ("selected-live", test_selected_live);
  ADD ("selected-paused", test_selected_paused);

#undef ADD

  return runnel_ui_test_run ();
}
