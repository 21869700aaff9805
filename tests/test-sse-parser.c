/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-parser.c: RunnelSseParser against the WHATWG event-stream rules, in every chunking */

#include "config.h"

#include <string.h>

#include "runnel-sse-parser.h"
#include "utf8-cases.h"

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
#define X16 "xxxxxxxxxxxxxxxx"
#define X64 X16 X16 X16 X16
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
  { "limit-data-line-too-long-after-data", IN ("data: a\ndata: 0123456789\n\ndata: c\n\n"), 10,
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
  /* found by fuzzing: a first data line kept by reference outlived its event's drop */
  { "limit-data-line-dropped-after-data", IN ("data:\ndata: 0123456789\n\n\n"), 10,
    "error event\n" },
  /* a line past the limit counts as a data line when its first min (5, limit + 1) bytes say so */
  { "limit-tiny", IN ("data: abc\n\nda\n\n"), 1, "error event\nerror event\n" },

  /* lines longer than the parser's 64-byte scanning blocks */
  { "long-line-ascii", IN ("data: " X64 X64 "\n\n"), 0, "message|" X64 X64 "||136\n" },
  { "long-line-utf8-late", IN ("data: " X64 X64 "\xE6\x97\xA5\n\n"), 0,
    "message|" X64 X64 "\xE6\x97\xA5||139\n" },
  { "long-line-invalid-late", IN ("data: " X64 "\xFF" X64 "\n\n"), 0,
    "message|" X64 FFFD X64 "||137\n" },
  { "long-line-valid-early-invalid-late", IN ("data: \xC3\xA9" X64 X64 "\xE6\x97\n\n"), 0,
    "message|\xC3\xA9" X64 X64 FFFD "||140\n" },
  { "long-line-invalid-mid-block", IN ("id: 1\ndata: \xFF" X64 X64 "\n\n"), 0,
    "message|" FFFD X64 X64 "|1|143\nlast-id 1\n" },
  { "long-lines-crlf", IN ("id: " X64 "\r\ndata: " X64 "\r\ndata: b\r\n\r\n"), 0,
    "message|" X64 "\\nb|" X64 "|152\nlast-id " X64 "\n" },
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

  /* a new connection: the half line, the pending id and the BOM state go; the last dispatched
   * id and the count stay */
  runnel_sse_parser_reset (parser);
  feed_string (parser, "\xEF\xBB\xBF" "data: c\n\n");
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 2), NULL), ==, "c");
  /* the id: of the event that never completed goes with it: only a dispatched id survives,
   * or the next reconnection would skip an event this client never received */
  g_assert_cmpstr (runnel_sse_event_get_id (event_at (events, 2)), ==, "1");
  g_assert_cmpstr (runnel_sse_parser_get_last_event_id (parser), ==, "1");

  for (guint i = 0; i < events->len; i++)
    g_assert_cmpuint (runnel_sse_event_get_sequence (event_at (events, i)), ==, i + 1);
  g_assert_cmpuint (runnel_sse_parser_get_events_parsed (parser), ==, 3);

  g_assert_finalize_object (parser);
}

static void
append_comment (const char *text,
                gpointer    user_data)
{
  g_string_append_printf (user_data, "[%s]", text);
}

static void
append_comment_signal (RunnelSseParser *parser,
                       const char      *text,
                       GString         *out)
{
  append_comment (text, out);
}

/* the comment func sees what the signal sees, first, also split and invalid; unset, nothing */
static void
test_comment_func (void)
{
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  g_autoptr(GString) by_func = g_string_new (NULL);
  g_autoptr(GString) by_signal = g_string_new (NULL);
  const char *stream = ": one\r\ndata: x\n:two \xE6\x97\n\n:\n: caf\xC3\xA9\n";

  runnel_sse_parser_set_comment_func (parser, append_comment, by_func);
  g_signal_connect (parser, "comment", G_CALLBACK (append_comment_signal), by_signal);
  for (const char *p = stream; *p != '\0'; p++)
    runnel_sse_parser_feed (parser, (const guint8 *) p, 1);

  g_assert_cmpstr (by_func->str, ==, "[ one][two " FFFD "][][ caf\xC3\xA9]");
  g_assert_cmpstr (by_signal->str, ==, by_func->str);

  runnel_sse_parser_set_comment_func (parser, NULL, NULL);
  feed_string (parser, ": three\n");
  g_assert_cmpstr (by_func->str, ==, "[ one][two " FFFD "][][ caf\xC3\xA9]");
  g_assert_cmpstr (by_signal->str, ==, "[ one][two " FFFD "][][ caf\xC3\xA9][ three]");
}

