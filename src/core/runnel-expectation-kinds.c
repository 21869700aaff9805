/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation-kinds.c: the subjects of the expectations language, one small table each */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-expectation-private.h"

/* matches and every assembled check: how much text may grow before a regex runs on it again */
#define REGEX_EVERY_EVENT_BELOW (16 * 1024)

static gboolean
type_matches (RunnelExpectation    *self,
              const char           *type,
              const RunnelSseEvent *event)
{
  return type == NULL || strcmp (runnel_sse_event_get_event_type (event), type) == 0;
}

/* a type, or * for any (stored as NULL) */
static gboolean
read_type (RunnelExpectationReader  *reader,
           gboolean                  any_allowed,
           char                    **type,
           GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };

  if (!_runnel_expectation_read_word (reader, _("an event type"), &word, error))
    return FALSE;

  if (strcmp (word.text, "*") == 0 && !any_allowed)
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("name an event type here, not *"));
  if (word.text[0] == '\0')
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("an event type cannot be empty"));

  *type = strcmp (word.text, "*") == 0 ? NULL : g_steal_pointer (&word.text);
  return TRUE;
}

/* == and the like on a count that only grows: decide as soon as the answer cannot change */
static void
check_growing (RunnelExpectation *self,
               gint64             value,
               gint64             elapsed)
{
  gboolean holds = _runnel_expectation_compare (self->op, value, self->number);

  switch (self->op)
    {
    case OP_GT:
    case OP_GE:
    case OP_NE:
      if (holds && (self->op != OP_NE || value > self->number))
        _runnel_expectation_pass (self, elapsed);
      break;

    case OP_LT:
    case OP_LE:
    case OP_EQ:
      if (!holds && value > self->number)
        _runnel_expectation_fail (self, elapsed);
      break;

    case OP_CONTAINS:
    case OP_MATCHES:
    case OP_EXISTS:
    default:
      g_assert_not_reached ();
    }
}

static void
finish_growing (RunnelExpectation *self,
                gint64             value,
                gint64             elapsed)
{
  if (_runnel_expectation_compare (self->op, value, self->number))
    _runnel_expectation_pass (self, elapsed);
  else
    _runnel_expectation_fail (self, elapsed);
}

static char *
observed_count (RunnelExpectation *self)
{
  return g_strdup_printf ("%llu", (unsigned long long) self->count);
}

/* a preset's id or a JSONPath, into self->extractor */
static gboolean
read_extractor (RunnelExpectation        *self,
                RunnelExpectationReader  *reader,
                GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };

  if (!_runnel_expectation_read_word (reader, _("a preset or a JSONPath"), &word, error))
    return FALSE;

  if (word.text[0] == '$')
    {
      /* read it again as a path, with the path's own errors */
      _runnel_expectation_unread_word (reader, word.start);
      return _runnel_expectation_read_path (self, reader, error);
    }
  else
    {
      g_autofree char *id = g_ascii_strdown (word.text, -1);
      const RunnelJsonPathPreset *preset = runnel_json_path_find_preset (id);

      if (preset == NULL)
        {
          g_autoptr(GString) ids = g_string_new (NULL);
          const RunnelJsonPathPreset *presets;
          guint n_presets;

          presets = runnel_json_path_get_presets (&n_presets);
          for (guint i = 0; i < n_presets; i++)
            g_string_append_printf (ids, "%s%s", i > 0 ? ", " : "", presets[i].id);
          return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                               _("“%s” is neither a preset (%s) nor a JSONPath "
                                                 "(like $.delta.text)"), word.text, ids->str);
        }
      self->extractor = runnel_json_extractor_new_for_preset (preset);
    }

  return TRUE;
}

/* event TYPE, event *, first event */

static gboolean
event_parse (RunnelExpectation        *self,
             RunnelExpectationReader  *reader,
             GError                  **error)
{
  self->positive = TRUE;

  return read_type (reader, TRUE, &self->type, error);
}

static gboolean
first_event_parse (RunnelExpectation        *self,
                   RunnelExpectationReader  *reader,
                   GError                  **error)
{
  self->positive = TRUE;

  return TRUE;
}

static void
event_event (RunnelExpectation    *self,
             const RunnelSseEvent *event,
             gint64                elapsed)
{
  if (!type_matches (self, self->type, event) || self->count++ > 0)
    return;

  self->seq = runnel_sse_event_get_sequence (event);
  self->last = elapsed;
  _runnel_expectation_pass (self, elapsed);
}

