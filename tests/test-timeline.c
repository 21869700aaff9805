/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-timeline.c: the timeline draws ticks, shades stalls and marks bursts, from a fake clock */

#include "config.h"

#include <gtk/gtk.h>
#include <string.h>

#include "runnel-timeline.h"
#include "runnel-timing-view.h"

#define MS     G_GINT64_CONSTANT (1000)
#define SECOND G_GINT64_CONSTANT (1000000)
#define WIDTH  400
#define HEIGHT 48

static gint64 now;

static gint64
fake_clock (gpointer user_data)
{
  return now;
}

static void
event_at (RunnelTiming *timing,
          gint64        at)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("message", 7, "x", 1, "", 0, 1,
                                                          at, at, 8);

  now = at;
  runnel_timing_event (timing, event);
}

/* the timeline's pixels, as its snapshot draws them now (RGBA, 4 bytes a pixel) */
static guchar *
render (GtkWidget *timeline)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (timeline));
  guchar *pixels;

  GTK_WIDGET_GET_CLASS (timeline)->snapshot (timeline, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  pixels = g_malloc0 (WIDTH * HEIGHT * 4);
  if (node == NULL)
    return pixels;
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, WIDTH, HEIGHT));
  gdk_texture_download (texture, pixels, WIDTH * 4);

  return pixels;
}

/* B, G, R, A in memory on little-endian */
static const guchar *
pixel (const guchar *pixels,
       int           x,
       int           y)
{
  return pixels + (y * WIDTH + x) * 4;
}

/* a tick in column @x or one beside it (the bucket edges round either way), just above the
 * axis and opaque */
static gboolean
column_has_tick (const guchar *pixels,
                 int           x)
{
  for (int i = MAX (x - 1, 0); i <= MIN (x + 1, WIDTH - 1); i++)
    {
      if (pixel (pixels, i, HEIGHT - 3)[3] > 200)
        return TRUE;
    }

  return FALSE;
}

static gboolean
is_reddish (const guchar *p)
{
  return p[3] > 200 && p[2] > 150 && p[1] < 100 && p[0] < 100;
}

