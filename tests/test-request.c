/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-request.c: RunnelRequest: defaults, checks that refuse bad input, JSON round trip */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "runnel-request.h"

static void
test_defaults (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/stream");

  g_assert_cmpstr (runnel_request_get_url (request), ==, "http://127.0.0.1/stream");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "GET");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 0);
  g_assert_null (runnel_request_get_body (request));
  g_assert_true (runnel_request_get_reconnect (request));
  g_assert_true (runnel_request_get_reconnect_on_end (request));
  g_assert_cmpuint (runnel_request_get_retry_delay (request), ==, 1000);
  g_assert_cmpuint (runnel_request_get_backoff_cap (request), ==, 30000);
  g_assert_cmpint (runnel_request_get_max_retries (request), ==, -1);
  g_assert_cmpuint (runnel_request_get_read_timeout (request), ==, 0);
  g_assert_cmpuint (runnel_request_get_timeout (request), ==, 0);
  g_assert_cmpuint (runnel_request_get_max_event_size (request), ==, 16 * 1024 * 1024);
  g_assert_false (runnel_request_get_accept_invalid_certificates (request));
  g_assert_null (runnel_request_get_ca_file (request));
  g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "");
  g_assert_cmpuint (g_strv_length ((char **) runnel_request_get_fatal_event_types (request)), ==, 0);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *count)
{
  (*count)++;
}

static void
count_changed (RunnelRequest *request,
               guint         *count)
{
  (*count)++;
}

static void
test_reconnect_on_end_follows_method (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/chat");
  guint notified = 0;

  g_signal_connect (request, "notify::reconnect-on-end", G_CALLBACK (count_notify), &notified);

  runnel_request_set_method (request, "post");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_false (runnel_request_get_reconnect_on_end (request));
  g_assert_cmpuint (notified, ==, 1);

  runnel_request_set_method (request, "get");
  g_assert_true (runnel_request_get_reconnect_on_end (request));
  g_assert_cmpuint (notified, ==, 2);

  /* once set, the method no longer decides */
  runnel_request_set_reconnect_on_end (request, FALSE);
  g_assert_cmpuint (notified, ==, 3);
  runnel_request_set_method (request, "POST");
  runnel_request_set_method (request, "GET");
  g_assert_false (runnel_request_get_reconnect_on_end (request));
  g_assert_cmpuint (notified, ==, 3);

  /* other tokens keep their case */
  runnel_request_set_method (request, "Report");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "Report");
}

static void
test_bad_urls (void)
{
  static const struct {
    const char *url;
    const char *says;
  } cases[] = {
    { "", "empty" },
    { "ftp://example.com/x", "only http and https" },
    { "file:///etc/passwd", "only http and https" },
    { "localhost:8080/clock", "did you mean “http://localhost:8080/clock”?" },
    { "example.com/stream", "did you mean “http://example.com/stream”?" },
    { "mailto:someone@example.com", "only http and https" },
    { "/clock", "not a valid URL" },
    { "http://", "no host" },
    { "http://exa mple.com/", "space or control character" },
    { "http://example.com/\r\nX-Evil: 1", "space or control character" },
    { "http://[::1/", "not a valid URL" },
    { "http://example.com:99999/", "not a valid URL" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RunnelRequest) request = runnel_request_new (cases[i].url);
      g_autoptr(GError) error = NULL;

      g_test_message ("URL “%s”", cases[i].url);
      g_assert_false (runnel_request_validate (request, &error));
      g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }

  g_assert_true (runnel_request_check_url ("https://example.com:8443/a?b=c#d", NULL));
  g_assert_true (runnel_request_check_url ("HTTP://[::1]:80/", NULL));
}

static void
test_bad_method (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/");
  g_autoptr(GError) error = NULL;

  runnel_request_set_method (request, "GET /evil HTTP/1.1\r\n");
  g_assert_false (runnel_request_validate (request, &error));
  g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_METHOD);
  g_assert_nonnull (strstr (error->message, "not a valid HTTP method"));
}

