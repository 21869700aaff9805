/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mcp-session.c: JSON-RPC messages and pairing; RunnelMcpSession against the demo's /mcp */

#include "config.h"

#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-json.h"
#include "runnel-mcp-session.h"
#include "runnel-test-util.h"

#define DEADLINE_MS 10000

/* Messages and pairing */

static RunnelMcpMessage *
received (const char *text)
{
  g_autoptr(GError) error = NULL;
  RunnelMcpMessage *message = runnel_mcp_message_new_from_text (RUNNEL_MCP_DIRECTION_RECEIVED,
                                                                text, -1, &error);

  g_assert_no_error (error);
  return message;
}

static void
test_kinds (void)
{
  static const struct { const char *text; RunnelMcpKind kind; const char *method; const char *id; }
  cases[] = {
    { "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}",
      RUNNEL_MCP_KIND_REQUEST, "tools/list", "1" },
    { "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"ping\",\"params\":{}}",
      RUNNEL_MCP_KIND_REQUEST, "ping", "\"a\"" },
    { "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}",
      RUNNEL_MCP_KIND_NOTIFICATION, "notifications/initialized", NULL },
    { "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", RUNNEL_MCP_KIND_RESPONSE, NULL, "7" },
    { "{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":null}", RUNNEL_MCP_KIND_RESPONSE, NULL, "7" },
    { "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32700,\"message\":\"Parse error\"}}",
      RUNNEL_MCP_KIND_ERROR, NULL, "null" },
    { "{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"x\"}", RUNNEL_MCP_KIND_INVALID, NULL, NULL },
    { "{\"id\":1,\"method\":\"x\"}", RUNNEL_MCP_KIND_INVALID, NULL, NULL },
    { "{\"jsonrpc\":\"2.0\",\"id\":{},\"method\":\"x\"}", RUNNEL_MCP_KIND_INVALID, NULL, NULL },
    { "{\"jsonrpc\":\"2.0\",\"id\":1}", RUNNEL_MCP_KIND_INVALID, NULL, "1" },
    { "[1, 2]", RUNNEL_MCP_KIND_INVALID, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RunnelMcpMessage) message = received (cases[i].text);

      g_test_message ("%s", cases[i].text);
      g_assert_cmpint (runnel_mcp_message_get_kind (message), ==, cases[i].kind);
      g_assert_cmpstr (runnel_mcp_message_get_method (message), ==, cases[i].method);
      g_assert_cmpstr (runnel_mcp_message_get_id (message), ==, cases[i].id);
    }
}

