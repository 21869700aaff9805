/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation.c: one expectation: the language's words, and pass/fail with a time limit */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "runnel-expectation-private.h"

G_DEFINE_QUARK (runnel-expectation-error-quark, runnel_expectation_error)

const char *
runnel_expectation_status_to_string (RunnelExpectationStatus status)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_EXPECTATION_STATUS, status);
}

G_DEFINE_FINAL_TYPE (RunnelExpectation, runnel_expectation, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_TEXT,
  PROP_STATUS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static void
runnel_expectation_dispose (GObject *object)
{
  RunnelExpectation *self = (RunnelExpectation *)object;

  g_clear_object (&self->extractor);
  g_clear_object (&self->assembler);
  g_clear_object (&self->timing);

  G_OBJECT_CLASS (runnel_expectation_parent_class)->dispose (object);
}

static void
runnel_expectation_finalize (GObject *object)
{
  RunnelExpectation *self = (RunnelExpectation *)object;

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->words, g_strfreev);
  g_clear_pointer (&self->type, g_free);
  g_clear_pointer (&self->other, g_free);
  g_clear_pointer (&self->value, g_free);
  g_clear_pointer (&self->regex, g_regex_unref);
  g_clear_pointer (&self->seen, g_free);
  g_clear_pointer (&self->frozen, g_free);

  G_OBJECT_CLASS (runnel_expectation_parent_class)->finalize (object);
}

