/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-utf8.c: validating and repairing UTF-8 as the WHATWG Encoding standard's decoder does */

#include "config.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#if (defined(__x86_64__) || defined(__i386__)) && defined(__GNUC__)
#include <immintrin.h>
#define HAVE_AVX2_PATH 1
#define TARGET_AVX2 __attribute__ ((target ("avx2")))
#endif

#include "runnel-utf8.h"

/*
 * How it works
 *
 * Valid text, the usual case, is checked a block at a time with SIMD and copied whole. Each
 * byte is checked against the three before it (in this block or the last one), so a block's
 * verdict needs nothing but the previous block's last three bytes. Only where a block fails
 * does the byte-at-a-time decoder below run, from the last character boundary before the error
 * to a boundary past it, and then the block checks go on: the WHATWG decoder holds no state
 * between two maximal subparts, so a run decoded alone gives what decoding it in place would.
 */

typedef guint64 (*CheckBlockFunc) (RunnelUtf8Checker *checker,
                                   const guint8      *block);

static CheckBlockFunc check_block;
static RunnelUtf8Path current_path;

/* Scalar */

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

/* the end of the longest prefix of [p, end) made of whole, valid characters */
static const guint8 *
valid_prefix_scalar (const guint8 *p,
                     const guint8 *end)
{
  while ((p = skip_ascii (p, end)) < end)
    {
      guint8 lower, upper;
      gsize n = sequence_length (*p, &lower, &upper);

      if (n == 0 || (gsize) (end - p) < n || p[1] < lower || p[1] > upper)
        return p;
      for (gsize i = 2; i < n; i++)
        if ((p[i] & 0xC0) != 0x80)
          return p;
      p += n;
    }

  return end;
}

/* the scalar path's block check: no verdict, every line with a byte >= 0x80 is checked alone */
static guint64
check_block_scalar (RunnelUtf8Checker *checker,
                    const guint8      *block)
{
  checker->last = 0;
  checker->pending = 0;

  return ~G_GUINT64_CONSTANT (0);
}

/* Blocks */

/* block[61..63], the latest in bits 16..23 */
static inline guint32
block_last (const guint8 *block)
{
  return block[61] | (guint32) block[62] << 8 | (guint32) block[63] << 16;
}

/* whether the three bytes of @last end inside a sequence: a lead without all its bytes */
static inline guint32
ends_inside (guint32 last)
{
  return (last >> 16 & 0xFF) >= 0xC0 || (last >> 8 & 0xFF) >= 0xE0 || (last & 0xFF) >= 0xF0;
}

#if defined(__SSE2__)
/*
 * SSE2 has no byte shuffle, so this path tests the rules by comparisons, 16 bytes at a time.
 * @prev holds the 16 bytes before @in. Returns 0xFF at each byte where an error shows.
 */
