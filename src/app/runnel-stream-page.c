/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page.c: one stream: its client and log; request, list, detail and status */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "runnel-format.h"
#include "runnel-settings.h"
#include "runnel-stream-page-private.h"

/* when there is no GSettings schema (running uninstalled) */
#define RETENTION 100000

static GParamSpec *properties [N_PROPS];

void
_runnel_stream_page_notify (RunnelStreamPage *self,
                            guint             prop_id)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties[prop_id]);
}

enum {
  REQUEST_SENT,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelStreamPage, runnel_stream_page, GTK_TYPE_WIDGET)

static gboolean
state_is_active (RunnelSseClientState state)
{
  return state == RUNNEL_SSE_CLIENT_STATE_CONNECTING ||
         state == RUNNEL_SSE_CLIENT_STATE_OPEN ||
         state == RUNNEL_SSE_CLIENT_STATE_WAITING;
}

static void
runnel_stream_page_update_title (RunnelStreamPage *self)
{
  const char *url = runnel_stream_page_get_url (self);
  g_autofree char *title = runnel_format_url_title (url);

  /* an opened capture: its file's name */
  if (title == NULL && url != NULL && g_str_has_prefix (url, "file:"))
    {
      g_autoptr(GFile) file = g_file_new_for_uri (url);
      g_autofree char *basename = g_file_get_basename (file);

      if (basename != NULL)
        title = g_filename_display_name (basename);
    }
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
  runnel_stream_page_update_title (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
runnel_stream_page_submit (RunnelStreamPage *self)
{
  runnel_stream_page_connect (self);
}

/* the client's state: the page's "state", the button, the empty list's words, the status */
void
_runnel_stream_page_update_state (RunnelStreamPage *self)
{
  RunnelSseClientState state = RUNNEL_SSE_CLIENT_STATE_IDLE;

  if (self->client != NULL)
    state = runnel_sse_client_get_state (self->client);

  runnel_request_editor_set_active (self->request_editor, state_is_active (state));
  runnel_event_list_set_ended (self->event_list,
                               state == RUNNEL_SSE_CLIENT_STATE_FAILED ||
                               state == RUNNEL_SSE_CLIENT_STATE_CLOSED);
  runnel_stream_status_update (self->stream_status);

  if (state != self->state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
}

/*
 * A new stream in the tab (self->client, just made) or Clear (the same client): what belonged to
 * the old stream goes, what the user set up stays (the request as edited, the text filter, the
 * JSONPath). This is the one place that decides it; DESIGN.md (UI) says the same.
 */
void
_runnel_stream_page_reset_for_new_stream (RunnelStreamPage *self)
{
  RunnelRequest *request = self->client != NULL ? runnel_sse_client_get_request (self->client)
                                                : NULL;
  g_autofree char *stream = NULL;

  if (request != NULL)
    stream = g_strdup_printf ("%s %s", runnel_request_get_method (request),
                              runnel_request_get_url (request));

  /* events, the selection and its detail (a view of the whole stream, as Timing or Response,
   * stays open); the list follows the end again */
  runnel_event_list_forget_selection (self->event_list);
  runnel_event_log_clear (self->log);

  /* raw bytes; another client numbers its events from 1 again, and so does the raw view */
  runnel_raw_view_set_client (self->raw_view, self->client);
  runnel_raw_view_clear (self->raw_view);

  /* counters, rate, response and timing: the client's, from now on */
  runnel_stream_status_set_client (self->stream_status, self->client);
  runnel_stream_status_reset_counters (self->stream_status);
  runnel_response_view_set_client (self->response_view, self->client);
  runnel_timing_view_set_timing (self->timing_view,
                                 self->client ? runnel_sse_client_get_timing (self->client) : NULL);

  /* the types seen; a chosen type applies to the same stream again, not to another one */
  runnel_filter_bar_reset_types (self->filter_bar, g_strcmp0 (stream, self->stream) == 0);
  g_free (self->stream);
  self->stream = g_steal_pointer (&stream);
}

/* Expectations: checked on the events as the log records them */

/* how often a run's observed values and time limits are looked at */
#define EXPECTATIONS_TICK_MS 250

typedef struct
{
  RunnelEventLog     *log;
  RunnelExpectations *expectations;
} EventSinks;

static void
event_sinks_free (gpointer data)
{
  EventSinks *sinks = data;

  g_object_unref (sinks->log);
  g_object_unref (sinks->expectations);
  g_free (sinks);
}

static void
runnel_stream_page_add_event (RunnelSseEvent *event,
                              gpointer        user_data)
{
  EventSinks *sinks = user_data;

  runnel_event_log_append_func (event, sinks->log);
  runnel_expectations_add_event (sinks->expectations, event);
}

/* "3 of 4 passed", or NULL when the request has no expectations */
static char *
runnel_stream_page_dup_expectations_summary (RunnelStreamPage *self)
{
  if (runnel_expectations_get_n_items (self->expectations) == 0)
    return NULL;

  return runnel_expectations_dup_summary (self->expectations);
}

static void
runnel_stream_page_expectations_changed (RunnelStreamPage *self)
{
  runnel_stream_status_update (self->stream_status);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPECTATIONS_SUMMARY]);
}

static gboolean
runnel_stream_page_expectations_tick (gpointer user_data)
{
  RunnelStreamPage *self = user_data;
  gboolean running = runnel_expectations_is_running (self->expectations);

  if (running && runnel_expectations_needs_clock (self->expectations))
    runnel_expectations_tick (self->expectations);
  runnel_expectations_view_update (self->expectations_view);

  if (running)
    return G_SOURCE_CONTINUE;

  self->expectations_tick_id = 0;
  return G_SOURCE_REMOVE;
}

/* GObject */

static void
runnel_stream_page_drop_client (RunnelStreamPage *self)
{
  if (self->client == NULL)
    return;

  g_signal_handlers_disconnect_by_data (self->client, self);
  runnel_expectations_unwatch_client (self->expectations);
  runnel_sse_client_disconnect (self->client);
  g_clear_object (&self->client);
}

static void
runnel_stream_page_dispose (GObject *object)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  runnel_stream_page_drop_client (self);
  g_clear_handle_id (&self->expectations_tick_id, g_source_remove);
  g_signal_handlers_disconnect_by_data (self->expectations, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_STREAM_PAGE);

  g_clear_object (&self->settings);
  g_clear_object (&self->shown);
  g_clear_object (&self->log);
  g_clear_object (&self->expectations);

  G_OBJECT_CLASS (runnel_stream_page_parent_class)->dispose (object);
}

