/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation.h: one expectation about a stream, parsed from a sentence, and its result */

#pragma once

#include "runnel-enums.h"
#include <glib-object.h>

G_BEGIN_DECLS

#define RUNNEL_EXPECTATION_ERROR (runnel_expectation_error_quark ())

typedef enum /*< skip >*/
{
  RUNNEL_EXPECTATION_ERROR_INVALID,  /* the sentence is not in the language: see the span */
} RunnelExpectationError;

typedef enum
{
  RUNNEL_EXPECTATION_PENDING,
  RUNNEL_EXPECTATION_PASSED,
  RUNNEL_EXPECTATION_FAILED,
} RunnelExpectationStatus;

#define RUNNEL_TYPE_EXPECTATION (runnel_expectation_get_type ())

/*
 * One expectation in Runnel's small language, one sentence each (runnel --help-expect and
 * README.md list it all):
 *
 *   event TYPE | event * | first event          count TYPE OP N
 *   json PATH OP VALUE | contains TEXT | matches /RE/ | exists
 *   every TYPE json PATH (the same tests)       assembled PRESET|PATH contains TEXT | matches /RE/ | length OP N
 *   status N | status OP N                      header NAME (the same tests as json)
 *   ends                                        reconnects OP N
 *   gap <= DURATION                             order A before B
 *
 * with OP one of == != < <= > >=, a VALUE or TEXT of one word or "quoted", a DURATION like 2s,
 * 1.5s, 500ms or 1m, and "within DURATION" after any expectation that passes when something
 * happens (a time limit from the start of the run). Keywords are case-insensitive; types,
 * names and values are not.
 *
 * An expectation is evaluated by a RunnelExpectations (the run), which feeds it the events and
 * the stream's life; it is pending until decided, then passed or failed for good, and its
 * observed value ("27", "“text/html”", "longest 6.20s") says why.
 * Properties: "text" (string, construct-only: the sentence as given, trimmed), "status"
 * (RunnelExpectationStatus, read-only, notified when it changes).
 */
G_DECLARE_FINAL_TYPE (RunnelExpectation, runnel_expectation, RUNNEL, EXPECTATION, GObject)

GQuark                  runnel_expectation_error_quark       (void);
/* "pending", "passed", "failed" */
const char             *runnel_expectation_status_to_string  (RunnelExpectationStatus status);

/* Returns: (nullable): the expectation, or NULL with RUNNEL_EXPECTATION_ERROR_INVALID */
RunnelExpectation      *runnel_expectation_new               (const char         *text,
                                                              GError            **error);
/*
 * As runnel_expectation_new (), and on error @error_start / @error_end (nullable) get the byte
 * span of @text that is wrong (both at the end of @text when a word is missing), so that the
 * caller can point at it.
 */
RunnelExpectation      *runnel_expectation_new_full          (const char         *text,
                                                              gsize              *error_start,
                                                              gsize              *error_end,
                                                              GError            **error);
/* the sentence, trimmed */
const char             *runnel_expectation_get_text          (RunnelExpectation  *self);
/*
 * The words of the sentence as the parser read them, for a form that edits it: the keyword
 * (two for "first event" and "first content"), then the others in order, a "quoted" word
 * without its quotes, a JSONPath and a /regular expression/ (with its i) as written; not the
 * time limit (see get_time_limit ()). Returns: (transfer full)
 */
char                  **runnel_expectation_dup_words         (RunnelExpectation  *self);
/* the time limit ("within 2s") in µs from the start of the run; 0 for none */
gint64                  runnel_expectation_get_time_limit    (RunnelExpectation  *self);
/* a TIME of the language ("2s", "1.5s", "500ms", "1m") into µs; FALSE when it is not one */
gboolean                runnel_expectation_parse_time        (const char         *text,
                                                              gint64             *us);
/* Writing a sentence's words so that the parser reads them back as given
 * (runnel-expectation-words.c); each Returns: (transfer full) */
/* @text as one word: "quoted" (with \" and \\) when empty, with spaces or a leading quote */
char                   *runnel_expectation_quote_word        (const char         *text);
/* @pattern between slashes, a / in it escaped; one written with its slashes (and i) as it is */
char                   *runnel_expectation_regex_word        (const char         *pattern);
/* the pattern of a /regex/ word, without its slashes and their escapes (one with i as it is) */
char                   *runnel_expectation_regex_pattern     (const char         *word);
/* @seconds as a TIME: "2s", "1.5s", "0.25s" (to the millisecond) */
char                   *runnel_expectation_format_seconds    (double              seconds);
RunnelExpectationStatus runnel_expectation_get_status        (RunnelExpectation  *self);
/*
 * What was observed so far, in words: the value that decided it, or the value it would be
 * decided on ("count content_block_delta >= 3" → "27"). Returns: (transfer full)
 */
char                   *runnel_expectation_dup_observed      (RunnelExpectation  *self);
/* when it was decided, in µs from the start of the run; -1 while pending */
gint64                  runnel_expectation_get_decided_at (RunnelExpectation  *self);
/* whether it has a time limit or a gap: the run must be ticked while it is pending */
gboolean                runnel_expectation_needs_clock       (RunnelExpectation  *self);

/* the language, with an example of each form, for runnel --help-expect (translated) */
char                   *runnel_expectation_dup_help          (void);

G_END_DECLS