static char *
event_observed (RunnelExpectation *self)
{
  g_autofree char *time = NULL;

  if (self->count == 0)
    return g_strdup (_("none"));

  time = _runnel_expectation_format_time (self->last);
  /* TRANSLATORS: the first matching event: its number in the stream and when it came */
  return g_strdup_printf (_("#%llu at %s"), (unsigned long long) self->seq, time);
}

static const RunnelExpectationKind event_kind = {
  .keyword = "event",
  .parse = event_parse,
  .event = event_event,
  .observed = event_observed,
};

static const RunnelExpectationKind first_event_kind = {
  .keyword = "first",
  .second = "event",
  .parse = first_event_parse,
  .event = event_event,
  .observed = event_observed,
};

/* first content [PRESET|PATH]: the first event with data, or in which the path finds a value
 * (a role-only first delta or a keep-alive is no content) */

static gboolean
first_content_parse (RunnelExpectation        *self,
                     RunnelExpectationReader  *reader,
                     GError                  **error)
{
  g_autofree char *next = _runnel_expectation_peek_word (reader);

  self->positive = TRUE;
  if (next == NULL || g_ascii_strcasecmp (next, "within") == 0)
    return TRUE;

  return read_extractor (self, reader, error);
}

static void
first_content_event (RunnelExpectation    *self,
                     const RunnelSseEvent *event,
                     gint64                elapsed)
{
  g_autofree char *value = NULL;

  if (self->count > 0)
    return;

  if (self->extractor != NULL)
    value = runnel_json_extractor_extract_event (self->extractor, event);
  else
    value = g_strdup (runnel_sse_event_get_data (event, NULL));
  if (value == NULL || value[0] == '\0')
    return;

  event_event (self, event, elapsed);
}

static const RunnelExpectationKind first_content_kind = {
  .keyword = "first",
  .second = "content",
  .parse = first_content_parse,
  .event = first_content_event,
  .observed = event_observed,
};

/* "OP N": a comparison with a whole number up to @max; only "more than" must see something happen */
static gboolean
read_comparison (RunnelExpectation        *self,
                 RunnelExpectationReader  *reader,
                 gint64                    max,
                 GError                  **error)
{
  if (!_runnel_expectation_read_op (reader, OPS_COMPARE, &self->op, error) ||
      !_runnel_expectation_read_number (reader, max, &self->number, error))
    return FALSE;

  self->positive = self->op == OP_GT || self->op == OP_GE;
  return TRUE;
}

/* count TYPE OP N */

static gboolean
count_parse (RunnelExpectation        *self,
             RunnelExpectationReader  *reader,
             GError                  **error)
{
  return read_type (reader, TRUE, &self->type, error) &&
         read_comparison (self, reader, G_MAXINT64, error);
}

static void
count_event (RunnelExpectation    *self,
             const RunnelSseEvent *event,
             gint64                elapsed)
{
  if (!type_matches (self, self->type, event))
    return;

  self->count++;
  check_growing (self, self->count, elapsed);
}

static void
count_finish (RunnelExpectation *self,
              gint64             elapsed)
{
  finish_growing (self, self->count, elapsed);
}

static const RunnelExpectationKind count_kind = {
  .keyword = "count",
  .parse = count_parse,
  .event = count_event,
  .finish = count_finish,
  .observed = observed_count,
};

/* json PATH TEST: some event */

/* the extractor skips what is not JSON; this tells "no match" from "no JSON at all" */
static gboolean
looks_like_json (const RunnelSseEvent *event)
{
  const char *data = runnel_sse_event_get_data (event, NULL);

  while (g_ascii_isspace (*data))
    data++;

  return (*data == '{' || *data == '[') && strcmp (data, "[DONE]") != 0;
}

static gboolean
json_parse (RunnelExpectation        *self,
            RunnelExpectationReader  *reader,
            GError                  **error)
{
  self->positive = TRUE;

  return _runnel_expectation_read_path (self, reader, error) &&
         _runnel_expectation_read_test (self, reader, OPS_TEXT, error);
}

