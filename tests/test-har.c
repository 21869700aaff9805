/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-har.c: event streams read from hand-written HAR 1.2 files as Chrome and Firefox write them */

#include "config.h"

#include <string.h>

#include "runnel-har.h"
#include "runnel-request-store.h"

static GPtrArray *
import_fixture (const char  *name,
                GError     **error)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "har", name, NULL);
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (path, &contents, &len, NULL);
  g_assert_nonnull (contents);

  return runnel_har_import (contents, len, error);
}

static void
assert_event (GPtrArray  *events,
              guint       position,
              const char *type,
              const char *data,
              const char *id)
{
  RunnelSseEvent *event;

  g_assert_cmpuint (position, <, events->len);
  event = events->pdata[position];
  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, type);
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, data);
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, id);
}

/* the value of the header @name in @request, or NULL when it was not loaded */
static const char *
header (RunnelRequest *request,
        const char    *name)
{
  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      if (g_ascii_strcasecmp (runnel_request_get_header_name (request, i), name) == 0)
        return runnel_request_get_header_value (request, i);
    }

  return NULL;
}

static void
test_chrome (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = import_fixture ("chrome.har", &error);
  RunnelHarStream *eventsource;
  RunnelHarStream *fetch;
  GBytes *body;
  gint64 t0;

  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 2);   /* the document is not a stream */

  /* EventSource: Chrome's messages, with their times from the entry's start */
  eventsource = streams->pdata[0];
  g_assert_cmpuint (eventsource->entry, ==, 2);
  g_assert_cmpuint (eventsource->status, ==, 200);
  g_assert_true (eventsource->timed);
  g_assert_cmpstr (runnel_request_get_method (eventsource->request), ==, "GET");
  g_assert_cmpstr (runnel_request_get_url (eventsource->request), ==,
                   "https://app.example.com/events?room=7");
  g_assert_cmpuint (eventsource->events->len, ==, 3);
  assert_event (eventsource->events, 0, "message", "{\"n\":1}", "41");
  assert_event (eventsource->events, 1, "update", "line one\nline two", "42");
  assert_event (eventsource->events, 2, "message", "", "42");
  t0 = runnel_sse_event_get_real_time (eventsource->events->pdata[0]);
  g_assert_cmpint (t0, ==, G_GINT64_CONSTANT (1795635215000000));   /* 19:33:35Z */
  g_assert_cmpint (runnel_sse_event_get_real_time (eventsource->events->pdata[1]) - t0, ==,
                   500000);
  g_assert_cmpint (runnel_sse_event_get_real_time (eventsource->events->pdata[2]) - t0, ==,
                   2000000);

  /* pseudo-headers and what libsoup writes itself are not loaded; secrets are, and are masked */
  g_assert_null (header (eventsource->request, ":authority"));
  g_assert_null (header (eventsource->request, "accept-encoding"));
  g_assert_cmpstr (header (eventsource->request, "accept"), ==, "text/event-stream");
  g_assert_cmpstr (header (eventsource->request, "cookie"), ==, "session=abc123");
  g_assert_cmpstr (header (eventsource->request, "x-api-key"), ==, "k-987654");
  g_assert_true (runnel_header_is_secret ("cookie"));
  g_assert_true (runnel_header_is_secret ("x-api-key"));

  /* fetch () stream: a POST with its body, the events from the content text */
  fetch = streams->pdata[1];
  g_assert_cmpuint (fetch->entry, ==, 3);
  g_assert_false (fetch->timed);
  g_assert_cmpstr (runnel_request_get_method (fetch->request), ==, "POST");
  body = runnel_request_get_body (fetch->request);
  g_assert_nonnull (body);
  g_assert_cmpmem (g_bytes_get_data (body, NULL), g_bytes_get_size (body),
                   "{\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}", 59);
  g_assert_cmpstr (header (fetch->request, "authorization"), ==, "Bearer sk-test-1234567890");
  g_assert_null (header (fetch->request, "content-length"));
  g_assert_cmpstr (header (fetch->request, "content-type"), ==, "application/json");
  g_assert_cmpuint (fetch->events->len, ==, 3);
  assert_event (fetch->events, 2, "message", "[DONE]", "");
}

