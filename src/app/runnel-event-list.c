/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-list.c: the events a stream shows, one row each, following the end */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "runnel-event-list.h"
#include "runnel-event-list-cells.h"
#include "runnel-format.h"
#include "runnel-widget-util.h"

/* a scroll within this time of user input is the user's, not the list growing */
#define USER_SCROLL_WINDOW_US (400 * 1000)
/* about twenty characters of data beside a Value column */
#define DATA_MIN_WIDTH 160

struct _RunnelEventList
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkWidget           *list_overlay;
  GtkScrolledWindow   *list_scroller;
  GtkColumnView       *column_view;
  GtkColumnViewColumn *time_column;
  GtkColumnViewColumn *id_column;
  GtkColumnViewColumn *size_column;
  GtkColumnViewColumn *value_column;
  GtkColumnViewColumn *data_column;
  GtkSingleSelection  *selection;
  GtkWidget           *list_placeholder;
  GtkWidget           *new_events_button;
  AdwButtonContent    *new_events_content;

  /* Owned */
  RunnelFilteredLog   *shown;
  RunnelEventFilter   *filter;
  RunnelJsonExtractor *extractor;
  RunnelSseEvent      *selected_event;
  guint                scroll_id;     /* a scroll to the end after the list's allocation */
  GtkColumnViewColumn *columns[3];    /* time, id, size: out of the view when narrow */

  gboolean             shown_changing;  /* within the shown model's items-changed */
  gboolean             rows_unlaid;     /* rows came or went since the list's last allocation */
  gboolean             narrow;
  gboolean             ended;
  gboolean             any_id;          /* an event shown has an id (or a last event id) */

  /* following the end of the list */
  gboolean             follow;
  gboolean             dragging;
  gint64               user_input_until;
  guint                n_new;
};

enum {
  PROP_0,
  PROP_MODEL,
  PROP_FILTER,
  PROP_EXTRACTOR,
  PROP_SELECTED_EVENT,
  PROP_NARROW,
  PROP_ENDED,
  N_PROPS
};

enum {
  ACTIVATE,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelEventList, runnel_event_list, GTK_TYPE_WIDGET)

static void
runnel_event_list_set_selected_event (RunnelEventList *self,
                                      RunnelSseEvent  *event)
{
  if (self->selected_event == event)
    return;

  g_clear_pointer (&self->selected_event, runnel_sse_event_unref);
  if (event != NULL)
    self->selected_event = runnel_sse_event_ref (event);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SELECTED_EVENT]);
}

static void runnel_event_list_set_follow (RunnelEventList *self,
                                          gboolean          follow);
static void runnel_event_list_scroll_to_row (RunnelEventList *self,
                                             guint             position);

static RunnelSseEvent *
runnel_event_list_selection_event (RunnelEventList *self)
{
  RunnelEventItem *item = gtk_single_selection_get_selected_item (self->selection);

  return item != NULL ? runnel_event_item_get_event (item) : NULL;
}


static void
runnel_event_list_selection_changed (RunnelEventList *self)
{
  RunnelSseEvent *event = runnel_event_list_selection_event (self);

  /* an event the filter hides stays wanted: it is selected again when a filter shows it */
  if (event == NULL && self->shown_changing)
    return;

  runnel_filtered_log_set_wanted (self->shown, event);

  /* choosing a row stops following the end, as scrolling up does: else it scrolls away */
  if (event != NULL && event != self->selected_event && self->follow)
    runnel_event_list_set_follow (self, FALSE);

  runnel_event_list_set_selected_event (self, event);
}


/* Following the end of the list */

static gboolean
adjustment_at_end (GtkAdjustment *adjustment)
{
  return gtk_adjustment_get_value (adjustment) + gtk_adjustment_get_page_size (adjustment) >=
         gtk_adjustment_get_upper (adjustment) - 4;
}

