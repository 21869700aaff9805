/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-rate-plot.c: the status bar's live event-rate plot and JSON-lines mode, in the real window */

#include "config.h"

#include <string.h>

#include "runnel-application.h"
#include "runnel-rate-plot.h"
#include "ui-test-util.h"

/* the plot as pixels: how many rows above its floor hold a visible pixel */
static guint
count_drawn_rows (GtkWidget *plot)
{
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree guchar *pixels = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (plot));
  int width = gtk_widget_get_width (plot);
  int height = gtk_widget_get_height (plot);
  guint rows = 0;

  /* what the plot draws now: a GtkWidgetPaintable would give nothing between the plot's
   * queue_draw and the next frame (GTK drops a widget's render node until it is drawn again) */
  GTK_WIDGET_GET_CLASS (plot)->snapshot (plot, snapshot);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);

  pixels = g_malloc0 ((gsize) width * height * 4);
  gdk_texture_download (texture, pixels, width * 4);

  /* cairo ARGB32 in memory order B, G, R, A on little-endian; alpha is byte 3 either way here */
  for (int y = 0; y < height - 1; y++)
    {
      for (int x = 0; x < width; x++)
        {
          if (pixels[(y * width + x) * 4 + 3] > 0)
            {
              rows++;
              break;
            }
        }
    }

  return rows;
}

static gboolean
rate_at_least_4 (gpointer history)
{
  return runnel_rate_history_get_rate (history, g_get_monotonic_time (), 2) >= 4;
}

static void
test_rate_plot (RunnelUiFixture *fixture,
                gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/counter?interval=100");
  RunnelRatePlot *plot;
  RunnelRateHistory *history;
  double rate;

  g_assert_nonnull (page);
  plot = runnel_test_page_child (page, "rate_plot");
  history = runnel_rate_plot_get_history (plot);

  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  /* a stream of 10 events per second: the plot shows about that once it has two full seconds
   * of it; a loaded machine delivers them late, so wait for it rather than for a set time */
  runnel_test_run_for (2200);
  g_assert_true (runnel_test_iterate_until (rate_at_least_4, history, 30000));
  rate = runnel_rate_history_get_rate (history, g_get_monotonic_time (), 2);
  g_test_message ("rate over the last 2 full seconds: %.1f/s", rate);
  g_assert_cmpfloat (rate, <=, 16);

  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (plot)));
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (plot)), >=, 60);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (plot)), >=, 12);
  g_assert_nonnull (strstr (gtk_widget_get_tooltip_text (GTK_WIDGET (plot)), "per second"));

  /* bars, not just the floor */
  g_assert_cmpuint (count_drawn_rows (GTK_WIDGET (plot)), >=, 8);

  /* no room for it in a narrow window */
  runnel_stream_page_set_narrow (page, TRUE);
  runnel_test_run_for (300);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (plot)));
  runnel_stream_page_set_narrow (page, FALSE);
  runnel_test_run_for (300);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (plot)));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
}

/* an NDJSON stream fills the same list and says so in the status area */
static void
test_json_lines_status (RunnelUiFixture *fixture,
                        gconstpointer    data)
{
  RunnelStreamPage *page = runnel_window_open_demo_endpoint (fixture->window, "GET",
                                                             "/ndjson?interval=20");
  const char *state;

  g_assert_nonnull (page);
  runnel_test_wait_for_state (page, RUNNEL_SSE_CLIENT_STATE_OPEN);
  runnel_test_wait_for_rows (page, 3);

  state = runnel_test_page_label (page, "state_label");
  g_test_message ("state: %s", state);
  g_assert_nonnull (strstr (state, "200"));
  g_assert_true (g_str_has_suffix (state, " · JSON lines"));

  gtk_widget_activate_action (GTK_WIDGET (page), "stream.disconnect", NULL);
  runnel_test_settle ();
  g_assert_true (g_str_has_prefix (runnel_test_page_label (page, "state_label"), "Closed"));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);
  runnel_ui_test_set_window_size (1100, 700);

  RUNNEL_UI_TEST_ADD ("/runnel/ui/status/rate-plot", test_rate_plot);
  RUNNEL_UI_TEST_ADD ("/runnel/ui/status/json-lines", test_json_lines_status);

  return runnel_ui_test_run ();
}
