/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client-response.c: what a response means: a stream, a refusal, a redirect */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "runnel-body-text.h"
#include "runnel-jsonl-parser.h"
#include "runnel-sse-client-private.h"

/* the longest part of a refused response's body that its description shows */
#define ERROR_LINE_MAX_CHARS  200
/* as many redirects as libsoup follows on its own */
#define MAX_REDIRECTS         20

gboolean
_runnel_sse_response_mode (SoupMessage         *message,
                           RunnelSseClientMode *mode)
{
  const char *type = soup_message_headers_get_content_type (
    soup_message_get_response_headers (message), NULL);

  if (type != NULL && g_ascii_strcasecmp (type, "text/event-stream") == 0)
    {
      *mode = RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM;
      return TRUE;
    }

  if (runnel_jsonl_is_content_type (type))
    {
      *mode = RUNNEL_SSE_CLIENT_MODE_JSON_LINES;
      return TRUE;
    }

  return FALSE;
}

static guint
parse_retry_after (SoupMessage *message)
{
  const char *value = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                                    "Retry-After");
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) now = NULL;
  guint64 seconds;

  if (value == NULL)
    return 0;

  if (g_ascii_string_to_unsigned (value, 10, 0, G_MAXUINT / 1000, &seconds, NULL))
    return (guint) seconds * 1000;

  date = soup_date_time_new_from_http_string (value);
  if (date == NULL)
    return 0;

  now = g_date_time_new_now_utc ();
  return (guint) CLAMP (g_date_time_difference (date, now) / 1000, 0, G_MAXUINT);
}

/* "HTTP 503 Service Unavailable", then ": " and what its body says (runnel-body-text.h) */
static char *
describe_status (SoupMessage  *message,
                 const char   *content_type,
                 const guint8 *body,
                 gsize         body_len)
{
  guint status = soup_message_get_status (message);
  const char *phrase = soup_message_get_reason_phrase (message);
  g_autofree char *says = runnel_body_text_summary (content_type, body, body_len,
                                                    ERROR_LINE_MAX_CHARS);

  if (phrase == NULL || *phrase == '\0')
    phrase = soup_status_get_phrase (status);

  if (says != NULL)
    return g_strdup_printf ("HTTP %u %s: %s", status, phrase ? phrase : "", says);

  return g_strdup_printf ("HTTP %u %s", status, phrase ? phrase : "");
}

GError *
_runnel_sse_response_refusal (SoupMessage  *message,
                              const char   *content_type,
                              const guint8 *body,
                              gsize         body_len,
                              gboolean     *retry,
                              guint        *retry_after_ms)
{
  guint status = soup_message_get_status (message);
  g_autofree char *description = describe_status (message, content_type, body,
                                                       body_len);

  *retry = FALSE;
  *retry_after_ms = 0;

  if (SOUP_STATUS_IS_SUCCESSFUL (status))
    return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_CONTENT_TYPE,
                        _("Expected a text/event-stream (or JSON lines) response but "
                          "the server sent %s (%s)"),
                        content_type ? content_type : _("no content type"), description);

  if (status == SOUP_STATUS_REQUEST_TIMEOUT || status == 429 ||
      SOUP_STATUS_IS_SERVER_ERROR (status))
    {
      *retry = TRUE;
      if (status == 429 || status == SOUP_STATUS_SERVICE_UNAVAILABLE)
        *retry_after_ms = parse_retry_after (message);
    }

  return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_HTTP_STATUS,
                      _("The server answered %s"), description);
}

