/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-filter-bar.c: the event-type chooser and the "only with id" switch beside the search */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-filter-bar.h"

struct _RunnelFilterBar
{
  GtkWidget          parent_instance;

  /* Children */
  GtkDropDown       *type_dropdown;
  GtkToggleButton   *with_id_button;

  /* Owned */
  RunnelEventFilter *filter;
  GtkStringList     *choices;  /* "All Types", then every type seen */
  GHashTable        *seen;     /* type name -> itself (owned by choices' strings) */
  RunnelEventLog    *log;
  gulong             items_changed_id;
};

G_DEFINE_FINAL_TYPE (RunnelFilterBar, runnel_filter_bar, GTK_TYPE_WIDGET)

static void
runnel_filter_bar_note_type (RunnelFilterBar *self,
                             const char      *type)
{
  if (g_hash_table_contains (self->seen, type))
    return;

  g_hash_table_add (self->seen, g_strdup (type));
  gtk_string_list_append (self->choices, type);
}

static void
runnel_filter_bar_log_changed (RunnelFilterBar *self,
                               guint            position,
                               guint            removed,
                               guint            added)
{
  const char *message = runnel_sse_event_type_message ();
  const char *last = NULL;

  for (guint i = position; i < position + added; i++)
    {
      const char *type = runnel_sse_event_get_event_type (runnel_event_log_peek (self->log, i));

      /* most streams repeat one type: skip the lookup when it is the one just seen */
      if (type == last || (type == message && last == message))
        continue;
      runnel_filter_bar_note_type (self, type);
      last = type;
    }
}

static void
runnel_filter_bar_type_selected (RunnelFilterBar *self)
{
  guint selected = gtk_drop_down_get_selected (self->type_dropdown);
  const char *type = NULL;

  if (selected != GTK_INVALID_LIST_POSITION && selected > 0)
    type = gtk_string_list_get_string (self->choices, selected);

  runnel_event_filter_set_event_type (self->filter, type);
}

static void
runnel_filter_bar_setup_label (GtkSignalListItemFactory *factory,
                               GtkListItem              *item,
                               gpointer                  button)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  /* the button keeps one width whatever the type: long names end in "…"; the list has them whole */
  if (button != NULL)
    {
      gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (label), 12);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 12);
    }
  gtk_list_item_set_child (item, label);
}

static void
runnel_filter_bar_bind_label (GtkSignalListItemFactory *factory,
                              GtkListItem              *item,
                              gpointer                  data)
{
  GtkWidget *label = gtk_list_item_get_child (item);
  const char *text = gtk_string_object_get_string (gtk_list_item_get_item (item));

  gtk_label_set_text (GTK_LABEL (label), text);
}

static GtkListItemFactory *
runnel_filter_bar_label_factory (gboolean button)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();

  g_signal_connect (factory, "setup", G_CALLBACK (runnel_filter_bar_setup_label),
                    GINT_TO_POINTER (button));
  g_signal_connect (factory, "bind", G_CALLBACK (runnel_filter_bar_bind_label), NULL);
  return factory;
}

static void
runnel_filter_bar_dispose (GObject *object)
{
  RunnelFilterBar *self = RUNNEL_FILTER_BAR (object);

  if (self->log != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->log);
  g_clear_object (&self->log);

  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  g_clear_object (&self->filter);
  g_clear_object (&self->choices);
  g_clear_pointer (&self->seen, g_hash_table_unref);

  G_OBJECT_CLASS (runnel_filter_bar_parent_class)->dispose (object);
}

static void
runnel_filter_bar_class_init (RunnelFilterBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_filter_bar_dispose;

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "filterbar");
}

