/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-utf8.c: repairing invalid UTF-8 as the WHATWG Encoding standard's decoder does */

#include "config.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "runnel-utf8.h"

/* the first byte >= 0x80 in [p, end), or end */
static inline const guint8 *
skip_ascii (const guint8 *p,
            const guint8 *end)
{
#if defined(__SSE2__)
  while (end - p >= 16)
    {
      guint high = _mm_movemask_epi8 (_mm_loadu_si128 ((const __m128i *) p));

      if (high != 0)
        return p + __builtin_ctz (high);
      p += 16;
    }
#endif

  while (p < end && *p < 0x80)
    p++;

  return p;
}

/*
 * For a byte @c >= 0x80: the length of the sequence it starts (2 to 4), or 0 when no sequence
 * starts with it; *lower and *upper get the range of the second byte (the third and fourth are
 * 80..BF).
 */
static inline guint
sequence_length (guint8  c,
                 guint8 *lower,
                 guint8 *upper)
{
  *lower = 0x80;
  *upper = 0xBF;

  if (c >= 0xC2 && c <= 0xDF)
    return 2;

  if (c >= 0xE0 && c <= 0xEF)
    {
      if (c == 0xE0)
        *lower = 0xA0;
      else if (c == 0xED)
        *upper = 0x9F;
      return 3;
    }

  if (c >= 0xF0 && c <= 0xF4)
    {
      if (c == 0xF0)
        *lower = 0x90;
      else if (c == 0xF4)
        *upper = 0x8F;
      return 4;
    }

  return 0;
}

/* whether [p, end) is well-formed UTF-8 (NUL allowed): what the decoder leaves unchanged */
gboolean
runnel_utf8_is_valid (const guint8 *p,
                      const guint8 *end)
{
  while ((p = skip_ascii (p, end)) < end)
    {
      guint8 lower, upper;
      gsize n = sequence_length (*p, &lower, &upper);

      if (n == 0 || (gsize) (end - p) < n || p[1] < lower || p[1] > upper)
        return FALSE;
      for (gsize i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
          return FALSE;
      p += n;
    }

  return TRUE;
}

static const guint8 replacement[] = { 0xEF, 0xBF, 0xBD };  /* U+FFFD */

static inline gsize
put (guint8       *out,
     gsize         n,
     const guint8 *bytes,
     gsize         len)
{
  if (out != NULL)
    memcpy (out + n, bytes, len);

  return n + len;
}

gsize
runnel_utf8_repair (const guint8 *p,
                    gsize         len,
                    guint8       *out)
{
  const guint8 *end = p + len;
  gsize n = 0;

  g_return_val_if_fail (p != NULL || len == 0, 0);

  while (p < end)
    {
      const guint8 *start = p;
      guint8 lower, upper;
      guint needed;

      p = skip_ascii (p, end);
      n = put (out, n, start, p - start);
      if (p == end)
        break;

      start = p;
      needed = sequence_length (*p++, &lower, &upper);
      for (; needed > 1; needed--)
        {
          /* a byte out of range ends the subpart and is read again */
          if (p == end || *p < lower || *p > upper)
            break;
          p++;
          lower = 0x80;
          upper = 0xBF;
        }

      if (needed == 1)
        n = put (out, n, start, p - start);
      else
        n = put (out, n, replacement, sizeof replacement);
    }

  return n;
}

char *
runnel_utf8_repair_dup (const guint8 *p,
                        gsize         len,
                        gsize        *out_len)
{
  gsize n = runnel_utf8_repair (p, len, NULL);
  char *out = g_malloc (n + 1);

  runnel_utf8_repair (p, len, (guint8 *) out);
  out[n] = '\0';
  if (out_len != NULL)
    *out_len = n;

  return out;
}
