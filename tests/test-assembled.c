/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-assembled.c: the JSONPath field, its value column and the Assembled view, in the window */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-application.h"
#include "runnel-assembled-view.h"
#include "runnel-json-path-bar.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

#define WAIT_MS 10000

/* what the demo server answers to the body the /chat endpoint fills in */
static const char demo_reply[] =
  "Hello! You said: \"What are Server-Sent Events?\". I am the Runnel demo server, streaming "
  "this reply one word at a time, the way a language model does.";

typedef RunnelUiFixture Fixture;

static RunnelStreamPage *
new_page (Fixture *fixture)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-tab", NULL);
  runnel_test_settle ();

  return runnel_window_get_current_page (fixture->window);
}

static gpointer
bar_child (RunnelJsonPathBar *bar,
           const char        *name)
{
  return gtk_widget_get_template_child (GTK_WIDGET (bar), RUNNEL_TYPE_JSON_PATH_BAR, name);
}

/* the assistant's text, read from the events' JSON the way a client of the API would */
static char *
reply_from_events (RunnelEventLog *log)
{
  GString *reply = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      const char *data = runnel_sse_event_get_data (runnel_event_log_peek (log, i), NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *choice, *delta;

      if (!json_parser_load_from_data (parser, data, -1, NULL))
        continue;  /* [DONE] */

      choice = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                      "choices"), 0);
      delta = json_object_get_object_member (choice, "delta");
      if (json_object_has_member (delta, "content"))
        g_string_append (reply, json_object_get_string_member (delta, "content"));
    }

  return g_string_free (reply, FALSE);
}

typedef struct
{
  RunnelAssembledView *view;
  RunnelStreamPage    *page;
} Live;

static gboolean
text_shown (gpointer data)
{
  Live *live = data;
  g_autofree char *text = runnel_assembled_view_dup_text (live->view);

  return *text != '\0';
}

static void
test_chat (Fixture       *fixture,
           gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);
  RunnelJsonPathBar *bar = runnel_test_page_child (page, "json_path_bar");
  GtkColumnView *column_view = runnel_test_page_child (page, "column_view");
  GtkStack *detail_stack = runnel_test_page_child (page, "detail_stack");
  RunnelAssembledView *view = runnel_test_page_child (page, "assembled_view");
  GtkColumnViewColumn *column = runnel_test_page_child (page, "value_column");
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *copied = NULL;
  g_autofree char *early = NULL;
  Live live = { view, page };
  GtkWidget *data_cell;
  guint n_events;

  /* no path, no column */
  g_assert_null (gtk_column_view_column_get_column_view (column));

  /* the OpenAI preset fills the field, adds the column and shows the Assembled view */
  gtk_widget_activate_action (GTK_WIDGET (bar), "jsonpath.preset", "s", "openai-chat");
  g_assert_cmpstr (gtk_editable_get_text (bar_child (bar, "entry")), ==,
                   "$.choices[0].delta.content");
  g_assert_cmpstr (runnel_json_path_bar_get_expression (bar), ==, "$.choices[0].delta.content");
  g_assert_true (gtk_column_view_column_get_column_view (column) == column_view);
  g_assert_cmpstr (gtk_column_view_column_get_title (column), ==, "Value");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "assembled");
  g_assert_true (gtk_toggle_button_get_active (bar_child (bar, "assembled_button")));

  g_assert_true (_runnel_window_use_demo_endpoint (fixture->window, page, "POST",
                                                   "/chat?interval=20", &error));
  g_assert_no_error (error);

  /* it reads while it streams: part of the reply before the end */
  g_assert_true (runnel_test_iterate_until (text_shown, &live, WAIT_MS));
  early = runnel_assembled_view_dup_text (view);
  g_assert_cmpint (runnel_stream_page_get_state (page), ==, RUNNEL_SSE_CLIENT_STATE_OPEN);
  g_assert_true (g_str_has_prefix (demo_reply, early));
  g_assert_cmpstr (early, !=, demo_reply);

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();

  /* every word, once, in order, and [DONE] (the last event) changed nothing */
  n_events = g_list_model_get_n_items (G_LIST_MODEL (log));
  g_assert_cmpuint (n_events, >, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (runnel_event_log_peek (log, n_events - 1), NULL),
                   ==, "[DONE]");
  expected = reply_from_events (log);
  g_assert_cmpstr (expected, ==, demo_reply);
  shown = runnel_assembled_view_dup_text (view);
  g_assert_cmpstr (shown, ==, expected);
  g_assert_cmpstr (runnel_json_assembler_get_text (runnel_json_path_bar_get_assembler (bar)), ==,
                   expected);
  /* the words, plus the final empty delta and [DONE] that add nothing */
  g_assert_cmpuint (runnel_json_assembler_get_n_parts (runnel_json_path_bar_get_assembler (bar)),
                    ==, n_events - 2);

  /* beside the Value column the data keeps about twenty characters: the stream has no ids, so
   * the ID column makes room */
  g_assert_true (runnel_test_wait_for_frames (GTK_WIDGET (page), 2));
  data_cell = runnel_test_find_text (GTK_WIDGET (column_view), "[DONE]");
  g_assert_nonnull (data_cell);
  g_assert_cmpint (gtk_widget_get_width (data_cell), >=, 140);
  g_assert_null (gtk_column_view_column_get_column_view (runnel_test_page_child (page,
                                                                                 "id_column")));

  /* the column shows the deltas: the last word is in view, since the list follows the end */
  runnel_test_run_for (100);
  g_assert_true (runnel_test_shows_text (GTK_WIDGET (column_view), "does."));

  /* Copy puts the whole text on the clipboard */
  gtk_widget_activate_action (GTK_WIDGET (view), "assembled.copy", NULL);
  copied = runnel_test_read_clipboard (GTK_WIDGET (view));
  g_assert_cmpstr (copied, ==, demo_reply);

  /* selecting an event shows its detail; the toggle follows */
  gtk_single_selection_set_selected (runnel_test_page_child (page, "selection"), 0);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "event");
  g_assert_false (gtk_toggle_button_get_active (bar_child (bar, "assembled_button")));
  gtk_toggle_button_set_active (bar_child (bar, "assembled_button"), TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "assembled");

  /* Clear starts the text over */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.clear", NULL);
  runnel_test_settle ();
  g_clear_pointer (&shown, g_free);
  shown = runnel_assembled_view_dup_text (view);
  g_assert_cmpstr (shown, ==, "");
  /* the selected row went with the rest: the text stays in view, not "No Event Selected" */
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), ==, "assembled");
  g_assert_true (gtk_toggle_button_get_active (bar_child (bar, "assembled_button")));

  /* a new connection assembles from scratch: the reply once, not twice */
  g_assert_true (runnel_stream_page_connect (page));
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_test_settle ();
  g_clear_pointer (&shown, g_free);
  shown = runnel_assembled_view_dup_text (view);
  g_assert_cmpstr (shown, ==, demo_reply);

  /* no path: no column, no Assembled view */
  gtk_widget_activate_action (GTK_WIDGET (bar), "jsonpath.preset", "s", "");
  g_assert_null (gtk_column_view_column_get_column_view (column));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (detail_stack), !=, "assembled");
  g_assert_false (gtk_widget_get_sensitive (bar_child (bar, "assembled_button")));
}

