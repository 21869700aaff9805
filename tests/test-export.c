/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-export.c: export to NDJSON, JSON and text/event-stream, and lossless import back */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-event-log.h"
#include "runnel-export.h"
#include "runnel-timing.h"

typedef struct
{
  const char *type;
  const char *data;
  gssize      data_len;
  const char *id;
} Sample;

/* the tricky cases: every one must come back as it went out, in every format */
static const Sample samples[] = {
  { "message", "plain", -1, "" },
  { "update", "line 1\nline 2\n\nline 4", -1, "1" },
  { "message", "", -1, "1" },                         /* empty data, sticky id */
  { "message", "\n", -1, "2" },                       /* only a newline */
  { "message", "trailing newline\n", -1, "2" },
  { "message", " leading space", -1, "" },            /* the id set back to "" */
  { "ünïcødé", "astral 😀𝄞, U+2028 \xe2\x80\xa8 U+2029 \xe2\x80\xa9, \"quotes\", \\, \t, "
               "\x01\x1f\x7f", -1, "é 😀" },
  { "message", ": not a comment", -1, " spaced id" },
  { "message", "data: not a field\nid: nor this", -1, " spaced id" },
  { " spaced type", "\xEF\xBB\xBF a BOM inside", -1, "3" },
  { "message", "{\"json\":[1,2,{\"a\":null}]}", -1, "3" },
};

static GPtrArray *
make_events (void)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);

  for (guint i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      const Sample *s = &samples[i];
      gsize len = s->data_len < 0 ? strlen (s->data) : (gsize) s->data_len;
      /* 2026-01-02T03:04:05.000678Z plus i seconds; one whole second */
      gint64 time = (G_GINT64_CONSTANT (1767323045) + i) * G_USEC_PER_SEC + (i == 3 ? 0 : 678);

      g_ptr_array_add (events, runnel_sse_event_new (s->type, strlen (s->type), s->data, len,
                                                     s->id, strlen (s->id), i + 1,
                                                     time, time, len + 8));
    }

  return events;
}

static void
assert_same_events (GPtrArray *expected,
                    GPtrArray *got,
                    gboolean   with_seq_and_time)
{
  g_assert_cmpuint (got->len, ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    {
      RunnelSseEvent *a = g_ptr_array_index (expected, i);
      RunnelSseEvent *b = g_ptr_array_index (got, i);
      gsize a_len = 0, b_len = 0;
      const char *a_data = runnel_sse_event_get_data (a, &a_len);
      const char *b_data = runnel_sse_event_get_data (b, &b_len);

      g_assert_cmpstr (runnel_sse_event_get_event_type (b), ==,
                       runnel_sse_event_get_event_type (a));
      g_assert_cmpmem (b_data, b_len, a_data, a_len);
      g_assert_cmpstr (runnel_sse_event_get_id (b), ==, runnel_sse_event_get_id (a));
      if (with_seq_and_time)
        {
          g_assert_cmpuint (runnel_sse_event_get_sequence (b), ==,
                            runnel_sse_event_get_sequence (a));
          g_assert_cmpint (runnel_sse_event_get_real_time (b), ==,
                           runnel_sse_event_get_real_time (a));
        }
    }
}

static GPtrArray *
round_trip (GPtrArray          *events,
            RunnelExportFormat  format)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  GPtrArray *back;
  gsize len = 0;
  const char *data;

  bytes = runnel_export_events ((RunnelSseEvent * const *) events->pdata, events->len, format,
                                &error);
  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &len);
  if (events->len > 0)
    g_assert_cmpint (runnel_import_guess_format (data, len), ==, format);

  back = runnel_import_events (data, len, format, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  return back;
}

static void
test_round_trip (void)
{
  g_autoptr(GPtrArray) events = make_events ();
  g_autoptr(GPtrArray) ndjson = round_trip (events, RUNNEL_EXPORT_FORMAT_NDJSON);
  g_autoptr(GPtrArray) array = round_trip (events, RUNNEL_EXPORT_FORMAT_JSON_ARRAY);
  g_autoptr(GPtrArray) raw = round_trip (events, RUNNEL_EXPORT_FORMAT_EVENT_STREAM);

  assert_same_events (events, ndjson, TRUE);
  assert_same_events (events, array, TRUE);
  assert_same_events (events, raw, FALSE);
}

