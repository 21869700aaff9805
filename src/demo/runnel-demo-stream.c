/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-stream.c: what every demo endpoint shares: plain replies, query values, DemoStream */

#include "config.h"

#include <string.h>

#include "runnel-demo-private.h"

/* Plain responses */

void
runnel_demo_set_text_response (SoupServerMessage *msg,
                               guint              status,
                               const char        *text)
{
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "text/plain; charset=utf-8", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

G_GNUC_PRINTF (3, 4)
void
runnel_demo_set_text_responsef (SoupServerMessage *msg,
                                guint              status,
                                const char        *format,
                                ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  runnel_demo_set_text_response (msg, status, text);
}

/*
 * Reads the unsigned query parameter @name into @value (@fallback when absent). A value that is
 * not a number from @min to @max answers 400 with a message and returns FALSE.
 */
gboolean
runnel_demo_query_get_uint (SoupServerMessage *msg,
                            GHashTable        *query,
                            const char        *name,
                            guint64            fallback,
                            guint64            min,
                            guint64            max,
                            guint64           *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;

  *value = fallback;
  if (text == NULL)
    return TRUE;

  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      runnel_demo_set_text_responsef (msg, SOUP_STATUS_BAD_REQUEST,
                                      "Bad value for '%s': '%s' (expected a whole number from %"
                                      G_GUINT64_FORMAT " to %" G_GUINT64_FORMAT ")\n",
                                      name, text, min, max);
      return FALSE;
    }

  return TRUE;
}

gboolean
runnel_demo_query_get_interval (SoupServerMessage *msg,
                                GHashTable        *query,
                                guint64            fallback,
                                guint64           *value)
{
  return runnel_demo_query_get_uint (msg, query, "interval", fallback, 1, MAX_INTERVAL_MS, value);
}

/* Streams: one per open text/event-stream response, freed when libsoup is done with it */

static void
stream_clear_hangup_source (DemoStream *stream)
{
  if (stream->hangup_source != NULL)
    {
      g_source_destroy (stream->hangup_source);
      g_clear_pointer (&stream->hangup_source, g_source_unref);
    }
}

static void
stream_finished_cb (SoupServerMessage *msg,
                    DemoStream        *stream)
{
  g_assert (stream->msg == msg);

  runnel_demo_stream_free (stream);
}

static void
stream_write_bytes (DemoStream *stream,
                    GBytes     *bytes)
{
  SoupMessageBody *body = soup_server_message_get_response_body (stream->msg);

  g_assert (g_bytes_get_size (bytes) > 0);

  soup_message_body_append_bytes (body, bytes);
  stream->n_in_flight++;
  soup_server_message_unpause (stream->msg);
}

/*
 * Compresses @len bytes with the stream's gzip converter: flushed (G_CONVERTER_FLUSH) so that the
 * client can decompress each event as soon as it arrives, or the end of the gzip stream
 * (G_CONVERTER_INPUT_AT_END).
 */
static GBytes *
stream_compress (DemoStream     *stream,
                 const char     *data,
                 gsize           len,
                 GConverterFlags flags)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  GConverterResult done = flags == G_CONVERTER_FLUSH ? G_CONVERTER_FLUSHED : G_CONVERTER_FINISHED;
  GConverterResult result;

  do
    {
      g_autoptr(GError) error = NULL;
      guint8 buf[4096];
      gsize n_read = 0;
      gsize n_written = 0;

      result = g_converter_convert (stream->gzip, data, len, buf, sizeof buf, flags,
                                    &n_read, &n_written, &error);
      if (result == G_CONVERTER_ERROR)
        {
          g_warning ("Could not compress the demo stream: %s", error->message);
          break;
        }

      g_byte_array_append (out, buf, n_written);
      data += n_read;
      len -= n_read;
    }
  while (result != done || len > 0);

  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* Appends @len bytes (their compressed form with gzip on); nothing when there is nothing. */
void
runnel_demo_stream_write (DemoStream *stream,
                          const char *data,
                          gsize       len)
{
  g_autoptr(GBytes) bytes = NULL;

  if (stream->gzip != NULL)
    bytes = stream_compress (stream, data, len, G_CONVERTER_FLUSH);
  else
    bytes = g_bytes_new (data, len);

  if (g_bytes_get_size (bytes) > 0)
    stream_write_bytes (stream, bytes);
}

