/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-page-actions.c: the MCP session tab's actions: initialize, call, resume test, end */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "runnel-mcp-page-private.h"

static void call_tool (RunnelMcpPage *self);

/* initialize */

static void
show_server (RunnelMcpPage *self)
{
  RunnelMcpSession *session = self->session;
  JsonObject *capabilities = runnel_mcp_session_get_capabilities (session);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autofree char *server = NULL;
  g_autofree char *details = NULL;
  g_autoptr(GList) members = capabilities != NULL ? json_object_get_members (capabilities) : NULL;

  for (const GList *l = members; l != NULL; l = l->next)
    g_string_append_printf (names, "%s%s", names->len > 0 ? ", " : "", (const char *) l->data);

  server = g_strdup_printf ("%s %s",
                            runnel_mcp_session_get_server_name (session) != NULL
                            ? runnel_mcp_session_get_server_name (session) : _("Unnamed server"),
                            runnel_mcp_session_get_server_version (session) != NULL
                            ? runnel_mcp_session_get_server_version (session) : "");
  gtk_label_set_text (self->server_label, g_strstrip (server));
  details = g_strdup_printf (_("Protocol %s · session %s\nCapabilities: %s"),
                             runnel_mcp_session_get_protocol_version (session),
                             runnel_mcp_session_get_session_id (session) != NULL
                             ? runnel_mcp_session_get_session_id (session) : _("none"),
                             names->len > 0 ? names->str : _("none"));
  gtk_label_set_text (self->details_label, details);
  _runnel_mcp_page_set_title (self, runnel_mcp_session_get_server_name (session));
}

static void
initialize_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(RunnelMcpPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!runnel_mcp_session_initialize_finish (RUNNEL_MCP_SESSION (object), result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          _runnel_mcp_page_set_status (self, error->message, TRUE);
          _runnel_mcp_page_set_busy (self, FALSE);
          _runnel_mcp_page_update_actions (self);
        }
      return;
    }

  if (RUNNEL_MCP_SESSION (object) != self->session)
    return;

  _runnel_mcp_page_set_busy (self, FALSE);
  show_server (self);
  _runnel_mcp_page_update_actions (self);
  _runnel_mcp_page_request_list (self, "tools/list", "tools");
  if (runnel_mcp_session_has_capability (self->session, "resources"))
    _runnel_mcp_page_request_list (self, "resources/list", "resources");
  if (runnel_mcp_session_has_capability (self->session, "prompts"))
    _runnel_mcp_page_request_list (self, "prompts/list", "prompts");
}

static RunnelRequest *
make_request (RunnelMcpPage  *self,
              GError        **error)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
  g_autoptr(RunnelRequest) request = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *headers = NULL;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->headers_view);
  GtkTextIter start, end;

  if (!runnel_request_check_url (url, error))
    return NULL;

  request = runnel_request_new (url);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  headers = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  lines = g_strsplit (headers, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (*g_strstrip (lines[i]) != '\0' &&
        !runnel_request_parse_header_line (request, lines[i], error))
      return NULL;

  return g_steal_pointer (&request);
}


static void
initialize_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;

  request = make_request (self, &error);
  if (request == NULL)
    {
      _runnel_mcp_page_set_status (self, error->message, TRUE);
      return;
    }

  _runnel_mcp_page_drop_session (self);
  self->cancellable = g_cancellable_new ();
  self->session = runnel_mcp_session_new (request);
  g_signal_connect_object (self->session, "message",
                           G_CALLBACK (_runnel_mcp_page_session_message_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "note",
                           G_CALLBACK (_runnel_mcp_page_session_note_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::state",
                           G_CALLBACK (_runnel_mcp_page_session_state_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->session, "notify::stream-state",
                           G_CALLBACK (_runnel_mcp_page_session_state_cb), self,
                           G_CONNECT_SWAPPED);

  runnel_mcp_message_list_clear (self->message_list);
  _runnel_mcp_page_clear_list (self->tools_list);
  _runnel_mcp_page_clear_list (self->resources_list);
  _runnel_mcp_page_clear_list (self->prompts_list);
  gtk_label_set_text (self->result_label, "");
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  _runnel_mcp_page_set_status (self, _("Initializing…"), FALSE);
  _runnel_mcp_page_set_busy (self, TRUE);
  _runnel_mcp_page_update_actions (self);
  runnel_mcp_session_initialize_async (self->session, self->cancellable, initialize_cb,
                                       g_object_ref (self));
}

/* the text of a tool result's content, or of its error */
static char *
result_text (RunnelMcpMessage *response)
{
  JsonObject *result = runnel_mcp_message_get_result (response);
  JsonNode *content = result != NULL ? json_object_get_member (result, "content") : NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  if (content != NULL && JSON_NODE_HOLDS_ARRAY (content))
    for (guint i = 0; i < json_array_get_length (json_node_get_array (content)); i++)
      {
        JsonNode *item = json_array_get_element (json_node_get_array (content), i);

        if (JSON_NODE_HOLDS_OBJECT (item) &&
            json_object_get_string_member_with_default (json_node_get_object (item), "text",
                                                        NULL) != NULL)
          g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "",
                                  json_object_get_string_member (json_node_get_object (item),
                                                                 "text"));
      }

  if (result != NULL && json_object_get_boolean_member_with_default (result, "isError", FALSE))
    return g_strdup_printf (_("The tool reported an error: %s"), text->str);

  return g_strdup_printf (_("Result: %s"), text->len > 0 ? text->str : _("(no text)"));
}

static void
finish_resume_test (RunnelMcpPage *self)
{
  guint lost = 0;
  guint repeated = 0;
  guint dropped = (guint) gtk_spin_button_get_value_as_int (self->drop_spin);
  g_autofree char *text = NULL;

  self->phase = RESUME_NONE;
  if (runnel_mcp_session_get_n_resumptions (self->session) == self->resumptions)
    {
      text = g_strdup_printf (_("Resume test: the response came before event %u, so nothing was "
                                "dropped; try a smaller number"), dropped);
      gtk_label_set_text (self->result_label, text);
      return;
    }

  runnel_mcp_compare_runs (self->reference, self->resumed, &lost, &repeated);
  if (lost == 0 && repeated == 0)
    text = g_strdup_printf (_("Resume test passed: dropped after %u events and resumed with "
                              "Last-Event-ID; none lost, none repeated (%u messages, as "
                              "straight through)"), dropped, self->resumed->len);
  else
    text = g_strdup_printf (_("Resume test failed: dropped after %u events and resumed with "
                              "Last-Event-ID; %u lost, %u repeated"), dropped, lost, repeated);
  gtk_label_set_text (self->result_label, text);
}

static void
call_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(RunnelMcpPage) self = user_data;
  g_autoptr(RunnelMcpMessage) response = NULL;
  g_autoptr(GError) error = NULL;

  response = runnel_mcp_session_request_finish (RUNNEL_MCP_SESSION (object), result, &error);
  if (RUNNEL_MCP_SESSION (object) != self->session)
    return;

  _runnel_mcp_page_set_busy (self, FALSE);
  g_clear_object (&self->call);

  if (response == NULL)
    {
      self->phase = RESUME_NONE;
      gtk_label_set_text (self->result_label, error->message);
      _runnel_mcp_page_set_status (self, error->message, TRUE);
      _runnel_mcp_page_update_actions (self);
      return;
    }

  if (self->phase == RESUME_REFERENCE)
    {
      /* the same call again, cut after N events */
      self->phase = RESUME_DROPPED;
      self->resumptions = runnel_mcp_session_get_n_resumptions (self->session);
      runnel_mcp_session_set_drop_after (self->session,
                                         gtk_spin_button_get_value_as_int (self->drop_spin));
      call_tool (self);
      return;
    }

  if (self->phase == RESUME_DROPPED)
    finish_resume_test (self);
  else
    {
      g_autofree char *text = result_text (response);

      gtk_label_set_text (self->result_label, text);
    }
  _runnel_mcp_page_update_actions (self);
}

