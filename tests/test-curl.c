/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-curl.c: cURL import (shell quoting, options, hostile input) and export through a real sh */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "runnel-curl.h"

static RunnelRequest *
parse_ok (const char *command)
{
  g_autoptr(GError) error = NULL;
  RunnelRequest *request = runnel_curl_parse (command, -1, RUNNEL_CURL_FLAGS_NONE, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (request);
  return request;
}

static void
assert_body (RunnelRequest *request,
             const char    *expected,
             gsize          expected_len)
{
  GBytes *body = runnel_request_get_body (request);
  gsize len = 0;
  const char *data;

  g_assert_nonnull (body);
  data = g_bytes_get_data (body, &len);
  g_assert_cmpmem (data, len, expected, expected_len);
}

static void
assert_header (RunnelRequest *request,
               guint          position,
               const char    *name,
               const char    *value)
{
  g_assert_cmpuint (runnel_request_get_n_headers (request), >, position);
  g_assert_cmpstr (runnel_request_get_header_name (request, position), ==, name);
  g_assert_cmpstr (runnel_request_get_header_value (request, position), ==, value);
}

static void
assert_split (const char          *command,
              const char * const  *expected)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = runnel_shell_split (command, -1, RUNNEL_SHELL_SYNTAX_GUESS, &error);

  g_assert_no_error (error);
  g_assert_nonnull (words);
  g_assert_cmpstrv (words, expected);
}

static void
assert_split_error (const char *command,
                    gssize      length,
                    int         code,
                    const char *in_message)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) words = runnel_shell_split (command, length, RUNNEL_SHELL_SYNTAX_GUESS, &error);

  g_assert_null (words);
  g_assert_error (error, RUNNEL_SHELL_ERROR, code);
  g_assert_nonnull (strstr (error->message, in_message));
}

static void
test_split_quoting (void)
{
  assert_split ("curl 'a b' \"c d\" e\\ f", (const char *[]) { "curl", "a b", "c d", "e f", NULL });
  assert_split ("'it'\\''s' \"say \\\"hi\\\" \\$5 \\\\ \\n\"",
                (const char *[]) { "it's", "say \"hi\" $5 \\ \\n", NULL });
  assert_split ("a''b '' \"\"", (const char *[]) { "ab", "", "", NULL });
  assert_split ("curl \\\n  -H x \\\r\n  -k", (const char *[]) { "curl", "-H", "x", "-k", NULL });
  assert_split ("\"multi\\\nline\" 'keeps\nnewline'",
                (const char *[]) { "multiline", "keeps\nnewline", NULL });
  assert_split ("a # a comment\nb c#d", (const char *[]) { "a", "b", "c#d", NULL });
  assert_split ("costs $ 5 $", (const char *[]) { "costs", "$", "5", "$", NULL });
  assert_split ("$\"translated $ text\"", (const char *[]) { "translated $ text", NULL });
  assert_split ("ends with a backslash \\",
                (const char *[]) { "ends", "with", "a", "backslash", NULL });
  assert_split ("", (const char *[]) { NULL });
}

static void
test_split_ansi_c (void)
{
  assert_split ("$'a\\nb\\tc\\\\d\\'e\\\"f\\?'",
                (const char *[]) { "a\nb\tc\\d'e\"f?", NULL });
  assert_split ("$'\\x41\\x4a2\\101\\0101\\cA\\e\\E\\a\\b\\f\\v\\r'",
                (const char *[]) { "AJ2A\b1\x01\x1b\x1b\a\b\f\v\r", NULL });
  assert_split ("$'\\u00e9\\u2028\\U0001F600'",
                (const char *[]) { "é\xe2\x80\xa8😀", NULL });
  assert_split ("x$'\\q'y", (const char *[]) { "x\\qy", NULL });
  assert_split ("$'\\xZ' $'\\uZ'", (const char *[]) { "\\xZ", "\\uZ", NULL });
  assert_split ("pre$'\\''post", (const char *[]) { "pre'post", NULL });
}