static void
runnel_stream_page_finalize (GObject *object)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->stream, g_free);

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

    case PROP_VIEW:
      g_value_set_string (value, _runnel_stream_page_get_view (self));
      break;

    case PROP_EXPECTATIONS_SUMMARY:
      g_value_take_string (value, runnel_stream_page_dup_expectations_summary (self));
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

    case PROP_VIEW:
      _runnel_stream_page_set_view (self, g_value_get_string (value));
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
  /* "3 of 4 passed", NULL without expectations */
  properties[PROP_EXPECTATIONS_SUMMARY] =
    g_param_spec_string ("expectations-summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* the view beside the list (stream.view): "event", "assembled", "timing", "expectations" */
  properties[PROP_VIEW] =
    g_param_spec_string ("view", NULL, NULL, "event",
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* a new stream starts with @request, whatever comes of it (Recent lists failures too) */
  signals[REQUEST_SENT] =
    g_signal_new ("request-sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, RUNNEL_TYPE_REQUEST);

  g_type_ensure (RUNNEL_TYPE_REQUEST_EDITOR);
  g_type_ensure (RUNNEL_TYPE_FILTER_BAR);
  g_type_ensure (RUNNEL_TYPE_JSON_PATH_BAR);
  g_type_ensure (RUNNEL_TYPE_ASSEMBLED_VIEW);
  g_type_ensure (RUNNEL_TYPE_EVENT_LIST);
  g_type_ensure (RUNNEL_TYPE_RAW_VIEW);
  g_type_ensure (RUNNEL_TYPE_EVENT_DETAIL);
  g_type_ensure (RUNNEL_TYPE_RESPONSE_VIEW);
  g_type_ensure (RUNNEL_TYPE_STREAM_STATUS);
  g_type_ensure (RUNNEL_TYPE_TIMING_VIEW);
  g_type_ensure (RUNNEL_TYPE_EXPECTATIONS_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-stream-page.ui");
  gtk_widget_class_set_css_name (widget_class, "streampage");

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelStreamPage, name)
  BIND (request_editor);
  BIND (separator);
  BIND (paned);
  BIND (list_box);
  BIND (filter_row);
  BIND (narrow_filter_row);
  BIND (filter_entry);
  BIND (pause_button);
  BIND (filter_bar);
  BIND (json_path_bar);
  BIND (event_list);
  BIND (raw_view);
  BIND (views_box);
  BIND (view_back_button);
  BIND (expectations_view_label);
  BIND (detail_stack);
  BIND (event_detail);
  BIND (assembled_view);
  BIND (response_view);
  BIND (timing_view);
  BIND (expectations_view);
  BIND (stream_status);
#undef BIND
  /* by name only: for the tests */
  gtk_widget_class_bind_template_child_full (widget_class, "event_view_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "timing_view_button", FALSE, 0);
  gtk_widget_class_bind_template_child_full (widget_class, "expectations_view_button", FALSE, 0);

  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_submit);
  gtk_widget_class_bind_template_callback (widget_class, runnel_stream_page_url_changed);

  _runnel_stream_page_class_views_init (widget_class);
  _runnel_stream_page_class_actions_init (widget_class);
}

static void
runnel_stream_page_init (RunnelStreamPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->state = RUNNEL_SSE_CLIENT_STATE_IDLE;
  self->log = runnel_event_log_new (RETENTION);
  self->settings = runnel_settings_try_new ();
  if (self->settings != NULL)
    g_settings_bind (self->settings, "retention-limit", self->log, "retention",
                     G_SETTINGS_BIND_GET);

  runnel_filter_bar_set_log (self->filter_bar, self->log);
  self->filter = runnel_filter_bar_get_filter (self->filter_bar);
  self->shown = runnel_filtered_log_new (self->log, self->filter);
  runnel_event_list_set_filter (self->event_list, self->filter);
  runnel_event_list_set_model (self->event_list, self->shown);
  g_object_bind_property (self->json_path_bar, "extractor", self->event_list, "extractor",
                          G_BINDING_SYNC_CREATE);
  runnel_json_path_bar_set_log (self->json_path_bar, self->log);
  runnel_event_detail_set_log (self->event_detail, self->log);
  runnel_stream_status_set_log (self->stream_status, self->log);
  runnel_stream_status_set_shown (self->stream_status, G_LIST_MODEL (self->shown), self->filter);
  self->expectations = runnel_expectations_new ();
  g_signal_connect_object (self->expectations, "changed",
                           G_CALLBACK (runnel_stream_page_expectations_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->expectations, "items-changed",
                           G_CALLBACK (runnel_stream_page_expectations_changed), self,
                           G_CONNECT_SWAPPED);
  runnel_expectations_view_set_expectations (self->expectations_view, self->expectations);
  runnel_stream_status_set_expectations (self->stream_status, self->expectations);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "stream.copy-event", FALSE);
  _runnel_stream_page_views_init (self);
  runnel_stream_page_update_title (self);
  _runnel_stream_page_update_state (self);
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

  return runnel_request_editor_get_url (self->request_editor);
}

void
runnel_stream_page_set_url (RunnelStreamPage *self,
                            const char       *url)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_set_url (self->request_editor, url);
}

void
runnel_stream_page_set_method (RunnelStreamPage *self,
                               const char       *method)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_set_method (self->request_editor, method);
}

