/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectations-view.c: a request's expectations: edit them, and see each pass or fail */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "runnel-expectations-view.h"
#include "runnel-json-path.h"

/* the widgets of one row that change while the stream runs */
typedef struct
{
  GtkImage *icon;
  GtkLabel *observed;
} Row;

struct _RunnelExpectationsView
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkLabel           *expectations_summary;
  GtkListBox         *expectation_list;
  GtkLabel           *expectation_form_title;
  GtkDropDown        *kind_dropdown;
  GtkWidget          *type_row;
  GtkEntry           *type_entry;
  GtkWidget          *other_row;
  GtkLabel           *other_label;
  GtkEntry           *other_entry;
  GtkWidget          *source_row;
  GtkDropDown        *source_dropdown;
  GtkWidget          *path_row;
  GtkEntry           *path_entry;
  GtkWidget          *test_row;
  GtkLabel           *test_label;
  GtkDropDown        *op_dropdown;
  GtkEntry           *value_entry;
  GtkSpinButton      *number_spin;
  GtkWidget          *number_unit;
  GtkWidget          *within_row;
  GtkCheckButton     *within_check;
  GtkSpinButton      *within_spin;
  GtkEntry           *expectation_entry;
  GtkButton          *expectation_add_button;
  GtkWidget          *expectation_cancel_button;
  GtkLabel           *expectation_error;

  /* Owned */
  RunnelExpectations *expectations;
  GArray             *rows;        /* Row, one per expectation, in order */
  GListModel         *op_models[4];     /* by OpSet */
  GListModel         *source_models[2]; /* presets and a path; the same after "any data" */
  char               *title;       /* "Expectations 3/4" */
  char               *composed;    /* the sentence the form wrote last, and its words */
  GArray             *spans;       /* Span */

  /* Borrowed */
  GtkWidget          *error_widget;  /* the field whose word is wrong */

  int                 editing;     /* the position being edited, or -1 */
  int                 shown_kind;  /* the kind the form's rows are set up for, or -1 */
  guint               filling;     /* > 0 while the form is set from a sentence: no writing back */
};

