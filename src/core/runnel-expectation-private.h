/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation-private.h: an expectation's insides, shared by the language and its kinds */

#pragma once

#include <libsoup/soup.h>

#include "runnel-expectation.h"
#include "runnel-json-assembler.h"
#include "runnel-sse-event.h"
#include "runnel-timing.h"

G_BEGIN_DECLS

/* comparisons and value tests; a kind says which it accepts as a mask of (1 << op) */
typedef enum
{
  OP_EQ,
  OP_NE,
  OP_LT,
  OP_LE,
  OP_GT,
  OP_GE,
  OP_CONTAINS,
  OP_MATCHES,
  OP_EXISTS,
} RunnelExpectationOp;

#define OPS_COMPARE ((1 << OP_EQ) | (1 << OP_NE) | (1 << OP_LT) | (1 << OP_LE) | (1 << OP_GT) | \
                     (1 << OP_GE))
#define OPS_TEXT    (OPS_COMPARE | (1 << OP_CONTAINS) | (1 << OP_MATCHES) | (1 << OP_EXISTS))

/* the sentence being read, and where the wrong word is when it is wrong */
typedef struct
{
  const char *text;
  gsize       pos;
  gsize       error_start;
  gsize       error_end;
  GPtrArray  *words;  /* the words read so far, as runnel_expectation_dup_words () gives them */
} RunnelExpectationReader;

typedef struct
{
  char  *text;   /* unquoted; a regex without its slashes */
  gsize  start;  /* byte span in the sentence */
  gsize  end;
} RunnelExpectationWord;

/*
 * A kind of expectation (a subject of the language): how its words after the keyword are read,
 * and what it does with each thing that happens during a run. Every callback but parse is
 * optional; times are µs since the run started. A callback decides with
 * _runnel_expectation_pass () / _fail (); after that the status never changes, but callbacks
 * still come, so that the observed value can go on growing (a count).
 *
 * A new subject is one RunnelExpectationKind in runnel-expectation-kinds.c, added to its table.
 */
typedef struct
{
  const char *keyword;   /* first word, lower case: "count" */
  const char *second;    /* a second fixed word ("first event"), or NULL */
  gboolean  (*parse)        (RunnelExpectation        *self,
                             RunnelExpectationReader  *reader,
                             GError                  **error);
  void      (*event)        (RunnelExpectation        *self,
                             const RunnelSseEvent     *event,
                             gint64                    elapsed);
  void      (*response)     (RunnelExpectation        *self,
                             guint                     status,
                             SoupMessageHeaders       *headers,
                             gint64                    elapsed);
  void      (*reconnect)    (RunnelExpectation        *self,
                             guint                     count,
                             gint64                    elapsed);
  void      (*server_ended) (RunnelExpectation        *self,
                             gint64                    elapsed);
  void      (*tick)         (RunnelExpectation        *self,
                             gint64                    elapsed);
  /* the run is over: decide what is still pending */
  void      (*finish)       (RunnelExpectation        *self,
                             gint64                    elapsed);
  /* Returns: (transfer full): the observed value, without the time-limit part */
  char     *(*observed)     (RunnelExpectation        *self);
} RunnelExpectationKind;

struct _RunnelExpectation
{
  GObject                      parent_instance;

  char                        *text;
  char                       **words;       /* as read, without the time limit */
  const RunnelExpectationKind *kind;
  RunnelExpectationStatus      status;

  /* What the sentence says */
  char                        *type;        /* an event type; NULL for any ("*") */
  char                        *other;       /* order's second type, a header's name */
  RunnelExpectationOp          op;
  gint64                       number;      /* N, a status, a length; a gap in µs */
  char                        *value;       /* VALUE or TEXT */
  GRegex                      *regex;
  RunnelJsonExtractor         *extractor;   /* json, every, assembled */
  gint64                       within;      /* µs from the start; 0 for no limit */
  guint                        positive : 1; /* it passes when something happens: may have within */
  guint                        clocked : 1;  /* its kind needs ticks (gap) */

