/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-request-store.c: saved requests and history on disk: atomic, damage-tolerant, masked */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "runnel-request-store.h"

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

  /* moved aside, byte for byte, and not there any more */
  aside = find_file (f->dir, "requests.json.corrupt-");
  g_assert_nonnull (aside);
  kept = read_text (f->dir, aside);
  g_assert_cmpstr (kept, ==, damaged);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

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
  assert_corrupt_kept (f, "{\"version\": 1, \"requests\": {}}", 0);
  /* one bad entry among good ones: the good ones are kept */
  assert_corrupt_kept (f, "{\"version\": 1, \"requests\": ["
                          "{\"name\": \"good\", \"request\": {\"url\": \"https://g.test/\"}},"
                          "{\"name\": \"bad\", \"request\": {\"url\": 42}},"
                          "{\"name\": \"\", \"request\": {}},"
                          "{\"name\": \"good\", \"request\": {}},"
                          "{\"request\": {}}]}", 1);
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runnel/request-store/save-rename-delete", Fixture, NULL,
              fixture_setup, test_save_rename_delete, fixture_teardown);
  g_test_add ("/runnel/request-store/names", Fixture, NULL,
              fixture_setup, test_names, fixture_teardown);
  g_test_add ("/runnel/request-store/history", Fixture, NULL,
              fixture_setup, test_history, fixture_teardown);
  g_test_add ("/runnel/request-store/corrupt", Fixture, NULL,
              fixture_setup, test_corrupt, fixture_teardown);
  g_test_add ("/runnel/request-store/crash-mid-write", Fixture, NULL,
              fixture_setup, test_crash_mid_write, fixture_teardown);
  g_test_add ("/runnel/request-store/write-failure", Fixture, NULL,
              fixture_setup, test_write_failure, fixture_teardown);
  g_test_add_func ("/runnel/request-store/default-directory", test_default_directory);
  g_test_add_func ("/runnel/request-store/secrets", test_secrets);

  return g_test_run ();
}
