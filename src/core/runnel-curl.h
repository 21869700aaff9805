/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-curl.h: cURL command lines to RunnelRequest ("Import cURL…") and back ("Copy as cURL") */

#pragma once

#include <gio/gio.h>

#include "runnel-request.h"
#include "runnel-shell-words.h"

G_BEGIN_DECLS

/* the longest command line (in bytes) runnel_curl_parse () accepts */
#define RUNNEL_CURL_MAX_COMMAND RUNNEL_SHELL_MAX_COMMAND

#define RUNNEL_CURL_ERROR (runnel_curl_error_quark ())

typedef enum
{
  RUNNEL_CURL_ERROR_SYNTAX,       /* shell syntax (runnel_shell_split ()): a quote, $VAR, a pipe... */
  RUNNEL_CURL_ERROR_NOT_CURL,     /* the command does not start with curl */
  RUNNEL_CURL_ERROR_UNSUPPORTED,  /* options Runnel cannot honour; the message names them all */
  RUNNEL_CURL_ERROR_INVALID,      /* a missing argument, no URL or several, a bad header... */
  RUNNEL_CURL_ERROR_TOO_LARGE,    /* past RUNNEL_CURL_MAX_COMMAND */
  RUNNEL_CURL_ERROR_FILE,         /* @FILE refused (no RUNNEL_CURL_READ_FILES) or unreadable */
} RunnelCurlError;

typedef enum
{
  RUNNEL_CURL_FLAGS_NONE  = 0,
  /*
   * Read the files named by -d @FILE, --data-binary @FILE, --json @FILE, -H @FILE... as curl
   * does. Without it (the default, for text pasted into the window, whose relative paths would
   * resolve against wherever the app was started) such an option is an error that names the
   * file, so that the user can paste the body instead. "@-" (standard input) is always refused.
   */
  RUNNEL_CURL_READ_FILES  = 1 << 0,
  /* the quoting of cmd.exe ("Copy as cURL (cmd)"): ^ escapes, "..." quotes; else it is guessed
   * (see runnel_shell_split ()) */
  RUNNEL_CURL_SYNTAX_CMD  = 1 << 1,
  RUNNEL_CURL_SYNTAX_POSIX = 1 << 2,
} RunnelCurlFlags;

typedef enum
{
  RUNNEL_CURL_FORMAT_SINGLE_LINE = 0,
  RUNNEL_CURL_FORMAT_MULTI_LINE  = 1 << 0,  /* one option a line, " \" continuations */
} RunnelCurlFormat;

GQuark          runnel_curl_error_quark   (void);

/* TRUE when @text (e.g. pasted into the URL entry) looks like a curl command, not a URL */
gboolean        runnel_curl_looks_like_command (const char     *text);

/*
 * Parses a curl command line into a request: -X/--request, the URL (positional or --url),
 * -H/--header (repeatable; "Name;" sends an empty value, "Name:" only removes a curl default and
 * is skipped), -d/--data, --data-ascii, --data-binary, --data-raw, --data-urlencode, --json
 * (pieces joined as curl joins them: & between -d pieces, nothing between --json pieces), -G/--get,
 * -I/--head, -u/--user user:pass (Authorization: Basic), --oauth2-bearer, -A/--user-agent,
 * -e/--referer, -b/--cookie 'name=value', -k/--insecure, --cacert, -m/--max-time. The method is
 * POST when data is given, unless -X or -G says otherwise; data without a Content-Type header gets
 * curl's application/x-www-form-urlencoded; --json adds Content-Type: application/json unless
 * -H gives one (not curl's Accept: application/json: the stream asks for text/event-stream).
 * Headers keep their command-line order; the implied ones (User-Agent, Referer, Cookie,
 * Authorization, Content-Type) follow them. The body is made by RunnelCurlData, as --print does.
 *
 * -N (--no-buffer) is what Runnel does anyway: accepted without a word. Other options without
 * effect on the request (--compressed: libsoup decodes anyway; -s, -S, -v, -i, -L, -o FILE,
 * --connect-timeout N...) are accepted; so are headers that libsoup manages
 * itself (Connection, Content-Length, Host, Keep-Alive, Proxy-Connection, TE, Transfer-Encoding,
 * Upgrade, as Firefox copies some of them), which are left out. When @ignored is given it
 * receives each such option as written (e.g. "-H 'TE: trailers'"), so that the UI can say what
 * was left out. Any other option is an error
 * (RUNNEL_CURL_ERROR_UNSUPPORTED) that names every such option of the command.
 * The request is not validated beyond what is said here: see runnel_request_validate ().
 *
 * Returns: (transfer full) (nullable): the request, or NULL with an error
 */
RunnelRequest  *runnel_curl_parse         (const char          *command,
                                           gssize               length,
                                           RunnelCurlFlags      flags,
                                           char              ***ignored,
                                           GError             **error);
/* the same from words, without the leading "curl" (e.g. the arguments of a shell command) */
RunnelRequest  *runnel_curl_parse_argv    (const char * const  *argv,
                                           RunnelCurlFlags      flags,
                                           char              ***ignored,
                                           GError             **error);

/*
 * A curl command that sends what @request sends, quoted for a POSIX shell: -X when the method is
 * not what curl implies, the URL, every enabled header in order (-H 'Name;' for an empty value;
 * -H 'Content-Type:' for a body without one, since curl would add a form type that Runnel does
 * not send), the body byte for byte (--data-raw, or for a body with NUL bytes a printf piped into
 * --data-binary @-), -k, --cacert, -m, a Last-Event-ID header for the request's last event id
 * when no header gives one, and -N so that curl shows events as they arrive. The command says
 * what the request holds: it adds no Accept header of its own (RunnelSseClient sends
 * "Accept: text/event-stream" when the request has none, where curl sends its default).
 *
 * Returns: (transfer full): the command, without a trailing newline
 */
char           *runnel_curl_from_request  (RunnelRequest       *request,
                                           RunnelCurlFormat     format);

/*
 * The same request as a `runnel --print` command (the window's Copy as Command), quoted for a
 * POSIX shell as runnel_curl_from_request () quotes: -X, every enabled header, the body
 * (--data-raw; a body with NUL bytes comes from a printf on stdin), -k, --cacert,
 * --allow-insecure-redirect, -m, --last-event-id, the connection options that differ from what
 * --print does by itself, an --expect for each expectation, then the URL.
 *
 * Returns: (transfer full): the command, without a trailing newline
 */
char           *runnel_curl_print_command_from_request (RunnelRequest    *request,
                                                        RunnelCurlFormat  format);

G_END_DECLS
