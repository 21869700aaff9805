/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-requests.h: the window's saved requests and recent streams: save, reopen, rename, delete */

#pragma once

#include "runnel-request-store.h"
#include "runnel-window.h"

G_BEGIN_DECLS

/*
 * Adds to @window
 *   win.save-request   asks a name and saves the current tab's request under it, replacing a
 *                      request of that name (Ctrl+D)
 *   win.show-saved     the Saved Requests popover of the header bar (Ctrl+Shift+D): each saved
 *                      request opens in a new tab, with buttons to rename and delete it; below,
 *                      the recently opened streams (the history), which open the same way
 * and records in the history every stream that connects.
 *
 * The store is the application's, shared by its windows: in $RUNNEL_DATA_DIR when that is set
 * (tests), else in the user data directory. When a file of it is damaged, the first window tells
 * the user where the damaged file was kept.
 */
void                runnel_window_saved_install      (RunnelWindow       *window);
RunnelRequestStore *runnel_window_get_request_store  (RunnelWindow       *window);
/* the next window reads the store again, from $RUNNEL_DATA_DIR (tests) */
void                runnel_saved_requests_forget_store (GtkApplication   *application);

/* The work behind the actions, without dialogs (tests use them) */

/* saves the current tab's request as @name; @replaced: whether it replaced one */
gboolean            runnel_window_save_request       (RunnelWindow       *window,
                                                      const char         *name,
                                                      gboolean           *replaced,
                                                      GError            **error);
/* a new tab with @request's URL, method, headers and body, not connected */
RunnelStreamPage   *runnel_window_open_request       (RunnelWindow       *window,
                                                      RunnelRequest      *request);
/* the popover, and its list of saved requests (@recent FALSE) or of recent streams: one
 * AdwActionRow per entry */
GtkPopover         *runnel_window_get_saved_popover  (RunnelWindow       *window);
GtkListBox         *runnel_window_get_saved_list     (RunnelWindow       *window,
                                                      gboolean            recent);

G_END_DECLS
