/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-message-list.h: an MCP session's JSON-RPC messages, with columns that know JSON-RPC */

#pragma once

#include <gtk/gtk.h>

#include "runnel-mcp-message.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_MCP_MESSAGE_LIST (runnel_mcp_message_list_get_type ())

G_DECLARE_FINAL_TYPE (RunnelMcpMessageList, runnel_mcp_message_list, RUNNEL, MCP_MESSAGE_LIST,
                      GtkWidget)

/*
 * Columns: #, time, direction, kind, method, id, the request a response (or progress) answers
 * ("#3"), event id, transport, and a detail (progress, an error's code and words). It follows the
 * end until a row is selected. Property "selected" (RunnelMcpMessage, read-only): the selected
 * message, or NULL.
 */
GtkWidget        *runnel_mcp_message_list_new          (void);
void              runnel_mcp_message_list_append       (RunnelMcpMessageList *self,
                                                        RunnelMcpMessage     *message);
void              runnel_mcp_message_list_clear        (RunnelMcpMessageList *self);
GListModel       *runnel_mcp_message_list_get_model    (RunnelMcpMessageList *self);
RunnelMcpMessage *runnel_mcp_message_list_get_selected (RunnelMcpMessageList *self);
void              runnel_mcp_message_list_select       (RunnelMcpMessageList *self,
                                                        guint                 position);
/* the row number (from 1) of @message, 0 when not in the list */
guint             runnel_mcp_message_list_get_number   (RunnelMcpMessageList *self,
                                                        RunnelMcpMessage     *message);
/* the text a cell of @column ("kind", "method", "request" …) shows for the row at @position */
char             *runnel_mcp_message_list_dup_cell     (RunnelMcpMessageList *self,
                                                        guint                 position,
                                                        const char           *column);

G_END_DECLS