void
runnel_demo_stream_write_str (DemoStream *stream,
                              const char *text)
{
  runnel_demo_stream_write (stream, text, strlen (text));
}

G_GNUC_PRINTF (2, 3)
void
runnel_demo_stream_printf (DemoStream *stream,
                           const char *format,
                           ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);

  runnel_demo_stream_write_str (stream, text);
}

/* Ends the response cleanly; the stream is freed when libsoup says it is finished. */
void
runnel_demo_stream_end (DemoStream *stream)
{
  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_handle_id (&stream->pump_id, g_source_remove);
  stream_clear_hangup_source (stream);
  stream->tick = NULL;
  stream->pump = NULL;
  stream->ended = TRUE;

  if (stream->gzip != NULL)
    {
      g_autoptr(GBytes) bytes = stream_compress (stream, NULL, 0, G_CONVERTER_INPUT_AT_END);

      g_clear_object (&stream->gzip);
      if (g_bytes_get_size (bytes) > 0)
        stream_write_bytes (stream, bytes);
    }

  soup_message_body_complete (soup_server_message_get_response_body (stream->msg));
  soup_server_message_unpause (stream->msg);
}

static gboolean
stream_timeout_cb (gpointer user_data)
{
  DemoStream *stream = user_data;

  /* the client is behind: skip the tick rather than queue what it does not take without bound */
  if (stream->n_in_flight >= MAX_TICKS_QUEUED)
    {
      runnel_demo_server_skipped_tick (stream->self);
      return G_SOURCE_CONTINUE;
    }

  if (stream->tick (stream))
    return G_SOURCE_CONTINUE;

  stream->timeout_id = 0;
  runnel_demo_stream_end (stream);
  return G_SOURCE_REMOVE;
}

void
runnel_demo_stream_set_interval (DemoStream     *stream,
                                 guint           interval_ms,
                                 DemoStreamFunc  tick)
{
  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  stream->tick = tick;
  stream->timeout_id = g_timeout_add (interval_ms, stream_timeout_cb, stream);
}

/* Parses ?interval= (ms) and ?count= (events, 0 = forever); FALSE when a 400 has been set. */
gboolean
runnel_demo_query_get_timing (SoupServerMessage *msg,
                              GHashTable        *query,
                              guint64            default_interval,
                              guint64           *interval,
                              guint64           *count)
{
  return runnel_demo_query_get_interval (msg, query, default_interval, interval) &&
         runnel_demo_query_get_uint (msg, query, "count", 0, 0, G_MAXUINT64, count);
}

/* A stream of ?count= events every ?interval= ms; NULL when the query is bad (400 set). */
DemoStream *
runnel_demo_stream_new_timed (RunnelDemoServer  *self,
                              SoupServerMessage *msg,
                              GHashTable        *query,
                              guint64            default_interval,
                              guint64           *interval)
{
  DemoStream *stream;
  guint64 count;

  if (!runnel_demo_query_get_timing (msg, query, default_interval, interval, &count))
    return NULL;

  stream = runnel_demo_stream_new (self, msg);
  stream->count = count;
  return stream;
}

/* Writes the first tick now and the next ones every @interval_ms, until @tick returns FALSE. */
void
runnel_demo_stream_start (DemoStream     *stream,
                          guint           interval_ms,
                          DemoStreamFunc  tick)
{
  if (tick (stream))
    runnel_demo_stream_set_interval (stream, interval_ms, tick);
  else
    runnel_demo_stream_end (stream);
}

static gboolean
stream_pump_cb (gpointer user_data)
{
  DemoStream *stream = user_data;

  stream->pump_id = 0;
  if (!stream->pump (stream))
    runnel_demo_stream_end (stream);

  return G_SOURCE_REMOVE;
}

/*
 * Runs the pump from an idle callback (not from within libsoup's write loop, so that one fast
 * client cannot starve the others) once everything queued has been written. The source has
 * the default priority, not the idle one: in the app's process a window that redraws all the
 * time (a spinner) would otherwise starve the demo streams for good.
 */
