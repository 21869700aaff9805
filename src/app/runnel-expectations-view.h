/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectations-view.h: a request's expectations: edit them, and see each pass or fail */

#pragma once

#include <gtk/gtk.h>

#include "runnel-expectations.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_EXPECTATIONS_VIEW (runnel_expectations_view_get_type ())

G_DECLARE_FINAL_TYPE (RunnelExpectationsView, runnel_expectations_view, RUNNEL, EXPECTATIONS_VIEW,
                      GtkWidget)

/*
 * The Expectations view of a stream: one row per expectation of "expectations" with its sentence,
 * whether it is pending, passed or failed, and the value observed; an Edit and a Remove button
 * on each. Below, a form (a kind, then its fields) that writes the sentence to add (or the one
 * being edited) into an entry where it can also be typed; a sentence typed there, or edited,
 * fills the form when it is one. A sentence that is not in the language is not added, and the
 * error points at its wrong word and at the field that wrote it. The rows' results change as the run goes on: the owner calls update () while
 * it runs (the view also updates on the expectations' "changed"). Property "title" (string,
 * read-only): "Expectations", or "Expectations 3/4" (passed of all) while there are some.
 */
GtkWidget          *runnel_expectations_view_new              (void);
void                runnel_expectations_view_set_expectations (RunnelExpectationsView *self,
                                                               RunnelExpectations     *expectations);
RunnelExpectations *runnel_expectations_view_get_expectations (RunnelExpectationsView *self);
/* the results and observed values now */
void                runnel_expectations_view_update           (RunnelExpectationsView *self);
/*
 * Adds @text (or, while one is being edited, puts it in its place), as the Add button does.
 * Returns: FALSE when it is not an expectation; the view then shows why, at its wrong word.
 */
gboolean            runnel_expectations_view_submit           (RunnelExpectationsView *self,
                                                               const char             *text);
/* starts editing the expectation at @position: its sentence goes into the entry and the form */
void                runnel_expectations_view_edit             (RunnelExpectationsView *self,
                                                               guint                   position);

G_END_DECLS
