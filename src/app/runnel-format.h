/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-format.h: the words and numbers the window shows: times, sizes, states, failures */

#pragma once

#include "runnel-sse-client.h"

G_BEGIN_DECLS

/* "14:03:07.123" in local time */
char *runnel_format_time_ms        (gint64               real_time);
/* "1.2 s", "350 ms", "3 min 20 s" */
char *runnel_format_duration       (gint64               microseconds);
/* "Open · 200 OK", "Waiting to retry · 503 Service Unavailable", "Failed", … */
char *runnel_format_state          (RunnelSseClientState state,
                                    guint                http_status);
/* why the stream stopped or is retrying, in words a user understands, with what a refusing
 * server's body says (@server_says, or NULL); NULL when all is well */
char *runnel_format_failure        (RunnelSseClientState state,
                                    const GError        *error,
                                    guint                http_status,
                                    const char          *content_type,
                                    const char          *server_says);
/* the data (len bytes, or up to its NUL when len is -1) pretty-printed when it is a JSON object
 * or array, else a copy; a NUL in it shows as U+2400 SYMBOL FOR NULL. JSON too deep or too
 * large to lay out (runnel-json.h) is a copy followed by the reason */
char *runnel_format_data           (const char          *data,
                                    gssize               len,
                                    gboolean            *is_json);
/* "/clock — 127.0.0.1:8080", or NULL when url does not parse */
char *runnel_format_url_title      (const char          *url);

G_END_DECLS
