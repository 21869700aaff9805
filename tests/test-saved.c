/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-saved.c: saved requests, recent streams and secret headers in the real window */

#include "config.h"

#include <string.h>

#include "runnel-application.h"
#include "runnel-header-row.h"
#include "runnel-application-private.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

/* the shared window fixture first, so that runnel_ui_fixture_setup () can fill it */
typedef struct
{
  RunnelUiFixture ui;
  char           *dir;
} Fixture;

/* the windows opened from now on use a fresh store in @dir */
static void
use_store (const char *dir)
{
  g_setenv ("RUNNEL_DATA_DIR", dir, TRUE);
  _runnel_application_forget_request_store (runnel_ui_test_app ());
}

/* a new window over a fresh store in @dir */
static RunnelWindow *
new_window (const char *dir)
{
  use_store (dir);
  return runnel_test_open_window (runnel_ui_test_app ());
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("runnel-saved-XXXXXX", &error);
  g_assert_no_error (error);
  use_store (fixture->dir);
  runnel_ui_fixture_setup (&fixture->ui, data);
}

static void
destroy_dialogs (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = g_list_model_get_n_items (toplevels); i > 0; i--)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i - 1);

      if (ADW_IS_MESSAGE_DIALOG (window))
        gtk_window_destroy (GTK_WINDOW (window));
    }
  runnel_test_settle ();
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  destroy_dialogs ();
  runnel_ui_fixture_teardown (&fixture->ui, data);
  _runnel_application_forget_request_store (runnel_ui_test_app ());

  runnel_test_remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static guint
n_rows (GtkListBox *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (list, n) != NULL)
    n++;
  return n;
}

static const char *
row_title (GtkListBox *list,
           int         index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (list, index);

  g_assert_nonnull (row);
  return adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row));
}

static void
close_current_tab (RunnelWindow *window)
{
  AdwTabView *tab_view = runnel_window_get_tab_view (window);
  guint n_pages = adw_tab_view_get_n_pages (tab_view);

  gtk_widget_activate_action (GTK_WIDGET (window), "win.close-tab", NULL);
  runnel_test_settle ();
  g_assert_cmpuint (adw_tab_view_get_n_pages (tab_view), ==, n_pages - 1);
}

/* the first message dialog over the window */
static AdwMessageDialog *
find_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window))
        return ADW_MESSAGE_DIALOG (window);
    }

  return NULL;
}

/* types @name into the open name dialog and answers "ok" */
static void
answer_name_dialog (const char *name)
{
  AdwMessageDialog *dialog = find_dialog ();
  GtkWidget *entry;

  g_assert_nonnull (dialog);
  entry = adw_message_dialog_get_extra_child (dialog);
  g_assert_true (GTK_IS_EDITABLE (entry));
  gtk_editable_set_text (GTK_EDITABLE (entry), name);
  g_signal_emit_by_name (entry, "activate");
  runnel_test_settle ();
  g_assert_null (find_dialog ());
}

static RunnelStreamPage *
new_post_page (RunnelWindow *window)
{
  RunnelStreamPage *page = runnel_window_add_page (window);

  runnel_stream_page_set_url (page, "http://127.0.0.1:9/v1/chat?stream=1");
  runnel_stream_page_set_method (page, "POST");
  runnel_request_editor_add_header (runnel_test_page_editor (page),
                                    "Content-Type", "application/json", TRUE);
  runnel_request_editor_add_header (runnel_test_page_editor (page),
                                    "Authorization", "Bearer sk-test-123", TRUE);
  runnel_request_editor_add_header (runnel_test_page_editor (page), "X-Off", "no", FALSE);
  runnel_request_editor_set_body_text (runnel_test_page_editor (page), "{\"q\":\"héllo\"}");

  return page;
}