G_DEFINE_FINAL_TYPE (RunnelExpectationsView, runnel_expectations_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EXPECTATIONS,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

/* The form: what each kind of expectation asks for, in the order of its words */

typedef enum
{
  FIELD_TYPE   = 1 << 0,  /* an event type */
  FIELD_OTHER  = 1 << 1,  /* order's second type, a header's name */
  FIELD_SOURCE = 1 << 2,  /* a preset or a JSONPath (first content: or any data) */
  FIELD_PATH   = 1 << 3,  /* a JSONPath */
  FIELD_TEST   = 1 << 4,  /* a comparison, and what it compares with */
  FIELD_WITHIN = 1 << 5,  /* a time limit */
} Fields;

/* the comparisons a kind offers, and what follows them */
typedef enum
{
  OPS_NUMBER,     /* == != < <= > >= a whole number */
  OPS_VALUE,      /* the same, contains, matches, exists: a value */
  OPS_ASSEMBLED,  /* contains, matches: a text; length OP: a number */
  OPS_TIME,       /* < <=: seconds */
} OpSet;

static const char * const op_sets[][10] = {
  [OPS_NUMBER] = { "==", "!=", "<", "<=", ">", ">=", NULL },
  [OPS_VALUE] = { "==", "!=", "<", "<=", ">", ">=", "contains", "matches", "exists", NULL },
  [OPS_ASSEMBLED] = { "contains", "matches", "length ==", "length !=", "length <", "length <=",
                      "length >", "length >=", NULL },
  [OPS_TIME] = { "<", "<=", NULL },
};

typedef enum
{
  KIND_EVENT,
  KIND_FIRST_EVENT,
  KIND_FIRST_CONTENT,
  KIND_COUNT,
  KIND_JSON,
  KIND_EVERY,
  KIND_ASSEMBLED,
  KIND_STATUS,
  KIND_HEADER,
  KIND_ENDS,
  KIND_RECONNECTS,
  KIND_GAP,
  KIND_STALLS,
  KIND_BURSTS,
  KIND_ORDER,
  N_KINDS
} Kind;

static const struct {
  const char *label;        /* in the Kind menu */
  const char *keyword;      /* the first word or two of its sentence */
  const char *sample;       /* a sentence to start from */
  Fields      fields;
  OpSet       ops;
  const char *test_label;   /* what is compared */
  const char *other_label;
  const char *other_example;
} kinds[N_KINDS] = {
  [KIND_EVENT] = { N_("An event of a type"), "event", "event message",
                   FIELD_TYPE | FIELD_WITHIN },
  [KIND_FIRST_EVENT] = { N_("The first event in time"), "first event", "first event within 2s",
                         FIELD_WITHIN },
  [KIND_FIRST_CONTENT] = { N_("The first event with content"), "first content",
                           "first content openai-chat within 2s", FIELD_SOURCE | FIELD_WITHIN },
  [KIND_COUNT] = { N_("How many events"), "count", "count message >= 3",
                   FIELD_TYPE | FIELD_TEST | FIELD_WITHIN, OPS_NUMBER, N_("Count") },
  [KIND_JSON] = { N_("A JSON value in an event"), "json", "json $.done == true",
                  FIELD_PATH | FIELD_TEST | FIELD_WITHIN, OPS_VALUE, N_("Value") },
  [KIND_EVERY] = { N_("A JSON value in every event"), "every", "every message json $.id exists",
                   FIELD_TYPE | FIELD_PATH | FIELD_TEST, OPS_VALUE, N_("Value") },
  [KIND_ASSEMBLED] = { N_("The assembled text"), "assembled",
                       "assembled openai-chat contains Hello",
                       FIELD_SOURCE | FIELD_TEST | FIELD_WITHIN, OPS_ASSEMBLED, N_("Text") },
  [KIND_STATUS] = { N_("The HTTP status"), "status", "status 200", FIELD_TEST | FIELD_WITHIN,
                    OPS_NUMBER, N_("Status") },
  [KIND_HEADER] = { N_("A response header"), "header",
                    "header Content-Type matches /event-stream/",
                    FIELD_OTHER | FIELD_TEST | FIELD_WITHIN, OPS_VALUE, N_("Value"), N_("Name"),
                    "Content-Type" },
  [KIND_ENDS] = { N_("The server ends the stream"), "ends", "ends", FIELD_WITHIN },
  [KIND_RECONNECTS] = { N_("Reconnections"), "reconnects", "reconnects <= 1", FIELD_TEST,
                        OPS_NUMBER, N_("Count") },
  [KIND_GAP] = { N_("The longest silence"), "gap", "gap <= 5s", FIELD_TEST, OPS_TIME,
                 N_("Silence") },
  [KIND_STALLS] = { N_("Stalls (silences over 5s)"), "stalls", "stalls == 0", FIELD_TEST,
                    OPS_NUMBER, N_("Count") },
  [KIND_BURSTS] = { N_("Bursts of buffered events"), "bursts", "bursts == 0", FIELD_TEST,
                    OPS_NUMBER, N_("Count") },
  [KIND_ORDER] = { N_("The order of two events"), "order", "order open before close",
                   FIELD_TYPE | FIELD_OTHER, 0, NULL, N_("Before"), "close" },
};

/* a word of the composed sentence, and the field it came from */
typedef struct
{
  gsize      start;
  gsize      end;
  GtkWidget *widget;
} Span;

static const char *
status_icon (RunnelExpectationStatus status)
{
  switch (status)
    {
    case RUNNEL_EXPECTATION_PASSED:
      return "emblem-ok-symbolic";
    case RUNNEL_EXPECTATION_FAILED:
      return "dialog-error-symbolic";
    case RUNNEL_EXPECTATION_PENDING:
    default:
      return "content-loading-symbolic";
    }
}

static const char *
status_words (RunnelExpectationStatus status)
{
  switch (status)
    {
    case RUNNEL_EXPECTATION_PASSED:
      return _("Passed");
    case RUNNEL_EXPECTATION_FAILED:
      return _("Failed");
    case RUNNEL_EXPECTATION_PENDING:
    default:
      return _("Pending");
    }
}

static void
update_row (Row               *row,
            RunnelExpectation *expectation)
{
  static const char * const classes[] = { "dim-label", "success", "error" };
  RunnelExpectationStatus status = runnel_expectation_get_status (expectation);
  g_autofree char *observed = runnel_expectation_dup_observed (expectation);
  g_autofree char *text = NULL;

  gtk_image_set_from_icon_name (row->icon, status_icon (status));
  gtk_widget_set_tooltip_text (GTK_WIDGET (row->icon), status_words (status));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->icon),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, status_words (status), -1);
  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    {
      if (i == (guint) status)
        gtk_widget_add_css_class (GTK_WIDGET (row->icon), classes[i]);
      else
        gtk_widget_remove_css_class (GTK_WIDGET (row->icon), classes[i]);
    }

  /* TRANSLATORS: an expectation's result and the value observed, e.g. "Passed: 27" */
  text = observed != NULL && observed[0] != '\0'
    ? g_strdup_printf (_("%s: %s"), status_words (status), observed)
    : g_strdup (status_words (status));
  if (g_strcmp0 (gtk_label_get_text (row->observed), text) != 0)
    gtk_label_set_text (row->observed, text);
}

static GtkWidget *
create_row (RunnelExpectationsView *self,
            RunnelExpectation      *expectation,
            guint                   position)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *words = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *sentence = gtk_label_new (runnel_expectation_get_text (expectation));
  GtkWidget *edit = gtk_button_new_from_icon_name ("document-edit-symbolic");
  GtkWidget *remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  Row row = { GTK_IMAGE (gtk_image_new ()), GTK_LABEL (gtk_label_new (NULL)) };

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 6);

  gtk_widget_set_valign (GTK_WIDGET (row.icon), GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row.icon));

  gtk_widget_set_hexpand (words, TRUE);
  gtk_label_set_xalign (GTK_LABEL (sentence), 0);
  gtk_label_set_wrap (GTK_LABEL (sentence), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (sentence), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (sentence), TRUE);
  gtk_widget_add_css_class (sentence, "monospace");
  gtk_box_append (GTK_BOX (words), sentence);
  gtk_label_set_xalign (row.observed, 0);
  gtk_label_set_wrap (row.observed, TRUE);
  gtk_label_set_wrap_mode (row.observed, PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (GTK_WIDGET (row.observed), "dim-label");
  gtk_widget_add_css_class (GTK_WIDGET (row.observed), "caption");
  gtk_box_append (GTK_BOX (words), GTK_WIDGET (row.observed));
  gtk_box_append (GTK_BOX (box), words);

  gtk_widget_set_valign (edit, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (edit, "flat");
  gtk_widget_set_tooltip_text (edit, _("Edit"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "expectations.edit");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (edit), "u", position);
  gtk_box_append (GTK_BOX (box), edit);

  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove), "expectations.remove");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove), "u", position);
  gtk_box_append (GTK_BOX (box), remove);

  update_row (&row, expectation);
  g_array_append_val (self->rows, row);

  return box;
}

