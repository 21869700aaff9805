/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-body-text.c: what a refused response's body says on the state line */

#include "config.h"

#include <string.h>

#include "runnel-body-text.h"

static char *
summary (const char *content_type,
         const char *body)
{
  return runnel_body_text_summary (content_type, (const guint8 *) body, strlen (body), 200);
}

static void
test_html (void)
{
  static const struct
  {
    const char *type;
    const char *body;
    const char *says;
  } cases[] = {
    /* Express's 404 for a POST to a route it does not have: its text, not "<!DOCTYPE html>" */
    { "text/html; charset=utf-8",
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
      "<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /sse</pre>\n</body>\n</html>\n",
      "Cannot POST /sse" },
    /* nginx's */
    { "text/html",
      "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad "
      "Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n",
      "502 Bad Gateway nginx" },
    /* a title and nothing else */
    { "text/html", "<html><head><title>Service\n Unavailable</title></head><body></body></html>",
      "Service Unavailable" },
    /* scripts, styles and comments are no text; entities are */
    { NULL,
      "<!doctype html><style>p { color: red }</style><script>var a = '<b>x</b>';</script>"
      "<!-- <p>hidden</p> --><p title=\"a > b\">a &amp; b &lt;c&gt; &#233;&#x41;&nbsp;&bogus; "
      "&</p>",
      "a & b <c> éA &bogus; &" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *says = summary (cases[i].type, cases[i].body);

      g_assert_cmpstr (says, ==, cases[i].says);
    }
}

static void
test_json_and_text (void)
{
  g_autofree char *json = summary ("application/json",
                                   "{\n  \"error\": {\n    \"message\": \"Invalid model\",\n"
                                   "    \"code\": 400\n  }\n}\n");
  g_autofree char *problem = summary ("application/problem+json", "[1, 2]");
  g_autofree char *broken = summary ("application/json", "{\"not\": json");
  g_autofree char *text = summary ("text/plain", "  Too many\r\nrequests,\tslow down\n\n");
  g_autofree char *untyped = summary (NULL, "Unauthorized");

  g_assert_cmpstr (json, ==, "{\"error\":{\"message\":\"Invalid model\",\"code\":400}}");
  g_assert_cmpstr (problem, ==, "[1,2]");
  g_assert_cmpstr (broken, ==, "{\"not\": json");
  g_assert_cmpstr (text, ==, "Too many requests, slow down");
  g_assert_cmpstr (untyped, ==, "Unauthorized");
}

static void
test_limits (void)
{
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autofree char *cut = NULL;
  g_autofree char *cut_char = NULL;
  const char e_acute[] = "caf\xC3\xA9";

  /* at most 200 characters, then "…" (and no space before it) */
  for (guint i = 0; i < 150; i++)
    g_string_append (long_text, "é ");
  cut = summary ("text/plain", long_text->str);
  g_assert_cmpuint (g_utf8_strlen (cut, -1), ==, 200);
  g_assert_true (g_str_has_suffix (cut, "é…"));

  /* a body cut in the middle of a character keeps the characters before it */
  cut_char = runnel_body_text_summary ("text/plain", (const guint8 *) e_acute, 4, 200);
  g_assert_cmpstr (cut_char, ==, "caf");

  /* nothing to say: empty, blank, markup only, binary */
  g_assert_null (runnel_body_text_summary ("text/plain", NULL, 0, 200));
  g_assert_null (summary ("text/plain", " \r\n\t"));
  g_assert_null (summary ("text/html", "<html><body><br></body></html>"));
  g_assert_null (runnel_body_text_summary ("application/octet-stream",
                                           (const guint8 *) "\x89PNG\r\n\x1A\n\0\0\0\rIHDR",
                                           16, 200));
  g_assert_null (summary ("text/plain", "\xFF\xFE broken UTF-8 throughout"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/body-text/html", test_html);
  g_test_add_func ("/runnel/body-text/json-and-text", test_json_and_text);
  g_test_add_func ("/runnel/body-text/limits", test_limits);

  return g_test_run ();
}
