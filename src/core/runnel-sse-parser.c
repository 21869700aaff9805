/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-parser.c: WHATWG "Parsing/Interpreting an event stream", incremental, bounded */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runnel-parser-private.h"
#include "runnel-sse-parser.h"
#include "runnel-utf8.h"

/*
 * How it works
 *
 * Bytes are cut into lines on the raw stream (CR, LF, CRLF). Every byte of a UTF-8 sequence is
 * >= 0x80 and every "maximal subpart" of an invalid sequence ends before an ASCII byte, so
 * decoding each line (or each field value) on its own gives exactly what decoding the whole
 * stream and then cutting it would give. The chunk is scanned 64 bytes at a time for line ends
 * and bytes >= 0x80 (Scanner), and each block that holds a byte >= 0x80 is checked as UTF-8 in
 * the same pass (runnel_utf8_checker_block (), SIMD). A line is validated on its own, from its
 * first byte >= 0x80, only where that check saw an error near it, or when it spans two chunks;
 * only an invalid value is repaired.
 *
 * Lines that end inside the chunk being fed are parsed in place; only a line that spans feed ()
 * calls is copied into self->line. An event's single data value stays a pointer into the chunk
 * (data_ref) until the event is built or the chunk ends. The data, type and id buffers grow
 * geometrically and are reused, so a stream of events costs one allocation per event:
 * runnel_sse_event_new ().
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
  Buffer              id;       /* the last event ID buffer while id_changed, decoded */
  Buffer              last_id;  /* the last event ID string: the buffer at the last blank line,
                                 * and the buffer itself while !id_changed; NUL-terminated */
  Buffer              scratch;  /* comment text handed to the "comment" signal */
  RunnelSseEvent     *spare;    /* the last event, when no one kept it: the next one's memory */
  RunnelSseScan      *scan;     /* RUNNEL_SSE_SCAN=ahead: every chunk is scanned first */

  RunnelSseEventSink  sink;
  RunnelSseCommentFunc comment_func;  /* the hot-path alternative to "comment", or NULL */
  gpointer            comment_data;

  guint64             max_event_size;
  guint64             sequence;
  guint64             bytes_parsed;
  gsize               event_wire;     /* bytes of the pending event so far */
  const guint8       *data_ref;       /* the data buffer when it holds one valid value:
                                       * in the chunk being fed, not yet copied */
  gsize               data_ref_len;
  gsize               line_high;      /* offset of self->line's first byte >= 0x80, or
                                       * G_MAXSIZE */

  /* the clock, read once per feed () */
  gint64              monotonic_time;
  gint64              real_time;

  guint               bom_seen : 2;   /* bytes of a leading BOM matched so far */
  guint               bom_done : 1;
  guint               skip_lf : 1;    /* the last line ended with CR at the end of a chunk */
  guint               lf_counts : 1;  /* that LF belongs to the pending event's wire size */
  guint               discard_line : 1;
  guint               discard_event : 1;
  guint               id_changed : 1;   /* the id buffer differs from last_id */

  /* cached per feed (): the hot path emits signals only when someone listens */
  guint               emit_event : 1;
  guint               emit_comment : 1;
};

static void runnel_sse_parser_iface_init (RunnelParserInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelSseParser, runnel_sse_parser, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUNNEL_TYPE_PARSER,
                                                      runnel_sse_parser_iface_init))

G_DEFINE_QUARK (runnel-sse-parser-error-quark, runnel_sse_parser_error)

enum {
  PROP_0,
  PROP_MAX_EVENT_SIZE,
  PROP_LAST_EVENT_ID,
  N_PROPS
};

#define signals _runnel_parser_signals
#define EVENT   RUNNEL_PARSER_SIGNAL_EVENT
#define RETRY   RUNNEL_PARSER_SIGNAL_RETRY
#define COMMENT RUNNEL_PARSER_SIGNAL_COMMENT
#define ERROR   RUNNEL_PARSER_SIGNAL_ERROR

static GParamSpec *properties [N_PROPS];

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

/*
 * One line or event near the limit grows a buffer to its size (up to max-event-size, 16 MiB by
 * default): once the buffer is empty again, give most of that back, keeping enough that
 * ordinary events never reallocate. Checked once per event or chunk, not per byte.
 */
