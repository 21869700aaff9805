/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-backoff.c: how long to wait before a reconnection, as a pure function */

#include "config.h"

#include "runnel-backoff.h"

guint
runnel_backoff_delay (guint  retry_delay,
                      guint  failures,
                      guint  cap,
                      double jitter)
{
  guint64 delay = retry_delay;

  g_return_val_if_fail (jitter >= 0 && jitter < 1, retry_delay);

  if (failures > 0)
    {
      guint64 base = MAX (retry_delay, RUNNEL_BACKOFF_MIN_MS);
      guint64 top = MAX (MAX ((guint64) cap, base), retry_delay);
      guint64 backoff = MIN (base << MIN (failures, 20), top);

      backoff = backoff / 2 + (guint64) (jitter * (backoff / 2.0 + 1));
      delay = MAX (delay, MIN (backoff, top));
    }

  return (guint) MIN (delay, G_MAXUINT);
}

guint
runnel_backoff_delay_after_end (guint  retry_delay,
                                guint  quick_ends,
                                guint  cap,
                                double jitter)
{
  guint delay = runnel_backoff_delay (retry_delay, quick_ends > 0 ? quick_ends - 1 : 0, cap,
                                      jitter);

  return MAX (delay, RUNNEL_BACKOFF_MIN_MS);
}
