/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation-form.c: a form for one expectation: a kind, then its fields */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <string.h>

#include "runnel-expectation-form.h"
#include "runnel-json-path.h"

struct _RunnelExpectationForm
{
  GtkWidget       parent_instance;

  /* Template widgets */
  GtkDropDown    *kind_dropdown;
  GtkWidget      *type_row;
  GtkEntry       *type_entry;
  GtkWidget      *other_row;
  GtkLabel       *other_label;
  GtkEntry       *other_entry;
  GtkWidget      *source_row;
  GtkDropDown    *source_dropdown;
  GtkWidget      *path_row;
  GtkEntry       *path_entry;
  GtkWidget      *test_row;
  GtkLabel       *test_label;
  GtkDropDown    *op_dropdown;
  GtkEntry       *value_entry;
  GtkSpinButton  *number_spin;
  GtkWidget      *number_unit;
  GtkWidget      *within_row;
  GtkCheckButton *within_check;
  GtkSpinButton  *within_spin;

  /* Owned */
  GListModel     *op_models[4];     /* by OpSet */
  GListModel     *source_models[2]; /* presets and a path; the same after "any data" */
  char           *composed;         /* the sentence the form wrote last, and its words */
  GArray         *spans;            /* Span */

  /* Borrowed */
  GtkWidget      *error_widget;     /* the field whose word is wrong */

  int             shown_kind;       /* the kind the rows are set up for, or -1 */
  guint           filling;          /* > 0 while the form is set from a sentence: no writing */
};

G_DEFINE_FINAL_TYPE (RunnelExpectationForm, runnel_expectation_form, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  ACTIVATE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

/* What each kind of expectation asks for, in the order of its words */

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

static Kind
selected_kind (RunnelExpectationForm *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);

  return kind < N_KINDS ? kind : KIND_EVENT;
}

static const char *
selected_op (RunnelExpectationForm *self)
{
  GListModel *model = gtk_drop_down_get_model (self->op_dropdown);
  guint op = gtk_drop_down_get_selected (self->op_dropdown);

  if (model == NULL || op >= g_list_model_get_n_items (model))
    return "";

  return gtk_string_list_get_string (GTK_STRING_LIST (model), op);
}

static gboolean
select_op (RunnelExpectationForm  *self,
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
source_offset (RunnelExpectationForm *self)
{
  return selected_kind (self) == KIND_FIRST_CONTENT ? 1 : 0;
}

static gboolean
source_is_path (RunnelExpectationForm *self)
{
  GListModel *model = gtk_drop_down_get_model (self->source_dropdown);

  return model != NULL &&
         gtk_drop_down_get_selected (self->source_dropdown) + 1 == g_list_model_get_n_items (model);
}

/* whether the operand is a number (a count, a status, a length, seconds) or a word */
static gboolean
operand_is_number (RunnelExpectationForm *self)
{
  OpSet ops = kinds[selected_kind (self)].ops;

  return ops == OPS_NUMBER || ops == OPS_TIME ||
         (ops == OPS_ASSEMBLED && g_str_has_prefix (selected_op (self), "length"));
}

/* the rows of the chosen kind, and the comparison's operand for the chosen comparison */
static void
update_fields (RunnelExpectationForm *self)
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

static char *
format_number (double value)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) llround (value));
}

static void
add_word (RunnelExpectationForm  *self,
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
compose (RunnelExpectationForm *self)
{
  Kind kind = selected_kind (self);
  Fields fields = kinds[kind].fields;
  GString *sentence = g_string_new (NULL);

  g_array_set_size (self->spans, 0);
  add_word (self, sentence, g_strdup (kinds[kind].keyword), self->kind_dropdown);

  if (fields & FIELD_TYPE)
    add_word (self, sentence, runnel_expectation_quote_word (field_text (self->type_entry)), self->type_entry);
  if (kind == KIND_EVERY)
    add_word (self, sentence, g_strdup ("json"), self->kind_dropdown);
  if (kind == KIND_ORDER)
    add_word (self, sentence, g_strdup ("before"), self->kind_dropdown);
  if (fields & FIELD_OTHER)
    add_word (self, sentence, runnel_expectation_quote_word (field_text (self->other_entry)), self->other_entry);

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
        add_word (self, sentence, runnel_expectation_format_seconds (number), self->number_spin);
      else if (operand_is_number (self))
        add_word (self, sentence, format_number (number), self->number_spin);
      else if (strcmp (op, "matches") == 0)
        add_word (self, sentence, runnel_expectation_regex_word (field_text (self->value_entry)), self->value_entry);
      else if (strcmp (op, "exists") != 0)
        add_word (self, sentence, runnel_expectation_quote_word (field_text (self->value_entry)), self->value_entry);
    }

  if ((fields & FIELD_WITHIN) && gtk_check_button_get_active (self->within_check))
    {
      add_word (self, sentence, g_strdup ("within"), self->within_check);
      add_word (self, sentence, runnel_expectation_format_seconds (gtk_spin_button_get_value (self->within_spin)),
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

/* the parser's words, not a reading of our own */
void
runnel_expectation_form_fill (RunnelExpectationForm *self,
                              RunnelExpectation     *expectation)
{
  g_auto(GStrv) words = runnel_expectation_dup_words (expectation);
  guint n = g_strv_length (words);
  gint64 limit = runnel_expectation_get_time_limit (expectation);
  Kind kind = N_KINDS;
  Fields fields;
  guint at = 1;

  g_return_if_fail (RUNNEL_IS_EXPECTATION_FORM (self));
  g_return_if_fail (RUNNEL_IS_EXPECTATION (expectation));

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
          g_autofree char *regex = runnel_expectation_regex_pattern (NEXT_WORD ());

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
first_field (RunnelExpectationForm *self)
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

/* the form's sentence, for whoever listens */
static void
write_sentence (RunnelExpectationForm *self)
{
  g_free (self->composed);
  self->composed = compose (self);
  g_signal_emit (self, signals [CHANGED], 0);
}

void
runnel_expectation_form_clear (RunnelExpectationForm *self)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATION_FORM (self));

  self->filling++;
  set_field (self->type_entry, NULL);
  set_field (self->other_entry, NULL);
  set_field (self->path_entry, NULL);
  set_field (self->value_entry, NULL);
  gtk_check_button_set_active (self->within_check, FALSE);
  self->filling--;
  runnel_expectation_form_clear_error (self);
}

gboolean
runnel_expectation_form_focus_field (RunnelExpectationForm *self)
{
  GtkWidget *field;

  g_return_val_if_fail (RUNNEL_IS_EXPECTATION_FORM (self), FALSE);

  field = first_field (self);
  if (field == NULL)
    return FALSE;

  gtk_widget_grab_focus (field);
  if (GTK_IS_EDITABLE (field))
    gtk_editable_select_region (GTK_EDITABLE (field), 0, -1);

  return TRUE;
}

void
runnel_expectation_form_clear_error (RunnelExpectationForm *self)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATION_FORM (self));

  if (self->error_widget != NULL)
    gtk_widget_remove_css_class (self->error_widget, "error");
  self->error_widget = NULL;
}

