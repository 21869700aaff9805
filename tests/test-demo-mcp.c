/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-mcp.c: the demo server's /mcp, an MCP Streamable HTTP server (revision 2025-06-18) */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-test-util.h"

#define DEADLINE_MS 10000
#define ACCEPT_BOTH "application/json, text/event-stream"

typedef struct
{
  RunnelDemoServer *server;
  SoupSession      *session;
  char             *session_id;
} Fixture;

/* one HTTP exchange, its body read to the end or to the error that cut it */
typedef struct
{
  SoupMessage *msg;
  GByteArray  *body;
  GError      *error;
  gboolean     done;
} Exchange;

static void
exchange_free (Exchange *x)
{
  g_clear_object (&x->msg);
  g_byte_array_unref (x->body);
  g_clear_error (&x->error);
  g_free (x);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

static void
exchange_read_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Exchange *x = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result,
                                                              &x->error);

  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      x->done = TRUE;
      return;
    }

  g_byte_array_append (x->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_input_stream_read_bytes_async (G_INPUT_STREAM (object), 4096, G_PRIORITY_DEFAULT, NULL,
                                   exchange_read_cb, x);
}

static void
exchange_sent_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  Exchange *x = user_data;
  g_autoptr(GInputStream) stream = soup_session_send_finish (SOUP_SESSION (object), result,
                                                             &x->error);

  if (stream == NULL)
    {
      x->done = TRUE;
      return;
    }

  g_input_stream_read_bytes_async (stream, 4096, G_PRIORITY_DEFAULT, NULL, exchange_read_cb, x);
}

/*
 * @method on /mcp@query with the fixture's session id (when it has one and @with_session),
 * @body as application/json, @accept as Accept; waits for the whole body.
 */
static Exchange *
exchange_start (Fixture    *f,
                const char *method,
                const char *query,
                const char *accept,
                gboolean    with_session,
                const char *last_event_id,
                const char *body)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (f->server), "mcp", query, NULL);
  Exchange *x = g_new0 (Exchange, 1);
  SoupMessageHeaders *headers;

  x->body = g_byte_array_new ();
  x->msg = soup_message_new (method, url);
  headers = soup_message_get_request_headers (x->msg);
  if (accept != NULL)
    soup_message_headers_replace (headers, "Accept", accept);
  if (with_session && f->session_id != NULL)
    {
      soup_message_headers_replace (headers, "Mcp-Session-Id", f->session_id);
      soup_message_headers_replace (headers, "MCP-Protocol-Version", "2025-06-18");
    }
  if (last_event_id != NULL)
    soup_message_headers_replace (headers, "Last-Event-ID", last_event_id);
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));

      soup_message_set_request_body_from_bytes (x->msg, "application/json", bytes);
    }

  soup_session_send_async (f->session, x->msg, G_PRIORITY_DEFAULT, NULL, exchange_sent_cb, x);
  return x;
}

static Exchange *
exchange (Fixture    *f,
          const char *method,
          const char *query,
          const char *accept,
          gboolean    with_session,
          const char *last_event_id,
          const char *body)
{
  Exchange *x = exchange_start (f, method, query, accept, with_session, last_event_id, body);

  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (x->done, DEADLINE_MS));
  g_byte_array_append (x->body, (const guint8 *) "", 1);
  return x;
}

static Exchange *
post (Fixture    *f,
      const char *query,
      const char *body)
{
  return exchange (f, "POST", query, ACCEPT_BOTH, TRUE, NULL, body);
}

static const char *
exchange_text (Exchange *x)
{
  return (const char *) x->body->data;
}

static guint
exchange_status (Exchange *x)
{
  return soup_message_get_status (x->msg);
}

static const char *
exchange_content_type (Exchange *x)
{
  return soup_message_headers_get_content_type (soup_message_get_response_headers (x->msg), NULL);
}

