/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-curl.c: cURL command lines to RunnelRequest ("Import cURL…") and back ("Copy as cURL") */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-curl.h"

G_DEFINE_QUARK (runnel-curl-error-quark, runnel_curl_error)

/* Splitting words: the part of a POSIX shell (or of cmd.exe) that a pasted command needs */

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

  g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_SYNTAX,
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
runnel_curl_split (const char       *command,
                   gssize            length,
                   RunnelCurlFlags   flags,
                   GError          **error)
{
  g_autoptr(GPtrArray) words = NULL;
  g_autoptr(GString) word = NULL;
  Splitter s;
  gboolean cmd;

  g_return_val_if_fail (command != NULL, NULL);

  if (length < 0)
    length = strlen (command);

  if ((gsize) length > RUNNEL_CURL_MAX_COMMAND)
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_TOO_LARGE,
                   _("The command is longer than %d MiB, which is more than Runnel reads"),
                   RUNNEL_CURL_MAX_COMMAND / (1024 * 1024));
      return NULL;
    }

  words = g_ptr_array_new_with_free_func (g_free);
  word = g_string_new (NULL);
  s = (Splitter) { command, command, command + length, words, word, FALSE };

  if (flags & RUNNEL_CURL_SYNTAX_CMD)
    cmd = TRUE;
  else if (flags & RUNNEL_CURL_SYNTAX_POSIX)
    cmd = FALSE;
  else
    cmd = looks_like_cmd (command, length);

  if (!(cmd ? split_cmd (&s, error) : split_posix (&s, error)))
    return NULL;

  g_ptr_array_add (words, NULL);
  return (char **) g_ptr_array_free (g_steal_pointer (&words), FALSE);
}

static gboolean
is_curl_word (const char *word)
{
  const char *base = strrchr (word, '/');

  if (strstr (word, "://") != NULL)
    return FALSE;
  base = base ? base + 1 : word;
  return g_ascii_strcasecmp (base, "curl") == 0 || g_ascii_strcasecmp (base, "curl.exe") == 0;
}

gboolean
runnel_curl_looks_like_command (const char *text)
{
  const char *p = text;
  const char *start;
  g_autofree char *first = NULL;

  if (text == NULL)
    return FALSE;

  while (g_ascii_isspace (*p))
    p++;
  start = p;
  while (*p != '\0' && !g_ascii_isspace (*p))
    p++;

  if (*p == '\0' && p - start > 8)
    return FALSE;  /* a single word longer than curl.exe: a URL */

  first = g_strndup (start, p - start);
  return is_curl_word (first);
}

/* Options */

typedef enum
{
  OPT_IGNORE,        /* no effect on the request */
  OPT_UNSUPPORTED,
  OPT_REQUEST,
  OPT_URL,
  OPT_HEADER,
  OPT_DATA,          /* -d, --data-ascii: @FILE with CR and LF removed */
  OPT_DATA_BINARY,
  OPT_DATA_RAW,
  OPT_DATA_URLENCODE,
  OPT_JSON,
  OPT_GET,
  OPT_HEAD,
  OPT_USER,
  OPT_OAUTH2_BEARER,
  OPT_USER_AGENT,
  OPT_REFERER,
  OPT_COOKIE,
  OPT_INSECURE,
  OPT_CACERT,
  OPT_MAX_TIME,
} OptAction;

typedef struct
{
  const char *name;
  char        letter;
  guint8      has_arg;
  guint8      action;
} CurlOption;