static gboolean
column_shown (gpointer data)
{
  return gtk_column_view_column_get_column_view (data) != NULL;
}

static void
test_invalid_path (Fixture       *fixture,
                   gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);
  RunnelJsonPathBar *bar = runnel_test_page_child (page, "json_path_bar");
  GtkWidget *entry = bar_child (bar, "entry");
  GtkColumnViewColumn *column = runnel_test_page_child (page, "value_column");

  g_assert_false (runnel_json_path_bar_set_expression (bar, "$.choices[0"));
  g_assert_true (gtk_widget_has_css_class (entry, "error"));
  g_assert_nonnull (gtk_widget_get_tooltip_text (entry));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (entry), !=, "");
  g_assert_null (runnel_json_path_bar_get_expression (bar));
  g_assert_null (gtk_column_view_column_get_column_view (column));
  g_assert_false (gtk_widget_get_sensitive (bar_child (bar, "assembled_button")));

  /* typing a valid path takes the flag away (after a pause) and adds the column */
  gtk_editable_set_text (GTK_EDITABLE (entry), "$.delta.text");
  g_assert_true (runnel_test_iterate_until (column_shown, column, WAIT_MS));
  g_assert_false (gtk_widget_has_css_class (entry, "error"));
  g_assert_null (gtk_widget_get_tooltip_text (entry));
  g_assert_cmpstr (runnel_json_path_bar_get_expression (bar), ==, "$.delta.text");
  g_assert_true (gtk_widget_get_sensitive (bar_child (bar, "assembled_button")));
}

/* narrow: the list or the detail; the toggle shows the text, its back button the list */
static void
test_narrow (Fixture       *fixture,
             gconstpointer  data)
{
  RunnelStreamPage *page = new_page (fixture);
  RunnelJsonPathBar *bar = runnel_test_page_child (page, "json_path_bar");
  GtkWidget *detail_stack = runnel_test_page_child (page, "detail_stack");
  GtkWidget *list_box = runnel_test_page_child (page, "list_box");
  GtkWidget *view = GTK_WIDGET (runnel_test_page_child (page, "assembled_view"));
  GtkWidget *back_button;

  runnel_stream_page_set_narrow (page, TRUE);
  gtk_widget_activate_action (GTK_WIDGET (bar), "jsonpath.preset", "s", "anthropic");
  g_assert_cmpstr (runnel_json_path_bar_get_expression (bar), ==, "$.delta.text");
  g_assert_false (gtk_widget_get_visible (detail_stack));

  gtk_toggle_button_set_active (bar_child (bar, "assembled_button"), TRUE);
  g_assert_true (gtk_widget_get_visible (detail_stack));
  g_assert_false (gtk_widget_get_visible (list_box));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (detail_stack)), ==, "assembled");
  back_button = GTK_WIDGET (gtk_widget_get_template_child (view, RUNNEL_TYPE_ASSEMBLED_VIEW,
                                                           "back_button"));
  g_assert_true (gtk_widget_get_visible (back_button));

  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (back_button)), ==,
                   "stream.show-list");
  gtk_widget_activate_action (back_button, "stream.show-list", NULL);
  g_assert_true (gtk_widget_get_visible (list_box));

  /* wide again: no back button beside the list */
  runnel_stream_page_set_narrow (page, FALSE);
  g_assert_false (gtk_widget_get_visible (back_button));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  RUNNEL_UI_TEST_ADD ("/runnel/ui/assembled/" path, func)

  ADD ("chat", test_chat);
  ADD ("invalid-path", test_invalid_path);
  ADD ("narrow", test_narrow);

#undef ADD

  return runnel_ui_test_run ();
}
