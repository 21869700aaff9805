/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-parser.c: RunnelSseParser against the WHATWG event-stream rules, in every chunking */

#include "config.h"

#include <string.h>

#include "runnel-sse-parser.h"

/*
 * Each case is a stream and the transcript of what the parser reports for it, one line each:
 *   TYPE|DATA|ID|WIRE-SIZE     a dispatched event (\n, \r, \\ and control bytes escaped)
 *   retry N                    a valid retry: field
 *   comment TEXT               a comment line, without its colon
 *   error line | error event   the size limit was hit (LINE_TOO_LONG / EVENT_TOO_LARGE)
 *   last-id ID                 after finish (): the last event ID string, when not empty
 * Every case runs whole, byte by byte, and split in two at every position.
 */

#define FFFD "\xEF\xBF\xBD"
#define IN(s) s, sizeof s - 1

typedef struct
{
  const char *name;
  const char *input;
  gsize       input_len;
  guint64     limit;     /* max-event-size; 0 keeps the default */
  const char *expected;
} ParserCase;

static const ParserCase cases[] = {
  /* line endings */
  { "lf", IN ("data: a\n\n"), 0, "message|a||9\n" },
  { "cr", IN ("data: a\r\r"), 0, "message|a||9\n" },
  /* the LF of the blank line's CRLF is not counted: the event is dispatched at the CR */
  { "crlf", IN ("data: a\r\n\r\n"), 0, "message|a||10\n" },
  { "mixed-endings", IN ("data: a\rdata: b\ndata: c\r\n\n"), 0, "message|a\\nb\\nc||26\n" },
  { "crlf-two-events", IN ("data: a\r\n\r\ndata: b\r\n\r\n"), 0,
    "message|a||10\nmessage|b||10\n" },
  { "lf-cr-is-two-lines", IN ("data: a\n\rdata: b\n\n"), 0, "message|a||9\nmessage|b||9\n" },
  { "cr-crlf", IN ("data: a\r\r\ndata: b\n\n"), 0, "message|a||9\nmessage|b||9\n" },
  { "crlf-then-lf", IN ("data: a\r\n\n"), 0, "message|a||10\n" },
  { "blank-lines-only", IN ("\r\n\r\n\n\r\r"), 0, "" },
  { "blank-lines-between", IN ("data: a\n\n\n\r\ndata: b\n\n"), 0,
    "message|a||9\nmessage|b||9\n" },
  { "cr-in-value-ends-line", IN ("data: a\rb\n\n"), 0, "message|a||11\n" },

  /* end of stream: pending data is discarded */
  { "no-blank-line", IN ("data: a\n"), 0, "" },
  { "unterminated-line", IN ("data: a\n\ndata: b"), 0, "message|a||9\n" },
  { "unterminated-blank", IN ("data: a\ndata: b\n"), 0, "" },
  { "unterminated-id-line", IN ("data: a\n\nid: 7"), 0, "message|a||9\n" },
  /* the id line is processed, but no blank line made it the last event ID string */
  { "unfinished-event-id", IN ("id: 7\ndata: b\n"), 0, "" },

  /* byte order mark */
  { "bom", IN ("\xEF\xBB\xBF" "data: a\n\n"), 0, "message|a||9\n" },
  { "bom-twice", IN ("\xEF\xBB\xBF\xEF\xBB\xBF" "data: a\n\ndata: b\n\n"), 0,
    "message|b||9\n" },
  { "bom-not-at-start", IN ("data: a\n\n\xEF\xBB\xBF" "data: b\n\n"), 0, "message|a||9\n" },
  { "bom-partial", IN ("\xEF\xBB:x\ndata: a\n\n"), 0, "message|a||14\n" },
  { "bom-then-blank", IN ("\xEF\xBB\xBF\ndata: a\n\n"), 0, "message|a||9\n" },
  { "bom-then-comment", IN ("\xEF\xBB\xBF: hi\n"), 0, "comment  hi\n" },

  /* comments */
  { "comment", IN (": hello\n"), 0, "comment  hello\n" },
  { "comment-empty", IN (":\n"), 0, "comment \n" },
  { "comment-no-dispatch", IN (": ping\n\n"), 0, "comment  ping\n" },
  { "comment-inside-event", IN ("data: a\n:c\ndata: b\n\n"), 0, "comment c\nmessage|a\\nb||20\n" },
  { "comment-colon-data", IN (":data: a\n\n"), 0, "comment data: a\n" },

  /* fields */
  { "no-space", IN ("data:a\n\n"), 0, "message|a||8\n" },
  { "two-spaces", IN ("data:  a\n\n"), 0, "message| a||10\n" },
  { "tab-kept", IN ("data:\ta\n\n"), 0, "message|\\ta||9\n" },
  { "trailing-space-kept", IN ("data: a \n\n"), 0, "message|a ||10\n" },
  { "colons-in-value", IN ("data: a:b: c\n\n"), 0, "message|a:b: c||14\n" },
  { "data-no-colon", IN ("data\n\n"), 0, "message|||6\n" },
  { "data-empty-value", IN ("data:\n\n"), 0, "message|||7\n" },
  { "data-no-colon-twice", IN ("data\ndata\n\n"), 0, "message|\\n||11\n" },
  { "field-case-sensitive", IN ("Data: a\n\n"), 0, "" },
  { "field-space-before-colon", IN ("data : a\n\n"), 0, "" },
  { "field-leading-space", IN (" data: a\n\n"), 0, "" },
  { "unknown-field", IN ("foo: bar\ndata: a\nfoo\n\n"), 0, "message|a||22\n" },

  /* data */
  { "data-joined", IN ("data: a\ndata: b\n\n"), 0, "message|a\\nb||17\n" },
  { "data-empty-line-kept", IN ("data: a\ndata:\ndata: b\n\n"), 0, "message|a\\n\\nb||23\n" },
  { "data-one-lf-stripped", IN ("data: a\ndata:\n\n"), 0, "message|a\\n||15\n" },
  { "two-events", IN ("data: a\n\ndata: b\n\n"), 0, "message|a||9\nmessage|b||9\n" },
  { "data-json", IN ("data: {\"a\": [1, 2]}\n\n"), 0, "message|{\"a\": [1, 2]}||21\n" },
  { "data-nul", IN ("data: a\0b\n\n"), 0, "message|a\\x00b||11\n" },

  /* event type */
  { "event-type", IN ("event: add\ndata: a\n\n"), 0, "add|a||20\n" },
  { "event-type-reset", IN ("event: add\ndata: a\n\ndata: b\n\n"), 0, "add|a||20\nmessage|b||9\n" },
  { "event-type-empty", IN ("event:\ndata: a\n\n"), 0, "message|a||16\n" },
  { "event-type-last-wins", IN ("event: a\nevent: b\ndata: x\n\n"), 0, "b|x||27\n" },
  { "event-type-without-data", IN ("event: add\n\ndata: b\n\n"), 0, "message|b||9\n" },
  { "event-type-after-data", IN ("data: x\nevent: e\n\n"), 0, "e|x||18\n" },
  { "event-type-message", IN ("event: message\ndata: x\n\n"), 0, "message|x||24\n" },

  /* id and the last event ID */
  { "id", IN ("id: 1\ndata: a\n\n"), 0, "message|a|1|15\nlast-id 1\n" },
  { "id-persists", IN ("id: 1\ndata: a\n\ndata: b\n\n"), 0,
    "message|a|1|15\nmessage|b|1|9\nlast-id 1\n" },
  { "id-empty-resets", IN ("id: 1\ndata: a\n\nid\ndata: b\n\n"), 0,
    "message|a|1|15\nmessage|b||12\n" },
  { "id-colon-empty-resets", IN ("id: 1\ndata: a\n\nid:\ndata: b\n\n"), 0,
    "message|a|1|15\nmessage|b||13\n" },
  { "id-nul-ignored", IN ("id: 1\ndata: a\n\nid: 2\0x\ndata: b\n\n"), 0,
    "message|a|1|15\nmessage|b|1|17\nlast-id 1\n" },
  { "id-without-data", IN ("id: 5\n\ndata: a\n\n"), 0, "message|a|5|9\nlast-id 5\n" },
  { "id-only", IN ("id: 5\n\n"), 0, "last-id 5\n" },
  { "id-after-data", IN ("data: a\nid: 3\n\n"), 0, "message|a|3|15\nlast-id 3\n" },
  { "id-spaces", IN ("id:  x\ndata: a\n\n"), 0, "message|a| x|16\nlast-id  x\n" },
  { "id-invalid-utf8", IN ("id: \xFF\ndata: a\n\n"), 0,
    "message|a|" FFFD "|15\nlast-id " FFFD "\n" },

  /* retry */
  { "retry", IN ("retry: 1000\n"), 0, "retry 1000\n" },
  { "retry-no-space", IN ("retry:5\n"), 0, "retry 5\n" },
  { "retry-leading-zeros", IN ("retry: 007\n"), 0, "retry 7\n" },
  { "retry-not-digits", IN ("retry: 10a\nretry: -1\nretry: 1.5\nretry:\nretry:  5\nretry\n"), 0,
    "" },
  { "retry-overflow", IN ("retry: 99999999999999999999999\n"), 0, "retry 18446744073709551615\n" },
  { "retry-no-dispatch", IN ("retry: 5\n\ndata: a\n\n"), 0, "retry 5\nmessage|a||9\n" },
  { "retry-inside-event", IN ("data: a\nretry: 5\n\n"), 0, "retry 5\nmessage|a||18\n" },

  /* UTF-8 decoding: one U+FFFD per maximal subpart */
  { "utf8-valid", IN ("data: h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80\n\n"), 0,
    "message|h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80||20\n" },
  { "utf8-invalid-byte", IN ("data: a\xFF" "b\n\n"), 0, "message|a" FFFD "b||11\n" },
  { "utf8-truncated", IN ("data: \xE6\x97\n\n"), 0, "message|" FFFD "||10\n" },
  { "utf8-truncated-then-ascii", IN ("data: \xE6\x97" "a\n\n"), 0, "message|" FFFD "a||11\n" },
  { "utf8-truncated-4", IN ("data: \xF0\x9F\x98" "a\n\n"), 0, "message|" FFFD "a||12\n" },
  { "utf8-overlong", IN ("data: \xC0\xAF\n\n"), 0, "message|" FFFD FFFD "||10\n" },
  { "utf8-overlong-3", IN ("data: \xE0\x80\x80\n\n"), 0, "message|" FFFD FFFD FFFD "||11\n" },
  { "utf8-surrogate", IN ("data: \xED\xA0\x80\n\n"), 0, "message|" FFFD FFFD FFFD "||11\n" },
  { "utf8-above-max", IN ("data: \xF4\x90\x80\x80\n\n"), 0,
    "message|" FFFD FFFD FFFD FFFD "||12\n" },
  { "utf8-continuations", IN ("data: \x80\xBF\n\n"), 0, "message|" FFFD FFFD "||10\n" },
  { "utf8-lead-then-lead", IN ("data: \xE6\xE6\x97\xA5\n\n"), 0,
    "message|" FFFD "\xE6\x97\xA5||12\n" },
  { "utf8-line-break-inside", IN ("data: \xE6\n\x97\n\n"), 0, "message|" FFFD "||11\n" },
  { "utf8-invalid-field-name", IN ("d\xFF" "ata: a\n\n"), 0, "" },
  { "utf8-event-type", IN ("event: \xFE\ndata: a\n\n"), 0, FFFD "|a||18\n" },
  { "utf8-comment", IN (":\xFF\n"), 0, "comment " FFFD "\n" },

  /* size limit: a line or an event's data past max-event-size */
  { "limit-line-too-long", IN (": 0123456789abc\ndata: a\n\n"), 10,
    "error line\nmessage|a||25\n" },
  { "limit-line-exact", IN ("data: 1234\n\n"), 10, "message|1234||12\n" },
  { "limit-data-line-too-long", IN ("data: 12345\ndata: b\n\ndata: c\n\n"), 10,
    "error event\nmessage|c||9\n" },
  { "limit-event-too-large", IN ("data: 12345\ndata: 67890\n\ndata: ok\n\n"), 10,
    "error event\nmessage|ok||10\n" },
  { "limit-event-exact", IN ("data:1234\ndata:12345\n\n"), 10, "message|1234\\n12345||22\n" },
  { "limit-id-line-dropped", IN ("data: a\nid: 0123456789\n\n"), 10, "error line\nmessage|a||24\n" },
  /* the id of a dropped event still counts, so that a reconnection does not ask for it again */
  { "limit-dropped-event-keeps-id", IN ("data: 0123456789\nid: 5\n\n"), 10,
    "error event\nlast-id 5\n" },
  { "limit-unterminated", IN ("aaaaaaaaaaaaaaaaaaaa"), 10, "error line\n" },
  { "limit-one-error-per-line", IN (":aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\ndata: a\r\n\r\n"), 4,
    "error line\nerror event\n" },
  { "limit-recovers-each-line", IN (":aaaaaaaaaaaa\n:bbbbbbbbbbbbbbb\ndata: a\n\n"), 10,
    "error line\nerror line\nmessage|a||40\n" },
  { "limit-decoded-size", IN ("data:\xFF\xFF\xFF\n\ndata:\xFF\xFF\xFF\xFF\n\n"), 10,
    "message|" FFFD FFFD FFFD "||10\nerror event\n" },
  /* a line past the limit counts as a data line when its first min (5, limit + 1) bytes say so */
  { "limit-tiny", IN ("data: abc\n\nda\n\n"), 1, "error event\nerror event\n" },
};

