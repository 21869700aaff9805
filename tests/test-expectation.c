/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-expectation.c: the expectations language: every form, every error, and its evaluation */

#include "config.h"

#include <string.h>

#include "runnel-expectations.h"

#define BASE_TIME ((gint64) 1000 * G_USEC_PER_SEC)

/* The language */

static void
test_parse_forms (void)
{
  static const char * const forms[] = {
    "event message",
    "event *",
    "EVENT message_stop within 30s",
    "first event",
    "first event within 2s",
    "count content_block_delta >= 3",
    "count * == 0",
    "count ping < 5",
    "count a != 2",
    "count a > 0 within 1.5s",
    "count a <= 7",
    "json $.type == message_stop",
    "json $.n != 3",
    "json $.usage.output_tokens > 0",
    "json $.a contains \"two words\"",
    "json $.model matches /^claude-/i",
    "json $.usage exists within 500ms",
    "json $['a b'][0] == 'it\\'s'",
    "every content_block_delta json $.delta.text exists",
    "every * json $.v matches /\\d+/",
    "assembled anthropic contains Hello",
    "assembled OpenAI-Chat matches /wor\\/ld/ within 1m",
    "assembled $.delta length >= 10",
    "assembled gemini length == 0",
    "status 200",
    "status >= 200 within 2s",
    "header Content-Type matches /^text\\/event-stream/",
    "header X-Id exists",
    "header Server == \"demo server\"",
    "ends",
    "ends within 30s",
    "reconnects <= 1",
    "reconnects > 0 within 10s",
    "gap <= 5s",
    "gap < 250ms",
    "order message_start before message_stop",
    "   count a >= 1   ",
    "first content",
    "first content within 2s",
    "first content openai-chat within 2s",
    "First Content $.delta.text",
    "stalls == 0",
    "stalls <= 2",
    "bursts == 0",
    "bursts >= 1 within 10s",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) e = runnel_expectation_new (forms[i], &error);

      g_test_message ("%s", forms[i]);
      g_assert_no_error (error);
      g_assert_nonnull (e);
      g_assert_cmpint (runnel_expectation_get_status (e), ==, RUNNEL_EXPECTATION_PENDING);
    }

  {
    g_autoptr(RunnelExpectation) e = runnel_expectation_new ("  count a >= 1 \n", NULL);

    g_assert_cmpstr (runnel_expectation_get_text (e), ==, "count a >= 1");
  }
}

typedef struct
{
  const char *text;
  const char *span;      /* the part of text the error points at */
  const char *message;   /* a part of the message */
} BadCase;

