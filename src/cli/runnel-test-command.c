/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-test-command.c: runnel --test FILE…: a collection of saved requests and expectations */

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <math.h>
#include <signal.h>
#include <string.h>

#include "runnel-cli.h"
#include "runnel-collection.h"
#include "runnel-expect-cli.h"
#include "runnel-sse-client.h"

typedef struct _Test Test;

typedef struct
{
  GPtrArray  *tests;      /* Test, in the files' order */
  GMainLoop  *loop;
  guint       next;       /* the next test to start */
  guint       running;
  guint       jobs;
  gboolean    interrupted;
} Runner;

struct _Test
{
  Runner             *runner;
  char               *name;
  RunnelRequest      *request;
  RunnelExpectations *expectations;
  RunnelSseClient    *client;
  char               *failure;      /* why the stream failed, or NULL */
  gint64              start;        /* monotonic µs */
  gint64              start_real;
  double              seconds;
  guint               stop_id;
  gboolean            done;
};

static void
test_free (gpointer data)
{
  Test *test = data;

  g_clear_handle_id (&test->stop_id, g_source_remove);
  if (test->client != NULL)
    g_signal_handlers_disconnect_by_data (test->client, test);
  if (test->expectations != NULL)
    {
      runnel_expectations_unwatch_client (test->expectations);
      g_signal_handlers_disconnect_by_data (test->expectations, test);
    }
  g_clear_object (&test->client);
  g_clear_object (&test->expectations);
  g_clear_object (&test->request);
  g_free (test->name);
  g_free (test->failure);
  g_free (test);
}

static void start_next (Runner *runner);

static void
print_test (Test *test)
{
  g_autofree char *results = runnel_cli_format_results (test->expectations, "    ");
  g_autofree char *summary = runnel_expectations_dup_summary (test->expectations);
  gboolean passed = runnel_expectations_count (test->expectations,
                                               RUNNEL_EXPECTATION_PASSED) ==
                    runnel_expectations_get_n_items (test->expectations);
  char seconds[G_ASCII_DTOSTR_BUF_SIZE];

  g_ascii_formatd (seconds, sizeof seconds, "%.2f", test->seconds);
  /* TRANSLATORS: a request's result in runnel --test: its name, "3 of 4 passed", seconds */
  g_print (_("%s %s: %s in %ss\n"), passed ? "✓" : "✗", test->name, summary, seconds);
  g_print ("%s", results);
  if (test->failure != NULL)
    g_print (_("    the stream failed: %s\n"), test->failure);
}

static void
test_done (Test *test)
{
  Runner *runner = test->runner;

  if (test->done)
    return;

  test->done = TRUE;
  test->seconds = (g_get_monotonic_time () - test->start) / (double) G_USEC_PER_SEC;
  runnel_expectations_finish (test->expectations);
  print_test (test);

  runner->running--;
  start_next (runner);
  if (runner->running == 0 && (runner->next >= runner->tests->len || runner->interrupted))
    g_main_loop_quit (runner->loop);
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Test *test = user_data;

  runnel_expectations_add_event (test->expectations, event);
}

static gboolean
stop_cb (gpointer user_data)
{
  Test *test = user_data;

  test->stop_id = 0;
  runnel_sse_client_disconnect (test->client);

  return G_SOURCE_REMOVE;
}

/* every expectation decided: the request's run is over (from the main loop, not from inside
 * the client's own signal) */
static void
on_changed (RunnelExpectations *expectations,
            Test               *test)
{
  if (runnel_expectations_all_decided (expectations) && test->stop_id == 0 && !test->done)
    test->stop_id = g_idle_add (stop_cb, test);
}

static void
on_state_changed (RunnelSseClient *client,
                  Test            *test)
{
  switch (runnel_sse_client_get_state (client))
    {
    case RUNNEL_SSE_CLIENT_STATE_FAILED:
      g_free (test->failure);
      test->failure = g_strdup (runnel_sse_client_get_reason (client));
      test_done (test);
      break;

    case RUNNEL_SSE_CLIENT_STATE_CLOSED:
      test_done (test);
      break;

    case RUNNEL_SSE_CLIENT_STATE_WAITING:
      /* a test is one stream: the server's own end ends it, where an error is retried */
      if (runnel_sse_client_get_last_error (client) == NULL && test->stop_id == 0)
        test->stop_id = g_idle_add (stop_cb, test);
      break;

    case RUNNEL_SSE_CLIENT_STATE_IDLE:
    case RUNNEL_SSE_CLIENT_STATE_CONNECTING:
    case RUNNEL_SSE_CLIENT_STATE_OPEN:
    default:
      break;
    }
}