/* "N new events" while there are rows below the view: not when every row is in view */
static void
runnel_event_list_update_new_events (RunnelEventList *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  g_autofree char *label = NULL;

  gtk_widget_set_visible (self->new_events_button,
                          !self->follow && self->n_new > 0 && !adjustment_at_end (adjustment));
  if (self->n_new == 0)
    return;

  label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u new event", "%u new events",
                                        self->n_new),
                           self->n_new);
  adw_button_content_set_label (self->new_events_content, label);
}

static void
runnel_event_list_scroll_to_end_now (RunnelEventList *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);

  /*
   * A hidden list (Raw shown) or an emptied one (Clear) has no row at the old end: GTK would warn
   * that it cannot scroll there. It follows the end once shown or when rows come.
   */
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->list_scroller)) ||
      g_list_model_get_n_items (G_LIST_MODEL (self->shown)) == 0)
    return;

  gtk_adjustment_set_value (adjustment,
                            gtk_adjustment_get_upper (adjustment) -
                            gtk_adjustment_get_page_size (adjustment));
}

static void
runnel_event_list_set_follow (RunnelEventList *self,
                              gboolean          follow)
{
  self->follow = follow;
  runnel_filtered_log_set_follow_end (self->shown, follow);
  if (follow)
    self->n_new = 0;
  runnel_event_list_update_new_events (self);
}

static void
runnel_event_list_value_changed (RunnelEventList *self,
                                 GtkAdjustment    *adjustment)
{
  gboolean user = self->dragging || g_get_monotonic_time () < self->user_input_until;

  /* only the user's scrolling stops following; the list growing or shrinking does not */
  if (adjustment_at_end (adjustment))
    {
      if (!self->follow)
        runnel_event_list_set_follow (self, TRUE);
    }
  else if (user && self->follow)
    runnel_event_list_set_follow (self, FALSE);
  else
    runnel_event_list_update_new_events (self);
}

static gboolean
runnel_event_list_scroll_to_end_cb (gpointer user_data)
{
  RunnelEventList *self = user_data;

  self->scroll_id = 0;
  if (!self->follow)
    return G_SOURCE_REMOVE;

  /*
   * Rows that came after the allocation that queued this are not laid out yet: the adjustment
   * still measures the old rows, and a value set now makes GTK 4.8 look for a row where there is
   * none ("failed to scroll to given position"). Asking the list to show its last row instead
   * lets it lay the new rows out from there.
   */
  if (self->rows_unlaid)
    {
      guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

      if (n_items > 0 && gtk_widget_get_mapped (GTK_WIDGET (self->list_scroller)))
        runnel_event_list_scroll_to_row (self, n_items - 1);
    }
  else
    runnel_event_list_scroll_to_end_now (self);

  return G_SOURCE_REMOVE;
}

/*
 * The list grew or its view changed size. Its extent changes while GTK allocates the list, and a
 * value set then is what the adjustment says but not what GTK 4.8's list shows (it lays out
 * from its own anchor): scroll once the allocation is over, before the next frame is drawn.
 */
static void
runnel_event_list_extent_changed (RunnelEventList *self)
{
  self->rows_unlaid = FALSE;
  if (self->follow && self->scroll_id == 0)
    self->scroll_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, runnel_event_list_scroll_to_end_cb,
                                       self, NULL);
  else if (!self->follow)
    runnel_event_list_update_new_events (self);
}

static void
runnel_event_list_note_user_input (RunnelEventList *self)
{
  self->user_input_until = g_get_monotonic_time () + USER_SCROLL_WINDOW_US;
}

static gboolean
runnel_event_list_scroll_event (RunnelEventList *self)
{
  runnel_event_list_note_user_input (self);
  return FALSE;
}

static gboolean
runnel_event_list_key_event (RunnelEventList *self)
{
  runnel_event_list_note_user_input (self);
  return FALSE;
}

static void
runnel_event_list_drag_begin (RunnelEventList *self)
{
  self->dragging = TRUE;
}

static void
runnel_event_list_drag_end (RunnelEventList *self)
{
  self->dragging = FALSE;
  runnel_event_list_note_user_input (self);
}