static void
json_event (RunnelExpectation    *self,
            const RunnelSseEvent *event,
            gint64                elapsed)
{
  char *value;

  if (self->status != RUNNEL_EXPECTATION_PENDING || !looks_like_json (event))
    return;

  self->had_json = TRUE;
  value = runnel_json_extractor_extract_event (self->extractor, event);
  if (value == NULL)
    return;

  g_free (self->seen);
  self->seen = value;
  if (_runnel_expectation_test_value (self, value))
    {
      self->seq = runnel_sse_event_get_sequence (event);
      _runnel_expectation_pass (self, elapsed);
    }
}

static char *
json_observed (RunnelExpectation *self)
{
  g_autofree char *quoted = NULL;

  if (self->seen == NULL)
    {
      if (!self->had_json)
        return g_strdup (_("no JSON events"));
      return g_strdup_printf (_("no event has %s"),
                              runnel_json_extractor_get_expression (self->extractor));
    }

  quoted = _runnel_expectation_quote (self->seen);
  if (self->status == RUNNEL_EXPECTATION_PASSED)
    /* TRANSLATORS: a value found at a JSONPath, in the event with that number */
    return g_strdup_printf (_("%s in #%llu"), quoted, (unsigned long long) self->seq);

  /* TRANSLATORS: the last value found at a JSONPath, none of which passed */
  return g_strdup_printf (_("last %s"), quoted);
}

static const RunnelExpectationKind json_kind = {
  .keyword = "json",
  .parse = json_parse,
  .event = json_event,
  .observed = json_observed,
};

/* every TYPE json PATH TEST: every event of the type */

static gboolean
every_parse (RunnelExpectation        *self,
             RunnelExpectationReader  *reader,
             GError                  **error)
{
  return read_type (reader, TRUE, &self->type, error) &&
         _runnel_expectation_read_keyword (reader, "json", error) &&
         _runnel_expectation_read_path (self, reader, error) &&
         _runnel_expectation_read_test (self, reader, OPS_TEXT, error);
}

static void
every_event (RunnelExpectation    *self,
             const RunnelSseEvent *event,
             gint64                elapsed)
{
  g_autofree char *value = NULL;

  if (!type_matches (self, self->type, event))
    return;

  self->count++;
  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  value = runnel_json_extractor_extract_event (self->extractor, event);
  if (_runnel_expectation_test_value (self, value))
    return;

  self->seq = runnel_sse_event_get_sequence (event);
  g_free (self->seen);
  self->seen = g_steal_pointer (&value);
  _runnel_expectation_fail (self, elapsed);
}

/* no event of the type is a failure: a check that saw nothing proves nothing */
static void
every_finish (RunnelExpectation *self,
              gint64             elapsed)
{
  if (self->count > 0)
    _runnel_expectation_pass (self, elapsed);
}

static char *
every_observed (RunnelExpectation *self)
{
  g_autofree char *quoted = NULL;

  if (self->status == RUNNEL_EXPECTATION_FAILED && self->seq != 0)
    {
      if (self->seen == NULL)
        return g_strdup_printf (_("#%llu has no %s"), (unsigned long long) self->seq,
                                runnel_json_extractor_get_expression (self->extractor));
      quoted = _runnel_expectation_quote (self->seen);
      /* TRANSLATORS: the first event that failed, and its value */
      return g_strdup_printf (_("#%llu has %s"), (unsigned long long) self->seq, quoted);
    }

  if (self->count == 0)
    {
      if (self->type == NULL)
        return g_strdup (_("no events"));
      return g_strdup_printf (_("no “%s” events"), self->type);
    }

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu event passed",
                                       "all %llu events passed", self->count),
                          (unsigned long long) self->count);
}

static const RunnelExpectationKind every_kind = {
  .keyword = "every",
  .parse = every_parse,
  .event = every_event,
  .finish = every_finish,
  .observed = every_observed,
};

/* assembled PRESET|PATH contains TEXT | matches /RE/ | length OP N */

