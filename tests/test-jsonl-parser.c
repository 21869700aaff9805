/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-jsonl-parser.c: newline-delimited JSON to events, in every chunking, with limits */

#include "config.h"

#include <string.h>

#include "runnel-jsonl-parser.h"
#include "utf8-cases.h"

typedef struct
{
  GPtrArray *events;
  GPtrArray *errors;
} Collected;

static void
collect_event (RunnelSseEvent *event,
               gpointer        user_data)
{
  Collected *c = user_data;

  g_ptr_array_add (c->events, runnel_sse_event_ref (event));
}

static void
collect_error (RunnelJsonlParser *parser,
               const GError      *error,
               Collected         *c)
{
  g_ptr_array_add (c->errors, g_error_copy (error));
}

static void
collected_init (Collected *c)
{
  c->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  c->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);
}

static void
collected_clear (Collected *c)
{
  g_clear_pointer (&c->events, g_ptr_array_unref);
  g_clear_pointer (&c->errors, g_ptr_array_unref);
}

/* feeds @input in pieces of @chunk bytes (0: all at once) */
static RunnelJsonlParser *
parse (const char *input,
       gsize       len,
       gsize       chunk,
       guint64     max,
       Collected  *c)
{
  RunnelJsonlParser *parser = runnel_jsonl_parser_new ();

  collected_init (c);
  runnel_jsonl_parser_set_event_func (parser, collect_event, c, NULL);
  runnel_jsonl_parser_set_max_event_size (parser, max);
  g_signal_connect (parser, "error", G_CALLBACK (collect_error), c);

  if (chunk == 0)
    chunk = MAX (len, 1);
  for (gsize i = 0; i < len; i += chunk)
    runnel_jsonl_parser_feed (parser, (const guint8 *) input + i, MIN (chunk, len - i));
  runnel_jsonl_parser_finish (parser);

  return parser;
}

static void
assert_event (Collected  *c,
              guint       index,
              const char *data)
{
  RunnelSseEvent *event;

  g_assert_cmpuint (c->events->len, >, index);
  event = g_ptr_array_index (c->events, index);
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, data);
  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, "message");
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, "");
  g_assert_cmpuint (runnel_sse_event_get_sequence (event), ==, index + 1);
}

static void
test_lines_every_chunking (void)
{
  static const char input[] =
    "\xEF\xBB\xBF{\"a\":1}\n"
    "\n"
    "  \t\r\n"
    "{\"b\":\"x\\ny\"}\r\n"
    "\x1E{\"seq\":true}\n"
    "[1,2,\"é😀\"]\n"
    "not json at all\n"
    "{\"last\":\"no newline\"}";

  for (gsize chunk = 0; chunk <= sizeof input; chunk++)
    {
      Collected c;
      g_autoptr(RunnelJsonlParser) parser = parse (input, sizeof input - 1, chunk, 0, &c);

      g_assert_cmpuint (c.events->len, ==, 6);
      assert_event (&c, 0, "{\"a\":1}");
      assert_event (&c, 1, "{\"b\":\"x\\ny\"}");
      assert_event (&c, 2, "{\"seq\":true}");
      assert_event (&c, 3, "[1,2,\"é😀\"]");
      assert_event (&c, 4, "not json at all");
      assert_event (&c, 5, "{\"last\":\"no newline\"}");
      g_assert_cmpuint (runnel_sse_event_get_wire_size (g_ptr_array_index (c.events, 1)), ==, 14);
      g_assert_cmpuint (runnel_jsonl_parser_get_events_parsed (parser), ==, 6);
      g_assert_cmpuint (runnel_jsonl_parser_get_bytes_parsed (parser), ==, sizeof input - 1);
      g_assert_cmpuint (c.errors->len, ==, 0);
      collected_clear (&c);
      g_assert_finalize_object (g_steal_pointer (&parser));
    }
}

/*
 * Decoded as the event-stream parser decodes a data line: the same table (utf8-cases.h) as
 * test-sse-parser, the WHATWG decoder's output. The line twice, the second without its LF
 * (dispatched by finish ()), fed whole and in chunks of every size.
 */
