/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-format.c: the words and numbers the window shows: times, sizes, states, failures */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "runnel-format.h"
#include "runnel-json.h"
#include "runnel-utf8.h"

char *
runnel_format_time_ms (gint64 real_time)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (real_time / G_USEC_PER_SEC);
  g_autofree char *seconds = NULL;

  if (time == NULL)
    return g_strdup ("");

  seconds = g_date_time_format (time, "%H:%M:%S");

  return g_strdup_printf ("%s.%03d", seconds, (int) ((real_time % G_USEC_PER_SEC) / 1000));
}

char *
runnel_format_duration (gint64 microseconds)
{
  gint64 ms = MAX (microseconds, 0) / 1000;

  if (ms < 1000)
    /* TRANSLATORS: a duration in milliseconds */
    return g_strdup_printf (_("%d ms"), (int) ms);
  if (ms < 60 * 1000)
    /* TRANSLATORS: a duration in seconds with one decimal */
    return g_strdup_printf (_("%.1f s"), ms / 1000.0);

  /* TRANSLATORS: a duration in minutes and seconds */
  return g_strdup_printf (_("%d min %d s"), (int) (ms / 60000), (int) (ms / 1000 % 60));
}

static char *
format_http_status (guint http_status)
{
  const char *phrase = soup_status_get_phrase (http_status);

  if (phrase == NULL)
    return g_strdup_printf ("%u", http_status);

  return g_strdup_printf ("%u %s", http_status, phrase);
}

char *
runnel_format_state (RunnelSseClientState state,
                     guint                http_status)
{
  const char *name = NULL;
  g_autofree char *status = NULL;

  switch (state)
    {
    case RUNNEL_SSE_CLIENT_STATE_IDLE:
      return g_strdup (_("Not connected"));

    case RUNNEL_SSE_CLIENT_STATE_CONNECTING:
      return g_strdup (_("Connecting…"));

    case RUNNEL_SSE_CLIENT_STATE_OPEN:
      name = _("Open");
      break;

    case RUNNEL_SSE_CLIENT_STATE_WAITING:
      name = _("Waiting to retry");
      break;

    case RUNNEL_SSE_CLIENT_STATE_CLOSED:
      name = _("Closed");
      break;

    case RUNNEL_SSE_CLIENT_STATE_FAILED:
      name = _("Failed");
      break;

    default:
      g_return_val_if_reached (NULL);
    }

  /* the status says something while the stream is open, or when it is why the stream is not */
  if (http_status == 0 ||
      (state != RUNNEL_SSE_CLIENT_STATE_OPEN && http_status >= 200 && http_status < 300))
    return g_strdup (name);

  status = format_http_status (http_status);

  /* TRANSLATORS: a connection state and the HTTP status, e.g. "Open · 200 OK" */
  return g_strdup_printf (_("%s · %s"), name, status);
}

/* message as a sentence (capital first letter), with " — retrying" while the client waits */
static char *
format_sentence (const char *message,
                 gboolean    retrying)
{
  g_autofree char *first = NULL;
  g_autofree char *sentence = NULL;

  if (*message == '\0')
    return g_strdup ("");

  first = g_utf8_strup (message, g_utf8_next_char (message) - message);
  sentence = g_strconcat (first, g_utf8_next_char (message), NULL);

  if (retrying)
    /* TRANSLATORS: %s says what happened to the connection */
    return g_strdup_printf (_("%s — retrying"), sentence);

  return g_steal_pointer (&sentence);
}

