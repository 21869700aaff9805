/* SPDX-License-Identifier: GPL-3.0-or-later */
/* memory.c: what one retained event costs: the parser's output kept in a RunnelEventLog */

#include "config.h"

#include <malloc.h>
#include <stdlib.h>

#include "runnel-event-log.h"
#include "runnel-sse-parser.h"

/*
 * runnel-bench-memory [EVENTS [DATA_BYTES]]      (default 200000 events of 120 bytes of data)
 *
 * Builds an LLM-style stream (id: N, data: a JSON delta padded to DATA_BYTES), feeds it to the
 * parser in 64 KiB chunks, appends every event to a RunnelEventLog whose retention holds them
 * all, publishes them (as the list view would see them) and measures the heap (glibc's
 * mallinfo2: bytes in use) before and after: the difference divided by the number of events is
 * the cost of one retained event, printed beside its data size. The stream is allocated before
 * the first measure and freed after the second.
 */

static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}

int
main (int   argc,
      char *argv[])
{
  guint events = argc > 1 ? (guint) strtoul (argv[1], NULL, 10) : 200000;
  guint data_bytes = argc > 2 ? (guint) strtoul (argv[2], NULL, 10) : 120;
  g_autoptr(RunnelSseParser) parser = NULL;
  g_autoptr(RunnelEventLog) log = NULL;
  GString *stream = g_string_new (NULL);
  gsize before, after;
  const gsize chunk = 64 * 1024;

  if (events == 0 || data_bytes < 40)
    {
      g_printerr ("usage: runnel-bench-memory [EVENTS [DATA_BYTES >= 40]]\n");
      return 2;
    }

  for (guint i = 1; i <= events; i++)
    {
      gsize start;

      g_string_append_printf (stream, "id: %u\ndata: ", i);
      start = stream->len;
      g_string_append_printf (stream, "{\"choices\":[{\"delta\":{\"content\":\"%u ", i);
      while (stream->len - start < data_bytes - 4)
        g_string_append_c (stream, 'x');
      g_string_append (stream, "\"}}]}\n\n");
    }

  /* the type system, the signal tables and the log's first allocations, outside the measure */
  g_type_ensure (RUNNEL_TYPE_EVENT_LOG);
  g_type_ensure (RUNNEL_TYPE_SSE_PARSER);
  malloc_trim (0);

  before = heap_in_use ();
  parser = runnel_sse_parser_new ();
  log = runnel_event_log_new (events);
  runnel_sse_parser_set_event_func (parser, runnel_event_log_append_func, log, NULL);
  for (gsize offset = 0; offset < stream->len; offset += chunk)
    runnel_sse_parser_feed (parser, (const guint8 *) stream->str + offset,
                            MIN (chunk, stream->len - offset));
  runnel_event_log_flush (log);
  g_clear_object (&parser);
  after = heap_in_use ();
  g_string_free (stream, TRUE);

  g_print ("{\"events\":%u,\"retained\":%u,\"data_bytes\":%u,\"heap_bytes\":%" G_GSIZE_FORMAT ","
           "\"bytes_per_event\":%.1f,\"overhead_per_event\":%.1f}\n",
           events, g_list_model_get_n_items (G_LIST_MODEL (log)), data_bytes, after - before,
           (double) (after - before) / events, (double) (after - before) / events - data_bytes);

  return 0;
}
