/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-replay.c: captures served as live event streams with their timing (--serve) */

#include "config.h"

#include <string.h>

#include "runnel-demo-private.h"
#include "runnel-demo-replay.h"

#define MAX_GAP_USEC      ((gint64) 3600 * G_USEC_PER_SEC)
#define MAX_BATCH_BYTES   PUMP_CHUNK_SIZE
#define RETRY_AFTER       "1"

/* Captures */

typedef struct
{
  char   *type;      /* NULL: message */
  char   *data;
  gsize   data_len;
  char   *id;
  gint64  time;      /* µs, -1: unknown */
  gint64  retry;     /* ms, -1: none */
} ReplayEvent;

struct _RunnelDemoCapture
{
  gatomicrefcount ref_count;
  char           *title;
  GArray         *events;   /* ReplayEvent */
};

static void
replay_event_clear (gpointer data)
{
  ReplayEvent *event = data;

  g_free (event->type);
  g_free (event->data);
  g_free (event->id);
}

RunnelDemoCapture *
runnel_demo_capture_new (const char *title)
{
  RunnelDemoCapture *capture = g_new0 (RunnelDemoCapture, 1);

  g_atomic_ref_count_init (&capture->ref_count);
  capture->title = g_strdup (title != NULL ? title : "");
  capture->events = g_array_new (FALSE, FALSE, sizeof (ReplayEvent));
  g_array_set_clear_func (capture->events, replay_event_clear);

  return capture;
}

RunnelDemoCapture *
runnel_demo_capture_ref (RunnelDemoCapture *capture)
{
  g_return_val_if_fail (capture != NULL, NULL);

  g_atomic_ref_count_inc (&capture->ref_count);
  return capture;
}

void
runnel_demo_capture_unref (RunnelDemoCapture *capture)
{
  g_return_if_fail (capture != NULL);

  if (!g_atomic_ref_count_dec (&capture->ref_count))
    return;

  g_array_unref (capture->events);
  g_free (capture->title);
  g_free (capture);
}

void
runnel_demo_capture_add_event (RunnelDemoCapture *capture,
                               const char        *type,
                               const char        *data,
                               gsize              data_len,
                               const char        *id,
                               gint64             time_us,
                               gint64             retry_ms)
{
  ReplayEvent event;

  g_return_if_fail (capture != NULL);
  g_return_if_fail (data != NULL || data_len == 0);

  event.type = type != NULL && type[0] != '\0' && strcmp (type, "message") != 0
               ? g_strdelimit (g_strdup (type), "\r\n", ' ') : NULL;
  event.data = g_malloc (data_len + 1);
  if (data_len > 0)
    memcpy (event.data, data, data_len);
  event.data[data_len] = '\0';
  event.data_len = data_len;
  event.id = g_strdelimit (g_strdup (id != NULL ? id : ""), "\r\n", ' ');
  event.time = time_us;
  event.retry = retry_ms;
  g_array_append_val (capture->events, event);
}

guint
runnel_demo_capture_get_n_events (RunnelDemoCapture *capture)
{
  g_return_val_if_fail (capture != NULL, 0);

  return capture->events->len;
}

const char *
runnel_demo_capture_get_title (RunnelDemoCapture *capture)
{
  g_return_val_if_fail (capture != NULL, NULL);

  return capture->title;
}

static const ReplayEvent *
capture_get_event (RunnelDemoCapture *capture,
                   guint              position)
{
  return &g_array_index (capture->events, ReplayEvent, position);
}

void
runnel_demo_replay_options_init (RunnelDemoReplayOptions *options)
{
  g_return_if_fail (options != NULL);

  memset (options, 0, sizeof *options);
  options->speed = 1.0;
  options->interval_ms = RUNNEL_DEMO_REPLAY_DEFAULT_INTERVAL;
  options->drop_after = -1;
}

/* The served captures: one endpoint per path */

typedef struct
{
  char                    *path;
  RunnelDemoCapture       *capture;
  RunnelDemoReplayOptions  options;
  guint64                  n_requests;
} ReplayEndpoint;

struct _DemoReplay
{
  GHashTable *endpoints;      /* path → ReplayEndpoint */
  gboolean    captures_only;
};

