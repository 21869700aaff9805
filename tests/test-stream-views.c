/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-stream-views.c: the views beside the event list: Timing and its badge, Expectations */

#include "config.h"

#include <string.h>

#include "runnel-expectations-view.h"
#include "runnel-timeline.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

#define WAIT_MS 20000

typedef RunnelUiFixture Fixture;

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
  const char *base = runnel_application_ensure_demo_server (runnel_ui_test_app (), &error);

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

static gboolean
label_is (gpointer data)
{
  const char **what = data;

  return g_strcmp0 (gtk_label_get_text (GTK_LABEL (what[0])), what[1]) == 0;
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
  const char *badge_buffered[] = { runnel_test_page_child (page, "timing_badge_label"), "Buffered" };

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
  /* (a loaded machine may show a stall first: the status bar says the burst at its next tick) */
  g_assert_true (runnel_test_iterate_until (label_is, badge_buffered, WAIT_MS));
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
  g_assert_true (runnel_test_page_detail_open (page));

  /* and back to the list from a view that has no back button of its own */
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "view_back_button")));
  g_signal_emit_by_name (runnel_test_page_child (page, "view_back_button"), "clicked");
  runnel_test_settle ();
  g_assert_false (runnel_test_page_detail_open (page));
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "expectation_list")));
}

typedef struct
{
  RunnelExpectations     *expectations;
  guint                   position;
  RunnelExpectationStatus status;
} StatusWait;

static gboolean
has_status (gpointer data)
{
  StatusWait *wait = data;

  return runnel_expectation_get_status (runnel_expectations_get (wait->expectations,
                                                                 wait->position)) == wait->status;
}

static void
wait_for_status (RunnelExpectations     *expectations,
                 guint                   position,
                 RunnelExpectationStatus status)
{
  StatusWait wait = { expectations, position, status };

  if (!runnel_test_iterate_until (has_status, &wait, WAIT_MS))
    g_error ("expectation %u is not %s", position, runnel_expectation_status_to_string (status));
}

/* the observed line of row @position, as the user reads it */
static char *
row_words (RunnelStreamPage *page,
           guint             position)
{
  GtkListBox *list = runnel_test_page_child (page, "expectation_list");
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, position);
  GString *words = g_string_new (NULL);

  g_assert_nonnull (row);
  /* row > box > [icon, words > [sentence, observed], edit, remove] */
  for (GtkWidget *child = gtk_widget_get_first_child (gtk_list_box_row_get_child (row));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    for (GtkWidget *label = gtk_widget_get_first_child (child); label != NULL;
         label = gtk_widget_get_next_sibling (label))
      if (GTK_IS_LABEL (label))
        g_string_append_printf (words, "%s|", gtk_label_get_text (GTK_LABEL (label)));

  return g_string_free (words, FALSE);
}

static void
assert_indicator (AdwTabPage *tab_page,
                  const char *icon_name)
{
  GIcon *icon = adw_tab_page_get_indicator_icon (tab_page);

  g_assert_nonnull (icon);
  g_assert_true (G_IS_THEMED_ICON (icon));
  g_assert_cmpstr (g_themed_icon_get_names (G_THEMED_ICON (icon))[0], ==, icon_name);
}

/* expectations turn from pending to passed and to failed while the stream runs, and say so on
 * the tab, the view's button and the status bar */