static inline __m128i
sse2_check16 (__m128i in,
              __m128i prev)
{
  const __m128i zero = _mm_setzero_si128 ();
  __m128i prev1 = _mm_or_si128 (_mm_slli_si128 (in, 1), _mm_srli_si128 (prev, 15));
  __m128i prev2 = _mm_or_si128 (_mm_slli_si128 (in, 2), _mm_srli_si128 (prev, 14));
  __m128i prev3 = _mm_or_si128 (_mm_slli_si128 (in, 3), _mm_srli_si128 (prev, 13));
  /* as signed bytes a continuation (80..BF) is below -64 */
  __m128i cont = _mm_cmplt_epi8 (in, _mm_set1_epi8 ((char) 0xC0));
  /* a continuation must follow a lead: the second byte after C0.., the third after E0..,
   * the fourth after F0.. (whether the lead itself is valid is tested apart) */
  __m128i needed = _mm_or_si128 (_mm_or_si128 (_mm_subs_epu8 (prev1, _mm_set1_epi8 ((char) 0xBF)),
                                               _mm_subs_epu8 (prev2, _mm_set1_epi8 ((char) 0xDF))),
                                 _mm_subs_epu8 (prev3, _mm_set1_epi8 ((char) 0xEF)));
  __m128i error = _mm_cmpeq_epi8 (cont, _mm_cmpeq_epi8 (needed, zero));
  /* leads that start nothing valid: C0, C1 (overlong), F5..FF (past U+10FFFF) */
  __m128i c0_c1 = _mm_cmpeq_epi8 (_mm_and_si128 (in, _mm_set1_epi8 ((char) 0xFE)),
                                  _mm_set1_epi8 ((char) 0xC0));
  __m128i f5_ff = _mm_cmpeq_epi8 (_mm_max_epu8 (in, _mm_set1_epi8 ((char) 0xF5)), in);
  /* the second byte's narrower ranges (signed: 0x90 is -112, 0x9F -97, 0xA0 -96) */
  __m128i e0 = _mm_and_si128 (_mm_cmpeq_epi8 (prev1, _mm_set1_epi8 ((char) 0xE0)),
                              _mm_cmplt_epi8 (in, _mm_set1_epi8 ((char) 0xA0)));
  __m128i ed = _mm_and_si128 (_mm_cmpeq_epi8 (prev1, _mm_set1_epi8 ((char) 0xED)),
                              _mm_cmpgt_epi8 (in, _mm_set1_epi8 ((char) 0x9F)));
  __m128i f0 = _mm_and_si128 (_mm_cmpeq_epi8 (prev1, _mm_set1_epi8 ((char) 0xF0)),
                              _mm_cmplt_epi8 (in, _mm_set1_epi8 ((char) 0x90)));
  __m128i f4 = _mm_and_si128 (_mm_cmpeq_epi8 (prev1, _mm_set1_epi8 ((char) 0xF4)),
                              _mm_cmpgt_epi8 (in, _mm_set1_epi8 ((char) 0x8F)));

  error = _mm_or_si128 (error, _mm_or_si128 (c0_c1, f5_ff));
  return _mm_or_si128 (error, _mm_or_si128 (_mm_or_si128 (e0, ed), _mm_or_si128 (f0, f4)));
}

static guint64
check_block_sse2 (RunnelUtf8Checker *checker,
                  const guint8      *block)
{
  __m128i in[4];
  __m128i prev;
  guint64 errors = 0;

  for (guint i = 0; i < 4; i++)
    in[i] = _mm_loadu_si128 ((const __m128i *) (block + 16 * i));
  if (_mm_movemask_epi8 (_mm_or_si128 (_mm_or_si128 (in[0], in[1]),
                                       _mm_or_si128 (in[2], in[3]))) == 0)
    return runnel_utf8_checker_ascii (checker);

  prev = _mm_slli_si128 (_mm_cvtsi32_si128 ((int) checker->last), 13);
  for (guint i = 0; i < 4; i++)
    {
      errors |= (guint64) (guint) _mm_movemask_epi8 (sse2_check16 (in[i], prev)) << (16 * i);
      prev = in[i];
    }

  checker->last = block_last (block);
  checker->pending = ends_inside (checker->last);

  return errors;
}
#endif

#if defined(HAVE_AVX2_PATH)
/*
 * The lookup-table check (Keiser and Lemire): each error a pair of bytes can make is a bit; one
 * table by the first byte's high nibble, one by its low nibble and one by the second byte's high
 * nibble give the errors each allows, and a bit set in all three is an error. What a pair cannot
 * see (a third or fourth byte missing or extra) is the one rule left: after E0.. two bytes back
 * or F0.. three back, the byte must be a continuation (bit 7 of the result).
 */
#define TOO_SHORT    0x01  /* a lead, then no continuation */
#define TOO_LONG     0x02  /* ASCII, then a continuation */
#define OVERLONG_3   0x04  /* E0 80..9F */
#define TOO_LARGE    0x08  /* F4 90..BF, F5..FF 90..BF */
#define SURROGATE    0x10  /* ED A0..BF */
#define OVERLONG_2   0x20  /* C0 or C1, then a continuation */
#define OVERLONG_4   0x40  /* F0 80..8F; the same bit for F5..FF 80..8F (too large) */
#define TWO_CONTS    0x80  /* a continuation, then another: an error unless one was due */
#define ANY_LOW      (TOO_SHORT | TOO_LONG | TWO_CONTS)

#define TABLE(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) \
  _mm256_setr_epi8 (a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, \
                    a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)