static void
append_escaped (GString    *out,
                const char *text,
                gsize       len)
{
  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c == '\r')
        g_string_append (out, "\\r");
      else if (c == '\t')
        g_string_append (out, "\\t");
      else if (c == '\\')
        g_string_append (out, "\\\\");
      else if (c < 0x20)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_c (out, c);
    }
}

static void
record_event (RunnelSseEvent *event,
              gpointer        user_data)
{
  GString *transcript = user_data;
  const char *type;
  const char *data;
  gsize len;

  data = runnel_sse_event_get_data (event, &len);
  type = runnel_sse_event_get_event_type (event);
  append_escaped (transcript, type, strlen (type));
  g_string_append_c (transcript, '|');
  append_escaped (transcript, data, len);
  g_string_append_c (transcript, '|');
  g_string_append (transcript, runnel_sse_event_get_id (event));
  g_string_append_printf (transcript, "|%" G_GSIZE_FORMAT "\n",
                          runnel_sse_event_get_wire_size (event));
}

static void
record_retry (RunnelSseParser *parser,
              guint64          ms,
              GString         *transcript)
{
  g_string_append_printf (transcript, "retry %" G_GUINT64_FORMAT "\n", ms);
}

static void
record_comment (RunnelSseParser *parser,
                const char      *text,
                GString         *transcript)
{
  g_string_append (transcript, "comment ");
  append_escaped (transcript, text, strlen (text));
  g_string_append_c (transcript, '\n');
}

