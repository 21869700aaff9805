/* SPDX-License-Identifier: GPL-3.0-or-later */
/* soak-client.c: hours of drops in minutes: no event lost or doubled, no memory or fd growth */

#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "runnel-event-log.h"
#include "runnel-sse-client.h"

/*
 * runnel-soak [--duration S] [--sample S] [--retention N] BASE-URL
 *
 * Three clients against a demo server (bench/soak.sh starts one):
 *   counter  /counter?interval=5&drop=K: the server cuts every connection in the middle of an
 *            event, and every few seconds the client drops the connection itself; it resumes
 *            with Last-Event-ID each time, so the ids must come 1, 2, 3... with no gap or repeat.
 *            The last --retention events are kept in a RunnelEventLog, as the app keeps them.
 *   faults   cycles through the fault endpoints (drop, 500, 503, trickle, invalid UTF-8,
 *            retry:, wrong content type, oversized) with a new connection every second.
 *   firehose /firehose?rate=500&size=200 with a client-side drop every few seconds.
 * Every --sample seconds it prints RSS and open file descriptors; at the end a summary, and the
 * exit status says whether every check held (0) or not (1).
 */

typedef struct
{
  /* counter */
  RunnelSseClient *counter;
  guint64          expected_id;     /* the next id the counter must send */
  guint64          counter_events;
  guint64          gaps;
  guint64          duplicates;
  RunnelEventLog  *log;             /* the last --retention counter events */

  /* faults */
  RunnelSseClient *faults;
  guint            fault_index;
  guint64          fault_attempts;
  guint64          fault_errors;

  /* firehose */
  RunnelSseClient *firehose;
  guint64          firehose_events;

  char            *base;
  GMainLoop       *loop;
  gint64           start;

  /* samples */
  GArray          *rss_kb;
  GArray          *fds;
} Soak;

static const char * const fault_paths[] = {
  "fault/drop",
  "fault/500",
  "fault/503?after=0",
  "fault/trickle?interval=2",
  "fault/invalid-utf8",
  "fault/retry?ms=50",
  "fault/content-type",
  "fault/oversized?size=20000000",
  "fault/404",
};

static guint64
read_rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return 0;
  line = strstr (status, "VmRSS:");
  if (line == NULL)
    return 0;

  return g_ascii_strtoull (line + strlen ("VmRSS:"), NULL, 10);
}

static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;

  /* not counting the descriptor of the listing itself */
  return n - 1;
}

static double
elapsed (Soak *soak)
{
  return (g_get_monotonic_time () - soak->start) / (double) G_USEC_PER_SEC;
}

/* Counter: ids must be contiguous across every drop */

static void
on_counter_event (RunnelSseEvent *event,
                  gpointer        user_data)
{
  Soak *soak = user_data;
  guint64 id = g_ascii_strtoull (runnel_sse_event_get_id (event), NULL, 10);

  soak->counter_events++;

  if (id == soak->expected_id)
    soak->expected_id++;
  else if (id < soak->expected_id)
    {
      soak->duplicates++;
      g_printerr ("soak: duplicate: got id %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT
                  "\n", id, soak->expected_id);
    }
  else
    {
      soak->gaps++;
      g_printerr ("soak: gap: got id %" G_GUINT64_FORMAT ", expected %" G_GUINT64_FORMAT "\n",
                  id, soak->expected_id);
      soak->expected_id = id + 1;
    }

  runnel_event_log_append (soak->log, event);
}

static void
on_firehose_event (RunnelSseEvent *event,
                   gpointer        user_data)
{
  Soak *soak = user_data;

  soak->firehose_events++;
}

static gboolean
drop_cb (gpointer user_data)
{
  Soak *soak = user_data;

  /* a drop from our side: the same as a network cut, then an immediate reconnection */
  runnel_sse_client_restart (soak->counter);
  runnel_sse_client_restart (soak->firehose);

  return G_SOURCE_CONTINUE;
}

