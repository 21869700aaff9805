/* SPDX-License-Identifier: GPL-3.0-or-later */
/* timeline.c: what the Timing view's timeline costs per frame while a stream runs at 20,000/s */

/*
 * Feeds a RunnelTiming the events of a stream at 20,000 events per second (arrival times on a
 * fake clock, 333 events per 60 Hz frame) and after each frame's events draws the timeline
 * (800 x 48 px) as the window would: its snapshot, rendered to a texture by the window's
 * renderer. Prints the median, 99th percentile and longest of those frames in ms over the first
 * 100,000 events (300 frames), then over the next 900,000 (to a million), and the feeding cost
 * per event in ns. Run under Xvfb:
 *   GTK_A11Y=none xvfb-run -a _build/bench/bench-timeline
 */

#include "config.h"

#include <gtk/gtk.h>
#include <stdlib.h>

#include "runnel-timeline.h"

#define RATE          20000
#define FRAME_US      (G_USEC_PER_SEC / 60)
#define WIDTH         800
#define HEIGHT        48

static gint64 fake_now;

static gint64
fake_clock (gpointer user_data)
{
  return fake_now;
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return (x > y) - (x < y);
}

static void
report (const char *what,
        GArray     *times)
{
  g_array_sort (times, compare_double);
  g_print ("%s: %u frames, median %.3f ms, p99 %.3f ms, longest %.3f ms\n", what, times->len,
           g_array_index (times, double, times->len / 2),
           g_array_index (times, double, (times->len * 99) / 100),
           g_array_index (times, double, times->len - 1));
}

int
main (int    argc,
      char **argv)
{
  g_autoptr(RunnelTiming) timing = runnel_timing_new ();
  g_autoptr(GArray) first = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) rest = g_array_new (FALSE, FALSE, sizeof (double));
  GtkWidget *window;
  GtkWidget *timeline;
  GskRenderer *renderer;
  guint64 sequence = 0;
  gint64 feed_us = 0;
  gint64 start = 1000 * G_USEC_PER_SEC;

  gtk_init ();
  window = gtk_window_new ();
  timeline = runnel_timeline_new ();
  gtk_widget_set_size_request (timeline, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;
  renderer = gtk_native_get_renderer (gtk_widget_get_native (timeline));

  runnel_timing_set_clock (timing, fake_clock, NULL);
  fake_now = start;
  runnel_timing_connection_started (timing);
  runnel_timing_response (timing, 200, NULL, SOUP_HTTP_1_1);
  runnel_timeline_set_timing (RUNNEL_TIMELINE (timeline), timing);

  while (sequence < 1000000)
    {
      gint64 frame_end = fake_now + FRAME_US;
      gint64 t0;
      gint64 t1;
      double ms;

      /* one frame's events, evenly spread */
      t0 = g_get_monotonic_time ();
      for (; start + (gint64) (sequence * G_USEC_PER_SEC / RATE) < frame_end; sequence++)
        {
          gint64 at = start + (gint64) (sequence * G_USEC_PER_SEC / RATE);
          g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("message", 7, "x", 1, "", 0,
                                                                  sequence + 1, at, at, 8);

          runnel_timing_event (timing, event);
        }
      fake_now = frame_end;
      feed_us += g_get_monotonic_time () - t0;

      /* the frame */
      t0 = g_get_monotonic_time ();
      {
        g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
        g_autoptr(GskRenderNode) node = NULL;
        g_autoptr(GdkTexture) texture = NULL;

        GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
        node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
        texture = gsk_renderer_render_texture (renderer, node,
                                               &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
      }
      t1 = g_get_monotonic_time ();
      ms = (t1 - t0) / 1000.0;
      g_array_append_val (sequence <= 100000 ? first : rest, ms);
    }

  report ("timeline frames, 0 to 100,000 events", first);
  report ("timeline frames, 100,000 to 1,000,000 events", rest);
  g_print ("feeding: %.0f ns per event (includes making the event)\n",
           feed_us * 1000.0 / sequence);

  gtk_window_destroy (GTK_WINDOW (window));

  return EXIT_SUCCESS;
}
