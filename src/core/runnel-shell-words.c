/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-shell-words.c: the part of a POSIX shell (or of cmd.exe) that a pasted command needs */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-shell-words.h"

G_DEFINE_QUARK (runnel-shell-error-quark, runnel_shell_error)

typedef struct
{
  const char *start;
  const char *p;
  const char *end;
  GPtrArray  *words;
  GString    *word;
  gboolean    in_word;
} Splitter;

G_GNUC_PRINTF (4, 5)
static gboolean
split_error (Splitter    *s,
             const char  *at,
             GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  guint line = 1;
  va_list args;

  for (const char *p = s->start; p < at; p++)
    line += *p == '\n';

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, RUNNEL_SHELL_ERROR, RUNNEL_SHELL_ERROR_SYNTAX,
               _("%s (line %u of the command)"), message, line);
  return FALSE;
}

static void
end_word (Splitter *s)
{
  if (!s->in_word)
    return;

  g_ptr_array_add (s->words, g_strndup (s->word->str, s->word->len));
  g_string_truncate (s->word, 0);
  s->in_word = FALSE;
}

static gboolean
at_newline (const char *p,
            const char *end,
            gsize      *skip)
{
  if (p < end && *p == '\n')
    {
      *skip = 1;
      return TRUE;
    }
  if (p + 1 < end && p[0] == '\r' && p[1] == '\n')
    {
      *skip = 2;
      return TRUE;
    }
  return FALSE;
}

static gboolean
is_name_start (char c)
{
  return g_ascii_isalpha (c) || c == '_';
}

/* a $ that a shell would expand: $NAME, ${...}, $(...), $1, $@, $? ... */
static gboolean
is_expansion (const char *p,
              const char *end)
{
  char c;

  if (p + 1 >= end)
    return FALSE;

  c = p[1];
  return is_name_start (c) || g_ascii_isdigit (c) || (c != '\0' && strchr ("{(@*#?$!-", c));
}

static gboolean
expansion_error (Splitter    *s,
                 const char  *at,
                 GError     **error)
{
  const char *q = at + 1;

  if (q < s->end && (*q == '(' || *q == '{'))
    return split_error (s, at, error,
                        _("The command uses the shell expansion “$%c…”, which Runnel cannot run: "
                          "replace it with its value"), *q);

  while (q < s->end && (g_ascii_isalnum (*q) || *q == '_'))
    q++;
  if (q == at + 1)
    q++;

  return split_error (s, at, error,
                      _("The command uses the shell variable “%.*s”, which Runnel cannot expand: "
                        "replace it with its value"), (int) (q - at), at);
}

static const char *
substitution_message (void)
{
  return _("The command uses a `…` command substitution, which Runnel cannot run");
}

static gboolean
nul_error (Splitter    *s,
           const char  *at,
           GError     **error)
{
  return split_error (s, at, error,
                      _("The command contains a NUL byte, which a command-line argument "
                        "cannot hold"));
}

static gboolean
unbalanced_error (Splitter    *s,
                  const char  *at,
                  char         quote,
                  GError     **error)
{
  /* whole sentences, so that translators see which quote each one is about */
  if (quote == '"')
    return split_error (s, at, error, _("The double quote that starts here is never closed"));
  if (quote == '\'')
    return split_error (s, at, error, _("The single quote that starts here is never closed"));

  return split_error (s, at, error, _("The $' quote that starts here is never closed"));
}

static guint
parse_digits (const char **p,
              const char  *end,
              guint        base,
              guint        max_digits)
{
  guint value = 0;
  guint n = 0;

  while (n < max_digits && *p < end && g_ascii_isxdigit (**p))
    {
      int digit = g_ascii_xdigit_value (**p);

      if (digit >= (int) base)
        break;
      value = value * base + digit;
      (*p)++;
      n++;
    }

  return value;
}