static void
record_error (RunnelSseParser *parser,
              const GError    *error,
              GString         *transcript)
{
  g_assert_true (error->domain == RUNNEL_SSE_PARSER_ERROR);
  g_assert_nonnull (strstr (error->message, "limit"));

  if (error->code == RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG)
    g_string_append (transcript, "error line\n");
  else if (error->code == RUNNEL_SSE_PARSER_ERROR_EVENT_TOO_LARGE)
    g_string_append (transcript, "error event\n");
  else
    g_assert_not_reached ();
}

static RunnelSseParser *
recording_parser_new (const ParserCase *pc,
                      GString          *transcript)
{
  RunnelSseParser *parser = runnel_sse_parser_new ();

  if (pc->limit != 0)
    runnel_sse_parser_set_max_event_size (parser, pc->limit);

  runnel_sse_parser_set_event_func (parser, record_event, transcript, NULL);
  g_signal_connect (parser, "retry", G_CALLBACK (record_retry), transcript);
  g_signal_connect (parser, "comment", G_CALLBACK (record_comment), transcript);
  g_signal_connect (parser, "error", G_CALLBACK (record_error), transcript);

  return parser;
}

/* feeds the case's input in pieces of at most @step bytes, after a first piece of @first */
static char *
run_case (const ParserCase *pc,
          gsize             first,
          gsize             step,
          const char       *label)
{
  GString *transcript = g_string_new (label);
  RunnelSseParser *parser = recording_parser_new (pc, transcript);
  const guint8 *input = (const guint8 *) pc->input;
  gsize offset = 0;

  g_string_append (transcript, ":\n");

  while (offset < pc->input_len)
    {
      gsize n = MIN (offset == 0 ? first : step, pc->input_len - offset);

      runnel_sse_parser_feed (parser, input + offset, n);
      offset += n;
    }
  runnel_sse_parser_finish (parser);

  if (*runnel_sse_parser_get_last_event_id (parser) != '\0')
    g_string_append_printf (transcript, "last-id %s\n",
                            runnel_sse_parser_get_last_event_id (parser));

  g_assert_cmpuint (runnel_sse_parser_get_bytes_parsed (parser), ==, pc->input_len);
  g_assert_finalize_object (parser);

  return g_string_free (transcript, FALSE);
}

