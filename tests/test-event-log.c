/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-event-log.c: RunnelEventLog: batching, retention, items made on demand */

#include "config.h"

#include <string.h>

#include "runnel-event-log.h"

typedef struct
{
  RunnelEventLog *log;
  GString        *changes;  /* "position,removed,added;" per items-changed */
  guint           n_items_at_signal;
} Fixture;

static RunnelSseEvent *
make_event (guint64     sequence,
            const char *data)
{
  return runnel_sse_event_new (NULL, 0, data, strlen (data), NULL, 0, sequence, 0, 0, 0);
}

static void
append_numbered (RunnelEventLog *log,
                 guint64         first,
                 guint64         last)
{
  for (guint64 i = first; i <= last; i++)
    {
      g_autofree char *data = g_strdup_printf ("event %" G_GUINT64_FORMAT, i);
      g_autoptr(RunnelSseEvent) event = make_event (i, data);

      runnel_event_log_append (log, event);
    }
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Fixture    *fixture)
{
  g_string_append_printf (fixture->changes, "%u,%u,%u;", position, removed, added);
  /* the model must already be in the state the signal describes */
  fixture->n_items_at_signal = g_list_model_get_n_items (model);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  fixture->log = runnel_event_log_new (GPOINTER_TO_UINT (data));
  fixture->changes = g_string_new (NULL);
  g_signal_connect (fixture->log, "items-changed", G_CALLBACK (on_items_changed), fixture);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_assert_finalize_object (fixture->log);
  g_string_free (fixture->changes, TRUE);
}

static void
iterate_until_idle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static guint64
sequence_at (RunnelEventLog *log,
             guint           position)
{
  g_autoptr(RunnelEventItem) item = g_list_model_get_item (G_LIST_MODEL (log), position);

  g_assert_nonnull (item);
  return runnel_sse_event_get_sequence (runnel_event_item_get_event (item));
}

static void
test_batched (Fixture       *fixture,
              gconstpointer  data)
{
  append_numbered (fixture->log, 1, 3);

  /* nothing is published before the main loop runs */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 0);
  g_assert_cmpuint (runnel_event_log_get_n_pending (fixture->log), ==, 3);
  g_assert_cmpstr (fixture->changes->str, ==, "");

  iterate_until_idle ();
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,3;");
  g_assert_cmpuint (fixture->n_items_at_signal, ==, 3);
  g_assert_cmpuint (runnel_event_log_get_n_pending (fixture->log), ==, 0);

  append_numbered (fixture->log, 4, 5);
  iterate_until_idle ();
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,3;3,0,2;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 5);
  g_assert_cmpuint (sequence_at (fixture->log, 0), ==, 1);
  g_assert_cmpuint (sequence_at (fixture->log, 4), ==, 5);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (fixture->log), 5));
  g_assert_null (runnel_event_log_peek (fixture->log, 5));
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 0);
}

static void
test_retention (Fixture       *fixture,
                gconstpointer  data)
{
  append_numbered (fixture->log, 1, 5);
  runnel_event_log_flush (fixture->log);
  append_numbered (fixture->log, 6, 9);
  runnel_event_log_flush (fixture->log);

  /* 9 events do not fit 8: the oldest go first, a quarter of the retention more than needed
   * (so that a full log does not remove a few rows at every flush), then the new arrive */
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,5;0,3,0;2,0,4;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 6);
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 3);
  g_assert_cmpuint (sequence_at (fixture->log, 0), ==, 4);
  g_assert_cmpuint (sequence_at (fixture->log, 5), ==, 9);

  /* nothing left to publish: the idle source was consumed by the flush */
  iterate_until_idle ();
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,5;0,3,0;2,0,4;");

  /* shrinking the retention drops at once */
  runnel_event_log_set_retention (fixture->log, 2);
  g_assert_cmpuint (runnel_event_log_get_retention (fixture->log), ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 2);
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 7);
  g_assert_cmpuint (sequence_at (fixture->log, 0), ==, 8);

  /* cleared, nothing is counted as dropped any more */
  runnel_event_log_clear (fixture->log);
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 0);
}

static void
test_firehose (Fixture       *fixture,
               gconstpointer  data)
{
  /* ten thousand events between two frames: one signal, memory bounded by the retention */
  append_numbered (fixture->log, 1, 10000);
  g_assert_cmpuint (runnel_event_log_get_n_pending (fixture->log), ==, 100);
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 9900);

  iterate_until_idle ();
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,100;");
  g_assert_cmpuint (sequence_at (fixture->log, 0), ==, 9901);
  g_assert_cmpuint (sequence_at (fixture->log, 99), ==, 10000);
}

