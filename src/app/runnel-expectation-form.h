/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation-form.h: a form for one expectation: a kind, then its fields */

#pragma once

#include <gtk/gtk.h>

#include "runnel-expectation.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EXPECTATION_FORM (runnel_expectation_form_get_type ())

G_DECLARE_FINAL_TYPE (RunnelExpectationForm, runnel_expectation_form, RUNNEL, EXPECTATION_FORM,
                      GtkWidget)

/*
 * One expectation as a form: a Kind dropdown, then that kind's fields (an event type, a header's
 * name, a preset or a JSONPath, a comparison and its value, number or seconds, a time limit).
 * It writes the sentence of the language as the user changes a field: signal "changed" (),
 * then get_sentence (); "activate" () when Enter is pressed in a field. Choosing a kind starts
 * from a sample sentence of that kind, its first field selected.
 */
GtkWidget  *runnel_expectation_form_new          (void);
/* the kind at @kind in the Kind dropdown, from its sample sentence, as if chosen */
void        runnel_expectation_form_set_kind     (RunnelExpectationForm *self,
                                                  guint                  kind);
/* the kind and fields of @expectation, from the parser's words; no "changed" */
void        runnel_expectation_form_fill         (RunnelExpectationForm *self,
                                                  RunnelExpectation     *expectation);
/* the sentence the form wrote last (nullable) */
const char *runnel_expectation_form_get_sentence (RunnelExpectationForm *self);
/* empty fields for the next expectation (the kind and the numbers stay); no "changed" */
void        runnel_expectation_form_clear        (RunnelExpectationForm *self);
/* focuses the kind's first field, its text selected. Returns: FALSE when it has none */
gboolean    runnel_expectation_form_focus_field  (RunnelExpectationForm *self);
/*
 * When @text is the form's sentence, marks and focuses the field that wrote its wrong word at
 * @start..@end (the parser's span). Returns: whether there was such a field
 */
gboolean    runnel_expectation_form_mark_error   (RunnelExpectationForm *self,
                                                  const char            *text,
                                                  gsize                  start,
                                                  gsize                  end);
void        runnel_expectation_form_clear_error  (RunnelExpectationForm *self);

G_END_DECLS
