/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-firehose.c: how many events per second the window takes in, and how smoothly it draws */

/*
 * Runs `runnel --demo-server` in its own process (so that the server does not share the window's
 * main loop), opens the real window on its /firehose as fast as it goes for a number of seconds
 * (argument 1, default 10) with events of a given size (argument 2, default 200 bytes), and prints
 * events received, events per second, frames drawn per second, CPU seconds and peak RSS.
 * BENCH_IN_PROCESS=1 runs the demo server in the window's process instead (as runnel --demo does);
 * BENCH_PATH='counter?interval=5' picks another endpoint than the firehose; BENCH_RATE=N asks the
 * firehose for N events per second (default 0: as fast as it goes); BENCH_RETENTION=N sets the
 * retention-limit preference (default 100,000 events); BENCH_FILTER=TEXT types TEXT into the
 * page's search halfway through and reports how long the live list took to show the result;
 * BENCH_VIEW=timing (or expectations) shows that view beside the list instead of the event's.
 * Frame times come from the window's GdkFrameClock, kept ticking every frame: the interval between
 * frames ("frame_ms", what a user sees as smoothness) and the time from a frame's start to the end
 * of its paint ("work_ms"), each as median and 99th percentile (and the longest interval), from
 * the second second on (the first one builds the page and connects).
 * Run under Xvfb, e.g.:
 *   RUNNEL_BINARY=_build/src/runnel GSETTINGS_BACKEND=memory GTK_A11Y=none \
 *     dbus-run-session -- xvfb-run -a _build/bench/ui-firehose 10 200
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "runnel-filtered-log.h"
#include "ui-test-util.h"

#define WARM_UP_US G_USEC_PER_SEC

typedef struct
{
  GArray *intervals;  /* double ms between frames */
  GArray *work;       /* double ms from the frame's start to the end of its paint */
  gint64  last_paint;
  gint64  frame_start;
  gint64  since;      /* frames before are not counted: building the page, connecting */
} FrameStats;

static void
frame_started (GdkFrameClock *clock,
               FrameStats    *stats)
{
  stats->frame_start = g_get_monotonic_time ();
}