void
runnel_stream_page_use_sample (RunnelStreamPage *self,
                               const char       *body,
                               const char       *content_type)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_use_sample (self->request_editor, body, content_type);
}

void
runnel_stream_page_show_error (RunnelStreamPage *self,
                               const char       *message)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_show_error (self->request_editor, NULL, message);
}

void
runnel_stream_page_load_request (RunnelStreamPage *self,
                                 RunnelRequest    *request)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_load_request (self->request_editor, request);
  runnel_stream_page_set_expectations (self, runnel_request_get_expectations (request));
}

/**
 * runnel_stream_page_set_expectations:
 * @texts: (nullable): sentences in the expectations language
 *
 * Replaces the request's expectations; a sentence that is not in the language is left out,
 * with a warning (a saved request's were checked when it was saved).
 */
void
runnel_stream_page_set_expectations (RunnelStreamPage   *self,
                                     const char * const *texts)
{
  g_autoptr(GPtrArray) parsed = g_ptr_array_new_with_free_func (g_object_unref);

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr(GError) error = NULL;
      RunnelExpectation *expectation = runnel_expectation_new (texts[i], &error);

      if (expectation != NULL)
        g_ptr_array_add (parsed, expectation);
      else
        g_warning ("Expectation “%s” left out: %s", texts[i], error->message);
    }

  runnel_expectations_splice (self->expectations, 0,
                              runnel_expectations_get_n_items (self->expectations),
                              (RunnelExpectation **) parsed->pdata, parsed->len);
}

