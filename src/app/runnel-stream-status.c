/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-status.c: where a stream stands: failure banner and status bar */

#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "runnel-body-text.h"
#include "runnel-format.h"
#include "runnel-rate-plot.h"
#include "runnel-status-bar.h"
#include "runnel-stream-status.h"

#define TICK_INTERVAL_MS 200
/* of a refusing server's body, in the failure bar */
#define FAILURE_SAYS_MAX_CHARS 160
/* the rate is counted over the last second; a shorter stream's over its own span */
#define RATE_WINDOW_US   G_USEC_PER_SEC

struct _RunnelStreamStatus
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *status_bar;
  GtkRevealer         *failure_revealer;
  GtkWidget           *failure_bar;
  GtkImage            *failure_icon;
  GtkLabel            *failure_label;
  GtkWidget           *show_response_button;
  GtkWidget           *response_button;
  GtkWidget           *state_dot;
  GtkLabel            *state_label;
  GtkLabel            *retry_label;
  GtkLabel            *held_label;
  GtkLabel            *dropped_label;
  GtkLabel            *shown_label;
  GtkLabel            *stats_label;
  GtkWidget           *expectations_button;
  GtkLabel            *expectations_label;
  GtkWidget           *timing_badge;
  GtkLabel            *timing_badge_label;
  RunnelRatePlot      *rate_plot;

  /* Owned */
  RunnelSseClient     *client;
  RunnelEventLog      *log;
  GListModel          *shown;
  RunnelEventFilter   *filter;
  RunnelExpectations  *expectations;
  guint                tick_id;

  RunnelSseClientState state;
  gboolean             paused;
  gboolean             narrow;
  gboolean             read_only;

  /* events per second, sampled about once a second */
  guint64              rate_events;
  gint64               rate_time;
  double               rate;
  /* the arrival of the first and the last event shown since the counters were reset */
  gint64               first_event_at;
  gint64               last_event_at;
  /* the client's bytes and reconnects when the counters were reset (Clear) */
  guint64              bytes_base;
  guint                reconnects_base;
};

enum {
  PROP_0,
  PROP_CLIENT,
  PROP_LOG,
  PROP_PAUSED,
  PROP_NARROW,
  PROP_READ_ONLY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelStreamStatus, runnel_stream_status, GTK_TYPE_WIDGET)

static const char *state_classes[] = {
  [RUNNEL_SSE_CLIENT_STATE_IDLE] = "state-idle",
  [RUNNEL_SSE_CLIENT_STATE_CONNECTING] = "state-connecting",
  [RUNNEL_SSE_CLIENT_STATE_OPEN] = "state-open",
  [RUNNEL_SSE_CLIENT_STATE_WAITING] = "state-waiting",
  [RUNNEL_SSE_CLIENT_STATE_CLOSED] = "state-closed",
  [RUNNEL_SSE_CLIENT_STATE_FAILED] = "state-failed",
};

static gboolean
state_is_active (RunnelSseClientState state)
{
  return state == RUNNEL_SSE_CLIENT_STATE_CONNECTING ||
         state == RUNNEL_SSE_CLIENT_STATE_OPEN ||
         state == RUNNEL_SSE_CLIENT_STATE_WAITING;
}

/* labels change only when their text does: the status is refreshed several times a second */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text != NULL ? text : "") != 0)
    gtk_label_set_text (label, text != NULL ? text : "");
}

/* the events the list has shown since the counters were reset: the number of its last row */
static guint64
runnel_stream_status_get_n_shown (RunnelStreamStatus *self)
{
  if (self->log == NULL)
    return 0;

  return g_list_model_get_n_items (G_LIST_MODEL (self->log)) +
         runnel_event_log_get_n_dropped (self->log);
}

/* "12,345 events": grouped as the locale groups thousands */
static char *
format_events (guint64 n)
{
  g_autofree char *number = g_strdup_printf ("%'" PRIu64, n);

  /* TRANSLATORS: %s is a number of events, its thousands grouped as the locale does */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s event", "%s events", n), number);
}