static void
update_summary (RunnelExpectationsView *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *title = NULL;
  guint n = self->expectations != NULL ? runnel_expectations_get_n_items (self->expectations) : 0;

  if (n > 0)
    summary = runnel_expectations_dup_summary (self->expectations);
  gtk_label_set_text (self->expectations_summary, summary != NULL ? summary : "");

  gtk_widget_remove_css_class (GTK_WIDGET (self->expectations_summary), "success");
  gtk_widget_remove_css_class (GTK_WIDGET (self->expectations_summary), "error");
  if (n > 0 && runnel_expectations_count (self->expectations, RUNNEL_EXPECTATION_FAILED) > 0)
    gtk_widget_add_css_class (GTK_WIDGET (self->expectations_summary), "error");
  else if (n > 0 && runnel_expectations_count (self->expectations, RUNNEL_EXPECTATION_PASSED) == n)
    gtk_widget_add_css_class (GTK_WIDGET (self->expectations_summary), "success");

  /* TRANSLATORS: the Expectations view's button: how many of how many passed */
  title = n > 0 ? g_strdup_printf (_("Expectations %u/%u"),
                                   runnel_expectations_count (self->expectations,
                                                              RUNNEL_EXPECTATION_PASSED), n)
                : g_strdup (_("Expectations"));
  if (g_strcmp0 (title, self->title) != 0)
    {
      g_free (self->title);
      self->title = g_steal_pointer (&title);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
    }
}

void
runnel_expectations_view_update (RunnelExpectationsView *self)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS_VIEW (self));

  for (guint i = 0; self->expectations != NULL && i < self->rows->len; i++)
    update_row (&g_array_index (self->rows, Row, i),
                runnel_expectations_get (self->expectations, i));
  update_summary (self);
}

/* the rows again, after an expectation was added, removed or replaced (a short list) */
static void
rebuild_rows (RunnelExpectationsView *self)
{
  GtkListBoxRow *old;

  while ((old = gtk_list_box_get_row_at_index (self->expectation_list, 0)) != NULL)
    gtk_list_box_remove (self->expectation_list, GTK_WIDGET (old));
  g_array_set_size (self->rows, 0);

  for (guint i = 0; self->expectations != NULL &&
                    i < runnel_expectations_get_n_items (self->expectations); i++)
    gtk_list_box_append (self->expectation_list,
                         create_row (self, runnel_expectations_get (self->expectations, i), i));

  update_summary (self);
}

/* The form */

static Kind
selected_kind (RunnelExpectationsView *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  return kind < N_KINDS ? kind : KIND_EVENT;
}

static const char *
selected_op (RunnelExpectationsView *self)
{
  GListModel *model = gtk_drop_down_get_model (self->op_dropdown);
  guint op = gtk_drop_down_get_selected (self->op_dropdown);

  if (model == NULL || op >= g_list_model_get_n_items (model))
    return "";

  return gtk_string_list_get_string (GTK_STRING_LIST (model), op);
}

static gboolean
select_op (RunnelExpectationsView *self,
           const char             *op)
{
  const char * const *ops = op_sets[kinds[selected_kind (self)].ops];

  for (guint i = 0; ops[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (ops[i], op) == 0)
        {
          gtk_drop_down_set_selected (self->op_dropdown, i);
          return TRUE;
        }
    }

  return FALSE;
}

/* the source dropdown's first item is "any data" for first content */
static guint
source_offset (RunnelExpectationsView *self)
{
  return selected_kind (self) == KIND_FIRST_CONTENT ? 1 : 0;
}

static gboolean
source_is_path (RunnelExpectationsView *self)
{
  GListModel *model = gtk_drop_down_get_model (self->source_dropdown);

  return model != NULL &&
         gtk_drop_down_get_selected (self->source_dropdown) + 1 == g_list_model_get_n_items (model);
}

/* whether the operand is a number (a count, a status, a length, seconds) or a word */
static gboolean
operand_is_number (RunnelExpectationsView *self)
{
  OpSet ops = kinds[selected_kind (self)].ops;

  return ops == OPS_NUMBER || ops == OPS_TIME ||
         (ops == OPS_ASSEMBLED && g_str_has_prefix (selected_op (self), "length"));
}

