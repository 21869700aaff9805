/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page.c: one stream: request, live event list, detail, status */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <inttypes.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-filter-bar.h"
#include "runnel-filtered-log.h"
#include "runnel-format.h"
#include "runnel-header-row.h"
#include "runnel-json-path-bar.h"
#include "runnel-rate-plot.h"
#include "runnel-raw-view.h"
#include "runnel-settings.h"
#include "runnel-stream-page.h"
#include "runnel-utf8.h"
#include "runnel-widget-util.h"

#define TICK_INTERVAL_MS 200
/* a scroll within this time of user input is the user's, not the list growing */
#define USER_SCROLL_WINDOW_US (400 * 1000)
/* when there is no GSettings schema (running uninstalled) */
#define RETENTION 100000
#define DETAIL_MAX_BYTES (256 * 1024)

struct _RunnelStreamPage
{
  GtkWidget           parent_instance;

  /* Template widgets */
  GtkDropDown        *method_dropdown;
  GtkEntry           *url_entry;
  GtkMenuButton      *suggestions_button;
  GtkMenuButton      *options_button;
  GtkButton          *connect_button;
  GtkButton          *run_live_button;
  GtkLabel           *request_error_label;
  GtkExpander        *request_expander;
  GtkListBox         *header_list;
  GtkWidget          *body_box;
  GtkTextView        *body_view;
  GtkPaned           *paned;
  GtkSearchEntry     *filter_entry;
  GtkScrolledWindow  *list_scroller;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *size_column;
  GtkSingleSelection *selection;
  GtkWidget          *list_placeholder;
  GtkWidget          *new_events_button;
  AdwButtonContent   *new_events_content;
  GtkStack           *detail_stack;
  GtkLabel           *detail_title;
  GtkLabel           *detail_type;
  GtkLabel           *detail_id;
  GtkLabel           *detail_time;
  GtkLabel           *detail_size;
  GtkLabel           *detail_since;
  GtkTextView        *detail_text;
  GtkRevealer        *failure_revealer;
  GtkWidget          *failure_bar;
  GtkImage           *failure_icon;
  GtkLabel           *failure_label;
  GtkWidget          *state_dot;
  GtkLabel           *state_label;
  GtkLabel           *retry_label;
  GtkLabel           *stats_label;
  GtkSwitch          *reconnect_on_end_switch;
  GtkSpinButton      *retry_delay_spin;
  GtkSpinButton      *retry_limit_spin;
  GtkSpinButton      *read_timeout_spin;
  GtkEntry           *fatal_types_entry;
  GtkEntry           *last_event_id_entry;
  GtkSwitch          *insecure_switch;
  GtkSwitch          *insecure_redirect_switch;
  RunnelFilterBar    *filter_bar;
  GtkBox             *filter_row;
  GtkBox             *narrow_filter_row;
  GtkColumnViewColumn *time_column;
  GtkWidget          *list_box;
  GtkWidget          *list_overlay;
  RunnelRawView      *raw_view;
  GtkWidget          *back_button;
  GtkLabel           *held_label;
  GtkLabel           *dropped_label;
  RunnelJsonPathBar  *json_path_bar;
  RunnelRatePlot     *rate_plot;

  /* Owned */
  RunnelEventLog     *log;
  RunnelFilteredLog  *shown;        /* the log through the filter: the list's model */
  RunnelSseClient    *client;
  GSettings          *settings;
  char               *title;
  guint               tick_id;
  guint               scroll_id;    /* a scroll to the end after the list's allocation */

  GtkColumnViewColumn *columns[3];  /* time, id, size: out of the view when narrow */

  /* Borrowed (from filter_bar) */
  RunnelEventFilter  *filter;

  gboolean            shown_changing;  /* within the shown model's items-changed */
  gboolean            paused;
  gboolean            read_only;    /* an imported capture: nothing to connect to */
  gboolean            show_raw;
  gboolean            detail_open;  /* narrow: the detail is shown instead of the list */

  RunnelSseClientState state;
  gboolean            narrow;

  /* following the end of the list */
  gboolean            follow;
  gboolean            dragging;
  gint64              user_input_until;
  guint               n_new;

  /* events per second, sampled about once a second */
  guint64             rate_events;
  gint64              rate_time;
  double              rate;
};

enum {
  PROP_0,
  PROP_TITLE,
  PROP_URL,
  PROP_STATE,
  PROP_PAUSED,
  PROP_SHOW_RAW,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelStreamPage, runnel_stream_page, GTK_TYPE_WIDGET)

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

static const char *
runnel_stream_page_get_method (RunnelStreamPage *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->method_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : "GET";
}

static gboolean
method_takes_body (const char *method)
{
  return g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "DELETE") != 0;
}

/* List item closures (used by the column factories in the template) */

/*
 * List cells: inscriptions (runnel_list_cell_new), set from the row's event at bind. GTK 4.8
 * keeps ~200 rows around the list's anchor and builds or rebinds them whenever a filter changes
 * the rows there: plain C here, without a builder template per cell and an expression watch per
 * property, took the longest frame of going back from 100 rows to 100,000 from 72-121 ms to
 * 55-62 ms (bench/ui-filter).
 */

static void
runnel_stream_page_setup_number_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item)
{
  runnel_list_cell_new (item, 1, "numeric", "dim-label");
}

static void
runnel_stream_page_setup_time_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item)
{
  runnel_list_cell_new (item, 0, "numeric", NULL);
}

static void
runnel_stream_page_setup_text_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item)
{
  runnel_list_cell_new (item, 0, NULL, NULL);
}

static void
runnel_stream_page_setup_data_cell (GtkSignalListItemFactory *factory,
                                    GtkListItem              *item)
{
  gtk_inscription_set_min_chars (runnel_list_cell_new (item, 0, "monospace", NULL), 12);
}

static RunnelSseEvent *
cell_event (GtkListItem *item)
{
  return runnel_event_item_get_event (gtk_list_item_get_item (item));
}

static void
cell_set_text (GtkListItem *item,
               const char  *text)
{
  gtk_inscription_set_text (GTK_INSCRIPTION (gtk_list_item_get_child (item)), text);
}

static void
runnel_stream_page_bind_sequence_cell (GtkSignalListItemFactory *factory,
                                       GtkListItem              *item)
{
  char text[24];

  g_snprintf (text, sizeof text, "%" G_GUINT64_FORMAT,
              runnel_sse_event_get_sequence (cell_event (item)));
  cell_set_text (item, text);
}

static void
runnel_stream_page_bind_time_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  gint64 real_time = runnel_sse_event_get_real_time (cell_event (item));
  g_autofree char *text = runnel_format_time_ms (real_time);

  cell_set_text (item, text);
}

static void
runnel_stream_page_bind_type_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  cell_set_text (item, runnel_sse_event_get_event_type (cell_event (item)));
}

static void
runnel_stream_page_bind_id_cell (GtkSignalListItemFactory *factory,
                                 GtkListItem              *item)
{
  cell_set_text (item, runnel_sse_event_get_id (cell_event (item)));
}

static void
runnel_stream_page_bind_size_cell (GtkSignalListItemFactory *factory,
                                   GtkListItem              *item)
{
  g_autofree char *text = g_format_size (runnel_sse_event_get_wire_size (cell_event (item)));

  cell_set_text (item, text);
}

