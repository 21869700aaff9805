/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-raw-log.c: RunnelRawLog: where each event lies in the bytes, and the size bound */

#include "config.h"

#include <string.h>

#include "runnel-raw-log.h"

static void
append_in_pieces (RunnelRawLog *log,
                  const char   *text,
                  gsize         piece)
{
  gsize len = strlen (text);

  for (gsize i = 0; i < len; i += piece)
    runnel_raw_log_append (log, (const guint8 *) text + i, MIN (piece, len - i));
}

static char *
event_text (RunnelRawLog *log,
            guint64       sequence)
{
  guint64 start, end, base;
  const guint8 *data = runnel_raw_log_peek (log, NULL, &base);

  if (!runnel_raw_log_find_event (log, sequence, &start, &end))
    return NULL;

  return g_strndup ((const char *) data + (start - base), end - start);
}

/* comments, retry, events without data, CRLF split across appends, a BOM */
static void
test_spans (void)
{
  const char *stream = "\xef\xbb\xbf" "data: one\r\n\r\n"
                       ": comment\n\n"
                       "event: ping\n\n"
                       "retry: 10\nid: 7\ndata\n\n"
                       "data:three\rdata: more\r\r";

  for (gsize piece = 1; piece <= strlen (stream); piece++)
    {
      g_autoptr(RunnelRawLog) log = runnel_raw_log_new (0);
      g_autofree char *first = NULL;
      g_autofree char *second = NULL;
      g_autofree char *third = NULL;

      append_in_pieces (log, stream, piece);

      first = event_text (log, 1);
      second = event_text (log, 2);
      third = event_text (log, 3);
      g_assert_cmpstr (first, ==, "data: one\r\n\r\n");
      /* the block holds the comment-free lines since the last blank line */
      g_assert_cmpstr (second, ==, "retry: 10\nid: 7\ndata\n\n");
      g_assert_cmpstr (third, ==, "data:three\rdata: more\r\r");
      g_assert_null (event_text (log, 4));
      g_assert_cmpuint (runnel_raw_log_get_end_offset (log), ==, strlen (stream));
    }
}

/* a new connection drops what was pending and is remembered */
static void
test_connections (void)
{
  g_autoptr(RunnelRawLog) log = runnel_raw_log_new (0);
  g_autofree char *first = NULL;
  guint n_connections = 0;
  const guint64 *connections;

  append_in_pieces (log, "data: cut", 4);
  runnel_raw_log_begin_connection (log);
  append_in_pieces (log, "data: whole\n\n", 4);

  first = event_text (log, 1);
  g_assert_cmpstr (first, ==, "data: whole\n\n");
  connections = runnel_raw_log_get_connections (log, &n_connections);
  g_assert_cmpuint (n_connections, ==, 1);
  g_assert_cmpuint (connections[0], ==, strlen ("data: cut"));
}

/* memory stays within the limit (and a quarter), the oldest events are forgotten */
static void
test_limit (void)
{
  g_autoptr(RunnelRawLog) log = runnel_raw_log_new (1000);
  g_autofree char *last = NULL;
  gsize len = 0;

  for (guint i = 1; i <= 1000; i++)
    {
      g_autofree char *event = g_strdup_printf ("id: %u\ndata: event %u\n\n", i, i);

      runnel_raw_log_append (log, (const guint8 *) event, strlen (event));
      runnel_raw_log_peek (log, &len, NULL);
      g_assert_cmpuint (len, <=, 1250);
    }

  g_assert_null (event_text (log, 1));
  last = event_text (log, 1000);
  g_assert_cmpstr (last, ==, "id: 1000\ndata: event 1000\n\n");

  runnel_raw_log_clear (log);
  runnel_raw_log_peek (log, &len, NULL);
  g_assert_cmpuint (len, ==, 0);
  g_assert_null (event_text (log, 1000));
}

/* Clear keeps the numbers of the events that follow; a new stream (reset) numbers from 1 */
static void
test_reset (void)
{
  g_autoptr(RunnelRawLog) log = runnel_raw_log_new (0);
  g_autofree char *after_clear = NULL;
  g_autofree char *after_reset = NULL;
  guint64 base = 1;

  append_in_pieces (log, "data: one\n\ndata: two\n\n", 5);
  runnel_raw_log_clear (log);
  append_in_pieces (log, "data: three\n\n", 5);
  after_clear = event_text (log, 3);
  g_assert_cmpstr (after_clear, ==, "data: three\n\n");

  runnel_raw_log_append (log, (const guint8 *) "data: cut", 9);
  runnel_raw_log_reset (log);
  append_in_pieces (log, "data: new\n\n", 5);
  after_reset = event_text (log, 1);
  g_assert_cmpstr (after_reset, ==, "data: new\n\n");
  g_assert_null (event_text (log, 3));
  runnel_raw_log_peek (log, NULL, &base);
  g_assert_cmpuint (base, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/raw-log/spans", test_spans);
  g_test_add_func ("/runnel/raw-log/connections", test_connections);
  g_test_add_func ("/runnel/raw-log/limit", test_limit);
  g_test_add_func ("/runnel/raw-log/reset", test_reset);

  return g_test_run ();
}