/* the JSON body as an object (the node is kept alive by the returned parser) */
static JsonObject *
exchange_json (Exchange    *x,
               JsonParser **parser)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  *parser = json_parser_new ();
  json_parser_load_from_data (*parser, exchange_text (x), -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (*parser);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));
  return json_node_get_object (root);
}

/* "id: A\ndata: B\n\n" pairs of an event stream, as "A B" lines */
static char *
exchange_events (Exchange *x)
{
  g_auto(GStrv) blocks = g_strsplit (exchange_text (x), "\n\n", -1);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; blocks[i] != NULL; i++)
    {
      const char *data;

      if (!g_str_has_prefix (blocks[i], "id: ") || (data = strstr (blocks[i], "\ndata: ")) == NULL)
        continue;
      g_string_append_len (out, blocks[i] + 4, data - blocks[i] - 4);
      g_string_append_printf (out, " %s\n", data + 7);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
initialize (Fixture *f)
{
  g_autoptr(Exchange) x = exchange (f, "POST", "", ACCEPT_BOTH, FALSE, NULL,
                                    "{\"jsonrpc\": \"2.0\", \"id\": 1, \"method\": \"initialize\", "
                                    "\"params\": {\"protocolVersion\": \"2025-06-18\", "
                                    "\"capabilities\": {}, \"clientInfo\": {\"name\": \"test\", "
                                    "\"version\": \"1\"}}}");
  g_autoptr(Exchange) initialized = NULL;
  const char *id;

  g_assert_cmpuint (exchange_status (x), ==, SOUP_STATUS_OK);
  id = soup_message_headers_get_one (soup_message_get_response_headers (x->msg), "Mcp-Session-Id");
  g_assert_nonnull (id);
  g_free (f->session_id);
  f->session_id = g_strdup (id);

  initialized = post (f, "", "{\"jsonrpc\": \"2.0\", \"method\": \"notifications/initialized\"}");
  g_assert_cmpuint (exchange_status (initialized), ==, SOUP_STATUS_ACCEPTED);
  g_assert_cmpstr (exchange_text (initialized), ==, "");
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = runnel_demo_server_new ();
  runnel_demo_server_listen (f->server, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);
  f->session = soup_session_new ();
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  soup_session_abort (f->session);
  g_object_unref (f->session);
  runnel_demo_server_stop (f->server);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
  g_assert_finalize_object (f->server);
  g_free (f->session_id);
}

static void
test_initialize (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Exchange) x = exchange (f, "POST", "", ACCEPT_BOTH, FALSE, NULL,
                                    "{\"jsonrpc\": \"2.0\", \"id\": \"a\", \"method\": "
                                    "\"initialize\", \"params\": {\"protocolVersion\": "
                                    "\"2025-06-18\"}}");
  g_autoptr(JsonParser) parser = NULL;
  JsonObject *object = exchange_json (x, &parser);
  JsonObject *result = json_object_get_object_member (object, "result");
  JsonObject *capabilities = json_object_get_object_member (result, "capabilities");
  const char *session_id;

  g_assert_cmpuint (exchange_status (x), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (exchange_content_type (x), ==, "application/json");
  session_id = soup_message_headers_get_one (soup_message_get_response_headers (x->msg),
                                             "Mcp-Session-Id");
  g_assert_nonnull (session_id);
  /* visible ASCII only, as the specification asks */
  for (const char *p = session_id; p != NULL && *p != '\0'; p++)
    g_assert_true (*p >= 0x21 && *p <= 0x7e);

  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "a");
  g_assert_cmpstr (json_object_get_string_member (result, "protocolVersion"), ==, "2025-06-18");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (result,
                                                                                  "serverInfo"),
                                                  "name"), ==, "runnel-demo");
  g_assert_true (json_object_has_member (capabilities, "tools"));
  g_assert_true (json_object_has_member (capabilities, "resources"));

  /* each initialize is a new session */
  initialize (f);
  g_assert_cmpstr (f->session_id, !=, session_id);
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Exchange) tools = NULL;
  g_autoptr(Exchange) resources = NULL;
  g_autoptr(Exchange) read = NULL;
  g_autoptr(Exchange) echo = NULL;
  g_autoptr(JsonParser) parser = NULL;
  JsonArray *array;

  initialize (f);

  tools = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}");
  g_assert_cmpuint (exchange_status (tools), ==, SOUP_STATUS_OK);
  array = json_object_get_array_member (json_object_get_object_member (exchange_json (tools,
                                                                                      &parser),
                                                                       "result"), "tools");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0),
                                                  "name"), ==, "countdown");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 1),
                                                  "name"), ==, "echo");
  g_clear_object (&parser);

  resources = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 3, \"method\": \"resources/list\"}");
  g_assert_nonnull (strstr (exchange_text (resources), "\"uri\":\"runnel://demo/readme\""));
  read = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 4, \"method\": \"resources/read\", "
                      "\"params\": {\"uri\": \"runnel://demo/readme\"}}");
  g_assert_nonnull (strstr (exchange_text (read), "\"text\":\"This is the Runnel demo server"));

  echo = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/call\", \"params\": "
                      "{\"name\": \"echo\", \"arguments\": {\"text\": \"hi there\"}}}");
  g_assert_cmpstr (exchange_content_type (echo), ==, "application/json");
  g_assert_cmpstr (exchange_text (echo), ==,
                   "{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{\"content\":[{\"type\":\"text\","
                   "\"text\":\"hi there\"}],\"isError\":false}}");
}