static const char *
describe_tls_errors (GTlsCertificateFlags flags)
{
  if (flags & G_TLS_CERTIFICATE_UNKNOWN_CA)
    return _("it is not signed by a trusted certificate authority");
  if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
    return _("it is not valid for this host name");
  if (flags & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    return _("it is not valid yet");
  if (flags & G_TLS_CERTIFICATE_EXPIRED)
    return _("it has expired");
  if (flags & G_TLS_CERTIFICATE_REVOKED)
    return _("it has been revoked");
  if (flags & G_TLS_CERTIFICATE_INSECURE)
    return _("it uses an insecure algorithm");

  return _("it could not be verified");
}

/*
 * GSocketClient prefixes the cause with "Could not connect to ADDRESS: " (in GLib's own
 * translation), which after our "Cannot connect to HOST:PORT: " says it twice: the cause alone
 */
static const char *
connect_cause (const GError *error)
{
  const char *message = error->message;
  const char *format = g_dgettext ("glib20", "Could not connect to %s: ");
  const char *hole = strstr (format, "%s");
  const char *plain = g_dgettext ("glib20", "Could not connect: ");
  const char *rest;

  if (g_str_has_prefix (message, plain) && message[strlen (plain)] != '\0')
    return message + strlen (plain);

  if (hole == NULL || strncmp (message, format, hole - format) != 0)
    return message;

  /* the address holds no ": " (an IPv6 one has colons, but no space after them) */
  rest = strstr (message + (hole - format), hole + 2);
  if (rest == NULL || hole[2] == '\0' || rest[strlen (hole + 2)] == '\0')
    return message;

  return rest + strlen (hole + 2);
}

/*
 * A proxy as the user may show it: "http://proxy.example:3128", without the user name and
 * password a proxy URI can hold. NULL for "direct://" (no proxy) or what is no URI.
 */
static char *
proxy_display (const char *proxy)
{
  g_autoptr(GUri) uri = NULL;

  if (proxy == NULL || g_str_has_prefix (proxy, "direct://"))
    return NULL;

  uri = g_uri_parse (proxy, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL)
    return NULL;

  return g_uri_join (G_URI_FLAGS_NONE, g_uri_get_scheme (uri), NULL, g_uri_get_host (uri),
                     g_uri_get_port (uri), "", NULL, NULL);
}

/* "example.com:8080", "[::1]:8080", or the host alone when the URI gives no port */
static char *
host_and_port (GUri *uri)
{
  const char *host = g_uri_get_host (uri);

  if (g_uri_get_port (uri) <= 0)
    return g_strdup (host);
  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, g_uri_get_port (uri));

  return g_strdup_printf ("%s:%d", host, g_uri_get_port (uri));
}

GError *
_runnel_sse_response_connect_error (SoupMessage          *message,
                                    GTlsCertificateFlags  tls_errors,
                                    const GError         *error,
                                    const char           *proxy)
{
  GUri *uri = soup_message_get_uri (message);
  g_autofree char *through = NULL;

  if (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE) || tls_errors != 0)
    {
      GTlsCertificateFlags flags = tls_errors;
      const char *host = g_uri_get_host (uri);

      /* a CA file cannot fix a host name: say what can */
      if ((flags & G_TLS_CERTIFICATE_BAD_IDENTITY) && (flags & G_TLS_CERTIFICATE_UNKNOWN_CA))
        return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_TLS,
                            _("The server's TLS certificate was refused: it is not signed by a "
                              "trusted certificate authority and not valid for the host name %s. "
                              "Trust its authority (--cacert FILE) and open the URL with a host "
                              "name the certificate was issued for, or accept it anyway only if "
                              "you trust this server (-k)"), host);
      if (flags & G_TLS_CERTIFICATE_BAD_IDENTITY)
        return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_TLS,
                            _("The server's TLS certificate was refused: it is not valid for the "
                              "host name %s. Open the URL with a host name the certificate was "
                              "issued for, or accept it anyway only if you trust this server "
                              "(-k)"),
                            host);

      return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_TLS,
                          _("The server's TLS certificate was refused: %s. %s"),
                          describe_tls_errors (flags),
                          (flags & G_TLS_CERTIFICATE_UNKNOWN_CA) ?
                            _("Trust its authority with a CA file (--cacert FILE) or accept it "
                              "anyway (-k)") :
                            _("Accept it anyway only if you trust this server (-k)"));
    }

  /* the address in the cause may be the proxy's: say that the connection went through one,
   * or a refused proxy reads as a refusing server (curl names the proxy too) */
  through = proxy_display (proxy);

  /* connected, to the server or the proxy: what failed is the answer (a server that closed the
   * connection on reading the request, or that speaks no HTTP), not the connection */
  if (soup_message_get_remote_address (message) != NULL)
    {
      g_autofree char *where = host_and_port (uri);
      g_autofree char *cause = g_strdup (error->message);

      /* the cause goes mid-sentence: GnuTLS's messages end with a full stop, an ideographic
       * one in Chinese */
      if (g_str_has_suffix (cause, "."))
        cause[strlen (cause) - 1] = '\0';
      else if (g_str_has_suffix (cause, "\u3002"))
        cause[strlen (cause) - strlen ("\u3002")] = '\0';

      /* most often an https:// URL for a server of plain HTTP */
      if (error->domain == G_TLS_ERROR)
        return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                            _("The TLS handshake with %s failed: %s. A server of plain HTTP "
                              "needs an http:// URL"),
                            where, cause);

      if (through != NULL)
        return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                            _("Connected to %s through the proxy %s, but no HTTP response "
                              "could be read: %s"),
                            where, through, cause);

      return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                          _("Connected to %s, but no HTTP response could be read: %s"),
                          where, cause);
    }

  if (through != NULL && g_uri_get_port (uri) > 0)
    return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                        _("Cannot connect to %s:%d through the proxy %s: %s"),
                        g_uri_get_host (uri), g_uri_get_port (uri), through,
                        connect_cause (error));
  if (through != NULL)
    return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                        _("Cannot connect to %s through the proxy %s: %s"),
                        g_uri_get_host (uri), through, connect_cause (error));

  if (g_uri_get_port (uri) > 0)
    return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                        _("Cannot connect to %s:%d: %s"),
                        g_uri_get_host (uri), g_uri_get_port (uri), connect_cause (error));

  return g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK, _("Cannot connect to %s: %s"),
                      g_uri_get_host (uri), connect_cause (error));
}