static gboolean
assembled_parse (RunnelExpectation        *self,
                 RunnelExpectationReader  *reader,
                 GError                  **error)
{
  g_autofree char *next = NULL;

  if (!read_extractor (self, reader, error))
    return FALSE;
  self->assembler = runnel_json_assembler_new (self->extractor);

  next = _runnel_expectation_peek_word (reader);
  if (next != NULL && g_ascii_strcasecmp (next, "length") == 0)
    {
      _runnel_expectation_read_keyword (reader, "length", NULL);
      self->other = g_strdup ("length");
      return read_comparison (self, reader, G_MAXINT64, error);
    }

  if (next == NULL)
    return _runnel_expectation_error_at (reader, reader->pos, reader->pos, error,
                                         _("a test is missing at the end (contains, matches or "
                                           "length)"));
  if (g_ascii_strcasecmp (next, "contains") != 0 && g_ascii_strcasecmp (next, "matches") != 0)
    {
      gsize start = reader->pos;

      return _runnel_expectation_error_at (reader, start, start + strlen (next), error,
                                           _("“%s” is not a test of the assembled text: use "
                                             "contains, matches or length"), next);
    }

  self->positive = TRUE;
  return _runnel_expectation_read_test (self, reader, (1 << OP_CONTAINS) | (1 << OP_MATCHES),
                                        error);
}

static gboolean
assembled_is_length (RunnelExpectation *self)
{
  return self->other != NULL;
}

static void
assembled_check_text (RunnelExpectation *self,
                      gint64             elapsed)
{
  const char *text = runnel_json_assembler_get_text (self->assembler);

  if (g_regex_match (self->regex, text, 0, NULL))
    _runnel_expectation_pass (self, elapsed);
  self->longest = strlen (text);
}

static void
assembled_event (RunnelExpectation    *self,
                 const RunnelSseEvent *event,
                 gint64                elapsed)
{
  const char *text = runnel_json_assembler_get_text (self->assembler);
  gsize before = strlen (text);
  gsize after;

  if (!runnel_json_assembler_add_event (self->assembler, event))
    return;

  text = runnel_json_assembler_get_text (self->assembler);
  after = before + strlen (text + before);

  if (assembled_is_length (self))
    {
      self->count += g_utf8_strlen (text + before, after - before);
      check_growing (self, self->count, elapsed);
      return;
    }

  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  if (self->op == OP_CONTAINS)
    {
      /* only where the new text could complete it: a long reply stays linear */
      gsize need = strlen (self->value);
      gsize from = before >= need ? before - need + 1 : 0;

      /* back to the start of a character */
      while (from > 0 && (text[from] & 0xc0) == 0x80)
        from--;
      if (strstr (text + from, self->value) != NULL)
        _runnel_expectation_pass (self, elapsed);
      return;
    }

  /* a regex reads the whole text: on a long reply, each time it has doubled (and at the end) */
  if (after < REGEX_EVERY_EVENT_BELOW || after >= 2 * (gsize) self->longest)
    assembled_check_text (self, elapsed);
}

static void
assembled_finish (RunnelExpectation *self,
                  gint64             elapsed)
{
  if (assembled_is_length (self))
    finish_growing (self, self->count, elapsed);
  else if (self->op == OP_MATCHES)
    assembled_check_text (self, elapsed);
}

static char *
assembled_observed (RunnelExpectation *self)
{
  const char *text = runnel_json_assembler_get_text (self->assembler);
  g_autofree char *quoted = NULL;
  glong length;

  if (assembled_is_length (self))
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%llu character",
                                         "%llu characters", self->count),
                            (unsigned long long) self->count);

  if (*text == '\0')
    return g_strdup (_("no text"));

  quoted = _runnel_expectation_quote (text);
  length = g_utf8_strlen (text, -1);
  if (length <= 60)
    return g_steal_pointer (&quoted);

  /* TRANSLATORS: the start of a long text, and its length */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s (%ld character)",
                                       "%s (%ld characters)", length),
                          quoted, length);
}

static const RunnelExpectationKind assembled_kind = {
  .keyword = "assembled",
  .parse = assembled_parse,
  .event = assembled_event,
  .finish = assembled_finish,
  .observed = assembled_observed,
};

/* status N, status OP N */

static gboolean
status_parse (RunnelExpectation        *self,
              RunnelExpectationReader  *reader,
              GError                  **error)
{
  g_autofree char *next = _runnel_expectation_peek_word (reader);
  gsize start;

  self->positive = TRUE;
  self->op = OP_EQ;
  if (next != NULL && !g_ascii_isdigit (next[0]) &&
      !_runnel_expectation_read_op (reader, OPS_COMPARE, &self->op, error))
    return FALSE;

  start = reader->pos;
  while (g_ascii_isspace (reader->text[start]))
    start++;
  if (!_runnel_expectation_read_number (reader, 999, &self->number, error))
    return FALSE;
  if (self->number < 100 || self->number > 599)
    return _runnel_expectation_error_at (reader, start, reader->pos, error,
                                         _("“%lld” is not an HTTP status (100 to "
                                           "599)"), (long long) self->number);
  return TRUE;
}