static void
test_expectations_live (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *texts[] = { "status 200", "count message >= 3", "event nosuch", "ends", NULL };
  RunnelStreamPage *page = new_page (fixture);
  RunnelExpectations *expectations = runnel_stream_page_get_expectations (page);
  GtkToggleButton *button = runnel_test_page_child (page, "expectations_view_button");
  GtkLabel *label = GTK_LABEL (gtk_button_get_child (GTK_BUTTON (button)));
  g_autofree char *url = demo_url ("counter?interval=150&count=12");
  g_autofree char *words = NULL;
  g_autofree char *summary = NULL;
  AdwTabPage *tab_page = adw_tab_view_get_page (fixture->window->tab_view, GTK_WIDGET (page));

  g_assert_cmpstr (gtk_label_get_text (label), ==, "Expectations");
  g_assert_false (adw_tab_page_get_indicator_activatable (tab_page));
  runnel_stream_page_set_expectations (page, texts);
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 4);
  /* on the tab and the view's button, without hovering: pending before a run */
  assert_indicator (tab_page, "content-loading-symbolic");
  g_assert_cmpstr (adw_tab_page_get_indicator_tooltip (tab_page), ==, "0 of 4 passed");
  g_assert_true (adw_tab_page_get_indicator_activatable (tab_page));
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Expectations 0/4");
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (shown_view (page), ==, "expectations");
  g_assert_true (gtk_widget_get_visible (runnel_test_page_child (page, "expectations_button")));
  g_assert_cmpstr (runnel_test_page_label (page, "expectations_label"), ==, "0 of 4 passed");
  words = row_words (page, 1);
  g_assert_cmpstr (words, ==, "count message >= 3|Pending: 0|");

  runnel_stream_page_set_url (page, url);
  g_assert_true (runnel_stream_page_connect (page));

  /* three events: the count passed, while no "nosuch" event yet is still pending */
  wait_for_status (expectations, 1, RUNNEL_EXPECTATION_PASSED);
  wait_for_status (expectations, 0, RUNNEL_EXPECTATION_PASSED);
  g_assert_cmpint (runnel_expectation_get_status (runnel_expectations_get (expectations, 2)), ==,
                   RUNNEL_EXPECTATION_PENDING);
  runnel_test_run_for (300);
  /* some pending while it runs: the stream's own icon */
  assert_indicator (tab_page, "network-receive-symbolic");
  g_clear_pointer (&words, g_free);
  words = row_words (page, 1);
  g_assert_true (g_str_has_prefix (words, "count message >= 3|Passed: "));
  g_clear_pointer (&words, g_free);
  words = row_words (page, 2);
  g_assert_cmpstr (words, ==, "event nosuch|Pending: none|");

  /* the server ends the stream (the page reconnects, a GET); the user stops it: no "nosuch" */
  wait_for_status (expectations, 3, RUNNEL_EXPECTATION_PASSED);
  runnel_stream_page_disconnect (page);
  wait_for_status (expectations, 2, RUNNEL_EXPECTATION_FAILED);
  runnel_test_run_for (300);
  g_clear_pointer (&words, g_free);
  words = row_words (page, 2);
  g_assert_true (g_str_has_prefix (words, "event nosuch|Failed"));
  g_assert_cmpstr (runnel_test_page_label (page, "expectations_label"), ==, "3 of 4 passed");
  g_assert_cmpstr (runnel_test_page_label (page, "expectations_summary"), ==, "3 of 4 passed");
  g_assert_true (gtk_widget_has_css_class (runnel_test_page_child (page, "expectations_button"),
                                           "error"));
  g_object_get (page, "expectations-summary", &summary, NULL);
  g_assert_cmpstr (summary, ==, "3 of 4 passed");
  g_assert_nonnull (strstr (adw_tab_page_get_tooltip (tab_page), "3 of 4 passed"));
  assert_indicator (tab_page, "dialog-error-symbolic");
  g_assert_cmpstr (adw_tab_page_get_indicator_tooltip (tab_page), ==, "3 of 4 passed");
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Expectations 3/4");

  /* the failed one gone: all passed */
  gtk_widget_activate_action (runnel_test_page_child (page, "expectations_view"),
                              "expectations.remove", "u", 2);
  assert_indicator (tab_page, "emblem-ok-symbolic");
  g_assert_cmpstr (adw_tab_page_get_indicator_tooltip (tab_page), ==, "3 of 3 passed");
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Expectations 3/3");

  /* its icon opens the view */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "timing");
  g_signal_emit_by_name (fixture->window->tab_view, "indicator-activated", tab_page);
  g_assert_cmpstr (shown_view (page), ==, "expectations");

  /* a new run: pending again */
  g_assert_true (runnel_stream_page_connect (page));
  g_assert_cmpint (runnel_expectation_get_status (runnel_expectations_get (expectations, 2)), ==,
                   RUNNEL_EXPECTATION_PENDING);
  g_assert_cmpstr (gtk_label_get_text (label), ==, "Expectations 0/3");
  runnel_stream_page_disconnect (page);
}

