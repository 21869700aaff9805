/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-timing.c: first byte, first content, gaps, stalls, bursts and hints, on a fake clock */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-export.h"
#include "runnel-timing.h"

#define MS     G_GINT64_CONSTANT (1000)
#define SECOND G_GINT64_CONSTANT (1000000)
#define T0     (1000 * SECOND)

typedef struct
{
  RunnelTiming *timing;
  gint64        now;
  guint64       seq;
  guint         n_changed;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *fixture = user_data;

  return fixture->now;
}

static void
on_changed (RunnelTiming *timing,
            Fixture      *fixture)
{
  fixture->n_changed++;
}

static void
setup (Fixture       *fixture,
       gconstpointer  data)
{
  fixture->timing = runnel_timing_new ();
  fixture->now = T0;
  fixture->seq = 0;
  fixture->n_changed = 0;
  runnel_timing_set_clock (fixture->timing, fake_clock, fixture);
  g_signal_connect (fixture->timing, "changed", G_CALLBACK (on_changed), fixture);
}

static void
teardown (Fixture       *fixture,
          gconstpointer  data)
{
  g_assert_finalize_object (fixture->timing);
}

/* the clock moves to T0 + @at µs */
static void
at (Fixture *fixture,
    gint64   usec)
{
  fixture->now = T0 + usec;
}

/* a 200 with the headers an event stream should have, unless @headers are given */
static void
respond (Fixture            *fixture,
         guint               status,
         SoupMessageHeaders *headers)
{
  g_autoptr(SoupMessageHeaders) owned = NULL;

  if (headers == NULL)
    {
      headers = owned = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
      soup_message_headers_replace (headers, "Content-Type", "text/event-stream");
      soup_message_headers_replace (headers, "Cache-Control", "no-cache");
      soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
    }

  runnel_timing_response (fixture->timing, status, headers, SOUP_HTTP_1_1);
}

static void
open_stream (Fixture *fixture)
{
  runnel_timing_connection_started (fixture->timing);
  respond (fixture, 200, NULL);
}

/* an event of @type (NULL: message) with @data arriving now */
static void
event_typed (Fixture    *fixture,
             const char *type,
             const char *data)
{
  g_autoptr(RunnelSseEvent) event = NULL;

  type = type != NULL ? type : "message";
  event = runnel_sse_event_new (type, strlen (type), data, strlen (data), "", 0, ++fixture->seq,
                                fixture->now, fixture->now, strlen (data) + 7);
  runnel_timing_event (fixture->timing, event);
}

static void
event (Fixture *fixture)
{
  event_typed (fixture, NULL, "x");
}

static gint64
milestone (Fixture               *fixture,
           RunnelTimingMilestone  which)
{
  return runnel_timing_get_milestone (fixture->timing, which);
}

/* a percentile from the histogram: within 0.4 % of the gap */
static void
assert_near (gint64 value,
             gint64 expected)
{
  g_assert_cmpint (ABS (value - expected), <=, expected / 250 + 1);
}

static JsonObject *
timing_json (Fixture    *fixture,
             JsonParser *parser)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;

  runnel_timing_append_json (fixture->timing, out);
  json_parser_load_from_data (parser, out->str, out->len, &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)));

  return json_node_get_object (json_parser_get_root (parser));
}

