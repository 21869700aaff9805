/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timing.c: a stream's health in time: first byte, first content, gaps, stalls, bursts */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "runnel-json.h"
#include "runnel-timing.h"

/*
 * The gaps' histogram: values below 256 µs exactly, above in 128 buckets per power of two (a
 * bucket is at most 1/128 of its value wide), up to 2^41 µs (25 days); longer gaps count there.
 */
#define HIST_EXACT     256
#define HIST_SUB       128
#define HIST_MAX_EXP   40
#define HIST_N_BUCKETS (HIST_EXACT + (HIST_MAX_EXP - 8 + 1) * HIST_SUB)

/* the events over time for a timeline: buckets of 1 ms, twice as wide whenever they run out */
#define SERIES_MAX         4096
#define SERIES_FIRST_WIDTH 1000

typedef struct
{
  gint64   start;                                  /* monotonic µs of its request */
  gint64   milestones[RUNNEL_TIMING_N_MILESTONES]; /* monotonic µs, -1 until it happens */
  gint64   last_event;                             /* -1 before the first */
  guint    status;
  gboolean open;
} Connection;

struct _RunnelTiming
{
  GObject              parent_instance;

  /* Settings */
  RunnelTimingClock    clock;
  gpointer             clock_data;
  gint64               stall_threshold;
  GStrv                heartbeat_types;      /* NULL when none */
  RunnelJsonExtractor *content_extractor;    /* NULL: any event with data */
  guint                burst_min_events;
  gint64               burst_window;
  gint64               burst_wait;

  /* The session */
  gint64               start;                /* the first connection's start; -1 before */
  guint64              n_connections;
  Connection           current;
  Connection           kept;                 /* the primary, once current moved on */
  Connection          *primary;              /* &current, &kept or NULL */
  guint64              heartbeats;           /* since the last event of this connection */

  guint64              n_events;
  guint64             *histogram;            /* HIST_N_BUCKETS, allocated at the first gap */
  guint64              n_gaps;
  gint64               min_gap;
  gint64               max_gap;
  gint64               max_gap_at;
  guint64              max_gap_seq;

  GArray              *stalls;               /* RunnelTimingStall, the last MAX_KEPT */
  guint64              n_stalls;
  guint64              n_heartbeat_stalls;
  GArray              *bursts;               /* RunnelTimingBurst, the last MAX_KEPT */
  guint64              n_bursts;
  /* the events that may become a burst: since @burst_first, after @burst_silence */
  gint64               burst_first;
  gint64               burst_silence;
  gint64               burst_last;
  guint                burst_n;              /* 0 when none is forming */

  RunnelTimingHints    hints;
  char                *content_encoding;     /* for the words of the hint */

  guint32             *series;               /* SERIES_MAX, allocated at the first event */
  guint                series_len;
  gint64               series_width;         /* µs per bucket */
  gint64               series_at;            /* the last event's time and bucket: the events */
  guint                series_index;         /* of one read share them (valid with series) */
};