void
runnel_demo_stream_schedule_pump (DemoStream *stream)
{
  if (stream->pump != NULL && stream->pump_id == 0 && stream->n_in_flight == 0)
    stream->pump_id = g_idle_add_full (G_PRIORITY_DEFAULT, stream_pump_cb, stream, NULL);
}

/*
 * A pump for a stream whose last chunk is a partial event: once it is on the wire, shut the
 * socket down, so that the chunked terminator libsoup writes when the response ends can never
 * reach the client, which sees the connection drop in the middle of the event.
 */
gboolean
runnel_demo_stream_cut_pump (DemoStream *stream)
{
  GSocket *socket = runnel_demo_server_get_socket (stream->self, stream->msg);

  if (socket != NULL)
    g_socket_shutdown (socket, TRUE, TRUE, NULL);

  return FALSE;
}

static void
stream_wrote_chunk_cb (SoupServerMessage *msg,
                       DemoStream        *stream)
{
  if (stream->n_in_flight > 0)
    stream->n_in_flight--;

  runnel_demo_stream_schedule_pump (stream);
}

/*
 * The client hung up (or sent something) while the response is paused: libsoup notices a closed
 * connection only when it writes, so end the response now and let the failed or final write
 * bring the "finished" signal that frees the stream.
 */
static gboolean
stream_hangup_cb (GSocket      *socket,
                  GIOCondition  condition,
                  gpointer      user_data)
{
  DemoStream *stream = user_data;
  char byte;
  GInputVector vector = { &byte, 1 };
  int flags = G_SOCKET_MSG_PEEK;
  gssize n;

  n = g_socket_receive_message (socket, NULL, &vector, 1, NULL, NULL, &flags, NULL, NULL);
  if (n > 0)
    {
      /* a pipelined request: not our business */
      stream_clear_hangup_source (stream);
      return G_SOURCE_REMOVE;
    }
  else if (n < 0 && !(condition & (G_IO_HUP | G_IO_ERR)))
    {
      return G_SOURCE_CONTINUE;
    }

  runnel_demo_server_request_done (stream->self, stream->msg, "connection closed");
  runnel_demo_stream_end (stream);

  return G_SOURCE_REMOVE;
}

DemoStream *
runnel_demo_stream_new (RunnelDemoServer  *self,
                        SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  DemoStream *stream;
  GSocket *socket;

  stream = g_new0 (DemoStream, 1);
  stream->self = self;
  stream->msg = g_object_ref (msg);
  stream->start_time = g_get_monotonic_time ();

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  /* HTTP/1.0 has no chunked encoding: the end of the body is the end of the connection */
  if (soup_server_message_get_http_version (msg) == SOUP_HTTP_1_0)
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_EOF);
  else
    soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
  soup_message_headers_replace (headers, "Content-Type", "text/event-stream; charset=utf-8");
  soup_message_headers_replace (headers, "Cache-Control", "no-cache");
  soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

  g_signal_connect (msg, "finished", G_CALLBACK (stream_finished_cb), stream);
  g_signal_connect (msg, "wrote-chunk", G_CALLBACK (stream_wrote_chunk_cb), stream);

  socket = runnel_demo_server_get_socket (self, msg);
  if (socket != NULL)
    {
      stream->hangup_source = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
      g_source_set_callback (stream->hangup_source, G_SOURCE_FUNC (stream_hangup_cb), stream, NULL);
      g_source_attach (stream->hangup_source, NULL);
    }

  runnel_demo_server_add_stream (self, stream);

  soup_server_message_pause (msg);

  return stream;
}

void
runnel_demo_stream_free (DemoStream *stream)
{
  RunnelDemoServer *self = stream->self;

  g_clear_handle_id (&stream->timeout_id, g_source_remove);
  g_clear_handle_id (&stream->pump_id, g_source_remove);
  stream_clear_hangup_source (stream);
  g_signal_handlers_disconnect_by_data (stream->msg, stream);

  g_clear_object (&stream->msg);
  g_clear_object (&stream->gzip);
  g_clear_pointer (&stream->pending, g_bytes_unref);
  g_clear_pointer (&stream->words, g_strfreev);
  if (stream->state_free != NULL)
    g_clear_pointer (&stream->state, stream->state_free);

  runnel_demo_server_remove_stream (self, stream);

  g_free (stream);
}