static char *
runnel_stream_status_format_stats (RunnelStreamStatus *self)
{
  guint reconnects = runnel_sse_client_get_reconnect_count (self->client) - self->reconnects_base;
  guint64 events = runnel_stream_status_get_n_shown (self);
  g_autofree char *bytes = g_format_size (runnel_sse_client_get_bytes_received (self->client) -
                                          self->bytes_base);
  g_autofree char *reconnects_text = NULL;
  g_autofree char *events_text = format_events (events);

  reconnects_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reconnect", "%u reconnects",
                                                  reconnects),
                                     reconnects);

  if (self->narrow)
    /* TRANSLATORS: events and events per second in a narrow status bar */
    return g_strdup_printf (_("%s · %.1f/s"), events_text, self->rate);

  /* "0 reconnects" says nothing, and leaves the state less room */
  if (reconnects == 0)
    /* TRANSLATORS: bytes, events and events per second in the status bar */
    return g_strdup_printf (_("%s · %s · %.1f/s"), bytes, events_text, self->rate);

  /* TRANSLATORS: reconnects, bytes, events and events per second in the status bar */
  return g_strdup_printf (_("%s · %s · %s · %.1f/s"),
                          reconnects_text, bytes, events_text, self->rate);
}

/*
 * Events per second: over the last second while a stream flows; a stream younger than that (a
 * burst, as an LLM reply is) over its own span, from its first event to its last, and so is a
 * stream that ended: the rate it had, not a 0.0 for the time since.
 */
static void
runnel_stream_status_update_rate (RunnelStreamStatus *self)
{
  gint64 now = g_get_monotonic_time ();
  guint64 events = runnel_sse_client_get_events_received (self->client);
  guint64 shown = runnel_stream_status_get_n_shown (self);
  gint64 span = self->last_event_at - self->first_event_at;
  gboolean young = self->first_event_at == 0 || now - self->first_event_at < RATE_WINDOW_US;

  if (young || self->state != RUNNEL_SSE_CLIENT_STATE_OPEN)
    {
      self->rate_time = now;
      self->rate_events = events;
      if (shown >= 2 && span > 0)
        self->rate = (shown - 1) * (double) G_USEC_PER_SEC / span;
      else
        self->rate = 0;
      return;
    }

  if (now - self->rate_time < RATE_WINDOW_US)
    return;

  self->rate = (events - self->rate_events) * (double) G_USEC_PER_SEC / (now - self->rate_time);
  self->rate_time = now;
  self->rate_events = events;
}

static void
runnel_stream_status_update_countdown (RunnelStreamStatus *self)
{
  gint64 retry_at;
  g_autofree char *left = NULL;
  g_autofree char *text = NULL;

  if (self->state != RUNNEL_SSE_CLIENT_STATE_WAITING)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->retry_label), FALSE);
      return;
    }

  retry_at = runnel_sse_client_get_retry_at (self->client);
  left = runnel_format_duration (retry_at > 0 ? retry_at - g_get_monotonic_time () : 0);
  /* TRANSLATORS: %s is a duration, e.g. "2.4 s" */
  text = g_strdup_printf (_("Retrying in %s"), left);
  set_label (self->retry_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->retry_label), TRUE);
}

/* what the log holds back (paused) or dropped (retention) */
static void
runnel_stream_status_update_load (RunnelStreamStatus *self)
{
  guint held = self->log != NULL ? runnel_event_log_get_n_pending (self->log) : 0;
  guint64 dropped = self->log != NULL ? runnel_event_log_get_n_dropped (self->log) : 0;

  if (self->paused)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Paused · %u held",
                                                            "Paused · %u held", held),
                                               held);

      set_label (self->held_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->held_label), self->paused);

  if (dropped > 0)
    {
      g_autofree char *text = NULL;
      g_autofree char *tooltip = NULL;
      guint retention = runnel_event_log_get_retention (self->log);

      /* TRANSLATORS: the oldest events dropped to keep within the retention limit */
      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRIu64 " dropped",
                                           "%" PRIu64 " dropped", dropped),
                              dropped);
      set_label (self->dropped_label, text);
      tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "Only the newest %u event is kept; "
                                              "older ones are dropped",
                                              "Only the newest %u events are kept; "
                                              "older ones are dropped",
                                              retention),
                                 retention);
      gtk_widget_set_tooltip_text (GTK_WIDGET (self->dropped_label), tooltip);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->dropped_label), dropped > 0);
}

