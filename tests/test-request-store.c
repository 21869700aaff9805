/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-request-store.c: saved requests and history on disk: atomic, damage-tolerant, masked */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "runnel-collection.h"
#include "runnel-request-store.h"
#include "runnel-saved-request-private.h"

typedef struct
{
  char *dir;
} Fixture;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *tmp = g_dir_make_tmp ("runnel-store-XXXXXX", &error);

  g_assert_no_error (error);
  /* a directory the store must create itself */
  f->dir = g_build_filename (tmp, "data", "runnel", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *data_dir = g_path_get_dirname (f->dir);
  g_autofree char *tmp = g_path_get_dirname (data_dir);

  remove_tree (tmp);
  g_free (f->dir);
}

static RunnelRequestStore *
open_store (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  RunnelRequestStore *store = runnel_request_store_new (f->dir);

  runnel_request_store_load (store, &error);
  g_assert_no_error (error);
  return store;
}

static RunnelRequest *
make_request (const char *url)
{
  RunnelRequest *request = runnel_request_new (url);
  g_autoptr(GBytes) body = g_bytes_new ("\0\xff binary", 9);

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Authorization", "Bearer sk-secret", TRUE);
  runnel_request_append_header (request, "X-Off", "disabled", FALSE);
  runnel_request_set_body (request, body);
  return request;
}

static char **
saved_names (RunnelRequestStore *store)
{
  GListModel *model = runnel_request_store_get_saved (store);
  GPtrArray *names = g_ptr_array_new ();

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (model, i);

      g_ptr_array_add (names, g_strdup (runnel_saved_request_get_name (entry)));
    }
  g_ptr_array_add (names, NULL);
  return (char **) g_ptr_array_free (names, FALSE);
}

static char *
read_text (const char *dir,
           const char *name)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *text = NULL;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  return text;
}

static void
write_text (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0700);
  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
}

/* the one file in @dir whose name starts with @prefix */
static char *
find_file (const char *dir,
           const char *prefix)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  char *found = NULL;

  while ((name = g_dir_read_name (d)) != NULL)
    {
      if (g_str_has_prefix (name, prefix))
        {
          g_assert_null (found);
          found = g_strdup (name);
        }
    }
  return found;
}

static void
test_save_rename_delete (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) chat = make_request ("https://llm.test/chat");
  g_autoptr(RunnelRequest) clock = runnel_request_new ("http://127.0.0.1:8080/clock");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_auto(GStrv) reloaded = NULL;
  RunnelSavedRequest *entry;
  RunnelRequest *request;
  struct stat st;
  g_autofree char *path = NULL;

  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (store)), ==, 0);

  runnel_request_store_save (store, "zeta chat", chat, &error);
  g_assert_no_error (error);
  runnel_request_store_save (store, "Alpha clock", clock, &error);
  g_assert_no_error (error);
  runnel_request_store_save (store, "émile", clock, &error);
  g_assert_no_error (error);

  /* the store keeps a copy: later edits of the caller's request change nothing */
  runnel_request_set_url (chat, "https://changed.test/");

  names = saved_names (store);
  /* g_utf8_collate () order; the tests run in C.UTF-8, where é comes after z */
  g_assert_cmpstrv (names, ((const char *[]) { "Alpha clock", "zeta chat", "émile", NULL }));

  runnel_request_store_rename (store, "émile", "beta", &error);
  g_assert_no_error (error);
  runnel_request_store_rename (store, "beta", "zeta chat", &error);
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_EXISTS);
  g_clear_error (&error);
  runnel_request_store_rename (store, "nobody", "x", &error);
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  runnel_request_store_delete (store, "Alpha clock", &error);
  g_assert_no_error (error);
  runnel_request_store_delete (store, "Alpha clock", &error);
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* a new store on the same directory sees the same, headers and binary body included */
  again = open_store (f);
  reloaded = saved_names (again);
  g_assert_cmpstrv (reloaded, ((const char *[]) { "beta", "zeta chat", NULL }));

  entry = runnel_request_store_lookup (again, "zeta chat");
  g_assert_nonnull (entry);
  g_assert_cmpint (runnel_saved_request_get_time (entry), >, 0);
  request = runnel_saved_request_get_request (entry);
  g_assert_cmpstr (runnel_request_get_url (request), ==, "https://llm.test/chat");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 2);
  g_assert_cmpstr (runnel_request_get_header_value (request, 0), ==, "Bearer sk-secret");
  g_assert_false (runnel_request_get_header_enabled (request, 1));
  g_assert_cmpmem (g_bytes_get_data (runnel_request_get_body (request), NULL), 9,
                   "\0\xff binary", 9);

  /* saved under a known name it replaces, and only the user can read the file */
  runnel_request_store_save (again, "beta", chat, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (runnel_request_get_url (runnel_saved_request_get_request (
                     runnel_request_store_lookup (again, "beta"))), ==, "https://changed.test/");
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (again)), ==, 2);

  path = g_build_filename (f->dir, "requests.json", NULL);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_names (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autofree char *long_name = g_strnfill (201, 'n');
  const char *bad[] = { "", "  \t", "\xff", long_name };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (runnel_request_store_save (store, bad[i], request, &error));
      g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_INVALID_NAME);
    }
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (store)), ==, 0);
  g_assert_false (g_file_test (f->dir, G_FILE_TEST_EXISTS));
}