static void
test_save_reopen (Fixture       *fixture,
                  gconstpointer  data)
{
  GtkListBox *list = _runnel_window_get_saved_list (fixture->ui.window, FALSE);
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  RunnelStreamPage *page;
  gboolean replaced = TRUE;

  g_assert_cmpuint (n_rows (list), ==, 0);
  new_post_page (fixture->ui.window);

  /* the keys the shortcuts window lists */
  {
    GtkApplication *app = GTK_APPLICATION (runnel_ui_test_app ());
    g_auto(GStrv) save_keys = gtk_application_get_accels_for_action (app, "win.save-request");
    g_auto(GStrv) show_keys = gtk_application_get_accels_for_action (app, "win.show-saved");

    g_assert_cmpstrv (save_keys, ((const char *[]) { "<Control>d", NULL }));
    g_assert_cmpstrv (show_keys, ((const char *[]) { "<Shift><Control>d", NULL }));
  }

  /* Ctrl+D's action asks a name */
  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.save-request", NULL);
  runnel_test_settle ();
  answer_name_dialog ("Chat stream");
  g_assert_cmpuint (n_rows (list), ==, 1);
  g_assert_cmpstr (row_title (list, 0), ==, "Chat stream");

  /* saving under the same name replaces it */
  g_assert_true (_runnel_window_save_request (fixture->ui.window, "Chat stream", &replaced,
                                              &error));
  g_assert_no_error (error);
  g_assert_true (replaced);
  g_assert_cmpuint (n_rows (list), ==, 1);

  close_current_tab (fixture->ui.window);
  g_assert_null (runnel_window_get_current_page (fixture->ui.window));

  /* the row opens it again, in a new tab, with its headers and body */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  runnel_test_settle ();
  page = runnel_window_get_current_page (fixture->ui.window);
  g_assert_nonnull (page);
  request = runnel_stream_page_build_request (page);
  g_assert_nonnull (request);
  g_assert_cmpstr (runnel_request_get_url (request), ==, "http://127.0.0.1:9/v1/chat?stream=1");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 3);
  g_assert_cmpstr (runnel_request_get_header_name (request, 1), ==, "Authorization");
  g_assert_cmpstr (runnel_request_get_header_value (request, 1), ==, "Bearer sk-test-123");
  g_assert_false (runnel_request_get_header_enabled (request, 2));
  g_assert_cmpmem (g_bytes_get_data (runnel_request_get_body (request), NULL),
                   g_bytes_get_size (runnel_request_get_body (request)),
                   "{\"q\":\"héllo\"}", strlen ("{\"q\":\"héllo\"}"));

  /* and a new window (a new start) finds it on disk */
  {
    g_autoptr(RunnelWindow) again = new_window (fixture->dir);

    g_assert_cmpuint (n_rows (_runnel_window_get_saved_list (again, FALSE)), ==, 1);
    gtk_window_destroy (GTK_WINDOW (again));
    runnel_test_settle ();
  }
}

