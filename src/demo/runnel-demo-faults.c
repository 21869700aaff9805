/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-faults.c: the /fault/ endpoints, every way a stream can go wrong, on purpose */

#include "config.h"

#include <string.h>

#include "runnel-demo-private.h"

#define DEFAULT_OVERSIZED_SIZE  (17 * 1024 * 1024)

/* /fault/500, 503, 429, 401, 404, 204 */

void
runnel_demo_handle_status_fault (RunnelDemoServer  *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  const char *path = g_uri_get_path (soup_server_message_get_uri (msg));
  g_autofree char *text = NULL;
  const char *phrase;
  guint64 status;
  guint64 after;

  if (!runnel_demo_query_get_uint (msg, query, "after", 5, 0, 86400, &after))
    return;

  status = g_ascii_strtoull (path + strlen ("/fault/"), NULL, 10);

  if (status == SOUP_STATUS_NO_CONTENT)
    {
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429)
    {
      g_autofree char *seconds = g_strdup_printf ("%" G_GUINT64_FORMAT, after);
      soup_message_headers_replace (headers, "Retry-After", seconds);
    }
  else if (status == SOUP_STATUS_UNAUTHORIZED)
    {
      soup_message_headers_replace (headers, "WWW-Authenticate", "Bearer realm=\"runnel-demo\"");
    }

  /* libsoup 3.2 has no phrase for 429 */
  phrase = status == 429 ? "Too Many Requests" : soup_status_get_phrase (status);
  soup_server_message_set_status (msg, status, phrase);
  text = g_strdup_printf ("%u %s (a fault the Runnel demo server made on purpose)\n",
                          (guint) status, phrase);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

/* /fault/content-type */

void
runnel_demo_handle_content_type (RunnelDemoServer  *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query)
{
  static const char html[] =
    "<!DOCTYPE html>\n<html><body>\n<p>This is a web page, not an event stream.</p>\n"
    "data: a client that ignores Content-Type would take this line for an event\n\n"
    "</body></html>\n";

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_STATIC,
                                    html, strlen (html));
}

/* /fault/drop */

static gboolean
drop_pump (DemoStream *stream)
{
  GSocket *socket = runnel_demo_server_get_socket (stream->self, stream->msg);

  if (stream->stage++ == 0)
    {
      runnel_demo_stream_write_str (stream, "id: 1\ndata: a complete event\n\n");
      runnel_demo_stream_write_str (stream, "id: 2\ndata: this event is cut off in the mid");
      return TRUE;
    }

  /*
   * Both chunks are on the wire: shut the socket down so that the chunked terminator libsoup
   * writes when the response ends can never reach the client, which sees the connection drop.
   */
  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return FALSE;
}

void
runnel_demo_handle_drop (RunnelDemoServer  *self,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  DemoStream *stream = runnel_demo_stream_new (self, msg);

  stream->pump = drop_pump;
  runnel_demo_stream_schedule_pump (stream);
}

/* /fault/retry */

void
runnel_demo_handle_retry (RunnelDemoServer  *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  DemoStream *stream;
  guint64 ms;

  if (!runnel_demo_query_get_uint (msg, query, "ms", 2000, 0, MAX_INTERVAL_MS, &ms))
    return;

  stream = runnel_demo_stream_new (self, msg);
  runnel_demo_stream_printf (stream, "retry: %" G_GUINT64_FORMAT "\ndata: reconnect in %"
                             G_GUINT64_FORMAT " ms\n\n", ms, ms);
  runnel_demo_stream_end (stream);
}

/* /fault/trickle */

static gboolean
trickle_tick (DemoStream *stream)
{
  gsize len;
  const char *text;

  if (stream->pending == NULL)
    {
      char *event;

      stream->sequence++;
      event = g_strdup_printf ("id: %" G_GUINT64_FORMAT "\ndata: trickle event %" G_GUINT64_FORMAT
                               "\n\n", stream->sequence, stream->sequence);
      stream->pending = g_bytes_new_take (event, strlen (event));
    }

  text = g_bytes_get_data (stream->pending, &len);
  runnel_demo_stream_write (stream, text + stream->offset, 1);
  stream->offset++;

  if (stream->offset < len)
    return TRUE;

  g_clear_pointer (&stream->pending, g_bytes_unref);
  stream->offset = 0;
  return stream->count == 0 || stream->sequence < stream->count;
}