static void
test_no_events (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunnelTimingGaps gaps;
  JsonObject *object;

  /* nothing at all */
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, -1);
  g_assert_cmpint (runnel_timing_get_silence (fixture->timing, NULL), ==, 0);
  object = timing_json (fixture, parser);
  g_assert_true (json_object_get_null_member (object, "headers_ms"));
  g_assert_true (json_object_get_null_member (object, "gap_ms"));
  g_assert_cmpint (json_object_get_int_member (object, "connections"), ==, 0);

  /* a response, then nothing for 3 s, and the connection ends */
  open_stream (fixture);
  at (fixture, 12 * MS);
  respond (fixture, 200, NULL);
  at (fixture, 3 * SECOND);
  g_assert_cmpint (runnel_timing_get_silence (fixture->timing, NULL), ==, 3 * SECOND - 12 * MS);
  runnel_timing_connection_ended (fixture->timing);

  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, 12 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_BYTE), ==, -1);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, -1);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_CONTENT), ==, -1);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 0);
  g_assert_cmpint (runnel_timing_get_silence (fixture->timing, NULL), ==, 0);

  object = timing_json (fixture, parser);
  g_assert_cmpfloat (json_object_get_double_member (object, "headers_ms"), ==, 12.0);
  g_assert_true (json_object_get_null_member (object, "first_event_ms"));
  g_assert_true (json_object_get_null_member (object, "gap_ms"));
  g_assert_cmpint (json_object_get_int_member (object, "stalls"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (object, "bursts"), ==, 0);
  g_assert_true (json_object_get_null_member (object, "largest_burst"));
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (object, "notes")), ==, 0);
}

static void
test_one_event (Fixture       *fixture,
                gconstpointer  data)
{
  RunnelTimingGaps gaps;

  runnel_timing_connection_started (fixture->timing);
  at (fixture, 5 * MS);
  respond (fixture, 200, NULL);
  at (fixture, 7 * MS);
  runnel_timing_bytes (fixture->timing, 20);
  event (fixture);
  at (fixture, 9 * MS);
  runnel_timing_bytes (fixture->timing, 20);

  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, 5 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_BYTE), ==, 7 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 7 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_CONTENT), ==, 7 * MS);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 0);
  g_assert_cmpint (gaps.max, ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 1);
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 0);
}

/* a role-only first delta, an empty event and a ping are no content; the first word is */
static void
test_first_content (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RunnelJsonExtractor) extractor =
    runnel_json_extractor_new_for_preset (runnel_json_path_find_preset ("openai-chat"));
  const char * const heartbeats[] = { "ping", NULL };

  runnel_timing_set_content_extractor (fixture->timing, extractor);
  runnel_timing_set_heartbeat_types (fixture->timing, heartbeats);
  runnel_timing_connection_started (fixture->timing);
  at (fixture, 100 * MS);
  respond (fixture, 200, NULL);
  at (fixture, 150 * MS);
  event_typed (fixture, "ping", "{}");
  at (fixture, 400 * MS);
  event_typed (fixture, NULL, "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}");
  at (fixture, 900 * MS);
  event_typed (fixture, NULL, "{\"choices\":[{\"delta\":{\"content\":\"\"}}]}");
  at (fixture, 2100 * MS);
  event_typed (fixture, NULL, "{\"choices\":[{\"delta\":{\"content\":\"Hello\"}}]}");
  at (fixture, 2150 * MS);
  event_typed (fixture, NULL, "{\"choices\":[{\"delta\":{\"content\":\" there\"}}]}");

  /* the ping is no event either */
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 400 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_CONTENT), ==, 2100 * MS);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 4);

  /* without a path, an event with data is content: the empty one is not */
  runnel_timing_reset (fixture->timing);
  runnel_timing_set_content_extractor (fixture->timing, NULL);
  at (fixture, 10 * SECOND);
  open_stream (fixture);
  at (fixture, 10 * SECOND + 30 * MS);
  event_typed (fixture, NULL, "");
  at (fixture, 10 * SECOND + 80 * MS);
  event_typed (fixture, NULL, "[DONE]");
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 30 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_CONTENT), ==, 80 * MS);
}

