/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-sse-client.c: opens a RunnelRequest with libsoup, parses it, reconnects, reports state */
/* (what a response means is decided in runnel-sse-client-response.c) */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <libsoup/soup.h>
#include <string.h>

#include "runnel-backoff.h"
#include "runnel-jsonl-parser.h"
#include "runnel-parser.h"
#include "runnel-sse-client-private.h"
#include "runnel-sse-parser.h"
#include "runnel-timing.h"

/* bytes asked for per read, the client's one buffer. A read returns what has arrived without
 * waiting for more, so events go out as soon as their blank line is in; on a fast stream, 1 MiB
 * reads cost a fifth less CPU than 256 KiB ones (bench/client.sh) */
#define READ_SIZE             (1024 * 1024)
/* after this long of reading, the next read waits a moment (a GUI's frame can come first) */
#define READ_YIELD_INTERVAL_US (16 * 1000)
#define READ_PAUSE_MS          1
/* how much of a refused response's body is read for its first line */
#define ERROR_BODY_SIZE       RUNNEL_SSE_CLIENT_RESPONSE_BODY_MAX
#define ERROR_BODY_TIMEOUT_MS 2000
/* buffers of a body read on its own thread (set_read_thread ()): one being read, one being
 * parsed, two spare; each small enough to stay in a cache on its way from one core to the other
 * (bench/client.sh: 256 KiB beat 64, 128 and 1,024 KiB) */
#define READER_CHUNKS         4
#define READER_CHUNK_SIZE     (256 * 1024)
/* counters are notified at most this often; the getters are always exact */
#define STATS_INTERVAL_MS     100

/*
 * A body read on a thread of its own (runnel_sse_client_set_read_thread ()): after the headers,
 * the thread reads the body stream into READER_CHUNKS buffers, each with one blocking read
 * topped up with what has already arrived (non-blocking reads), and hands them over in @full;
 * the main thread parses them as it would its own reads and gives them back in @empty. The
 * parser scans each chunk for line ends and UTF-8 itself: scanned ahead on the thread, the
 * chunk's masks (24 bytes per 64) had to cross to the other core too, and cost more than they
 * saved. The last chunk handed over is the end (0 bytes) or the error, also when a top-up read
 * met it, after which the thread ends. Only the thread touches the stream until it is joined
 * (reader_stop ()), which is done before the main thread looks at the stream or the connection
 * again.
 */
typedef struct
{
  guint8        *data;
  gssize         n_read;   /* 0: the end, -1: @error */
  GError        *error;
} ReaderChunk;

typedef struct
{
  GThread      *thread;
  GInputStream *stream;
  GCancellable *cancellable;
  GAsyncQueue  *empty;       /* ReaderChunk to fill, or &reader_quit */
  GAsyncQueue  *full;        /* ReaderChunk filled, in the body's order */
  GSource      *source;      /* ready (time 0) when @full has chunks */
  ReaderChunk   chunks [READER_CHUNKS];
} Reader;

/* pushed to @empty to end a thread that waits for a buffer */
static ReaderChunk reader_quit;

/*
 * One connection attempt. Callbacks hold a reference; @client is cleared when the attempt is
 * abandoned (disconnect, restart, failure, dispose), so that no callback touches the client after
 * it moved on or was disposed.
 */
typedef struct
{
  RunnelSseClient     *client;      /* borrowed; NULL once abandoned */
  GCancellable        *cancellable;
  SoupMessage         *message;
  GInputStream        *stream;
  GSource             *error_body_timeout;
  Reader              *reader;      /* the body read on a thread, NULL when read here */
  guint8              *buffer;
  GTlsCertificateFlags tls_errors;
  guint                n_redirects; /* redirects followed so far in a row */
  guint64              body_bytes;  /* of this response, as read (decoded) */
  guint                drop_secrets : 1;  /* a redirect left the request's origin */
  guint                drop_body : 1;     /* a redirect turned the request into a GET */
  gint64               yielded_at;  /* when reading last paused (µs) */
  guint                ended : 1;   /* read to a clean end: the connection needs no abort */
} Attempt;

struct _RunnelSseClient
{
  GObject               parent_instance;

  /* Owned */
  RunnelRequest        *request;
  SoupSession          *session;
  RunnelParser         *parser;           /* the body's: an event stream or JSON lines */
  RunnelTiming         *timing;
  GTlsDatabase         *ca_database;
  Attempt              *attempt;          /* the current connection, NULL when none */
  GError               *last_error;
  SoupMessageHeaders   *response_headers;
  char                 *status_line;      /* of the last response: "HTTP/1.1 200 OK" */
  char                 *content_type;
  GBytes               *error_body;       /* the start of the last refused response's body */
  char                 *reason;
  GStrv                 fatal_event_types;  /* the request's, NULL when none: per attempt */
  GSource              *retry_source;
  GSource              *read_timeout_source;
  GSource              *timeout_source;
  GSource              *stats_source;

  RunnelSseEventSink    sink;

  gint64                retry_at;
  guint                 retry_wait;       /* ms, as chosen by schedule_retry () */
  gint64                last_activity;    /* monotonic µs of the last byte or response */
  guint64               bytes_received;
  guint64               events_received;
  guint64               notified_bytes;
  guint64               notified_events;
  guint                 retry_delay;      /* the reconnection time: the request's or retry: */
  guint                 reconnect_count;
  guint                 failures;         /* retries since a stream last opened (backoff) */
  guint                 quick_ends;       /* consecutive clean ends soon after opening */
  gint64                opened_at;        /* monotonic µs when the stream last opened */
  guint                 retries;          /* automatic retries since connect () (max-retries) */
  guint                 http_status;
  RunnelSseClientState  state;
  RunnelSseClientMode   mode;

  /* looked up once per read, not per event: handlers connected mid-read start at the next */
  guint                 emit_event : 1;
  guint                 read_thread : 1;  /* read bodies on a thread (set_read_thread ()) */
};

G_DEFINE_FINAL_TYPE (RunnelSseClient, runnel_sse_client, G_TYPE_OBJECT)
G_DEFINE_QUARK (runnel-sse-error-quark, runnel_sse_error)

enum {
  PROP_0,
  PROP_REQUEST,
  PROP_STATE,
  PROP_HTTP_STATUS,
  PROP_LAST_ERROR,
  PROP_REASON,
  PROP_RETRY_AT,
  PROP_RECONNECT_COUNT,
  PROP_BYTES_RECEIVED,
  PROP_EVENTS_RECEIVED,
  PROP_LAST_EVENT_ID,
  PROP_RESPONSE_HEADERS,
  PROP_CONTENT_TYPE,
  PROP_MODE,
  N_PROPS
};

enum {
  EVENT,
  RETRY,
  COMMENT,
  RAW,
  STATE_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void start_attempt    (RunnelSseClient *self);
static void start_attempt_to (RunnelSseClient      *self,
                              const RunnelRedirect *redirect,
                              guint                 n_redirects,
                              gboolean              drop_secrets,
                              gboolean              drop_body);
static void read_next        (Attempt         *attempt);
static void read_next_at     (Attempt         *attempt,
                              int              io_priority);
static void read_error_body  (Attempt         *attempt);
static void reader_stop      (Attempt         *attempt);
static void reader_free      (Reader          *reader);

/**
 * runnel_sse_client_state_to_string:
 *
 * Returns: the state's nick: "idle", "connecting", "open", "waiting", "closed" or "failed"
 */
const char *
runnel_sse_client_state_to_string (RunnelSseClientState state)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_SSE_CLIENT_STATE, state);
}

/**
 * runnel_sse_client_mode_to_string:
 *
 * Returns: the mode's nick: "event-stream" or "json-lines"
 */
