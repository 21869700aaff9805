/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page.h: one stream: request, live event list, detail, status */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-log.h"
#include "runnel-sse-client.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_STREAM_PAGE (runnel_stream_page_get_type ())

G_DECLARE_FINAL_TYPE (RunnelStreamPage, runnel_stream_page, RUNNEL, STREAM_PAGE, GtkWidget)

/*
 * Properties (read-only, notify): "title" (the URL's path and host, for the tab), "url",
 * "state" (RunnelSseClientState of the current connection, idle before any).
 * Actions: stream.connect, stream.disconnect, stream.toggle-connection, stream.reconnect,
 * stream.add-header, stream.copy-event, stream.clear, stream.focus-filter, stream.scroll-to-end,
 * stream.use-endpoint ("METHOD /path").
 */
RunnelStreamPage    *runnel_stream_page_new               (void);
const char          *runnel_stream_page_get_title         (RunnelStreamPage *self);
const char          *runnel_stream_page_get_url           (RunnelStreamPage *self);
void                 runnel_stream_page_set_url           (RunnelStreamPage *self,
                                                           const char       *url);
void                 runnel_stream_page_set_method        (RunnelStreamPage *self,
                                                           const char       *method);
void                 runnel_stream_page_set_body_text     (RunnelStreamPage *self,
                                                           const char       *text);
void                 runnel_stream_page_add_header        (RunnelStreamPage *self,
                                                           const char       *name,
                                                           const char       *value,
                                                           gboolean          enabled);
/* FALSE when the request is invalid: the error is shown on the field, nothing is sent */
gboolean             runnel_stream_page_connect           (RunnelStreamPage *self);
void                 runnel_stream_page_disconnect        (RunnelStreamPage *self);
void                 runnel_stream_page_toggle_connection (RunnelStreamPage *self);
/* the demo server's endpoint: starts the server if needed, fills the request, connects */
gboolean             runnel_stream_page_use_endpoint      (RunnelStreamPage *self,
                                                           const char       *method,
                                                           const char       *path,
                                                           GError          **error);
void                 runnel_stream_page_focus_url         (RunnelStreamPage *self);
/* narrow windows stack the list above the detail and hide the ID and size columns */
void                 runnel_stream_page_set_narrow        (RunnelStreamPage *self,
                                                           gboolean          narrow);
RunnelSseClientState runnel_stream_page_get_state         (RunnelStreamPage *self);
RunnelEventLog      *runnel_stream_page_get_log           (RunnelStreamPage *self);
/* NULL before the first connect */
RunnelSseClient     *runnel_stream_page_get_client        (RunnelStreamPage *self);

G_END_DECLS
