/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-page.c: one tab across streams: what a new stream resets, the response, the status */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runnel-window-private.h"
#include "runnel-stream-page-private.h"
#include "runnel-status-bar.h"
#include "ui-test-util.h"

static RunnelStreamPage *
open_demo (RunnelUiFixture *fixture,
           const char      *method,
           const char      *path)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, method, path);

  g_assert_nonnull (page);
  return page;
}

/* the same tab, another demo endpoint, as the demo menu does */
static void
use_demo (RunnelUiFixture *fixture,
          RunnelStreamPage *page,
          const char       *method,
          const char       *path)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, method, path, &error));
  g_assert_no_error (error);
}

static const char *
detail_shown (RunnelStreamPage *page)
{
  return gtk_stack_get_visible_child_name (runnel_test_page_child (page, "detail_stack"));
}

static guint
n_type_choices (RunnelStreamPage *page)
{
  return g_list_model_get_n_items (runnel_filter_bar_get_types (page->filter_bar));
}

static const char *
chosen_type (RunnelStreamPage *page)
{
  return runnel_event_filter_get_event_type (runnel_filter_bar_get_filter (page->filter_bar));
}

static void
select_row (RunnelStreamPage *page,
            guint             position)
{
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), position);
}

static gboolean
has_type_choice (gpointer data)
{
  RunnelStreamPage *page = data;

  return n_type_choices (page) >= 3;
}

/*
 * A demo endpoint after another in the same tab: the old stream's events, selection, detail,
 * types and counters go; the text filter and the JSONPath stay.
 */
static void
test_new_stream_resets (RunnelUiFixture *fixture,
                        gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/events?types=alert,info&interval=10");
  GtkEditable *filter_entry = runnel_test_page_child (page, "filter_entry");

  runnel_test_wait_for_rows (page, 4);
  g_assert_true (runnel_test_iterate_until (has_type_choice, page, 10000));
  select_row (page, 1);
  g_assert_cmpstr (detail_shown (page), ==, "event");
  /* the detail wraps its data by character, without hyphens Pango would add */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (runnel_test_page_child (page,
                                                                              "detail_text"));
    GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer),
                                                 "no-hyphens");
    GtkTextIter start;
    gboolean insert_hyphens = TRUE;

    g_assert_nonnull (tag);
    g_object_get (tag, "insert-hyphens", &insert_hyphens, NULL);
    g_assert_false (insert_hyphens);
    gtk_text_buffer_get_start_iter (buffer, &start);
    g_assert_true (gtk_text_iter_has_tag (&start, tag));
  }
  g_assert_true (runnel_filter_bar_select_type (page->filter_bar, "alert"));
  g_assert_cmpstr (chosen_type (page), ==, "alert");
  runnel_test_search (page, "zzz");
  g_assert_true (runnel_json_path_bar_set_expression (page->json_path_bar, "$.n"));

  use_demo (fixture, page, "GET", "/ndjson?interval=10");

  /* what belonged to the old stream is gone at once */
  g_assert_null (runnel_event_list_get_selected_event (page->event_list));
  g_assert_cmpstr (detail_shown (page), ==, "none");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (page->log)), ==, 0);
  g_assert_cmpuint (n_type_choices (page), ==, 1);
  g_assert_null (chosen_type (page));
  g_assert_nonnull (strstr (runnel_test_page_label (page, "stats_label"), " 0 events"));

  /* what the user set up stays */
  g_assert_cmpstr (gtk_editable_get_text (filter_entry), ==, "zzz");
  g_assert_cmpstr (runnel_json_path_bar_get_expression (page->json_path_bar), ==, "$.n");

  /* Escape in the filter clears it */
  g_signal_emit_by_name (filter_entry, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (filter_entry), ==, "");
  g_assert_false (runnel_event_filter_is_active (runnel_filter_bar_get_filter (page->filter_bar)));

  /* and the new stream's events show, not "No events match" */
  runnel_test_search (page, "");
  runnel_test_wait_for_rows (page, 3);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

