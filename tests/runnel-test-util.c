/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-test-util.c: main-loop and client-error helpers shared by the tests (no GTK) */

#include <string.h>

#include "runnel-test-util.h"

static gboolean
deadline_cb (gpointer user_data)
{
  gboolean *expired = user_data;

  *expired = TRUE;
  return G_SOURCE_REMOVE;
}

/**
 * runnel_test_iterate_until:
 * @condition: (nullable): checked before each iteration; %NULL iterates until the deadline
 * @user_data: for @condition
 * @timeout_ms: the deadline
 *
 * Iterates the thread-default main context until @condition holds, never sleeping past what the
 * main loop waits for.
 *
 * Returns: %TRUE when @condition held, %FALSE when @timeout_ms passed first
 */
gboolean
runnel_test_iterate_until (RunnelTestCondition condition,
                           gpointer            user_data,
                           guint               timeout_ms)
{
  gboolean expired = FALSE;
  guint id = g_timeout_add (timeout_ms, deadline_cb, &expired);

  while (!expired && (condition == NULL || !condition (user_data)))
    g_main_context_iteration (NULL, TRUE);

  if (!expired)
    g_source_remove (id);

  return !expired;
}

void
runnel_test_assert_client_error (RunnelSseClient *client,
                                 int              code,
                                 const char      *says)
{
  const GError *error = runnel_sse_client_get_last_error (client);

  g_assert_nonnull (error);
  g_test_message ("error: %s", error->message);
  g_assert_error ((GError *) error, RUNNEL_SSE_ERROR, code);
  if (says != NULL && strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
}