const char *
runnel_sse_client_mode_to_string (RunnelSseClientMode mode)
{
  return runnel_enum_get_nick (RUNNEL_TYPE_SSE_CLIENT_MODE, mode);
}

/* Attempts */

static Attempt *
attempt_new (RunnelSseClient *self,
             SoupMessage     *message)
{
  Attempt *attempt = g_rc_box_new0 (Attempt);

  attempt->client = self;
  attempt->cancellable = g_cancellable_new ();
  attempt->message = g_object_ref (message);
  attempt->buffer = g_malloc (READ_SIZE);

  return attempt;
}

static void
attempt_clear (gpointer data)
{
  Attempt *attempt = data;

  g_assert (attempt->client == NULL);

  reader_free (g_steal_pointer (&attempt->reader));

  if (attempt->error_body_timeout != NULL)
    g_source_destroy (attempt->error_body_timeout);
  g_clear_pointer (&attempt->error_body_timeout, g_source_unref);
  g_signal_handlers_disconnect_by_data (attempt->message, attempt);
  g_clear_object (&attempt->stream);
  g_clear_object (&attempt->message);
  g_clear_object (&attempt->cancellable);
  g_clear_pointer (&attempt->buffer, g_free);
}

static Attempt *
attempt_ref (Attempt *attempt)
{
  return g_rc_box_acquire (attempt);
}

static void
attempt_unref (Attempt *attempt)
{
  g_rc_box_release_full (attempt, attempt_clear);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Attempt, attempt_unref)

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

/* drop the current connection: its callbacks will find attempt->client NULL and return */
static void
abandon_attempt (RunnelSseClient *self)
{
  Attempt *attempt = g_steal_pointer (&self->attempt);

  clear_source (&self->read_timeout_source);

  if (attempt == NULL)
    return;

  attempt->client = NULL;
  g_cancellable_cancel (attempt->cancellable);
  /* the thread leaves the stream before the connection is closed under it */
  reader_stop (attempt);

  /* closes the connection of a body that was not read to its end */
  if (!attempt->ended)
    soup_session_abort (self->session);

  attempt_unref (attempt);
}

/* Notification */

static void
flush_stats (RunnelSseClient *self)
{
  clear_source (&self->stats_source);

  if (self->notified_bytes != self->bytes_received)
    {
      self->notified_bytes = self->bytes_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BYTES_RECEIVED]);
    }

  if (self->notified_events != self->events_received)
    {
      self->notified_events = self->events_received;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EVENTS_RECEIVED]);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_EVENT_ID]);
    }
}

static gboolean
stats_timeout_cb (gpointer user_data)
{
  RunnelSseClient *self = user_data;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = g_object_ref (self);

  g_clear_pointer (&self->stats_source, g_source_unref);
  flush_stats (self);

  return G_SOURCE_REMOVE;
}

static void
stats_changed (RunnelSseClient *self)
{
  if (self->stats_source != NULL)
    return;

  self->stats_source = g_timeout_source_new (STATS_INTERVAL_MS);
  g_source_set_callback (self->stats_source, stats_timeout_cb, self, NULL);
  g_source_set_static_name (self->stats_source, "[runnel] client stats");
  g_source_attach (self->stats_source, g_main_context_get_thread_default ());
}

static void
set_http_status (RunnelSseClient *self,
                 guint            status)
{
  if (self->http_status == status)
    return;

  self->http_status = status;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HTTP_STATUS]);
}

static void
set_retry_at (RunnelSseClient *self,
              gint64           retry_at)
{
  if (self->retry_at == retry_at)
    return;

  self->retry_at = retry_at;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RETRY_AT]);
}

static void
set_response (RunnelSseClient    *self,
              SoupMessageHeaders *headers)
{
  const char *content_type = NULL;

  if (headers != NULL)
    content_type = soup_message_headers_get_one (headers, "Content-Type");

  if (self->response_headers != headers)
    {
      g_clear_pointer (&self->response_headers, soup_message_headers_unref);
      if (headers != NULL)
        self->response_headers = soup_message_headers_ref (headers);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RESPONSE_HEADERS]);
    }

  if (g_strcmp0 (self->content_type, content_type) != 0)
    {
      g_free (self->content_type);
      self->content_type = g_strdup (content_type);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_CONTENT_TYPE]);
    }
}

/*
 * Moves to @state with its companions in one go: @error (transfer full) becomes last-error except
 * when connecting (the reason of the retry stays visible), @reason says why in plain words.
 */
static void
enter_state (RunnelSseClient      *self,
             RunnelSseClientState  state,
             GError               *error,
             const char           *reason)
{
  g_autoptr(GError) owned_error = error;

  g_object_freeze_notify (G_OBJECT (self));

  flush_stats (self);

  if (state != RUNNEL_SSE_CLIENT_STATE_CONNECTING &&
      (self->last_error != NULL || owned_error != NULL))
    {
      g_clear_error (&self->last_error);
      self->last_error = g_steal_pointer (&owned_error);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_LAST_ERROR]);
    }

  if (reason == NULL && self->last_error != NULL && state != RUNNEL_SSE_CLIENT_STATE_CONNECTING)
    reason = self->last_error->message;

  if (g_strcmp0 (self->reason, reason) != 0)
    {
      g_free (self->reason);
      self->reason = g_strdup (reason);
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_REASON]);
    }

  if (state != RUNNEL_SSE_CLIENT_STATE_WAITING)
    set_retry_at (self, 0);

  if (state != RUNNEL_SSE_CLIENT_STATE_CONNECTING && state != RUNNEL_SSE_CLIENT_STATE_OPEN)
    runnel_timing_connection_ended (self->timing);

  self->state = state;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_STATE]);

  g_object_thaw_notify (G_OBJECT (self));

  g_signal_emit (self, signals [STATE_CHANGED], 0);
}

/* stop for good: closed or failed, nothing pending */
static void
stop (RunnelSseClient      *self,
      RunnelSseClientState  state,
      GError               *error,
      const char           *reason)
{
  g_assert (state == RUNNEL_SSE_CLIENT_STATE_CLOSED || state == RUNNEL_SSE_CLIENT_STATE_FAILED);

  abandon_attempt (self);
  clear_source (&self->retry_source);
  clear_source (&self->timeout_source);

  enter_state (self, state, error, reason);
}

static void
fail (RunnelSseClient *self,
      GError          *error)
{
  stop (self, RUNNEL_SSE_CLIENT_STATE_FAILED, error, NULL);
}

/* Reconnection */

/* "The connection was dropped" reads "the connection was dropped" after a colon */
static char *
after_colon (const char *message)
{
  char *copy = g_strdup (message);

  if (g_ascii_isupper (copy[0]) && !g_ascii_isupper (copy[1]))
    copy[0] = g_ascii_tolower (copy[0]);

  return copy;
}

static gboolean
retry_timeout_cb (gpointer user_data)
{
  RunnelSseClient *self = user_data;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = g_object_ref (self);

  g_clear_pointer (&self->retry_source, g_source_unref);

  self->reconnect_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT_COUNT]);

  start_attempt (self);

  return G_SOURCE_REMOVE;
}

/*
 * The connection ended (error set) or the stream ended cleanly (error NULL) and reconnecting is
 * wanted: wait and retry, or fail when retries are off or used up.
 */
