/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-parser.c: WHATWG "Parsing/Interpreting an event stream", incremental, bounded */

#include "config.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runnel-sse-parser.h"

/*
 * How it works
 *
 * Bytes are cut into lines on the raw stream (CR, LF, CRLF). Every byte of a UTF-8 sequence is
 * >= 0x80 and every "maximal subpart" of an invalid sequence ends before an ASCII byte, so
 * decoding each line (or each field value) on its own gives exactly what decoding the whole
 * stream and then cutting it would give. One pass over each line finds its end and tells whether
 * it is pure ASCII; only non-ASCII values are validated, and only invalid ones are repaired.
 *
 * Lines that end inside the chunk being fed are parsed in place; only a line that spans feed ()
 * calls is copied into self->line. The data, type and id buffers grow geometrically and are
 * reused, so a stream of events costs one allocation per event: runnel_sse_event_new ().
 *
 * A CR ends its line at once (an event never waits for the next chunk); a LF that follows it,
 * in the same chunk or the next, is skipped. The event's wire size counts the bytes from its
 * first line to its blank line, but not the LF of a CRLF that ends the blank line: the event is
 * dispatched at the CR. This keeps sizes identical in every chunking.
 */

#define LF '\n'
#define CR '\r'

typedef struct
{
  guint8 *data;
  gsize   len;
  gsize   alloc;
} Buffer;

struct _RunnelSseParser
{
  GObject             parent_instance;

  /* Owned */
  Buffer              line;     /* raw bytes of a line that spans feed () calls */
  Buffer              data;     /* the data buffer: decoded values, each followed by LF */
  Buffer              type;     /* the event type buffer, decoded */
  Buffer              id;       /* the last event ID buffer, decoded, NUL-terminated */
  Buffer              last_id;  /* the last event ID string: the buffer at the last blank line */
  Buffer              scratch;  /* comment text handed to the "comment" signal */

  RunnelSseEventFunc  event_func;
  gpointer            event_func_data;
  GDestroyNotify      event_func_destroy;

  guint64             max_event_size;
  guint64             sequence;
  guint64             bytes_parsed;
  gsize               event_wire;     /* bytes of the pending event so far */

  /* the clock, read once per feed () */
  gint64              monotonic_time;
  gint64              real_time;

  guint               bom_seen : 2;   /* bytes of a leading BOM matched so far */
  guint               bom_done : 1;
  guint               skip_lf : 1;    /* the last line ended with CR at the end of a chunk */
  guint               lf_counts : 1;  /* that LF belongs to the pending event's wire size */
  guint               line_ascii : 1; /* self->line holds only ASCII bytes */
  guint               discard_line : 1;
  guint               discard_event : 1;
  guint               id_changed : 1;   /* the id buffer differs from last_id */

  /* cached per feed (): the hot path emits signals only when someone listens */
  guint               emit_event : 1;
  guint               emit_comment : 1;
};

G_DEFINE_FINAL_TYPE (RunnelSseParser, runnel_sse_parser, G_TYPE_OBJECT)

G_DEFINE_QUARK (runnel-sse-parser-error-quark, runnel_sse_parser_error)

enum {
  PROP_0,
  PROP_MAX_EVENT_SIZE,
  PROP_LAST_EVENT_ID,
  N_PROPS
};