#define COUNTDOWN(id, token) \
  "{\"jsonrpc\": \"2.0\", \"id\": " id ", \"method\": \"tools/call\", \"params\": {\"name\": " \
  "\"countdown\", \"arguments\": {\"from\": 3, \"interval_ms\": 10}" token "}}"
#define PROGRESS(n, left) \
  "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":{\"progressToken\":" \
  "\"tok\",\"progress\":" n ",\"total\":3,\"message\":\"" left " left\"}}"
#define LIFTOFF(id) \
  "{\"jsonrpc\":\"2.0\",\"id\":" id ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":" \
  "\"Liftoff after counting down from 3\"}],\"isError\":false}}"

static void
test_countdown (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(Exchange) progress = NULL;
  g_autoptr(Exchange) quiet = NULL;
  g_autofree char *events = NULL;
  g_autofree char *quiet_events = NULL;

  initialize (f);

  progress = post (f, "", COUNTDOWN ("7", ", \"_meta\": {\"progressToken\": \"tok\"}"));
  g_assert_no_error (progress->error);
  g_assert_cmpstr (exchange_content_type (progress), ==, "text/event-stream");
  events = exchange_events (progress);
  g_assert_cmpstr (events, ==,
                   "1-1 " PROGRESS ("1", "2") "\n"
                   "1-2 " PROGRESS ("2", "1") "\n"
                   "1-3 " PROGRESS ("3", "0") "\n"
                   "1-4 " LIFTOFF ("7") "\n");

  /* no progress token, no progress: the result alone, on a stream of its own */
  quiet = post (f, "", COUNTDOWN ("8", ""));
  quiet_events = exchange_events (quiet);
  g_assert_cmpstr (quiet_events, ==, "2-1 " LIFTOFF ("8") "\n");
}

static void
test_resume (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Exchange) cut = NULL;
  g_autoptr(Exchange) resumed = NULL;
  g_autoptr(Exchange) again = NULL;
  g_autoptr(Exchange) past = NULL;
  g_autoptr(Exchange) other = NULL;
  g_autofree char *cut_events = NULL;
  g_autofree char *resumed_events = NULL;
  g_autofree char *again_events = NULL;

  initialize (f);

  /* another stream's messages must never show up in the resumed one */
  other = post (f, "", COUNTDOWN ("1", ", \"_meta\": {\"progressToken\": \"tok\"}"));

  cut = post (f, "?drop_after=2", COUNTDOWN ("2", ", \"_meta\": {\"progressToken\": \"tok\"}"));
  cut_events = exchange_events (cut);
  g_assert_cmpstr (cut_events, ==,
                   "2-1 " PROGRESS ("1", "2") "\n"
                   "2-2 " PROGRESS ("2", "1") "\n");

  resumed = exchange (f, "GET", "", "text/event-stream", TRUE, "2-2", NULL);
  g_assert_no_error (resumed->error);
  resumed_events = exchange_events (resumed);
  g_assert_cmpstr (resumed_events, ==,
                   "2-3 " PROGRESS ("3", "0") "\n"
                   "2-4 " LIFTOFF ("2") "\n");

  /* from an earlier id, the same stream again from there */
  again = exchange (f, "GET", "", "text/event-stream", TRUE, "2-3", NULL);
  again_events = exchange_events (again);
  g_assert_cmpstr (again_events, ==, "2-4 " LIFTOFF ("2") "\n");

  past = exchange (f, "GET", "", "text/event-stream", TRUE, "9-1", NULL);
  g_assert_cmpuint (exchange_status (past), ==, SOUP_STATUS_BAD_REQUEST);
}