static void
test_headers (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/");
  g_autoptr(GError) error = NULL;
  guint changed = 0;

  g_signal_connect (request, "headers-changed", G_CALLBACK (count_changed), &changed);

  g_assert_true (runnel_request_parse_header_line (request, "X-Tag:  one  ", &error));
  g_assert_no_error (error);
  g_assert_true (runnel_request_parse_header_line (request, "x-tag:two", &error));
  g_assert_no_error (error);
  runnel_request_append_header (request, "X-Off", "three", FALSE);

  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 3);
  g_assert_cmpstr (runnel_request_get_header_name (request, 0), ==, "X-Tag");
  g_assert_cmpstr (runnel_request_get_header_value (request, 0), ==, "one");
  g_assert_cmpstr (runnel_request_get_header_name (request, 1), ==, "x-tag");
  g_assert_cmpstr (runnel_request_get_header_value (request, 1), ==, "two");
  g_assert_false (runnel_request_get_header_enabled (request, 2));
  g_assert_cmpstr (runnel_request_find_header (request, "X-TAG"), ==, "one");
  g_assert_null (runnel_request_find_header (request, "X-Off"));

  runnel_request_set_header (request, 2, "X-On", "four", TRUE);
  g_assert_cmpstr (runnel_request_find_header (request, "x-on"), ==, "four");
  runnel_request_remove_header (request, 0);
  g_assert_cmpstr (runnel_request_find_header (request, "x-tag"), ==, "two");
  runnel_request_clear_headers (request);
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 0);
  g_assert_cmpuint (changed, ==, 6);
}

static void
test_header_injection (void)
{
  static const struct {
    const char *line;
    const char *says;
  } cases[] = {
    { "X-Evil: a\r\nX-Injected: b", "line break" },
    { "X-Evil: a\nb", "line break" },
    { "X-Evil: a\rb", "line break" },
    { "No colon here", "no colon" },
    { ": empty name", "no name" },
    { "Bad Name: x", "not valid" },
    { "Bad\x01Name: x", "not valid" },
    { "X-Evil: a\x1b[2Jb", "control character (byte 0x1B)" },
    { "X-Evil: a\x7f", "control character (byte 0x7F)" },
    { "X-Evil: \x01", "control character (byte 0x01)" },
    /* the would-be value is not echoed: it may be a secret */
    { "Authorization Bearer hunter2", "“Authorization …” has no colon" },
  };
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/");

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (runnel_request_parse_header_line (request, cases[i].line, &error));
      g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_null (strstr (error->message, "hunter2"));
    }
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 0);

  /* a tab is allowed (RFC 9110 field values: VCHAR, SP, HTAB) */
  g_assert_true (runnel_request_parse_header_line (request, "X-Tab: a\tb", NULL));
  g_assert_cmpstr (runnel_request_find_header (request, "X-Tab"), ==, "a\tb");
  runnel_request_clear_headers (request);

  /* a saved request edited by hand is refused before it is sent */
  {
    g_autoptr(JsonNode) node = json_from_string ("{\"url\": \"http://127.0.0.1/\", \"headers\": "
                                                 "[{\"name\": \"X-Key\", \"value\": \"a\\u001bb\"}]}",
                                                 NULL);
    g_autoptr(RunnelRequest) loaded = runnel_request_new_from_json (node, NULL);
    g_autoptr(GError) error = NULL;

    g_assert_nonnull (loaded);
    g_assert_false (runnel_request_validate (loaded, &error));
    g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER);
    g_assert_nonnull (strstr (error->message, "control character"));
  }

  /* appended unchecked (the UI holds half-typed headers), refused when enabled at validation */
  runnel_request_append_header (request, "X-Evil", "a\r\nb", FALSE);
  g_assert_true (runnel_request_validate (request, NULL));
  runnel_request_set_header (request, 0, "X-Evil", "a\r\nb", TRUE);
  {
    g_autoptr(GError) error = NULL;

    g_assert_false (runnel_request_validate (request, &error));
    g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER);
    g_assert_nonnull (strstr (error->message, "X-Evil"));
  }
}

static void
test_body (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  GBytes *body;
  int fd;

  runnel_request_set_body_text (request, "{\"q\":1}");
  body = runnel_request_get_body (request);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "{\"q\":1}", 7);

  fd = g_file_open_tmp ("runnel-body-XXXXXX", &path, &error);
  g_assert_no_error (error);
  close (fd);
  g_assert_true (g_file_set_contents (path, "bin\0ary", 7, &error));
  g_assert_true (runnel_request_set_body_from_file (request, path, &error));
  g_assert_no_error (error);
  body = runnel_request_get_body (request);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body), "bin\0ary", 7);
  g_unlink (path);

  g_assert_false (runnel_request_set_body_from_file (request, path, &error));
  g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_BODY);
  g_assert_nonnull (strstr (error->message, "Cannot read the body file"));

  runnel_request_set_body_text (request, NULL);
  g_assert_null (runnel_request_get_body (request));
}

