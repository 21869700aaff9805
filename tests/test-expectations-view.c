/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-expectations-view.c: the Expectations view's form: a kind, its fields, the sentence */

#include "config.h"

#include <string.h>

#include "runnel-expectations-view.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

typedef RunnelUiFixture Fixture;

typedef struct
{
  RunnelStreamPage       *page;
  RunnelExpectationsView *view;
  RunnelExpectations     *expectations;
  GtkEditable            *sentence;
} Form;

static void
open_form (Fixture *fixture,
           Form    *form)
{
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-tab", NULL);
  runnel_test_settle ();
  form->page = runnel_window_get_current_page (fixture->window);
  form->view = runnel_test_page_child (form->page, "expectations_view");
  form->expectations = runnel_stream_page_get_expectations (form->page);
  form->sentence = runnel_test_page_child (form->page, "expectation_entry");
  gtk_widget_activate_action (GTK_WIDGET (form->page), "stream.view", "s", "expectations");
  runnel_test_settle ();
}

static gpointer
child (Form       *form,
       const char *name)
{
  return runnel_test_page_child (form->page, name);
}

static void
set_text (Form       *form,
          const char *name,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (child (form, name)), text);
}

static const char *
get_text (Form       *form,
          const char *name)
{
  return gtk_editable_get_text (GTK_EDITABLE (child (form, name)));
}

/* chooses the item that says @text, as a user does */
static void
choose (Form       *form,
        const char *name,
        const char *text)
{
  GtkDropDown *dropdown = child (form, name);
  GListModel *model = gtk_drop_down_get_model (dropdown);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      if (strcmp (gtk_string_list_get_string (GTK_STRING_LIST (model), i), text) == 0)
        {
          gtk_drop_down_set_selected (dropdown, i);
          return;
        }
    }

  g_error ("%s has no item “%s”", name, text);
}

static const char *
chosen (Form       *form,
        const char *name)
{
  GtkDropDown *dropdown = child (form, name);

  return gtk_string_list_get_string (GTK_STRING_LIST (gtk_drop_down_get_model (dropdown)),
                                     gtk_drop_down_get_selected (dropdown));
}

static gboolean
shown (Form       *form,
       const char *name)
{
  return gtk_widget_get_visible (child (form, name));
}

static void
add (Form *form)
{
  g_signal_emit_by_name (child (form, "expectation_add_button"), "clicked");
  runnel_test_settle ();
}

static const char *
nth_text (Form *form,
          guint position)
{
  return runnel_expectation_get_text (runnel_expectations_get (form->expectations, position));
}

