/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectation-words.c: writing the words of the expectation language, as it reads them */

#include "config.h"

#include <math.h>
#include <string.h>

#include "runnel-expectation.h"

/* a word as the language reads it back: "quoted" when empty or with spaces or quotes */
char *
runnel_expectation_quote_word (const char *text)
{
  GString *out;

  if (text[0] != '\0' && text[0] != '"' && text[0] != '\'' && strpbrk (text, " \t\n\r\f\v") == NULL)
    return g_strdup (text);

  out = g_string_new ("\"");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"' || *p == '\\')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');

  return g_string_free (out, FALSE);
}

/* a regular expression between slashes; one written with its slashes (and i) stays as it is */
char *
runnel_expectation_regex_word (const char *text)
{
  gsize n = strlen (text);
  GString *out;

  if (text[0] == '/' && ((n >= 2 && text[n - 1] == '/') ||
                         (n >= 3 && text[n - 2] == '/' && text[n - 1] == 'i')))
    return g_strdup (text);

  out = g_string_new ("/");
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\\' && p[1] != '\0')
        g_string_append_c (out, *p++);
      else if (*p == '/')
        g_string_append_c (out, '\\');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '/');

  return g_string_free (out, FALSE);
}

/* the field's text for a regular expression the parser read: without its slashes, unless i */
char *
runnel_expectation_regex_pattern (const char *word)
{
  gsize n = strlen (word);
  GString *out;

  if (n < 2 || word[0] != '/' || word[n - 1] != '/')
    return g_strdup (word);

  out = g_string_new (NULL);
  for (gsize i = 1; i + 1 < n; i++)
    {
      if (word[i] == '\\' && word[i + 1] == '/' && i + 2 < n)
        i++;
      g_string_append_c (out, word[i]);
    }

  return g_string_free (out, FALSE);
}

/* seconds as a TIME of the language: 2s, 1.5s, 0.25s */
char *
runnel_expectation_format_seconds (double value)
{
  gint64 ms = llround (value * 1000);
  g_autofree char *fraction = NULL;
  gsize n;

  if (ms % 1000 == 0)
    return g_strdup_printf ("%" G_GINT64_FORMAT "s", ms / 1000);

  fraction = g_strdup_printf ("%03" G_GINT64_FORMAT, ms % 1000);
  for (n = strlen (fraction); n > 0 && fraction[n - 1] == '0'; n--)
    fraction[n - 1] = '\0';

  return g_strdup_printf ("%" G_GINT64_FORMAT ".%ss", ms / 1000, fraction);
}
