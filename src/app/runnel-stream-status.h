/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-status.h: where a stream stands: failure banner and status bar */

#pragma once

#include <gtk/gtk.h>

#include "runnel-event-filter.h"
#include "runnel-event-log.h"
#include "runnel-expectations.h"
#include "runnel-sse-client.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_STREAM_STATUS (runnel_stream_status_get_type ())

G_DECLARE_FINAL_TYPE (RunnelStreamStatus, runnel_stream_status, RUNNEL, STREAM_STATUS, GtkWidget)

/*
 * Shows the state of "client" (a dot and words, with the HTTP status), a banner with the reason
 * of a failure or a retry and Reconnect Now (stream.reconnect), the countdown to the next retry,
 * reconnects, bytes, events and events per second with a plot of the rate, and what "log" holds
 * back (paused) or dropped (retention). It refreshes itself a few times a second while the
 * client is active. Properties (read-write): "client", "log", "paused", "narrow" (fewer words,
 * no plot), "read-only" (an imported capture: says so instead of the state).
 */
void runnel_stream_status_set_client    (RunnelStreamStatus *self,
                                         RunnelSseClient    *client);
void runnel_stream_status_set_log       (RunnelStreamStatus *self,
                                         RunnelEventLog     *log);
/* the list's model (the log through @filter): "12 of 3,000 shown" while the filter is on */
void runnel_stream_status_set_shown     (RunnelStreamStatus *self,
                                         GListModel         *shown,
                                         RunnelEventFilter  *filter);
/* "3 of 4 passed" on the status bar (none without expectations) */
void runnel_stream_status_set_expectations (RunnelStreamStatus *self,
                                            RunnelExpectations *expectations);
void runnel_stream_status_set_paused    (RunnelStreamStatus *self,
                                         gboolean            paused);
void runnel_stream_status_set_narrow    (RunnelStreamStatus *self,
                                         gboolean            narrow);
void runnel_stream_status_set_read_only (RunnelStreamStatus *self,
                                         gboolean            read_only);
/* shows the client's state, counters and what the log holds now (after a restart, a clear) */
void runnel_stream_status_update        (RunnelStreamStatus *self);
/* a new stream or Clear: counts, rate and plot from nothing */
void runnel_stream_status_reset_counters (RunnelStreamStatus *self);

G_END_DECLS
