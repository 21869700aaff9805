/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-feeds.c: the steady streams /clock, /counter, /echo, /firehose, /events, /ndjson */

#include "config.h"

#include <string.h>

#include "runnel-demo-private.h"

/* /clock */

static gboolean
clock_tick (DemoStream *stream)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *text = g_date_time_format_iso8601 (now);

  runnel_demo_stream_printf (stream, "data: %s\n\n", text);
  return TRUE;
}

void
runnel_demo_handle_clock (RunnelDemoServer  *self,
                          SoupServerMessage *msg,
                          GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;

  if (!runnel_demo_query_get_interval (msg, query, 1000, &interval))
    return;

  stream = runnel_demo_stream_new (self, msg);
  runnel_demo_stream_start (stream, interval, clock_tick);
}

/* /counter */

static gboolean
counter_tick (DemoStream *stream)
{
  /* stage: events sent on this connection; remaining: ?drop= */
  if (stream->remaining > 0 && stream->stage++ == stream->remaining)
    {
      runnel_demo_stream_printf (stream, "id: %" G_GUINT64_FORMAT "\ndata: cut",
                                 stream->sequence + 1);
      g_clear_handle_id (&stream->timeout_id, g_source_remove);
      stream->pump = runnel_demo_stream_cut_pump;   /* ?drop=K */
      runnel_demo_stream_schedule_pump (stream);
      return TRUE;
    }

  stream->sequence++;
  runnel_demo_stream_printf (stream, "id: %" G_GUINT64_FORMAT "\ndata: %" G_GUINT64_FORMAT "\n\n",
                             stream->sequence, stream->sequence);

  return stream->count == 0 || --stream->count > 0;
}

void
runnel_demo_handle_counter (RunnelDemoServer  *self,
                            SoupServerMessage *msg,
                            GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *last_event_id = soup_message_headers_get_one (headers, "Last-Event-ID");
  DemoStream *stream;
  guint64 interval;
  guint64 count;
  guint64 last = 0;
  guint64 drop;

  if (!runnel_demo_query_get_timing (msg, query, 1000, &interval, &count) ||
      !runnel_demo_query_get_uint (msg, query, "drop", 0, 0, G_MAXUINT64, &drop))
    return;

  /* an id this server never sent (not a number) starts over from 1 */
  if (last_event_id != NULL &&
      !g_ascii_string_to_unsigned (last_event_id, 10, 0, G_MAXUINT64 - 1, &last, NULL))
    last = 0;

  stream = runnel_demo_stream_new (self, msg);
  stream->sequence = last;
  stream->count = count;
  stream->remaining = drop;
  runnel_demo_stream_start (stream, interval, counter_tick);
}

/* /echo */

static void
echo_write_field (DemoStream *stream,
                  const char *type,
                  const char *data,
                  gsize       len)
{
  g_autoptr(GString) event = g_string_new ("event: ");
  const char *end = data + len;
  const char *line = data;

  g_string_append_printf (event, "%s\n", type);

  /* one data: line per line of the value, so a client's parser joins them back with "\n" */
  while (TRUE)
    {
      const char *eol = line;

      while (eol < end && *eol != '\r' && *eol != '\n')
        eol++;

      g_string_append (event, "data: ");
      g_string_append_len (event, line, eol - line);
      g_string_append_c (event, '\n');

      if (eol == end)
        break;
      if (*eol == '\r' && eol + 1 < end && eol[1] == '\n')
        eol++;
      line = eol + 1;
    }

  g_string_append_c (event, '\n');
  runnel_demo_stream_write (stream, event->str, event->len);
}

static gboolean
echo_tick (DemoStream *stream)
{
  runnel_demo_stream_write_str (stream, ": keep-alive\n\n");
  return TRUE;
}