static void
schedule_retry (RunnelSseClient *self,
                GError          *error,
                const char      *reason,
                guint            retry_after_ms)
{
  g_autoptr(GError) owned_error = error;
  int max_retries = runnel_request_get_max_retries (self->request);
  guint delay;

  abandon_attempt (self);

  if (!runnel_request_get_reconnect (self->request))
    {
      if (owned_error != NULL)
        fail (self, g_steal_pointer (&owned_error));
      else
        stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED, NULL, reason);
      return;
    }

  if (max_retries >= 0 && self->retries >= (guint) max_retries && owned_error == NULL)
    {
      /* a clean end is not a failure, even with no retry left */
      stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED, NULL, reason);
      return;
    }

  if (max_retries >= 0 && self->retries >= (guint) max_retries)
    {
      g_autofree char *why = after_colon (owned_error->message);

      fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_RETRIES_EXHAUSTED,
                               g_dngettext (GETTEXT_PACKAGE, "Gave up after %u retry: %s",
                                            "Gave up after %u retries: %s", self->retries),
                               self->retries, why));
      return;
    }

  /* a clean end waits at least a floor, and backs off when it keeps coming at once */
  if (owned_error == NULL)
    delay = runnel_backoff_delay_after_end (self->retry_delay, self->quick_ends,
                                            runnel_request_get_backoff_cap (self->request),
                                            g_random_double ());
  else
    delay = runnel_backoff_delay (self->retry_delay, self->failures,
                                  runnel_request_get_backoff_cap (self->request),
                                  g_random_double ());
  delay = MAX (delay, retry_after_ms);
  self->failures++;
  self->retries++;

  clear_source (&self->retry_source);
  self->retry_source = g_timeout_source_new (delay);
  g_source_set_callback (self->retry_source, retry_timeout_cb, self, NULL);
  g_source_set_static_name (self->retry_source, "[runnel] client retry");
  g_source_attach (self->retry_source, g_main_context_get_thread_default ());

  self->retry_wait = delay;
  set_retry_at (self, g_get_monotonic_time () + (gint64) delay * 1000);
  enter_state (self, RUNNEL_SSE_CLIENT_STATE_WAITING, g_steal_pointer (&owned_error), reason);
}

/*
 * The connection ended before the response did (@error says how): a network error. GET
 * reconnects; a request that does not reconnect on a clean end (a POST: its reply is never
 * requested twice) fails.
 */
static void
connection_cut (RunnelSseClient *self,
                GError          *error)
{
  if (runnel_request_get_reconnect_on_end (self->request))
    {
      schedule_retry (self, error, NULL, 0);
    }
  else
    {
      g_autoptr(GError) owned = error;
      g_autofree char *why = after_colon (owned->message);

      /* a plain close says nothing more than "cut": once */
      if (g_str_equal (owned->message, _("The connection was closed before the end of the "
                                         "response")))
        fail (self, g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                         _("The connection was cut before the response ended")));
      else
        fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                 _("The connection was cut before the response ended: %s"), why));
    }
}

static void
stream_ended (RunnelSseClient *self)
{
  const char *reason = "the server ended the stream";
  Attempt *attempt = self->attempt;

  switch (_runnel_sse_response_end (attempt->message, attempt->stream, attempt->body_bytes))
    {
    case RUNNEL_SSE_RESPONSE_CUT:
      connection_cut (self, g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                                 runnel_parser_has_pending (self->parser) ?
                                                   _("The connection was dropped in the middle "
                                                     "of an event") :
                                                   _("The connection was closed before the end "
                                                     "of the response")));
      runnel_parser_reset (self->parser);
      return;

    case RUNNEL_SSE_RESPONSE_BROKEN:
      runnel_parser_reset (self->parser);
      fail (self, g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_BROKEN_RESPONSE,
                                       _("The response was broken: bytes came after the end of "
                                         "its chunked body (a chunk size that is too large or "
                                         "not a number)")));
      return;

    case RUNNEL_SSE_RESPONSE_COMPLETE:
    default:
      break;
    }

  /* An event without its blank line at the end was cut too. A JSON line without its LF is
   * whole: finish () dispatches it, and a handler may stop us. */
  if (!runnel_parser_finish (self->parser))
    {
      connection_cut (self, g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                                 _("The connection was dropped in the middle "
                                                   "of an event")));
      return;
    }

  if (self->attempt == NULL)
    return;
  self->attempt->ended = TRUE;

  if (g_get_monotonic_time () - self->opened_at < RUNNEL_BACKOFF_QUICK_END_MS * 1000)
    self->quick_ends++;
  else
    self->quick_ends = 0;

  if (runnel_request_get_reconnect_on_end (self->request))
    schedule_retry (self, NULL, reason, 0);
  else
    stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED, NULL, reason);
}

/* Timeouts */

static gboolean
read_timeout_cb (gpointer user_data)
{
  RunnelSseClient *self = user_data;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = g_object_ref (self);
  guint timeout = runnel_request_get_read_timeout (self->request);
  gint64 deadline = self->last_activity + (gint64) timeout * 1000;

  if (g_get_monotonic_time () < deadline)
    {
      g_source_set_ready_time (self->read_timeout_source, deadline);
      return G_SOURCE_CONTINUE;
    }

  g_source_set_ready_time (self->read_timeout_source, -1);
  schedule_retry (self,
                  g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_READ_TIMEOUT,
                               _("Nothing was received for %u ms (the read timeout): "
                                 "the connection is considered dropped"), timeout),
                  NULL, 0);

  return G_SOURCE_CONTINUE;
}

static gboolean
ready_time_dispatch (GSource     *source,
                     GSourceFunc  callback,
                     gpointer     user_data)
{
  return callback (user_data);
}

static GSourceFuncs ready_time_funcs = { NULL, NULL, ready_time_dispatch, NULL, NULL, NULL };

static void
start_read_timeout (RunnelSseClient *self)
{
  guint timeout = runnel_request_get_read_timeout (self->request);

  self->last_activity = g_get_monotonic_time ();

  if (timeout == 0 || self->read_timeout_source != NULL)
    return;

  /* one source for the whole attempt: each read only moves last_activity */
  self->read_timeout_source = g_source_new (&ready_time_funcs, sizeof (GSource));
  g_source_set_callback (self->read_timeout_source, read_timeout_cb, self, NULL);
  g_source_set_static_name (self->read_timeout_source, "[runnel] client read timeout");
  g_source_set_ready_time (self->read_timeout_source,
                           self->last_activity + (gint64) timeout * 1000);
  g_source_attach (self->read_timeout_source, g_main_context_get_thread_default ());
}

static gboolean
overall_timeout_cb (gpointer user_data)
{
  RunnelSseClient *self = user_data;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = g_object_ref (self);
  guint timeout = runnel_request_get_timeout (self->request);

  g_clear_pointer (&self->timeout_source, g_source_unref);

  stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED,
        g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_TIMEOUT,
                     _("The time limit of %u ms elapsed"), timeout),
        NULL);

  return G_SOURCE_REMOVE;
}

/* Parser callbacks */

static void
clear_parser (RunnelSseClient *self)
{
  if (self->parser == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->parser, self);
  runnel_parser_set_event_func (self->parser, NULL, NULL, NULL);
  if (RUNNEL_IS_SSE_PARSER (self->parser))
    runnel_sse_parser_set_comment_func (RUNNEL_SSE_PARSER (self->parser), NULL, NULL);
  g_clear_object (&self->parser);
}

static void
on_parser_event (RunnelSseEvent *event,
                 gpointer        user_data)
{
  /* read_cb holds a reference while the parser runs */
  RunnelSseClient *self = user_data;

  /* the rest of a read after a disconnect or failure (e.g. --max-events) is not delivered */
  if (self->attempt == NULL || self->state != RUNNEL_SSE_CLIENT_STATE_OPEN)
    return;

  self->events_received++;
  stats_changed (self);
  runnel_timing_event (self->timing, event);

  runnel_sse_event_sink_emit (&self->sink, event);

  if (self->emit_event)
    g_signal_emit (self, signals [EVENT], 0, event);

  if (self->fatal_event_types != NULL && self->attempt != NULL &&
      g_strv_contains ((const char * const *) self->fatal_event_types,
                       runnel_sse_event_get_event_type (event)))
    {
      const char *data = runnel_sse_event_get_data (event, NULL);

      fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_FATAL_EVENT,
                               _("The server sent a fatal “%s” event: %s"),
                               runnel_sse_event_get_event_type (event),
                               *data ? data : "(no data)"));
    }
}

