/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-event.c: one dispatched Server-Sent Event in a single allocation */

#include "config.h"

#include <string.h>

#include "runnel-json.h"
#include "runnel-sse-event.h"

struct _RunnelSseEvent
{
  gint64       monotonic_time;
  gint64       real_time;
  guint64      sequence;
  const char  *type;       /* points into text[] or at the static "message" */
  const char  *id;         /* points into text[] or at the static "" */
  guint32      data_len;
  guint32      wire_size;  /* saturates at G_MAXUINT32 */
  gint         ref_count;
  guint32      capacity;   /* bytes of text[] allocated (in the struct's tail padding) */
  char         text[];     /* data NUL [type NUL] [id NUL] */
};

static const char default_type[] = "message";
static const char empty_id[] = "";

G_DEFINE_BOXED_TYPE (RunnelSseEvent, runnel_sse_event, runnel_sse_event_ref, runnel_sse_event_unref)

/*
 * The parsers' spare event: an event that nobody kept once its sink returned (a counting
 * consumer such as --summary) lends its memory to the next one, which saves a malloc () and a
 * free () per event. Its text[] is rounded up so that events of a similar size fit; one that
 * is kept after all wastes at most that rounding. Only small events are kept as spares.
 */
#define SPARE_ROUND 128
#define SPARE_MAX   (16 * 1024)

/* builds the event in @spare when its text[] is large enough, else in a new allocation (with
 * room to spare when it replaces one); @type and @id may be NULL */
static RunnelSseEvent *
build (RunnelSseEvent *spare,
       const char     *type,
       gsize           type_len,
       const char     *data,
       gsize           data_len,
       const char     *id,
       gsize           id_len,
       guint64         sequence,
       gint64          monotonic_time,
       gint64          real_time,
       gsize           wire_size)
{
  RunnelSseEvent *self = spare;
  gboolean own_type;
  gsize size = data_len + 1;
  char *p;

  if (type == NULL)
    type_len = 0;
  if (id == NULL)
    id_len = 0;

  own_type = type_len > 0 &&
             !(type_len == sizeof default_type - 1 && memcmp (type, default_type, type_len) == 0);
  if (own_type)
    size += type_len + 1;
  if (id_len > 0)
    size += id_len + 1;

  if (self == NULL || size > self->capacity)
    {
      gsize capacity = size;

      if (self != NULL && size <= SPARE_MAX)
        capacity = (size + SPARE_ROUND - 1) & ~(gsize) (SPARE_ROUND - 1);
      g_free (self);
      self = g_malloc (sizeof *self + capacity);
      self->capacity = (guint32) MIN (capacity, (gsize) G_MAXUINT32);
    }

  self->monotonic_time = monotonic_time;
  self->real_time = real_time;
  self->sequence = sequence;
  self->data_len = (guint32) data_len;
  self->wire_size = (guint32) MIN (wire_size, (gsize) G_MAXUINT32);
  self->ref_count = 1;

  p = self->text;
  if (data_len > 0)
    memcpy (p, data, data_len);
  p[data_len] = '\0';
  p += data_len + 1;

  if (own_type)
    {
      memcpy (p, type, type_len);
      p[type_len] = '\0';
      self->type = p;
      p += type_len + 1;
    }
  else
    self->type = default_type;

  if (id_len > 0)
    {
      memcpy (p, id, id_len);
      p[id_len] = '\0';
      self->id = p;
    }
  else
    self->id = empty_id;

  return self;
}

/**
 * runnel_sse_event_new:
 *
 * Builds an event in one allocation. @type may be NULL or empty for "message", @id NULL or
 * empty for none. The strings must already be valid UTF-8; they are copied.
 */
RunnelSseEvent *
runnel_sse_event_new (const char *type,
                      gsize       type_len,
                      const char *data,
                      gsize       data_len,
                      const char *id,
                      gsize       id_len,
                      guint64     sequence,
                      gint64      monotonic_time,
                      gint64      real_time,
                      gsize       wire_size)
{
  g_return_val_if_fail (data != NULL || data_len == 0, NULL);
  g_return_val_if_fail (data_len <= G_MAXUINT32, NULL);

  return build (NULL, type, type_len, data, data_len, id, id_len,
                sequence, monotonic_time, real_time, wire_size);
}

RunnelSseEvent *
runnel_sse_event_new_from_spare (RunnelSseEvent **spare,
                                 const char      *type,
                                 gsize            type_len,
                                 const char      *data,
                                 gsize            data_len,
                                 const char      *id,
                                 gsize            id_len,
                                 guint64          sequence,
                                 gint64           monotonic_time,
                                 gint64           real_time,
                                 gsize            wire_size)
{
  g_assert (data != NULL || data_len == 0);
  g_assert (data_len <= G_MAXUINT32);

  return build (g_steal_pointer (spare), type, type_len, data, data_len, id, id_len,
                sequence, monotonic_time, real_time, wire_size);
}

