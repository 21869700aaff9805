/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-power-ui.c: Import cURL, Copy as cURL, Open Capture and Export Events in the real window */

#include "config.h"

#include <string.h>

#include "runnel-application.h"
#include "runnel-curl.h"
#include "runnel-export.h"
#include "runnel-application-private.h"
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
  fixture->dir = g_dir_make_tmp ("runnel-power-ui-XXXXXX", &error);
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

static guint
n_tabs (RunnelWindow *window)
{
  return adw_tab_view_get_n_pages (runnel_window_get_tab_view (window));
}

static const char chrome_command[] =
  "curl 'https://api.example.com/v1/chat?stream=1' \\\n"
  "  -H 'accept: text/event-stream' \\\n"
  "  -H 'authorization: Bearer sk-test' \\\n"
  "  -H 'content-type: application/json' \\\n"
  "  --data-raw $'{\"q\":\"it\\'s\"}' \\\n"
  "  --compressed -k";

static void
test_import_curl (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) not_imported = NULL;
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page;

  page = _runnel_window_import_curl (fixture->ui.window, chrome_command, &not_imported, &error);
  g_assert_no_error (error);
  g_assert_nonnull (page);
  g_assert_true (runnel_window_get_current_page (fixture->ui.window) == page);
  g_assert_cmpstrv (not_imported, ((const char *[]) { "--compressed", NULL }));

  /* what the tab would send is the command's request */
  request = runnel_stream_page_build_request (page);
  g_assert_nonnull (request);
  g_assert_cmpstr (runnel_request_get_url (request), ==,
                   "https://api.example.com/v1/chat?stream=1");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 3);
  g_assert_cmpstr (runnel_request_get_header_name (request, 1), ==, "authorization");
  g_assert_cmpstr (runnel_request_get_header_value (request, 1), ==, "Bearer sk-test");
  g_assert_cmpmem (g_bytes_get_data (runnel_request_get_body (request), NULL),
                   g_bytes_get_size (runnel_request_get_body (request)), "{\"q\":\"it's\"}", 12);
  g_assert_true (runnel_request_get_accept_invalid_certificates (request));
  g_assert_false (runnel_request_get_allow_insecure_redirect (request));

  /* the connection option that lets a redirect go from https to http is the request's */
  runnel_request_set_allow_insecure_redirect (request, TRUE);
  runnel_stream_page_load_request (page, request);
  {
    g_autoptr(RunnelRequest) again = runnel_stream_page_build_request (page);

    g_assert_true (runnel_request_get_allow_insecure_redirect (again));
  }
}

static void
test_import_errors (Fixture       *fixture,
                    gconstpointer  data)
{
  const char *bad[] = {
    "curl 'https://x.test",             /* unbalanced quote */
    "curl -F a=@b https://x.test",      /* unsupported */
    "curl -I https://x.test",           /* HEAD: not in the method menu */
    "wget https://x.test",
  };
  guint before = n_tabs (fixture->ui.window);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_null (_runnel_window_import_curl (fixture->ui.window, bad[i], NULL, &error));
      g_assert_error (error, RUNNEL_CURL_ERROR, error->code);
    }

  /* nothing half-imported */
  g_assert_cmpuint (n_tabs (fixture->ui.window), ==, before);
}

static void
test_copy_curl (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelRequest) shown = NULL;
  g_autoptr(RunnelRequest) copied = NULL;
  g_autofree char *command = NULL;
  RunnelStreamPage *page;

  page = _runnel_window_import_curl (fixture->ui.window, chrome_command, NULL, &error);
  g_assert_no_error (error);

  command = _runnel_window_copy_curl (fixture->ui.window);
  g_assert_nonnull (command);
  g_assert_true (g_str_has_prefix (command,
                                   "curl \\\n  'https://api.example.com/v1/chat?stream=1'"));

  shown = runnel_stream_page_build_request (page);
  copied = runnel_curl_parse (command, -1, RUNNEL_CURL_FLAGS_NONE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (runnel_request_get_url (copied), ==, runnel_request_get_url (shown));
  g_assert_cmpstr (runnel_request_get_method (copied), ==, runnel_request_get_method (shown));
  g_assert_cmpuint (runnel_request_get_n_headers (copied), ==,
                    runnel_request_get_n_headers (shown));
  g_assert_true (g_bytes_equal (runnel_request_get_body (copied),
                                runnel_request_get_body (shown)));
  g_assert_true (runnel_request_get_accept_invalid_certificates (copied));

  /* an empty tab has nothing to copy */
  runnel_window_add_page (fixture->ui.window);
  g_assert_null (_runnel_window_copy_curl (fixture->ui.window));
}