static void
on_parser_retry (RunnelParser    *parser,
                 guint64          milliseconds,
                 RunnelSseClient *self)
{
  if (self->attempt == NULL)
    return;

  self->retry_delay = (guint) MIN (milliseconds, G_MAXUINT);
  g_signal_emit (self, signals [RETRY], 0, milliseconds);
}

/* the SSE parser's comment func (JSON lines have no comments) */
static void
on_parser_comment (const char *text,
                   gpointer    user_data)
{
  RunnelSseClient *self = user_data;

  if (self->attempt == NULL)
    return;

  runnel_timing_comment (self->timing);
  if (g_signal_has_handler_pending (self, signals [COMMENT], 0, FALSE))
    g_signal_emit (self, signals [COMMENT], 0, text);
}

/* takes @message */
static void
event_too_large (RunnelSseClient *self,
                 char            *message)
{
  g_autofree char *owned = message;

  if (self->attempt == NULL)
    return;

  fail (self, g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_EVENT_TOO_LARGE, owned));
}

static void
on_parser_error (RunnelParser    *parser,
                 const GError    *error,
                 RunnelSseClient *self)
{
  guint64 limit = runnel_parser_get_max_event_size (parser);
  g_autofree char *size = g_format_size_full (limit, G_FORMAT_SIZE_IEC_UNITS);

  event_too_large (self, g_strdup_printf (error->domain == RUNNEL_JSONL_PARSER_ERROR ?
                                            _("A JSON line grew past the limit of %s (%" PRIu64
                                              " bytes): raise the max event size option "
                                              "(--max-event-size BYTES) to accept it") :
                                          error->code == RUNNEL_SSE_PARSER_ERROR_LINE_TOO_LONG ?
                                            _("A line without a line break grew past the limit "
                                              "of %s (%" PRIu64 " bytes): raise the max event "
                                              "size option (--max-event-size BYTES) to accept it") :
                                            _("An event grew past the limit of %s (%" PRIu64
                                              " bytes): raise the max event size option "
                                              "(--max-event-size BYTES) to accept it"),
                                          size, limit));
}

/* the parser for a body of @mode: the current one, or a new one when the format changed */
static void
use_parser (RunnelSseClient     *self,
            RunnelSseClientMode  mode)
{
  gboolean jsonl = mode == RUNNEL_SSE_CLIENT_MODE_JSON_LINES;

  if (self->parser != NULL && RUNNEL_IS_JSONL_PARSER (self->parser) == jsonl)
    return;

  clear_parser (self);
  if (jsonl)
    self->parser = RUNNEL_PARSER (runnel_jsonl_parser_new ());
  else
    self->parser = RUNNEL_PARSER (runnel_sse_parser_new ());

  /* no request yet in init (): each attempt sets the limit */
  if (self->request != NULL)
    runnel_parser_set_max_event_size (self->parser,
                                      runnel_request_get_max_event_size (self->request));
  runnel_parser_set_event_func (self->parser, on_parser_event, self, NULL);
  g_signal_connect (self->parser, "retry", G_CALLBACK (on_parser_retry), self);
  if (!jsonl)
    runnel_sse_parser_set_comment_func (RUNNEL_SSE_PARSER (self->parser), on_parser_comment, self);
  g_signal_connect (self->parser, "error", G_CALLBACK (on_parser_error), self);
}

/* Reading */

static void
receive (RunnelSseClient     *self,
         Attempt             *attempt,
         const guint8        *data,
         gsize                n_read)
{
  self->bytes_received += n_read;
  attempt->body_bytes += n_read;
  self->last_activity = g_get_monotonic_time ();
  stats_changed (self);
  runnel_timing_bytes (self->timing, n_read);

  if (g_signal_has_handler_pending (self, signals [RAW], 0, FALSE))
    {
      g_autoptr(GBytes) bytes = g_bytes_new (data, n_read);

      g_signal_emit (self, signals [RAW], 0, bytes);
      if (attempt->client == NULL)
        return;
    }

  self->emit_event = g_signal_has_handler_pending (self, signals [EVENT], 0, FALSE);
  runnel_parser_feed (self->parser, data, n_read);
}

static gboolean
read_after_pause_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  /* abandoned in the meantime: its connection is gone */
  if (attempt->client != NULL)
    read_next_at (attempt, G_PRIORITY_DEFAULT);

  return G_SOURCE_REMOVE;
}

static void
read_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  RunnelSseClient *self = attempt->client;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = self ? g_object_ref (self) : NULL;
  g_autoptr(GError) error = NULL;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, &error);

  if (self == NULL)
    return;

  if (n_read < 0)
    {
      connection_cut (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                         _("The connection was dropped: %s"), error->message));
      return;
    }

  if (n_read == 0)
    {
      stream_ended (self);
      return;
    }

  receive (self, attempt, attempt->buffer, n_read);

  /*
   * When the server is ahead of us, every read is ready at once: back to back they would keep
   * the main loop from ever drawing a frame in a GUI (bench/ui-firehose: 0.5 frames per second).
   * So after a frame's time of reading, the next read starts after a pause of a millisecond, in
   * which a frame that is due is drawn. A pause, not a read at idle priority as before: in a
   * window that is busy drawing, an idle read waited until the drawing stopped, and a slow
   * stream's events came late and in bunches (false gaps and bursts in the timing).
   */
  if (attempt->client != NULL)
    {
      gint64 now = g_get_monotonic_time ();

      if (now - attempt->yielded_at >= READ_YIELD_INTERVAL_US)
        {
          attempt->yielded_at = now;
          g_autoptr(GSource) pause = g_timeout_source_new (READ_PAUSE_MS);

          g_source_set_callback (pause, read_after_pause_cb, attempt_ref (attempt),
                                 (GDestroyNotify) attempt_unref);
          g_source_set_static_name (pause, "[runnel] client read pause");
          g_source_attach (pause, g_main_context_get_thread_default ());
        }
      else
        read_next_at (attempt, G_PRIORITY_DEFAULT);
    }
}

static void
read_next_at (Attempt *attempt,
              int      io_priority)
{
  g_input_stream_read_async (attempt->stream, attempt->buffer, READ_SIZE, io_priority,
                             attempt->cancellable, read_cb, attempt_ref (attempt));
}

static void
read_next (Attempt *attempt)
{
  read_next_at (attempt, G_PRIORITY_DEFAULT);
}

/* Reading on a thread */

/*
 * Adds to @chunk what has already arrived, without waiting. TRUE when a read met the end (0) or
 * an error (-1): the next chunk's, in *@end and *@end_error, for the bytes before it go first.
 */
static gboolean
reader_top_up (Reader       *reader,
               ReaderChunk  *chunk,
               gssize       *end,
               GError      **end_error)
{
  GPollableInputStream *pollable = G_POLLABLE_INPUT_STREAM (reader->stream);

  while (chunk->n_read < READER_CHUNK_SIZE)
    {
      g_autoptr(GError) error = NULL;
      gssize n;

      n = g_pollable_input_stream_read_nonblocking (pollable, chunk->data + chunk->n_read,
                                                    READER_CHUNK_SIZE - chunk->n_read,
                                                    reader->cancellable, &error);
      if (n > 0)
        {
          chunk->n_read += n;
          continue;
        }
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK))
        return FALSE;

      *end = n;
      *end_error = g_steal_pointer (&error);
      return TRUE;
    }

  return FALSE;
}