static void
test_split_hostile (void)
{
  g_autofree char *huge = NULL;
  g_auto(GStrv) words = NULL;
  g_autoptr(GError) error = NULL;
  gsize huge_len = RUNNEL_CURL_MAX_COMMAND + 1;

  assert_split_error ("curl 'unbalanced", -1, RUNNEL_SHELL_ERROR_SYNTAX, "single quote");
  assert_split_error ("curl \"unbalanced", -1, RUNNEL_SHELL_ERROR_SYNTAX, "double quote");
  assert_split_error ("curl $'unbalanced\\'", -1, RUNNEL_SHELL_ERROR_SYNTAX, "$' quote");
  assert_split_error ("curl\n'x\n", -1, RUNNEL_SHELL_ERROR_SYNTAX, "line 2");
  assert_split_error ("curl a\0b", 8, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl 'a\0b'", 10, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl \"a\0b\"", 10, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl $'\\x00'", -1, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl $'\\0'", -1, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl $'\\u0000'", -1, RUNNEL_SHELL_ERROR_SYNTAX, "NUL");
  assert_split_error ("curl $'\\UFFFFFFFF'", -1, RUNNEL_SHELL_ERROR_SYNTAX, "not a Unicode");
  assert_split_error ("curl -H \"Authorization: Bearer $TOKEN\" x", -1,
                      RUNNEL_SHELL_ERROR_SYNTAX, "$TOKEN");
  assert_split_error ("curl $(cat url)", -1, RUNNEL_SHELL_ERROR_SYNTAX, "$(");
  assert_split_error ("curl `cat url`", -1, RUNNEL_SHELL_ERROR_SYNTAX, "substitution");
  assert_split_error ("curl x | jq .", -1, RUNNEL_SHELL_ERROR_SYNTAX, "“|”");
  assert_split_error ("curl x > out", -1, RUNNEL_SHELL_ERROR_SYNTAX, "“>”");
  assert_split_error ("curl x; rm -rf /", -1, RUNNEL_SHELL_ERROR_SYNTAX, "“;”");

  /* bounded: one byte past the limit is refused before any work */
  huge = g_malloc (huge_len);
  memset (huge, 'a', huge_len);
  assert_split_error (huge, huge_len, RUNNEL_SHELL_ERROR_TOO_LARGE, "MiB");

  /* a 4 MiB argument is fine */
  memcpy (huge, "curl -d '", 9);
  huge[4 * 1024 * 1024] = '\'';
  words = runnel_shell_split (huge, 4 * 1024 * 1024 + 1, RUNNEL_SHELL_SYNTAX_GUESS, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (words), ==, 3);
  g_assert_cmpuint (strlen (words[2]), ==, 4 * 1024 * 1024 - 9);
}

/* random bytes drawn from the shell's special characters: an error or words, never a crash */
static void
test_split_random (void)
{
  static const char alphabet[] = "ab '\"\\$`|;#\n\r\t^x{}()-@=&<>\x01\xc3\xa9";
  char command[64];

  for (guint round = 0; round < 20000; round++)
    {
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) words = NULL;
      gsize len = g_test_rand_int_range (0, sizeof command);
      g_autoptr(RunnelRequest) request = NULL;

      for (gsize i = 0; i < len; i++)
        command[i] = alphabet[g_test_rand_int_range (0, sizeof alphabet - 1)];

      words = runnel_shell_split (command, len, RUNNEL_SHELL_SYNTAX_GUESS, &error);
      g_assert_true ((words == NULL) == (error != NULL));
      g_clear_error (&error);

      request = runnel_curl_parse (command, len, RUNNEL_CURL_SYNTAX_CMD, NULL, &error);
      g_assert_true ((request == NULL) == (error != NULL));
    }
}

static void
test_parse_devtools (void)
{
  /* Chrome's "Copy as cURL (bash)" */
  g_autoptr(RunnelRequest) request = parse_ok (
    "curl 'https://api.example.com/v1/chat?stream=1' \\\n"
    "  -H 'accept: text/event-stream' \\\n"
    "  -H 'accept-language: en-US,en;q=0.9' \\\n"
    "  -H 'content-type: application/json' \\\n"
    "  -b 'session=abc; theme=dark' \\\n"
    "  -H 'origin: https://example.com' \\\n"
    "  --data-raw $'{\"q\":\"it\\'s 5 $ \\\\n\",\"emoji\":\"\\\\ud83d\\\\ude00\"}' \\\n"
    "  --compressed");
  static const char body[] = "{\"q\":\"it's 5 $ \\n\",\"emoji\":\"\\ud83d\\ude00\"}";

  g_assert_cmpstr (runnel_request_get_url (request), ==,
                   "https://api.example.com/v1/chat?stream=1");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 5);
  assert_header (request, 0, "accept", "text/event-stream");
  assert_header (request, 1, "accept-language", "en-US,en;q=0.9");
  assert_header (request, 2, "content-type", "application/json");
  assert_header (request, 3, "origin", "https://example.com");
  assert_header (request, 4, "Cookie", "session=abc; theme=dark");
  assert_body (request, body, strlen (body));
  g_assert_false (runnel_request_get_accept_invalid_certificates (request));
}

