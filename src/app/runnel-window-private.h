/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-private.h: the window's struct and internals, for its actions and the tests */

#pragma once

#include "runnel-har.h"
#include "runnel-mcp-page.h"
#include "runnel-request-store.h"
#include "runnel-saved-requests-popover.h"
#include "runnel-window.h"

G_BEGIN_DECLS

struct _RunnelWindow
{
  AdwApplicationWindow        parent_instance;

  /* Template widgets */
  AdwToastOverlay            *toast_overlay;
  AdwWindowTitle             *window_title;
  GtkStack                   *stack;
  GtkEntry                   *empty_url_entry;
  AdwTabView                 *tab_view;
  GtkWidget                  *header_bar;
  GtkWidget                  *tab_bar;
  GMenu                      *demo_section;
  GtkMenuButton              *saved_button;
  RunnelSavedRequestsPopover *saved_popover;
  GtkRevealer                *capture_revealer;
  GtkLabel                   *capture_label;
  GtkProgressBar             *capture_progress;

  /* Owned */
  GSettings                  *settings;
  /* the application's (or the window's own when it has none) */
  RunnelRequestStore         *store;
  /* the last deleted saved request, for Undo */
  RunnelSavedRequest         *deleted;
  /* Open Capture: what Cancel stops, and the read that the progress bar follows */
  GCancellable               *capture_cancellable;
  GTask                      *capture_task;
  guint                       capture_progress_id;
  guint                       reveal_tab_id;
  /* the demo server's last URL: its tabs move when it comes back elsewhere */
  char                       *demo_uri;
};

/* Open Capture reads files up to this size (README.md says so) */
#define RUNNEL_CAPTURE_SIZE_LIMIT (256 * 1024 * 1024)

/* every win.* action (runnel-window-actions.c) */
void                _runnel_window_class_actions_init (GtkWidgetClass  *widget_class);
/* a toast with @message as plain text (toast titles are markup: it is escaped here) */
void                _runnel_window_toast              (RunnelWindow    *self,
                                                       const char      *message);
/* takes @toast, whose title must already be markup */
void                _runnel_window_add_toast          (RunnelWindow    *self,
                                                       AdwToast        *toast);
void                _runnel_window_show_error         (RunnelWindow    *self,
                                                       const char      *heading,
                                                       const char      *message);

/* The work behind the actions, without dialogs (tests use them) */

/*
 * A new tab with the request of @command (runnel_curl_parse ()). What the tab cannot hold
 * (timeouts, --cacert) and the options without effect go to @not_imported.
 * Returns: (transfer none) (nullable): the new page, or NULL with an error (no tab is added)
 */
RunnelStreamPage   *_runnel_window_import_curl        (RunnelWindow    *self,
                                                       const char      *command,
                                                       char          ***not_imported,
                                                       GError         **error);
/* the current tab's request as a curl command, also put on the clipboard; NULL when invalid */
char               *_runnel_window_copy_curl          (RunnelWindow    *self);
/* Saved Requests' Export for runnel --test: the saved requests to @file, secrets as {{NAME}} */
gboolean            _runnel_window_export_collection  (RunnelWindow    *self,
                                                       GFile           *file,
                                                       GError         **error);
/* the current request as `runnel --print --expect …`, on the clipboard (transfer full) */
char               *_runnel_window_copy_command       (RunnelWindow    *self);
/* saves the current tab's request as @name; @replaced: whether it replaced one */
gboolean            _runnel_window_save_request       (RunnelWindow    *self,
                                                       const char      *name,
                                                       gboolean        *replaced,
                                                       GError         **error);
/* a new tab with @request's URL, method, headers, body and options, not connected */
RunnelStreamPage   *_runnel_window_open_request       (RunnelWindow    *self,
                                                       RunnelRequest   *request);
RunnelRequestStore *_runnel_window_get_request_store  (RunnelWindow    *self);
GtkListBox         *_runnel_window_get_saved_list     (RunnelWindow    *self,
                                                       gboolean         recent);
/*
 * The demo server's endpoint in @page: starts the server if needed, fills the URL and method,
 * and the endpoint's sample body and content type when the page has none; then connects
 */