/*
 * Redirects: libsoup's own following is turned off (SOUP_MESSAGE_NO_REDIRECT), so that every
 * redirect follows one policy, as fetch and curl do:
 *
 * - 307 and 308 keep the method and the body (an LLM API behind a proxy may answer a POST with
 *   one); 303 turns anything but GET and HEAD into a GET without a body; 301 and 302 turn a POST
 *   into a GET without a body and keep any other method;
 * - when the scheme, the host or the port changes, Authorization, Proxy-Authorization, Cookie
 *   and every header Runnel masks as a secret (runnel_header_is_secret ()) stay behind, for the
 *   rest of the chain;
 * - from https to http is refused unless the request allows it ("allow-insecure-redirect");
 * - at most MAX_REDIRECTS in a row.
 */

void
_runnel_redirect_clear (RunnelRedirect *redirect)
{
  g_clear_pointer (&redirect->target, g_uri_unref);
  g_clear_pointer (&redirect->method, g_free);
}

static int
uri_port (GUri *uri)
{
  if (g_uri_get_port (uri) > 0)
    return g_uri_get_port (uri);

  return g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0 ? 443 : 80;
}

static gboolean
same_origin (GUri *a,
             GUri *b)
{
  return g_ascii_strcasecmp (g_uri_get_scheme (a), g_uri_get_scheme (b)) == 0 &&
         g_ascii_strcasecmp (g_uri_get_host (a), g_uri_get_host (b)) == 0 &&
         uri_port (a) == uri_port (b);
}

gboolean
_runnel_sse_response_redirect (SoupMessage     *message,
                               guint            n_redirects,
                               gboolean         allow_insecure,
                               RunnelRedirect  *redirect,
                               GError         **error)
{
  guint status = soup_message_get_status (message);
  const char *method = soup_message_get_method (message);
  GUri *from = soup_message_get_uri (message);
  const char *location;
  g_autoptr(GUri) target = NULL;

  memset (redirect, 0, sizeof *redirect);

  if (status != SOUP_STATUS_MOVED_PERMANENTLY && status != SOUP_STATUS_FOUND &&
      status != SOUP_STATUS_SEE_OTHER && status != SOUP_STATUS_TEMPORARY_REDIRECT &&
      status != SOUP_STATUS_PERMANENT_REDIRECT)
    return FALSE;

  /* without a target, or an empty one, the redirect cannot be followed, and retrying gets the
   * same answer: one fault, fatal */
  location = soup_message_headers_get_one (soup_message_get_response_headers (message),
                                           "Location");
  while (location != NULL && g_ascii_isspace (*location))
    location++;
  if (location == NULL || *location == '\0')
    {
      g_set_error_literal (error, RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_REDIRECT,
                           _("The server redirected without saying where"));
      return FALSE;
    }

  target = g_uri_parse_relative (from, location, SOUP_HTTP_URI_FLAGS, NULL);
  if (target == NULL || g_uri_get_host (target) == NULL || *g_uri_get_host (target) == '\0' ||
      (g_ascii_strcasecmp (g_uri_get_scheme (target), "http") != 0 &&
       g_ascii_strcasecmp (g_uri_get_scheme (target), "https") != 0))
    return FALSE;

  if (n_redirects > MAX_REDIRECTS)
    {
      g_set_error (error, RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_REDIRECT,
                   _("The server redirected more than %d times in a row: not following"),
                   MAX_REDIRECTS);
      return FALSE;
    }

  if (g_ascii_strcasecmp (g_uri_get_scheme (from), "https") == 0 &&
      g_ascii_strcasecmp (g_uri_get_scheme (target), "http") == 0 && !allow_insecure)
    {
      g_set_error_literal (error, RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_REDIRECT,
                           _("The server redirected from https to http: not following (allow it "
                             "with “Follow redirects to plain HTTP” or --allow-insecure-redirect)"));
      return FALSE;
    }

  if ((status == SOUP_STATUS_SEE_OTHER && strcmp (method, "GET") != 0 &&
       strcmp (method, "HEAD") != 0) ||
      ((status == SOUP_STATUS_MOVED_PERMANENTLY || status == SOUP_STATUS_FOUND) &&
       strcmp (method, "POST") == 0))
    {
      redirect->method = g_strdup ("GET");
      redirect->keep_body = FALSE;
    }
  else
    {
      redirect->method = g_strdup (method);
      redirect->keep_body = TRUE;
    }

  redirect->cross_origin = !same_origin (from, target);
  redirect->target = g_steal_pointer (&target);

  return TRUE;
}

