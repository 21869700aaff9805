/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-assembler.h: the text an LLM token stream assembles to, from an extractor's values */

#pragma once

#include <glib-object.h>

#include "runnel-json-path.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_JSON_ASSEMBLER (runnel_json_assembler_get_type ())

/*
 * Concatenates what an extractor finds in each event, so that an LLM token stream reads as one
 * message while it streams. Events that yield nothing are counted as skipped, never an error.
 * Events whose data is JSON that Runnel refuses to read (too deep) are skipped too, and the
 * reason is kept in "problem" (string or NULL, read-only, notified on change).
 * Property "text" (string, read-only, notified on change); signal "appended" (const char *chunk)
 * after each piece, so a view can append instead of replacing its whole text.
 */
G_DECLARE_FINAL_TYPE (RunnelJsonAssembler, runnel_json_assembler, RUNNEL, JSON_ASSEMBLER, GObject)

RunnelJsonAssembler *runnel_json_assembler_new             (RunnelJsonExtractor *extractor);
RunnelJsonExtractor *runnel_json_assembler_get_extractor   (RunnelJsonAssembler *self);
/* Returns: whether text was appended */
gboolean             runnel_json_assembler_add_event       (RunnelJsonAssembler *self,
                                                            const RunnelSseEvent *event);
/* a RunnelSseEventFunc (user data: the assembler) */
void                 runnel_json_assembler_add_event_func  (RunnelSseEvent      *event,
                                                            gpointer             user_data);
const char          *runnel_json_assembler_get_text        (RunnelJsonAssembler *self);
guint64              runnel_json_assembler_get_n_parts     (RunnelJsonAssembler *self);
guint64              runnel_json_assembler_get_n_skipped   (RunnelJsonAssembler *self);
/* why the last refused event was skipped ("Event 7 skipped: The JSON nests …"), or NULL */
const char          *runnel_json_assembler_get_problem     (RunnelJsonAssembler *self);
void                 runnel_json_assembler_clear           (RunnelJsonAssembler *self);

G_END_DECLS