static void
test_parse_errors (void)
{
  static const BadCase cases[] = {
    { "", "", "empty" },
    { "   ", "", "empty" },
    { "cuont a >= 1", "cuont", "not an expectation" },
    { "event", "", "event type is missing" },
    { "first", "", "“event” is missing" },
    { "first events", "events", "expected “event”" },
    { "count", "", "event type is missing" },
    { "count a", "", "comparison is missing" },
    { "count a = 3", "=", "not a comparison" },
    { "count a >= ", "", "number is missing" },
    { "count a >= x", "x", "not a whole number" },
    { "count a >= -1", "-1", "not a whole number" },
    { "count a >= 3 extra", "extra", "unexpected “extra”" },
    { "count a <= 3 within 2s", "within", "cannot have a time limit" },
    { "count a > 3 within", "", "time (like 2s or 500ms) is missing" },
    { "count a > 3 within 2", "2", "not a time" },
    { "count a > 3 within 2h", "2h", "not a time" },
    { "count a > 3 within 0s", "within 0s", "longer than 0" },
    { "json", "", "JSONPath (like $.delta.text) is missing" },
    { "json type == x", "type", "begins with $" },
    { "json $.a[ == x", "$.a[", "not a JSONPath" },
    { "json $.a", "", "comparison is missing" },
    { "json $.a is x", "is", "not a comparison" },
    { "json $.a ==", "", "value is missing" },
    { "json $.a contains", "", "text is missing" },
    { "json $.a matches", "", "regular expression/ is missing" },
    { "json $.a matches abc", "abc", "between slashes" },
    { "json $.a matches /abc", "/abc", "no closing /" },
    { "json $.a matches /(/", "/(/", "not a regular expression" },
    { "json $.a matches /a/x", "/a/x", "only i may follow" },
    { "json $.a == \"open", "\"open", "never closed" },
    { "json $.a == \"a\"b", "\"a\"b", "space after the closing quote" },
    { "json $.a == two words", "words", "quote a text with spaces" },
    { "every a json $.x", "", "comparison is missing" },
    { "every a $.x exists", "$.x", "expected “json”" },
    { "every a json $.x exists within 2s", "within", "cannot have a time limit" },
    { "assembled", "", "preset or a JSONPath is missing" },
    { "assembled gpt contains x", "gpt", "neither a preset" },
    { "assembled anthropic", "", "test is missing" },
    { "assembled anthropic == x", "==", "not a test of the assembled text" },
    { "assembled anthropic length", "", "comparison is missing" },
    { "assembled anthropic length >= many", "many", "not a whole number" },
    { "assembled anthropic length <= 3 within 1s", "within", "cannot have a time limit" },
    { "status", "", "number is missing" },
    { "status ok", "ok", "not a comparison" },
    { "status 99", "99", "not an HTTP status" },
    { "status 600", "600", "not an HTTP status" },
    { "header", "", "header name is missing" },
    { "header Content-Type: matches /x/", "Content-Type:", "not a header name" },
    { "header X", "", "comparison is missing" },
    { "ends now", "now", "unexpected" },
    { "reconnects 1", "1", "not a comparison" },
    { "reconnects < 1 within 2s", "within", "cannot have a time limit" },
    { "gap 5s", "5s", "not a comparison" },
    { "gap >= 5s", ">=", "not a comparison" },
    { "gap <= 5", "5", "not a time" },
    { "gap <= 5s within 2s", "within", "cannot have a time limit" },
    { "order a", "", "“before” is missing" },
    { "order a after b", "after", "expected “before”" },
    { "order a before", "", "event type is missing" },
    { "order * before b", "*", "not *" },
    { "order a before a", "a", "two different" },
    { "order a before b within 1s", "within", "cannot have a time limit" },
    { "  count a >= x", "x", "not a whole number" },
    { "first content gpt", "gpt", "neither a preset" },
    { "first content $.a within", "", "time (like 2s or 500ms) is missing" },
    { "stalls", "", "comparison is missing" },
    { "stalls == 0 within 2s", "within", "cannot have a time limit" },
    { "bursts none", "none", "not a comparison" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) e = NULL;
      g_autofree char *span = NULL;
      gsize start = G_MAXSIZE;
      gsize end = G_MAXSIZE;

      g_test_message ("%s", cases[i].text);
      e = runnel_expectation_new_full (cases[i].text, &start, &end, &error);
      g_assert_null (e);
      g_assert_error (error, RUNNEL_EXPECTATION_ERROR, RUNNEL_EXPECTATION_ERROR_INVALID);
      g_test_message ("→ %s", error->message);
      g_assert_nonnull (strstr (error->message, cases[i].message));
      g_assert_cmpuint (start, <=, end);
      g_assert_cmpuint (end, <=, strlen (cases[i].text));
      span = g_strndup (cases[i].text + start, end - start);
      g_assert_cmpstr (span, ==, cases[i].span);
      /* a missing word is pointed at where it should be: the end of the sentence */
      if (*cases[i].span == '\0')
        {
          g_autofree char *copy = g_strchomp (g_strdup (cases[i].text));
          gsize text_end = strlen (copy);

          if (text_end > 0)
            g_assert_cmpuint (start, ==, text_end);
        }
    }
}

/* the words as the parser read them, for the window's form: unquoted, paths and regexes as
 * written, the time limit apart */
static void
test_words (void)
{
  static const struct {
    const char *text;
    const char *words;  /* joined by | */
    gint64      limit;
  } cases[] = {
    { "count message >= 3", "count|message|>=|3", 0 },
    { "first event within 2s", "first|event", 2 * G_USEC_PER_SEC },
    { "first content $['a b'] within 500ms", "first|content|$['a b']", 500 * 1000 },
    { "json $.a == \"b c\"", "json|$.a|==|b c", 0 },
    { "every delta json $.x matches /a\\/b/i", "every|delta|json|$.x|matches|/a\\/b/i", 0 },
    { "assembled anthropic length >= 10", "assembled|anthropic|length|>=|10", 0 },
    { "assembled $.text contains hi within 1m", "assembled|$.text|contains|hi", 60 * G_USEC_PER_SEC },
    { "status 200", "status|200", 0 },
    { "header within exists", "header|within|exists", 0 },
    { "event within within 2s", "event|within", 2 * G_USEC_PER_SEC },
    { "ends", "ends", 0 },
    { "order a before b", "order|a|before|b", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) expectation = runnel_expectation_new (cases[i].text, &error);
      g_auto(GStrv) words = NULL;
      g_autofree char *joined = NULL;

      g_assert_no_error (error);
      words = runnel_expectation_dup_words (expectation);
      joined = g_strjoinv ("|", words);
      g_assert_cmpstr (joined, ==, cases[i].words);
      g_assert_cmpint (runnel_expectation_get_time_limit (expectation), ==, cases[i].limit);
    }
}

