/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-body-text.c: the useful words of a refused response's body, for one line of status */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-body-text.h"

/* collapses runs of white space into one space, without a space at either end */
static char *
collapse_space (const char *text)
{
  GString *out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (g_ascii_isspace (*p))
        {
          space = out->len > 0;
          continue;
        }
      if (space)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_c (out, *p);
    }

  return g_string_free (out, FALSE);
}

/* an entity at @p (just past its '&'), appended to @out; returns where it ends, or NULL */
static const char *
append_entity (GString    *out,
               const char *p,
               const char *end)
{
  static const struct
  {
    const char *name;
    const char *text;
  } names[] = {
    { "amp;", "&" }, { "lt;", "<" }, { "gt;", ">" }, { "quot;", "\"" }, { "apos;", "'" },
    { "nbsp;", " " },
  };
  const char *semicolon = memchr (p, ';', MIN (end - p, 12));
  guint64 code;

  if (semicolon == NULL)
    return NULL;

  if (*p == '#')
    {
      g_autofree char *digits = g_strndup (p + 1, semicolon - p - 1);
      gboolean hex = digits[0] == 'x' || digits[0] == 'X';

      if (!g_ascii_string_to_unsigned (digits + hex, hex ? 16 : 10, 1, 0x10FFFF, &code, NULL) ||
          !g_unichar_validate ((gunichar) code))
        return NULL;
      g_string_append_unichar (out, (gunichar) code);
      return semicolon + 1;
    }

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    if ((gsize) (end - p) >= strlen (names[i].name) &&
        g_ascii_strncasecmp (p, names[i].name, strlen (names[i].name)) == 0)
      {
        g_string_append (out, names[i].text);
        return p + strlen (names[i].name);
      }

  return NULL;
}

/* where the tag that starts at @p ('<') ends, past its '>', quoted '>' included */
static const char *
tag_end (const char *p,
         const char *end)
{
  char quote = '\0';

  for (p++; p < end; p++)
    {
      if (quote != '\0')
        quote = *p == quote ? '\0' : quote;
      else if (*p == '"' || *p == '\'')
        quote = *p;
      else if (*p == '>')
        return p + 1;
    }

  return end;
}

/* where "</@name" begins from @p on, or @end */
static const char *
find_close (const char *p,
            const char *end,
            const char *name)
{
  gsize len = strlen (name);

  for (; p < end; p++)
    if (*p == '<' && p + 2 + len <= end && p[1] == '/' &&
        g_ascii_strncasecmp (p + 2, name, len) == 0)
      return p;

  return end;
}

/* the text of an HTML page, tags, comments, scripts and styles left out; its title in @title
 * (when not NULL) */
static char *
html_text (const char  *p,
           const char  *end,
           char       **title)
{
  static const char * const hidden[] = { "script", "style", "title" };
  GString *text = g_string_new (NULL);

  while (p < end)
    {
      if (*p == '&')
        {
          const char *after = append_entity (text, p + 1, end);

          if (after == NULL)
            g_string_append_c (text, *p++);
          else
            p = after;
        }
      else if (*p != '<')
        {
          g_string_append_c (text, *p++);
        }
      else if (end - p >= 4 && strncmp (p, "<!--", 4) == 0)
        {
          const char *close = g_strstr_len (p + 4, end - p - 4, "-->");

          p = close != NULL ? close + 3 : end;
        }
      else
        {
          const char *after = tag_end (p, end);

          /* a tag separates words, as most of them do on the page */
          g_string_append_c (text, ' ');
          for (guint i = 0; i < G_N_ELEMENTS (hidden); i++)
            {
              gsize len = strlen (hidden[i]);
              const char *close;

              if (p + 1 + len >= end || g_ascii_strncasecmp (p + 1, hidden[i], len) != 0 ||
                  g_ascii_isalnum (p[1 + len]))
                continue;

              close = find_close (after, end, hidden[i]);
              if (i == 2 && title != NULL && *title == NULL)
                *title = html_text (after, close, NULL);
              after = close < end ? tag_end (close, end) : end;
              break;
            }
          p = after;
        }
    }

  return g_string_free (text, FALSE);
}

static gboolean
looks_like_html (const char *content_type,
                 const char *text)
{
  while (g_ascii_isspace (*text))
    text++;

  return (content_type != NULL && strstr (content_type, "html") != NULL) ||
         g_ascii_strncasecmp (text, "<!doctype html", 14) == 0 ||
         g_ascii_strncasecmp (text, "<html", 5) == 0;
}

/* the compact form of a JSON body, or NULL when it is not JSON */
static char *
compact_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  while (g_ascii_isspace (*text))
    text++;
  if (*text != '{' && *text != '[')
    return NULL;

  if (!json_parser_load_from_data (parser, text, -1, NULL))
    return NULL;

  root = json_parser_get_root (parser);
  return root != NULL ? json_to_string (root, FALSE) : NULL;
}

char *
runnel_body_text_summary (const char   *content_type,
                          const guint8 *body,
                          gsize         body_len,
                          guint         max_chars)
{
  g_autofree char *text = NULL;
  g_autofree char *words = NULL;
  const char *valid_end;

  if (body == NULL || body_len == 0)
    return NULL;

  /* text only; a body cut in the middle of a character keeps what came before it */
  if (!g_utf8_validate_len ((const char *) body, body_len, &valid_end) &&
      (const guint8 *) valid_end + 3 < body + body_len)
    return NULL;
  text = g_strndup ((const char *) body, valid_end - (const char *) body);

  if (looks_like_html (content_type, text))
    {
      g_autofree char *title = NULL;
      g_autofree char *page = html_text (text, text + strlen (text), &title);

      words = collapse_space (page);
      if (*words == '\0' && title != NULL)
        {
          g_free (words);
          words = collapse_space (title);
        }
    }
  else
    {
      g_autofree char *json = compact_json (text);

      words = collapse_space (json != NULL ? json : text);
    }

  if (*words == '\0')
    return NULL;

  if (g_utf8_strlen (words, -1) > max_chars)
    {
      char *cut = g_utf8_offset_to_pointer (words, max_chars);

      while (cut > words && *(cut - 1) == ' ')
        cut--;
      *cut = '\0';
      return g_strconcat (words, "…", NULL);
    }

  return g_steal_pointer (&words);
}