G_DEFINE_FINAL_TYPE (RunnelTiming, runnel_timing, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static void
connection_clear (Connection *connection)
{
  connection->start = -1;
  for (guint i = 0; i < RUNNEL_TIMING_N_MILESTONES; i++)
    connection->milestones[i] = -1;
  connection->last_event = -1;
  connection->status = 0;
  connection->open = FALSE;
}

static void
runnel_timing_finalize (GObject *object)
{
  RunnelTiming *self = RUNNEL_TIMING (object);

  g_clear_pointer (&self->heartbeat_types, g_strfreev);
  g_clear_object (&self->content_extractor);
  g_clear_pointer (&self->histogram, g_free);
  g_clear_pointer (&self->stalls, g_array_unref);
  g_clear_pointer (&self->bursts, g_array_unref);
  g_clear_pointer (&self->content_encoding, g_free);
  g_clear_pointer (&self->series, g_free);

  G_OBJECT_CLASS (runnel_timing_parent_class)->finalize (object);
}

static void
runnel_timing_class_init (RunnelTimingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_timing_finalize;

  signals [CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                    0, NULL, NULL, NULL, G_TYPE_NONE, 0);
}

static void
runnel_timing_init (RunnelTiming *self)
{
  self->clock = default_clock;
  self->stall_threshold = RUNNEL_TIMING_DEFAULT_STALL_USEC;
  self->burst_min_events = RUNNEL_TIMING_DEFAULT_BURST_EVENTS;
  self->burst_window = RUNNEL_TIMING_DEFAULT_BURST_WINDOW_USEC;
  self->burst_wait = RUNNEL_TIMING_DEFAULT_BURST_WAIT_USEC;
  self->stalls = g_array_new (FALSE, FALSE, sizeof (RunnelTimingStall));
  self->bursts = g_array_new (FALSE, FALSE, sizeof (RunnelTimingBurst));
  runnel_timing_reset (self);
}

RunnelTiming *
runnel_timing_new (void)
{
  return g_object_new (RUNNEL_TYPE_TIMING, NULL);
}

/**
 * runnel_timing_set_clock:
 * @clock: (nullable): returns monotonic µs; NULL for g_get_monotonic_time ()
 */
void
runnel_timing_set_clock (RunnelTiming      *self,
                         RunnelTimingClock  clock,
                         gpointer           user_data)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = user_data;
}

gint64
runnel_timing_now (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->clock (self->clock_data);
}

/* Settings */

void
runnel_timing_set_stall_threshold (RunnelTiming *self,
                                   gint64        usec)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (usec > 0);

  self->stall_threshold = usec;
}

gint64
runnel_timing_get_stall_threshold (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->stall_threshold;
}

void
runnel_timing_set_heartbeat_types (RunnelTiming       *self,
                                   const char * const *types)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  g_clear_pointer (&self->heartbeat_types, g_strfreev);
  if (types != NULL && types[0] != NULL)
    self->heartbeat_types = g_strdupv ((char **) types);
}

void
runnel_timing_set_content_extractor (RunnelTiming        *self,
                                     RunnelJsonExtractor *extractor)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (extractor == NULL || RUNNEL_IS_JSON_EXTRACTOR (extractor));

  g_set_object (&self->content_extractor, extractor);
}

void
runnel_timing_set_burst_rule (RunnelTiming *self,
                              guint         min_events,
                              gint64        window_usec,
                              gint64        wait_usec)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (min_events >= 2);
  g_return_if_fail (window_usec >= 0 && wait_usec > 0);

  self->burst_min_events = min_events;
  self->burst_window = window_usec;
  self->burst_wait = wait_usec;
}

/* Feeding */

void
runnel_timing_reset (RunnelTiming *self)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  self->start = -1;
  self->n_connections = 0;
  connection_clear (&self->current);
  connection_clear (&self->kept);
  self->primary = NULL;
  self->heartbeats = 0;
  self->n_events = 0;
  g_clear_pointer (&self->histogram, g_free);
  self->n_gaps = 0;
  self->min_gap = 0;
  self->max_gap = 0;
  self->max_gap_at = 0;
  self->max_gap_seq = 0;
  g_array_set_size (self->stalls, 0);
  self->n_stalls = 0;
  self->n_heartbeat_stalls = 0;
  g_array_set_size (self->bursts, 0);
  self->n_bursts = 0;
  self->burst_n = 0;
  self->hints = RUNNEL_TIMING_HINT_NONE;
  g_clear_pointer (&self->content_encoding, g_free);
  g_clear_pointer (&self->series, g_free);
  self->series_len = 0;
  self->series_width = SERIES_FIRST_WIDTH;
}

static void
start_connection_at (RunnelTiming *self,
                     gint64        now)
{
  /* the primary connection's figures stay when the next one starts */
  if (self->primary == &self->current)
    {
      self->kept = self->current;
      self->primary = &self->kept;
    }

  connection_clear (&self->current);
  self->current.start = now;
  self->current.open = TRUE;
  self->heartbeats = 0;
  self->burst_n = 0;
  self->n_connections++;

  if (self->start < 0)
    self->start = now;
}

void
runnel_timing_connection_started (RunnelTiming *self)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  runnel_timing_connection_ended (self);
  start_connection_at (self, runnel_timing_now (self));
}