static void
runnel_filter_bar_init (RunnelFilterBar *self)
{
  self->filter = runnel_event_filter_new ();
  self->seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->choices = gtk_string_list_new (NULL);
  gtk_string_list_append (self->choices, _("All Types"));

  gtk_widget_add_css_class (GTK_WIDGET (self), "linked");

  self->type_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (G_LIST_MODEL (self->choices)),
                                                          NULL));
  {
    g_autoptr(GtkListItemFactory) button_factory = runnel_filter_bar_label_factory (TRUE);
    g_autoptr(GtkListItemFactory) list_factory = runnel_filter_bar_label_factory (FALSE);

    gtk_drop_down_set_factory (self->type_dropdown, button_factory);
    gtk_drop_down_set_list_factory (self->type_dropdown, list_factory);
  }
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->type_dropdown), _("Show Only Events of a Type"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->type_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Event Type"),
                                  -1);
  g_signal_connect_object (self->type_dropdown, "notify::selected",
                           G_CALLBACK (runnel_filter_bar_type_selected), self, G_CONNECT_SWAPPED);
  gtk_widget_set_parent (GTK_WIDGET (self->type_dropdown), GTK_WIDGET (self));

  /* TRANSLATORS: a toggle button: show only the events that have an id */
  self->with_id_button = GTK_TOGGLE_BUTTON (gtk_toggle_button_new_with_label (_("ID")));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->with_id_button), _("Show Only Events with an ID"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->with_id_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Only Events with an ID"),
                                  -1);
  g_object_bind_property (self->with_id_button, "active", self->filter, "with-id",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  gtk_widget_set_parent (GTK_WIDGET (self->with_id_button), GTK_WIDGET (self));
}

RunnelEventFilter *
runnel_filter_bar_get_filter (RunnelFilterBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_FILTER_BAR (self), NULL);

  return self->filter;
}

void
runnel_filter_bar_set_log (RunnelFilterBar *self,
                           RunnelEventLog  *log)
{
  g_return_if_fail (RUNNEL_IS_FILTER_BAR (self));

  if (self->log != NULL)
    g_clear_signal_handler (&self->items_changed_id, self->log);
  g_set_object (&self->log, log);

  if (log != NULL)
    {
      self->items_changed_id = g_signal_connect_swapped (log, "items-changed",
                                                         G_CALLBACK (runnel_filter_bar_log_changed),
                                                         self);
      runnel_filter_bar_log_changed (self, 0, 0, g_list_model_get_n_items (G_LIST_MODEL (log)));
    }
}

gboolean
runnel_filter_bar_select_type (RunnelFilterBar *self,
                               const char      *event_type)
{
  guint n_choices;

  g_return_val_if_fail (RUNNEL_IS_FILTER_BAR (self), FALSE);

  if (event_type == NULL)
    {
      gtk_drop_down_set_selected (self->type_dropdown, 0);
      return TRUE;
    }

  n_choices = g_list_model_get_n_items (G_LIST_MODEL (self->choices));
  for (guint i = 1; i < n_choices; i++)
    if (g_strcmp0 (gtk_string_list_get_string (self->choices, i), event_type) == 0)
      {
        gtk_drop_down_set_selected (self->type_dropdown, i);
        return TRUE;
      }

  return FALSE;
}

GListModel *
runnel_filter_bar_get_types (RunnelFilterBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_FILTER_BAR (self), NULL);

  return G_LIST_MODEL (self->choices);
}

/**
 * runnel_filter_bar_reset_types:
 * @keep_chosen: whether a chosen type still applies (the same stream again)
 *
 * For a new stream: the type list forgets the old stream's types; the chosen type stays chosen
 * (and listed) only when @keep_chosen, else the list shows every type again.
 */
void
runnel_filter_bar_reset_types (RunnelFilterBar *self,
                               gboolean         keep_chosen)
{
  guint selected;
  g_autofree char *chosen = NULL;

  g_return_if_fail (RUNNEL_IS_FILTER_BAR (self));

  selected = gtk_drop_down_get_selected (self->type_dropdown);
  if (keep_chosen && selected != GTK_INVALID_LIST_POSITION && selected > 0)
    chosen = g_strdup (gtk_string_list_get_string (self->choices, selected));

  /* "All Types" first: the filter never sees a type that is gone */
  gtk_drop_down_set_selected (self->type_dropdown, 0);
  g_hash_table_remove_all (self->seen);
  gtk_string_list_splice (self->choices, 1,
                          g_list_model_get_n_items (G_LIST_MODEL (self->choices)) - 1, NULL);

  if (chosen != NULL)
    {
      runnel_filter_bar_note_type (self, chosen);
      gtk_drop_down_set_selected (self->type_dropdown, 1);
    }
}