static void
start_test (Test *test)
{
  test->client = runnel_sse_client_new (test->request);
  test->start = g_get_monotonic_time ();
  test->start_real = g_get_real_time ();

  runnel_sse_client_set_event_func (test->client, on_event, test, NULL);
  /* the expectations hear of the end first, then the test finishes */
  runnel_expectations_start (test->expectations);
  runnel_expectations_watch_client (test->expectations, test->client);
  g_signal_connect (test->expectations, "changed", G_CALLBACK (on_changed), test);
  g_signal_connect (test->client, "state-changed", G_CALLBACK (on_state_changed), test);

  test->runner->running++;
  runnel_sse_client_connect (test->client);
}

static void
start_next (Runner *runner)
{
  while (!runner->interrupted && runner->running < runner->jobs &&
         runner->next < runner->tests->len)
    start_test (g_ptr_array_index (runner->tests, runner->next++));
}

static gboolean
on_signal (gpointer user_data)
{
  Runner *runner = user_data;

  /* what runs stops and reports; nothing new starts */
  runner->interrupted = TRUE;
  for (guint i = 0; i < runner->tests->len; i++)
    {
      Test *test = g_ptr_array_index (runner->tests, i);

      if (test->client != NULL && !test->done)
        runnel_sse_client_disconnect (test->client);
    }
  if (runner->running == 0)
    g_main_loop_quit (runner->loop);

  return G_SOURCE_CONTINUE;
}

/* Options and the collection */

typedef struct
{
  char   **vars;
  char    *junit;
  int      jobs;
  double   max_time;
  char   **files;
} TestOptions;

static void
test_options_clear (TestOptions *options)
{
  g_clear_pointer (&options->vars, g_strfreev);
  g_clear_pointer (&options->junit, g_free);
  g_clear_pointer (&options->files, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TestOptions, test_options_clear)

static gboolean
parse_options (TestOptions  *options,
               int           argc,
               char        **argv,
               GError      **error)
{
  g_autoptr(GOptionContext) context = NULL;
  gboolean test = FALSE;
  const GOptionEntry entries[] = {
    { "test", 0, 0, G_OPTION_ARG_NONE, &test,
      N_("Run the saved requests of each FILE and check their expectations"), NULL },
    { "var", 0, 0, G_OPTION_ARG_STRING_ARRAY, &options->vars,
      N_("Give {{NAME}} in the requests a value (repeatable; {{env.NAME}} reads the "
         "environment)"), N_("NAME=VALUE") },
    { "jobs", 'j', 0, G_OPTION_ARG_INT, &options->jobs,
      N_("Run N requests at a time (default 1)"), N_("N") },
    { "junit", 0, 0, G_OPTION_ARG_FILENAME, &options->junit,
      N_("Write the results to FILE as a JUnit XML report"), N_("FILE") },
    { "max-time", 'm', 0, G_OPTION_ARG_DOUBLE, &options->max_time,
      N_("Stop each request after SECONDS"), N_("SECONDS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &options->files, NULL,
      N_("FILE…") },
    { NULL }
  };

  options->jobs = 1;

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context,
                                _("Runs the saved requests of each FILE (the format of Runnel’s "
                                  "saved requests),\nchecks their expectations and says "
                                  "which passed. Exit status 0 when all passed, 4 when one\n"
                                  "failed, 2 for bad usage. See runnel --help-expect for the "
                                  "expectations."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, error))
    return FALSE;

  if (options->files == NULL || options->files[0] == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("give a collection FILE of saved requests"));
      return FALSE;
    }
  if (options->jobs < 1)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--jobs needs a whole number of at least 1"));
      return FALSE;
    }
  if (options->max_time < 0 || !isfinite (options->max_time))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("a time must not be negative"));
      return FALSE;
    }
  for (guint i = 0; options->vars != NULL && options->vars[i] != NULL; i++)
    {
      const char *equals = strchr (options->vars[i], '=');

      if (equals == NULL || equals == options->vars[i])
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--var needs NAME=VALUE, not “%s”"), options->vars[i]);
          return FALSE;
        }
    }

  return TRUE;
}

