/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-jsonl-parser.c: incremental newline-delimited JSON (NDJSON, JSON Lines) to events */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "runnel-jsonl-parser.h"
#include "runnel-parser-private.h"
#include "runnel-sse-parser.h"
#include "runnel-utf8.h"

struct _RunnelJsonlParser
{
  GObject             parent_instance;

  /* Owned */
  GByteArray         *line;        /* a line that spans feed () calls */

  RunnelSseEventSink  sink;

  guint64             max_event_size;
  guint64             sequence;
  guint64             bytes_parsed;
  gint64              monotonic_time;
  gint64              real_time;

  guint               started : 1;     /* a byte of the stream was seen: no BOM any more */
  guint               discard : 1;     /* dropping an oversized line up to its LF */
  guint               emit_event : 1;
};

static void runnel_jsonl_parser_iface_init (RunnelParserInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelJsonlParser, runnel_jsonl_parser, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUNNEL_TYPE_PARSER,
                                                      runnel_jsonl_parser_iface_init))

G_DEFINE_QUARK (runnel-jsonl-parser-error-quark, runnel_jsonl_parser_error)

enum {
  PROP_0,
  PROP_MAX_EVENT_SIZE,
  N_PROPS
};

#define signals _runnel_parser_signals
#define EVENT   RUNNEL_PARSER_SIGNAL_EVENT
#define ERROR   RUNNEL_PARSER_SIGNAL_ERROR

static GParamSpec *properties [N_PROPS];

static void
dispatch (RunnelJsonlParser *self,
          const guint8      *line,
          gsize              len,
          gsize              wire_size)
{
  g_autofree guint8 *repaired = NULL;
  const guint8 *text = line;
  RunnelSseEvent *event;
  gsize start = 0;

  if (len > 0 && line[len - 1] == '\r')
    len--;

  /* a BOM at the start of the stream, the RS of application/json-seq */
  if (!self->started && len >= 3 && memcmp (line, "\xEF\xBB\xBF", 3) == 0)
    start = 3;
  self->started = TRUE;
  if (start < len && line[start] == 0x1E)
    start++;

  text += start;
  len -= start;

  for (gsize i = 0; i < len; i++)
    {
      if (text[i] != ' ' && text[i] != '\t')
        goto not_blank;
    }
  return;

not_blank:
  /* decoded as the event-stream parser decodes a data line; a NUL byte is kept */
  if (!runnel_utf8_is_valid (text, text + len))
    {
      repaired = (guint8 *) runnel_utf8_repair_dup (text, len, &len);
      text = repaired;
    }

  event = runnel_sse_event_new (NULL, 0, (const char *) text, len, NULL, 0, ++self->sequence,
                                self->monotonic_time, self->real_time, wire_size);

  runnel_sse_event_sink_emit (&self->sink, event);
  if (self->emit_event)
    g_signal_emit (self, signals [EVENT], 0, event);

  runnel_sse_event_unref (event);
}

static void
line_too_long (RunnelJsonlParser *self)
{
  g_autoptr(GError) error = NULL;

  error = g_error_new (RUNNEL_JSONL_PARSER_ERROR, RUNNEL_JSONL_PARSER_ERROR_LINE_TOO_LONG,
                       _("A line is longer than the limit of %" PRIu64 " bytes; it was dropped"),
                       (guint64) self->max_event_size);
  g_byte_array_set_size (self->line, 0);
  g_signal_emit (self, signals [ERROR], 0, error);
}

static void
runnel_jsonl_parser_finalize (GObject *object)
{
  RunnelJsonlParser *self = (RunnelJsonlParser *)object;

  g_clear_pointer (&self->line, g_byte_array_unref);
  runnel_sse_event_sink_clear (&self->sink);

  G_OBJECT_CLASS (runnel_jsonl_parser_parent_class)->finalize (object);
}