static void
test_rename_delete (Fixture       *fixture,
                    gconstpointer  data)
{
  GtkListBox *list = _runnel_window_get_saved_list (fixture->ui.window, FALSE);
  RunnelRequestStore *store = _runnel_window_get_request_store (fixture->ui.window);
  g_autoptr(GError) error = NULL;

  new_post_page (fixture->ui.window);
  g_assert_true (_runnel_window_save_request (fixture->ui.window, "b", NULL, &error));
  g_assert_true (_runnel_window_save_request (fixture->ui.window, "c", NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_rows (list), ==, 2);

  /* the row's rename button asks the new name */
  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.rename-saved", "s", "c");
  runnel_test_settle ();
  answer_name_dialog ("a");
  g_assert_cmpuint (n_rows (list), ==, 2);
  g_assert_cmpstr (row_title (list, 0), ==, "a");
  g_assert_cmpstr (row_title (list, 1), ==, "b");
  g_assert_null (runnel_request_store_lookup (store, "c"));
  g_assert_cmpstr (runnel_request_get_method (
                     runnel_saved_request_get_request (runnel_request_store_lookup (store, "a"))),
                   ==, "POST");

  /* renaming onto another name is refused; both stay */
  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.rename-saved", "s", "a");
  runnel_test_settle ();
  answer_name_dialog ("b");
  g_assert_cmpuint (n_rows (list), ==, 2);
  g_assert_nonnull (runnel_request_store_lookup (store, "a"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.delete-saved", "s", "b");
  runnel_test_settle ();
  g_assert_cmpuint (n_rows (list), ==, 1);
  g_assert_cmpstr (row_title (list, 0), ==, "a");
  g_assert_null (runnel_request_store_lookup (store, "b"));

  /* the toast's Undo brings it back, headers and all */
  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.undo-delete-saved", NULL);
  runnel_test_settle ();
  g_assert_cmpuint (n_rows (list), ==, 2);
  g_assert_cmpstr (row_title (list, 1), ==, "b");
  g_assert_cmpuint (runnel_request_get_n_headers (
                      runnel_saved_request_get_request (runnel_request_store_lookup (store, "b"))),
                    ==, 3);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  GtkListBox *recent = _runnel_window_get_saved_list (fixture->ui.window, TRUE);
  g_autofree char *url = NULL;
  RunnelStreamPage *page;
  const char *base;

  g_assert_cmpuint (n_rows (recent), ==, 0);

  page = runnel_window_open_demo_endpoint (fixture->ui.window, "GET", "/counter?interval=50");
  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  runnel_test_settle ();

  base = runnel_application_get_demo_uri (runnel_ui_test_app ());
  url = g_strconcat (base, "counter?interval=50", NULL);
  g_assert_cmpuint (n_rows (recent), ==, 1);
  g_assert_cmpstr (row_title (recent, 0), ==, url);
  close_current_tab (fixture->ui.window);

  /* a recent stream opens again in a new tab */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (recent, 0)));
  runnel_test_settle ();
  page = runnel_window_get_current_page (fixture->ui.window);
  g_assert_nonnull (page);
  g_assert_cmpstr (runnel_stream_page_get_url (page), ==, url);

  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.clear-history", NULL);
  runnel_test_settle ();
  g_assert_cmpuint (n_rows (recent), ==, 0);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *path = g_build_filename (fixture->dir, "requests.json", NULL);
  g_autoptr(RunnelWindow) window = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *contents = NULL;
  AdwMessageDialog *dialog;
  const char *name;

  g_assert_true (g_file_set_contents (path, "{\"version\": 1, \"requests\": [tr", -1, &error));
  g_assert_no_error (error);

  /* the next start reports it, with where it was kept */
  window = new_window (fixture->dir);
  dialog = find_dialog ();
  g_assert_nonnull (dialog);
  g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Saved Requests Were Damaged");
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), ".corrupt-"));
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));

  dir = g_dir_open (fixture->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (g_str_has_prefix (name, "requests.json.corrupt-"))
      aside = g_build_filename (fixture->dir, name, NULL);
  g_assert_nonnull (aside);
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), aside));
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "{\"version\": 1, \"requests\": [tr");

  /* saving still works, and does not touch the damaged file */
  new_post_page (window);
  g_assert_true (_runnel_window_save_request (window, "fresh", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&contents, g_free);
  g_assert_true (g_file_get_contents (aside, &contents, NULL, &error));
  g_assert_cmpstr (contents, ==, "{\"version\": 1, \"requests\": [tr");

  destroy_dialogs ();
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();
}

