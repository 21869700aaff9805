/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-demo-server.c: RunnelDemoServer: every endpoint, every fault, many clients, the command */

#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <signal.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-sse-parser.h"

#define DEADLINE_MS 10000

typedef struct
{
  RunnelDemoServer *server;
  SoupSession      *session;
} Fixture;

/* A streaming request through SoupSession, read as it comes */
typedef struct
{
  SoupMessage  *msg;
  GInputStream *stream;
  GCancellable *cancellable;
  GByteArray   *data;
  GError       *error;
  GArray       *event_times;   /* monotonic time at which each "\n\n" arrived */
  gsize         scanned;
  gboolean      pending;       /* an async call is out */
  gboolean      done;          /* end of stream or error */
} Client;

static gboolean
flag_true_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Iterates the main context until @cond holds or @ms have passed; evaluates to @cond. */
#define WAIT_UNTIL(cond, ms) \
  ({ \
    gboolean timed_out_ = FALSE; \
    guint timeout_id_ = g_timeout_add ((ms), flag_true_cb, &timed_out_); \
    while (!(cond) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (!timed_out_) \
      g_source_remove (timeout_id_); \
    (cond); \
  })

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = runnel_demo_server_new ();
  runnel_demo_server_listen (f->server, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);

  f->session = soup_session_new_with_options ("max-conns", 2000,
                                              "max-conns-per-host", 2000,
                                              NULL);
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
}

static char *
fixture_url (Fixture    *f,
             const char *path)
{
  g_assert_true (path[0] == '/');
  return g_strconcat (runnel_demo_server_get_uri (f->server), path + 1, NULL);
}

static void client_read (Client *client);

static void
client_count_events (Client *client)
{
  gint64 now = g_get_monotonic_time ();

  for (; client->scanned + 1 < client->data->len; client->scanned++)
    {
      if (client->data->data[client->scanned] == '\n' &&
          client->data->data[client->scanned + 1] == '\n')
        {
          g_array_append_val (client->event_times, now);
          client->scanned++;
        }
    }
}

static void
client_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;
  g_autoptr(GBytes) bytes = NULL;

  client->pending = FALSE;
  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &client->error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      client->done = TRUE;
      return;
    }

  g_byte_array_append (client->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  client_count_events (client);
  client_read (client);
}

static void
client_read (Client *client)
{
  client->pending = TRUE;
  g_input_stream_read_bytes_async (client->stream, 65536, G_PRIORITY_DEFAULT,
                                   client->cancellable, client_read_cb, client);
}

static void
client_send_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  Client *client = user_data;

  client->pending = FALSE;
  client->stream = soup_session_send_finish (SOUP_SESSION (object), result, &client->error);
  if (client->stream == NULL)
    client->done = TRUE;
  else
    client_read (client);
}

static Client *
client_alloc (void)
{
  Client *client = g_new0 (Client, 1);

  client->cancellable = g_cancellable_new ();
  client->data = g_byte_array_new ();
  client->event_times = g_array_new (FALSE, FALSE, sizeof (gint64));

  return client;
}

static Client *
client_new (Fixture    *f,
            const char *method,
            const char *path,
            const char *body)
{
  g_autofree char *url = fixture_url (f, path);
  Client *client = client_alloc ();

  client->msg = soup_message_new (method, url);
  g_assert_nonnull (client->msg);

  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (client->msg, "application/json", bytes);
    }

  return client;
}

static void
client_start (SoupSession *session,
              Client      *client)
{
  client->pending = TRUE;
  soup_session_send_async (session, client->msg, G_PRIORITY_DEFAULT, client->cancellable,
                           client_send_cb, client);
}

/* Starts a request and waits until its headers are in. */
static Client *
client_open (Fixture    *f,
             const char *method,
             const char *path,
             const char *body)
{
  Client *client = client_new (f, method, path, body);

  client_start (f->session, client);
  g_assert_true (WAIT_UNTIL (client->stream != NULL || client->done, DEADLINE_MS));
  return client;
}

static void
client_wait_events (Client *client,
                    guint   n_events)
{
  g_assert_true (WAIT_UNTIL (client->event_times->len >= n_events || client->done, DEADLINE_MS));
  g_assert_no_error (client->error);
  g_assert_cmpuint (client->event_times->len, >=, n_events);
}

static void
client_wait_end (Client *client)
{
  g_assert_true (WAIT_UNTIL (client->done, DEADLINE_MS));
  g_assert_no_error (client->error);
}

/* The whole body as a string (the tests' bodies hold no NUL) */
static const char *
client_text (Client *client)
{
  static const char nul = '\0';

  g_byte_array_append (client->data, (const guint8 *) &nul, 1);
  g_byte_array_set_size (client->data, client->data->len - 1);
  return (const char *) client->data->data;
}

static void
client_free (Client *client)
{
  g_cancellable_cancel (client->cancellable);
  g_assert_true (WAIT_UNTIL (!client->pending, DEADLINE_MS));

  if (client->stream != NULL)
    g_input_stream_close (client->stream, NULL, NULL);

  g_clear_object (&client->stream);
  g_clear_object (&client->msg);
  g_clear_object (&client->cancellable);
  g_clear_error (&client->error);
  g_byte_array_unref (client->data);
  g_array_unref (client->event_times);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

/* A whole response: GET (or @method with @body) and read to the end */
static Client *
fetch (Fixture    *f,
       const char *method,
       const char *path,
       const char *body)
{
  Client *client = client_open (f, method, path, body);

  client_wait_end (client);
  return client;
}

static void
assert_event_stream (Client *client)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/event-stream");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-cache");
}

static void
assert_status (Fixture    *f,
               const char *method,
               const char *path,
               const char *body,
               guint       status,
               const char *text)
{
  g_autoptr(Client) client = fetch (f, method, path, body);

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, status);
  if (text != NULL)
    g_assert_nonnull (strstr (client_text (client), text));
}

/* Raw TCP, for the bytes on the wire */

/*
 * Sends "GET @path @version" with Connection: close and returns every byte received until the
 * server closes the connection, with or without a read error.
 */
static GByteArray *
raw_get (Fixture    *f,
         const char *path,
         const char *version)
{
  g_autoptr(GSocketClient) socket_client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *request = NULL;
  g_autoptr(Client) client = client_alloc ();

  connection = g_socket_client_connect_to_host (socket_client, "127.0.0.1",
                                                runnel_demo_server_get_port (f->server),
                                                NULL, &error);
  g_assert_no_error (error);

  request = g_strdup_printf ("GET %s %s\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n",
                             path, version);
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (connection)),
                             request, strlen (request), NULL, NULL, &error);
  g_assert_no_error (error);

  /* the same reader as for SoupSession, on the bare socket */
  client->stream = g_object_ref (g_io_stream_get_input_stream (G_IO_STREAM (connection)));
  client_read (client);
  g_assert_true (WAIT_UNTIL (client->done, DEADLINE_MS));

  return g_byte_array_ref (client->data);
}

/*
 * Decodes a raw chunked response: returns the body, the number of chunks and whether the final
 * zero-length chunk came; every chunk's size is checked against @chunk_size unless it is 0.
 */
