/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-event.c: one dispatched Server-Sent Event in a single allocation */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

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
  char         text[];     /* data NUL [type NUL] [id NUL] */
};

static const char default_type[] = "message";
static const char empty_id[] = "";

G_DEFINE_BOXED_TYPE (RunnelSseEvent, runnel_sse_event, runnel_sse_event_ref, runnel_sse_event_unref)

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
  RunnelSseEvent *self;
  gboolean own_type;
  gsize size;
  char *p;

  g_return_val_if_fail (data != NULL || data_len == 0, NULL);
  g_return_val_if_fail (data_len <= G_MAXUINT32, NULL);

  if (type == NULL)
    type_len = 0;
  if (id == NULL)
    id_len = 0;

  own_type = type_len > 0 &&
             !(type_len == sizeof default_type - 1 && memcmp (type, default_type, type_len) == 0);

  size = sizeof *self + data_len + 1;
  if (own_type)
    size += type_len + 1;
  if (id_len > 0)
    size += id_len + 1;

  self = g_malloc (size);
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

  if (g_atomic_int_dec_and_test (&self->ref_count))
    g_free (self);
}

const char *
runnel_sse_event_get_event_type (const RunnelSseEvent *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->type;
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

/* JSON string escaping by json-glib's generator, which handles every control character */
static void
append_json_string (GString    *out,
                    const char *str)
{
  g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), str);
  g_autofree char *text = json_to_string (node, FALSE);

  g_string_append (out, text);
}

void
runnel_sse_event_append_json (const RunnelSseEvent *self,
                              GString              *out)
{
  g_autoptr(GDateTime) seconds = NULL;
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *iso = NULL;

  g_return_if_fail (self != NULL);
  g_return_if_fail (out != NULL);

  g_string_append (out, "{\"type\":");
  append_json_string (out, self->type);
  g_string_append (out, ",\"data\":");
  append_json_string (out, self->text);
  g_string_append (out, ",\"id\":");
  append_json_string (out, self->id);
  g_string_append_printf (out, ",\"seq\":%" G_GUINT64_FORMAT, self->sequence);

  /* g_date_time_new_from_unix_utc_usec () needs GLib 2.80 */
  seconds = g_date_time_new_from_unix_utc (self->real_time / G_USEC_PER_SEC);
  if (seconds != NULL)
    time = g_date_time_add (seconds, self->real_time % G_USEC_PER_SEC);
  if (time != NULL)
    {
      iso = g_date_time_format_iso8601 (time);
      g_string_append (out, ",\"time\":");
      append_json_string (out, iso);
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