/* pick a kind, fill its fields, Add: the sentence in the list */
static void
test_form_add (Fixture       *fixture,
               gconstpointer  data)
{
  Form form;

  open_form (fixture, &form);

  /* a kind starts from its sample, its first field selected for typing over */
  choose (&form, "kind_dropdown", "How many events");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "count message >= 3");
  g_assert_true (shown (&form, "type_row"));
  g_assert_true (shown (&form, "test_row"));
  g_assert_false (shown (&form, "path_row"));
  g_assert_true (shown (&form, "number_spin"));
  g_assert_false (shown (&form, "value_entry"));
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) ==
                 GTK_WIDGET (gtk_editable_get_delegate (GTK_EDITABLE (child (&form, "type_entry")))));

  set_text (&form, "type_entry", "delta");
  choose (&form, "op_dropdown", ">");
  gtk_spin_button_set_value (child (&form, "number_spin"), 5);
  gtk_check_button_set_active (child (&form, "within_check"), TRUE);
  gtk_spin_button_set_value (child (&form, "within_spin"), 1.5);
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "count delta > 5 within 1.5s");
  add (&form);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 1);
  g_assert_cmpstr (nth_text (&form, 0), ==, "count delta > 5 within 1.5s");
  g_assert_true (runnel_test_shows_text (child (&form, "expectation_list"),
                                         "count delta > 5 within 1.5s"));
  /* ready for the next: no sentence, empty fields */
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "");
  g_assert_cmpstr (get_text (&form, "type_entry"), ==, "");

  /* a JSON value: words with spaces are quoted, exists has no value */
  choose (&form, "kind_dropdown", "A JSON value in an event");
  g_assert_false (shown (&form, "type_row"));
  g_assert_true (shown (&form, "path_row"));
  set_text (&form, "path_entry", "$.delta.text");
  choose (&form, "op_dropdown", "contains");
  set_text (&form, "value_entry", "Hello, \"world\"");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==,
                   "json $.delta.text contains \"Hello, \\\"world\\\"\"");
  choose (&form, "op_dropdown", "exists");
  g_assert_false (shown (&form, "value_entry"));
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "json $.delta.text exists");
  choose (&form, "op_dropdown", "matches");
  set_text (&form, "value_entry", "^a/b");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "json $.delta.text matches /^a\\/b/");
  add (&form);
  g_assert_cmpstr (nth_text (&form, 1), ==, "json $.delta.text matches /^a\\/b/");

  /* the assembled text of a JSONPath rather than a preset, and its length */
  choose (&form, "kind_dropdown", "The assembled text");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==,
                   "assembled openai-chat contains Hello");
  g_assert_false (shown (&form, "path_row"));
  choose (&form, "source_dropdown", "A JSONPath");
  g_assert_true (shown (&form, "path_row"));
  set_text (&form, "path_entry", "$.text");
  choose (&form, "op_dropdown", "length >=");
  g_assert_true (shown (&form, "number_spin"));
  gtk_spin_button_set_value (child (&form, "number_spin"), 10);
  add (&form);
  g_assert_cmpstr (nth_text (&form, 2), ==, "assembled $.text length >= 10");

  /* the few without fields, and those of two words */
  choose (&form, "kind_dropdown", "The server ends the stream");
  g_assert_false (shown (&form, "test_row"));
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "ends");
  choose (&form, "kind_dropdown", "The HTTP status");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "status 200");
  choose (&form, "op_dropdown", ">=");
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "status >= 200");
  choose (&form, "kind_dropdown", "The longest silence");
  g_assert_true (shown (&form, "number_unit"));
  gtk_spin_button_set_value (child (&form, "number_spin"), 0.5);
  g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, "gap <= 0.5s");
  choose (&form, "kind_dropdown", "The order of two events");
  set_text (&form, "type_entry", "start");
  set_text (&form, "other_entry", "stop");
  add (&form);
  g_assert_cmpstr (nth_text (&form, 3), ==, "order start before stop");
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 4);
}

/* a wrong field: the parser's error under the form, the field marked, nothing added */
static void
test_form_errors (Fixture       *fixture,
                  gconstpointer  data)
{
  Form form;
  GtkLabel *error_label;

  open_form (fixture, &form);
  error_label = child (&form, "expectation_error");

  /* an empty type */
  choose (&form, "kind_dropdown", "How many events");
  set_text (&form, "type_entry", "");
  add (&form);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "an event type cannot be empty"));
  g_assert_true (gtk_widget_has_css_class (child (&form, "type_entry"), "error"));
  /* typing it clears the error */
  set_text (&form, "type_entry", "delta");
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_false (gtk_widget_has_css_class (child (&form, "type_entry"), "error"));

  /* a regular expression that is not one */
  choose (&form, "kind_dropdown", "A response header");
  set_text (&form, "other_entry", "Content-Type");
  choose (&form, "op_dropdown", "matches");
  set_text (&form, "value_entry", "event-(stream");
  add (&form);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 0);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (error_label)));
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "not a regular expression"));
  g_assert_true (gtk_widget_has_css_class (child (&form, "value_entry"), "error"));
  g_assert_false (gtk_widget_has_css_class (child (&form, "other_entry"), "error"));
  set_text (&form, "value_entry", "event-stream");
  add (&form);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 1);
  g_assert_cmpstr (nth_text (&form, 0), ==, "header Content-Type matches /event-stream/");

  /* a time limit on an expectation decided at the end: the parser says so, at "within" */
  choose (&form, "kind_dropdown", "How many events");
  choose (&form, "op_dropdown", "<=");
  gtk_check_button_set_active (child (&form, "within_check"), TRUE);
  add (&form);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 1);
  g_assert_nonnull (strstr (gtk_label_get_text (error_label), "cannot have a time limit"));
  g_assert_true (gtk_widget_has_css_class (child (&form, "within_check"), "error"));
}

