/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectations.c: a list of expectations evaluated together over one run of a stream */

#include "config.h"

#include <glib/gi18n-lib.h>

#include "runnel-expectation-private.h"
#include "runnel-expectations.h"

/* how often a watched run checks its time limits and gaps */
#define TICK_MS 50

struct _RunnelExpectations
{
  GObject                  parent_instance;

  /* Owned */
  GPtrArray               *items;      /* RunnelExpectation */
  GSource                 *tick_source;

  /* Borrowed */
  RunnelSseClient         *client;

  RunnelExpectationsClock  clock;
  gpointer                 clock_data;
  gint64                   start;
  guint                    reconnects;
  guint                    ended_at_reconnect; /* 1 + the reconnection count of the last clean end */
  guint                    running : 1;
  guint                    responded : 1;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelExpectations, runnel_expectations, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

static GType
get_item_type (GListModel *model)
{
  return RUNNEL_TYPE_EXPECTATION;
}

static guint
get_n_items (GListModel *model)
{
  return RUNNEL_EXPECTATIONS (model)->items->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  RunnelExpectations *self = RUNNEL_EXPECTATIONS (model);

  if (position >= self->items->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->items, position));
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
runnel_expectations_dispose (GObject *object)
{
  RunnelExpectations *self = (RunnelExpectations *)object;

  runnel_expectations_unwatch_client (self);
  g_ptr_array_set_size (self->items, 0);

  G_OBJECT_CLASS (runnel_expectations_parent_class)->dispose (object);
}

static void
runnel_expectations_finalize (GObject *object)
{
  RunnelExpectations *self = (RunnelExpectations *)object;

  g_ptr_array_unref (self->items);

  G_OBJECT_CLASS (runnel_expectations_parent_class)->finalize (object);
}

static void
runnel_expectations_class_init (RunnelExpectationsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_expectations_dispose;
  object_class->finalize = runnel_expectations_finalize;

  signals [CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static gint64
default_clock (gpointer user_data)
{
  return g_get_monotonic_time ();
}

static void
runnel_expectations_init (RunnelExpectations *self)
{
  self->items = g_ptr_array_new_with_free_func (g_object_unref);
  self->clock = default_clock;
}

RunnelExpectations *
runnel_expectations_new (void)
{
  return g_object_new (RUNNEL_TYPE_EXPECTATIONS, NULL);
}

RunnelExpectations *
runnel_expectations_new_from_strv (const char * const  *texts,
                                   GError             **error)
{
  g_autoptr(RunnelExpectations) self = runnel_expectations_new ();

  for (guint i = 0; texts != NULL && texts[i] != NULL; i++)
    {
      g_autoptr(RunnelExpectation) expectation = runnel_expectation_new (texts[i], error);

      if (expectation == NULL)
        {
          g_prefix_error (error, "“%s”: ", texts[i]);
          return NULL;
        }
      g_ptr_array_add (self->items, g_steal_pointer (&expectation));
    }

  return g_steal_pointer (&self);
}

void
runnel_expectations_set_clock (RunnelExpectations      *self,
                               RunnelExpectationsClock  clock,
                               gpointer                 user_data)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  self->clock = clock != NULL ? clock : default_clock;
  self->clock_data = user_data;
}

static gint64
elapsed_now (RunnelExpectations *self)
{
  return MAX (self->clock (self->clock_data) - self->start, 0);
}

static void
emit_changed (RunnelExpectations *self)
{
  g_signal_emit (self, signals [CHANGED], 0);
}

void
runnel_expectations_splice (RunnelExpectations  *self,
                            guint                position,
                            guint                n_removals,
                            RunnelExpectation  **additions,
                            guint                n_additions)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));
  g_return_if_fail (position + n_removals <= self->items->len);

  g_ptr_array_remove_range (self->items, position, n_removals);
  for (guint i = 0; i < n_additions; i++)
    {
      /* one added during a run starts from now: it has not seen what came before */
      _runnel_expectation_reset (additions[i]);
      g_ptr_array_insert (self->items, position + i, g_object_ref (additions[i]));
    }

  g_list_model_items_changed (G_LIST_MODEL (self), position, n_removals, n_additions);
  emit_changed (self);
}

