/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-filtered-log.c: RunnelFilteredLog: the filter's result, kept true while the log changes */

#include "config.h"

#include <string.h>

#include "runnel-filtered-log.h"
#include "ui-test-util.h"

#define WAIT_MS 10000

static const char *const types[] = { "alpha", "beta", "gamma" };

typedef struct
{
  RunnelEventLog    *log;
  RunnelEventFilter *filter;
  RunnelFilteredLog *shown;
  GPtrArray         *mirror;       /* the events, as a view following items-changed sees them */
  guint64            next_sequence;
  guint              n_refiltered;
  guint              n_refiltering;
  guint              refiltering_show;
  guint              refiltering_wanted;
  RunnelSseEvent    *refiltering_show_event;
} Fixture;

static RunnelSseEvent *
peek_item (GListModel *model,
           guint       position)
{
  g_autoptr(RunnelEventItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return runnel_event_item_get_event (item);
}

/* a view: applies each change to its copy, asking the model only for the added rows */
static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_assert_cmpuint (position + removed, <=, fixture->mirror->len);
  g_ptr_array_remove_range (fixture->mirror, position, removed);
  for (guint i = 0; i < added; i++)
    g_ptr_array_insert (fixture->mirror, position + i,
                        runnel_sse_event_ref (peek_item (model, position + i)));
  g_assert_cmpuint (fixture->mirror->len, ==, g_list_model_get_n_items (model));
}

static void
on_refiltering (RunnelFilteredLog *shown,
                guint              show,
                guint              wanted,
                Fixture           *fixture)
{
  fixture->n_refiltering++;
  fixture->refiltering_show = show;
  fixture->refiltering_wanted = wanted;
  g_clear_pointer (&fixture->refiltering_show_event, runnel_sse_event_unref);
  fixture->refiltering_show_event = runnel_sse_event_ref (peek_item (G_LIST_MODEL (shown), show));
  if (wanted != GTK_INVALID_LIST_POSITION)
    g_assert_true (peek_item (G_LIST_MODEL (shown), wanted) ==
                   runnel_filtered_log_get_wanted (shown));
}

static void
on_refiltered (Fixture *fixture)
{
  fixture->n_refiltered++;
}

/* events numbered from 1: type by n % 3, an id on even ones, "needle" in every tenth */
static void
append (Fixture *fixture,
        guint    n_events)
{
  for (guint i = 0; i < n_events; i++)
    {
      guint64 n = ++fixture->next_sequence;
      const char *type = types[n % G_N_ELEMENTS (types)];
      g_autofree char *data = g_strdup_printf ("event %" G_GUINT64_FORMAT " %s", n,
                                               n % 10 == 0 ? "Needle" : "hay");
      g_autofree char *id = n % 2 == 0 ? g_strdup_printf ("%" G_GUINT64_FORMAT, n) : NULL;
      g_autoptr(RunnelSseEvent) event =
        runnel_sse_event_new (type, strlen (type), data, strlen (data),
                              id, id != NULL ? strlen (id) : 0, n, 0, 0, strlen (data));

      runnel_event_log_append (fixture->log, event);
    }
}

static void
count_changes (guint *n_changes)
{
  (*n_changes)++;
}

/* appended and published at once, as the log does at the next main-loop iteration */
static void
add (Fixture *fixture,
     guint    n_events)
{
  append (fixture, n_events);
  runnel_event_log_flush (fixture->log);
}

static void
wait_done (Fixture *fixture)
{
  g_assert_true (runnel_test_iterate_until (runnel_test_filter_done, fixture->shown, WAIT_MS));
}

/* the model, and the view that followed it, hold exactly the log's events the filter matches */
static void
assert_result (Fixture *fixture)
{
  GListModel *log = G_LIST_MODEL (fixture->log);
  guint n_log = g_list_model_get_n_items (log);
  guint n = 0;

  for (guint i = 0; i < n_log; i++)
    {
      RunnelSseEvent *event = runnel_event_log_peek (fixture->log, i);

      if (runnel_event_filter_is_active (fixture->filter) &&
          !runnel_event_filter_match_event (fixture->filter, event))
        continue;

      g_assert_cmpuint (n, <, fixture->mirror->len);
      g_assert_true (g_ptr_array_index (fixture->mirror, n) == event);
      g_assert_true (peek_item (G_LIST_MODEL (fixture->shown), n) == event);
      n++;
    }

  g_assert_cmpuint (n, ==, fixture->mirror->len);
  g_assert_cmpuint (n, ==, g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)));
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = runnel_event_log_new (GPOINTER_TO_UINT (data));
  fixture->filter = runnel_event_filter_new ();
  fixture->shown = runnel_filtered_log_new (fixture->log, fixture->filter);
  fixture->mirror = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  g_signal_connect (fixture->shown, "items-changed", G_CALLBACK (on_items_changed), fixture);
  g_signal_connect (fixture->shown, "refiltering", G_CALLBACK (on_refiltering), fixture);
  g_signal_connect_swapped (fixture->shown, "refiltered", G_CALLBACK (on_refiltered), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_clear_pointer (&fixture->refiltering_show_event, runnel_sse_event_unref);
  g_ptr_array_unref (fixture->mirror);
  g_assert_finalize_object (fixture->shown);
  g_assert_finalize_object (fixture->filter);
  g_assert_finalize_object (fixture->log);
}