static void
runnel_event_list_update_placeholder (RunnelEventList *self)
{
  gboolean empty = self->shown == NULL ||
                   g_list_model_get_n_items (G_LIST_MODEL (self->shown)) == 0;

  gtk_widget_set_visible (self->list_placeholder, empty);
  if (!empty)
    return;

  if (self->filter != NULL && runnel_event_filter_is_active (self->filter))
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events match the filter"));
  else if (self->ended)
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events"));
  else
    gtk_label_set_text (GTK_LABEL (self->list_placeholder), _("No events yet"));
}

static void runnel_event_list_update_columns (RunnelEventList *self);

/* connected before the selection model, so that it runs first */
static void
runnel_event_list_shown_changing (RunnelEventList *self)
{
  self->shown_changing = TRUE;
}

static void
runnel_event_list_items_changed (RunnelEventList *self,
                                 guint             position,
                                 guint             removed,
                                 guint             added)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (self->shown));

  self->shown_changing = FALSE;
  if (added > 0 || removed > 0)
    self->rows_unlaid = TRUE;

  /* the id is the last one seen, so the newest row tells; an empty list starts again */
  if ((added > 0 && !self->any_id) || (n_items == 0 && self->any_id))
    {
      g_autoptr(RunnelEventItem) last = NULL;
      const char *id = NULL;

      if (n_items > 0)
        {
          last = g_list_model_get_item (G_LIST_MODEL (self->shown), n_items - 1);
          id = runnel_sse_event_get_id (runnel_event_item_get_event (last));
        }
      self->any_id = id != NULL && *id != '\0';
      runnel_event_list_update_columns (self);
    }

  if (removed > 0 && runnel_filtered_log_get_wanted (self->shown) != NULL &&
      runnel_event_list_selection_event (self) == NULL)
    runnel_event_list_set_selected_event (self, NULL);

  /* a filter's new result is not new events, nor are rows added where every row is in view */
  if (added > 0 && !self->follow && !runnel_filtered_log_is_replacing (self->shown) &&
      gtk_adjustment_get_upper (adjustment) > gtk_adjustment_get_page_size (adjustment))
    {
      self->n_new += added;
      runnel_event_list_update_new_events (self);
    }

  runnel_event_list_update_placeholder (self);
}

/* Filter */