static void
runnel_expectation_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelExpectation *self = RUNNEL_EXPECTATION (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_STATUS:
      g_value_set_enum (value, self->status);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_expectation_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RunnelExpectation *self = RUNNEL_EXPECTATION (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      self->text = g_strstrip (g_value_dup_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_expectation_class_init (RunnelExpectationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_expectation_dispose;
  object_class->finalize = runnel_expectation_finalize;
  object_class->get_property = runnel_expectation_get_property;
  object_class->set_property = runnel_expectation_set_property;

  properties [PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, "",
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATUS] =
    g_param_spec_enum ("status", NULL, NULL,
                       RUNNEL_TYPE_EXPECTATION_STATUS, RUNNEL_EXPECTATION_PENDING,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
runnel_expectation_init (RunnelExpectation *self)
{
  self->at = -1;
  self->last = -1;
}

/* Reading */

static void
skip_spaces (RunnelExpectationReader *reader)
{
  while (g_ascii_isspace (reader->text[reader->pos]))
    reader->pos++;
}

gboolean
_runnel_expectation_error_at (RunnelExpectationReader  *reader,
                              gsize                     start,
                              gsize                     end,
                              GError                  **error,
                              const char               *format,
                              ...)
{
  va_list args;

  reader->error_start = start;
  reader->error_end = end;

  va_start (args, format);
  g_set_error_literal (error, RUNNEL_EXPECTATION_ERROR, RUNNEL_EXPECTATION_ERROR_INVALID, "");
  if (error != NULL && *error != NULL)
    {
      g_free ((*error)->message);
      (*error)->message = g_strdup_vprintf (format, args);
    }
  va_end (args);

  return FALSE;
}

gboolean
_runnel_expectation_reader_at_end (RunnelExpectationReader *reader)
{
  skip_spaces (reader);

  return reader->text[reader->pos] == '\0';
}

static gsize
bare_word_length (const char *p)
{
  gsize n = 0;

  while (p[n] != '\0' && !g_ascii_isspace (p[n]))
    n++;

  return n;
}

char *
_runnel_expectation_peek_word (RunnelExpectationReader *reader)
{
  skip_spaces (reader);
  if (reader->text[reader->pos] == '\0')
    return NULL;

  return g_strndup (reader->text + reader->pos, bare_word_length (reader->text + reader->pos));
}

void
_runnel_expectation_word_clear (RunnelExpectationWord *word)
{
  g_clear_pointer (&word->text, g_free);
}

static void
add_word (RunnelExpectationReader *reader,
          char                    *word)
{
  if (reader->words != NULL)
    g_ptr_array_add (reader->words, word);
  else
    g_free (word);
}

void
_runnel_expectation_unread_word (RunnelExpectationReader *reader,
                                 gsize                    start)
{
  if (reader->words != NULL && reader->words->len > 0)
    g_ptr_array_set_size (reader->words, reader->words->len - 1);
  reader->pos = start;
}

/* "quoted" or 'quoted', with \" \' \\ escapes */
static gboolean
read_quoted (RunnelExpectationReader  *reader,
             RunnelExpectationWord    *word,
             GError                  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);
  char quote = reader->text[reader->pos];
  gsize at = reader->pos + 1;

  for (;;)
    {
      char c = reader->text[at];

      if (c == '\0')
        return _runnel_expectation_error_at (reader, reader->pos, at, error,
                                             _("the quote that begins here is never closed"));
      if (c == quote)
        break;
      if (c == '\\' && (reader->text[at + 1] == quote || reader->text[at + 1] == '\\'))
        c = reader->text[++at];
      g_string_append_c (out, c);
      at++;
    }

  word->text = g_string_free (g_steal_pointer (&out), FALSE);
  word->start = reader->pos;
  word->end = at + 1;
  reader->pos = at + 1;

  if (reader->text[reader->pos] != '\0' && !g_ascii_isspace (reader->text[reader->pos]))
    return _runnel_expectation_error_at (reader, word->start,
                                         reader->pos + bare_word_length (reader->text + reader->pos),
                                         error, _("put a space after the closing quote"));

  add_word (reader, g_strdup (word->text));
  return TRUE;
}

gboolean
_runnel_expectation_read_word (RunnelExpectationReader  *reader,
                               const char               *what,
                               RunnelExpectationWord    *word,
                               GError                  **error)
{
  gsize n;

  skip_spaces (reader);
  if (reader->text[reader->pos] == '\0')
    return _runnel_expectation_error_at (reader, reader->pos, reader->pos, error,
                                         _("%s is missing at the end"), what);

  if (reader->text[reader->pos] == '"' || reader->text[reader->pos] == '\'')
    return read_quoted (reader, word, error);

  n = bare_word_length (reader->text + reader->pos);
  word->text = g_strndup (reader->text + reader->pos, n);
  word->start = reader->pos;
  word->end = reader->pos + n;
  reader->pos += n;
  add_word (reader, g_strdup (word->text));

  return TRUE;
}

gboolean
_runnel_expectation_read_keyword (RunnelExpectationReader  *reader,
                                  const char               *keyword,
                                  GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };
  g_autofree char *quoted = g_strdup_printf ("“%s”", keyword);

  if (!_runnel_expectation_read_word (reader, quoted, &word, error))
    return FALSE;

  if (g_ascii_strcasecmp (word.text, keyword) != 0)
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("expected “%s” here, not “%s”"), keyword, word.text);

  return TRUE;
}

static const char * const op_names[] = {
  [OP_EQ] = "==",
  [OP_NE] = "!=",
  [OP_LT] = "<",
  [OP_LE] = "<=",
  [OP_GT] = ">",
  [OP_GE] = ">=",
  [OP_CONTAINS] = "contains",
  [OP_MATCHES] = "matches",
  [OP_EXISTS] = "exists",
};

const char *
_runnel_expectation_op_to_string (RunnelExpectationOp op)
{
  return op_names[op];
}

static char *
list_ops (guint allowed)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint op = 0; op < G_N_ELEMENTS (op_names); op++)
    {
      if (allowed & (1u << op))
        g_string_append_printf (out, "%s%s", out->len > 0 ? " " : "", op_names[op]);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

gboolean
_runnel_expectation_read_op (RunnelExpectationReader  *reader,
                             guint                     allowed,
                             RunnelExpectationOp      *op,
                             GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };
  g_autofree char *ops = list_ops (allowed);

  skip_spaces (reader);
  if (reader->text[reader->pos] == '\0')
    return _runnel_expectation_error_at (reader, reader->pos, reader->pos, error,
                                         _("a comparison is missing at the end (one of %s)"), ops);

  if (!_runnel_expectation_read_word (reader, "", &word, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (op_names); i++)
    {
      if ((allowed & (1u << i)) && g_ascii_strcasecmp (word.text, op_names[i]) == 0)
        {
          *op = i;
          return TRUE;
        }
    }

  return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                       _("“%s” is not a comparison here: use one of %s"),
                                       word.text, ops);
}

gboolean
_runnel_expectation_read_number (RunnelExpectationReader  *reader,
                                 gint64                    max,
                                 gint64                   *number,
                                 GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };
  guint64 value;

  if (!_runnel_expectation_read_word (reader, _("a number"), &word, error))
    return FALSE;

  /* too large for @max is no use either: it reads as "not a number" for a count */
  if (!g_ascii_string_to_unsigned (word.text, 10, 0, max, &value, NULL))
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("“%s” is not a whole number of 0 or more"),
                                         word.text);

  *number = (gint64) value;
  return TRUE;
}

