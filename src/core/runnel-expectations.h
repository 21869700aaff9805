/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expectations.h: a list of expectations evaluated together over one run of a stream */

#pragma once

#include <gio/gio.h>
#include <libsoup/soup.h>

#include "runnel-expectation.h"
#include "runnel-sse-client.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

/* the time now, in µs on the clock of g_get_monotonic_time () (which events are stamped with) */
typedef gint64 (*RunnelExpectationsClock) (gpointer user_data);

#define RUNNEL_TYPE_EXPECTATIONS (runnel_expectations_get_type ())

/*
 * The expectations of one request, and their evaluation over a run: start () (at the request's
 * start), then the events (add_event (), on the same events as the log, in order), the
 * responses, reconnections and the server's own end of the stream as they happen (or
 * watch_client () for those), tick () now and then while a time limit or a gap is pending
 * (needs_clock ()), and finish () when the run is over, which decides everything still pending.
 * start () again begins a new run. Times come from the clock (default g_get_monotonic_time ());
 * an event's time is its arrival time.
 *
 * A GListModel of RunnelExpectation. Signal "changed" () after any expectation was decided,
 * reset, added or removed (not for each new observed value: poll dup_observed () for those).
 */
G_DECLARE_FINAL_TYPE (RunnelExpectations, runnel_expectations, RUNNEL, EXPECTATIONS, GObject)

RunnelExpectations *runnel_expectations_new             (void);
/* parses each sentence; on the first bad one, nothing is added and @error says which */
RunnelExpectations *runnel_expectations_new_from_strv   (const char * const  *texts,
                                                         GError             **error);
void                runnel_expectations_set_clock       (RunnelExpectations  *self,
                                                         RunnelExpectationsClock clock,
                                                         gpointer             user_data);
void                runnel_expectations_append          (RunnelExpectations  *self,
                                                         RunnelExpectation   *expectation);
void                runnel_expectations_remove          (RunnelExpectations  *self,
                                                         guint                position);
void                runnel_expectations_splice          (RunnelExpectations  *self,
                                                         guint                position,
                                                         guint                n_removals,
                                                         RunnelExpectation  **additions,
                                                         guint                n_additions);
guint               runnel_expectations_get_n_items     (RunnelExpectations  *self);
/* Returns: (transfer none) */
RunnelExpectation  *runnel_expectations_get             (RunnelExpectations  *self,
                                                         guint                position);
/* the sentences, in order (transfer full) */
char              **runnel_expectations_dup_texts       (RunnelExpectations  *self);

/* The run */
void                runnel_expectations_start           (RunnelExpectations  *self);
gboolean            runnel_expectations_is_running      (RunnelExpectations  *self);
void                runnel_expectations_add_event       (RunnelExpectations  *self,
                                                         const RunnelSseEvent *event);
/* a RunnelSseEventFunc (user data: the expectations) */
void                runnel_expectations_add_event_func  (RunnelSseEvent      *event,
                                                         gpointer             user_data);
/* a response's status and headers (only the first of a run counts for status and header) */
void                runnel_expectations_add_response    (RunnelExpectations  *self,
                                                         guint                status,
                                                         SoupMessageHeaders  *headers);
/* the stream reconnected: @count reconnections so far in this run */
void                runnel_expectations_add_reconnect   (RunnelExpectations  *self,
                                                         guint                count);
/* the server ended the stream by itself (a clean end, whether or not the client reconnects) */
void                runnel_expectations_server_ended    (RunnelExpectations  *self);
void                runnel_expectations_tick            (RunnelExpectations  *self);
void                runnel_expectations_finish          (RunnelExpectations  *self);
/*
 * Feeds the client's responses, reconnections and clean ends (not its events, which the owner
 * passes to add_event ()) until unwatch (), and finishes the run when the client closes or
 * fails. Starts the run if it is not running.
 */
void                runnel_expectations_watch_client    (RunnelExpectations  *self,
                                                         RunnelSseClient     *client);
void                runnel_expectations_unwatch_client  (RunnelExpectations  *self);

gboolean            runnel_expectations_needs_clock     (RunnelExpectations  *self);
guint               runnel_expectations_count           (RunnelExpectations  *self,
                                                         RunnelExpectationStatus status);
/* no expectation pending (also TRUE when there are none) */
gboolean            runnel_expectations_all_decided     (RunnelExpectations  *self);
/* "3 of 4 passed" (translated; transfer full) */
char               *runnel_expectations_dup_summary     (RunnelExpectations  *self);

G_END_DECLS