/* the rows of the chosen kind, and the comparison's operand for the chosen comparison */
static void
update_fields (RunnelExpectationsView *self)
{
  Kind kind = selected_kind (self);
  Fields fields = kinds[kind].fields;
  const char *op;

  self->filling++;

  if ((int) kind != self->shown_kind)
    {
      self->shown_kind = kind;
      if (fields & FIELD_TEST)
        {
          gtk_label_set_text_with_mnemonic (self->test_label, _(kinds[kind].test_label));
          gtk_drop_down_set_model (self->op_dropdown, self->op_models[kinds[kind].ops]);
        }
      if (fields & FIELD_OTHER)
        {
          gtk_label_set_text_with_mnemonic (self->other_label, _(kinds[kind].other_label));
          gtk_entry_set_placeholder_text (self->other_entry, kinds[kind].other_example);
        }
      if (fields & FIELD_SOURCE)
        gtk_drop_down_set_model (self->source_dropdown,
                                 self->source_models[kind == KIND_FIRST_CONTENT]);

      /* a status is 100 to 599; a silence is seconds; the rest count from 0 */
      if (kind == KIND_STATUS)
        gtk_spin_button_set_range (self->number_spin, 100, 599);
      else if (kinds[kind].ops == OPS_TIME)
        gtk_spin_button_set_range (self->number_spin, 0.01, 1e6);
      else
        gtk_spin_button_set_range (self->number_spin, 0, 1e12);
      gtk_spin_button_set_digits (self->number_spin, kinds[kind].ops == OPS_TIME ? 2 : 0);
    }

  gtk_widget_set_visible (self->type_row, (fields & FIELD_TYPE) != 0);
  gtk_widget_set_visible (self->other_row, (fields & FIELD_OTHER) != 0);
  gtk_widget_set_visible (self->source_row, (fields & FIELD_SOURCE) != 0);
  gtk_widget_set_visible (self->path_row, (fields & FIELD_PATH) != 0 ||
                                          ((fields & FIELD_SOURCE) != 0 && source_is_path (self)));
  gtk_widget_set_visible (self->test_row, (fields & FIELD_TEST) != 0);
  gtk_widget_set_visible (self->within_row, (fields & FIELD_WITHIN) != 0);

  op = selected_op (self);
  gtk_widget_set_visible (GTK_WIDGET (self->number_spin), operand_is_number (self));
  gtk_widget_set_visible (self->number_unit, kinds[kind].ops == OPS_TIME);
  gtk_widget_set_visible (GTK_WIDGET (self->value_entry),
                          !operand_is_number (self) && strcmp (op, "exists") != 0);
  if (strcmp (op, "matches") == 0)
    gtk_entry_set_placeholder_text (self->value_entry, _("regular expression"));
  else if (strcmp (op, "contains") == 0)
    gtk_entry_set_placeholder_text (self->value_entry, _("text"));
  else
    gtk_entry_set_placeholder_text (self->value_entry, _("value"));

  self->filling--;
}

/* a word as the language reads it back: "quoted" when empty or with spaces or quotes */
static char *
quote_word (const char *text)
{
  GString *out;

  if (text[0] != '\0' && text[0] != '"' && text[0] != '\'' && strpbrk (text, " \t\n\r\f\v") == NULL)
    return g_strdup (text);

  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/* a regular expression between slashes; one written with its slashes (and i) stays as it is */
static char *
regex_word (const char *text)
{
  gsize n = strlen (text);
  GString *out;

  if (text[0] == '/' && ((n >= 2 && text[n - 1] == '/') ||
                         (n >= 3 && text[n - 2] == '/' && text[n - 1] == 'i')))
    return g_strdup (text);

  out = g_string_new ("/");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        g_string_append_c (out, *p++);
      else if (*p == '/')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

/* the field's text for a regular expression the parser read: without its slashes, unless i */
static char *
regex_field (const char *word)
{
  gsize n = strlen (word);
  GString *out;

  if (n < 2 || word[0] != '/' || word[n - 1] != '/')
    return g_strdup (word);

  out = g_string_new (NULL);
  for (gsize i = 1; i + 1 < n; i++)
    {
      if (word[i] == '\\' && word[i + 1] == '/' && i + 2 < n)
        i++;
      g_string_append_c (out, word[i]);
    }

  return g_string_free (out, FALSE);
}

static char *
format_number (double value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));
}

