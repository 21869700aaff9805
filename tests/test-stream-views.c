/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-views.c: the views beside the event list: Timing, and its badge on the status bar */

#include "config.h"

#include <string.h>

#include "runnel-timeline.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

#define WAIT_MS 20000

typedef struct
{
  RunnelWindow *window;
} Fixture;

/* one application for the whole run: it stays exported on the session bus once registered */
static RunnelApplication *the_app;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->window = runnel_test_open_window (the_app);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  runnel_test_close_window (fixture->window);

  runnel_application_stop_demo_server (the_app);
  runnel_test_settle ();
}

static RunnelStreamPage *
new_page (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-tab", NULL);
  runnel_test_settle ();

  return runnel_window_get_current_page (fixture->window);
}

/* the demo server's URL for @path ("fault/buffered?burst=8") */
static char *
demo_url (const char *path)
{
  g_autoptr(GError) error = NULL;
  const char *base = runnel_application_ensure_demo_server (the_app, &error);

  g_assert_no_error (error);
  return g_strconcat (base, path, NULL);
}

static const char *
shown_view (RunnelStreamPage *page)
{
  return gtk_stack_get_visible_child_name (runnel_test_page_child (page, "detail_stack"));
}

static gboolean
widget_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
label_not (gpointer data)
{
  const char **what = data;

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (what[0])), what[1]) != 0;
}

/* the Timing view on a stream a buffering proxy holds back: the figures, the burst, the badge */
static void
test_timing_buffered (Fixture       *fixture,
                      gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);
  GtkWidget *badge = runnel_test_page_child (page, "timing_badge");
  GtkLabel *bursts = runnel_test_page_child (page, "bursts_label");
  GtkLabel *notes = runnel_test_page_child (page, "notes_label");
  GtkToggleButton *timing_button = runnel_test_page_child (page, "timing_view_button");
  RunnelTimeline *timeline = runnel_test_page_child (page, "timeline");
  g_autofree char *url = demo_url ("fault/buffered?burst=8&interval=1500");
  const char *bursts_not_zero[] = { (const char *) bursts, "0" };

  /* the Event view first; the Timing button opens Timing */
  g_assert_cmpstr (shown_view (page), ==, "none");
  g_assert_false (gtk_toggle_button_get_active (timing_button));
  runnel_stream_page_set_url (page, url);
  g_assert_true (runnel_stream_page_connect (page));
  g_assert_false (gtk_widget_get_visible (badge));

  g_signal_emit_by_name (timing_button, "clicked");
  runnel_test_settle ();
  g_assert_cmpstr (shown_view (page), ==, "timing");
  g_assert_true (gtk_toggle_button_get_active (timing_button));
  g_assert_true (runnel_timeline_get_timing (timeline) ==
                 runnel_sse_client_get_timing (runnel_stream_page_get_client (page)));

  /* the first burst comes after a silence of 1.5 s: 8 events at once */
  runnel_test_wait_for_rows (page, 8);
  g_assert_true (runnel_test_iterate_until (label_not, bursts_not_zero, WAIT_MS));
  g_assert_cmpstr (gtk_label_get_text (bursts), !=, "");
  g_assert_nonnull (strstr (gtk_label_get_text (notes), "burst"));
  g_assert_true (runnel_test_iterate_until (widget_visible, badge, WAIT_MS));
  g_assert_cmpstr (runnel_test_page_label (page, "timing_badge_label"), ==, "Buffered");
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (timeline), 2));

  /* a selected event shows in the Event view; Timing stays open when Clear forgets it */
  runnel_stream_page_disconnect (page);
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), 2);
  g_assert_cmpstr (shown_view (page), ==, "event");
  g_signal_emit_by_name (timing_button, "clicked");
  g_assert_cmpstr (shown_view (page), ==, "timing");
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.clear", NULL);
  runnel_test_settle ();
  g_assert_cmpstr (shown_view (page), ==, "timing");

  /* the badge opens Timing from another view */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "event");
  runnel_test_settle ();
  g_assert_cmpstr (shown_view (page), !=, "timing");
  g_assert_true (gtk_widget_get_visible (badge));
  g_signal_emit_by_name (badge, "clicked");
  runnel_test_settle ();
  g_assert_cmpstr (shown_view (page), ==, "timing");

  /* a new stream starts its timing from nothing, in the view the user chose */
  g_free (url);
  url = demo_url ("clock");
  runnel_stream_page_set_url (page, url);
  g_assert_true (runnel_stream_page_connect (page));
  runnel_test_settle ();
  g_assert_cmpstr (shown_view (page), ==, "timing");
  g_assert_cmpstr (gtk_label_get_text (bursts), ==, "0");
  g_assert_false (gtk_widget_get_visible (badge));
  runnel_stream_page_disconnect (page);
}

/* a narrow window shows the list or a view: asking for Timing shows it */
static void
test_timing_narrow (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);

  runnel_stream_page_set_narrow (page, TRUE);
  runnel_test_settle ();
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "views_box")));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "timing");
  runnel_test_settle ();
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "views_box")));
  g_assert_cmpstr (shown_view (page), ==, "timing");
  g_assert_true (runnel_stream_page_get_detail_open (page));

  /* and back to the list from a view that has no back button of its own */
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "view_back_button")));
  g_signal_emit_by_name (runnel_test_page_child (page, "view_back_button"), "clicked");
  runnel_test_settle ();
  g_assert_false (runnel_stream_page_get_detail_open (page));
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "list_box")));
}

int
main (int   argc,
      char *argv[])
{
  the_app = runnel_test_init_app (&argc, &argv);

  g_test_add ("/runnel/stream-views/timing-buffered", Fixture, NULL,
              fixture_setup, test_timing_buffered, fixture_teardown);
  g_test_add ("/runnel/stream-views/timing-narrow", Fixture, NULL,
              fixture_setup, test_timing_narrow, fixture_teardown);

  return g_test_run ();
}