/* what the form writes, the parser reads back as given */
static void
test_write_words (void)
{
  static const char * const texts[] = {
    "a", "", "b c", "say \"hi\"", "back\\slash", "'x", "\"", "tab\there",
  };
  static const char * const patterns[] = { "a/b", "^x$", "a b", "/" };
  static const double seconds[] = { 2, 1.5, 0.25, 0.001, 90 };
  g_autofree char *one_and_a_half = runnel_expectation_format_seconds (1.5);

  g_assert_cmpstr (one_and_a_half, ==, "1.5s");

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *word = runnel_expectation_quote_word (texts[i]);
      g_autofree char *sentence = g_strdup_printf ("json $.a == %s", word);
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) expectation = runnel_expectation_new (sentence, &error);
      g_auto(GStrv) words = NULL;

      g_assert_no_error (error);
      words = runnel_expectation_dup_words (expectation);
      g_assert_cmpstr (words[3], ==, texts[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (patterns); i++)
    {
      g_autofree char *word = runnel_expectation_regex_word (patterns[i]);
      g_autofree char *sentence = g_strdup_printf ("header X matches %s", word);
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) expectation = runnel_expectation_new (sentence, &error);
      g_auto(GStrv) words = NULL;
      g_autofree char *pattern = NULL;

      g_assert_no_error (error);
      words = runnel_expectation_dup_words (expectation);
      pattern = runnel_expectation_regex_pattern (words[3]);
      g_assert_cmpstr (pattern, ==, patterns[i]);
    }

  for (guint i = 0; i < G_N_ELEMENTS (seconds); i++)
    {
      g_autofree char *time = runnel_expectation_format_seconds (seconds[i]);
      gint64 us = 0;

      g_assert_true (runnel_expectation_parse_time (time, &us));
      g_assert_cmpint (us, ==, (gint64) (seconds[i] * G_USEC_PER_SEC));
    }
}

static void
test_parse_time (void)
{
  gint64 us = 0;

  g_assert_true (runnel_expectation_parse_time ("1.5s", &us));
  g_assert_cmpint (us, ==, 1500000);
  g_assert_true (runnel_expectation_parse_time ("250ms", &us));
  g_assert_cmpint (us, ==, 250000);
  g_assert_true (runnel_expectation_parse_time ("2m", &us));
  g_assert_cmpint (us, ==, 120 * G_USEC_PER_SEC);
  g_assert_false (runnel_expectation_parse_time ("2", &us));
  g_assert_false (runnel_expectation_parse_time ("s", &us));
  g_assert_false (runnel_expectation_parse_time ("-1s", &us));
}

static void
test_help (void)
{
  g_autofree char *help = runnel_expectation_dup_help ();
  static const char * const examples[] = {
    "event message_stop", "first event within 2s", "count content_block_delta >= 3",
    "json $.type == message_stop", "json $.delta.text contains Hello", "json $.usage exists",
    "json $.model matches /^claude-/", "every content_block_delta json $.delta.text exists",
    "assembled anthropic contains \"Hello, world\"", "assembled openai-chat length >= 10",
    "status 200", "header Content-Type matches /^text\\/event-stream/", "ends within 30s",
    "reconnects <= 1", "gap <= 5s", "order message_start before message_stop",
    "first content openai-chat within 2s", "stalls == 0", "bursts == 0",
  };

  /* every example in the help is in the language */
  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelExpectation) e = runnel_expectation_new (examples[i], &error);

      g_assert_no_error (error);
      g_assert_nonnull (strstr (help, examples[i]));
    }
}

/* The evaluation, on a fake clock */

typedef struct
{
  RunnelExpectations *run;
  gint64              now;
  guint64             seq;
  guint               changed;
} Fixture;

static gint64
fake_clock (gpointer user_data)
{
  Fixture *f = user_data;

  return f->now;
}

static void
on_changed (RunnelExpectations *run,
            Fixture            *f)
{
  f->changed++;
}