/* seconds as a TIME of the language: 2s, 1.5s, 0.25s */
static char *
format_seconds (double value)
{
  gint64 ms = llround (value * 1000);
  g_autofree char *fraction = NULL;
  gsize n;

  if (ms % 1000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", ms / 1000);

  fraction = g_strdup_printf ("%03" G_GINT64_FORMAT, ms % 1000);
  for (n = strlen (fraction); n > 0 && fraction[n - 1] == '0'; n--)
    fraction[n - 1] = '\0';

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%ss", ms / 1000, fraction);
}

static void
add_word (RunnelExpectationsView *self,
          GString                *sentence,
          char                   *word,
          gpointer                widget)
{
  Span span;

  if (sentence->len > 0)
    g_string_append_c (sentence, ' ');
  span.start = sentence->len;
  g_string_append (sentence, word);
  span.end = sentence->len;
  span.widget = widget;
  g_array_append_val (self->spans, span);
  g_free (word);
}

static const char *
field_text (GtkEntry *entry)
{
  return gtk_editable_get_text (GTK_EDITABLE (entry));
}

/* the sentence of the form's fields, in the order the language reads them */
static char *
compose (RunnelExpectationsView *self)
{
  Kind kind = selected_kind (self);
  Fields fields = kinds[kind].fields;
  GString *sentence = g_string_new (NULL);

  g_array_set_size (self->spans, 0);
  add_word (self, sentence, g_strdup (kinds[kind].keyword), self->kind_dropdown);

  if (fields & FIELD_TYPE)
    add_word (self, sentence, quote_word (field_text (self->type_entry)), self->type_entry);
  if (kind == KIND_EVERY)
    add_word (self, sentence, g_strdup ("json"), self->kind_dropdown);
  if (kind == KIND_ORDER)
    add_word (self, sentence, g_strdup ("before"), self->kind_dropdown);
  if (fields & FIELD_OTHER)
    add_word (self, sentence, quote_word (field_text (self->other_entry)), self->other_entry);

  if ((fields & FIELD_SOURCE) && !source_is_path (self))
    {
      guint preset = gtk_drop_down_get_selected (self->source_dropdown);
      const RunnelJsonPathPreset *presets;
      guint n_presets;

      presets = runnel_json_path_get_presets (&n_presets);
      /* first content: "any data" is no word at all */
      if (preset >= source_offset (self) && preset - source_offset (self) < n_presets)
        add_word (self, sentence, g_strdup (presets[preset - source_offset (self)].id),
                  self->source_dropdown);
    }
  if ((fields & FIELD_PATH) || ((fields & FIELD_SOURCE) && source_is_path (self)))
    {
      g_autofree char *path = g_strstrip (g_strdup (field_text (self->path_entry)));

      add_word (self, sentence, path[0] != '\0' ? g_strdup (path) : g_strdup ("\"\""),
                self->path_entry);
    }

  if (fields & FIELD_TEST)
    {
      const char *op = selected_op (self);
      double number = gtk_spin_button_get_value (self->number_spin);

      /* "status 200" rather than "status == 200" */
      if (kind != KIND_STATUS || strcmp (op, "==") != 0)
        add_word (self, sentence, g_strdup (op), self->op_dropdown);

      if (kinds[kind].ops == OPS_TIME)
        add_word (self, sentence, format_seconds (number), self->number_spin);
      else if (operand_is_number (self))
        add_word (self, sentence, format_number (number), self->number_spin);
      else if (strcmp (op, "matches") == 0)
        add_word (self, sentence, regex_word (field_text (self->value_entry)), self->value_entry);
      else if (strcmp (op, "exists") != 0)
        add_word (self, sentence, quote_word (field_text (self->value_entry)), self->value_entry);
    }

  if ((fields & FIELD_WITHIN) && gtk_check_button_get_active (self->within_check))
    {
      add_word (self, sentence, g_strdup ("within"), self->within_check);
      add_word (self, sentence, format_seconds (gtk_spin_button_get_value (self->within_spin)),
                self->within_spin);
    }

  return g_string_free (sentence, FALSE);
}

static void
set_field (GtkEntry   *entry,
           const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (entry), text != NULL ? text : "");
}

/*
 * The form from an expectation's words (the parser's, not a reading of our own): its kind and
 * each field. The sentence entry is left as it is.
 */
static void
fill_form (RunnelExpectationsView *self,
           RunnelExpectation      *expectation)
{
  g_auto(GStrv) words = runnel_expectation_dup_words (expectation);
  guint n = g_strv_length (words);
  gint64 limit = runnel_expectation_get_time_limit (expectation);
  Kind kind = N_KINDS;
  Fields fields;
  guint at = 1;

  for (guint i = 0; i < N_KINDS && kind == N_KINDS; i++)
    {
      g_autofree char *first = g_strjoin (" ", words[0], n > 1 ? words[1] : NULL, NULL);

      if (g_ascii_strcasecmp (words[0], kinds[i].keyword) == 0)
        kind = i;
      else if (n > 1 && g_ascii_strcasecmp (first, kinds[i].keyword) == 0)
        {
          kind = i;
          at = 2;
        }
    }
  if (kind == N_KINDS)
    return;

  self->filling++;
  gtk_drop_down_set_selected (self->kind_dropdown, kind);
  update_fields (self);
  fields = kinds[kind].fields;

#define NEXT_WORD() (at < n ? words[at++] : "")
  if (fields & FIELD_TYPE)
    set_field (self->type_entry, NEXT_WORD ());
  if (kind == KIND_EVERY || kind == KIND_ORDER)
    at++;  /* json, before */
  if (fields & FIELD_OTHER)
    set_field (self->other_entry, NEXT_WORD ());

  if (fields & FIELD_SOURCE)
    {
      const char *source = NEXT_WORD ();
      const RunnelJsonPathPreset *presets;
      guint n_presets;
      guint selected = 0;

      presets = runnel_json_path_get_presets (&n_presets);
      if (source[0] == '$')
        {
          selected = source_offset (self) + n_presets;
          set_field (self->path_entry, source);
        }
      for (guint i = 0; source[0] != '\0' && i < n_presets; i++)
        {
          if (g_ascii_strcasecmp (source, presets[i].id) == 0)
            selected = source_offset (self) + i;
        }
      gtk_drop_down_set_selected (self->source_dropdown, selected);
    }
  if (fields & FIELD_PATH)
    set_field (self->path_entry, NEXT_WORD ());

  if (fields & FIELD_TEST)
    {
      g_autofree char *op = NULL;

      if (kind == KIND_STATUS && n - at == 1)
        op = g_strdup ("==");
      else if (kind == KIND_ASSEMBLED && at < n && g_ascii_strcasecmp (words[at], "length") == 0)
        {
          at++;
          op = g_strconcat ("length ", NEXT_WORD (), NULL);
        }
      else
        op = g_strdup (NEXT_WORD ());
      select_op (self, op);
      update_fields (self);

      if (kinds[kind].ops == OPS_TIME)
        {
          gint64 us = 0;

          runnel_expectation_parse_time (NEXT_WORD (), &us);
          gtk_spin_button_set_value (self->number_spin, us / (double) G_USEC_PER_SEC);
        }
      else if (operand_is_number (self))
        gtk_spin_button_set_value (self->number_spin, g_ascii_strtod (NEXT_WORD (), NULL));
      else if (g_ascii_strcasecmp (op, "matches") == 0)
        {
          g_autofree char *regex = regex_field (NEXT_WORD ());

          set_field (self->value_entry, regex);
        }
      else if (g_ascii_strcasecmp (op, "exists") != 0)
        set_field (self->value_entry, NEXT_WORD ());
    }
#undef NEXT_WORD

  gtk_check_button_set_active (self->within_check, limit > 0);
  if (limit > 0)
    gtk_spin_button_set_value (self->within_spin, limit / (double) G_USEC_PER_SEC);

  update_fields (self);
  self->filling--;
}

