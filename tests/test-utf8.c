/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-utf8.c: the shared WHATWG UTF-8 decoder: the table, and every short string against GLib */

#include "config.h"

#include <string.h>

#include "runnel-utf8.h"
#include "utf8-cases.h"

static char *
repair (const char *input,
        gsize       len,
        gsize      *out_len)
{
  gsize n = runnel_utf8_repair ((const guint8 *) input, len, NULL);
  char *out = g_malloc (n + 1);

  /* sizing and writing agree, and a byte never becomes more than one U+FFFD */
  g_assert_cmpuint (runnel_utf8_repair ((const guint8 *) input, len, (guint8 *) out), ==, n);
  g_assert_cmpuint (n, <=, 3 * len);
  out[n] = '\0';
  *out_len = n;

  return out;
}

/* the copying form: NUL-terminated, NULs inside kept and counted */
static void
test_dup (void)
{
  gsize len = 0;
  g_autofree char *text = runnel_utf8_repair_dup ((const guint8 *) "a\0\xe2\x82z", 5, &len);

  g_assert_cmpuint (len, ==, 6);
  g_assert_cmpmem (text, len + 1, "a\0\xef\xbf\xbdz", 7);
}

static void
test_case (gconstpointer user_data)
{
  const Utf8Case *uc = user_data;
  gsize len;
  g_autofree char *out = repair (uc->input, uc->input_len, &len);
  const guint8 *input = (const guint8 *) uc->input;

  utf8_case_assert (uc, out, len);
  g_assert_cmpint (runnel_utf8_is_valid (input, input + uc->input_len), ==,
                   uc->input_len == uc->expected_len &&
                   memcmp (uc->input, uc->expected, uc->input_len) == 0);
}

/*
 * For one string: the validator says what GLib says (NUL aside, which GLib refuses), the decoder
 * leaves valid text alone and always makes valid text, and decoding stops at an ASCII byte, so
 * that lines decode on their own as the whole stream would.
 */
static void
check_string (const guint8 *s,
              gsize         len)
{
  guint8 no_nul[8];
  guint8 then_a[8];
  gboolean valid = runnel_utf8_is_valid (s, s + len);
  g_autofree char *out = NULL;
  g_autofree char *out_a = NULL;
  gsize out_len, out_a_len;

  g_assert_cmpuint (len, <, sizeof no_nul);
  for (gsize i = 0; i < len; i++)
    no_nul[i] = s[i] != 0 ? s[i] : 'A';
  g_assert_cmpint (valid, ==, g_utf8_validate_len ((const char *) no_nul, len, NULL));

  out = repair ((const char *) s, len, &out_len);
  g_assert_true (runnel_utf8_is_valid ((const guint8 *) out, (const guint8 *) out + out_len));
  if (valid)
    g_assert_cmpmem (out, out_len, s, len);
  else
    g_assert_false (out_len == len && memcmp (out, s, len) == 0);

  memcpy (then_a, s, len);
  then_a[len] = 'A';
  out_a = repair ((const char *) then_a, len + 1, &out_a_len);
  g_assert_cmpmem (out_a, out_a_len - 1, out, out_len);
  g_assert_cmpint (out_a[out_a_len - 1], ==, 'A');
}

/* every string of one or two bytes */
static void
test_all_pairs (void)
{
  for (guint a = 0; a < 256; a++)
    {
      guint8 one[1] = { a };

      check_string (one, 1);
      for (guint b = 0; b < 256; b++)
        {
          guint8 two[2] = { a, b };

          check_string (two, 2);
        }
    }
}