#define BUFFER_SHRINK_ABOVE (1024 * 1024)
#define BUFFER_SHRINK_TO    (64 * 1024)

static void
buffer_shrink_slow (Buffer *buf)
{
  g_assert (buf->len == 0);

  buf->alloc = BUFFER_SHRINK_TO;
  buf->data = g_realloc (buf->data, buf->alloc);
}

static inline void
buffer_shrink (Buffer *buf)
{
  if (G_UNLIKELY (buf->alloc > BUFFER_SHRINK_ABOVE))
    buffer_shrink_slow (buf);
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

/* UTF-8: the WHATWG Encoding standard's decoder (runnel-utf8.h) */

/*
 * The rare path, kept out of line: GCC would inline it into every buffer_append_text () and
 * then inline less of the hot path (measured slower, docs/PERFORMANCE.md)
 */
G_GNUC_NO_INLINE static void
buffer_append_repaired (Buffer       *buf,
                        const guint8 *p,
                        gsize         len)
{
  gsize n = runnel_utf8_repair (p, len, NULL);

  buffer_reserve (buf, n);
  buf->len += runnel_utf8_repair (p, len, buf->data + buf->len);
}

/*
 * Appends @len bytes of the stream, decoded as UTF-8. @high is the first byte >= 0x80 of the
 * line they belong to, or NULL: validation starts there, most lines need none.
 */
static inline void
buffer_append_text (Buffer       *buf,
                    const guint8 *p,
                    gsize         len,
                    const guint8 *high)
{
  const guint8 *end = p + len;

  if (high == NULL || high >= end || runnel_utf8_is_valid (MAX (high, p), end))
    buffer_append (buf, p, len);
  else
    buffer_append_repaired (buf, p, len);
}

/* Scanning */

/*
 * The chunk is classified 64 bytes at a time into bit masks: line terminators (CR, LF), bytes
 * >= 0x80, and where the UTF-8 check saw an error. Lines are then found by counting trailing
 * zeros, without a loop per line whose exit the CPU cannot predict. The last partial block is
 * scanned from a zero-padded copy.
 *
 * The check runs on the chunk as one text from its first byte. A line that is invalid on its own
 * has an error bit on one of its bytes, its terminator or the terminator before it
 * (runnel-utf8.h), so the mask "suspect" (an error here or on the byte before) marks every such
 * line on a byte or on its own terminator. The chunk's last line, cut by the chunk's end, is
 * checked on its own once whole.
 */
typedef struct
{
  guint64 eol;      /* bit i: block[i] is CR or LF */
  guint64 high;     /* bit i: block[i] >= 0x80 */
  guint64 suspect;  /* bit i: an error at block[i] or block[i - 1] */
} BlockMasks;

typedef struct
{
  const guint8     *block;    /* the block the masks describe */
  const guint8     *end;
  guint64           eol;
  guint64           high;
  guint64           suspect;
  guint64           carry;    /* an error at the last block's last byte: bit 0 */
  RunnelUtf8Checker checker;
  const guint8     *base;     /* with masks: the first block's start */
  const BlockMasks *masks;    /* every block's masks, scanned ahead (RunnelSseScan), or NULL */
} Scanner;

struct _RunnelSseScan
{
  const guint8 *data;         /* the chunk the masks describe */
  gsize         len;
  BlockMasks   *masks;        /* one per block of 64 bytes, the last one padded */
  gsize         n_alloc;
};

/*
 * How far ahead of the scan to ask for the chunk's bytes: a mapped capture comes from memory,
 * not the cache, and the loop's unpredictable branches keep the CPU from reading ahead itself
 */
#define SCANNER_PREFETCH 2048

/* the masks of the block at @b (the chunk ends at @end), after those of the block before */
static inline void
scan_block (RunnelUtf8Checker *checker,
            guint64           *carry,
            const guint8      *b,
            const guint8      *end,
            BlockMasks        *masks)
{
  guint8 tail[64];
  guint64 eol = 0, high = 0;
  guint64 errors;

  if (end - b < 64)
    {
      memset (tail, 0, sizeof tail);
      memcpy (tail, b, end - b);
      b = tail;
    }

#if defined(__SSE2__)
  {
    const __m128i lf = _mm_set1_epi8 (LF);
    const __m128i cr = _mm_set1_epi8 (CR);
    __m128i v0 = _mm_loadu_si128 ((const __m128i *) b);
    __m128i v1 = _mm_loadu_si128 ((const __m128i *) (b + 16));
    __m128i v2 = _mm_loadu_si128 ((const __m128i *) (b + 32));
    __m128i v3 = _mm_loadu_si128 ((const __m128i *) (b + 48));

#define EOL_BITS(v) \
  ((guint64) (guint) _mm_movemask_epi8 (_mm_or_si128 (_mm_cmpeq_epi8 (v, lf), _mm_cmpeq_epi8 (v, cr))))
#define HIGH_BITS(v) ((guint64) (guint) _mm_movemask_epi8 (v))

    eol = EOL_BITS (v0) | EOL_BITS (v1) << 16 | EOL_BITS (v2) << 32 | EOL_BITS (v3) << 48;
    high = HIGH_BITS (v0) | HIGH_BITS (v1) << 16 | HIGH_BITS (v2) << 32 | HIGH_BITS (v3) << 48;

#undef EOL_BITS
#undef HIGH_BITS
  }
#else
  for (guint i = 0; i < 64; i++)
    {
      eol |= (guint64) (b[i] == LF || b[i] == CR) << i;
      high |= (guint64) (b[i] >> 7) << i;
    }
#endif

  masks->eol = eol;
  masks->high = high;
  errors = high != 0 ? runnel_utf8_checker_block (checker, b)
                     : runnel_utf8_checker_ascii (checker);
  masks->suspect = errors | errors << 1 | *carry;
  *carry = errors >> 63;
}

static inline void
scanner_load (Scanner *sc)
{
  BlockMasks masks;

  if (sc->end - sc->block >= SCANNER_PREFETCH + 64)
    __builtin_prefetch (sc->block + SCANNER_PREFETCH);

  if (sc->masks != NULL)
    masks = sc->masks[(sc->block - sc->base) / 64];
  else
    scan_block (&sc->checker, &sc->carry, sc->block, sc->end, &masks);

  sc->eol = masks.eol;
  sc->high = masks.high;
  sc->suspect = masks.suspect;
}

/* @scan: the masks of the blocks from @p on, or NULL to compute them here */
static inline void
scanner_init (Scanner             *sc,
              const guint8        *p,
              const guint8        *end,
              const RunnelSseScan *scan)
{
  sc->block = p;
  sc->end = end;
  sc->carry = 0;
  sc->checker = (RunnelUtf8Checker) { 0, 0 };
  sc->base = p;
  sc->masks = scan != NULL && scan->data == p && scan->len == (gsize) (end - p) ? scan->masks
                                                                               : NULL;
  scanner_load (sc);
}

/*
 * The first CR or LF at or after @p, or end; *high gets the first byte >= 0x80 before it, or
 * NULL; *suspect whether the UTF-8 check saw an error from @p to the terminator. @p never goes
 * backwards between calls.
 */
static inline const guint8 *
scanner_next (Scanner       *sc,
              const guint8  *p,
              const guint8 **high,
              gboolean      *suspect)
{
  const guint8 *first_high = NULL;
  guint64 keep;
  guint64 h, s;
  guint64 any_suspect = 0;
  guint at;

  while (p - sc->block >= 64)
    {
      sc->block += 64;
      scanner_load (sc);
    }

  keep = ~G_GUINT64_CONSTANT (0) << (p - sc->block);
  sc->eol &= keep;
  h = sc->high & keep;
  s = sc->suspect & keep;

  while (sc->eol == 0)
    {
      if (h != 0 && first_high == NULL)
        first_high = sc->block + __builtin_ctzll (h);
      any_suspect |= s;
      if (sc->end - sc->block <= 64)
        {
          *high = first_high;
          *suspect = TRUE;
          return sc->end;
        }
      sc->block += 64;
      scanner_load (sc);
      h = sc->high;
      s = sc->suspect;
    }

  at = __builtin_ctzll (sc->eol);
  h &= (G_GUINT64_CONSTANT (1) << at) - 1;
  if (h != 0 && first_high == NULL)
    first_high = sc->block + __builtin_ctzll (h);
  /* up to the terminator, included (2 << 63 is 0: all bits) */
  any_suspect |= s & ((G_GUINT64_CONSTANT (2) << at) - 1);

  *high = first_high;
  *suspect = any_suspect != 0;
  return sc->block + at;
}

/* Dispatch */

static void
emit_error (RunnelSseParser      *self,
            RunnelSseParserError  code)
{
  g_autoptr(GError) error = NULL;

  if (code == RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG)
    error = g_error_new (RUNNEL_SSE_PARSER_ERROR, code,
                         _("A line is longer than the limit of %" PRIu64 " bytes"),
                         self->max_event_size);
  else
    error = g_error_new (RUNNEL_SSE_PARSER_ERROR, code,
                         _("An event's data is larger than the limit of %" PRIu64 " bytes"),
                         self->max_event_size);

  g_signal_emit (self, signals[ERROR], 0, error);
}

static void
dispatch (RunnelSseParser *self)
{
  RunnelSseEvent *event;
  const guint8 *data;
  gsize data_len;
  gsize wire_size = self->event_wire;

  self->event_wire = 0;

  /* even without data, a blank line sets the last event ID string (what a reconnection sends) */
  if (self->id_changed)
    {
      /* swap rather than copy: the id buffer is read only while id_changed is set */
      Buffer tmp = self->last_id;

      self->last_id = self->id;
      self->id = tmp;
      self->last_id.data[self->last_id.len] = '\0';
      self->id_changed = FALSE;
      self->id.len = 0;
      buffer_shrink (&self->id);
    }

  if (self->discard_event || (self->data.len == 0 && self->data_ref == NULL))
    {
      self->discard_event = FALSE;
      self->data_ref = NULL;
      self->data.len = 0;
      self->type.len = 0;
      buffer_shrink (&self->data);
      buffer_shrink (&self->type);
      return;
    }

  if (self->data_ref != NULL)
    {
      data = self->data_ref;
      data_len = self->data_ref_len;
      self->data_ref = NULL;
    }
  else
    {
      /* every value was appended with a LF: drop the last one */
      data = self->data.data;
      data_len = self->data.len - 1;
    }

  event = runnel_sse_event_new_from_spare (&self->spare,
                                           (const char *) self->type.data, self->type.len,
                                           (const char *) data, data_len,
                                           (const char *) self->last_id.data, self->last_id.len,
                                           ++self->sequence,
                                           self->monotonic_time, self->real_time,
                                           wire_size);
  self->data.len = 0;
  self->type.len = 0;
  buffer_shrink (&self->data);
  buffer_shrink (&self->type);

  runnel_sse_event_sink_emit (&self->sink, event);
  if (self->emit_event)
    g_signal_emit (self, signals[EVENT], 0, event);

  runnel_sse_event_release_to_spare (event, &self->spare);
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

/* the data buffer's value(s) written out, after the pending single value if any */
static void
flush_data_ref (RunnelSseParser *self)
{
  if (self->data_ref == NULL)
    return;

  buffer_append (&self->data, self->data_ref, self->data_ref_len);
  buffer_append_c (&self->data, LF);
  self->data_ref = NULL;
}

static void
process_data (RunnelSseParser *self,
              const guint8    *value,
              gsize            len,
              const guint8    *high)
{
  guint64 max = self->max_event_size;
  gsize data_len;

  if (self->discard_event)
    return;

  /* decoding never shrinks the text: check the raw length first, the decoded one after */
  data_len = self->data_ref != NULL ? self->data_ref_len + 1 : self->data.len;
  if (max != 0 && data_len + len > max)
    goto too_large;

  /* the usual event has one valid data line: keep a pointer, copy it only into the event */
  if (data_len == 0 &&
      (high == NULL || high >= value + len ||
       runnel_utf8_is_valid (MAX (high, value), value + len)))
    {
      self->data_ref = value;
      self->data_ref_len = len;
      return;
    }

  flush_data_ref (self);
  buffer_append_text (&self->data, value, len, high);
  if (max != 0 && self->data.len > max)
    goto too_large;

  buffer_append_c (&self->data, LF);
  return;

too_large:
  self->data_ref = NULL;
  self->data.len = 0;
  self->type.len = 0;
  buffer_shrink (&self->data);
  buffer_shrink (&self->type);
  self->discard_event = TRUE;
  emit_error (self, RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE);
}

/* ids are short: a plain loop beats memchr () */
static inline gboolean
contains_nul (const guint8 *p,
              const guint8 *end)
{
  for (; p < end; p++)
    if (*p == '\0')
      return TRUE;

  return FALSE;
}

typedef enum
{
  FIELD_OTHER,
  FIELD_DATA,
  FIELD_EVENT,
  FIELD_ID,
  FIELD_RETRY,
} Field;

/* one complete line, without its terminator; @high: its first byte >= 0x80, or NULL */
static void
process_line (RunnelSseParser *self,
              const guint8    *line,
              gsize            len,
              const guint8    *high)
{
  const guint8 *end = line + len;
  const guint8 *value;
  Field field;

  if (len == 0)
    {
      dispatch (self);
      return;
    }

  /* the usual spellings first; field names are compared on the raw bytes, where invalid
   * UTF-8 matches no known name */
  if (len >= 5 && memcmp (line, "data:", 5) == 0)
    {
      field = FIELD_DATA;
      value = line + 5;
    }
  else if (len >= 3 && memcmp (line, "id:", 3) == 0)
    {
      field = FIELD_ID;
      value = line + 3;
    }
  else if (len >= 6 && memcmp (line, "event:", 6) == 0)
    {
      field = FIELD_EVENT;
      value = line + 6;
    }
  else if (line[0] == ':')
    {
      if (self->emit_comment || self->comment_func != NULL)
        {
          self->scratch.len = 0;
          buffer_append_text (&self->scratch, line + 1, len - 1, high);
          self->scratch.data[self->scratch.len] = '\0';
          if (self->comment_func != NULL)
            self->comment_func ((const char *) self->scratch.data, self->comment_data);
          if (self->emit_comment)
            g_signal_emit (self, signals[COMMENT], 0, (const char *) self->scratch.data);
          self->scratch.len = 0;
          buffer_shrink (&self->scratch);
        }
      return;
    }
  else
    {
      const guint8 *colon = memchr (line, ':', len);
      gsize field_len = colon != NULL ? (gsize) (colon - line) : len;

      value = colon != NULL ? colon + 1 : end;
      if (field_len == 4 && memcmp (line, "data", 4) == 0)
        field = FIELD_DATA;
      else if (field_len == 5 && memcmp (line, "event", 5) == 0)
        field = FIELD_EVENT;
      else if (field_len == 5 && memcmp (line, "retry", 5) == 0)
        field = FIELD_RETRY;
      else if (field_len == 2 && memcmp (line, "id", 2) == 0)
        field = FIELD_ID;
      else
        return;
    }

  if (value < end && *value == ' ')
    value++;

  switch (field)
    {
    case FIELD_DATA:
      process_data (self, value, end - value, high);
      break;

    case FIELD_EVENT:
      if (!self->discard_event)
        {
          self->type.len = 0;
          buffer_append_text (&self->type, value, end - value, high);
        }
      break;

    case FIELD_ID:
      if (!contains_nul (value, end))
        {
          self->id.len = 0;
          buffer_append_text (&self->id, value, end - value, high);
          self->id_changed = TRUE;
        }
      break;

    case FIELD_RETRY:
      process_retry (self, value, end - value);
      break;

    case FIELD_OTHER:
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
  self->line_high = G_MAXSIZE;
  self->discard_line = TRUE;

  if (self->discard_event)
    return;

  if (memcmp (head, "data:", n) == 0)
    {
      self->data_ref = NULL;
      self->data.len = 0;
      self->type.len = 0;
      self->discard_event = TRUE;
      emit_error (self, RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE);
    }
  else
    emit_error (self, RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG);
}

static void
process_bytes (RunnelSseParser     *self,
               const guint8        *p,
               const guint8        *end,
               const RunnelSseScan *scan)
{
  guint64 max = self->max_event_size;
  Scanner sc;

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

  if (p == end)
    return;

  scanner_init (&sc, p, end, scan);

  while (p < end)
    {
      const guint8 *high;
      gboolean suspect;
      const guint8 *eol = scanner_next (&sc, p, &high, &suspect);
      gsize len = eol - p;
      gboolean blank = FALSE;

      if (self->discard_line)
        {
          self->event_wire += len;
          if (eol == end)
            break;
          self->discard_line = FALSE;
          self->event_wire++;
        }
      else if (max != 0 && self->line.len + len > max)
        {
          line_overflow (self, p, len);
          if (eol == end)
            break;
          self->discard_line = FALSE;
          self->event_wire++;
        }
      else if (eol == end)
        {
          /* the line goes on in the next chunk */
          flush_data_ref (self);
          if (high != NULL && self->line_high == G_MAXSIZE)
            self->line_high = self->line.len + (high - p);
          buffer_append (&self->line, p, len);
          return;
        }
      else if (self->line.len > 0)
        {
          if (high != NULL && self->line_high == G_MAXSIZE)
            self->line_high = self->line.len + (high - p);
          buffer_append (&self->line, p, len);
          len = self->line.len;
          high = self->line_high == G_MAXSIZE ? NULL : self->line.data + self->line_high;
          self->line.len = 0;
          self->line_high = G_MAXSIZE;
          self->event_wire += len + 1;
          process_line (self, self->line.data, len, high);
        }
      else
        {
          /* the common case: the whole line is in this chunk, parse it in place; the scan
           * has checked its text unless it is suspect */
          self->event_wire += len + 1;
          blank = len == 0;
          process_line (self, p, len, suspect ? high : NULL);
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

  flush_data_ref (self);
  /* only now: the pending data value may have pointed into the line buffer */
  if (self->line.len == 0)
    buffer_shrink (&self->line);
}

/* GObject */

static void
runnel_sse_parser_finalize (GObject *object)
{
  RunnelSseParser *self = (RunnelSseParser *)object;

  runnel_sse_event_sink_clear (&self->sink);

  buffer_clear (&self->line);
  buffer_clear (&self->data);
  buffer_clear (&self->type);
  buffer_clear (&self->id);
  buffer_clear (&self->last_id);
  buffer_clear (&self->scratch);
  g_clear_pointer (&self->spare, runnel_sse_event_unref);
  g_clear_pointer (&self->scan, runnel_sse_scan_free);

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
}

static gboolean
runnel_sse_parser_finish_parser (RunnelParser *parser)
{
  RunnelSseParser *self = RUNNEL_SSE_PARSER (parser);
  gboolean complete = !runnel_sse_parser_has_pending (self);

  runnel_sse_parser_finish (self);
  return complete;
}

static void
runnel_sse_parser_iface_init (RunnelParserInterface *iface)
{
  iface->set_event_func = (gpointer) runnel_sse_parser_set_event_func;
  iface->feed = (gpointer) runnel_sse_parser_feed;
  iface->finish = runnel_sse_parser_finish_parser;
  iface->has_pending = (gpointer) runnel_sse_parser_has_pending;
  iface->reset = (gpointer) runnel_sse_parser_reset;
  iface->get_max_event_size = (gpointer) runnel_sse_parser_get_max_event_size;
  iface->set_max_event_size = (gpointer) runnel_sse_parser_set_max_event_size;
  iface->get_last_event_id = (gpointer) runnel_sse_parser_get_last_event_id;
  iface->set_last_event_id = (gpointer) runnel_sse_parser_set_last_event_id;
}

static void
runnel_sse_parser_init (RunnelSseParser *self)
{
  self->max_event_size = RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE;
  self->line_high = G_MAXSIZE;
  /* for the tests: the path of runnel_sse_parser_feed_scanned () for every chunk */
  if (g_strcmp0 (g_getenv ("RUNNEL_SSE_SCAN"), "ahead") == 0)
    self->scan = runnel_sse_scan_new ();
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

  runnel_sse_event_sink_set (&self->sink, func, user_data, destroy);
}

/**
 * runnel_sse_parser_set_comment_func:
 *
 * Calls @func for every comment line, before the "comment" signal and without its cost, with
 * the text as the signal has it. @user_data must outlive the parser, or the func be unset
 * (NULL) first.
 */
void
runnel_sse_parser_set_comment_func (RunnelSseParser      *self,
                                    RunnelSseCommentFunc  func,
                                    gpointer              user_data)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));

  self->comment_func = func;
  self->comment_data = func != NULL ? user_data : NULL;
}

/**
 * runnel_sse_parser_feed:
 *
 * Parses the next @len bytes of the stream. Events, retry values, comments and errors are
 * reported before it returns. All the events of one call share one timestamp. Handlers of
 * "event" and "comment" connected from inside a callback take effect at the next call.
 */
static void
feed_chunk (RunnelSseParser     *self,
            const guint8        *data,
            gsize                len,
            const RunnelSseScan *scan)
{
  const guint8 *end;

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
          process_bytes (self, bom, bom + self->bom_seen, NULL);
        }
    }

  /* the scan describes the chunk from its first byte: after a BOM, the blocks are scanned again */
  process_bytes (self, data, end, scan);

  g_object_unref (self);
}