  /* What the run showed (reset by _runnel_expectation_reset ()) */
  RunnelJsonAssembler         *assembler;
  RunnelTiming                *timing;      /* bursts, stalls: NULL until the first callback */
  gint64                       timing_now;  /* its clock: the callback's elapsed time */
  guint64                      count;       /* matching events, reconnections */
  guint64                      seq;         /* the event that decided it, or the first A */
  guint64                      seq_b;       /* order: the first B, or the A after it */
  gint64                       at;          /* when it was decided or first seen; -1 for never */
  gint64                       last;        /* the last event's time; -1 before any */
  gint64                       longest;     /* gap: the longest silence */
  guint64                      longest_seq; /* gap: the event that ended it */
  char                        *seen;        /* the value that decided it, or the last one seen */
  char                        *frozen;      /* the observed value when the time limit ran out */
  guint                        got_response : 1;
  guint                        had_json : 1;
  guint                        late : 1;      /* it happened, after the time limit */
  guint                        timed_out : 1; /* the time limit passed first */
  guint                        live_gap : 1;  /* gap: failed on a silence still going on */
};

void _runnel_expectation_word_clear (RunnelExpectationWord *word);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunnelExpectationWord, _runnel_expectation_word_clear)

/* the kinds, NULL-terminated */
extern const RunnelExpectationKind * const _runnel_expectation_kinds[];

void     _runnel_expectation_reset          (RunnelExpectation        *self);
/* at @elapsed µs since the start; a pass after the time limit is a failure */
void     _runnel_expectation_pass           (RunnelExpectation        *self,
                                             gint64                    elapsed);
void     _runnel_expectation_fail           (RunnelExpectation        *self,
                                             gint64                    elapsed);
/* the run's ticks: fails what the time limit overtook, then the kind's own tick */
void     _runnel_expectation_tick           (RunnelExpectation        *self,
                                             gint64                    elapsed);
void     _runnel_expectation_finish         (RunnelExpectation        *self,
                                             gint64                    elapsed);

/* Reading a sentence */
gboolean _runnel_expectation_reader_at_end  (RunnelExpectationReader  *reader);
/* the next word without reading it; NULL at the end (transfer full) */
char    *_runnel_expectation_peek_word      (RunnelExpectationReader  *reader);
/* a word, "quoted" or /regex/ as it comes; @what names what is missing at the end ("a type") */
gboolean _runnel_expectation_read_word      (RunnelExpectationReader  *reader,
                                             const char               *what,
                                             RunnelExpectationWord    *word,
                                             GError                  **error);
/* back to @start, before the last word read */
void     _runnel_expectation_unread_word    (RunnelExpectationReader  *reader,
                                             gsize                     start);
gboolean _runnel_expectation_read_keyword   (RunnelExpectationReader  *reader,
                                             const char               *keyword,
                                             GError                  **error);
gboolean _runnel_expectation_read_op        (RunnelExpectationReader  *reader,
                                             guint                     allowed,
                                             RunnelExpectationOp      *op,
                                             GError                  **error);
gboolean _runnel_expectation_read_number    (RunnelExpectationReader  *reader,
                                             gint64                    max,
                                             gint64                   *number,
                                             GError                  **error);
gboolean _runnel_expectation_read_duration  (RunnelExpectationReader  *reader,
                                             gint64                   *us,
                                             GError                  **error);
/* a JSONPath into self->extractor */
gboolean _runnel_expectation_read_path      (RunnelExpectation        *self,
                                             RunnelExpectationReader  *reader,
                                             GError                  **error);
/* a value test: OP VALUE, contains TEXT, matches /RE/ or exists, into op, value, regex */
gboolean _runnel_expectation_read_test      (RunnelExpectation        *self,
                                             RunnelExpectationReader  *reader,
                                             guint                     allowed,
                                             GError                  **error);
gboolean _runnel_expectation_error_at       (RunnelExpectationReader  *reader,
                                             gsize                     start,
                                             gsize                     end,
                                             GError                  **error,
                                             const char               *format,
                                             ...) G_GNUC_PRINTF (5, 6);

/* Evaluating */
gboolean _runnel_expectation_compare        (RunnelExpectationOp       op,
                                             gint64                    a,
                                             gint64                    b);
/* the value test against @value (NULL: it does not exist) */
gboolean _runnel_expectation_test_value     (RunnelExpectation        *self,
                                             const char               *value);
const char *_runnel_expectation_op_to_string (RunnelExpectationOp      op);
/* “text”, shortened to about 60 characters, control characters escaped (transfer full) */
char    *_runnel_expectation_quote          (const char               *text);
/* "0.31s", "12.4s" (transfer full) */
char    *_runnel_expectation_format_time    (gint64                    us);

G_END_DECLS