static void
test_error_and_progress (void)
{
  g_autoptr(RunnelMcpMessage) error = received ("{\"jsonrpc\":\"2.0\",\"id\":3,\"error\":"
                                                "{\"code\":-32601,\"message\":\"Method not "
                                                "found\"}}");
  g_autoptr(RunnelMcpMessage) progress = received ("{\"jsonrpc\":\"2.0\",\"method\":"
                                                   "\"notifications/progress\",\"params\":"
                                                   "{\"progressToken\":\"t\",\"progress\":2,"
                                                   "\"total\":5,\"message\":\"3 left\"}}");
  g_autoptr(GError) parse_error = NULL;
  g_autoptr(RunnelMcpMessage) deep = NULL;
  g_autofree char *nested = NULL;
  g_autofree char *line = NULL;
  const char *text = NULL;
  double done = 0;
  double total = 0;

  g_assert_cmpint (runnel_mcp_message_get_error_code (error), ==, -32601);
  g_assert_cmpstr (runnel_mcp_message_get_error_message (error), ==, "Method not found");

  g_assert_true (runnel_mcp_message_get_progress (progress, &done, &total, &text));
  g_assert_cmpfloat (done, ==, 2);
  g_assert_cmpfloat (total, ==, 5);
  g_assert_cmpstr (text, ==, "3 left");
  g_assert_cmpstr (runnel_mcp_message_get_progress_token (progress), ==, "\"t\"");

  /* one line for the command line, with the message as it came */
  runnel_mcp_message_set_event_id (progress, "1-2");
  line = runnel_mcp_message_to_json_line (progress);
  g_assert_cmpstr (line, ==,
                   "{\"direction\":\"received\",\"kind\":\"notification\",\"method\":"
                   "\"notifications/progress\",\"event_id\":\"1-2\",\"message\":"
                   "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                   "{\"progressToken\":\"t\",\"progress\":2,\"total\":5,\"message\":"
                   "\"3 left\"}}}");

  /* the server's data goes through the depth check */
  nested = g_strnfill (100000, '[');
  deep = runnel_mcp_message_new_from_text (RUNNEL_MCP_DIRECTION_RECEIVED, nested, -1,
                                           &parse_error);
  g_assert_null (deep);
  g_assert_error (parse_error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
}

static void
test_pairing (void)
{
  g_autoptr(RunnelMcpPairing) pairing = runnel_mcp_pairing_new ();
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(RunnelMcpMessage) list = runnel_mcp_message_new_request (1, "tools/list", NULL);
  g_autoptr(RunnelMcpMessage) call = NULL;
  g_autoptr(RunnelMcpMessage) progress = NULL;
  g_autoptr(RunnelMcpMessage) call_result = NULL;
  g_autoptr(RunnelMcpMessage) list_result = NULL;
  g_autoptr(RunnelMcpMessage) again = NULL;
  g_autoptr(RunnelMcpMessage) stranger = NULL;
  g_autoptr(RunnelMcpMessage) notification = NULL;

  json_parser_load_from_data (parser, "{\"name\":\"countdown\",\"_meta\":{\"progressToken\":"
                                      "\"tok\"}}", -1, NULL);
  call = runnel_mcp_message_new_request (2, "tools/call", json_parser_get_root (parser));
  g_assert_cmpstr (runnel_mcp_message_get_progress_token (call), ==, "\"tok\"");

  g_assert_true (runnel_mcp_pairing_add (pairing, list));
  g_assert_true (runnel_mcp_pairing_add (pairing, call));
  g_assert_cmpuint (runnel_mcp_pairing_get_n_pending (pairing), ==, 2);

  /* progress goes with the request that gave its token */
  progress = received ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                       "{\"progressToken\":\"tok\",\"progress\":1}}");
  g_assert_true (runnel_mcp_pairing_add (pairing, progress));
  g_assert_true (runnel_mcp_message_get_request (progress) == call);

  /* answers in any order, each to its own request, whose method it takes */
  call_result = received ("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"content\":[]}}");
  g_assert_true (runnel_mcp_pairing_add (pairing, call_result));
  g_assert_true (runnel_mcp_message_get_request (call_result) == call);
  g_assert_cmpstr (runnel_mcp_message_get_method (call_result), ==, "tools/call");

  list_result = received ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}");
  g_assert_true (runnel_mcp_pairing_add (pairing, list_result));
  g_assert_true (runnel_mcp_message_get_request (list_result) == list);
  g_assert_cmpuint (runnel_mcp_pairing_get_n_pending (pairing), ==, 0);

  /* an answer twice, or to nothing sent, pairs with nothing */
  again = received ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}");
  g_assert_false (runnel_mcp_pairing_add (pairing, again));
  g_assert_null (runnel_mcp_message_get_request (again));
  stranger = received ("{\"jsonrpc\":\"2.0\",\"id\":\"1\",\"result\":{}}");
  g_assert_false (runnel_mcp_pairing_add (pairing, stranger));

  notification = received ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\"}");
  g_assert_true (runnel_mcp_pairing_add (pairing, notification));
  g_assert_null (runnel_mcp_message_get_request (notification));
}

static void
test_compare_runs (void)
{
  g_autoptr(GPtrArray) reference = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) resumed = g_ptr_array_new_with_free_func (g_object_unref);
  guint lost = 9;
  guint repeated = 9;

  g_ptr_array_add (reference, received ("{\"jsonrpc\":\"2.0\",\"method\":"
                                        "\"notifications/progress\",\"params\":"
                                        "{\"progressToken\":\"a\",\"progress\":1}}"));
  g_ptr_array_add (reference, received ("{\"jsonrpc\":\"2.0\",\"method\":"
                                        "\"notifications/progress\",\"params\":"
                                        "{\"progressToken\":\"a\",\"progress\":2}}"));
  g_ptr_array_add (reference, received ("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}"));

  /* the same, but for the token and the id */
  g_ptr_array_add (resumed, received ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                                      "\"params\":{\"progressToken\":\"b\",\"progress\":1}}"));
  g_ptr_array_add (resumed, received ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                                      "\"params\":{\"progressToken\":\"b\",\"progress\":2}}"));
  g_ptr_array_add (resumed, received ("{\"jsonrpc\":\"2.0\",\"id\":5,\"result\":{}}"));
  runnel_mcp_compare_runs (reference, resumed, &lost, &repeated);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (repeated, ==, 0);

  /* one replayed twice, one missing */
  g_ptr_array_remove_index (resumed, 1);
  g_ptr_array_add (resumed, received ("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\","
                                      "\"params\":{\"progressToken\":\"b\",\"progress\":1}}"));
  runnel_mcp_compare_runs (reference, resumed, &lost, &repeated);
  g_assert_cmpuint (lost, ==, 1);
  g_assert_cmpuint (repeated, ==, 1);
}