void
runnel_sse_parser_feed (RunnelSseParser *self,
                        const guint8    *data,
                        gsize            len)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));
  g_return_if_fail (data != NULL || len == 0);

  if (G_UNLIKELY (self->scan != NULL))
    {
      runnel_sse_scan_chunk (self->scan, data, len);
      feed_chunk (self, data, len, self->scan);
    }
  else
    feed_chunk (self, data, len, NULL);
}

/**
 * runnel_sse_parser_feed_scanned:
 *
 * Feeds the chunk that @scan describes, as runnel_sse_parser_feed () does, without finding its
 * line ends and checking its UTF-8 again.
 */
void
runnel_sse_parser_feed_scanned (RunnelSseParser     *self,
                                const RunnelSseScan *scan)
{
  g_return_if_fail (RUNNEL_IS_SSE_PARSER (self));
  g_return_if_fail (scan != NULL);

  feed_chunk (self, scan->data, scan->len, scan);
}

/* Scanning ahead */

RunnelSseScan *
runnel_sse_scan_new (void)
{
  return g_new0 (RunnelSseScan, 1);
}

void
runnel_sse_scan_free (RunnelSseScan *scan)
{
  if (scan == NULL)
    return;

  g_free (scan->masks);
  g_free (scan);
}

/**
 * runnel_sse_scan_chunk:
 *
 * Finds the line ends, the bytes >= 0x80 and the UTF-8 errors of @data, as the parser would
 * while parsing it. It touches no parser: any thread may scan the next chunk while the parser
 * parses this one. @data must stay unchanged until it is fed.
 */