static GByteArray *
decode_chunked (GByteArray *raw,
                guint      *n_chunks,
                gboolean   *terminated,
                gsize       chunk_size)
{
  GByteArray *body = g_byte_array_new ();
  const char *p = (const char *) raw->data;
  const char *end = p + raw->len;
  const char *head_end = g_strstr_len (p, raw->len, "\r\n\r\n");

  g_assert_nonnull (head_end);
  g_assert_nonnull (g_strstr_len (p, head_end - p, "Transfer-Encoding: chunked"));
  p = head_end + 4;
  *n_chunks = 0;
  *terminated = FALSE;

  while (p < end)
    {
      char *size_end = NULL;
      const char *chunk;
      guint64 size = g_ascii_strtoull (p, &size_end, 16);

      if (size_end == p || size_end + 2 > end || memcmp (size_end, "\r\n", 2) != 0)
        break;
      if (size == 0)
        {
          *terminated = TRUE;
          break;
        }
      chunk = size_end + 2;
      if ((gsize) (end - chunk) < size)
        {
          /* a cut-off chunk: keep what came */
          g_byte_array_append (body, (const guint8 *) chunk, end - chunk);
          break;
        }
      if (chunk_size != 0)
        g_assert_cmpuint (size, ==, chunk_size);
      g_byte_array_append (body, (const guint8 *) chunk, size);
      (*n_chunks)++;
      p = chunk + size + 2;
    }

  return body;
}

static gboolean
bytes_equal (GByteArray *array,
             const char *expected,
             gsize       len)
{
  return array->len == len && memcmp (array->data, expected, len) == 0;
}

/* The server object */

static void
notify_count_cb (GObject    *object,
                 GParamSpec *pspec,
                 guint      *count)
{
  (*count)++;
}

static void
test_listen (void)
{
  g_autoptr(RunnelDemoServer) server = runnel_demo_server_new ();
  g_autoptr(RunnelDemoServer) second = runnel_demo_server_new ();
  g_autoptr(RunnelDemoServer) third = runnel_demo_server_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *uri = NULL;
  guint n_notify = 0;
  guint port;

  g_signal_connect (server, "notify::uri", G_CALLBACK (notify_count_cb), &n_notify);
  g_assert_null (runnel_demo_server_get_uri (server));

  g_assert_true (runnel_demo_server_listen (server, NULL, 0, FALSE, &error));
  g_assert_no_error (error);
  port = runnel_demo_server_get_port (server);
  g_assert_cmpuint (port, >, 0);
  expected = g_strdup_printf ("http://127.0.0.1:%u/", port);
  g_assert_cmpstr (runnel_demo_server_get_uri (server), ==, expected);
  g_object_get (server, "uri", &uri, NULL);
  g_assert_cmpstr (uri, ==, expected);
  g_assert_cmpuint (n_notify, ==, 1);

  /* the port is taken: an error, or the next free one when asked */
  g_assert_false (runnel_demo_server_listen (second, "127.0.0.1", port, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);
  g_assert_null (runnel_demo_server_get_uri (second));
  if (port < G_MAXUINT16)
    {
      g_assert_true (runnel_demo_server_listen (second, "127.0.0.1", port, TRUE, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (runnel_demo_server_get_port (second), >, port);
    }

  g_assert_false (runnel_demo_server_listen (third, "not-an-address", 0, FALSE, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT);
  g_clear_error (&error);

  runnel_demo_server_stop (server);
  g_assert_null (runnel_demo_server_get_uri (server));
  g_assert_cmpuint (runnel_demo_server_get_port (server), ==, 0);
  g_assert_cmpuint (n_notify, ==, 2);

  /* and again after a stop */
  g_assert_true (runnel_demo_server_listen (server, "127.0.0.1", 0, FALSE, &error));
  g_assert_no_error (error);
  g_assert_nonnull (runnel_demo_server_get_uri (server));
  runnel_demo_server_stop (server);
  runnel_demo_server_stop (second);

  g_assert_finalize_object (g_steal_pointer (&server));
  g_assert_finalize_object (g_steal_pointer (&second));
  g_assert_finalize_object (g_steal_pointer (&third));
}

static const char * const issue_paths[] = {
  "/", "/clock", "/counter", "/chat", "/echo", "/firehose", "/events",
  "/fault/500", "/fault/503", "/fault/429", "/fault/401", "/fault/404", "/fault/204",
  "/fault/content-type", "/fault/drop", "/fault/retry", "/fault/trickle", "/fault/oversized",
  "/fault/invalid-utf8", "/fault/silent", "/fault/buffered", "/fault/heartbeat", "/fault/gzip",
  "/fault/redirect", "/ndjson", "/mcp",
};

static void
test_endpoints (void)
{
  const RunnelDemoEndpoint *endpoints;
  guint n = 0;

  endpoints = runnel_demo_server_get_endpoints (&n);
  g_assert_cmpuint (n, ==, G_N_ELEMENTS (issue_paths));
  g_assert_null (endpoints[n].path);

  for (guint i = 0; i < n; i++)
    {
      g_assert_cmpstr (endpoints[i].path, ==, issue_paths[i]);
      g_assert_nonnull (endpoints[i].method);
      g_assert_true (g_str_equal (endpoints[i].method, "GET") ||
                     g_str_equal (endpoints[i].method, "POST") ||
                     g_str_equal (endpoints[i].method, "ANY"));
      g_assert_cmpuint (strlen (endpoints[i].description), >, 10);
      g_assert_null (strchr (endpoints[i].description, '\n'));
    }
}

static void
test_index (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/", NULL);
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);
  const RunnelDemoEndpoint *endpoints = runnel_demo_server_get_endpoints (NULL);
  const char *html = client_text (client);
  g_autofree char *example = NULL;

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_nonnull (strstr (html, "new EventSource('/clock')"));

  /* examples with the address the browser used */
  example = g_strdup_printf ("curl -N http://127.0.0.1:%u/clock\n",
                             runnel_demo_server_get_port (f->server));
  g_assert_nonnull (strstr (html, example));

  for (guint i = 0; endpoints[i].path != NULL; i++)
    {
      g_autofree char *link = g_strdup_printf ("<code>%s</code>", endpoints[i].path);
      g_autofree char *description = g_markup_escape_text (endpoints[i].description, -1);

      g_assert_nonnull (strstr (html, link));
      g_assert_nonnull (strstr (html, description));
    }
}

/* The sample streams */

static void
test_clock (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/clock?interval=20", NULL);
  g_auto(GStrv) events = NULL;

  assert_event_stream (client);
  client_wait_events (client, 3);

  events = g_strsplit (client_text (client), "\n\n", -1);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GDateTime) time = NULL;

      g_assert_true (g_str_has_prefix (events[i], "data: "));
      time = g_date_time_new_from_iso8601 (events[i] + strlen ("data: "), NULL);
      g_assert_nonnull (time);
    }
}

static void
test_counter (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(Client) first = fetch (f, "GET", "/counter?interval=1&count=3", NULL);
  g_autoptr(Client) resumed = client_new (f, "GET", "/counter?interval=1&count=3", NULL);
  g_autoptr(Client) garbage = client_new (f, "GET", "/counter?interval=1&count=1", NULL);

  assert_event_stream (first);
  g_assert_cmpstr (client_text (first), ==, "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: 3\n\n");

  /* a reconnecting client loses and repeats nothing */
  soup_message_headers_replace (soup_message_get_request_headers (resumed->msg),
                                "Last-Event-ID", "41");
  client_start (f->session, resumed);
  client_wait_end (resumed);
  g_assert_cmpstr (client_text (resumed), ==,
                   "id: 42\ndata: 42\n\nid: 43\ndata: 43\n\nid: 44\ndata: 44\n\n");

  /* an id this server never gave starts over */
  soup_message_headers_replace (soup_message_get_request_headers (garbage->msg),
                                "Last-Event-ID", "banana");
  client_start (f->session, garbage);
  client_wait_end (garbage);
  g_assert_cmpstr (client_text (garbage), ==, "id: 1\ndata: 1\n\n");
}

/* ?drop=K: every connection is cut in the middle of its event K+1, and resuming loses nothing */
static void
test_counter_drop (Fixture       *f,
                   gconstpointer  data)
{
  static const char first[] = "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: cut";
  g_autoptr(GByteArray) raw = raw_get (f, "/counter?interval=1&drop=2", "HTTP/1.1");
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(Client) resumed = client_new (f, "GET", "/counter?interval=1&drop=2", NULL);
  gboolean terminated;
  guint n_chunks;

  body = decode_chunked (raw, &n_chunks, &terminated, 0);
  g_assert_false (terminated);
  g_assert_true (bytes_equal (body, first, strlen (first)));

  soup_message_headers_replace (soup_message_get_request_headers (resumed->msg),
                                "Last-Event-ID", "2");
  client_start (f->session, resumed);
  g_assert_true (WAIT_UNTIL (resumed->done, DEADLINE_MS));
  g_assert_cmpstr (client_text (resumed), ==, "id: 3\ndata: 3\n\nid: 4\ndata: 4\n\nid: 5\ndata: cut");
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == 0, DEADLINE_MS));

  assert_status (f, "GET", "/counter?drop=x", NULL, SOUP_STATUS_BAD_REQUEST, "'drop'");
}