static void
run_start (Fixture            *f,
           const char * const *texts)
{
  g_autoptr(GError) error = NULL;

  f->run = runnel_expectations_new_from_strv (texts, &error);
  g_assert_no_error (error);
  f->now = BASE_TIME;
  f->seq = 0;
  runnel_expectations_set_clock (f->run, fake_clock, f);
  g_signal_connect (f->run, "changed", G_CALLBACK (on_changed), f);
  runnel_expectations_start (f->run);
}

static void
run_free (Fixture *f)
{
  g_assert_finalize_object (f->run);
}

/* an event at @ms after the start; the clock moves there too */
static void
send (Fixture    *f,
      gint64      ms,
      const char *type,
      const char *data)
{
  g_autoptr(RunnelSseEvent) event = NULL;

  f->now = BASE_TIME + ms * 1000;
  event = runnel_sse_event_new (type, strlen (type), data, strlen (data), "", 0, ++f->seq,
                                f->now, 0, 0);
  runnel_expectations_add_event (f->run, event);
}

static void
tick (Fixture *f,
      gint64   ms)
{
  f->now = BASE_TIME + ms * 1000;
  runnel_expectations_tick (f->run);
}

static void
finish (Fixture *f,
        gint64   ms)
{
  f->now = BASE_TIME + ms * 1000;
  runnel_expectations_finish (f->run);
}

static void
assert_result (Fixture                 *f,
               guint                    i,
               RunnelExpectationStatus  status,
               const char              *observed)
{
  RunnelExpectation *e = runnel_expectations_get (f->run, i);
  g_autofree char *seen = runnel_expectation_dup_observed (e);

  g_test_message ("%s: %s: %s", runnel_expectation_get_text (e),
                  runnel_expectation_status_to_string (runnel_expectation_get_status (e)), seen);
  g_assert_cmpstr (runnel_expectation_status_to_string (runnel_expectation_get_status (e)), ==,
                   runnel_expectation_status_to_string (status));
  if (observed != NULL)
    g_assert_cmpstr (seen, ==, observed);
}

#define PENDING RUNNEL_EXPECTATION_PENDING
#define PASSED RUNNEL_EXPECTATION_PASSED
#define FAILED RUNNEL_EXPECTATION_FAILED

static void
test_event (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "event stop", "event *", "event never", "first event within 2s",
                          "event late within 1s", "event slow within 500ms", NULL };

  run_start (&f, texts);
  for (guint i = 0; i < 6; i++)
    assert_result (&f, i, PENDING, NULL);
  assert_result (&f, 0, PENDING, "none");

  send (&f, 100, "message", "a");
  assert_result (&f, 1, PASSED, "#1 at 0.10s");
  assert_result (&f, 3, PASSED, "#1 at 0.10s");
  assert_result (&f, 0, PENDING, "none");

  /* the clock passes the time limit: failed at once, not at the end */
  tick (&f, 600);
  assert_result (&f, 5, FAILED, "none within 0.50s");
  assert_result (&f, 4, PENDING, NULL);

  send (&f, 1500, "late", "x");
  assert_result (&f, 4, FAILED, "#2 at 1.50s (over the limit of 1.00s)");
  send (&f, 1600, "stop", "x");
  assert_result (&f, 0, PASSED, "#3 at 1.60s");
  /* a late event does not undo a decision */
  send (&f, 1700, "slow", "x");
  assert_result (&f, 5, FAILED, "none within 0.50s");

  /* pending at the end: it did not happen */
  assert_result (&f, 2, PENDING, "none");
  finish (&f, 2000);
  assert_result (&f, 2, FAILED, "none");
  g_assert_cmpuint (runnel_expectations_count (f.run, PASSED), ==, 3);
  g_assert_cmpuint (runnel_expectations_count (f.run, FAILED), ==, 3);
  run_free (&f);
}