static char *
events_of_type (RunnelStreamPage *page,
                const char       *type)
{
  RunnelEventLog *log = runnel_stream_page_get_log (page);
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (log)); i++)
    {
      RunnelSseEvent *event = runnel_event_log_peek (log, i);

      if (g_strcmp0 (runnel_sse_event_get_event_type (event), type) != 0)
        continue;
      g_string_append (out, runnel_sse_event_get_data (event, NULL));
      g_string_append_c (out, '\n');
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

static gboolean
has_body_event (gpointer data)
{
  g_autofree char *body = events_of_type (data, "body");

  return *body != '\0';
}

static void
test_secret_masked (Fixture       *fixture,
                    gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->ui.window);
  GtkListBox *header_list = runnel_test_page_child (page, "header_list");
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *headers = NULL;
  RunnelHeaderRow *plain, *secret, *renamed;
  GtkEntry *value_entry;
  GtkWidget *reveal;
  const char *base;

  runnel_request_editor_add_header (runnel_test_page_editor (page), "Accept-Language", "fr", TRUE);
  runnel_request_editor_add_header (runnel_test_page_editor (page),
                                    "Authorization", "Bearer sk-live-42", TRUE);
  plain = RUNNEL_HEADER_ROW (gtk_list_box_get_row_at_index (header_list, 0));
  secret = RUNNEL_HEADER_ROW (gtk_list_box_get_row_at_index (header_list, 1));
  g_assert_cmpstr (runnel_header_row_get_name (secret), ==, "Authorization");

  /* the token shows as dots, with a button to reveal it; other values show */
  value_entry = GTK_ENTRY (gtk_widget_get_template_child (GTK_WIDGET (secret),
                                                          RUNNEL_TYPE_HEADER_ROW, "value_entry"));
  reveal = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (secret),
                                                      RUNNEL_TYPE_HEADER_ROW, "reveal_button"));
  g_assert_true (runnel_header_row_get_masked (secret));
  g_assert_false (gtk_entry_get_visibility (value_entry));
  g_assert_true (gtk_widget_get_visible (reveal));
  g_assert_false (runnel_header_row_get_masked (plain));

  g_signal_emit_by_name (reveal, "clicked");
  g_assert_false (runnel_header_row_get_masked (secret));
  g_assert_true (gtk_entry_get_visibility (value_entry));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (reveal), ==, "Hide Value");
  g_signal_emit_by_name (reveal, "clicked");
  g_assert_true (runnel_header_row_get_masked (secret));

  /* names with "key" are secrets too; renamed to something harmless, the value shows */
  runnel_request_editor_add_header (runnel_test_page_editor (page), "X-Api-Key", "k", TRUE);
  renamed = RUNNEL_HEADER_ROW (gtk_list_box_get_row_at_index (header_list, 2));
  g_assert_true (runnel_header_row_get_masked (renamed));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (renamed),
                                                                      RUNNEL_TYPE_HEADER_ROW,
                                                                      "name_entry")),
                         "X-Note");
  g_assert_false (runnel_header_row_get_masked (renamed));
  gtk_editable_set_text (GTK_EDITABLE (gtk_widget_get_template_child (GTK_WIDGET (renamed),
                                                                      RUNNEL_TYPE_HEADER_ROW,
                                                                      "name_entry")),
                         "X-Api-Key");
  g_assert_true (runnel_header_row_get_masked (renamed));

  /* masked, it is still sent as it is */
  base = runnel_application_ensure_demo_server (runnel_ui_test_app (), &error);
  g_assert_no_error (error);
  url = g_strconcat (base, "echo", NULL);
  runnel_stream_page_set_url (page, url);
  g_assert_true (runnel_stream_page_connect (page));
  g_assert_true (runnel_test_iterate_until (has_body_event, page, 10000));
  headers = events_of_type (page, "header");
  g_assert_nonnull (strstr (headers, "Authorization: Bearer sk-live-42\n"));
  g_assert_nonnull (strstr (headers, "X-Api-Key: k\n"));
  runnel_stream_page_disconnect (page);
}