static void
test_parse_firefox_cmd (void)
{
  /* "Copy as cURL (Windows)": cmd.exe carets around C runtime quotes */
  g_autoptr(RunnelRequest) request = parse_ok (
    "curl ^\"https://example.com/sse?a=1^&b=2^\" ^\r\n"
    "  -X POST ^\r\n"
    "  -H ^\"Accept: text/event-stream^\" ^\r\n"
    "  --data-raw ^\"^{^\\^\"msg^\\^\":^\\^\"100^%^\\^\"^}^\"");
  static const char body[] = "{\"msg\":\"100%\"}";

  g_assert_cmpstr (runnel_request_get_url (request), ==, "https://example.com/sse?a=1&b=2");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  assert_header (request, 0, "Accept", "text/event-stream");
  assert_body (request, body, strlen (body));
}

static void
test_parse_firefox (void)
{
  /* Firefox's "Copy as cURL (POSIX)" */
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ignored = NULL;
  g_autoptr(RunnelRequest) request = runnel_curl_parse (
    "curl 'https://example.com/api/stream' --compressed -X POST "
    "-H 'User-Agent: Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' "
    "-H 'Accept: text/event-stream' -H 'Accept-Encoding: gzip, deflate, br, zstd' "
    "-H 'Content-Type: application/json' -H 'Connection: keep-alive' -H 'Cookie: a=b' "
    "-H 'Sec-Fetch-Mode: cors' -H 'TE: trailers' -H 'Content-Length: 7' --data-raw '{\"a\":1}'",
    -1, RUNNEL_CURL_FLAGS_NONE, &ignored, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 6);
  assert_header (request, 0, "User-Agent",
                 "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0");
  assert_header (request, 4, "Cookie", "a=b");
  assert_header (request, 5, "Sec-Fetch-Mode", "cors");
  assert_body (request, "{\"a\":1}", 7);
  g_assert_cmpstrv (ignored, ((const char *[]) { "--compressed", "-H 'Connection: keep-alive'",
                                                 "-H 'TE: trailers'", "-H 'Content-Length: 7'",
                                                 NULL }));
}