void
runnel_expectations_append (RunnelExpectations *self,
                            RunnelExpectation  *expectation)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));
  g_return_if_fail (RUNNEL_IS_EXPECTATION (expectation));

  runnel_expectations_splice (self, self->items->len, 0, &expectation, 1);
}

void
runnel_expectations_remove (RunnelExpectations *self,
                            guint               position)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));
  g_return_if_fail (position < self->items->len);

  runnel_expectations_splice (self, position, 1, NULL, 0);
}

guint
runnel_expectations_get_n_items (RunnelExpectations *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), 0);

  return self->items->len;
}

RunnelExpectation *
runnel_expectations_get (RunnelExpectations *self,
                         guint               position)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), NULL);
  g_return_val_if_fail (position < self->items->len, NULL);

  return g_ptr_array_index (self->items, position);
}

char **
runnel_expectations_dup_texts (RunnelExpectations *self)
{
  GStrvBuilder *builder;
  char **texts;

  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), NULL);

  builder = g_strv_builder_new ();
  for (guint i = 0; i < self->items->len; i++)
    g_strv_builder_add (builder, runnel_expectation_get_text (g_ptr_array_index (self->items, i)));
  texts = g_strv_builder_end (builder);
  g_strv_builder_unref (builder);

  return texts;
}

/* The run */

void
runnel_expectations_start (RunnelExpectations *self)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  self->start = self->clock (self->clock_data);
  self->reconnects = 0;
  self->ended_at_reconnect = 0;
  self->running = TRUE;
  self->responded = FALSE;

  for (guint i = 0; i < self->items->len; i++)
    _runnel_expectation_reset (g_ptr_array_index (self->items, i));

  emit_changed (self);
}

gboolean
runnel_expectations_is_running (RunnelExpectations *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), FALSE);

  return self->running;
}

/*
 * Each of these calls the kinds' callback on every expectation, decided or not (so that
 * observed values can go on growing), and says "changed" once if any was decided.
 */
#define FOR_EACH_EXPECTATION(self, call)                                        \
  G_STMT_START {                                                                \
    gboolean decided = FALSE;                                                   \
    for (guint i_ = 0; i_ < (self)->items->len; i_++)                           \
      {                                                                         \
        RunnelExpectation *e = g_ptr_array_index ((self)->items, i_);           \
        RunnelExpectationStatus before = e->status;                             \
        call;                                                                   \
        decided |= e->status != before;                                         \
      }                                                                         \
    if (decided)                                                                \
      emit_changed (self);                                                      \
  } G_STMT_END

void
runnel_expectations_add_event (RunnelExpectations   *self,
                               const RunnelSseEvent *event)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));
  g_return_if_fail (event != NULL);

  if (!self->running)
    return;

  elapsed = MAX (runnel_sse_event_get_monotonic_time (event) - self->start, 0);
  FOR_EACH_EXPECTATION (self, if (e->kind->event != NULL) e->kind->event (e, event, elapsed));
}

void
runnel_expectations_add_event_func (RunnelSseEvent *event,
                                    gpointer        user_data)
{
  runnel_expectations_add_event (user_data, event);
}

void
runnel_expectations_add_response (RunnelExpectations *self,
                                  guint               status,
                                  SoupMessageHeaders *headers)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (!self->running || self->responded)
    return;

  self->responded = TRUE;
  elapsed = elapsed_now (self);
  FOR_EACH_EXPECTATION (self, if (e->kind->response != NULL)
                                e->kind->response (e, status, headers, elapsed));
}

void
runnel_expectations_add_reconnect (RunnelExpectations *self,
                                   guint               count)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (!self->running)
    return;

  self->reconnects = count;
  elapsed = elapsed_now (self);
  FOR_EACH_EXPECTATION (self, if (e->kind->reconnect != NULL)
                                e->kind->reconnect (e, count, elapsed));
}

void
runnel_expectations_server_ended (RunnelExpectations *self)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (!self->running)
    return;

  elapsed = elapsed_now (self);
  FOR_EACH_EXPECTATION (self, if (e->kind->server_ended != NULL)
                                e->kind->server_ended (e, elapsed));
}

void
runnel_expectations_tick (RunnelExpectations *self)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (!self->running)
    return;

  elapsed = elapsed_now (self);
  FOR_EACH_EXPECTATION (self, _runnel_expectation_tick (e, elapsed));
}

