/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path.h: a JSONPath value per event, and the presets of well-known streaming APIs */

#pragma once

#include <glib-object.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_JSON_PATH_ERROR (runnel_json_path_error_quark ())

typedef enum
{
  RUNNEL_JSON_PATH_ERROR_INVALID,  /* the expression does not compile */
} RunnelJsonPathError;

/* a JSONPath for a well-known streaming API; the UI offers them in a menu */
typedef struct
{
  const char *id;          /* stable, for settings: "openai-chat" */
  const char *name;        /* for people, not translated here: "OpenAI Chat Completions" */
  const char *expression;  /* "$.choices[0].delta.content" */
  const char *event_type;  /* only events of this type (or whose data's "type" is it), or NULL */
} RunnelJsonPathPreset;

/* the presets, in menu order; @n_presets gets their number */
const RunnelJsonPathPreset *runnel_json_path_get_presets (guint      *n_presets);
const RunnelJsonPathPreset *runnel_json_path_find_preset (const char *id);

#define RUNNEL_TYPE_JSON_EXTRACTOR (runnel_json_extractor_get_type ())

/*
 * One compiled JSONPath (json-glib's JsonPath) applied to each event's data.
 * Property "expression" (string, construct-only), "event-type" (string or NULL, construct-only).
 */
G_DECLARE_FINAL_TYPE (RunnelJsonExtractor, runnel_json_extractor, RUNNEL, JSON_EXTRACTOR, GObject)

GQuark               runnel_json_path_error_quark          (void);
/* Returns: (nullable): the extractor, or NULL with RUNNEL_JSON_PATH_ERROR_INVALID */
RunnelJsonExtractor *runnel_json_extractor_new             (const char          *expression,
                                                            const char          *event_type,
                                                            GError             **error);
RunnelJsonExtractor *runnel_json_extractor_new_for_preset  (const RunnelJsonPathPreset *preset);
/* a preset's id or a JSONPath ($…); NULL with RUNNEL_JSON_PATH_ERROR_INVALID when neither */
RunnelJsonExtractor *runnel_json_extractor_new_for_spec    (const char          *spec,
                                                            GError             **error);
const char          *runnel_json_extractor_get_expression  (RunnelJsonExtractor *self);
const char          *runnel_json_extractor_get_event_type  (RunnelJsonExtractor *self);
/*
 * The value at the path in @data as text: a string as it is, a number or boolean as JSON writes
 * it, an object or array as compact JSON; several matches are concatenated. NULL (not an error)
 * when the data is not JSON (e.g. "[DONE]", a keep-alive), when nothing matches, when the match
 * is null, or when @event_type is given and is not the extractor's event type.
 * Returns: (transfer full) (nullable)
 */
char                *runnel_json_extractor_extract         (RunnelJsonExtractor *self,
                                                            const char          *data,
                                                            gssize               len);
char                *runnel_json_extractor_extract_event   (RunnelJsonExtractor *self,
                                                            const RunnelSseEvent *event);
/*
 * The same, but NULL with an error (RUNNEL_JSON_ERROR_TOO_DEEP) when the data is JSON that
 * Runnel refuses to read (see runnel-json.h), so that the caller can say why it was skipped.
 */
char                *runnel_json_extractor_read_event      (RunnelJsonExtractor *self,
                                                            const RunnelSseEvent *event,
                                                            GError             **error);

G_END_DECLS
