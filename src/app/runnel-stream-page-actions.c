/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page-actions.c: every stream.* action of a stream page */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-stream-page-private.h"

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
  _runnel_stream_page_update_state (self);
}

static void
runnel_stream_page_add_header_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  runnel_request_editor_focus_new_header (RUNNEL_STREAM_PAGE (widget)->request_editor);
}

static void
runnel_stream_page_copy_event_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  RunnelStreamPage *self = RUNNEL_STREAM_PAGE (widget);
  RunnelSseEvent *event = runnel_event_list_get_selected_event (self->event_list);
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

  _runnel_stream_page_reset_for_new_stream (self);
  runnel_stream_status_update (self->stream_status);
}

static void
runnel_stream_page_scroll_to_end_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  runnel_event_list_follow_end (RUNNEL_STREAM_PAGE (widget)->event_list);
}

static void
runnel_stream_page_show_detail_action (GtkWidget  *widget,
                                       const char *action_name,
                                       GVariant   *parameter)
{
  _runnel_stream_page_set_detail_open (RUNNEL_STREAM_PAGE (widget), TRUE);
}

static void
runnel_stream_page_show_list_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  _runnel_stream_page_set_detail_open (RUNNEL_STREAM_PAGE (widget), FALSE);
}

/* the detail of the selected event, or that none is (the Assembled view going back) */
static void
runnel_stream_page_show_selected_action (GtkWidget  *widget,
                                         const char *action_name,
                                         GVariant   *parameter)
{
  _runnel_stream_page_show_selected (RUNNEL_STREAM_PAGE (widget));
}

void
_runnel_stream_page_class_actions_init (GtkWidgetClass *widget_class)
{
  static const struct {
    const char                 *name;
    const char                 *parameter_type;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "stream.connect", NULL, runnel_stream_page_connect_action },
    { "stream.disconnect", NULL, runnel_stream_page_disconnect_action },
    { "stream.toggle-connection", NULL, runnel_stream_page_toggle_connection_action },
    { "stream.reconnect", NULL, runnel_stream_page_reconnect_action },
    { "stream.add-header", NULL, runnel_stream_page_add_header_action },
    { "stream.copy-event", NULL, runnel_stream_page_copy_event_action },
    { "stream.focus-filter", NULL, runnel_stream_page_focus_filter_action },
    { "stream.clear", NULL, runnel_stream_page_clear_action },
    { "stream.scroll-to-end", NULL, runnel_stream_page_scroll_to_end_action },
    { "stream.show-detail", NULL, runnel_stream_page_show_detail_action },
    { "stream.show-list", NULL, runnel_stream_page_show_list_action },
    { "stream.show-selected", NULL, runnel_stream_page_show_selected_action },
  };
  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].parameter_type,
                                     actions[i].activate);
  gtk_widget_class_install_property_action (widget_class, "stream.pause", "paused");
  gtk_widget_class_install_property_action (widget_class, "stream.show-raw", "show-raw");
  gtk_widget_class_install_property_action (widget_class, "stream.view", "view");
}
