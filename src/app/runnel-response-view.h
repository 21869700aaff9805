/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-response-view.h: what the server answered: status line, headers, timing, an error body */

#pragma once

#include <gtk/gtk.h>

#include "runnel-sse-client.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_RESPONSE_VIEW (runnel_response_view_get_type ())

/*
 * Shows the last response of a client: its status line, its headers, the time from the request
 * to the headers and, for a response that is not a stream (an error status, a wrong content
 * type), the start of its body as the client kept it, pretty-printed when it is JSON. It follows
 * the client's "state-changed"; with no client, or before a response, it says so.
 */
G_DECLARE_FINAL_TYPE (RunnelResponseView, runnel_response_view, RUNNEL, RESPONSE_VIEW, GtkWidget)

/* @client: (nullable) */
void  runnel_response_view_set_client (RunnelResponseView *self,
                                       RunnelSseClient    *client);
/* Returns: (transfer full): everything the view shows, as text (status, headers, body) */
char *runnel_response_view_dup_text   (RunnelResponseView *self);

G_END_DECLS