static gboolean
contains (Exchange   *x,
          const char *text)
{
  return x->body->len > 0 &&
         g_strstr_len ((const char *) x->body->data, x->body->len, text) != NULL;
}

static void
test_get_stream (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Exchange) refused = NULL;
  g_autoptr(Exchange) stream = NULL;
  g_autoptr(Exchange) second = NULL;
  g_autoptr(Exchange) echo = NULL;

  refused = exchange (f, "GET", "", "text/event-stream", TRUE, NULL, NULL);
  g_assert_cmpuint (exchange_status (refused), ==, SOUP_STATUS_BAD_REQUEST);

  initialize (f);

  stream = exchange_start (f, "GET", "", "text/event-stream", TRUE, NULL, NULL);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (contains (stream, "\n\n"), DEADLINE_MS));
  g_assert_cmpuint (exchange_status (stream), ==, SOUP_STATUS_OK);

  /* one GET stream per session */
  second = exchange (f, "GET", "", "text/event-stream", TRUE, NULL, NULL);
  g_assert_cmpuint (exchange_status (second), ==, SOUP_STATUS_CONFLICT);

  /* the server's own messages: a tool call is logged there */
  echo = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 5, \"method\": \"tools/call\", \"params\": "
                      "{\"name\": \"echo\", \"arguments\": {\"text\": \"x\"}}}");
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (contains (stream, "tools/call echo"), DEADLINE_MS));
  g_assert_true (g_str_has_prefix ((const char *) stream->body->data,
                                   "id: 1-1\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                                   "\"notifications/message\""));
  g_assert_true (contains (stream, "id: 1-2\ndata: "));

  /* DELETE ends the session, and its streams with it */
  g_clear_pointer (&second, exchange_free);
  second = exchange (f, "DELETE", "", NULL, TRUE, NULL, NULL);
  g_assert_cmpuint (exchange_status (second), ==, SOUP_STATUS_OK);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (stream->done, DEADLINE_MS));
  g_assert_no_error (stream->error);
}