static const CurlOption curl_options[] = {
  { "request", 'X', TRUE, OPT_REQUEST },
  { "url", 0, TRUE, OPT_URL },
  { "header", 'H', TRUE, OPT_HEADER },
  { "data", 'd', TRUE, OPT_DATA },
  { "data-ascii", 0, TRUE, OPT_DATA },
  { "data-binary", 0, TRUE, OPT_DATA_BINARY },
  { "data-raw", 0, TRUE, OPT_DATA_RAW },
  { "data-urlencode", 0, TRUE, OPT_DATA_URLENCODE },
  { "json", 0, TRUE, OPT_JSON },
  { "get", 'G', FALSE, OPT_GET },
  { "head", 'I', FALSE, OPT_HEAD },
  { "user", 'u', TRUE, OPT_USER },
  { "oauth2-bearer", 0, TRUE, OPT_OAUTH2_BEARER },
  { "user-agent", 'A', TRUE, OPT_USER_AGENT },
  { "referer", 'e', TRUE, OPT_REFERER },
  { "cookie", 'b', TRUE, OPT_COOKIE },
  { "insecure", 'k', FALSE, OPT_INSECURE },
  { "cacert", 0, TRUE, OPT_CACERT },
  { "max-time", 'm', TRUE, OPT_MAX_TIME },

  /* what curl prints, how it connects or retries: nothing the server sees */
  { "compressed", 0, FALSE, OPT_IGNORE },   /* libsoup decodes what the server compresses */
  { "no-buffer", 'N', FALSE, OPT_IGNORE },
  { "silent", 's', FALSE, OPT_IGNORE },
  { "show-error", 'S', FALSE, OPT_IGNORE },
  { "verbose", 'v', FALSE, OPT_IGNORE },
  { "include", 'i', FALSE, OPT_IGNORE },
  { "location", 'L', FALSE, OPT_IGNORE },     /* libsoup follows redirects */
  { "location-trusted", 0, FALSE, OPT_IGNORE },
  { "globoff", 'g', FALSE, OPT_IGNORE },
  { "fail", 'f', FALSE, OPT_IGNORE },
  { "fail-with-body", 0, FALSE, OPT_IGNORE },
  { "progress-bar", '#', FALSE, OPT_IGNORE },
  { "no-progress-meter", 0, FALSE, OPT_IGNORE },
  { "http1.1", 0, FALSE, OPT_IGNORE },
  { "http2", 0, FALSE, OPT_IGNORE },
  { "ipv4", '4', FALSE, OPT_IGNORE },
  { "ipv6", '6', FALSE, OPT_IGNORE },
  { "basic", 0, FALSE, OPT_IGNORE },
  { "tr-encoding", 0, FALSE, OPT_IGNORE },
  { "raw", 0, FALSE, OPT_IGNORE },
  { "no-keepalive", 0, FALSE, OPT_IGNORE },
  { "tcp-nodelay", 0, FALSE, OPT_IGNORE },
  { "ssl-no-revoke", 0, FALSE, OPT_IGNORE },
  { "remote-name", 'O', FALSE, OPT_IGNORE },
  { "output", 'o', TRUE, OPT_IGNORE },
  { "write-out", 'w', TRUE, OPT_IGNORE },
  { "dump-header", 'D', TRUE, OPT_IGNORE },
  { "trace", 0, TRUE, OPT_IGNORE },
  { "trace-ascii", 0, TRUE, OPT_IGNORE },
  { "stderr", 0, TRUE, OPT_IGNORE },
  { "cookie-jar", 'c', TRUE, OPT_IGNORE },
  { "connect-timeout", 0, TRUE, OPT_IGNORE },
  { "keepalive-time", 0, TRUE, OPT_IGNORE },
  { "max-redirs", 0, TRUE, OPT_IGNORE },
  { "retry", 0, TRUE, OPT_IGNORE },
  { "retry-delay", 0, TRUE, OPT_IGNORE },
  { "retry-max-time", 0, TRUE, OPT_IGNORE },
  { "limit-rate", 0, TRUE, OPT_IGNORE },

  /* known, and not something Runnel can do: named in the error */
  { "form", 'F', TRUE, OPT_UNSUPPORTED },
  { "form-string", 0, TRUE, OPT_UNSUPPORTED },
  { "upload-file", 'T', TRUE, OPT_UNSUPPORTED },
  { "proxy", 'x', TRUE, OPT_UNSUPPORTED },
  { "proxy-user", 'U', TRUE, OPT_UNSUPPORTED },
  { "preproxy", 0, TRUE, OPT_UNSUPPORTED },
  { "socks5", 0, TRUE, OPT_UNSUPPORTED },
  { "socks5-hostname", 0, TRUE, OPT_UNSUPPORTED },
  { "proxytunnel", 'p', FALSE, OPT_UNSUPPORTED },
  { "cert", 'E', TRUE, OPT_UNSUPPORTED },
  { "cert-type", 0, TRUE, OPT_UNSUPPORTED },
  { "key", 0, TRUE, OPT_UNSUPPORTED },
  { "key-type", 0, TRUE, OPT_UNSUPPORTED },
  { "pass", 0, TRUE, OPT_UNSUPPORTED },
  { "capath", 0, TRUE, OPT_UNSUPPORTED },
  { "digest", 0, FALSE, OPT_UNSUPPORTED },
  { "ntlm", 0, FALSE, OPT_UNSUPPORTED },
  { "negotiate", 0, FALSE, OPT_UNSUPPORTED },
  { "anyauth", 0, FALSE, OPT_UNSUPPORTED },
  { "aws-sigv4", 0, TRUE, OPT_UNSUPPORTED },
  { "unix-socket", 0, TRUE, OPT_UNSUPPORTED },
  { "abstract-unix-socket", 0, TRUE, OPT_UNSUPPORTED },
  { "resolve", 0, TRUE, OPT_UNSUPPORTED },
  { "connect-to", 0, TRUE, OPT_UNSUPPORTED },
  { "interface", 0, TRUE, OPT_UNSUPPORTED },
  { "range", 'r', TRUE, OPT_UNSUPPORTED },
  { "continue-at", 'C', TRUE, OPT_UNSUPPORTED },
  { "time-cond", 'z', TRUE, OPT_UNSUPPORTED },
  { "request-target", 0, TRUE, OPT_UNSUPPORTED },
  { "path-as-is", 0, FALSE, OPT_UNSUPPORTED },
  { "url-query", 0, TRUE, OPT_UNSUPPORTED },
  { "variable", 0, TRUE, OPT_UNSUPPORTED },
  { "config", 'K', TRUE, OPT_UNSUPPORTED },
  { "netrc", 'n', FALSE, OPT_UNSUPPORTED },
  { "next", ':', FALSE, OPT_UNSUPPORTED },
  { "http3", 0, FALSE, OPT_UNSUPPORTED },
  { "http3-only", 0, FALSE, OPT_UNSUPPORTED },
  { "http0.9", 0, FALSE, OPT_UNSUPPORTED },
  { "http1.0", '0', FALSE, OPT_UNSUPPORTED },
};