static void
test_count (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "count d >= 3", "count d <= 2", "count d == 4", "count d != 4",
                          "count * > 4", "count d < 10", "count x == 0", "count d != 1",
                          "count d >= 5 within 1s", NULL };

  run_start (&f, texts);
  send (&f, 10, "d", "");
  send (&f, 20, "d", "");
  assert_result (&f, 0, PENDING, "2");
  assert_result (&f, 1, PENDING, "2");
  send (&f, 30, "d", "");
  /* decided as soon as the answer cannot change */
  assert_result (&f, 0, PASSED, "3");
  assert_result (&f, 1, FAILED, "3");
  assert_result (&f, 2, PENDING, "3");
  assert_result (&f, 7, PASSED, "3");
  send (&f, 40, "other", "");
  send (&f, 50, "d", "");
  assert_result (&f, 4, PASSED, "5");
  assert_result (&f, 3, PENDING, "4");
  /* the observed count goes on after the decision */
  assert_result (&f, 0, PASSED, "4");
  send (&f, 1200, "d", "");
  assert_result (&f, 2, FAILED, "5");
  assert_result (&f, 3, PASSED, "5");
  assert_result (&f, 8, FAILED, "5 (over the limit of 1.00s)");
  assert_result (&f, 5, PENDING, "5");
  assert_result (&f, 6, PENDING, "0");

  finish (&f, 1300);
  assert_result (&f, 5, PASSED, "5");
  assert_result (&f, 6, PASSED, "0");
  run_free (&f);

  /* == at the end, and a count that never got there */
  {
    const char *more[] = { "count d == 2", "count d >= 3", "count d > 0 within 1s", NULL };

    run_start (&f, more);
    send (&f, 10, "d", "");
    send (&f, 20, "d", "");
    tick (&f, 1001);
    assert_result (&f, 2, PASSED, "2");
    finish (&f, 1500);
    assert_result (&f, 0, PASSED, "2");
    assert_result (&f, 1, FAILED, "2");
    run_free (&f);
  }
}

static void
test_json (void)
{
  Fixture f = { 0 };
  const char *texts[] = {
    "json $.type == message_stop", "json $.n == 1", "json $.n > 1.5", "json $.t contains lo",
    "json $.m matches /^CLAUDE/i", "json $.u exists", "json $.t != hello", "json $.t == \"a b\"",
    "json $.missing exists", NULL
  };

  run_start (&f, texts);
  send (&f, 10, "message", "[DONE]");
  assert_result (&f, 8, PENDING, "no JSON events");
  send (&f, 20, "message", "{\"n\": 1.0, \"t\": \"hello\"}");
  assert_result (&f, 1, PASSED, "“1.0” in #2");
  assert_result (&f, 2, PENDING, "last “1.0”");
  assert_result (&f, 3, PASSED, "“hello” in #2");
  assert_result (&f, 6, PENDING, "last “hello”");
  assert_result (&f, 8, PENDING, "no event has $.missing");
  send (&f, 30, "x", "{\"n\": 2, \"m\": \"claude-3\", \"u\": {\"in\": 1}, \"t\": \"a b\"}");
  assert_result (&f, 2, PASSED, "“2” in #3");
  assert_result (&f, 4, PASSED, "“claude-3” in #3");
  assert_result (&f, 5, PASSED, "“{\"in\":1}” in #3");
  assert_result (&f, 6, PASSED, "“a b” in #3");
  assert_result (&f, 7, PASSED, "“a b” in #3");
  assert_result (&f, 0, PENDING, NULL);
  send (&f, 40, "message_stop", "{\"type\":\"message_stop\"}");
  assert_result (&f, 0, PASSED, "“message_stop” in #4");
  finish (&f, 50);
  assert_result (&f, 8, FAILED, "no event has $.missing");
  run_free (&f);
}

static void
test_every (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "every d json $.t exists", "every d json $.n < 3",
                          "every none json $.t exists", "every * json $.t exists",
                          "every d json $.t matches /^[a-z]+$/", NULL };

  run_start (&f, texts);
  send (&f, 10, "d", "{\"t\":\"a\",\"n\":1}");
  send (&f, 20, "d", "{\"t\":\"b\",\"n\":2}");
  assert_result (&f, 0, PENDING, "all 2 events passed");
  send (&f, 30, "d", "{\"t\":\"C\",\"n\":3}");
  assert_result (&f, 1, FAILED, "#3 has “3”");
  assert_result (&f, 4, FAILED, "#3 has “C”");
  send (&f, 40, "e", "[DONE]");
  assert_result (&f, 3, FAILED, "#4 has no $.t");
  finish (&f, 50);
  assert_result (&f, 0, PASSED, "all 3 events passed");
  /* none of the type: a check that saw nothing fails */
  assert_result (&f, 2, FAILED, "no “none” events");
  run_free (&f);
}