static void
replay_endpoint_free (gpointer data)
{
  ReplayEndpoint *endpoint = data;

  g_free (endpoint->path);
  runnel_demo_capture_unref (endpoint->capture);
  g_free (endpoint);
}

DemoReplay *
runnel_demo_replay_new (void)
{
  DemoReplay *replay = g_new0 (DemoReplay, 1);

  replay->endpoints = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, replay_endpoint_free);
  return replay;
}

void
runnel_demo_replay_free (DemoReplay *replay)
{
  g_hash_table_unref (replay->endpoints);
  g_free (replay);
}

void
runnel_demo_server_add_capture (RunnelDemoServer              *self,
                                const char                    *path,
                                RunnelDemoCapture             *capture,
                                const RunnelDemoReplayOptions *options)
{
  DemoReplay *replay;
  ReplayEndpoint *endpoint;

  g_return_if_fail (RUNNEL_IS_DEMO_SERVER (self));
  g_return_if_fail (path != NULL && path[0] == '/');
  g_return_if_fail (capture != NULL);
  g_return_if_fail (options == NULL || options->speed > 0);

  replay = runnel_demo_server_get_replay (self);
  endpoint = g_new0 (ReplayEndpoint, 1);
  endpoint->path = g_strdup (path);
  endpoint->capture = runnel_demo_capture_ref (capture);
  if (options != NULL)
    endpoint->options = *options;
  else
    runnel_demo_replay_options_init (&endpoint->options);

  g_hash_table_replace (replay->endpoints, endpoint->path, endpoint);
}

