/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-log.c: a bounded, batched GListModel over stored RunnelSseEvents */

#include "config.h"

#include <string.h>

#include "runnel-event-log.h"

#define PREVIEW_MAX_CHARS 200
/* when the log is full, it drops 1/RETENTION_BATCH_DIVISOR of the retention at once */
#define RETENTION_BATCH_DIVISOR 4

/* RunnelEventItem: a row's GObject, made when the view asks for it */

struct _RunnelEventItem
{
  GObject         parent_instance;

  /* Owned */
  RunnelSseEvent *event;
  char           *preview;
};

enum {
  ITEM_PROP_0,
  ITEM_PROP_EVENT,
  ITEM_PROP_SEQUENCE,
  ITEM_PROP_EVENT_TYPE,
  ITEM_PROP_ID,
  ITEM_PROP_PREVIEW,
  ITEM_PROP_REAL_TIME,
  ITEM_PROP_SIZE,
  ITEM_N_PROPS
};

static GParamSpec *item_properties [ITEM_N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelEventItem, runnel_event_item, G_TYPE_OBJECT)

static RunnelEventItem *
runnel_event_item_new (RunnelSseEvent *event)
{
  RunnelEventItem *self = g_object_new (RUNNEL_TYPE_EVENT_ITEM, NULL);

  self->event = runnel_sse_event_ref (event);

  return self;
}

static void
runnel_event_item_finalize (GObject *object)
{
  RunnelEventItem *self = RUNNEL_EVENT_ITEM (object);

  g_clear_pointer (&self->event, runnel_sse_event_unref);
  g_clear_pointer (&self->preview, g_free);

  G_OBJECT_CLASS (runnel_event_item_parent_class)->finalize (object);
}

