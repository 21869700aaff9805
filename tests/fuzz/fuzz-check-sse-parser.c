/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-sse-parser.c: the parser must not care how a stream is cut, and must stay bounded */

#include "config.h"

#include <gio/gio.h>
#include <malloc.h>
#include <string.h>

#include "runnel-sse-parser.h"

#include "fuzz-check.h"

/*
 * One input is parsed three times: whole, one byte per feed (), and in chunks whose sizes come
 * from a generator seeded with a hash of the input (so a crash replays exactly). Everything the
 * parser reports (events with their type, data, id, sequence and wire size; retry values;
 * comments; errors) is written to a log in order; the three logs must be identical. Every
 * event must also be well formed and within max-event-size, which is drawn from the input too.
 *
 * Then the input is fed 64 times over to one parser: the heap may grow by the parser's buffers
 * (a small multiple of max-event-size) but not by the length of the stream.
 */

#define AMPLIFY 64

/* max-event-size, chosen by the input's hash; 0 is "no limit" */
static const guint64 max_sizes[] = { 0, 1, 2, 3, 5, 8, 16, 64, 256, 4096 };

typedef struct
{
  GString *log;
  guint64  max;
  guint64  events;
  GString *problem;  /* the first broken invariant, or NULL */
} Recorder;

#if defined(__SANITIZE_ADDRESS__)
#define RUNNEL_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RUNNEL_ASAN 1
#endif
#endif

#ifdef RUNNEL_ASAN
/* from <sanitizer/allocator_interface.h>, which GCC does not ship */
size_t __sanitizer_get_current_allocated_bytes (void);

static gsize
heap_in_use (void)
{
  return __sanitizer_get_current_allocated_bytes ();
}
#else
static gsize
heap_in_use (void)
{
  struct mallinfo2 info = mallinfo2 ();

  return info.uordblks + info.hblkhd;
}
#endif

static guint64
hash_bytes (const guint8 *data,
            gsize         len)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);

  for (gsize i = 0; i < len; i++)
    {
      h ^= data[i];
      h *= G_GUINT64_CONSTANT (0x100000001b3);
    }

  return h;
}