/* every string of three to five bytes made of the bytes at the edges of the ranges */
static void
test_edge_strings (void)
{
  static const guint8 edges[] = {
    0x00, 0x41, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xE1,
    0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF4, 0xF5, 0xFF,
  };
  const guint n = G_N_ELEMENTS (edges);
  guint total = n * n * n * n;

  for (guint len = 3; len <= 4; len++)
    {
      for (guint code = 0; code < (len == 3 ? n * n * n : total); code++)
        {
          guint8 s[4];
          guint rest = code;

          for (guint i = 0; i < len; i++, rest /= n)
            s[i] = edges[rest % n];
          check_string (s, len);
        }
    }

  /* five bytes: a four-byte sequence, whole or cut, after each edge byte */
  for (guint a = 0; a < n; a++)
    {
      guint8 s[5] = { edges[a], 0xF4, 0x8F, 0xBF, 0xBF };

      for (gsize len = 1; len <= sizeof s; len++)
        check_string (s, len);
    }
}

/* long ASCII runs around a sequence: the 16-byte blocks of the fast path, from every offset */
static void
test_blocks (void)
{
  static const struct { const char *input, *expected; } sequences[] = {
    { "\xE6\x97\xA5", "\xE6\x97\xA5" },
    { "\xF0\x9F\x98\x80", "\xF0\x9F\x98\x80" },
    { "\xE6\x97", UTF8_FFFD },
    { "\xFF", UTF8_FFFD },
  };

  for (guint k = 0; k < G_N_ELEMENTS (sequences); k++)
    {
      gboolean valid = g_str_equal (sequences[k].input, sequences[k].expected);

      for (gsize before = 0; before < 40; before++)
        {
          g_autoptr(GString) input = g_string_new (NULL);
          g_autoptr(GString) expected = g_string_new (NULL);
          g_autofree char *out = NULL;
          gsize out_len;

          for (gsize i = 0; i < before; i++)
            g_string_append_c (input, 'a' + i % 26);
          g_string_append (expected, input->str);
          g_string_append (input, sequences[k].input);
          g_string_append (expected, sequences[k].expected);
          g_string_append (input, "0123456789abcdefghij");
          g_string_append (expected, "0123456789abcdefghij");

          g_assert_cmpint (runnel_utf8_is_valid ((const guint8 *) input->str,
                                                 (const guint8 *) input->str + input->len),
                           ==, valid);
          out = repair (input->str, input->len, &out_len);
          g_assert_cmpstr (out, ==, expected->str);
        }
    }
}

/* Paths: SIMD and scalar must agree */

/* sequences valid and invalid, of every kind the decoder tells apart */
static const char * const sequences[] = {
  "\xC2\x80", "\xC3\xA9", "\xDF\xBF", "\xE0\xA0\x80", "\xE6\x97\xA5", "\xED\x9F\xBF",
  "\xEE\x80\x80", "\xEF\xBF\xBD", "\xF0\x90\x80\x80", "\xF0\x9F\x98\x80", "\xF4\x8F\xBF\xBF",
  /* continuations alone */
  "\x80", "\xBF", "\x80\x80\x80\x80\x80", "\xC3\xA9\xA9",
  /* overlong */
  "\xC0\x80", "\xC1\xBF", "\xE0\x80\x80", "\xE0\x9F\xBF", "\xF0\x80\x80\x80", "\xF0\x8F\xBF\xBF",
  /* surrogates */
  "\xED\xA0\x80", "\xED\xAD\xBF", "\xED\xB0\x80", "\xED\xBF\xBF",
  /* past U+10FFFF */
  "\xF4\x90\x80\x80", "\xF4\xBF\xBF\xBF", "\xF5\x80\x80\x80", "\xF7\xBF\xBF\xBF",
  "\xF8\x88\x80\x80\x80", "\xFC\x84\x80\x80\x80\x80", "\xFE", "\xFF",
  /* cut short, then ASCII, another lead or the end */
  "\xC3", "\xE6\x97", "\xE6", "\xF0\x9F\x98", "\xF0\x9F", "\xF0", "\xE6\x41", "\xE6\x97\x41",
  "\xF0\x9F\x98\x41", "\xC3\xC3\xA9", "\xE6\xE6\x97\xA5", "\xF0\xF0\x9F\x98\x80",
  "\xE6\x97\xC3\xA9", "\xF4\x8F\xBF",
};