/* add, edit and remove in the view; a wrong word is pointed at; saved with the request */
static void
test_expectations_edit (Fixture       *fixture,
                        gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);
  RunnelExpectations *expectations = runnel_stream_page_get_expectations (page);
  RunnelExpectationsView *view = runnel_test_page_child (page, "expectations_view");
  GtkEditable *entry = runnel_test_page_child (page, "expectation_entry");
  GtkLabel *error_label = runnel_test_page_child (page, "expectation_error");
  GtkEditable *type_entry;
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) texts = NULL;
  RunnelRequestStore *store;
  int start, end;

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", "expectations");
  runnel_test_settle ();

  /* a kind: its sample sentence, the first field of the form selected */
  gtk_widget_activate_action (GTK_WIDGET (view), "expectations.kind", "u", 3);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "count message >= 3");
  type_entry = runnel_test_page_child (page, "type_entry");
  g_assert_cmpstr (gtk_editable_get_text (type_entry), ==, "message");
  g_assert_true (gtk_editable_get_selection_bounds (type_entry, &start, &end));
  g_assert_cmpint (start, ==, 0);
  g_assert_cmpint (end, ==, 7);
  gtk_editable_set_text (entry, "count delta >= 3");
  g_signal_emit_by_name (runnel_test_page_child (page, "expectation_add_button"), "clicked");
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 1);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "");

  /* typed: a wrong word is not added, and the error points at it */
  gtk_editable_set_text (entry, "count delta >>= 3");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 1);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_label (error_label), "weight=\"bold\">&gt;&gt;=</span>"));
  g_assert_true (gtk_editable_get_selection_bounds (entry, &start, &end));
  g_assert_cmpint (start, ==, 12);
  g_assert_cmpint (end, ==, 15);
  /* typing again clears it */
  gtk_editable_set_text (entry, "ends");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_true (runnel_expectations_view_submit (view, "ends"));
  g_assert_true (runnel_expectations_view_submit (view, "status 200"));
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 3);

  /* edit the first in place */
  gtk_widget_activate_action (GTK_WIDGET (view), "expectations.edit", "u", 0);
  g_assert_cmpstr (gtk_editable_get_text (entry), ==, "count delta >= 3");
  g_assert_true (runnel_expectations_view_submit (view, "count delta >= 5"));
  g_assert_cmpstr (runnel_expectation_get_text (runnel_expectations_get (expectations, 0)), ==,
                   "count delta >= 5");
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 3);

  /* remove the second */
  gtk_widget_activate_action (GTK_WIDGET (view), "expectations.remove", "u", 1);
  g_assert_cmpuint (runnel_expectations_get_n_items (expectations), ==, 2);
  g_assert_cmpstr (runnel_test_page_label (page, "expectations_summary"), ==, "0 of 2 passed");

  /* they go with the request, and come back with it in another tab */
  runnel_stream_page_set_url (page, "http://127.0.0.1:9/stream");
  request = runnel_stream_page_build_request (page);
  g_assert_nonnull (request);
  g_assert_cmpstrv (runnel_request_get_expectations (request),
                    ((const char *[]) { "count delta >= 5", "status 200", NULL }));
  page = new_page (fixture);
  g_assert_cmpuint (runnel_expectations_get_n_items (runnel_stream_page_get_expectations (page)),
                    ==, 0);
  runnel_stream_page_load_request (page, request);
  texts = runnel_expectations_dup_texts (runnel_stream_page_get_expectations (page));
  g_assert_cmpstrv (texts, ((const char *[]) { "count delta >= 5", "status 200", NULL }));

  /* Save (Ctrl+D) keeps them in the store, and Saved Requests opens them again */
  g_assert_true (_runnel_window_save_request (fixture->window, "Expectations test", NULL,
                                              &error));
  g_assert_no_error (error);
  store = _runnel_window_get_request_store (fixture->window);
  page = _runnel_window_open_request (fixture->window,
                                      runnel_saved_request_get_request (
                                        runnel_request_store_lookup (store, "Expectations test")));
  g_clear_pointer (&texts, g_strfreev);
  texts = runnel_expectations_dup_texts (runnel_stream_page_get_expectations (page));
  g_assert_cmpstrv (texts, ((const char *[]) { "count delta >= 5", "status 200", NULL }));
  g_assert_true (runnel_request_store_delete (store, "Expectations test", &error));
}

typedef struct
{
  gboolean done;
  char    *out;
  char    *err;
  int      status;
} ShellRun;

static void
shell_done (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ShellRun *run = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_utf8_finish (G_SUBPROCESS (source), result, &run->out, &run->err,
                                        &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (G_SUBPROCESS (source));
  run->done = TRUE;
}

static gboolean
shell_finished (gpointer data)
{
  return ((ShellRun *) data)->done;
}

/* Copy as Command: the line on the clipboard runs in a shell and checks the stream */
static void
test_copy_command (Fixture       *fixture,
                   gconstpointer  data)
{
  const char *texts[] = { "status 200", "assembled openai-chat contains \"You said\"",
                          "count * >= 3", "ends within 30s", NULL };
  RunnelStreamPage *page = new_page (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) shell = NULL;
  g_autofree char *command = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *runnel = g_shell_quote (g_getenv ("RUNNEL_BINARY"));
  g_autofree char *script = NULL;
  ShellRun run = { 0 };

  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "POST", "/chat",
                                                   &error));
  g_assert_no_error (error);
  runnel_stream_page_disconnect (page);
  runnel_stream_page_set_expectations (page, texts);

  command = _runnel_window_copy_command (fixture->window);
  g_assert_nonnull (command);
  copied = runnel_test_read_clipboard (GTK_WIDGET (fixture->window));
  g_assert_cmpstr (copied, ==, command);
  g_assert_true (g_str_has_prefix (command, "runnel --print"));
  g_assert_nonnull (strstr (command, "--expect 'assembled openai-chat contains \"You said\"'"));

  /* the built runnel for "runnel" */
  script = g_strconcat ("runnel () { ", runnel, " \"$@\"; }\n", command, "\n", NULL);
  shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error, "/bin/sh", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (shell, NULL, NULL, shell_done, &run);
  g_assert_true (runnel_test_iterate_until (shell_finished, &run, 60000));
  if (run.status != 0)
    g_error ("the copied command ended with %d: %s", run.status, run.err);
  g_assert_nonnull (strstr (run.err, "✓ status 200: 200"));
  g_assert_nonnull (strstr (run.err, "✓ assembled openai-chat contains \"You said\""));
  g_assert_nonnull (strstr (run.err, "✓ ends within 30s"));
  g_free (run.out);
  g_free (run.err);
}