void
runnel_demo_handle_trickle (RunnelDemoServer  *self,
                            SoupServerMessage *msg,
                            GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;

  stream = runnel_demo_stream_new_timed (self, msg, query, 100, &interval);
  if (stream != NULL)
    runnel_demo_stream_start (stream, interval, trickle_tick);
}

/* /fault/oversized */

static gboolean
oversized_pump (DemoStream *stream)
{
  gsize len;
  const char *filler = g_bytes_get_data (stream->pending, &len);

  if (stream->stage == 0)
    {
      stream->stage++;
      runnel_demo_stream_write_str (stream, "id: 1\ndata: ");
    }

  /* one bounded chunk at a time, the next only when this one has been written */
  if (stream->remaining > 0)
    {
      gsize n = MIN (stream->remaining, len);

      runnel_demo_stream_write (stream, filler, n);
      stream->remaining -= n;
      return TRUE;
    }

  runnel_demo_stream_write_str (stream,
                                "\n\nid: 2\ndata: a small event after the oversized one\n\n");
  return FALSE;
}

void
runnel_demo_handle_oversized (RunnelDemoServer  *self,
                              SoupServerMessage *msg,
                              GHashTable        *query)
{
  DemoStream *stream;
  guint64 size;

  if (!runnel_demo_query_get_uint (msg, query, "size", DEFAULT_OVERSIZED_SIZE, 1, G_MAXUINT32,
                                   &size))
    return;

  stream = runnel_demo_stream_new (self, msg);
  stream->remaining = size;
  stream->pending = g_bytes_new_take (g_strnfill (PUMP_CHUNK_SIZE, 'x'), PUMP_CHUNK_SIZE);
  stream->pump = oversized_pump;
  runnel_demo_stream_schedule_pump (stream);
}

/* /fault/invalid-utf8 */

void
runnel_demo_handle_invalid_utf8 (RunnelDemoServer  *self,
                                 SoupServerMessage *msg,
                                 GHashTable        *query)
{
  DemoStream *stream = runnel_demo_stream_new (self, msg);

  runnel_demo_stream_write_str (stream, "id: 1\ndata: caf\xc3\xa9 is valid UTF-8\n\n");
  runnel_demo_stream_write_str (stream, "id: 2\ndata: a lone \xff byte\n\n");
  runnel_demo_stream_write_str (stream, "id: 3\ndata: a truncated \xe2\x82 sequence\n\n");
  runnel_demo_stream_write_str (stream, "id: 4\ndata: an overlong \xc0\xaf slash\n\n");
  runnel_demo_stream_write_str (stream, "id: 5\ndata: a surrogate \xed\xa0\x80 half\n\n");
  /* valid, but the euro sign is split across two chunks */
  runnel_demo_stream_write_str (stream, "id: 6\ndata: euro \xe2\x82");
  runnel_demo_stream_write_str (stream, "\xac split across chunks\n\n");
  runnel_demo_stream_end (stream);
}

/* /fault/redirect */

/*
 * A path on this server only: "//host/x" (a network-path reference) and "/\\host" (which
 * browsers read as "//host") would send the client elsewhere; no control characters.
 */
static gboolean
is_local_path (const char *to)
{
  if (to[0] != '/' || to[1] == '/' || to[1] == '\\')
    return FALSE;

  for (const char *p = to; *p != '\0'; p++)
    {
      if (g_ascii_iscntrl (*p) || *p == '\\')
        return FALSE;
    }

  return TRUE;
}

void
runnel_demo_handle_redirect (RunnelDemoServer  *self,
                             SoupServerMessage *msg,
                             GHashTable        *query)
{
  const char *to = query != NULL ? g_hash_table_lookup (query, "to") : NULL;
  guint64 status;

  if (!runnel_demo_query_get_uint (msg, query, "status", SOUP_STATUS_TEMPORARY_REDIRECT, 300, 399,
                                   &status))
    return;

  if (to == NULL)
    to = "/clock";

  if (!is_local_path (to))
    {
      runnel_demo_set_text_response (msg, SOUP_STATUS_BAD_REQUEST,
                                     "Bad value for 'to': give a path on this server, "
                                     "starting with a single /\n");
      return;
    }

  soup_server_message_set_redirect (msg, status, to);
}