static void
test_firefox (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = import_fixture ("firefox.har", &error);
  RunnelHarStream *counter;
  RunnelHarStream *events;

  g_assert_no_error (error);
  g_assert_cmpuint (streams->len, ==, 2);   /* the favicon is not a stream */

  counter = streams->pdata[0];
  g_assert_cmpuint (counter->entry, ==, 1);
  g_assert_cmpstr (runnel_request_get_url (counter->request), ==,
                   "http://127.0.0.1:8080/counter?interval=200");
  g_assert_null (header (counter->request, "Host"));
  g_assert_null (header (counter->request, "Connection"));
  g_assert_nonnull (header (counter->request, "User-Agent"));
  g_assert_cmpuint (counter->events->len, ==, 3);
  assert_event (counter->events, 0, "message", "1", "1");
  assert_event (counter->events, 2, "message", "3", "3");
  /* the entry's start, with its offset: 20:33:35.100+01:00 */
  g_assert_cmpint (runnel_sse_event_get_real_time (counter->events->pdata[0]), ==,
                   G_GINT64_CONSTANT (1795635215100000));

  /* base64 content, UTF-8 in it */
  events = streams->pdata[1];
  g_assert_cmpuint (events->entry, ==, 3);
  g_assert_cmpstr (header (events->request, "Last-Event-ID"), ==, "6");
  g_assert_cmpuint (events->events->len, ==, 2);
  assert_event (events->events, 0, "tick", "caf\xc3\xa9", "7");
  assert_event (events->events, 1, "message", "two", "8");
}

typedef struct
{
  const char *file;
  int         code;
  const char *message;
} Broken;

static const Broken broken[] = {
  { "truncated.har", RUNNEL_HAR_ERROR_INVALID, "The HAR file is not valid JSON: " },
  { "missing-url.har", RUNNEL_HAR_ERROR_INVALID, "Entry 1: request.url is missing" },
  { "bad-header.har", RUNNEL_HAR_ERROR_INVALID,
    "Entry 2: request.headers[1].value is not a string" },
  { "bad-base64.har", RUNNEL_HAR_ERROR_INVALID,
    "Entry 1: response.content.text is not valid base64" },
  { "bad-message.har", RUNNEL_HAR_ERROR_INVALID,
    "Entry 1: _eventSourceMessages[1].data is missing" },
  { "no-entries.har", RUNNEL_HAR_ERROR_INVALID, "The HAR file's log has no “entries” array" },
  { "no-streams.har", RUNNEL_HAR_ERROR_NO_STREAMS,
    "The HAR file's 1 entry is not an event stream" },
};

static void
test_broken (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (broken); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) streams = import_fixture (broken[i].file, &error);

      g_test_message ("%s: %s", broken[i].file, error ? error->message : "(no error)");
      g_assert_null (streams);
      g_assert_error (error, RUNNEL_HAR_ERROR, broken[i].code);
      g_assert_true (g_str_has_prefix (error->message, broken[i].message));
    }
}

static void
test_not_json (void)
{
  static const char * const inputs[] = {
    "", "[]", "\"log\"", "{\"log\": []}", "{\"log\": {\"entries\": [3]}}",
    "{\"log\": {\"entries\": [{\"request\": {}, \"response\": 1}]}}",
  };
  static const char * const messages[] = {
    "The HAR file is empty", "The HAR file is not a JSON object",
    "The HAR file is not a JSON object", "The HAR file has no “log” object",
    "Entry 1 is not an object", "Entry 1: response is not an object",
  };

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) streams = runnel_har_import (inputs[i], strlen (inputs[i]), &error);

      g_test_message ("%s: %s", inputs[i], error ? error->message : "(no error)");
      g_assert_null (streams);
      g_assert_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID);
      g_assert_true (g_str_has_prefix (error->message, messages[i]));
    }
}

/* json-glib parses recursively: a deep HAR overflowed the stack before the check */
static void
test_too_deep (void)
{
  g_autofree char *deep = g_strnfill (100000, '[');
  g_autofree char *data = g_strconcat ("{\"log\": {\"entries\": ", deep, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = runnel_har_import (data, strlen (data), &error);

  g_assert_null (streams);
  g_assert_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "more than 256 levels deep"));
}

static void
test_too_large (void)
{
  gsize len = RUNNEL_HAR_MAX_SIZE + 1;
  g_autofree char *data = g_malloc (len);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streams = NULL;

  memset (data, ' ', len);
  streams = runnel_har_import (data, len, &error);
  g_assert_null (streams);
  g_assert_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "64 MiB"));
}

static void
test_sniff (void)
{
  g_assert_true (runnel_har_sniff ("{\"log\": {}}", 11));
  g_assert_true (runnel_har_sniff ("\xEF\xBB\xBF\n{\n  \"log\"", 13));
  g_assert_false (runnel_har_sniff ("{\"type\":\"message\",\"data\":\"x\"}", 29));
  g_assert_false (runnel_har_sniff ("[{\"log\": 1}]", 12));
  g_assert_false (runnel_har_sniff ("data: {\"log\"", 12));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/har/chrome", test_chrome);
  g_test_add_func ("/runnel/har/firefox", test_firefox);
  g_test_add_func ("/runnel/har/broken", test_broken);
  g_test_add_func ("/runnel/har/not-json", test_not_json);
  g_test_add_func ("/runnel/har/too-large", test_too_large);
  g_test_add_func ("/runnel/har/too-deep", test_too_deep);
  g_test_add_func ("/runnel/har/sniff", test_sniff);

  return g_test_run ();
}
