/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-page.c: an MCP session tab: the server, its tools, a call, the messages */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "runnel-json.h"
#include "runnel-mcp-page-private.h"

enum {
  PROP_0,
  PROP_TITLE,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelMcpPage, runnel_mcp_page, GTK_TYPE_WIDGET)


void
_runnel_mcp_page_set_status (RunnelMcpPage *self,
                             const char    *text,
                             gboolean       error)
{
  gtk_label_set_text (self->status_label, text);
  if (error)
    gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->status_label), "error");
}

void
_runnel_mcp_page_set_busy (RunnelMcpPage *self,
                           gboolean       busy)
{
  if (self->busy == busy)
    return;

  self->busy = busy;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BUSY]);
}

void
_runnel_mcp_page_update_actions (RunnelMcpPage *self)
{
  gboolean ready = self->session != NULL &&
                   runnel_mcp_session_get_state (self->session) == RUNNEL_MCP_SESSION_STATE_READY;
  gboolean tool = runnel_mcp_tool_form_get_tool_name (self->tool_form) != NULL;
  gboolean open = self->session != NULL &&
                  runnel_mcp_session_get_stream_state (self->session) !=
                  RUNNEL_SSE_CLIENT_STATE_IDLE;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mcp.initialize", !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mcp.call", ready && tool && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mcp.resume-test",
                                 ready && tool && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mcp.toggle-stream", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "mcp.end", ready && !self->busy);
  gtk_button_set_label (self->stream_button, open ? _("Close GET Stream") : _("Open GET Stream"));
}

void
_runnel_mcp_page_set_title (RunnelMcpPage *self,
                            const char    *title)
{
  g_free (self->title);
  self->title = g_strdup (title);
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_TITLE]);
}

/* The messages */

static void
show_progress (RunnelMcpPage    *self,
               RunnelMcpMessage *message)
{
  const char *text = NULL;
  double progress = 0;
  double total = 0;

  if (!runnel_mcp_message_get_progress (message, &progress, &total, &text))
    return;

  gtk_widget_set_visible (GTK_WIDGET (self->progress_bar), TRUE);
  if (total > 0)
    gtk_progress_bar_set_fraction (self->progress_bar, CLAMP (progress / total, 0, 1));
  else
    gtk_progress_bar_pulse (self->progress_bar);

  {
    g_autofree char *label = total > 0 ? g_strdup_printf ("%g / %g", progress, total)
                                       : g_strdup_printf ("%g", progress);
    g_autofree char *full = text != NULL ? g_strdup_printf ("%s · %s", label, text)
                                         : g_steal_pointer (&label);

    gtk_progress_bar_set_text (self->progress_bar, full);
  }
}

void
_runnel_mcp_page_session_message_cb (RunnelMcpPage    *self,
                                     RunnelMcpMessage *message)
{
  runnel_mcp_message_list_append (self->message_list, message);

  if (self->awaiting_call &&
      runnel_mcp_message_get_direction (message) == RUNNEL_MCP_DIRECTION_SENT &&
      g_strcmp0 (runnel_mcp_message_get_method (message), "tools/call") == 0)
    {
      self->awaiting_call = FALSE;
      g_set_object (&self->call, message);
      return;
    }

  if (self->call == NULL || runnel_mcp_message_get_request (message) != self->call)
    return;

  show_progress (self, message);
  if (self->phase == RESUME_REFERENCE)
    g_ptr_array_add (self->reference, g_object_ref (message));
  else if (self->phase == RESUME_DROPPED)
    g_ptr_array_add (self->resumed, g_object_ref (message));
}

void
_runnel_mcp_page_session_note_cb (RunnelMcpPage *self,
                                  const char    *text)
{
  _runnel_mcp_page_set_status (self, text, FALSE);
}

void
_runnel_mcp_page_session_state_cb (RunnelMcpPage *self)
{
  _runnel_mcp_page_update_actions (self);
}

/* The lists */

static GtkWidget *
list_row (const char *title,
          const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *escaped_title = g_markup_escape_text (title != NULL ? title : "", -1);
  g_autofree char *escaped = g_markup_escape_text (subtitle != NULL ? subtitle : "", -1);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped_title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), escaped);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 2);
  return row;
}

