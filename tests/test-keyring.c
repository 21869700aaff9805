/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-keyring.c: secret values through libsecret to a real Secret Service (gnome-keyring) */

#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <libsecret/secret.h>

#include "runnel-keyring.h"
#include "runnel-request-store.h"

/*
 * The test runs its own session bus (GTestDBus) and on it gnome-keyring-daemon, unlocked with a
 * throwaway password in a throwaway home, so that libsecret talks to a real Secret Service as
 * it does on a desktop, and never to the user's. Without gnome-keyring-daemon it is skipped
 * (build-aux/deps installs it).
 */

/* the bus and the daemon, started by the first test that needs them, for the whole run */
static GTestDBus *bus;
static char *home;

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Returns: whether a Secret Service runs (else the test is marked skipped) */
static gboolean
start_keyring (void)
{
  g_autofree char *daemon = g_find_program_in_path ("gnome-keyring-daemon");
  g_autofree char *data = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) password = g_bytes_new_static ("runnel-test", 11);
  g_autoptr(GError) error = NULL;

  if (bus != NULL)
    return TRUE;

  if (daemon == NULL)
    {
      g_test_skip ("gnome-keyring-daemon is not installed");
      return FALSE;
    }

  home = g_dir_make_tmp ("runnel-keyring-XXXXXX", &error);
  g_assert_no_error (error);
  data = g_build_filename (home, "data", NULL);

  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);

  /* --unlock reads the password on stdin and makes the login keyring with it; --daemonize
   * returns once the daemon is on the bus */
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_SILENCE);
  g_subprocess_launcher_setenv (launcher, "HOME", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data, TRUE);
  g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", home, TRUE);
  g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                g_test_dbus_get_bus_address (bus), TRUE);
  process = g_subprocess_launcher_spawn (launcher, &error, daemon, "--unlock", "--daemonize",
                                         "--components=secrets", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate (process, password, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (process));

  /* --daemonize may return before the daemon has its name on the bus */
  {
    g_autoptr(GDBusConnection) connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
    gboolean owned = FALSE;

    g_assert_no_error (error);
    while (!owned && g_get_monotonic_time () < deadline)
      {
        g_autoptr(GVariant) reply =
          g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "NameHasOwner",
                                       g_variant_new ("(s)", "org.freedesktop.secrets"),
                                       G_VARIANT_TYPE ("(b)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);

        g_assert_no_error (error);
        g_variant_get (reply, "(b)", &owned);
        if (!owned)
          g_usleep (G_USEC_PER_SEC / 20);
      }
    g_assert_true (owned);
  }

  return TRUE;
}

static void
stop_keyring (void)
{
  /* the daemon leaves with the bus; libsecret's connection to it is no longer of use (stop,
   * not down: libsecret may still hold the connection) */
  secret_service_disconnect ();
  if (bus != NULL)
    {
      /* kept, not unreffed: its finalizer would wait for libsecret's connection to go */
      g_test_dbus_stop (bus);
    }
  if (home != NULL)
    remove_tree (home);
  g_clear_pointer (&home, g_free);
}

static void
test_libsecret (void)
{
  g_autoptr(RunnelKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *value = NULL;

  if (!start_keyring ())
    return;

  keyring = runnel_keyring_new_libsecret ();
  value = runnel_keyring_lookup (keyring, id, &error);
  g_assert_no_error (error);
  g_assert_null (value);

  g_assert_true (runnel_keyring_store (keyring, id, "Runnel test", "Bearer sk-real", &error));
  g_assert_no_error (error);
  value = runnel_keyring_lookup (keyring, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (value, ==, "Bearer sk-real");

  g_assert_true (runnel_keyring_clear (keyring, id, &error));
  g_assert_no_error (error);
  g_clear_pointer (&value, g_free);
  value = runnel_keyring_lookup (keyring, id, &error);
  g_assert_no_error (error);
  g_assert_null (value);
  /* forgetting what is not there is no error */
  g_assert_true (runnel_keyring_clear (keyring, id, &error));
  g_assert_no_error (error);
}

/* the store through the real keyring: nothing secret on disk, and read back by a new store */
static void
test_store (void)
{
  g_autoptr(RunnelKeyring) keyring = NULL;
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(RunnelRequestStore) again = NULL;
  g_autoptr(RunnelRequest) request = runnel_request_new ("https://llm.test/");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;
  RunnelSavedRequest *entry;

  if (!start_keyring ())
    return;

  keyring = runnel_keyring_new_libsecret ();
  dir = g_build_filename (home, "runnel", NULL);
  store = runnel_request_store_new_with_keyring (dir, keyring);
  runnel_request_store_load (store, &error);
  g_assert_no_error (error);

  runnel_request_append_header (request, "Authorization", "Bearer sk-real", TRUE);
  runnel_request_store_save (store, "Real", request, &error);
  g_assert_no_error (error);

  path = g_build_filename (dir, "requests.json", NULL);
  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (strstr (text, "sk-real"));
  g_assert_nonnull (strstr (text, "\"secret\""));

  again = runnel_request_store_new_with_keyring (dir, keyring);
  runnel_request_store_load (again, &error);
  g_assert_no_error (error);
  entry = runnel_request_store_lookup (again, "Real");
  g_assert_nonnull (entry);
  g_assert_cmpstr (runnel_request_get_header_value (runnel_saved_request_get_request (entry), 0),
                   ==, "Bearer sk-real");

  runnel_request_store_delete (again, "Real", &error);
  g_assert_no_error (error);
}

/* no Secret Service on the bus: a clear error, never a hang */
static void
test_unavailable (void)
{
  g_autoptr(GTestDBus) empty = NULL;
  g_autoptr(RunnelKeyring) keyring = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  /* libsecret and GDBus keep one session bus per process: this one runs in a child */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 30 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
      g_test_trap_assert_passed ();
      return;
    }

  /* a bus with nothing on it, where no Secret Service can be started either */
  empty = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (empty);
  keyring = runnel_keyring_new_libsecret ();
  g_assert_false (runnel_keyring_store (keyring, "id", "Runnel test", "x", &error));
  g_assert_error (error, RUNNEL_KEYRING_ERROR, RUNNEL_KEYRING_ERROR_UNAVAILABLE);
  g_assert_true (g_str_has_prefix (error->message, "The keyring is not available ("));
  g_clear_error (&error);
  value = runnel_keyring_lookup (keyring, "id", &error);
  g_assert_null (value);
  g_assert_error (error, RUNNEL_KEYRING_ERROR, RUNNEL_KEYRING_ERROR_UNAVAILABLE);

  secret_service_disconnect ();
  g_test_dbus_stop (empty);
}

int
main (int   argc,
      char *argv[])
{
  int result;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/keyring/unavailable", test_unavailable);
  g_test_add_func ("/runnel/keyring/libsecret", test_libsecret);
  g_test_add_func ("/runnel/keyring/store", test_store);

  result = g_test_run ();
  stop_keyring ();

  return result;
}
