/* SPDX-License-Identifier: GPL-3.0-or-later */
/* event-log-memory.c: the memory one stream's event log takes per retained event */

/*
 * Fills a RunnelEventLog (retention = the count) with COUNT events (argument 1, default 100000) of
 * about SIZE bytes of payload (argument 2, default 130: data, id and type together), as a parser
 * makes them, publishes them, and prints the resident memory it took: in all, per event, and per
 * event beyond the payload. Run: _build/bench/event-log-memory 1000000 130
 */

#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "runnel-event-log.h"

/* resident set size now, in bytes (/proc/self/statm: pages) */
static gsize
current_rss (void)
{
  g_autofree char *statm = NULL;
  g_auto(GStrv) fields = NULL;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL))
    return 0;

  fields = g_strsplit (statm, " ", -1);
  return g_ascii_strtoull (fields[1], NULL, 10) * (gsize) sysconf (_SC_PAGESIZE);
}

int
main (int   argc,
      char *argv[])
{
  guint count = argc > 1 ? (guint) atoi (argv[1]) : 100000;
  guint size = argc > 2 ? (guint) atoi (argv[2]) : 130;
  const char *type = "update";
  g_autoptr(RunnelEventLog) log = NULL;
  g_autofree char *data = NULL;
  gsize data_len;
  gsize payload = 0;
  gsize before;
  gsize after;
  gint64 start;
  double seconds;

  /* the id ("%08u") and the type are part of the payload */
  data_len = size > 8 + strlen (type) ? size - 8 - strlen (type) : 1;
  data = g_malloc (data_len + 1);
  for (gsize i = 0; i < data_len; i++)
    data[i] = 'a' + i % 26;
  data[data_len] = '\0';

  log = runnel_event_log_new (count);
  before = current_rss ();
  start = g_get_monotonic_time ();

  for (guint i = 0; i < count; i++)
    {
      char id[16];
      int id_len = g_snprintf (id, sizeof id, "%08u", i % 100000000);
      g_autoptr(RunnelSseEvent) event = NULL;

      /* each event's data differs a little, as it would on the wire */
      data[i % data_len] = 'A' + i % 26;
      event = runnel_sse_event_new (type, strlen (type), data, data_len, id, id_len, i + 1,
                                    g_get_monotonic_time (), g_get_real_time (),
                                    data_len + id_len + strlen (type) + 16);
      runnel_event_log_append (log, event);
      payload += data_len + id_len + strlen (type);
    }
  runnel_event_log_flush (log);

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  after = current_rss ();

  g_print ("{\"bench\":\"event-log-memory\",\"events\":%u,\"payload_bytes_per_event\":%.1f,"
           "\"rss_mib\":%.1f,\"bytes_per_event\":%.1f,\"overhead_bytes_per_event\":%.1f,"
           "\"append_seconds\":%.2f,\"kept\":%u}\n",
           count, payload / (double) count, (after - before) / (1024.0 * 1024.0),
           (after - before) / (double) count, (after - before - (double) payload) / count,
           seconds, g_list_model_get_n_items (G_LIST_MODEL (log)));

  return 0;
}