/* Sessions against the demo server */

typedef struct
{
  RunnelDemoServer *server;
  RunnelMcpSession *session;
  GPtrArray        *messages;   /* every RunnelMcpMessage signalled */
  GPtrArray        *notes;
  GAsyncResult     *result;
} Fixture;

static void
message_cb (RunnelMcpSession *session,
            RunnelMcpMessage *message,
            Fixture          *f)
{
  g_ptr_array_add (f->messages, g_object_ref (message));
}

static void
note_cb (RunnelMcpSession *session,
         const char       *text,
         Fixture          *f)
{
  g_test_message ("note: %s", text);
  g_ptr_array_add (f->notes, g_strdup (text));
}

static void
fixture_open (Fixture    *f,
              const char *query)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (f->server), "mcp", query, NULL);
  g_autoptr(RunnelRequest) request = runnel_request_new (url);

  runnel_request_append_header (request, "Authorization", "Bearer kept", TRUE);
  g_clear_object (&f->session);
  f->session = runnel_mcp_session_new (request);
  g_signal_connect (f->session, "message", G_CALLBACK (message_cb), f);
  g_signal_connect (f->session, "note", G_CALLBACK (note_cb), f);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = runnel_demo_server_new ();
  runnel_demo_server_listen (f->server, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);
  f->messages = g_ptr_array_new_with_free_func (g_object_unref);
  f->notes = g_ptr_array_new_with_free_func (g_free);
  fixture_open (f, "");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->result);
  /* the tasks let go of the session once their last callbacks have run */
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (G_OBJECT (f->session)->ref_count == 1, DEADLINE_MS));
  g_assert_finalize_object (g_steal_pointer (&f->session));
  runnel_test_iterate_until (NULL, NULL, 50);
  runnel_demo_server_stop (f->server);
  g_assert_finalize_object (f->server);
  g_ptr_array_unref (f->messages);
  g_ptr_array_unref (f->notes);
}

static void
result_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  Fixture *f = user_data;

  f->result = g_object_ref (result);
}

static GAsyncResult *
wait_result (Fixture *f)
{
  g_clear_object (&f->result);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (f->result != NULL, DEADLINE_MS));
  return f->result;
}

static void
initialize (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&f->result);
  runnel_mcp_session_initialize_async (f->session, NULL, result_cb, f);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (f->result != NULL, DEADLINE_MS));
  g_assert_true (runnel_mcp_session_initialize_finish (f->session, f->result, &error));
  g_assert_no_error (error);
}

static RunnelMcpMessage *
request (Fixture     *f,
         const char  *method,
         const char  *params,
         GError     **error)
{
  g_autoptr(JsonNode) node = params != NULL ? json_from_string (params, NULL) : NULL;

  g_clear_object (&f->result);
  runnel_mcp_session_request_async (f->session, method, node, NULL, result_cb, f);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (f->result != NULL, DEADLINE_MS));
  return runnel_mcp_session_request_finish (f->session, f->result, error);
}

static RunnelMcpMessage *
call_countdown (Fixture     *f,
                guint        from,
                GError     **error)
{
  g_autofree char *args = g_strdup_printf ("{\"from\": %u, \"interval_ms\": 20}", from);
  g_autoptr(JsonNode) node = json_from_string (args, NULL);

  g_clear_object (&f->result);
  runnel_mcp_session_call_tool_async (f->session, "countdown", node, TRUE, NULL, result_cb, f);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (f->result != NULL, DEADLINE_MS));
  return runnel_mcp_session_request_finish (f->session, f->result, error);
}