/* a request with a secret header, sent again after a new start, is still one recent entry:
 * the entry read back has no value to compare */
static void
test_history_secret_once (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://llm.test/chat");
  g_autoptr(GError) error = NULL;
  GListModel *history;

  runnel_request_set_method (request, "POST");
  runnel_request_append_header (request, "Authorization", "Bearer sk-1", TRUE);
  runnel_request_append_header (request, "Content-Type", "application/json", TRUE);
  runnel_request_set_body_text (request, "{\"stream\": true}");
  runnel_request_store_add_history (store, request, &error);
  g_assert_no_error (error);

  again = open_store (f);
  history = runnel_request_store_get_history (again);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);
  runnel_request_store_add_history (again, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  /* another body is another request */
  runnel_request_set_body_text (request, "{\"stream\": false}");
  runnel_request_store_add_history (again, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 2);
}

static void
test_history (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequestStore) again = NULL;
  GListModel *history = runnel_request_store_get_history (store);
  g_autoptr(GError) error = NULL;
  const char *urls[] = { "https://a.test/", "https://b.test/", "https://c.test/",
                         "https://a.test/", "https://d.test/", "https://e.test/" };
  const char *expected[] = { "https://e.test/", "https://d.test/", "https://a.test/" };

  runnel_request_store_set_history_size (store, 3);
  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(RunnelRequest) request = runnel_request_new (urls[i]);

      runnel_request_store_add_history (store, request, &error);
      g_assert_no_error (error);
    }

  /* most recent first, a.test once (it moved up), bounded */
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  again = open_store (f);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (history, i);
      g_autoptr(RunnelSavedRequest) loaded =
        g_list_model_get_item (runnel_request_store_get_history (again), i);

      g_assert_cmpstr (runnel_saved_request_get_name (entry), ==, expected[i]);
      g_assert_cmpstr (runnel_request_get_url (runnel_saved_request_get_request (loaded)), ==,
                       expected[i]);
    }

  /* a different method is a different stream */
  {
    g_autoptr(RunnelRequest) post = runnel_request_new ("https://e.test/");

    runnel_request_set_method (post, "POST");
    runnel_request_store_add_history (store, post, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);
  }

  runnel_request_store_clear_history (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 0);
}

static void
assert_corrupt_kept (Fixture    *f,
                     const char *damaged,
                     guint       expected_entries)
{
  g_autoptr(RunnelRequestStore) store = runnel_request_store_new (f->dir);
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *fresh = NULL;
  g_autofree char *path = g_build_filename (f->dir, "requests.json", NULL);
  g_autofree char *aside_path = NULL;

  write_text (f->dir, "requests.json", damaged);

  g_assert_false (runnel_request_store_load (store, &error));
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_CORRUPT);
  g_assert_nonnull (strstr (error->message, "requests.json.corrupt-"));
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (store)), ==,
                    expected_entries);
  g_clear_error (&error);

  /* moved aside, byte for byte; what could be read is written back at once, to load cleanly
   * at the next start */
  aside = find_file (f->dir, "requests.json.corrupt-");
  g_assert_nonnull (aside);
  kept = read_text (f->dir, aside);
  g_assert_cmpstr (kept, ==, damaged);
  g_assert_cmpint (g_file_test (path, G_FILE_TEST_EXISTS), ==, expected_entries > 0);
  if (expected_entries > 0)
    {
      g_autoptr(RunnelRequestStore) next_start = open_store (f);

      g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (next_start)),
                        ==, expected_entries);
    }

  /* the store still works, and saving does not touch the damaged copy */
  runnel_request_store_save (store, "new", request, &error);
  g_assert_no_error (error);
  g_free (kept);
  kept = read_text (f->dir, aside);
  g_assert_cmpstr (kept, ==, damaged);
  fresh = read_text (f->dir, "requests.json");
  g_assert_nonnull (strstr (fresh, "\"new\""));

  aside_path = g_build_filename (f->dir, aside, NULL);
  g_unlink (aside_path);
}

static void
test_corrupt (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequest) request = make_request ("https://x.test/");
  g_autoptr(GError) error = NULL;
  g_autofree char *valid = NULL;
  g_autofree char *half = NULL;

  runnel_request_store_save (store, "one", request, &error);
  g_assert_no_error (error);
  runnel_request_store_save (store, "two", request, &error);
  g_assert_no_error (error);
  valid = read_text (f->dir, "requests.json");

  /* not JSON; a partial write (what a non-atomic writer leaves after a crash); wrong shapes */
  half = g_strndup (valid, strlen (valid) / 2);
  assert_corrupt_kept (f, "\xff\xfe garbage {", 0);
  assert_corrupt_kept (f, " ", 0);
  assert_corrupt_kept (f, half, 0);
  assert_corrupt_kept (f, "[1, 2, 3]", 0);
  /* nested past the limit: json-glib would overflow the stack before the move aside */
  {
    g_autofree char *deep = g_strnfill (100000, '[');

    assert_corrupt_kept (f, deep, 0);
  }
  assert_corrupt_kept (f, "{\"version\": 1, \"requests\": {}}", 0);
  /* one bad entry among good ones: the good ones are kept */
  assert_corrupt_kept (f, "{\"version\": 1, \"requests\": ["
                          "{\"name\": \"good\", \"request\": {\"url\": \"https://g.test/\"}},"
                          "{\"name\": \"bad\", \"request\": {\"url\": 42}},"
                          "{\"name\": \"\", \"request\": {}},"
                          "{\"name\": \"good\", \"request\": {}},"
                          "{\"request\": {}}]}", 1);
}

