/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-raw-log.c: the last bytes of a stream as received, and where each event lies in them */

#include "config.h"

#include <string.h>

#include "runnel-raw-log.h"

typedef struct
{
  guint64 sequence;
  guint64 start;
  guint64 end;
} Span;

struct _RunnelRawLog
{
  GObject     parent_instance;

  /* Owned */
  GByteArray *bytes;
  GArray     *spans;        /* Span, by sequence (and so by offset) */
  GArray     *connections;  /* guint64 offsets */

  gsize       limit;
  guint64     base;         /* absolute offset of bytes->data[0] */

  /* the line scanner */
  guint64     block_start;
  gsize       line_len;
  guint8      prefix[5];
  guint       bom_matched;
  guint64     n_dispatched;
  guint       block_has_data : 1;
  guint       after_cr : 1;
  guint       check_bom : 1;
};

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelRawLog, runnel_raw_log, G_TYPE_OBJECT)

static const guint8 bom[] = { 0xef, 0xbb, 0xbf };

static guint64
runnel_raw_log_end (RunnelRawLog *self)
{
  return self->base + self->bytes->len;
}

static void
runnel_raw_log_end_line (RunnelRawLog *self,
                         guint64       terminator)
{
  if (self->line_len == 0)
    {
      if (self->block_has_data)
        {
          Span span = { ++self->n_dispatched, self->block_start, terminator + 1 };

          g_array_append_val (self->spans, span);
        }
      self->block_has_data = FALSE;
      self->block_start = terminator + 1;
    }
  else if ((self->line_len == 4 && memcmp (self->prefix, "data", 4) == 0) ||
           (self->line_len >= 5 && memcmp (self->prefix, "data:", 5) == 0))
    {
      self->block_has_data = TRUE;
    }

  self->line_len = 0;
}

static void
runnel_raw_log_line_byte (RunnelRawLog *self,
                          guint8        byte)
{
  if (self->line_len < sizeof self->prefix)
    self->prefix[self->line_len] = byte;
  self->line_len++;
}

/* the same line and dispatch rules as the parser, without keeping any field */
static void
runnel_raw_log_scan (RunnelRawLog *self,
                     const guint8 *data,
                     gsize         len,
                     guint64       offset)
{
  for (gsize i = 0; i < len; i++)
    {
      guint8 byte = data[i];
      guint64 at = offset + i;

      if (self->check_bom)
        {
          if (byte == bom[self->bom_matched])
            {
              if (++self->bom_matched == sizeof bom)
                self->check_bom = FALSE;
              self->block_start = at + 1;
              continue;
            }

          self->check_bom = FALSE;
          for (guint j = 0; j < self->bom_matched; j++)
            runnel_raw_log_line_byte (self, bom[j]);
        }

      if (self->after_cr)
        {
          self->after_cr = FALSE;
          if (byte == '\n')
            {
              /* the LF of a CRLF belongs to the line (and the event) that the CR ended */
              if (self->block_start == at)
                self->block_start = at + 1;
              Span *last = self->spans->len > 0
                ? &g_array_index (self->spans, Span, self->spans->len - 1) : NULL;

              if (last != NULL && last->end == at)
                last->end = at + 1;
              continue;
            }
        }

      if (byte == '\r' || byte == '\n')
        {
          runnel_raw_log_end_line (self, at);
          self->after_cr = byte == '\r';
        }
      else
        runnel_raw_log_line_byte (self, byte);
    }
}

/* drops the oldest bytes (at a line break) when the log holds a quarter more than its limit */
static void
runnel_raw_log_trim (RunnelRawLog *self)
{
  gsize cut;
  guint n_spans = 0;
  guint n_connections = 0;

  if (self->limit == 0 || self->bytes->len <= self->limit + self->limit / 4)
    return;

  cut = self->bytes->len - self->limit;
  while (cut < self->bytes->len &&
         self->bytes->data[cut - 1] != '\n' && self->bytes->data[cut - 1] != '\r')
    cut++;

  g_byte_array_remove_range (self->bytes, 0, cut);
  self->base += cut;

  while (n_spans < self->spans->len &&
         g_array_index (self->spans, Span, n_spans).start < self->base)
    n_spans++;
  g_array_remove_range (self->spans, 0, n_spans);

  while (n_connections < self->connections->len &&
         g_array_index (self->connections, guint64, n_connections) < self->base)
    n_connections++;
  g_array_remove_range (self->connections, 0, n_connections);
}

void
runnel_raw_log_append (RunnelRawLog *self,
                       const guint8 *data,
                       gsize         len)
{
  g_return_if_fail (RUNNEL_IS_RAW_LOG (self));
  g_return_if_fail (data != NULL || len == 0);

  if (len == 0)
    return;

  runnel_raw_log_scan (self, data, len, runnel_raw_log_end (self));
  g_byte_array_append (self->bytes, data, len);
  runnel_raw_log_trim (self);

  g_signal_emit (self, signals [CHANGED], 0);
}