/* Connect after editing the URL is a new stream; Connect to the same one keeps the chosen type */
static void
test_connect_after_edit (RunnelUiFixture *fixture,
                         gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/events?types=alert,info&interval=10");
  g_autofree char *events_url = g_strdup (runnel_stream_page_get_url (page));
  g_autofree char *counter_url = NULL;

  runnel_test_wait_for_rows (page, 4);
  g_assert_true (runnel_test_iterate_until (has_type_choice, page, 10000));
  g_assert_true (runnel_filter_bar_select_type (page->filter_bar, "alert"));

  /* the same stream again: the type still applies */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  g_assert_cmpstr (chosen_type (page), ==, "alert");
  g_assert_cmpuint (n_type_choices (page), ==, 2);
  runnel_test_wait_for_rows (page, 2);

  /* another URL: it does not */
  select_row (page, 0);
  counter_url = g_strdup_printf ("%.*s/counter?interval=10",
                                 (int) (strstr (events_url, "/events") - events_url), events_url);
  runnel_stream_page_set_url (page, counter_url);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  g_assert_null (chosen_type (page));
  g_assert_cmpuint (n_type_choices (page), ==, 1);
  g_assert_cmpstr (detail_shown (page), ==, "none");
  runnel_test_wait_for_rows (page, 3);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

/* Clear: no events, nothing selected, no detail, no raw bytes, counters from zero */
static void
test_clear_resets (RunnelUiFixture *fixture,
                   gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/counter?interval=10");
  gsize raw_len = 1;

  runnel_test_wait_for_rows (page, 5);
  select_row (page, 2);
  g_assert_cmpstr (detail_shown (page), ==, "event");
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.clear", NULL);
  g_assert_null (runnel_event_list_get_selected_event (page->event_list));
  g_assert_cmpstr (detail_shown (page), ==, "none");
  runnel_test_wait_for_exact_rows (page, 0);
  runnel_raw_log_peek (runnel_stream_page_get_raw_log (page), &raw_len, NULL);
  g_assert_cmpuint (raw_len, ==, 0);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "stats_label"),
                                  "0 bytes · 0 events"));
}

/* the raw view of a second stream highlights the selected event, numbered from 1 again */
static void
test_raw_numbering (RunnelUiFixture *fixture,
                    gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/counter?interval=5");
  RunnelSseEvent *event;
  g_autofree char *highlighted = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;

  runnel_test_wait_for_rows (page, 30);
  use_demo (fixture, page, "GET", "/counter?interval=5");
  runnel_test_wait_for_rows (page, 5);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);

  runnel_stream_page_set_show_raw (page, TRUE);
  select_row (page, 3);
  event = runnel_event_list_get_selected_event (page->event_list);
  g_assert_cmpuint (runnel_sse_event_get_sequence (event), ==, 4);
  runnel_test_settle ();

  text = runnel_raw_view_get_text (page->raw_view, &highlighted);
  expected = g_strdup_printf ("data: %s", runnel_sse_event_get_data (event, NULL));
  g_assert_nonnull (highlighted);
  g_assert_nonnull (strstr (highlighted, expected));
  g_assert_null (strstr (runnel_test_page_label (page, "summary_label"), "no longer"));
}

/* the value of the request's header @name, NULL when it has none */
static const char *
header_of (RunnelRequest *request,
           const char    *name)
{
  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    if (g_ascii_strcasecmp (runnel_request_get_header_name (request, i), name) == 0)
      return runnel_request_get_header_value (request, i);

  return NULL;
}