/* what changes while the stream runs: counts, rate, countdown */
/* "3 of 4 passed": green when all passed, red when one failed */
static void
runnel_stream_status_update_expectations (RunnelStreamStatus *self)
{
  guint n = self->expectations != NULL ? runnel_expectations_get_n_items (self->expectations) : 0;
  gboolean failed = n > 0 && runnel_expectations_count (self->expectations,
                                                        RUNNEL_EXPECTATION_FAILED) > 0;
  gboolean passed = n > 0 && runnel_expectations_count (self->expectations,
                                                        RUNNEL_EXPECTATION_PASSED) == n;
  g_autofree char *summary = n > 0 ? runnel_expectations_dup_summary (self->expectations) : NULL;

  set_label (self->expectations_label, summary);
  gtk_widget_set_visible (self->expectations_button, n > 0);
  if (failed)
    gtk_widget_add_css_class (self->expectations_button, "error");
  else
    gtk_widget_remove_css_class (self->expectations_button, "error");
  if (passed)
    gtk_widget_add_css_class (self->expectations_button, "success");
  else
    gtk_widget_remove_css_class (self->expectations_button, "success");
}

/* a warning when the timing saw buffering (a burst after a silence) or a stall */
static void
runnel_stream_status_update_timing (RunnelStreamStatus *self)
{
  RunnelTiming *timing = self->client != NULL ? runnel_sse_client_get_timing (self->client) : NULL;
  const char *text = NULL;

  if (timing == NULL)
    ;
  else if (runnel_timing_get_n_bursts (timing) > 0)
    /* TRANSLATORS: the status bar's warning: events arrived in bursts, held back on the way */
    text = C_("timing badge", "Buffered");
  else if (runnel_timing_get_n_stalls (timing) > 0 ||
           runnel_timing_get_silence (timing, NULL) > runnel_timing_get_stall_threshold (timing))
    /* TRANSLATORS: the status bar's warning: no event for longer than the stall threshold */
    text = C_("timing badge", "Stalled");

  set_label (self->timing_badge_label, text);
  gtk_widget_set_visible (self->timing_badge, text != NULL);
}

static void
runnel_stream_status_update_stats (RunnelStreamStatus *self)
{
  g_autofree char *stats = NULL;

  if (self->client != NULL)
    {
      runnel_stream_status_update_rate (self);
      stats = runnel_stream_status_format_stats (self);
    }
  set_label (self->stats_label, stats);

  /* fed a few times a second, redrawn once a second; no room for it in narrow windows */
  if (self->client != NULL)
    runnel_rate_plot_update (self->rate_plot, runnel_sse_client_get_events_received (self->client));
  gtk_widget_set_visible (GTK_WIDGET (self->rate_plot), !self->narrow);

  runnel_stream_status_update_countdown (self);
  runnel_stream_status_update_load (self);
  runnel_stream_status_update_timing (self);
  runnel_stream_status_update_expectations (self);
}

/* whether the last event shown is an LLM stream's end marker */
static gboolean
runnel_stream_status_ended_with_done (RunnelStreamStatus *self)
{
  guint n_items = self->log != NULL ? g_list_model_get_n_items (G_LIST_MODEL (self->log)) : 0;
  g_autofree char *data = NULL;

  if (n_items == 0)
    return FALSE;

  data = g_strdup (runnel_sse_event_get_data (runnel_event_log_peek (self->log, n_items - 1),
                                              NULL));
  return g_strcmp0 (g_strstrip (data), "[DONE]") == 0;
}

/* "Closed · the server ended the stream after [DONE], 13 events": why a stream closed */
static char *
runnel_stream_status_format_closed (RunnelStreamStatus *self,
                                    const char         *state_text)
{
  const char *reason = runnel_sse_client_get_reason (self->client);
  g_autofree char *events = format_events (runnel_stream_status_get_n_shown (self));

  if (g_strcmp0 (reason, "the server ended the stream") == 0)
    {
      if (runnel_stream_status_ended_with_done (self))
        /* TRANSLATORS: "Closed" (a state), then a number of events ("13 events") */
        return g_strdup_printf (_("%s · the server ended the stream after [DONE], %s"),
                                state_text, events);

      /* TRANSLATORS: "Closed" (a state), then a number of events ("13 events") */
      return g_strdup_printf (_("%s · the server ended the stream after %s"), state_text, events);
    }

  if (g_strcmp0 (reason, "disconnected") == 0)
    /* TRANSLATORS: "Closed" (a state), then a number of events ("13 events") */
    return g_strdup_printf (_("%s · disconnected after %s"), state_text, events);

  return g_strdup (state_text);
}