void
runnel_sse_event_release_to_spare (RunnelSseEvent  *self,
                                   RunnelSseEvent **spare)
{
  g_assert (self != NULL);

  /* a count of 1 is our own reference: no one else, in any thread, can reach the event */
  if (*spare == NULL && self->capacity <= SPARE_MAX && g_atomic_int_get (&self->ref_count) == 1)
    *spare = self;
  else
    runnel_sse_event_unref (self);
}

RunnelSseEvent *
runnel_sse_event_ref (RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);

  return self;
}

void
runnel_sse_event_unref (RunnelSseEvent *self)
{
  g_return_if_fail (self != NULL);

  /* the sole owner needs no atomic decrement: no other thread can hold a reference */
  if (g_atomic_int_get (&self->ref_count) == 1 || g_atomic_int_dec_and_test (&self->ref_count))
    g_free (self);
}

const char *
runnel_sse_event_get_event_type (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
}

/* the string every "message" event's type points to */
const char *
runnel_sse_event_type_message (void)
{
  return default_type;
}

const char *
runnel_sse_event_get_data (const RunnelSseEvent *self,
                           gsize                *len)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (len != NULL)
    *len = self->data_len;

  return self->text;
}

const char *
runnel_sse_event_get_id (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->id;
}

guint64
runnel_sse_event_get_sequence (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->sequence;
}

gint64
runnel_sse_event_get_monotonic_time (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->monotonic_time;
}

gint64
runnel_sse_event_get_real_time (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->real_time;
}

gsize
runnel_sse_event_get_wire_size (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->wire_size;
}

/* "2023-11-14T22:13:20" for the second @real_time falls in; events come in bursts of the
 * same second, so each thread keeps the last one */
static const char *
format_second (gint64 real_time)
{
  static __thread gint64 cached_second = G_MININT64;
  static __thread char cached[32];
  gint64 second = real_time / G_USEC_PER_SEC - (real_time % G_USEC_PER_SEC < 0);

  if (second != cached_second)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_utc (second);
      g_autofree char *text = NULL;

      if (time == NULL)
        return NULL;

      text = g_date_time_format (time, "%Y-%m-%dT%H:%M:%S");
      g_strlcpy (cached, text, sizeof cached);
      cached_second = second;
    }

  return cached;
}

/* @value in decimal, zero-padded to @width digits; printf () is too slow per event */
static void
append_digits (GString *out,
               guint64  value,
               guint    width)
{
  char digits[24];
  char *p = digits + sizeof digits;

  do
    {
      *--p = '0' + value % 10;
      value /= 10;
    }
  while (value != 0);

  while (digits + sizeof digits - p < width)
    *--p = '0';

  g_string_append_len (out, p, digits + sizeof digits - p);
}

void
runnel_sse_event_append_json (const RunnelSseEvent *self,
                              GString              *out)
{
  const char *second;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, "{\"type\":");
  runnel_json_append_string (out, self->type, -1);
  g_string_append (out, ",\"data\":");
  runnel_json_append_string (out, self->text, self->data_len);
  g_string_append (out, ",\"id\":");
  runnel_json_append_string (out, self->id, -1);
  g_string_append (out, ",\"seq\":");
  append_digits (out, self->sequence, 0);

  /* ISO 8601 in UTC as g_date_time_format_iso8601 () writes it: µs only when not zero */
  second = format_second (self->real_time);
  if (second != NULL)
    {
      gint64 usec = self->real_time % G_USEC_PER_SEC;

      if (usec < 0)
        usec += G_USEC_PER_SEC;
      g_string_append (out, ",\"time\":\"");
      g_string_append (out, second);
      if (usec != 0)
        {
          g_string_append_c (out, '.');
          append_digits (out, usec, 6);
        }
      g_string_append (out, "Z\"");
    }

  g_string_append_c (out, '}');
}

char *
runnel_sse_event_to_json (const RunnelSseEvent *self)
{
  GString *out;

  g_return_val_if_fail (self != NULL, NULL);

  out = g_string_new (NULL);
  runnel_sse_event_append_json (self, out);

  return g_string_free (out, FALSE);
}

void
runnel_sse_event_sink_set (RunnelSseEventSink *sink,
                           RunnelSseEventFunc  func,
                           gpointer            data,
                           GDestroyNotify      destroy)
{
  g_return_if_fail (sink != NULL);

  runnel_sse_event_sink_clear (sink);
  sink->func = func;
  sink->data = data;
  sink->destroy = destroy;
}

void
runnel_sse_event_sink_clear (RunnelSseEventSink *sink)
{
  g_return_if_fail (sink != NULL);

  if (sink->destroy != NULL)
    sink->destroy (sink->data);
  sink->func = NULL;
  sink->data = NULL;
  sink->destroy = NULL;
}