static void
test_gaps (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunnelTimingGaps gaps;
  JsonObject *object;
  JsonObject *gap_ms;
  gint64 t = 0;

  open_stream (fixture);
  event (fixture);
  /* gaps of 1, 2, ... 100 ms, in a shuffled order; the 100 ms one ends event 30 */
  for (guint i = 0; i < 100; i++)
    {
      gint64 gap = ((i * 37 + 63) % 100 + 1) * MS;

      t += gap;
      at (fixture, t);
      event (fixture);
      if (gap == 100 * MS)
        {
          g_assert_cmpuint (fixture->seq, ==, 30);
          g_assert_cmpint (t, ==, 1478 * MS);
        }
    }

  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 100);
  assert_near (gaps.p50, 50 * MS);
  assert_near (gaps.p90, 90 * MS);
  assert_near (gaps.p99, 99 * MS);
  g_assert_cmpint (gaps.max, ==, 100 * MS);
  g_assert_cmpint (gaps.max_at, ==, 1478 * MS);
  g_assert_cmpuint (gaps.max_seq, ==, 30);

  object = timing_json (fixture, parser);
  gap_ms = json_object_get_object_member (object, "gap_ms");
  g_assert_cmpfloat (json_object_get_double_member (gap_ms, "max"), ==, 100.0);
  g_assert_cmpfloat (json_object_get_double_member (gap_ms, "max_at_ms"), ==, 1478.0);
  g_assert_cmpint (json_object_get_int_member (gap_ms, "max_seq"), ==, 30);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (gap_ms, "p50"), 50.0, 0.25);

  /* every gap the same: all percentiles exact, also below the histogram's exact range */
  runnel_timing_reset (fixture->timing);
  open_stream (fixture);
  for (guint i = 0; i < 10; i++)
    {
      at (fixture, 10 * SECOND + i * 77);
      event (fixture);
    }
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 9);
  g_assert_cmpint (gaps.p50, ==, 77);
  g_assert_cmpint (gaps.p99, ==, 77);
  g_assert_cmpint (gaps.max, ==, 77);

  /* an hour-long gap is still measured */
  at (fixture, 10 * SECOND + 3600 * SECOND);
  event (fixture);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpint (gaps.max, ==, 3600 * SECOND - 9 * 77);
  g_assert_cmpint (gaps.p50, ==, 77);
}

/* a reconnection's wait is no gap, and the figures are the first successful connection's */
static void
test_connections (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  RunnelTimingGaps gaps;

  /* a 503 after 40 ms */
  runnel_timing_connection_started (fixture->timing);
  at (fixture, 40 * MS);
  respond (fixture, 503, NULL);
  runnel_timing_connection_ended (fixture->timing);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, 40 * MS);

  /* then a stream: headers after 10 ms, events 20 ms apart */
  at (fixture, 2 * SECOND);
  runnel_timing_connection_started (fixture->timing);
  at (fixture, 2 * SECOND + 10 * MS);
  respond (fixture, 200, NULL);
  for (guint i = 0; i < 3; i++)
    {
      at (fixture, 2 * SECOND + 50 * MS + i * 20 * MS);
      runnel_timing_bytes (fixture->timing, 10);
      event (fixture);
    }
  /* dropped; the next connection's events come 10 s later, with no gap counted across */
  runnel_timing_connection_ended (fixture->timing);
  at (fixture, 12 * SECOND);
  open_stream (fixture);
  at (fixture, 12 * SECOND + 5 * MS);
  runnel_timing_bytes (fixture->timing, 10);
  event (fixture);
  at (fixture, 12 * SECOND + 35 * MS);
  event (fixture);

  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, 10 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_BYTE), ==, 50 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 50 * MS);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 3);
  g_assert_cmpint (gaps.max, ==, 30 * MS);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 0);
  g_assert_cmpint (json_object_get_int_member (timing_json (fixture, parser), "connections"),
                   ==, 3);
}

