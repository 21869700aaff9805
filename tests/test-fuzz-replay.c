/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-fuzz-replay.c: runs the fuzz targets' checks on the seed corpus and the kept crashers */

#include "config.h"

#include <glib.h>

#include "fuzz-check.h"

/*
 * tests/fuzz/corpus/<target>/ holds the seed inputs and tests/fuzz/crashers/<target>/ every
 * input a fuzzer once found failing. Each file becomes one test case, so a regression names the
 * input; no libFuzzer is needed, so this runs in every build.
 */

typedef struct
{
  RunnelFuzzCheck  check;
  char            *path;
} ReplayCase;

static void
replay_case_free (gpointer data)
{
  ReplayCase *rc = data;

  g_free (rc->path);
  g_free (rc);
}

static void
test_replay (gconstpointer data)
{
  const ReplayCase *rc = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len = 0;

  g_file_get_contents (rc->path, &contents, &len, &error);
  g_assert_no_error (error);

  if (!rc->check ((const guint8 *) contents, len, &error))
    {
      g_test_message ("%s", error->message);
      g_test_fail ();
    }
}

static guint
add_cases (const char *kind)
{
  g_autofree char *root = g_test_build_filename (G_TEST_DIST, "fuzz", kind, NULL);
  g_autoptr(GDir) targets = g_dir_open (root, 0, NULL);
  const char *target;
  guint n = 0;

  if (targets == NULL)
    return 0;

  while ((target = g_dir_read_name (targets)) != NULL)
    {
      g_autofree char *dir_path = g_build_filename (root, target, NULL);
      RunnelFuzzCheck check = runnel_fuzz_check_for_target (target);
      g_autoptr(GDir) dir = NULL;
      g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
      const char *name;

      g_assert_nonnull (check);
      dir = g_dir_open (dir_path, 0, NULL);
      if (dir == NULL)
        continue;

      while ((name = g_dir_read_name (dir)) != NULL)
        {
          if (name[0] != '.')
            g_ptr_array_add (names, g_strdup (name));
        }
      g_ptr_array_sort (names, (GCompareFunc) g_strcmp0);

      for (guint i = 0; i < names->len; i++)
        {
          ReplayCase *rc = g_new0 (ReplayCase, 1);
          g_autofree char *test_path = NULL;

          rc->check = check;
          rc->path = g_build_filename (dir_path, names->pdata[i], NULL);
          test_path = g_strdup_printf ("/runnel/fuzz/%s/%s/%s", target, kind,
                                       (const char *) names->pdata[i]);
          g_test_add_data_func_full (test_path, rc, test_replay, replay_case_free);
          n++;
        }
    }

  return n;
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  if (add_cases ("corpus") == 0)
    g_error ("no seed corpus in %s", g_test_get_dir (G_TEST_DIST));
  add_cases ("crashers");

  return g_test_run ();
}
