/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-message-list.c: an MCP session's JSON-RPC messages, with columns that know JSON-RPC */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-format.h"
#include "runnel-mcp-message-list.h"

struct _RunnelMcpMessageList
{
  GtkWidget            parent_instance;

  /* Owned */
  GListStore          *store;
  GtkSingleSelection  *selection;
  GHashTable          *numbers;     /* RunnelMcpMessage → its row number, from 1 */

  /* Borrowed: children */
  GtkWidget           *scrolled;
  GtkColumnView       *view;
};

enum {
  PROP_0,
  PROP_SELECTED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelMcpMessageList, runnel_mcp_message_list, GTK_TYPE_WIDGET)

/* the width in characters below which a column does not shrink (a narrow window scrolls) */
static const struct {
  const char *id;
  const char *title;
  int         width_chars;
  gboolean    expand;
} columns[] = {
  { "number", N_("#"), 3, FALSE },
  { "time", N_("Time"), 12, FALSE },
  { "direction", N_("Direction"), 10, FALSE },
  { "kind", N_("Kind"), 12, FALSE },
  { "method", N_("Method"), 20, FALSE },
  { "id", N_("ID"), 3, FALSE },
  { "request", N_("Answers"), 5, FALSE },
  { "event-id", N_("Event ID"), 6, FALSE },
  { "via", N_("Via"), 11, FALSE },
  { "detail", N_("Detail"), 20, TRUE },
};

static const char *
kind_label (RunnelMcpKind kind)
{
  switch (kind)
    {
    case RUNNEL_MCP_KIND_REQUEST:      return _("request");
    case RUNNEL_MCP_KIND_NOTIFICATION: return _("notification");
    case RUNNEL_MCP_KIND_RESPONSE:     return _("response");
    case RUNNEL_MCP_KIND_ERROR:        return _("error");
    case RUNNEL_MCP_KIND_INVALID:
    default:                           return _("not JSON-RPC");
    }
}

static char *
detail_text (RunnelMcpMessage *message)
{
  const char *text = NULL;
  double progress = 0;
  double total = 0;

  if (runnel_mcp_message_get_progress (message, &progress, &total, &text))
    {
      g_autofree char *amount = total > 0 ? g_strdup_printf ("%g/%g", progress, total)
                                          : g_strdup_printf ("%g", progress);

      return text != NULL ? g_strdup_printf (_("progress %s · %s"), amount, text)
                          : g_strdup_printf (_("progress %s"), amount);
    }

  if (runnel_mcp_message_get_kind (message) == RUNNEL_MCP_KIND_ERROR)
    return g_strdup_printf (_("error %d: %s"), (int) runnel_mcp_message_get_error_code (message),
                            runnel_mcp_message_get_error_message (message));

  /* the rest: the start of the JSON, on one line */
  {
    const char *json = runnel_mcp_message_get_text (message);
    g_autofree char *start = g_utf8_substring (json, 0, MIN (g_utf8_strlen (json, -1), 160));

    return g_strdelimit (g_steal_pointer (&start), "\r\n\t", ' ');
  }
}

char *
runnel_mcp_message_list_dup_cell (RunnelMcpMessageList *self,
                                  guint                 position,
                                  const char           *column)
{
  g_autoptr(RunnelMcpMessage) message = NULL;
  RunnelMcpMessage *request;
  guint number;

  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self), NULL);

  message = g_list_model_get_item (G_LIST_MODEL (self->store), position);
  if (message == NULL)
    return NULL;

  if (g_str_equal (column, "number"))
    return g_strdup_printf ("%u", position + 1);
  if (g_str_equal (column, "time"))
    return runnel_format_time_ms (runnel_mcp_message_get_real_time (message));
  if (g_str_equal (column, "direction"))
    return g_strdup (runnel_mcp_message_get_direction (message) == RUNNEL_MCP_DIRECTION_SENT
                     ? _("→ sent") : _("← received"));
  if (g_str_equal (column, "kind"))
    return g_strdup (kind_label (runnel_mcp_message_get_kind (message)));
  if (g_str_equal (column, "method"))
    return g_strdup (runnel_mcp_message_get_method (message));
  if (g_str_equal (column, "id"))
    return g_strdup (runnel_mcp_message_get_id (message));
  if (g_str_equal (column, "request"))
    {
      request = runnel_mcp_message_get_request (message);
      number = request != NULL ? runnel_mcp_message_list_get_number (self, request) : 0;
      return number > 0 ? g_strdup_printf ("#%u", number) : NULL;
    }
  if (g_str_equal (column, "event-id"))
    return g_strdup (runnel_mcp_message_get_event_id (message));
  if (g_str_equal (column, "via"))
    return g_strdup (runnel_mcp_message_get_transport (message));
  if (g_str_equal (column, "detail"))
    return detail_text (message);

  return NULL;
}

/* what a column's factory callbacks need */
typedef struct
{
  RunnelMcpMessageList *self;
  const char           *id;
  int                   width_chars;
} Column;

static void
setup_cb (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          Column                   *data)
{
  const char *column = data->id;
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_single_line_mode (GTK_LABEL (label), TRUE);
  gtk_label_set_width_chars (GTK_LABEL (label), data->width_chars);
  if (g_str_equal (column, "detail") || g_str_equal (column, "id") ||
      g_str_equal (column, "event-id"))
    gtk_widget_add_css_class (label, "monospace");
  gtk_list_item_set_child (item, label);
}

