/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-tool-form.c: a tool's arguments: a form from its input schema, or a JSON editor */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "runnel-json.h"
#include "runnel-mcp-tool-form.h"

typedef struct
{
  char      *name;
  char      *type;      /* "string", "number", "integer" or "boolean" */
  GtkWidget *widget;    /* AdwEntryRow, or the GtkSwitch of a boolean's row */
  gboolean   required;
} Field;

struct _RunnelMcpToolForm
{
  GtkWidget    parent_instance;

  /* Owned */
  char        *tool_name;
  GPtrArray   *fields;       /* Field */

  /* Borrowed: children */
  GtkWidget   *box;
  GtkWidget   *form;         /* GtkListBox of the fields, or NULL */
  GtkTextView *json_view;    /* the JSON editor, or NULL */
};

G_DEFINE_FINAL_TYPE (RunnelMcpToolForm, runnel_mcp_tool_form, GTK_TYPE_WIDGET)

static void
field_free (Field *field)
{
  g_free (field->name);
  g_free (field->type);
  g_free (field);
}

static gboolean
is_simple_type (const char *type)
{
  return g_strcmp0 (type, "string") == 0 || g_strcmp0 (type, "number") == 0 ||
         g_strcmp0 (type, "integer") == 0 || g_strcmp0 (type, "boolean") == 0;
}

/* the schema's properties when every one has a simple type, else NULL */
static JsonObject *
simple_properties (JsonObject *tool)
{
  JsonNode *schema = tool != NULL ? json_object_get_member (tool, "inputSchema") : NULL;
  JsonNode *properties;
  g_autoptr(GList) members = NULL;

  if (schema == NULL || !JSON_NODE_HOLDS_OBJECT (schema))
    return NULL;

  properties = json_object_get_member (json_node_get_object (schema), "properties");
  if (properties == NULL || !JSON_NODE_HOLDS_OBJECT (properties))
    return NULL;

  members = json_object_get_values (json_node_get_object (properties));
  for (const GList *l = members; l != NULL; l = l->next)
    {
      JsonNode *property = l->data;

      if (!JSON_NODE_HOLDS_OBJECT (property) ||
          !is_simple_type (json_object_get_string_member_with_default (json_node_get_object
                                                                       (property), "type", NULL)))
        return NULL;
    }

  return json_node_get_object (properties);
}

static gboolean
is_required (JsonObject *tool,
             const char *name)
{
  JsonObject *schema = json_object_get_object_member (tool, "inputSchema");
  JsonNode *required = json_object_get_member (schema, "required");

  if (required == NULL || !JSON_NODE_HOLDS_ARRAY (required))
    return FALSE;

  for (guint i = 0; i < json_array_get_length (json_node_get_array (required)); i++)
    {
      JsonNode *element = json_array_get_element (json_node_get_array (required), i);

      if (json_node_get_value_type (element) == G_TYPE_STRING &&
          g_strcmp0 (json_node_get_string (element), name) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
clear (RunnelMcpToolForm *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->box)) != NULL)
    gtk_box_remove (GTK_BOX (self->box), child);

  self->form = NULL;
  self->json_view = NULL;
  g_ptr_array_set_size (self->fields, 0);
  g_clear_pointer (&self->tool_name, g_free);
}

static void
add_field (RunnelMcpToolForm *self,
           JsonObject        *tool,
           const char        *name,
           JsonObject        *property)
{
  Field *field = g_new0 (Field, 1);
  const char *description = json_object_get_string_member_with_default (property, "description",
                                                                         NULL);
  JsonNode *fallback = json_object_get_member (property, "default");
  g_autofree char *title = NULL;
  GtkWidget *row;

  field->name = g_strdup (name);
  field->type = g_strdup (json_object_get_string_member (property, "type"));
  field->required = is_required (tool, name);
  title = field->required ? g_strdup_printf ("%s *", name) : g_strdup (name);

  if (g_str_equal (field->type, "boolean"))
    {
      row = adw_action_row_new ();
      field->widget = gtk_switch_new ();
      gtk_widget_set_valign (field->widget, GTK_ALIGN_CENTER);
      if (fallback != NULL && json_node_get_value_type (fallback) == G_TYPE_BOOLEAN)
        gtk_switch_set_active (GTK_SWITCH (field->widget), json_node_get_boolean (fallback));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), field->widget);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field->widget);
      if (description != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (row), description);
    }
  else
    {
      row = adw_entry_row_new ();
      field->widget = row;
      if (fallback != NULL && JSON_NODE_HOLDS_VALUE (fallback))
        {
          g_autofree char *text = json_node_get_value_type (fallback) == G_TYPE_STRING
                                  ? g_strdup (json_node_get_string (fallback))
                                  : json_to_string (fallback, FALSE);

          gtk_editable_set_text (GTK_EDITABLE (row), text);
        }
      if (description != NULL)
        gtk_widget_set_tooltip_text (row, description);
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  gtk_list_box_append (GTK_LIST_BOX (self->form), row);
  g_ptr_array_add (self->fields, field);
}

