/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json.c: a fast JSON string writer: copies runs of plain bytes, escapes the rest */

#include "config.h"

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

void
runnel_json_append_string (GString    *out,
                           const char *str,
                           gssize      len)
{
  static const char hex[] = "0123456789abcdef";
  const guint8 *p = (const guint8 *) str;
  const guint8 *end;
  const guint8 *run;

  g_return_if_fail (out != NULL);
  g_return_if_fail (str != NULL || len == 0);

  if (len < 0)
    len = strlen (str);
  end = p + len;

  g_string_append_c (out, '"');

  for (run = p; p < end; p++)
    {
      char escape[6] = { '\\', 'u', '0', '0', 0, 0 };
      gsize escape_len = 2;

      if (G_LIKELY (special[*p] == 0))
        continue;

      if (special[*p] == 2)
        {
          /* U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR: E2 80 A8 / E2 80 A9 */
          if (end - p < 3 || p[1] != 0x80 || (p[2] != 0xA8 && p[2] != 0xA9))
            continue;
          g_string_append_len (out, (const char *) run, p - run);
          g_string_append (out, p[2] == 0xA8 ? "\\u2028" : "\\u2029");
          p += 2;
          run = p + 1;
          continue;
        }

      switch (*p)
        {
        case '"': escape[1] = '"'; break;
        case '\\': escape[1] = '\\'; break;
        case '\b': escape[1] = 'b'; break;
        case '\f': escape[1] = 'f'; break;
        case '\n': escape[1] = 'n'; break;
        case '\r': escape[1] = 'r'; break;
        case '\t': escape[1] = 't'; break;
        default:
          escape[4] = hex[*p >> 4];
          escape[5] = hex[*p & 0xF];
          escape_len = 6;
          break;
        }

      g_string_append_len (out, (const char *) run, p - run);
      g_string_append_len (out, escape, escape_len);
      run = p + 1;
    }

  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}