static const char * const fatal[] = { "FatalError", "bye", NULL };

/* every option the stream page has, and the ones it does not, set away from the default */
static RunnelRequest *
make_request_with_options (const char *url)
{
  RunnelRequest *request = make_request (url);

  runnel_request_set_reconnect (request, FALSE);
  runnel_request_set_reconnect_on_end (request, TRUE);
  runnel_request_set_retry_delay (request, 2500);
  runnel_request_set_backoff_cap (request, 5000);
  runnel_request_set_max_retries (request, 4);
  runnel_request_set_read_timeout (request, 30000);
  runnel_request_set_timeout (request, 60000);
  runnel_request_set_max_event_size (request, 1024);
  runnel_request_set_accept_invalid_certificates (request, TRUE);
  runnel_request_set_allow_insecure_redirect (request, TRUE);
  runnel_request_set_ca_file (request, "/etc/ssl/private-ca.pem");
  runnel_request_set_last_event_id (request, "41");
  runnel_request_set_fatal_event_types (request, fatal);
  return request;
}

static void
assert_options (RunnelRequest *request)
{
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_false (runnel_request_get_reconnect (request));
  g_assert_true (runnel_request_get_reconnect_on_end (request));
  g_assert_cmpuint (runnel_request_get_retry_delay (request), ==, 2500);
  g_assert_cmpuint (runnel_request_get_backoff_cap (request), ==, 5000);
  g_assert_cmpint (runnel_request_get_max_retries (request), ==, 4);
  g_assert_cmpuint (runnel_request_get_read_timeout (request), ==, 30000);
  g_assert_cmpuint (runnel_request_get_timeout (request), ==, 60000);
  g_assert_cmpuint (runnel_request_get_max_event_size (request), ==, 1024);
  g_assert_true (runnel_request_get_accept_invalid_certificates (request));
  g_assert_true (runnel_request_get_allow_insecure_redirect (request));
  g_assert_cmpstr (runnel_request_get_ca_file (request), ==, "/etc/ssl/private-ca.pem");
  g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "41");
  g_assert_cmpstrv (runnel_request_get_fatal_event_types (request), fatal);
}

/* what a RunnelRequest that is all defaults says */
static void
assert_default_options (RunnelRequest *request)
{
  g_autoptr(RunnelRequest) fresh = runnel_request_new (runnel_request_get_url (request));

  runnel_request_set_method (fresh, runnel_request_get_method (request));
  g_assert_cmpint (runnel_request_get_reconnect (request), ==,
                   runnel_request_get_reconnect (fresh));
  g_assert_cmpint (runnel_request_get_reconnect_on_end (request), ==,
                   runnel_request_get_reconnect_on_end (fresh));
  g_assert_cmpuint (runnel_request_get_retry_delay (request), ==,
                    runnel_request_get_retry_delay (fresh));
  g_assert_cmpuint (runnel_request_get_backoff_cap (request), ==,
                    runnel_request_get_backoff_cap (fresh));
  g_assert_cmpint (runnel_request_get_max_retries (request), ==, -1);
  g_assert_cmpuint (runnel_request_get_read_timeout (request), ==, 0);
  g_assert_cmpuint (runnel_request_get_timeout (request), ==, 0);
  g_assert_cmpuint (runnel_request_get_max_event_size (request), ==,
                    runnel_request_get_max_event_size (fresh));
  g_assert_false (runnel_request_get_accept_invalid_certificates (request));
  g_assert_null (runnel_request_get_ca_file (request));
  g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "");
  g_assert_cmpstrv (runnel_request_get_fatal_event_types (request), ((const char *[]) { NULL }));
}

static void
test_options_round_trip (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = make_request_with_options ("https://llm.test/chat");
  g_autoptr(RunnelSavedRequest) recent = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  RunnelSavedRequest *entry;

  runnel_request_store_save (store, "all options", request, &error);
  g_assert_no_error (error);
  runnel_request_store_add_history (store, request, &error);
  g_assert_no_error (error);

  /* the file says them in words a person can read and edit */
  text = read_text (f->dir, "requests.json");
  g_assert_nonnull (strstr (text, "\"retry-delay\" : 2500"));
  g_assert_nonnull (strstr (text, "\"max-retries\" : 4"));
  g_assert_nonnull (strstr (text, "\"read-timeout\" : 30000"));
  g_assert_nonnull (strstr (text, "\"last-event-id\" : \"41\""));
  g_assert_nonnull (strstr (text, "\"reconnect-on-end\" : true"));
  g_assert_nonnull (strstr (text, "\"accept-invalid-certificates\" : true"));
  g_assert_nonnull (strstr (text, "\"fatal-event-types\" : [\n"));

  /* a new start reads every one back, for a saved request and a recent stream alike */
  again = open_store (f);
  entry = runnel_request_store_lookup (again, "all options");
  g_assert_nonnull (entry);
  assert_options (runnel_saved_request_get_request (entry));
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_history (again)), ==, 1);
  recent = g_list_model_get_item (runnel_request_store_get_history (again), 0);
  assert_options (runnel_saved_request_get_request (recent));

  /* a stream started from another Last-Event-ID is another recent entry */
  runnel_request_set_last_event_id (request, "42");
  runnel_request_store_add_history (again, request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_history (again)), ==, 2);
}