static void
assert_case (const ParserCase *pc,
             gsize             first,
             gsize             step,
             const char       *label)
{
  g_autofree char *actual = run_case (pc, first, step, label);
  g_autofree char *expected = g_strconcat (label, ":\n", pc->expected, NULL);

  g_assert_cmpstr (actual, ==, expected);
}

static void
test_case (gconstpointer user_data)
{
  const ParserCase *pc = user_data;

  assert_case (pc, pc->input_len, pc->input_len, "whole");
  assert_case (pc, 1, 1, "byte by byte");

  for (gsize i = 1; i < pc->input_len; i++)
    {
      g_autofree char *label = g_strdup_printf ("split at %" G_GSIZE_FORMAT, i);

      assert_case (pc, i, pc->input_len, label);
    }
}

/* Beyond the table */

static void
collect_event (RunnelSseEvent *event,
               gpointer        user_data)
{
  g_ptr_array_add (user_data, runnel_sse_event_ref (event));
}

static GPtrArray *
collecting_parser_new (RunnelSseParser **parser)
{
  GPtrArray *events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);

  *parser = runnel_sse_parser_new ();
  runnel_sse_parser_set_event_func (*parser, collect_event, events, NULL);

  return events;
}

static void
feed_string (RunnelSseParser *parser,
             const char      *text)
{
  runnel_sse_parser_feed (parser, (const guint8 *) text, strlen (text));
}