/* "12 of 3,000 shown" while the filter hides events */
static void
runnel_stream_status_update_shown (RunnelStreamStatus *self)
{
  g_autofree char *text = NULL;

  if (self->log != NULL && self->shown != NULL && self->filter != NULL &&
      runnel_event_filter_is_active (self->filter))
    {
      g_autofree char *n = g_strdup_printf ("%'u", g_list_model_get_n_items (self->shown));
      g_autofree char *total = g_strdup_printf ("%'u",
                                                g_list_model_get_n_items (G_LIST_MODEL (self->log)));

      /* TRANSLATORS: the events the filter shows, of all the events in the list (numbers
       * grouped as the locale does): "12 of 3,000 shown" */
      text = g_strdup_printf (_("%s of %s shown"), n, total);
    }

  set_label (self->shown_label, text);
  gtk_widget_set_visible (GTK_WIDGET (self->shown_label), text != NULL);
}

/* the list shows new events: the counts follow at once, in step with its rows */
static void
runnel_stream_status_log_changed (RunnelStreamStatus *self,
                                  guint               position,
                                  guint               removed,
                                  guint               added)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  if (added > 0 && n_items > 0)
    {
      if (self->first_event_at == 0)
        self->first_event_at =
          runnel_sse_event_get_monotonic_time (runnel_event_log_peek (self->log, position));
      self->last_event_at =
        runnel_sse_event_get_monotonic_time (runnel_event_log_peek (self->log, n_items - 1));
    }

  if (self->client != NULL)
    {
      g_autofree char *stats = NULL;

      runnel_stream_status_update_rate (self);
      stats = runnel_stream_status_format_stats (self);
      set_label (self->stats_label, stats);
    }
  runnel_stream_status_update_shown (self);
}

static gboolean
runnel_stream_status_tick (gpointer user_data)
{
  RunnelStreamStatus *self = user_data;

  if (!state_is_active (self->state))
    {
      self->tick_id = 0;
      runnel_stream_status_update (self);
      return G_SOURCE_REMOVE;
    }

  runnel_stream_status_update_stats (self);

  return G_SOURCE_CONTINUE;
}