static void
runnel_stream_page_bind_preview_cell (GtkSignalListItemFactory *factory,
                                      GtkListItem              *item)
{
  cell_set_text (item, runnel_event_item_get_preview (gtk_list_item_get_item (item)));
}

/* Request errors, shown on the field */

static void
runnel_stream_page_show_request_error (RunnelStreamPage *self,
                                       GtkWidget        *field,
                                       const char       *message)
{
  if (field != NULL)
    {
      runnel_widget_set_error (field, message);
      gtk_widget_grab_focus (field);
    }

  gtk_label_set_text (self->request_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->request_error_label), message != NULL);
}

static void
runnel_stream_page_update_title (RunnelStreamPage *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
  g_autofree char *title = runnel_format_url_title (url);

  if (title == NULL)
    title = g_strdup (_("New Stream"));

  if (g_strcmp0 (title, self->title) == 0)
    return;

  g_free (self->title);
  self->title = g_steal_pointer (&title);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE]);
}

static void
runnel_stream_page_url_changed (RunnelStreamPage *self)
{
  runnel_widget_set_error (GTK_WIDGET (self->url_entry), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->request_error_label), FALSE);
  runnel_stream_page_update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
runnel_stream_page_url_activated (RunnelStreamPage *self)
{
  runnel_stream_page_connect (self);
}

static void
runnel_stream_page_method_changed (RunnelStreamPage *self)
{
  const char *method = runnel_stream_page_get_method (self);

  gtk_widget_set_visible (self->body_box, method_takes_body (method));
  /* EventSource reconnects after a clean end; fetch-style requests do not (a finished
   * LLM reply must not be requested twice) */
  gtk_switch_set_active (self->reconnect_on_end_switch, g_strcmp0 (method, "GET") == 0);
}

/* Options popover */

static int
runnel_stream_page_retry_limit_input (GtkSpinButton *spin,
                                      double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  gint64 parsed;

  if (g_strcmp0 (text, _("Unlimited")) == 0 || *text == '\0')
    {
      *value = -1;
      return TRUE;
    }

  parsed = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return GTK_INPUT_ERROR;

  *value = parsed;
  return TRUE;
}

static gboolean
runnel_stream_page_retry_limit_output (GtkSpinButton *spin)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = NULL;

  text = value < 0 ? g_strdup (_("Unlimited")) : g_strdup_printf ("%d", value);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}

/* Building the request from the fields */

/**
 * runnel_stream_page_build_request:
 *
 * Returns: (transfer full) (nullable): the request the fields describe, or NULL when one is not
 *   valid (the error is then shown on the field)
 */
RunnelRequest *
runnel_stream_page_build_request (RunnelStreamPage *self)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry)));
  g_auto(GStrv) fatal_types = NULL;
  const char *method = runnel_stream_page_get_method (self);
  const char *last_event_id;

  g_strstrip (url);
  if (*url == '\0')
    {
      runnel_stream_page_show_request_error (self, GTK_WIDGET (self->url_entry),
                                             _("Enter the URL of an event stream"));
      return NULL;
    }

  if (!runnel_request_check_url (url, &error))
    {
      runnel_stream_page_show_request_error (self, GTK_WIDGET (self->url_entry), error->message);
      return NULL;
    }

  request = runnel_request_new (url);
  runnel_request_set_method (request, method);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->header_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      RunnelHeaderRow *row;

      if (!RUNNEL_IS_HEADER_ROW (child))
        continue;

      row = RUNNEL_HEADER_ROW (child);
      if (runnel_header_row_is_blank (row))
        continue;

      if (!runnel_header_row_check (row))
        {
          gtk_expander_set_expanded (self->request_expander, TRUE);
          runnel_stream_page_show_request_error (self, NULL,
                                                 gtk_widget_get_tooltip_text (child) != NULL
                                                   ? gtk_widget_get_tooltip_text (child)
                                                   : _("A header is not valid"));
          return NULL;
        }

      runnel_request_append_header (request,
                                    runnel_header_row_get_name (row),
                                    runnel_header_row_get_value (row),
                                    runnel_header_row_get_enabled (row));
      if (runnel_header_row_get_value_missing (row))
        runnel_request_set_header_value_missing (request,
                                                 runnel_request_get_n_headers (request) - 1,
                                                 TRUE);
    }

  if (method_takes_body (method))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
      GtkTextIter start, end;
      g_autofree char *body = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (*body != '\0')
        runnel_request_set_body_text (request, body);
    }

  runnel_request_set_reconnect_on_end (request,
                                       gtk_switch_get_active (self->reconnect_on_end_switch));
  runnel_request_set_retry_delay (request,
                                  gtk_spin_button_get_value_as_int (self->retry_delay_spin));
  if (self->settings != NULL)
    runnel_request_set_backoff_cap (request, g_settings_get_uint (self->settings, "backoff-cap"));
  runnel_request_set_max_retries (request,
                                  gtk_spin_button_get_value_as_int (self->retry_limit_spin));
  runnel_request_set_read_timeout (request, 1000 * (guint)
                                   gtk_spin_button_get_value_as_int (self->read_timeout_spin));
  runnel_request_set_accept_invalid_certificates (request,
                                                  gtk_switch_get_active (self->insecure_switch));
  runnel_request_set_allow_insecure_redirect (
    request, gtk_switch_get_active (self->insecure_redirect_switch));

  last_event_id = gtk_editable_get_text (GTK_EDITABLE (self->last_event_id_entry));
  if (*last_event_id != '\0')
    runnel_request_set_last_event_id (request, last_event_id);

  fatal_types = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->fatal_types_entry)),
                                ", ", -1);
  for (guint i = 0; fatal_types[i] != NULL; i++)
    if (*fatal_types[i] != '\0')
      runnel_request_add_fatal_event_type (request, fatal_types[i]);

  if (!runnel_request_validate (request, &error))
    {
      runnel_stream_page_show_request_error (self, NULL, error->message);
      return NULL;
    }

  runnel_stream_page_show_request_error (self, NULL, NULL);

  return g_steal_pointer (&request);
}

/* Status area */

/* labels change only when their text does: the status is refreshed several times a second */
static void
set_label (GtkLabel   *label,
           const char *text)
{
  if (g_strcmp0 (gtk_label_get_text (label), text != NULL ? text : "") != 0)
    gtk_label_set_text (label, text != NULL ? text : "");
}


static char *
runnel_stream_page_format_stats (RunnelStreamPage *self)
{
  guint reconnects = runnel_sse_client_get_reconnect_count (self->client);
  guint64 events = runnel_sse_client_get_events_received (self->client);
  g_autofree char *bytes = g_format_size (runnel_sse_client_get_bytes_received (self->client));
  g_autofree char *reconnects_text = NULL;
  g_autofree char *events_text = NULL;

  reconnects_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u reconnect", "%u reconnects",
                                                  reconnects),
                                     reconnects);
  events_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                              "%" PRIu64 " event",
                                              "%" PRIu64 " events",
                                              events),
                                 events);

  if (self->narrow)
    /* TRANSLATORS: events and events per second in a narrow status bar */
    return g_strdup_printf (_("%s · %.1f/s"), events_text, self->rate);

  /* TRANSLATORS: reconnects, bytes, events and events per second in the status bar */
  return g_strdup_printf (_("%s · %s · %s · %.1f/s"),
                          reconnects_text, bytes, events_text, self->rate);
}