static void
test_parse_options (void)
{
  g_autoptr(RunnelRequest) get = parse_ok ("curl -sSLkN example.com/events");
  g_autoptr(RunnelRequest) put = parse_ok ("curl -XPUT --url https://x.test/ -d a=1 -d b=2 "
                                           "-HX-Trace:7 -m 2.5 --cacert /etc/ca.pem");
  g_autoptr(RunnelRequest) json = parse_ok ("curl --json '{\"a\":' --json '1}' https://x.test "
                                            "-H 'Accept: text/event-stream'");
  g_autoptr(RunnelRequest) json_only = parse_ok ("curl --json '{\"a\": 1}' https://x.test");
  g_autoptr(RunnelRequest) auth = parse_ok ("curl -u 'aladdin:open sesame' -A ' agent/1 ' "
                                            "-e https://ref.test/ https://x.test -b ' a=1' "
                                            "-b 'b=2 '");
  g_autoptr(RunnelRequest) query = parse_ok ("curl -G -d q=1 --data-urlencode 'x=a b&c' "
                                             "'https://x.test/s?k=v'");
  g_autoptr(RunnelRequest) head = parse_ok ("curl -I -- https://x.test");
  g_autoptr(RunnelRequest) empty = parse_ok ("curl https://x.test -H 'X-Empty;' -H 'Accept:' "
                                             "--data-binary '' --oauth2-bearer t0k");

  g_assert_cmpstr (runnel_request_get_url (get), ==, "http://example.com/events");
  g_assert_cmpstr (runnel_request_get_method (get), ==, "GET");
  g_assert_null (runnel_request_get_body (get));
  g_assert_true (runnel_request_get_accept_invalid_certificates (get));
  g_assert_cmpuint (runnel_request_get_n_headers (get), ==, 0);

  g_assert_cmpstr (runnel_request_get_method (put), ==, "PUT");
  assert_body (put, "a=1&b=2", 7);
  assert_header (put, 0, "X-Trace", "7");
  assert_header (put, 1, "Content-Type", "application/x-www-form-urlencoded");
  g_assert_cmpuint (runnel_request_get_timeout (put), ==, 2500);
  g_assert_cmpstr (runnel_request_get_ca_file (put), ==, "/etc/ca.pem");

  g_assert_cmpstr (runnel_request_get_method (json), ==, "POST");
  assert_body (json, "{\"a\":1}", 7);
  assert_header (json, 0, "Accept", "text/event-stream");
  assert_header (json, 1, "Content-Type", "application/json");
  g_assert_cmpuint (runnel_request_get_n_headers (json), ==, 2);
  /* not curl's Accept: application/json: the client's text/event-stream stays */
  assert_header (json_only, 0, "Content-Type", "application/json");
  g_assert_cmpuint (runnel_request_get_n_headers (json_only), ==, 1);

  assert_header (auth, 0, "User-Agent", "agent/1");
  assert_header (auth, 1, "Referer", "https://ref.test/");
  assert_header (auth, 2, "Cookie", "a=1; b=2");
  assert_header (auth, 3, "Authorization", "Basic YWxhZGRpbjpvcGVuIHNlc2FtZQ==");

  g_assert_cmpstr (runnel_request_get_url (query), ==, "https://x.test/s?k=v&q=1&x=a%20b%26c");
  g_assert_cmpstr (runnel_request_get_method (query), ==, "GET");
  g_assert_null (runnel_request_get_body (query));

  g_assert_cmpstr (runnel_request_get_method (head), ==, "HEAD");

  assert_header (empty, 0, "X-Empty", "");
  assert_header (empty, 1, "Authorization", "Bearer t0k");
  assert_header (empty, 2, "Content-Type", "application/x-www-form-urlencoded");
  g_assert_cmpuint (runnel_request_get_n_headers (empty), ==, 3);
  assert_body (empty, "", 0);
}

static void
test_parse_ignored (void)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) ignored = NULL;
  g_autoptr(RunnelRequest) request =
    runnel_curl_parse ("curl --compressed -o out.txt -v https://x.test --no-buffer -sN",
                       -1, RUNNEL_CURL_FLAGS_NONE, &ignored, &error);

  g_assert_no_error (error);
  /* -N is what every SSE example has, and what Runnel does: not "left out" */
  g_assert_cmpstrv (ignored, ((const char *[]) { "--compressed", "-o", "-v", "-s", NULL }));
  g_assert_cmpstr (runnel_request_get_url (request), ==, "https://x.test");
}

static void
assert_parse_error (const char      *command,
                    RunnelCurlFlags  flags,
                    int              code,
                    const char      *in_message)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelRequest) request = runnel_curl_parse (command, -1, flags, NULL, &error);

  g_assert_null (request);
  g_assert_error (error, RUNNEL_CURL_ERROR, code);
  if (strstr (error->message, in_message) == NULL)
    g_error ("“%s” not in “%s”", in_message, error->message);
}

