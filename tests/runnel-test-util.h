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

G_END_DECLS