/* what is put before a sequence: so that it starts at every byte of a block, after ASCII,
 * after two-, three- and four-byte characters */
static const char * const fillers[] = {
  "a", "\xC3\xA9", "\xE6\x97\xA5", "\xF0\x9F\x98\x80", "\xC3\xA9" "a",
};
/* and after it */
static const char * const tails[] = {
  "", "z", "\n", "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz",
  "\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E", "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80",
};

/* calls @func on each test input: every sequence at offsets 0 to 99 of every filler, with
 * every tail: split at every position of a 16-, 32- and 64-byte block and across two */
static void
foreach_input (void (*func) (const guint8 *p, gsize len, gpointer user_data),
               gpointer user_data)
{
  for (guint q = 0; q < G_N_ELEMENTS (sequences); q++)
    for (guint f = 0; f < G_N_ELEMENTS (fillers); f++)
      for (guint t = 0; t < G_N_ELEMENTS (tails); t++)
        {
          g_autoptr(GString) input = g_string_new (NULL);

          for (gsize offset = 0; offset < 100; offset++)
            {
              gsize filled;

              g_string_truncate (input, 0);
              while (input->len + strlen (fillers[f]) <= offset)
                g_string_append (input, fillers[f]);
              /* the filler's characters stay whole; ASCII makes up the rest */
              filled = input->len;
              for (gsize i = filled; i < offset; i++)
                g_string_append_c (input, 'b');
              g_string_append (input, sequences[q]);
              g_string_append (input, tails[t]);
              func ((const guint8 *) input->str, input->len, user_data);
            }
        }
}

typedef struct
{
  RunnelUtf8Path path;
  guint          inputs;
} PathCheck;

static void
check_against_scalar (const guint8 *p,
                      gsize         len,
                      gpointer      user_data)
{
  PathCheck *check = user_data;
  g_autofree char *expected = NULL;
  g_autofree char *out = NULL;
  gboolean valid;
  gsize expected_len, out_len;

  g_assert_true (runnel_utf8_set_path (RUNNEL_UTF8_PATH_SCALAR));
  valid = runnel_utf8_is_valid (p, p + len);
  expected = repair ((const char *) p, len, &expected_len);

  g_assert_true (runnel_utf8_set_path (check->path));
  g_assert_cmpint (runnel_utf8_is_valid (p, p + len), ==, valid);
  out = repair ((const char *) p, len, &out_len);
  g_assert_cmpmem (out, out_len, expected, expected_len);
  check->inputs++;
}

/*
 * The checker's contract (runnel-utf8.h): after lines of every kind, a line that is not valid on
 * its own shows an error on one of its bytes, its line break or the line break before it; and
 * valid text shows none.
 */
static void
check_lines (const guint8 *p,
             gsize         len,
             gpointer      user_data)
{
  static const char * const before[] = {
    "", "abc\n", "x\xE6\n", "x\xF0\x9F\n", "\xE6\x97\xA5\n", "\x80\n",
  };
  PathCheck *check = user_data;

  for (guint b = 0; b < G_N_ELEMENTS (before); b++)
    {
      g_autoptr(GString) text = g_string_new (before[b]);
      g_autoptr(GArray) errors = g_array_new (FALSE, TRUE, sizeof (guint64));
      RunnelUtf8Checker checker = { 0, 0 };
      gsize start = text->len;
      gsize end;
      gboolean line_valid = runnel_utf8_is_valid (p, p + len);
      gboolean any = FALSE;

      g_string_append_len (text, (const char *) p, len);
      end = text->len;
      g_string_append (text, "\nok\n");

      for (gsize at = 0; at < text->len; at += 64)
        {
          guint8 block[64] = { 0 };
          gboolean high = FALSE;
          guint64 mask;

          memcpy (block, text->str + at, MIN (64, text->len - at));
          for (guint i = 0; i < 64; i++)
            high |= block[i] >= 0x80;
          mask = high ? runnel_utf8_checker_block (&checker, block)
                      : runnel_utf8_checker_ascii (&checker);
          g_array_append_val (errors, mask);
        }

      /* from the line break before the line (or its first byte) to its own line break */
      for (gsize i = start > 0 ? start - 1 : 0; i <= end; i++)
        any |= (g_array_index (errors, guint64, i / 64) >> (i % 64)) & 1;

      if (!line_valid && !any)
        g_error ("%s: no error shown for an invalid line after \"%s\"",
                 runnel_utf8_path_to_string (check->path), before[b]);
      if (runnel_utf8_is_valid ((const guint8 *) text->str, (const guint8 *) text->str + text->len))
        for (guint i = 0; i < errors->len; i++)
          g_assert_cmpuint (g_array_index (errors, guint64, i), ==, 0);
      check->inputs++;
    }
}