static void
test_capture_round_trip (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char capture[] =
    "event: update\nid: 1\ndata: first\ndata: é 😀\n\n"
    "data: {\"n\":2}\n\n"
    "id: 3\ndata:\n\n";
  const char *names[] = { "events.ndjson", "events.json", "events.sse" };
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "capture.txt", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  RunnelStreamPage *page;
  RunnelEventLog *log;

  g_file_set_contents (path, capture, -1, &error);
  g_assert_no_error (error);

  page = _runnel_window_open_capture (fixture->ui.window, file, &error);
  g_assert_no_error (error);
  log = runnel_stream_page_get_log (page);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (log)), ==, 3);
  g_assert_cmpstr (runnel_sse_event_get_data (runnel_event_log_peek (log, 1), NULL), ==,
                   "{\"n\":2}");

  /* an imported capture is read-only: nothing to connect to, and the status says so */
  g_assert_true (runnel_stream_page_get_read_only (page));
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  g_assert_false (runnel_stream_page_connect (page));
  g_assert_null (runnel_stream_page_get_client (page));
  g_assert_cmpint (runnel_stream_page_get_state (page), ==, RUNNEL_SSE_CLIENT_STATE_IDLE);
  g_assert_cmpstr (runnel_test_page_label (page, "state_label"), ==,
                   "Imported capture · read-only");

  /* each export opens again as the same events */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *out_path = g_build_filename (fixture->dir, names[i], NULL);
      g_autoptr(GFile) out = g_file_new_for_path (out_path);
      RunnelStreamPage *again;
      RunnelEventLog *again_log;
      AdwTabView *tab_view;

      _runnel_window_export_events_to_file (fixture->ui.window, out, &error);
      g_assert_no_error (error);

      again = _runnel_window_open_capture (fixture->ui.window, out, &error);
      g_assert_no_error (error);
      again_log = runnel_stream_page_get_log (again);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (again_log)), ==, 3);
      for (guint k = 0; k < 3; k++)
        {
          RunnelSseEvent *a = runnel_event_log_peek (log, k);
          RunnelSseEvent *b = runnel_event_log_peek (again_log, k);

          g_assert_cmpstr (runnel_sse_event_get_event_type (b), ==,
                           runnel_sse_event_get_event_type (a));
          g_assert_cmpstr (runnel_sse_event_get_data (b, NULL), ==,
                           runnel_sse_event_get_data (a, NULL));
          g_assert_cmpstr (runnel_sse_event_get_id (b), ==, runnel_sse_event_get_id (a));
        }

      /* export the original tab again next time */
      tab_view = runnel_window_get_tab_view (fixture->ui.window);
      adw_tab_view_set_selected_page (tab_view,
                                      adw_tab_view_get_page (tab_view, GTK_WIDGET (page)));
    }
}

static gboolean
shows_one_event (gpointer data)
{
  return g_list_model_get_n_items (runnel_stream_page_get_shown_events (data)) == 1;
}

static void
test_export_filtered (Fixture       *fixture,
                      gconstpointer  data)
{
  static const char capture[] =
    "event: update\ndata: kept\n\n"
    "data: {\"n\":2}\n\n"
    "data: [DONE]\n\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "capture.sse", NULL);
  g_autofree char *out_path = g_build_filename (fixture->dir, "filtered.ndjson", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autoptr(GPtrArray) exported = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  RunnelStreamPage *page;

  g_file_set_contents (path, capture, -1, &error);
  g_assert_no_error (error);
  page = _runnel_window_open_capture (fixture->ui.window, file, &error);
  g_assert_no_error (error);

  gtk_editable_set_text (GTK_EDITABLE (runnel_test_page_child (page, "filter_entry")), "update");
  g_assert_true (runnel_test_iterate_until (shows_one_event, page, 5000));

  _runnel_window_export_events_to_file (fixture->ui.window, out, &error);
  g_assert_no_error (error);
  g_file_get_contents (out_path, &contents, &length, &error);
  g_assert_no_error (error);
  exported = runnel_import_events (contents, length, RUNNEL_EXPORT_FORMAT_NDJSON, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (exported->len, ==, 1);
  g_assert_cmpstr (runnel_sse_event_get_data (g_ptr_array_index (exported, 0), NULL), ==, "kept");
}

/* .raw exports the bytes as received, comments and retry: lines included, not re-serialised */
static void
test_export_raw (Fixture       *fixture,
                 gconstpointer  data)
{
  static const char received[] = ": hello\r\nretry: 500\r\nevent: update\r\ndata: kept\r\n\r\n";
  g_autoptr(GError) error = NULL;
  g_autofree char *out_path = g_build_filename (fixture->dir, "stream.raw", NULL);
  g_autoptr(GFile) out = g_file_new_for_path (out_path);
  g_autofree char *contents = NULL;
  gsize length = 0;
  RunnelStreamPage *page = runnel_window_add_page (fixture->ui.window);

  runnel_raw_log_append (runnel_stream_page_get_raw_log (page), (const guint8 *) received,
                         sizeof received - 1);
  _runnel_window_export_events_to_file (fixture->ui.window, out, &error);
  g_assert_no_error (error);
  g_file_get_contents (out_path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpmem (contents, length, received, sizeof received - 1);
}

/* toast titles are markup in libadwaita 1.2: a name or an option list is shown as typed */
static void
test_toast_plain_text (Fixture       *fixture,
                       gconstpointer  data)
{
  const char *text = "Saved the request as “R&D <b>1</b>”";

  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.show-toast", "s", text);
  runnel_test_settle ();
  g_assert_true (runnel_test_shows_text (GTK_WIDGET (fixture->ui.window), text));
}

static void
test_actions (Fixture       *fixture,
              gconstpointer  data)
{
  const char *actions[] = {
    "win.import-curl", "win.copy-curl", "win.open-capture", "win.export-events"
  };
  g_auto(GStrv) accels = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    g_assert_true (runnel_test_has_action (GTK_WIDGET (fixture->ui.window), actions[i]));

  accels = gtk_application_get_accels_for_action (GTK_APPLICATION (runnel_ui_test_app ()),
                                                  "win.copy-curl");
  g_assert_cmpstrv (accels, ((const char *[]) { "<Shift><Control>c", NULL }));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add ("/runnel/ui/power/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("import-curl", test_import_curl);
  ADD ("import-errors", test_import_errors);
  ADD ("copy-curl", test_copy_curl);
  ADD ("capture-round-trip", test_capture_round_trip);
  ADD ("export-filtered", test_export_filtered);
  ADD ("export-raw", test_export_raw);
  ADD ("actions", test_actions);
  ADD ("toast-plain-text", test_toast_plain_text);

#undef ADD

  return runnel_ui_test_run ();
}
