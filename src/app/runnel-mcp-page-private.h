/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-mcp-page-private.h: the MCP session tab's struct and internals, for its actions */

#pragma once

#include "runnel-mcp-page.h"

G_BEGIN_DECLS

/* what the Resume test is doing */
typedef enum
{
  RESUME_NONE,
  RESUME_REFERENCE,   /* the call straight through */
  RESUME_DROPPED,     /* the call again, dropped after N events and resumed */
} ResumePhase;

struct _RunnelMcpPage
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkWidget            *main_box;
  GtkPaned             *paned;
  GtkEntry             *url_entry;
  GtkTextView          *headers_view;
  GtkLabel             *status_label;
  GtkLabel             *server_label;
  GtkLabel             *details_label;
  GtkButton            *stream_button;
  GtkListBox           *tools_list;
  GtkLabel             *tool_title;
  RunnelMcpToolForm    *tool_form;
  GtkProgressBar       *progress_bar;
  GtkLabel             *result_label;
  GtkSpinButton        *drop_spin;
  GtkWidget            *resources_title;
  GtkListBox           *resources_list;
  GtkWidget            *prompts_title;
  GtkListBox           *prompts_list;
  RunnelMcpMessageList *message_list;
  GtkLabel             *detail_label;
  GtkTextView          *detail_view;

  /* Owned */
  RunnelMcpSession     *session;
  GCancellable         *cancellable;
  JsonNode             *tools;          /* tools/list's array */
  RunnelMcpMessage     *call;           /* the tools/call being answered, NULL when none */
  GPtrArray            *reference;      /* the Resume test's messages, straight */
  GPtrArray            *resumed;        /* and dropped then resumed */
  char                 *title;

  ResumePhase           phase;
  guint                 resumptions;    /* the session's count when the dropped call began */
  gboolean              awaiting_call;  /* the next tools/call sent is ours */
  gboolean              busy;

  /* Borrowed */
  GtkWindow            *window;         /* the root, watched for a narrow size */
};

void _runnel_mcp_page_class_actions_init (GtkWidgetClass   *widget_class);
void _runnel_mcp_page_set_status         (RunnelMcpPage    *self,
                                          const char       *text,
                                          gboolean          error);
void _runnel_mcp_page_set_busy           (RunnelMcpPage    *self,
                                          gboolean          busy);
/* the actions' enabled states and the stream button's label, from the session's state */
void _runnel_mcp_page_update_actions     (RunnelMcpPage    *self);
void _runnel_mcp_page_set_title          (RunnelMcpPage    *self,
                                          const char       *title);
void _runnel_mcp_page_clear_list         (GtkListBox       *list);
/* @method's answer fills the list of the result's @member ("tools", "resources", "prompts") */
void _runnel_mcp_page_request_list       (RunnelMcpPage    *self,
                                          const char       *method,
                                          const char       *member);
/* the session's signals */
void _runnel_mcp_page_session_message_cb (RunnelMcpPage    *self,
                                          RunnelMcpMessage *message);
void _runnel_mcp_page_session_note_cb    (RunnelMcpPage    *self,
                                          const char       *text);
void _runnel_mcp_page_session_state_cb   (RunnelMcpPage    *self);
/* cancels what is out and lets go of the session */
void _runnel_mcp_page_drop_session       (RunnelMcpPage    *self);

G_END_DECLS