static void
runnel_event_item_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RunnelEventItem *self = RUNNEL_EVENT_ITEM (object);

  switch (prop_id)
    {
    case ITEM_PROP_EVENT:
      g_value_set_boxed (value, self->event);
      break;

    case ITEM_PROP_SEQUENCE:
      g_value_set_uint64 (value, runnel_sse_event_get_sequence (self->event));
      break;

    case ITEM_PROP_EVENT_TYPE:
      g_value_set_string (value, runnel_sse_event_get_event_type (self->event));
      break;

    case ITEM_PROP_ID:
      g_value_set_string (value, runnel_sse_event_get_id (self->event));
      break;

    case ITEM_PROP_PREVIEW:
      g_value_set_string (value, runnel_event_item_get_preview (self));
      break;

    case ITEM_PROP_REAL_TIME:
      g_value_set_int64 (value, runnel_sse_event_get_real_time (self->event));
      break;

    case ITEM_PROP_SIZE:
      g_value_set_uint64 (value, runnel_sse_event_get_wire_size (self->event));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_item_class_init (RunnelEventItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = runnel_event_item_finalize;
  object_class->get_property = runnel_event_item_get_property;

  item_properties[ITEM_PROP_EVENT] =
    g_param_spec_boxed ("event", NULL, NULL, RUNNEL_TYPE_SSE_EVENT, flags);
  item_properties[ITEM_PROP_SEQUENCE] =
    g_param_spec_uint64 ("sequence", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  item_properties[ITEM_PROP_EVENT_TYPE] =
    g_param_spec_string ("event-type", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_ID] =
    g_param_spec_string ("id", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_PREVIEW] =
    g_param_spec_string ("preview", NULL, NULL, NULL, flags);
  item_properties[ITEM_PROP_REAL_TIME] =
    g_param_spec_int64 ("real-time", NULL, NULL, G_MININT64, G_MAXINT64, 0, flags);
  item_properties[ITEM_PROP_SIZE] =
    g_param_spec_uint64 ("size", NULL, NULL, 0, G_MAXUINT64, 0, flags);

  g_object_class_install_properties (object_class, ITEM_N_PROPS, item_properties);
}

static void
runnel_event_item_init (RunnelEventItem *self)
{
}

RunnelSseEvent *
runnel_event_item_get_event (RunnelEventItem *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_ITEM (self), NULL);

  return self->event;
}

const char *
runnel_event_item_get_preview (RunnelEventItem *self)
{
  const char *data;
  gsize len;
  GString *out;
  guint n_chars = 0;

  g_return_val_if_fail (RUNNEL_IS_EVENT_ITEM (self), NULL);

  if (self->preview != NULL)
    return self->preview;

  data = runnel_sse_event_get_data (self->event, &len);
  out = g_string_sized_new (MIN (len, PREVIEW_MAX_CHARS * 2) + 8);

  /* the data may hold NULs (U+0000 is a character of an event's data): shown as U+2400 */
  for (const char *p = data, *end = data + len; p < end; p = g_utf8_next_char (p))
    {
      if (n_chars++ == PREVIEW_MAX_CHARS)
        {
          g_string_append (out, "…");
          break;
        }

      if (*p == '\n')
        g_string_append (out, " ⏎ ");
      else if (*p == '\0')
        g_string_append (out, "␀");
      else if ((guchar) *p < 0x20 || *p == 0x7f)
        g_string_append_c (out, ' ');
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  self->preview = g_string_free (out, FALSE);

  return self->preview;
}

/* EventRing: a growable circular buffer of event references */

typedef struct
{
  RunnelSseEvent **items;
  guint            capacity;
  guint            head;
  guint            len;
} EventRing;

static RunnelSseEvent *
event_ring_get (const EventRing *ring,
                guint            position)
{
  g_assert (position < ring->len);

  return ring->items[(ring->head + position) % ring->capacity];
}

static void
event_ring_push (EventRing      *ring,
                 RunnelSseEvent *event)
{
  if (ring->len == ring->capacity)
    {
      guint capacity = MAX (64, ring->capacity * 2);
      RunnelSseEvent **items = g_new (RunnelSseEvent *, capacity);

      for (guint i = 0; i < ring->len; i++)
        items[i] = event_ring_get (ring, i);

      g_free (ring->items);
      ring->items = items;
      ring->capacity = capacity;
      ring->head = 0;
    }

  ring->items[(ring->head + ring->len) % ring->capacity] = event;
  ring->len++;
}

/* drops the n oldest events */
static void
event_ring_drop (EventRing *ring,
                 guint      n)
{
  g_assert (n <= ring->len);

  for (guint i = 0; i < n; i++)
    runnel_sse_event_unref (event_ring_get (ring, i));

  if (ring->len > 0)
    ring->head = (ring->head + n) % ring->capacity;
  ring->len -= n;
}

/* moves every event of src to the end of dest */
static void
event_ring_move_all (EventRing *dest,
                     EventRing *src)
{
  for (guint i = 0; i < src->len; i++)
    event_ring_push (dest, event_ring_get (src, i));

  src->head = 0;
  src->len = 0;
}

static void
event_ring_clear (EventRing *ring)
{
  event_ring_drop (ring, ring->len);
  g_clear_pointer (&ring->items, g_free);
  ring->capacity = 0;
  ring->head = 0;
}

/* RunnelEventLog */

struct _RunnelEventLog
{
  GObject    parent_instance;

  /* Owned */
  EventRing  shown;    /* what the list model has published */
  EventRing  pending;  /* appended since, at most retention of them */
  GSource   *flush_source;

  guint      retention;
  guint64    n_dropped;
  gboolean   held;
};

enum {
  PROP_0,
  PROP_RETENTION,
  PROP_N_DROPPED,
  PROP_N_ITEMS,
  PROP_HELD,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelEventLog, runnel_event_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
runnel_event_log_get_item_type (GListModel *model)
{
  return RUNNEL_TYPE_EVENT_ITEM;
}

static guint
runnel_event_log_get_n_items (GListModel *model)
{
  return RUNNEL_EVENT_LOG (model)->shown.len;
}

static gpointer
runnel_event_log_get_item (GListModel *model,
                           guint       position)
{
  RunnelEventLog *self = RUNNEL_EVENT_LOG (model);

  if (position >= self->shown.len)
    return NULL;

  return runnel_event_item_new (event_ring_get (&self->shown, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = runnel_event_log_get_item_type;
  iface->get_n_items = runnel_event_log_get_n_items;
  iface->get_item = runnel_event_log_get_item;
}

static void
runnel_event_log_add_dropped (RunnelEventLog *self,
                              guint           n)
{
  if (n == 0)
    return;

  self->n_dropped += n;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
}

static void
runnel_event_log_cancel_flush (RunnelEventLog *self)
{
  if (self->flush_source != NULL)
    {
      g_source_destroy (self->flush_source);
      g_clear_pointer (&self->flush_source, g_source_unref);
    }
}

/*
 * Removes the oldest shown events so that shown + pending fit the retention. It removes a
 * quarter of the retention at once: GTK 4.8's column view takes one large removal in stride,
 * while the few events each flush adds, removed every time, made it rebind the rows around its
 * anchor on every removal under a fast stream (docs/PERFORMANCE.md, "The window under load").
 */
static void
runnel_event_log_trim_shown (RunnelEventLog *self)
{
  guint total = self->shown.len + self->pending.len;
  guint target;
  guint removed;

  if (self->retention == 0 || total <= self->retention)
    return;

  target = self->retention - self->retention / RETENTION_BATCH_DIVISOR;
  removed = MIN (total - target, self->shown.len);
  if (removed == 0)
    return;

  event_ring_drop (&self->shown, removed);
  runnel_event_log_add_dropped (self, removed);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

void
runnel_event_log_flush (RunnelEventLog *self)
{
  guint position;
  guint added;

  g_return_if_fail (RUNNEL_IS_EVENT_LOG (self));

  runnel_event_log_cancel_flush (self);

  if (self->pending.len == 0)
    return;

  runnel_event_log_trim_shown (self);

  position = self->shown.len;
  added = self->pending.len;
  event_ring_move_all (&self->shown, &self->pending);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

static gboolean
runnel_event_log_flush_cb (gpointer user_data)
{
  RunnelEventLog *self = user_data;

  /* the main context holds the source while it is dispatched */
  g_clear_pointer (&self->flush_source, g_source_unref);
  runnel_event_log_flush (self);

  return G_SOURCE_REMOVE;
}

void
runnel_event_log_append (RunnelEventLog *self,
                         RunnelSseEvent *event)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LOG (self));
  g_return_if_fail (event != NULL);

  /* pending events past the retention would be dropped at the flush anyway: drop them now,
   * so that a firehose between two frames costs no more memory than the retention */
  if (self->retention != 0 && self->pending.len == self->retention)
    {
      event_ring_drop (&self->pending, 1);
      runnel_event_log_add_dropped (self, 1);
    }

  event_ring_push (&self->pending, runnel_sse_event_ref (event));

  if (self->flush_source == NULL && !self->held)
    {
      /* default priority, like the socket that feeds us, so a busy stream cannot starve it */
      self->flush_source = g_idle_source_new ();
      g_source_set_priority (self->flush_source, G_PRIORITY_DEFAULT);
      g_source_set_static_name (self->flush_source, "[runnel] event log flush");
      g_source_set_callback (self->flush_source, runnel_event_log_flush_cb, self, NULL);
      g_source_attach (self->flush_source, g_main_context_get_thread_default ());
    }
}

void
runnel_event_log_append_func (RunnelSseEvent *event,
                              gpointer        user_data)
{
  runnel_event_log_append (RUNNEL_EVENT_LOG (user_data), event);
}

void
runnel_event_log_clear (RunnelEventLog *self)
{
  guint removed;

  g_return_if_fail (RUNNEL_IS_EVENT_LOG (self));

  runnel_event_log_cancel_flush (self);

  event_ring_drop (&self->pending, self->pending.len);

  /* what was dropped belonged to the events cleared with it */
  if (self->n_dropped > 0)
    {
      self->n_dropped = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_DROPPED]);
    }

  removed = self->shown.len;
  if (removed == 0)
    return;

  event_ring_drop (&self->shown, removed);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

guint
runnel_event_log_get_retention (RunnelEventLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (self), 0);

  return self->retention;
}

void
runnel_event_log_set_retention (RunnelEventLog *self,
                                guint           retention)
{
  guint n_shown;

  g_return_if_fail (RUNNEL_IS_EVENT_LOG (self));

  if (self->retention == retention)
    return;

  self->retention = retention;

  if (retention != 0 && self->pending.len > retention)
    {
      guint excess = self->pending.len - retention;

      event_ring_drop (&self->pending, excess);
      runnel_event_log_add_dropped (self, excess);
    }

  n_shown = self->shown.len;
  runnel_event_log_trim_shown (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_RETENTION]);
  if (n_shown != self->shown.len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

gboolean
runnel_event_log_get_held (RunnelEventLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (self), FALSE);

  return self->held;
}

void
runnel_event_log_set_held (RunnelEventLog *self,
                           gboolean        held)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LOG (self));

  held = !!held;
  if (self->held == held)
    return;

  self->held = held;
  if (held)
    runnel_event_log_cancel_flush (self);
  else
    runnel_event_log_flush (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_HELD]);
}

