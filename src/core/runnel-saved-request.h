/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-request.h: one entry of the request store: a name, a request and a time */

#pragma once

#include <glib-object.h>

#include "runnel-request.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_SAVED_REQUEST (runnel_saved_request_get_type ())

/*
 * One entry of the store: immutable. Properties (read-only): "name" (for history entries, the
 * URL), "request" (RunnelRequest: do not modify it, runnel_request_copy () it to edit), "time"
 * (gint64 µs since the epoch: when it was saved or last opened).
 */
G_DECLARE_FINAL_TYPE (RunnelSavedRequest, runnel_saved_request, RUNNEL, SAVED_REQUEST, GObject)

const char     *runnel_saved_request_get_name    (RunnelSavedRequest *self);
RunnelRequest  *runnel_saved_request_get_request (RunnelSavedRequest *self);
gint64          runnel_saved_request_get_time    (RunnelSavedRequest *self);

G_END_DECLS
