/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-raw-view.c: the Raw view toggled in every state of a stream, drawn without a warning */

#include "config.h"

#include "runnel-stream-page-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

/* Raw on, drawn, Raw off, drawn, a few times: a widget drawn without an allocation warns, and
 * the tests' warnings are fatal */
static void
toggle_raw (RunnelStreamPage *page)
{
  for (guint i = 0; i < 3; i++)
    {
      gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
      g_assert_true (runnel_stream_page_get_show_raw (page));
      g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
      runnel_test_run_for (50);
      gtk_widget_activate_action (GTK_WIDGET (page), "stream.show-raw", NULL);
      g_assert_false (runnel_stream_page_get_show_raw (page));
      g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
      runnel_test_run_for (50);
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

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  RUNNEL_UI_TEST_ADD ("/runnel/ui/raw-view/" path, func)

  ADD ("toggle-states", test_toggle_states);
  ADD ("toggle-narrow", test_toggle_narrow);

#undef ADD

  return runnel_ui_test_run ();
}