gboolean
runnel_expectation_parse_time (const char *text,
                               gint64     *us)
{
  char *end = NULL;
  double value;
  double scale;

  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (us != NULL, FALSE);

  value = g_ascii_strtod (text, &end);
  if (end == text || !g_ascii_isdigit (text[0]))
    end = NULL;
  else if (strcmp (end, "ms") == 0)
    scale = 1000.0;
  else if (strcmp (end, "s") == 0)
    scale = G_USEC_PER_SEC;
  else if (strcmp (end, "m") == 0 || strcmp (end, "min") == 0)
    scale = 60.0 * G_USEC_PER_SEC;
  else
    end = NULL;

  if (end == NULL || !isfinite (value) || value * scale > (double) G_MAXINT64 / 2)
    return FALSE;

  *us = (gint64) llround (value * scale);
  return TRUE;
}

gboolean
_runnel_expectation_read_duration (RunnelExpectationReader  *reader,
                                   gint64                   *us,
                                   GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };

  if (!_runnel_expectation_read_word (reader, _("a time (like 2s or 500ms)"), &word, error))
    return FALSE;

  if (!runnel_expectation_parse_time (word.text, us))
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("“%s” is not a time: write it like 2s, 1.5s, 500ms "
                                           "or 1m"), word.text);

  return TRUE;
}

gboolean
_runnel_expectation_read_path (RunnelExpectation        *self,
                               RunnelExpectationReader  *reader,
                               GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };
  g_autoptr(GError) local_error = NULL;

  skip_spaces (reader);
  if (reader->text[reader->pos] == '$')
    {
      /* a path runs to a space outside brackets and quotes: $['a b'] is one word */
      const char *p = reader->text + reader->pos;
      char quote = 0;
      int depth = 0;
      gsize n;

      for (n = 0; p[n] != '\0' && (quote || depth > 0 || !g_ascii_isspace (p[n])); n++)
        {
          if (quote && p[n] == '\\' && p[n + 1] != '\0')
            n++;
          else if (quote && p[n] == quote)
            quote = 0;
          else if (!quote && (p[n] == '\'' || p[n] == '"'))
            quote = p[n];
          else if (!quote && p[n] == '[')
            depth++;
          else if (!quote && p[n] == ']')
            depth--;
        }
      /* never closed: the error is about the first word, not the rest of the line */
      if (quote || depth > 0)
        n = bare_word_length (p);
      word.text = g_strndup (p, n);
      word.start = reader->pos;
      word.end = reader->pos + n;
      reader->pos += n;
      add_word (reader, g_strdup (word.text));
    }
  else if (!_runnel_expectation_read_word (reader, _("a JSONPath (like $.delta.text)"), &word,
                                           error))
    return FALSE;

  if (word.text[0] != '$')
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         _("“%s” is not a JSONPath: it begins with $, like "
                                           "$.delta.text"), word.text);

  self->extractor = runnel_json_extractor_new (word.text, NULL, &local_error);
  if (self->extractor == NULL)
    return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                         "%s", local_error->message);

  return TRUE;
}

