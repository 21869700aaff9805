/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-util.c: driving the real window from GUI tests and the screenshot tool */

#include "config.h"

#include <glib/gstdio.h>

#include "ui-test-util.h"

#define WAIT_MS 10000

void
runnel_test_settle (void)
{
  for (guint i = 0; i < 100 && g_main_context_iteration (NULL, FALSE); i++)
    ;
}

void
runnel_test_run_for (guint ms)
{
  runnel_test_iterate_until (NULL, NULL, ms);
}

static void
mark_painted (gboolean *painted)
{
  *painted = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

gboolean
runnel_test_wait_for_frames (GtkWidget *widget,
                             guint      n)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (widget);

  g_return_val_if_fail (clock != NULL, FALSE);

  for (guint i = 0; i < n; i++)
    {
      gboolean painted = FALSE;
      gulong handler = g_signal_connect_swapped (clock, "after-paint",
                                                 G_CALLBACK (mark_painted), &painted);

      gtk_widget_queue_draw (widget);
      runnel_test_iterate_until (is_true, &painted, 1000);
      g_signal_handler_disconnect (clock, handler);
      if (!painted)
        return FALSE;
    }

  return TRUE;
}

gpointer
runnel_test_page_child (RunnelStreamPage *page,
                        const char       *name)
{
  GObject *child = gtk_widget_get_template_child (GTK_WIDGET (page), RUNNEL_TYPE_STREAM_PAGE, name);

  if (child == NULL)
    g_error ("the stream page has no child named %s", name);

  return child;
}

const char *
runnel_test_page_label (RunnelStreamPage *page,
                        const char       *name)
{
  return gtk_label_get_text (GTK_LABEL (runnel_test_page_child (page, name)));
}

typedef struct
{
  RunnelStreamPage    *page;
  RunnelSseClientState state;
  guint                n_rows;
} PageWait;

static gboolean
page_in_state (gpointer data)
{
  PageWait *wait = data;

  return runnel_stream_page_get_state (wait->page) == wait->state;
}

static gboolean
page_has_rows (gpointer data)
{
  PageWait *wait = data;
  GListModel *rows = G_LIST_MODEL (runnel_test_page_child (wait->page, "selection"));

  return g_list_model_get_n_items (rows) >= wait->n_rows;
}

void
runnel_test_wait_for_state (RunnelStreamPage    *page,
                            RunnelSseClientState state)
{
  PageWait wait = { page, state, 0 };

  if (!runnel_test_iterate_until (page_in_state, &wait, WAIT_MS))
    g_error ("timed out waiting for state %s (now %s: %s)",
             runnel_sse_client_state_to_string (state),
             runnel_sse_client_state_to_string (runnel_stream_page_get_state (page)),
             runnel_test_page_label (page, "state_label"));
}

void
runnel_test_wait_for_rows (RunnelStreamPage *page,
                           guint             n_rows)
{
  PageWait wait = { page, 0, n_rows };

  if (!runnel_test_iterate_until (page_has_rows, &wait, WAIT_MS))
    g_error ("timed out waiting for %u rows (state: %s)",
             n_rows, runnel_test_page_label (page, "state_label"));
}

RunnelApplication *
runnel_test_init_app (int    *argc,
                      char ***argv)
{
  g_autoptr(GError) error = NULL;
  RunnelApplication *app;

  gtk_test_init (argc, argv, NULL);

  app = runnel_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  return app;
}

RunnelWindow *
runnel_test_open_window (RunnelApplication *app)
{
  RunnelWindow *window = g_object_ref (runnel_window_new (app));

  gtk_window_present (GTK_WINDOW (window));
  runnel_test_settle ();

  return window;
}

void
runnel_test_close_window (RunnelWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();
  g_assert_finalize_object (window);
}

typedef struct
{
  char     *text;
  gboolean  done;
} ClipboardRead;

static void
clipboard_read_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  ClipboardRead *read = user_data;
  g_autoptr(GError) error = NULL;

  read->text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static gboolean
clipboard_read_done (gpointer data)
{
  return ((ClipboardRead *) data)->done;
}

char *
runnel_test_read_clipboard (GtkWidget *widget)
{
  ClipboardRead read = { NULL, FALSE };

  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_read_cb, &read);
  if (!runnel_test_iterate_until (clipboard_read_done, &read, 5000))
    g_error ("the clipboard was not read within 5 s");

  return read.text;
}

void
runnel_test_remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      g_unlink (file);
    }
  g_rmdir (path);
}