static gint64 timing_now;

static gint64
timing_clock (gpointer user_data)
{
  return timing_now;
}

/* a stream's timing from its events: what the Timing view and --summary read */
static RunnelTiming *
timing_of (GPtrArray *events,
           gint64     start)
{
  RunnelTiming *timing = runnel_timing_new ();

  runnel_timing_set_clock (timing, timing_clock, NULL);
  timing_now = start;
  runnel_timing_connection_started (timing);
  for (guint i = 0; i < events->len; i++)
    runnel_timing_event (timing, g_ptr_array_index (events, i));
  timing_now = runnel_sse_event_get_monotonic_time (g_ptr_array_index (events, events->len - 1));
  runnel_timing_connection_ended (timing);

  return timing;
}

/* an export keeps each event's arrival time to the microsecond: a capture's gaps and bursts
 * can be studied again once it is opened */
static void
test_arrival_times (void)
{
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  /* 2026-01-02T03:04:05Z */
  gint64 start = G_GINT64_CONSTANT (1767323045) * G_USEC_PER_SEC;
  /* three events 250 ms apart, a silence of 2.5 s, then a burst of six within 1 ms */
  const gint64 offsets[] = { 100000, 350000, 600000, 3100000, 3100150, 3100300, 3100450,
                             3100700, 3100999 };

  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree char *data = g_strdup_printf ("{\"n\":%u}", i + 1);

      g_ptr_array_add (events, runnel_sse_event_new ("message", 7, data, strlen (data), "", 0,
                                                     i + 1, start + offsets[i],
                                                     start + offsets[i], strlen (data) + 8));
    }

  for (RunnelExportFormat format = RUNNEL_EXPORT_FORMAT_NDJSON;
       format <= RUNNEL_EXPORT_FORMAT_JSON_ARRAY; format++)
    {
      g_autoptr(GPtrArray) back = round_trip (events, format);
      g_autoptr(RunnelTiming) before = timing_of (events, start);
      g_autoptr(RunnelTiming) after = timing_of (back, start);
      RunnelTimingGaps gaps_before, gaps_after;
      const RunnelTimingBurst *burst;
      guint n;

      for (guint i = 0; i < back->len; i++)
        {
          RunnelSseEvent *event = g_ptr_array_index (back, i);

          g_assert_cmpint (runnel_sse_event_get_real_time (event), ==, start + offsets[i]);
          /* an imported event counts at the time it arrived, not at the import */
          g_assert_cmpint (runnel_sse_event_get_monotonic_time (event), ==, start + offsets[i]);
        }

      runnel_timing_get_gaps (before, &gaps_before);
      runnel_timing_get_gaps (after, &gaps_after);
      g_assert_cmpuint (gaps_after.n, ==, gaps_before.n);
      g_assert_cmpint (gaps_after.max, ==, 2500000);
      g_assert_cmpint (gaps_after.max_at, ==, gaps_before.max_at);
      g_assert_cmpint (runnel_timing_get_milestone (after, RUNNEL_TIMING_FIRST_EVENT), ==,
                       100000);
      g_assert_cmpuint (runnel_timing_get_n_bursts (after), ==, 1);
      burst = runnel_timing_get_bursts (after, &n);
      g_assert_cmpuint (burst[0].n_events, ==, 6);
      g_assert_cmpint (burst[0].wait, ==, 2500000);
      g_assert_cmpint (burst[0].span, ==, 999 - 0);
    }
}

