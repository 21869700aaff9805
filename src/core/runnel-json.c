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
