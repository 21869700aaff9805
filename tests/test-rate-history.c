/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rate-history.c: events per second over time, for the status area's plot */

#include "config.h"

#include "runnel-rate-history.h"

#define SECOND G_USEC_PER_SEC

static void
test_rates (void)
{
  g_autoptr(RunnelRateHistory) history = runnel_rate_history_new (5, SECOND);
  double values[8];
  gint64 t0 = 1000 * SECOND;

  /* 3 events in second 0, none in 1, 10 in 2, 1 in 3 (now) */
  for (guint i = 0; i < 3; i++)
    runnel_rate_history_add (history, t0 + i * 1000, 1);
  runnel_rate_history_add (history, t0 + 2 * SECOND + 5, 10);
  runnel_rate_history_add (history, t0 + 3 * SECOND + 999999, 1);

  g_assert_cmpuint (runnel_rate_history_get_rates (history, t0 + 3 * SECOND + 10, values, 8),
                    ==, 5);
  g_assert_cmpfloat (values[0], ==, 0);   /* second -1 */
  g_assert_cmpfloat (values[1], ==, 3);
  g_assert_cmpfloat (values[2], ==, 0);
  g_assert_cmpfloat (values[3], ==, 10);
  g_assert_cmpfloat (values[4], ==, 1);   /* still filling */

  /* the last 3 complete seconds: (3 + 0 + 10) / 3 */
  g_assert_cmpfloat_with_epsilon (runnel_rate_history_get_rate (history, t0 + 3 * SECOND, 3),
                                  13.0 / 3, 1e-9);

  /* time passes: old buckets fall out, new ones are empty */
  g_assert_cmpuint (runnel_rate_history_get_rates (history, t0 + 6 * SECOND, values, 5), ==, 5);
  g_assert_cmpfloat (values[0], ==, 10);
  g_assert_cmpfloat (values[1], ==, 1);
  g_assert_cmpfloat (values[2], ==, 0);
  g_assert_cmpfloat (values[4], ==, 0);

  /* events older than the ring are ignored, a late one inside it counts */
  runnel_rate_history_add (history, t0, 100);
  runnel_rate_history_add (history, t0 + 4 * SECOND, 2);
  runnel_rate_history_get_rates (history, t0 + 6 * SECOND, values, 5);
  g_assert_cmpfloat (values[0], ==, 10);
  g_assert_cmpfloat (values[2], ==, 2);

  /* a long silence clears everything */
  runnel_rate_history_get_rates (history, t0 + 600 * SECOND, values, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpfloat (values[i], ==, 0);
  g_assert_cmpfloat (runnel_rate_history_get_rate (history, t0 + 600 * SECOND, 4), ==, 0);
}

static void
test_sub_second_buckets (void)
{
  g_autoptr(RunnelRateHistory) history = runnel_rate_history_new (10, SECOND / 4);
  double values[2];

  runnel_rate_history_add (history, SECOND / 4, 5);
  runnel_rate_history_get_rates (history, SECOND / 2, values, 2);
  g_assert_cmpfloat (values[0], ==, 20);  /* 5 in a quarter of a second */
  g_assert_cmpfloat (values[1], ==, 0);
  g_assert_cmpfloat (runnel_rate_history_get_rate (history, SECOND / 2, 1), ==, 5);
}

static void
test_event_func (void)
{
  g_autoptr(RunnelRateHistory) history = runnel_rate_history_new (60, SECOND);
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, "x", 1, NULL, 0, 1,
                                                          42 * SECOND, 0, 8);
  double values[1];

  runnel_rate_history_add_event_func (event, history);
  runnel_rate_history_add_event_func (event, history);
  runnel_rate_history_get_rates (history, 42 * SECOND, values, 1);
  g_assert_cmpfloat (values[0], ==, 2);

  runnel_rate_history_clear (history);
  runnel_rate_history_get_rates (history, 42 * SECOND, values, 1);
  g_assert_cmpfloat (values[0], ==, 0);
  g_assert_cmpuint (runnel_rate_history_get_n_buckets (history), ==, 60);
  g_assert_cmpint (runnel_rate_history_get_bucket_usec (history), ==, SECOND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/rate-history/rates", test_rates);
  g_test_add_func ("/runnel/rate-history/sub-second-buckets", test_sub_second_buckets);
  g_test_add_func ("/runnel/rate-history/event-func", test_event_func);

  return g_test_run ();
}