/* random lists of events from the characters that matter to the formats */
static void
test_round_trip_random (void)
{
  static const char * const pieces[] = {
    "a", " ", ":", "\n", "\t", "é", "😀", "\xe2\x80\xa8", "\"", "\\", "data:", "id:", "{", "}",
    "\xEF\xBB\xBF", "\x01", "",
  };

  for (guint round = 0; round < 300; round++)
    {
      g_autoptr(GPtrArray) events =
        g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
      g_autoptr(GPtrArray) ndjson = NULL;
      g_autoptr(GPtrArray) raw = NULL;
      guint n = g_test_rand_int_range (0, 6);

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(GString) type = g_string_new (NULL);
          g_autoptr(GString) data = g_string_new (NULL);
          g_autoptr(GString) id = g_string_new (NULL);
          GString *fields[] = { type, data, id };

          for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
            {
              guint len = g_test_rand_int_range (0, 6);

              for (guint k = 0; k < len; k++)
                {
                  const char *piece = pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))];

                  /* no line break in a type or id: text/event-stream cannot carry one */
                  if (f != 1 && strchr (piece, '\n') != NULL)
                    continue;
                  g_string_append (fields[f], piece);
                }
            }

          g_ptr_array_add (events, runnel_sse_event_new (type->str, type->len, data->str, data->len,
                                                         id->str, id->len, i + 1,
                                                         i * G_USEC_PER_SEC, i * G_USEC_PER_SEC,
                                                         data->len));
        }

      ndjson = round_trip (events, RUNNEL_EXPORT_FORMAT_NDJSON);
      assert_same_events (events, ndjson, TRUE);
      raw = round_trip (events, RUNNEL_EXPORT_FORMAT_EVENT_STREAM);
      assert_same_events (events, raw, FALSE);
    }
}

static void
test_empty (void)
{
  g_autoptr(GPtrArray) events = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) array = runnel_export_events (NULL, 0, RUNNEL_EXPORT_FORMAT_JSON_ARRAY, &error);

  g_assert_no_error (error);
  g_assert_cmpmem (g_bytes_get_data (array, NULL), g_bytes_get_size (array), "[]\n", 3);

  for (RunnelExportFormat format = 0; format <= RUNNEL_EXPORT_FORMAT_EVENT_STREAM; format++)
    {
      g_autoptr(GPtrArray) back = round_trip (events, format);

      g_assert_cmpuint (back->len, ==, 0);
    }
}

static void
test_event_stream_text (void)
{
  g_autoptr(GPtrArray) events = make_events ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *text = NULL;

  g_ptr_array_set_size (events, 6);
  bytes = runnel_export_events ((RunnelSseEvent * const *) events->pdata, events->len,
                                RUNNEL_EXPORT_FORMAT_EVENT_STREAM, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpstr (text, ==,
                   "data: plain\n\n"
                   "event: update\nid: 1\ndata: line 1\ndata: line 2\ndata: \ndata: line 4\n\n"
                   "data: \n\n"
                   "id: 2\ndata: \ndata: \n\n"
                   "data: trailing newline\ndata: \n\n"
                   "id\ndata:  leading space\n\n");
}

static void
test_nul_in_data (void)
{
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  g_autoptr(GPtrArray) raw = NULL;

  g_ptr_array_add (events, runnel_sse_event_new (NULL, 0, "a\0b", 3, NULL, 0, 1, 0, 0, 3));
  raw = round_trip (events, RUNNEL_EXPORT_FORMAT_EVENT_STREAM);
  assert_same_events (events, raw, FALSE);
}

static void
test_not_representable (void)
{
  static const struct { const char *type, *data, *id, *message; } cases[] = {
    { "message", "ok", "a\rb", "id contains a line break" },
    { "message", "ok", "a\nb", "id contains a line break" },
    { "bad\ntype", "ok", "", "type contains a line break" },
    { "message", "carriage\rreturn", "", "data contains a carriage return" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GPtrArray) events =
        g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
      g_autoptr(GPtrArray) ndjson = NULL;
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) bytes = NULL;

      g_ptr_array_add (events, runnel_sse_event_new (cases[i].type, strlen (cases[i].type),
                                                     cases[i].data, strlen (cases[i].data),
                                                     cases[i].id, strlen (cases[i].id),
                                                     7, 0, 0, 0));
      bytes = runnel_export_events ((RunnelSseEvent * const *) events->pdata, 1,
                                    RUNNEL_EXPORT_FORMAT_EVENT_STREAM, &error);
      g_assert_null (bytes);
      g_assert_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_NOT_REPRESENTABLE);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_nonnull (strstr (error->message, "Event 7"));

      /* NDJSON carries them all */
      ndjson = round_trip (events, RUNNEL_EXPORT_FORMAT_NDJSON);
      assert_same_events (events, ndjson, TRUE);
    }
}

