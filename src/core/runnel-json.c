/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json.c: a fast JSON string writer, and the depth check before any untrusted parse */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-json.h"

/* 0: copy as is; 1: escape; 2: 0xE2, the lead byte of U+2028 and U+2029 */
static const guint8 special[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  /* '"' */
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
  0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,  /* '\\' */
  [0xE2] = 2,
};

/* the input is written in blocks, each into room for its worst case: six bytes per byte */
#define BLOCK 4096

void
runnel_json_append_string (GString    *out,
                           const char *str,
                           gssize      len)
{
  static const char hex[] = "0123456789abcdef";
  const guint8 *p = (const guint8 *) str;
  const guint8 *end;

  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL || len == 0);

  if (len < 0)
    len = strlen (str);
  end = p + len;

  g_string_append_c (out, '"');

  while (p < end)
    {
      const guint8 *block_end = p + MIN (end - p, BLOCK);
      gsize start = out->len;
      char *q;

      g_string_set_size (out, start + 6 * (block_end - p));
      q = out->str + start;

      while (p < block_end)
        {
          guint8 c = *p;

          if (G_LIKELY (special[c] == 0))
            {
              *q++ = c;
              p++;
              continue;
            }

          if (special[c] == 2)
            {
              /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: E2 80 A8 / E2 80 A9 */
              if (end - p >= 3 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9))
                {
                  memcpy (q, p[2] == 0xA8 ? "\\u2028" : "\\u2029", 6);
                  q += 6;
                  p += 3;
                }
              else
                {
                  *q++ = c;
                  p++;
                }
              continue;
            }

          *q++ = '\\';
          switch (c)
            {
            case '"': *q++ = '"'; break;
            case '\\': *q++ = '\\'; break;
            case '\b': *q++ = 'b'; break;
            case '\f': *q++ = 'f'; break;
            case '\n': *q++ = 'n'; break;
            case '\r': *q++ = 'r'; break;
            case '\t': *q++ = 't'; break;
            default:
              memcpy (q, "u00", 3);
              q[3] = hex[c >> 4];
              q[4] = hex[c & 0xF];
              q += 5;
              break;
            }
          p++;
        }

      g_string_truncate (out, q - out->str);
    }

  g_string_append_c (out, '"');
}

/* Untrusted JSON */

G_DEFINE_QUARK (runnel-json-error-quark, runnel_json_error)

/* what json-glib's pretty printer adds at a bracket, comma or colon at most: a line break, the
 * indent of the next level (two spaces per level) and " : " */
#define LAYOUT_COST(depth) (2 * ((gsize) (depth) + 1) + 4)
/* a number json-glib reads as a double is written back with up to 17 digits and an exponent */
#define DOUBLE_COST 32

guint
runnel_json_measure (const char *data,
                     gssize      len,
                     guint       max_depth,
                     gsize      *pretty_size)
{
  const char *p = data;
  const char *end;
  gsize size;
  guint depth = 0;
  guint deepest = 0;

  g_return_val_if_fail (data != NULL || len == 0, 0);

  if (len < 0)
    len = strlen (data);
  end = data + len;
  size = len;

  while (p < end)
    {
      char c = *p++;

      switch (c)
        {
        case '"':
          /* skip the string: a backslash escapes the next byte; a raw control character is
           * written back as \u00XX */
          while (p < end && *p != '"')
            {
              if (*p == '\\')
                p++;
              else if ((guchar) *p < 0x20)
                size += 5;
              p++;
            }
          if (p < end)
            p++;
          break;

        case '[':
        case '{':
          size += LAYOUT_COST (depth);
          if (++depth > deepest)
            {
              deepest = depth;
              if (deepest > max_depth)
                goto out;
            }
          break;

        case ']':
        case '}':
          if (depth > 0)
            depth--;
          size += LAYOUT_COST (depth);
          break;

        case ',':
        case ':':
          size += LAYOUT_COST (depth);
          break;

        case '-':
        case '0' ... '9':
          {
            const char *start = p - 1;
            gboolean is_double = FALSE;

            while (p < end && (g_ascii_isalnum (*p) || *p == '.' || *p == '+' || *p == '-'))
              {
                if (*p == '.' || *p == 'e' || *p == 'E')
                  is_double = TRUE;
                p++;
              }
            /* past 18 digits json-glib may fall back to a double too */
            if (is_double || p - start > 18)
              size += DOUBLE_COST;
          }
          break;

        default:
          break;
        }
    }

out:
  if (pretty_size != NULL)
    *pretty_size = size;

  return deepest;
}

static gboolean
too_deep (GError **error)
{
  g_set_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP,
               _("The JSON nests objects and arrays more than %u levels deep, "
                 "which Runnel does not read"),
               RUNNEL_JSON_MAX_DEPTH);
  return FALSE;
}

gboolean
runnel_json_check_depth (const char  *data,
                         gssize       len,
                         GError     **error)
{
  if (runnel_json_measure (data, len, RUNNEL_JSON_MAX_DEPTH, NULL) > RUNNEL_JSON_MAX_DEPTH)
    return too_deep (error);

  return TRUE;
}

gboolean
runnel_json_parser_load (JsonParser  *parser,
                         const char  *data,
                         gssize       len,
                         GError     **error)
{
  g_return_val_if_fail (JSON_IS_PARSER (parser), FALSE);

  if (len < 0)
    len = strlen (data);

  if (!runnel_json_check_depth (data, len, error))
    return FALSE;

  return json_parser_load_from_data (parser, data, len, error);
}

JsonNode *
runnel_json_from_string (const char  *data,
                         gssize       len,
                         GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root;

  if (!runnel_json_parser_load (parser, data, len, error))
    return NULL;

  root = json_parser_get_root (parser);
  if (root == NULL)
    {
      g_set_error_literal (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE,
                           _("The JSON is empty"));
      return NULL;
    }

  return json_node_ref (root);
}

char *
runnel_json_to_pretty_string (const char  *data,
                              gssize       len,
                              GError     **error)
{
  g_autoptr(JsonNode) root = NULL;
  gsize pretty_size = 0;

  if (len < 0)
    len = strlen (data);

  if (runnel_json_measure (data, len, RUNNEL_JSON_MAX_DEPTH, &pretty_size) > RUNNEL_JSON_MAX_DEPTH)
    {
      too_deep (error);
      return NULL;
    }

  if (pretty_size > RUNNEL_JSON_MAX_PRETTY_SIZE)
    {
      g_autofree char *limit = g_format_size (RUNNEL_JSON_MAX_PRETTY_SIZE);

      g_set_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_LARGE,
                   _("The JSON would take more than %s with indents, so it is shown as it came"),
                   limit);
      return NULL;
    }

  root = runnel_json_from_string (data, len, error);
  if (root == NULL)
    return NULL;

  return json_to_string (root, TRUE);
}
