/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-server.h: the built-in SoupServer with sample streams and every failure mode */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RUNNEL_DEMO_SERVER_DEFAULT_PORT 8080

#define RUNNEL_TYPE_DEMO_SERVER (runnel_demo_server_get_type ())

G_DECLARE_FINAL_TYPE (RunnelDemoServer, runnel_demo_server, RUNNEL, DEMO_SERVER, GObject)

/*
 * Signals: "request-finished" (const char *line) one log line per request, for --demo-server's
 * stderr ("127.0.0.1 GET /clock 200 1234 bytes 5.001 s", plus " (connection closed)" or
 * " (server stopped)" when the stream did not end by itself). Properties: "uri" (string, the base
 * URL with a trailing "/", NULL until listening), "n-streams" (guint, open streaming responses;
 * back to 0 as soon as their clients hang up, which the concurrency test checks). "problem"
 * (const char *message): the server itself is in trouble (it cannot accept connections for now).
 *
 * Limits: 512 connections at once (the next ones are closed as soon as they are accepted); a
 * connection has 10 s to send its request's headers and then 30 s for its body. When accept ()
 * fails (no file descriptor left) the server tries again later, backing off up to a second.
 *
 * The endpoints, their query parameters and their exact bytes are listed by
 * runnel_demo_server_get_endpoints () and the index page, and pinned by tests/test-demo-server.c.
 * Every response carries Connection: close (one request per connection: libsoup 3.2 leaks idle
 * keep-alive connections that the client closes). Request bodies are limited to 1 MiB (413).
 */
RunnelDemoServer *runnel_demo_server_new           (void);
/*
 * Listen on address (NULL = 127.0.0.1) and port (0 = any free port). When try_next is TRUE and
 * the port is taken, the next ports are tried (the --demo-server default of 8080 or next free).
 */
gboolean          runnel_demo_server_listen        (RunnelDemoServer *self,
                                                    const char       *address,
                                                    guint             port,
                                                    gboolean          try_next,
                                                    GError          **error);
/* serve HTTPS with this certificate (and its key) from the next listen on; NULL for HTTP */
void              runnel_demo_server_set_tls_certificate (RunnelDemoServer *self,
                                                          GTlsCertificate  *certificate);
void              runnel_demo_server_stop          (RunnelDemoServer *self);
/* "http://127.0.0.1:PORT/", NULL when not listening; loopback when bound to 0.0.0.0 or :: */
const char       *runnel_demo_server_get_uri       (RunnelDemoServer *self);
guint             runnel_demo_server_get_port      (RunnelDemoServer *self);
guint             runnel_demo_server_get_n_streams (RunnelDemoServer *self);
void              runnel_demo_server_set_limits    (RunnelDemoServer *self,
                                                    guint             max_connections,
                                                    guint             request_timeout_ms,
                                                    guint             body_timeout_ms);
guint             runnel_demo_server_get_n_connections (RunnelDemoServer *self);
/* path (e.g. "/clock") and one-line description pairs, NULL-terminated, for the UI's suggestions;
 * the descriptions are English, marked N_(): show them through _(). An endpoint that wants a
 * request body has a sample of one, and its content type. */
typedef struct
{
  const char *path;
  const char *method;
  const char *description;
  const char *sample_body;
  const char *sample_content_type;
} RunnelDemoEndpoint;
const RunnelDemoEndpoint *runnel_demo_server_get_endpoints (guint *n_endpoints);

G_END_DECLS
