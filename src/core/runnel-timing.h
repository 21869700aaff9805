/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-timing.h: a stream's health in time: first byte, first content, gaps, stalls, bursts */

#pragma once

#include <glib-object.h>
#include <libsoup/soup.h>

#include "runnel-json-path.h"
#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TIMING_DEFAULT_STALL_USEC        (5 * G_USEC_PER_SEC)
/* a burst: at least this many events within the window, after at least this much silence */
#define RUNNEL_TIMING_DEFAULT_BURST_EVENTS      5
#define RUNNEL_TIMING_DEFAULT_BURST_WINDOW_USEC (10 * 1000)
#define RUNNEL_TIMING_DEFAULT_BURST_WAIT_USEC   (1 * G_USEC_PER_SEC)

/* the times to the first of something, from the start of a connection (its request) */
typedef enum
{
  RUNNEL_TIMING_HEADERS,        /* the response's headers */
  RUNNEL_TIMING_FIRST_BYTE,     /* the first byte of its body */
  RUNNEL_TIMING_FIRST_EVENT,    /* the first event (heartbeat types not counted) */
  RUNNEL_TIMING_FIRST_CONTENT,  /* the first event with content (see set_content_extractor) */
  RUNNEL_TIMING_N_MILESTONES
} RunnelTimingMilestone;

/* what the response itself says about how the stream will travel */
typedef enum
{
  RUNNEL_TIMING_HINT_NONE             = 0,
  RUNNEL_TIMING_HINT_CONTENT_ENCODING = 1 << 0,  /* Content-Encoding on the stream */
  RUNNEL_TIMING_HINT_CLOSE_DELIMITED  = 1 << 1,  /* HTTP/1.0, or a body that ends at close */
  RUNNEL_TIMING_HINT_NO_CACHE_CONTROL = 1 << 2,  /* no Cache-Control: no-cache (or no-store) */
} RunnelTimingHints;

/* the gaps between consecutive events of a connection (heartbeat types left out) */
typedef struct
{
  guint64 n;          /* how many gaps: events - 1 per connection */
  gint64  p50;        /* µs; percentiles within 0.4 %, the maximum exact */
  gint64  p90;
  gint64  p99;
  gint64  max;
  gint64  max_at;     /* when the longest gap ended (the event after it), µs from the start */
  guint64 max_seq;    /* that event's sequence number */
} RunnelTimingGaps;

/* a stretch longer than the stall threshold without an event */
typedef struct
{
  gint64  start;           /* µs from the start of the session */
  gint64  duration;        /* µs */
  guint64 n_heartbeats;    /* comments and heartbeat events in it: > 0 is a heartbeat-only one */
} RunnelTimingStall;

/* many events at once after a long silence: something held the stream back */
typedef struct
{
  gint64 start;            /* µs from the start of the session: the first event of the burst */
  gint64 wait;             /* µs of silence before it */
  gint64 span;             /* µs from its first to its last event */
  guint  n_events;
} RunnelTimingBurst;

#define RUNNEL_TYPE_TIMING (runnel_timing_get_type ())

/*
 * RunnelTiming follows one session of a stream (its connections one after another) and says
 * what its times mean. The client feeds it (runnel_sse_client_get_timing ()): the start of each
 * connection, its response, its body's bytes, each event and each comment, and the end. Events
 * count at their own arrival time; everything else at the time of the clock, g_get_monotonic_time
 * () unless set_clock () gives another (tests). Memory is bounded: gaps go into a histogram; the
 * stalls and bursts kept are the last RUNNEL_TIMING_MAX_KEPT (all are counted).
 *
 * Signal "changed" (): a stall, burst or hint was found (not per event: poll the figures per
 * frame). Stalls are found when they end: get_silence () tells of one going on.
 */
G_DECLARE_FINAL_TYPE (RunnelTiming, runnel_timing, RUNNEL, TIMING, GObject)

#define RUNNEL_TIMING_MAX_KEPT 1000

typedef gint64 (*RunnelTimingClock) (gpointer user_data);

RunnelTiming      *runnel_timing_new                   (void);
void               runnel_timing_set_clock             (RunnelTiming        *self,
                                                        RunnelTimingClock    clock,
                                                        gpointer             user_data);
