/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-page.h: an MCP session tab: the server, its tools, a call, the messages */

#pragma once

#include <gtk/gtk.h>

#include "runnel-mcp-message-list.h"
#include "runnel-mcp-session.h"
#include "runnel-mcp-tool-form.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_MCP_PAGE (runnel_mcp_page_get_type ())

G_DECLARE_FINAL_TYPE (RunnelMcpPage, runnel_mcp_page, RUNNEL, MCP_PAGE, GtkWidget)

/*
 * Actions: mcp.initialize (a new session on the URL with the headers), mcp.call (the selected
 * tool with the form's arguments), mcp.resume-test, mcp.toggle-stream (the GET stream), mcp.end
 * (DELETE). Properties: "title" (for the tab), "busy" (a request is out).
 */
GtkWidget            *runnel_mcp_page_new              (void);
const char           *runnel_mcp_page_get_title        (RunnelMcpPage *self);
void                  runnel_mcp_page_set_url          (RunnelMcpPage *self,
                                                        const char    *url);
/* one "Name: value" a line */
void                  runnel_mcp_page_set_headers_text (RunnelMcpPage *self,
                                                        const char    *text);
gboolean              runnel_mcp_page_get_busy         (RunnelMcpPage *self);
/* the current session, NULL before the first initialize */
RunnelMcpSession     *runnel_mcp_page_get_session      (RunnelMcpPage *self);
RunnelMcpMessageList *runnel_mcp_page_get_message_list (RunnelMcpPage *self);
RunnelMcpToolForm    *runnel_mcp_page_get_tool_form    (RunnelMcpPage *self);
/* selects the tool named @name in the list; FALSE when there is none */
gboolean              runnel_mcp_page_select_tool      (RunnelMcpPage *self,
                                                        const char    *name);
/* for tests: the labels' texts ("status", "server", "details", "result", "progress") */
const char           *runnel_mcp_page_get_text         (RunnelMcpPage *self,
                                                        const char    *what);

G_END_DECLS