/* $'...': bash's ANSI-C quoting */
static gboolean
split_ansi_c (Splitter  *s,
              GError   **error)
{
  const char *open = s->p;

  s->p += 2;
  while (s->p < s->end && *s->p != '\'')
    {
      const char *at = s->p;
      guint value;
      char c;

      if (*s->p == '\0')
        return nul_error (s, s->p, error);

      if (*s->p != '\\' || s->p + 1 >= s->end)
        {
          g_string_append_c (s->word, *s->p++);
          continue;
        }

      s->p++;
      c = *s->p++;
      switch (c)
        {
        case 'a': value = '\a'; break;
        case 'b': value = '\b'; break;
        case 'e': case 'E': value = 0x1b; break;
        case 'f': value = '\f'; break;
        case 'n': value = '\n'; break;
        case 'r': value = '\r'; break;
        case 't': value = '\t'; break;
        case 'v': value = '\v'; break;
        case '\\': case '\'': case '"': case '?': value = (guchar) c; break;

        case 'x':
          if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
            {
              g_string_append (s->word, "\\x");
              continue;
            }
          value = parse_digits (&s->p, s->end, 16, 2);
          break;

        case 'u':
        case 'U':
          {
            char utf8[6];
            guint digits = c == 'u' ? 4 : 8;

            if (s->p >= s->end || !g_ascii_isxdigit (*s->p))
              {
                g_string_append_c (s->word, '\\');
                g_string_append_c (s->word, c);
                continue;
              }
            value = parse_digits (&s->p, s->end, 16, digits);
            if (value == 0)
              return nul_error (s, at, error);
            if (!g_unichar_validate (value))
              return split_error (s, at, error,
                                  _("“\\%c%X” in $'…' is not a Unicode character"), c, value);
            g_string_append_len (s->word, utf8, g_unichar_to_utf8 (value, utf8));
            continue;
          }

        case 'c':
          if (s->p >= s->end)
            return unbalanced_error (s, open, '$', error);
          value = *s->p++ & 0x1f;
          break;

        case '0': case '1': case '2': case '3': case '4': case '5': case '6': case '7':
          s->p--;
          value = parse_digits (&s->p, s->end, 8, 3) & 0xff;
          break;

        default:
          /* bash keeps an unknown escape as it is */
          g_string_append_c (s->word, '\\');
          value = (guchar) c;
          break;
        }

      if (value == 0)
        return nul_error (s, at, error);
      g_string_append_c (s->word, (char) value);
    }

  if (s->p >= s->end)
    return unbalanced_error (s, open, '$', error);

  s->p++;
  return TRUE;
}

static gboolean
split_double (Splitter  *s,
              GError   **error)
{
  const char *open = s->p;
  gsize skip;

  s->p++;
  while (s->p < s->end && *s->p != '"')
    {
      char c = *s->p;

      if (c == '\0')
        return nul_error (s, s->p, error);
      if (c == '`')
        return split_error (s, s->p, error, "%s", substitution_message ());
      if (c == '$' && is_expansion (s->p, s->end))
        return expansion_error (s, s->p, error);

      if (c == '\\' && s->p + 1 < s->end)
        {
          char next = s->p[1];

          if (at_newline (s->p + 1, s->end, &skip))
            {
              s->p += 1 + skip;
              continue;
            }
          if (next == '$' || next == '`' || next == '"' || next == '\\')
            {
              g_string_append_c (s->word, next);
              s->p += 2;
              continue;
            }
        }

      g_string_append_c (s->word, c);
      s->p++;
    }

  if (s->p >= s->end)
    return unbalanced_error (s, open, '"', error);

  s->p++;
  return TRUE;
}

static gboolean
split_posix (Splitter  *s,
             GError   **error)
{
  gsize skip;

  while (s->p < s->end)
    {
      char c = *s->p;

      switch (c)
        {
        case '\0':
          return nul_error (s, s->p, error);

        case ' ': case '\t': case '\n': case '\r':
          end_word (s);
          s->p++;
          break;

        case '#':
          if (s->in_word)
            goto literal;
          while (s->p < s->end && *s->p != '\n')
            s->p++;
          break;

        case '\\':
          if (at_newline (s->p + 1, s->end, &skip))
            s->p += 1 + skip;
          else if (s->p + 1 >= s->end)
            s->p++;  /* a trailing backslash: a continuation with nothing after it */
          else if (s->p[1] == '\0')
            return nul_error (s, s->p + 1, error);
          else
            {
              g_string_append_c (s->word, s->p[1]);
              s->in_word = TRUE;
              s->p += 2;
            }
          break;

        case '\'':
          {
            const char *close = memchr (s->p + 1, '\'', s->end - s->p - 1);

            if (close == NULL)
              return unbalanced_error (s, s->p, '\'', error);
            if (memchr (s->p, '\0', close - s->p) != NULL)
              return nul_error (s, memchr (s->p, '\0', close - s->p), error);
            g_string_append_len (s->word, s->p + 1, close - s->p - 1);
            s->in_word = TRUE;
            s->p = close + 1;
          }
          break;

        case '"':
          s->in_word = TRUE;
          if (!split_double (s, error))
            return FALSE;
          break;

        case '$':
          if (s->p + 1 < s->end && s->p[1] == '\'')
            {
              s->in_word = TRUE;
              if (!split_ansi_c (s, error))
                return FALSE;
              break;
            }
          if (s->p + 1 < s->end && s->p[1] == '"')
            {
              s->p++;  /* $"..." is a translated string: a double-quoted one here */
              s->in_word = TRUE;
              if (!split_double (s, error))
                return FALSE;
              break;
            }
          if (is_expansion (s->p, s->end))
            return expansion_error (s, s->p, error);
          goto literal;

        case '`':
          return split_error (s, s->p, error, "%s", substitution_message ());

        case ';': case '|': case '&': case '<': case '>': case '(': case ')':
          return split_error (s, s->p, error,
                              _("The command contains the shell operator “%c”: paste a single curl "
                                "command, without pipes, redirections or other commands"), c);

        default:
        literal:
          g_string_append_c (s->word, c);
          s->in_word = TRUE;
          s->p++;
          break;
        }
    }

  end_word (s);
  return TRUE;
}

