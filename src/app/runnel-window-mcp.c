/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-mcp.c: New MCP Session: a tab for an MCP server's session */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-application.h"
#include "runnel-demo-server.h"
#include "runnel-window-private.h"

RunnelMcpPage *
_runnel_window_new_mcp_session (RunnelWindow *self,
                                const char   *url)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autofree char *demo_url = NULL;
  RunnelMcpPage *page;
  AdwTabPage *tab_page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  /* the demo server's, when it runs: something to try at once */
  if (url == NULL && RUNNEL_IS_APPLICATION (app))
    {
      RunnelDemoServer *server = runnel_application_get_demo_server (RUNNEL_APPLICATION (app));
      const char *uri = server != NULL ? runnel_demo_server_get_uri (server) : NULL;

      if (uri != NULL)
        url = demo_url = g_strconcat (uri, "mcp", NULL);
    }

  page = RUNNEL_MCP_PAGE (runnel_mcp_page_new ());
  runnel_mcp_page_set_url (page, url);

  tab_page = adw_tab_view_append (self->tab_view, GTK_WIDGET (page));
  g_object_bind_property (page, "title", tab_page, "title", G_BINDING_SYNC_CREATE);
  /* no "loading" spinner while busy: it redraws every frame and starves an in-process demo
   * server's low-priority idles (see runnel-window.c) */
  adw_tab_view_set_selected_page (self->tab_view, tab_page);

  return page;
}

static void
runnel_window_new_mcp_session_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  _runnel_window_new_mcp_session (RUNNEL_WINDOW (widget), NULL);
}

void
_runnel_window_class_mcp_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.new-mcp-session", NULL,
                                   runnel_window_new_mcp_session_action);
}