void
_runnel_mcp_page_clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

/* fills @list from the @member array of @result: its "name" (or "uri") and "description" */
static void
fill_list (GtkListBox *list,
           GtkWidget  *title,
           JsonObject *result,
           const char *member)
{
  JsonNode *node = result != NULL ? json_object_get_member (result, member) : NULL;
  JsonArray *array;

  _runnel_mcp_page_clear_list (list);
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return;

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *object;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        continue;
      object = json_node_get_object (element);
      gtk_list_box_append (list,
                           list_row (json_object_get_string_member_with_default (object, "name",
                                                                                 ""),
                                     json_object_get_string_member_with_default
                                       (object, "description",
                                        json_object_get_string_member_with_default (object, "uri",
                                                                                    ""))));
    }

  if (title != NULL)
    gtk_widget_set_visible (title, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (list), TRUE);
}

/* a list asked for: its page (a reference) and the result's member that holds it */
typedef struct
{
  RunnelMcpPage *self;
  const char    *member;
} ListRequest;

static void
list_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  ListRequest *list = user_data;
  g_autoptr(RunnelMcpPage) self = list->self;
  const char *member = list->member;
  g_autoptr(RunnelMcpMessage) response = NULL;
  g_autoptr(GError) error = NULL;

  g_free (list);
  response = runnel_mcp_session_request_finish (RUNNEL_MCP_SESSION (object), result, &error);
  if (RUNNEL_MCP_SESSION (object) != self->session)
    return;
  if (response == NULL)
    {
      _runnel_mcp_page_set_status (self, error->message, TRUE);
      return;
    }

  if (g_str_equal (member, "tools"))
    {
      JsonNode *tools = json_object_get_member (runnel_mcp_message_get_result (response), "tools");

      g_clear_pointer (&self->tools, json_node_unref);
      self->tools = tools != NULL && JSON_NODE_HOLDS_ARRAY (tools) ? json_node_copy (tools) : NULL;
      fill_list (self->tools_list, NULL, runnel_mcp_message_get_result (response), member);
      if (self->tools != NULL && json_array_get_length (json_node_get_array (self->tools)) > 0)
        gtk_list_box_select_row (self->tools_list, gtk_list_box_get_row_at_index
                                                     (self->tools_list, 0));
    }
  else if (g_str_equal (member, "resources"))
    fill_list (self->resources_list, self->resources_title,
               runnel_mcp_message_get_result (response), member);
  else
    fill_list (self->prompts_list, self->prompts_title,
               runnel_mcp_message_get_result (response), member);
}

void
_runnel_mcp_page_request_list (RunnelMcpPage *self,
                               const char    *method,
                               const char    *member)
{
  ListRequest *list = g_new0 (ListRequest, 1);

  list->self = g_object_ref (self);
  list->member = member;
  runnel_mcp_session_request_async (self->session, method, NULL, self->cancellable, list_cb, list);
}

void
_runnel_mcp_page_drop_session (RunnelMcpPage *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->session, self);
      runnel_mcp_session_close_stream (self->session);
      g_clear_object (&self->session);
    }
  g_clear_object (&self->call);
  self->phase = RESUME_NONE;
  self->awaiting_call = FALSE;
}

/* Tools */

static void
tool_selected_cb (RunnelMcpPage *self,
                  GtkListBoxRow *row)
{
  JsonObject *tool = NULL;

  /* the list lets go of its rows as the template is disposed */
  if (self->tool_form == NULL)
    return;

  if (row != NULL && self->tools != NULL)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (self->tools),
                                               gtk_list_box_row_get_index (row));

      if (JSON_NODE_HOLDS_OBJECT (node))
        tool = json_node_get_object (node);
    }

  runnel_mcp_tool_form_set_tool (self->tool_form, tool);
  gtk_label_set_text (self->tool_title,
                      tool != NULL ? json_object_get_string_member_with_default (tool, "name", "")
                                   : "");
  _runnel_mcp_page_update_actions (self);
}

