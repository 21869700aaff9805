/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-tool-form.h: a tool's arguments: a form from its input schema, or a JSON editor */

#pragma once

#include <gtk/gtk.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_MCP_TOOL_FORM (runnel_mcp_tool_form_get_type ())

G_DECLARE_FINAL_TYPE (RunnelMcpToolForm, runnel_mcp_tool_form, RUNNEL, MCP_TOOL_FORM, GtkWidget)

/*
 * A schema whose properties are all strings, numbers, integers or booleans gets a form (one
 * row per property, its default filled in); any other gets a JSON text editor with "{}".
 */
GtkWidget  *runnel_mcp_tool_form_new           (void);
/* @tool: a tool object of tools/list (name, description, inputSchema), or NULL for none */
void        runnel_mcp_tool_form_set_tool      (RunnelMcpToolForm  *self,
                                                JsonObject         *tool);
const char *runnel_mcp_tool_form_get_tool_name (RunnelMcpToolForm  *self);
gboolean    runnel_mcp_tool_form_is_simple     (RunnelMcpToolForm  *self);
/* sets the form's field @name (or, for the JSON editor, the whole text when @name is NULL) */
void        runnel_mcp_tool_form_set_value     (RunnelMcpToolForm  *self,
                                                const char         *name,
                                                const char         *text);
/* the arguments object (transfer full), or NULL with an error a user understands */
JsonNode   *runnel_mcp_tool_form_dup_arguments (RunnelMcpToolForm  *self,
                                                GError            **error);

G_END_DECLS