gboolean
runnel_demo_server_remove_capture (RunnelDemoServer *self,
                                   const char       *path)
{
  g_return_val_if_fail (RUNNEL_IS_DEMO_SERVER (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  return g_hash_table_remove (runnel_demo_server_get_replay (self)->endpoints, path);
}

void
runnel_demo_server_set_captures_only (RunnelDemoServer *self,
                                      gboolean          captures_only)
{
  g_return_if_fail (RUNNEL_IS_DEMO_SERVER (self));

  runnel_demo_server_get_replay (self)->captures_only = !!captures_only;
}

/* One connection's replay */

typedef struct
{
  RunnelDemoCapture       *capture;
  RunnelDemoReplayOptions  options;
  guint                    next;        /* the next event to send */
  gint64                   next_due;    /* when, on the monotonic clock */
  char                    *last_id;     /* the last event id the client has */
  guint64                  sent;        /* events sent on this connection */
  gboolean                 cut;         /* the partial event of --drop-after is on its way */
} ReplayState;

static void
replay_state_free (gpointer data)
{
  ReplayState *state = data;

  runnel_demo_capture_unref (state->capture);
  g_free (state->last_id);
  g_free (state);
}

/* the wait between event @from and the next one (µs), as recorded and scaled, or the interval */
static gint64
replay_gap (ReplayState *state,
            guint        from)
{
  RunnelDemoCapture *capture = state->capture;
  const ReplayEvent *a;
  const ReplayEvent *b;
  double gap;

  if (from + 1 >= capture->events->len)
    return (gint64) state->options.interval_ms * 1000;

  a = capture_get_event (capture, from);
  b = capture_get_event (capture, from + 1);
  if (a->time < 0 || b->time < 0)
    return (gint64) state->options.interval_ms * 1000;

  gap = MAX (b->time - a->time, 0) / state->options.speed;
  return (gint64) MIN (gap, (double) MAX_GAP_USEC);
}

/* text/event-stream, as runnel_export_events () writes it, with the retry: field before */
static void
append_event (GString           *out,
              const ReplayEvent *event,
              const char        *previous_id)
{
  const char *end = event->data + event->data_len;
  const char *line = event->data;

  if (event->retry >= 0)
    g_string_append_printf (out, "retry: %" G_GINT64_FORMAT "\n", event->retry);
  if (event->type != NULL)
    g_string_append_printf (out, "event: %s\n", event->type);
  if (strcmp (event->id, previous_id) != 0)
    g_string_append_printf (out, event->id[0] != '\0' ? "id: %s\n" : "id%s\n", event->id);

  for (;;)
    {
      const char *stop = line;

      while (stop < end && *stop != '\n' && *stop != '\r')
        stop++;

      g_string_append (out, "data: ");
      g_string_append_len (out, line, stop - line);
      g_string_append_c (out, '\n');
      if (stop == end)
        break;
      line = stop + (stop[0] == '\r' && stop + 1 < end && stop[1] == '\n' ? 2 : 1);
    }

  g_string_append_c (out, '\n');
}

/*
 * Writes the events that are due (up to a chunk's worth), then waits: for libsoup to send
 * them when more are due at once, else for the next one's time. Runs as both tick and pump.
 */
static gboolean
replay_step (DemoStream *stream)
{
  ReplayState *state = stream->state;
  RunnelDemoCapture *capture = state->capture;
  g_autoptr(GString) out = g_string_new (NULL);
  gint64 now = g_get_monotonic_time ();
  gint64 delay;

  while (out->len < MAX_BATCH_BYTES && state->next_due <= now)
    {
      const ReplayEvent *event;

      if (state->next >= capture->events->len)
        {
          if (!state->options.loop || capture->events->len == 0)
            break;
          state->next = 0;
        }

      event = capture_get_event (capture, state->next);

      if (state->options.drop_after >= 0 && state->sent == (guint64) state->options.drop_after)
        {
          gsize before = out->len;

          append_event (out, event, state->last_id);
          g_string_truncate (out, before + MAX ((out->len - before) / 2, 1));
          state->cut = TRUE;
          break;
        }

      append_event (out, event, state->last_id);
      g_free (state->last_id);
      state->last_id = g_strdup (event->id);
      state->next_due += replay_gap (state, state->next);
      state->next++;
      state->sent++;
    }

  if (out->len > 0)
    runnel_demo_stream_write (stream, out->str, out->len);

  if (!state->cut && state->next >= capture->events->len &&
      (!state->options.loop || capture->events->len == 0))
    return FALSE;   /* everything written: the response ends once it has left */

  delay = state->next_due - g_get_monotonic_time ();
  if (state->cut)
    {
      g_clear_handle_id (&stream->timeout_id, g_source_remove);
      stream->pump = runnel_demo_stream_cut_pump;
    }
  else if (out->len > 0 && delay <= 0)
    {
      g_clear_handle_id (&stream->timeout_id, g_source_remove);
      stream->pump = replay_step;
    }
  else
    {
      stream->pump = NULL;
      runnel_demo_stream_set_interval (stream, (guint) MAX ((delay + 999) / 1000, 0),
                                       replay_step);
    }

  return TRUE;
}

/* the position after the first event whose id is @id, or -1 when no event has it */
static gint64
capture_find_resume (RunnelDemoCapture *capture,
                     const char        *id)
{
  for (guint i = 0; i < capture->events->len; i++)
    {
      if (strcmp (capture_get_event (capture, i)->id, id) == 0)
        return i + 1;
    }

  return -1;
}

static void
replay_fail (ReplayEndpoint    *endpoint,
             SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);
  guint status = endpoint->options.fail_status;
  const char *phrase = status == 429 ? "Too Many Requests" : soup_status_get_phrase (status);

  if (status == SOUP_STATUS_SERVICE_UNAVAILABLE || status == 429)
    soup_message_headers_replace (headers, "Retry-After", RETRY_AFTER);

  if (status == SOUP_STATUS_NO_CONTENT)
    soup_server_message_set_status (msg, status, NULL);
  else
    runnel_demo_set_text_responsef (msg, status,
                                    "%u %s (--fail: request %" G_GUINT64_FORMAT " of %u)\n",
                                    status, phrase, endpoint->n_requests,
                                    endpoint->options.fail_count);
  soup_server_message_set_status (msg, status, phrase);
}

static void
replay_serve (RunnelDemoServer  *self,
              ReplayEndpoint    *endpoint,
              SoupServerMessage *msg)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  const char *last_event_id = soup_message_headers_get_one (headers, "Last-Event-ID");
  RunnelDemoCapture *capture = endpoint->capture;
  DemoStream *stream;
  ReplayState *state;
  gint64 start = 0;

  endpoint->n_requests++;
  if (endpoint->options.fail_status != 0 && endpoint->n_requests <= endpoint->options.fail_count)
    {
      replay_fail (endpoint, msg);
      return;
    }

  if (last_event_id != NULL && last_event_id[0] != '\0')
    start = capture_find_resume (capture, last_event_id);
  if (start < 0)
    start = 0;    /* an id the capture does not have: from the start, as a new client */

  if (capture->events->len == 0 || (start >= capture->events->len && !endpoint->options.loop))
    {
      /* nothing (after that id): ask the client to stop instead of reconnecting forever */
      soup_server_message_set_status (msg, SOUP_STATUS_NO_CONTENT, NULL);
      return;
    }

  stream = runnel_demo_stream_new (self, msg);
  state = g_new0 (ReplayState, 1);
  state->capture = runnel_demo_capture_ref (capture);
  state->options = endpoint->options;
  state->next = (guint) start;
  state->last_id = g_strdup (start > 0 ? last_event_id : "");
  state->next_due = g_get_monotonic_time ();
  stream->state = state;
  stream->state_free = replay_state_free;

  if (endpoint->options.gzip)
    {
      stream->gzip = G_CONVERTER (g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, -1));
      soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                    "Content-Encoding", "gzip");
    }

  if (start > 0)
    {
      gint64 retry = -1;

      /* a resume: the retry: the client would have had, then the gap after its last event */
      for (guint i = 0; i < start && i < capture->events->len; i++)
        {
          if (capture_get_event (capture, i)->retry >= 0)
            retry = capture_get_event (capture, i)->retry;
        }
      if (retry >= 0 && (start >= capture->events->len ||
                         capture_get_event (capture, start)->retry < 0))
        runnel_demo_stream_printf (stream, "retry: %" G_GINT64_FORMAT "\n\n", retry);

      state->next_due += replay_gap (state, start - 1);
      if (state->next >= capture->events->len)
        state->next = 0;   /* --loop past the end */
    }

  stream->pump = replay_step;
  if (stream->n_in_flight == 0)
    runnel_demo_stream_schedule_pump (stream);
}

