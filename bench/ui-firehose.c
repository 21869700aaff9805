/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-firehose.c: how many events per second the window takes in, and how smoothly it draws */

/*
 * Runs `runnel --demo-server` in its own process (so that the server does not share the window's
 * main loop), opens the real window on its /firehose as fast as it goes for a number of seconds
 * (argument 1, default 10) with events of a given size (argument 2, default 200 bytes), and prints
 * events received, events per second, frames drawn per second, CPU seconds and peak RSS.
 * BENCH_IN_PROCESS=1 runs the demo server in the window's process instead (as runnel --demo does);
 * BENCH_PATH='counter?interval=5' picks another endpoint than the firehose.
 * Run under Xvfb, e.g.:
 *   RUNNEL_BINARY=_build/src/runnel GSETTINGS_BACKEND=memory GTK_A11Y=none \
 *     dbus-run-session -- xvfb-run -a _build/bench/ui-firehose 10 200
 */

#include "config.h"

#include <stdlib.h>
#include <sys/resource.h>

#include "ui-test-util.h"

static void
count_frame (guint *n_frames)
{
  (*n_frames)++;
}

static double
cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static long
peak_rss_kib (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_maxrss;
}

int
main (int   argc,
      char *argv[])
{
  const char *binary = g_getenv ("RUNNEL_BINARY");
  guint seconds = argc > 1 ? (guint) atoi (argv[1]) : 10;
  guint size = argc > 2 ? (guint) atoi (argv[2]) : 200;
  const char *server_argv[] = { binary, "--demo-server", "--port", "0", NULL };
  g_autoptr(RunnelApplication) app = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GDataInputStream) server_out = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  g_autofree char *url = NULL;
  RunnelWindow *window;
  RunnelStreamPage *page;
  RunnelSseClient *client;
  guint n_frames = 0;
  gulong handler;
  double cpu_start;
  gint64 start;
  double elapsed;
  guint64 events;

  gtk_init ();

  if (binary == NULL)
    g_error ("set RUNNEL_BINARY to the runnel executable");

  app = runnel_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  if (g_strcmp0 (g_getenv ("BENCH_IN_PROCESS"), "1") == 0)
    {
      /* the demo server in the window's own main loop, as with runnel --demo */
      base = g_strdup (runnel_application_ensure_demo_server (app, &error));
      if (base == NULL)
        g_error ("%s", error->message);
    }
  else
    {
      server = g_subprocess_newv (server_argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
      if (server == NULL)
        g_error ("%s", error->message);
      server_out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server));
      base = g_data_input_stream_read_line_utf8 (server_out, NULL, NULL, &error);
      if (base == NULL)
        g_error ("the demo server printed no URL: %s",
                 error != NULL ? error->message : "end of output");
    }
  url = g_getenv ("BENCH_PATH") != NULL && *g_getenv ("BENCH_PATH") != '\0'
    ? g_strconcat (base, g_getenv ("BENCH_PATH"), NULL)
    : g_strdup_printf ("%sfirehose?rate=0&size=%u", base, size);

  window = runnel_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  runnel_test_run_for (500);

  handler = g_signal_connect_swapped (gtk_widget_get_frame_clock (GTK_WIDGET (window)),
                                      "after-paint", G_CALLBACK (count_frame), &n_frames);
  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();

  page = runnel_window_open_url (window, url, TRUE);
  runnel_test_run_for (seconds * 1000);

  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  client = runnel_stream_page_get_client (page);
  events = runnel_sse_client_get_events_received (client);

  g_print ("{\"bench\":\"ui-firehose\",\"event_size\":%u,\"seconds\":%.1f,"
           "\"events\":%" G_GUINT64_FORMAT ",\"events_per_second\":%.0f,\"mib_per_second\":%.1f,"
           "\"frames_per_second\":%.1f,"
           "\"rows_kept\":%u,\"rows_dropped\":%" G_GUINT64_FORMAT ",\"cpu_seconds\":%.1f,"
           "\"peak_rss_mib\":%.1f,\"state\":\"%s\"}\n",
           size, elapsed, events, events / elapsed,
           runnel_sse_client_get_bytes_received (client) / elapsed / (1024.0 * 1024.0),
           n_frames / elapsed,
           g_list_model_get_n_items (G_LIST_MODEL (runnel_stream_page_get_log (page))),
           runnel_event_log_get_n_dropped (runnel_stream_page_get_log (page)),
           cpu_seconds () - cpu_start, peak_rss_kib () / 1024.0,
           runnel_sse_client_state_to_string (runnel_sse_client_get_state (client)));

  g_signal_handler_disconnect (gtk_widget_get_frame_clock (GTK_WIDGET (window)), handler);
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();
  if (server != NULL)
    g_subprocess_force_exit (server);
  runnel_application_stop_demo_server (app);

  return 0;
}
