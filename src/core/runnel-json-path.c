/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path.c: a JSONPath value per event, and the presets of well-known streaming APIs */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-json.h"
#include "runnel-json-path.h"

G_DEFINE_QUARK (runnel-json-path-error-quark, runnel_json_path_error)

static const RunnelJsonPathPreset presets[] = {
  { "openai-chat", N_("OpenAI Chat Completions"), "$.choices[0].delta.content", NULL },
  { "openai-responses", N_("OpenAI Responses"), "$.delta", "response.output_text.delta" },
  { "anthropic", N_("Anthropic Messages"), "$.delta.text", NULL },
  { "gemini", N_("Google Gemini"), "$.candidates[0].content.parts[0].text", NULL },
  { "ollama-chat", N_("Ollama chat (JSON lines)"), "$.message.content", NULL },
  { "ollama-generate", N_("Ollama generate (JSON lines)"), "$.response", NULL },
  { "cohere", N_("Cohere Chat v2"), "$.delta.message.content.text", NULL },
};

const RunnelJsonPathPreset *
runnel_json_path_get_presets (guint *n_presets)
{
  if (n_presets != NULL)
    *n_presets = G_N_ELEMENTS (presets);

  return presets;
}

const RunnelJsonPathPreset *
runnel_json_path_find_preset (const char *id)
{
  g_return_val_if_fail (id != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (presets); i++)
    {
      if (strcmp (presets[i].id, id) == 0)
        return &presets[i];
    }

  return NULL;
}

/* RunnelJsonExtractor */

struct _RunnelJsonExtractor
{
  GObject     parent_instance;

  /* Owned */
  char       *expression;
  char       *event_type;
  JsonPath   *path;
  JsonParser *parser;   /* reused for every event */
  GPtrArray  *steps;    /* of Step, when the expression is simple; else NULL */
};

/*
 * A simple expression ($, .name, ['name'], [N]) is walked here, with bounds checks: json-glib's
 * JsonPath (up to at least 1.8) reads an index past the end of an array without checking it,
 * which logs criticals, and OpenAI's last chunk has "choices": []. Anything else (wildcards,
 * .., slices, sets, filters) goes to JsonPath.
 */
typedef struct
{
  char *name;   /* a member, or NULL for an index */
  int   index;  /* negative: from the end */
} Step;

static void
step_free (gpointer data)
{
  Step *step = data;

  g_free (step->name);
  g_free (step);
}

static GPtrArray *
parse_simple (const char *expression)
{
  g_autoptr(GPtrArray) steps = g_ptr_array_new_with_free_func (step_free);
  const char *p = expression;

  if (*p++ != '$')
    return NULL;

  while (*p != '\0')
    {
      Step *step = g_new0 (Step, 1);

      g_ptr_array_add (steps, step);
      if (*p == '.' && p[1] != '.' && p[1] != '\0')
        {
          gsize n = strcspn (p + 1, ".[*()?@ ");

          if (n == 0)
            return NULL;
          step->name = g_strndup (p + 1, n);
          p += 1 + n;
        }
      else if (*p == '[' && (p[1] == '\'' || p[1] == '"'))
        {
          const char *close = strchr (p + 2, p[1]);

          if (close == NULL || close[1] != ']' || memchr (p + 2, '\\', close - p - 2))
            return NULL;
          step->name = g_strndup (p + 2, close - p - 2);
          p = close + 2;
        }
      else if (*p == '[')
        {
          char *end = NULL;
          gint64 index = g_ascii_strtoll (p + 1, &end, 10);

          if (end == p + 1 || *end != ']' || index < G_MININT || index > G_MAXINT)
            return NULL;
          step->index = (int) index;
          p = end + 1;
        }
      else
        return NULL;
    }

  return g_steal_pointer (&steps);
}

static JsonNode *
walk_simple (GPtrArray *steps,
             JsonNode  *node)
{
  for (guint i = 0; i < steps->len && node != NULL; i++)
    {
      const Step *step = g_ptr_array_index (steps, i);

      if (step->name != NULL)
        {
          if (!JSON_NODE_HOLDS_OBJECT (node))
            return NULL;
          node = json_object_get_member (json_node_get_object (node), step->name);
        }
      else
        {
          JsonArray *array;
          gint64 index = step->index;
          guint length;

          if (!JSON_NODE_HOLDS_ARRAY (node))
            return NULL;
          array = json_node_get_array (node);
          length = json_array_get_length (array);
          if (index < 0)
            index += length;
          if (index < 0 || index >= length)
            return NULL;
          node = json_array_get_element (array, index);
        }
    }

  return node;
}