static void
test_parse_errors (void)
{
  assert_parse_error ("wget https://x.test", 0, RUNNEL_CURL_ERROR_NOT_CURL, "curl");
  assert_parse_error ("https://x.test/curl", 0, RUNNEL_CURL_ERROR_NOT_CURL, "curl");
  assert_parse_error ("curl -k", 0, RUNNEL_CURL_ERROR_INVALID, "no URL");
  assert_parse_error ("curl https://a.test https://b.test", 0, RUNNEL_CURL_ERROR_INVALID,
                      "https://b.test");
  assert_parse_error ("curl https://x.test -H", 0, RUNNEL_CURL_ERROR_INVALID, "-H needs");
  assert_parse_error ("curl https://x.test --header", 0, RUNNEL_CURL_ERROR_INVALID, "--header");
  assert_parse_error ("curl https://x.test -H 'no colon'", 0, RUNNEL_CURL_ERROR_INVALID, "colon");
  assert_parse_error ("curl https://x.test -H 'Bad Name: v'", 0, RUNNEL_CURL_ERROR_INVALID,
                      "not valid");
  assert_parse_error ("curl https://x.test -H $'X: a\\r\\nInjected: 1'", 0,
                      RUNNEL_CURL_ERROR_INVALID, "line break");
  assert_parse_error ("curl https://x.test -H $'X: \\xff'", 0, RUNNEL_CURL_ERROR_INVALID, "UTF-8");
  assert_parse_error ("curl https://x.test -H $'X-Api-Key: a\\e[2Jb'", 0, RUNNEL_CURL_ERROR_INVALID,
                      "“X-Api-Key” contains a control character (byte 0x1B)");
  /* the options that become headers are checked as -H is (found by the harden fuzzer) */
  assert_parse_error ("curl https://x.test -e $'http:/\\x991'", 0, RUNNEL_CURL_ERROR_INVALID,
                      "-e is not valid UTF-8");
  assert_parse_error ("curl https://x.test -A $'a\\nb'", 0, RUNNEL_CURL_ERROR_INVALID,
                      "-A: The value of header “User-Agent” contains a line break");
  assert_parse_error ("curl https://x.test -b $'a=b\\r\\nX: y'", 0, RUNNEL_CURL_ERROR_INVALID,
                      "Cookie");
  assert_parse_error ("curl https://x.test --oauth2-bearer $'t\\nX: y'", 0,
                      RUNNEL_CURL_ERROR_INVALID, "--oauth2-bearer");
  assert_parse_error ("curl -u aladdin https://x.test", 0, RUNNEL_CURL_ERROR_INVALID, "password");
  assert_parse_error ("curl -m soon https://x.test", 0, RUNNEL_CURL_ERROR_INVALID, "soon");
  assert_parse_error ("curl -F file=@a.png -x proxy:3128 --digest https://x.test", 0,
                      RUNNEL_CURL_ERROR_UNSUPPORTED, "-F, -x, --digest");
  assert_parse_error ("curl --frobnicate https://x.test", 0, RUNNEL_CURL_ERROR_UNSUPPORTED,
                      "--frobnicate");
  assert_parse_error ("curl -Z https://x.test", 0, RUNNEL_CURL_ERROR_UNSUPPORTED, "-Z");
  assert_parse_error ("curl -d @body.json https://x.test", 0, RUNNEL_CURL_ERROR_FILE,
                      "body.json");
  assert_parse_error ("curl --json @- https://x.test", RUNNEL_CURL_READ_FILES,
                      RUNNEL_CURL_ERROR_FILE, "standard input");
  assert_parse_error ("curl -b cookies.txt https://x.test", 0, RUNNEL_CURL_ERROR_FILE,
                      "cookies.txt");
  assert_parse_error ("curl -d @/nonexistent/body https://x.test", RUNNEL_CURL_READ_FILES,
                      RUNNEL_CURL_ERROR_FILE, "/nonexistent/body");
}