static void
test_utf8_case (gconstpointer user_data)
{
  const Utf8Case *uc = user_data;
  g_autoptr(GString) stream = g_string_new (NULL);

  g_string_append_len (stream, uc->input, uc->input_len);
  g_string_append_c (stream, '\n');
  g_string_append_len (stream, uc->input, uc->input_len);

  for (gsize chunk = 0; chunk <= stream->len; chunk++)
    {
      Collected c;

      g_assert_finalize_object (parse (stream->str, stream->len, chunk, 0, &c));
      g_assert_cmpuint (c.events->len, ==, 2);
      for (guint i = 0; i < 2; i++)
        {
          RunnelSseEvent *event = g_ptr_array_index (c.events, i);
          gsize len;
          const char *data = runnel_sse_event_get_data (event, &len);

          utf8_case_assert (uc, data, len);
        }
      collected_clear (&c);
    }
}

static void
test_limit (void)
{
  static const char input[] = "{\"ok\":1}\n{\"way\":\"too long for the limit\"}\r\n{\"ok\":2}\n"
                              "{\"unterminated and too long\"}";

  for (gsize chunk = 0; chunk < 12; chunk++)
    {
      Collected c;
      const GError *error;

      g_object_unref (parse (input, sizeof input - 1, chunk, 10, &c));
      g_assert_cmpuint (c.events->len, ==, 2);
      assert_event (&c, 0, "{\"ok\":1}");
      assert_event (&c, 1, "{\"ok\":2}");
      g_assert_cmpuint (c.errors->len, ==, 2);
      error = g_ptr_array_index (c.errors, 0);
      g_assert_error (error, RUNNEL_JSONL_PARSER_ERROR, RUNNEL_JSONL_PARSER_ERROR_LINE_TOO_LONG);
      g_assert_nonnull (strstr (error->message, "10 bytes"));
      collected_clear (&c);
    }
}

static void
event_signal (RunnelJsonlParser *parser,
              RunnelSseEvent    *event,
              guint             *count)
{
  (*count)++;
}

static void
test_signal_and_reset (void)
{
  g_autoptr(RunnelJsonlParser) parser = runnel_jsonl_parser_new ();
  guint count = 0;

  g_signal_connect (parser, "event", G_CALLBACK (event_signal), &count);
  g_assert_false (runnel_jsonl_parser_has_pending (parser));
  runnel_jsonl_parser_feed (parser, (const guint8 *) "1\n2\npartial", 11);
  g_assert_cmpuint (count, ==, 2);
  g_assert_true (runnel_jsonl_parser_has_pending (parser));
  runnel_jsonl_parser_reset (parser);
  g_assert_false (runnel_jsonl_parser_has_pending (parser));
  runnel_jsonl_parser_finish (parser);
  g_assert_cmpuint (count, ==, 2);
  runnel_jsonl_parser_feed (parser, (const guint8 *) "3", 1);
  runnel_jsonl_parser_finish (parser);
  g_assert_cmpuint (count, ==, 3);
  g_assert_cmpuint (runnel_jsonl_parser_get_events_parsed (parser), ==, 3);
}

static void
test_content_type (void)
{
  g_assert_true (runnel_jsonl_is_content_type ("application/x-ndjson"));
  g_assert_true (runnel_jsonl_is_content_type ("Application/JSONL; charset=utf-8"));
  g_assert_true (runnel_jsonl_is_content_type (" application/json-seq "));
  g_assert_true (runnel_jsonl_is_content_type ("application/stream+json"));
  g_assert_false (runnel_jsonl_is_content_type ("application/json"));
  g_assert_false (runnel_jsonl_is_content_type ("text/event-stream"));
  g_assert_false (runnel_jsonl_is_content_type (""));
  g_assert_false (runnel_jsonl_is_content_type (NULL));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/jsonl-parser/every-chunking", test_lines_every_chunking);
  g_test_add_func ("/runnel/jsonl-parser/limit", test_limit);
  g_test_add_func ("/runnel/jsonl-parser/signal-and-reset", test_signal_and_reset);
  g_test_add_func ("/runnel/jsonl-parser/content-type", test_content_type);
  utf8_cases_add ("/runnel/jsonl-parser/utf8", test_utf8_case);

  return g_test_run ();
}