/* shows the row at position without selecting it */
static void
runnel_event_list_scroll_to_row (RunnelEventList *self,
                                 guint             position)
{
#if GTK_CHECK_VERSION (4, 12, 0)
  /* past the GDK_VERSION_MAX_ALLOWED floor on purpose: only built against 4.12 or later */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_column_view_scroll_to (self->column_view, position, NULL, GTK_LIST_SCROLL_NONE, NULL);
  G_GNUC_END_IGNORE_DEPRECATIONS
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
runnel_event_list_refiltering (RunnelEventList *self,
                               guint             show,
                               guint             wanted)
{
  /* the selected event is what the user looks at: it stays in view, even when following */
  if (wanted != GTK_INVALID_LIST_POSITION)
    {
      gtk_single_selection_set_selected (self->selection, wanted);
      runnel_event_list_set_follow (self, FALSE);
    }
  runnel_event_list_scroll_to_row (self, show);
}

/* the result of a new filter is shown; if it only added rows, the selected event may be back */
static void
runnel_event_list_refiltered (RunnelEventList *self)
{
  guint position = runnel_filtered_log_find (self->shown,
                                             runnel_filtered_log_get_wanted (self->shown));

  /* what "N new events" counted was below the old result's view */
  self->n_new = 0;
  runnel_event_list_update_new_events (self);

  if (position == GTK_INVALID_LIST_POSITION ||
      gtk_single_selection_get_selected (self->selection) == position)
    return;

  gtk_single_selection_set_selected (self->selection, position);
  runnel_event_list_set_follow (self, FALSE);
  runnel_event_list_scroll_to_row (self, position);
}

/*
 * 360 pixels leave room for #, type and data (the detail has the rest). The other columns are
 * taken out of the view, not hidden: GTK 4.8 still counted hidden columns in the list's width,
 * so that the data column stayed at its minimum and the list scrolled sideways.
 */
/* A narrow list leaves out time, ID and size. Beside a Value column the data keeps a useful
 * width: no ID column while no event has an id (as LLM streams), and a minimum when wide */
static void
runnel_event_list_update_columns (RunnelEventList *self)
{
  gboolean with_value = self->extractor != NULL;
  GtkColumnViewColumn *wide_only[] = { self->time_column, self->id_column, self->size_column };
  gboolean wanted[] = {
    !self->narrow, !self->narrow && (!with_value || self->any_id), !self->narrow
  };
  guint position = 1;

  for (guint i = 0; i < G_N_ELEMENTS (wide_only); i++)
    {
      gboolean shown = gtk_column_view_column_get_column_view (wide_only[i]) != NULL;

      if (!wanted[i] && shown)
        gtk_column_view_remove_column (self->column_view, wide_only[i]);
      else if (wanted[i] && !shown)
        gtk_column_view_insert_column (self->column_view, position, wide_only[i]);

      /* after the type column, which is always there */
      position += wanted[i] ? 1 : 0;
      if (i == 0)
        position++;
    }

  gtk_column_view_column_set_fixed_width (self->data_column,
                                          with_value && !self->narrow ? DATA_MIN_WIDTH : -1);
}

/* The value column: what the JSONPath finds in each event (runnel-event-list-cells.c) */

void
runnel_event_list_set_extractor (RunnelEventList     *self,
                                 RunnelJsonExtractor *extractor)
{
  g_autoptr(GtkListItemFactory) factory = NULL;
  GtkColumnView *shown_in;

  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  if (!g_set_object (&self->extractor, extractor))
    return;

  shown_in = gtk_column_view_column_get_column_view (self->value_column);
  if (extractor == NULL)
    {
      if (shown_in != NULL)
        gtk_column_view_remove_column (shown_in, self->value_column);
    }
  else
    {
      /* a new factory binds every row again, with the new path */
      factory = gtk_signal_list_item_factory_new ();
      g_signal_connect (factory, "setup", G_CALLBACK (runnel_event_list_setup_value_cell), NULL);
      g_signal_connect_object (factory, "bind", G_CALLBACK (runnel_event_list_bind_value_cell),
                               extractor, 0);
      gtk_column_view_column_set_factory (self->value_column, factory);

      if (shown_in == NULL)
        {
          GListModel *columns = gtk_column_view_get_columns (self->column_view);
          guint n_columns = g_list_model_get_n_items (columns);

          /* before the data column, which takes the rest of the width */
          gtk_column_view_insert_column (self->column_view, n_columns > 0 ? n_columns - 1 : 0,
                                         self->value_column);
        }
    }
  runnel_event_list_update_columns (self);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRACTOR]);
}

/* Public API */