/* the messages received since @from that answer @request (progress and response) */
static GPtrArray *
received_for (Fixture          *f,
              RunnelMcpMessage *response)
{
  RunnelMcpMessage *sent = runnel_mcp_message_get_request (response);
  GPtrArray *out = g_ptr_array_new_with_free_func (g_object_unref);

  for (guint i = 0; i < f->messages->len; i++)
    {
      RunnelMcpMessage *message = g_ptr_array_index (f->messages, i);

      if (runnel_mcp_message_get_direction (message) == RUNNEL_MCP_DIRECTION_RECEIVED &&
          runnel_mcp_message_get_request (message) == sent)
        g_ptr_array_add (out, g_object_ref (message));
    }

  return out;
}

static void
test_session_initialize (Fixture       *f,
                         gconstpointer  data)
{
  RunnelMcpMessage *first;
  RunnelMcpMessage *second;
  RunnelMcpMessage *third;

  g_assert_cmpint (runnel_mcp_session_get_state (f->session), ==, RUNNEL_MCP_SESSION_STATE_IDLE);
  initialize (f);

  g_assert_cmpint (runnel_mcp_session_get_state (f->session), ==, RUNNEL_MCP_SESSION_STATE_READY);
  g_assert_nonnull (runnel_mcp_session_get_session_id (f->session));
  g_assert_cmpstr (runnel_mcp_session_get_protocol_version (f->session), ==, "2025-06-18");
  g_assert_cmpstr (runnel_mcp_session_get_server_name (f->session), ==, "runnel-demo");
  g_assert_cmpstr (runnel_mcp_session_get_server_version (f->session), ==, PACKAGE_VERSION);
  g_assert_true (runnel_mcp_session_has_capability (f->session, "tools"));
  g_assert_true (runnel_mcp_session_has_capability (f->session, "resources"));
  g_assert_false (runnel_mcp_session_has_capability (f->session, "prompts"));

  /* initialize, its response, then the initialized notification */
  g_assert_cmpuint (f->messages->len, ==, 3);
  first = g_ptr_array_index (f->messages, 0);
  second = g_ptr_array_index (f->messages, 1);
  third = g_ptr_array_index (f->messages, 2);
  g_assert_cmpint (runnel_mcp_message_get_kind (first), ==, RUNNEL_MCP_KIND_REQUEST);
  g_assert_cmpstr (runnel_mcp_message_get_method (first), ==, "initialize");
  g_assert_cmpint (runnel_mcp_message_get_kind (second), ==, RUNNEL_MCP_KIND_RESPONSE);
  g_assert_true (runnel_mcp_message_get_request (second) == first);
  g_assert_cmpstr (runnel_mcp_message_get_method (second), ==, "initialize");
  g_assert_cmpint (runnel_mcp_message_get_kind (third), ==, RUNNEL_MCP_KIND_NOTIFICATION);
  g_assert_cmpstr (runnel_mcp_message_get_method (third), ==, "notifications/initialized");
}

static void
test_session_lists (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RunnelMcpMessage) tools = NULL;
  g_autoptr(RunnelMcpMessage) resources = NULL;
  g_autoptr(RunnelMcpMessage) echo = NULL;
  g_autoptr(GError) error = NULL;
  JsonArray *array;

  initialize (f);

  tools = request (f, "tools/list", NULL, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (runnel_mcp_message_get_result (tools), "tools");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (runnel_mcp_message_get_transport (tools), ==, "POST");

  resources = request (f, "resources/list", NULL, &error);
  g_assert_no_error (error);
  array = json_object_get_array_member (runnel_mcp_message_get_result (resources), "resources");
  g_assert_cmpuint (json_array_get_length (array), ==, 1);

  echo = request (f, "tools/call", "{\"name\": \"echo\", \"arguments\": {\"text\": \"héllo\"}}",
                  &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (runnel_mcp_message_get_text (echo), "\"text\":\"héllo\""));
}

static void
test_session_progress (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(RunnelMcpMessage) response = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;

  initialize (f);
  response = call_countdown (f, 3, &error);
  g_assert_no_error (error);
  g_assert_cmpint (runnel_mcp_message_get_kind (response), ==, RUNNEL_MCP_KIND_RESPONSE);
  g_assert_false (json_object_get_boolean_member (runnel_mcp_message_get_result (response),
                                                  "isError"));

  /* three progress notifications, each paired with the call, then the response */
  answers = received_for (f, response);
  g_assert_cmpuint (answers->len, ==, 4);
  for (guint i = 0; i < 3; i++)
    {
      RunnelMcpMessage *progress = g_ptr_array_index (answers, i);
      g_autofree char *id = g_strdup_printf ("1-%u", i + 1);
      double done = 0;

      g_assert_true (runnel_mcp_message_get_progress (progress, &done, NULL, NULL));
      g_assert_cmpfloat (done, ==, i + 1);
      g_assert_cmpstr (runnel_mcp_message_get_event_id (progress), ==, id);
      g_assert_cmpstr (runnel_mcp_message_get_transport (progress), ==, "POST stream");
    }
  g_assert_true (g_ptr_array_index (answers, 3) == response);
  g_assert_cmpstr (runnel_mcp_message_get_event_id (response), ==, "1-4");
  g_assert_cmpuint (runnel_mcp_session_get_n_resumptions (f->session), ==, 0);
}