typedef struct
{
  RunnelCurlFlags  flags;
  RunnelRequest   *request;
  GPtrArray       *ignored;
  GPtrArray       *unsupported;
  GPtrArray       *urls;
  GPtrArray       *removed;      /* header names given as "Name:" (curl default removed) */
  GByteArray      *data;         /* NULL when no data option was given */
  char            *method;
  char            *authorization;
  char            *user_agent;
  char            *referer;
  GString         *cookie;
  char            *cacert;
  guint            timeout;
  gboolean         last_was_json;
  gboolean         json;
  gboolean         get;
  gboolean         head;
  gboolean         insecure;
} Parse;

static void
parse_clear (Parse *parse)
{
  g_clear_object (&parse->request);
  g_clear_pointer (&parse->ignored, g_ptr_array_unref);
  g_clear_pointer (&parse->unsupported, g_ptr_array_unref);
  g_clear_pointer (&parse->urls, g_ptr_array_unref);
  g_clear_pointer (&parse->removed, g_ptr_array_unref);
  g_clear_pointer (&parse->data, g_byte_array_unref);
  g_clear_pointer (&parse->method, g_free);
  g_clear_pointer (&parse->authorization, g_free);
  g_clear_pointer (&parse->user_agent, g_free);
  g_clear_pointer (&parse->referer, g_free);
  g_clear_pointer (&parse->cacert, g_free);
  if (parse->cookie != NULL)
    g_string_free (g_steal_pointer (&parse->cookie), TRUE);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Parse, parse_clear)

static gboolean
invalid (GError     **error,
         const char  *format,
         ...) G_GNUC_PRINTF (2, 3);

static gboolean
invalid (GError     **error,
         const char  *format,
         ...)
{
  va_list args;

  va_start (args, format);
  g_propagate_error (error, g_error_new_valist (RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_INVALID,
                                                format, args));
  va_end (args);
  return FALSE;
}

/* the checks of runnel_request_check_header (), plus UTF-8, with the option named */
static gboolean
check_header (const char  *option,
              const char  *name,
              const char  *value,
              GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  if (!g_utf8_validate (value, -1, NULL))
    return invalid (error, _("The header given with %s is not valid UTF-8"), option);

  if (!runnel_request_check_header (name, value, &local_error))
    return invalid (error, "%s: %s", option, local_error->message);

  return TRUE;
}