void
runnel_event_list_set_model (RunnelEventList   *self,
                             RunnelFilteredLog *shown)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));
  g_return_if_fail (shown == NULL || RUNNEL_IS_FILTERED_LOG (shown));

  if (self->shown == shown)
    return;

  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  g_set_object (&self->shown, shown);

  if (shown != NULL)
    {
      runnel_filtered_log_set_follow_end (shown, self->follow);
      g_signal_connect_object (shown, "items-changed",
                               G_CALLBACK (runnel_event_list_shown_changing), self,
                               G_CONNECT_SWAPPED);
    }
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (shown));
  if (shown != NULL)
    {
      g_signal_connect_object (shown, "refiltering",
                               G_CALLBACK (runnel_event_list_refiltering), self,
                               G_CONNECT_SWAPPED);
      g_signal_connect_object (shown, "refiltered",
                               G_CALLBACK (runnel_event_list_refiltered), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (shown, "items-changed",
                               G_CALLBACK (runnel_event_list_items_changed), self,
                               G_CONNECT_SWAPPED);
    }

  runnel_event_list_update_placeholder (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

void
runnel_event_list_set_filter (RunnelEventList   *self,
                              RunnelEventFilter *filter)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);
  if (!g_set_object (&self->filter, filter))
    return;

  if (filter != NULL)
    g_signal_connect_object (filter, "changed",
                             G_CALLBACK (runnel_event_list_update_placeholder), self,
                             G_CONNECT_SWAPPED);
  runnel_event_list_update_placeholder (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

RunnelSseEvent *
runnel_event_list_get_selected_event (RunnelEventList *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_LIST (self), NULL);

  return self->selected_event;
}

void
runnel_event_list_set_narrow (RunnelEventList *self,
                              gboolean         narrow)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  gtk_column_view_column_set_visible (self->id_column, !narrow);
  gtk_column_view_column_set_visible (self->size_column, !narrow);
  runnel_event_list_update_columns (self);
  /* a tap on a row opens its detail in a narrow window */
  gtk_column_view_set_single_click_activate (self->column_view, narrow);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

void
runnel_event_list_set_ended (RunnelEventList *self,
                             gboolean         ended)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  ended = !!ended;
  if (self->ended == ended)
    return;

  self->ended = ended;
  runnel_event_list_update_placeholder (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ENDED]);
}

void
runnel_event_list_follow_end (RunnelEventList *self)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  runnel_event_list_set_follow (self, TRUE);
  runnel_event_list_scroll_to_end_now (self);
}

void
runnel_event_list_forget_selection (RunnelEventList *self)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  if (self->shown != NULL)
    runnel_filtered_log_set_wanted (self->shown, NULL);
  if (self->selection != NULL)
    gtk_single_selection_set_selected (self->selection, GTK_INVALID_LIST_POSITION);
  runnel_event_list_set_selected_event (self, NULL);
  runnel_event_list_set_follow (self, TRUE);
}