/* a cut stream is resumed with Last-Event-ID: every message once, none lost */
static void
check_resumed (Fixture *f,
               guint    n_before)
{
  g_autoptr(RunnelMcpMessage) reference = NULL;
  g_autoptr(RunnelMcpMessage) response = NULL;
  g_autoptr(GPtrArray) reference_answers = NULL;
  g_autoptr(GPtrArray) answers = NULL;
  g_autoptr(GError) error = NULL;
  guint lost = 9;
  guint repeated = 9;

  response = call_countdown (f, 5, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (runnel_mcp_session_get_n_resumptions (f->session), ==, 1);

  answers = received_for (f, response);
  g_assert_cmpuint (answers->len, ==, 6);
  for (guint i = 0; i < answers->len; i++)
    {
      g_autofree char *id = g_strdup_printf ("1-%u", i + 1);

      g_assert_cmpstr (runnel_mcp_message_get_event_id (g_ptr_array_index (answers, i)), ==, id);
      g_assert_cmpstr (runnel_mcp_message_get_transport (g_ptr_array_index (answers, i)), ==,
                       i < n_before ? "POST stream" : "GET resume");
    }

  /* the same call straight through: the same messages */
  reference = call_countdown (f, 5, &error);
  g_assert_no_error (error);
  reference_answers = received_for (f, reference);
  runnel_mcp_compare_runs (reference_answers, answers, &lost, &repeated);
  g_assert_cmpuint (lost, ==, 0);
  g_assert_cmpuint (repeated, ==, 0);
}

static void
test_session_resume_server_cut (Fixture       *f,
                                gconstpointer  data)
{
  /* the server cuts the stream after 2 events (and only the first time: see the demo) */
  fixture_open (f, "?drop_after=2");
  initialize (f);
  check_resumed (f, 2);
}

static void
test_session_resume_client_drop (Fixture       *f,
                                 gconstpointer  data)
{
  initialize (f);
  runnel_mcp_session_set_drop_after (f->session, 3);
  check_resumed (f, 3);
}

static void
test_session_expired (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RunnelMcpMessage) none = NULL;
  g_autoptr(RunnelMcpMessage) list = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;

  initialize (f);

  /* the demo forgets the session when the URL says so */
  fixture_open (f, "?expire_session=1");
  initialize (f);
  none = request (f, "tools/list", NULL, &error);
  g_assert_null (none);
  g_assert_error (error, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_SESSION_EXPIRED);
  g_assert_true (g_str_has_prefix (error->message,
                                   "The server no longer knows this session: initialize again"));
  g_assert_cmpint (runnel_mcp_session_get_state (f->session), ==,
                   RUNNEL_MCP_SESSION_STATE_EXPIRED);
  g_assert_null (runnel_mcp_session_get_session_id (f->session));
  g_clear_error (&error);

  /* without a session, the server wants one */
  none = request (f, "tools/list", NULL, &error);
  g_assert_error (error, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_MISSING_SESSION);
  g_assert_nonnull (strstr (error->message, "HTTP 400"));
  g_clear_error (&error);

  /* and a new session works again */
  fixture_open (f, "");
  initialize (f);
  list = request (f, "tools/list", NULL, &error);
  g_assert_no_error (error);
}

static void
test_session_jsonrpc_error (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(RunnelMcpMessage) none = NULL;
  g_autoptr(GError) error = NULL;
  RunnelMcpMessage *last;

  initialize (f);
  none = request (f, "tools/call", "{\"name\": \"nope\"}", &error);
  g_assert_null (none);
  g_assert_error (error, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_JSONRPC);
  g_assert_cmpstr (error->message, ==, "JSON-RPC error -32602: Unknown tool: nope");

  /* the error object is a message of the session too, paired with its request */
  last = g_ptr_array_index (f->messages, f->messages->len - 1);
  g_assert_cmpint (runnel_mcp_message_get_kind (last), ==, RUNNEL_MCP_KIND_ERROR);
  g_assert_cmpstr (runnel_mcp_message_get_method (last), ==, "tools/call");
  g_assert_cmpint (runnel_mcp_message_get_error_code (last), ==, -32602);
}