/* a demo endpoint's sample body and Content-Type do not follow to the next endpoint */
static void
test_demo_sample_replaced (RunnelUiFixture *fixture,
                           gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "POST", "/chat?interval=5");
  g_autoptr(RunnelRequest) chat = NULL;
  g_autoptr(RunnelRequest) fault = NULL;
  g_autoptr(RunnelRequest) again = NULL;

  chat = runnel_stream_page_build_request (page);
  g_assert_cmpstr (header_of (chat, "Content-Type"), ==, "application/json");
  g_assert_nonnull (runnel_request_get_body (chat));

  runnel_request_editor_add_header (runnel_test_page_editor (page), "X-Mine", "kept", TRUE);
  use_demo (fixture, page, "GET", "/fault/500");
  fault = runnel_stream_page_build_request (page);
  g_assert_null (header_of (fault, "Content-Type"));
  g_assert_cmpstr (header_of (fault, "X-Mine"), ==, "kept");
  g_assert_true (runnel_request_get_body (fault) == NULL ||
                 g_bytes_get_size (runnel_request_get_body (fault)) == 0);

  /* back to /chat: one Content-Type, not two */
  use_demo (fixture, page, "POST", "/chat?interval=5");
  again = runnel_stream_page_build_request (page);
  g_assert_cmpuint (runnel_request_get_n_headers (again), ==, 2);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

static char *
response_text (RunnelStreamPage *page)
{
  return runnel_response_view_dup_text (page->response_view);
}

/* a 400 with a JSON body: the banner's Show Response shows the body, laid out */
static void
test_response_400 (RunnelUiFixture *fixture,
                   gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  GtkWidget *show_response = runnel_test_page_child (page, "show_response_button");
  g_autofree char *text = NULL;
  GtkWidget *body;
  int height;

  use_demo (fixture, page, "POST", "/chat");
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_request_editor_set_body_text (runnel_test_page_editor (page), "{\"messages\": 3}");
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);

  g_assert_true (gtk_revealer_get_reveal_child (runnel_test_page_child (page,
                                                                         "failure_revealer")));
  g_assert_true (gtk_widget_get_visible (show_response));
  /* the bar says what the body says, not only the status */
  g_assert_nonnull (strstr (runnel_test_page_label (page, "failure_label"),
                            "It said: {\"error\":{\"message\":\"'messages' must be an array"));
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (show_response)), ==,
                   "stream.view");
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "response");
  g_assert_cmpstr (detail_shown (page), ==, "response");

  text = response_text (page);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 400 Bad Request\n"));
  g_assert_nonnull (strstr (text, "Content-Type: application/json"));
  g_assert_nonnull (strstr (text, "'messages' must be an array"));
  /* laid out: one member a line, indented */
  g_assert_nonnull (strstr (text, "{\n  \""));
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "timing_label")));

  /* the whole body is drawn, its wrapped lines too, down to the closing brace */
  body = runnel_test_page_child (page, "body_label");
  g_assert_true (g_str_has_suffix (gtk_label_get_text (GTK_LABEL (body)), "}"));
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  pango_layout_get_pixel_size (gtk_label_get_layout (GTK_LABEL (body)), NULL, &height);
  g_assert_cmpint (gtk_widget_get_height (body), >=, height);
}

/* a 401's WWW-Authenticate says how to sign in */
static void
test_response_401 (RunnelUiFixture *fixture,
                   gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/fault/401");
  g_autofree char *text = NULL;

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "response");
  g_assert_cmpstr (detail_shown (page), ==, "response");

  text = response_text (page);
  /* wrapped by character, without hyphens added in the middle of a header */
  {
    GtkLabel *headers = runnel_test_page_child (page, "headers_label");
    PangoLayout *layout = gtk_label_get_layout (headers);
    PangoAttrIterator *iter = pango_attr_list_get_iterator (pango_layout_get_attributes (layout));
    PangoAttrInt *hyphens = (PangoAttrInt *) pango_attr_iterator_get (iter,
                                                                       PANGO_ATTR_INSERT_HYPHENS);

    g_assert_nonnull (hyphens);
    g_assert_false (hyphens->value);
    pango_attr_iterator_destroy (iter);
  }
  g_assert_nonnull (strstr (text, "HTTP/1.1 401 Unauthorized"));
  g_assert_nonnull (strstr (text, "WWW-Authenticate: Bearer realm=\"runnel-demo\""));
  g_assert_nonnull (strstr (text, "a fault the Runnel demo server made on purpose"));
}