TARGET_AVX2 static inline __m256i
avx2_check32 (__m256i in,
              __m256i prev)
{
  const __m256i first_high = TABLE (
    /* 0..7: ASCII */
    TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG, TOO_LONG,
    /* 8..B: continuations */
    TWO_CONTS, TWO_CONTS, TWO_CONTS, TWO_CONTS,
    /* C, D: two-byte leads; E: three; F: four */
    TOO_SHORT | OVERLONG_2, TOO_SHORT,
    TOO_SHORT | OVERLONG_3 | SURROGATE,
    TOO_SHORT | TOO_LARGE | OVERLONG_4);
  const __m256i first_low = TABLE (
    ANY_LOW | OVERLONG_2 | OVERLONG_3 | OVERLONG_4,   /* C0 E0 F0 */
    ANY_LOW | OVERLONG_2,                             /* C1 */
    ANY_LOW, ANY_LOW,
    ANY_LOW | TOO_LARGE,                              /* F4 */
    ANY_LOW | TOO_LARGE | OVERLONG_4, ANY_LOW | TOO_LARGE | OVERLONG_4,     /* F5 F6 */
    ANY_LOW | TOO_LARGE | OVERLONG_4, ANY_LOW | TOO_LARGE | OVERLONG_4,
    ANY_LOW | TOO_LARGE | OVERLONG_4, ANY_LOW | TOO_LARGE | OVERLONG_4,
    ANY_LOW | TOO_LARGE | OVERLONG_4, ANY_LOW | TOO_LARGE | OVERLONG_4,
    ANY_LOW | TOO_LARGE | OVERLONG_4 | SURROGATE,                          /* ED FD */
    ANY_LOW | TOO_LARGE | OVERLONG_4, ANY_LOW | TOO_LARGE | OVERLONG_4);
  const __m256i second_high = TABLE (
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT,
    TOO_LONG | TWO_CONTS | OVERLONG_2 | OVERLONG_3 | OVERLONG_4,   /* 80..8F */
    TOO_LONG | TWO_CONTS | OVERLONG_2 | OVERLONG_3 | TOO_LARGE,    /* 90..9F */
    TOO_LONG | TWO_CONTS | OVERLONG_2 | SURROGATE | TOO_LARGE,     /* A0..AF */
    TOO_LONG | TWO_CONTS | OVERLONG_2 | SURROGATE | TOO_LARGE,     /* B0..BF */
    TOO_SHORT, TOO_SHORT, TOO_SHORT, TOO_SHORT);
  const __m256i nibble = _mm256_set1_epi8 (0x0F);
  /* the bytes one, two and three places back, across the two lanes and from @prev */
  __m256i joined = _mm256_permute2x128_si256 (prev, in, 0x21);
  __m256i prev1 = _mm256_alignr_epi8 (in, joined, 15);
  __m256i prev2 = _mm256_alignr_epi8 (in, joined, 14);
  __m256i prev3 = _mm256_alignr_epi8 (in, joined, 13);
  __m256i pairs, due;

  pairs = _mm256_and_si256 (
    _mm256_shuffle_epi8 (first_high, _mm256_and_si256 (_mm256_srli_epi16 (prev1, 4), nibble)),
    _mm256_shuffle_epi8 (first_low, _mm256_and_si256 (prev1, nibble)));
  pairs = _mm256_and_si256 (pairs,
    _mm256_shuffle_epi8 (second_high, _mm256_and_si256 (_mm256_srli_epi16 (in, 4), nibble)));

  /* bit 7: a continuation is due, as the third byte after E0.. or a later one after F0.. */
  due = _mm256_or_si256 (_mm256_subs_epu8 (prev2, _mm256_set1_epi8 ((char) (0xE0 - 0x80))),
                         _mm256_subs_epu8 (prev3, _mm256_set1_epi8 ((char) (0xF0 - 0x80))));
  due = _mm256_and_si256 (due, _mm256_set1_epi8 ((char) 0x80));

  return _mm256_xor_si256 (pairs, due);
}

TARGET_AVX2 static guint64
check_block_avx2 (RunnelUtf8Checker *checker,
                  const guint8      *block)
{
  const __m256i zero = _mm256_setzero_si256 ();
  __m256i in0 = _mm256_loadu_si256 ((const __m256i *) block);
  __m256i in1 = _mm256_loadu_si256 ((const __m256i *) (block + 32));
  __m256i prev;
  guint32 ok0, ok1;

  if (_mm256_movemask_epi8 (_mm256_or_si256 (in0, in1)) == 0)
    return runnel_utf8_checker_ascii (checker);

  prev = _mm256_set_epi32 ((int) (checker->last << 8), 0, 0, 0, 0, 0, 0, 0);
  ok0 = _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (avx2_check32 (in0, prev), zero));
  ok1 = _mm256_movemask_epi8 (_mm256_cmpeq_epi8 (avx2_check32 (in1, in0), zero));

  checker->last = block_last (block);
  checker->pending = ends_inside (checker->last);

  return ~((guint64) ok0 | (guint64) ok1 << 32);
}
#endif