static void
run_shell (ShellRun   *run,
           const char *script)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) shell = NULL;

  shell = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error, "/bin/sh", "-c", script, NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8_async (shell, NULL, NULL, shell_done, run);
  g_assert_true (runnel_test_iterate_until (shell_finished, run, 60000));
}

/* Saved Requests' export: secrets as {{NAME}}, and runnel --test runs the file with --var */
static void
test_export_collection (Fixture       *fixture,
                        gconstpointer  data)
{
  const char *texts[] = { "status 200", "assembled openai-chat contains \"You said\"",
                          "ends within 30s", NULL };
  RunnelRequestStore *store = _runnel_window_get_request_store (fixture->window);
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *dir = g_dir_make_tmp ("runnel-export-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *chat = demo_url ("chat");
  g_autofree char *runnel = g_shell_quote (g_getenv ("RUNNEL_BINARY"));
  g_autofree char *quoted_path = NULL;
  g_autofree char *script = NULL;
  ShellRun run = { 0 };

  g_assert_no_error (error);
  path = g_build_filename (dir, "requests.json", NULL);
  file = g_file_new_for_path (path);
  quoted_path = g_shell_quote (path);

  request = runnel_request_new (chat);
  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_append_header (request, "Authorization", "Bearer sk-live-0123", TRUE);
  runnel_request_append_header (request, "X-Api-Key", "k-4567", TRUE);
  runnel_request_set_body_text (request,
                                "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
  runnel_request_set_expectations (request, texts);
  g_assert_true (runnel_request_store_save (store, "Export test chat", request, &error));
  g_assert_no_error (error);

  g_assert_true (_runnel_window_export_collection (fixture->window, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_null (strstr (contents, "sk-live-0123"));
  g_assert_null (strstr (contents, "k-4567"));
  g_assert_nonnull (strstr (contents, "Bearer {{AUTHORIZATION}}"));
  g_assert_nonnull (strstr (contents, "{{X_API_KEY}}"));
  g_assert_nonnull (strstr (contents, "You said"));
  /* the saved request keeps its secret */
  g_assert_cmpstr (runnel_request_find_header (runnel_saved_request_get_request (
                     runnel_request_store_lookup (store, "Export test chat")), "Authorization"),
                   ==, "Bearer sk-live-0123");

  /* the secrets come from --var and the environment */
  script = g_strdup_printf ("X_API_KEY=k-4567 %s --test --var AUTHORIZATION=sk-live-0123 "
                            "--var X_API_KEY=k-4567 %s", runnel, quoted_path);
  run_shell (&run, script);
  if (run.status != 0)
    g_error ("runnel --test ended with %d: %s%s\n%s", run.status, run.out, run.err, contents);
  g_assert_nonnull (strstr (run.out, "1 of 1 requests passed"));
  g_clear_pointer (&run.out, g_free);
  g_clear_pointer (&run.err, g_free);
  g_clear_pointer (&script, g_free);

  /* without them: a usage error that names the variable */
  script = g_strdup_printf ("%s --test %s", runnel, quoted_path);
  run.done = FALSE;
  run_shell (&run, script);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "AUTHORIZATION"));
  g_free (run.out);
  g_free (run.err);

  g_assert_true (runnel_request_store_delete (store, "Export test chat", &error));
  runnel_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) RUNNEL_UI_TEST_ADD ("/runnel/stream-views/" path, func)

  ADD ("timing-buffered", test_timing_buffered);
  ADD ("timing-narrow", test_timing_narrow);
  ADD ("expectations-live", test_expectations_live);
  ADD ("expectations-edit", test_expectations_edit);
  ADD ("copy-command", test_copy_command);
  ADD ("export-collection", test_export_collection);

#undef ADD

  return runnel_ui_test_run ();
}
