/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-backoff.h: how long to wait before a reconnection, as a pure function */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the least wait after consecutive failures, whatever retry: said */
#define RUNNEL_BACKOFF_MIN_MS 10

/*
 * The wait before the next reconnection, in ms. The first retry (@failures 0) waits
 * @retry_delay, the reconnection time (the request's, or the server's retry:). Each consecutive
 * failure doubles it, with jitter between half and all of the doubled part (@jitter in [0, 1)
 * picks where), never below the reconnection time nor past @cap (unless the server itself asked
 * for more). A floor of RUNNEL_BACKOFF_MIN_MS keeps "retry: 0" from a server that keeps failing
 * from becoming a busy loop.
 */
guint runnel_backoff_delay (guint  retry_delay,
                            guint  failures,
                            guint  cap,
                            double jitter);

/* a stream that ends cleanly within this long of opening ended quickly */
#define RUNNEL_BACKOFF_QUICK_END_MS 1000

/*
 * The wait before reconnecting after a clean end, in ms: the reconnection time, but at least
 * RUNNEL_BACKOFF_MIN_MS; after @quick_ends consecutive quick ends (a server that answers
 * "retry: 0" and hangs up at once), backed off as runnel_backoff_delay () backs off failures.
 */
guint runnel_backoff_delay_after_end (guint  retry_delay,
                                      guint  quick_ends,
                                      guint  cap,
                                      double jitter);

G_END_DECLS