/* @FILE arguments: read only when the caller allows it */
static GBytes *
read_file_arg (Parse       *parse,
               const char  *option,
               const char  *path,
               GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (strcmp (path, "-") == 0)
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   _("%s @- reads standard input, which Runnel does not have: paste the data "
                     "itself with --data-raw instead"), option);
      return NULL;
    }

  if (!(parse->flags & RUNNEL_CURL_READ_FILES))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   _("%s @%s reads the file “%s”, which Runnel does not read from a pasted "
                     "command: paste the file’s contents with --data-raw '…' instead"),
                   option, path, path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   "%s @%s: %s", option, path, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static void
append_data (Parse        *parse,
             const guint8 *data,
             gsize         len,
             gboolean      json)
{
  if (parse->data == NULL)
    parse->data = g_byte_array_new ();
  else if (!(json && parse->last_was_json))
    g_byte_array_append (parse->data, (const guint8 *) "&", 1);

  g_byte_array_append (parse->data, data, len);
  parse->last_was_json = json;
  parse->json |= json;
}

static gboolean
handle_data (Parse       *parse,
             OptAction    action,
             const char  *option,
             const char  *arg,
             GError     **error)
{
  g_autoptr(GBytes) file = NULL;

  if (action == OPT_DATA_URLENCODE)
    {
      const char *sep = strpbrk (arg, "=@");
      g_autoptr(GString) piece = g_string_new (NULL);
      g_autofree char *escaped = NULL;

      if (sep != NULL && *sep == '@')
        {
          gsize size;
          const guint8 *bytes;

          file = read_file_arg (parse, option, sep + 1, error);
          if (file == NULL)
            return FALSE;
          bytes = g_bytes_get_data (file, &size);
          escaped = g_uri_escape_bytes (bytes, size, NULL);
        }
      else
        escaped = g_uri_escape_string (sep != NULL ? sep + 1 : arg, NULL, FALSE);

      if (sep != NULL && sep > arg)
        {
          g_string_append_len (piece, arg, sep - arg);
          g_string_append_c (piece, '=');
        }
      g_string_append (piece, escaped);
      append_data (parse, (const guint8 *) piece->str, piece->len, FALSE);
      return TRUE;
    }

  if (action != OPT_DATA_RAW && arg[0] == '@')
    {
      gsize size;
      const guint8 *bytes;

      file = read_file_arg (parse, option, arg + 1, error);
      if (file == NULL)
        return FALSE;
      bytes = g_bytes_get_data (file, &size);

      if (action == OPT_DATA)
        {
          /* -d @FILE drops carriage returns and newlines, as curl does */
          g_autoptr(GByteArray) stripped = g_byte_array_sized_new (size);

          for (gsize i = 0; i < size; i++)
            {
              if (bytes[i] != '\r' && bytes[i] != '\n')
                g_byte_array_append (stripped, &bytes[i], 1);
            }
          append_data (parse, stripped->data, stripped->len, FALSE);
        }
      else
        append_data (parse, bytes, size, action == OPT_JSON);
      return TRUE;
    }

  append_data (parse, (const guint8 *) arg, strlen (arg), action == OPT_JSON);
  return TRUE;
}