/* the NDJSON export is what `runnel --print -` prints for the same stream */
static void
test_matches_print (void)
{
  g_autoptr(GPtrArray) events = make_events ();
  g_autoptr(GPtrArray) printed = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) raw = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("RUNNEL_BINARY");

  if (binary == NULL)
    {
      g_test_skip ("RUNNEL_BINARY is not set");
      return;
    }

  raw = runnel_export_events ((RunnelSseEvent * const *) events->pdata, events->len,
                              RUNNEL_EXPORT_FORMAT_EVENT_STREAM, &error);
  g_assert_no_error (error);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE,
                              &error, binary, "--print", "-", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, raw, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  printed = runnel_import_events (g_bytes_get_data (out, NULL), g_bytes_get_size (out),
                                  RUNNEL_EXPORT_FORMAT_NDJSON, &error);
  g_assert_no_error (error);
  assert_same_events (events, printed, FALSE);

  /* same object, same bytes: only the time of reception differs */
  for (guint i = 0; i < events->len; i++)
    {
      RunnelSseEvent *event = g_ptr_array_index (printed, i);
      g_autoptr(GBytes) line = runnel_export_events (&event, 1, RUNNEL_EXPORT_FORMAT_NDJSON, NULL);
      g_autofree char *text = g_strndup (g_bytes_get_data (line, NULL), g_bytes_get_size (line));
      g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (out, NULL), "\n", -1);

      g_assert_cmpstr (lines[i], ==, g_strchomp (text));
    }
}

static void
test_model (void)
{
  g_autoptr(GPtrArray) events = make_events ();
  g_autoptr(RunnelEventLog) log = runnel_event_log_new (0);

  for (guint i = 0; i < events->len; i++)
    runnel_event_log_append (log, g_ptr_array_index (events, i));
  runnel_event_log_flush (log);

  for (RunnelExportFormat format = 0; format <= RUNNEL_EXPORT_FORMAT_EVENT_STREAM; format++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) from_model = runnel_export_model (G_LIST_MODEL (log), format, &error);
      g_autoptr(GBytes) from_array =
        runnel_export_events ((RunnelSseEvent * const *) events->pdata, events->len, format,
                              &error);

      g_assert_no_error (error);
      g_assert_true (g_bytes_equal (from_model, from_array));
    }
}

static void
assert_import_error (const char         *text,
                     RunnelExportFormat  format,
                     const char         *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = runnel_import_events (text, strlen (text), format, &error);

  g_assert_null (events);
  g_assert_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_INVALID);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
}

static void
test_import_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *huge = NULL;
  gsize huge_len = 17 * 1024 * 1024;
  static const char crlf[] = "{\"data\":\"x\",\"extra\":[1]}\r\n\r\n{\"data\":\"y\"}\r\n";

  assert_import_error ("{\"data\":\"a\"}\n{\"data\":", RUNNEL_EXPORT_FORMAT_NDJSON, "Line 2");
  assert_import_error ("\n\n{\"type\":\"x\"}", RUNNEL_EXPORT_FORMAT_NDJSON, "Line 3: it has no");
  assert_import_error ("{\"data\":\"a\",\"type\":1}", RUNNEL_EXPORT_FORMAT_NDJSON, "\"type\"");
  assert_import_error ("{\"data\":\"a\",\"id\":null}", RUNNEL_EXPORT_FORMAT_NDJSON, "\"id\"");
  assert_import_error ("{\"data\":\"a\",\"seq\":-1}", RUNNEL_EXPORT_FORMAT_NDJSON, "\"seq\"");
  assert_import_error ("{\"data\":\"a\",\"time\":\"yesterday\"}", RUNNEL_EXPORT_FORMAT_NDJSON,
                       "ISO 8601");
  assert_import_error ("[1]", RUNNEL_EXPORT_FORMAT_NDJSON, "not a JSON object");
  assert_import_error ("{\"data\":\"a\"}", RUNNEL_EXPORT_FORMAT_JSON_ARRAY, "not an array");
  assert_import_error ("[{\"data\":\"a\"},{}]", RUNNEL_EXPORT_FORMAT_JSON_ARRAY, "Element 2");
  assert_import_error ("[{\"data\":\"a\"", RUNNEL_EXPORT_FORMAT_JSON_ARRAY, "Not valid JSON");

  /* nested past the limit: refused with a reason before json-glib would overflow the stack */
  {
    g_autofree char *deep = g_strnfill (100000, '[');
    g_autofree char *line = g_strconcat ("{\"data\":\"a\"}\n{\"data\":", deep, NULL);

    assert_import_error (deep, RUNNEL_EXPORT_FORMAT_JSON_ARRAY, "more than 256 levels deep");
    assert_import_error (line, RUNNEL_EXPORT_FORMAT_NDJSON, "Line 2: The JSON nests");
  }

  /* minimal objects get defaults; extra members are ignored; CRLF files work */
  events = runnel_import_events (crlf, strlen (crlf), RUNNEL_EXPORT_FORMAT_NDJSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (runnel_sse_event_get_event_type (g_ptr_array_index (events, 1)), ==, "message");
  g_assert_cmpstr (runnel_sse_event_get_id (g_ptr_array_index (events, 1)), ==, "");
  g_assert_cmpuint (runnel_sse_event_get_sequence (g_ptr_array_index (events, 1)), ==, 2);
  g_clear_pointer (&events, g_ptr_array_unref);

  /* an event past the parser's limit in a raw capture */
  huge = g_malloc (huge_len);
  memset (huge, 'x', huge_len);
  memcpy (huge, "data: ", 6);
  huge[huge_len - 2] = '\n';
  huge[huge_len - 1] = '\n';
  events = runnel_import_events (huge, huge_len, RUNNEL_EXPORT_FORMAT_EVENT_STREAM, &error);
  g_assert_null (events);
  g_assert_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_TOO_LARGE);
}