/* a file as the first version wrote it: no options at all, and an entry without a time */
static void
test_old_format (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(RunnelSavedRequest) recent = NULL;
  RunnelSavedRequest *entry;
  RunnelRequest *request;

  write_text (f->dir, "requests.json",
              "{\"version\": 1, \"requests\": ["
              "{\"name\": \"chat\", \"time\": \"2026-11-20T08:00:00Z\", \"request\": "
              "{\"url\": \"https://llm.test/chat\", \"method\": \"POST\","
              " \"headers\": [{\"name\": \"Accept\", \"value\": \"text/event-stream\","
              " \"enabled\": true}], \"body\": \"{}\"}},"
              "{\"name\": \"clock\", \"request\": {\"url\": \"https://x.test/clock\"}}]}");
  write_text (f->dir, "history.json",
              "{\"version\": 1, \"history\": [{\"name\": \"https://x.test/clock\","
              " \"request\": {\"url\": \"https://x.test/clock\", \"method\": \"GET\"}}]}");

  /* no error, nothing moved aside */
  store = open_store (f);
  g_assert_null (find_file (f->dir, "requests.json.corrupt-"));
  g_assert_null (find_file (f->dir, "history.json.corrupt-"));

  entry = runnel_request_store_lookup (store, "chat");
  g_assert_nonnull (entry);
  g_assert_cmpint (runnel_saved_request_get_time (entry), ==,
                   G_GINT64_CONSTANT (1795161600) * G_USEC_PER_SEC);
  request = runnel_saved_request_get_request (entry);
  g_assert_cmpstr (runnel_request_get_url (request), ==, "https://llm.test/chat");
  g_assert_cmpuint (runnel_request_get_n_headers (request), ==, 1);
  assert_default_options (request);
  /* the default that follows the method: a POST is not requested again when it ends */
  g_assert_false (runnel_request_get_reconnect_on_end (request));

  entry = runnel_request_store_lookup (store, "clock");
  g_assert_nonnull (entry);
  g_assert_cmpint (runnel_saved_request_get_time (entry), ==, 0);
  assert_default_options (runnel_saved_request_get_request (entry));
  g_assert_true (runnel_request_get_reconnect_on_end (runnel_saved_request_get_request (entry)));

  recent = g_list_model_get_item (runnel_request_store_get_history (store), 0);
  assert_default_options (runnel_saved_request_get_request (recent));
}

/* options of the wrong type or out of range: the default for each, the rest of the entry kept,
 * the file kept aside and the options named */
static void
test_bad_options (Fixture       *f,
                  gconstpointer  data)
{
  static const char *damaged =
    "{\"version\": 1, \"requests\": ["
    "{\"name\": \"edited\", \"request\": {\"url\": \"https://x.test/s\","
    " \"method\": \"POST\", \"headers\": [{\"name\": \"A\", \"value\": \"b\"}],"
    " \"body\": \"hi\","
    " \"retry-delay\": \"soon\", \"max-retries\": -7, \"read-timeout\": 1.5,"
    " \"timeout\": 99999999999, \"max-event-size\": -1, \"backoff-cap\": null,"
    " \"reconnect\": {}, \"reconnect-on-end\": \"yes\", \"accept-invalid-certificates\": 1,"
    " \"ca-file\": false, \"fatal-event-types\": [1, \"x\"], \"last-event-id\": \"7\"}},"
    "{\"name\": \"fine\", \"request\": {\"url\": \"https://x.test/f\","
    " \"retry-delay\": 300, \"last-event-id\": 41}}]}";
  static const char * const named[] = {
    "retry-delay", "max-retries", "read-timeout", "timeout", "max-event-size", "backoff-cap",
    "reconnect", "reconnect-on-end", "accept-invalid-certificates", "ca-file",
    "fatal-event-types", "last-event-id",
  };
  g_autoptr(RunnelRequestStore) store = runnel_request_store_new (f->dir);
  g_autoptr(RunnelRequestStore) next_start = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *kept = NULL;
  RunnelSavedRequest *entry;
  RunnelRequest *request;

  write_text (f->dir, "requests.json", damaged);

  g_assert_false (runnel_request_store_load (store, &error));
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_CORRUPT);
  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      g_autofree char *quoted = g_strdup_printf ("“%s”", named[i]);

      g_assert_nonnull (strstr (error->message, quoted));
    }
  g_assert_nonnull (strstr (error->message, "requests.json.corrupt-"));

  /* both entries, what was good in them included */
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (store)), ==, 2);
  entry = runnel_request_store_lookup (store, "edited");
  g_assert_nonnull (entry);
  request = runnel_saved_request_get_request (entry);
  g_assert_cmpstr (runnel_request_get_url (request), ==, "https://x.test/s");
  g_assert_cmpstr (runnel_request_get_method (request), ==, "POST");
  g_assert_cmpstr (runnel_request_find_header (request, "A"), ==, "b");
  g_assert_cmpmem (g_bytes_get_data (runnel_request_get_body (request), NULL), 2, "hi", 2);
  g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "7");
  runnel_request_set_last_event_id (request, "");
  assert_default_options (request);

  entry = runnel_request_store_lookup (store, "fine");
  g_assert_nonnull (entry);
  request = runnel_saved_request_get_request (entry);
  g_assert_cmpuint (runnel_request_get_retry_delay (request), ==, 300);
  g_assert_cmpstr (runnel_request_get_last_event_id (request), ==, "");

  /* the original is kept byte for byte; the next start loads the repaired file without a word */
  aside = find_file (f->dir, "requests.json.corrupt-");
  g_assert_nonnull (aside);
  kept = read_text (f->dir, aside);
  g_assert_cmpstr (kept, ==, damaged);
  next_start = open_store (f);
  g_assert_cmpuint (runnel_request_get_retry_delay (runnel_saved_request_get_request (
                      runnel_request_store_lookup (next_start, "fine"))), ==, 300);
  g_assert_cmpstr (runnel_request_get_method (runnel_saved_request_get_request (
                     runnel_request_store_lookup (next_start, "edited"))), ==, "POST");
}