static void
test_counter_forever (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/counter?interval=5", NULL);

  client_wait_events (client, 5);
  g_assert_true (g_str_has_prefix (client_text (client),
                                   "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\nid: 3\ndata: 3\n\n"));
  g_assert_false (client->done);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 1);
}

static void
test_chat (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "POST", "/chat?interval=1",
                                    "{\"model\": \"any\", \"stream\": true, \"messages\": ["
                                    "{\"role\": \"system\", \"content\": \"Be brief.\"},"
                                    "{\"role\": \"user\", \"content\": \"Hi \\\"there\\\"\"}]}");
  g_autoptr(GString) reply = g_string_new (NULL);
  g_auto(GStrv) events = NULL;
  guint n;

  assert_event_stream (client);
  events = g_strsplit (client_text (client), "\n\n", -1);
  n = g_strv_length (events);

  /* word by word JSON deltas, one finish_reason "stop", then [DONE], then the end */
  g_assert_cmpuint (n, >, 10);
  g_assert_cmpstr (events[n - 1], ==, "");
  g_assert_cmpstr (events[n - 2], ==, "data: [DONE]");

  for (guint i = 0; i < n - 2; i++)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonObject *choice;
      JsonObject *delta;

      g_assert_true (g_str_has_prefix (events[i], "data: {"));
      json_parser_load_from_data (parser, events[i] + strlen ("data: "), -1, &error);
      g_assert_no_error (error);

      choice = json_array_get_object_element (
        json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)),
                                      "choices"), 0);
      delta = json_object_get_object_member (choice, "delta");

      if (i == 0)
        g_assert_cmpstr (json_object_get_string_member (delta, "role"), ==, "assistant");
      if (i < n - 3)
        {
          const char *word = json_object_get_string_member (delta, "content");
          const char *space;

          /* one word, with its trailing space but the last */
          g_assert_nonnull (word);
          space = strchr (word, ' ');
          g_assert_true (space == NULL || space[1] == '\0');
          g_string_append (reply, word);
          g_assert_true (json_node_is_null (json_object_get_member (choice, "finish_reason")));
        }
      else
        {
          g_assert_false (json_object_has_member (delta, "content"));
          g_assert_cmpstr (json_object_get_string_member (choice, "finish_reason"), ==, "stop");
        }
    }

  g_assert_nonnull (strstr (reply->str, "You said: \"Hi \"there\"\"."));
  g_assert_false (g_str_has_suffix (reply->str, " "));
}

/* "stream": false: one JSON object, as OpenAI's API answers, not an event stream */
static void
test_chat_not_streamed (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "POST", "/chat",
                                    "{\"stream\": false, \"messages\": "
                                    "[{\"role\": \"user\", \"content\": \"ping\"}]}");
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *root;
  JsonObject *message;

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  json_parser_load_from_data (parser, client_text (client), -1, &error);
  g_assert_no_error (error);

  root = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (root, "object"), ==, "chat.completion");
  message = json_object_get_object_member (
    json_array_get_object_element (json_object_get_array_member (root, "choices"), 0), "message");
  g_assert_cmpstr (json_object_get_string_member (message, "role"), ==, "assistant");
  g_assert_true (g_str_has_prefix (json_object_get_string_member (message, "content"),
                                   "Hello! You said: \"ping\"."));
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
}

static void
assert_json_error (Fixture    *f,
                   const char *body,
                   const char *message)
{
  g_autoptr(Client) client = fetch (f, "POST", "/chat", body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);
  JsonObject *object;

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_BAD_REQUEST);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "application/json");
  json_parser_load_from_data (parser, client_text (client), -1, &error);
  g_assert_no_error (error);
  object = json_object_get_object_member (json_node_get_object (json_parser_get_root (parser)),
                                          "error");
  g_assert_nonnull (strstr (json_object_get_string_member (object, "message"), message));
}

static void
test_chat_bad_input (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(Client) chunked = NULL;
  g_autofree char *huge = NULL;
  g_autofree char *deep = NULL;

  assert_json_error (f, "{\"messages\": [", "not valid JSON");

  /* json-glib parses recursively: this many levels overflowed the server's stack */
  deep = g_strnfill (100000, '[');
  assert_json_error (f, deep, "more than 256 levels deep");
  g_clear_pointer (&deep, g_free);
  huge = g_strnfill (300, '[');
  deep = g_strconcat ("{\"messages\": [{\"role\": \"user\", \"content\": ", huge, NULL);
  g_clear_pointer (&huge, g_free);
  assert_json_error (f, deep, "cannot be read");
  assert_json_error (f, "", "empty");
  assert_json_error (f, "[1, 2]", "must be a JSON object");
  assert_json_error (f, "{}", "'messages'");
  assert_json_error (f, "{\"messages\": []}", "must not be empty");
  assert_json_error (f, "{\"messages\": [42]}", "Each message");
  assert_json_error (f, "{\"messages\": [{\"role\": \"user\"}]}", "string 'content'");
  assert_json_error (f, "{\"messages\": [{\"role\": \"user\", \"content\": \"x\"}], \"stream\": 1}",
                     "'stream' must be a boolean");

  assert_status (f, "GET", "/chat", NULL, SOUP_STATUS_METHOD_NOT_ALLOWED, "use POST");

  huge = g_strnfill (1024 * 1024 + 1, ' ');
  assert_status (f, "POST", "/chat", huge, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE, "1 MiB");

  /* the same without Content-Length (chunked), which the server cannot refuse up front */
  chunked = client_new (f, "POST", "/chat", NULL);
  body = g_memory_input_stream_new_from_data (g_steal_pointer (&huge), 1024 * 1024 + 1, g_free);
  soup_message_set_request_body (chunked->msg, "application/json", body, -1);
  client_start (f->session, chunked);
  client_wait_end (chunked);
  g_assert_cmpuint (soup_message_get_status (chunked->msg), ==,
                    SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Client) client = client_new (f, "PUT", "/echo?x=1&keepalive=10", "line one\r\nline two");
  g_autoptr(Client) other = NULL;
  const char *text;

  soup_message_headers_replace (soup_message_get_request_headers (client->msg),
                                "X-Runnel-Test", "yes");
  client_start (f->session, client);
  g_assert_true (WAIT_UNTIL (strstr (client_text (client), ": keep-alive\n\n") != NULL ||
                             client->done, DEADLINE_MS));
  assert_event_stream (client);

  text = client_text (client);
  g_assert_true (g_str_has_prefix (text,
                                   "event: method\ndata: PUT\n\n"
                                   "event: path\ndata: /echo\n\n"
                                   "event: query\ndata: x=1&keepalive=10\n\n"));
  g_assert_nonnull (strstr (text, "event: header\ndata: X-Runnel-Test: yes\n\n"));
  g_assert_nonnull (strstr (text, "event: header\ndata: Content-Type: application/json\n\n"));
  g_assert_nonnull (strstr (text, "event: body\ndata: line one\ndata: line two\n\n: keep-alive\n\n"));
  g_assert_false (client->done);

  /* any method */
  other = client_open (f, "DELETE", "/echo", NULL);
  client_wait_events (other, 1);
  g_assert_true (g_str_has_prefix (client_text (other), "event: method\ndata: DELETE\n\n"));
}