static void
frame_painted (GdkFrameClock *clock,
               FrameStats    *stats)
{
  gint64 now = g_get_monotonic_time ();
  double interval = (now - stats->last_paint) / 1000.0;
  double work = (now - stats->frame_start) / 1000.0;

  if (stats->last_paint != 0 && stats->last_paint >= stats->since)
    g_array_append_val (stats->intervals, interval);
  if (stats->frame_start >= stats->since)
    g_array_append_val (stats->work, work);
  stats->last_paint = now;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
percentile (GArray *values,
            double  fraction)
{
  if (values->len == 0)
    return 0;

  g_array_sort (values, compare_doubles);
  return g_array_index (values, double, MIN (values->len - 1, (guint) (fraction * values->len)));
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
  FrameStats stats = { g_array_new (FALSE, FALSE, sizeof (double)),
                       g_array_new (FALSE, FALSE, sizeof (double)), 0, 0, 0 };
  GdkFrameClock *frame_clock;
  guint tick_id;
  guint rate = g_getenv ("BENCH_RATE") != NULL ? (guint) atoi (g_getenv ("BENCH_RATE")) : 0;
  RunnelEventLog *log;
  double cpu_start;
  gint64 start;
  double elapsed;
  guint64 events;
  const char *filter_text = g_getenv ("BENCH_FILTER");
  double filter_ms = 0;
  guint filter_rows = 0;

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
    : g_strdup_printf ("%sfirehose?rate=%u&size=%u", base, rate, size);

  if (g_getenv ("BENCH_RETENTION") != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");

      g_settings_set_uint (settings, "retention-limit",
                           (guint) atoi (g_getenv ("BENCH_RETENTION")));
    }

  window = runnel_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  runnel_test_run_for (500);

  frame_clock = gtk_widget_get_frame_clock (GTK_WIDGET (window));
  g_signal_connect (frame_clock, "update", G_CALLBACK (frame_started), &stats);
  g_signal_connect (frame_clock, "after-paint", G_CALLBACK (frame_painted), &stats);
  tick_id = runnel_test_keep_ticking (GTK_WIDGET (window));
  cpu_start = cpu_seconds ();
  start = g_get_monotonic_time ();
  stats.since = start + WARM_UP_US;

  page = runnel_window_open_url (window, url, TRUE);
  /* BENCH_VIEW=timing: the Timing view beside the list (its figures and timeline, live) */
  if (g_getenv ("BENCH_VIEW") != NULL && *g_getenv ("BENCH_VIEW") != '\0')
    gtk_widget_activate_action (GTK_WIDGET (page), "stream.view", "s", g_getenv ("BENCH_VIEW"));
  if (filter_text != NULL)
    {
      RunnelFilteredLog *shown = RUNNEL_FILTERED_LOG (runnel_stream_page_get_shown_events (page));
      gint64 filter_start;
      gint64 left_ms;

      runnel_test_run_for (seconds * 500);
      filter_start = g_get_monotonic_time ();
      runnel_test_search (page, filter_text);
      runnel_test_iterate_until (runnel_test_filter_done, shown, seconds * 500);
      filter_ms = (g_get_monotonic_time () - filter_start) / 1000.0;
      filter_rows = g_list_model_get_n_items (G_LIST_MODEL (shown));
      left_ms = seconds * 1000 - (g_get_monotonic_time () - start) / 1000;
      runnel_test_run_for ((guint) MAX (0, left_ms));
    }
  else
    runnel_test_run_for (seconds * 1000);

  elapsed = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  client = runnel_stream_page_get_client (page);
  events = runnel_sse_client_get_events_received (client);
  log = runnel_stream_page_get_log (page);

  /* shown: the events that reached the list (kept, or dropped after being shown); the rest of
   * what was received is pending for the next frame or was dropped before it was shown */
  g_print ("{\"bench\":\"ui-firehose\",\"renderer\":\"%s\",\"path\":\"%s\",\"rate\":%u,"
           "\"event_size\":%u,\"seconds\":%.1f,"
           "\"events\":%" G_GUINT64_FORMAT ",\"events_per_second\":%.0f,\"mib_per_second\":%.1f,"
           "\"frames_per_second\":%.1f,\"frame_ms_median\":%.1f,\"frame_ms_p99\":%.1f,"
           "\"frame_ms_max\":%.1f,"
           "\"work_ms_median\":%.1f,\"work_ms_p99\":%.1f,"
           "\"rows_kept\":%u,\"rows_pending\":%u,\"rows_dropped\":%" G_GUINT64_FORMAT ","
           "\"cpu_seconds\":%.1f,\"peak_rss_mib\":%.1f,\"state\":\"%s\","
           "\"filter\":\"%s\",\"filter_ms\":%.1f,\"filter_rows\":%u}\n",
           G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (window))),
           url + strlen (base) - 1, rate, size, elapsed, events, events / elapsed,
           runnel_sse_client_get_bytes_received (client) / elapsed / (1024.0 * 1024.0),
           (stats.intervals->len + 1) / (elapsed - WARM_UP_US / (double) G_USEC_PER_SEC),
           percentile (stats.intervals, 0.5), percentile (stats.intervals, 0.99),
           percentile (stats.intervals, 1.0),
           percentile (stats.work, 0.5), percentile (stats.work, 0.99),
           g_list_model_get_n_items (G_LIST_MODEL (log)), runnel_event_log_get_n_pending (log),
           runnel_event_log_get_n_dropped (log),
           cpu_seconds () - cpu_start, peak_rss_kib () / 1024.0,
           runnel_sse_client_state_to_string (runnel_sse_client_get_state (client)),
           filter_text != NULL ? filter_text : "", filter_ms, filter_rows);

  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick_id);
  g_signal_handlers_disconnect_by_data (frame_clock, &stats);
  g_array_unref (stats.intervals);
  g_array_unref (stats.work);
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();
  if (server != NULL)
    g_subprocess_force_exit (server);
  runnel_application_stop_demo_server (app);

  return 0;
}
