/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-test-util.h: main-loop and client-error helpers shared by the tests (no GTK) */

#pragma once

#include <glib.h>

#include "runnel-sse-client.h"

G_BEGIN_DECLS

typedef gboolean (*RunnelTestCondition) (gpointer user_data);

gboolean runnel_test_iterate_until (RunnelTestCondition  condition,
                                    gpointer             user_data,
                                    guint                timeout_ms);
/* the client's last error has @code in RUNNEL_SSE_ERROR and, unless @says is NULL, contains it */
void     runnel_test_assert_client_error (RunnelSseClient *client,
                                          int              code,
                                          const char      *says);

/* runs @argv to its end while the main context iterates (a server in this process keeps serving);
 * fails the test past @timeout_ms. @out and @err get what it wrote (never NULL); returns its exit
 * status */
int      runnel_test_run_command         (const char * const *argv,
                                          char              **out,
                                          char              **err,
                                          guint               timeout_ms);
/* a port on 127.0.0.1 that nothing listens on (bound, then closed) */
guint    runnel_test_closed_port         (void);
/* removes a directory of plain files that a test made */
void     runnel_test_remove_dir          (const char         *path);

/*
 * A scripted HTTP server on 127.0.0.1 port 0 for what no well-behaved server sends: the Nth
 * connection reads one request (its head and a Content-Length body), then gets the Nth response
 * byte for byte (the last one again for later connections) and is closed, unless @hold keeps
 * connections open until the server is freed.
 */
typedef struct _RunnelScriptServer RunnelScriptServer;

RunnelScriptServer *runnel_script_server_new          (const char * const  *responses,
                                                       gboolean             hold);
void                runnel_script_server_free         (RunnelScriptServer  *server);
/* http://127.0.0.1:PORT@path */
char               *runnel_script_server_url          (RunnelScriptServer  *server,
                                                       const char          *path);
guint               runnel_script_server_get_n_requests (RunnelScriptServer *server);
/* the Nth request as received (head and body) */
const char         *runnel_script_server_get_request  (RunnelScriptServer  *server,
                                                       guint                index);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelScriptServer, runnel_script_server_free)

/*
 * The tests' one TLS identity (tests/tls/README.md): a self-signed certificate for IP
 * 127.0.0.1 only, which is its own authority. The certificate with its key, for a server:
 */
GTlsCertificate *runnel_test_tls_certificate (void);
/* the file that makes a client trust it (--cacert, "ca-file") */
char            *runnel_test_tls_ca_file     (void);

/* a GSourceFunc that sets the gboolean @flag points to */
gboolean runnel_test_set_flag (gpointer flag);

/* Iterates the main context until @cond holds or @ms have passed; evaluates to @cond. */
#define RUNNEL_TEST_WAIT_UNTIL(cond, ms) \
  ({ \
    gboolean timed_out_ = FALSE; \
    guint timeout_id_ = g_timeout_add ((ms), runnel_test_set_flag, &timed_out_); \
    while (!(cond) && !timed_out_) \
      g_main_context_iteration (NULL, TRUE); \
    if (!timed_out_) \
      g_source_remove (timeout_id_); \
    (cond); \
  })

/* what a run of the runnel binary gave */
typedef struct
{
  int   status;
  char *out;
  char *err;
} RunnelTestRun;

/* runs $RUNNEL_BINARY with @argv (NULL-terminated, without the binary) while the main context
 * runs (a server in this process answers it), until it exits or @timeout_ms pass */
void     runnel_test_run_binary       (RunnelTestRun      *run,
                                       const char * const *argv,
                                       guint               timeout_ms);
void     runnel_test_run_clear        (RunnelTestRun      *run);

G_END_DECLS