static void
test_crash_mid_write (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = open_store (f);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autofree char *temporary = g_build_filename (f->dir, "requests.json.ABC123", NULL);

  runnel_request_store_save (store, "kept", request, &error);
  g_assert_no_error (error);

  /* a crash between writing the temporary file and renaming it leaves this beside the file */
  write_text (f->dir, "requests.json.ABC123", "{\"version\": 1, \"requests\": [{\"na");

  again = open_store (f);
  names = saved_names (again);
  g_assert_cmpstrv (names, ((const char *[]) { "kept", NULL }));

  /* and every write leaves no temporary file of its own */
  g_unlink (temporary);
  runnel_request_store_save (again, "more", request, &error);
  g_assert_no_error (error);
  g_assert_null (find_file (f->dir, "requests.json."));
}

static void
test_write_failure (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autoptr(GError) error = NULL;
  g_autofree char *parent = g_path_get_dirname (f->dir);

  /* the store's directory cannot be created: a file stands where it should be */
  g_mkdir_with_parents (parent, 0700);
  write_text (parent, "runnel", "not a directory");
  store = runnel_request_store_new (f->dir);

  g_assert_false (runnel_request_store_save (store, "lost", request, &error));
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO);
  g_clear_error (&error);
  /* the list shows what is on disk: nothing */
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (store)), ==, 0);

  g_assert_false (runnel_request_store_add_history (store, request, &error));
  g_assert_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO);
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_history (store)), ==, 0);
  g_unlink (f->dir);
}

static void
on_keyring_problem (RunnelRequestStore *store,
                    const char         *message,
                    GPtrArray          *messages)
{
  g_ptr_array_add (messages, g_strdup (message));
}

static RunnelRequestStore *
open_store_with (Fixture       *f,
                 RunnelKeyring *keyring,
                 GPtrArray     *messages)
{
  g_autoptr(GError) error = NULL;
  RunnelRequestStore *store = runnel_request_store_new_with_keyring (f->dir, keyring);

  g_signal_connect (store, "keyring-problem", G_CALLBACK (on_keyring_problem), messages);
  runnel_request_store_load (store, &error);
  g_assert_no_error (error);
  return store;
}

static RunnelRequest *
request_with_secrets (void)
{
  RunnelRequest *request = runnel_request_new ("https://llm.test/chat");

  runnel_request_append_header (request, "Authorization", "Bearer sk-first", TRUE);
  runnel_request_append_header (request, "Accept-Language", "fr", TRUE);
  runnel_request_append_header (request, "X-Api-Key", "key-second", FALSE);
  runnel_request_append_header (request, "Cookie", "", TRUE);
  return request;
}

static void
assert_no_secret_in (Fixture    *f,
                     const char *file)
{
  g_autofree char *text = read_text (f->dir, file);

  g_assert_null (strstr (text, "sk-first"));
  g_assert_null (strstr (text, "key-second"));
  /* what is not secret stays readable */
  g_assert_nonnull (strstr (text, "Accept-Language"));
}

static const char *
header_value (RunnelSavedRequest *entry,
              guint               position)
{
  return runnel_request_get_header_value (runnel_saved_request_get_request (entry), position);
}

static gboolean
header_missing (RunnelSavedRequest *entry,
                guint               position)
{
  return runnel_request_get_header_value_missing (runnel_saved_request_get_request (entry),
                                                  position);
}

