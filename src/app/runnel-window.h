/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window.h: the main window: one tab per stream, the empty state */

#pragma once

#include <adwaita.h>

#include "runnel-application.h"
#include "runnel-stream-page.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_WINDOW (runnel_window_get_type ())

G_DECLARE_FINAL_TYPE (RunnelWindow, runnel_window, RUNNEL, WINDOW, AdwApplicationWindow)

/*
 * Actions: win.new-tab, win.close-tab, win.focus-url, win.focus-filter,
 * win.toggle-connection (the selected page's), win.open-demo (the demo's clock stream).
 */
RunnelWindow     *runnel_window_new                (RunnelApplication *application);
/* a new tab, selected */
RunnelStreamPage *runnel_window_add_page           (RunnelWindow      *self);
RunnelStreamPage *runnel_window_open_url           (RunnelWindow      *self,
                                                    const char        *url,
                                                    gboolean           connect);
/* starts the demo server if needed and connects; NULL (and a toast) when it cannot start */
RunnelStreamPage *runnel_window_open_demo_endpoint (RunnelWindow      *self,
                                                    const char        *method,
                                                    const char        *path);
RunnelStreamPage *runnel_window_get_current_page   (RunnelWindow      *self);
AdwTabView       *runnel_window_get_tab_view       (RunnelWindow      *self);

G_END_DECLS