/* the time from which silence counts: the last event, else the response, else the request */
static gint64
silence_from (const Connection *connection)
{
  if (connection->last_event >= 0)
    return connection->last_event;
  if (connection->milestones[RUNNEL_TIMING_HEADERS] >= 0)
    return connection->milestones[RUNNEL_TIMING_HEADERS];
  return connection->start;
}

static void
add_kept (GArray        *array,
          gconstpointer  item)
{
  if (array->len >= RUNNEL_TIMING_MAX_KEPT)
    g_array_remove_index (array, 0);
  g_array_append_vals (array, item, 1);
}

/* a silence of the current connection ended at @end: a stall when it lasted past the threshold
 * (only once the server answered or sent an event: a slow connection is no stall) */
static void
end_silence (RunnelTiming *self,
             gint64        end)
{
  gint64 from = silence_from (&self->current);
  RunnelTimingStall stall;

  if ((self->current.milestones[RUNNEL_TIMING_HEADERS] < 0 && self->current.last_event < 0) ||
      end - from <= self->stall_threshold)
    return;

  stall.start = from - self->start;
  stall.duration = end - from;
  stall.n_heartbeats = self->heartbeats;
  add_kept (self->stalls, &stall);
  self->n_stalls++;
  if (self->heartbeats > 0)
    self->n_heartbeat_stalls++;

  g_signal_emit (self, signals [CHANGED], 0);
}

void
runnel_timing_connection_ended (RunnelTiming *self)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  if (!self->current.open)
    return;

  end_silence (self, runnel_timing_now (self));
  self->current.open = FALSE;
}

static gboolean
is_token_in (SoupMessageHeaders *headers,
             const char         *name,
             const char         *token)
{
  const char *list = soup_message_headers_get_list (headers, name);

  return list != NULL && soup_header_contains (list, token);
}

static RunnelTimingHints
response_hints (RunnelTiming       *self,
                SoupMessageHeaders *headers,
                SoupHTTPVersion     version)
{
  RunnelTimingHints hints = RUNNEL_TIMING_HINT_NONE;
  const char *encoding = soup_message_headers_get_list (headers, "Content-Encoding");

  if (encoding != NULL && *encoding != '\0' && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      hints |= RUNNEL_TIMING_HINT_CONTENT_ENCODING;
      g_free (self->content_encoding);
      self->content_encoding = g_strdup (encoding);
    }

  /* HTTP/2 frames its bodies: only HTTP/1 can end one by closing the connection */
  if (version == SOUP_HTTP_1_0 ||
      (version == SOUP_HTTP_1_1 &&
       soup_message_headers_get_encoding (headers) == SOUP_ENCODING_EOF))
    hints |= RUNNEL_TIMING_HINT_CLOSE_DELIMITED;

  if (!is_token_in (headers, "Cache-Control", "no-cache") &&
      !is_token_in (headers, "Cache-Control", "no-store"))
    hints |= RUNNEL_TIMING_HINT_NO_CACHE_CONTROL;

  return hints;
}

void
runnel_timing_response (RunnelTiming       *self,
                        guint               status,
                        SoupMessageHeaders *headers,
                        SoupHTTPVersion     version)
{
  gint64 now;

  g_return_if_fail (RUNNEL_IS_TIMING (self));

  now = runnel_timing_now (self);
  if (!self->current.open)
    start_connection_at (self, now);

  self->current.milestones[RUNNEL_TIMING_HEADERS] = now;
  self->current.status = status;

  /* the first connection answered, or the first to answer 2xx after others did not */
  if (self->primary == NULL ||
      (!SOUP_STATUS_IS_SUCCESSFUL (self->primary->status) && SOUP_STATUS_IS_SUCCESSFUL (status)))
    self->primary = &self->current;

  if (headers != NULL && SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      RunnelTimingHints hints = response_hints (self, headers, version);

      if ((self->hints | hints) != self->hints)
        {
          self->hints |= hints;
          g_signal_emit (self, signals [CHANGED], 0);
        }
    }
}

