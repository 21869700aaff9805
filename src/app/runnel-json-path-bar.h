/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path-bar.h: a stream's JSONPath field, its assembler and the Assembled toggle */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-log.h"
#include "runnel-json-assembler.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_JSON_PATH_BAR (runnel_json_path_bar_get_type ())

/*
 * A JSONPath entry with a menu of presets for the common LLM APIs (action "jsonpath.preset",
 * the preset's id, "" for none; signal "preset-chosen") and an "Assembled" toggle. Given the
 * stream's log, a valid path feeds a RunnelJsonAssembler with the log's events. An invalid path
 * is flagged on the entry, with json-glib's message as tooltip. Properties (notify):
 * "expression" (string, the path in use, NULL for none), "extractor" (RunnelJsonExtractor of
 * that path, for the event list's Value column), "assembler" (RunnelJsonAssembler, for the
 * Assembled view), all read-only; "show-assembled" (boolean, the toggle: the user asks to read
 * the text; FALSE without a path). Where the text is shown is the stream page's business.
 */
G_DECLARE_FINAL_TYPE (RunnelJsonPathBar, runnel_json_path_bar, RUNNEL, JSON_PATH_BAR, GtkWidget)

/* the events the assembler reads, once */
void                 runnel_json_path_bar_set_log           (RunnelJsonPathBar *self,
                                                             RunnelEventLog    *log);
/* sets the entry and applies it at once (typing applies after a short pause);
 * Returns: FALSE when the expression is not valid (the entry shows why) */
gboolean             runnel_json_path_bar_set_expression    (RunnelJsonPathBar *self,
                                                             const char        *expression);
const char          *runnel_json_path_bar_get_expression    (RunnelJsonPathBar *self);
/* Returns: (nullable): the assembler of the path in use */
RunnelJsonAssembler *runnel_json_path_bar_get_assembler     (RunnelJsonPathBar *self);
/* Returns: (nullable): the extractor of the path in use */
RunnelJsonExtractor *runnel_json_path_bar_get_extractor     (RunnelJsonPathBar *self);
/* the Assembled toggle */
void                 runnel_json_path_bar_set_show_assembled (RunnelJsonPathBar *self,
                                                             gboolean           show);
gboolean             runnel_json_path_bar_get_show_assembled (RunnelJsonPathBar *self);

G_END_DECLS