/* keeps every third event: the parser lends a dropped event's memory to the next one */
static void
keep_some (RunnelSseEvent *event,
           gpointer        user_data)
{
  if (runnel_sse_event_get_sequence (event) % 3 == 0)
    g_ptr_array_add (user_data, runnel_sse_event_ref (event));
}

/* the event's data: its number, repeated to a length that grows, shrinks and jumps past 16 KiB */
static char *
kept_data (guint n)
{
  gsize len = n % 7 == 0 ? 20000 : 1 + (n * 37) % 300;
  GString *data = g_string_new (NULL);

  while (data->len < len)
    g_string_append_printf (data, "%u.", n);

  return g_string_free (data, FALSE);
}

static void
test_kept_events_intact (void)
{
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  g_autoptr(GPtrArray) kept = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  g_autoptr(GString) stream = g_string_new (NULL);

  runnel_sse_parser_set_event_func (parser, keep_some, kept, NULL);
  for (guint n = 1; n <= 300; n++)
    {
      g_autofree char *data = kept_data (n);

      if (n % 2 == 0)
        g_string_append_printf (stream, "event: type-%u\n", n);
      g_string_append_printf (stream, "id: %u\ndata: %s\n\n", n, data);
    }
  runnel_sse_parser_feed (parser, (const guint8 *) stream->str, stream->len);

  g_assert_cmpuint (kept->len, ==, 100);
  for (guint i = 0; i < kept->len; i++)
    {
      RunnelSseEvent *event = g_ptr_array_index (kept, i);
      guint n = 3 * (i + 1);
      g_autofree char *data = kept_data (n);
      g_autofree char *id = g_strdup_printf ("%u", n);
      g_autofree char *type = n % 2 == 0 ? g_strdup_printf ("type-%u", n) : g_strdup ("message");

      g_assert_cmpuint (runnel_sse_event_get_sequence (event), ==, n);
      g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, data);
      g_assert_cmpstr (runnel_sse_event_get_id (event), ==, id);
      g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, type);
    }
}

static void
reset_on_first_event (RunnelSseEvent *event,
                      gpointer        user_data)
{
  if (runnel_sse_event_get_sequence (event) == 1)
    runnel_sse_parser_reset (user_data);
}

static void
collect_signal (RunnelSseParser *parser,
                RunnelSseEvent  *event,
                GPtrArray       *events)
{
  g_ptr_array_add (events, runnel_sse_event_ref (event));
}

/* reset () from a callback is safe: the rest of the chunk is parsed with the state reset */
static void
test_reset_from_callback (void)
{
  RunnelSseParser *parser = runnel_sse_parser_new ();
  g_autoptr(GPtrArray) events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);

  runnel_sse_parser_set_event_func (parser, reset_on_first_event, parser, NULL);
  g_signal_connect (parser, "event", G_CALLBACK (collect_signal), events);

  feed_string (parser, "data: a\r\n\r\ndata: b\n\ndata: c\n");
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 0), NULL), ==, "a");
  /* the LF of the CRLF that dispatched "a" still ends that line */
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 1), NULL), ==, "b");
  g_assert_cmpuint (runnel_sse_event_get_wire_size (event_at (events, 1)), ==, 9);
  g_assert_true (runnel_sse_parser_has_pending (parser));

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

/* what the client asks when a connection ends: was it cut in the middle of an event? */
static void
test_has_pending (void)
{
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);

  g_assert_false (runnel_sse_parser_has_pending (parser));
  feed_string (parser, "data: a\n\n");
  g_assert_false (runnel_sse_parser_has_pending (parser));
  feed_string (parser, "data: b\n");
  g_assert_true (runnel_sse_parser_has_pending (parser));
  feed_string (parser, "\n: ping\n\n");
  g_assert_false (runnel_sse_parser_has_pending (parser));
  feed_string (parser, "dat");
  g_assert_true (runnel_sse_parser_has_pending (parser));
  runnel_sse_parser_finish (parser);
  g_assert_false (runnel_sse_parser_has_pending (parser));
  g_assert_cmpuint (events->len, ==, 2);

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