/* The path */

static gboolean
path_supported (RunnelUtf8Path path)
{
  switch (path)
    {
    case RUNNEL_UTF8_PATH_SCALAR:
      return TRUE;

    case RUNNEL_UTF8_PATH_SSE2:
#if defined(__SSE2__)
      return TRUE;
#else
      return FALSE;
#endif

    case RUNNEL_UTF8_PATH_AVX2:
#if defined(HAVE_AVX2_PATH)
      return __builtin_cpu_supports ("avx2");
#else
      return FALSE;
#endif

    default:
      return FALSE;
    }
}

static void
use_path (RunnelUtf8Path path)
{
  current_path = path;

  switch (path)
    {
#if defined(HAVE_AVX2_PATH)
    case RUNNEL_UTF8_PATH_AVX2:
      check_block = check_block_avx2;
      break;
#endif

#if defined(__SSE2__)
    case RUNNEL_UTF8_PATH_SSE2:
      check_block = check_block_sse2;
      break;
#endif

    case RUNNEL_UTF8_PATH_SCALAR:
    default:
      current_path = RUNNEL_UTF8_PATH_SCALAR;
      check_block = check_block_scalar;
      break;
    }
}

static void
choose_path (void)
{
  static gsize chosen = 0;

  if (g_once_init_enter (&chosen))
    {
      RunnelUtf8Path best = RUNNEL_UTF8_PATH_SCALAR;
      const char *forced = g_getenv ("RUNNEL_UTF8_PATH");

      for (RunnelUtf8Path path = RUNNEL_UTF8_PATH_SSE2; path <= RUNNEL_UTF8_PATH_AVX2; path++)
        if (path_supported (path))
          best = path;

      if (forced != NULL && *forced != '\0')
        {
          RunnelUtf8Path path;

          for (path = RUNNEL_UTF8_PATH_SCALAR; path <= RUNNEL_UTF8_PATH_AVX2; path++)
            if (g_strcmp0 (forced, runnel_utf8_path_to_string (path)) == 0)
              break;

          if (path <= RUNNEL_UTF8_PATH_AVX2 && path_supported (path))
            best = path;
          else
            g_message ("RUNNEL_UTF8_PATH=%s: not available here (scalar, sse2 or avx2); using %s",
                       forced, runnel_utf8_path_to_string (best));
        }

      use_path (best);
      g_once_init_leave (&chosen, 1);
    }
}

RunnelUtf8Path
runnel_utf8_get_path (void)
{
  choose_path ();

  return current_path;
}

/**
 * runnel_utf8_set_path:
 *
 * Forces one validation path, for tests and benchmarks; call it before any parsing starts.
 */
gboolean
runnel_utf8_set_path (RunnelUtf8Path path)
{
  choose_path ();

  if (!path_supported (path))
    return FALSE;

  use_path (path);

  return TRUE;
}

const char *
runnel_utf8_path_to_string (RunnelUtf8Path path)
{
  static const char * const names[] = { "scalar", "sse2", "avx2" };

  g_return_val_if_fail (path <= RUNNEL_UTF8_PATH_AVX2, NULL);

  return names[path];
}

guint64
runnel_utf8_checker_block (RunnelUtf8Checker *checker,
                           const guint8      *block)
{
  if (G_UNLIKELY (check_block == NULL))
    choose_path ();

  return check_block (checker, block);
}

/* Validation */

/*
 * The end of the longest prefix of [p, end) made of whole, valid characters, by blocks: up to a
 * character boundary three bytes or more before the first error, where every check still passed
 * (so the character before it is whole).
 */