/* The selected message */

static void
message_selected_cb (RunnelMcpPage *self)
{
  RunnelMcpMessage *message;
  RunnelMcpMessage *request;
  g_autofree char *pretty = NULL;
  g_autofree char *about = NULL;
  const char *text;

  if (self->message_list == NULL || self->detail_view == NULL)
    return;

  message = runnel_mcp_message_list_get_selected (self->message_list);
  if (message == NULL)
    {
      gtk_label_set_text (self->detail_label, _("Select a message to see it whole."));
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_view), "", -1);
      return;
    }

  text = runnel_mcp_message_get_text (message);
  pretty = runnel_json_to_pretty_string (text, -1, NULL);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->detail_view),
                            pretty != NULL ? pretty : text, -1);

  request = runnel_mcp_message_get_request (message);
  if (request != NULL)
    about = g_strdup_printf (_("Message #%u answers request #%u (%s), %.0f ms after it"),
                             runnel_mcp_message_list_get_number (self->message_list, message),
                             runnel_mcp_message_list_get_number (self->message_list, request),
                             runnel_mcp_message_get_method (request),
                             (runnel_mcp_message_get_real_time (message) -
                              runnel_mcp_message_get_real_time (request)) / 1000.0);
  else
    about = g_strdup_printf (_("Message #%u"),
                             runnel_mcp_message_list_get_number (self->message_list, message));
  gtk_label_set_text (self->detail_label, about);
}

/* Narrow: the session and its tools above the messages, not beside them */

#define NARROW_WIDTH 720

static void
window_size_cb (RunnelMcpPage *self)
{
  int width = 0;
  int height = 0;
  gboolean narrow;

  gtk_window_get_default_size (self->window, &width, &height);
  narrow = width > 0 && width < NARROW_WIDTH && !gtk_window_is_maximized (self->window);
  if (narrow == (gtk_orientable_get_orientation (GTK_ORIENTABLE (self->paned)) ==
                 GTK_ORIENTATION_VERTICAL))
    return;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self->paned),
                                  narrow ? GTK_ORIENTATION_VERTICAL : GTK_ORIENTATION_HORIZONTAL);
  gtk_paned_set_position (self->paned, narrow ? 320 : 380);
}

static void
runnel_mcp_page_root (GtkWidget *widget)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);
  GtkRoot *root;

  GTK_WIDGET_CLASS (runnel_mcp_page_parent_class)->root (widget);

  root = gtk_widget_get_root (widget);
  if (!GTK_IS_WINDOW (root))
    return;

  self->window = GTK_WINDOW (root);
  g_signal_connect_object (root, "notify::default-width", G_CALLBACK (window_size_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (root, "notify::maximized", G_CALLBACK (window_size_cb), self,
                           G_CONNECT_SWAPPED);
  window_size_cb (self);
}

static void
runnel_mcp_page_unroot (GtkWidget *widget)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (widget);

  if (self->window != NULL)
    g_signal_handlers_disconnect_by_func (self->window, window_size_cb, self);
  self->window = NULL;

  GTK_WIDGET_CLASS (runnel_mcp_page_parent_class)->unroot (widget);
}

/* The object */

static void
runnel_mcp_page_dispose (GObject *object)
{
  RunnelMcpPage *self = (RunnelMcpPage *)object;

  _runnel_mcp_page_drop_session (self);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_MCP_PAGE);

  G_OBJECT_CLASS (runnel_mcp_page_parent_class)->dispose (object);
}

static void
runnel_mcp_page_finalize (GObject *object)
{
  RunnelMcpPage *self = (RunnelMcpPage *)object;

  g_clear_pointer (&self->tools, json_node_unref);
  g_clear_pointer (&self->reference, g_ptr_array_unref);
  g_clear_pointer (&self->resumed, g_ptr_array_unref);
  g_clear_pointer (&self->title, g_free);

  G_OBJECT_CLASS (runnel_mcp_page_parent_class)->finalize (object);
}