static gboolean
is_managed_header (const char *name)
{
  static const char * const managed[] = {
    "Connection", "Content-Length", "Host", "Keep-Alive", "Proxy-Connection", "TE",
    "Transfer-Encoding", "Upgrade",
  };

  for (guint i = 0; i < G_N_ELEMENTS (managed); i++)
    {
      if (g_ascii_strcasecmp (name, managed[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

static gboolean
handle_header (Parse       *parse,
               const char  *option,
               const char  *arg,
               GError     **error)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *colon;

  if (arg[0] == '@')
    {
      g_autoptr(GBytes) file = read_file_arg (parse, option, arg + 1, error);
      g_auto(GStrv) lines = NULL;
      g_autofree char *text = NULL;

      if (file == NULL)
        return FALSE;

      text = g_strndup (g_bytes_get_data (file, NULL), g_bytes_get_size (file));
      lines = g_strsplit (text, "\n", -1);
      for (guint i = 0; lines[i] != NULL; i++)
        {
          g_strstrip (lines[i]);
          if (lines[i][0] != '\0' && !handle_header (parse, option, lines[i], error))
            return FALSE;
        }
      return TRUE;
    }

  colon = strchr (arg, ':');
  if (colon == NULL)
    {
      gsize len = strlen (arg);

      /* "Name;" sends the header with an empty value */
      if (len > 1 && arg[len - 1] == ';')
        {
          name = g_strndup (arg, len - 1);
          value = g_strdup ("");
        }
      else
        return invalid (error, _("The header “%s” has no colon: write it as “Name: value”"), arg);
    }
  else
    {
      name = g_strndup (arg, colon - arg);
      value = g_strstrip (g_strdup (colon + 1));

      if (value[0] == '\0')
        {
          /* "Name:" only removes a header curl would add itself */
          g_ptr_array_add (parse->removed, g_strdup (name));
          g_ptr_array_add (parse->ignored, g_strdup_printf ("%s '%s'", option, arg));
          return TRUE;
        }
    }

  if (!check_header (option, name, value, error))
    return FALSE;

  /* what Firefox copies but the HTTP library sets itself (and HTTP/2 forbids) */
  if (is_managed_header (name))
    {
      g_ptr_array_add (parse->ignored, g_strdup_printf ("%s '%s'", option, arg));
      return TRUE;
    }

  runnel_request_append_header (parse->request, name, value, TRUE);
  return TRUE;
}

static gboolean
handle_option (Parse             *parse,
               const CurlOption  *option,
               const char        *spelled,
               const char        *arg,
               gboolean           negated,
               GError           **error)
{
  switch ((OptAction) option->action)
    {
    case OPT_IGNORE:
      g_ptr_array_add (parse->ignored, g_strdup (spelled));
      return TRUE;

    case OPT_UNSUPPORTED:
      g_ptr_array_add (parse->unsupported, g_strdup (spelled));
      return TRUE;

    case OPT_REQUEST:
      if (arg[0] == '\0')
        return invalid (error, _("%s needs a method, such as POST"), spelled);
      g_free (parse->method);
      parse->method = g_strdup (arg);
      return TRUE;

    case OPT_URL:
      g_ptr_array_add (parse->urls, g_strdup (arg));
      return TRUE;

    case OPT_HEADER:
      return handle_header (parse, spelled, arg, error);

    case OPT_DATA:
    case OPT_DATA_BINARY:
    case OPT_DATA_RAW:
    case OPT_DATA_URLENCODE:
    case OPT_JSON:
      return handle_data (parse, option->action, spelled, arg, error);

    case OPT_GET:
      parse->get = !negated;
      return TRUE;

    case OPT_HEAD:
      parse->head = !negated;
      return TRUE;

    case OPT_INSECURE:
      parse->insecure = !negated;
      return TRUE;

    case OPT_USER:
      {
        g_autofree char *base64 = NULL;

        if (strchr (arg, ':') == NULL)
          return invalid (error, _("%s '%s' has no password, which curl would ask for: write it "
                            "as %s 'user:password'"), spelled, arg, spelled);
        base64 = g_base64_encode ((const guchar *) arg, strlen (arg));
        g_free (parse->authorization);
        parse->authorization = g_strconcat ("Basic ", base64, NULL);
        return TRUE;
      }

    case OPT_OAUTH2_BEARER:
      g_free (parse->authorization);
      parse->authorization = g_strconcat ("Bearer ", arg, NULL);
      g_strstrip (parse->authorization);
      return check_header (spelled, "Authorization", parse->authorization, error);

    case OPT_USER_AGENT:
      g_free (parse->user_agent);
      parse->user_agent = g_strstrip (g_strdup (arg));
      return check_header (spelled, "User-Agent", parse->user_agent, error);

    case OPT_REFERER:
      g_free (parse->referer);
      parse->referer = g_strdup (arg);
      if (g_str_has_suffix (parse->referer, ";auto"))
        parse->referer[strlen (parse->referer) - 5] = '\0';
      g_strstrip (parse->referer);
      return check_header (spelled, "Referer", parse->referer, error);

    case OPT_COOKIE:
      if (strchr (arg, '=') == NULL)
        {
          g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                       _("%s %s reads cookies from the file “%s”, which Runnel does not do: "
                         "give them as %s 'name=value; name2=value2' instead"),
                       spelled, arg, arg, spelled);
          return FALSE;
        }
      {
        g_autofree char *cookie = g_strstrip (g_strdup (arg));

        if (parse->cookie == NULL)
          parse->cookie = g_string_new (cookie);
        else
          g_string_append_printf (parse->cookie, "; %s", cookie);
      }
      return check_header (spelled, "Cookie", parse->cookie->str, error);

    case OPT_CACERT:
      g_free (parse->cacert);
      parse->cacert = g_strdup (arg);
      return TRUE;

    case OPT_MAX_TIME:
      {
        char *end = NULL;
        double seconds = g_ascii_strtod (arg, &end);

        if (end == arg || *end != '\0' || !(seconds >= 0) || seconds > G_MAXUINT / 1000.0)
          return invalid (error, _("%s needs a number of seconds, not “%s”"), spelled, arg);
        parse->timeout = (guint) (seconds * 1000 + 0.5);
        return TRUE;
      }
    }

  g_assert_not_reached ();
}

static const CurlOption *
find_long (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (curl_options); i++)
    {
      if (strcmp (curl_options[i].name, name) == 0)
        return &curl_options[i];
    }

  return NULL;
}

static const CurlOption *
find_short (char letter)
{
  for (guint i = 0; i < G_N_ELEMENTS (curl_options); i++)
    {
      if (curl_options[i].letter == letter)
        return &curl_options[i];
    }

  return NULL;
}

static gboolean
unsupported_error (Parse   *parse,
                   GError **error)
{
  g_autofree char *list = NULL;
  guint n = parse->unsupported->len;

  g_ptr_array_add (parse->unsupported, NULL);
  list = g_strjoinv (", ", (char **) parse->unsupported->pdata);
  g_ptr_array_set_size (parse->unsupported, n);
  g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_UNSUPPORTED,
               n > 1
                 ? _("Runnel cannot use these curl options: %s. Remove them and try again.")
                 : _("Runnel cannot use the curl option %s. Remove it and try again."),
               list);
  return FALSE;
}

static gboolean
has_header (Parse      *parse,
            const char *name)
{
  if (runnel_request_find_header (parse->request, name) != NULL)
    return TRUE;

  for (guint i = 0; i < parse->removed->len; i++)
    {
      if (g_ascii_strcasecmp (g_ptr_array_index (parse->removed, i), name) == 0)
        return TRUE;
    }

  return FALSE;
}

/* values are stripped as -H values are; an empty one (-A '') adds nothing, as in curl */
static void
add_implied_header (Parse      *parse,
                    const char *name,
                    const char *value)
{
  if (value != NULL && value[0] != '\0' && !has_header (parse, name))
    runnel_request_append_header (parse->request, name, value, TRUE);
}

static gboolean
finish_request (Parse   *parse,
                GError **error)
{
  g_autofree char *url = NULL;
  const char *method = NULL;

  if (parse->urls->len == 0)
    return invalid (error, _("The command has no URL"));
  if (parse->urls->len > 1)
    return invalid (error, _("The command has %u URLs (“%s”, “%s”…): a stream opens one"),
                    parse->urls->len, (char *) g_ptr_array_index (parse->urls, 0),
                    (char *) g_ptr_array_index (parse->urls, 1));

  url = g_strdup (g_ptr_array_index (parse->urls, 0));
  if (strstr (url, "://") == NULL)
    {
      /* curl's default scheme */
      g_autofree char *bare = g_steal_pointer (&url);

      url = g_strconcat ("http://", bare, NULL);
    }

  if (parse->get && parse->data != NULL)
    {
      /* -G: the data goes into the query */
      g_autofree char *with_query = NULL;
      g_autofree char *query = g_strndup ((const char *) parse->data->data, parse->data->len);

      with_query = g_strconcat (url, strchr (url, '?') ? "&" : "?", query, NULL);
      g_free (url);
      url = g_steal_pointer (&with_query);
      g_clear_pointer (&parse->data, g_byte_array_unref);
    }

  runnel_request_set_url (parse->request, url);

  if (parse->method != NULL)
    method = parse->method;
  else if (parse->head)
    method = "HEAD";
  else if (parse->data != NULL)
    method = "POST";
  runnel_request_set_method (parse->request, method);

  if (parse->data != NULL)
    {
      g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&parse->data));

      runnel_request_set_body (parse->request, body);
    }

  add_implied_header (parse, "User-Agent", parse->user_agent);
  add_implied_header (parse, "Referer", parse->referer);
  add_implied_header (parse, "Cookie", parse->cookie ? parse->cookie->str : NULL);
  add_implied_header (parse, "Authorization", parse->authorization);
  if (runnel_request_get_body (parse->request) != NULL)
    add_implied_header (parse, "Content-Type",
                        parse->json ? "application/json" : "application/x-www-form-urlencoded");
  if (parse->json)
    add_implied_header (parse, "Accept", "application/json");

  runnel_request_set_accept_invalid_certificates (parse->request, parse->insecure);
  runnel_request_set_ca_file (parse->request, parse->cacert);
  runnel_request_set_timeout (parse->request, parse->timeout);

  return TRUE;
}

