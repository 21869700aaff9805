/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-client-security.c: what the client sends on redirects, and what it prints of secrets */

#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-request.h"
#include "runnel-sse-client.h"
#include "runnel-test-util.h"
#include "runnel-utf8.h"

#define DEADLINE_MS 20000

/*
 * A hostile server of the test's own on 127.0.0.1: it answers every request as @handler says,
 * and keeps the headers and body of every request it got, to check what was sent.
 */
typedef struct
{
  SoupServer *server;
  guint       port;
  GPtrArray  *requests;   /* "METHOD PATH\nName: value\n…\n\nbody", in arrival order */
} Peer;

typedef struct
{
  Peer              peer;
  Peer              tls;        /* HTTPS, with runnel_test_tls_certificate () for 127.0.0.1 */

  /* a runnel --print run */
  int               print_status;
  char             *print_out;
  char             *print_err;
} Fixture;

static void
peer_record (Peer              *peer,
             SoupServerMessage *msg)
{
  SoupMessageHeadersIter iter;
  GString *text = g_string_new (NULL);
  g_autoptr(GBytes) body = NULL;
  const char *name;
  const char *value;

  g_string_append_printf (text, "%s %s\n", soup_server_message_get_method (msg),
                          g_uri_get_path (soup_server_message_get_uri (msg)));
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (text, "%s: %s\n", name, value);
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_string_append_c (text, '\n');
  g_string_append_len (text, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_ptr_array_add (peer->requests, g_string_free (text, FALSE));
}

/*
 * /rNNN?to=URL: a redirect with status NNN; /nowhereNNN: status NNN without Location,
 * /emptyNNN: with an empty one; /loop: a redirect to itself; /text, /type: a refused response
 * whose every part carries terminal escapes; /express: Express's own 404 page for a POST;
 * /json: a 400 with a JSON error; /long: a 500 of 5,000 bytes of text; anything else: 404
 */
static void
peer_handler (SoupServer        *server,
              SoupServerMessage *msg,
              const char        *path,
              GHashTable        *query,
              gpointer           user_data)
{
  Peer *peer = user_data;
  static const char body[] = "gone\033[2J\033]0;owned\007 for good\n";
  const char *to = query != NULL ? g_hash_table_lookup (query, "to") : NULL;
  guint64 status = 0;

  peer_record (peer, msg);

  if (g_str_has_prefix (path, "/r") &&
      g_ascii_string_to_unsigned (path + 2, 10, 300, 399, &status, NULL) && to != NULL)
    soup_server_message_set_redirect (msg, (guint) status, to);
  else if ((g_str_has_prefix (path, "/nowhere") &&
            g_ascii_string_to_unsigned (path + 8, 10, 300, 399, &status, NULL)) ||
           (g_str_has_prefix (path, "/empty") &&
            g_ascii_string_to_unsigned (path + 6, 10, 300, 399, &status, NULL)))
    {
      soup_server_message_set_status (msg, (guint) status, NULL);
      if (path[1] == 'e')
        soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                      "Location", "");
    }
  else if (g_str_equal (path, "/express"))
    {
      /* byte for byte what Express 4 answers a POST to a route it does not have */
      static const char page[] =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<title>Error</title>\n</head>\n<body>\n<pre>Cannot POST /sse</pre>\n</body>\n"
        "</html>\n";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "X-Powered-By", "Express");
      soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                        page, strlen (page));
    }
  else if (g_str_equal (path, "/json"))
    {
      static const char error[] =
        "{\n  \"error\": {\n    \"message\": \"Invalid model\",\n    \"code\": 400\n  }\n}\n";

      soup_server_message_set_status (msg, SOUP_STATUS_BAD_REQUEST, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC,
                                        error, strlen (error));
    }
  else if (g_str_equal (path, "/long"))
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; text->len < 5000; i++)
        g_string_append_printf (text, "line %u of a long error\n", i);
      g_string_truncate (text, 5000);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_TAKE, text->str,
                                        text->len);
      g_string_free (text, FALSE);
    }
  else if (g_str_equal (path, "/loop"))
    soup_server_message_set_redirect (msg, SOUP_STATUS_FOUND, "/loop");
  else if (g_str_equal (path, "/text"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, "Not\033[31m Found");
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
    }
  else if (g_str_equal (path, "/type"))
    {
      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "text/html\033[5m", SOUP_MEMORY_STATIC,
                                        body, strlen (body));
    }
  else
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
    }
}