static gboolean
has_message (Fixture    *f,
             const char *transport,
             const char *text)
{
  for (guint i = 0; i < f->messages->len; i++)
    {
      RunnelMcpMessage *message = g_ptr_array_index (f->messages, i);

      if (g_strcmp0 (runnel_mcp_message_get_transport (message), transport) == 0 &&
          strstr (runnel_mcp_message_get_text (message), text) != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
test_session_stream_and_end (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(RunnelMcpMessage) echo = NULL;
  g_autoptr(RunnelMcpMessage) none = NULL;
  g_autoptr(GError) error = NULL;

  initialize (f);
  runnel_mcp_session_open_stream (f->session);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (has_message (f, "GET", "The server's stream is open"),
                                         DEADLINE_MS));
  g_assert_cmpint (runnel_mcp_session_get_stream_state (f->session), ==,
                   RUNNEL_SSE_CLIENT_STATE_OPEN);

  echo = request (f, "tools/call", "{\"name\": \"echo\", \"arguments\": {\"text\": \"x\"}}",
                  &error);
  g_assert_no_error (error);
  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (has_message (f, "GET", "tools/call echo"), DEADLINE_MS));

  /* DELETE ends it; the session is gone on the server too */
  g_clear_object (&f->result);
  runnel_mcp_session_end_async (f->session, NULL, result_cb, f);
  g_assert_true (runnel_mcp_session_end_finish (f->session, wait_result (f), &error));
  g_assert_no_error (error);
  g_assert_cmpint (runnel_mcp_session_get_state (f->session), ==, RUNNEL_MCP_SESSION_STATE_ENDED);
  g_assert_cmpint (runnel_mcp_session_get_stream_state (f->session), ==,
                   RUNNEL_SSE_CLIENT_STATE_IDLE);

  none = request (f, "tools/list", NULL, &error);
  g_assert_error (error, RUNNEL_MCP_ERROR, RUNNEL_MCP_ERROR_MISSING_SESSION);
}

/* the headers every request after initialize carries, as a server receives them */
static void
test_session_headers (void)
{
  static const char *responses[] = {
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nMcp-Session-Id: s-1\r\n"
    "Connection: close\r\nContent-Length: 103\r\n\r\n"
    "{\"jsonrpc\":\"2.0\",\"id\":0,\"result\":{\"protocolVersion\":\"2025-06-18\","
    "\"capabilities\":{},\"serverInfo\":{}}}   ",
    "HTTP/1.1 202 Accepted\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n"
    "Content-Length: 46\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"tools\":[]}}",
    NULL
  };
  g_autoptr(RunnelScriptServer) server = runnel_script_server_new (responses, FALSE);
  g_autofree char *url = runnel_script_server_url (server, "/mcp");
  g_autoptr(RunnelRequest) template = runnel_request_new (url);
  g_autoptr(RunnelMcpSession) session = NULL;
  g_autoptr(RunnelMcpMessage) list = NULL;
  g_autoptr(GError) error = NULL;
  Fixture f = { 0 };
  const char *first;
  const char *last;

  runnel_request_append_header (template, "Authorization", "Bearer kept", TRUE);
  session = runnel_mcp_session_new (template);
  f.session = session;
  initialize (&f);
  list = request (&f, "tools/list", NULL, &error);
  g_assert_no_error (error);
  g_clear_object (&f.result);

  /* initialize: no session yet, the user's header, one message as JSON accepting both answers */
  first = runnel_script_server_get_request (server, 0);
  g_assert_true (g_str_has_prefix (first, "POST /mcp HTTP/1.1\r\n"));
  g_assert_nonnull (strstr (first, "\r\nAuthorization: Bearer kept\r\n"));
  g_assert_nonnull (strstr (first, "\r\nAccept: application/json, text/event-stream\r\n"));
  g_assert_nonnull (strstr (first, "\r\nContent-Type: application/json\r\n"));
  g_assert_null (strstr (first, "Mcp-Session-Id"));
  g_assert_null (strstr (first, "MCP-Protocol-Version"));

  /* every later one: the session id and the protocol version too */
  for (guint i = 1; i < 3; i++)
    {
      last = runnel_script_server_get_request (server, i);
      g_assert_nonnull (strstr (last, "\r\nMcp-Session-Id: s-1\r\n"));
      g_assert_nonnull (strstr (last, "\r\nMCP-Protocol-Version: 2025-06-18\r\n"));
      g_assert_nonnull (strstr (last, "\r\nAuthorization: Bearer kept\r\n"));
    }
  g_assert_nonnull (strstr (last, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"tools/list\"}"));

  g_assert_true (RUNNEL_TEST_WAIT_UNTIL (G_OBJECT (session)->ref_count == 1, DEADLINE_MS));
}

/* runnel --mcp */

static char *
run_mcp (Fixture       *f,
         RunnelTestRun *run,
         const char    *query,
         ...)
{
  g_autofree char *url = g_strconcat (runnel_demo_server_get_uri (f->server), "mcp", query, NULL);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, (char *) "--mcp");
  g_ptr_array_add (argv, url);
  va_start (args, query);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  runnel_test_run_binary (run, (const char * const *) argv->pdata, DEADLINE_MS);
  g_test_message ("stderr: %s", run->err);
  return g_strdup (run->out);
}

