/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-filtered-log.c: the events of a log that the filter matches, filtered a slice at a time */

#include "config.h"

#include "runnel-filtered-log.h"

/* a slice of filtering ends after this many events or this much time, whichever comes first */
#define SLICE_MAX_EVENTS 8192
#define SLICE_MAX_US     4000
/* how often a slice looks at the clock */
#define SLICE_CLOCK_EVERY 64

/*
 * Events are named by a stamp: their index since the log was attached (the log position plus the
 * number of events the log has removed from its front since: trims, clears), modulo 2^32. Stamps
 * do not move when the log trims, so the arrays below only lose their front; and as the log holds
 * fewer than 2^32 events, a stamp minus the stamp of the log's first event is the event's position,
 * wrap-around included. Four bytes per shown event.
 */

struct _RunnelFilteredLog
{
  GObject            parent_instance;

  /* Owned */
  RunnelEventLog    *log;
  RunnelEventFilter *filter;
  GArray            *shown;       /* stamps shown; NULL: all of the log, passed through */

  /* the filtering in progress: builds next from candidates (if any), then the log from tail */
  GArray            *next;        /* stamps matched so far */
  GArray            *candidates;  /* stamps that may still match, or NULL */
  guint              candidate;   /* next one of candidates to look at */
  guint32            tail;        /* stamp of the next event to look at after the candidates */
  GSource           *slice_source;
  gboolean           refiltering; /* a new result is on its way: next, or all of the log */
  gboolean           replacing;   /* within runnel_filtered_log_show () */

  /* during a three-step change: the new result shown beside the old one, from beside_offset */
  GArray            *beside;      /* stamps, or NULL: all of the log */
  guint              beside_offset;
  guint              beside_len;
  gboolean           beside_shown;

  guint32            base;        /* stamp of the log's position 0 */
  gulong             items_changed_id;
  gulong             filter_changed_id;

  /* where the view goes when a new result replaces the old one */
  RunnelSseEvent    *wanted;
  gboolean           follow_end;
};

enum {
  PROP_0,
  PROP_PENDING,
  N_PROPS
};