/*
 * The preflight Chromium sends before fetchEventSource's POST from a page on another port
 * (Content-Type: application/json and Authorization are not "simple"), then the request itself:
 * both answered with CORS headers, the preflight with 204 (it was 405).
 */
static void
test_cors (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(Client) preflight = client_new (f, "OPTIONS", "/chat", NULL);
  g_autoptr(Client) post = NULL;
  g_autoptr(Client) stream = NULL;
  SoupMessageHeaders *request = soup_message_get_request_headers (preflight->msg);
  SoupMessageHeaders *response;

  soup_message_headers_replace (request, "Origin", "http://localhost:5173");
  soup_message_headers_replace (request, "Access-Control-Request-Method", "POST");
  soup_message_headers_replace (request, "Access-Control-Request-Headers",
                                "authorization,content-type,last-event-id");
  soup_message_headers_replace (request, "Sec-Fetch-Mode", "cors");
  client_start (f->session, preflight);
  client_wait_end (preflight);

  response = soup_message_get_response_headers (preflight->msg);
  g_assert_cmpuint (soup_message_get_status (preflight->msg), ==, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpstr (soup_message_headers_get_one (response, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_true (soup_message_headers_header_contains (response, "Access-Control-Allow-Methods",
                                                       "POST"));
  g_assert_cmpstr (soup_message_headers_get_one (response, "Access-Control-Allow-Headers"), ==,
                   "authorization,content-type,last-event-id");

  /* a preflight without a list of headers gets the usual ones */
  post = client_new (f, "OPTIONS", "/clock", NULL);
  soup_message_headers_replace (soup_message_get_request_headers (post->msg), "Origin",
                                "http://localhost:3000");
  client_start (f->session, post);
  client_wait_end (post);
  response = soup_message_get_response_headers (post->msg);
  g_assert_cmpuint (soup_message_get_status (post->msg), ==, SOUP_STATUS_NO_CONTENT);
  g_assert_true (soup_message_headers_header_contains (response, "Access-Control-Allow-Headers",
                                                       "Last-Event-ID"));
  g_assert_true (soup_message_headers_header_contains (response, "Access-Control-Allow-Headers",
                                                       "Authorization"));

  /* the stream itself, and an error, can be read by the page */
  stream = client_open (f, "POST", "/chat?interval=1", "{\"messages\": [{\"role\": \"user\", "
                        "\"content\": \"hi\"}]}");
  response = soup_message_get_response_headers (stream->msg);
  g_assert_cmpstr (soup_message_headers_get_one (response, "Access-Control-Allow-Origin"), ==, "*");
  g_assert_true (soup_message_headers_header_contains (response, "Access-Control-Expose-Headers",
                                                       "Content-Type"));
  assert_status (f, "GET", "/no-such-endpoint", NULL, SOUP_STATUS_NOT_FOUND, NULL);
}

/* /favicon.ico is the app icon; //echo (from "$URL/echo") is /echo */
static void
test_favicon_and_double_slash (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(Client) icon = fetch (f, "GET", "/favicon.ico", NULL);
  g_autoptr(Client) echo = client_open (f, "GET", "//echo", NULL);

  g_assert_cmpuint (soup_message_get_status (icon->msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (
                     soup_message_get_response_headers (icon->msg), NULL), ==, "image/svg+xml");
  g_assert_nonnull (strstr (client_text (icon), "<svg"));

  client_wait_events (echo, 1);
  assert_event_stream (echo);
  g_assert_true (g_str_has_prefix (client_text (echo), "event: method\ndata: GET\n\n"));
}

static void
test_firehose (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/firehose?rate=0&size=100&count=2000", NULL);
  g_autoptr(Client) paced = fetch (f, "GET", "/firehose?rate=1000&size=3&count=20", NULL);
  g_auto(GStrv) events = NULL;

  assert_event_stream (client);
  events = g_strsplit (client_text (client), "\n\n", -1);
  g_assert_cmpuint (g_strv_length (events), ==, 2000 + 1);
  for (guint i = 0; i < 2000; i++)
    {
      g_autofree char *prefix = g_strdup_printf ("id: %u\ndata: ", i + 1);

      g_assert_true (g_str_has_prefix (events[i], prefix));
      g_assert_cmpuint (strlen (events[i]), ==, strlen (prefix) + 100);
    }
  g_assert_true (g_str_has_prefix (events[0], "id: 1\ndata: abcdefghijklmnopqrstuvwxyzabcd"));

  g_assert_cmpuint (paced->event_times->len, ==, 20);
  g_assert_true (g_str_has_suffix (client_text (paced), "id: 20\ndata: abc\n\n"));
}

static void
test_firehose_rate (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/firehose?rate=50&size=10", NULL);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  client_wait_events (client, 26);
  seconds = (g_array_index (client->event_times, gint64, 25) - start) / (double) G_USEC_PER_SEC;

  /* the first event at once, then one every 20 ms: 25 gaps in about half a second */
  g_test_message ("26 events at 50/s took %.3f s", seconds);
  g_assert_cmpfloat (seconds, >, 0.4);
  g_assert_cmpfloat (seconds, <, 1.5);
}

static void
test_events (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/events?types=alpha,beta&interval=1&count=5", NULL);

  assert_event_stream (client);
  g_assert_cmpstr (client_text (client), ==,
                   "retry: 5000\n\n"
                   ": a comment before event 1\n"
                   "event: alpha\nid: 1\ndata: alpha event 1\ndata: has a second line\n\n"
                   "event: beta\nid: 2\ndata: beta event 2\ndata: has a second line\n\n"
                   "event: alpha\nid: 3\ndata: alpha event 3\ndata: has a second line\n\n"
                   "event: beta\nid: 4\ndata: beta event 4\ndata: has a second line\n\n"
                   ": a comment before event 5\n"
                   "event: alpha\nid: 5\ndata: alpha event 5\ndata: has a second line\n"
                   "retry: 3000\n\n");

  assert_status (f, "GET", "/events?types=a,,b", NULL, SOUP_STATUS_BAD_REQUEST, "'types'");
  assert_status (f, "GET", "/events?types=a%0Ab", NULL, SOUP_STATUS_BAD_REQUEST, "'types'");
}

/* The faults */

static void
test_fault_status (Fixture       *f,
                   gconstpointer  data)
{
  static const struct {
    const char *path;
    guint       status;
    const char *header;
    const char *value;
  } faults[] = {
    { "/fault/500", 500, NULL, NULL },
    { "/fault/503", 503, "Retry-After", "5" },
    { "/fault/503?after=30", 503, "Retry-After", "30" },
    { "/fault/429", 429, "Retry-After", "5" },
    { "/fault/401", 401, "WWW-Authenticate", "Bearer realm=\"runnel-demo\"" },
    { "/fault/404", 404, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (faults); i++)
    {
      g_autoptr(Client) client = fetch (f, "GET", faults[i].path, NULL);
      g_autofree char *text = g_strdup_printf ("%u ", faults[i].status);
      SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);

      g_assert_cmpuint (soup_message_get_status (client->msg), ==, faults[i].status);
      g_assert_true (g_str_has_prefix (client_text (client), text));
      g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/plain");
      if (faults[i].header != NULL)
        g_assert_cmpstr (soup_message_headers_get_one (headers, faults[i].header), ==,
                         faults[i].value);
    }

  assert_status (f, "GET", "/fault/429", NULL, 429, "429 Too Many Requests");
  /* POST clients meet the faults too */
  assert_status (f, "POST", "/fault/503", "{}", 503, NULL);
  assert_status (f, "GET", "/fault/503?after=soon", NULL, SOUP_STATUS_BAD_REQUEST, "'after'");
}

static void
test_fault_no_content (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/fault/204", NULL);

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_NO_CONTENT);
  g_assert_cmpuint (client->data->len, ==, 0);
}

static void
test_fault_content_type (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/fault/content-type", NULL);
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);

  g_assert_cmpuint (soup_message_get_status (client->msg), ==, SOUP_STATUS_OK);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/html");
  g_assert_true (g_str_has_prefix (client_text (client), "<!DOCTYPE html>"));
}

static void
test_fault_drop (Fixture       *f,
                 gconstpointer  data)
{
  static const char expected[] = "id: 1\ndata: a complete event\n\n"
                                 "id: 2\ndata: this event is cut off in the mid";
  g_autoptr(GByteArray) raw = raw_get (f, "/fault/drop", "HTTP/1.1");
  g_autoptr(GByteArray) body = NULL;
  g_autoptr(Client) client = NULL;
  gboolean terminated;
  guint n_chunks;

  g_assert_true (g_str_has_prefix ((const char *) raw->data, "HTTP/1.1 200 OK\r\n"));
  body = decode_chunked (raw, &n_chunks, &terminated, 0);
  g_assert_false (terminated);
  g_assert_true (bytes_equal (body, expected, strlen (expected)));

  /*
   * What a libsoup 3.2 client sees: the bytes up to the cut, then the end of the body (libsoup
   * does not report a chunked body cut short as an error, so the SSE parser's rule that an
   * unterminated event is discarded is what protects the client).
   */
  client = client_open (f, "GET", "/fault/drop", NULL);
  g_assert_true (WAIT_UNTIL (client->done, DEADLINE_MS));
  g_assert_cmpstr (client_text (client), ==, expected);
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == 0, DEADLINE_MS));
}