static void
settle (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
test_timeline (void)
{
  g_autoptr(RunnelTiming) timing = runnel_timing_new ();
  g_autofree guchar *pixels = NULL;
  GtkWidget *window = gtk_window_new ();
  GtkWidget *timeline = runnel_timeline_new ();
  const RunnelTimingBurst *bursts;
  guint n;
  int burst_x;
  int stall_x;

  gtk_widget_set_size_request (timeline, WIDTH, HEIGHT);
  gtk_window_set_child (GTK_WINDOW (window), timeline);
  gtk_window_present (GTK_WINDOW (window));

  /* a second of events every 100 ms, a burst of 10 at 4 s, 6 s of silence, one event at 10 s */
  runnel_timing_set_clock (timing, fake_clock, NULL);
  now = 1000 * SECOND;
  runnel_timing_connection_started (timing);
  runnel_timing_response (timing, 200, NULL, SOUP_HTTP_1_1);
  for (guint i = 1; i <= 10; i++)
    event_at (timing, 1000 * SECOND + i * 100 * MS);
  for (guint i = 0; i < 10; i++)
    event_at (timing, 1004 * SECOND);
  event_at (timing, 1010 * SECOND);
  runnel_timing_connection_ended (timing);
  g_assert_cmpuint (runnel_timing_get_n_bursts (timing), ==, 1);
  g_assert_cmpuint (runnel_timing_get_n_stalls (timing), ==, 1);

  runnel_timeline_set_timing (RUNNEL_TIMELINE (timeline), timing);
  g_assert_true (runnel_timeline_get_timing (RUNNEL_TIMELINE (timeline)) == timing);
  settle ();
  g_assert_cmpint (gtk_widget_get_width (timeline), ==, WIDTH);
  pixels = render (timeline);

  /* 10 s over 400 px: the first events near x = 4 … 40, the burst at 160, the last at 399 */
  g_assert_true (column_has_tick (pixels, 40));
  g_assert_true (column_has_tick (pixels, 160));
  g_assert_true (column_has_tick (pixels, 399));
  g_assert_false (column_has_tick (pixels, 100));
  g_assert_false (column_has_tick (pixels, 300));

  /* the burst's mark above it, red */
  bursts = runnel_timing_get_bursts (timing, &n);
  burst_x = (int) (bursts[0].start * WIDTH / (10 * SECOND));
  g_assert_cmpint (burst_x, ==, 160);
  g_assert_true (is_reddish (pixel (pixels, burst_x, 2)));
  g_assert_false (is_reddish (pixel (pixels, 100, 2)));

  /* the stall from 4 s to 10 s shaded, where no tick is; not before it */
  stall_x = 300;
  g_assert_cmpuint (pixel (pixels, stall_x, HEIGHT / 2)[3], >, 0);
  g_assert_cmpuint (pixel (pixels, stall_x, HEIGHT / 2)[3], <, 200);
  g_assert_cmpuint (pixel (pixels, 100, HEIGHT / 2)[3], ==, 0);

  /* no timing: nothing but nothing breaks */
  runnel_timeline_set_timing (RUNNEL_TIMELINE (timeline), NULL);
  g_clear_pointer (&pixels, g_free);
  pixels = render (timeline);
  g_assert_cmpuint (pixel (pixels, 160, 2)[3], ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

/* the text of a label in @widget's tree that contains @part, or NULL */
static const char *
find_label (GtkWidget  *widget,
            const char *part)
{
  if (GTK_IS_LABEL (widget) && strstr (gtk_label_get_text (GTK_LABEL (widget)), part) != NULL)
    return gtk_label_get_text (GTK_LABEL (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      const char *text = find_label (child, part);

      if (text != NULL)
        return text;
    }

  return NULL;
}

/* the view says in words what the timeline shows */
static void
test_view (void)
{
  g_autoptr(RunnelTiming) timing = runnel_timing_new ();
  GtkWidget *window = gtk_window_new ();
  GtkWidget *view = runnel_timing_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), view);
  gtk_window_present (GTK_WINDOW (window));

  runnel_timing_set_clock (timing, fake_clock, NULL);
  now = 1000 * SECOND;
  runnel_timing_view_set_timing (RUNNEL_TIMING_VIEW (view), timing);
  settle ();
  g_assert_nonnull (find_label (view, "not yet"));
  g_assert_nonnull (find_label (view, "Nothing unusual so far."));

  runnel_timing_connection_started (timing);
  now += 12 * MS;
  runnel_timing_response (timing, 200, NULL, SOUP_HTTP_1_1);
  for (guint i = 0; i < 8; i++)
    event_at (timing, 1002 * SECOND);
  settle ();

  /* the burst was found: the view refreshed at once, without waiting for its timer */
  g_assert_nonnull (find_label (view, "12 ms"));
  g_assert_nonnull (find_label (view, "2.0 s"));
  g_assert_nonnull (find_label (view, "Buffered delivery: "));
  /* it grew since; the view's timer (or this) catches up */
  runnel_timing_view_update (RUNNEL_TIMING_VIEW (view));
  g_assert_nonnull (find_label (view, "Buffered delivery: 8 events arrived within 0.0 ms"));

  runnel_timing_view_set_timing (RUNNEL_TIMING_VIEW (view), NULL);
  g_assert_null (runnel_timing_view_get_timing (RUNNEL_TIMING_VIEW (view)));
  gtk_window_destroy (GTK_WINDOW (window));
  settle ();
}

int
main (int    argc,
      char **argv)
{
  gtk_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/timeline/draws", test_timeline);
  g_test_add_func ("/runnel/timeline/view", test_view);

  return g_test_run ();
}
