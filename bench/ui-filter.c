/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-filter.c: how long the window takes to filter a full stream, and whether it keeps drawing */

/*
 * Fills one page of the real window with a number of events (argument 1, default 100,000; the
 * retention is raised to hold them) of about 130 bytes (four types, every other one with an id,
 * one in a thousand containing "needle"), then applies filters one after the other as a user
 * would, each through the page's RunnelEventFilter: text, back to none, type, "only with id",
 * text and type, and back to none. For each it prints the time until the list holds its result,
 * the rows shown, and the longest interval between two painted frames meanwhile (the window's
 * GdkFrameClock, kept ticking): what the user sees as a freeze.
 * Run under Xvfb, e.g.:
 *   GSETTINGS_BACKEND=memory GTK_A11Y=none dbus-run-session -- xvfb-run -a _build/bench/ui-filter
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runnel-event-filter.h"
#include "runnel-filter-bar.h"
#include "runnel-filtered-log.h"
#include "ui-test-util.h"

#define WAIT_MS (60 * 1000)

static const char *const types[] = { "alpha", "beta", "gamma", "delta" };

typedef struct
{
  gint64 last_paint;
  double longest;  /* ms */
  guint  frames;
} FrameWatch;

static void
frame_painted (GdkFrameClock *clock,
               FrameWatch    *watch)
{
  gint64 now = g_get_monotonic_time ();

  if (watch->last_paint != 0)
    watch->longest = MAX (watch->longest, (now - watch->last_paint) / 1000.0);
  watch->last_paint = now;
  watch->frames++;
}

static void
fill (RunnelEventLog *log,
      guint           n_events)
{
  static const char pad[] = "0123456789abcdefghijklmnopqrstuvwxyz0123456789abcdefghijklmnopqrstuvwxyz"
                            "0123456789abcdefghijklmnopqrstuvwxyz";

  for (guint i = 1; i <= n_events; i++)
    {
      g_autofree char *data = g_strdup_printf ("{\"n\":%u,\"word\":\"%s\",\"pad\":\"%.80s\"}", i,
                                               i % 1000 == 0 ? "needle" : "hay", pad);
      g_autofree char *id = i % 2 == 0 ? g_strdup_printf ("%u", i) : NULL;
      const char *type = types[i % G_N_ELEMENTS (types)];
      g_autoptr(RunnelSseEvent) event =
        runnel_sse_event_new (type, strlen (type), data, strlen (data),
                              id, id != NULL ? strlen (id) : 0, i, 0, 0, strlen (data) + 20);

      runnel_event_log_append (log, event);
    }
  runnel_event_log_flush (log);
}

static void
measure (const char         *name,
         GtkWidget          *window,
         RunnelFilteredLog  *shown,
         RunnelEventFilter  *filter,
         const char         *text,
         const char         *event_type,
         gboolean            with_id)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  FrameWatch watch = { 0 };
  gulong handler;
  gint64 start;
  double ms;

  /* start from a settled window: the previous filter done and drawn */
  runnel_test_wait_for_frames (window, 2);

  handler = g_signal_connect (clock, "after-paint", G_CALLBACK (frame_painted), &watch);
  watch.last_paint = g_get_monotonic_time ();
  start = watch.last_paint;

  runnel_event_filter_set_text (filter, text);
  runnel_event_filter_set_event_type (filter, event_type);
  runnel_event_filter_set_with_id (filter, with_id);
  if (!runnel_test_iterate_until (runnel_test_filter_done, shown, WAIT_MS))
    g_error ("%s: the filter did not finish", name);
  ms = (g_get_monotonic_time () - start) / 1000.0;

  /* the frame that shows the result counts too */
  runnel_test_wait_for_frames (window, 1);
  g_signal_handler_disconnect (clock, handler);

  g_print ("{\"bench\":\"ui-filter\",\"filter\":\"%s\",\"rows\":%u,"
           "\"filter_ms\":%.1f,\"frames\":%u,\"longest_frame_ms\":%.1f}\n",
           name, g_list_model_get_n_items (G_LIST_MODEL (shown)), ms, watch.frames,
           watch.longest);
}

int
main (int   argc,
      char *argv[])
{
  guint n_events = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  g_autoptr(RunnelApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  RunnelWindow *window;
  RunnelStreamPage *page;
  RunnelFilteredLog  *shown;
  RunnelEventFilter *filter;
  guint tick_id;

  gtk_init ();

  app = runnel_application_new ();
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    g_error ("%s", error->message);

  /* the default retention would keep only the last 100,000 */
  {
    g_autoptr(GSettings) settings = g_settings_new ("io.github.runnel.Runnel");

    g_settings_set_uint (settings, "retention-limit", MAX (n_events, 100000));
  }

  window = runnel_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 720);
  gtk_window_present (GTK_WINDOW (window));
  runnel_test_run_for (500);
  tick_id = runnel_test_keep_ticking (GTK_WIDGET (window));

  /* no one-go peer here: in GTK 4.8 turning incremental off failed assertions and, later,
   * crashed in the filter model (see docs/PERFORMANCE.md) */
  page = runnel_window_add_page (window);
  shown = RUNNEL_FILTERED_LOG (runnel_stream_page_get_shown_events (page));
  filter = runnel_filter_bar_get_filter (runnel_test_page_child (page, "filter_bar"));
  fill (runnel_stream_page_get_log (page), n_events);
  runnel_test_run_for (500);

  measure ("text", GTK_WIDGET (window), shown, filter, "needle", NULL, FALSE);
  measure ("none", GTK_WIDGET (window), shown, filter, NULL, NULL, FALSE);
  measure ("type", GTK_WIDGET (window), shown, filter, NULL, "beta", FALSE);
  measure ("with-id", GTK_WIDGET (window), shown, filter, NULL, NULL, TRUE);
  measure ("text+type", GTK_WIDGET (window), shown, filter, "NEEDLE", "alpha", FALSE);
  measure ("none", GTK_WIDGET (window), shown, filter, NULL, NULL, FALSE);

  gtk_widget_remove_tick_callback (GTK_WIDGET (window), tick_id);
  gtk_window_destroy (GTK_WINDOW (window));
  runnel_test_settle ();

  return 0;
}