/* a stream that works shows its headers too, and no body; a new stream forgets the old answer */
static void
test_response_stream (RunnelUiFixture *fixture,
                      gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->window);
  g_autofree char *empty = NULL;
  g_autofree char *text = NULL;

  empty = response_text (page);
  g_assert_cmpstr (empty, ==, "");

  use_demo (fixture, page, "GET", "/fault/404");
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  use_demo (fixture, page, "GET", "/counter?interval=10");
  runnel_test_wait_for_rows (page, 1);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "response");

  text = response_text (page);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.1 200 OK\n"));
  g_assert_nonnull (strstr (text, "Content-Type: text/event-stream"));
  g_assert_null (strstr (text, "404"));
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "body_box")));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

/* Raw on a tab without events: the empty state, not a word about a selection */
static void
test_raw_empty (RunnelUiFixture *fixture,
                gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/fault/404");

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_FAILED);
  runnel_stream_page_set_show_raw (page, TRUE);
  runnel_test_settle ();

  g_assert_cmpstr (runnel_test_page_label (page, "summary_label"), ==,
                   "Nothing received yet: the stream's bytes show here as they arrive.");
}

/* a finished stream says why it ended, and a short burst has a rate */
static void
test_closed_reason (RunnelUiFixture *fixture,
                    gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "POST", "/chat?interval=10");
  guint n_rows;
  g_autofree char *expected = NULL;
  const char *stats;

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();
  n_rows = g_list_model_get_n_items (runnel_stream_page_get_shown_events (page));
  expected = g_strdup_printf ("Closed · the server ended the stream after [DONE], %u events",
                              n_rows);
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==, expected);
  /* whole, beside the counts and the rate plot of a wide window */
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  g_assert_false (pango_layout_is_ellipsized (
    gtk_label_get_layout (runnel_test_page_child (page, "state_label"))));

  stats = runnel_test_page_label (page, "stats_label");
  g_assert_true (g_str_has_suffix (stats, "/s"));
  g_assert_false (g_str_has_suffix (stats, " 0.0/s"));

  /* the user's own Disconnect says so */
  use_demo (fixture, page, "GET", "/counter?interval=10");
  runnel_test_wait_for_rows (page, 2);
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "state_label"),
                                   "Closed · disconnected after "));
}

typedef struct
{
  GtkWidget *window;
  int        width;
} WidthWait;

static gboolean
window_has_width (gpointer data)
{
  WidthWait *wait = data;
  int width = gtk_widget_get_width (wait->window);

  /* the window's own width, less what its decorations take of the size asked for */
  return width <= wait->width && width > wait->width - 40;
}

static void
resize_window (RunnelUiFixture *fixture,
               int              width)
{
  WidthWait wait = { GTK_WIDGET (fixture->window), width };

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, 700);
  /* the X server resizes the window in its own time */
  if (!runnel_test_iterate_until (window_has_width, &wait, 10000))
    g_error ("the window did not become %d px wide (%d px)", width,
             gtk_widget_get_width (GTK_WIDGET (fixture->window)));
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (fixture->window), 3));
}

static gboolean
label_is_cut (RunnelStreamPage *page,
              const char       *name)
{
  return pango_layout_is_ellipsized (gtk_label_get_layout (runnel_test_page_child (page, name)));
}

/*
 * A long state in a narrow window: the counts go on a row of their own, whole, instead of
 * "…2/s" beside it; in a wide window they share the row again
 */