void
runnel_timing_bytes (RunnelTiming *self,
                     gsize         n_bytes)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  if (n_bytes == 0)
    return;

  if (!self->current.open)
    start_connection_at (self, runnel_timing_now (self));
  if (self->current.milestones[RUNNEL_TIMING_FIRST_BYTE] < 0)
    self->current.milestones[RUNNEL_TIMING_FIRST_BYTE] = runnel_timing_now (self);
}

void
runnel_timing_comment (RunnelTiming *self)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));

  if (self->current.open)
    self->heartbeats++;
}

static guint
histogram_index (gint64 value)
{
  guint exp;

  if (value < HIST_EXACT)
    return (guint) MAX (value, 0);

  value = MIN (value, (G_GINT64_CONSTANT (1) << (HIST_MAX_EXP + 1)) - 1);
  exp = 63 - __builtin_clzll ((guint64) value);

  return HIST_EXACT + (exp - 8) * HIST_SUB + (guint) ((value >> (exp - 7)) - HIST_SUB);
}

/* the middle of bucket @index */
static gint64
histogram_value (guint index)
{
  guint exp;
  gint64 mantissa;

  if (index < HIST_EXACT)
    return index;

  exp = 8 + (index - HIST_EXACT) / HIST_SUB;
  mantissa = HIST_SUB + (index - HIST_EXACT) % HIST_SUB;

  return (mantissa << (exp - 7)) + ((G_GINT64_CONSTANT (1) << (exp - 7)) / 2);
}

static void
add_gap (RunnelTiming         *self,
         gint64                gap,
         gint64                at,
         const RunnelSseEvent *event)
{
  if (self->histogram == NULL)
    self->histogram = g_new0 (guint64, HIST_N_BUCKETS);

  self->histogram[histogram_index (gap)]++;

  if (self->n_gaps == 0 || gap < self->min_gap)
    self->min_gap = gap;
  if (self->n_gaps == 0 || gap > self->max_gap)
    {
      self->max_gap = gap;
      self->max_gap_at = at - self->start;
      self->max_gap_seq = runnel_sse_event_get_sequence (event);
    }
  self->n_gaps++;
}

/* nearest rank: the least gap that @percent % of the gaps do not exceed */
static gint64
percentile (RunnelTiming *self,
            guint         percent)
{
  guint64 rank = MAX ((self->n_gaps * percent + 99) / 100, 1);
  guint64 seen = 0;

  for (guint i = 0; i < HIST_N_BUCKETS; i++)
    {
      seen += self->histogram[i];
      if (seen >= rank)
        return CLAMP (histogram_value (i), self->min_gap, self->max_gap);
    }

  return self->max_gap;
}

static void
add_to_series (RunnelTiming *self,
               gint64        at)
{
  gint64 offset;
  guint64 index;

  if (G_LIKELY (self->series != NULL && at == self->series_at))
    {
      if (self->series[self->series_index] < G_MAXUINT32)
        self->series[self->series_index]++;
      return;
    }

  offset = MAX (at - self->start, 0);
  if (self->series == NULL)
    self->series = g_new0 (guint32, SERIES_MAX);

  while ((index = (guint64) (offset / self->series_width)) >= SERIES_MAX)
    {
      for (guint i = 0; i < SERIES_MAX / 2; i++)
        self->series[i] = self->series[2 * i] + self->series[2 * i + 1];
      memset (self->series + SERIES_MAX / 2, 0, SERIES_MAX / 2 * sizeof (guint32));
      self->series_len = (self->series_len + 1) / 2;
      self->series_width *= 2;
    }

  if (self->series[index] < G_MAXUINT32)
    self->series[index]++;
  self->series_len = MAX (self->series_len, (guint) index + 1);
  self->series_at = at;
  self->series_index = (guint) index;
}

static gboolean
is_heartbeat (RunnelTiming         *self,
              const RunnelSseEvent *event)
{
  return self->heartbeat_types != NULL &&
         g_strv_contains ((const char * const *) self->heartbeat_types,
                          runnel_sse_event_get_event_type (event));
}

static gboolean
is_content (RunnelTiming         *self,
            const RunnelSseEvent *event)
{
  g_autofree char *value = NULL;

  if (self->content_extractor == NULL)
    return *runnel_sse_event_get_data (event, NULL) != '\0';

  value = runnel_json_extractor_extract_event (self->content_extractor, event);
  return value != NULL && *value != '\0';
}