static void
status_response (RunnelExpectation  *self,
                 guint               status,
                 SoupMessageHeaders *headers,
                 gint64              elapsed)
{
  if (self->got_response)
    return;

  self->got_response = TRUE;
  self->count = status;
  if (_runnel_expectation_compare (self->op, status, self->number))
    _runnel_expectation_pass (self, elapsed);
  else
    _runnel_expectation_fail (self, elapsed);
}

static char *
status_observed (RunnelExpectation *self)
{
  if (!self->got_response)
    return g_strdup (_("no response"));

  return observed_count (self);
}

static const RunnelExpectationKind status_kind = {
  .keyword = "status",
  .parse = status_parse,
  .response = status_response,
  .observed = status_observed,
};

/* header NAME TEST */

static gboolean
header_parse (RunnelExpectation        *self,
              RunnelExpectationReader  *reader,
              GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };

  if (!_runnel_expectation_read_word (reader, _("a header name"), &word, error))
    return FALSE;
  if (word.text[0] == '\0' || strpbrk (word.text, ": \t") != NULL)
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("“%s” is not a header name"), word.text);

  self->other = g_steal_pointer (&word.text);
  self->positive = TRUE;

  return _runnel_expectation_read_test (self, reader, OPS_TEXT, error);
}

static void
header_response (RunnelExpectation  *self,
                 guint               status,
                 SoupMessageHeaders *headers,
                 gint64              elapsed)
{
  if (self->got_response)
    return;

  self->got_response = TRUE;
  g_free (self->seen);
  self->seen = g_strdup (headers != NULL ? soup_message_headers_get_list (headers, self->other)
                                         : NULL);
  if (_runnel_expectation_test_value (self, self->seen))
    _runnel_expectation_pass (self, elapsed);
  else
    _runnel_expectation_fail (self, elapsed);
}

static char *
header_observed (RunnelExpectation *self)
{
  if (!self->got_response)
    return g_strdup (_("no response"));
  if (self->seen == NULL)
    return g_strdup_printf (_("no %s header"), self->other);

  return _runnel_expectation_quote (self->seen);
}

static const RunnelExpectationKind header_kind = {
  .keyword = "header",
  .parse = header_parse,
  .response = header_response,
  .observed = header_observed,
};

/* ends */

static gboolean
ends_parse (RunnelExpectation        *self,
            RunnelExpectationReader  *reader,
            GError                  **error)
{
  self->positive = TRUE;

  return TRUE;
}

static void
ends_server_ended (RunnelExpectation *self,
                   gint64             elapsed)
{
  if (self->count++ == 0)
    self->last = elapsed;
  _runnel_expectation_pass (self, elapsed);
}

static char *
ends_observed (RunnelExpectation *self)
{
  g_autofree char *time = NULL;

  if (self->count == 0)
    return g_strdup (self->status == RUNNEL_EXPECTATION_PENDING ? _("not ended")
                                                               : _("the server did not end it"));

  time = _runnel_expectation_format_time (self->last);
  return g_strdup_printf (_("ended at %s"), time);
}

static const RunnelExpectationKind ends_kind = {
  .keyword = "ends",
  .parse = ends_parse,
  .server_ended = ends_server_ended,
  .observed = ends_observed,
};

/* reconnects OP N */

static gboolean
reconnects_parse (RunnelExpectation        *self,
                  RunnelExpectationReader  *reader,
                  GError                  **error)
{
  return read_comparison (self, reader, G_MAXUINT, error);
}

static void
reconnects_reconnect (RunnelExpectation *self,
                      guint              count,
                      gint64             elapsed)
{
  self->count = count;
  check_growing (self, count, elapsed);
}

static void
reconnects_finish (RunnelExpectation *self,
                   gint64             elapsed)
{
  finish_growing (self, self->count, elapsed);
}

static const RunnelExpectationKind reconnects_kind = {
  .keyword = "reconnects",
  .parse = reconnects_parse,
  .reconnect = reconnects_reconnect,
  .finish = reconnects_finish,
  .observed = observed_count,
};

/* gap < TIME, gap <= TIME: from the events' arrival times, and live from the clock */