/* /fault/silent */

void
runnel_demo_handle_silent (RunnelDemoServer  *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  DemoStream *stream = runnel_demo_stream_new (self, msg);

  runnel_demo_stream_write_str (stream, "id: 1\ndata: one event, then silence\n\n");
}

/* /fault/buffered */

/* a steady stream as a buffering proxy passes it on: held back, then ?burst=N events at once */
static gboolean
buffered_tick (DemoStream *stream)
{
  g_autoptr(GString) chunk = g_string_new (NULL);

  for (guint i = 0; i < stream->rate && (stream->count == 0 || stream->sequence < stream->count);
       i++)
    {
      stream->sequence++;
      g_string_append_printf (chunk, "id: %" G_GUINT64_FORMAT "\ndata: buffered event %"
                              G_GUINT64_FORMAT ", held back and let go with its burst\n\n",
                              stream->sequence, stream->sequence);
    }

  /* one write: the burst leaves in one chunk, as a proxy's buffer does */
  runnel_demo_stream_write (stream, chunk->str, chunk->len);

  return stream->count == 0 || stream->sequence < stream->count;
}

void
runnel_demo_handle_buffered (RunnelDemoServer  *self,
                             SoupServerMessage *msg,
                             GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;
  guint64 burst;

  if (!runnel_demo_query_get_uint (msg, query, "burst", 10, 1, 10000, &burst))
    return;

  stream = runnel_demo_stream_new_timed (self, msg, query, 2000, &interval);
  if (stream == NULL)
    return;

  stream->rate = (guint) burst;
  /* the headers go at once, as a proxy sends them; the events wait for the first burst */
  soup_server_message_unpause (msg);
  runnel_demo_stream_set_interval (stream, interval, buffered_tick);
}

/* /fault/heartbeat */

static gboolean
heartbeat_tick (DemoStream *stream)
{
  /* @remaining: the heartbeats still to send; @offset: 1 for ping events instead of comments */
  if (stream->remaining > 0)
    {
      stream->remaining--;
      runnel_demo_stream_write_str (stream, stream->offset ? "event: ping\ndata: {}\n\n"
                                                           : ": heartbeat\n\n");
      return TRUE;
    }

  stream->sequence++;
  runnel_demo_stream_printf (stream, "id: %" G_GUINT64_FORMAT "\ndata: event %" G_GUINT64_FORMAT
                             " after the heartbeats\n\n", stream->sequence, stream->sequence);

  return stream->count == 0 || stream->sequence < stream->count;
}

void
runnel_demo_handle_heartbeat (RunnelDemoServer  *self,
                              SoupServerMessage *msg,
                              GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;
  guint64 quiet;
  guint64 ping;

  if (!runnel_demo_query_get_uint (msg, query, "quiet", 8000, 0, MAX_INTERVAL_MS, &quiet) ||
      !runnel_demo_query_get_uint (msg, query, "ping", 0, 0, 1, &ping))
    return;

  stream = runnel_demo_stream_new_timed (self, msg, query, 1000, &interval);
  if (stream == NULL)
    return;

  /* a heartbeat at once and every interval while the quiet lasts, then the events */
  stream->remaining = (quiet + interval - 1) / interval;
  stream->offset = ping;
  runnel_demo_stream_start (stream, interval, heartbeat_tick);
}

/* /fault/gzip */

static gboolean
gzip_tick (DemoStream *stream)
{
  stream->sequence++;
  runnel_demo_stream_printf (stream, "id: %" G_GUINT64_FORMAT "\ndata: compressed event %"
                             G_GUINT64_FORMAT "\n\n", stream->sequence, stream->sequence);

  return stream->count == 0 || stream->sequence < stream->count;
}

void
runnel_demo_handle_gzip (RunnelDemoServer  *self,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;

  stream = runnel_demo_stream_new_timed (self, msg, query, 1000, &interval);
  if (stream == NULL)
    return;

  stream->gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Encoding", "gzip");
  runnel_demo_stream_start (stream, interval, gzip_tick);
}