static void
assert_same_request (RunnelRequest *a,
                     RunnelRequest *b)
{
  g_autoptr(JsonNode) node_a = runnel_request_to_json (a);
  g_autoptr(JsonNode) node_b = runnel_request_to_json (b);
  g_autofree char *text_a = json_to_string (node_a, FALSE);
  g_autofree char *text_b = json_to_string (node_b, FALSE);

  g_assert_cmpstr (text_a, ==, text_b);
}

static void
test_json_round_trip (void)
{
  static const char * const fatal[] = { "FatalError", "quota", NULL };
  static const char * const expectations[] = { "status 200", "json $.a == \"b c\"", NULL };
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://example.com/v1/chat");
  g_autoptr(RunnelRequest) copy = NULL;
  g_autoptr(RunnelRequest) binary_copy = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GBytes) binary = g_bytes_new ("\xff\x00\x01", 3);
  g_autoptr(GError) error = NULL;

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_append_header (request, "X-Tag", "a", TRUE);
  runnel_request_append_header (request, "X-Tag", "b", FALSE);
  runnel_request_set_body_text (request, "{\"prompt\":\"héllo\"}");
  runnel_request_set_reconnect (request, FALSE);
  runnel_request_set_reconnect_on_end (request, TRUE);
  runnel_request_set_retry_delay (request, 250);
  runnel_request_set_backoff_cap (request, 5000);
  runnel_request_set_max_retries (request, 3);
  runnel_request_set_read_timeout (request, 15000);
  runnel_request_set_timeout (request, 60000);
  runnel_request_set_max_event_size (request, 1024);
  runnel_request_set_accept_invalid_certificates (request, TRUE);
  runnel_request_set_ca_file (request, "/tmp/ca.pem");
  runnel_request_set_last_event_id (request, "41");
  runnel_request_set_fatal_event_types (request, fatal);
  runnel_request_set_expectations (request, expectations);

  node = runnel_request_to_json (request);
  copy = runnel_request_new_from_json (node, &error);
  g_assert_no_error (error);
  assert_same_request (request, copy);
  g_assert_cmpstr (runnel_request_get_method (copy), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (copy), ==, 3);
  g_assert_false (runnel_request_get_header_enabled (copy, 2));
  g_assert_true (runnel_request_get_reconnect_on_end (copy));
  g_assert_cmpint (runnel_request_get_max_retries (copy), ==, 3);
  g_assert_cmpuint (runnel_request_get_max_event_size (copy), ==, 1024);
  g_assert_cmpstr (runnel_request_get_ca_file (copy), ==, "/tmp/ca.pem");
  g_assert_true (g_strv_equal (runnel_request_get_fatal_event_types (copy), fatal));
  g_assert_true (g_strv_equal (runnel_request_get_expectations (copy), expectations));

  /* a body that is not text goes as base64 and comes back byte for byte */
  runnel_request_set_body (request, binary);
  binary_copy = runnel_request_copy (request);
  g_assert_true (g_bytes_equal (runnel_request_get_body (binary_copy), binary));
  assert_same_request (request, binary_copy);
}

/* found by fuzzing: an empty body (as {"body-base64": ""} loads) was saved as "body": null */
static void
test_json_empty_body (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("http://127.0.0.1/");
  g_autoptr(RunnelRequest) copy = NULL;
  g_autoptr(GBytes) empty = g_bytes_new (NULL, 0);
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *text = NULL;

  runnel_request_set_body (request, empty);
  node = runnel_request_to_json (request);
  text = json_to_string (node, FALSE);
  g_assert_nonnull (strstr (text, "\"body\":\"\""));

  copy = runnel_request_copy (request);
  g_assert_nonnull (runnel_request_get_body (copy));
  g_assert_cmpuint (g_bytes_get_size (runnel_request_get_body (copy)), ==, 0);
  assert_same_request (request, copy);
}