static gpointer
reader_thread (gpointer user_data)
{
  Reader *reader = user_data;
  gboolean can_top_up = G_IS_POLLABLE_INPUT_STREAM (reader->stream) &&
                        g_pollable_input_stream_can_poll (G_POLLABLE_INPUT_STREAM (reader->stream));
  gboolean ended = FALSE;
  gssize end = 0;
  GError *end_error = NULL;
  ReaderChunk *chunk;

  while ((chunk = g_async_queue_pop (reader->empty)) != &reader_quit)
    {
      if (ended)
        {
          chunk->n_read = end;
          chunk->error = g_steal_pointer (&end_error);
        }
      else
        {
          chunk->n_read = g_input_stream_read (reader->stream, chunk->data, READER_CHUNK_SIZE,
                                               reader->cancellable, &chunk->error);
          if (chunk->n_read > 0 && can_top_up)
            ended = reader_top_up (reader, chunk, &end, &end_error);
        }

      g_async_queue_push (reader->full, chunk);
      g_source_set_ready_time (reader->source, 0);

      if (chunk->n_read <= 0)
        break;
    }

  g_clear_error (&end_error);

  return NULL;
}

/*
 * Joins the thread, when there is one: after a cancel, or once it handed over its last chunk.
 * The buffers stay until the attempt goes: the parser may be in the middle of one.
 */
static void
reader_stop (Attempt *attempt)
{
  Reader *reader = attempt->reader;

  if (reader == NULL || reader->thread == NULL)
    return;

  g_async_queue_push (reader->empty, &reader_quit);
  g_thread_join (g_steal_pointer (&reader->thread));
  g_source_destroy (reader->source);
}

static void
reader_free (Reader *reader)
{
  if (reader == NULL)
    return;

  g_assert (reader->thread == NULL);

  g_source_unref (reader->source);
  for (guint i = 0; i < READER_CHUNKS; i++)
    {
      g_clear_error (&reader->chunks [i].error);
      g_free (reader->chunks [i].data);
    }
  g_async_queue_unref (reader->empty);
  g_async_queue_unref (reader->full);
  g_object_unref (reader->cancellable);
  g_object_unref (reader->stream);
  g_free (reader);
}

/*
 * The main thread's side: parse one chunk the thread read, as read_cb () does one read of its
 * own (a handler that drops the client's last reference stops it after that chunk, too).
 */
static gboolean
reader_dispatch_cb (gpointer user_data)
{
  /* a handler may abandon the attempt: keep it (and the chunk being parsed) until this returns */
  g_autoptr(Attempt) attempt = attempt_ref (user_data);
  RunnelSseClient *self = attempt->client;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = g_object_ref (self);
  g_autoptr(GError) error = NULL;
  Reader *reader = attempt->reader;
  ReaderChunk *chunk;
  gssize n_read;

  /* before the queue is looked at: a chunk pushed after this sets it ready again */
  g_source_set_ready_time (reader->source, -1);

  chunk = g_async_queue_try_pop (reader->full);
  if (chunk == NULL)
    return G_SOURCE_CONTINUE;

  n_read = chunk->n_read;
  if (n_read > 0)
    {
      receive (self, attempt, chunk->data, n_read);

      /* abandoned: reader_stop () joined the thread and destroyed the source */
      if (attempt->client == NULL)
        return G_SOURCE_REMOVE;

      g_async_queue_push (reader->empty, chunk);
      if (g_async_queue_length (reader->full) > 0)
        g_source_set_ready_time (reader->source, 0);

      return G_SOURCE_CONTINUE;
    }

  /* the end or an error: the thread has ended, the stream is the main thread's again */
  error = g_steal_pointer (&chunk->error);
  reader_stop (attempt);

  if (n_read < 0)
    connection_cut (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NETWORK,
                                       _("The connection was dropped: %s"), error->message));
  else
    stream_ended (self);

  return G_SOURCE_REMOVE;
}

static void
reader_start (Attempt *attempt)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->stream = g_object_ref (attempt->stream);
  reader->cancellable = g_object_ref (attempt->cancellable);
  reader->empty = g_async_queue_new ();
  reader->full = g_async_queue_new ();
  for (guint i = 0; i < READER_CHUNKS; i++)
    {
      reader->chunks [i].data = g_malloc (READER_CHUNK_SIZE);
      g_async_queue_push (reader->empty, &reader->chunks [i]);
    }

  /* the attempt outlives the source: reader_stop () destroys it before the attempt goes */
  reader->source = g_source_new (&ready_time_funcs, sizeof (GSource));
  g_source_set_callback (reader->source, reader_dispatch_cb, attempt, NULL);
  g_source_set_static_name (reader->source, "[runnel] client body reader");
  g_source_attach (reader->source, g_main_context_get_thread_default ());

  attempt->reader = reader;
  reader->thread = g_thread_new ("runnel-read", reader_thread, reader);
}

/* Responses */

/* a refused response, with what could be read of its body: retry or fail */
static void
refuse_response (RunnelSseClient *self,
                 Attempt         *attempt,
                 const guint8    *body,
                 gsize            body_len)
{
  guint retry_after = 0;
  gboolean retry = FALSE;
  GError *error;

  error = _runnel_sse_response_refusal (attempt->message, self->content_type, body, body_len,
                                        &retry, &retry_after);
  if (retry)
    schedule_retry (self, error, NULL, retry_after);
  else
    fail (self, error);
}

static void
error_body_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = NULL;
  RunnelSseClient *self;
  gssize n_read;

  n_read = g_input_stream_read_finish (G_INPUT_STREAM (object), result, NULL);

  if (attempt->client == NULL)
    return;

  /* up to ERROR_BODY_SIZE, to its end, or what came before the timeout */
  attempt->body_bytes += MAX (n_read, 0);
  if (n_read > 0 && attempt->body_bytes < ERROR_BODY_SIZE)
    {
      read_error_body (attempt);
      return;
    }

  self = hold = g_object_ref (attempt->client);
  g_clear_pointer (&self->error_body, g_bytes_unref);
  self->error_body = g_bytes_new (attempt->buffer, attempt->body_bytes);
  refuse_response (self, attempt, attempt->buffer, attempt->body_bytes);
}

static void
read_error_body (Attempt *attempt)
{
  g_input_stream_read_async (attempt->stream, attempt->buffer + attempt->body_bytes,
                             ERROR_BODY_SIZE - attempt->body_bytes, G_PRIORITY_DEFAULT,
                             attempt->cancellable, error_body_cb, attempt_ref (attempt));
}

static gboolean
error_body_timeout_cb (gpointer user_data)
{
  Attempt *attempt = user_data;

  /* a body that does not come: classify without it */
  g_cancellable_cancel (attempt->cancellable);

  return G_SOURCE_REMOVE;
}

static void
open_stream (RunnelSseClient     *self,
             Attempt             *attempt,
             RunnelSseClientMode  mode)
{
  g_autofree char *reason = g_strdup_printf ("open (HTTP %u)", self->http_status);

  self->failures = 0;
  self->opened_at = g_get_monotonic_time ();
  use_parser (self, mode);
  runnel_parser_reset (self->parser);

  if (self->mode != mode)
    {
      self->mode = mode;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MODE]);
    }

  enter_state (self, RUNNEL_SSE_CLIENT_STATE_OPEN, NULL, reason);

  if (attempt->client == NULL)
    return;

  /* libsoup's HTTP/2 body stream is fed by the connection in the main context: a blocking read
   * on another thread would wait for data that the main context never gets to read (a hang) */
  if (self->read_thread && soup_message_get_http_version (attempt->message) != SOUP_HTTP_2_0)
    reader_start (attempt);
  else
    read_next (attempt);
}

