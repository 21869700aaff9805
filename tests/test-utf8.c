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

  return g_test_run ();
}
