/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json.c: the depth check and the size cap in front of json-glib for untrusted JSON */

#include "config.h"

#include <string.h>

#include "runnel-json.h"

/* @depth opening brackets (alternating [ and {"a": when @mixed), then the closing ones */
static char *
nested (guint    depth,
        gboolean mixed)
{
  GString *out = g_string_new (NULL);

  for (guint i = 0; i < depth; i++)
    g_string_append (out, mixed && i % 2 ? "{\"a\":" : "[");
  g_string_append (out, "1");
  for (guint i = depth; i > 0; i--)
    g_string_append (out, mixed && (i - 1) % 2 ? "}" : "]");

  return g_string_free (out, FALSE);
}

static void
test_measure (void)
{
  static const struct
  {
    const char *json;
    guint       depth;
  } cases[] = {
    { "", 0 },
    { "1", 0 },
    { "[]", 1 },
    { "[[], [[]], {}]", 3 },
    { "{\"a\": {\"b\": [1]}}", 3 },
    /* brackets in strings are text, also after escaped quotes and backslashes */
    { "[\"[[[[{{{{\"]", 1 },
    { "[\"\\\"[[[[\"]", 1 },
    { "[\"\\\\\", [[1]]]", 3 },
    { "{\"\\u005b[[\": \"]]]\"}", 1 },
    /* unbalanced or cut short: the scan counts, the parser refuses */
    { "[[[", 3 },
    { "]]][", 1 },
    { "[\"unterminated [[[[", 1 },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_test_message ("%s", cases[i].json);
      g_assert_cmpuint (runnel_json_measure (cases[i].json, -1, 100, NULL), ==, cases[i].depth);
    }

  /* the scan stops just past the limit */
  g_assert_cmpuint (runnel_json_measure ("[[[[[[[[", -1, 3, NULL), ==, 4);
  /* a NUL is a byte like any other when the length is given */
  g_assert_cmpuint (runnel_json_measure ("[\0[[", 4, 10, NULL), ==, 3);
}

static void
test_limit (void)
{
  g_autofree char *at_limit = nested (RUNNEL_JSON_MAX_DEPTH, TRUE);
  g_autofree char *past_limit = nested (RUNNEL_JSON_MAX_DEPTH + 1, TRUE);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (runnel_json_check_depth (at_limit, -1, &error));
  g_assert_no_error (error);
  g_assert_true (runnel_json_parser_load (parser, at_limit, -1, &error));
  g_assert_no_error (error);
  node = runnel_json_from_string (at_limit, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  g_assert_false (runnel_json_check_depth (past_limit, -1, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_assert_nonnull (strstr (error->message, "256"));
  g_clear_error (&error);
  g_assert_false (runnel_json_parser_load (parser, past_limit, -1, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  g_assert_null (runnel_json_from_string (past_limit, -1, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  /* plain parse errors stay json-glib's */
  g_assert_null (runnel_json_from_string ("[1,", -1, &error));
  g_assert_error (error, JSON_PARSER_ERROR, JSON_PARSER_ERROR_PARSE);
  g_clear_error (&error);
  g_assert_null (runnel_json_from_string ("  ", -1, &error));
  g_assert_nonnull (error);
}

/* what crashed json-glib by stack overflow: refused before it gets there */
static void
test_hostile (void)
{
  const gsize n = 1000000;
  g_autofree char *brackets = g_malloc (n);
  g_autofree char *objects = NULL;
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  memset (brackets, '[', n);
  g_assert_null (runnel_json_from_string (brackets, n, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);
  g_assert_null (runnel_json_to_pretty_string (brackets, n, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_clear_error (&error);

  for (guint i = 0; i < 100000; i++)
    g_string_append (text, "{\"a\":");
  objects = g_string_free (text, FALSE);
  g_assert_null (runnel_json_from_string (objects, -1, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
}

static void
test_pretty (void)
{
  static const char *const samples[] = {
    "{\"a\": [1, 2.5, -3e10, true, null, \"x\\n\\u0001\"], \"b\": {}, \"c\": []}",
    "[[[[[[1]]]]]]",
    "[1e400, 123456789012345678901234567890, -0.0, 0.1]",
    "{\"\": {\"\": {\"\": \"\"}}}",
    "\"just a string\"",
    "42",
  };
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = nested (RUNNEL_JSON_MAX_DEPTH, TRUE);
  GString *wide = g_string_new (NULL);
  g_autofree char *wide_text = NULL;
  char *pretty;

  /* the bound is an upper bound of what json-glib writes */
  for (gsize i = 0; i < G_N_ELEMENTS (samples); i++)
    {
      gsize bound = 0;

      runnel_json_measure (samples[i], -1, RUNNEL_JSON_MAX_DEPTH, &bound);
      pretty = runnel_json_to_pretty_string (samples[i], -1, &error);
      g_assert_no_error (error);
      g_test_message ("%s: %zu <= %zu", samples[i], strlen (pretty), bound);
      g_assert_cmpuint (strlen (pretty), <=, bound);
      g_free (pretty);
    }

  /* deep but allowed: laid out */
  pretty = runnel_json_to_pretty_string (deep, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (pretty);
  g_free (pretty);

  /* allowed depth, repeated: the layout would be huge, so it is refused before it is built */
  while (wide->len < 256 * 1024)
    {
      g_autofree char *one = nested (RUNNEL_JSON_MAX_DEPTH - 1, FALSE);

      g_string_append (wide, wide->len == 0 ? "[" : ",");
      g_string_append (wide, one);
    }
  g_string_append (wide, "]");
  wide_text = g_string_free (wide, FALSE);
  g_assert_true (runnel_json_check_depth (wide_text, -1, NULL));
  g_assert_null (runnel_json_to_pretty_string (wide_text, -1, &error));
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/json/measure", test_measure);
  g_test_add_func ("/runnel/json/limit", test_limit);
  g_test_add_func ("/runnel/json/hostile", test_hostile);
  g_test_add_func ("/runnel/json/pretty", test_pretty);

  return g_test_run ();
}