static gboolean
gap_parse (RunnelExpectation        *self,
           RunnelExpectationReader  *reader,
           GError                  **error)
{
  self->clocked = TRUE;

  return _runnel_expectation_read_op (reader, (1 << OP_LT) | (1 << OP_LE), &self->op, error) &&
         _runnel_expectation_read_duration (reader, &self->number, error);
}

static void
gap_check (RunnelExpectation *self,
           gint64             gap,
           guint64            ended_by,
           gint64             elapsed)
{
  if (gap > self->longest || self->longest_seq == 0)
    {
      self->longest = gap;
      self->longest_seq = ended_by;
    }
  if (self->status == RUNNEL_EXPECTATION_PENDING &&
      !_runnel_expectation_compare (self->op, gap, self->number))
    {
      self->live_gap = ended_by == 0;
      self->longest = gap;
      _runnel_expectation_fail (self, elapsed);
    }
}

static void
gap_event (RunnelExpectation    *self,
           const RunnelSseEvent *event,
           gint64                elapsed)
{
  /* a failed gap keeps describing the silence that failed it */
  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  if (self->last >= 0)
    gap_check (self, MAX (elapsed - self->last, 0), runnel_sse_event_get_sequence (event),
               elapsed);

  self->last = elapsed;
  self->seq = runnel_sse_event_get_sequence (event);
  self->count++;
}

/* a silence still going on fails as soon as it is too long, not when it ends */
static void
gap_tick (RunnelExpectation *self,
          gint64             elapsed)
{
  if (self->last >= 0 && self->status == RUNNEL_EXPECTATION_PENDING &&
      !_runnel_expectation_compare (self->op, elapsed - self->last, self->number))
    gap_check (self, elapsed - self->last, 0, elapsed);
}

static void
gap_finish (RunnelExpectation *self,
            gint64             elapsed)
{
  /* no events: nothing was measured, and a check that saw nothing proves nothing */
  if (self->count > 0)
    _runnel_expectation_pass (self, elapsed);
}

static char *
gap_observed (RunnelExpectation *self)
{
  g_autofree char *time = _runnel_expectation_format_time (self->longest);

  if (self->count == 0)
    return g_strdup (_("no events"));
  if (self->live_gap)
    /* TRANSLATORS: a silence, and the last event before it */
    return g_strdup_printf (_("%s of silence after #%llu"), time, (unsigned long long) self->seq);
  if (self->longest_seq == 0)
    return g_strdup (_("one event, no gap"));

  /* TRANSLATORS: the longest silence, and the event that ended it */
  return g_strdup_printf (_("longest %s, before #%llu"), time, (unsigned long long) self->longest_seq);
}

static const RunnelExpectationKind gap_kind = {
  .keyword = "gap",
  .parse = gap_parse,
  .event = gap_event,
  .tick = gap_tick,
  .finish = gap_finish,
  .observed = gap_observed,
};

/* stalls OP N, bursts OP N: RunnelTiming's detectors over the run, on the run's own clock */

static gint64
health_clock (gpointer user_data)
{
  RunnelExpectation *self = user_data;

  return self->timing_now;
}

static RunnelTiming *
health_timing (RunnelExpectation *self,
               gint64             elapsed)
{
  if (self->timing == NULL)
    {
      self->timing = runnel_timing_new ();
      runnel_timing_set_clock (self->timing, health_clock, self);
      /* the run starts with the request */
      self->timing_now = 0;
      runnel_timing_connection_started (self->timing);
    }

  self->timing_now = elapsed;
  return self->timing;
}

static guint64
health_count (RunnelExpectation *self)
{
  if (self->timing == NULL)
    return 0;

  return strcmp (self->kind->keyword, "stalls") == 0 ? runnel_timing_get_n_stalls (self->timing)
                                                     : runnel_timing_get_n_bursts (self->timing);
}

static gboolean
health_parse (RunnelExpectation        *self,
              RunnelExpectationReader  *reader,
              GError                  **error)
{
  return read_comparison (self, reader, G_MAXINT64, error);
}

static void
health_response (RunnelExpectation  *self,
                 guint               status,
                 SoupMessageHeaders *headers,
                 gint64              elapsed)
{
  runnel_timing_response (health_timing (self, elapsed), status, headers, SOUP_HTTP_1_1);
}

static void
health_event (RunnelExpectation    *self,
              const RunnelSseEvent *event,
              gint64                elapsed)
{
  runnel_timing_event_at (health_timing (self, elapsed), event, elapsed);
  self->count = health_count (self);
  check_growing (self, self->count, elapsed);
}