void
runnel_sse_scan_chunk (RunnelSseScan *scan,
                       const guint8  *data,
                       gsize          len)
{
  RunnelUtf8Checker checker = { 0, 0 };
  gsize n_blocks = (len + 63) / 64;
  guint64 carry = 0;

  g_return_if_fail (scan != NULL);
  g_return_if_fail (data != NULL || len == 0);

  if (n_blocks > scan->n_alloc)
    {
      g_free (scan->masks);
      scan->masks = g_new (BlockMasks, n_blocks);
      scan->n_alloc = n_blocks;
    }

  scan->data = data;
  scan->len = len;
  for (gsize i = 0; i < n_blocks; i++)
    scan_block (&checker, &carry, data + 64 * i, data + len, &scan->masks[i]);
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
  self->data_ref = NULL;
  self->type.len = 0;
  buffer_shrink (&self->line);
  buffer_shrink (&self->data);
  buffer_shrink (&self->type);
  self->event_wire = 0;
  self->bom_seen = 0;
  self->bom_done = FALSE;
  self->skip_lf = FALSE;
  self->line_high = G_MAXSIZE;
  self->discard_line = FALSE;
  self->discard_event = FALSE;

  /* an id: of an event that never completed is not the last event id: keep the dispatched one */
  self->id_changed = FALSE;
  self->id.len = 0;
  buffer_shrink (&self->id);
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
  buffer_append_text (&self->id, (const guint8 *) id, strlen (id), (const guint8 *) id);
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

/**
 * runnel_sse_parser_get_allocated_size:
 *
 * The bytes the parser's buffers hold allocated: what a long-lived parser keeps between events.
 * A line or event near max-event-size grows them; they shrink back once it is dispatched.
 */
gsize
runnel_sse_parser_get_allocated_size (RunnelSseParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_PARSER (self), 0);

  return self->line.alloc + self->data.alloc + self->type.alloc + self->id.alloc +
         self->last_id.alloc + self->scratch.alloc;
}
