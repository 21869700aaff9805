/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-request-editor.c: the request editor in the real window: its height and its options */

#include "config.h"

#include <string.h>

#include "runnel-stream-page-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

static int
window_min_height (RunnelWindow *window)
{
  int minimum = 0;

  gtk_widget_measure (GTK_WIDGET (window), GTK_ORIENTATION_VERTICAL, -1,
                      &minimum, NULL, NULL, NULL);
  return minimum;
}

static int
list_height (RunnelStreamPage *page)
{
  runnel_test_wait_for_frames (GTK_WIDGET (page), 2);
  return gtk_widget_get_height (GTK_WIDGET (page->event_list));
}

/* headers scroll inside the editor: they neither raise the window's minimum height nor take
 * the event list's place, and removing them gives the space back */
static void
test_headers_bounded (Fixture       *fixture,
                      gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkListBox *header_list = runnel_test_page_child (page, "header_list");
  int min_before, list_before;

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  /* the editor open, with no header yet */
  gtk_expander_set_expanded (runnel_test_page_child (page, "request_expander"), TRUE);
  runnel_test_settle ();
  min_before = window_min_height (fixture->window);
  list_before = list_height (page);

  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("X-Header-%u", i);

      runnel_request_editor_add_header (runnel_test_page_editor (page), name, "value", TRUE);
    }
  runnel_test_settle ();

  g_assert_cmpint (window_min_height (fixture->window), ==, min_before);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (fixture->window)), <=, 700);
  /* the editor grows a little for its headers, then scrolls: the list keeps most of its room */
  g_test_message ("list: %d px without headers, %d px with ten", list_before, list_height (page));
  g_assert_cmpint (list_height (page), >=, list_before - 160);
  g_assert_cmpint (list_height (page), >=, 240);

  /* remove every header as its remove button does */
  for (GtkListBoxRow *row = gtk_list_box_get_row_at_index (header_list, 0);
       row != NULL;
       row = gtk_list_box_get_row_at_index (header_list, 0))
    {
      /* what the row's remove button does */
      g_signal_emit_by_name (row, "remove");
      runnel_test_settle ();
    }

  g_assert_cmpint (window_min_height (fixture->window), ==, min_before);
  g_assert_cmpint (list_height (page), ==, list_before);
}

/* the oversized-event error asks to raise the max event size: the options have it */
static void
test_max_event_size (Fixture       *fixture,
                     gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkSpinButton *spin = runnel_test_page_child (page, "max_event_size_spin");
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  const char *failure;
  gsize size = 0;

  /* 16 MiB by default, in KiB, as runnel --max-event-size has it in bytes */
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 16384);

  /* a 100 KiB event past a 64 KiB limit fails, and says which option to raise */
  gtk_spin_button_set_value (spin, 64);
  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "GET",
                                                   "/fault/oversized?size=102400", &error));
  g_assert_no_error (error);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  failure = runnel_test_page_label (page, "failure_label");
  g_test_message ("%s", failure);
  g_assert_nonnull (strstr (failure, "raise the max event size option"));
  request = runnel_stream_page_build_request (page);
  g_assert_cmpuint (runnel_request_get_max_event_size (request), ==, 64 * 1024);

  /* raised, the same event arrives */
  gtk_spin_button_set_value (spin, 256);
  g_assert_true (runnel_stream_page_connect (page));
  runnel_test_wait_for_rows (page, 2);
  runnel_sse_event_get_data (runnel_event_log_peek (runnel_stream_page_get_log (page), 0),
                             &size);
  g_assert_cmpuint (size, ==, 102400);

  /* a request opened again keeps it */
  runnel_request_set_max_event_size (request, 3 * 1024 * 1024);
  runnel_stream_page_load_request (page, request);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (spin), ==, 3072);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  RUNNEL_UI_TEST_ADD ("/runnel/ui/request-editor/" path, func)

  ADD ("headers-bounded", test_headers_bounded);
  ADD ("max-event-size", test_max_event_size);

#undef ADD

  return runnel_ui_test_run ();
}