/*
 * A redirect, under Runnel's policy (see _runnel_sse_response_redirect ()): a new attempt, or a
 * failure when it must not be followed. FALSE when the response is no redirect.
 */
static gboolean
follow_redirect (RunnelSseClient *self,
                 Attempt         *attempt)
{
  g_autoptr(GError) error = NULL;
  RunnelRedirect redirect;
  gboolean allow_insecure = runnel_request_get_allow_insecure_redirect (self->request);

  if (!_runnel_sse_response_redirect (attempt->message, attempt->n_redirects + 1, allow_insecure,
                                      &redirect, &error))
    {
      if (error == NULL)
        return FALSE;

      fail (self, g_steal_pointer (&error));
      return TRUE;
    }

  start_attempt_to (self, &redirect, attempt->n_redirects + 1,
                    attempt->drop_secrets || redirect.cross_origin,
                    attempt->drop_body || !redirect.keep_body);
  _runnel_redirect_clear (&redirect);

  return TRUE;
}

/* "HTTP/1.1 404 Not Found", as the response's first line said it */
static char *
format_status_line (SoupMessage *message)
{
  guint status = soup_message_get_status (message);
  const char *phrase = soup_message_get_reason_phrase (message);
  const char *version;

  switch (soup_message_get_http_version (message))
    {
    case SOUP_HTTP_1_0:
      version = "HTTP/1.0";
      break;
    case SOUP_HTTP_2_0:
      version = "HTTP/2";
      break;
    case SOUP_HTTP_1_1:
    default:
      version = "HTTP/1.1";
      break;
    }

  if (phrase == NULL || *phrase == '\0')
    phrase = soup_status_get_phrase (status);

  return g_strdup_printf ("%s %u%s%s", version, status, phrase ? " " : "", phrase ? phrase : "");
}

/* a send that failed: give up (TLS) or retry; @proxy: what the connection went through */
static void
connect_failed (RunnelSseClient *self,
                Attempt         *attempt,
                const GError    *error,
                const char      *proxy)
{
  GError *client_error = _runnel_sse_response_connect_error (attempt->message,
                                                              attempt->tls_errors, error, proxy);

  if (client_error->code == RUNNEL_SSE_ERROR_TLS)
    fail (self, client_error);
  else
    schedule_retry (self, client_error, NULL, 0);
}

typedef struct
{
  Attempt *attempt;
  GError  *error;
} ProxyLookup;

static void
proxy_lookup_free (ProxyLookup *lookup)
{
  attempt_unref (lookup->attempt);
  g_error_free (lookup->error);
  g_free (lookup);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ProxyLookup, proxy_lookup_free)

static void
proxy_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(ProxyLookup) lookup = user_data;
  g_auto(GStrv) proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result,
                                                          NULL);
  Attempt *attempt = lookup->attempt;
  g_autoptr(RunnelSseClient) hold = NULL;

  /* abandoned while the proxy was looked up: stopped, restarted or disposed */
  if (attempt->client == NULL)
    return;

  hold = g_object_ref (attempt->client);
  connect_failed (hold, attempt, lookup->error, proxies != NULL ? proxies[0] : NULL);
}

/*
 * Which proxy, if any, the failed connection went through: the session asks its resolver for
 * every connection, so asking again costs no more than that, and the error can name the proxy.
 */
static void
look_up_proxy (RunnelSseClient *self,
               Attempt         *attempt,
               GError          *error)
{
  GProxyResolver *resolver = soup_session_get_proxy_resolver (self->session);
  ProxyLookup *lookup = g_new0 (ProxyLookup, 1);
  g_autofree char *uri = g_uri_to_string (soup_message_get_uri (attempt->message));

  if (resolver == NULL)
    resolver = g_proxy_resolver_get_default ();

  lookup->attempt = attempt_ref (attempt);
  lookup->error = error;
  g_proxy_resolver_lookup_async (resolver, uri, attempt->cancellable, proxy_lookup_cb, lookup);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(Attempt) attempt = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  RunnelSseClient *self = attempt->client;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = self ? g_object_ref (self) : NULL;
  SoupMessage *message = attempt->message;
  RunnelSseClientMode mode;
  guint status;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (self == NULL)
    return;

  if (stream == NULL)
    {
      look_up_proxy (self, attempt, g_steal_pointer (&error));
      return;
    }

  attempt->stream = g_steal_pointer (&stream);
  self->last_activity = g_get_monotonic_time ();

  status = soup_message_get_status (message);
  g_clear_pointer (&self->error_body, g_bytes_unref);
  g_free (self->status_line);
  self->status_line = format_status_line (message);
  g_object_freeze_notify (G_OBJECT (self));
  set_http_status (self, status);
  set_response (self, soup_message_get_response_headers (message));
  g_object_thaw_notify (G_OBJECT (self));
  runnel_timing_response (self->timing, status, soup_message_get_response_headers (message),
                          soup_message_get_http_version (message));

  if (status == SOUP_STATUS_NO_CONTENT)
    {
      stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED,
            g_error_new_literal (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_NO_CONTENT,
                                 _("The server answered 204 No Content: "
                                   "it asked not to reconnect")),
            NULL);
      return;
    }

  if (SOUP_STATUS_IS_SUCCESSFUL (status) && _runnel_sse_response_mode (message, &mode))
    {
      open_stream (self, attempt, mode);
      return;
    }

  if (follow_redirect (self, attempt))
    return;

  /* read the start of the body for what it says, but not for long */
  attempt->error_body_timeout = g_timeout_source_new (ERROR_BODY_TIMEOUT_MS);
  g_source_set_callback (attempt->error_body_timeout, error_body_timeout_cb, attempt, NULL);
  g_source_attach (attempt->error_body_timeout, g_main_context_get_thread_default ());
  read_error_body (attempt);
}

static gboolean
on_accept_certificate (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Attempt *attempt = user_data;
  RunnelSseClient *self = attempt->client;
  /* a handler may drop the last reference: keep the client until this returns */
  g_autoptr(RunnelSseClient) hold G_GNUC_UNUSED = self ? g_object_ref (self) : NULL;

  if (self == NULL)
    return FALSE;

  if (runnel_request_get_accept_invalid_certificates (self->request))
    return TRUE;

  /* the CA file adds to the system's trust: check the chain against it as well */
  if (self->ca_database != NULL)
    {
      g_autoptr(GSocketConnectable) identity = NULL;
      GUri *uri = soup_message_get_uri (message);

      identity = g_network_address_new (g_uri_get_host (uri), MAX (g_uri_get_port (uri), 0));
      errors = g_tls_database_verify_chain (self->ca_database, certificate,
                                           G_TLS_DATABASE_PURPOSE_AUTHENTICATE_SERVER,
                                           identity, NULL, G_TLS_DATABASE_VERIFY_NONE,
                                           attempt->cancellable, NULL);
      if (errors == 0)
        return TRUE;
    }

  attempt->tls_errors = errors;
  return FALSE;
}