/* events within the window of the first after a long silence: a burst once there are enough */
static void
follow_burst (RunnelTiming *self,
              gint64        at,
              gint64        silence)
{
  RunnelTimingBurst *burst;

  if (self->burst_n > 0 && at - self->burst_first <= self->burst_window)
    {
      self->burst_n++;
      self->burst_last = at;
    }
  else if (silence >= self->burst_wait)
    {
      self->burst_n = 1;
      self->burst_first = self->burst_last = at;
      self->burst_silence = silence;
      return;
    }
  else
    {
      self->burst_n = 0;
      return;
    }

  if (self->burst_n == self->burst_min_events)
    {
      RunnelTimingBurst found = { self->burst_first - self->start, self->burst_silence, 0, 0 };

      add_kept (self->bursts, &found);
      self->n_bursts++;
    }

  if (self->burst_n >= self->burst_min_events)
    {
      burst = &g_array_index (self->bursts, RunnelTimingBurst, self->bursts->len - 1);
      burst->n_events = self->burst_n;
      burst->span = self->burst_last - self->burst_first;
      if (self->burst_n == self->burst_min_events)
        g_signal_emit (self, signals [CHANGED], 0);
    }
}

/*
 * The events of one read share their arrival time. After the first of them, another one with
 * the same time (outside a burst, without heartbeat types, once content has come) adds a gap of
 * 0, which ends no silence and starts no burst: the general path's figures, without its work.
 */
static inline gboolean
record_same_time (RunnelTiming *self,
                  gint64        at)
{
  if (at != self->current.last_event || !self->current.open || self->n_gaps == 0 ||
      self->burst_n != 0 || self->heartbeat_types != NULL ||
      self->current.milestones[RUNNEL_TIMING_FIRST_CONTENT] < 0)
    return FALSE;

  self->n_events++;
  add_to_series (self, at);
  /* gaps are never negative, so 0 is the smallest and the largest stays */
  self->histogram[histogram_index (0)]++;
  self->min_gap = 0;
  self->n_gaps++;
  self->heartbeats = 0;

  return TRUE;
}

static void
record_event (RunnelTiming         *self,
              const RunnelSseEvent *event,
              gint64                at)
{
  gint64 from;

  if (record_same_time (self, at))
    return;

  if (!self->current.open)
    start_connection_at (self, at);

  if (is_heartbeat (self, event))
    {
      self->heartbeats++;
      return;
    }

  self->n_events++;
  add_to_series (self, at);

  if (self->current.milestones[RUNNEL_TIMING_FIRST_EVENT] < 0)
    self->current.milestones[RUNNEL_TIMING_FIRST_EVENT] = at;
  if (self->current.milestones[RUNNEL_TIMING_FIRST_CONTENT] < 0 && is_content (self, event))
    self->current.milestones[RUNNEL_TIMING_FIRST_CONTENT] = at;

  /* captures may hold events out of order: time does not run backwards here */
  from = silence_from (&self->current);
  at = MAX (at, from);

  if (self->current.last_event >= 0)
    add_gap (self, at - self->current.last_event, at, event);

  end_silence (self, at);
  follow_burst (self, at, at - from);

  self->current.last_event = at;
  self->heartbeats = 0;
}

void
runnel_timing_event (RunnelTiming         *self,
                     const RunnelSseEvent *event)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (event != NULL);

  record_event (self, event, runnel_sse_event_get_monotonic_time (event));
}

void
runnel_timing_event_at (RunnelTiming         *self,
                        const RunnelSseEvent *event,
                        gint64                at)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (event != NULL);

  record_event (self, event, at);
}

/* Figures */

gint64
runnel_timing_get_start (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return MAX (self->start, 0);
}