static void
test_stalls (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const RunnelTimingStall *stalls;
  const char * const heartbeats[] = { "ping", NULL };
  guint64 n_heartbeats;
  guint n;

  runnel_timing_set_heartbeat_types (fixture->timing, heartbeats);
  open_stream (fixture);

  /* the lead: 7 s from the response to the first event */
  at (fixture, 7 * SECOND);
  event (fixture);
  /* exactly the threshold is no stall */
  at (fixture, 12 * SECOND);
  event (fixture);
  /* 6 s of silence */
  at (fixture, 18 * SECOND);
  event (fixture);
  /* 8 s of comments, then 6 s of pings */
  for (guint i = 1; i <= 8; i++)
    {
      at (fixture, 18 * SECOND + i * SECOND);
      runnel_timing_comment (fixture->timing);
    }
  at (fixture, 26500 * MS);
  event (fixture);
  for (guint i = 1; i <= 6; i++)
    {
      at (fixture, 26500 * MS + i * SECOND);
      event_typed (fixture, "ping", "");
    }
  g_assert_cmpint (runnel_timing_get_silence (fixture->timing, &n_heartbeats), ==, 6 * SECOND);
  g_assert_cmpuint (n_heartbeats, ==, 6);
  at (fixture, 33 * SECOND);
  event (fixture);
  g_assert_cmpuint (fixture->n_changed, ==, 4);

  /* the tail: 9 s without an event when the connection ends */
  at (fixture, 42 * SECOND);
  runnel_timing_connection_ended (fixture->timing);

  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 5);
  g_assert_cmpuint (runnel_timing_get_n_heartbeat_stalls (fixture->timing), ==, 2);
  stalls = runnel_timing_get_stalls (fixture->timing, &n);
  g_assert_cmpuint (n, ==, 5);
  g_assert_cmpint (stalls[0].start, ==, 0);
  g_assert_cmpint (stalls[0].duration, ==, 7 * SECOND);
  g_assert_cmpuint (stalls[0].n_heartbeats, ==, 0);
  g_assert_cmpint (stalls[1].start, ==, 12 * SECOND);
  g_assert_cmpint (stalls[1].duration, ==, 6 * SECOND);
  g_assert_cmpint (stalls[2].start, ==, 18 * SECOND);
  g_assert_cmpint (stalls[2].duration, ==, 8500 * MS);
  g_assert_cmpuint (stalls[2].n_heartbeats, ==, 8);
  g_assert_cmpint (stalls[3].duration, ==, 6500 * MS);
  g_assert_cmpuint (stalls[3].n_heartbeats, ==, 6);
  g_assert_cmpint (stalls[4].start, ==, 33 * SECOND);
  g_assert_cmpint (stalls[4].duration, ==, 9 * SECOND);
  g_assert_cmpuint (fixture->n_changed, ==, 5);

  /* the pings are neither events nor gaps */
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 5);

  /* the words tell of the longest, a silent one */
  {
    g_autoptr(GPtrArray) notes = runnel_timing_describe (fixture->timing);

    g_assert_cmpuint (notes->len, ==, 1);
    g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                     "The stream stalled: nothing for 9.0 s from 33 s (5 stalls in all).");
  }
  g_assert_cmpint (json_object_get_int_member (timing_json (fixture, parser), "stalls"), ==, 5);

  /* a lower threshold finds more */
  runnel_timing_reset (fixture->timing);
  runnel_timing_set_stall_threshold (fixture->timing, 500 * MS);
  at (fixture, 50 * SECOND);
  open_stream (fixture);
  at (fixture, 50600 * MS);
  event (fixture);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 1);
}

/* a connection that never answers is slow, not stalled */
static void
test_no_stall_before_response (Fixture       *fixture,
                               gconstpointer  data)
{
  runnel_timing_connection_started (fixture->timing);
  at (fixture, 30 * SECOND);
  g_assert_cmpint (runnel_timing_get_silence (fixture->timing, NULL), ==, 0);
  runnel_timing_connection_ended (fixture->timing);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 0);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, -1);
}