static void
runnel_stream_page_update_rate (RunnelStreamPage *self)
{
  gint64 now = g_get_monotonic_time ();
  guint64 events = runnel_sse_client_get_events_received (self->client);

  if (self->state != RUNNEL_SSE_CLIENT_STATE_OPEN)
    {
      self->rate = 0;
      self->rate_time = now;
      self->rate_events = events;
      return;
    }

  if (now - self->rate_time < G_USEC_PER_SEC)
    return;

  self->rate = (events - self->rate_events) * (double) G_USEC_PER_SEC / (now - self->rate_time);
  self->rate_time = now;
  self->rate_events = events;
}

static void
runnel_stream_page_update_countdown (RunnelStreamPage *self)
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

static gboolean runnel_stream_page_tick               (gpointer          user_data);
static void     runnel_stream_page_update_placeholder (RunnelStreamPage *self);
static void     runnel_stream_page_update_load_status (RunnelStreamPage *self);
static void     runnel_stream_page_update_detail_layout (RunnelStreamPage *self);

/* what changes while the stream runs: counts, rate, countdown */
static void
runnel_stream_page_update_stats (RunnelStreamPage *self)
{
  g_autofree char *stats = NULL;

  if (self->client != NULL)
    {
      runnel_stream_page_update_rate (self);
      stats = runnel_stream_page_format_stats (self);
    }
  set_label (self->stats_label, stats);

  /* fed a few times a second, redrawn once a second; no room for it in narrow windows */
  if (self->client != NULL)
    runnel_rate_plot_update (self->rate_plot, runnel_sse_client_get_events_received (self->client));
  gtk_widget_set_visible (GTK_WIDGET (self->rate_plot), !self->narrow);

  runnel_stream_page_update_countdown (self);
  runnel_stream_page_update_load_status (self);
}

/* what changes with the state: indicator, words, failure bar, button; then the stats */
static void
runnel_stream_page_update_status (RunnelStreamPage *self)
{
  RunnelSseClientState state = RUNNEL_SSE_CLIENT_STATE_IDLE;
  guint http_status = 0;
  g_autofree char *state_text = NULL;
  g_autofree char *failure = NULL;
  gboolean active;

  if (self->client != NULL)
    {
      state = runnel_sse_client_get_state (self->client);
      http_status = runnel_sse_client_get_http_status (self->client);
      failure = runnel_format_failure (state,
                                       runnel_sse_client_get_last_error (self->client),
                                       http_status,
                                       runnel_sse_client_get_content_type (self->client));
    }

  active = state_is_active (state);

  if (state != self->state)
    {
      gtk_widget_remove_css_class (self->state_dot, state_classes[self->state]);
      self->state = state;
      gtk_widget_add_css_class (self->state_dot, state_classes[state]);
      runnel_stream_page_update_placeholder (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }

  state_text = runnel_format_state (state, http_status);
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

  /* narrow windows keep the URL readable: the button shows an icon only */
  if (self->narrow)
    gtk_button_set_icon_name (self->connect_button,
                              active ? "media-playback-stop-symbolic"
                                     : "media-playback-start-symbolic");
  else
    gtk_button_set_label (self->connect_button, active ? _("Disconnect") : _("Connect"));
  /* the icon alone says nothing to a screen reader */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connect_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  active ? _("Disconnect") : _("Connect"), -1);
  if (active)
    gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->connect_button), "suggested-action");

  runnel_stream_page_update_stats (self);

  if (active && self->tick_id == 0)
    self->tick_id = g_timeout_add (TICK_INTERVAL_MS, runnel_stream_page_tick, self);
  else if (!active)
    g_clear_handle_id (&self->tick_id, g_source_remove);
}

static gboolean
runnel_stream_page_tick (gpointer user_data)
{
  RunnelStreamPage *self = user_data;

  if (!state_is_active (self->state))
    {
      self->tick_id = 0;
      runnel_stream_page_update_status (self);
      return G_SOURCE_REMOVE;
    }

  runnel_stream_page_update_stats (self);

  return G_SOURCE_CONTINUE;
}

static void
runnel_stream_page_client_state_changed (RunnelStreamPage *self)
{
  runnel_stream_page_update_status (self);
}

/* Detail of the selected event */

/* the event before @event in the stream (the log is in sequence order), or NULL */
static RunnelSseEvent *
runnel_stream_page_find_previous (RunnelStreamPage *self,
                                  RunnelSseEvent   *event)
{
  guint64 sequence = runnel_sse_event_get_sequence (event);
  guint lo = 0;
  guint hi = g_list_model_get_n_items (G_LIST_MODEL (self->log));

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (runnel_sse_event_get_sequence (runnel_event_log_peek (self->log, mid)) < sequence)
        lo = mid + 1;
      else
        hi = mid;
    }

  if (lo == 0 || lo > g_list_model_get_n_items (G_LIST_MODEL (self->log)))
    return NULL;

  return runnel_event_log_peek (self->log, lo - 1);
}

/* the data for the detail view: pretty JSON, or the first DETAIL_MAX_BYTES of a huge event
 * (a text view with megabytes of text would stall the window; Copy still copies it all) */
static char *
runnel_stream_page_format_detail (RunnelSseEvent *event)
{
  gsize len = 0;
  const char *data = runnel_sse_event_get_data (event, &len);
  g_autofree char *head = NULL;
  g_autofree char *size = NULL;
  const char *end;

  if (len <= DETAIL_MAX_BYTES)
    return runnel_format_data (data, len, NULL);

  /* cut on a character boundary: the data is valid UTF-8 */
  end = g_utf8_find_prev_char (data, data + DETAIL_MAX_BYTES + 1);
  head = runnel_format_data (data, end - data, NULL);
  size = g_format_size (len);

  /* TRANSLATORS: after the first part of a huge event's data; %s is its whole size */
  return g_strdup_printf (_("%s\n\n… (only the beginning is shown of this %s event; "
                            "Copy copies all of it)"),
                          head, size);
}

static RunnelSseEvent *
runnel_stream_page_get_selected_event (RunnelStreamPage *self)
{
  RunnelEventItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? runnel_event_item_get_event (item) : NULL;
}

static void
runnel_stream_page_show_event (RunnelStreamPage *self,
                               RunnelSseEvent   *event)
{
  RunnelSseEvent *previous;
  g_autofree char *title = NULL;
  g_autofree char *time = NULL;
  g_autofree char *size = NULL;
  g_autofree char *since = NULL;
  g_autofree char *data = NULL;
  const char *id;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.copy-event", event != NULL);
  runnel_raw_view_set_selected (self->raw_view,
                                event != NULL ? runnel_sse_event_get_sequence (event) : 0);

  if (event == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }

  /* TRANSLATORS: the detail's title, %<PRIu64> is the event's sequence number */
  title = g_strdup_printf (_("Event %" PRIu64), runnel_sse_event_get_sequence (event));
  gtk_label_set_text (self->detail_title, title);
  gtk_label_set_text (self->detail_type, runnel_sse_event_get_event_type (event));

  id = runnel_sse_event_get_id (event);
  gtk_label_set_text (self->detail_id, *id != '\0' ? id : _("None"));
  if (*id != '\0')
    gtk_widget_remove_css_class (GTK_WIDGET (self->detail_id), "dim-label");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->detail_id), "dim-label");

  time = runnel_format_time_ms (runnel_sse_event_get_real_time (event));
  gtk_label_set_text (self->detail_time, time);

  size = g_format_size_full (runnel_sse_event_get_wire_size (event), G_FORMAT_SIZE_LONG_FORMAT);
  gtk_label_set_text (self->detail_size, size);

  previous = runnel_stream_page_find_previous (self, event);
  if (previous != NULL)
    since = runnel_format_duration (runnel_sse_event_get_monotonic_time (event) -
                                    runnel_sse_event_get_monotonic_time (previous));
  gtk_label_set_text (self->detail_since, since != NULL ? since : _("First event"));

  data = runnel_stream_page_format_detail (event);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_text), data, -1);

  gtk_stack_set_visible_child_name (self->detail_stack, "event");
}