gint64
runnel_timing_get_milestone (RunnelTiming          *self,
                             RunnelTimingMilestone  milestone)
{
  const Connection *connection;

  g_return_val_if_fail (RUNNEL_IS_TIMING (self), -1);
  g_return_val_if_fail (milestone < RUNNEL_TIMING_N_MILESTONES, -1);

  /* before any response: the connection under way (a capture has no response) */
  connection = self->primary != NULL ? self->primary : &self->current;
  if (connection->start < 0 || connection->milestones[milestone] < 0)
    return -1;

  return connection->milestones[milestone] - connection->start;
}

guint64
runnel_timing_get_n_events (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->n_events;
}

void
runnel_timing_get_gaps (RunnelTiming     *self,
                        RunnelTimingGaps *gaps)
{
  g_return_if_fail (RUNNEL_IS_TIMING (self));
  g_return_if_fail (gaps != NULL);

  memset (gaps, 0, sizeof *gaps);
  gaps->n = self->n_gaps;
  if (self->n_gaps == 0)
    return;

  gaps->p50 = percentile (self, 50);
  gaps->p90 = percentile (self, 90);
  gaps->p99 = percentile (self, 99);
  gaps->max = self->max_gap;
  gaps->max_at = self->max_gap_at;
  gaps->max_seq = self->max_gap_seq;
}

guint64
runnel_timing_get_n_stalls (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->n_stalls;
}

guint64
runnel_timing_get_n_heartbeat_stalls (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->n_heartbeat_stalls;
}

const RunnelTimingStall *
runnel_timing_get_stalls (RunnelTiming *self,
                          guint        *n_stalls)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), NULL);
  g_return_val_if_fail (n_stalls != NULL, NULL);

  *n_stalls = self->stalls->len;
  return (const RunnelTimingStall *) (gpointer) self->stalls->data;
}

guint64
runnel_timing_get_n_bursts (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  return self->n_bursts;
}

const RunnelTimingBurst *
runnel_timing_get_bursts (RunnelTiming *self,
                          guint        *n_bursts)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), NULL);
  g_return_val_if_fail (n_bursts != NULL, NULL);

  *n_bursts = self->bursts->len;
  return (const RunnelTimingBurst *) (gpointer) self->bursts->data;
}

/**
 * runnel_timing_get_series:
 * @n_buckets: (out): how many buckets there are
 * @bucket_usec: (out): the width of each, in µs
 *
 * Returns: (array length=n_buckets) (nullable): the events (heartbeats left out) counted in
 *   buckets of time from the start, for a timeline; NULL before the first event
 */
const guint32 *
runnel_timing_get_series (RunnelTiming *self,
                          guint        *n_buckets,
                          gint64       *bucket_usec)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), NULL);
  g_return_val_if_fail (n_buckets != NULL && bucket_usec != NULL, NULL);

  *n_buckets = self->series_len;
  *bucket_usec = self->series_width;
  return self->series;
}

RunnelTimingHints
runnel_timing_get_hints (RunnelTiming *self)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), RUNNEL_TIMING_HINT_NONE);

  return self->hints;
}

gint64
runnel_timing_get_silence (RunnelTiming *self,
                           guint64      *n_heartbeats)
{
  g_return_val_if_fail (RUNNEL_IS_TIMING (self), 0);

  if (n_heartbeats != NULL)
    *n_heartbeats = self->current.open ? self->heartbeats : 0;
  if (!self->current.open || self->current.milestones[RUNNEL_TIMING_HEADERS] < 0)
    return 0;

  return MAX (runnel_timing_now (self) - silence_from (&self->current), 0);
}

/* Words */

/**
 * runnel_timing_format_duration:
 *
 * Returns: (transfer full): @usec for people: "0.4 ms", "12 ms", "1.2 s", "33 s" (translated)
 */
char *
runnel_timing_format_duration (gint64 usec)
{
  if (usec >= 10 * G_USEC_PER_SEC)
    return g_strdup_printf (_("%.0f s"), usec / (double) G_USEC_PER_SEC);
  if (usec >= G_USEC_PER_SEC)
    return g_strdup_printf (_("%.1f s"), usec / (double) G_USEC_PER_SEC);
  if (usec >= 10 * 1000)
    return g_strdup_printf (_("%.0f ms"), usec / 1000.0);
  return g_strdup_printf (_("%.1f ms"), usec / 1000.0);
}

