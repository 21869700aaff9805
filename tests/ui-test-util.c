/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-util.c: driving the real window from GUI tests and the screenshot tool */

#include "config.h"

#include <string.h>

#include <glib/gstdio.h>

#include "runnel-filtered-log.h"
#include "runnel-stream-page-private.h"
#include "ui-test-util.h"

/* generous: the GUI tests share two cores with builds and other tests */
#define WAIT_MS 30000

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

static gboolean
keep_ticking (GtkWidget     *widget,
              GdkFrameClock *clock,
              gpointer       user_data)
{
  return G_SOURCE_CONTINUE;
}

guint
runnel_test_keep_ticking (GtkWidget *widget)
{
  return gtk_widget_add_tick_callback (widget, keep_ticking, NULL, NULL);
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
  /* the page's template, then those of the widgets it is composed of */
  GtkWidget *parts[] = {
    GTK_WIDGET (page),
    GTK_WIDGET (page->request_editor),
    GTK_WIDGET (page->event_list),
    GTK_WIDGET (page->event_detail),
    GTK_WIDGET (page->response_view),
    GTK_WIDGET (page->raw_view),
    GTK_WIDGET (page->stream_status),
    GTK_WIDGET (page->timing_view),
    GTK_WIDGET (page->expectations_view),
    GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (page->expectations_view),
                                               RUNNEL_TYPE_EXPECTATIONS_VIEW,
                                               "expectation_form")),
  };

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      GObject *child = gtk_widget_get_template_child (parts[i], G_OBJECT_TYPE (parts[i]), name);

      if (child != NULL)
        return child;
    }

  g_error ("the stream page has no child named %s", name);
  return NULL;
}

RunnelRequestEditor *
runnel_test_page_editor (RunnelStreamPage *page)
{
  return runnel_test_page_child (page, "request_editor");
}

gboolean
runnel_test_page_detail_open (RunnelStreamPage *page)
{
  return !gtk_widget_get_visible (runnel_test_page_child (page, "list_box")) &&
         gtk_widget_get_visible (runnel_test_page_child (page, "detail_stack"));
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

static gboolean
page_has_exact_rows (gpointer data)
{
  PageWait *wait = data;
  GListModel *rows = G_LIST_MODEL (runnel_test_page_child (wait->page, "selection"));

  return g_list_model_get_n_items (rows) == wait->n_rows;
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
    g_error ("timed out waiting for %u rows (now %u, state: %s)",
             n_rows,
             g_list_model_get_n_items (G_LIST_MODEL (runnel_test_page_child (page, "selection"))),
             runnel_test_page_label (page, "state_label"));
}

void
runnel_test_fill_log (RunnelEventLog *log,
                      guint           n_events,
                      guint           needle_every)
{
  for (guint i = 1; i <= n_events; i++)
    {
      g_autofree char *text = g_strdup_printf ("{\"n\": %u, \"word\": \"%s\"}", i,
                                               i % needle_every == 0 ? "needle" : "hay");
      g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, text, strlen (text),
                                                              NULL, 0, i, 0, 0, strlen (text));

      runnel_event_log_append (log, event);
    }
  runnel_event_log_flush (log);
}

void
runnel_test_search (RunnelStreamPage *page,
                    const char       *text)
{
  GtkEditable *filter_entry = runnel_test_page_child (page, "filter_entry");

  gtk_editable_set_text (filter_entry, text);
  /* the search entry waits a moment before it says the text changed: do not wait for it */
  g_signal_emit_by_name (filter_entry, "search-changed");
}

gboolean
runnel_test_filter_done (gpointer shown)
{
  return runnel_filtered_log_get_pending (RUNNEL_FILTERED_LOG (shown)) == 0;
}

void
runnel_test_wait_for_filter (RunnelStreamPage *page)
{
  if (!runnel_test_iterate_until (runnel_test_filter_done,
                                  runnel_stream_page_get_shown_events (page),
                                  WAIT_MS))
    g_error ("timed out waiting for the filter's result");
}