/* /RE/ with an optional i after it: the only case-sensitivity switch there is */
static gboolean
read_regex (RunnelExpectation        *self,
            RunnelExpectationReader  *reader,
            GError                  **error)
{
  g_autoptr(GString) pattern = g_string_new (NULL);
  g_autoptr(GError) local_error = NULL;
  GRegexCompileFlags flags = G_REGEX_OPTIMIZE;
  gsize start;
  gsize at;

  skip_spaces (reader);
  start = reader->pos;
  if (reader->text[start] != '/')
    {
      g_auto(RunnelExpectationWord) word = { 0 };

      if (!_runnel_expectation_read_word (reader, _("a /regular expression/"), &word, error))
        return FALSE;
      return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                           _("write the regular expression between slashes: "
                                             "/%s/"), word.text);
    }

  for (at = start + 1; reader->text[at] != '/'; at++)
    {
      if (reader->text[at] == '\0')
        return _runnel_expectation_error_at (reader, start, at, error,
                                             _("the regular expression that begins here has no "
                                               "closing /"));
      /* \/ is a slash; every other escape is the regex's own */
      if (reader->text[at] == '\\' && reader->text[at + 1] == '/')
        at++;
      else if (reader->text[at] == '\\' && reader->text[at + 1] != '\0')
        g_string_append_c (pattern, reader->text[at++]);
      g_string_append_c (pattern, reader->text[at]);
    }
  at++;
  if (reader->text[at] == 'i')
    {
      flags |= G_REGEX_CASELESS;
      at++;
    }
  if (reader->text[at] != '\0' && !g_ascii_isspace (reader->text[at]))
    return _runnel_expectation_error_at (reader, start, at + bare_word_length (reader->text + at),
                                         error, _("only i may follow a regular expression’s "
                                                  "closing /"));

  self->regex = g_regex_new (pattern->str, flags, 0, &local_error);
  if (self->regex == NULL)
    return _runnel_expectation_error_at (reader, start, at, error,
                                         _("not a regular expression: %s"), local_error->message);

  add_word (reader, g_strndup (reader->text + start, at - start));
  reader->pos = at;
  return TRUE;
}

gboolean
_runnel_expectation_read_test (RunnelExpectation        *self,
                               RunnelExpectationReader  *reader,
                               guint                     allowed,
                               GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };

  if (!_runnel_expectation_read_op (reader, allowed, &self->op, error))
    return FALSE;

  if (self->op == OP_EXISTS)
    return TRUE;
  if (self->op == OP_MATCHES)
    return read_regex (self, reader, error);

  if (!_runnel_expectation_read_word (reader, self->op == OP_CONTAINS ? _("a text") : _("a value"),
                                      &word, error))
    return FALSE;
  self->value = g_steal_pointer (&word.text);

  return TRUE;
}

/* Parsing a sentence */