static const RunnelTimingBurst *
largest_burst (RunnelTiming *self)
{
  const RunnelTimingBurst *largest = NULL;

  for (guint i = 0; i < self->bursts->len; i++)
    {
      const RunnelTimingBurst *burst = &g_array_index (self->bursts, RunnelTimingBurst, i);

      if (largest == NULL || burst->n_events > largest->n_events)
        largest = burst;
    }

  return largest;
}

static const RunnelTimingStall *
longest_stall (RunnelTiming *self)
{
  const RunnelTimingStall *longest = NULL;

  for (guint i = 0; i < self->stalls->len; i++)
    {
      const RunnelTimingStall *stall = &g_array_index (self->stalls, RunnelTimingStall, i);

      if (longest == NULL || stall->duration > longest->duration)
        longest = stall;
    }

  return longest;
}

GPtrArray *
runnel_timing_describe (RunnelTiming *self)
{
  GPtrArray *notes = g_ptr_array_new_with_free_func (g_free);
  const RunnelTimingBurst *burst;
  const RunnelTimingStall *stall;

  g_return_val_if_fail (RUNNEL_IS_TIMING (self), notes);

  if ((burst = largest_burst (self)) != NULL)
    {
      g_autofree char *span = runnel_timing_format_duration (burst->span);
      g_autofree char *wait = runnel_timing_format_duration (burst->wait);
      g_autofree char *at = runnel_timing_format_duration (burst->start);

      g_ptr_array_add (notes,
                       g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                     "Buffered delivery: %u events arrived within "
                                                     "%s at %s, after %s of silence. Something "
                                                     "between the server and Runnel (a proxy, or "
                                                     "compression without flushing) holds the "
                                                     "stream back (%" PRIu64
                                                     " burst in all).",
                                                     "Buffered delivery: %u events arrived within "
                                                     "%s at %s, after %s of silence. Something "
                                                     "between the server and Runnel (a proxy, or "
                                                     "compression without flushing) holds the "
                                                     "stream back (%" PRIu64
                                                     " bursts in all).",
                                                     self->n_bursts),
                                        burst->n_events, span, at, wait, self->n_bursts));
    }

  if ((stall = longest_stall (self)) != NULL)
    {
      g_autofree char *duration = runnel_timing_format_duration (stall->duration);
      g_autofree char *at = runnel_timing_format_duration (stall->start);

      if (stall->n_heartbeats > 0)
        g_ptr_array_add (notes,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "Only heartbeats for %s from %s: the "
                                                       "connection was kept alive, but no event "
                                                       "came (%" PRIu64
                                                       " stall in all).",
                                                       "Only heartbeats for %s from %s: the "
                                                       "connection was kept alive, but no event "
                                                       "came (%" PRIu64
                                                       " stalls in all).",
                                                       self->n_stalls),
                                          duration, at, self->n_stalls));
      else
        g_ptr_array_add (notes,
                         g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                       "The stream stalled: nothing for %s from "
                                                       "%s (%" PRIu64 " stall in all).",
                                                       "The stream stalled: nothing for %s from "
                                                       "%s (%" PRIu64 " stalls in all).",
                                                       self->n_stalls),
                                          duration, at, self->n_stalls));
    }

  if (self->hints & RUNNEL_TIMING_HINT_CONTENT_ENCODING)
    g_ptr_array_add (notes,
                     g_strdup_printf (_("The stream is compressed (Content-Encoding: %s): unless "
                                        "the server flushes its compressor after every event, "
                                        "events wait in its buffer and arrive in bursts."),
                                      self->content_encoding));
  if (self->hints & RUNNEL_TIMING_HINT_CLOSE_DELIMITED)
    g_ptr_array_add (notes,
                     g_strdup (_("The body ends only when the connection closes (HTTP/1.0, or "
                                 "neither chunked nor of a known length): a proxy may take the "
                                 "stream for a download and buffer it.")));
  if (self->hints & RUNNEL_TIMING_HINT_NO_CACHE_CONTROL)
    g_ptr_array_add (notes,
                     g_strdup (_("The server did not send “Cache-Control: no-cache”: a cache "
                                 "or proxy on the way may hold the stream back.")));

  return notes;
}

