/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-utf8.c: the SIMD UTF-8 paths must give what the scalar one gives, on any bytes */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "runnel-jsonl-parser.h"
#include "runnel-sse-parser.h"
#include "runnel-utf8.h"

#include "fuzz-check.h"

/*
 * For each path this CPU has (runnel-utf8.h), against the scalar path:
 * - runnel_utf8_is_valid () and runnel_utf8_repair () on the input and on its suffixes and
 *   prefixes cut at the first and last bytes;
 * - the checker's contract: scanning the input 64 bytes at a time, every line that is invalid
 *   on its own shows an error on its bytes, its LF or the LF before it;
 * - both parsers, fed the input whole and in chunks of a size drawn from it, report the same
 *   events (type, data, id) as on the scalar path.
 */

typedef struct
{
  gboolean  valid;
  GBytes   *repaired;
} Verdict;

static void
verdict (const guint8 *p,
         gsize         len,
         Verdict      *out)
{
  gsize n = runnel_utf8_repair (p, len, NULL);
  guint8 *text = g_malloc (n + 1);

  g_assert (runnel_utf8_repair (p, len, text) == n);
  out->valid = runnel_utf8_is_valid (p, p + len);
  out->repaired = g_bytes_new_take (text, n);
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  GString *log = user_data;
  const char *data;
  gsize len;

  data = runnel_sse_event_get_data (event, &len);
  g_string_append_printf (log, "%s|%s|%" G_GSIZE_FORMAT ":",
                          runnel_sse_event_get_event_type (event), runnel_sse_event_get_id (event),
                          len);
  g_string_append_len (log, data, len);
  g_string_append_c (log, '\n');
}

/* what both parsers make of the input, fed in chunks of @chunk bytes */
static char *
parse (const guint8 *data,
       gsize         len,
       gsize         chunk)
{
  g_autoptr(RunnelSseParser) sse = runnel_sse_parser_new ();
  g_autoptr(RunnelJsonlParser) jsonl = runnel_jsonl_parser_new ();
  GString *log = g_string_new (NULL);

  runnel_sse_parser_set_event_func (sse, on_event, log, NULL);
  runnel_jsonl_parser_set_event_func (jsonl, on_event, log, NULL);
  for (gsize i = 0; i < len; i += chunk)
    runnel_sse_parser_feed (sse, data + i, MIN (chunk, len - i));
  runnel_sse_parser_finish (sse);
  g_string_append (log, "--\n");
  for (gsize i = 0; i < len; i += chunk)
    runnel_jsonl_parser_feed (jsonl, data + i, MIN (chunk, len - i));
  runnel_jsonl_parser_finish (jsonl);

  return g_string_free (log, FALSE);
}

static gboolean
check_lines (const guint8  *data,
             gsize          len,
             GError       **error)
{
  RunnelUtf8Checker checker = { 0, 0 };
  gsize blocks = len / 64 + 1;
  g_autofree guint64 *errors = g_new0 (guint64, blocks);
  gsize start = 0;

  for (gsize b = 0; b < blocks; b++)
    {
      guint8 block[64] = { 0 };
      gboolean high = FALSE;

      memcpy (block, data + 64 * b, MIN (64, len - 64 * b));
      for (guint i = 0; i < 64; i++)
        high |= block[i] >= 0x80;
      errors[b] = high ? runnel_utf8_checker_block (&checker, block)
                       : runnel_utf8_checker_ascii (&checker);
    }

  for (gsize i = 0; i <= len; i++)
    {
      gboolean any = FALSE;

      if (i < len && data[i] != '\n')
        continue;

      /* a line, [start, i); the padding after the end stands for a line break */
      for (gsize j = start > 0 ? start - 1 : 0; j <= i; j++)
        any |= (errors[j / 64] >> (j % 64)) & 1;
      if (!any && !runnel_utf8_is_valid (data + start, data + i))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: the invalid line at %" G_GSIZE_FORMAT " shows no error",
                       runnel_utf8_path_to_string (runnel_utf8_get_path ()), start);
          return FALSE;
        }
      start = i + 1;
    }

  return TRUE;
}

gboolean
runnel_fuzz_check_utf8 (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  RunnelUtf8Path saved = runnel_utf8_get_path ();
  gsize cuts[] = { 0, 1, 2, 3, len / 2 };
  Verdict whole = { 0 }, heads[G_N_ELEMENTS (cuts)], tails[G_N_ELEMENTS (cuts)];
  g_autofree char *parsed = NULL;
  g_autofree char *parsed_chunks = NULL;
  gsize chunk = len > 0 ? 1 + data[0] % 97 : 1;
  gboolean ok = TRUE;

  runnel_utf8_set_path (RUNNEL_UTF8_PATH_SCALAR);
  verdict (data, len, &whole);
  for (gsize c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      gsize cut = MIN (cuts[c], len);

      verdict (data + cut, len - cut, &tails[c]);
      verdict (data, len - cut, &heads[c]);
    }
  parsed = parse (data, len, len > 0 ? len : 1);
  parsed_chunks = parse (data, len, chunk);
  if (g_strcmp0 (parsed, parsed_chunks) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "scalar: chunks of %" G_GSIZE_FORMAT " parse differently", chunk);
      ok = FALSE;
    }

  for (RunnelUtf8Path path = RUNNEL_UTF8_PATH_SSE2; ok && path <= RUNNEL_UTF8_PATH_AVX2; path++)
    {
      const char *name = runnel_utf8_path_to_string (path);
      g_autofree char *path_parsed = NULL;
      g_autofree char *path_parsed_chunks = NULL;
      Verdict v;

      if (!runnel_utf8_set_path (path))
        continue;

      verdict (data, len, &v);
      ok = v.valid == whole.valid && g_bytes_equal (v.repaired, whole.repaired);
      g_bytes_unref (v.repaired);
      for (gsize c = 0; ok && c < G_N_ELEMENTS (cuts); c++)
        {
          gsize cut = MIN (cuts[c], len);

          verdict (data + cut, len - cut, &v);
          ok = v.valid == tails[c].valid && g_bytes_equal (v.repaired, tails[c].repaired);
          g_bytes_unref (v.repaired);
          if (ok)
            {
              verdict (data, len - cut, &v);
              ok = v.valid == heads[c].valid && g_bytes_equal (v.repaired, heads[c].repaired);
              g_bytes_unref (v.repaired);
            }
        }
      if (!ok)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: validation or repair differs from the scalar path", name);
          break;
        }

      if (!check_lines (data, len, error))
        {
          ok = FALSE;
          break;
        }

      path_parsed = parse (data, len, len > 0 ? len : 1);
      path_parsed_chunks = parse (data, len, chunk);
      if (g_strcmp0 (path_parsed, parsed) != 0 || g_strcmp0 (path_parsed_chunks, parsed) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%s: the parsers report other events than on the scalar path", name);
          ok = FALSE;
        }
    }

  g_bytes_unref (whole.repaired);
  for (gsize c = 0; c < G_N_ELEMENTS (cuts); c++)
    {
      g_bytes_unref (heads[c].repaired);
      g_bytes_unref (tails[c].repaired);
    }
  runnel_utf8_set_path (saved);

  return ok;
}