/* editing fills the form from the parsed expectation; saving it unchanged changes nothing */
static void
test_form_edit (Fixture       *fixture,
                gconstpointer  data)
{
  const char *texts[] = {
    "count delta > 5 within 1.5s", "json $.a == \"b c\"", "every delta json $.x matches /a\\/b/i",
    "first content $.text within 0.25s", "status 404", "gap < 2s", "order open before close",
    "header Content-Type exists", "assembled anthropic length <= 7", NULL
  };
  Form form;

  open_form (fixture, &form);
  runnel_stream_page_set_expectations (form.page, texts);
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 9);

  /* every one comes back the same through the form */
  for (guint i = 0; texts[i] != NULL; i++)
    {
      runnel_expectations_view_edit (form.view, i);
      g_assert_cmpstr (gtk_label_get_text (child (&form, "expectation_form_title")), ==,
                       "Edit Expectation");
      /* a field written again: the form's own sentence */
      gtk_check_button_set_active (child (&form, "within_check"),
                                   !gtk_check_button_get_active (child (&form, "within_check")));
      gtk_check_button_set_active (child (&form, "within_check"),
                                   !gtk_check_button_get_active (child (&form, "within_check")));
      g_assert_cmpstr (gtk_editable_get_text (form.sentence), ==, texts[i]);
      add (&form);
      g_assert_cmpstr (nth_text (&form, i), ==, texts[i]);
    }
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 9);

  /* the fields of one */
  runnel_expectations_view_edit (form.view, 0);
  g_assert_cmpstr (chosen (&form, "kind_dropdown"), ==, "How many events");
  g_assert_cmpstr (get_text (&form, "type_entry"), ==, "delta");
  g_assert_cmpstr (chosen (&form, "op_dropdown"), ==, ">");
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&form, "number_spin")), ==, 5);
  g_assert_true (gtk_check_button_get_active (child (&form, "within_check")));
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&form, "within_spin")), ==, 1.5);
  /* changed in the form, saved in its place */
  gtk_spin_button_set_value (child (&form, "number_spin"), 8);
  add (&form);
  g_assert_cmpstr (nth_text (&form, 0), ==, "count delta > 8 within 1.5s");
  g_assert_cmpuint (runnel_expectations_get_n_items (form.expectations), ==, 9);

  runnel_expectations_view_edit (form.view, 2);
  g_assert_cmpstr (chosen (&form, "kind_dropdown"), ==, "A JSON value in every event");
  g_assert_cmpstr (get_text (&form, "path_entry"), ==, "$.x");
  g_assert_cmpstr (get_text (&form, "value_entry"), ==, "/a\\/b/i");
  g_signal_emit_by_name (child (&form, "expectation_cancel_button"), "clicked");
  g_assert_cmpstr (gtk_label_get_text (child (&form, "expectation_form_title")), ==,
                   "New Expectation");

  /* a sentence typed: the form follows it */
  gtk_editable_set_text (form.sentence, "assembled $.t contains \"a b\" within 3s");
  g_assert_cmpstr (chosen (&form, "kind_dropdown"), ==, "The assembled text");
  g_assert_cmpstr (chosen (&form, "source_dropdown"), ==, "A JSONPath");
  g_assert_cmpstr (get_text (&form, "path_entry"), ==, "$.t");
  g_assert_cmpstr (chosen (&form, "op_dropdown"), ==, "contains");
  g_assert_cmpstr (get_text (&form, "value_entry"), ==, "a b");
  g_assert_cmpfloat (gtk_spin_button_get_value (child (&form, "within_spin")), ==, 3);
  /* and is left alone while it is not a sentence of the language */
  gtk_editable_set_text (form.sentence, "status 2");
  g_assert_cmpstr (chosen (&form, "kind_dropdown"), ==, "The assembled text");
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);
  runnel_ui_test_set_window_size (1000, 700);

  RUNNEL_UI_TEST_ADD ("/runnel/ui/expectations-view/form-add", test_form_add);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/expectations-view/form-errors", test_form_errors);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/expectations-view/form-edit", test_form_edit);

  return runnel_ui_test_run ();
}
