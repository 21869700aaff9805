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

typedef struct
{
  GBytes  *out;
  GBytes  *err;
  gboolean done;
} Command;

static void
command_done_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  Command *command = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_communicate_finish (G_SUBPROCESS (object), result, &command->out, &command->err,
                                   &error);
  g_assert_no_error (error);
  command->done = TRUE;
}

static gboolean
command_is_done (gpointer user_data)
{
  Command *command = user_data;

  return command->done;
}

static char *
command_text (GBytes *bytes)
{
  gsize size = 0;
  const char *data = bytes != NULL ? g_bytes_get_data (bytes, &size) : NULL;

  return g_strndup (data != NULL ? data : "", size);
}

int
runnel_test_run_command (const char * const  *argv,
                         char               **out,
                         char               **err,
                         guint                timeout_ms)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  Command command = { NULL, NULL, FALSE };

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                     G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_async (process, NULL, NULL, command_done_cb, &command);
  if (!runnel_test_iterate_until (command_is_done, &command, timeout_ms))
    {
      g_subprocess_force_exit (process);
      runnel_test_iterate_until (command_is_done, &command, 5000);
      g_error ("%s did not end within %u ms", argv[0], timeout_ms);
    }
  g_assert_true (g_subprocess_get_if_exited (process));

  *out = command_text (command.out);
  *err = command_text (command.err);
  g_clear_pointer (&command.out, g_bytes_unref);
  g_clear_pointer (&command.err, g_bytes_unref);
  g_test_message ("%s: exit %d\nstdout:\n%s\nstderr:\n%s", argv[0],
                  g_subprocess_get_exit_status (process), *out, *err);

  return g_subprocess_get_exit_status (process);
}
