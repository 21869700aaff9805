/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path-bar.h: a stream's JSONPath field and its Assembled view */

#pragma once

#include <gtk/gtk.h>

#include "runnel-assembled-view.h"
#include "runnel-event-log.h"
#include "runnel-json-assembler.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_JSON_PATH_BAR (runnel_json_path_bar_get_type ())

/*
 * A JSONPath entry with a menu of presets for the common LLM APIs (action "jsonpath.preset",
 * the preset's id, "" for none) and an "Assembled" toggle. Once attached to a stream page's log
 * and detail stack, a valid path feeds a RunnelJsonAssembler from the log, shown by a
 * RunnelAssembledView in the detail stack (page "assembled"); going back runs
 * stream.show-selected. An invalid path is flagged on the entry, with json-glib's message as
 * tooltip. Properties (read-only, notify): "expression" (string, the path in use, NULL for
 * none), "extractor" (RunnelJsonExtractor of that path, for the event list's Value column).
 */
G_DECLARE_FINAL_TYPE (RunnelJsonPathBar, runnel_json_path_bar, RUNNEL, JSON_PATH_BAR, GtkWidget)

void                 runnel_json_path_bar_attach            (RunnelJsonPathBar *self,
                                                             RunnelEventLog    *log,
                                                             GtkStack          *detail_stack);
/* sets the entry and applies it at once (typing applies after a short pause);
 * Returns: FALSE when the expression is not valid (the entry shows why) */
gboolean             runnel_json_path_bar_set_expression    (RunnelJsonPathBar *self,
                                                             const char        *expression);
const char          *runnel_json_path_bar_get_expression    (RunnelJsonPathBar *self);
/* Returns: (nullable): the assembler of the path in use */
RunnelJsonAssembler *runnel_json_path_bar_get_assembler     (RunnelJsonPathBar *self);
RunnelAssembledView *runnel_json_path_bar_get_assembled_view (RunnelJsonPathBar *self);
/* Returns: (nullable): the extractor of the path in use */
RunnelJsonExtractor *runnel_json_path_bar_get_extractor     (RunnelJsonPathBar *self);
/* shows the Assembled view in the detail stack, or the event detail again */
void                 runnel_json_path_bar_set_show_assembled (RunnelJsonPathBar *self,
                                                             gboolean           show);
gboolean             runnel_json_path_bar_get_show_assembled (RunnelJsonPathBar *self);

G_END_DECLS