/*
 * cmd.exe first: ^ escapes the next character (^ then a line break continues the line and
 * escapes the first character of the next one), "..." turns carets off; then the C runtime
 * splits the result: "..." groups, \" is a quote, 2n backslashes before a quote are n.
 */
static gboolean
split_cmd (Splitter  *s,
           GError   **error)
{
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean quoted = FALSE;
  gboolean in_quotes = FALSE;
  gsize skip;

  while (s->p < s->end)
    {
      char c = *s->p;

      if (c == '\0')
        return nul_error (s, s->p, error);

      if (c == '^' && !quoted)
        {
          s->p++;
          if (at_newline (s->p, s->end, &skip))
            s->p += skip;  /* a continuation, which also escapes what follows */
          if (s->p >= s->end)
            continue;
          if (*s->p == '\0')
            return nul_error (s, s->p, error);
          if (at_newline (s->p, s->end, &skip))
            {
              g_string_append_c (line, '\n');
              s->p += skip;
            }
          else
            g_string_append_c (line, *s->p++);
          continue;
        }

      if (c == '"')
        quoted = !quoted;
      g_string_append_c (line, c);
      s->p++;
    }

  for (gsize i = 0; i < line->len; i++)
    {
      char c = line->str[i];

      if (c == '\\')
        {
          gsize n = 0;

          while (i < line->len && line->str[i] == '\\')
            {
              n++;
              i++;
            }
          if (i < line->len && line->str[i] == '"')
            {
              for (gsize k = 0; k < n / 2; k++)
                g_string_append_c (s->word, '\\');
              if (n % 2 == 1)
                g_string_append_c (s->word, '"');
              else
                in_quotes = !in_quotes;
            }
          else
            {
              for (gsize k = 0; k < n; k++)
                g_string_append_c (s->word, '\\');
              i--;
            }
          s->in_word = TRUE;
        }
      else if (c == '"')
        {
          in_quotes = !in_quotes;
          s->in_word = TRUE;
        }
      else if (!in_quotes && (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
        end_word (s);
      else
        {
          g_string_append_c (s->word, c);
          s->in_word = TRUE;
        }
    }

  end_word (s);
  return TRUE;
}

static gboolean
looks_like_cmd (const char *command,
                gsize       length)
{
  const char *end = command + length;
  const char *p = command;

  while (p < end && g_ascii_isspace (*p))
    p++;
  if ((gsize) (end - p) >= 7 && strncmp (p, "curl ^\"", 7) == 0)
    return TRUE;
  if ((gsize) (end - p) >= 11 && strncmp (p, "curl.exe ^\"", 11) == 0)
    return TRUE;

  /* a line that ends with a caret */
  for (const char *q = p; q < end; q++)
    {
      if (*q != '\n')
        continue;

      for (const char *r = q - 1; r >= p; r--)
        {
          if (*r == ' ' || *r == '\t' || *r == '\r')
            continue;
          if (*r == '^')
            return TRUE;
          break;
        }
    }

  return FALSE;
}

char **
runnel_shell_split (const char         *command,
                    gssize              length,
                    RunnelShellSyntax   syntax,
                    GError            **error)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) word = NULL;
  Splitter s;
  gboolean cmd;

  g_return_val_if_fail (command != NULL, NULL);

  if (length < 0)
    length = strlen (command);

  if ((gsize) length > RUNNEL_SHELL_MAX_COMMAND)
    {
      g_set_error (error, RUNNEL_SHELL_ERROR, RUNNEL_SHELL_ERROR_TOO_LARGE,
                   _("The command is longer than %d MiB, which is more than Runnel reads"),
                   RUNNEL_SHELL_MAX_COMMAND / (1024 * 1024));
      return NULL;
    }

  words = g_ptr_array_new_with_free_func (g_free);
  word = g_string_new (NULL);
  s = (Splitter) { command, command, command + length, words, word, FALSE };

  if (syntax == RUNNEL_SHELL_SYNTAX_CMD)
    cmd = TRUE;
  else if (syntax == RUNNEL_SHELL_SYNTAX_POSIX)
    cmd = FALSE;
  else
    cmd = looks_like_cmd (command, length);

  if (!(cmd ? split_cmd (&s, error) : split_posix (&s, error)))
    return NULL;

  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

char *
runnel_shell_quote (const char *arg)
{
  g_return_val_if_fail (arg != NULL, NULL);

  if (arg[0] != '\0')
    {
      const char *p;

      for (p = arg; *p != '\0'; p++)
        {
          if (!g_ascii_isalnum (*p) && strchr ("_@%+=:,./-", *p) == NULL)
            break;
        }
      if (*p == '\0')
        return g_strdup (arg);
    }

  return g_shell_quote (arg);
}