/* the first field of the form, for typing: NULL when the kind has none */
static GtkWidget *
first_field (RunnelExpectationsView *self)
{
  GtkWidget *candidates[] = {
    GTK_WIDGET (self->type_entry), GTK_WIDGET (self->other_entry),
    GTK_WIDGET (self->path_entry), GTK_WIDGET (self->value_entry),
    GTK_WIDGET (self->number_spin),
  };

  for (guint i = 0; i < G_N_ELEMENTS (candidates); i++)
    {
      if (gtk_widget_get_visible (candidates[i]) &&
          gtk_widget_get_visible (gtk_widget_get_parent (candidates[i])))
        return candidates[i];
    }

  return NULL;
}

/* the words of the form, also in the sentence entry (the entry is what Add adds) */
static void
write_sentence (RunnelExpectationsView *self)
{
  g_free (self->composed);
  self->composed = compose (self);

  self->filling++;
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry), self->composed);
  self->filling--;
}

/* empty fields for the next expectation (the kind and the numbers stay) */
static void
clear_fields (RunnelExpectationsView *self)
{
  self->filling++;
  set_field (self->type_entry, NULL);
  set_field (self->other_entry, NULL);
  set_field (self->path_entry, NULL);
  set_field (self->value_entry, NULL);
  gtk_check_button_set_active (self->within_check, FALSE);
  self->filling--;
}

/* Adding and editing */

static void
clear_error (RunnelExpectationsView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->expectation_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->expectation_entry), "error");
  if (self->error_widget != NULL)
    gtk_widget_remove_css_class (self->error_widget, "error");
  self->error_widget = NULL;
}

/* the form's field that wrote the word at @start (when the form wrote the sentence) */
static GtkWidget *
field_at (RunnelExpectationsView *self,
          const char             *text,
          gsize                   start,
          gsize                   end)
{
  if (g_strcmp0 (text, self->composed) != 0)
    return NULL;

  for (guint i = 0; i < self->spans->len; i++)
    {
      Span *span = &g_array_index (self->spans, Span, i);

      /* a wrong word, or a missing one (at the end of the word before it) */
      if ((start >= span->start && start < span->end) || (start == end && start == span->end))
        return span->widget != GTK_WIDGET (self->kind_dropdown) ? span->widget : NULL;
    }

  return NULL;
}

/* what is wrong, and the sentence with its wrong word (or where one is missing) marked */
static void
show_error (RunnelExpectationsView *self,
            const char             *text,
            gsize                   start,
            gsize                   end,
            const GError           *error)
{
  g_autofree char *before = g_markup_escape_text (text, start);
  g_autofree char *wrong = g_markup_escape_text (text + start, end - start);
  g_autofree char *after = g_markup_escape_text (text + end, -1);
  g_autofree char *markup = NULL;
  g_autofree char *message = g_markup_escape_text (error->message, -1);

  /* a missing word: a mark where it should be */
  if (start == end)
    {
      g_free (wrong);
      wrong = g_strdup (" ⁁");
    }
  markup = g_strdup_printf ("%s\n<tt>%s<span underline=\"error\" weight=\"bold\">%s</span>%s</tt>",
                            message, before, wrong, after);
  gtk_label_set_markup (self->expectation_error, markup);
  gtk_widget_set_visible (GTK_WIDGET (self->expectation_error), TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->expectation_entry), "error");

  /* the field that wrote the wrong word, to type it again */
  self->error_widget = field_at (self, text, start, end);
  if (self->error_widget != NULL)
    {
      gtk_widget_add_css_class (self->error_widget, "error");
      gtk_widget_grab_focus (self->error_widget);
    }

  /* the wrong word, selected in the entry for typing over */
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->expectation_entry)), text) == 0)
    gtk_editable_select_region (GTK_EDITABLE (self->expectation_entry),
                                (int) g_utf8_pointer_to_offset (text, text + start),
                                (int) g_utf8_pointer_to_offset (text, text + end));
}