enum {
  REFILTERING,
  REFILTERED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelFilteredLog, runnel_filtered_log, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

#define STAMP_AT(array, i) g_array_index ((array), guint32, (i))

/* the log position of a stamp */
#define POSITION_OF(self, stamp) ((guint32) ((stamp) - (self)->base))

static guint
runnel_filtered_log_n_log (RunnelFilteredLog *self)
{
  return g_list_model_get_n_items (G_LIST_MODEL (self->log));
}

static GType
runnel_filtered_log_get_item_type (GListModel *model)
{
  return RUNNEL_TYPE_EVENT_ITEM;
}

static guint
runnel_filtered_log_get_n_items (GListModel *model)
{
  RunnelFilteredLog *self = RUNNEL_FILTERED_LOG (model);
  guint n = self->shown != NULL ? self->shown->len : runnel_filtered_log_n_log (self);

  return self->beside_shown ? n + self->beside_len : n;
}

/* the log position of the event shown at position, whether shown is an array or the whole log,
 * and with the new result beside it */
static guint
runnel_filtered_log_shown_at (RunnelFilteredLog *self,
                              guint              position)
{
  if (self->beside_shown && position >= self->beside_offset)
    {
      guint i = position - self->beside_offset;

      if (i < self->beside_len)
        return self->beside != NULL ? POSITION_OF (self, STAMP_AT (self->beside, i)) : i;
      position -= self->beside_len;
    }

  return self->shown != NULL ? POSITION_OF (self, STAMP_AT (self->shown, position)) : position;
}

static gpointer
runnel_filtered_log_get_item (GListModel *model,
                              guint       position)
{
  RunnelFilteredLog *self = RUNNEL_FILTERED_LOG (model);

  if (position >= runnel_filtered_log_get_n_items (model))
    return NULL;

  return g_list_model_get_item (G_LIST_MODEL (self->log),
                                runnel_filtered_log_shown_at (self, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = runnel_filtered_log_get_item_type;
  iface->get_n_items = runnel_filtered_log_get_n_items;
  iface->get_item = runnel_filtered_log_get_item;
}

static gboolean
runnel_filtered_log_matches (RunnelFilteredLog *self,
                             guint              position)
{
  return runnel_event_filter_match_event (self->filter,
                                          runnel_event_log_peek (self->log, position));
}

/* removes from the front of a sorted array the stamps of the log's first @removed events (the
 * log's first event has stamp @base); returns how many */
static guint
drop_front (GArray  *array,
            guint32  base,
            guint    removed)
{
  guint lo = 0;
  guint hi = array->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if ((guint32) (STAMP_AT (array, mid) - base) < removed)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo > 0)
    g_array_remove_range (array, 0, lo);

  return lo;
}

static GArray *
stamp_array_new (guint reserved)
{
  return g_array_sized_new (FALSE, FALSE, sizeof (guint32), reserved);
}

/* Filtering */

static void
runnel_filtered_log_stop (RunnelFilteredLog *self)
{
  if (self->slice_source != NULL)
    {
      g_source_destroy (self->slice_source);
      g_clear_pointer (&self->slice_source, g_source_unref);
    }
  g_clear_pointer (&self->next, g_array_unref);
  g_clear_pointer (&self->candidates, g_array_unref);
  self->refiltering = FALSE;
}

static gboolean
runnel_filtered_log_scan_done (RunnelFilteredLog *self)
{
  return (self->candidates == NULL || self->candidate == self->candidates->len) &&
         POSITION_OF (self, self->tail) >= runnel_filtered_log_n_log (self);
}

guint
runnel_filtered_log_get_pending (RunnelFilteredLog *self)
{
  guint pending = 0;

  g_return_val_if_fail (RUNNEL_IS_FILTERED_LOG (self), 0);

  if (!self->refiltering)
    return 0;

  if (self->next != NULL)
    {
      guint n_log = runnel_filtered_log_n_log (self);

      if (self->candidates != NULL)
        pending += self->candidates->len - self->candidate;
      if (POSITION_OF (self, self->tail) < n_log)
        pending += n_log - POSITION_OF (self, self->tail);
    }

  /* a new result is pending until it is shown */
  return MAX (pending, 1);
}

static void
runnel_filtered_log_set_shown (RunnelFilteredLog *self,
                               GArray            *shown)
{
  g_clear_pointer (&self->shown, g_array_unref);
  self->shown = shown != NULL ? g_array_ref (shown) : NULL;
}

/* the event's position in an array of stamps (NULL: the whole log) */
static guint
runnel_filtered_log_find_in (RunnelFilteredLog *self,
                             GArray            *stamps,
                             RunnelSseEvent    *event)
{
  guint n = stamps != NULL ? stamps->len : runnel_filtered_log_n_log (self);

  if (event == NULL)
    return GTK_INVALID_LIST_POSITION;

  for (guint i = 0; i < n; i++)
    {
      guint position = stamps != NULL ? POSITION_OF (self, STAMP_AT (stamps, i)) : i;

      if (runnel_event_log_peek (self->log, position) == event)
        return i;
    }

  return GTK_INVALID_LIST_POSITION;
}

/*
 * Shows new (NULL: the whole log) in place of what is shown. Only the part between the longest
 * common start and end changes, and a change that only removes or only adds rows is announced
 * as it is.
 *
 * Any other change is made in three steps. GTK 4.8's list keeps widgets for about 200 rows
 * around its anchor; it destroys the widgets of removed rows and builds new ones for new rows,
 * which is slow (docs/PERFORMANCE.md, "Filtering 100,000 events"), while moving its anchor
 * reuses the widgets. So the new rows are inserted beside the old ones, "refiltering" says where
 * the view should move among them (the wanted event, else the end when following, else the
 * start), and the old rows are removed.
 * The new rows go before the old ones when that row is in their first half (the list scrolls
 * up to it and keeps the rows below it), after them otherwise, so that the rows the list keeps
 * are new ones.
 */
static void
runnel_filtered_log_show (RunnelFilteredLog *self,
                          GArray            *new)
{
  guint n_old = runnel_filtered_log_get_n_items (G_LIST_MODEL (self));
  guint n_new = new != NULL ? new->len : runnel_filtered_log_n_log (self);
  guint start = 0;
  guint end = 0;
  guint wanted;
  guint target;
  guint offset;

  while (start < n_old && start < n_new &&
         runnel_filtered_log_shown_at (self, start) ==
         (new != NULL ? POSITION_OF (self, STAMP_AT (new, start)) : start))
    start++;
  while (end < n_old - start && end < n_new - start &&
         runnel_filtered_log_shown_at (self, n_old - 1 - end) ==
         (new != NULL ? POSITION_OF (self, STAMP_AT (new, n_new - 1 - end)) : n_new - 1 - end))
    end++;

  if (start + end == n_old || start + end == n_new)
    {
      runnel_filtered_log_set_shown (self, new);
      if (n_old != n_new)
        g_list_model_items_changed (G_LIST_MODEL (self), start, n_old - start - end,
                                    n_new - start - end);
      return;
    }

  wanted = runnel_filtered_log_find_in (self, new, self->wanted);
  if (wanted != GTK_INVALID_LIST_POSITION)
    target = wanted;
  else
    target = self->follow_end ? n_new - 1 : 0;
  offset = target > n_new / 2 ? n_old : 0;

  self->beside = new;
  self->beside_offset = offset;
  self->beside_len = n_new;
  self->beside_shown = TRUE;
  g_list_model_items_changed (G_LIST_MODEL (self), offset, 0, n_new);
  g_signal_emit (self, signals[REFILTERING], 0, offset + target,
                 wanted != GTK_INVALID_LIST_POSITION ? offset + wanted : GTK_INVALID_LIST_POSITION);
  self->beside_shown = FALSE;
  self->beside = NULL;

  runnel_filtered_log_set_shown (self, new);
  g_list_model_items_changed (G_LIST_MODEL (self), offset == 0 ? n_new : 0, n_old, 0);
}

static gboolean runnel_filtered_log_slice (gpointer user_data);

static void
runnel_filtered_log_schedule (RunnelFilteredLog *self)
{
  if (self->slice_source != NULL)
    return;

  /* below the redraw priority: the window keeps drawing (and typing keeps working) meanwhile */
  self->slice_source = g_idle_source_new ();
  g_source_set_priority (self->slice_source, G_PRIORITY_DEFAULT_IDLE);
  g_source_set_static_name (self->slice_source, "[runnel] filter slice");
  g_source_set_callback (self->slice_source, runnel_filtered_log_slice, self, NULL);
  g_source_attach (self->slice_source, g_main_context_get_thread_default ());
}

static gboolean
runnel_filtered_log_slice (gpointer user_data)
{
  RunnelFilteredLog *self = user_data;
  g_autoptr(GArray) next = NULL;
  guint n_log = runnel_filtered_log_n_log (self);
  gint64 deadline = g_get_monotonic_time () + SLICE_MAX_US;
  guint n = 0;

  g_assert (self->refiltering);

  while (self->next != NULL && n < SLICE_MAX_EVENTS)
    {
      guint32 stamp;

      if (self->candidates != NULL && self->candidate < self->candidates->len)
        stamp = STAMP_AT (self->candidates, self->candidate++);
      else if (POSITION_OF (self, self->tail) < n_log)
        stamp = self->tail++;
      else
        break;

      if (runnel_filtered_log_matches (self, POSITION_OF (self, stamp)))
        g_array_append_val (self->next, stamp);

      if (++n % SLICE_CLOCK_EVERY == 0 && g_get_monotonic_time () >= deadline)
        break;
    }

  if (self->next != NULL && !runnel_filtered_log_scan_done (self))
    {
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
      return G_SOURCE_CONTINUE;
    }

  /* the main context holds the source while it is dispatched */
  g_clear_pointer (&self->slice_source, g_source_unref);
  next = g_steal_pointer (&self->next);
  runnel_filtered_log_stop (self);

  self->replacing = TRUE;
  runnel_filtered_log_show (self, next);
  self->replacing = FALSE;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
  g_signal_emit (self, signals[REFILTERED], 0);

  return G_SOURCE_REMOVE;
}

/* the new filter is looked at in the next main-loop iterations: changes made together (the
 * search, the type and "only with id") make one new result */
static void
runnel_filtered_log_filter_changed (RunnelFilteredLog *self,
                                    GtkFilterChange    change)
{
  /* a stricter filter only needs to look again at what is shown */
  gboolean stricter = change == GTK_FILTER_CHANGE_MORE_STRICT && !self->refiltering &&
                      self->shown != NULL;

  runnel_filtered_log_stop (self);
  self->refiltering = TRUE;

  if (runnel_event_filter_is_active (self->filter))
    {
      self->next = stamp_array_new (0);
      self->tail = self->base;
      if (stricter)
        {
          self->candidates = g_array_ref (self->shown);
          self->candidate = 0;
          self->tail = self->base + (guint32) runnel_filtered_log_n_log (self);
        }
    }

  runnel_filtered_log_schedule (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PENDING]);
}

/* The log changed: it only appends at its end and removes from its start */

static void
runnel_filtered_log_log_changed (RunnelFilteredLog *self,
                                 guint              position,
                                 guint              removed,
                                 guint              added,
                                 GListModel        *log)
{
  guint n_log = runnel_filtered_log_n_log (self);

  /* nothing flushes or trims the log while a new result is shown beside the old one */
  g_assert (!self->beside_shown);
  g_assert (removed == 0 || position == 0);
  g_assert (added == 0 || position + added == n_log);

  if (removed > 0)
    {
      /* the stamps are still those of the log before the removal here, from old_base */
      guint32 old_base = self->base;
      guint gone = 0;

      if (self->refiltering && self->next != NULL)
        {
          drop_front (self->next, old_base, removed);
          if ((guint32) (self->tail - old_base) < removed)
            self->tail = old_base + removed;
          if (self->candidates != NULL)
            {
              /* the candidates are shared with shown: copy before changing them */
              g_autoptr(GArray) rest = stamp_array_new (0);

              for (guint i = self->candidate; i < self->candidates->len; i++)
                if ((guint32) (STAMP_AT (self->candidates, i) - old_base) >= removed)
                  g_array_append_val (rest, STAMP_AT (self->candidates, i));
              g_array_unref (self->candidates);
              self->candidates = g_steal_pointer (&rest);
              self->candidate = 0;
            }
        }

      if (self->shown != NULL)
        gone = drop_front (self->shown, old_base, removed);
      self->base = old_base + removed;

      if (self->shown == NULL)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
      else if (gone > 0)
        g_list_model_items_changed (G_LIST_MODEL (self), 0, gone, 0);
    }

  if (added > 0)
    {
      if (self->shown == NULL)
        g_list_model_items_changed (G_LIST_MODEL (self), position, 0, added);
      else if (!self->refiltering)
        {
          /* the filter shown is the current one: look at the new events now */
          guint n_shown = self->shown->len;

          for (guint i = position; i < n_log; i++)
            {
              guint32 stamp = self->base + i;

              if (runnel_filtered_log_matches (self, i))
                g_array_append_val (self->shown, stamp);
            }
          if (self->shown->len > n_shown)
            g_list_model_items_changed (G_LIST_MODEL (self), n_shown, 0,
                                        self->shown->len - n_shown);
        }
      /* else: the filtering in progress gets to them, and shows them with its result */
    }
}

guint
runnel_filtered_log_find (RunnelFilteredLog *self,
                          RunnelSseEvent    *event)
{
  g_return_val_if_fail (RUNNEL_IS_FILTERED_LOG (self), GTK_INVALID_LIST_POSITION);
  /* "refiltering" hands its handlers the positions they need */
  g_return_val_if_fail (!self->beside_shown, GTK_INVALID_LIST_POSITION);

  return runnel_filtered_log_find_in (self, self->shown, event);
}

gboolean
runnel_filtered_log_is_replacing (RunnelFilteredLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_FILTERED_LOG (self), FALSE);