enum {
  EVENT,
  RETRY,
  COMMENT,
  ERROR,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static const guint8 bom[] = { 0xEF, 0xBB, 0xBF };

/* Buffers */

static void
buffer_reserve (Buffer *buf,
                gsize   extra)
{
  gsize needed = buf->len + extra + 1;  /* room for a NUL */

  if (G_LIKELY (needed <= buf->alloc))
    return;

  buf->alloc = MAX (buf->alloc, 64);
  while (buf->alloc < needed)
    buf->alloc *= 2;
  buf->data = g_realloc (buf->data, buf->alloc);
}

static inline void
buffer_append (Buffer       *buf,
               const guint8 *data,
               gsize         len)
{
  buffer_reserve (buf, len);
  if (len > 0)
    memcpy (buf->data + buf->len, data, len);
  buf->len += len;
}

static inline void
buffer_append_c (Buffer *buf,
                 guint8  c)
{
  buffer_reserve (buf, 1);
  buf->data[buf->len++] = c;
}

static void
buffer_clear (Buffer *buf)
{
  g_clear_pointer (&buf->data, g_free);
  buf->len = buf->alloc = 0;
}

static void
buffer_set_string (Buffer       *buf,
                   const guint8 *data,
                   gsize         len)
{
  buf->len = 0;
  buffer_append (buf, data, len);
  buf->data[len] = '\0';
}

/* UTF-8: the WHATWG Encoding standard's decoder, one U+FFFD per maximal subpart */

static void
buffer_append_replacement (Buffer *buf)
{
  buffer_append (buf, (const guint8 *) "\xEF\xBF\xBD", 3);
}

static void
buffer_append_repaired (Buffer       *buf,
                        const guint8 *p,
                        gsize         len)
{
  const guint8 *end = p + len;

  while (p < end)
    {
      const guint8 *start = p;
      guint8 c = *p++;
      guint8 lower = 0x80, upper = 0xBF;
      guint needed;

      if (c < 0x80)
        {
          buffer_append_c (buf, c);
          continue;
        }
      else if (c >= 0xC2 && c <= 0xDF)
        needed = 1;
      else if (c >= 0xE0 && c <= 0xEF)
        {
          needed = 2;
          if (c == 0xE0)
            lower = 0xA0;
          else if (c == 0xED)
            upper = 0x9F;
        }
      else if (c >= 0xF0 && c <= 0xF4)
        {
          needed = 3;
          if (c == 0xF0)
            lower = 0x90;
          else if (c == 0xF4)
            upper = 0x8F;
        }
      else
        {
          buffer_append_replacement (buf);
          continue;
        }

      for (; needed > 0; needed--)
        {
          /* a byte out of range ends the subpart and is read again */
          if (p == end || *p < lower || *p > upper)
            break;
          p++;
          lower = 0x80;
          upper = 0xBF;
        }

      if (needed == 0)
        buffer_append (buf, start, p - start);
      else
        buffer_append_replacement (buf);
    }
}

/* appends @len bytes of the stream, decoded as UTF-8 */
static inline void
buffer_append_text (Buffer       *buf,
                    const guint8 *p,
                    gsize         len,
                    gboolean      ascii)
{
  /* g_utf8_validate_len () also refuses NUL, which the repair then copies as it is */
  if (ascii || g_utf8_validate_len ((const char *) p, len, NULL))
    buffer_append (buf, p, len);
  else
    buffer_append_repaired (buf, p, len);
}

/* Scanning */

/* the first CR or LF in [p, end), or end; *high gets whether a byte before it is >= 0x80 */
static inline const guint8 *
find_line_end (const guint8 *p,
               const guint8 *end,
               gboolean     *high)
{
  guint high_bits = 0;

#if defined(__SSE2__)
  const __m128i lf = _mm_set1_epi8 (LF);
  const __m128i cr = _mm_set1_epi8 (CR);
  __m128i seen = _mm_setzero_si128 ();

  while (end - p >= 16)
    {
      __m128i v = _mm_loadu_si128 ((const __m128i *) p);
      guint hits = _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (v, lf),
                                                    _mm_cmpeq_epi8 (v, cr)));

      if (hits != 0)
        {
          guint before = (1u << __builtin_ctz (hits)) - 1;

          high_bits = (_mm_movemask_epi8 (v) & before) | _mm_movemask_epi8 (seen);
          *high = high_bits != 0;
          return p + __builtin_ctz (hits);
        }

      seen = _mm_or_si128 (seen, v);
      p += 16;
    }

  high_bits = _mm_movemask_epi8 (seen);
#endif

  for (; p < end; p++)
    {
      if (*p == LF || *p == CR)
        break;
      high_bits |= *p & 0x80;
    }

  *high = high_bits != 0;
  return p;
}

/* Dispatch */

