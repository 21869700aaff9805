/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-replay.h: captures served as live event streams with their timing (--serve) */

#pragma once

#include "runnel-demo-server.h"

G_BEGIN_DECLS

/*
 * A capture as plain data: the events in order, each with its type, data, id, the retry: that
 * came before it and its time. The caller reads the file (src/cli, src/app); the demo library
 * only serves what it is given.
 */
typedef struct _RunnelDemoCapture RunnelDemoCapture;

RunnelDemoCapture *runnel_demo_capture_new       (const char        *title);
RunnelDemoCapture *runnel_demo_capture_ref       (RunnelDemoCapture *capture);
void               runnel_demo_capture_unref     (RunnelDemoCapture *capture);
/*
 * @type: NULL or "message" for the default; @id: the event's last event id (ids are sticky: an
 * "id:" line is written only when it differs from the previous event's); @time_us: when it
 * arrived, in µs on any clock, or -1 when unknown (then the events are --interval apart);
 * @retry_ms: a retry: field to send before the event, or -1. CR and LF in @type and @id (which
 * would end the field) are sent as spaces; CR and CRLF in @data as line breaks, as LF.
 */
void               runnel_demo_capture_add_event (RunnelDemoCapture *capture,
                                                  const char        *type,
                                                  const char        *data,
                                                  gsize              data_len,
                                                  const char        *id,
                                                  gint64             time_us,
                                                  gint64             retry_ms);
guint              runnel_demo_capture_get_n_events (RunnelDemoCapture *capture);
const char        *runnel_demo_capture_get_title (RunnelDemoCapture *capture);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelDemoCapture, runnel_demo_capture_unref)

#define RUNNEL_DEMO_REPLAY_DEFAULT_INTERVAL 1000

typedef struct
{
  double   speed;        /* recorded gaps divided by this (> 0; 1 = as recorded) */
  guint    interval_ms;  /* between events without times */
  gboolean loop;         /* start over after the last event, one interval later */
  gint64   drop_after;   /* cut each connection in the middle of its event N+1; -1: never */
  guint    fail_status;  /* answer the first fail_count requests with this status; 0: never */
  guint    fail_count;
  gboolean gzip;         /* Content-Encoding: gzip, flushed after every event */
} RunnelDemoReplayOptions;

/* speed 1, the default interval, no loop, no faults */
void               runnel_demo_replay_options_init (RunnelDemoReplayOptions *options);

/*
 * Serves @capture at @path ("/" or "/NAME"; a later capture at the same path replaces it) with
 * @options (copied; NULL: the defaults), for any method. A new request starts at the first
 * event, or after the first event whose id is its Last-Event-ID (with the last retry: before
 * it); a Last-Event-ID past the last event (without --loop), or an empty capture, is answered
 * 204 No Content so that the client stops. The first event of a connection goes at once, each next one after its
 * recorded gap (capped at an hour); the stream ends after the last event.
 */
void               runnel_demo_server_add_capture (RunnelDemoServer              *self,
                                                   const char                    *path,
                                                   RunnelDemoCapture             *capture,
                                                   const RunnelDemoReplayOptions *options);
/* stops serving @path (open streams go on to their end); FALSE when nothing was served there */
gboolean           runnel_demo_server_remove_capture (RunnelDemoServer *self,
                                                      const char       *path);
/*
 * Serve the captures only (runnel --serve): the demo's own endpoints answer 404, and "/", when
 * no capture is there, lists the captures.
 */
void               runnel_demo_server_set_captures_only (RunnelDemoServer *self,
                                                         gboolean          captures_only);

G_END_DECLS