static void
start_attempt_to (RunnelSseClient      *self,
                  const RunnelRedirect *redirect,
                  guint                 n_redirects,
                  gboolean              drop_secrets,
                  gboolean              drop_body)
{
  g_autoptr(SoupMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *url = NULL;
  Attempt *attempt;

  abandon_attempt (self);
  clear_source (&self->retry_source);

  message = _runnel_sse_request_message (self->request,
                                         runnel_parser_get_last_event_id (self->parser),
                                         redirect, drop_secrets, drop_body, &error);
  if (message == NULL)
    {
      fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_INVALID_REQUEST,
                               "%s", error->message));
      return;
    }

  self->attempt = attempt = attempt_new (self, message);
  attempt->n_redirects = n_redirects;
  attempt->drop_secrets = drop_secrets;
  attempt->drop_body = drop_body;

  runnel_parser_set_max_event_size (self->parser,
                                    runnel_request_get_max_event_size (self->request));

  /* checked per event: a copy, NULL when empty, so the common case costs one test */
  g_clear_pointer (&self->fatal_event_types, g_strfreev);
  if (runnel_request_get_fatal_event_types (self->request)[0] != NULL)
    self->fatal_event_types =
      g_strdupv ((char **) runnel_request_get_fatal_event_types (self->request));
  g_signal_connect (message, "accept-certificate", G_CALLBACK (on_accept_certificate), attempt);

  g_object_freeze_notify (G_OBJECT (self));
  set_http_status (self, 0);
  set_response (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));

  url = _runnel_sse_url_for_display (soup_message_get_uri (message),
                         redirect ? NULL : runnel_request_get_url (self->request));
  /* a redirect is the same connection to the timing: its time runs from the first request */
  if (redirect == NULL)
    runnel_timing_connection_started (self->timing);
  reason = g_strdup_printf ("connecting to %s", url);
  enter_state (self, RUNNEL_SSE_CLIENT_STATE_CONNECTING, NULL, reason);

  /* a state-changed handler may have disconnected already */
  if (self->attempt != attempt)
    return;

  start_read_timeout (self);
  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, attempt->cancellable,
                           send_cb, attempt_ref (attempt));
}

static void
start_attempt (RunnelSseClient *self)
{
  start_attempt_to (self, NULL, 0, FALSE, FALSE);
}

/* GObject */

static void
runnel_sse_client_dispose (GObject *object)
{
  RunnelSseClient *self = (RunnelSseClient *)object;

  abandon_attempt (self);
  clear_source (&self->retry_source);
  clear_source (&self->timeout_source);
  clear_source (&self->stats_source);

  clear_parser (self);

  if (self->session != NULL)
    soup_session_abort (self->session);
  g_clear_object (&self->session);
  g_clear_object (&self->ca_database);

  runnel_sse_event_sink_clear (&self->sink);

  G_OBJECT_CLASS (runnel_sse_client_parent_class)->dispose (object);
}

static void
runnel_sse_client_finalize (GObject *object)
{
  RunnelSseClient *self = (RunnelSseClient *)object;

  g_clear_object (&self->request);
  g_clear_error (&self->last_error);
  g_clear_pointer (&self->response_headers, soup_message_headers_unref);
  g_clear_pointer (&self->status_line, g_free);
  g_clear_pointer (&self->content_type, g_free);
  g_clear_pointer (&self->error_body, g_bytes_unref);
  g_clear_pointer (&self->reason, g_free);
  g_clear_pointer (&self->fatal_event_types, g_strfreev);
  g_clear_object (&self->timing);

  G_OBJECT_CLASS (runnel_sse_client_parent_class)->finalize (object);
}

static void
runnel_sse_client_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RunnelSseClient *self = RUNNEL_SSE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_HTTP_STATUS:
      g_value_set_uint (value, self->http_status);
      break;

    case PROP_LAST_ERROR:
      g_value_set_boxed (value, self->last_error);
      break;

    case PROP_REASON:
      g_value_set_string (value, self->reason);
      break;

    case PROP_RETRY_AT:
      g_value_set_int64 (value, self->retry_at);
      break;

    case PROP_RECONNECT_COUNT:
      g_value_set_uint (value, self->reconnect_count);
      break;

    case PROP_BYTES_RECEIVED:
      g_value_set_uint64 (value, self->bytes_received);
      break;

    case PROP_EVENTS_RECEIVED:
      g_value_set_uint64 (value, self->events_received);
      break;

    case PROP_LAST_EVENT_ID:
      g_value_set_string (value, runnel_sse_client_get_last_event_id (self));
      break;

    case PROP_RESPONSE_HEADERS:
      g_value_set_boxed (value, self->response_headers);
      break;

    case PROP_CONTENT_TYPE:
      g_value_set_string (value, self->content_type);
      break;

    case PROP_MODE:
      g_value_set_enum (value, self->mode);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_sse_client_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RunnelSseClient *self = RUNNEL_SSE_CLIENT (object);

  switch (prop_id)
    {
    case PROP_REQUEST:
      self->request = g_value_dup_object (value);
      if (self->request == NULL)
        self->request = runnel_request_new (NULL);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_sse_client_class_init (RunnelSseClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = runnel_sse_client_dispose;
  object_class->finalize = runnel_sse_client_finalize;
  object_class->get_property = runnel_sse_client_get_property;
  object_class->set_property = runnel_sse_client_set_property;

  properties [PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, RUNNEL_TYPE_REQUEST,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, RUNNEL_TYPE_SSE_CLIENT_STATE,
                       RUNNEL_SSE_CLIENT_STATE_IDLE, flags);
  properties [PROP_HTTP_STATUS] =
    g_param_spec_uint ("http-status", NULL, NULL, 0, 999, 0, flags);
  properties [PROP_LAST_ERROR] = g_param_spec_boxed ("last-error", NULL, NULL, G_TYPE_ERROR, flags);
  properties [PROP_REASON] = g_param_spec_string ("reason", NULL, NULL, NULL, flags);
  properties [PROP_RETRY_AT] =
    g_param_spec_int64 ("retry-at", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties [PROP_RECONNECT_COUNT] =
    g_param_spec_uint ("reconnect-count", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_BYTES_RECEIVED] =
    g_param_spec_uint64 ("bytes-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties [PROP_EVENTS_RECEIVED] =
    g_param_spec_uint64 ("events-received", NULL, NULL, 0, G_MAXUINT64, 0, flags);
  properties [PROP_LAST_EVENT_ID] = g_param_spec_string ("last-event-id", NULL, NULL, "", flags);
  properties [PROP_RESPONSE_HEADERS] =
    g_param_spec_boxed ("response-headers", NULL, NULL, SOUP_TYPE_MESSAGE_HEADERS, flags);
  properties [PROP_CONTENT_TYPE] = g_param_spec_string ("content-type", NULL, NULL, NULL, flags);
  properties [PROP_MODE] =
    g_param_spec_enum ("mode", NULL, NULL, RUNNEL_TYPE_SSE_CLIENT_MODE,
                       RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals [EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RUNNEL_TYPE_SSE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals [RETRY] =
    g_signal_new ("retry", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
  signals [COMMENT] =
    g_signal_new ("comment", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals [RAW] =
    g_signal_new ("raw", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_BYTES | G_SIGNAL_TYPE_STATIC_SCOPE);
  signals [STATE_CHANGED] =
    g_signal_new ("state-changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
runnel_sse_client_init (RunnelSseClient *self)
{
  self->state = RUNNEL_SSE_CLIENT_STATE_IDLE;

  /* no I/O timeout of libsoup's own: a quiet stream is normal, read-timeout is the option */
  self->session = soup_session_new_with_options ("timeout", 0,
                                                 "user-agent", "Runnel/" PACKAGE_VERSION " ",
                                                 NULL);
  if (!soup_session_has_feature (self->session, SOUP_TYPE_CONTENT_DECODER))
    soup_session_add_feature_by_type (self->session, SOUP_TYPE_CONTENT_DECODER);

  /* RUNNEL_READ_THREAD=1 runs every client's bodies on the thread (the tests' second pass) */
  self->read_thread = g_strcmp0 (g_getenv ("RUNNEL_READ_THREAD"), "1") == 0;
  self->timing = runnel_timing_new ();
  use_parser (self, RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM);
}

/* Public API */

RunnelSseClient *
runnel_sse_client_new (RunnelRequest *request)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  return g_object_new (RUNNEL_TYPE_SSE_CLIENT, "request", request, NULL);
}

/**
 * runnel_sse_client_get_request:
 *
 * Returns: (transfer none): the request; its changes apply from the next attempt on
 */
RunnelRequest *
runnel_sse_client_get_request (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->request;
}

void
runnel_sse_client_set_event_func (RunnelSseClient    *self,
                                  RunnelSseEventFunc  func,
                                  gpointer            user_data,
                                  GDestroyNotify      destroy)
{
  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (self));

  runnel_sse_event_sink_set (&self->sink, func, user_data, destroy);
}

/**
 * runnel_sse_client_set_read_thread:
 *
 * Reads each body on a thread of its own, so that the socket's reads overlap the parsing on
 * this thread (for `runnel --print`: about a third of its time is the kernel's). Events, errors
 * and states are the same; applies from the next stream that opens. Off by default: a body's
 * chunks then come as they do from the main loop's own reads.
 */
void
runnel_sse_client_set_read_thread (RunnelSseClient *self,
                                   gboolean         read_thread)
{
  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (self));

  self->read_thread = !!read_thread;
}

/**
 * runnel_sse_client_connect:
 *
 * Opens the request (a fresh session: the last event id starts from the request's, the
 * reconnect count from 0). Does nothing while connecting, open or waiting to retry.
 */
void
runnel_sse_client_connect (RunnelSseClient *self)
{
  g_autoptr(GError) error = NULL;
  const char *ca_file;
  guint timeout;

  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (self));

  if (self->state == RUNNEL_SSE_CLIENT_STATE_CONNECTING ||
      self->state == RUNNEL_SSE_CLIENT_STATE_OPEN ||
      self->state == RUNNEL_SSE_CLIENT_STATE_WAITING)
    return;

  if (!runnel_request_validate (self->request, &error))
    {
      fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_INVALID_REQUEST,
                               "%s", error->message));
      return;
    }

  g_clear_object (&self->ca_database);
  ca_file = runnel_request_get_ca_file (self->request);
  if (ca_file != NULL)
    {
      self->ca_database = g_tls_file_database_new (ca_file, &error);
      if (self->ca_database == NULL)
        {
          fail (self, g_error_new (RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_INVALID_REQUEST,
                                   _("Cannot load the CA file “%s”: %s"), ca_file, error->message));
          return;
        }
    }

  runnel_parser_set_last_event_id (self->parser,
                                   runnel_request_get_last_event_id (self->request));
  self->retry_delay = runnel_request_get_retry_delay (self->request);
  self->failures = 0;
  self->quick_ends = 0;
  self->retries = 0;
  runnel_timing_reset (self->timing);
  if (self->reconnect_count != 0)
    {
      self->reconnect_count = 0;
      g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT_COUNT]);
    }

  clear_source (&self->timeout_source);
  timeout = runnel_request_get_timeout (self->request);
  if (timeout > 0)
    {
      self->timeout_source = g_timeout_source_new (timeout);
      g_source_set_callback (self->timeout_source, overall_timeout_cb, self, NULL);
      g_source_set_static_name (self->timeout_source, "[runnel] client time limit");
      g_source_attach (self->timeout_source, g_main_context_get_thread_default ());
    }

  start_attempt (self);
}

/**
 * runnel_sse_client_disconnect:
 *
 * Stops at once in any state (also while waiting to retry): state "closed", no callback after.
 */
void
runnel_sse_client_disconnect (RunnelSseClient *self)
{
  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (self));

  if (self->state == RUNNEL_SSE_CLIENT_STATE_IDLE ||
      self->state == RUNNEL_SSE_CLIENT_STATE_CLOSED ||
      self->state == RUNNEL_SSE_CLIENT_STATE_FAILED)
    return;

  stop (self, RUNNEL_SSE_CLIENT_STATE_CLOSED, NULL, "disconnected");
}