void
runnel_raw_log_begin_connection (RunnelRawLog *self)
{
  guint64 end;

  g_return_if_fail (RUNNEL_IS_RAW_LOG (self));

  end = runnel_raw_log_end (self);
  if (end > 0)
    g_array_append_val (self->connections, end);

  self->block_start = end;
  self->line_len = 0;
  self->bom_matched = 0;
  self->block_has_data = FALSE;
  self->after_cr = FALSE;
  self->check_bom = TRUE;

  g_signal_emit (self, signals [CHANGED], 0);
}

void
runnel_raw_log_clear (RunnelRawLog *self)
{
  g_return_if_fail (RUNNEL_IS_RAW_LOG (self));

  /* offsets and sequences go on: the events that follow keep their numbers */
  self->base = runnel_raw_log_end (self);
  g_byte_array_set_size (self->bytes, 0);
  g_array_set_size (self->spans, 0);
  g_array_set_size (self->connections, 0);

  g_signal_emit (self, signals [CHANGED], 0);
}

/* a new stream: nothing kept, offsets from 0 and events numbered from 1 again, as its parser does */
void
runnel_raw_log_reset (RunnelRawLog *self)
{
  g_return_if_fail (RUNNEL_IS_RAW_LOG (self));

  self->base = 0;
  self->n_dispatched = 0;
  self->block_start = 0;
  self->line_len = 0;
  self->bom_matched = 0;
  self->block_has_data = FALSE;
  self->after_cr = FALSE;
  self->check_bom = TRUE;
  g_byte_array_set_size (self->bytes, 0);
  g_array_set_size (self->spans, 0);
  g_array_set_size (self->connections, 0);

  g_signal_emit (self, signals [CHANGED], 0);
}

gsize
runnel_raw_log_get_limit (RunnelRawLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_RAW_LOG (self), 0);

  return self->limit;
}

const guint8 *
runnel_raw_log_peek (RunnelRawLog *self,
                     gsize        *len,
                     guint64      *first_offset)
{
  g_return_val_if_fail (RUNNEL_IS_RAW_LOG (self), NULL);

  if (len != NULL)
    *len = self->bytes->len;
  if (first_offset != NULL)
    *first_offset = self->base;

  return self->bytes->data;
}

guint64
runnel_raw_log_get_end_offset (RunnelRawLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_RAW_LOG (self), 0);

  return runnel_raw_log_end (self);
}

const guint64 *
runnel_raw_log_get_connections (RunnelRawLog *self,
                                guint        *n_connections)
{
  g_return_val_if_fail (RUNNEL_IS_RAW_LOG (self), NULL);

  *n_connections = self->connections->len;
  return (const guint64 *) (gpointer) self->connections->data;
}

gboolean
runnel_raw_log_find_event (RunnelRawLog *self,
                           guint64       sequence,
                           guint64      *start,
                           guint64      *end)
{
  const Span *first;
  const Span *span;

  g_return_val_if_fail (RUNNEL_IS_RAW_LOG (self), FALSE);

  if (self->spans->len == 0)
    return FALSE;

  /* sequences are consecutive */
  first = &g_array_index (self->spans, Span, 0);
  if (sequence < first->sequence || sequence - first->sequence >= self->spans->len)
    return FALSE;

  span = &g_array_index (self->spans, Span, sequence - first->sequence);
  g_assert (span->sequence == sequence);

  *start = span->start;
  *end = span->end;

  return TRUE;
}

static void
runnel_raw_log_finalize (GObject *object)
{
  RunnelRawLog *self = RUNNEL_RAW_LOG (object);

  g_clear_pointer (&self->bytes, g_byte_array_unref);
  g_clear_pointer (&self->spans, g_array_unref);
  g_clear_pointer (&self->connections, g_array_unref);

  G_OBJECT_CLASS (runnel_raw_log_parent_class)->finalize (object);
}

static void
runnel_raw_log_class_init (RunnelRawLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_raw_log_finalize;

  signals [CHANGED] =
    g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
runnel_raw_log_init (RunnelRawLog *self)
{
  self->bytes = g_byte_array_new ();
  self->spans = g_array_new (FALSE, FALSE, sizeof (Span));
  self->connections = g_array_new (FALSE, FALSE, sizeof (guint64));
  self->check_bom = TRUE;
}

RunnelRawLog *
runnel_raw_log_new (gsize limit)
{
  RunnelRawLog *self = g_object_new (RUNNEL_TYPE_RAW_LOG, NULL);

  self->limit = limit;

  return self;
}
