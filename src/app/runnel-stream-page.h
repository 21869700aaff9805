/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page.h: one stream: its client and log; request, list, detail and status */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-log.h"
#include "runnel-expectations.h"
#include "runnel-raw-log.h"
#include "runnel-sse-client.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_STREAM_PAGE (runnel_stream_page_get_type ())

G_DECLARE_FINAL_TYPE (RunnelStreamPage, runnel_stream_page, RUNNEL, STREAM_PAGE, GtkWidget)

/*
 * Properties (read-only, notify): "title" (the URL's path and host, for the tab), "url",
 * "state" (RunnelSseClientState of the current connection, idle before any);
 * read-write: "paused" (events are recorded but not shown until resumed), "show-raw" (the raw
 * bytes instead of the event list).
 * Actions: stream.connect, stream.disconnect, stream.toggle-connection, stream.reconnect,
 * stream.add-header, stream.copy-event, stream.clear, stream.focus-filter, stream.scroll-to-end,
 * stream.show-selected, stream.pause and stream.show-raw (toggle the
 * properties), stream.show-detail and stream.show-list (narrow: the detail or the list).
 * Signal "request-sent" (RunnelRequest *request): a new stream starts with @request.
 */
RunnelStreamPage    *runnel_stream_page_new               (void);
const char          *runnel_stream_page_get_title         (RunnelStreamPage *self);
const char          *runnel_stream_page_get_url           (RunnelStreamPage *self);
void                 runnel_stream_page_set_read_only     (RunnelStreamPage *self,
                                                           gboolean          read_only);
gboolean             runnel_stream_page_get_read_only     (RunnelStreamPage *self);
/* the last bytes received, exactly as they came (what the Raw view shows) */
RunnelRawLog        *runnel_stream_page_get_raw_log       (RunnelStreamPage *self);
void                 runnel_stream_page_load_request      (RunnelStreamPage *self,
                                                           RunnelRequest    *request);
void                 runnel_stream_page_set_url           (RunnelStreamPage *self,
                                                           const char       *url);
void                 runnel_stream_page_set_method        (RunnelStreamPage *self,
                                                           const char       *method);
/* FALSE when the request is invalid: the error is shown on the field, nothing is sent */
gboolean             runnel_stream_page_connect           (RunnelStreamPage *self);
void                 runnel_stream_page_disconnect        (RunnelStreamPage *self);
void                 runnel_stream_page_toggle_connection (RunnelStreamPage *self);
/* a demo endpoint's sample: @body and its Content-Type replace the body and Content-Type */
void                 runnel_stream_page_use_sample        (RunnelStreamPage *self,
                                                           const char       *body,
                                                           const char       *content_type);
/* a message under the request, as for a request that cannot be sent */
void                 runnel_stream_page_show_error        (RunnelStreamPage *self,
                                                           const char       *message);
void                 runnel_stream_page_focus_url         (RunnelStreamPage *self);
/* narrow windows show the list, or the detail of the activated row (with a way back), and
 * hide the ID and size columns */
void                 runnel_stream_page_set_narrow        (RunnelStreamPage *self,
                                                           gboolean          narrow);
void                 runnel_stream_page_set_paused        (RunnelStreamPage *self,
                                                           gboolean          paused);
gboolean             runnel_stream_page_get_paused        (RunnelStreamPage *self);
void                 runnel_stream_page_set_show_raw      (RunnelStreamPage *self,
                                                           gboolean          show_raw);
gboolean             runnel_stream_page_get_show_raw      (RunnelStreamPage *self);
RunnelSseClientState runnel_stream_page_get_state         (RunnelStreamPage *self);
/* the request the fields describe (transfer full), or NULL with the error shown on the field */
RunnelRequest       *runnel_stream_page_build_request     (RunnelStreamPage *self);
/* the request's expectations (a GListModel of RunnelExpectation) and their results */
RunnelExpectations  *runnel_stream_page_get_expectations  (RunnelStreamPage *self);
void                 runnel_stream_page_set_expectations  (RunnelStreamPage   *self,
                                                           const char * const *texts);
/* the events the list shows: the log through the filter (RunnelEventItem) */
GListModel          *runnel_stream_page_get_shown_events  (RunnelStreamPage *self);
RunnelEventLog      *runnel_stream_page_get_log           (RunnelStreamPage *self);
/* NULL before the first connect */
RunnelSseClient     *runnel_stream_page_get_client        (RunnelStreamPage *self);

G_END_DECLS