/* the text a label or an inscription (the list's cells) shows, or NULL */
static const char *
text_of (GtkWidget *widget)
{
  if (GTK_IS_LABEL (widget))
    return gtk_label_get_text (GTK_LABEL (widget));
  if (GTK_IS_INSCRIPTION (widget))
    return gtk_inscription_get_text (GTK_INSCRIPTION (widget));
  return NULL;
}

GtkWidget *
runnel_test_find_widget (GtkWidget            *widget,
                         RunnelTestWidgetMatch match,
                         gconstpointer         data)
{
  if (match (widget, data))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = runnel_test_find_widget (child, match, data);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
says_text (GtkWidget     *widget,
           gconstpointer  text)
{
  return g_strcmp0 (text_of (widget), text) == 0;
}

GtkWidget *
runnel_test_find_text (GtkWidget  *widget,
                       const char *text)
{
  return runnel_test_find_widget (widget, says_text, text);
}

gboolean
runnel_test_shows_text (GtkWidget  *widget,
                        const char *text)
{
  return runnel_test_find_text (widget, text) != NULL;
}

static gboolean
is_of_type (GtkWidget     *widget,
            gconstpointer  type)
{
  return g_type_is_a (G_OBJECT_TYPE (widget), GPOINTER_TO_SIZE (type));
}

GtkWidget *
runnel_test_find_child (GtkWidget *widget,
                        GType      type)
{
  return runnel_test_find_widget (widget, is_of_type, GSIZE_TO_POINTER (type));
}

/* a mapped label or cell showing @text, among @widget and below, entirely within @viewport */
static gboolean
label_in_view (GtkWidget  *widget,
               GtkWidget  *viewport,
               const char *text)
{
  if (gtk_widget_get_mapped (widget) && g_strcmp0 (text_of (widget), text) == 0)
    {
      graphene_rect_t bounds;

      if (gtk_widget_compute_bounds (widget, viewport, &bounds) &&
          bounds.origin.y >= 0 &&
          bounds.origin.y + bounds.size.height <= gtk_widget_get_height (viewport))
        return TRUE;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (label_in_view (child, viewport, text))
      return TRUE;

  return FALSE;
}

gboolean
runnel_test_row_in_view (RunnelStreamPage *page,
                         guint64           sequence)
{
  GtkWidget *viewport = runnel_test_page_child (page, "list_scroller");
  g_autofree char *number = g_strdup_printf ("%" G_GUINT64_FORMAT, sequence);

  return label_in_view (viewport, viewport, number);
}

void
runnel_test_wait_for_exact_rows (RunnelStreamPage *page,
                                 guint             n_rows)
{
  PageWait wait = { page, 0, n_rows };

  if (!runnel_test_iterate_until (page_has_exact_rows, &wait, WAIT_MS))
    g_error ("timed out waiting for exactly %u rows (now %u)", n_rows,
             g_list_model_get_n_items (G_LIST_MODEL (runnel_test_page_child (page,
                                                                             "selection"))));
}

/* gtk_test_init () and the application every test of the program shares (registered once:
 * it stays exported on the session bus) */
static RunnelApplication *
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

/* -1 × -1: the window's own default size */
static RunnelWindow *
open_window_sized (RunnelApplication *app,
                   int                width,
                   int                height)
{
  RunnelWindow *window = g_object_ref (runnel_window_new (app));

  if (width > 0 && height > 0)
    gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_present (GTK_WINDOW (window));
  runnel_test_settle ();

  return window;
}

RunnelWindow *
runnel_test_open_window (RunnelApplication *app)
{
  return open_window_sized (app, -1, -1);
}

void
runnel_test_close_window (RunnelWindow *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();
  g_assert_finalize_object (window);
}

/* one application for the whole run: it stays exported on the session bus once registered */
static RunnelApplication *the_app;
/* of the windows runnel_ui_fixture_setup () opens */
static int window_width = -1;
static int window_height = -1;

void
runnel_ui_test_init (int    *argc,
                     char ***argv)
{
  g_assert_null (the_app);
  the_app = runnel_test_init_app (argc, argv);
}

RunnelApplication *
runnel_ui_test_app (void)
{
  g_assert_nonnull (the_app);
  return the_app;
}

void
runnel_ui_test_set_window_size (int width,
                                int height)
{
  window_width = width;
  window_height = height;
}

int
runnel_ui_test_run (void)
{
  int status = g_test_run ();

  g_clear_object (&the_app);

  return status;
}

void
runnel_ui_fixture_setup (RunnelUiFixture *fixture,
                         gconstpointer    data)
{
  fixture->window = open_window_sized (runnel_ui_test_app (), window_width, window_height);
}

void
runnel_ui_fixture_teardown (RunnelUiFixture *fixture,
                            gconstpointer    data)
{
  runnel_test_close_window (fixture->window);

  runnel_application_stop_demo_server (runnel_ui_test_app ());
  runnel_test_settle ();
}

RunnelStreamPage *
runnel_test_open_demo (RunnelWindow *window,
                       const char   *method,
                       const char   *path)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (window, method, path);

  g_assert_nonnull (page);
  return page;
}

void
runnel_test_close_page (RunnelWindow     *window,
                        RunnelStreamPage *page)
{
  AdwTabView *tab_view = runnel_window_get_tab_view (window);
  guint n_pages = adw_tab_view_get_n_pages (tab_view);

  g_object_ref (page);
  adw_tab_view_set_selected_page (tab_view, adw_tab_view_get_page (tab_view, GTK_WIDGET (page)));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  runnel_test_settle ();
  g_assert_cmpuint (adw_tab_view_get_n_pages (tab_view), ==, n_pages - 1);
  g_assert_finalize_object (page);
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

typedef struct
{
  GOutputStream *out;
  gboolean       done;
} ClipboardBytes;

static void
clipboard_spliced_cb (GObject      *object,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  ClipboardBytes *read = user_data;
  g_autoptr(GError) error = NULL;

  g_output_stream_splice_finish (G_OUTPUT_STREAM (object), result, &error);
  g_assert_no_error (error);
  read->done = TRUE;
}

static void
clipboard_stream_cb (GObject      *object,
                     GAsyncResult *result,
                     gpointer      user_data)
{
  ClipboardBytes *read = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = gdk_clipboard_read_finish (GDK_CLIPBOARD (object), result, NULL,
                                                          &error);

  g_assert_no_error (error);
  g_output_stream_splice_async (read->out, in,
                                G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                                G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET,
                                G_PRIORITY_DEFAULT, NULL, clipboard_spliced_cb, read);
}

static gboolean
clipboard_bytes_done (gpointer data)
{
  return ((ClipboardBytes *) data)->done;
}

GBytes *
runnel_test_read_clipboard_bytes (GtkWidget  *widget,
                                  const char *mime_type)
{
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  ClipboardBytes read = { out, FALSE };
  const char *mime_types[] = { mime_type, NULL };

  gdk_clipboard_read_async (gtk_widget_get_clipboard (widget), mime_types, G_PRIORITY_DEFAULT,
                            NULL, clipboard_stream_cb, &read);
  if (!runnel_test_iterate_until (clipboard_bytes_done, &read, 5000))
    g_error ("the clipboard was not read within 5 s");

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
}

gboolean
runnel_test_has_action (GtkWidget  *widget,
                        const char *name)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_GET_CLASS (widget);
  const GVariantType *parameter_type;
  const char *property_name;
  const char *action_name;
  GType owner;

  for (guint i = 0;
       gtk_widget_class_query_action (widget_class, i, &owner, &action_name, &parameter_type,
                                      &property_name);
       i++)
    if (g_strcmp0 (action_name, name) == 0)
      return TRUE;

  return FALSE;
}