/* hostile imports: random bytes from what the formats are made of give events or an error */
static void
test_import_random (void)
{
  static const char alphabet[] = "{}[]\":,\\ \n\rdataeventid0123456789truenull\x00\xff\xc3\xa9u";
  char text[96];

  for (guint round = 0; round < 3000; round++)
    {
      gsize len = g_test_rand_int_range (0, sizeof text);

      for (gsize i = 0; i < len; i++)
        text[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      for (RunnelExportFormat format = 0; format <= RUNNEL_EXPORT_FORMAT_EVENT_STREAM; format++)
        {
          g_autoptr(GError) error = NULL;
          g_autoptr(GPtrArray) events = runnel_import_events (text, len, format, &error);

          g_assert_true ((events == NULL) == (error != NULL));
          for (guint i = 0; events != NULL && i < events->len; i++)
            {
              const char *data = runnel_sse_event_get_data (g_ptr_array_index (events, i), NULL);

              g_assert_true (g_utf8_validate (data, -1, NULL));
            }
        }
    }
}

static void
test_guess_format (void)
{
  g_assert_cmpint (runnel_import_guess_format ("\xEF\xBB\xBF \n[{", 6), ==,
                   RUNNEL_EXPORT_FORMAT_JSON_ARRAY);
  g_assert_cmpint (runnel_import_guess_format ("\n{\"data\"", 8), ==, RUNNEL_EXPORT_FORMAT_NDJSON);
  g_assert_cmpint (runnel_import_guess_format ("data: {", 7), ==,
                   RUNNEL_EXPORT_FORMAT_EVENT_STREAM);
  g_assert_cmpint (runnel_import_guess_format ("", 0), ==, RUNNEL_EXPORT_FORMAT_EVENT_STREAM);
  g_assert_cmpstr (runnel_export_format_get_extension (RUNNEL_EXPORT_FORMAT_NDJSON), ==, "ndjson");
  g_assert_cmpstr (runnel_export_format_get_content_type (RUNNEL_EXPORT_FORMAT_EVENT_STREAM), ==,
                   "text/event-stream");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/export/round-trip", test_round_trip);
  g_test_add_func ("/runnel/export/round-trip-random", test_round_trip_random);
  g_test_add_func ("/runnel/export/arrival-times", test_arrival_times);
  g_test_add_func ("/runnel/export/empty", test_empty);
  g_test_add_func ("/runnel/export/event-stream-text", test_event_stream_text);
  g_test_add_func ("/runnel/export/nul-in-data", test_nul_in_data);
  g_test_add_func ("/runnel/export/not-representable", test_not_representable);
  g_test_add_func ("/runnel/export/matches-print", test_matches_print);
  g_test_add_func ("/runnel/export/model", test_model);
  g_test_add_func ("/runnel/export/import-errors", test_import_errors);
  g_test_add_func ("/runnel/export/import-random", test_import_random);
  g_test_add_func ("/runnel/export/guess-format", test_guess_format);

  return g_test_run ();
}