/* the lines of @out that @text is in, counted */
static guint
count_lines (const char *out,
             const char *text)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  for (guint i = 0; lines[i] != NULL; i++)
    if (strstr (lines[i], text) != NULL)
      n++;

  return n;
}

static void
test_cli_call (Fixture       *f,
               gconstpointer  data)
{
  RunnelTestRun run = { 0 };
  g_autofree char *out = run_mcp (f, &run, "", "-H", "Authorization: Bearer kept",
                                  "--list-tools", "--call", "countdown",
                                  "--args", "{\"from\": 3, \"interval_ms\": 20}",
                                  "--expect", "json $.result.isError == false", NULL);
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);

  g_assert_cmpint (run.status, ==, 0);
  /* every message a JSON line: initialize, its response, initialized, the list and its
   * response, the call, three progress notifications, the result */
  g_assert_cmpuint (g_strv_length (lines), ==, 10 + 1);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(JsonNode) node = json_from_string (lines[i], NULL);

      g_assert_nonnull (node);
      g_assert_true (g_str_has_prefix (lines[i], "{\"direction\":\"sent\"") ||
                     g_str_has_prefix (lines[i], "{\"direction\":\"received\""));
    }
  g_assert_true (g_str_has_prefix (lines[0], "{\"direction\":\"sent\",\"kind\":\"request\","
                                             "\"method\":\"initialize\",\"id\":0,"));
  g_assert_cmpuint (count_lines (out, "\"kind\":\"notification\",\"method\":"
                                      "\"notifications/progress\""), ==, 3);
  g_assert_true (g_str_has_prefix (lines[9], "{\"direction\":\"received\",\"kind\":"
                                             "\"response\",\"method\":\"tools/call\",\"id\":2,"
                                             "\"event_id\":\"1-4\",\"via\":\"POST stream\""));

  /* states on stderr, with the expectation's verdict; the session ended */
  g_assert_nonnull (strstr (run.err, "POST tools/call → 200 OK, text/event-stream"));
  g_assert_nonnull (strstr (run.err, "✓ json $.result.isError == false"));
  g_assert_nonnull (strstr (run.err, "DELETE → 200 OK"));
  runnel_test_run_clear (&run);
}

static void
test_cli_resume (Fixture       *f,
                 gconstpointer  data)
{
  RunnelTestRun run = { 0 };
  g_autofree char *out = run_mcp (f, &run, "?drop_after=2", "--call", "countdown",
                                  "--args", "{\"from\": 4, \"interval_ms\": 20}", NULL);

  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "resuming after 1-2"));
  /* each event once, in order: two on the POST, the rest on the resumption */
  for (guint i = 1; i <= 5; i++)
    {
      g_autofree char *id = g_strdup_printf ("\"event_id\":\"1-%u\",\"via\":\"%s\"", i,
                                             i <= 2 ? "POST stream" : "GET resume");

      g_assert_cmpuint (count_lines (out, id), ==, 1);
    }
  g_assert_cmpuint (count_lines (out, "\"event_id\""), ==, 5);
  runnel_test_run_clear (&run);
  g_free (out);

  /* the client drops the call's stream itself (not initialize's answer, which is no stream) */
  out = run_mcp (f, &run, "", "--call", "countdown", "--drop-after", "2",
                 "--args", "{\"from\": 4, \"interval_ms\": 20}", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.err, "Dropping the stream after 2 events, as asked"));
  g_assert_cmpuint (count_lines (out, "\"via\":\"GET resume\""), ==, 3);
  g_assert_cmpuint (count_lines (out, "\"event_id\""), ==, 5);
  runnel_test_run_clear (&run);
}