static void
runnel_mcp_page_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  RunnelMcpPage *self = RUNNEL_MCP_PAGE (object);

  switch (prop_id)
    {
    case PROP_TITLE:
      g_value_set_string (value, runnel_mcp_page_get_title (self));
      break;

    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_mcp_page_class_init (RunnelMcpPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_mcp_page_dispose;
  object_class->finalize = runnel_mcp_page_finalize;
  object_class->get_property = runnel_mcp_page_get_property;
  widget_class->root = runnel_mcp_page_root;
  widget_class->unroot = runnel_mcp_page_unroot;

  properties [PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL, NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  properties [PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL, FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUNNEL_TYPE_MCP_MESSAGE_LIST);
  g_type_ensure (RUNNEL_TYPE_MCP_TOOL_FORM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-mcp-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "mcppage");
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, main_box);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, paned);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, url_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, headers_view);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, server_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, details_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, stream_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, tools_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, tool_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, tool_form);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, result_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, drop_spin);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, resources_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, resources_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, prompts_title);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, prompts_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, message_list);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, detail_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelMcpPage, detail_view);
  gtk_widget_class_bind_template_callback (widget_class, tool_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, message_selected_cb);

  _runnel_mcp_page_class_actions_init (widget_class);
}

static void
runnel_mcp_page_init (RunnelMcpPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->reference = g_ptr_array_new_with_free_func (g_object_unref);
  self->resumed = g_ptr_array_new_with_free_func (g_object_unref);
  _runnel_mcp_page_update_actions (self);
}

GtkWidget *
runnel_mcp_page_new (void)
{
  return g_object_new (RUNNEL_TYPE_MCP_PAGE, NULL);
}

const char *
runnel_mcp_page_get_title (RunnelMcpPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), NULL);
  return self->title != NULL ? self->title : _("MCP Session");
}

void
runnel_mcp_page_set_url (RunnelMcpPage *self,
                         const char    *url)
{
  g_return_if_fail (RUNNEL_IS_MCP_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url != NULL ? url : "");
}

void
runnel_mcp_page_set_headers_text (RunnelMcpPage *self,
                                  const char    *text)
{
  g_return_if_fail (RUNNEL_IS_MCP_PAGE (self));
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->headers_view), text, -1);
}

gboolean
runnel_mcp_page_get_busy (RunnelMcpPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), FALSE);
  return self->busy;
}

RunnelMcpSession *
runnel_mcp_page_get_session (RunnelMcpPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), NULL);
  return self->session;
}

RunnelMcpMessageList *
runnel_mcp_page_get_message_list (RunnelMcpPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), NULL);
  return self->message_list;
}

RunnelMcpToolForm *
runnel_mcp_page_get_tool_form (RunnelMcpPage *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), NULL);
  return self->tool_form;
}

gboolean
runnel_mcp_page_select_tool (RunnelMcpPage *self,
                             const char    *name)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), FALSE);

  for (guint i = 0; self->tools != NULL &&
                    i < json_array_get_length (json_node_get_array (self->tools)); i++)
    {
      JsonNode *node = json_array_get_element (json_node_get_array (self->tools), i);

      if (JSON_NODE_HOLDS_OBJECT (node) &&
          g_strcmp0 (json_object_get_string_member_with_default (json_node_get_object (node),
                                                                 "name", NULL), name) == 0)
        {
          gtk_list_box_select_row (self->tools_list,
                                   gtk_list_box_get_row_at_index (self->tools_list, i));
          return TRUE;
        }
    }

  return FALSE;
}

const char *
runnel_mcp_page_get_text (RunnelMcpPage *self,
                          const char    *what)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_PAGE (self), NULL);

  if (g_strcmp0 (what, "status") == 0)
    return gtk_label_get_text (self->status_label);
  if (g_strcmp0 (what, "server") == 0)
    return gtk_label_get_text (self->server_label);
  if (g_strcmp0 (what, "details") == 0)
    return gtk_label_get_text (self->details_label);
  if (g_strcmp0 (what, "result") == 0)
    return gtk_label_get_text (self->result_label);
  if (g_strcmp0 (what, "progress") == 0)
    return gtk_progress_bar_get_text (self->progress_bar);

  return NULL;
}
