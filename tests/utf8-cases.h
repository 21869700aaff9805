/* SPDX-License-Identifier: GPL-3.0-or-later */
/* utf8-cases.h: invalid UTF-8 and what the WHATWG decoder makes of it, for every parser's test */

#pragma once

#include <glib.h>

/*
 * Each case is the bytes of one line's value and the text the WHATWG Encoding standard's UTF-8
 * decoder gives for them: one U+FFFD per maximal subpart (the longest start of a well-formed
 * sequence, or else one byte), NUL kept. The event-stream parser (as a data: line) and the
 * JSON-lines parser (as a line) must both give exactly this, in every chunking. Where
 * g_utf8_make_valid () differs (one U+FFFD per byte, NUL replaced), the case says so.
 */

#define UTF8_FFFD "\xEF\xBF\xBD"
#define UTF8_IN(s) s, sizeof s - 1

typedef struct
{
  const char *name;
  const char *input;
  gsize       input_len;
  const char *expected;
  gsize       expected_len;
} Utf8Case;

static const Utf8Case utf8_cases[] = {
  /* well-formed, at the edges of the ranges: unchanged */
  { "valid", UTF8_IN ("h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF"),
    UTF8_IN ("h\xC3\xA9 \xE6\x97\xA5 \xF0\x9F\x98\x80 \xED\x9F\xBF \xF4\x8F\xBF\xBF") },
  { "replacement-kept", UTF8_IN ("a" UTF8_FFFD "b"), UTF8_IN ("a" UTF8_FFFD "b") },
  /* NUL is a character: kept (g_utf8_make_valid: U+FFFD) */
  { "nul", UTF8_IN ("{\"a\":\"x\0y\"}"), UTF8_IN ("{\"a\":\"x\0y\"}") },
  { "nul-then-invalid", UTF8_IN ("\0\xFF\0"), UTF8_IN ("\0" UTF8_FFFD "\0") },

  /* truncated sequences: one U+FFFD each (g_utf8_make_valid: one per byte) */
  { "truncated-2", UTF8_IN ("a\xC3" "b"), UTF8_IN ("a" UTF8_FFFD "b") },
  { "truncated-2-at-end", UTF8_IN ("a\xC3"), UTF8_IN ("a" UTF8_FFFD) },
  { "truncated-3", UTF8_IN ("\xE6\x97" "a"), UTF8_IN (UTF8_FFFD "a") },
  { "truncated-3-at-end", UTF8_IN ("a\xE6\x97"), UTF8_IN ("a" UTF8_FFFD) },
  { "truncated-4", UTF8_IN ("\xF0\x9F\x98" "a"), UTF8_IN (UTF8_FFFD "a") },
  { "truncated-4-at-end", UTF8_IN ("a\xF0\x9F"), UTF8_IN ("a" UTF8_FFFD) },
  { "truncated-then-valid", UTF8_IN ("\xF0\x9F\x98\xF0\x9F\x98\x80"),
    UTF8_IN (UTF8_FFFD "\xF0\x9F\x98\x80") },
  { "lead-then-lead", UTF8_IN ("\xE6\xE6\x97\xA5"), UTF8_IN (UTF8_FFFD "\xE6\x97\xA5") },
  { "truncated-in-json", UTF8_IN ("{\"s\":\"\xFF\xE2\x82\"}"),
    UTF8_IN ("{\"s\":\"" UTF8_FFFD UTF8_FFFD "\"}") },

  /* overlong forms: the lead byte and each continuation byte alone */
  { "overlong-c0", UTF8_IN ("\xC0\xAF"), UTF8_IN (UTF8_FFFD UTF8_FFFD) },
  { "overlong-c1", UTF8_IN ("\xC1\xBF"), UTF8_IN (UTF8_FFFD UTF8_FFFD) },
  { "overlong-e0-80", UTF8_IN ("\xE0\x80\x80"), UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD) },
  { "overlong-e0-9f", UTF8_IN ("\xE0\x9F\xBF"), UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD) },
  { "overlong-f0-8f", UTF8_IN ("\xF0\x8F\xBF\xBF"),
    UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD) },

  /* surrogates and code points above U+10FFFF */
  { "surrogate-ed-a0-80", UTF8_IN ("\xED\xA0\x80"), UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD) },
  { "surrogate-ed-bf-bf", UTF8_IN ("\xED\xBF\xBF"), UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD) },
  { "above-max-f4-90", UTF8_IN ("\xF4\x90\x80\x80"),
    UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD) },

  /* bytes that never start a sequence */
  { "lone-continuations", UTF8_IN ("a\x80\xBF" "b"), UTF8_IN ("a" UTF8_FFFD UTF8_FFFD "b") },
  { "f5-to-ff", UTF8_IN ("\xF5\xF8\xFB\xFC\xFE\xFF"),
    UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD) },
  { "f5-with-continuations", UTF8_IN ("\xF5\x80\x80\x80"),
    UTF8_IN (UTF8_FFFD UTF8_FFFD UTF8_FFFD UTF8_FFFD) },

  /* past the 16-byte blocks of the fast ASCII skip */
  { "long-then-truncated", UTF8_IN ("0123456789abcdef0123456789abcdef\xE6\x97"),
    UTF8_IN ("0123456789abcdef0123456789abcdef" UTF8_FFFD) },
  { "valid-invalid-valid", UTF8_IN ("\xE2\x82\xAC\xE2\x82\xC3\xA9 0123456789abcdef\x80"),
    UTF8_IN ("\xE2\x82\xAC" UTF8_FFFD "\xC3\xA9 0123456789abcdef" UTF8_FFFD) },
};

/* @len bytes, with every byte outside printable ASCII as \xNN: a failure shows both texts */
static inline char *
utf8_case_escape (const char *text,
                  gsize       len)
{
  GString *out = g_string_new (NULL);

  for (gsize i = 0; i < len; i++)
    {
      guchar c = text[i];

      if (c >= 0x20 && c < 0x7F && c != '\\')
        g_string_append_c (out, c);
      else
        g_string_append_printf (out, "\\x%02X", c);
    }

  return g_string_free (out, FALSE);
}

/* asserts that @actual (@actual_len bytes) is the case's expected text */
static inline void
utf8_case_assert (const Utf8Case *uc,
                  const char     *actual,
                  gsize           actual_len)
{
  g_autofree char *got = utf8_case_escape (actual, actual_len);
  g_autofree char *expected = utf8_case_escape (uc->expected, uc->expected_len);

  g_assert_cmpstr (got, ==, expected);
}

/* registers @func once per case, as @prefix/NAME */
static inline void
utf8_cases_add (const char    *prefix,
                GTestDataFunc  func)
{
  for (guint i = 0; i < G_N_ELEMENTS (utf8_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("%s/%s", prefix, utf8_cases[i].name);

      g_test_add_data_func (path, &utf8_cases[i], func);
    }
}