/* HTTP/1.0 knows no chunked encoding: the stream ends when the connection does */
static void
test_http10 (Fixture       *f,
             gconstpointer  data)
{
  static const char expected[] = "id: 1\ndata: 1\n\nid: 2\ndata: 2\n\n";
  g_autoptr(GByteArray) raw = raw_get (f, "/counter?interval=1&count=2", "HTTP/1.0");
  const char *text = (const char *) raw->data;
  const char *body = g_strstr_len (text, raw->len, "\r\n\r\n");

  g_assert_nonnull (body);
  g_assert_true (g_str_has_prefix (text, "HTTP/1.0 200 OK\r\n"));
  g_assert_null (g_strstr_len (text, body - text, "Transfer-Encoding"));
  g_assert_nonnull (g_strstr_len (text, body - text, "Content-Type: text/event-stream"));
  body += 4;
  g_assert_cmpuint (raw->len - (body - text), ==, strlen (expected));
  g_assert_cmpint (memcmp (body, expected, strlen (expected)), ==, 0);
}

static void
test_fault_retry (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(Client) client = fetch (f, "GET", "/fault/retry?ms=1234", NULL);
  g_autoptr(GByteArray) raw = raw_get (f, "/fault/retry", "HTTP/1.1");
  g_autoptr(GByteArray) body = NULL;
  gboolean terminated;
  guint n_chunks;

  assert_event_stream (client);
  g_assert_cmpstr (client_text (client), ==, "retry: 1234\ndata: reconnect in 1234 ms\n\n");

  /* a clean end of the chunked body */
  body = decode_chunked (raw, &n_chunks, &terminated, 0);
  g_assert_true (terminated);
  g_assert_true (bytes_equal (body, "retry: 2000\ndata: reconnect in 2000 ms\n\n",
                              strlen ("retry: 2000\ndata: reconnect in 2000 ms\n\n")));
}

static void
test_fault_trickle (Fixture       *f,
                    gconstpointer  data)
{
  static const char expected[] = "id: 1\ndata: trickle event 1\n\nid: 2\ndata: trickle event 2\n\n";
  g_autoptr(GByteArray) raw = raw_get (f, "/fault/trickle?interval=1&count=2", "HTTP/1.1");
  g_autoptr(GByteArray) body = NULL;
  gboolean terminated;
  guint n_chunks;

  /* every byte its own chunk */
  body = decode_chunked (raw, &n_chunks, &terminated, 1);
  g_assert_true (terminated);
  g_assert_cmpuint (n_chunks, ==, strlen (expected));
  g_assert_true (bytes_equal (body, expected, strlen (expected)));
}

static void
test_fault_oversized (Fixture       *f,
                      gconstpointer  data)
{
  static const char tail[] = "\n\nid: 2\ndata: a small event after the oversized one\n\n";
  g_autoptr(Client) client = fetch (f, "GET", "/fault/oversized", NULL);
  const char *text = client_text (client);
  gsize data_len;

  assert_event_stream (client);
  g_assert_true (g_str_has_prefix (text, "id: 1\ndata: xxxx"));
  g_assert_true (g_str_has_suffix (text, tail));

  /* one data line longer than the client's default 16 MiB limit, all of it there */
  data_len = client->data->len - strlen ("id: 1\ndata: ") - strlen (tail);
  g_assert_cmpuint (data_len, ==, 17 * 1024 * 1024);
  g_assert_cmpuint (data_len, >, 16 * 1024 * 1024);
  g_assert_null (memchr (text + strlen ("id: 1\ndata: "), '\n', data_len));
}

static void
test_fault_invalid_utf8 (Fixture       *f,
                         gconstpointer  data)
{
  static const char expected[] =
    "id: 1\ndata: caf\xc3\xa9 is valid UTF-8\n\n"
    "id: 2\ndata: a lone \xff byte\n\n"
    "id: 3\ndata: a truncated \xe2\x82 sequence\n\n"
    "id: 4\ndata: an overlong \xc0\xaf slash\n\n"
    "id: 5\ndata: a surrogate \xed\xa0\x80 half\n\n"
    "id: 6\ndata: euro \xe2\x82\xac split across chunks\n\n";
  g_autoptr(Client) client = fetch (f, "GET", "/fault/invalid-utf8", NULL);

  assert_event_stream (client);
  g_assert_true (bytes_equal (client->data, expected, strlen (expected)));
  g_assert_false (g_utf8_validate ((const char *) client->data->data, client->data->len, NULL));
}

static void
test_fault_silent (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/fault/silent", NULL);
  gboolean waited = FALSE;

  assert_event_stream (client);
  client_wait_events (client, 1);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 1);

  /* then nothing: not a byte, not an end */
  g_timeout_add (300, flag_true_cb, &waited);
  g_assert_true (WAIT_UNTIL (waited, DEADLINE_MS));
  g_assert_cmpstr (client_text (client), ==, "id: 1\ndata: one event, then silence\n\n");
  g_assert_false (client->done);

  /* a client that gives up on a silent stream frees it on the server at once */
  g_clear_pointer (&client, client_free);
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == 0, DEADLINE_MS));
}