static void
bind_cb (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         Column                   *data)
{
  RunnelMcpMessageList *self = data->self;
  const char *column = data->id;
  g_autofree char *text = runnel_mcp_message_list_dup_cell (self, gtk_list_item_get_position (item),
                                                            column);
  GtkWidget *label = gtk_list_item_get_child (item);
  RunnelMcpMessage *message = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (label), text != NULL ? text : "");
  if (g_str_equal (column, "kind") &&
      runnel_mcp_message_get_kind (message) == RUNNEL_MCP_KIND_ERROR)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static void
selection_changed_cb (RunnelMcpMessageList *self)
{
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_SELECTED]);
}

static gboolean
scroll_to_end_cb (gpointer data)
{
  RunnelMcpMessageList *self = data;
  GtkAdjustment *adjustment =
    gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (self->scrolled));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  return G_SOURCE_REMOVE;
}

void
runnel_mcp_message_list_append (RunnelMcpMessageList *self,
                                RunnelMcpMessage     *message)
{
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self));
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE (message));

  g_list_store_append (self->store, message);
  g_hash_table_insert (self->numbers, g_object_ref (message),
                       GUINT_TO_POINTER (g_list_model_get_n_items (G_LIST_MODEL (self->store))));

  /* follow the end until the user picks a row */
  if (gtk_single_selection_get_selected (self->selection) == GTK_INVALID_LIST_POSITION)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, scroll_to_end_cb, g_object_ref (self),
                     g_object_unref);
}

void
runnel_mcp_message_list_clear (RunnelMcpMessageList *self)
{
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self));

  g_list_store_remove_all (self->store);
  g_hash_table_remove_all (self->numbers);
}

GListModel *
runnel_mcp_message_list_get_model (RunnelMcpMessageList *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self), NULL);
  return G_LIST_MODEL (self->store);
}

RunnelMcpMessage *
runnel_mcp_message_list_get_selected (RunnelMcpMessageList *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self), NULL);
  return gtk_single_selection_get_selected_item (self->selection);
}

void
runnel_mcp_message_list_select (RunnelMcpMessageList *self,
                                guint                 position)
{
  g_return_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self));
  gtk_single_selection_set_selected (self->selection, position);
}

guint
runnel_mcp_message_list_get_number (RunnelMcpMessageList *self,
                                    RunnelMcpMessage     *message)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_MESSAGE_LIST (self), 0);
  return GPOINTER_TO_UINT (g_hash_table_lookup (self->numbers, message));
}

static void
runnel_mcp_message_list_dispose (GObject *object)
{
  RunnelMcpMessageList *self = (RunnelMcpMessageList *)object;

  g_clear_pointer (&self->scrolled, gtk_widget_unparent);
  g_clear_object (&self->selection);
  g_clear_object (&self->store);
  g_clear_pointer (&self->numbers, g_hash_table_unref);

  G_OBJECT_CLASS (runnel_mcp_message_list_parent_class)->dispose (object);
}

static void
runnel_mcp_message_list_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  RunnelMcpMessageList *self = RUNNEL_MCP_MESSAGE_LIST (object);

  switch (prop_id)
    {
    case PROP_SELECTED:
      g_value_set_object (value, runnel_mcp_message_list_get_selected (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_mcp_message_list_class_init (RunnelMcpMessageListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_mcp_message_list_dispose;
  object_class->get_property = runnel_mcp_message_list_get_property;

  properties [PROP_SELECTED] =
    g_param_spec_object ("selected", NULL, NULL,
                         RUNNEL_TYPE_MCP_MESSAGE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mcpmessagelist");
}

static void
runnel_mcp_message_list_init (RunnelMcpMessageList *self)
{
  self->store = g_list_store_new (RUNNEL_TYPE_MCP_MESSAGE);
  self->numbers = g_hash_table_new_full (NULL, NULL, g_object_unref, NULL);
  self->selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->store)));
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected",
                           G_CALLBACK (selection_changed_cb), self, G_CONNECT_SWAPPED);

  self->view = GTK_COLUMN_VIEW (gtk_column_view_new (GTK_SELECTION_MODEL (g_object_ref
                                                                           (self->selection))));
  gtk_widget_add_css_class (GTK_WIDGET (self->view), "data-table");
  gtk_column_view_set_show_column_separators (self->view, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (columns); i++)
    {
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column;
      Column *data = g_new0 (Column, 1);

      /* the list outlives its column view's factories */
      data->self = self;
      data->id = columns[i].id;
      data->width_chars = columns[i].width_chars;
      g_signal_connect_data (factory, "setup", G_CALLBACK (setup_cb), data,
                             (GClosureNotify) G_CALLBACK (g_free), 0);
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cb), data);
      column = gtk_column_view_column_new (_(columns[i].title), factory);
      gtk_column_view_column_set_expand (column, columns[i].expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      gtk_column_view_append_column (self->view, column);
      g_object_unref (column);
    }

  self->scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (self->scrolled), GTK_WIDGET (self->view));
  gtk_widget_set_parent (self->scrolled, GTK_WIDGET (self));
}

GtkWidget *
runnel_mcp_message_list_new (void)
{
  return g_object_new (RUNNEL_TYPE_MCP_MESSAGE_LIST, NULL);
}