static void
runnel_stream_page_selection_changed (RunnelStreamPage *self)
{
  RunnelSseEvent *event = runnel_stream_page_get_selected_event (self);

  /* an event the filter hides stays wanted: it is selected again when a filter shows it */
  if (event == NULL && self->shown_changing)
    return;

  runnel_filtered_log_set_wanted (self->shown, event);

  runnel_stream_page_show_event (self, event);
}

/* Following the end of the list */

static void
runnel_stream_page_update_new_events (RunnelStreamPage *self)
{
  g_autofree char *label = NULL;

  gtk_widget_set_visible (self->new_events_button, !self->follow && self->n_new > 0);
  if (self->n_new == 0)
    return;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new event", "%u new events",
                                        self->n_new),
                           self->n_new);
  adw_button_content_set_label (self->new_events_content, label);
}

static void
runnel_stream_page_scroll_to_end_now (RunnelStreamPage *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static void
runnel_stream_page_set_follow (RunnelStreamPage *self,
                               gboolean          follow)
{
  self->follow = follow;
  runnel_filtered_log_set_follow_end (self->shown, follow);
  if (follow)
    self->n_new = 0;
  runnel_stream_page_update_new_events (self);
}

static gboolean
adjustment_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 4;
}

static void
runnel_stream_page_value_changed (RunnelStreamPage *self,
                                  GtkAdjustment    *adjustment)
{
  gboolean user = self->dragging || g_get_monotonic_time () < self->user_input_until;

  /* only the user's scrolling stops following; the list growing or shrinking does not */
  if (adjustment_at_end (adjustment))
    {
      if (!self->follow)
        runnel_stream_page_set_follow (self, TRUE);
    }
  else if (user && self->follow)
    runnel_stream_page_set_follow (self, FALSE);
}

static gboolean
runnel_stream_page_scroll_to_end_cb (gpointer user_data)
{
  RunnelStreamPage *self = user_data;

  self->scroll_id = 0;
  if (self->follow)
    runnel_stream_page_scroll_to_end_now (self);

  return G_SOURCE_REMOVE;
}

/*
 * The list grew or its view changed size. Its extent changes while GTK allocates the list, and a
 * value set then is what the adjustment says but not what GTK 4.8's list shows (it lays out
 * from its own anchor): scroll once the allocation is over, before the next frame is drawn.
 */
static void
runnel_stream_page_extent_changed (RunnelStreamPage *self)
{
  if (self->follow && self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, runnel_stream_page_scroll_to_end_cb,
                                       self, NULL);
}

static void
runnel_stream_page_note_user_input (RunnelStreamPage *self)
{
  self->user_input_until = g_get_monotonic_time () + USER_SCROLL_WINDOW_US;
}

static gboolean
runnel_stream_page_scroll_event (RunnelStreamPage *self)
{
  runnel_stream_page_note_user_input (self);
  return FALSE;
}

static gboolean
runnel_stream_page_key_event (RunnelStreamPage *self)
{
  runnel_stream_page_note_user_input (self);
  return FALSE;
}

static void
runnel_stream_page_drag_begin (RunnelStreamPage *self)
{
  self->dragging = TRUE;
}

static void
runnel_stream_page_drag_end (RunnelStreamPage *self)
{
  self->dragging = FALSE;
  runnel_stream_page_note_user_input (self);
}

static void
runnel_stream_page_update_placeholder (RunnelStreamPage *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->shown)) == 0;

  gtk_widget_set_visible (self->list_placeholder, empty);
  if (!empty)
    return;

  if (runnel_event_filter_is_active (self->filter))
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events match the filter"));
  else if (self->state == RUNNEL_SSE_CLIENT_STATE_FAILED ||
           self->state == RUNNEL_SSE_CLIENT_STATE_CLOSED)
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events"));
  else
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events yet"));
}

/* connected before the selection model, so that it runs first */
static void
runnel_stream_page_shown_changing (RunnelStreamPage *self)
{
  self->shown_changing = TRUE;
}

static void
runnel_stream_page_items_changed (RunnelStreamPage *self,
                                  guint             position,
                                  guint             removed,
                                  guint             added)
{
  self->shown_changing = FALSE;
  if (removed > 0 && runnel_filtered_log_get_wanted (self->shown) != NULL &&
      runnel_stream_page_get_selected_event (self) == NULL)
    runnel_stream_page_show_event (self, NULL);

  /* a filter's new result is not new events */
  if (added > 0 && !self->follow && !runnel_filtered_log_is_replacing (self->shown))
    {
      self->n_new += added;
      runnel_stream_page_update_new_events (self);
    }

  runnel_stream_page_update_placeholder (self);
}

/* Filter */

/* shows the row at position without selecting it */
static void
runnel_stream_page_scroll_to_row (RunnelStreamPage *self,
                                  guint             position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  gtk_column_view_scroll_to (self->column_view, position, NULL, GTK_LIST_SCROLL_NONE, NULL);
#else
  /* GTK 4.8 has the action on the list inside the column view */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->column_view));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_VIEW (child))
      gtk_widget_activate_action (child, "list.scroll-to-item", "u", position);
#endif
}

/*
 * A new filter's result is about to replace the old one, and is beside it: moving the list's
 * anchor to it now lets the list reuse the old rows' widgets instead of building new ones.
 */
static void
runnel_stream_page_refiltering (RunnelStreamPage *self,
                                guint             show,
                                guint             wanted)
{
  /* the selected event is what the user looks at: it stays in view, even when following */
  if (wanted != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, wanted);
      runnel_stream_page_set_follow (self, FALSE);
    }
  runnel_stream_page_scroll_to_row (self, show);
}

/* the result of a new filter is shown; if it only added rows, the selected event may be back */
static void
runnel_stream_page_refiltered (RunnelStreamPage *self)
{
  guint position = runnel_filtered_log_find (self->shown,
                                             runnel_filtered_log_get_wanted (self->shown));

  /* what "N new events" counted was below the old result's view */
  self->n_new = 0;
  runnel_stream_page_update_new_events (self);

  if (position == GTK_INVALID_LIST_POSITION ||
      gtk_single_selection_get_selected (self->selection) == position)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  runnel_stream_page_set_follow (self, FALSE);
  runnel_stream_page_scroll_to_row (self, position);
}