/* the options popover, set as a user would: every field away from its default */
static void
set_page_options (RunnelStreamPage *page)
{
  gtk_switch_set_active (runnel_test_page_child (page, "reconnect_on_end_switch"), FALSE);
  gtk_spin_button_set_value (runnel_test_page_child (page, "retry_delay_spin"), 2500);
  gtk_spin_button_set_value (runnel_test_page_child (page, "retry_limit_spin"), 4);
  gtk_spin_button_set_value (runnel_test_page_child (page, "read_timeout_spin"), 30);
  gtk_editable_set_text (runnel_test_page_child (page, "fatal_types_entry"), "FatalError, bye");
  gtk_editable_set_text (runnel_test_page_child (page, "last_event_id_entry"), "41");
  gtk_switch_set_active (runnel_test_page_child (page, "insecure_switch"), TRUE);
}

/* what the popover of a reopened page shows */
static void
assert_page_options (RunnelStreamPage *page)
{
  g_assert_false (gtk_switch_get_active (runnel_test_page_child (page,
                                                                 "reconnect_on_end_switch")));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     runnel_test_page_child (page, "retry_delay_spin")), ==, 2500);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     runnel_test_page_child (page, "retry_limit_spin")), ==, 4);
  g_assert_cmpstr (gtk_editable_get_text (runnel_test_page_child (page, "retry_limit_spin")),
                   ==, "4");
  g_assert_cmpint (gtk_spin_button_get_value_as_int (
                     runnel_test_page_child (page, "read_timeout_spin")), ==, 30);
  g_assert_cmpstr (gtk_editable_get_text (runnel_test_page_child (page, "fatal_types_entry")),
                   ==, "FatalError, bye");
  g_assert_cmpstr (gtk_editable_get_text (runnel_test_page_child (page, "last_event_id_entry")),
                   ==, "41");
  g_assert_true (gtk_switch_get_active (runnel_test_page_child (page, "insecure_switch")));
}

static void
test_options_reopen (Fixture       *fixture,
                     gconstpointer  data)
{
  static const char * const fatal[] = { "FatalError", "bye", NULL };
  GtkListBox *list = _runnel_window_get_saved_list (fixture->ui.window, FALSE);
  GtkListBox *recent = _runnel_window_get_saved_list (fixture->ui.window, TRUE);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *headers = NULL;
  RunnelStreamPage *page;
  RunnelRequest *sent;
  const char *base;

  base = runnel_application_ensure_demo_server (runnel_ui_test_app (), &error);
  g_assert_no_error (error);
  url = g_strconcat (base, "echo", NULL);

  page = runnel_window_add_page (fixture->ui.window);
  runnel_stream_page_set_url (page, url);
  set_page_options (page);
  g_assert_true (_runnel_window_save_request (fixture->ui.window, "Resume", NULL, &error));
  g_assert_no_error (error);
  close_current_tab (fixture->ui.window);

  /* reopened, the popover shows every option, the GET's reconnect-on-end default overridden */
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (list, 0)));
  runnel_test_settle ();
  page = runnel_window_get_current_page (fixture->ui.window);
  g_assert_nonnull (page);
  g_assert_cmpstr (runnel_stream_page_get_url (page), ==, url);
  assert_page_options (page);

  /* and the connection uses them: the server sees the Last-Event-ID */
  g_assert_true (runnel_stream_page_connect (page));
  g_assert_true (runnel_test_iterate_until (has_body_event, page, 10000));
  headers = events_of_type (page, "header");
  g_assert_nonnull (strstr (headers, "Last-Event-ID: 41\n"));
  sent = runnel_sse_client_get_request (runnel_stream_page_get_client (page));
  g_assert_false (runnel_request_get_reconnect_on_end (sent));
  g_assert_cmpuint (runnel_request_get_retry_delay (sent), ==, 2500);
  g_assert_cmpint (runnel_request_get_max_retries (sent), ==, 4);
  g_assert_cmpuint (runnel_request_get_read_timeout (sent), ==, 30000);
  g_assert_cmpstrv (runnel_request_get_fatal_event_types (sent), fatal);
  g_assert_cmpstr (runnel_request_get_last_event_id (sent), ==, "41");
  g_assert_true (runnel_request_get_accept_invalid_certificates (sent));
  runnel_stream_page_disconnect (page);

  /* the stream it opened is a recent stream, which comes back with the same options */
  g_assert_cmpuint (n_rows (recent), ==, 1);
  close_current_tab (fixture->ui.window);
  gtk_widget_activate (GTK_WIDGET (gtk_list_box_get_row_at_index (recent, 0)));
  runnel_test_settle ();
  page = runnel_window_get_current_page (fixture->ui.window);
  g_assert_nonnull (page);
  assert_page_options (page);
}