static gboolean
parse_words (Parse              *parse,
             const char * const *argv,
             GError            **error)
{
  gboolean options_done = FALSE;

  for (guint i = 0; argv[i] != NULL; i++)
    {
      const char *word = argv[i];

      if (options_done || word[0] != '-' || word[1] == '\0')
        {
          g_ptr_array_add (parse->urls, g_strdup (word));
        }
      else if (strcmp (word, "--") == 0)
        {
          options_done = TRUE;
        }
      else if (word[1] == '-')
        {
          const CurlOption *option = find_long (word + 2);
          gboolean negated = FALSE;

          /* --no-insecure and the like */
          if (option == NULL && g_str_has_prefix (word + 2, "no-"))
            {
              option = find_long (word + 5);
              negated = option != NULL && !option->has_arg;
              if (!negated)
                option = NULL;
            }

          if (option == NULL)
            {
              /* its argument, if it has one, cannot be told from a URL: stop here */
              g_ptr_array_add (parse->unsupported, g_strdup (word));
              return unsupported_error (parse, error);
            }

          if (option->has_arg && argv[i + 1] == NULL)
            return invalid (error, _("The option %s needs an argument"), word);

          if (!handle_option (parse, option, word, option->has_arg ? argv[++i] : NULL,
                              negated, error))
            return FALSE;
        }
      else
        {
          /* short options, possibly grouped (-sSk) or with an attached argument (-XPOST) */
          for (const char *p = word + 1; *p != '\0'; p++)
            {
              const CurlOption *option = find_short (*p);
              char spelled[3] = { '-', *p, '\0' };
              const char *arg = NULL;

              if (option == NULL)
                {
                  g_ptr_array_add (parse->unsupported, g_strdup (spelled));
                  return unsupported_error (parse, error);
                }

              if (option->has_arg)
                {
                  if (p[1] != '\0')
                    arg = p + 1;
                  else if (argv[i + 1] != NULL)
                    arg = argv[++i];
                  else
                    return invalid (error, _("The option %s needs an argument"), spelled);
                }

              if (!handle_option (parse, option, spelled, arg, FALSE, error))
                return FALSE;
              if (arg != NULL)
                break;
            }
        }
    }

  if (parse->unsupported->len > 0)
    return unsupported_error (parse, error);

  return finish_request (parse, error);
}

