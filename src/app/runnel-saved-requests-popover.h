/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-requests-popover.h: the header bar's list of saved requests and recent streams */

#pragma once

#include <gtk/gtk.h>

#include "runnel-request-store.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_SAVED_REQUESTS_POPOVER (runnel_saved_requests_popover_get_type ())

G_DECLARE_FINAL_TYPE (RunnelSavedRequestsPopover, runnel_saved_requests_popover,
                      RUNNEL, SAVED_REQUESTS_POPOVER, GtkPopover)

/*
 * Property "store" (RunnelRequestStore): one row per saved request (activating it runs
 * win.open-saved, its buttons win.rename-saved and win.delete-saved, with the name as target) and
 * one per recent stream (win.open-recent with its position), newest first; the buttons above the
 * lists run win.save-request and win.clear-history.
 */
void        runnel_saved_requests_popover_set_store (RunnelSavedRequestsPopover *self,
                                                     RunnelRequestStore         *store);
/* the list of saved requests (@recent FALSE) or of recent streams: one AdwActionRow per entry */
GtkListBox *runnel_saved_requests_popover_get_list  (RunnelSavedRequestsPopover *self,
                                                     gboolean                    recent);

G_END_DECLS