/* a secret whose value was not saved (from the history, or a keyring that did not give it)
 * opens marked as needing its value, and is not sent empty */
static void
test_secret_asked (Fixture       *fixture,
                   gconstpointer  data)
{
  RunnelStreamPage *page = runnel_window_add_page (fixture->ui.window);
  GtkListBox *header_list = runnel_test_page_child (page, "header_list");
  GtkWidget *error_label = runnel_test_page_child (page, "request_error_label");
  g_autoptr(JsonNode) node = json_from_string (
    "{\"url\": \"http://127.0.0.1:9/stream\", \"headers\": ["
    "{\"name\": \"Authorization\", \"value-left-out\": true},"
    "{\"name\": \"Accept-Language\", \"value\": \"fr\"}]}", NULL);
  g_autoptr(RunnelRequest) request = runnel_request_new_from_json (node, NULL);
  RunnelHeaderRow *secret;
  GtkWidget *value_entry;

  g_assert_nonnull (request);
  runnel_stream_page_load_request (page, request);
  secret = RUNNEL_HEADER_ROW (gtk_list_box_get_row_at_index (header_list, 0));
  value_entry = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (secret),
                                                           RUNNEL_TYPE_HEADER_ROW,
                                                           "value_entry"));
  g_assert_true (runnel_header_row_get_value_missing (secret));
  g_assert_true (gtk_widget_has_css_class (value_entry, "warning"));
  g_assert_cmpstr (gtk_entry_get_placeholder_text (GTK_ENTRY (value_entry)), ==,
                   "Type the value again");
  g_assert_false (runnel_header_row_get_value_missing (
    RUNNEL_HEADER_ROW (gtk_list_box_get_row_at_index (header_list, 1))));

  /* Connect refuses, and says which header and why */
  gtk_widget_activate_action (GTK_WIDGET (page), "stream.connect", NULL);
  g_assert_null (runnel_stream_page_get_client (page));
  g_assert_true (gtk_widget_get_visible (error_label));
  g_assert_true (gtk_widget_has_css_class (value_entry, "error"));
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (value_entry), "was not saved"));

  /* typed again, the mark goes */
  gtk_editable_set_text (GTK_EDITABLE (value_entry), "Bearer typed");
  g_assert_false (runnel_header_row_get_value_missing (secret));
  g_assert_false (gtk_widget_has_css_class (value_entry, "warning"));
  g_assert_true (runnel_header_row_check (secret));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

  g_test_add ("/saved/save-reopen", Fixture, NULL, fixture_setup, test_save_reopen,
              fixture_teardown);
  g_test_add ("/saved/rename-delete", Fixture, NULL, fixture_setup, test_rename_delete,
              fixture_teardown);
  g_test_add ("/saved/options-reopen", Fixture, NULL, fixture_setup, test_options_reopen,
              fixture_teardown);
  g_test_add ("/saved/history", Fixture, NULL, fixture_setup, test_history, fixture_teardown);
  g_test_add ("/saved/corrupt", Fixture, NULL, fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/saved/secret-masked", Fixture, NULL, fixture_setup, test_secret_masked,
              fixture_teardown);
  g_test_add ("/saved/secret-asked", Fixture, NULL, fixture_setup, test_secret_asked,
              fixture_teardown);

  return runnel_ui_test_run ();
}