gboolean
runnel_expectation_form_mark_error (RunnelExpectationForm *self,
                                    const char            *text,
                                    gsize                  start,
                                    gsize                  end)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION_FORM (self), FALSE);

  runnel_expectation_form_clear_error (self);
  if (g_strcmp0 (text, self->composed) != 0)
    return FALSE;

  for (guint i = 0; i < self->spans->len; i++)
    {
      Span *span = &g_array_index (self->spans, Span, i);

      /* a wrong word, or a missing one (at the end of the word before it) */
      if (((start >= span->start && start < span->end) || (start == end && start == span->end)) &&
          span->widget != GTK_WIDGET (self->kind_dropdown))
        {
          self->error_widget = span->widget;
          gtk_widget_add_css_class (self->error_widget, "error");
          gtk_widget_grab_focus (self->error_widget);
          return TRUE;
        }
    }

  return FALSE;
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

/* a field changed: the sentence again */
static void
runnel_expectation_form_field_changed (RunnelExpectationForm *self)
{
  if (self->filling > 0)
    return;

  update_fields (self);
  runnel_expectation_form_clear_error (self);
  write_sentence (self);
}

/* a kind chosen: its fields, with its sample sentence to start from and the first selected */
static void
start_kind (RunnelExpectationForm *self)
{
  g_autoptr(RunnelExpectation) sample = NULL;

  sample = runnel_expectation_new (kinds[selected_kind (self)].sample, NULL);
  g_assert (sample != NULL);
  runnel_expectation_form_fill (self, sample);
  runnel_expectation_form_clear_error (self);
  write_sentence (self);
  runnel_expectation_form_focus_field (self);
}

static void
runnel_expectation_form_kind_changed (RunnelExpectationForm *self)
{
  update_fields (self);
  if (self->filling == 0)
    start_kind (self);
}

static void
runnel_expectation_form_field_activated (RunnelExpectationForm *self)
{
  g_signal_emit (self, signals [ACTIVATE], 0);
}

void
runnel_expectation_form_set_kind (RunnelExpectationForm *self,
                                  guint                  kind)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATION_FORM (self));

  if (kind >= N_KINDS)
    return;

  if (gtk_drop_down_get_selected (self->kind_dropdown) != kind)
    gtk_drop_down_set_selected (self->kind_dropdown, kind);
  else
    start_kind (self);
}

const char *
runnel_expectation_form_get_sentence (RunnelExpectationForm *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION_FORM (self), NULL);

  return self->composed;
}

/* GObject */

static void
runnel_expectation_form_dispose (GObject *object)
{
  RunnelExpectationForm *self = RUNNEL_EXPECTATION_FORM (object);

  for (guint i = 0; i < G_N_ELEMENTS (self->op_models); i++)
    g_clear_object (&self->op_models[i]);
  for (guint i = 0; i < G_N_ELEMENTS (self->source_models); i++)
    g_clear_object (&self->source_models[i]);
  self->error_widget = NULL;

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_EXPECTATION_FORM);
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (runnel_expectation_form_parent_class)->dispose (object);
}

static void
runnel_expectation_form_finalize (GObject *object)
{
  RunnelExpectationForm *self = RUNNEL_EXPECTATION_FORM (object);

  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->composed, g_free);

  G_OBJECT_CLASS (runnel_expectation_form_parent_class)->finalize (object);
}

static void
runnel_expectation_form_class_init (RunnelExpectationFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_expectation_form_dispose;
  object_class->finalize = runnel_expectation_form_finalize;

  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
  signals [ACTIVATE] =
    g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-expectation-form.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelExpectationForm, name)
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
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectation_form_field_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectation_form_kind_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectation_form_field_activated);
}

static void
runnel_expectation_form_init (RunnelExpectationForm *self)
{
  g_autoptr(GtkStringList) kind_names = gtk_string_list_new (NULL);

  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));
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

  self->filling = 0;
}

GtkWidget *
runnel_expectation_form_new (void)
{
  return g_object_new (RUNNEL_TYPE_EXPECTATION_FORM, NULL);
}