/* no filter: the log's events as they come */
static void
test_pass_through (Fixture       *fixture,
                   gconstpointer  data)
{
  add (fixture, 25);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 25);
  g_assert_cmpuint (runnel_filtered_log_get_pending (fixture->shown), ==, 0);
  assert_result (fixture);
}

/* a new filter is worked out in the background; the old result stays until it is complete */
static void
test_text (Fixture       *fixture,
           gconstpointer  data)
{
  add (fixture, 100);

  runnel_event_filter_set_text (fixture->filter, "NEEDLE");
  g_assert_cmpuint (runnel_filtered_log_get_pending (fixture->shown), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 100);

  wait_done (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 10);
  g_assert_cmpuint (fixture->n_refiltered, ==, 1);
  assert_result (fixture);

  /* back to no filter */
  runnel_event_filter_set_text (fixture->filter, NULL);
  wait_done (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 100);
  g_assert_cmpuint (fixture->n_refiltered, ==, 2);
  assert_result (fixture);
}

/* changes made together (as the filter bar's controls and a test may) make one new result */
static void
test_together (Fixture       *fixture,
               gconstpointer  data)
{
  add (fixture, 60);

  runnel_event_filter_set_text (fixture->filter, "needle");
  runnel_event_filter_set_event_type (fixture->filter, "beta");
  runnel_event_filter_set_with_id (fixture->filter, TRUE);
  wait_done (fixture);
  g_assert_cmpuint (fixture->n_refiltered, ==, 1);
  /* 10, 20, ... 60 with n % 3 == 1: 10 and 40 */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 2);
  assert_result (fixture);
}

/* with a filter shown, new events are matched as they come; the trims drop their matches */
static void
test_live (Fixture       *fixture,
           gconstpointer  data)
{
  runnel_event_filter_set_event_type (fixture->filter, "gamma");
  wait_done (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 0);

  for (guint round = 0; round < 20; round++)
    {
      add (fixture, 7);
      g_assert_cmpuint (runnel_filtered_log_get_pending (fixture->shown), ==, 0);
      assert_result (fixture);
    }

  /* the retention of 40 (the fixture's data) dropped some: assert_result saw their rows go */
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), >, 0);

  runnel_event_log_clear (fixture->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 0);
  assert_result (fixture);
}

/* the model names events by 32-bit stamps that wrap around after 4,096 events (on purpose,
 * so that it is tested): trims across the wrap, with a filter shown and while filtering */
static void
test_wrap (Fixture       *fixture,
           gconstpointer  data)
{
  runnel_event_filter_set_event_type (fixture->filter, "gamma");
  wait_done (fixture);

  for (guint round = 0; round < 700; round++)
    {
      add (fixture, 7);
      if (round % 50 == 0)
        runnel_event_filter_set_with_id (fixture->filter, round % 100 == 0);
      if (round % 3 == 0)
        wait_done (fixture);
      if (runnel_filtered_log_get_pending (fixture->shown) == 0)
        assert_result (fixture);
    }

  wait_done (fixture);
  assert_result (fixture);
}

/* events arrive, are trimmed and the filter changes again while a filter is worked out */
static void
test_changes_while_filtering (Fixture       *fixture,
                              gconstpointer  data)
{
  add (fixture, 30);

  runnel_event_filter_set_with_id (fixture->filter, TRUE);
  g_assert_cmpuint (runnel_filtered_log_get_pending (fixture->shown), >, 0);
  add (fixture, 25);  /* past the retention of 40: trims */
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), >, 0);
  runnel_event_filter_set_text (fixture->filter, "needle");
  add (fixture, 5);

  wait_done (fixture);
  assert_result (fixture);

  /* stricter: only what is shown is looked at again, and the result is still right */
  runnel_event_filter_set_event_type (fixture->filter, "alpha");
  add (fixture, 30);
  wait_done (fixture);
  assert_result (fixture);
}

/*
 * A new result that is not the old one with rows only removed or only added at one place comes
 * beside the old one first; "refiltering" names where the view should go: the wanted event, else
 * the end when following, or the start. A new result equal to the old one changes nothing.
 */