static void
test_assembled (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "assembled anthropic contains \"Hello, wo\"", "assembled anthropic "
                          "matches /world!$/", "assembled anthropic length >= 12",
                          "assembled anthropic length <= 5", "assembled $.delta.text length == 13",
                          "assembled openai-chat contains Hello", "assembled anthropic contains "
                          "Bye within 1s", NULL };

  run_start (&f, texts);
  send (&f, 10, "message_start", "{\"type\":\"message_start\"}");
  assert_result (&f, 0, PENDING, "no text");
  send (&f, 20, "content_block_delta", "{\"delta\":{\"text\":\"Hel\"}}");
  send (&f, 30, "content_block_delta", "{\"delta\":{\"text\":\"lo, w\"}}");
  assert_result (&f, 0, PENDING, "“Hello, w”");
  assert_result (&f, 3, FAILED, "8 characters");
  /* the text it looks for spans two events */
  send (&f, 40, "content_block_delta", "{\"delta\":{\"text\":\"orld!\"}}");
  assert_result (&f, 0, PASSED, "“Hello, world!”");
  assert_result (&f, 1, PASSED, "“Hello, world!”");
  assert_result (&f, 2, PASSED, "13 characters");
  assert_result (&f, 4, PENDING, "13 characters");
  tick (&f, 1100);
  assert_result (&f, 6, FAILED, "“Hello, world!” within 1.00s");
  finish (&f, 1200);
  assert_result (&f, 4, PASSED, "13 characters");
  assert_result (&f, 5, FAILED, "no text");
  run_free (&f);

  /* a regex on the end of a long text is checked again at the end */
  {
    const char *more[] = { "assembled ollama-generate matches /END$/", "assembled "
                           "ollama-generate contains END", NULL };
    g_autofree char *chunk = g_strnfill (1000, 'x');
    g_autofree char *data = g_strdup_printf ("{\"response\":\"%s\"}", chunk);

    run_start (&f, more);
    for (int i = 0; i < 40; i++)
      send (&f, i, "message", data);
    send (&f, 50, "message", "{\"response\":\"EN\"}");
    send (&f, 51, "message", "{\"response\":\"D\"}");
    assert_result (&f, 1, PASSED, NULL);
    finish (&f, 60);
    assert_result (&f, 0, PASSED, NULL);
    {
      g_autofree char *seen = runnel_expectation_dup_observed (runnel_expectations_get (f.run, 0));

      g_assert_true (g_str_has_suffix (seen, "(40003 characters)"));
    }
    run_free (&f);
  }
}

static void
test_response (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "status 200", "status >= 400", "header Content-Type matches "
                          "/^text\\/event-stream/", "header X-Missing exists",
                          "header content-type contains html", "header X-Missing != a",
                          "status 200 within 1s", NULL };
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  run_start (&f, texts);
  assert_result (&f, 0, PENDING, "no response");
  assert_result (&f, 3, PENDING, "no response");
  soup_message_headers_append (headers, "Content-Type", "text/event-stream; charset=utf-8");
  f.now = BASE_TIME + 1500 * 1000;
  runnel_expectations_add_response (f.run, 200, headers);
  assert_result (&f, 0, PASSED, "200");
  assert_result (&f, 1, FAILED, "200");
  assert_result (&f, 2, PASSED, "“text/event-stream; charset=utf-8”");
  assert_result (&f, 3, FAILED, "no X-Missing header");
  assert_result (&f, 4, FAILED, "“text/event-stream; charset=utf-8”");
  /* a missing header is not "not equal": it is missing */
  assert_result (&f, 5, FAILED, "no X-Missing header");
  assert_result (&f, 6, FAILED, "200 (over the limit of 1.00s)");
  /* only the first response of a run counts */
  runnel_expectations_add_response (f.run, 500, NULL);
  assert_result (&f, 0, PASSED, "200");
  run_free (&f);

  /* no response at all */
  {
    const char *more[] = { "status 200", "header A exists", NULL };

    run_start (&f, more);
    finish (&f, 100);
    assert_result (&f, 0, FAILED, "no response");
    assert_result (&f, 1, FAILED, "no response");
    run_free (&f);
  }
}