static void
runnel_stream_page_filter_changed (RunnelStreamPage *self)
{
  runnel_event_filter_set_text (self->filter,
                                gtk_editable_get_text (GTK_EDITABLE (self->filter_entry)));
}

/* Actions */

static void
runnel_stream_page_connect_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  runnel_stream_page_connect (RUNNEL_STREAM_PAGE (widget));
}

static void
runnel_stream_page_disconnect_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  runnel_stream_page_disconnect (RUNNEL_STREAM_PAGE (widget));
}

static void
runnel_stream_page_toggle_connection_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  runnel_stream_page_toggle_connection (RUNNEL_STREAM_PAGE (widget));
}

static void
runnel_stream_page_reconnect_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);

  if (self->client == NULL)
    {
      runnel_stream_page_connect (self);
      return;
    }

  runnel_sse_client_restart (self->client);
  runnel_stream_page_update_status (self);
}

/* the expander says how many headers it holds, so that folded headers are not forgotten */
static void
runnel_stream_page_update_headers (RunnelStreamPage *self)
{
  g_autofree char *label = NULL;
  guint n_headers = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->header_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_headers++;

  gtk_widget_set_visible (GTK_WIDGET (self->header_list), n_headers > 0);

  if (n_headers == 0)
    label = g_strdup (_("Headers and Body"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Header and Body",
                                          "%u Headers and Body", n_headers),
                             n_headers);
  gtk_expander_set_label (self->request_expander, label);
}

static void
runnel_stream_page_remove_header (RunnelStreamPage *self,
                                  RunnelHeaderRow  *row)
{
  gtk_list_box_remove (self->header_list, GTK_WIDGET (row));
  runnel_stream_page_update_headers (self);
}

static void
runnel_stream_page_add_header_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);

  runnel_stream_page_add_header (self, "", "", TRUE);
  gtk_widget_child_focus (gtk_widget_get_last_child (GTK_WIDGET (self->header_list)),
                          GTK_DIR_TAB_FORWARD);
}

static void
runnel_stream_page_copy_event_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);
  RunnelSseEvent *event = runnel_stream_page_get_selected_event (self);
  const char *data;
  gsize len;

  if (event == NULL)
    return;

  data = runnel_sse_event_get_data (event, &len);
  if (memchr (data, '\0', len) == NULL)
    gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), data);
  else
    {
      /* a NUL is a character of the data, and a C string would end there: offer the bytes */
      g_autoptr(GBytes) bytes = g_bytes_new (data, len);
      g_autoptr(GdkContentProvider) provider =
        gdk_content_provider_new_for_bytes ("text/plain;charset=utf-8", bytes);

      gdk_clipboard_set_content (gtk_widget_get_clipboard (widget), provider);
    }

  gtk_widget_activate_action (widget, "win.show-toast", "s", _("Event data copied"));
}

static void
runnel_stream_page_focus_filter_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  gtk_widget_grab_focus (GTK_WIDGET (RUNNEL_STREAM_PAGE (widget)->filter_entry));
}

static void
runnel_stream_page_clear_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);

  runnel_filtered_log_set_wanted (self->shown, NULL);
  runnel_event_log_clear (self->log);
  runnel_raw_view_clear (self->raw_view);
  runnel_stream_page_set_follow (self, TRUE);
  runnel_stream_page_update_load_status (self);
}

static void
runnel_stream_page_scroll_to_end_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);

  runnel_stream_page_set_follow (self, TRUE);
  runnel_stream_page_scroll_to_end_now (self);
}

/* the description without its parenthesized asides, at most about 56 characters */
static char *
shorten_description (const char *description)
{
  g_autoptr(GString) text = g_string_new (description != NULL ? description : "");
  g_autofree char *cut = NULL;
  char *open;

  while ((open = strstr (text->str, " (")) != NULL)
    {
      char *close = strchr (open, ')');

      if (close == NULL)
        break;
      g_string_erase (text, open - text->str, close + 1 - open);
    }

  if (g_utf8_strlen (text->str, -1) <= 56)
    return g_string_free (g_steal_pointer (&text), FALSE);

  cut = g_utf8_substring (text->str, 0, 55);
  return g_strconcat (cut, "…", NULL);
}

static GMenuModel *
create_endpoints_menu (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) streams = g_menu_new ();
  g_autoptr(GMenu) faults = g_menu_new ();
  const RunnelDemoEndpoint *endpoints;
  guint n_endpoints = 0;

  endpoints = runnel_demo_server_get_endpoints (&n_endpoints);

  for (guint i = 0; i < n_endpoints && endpoints[i].path != NULL; i++)
    {
      const char *method = endpoints[i].method;
      g_autofree char *description = NULL;
      g_autofree char *target = NULL;
      g_autofree char *label = NULL;
      g_autoptr(GMenuItem) item = NULL;

      if (g_strcmp0 (endpoints[i].path, "/") == 0)
        continue;
      /* "ANY" (the echo) and none: the method the page starts with */
      if (method == NULL || g_strcmp0 (method, "ANY") == 0)
        method = "GET";

      /* the demo server marks its descriptions N_(): translate them here */
      description = shorten_description (_(endpoints[i].description));
      target = g_strdup_printf ("%s %s", method, endpoints[i].path);
      if (g_strcmp0 (method, "GET") == 0)
        label = g_strdup_printf ("%s — %s", endpoints[i].path, description);
      else
        label = g_strdup_printf ("%s %s — %s", method, endpoints[i].path, description);

      item = g_menu_item_new (label, NULL);
      g_menu_item_set_action_and_target_value (item, "win.use-endpoint",
                                               g_variant_new_string (target));
      g_menu_append_item (g_str_has_prefix (endpoints[i].path, "/fault/") ? faults : streams, item);
    }

  g_menu_append_section (menu, _("Demo Streams"), G_MENU_MODEL (streams));
  g_menu_append_section (menu, _("Failures"), G_MENU_MODEL (faults));

  return G_MENU_MODEL (g_steal_pointer (&menu));
}

/* Under load: pause, retention, raw view; the narrow layout's detail */

static void
runnel_stream_page_update_load_status (RunnelStreamPage *self)
{
  guint held = runnel_event_log_get_n_pending (self->log);
  guint64 dropped = runnel_event_log_get_n_dropped (self->log);

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

void
runnel_stream_page_set_paused (RunnelStreamPage *self,
                               gboolean          paused)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  paused = !!paused;
  if (self->paused == paused)
    return;

  /* the log keeps recording; it only stops publishing (and Resume publishes all at once) */
  self->paused = paused;
  runnel_event_log_set_held (self->log, paused);
  runnel_raw_view_set_frozen (self->raw_view, paused);
  runnel_stream_page_update_load_status (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PAUSED]);
}

gboolean
runnel_stream_page_get_paused (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->paused;
}

void
runnel_stream_page_set_show_raw (RunnelStreamPage *self,
                                 gboolean          show_raw)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  show_raw = !!show_raw;
  if (self->show_raw == show_raw)
    return;

  self->show_raw = show_raw;
  gtk_widget_set_visible (self->list_overlay, !show_raw);
  gtk_widget_set_visible (GTK_WIDGET (self->raw_view), show_raw);
  /* in a narrow window the raw view takes the place of the list, not of the detail */
  if (show_raw && self->detail_open)
    runnel_stream_page_set_detail_open (self, FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_RAW]);
}

