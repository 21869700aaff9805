/* SPDX-License-Identifier: GPL-3.0-or-later */
/* json-path.c: how fast the Assembled view keeps up: OpenAI-style chunks through the assembler */

#include "config.h"

#include <string.h>

#include "runnel-json-assembler.h"

/*
 * usage: bench-json-path [EVENTS]    (default 200000)
 * Prints events/s and MB/s of data for the openai-chat preset (walked with bounds checks) and for
 * the equivalent wildcard expression (json-glib's JsonPath), one thread, after building the events.
 */

static void
run (GPtrArray  *events,
     gsize       bytes,
     const char *label,
     const char *expression)
{
  g_autoptr(RunnelJsonExtractor) extractor = runnel_json_extractor_new (expression, NULL, NULL);
  g_autoptr(RunnelJsonAssembler) assembler = runnel_json_assembler_new (extractor);
  gint64 start = g_get_monotonic_time ();
  double seconds;

  for (guint i = 0; i < events->len; i++)
    runnel_json_assembler_add_event (assembler, g_ptr_array_index (events, i));

  seconds = (g_get_monotonic_time () - start) / (double) G_USEC_PER_SEC;
  g_print ("%-40s %9.0f events/s %7.1f MB/s  (%zu characters assembled)\n", label,
           events->len / seconds, bytes / seconds / 1e6,
           strlen (runnel_json_assembler_get_text (assembler)));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GPtrArray) events =
    g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  guint n = argc > 1 ? (guint) g_ascii_strtoull (argv[1], NULL, 10) : 200000;
  gsize bytes = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *data =
        g_strdup_printf ("{\"id\":\"chatcmpl-%u\",\"object\":\"chat.completion.chunk\","
                         "\"created\":1767323045,\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,"
                         "\"delta\":{\"content\":\"tok%u \"},\"finish_reason\":null}]}", i, i % 97);
      gsize len = strlen (data);

      bytes += len;
      g_ptr_array_add (events,
                       runnel_sse_event_new (NULL, 0, data, len, NULL, 0, i + 1, 0, 0, len));
    }

  g_print ("%u events, %.1f MB of data\n", n, bytes / 1e6);
  run (events, bytes, "openai-chat preset (bounds-checked walk)", "$.choices[0].delta.content");
  run (events, bytes, "$.choices[*].delta.content (JsonPath)", "$.choices[*].delta.content");

  return 0;
}