RunnelRequest *
runnel_curl_parse_argv (const char * const  *argv,
                        RunnelCurlFlags      flags,
                        char              ***ignored,
                        GError             **error)
{
  g_auto(Parse) parse = { 0 };

  g_return_val_if_fail (argv != NULL, NULL);

  parse.flags = flags;
  parse.request = runnel_request_new (NULL);
  parse.ignored = g_ptr_array_new_with_free_func (g_free);
  parse.unsupported = g_ptr_array_new_with_free_func (g_free);
  parse.urls = g_ptr_array_new_with_free_func (g_free);
  parse.removed = g_ptr_array_new_with_free_func (g_free);

  if (!parse_words (&parse, argv, error))
    return NULL;

  if (ignored != NULL)
    {
      g_ptr_array_add (parse.ignored, NULL);
      *ignored = (char **) g_ptr_array_free (g_steal_pointer (&parse.ignored), FALSE);
    }

  return g_steal_pointer (&parse.request);
}

RunnelRequest *
runnel_curl_parse (const char        *command,
                   gssize             length,
                   RunnelCurlFlags    flags,
                   char            ***ignored,
                   GError           **error)
{
  g_auto(GStrv) words = NULL;

  g_return_val_if_fail (command != NULL, NULL);

  words = runnel_curl_split (command, length, flags, error);
  if (words == NULL)
    return NULL;

  if (words[0] == NULL || !is_curl_word (words[0]))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_NOT_CURL,
                   _("This is not a curl command: it must start with “curl”"));
      return NULL;
    }

  return runnel_curl_parse_argv ((const char * const *) words + 1, flags, ignored, error);
}