/* secret values go to the keyring, the file keeps a reference; a new store reads them back */
static void
test_keyring (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(RunnelKeyring) keyring = runnel_keyring_new_memory ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RunnelRequestStore) store = open_store_with (f, keyring, messages);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = request_with_secrets ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *id = NULL;
  RunnelSavedRequest *entry;
  const char *start;

  runnel_request_store_save (store, "Chat", request, &error);
  g_assert_no_error (error);
  assert_no_secret_in (f, "requests.json");
  text = read_text (f->dir, "requests.json");
  start = strstr (text, "\"secret\" : \"");
  g_assert_nonnull (start);
  id = g_strndup (start + strlen ("\"secret\" : \""), 36);
  g_assert_true (g_uuid_string_is_valid (id));
  {
    g_autofree char *value = runnel_keyring_lookup (keyring, id, &error);

    g_assert_no_error (error);
    g_assert_true (g_strcmp0 (value, "Bearer sk-first") == 0 ||
                   g_strcmp0 (value, "key-second") == 0);
  }

  again = open_store_with (f, keyring, messages);
  entry = runnel_request_store_lookup (again, "Chat");
  g_assert_cmpstr (header_value (entry, 0), ==, "Bearer sk-first");
  g_assert_cmpstr (header_value (entry, 1), ==, "fr");
  g_assert_cmpstr (header_value (entry, 2), ==, "key-second");
  g_assert_false (runnel_request_get_header_enabled (runnel_saved_request_get_request (entry), 2));
  g_assert_cmpstr (header_value (entry, 3), ==, "");
  g_assert_false (header_missing (entry, 0));
  g_assert_cmpuint (messages->len, ==, 0);

  /* renamed, the values stay; replaced or deleted, they leave the keyring */
  runnel_request_store_rename (again, "Chat", "Chat 2", &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  again = open_store_with (f, keyring, messages);
  g_assert_cmpstr (header_value (runnel_request_store_lookup (again, "Chat 2"), 0), ==,
                   "Bearer sk-first");
  runnel_request_store_save (again, "Chat 2", request, &error);
  g_assert_no_error (error);
  {
    g_autofree char *gone = runnel_keyring_lookup (keyring, id, &error);

    g_assert_no_error (error);
    g_assert_null (gone);
  }
  runnel_request_store_delete (again, "Chat 2", &error);
  g_assert_no_error (error);
  g_clear_object (&again);
  again = open_store_with (f, keyring, messages);
  g_assert_cmpuint (g_list_model_get_n_items (runnel_request_store_get_saved (again)), ==, 0);
  g_assert_cmpuint (messages->len, ==, 0);
}

/* the history never holds a secret value: reopened, the header asks for it */
static void
test_history_secrets (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(RunnelKeyring) keyring = runnel_keyring_new_memory ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RunnelRequestStore) store = open_store_with (f, keyring, messages);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = request_with_secrets ();
  g_autoptr(RunnelRequest) reopened = NULL;
  g_autoptr(RunnelSavedRequest) entry = NULL;
  g_autoptr(GError) error = NULL;

  runnel_request_store_add_history (store, request, &error);
  g_assert_no_error (error);
  assert_no_secret_in (f, "history.json");

  again = open_store_with (f, keyring, messages);
  entry = g_list_model_get_item (runnel_request_store_get_history (again), 0);
  g_assert_true (header_missing (entry, 0));
  g_assert_cmpstr (header_value (entry, 0), ==, "");
  g_assert_false (header_missing (entry, 1));
  g_assert_cmpstr (header_value (entry, 1), ==, "fr");
  g_assert_true (header_missing (entry, 2));
  g_assert_false (header_missing (entry, 3));

  /* it is not sent without its value, and a copy asks for it too */
  reopened = runnel_request_copy (runnel_saved_request_get_request (entry));
  g_assert_true (runnel_request_get_header_value_missing (reopened, 0));
  g_assert_false (runnel_request_validate (reopened, &error));
  g_assert_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER);
  g_assert_nonnull (strstr (error->message, "Authorization"));
  g_clear_error (&error);

  /* typed again, it is whole: X-Api-Key is off, so it does not stop the request */
  runnel_request_set_header (reopened, 0, "Authorization", "Bearer typed", TRUE);
  g_assert_false (runnel_request_get_header_value_missing (reopened, 0));
  g_assert_true (runnel_request_validate (reopened, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 0);
}

/* a keyring that does not answer: the user is told, the value is kept for the session and
 * never written in clear; at the next start the header asks for it */