gboolean
runnel_stream_page_get_show_raw (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->show_raw;
}

/*
 * 360 pixels leave room for #, type and data (the detail has the rest). The other columns are
 * taken out of the view, not hidden: GTK 4.8 still counted hidden columns in the list's width,
 * so that the data column stayed at its minimum and the list scrolled sideways.
 */
static void
runnel_stream_page_update_columns (RunnelStreamPage *self)
{
  GtkColumnViewColumn *wide_only[] = { self->time_column, self->id_column, self->size_column };
  const guint positions[] = { 1, 3, 4 };

  for (guint i = 0; i < G_N_ELEMENTS (wide_only); i++)
    {
      gboolean shown = gtk_column_view_column_get_column_view (wide_only[i]) != NULL;

      if (self->narrow && shown)
        gtk_column_view_remove_column (self->column_view, wide_only[i]);
      else if (!self->narrow && !shown)
        gtk_column_view_insert_column (self->column_view, positions[i], wide_only[i]);
    }
}

/* narrow windows show the list or the detail, wide ones both; the filter bar gets its own row */
static void
runnel_stream_page_update_detail_layout (RunnelStreamPage *self)
{
  gboolean detail_only = self->narrow && self->detail_open;
  GtkBox *filter_parent = self->narrow ? self->narrow_filter_row : self->filter_row;

  if (gtk_widget_get_parent (GTK_WIDGET (self->filter_bar)) != GTK_WIDGET (filter_parent))
    {
      g_object_ref (self->filter_bar);
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (self->filter_bar))),
                      GTK_WIDGET (self->filter_bar));
      if (self->narrow)
        gtk_box_append (filter_parent, GTK_WIDGET (self->filter_bar));
      else
        gtk_box_insert_child_after (filter_parent, GTK_WIDGET (self->filter_bar),
                                    GTK_WIDGET (self->filter_entry));
      g_object_unref (self->filter_bar);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->narrow_filter_row), self->narrow);
  runnel_stream_page_update_columns (self);
  /* a tap on a row opens its detail in a narrow window */
  gtk_column_view_set_single_click_activate (self->column_view, self->narrow);

  gtk_widget_set_visible (self->list_box, !detail_only);
  gtk_widget_set_visible (GTK_WIDGET (self->detail_stack), !self->narrow || self->detail_open);
  gtk_widget_set_visible (self->back_button, self->narrow);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.show-list", detail_only);
}

void
runnel_stream_page_set_detail_open (RunnelStreamPage *self,
                                    gboolean          open)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  self->detail_open = !!open;
  runnel_stream_page_update_detail_layout (self);

  if (self->narrow && open)
    gtk_widget_grab_focus (self->back_button);
  else if (self->narrow)
    gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

gboolean
runnel_stream_page_get_detail_open (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->narrow && self->detail_open;
}

static void
runnel_stream_page_row_activated (RunnelStreamPage *self,
                                  guint             position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (self->narrow)
    runnel_stream_page_set_detail_open (self, TRUE);
}

static void
runnel_stream_page_show_detail_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  runnel_stream_page_set_detail_open (RUNNEL_STREAM_PAGE (widget), TRUE);
}

static void
runnel_stream_page_show_list_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  runnel_stream_page_set_detail_open (RUNNEL_STREAM_PAGE (widget), FALSE);
}

/* GObject */

static void
runnel_stream_page_dispose (GObject *object)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->scroll_id, g_source_remove);

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      runnel_sse_client_disconnect (self->client);
      g_clear_object (&self->client);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_STREAM_PAGE);
  /* the children not bound by name are ours to unparent too */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  g_clear_object (&self->settings);
  g_clear_object (&self->shown);
  g_clear_object (&self->log);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);

  G_OBJECT_CLASS (runnel_stream_page_parent_class)->dispose (object);
}

static void
runnel_stream_page_finalize (GObject *object)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (runnel_stream_page_parent_class)->finalize (object);
}

static void
runnel_stream_page_get_property (GObject    *object,
                                 guint       prop_id,
                                 GValue     *value,
                                 GParamSpec *pspec)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, runnel_stream_page_get_title (self));
      break;

    case PROP_URL:
      g_value_set_string (value, runnel_stream_page_get_url (self));
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_PAUSED:
      g_value_set_boolean (value, self->paused);
      break;

    case PROP_SHOW_RAW:
      g_value_set_boolean (value, self->show_raw);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_stream_page_set_property (GObject      *object,
                                 guint         prop_id,
                                 const GValue *value,
                                 GParamSpec   *pspec)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  switch (prop_id)
    {
    case PROP_PAUSED:
      runnel_stream_page_set_paused (self, g_value_get_boolean (value));
      break;

    case PROP_SHOW_RAW:
      runnel_stream_page_set_show_raw (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_stream_page_class_init (RunnelStreamPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_stream_page_dispose;
  object_class->finalize = runnel_stream_page_finalize;
  object_class->get_property = runnel_stream_page_get_property;
  object_class->set_property = runnel_stream_page_set_property;

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       RUNNEL_TYPE_SSE_CLIENT_STATE, RUNNEL_SSE_CLIENT_STATE_IDLE,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_PAUSED] =
    g_param_spec_boolean ("paused", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_SHOW_RAW] =
    g_param_spec_boolean ("show-raw", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUNNEL_TYPE_EVENT_ITEM);
  g_type_ensure (RUNNEL_TYPE_FILTER_BAR);
  g_type_ensure (RUNNEL_TYPE_RAW_VIEW);
  g_type_ensure (RUNNEL_TYPE_JSON_PATH_BAR);
  g_type_ensure (RUNNEL_TYPE_RATE_PLOT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-stream-page.ui");
  gtk_widget_class_set_css_name (widget_class, "streampage");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelStreamPage, name)
  BIND (method_dropdown);
  BIND (url_entry);
  BIND (suggestions_button);
  BIND (options_button);
  BIND (connect_button);
  BIND (run_live_button);
  BIND (request_error_label);
  BIND (request_expander);
  BIND (header_list);
  BIND (body_box);
  BIND (body_view);
  BIND (paned);
  BIND (filter_entry);
  BIND (list_scroller);
  BIND (column_view);
  BIND (id_column);
  BIND (size_column);
  BIND (selection);
  BIND (list_placeholder);
  BIND (new_events_button);
  BIND (new_events_content);
  BIND (detail_stack);
  BIND (detail_title);
  BIND (detail_type);
  BIND (detail_id);
  BIND (detail_time);
  BIND (detail_size);
  BIND (detail_since);
  BIND (detail_text);
  BIND (failure_revealer);
  BIND (failure_bar);
  BIND (failure_icon);
  BIND (failure_label);
  BIND (state_dot);
  BIND (state_label);
  BIND (retry_label);
  BIND (stats_label);
  BIND (reconnect_on_end_switch);
  BIND (retry_delay_spin);
  BIND (retry_limit_spin);
  BIND (read_timeout_spin);
  BIND (fatal_types_entry);
  BIND (last_event_id_entry);
  BIND (insecure_switch);
  BIND (insecure_redirect_switch);
  BIND (filter_bar);
  BIND (filter_row);
  BIND (narrow_filter_row);
  BIND (time_column);
  BIND (list_box);
  BIND (list_overlay);
  BIND (raw_view);
  BIND (back_button);
  BIND (held_label);
  BIND (dropped_label);
  BIND (json_path_bar);
  BIND (rate_plot);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_method_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_url_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_selection_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_retry_limit_input);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_retry_limit_output);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_setup_number_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_setup_time_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_setup_text_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_setup_data_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_sequence_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_time_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_type_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_id_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_size_cell);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_bind_preview_cell);

  gtk_widget_class_install_action (widget_class, "stream.connect", NULL,
                                   runnel_stream_page_connect_action);
  gtk_widget_class_install_action (widget_class, "stream.disconnect", NULL,
                                   runnel_stream_page_disconnect_action);
  gtk_widget_class_install_action (widget_class, "stream.toggle-connection", NULL,
                                   runnel_stream_page_toggle_connection_action);
  gtk_widget_class_install_action (widget_class, "stream.reconnect", NULL,
                                   runnel_stream_page_reconnect_action);
  gtk_widget_class_install_action (widget_class, "stream.add-header", NULL,
                                   runnel_stream_page_add_header_action);
  gtk_widget_class_install_action (widget_class, "stream.copy-event", NULL,
                                   runnel_stream_page_copy_event_action);
  gtk_widget_class_install_action (widget_class, "stream.clear", NULL,
                                   runnel_stream_page_clear_action);
  gtk_widget_class_install_action (widget_class, "stream.focus-filter", NULL,
                                   runnel_stream_page_focus_filter_action);
  gtk_widget_class_install_action (widget_class, "stream.scroll-to-end", NULL,
                                   runnel_stream_page_scroll_to_end_action);
  gtk_widget_class_install_property_action (widget_class, "stream.pause", "paused");
  gtk_widget_class_install_property_action (widget_class, "stream.show-raw", "show-raw");
  gtk_widget_class_install_action (widget_class, "stream.show-detail", NULL,
                                   runnel_stream_page_show_detail_action);
  gtk_widget_class_install_action (widget_class, "stream.show-list", NULL,
                                   runnel_stream_page_show_list_action);
}