  return self->replacing;
}

RunnelSseEvent *
runnel_filtered_log_get_wanted (RunnelFilteredLog *self)
{
  g_return_val_if_fail (RUNNEL_IS_FILTERED_LOG (self), NULL);

  return self->wanted;
}

void
runnel_filtered_log_set_wanted (RunnelFilteredLog *self,
                                RunnelSseEvent    *event)
{
  g_return_if_fail (RUNNEL_IS_FILTERED_LOG (self));

  if (event == self->wanted)
    return;

  g_clear_pointer (&self->wanted, runnel_sse_event_unref);
  if (event != NULL)
    self->wanted = runnel_sse_event_ref (event);
}

void
runnel_filtered_log_set_follow_end (RunnelFilteredLog *self,
                                    gboolean           follow_end)
{
  g_return_if_fail (RUNNEL_IS_FILTERED_LOG (self));

  self->follow_end = !!follow_end;
}

static void
runnel_filtered_log_dispose (GObject *object)
{
  RunnelFilteredLog *self = RUNNEL_FILTERED_LOG (object);

  runnel_filtered_log_stop (self);
  g_clear_signal_handler (&self->items_changed_id, self->log);
  g_clear_signal_handler (&self->filter_changed_id, self->filter);
  g_clear_object (&self->log);
  g_clear_object (&self->filter);

  G_OBJECT_CLASS (runnel_filtered_log_parent_class)->dispose (object);
}