static char *
format_failure (RunnelSseClientState state,
                const GError        *error,
                guint                http_status,
                const char          *content_type,
                const char          *server_says)
{
  gboolean retrying = state == RUNNEL_SSE_CLIENT_STATE_WAITING;
  g_autofree char *status = NULL;

  if (error == NULL ||
      (state != RUNNEL_SSE_CLIENT_STATE_WAITING && state != RUNNEL_SSE_CLIENT_STATE_FAILED))
    return NULL;

  if (error->domain != RUNNEL_SSE_ERROR)
    return format_sentence (error->message, retrying);

  switch ((RunnelSseError) error->code)
    {
    case RUNNEL_SSE_ERROR_HTTP_STATUS:
      status = format_http_status (http_status);
      if (retrying && server_says != NULL)
        /* TRANSLATORS: the first %s is an HTTP status, e.g. "503 Service Unavailable", the
         * second what the server's answer says, e.g. {"error":"overloaded"} */
        return g_strdup_printf (_("%s: the server could not serve the stream, retrying. It said: %s"),
                                status, server_says);
      if (retrying)
        /* TRANSLATORS: %s is an HTTP status, e.g. "503 Service Unavailable" */
        return g_strdup_printf (_("%s: the server could not serve the stream, retrying"), status);
      if (server_says != NULL)
        /* TRANSLATORS: the first %s is an HTTP status, e.g. "400 Bad Request", the second what
         * the server's answer says, e.g. {"error":"'messages' must be an array"} */
        return g_strdup_printf (_("%s: the server refused the stream, not retrying. It said: %s"),
                                status, server_says);
      /* TRANSLATORS: %s is an HTTP status, e.g. "404 Not Found" */
      return g_strdup_printf (_("%s: the server refused the stream, not retrying"), status);

    case RUNNEL_SSE_ERROR_NO_CONTENT:
      return g_strdup (_("204 No Content: the server asked the client to stop, not retrying"));

    case RUNNEL_SSE_ERROR_CONTENT_TYPE:
      if (content_type == NULL || *content_type == '\0')
        return g_strdup (_("The server sent no content type, not an event stream"));
      /* TRANSLATORS: %s is a content type, e.g. "text/html" */
      return g_strdup_printf (_("The server sent %s, not an event stream"), content_type);

    case RUNNEL_SSE_ERROR_NETWORK:
    case RUNNEL_SSE_ERROR_TLS:
    case RUNNEL_SSE_ERROR_READ_TIMEOUT:
    case RUNNEL_SSE_ERROR_TIMEOUT:
    case RUNNEL_SSE_ERROR_EVENT_TOO_LARGE:
    case RUNNEL_SSE_ERROR_FATAL_EVENT:
    case RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED:
    case RUNNEL_SSE_ERROR_INVALID_REQUEST:
    default:
      /* the client's own words already say what happened */
      return format_sentence (error->message, retrying);
    }
}

/* the server's words (reason phrase, body, content type) shown, never acted on */
char *
runnel_format_failure (RunnelSseClientState state,
                       const GError        *error,
                       guint                http_status,
                       const char          *content_type,
                       const char          *server_says)
{
  g_autofree char *text = format_failure (state, error, http_status, content_type, server_says);

  return text != NULL ? runnel_utf8_printable (text, -1) : NULL;
}

char *
runnel_format_data (const char *data,
                    gssize      len,
                    gboolean   *is_json)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *pretty = NULL;
  const char *start = data;

  if (len < 0)
    len = strlen (data);

  if (is_json != NULL)
    *is_json = FALSE;

  /* a NUL is a character of the data: shown as U+2400 (JSON cannot hold one raw) */
  if (memchr (data, '\0', len) != NULL)
    {
      GString *shown = g_string_sized_new (len + 8);

      for (gssize i = 0; i < len; i++)
        {
          if (data[i] == '\0')
            g_string_append (shown, "␀");
          else
            g_string_append_c (shown, data[i]);
        }

      return g_string_free (shown, FALSE);
    }

  /* only objects and arrays: a bare number or string reads better as it came */
  while (g_ascii_isspace (*start))
    start++;
  if (*start != '{' && *start != '[')
    return g_strndup (data, len);

  /* too deep or too large to lay out: shown as it came, with the reason */
  pretty = runnel_json_to_pretty_string (data, len, &error);
  if (pretty == NULL && error->domain == RUNNEL_JSON_ERROR)
    {
      g_autofree char *raw = g_strndup (data, len);

      /* TRANSLATORS: after an event's data shown as it came; %s says why it is not laid out,
       * e.g. "The JSON nests objects and arrays more than 256 levels deep, …" */
      return g_strdup_printf (_("%s\n\n… (%s)"), raw, error->message);
    }
  if (pretty == NULL)
    return g_strndup (data, len);

  if (is_json != NULL)
    *is_json = TRUE;

  return g_steal_pointer (&pretty);
}

char *
runnel_format_url_title (const char *url)
{
  g_autoptr(GUri) uri = NULL;
  const char *path;
  int port;

  if (url == NULL)
    return NULL;

  uri = g_uri_parse (url, G_URI_FLAGS_NONE, NULL);
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0')
    return NULL;

  path = g_uri_get_path (uri);
  if (path == NULL || *path == '\0')
    path = "/";

  port = g_uri_get_port (uri);
  if (port > 0)
    /* TRANSLATORS: a tab title: the URL path, then its host and port */
    return g_strdup_printf (_("%s — %s:%d"), path, g_uri_get_host (uri), port);

  /* TRANSLATORS: a tab title: the URL path, then its host */
  return g_strdup_printf (_("%s — %s"), path, g_uri_get_host (uri));
}