/* what a buffering proxy does: bursts of 10 every 2 s */
static void
test_bursts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) notes = NULL;
  const RunnelTimingBurst *bursts;
  JsonObject *largest;
  guint n;

  open_stream (fixture);
  for (guint b = 1; b <= 3; b++)
    {
      for (guint i = 0; i < 10; i++)
        {
          /* across a few reads, within 2 ms */
          at (fixture, b * 2 * SECOND + (i / 4) * MS);
          event (fixture);
        }
    }

  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 3);
  g_assert_cmpuint (fixture->n_changed, ==, 3);
  bursts = runnel_timing_get_bursts (fixture->timing, &n);
  g_assert_cmpuint (n, ==, 3);
  g_assert_cmpint (bursts[0].start, ==, 2 * SECOND);
  g_assert_cmpint (bursts[0].wait, ==, 2 * SECOND);
  g_assert_cmpuint (bursts[0].n_events, ==, 10);
  g_assert_cmpint (bursts[0].span, ==, 2 * MS);
  g_assert_cmpint (bursts[2].start, ==, 6 * SECOND);
  g_assert_cmpint (bursts[2].wait, ==, 2 * SECOND - 2 * MS);

  notes = runnel_timing_describe (fixture->timing);
  g_assert_cmpuint (notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (notes, 0), ==,
                   "Buffered delivery: 10 events arrived within 2.0 ms at 2.0 s, after 2.0 s of "
                   "silence. Something between the server and Runnel (a proxy, or compression "
                   "without flushing) holds the stream back (3 bursts in all).");

  largest = json_object_get_object_member (timing_json (fixture, parser), "largest_burst");
  g_assert_cmpint (json_object_get_int_member (largest, "events"), ==, 10);
  g_assert_cmpfloat (json_object_get_double_member (largest, "wait_ms"), ==, 2000.0);
}

/* all events in one read after a long wait: one burst; right after the response: none */
static void
test_one_read (Fixture       *fixture,
               gconstpointer  data)
{
  RunnelTimingGaps gaps;
  const RunnelTimingBurst *bursts;
  guint n;

  open_stream (fixture);
  at (fixture, 3 * SECOND);
  runnel_timing_bytes (fixture->timing, 3000);
  for (guint i = 0; i < 30; i++)
    event (fixture);
  runnel_timing_connection_ended (fixture->timing);

  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_BYTE), ==, 3 * SECOND);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 3 * SECOND);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 29);
  g_assert_cmpint (gaps.p50, ==, 0);
  g_assert_cmpint (gaps.max, ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 1);
  bursts = runnel_timing_get_bursts (fixture->timing, &n);
  g_assert_cmpuint (bursts[0].n_events, ==, 30);
  g_assert_cmpint (bursts[0].wait, ==, 3 * SECOND);
  g_assert_cmpint (bursts[0].span, ==, 0);

  runnel_timing_reset (fixture->timing);
  at (fixture, 10 * SECOND);
  open_stream (fixture);
  runnel_timing_bytes (fixture->timing, 3000);
  for (guint i = 0; i < 30; i++)
    event (fixture);
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 0);
}

/* events of one read (one arrival time) are counted like any other, at each edge of the
 * shortcut for them: content after empty events, heartbeats, a smaller gap, a new connection */