/* JSON */

static void
append_ms (GString *out,
           gint64   usec)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  if (usec < 0)
    {
      g_string_append (out, "null");
      return;
    }

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.1f", usec / 1000.0));
}

void
runnel_timing_append_json (RunnelTiming *self,
                           GString      *out)
{
  static const char * const milestone_names[] = {
    "headers_ms", "first_byte_ms", "first_event_ms", "first_content_ms",
  };
  static const struct { RunnelTimingHints hint; const char *name; } hint_names[] = {
    { RUNNEL_TIMING_HINT_CONTENT_ENCODING, "content-encoding" },
    { RUNNEL_TIMING_HINT_CLOSE_DELIMITED, "close-delimited" },
    { RUNNEL_TIMING_HINT_NO_CACHE_CONTROL, "no-cache-control" },
  };
  g_autoptr(GPtrArray) notes = NULL;
  const RunnelTimingBurst *burst;
  const RunnelTimingStall *stall;
  RunnelTimingGaps gaps;
  gboolean first = TRUE;

  g_return_if_fail (RUNNEL_IS_TIMING (self));

  G_STATIC_ASSERT (G_N_ELEMENTS (milestone_names) == RUNNEL_TIMING_N_MILESTONES);

  g_string_append_c (out, '{');
  for (guint i = 0; i < RUNNEL_TIMING_N_MILESTONES; i++)
    {
      g_string_append_printf (out, "\"%s\":", milestone_names[i]);
      append_ms (out, runnel_timing_get_milestone (self, i));
      g_string_append_c (out, ',');
    }

  runnel_timing_get_gaps (self, &gaps);
  g_string_append (out, "\"gap_ms\":");
  if (gaps.n == 0)
    g_string_append (out, "null");
  else
    {
      g_string_append (out, "{\"p50\":");
      append_ms (out, gaps.p50);
      g_string_append (out, ",\"p90\":");
      append_ms (out, gaps.p90);
      g_string_append (out, ",\"p99\":");
      append_ms (out, gaps.p99);
      g_string_append (out, ",\"max\":");
      append_ms (out, gaps.max);
      g_string_append (out, ",\"max_at_ms\":");
      append_ms (out, gaps.max_at);
      g_string_append_printf (out, ",\"max_seq\":%" G_GUINT64_FORMAT "}", gaps.max_seq);
    }

  g_string_append_printf (out, ",\"stalls\":%" G_GUINT64_FORMAT ",\"heartbeat_stalls\":%"
                          G_GUINT64_FORMAT ",\"longest_stall_ms\":",
                          self->n_stalls, self->n_heartbeat_stalls);
  stall = longest_stall (self);
  append_ms (out, stall != NULL ? stall->duration : -1);

  g_string_append_printf (out, ",\"bursts\":%" G_GUINT64_FORMAT ",\"largest_burst\":",
                          self->n_bursts);
  if ((burst = largest_burst (self)) != NULL)
    {
      g_string_append_printf (out, "{\"events\":%u,\"wait_ms\":", burst->n_events);
      append_ms (out, burst->wait);
      g_string_append (out, ",\"span_ms\":");
      append_ms (out, burst->span);
      g_string_append (out, ",\"at_ms\":");
      append_ms (out, burst->start);
      g_string_append_c (out, '}');
    }
  else
    g_string_append (out, "null");

  g_string_append_printf (out, ",\"connections\":%" G_GUINT64_FORMAT ",\"hints\":[",
                          self->n_connections);
  for (guint i = 0; i < G_N_ELEMENTS (hint_names); i++)
    {
      if (!(self->hints & hint_names[i].hint))
        continue;
      if (!first)
        g_string_append_c (out, ',');
      g_string_append_printf (out, "\"%s\"", hint_names[i].name);
      first = FALSE;
    }

  g_string_append (out, "],\"notes\":[");
  notes = runnel_timing_describe (self);
  for (guint i = 0; i < notes->len; i++)
    {
      if (i > 0)
        g_string_append_c (out, ',');
      runnel_json_append_string (out, g_ptr_array_index (notes, i), -1);
    }
  g_string_append (out, "]}");
}