static void
test_json_errors (void)
{
  static const struct {
    const char *json;
    const char *says;
  } cases[] = {
    { "[1, 2]", "JSON object" },
    { "{\"url\": 3}", "“url” must be a string" },
    { "{\"retry-delay\": -5}", "“retry-delay” must be a whole number" },
    { "{\"retry-delay\": \"soon\"}", "“retry-delay” must be a whole number" },
    { "{\"reconnect\": \"yes\"}", "“reconnect” must be true or false" },
    { "{\"headers\": {\"a\": 1}}", "“headers” must be a list" },
    { "{\"headers\": [{\"value\": \"x\"}]}", "have a \"name\"" },
    { "{\"fatal-event-types\": [1]}", "“fatal-event-types” must be a list of strings" },
    { "{\"expectations\": \"status 200\"}", "“expectations” must be a list of strings" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(RunnelRequest) request = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_nonnull (node);
      request = runnel_request_new_from_json (node, &error);
      g_assert_null (request);
      g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_JSON);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* files people edit: a bad option takes its default and is named; a bad URL is still an error */
static void
test_json_tolerant (void)
{
  static const struct {
    const char *json;
    const char *defaulted;  /* NULL: the request does not load */
  } cases[] = {
    { "{\"url\": 3}", NULL },
    { "{\"headers\": {\"a\": 1}}", NULL },
    { "{\"url\": \"http://x.test/\", \"retry-delay\": -5}", "retry-delay" },
    { "{\"url\": \"http://x.test/\", \"retry-delay\": \"soon\"}", "retry-delay" },
    { "{\"url\": \"http://x.test/\", \"reconnect\": \"yes\"}", "reconnect" },
    { "{\"url\": \"http://x.test/\", \"fatal-event-types\": [1]}", "fatal-event-types" },
    { "{\"url\": \"http://x.test/\", \"last-event-id\": 5, \"max-retries\": -2}",
      "last-event-id max-retries" },
    { "{\"url\": \"http://x.test/\", \"max-retries\": 3}", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) node = json_from_string (cases[i].json, NULL);
      g_autoptr(RunnelRequest) request = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) defaulted = NULL;
      g_autofree char *names = NULL;

      g_assert_nonnull (node);
      request = runnel_request_new_from_json_tolerant (node, &defaulted, &error);
      if (cases[i].defaulted == NULL)
        {
          g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_JSON);
          g_assert_null (request);
          g_assert_null (defaulted);
          continue;
        }

      g_assert_no_error (error);
      g_assert_nonnull (request);
      g_assert_cmpstr (runnel_request_get_url (request), ==, "http://x.test/");
      names = g_strjoinv (" ", defaulted);
      g_assert_cmpstr (names, ==, cases[i].defaulted);
      g_assert_cmpuint (runnel_request_get_retry_delay (request), ==, 1000);
      g_assert_true (runnel_request_get_reconnect (request));
      g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "");
      g_assert_cmpint (runnel_request_get_max_retries (request), ==, *names ? -1 : 3);
    }
}

static void
test_finalize (void)
{
  RunnelRequest *request = runnel_request_new ("http://127.0.0.1/");

  runnel_request_append_header (request, "A", "b", TRUE);
  runnel_request_set_body_text (request, "x");
  runnel_request_add_fatal_event_type (request, "FatalError");
  runnel_request_add_fatal_event_type (request, "FatalError");
  g_assert_cmpuint (g_strv_length ((char **) runnel_request_get_fatal_event_types (request)), ==, 1);
  g_assert_finalize_object (request);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/request/defaults", test_defaults);
  g_test_add_func ("/runnel/request/reconnect-on-end-follows-method",
                   test_reconnect_on_end_follows_method);
  g_test_add_func ("/runnel/request/bad-urls", test_bad_urls);
  g_test_add_func ("/runnel/request/bad-method", test_bad_method);
  g_test_add_func ("/runnel/request/headers", test_headers);
  g_test_add_func ("/runnel/request/header-injection", test_header_injection);
  g_test_add_func ("/runnel/request/body", test_body);
  g_test_add_func ("/runnel/request/json-round-trip", test_json_round_trip);
  g_test_add_func ("/runnel/request/json-errors", test_json_errors);
  g_test_add_func ("/runnel/request/json-empty-body", test_json_empty_body);
  g_test_add_func ("/runnel/request/json-tolerant", test_json_tolerant);
  g_test_add_func ("/runnel/request/finalize", test_finalize);

  return g_test_run ();
}