static void
test_same_time (Fixture       *fixture,
                gconstpointer  data)
{
  const char * const heartbeats[] = { "ping", NULL };
  RunnelTimingGaps gaps;
  const guint32 *series;
  guint64 in_series = 0;
  gint64 width;
  guint len;

  /* one read: two empty events, then the first content, then more */
  open_stream (fixture);
  at (fixture, 200 * MS);
  event_typed (fixture, NULL, "");
  event_typed (fixture, NULL, "");
  event_typed (fixture, NULL, "x");
  event (fixture);
  event (fixture);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 200 * MS);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_CONTENT), ==, 200 * MS);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 5);

  /* a gap of 30 ms, then one read of 10: the smallest gap falls to 0, the largest stays */
  at (fixture, 230 * MS);
  for (guint i = 0; i < 10; i++)
    event (fixture);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 14);
  g_assert_cmpint (gaps.p50, ==, 0);
  g_assert_cmpint (gaps.max, ==, 30 * MS);
  g_assert_cmpuint (gaps.max_seq, ==, 6);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 15);
  series = runnel_timing_get_series (fixture->timing, &len, &width);
  for (guint i = 0; i < len; i++)
    in_series += series[i];
  g_assert_cmpuint (in_series, ==, 15);

  /* heartbeats in the same read count as heartbeats, not events */
  runnel_timing_set_heartbeat_types (fixture->timing, heartbeats);
  event_typed (fixture, "ping", "{}");
  event (fixture);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 16);
  runnel_timing_set_heartbeat_types (fixture->timing, NULL);

  /* a new connection at the same time: no gap across it */
  runnel_timing_connection_ended (fixture->timing);
  open_stream (fixture);
  event (fixture);
  event (fixture);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 16);
  g_assert_cmpuint (runnel_timing_get_n_events (fixture->timing), ==, 18);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 0);
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 0);
}

/* steady streams, a slow first token and small clumps are no buffering */
static void
test_no_burst (Fixture       *fixture,
               gconstpointer  data)
{
  open_stream (fixture);

  /* a slow first token, then a word every 20 ms */
  at (fixture, 3 * SECOND);
  for (guint i = 0; i < 50; i++)
    {
      at (fixture, 3 * SECOND + i * 20 * MS);
      event (fixture);
    }
  /* four at once after a silence: below the rule's five */
  for (guint i = 0; i < 4; i++)
    {
      at (fixture, 10 * SECOND);
      event (fixture);
    }
  /* a firehose: 1000 events 50 µs apart */
  for (guint i = 0; i < 1000; i++)
    {
      at (fixture, 10 * SECOND + 100 * MS + i * 50);
      event (fixture);
    }

  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 0);

  /* a rule of its own: three events within 1 ms after 500 ms */
  runnel_timing_set_burst_rule (fixture->timing, 3, 1 * MS, 500 * MS);
  for (guint i = 0; i < 3; i++)
    {
      at (fixture, 11 * SECOND);
      event (fixture);
    }
  g_assert_cmpuint (runnel_timing_get_n_bursts (fixture->timing), ==, 1);
}