static RunnelSseEvent *
event_at (GPtrArray *events,
          guint      i)
{
  return g_ptr_array_index (events, i);
}

static void
test_reset_keeps_sequence_and_id (void)
{
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);

  feed_string (parser, "id: 1\ndata: a\n\ndata: b\n\nid: 2\ndata: half");
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (runnel_sse_parser_get_last_event_id (parser), ==, "1");

  /* a new connection: the half line and the BOM state go, the ids and the count stay */
  runnel_sse_parser_reset (parser);
  feed_string (parser, "\xEF\xBB\xBF" "data: c\n\n");
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 2), NULL), ==, "c");
  /* the id buffer was set by the unfinished event: the spec keeps it */
  g_assert_cmpstr (runnel_sse_event_get_id (event_at (events, 2)), ==, "2");
  g_assert_cmpstr (runnel_sse_parser_get_last_event_id (parser), ==, "2");

  for (guint i = 0; i < events->len; i++)
    g_assert_cmpuint (runnel_sse_event_get_sequence (event_at (events, i)), ==, i + 1);
  g_assert_cmpuint (runnel_sse_parser_get_events_parsed (parser), ==, 3);

  g_assert_finalize_object (parser);
}

static void
test_set_last_event_id (void)
{
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
  g_autofree char *property = NULL;

  runnel_sse_parser_set_last_event_id (parser, "41");
  g_object_get (parser, "last-event-id", &property, NULL);
  g_assert_cmpstr (property, ==, "41");

  feed_string (parser, "data: a\n\n");
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (runnel_sse_event_get_id (event_at (events, 0)), ==, "41");

  g_assert_finalize_object (parser);
}