static char *
list_keywords (void)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; _runnel_expectation_kinds[i] != NULL; i++)
    {
      const RunnelExpectationKind *kind = _runnel_expectation_kinds[i];

      if (out->len > 0)
        g_string_append (out, ", ");
      g_string_append (out, kind->keyword);
      if (kind->second != NULL)
        g_string_append_printf (out, " %s", kind->second);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
parse (RunnelExpectation        *self,
       RunnelExpectationReader  *reader,
       GError                  **error)
{
  g_auto(RunnelExpectationWord) word = { 0 };
  g_autofree char *keywords = NULL;
  g_autofree char *next = NULL;

  if (_runnel_expectation_reader_at_end (reader))
    return _runnel_expectation_error_at (reader, 0, 0, error, _("the expectation is empty"));

  if (!_runnel_expectation_read_word (reader, "", &word, error))
    return FALSE;

  for (guint i = 0; _runnel_expectation_kinds[i] != NULL; i++)
    {
      const RunnelExpectationKind *kind = _runnel_expectation_kinds[i];

      if (g_ascii_strcasecmp (word.text, kind->keyword) != 0)
        continue;

      if (kind->second != NULL)
        {
          RunnelExpectationReader ahead = *reader;
          g_autofree char *second = _runnel_expectation_peek_word (&ahead);

          if (second == NULL || g_ascii_strcasecmp (second, kind->second) != 0)
            continue;
          _runnel_expectation_read_keyword (reader, kind->second, NULL);
        }

      self->kind = kind;
      break;
    }

  if (self->kind == NULL)
    {
      /* a known first word with an unknown second: point at the second */
      for (guint i = 0; _runnel_expectation_kinds[i] != NULL; i++)
        {
          const RunnelExpectationKind *kind = _runnel_expectation_kinds[i];
          g_auto(RunnelExpectationWord) second = { 0 };

          if (kind->second == NULL || g_ascii_strcasecmp (word.text, kind->keyword) != 0)
            continue;
          if (!_runnel_expectation_read_word (reader, "", &second, NULL))
            return _runnel_expectation_error_at (reader, reader->pos, reader->pos, error,
                                                 _("“%s” is missing at the end"), kind->second);
          return _runnel_expectation_error_at (reader, second.start, second.end, error,
                                               _("expected “%s” here, not “%s”"),
                                               kind->second, second.text);
        }

      keywords = list_keywords ();
      return _runnel_expectation_error_at (reader, word.start, word.end, error,
                                           _("“%s” is not an expectation: begin with one of %s"),
                                           word.text, keywords);
    }

  if (!self->kind->parse (self, reader, error))
    return FALSE;

  next = _runnel_expectation_peek_word (reader);
  if (next != NULL && g_ascii_strcasecmp (next, "within") == 0)
    {
      gsize start = reader->pos;

      if (!self->positive)
        return _runnel_expectation_error_at (reader, start, start + strlen (next), error,
                                             _("this expectation is only decided at the end of "
                                               "the stream: it cannot have a time limit"));
      guint n_words = reader->words->len;

      _runnel_expectation_read_keyword (reader, "within", NULL);
      if (!_runnel_expectation_read_duration (reader, &self->within, error))
        return FALSE;
      g_ptr_array_set_size (reader->words, n_words);
      if (self->within == 0)
        return _runnel_expectation_error_at (reader, start, reader->pos, error,
                                             _("a time limit must be longer than 0"));
      g_clear_pointer (&next, g_free);
      next = _runnel_expectation_peek_word (reader);
    }

  if (next != NULL)
    {
      gsize start = reader->pos;

      return _runnel_expectation_error_at (reader, start, strlen (reader->text), error,
                                           _("unexpected “%s” after the expectation (quote a "
                                             "text with spaces)"), next);
    }

  return TRUE;
}

RunnelExpectation *
runnel_expectation_new_full (const char  *text,
                             gsize       *error_start,
                             gsize       *error_end,
                             GError     **error)
{
  g_autoptr(RunnelExpectation) self = NULL;
  g_autoptr(GPtrArray) words = NULL;
  RunnelExpectationReader reader = { 0 };

  g_return_val_if_fail (text != NULL, NULL);

  self = g_object_new (RUNNEL_TYPE_EXPECTATION, "text", text, NULL);
  reader.text = self->text;
  words = g_ptr_array_new_with_free_func (g_free);
  reader.words = words;

  if (!parse (self, &reader, error))
    {
      /* the span is in @text, which may have leading spaces that self->text lost */
      gsize lead = 0;

      while (g_ascii_isspace (text[lead]))
        lead++;
      if (error_start != NULL)
        *error_start = lead + reader.error_start;
      if (error_end != NULL)
        *error_end = lead + reader.error_end;
      return NULL;
    }

  g_ptr_array_add (words, NULL);
  self->words = (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
  _runnel_expectation_reset (self);

  return g_steal_pointer (&self);
}

RunnelExpectation *
runnel_expectation_new (const char  *text,
                        GError     **error)
{
  return runnel_expectation_new_full (text, NULL, NULL, error);
}

const char *
runnel_expectation_get_text (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), NULL);

  return self->text;
}

char **
runnel_expectation_dup_words (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), NULL);

  return g_strdupv (self->words);
}

gint64
runnel_expectation_get_time_limit (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), 0);

  return self->within;
}

RunnelExpectationStatus
runnel_expectation_get_status (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), RUNNEL_EXPECTATION_PENDING);

  return self->status;
}

gint64
runnel_expectation_get_decided_at (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), -1);

  return self->status == RUNNEL_EXPECTATION_PENDING ? -1 : self->at;
}

gboolean
runnel_expectation_needs_clock (RunnelExpectation *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), FALSE);

  return self->within > 0 || self->clocked;
}

char *
runnel_expectation_dup_observed (RunnelExpectation *self)
{
  g_autofree char *observed = NULL;
  g_autofree char *limit = NULL;

  g_return_val_if_fail (RUNNEL_IS_EXPECTATION (self), NULL);

  if (self->frozen != NULL)
    return g_strdup (self->frozen);

  observed = self->kind->observed (self);
  if (!self->late)
    return g_steal_pointer (&observed);

  limit = _runnel_expectation_format_time (self->within);
  /* TRANSLATORS: an observed value ("#4 at 3.10s"), and the time limit it missed */
  return g_strdup_printf (_("%s (over the limit of %s)"), observed, limit);
}