gboolean            _runnel_window_use_demo_endpoint  (RunnelWindow      *self,
                                                       RunnelStreamPage  *page,
                                                       const char        *method,
                                                       const char        *path,
                                                       GError           **error);
/* runnel-window-capture.c: Open Capture and Export Events (win.open-capture, win.export-events) */
void                _runnel_window_class_capture_actions_init (GtkWidgetClass *widget_class);
/*
 * A new tab with the events of @file, titled by its name, read and parsed in a thread while the
 * window shows the progress. A HAR file with one event stream opens it; with several, it asks
 * which to open: the page is then NULL without an error. Files over RUNNEL_CAPTURE_SIZE_LIMIT
 * are refused with an error that says so.
 */
void                _runnel_window_open_capture_async (RunnelWindow        *self,
                                                       GFile               *file,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* Returns: (transfer none) (nullable): the new page */
RunnelStreamPage   *_runnel_window_open_capture_finish (RunnelWindow       *self,
                                                       GAsyncResult        *result,
                                                       GError             **error);
/* the same, waiting on the main context until it is done (tests and the screenshot tool) */
RunnelStreamPage   *_runnel_window_open_capture       (RunnelWindow    *self,
                                                       GFile           *file,
                                                       GError         **error);
/*
 * The events the current tab shows into @file, written asynchronously. @format is a choice of
 * the export chooser ("ndjson", "json", "sse", "raw"), or NULL or "name" for the format that the
 * file name's ending says (.ndjson/.jsonl, .json, .raw; text/event-stream otherwise).
 */
void                _runnel_window_export_events_async (RunnelWindow       *self,
                                                       GFile               *file,
                                                       const char          *format,
                                                       GCancellable        *cancellable,
                                                       GAsyncReadyCallback  callback,
                                                       gpointer             user_data);
/* @summary: the toast's text: how many events, which format, where */
gboolean            _runnel_window_export_events_finish (RunnelWindow      *self,
                                                       GAsyncResult        *result,
                                                       char               **summary,
                                                       GError             **error);
/* the same, waiting on the main context until it is done, the format from the name (tests) */
gboolean            _runnel_window_export_events_to_file (RunnelWindow *self,
                                                       GFile           *file,
                                                       GError         **error);
/* the Export Events file chooser, with its Format choice (transfer full) */
GtkFileChooser     *_runnel_window_new_export_chooser (RunnelWindow    *self);

/* runnel-window-replay.c: Serve This Capture, HAR files, Run Live (win.serve-capture, win.run-live) */
void                _runnel_window_class_replay_actions_init (GtkWidgetClass *widget_class);
/* runnel-window-mcp.c: New MCP Session; a new tab on @url (NULL: the demo server's /mcp when it
 * runs), not initialized. Returns: (transfer none) */
void                _runnel_window_class_mcp_actions_init (GtkWidgetClass *widget_class);
RunnelMcpPage      *_runnel_window_new_mcp_session  (RunnelWindow    *self,
                                                     const char      *url);
/* serves what @page shows from the built-in server; its URL (transfer full), or NULL */
char               *_runnel_window_serve_capture      (RunnelWindow      *self,
                                                       RunnelStreamPage  *page,
                                                       guint             *n_events,
                                                       GError           **error);
gboolean            _runnel_window_is_har             (GFile             *file,
                                                       const char        *contents,
                                                       gsize              length);
/* a read-only tab with the stream's events and its request (Run Live sends it again) */
RunnelStreamPage   *_runnel_window_open_har_stream    (RunnelWindow      *self,
                                                       RunnelHarStream   *stream);
/*
 * The streams of a HAR file: one opens in @page; for several, the chooser (returned) asks which.
 * NULL and no tab on error.
 */
GtkWidget          *_runnel_window_open_har           (RunnelWindow      *self,
                                                       GFile             *file,
                                                       const char        *contents,
                                                       gsize              length,
                                                       RunnelStreamPage **page,
                                                       GError           **error);
/* the same for @streams (at least one) already read from the file called @name */
GtkWidget          *_runnel_window_open_har_streams   (RunnelWindow      *self,
                                                       const char        *name,
                                                       GPtrArray         *streams,
                                                       RunnelStreamPage **page);

G_END_DECLS