static void
test_cli_failures (Fixture       *f,
                   gconstpointer  data)
{
  RunnelTestRun run = { 0 };
  g_autofree char *out = NULL;

  /* an expectation that fails: status 4 */
  out = run_mcp (f, &run, "", "--call", "echo", "--args", "{\"text\": \"hi\"}",
                 "--expect", "json $.result.isError == true", NULL);
  g_assert_cmpint (run.status, ==, 4);
  g_assert_nonnull (strstr (run.err, "✗ json $.result.isError == true"));
  runnel_test_run_clear (&run);
  g_free (out);

  /* a JSON-RPC error: in words with its code, status 1 */
  out = run_mcp (f, &run, "", "--call", "nope", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "JSON-RPC error -32602: Unknown tool: nope"));
  g_assert_cmpuint (count_lines (out, "\"kind\":\"error\""), ==, 1);
  runnel_test_run_clear (&run);
  g_free (out);

  /* an expired session */
  out = run_mcp (f, &run, "?expire_session=1", "--list-tools", NULL);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "The server no longer knows this session: initialize again"));
  runnel_test_run_clear (&run);
  g_free (out);

  /* a server that is not there: said as a stream's client says it, not "Could not reach the
   * server: Could not connect to …" */
  {
    guint port = runnel_test_closed_port ();
    g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/mcp", port);
    g_autofree char *said = g_strdup_printf ("runnel: Cannot connect to 127.0.0.1:%u: "
                                             "Connection refused", port);
    const char *argv[] = { "--mcp", url, "--list-tools", NULL };

    runnel_test_run_binary (&run, argv, DEADLINE_MS);
    g_assert_cmpint (run.status, ==, 1);
    g_assert_nonnull (strstr (run.err, said));
    g_assert_null (strstr (run.err, "Could not"));
    runnel_test_run_clear (&run);
  }

  /* --help says what it takes */
  out = run_mcp (f, &run, "", "--help", NULL);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (out, "--list-tools"));
  g_assert_nonnull (strstr (out, "--call=TOOL"));
  g_assert_nonnull (strstr (out, "--drop-after=N"));
  runnel_test_run_clear (&run);
  g_free (out);

  /* usage */
  out = run_mcp (f, &run, "", "--call", "echo", "--args", "[1]", NULL);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--args must be a JSON object"));
  runnel_test_run_clear (&run);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/mcp/kinds", test_kinds);
  g_test_add_func ("/runnel/mcp/error-and-progress", test_error_and_progress);
  g_test_add_func ("/runnel/mcp/pairing", test_pairing);
  g_test_add_func ("/runnel/mcp/compare-runs", test_compare_runs);
  g_test_add_func ("/runnel/mcp-session/headers", test_session_headers);

#define SESSION_TEST(path, func) \
  g_test_add ("/runnel/mcp-session/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  SESSION_TEST ("initialize", test_session_initialize);
  SESSION_TEST ("lists", test_session_lists);
  SESSION_TEST ("progress", test_session_progress);
  SESSION_TEST ("resume-server-cut", test_session_resume_server_cut);
  SESSION_TEST ("resume-client-drop", test_session_resume_client_drop);
  SESSION_TEST ("expired", test_session_expired);
  SESSION_TEST ("jsonrpc-error", test_session_jsonrpc_error);
  SESSION_TEST ("stream-and-end", test_session_stream_and_end);

  g_test_add ("/runnel/mcp-cli/call", Fixture, NULL, fixture_setup, test_cli_call,
              fixture_teardown);
  g_test_add ("/runnel/mcp-cli/resume", Fixture, NULL, fixture_setup, test_cli_resume,
              fixture_teardown);
  g_test_add ("/runnel/mcp-cli/failures", Fixture, NULL, fixture_setup, test_cli_failures,
              fixture_teardown);

  return g_test_run ();
}