void
runnel_mcp_tool_form_set_tool (RunnelMcpToolForm *self,
                               JsonObject        *tool)
{
  JsonObject *properties;

  g_return_if_fail (RUNNEL_IS_MCP_TOOL_FORM (self));

  clear (self);
  if (tool == NULL)
    return;

  self->tool_name = g_strdup (json_object_get_string_member_with_default (tool, "name", ""));
  properties = simple_properties (tool);

  if (properties != NULL)
    {
      g_autoptr(GList) names = json_object_get_members (properties);

      /* no properties, no form: the arguments are {} */
      if (names == NULL)
        return;

      self->form = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->form), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (self->form, "boxed-list");
      gtk_box_append (GTK_BOX (self->box), self->form);
      for (const GList *l = names; l != NULL; l = l->next)
        add_field (self, tool, l->data, json_object_get_object_member (properties, l->data));
      return;
    }

  {
    GtkWidget *scrolled = gtk_scrolled_window_new ();
    GtkTextBuffer *buffer;

    self->json_view = GTK_TEXT_VIEW (gtk_text_view_new ());
    gtk_text_view_set_monospace (self->json_view, TRUE);
    gtk_text_view_set_wrap_mode (self->json_view, GTK_WRAP_WORD_CHAR);
    gtk_text_view_set_top_margin (self->json_view, 6);
    gtk_text_view_set_left_margin (self->json_view, 6);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->json_view),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, _("Arguments as JSON"), -1);
    buffer = gtk_text_view_get_buffer (self->json_view);
    gtk_text_buffer_set_text (buffer, "{}", -1);
    gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), GTK_WIDGET (self->json_view));
    gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 80);
    gtk_widget_add_css_class (scrolled, "card");
    gtk_box_append (GTK_BOX (self->box), scrolled);
  }
}

const char *
runnel_mcp_tool_form_get_tool_name (RunnelMcpToolForm *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_TOOL_FORM (self), NULL);
  return self->tool_name;
}

gboolean
runnel_mcp_tool_form_is_simple (RunnelMcpToolForm *self)
{
  g_return_val_if_fail (RUNNEL_IS_MCP_TOOL_FORM (self), FALSE);
  return self->json_view == NULL;
}

void
runnel_mcp_tool_form_set_value (RunnelMcpToolForm *self,
                                const char        *name,
                                const char        *text)
{
  g_return_if_fail (RUNNEL_IS_MCP_TOOL_FORM (self));

  if (name == NULL && self->json_view != NULL)
    {
      gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->json_view), text, -1);
      return;
    }

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);

      if (g_strcmp0 (field->name, name) != 0)
        continue;
      if (GTK_IS_SWITCH (field->widget))
        gtk_switch_set_active (GTK_SWITCH (field->widget), g_strcmp0 (text, "true") == 0);
      else
        gtk_editable_set_text (GTK_EDITABLE (field->widget), text);
    }
}

static JsonNode *
form_arguments (RunnelMcpToolForm  *self,
                GError            **error)
{
  g_autoptr(JsonObject) object = json_object_new ();

  for (guint i = 0; i < self->fields->len; i++)
    {
      Field *field = g_ptr_array_index (self->fields, i);
      const char *text;
      char *end = NULL;
      double number;

      if (GTK_IS_SWITCH (field->widget))
        {
          json_object_set_boolean_member (object, field->name,
                                          gtk_switch_get_active (GTK_SWITCH (field->widget)));
          continue;
        }

      text = gtk_editable_get_text (GTK_EDITABLE (field->widget));
      if (*text == '\0' && !field->required)
        continue;

      if (g_str_equal (field->type, "string"))
        {
          json_object_set_string_member (object, field->name, text);
          continue;
        }

      number = g_ascii_strtod (text, &end);
      if (*text == '\0' || end == NULL || *end != '\0' ||
          (g_str_equal (field->type, "integer") && number != (double) (gint64) number))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                       g_str_equal (field->type, "integer") ? _("“%s” needs a whole number")
                                                            : _("“%s” needs a number"),
                       field->name);
          return NULL;
        }

      if (g_str_equal (field->type, "integer"))
        json_object_set_int_member (object, field->name, (gint64) number);
      else
        json_object_set_double_member (object, field->name, number);
    }

  return json_node_init_object (json_node_alloc (), object);
}

JsonNode *
runnel_mcp_tool_form_dup_arguments (RunnelMcpToolForm  *self,
                                    GError            **error)
{
  g_autofree char *text = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) local_error = NULL;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RUNNEL_IS_MCP_TOOL_FORM (self), NULL);

  if (self->json_view == NULL)
    return form_arguments (self, error);

  buffer = gtk_text_view_get_buffer (self->json_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  node = runnel_json_from_string (text, -1, &local_error);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   _("The arguments must be a JSON object%s%s"),
                   local_error != NULL ? ": " : "",
                   local_error != NULL ? local_error->message : "");
      return NULL;
    }

  return g_steal_pointer (&node);
}

static void
runnel_mcp_tool_form_dispose (GObject *object)
{
  RunnelMcpToolForm *self = (RunnelMcpToolForm *)object;

  g_clear_pointer (&self->box, gtk_widget_unparent);
  g_clear_pointer (&self->fields, g_ptr_array_unref);
  g_clear_pointer (&self->tool_name, g_free);

  G_OBJECT_CLASS (runnel_mcp_tool_form_parent_class)->dispose (object);
}

static void
runnel_mcp_tool_form_class_init (RunnelMcpToolFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_mcp_tool_form_dispose;
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
runnel_mcp_tool_form_init (RunnelMcpToolForm *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_widget_set_parent (self->box, GTK_WIDGET (self));
}

GtkWidget *
runnel_mcp_tool_form_new (void)
{
  return g_object_new (RUNNEL_TYPE_MCP_TOOL_FORM, NULL);
}