static void
test_hints (Fixture       *fixture,
            gconstpointer  data)
{
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GPtrArray) notes = NULL;
  JsonArray *hints;

  /* a well-behaved stream: no hint */
  open_stream (fixture);
  g_assert_cmpint (runnel_timing_get_hints (fixture->timing), ==, RUNNEL_TIMING_HINT_NONE);

  /* an error page says nothing about the stream */
  soup_message_headers_replace (headers, "Content-Encoding", "gzip");
  runnel_timing_connection_started (fixture->timing);
  runnel_timing_response (fixture->timing, 500, headers, SOUP_HTTP_1_0);
  g_assert_cmpint (runnel_timing_get_hints (fixture->timing), ==, RUNNEL_TIMING_HINT_NONE);
  g_assert_cmpuint (fixture->n_changed, ==, 0);

  /* gzip, ended by closing, no Cache-Control */
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  runnel_timing_connection_started (fixture->timing);
  runnel_timing_response (fixture->timing, 200, headers, SOUP_HTTP_1_1);
  g_assert_cmpint (runnel_timing_get_hints (fixture->timing), ==,
                   RUNNEL_TIMING_HINT_CONTENT_ENCODING | RUNNEL_TIMING_HINT_CLOSE_DELIMITED |
                   RUNNEL_TIMING_HINT_NO_CACHE_CONTROL);
  g_assert_cmpuint (fixture->n_changed, ==, 1);

  hints = json_object_get_array_member (timing_json (fixture, parser), "hints");
  g_assert_cmpuint (json_array_get_length (hints), ==, 3);
  g_assert_cmpstr (json_array_get_string_element (hints, 0), ==, "content-encoding");
  g_assert_cmpstr (json_array_get_string_element (hints, 1), ==, "close-delimited");
  g_assert_cmpstr (json_array_get_string_element (hints, 2), ==, "no-cache-control");
  notes = runnel_timing_describe (fixture->timing);
  g_assert_cmpuint (notes->len, ==, 3);
  g_assert_nonnull (strstr (g_ptr_array_index (notes, 0), "(Content-Encoding: gzip)"));

  /* each on its own: HTTP/1.0; no-store as good as no-cache; identity is no encoding */
  runnel_timing_reset (fixture->timing);
  soup_message_headers_clear (headers);
  soup_message_headers_replace (headers, "Cache-Control", "private, No-Store");
  soup_message_headers_replace (headers, "Content-Encoding", "identity");
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  runnel_timing_response (fixture->timing, 200, headers, SOUP_HTTP_1_0);
  g_assert_cmpint (runnel_timing_get_hints (fixture->timing), ==,
                   RUNNEL_TIMING_HINT_CLOSE_DELIMITED);

  /* HTTP/2 frames its body: no close-delimited hint */
  runnel_timing_reset (fixture->timing);
  soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  runnel_timing_response (fixture->timing, 200, headers, SOUP_HTTP_2_0);
  g_assert_cmpint (runnel_timing_get_hints (fixture->timing), ==, RUNNEL_TIMING_HINT_NONE);
}

/* a capture: events without a connection or response start one at the first event */
static void
test_capture (Fixture       *fixture,
              gconstpointer  data)
{
  RunnelTimingGaps gaps;

  at (fixture, 5 * SECOND);
  event (fixture);
  at (fixture, 5 * SECOND + 250 * MS);
  event (fixture);
  /* out of order: no negative gap */
  at (fixture, 5 * SECOND);
  event (fixture);

  /* without a response, the silences between events are stalls all the same */
  at (fixture, 12 * SECOND);
  event (fixture);
  g_assert_cmpuint (runnel_timing_get_n_stalls (fixture->timing), ==, 1);

  g_assert_cmpint (runnel_timing_get_start (fixture->timing), ==, T0 + 5 * SECOND);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_FIRST_EVENT), ==, 0);
  g_assert_cmpint (milestone (fixture, RUNNEL_TIMING_HEADERS), ==, -1);
  runnel_timing_get_gaps (fixture->timing, &gaps);
  g_assert_cmpuint (gaps.n, ==, 3);
  g_assert_cmpint (gaps.max, ==, 12 * SECOND - 5250 * MS);
  assert_near (gaps.p50, 250 * MS);
}

/* an export keeps each event's arrival time to the µs, so a capture read back times the same */
static void
test_export_round_trip (Fixture       *fixture,
                        gconstpointer  data)
{
  static const gint64 arrivals[] = { 0, 1, 250 * MS, 3 * SECOND, 3 * SECOND + 7, 9 * SECOND };
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  g_autoptr(RunnelTiming) again = runnel_timing_new ();
  g_autoptr(GPtrArray) back = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  RunnelTimingGaps gaps;
  RunnelTimingGaps gaps_again;
  const char *text;
  gsize len = 0;

  for (guint i = 0; i < G_N_ELEMENTS (arrivals); i++)
    {
      /* a wall clock time like an export's: 2026-01-02, plus the arrival */
      gint64 time = G_GINT64_CONSTANT (1767323045) * SECOND + 123456 + arrivals[i];

      g_ptr_array_add (events, runnel_sse_event_new ("message", 7, "x", 1, "", 0, i + 1,
                                                     time, time, 8));
      runnel_timing_event (fixture->timing, g_ptr_array_index (events, i));
    }

  bytes = runnel_export_events ((RunnelSseEvent * const *) events->pdata, events->len,
                                RUNNEL_EXPORT_FORMAT_NDJSON, &error);
  g_assert_no_error (error);
  text = g_bytes_get_data (bytes, &len);
  back = runnel_import_events (text, len, RUNNEL_EXPORT_FORMAT_NDJSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->len, ==, events->len);
  for (guint i = 0; i < back->len; i++)
    runnel_timing_event (again, g_ptr_array_index (back, i));

  runnel_timing_get_gaps (fixture->timing, &gaps);
  runnel_timing_get_gaps (again, &gaps_again);
  g_assert_cmpuint (gaps_again.n, ==, 5);
  g_assert_cmpint (gaps_again.max, ==, 6 * SECOND - 7);
  g_assert_cmpint (gaps_again.max, ==, gaps.max);
  g_assert_cmpint (gaps_again.p50, ==, gaps.p50);
  g_assert_cmpint (gaps_again.max_at, ==, gaps.max_at);
  g_assert_cmpuint (runnel_timing_get_n_stalls (again), ==, 1);
}