static void
emit_error (RunnelSseParser      *self,
            RunnelSseParserError  code)
{
  g_autoptr(GError) error = NULL;

  if (code == RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG)
    error = g_error_new (RUNNEL_SSE_PARSER_ERROR, code,
                         "A line is longer than the limit of %" G_GUINT64_FORMAT " bytes",
                         self->max_event_size);
  else
    error = g_error_new (RUNNEL_SSE_PARSER_ERROR, code,
                         "An event's data is larger than the limit of %" G_GUINT64_FORMAT " bytes",
                         self->max_event_size);

  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
dispatch (RunnelSseParser *self)
{
  RunnelSseEvent *event;
  gsize wire_size = self->event_wire;

  self->event_wire = 0;

  /* even without data, a blank line sets the last event ID string (what a reconnection sends) */
  if (self->id_changed)
    {
      buffer_set_string (&self->last_id, self->id.data, self->id.len);
      self->id_changed = FALSE;
    }

  if (self->discard_event || self->data.len == 0)
    {
      self->discard_event = FALSE;
      self->data.len = 0;
      self->type.len = 0;
      return;
    }

  /* every value was appended with a LF: drop the last one */
  event = runnel_sse_event_new ((const char *) self->type.data, self->type.len,
                                (const char *) self->data.data, self->data.len - 1,
                                (const char *) self->id.data, self->id.len,
                                ++self->sequence,
                                self->monotonic_time, self->real_time,
                                wire_size);
  self->data.len = 0;
  self->type.len = 0;

  if (self->event_func != NULL)
    self->event_func (event, self->event_func_data);
  if (self->emit_event)
    g_signal_emit (self, signals[EVENT], 0, event);

  runnel_sse_event_unref (event);
}

static void
process_retry (RunnelSseParser *self,
               const guint8    *value,
               gsize            len)
{
  guint64 ms = 0;

  if (len == 0)
    return;

  for (gsize i = 0; i < len; i++)
    {
      guint digit = value[i] - '0';

      if (digit > 9)
        return;

      /* an absurd value saturates: it still means "wait a very long time" */
      if (ms > (G_MAXUINT64 - digit) / 10)
        ms = G_MAXUINT64;
      else
        ms = ms * 10 + digit;
    }

  g_signal_emit (self, signals[RETRY], 0, ms);
}

static void
process_data (RunnelSseParser *self,
              const guint8    *value,
              gsize            len,
              gboolean         ascii)
{
  guint64 max = self->max_event_size;

  if (self->discard_event)
    return;

  /* decoding never shrinks the text: check the raw length first, the decoded one after */
  if (max != 0 && self->data.len + len > max)
    goto too_large;

  buffer_append_text (&self->data, value, len, ascii);
  if (max != 0 && self->data.len > max)
    goto too_large;

  buffer_append_c (&self->data, LF);
  return;

too_large:
  self->data.len = 0;
  self->type.len = 0;
  self->discard_event = TRUE;
  emit_error (self, RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE);
}

/* one complete line, without its terminator; @ascii: all its bytes are < 0x80 */
static void
process_line (RunnelSseParser *self,
              const guint8    *line,
              gsize            len,
              gboolean         ascii)
{
  const guint8 *colon;
  const guint8 *value;
  gsize field_len;
  gsize value_len;

  if (len == 0)
    {
      dispatch (self);
      return;
    }

  if (line[0] == ':')
    {
      if (self->emit_comment)
        {
          self->scratch.len = 0;
          buffer_append_text (&self->scratch, line + 1, len - 1, ascii);
          self->scratch.data[self->scratch.len] = '\0';
          g_signal_emit (self, signals[COMMENT], 0, (const char *) self->scratch.data);
        }
      return;
    }

  colon = memchr (line, ':', len);
  if (colon != NULL)
    {
      field_len = colon - line;
      value = colon + 1;
      value_len = len - field_len - 1;
      if (value_len > 0 && value[0] == ' ')
        {
          value++;
          value_len--;
        }
    }
  else
    {
      field_len = len;
      value = line + len;
      value_len = 0;
    }

  /* field names are compared on the raw bytes: invalid UTF-8 matches no known name */
  switch (field_len)
    {
    case 4:
      if (memcmp (line, "data", 4) == 0)
        process_data (self, value, value_len, ascii);
      break;

    case 5:
      if (memcmp (line, "event", 5) == 0)
        {
          if (!self->discard_event)
            {
              self->type.len = 0;
              buffer_append_text (&self->type, value, value_len, ascii);
            }
        }
      else if (memcmp (line, "retry", 5) == 0)
        process_retry (self, value, value_len);
      break;

    case 2:
      if (memcmp (line, "id", 2) == 0 && memchr (value, '\0', value_len) == NULL)
        {
          self->id.len = 0;
          buffer_append_text (&self->id, value, value_len, ascii);
          self->id_changed = TRUE;
        }
      break;

    default:
      break;
    }
}

/* Lines */

/* a line grew past the limit: report it and drop it, or the whole event for a data line */
static void
line_overflow (RunnelSseParser *self,
               const guint8    *chunk,
               gsize            chunk_len)
{
  guint8 head[5];
  gsize n = 0;

  /* decide on the first bytes of the line, the same in every chunking */
  for (gsize i = 0; i < self->line.len && n < sizeof head; i++)
    head[n++] = self->line.data[i];
  for (gsize i = 0; i < chunk_len && n < sizeof head; i++)
    head[n++] = chunk[i];
  n = MIN (n, self->max_event_size + 1);

  self->event_wire += self->line.len + chunk_len;
  self->line.len = 0;
  self->line_ascii = TRUE;
  self->discard_line = TRUE;

  if (self->discard_event)
    return;

  if (memcmp (head, "data:", n) == 0)
    {
      self->data.len = 0;
      self->type.len = 0;
      self->discard_event = TRUE;
      emit_error (self, RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE);
    }
  else
    emit_error (self, RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG);
}

static void
process_bytes (RunnelSseParser *self,
               const guint8    *p,
               const guint8    *end)
{
  guint64 max = self->max_event_size;

  g_assert (p <= end);

  if (p < end && self->skip_lf)
    {
      self->skip_lf = FALSE;
      if (*p == LF)
        {
          p++;
          self->event_wire += self->lf_counts;
        }
    }

  while (p < end)
    {
      gboolean high;
      const guint8 *eol = find_line_end (p, end, &high);
      gsize len = eol - p;
      gboolean blank = FALSE;

      if (self->discard_line)
        {
          self->event_wire += len;
          if (eol == end)
            return;
          self->discard_line = FALSE;
          self->event_wire++;
        }
      else if (max != 0 && self->line.len + len > max)
        {
          line_overflow (self, p, len);
          if (eol == end)
            return;
          self->discard_line = FALSE;
          self->event_wire++;
        }
      else if (eol == end)
        {
          /* the line goes on in the next chunk */
          buffer_append (&self->line, p, len);
          self->line_ascii &= !high;
          return;
        }
      else if (self->line.len > 0)
        {
          buffer_append (&self->line, p, len);
          len = self->line.len;
          self->line.len = 0;
          self->event_wire += len + 1;
          process_line (self, self->line.data, len, self->line_ascii && !high);
          self->line_ascii = TRUE;
        }
      else
        {
          /* the common case: the whole line is in this chunk, parse it in place */
          self->event_wire += len + 1;
          blank = len == 0;
          process_line (self, p, len, !high);
        }

      /* CRLF: the LF is part of the terminator, also when it comes in the next chunk */
      if (*eol == CR)
        {
          if (eol + 1 == end)
            {
              self->skip_lf = TRUE;
              self->lf_counts = !blank;
            }
          else if (eol[1] == LF)
            {
              eol++;
              self->event_wire += !blank;
            }
        }

      p = eol + 1;
    }
}

/* GObject */

static void
runnel_sse_parser_finalize (GObject *object)
{
  RunnelSseParser *self = (RunnelSseParser *)object;

  if (self->event_func_destroy != NULL)
    self->event_func_destroy (self->event_func_data);

  buffer_clear (&self->line);
  buffer_clear (&self->data);
  buffer_clear (&self->type);
  buffer_clear (&self->id);
  buffer_clear (&self->last_id);
  buffer_clear (&self->scratch);

  G_OBJECT_CLASS (runnel_sse_parser_parent_class)->finalize (object);
}

static void
runnel_sse_parser_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RunnelSseParser *self = RUNNEL_SSE_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENT_SIZE:
      g_value_set_uint64 (value, self->max_event_size);
      break;

    case PROP_LAST_EVENT_ID:
      g_value_set_string (value, runnel_sse_parser_get_last_event_id (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_sse_parser_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RunnelSseParser *self = RUNNEL_SSE_PARSER (object);

  switch (prop_id)
    {
    case PROP_MAX_EVENT_SIZE:
      runnel_sse_parser_set_max_event_size (self, g_value_get_uint64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_sse_parser_class_init (RunnelSseParserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_sse_parser_finalize;
  object_class->get_property = runnel_sse_parser_get_property;
  object_class->set_property = runnel_sse_parser_set_property;

  properties [PROP_MAX_EVENT_SIZE] =
    g_param_spec_uint64 ("max-event-size", NULL, NULL,
                         0, G_MAXUINT64, RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* not notified: it changes on the hot path; read it after an event */
  properties [PROP_LAST_EVENT_ID] =
    g_param_spec_string ("last-event-id", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [EVENT] =
    g_signal_new ("event",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RUNNEL_TYPE_SSE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals [RETRY] =
    g_signal_new ("retry",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);

  signals [COMMENT] =
    g_signal_new ("comment",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);

  signals [ERROR] =
    g_signal_new ("error",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

static void
runnel_sse_parser_init (RunnelSseParser *self)
{
  self->max_event_size = RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE;
  self->line_ascii = TRUE;
  buffer_set_string (&self->last_id, NULL, 0);
}

/* Public API */

RunnelSseParser *
runnel_sse_parser_new (void)
{
  return g_object_new (RUNNEL_TYPE_SSE_PARSER, NULL);
}

/**
 * runnel_sse_parser_set_event_func:
 *
 * Sets the hot-path sink: @func is called once per dispatched event, before the "event"
 * signal, with a borrowed event (take a reference to keep it).
 */
void
runnel_sse_parser_set_event_func (RunnelSseParser   *self,
                                  RunnelSseEventFunc func,
                                  gpointer           user_data,
                                  GDestroyNotify     destroy)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  if (self->event_func_destroy != NULL)
    self->event_func_destroy (self->event_func_data);

  self->event_func = func;
  self->event_func_data = user_data;
  self->event_func_destroy = destroy;
}

/**
 * runnel_sse_parser_feed:
 *
 * Parses the next @len bytes of the stream. Events, retry values, comments and errors are
 * reported before it returns. All the events of one call share one timestamp. Handlers of
 * "event" and "comment" connected from inside a callback take effect at the next call.
 */
void
runnel_sse_parser_feed (RunnelSseParser *self,
                        const guint8    *data,
                        gsize            len)
{
  const guint8 *end;

  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;

  end = data + len;
  self->bytes_parsed += len;
  self->monotonic_time = g_get_monotonic_time ();
  self->real_time = g_get_real_time ();
  self->emit_event = g_signal_has_handler_pending (self, signals[EVENT], 0, FALSE);
  self->emit_comment = g_signal_has_handler_pending (self, signals[COMMENT], 0, FALSE);

  g_object_ref (self);

  if (!self->bom_done)
    {
      /* one BOM at the very start, perhaps split across chunks */
      while (data < end && self->bom_seen < sizeof bom && *data == bom[self->bom_seen])
        {
          data++;
          self->bom_seen++;
        }

      if (self->bom_seen == sizeof bom)
        self->bom_done = TRUE;
      else if (data < end)
        {
          /* not a BOM after all: what matched is text */
          self->bom_done = TRUE;
          process_bytes (self, bom, bom + self->bom_seen);
        }
    }

  process_bytes (self, data, end);

  g_object_unref (self);
}

/**
 * runnel_sse_parser_finish:
 *
 * The end of the stream. As the spec says, pending data is discarded: an event without its
 * blank line is not dispatched, and a last line without a line terminator is not processed at
 * all (an unterminated `id:` does not change the last event id). The parser is then ready for a
 * new stream, as after runnel_sse_parser_reset ().
 */
void
runnel_sse_parser_finish (RunnelSseParser *self)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  runnel_sse_parser_reset (self);
}

/**
 * runnel_sse_parser_has_pending:
 *
 * Returns: whether a line without its line break, or an event without its blank line, is
 *   buffered: a connection that ends now was cut in the middle of an event
 */
gboolean
runnel_sse_parser_has_pending (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), FALSE);

  return self->line.len > 0 || self->data.len > 0 || self->type.len > 0;
}

void
runnel_sse_parser_reset (RunnelSseParser *self)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  self->line.len = 0;
  self->data.len = 0;
  self->type.len = 0;
  self->event_wire = 0;
  self->bom_seen = 0;
  self->bom_done = FALSE;
  self->skip_lf = FALSE;
  self->line_ascii = TRUE;
  self->discard_line = FALSE;
  self->discard_event = FALSE;
}

guint64
runnel_sse_parser_get_max_event_size (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), 0);

  return self->max_event_size;
}

/**
 * runnel_sse_parser_set_max_event_size:
 *
 * The limit for one line and for one event's data, in bytes; 0 means no limit. A line or an
 * event past it is reported through the "error" signal and dropped.
 */
void
runnel_sse_parser_set_max_event_size (RunnelSseParser *self,
                                      guint64          max_event_size)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  if (self->max_event_size == max_event_size)
    return;

  self->max_event_size = max_event_size;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_EVENT_SIZE]);
}

const char *
runnel_sse_parser_get_last_event_id (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), NULL);

  return (const char *) self->last_id.data;
}

void
runnel_sse_parser_set_last_event_id (RunnelSseParser *self,
                                     const char      *id)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  if (id == NULL)
    id = "";

  self->id.len = 0;
  buffer_append_text (&self->id, (const guint8 *) id, strlen (id), FALSE);
  buffer_set_string (&self->last_id, self->id.data, self->id.len);
  self->id_changed = FALSE;
}

guint64
runnel_sse_parser_get_events_parsed (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), 0);

  return self->sequence;
}

guint64
runnel_sse_parser_get_bytes_parsed (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), 0);

  return self->bytes_parsed;
}