/* splitmix64 */
static guint64
next_random (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

G_GNUC_PRINTF (2, 3)
static void
report (Recorder   *rec,
        const char *format,
        ...)
{
  va_list args;

  if (rec->problem != NULL)
    return;

  rec->problem = g_string_new (NULL);
  va_start (args, format);
  g_string_append_vprintf (rec->problem, format, args);
  va_end (args);
}

/* valid UTF-8 where NUL counts as a character (g_utf8_validate_len refuses NUL) */
static gboolean
is_text (const char *text,
         gsize       len)
{
  const char *end = text + len;

  while (text < end)
    {
      const char *stop;

      if (g_utf8_validate_len (text, end - text, &stop))
        return TRUE;
      if (*stop != '\0')
        return FALSE;
      text = stop + 1;
    }

  return TRUE;
}

static void
append_field (GString    *log,
              const char *name,
              const char *text,
              gsize       len)
{
  g_string_append_printf (log, " %s[%" G_GSIZE_FORMAT "]=", name, len);
  g_string_append_len (log, text, len);
}

static void
on_event (RunnelSseEvent *event,
          gpointer        user_data)
{
  Recorder *rec = user_data;
  const char *type = runnel_sse_event_get_event_type (event);
  const char *id = runnel_sse_event_get_id (event);
  const char *data;
  gsize len;

  data = runnel_sse_event_get_data (event, &len);

  g_string_append_printf (rec->log, "event #%" G_GUINT64_FORMAT " wire=%" G_GSIZE_FORMAT,
                          runnel_sse_event_get_sequence (event),
                          runnel_sse_event_get_wire_size (event));
  append_field (rec->log, "type", type, strlen (type));
  append_field (rec->log, "id", id, strlen (id));
  append_field (rec->log, "data", data, len);
  g_string_append_c (rec->log, '\n');

  rec->events++;
  if (runnel_sse_event_get_sequence (event) != rec->events)
    report (rec, "event %" G_GUINT64_FORMAT " has sequence number %" G_GUINT64_FORMAT,
            rec->events, runnel_sse_event_get_sequence (event));
  if (rec->max != 0 && len > rec->max)
    report (rec, "event %" G_GUINT64_FORMAT " has %" G_GSIZE_FORMAT " bytes of data, "
            "past max-event-size %" G_GUINT64_FORMAT, rec->events, len, rec->max);
  if (data[len] != '\0')
    report (rec, "event %" G_GUINT64_FORMAT ": data is not NUL-terminated", rec->events);
  if (!is_text (data, len) || !g_utf8_validate (type, -1, NULL) || !g_utf8_validate (id, -1, NULL))
    report (rec, "event %" G_GUINT64_FORMAT ": text is not valid UTF-8", rec->events);
  if (memchr (data, '\r', len) != NULL)
    report (rec, "event %" G_GUINT64_FORMAT ": data holds a CR", rec->events);
  /* (a type may begin with NUL: "event:\0x" is not "message", but reads as "" in C) */
  if (strpbrk (type, "\r\n") != NULL || strpbrk (id, "\r\n") != NULL)
    report (rec, "event %" G_GUINT64_FORMAT ": bad type or id", rec->events);
}

static void
on_retry (RunnelSseParser *parser,
          guint64          milliseconds,
          Recorder        *rec)
{
  g_string_append_printf (rec->log, "retry %" G_GUINT64_FORMAT "\n", milliseconds);
}

static void
on_comment (RunnelSseParser *parser,
            const char      *text,
            Recorder        *rec)
{
  if (!g_utf8_validate (text, -1, NULL))
    report (rec, "a comment is not valid UTF-8");
  if (strpbrk (text, "\r\n") != NULL)
    report (rec, "a comment holds a line break");
  g_string_append_printf (rec->log, "comment %s\n", text);
}

static void
on_error (RunnelSseParser *parser,
          const GError    *error,
          Recorder        *rec)
{
  if (error == NULL || error->domain != RUNNEL_SSE_PARSER_ERROR)
    report (rec, "an error outside the parser's domain");
  else
    g_string_append_printf (rec->log, "error %d %s\n", error->code, error->message);
}

static RunnelSseParser *
new_parser (Recorder *rec,
            guint64   max)
{
  RunnelSseParser *parser = runnel_sse_parser_new ();

  rec->log = g_string_new (NULL);
  rec->max = max;
  runnel_sse_parser_set_max_event_size (parser, max);
  runnel_sse_parser_set_event_func (parser, on_event, rec, NULL);
  g_signal_connect (parser, "retry", G_CALLBACK (on_retry), rec);
  g_signal_connect (parser, "comment", G_CALLBACK (on_comment), rec);
  g_signal_connect (parser, "error", G_CALLBACK (on_error), rec);

  return parser;
}

static void
finish (RunnelSseParser *parser,
        Recorder        *rec,
        gsize            len)
{
  runnel_sse_parser_finish (parser);
  g_string_append_printf (rec->log, "end events=%" G_GUINT64_FORMAT " bytes=%" G_GUINT64_FORMAT
                          " last-event-id=%s\n",
                          runnel_sse_parser_get_events_parsed (parser),
                          runnel_sse_parser_get_bytes_parsed (parser),
                          runnel_sse_parser_get_last_event_id (parser));
  if (runnel_sse_parser_get_bytes_parsed (parser) != len)
    report (rec, "bytes parsed is %" G_GUINT64_FORMAT ", not %" G_GSIZE_FORMAT,
            runnel_sse_parser_get_bytes_parsed (parser), len);
}

/* the first line where two logs differ, for the failure message */
static char *
describe_difference (const char *how,
                     GString    *expected,
                     GString    *actual)
{
  gsize i = 0, line = 0;
  g_autofree char *want = NULL;
  g_autofree char *got = NULL;

  while (i < expected->len && i < actual->len && expected->str[i] == actual->str[i])
    {
      if (expected->str[i] == '\n')
        line = i + 1;
      i++;
    }

  want = g_strescape (expected->str + line, NULL);
  got = g_strescape (actual->str + line, NULL);
  want[MIN (strlen (want), 200)] = '\0';
  got[MIN (strlen (got), 200)] = '\0';

  return g_strdup_printf ("parsed %s, the parser reports something else than parsed whole:\n"
                          "  whole: %s\n  %s: %s", how, want, how, got);
}

static gboolean
check_log (Recorder   *rec,
           GString    *whole,
           const char *how,
           GError    **error)
{
  if (rec->problem != NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "parsed %s: %s", how, rec->problem->str);
      return FALSE;
    }

  if (whole != NULL && !g_string_equal (whole, rec->log))
    {
      g_autofree char *message = describe_difference (how, whole, rec->log);

      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
      return FALSE;
    }

  return TRUE;
}