/* the timeline's counts: 1 ms buckets, twice as wide each time they run out, nothing lost */
static void
test_series (Fixture       *fixture,
             gconstpointer  data)
{
  const guint32 *series;
  gint64 width;
  guint64 sum = 0;
  guint n;

  g_assert_null (runnel_timing_get_series (fixture->timing, &n, &width));
  g_assert_cmpuint (n, ==, 0);

  open_stream (fixture);
  event (fixture);
  at (fixture, 1500);
  event (fixture);
  event (fixture);
  series = runnel_timing_get_series (fixture->timing, &n, &width);
  g_assert_cmpint (width, ==, MS);
  g_assert_cmpuint (n, ==, 2);
  g_assert_cmpuint (series[0], ==, 1);
  g_assert_cmpuint (series[1], ==, 2);

  /* 5 s: 5000 buckets of 1 ms would be too many, 2500 of 2 ms are not */
  at (fixture, 5 * SECOND);
  event (fixture);
  series = runnel_timing_get_series (fixture->timing, &n, &width);
  g_assert_cmpint (width, ==, 2 * MS);
  g_assert_cmpuint (n, ==, 2501);
  g_assert_cmpuint (series[0], ==, 3);
  g_assert_cmpuint (series[2500], ==, 1);

  /* events of one read share their time, and their bucket once the buckets widened */
  event (fixture);
  event (fixture);
  series = runnel_timing_get_series (fixture->timing, &n, &width);
  g_assert_cmpuint (n, ==, 2501);
  g_assert_cmpuint (series[2500], ==, 3);

  /* an hour */
  at (fixture, 3600 * SECOND);
  event (fixture);
  series = runnel_timing_get_series (fixture->timing, &n, &width);
  g_assert_cmpuint (n, <=, 4096);
  g_assert_cmpint (3600 * SECOND / width, <, 4096);
  for (guint i = 0; i < n; i++)
    sum += series[i];
  g_assert_cmpuint (sum, ==, 7);
  g_assert_cmpuint (series[n - 1], ==, 1);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/timing/" path, Fixture, NULL, setup, func, teardown)

  ADD ("no-events", test_no_events);
  ADD ("one-event", test_one_event);
  ADD ("first-content", test_first_content);
  ADD ("gaps", test_gaps);
  ADD ("connections", test_connections);
  ADD ("stalls", test_stalls);
  ADD ("no-stall-before-response", test_no_stall_before_response);
  ADD ("bursts", test_bursts);
  ADD ("one-read", test_one_read);
  ADD ("same-time", test_same_time);
  ADD ("no-burst", test_no_burst);
  ADD ("hints", test_hints);
  ADD ("capture", test_capture);
  ADD ("export-round-trip", test_export_round_trip);
  ADD ("series", test_series);

#undef ADD

  return g_test_run ();
}
