/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-capture-ui.c: Open Capture and Export Events off the main loop, in the real window */

#include "config.h"

#include <string.h>

#include "runnel-export.h"
#include "runnel-stream-page-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

/* the shared window fixture first, so that runnel_ui_fixture_setup () can fill it */
typedef struct
{
  RunnelUiFixture ui;
  char           *dir;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  runnel_ui_fixture_setup (&fixture->ui, data);
  fixture->dir = g_dir_make_tmp ("runnel-capture-ui-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  runnel_test_remove_dir (fixture->dir);
  g_free (fixture->dir);

  runnel_ui_fixture_teardown (&fixture->ui, data);
}

typedef struct
{
  gint64        last;
  gint64        longest;  /* the longest time the main loop did not run the timeout */
  guint         n_ticks;
  GAsyncResult *result;
} Watch;

static gboolean
watch_tick (gpointer user_data)
{
  Watch *watch = user_data;
  gint64 now = g_get_monotonic_time ();

  watch->longest = MAX (watch->longest, now - watch->last);
  watch->last = now;
  watch->n_ticks++;

  return G_SOURCE_CONTINUE;
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Watch *watch = user_data;

  watch->result = g_object_ref (result);
}

static gboolean
has_result (gpointer user_data)
{
  return ((Watch *) user_data)->result != NULL;
}

/* a text/event-stream capture of @n_events events, about 100 bytes each */
static char *
write_capture (Fixture    *fixture,
               const char *name,
               guint       n_events)
{
  g_autoptr(GString) text = g_string_sized_new (n_events * 100);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (fixture->dir, name, NULL);

  for (guint i = 1; i <= n_events; i++)
    g_string_append_printf (text, "event: tick\nid: %u\ndata: {\"n\": %u, \"text\": "
                            "\"some words to make the event longer\"}\n\n", i, i);
  g_file_set_contents (path, text->str, text->len, &error);
  g_assert_no_error (error);

  return path;
}

/* a big capture is read and parsed while the main loop keeps running, with a progress bar */
static void
test_open_async (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autofree char *path = write_capture (fixture, "big capture.sse", 300000);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, };
  gboolean revealed = FALSE;
  RunnelStreamPage *page;
  guint tick_id;

  watch.last = g_get_monotonic_time ();
  tick_id = g_timeout_add (10, watch_tick, &watch);
  _runnel_window_open_capture_async (fixture->ui.window, file, NULL, store_result, &watch);
  g_assert_null (watch.result);
  /* the progress shows at once, with the file's name */
  revealed = gtk_revealer_get_reveal_child (fixture->ui.window->capture_revealer);
  g_assert_nonnull (strstr (gtk_label_get_text (fixture->ui.window->capture_label),
                            "big capture.sse"));
  g_assert_true (runnel_test_iterate_until (has_result, &watch, 60000));
  g_source_remove (tick_id);
  /* the main loop ran while the file was read and parsed (30 MB take far more than 10 ms) */
  g_assert_cmpuint (watch.n_ticks, >=, 1);

  page = _runnel_window_open_capture_finish (fixture->ui.window, watch.result, &error);
  g_clear_object (&watch.result);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_true (revealed);
  g_assert_false (gtk_revealer_get_reveal_child (fixture->ui.window->capture_revealer));

  g_test_message ("%u ticks; the main loop stopped for at most %" G_GINT64_FORMAT " ms",
                  watch.n_ticks, watch.longest / 1000);
  g_assert_cmpint (watch.longest, <, 1000 * 1000);

  /* titled by its file, read-only: nothing to pause, connect to or choose from the demo */
  g_assert_cmpstr (runnel_stream_page_get_title (page), ==, "big capture.sse");
  g_assert_true (runnel_stream_page_get_read_only (page));
  g_assert_false (gtk_widget_get_visible (page->pause_button));
  g_assert_false (gtk_widget_is_sensitive (page->pause_button) &&
                  gtk_widget_get_visible (page->pause_button));
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "suggestions_button")));
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "options_button")));
  g_assert_false (gtk_widget_get_visible (runnel_test_page_child (page, "connect_button")));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (runnel_stream_page_get_log (page))),
                    >, 0);
}