static void
test_ends_reconnects (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "ends", "ends within 1s", "reconnects <= 1", "reconnects >= 1",
                          "reconnects == 0", NULL };

  run_start (&f, texts);
  assert_result (&f, 0, PENDING, "not ended");
  f.now = BASE_TIME + 2 * G_USEC_PER_SEC;
  runnel_expectations_server_ended (f.run);
  assert_result (&f, 0, PASSED, "ended at 2.00s");
  assert_result (&f, 1, FAILED, "ended at 2.00s (over the limit of 1.00s)");
  runnel_expectations_add_reconnect (f.run, 1);
  assert_result (&f, 3, PASSED, "1");
  assert_result (&f, 4, FAILED, "1");
  assert_result (&f, 2, PENDING, "1");
  runnel_expectations_add_reconnect (f.run, 2);
  assert_result (&f, 2, FAILED, "2");
  finish (&f, 3000);
  run_free (&f);

  {
    const char *more[] = { "ends", "reconnects <= 1", NULL };

    run_start (&f, more);
    finish (&f, 100);
    assert_result (&f, 0, FAILED, "the server did not end it");
    assert_result (&f, 1, PASSED, "0");
    run_free (&f);
  }
}

static void
test_gap (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "gap <= 1s", "gap < 500ms", "gap <= 3s", NULL };

  run_start (&f, texts);
  send (&f, 2000, "a", "");   /* the wait for the first event is no gap */
  assert_result (&f, 0, PENDING, "one event, no gap");
  send (&f, 2400, "a", "");
  send (&f, 2900, "a", "");
  /* 500 ms is not < 500 ms */
  assert_result (&f, 1, FAILED, "longest 0.50s, before #3");
  assert_result (&f, 0, PENDING, "longest 0.50s, before #3");
  /* a silence fails while it lasts, from the clock */
  tick (&f, 3800);
  assert_result (&f, 0, PENDING, NULL);
  tick (&f, 3901);
  assert_result (&f, 0, FAILED, "1.00s of silence after #3");
  send (&f, 4500, "a", "");
  assert_result (&f, 0, FAILED, "1.00s of silence after #3");
  finish (&f, 4600);
  assert_result (&f, 2, PASSED, "longest 1.60s, before #4");
  run_free (&f);

  /* the silence before the end counts; no events prove nothing */
  {
    const char *more[] = { "gap <= 1s", NULL };

    run_start (&f, more);
    send (&f, 100, "a", "");
    finish (&f, 1200);
    assert_result (&f, 0, FAILED, "1.10s of silence after #1");
    run_free (&f);

    run_start (&f, more);
    finish (&f, 5000);
    assert_result (&f, 0, FAILED, "no events");
    run_free (&f);
  }
}

/* what counts as content; stalls and bursts as RunnelTiming finds them, on the run's clock */
static void
test_health (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "first content openai-chat within 2s", "first content",
                          "first content $.x within 1s", "bursts == 0", "bursts >= 1",
                          "stalls == 0", "stalls >= 1", NULL };
  g_autoptr(SoupMessageHeaders) headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_RESPONSE);

  run_start (&f, texts);
  f.now = BASE_TIME + 50 * 1000;
  runnel_expectations_add_response (f.run, 200, headers);

  /* a role-only delta is data, not the preset's content */
  send (&f, 100, "message", "{\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}");
  assert_result (&f, 1, PASSED, "#1 at 0.10s");
  assert_result (&f, 0, PENDING, "none");
  send (&f, 1500, "message", "{\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}");
  assert_result (&f, 0, PASSED, "#2 at 1.50s");
  tick (&f, 1600);
  assert_result (&f, 2, FAILED, "none within 1.00s");

  /* six events at once after 1.5 s of silence: a burst, decided at once */
  for (guint i = 0; i < 6; i++)
    send (&f, 3000, "message", "x");
  assert_result (&f, 3, FAILED, "1");
  assert_result (&f, 4, PASSED, "1");

  /* 6.5 s without an event until the end: a stall */
  assert_result (&f, 5, PENDING, "0");
  finish (&f, 9500);
  assert_result (&f, 5, FAILED, "1");
  assert_result (&f, 6, PASSED, "1");
  run_free (&f);

  /* a steady stream has neither; the next run starts afresh */
  {
    const char *more[] = { "bursts == 0", "stalls == 0", NULL };

    run_start (&f, more);
    for (guint i = 1; i <= 20; i++)
      send (&f, i * 200, "message", "x");
    finish (&f, 4100);
    assert_result (&f, 0, PASSED, "0");
    assert_result (&f, 1, PASSED, "0");

    runnel_expectations_start (f.run);
    assert_result (&f, 0, PENDING, "0");
    run_free (&f);
  }
}

