/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-assembler.c: the text an LLM token stream assembles to, from an extractor's values */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "runnel-json-assembler.h"

struct _RunnelJsonAssembler
{
  GObject              parent_instance;

  /* Owned */
  RunnelJsonExtractor *extractor;
  GString             *text;
  char                *problem;

  guint64              n_parts;
  guint64              n_skipped;
};

G_DEFINE_FINAL_TYPE (RunnelJsonAssembler, runnel_json_assembler, G_TYPE_OBJECT)

enum {
  ASSEMBLER_PROP_0,
  ASSEMBLER_PROP_EXTRACTOR,
  ASSEMBLER_PROP_TEXT,
  ASSEMBLER_PROP_PROBLEM,
  ASSEMBLER_N_PROPS
};

enum {
  APPENDED,
  N_SIGNALS
};

static GParamSpec *assembler_properties [ASSEMBLER_N_PROPS];
static guint signals [N_SIGNALS];

static void
runnel_json_assembler_dispose (GObject *object)
{
  RunnelJsonAssembler *self = (RunnelJsonAssembler *)object;

  g_clear_object (&self->extractor);

  G_OBJECT_CLASS (runnel_json_assembler_parent_class)->dispose (object);
}

static void
runnel_json_assembler_finalize (GObject *object)
{
  RunnelJsonAssembler *self = (RunnelJsonAssembler *)object;

  g_string_free (self->text, TRUE);
  g_clear_pointer (&self->problem, g_free);

  G_OBJECT_CLASS (runnel_json_assembler_parent_class)->finalize (object);
}

static void
runnel_json_assembler_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RunnelJsonAssembler *self = RUNNEL_JSON_ASSEMBLER (object);

  switch (prop_id)
    {
    case ASSEMBLER_PROP_EXTRACTOR:
      g_value_set_object (value, self->extractor);
      break;

    case ASSEMBLER_PROP_TEXT:
      g_value_set_string (value, self->text->str);
      break;

    case ASSEMBLER_PROP_PROBLEM:
      g_value_set_string (value, self->problem);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_assembler_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RunnelJsonAssembler *self = RUNNEL_JSON_ASSEMBLER (object);

  switch (prop_id)
    {
    case ASSEMBLER_PROP_EXTRACTOR:
      self->extractor = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_assembler_class_init (RunnelJsonAssemblerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_json_assembler_dispose;
  object_class->finalize = runnel_json_assembler_finalize;
  object_class->get_property = runnel_json_assembler_get_property;
  object_class->set_property = runnel_json_assembler_set_property;

  assembler_properties [ASSEMBLER_PROP_EXTRACTOR] =
    g_param_spec_object ("extractor", NULL, NULL, RUNNEL_TYPE_JSON_EXTRACTOR,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  assembler_properties [ASSEMBLER_PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  assembler_properties [ASSEMBLER_PROP_PROBLEM] =
    g_param_spec_string ("problem", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, ASSEMBLER_N_PROPS, assembler_properties);

  /**
   * RunnelJsonAssembler::appended:
   * @chunk: the text just appended
   */
  signals [APPENDED] =
    g_signal_new ("appended",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
runnel_json_assembler_init (RunnelJsonAssembler *self)
{
  self->text = g_string_new (NULL);
}

RunnelJsonAssembler *
runnel_json_assembler_new (RunnelJsonExtractor *extractor)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_EXTRACTOR (extractor), NULL);

  return g_object_new (RUNNEL_TYPE_JSON_ASSEMBLER, "extractor", extractor, NULL);
}

RunnelJsonExtractor *
runnel_json_assembler_get_extractor (RunnelJsonAssembler *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), NULL);

  return self->extractor;
}

gboolean
runnel_json_assembler_add_event (RunnelJsonAssembler  *self,
                                 const RunnelSseEvent *event)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *chunk = NULL;

  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  chunk = runnel_json_extractor_read_event (self->extractor, event, &error);
  if (chunk == NULL)
    {
      self->n_skipped++;
      if (error != NULL)
        {
          g_autofree char *number =
            g_strdup_printf ("%" G_GUINT64_FORMAT, runnel_sse_event_get_sequence (event));

          g_free (self->problem);
          /* TRANSLATORS: the first %s is the event's number, the second why, e.g. "The JSON
           * nests objects and arrays more than 256 levels deep, which Runnel does not read" */
          self->problem = g_strdup_printf (_("Event %s skipped: %s"), number, error->message);
          g_object_notify_by_pspec (G_OBJECT (self),
                                    assembler_properties [ASSEMBLER_PROP_PROBLEM]);
        }
      return FALSE;
    }

  self->n_parts++;
  if (chunk[0] == '\0')
    return FALSE;

  g_string_append (self->text, chunk);
  g_signal_emit (self, signals [APPENDED], 0, chunk);
  g_object_notify_by_pspec (G_OBJECT (self), assembler_properties [ASSEMBLER_PROP_TEXT]);

  return TRUE;
}

void
runnel_json_assembler_add_event_func (RunnelSseEvent *event,
                                      gpointer        user_data)
{
  runnel_json_assembler_add_event (user_data, event);
}

const char *
runnel_json_assembler_get_text (RunnelJsonAssembler *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), NULL);

  return self->text->str;
}

/* events that yielded a value (perhaps an empty string) */
guint64
runnel_json_assembler_get_n_parts (RunnelJsonAssembler *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), 0);

  return self->n_parts;
}

/* events that yielded nothing: not JSON, [DONE], no match, another event type */
guint64
runnel_json_assembler_get_n_skipped (RunnelJsonAssembler *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), 0);

  return self->n_skipped;
}

/* why the last refused event (not merely skipped: too deep to read) was refused, or NULL */
const char *
runnel_json_assembler_get_problem (RunnelJsonAssembler *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self), NULL);

  return self->problem;
}

void
runnel_json_assembler_clear (RunnelJsonAssembler *self)
{
  g_return_if_fail (RUNNEL_IS_JSON_ASSEMBLER (self));

  self->n_parts = 0;
  self->n_skipped = 0;

  if (self->problem != NULL)
    {
      g_clear_pointer (&self->problem, g_free);
      g_object_notify_by_pspec (G_OBJECT (self), assembler_properties [ASSEMBLER_PROP_PROBLEM]);
    }

  if (self->text->len == 0)
    return;

  g_string_truncate (self->text, 0);
  g_object_notify_by_pspec (G_OBJECT (self), assembler_properties [ASSEMBLER_PROP_TEXT]);
}