G_DEFINE_FINAL_TYPE (RunnelJsonExtractor, runnel_json_extractor, G_TYPE_OBJECT)

enum {
  EXTRACTOR_PROP_0,
  EXTRACTOR_PROP_EXPRESSION,
  EXTRACTOR_PROP_EVENT_TYPE,
  EXTRACTOR_N_PROPS
};

static GParamSpec *extractor_properties [EXTRACTOR_N_PROPS];

static void
runnel_json_extractor_finalize (GObject *object)
{
  RunnelJsonExtractor *self = (RunnelJsonExtractor *)object;

  g_clear_pointer (&self->expression, g_free);
  g_clear_pointer (&self->event_type, g_free);
  g_clear_object (&self->path);
  g_clear_object (&self->parser);
  g_clear_pointer (&self->steps, g_ptr_array_unref);

  G_OBJECT_CLASS (runnel_json_extractor_parent_class)->finalize (object);
}

static void
runnel_json_extractor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RunnelJsonExtractor *self = RUNNEL_JSON_EXTRACTOR (object);

  switch (prop_id)
    {
    case EXTRACTOR_PROP_EXPRESSION:
      g_value_set_string (value, self->expression);
      break;

    case EXTRACTOR_PROP_EVENT_TYPE:
      g_value_set_string (value, self->event_type);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_extractor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RunnelJsonExtractor *self = RUNNEL_JSON_EXTRACTOR (object);

  switch (prop_id)
    {
    case EXTRACTOR_PROP_EXPRESSION:
      self->expression = g_value_dup_string (value);
      break;

    case EXTRACTOR_PROP_EVENT_TYPE:
      self->event_type = g_value_dup_string (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_extractor_class_init (RunnelJsonExtractorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = runnel_json_extractor_finalize;
  object_class->get_property = runnel_json_extractor_get_property;
  object_class->set_property = runnel_json_extractor_set_property;

  extractor_properties [EXTRACTOR_PROP_EXPRESSION] =
    g_param_spec_string ("expression", NULL, NULL, NULL, flags);
  extractor_properties [EXTRACTOR_PROP_EVENT_TYPE] =
    g_param_spec_string ("event-type", NULL, NULL, NULL, flags);

  g_object_class_install_properties (object_class, EXTRACTOR_N_PROPS, extractor_properties);
}

static void
runnel_json_extractor_init (RunnelJsonExtractor *self)
{
  self->path = json_path_new ();
  self->parser = json_parser_new_immutable ();
}

/**
 * runnel_json_extractor_new:
 * @expression: a JSONPath, e.g. "$.choices[0].delta.content"
 * @event_type: (nullable): only events of this type, or NULL for all
 */
RunnelJsonExtractor *
runnel_json_extractor_new (const char  *expression,
                           const char  *event_type,
                           GError     **error)
{
  g_autoptr(RunnelJsonExtractor) self = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (expression != NULL, NULL);

  if (event_type != NULL && *event_type == '\0')
    event_type = NULL;

  self = g_object_new (RUNNEL_TYPE_JSON_EXTRACTOR,
                       "expression", expression,
                       "event-type", event_type,
                       NULL);

  if (!json_path_compile (self->path, expression, &local_error))
    {
      g_set_error (error, RUNNEL_JSON_PATH_ERROR, RUNNEL_JSON_PATH_ERROR_INVALID,
                   _("“%s” is not a JSONPath that Runnel understands: %s"),
                   expression, local_error->message);
      return NULL;
    }

  self->steps = parse_simple (expression);

  return g_steal_pointer (&self);
}

RunnelJsonExtractor *
runnel_json_extractor_new_for_preset (const RunnelJsonPathPreset *preset)
{
  RunnelJsonExtractor *self;

  g_return_val_if_fail (preset != NULL, NULL);

  self = runnel_json_extractor_new (preset->expression, preset->event_type, NULL);
  g_assert (self != NULL);

  return self;
}

/**
 * runnel_json_extractor_new_for_spec:
 * @spec: a preset's id ("openai-chat") or a JSONPath ("$.delta.text"), as the command line
 *   takes them (--assemble)
 *
 * Returns: (nullable): the extractor, or NULL with RUNNEL_JSON_PATH_ERROR_INVALID that names
 *   the presets
 */
RunnelJsonExtractor *
runnel_json_extractor_new_for_spec (const char  *spec,
                                    GError     **error)
{
  const RunnelJsonPathPreset *preset;
  g_autoptr(GString) ids = NULL;
  guint n_presets;

  g_return_val_if_fail (spec != NULL, NULL);

  if ((preset = runnel_json_path_find_preset (spec)) != NULL)
    return runnel_json_extractor_new_for_preset (preset);
  if (spec[0] == '$')
    return runnel_json_extractor_new (spec, NULL, error);

  ids = g_string_new (NULL);
  preset = runnel_json_path_get_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", preset[i].id);
  g_set_error (error, RUNNEL_JSON_PATH_ERROR, RUNNEL_JSON_PATH_ERROR_INVALID,
               _("“%s” is neither a preset (%s) nor a JSONPath starting with $"), spec, ids->str);

  return NULL;
}

const char *
runnel_json_extractor_get_expression (RunnelJsonExtractor *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_EXTRACTOR (self), NULL);

  return self->expression;
}

const char *
runnel_json_extractor_get_event_type (RunnelJsonExtractor *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_EXTRACTOR (self), NULL);

  return self->event_type;
}

static void
append_value (GString  *out,
              JsonNode *node)
{
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    g_string_append (out, json_node_get_string (node));
  else
    {
      g_autofree char *json = json_to_string (node, FALSE);

      g_string_append (out, json);
    }
}

/* the data's top-level "type" member, as OpenAI and Anthropic repeat the event type there */
static gboolean
data_type_is (JsonNode   *root,
              const char *type)
{
  JsonObject *object;

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;

  object = json_node_get_object (root);
  return g_strcmp0 (json_object_get_string_member_with_default (object, "type", NULL), type) == 0;
}

static char *
extract (RunnelJsonExtractor  *self,
         const char           *data,
         gssize                len,
         const char           *sse_type,
         GError              **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(JsonNode) matches = NULL;
  g_autoptr(GString) out = NULL;
  JsonArray *array;
  JsonNode *root;
  gsize start = 0;

  if (len < 0)
    len = strlen (data);

  /* only objects and arrays: "[DONE]" and other plain text are skipped cheaply */
  while ((gsize) start < (gsize) len && g_ascii_isspace (data[start]))
    start++;
  if ((gsize) start >= (gsize) len || (data[start] != '{' && data[start] != '['))
    return NULL;
  if (len - start == 6 && memcmp (data + start, "[DONE]", 6) == 0)
    return NULL;

  /* text that is not JSON is no error here; JSON that Runnel refuses to read is */
  if (!runnel_json_parser_load (self->parser, data, len, &local_error))
    {
      if (local_error->domain == RUNNEL_JSON_ERROR)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  root = json_parser_get_root (self->parser);
  if (root == NULL)
    return NULL;

  if (self->event_type != NULL &&
      g_strcmp0 (sse_type, self->event_type) != 0 &&
      !data_type_is (root, self->event_type))
    return NULL;

  if (self->steps != NULL)
    {
      JsonNode *node = walk_simple (self->steps, root);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        return NULL;
      out = g_string_new (NULL);
      append_value (out, node);
      return g_string_free (g_steal_pointer (&out), FALSE);
    }

  matches = json_path_match (self->path, root);
  array = json_node_get_array (matches);

  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);

      if (JSON_NODE_HOLDS_NULL (node))
        continue;
      if (out == NULL)
        out = g_string_new (NULL);
      append_value (out, node);
    }

  return out != NULL ? g_string_free (g_steal_pointer (&out), FALSE) : NULL;
}

char *
runnel_json_extractor_extract (RunnelJsonExtractor *self,
                               const char          *data,
                               gssize               len)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_EXTRACTOR (self), NULL);
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  return extract (self, data ? data : "", len, NULL, NULL);
}

char *
runnel_json_extractor_read_event (RunnelJsonExtractor   *self,
                                  const RunnelSseEvent  *event,
                                  GError               **error)
{
  const char *data;
  gsize len = 0;

  g_return_val_if_fail (RUNNEL_IS_JSON_EXTRACTOR (self), NULL);
  g_return_val_if_fail (event != NULL, NULL);

  data = runnel_sse_event_get_data (event, &len);
  return extract (self, data, len, runnel_sse_event_get_event_type (event), error);
}

char *
runnel_json_extractor_extract_event (RunnelJsonExtractor  *self,
                                     const RunnelSseEvent *event)
{
  return runnel_json_extractor_read_event (self, event, NULL);
}
