/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-serve-dialog.h: Serve This Capture: a tab's events replayed by the built-in server */

#pragma once

#include <adwaita.h>

#include "runnel-demo-replay.h"

G_BEGIN_DECLS

/* the events of @model (RunnelEventItem), with the gaps they arrived with, as a capture */
RunnelDemoCapture *runnel_capture_from_model (GListModel *model,
                                              const char *title);

#define RUNNEL_TYPE_SERVE_DIALOG (runnel_serve_dialog_get_type ())

G_DECLARE_FINAL_TYPE (RunnelServeDialog, runnel_serve_dialog, RUNNEL, SERVE_DIALOG, AdwMessageDialog)

/*
 * Says where the capture is served (@url, with a Copy button) and how many events it has.
 * Responses: "close", and "open" (Open in New Tab).
 */
GtkWidget         *runnel_serve_dialog_new     (GtkWindow         *parent,
                                                const char        *url,
                                                guint              n_events);
const char        *runnel_serve_dialog_get_url (RunnelServeDialog *self);

G_END_DECLS