static void
count_signal (RunnelSseParser *parser,
              RunnelSseEvent  *event,
              guint           *count)
{
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, "a");
  (*count)++;
}

static void
test_event_signal_and_func (void)
{
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
  guint count = 0;

  feed_string (parser, "data: a\n\n");
  g_signal_connect (parser, "event", G_CALLBACK (count_signal), &count);
  feed_string (parser, "data: a\n\n");

  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (count, ==, 1);

  g_assert_finalize_object (parser);
}

static void
test_timestamps (void)
{
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
  gint64 before = g_get_monotonic_time ();
  gint64 real_before = g_get_real_time ();

  feed_string (parser, "data: a\n\ndata: b\n\n");
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpint (runnel_sse_event_get_monotonic_time (event_at (events, 0)), >=, before);
  g_assert_cmpint (runnel_sse_event_get_monotonic_time (event_at (events, 0)), <=,
                   g_get_monotonic_time ());
  g_assert_cmpint (runnel_sse_event_get_real_time (event_at (events, 0)), >=, real_before);
  /* one clock reading per feed () */
  g_assert_cmpint (runnel_sse_event_get_monotonic_time (event_at (events, 0)), ==,
                   runnel_sse_event_get_monotonic_time (event_at (events, 1)));

  g_assert_finalize_object (parser);
}

static void
count_error (RunnelSseParser *parser,
             const GError    *error,
             guint           *count)
{
  (*count)++;
}

/* a line far past the limit, fed in chunks, costs one error and no memory */
static void
test_limit_default_and_unlimited (void)
{
  gsize size = RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE + 100;
  g_autofree guint8 *big = g_malloc (size);
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
  guint errors = 0;

  g_assert_cmpuint (runnel_sse_parser_get_max_event_size (parser), ==,
                    RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE);
  g_signal_connect (parser, "error", G_CALLBACK (count_error), &errors);

  memcpy (big, "data: ", 6);
  memset (big + 6, 'x', size - 6);
  for (gsize offset = 0; offset < size; offset += 65536)
    runnel_sse_parser_feed (parser, big + offset, MIN (65536, size - offset));
  feed_string (parser, "\n\ndata: after\n\n");

  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpuint (events->len, ==, 1);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 0), NULL), ==, "after");

  /* 0: no limit */
  g_object_set (parser, "max-event-size", (guint64) 0, NULL);
  runnel_sse_parser_feed (parser, big, size);
  feed_string (parser, "\n\n");
  g_assert_cmpuint (errors, ==, 1);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (runnel_sse_event_get_wire_size (event_at (events, 1)), ==, size + 2);

  g_assert_finalize_object (parser);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/runnel/parser/%s", cases[i].name);

      g_test_add_data_func (path, &cases[i], test_case);
    }

  g_test_add_func ("/runnel/parser/reset-keeps-sequence-and-id", test_reset_keeps_sequence_and_id);
  g_test_add_func ("/runnel/parser/set-last-event-id", test_set_last_event_id);
  g_test_add_func ("/runnel/parser/event-signal-and-func", test_event_signal_and_func);
  g_test_add_func ("/runnel/parser/timestamps", test_timestamps);
  g_test_add_func ("/runnel/parser/limit-default-and-unlimited", test_limit_default_and_unlimited);

  return g_test_run ();
}