RunnelExpectations *
runnel_stream_page_get_expectations (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return self->expectations;
}

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

  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  request = runnel_request_editor_build_request (self->request_editor);
  if (request != NULL && self->settings != NULL)
    runnel_request_set_backoff_cap (request, g_settings_get_uint (self->settings, "backoff-cap"));
  if (request != NULL)
    {
      g_auto(GStrv) texts = runnel_expectations_dup_texts (self->expectations);

      runnel_request_set_expectations (request, (const char * const *) texts);
    }

  return g_steal_pointer (&request);
}

GListModel *
runnel_stream_page_get_shown_events (RunnelStreamPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), NULL);

  return G_LIST_MODEL (self->shown);
}

gboolean
runnel_stream_page_connect (RunnelStreamPage *self)
{
  g_autoptr(RunnelRequest) request = NULL;
  EventSinks *sinks;

  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (self), FALSE);

  if (self->read_only)
    return FALSE;

  request = runnel_stream_page_build_request (self);
  if (request == NULL)
    return FALSE;

  runnel_stream_page_drop_client (self);

  self->client = runnel_sse_client_new (request);
  sinks = g_new0 (EventSinks, 1);
  sinks->log = g_object_ref (self->log);
  sinks->expectations = g_object_ref (self->expectations);
  runnel_sse_client_set_event_func (self->client, runnel_stream_page_add_event,
                                    sinks, event_sinks_free);
  g_signal_connect_object (self->client, "state-changed",
                           G_CALLBACK (_runnel_stream_page_update_state), self,
                           G_CONNECT_SWAPPED);
  _runnel_stream_page_reset_for_new_stream (self);
  /* a new run: every expectation pending again, until this stream decides it */
  runnel_expectations_start (self->expectations);
  runnel_expectations_watch_client (self->expectations, self->client);
  if (self->expectations_tick_id == 0)
    self->expectations_tick_id = g_timeout_add (EXPECTATIONS_TICK_MS,
                                                runnel_stream_page_expectations_tick, self);
  runnel_sse_client_connect (self->client);
  _runnel_stream_page_update_state (self);
  g_signal_emit (self, signals[REQUEST_SENT], 0, request);

  return TRUE;
}

void
runnel_stream_page_disconnect (RunnelStreamPage *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  if (self->client == NULL)
    return;

  runnel_sse_client_disconnect (self->client);
  _runnel_stream_page_update_state (self);
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

void
runnel_stream_page_focus_url (RunnelStreamPage *self)
{
  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  runnel_request_editor_focus_url (self->request_editor);
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
    "stream.pause",
  };

  g_return_if_fail (RUNNEL_IS_STREAM_PAGE (self));

  self->read_only = !!read_only;
  runnel_request_editor_set_read_only (self->request_editor, self->read_only);
  runnel_stream_status_set_read_only (self->stream_status, self->read_only);
  /* nothing arrives: nothing to pause */
  gtk_widget_set_visible (GTK_WIDGET (self->pause_button), !self->read_only);
  for (guint i = 0; i < G_N_ELEMENTS (connection_actions); i++)
    gtk_widget_action_set_enabled (GTK_WIDGET (self), connection_actions[i], !self->read_only);
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