static void
recorder_clear (Recorder *rec)
{
  if (rec->log != NULL)
    g_string_free (rec->log, TRUE);
  if (rec->problem != NULL)
    g_string_free (rec->problem, TRUE);
  memset (rec, 0, sizeof *rec);
}

static void
count_event (RunnelSseEvent *event,
             gpointer        user_data)
{
  guint64 *count = user_data;

  (*count)++;
}

static gboolean
check_bounded (const guint8  *data,
               gsize          len,
               guint64        max,
               GError       **error)
{
  RunnelSseParser *parser;
  guint64 count = 0;
  gsize before, after, bound;

  /* the type system, signal tables and error quark are set up once, outside the measure */
  parser = runnel_sse_parser_new ();
  runnel_sse_parser_set_max_event_size (parser, 1);
  runnel_sse_parser_feed (parser, (const guint8 *) "data: xx\n\n", 10);
  g_object_unref (parser);

  before = heap_in_use ();
  parser = runnel_sse_parser_new ();
  runnel_sse_parser_set_max_event_size (parser, max);
  runnel_sse_parser_set_event_func (parser, count_event, &count, NULL);
  for (guint i = 0; i < AMPLIFY; i++)
    runnel_sse_parser_feed (parser, data, len);
  after = heap_in_use ();
  g_object_unref (parser);

  /* six buffers, each at most twice (geometric growth) three times (U+FFFD for every
   * invalid byte) the limit, and the object itself */
  bound = 6 * 2 * 3 * (max + 64) + 4096;
  if (after > before && after - before > bound)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "fed %" G_GSIZE_FORMAT " bytes with max-event-size %" G_GUINT64_FORMAT ", "
                   "the heap grew by %" G_GSIZE_FORMAT " bytes (bound %" G_GSIZE_FORMAT ")",
                   len * AMPLIFY, max, after - before, bound);
      return FALSE;
    }

  return TRUE;
}

gboolean
runnel_fuzz_check_sse_parser (const guint8  *data,
                              gsize          len,
                              GError       **error)
{
  Recorder whole = { 0 }, bytes = { 0 }, chunks = { 0 };
  RunnelSseParser *parser;
  guint64 seed = hash_bytes (data, len);
  guint64 max = max_sizes[seed % G_N_ELEMENTS (max_sizes)];
  gboolean ok = FALSE;

  parser = new_parser (&whole, max);
  runnel_sse_parser_feed (parser, data, len);
  finish (parser, &whole, len);
  g_object_unref (parser);
  if (!check_log (&whole, NULL, "whole", error))
    goto out;

  parser = new_parser (&bytes, max);
  for (gsize i = 0; i < len; i++)
    runnel_sse_parser_feed (parser, data + i, 1);
  finish (parser, &bytes, len);
  g_object_unref (parser);
  if (!check_log (&bytes, whole.log, "one byte at a time", error))
    goto out;

  parser = new_parser (&chunks, max);
  for (gsize i = 0; i < len;)
    {
      guint64 r = next_random (&seed);
      gsize n;

      switch (r % 4)
        {
        case 0: n = 1; break;
        case 1: n = 1 + (r >> 8) % 8; break;
        case 2: n = 1 + (r >> 8) % 64; break;
        default: n = 1 + (r >> 8) % (len - i); break;
        }
      n = MIN (n, len - i);

      /* now and then an empty feed, which must change nothing */
      if ((r >> 40) % 16 == 0)
        runnel_sse_parser_feed (parser, data + i, 0);
      runnel_sse_parser_feed (parser, data + i, n);
      i += n;
    }
  finish (parser, &chunks, len);
  g_object_unref (parser);
  if (!check_log (&chunks, whole.log, "in random chunks", error))
    goto out;

  if (max != 0 && !check_bounded (data, len, max, error))
    goto out;

  ok = TRUE;

out:
  recorder_clear (&whole);
  recorder_clear (&bytes);
  recorder_clear (&chunks);
  return ok;
}