static void
runnel_stream_page_init (RunnelStreamPage *self)
{
  g_autoptr(GMenuModel) endpoints = NULL;
  GtkAdjustment *adjustment;
  GtkEventController *controller;
  GtkGesture *drag;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  self->state = RUNNEL_SSE_CLIENT_STATE_IDLE;
  gtk_widget_add_css_class (self->state_dot, state_classes[self->state]);

  self->log = runnel_event_log_new (RETENTION);
  self->columns[0] = g_object_ref (self->time_column);
  self->columns[1] = g_object_ref (self->id_column);
  self->columns[2] = g_object_ref (self->size_column);
  self->settings = runnel_settings_try_new ();
  if (self->settings != NULL)
    {
      g_settings_bind (self->settings, "retention-limit", self->log, "retention",
                       G_SETTINGS_BIND_GET);
      /* a new stream starts from the user's default retry delay; the page's own edit wins */
      g_settings_bind (self->settings, "default-retry-delay", self->retry_delay_spin, "value",
                       G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);
    }
  runnel_filter_bar_set_log (self->filter_bar, self->log);
  self->filter = runnel_filter_bar_get_filter (self->filter_bar);
  g_signal_connect_object (self->filter, "changed",
                           G_CALLBACK (runnel_stream_page_update_placeholder), self,
                           G_CONNECT_SWAPPED);
  self->shown = runnel_filtered_log_new (self->log, self->filter);
  runnel_filtered_log_set_follow_end (self->shown, self->follow);
  g_signal_connect_object (self->shown, "items-changed",
                           G_CALLBACK (runnel_stream_page_shown_changing), self,
                           G_CONNECT_SWAPPED);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->shown));
  g_signal_connect_object (self->shown, "refiltering",
                           G_CALLBACK (runnel_stream_page_refiltering), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shown, "refiltered",
                           G_CALLBACK (runnel_stream_page_refiltered), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (runnel_stream_page_row_activated), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->shown, "items-changed",
                           G_CALLBACK (runnel_stream_page_items_changed), self, G_CONNECT_SWAPPED);
  runnel_json_path_bar_attach (self->json_path_bar, self->column_view, self->log,
                               self->detail_stack);

  endpoints = create_endpoints_menu ();
  gtk_menu_button_set_menu_model (self->suggestions_button, endpoints);

  adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (runnel_stream_page_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper",
                           G_CALLBACK (runnel_stream_page_extent_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size",
                           G_CALLBACK (runnel_stream_page_extent_changed), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll",
                           G_CALLBACK (runnel_stream_page_scroll_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_scroller), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (runnel_stream_page_key_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin",
                           G_CALLBACK (runnel_stream_page_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end",
                           G_CALLBACK (runnel_stream_page_drag_end), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->list_scroller),
                             GTK_EVENT_CONTROLLER (drag));

  runnel_stream_page_update_headers (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.copy-event", FALSE);
  runnel_stream_page_update_title (self);
  runnel_stream_page_update_placeholder (self);
  runnel_stream_page_update_status (self);
}

/* Public API */

RunnelStreamPage *
runnel_stream_page_new (void)
{
  return g_object_new (RUNNEL_TYPE_STREAM_PAGE, NULL);
}

const char *
runnel_stream_page_get_title (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return self->title;
}

const char *
runnel_stream_page_get_url (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

void
runnel_stream_page_set_url (RunnelStreamPage *self,
                            const char       *url)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url != NULL ? url : "");
}

void
runnel_stream_page_set_method (RunnelStreamPage *self,
                               const char       *method)
{
  GListModel *methods;

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));
  g_return_if_fail (method != NULL);

  methods = gtk_drop_down_get_model (self->method_dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (methods); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (methods, i);

      if (g_ascii_strcasecmp (gtk_string_object_get_string (item), method) == 0)
        {
          gtk_drop_down_set_selected (self->method_dropdown, i);
          return;
        }
    }

  g_warning ("Unsupported method %s", method);
}

void
runnel_stream_page_set_body_text (RunnelStreamPage *self,
                                  const char       *text)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            text != NULL ? text : "", -1);
}

static RunnelHeaderRow *
runnel_stream_page_add_header_row (RunnelStreamPage *self,
                                   const char       *name,
                                   const char       *value,
                                   gboolean          enabled)
{
  RunnelHeaderRow *row = runnel_header_row_new (name, value, enabled);

  g_signal_connect_object (row, "remove", G_CALLBACK (runnel_stream_page_remove_header), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (self->header_list, GTK_WIDGET (row));
  runnel_stream_page_update_headers (self);
  gtk_expander_set_expanded (self->request_expander, TRUE);

  return row;
}

void
runnel_stream_page_add_header (RunnelStreamPage *self,
                               const char       *name,
                               const char       *value,
                               gboolean          enabled)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_stream_page_add_header_row (self, name, value, enabled);
}

GListModel *
runnel_stream_page_get_shown_events (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return G_LIST_MODEL (self->shown);
}

void
runnel_stream_page_set_accept_invalid_certificates (RunnelStreamPage *self,
                                                    gboolean          accept)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  gtk_switch_set_active (self->insecure_switch, accept);
}