/* what changes with the state: indicator, words, failure bar; then the stats */
void
runnel_stream_status_update (RunnelStreamStatus *self)
{
  RunnelSseClientState state = RUNNEL_SSE_CLIENT_STATE_IDLE;
  guint http_status = 0;
  g_autofree char *state_text = NULL;
  g_autofree char *failure = NULL;
  gboolean has_response;

  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));

  if (self->client != NULL)
    {
      const GError *error = runnel_sse_client_get_last_error (self->client);
      const char *content_type = runnel_sse_client_get_content_type (self->client);
      GBytes *body = runnel_sse_client_get_error_body (self->client);
      g_autofree char *says = NULL;

      state = runnel_sse_client_get_state (self->client);
      http_status = runnel_sse_client_get_http_status (self->client);
      /* the first words of a refusal's body, the rest in the Response view */
      if (body != NULL && g_error_matches (error, RUNNEL_SSE_ERROR, RUNNEL_SSE_ERROR_HTTP_STATUS))
        says = runnel_body_text_summary (content_type, g_bytes_get_data (body, NULL),
                                         g_bytes_get_size (body), FAILURE_SAYS_MAX_CHARS);
      failure = runnel_format_failure (state, error, http_status, content_type, says);
    }

  if (state != self->state)
    {
      gtk_widget_remove_css_class (self->state_dot, state_classes[self->state]);
      self->state = state;
      gtk_widget_add_css_class (self->state_dot, state_classes[state]);
    }

  state_text = runnel_format_state (state, http_status);
  if (state == RUNNEL_SSE_CLIENT_STATE_CLOSED &&
      runnel_sse_client_get_last_error (self->client) == NULL)
    {
      g_autofree char *plain = g_steal_pointer (&state_text);

      state_text = runnel_stream_status_format_closed (self, plain);
    }
  if (self->client != NULL && http_status != 0 &&
      runnel_sse_client_get_mode (self->client) == RUNNEL_SSE_CLIENT_MODE_JSON_LINES)
    {
      g_autofree char *plain = g_steal_pointer (&state_text);

      /* TRANSLATORS: the state of a stream of newline-delimited JSON, e.g. "Open · 200 OK" */
      state_text = g_strdup_printf (_("%s · JSON lines"), plain);
    }
  if (self->read_only)
    {
      g_free (state_text);
      state_text = g_strdup (_("Imported capture · read-only"));
    }
  set_label (self->state_label, state_text);

  if (failure != NULL)
    {
      gboolean failed = state == RUNNEL_SSE_CLIENT_STATE_FAILED;

      set_label (self->failure_label, failure);
      gtk_image_set_from_icon_name (self->failure_icon,
                                    failed ? "dialog-error-symbolic" : "dialog-warning-symbolic");
      gtk_widget_add_css_class (self->failure_bar, failed ? "failed" : "retrying");
      gtk_widget_remove_css_class (self->failure_bar, failed ? "retrying" : "failed");
    }
  gtk_revealer_set_reveal_child (self->failure_revealer, failure != NULL);
  /* what the server answered, when it answered */
  has_response = self->client != NULL && runnel_sse_client_get_status_line (self->client) != NULL;
  /* a narrow window has no room for two buttons beside the words: the bar's button is there */
  gtk_widget_set_visible (self->show_response_button, has_response && !self->narrow);
  gtk_widget_set_visible (self->response_button, has_response);

  runnel_stream_status_update_stats (self);

  if (state_is_active (state) && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_INTERVAL_MS, runnel_stream_status_tick, self);
  else if (!state_is_active (state))
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

void
runnel_stream_status_set_client (RunnelStreamStatus *self,
                                 RunnelSseClient    *client)
{
  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));
  g_return_if_fail (client == NULL || RUNNEL_IS_SSE_CLIENT (client));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "state-changed",
                             G_CALLBACK (runnel_stream_status_update), self, G_CONNECT_SWAPPED);

  runnel_stream_status_reset_counters (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CLIENT]);
}

/**
 * runnel_stream_status_reset_counters:
 *
 * A new stream, or Clear: the counts, the rate and its plot start from nothing (the bytes and
 * reconnects from what the client has counted so far).
 */
void
runnel_stream_status_reset_counters (RunnelStreamStatus *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));

  runnel_rate_plot_clear (self->rate_plot);
  self->rate = 0;
  self->rate_events = self->client ? runnel_sse_client_get_events_received (self->client) : 0;
  self->rate_time = g_get_monotonic_time ();
  self->first_event_at = 0;
  self->last_event_at = 0;
  self->bytes_base = self->client ? runnel_sse_client_get_bytes_received (self->client) : 0;
  self->reconnects_base = self->client ? runnel_sse_client_get_reconnect_count (self->client) : 0;

  runnel_stream_status_update (self);
}

void
runnel_stream_status_set_log (RunnelStreamStatus *self,
                              RunnelEventLog     *log)
{
  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));

  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (g_set_object (&self->log, log))
    {
      if (log != NULL)
        g_signal_connect_object (log, "items-changed",
                                 G_CALLBACK (runnel_stream_status_log_changed), self,
                                 G_CONNECT_SWAPPED);
      runnel_stream_status_update_load (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOG]);
    }
}

/* the list's model (@log through @filter), for "12 of 3,000 shown" while the filter is on */
void
runnel_stream_status_set_shown (RunnelStreamStatus *self,
                                GListModel         *shown,
                                RunnelEventFilter  *filter)
{
  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));
  g_return_if_fail (G_IS_LIST_MODEL (shown));
  g_return_if_fail (RUNNEL_IS_EVENT_FILTER (filter));
  g_return_if_fail (self->shown == NULL);

  self->shown = g_object_ref (shown);
  self->filter = g_object_ref (filter);
  g_signal_connect_object (shown, "items-changed",
                           G_CALLBACK (runnel_stream_status_update_shown), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (filter, "changed",
                           G_CALLBACK (runnel_stream_status_update_shown), self,
                           G_CONNECT_SWAPPED);
  runnel_stream_status_update_shown (self);
}