static void
test_session_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Exchange) no_session = NULL;
  g_autoptr(Exchange) expired = NULL;
  g_autoptr(Exchange) deleted = NULL;
  g_autoptr(Exchange) after_delete = NULL;
  g_autoptr(Exchange) accept = NULL;
  g_autoptr(Exchange) batch = NULL;
  g_autoptr(Exchange) garbage = NULL;
  g_autoptr(Exchange) put = NULL;
  const char *list = "{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}";

  initialize (f);

  no_session = exchange (f, "POST", "", ACCEPT_BOTH, FALSE, NULL, list);
  g_assert_cmpuint (exchange_status (no_session), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (exchange_text (no_session), "Mcp-Session-Id header is required"));

  accept = exchange (f, "POST", "", "application/json", TRUE, NULL, list);
  g_assert_cmpuint (exchange_status (accept), ==, SOUP_STATUS_NOT_ACCEPTABLE);

  batch = post (f, "", "[{\"jsonrpc\": \"2.0\", \"id\": 2, \"method\": \"tools/list\"}]");
  g_assert_cmpuint (exchange_status (batch), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (exchange_text (batch), "\"code\":-32600"));

  garbage = post (f, "", "{\"jsonrpc\": ");
  g_assert_cmpuint (exchange_status (garbage), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_nonnull (strstr (exchange_text (garbage), "\"code\":-32700"));

  put = exchange (f, "PUT", "", ACCEPT_BOTH, TRUE, NULL, list);
  g_assert_cmpuint (exchange_status (put), ==, SOUP_STATUS_METHOD_NOT_ALLOWED);

  /* a page of another machine is refused (DNS rebinding); one of this machine is not */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(Exchange) page = exchange_start (f, "POST", "", ACCEPT_BOTH, TRUE, NULL, list);

      /* the request is still queued: its headers can change */
      soup_message_headers_replace (soup_message_get_request_headers (page->msg), "Origin",
                                    i == 0 ? "http://evil.example" : "http://localhost:5173");
      g_assert_true (RUNNEL_TEST_WAIT_UNTIL (page->done, DEADLINE_MS));
      g_assert_cmpuint (exchange_status (page), ==,
                        i == 0 ? SOUP_STATUS_FORBIDDEN : SOUP_STATUS_OK);
    }

  /* the expired-session switch: the server forgets it, then answers 404 */
  expired = post (f, "?expire_session=1", list);
  g_assert_cmpuint (exchange_status (expired), ==, SOUP_STATUS_NOT_FOUND);
  g_clear_pointer (&expired, exchange_free);
  expired = post (f, "", list);
  g_assert_cmpuint (exchange_status (expired), ==, SOUP_STATUS_NOT_FOUND);

  initialize (f);
  deleted = exchange (f, "DELETE", "", NULL, TRUE, NULL, NULL);
  g_assert_cmpuint (exchange_status (deleted), ==, SOUP_STATUS_OK);
  after_delete = post (f, "", list);
  g_assert_cmpuint (exchange_status (after_delete), ==, SOUP_STATUS_NOT_FOUND);
}

static void
test_jsonrpc_errors (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(Exchange) method = NULL;
  g_autoptr(Exchange) tool = NULL;
  g_autoptr(Exchange) args = NULL;

  initialize (f);

  method = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 9, \"method\": \"prompts/list\"}");
  g_assert_cmpuint (exchange_status (method), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (exchange_text (method), ==,
                   "{\"jsonrpc\":\"2.0\",\"id\":9,\"error\":{\"code\":-32601,"
                   "\"message\":\"Method not found: prompts/list\"}}");

  tool = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 10, \"method\": \"tools/call\", "
                      "\"params\": {\"name\": \"nope\"}}");
  g_assert_cmpstr (exchange_text (tool), ==,
                   "{\"jsonrpc\":\"2.0\",\"id\":10,\"error\":{\"code\":-32602,"
                   "\"message\":\"Unknown tool: nope\"}}");

  args = post (f, "", "{\"jsonrpc\": \"2.0\", \"id\": 11, \"method\": \"tools/call\", "
                      "\"params\": {\"name\": \"countdown\", \"arguments\": {\"from\": 0}}}");
  g_assert_nonnull (strstr (exchange_text (args), "\"code\":-32602"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runnel/demo-mcp/initialize", Fixture, NULL,
              fixture_setup, test_initialize, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/lists", Fixture, NULL,
              fixture_setup, test_lists, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/countdown", Fixture, NULL,
              fixture_setup, test_countdown, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/resume", Fixture, NULL,
              fixture_setup, test_resume, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/get-stream", Fixture, NULL,
              fixture_setup, test_get_stream, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/session-errors", Fixture, NULL,
              fixture_setup, test_session_errors, fixture_teardown);
  g_test_add ("/runnel/demo-mcp/jsonrpc-errors", Fixture, NULL,
              fixture_setup, test_jsonrpc_errors, fixture_teardown);

  return g_test_run ();
}