static void
runnel_jsonl_parser_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RunnelJsonlParser *self = RUNNEL_JSONL_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENT_SIZE:
      g_value_set_uint64 (value, self->max_event_size);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_jsonl_parser_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RunnelJsonlParser *self = RUNNEL_JSONL_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENT_SIZE:
      runnel_jsonl_parser_set_max_event_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_jsonl_parser_class_init (RunnelJsonlParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_jsonl_parser_finalize;
  object_class->get_property = runnel_jsonl_parser_get_property;
  object_class->set_property = runnel_jsonl_parser_set_property;

  properties [PROP_MAX_EVENT_SIZE] =
    g_param_spec_uint64 ("max-event-size", NULL, NULL,
                         0, G_MAXUINT64, RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* a last line without its LF is a whole record: the body is never cut in the middle of one */
static gboolean
runnel_jsonl_parser_finish_parser (RunnelParser *parser)
{
  runnel_jsonl_parser_finish (RUNNEL_JSONL_PARSER (parser));
  return TRUE;
}

/* JSON lines have no ids: a reconnection after one starts over */
static const char *
runnel_jsonl_parser_get_last_event_id (RunnelParser *parser)
{
  return "";
}

static void
runnel_jsonl_parser_set_last_event_id (RunnelParser *parser,
                                       const char   *id)
{
}

static void
runnel_jsonl_parser_iface_init (RunnelParserInterface *iface)
{
  iface->set_event_func = (gpointer) runnel_jsonl_parser_set_event_func;
  iface->feed = (gpointer) runnel_jsonl_parser_feed;
  iface->finish = runnel_jsonl_parser_finish_parser;
  iface->has_pending = (gpointer) runnel_jsonl_parser_has_pending;
  iface->reset = (gpointer) runnel_jsonl_parser_reset;
  iface->get_max_event_size = (gpointer) runnel_jsonl_parser_get_max_event_size;
  iface->set_max_event_size = (gpointer) runnel_jsonl_parser_set_max_event_size;
  iface->get_last_event_id = runnel_jsonl_parser_get_last_event_id;
  iface->set_last_event_id = runnel_jsonl_parser_set_last_event_id;
}

static void
runnel_jsonl_parser_init (RunnelJsonlParser *self)
{
  self->line = g_byte_array_new ();
  self->max_event_size = RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE;
}

RunnelJsonlParser *
runnel_jsonl_parser_new (void)
{
  return g_object_new (RUNNEL_TYPE_JSONL_PARSER, NULL);
}

void
runnel_jsonl_parser_set_event_func (RunnelJsonlParser  *self,
                                    RunnelSseEventFunc  func,
                                    gpointer            user_data,
                                    GDestroyNotify      destroy)
{
  g_return_if_fail (RUNNEL_IS_JSONL_PARSER (self));

  runnel_sse_event_sink_set (&self->sink, func, user_data, destroy);
}

/**
 * runnel_jsonl_parser_feed:
 *
 * Parses the next @len bytes, in any chunking. Complete lines are parsed in place; only a line
 * that spans calls is copied.
 */
void
runnel_jsonl_parser_feed (RunnelJsonlParser *self,
                          const guint8      *data,
                          gsize              len)
{
  const guint8 *end;

  g_return_if_fail (RUNNEL_IS_JSONL_PARSER (self));
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;

  end = data + len;
  self->bytes_parsed += len;
  self->monotonic_time = g_get_monotonic_time ();
  self->real_time = g_get_real_time ();
  self->emit_event = g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE);

  g_object_ref (self);

  while (data < end)
    {
      const guint8 *nl = memchr (data, '\n', end - data);
      const guint8 *stop = nl != NULL ? nl : end;
      gsize n = stop - data;

      if (self->discard)
        self->discard = nl == NULL;
      else if (self->max_event_size > 0 && self->line->len + n > self->max_event_size)
        {
          self->discard = nl == NULL;
          line_too_long (self);
        }
      else if (nl != NULL && self->line->len == 0)
        dispatch (self, data, n, n + 1);
      else
        {
          g_byte_array_append (self->line, data, n);
          if (nl != NULL)
            {
              dispatch (self, self->line->data, self->line->len, self->line->len + 1);
              g_byte_array_set_size (self->line, 0);
            }
        }

      data = nl != NULL ? nl + 1 : end;
    }

  g_object_unref (self);
}

void
runnel_jsonl_parser_finish (RunnelJsonlParser *self)
{
  g_return_if_fail (RUNNEL_IS_JSONL_PARSER (self));

  if (self->line->len > 0 && !self->discard)
    {
      self->emit_event = g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE);
      g_object_ref (self);
      dispatch (self, self->line->data, self->line->len, self->line->len);
      g_object_unref (self);
    }

  runnel_jsonl_parser_reset (self);
}

gboolean
runnel_jsonl_parser_has_pending (RunnelJsonlParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSONL_PARSER (self), FALSE);

  return self->line->len > 0 || self->discard;
}

void
runnel_jsonl_parser_reset (RunnelJsonlParser *self)
{
  g_return_if_fail (RUNNEL_IS_JSONL_PARSER (self));

  g_byte_array_set_size (self->line, 0);
  self->discard = FALSE;
  self->started = FALSE;
}

guint64
runnel_jsonl_parser_get_max_event_size (RunnelJsonlParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSONL_PARSER (self), 0);

  return self->max_event_size;
}

void
runnel_jsonl_parser_set_max_event_size (RunnelJsonlParser *self,
                                        guint64            max_event_size)
{
  g_return_if_fail (RUNNEL_IS_JSONL_PARSER (self));

  if (self->max_event_size == max_event_size)
    return;

  self->max_event_size = max_event_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_EVENT_SIZE]);
}

guint64
runnel_jsonl_parser_get_events_parsed (RunnelJsonlParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSONL_PARSER (self), 0);

  return self->sequence;
}

guint64
runnel_jsonl_parser_get_bytes_parsed (RunnelJsonlParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSONL_PARSER (self), 0);

  return self->bytes_parsed;
}

/**
 * runnel_jsonl_is_content_type:
 * @content_type: (nullable): a Content-Type header value, e.g.
 *   "application/x-ndjson; charset=utf-8"
 *
 * Returns: whether the body is newline-delimited JSON: application/x-ndjson, application/ndjson,
 *   application/jsonl, application/x-jsonl, application/jsonlines, application/x-jsonlines,
 *   application/json-seq or application/stream+json (any case)
 */
gboolean
runnel_jsonl_is_content_type (const char *content_type)
{
  static const char * const types[] = {
    "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonl",
    "application/jsonlines", "application/x-jsonlines", "application/json-seq",
    "application/stream+json",
  };
  g_autofree char *media = NULL;
  const char *semicolon;

  if (content_type == NULL)
    return FALSE;

  semicolon = strchr (content_type, ';');
  media = g_strstrip (semicolon ? g_strndup (content_type, semicolon - content_type)
                                : g_strdup (content_type));

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      if (g_ascii_strcasecmp (media, types[i]) == 0)
        return TRUE;
    }

  return FALSE;
}