static void
test_fault_gzip (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/fault/gzip?interval=60000", NULL);
  g_autoptr(Client) finished = fetch (f, "GET", "/fault/gzip?interval=1&count=3", NULL);
  SoupMessageHeaders *headers = soup_message_get_response_headers (client->msg);

  /* the first event can be decompressed while the stream is still open: it was flushed */
  assert_event_stream (client);
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Content-Encoding"), ==, "gzip");
  client_wait_events (client, 1);
  g_assert_cmpstr (client_text (client), ==, "id: 1\ndata: compressed event 1\n\n");
  g_assert_false (client->done);

  g_assert_cmpstr (client_text (finished), ==,
                   "id: 1\ndata: compressed event 1\n\n"
                   "id: 2\ndata: compressed event 2\n\n"
                   "id: 3\ndata: compressed event 3\n\n");
}

/* What the event-stream parser makes of the streams: the semantics, beside the bytes above */

typedef struct
{
  GPtrArray *events;     /* RunnelSseEvent */
  GPtrArray *comments;   /* char * */
  GArray    *retries;    /* guint64 */
  GPtrArray *errors;     /* GError */
  char      *last_event_id;
} Parsed;

static void
parsed_free (Parsed *parsed)
{
  g_ptr_array_unref (parsed->events);
  g_ptr_array_unref (parsed->comments);
  g_array_unref (parsed->retries);
  g_ptr_array_unref (parsed->errors);
  g_free (parsed->last_event_id);
  g_free (parsed);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Parsed, parsed_free)

static void
parsed_event_cb (RunnelSseEvent *event,
                 gpointer        user_data)
{
  Parsed *parsed = user_data;

  g_ptr_array_add (parsed->events, runnel_sse_event_ref (event));
}

static void
parsed_comment_cb (RunnelSseParser *parser,
                   const char      *text,
                   Parsed          *parsed)
{
  g_ptr_array_add (parsed->comments, g_strdup (text));
}

static void
parsed_retry_cb (RunnelSseParser *parser,
                 guint64          milliseconds,
                 Parsed          *parsed)
{
  g_array_append_val (parsed->retries, milliseconds);
}

static void
parsed_error_cb (RunnelSseParser *parser,
                 const GError    *error,
                 Parsed          *parsed)
{
  g_ptr_array_add (parsed->errors, g_error_copy (error));
}

/* Fetches @path to its end and parses it in arrival-sized pieces. */
static Parsed *
fetch_parsed (Fixture    *f,
              const char *path)
{
  g_autoptr(Client) client = fetch (f, "GET", path, NULL);
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  Parsed *parsed = g_new0 (Parsed, 1);

  parsed->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  parsed->comments = g_ptr_array_new_with_free_func (g_free);
  parsed->retries = g_array_new (FALSE, FALSE, sizeof (guint64));
  parsed->errors = g_ptr_array_new_with_free_func ((GDestroyNotify) g_error_free);

  runnel_sse_parser_set_event_func (parser, parsed_event_cb, parsed, NULL);
  g_signal_connect (parser, "comment", G_CALLBACK (parsed_comment_cb), parsed);
  g_signal_connect (parser, "retry", G_CALLBACK (parsed_retry_cb), parsed);
  g_signal_connect (parser, "error", G_CALLBACK (parsed_error_cb), parsed);

  /* odd-sized pieces, so that lines and characters split between them */
  for (gsize offset = 0; offset < client->data->len; offset += 7)
    runnel_sse_parser_feed (parser, client->data->data + offset,
                            MIN (7, client->data->len - offset));
  runnel_sse_parser_finish (parser);
  parsed->last_event_id = g_strdup (runnel_sse_parser_get_last_event_id (parser));

  return parsed;
}

static void
assert_parsed_event (Parsed     *parsed,
                     guint       index,
                     const char *type,
                     const char *data,
                     const char *id)
{
  RunnelSseEvent *event;

  g_assert_cmpuint (index, <, parsed->events->len);
  event = parsed->events->pdata[index];
  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, type);
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, data);
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, id);
}

static void
test_parsed (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(Parsed) counter = fetch_parsed (f, "/counter?interval=1&count=3");
  g_autoptr(Parsed) events = fetch_parsed (f, "/events?types=alpha,beta&interval=1&count=5");
  g_autoptr(Parsed) utf8 = fetch_parsed (f, "/fault/invalid-utf8");
  g_autoptr(Parsed) drop = fetch_parsed (f, "/fault/drop");
  g_autoptr(Parsed) retry = fetch_parsed (f, "/fault/retry?ms=250");
  g_autoptr(Parsed) oversized = fetch_parsed (f, "/fault/oversized");

  g_assert_cmpuint (counter->events->len, ==, 3);
  assert_parsed_event (counter, 2, "message", "3", "3");
  g_assert_cmpstr (counter->last_event_id, ==, "3");

  /* named types, two-line data, comments and retry: fields */
  g_assert_cmpuint (events->events->len, ==, 5);
  assert_parsed_event (events, 0, "alpha", "alpha event 1\nhas a second line", "1");
  assert_parsed_event (events, 1, "beta", "beta event 2\nhas a second line", "2");
  g_assert_cmpuint (events->comments->len, ==, 2);
  g_assert_cmpstr (events->comments->pdata[0], ==, " a comment before event 1");
  g_assert_cmpuint (events->retries->len, ==, 2);
  g_assert_cmpuint (g_array_index (events->retries, guint64, 0), ==, 5000);
  g_assert_cmpuint (g_array_index (events->retries, guint64, 1), ==, 3000);

  /* every invalid sequence becomes U+FFFD; the split euro sign survives */
  g_assert_cmpuint (utf8->events->len, ==, 6);
  assert_parsed_event (utf8, 0, "message", "caf\xc3\xa9 is valid UTF-8", "1");
  g_assert_nonnull (strstr (runnel_sse_event_get_data (utf8->events->pdata[1], NULL),
                            "\xef\xbf\xbd"));
  assert_parsed_event (utf8, 5, "message", "euro \xe2\x82\xac split across chunks", "6");

  /* the event cut in the middle is never dispatched */
  g_assert_cmpuint (drop->events->len, ==, 1);
  assert_parsed_event (drop, 0, "message", "a complete event", "1");

  g_assert_cmpuint (retry->retries->len, ==, 1);
  g_assert_cmpuint (g_array_index (retry->retries, guint64, 0), ==, 250);
  g_assert_cmpuint (retry->events->len, ==, 1);

  /* past the default 16 MiB limit: an error, then the parser recovers for the next event */
  g_assert_cmpuint (oversized->errors->len, >=, 1);
  g_assert_true (((GError *) oversized->errors->pdata[0])->domain == RUNNEL_SSE_PARSER_ERROR);
  g_assert_cmpuint (oversized->events->len, ==, 1);
  assert_parsed_event (oversized, 0, "message", "a small event after the oversized one", "2");
}

