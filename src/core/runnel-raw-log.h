/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-raw-log.h: the last bytes of a stream as received, and where each event lies in them */

#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_RAW_LOG (runnel_raw_log_get_type ())

G_DECLARE_FINAL_TYPE (RunnelRawLog, runnel_raw_log, RUNNEL, RAW_LOG, GObject)

/*
 * Keeps at most "limit" bytes (the newest; older ones are dropped a line at a time) of what a
 * client received, across its connections. Offsets are absolute: bytes since the log began.
 * It cuts the bytes into lines itself (CR, LF, CRLF, also split across appends) and notes where
 * each event lies: an event is dispatched at a blank line that ends a block holding a `data`
 * field, exactly as the WHATWG parser does, so the n-th dispatch is the event of sequence n.
 * Signals: "changed" (after an append, a clear or a new connection).
 */
RunnelRawLog *runnel_raw_log_new               (gsize          limit);
void          runnel_raw_log_append            (RunnelRawLog  *self,
                                                const guint8  *data,
                                                gsize          len);
/* a new connection begins: what was pending in the old one never becomes an event */
void          runnel_raw_log_begin_connection  (RunnelRawLog  *self);
void          runnel_raw_log_clear             (RunnelRawLog  *self);
/* for a new stream: also the offsets and the event numbers start again */
void          runnel_raw_log_reset             (RunnelRawLog  *self);
gsize         runnel_raw_log_get_limit         (RunnelRawLog  *self);
/* the kept bytes; *first_offset: the absolute offset of the first */
const guint8 *runnel_raw_log_peek              (RunnelRawLog  *self,
                                                gsize         *len,
                                                guint64       *first_offset);
/* bytes received in all; the absolute offset past the last kept byte */
guint64       runnel_raw_log_get_end_offset    (RunnelRawLog  *self);
/* the absolute offsets where connections (after the first) began, oldest first */
const guint64 *runnel_raw_log_get_connections  (RunnelRawLog  *self,
                                                guint         *n_connections);
/* where the event of this sequence number lies (from its block's first line to the end of its
 * blank line); FALSE when its bytes are no longer (or not) kept */
gboolean      runnel_raw_log_find_event        (RunnelRawLog  *self,
                                                guint64        sequence,
                                                guint64       *start,
                                                guint64       *end);

G_END_DECLS