static void
stop_editing (RunnelExpectationsView *self)
{
  self->editing = -1;
  gtk_label_set_text (self->expectation_form_title, _("New Expectation"));
  gtk_button_set_label (self->expectation_add_button, _("Add"));
  gtk_widget_set_visible (self->expectation_cancel_button, FALSE);
}

gboolean
runnel_expectations_view_submit (RunnelExpectationsView *self,
                                 const char             *text)
{
  g_autoptr(RunnelExpectation) expectation = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *trimmed = NULL;
  gsize start = 0;
  gsize end = 0;

  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS_VIEW (self), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (self->expectations == NULL)
    return FALSE;

  trimmed = g_strstrip (g_strdup (text));
  if (trimmed[0] == '\0')
    return FALSE;

  expectation = runnel_expectation_new_full (text, &start, &end, &error);
  if (expectation == NULL)
    {
      show_error (self, text, start, end, error);
      return FALSE;
    }

  clear_error (self);
  if (self->editing >= 0 &&
      (guint) self->editing < runnel_expectations_get_n_items (self->expectations))
    runnel_expectations_splice (self->expectations, self->editing, 1, &expectation, 1);
  else
    runnel_expectations_append (self->expectations, expectation);
  stop_editing (self);
  clear_fields (self);
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry), "");

  return TRUE;
}

static void
runnel_expectations_view_entry_activated (RunnelExpectationsView *self)
{
  runnel_expectations_view_submit (self, gtk_editable_get_text (GTK_EDITABLE (self->expectation_entry)));
}

static void
runnel_expectations_view_entry_changed (RunnelExpectationsView *self)
{
  g_autoptr(RunnelExpectation) expectation = NULL;

  /* the error was about the sentence as it was */
  clear_error (self);
  if (self->filling > 0)
    return;

  /* a sentence typed (or put here to edit): the form follows when it is one */
  expectation = runnel_expectation_new (gtk_editable_get_text (GTK_EDITABLE (self->expectation_entry)),
                                        NULL);
  if (expectation != NULL)
    fill_form (self, expectation);
}

/* a field changed: the sentence again */
static void
runnel_expectations_view_field_changed (RunnelExpectationsView *self)
{
  if (self->filling > 0)
    return;

  update_fields (self);
  clear_error (self);
  write_sentence (self);
}

/* a kind chosen: its fields, with its sample sentence to start from and the first selected */
static void
start_kind (RunnelExpectationsView *self)
{
  g_autoptr(RunnelExpectation) sample = NULL;
  GtkWidget *field;

  sample = runnel_expectation_new (kinds[selected_kind (self)].sample, NULL);
  g_assert (sample != NULL);
  fill_form (self, sample);
  clear_error (self);
  write_sentence (self);

  field = first_field (self);
  if (field != NULL)
    {
      gtk_widget_grab_focus (field);
      if (GTK_IS_EDITABLE (field))
        gtk_editable_select_region (GTK_EDITABLE (field), 0, -1);
    }
}

static void
runnel_expectations_view_kind_changed (RunnelExpectationsView *self)
{
  update_fields (self);
  if (self->filling == 0)
    start_kind (self);
}

static void
runnel_expectations_view_cancel_edit (RunnelExpectationsView *self)
{
  stop_editing (self);
  clear_error (self);
  clear_fields (self);
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry), "");
}

void
runnel_expectations_view_edit (RunnelExpectationsView *self,
                               guint                   position)
{
  GtkWidget *field;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS_VIEW (self));

  if (self->expectations == NULL || position >= runnel_expectations_get_n_items (self->expectations))
    return;

  self->editing = (int) position;
  /* the sentence as it was typed; the form follows it (see entry_changed) */
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry),
                         runnel_expectation_get_text (runnel_expectations_get (self->expectations,
                                                                               position)));
  gtk_label_set_text (self->expectation_form_title, _("Edit Expectation"));
  gtk_button_set_label (self->expectation_add_button, _("Save"));
  gtk_widget_set_visible (self->expectation_cancel_button, TRUE);
  field = first_field (self);
  gtk_widget_grab_focus (field != NULL ? field : GTK_WIDGET (self->expectation_entry));
}

static void
runnel_expectations_view_edit_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  runnel_expectations_view_edit (RUNNEL_EXPECTATIONS_VIEW (widget), g_variant_get_uint32 (parameter));
}

static void
runnel_expectations_view_remove_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (widget);
  guint position = g_variant_get_uint32 (parameter);

  if (self->expectations == NULL || position >= runnel_expectations_get_n_items (self->expectations))
    return;

  if (self->editing == (int) position)
    runnel_expectations_view_cancel_edit (self);
  else if (self->editing > (int) position)
    self->editing--;
  runnel_expectations_remove (self->expectations, position);
}

/* a kind, as if chosen in the form (again: its sample to start from) */
static void
runnel_expectations_view_kind_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (widget);
  guint kind = g_variant_get_uint32 (parameter);

  if (kind >= N_KINDS)
    return;

  if (gtk_drop_down_get_selected (self->kind_dropdown) != kind)
    gtk_drop_down_set_selected (self->kind_dropdown, kind);
  else
    start_kind (self);
}