static void
test_counts_narrow (RunnelUiFixture *fixture,
                    gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "POST", "/chat?interval=10");
  RunnelStatusBar *bar = runnel_test_page_child (page, "status_bar");

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  resize_window (fixture, 400);
  g_assert_true (runnel_status_bar_is_two_rows (bar));
  g_assert_false (label_is_cut (page, "state_label"));
  g_assert_false (label_is_cut (page, "stats_label"));
  g_assert_true (g_str_has_suffix (runnel_test_page_label (page, "stats_label"), "/s"));
  g_assert_nonnull (strstr (runnel_test_page_label (page, "stats_label"), " events · "));

  /* a short state shares the row with the counts, also at 400 px */
  use_demo (fixture, page, "GET", "/counter?interval=50");
  runnel_test_wait_for_rows (page, 2);
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 3));
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==, "Open · 200 OK");
  g_assert_false (runnel_status_bar_is_two_rows (bar));
  g_assert_false (label_is_cut (page, "stats_label"));

  /* the long state again, in a wide window: one row, nothing cut */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  resize_window (fixture, 1000);
  g_assert_false (runnel_status_bar_is_two_rows (bar));
  g_assert_false (label_is_cut (page, "state_label"));
  g_assert_false (label_is_cut (page, "stats_label"));
}

typedef struct
{
  RunnelStreamPage *page;
  guint             n_rows;
} CountWait;

/* the status bar's count is the number of the last row the list shows */
static gboolean
counts_in_step (gpointer data)
{
  CountWait *wait = data;
  GListModel *rows = runnel_stream_page_get_shown_events (wait->page);
  guint n_rows = g_list_model_get_n_items (rows);
  g_autofree char *expected = g_strdup_printf (" %u events ", n_rows);

  return n_rows >= wait->n_rows &&
         strstr (runnel_test_page_label (wait->page, "stats_label"), expected) != NULL;
}

static void
test_counts_in_step (RunnelUiFixture *fixture,
                     gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET", "/counter?interval=5");
  CountWait wait = { page, 0 };

  /* at every step of a fast stream, not only once it settles */
  for (guint i = 1; i <= 5; i++)
    {
      wait.n_rows = i * 20;
      runnel_test_wait_for_rows (page, wait.n_rows);
      g_assert_true (counts_in_step (&wait));
    }

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

static int
type_dropdown_width (RunnelStreamPage *page)
{
  GtkWidget *dropdown = gtk_widget_get_first_child (GTK_WIDGET (page->filter_bar));
  int natural = 0;

  gtk_widget_measure (dropdown, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);
  return natural;
}

/* the type chooser keeps one width whichever type is chosen, so the bar does not jump */
static void
test_type_width_steady (RunnelUiFixture *fixture,
                        gconstpointer    data)
{
  RunnelStreamPage *page = open_demo (fixture, "GET",
                                      "/events?types=a,a-rather-long-event-type-name&interval=10");
  int all_width;

  runnel_test_wait_for_rows (page, 2);
  g_assert_true (runnel_test_iterate_until (has_type_choice, page, 10000));
  all_width = type_dropdown_width (page);
  g_assert_true (runnel_filter_bar_select_type (page->filter_bar, "a-rather-long-event-type-name"));
  runnel_test_settle ();
  g_assert_cmpint (type_dropdown_width (page), ==, all_width);
  g_assert_true (runnel_filter_bar_select_type (page->filter_bar, "a"));
  runnel_test_settle ();
  g_assert_cmpint (type_dropdown_width (page), ==, all_width);

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) RUNNEL_UI_TEST_ADD ("/runnel/ui/stream-page/" path, func)

  ADD ("new-stream-resets", test_new_stream_resets);
  ADD ("connect-after-edit", test_connect_after_edit);
  ADD ("clear-resets", test_clear_resets);
  ADD ("raw-numbering", test_raw_numbering);
  ADD ("demo-sample-replaced", test_demo_sample_replaced);
  ADD ("response-400", test_response_400);
  ADD ("response-401", test_response_401);
  ADD ("response-stream", test_response_stream);
  ADD ("raw-empty", test_raw_empty);
  ADD ("closed-reason", test_closed_reason);
  ADD ("counts-in-step", test_counts_in_step);
  ADD ("counts-narrow", test_counts_narrow);
  ADD ("type-width-steady", test_type_width_steady);

#undef ADD

  return runnel_ui_test_run ();
}
