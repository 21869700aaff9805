/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-har-chooser.c: which event streams of a HAR file to open, each in a tab */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-har-chooser.h"
#include "runnel-har.h"

#define MAX_LIST_HEIGHT 360
#define ROW_HEIGHT      72

struct _RunnelHarChooser
{
  AdwMessageDialog  parent_instance;

  /* Owned */
  GPtrArray        *streams;   /* RunnelHarStream, borrowed ones */
  GPtrArray        *checks;    /* GtkCheckButton, one per stream */
};

G_DEFINE_FINAL_TYPE (RunnelHarChooser, runnel_har_chooser, ADW_TYPE_MESSAGE_DIALOG)

static void
update_open (RunnelHarChooser *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < self->checks->len && !any; i++)
    any = gtk_check_button_get_active (self->checks->pdata[i]);

  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (self), "open", any);
}

static GtkWidget *
stream_row (RunnelHarChooser *self,
            RunnelHarStream  *stream)
{
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();
  const char *status = stream->status != 0 ? "" : _("no response");

  title = g_strdup_printf ("%s %s", runnel_request_get_method (stream->request),
                           runnel_request_get_url (stream->request));
  /* TRANSLATORS: "Entry 3 · 12 events · HTTP 200" */
  subtitle = stream->status != 0
             ? g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Entry %u · %u event · HTTP %u",
                                             "Entry %u · %u events · HTTP %u",
                                             stream->events->len),
                                stream->entry, stream->events->len, stream->status)
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Entry %u · %u event · %s",
                                             "Entry %u · %u events · %s", stream->events->len),
                                stream->entry, stream->events->len, status);

  /* a URL is not markup */
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 2);

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_signal_connect_object (check, "toggled", G_CALLBACK (update_open), self, G_CONNECT_SWAPPED);
  g_ptr_array_add (self->checks, check);

  return row;
}

static void
runnel_har_chooser_finalize (GObject *object)
{
  RunnelHarChooser *self = (RunnelHarChooser *)object;

  g_clear_pointer (&self->streams, g_ptr_array_unref);
  g_clear_pointer (&self->checks, g_ptr_array_unref);

  G_OBJECT_CLASS (runnel_har_chooser_parent_class)->finalize (object);
}

static void
runnel_har_chooser_class_init (RunnelHarChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = runnel_har_chooser_finalize;
}

static void
runnel_har_chooser_init (RunnelHarChooser *self)
{
  self->streams = g_ptr_array_new ();
  self->checks = g_ptr_array_new ();
}

GtkWidget *
runnel_har_chooser_new (GtkWindow  *parent,
                        const char *file_name,
                        GPtrArray  *streams)
{
  RunnelHarChooser *self;
  g_autofree char *body = NULL;
  GtkWidget *scrolled;
  GtkWidget *list;

  g_return_val_if_fail (streams != NULL, NULL);

  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                       "“%s” holds %u event stream. Each one chosen opens in a "
                                       "tab of its own, with its request ready to run again.",
                                       "“%s” holds %u event streams. Each one chosen opens in a "
                                       "tab of its own, with its request ready to run again.",
                                       streams->len),
                          file_name, streams->len);
  self = g_object_new (RUNNEL_TYPE_HAR_CHOOSER,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", _("Open Streams from the Archive"),
                       "body", body,
                       NULL);

  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  for (guint i = 0; i < streams->len; i++)
    {
      g_ptr_array_add (self->streams, streams->pdata[i]);
      gtk_list_box_append (GTK_LIST_BOX (list), stream_row (self, streams->pdata[i]));
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), MAX_LIST_HEIGHT);
  /* a message dialog keeps its extra child small: make room for a few rows at least */
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled),
                                              MIN (streams->len * ROW_HEIGHT, MAX_LIST_HEIGHT));
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), list);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), scrolled);

  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "open", _("_Open"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");

  return GTK_WIDGET (self);
}

GPtrArray *
runnel_har_chooser_get_chosen (RunnelHarChooser *self)
{
  GPtrArray *chosen;

  g_return_val_if_fail (RUNNEL_IS_HAR_CHOOSER (self), NULL);

  chosen = g_ptr_array_new ();
  for (guint i = 0; i < self->checks->len; i++)
    {
      if (gtk_check_button_get_active (self->checks->pdata[i]))
        g_ptr_array_add (chosen, self->streams->pdata[i]);
    }

  return chosen;
}

void
runnel_har_chooser_set_chosen (RunnelHarChooser *self,
                               guint             position,
                               gboolean          chosen)
{
  g_return_if_fail (RUNNEL_IS_HAR_CHOOSER (self));
  g_return_if_fail (position < self->checks->len);

  gtk_check_button_set_active (self->checks->pdata[position], chosen);
}