/* each connection's silences are its own */
static void
health_reconnect (RunnelExpectation *self,
                  guint              count,
                  gint64             elapsed)
{
  runnel_timing_connection_started (health_timing (self, elapsed));
}

static void
health_server_ended (RunnelExpectation *self,
                     gint64             elapsed)
{
  runnel_timing_connection_ended (health_timing (self, elapsed));
}

/* a silence still going on at the end counts */
static void
health_finish (RunnelExpectation *self,
               gint64             elapsed)
{
  runnel_timing_connection_ended (health_timing (self, elapsed));
  self->count = health_count (self);
  finish_growing (self, self->count, elapsed);
}

static const RunnelExpectationKind stalls_kind = {
  .keyword = "stalls",
  .parse = health_parse,
  .event = health_event,
  .response = health_response,
  .reconnect = health_reconnect,
  .server_ended = health_server_ended,
  .finish = health_finish,
  .observed = observed_count,
};

static const RunnelExpectationKind bursts_kind = {
  .keyword = "bursts",
  .parse = health_parse,
  .event = health_event,
  .response = health_response,
  .reconnect = health_reconnect,
  .server_ended = health_server_ended,
  .finish = health_finish,
  .observed = observed_count,
};

/* order A before B: every A arrives before the first B (and both arrive) */

static gboolean
order_parse (RunnelExpectation        *self,
             RunnelExpectationReader  *reader,
             GError                  **error)
{
  gsize start;

  if (!read_type (reader, FALSE, &self->type, error) ||
      !_runnel_expectation_read_keyword (reader, "before", error))
    return FALSE;

  start = reader->pos;
  while (g_ascii_isspace (reader->text[start]))
    start++;
  if (!read_type (reader, FALSE, &self->other, error))
    return FALSE;
  if (strcmp (self->type, self->other) == 0)
    return _runnel_expectation_error_at (reader, start, reader->pos, error,
                                         _("name two different event types"));

  return TRUE;
}

static void
order_event (RunnelExpectation    *self,
             const RunnelSseEvent *event,
             gint64                elapsed)
{
  const char *type = runnel_sse_event_get_event_type (event);

  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  if (strcmp (type, self->type) == 0)
    {
      self->count++;
      self->seq = runnel_sse_event_get_sequence (event);
      if (self->seq_b != 0)
        _runnel_expectation_fail (self, elapsed);
    }
  else if (strcmp (type, self->other) == 0 && self->seq_b == 0)
    {
      self->seq_b = runnel_sse_event_get_sequence (event);
      if (self->count == 0)
        _runnel_expectation_fail (self, elapsed);
    }
}

static void
order_finish (RunnelExpectation *self,
              gint64             elapsed)
{
  if (self->count > 0 && self->seq_b != 0)
    _runnel_expectation_pass (self, elapsed);
}

static char *
order_observed (RunnelExpectation *self)
{
  if (self->count == 0 && self->seq_b != 0)
    return g_strdup_printf (_("%s #%llu before any %s"),
                            self->other, (unsigned long long) self->seq_b, self->type);
  if (self->seq_b != 0 && self->seq > self->seq_b)
    return g_strdup_printf (_("%s #%llu after %s #%llu"),
                            self->type, (unsigned long long) self->seq, self->other, (unsigned long long) self->seq_b);
  if (self->count == 0)
    return g_strdup_printf (_("no %s"), self->type);
  if (self->seq_b == 0)
    return g_strdup_printf (_("no %s after %s #%llu"),
                            self->other, self->type, (unsigned long long) self->seq);

  return g_strdup_printf (_("last %s #%llu, first %s #%llu"),
                          self->type, (unsigned long long) self->seq, self->other, (unsigned long long) self->seq_b);
}

static const RunnelExpectationKind order_kind = {
  .keyword = "order",
  .parse = order_parse,
  .event = order_event,
  .finish = order_finish,
  .observed = order_observed,
};

const RunnelExpectationKind * const _runnel_expectation_kinds[] = {
  &event_kind,
  &first_event_kind,
  &first_content_kind,
  &count_kind,
  &json_kind,
  &every_kind,
  &assembled_kind,
  &status_kind,
  &header_kind,
  &ends_kind,
  &reconnects_kind,
  &gap_kind,
  &stalls_kind,
  &bursts_kind,
  &order_kind,
  NULL
};