/* Bad input, many clients, clean up */

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  assert_status (f, "GET", "/nowhere", NULL, SOUP_STATUS_NOT_FOUND, "No such endpoint: /nowhere");
  assert_status (f, "GET", "/fault/418", NULL, SOUP_STATUS_NOT_FOUND, "No such endpoint");
  assert_status (f, "POST", "/clock", "{}", SOUP_STATUS_METHOD_NOT_ALLOWED, "use GET");
  assert_status (f, "DELETE", "/", NULL, SOUP_STATUS_METHOD_NOT_ALLOWED, NULL);
  assert_status (f, "GET", "/clock?interval=0", NULL, SOUP_STATUS_BAD_REQUEST, "'interval'");
  assert_status (f, "GET", "/clock?interval=abc", NULL, SOUP_STATUS_BAD_REQUEST, "'interval'");
  assert_status (f, "GET", "/clock?interval=-5", NULL, SOUP_STATUS_BAD_REQUEST, "'interval'");
  assert_status (f, "GET", "/counter?count=1e3", NULL, SOUP_STATUS_BAD_REQUEST, "'count'");
  assert_status (f, "GET", "/firehose?rate=fast", NULL, SOUP_STATUS_BAD_REQUEST, "'rate'");
  assert_status (f, "GET", "/firehose?size=0", NULL, SOUP_STATUS_BAD_REQUEST, "'size'");
  assert_status (f, "GET", "/fault/oversized?size=x", NULL, SOUP_STATUS_BAD_REQUEST, "'size'");
  assert_status (f, "GET", "/fault/retry?ms=", NULL, SOUP_STATUS_BAD_REQUEST, "'ms'");
  assert_status (f, "GET", "/echo?keepalive=99999999999", NULL, SOUP_STATUS_BAD_REQUEST,
                 "'keepalive'");
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
}

static void
test_hangup (Fixture       *f,
             gconstpointer  data)
{
  static const char * const paths[] = {
    "/clock?interval=60000", "/counter?interval=60000", "/echo?keepalive=60000",
    "/events?interval=60000", "/firehose?rate=1", "/fault/trickle?interval=60000",
    "/fault/gzip?interval=60000", "/fault/silent",
  };
  Client *clients[G_N_ELEMENTS (paths)];
  guint n_notify = 0;

  g_signal_connect (f->server, "notify::n-streams", G_CALLBACK (notify_count_cb), &n_notify);

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      clients[i] = client_open (f, "GET", paths[i], NULL);
      g_assert_true (WAIT_UNTIL (clients[i]->data->len > 0, DEADLINE_MS));
    }
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, G_N_ELEMENTS (paths));

  /* the clients go away while their streams wait for the next tick: nothing is left behind */
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    client_free (clients[i]);
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == 0, DEADLINE_MS));
  g_assert_cmpuint (n_notify, ==, 2 * G_N_ELEMENTS (paths));

  g_signal_handlers_disconnect_by_func (f->server, notify_count_cb, &n_notify);
}

static void
request_finished_cb (RunnelDemoServer *server,
                     const char       *line,
                     GPtrArray        *lines)
{
  g_ptr_array_add (lines, g_strdup (line));
}

static void
test_stop_with_streams (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(Client) client = client_open (f, "GET", "/clock?interval=10", NULL);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  client_wait_events (client, 1);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 1);

  g_signal_connect (f->server, "request-finished", G_CALLBACK (request_finished_cb), lines);
  runnel_demo_server_stop (f->server);
  g_assert_cmpuint (runnel_demo_server_get_n_streams (f->server), ==, 0);
  g_assert_true (WAIT_UNTIL (client->done, DEADLINE_MS));

  /* the open stream still gets its log line, once */
  g_assert_cmpuint (lines->len, ==, 1);
  g_assert_true (g_str_has_prefix (lines->pdata[0], "127.0.0.1 GET /clock?interval=10 200 "));
  g_assert_true (g_str_has_suffix (lines->pdata[0], " (server stopped)"));
  g_signal_handlers_disconnect_by_func (f->server, request_finished_cb, lines);
}

static void
test_many_clients (Fixture       *f,
                   gconstpointer  data)
{
  const char *env = g_getenv ("RUNNEL_TEST_DEMO_CLIENTS");
  guint n_clients = env != NULL ? (guint) g_ascii_strtoull (env, NULL, 10) : 150;
  guint interval_ms = env != NULL ? 1000 : 200;
  guint n_events = 4;
  g_autofree char *path = g_strdup_printf ("/clock?interval=%u", interval_ms);
  g_autoptr(GPtrArray) clients = g_ptr_array_new_with_free_func ((GDestroyNotify) client_free);
  g_autoptr(GPtrArray) sessions = g_ptr_array_new_with_free_func (g_object_unref);
  gint64 start = g_get_monotonic_time ();
  gint64 worst_late = 0;
  guint n_done;

  /* a SoupSession's queue slows down past a hundred or so messages: spread them */
  for (guint i = 0; i < (n_clients + 49) / 50; i++)
    g_ptr_array_add (sessions, soup_session_new_with_options ("max-conns", 50,
                                                              "max-conns-per-host", 50,
                                                              NULL));

  for (guint i = 0; i < n_clients; i++)
    {
      Client *client = client_new (f, "GET", path, NULL);

      client_start (sessions->pdata[i / 50], client);
      g_ptr_array_add (clients, client);
    }

  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == n_clients,
                             DEADLINE_MS));
  g_test_message ("%u clients connected and streaming after %.3f s", n_clients,
                  (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC);

  n_done = 0;
  while (n_done < n_clients)
    {
      g_assert_true (WAIT_UNTIL (((Client *) clients->pdata[n_done])->event_times->len >= n_events ||
                                 ((Client *) clients->pdata[n_done])->done,
                                 DEADLINE_MS + n_events * interval_ms));
      n_done++;
    }

  /* every client's ticks come on schedule: each within 1 s of the one before plus the interval */
  for (guint i = 0; i < n_clients; i++)
    {
      Client *client = clients->pdata[i];

      g_assert_no_error (client->error);
      g_assert_cmpuint (client->event_times->len, >=, n_events);
      for (guint j = 1; j < n_events; j++)
        {
          gint64 gap = g_array_index (client->event_times, gint64, j) -
                       g_array_index (client->event_times, gint64, j - 1);
          worst_late = MAX (worst_late, gap - (gint64) interval_ms * 1000);
        }
    }

  g_test_message ("%u clients on /clock every %u ms: the latest tick came %.3f s late",
                  n_clients, interval_ms, worst_late / (double) G_USEC_PER_SEC);
  g_assert_cmpint (worst_late, <, G_USEC_PER_SEC);

  g_ptr_array_set_size (clients, 0);
  g_assert_true (WAIT_UNTIL (runnel_demo_server_get_n_streams (f->server) == 0, DEADLINE_MS));
  for (guint i = 0; i < sessions->len; i++)
    soup_session_abort (sessions->pdata[i]);
}

static guint
count_open_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;

  return n;
}

static void
test_connections_closed (Fixture       *f,
                         gconstpointer  data)
{
  guint before;

  if (!g_file_test ("/proc/self/fd", G_FILE_TEST_IS_DIR))
    {
      g_test_skip ("no /proc/self/fd to count open files");
      return;
    }

  /* a first request, so that lazily opened files are open already */
  client_free (fetch (f, "GET", "/fault/404", NULL));
  before = count_open_fds ();

  /* one request per connection, every one closed: none left open on either side */
  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(Client) client = fetch (f, "GET", i % 2 ? "/fault/500" : "/counter?count=1", NULL);

      g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (client->msg),
                                                     "Connection"), ==, "close");
    }

  g_assert_true (WAIT_UNTIL (count_open_fds () <= before, DEADLINE_MS));
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

