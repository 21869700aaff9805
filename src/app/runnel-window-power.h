/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-power.h: the window's Import cURL, Copy as cURL and Export Events actions */

#pragma once

#include "runnel-window.h"

G_BEGIN_DECLS

/*
 * Adds to @window the actions
 *   win.import-curl    a dialog to paste a curl command into a new tab (Ctrl+Shift+V)
 *   win.copy-curl      the current tab's request as a curl command, to the clipboard
 *                      (Ctrl+Shift+C)
 *   win.export-events  the events the current tab shows (through its filter) to a file:
 *                      .ndjson or .jsonl NDJSON, .json a JSON array, else text/event-stream
 *                      (Ctrl+S)
 *   win.open-capture   a saved NDJSON, JSON or text/event-stream file in a new tab that shows
 *                      its events, for reading: its URL is the file's, which cannot be
 *                      connected (Ctrl+O)
 * with their accelerators when the window has an application. Errors, and what could not be
 * imported, are told in dialogs or toasts.
 */
void              runnel_window_power_install        (RunnelWindow  *window);

/* The work behind the actions, without dialogs (tests use them) */

/*
 * A new tab with the request of @command (runnel_curl_parse ()). What the tab cannot hold
 * (timeouts, --cacert) and the options without effect go to @not_imported.
 * Returns: (transfer none) (nullable): the new page, or NULL with an error (no tab is added)
 */
RunnelStreamPage *runnel_window_import_curl          (RunnelWindow  *window,
                                                      const char    *command,
                                                      char        ***not_imported,
                                                      GError       **error);
/* the current tab's request as a curl command, also put on the clipboard; NULL when invalid */
char             *runnel_window_copy_curl            (RunnelWindow  *window);
/* a new tab with the events of @file (NULL and no tab on error) */
RunnelStreamPage *runnel_window_open_capture         (RunnelWindow  *window,
                                                      GFile         *file,
                                                      GError       **error);
/* the events the current tab shows into @file, the format from its name */
gboolean          runnel_window_export_events_to_file (RunnelWindow *window,
                                                      GFile         *file,
                                                      GError       **error);

G_END_DECLS