/**
 * runnel_sse_client_restart:
 *
 * "Reconnect now": drops the current connection or retry wait and opens a new one at once,
 * with the same last event id. When stopped, the same as runnel_sse_client_connect ().
 */
void
runnel_sse_client_restart (RunnelSseClient *self)
{
  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (self));

  if (self->state == RUNNEL_SSE_CLIENT_STATE_IDLE ||
      self->state == RUNNEL_SSE_CLIENT_STATE_CLOSED ||
      self->state == RUNNEL_SSE_CLIENT_STATE_FAILED)
    {
      runnel_sse_client_connect (self);
      return;
    }

  self->failures = 0;
  self->quick_ends = 0;
  self->reconnect_count++;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT_COUNT]);

  start_attempt (self);
}

RunnelSseClientState
runnel_sse_client_get_state (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), RUNNEL_SSE_CLIENT_STATE_IDLE);

  return self->state;
}

guint
runnel_sse_client_get_http_status (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->http_status;
}

/**
 * runnel_sse_client_get_last_error:
 *
 * Returns: (nullable): why the client waits, closed (204, time limit) or failed; cleared when a
 *   stream opens
 */
const GError *
runnel_sse_client_get_last_error (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->last_error;
}

/**
 * runnel_sse_client_get_reason:
 *
 * Returns: (nullable): the current state in plain words: "connecting to URL", "open (HTTP 200)",
 *   why it waits, closed or failed
 */
const char *
runnel_sse_client_get_reason (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->reason;
}

gint64
runnel_sse_client_get_retry_at (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->retry_at;
}

guint
runnel_sse_client_get_retry_wait (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->state == RUNNEL_SSE_CLIENT_STATE_WAITING ? self->retry_wait : 0;
}

guint
runnel_sse_client_get_reconnect_count (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->reconnect_count;
}

guint64
runnel_sse_client_get_bytes_received (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->bytes_received;
}

guint64
runnel_sse_client_get_events_received (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), 0);

  return self->events_received;
}

const char *
runnel_sse_client_get_last_event_id (RunnelSseClient *self)
{
  const char *id;

  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  id = self->parser ? runnel_parser_get_last_event_id (self->parser) : NULL;

  return id ? id : "";
}

const char *
runnel_sse_client_get_content_type (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->content_type;
}

/**
 * runnel_sse_client_get_error_body:
 *
 * The start (up to 64 KiB) of the body of the last response that was refused (an HTTP error,
 * a wrong content type), as it came; NULL when the last response was not refused.
 */
GBytes *
runnel_sse_client_get_error_body (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->error_body;
}

/**
 * runnel_sse_client_get_response_headers:
 *
 * Returns: (transfer none) (nullable): the last response's headers, NULL before one
 */
SoupMessageHeaders *
runnel_sse_client_get_response_headers (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->response_headers;
}

/**
 * runnel_sse_client_get_mode:
 *
 * Returns: whether the last opened response was an event stream or JSON lines
 */
RunnelSseClientMode
runnel_sse_client_get_mode (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), RUNNEL_SSE_CLIENT_MODE_EVENT_STREAM);

  return self->mode;
}

/**
 * runnel_sse_client_get_timing:
 *
 * Returns: (transfer none): the timing of the session, fed by the client; connect () resets it.
 *   Its settings (heartbeat types, what counts as content) are the caller's to make.
 */
RunnelTiming *
runnel_sse_client_get_timing (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->timing;
}

/**
 * runnel_sse_client_get_status_line:
 *
 * Returns: (nullable): the last response's status line ("HTTP/1.1 400 Bad Request"), NULL
 *   before a response
 */
const char *
runnel_sse_client_get_status_line (RunnelSseClient *self)
{
  g_return_val_if_fail (RUNNEL_IS_SSE_CLIENT (self), NULL);

  return self->status_line;
}