static void
peer_start (Peer     *peer,
            gboolean  tls)
{
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (tls)
    certificate = runnel_test_tls_certificate ();

  peer->requests = g_ptr_array_new_with_free_func (g_free);
  peer->server = soup_server_new ("tls-certificate", certificate, NULL);
  soup_server_add_handler (peer->server, NULL, peer_handler, peer, NULL);
  soup_server_listen_local (peer->server, 0, SOUP_SERVER_LISTEN_IPV4_ONLY |
                            (tls ? SOUP_SERVER_LISTEN_HTTPS : 0), &error);
  g_assert_no_error (error);

  uris = soup_server_get_uris (peer->server);
  peer->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
}

static void
peer_stop (Peer *peer)
{
  soup_server_disconnect (peer->server);
  g_clear_object (&peer->server);
  g_clear_pointer (&peer->requests, g_ptr_array_unref);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  peer_start (&fixture->peer, FALSE);
  peer_start (&fixture->tls, TRUE);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  peer_stop (&fixture->peer);
  peer_stop (&fixture->tls);
  g_free (fixture->print_out);
  g_free (fixture->print_err);
}

/* runs runnel --print @args… (NULL-terminated) and keeps its exit status and output */
static void
run_print (Fixture    *fixture,
           const char *first_arg,
           ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  RunnelTestRun run = { 0 };
  va_list args;

  g_ptr_array_add (argv, "--print");
  va_start (args, first_arg);
  for (const char *arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (char *) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  runnel_test_run_binary (&run, (const char * const *) argv->pdata, DEADLINE_MS);
  g_free (fixture->print_out);
  g_free (fixture->print_err);
  fixture->print_status = run.status;
  fixture->print_out = g_steal_pointer (&run.out);
  fixture->print_err = g_steal_pointer (&run.err);
}

static void
assert_said (const char *text,
             const char *says)
{
  if (strstr (text, says) == NULL)
    g_error ("“%s” does not say “%s”", text, says);
}

static void
assert_not_said (const char *text,
                 const char *says)
{
  if (strstr (text, says) != NULL)
    g_error ("“%s” says “%s”", text, says);
}

/* Output: no password, no rejected header value, no terminal escape from the server */

static void
test_print_hides_password (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://user:hunter2@127.0.0.1:%u/missing",
                                          fixture->peer.port);

  run_print (fixture, url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "connecting to http://user@127.0.0.1:");
  assert_not_said (fixture->print_err, "hunter2");
  assert_not_said (fixture->print_out, "hunter2");
}

