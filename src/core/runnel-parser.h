/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-parser.h: the one interface of the body parsers (event stream, JSON lines) */

#pragma once

#include <glib-object.h>

#include "runnel-sse-event.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_PARSER (runnel_parser_get_type ())

G_DECLARE_INTERFACE (RunnelParser, runnel_parser, RUNNEL, PARSER, GObject)

/*
 * What RunnelSseClient needs of a parser, whatever the body's format: RunnelSseParser
 * (text/event-stream) and RunnelJsonlParser (JSON lines) implement it. A call costs one vtable
 * lookup, made once per read of the body; the hot path, one call per event, is the event func,
 * which stays a direct call.
 *
 * Signals (on the interface, so one handler serves both parsers):
 *   "event"   (RunnelSseEvent *event)   a dispatched event (emitted only when connected: the hot
 *                                        path is the event func)
 *   "retry"   (guint64 milliseconds)    a valid retry: field (event streams only)
 *   "comment" (const char *text)        a comment line, without the colon (event streams only)
 *   "error"   (const GError *error)     a line or event passed max-event-size and was dropped;
 *                                        the domain says which parser (RUNNEL_SSE_PARSER_ERROR,
 *                                        RUNNEL_JSONL_PARSER_ERROR)
 *
 * Contract (DESIGN.md): feed () in any chunking; finish () at the end of a body; reset () for
 * a new connection drops everything not yet dispatched, including a pending id:, and keeps only
 * the last dispatched event id and the sequence numbers.
 */
struct _RunnelParserInterface
{
  GTypeInterface parent_iface;

  void         (*set_event_func)     (RunnelParser       *self,
                                      RunnelSseEventFunc  func,
                                      gpointer            user_data,
                                      GDestroyNotify      destroy);
  void         (*feed)               (RunnelParser       *self,
                                      const guint8       *data,
                                      gsize               len);
  gboolean     (*finish)             (RunnelParser       *self);
  gboolean     (*has_pending)        (RunnelParser       *self);
  void         (*reset)              (RunnelParser       *self);
  guint64      (*get_max_event_size) (RunnelParser       *self);
  void         (*set_max_event_size) (RunnelParser       *self,
                                      guint64             max_event_size);
  const char  *(*get_last_event_id)  (RunnelParser       *self);
  void         (*set_last_event_id)  (RunnelParser       *self,
                                      const char         *id);
};

void         runnel_parser_set_event_func     (RunnelParser       *self,
                                               RunnelSseEventFunc  func,
                                               gpointer            user_data,
                                               GDestroyNotify      destroy);
void         runnel_parser_feed               (RunnelParser       *self,
                                               const guint8       *data,
                                               gsize               len);
/* the end of the body. Returns: FALSE when it was cut in the middle of a record (an event
 * stream's event without its blank line); a JSON line without its LF is whole and dispatched */
gboolean     runnel_parser_finish             (RunnelParser       *self);
/* a partial line or record is buffered (if the body ends now, it was cut in the middle) */
gboolean     runnel_parser_has_pending        (RunnelParser       *self);
void         runnel_parser_reset              (RunnelParser       *self);
guint64      runnel_parser_get_max_event_size (RunnelParser       *self);
void         runnel_parser_set_max_event_size (RunnelParser       *self,
                                               guint64             max_event_size);
/* what a reconnection sends as Last-Event-ID: "" when none (JSON lines have no ids) */
const char  *runnel_parser_get_last_event_id  (RunnelParser       *self);
void         runnel_parser_set_last_event_id  (RunnelParser       *self,
                                               const char         *id);

G_END_DECLS