/* runs @func on every input with @path in use; skipped where this CPU or build lacks it */
static void
run_on_path (RunnelUtf8Path path,
             void         (*func) (const guint8 *p, gsize len, gpointer user_data))
{
  RunnelUtf8Path saved = runnel_utf8_get_path ();
  PathCheck check = { path, 0 };

  if (!runnel_utf8_set_path (path))
    {
      g_test_skip ("this CPU or build lacks the path");
      return;
    }

  foreach_input (func, &check);
  g_assert_cmpuint (check.inputs, >, 100000);
  runnel_utf8_set_path (saved);
}

static void
test_path_agrees (gconstpointer user_data)
{
  run_on_path (GPOINTER_TO_INT (user_data), check_against_scalar);
}

static void
test_checker_lines (gconstpointer user_data)
{
  run_on_path (GPOINTER_TO_INT (user_data), check_lines);
}

/* RUNNEL_UTF8_PATH, as the tests' variants set it, is the path in use */
static void
test_forced_path (void)
{
  const char *forced = g_getenv ("RUNNEL_UTF8_PATH");

  if (forced == NULL)
    {
      g_test_skip ("RUNNEL_UTF8_PATH is not set");
      return;
    }

  for (RunnelUtf8Path path = RUNNEL_UTF8_PATH_SCALAR; path <= RUNNEL_UTF8_PATH_AVX2; path++)
    {
      if (!g_str_equal (forced, runnel_utf8_path_to_string (path)))
        continue;
      if (!runnel_utf8_set_path (path))
        {
          g_test_skip ("this CPU or build lacks the path");
          return;
        }
    }
  g_assert_cmpstr (runnel_utf8_path_to_string (runnel_utf8_get_path ()), ==, forced);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  utf8_cases_add ("/runnel/utf8", test_case);

  g_test_add_func ("/runnel/utf8/all-pairs", test_all_pairs);
  g_test_add_func ("/runnel/utf8/edge-strings", test_edge_strings);
  g_test_add_func ("/runnel/utf8/blocks", test_blocks);
  g_test_add_func ("/runnel/utf8/dup", test_dup);
  g_test_add_func ("/runnel/utf8/forced-path", test_forced_path);
  for (RunnelUtf8Path path = RUNNEL_UTF8_PATH_SSE2; path <= RUNNEL_UTF8_PATH_AVX2; path++)
    {
      g_autofree char *agrees = g_strdup_printf ("/runnel/utf8/path/%s/agrees-with-scalar",
                                                 runnel_utf8_path_to_string (path));
      g_autofree char *lines = g_strdup_printf ("/runnel/utf8/path/%s/checker-lines",
                                                runnel_utf8_path_to_string (path));

      g_test_add_data_func (agrees, GINT_TO_POINTER (path), test_path_agrees);
      g_test_add_data_func (lines, GINT_TO_POINTER (path), test_checker_lines);
    }

  return g_test_run ();
}
