/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectations-view.c: a request's expectations: edit them, and see each pass or fail */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-expectation-form.h"
#include "runnel-expectations-view.h"

/* the widgets of one row that change while the stream runs */
typedef struct
{
  GtkImage *icon;
  GtkLabel *observed;
} Row;

struct _RunnelExpectationsView
{
  GtkWidget              parent_instance;

  /* Template widgets */
  GtkLabel              *expectations_summary;
  GtkListBox            *expectation_list;
  GtkLabel              *expectation_form_title;
  RunnelExpectationForm *expectation_form;
  GtkEntry              *expectation_entry;
  GtkButton             *expectation_add_button;
  GtkWidget             *expectation_cancel_button;
  GtkLabel              *expectation_error;

  /* Owned */
  RunnelExpectations    *expectations;
  GArray                *rows;        /* Row, one per expectation, in order */
  char                  *title;       /* "Expectations 3/4" */

  int                    editing;     /* the position being edited, or -1 */
  guint                  writing;     /* > 0 while the form writes the entry: no reading back */
};

G_DEFINE_FINAL_TYPE (RunnelExpectationsView, runnel_expectations_view, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_EXPECTATIONS,
  PROP_TITLE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

/* Adding and editing */

static void
clear_error (RunnelExpectationsView *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->expectation_error), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->expectation_entry), "error");
  runnel_expectation_form_clear_error (self->expectation_form);
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
  runnel_expectation_form_mark_error (self->expectation_form, text, start, end);

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
  runnel_expectation_form_clear (self->expectation_form);
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
  if (self->writing > 0)
    return;

  /* a sentence typed (or put here to edit): the form follows when it is one */
  expectation = runnel_expectation_new (gtk_editable_get_text (GTK_EDITABLE (self->expectation_entry)),
                                        NULL);
  if (expectation != NULL)
    runnel_expectation_form_fill (self->expectation_form, expectation);
}

/* the form wrote its sentence: into the entry, which is what Add adds */
static void
runnel_expectations_view_form_changed (RunnelExpectationsView *self)
{
  self->writing++;
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry),
                         runnel_expectation_form_get_sentence (self->expectation_form));
  self->writing--;
}

static void
runnel_expectations_view_cancel_edit (RunnelExpectationsView *self)
{
  stop_editing (self);
  clear_error (self);
  runnel_expectation_form_clear (self->expectation_form);
  gtk_editable_set_text (GTK_EDITABLE (self->expectation_entry), "");
}

void
runnel_expectations_view_edit (RunnelExpectationsView *self,
                               guint                   position)
{
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
  if (!runnel_expectation_form_focus_field (self->expectation_form))
    gtk_widget_grab_focus (GTK_WIDGET (self->expectation_entry));
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

  runnel_expectation_form_set_kind (self->expectation_form, g_variant_get_uint32 (parameter));
}

/* GObject */

static void
runnel_expectations_view_dispose (GObject *object)
{
  RunnelExpectationsView *self = RUNNEL_EXPECTATIONS_VIEW (object);

  if (self->expectations != NULL)
    g_signal_handlers_disconnect_by_data (self->expectations, self);
  g_clear_object (&self->expectations);

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

  g_type_ensure (RUNNEL_TYPE_EXPECTATION_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-expectations-view.ui");
  gtk_widget_class_set_css_name (widget_class, "expectationsview");
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectations_summary);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_form_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_form);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_add_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_cancel_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelExpectationsView, expectation_error);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_cancel_edit);
  gtk_widget_class_bind_template_callback (widget_class, runnel_expectations_view_form_changed);

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
  self->rows = g_array_new (FALSE, FALSE, sizeof (Row));
  self->editing = -1;

  gtk_widget_init_template (GTK_WIDGET (self));
  update_summary (self);
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