/* Faults: a new connection to the next fault endpoint every second */

static gboolean
fault_cb (gpointer user_data)
{
  Soak *soak = user_data;
  RunnelRequest *request = runnel_sse_client_get_request (soak->faults);
  g_autofree char *url = NULL;

  if (runnel_sse_client_get_last_error (soak->faults) != NULL)
    soak->fault_errors++;

  url = g_strconcat (soak->base, fault_paths[soak->fault_index++ % G_N_ELEMENTS (fault_paths)],
                     NULL);
  runnel_sse_client_disconnect (soak->faults);
  runnel_request_set_url (request, url);
  runnel_sse_client_connect (soak->faults);
  soak->fault_attempts++;

  return G_SOURCE_CONTINUE;
}

static gboolean
sample_cb (gpointer user_data)
{
  Soak *soak = user_data;
  guint64 rss = read_rss_kb ();
  guint fds = count_fds ();

  g_array_append_val (soak->rss_kb, rss);
  g_array_append_val (soak->fds, fds);

  g_printerr ("soak: %6.0f s  rss %6" G_GUINT64_FORMAT " KiB  fds %3u  counter %" G_GUINT64_FORMAT
              " events (next id %" G_GUINT64_FORMAT ", %u reconnects)  firehose %" G_GUINT64_FORMAT
              " events  faults %" G_GUINT64_FORMAT " connections\n",
              elapsed (soak), rss, fds, soak->counter_events, soak->expected_id,
              runnel_sse_client_get_reconnect_count (soak->counter), soak->firehose_events,
              soak->fault_attempts);

  return G_SOURCE_CONTINUE;
}

static gboolean
stop_cb (gpointer user_data)
{
  Soak *soak = user_data;

  g_main_loop_quit (soak->loop);
  return G_SOURCE_REMOVE;
}