/* a Test for each saved request; FALSE with the reason on stderr */
static gboolean
load_tests (TestOptions *options,
            GPtrArray   *tests)
{
  for (guint f = 0; options->files[f] != NULL; f++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GListModel) saved = runnel_collection_load (options->files[f], &error);

      if (saved == NULL)
        {
          g_printerr ("runnel: %s\n", error->message);
          return FALSE;
        }

      for (guint i = 0; i < g_list_model_get_n_items (saved); i++)
        {
          g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (saved, i);
          const char *name = runnel_saved_request_get_name (entry);
          g_autoptr(RunnelRequest) request = NULL;
          g_autofree char *context = g_strdup_printf ("“%s”:", name);
          Test *test;
          gboolean ok;

          request = runnel_collection_expand_request (runnel_saved_request_get_request (entry),
                                                      (const char * const *) options->vars,
                                                      &error);
          if (request == NULL || !runnel_request_validate (request, &error))
            {
              g_printerr ("runnel: “%s”: %s\n", name, error->message);
              return FALSE;
            }

          test = g_new0 (Test, 1);
          g_ptr_array_add (tests, test);
          test->name = g_strdup (name);
          test->expectations =
            runnel_cli_expectations_new (runnel_request_get_expectations (request), context, &ok);
          if (!ok)
            return FALSE;
          if (test->expectations == NULL)
            {
              g_printerr (_("runnel: “%s” has no expectations: add an \"expectations\" list "
                            "to its request\n"), name);
              return FALSE;
            }

          if (options->max_time > 0)
            runnel_request_set_timeout (request,
                                        (guint) MIN (ceil (options->max_time * 1000), G_MAXUINT));
          test->request = g_steal_pointer (&request);
        }
    }

  return TRUE;
}

int
runnel_test_main (int    argc,
                  char **argv)
{
  g_auto(TestOptions) options = { 0 };
  g_autoptr(GPtrArray) tests = g_ptr_array_new_with_free_func (test_free);
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GError) error = NULL;
  Runner runner = { 0 };
  guint passed_tests = 0;
  guint passed = 0;
  guint total = 0;
  guint sigint_id;
  guint sigterm_id;

  if (!parse_options (&options, argc, argv, &error))
    {
      g_printerr ("runnel: %s\n", error->message);
      g_printerr ("Try “runnel --test --help” for the options.\n");
      return RUNNEL_EXIT_USAGE;
    }

  if (!load_tests (&options, tests))
    return RUNNEL_EXIT_USAGE;

  if (tests->len == 0)
    {
      g_printerr (_("runnel: the collection has no requests\n"));
      return RUNNEL_EXIT_USAGE;
    }

  loop = g_main_loop_new (NULL, FALSE);
  runner.tests = tests;
  runner.loop = loop;
  runner.jobs = options.jobs;
  for (guint i = 0; i < tests->len; i++)
    ((Test *) g_ptr_array_index (tests, i))->runner = &runner;

  sigint_id = g_unix_signal_add (SIGINT, on_signal, &runner);
  sigterm_id = g_unix_signal_add (SIGTERM, on_signal, &runner);
  start_next (&runner);
  if (runner.running > 0)
    g_main_loop_run (loop);
  g_source_remove (sigint_id);
  g_source_remove (sigterm_id);

  for (guint i = 0; i < tests->len; i++)
    {
      Test *test = g_ptr_array_index (tests, i);
      guint n = runnel_expectations_get_n_items (test->expectations);
      guint n_passed = test->done ? runnel_expectations_count (test->expectations,
                                                               RUNNEL_EXPECTATION_PASSED) : 0;

      total += n;
      passed += n_passed;
      passed_tests += test->done && n_passed == n;
    }

  /* TRANSLATORS: the total of runnel --test: requests, then expectations */
  g_print (_("%u of %u requests passed, %u of %u expectations\n"),
           passed_tests, tests->len, passed, total);

  if (options.junit != NULL)
    {
      g_autofree RunnelJunitSuite *suites = g_new0 (RunnelJunitSuite, tests->len);

      for (guint i = 0; i < tests->len; i++)
        {
          Test *test = g_ptr_array_index (tests, i);

          suites[i].name = test->name;
          suites[i].expectations = test->expectations;
          suites[i].start = test->start_real;
          suites[i].seconds = test->seconds;
          suites[i].error = test->failure;
        }
      if (!runnel_cli_write_junit (options.junit, suites, tests->len, &error))
        {
          g_printerr ("runnel: --junit: %s\n", error->message);
          return RUNNEL_EXIT_FAILED;
        }
    }

  return passed_tests == tests->len ? RUNNEL_EXIT_OK : RUNNEL_EXIT_EXPECTATION;
}