static void
test_request_log (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(Client) counter = NULL;
  g_autoptr(Client) missing = NULL;
  g_autoptr(Client) silent = NULL;

  g_signal_connect (f->server, "request-finished", G_CALLBACK (request_finished_cb), lines);

  counter = fetch (f, "GET", "/counter?interval=1&count=2", NULL);
  missing = fetch (f, "GET", "/nowhere", NULL);
  silent = client_open (f, "GET", "/fault/silent", NULL);
  client_wait_events (silent, 1);
  g_clear_pointer (&silent, client_free);
  g_assert_true (WAIT_UNTIL (lines->len == 3, DEADLINE_MS));

  /* in path order, whichever finished first */
  g_ptr_array_sort (lines, compare_strings);
  g_assert_true (g_str_has_prefix (lines->pdata[0],
                                   "127.0.0.1 GET /counter?interval=1&count=2 200 "));
  g_assert_true (g_str_has_prefix (lines->pdata[1], "127.0.0.1 GET /fault/silent 200 "));
  g_assert_true (g_str_has_suffix (lines->pdata[1], "(connection closed)"));
  g_assert_true (g_str_has_prefix (lines->pdata[2], "127.0.0.1 GET /nowhere 404 "));

  g_signal_handlers_disconnect_by_func (f->server, request_finished_cb, lines);
}

/* runnel --demo-server */

static void
read_line_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  char **line = user_data;
  g_autoptr(GError) error = NULL;

  *line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL,
                                                     &error);
  g_assert_no_error (error);
  if (*line == NULL)
    *line = g_strdup ("(end of output)");
}

static void
wait_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  gboolean *exited = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *exited = TRUE;
}

/* Waits for @process to exit and returns what it wrote on standard error. */
static char *
wait_process (GSubprocess *process)
{
  g_autoptr(GError) error = NULL;
  gboolean exited = FALSE;
  char buf[4096] = { 0 };
  gsize n_read = 0;

  g_subprocess_wait_async (process, NULL, wait_cb, &exited);
  g_assert_true (WAIT_UNTIL (exited, DEADLINE_MS));
  g_assert_true (g_subprocess_get_if_exited (process));

  /* what it said is small enough to wait in the pipe */
  g_input_stream_read_all (g_subprocess_get_stderr_pipe (process), buf, sizeof buf - 1, &n_read,
                           NULL, &error);
  g_assert_no_error (error);

  return g_strndup (buf, n_read);
}

static void
run_command (int signum)
{
  const char *binary = g_getenv ("RUNNEL_BINARY");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;
  g_autofree char *url = NULL;
  g_autofree char *log = NULL;
  char buf[64] = { 0 };
  gsize n_read = 0;

  if (binary == NULL)
    {
      g_test_skip ("RUNNEL_BINARY is not set");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, binary, "--demo-server", "--port", "0", NULL);
  g_assert_no_error (error);

  /* the first line is the URL */
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  g_data_input_stream_read_line_async (output, G_PRIORITY_DEFAULT, NULL, read_line_cb, &line);
  g_assert_true (WAIT_UNTIL (line != NULL, DEADLINE_MS));
  g_assert_true (g_str_has_prefix (line, "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (line, "/"));

  /* its clock ticks */
  session = soup_session_new ();
  url = g_strconcat (line, "clock", NULL);
  msg = soup_message_new ("GET", url);
  stream = soup_session_send (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, SOUP_STATUS_OK);
  g_input_stream_read_all (stream, buf, strlen ("data: "), &n_read, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (buf, ==, "data: ");
  g_input_stream_close (stream, NULL, NULL);

  /* the signal stops it cleanly, after one log line per request */
  g_subprocess_send_signal (process, signum);
  log = wait_process (process);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_true (g_str_has_prefix (log, "127.0.0.1 GET /clock 200 "));
  g_assert_nonnull (strchr (log, '\n'));
  g_assert_cmpstr (strchr (log, '\n') + 1, ==, "");   /* one line: one request */
}

static void
test_command_sigterm (void)
{
  run_command (SIGTERM);
}

static void
test_command_sigint (void)
{
  run_command (SIGINT);
}

/* A non-loopback address is said on stderr (this one is for documentation, so binding fails) */
static void
test_command_bind_warning (void)
{
  const char *binary = g_getenv ("RUNNEL_BINARY");
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *log = NULL;

  if (binary == NULL)
    {
      g_test_skip ("RUNNEL_BINARY is not set");
      return;
    }

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                              &error, binary, "--demo-server", "--port", "0",
                              "--bind", "192.0.2.1", NULL);
  g_assert_no_error (error);
  log = wait_process (process);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (log, "warning: listening on 192.0.2.1, not on loopback"));
  g_assert_nonnull (strstr (log, "Could not listen on 192.0.2.1"));
}

static void
test_command_usage (void)
{
  static const char * const bad[][3] = {
    { "--port", "65536", NULL },
    { "--port", "many", NULL },
    { "--bind", "nowhere", NULL },
    { "--frobnicate", NULL, NULL },
    { "extra", NULL, NULL },
  };
  const char *binary = g_getenv ("RUNNEL_BINARY");

  if (binary == NULL)
    {
      g_test_skip ("RUNNEL_BINARY is not set");
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GSubprocess) process = NULL;
      g_autoptr(GError) error = NULL;

      process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                                  &error, binary, "--demo-server", bad[i][0], bad[i][1], NULL);
      g_assert_no_error (error);
      g_subprocess_wait (process, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 2);
    }
}

static void
ignore_log_cb (const char     *domain,
               GLogLevelFlags  level,
               const char     *message,
               gpointer        user_data)
{
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  /* GSocketClient says four debug lines per connection: too many with hundreds of clients */
  g_log_set_handler ("GLib-GIO", G_LOG_LEVEL_DEBUG, ignore_log_cb, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/demo/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  g_test_add_func ("/runnel/demo/listen", test_listen);
  g_test_add_func ("/runnel/demo/endpoints", test_endpoints);
  ADD ("index", test_index);
  ADD ("clock", test_clock);
  ADD ("counter", test_counter);
  ADD ("counter-drop", test_counter_drop);
  ADD ("counter-forever", test_counter_forever);
  ADD ("chat", test_chat);
  ADD ("chat-not-streamed", test_chat_not_streamed);
  ADD ("chat-bad-input", test_chat_bad_input);
  ADD ("echo", test_echo);
  ADD ("cors", test_cors);
  ADD ("favicon-and-double-slash", test_favicon_and_double_slash);
  ADD ("firehose", test_firehose);
  ADD ("firehose-rate", test_firehose_rate);
  ADD ("events", test_events);
  ADD ("http10", test_http10);
  ADD ("fault/status", test_fault_status);
  ADD ("fault/204", test_fault_no_content);
  ADD ("fault/content-type", test_fault_content_type);
  ADD ("fault/drop", test_fault_drop);
  ADD ("fault/retry", test_fault_retry);
  ADD ("fault/trickle", test_fault_trickle);
  ADD ("fault/oversized", test_fault_oversized);
  ADD ("fault/invalid-utf8", test_fault_invalid_utf8);
  ADD ("fault/silent", test_fault_silent);
  ADD ("fault/gzip", test_fault_gzip);
  ADD ("parsed", test_parsed);
  ADD ("bad-input", test_bad_input);
  ADD ("hangup", test_hangup);
  ADD ("stop-with-streams", test_stop_with_streams);
  ADD ("many-clients", test_many_clients);
  ADD ("connections-closed", test_connections_closed);
  ADD ("request-log", test_request_log);
  g_test_add_func ("/runnel/demo/command-sigterm", test_command_sigterm);
  g_test_add_func ("/runnel/demo/command-sigint", test_command_sigint);
  g_test_add_func ("/runnel/demo/command-bind-warning", test_command_bind_warning);
  g_test_add_func ("/runnel/demo/command-usage", test_command_usage);

#undef ADD

  return g_test_run ();
}