static void
test_keyring_unavailable (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(RunnelKeyring) keyring = runnel_keyring_new_memory ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RunnelRequestStore) store = open_store_with (f, keyring, messages);
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = request_with_secrets ();
  g_autoptr(GError) error = NULL;
  RunnelSavedRequest *entry;

  runnel_keyring_memory_set_available (keyring, FALSE);
  runnel_request_store_save (store, "Chat", request, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "The keyring is not available"));
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "“Authorization” in “Chat”"));
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "until Runnel quits"));
  assert_no_secret_in (f, "requests.json");
  /* in memory for this session */
  g_assert_cmpstr (header_value (runnel_request_store_lookup (store, "Chat"), 0), ==,
                   "Bearer sk-first");

  g_ptr_array_set_size (messages, 0);
  runnel_keyring_memory_set_available (keyring, TRUE);
  again = open_store_with (f, keyring, messages);
  entry = runnel_request_store_lookup (again, "Chat");
  g_assert_true (header_missing (entry, 0));
  g_assert_true (header_missing (entry, 2));

  /* saved with a keyring, then read without one: told, asked for, and the reference kept so
   * that the value comes back with the keyring */
  g_clear_object (&again);
  g_clear_object (&store);
  store = open_store_with (f, keyring, messages);
  runnel_request_store_save (store, "Chat", request, &error);
  g_assert_no_error (error);
  runnel_keyring_memory_set_available (keyring, FALSE);
  again = open_store_with (f, keyring, messages);
  g_assert_cmpuint (messages->len, ==, 2);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "type the value of"));
  entry = runnel_request_store_lookup (again, "Chat");
  g_assert_true (header_missing (entry, 0));
  runnel_request_store_save (again, "Other", request, &error);
  g_assert_no_error (error);
  runnel_keyring_memory_set_available (keyring, TRUE);
  g_clear_object (&again);
  again = open_store_with (f, keyring, messages);
  g_assert_cmpstr (header_value (runnel_request_store_lookup (again, "Chat"), 0), ==,
                   "Bearer sk-first");
}

/* files of older versions had the values in clear: they move to the keyring at load */
static void
test_old_clear_secrets (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(RunnelKeyring) keyring = runnel_keyring_new_memory ();
  g_autoptr(GPtrArray) messages = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(RunnelRequestStore) again = NULL;
  const char *old =
    "{\"version\": 1, \"requests\": [{\"name\": \"Chat\", \"request\": {\"url\": "
    "\"https://llm.test/\", \"headers\": [{\"name\": \"Authorization\", \"value\": "
    "\"Bearer sk-first\"}, {\"name\": \"Accept-Language\", \"value\": \"fr\"}]}}]}";
  const char *old_history =
    "{\"version\": 1, \"history\": [{\"name\": \"https://llm.test/\", \"request\": {\"url\": "
    "\"https://llm.test/\", \"headers\": [{\"name\": \"X-Api-Key\", \"value\": "
    "\"key-second\"}, {\"name\": \"Accept-Language\", \"value\": \"fr\"}]}}]}";

  write_text (f->dir, "requests.json", old);
  write_text (f->dir, "history.json", old_history);

  /* no keyring: the file stays as it is, and the user is told */
  runnel_keyring_memory_set_available (keyring, FALSE);
  store = open_store_with (f, keyring, messages);
  g_assert_cmpuint (messages->len, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (messages, 0), "stay in that file"));
  {
    g_autofree char *text = read_text (f->dir, "requests.json");

    g_assert_cmpstr (text, ==, old);
  }
  assert_no_secret_in (f, "history.json");

  runnel_keyring_memory_set_available (keyring, TRUE);
  g_clear_object (&store);
  store = open_store_with (f, keyring, messages);
  assert_no_secret_in (f, "requests.json");
  again = open_store_with (f, keyring, messages);
  g_assert_cmpstr (header_value (runnel_request_store_lookup (again, "Chat"), 0), ==,
                   "Bearer sk-first");
  g_assert_cmpuint (messages->len, ==, 1);
}