static void
measure_comment (RunnelSseParser *parser,
                 const char      *text,
                 gsize           *length)
{
  *length = strlen (text);
}

/* one event near the limit does not leave a long-lived parser holding megabytes */
static void
test_buffers_shrink (void)
{
  const gsize big_size = 4 * 1024 * 1024;
  g_autofree char *big = g_malloc (big_size + 1);
  g_autoptr(GString) text = g_string_new (NULL);
  RunnelSseParser *parser;
  g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
  gsize small;
  gsize comment_length = 0;

  g_signal_connect (parser, "comment", G_CALLBACK (measure_comment), &comment_length);
  memset (big, 'x', big_size);
  big[big_size] = '\0';

  feed_string (parser, "data: small\n\n");
  small = runnel_sse_parser_get_allocated_size (parser);
  g_assert_cmpuint (small, <, 64 * 1024);

  /* a large data line split across chunks (the line buffer), in two lines (the data buffer),
   * with a large type, id and comment */
  g_string_append_printf (text, ":%s\nevent: %s\nid: %s\ndata: %s\ndata: %s\n\n",
                          big, big, big, big, big);
  for (gsize offset = 0; offset < text->len; offset += 100000)
    runnel_sse_parser_feed (parser, (const guint8 *) text->str + offset,
                            MIN (100000, text->len - offset));
  g_assert_cmpuint (comment_length, ==, big_size);
  g_assert_cmpuint (events->len, ==, 2);
  g_assert_cmpuint (strlen (runnel_sse_event_get_data (event_at (events, 1), NULL)), ==,
                    2 * big_size + 1);

  /* the big id is still the last event id: only it stays */
  g_assert_cmpuint (runnel_sse_parser_get_allocated_size (parser), <, big_size * 2 + 1024 * 1024);

  feed_string (parser, "id: 7\ndata: small again\n\n");
  g_assert_cmpuint (events->len, ==, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (event_at (events, 2), NULL), ==, "small again");
  g_assert_cmpstr (runnel_sse_parser_get_last_event_id (parser), ==, "7");
  g_test_message ("allocated: %" G_GSIZE_FORMAT " bytes",
                  runnel_sse_parser_get_allocated_size (parser));
  g_assert_cmpuint (runnel_sse_parser_get_allocated_size (parser), <=, 6 * 64 * 1024);

  /* and it still parses large events */
  g_string_truncate (text, 0);
  g_string_append_printf (text, "data: %s\n\n", big);
  runnel_sse_parser_feed (parser, (const guint8 *) text->str, text->len);
  g_assert_cmpuint (events->len, ==, 4);
  g_assert_cmpuint (strlen (runnel_sse_event_get_data (event_at (events, 3), NULL)), ==, big_size);

  g_assert_finalize_object (parser);
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

/*
 * The decoding that test-jsonl-parser checks with the same table (utf8-cases.h): a value in a
 * data: line, fed whole and in chunks of every size, so that every sequence is also split.
 */
static void
test_utf8_case (gconstpointer user_data)
{
  const Utf8Case *uc = user_data;
  g_autoptr(GString) stream = g_string_new ("data: ");

  g_string_append_len (stream, uc->input, uc->input_len);
  g_string_append (stream, "\n\n");

  for (gsize chunk = 1; chunk <= stream->len; chunk++)
    {
      RunnelSseParser *parser;
      g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
      const char *data;
      gsize len;

      for (gsize i = 0; i < stream->len; i += chunk)
        runnel_sse_parser_feed (parser, (const guint8 *) stream->str + i,
                                MIN (chunk, stream->len - i));
      runnel_sse_parser_finish (parser);

      g_assert_cmpuint (events->len, ==, 1);
      data = runnel_sse_event_get_data (event_at (events, 0), &len);
      utf8_case_assert (uc, data, len);
      g_assert_finalize_object (parser);
    }
}

/*
 * The parser checks UTF-8 as it scans, a 64-byte block at a time, from the start of each chunk.
 * Each case at every offset in a block, first line or after a comment that ends inside a
 * sequence (its error shows on its line break), before a valid line, fed whole and in two
 * chunks cut at every position around the case, so that each of its characters is also split by
 * a chunk boundary.
 */
static void
test_utf8_block_offsets (void)
{
  for (guint k = 0; k < 2 * G_N_ELEMENTS (utf8_cases); k++)
    {
      const Utf8Case *uc = &utf8_cases[k / 2];

      for (gsize offset = 0; offset < 80; offset++)
        {
          g_autoptr(GString) stream = g_string_new (k % 2 ? ": cut \xF0\x9F\n" : "");
          g_autoptr(GString) expected = g_string_new (NULL);
          gsize at;

          /* the filler holds two-byte characters too, so the case starts on any byte */
          g_string_append (stream, "data: ");
          while (expected->len < offset)
            g_string_append (expected, expected->len % 5 == 1 ? "\xC3\xA9" : "a");
          g_string_append (stream, expected->str);
          at = stream->len;
          g_string_append_len (stream, uc->input, uc->input_len);
          g_string_append_len (expected, uc->expected, uc->expected_len);
          g_string_append (stream, "\ndata: \xE6\x97\xA5\xE6\x9C\xAC\n\n");
          g_string_append (expected, "\n\xE6\x97\xA5\xE6\x9C\xAC");

          for (gsize cut = at - 1; cut <= at + uc->input_len + 1; cut++)
            {
              RunnelSseParser *parser;
              g_autoptr(GPtrArray) events = collecting_parser_new (&parser);
              g_autofree char *got = NULL;
              g_autofree char *want = NULL;
              const char *data;
              gsize len;

              /* the first round feeds it whole */
              if (cut == at - 1)
                runnel_sse_parser_feed (parser, (const guint8 *) stream->str, stream->len);
              else
                {
                  runnel_sse_parser_feed (parser, (const guint8 *) stream->str, cut);
                  runnel_sse_parser_feed (parser, (const guint8 *) stream->str + cut,
                                          stream->len - cut);
                }
              runnel_sse_parser_finish (parser);

              g_assert_cmpuint (events->len, ==, 1);
              data = runnel_sse_event_get_data (event_at (events, 0), &len);
              got = utf8_case_escape (data, len);
              want = utf8_case_escape (expected->str, expected->len);
              if (g_strcmp0 (got, want) != 0)
                g_error ("%s at offset %" G_GSIZE_FORMAT ", cut at %" G_GSIZE_FORMAT
                         ": %s, expected %s", uc->name, offset, cut, got, want);
              g_assert_finalize_object (parser);
            }
        }
    }
}

/*
 * A reference written as the spec reads, one step after the other, with no care for speed:
 * strip one BOM, cut lines at CR, LF or CRLF, decode each (the WHATWG UTF-8 decoder), process
 * fields, and at the end drop what is pending. Random streams must give the same transcript
 * as the parser in any chunking.
 */
static void
reference_decode (GString      *out,
                  const guint8 *p,
                  gsize         len)
{
  guint needed = 0, seen = 0;
  guint8 lower = 0x80, upper = 0xBF;
  gsize start = 0;

  for (gsize i = 0; i < len; i++)
    {
      guint8 b = p[i];

      if (needed == 0)
        {
          start = i;
          if (b < 0x80)
            g_string_append_c (out, b);
          else if (b >= 0xC2 && b <= 0xDF)
            needed = 1;
          else if (b >= 0xE0 && b <= 0xEF)
            {
              lower = b == 0xE0 ? 0xA0 : 0x80;
              upper = b == 0xED ? 0x9F : 0xBF;
              needed = 2;
            }
          else if (b >= 0xF0 && b <= 0xF4)
            {
              lower = b == 0xF0 ? 0x90 : 0x80;
              upper = b == 0xF4 ? 0x8F : 0xBF;
              needed = 3;
            }
          else
            g_string_append (out, FFFD);
          continue;
        }

      if (b < lower || b > upper)
        {
          /* error; the byte is read again */
          needed = seen = 0;
          lower = 0x80;
          upper = 0xBF;
          g_string_append (out, FFFD);
          i--;
          continue;
        }

      lower = 0x80;
      upper = 0xBF;
      if (++seen == needed)
        {
          g_string_append_len (out, (const char *) p + start, i - start + 1);
          needed = seen = 0;
        }
    }

  if (needed != 0)
    g_string_append (out, FFFD);
}

static char *
reference_transcript (const guint8 *in,
                      gsize         len)
{
  GString *transcript = g_string_new ("reference:\n");
  g_autoptr(GString) data = g_string_new (NULL);
  g_autoptr(GString) type = g_string_new (NULL);
  g_autoptr(GString) id = g_string_new (NULL);
  g_autoptr(GString) last_id = g_string_new (NULL);
  g_autoptr(GString) line = g_string_new (NULL);
  gsize wire = 0;
  gsize i = 0;

  if (len >= 3 && memcmp (in, "\xEF\xBB\xBF", 3) == 0)
    i = 3;

  while (i < len)
    {
      gsize start = i, end, term;
      const char *colon;
      const char *value;
      gsize field_len;

      while (i < len && in[i] != '\r' && in[i] != '\n')
        i++;
      if (i == len)
        break;  /* no terminator: discarded */
      end = i;
      term = (in[i] == '\r' && i + 1 < len && in[i + 1] == '\n') ? 2 : 1;
      i += term;

      g_string_truncate (line, 0);
      reference_decode (line, in + start, end - start);

      /* the LF of a blank line's CRLF is not part of the event it ends */
      wire += end - start + (line->len == 0 ? 1 : term);

      if (line->len == 0)
        {
          g_string_assign (last_id, id->str);
          if (data->len > 0)
            {
              g_string_truncate (data, data->len - 1);
              /* the event's type is a C string: it ends at a NUL */
              g_string_append (transcript, type->len > 0 ? type->str : "message");
              g_string_append_c (transcript, '|');
              append_escaped (transcript, data->str, data->len);
              g_string_append_printf (transcript, "|%s|%" G_GSIZE_FORMAT "\n",
                                      last_id->str, wire);
            }
          g_string_truncate (data, 0);
          g_string_truncate (type, 0);
          wire = 0;
          continue;
        }

      if (line->str[0] == ':')
        {
          /* the "comment" signal carries a C string: it ends at a NUL */
          g_string_append (transcript, "comment ");
          append_escaped (transcript, line->str + 1, strlen (line->str + 1));
          g_string_append_c (transcript, '\n');
          continue;
        }

      colon = memchr (line->str, ':', line->len);
      field_len = colon != NULL ? (gsize) (colon - line->str) : line->len;
      value = colon != NULL ? colon + 1 : line->str + line->len;
      if (*value == ' ')
        value++;

      if (field_len == 4 && memcmp (line->str, "data", 4) == 0)
        {
          g_string_append_len (data, value, line->str + line->len - value);
          g_string_append_c (data, '\n');
        }
      else if (field_len == 5 && memcmp (line->str, "event", 5) == 0)
        {
          g_string_truncate (type, 0);
          g_string_append_len (type, value, line->str + line->len - value);
        }
      else if (field_len == 2 && memcmp (line->str, "id", 2) == 0 &&
               memchr (value, '\0', line->str + line->len - value) == NULL)
        g_string_assign (id, value);
      else if (field_len == 5 && memcmp (line->str, "retry", 5) == 0 && *value != '\0' &&
               strspn (value, "0123456789") == (gsize) (line->str + line->len - value))
        g_string_append_printf (transcript, "retry %s\n", value);
    }

  if (last_id->len > 0)
    g_string_append_printf (transcript, "last-id %s\n", last_id->str);

  return g_string_free (transcript, FALSE);
}

/* a random stream of the pieces that matter to the parser */
static GString *
random_stream (void)
{
  static const char * const pieces[] = {
    "data", "data:", "data: ", "id:", "id: ", "event:", "event: ", "retry:", "retry: ", ":",
    " ", "x", "yz", "7", "42", "\r", "\n", "\r\n", "\r\n", "\n\n", "\xEF\xBB\xBF",
    "\xE6\x97\xA5", "\xE6\x97", "\xFF", "\xC3", "\xC3\xA9", "\xF0\x9F\x98\x80",
    "\xED\xA0\x80", X64, X16,
  };
  static const char * const fields[] = { "data: ", "data:", "id: ", "event: ", "retry: ", ":" };
  static const char * const ends[] = { "\n", "\r", "\r\n", "\n\n", "\r\n\r\n" };
  GString *stream = g_string_new (NULL);
  guint count = g_test_rand_int_range (0, 40);

  for (guint i = 0; i < count; i++)
    {
      guint k;

      /* half the time a well-formed line, so that events happen */
      if (g_test_rand_bit ())
        {
          g_string_append (stream, fields[g_test_rand_int_range (0, G_N_ELEMENTS (fields))]);
          for (guint j = g_test_rand_int_range (0, 4); j > 0; j--)
            g_string_append (stream, pieces[g_test_rand_int_range (0, G_N_ELEMENTS (pieces))]);
          g_string_append (stream, ends[g_test_rand_int_range (0, G_N_ELEMENTS (ends))]);
          continue;
        }

      /* NUL does not fit in the table of strings */
      k = g_test_rand_int_range (0, G_N_ELEMENTS (pieces) + 1);
      if (k == G_N_ELEMENTS (pieces))
        g_string_append_c (stream, '\0');
      else
        g_string_append (stream, pieces[k]);
    }

  return stream;
}

/* runs @pc whole, byte by byte and in three random chunkings; the labels show the stream */
static void
assert_random_chunkings (const ParserCase *pc)
{
  g_autoptr(GString) shown = g_string_new ("stream ");
  g_autofree char *whole = NULL;
  g_autofree char *bytewise = NULL;

  append_escaped (shown, pc->input, pc->input_len);
  g_string_append_printf (shown, " (limit %" G_GUINT64_FORMAT ")", pc->limit);

  whole = g_strdup_printf ("%s whole", shown->str);
  assert_case (pc, pc->input_len, pc->input_len, whole);
  bytewise = g_strdup_printf ("%s byte by byte", shown->str);
  assert_case (pc, 1, 1, bytewise);
  for (guint j = 0; j < 3; j++)
    {
      gsize first = g_test_rand_int_range (1, 80);
      gsize step = g_test_rand_int_range (1, 80);
      g_autofree char *label = g_strdup_printf ("%s in chunks of %" G_GSIZE_FORMAT " then %"
                                                G_GSIZE_FORMAT, shown->str, first, step);

      assert_case (pc, first, step, label);
    }
}

static void
test_random_against_reference (void)
{
  for (guint n = 0; n < 400; n++)
    {
      g_autoptr(GString) stream = random_stream ();
      g_autofree char *expected = reference_transcript ((const guint8 *) stream->str,
                                                        stream->len);
      /* the reference knows no limit */
      ParserCase pc = { "random", stream->str, stream->len, G_MAXUINT64,
                        strchr (expected, '\n') + 1 };

      assert_random_chunkings (&pc);
    }
}

/* with a small limit: the same transcript in every chunking as fed whole */
static void
test_random_limits (void)
{
  for (guint n = 0; n < 400; n++)
    {
      g_autoptr(GString) stream = random_stream ();
      ParserCase pc = { "random", stream->str, stream->len, g_test_rand_int_range (1, 40), NULL };
      g_autofree char *whole = run_case (&pc, pc.input_len, pc.input_len, "x");

      pc.expected = whole + strlen ("x:\n");
      assert_random_chunkings (&pc);
    }
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

  utf8_cases_add ("/runnel/parser/utf8", test_utf8_case);
  g_test_add_func ("/runnel/parser/utf8-block-offsets", test_utf8_block_offsets);

  g_test_add_func ("/runnel/parser/reset-keeps-sequence-and-id", test_reset_keeps_sequence_and_id);
  g_test_add_func ("/runnel/parser/set-last-event-id", test_set_last_event_id);
  g_test_add_func ("/runnel/parser/has-pending", test_has_pending);
  g_test_add_func ("/runnel/parser/reset-from-callback", test_reset_from_callback);
  g_test_add_func ("/runnel/parser/event-signal-and-func", test_event_signal_and_func);
  g_test_add_func ("/runnel/parser/timestamps", test_timestamps);
  g_test_add_func ("/runnel/parser/limit-default-and-unlimited", test_limit_default_and_unlimited);
  g_test_add_func ("/runnel/parser/buffers-shrink", test_buffers_shrink);
  g_test_add_func ("/runnel/parser/kept-events-intact", test_kept_events_intact);
  g_test_add_func ("/runnel/parser/comment-func", test_comment_func);
  g_test_add_func ("/runnel/parser/random-against-reference", test_random_against_reference);
  g_test_add_func ("/runnel/parser/random-limits", test_random_limits);

  return g_test_run ();
}