/* Deciding */

void
_runnel_expectation_reset (RunnelExpectation *self)
{
  self->status = RUNNEL_EXPECTATION_PENDING;
  self->count = 0;
  self->seq = 0;
  self->seq_b = 0;
  self->at = -1;
  self->last = -1;
  self->longest = 0;
  self->longest_seq = 0;
  g_clear_pointer (&self->seen, g_free);
  g_clear_pointer (&self->frozen, g_free);
  self->got_response = FALSE;
  self->had_json = FALSE;
  self->late = FALSE;
  self->timed_out = FALSE;
  self->live_gap = FALSE;
  if (self->assembler != NULL)
    runnel_json_assembler_clear (self->assembler);
  g_clear_object (&self->timing);
}

static void
decide (RunnelExpectation       *self,
        RunnelExpectationStatus  status)
{
  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  self->status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATUS]);
}

void
_runnel_expectation_pass (RunnelExpectation *self,
                          gint64             elapsed)
{
  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  self->at = elapsed;
  if (self->within > 0 && elapsed > self->within)
    {
      self->late = TRUE;
      decide (self, RUNNEL_EXPECTATION_FAILED);
      return;
    }

  decide (self, RUNNEL_EXPECTATION_PASSED);
}

void
_runnel_expectation_fail (RunnelExpectation *self,
                          gint64             elapsed)
{
  if (self->status != RUNNEL_EXPECTATION_PENDING)
    return;

  self->at = elapsed;
  decide (self, RUNNEL_EXPECTATION_FAILED);
}

void
_runnel_expectation_tick (RunnelExpectation *self,
                          gint64             elapsed)
{
  if (self->status == RUNNEL_EXPECTATION_PENDING && self->within > 0 && elapsed > self->within)
    {
      g_autofree char *observed = self->kind->observed (self);
      g_autofree char *limit = _runnel_expectation_format_time (self->within);

      /* what it was when the time ran out, whatever comes later */
      self->timed_out = TRUE;
      /* TRANSLATORS: an observed value ("2", "none") when a time limit ("2.00s") ran out */
      self->frozen = g_strdup_printf (_("%s within %s"), observed, limit);
      _runnel_expectation_fail (self, elapsed);
    }

  if (self->kind->tick != NULL)
    self->kind->tick (self, elapsed);
}

void
_runnel_expectation_finish (RunnelExpectation *self,
                            gint64             elapsed)
{
  _runnel_expectation_tick (self, elapsed);

  if (self->kind->finish != NULL)
    self->kind->finish (self, elapsed);

  /* whatever a kind leaves pending at the end did not happen */
  if (self->status == RUNNEL_EXPECTATION_PENDING)
    _runnel_expectation_fail (self, elapsed);
}

/* Values */