static const guint8 *
valid_prefix_blocks (const guint8 *p,
                     const guint8 *end)
{
  RunnelUtf8Checker checker = { 0, 0 };
  const guint8 *start = p;
  const guint8 *error_at;
  guint64 errors;

  for (;;)
    {
      if (end - p >= 64)
        errors = check_block (&checker, p);
      else
        {
          guint8 tail[64] = { 0 };

          /* the zeros after the end show a sequence cut short as an error */
          memcpy (tail, p, end - p);
          errors = check_block (&checker, tail);
          if (errors == 0)
            return end;
        }

      if (errors != 0)
        break;

      p += 64;
    }

  error_at = MIN (p + __builtin_ctzll (errors), end);
  p = error_at - start >= 3 ? error_at - 3 : start;
  while (p > start && (*p & 0xC0) == 0x80)
    p--;

  return p;
}

static const guint8 *
valid_prefix (const guint8 *p,
              const guint8 *end)
{
  if (G_UNLIKELY (check_block == NULL))
    choose_path ();

  p = skip_ascii (p, end);
  if (p == end)
    return end;

  /* a block check needs a padded copy of what is shorter than a block: not worth it */
  if (current_path == RUNNEL_UTF8_PATH_SCALAR || end - p < 64)
    return valid_prefix_scalar (p, end);

  return valid_prefix_blocks (p, end);
}

/* whether [p, end) is well-formed UTF-8 (NUL allowed): what the decoder leaves unchanged */
gboolean
runnel_utf8_is_valid (const guint8 *p,
                      const guint8 *end)
{
  return valid_prefix (p, end) == end;
}

/* Repair */

static const guint8 replacement[] = { 0xEF, 0xBF, 0xBD };  /* U+FFFD */

static inline gsize
put (guint8       *out,
     gsize         n,
     const guint8 *bytes,
     gsize         len)
{
  if (out != NULL && len > 0)
    memcpy (out + n, bytes, len);

  return n + len;
}

/*
 * The decoder itself, one maximal subpart at a time from @p, until it reaches @stop or more;
 * returns where it stopped, always between two subparts.
 */
static const guint8 *
repair_slowly (const guint8 *p,
               const guint8 *end,
               const guint8 *stop,
               guint8       *out,
               gsize        *n)
{
  while (p < stop)
    {
      const guint8 *start = p;
      guint8 lower, upper;
      guint needed;

      p = skip_ascii (p, stop);
      *n = put (out, *n, start, p - start);
      if (p == stop)
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
        *n = put (out, *n, start, p - start);
      else
        *n = put (out, *n, replacement, sizeof replacement);
    }

  return p;
}

#define REPAIR_BY_BLOCKS_FROM 256

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
      const guint8 *valid_end;

      /* a short text (a typical value) costs less in the decoder alone than in block checks */
      if (end - p < REPAIR_BY_BLOCKS_FROM)
        {
          repair_slowly (p, end, end, out, &n);
          break;
        }

      valid_end = valid_prefix (p, end);
      n = put (out, n, p, valid_end - p);
      if (valid_end == end)
        break;

      /* past the error and the rest of its block, then the fast way again */
      p = repair_slowly (valid_end, end, valid_end + MIN (64, (gsize) (end - valid_end)),
                         out, &n);
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

/* what a terminal or a label would act on instead of showing: C0, DEL, C1, line and bidi controls */
static gboolean
is_control (gunichar c)
{
  return c < 0x20 || (c >= 0x7F && c <= 0x9F) || c == 0x2028 || c == 0x2029 ||
         (c >= 0x200E && c <= 0x200F) || (c >= 0x202A && c <= 0x202E) ||
         (c >= 0x2066 && c <= 0x2069);
}

char *
runnel_utf8_printable (const char *text,
                       gssize      len)
{
  g_autofree char *valid = NULL;
  GString *out;
  gsize valid_len;

  if (text == NULL)
    return g_strdup ("");
  if (len < 0)
    len = strlen (text);

  valid = runnel_utf8_repair_dup ((const guint8 *) text, len, &valid_len);
  out = g_string_sized_new (valid_len);

  for (const char *p = valid; p < valid + valid_len; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c < 0x80 && !is_control (c))
        g_string_append_c (out, (char) c);
      else if (c < 0x100 && is_control (c))
        g_string_append_printf (out, "\\x%02X", c);
      else if (is_control (c))
        g_string_append_printf (out, "\\u%04X", c);
      else
        g_string_append_len (out, p, g_utf8_next_char (p) - p);
    }

  return g_string_free (out, FALSE);
}
