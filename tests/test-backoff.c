/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-backoff.c: the reconnection delay as a pure function */

#include "runnel-backoff.h"

static void
test_backoff_first (void)
{
  /* the first retry waits the reconnection time exactly, whatever the jitter */
  g_assert_cmpuint (runnel_backoff_delay (3000, 0, 30000, 0.0), ==, 3000);
  g_assert_cmpuint (runnel_backoff_delay (3000, 0, 30000, 0.99), ==, 3000);
  g_assert_cmpuint (runnel_backoff_delay (0, 0, 30000, 0.5), ==, 0);
}

static void
test_backoff_doubles (void)
{
  /* failure n: between half and all of delay * 2^n, never below the delay */
  for (guint failures = 1; failures <= 3; failures++)
    {
      guint full = 1000u << failures;

      g_assert_cmpuint (runnel_backoff_delay (1000, failures, 60000, 0.0), ==, full / 2);
      g_assert_cmpuint (runnel_backoff_delay (1000, failures, 60000, 0.999), <=, full + 1);
      g_assert_cmpuint (runnel_backoff_delay (1000, failures, 60000, 0.999), >=, full - full / 100);
    }
  g_assert_cmpuint (runnel_backoff_delay (1000, 1, 60000, 0.0), ==, 1000);
}

static void
test_backoff_cap (void)
{
  /* the cap bounds the doubling, also after very many failures (no overflow) */
  g_assert_cmpuint (runnel_backoff_delay (1000, 10, 30000, 0.999), <=, 30000);
  g_assert_cmpuint (runnel_backoff_delay (1000, 10, 30000, 0.0), ==, 15000);
  g_assert_cmpuint (runnel_backoff_delay (1000, G_MAXUINT, 30000, 0.5), <=, 30000);
  /* a server's retry: above the cap wins */
  g_assert_cmpuint (runnel_backoff_delay (120000, 5, 30000, 0.0), ==, 120000);
  g_assert_cmpuint (runnel_backoff_delay (G_MAXUINT, 5, 30000, 0.999), ==, G_MAXUINT);
}

static void
test_backoff_floor (void)
{
  /* "retry: 0" from a server that keeps failing: not a busy loop */
  g_assert_cmpuint (runnel_backoff_delay (0, 1, 30000, 0.0), >=, RUNNEL_BACKOFF_MIN_MS);
  g_assert_cmpuint (runnel_backoff_delay (0, 5, 30000, 0.0), >=, RUNNEL_BACKOFF_MIN_MS * 16);
}

/* "retry: 0" and a clean end at once, again and again: a floor, then backing off */
static void
test_backoff_after_end (void)
{
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 0, 30000, 0.0), ==, RUNNEL_BACKOFF_MIN_MS);
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 1, 30000, 0.0), ==, RUNNEL_BACKOFF_MIN_MS);
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 2, 30000, 0.0), ==,
                    RUNNEL_BACKOFF_MIN_MS);
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 4, 30000, 0.0), ==,
                    RUNNEL_BACKOFF_MIN_MS * 4);
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 40, 30000, 0.999), <=, 30000);
  g_assert_cmpuint (runnel_backoff_delay_after_end (0, 40, 30000, 0.0), ==, 15000);
  /* a slow end (quick_ends 0) waits the reconnection time, as before */
  g_assert_cmpuint (runnel_backoff_delay_after_end (3000, 0, 30000, 0.5), ==, 3000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/backoff/first", test_backoff_first);
  g_test_add_func ("/runnel/backoff/doubles", test_backoff_doubles);
  g_test_add_func ("/runnel/backoff/cap", test_backoff_cap);
  g_test_add_func ("/runnel/backoff/floor", test_backoff_floor);
  g_test_add_func ("/runnel/backoff/after-end", test_backoff_after_end);

  return g_test_run ();
}