/* the request's expectations, whose results the status bar sums up */
void
runnel_stream_status_set_expectations (RunnelStreamStatus *self,
                                       RunnelExpectations *expectations)
{
  g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));
  g_return_if_fail (expectations == NULL || RUNNEL_IS_EXPECTATIONS (expectations));

  g_set_object (&self->expectations, expectations);
  runnel_stream_status_update_expectations (self);
}

#define DEFINE_FLAG_SETTER(name, NAME, update)                                \
  void                                                                        \
  runnel_stream_status_set_##name (RunnelStreamStatus *self,                  \
                                   gboolean            name)                  \
  {                                                                           \
    g_return_if_fail (RUNNEL_IS_STREAM_STATUS (self));                        \
                                                                              \
    name = !!name;                                                            \
    if (self->name == name)                                                   \
      return;                                                                 \
                                                                              \
    self->name = name;                                                        \
    update (self);                                                            \
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_##NAME]);      \
  }

DEFINE_FLAG_SETTER (paused, PAUSED, runnel_stream_status_update_load)
DEFINE_FLAG_SETTER (narrow, NARROW, runnel_stream_status_update)
DEFINE_FLAG_SETTER (read_only, READ_ONLY, runnel_stream_status_update)

#undef DEFINE_FLAG_SETTER

static void
runnel_stream_status_dispose (GObject *object)
{
  RunnelStreamStatus *self = RUNNEL_STREAM_STATUS (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_clear_object (&self->client);
  g_clear_object (&self->log);
  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->expectations);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_STREAM_STATUS);

  G_OBJECT_CLASS (runnel_stream_status_parent_class)->dispose (object);
}

static void
runnel_stream_status_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RunnelStreamStatus *self = RUNNEL_STREAM_STATUS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      g_value_set_object (value, self->client);
      break;

    case PROP_LOG:
      g_value_set_object (value, self->log);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_stream_status_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RunnelStreamStatus *self = RUNNEL_STREAM_STATUS (object);

  switch (prop_id)
    {
    case PROP_CLIENT:
      runnel_stream_status_set_client (self, g_value_get_object (value));
      break;

    case PROP_LOG:
      runnel_stream_status_set_log (self, g_value_get_object (value));
      break;

    case PROP_PAUSED:
      runnel_stream_status_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_NARROW:
      runnel_stream_status_set_narrow (self, g_value_get_boolean (value));
      break;

    case PROP_READ_ONLY:
      runnel_stream_status_set_read_only (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_stream_status_class_init (RunnelStreamStatusClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_stream_status_dispose;
  object_class->get_property = runnel_stream_status_get_property;
  object_class->set_property = runnel_stream_status_set_property;

  properties[PROP_CLIENT] =
    g_param_spec_object ("client", NULL, NULL, RUNNEL_TYPE_SSE_CLIENT,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_LOG] =
    g_param_spec_object ("log", NULL, NULL, RUNNEL_TYPE_EVENT_LOG,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUNNEL_TYPE_RATE_PLOT);
  g_type_ensure (RUNNEL_TYPE_STATUS_BAR);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-stream-status.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelStreamStatus, name)
  BIND (status_bar);
  BIND (failure_revealer);
  BIND (failure_bar);
  BIND (failure_icon);
  BIND (failure_label);
  BIND (show_response_button);
  BIND (response_button);
  BIND (state_dot);
  BIND (state_label);
  BIND (retry_label);
  BIND (held_label);
  BIND (dropped_label);
  BIND (shown_label);
  BIND (stats_label);
  BIND (expectations_button);
  BIND (expectations_label);
  BIND (timing_badge);
  BIND (timing_badge_label);
  BIND (rate_plot);
#undef BIND
}

static void
runnel_stream_status_init (RunnelStreamStatus *self)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* a server's words (JSON, identifiers) wrap by character, never with a hyphen Pango adds */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (GTK_LABEL (self->failure_label), attrs);
  pango_attr_list_unref (attrs);

  self->state = RUNNEL_SSE_CLIENT_STATE_IDLE;
  gtk_widget_add_css_class (self->state_dot, state_classes[self->state]);
  runnel_stream_status_update (self);
}