static void
runnel_filtered_log_finalize (GObject *object)
{
  RunnelFilteredLog *self = RUNNEL_FILTERED_LOG (object);

  g_clear_pointer (&self->shown, g_array_unref);
  g_clear_pointer (&self->wanted, runnel_sse_event_unref);

  G_OBJECT_CLASS (runnel_filtered_log_parent_class)->finalize (object);
}

static void
runnel_filtered_log_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RunnelFilteredLog *self = RUNNEL_FILTERED_LOG (object);

  switch (prop_id)
    {
    case PROP_PENDING:
      g_value_set_uint (value, runnel_filtered_log_get_pending (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_filtered_log_class_init (RunnelFilteredLogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_filtered_log_dispose;
  object_class->finalize = runnel_filtered_log_finalize;
  object_class->get_property = runnel_filtered_log_get_property;

  properties[PROP_PENDING] =
    g_param_spec_uint ("pending", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[REFILTERING] =
    g_signal_new ("refiltering", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_UINT);
  signals[REFILTERED] =
    g_signal_new ("refiltered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
runnel_filtered_log_init (RunnelFilteredLog *self)
{
  /* stamps start just below their wrap-around, so that it happens early in every stream (and
   * in every test with more than a few thousand events), not after four billion events */
  self->base = G_MAXUINT32 - 4095;
  self->tail = self->base;
}

RunnelFilteredLog *
runnel_filtered_log_new (RunnelEventLog    *log,
                         RunnelEventFilter *filter)
{
  RunnelFilteredLog *self;

  g_return_val_if_fail (RUNNEL_IS_EVENT_LOG (log), NULL);
  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (filter), NULL);

  self = g_object_new (RUNNEL_TYPE_FILTERED_LOG, NULL);
  self->log = g_object_ref (log);
  self->filter = g_object_ref (filter);
  self->items_changed_id =
    g_signal_connect_object (log, "items-changed",
                             G_CALLBACK (runnel_filtered_log_log_changed), self,
                             G_CONNECT_SWAPPED);
  self->filter_changed_id =
    g_signal_connect_object (filter, "changed",
                             G_CALLBACK (runnel_filtered_log_filter_changed), self,
                             G_CONNECT_SWAPPED);

  if (runnel_event_filter_is_active (filter))
    runnel_filtered_log_filter_changed (self, GTK_FILTER_CHANGE_DIFFERENT);

  return self;
}