static void
test_parse_files (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("runnel-curl-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "body", NULL);
  g_autofree char *command = NULL;
  g_autofree char *quoted = NULL;
  g_autoptr(RunnelRequest) ascii = NULL;
  g_autoptr(RunnelRequest) binary = NULL;

  g_assert_no_error (error);
  g_file_set_contents (path, "a=1\r\nb=2\n", -1, &error);
  g_assert_no_error (error);
  quoted = g_shell_quote (path);

  command = g_strdup_printf ("curl -d @%s https://x.test", quoted);
  ascii = runnel_curl_parse (command, -1, RUNNEL_CURL_READ_FILES, NULL, &error);
  g_assert_no_error (error);
  assert_body (ascii, "a=1b=2", 6);

  g_free (command);
  command = g_strdup_printf ("curl --data-binary @%s https://x.test", quoted);
  binary = runnel_curl_parse (command, -1, RUNNEL_CURL_READ_FILES, NULL, &error);
  g_assert_no_error (error);
  assert_body (binary, "a=1\r\nb=2\n", 9);

  g_unlink (path);
  g_rmdir (dir);
}

/* The printer: run its output through /bin/sh with a curl function that records its argv */

typedef struct
{
  char   *dir;
  char   *script;
  char   *argv_file;
  char   *stdin_file;
} ShellFixture;

static void
shell_setup (ShellFixture  *f,
             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("runnel-curl-sh-XXXXXX", &error);
  g_assert_no_error (error);
  f->script = g_build_filename (f->dir, "script.sh", NULL);
  f->argv_file = g_build_filename (f->dir, "argv", NULL);
  f->stdin_file = g_build_filename (f->dir, "stdin", NULL);
}

static void
shell_teardown (ShellFixture  *f,
                gconstpointer  data)
{
  g_unlink (f->script);
  g_unlink (f->argv_file);
  g_unlink (f->stdin_file);
  g_rmdir (f->dir);
  g_free (f->dir);
  g_free (f->script);
  g_free (f->argv_file);
  g_free (f->stdin_file);
}

/* runs @command under sh; returns the arguments curl got, and what it read on stdin */
static GStrv
run_in_shell (ShellFixture  *f,
              const char    *command,
              GBytes       **stdin_bytes)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *qargv = g_shell_quote (f->argv_file);
  g_autofree char *qstdin = g_shell_quote (f->stdin_file);
  g_autofree char *script = NULL;
  g_autofree char *contents = NULL;
  const char *argv[] = { "/bin/sh", f->script, NULL };
  gsize len = 0;
  int status = 0;

  /* curl, and runnel for Copy as Command: both only note what they got */
  script = g_strdup_printf ("curl () { for a in \"$@\"; do printf '%%s\\0' \"$a\"; done > %s; "
                            "cat > %s; }\nrunnel () { curl \"$@\"; }\n%s\n",
                            qargv, qstdin, command);
  g_file_set_contents (f->script, script, -1, &error);
  g_assert_no_error (error);

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                &status, &error);
  g_assert_no_error (error);
  g_spawn_check_wait_status (status, &error);
  g_assert_no_error (error);

  g_file_get_contents (f->argv_file, &contents, &len, &error);
  g_assert_no_error (error);
  for (gsize i = 0; i < len; i += strlen (contents + i) + 1)
    g_ptr_array_add (args, g_strdup (contents + i));
  g_ptr_array_add (args, NULL);

  if (stdin_bytes != NULL)
    {
      char *in = NULL;

      g_file_get_contents (f->stdin_file, &in, &len, &error);
      g_assert_no_error (error);
      *stdin_bytes = g_bytes_new_take (in, len);
    }

  return (GStrv) g_ptr_array_free (g_steal_pointer (&args), FALSE);
}

static void
assert_same_request (RunnelRequest *a,
                     RunnelRequest *b)
{
  g_assert_cmpstr (runnel_request_get_url (a), ==, runnel_request_get_url (b));
  g_assert_cmpstr (runnel_request_get_method (a), ==, runnel_request_get_method (b));
  g_assert_cmpuint (runnel_request_get_n_headers (a), ==, runnel_request_get_n_headers (b));
  for (guint i = 0; i < runnel_request_get_n_headers (a); i++)
    assert_header (b, i, runnel_request_get_header_name (a, i),
                   runnel_request_get_header_value (a, i));
  if (runnel_request_get_body (a) == NULL)
    g_assert_null (runnel_request_get_body (b));
  else
    g_assert_true (g_bytes_equal (runnel_request_get_body (a), runnel_request_get_body (b)));
  g_assert_cmpint (runnel_request_get_accept_invalid_certificates (a), ==,
                   runnel_request_get_accept_invalid_certificates (b));
  g_assert_cmpuint (runnel_request_get_timeout (a), ==, runnel_request_get_timeout (b));
  g_assert_cmpstr (runnel_request_get_ca_file (a), ==, runnel_request_get_ca_file (b));
}

static const char *tricky[] = {
  "{\"prompt\":\"hello\"}",
  "it's a 'quoted' \"text\" with $HOME, `date`, $(id), \\n, \\, !, #, *, ~, ;|&<>",
  "line one\nline two\r\nline three\n\n",
  "non-ASCII: é ü 漢字 😀 \xe2\x80\xa8 U+2028",
  "'",
  "''\\''",
  "-starts with a dash",
  "@not-a-file",
  "%s %d %% \\0 \\x41",
  "",
  "\t leading and trailing whitespace \t",
  "bytes \x01\x02\x7f\xff\xfe not UTF-8",
};

