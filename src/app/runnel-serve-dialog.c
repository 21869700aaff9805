/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-serve-dialog.c: Serve This Capture: a tab's events replayed by the built-in server */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-event-log.h"
#include "runnel-serve-dialog.h"

struct _RunnelServeDialog
{
  AdwMessageDialog  parent_instance;

  /* Owned */
  char             *url;
};

G_DEFINE_FINAL_TYPE (RunnelServeDialog, runnel_serve_dialog, ADW_TYPE_MESSAGE_DIALOG)

RunnelDemoCapture *
runnel_capture_from_model (GListModel *model,
                           const char *title)
{
  g_autoptr(RunnelDemoCapture) capture = runnel_demo_capture_new (title);
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);

  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RunnelEventItem) item = g_list_model_get_item (model, i);
      RunnelSseEvent *event = runnel_event_item_get_event (item);
      gsize len = 0;
      const char *data = runnel_sse_event_get_data (event, &len);

      runnel_demo_capture_add_event (capture, runnel_sse_event_get_event_type (event), data, len,
                                     runnel_sse_event_get_id (event),
                                     runnel_sse_event_get_real_time (event), -1);
    }

  return g_steal_pointer (&capture);
}

static void
copy_clicked_cb (RunnelServeDialog *self,
                 GtkButton         *button)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), self->url);
  gtk_button_set_icon_name (button, "object-select-symbolic");
}

static void
runnel_serve_dialog_finalize (GObject *object)
{
  RunnelServeDialog *self = (RunnelServeDialog *)object;

  g_clear_pointer (&self->url, g_free);

  G_OBJECT_CLASS (runnel_serve_dialog_parent_class)->finalize (object);
}

static void
runnel_serve_dialog_class_init (RunnelServeDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_serve_dialog_finalize;
}

static void
runnel_serve_dialog_init (RunnelServeDialog *self)
{
}

GtkWidget *
runnel_serve_dialog_new (GtkWindow  *parent,
                         const char *url,
                         guint       n_events)
{
  RunnelServeDialog *self;
  g_autofree char *body = NULL;
  GtkWidget *box;
  GtkWidget *entry;
  GtkWidget *copy;

  g_return_val_if_fail (url != NULL, NULL);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "The built-in server replays this capture's %u event "
                                       "with the gaps it was recorded with, to every client "
                                       "that connects, as long as Runnel runs.",
                                       "The built-in server replays this capture's %u events "
                                       "with the gaps they were recorded with, to every client "
                                       "that connects, as long as Runnel runs.",
                                       n_events),
                          n_events);
  self = g_object_new (RUNNEL_TYPE_SERVE_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("Serving This Capture"),
                       "body", body,
                       NULL);
  self->url = g_strdup (url);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (box, "linked");
  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), url);
  gtk_editable_set_editable (GTK_EDITABLE (entry), FALSE);
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stream URL"), -1);
  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_set_tooltip_text (copy, _("Copy"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Copy the URL"), -1);
  g_signal_connect_object (copy, "clicked", G_CALLBACK (copy_clicked_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (box), copy);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "close", _("_Close"),
                                    "open", _("_Open in New Tab"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "close");

  return GTK_WIDGET (self);
}

const char *
runnel_serve_dialog_get_url (RunnelServeDialog *self)
{
  g_return_val_if_fail (RUNNEL_IS_SERVE_DIALOG (self), NULL);

  return self->url;
}
