/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-requests-popover.c: the header bar's list of saved requests and recent streams */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "runnel-saved-requests-popover.h"

struct _RunnelSavedRequestsPopover
{
  GtkPopover          parent_instance;

  /* Template widgets */
  GtkListBox         *saved_list;
  GtkListBox         *recent_list;

  /* Owned */
  RunnelRequestStore *store;
};

enum {
  PROP_0,
  PROP_STORE,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelSavedRequestsPopover, runnel_saved_requests_popover, GTK_TYPE_POPOVER)

static char *
describe (RunnelSavedRequest *entry,
          gboolean            recent)
{
  RunnelRequest *request = runnel_saved_request_get_request (entry);
  const char *method = runnel_request_get_method (request);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *when = NULL;

  if (!recent)
    return g_strdup_printf ("%s %s", method, runnel_request_get_url (request));

  time = g_date_time_new_from_unix_local (runnel_saved_request_get_time (entry) / G_USEC_PER_SEC);
  /* TRANSLATORS: when a stream was last opened, see g_date_time_format () */
  when = time != NULL ? g_date_time_format (time, _("%b %-d, %H:%M")) : g_strdup ("");

  /* TRANSLATORS: a recent stream's method and when it was last opened */
  return g_strdup_printf (_("%s · %s"), method, when);
}

static GtkWidget *
row_button (const char *icon_name,
            const char *tooltip,
            const char *action_name,
            const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);

  return button;
}

static GtkWidget *
new_row (RunnelSavedRequest *entry,
         gboolean            recent)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = runnel_saved_request_get_name (entry);
  g_autofree char *subtitle = describe (entry, recent);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_tooltip_text (row,
                               runnel_request_get_url (runnel_saved_request_get_request (entry)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (!recent)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-saved");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Rename"),
                                             "win.rename-saved", name));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Delete"),
                                             "win.delete-saved", name));
    }

  return row;
}

static GtkWidget *
new_saved_row (gpointer item,
               gpointer user_data)
{
  return new_row (item, FALSE);
}

static GtkWidget *
new_recent_row (gpointer item,
                gpointer user_data)
{
  return new_row (item, TRUE);
}

/* recent rows open by position, which changes: number them again on every change */
static void
number_recent_rows (RunnelSavedRequestsPopover *self)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (self->recent_list, i)) != NULL; i++)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", (guint32) i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
    }
}

void
runnel_saved_requests_popover_set_store (RunnelSavedRequestsPopover *self,
                                         RunnelRequestStore         *store)
{
  g_return_if_fail (RUNNEL_IS_SAVED_REQUESTS_POPOVER (self));
  g_return_if_fail (store == NULL || RUNNEL_IS_REQUEST_STORE (store));

  if (self->store == store)
    return;

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (runnel_request_store_get_history (self->store), self);
  g_set_object (&self->store, store);

  gtk_list_box_bind_model (self->saved_list,
                           store != NULL ? runnel_request_store_get_saved (store) : NULL,
                           new_saved_row, NULL, NULL);
  gtk_list_box_bind_model (self->recent_list,
                           store != NULL ? runnel_request_store_get_history (store) : NULL,
                           new_recent_row, NULL, NULL);
  if (store != NULL)
    {
      number_recent_rows (self);
      /* after the list box's own handler, which adds the rows */
      g_signal_connect_object (runnel_request_store_get_history (store), "items-changed",
                               G_CALLBACK (number_recent_rows), self,
                               G_CONNECT_SWAPPED | G_CONNECT_AFTER);
    }

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STORE]);
}

GtkListBox *
runnel_saved_requests_popover_get_list (RunnelSavedRequestsPopover *self,
                                        gboolean                    recent)
{
  g_return_val_if_fail (RUNNEL_IS_SAVED_REQUESTS_POPOVER (self), NULL);

  return recent ? self->recent_list : self->saved_list;
}

static void
runnel_saved_requests_popover_dispose (GObject *object)
{
  RunnelSavedRequestsPopover *self = RUNNEL_SAVED_REQUESTS_POPOVER (object);

  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (runnel_request_store_get_history (self->store), self);
  g_clear_object (&self->store);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_SAVED_REQUESTS_POPOVER);

  G_OBJECT_CLASS (runnel_saved_requests_popover_parent_class)->dispose (object);
}

static void
runnel_saved_requests_popover_get_property (GObject    *object,
                                            guint       prop_id,
                                            GValue     *value,
                                            GParamSpec *pspec)
{
  RunnelSavedRequestsPopover *self = RUNNEL_SAVED_REQUESTS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      g_value_set_object (value, self->store);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_saved_requests_popover_set_property (GObject      *object,
                                            guint         prop_id,
                                            const GValue *value,
                                            GParamSpec   *pspec)
{
  RunnelSavedRequestsPopover *self = RUNNEL_SAVED_REQUESTS_POPOVER (object);

  switch (prop_id)
    {
    case PROP_STORE:
      runnel_saved_requests_popover_set_store (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_saved_requests_popover_class_init (RunnelSavedRequestsPopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_saved_requests_popover_dispose;
  object_class->get_property = runnel_saved_requests_popover_get_property;
  object_class->set_property = runnel_saved_requests_popover_set_property;

  properties[PROP_STORE] =
    g_param_spec_object ("store", NULL, NULL, RUNNEL_TYPE_REQUEST_STORE,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (
    widget_class, "/io/github/runnel/Runnel/runnel-saved-requests-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelSavedRequestsPopover, saved_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelSavedRequestsPopover, recent_list);
}

static void
runnel_saved_requests_popover_init (RunnelSavedRequestsPopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