static void
test_print_shell (ShellFixture  *f,
                  gconstpointer  data)
{
  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      for (guint format = 0; format < 2; format++)
        {
          g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/a?b=c&d='e'");
          g_autoptr(RunnelRequest) back = NULL;
          g_autoptr(RunnelRequest) reparsed = NULL;
          g_autoptr(GError) error = NULL;
          g_autoptr(GBytes) body = g_bytes_new (tricky[i], strlen (tricky[i]));
          g_autofree char *command = NULL;
          g_auto(GStrv) args = NULL;
          g_autofree char *header = g_strdup_printf ("X-Tricky-%u", i);
          gboolean found = FALSE;

          runnel_request_set_method (request, i % 2 ? "PATCH" : "POST");
          runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
          runnel_request_append_header (request, "Disabled", "not sent", FALSE);
          if (strpbrk (tricky[i], "\t\n") == NULL && g_utf8_validate (tricky[i], -1, NULL))
            runnel_request_append_header (request, header, tricky[i], TRUE);
          runnel_request_set_body (request, body);
          runnel_request_set_accept_invalid_certificates (request, TRUE);
          runnel_request_set_timeout (request, 1500);

          command = runnel_curl_from_request (request, format);
          if (format == RUNNEL_CURL_FORMAT_SINGLE_LINE && strchr (tricky[i], '\n') == NULL)
            g_assert_null (strchr (command, '\n'));
          args = run_in_shell (f, command, NULL);

          /* the body is one argument, byte for byte */
          for (guint k = 0; args[k] != NULL; k++)
            {
              if (g_strcmp0 (args[k], "--data-raw") == 0)
                {
                  g_assert_cmpstr (args[k + 1], ==, tricky[i]);
                  found = TRUE;
                }
            }
          g_assert_true (found);

          /* and the arguments make the same request */
          back = runnel_curl_parse_argv ((const char * const *) args, RUNNEL_CURL_FLAGS_NONE,
                                         NULL, &error);
          g_assert_no_error (error);
          runnel_request_remove_header (request, 1);  /* the disabled one */
          assert_same_request (request, back);

          /* so does parsing the printed text directly, when it is valid text */
          reparsed = runnel_curl_parse (command, -1, RUNNEL_CURL_FLAGS_NONE, NULL, &error);
          g_assert_no_error (error);
          assert_same_request (request, reparsed);
        }
    }
}

static void
test_print_nul_body (ShellFixture  *f,
                     gconstpointer  data)
{
  static const char bytes[] = "-\0a%s\\0\0\0017'\"\n\xff";
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autoptr(GBytes) body = g_bytes_new (bytes, sizeof bytes - 1);
  g_autoptr(GBytes) got = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) args = NULL;

  runnel_request_set_method (request, "POST");
  runnel_request_set_body (request, body);
  command = runnel_curl_from_request (request, RUNNEL_CURL_FORMAT_SINGLE_LINE);
  args = run_in_shell (f, command, &got);

  g_assert_cmpstrv (args, ((const char *[]) { "https://x.test/", "-H", "Content-Type:",
                                              "--data-binary", "@-", "-N", NULL }));
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), bytes, sizeof bytes - 1);
}

static void
test_print_simple (void)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/events");
  g_autofree char *get = NULL;
  g_autofree char *multi = NULL;

  get = runnel_curl_from_request (request, RUNNEL_CURL_FORMAT_SINGLE_LINE);
  g_assert_cmpstr (get, ==, "curl https://x.test/events -N");

  runnel_request_set_last_event_id (request, "41");
  runnel_request_append_header (request, "Authorization", "Bearer x", TRUE);
  runnel_request_set_method (request, "DELETE");
  multi = runnel_curl_from_request (request, RUNNEL_CURL_FORMAT_MULTI_LINE);
  g_assert_cmpstr (multi, ==,
                   "curl \\\n  -X DELETE \\\n  https://x.test/events \\\n"
                   "  -H 'Authorization: Bearer x' \\\n  -H 'Last-Event-ID: 41' \\\n  -N");
}