gboolean
_runnel_expectation_compare (RunnelExpectationOp op,
                             gint64              a,
                             gint64              b)
{
  switch (op)
    {
    case OP_EQ: return a == b;
    case OP_NE: return a != b;
    case OP_LT: return a < b;
    case OP_LE: return a <= b;
    case OP_GT: return a > b;
    case OP_GE: return a >= b;
    case OP_CONTAINS:
    case OP_MATCHES:
    case OP_EXISTS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_double (const char *text,
              double     *value)
{
  char *end = NULL;

  if (*text == '\0' || g_ascii_isspace (*text))
    return FALSE;
  *value = g_ascii_strtod (text, &end);

  return *end == '\0' && isfinite (*value);
}

gboolean
_runnel_expectation_test_value (RunnelExpectation *self,
                                const char        *value)
{
  double a;
  double b;
  int cmp;

  if (value == NULL)
    return FALSE;

  switch (self->op)
    {
    case OP_EXISTS:
      return TRUE;

    case OP_CONTAINS:
      return strstr (value, self->value) != NULL;

    case OP_MATCHES:
      return g_regex_match (self->regex, value, 0, NULL);

    case OP_EQ:
    case OP_NE:
    case OP_LT:
    case OP_LE:
    case OP_GT:
    case OP_GE:
    default:
      /* numbers compare as numbers (1.0 == 1), anything else as text */
      if (parse_double (value, &a) && parse_double (self->value, &b))
        cmp = (a > b) - (a < b);
      else if (self->op == OP_EQ || self->op == OP_NE)
        cmp = strcmp (value, self->value) != 0;
      else
        return FALSE;
      return _runnel_expectation_compare (self->op, cmp, 0);
    }
}

char *
_runnel_expectation_quote (const char *text)
{
  g_autoptr(GString) out = g_string_new ("“");
  const char *p = text;
  guint n = 0;

  for (; *p != '\0' && n < 60; p = g_utf8_next_char (p), n++)
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '\n')
        g_string_append (out, "\\n");
      else if (c < 0x20 || c == 0x7f)
        g_string_append_printf (out, "\\x%02x", c);
      else
        g_string_append_unichar (out, c);
    }
  if (*p != '\0')
    g_string_append (out, "…");
  g_string_append (out, "”");

  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
_runnel_expectation_format_time (gint64 us)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  double seconds = us / (double) G_USEC_PER_SEC;

  g_ascii_formatd (buffer, sizeof buffer, seconds < 10 ? "%.2f" : "%.1f", seconds);

  return g_strconcat (buffer, "s", NULL);
}

/* Help */

char *
runnel_expectation_dup_help (void)
{
  return g_strdup (_(
"Expectations: one sentence each, with --expect or in a saved request.\n"
"\n"
"  event TYPE                       an event of that type arrives (event * for any)\n"
"      event message_stop\n"
"  first event                      the same as event *\n"
"      first event within 2s\n"
"  first content [PRESET|PATH]      the first event with data, or with a value at the path\n"
"      first content openai-chat within 2s\n"
"  count TYPE OP N                  how many events of that type (* for all), at the end\n"
"      count content_block_delta >= 3\n"
"  json PATH OP VALUE               some event’s data has that value at the JSONPath\n"
"      json $.type == message_stop\n"
"      json $.usage.output_tokens > 0\n"
"      json $.delta.text contains Hello\n"
"      json $.model matches /^claude-/\n"
"      json $.usage exists\n"
"  every TYPE json PATH TEST        every event of that type passes the test\n"
"      every content_block_delta json $.delta.text exists\n"
"  assembled PRESET|PATH TEST       the text the events assemble to\n"
"      assembled anthropic contains \"Hello, world\"\n"
"      assembled $.choices[0].delta.content matches /world/i\n"
"      assembled openai-chat length >= 10\n"
"  status N                         the response’s HTTP status (or status OP N)\n"
"      status 200\n"
"  header NAME TEST                 a header of the response\n"
"      header Content-Type matches /^text\\/event-stream/\n"
"  ends                             the server ends the stream by itself\n"
"      ends within 30s\n"
"  reconnects OP N                  how many times the stream reconnected\n"
"      reconnects <= 1\n"
"  gap <= TIME                      no silence between events longer than that\n"
"      gap <= 5s\n"
"  stalls OP N                      how many silences of more than 5s, at the end\n"
"      stalls == 0\n"
"  bursts OP N                      how many bursts of buffered delivery (5 events or more\n"
"                                   within 10ms after 1s of silence), at the end\n"
"      bursts == 0\n"
"  order A before B                 every A arrives before the first B\n"
"      order message_start before message_stop\n"
"\n"
"OP is one of == != < <= > >=. A TEST is OP VALUE, contains TEXT, matches /RE/ (/RE/i\n"
"ignores case) or exists. Quote a VALUE or TEXT with spaces: \"like this\". A TIME is\n"
"like 2s, 1.5s, 500ms or 1m.\n"
"Add “within TIME” to an expectation that passes when something happens (event, first\n"
"event, first content, count with > or >=, json, assembled contains, matches or length >\n"
"or >=, status, header, ends) for a time limit from the start of the request.\n"
"Presets: openai-chat, openai-responses, anthropic, gemini, ollama-chat, ollama-generate,\n"
"cohere.\n"
"\n"
"Each expectation ends passed or failed, with what was observed:\n"
"  ✓ count content_block_delta >= 3: 27\n"
"  ✗ status 200: 404\n"));
}