void
runnel_demo_handle_echo (RunnelDemoServer  *self,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GUri *uri = soup_server_message_get_uri (msg);
  g_autoptr(GBytes) body = NULL;
  SoupMessageHeadersIter iter;
  const char *method = soup_server_message_get_method (msg);
  const char *name;
  const char *value;
  const char *query_text;
  DemoStream *stream;
  guint64 interval;

  if (!runnel_demo_query_get_uint (msg, query, "keepalive", 15000, 1, MAX_INTERVAL_MS, &interval))
    return;

  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  query_text = g_uri_get_query (uri) != NULL ? g_uri_get_query (uri) : "";

  stream = runnel_demo_stream_new (self, msg);
  echo_write_field (stream, "method", method, strlen (method));
  echo_write_field (stream, "path", g_uri_get_path (uri), strlen (g_uri_get_path (uri)));
  echo_write_field (stream, "query", query_text, strlen (query_text));

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    {
      g_autofree char *line = g_strdup_printf ("%s: %s", name, value);
      echo_write_field (stream, "header", line, strlen (line));
    }

  echo_write_field (stream, "body", g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  runnel_demo_stream_set_interval (stream, interval, echo_tick);
}

/* /firehose */

/* Appends the events due (all of them up to a chunk's worth when @due is 0) as one chunk. */
static gboolean
firehose_write (DemoStream *stream,
                guint64     due)
{
  g_autoptr(GString) chunk = g_string_new (NULL);
  gsize filler_len;
  const char *filler = g_bytes_get_data (stream->pending, &filler_len);

  while (chunk->len < PUMP_CHUNK_SIZE && (due == 0 || stream->sequence < due))
    {
      stream->sequence++;
      g_string_append_printf (chunk, "id: %" G_GUINT64_FORMAT "\ndata: ", stream->sequence);
      g_string_append_len (chunk, filler, filler_len);
      g_string_append (chunk, "\n\n");

      if (stream->count != 0 && stream->sequence >= stream->count)
        break;
      if (due == 0 && chunk->len + filler_len > PUMP_CHUNK_SIZE)
        break;
    }

  runnel_demo_stream_write (stream, chunk->str, chunk->len);

  return stream->count == 0 || stream->sequence < stream->count;
}

static gboolean
firehose_pump (DemoStream *stream)
{
  return firehose_write (stream, 0);
}

static gboolean
firehose_tick (DemoStream *stream)
{
  guint64 due;

  /* the client has not taken the last chunk yet: wait rather than buffer without bound */
  if (stream->n_in_flight > 0)
    return TRUE;

  due = (guint64) (g_get_monotonic_time () - stream->start_time) * stream->rate / G_USEC_PER_SEC + 1;
  if (stream->count != 0)
    due = MIN (due, stream->count);
  if (due <= stream->sequence)
    return TRUE;

  return firehose_write (stream, due);
}

void
runnel_demo_handle_firehose (RunnelDemoServer  *self,
                             SoupServerMessage *msg,
                             GHashTable        *query)
{
  DemoStream *stream;
  guint64 rate;
  guint64 size;
  guint64 count;
  char *filler;

  if (!runnel_demo_query_get_uint (msg, query, "rate", 10, 0, 1000000, &rate) ||
      !runnel_demo_query_get_uint (msg, query, "size", 64, 1, 1024 * 1024, &size) ||
      !runnel_demo_query_get_uint (msg, query, "count", 0, 0, G_MAXUINT64, &count))
    return;

  stream = runnel_demo_stream_new (self, msg);
  stream->rate = rate;
  stream->count = count;

  filler = g_malloc (size);
  for (gsize i = 0; i < size; i++)
    filler[i] = 'a' + i % 26;
  stream->pending = g_bytes_new_take (filler, size);

  if (rate == 0)
    {
      stream->pump = firehose_pump;
      runnel_demo_stream_schedule_pump (stream);
    }
  else if (firehose_tick (stream))
    {
      runnel_demo_stream_set_interval (stream, rate >= 100 ? 10 : 1000 / rate, firehose_tick);
    }
  else
    {
      runnel_demo_stream_end (stream);
    }
}

/* /events */

static gboolean
events_tick (DemoStream *stream)
{
  g_autoptr(GString) text = g_string_new (NULL);
  guint n_types = g_strv_length (stream->words);
  const char *type;

  stream->sequence++;
  type = stream->words[(stream->sequence - 1) % n_types];

  if (stream->sequence % 4 == 1)
    g_string_append_printf (text, ": a comment before event %" G_GUINT64_FORMAT "\n",
                            stream->sequence);
  g_string_append_printf (text,
                          "event: %s\nid: %" G_GUINT64_FORMAT "\n"
                          "data: %s event %" G_GUINT64_FORMAT "\ndata: has a second line\n",
                          type, stream->sequence, type, stream->sequence);
  if (stream->sequence % 5 == 0)
    g_string_append (text, "retry: 3000\n");
  g_string_append_c (text, '\n');

  runnel_demo_stream_write (stream, text->str, text->len);

  return stream->count == 0 || stream->sequence < stream->count;
}

void
runnel_demo_handle_events (RunnelDemoServer  *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  const char *types = query != NULL ? g_hash_table_lookup (query, "types") : NULL;
  g_auto(GStrv) words = NULL;
  DemoStream *stream;
  guint64 interval;
  guint64 count;

  if (!runnel_demo_query_get_timing (msg, query, 1000, &interval, &count))
    return;

  if (types != NULL && strlen (types) > MAX_TYPES_LEN)
    {
      runnel_demo_set_text_responsef (msg, SOUP_STATUS_BAD_REQUEST,
                                      "Bad value for 'types': longer than %d bytes\n",
                                      MAX_TYPES_LEN);
      return;
    }

  words = g_strsplit (types != NULL ? types : "message,update,alert", ",", -1);
  for (guint i = 0; words[i] != NULL; i++)
    {
      gboolean valid = words[i][0] != '\0' && g_utf8_validate (words[i], -1, NULL);

      for (const char *p = words[i]; valid && *p != '\0'; p++)
        valid = !g_ascii_iscntrl (*p);

      if (!valid)
        {
          runnel_demo_set_text_response (msg, SOUP_STATUS_BAD_REQUEST,
                                         "Bad value for 'types': give event type names separated "
                                         "by commas, without empty names or control characters\n");
          return;
        }
    }

  stream = runnel_demo_stream_new (self, msg);
  stream->words = g_steal_pointer (&words);
  stream->count = count;
  runnel_demo_stream_write_str (stream, "retry: 5000\n\n");
  runnel_demo_stream_start (stream, interval, events_tick);
}

/* /ndjson */

static gboolean
ndjson_tick (DemoStream *stream)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *time = g_date_time_format_iso8601 (now);
  gboolean last;

  stream->sequence++;
  last = stream->count != 0 && stream->sequence >= stream->count;
  /* stage: ?partial=1, the last record without its LF (valid NDJSON) */
  runnel_demo_stream_printf (stream,
                             "{\"n\":%" G_GUINT64_FORMAT ",\"time\":\"%s\",\"level\":\"%s\"}%s",
                             stream->sequence, time, stream->sequence % 5 == 0 ? "warn" : "info",
                             last && stream->stage ? "" : "\n");

  return !last;
}

void
runnel_demo_handle_ndjson (RunnelDemoServer  *self,
                           SoupServerMessage *msg,
                           GHashTable        *query)
{
  DemoStream *stream;
  guint64 interval;
  guint64 partial;

  if (!runnel_demo_query_get_uint (msg, query, "partial", 0, 0, 1, &partial))
    return;

  stream = runnel_demo_stream_new_timed (self, msg, query, 1000, &interval);
  if (stream == NULL)
    return;

  stream->stage = (guint) partial;
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Content-Type", "application/x-ndjson");
  runnel_demo_stream_start (stream, interval, ndjson_tick);
}