static RunnelSseClient *
new_client (const char         *url,
            guint               retry_delay,
            RunnelSseEventFunc  func,
            gpointer            user_data)
{
  g_autoptr(RunnelRequest) request = runnel_request_new (url);
  RunnelSseClient *client;

  runnel_request_set_retry_delay (request, retry_delay);
  runnel_request_set_backoff_cap (request, 500);
  client = runnel_sse_client_new (request);
  if (func != NULL)
    runnel_sse_client_set_event_func (client, func, user_data, NULL);

  return client;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *counter_url = NULL;
  g_autofree char *firehose_url = NULL;
  int duration = 600;
  int sample = 10;
  int retention = 10000;
  int drop_every = 3;
  GOptionEntry entries[] = {
    { "duration", 0, 0, G_OPTION_ARG_INT, &duration, "Seconds to run (600)", "S" },
    { "sample", 0, 0, G_OPTION_ARG_INT, &sample, "Seconds between samples (10)", "S" },
    { "retention", 0, 0, G_OPTION_ARG_INT, &retention, "Counter events kept (10000)", "N" },
    { "drop-every", 0, 0, G_OPTION_ARG_INT, &drop_every,
      "Seconds between client-side drops (3)", "S" },
    { NULL }
  };
  Soak soak = { 0 };
  guint64 rss_first, rss_last, rss_max = 0;
  guint fds_first, fds_last, fds_max = 0;
  gboolean ok;
  guint skip;

  context = g_option_context_new ("BASE-URL — soak the client against a demo server");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error) || argc != 2 ||
      duration <= 0 || sample <= 0 || retention < 0 || drop_every <= 0)
    {
      g_printerr ("usage: runnel-soak [--duration S] [--sample S] [--retention N] "
                  "[--drop-every S] BASE-URL\n");
      return 2;
    }

  soak.base = g_str_has_suffix (argv[1], "/") ? g_strdup (argv[1]) : g_strconcat (argv[1], "/", NULL);
  soak.log = runnel_event_log_new (retention);
  soak.expected_id = 1;
  soak.loop = g_main_loop_new (NULL, FALSE);
  soak.rss_kb = g_array_new (FALSE, FALSE, sizeof (guint64));
  soak.fds = g_array_new (FALSE, FALSE, sizeof (guint));

  counter_url = g_strconcat (soak.base, "counter?interval=5&drop=500", NULL);
  firehose_url = g_strconcat (soak.base, "firehose?rate=500&size=200", NULL);
  soak.counter = new_client (counter_url, 10, on_counter_event, &soak);
  soak.firehose = new_client (firehose_url, 10, on_firehose_event, &soak);
  soak.faults = new_client (soak.base, 10, NULL, NULL);

  soak.start = g_get_monotonic_time ();
  runnel_sse_client_connect (soak.counter);
  runnel_sse_client_connect (soak.firehose);
  fault_cb (&soak);

  g_timeout_add_seconds (drop_every, drop_cb, &soak);
  g_timeout_add_seconds (1, fault_cb, &soak);
  g_timeout_add_seconds (sample, sample_cb, &soak);
  g_timeout_add_seconds (duration, stop_cb, &soak);
  sample_cb (&soak);

  g_main_loop_run (soak.loop);
  sample_cb (&soak);

  /* the first samples are the warm-up (retention filling, buffers growing): compare from the
   * sample at a quarter of the run */
  skip = MIN (soak.rss_kb->len - 1, soak.rss_kb->len / 4);
  rss_first = g_array_index (soak.rss_kb, guint64, skip);
  rss_last = g_array_index (soak.rss_kb, guint64, soak.rss_kb->len - 1);
  fds_first = g_array_index (soak.fds, guint, skip);
  fds_last = g_array_index (soak.fds, guint, soak.fds->len - 1);
  for (guint i = skip; i < soak.rss_kb->len; i++)
    {
      rss_max = MAX (rss_max, g_array_index (soak.rss_kb, guint64, i));
      fds_max = MAX (fds_max, g_array_index (soak.fds, guint, i));
    }

  ok = soak.gaps == 0 && soak.duplicates == 0 && soak.counter_events > 0 &&
       rss_last <= rss_first + rss_first / 10 + 2048 &&
       fds_last <= fds_first + 2;

  g_print ("{\"duration_s\":%.0f,\"counter_events\":%" G_GUINT64_FORMAT ","
           "\"last_id\":%" G_GUINT64_FORMAT ",\"gaps\":%" G_GUINT64_FORMAT ","
           "\"duplicates\":%" G_GUINT64_FORMAT ",\"counter_reconnects\":%u,"
           "\"firehose_events\":%" G_GUINT64_FORMAT ",\"firehose_reconnects\":%u,"
           "\"fault_connections\":%" G_GUINT64_FORMAT ",\"fault_errors\":%" G_GUINT64_FORMAT ","
           "\"retained\":%u,\"rss_kib_after_warmup\":%" G_GUINT64_FORMAT ","
           "\"rss_kib_end\":%" G_GUINT64_FORMAT ",\"rss_kib_max\":%" G_GUINT64_FORMAT ","
           "\"fds_after_warmup\":%u,\"fds_end\":%u,\"fds_max\":%u,\"ok\":%s}\n",
           elapsed (&soak), soak.counter_events, soak.expected_id - 1, soak.gaps,
           soak.duplicates, runnel_sse_client_get_reconnect_count (soak.counter),
           soak.firehose_events, runnel_sse_client_get_reconnect_count (soak.firehose),
           soak.fault_attempts, soak.fault_errors,
           g_list_model_get_n_items (G_LIST_MODEL (soak.log)),
           rss_first, rss_last, rss_max, fds_first, fds_last, fds_max, ok ? "true" : "false");

  g_object_unref (soak.log);
  g_object_unref (soak.counter);
  g_object_unref (soak.firehose);
  g_object_unref (soak.faults);
  g_array_unref (soak.rss_kb);
  g_array_unref (soak.fds);
  g_main_loop_unref (soak.loop);
  g_free (soak.base);

  return ok ? 0 : 1;
}
