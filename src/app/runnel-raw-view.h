/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-raw-view.h: the bytes of a stream as received, line endings shown, an event highlighted */

#pragma once

#include <gtk/gtk.h>

#include "runnel-raw-log.h"
#include "runnel-sse-client.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_RAW_VIEW (runnel_raw_view_get_type ())

G_DECLARE_FINAL_TYPE (RunnelRawView, runnel_raw_view, RUNNEL, RAW_VIEW, GtkWidget)

/* the raw log keeps the last RUNNEL_RAW_VIEW_LIMIT bytes */
#define RUNNEL_RAW_VIEW_LIMIT (128 * 1024)

/* records what the client receives from now on (NULL: stop); the view owns its raw log */
void          runnel_raw_view_set_client   (RunnelRawView   *self,
                                            RunnelSseClient *client);
RunnelRawLog *runnel_raw_view_get_log      (RunnelRawView   *self);
void          runnel_raw_view_clear        (RunnelRawView   *self);
/* the event to highlight, by sequence number (0: none) */
void          runnel_raw_view_set_selected (RunnelRawView   *self,
                                            guint64          sequence);
/* while frozen the text does not change (the bytes are still recorded) */
void          runnel_raw_view_set_frozen   (RunnelRawView   *self,
                                            gboolean         frozen);
/* renders now what was recorded (the view otherwise does it a few times a second when shown) */
void          runnel_raw_view_refresh      (RunnelRawView   *self);
/* the text shown, and the highlighted part of it (NULL when nothing is); caller frees */
char         *runnel_raw_view_get_text     (RunnelRawView   *self,
                                            char           **highlighted);

G_END_DECLS