static void
test_refiltering (Fixture       *fixture,
                  gconstpointer  data)
{
  RunnelSseEvent *wanted;
  guint n_changes = 0;

  add (fixture, 90);
  wanted = runnel_event_log_peek (fixture->log, 39);  /* event 40: beta, "needle", an id */
  runnel_filtered_log_set_wanted (fixture->shown, wanted);

  runnel_event_filter_set_text (fixture->filter, "needle");
  wait_done (fixture);
  g_assert_cmpuint (fixture->n_refiltering, ==, 1);
  g_assert_true (fixture->refiltering_show_event == wanted);
  g_assert_cmpuint (fixture->refiltering_wanted, ==, fixture->refiltering_show);
  g_assert_cmpuint (runnel_filtered_log_find (fixture->shown, wanted), ==, 3);
  assert_result (fixture);

  g_signal_connect_swapped (fixture->shown, "items-changed", G_CALLBACK (count_changes),
                            &n_changes);
  runnel_event_filter_set_text (fixture->filter, "needl");
  wait_done (fixture);
  g_assert_cmpuint (n_changes, ==, 0);
  g_assert_cmpuint (fixture->n_refiltering, ==, 1);
  g_assert_cmpuint (fixture->n_refiltered, ==, 2);

  /* beta: 1, 4, ..., 88; nothing wanted and not following: the start */
  runnel_filtered_log_set_wanted (fixture->shown, NULL);
  runnel_event_filter_set_text (fixture->filter, NULL);
  runnel_event_filter_set_event_type (fixture->filter, "beta");
  wait_done (fixture);
  g_assert_cmpuint (fixture->n_refiltering, ==, 2);
  g_assert_cmpuint (runnel_sse_event_get_sequence (fixture->refiltering_show_event), ==, 1);
  assert_result (fixture);

  /* gamma: 2, 5, ..., 89; following: the last of them */
  runnel_filtered_log_set_wanted (fixture->shown, wanted);
  runnel_filtered_log_set_follow_end (fixture->shown, TRUE);
  runnel_event_filter_set_event_type (fixture->filter, "gamma");
  wait_done (fixture);
  g_assert_cmpuint (fixture->n_refiltering, ==, 3);
  g_assert_cmpuint (runnel_sse_event_get_sequence (fixture->refiltering_show_event), ==, 89);
  g_assert_cmpuint (fixture->refiltering_wanted, ==, GTK_INVALID_LIST_POSITION);
  g_assert_cmpuint (runnel_filtered_log_find (fixture->shown, wanted), ==,
                    GTK_INVALID_LIST_POSITION);
  assert_result (fixture);
}

/* many events: filtered a slice per main-loop iteration, not all in one */
static void
test_slices (Fixture       *fixture,
             gconstpointer  data)
{
  guint n_iterations = 0;

  add (fixture, 50000);

  runnel_event_filter_set_text (fixture->filter, "needle");
  while (runnel_filtered_log_get_pending (fixture->shown) > 0)
    {
      guint pending = runnel_filtered_log_get_pending (fixture->shown);

      g_main_context_iteration (NULL, TRUE);
      g_assert_cmpuint (runnel_filtered_log_get_pending (fixture->shown), <, pending);
      n_iterations++;
    }
  g_assert_cmpuint (n_iterations, >=, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->shown)), ==, 5000);
  assert_result (fixture);
}

/* random appends, flushes, trims, clears and filters, checked against a plain evaluation */
static void
test_random (Fixture       *fixture,
             gconstpointer  data)
{
  static const char *const texts[] = { NULL, "needle", "needl", "EVENT 1", "hay", "zzz" };
  GRand *rand = g_rand_new_with_seed (20261126);

  /* about 14,000 events: past the stamps' wrap-around (at 4,096), with trims and clears */
  for (guint step = 0; step < 1500; step++)
    {
      switch (g_rand_int_range (rand, 0, 8))
        {
        case 0:
        case 1:
          append (fixture, g_rand_int_range (rand, 1, 75));
          break;

        case 2:
          runnel_event_log_flush (fixture->log);
          break;

        case 3:
          runnel_event_filter_set_text (fixture->filter,
                                        texts[g_rand_int_range (rand, 0, G_N_ELEMENTS (texts))]);
          break;

        case 4:
          {
            int type = g_rand_int_range (rand, -1, G_N_ELEMENTS (types));

            runnel_event_filter_set_event_type (fixture->filter, type < 0 ? NULL : types[type]);
          }
          break;

        case 5:
          runnel_event_filter_set_with_id (fixture->filter, g_rand_boolean (rand));
          break;

        case 6:
          g_main_context_iteration (NULL, FALSE);
          break;

        case 7:
          if (g_rand_int_range (rand, 0, 20) == 0)
            runnel_event_log_clear (fixture->log);
          else
            runnel_filtered_log_set_follow_end (fixture->shown, g_rand_boolean (rand));
          break;

        default:
          g_assert_not_reached ();
        }

      if (runnel_filtered_log_get_pending (fixture->shown) == 0 &&
          runnel_event_log_get_n_pending (fixture->log) == 0)
        assert_result (fixture);
    }

  runnel_event_log_flush (fixture->log);
  wait_done (fixture);
  assert_result (fixture);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, retention) \
  g_test_add ("/runnel/filtered-log/" path, Fixture, GUINT_TO_POINTER (retention), \
              fixture_setup, func, fixture_teardown)

  ADD ("pass-through", test_pass_through, 0);
  ADD ("text", test_text, 0);
  ADD ("together", test_together, 0);
  ADD ("live", test_live, 40);
  ADD ("changes-while-filtering", test_changes_while_filtering, 40);
  ADD ("wrap", test_wrap, 40);
  ADD ("refiltering", test_refiltering, 0);
  ADD ("slices", test_slices, 0);
  ADD ("random", test_random, 100);

  return g_test_run ();
}