/* Copy as Command: `runnel --print` with the request's expectations, each one argument */
static void
test_print_runnel_command (ShellFixture  *f,
                           gconstpointer  data)
{
  const char *expectations[] = { "status 200", "assembled openai-chat contains \"it's $HOME\"",
                                 "json $.a == `x`", NULL };
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/chat?a=1&b='2'");
  g_autoptr(GBytes) got = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *command = NULL;
  g_auto(GStrv) args = NULL;

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_append_header (request, "X-Off", "no", FALSE);
  runnel_request_append_header (request, "X-Quote", "it's \"so\"", TRUE);
  runnel_request_set_body_text (request, "{\"q\": \"$(rm -rf /)\"}");
  runnel_request_set_expectations (request, expectations);
  runnel_request_set_read_timeout (request, 1500);
  runnel_request_set_max_retries (request, 2);

  for (guint format = 0; format < 2; format++)
    {
      g_clear_pointer (&command, g_free);
      g_clear_pointer (&args, g_strfreev);
      command = runnel_curl_print_command_from_request (request, format);
      g_assert_true (g_str_has_prefix (command, "runnel --print "));
      args = run_in_shell (f, command, NULL);
      g_assert_cmpstrv (args, ((const char *[]) {
        "--print", "-H", "Content-Type: application/json", "-H", "X-Quote: it's \"so\"",
        "--data-raw", "{\"q\": \"$(rm -rf /)\"}", "--max-retries", "2", "--read-timeout", "1.500",
        "--expect", "status 200", "--expect", "assembled openai-chat contains \"it's $HOME\"",
        "--expect", "json $.a == `x`", "https://x.test/chat?a=1&b='2'", NULL }));
    }

  /* a body that -d would take for a file name is raw data */
  g_clear_pointer (&command, g_free);
  g_clear_pointer (&args, g_strfreev);
  runnel_request_set_body_text (request, "@/etc/passwd");
  runnel_request_set_expectations (request, NULL);
  command = runnel_curl_print_command_from_request (request, RUNNEL_CURL_FORMAT_SINGLE_LINE);
  args = run_in_shell (f, command, NULL);
  g_assert_cmpstr (args[5], ==, "--data-raw");
  g_assert_cmpstr (args[6], ==, "@/etc/passwd");

  /* NUL bytes come on stdin, as they are */
  g_clear_pointer (&command, g_free);
  g_clear_pointer (&args, g_strfreev);
  body = g_bytes_new ("a\0\nb", 4);
  runnel_request_set_body (request, body);
  command = runnel_curl_print_command_from_request (request, RUNNEL_CURL_FORMAT_SINGLE_LINE);
  args = run_in_shell (f, command, &got);
  g_assert_cmpstr (args[5], ==, "--data-binary");
  g_assert_cmpstr (args[6], ==, "@/dev/stdin");
  g_assert_cmpmem (g_bytes_get_data (got, NULL), g_bytes_get_size (got), "a\0\nb", 4);
}

static void
test_looks_like_command (void)
{
  g_assert_true (runnel_curl_looks_like_command ("curl https://x.test"));
  g_assert_true (runnel_curl_looks_like_command ("  curl\n  -k x"));
  g_assert_true (runnel_curl_looks_like_command ("/usr/bin/curl x"));
  g_assert_true (runnel_curl_looks_like_command ("curl.exe ^\"x^\""));
  g_assert_false (runnel_curl_looks_like_command ("https://x.test/curl"));
  g_assert_false (runnel_curl_looks_like_command ("curly braces"));
  g_assert_false (runnel_curl_looks_like_command (""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/curl/split/quoting", test_split_quoting);
  g_test_add_func ("/runnel/curl/split/ansi-c", test_split_ansi_c);
  g_test_add_func ("/runnel/curl/split/hostile", test_split_hostile);
  g_test_add_func ("/runnel/curl/split/random", test_split_random);
  g_test_add_func ("/runnel/curl/parse/devtools", test_parse_devtools);
  g_test_add_func ("/runnel/curl/parse/cmd", test_parse_firefox_cmd);
  g_test_add_func ("/runnel/curl/parse/firefox", test_parse_firefox);
  g_test_add_func ("/runnel/curl/parse/options", test_parse_options);
  g_test_add_func ("/runnel/curl/parse/ignored", test_parse_ignored);
  g_test_add_func ("/runnel/curl/parse/errors", test_parse_errors);
  g_test_add_func ("/runnel/curl/parse/files", test_parse_files);
  g_test_add_func ("/runnel/curl/print/simple", test_print_simple);
  g_test_add ("/runnel/curl/print/shell", ShellFixture, NULL,
              shell_setup, test_print_shell, shell_teardown);
  g_test_add ("/runnel/curl/print/nul-body", ShellFixture, NULL,
              shell_setup, test_print_nul_body, shell_teardown);
  g_test_add ("/runnel/curl/print/runnel-command", ShellFixture, NULL,
              shell_setup, test_print_runnel_command, shell_teardown);
  g_test_add_func ("/runnel/curl/looks-like-command", test_looks_like_command);

  return g_test_run ();
}