static void
call_tool (RunnelMcpPage *self)
{
  g_autoptr(JsonNode) arguments = NULL;
  g_autoptr(GError) error = NULL;
  const char *name = runnel_mcp_tool_form_get_tool_name (self->tool_form);

  arguments = runnel_mcp_tool_form_dup_arguments (self->tool_form, &error);
  if (arguments == NULL)
    {
      self->phase = RESUME_NONE;
      gtk_label_set_text (self->result_label, error->message);
      _runnel_mcp_page_update_actions (self);
      return;
    }

  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_progress_bar_set_text (self->progress_bar, NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), FALSE);
  gtk_label_set_text (self->result_label, _("Calling…"));
  _runnel_mcp_page_set_busy (self, TRUE);
  _runnel_mcp_page_update_actions (self);
  self->awaiting_call = TRUE;
  runnel_mcp_session_call_tool_async (self->session, name, arguments, TRUE, self->cancellable,
                                      call_cb, g_object_ref (self));
}

static void
call_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  RUNNEL_MCP_PAGE (widget)->phase = RESUME_NONE;
  call_tool (RUNNEL_MCP_PAGE (widget));
}

static void
resume_test_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);

  g_ptr_array_set_size (self->reference, 0);
  g_ptr_array_set_size (self->resumed, 0);
  self->phase = RESUME_REFERENCE;
  call_tool (self);
}

/* The GET stream and the end */

static void
toggle_stream_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);

  if (runnel_mcp_session_get_stream_state (self->session) == RUNNEL_SSE_CLIENT_STATE_IDLE)
    runnel_mcp_session_open_stream (self->session);
  else
    runnel_mcp_session_close_stream (self->session);
  _runnel_mcp_page_update_actions (self);
}

static void
end_cb (GObject      *object,
        GAsyncResult *result,
        gpointer      user_data)
{
  g_autoptr(RunnelMcpPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (RUNNEL_MCP_SESSION (object) != self->session)
    return;

  _runnel_mcp_page_set_busy (self, FALSE);
  if (!runnel_mcp_session_end_finish (RUNNEL_MCP_SESSION (object), result, &error))
    _runnel_mcp_page_set_status (self, error->message, TRUE);
  else
    _runnel_mcp_page_set_status (self, _("Session ended: initialize to start a new one"), FALSE);
  _runnel_mcp_page_update_actions (self);
}

static void
end_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);

  _runnel_mcp_page_set_busy (self, TRUE);
  _runnel_mcp_page_update_actions (self);
  runnel_mcp_session_end_async (self->session, self->cancellable, end_cb, g_object_ref (self));
}

void
_runnel_mcp_page_class_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "mcp.initialize", NULL, initialize_action);
  gtk_widget_class_install_action (widget_class, "mcp.call", NULL, call_action);
  gtk_widget_class_install_action (widget_class, "mcp.resume-test", NULL, resume_test_action);
  gtk_widget_class_install_action (widget_class, "mcp.toggle-stream", NULL,
                                   toggle_stream_action);
  gtk_widget_class_install_action (widget_class, "mcp.end", NULL, end_action);
}