/* Printing */

char *
runnel_curl_quote (const char *arg)
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

static void
add_option (GPtrArray  *parts,
            const char *option,
            const char *arg)
{
  g_autofree char *quoted = arg ? runnel_curl_quote (arg) : NULL;

  g_ptr_array_add (parts, quoted ? g_strconcat (option, " ", quoted, NULL) : g_strdup (option));
}

/* a printf format that writes @data exactly: % and \ doubled, NUL as \000 */
static char *
printf_format (const guint8 *data,
               gsize         len)
{
  GString *format = g_string_sized_new (len + 16);

  for (gsize i = 0; i < len; i++)
    {
      if (data[i] == '%')
        g_string_append (format, "%%");
      else if (data[i] == '\\')
        g_string_append (format, "\\\\");
      else if (data[i] == '\0')
        g_string_append (format, "\\000");
      else
        g_string_append_c (format, data[i]);
    }

  return g_string_free (format, FALSE);
}

char *
runnel_curl_from_request (RunnelRequest    *request,
                          RunnelCurlFormat  format)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *pipe_in = NULL;
  const char *method;
  const char *last_event_id;
  GBytes *body;
  gboolean has_content_type = FALSE;
  GString *out;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  method = runnel_request_get_method (request);
  body = runnel_request_get_body (request);

  if (strcmp (method, body != NULL ? "POST" : "GET") != 0)
    add_option (parts, "-X", method);

  g_ptr_array_add (parts, runnel_curl_quote (runnel_request_get_url (request)));

  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      const char *name = runnel_request_get_header_name (request, i);
      const char *value = runnel_request_get_header_value (request, i);
      g_autofree char *line = NULL;

      if (!runnel_request_get_header_enabled (request, i))
        continue;

      has_content_type |= g_ascii_strcasecmp (name, "Content-Type") == 0;
      line = value[0] ? g_strdup_printf ("%s: %s", name, value) : g_strdup_printf ("%s;", name);
      add_option (parts, "-H", line);
    }

  last_event_id = runnel_request_get_last_event_id (request);
  if (last_event_id[0] != '\0' && runnel_request_find_header (request, "Last-Event-ID") == NULL)
    {
      g_autofree char *line = g_strdup_printf ("Last-Event-ID: %s", last_event_id);

      add_option (parts, "-H", line);
    }

  if (body != NULL)
    {
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (body, &size);

      /* curl would send a form Content-Type that Runnel does not send */
      if (!has_content_type)
        add_option (parts, "-H", "Content-Type:");

      if (size > 0 && memchr (data, '\0', size) != NULL)
        {
          g_autofree char *printf_arg = printf_format (data, size);
          g_autofree char *quoted = g_shell_quote (printf_arg);

          pipe_in = g_strdup_printf ("printf -- %s | ", quoted);
          add_option (parts, "--data-binary", "@-");
        }
      else
        {
          g_autofree char *text = size > 0 ? g_strndup ((const char *) data, size) : g_strdup ("");

          add_option (parts, "--data-raw", text);
        }
    }

  if (runnel_request_get_accept_invalid_certificates (request))
    add_option (parts, "-k", NULL);
  if (runnel_request_get_ca_file (request) != NULL)
    add_option (parts, "--cacert", runnel_request_get_ca_file (request));
  if (runnel_request_get_timeout (request) > 0)
    {
      guint ms = runnel_request_get_timeout (request);
      g_autofree char *seconds = ms % 1000 ? g_strdup_printf ("%u.%03u", ms / 1000, ms % 1000)
                                           : g_strdup_printf ("%u", ms / 1000);

      add_option (parts, "-m", seconds);
    }
  add_option (parts, "-N", NULL);

  out = g_string_new (pipe_in);
  g_string_append (out, "curl");
  for (guint i = 0; i < parts->len; i++)
    {
      g_string_append (out, (format & RUNNEL_CURL_FORMAT_MULTI_LINE) ? " \\\n  " : " ");
      g_string_append (out, g_ptr_array_index (parts, i));
    }

  return g_string_free (out, FALSE);
}