void
runnel_event_list_focus (RunnelEventList *self)
{
  g_return_if_fail (RUNNEL_IS_EVENT_LIST (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
runnel_event_list_row_activated (RunnelEventList *self,
                                 guint            position)
{
  gtk_single_selection_set_selected (self->selection, position);
  g_signal_emit (self, signals[ACTIVATE], 0);
}

/* GObject */

static void
runnel_event_list_dispose (GObject *object)
{
  RunnelEventList *self = RUNNEL_EVENT_LIST (object);

  g_clear_handle_id (&self->scroll_id, g_source_remove);
  if (self->shown != NULL)
    g_signal_handlers_disconnect_by_data (self->shown, self);
  if (self->filter != NULL)
    g_signal_handlers_disconnect_by_data (self->filter, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_EVENT_LIST);

  g_clear_object (&self->shown);
  g_clear_object (&self->filter);
  g_clear_object (&self->extractor);
  g_clear_pointer (&self->selected_event, runnel_sse_event_unref);
  for (guint i = 0; i < G_N_ELEMENTS (self->columns); i++)
    g_clear_object (&self->columns[i]);

  G_OBJECT_CLASS (runnel_event_list_parent_class)->dispose (object);
}

static void
runnel_event_list_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  RunnelEventList *self = RUNNEL_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_object (value, self->shown);
      break;

    case PROP_FILTER:
      g_value_set_object (value, self->filter);
      break;

    case PROP_EXTRACTOR:
      g_value_set_object (value, self->extractor);
      break;

    case PROP_SELECTED_EVENT:
      g_value_set_boxed (value, self->selected_event);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    case PROP_ENDED:
      g_value_set_boolean (value, self->ended);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_list_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  RunnelEventList *self = RUNNEL_EVENT_LIST (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      runnel_event_list_set_model (self, g_value_get_object (value));
      break;

    case PROP_FILTER:
      runnel_event_list_set_filter (self, g_value_get_object (value));
      break;

    case PROP_EXTRACTOR:
      runnel_event_list_set_extractor (self, g_value_get_object (value));
      break;

    case PROP_NARROW:
      runnel_event_list_set_narrow (self, g_value_get_boolean (value));
      break;

    case PROP_ENDED:
      runnel_event_list_set_ended (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_list_class_init (RunnelEventListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = runnel_event_list_dispose;
  object_class->get_property = runnel_event_list_get_property;
  object_class->set_property = runnel_event_list_set_property;

  properties[PROP_MODEL] =
    g_param_spec_object ("model", NULL, NULL, RUNNEL_TYPE_FILTERED_LOG, flags);
  properties[PROP_FILTER] =
    g_param_spec_object ("filter", NULL, NULL, RUNNEL_TYPE_EVENT_FILTER, flags);
  properties[PROP_EXTRACTOR] =
    g_param_spec_object ("extractor", NULL, NULL, RUNNEL_TYPE_JSON_EXTRACTOR, flags);
  properties[PROP_SELECTED_EVENT] =
    g_param_spec_boxed ("selected-event", NULL, NULL, RUNNEL_TYPE_SSE_EVENT,
                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NARROW] = g_param_spec_boolean ("narrow", NULL, NULL, FALSE, flags);
  properties[PROP_ENDED] = g_param_spec_boolean ("ended", NULL, NULL, FALSE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[ACTIVATE] = g_signal_new ("activate", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);

  g_type_ensure (RUNNEL_TYPE_EVENT_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-event-list.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelEventList, name)
  BIND (list_overlay);
  BIND (list_scroller);
  BIND (column_view);
  BIND (time_column);
  BIND (id_column);
  BIND (size_column);
  BIND (value_column);
  BIND (data_column);
  BIND (selection);
  BIND (list_placeholder);
  BIND (new_events_button);
  BIND (new_events_content);
#undef BIND

#define CALLBACK(name) \
  gtk_widget_class_bind_template_callback (widget_class, runnel_event_list_##name)
  CALLBACK (selection_changed);
  CALLBACK (setup_number_cell);
  CALLBACK (setup_time_cell);
  CALLBACK (setup_text_cell);
  CALLBACK (setup_data_cell);
  CALLBACK (bind_sequence_cell);
  CALLBACK (bind_time_cell);
  CALLBACK (bind_type_cell);
  CALLBACK (bind_id_cell);
  CALLBACK (bind_size_cell);
  CALLBACK (bind_preview_cell);
#undef CALLBACK
}

static void
runnel_event_list_init (RunnelEventList *self)
{
  GtkEventController *controller;
  GtkGesture *drag;
  GtkAdjustment *adjustment;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->follow = TRUE;
  self->columns[0] = g_object_ref (self->time_column);
  self->columns[1] = g_object_ref (self->id_column);
  self->columns[2] = g_object_ref (self->size_column);

  g_signal_connect_object (self->column_view, "activate",
                           G_CALLBACK (runnel_event_list_row_activated), self, G_CONNECT_SWAPPED);

  adjustment = gtk_scrolled_window_get_vadjustment (self->list_scroller);
  g_signal_connect_object (adjustment, "value-changed",
                           G_CALLBACK (runnel_event_list_value_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::upper",
                           G_CALLBACK (runnel_event_list_extent_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "notify::page-size",
                           G_CALLBACK (runnel_event_list_extent_changed), self, G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll",
                           G_CALLBACK (runnel_event_list_scroll_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->list_scroller), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (runnel_event_list_key_event), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->column_view), controller);

  drag = gtk_gesture_drag_new ();
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (drag), GTK_PHASE_CAPTURE);
  g_signal_connect_object (drag, "drag-begin",
                           G_CALLBACK (runnel_event_list_drag_begin), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (drag, "drag-end",
                           G_CALLBACK (runnel_event_list_drag_end), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (gtk_scrolled_window_get_vscrollbar (self->list_scroller),
                             GTK_EVENT_CONTROLLER (drag));
}