/* a file over the limit is refused, before it is read, with a message that says the limit */
static void
test_too_big (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "huge.sse", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  AdwTabView *tab_view = runnel_window_get_tab_view (fixture->ui.window);
  g_autoptr(GFileOutputStream) out = NULL;

  /* a sparse file: no disk space, and no time to write it */
  out = g_file_create (file, G_FILE_CREATE_NONE, NULL, &error);
  g_assert_no_error (error);
  g_seekable_truncate (G_SEEKABLE (out), RUNNEL_CAPTURE_SIZE_LIMIT + 1, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (G_OUTPUT_STREAM (out), NULL, &error);
  g_assert_no_error (error);

  g_assert_null (_runnel_window_open_capture (fixture->ui.window, file, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_test_message ("%s", error->message);
  /* sizes have a no-break space before their unit */
  g_assert_nonnull (strstr (error->message, "“huge.sse” is 256.0\u00a0MiB"));
  g_assert_nonnull (strstr (error->message, "at most 256.0\u00a0MiB"));
  g_assert_cmpuint (adw_tab_view_get_n_pages (tab_view), ==, 0);
  g_assert_false (gtk_revealer_get_reveal_child (fixture->ui.window->capture_revealer));
}

static char *
export (Fixture    *fixture,
        const char *name,
        const char *format)
{
  g_autofree char *path = g_build_filename (fixture->dir, name, NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  Watch watch = { 0, };
  char *summary = NULL;

  _runnel_window_export_events_async (fixture->ui.window, file, format, NULL, store_result, &watch);
  g_assert_true (runnel_test_iterate_until (has_result, &watch, 10000));
  g_assert_true (_runnel_window_export_events_finish (fixture->ui.window, watch.result, &summary,
                                                     &error));
  g_assert_no_error (error);
  g_clear_object (&watch.result);

  return summary;
}

/* Export says how many events, in which format, and where; the chooser offers the format */
static void
test_export_summary (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autofree char *path = write_capture (fixture, "two.sse", 2);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *json_path = g_build_filename (fixture->dir, "events.txt", NULL);
  GtkFileChooser *chooser;
  g_autoptr(GPtrArray) events = NULL;

  g_assert_nonnull (_runnel_window_open_capture (fixture->ui.window, file, &error));
  g_assert_no_error (error);

  summary = export (fixture, "events.ndjson", NULL);
  expected = g_strdup_printf ("Exported 2 events as NDJSON, one event a line to %s/events.ndjson",
                              fixture->dir);
  g_assert_cmpstr (summary, ==, expected);
  g_clear_pointer (&summary, g_free);
  g_clear_pointer (&expected, g_free);

  /* the chosen format wins over the ending */
  summary = export (fixture, "events.txt", "json");
  expected = g_strdup_printf ("Exported 2 events as a JSON array to %s", json_path);
  g_assert_cmpstr (summary, ==, expected);
  g_file_get_contents (json_path, &contents, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (contents[0] == '[');
  events = runnel_import_events (contents, strlen (contents), RUNNEL_EXPORT_FORMAT_JSON_ARRAY,
                                 &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, ==, 2);
  g_clear_pointer (&summary, g_free);

  summary = export (fixture, "events.raw", NULL);
  g_assert_true (g_str_has_prefix (summary, "Exported "));
  g_assert_nonnull (strstr (summary, " of raw bytes to "));

  /* the chooser has a Format choice, which starts on "by the file name's ending" */
  chooser = _runnel_window_new_export_chooser (fixture->ui.window);
  g_assert_cmpstr (gtk_file_chooser_get_choice (chooser, "format"), ==, "name");
  gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (chooser));
  g_object_unref (chooser);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/runnel/ui/capture/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("open-async", test_open_async);
  ADD ("too-big", test_too_big);
  ADD ("export-summary", test_export_summary);

#undef ADD

  return runnel_ui_test_run ();
}
