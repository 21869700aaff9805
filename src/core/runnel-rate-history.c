/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-rate-history.c: events per second over the last minutes, for the status area's plot */

#include "config.h"

#include <string.h>

#include "runnel-rate-history.h"

struct _RunnelRateHistory
{
  gint     ref_count;
  guint    n_buckets;
  gint64   bucket_usec;
  gint64   head;      /* the number (time / bucket_usec) of the newest bucket, -1 before any */
  guint64 *counts;    /* counts[number % n_buckets] */
};

G_DEFINE_BOXED_TYPE (RunnelRateHistory, runnel_rate_history,
                     runnel_rate_history_ref, runnel_rate_history_unref)

/**
 * runnel_rate_history_new:
 * @n_buckets: how many buckets to keep (at least 1)
 * @bucket_usec: the width of a bucket in µs (at least 1), e.g. G_USEC_PER_SEC
 */
RunnelRateHistory *
runnel_rate_history_new (guint  n_buckets,
                         gint64 bucket_usec)
{
  RunnelRateHistory *self;

  g_return_val_if_fail (n_buckets > 0, NULL);
  g_return_val_if_fail (bucket_usec > 0, NULL);

  self = g_new0 (RunnelRateHistory, 1);
  self->ref_count = 1;
  self->n_buckets = n_buckets;
  self->bucket_usec = bucket_usec;
  self->head = -1;
  self->counts = g_new0 (guint64, n_buckets);

  return self;
}

RunnelRateHistory *
runnel_rate_history_ref (RunnelRateHistory *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
runnel_rate_history_unref (RunnelRateHistory *self)
{
  g_return_if_fail (self != NULL);

  if (g_atomic_int_dec_and_test (&self->ref_count))
    {
      g_free (self->counts);
      g_free (self);
    }
}

guint
runnel_rate_history_get_n_buckets (RunnelRateHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_buckets;
}

gint64
runnel_rate_history_get_bucket_usec (RunnelRateHistory *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->bucket_usec;
}

/* moves the head to bucket @number, emptying the buckets it passes */
static void
advance (RunnelRateHistory *self,
         gint64             number)
{
  if (number <= self->head)
    return;

  if (self->head < 0 || number - self->head >= self->n_buckets)
    memset (self->counts, 0, sizeof *self->counts * self->n_buckets);
  else
    {
      for (gint64 b = self->head + 1; b <= number; b++)
        self->counts[b % self->n_buckets] = 0;
    }

  self->head = number;
}

void
runnel_rate_history_add (RunnelRateHistory *self,
                         gint64             monotonic_time,
                         guint              count)
{
  gint64 number;

  g_return_if_fail (self != NULL);

  if (monotonic_time < 0)
    return;

  number = monotonic_time / self->bucket_usec;
  advance (self, number);
  if (number <= self->head - (gint64) self->n_buckets)
    return;  /* older than the ring */

  self->counts[number % self->n_buckets] += count;
}

void
runnel_rate_history_add_event_func (RunnelSseEvent *event,
                                    gpointer        user_data)
{
  runnel_rate_history_add (user_data, runnel_sse_event_get_monotonic_time (event), 1);
}

static double
per_second (RunnelRateHistory *self,
            guint64            count)
{
  return count * ((double) G_USEC_PER_SEC / self->bucket_usec);
}

guint
runnel_rate_history_get_rates (RunnelRateHistory *self,
                               gint64             now,
                               double            *values,
                               guint              n_values)
{
  gint64 newest;
  guint n;

  g_return_val_if_fail (self != NULL, 0);
  g_return_val_if_fail (values != NULL || n_values == 0, 0);

  newest = MAX (now, 0) / self->bucket_usec;
  advance (self, newest);
  newest = MAX (newest, self->head);
  n = MIN (n_values, self->n_buckets);

  for (guint i = 0; i < n; i++)
    {
      gint64 number = newest - (n - 1 - i);

      values[i] = number < 0 ? 0 : per_second (self, self->counts[number % self->n_buckets]);
    }

  return n;
}

double
runnel_rate_history_get_rate (RunnelRateHistory *self,
                              gint64             now,
                              guint              seconds)
{
  gint64 newest;
  gint64 buckets;
  guint64 total = 0;

  g_return_val_if_fail (self != NULL, 0);

  if (seconds == 0)
    return 0;

  newest = MAX (now, 0) / self->bucket_usec;
  advance (self, newest);
  newest = MAX (newest, self->head);

  buckets = MAX (1, (gint64) seconds * G_USEC_PER_SEC / self->bucket_usec);
  buckets = MIN (buckets, (gint64) self->n_buckets - 1);
  if (buckets <= 0)
    return 0;

  for (gint64 b = newest - buckets; b < newest; b++)
    {
      if (b >= 0)
        total += self->counts[b % self->n_buckets];
    }

  return per_second (self, total) / buckets;
}

void
runnel_rate_history_clear (RunnelRateHistory *self)
{
  g_return_if_fail (self != NULL);

  memset (self->counts, 0, sizeof *self->counts * self->n_buckets);
  self->head = -1;
}
