/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-rate-history.h: events per second over the last minutes, for the status area's plot */

#pragma once

#include <glib-object.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_RATE_HISTORY (runnel_rate_history_get_type ())

/*
 * A ring of event counts in fixed time buckets (by default 300 of one second: five minutes), fed
 * from the hot path at the cost of a division and an addition, read by a plot once per frame or
 * per second. Times are g_get_monotonic_time () values, as in RunnelSseEvent. Events older than
 * the ring are ignored; time never runs backwards in it (an older bucket just counts).
 * A reference-counted boxed type.
 */
typedef struct _RunnelRateHistory RunnelRateHistory;

GType              runnel_rate_history_get_type   (void) G_GNUC_CONST;
RunnelRateHistory *runnel_rate_history_new        (guint               n_buckets,
                                                   gint64              bucket_usec);
RunnelRateHistory *runnel_rate_history_ref        (RunnelRateHistory  *self);
void               runnel_rate_history_unref      (RunnelRateHistory  *self);
guint              runnel_rate_history_get_n_buckets (RunnelRateHistory *self);
gint64             runnel_rate_history_get_bucket_usec (RunnelRateHistory *self);
void               runnel_rate_history_add        (RunnelRateHistory  *self,
                                                   gint64              monotonic_time,
                                                   guint               count);
/* a RunnelSseEventFunc (user data: the history): counts the event at its monotonic time */
void               runnel_rate_history_add_event_func (RunnelSseEvent *event,
                                                       gpointer        user_data);
/*
 * Fills @values with events per second of each bucket, oldest first, the last being the bucket
 * of @now (still filling). Returns how many were written: MIN (n_values, n_buckets).
 */
guint              runnel_rate_history_get_rates  (RunnelRateHistory  *self,
                                                   gint64              now,
                                                   double             *values,
                                                   guint               n_values);
/* events per second over the @seconds complete seconds before @now's bucket (0 when none) */
double             runnel_rate_history_get_rate   (RunnelRateHistory  *self,
                                                   gint64              now,
                                                   guint               seconds);
void               runnel_rate_history_clear      (RunnelRateHistory  *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelRateHistory, runnel_rate_history_unref)

G_END_DECLS