static void
test_items (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("tick", 4, "a\nb\tc", 5, "7", 1,
                                                          42, 10, 1700000000123456, 30);
  g_autoptr(RunnelEventItem) first = NULL;
  g_autoptr(RunnelEventItem) second = NULL;
  g_autofree char *type = NULL;
  g_autofree char *id = NULL;
  g_autofree char *preview = NULL;
  guint64 sequence = 0;
  guint64 size = 0;
  gint64 real_time = 0;

  runnel_event_log_append (fixture->log, event);
  runnel_event_log_flush (fixture->log);

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (fixture->log)) ==
                 RUNNEL_TYPE_EVENT_ITEM);
  g_assert_true (runnel_event_log_peek (fixture->log, 0) == event);

  /* made on demand: a new object each time, over the same stored event */
  first = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  second = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  g_assert_true (first != second);
  g_assert_true (runnel_event_item_get_event (first) == event);

  g_object_get (first,
                "event-type", &type,
                "id", &id,
                "preview", &preview,
                "sequence", &sequence,
                "size", &size,
                "real-time", &real_time,
                NULL);
  g_assert_cmpstr (type, ==, "tick");
  g_assert_cmpstr (id, ==, "7");
  g_assert_cmpstr (preview, ==, "a ⏎ b c");
  g_assert_cmpuint (sequence, ==, 42);
  g_assert_cmpuint (size, ==, 30);
  g_assert_cmpint (real_time, ==, 1700000000123456);

  /* an item outlives its removal from the log */
  runnel_event_log_clear (fixture->log);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 0);
  g_assert_cmpstr (runnel_sse_event_get_event_type (runnel_event_item_get_event (second)), ==,
                   "tick");
}

static void
test_preview_cut (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GString) long_data = g_string_new (NULL);
  g_autoptr(RunnelSseEvent) event = NULL;
  g_autoptr(RunnelEventItem) item = NULL;
  const char *preview;

  for (guint i = 0; i < 1000; i++)
    g_string_append (long_data, "é");
  event = make_event (1, long_data->str);
  runnel_event_log_append (fixture->log, event);
  runnel_event_log_flush (fixture->log);

  item = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  preview = runnel_event_item_get_preview (item);
  g_assert_true (g_utf8_validate (preview, -1, NULL));
  g_assert_cmpuint (g_utf8_strlen (preview, -1), ==, 201);
  g_assert_true (g_str_has_suffix (preview, "é…"));
}

/* U+0000 is a character of an event's data: the preview shows it, and what follows it */
static void
test_preview_nul (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, "a\0b\nc", 5, NULL, 0, 1,
                                                          0, 0, 0);
  g_autoptr(RunnelEventItem) item = NULL;

  runnel_event_log_append (fixture->log, event);
  runnel_event_log_flush (fixture->log);

  item = g_list_model_get_item (G_LIST_MODEL (fixture->log), 0);
  g_assert_cmpstr (runnel_event_item_get_preview (item), ==, "a␀b ⏎ c");
}

static void
test_clear_pending (Fixture       *fixture,
                    gconstpointer  data)
{
  append_numbered (fixture->log, 1, 2);
  runnel_event_log_flush (fixture->log);
  append_numbered (fixture->log, 3, 4);

  runnel_event_log_clear (fixture->log);
  g_assert_cmpuint (runnel_event_log_get_n_pending (fixture->log), ==, 0);

  /* the pending ones are gone too: no late signal */
  iterate_until_idle ();
  g_assert_cmpstr (fixture->changes->str, ==, "0,0,2;0,2,0;");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 0);
}

static void
test_finalize_pending (Fixture       *fixture,
                       gconstpointer  data)
{
  /* teardown finalizes the log with an armed flush source, which must go with it */
  append_numbered (fixture->log, 1, 5);
}

/* held: appends wait, within the retention, until released */
static void
test_held (Fixture       *fixture,
           gconstpointer  data)
{
  append_numbered (fixture->log, 1, 2);
  runnel_event_log_flush (fixture->log);

  runnel_event_log_set_held (fixture->log, TRUE);
  append_numbered (fixture->log, 3, 12);
  iterate_until_idle ();
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 2);
  /* retention 8: the oldest two held events were dropped already */
  g_assert_cmpuint (runnel_event_log_get_n_pending (fixture->log), ==, 8);
  g_assert_cmpuint (runnel_event_log_get_n_dropped (fixture->log), ==, 2);

  runnel_event_log_set_held (fixture->log, FALSE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fixture->log)), ==, 8);
  g_assert_cmpuint (runnel_sse_event_get_sequence (runnel_event_log_peek (fixture->log, 0)), ==, 5);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, retention) \
  g_test_add ("/runnel/event-log/" path, Fixture, GUINT_TO_POINTER (retention), \
              fixture_setup, func, fixture_teardown)

  ADD ("batched", test_batched, 0);
  ADD ("retention", test_retention, 8);
  ADD ("firehose", test_firehose, 100);
  ADD ("items", test_items, 0);
  ADD ("preview-cut", test_preview_cut, 0);
  ADD ("preview-nul", test_preview_nul, 0);
  ADD ("clear-pending", test_clear_pending, 0);
  ADD ("finalize-pending", test_finalize_pending, 0);
  ADD ("held", test_held, 8);

#undef ADD

  int status = g_test_run ();
  /* after teardown: the flush source of the last test must not fire on a finalized log */
  iterate_until_idle ();
  return status;
}