/*
 * libsoup 3.2 reports some broken bodies as a clean end (a read that returns 0):
 *
 * - A chunked body whose connection closed at a chunk boundary, before the last (zero-length)
 *   chunk: SoupBodyInputStream looks for the next chunk size, finds the end of the connection
 *   and returns 0. After a real last chunk it returns 0 too, but from its own state, without
 *   touching the connection again. So we read once more with the connection's stream (the
 *   body stream's base) marked busy (g_input_stream_set_pending ()): a body stream at its real
 *   end returns 0 at once; one that needs the connection fails at once with G_IO_ERROR_PENDING
 *   instead of reading: that is a cut. Nothing is read, nothing waits.
 * - A chunk size that overflows (or is not hexadecimal) parses as the last chunk: the body
 *   "ends" and the rest of the response stays on the connection. After a real last chunk
 *   nothing more comes (Runnel sends one request at a time), so a byte waiting on the connection
 *   (a read that does not block) means the body did not end where libsoup thought: broken.
 * - With Content-Length on a connection that closes (Connection: close, HTTP/1.0), libsoup
 *   reads to the end of the connection and accepts a short body; on a kept-alive one it fails
 *   the read itself. So the bytes read are compared with Content-Length.
 *
 * When the stream is not what the probe expects (a content decoder in between: a truncated
 * gzip stream fails in the decoder anyway; HTTP/2, whose streams end explicitly), the end
 * counts as complete, as before.
 */
RunnelSseResponseEnd
_runnel_sse_response_end (SoupMessage  *message,
                          GInputStream *stream,
                          guint64       body_bytes)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (message);
  const char *coding = soup_message_headers_get_one (headers, "Content-Encoding");
  GInputStream *body;
  GInputStream *connection;
  guint8 byte;
  gssize n;

  if (coding != NULL && g_ascii_strcasecmp (coding, "identity") != 0)
    return RUNNEL_SSE_RESPONSE_COMPLETE;

  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    return body_bytes < (guint64) soup_message_headers_get_content_length (headers) ?
           RUNNEL_SSE_RESPONSE_CUT : RUNNEL_SSE_RESPONSE_COMPLETE;

  if (soup_message_get_http_version (message) != SOUP_HTTP_1_1 ||
      soup_message_headers_get_encoding (headers) != SOUP_ENCODING_CHUNKED ||
      !G_IS_FILTER_INPUT_STREAM (stream))
    return RUNNEL_SSE_RESPONSE_COMPLETE;

  body = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (stream));
  if (!G_IS_FILTER_INPUT_STREAM (body) ||
      !g_str_equal (G_OBJECT_TYPE_NAME (body), "SoupBodyInputStream") ||
      g_input_stream_is_closed (body) || g_input_stream_has_pending (body))
    return RUNNEL_SSE_RESPONSE_COMPLETE;

  connection = g_filter_input_stream_get_base_stream (G_FILTER_INPUT_STREAM (body));
  if (!G_IS_POLLABLE_INPUT_STREAM (connection) || g_input_stream_is_closed (connection) ||
      !g_input_stream_set_pending (connection, NULL))
    return RUNNEL_SSE_RESPONSE_COMPLETE;

  n = g_input_stream_read (body, &byte, 1, NULL, NULL);
  g_input_stream_clear_pending (connection);
  if (n < 0)
    return RUNNEL_SSE_RESPONSE_CUT;

  n = g_pollable_input_stream_read_nonblocking (G_POLLABLE_INPUT_STREAM (connection), &byte, 1,
                                                NULL, NULL);
  return n > 0 ? RUNNEL_SSE_RESPONSE_BROKEN : RUNNEL_SSE_RESPONSE_COMPLETE;
}