void
runnel_expectations_finish (RunnelExpectations *self)
{
  gint64 elapsed;

  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (!self->running)
    return;

  elapsed = elapsed_now (self);
  FOR_EACH_EXPECTATION (self, _runnel_expectation_finish (e, elapsed));
  self->running = FALSE;
  g_clear_pointer (&self->tick_source, g_source_destroy);
}

/* Watching a client */

static gboolean
tick_cb (gpointer user_data)
{
  RunnelExpectations *self = user_data;

  runnel_expectations_tick (self);

  return G_SOURCE_CONTINUE;
}

static void
on_state_changed (RunnelSseClient    *client,
                  RunnelExpectations *self)
{
  RunnelSseClientState state = runnel_sse_client_get_state (client);
  guint reconnects = runnel_sse_client_get_reconnect_count (client);
  gboolean no_error = runnel_sse_client_get_last_error (client) == NULL;

  if (runnel_sse_client_get_http_status (client) != 0)
    runnel_expectations_add_response (self, runnel_sse_client_get_http_status (client),
                                      runnel_sse_client_get_response_headers (client));

  if (reconnects > self->reconnects)
    runnel_expectations_add_reconnect (self, reconnects);

  /* a clean end waits to reconnect or closes, without an error; "disconnected" was us */
  if (no_error && self->ended_at_reconnect != reconnects + 1 &&
      (state == RUNNEL_SSE_CLIENT_STATE_WAITING ||
       (state == RUNNEL_SSE_CLIENT_STATE_CLOSED &&
        g_strcmp0 (runnel_sse_client_get_reason (client), "disconnected") != 0)))
    {
      self->ended_at_reconnect = reconnects + 1;
      runnel_expectations_server_ended (self);
    }

  if (state == RUNNEL_SSE_CLIENT_STATE_CLOSED || state == RUNNEL_SSE_CLIENT_STATE_FAILED)
    runnel_expectations_finish (self);
}

void
runnel_expectations_watch_client (RunnelExpectations *self,
                                  RunnelSseClient    *client)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));
  g_return_if_fail (RUNNEL_IS_SSE_CLIENT (client));

  runnel_expectations_unwatch_client (self);

  if (!self->running)
    runnel_expectations_start (self);

  self->client = client;
  g_signal_connect (client, "state-changed", G_CALLBACK (on_state_changed), self);

  if (runnel_expectations_needs_clock (self))
    {
      self->tick_source = g_timeout_source_new (TICK_MS);
      g_source_set_callback (self->tick_source, tick_cb, self, NULL);
      g_source_set_static_name (self->tick_source, "[runnel] expectations tick");
      g_source_attach (self->tick_source, g_main_context_get_thread_default ());
      g_source_unref (self->tick_source);
    }
}

void
runnel_expectations_unwatch_client (RunnelExpectations *self)
{
  g_return_if_fail (RUNNEL_IS_EXPECTATIONS (self));

  if (self->tick_source != NULL)
    {
      g_source_destroy (self->tick_source);
      self->tick_source = NULL;
    }

  if (self->client != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->client, self);
      self->client = NULL;
    }
}

/* Results */

gboolean
runnel_expectations_needs_clock (RunnelExpectations *self)
{
  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), FALSE);

  for (guint i = 0; i < self->items->len; i++)
    {
      if (runnel_expectation_needs_clock (g_ptr_array_index (self->items, i)))
        return TRUE;
    }

  return FALSE;
}

guint
runnel_expectations_count (RunnelExpectations      *self,
                           RunnelExpectationStatus  status)
{
  guint n = 0;

  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), 0);

  for (guint i = 0; i < self->items->len; i++)
    {
      RunnelExpectation *e = g_ptr_array_index (self->items, i);

      n += e->status == status;
    }

  return n;
}

gboolean
runnel_expectations_all_decided (RunnelExpectations *self)
{
  return runnel_expectations_count (self, RUNNEL_EXPECTATION_PENDING) == 0;
}

char *
runnel_expectations_dup_summary (RunnelExpectations *self)
{
  guint passed = runnel_expectations_count (self, RUNNEL_EXPECTATION_PASSED);

  g_return_val_if_fail (RUNNEL_IS_EXPECTATIONS (self), NULL);

  /* TRANSLATORS: expectations: "3 of 4 passed" */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u of %u passed", "%u of %u passed",
                                       self->items->len),
                          passed, self->items->len);
}