gboolean
runnel_stream_page_connect (RunnelStreamPage *self)
{
  g_autoptr(RunnelRequest) request = NULL;

  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  if (self->read_only)
    return FALSE;

  request = runnel_stream_page_build_request (self);
  if (request == NULL)
    return FALSE;

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      runnel_sse_client_disconnect (self->client);
      g_clear_object (&self->client);
    }

  runnel_filtered_log_set_wanted (self->shown, NULL);
  runnel_event_log_clear (self->log);
  runnel_raw_view_clear (self->raw_view);
  runnel_stream_page_set_follow (self, TRUE);
  runnel_rate_plot_clear (self->rate_plot);
  self->rate = 0;
  self->rate_events = 0;
  self->rate_time = g_get_monotonic_time ();

  self->client = runnel_sse_client_new (request);
  runnel_sse_client_set_event_func (self->client, runnel_event_log_append_func,
                                    g_object_ref (self->log), g_object_unref);
  g_signal_connect_object (self->client, "state-changed",
                           G_CALLBACK (runnel_stream_page_client_state_changed), self,
                           G_CONNECT_SWAPPED);
  runnel_raw_view_set_client (self->raw_view, self->client);
  runnel_sse_client_connect (self->client);
  runnel_stream_page_update_status (self);

  return TRUE;
}

void
runnel_stream_page_disconnect (RunnelStreamPage *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  if (self->client == NULL)
    return;

  runnel_sse_client_disconnect (self->client);
  runnel_stream_page_update_status (self);
}

void
runnel_stream_page_toggle_connection (RunnelStreamPage *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  if (state_is_active (self->state))
    runnel_stream_page_disconnect (self);
  else
    runnel_stream_page_connect (self);
}

/* @body (of @content_type) as the request's body when it has none: a sample, as the demo's */
void
runnel_stream_page_offer_body (RunnelStreamPage *self,
                               const char       *body,
                               const char       *content_type)
{
  GtkTextBuffer *buffer;

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  buffer = gtk_text_view_get_buffer (self->body_view);
  if (body != NULL && gtk_text_buffer_get_char_count (buffer) == 0)
    runnel_stream_page_set_body_text (self, body);
  if (content_type != NULL && gtk_widget_get_first_child (GTK_WIDGET (self->header_list)) == NULL)
    runnel_stream_page_add_header (self, "Content-Type", content_type, TRUE);
}

void
runnel_stream_page_show_error (RunnelStreamPage *self,
                               const char       *message)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_stream_page_show_request_error (self, NULL, message);
}

void
runnel_stream_page_focus_url (RunnelStreamPage *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
}

void
runnel_stream_page_set_narrow (RunnelStreamPage *self,
                               gboolean          narrow)
{
  GtkOrientation orientation = narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL;

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned), orientation);
  gtk_paned_set_position (self->paned, narrow ? 320 : 640);
  gtk_column_view_column_set_visible (self->id_column, !narrow);
  gtk_column_view_column_set_visible (self->size_column, !narrow);
  runnel_stream_page_update_detail_layout (self);
  runnel_stream_page_update_status (self);
}

RunnelSseClientState
runnel_stream_page_get_state (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), RUNNEL_SSE_CLIENT_STATE_IDLE);

  return self->state;
}

RunnelEventLog *
runnel_stream_page_get_log (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return self->log;
}

RunnelSseClient *
runnel_stream_page_get_client (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return self->client;
}

/**
 * runnel_stream_page_set_read_only:
 *
 * Makes the page an imported capture: its events stay, but there is nothing to connect to, so
 * the request cannot be edited or sent and the status says what the page holds.
 */
void
runnel_stream_page_set_read_only (RunnelStreamPage *self,
                                  gboolean          read_only)
{
  static const char * const connection_actions[] = {
    "stream.connect", "stream.toggle-connection", "stream.reconnect", "stream.add-header",
  };

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  self->read_only = !!read_only;
  gtk_editable_set_editable (GTK_EDITABLE (self->url_entry), !self->read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->method_dropdown), !self->read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !self->read_only);
  /* a capture with its request (from a HAR file) can be run again, in a tab of its own */
  gtk_widget_set_visible (GTK_WIDGET (self->run_live_button),
                          self->read_only &&
                          runnel_request_check_url (gtk_editable_get_text (
                                                      GTK_EDITABLE (self->url_entry)), NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->request_expander), !self->read_only);
  for (guint i = 0; i < G_N_ELEMENTS (connection_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), connection_actions[i], !self->read_only);

  runnel_stream_page_update_status (self);
}

gboolean
runnel_stream_page_get_read_only (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  return self->read_only;
}

RunnelRawLog *
runnel_stream_page_get_raw_log (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return runnel_raw_view_get_log (self->raw_view);
}

/**
 * runnel_stream_page_load_request:
 *
 * Fills the page's request fields from @request (the inverse of
 * runnel_stream_page_build_request ()): URL, method, headers with their enabled flags, body
 * (as text, invalid UTF-8 replaced), and the options popover: reconnect on end, retry delay,
 * retry limit, read timeout (whole seconds, rounded up so that a timeout stays on), fatal event
 * types, Last-Event-ID and whether invalid certificates are accepted. Values beyond what a
 * field allows are clamped to it.
 */
void
runnel_stream_page_load_request (RunnelStreamPage *self,
                                 RunnelRequest    *request)
{
  g_autofree char *fatal_types = NULL;
  guint read_timeout;
  GBytes *body;

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));
  g_return_if_fail (RUNNEL_IS_REQUEST (request));

  runnel_stream_page_set_url (self, runnel_request_get_url (request));
  runnel_stream_page_set_method (self, runnel_request_get_method (request));
  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      RunnelHeaderRow *row =
        runnel_stream_page_add_header_row (self,
                                           runnel_request_get_header_name (request, i),
                                           runnel_request_get_header_value (request, i),
                                           runnel_request_get_header_enabled (request, i));

      /* a secret the history or the keyring did not keep: asked for, never sent empty */
      runnel_header_row_set_value_missing (row,
                                           runnel_request_get_header_value_missing (request, i));
    }

  body = runnel_request_get_body (request);
  if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);
      g_autofree char *text = runnel_utf8_repair_dup ((const guint8 *) data, size, NULL);

      runnel_stream_page_set_body_text (self, text);
    }

  /* after the method, which resets it to the method's default */
  gtk_switch_set_active (self->reconnect_on_end_switch,
                         runnel_request_get_reconnect_on_end (request));
  gtk_spin_button_set_value (self->retry_delay_spin, runnel_request_get_retry_delay (request));
  gtk_spin_button_set_value (self->retry_limit_spin, runnel_request_get_max_retries (request));
  read_timeout = runnel_request_get_read_timeout (request);
  gtk_spin_button_set_value (self->read_timeout_spin,
                             read_timeout / 1000 + (read_timeout % 1000 != 0));
  fatal_types = g_strjoinv (", ", (char **) runnel_request_get_fatal_event_types (request));
  gtk_editable_set_text (GTK_EDITABLE (self->fatal_types_entry), fatal_types);
  gtk_editable_set_text (GTK_EDITABLE (self->last_event_id_entry),
                         runnel_request_get_last_event_id (request));
  runnel_stream_page_set_accept_invalid_certificates (
    self, runnel_request_get_accept_invalid_certificates (request));
  gtk_switch_set_active (self->insecure_redirect_switch,
                         runnel_request_get_allow_insecure_redirect (request));
}