static void
test_order (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "order start before stop", "order stop before start",
                          "order delta before stop", "order start before never",
                          "order never before stop", NULL };

  run_start (&f, texts);
  send (&f, 1, "start", "");
  send (&f, 2, "delta", "");
  assert_result (&f, 0, PENDING, "no stop after start #1");
  send (&f, 3, "stop", "");
  /* the first B before any A */
  assert_result (&f, 1, FAILED, "start #1 before any stop");
  assert_result (&f, 0, PENDING, "last start #1, first stop #3");
  assert_result (&f, 2, PENDING, NULL);
  /* an A after the first B */
  send (&f, 4, "delta", "");
  assert_result (&f, 2, FAILED, "delta #4 after stop #3");
  finish (&f, 5);
  assert_result (&f, 0, PASSED, "last start #1, first stop #3");
  assert_result (&f, 3, FAILED, "no never after start #1");
  assert_result (&f, 4, FAILED, "stop #3 before any never");
  run_free (&f);
}

static void
test_run (void)
{
  Fixture f = { 0 };
  const char *texts[] = { "event a", "event b", "count a <= 1", "status 200", NULL };
  const char *bad[] = { "event a", "count a >= x", NULL };
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelExpectations) none = NULL;
  g_autoptr(RunnelExpectation) extra = NULL;
  g_autofree char *summary = NULL;
  g_auto(GStrv) back = NULL;

  none = runnel_expectations_new_from_strv (bad, &error);
  g_assert_null (none);
  g_assert_error (error, RUNNEL_EXPECTATION_ERROR, RUNNEL_EXPECTATION_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "“count a >= x”: "));

  run_start (&f, texts);
  back = runnel_expectations_dup_texts (f.run);
  g_assert_cmpstrv (back, texts);
  g_assert_false (runnel_expectations_needs_clock (f.run));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (f.run)), ==, 4);

  f.changed = 0;
  send (&f, 1, "a", "");
  g_assert_cmpuint (f.changed, ==, 1);
  send (&f, 2, "x", "");
  g_assert_cmpuint (f.changed, ==, 1);
  runnel_expectations_add_response (f.run, 200, NULL);
  summary = runnel_expectations_dup_summary (f.run);
  g_assert_cmpstr (summary, ==, "2 of 4 passed");
  g_assert_false (runnel_expectations_all_decided (f.run));

  /* one added during a run starts from nothing */
  extra = runnel_expectation_new ("gap <= 1s", NULL);
  runnel_expectations_append (f.run, extra);
  g_assert_true (runnel_expectations_needs_clock (f.run));
  assert_result (&f, 4, PENDING, "no events");
  runnel_expectations_remove (f.run, 4);

  finish (&f, 10);
  g_clear_pointer (&summary, g_free);
  summary = runnel_expectations_dup_summary (f.run);
  g_assert_cmpstr (summary, ==, "3 of 4 passed");
  g_assert_true (runnel_expectations_all_decided (f.run));
  g_assert_false (runnel_expectations_is_running (f.run));

  /* events after the end change nothing; a new start begins again */
  send (&f, 20, "a", "");
  assert_result (&f, 2, PASSED, "1");
  runnel_expectations_start (f.run);
  for (guint i = 0; i < 4; i++)
    assert_result (&f, i, PENDING, NULL);
  assert_result (&f, 2, PENDING, "0");
  run_free (&f);
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/expectation/parse/forms", test_parse_forms);
  g_test_add_func ("/runnel/expectation/parse/errors", test_parse_errors);
  g_test_add_func ("/runnel/expectation/words", test_words);
  g_test_add_func ("/runnel/expectation/write-words", test_write_words);
  g_test_add_func ("/runnel/expectation/parse-time", test_parse_time);
  g_test_add_func ("/runnel/expectation/help", test_help);
  g_test_add_func ("/runnel/expectation/event", test_event);
  g_test_add_func ("/runnel/expectation/count", test_count);
  g_test_add_func ("/runnel/expectation/json", test_json);
  g_test_add_func ("/runnel/expectation/every", test_every);
  g_test_add_func ("/runnel/expectation/assembled", test_assembled);
  g_test_add_func ("/runnel/expectation/response", test_response);
  g_test_add_func ("/runnel/expectation/ends-reconnects", test_ends_reconnects);
  g_test_add_func ("/runnel/expectation/gap", test_gap);
  g_test_add_func ("/runnel/expectation/health", test_health);
  g_test_add_func ("/runnel/expectation/order", test_order);
  g_test_add_func ("/runnel/expectation/run", test_run);

  return g_test_run ();
}