/* the folder is made private also when it was there before with looser rights */
static void
test_folder_mode (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/");
  g_autoptr(GError) error = NULL;
  struct stat st;

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0755), ==, 0);
  g_assert_cmpint (g_chmod (f->dir, 0755), ==, 0);
  store = open_store (f);
  runnel_request_store_add_history (store, request, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_stat (f->dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
}

static void
test_default_directory (void)
{
  g_autoptr(RunnelRequestStore) store = runnel_request_store_new (NULL);
  g_autofree char *expected = g_build_filename (g_get_user_data_dir (), "runnel", NULL);

  g_assert_cmpstr (runnel_request_store_get_directory (store), ==, expected);
}

static void
test_secrets (void)
{
  const char *secret[] = { "Authorization", "proxy-authorization", "Cookie", "SET-COOKIE",
                           "X-Api-Key", "X-Auth-Token", "client_secret", "Password" };
  const char *plain[] = { "Accept", "Content-Type", "Keep-Alive", "Last-Event-ID", "Cookies2" };
  const struct { const char *value, *masked; } masks[] = {
    { "Bearer sk-1234567890", "Bearer ••••••••" },
    { "Basic YWxhZGRpbjpvcGVu", "Basic ••••••••" },
    { "session=abc; theme=dark", "••••••••" },
    { "x", "••••••••" },
    { " leading", "••••••••" },
    { "Bearer ", "••••••••" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (secret); i++)
    g_assert_true (runnel_header_is_secret (secret[i]));
  for (guint i = 0; i < G_N_ELEMENTS (plain); i++)
    g_assert_false (runnel_header_is_secret (plain[i]));
  for (guint i = 0; i < G_N_ELEMENTS (masks); i++)
    {
      g_autofree char *masked = runnel_mask_secret (masks[i].value);

      g_assert_cmpstr (masked, ==, masks[i].masked);
    }
}

/* an exported collection never holds a secret: each is a {{NAME}} placeholder for --var */
static void
test_collection_secrets (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://x.test/stream");
  g_autoptr(GListStore) saved = g_list_store_new (RUNNEL_TYPE_SAVED_REQUEST);
  g_autoptr(RunnelSavedRequest) entry = NULL;
  g_autoptr(GListModel) loaded = NULL;
  g_autoptr(RunnelSavedRequest) back = NULL;
  g_autoptr(RunnelRequest) expanded = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "collection.json", NULL);
  g_autofree char *contents = NULL;
  const char *vars[] = { "AUTHORIZATION=sk-1", "COOKIE=session=2", "X_API_KEY=k-3",
                         "TOKEN=t-4", NULL };
  RunnelRequest *read;

  runnel_request_append_header (request, "Authorization", "Bearer sk-1", TRUE);
  runnel_request_append_header (request, "Cookie", "session=2", TRUE);
  runnel_request_append_header (request, "X-Api-Key", "k-3", FALSE);
  runnel_request_append_header (request, "X-Session-Token", "{{TOKEN}}", TRUE);
  runnel_request_append_header (request, "Accept-Language", "en", TRUE);
  entry = _runnel_saved_request_new ("Secrets", g_object_ref (request), 0);
  g_list_store_append (saved, entry);

  g_assert_cmpint (g_mkdir_with_parents (f->dir, 0700), ==, 0);
  g_assert_true (runnel_collection_save (G_LIST_MODEL (saved), path, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_null (strstr (contents, "sk-1"));
  g_assert_null (strstr (contents, "session=2"));
  g_assert_null (strstr (contents, "k-3"));
  /* the request itself is not changed */
  g_assert_cmpstr (runnel_request_get_header_value (request, 0), ==, "Bearer sk-1");

  loaded = runnel_collection_load (path, &error);
  g_assert_no_error (error);
  back = g_list_model_get_item (loaded, 0);
  read = runnel_saved_request_get_request (back);
  g_assert_cmpstr (runnel_request_get_header_value (read, 0), ==, "Bearer {{AUTHORIZATION}}");
  g_assert_cmpstr (runnel_request_get_header_value (read, 1), ==, "{{COOKIE}}");
  g_assert_cmpstr (runnel_request_get_header_value (read, 2), ==, "{{X_API_KEY}}");
  g_assert_false (runnel_request_get_header_enabled (read, 2));
  g_assert_cmpstr (runnel_request_get_header_value (read, 3), ==, "{{TOKEN}}");
  g_assert_cmpstr (runnel_request_get_header_value (read, 4), ==, "en");

  /* and runnel --test's --var gives them back */
  expanded = runnel_collection_expand_request (read, vars, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (runnel_request_get_header_value (expanded, 0), ==, "Bearer sk-1");
  g_assert_cmpstr (runnel_request_get_header_value (expanded, 1), ==, "session=2");
  g_assert_cmpstr (runnel_request_get_header_value (expanded, 3), ==, "t-4");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runnel/request-store/collection-secrets", Fixture, NULL,
              fixture_setup, test_collection_secrets, fixture_teardown);

  g_test_add ("/runnel/request-store/save-rename-delete", Fixture, NULL,
              fixture_setup, test_save_rename_delete, fixture_teardown);
  g_test_add ("/runnel/request-store/names", Fixture, NULL,
              fixture_setup, test_names, fixture_teardown);
  g_test_add ("/runnel/request-store/history-secret-once", Fixture, NULL,
              fixture_setup, test_history_secret_once, fixture_teardown);
  g_test_add ("/runnel/request-store/history", Fixture, NULL,
              fixture_setup, test_history, fixture_teardown);
  g_test_add ("/runnel/request-store/corrupt", Fixture, NULL,
              fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/runnel/request-store/options-round-trip", Fixture, NULL,
              fixture_setup, test_options_round_trip, fixture_teardown);
  g_test_add ("/runnel/request-store/old-format", Fixture, NULL,
              fixture_setup, test_old_format, fixture_teardown);
  g_test_add ("/runnel/request-store/bad-options", Fixture, NULL,
              fixture_setup, test_bad_options, fixture_teardown);
  g_test_add ("/runnel/request-store/crash-mid-write", Fixture, NULL,
              fixture_setup, test_crash_mid_write, fixture_teardown);
  g_test_add ("/runnel/request-store/write-failure", Fixture, NULL,
              fixture_setup, test_write_failure, fixture_teardown);
  g_test_add ("/runnel/request-store/keyring", Fixture, NULL,
              fixture_setup, test_keyring, fixture_teardown);
  g_test_add ("/runnel/request-store/history-secrets", Fixture, NULL,
              fixture_setup, test_history_secrets, fixture_teardown);
  g_test_add ("/runnel/request-store/keyring-unavailable", Fixture, NULL,
              fixture_setup, test_keyring_unavailable, fixture_teardown);
  g_test_add ("/runnel/request-store/old-clear-secrets", Fixture, NULL,
              fixture_setup, test_old_clear_secrets, fixture_teardown);
  g_test_add ("/runnel/request-store/folder-mode", Fixture, NULL,
              fixture_setup, test_folder_mode, fixture_teardown);
  g_test_add_func ("/runnel/request-store/default-directory", test_default_directory);
  g_test_add_func ("/runnel/request-store/secrets", test_secrets);

  return g_test_run ();
}