static void
test_print_hides_rejected_headers (Fixture       *fixture,
                                   gconstpointer  data)
{
  g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/missing", fixture->peer.port);

  run_print (fixture, "-H", "Authorization Bearer hunter2", url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "“Authorization …” has no colon");
  assert_not_said (fixture->print_err, "hunter2");

  /* RFC 9110: no control character but the tab in a value; refused before anything is sent */
  run_print (fixture, "-H", "X-Api-Key: hunter2\033[2J", url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 2);
  assert_said (fixture->print_err, "header “X-Api-Key” contains a control character (byte 0x1B)");
  assert_not_said (fixture->print_err, "hunter2");
  g_assert_cmpuint (fixture->peer.requests->len, ==, 0);

  run_print (fixture, "-H", "X-Tab: a\tb", "--no-reconnect", url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  g_assert_cmpuint (fixture->peer.requests->len, ==, 1);
  assert_said (fixture->peer.requests->pdata[0], "X-Tab: a\tb\n");
}

static void
test_print_server_text (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autofree char *text_url = g_strdup_printf ("http://127.0.0.1:%u/text", fixture->peer.port);
  g_autofree char *type_url = g_strdup_printf ("http://127.0.0.1:%u/type", fixture->peer.port);

  run_print (fixture, text_url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  g_assert_null (strchr (fixture->print_err, '\033'));
  g_assert_null (strchr (fixture->print_err, '\007'));
  assert_said (fixture->print_err, "HTTP 404 Not\\x1B[31m Found: gone\\x1B[2J\\x1B]0;owned\\x07");

  run_print (fixture, type_url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  g_assert_null (strchr (fixture->print_err, '\033'));
  assert_said (fixture->print_err, "text/html\\x1B[5m");
}

/* a refused response's body: what it says on the state line, its start on the lines after it */
static void
test_print_error_body (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autofree char *express = g_strdup_printf ("http://127.0.0.1:%u/express", fixture->peer.port);
  g_autofree char *json = g_strdup_printf ("http://127.0.0.1:%u/json", fixture->peer.port);
  g_autofree char *long_url = g_strdup_printf ("http://127.0.0.1:%u/long", fixture->peer.port);
  g_auto(GStrv) lines = NULL;
  guint n_body = 0;

  run_print (fixture, "-d", "{}", express, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err,
               "runnel: failed: the server answered HTTP 404 Not Found: Cannot POST /sse\n"
               "  <!DOCTYPE html>\n"
               "  <html lang=\"en\">\n");
  assert_said (fixture->print_err, "  <pre>Cannot POST /sse</pre>\n  </body>\n  </html>\n");

  run_print (fixture, json, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err,
               "runnel: failed: the server answered HTTP 400 Bad Request: "
               "{\"error\":{\"message\":\"Invalid model\",\"code\":400}}\n"
               "  {\n    \"error\": {\n");

  /* retried (a 500): said at each wait; the state line stops at 200 characters, the body at
   * 4 KiB */
  run_print (fixture, "--no-reconnect", long_url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  lines = g_strsplit (fixture->print_err, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (g_str_has_prefix (lines[i], "runnel: failed: "))
        {
          g_assert_true (g_str_has_prefix (lines[i], "runnel: failed: the server answered HTTP "
                                           "500 Internal Server Error: line 0 of a long error "
                                           "line 1 of"));
          g_assert_true (g_str_has_suffix (lines[i], "…"));
          g_assert_cmpuint (g_utf8_strlen (lines[i], -1), <,
                            strlen ("runnel: failed: the server answered HTTP 500 Internal "
                                    "Server Error: ") + 202);
        }
      else if (g_str_has_prefix (lines[i], "  "))
        {
          n_body += strlen (lines[i]) - 2 + 1;
        }
    }
  /* 4,096 bytes in lines (the cut one ended by a line break), and a line that says there is
   * more */
  g_assert_cmpuint (n_body, ==, 4096 + 1 + strlen ("…") + 1);
  assert_said (fixture->print_err, "\n  …\n");
}

/* Redirects */

static gboolean
client_stopped (gpointer user_data)
{
  RunnelSseClientState state = runnel_sse_client_get_state (user_data);

  return state == RUNNEL_SSE_CLIENT_STATE_FAILED || state == RUNNEL_SSE_CLIENT_STATE_CLOSED;
}

/* a request to @path on @peer (https when it is the TLS one) with a redirect to @to */
static RunnelRequest *
redirect_request (Peer       *peer,
                  const char *method,
                  guint       status,
                  const char *to)
{
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *url = NULL;
  RunnelRequest *request;
  gboolean tls = soup_server_is_https (peer->server);

  url = g_strdup_printf ("%s://127.0.0.1:%u/r%u?to=%s", tls ? "https" : "http", peer->port,
                         status, escaped);
  request = runnel_request_new (url);
  runnel_request_set_method (request, method);
  runnel_request_set_reconnect (request, FALSE);
  if (tls)
    {
      g_autofree char *ca = runnel_test_tls_ca_file ();

      runnel_request_set_ca_file (request, ca);
    }

  /* what must not leave for another origin, and what may */
  runnel_request_append_header (request, "Authorization", "Bearer hunter2", TRUE);
  runnel_request_append_header (request, "Proxy-Authorization", "Basic aHVudGVyMg==", TRUE);
  runnel_request_append_header (request, "Cookie", "session=hunter2", TRUE);
  runnel_request_append_header (request, "X-Api-Key", "hunter2", TRUE);
  runnel_request_append_header (request, "X-Trace", "kept", TRUE);
  if (g_str_equal (method, "POST"))
    {
      runnel_request_set_body_text (request, "{\"secret\": \"body\"}");
      runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
    }

  return request;
}

/* runs @request to its end; the client, with its last error */
static RunnelSseClient *
run_client (RunnelRequest *request)
{
  RunnelSseClient *client = runnel_sse_client_new (request);

  runnel_sse_client_connect (client);
  g_assert_true (runnel_test_iterate_until (client_stopped, client, DEADLINE_MS));

  return client;
}

static const char *
last_request (Peer *peer)
{
  g_assert_cmpuint (peer->requests->len, >, 0);
  return peer->requests->pdata[peer->requests->len - 1];
}

static void
assert_no_credentials (const char *request)
{
  g_test_message ("%s", request);
  assert_not_said (request, "hunter2");
  assert_not_said (request, "aHVudGVyMg");
  assert_said (request, "X-Trace: kept\n");
}

/* https://127.0.0.1 → http://localhost: refused; allowed, without the credentials */
static void
test_redirect_https_to_http (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autofree char *to = g_strdup_printf ("http://localhost:%u/x", fixture->peer.port);

  for (guint allow = 0; allow < 2; allow++)
    {
      g_autoptr(RunnelRequest) request = redirect_request (&fixture->tls, "POST", 307, to);
      g_autoptr(RunnelSseClient) client = NULL;

      runnel_request_set_allow_insecure_redirect (request, allow);
      client = run_client (request);
      g_assert_cmpuint (fixture->tls.requests->len, ==, allow + 1);
      assert_said (last_request (&fixture->tls), "Authorization: Bearer hunter2\n");

      if (!allow)
        {
          runnel_test_assert_client_error (client, RUNNEL_SSE_ERROR_REDIRECT,
                                           "redirected from https to http: not following");
          g_assert_cmpint (runnel_sse_client_get_state (client), ==,
                           RUNNEL_SSE_CLIENT_STATE_FAILED);
          g_assert_cmpuint (fixture->peer.requests->len, ==, 0);
          continue;
        }

      /* a 307 keeps the method and the body; the credentials stay behind */
      g_assert_cmpuint (fixture->peer.requests->len, ==, 1);
      assert_said (last_request (&fixture->peer), "POST /x\n");
      assert_said (last_request (&fixture->peer), "{\"secret\": \"body\"}");
      assert_no_credentials (last_request (&fixture->peer));
      runnel_test_assert_client_error (client, RUNNEL_SSE_ERROR_HTTP_STATUS, "404");
    }
}

/* the same host under another name (or port) is another origin; the same origin keeps all */
static void
test_redirect_origin (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autofree char *other_host = g_strdup_printf ("http://localhost:%u/x", fixture->peer.port);
  g_autoptr(RunnelRequest) request = redirect_request (&fixture->peer, "GET", 302, other_host);
  g_autoptr(RunnelRequest) same = redirect_request (&fixture->peer, "GET", 308, "/x");
  g_autoptr(RunnelSseClient) client = run_client (request);
  g_autoptr(RunnelSseClient) same_client = NULL;

  assert_said (last_request (&fixture->peer), "GET /x\n");
  assert_no_credentials (last_request (&fixture->peer));

  same_client = run_client (same);
  assert_said (last_request (&fixture->peer), "GET /x\n");
  assert_said (last_request (&fixture->peer), "Authorization: Bearer hunter2\n");
  assert_said (last_request (&fixture->peer), "Cookie: session=hunter2\n");
  assert_said (last_request (&fixture->peer), "X-Api-Key: hunter2\n");
}

/* 301/302 turn a POST into a GET, 303 anything; 307/308 keep both (fetch's and curl's rules) */
static void
test_redirect_methods (Fixture       *fixture,
                       gconstpointer  data)
{
  static const struct
  {
    const char *method;
    guint       status;
    const char *arrives;
    gboolean    body;
  } cases[] = {
    { "POST", 301, "GET /x\n", FALSE },
    { "POST", 302, "GET /x\n", FALSE },
    { "POST", 303, "GET /x\n", FALSE },
    { "PUT", 303, "GET /x\n", FALSE },
    { "PUT", 302, "PUT /x\n", TRUE },
    { "POST", 307, "POST /x\n", TRUE },
    { "POST", 308, "POST /x\n", TRUE },
    { "GET", 303, "GET /x\n", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(RunnelRequest) request = redirect_request (&fixture->peer, cases[i].method,
                                                           cases[i].status, "/x");
      g_autoptr(RunnelSseClient) client = NULL;
      const char *arrived;

      if (g_str_equal (cases[i].method, "PUT"))
        {
          runnel_request_set_body_text (request, "{\"secret\": \"body\"}");
          runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
        }

      client = run_client (request);
      arrived = last_request (&fixture->peer);
      g_test_message ("%s %u: %s", cases[i].method, cases[i].status, arrived);
      g_assert_true (g_str_has_prefix (arrived, cases[i].arrives));
      if (cases[i].body)
        {
          assert_said (arrived, "{\"secret\": \"body\"}");
          assert_said (arrived, "Content-Type: application/json\n");
        }
      else
        {
          assert_not_said (arrived, "secret");
          assert_not_said (arrived, "Content-Type");
        }
      /* the same origin: the credentials go along */
      assert_said (arrived, "Authorization: Bearer hunter2\n");
    }
}

static void
test_redirect_loop (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = redirect_request (&fixture->peer, "GET", 302, "/loop");
  g_autoptr(RunnelSseClient) client = run_client (request);

  runnel_test_assert_client_error (client, RUNNEL_SSE_ERROR_REDIRECT, "more than 20 times");
  /* the request and the 20 redirects followed */
  g_assert_cmpuint (fixture->peer.requests->len, ==, 21);
}

/* a redirect that names no target, without Location or with an empty one, is one fault: fatal
 * at once, said as such */
static void
test_redirect_nowhere (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *paths[] = { "nowhere302", "empty302", "nowhere307", "empty301" };

  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *url = g_strdup_printf ("http://127.0.0.1:%u/%s", fixture->peer.port,
                                              paths[i]);
      g_autoptr(RunnelRequest) request = runnel_request_new (url);
      g_autoptr(RunnelSseClient) client = NULL;

      g_test_message ("%s", paths[i]);
      g_ptr_array_set_size (fixture->peer.requests, 0);
      /* reconnecting allowed: the fault must not be retried anyway */
      client = run_client (request);
      g_assert_cmpint (runnel_sse_client_get_state (client), ==, RUNNEL_SSE_CLIENT_STATE_FAILED);
      runnel_test_assert_client_error (client, RUNNEL_SSE_ERROR_REDIRECT,
                                       "The server redirected without saying where");
      g_assert_cmpuint (runnel_sse_client_get_reconnect_count (client), ==, 0);
      g_assert_cmpuint (fixture->peer.requests->len, ==, 1);
    }
}

/* the command line: refused with a clear message, allowed with --allow-insecure-redirect */
static void
test_print_redirect (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *to = g_strdup_printf ("http://localhost:%u/x", fixture->peer.port);
  g_autofree char *escaped = g_uri_escape_string (to, NULL, FALSE);
  g_autofree char *url = g_strdup_printf ("https://127.0.0.1:%u/r302?to=%s", fixture->tls.port,
                                          escaped);
  g_autofree char *ca = runnel_test_tls_ca_file ();

  run_print (fixture, "--cacert", ca, "-H", "Authorization: Bearer hunter2", url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err,
               "runnel: failed: the server redirected from https to http: not following");
  g_assert_cmpuint (fixture->peer.requests->len, ==, 0);

  run_print (fixture, "--cacert", ca, "--allow-insecure-redirect", "-H",
             "Authorization: Bearer hunter2", url, NULL);
  g_assert_cmpint (fixture->print_status, ==, 1);
  assert_said (fixture->print_err, "connecting to http://localhost:");
  g_assert_cmpuint (fixture->peer.requests->len, ==, 1);
  assert_not_said (last_request (&fixture->peer), "hunter2");
}

static void
test_printable (void)
{
  static const struct
  {
    const char *in;
    const char *out;
  } cases[] = {
    { "plain text, ünïcode", "plain text, ünïcode" },
    { "a\033[31mb", "a\\x1B[31mb" },
    { "tab\there\r\nline", "tab\\x09here\\x0D\\x0Aline" },
    { "del\177 c1\302\233x", "del\\x7F c1\\x9Bx" },
    { "bidi \342\200\256evil", "bidi \\u202Eevil" },
    { "bad \377 byte", "bad \357\277\275 byte" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *out = runnel_utf8_printable (cases[i].in, -1);

      g_assert_cmpstr (out, ==, cases[i].out);
    }
}

/*
 * An HTTP/2 server: node's http2 module, the one HTTP/2 server this machine can start without a
 * build of its own. It answers every request with @N_H2_EVENTS events and ends the stream.
 */
#define N_H2_EVENTS 2000

static const char h2_server_js[] =
  "const http2 = require ('http2'), fs = require ('fs');\n"
  "const [cert, key, n] = process.argv.slice (1);\n"
  "const server = http2.createSecureServer ({ cert: fs.readFileSync (cert),\n"
  "                                           key: fs.readFileSync (key) }, (req, res) => {\n"
  "  res.writeHead (200, { 'content-type': 'text/event-stream' });\n"
  "  let body = '';\n"
  "  for (let i = 1; i <= n; i++) body += `id: ${i}\\ndata: event ${i} ${'x'.repeat (100)}\\n\\n`;\n"
  "  res.end (body);\n"
  "});\n"
  "server.listen (0, '127.0.0.1', () => console.log (server.address ().port));\n"
  /* ends with the test, also when the test does not end well */
  "process.stdin.on ('end', () => process.exit ()).resume ();\n";

/* runnel --print reads an HTTP/2 body to its end: its read thread would wait forever for data
 * that libsoup reads on the main context, so HTTP/2 bodies are read there */
static void
test_print_http2 (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autofree char *node = g_find_program_in_path ("node");
  g_autofree char *cert = g_test_build_filename (G_TEST_DIST, "tls", "test-cert.pem", NULL);
  g_autofree char *key = g_test_build_filename (G_TEST_DIST, "tls", "test-key.pem", NULL);
  g_autofree char *count = g_strdup_printf ("%d", N_H2_EVENTS);
  g_autofree char *expected = g_strdup_printf ("\"events\":%d,", N_H2_EVENTS);
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *port = NULL;
  g_autofree char *url = NULL;

  if (node == NULL)
    {
      g_test_skip ("node is not installed: no HTTP/2 server to test against");
      return;
    }

  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             node, "-e", h2_server_js,
                             cert, key, count, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
  /* the port, or NULL when node ended without listening */
  port = g_data_input_stream_read_line (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (port);
  url = g_strdup_printf ("https://127.0.0.1:%s/stream", port);

  run_print (fixture, "-k", "--summary", "--no-reconnect", url, NULL);
  g_subprocess_force_exit (server);

  assert_said (fixture->print_err, "open (HTTP 200)");
  assert_said (fixture->print_out, expected);
  g_assert_cmpint (fixture->print_status, ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/runnel/client-security/" path, Fixture, NULL, fixture_setup, func, \
              fixture_teardown)

  g_test_add_func ("/runnel/client-security/printable", test_printable);
  ADD ("print/password", test_print_hides_password);
  ADD ("print/rejected-headers", test_print_hides_rejected_headers);
  ADD ("print/server-text", test_print_server_text);
  ADD ("print/error-body", test_print_error_body);
  ADD ("print/redirect", test_print_redirect);
  ADD ("print/http2", test_print_http2);
  ADD ("redirect/https-to-http", test_redirect_https_to_http);
  ADD ("redirect/origin", test_redirect_origin);
  ADD ("redirect/methods", test_redirect_methods);
  ADD ("redirect/loop", test_redirect_loop);
  ADD ("redirect/nowhere", test_redirect_nowhere);

#undef ADD

  return g_test_run ();
}