guint64
runnel_event_log_get_n_dropped (RunnelEventLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (self), 0);

  return self->n_dropped;
}

guint
runnel_event_log_get_n_pending (RunnelEventLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (self), 0);

  return self->pending.len;
}

RunnelSseEvent *
runnel_event_log_peek (RunnelEventLog *self,
                       guint           position)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (self), NULL);

  if (position >= self->shown.len)
    return NULL;

  return event_ring_get (&self->shown, position);
}

static void
runnel_event_log_dispose (GObject *object)
{
  RunnelEventLog *self = RUNNEL_EVENT_LOG (object);

  runnel_event_log_cancel_flush (self);

  G_OBJECT_CLASS (runnel_event_log_parent_class)->dispose (object);
}

static void
runnel_event_log_finalize (GObject *object)
{
  RunnelEventLog *self = RUNNEL_EVENT_LOG (object);

  event_ring_clear (&self->shown);
  event_ring_clear (&self->pending);

  G_OBJECT_CLASS (runnel_event_log_parent_class)->finalize (object);
}

static void
runnel_event_log_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  RunnelEventLog *self = RUNNEL_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_RETENTION:
      g_value_set_uint (value, self->retention);
      break;

    case PROP_N_DROPPED:
      g_value_set_uint64 (value, self->n_dropped);
      break;

    case PROP_N_ITEMS:
      g_value_set_uint (value, self->shown.len);
      break;

    case PROP_HELD:
      g_value_set_boolean (value, self->held);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_log_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  RunnelEventLog *self = RUNNEL_EVENT_LOG (object);

  switch (prop_id)
    {
    case PROP_RETENTION:
      runnel_event_log_set_retention (self, g_value_get_uint (value));
      break;

    case PROP_HELD:
      runnel_event_log_set_held (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_log_class_init (RunnelEventLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_event_log_dispose;
  object_class->finalize = runnel_event_log_finalize;
  object_class->get_property = runnel_event_log_get_property;
  object_class->set_property = runnel_event_log_set_property;

  properties[PROP_RETENTION] =
    g_param_spec_uint ("retention", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_DROPPED] =
    g_param_spec_uint64 ("n-dropped", NULL, NULL, 0, G_MAXUINT64, 0,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_HELD] =
    g_param_spec_boolean ("held", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
runnel_event_log_init (RunnelEventLog *self)
{
}

RunnelEventLog *
runnel_event_log_new (guint retention)
{
  return g_object_new (RUNNEL_TYPE_EVENT_LOG, "retention", retention, NULL);
}