static int
compare_paths (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

/* --serve's index page when several captures are served */
static void
replay_index (DemoReplay        *replay,
              SoupServerMessage *msg)
{
  g_autoptr(GString) html = g_string_new (NULL);
  g_autofree gpointer *paths = NULL;
  guint n = 0;

  paths = g_hash_table_get_keys_as_array (replay->endpoints, &n);
  g_qsort_with_data (paths, n, sizeof (gpointer), compare_paths, NULL);

  g_string_append (html,
                   "<!DOCTYPE html>\n"
                   "<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<title>Runnel: captures</title>\n"
                   "<style>body{font-family:sans-serif;margin:2em;max-width:60em}"
                   "td,th{padding:.2em .8em;text-align:left}</style>\n"
                   "</head>\n<body>\n<h1>Captures replayed by Runnel</h1>\n"
                   "<p>Each is a <code>text/event-stream</code> with the capture's timing. Try "
                   "<code>curl -N URL</code> or <code>runnel --print URL</code>.</p>\n"
                   "<table>\n<tr><th>Path</th><th>Capture</th><th>Events</th></tr>\n");

  for (guint i = 0; i < n; i++)
    {
      ReplayEndpoint *endpoint = g_hash_table_lookup (replay->endpoints, paths[i]);
      g_autofree char *path = g_markup_escape_text (endpoint->path, -1);
      g_autofree char *title = g_markup_escape_text (endpoint->capture->title, -1);

      g_string_append_printf (html,
                              "<tr><td><a href=\"%s\"><code>%s</code></a></td><td>%s</td>"
                              "<td>%u</td></tr>\n",
                              path, path, title, endpoint->capture->events->len);
    }

  g_string_append (html, "</table>\n</body>\n</html>\n");

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "text/html; charset=utf-8", SOUP_MEMORY_COPY,
                                    html->str, html->len);
}

gboolean
runnel_demo_replay_handle (RunnelDemoServer  *self,
                           DemoReplay        *replay,
                           SoupServerMessage *msg,
                           const char        *path)
{
  ReplayEndpoint *endpoint = g_hash_table_lookup (replay->endpoints, path);

  if (endpoint != NULL)
    {
      replay_serve (self, endpoint, msg);
      return TRUE;
    }

  if (!replay->captures_only)
    return FALSE;

  if (strcmp (path, "/") == 0)
    replay_index (replay, msg);
  else
    runnel_demo_set_text_responsef (msg, SOUP_STATUS_NOT_FOUND,
                                    "No capture is served at %s\nThe index page at / lists "
                                    "them all.\n", path);
  return TRUE;
}