static GListModel *
create_source_model (gboolean any_data)
{
  GtkStringList *list = gtk_string_list_new (NULL);
  const RunnelJsonPathPreset *presets;
  guint n_presets;

  if (any_data)
    gtk_string_list_append (list, _("Any data"));
  presets = runnel_json_path_get_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    gtk_string_list_append (list, _(presets[i].name));
  gtk_string_list_append (list, _("A JSONPath"));

  return G_LIST_MODEL (list);
}

/* GObject */

static void
runnel_expectations_view_dispose (GObject *object)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (object);

  if (self->expectations != NULL)
    g_signal_handlers_disconnect_by_data (self->expectations, self);
  g_clear_object (&self->expectations);
  for (guint i = 0; i < G_N_ELEMENTS (self->op_models); i++)
    g_clear_object (&self->op_models[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->source_models); i++)
    g_clear_object (&self->source_models[i]);
  self->error_widget = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_EXPECTATIONS_VIEW);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (runnel_expectations_view_parent_class)->dispose (object);
}

static void
runnel_expectations_view_finalize (GObject *object)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (object);

  g_clear_pointer (&self->rows, g_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->composed, g_free);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (runnel_expectations_view_parent_class)->finalize (object);
}

static void
runnel_expectations_view_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPECTATIONS:
      g_value_set_object (value, self->expectations);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_expectations_view_set_property (GObject      *object,
                                       guint         prop_id,
                                       const GValue *value,
                                       GParamSpec   *pspec)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (object);

  switch (prop_id)
    {
    case PROP_EXPECTATIONS:
      runnel_expectations_view_set_expectations (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_expectations_view_class_init (RunnelExpectationsViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_expectations_view_dispose;
  object_class->finalize = runnel_expectations_view_finalize;
  object_class->get_property = runnel_expectations_view_get_property;
  object_class->set_property = runnel_expectations_view_set_property;

  properties [PROP_EXPECTATIONS] =
    g_param_spec_object ("expectations", NULL, NULL, RUNNEL_TYPE_EXPECTATIONS,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /* "Expectations", or "Expectations 3/4" (passed of all) for the view's button */
  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-expectations-view.ui");
  gtk_widget_class_set_css_name (widget_class, "expectationsview");
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectations_summary);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_list);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, name)
  BIND (expectation_form_title);
  BIND (kind_dropdown);
  BIND (type_row);
  BIND (type_entry);
  BIND (other_row);
  BIND (other_label);
  BIND (other_entry);
  BIND (source_row);
  BIND (source_dropdown);
  BIND (path_row);
  BIND (path_entry);
  BIND (test_row);
  BIND (test_label);
  BIND (op_dropdown);
  BIND (value_entry);
  BIND (number_spin);
  BIND (number_unit);
  BIND (within_row);
  BIND (within_check);
  BIND (within_spin);
#undef BIND
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_add_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_error);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_cancel_edit);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_kind_changed);

  gtk_widget_class_install_action (widget_class, "expectations.edit", "u",
                                   runnel_expectations_view_edit_action);
  gtk_widget_class_install_action (widget_class, "expectations.remove", "u",
                                   runnel_expectations_view_remove_action);
  gtk_widget_class_install_action (widget_class, "expectations.kind", "u",
                                   runnel_expectations_view_kind_action);
}

static void
runnel_expectations_view_init (RunnelExpectationsView *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);

  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  self->editing = -1;
  self->shown_kind = -1;
  /* the template's signals come while it is set up: nothing to write yet */
  self->filling = 1;

  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (self->op_models); i++)
    self->op_models[i] = G_LIST_MODEL (gtk_string_list_new ((const char * const *) op_sets[i]));
  for (guint i = 0; i < G_N_ELEMENTS (self->source_models); i++)
    self->source_models[i] = create_source_model (i == 1);
  for (guint i = 0; i < N_KINDS; i++)
    gtk_string_list_append (kind_names, _(kinds[i].label));
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kind_names));
  gtk_drop_down_set_selected (self->kind_dropdown, KIND_EVENT);
  update_fields (self);
  update_summary (self);

  self->filling = 0;
}

GtkWidget *
runnel_expectations_view_new (void)
{
  return g_object_new (RUNNEL_TYPE_EXPECTATIONS_VIEW, NULL);
}

void
runnel_expectations_view_set_expectations (RunnelExpectationsView *self,
                                           RunnelExpectations     *expectations)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS_VIEW (self));
  g_return_if_fail (expectations == NULL || RUNNEL_IS_EXPECTATIONS (expectations));

  if (self->expectations == expectations)
    return;

  if (self->expectations != NULL)
    g_signal_handlers_disconnect_by_data (self->expectations, self);
  g_set_object (&self->expectations, expectations);
  if (expectations != NULL)
    {
      g_signal_connect_swapped (expectations, "items-changed", G_CALLBACK (rebuild_rows), self);
      g_signal_connect_swapped (expectations, "changed",
                                G_CALLBACK (runnel_expectations_view_update), self);
    }

  runnel_expectations_view_cancel_edit (self);
  rebuild_rows (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EXPECTATIONS]);
}

RunnelExpectations *
runnel_expectations_view_get_expectations (RunnelExpectationsView *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS_VIEW (self), NULL);

  return self->expectations;
}