gint64             runnel_timing_now                   (RunnelTiming        *self);

/* Settings: they apply to what comes next */
void               runnel_timing_set_stall_threshold   (RunnelTiming        *self,
                                                        gint64               usec);
gint64             runnel_timing_get_stall_threshold   (RunnelTiming        *self);
/* event types that only keep the connection alive (e.g. "ping"); NULL or empty for none */
void               runnel_timing_set_heartbeat_types   (RunnelTiming        *self,
                                                        const char * const  *types);
/* what counts as content: an event in which @extractor finds a non-empty value; NULL: an event
 * with data, of a type that is no heartbeat */
void               runnel_timing_set_content_extractor (RunnelTiming        *self,
                                                        RunnelJsonExtractor *extractor);
void               runnel_timing_set_burst_rule        (RunnelTiming        *self,
                                                        guint                min_events,
                                                        gint64               window_usec,
                                                        gint64               wait_usec);

/* Feeding */
void               runnel_timing_reset                 (RunnelTiming        *self);
void               runnel_timing_connection_started    (RunnelTiming        *self);
/* the response's headers (the last of a chain of redirects counts) */
void               runnel_timing_response              (RunnelTiming        *self,
                                                        guint                status,
                                                        SoupMessageHeaders  *headers,
                                                        SoupHTTPVersion      version);
void               runnel_timing_bytes                 (RunnelTiming        *self,
                                                        gsize                n_bytes);
void               runnel_timing_event                 (RunnelTiming        *self,
                                                        const RunnelSseEvent *event);
/* the same, at @at on the timing's clock instead of the event's arrival time */
void               runnel_timing_event_at              (RunnelTiming        *self,
                                                        const RunnelSseEvent *event,
                                                        gint64               at);
void               runnel_timing_comment               (RunnelTiming        *self);
/* the connection ended, or was dropped or abandoned; nothing when none is open */
void               runnel_timing_connection_ended      (RunnelTiming        *self);

/* Figures */
/* monotonic µs of the first connection's start, 0 before one */
gint64             runnel_timing_get_start             (RunnelTiming        *self);
/* µs from the start of the connection that first answered 2xx (else the first that answered)
 * to its milestone, -1 when it has not happened */
gint64             runnel_timing_get_milestone         (RunnelTiming        *self,
                                                        RunnelTimingMilestone milestone);
guint64            runnel_timing_get_n_events          (RunnelTiming        *self);
void               runnel_timing_get_gaps              (RunnelTiming        *self,
                                                        RunnelTimingGaps    *gaps);
guint64            runnel_timing_get_n_stalls          (RunnelTiming        *self);
guint64            runnel_timing_get_n_heartbeat_stalls (RunnelTiming       *self);
const RunnelTimingStall *runnel_timing_get_stalls      (RunnelTiming        *self,
                                                        guint               *n_stalls);
guint64            runnel_timing_get_n_bursts          (RunnelTiming        *self);
const RunnelTimingBurst *runnel_timing_get_bursts      (RunnelTiming        *self,
                                                        guint               *n_bursts);
/* the events counted in buckets of time from the start (a bounded number of them, wider as
 * the stream goes on), for a timeline; NULL before the first event */
const guint32     *runnel_timing_get_series            (RunnelTiming        *self,
                                                        guint               *n_buckets,
                                                        gint64              *bucket_usec);
RunnelTimingHints  runnel_timing_get_hints             (RunnelTiming        *self);
/* µs since the last event while a connection is open (0 otherwise); @n_heartbeats (nullable)
 * gets the comments and heartbeat events since */
gint64             runnel_timing_get_silence           (RunnelTiming        *self,
                                                        guint64             *n_heartbeats);
/* what the figures mean, in words, one sentence each (the hints, the largest burst, the
 * longest stall); empty when all is well. Returns: (transfer full) */
GPtrArray         *runnel_timing_describe              (RunnelTiming        *self);
/* "0.4 ms", "12 ms", "1.2 s", "33 s": a duration for people (translated) */
char              *runnel_timing_format_duration       (gint64               usec);
/* "timing":{...} for --summary: the milestones and gaps in ms, stalls, bursts, notes */
void               runnel_timing_append_json           (RunnelTiming        *self,
                                                        GString             *out);

G_END_DECLS
