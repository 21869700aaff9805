/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-utf8.h: the WHATWG Encoding standard's UTF-8 decoder, shared by the stream parsers */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Both parsers (event stream and JSON lines) decode the bytes of the wire as the Encoding
 * standard's "UTF-8 decode" does, as browsers do:
 *
 * - well-formed UTF-8 passes unchanged: no overlong form (C0, C1, E0 80..9F, F0 80..8F), no
 *   surrogate (ED A0..BF), nothing above U+10FFFF (F4 90..BF, F5..FF), nothing truncated;
 * - NUL is a character like any other: valid and kept (g_utf8_validate () refuses it);
 * - anything else becomes one U+FFFD per maximal subpart: the longest start of a well-formed
 *   sequence, or else one byte. "E6 97 41" gives U+FFFD "A", "ED A0 80" three U+FFFD, "80 BF"
 *   two, "F0 9F 98" one (g_utf8_make_valid () gives one per byte instead).
 *
 * A maximal subpart never swallows an ASCII byte, so text cut at ASCII bytes (line ends) decodes
 * piece by piece exactly as it would whole.
 */

/*
 * Validation runs on the fastest of three paths this CPU has: AVX2 (the lookup-table algorithm
 * of Keiser and Lemire, "Validating UTF-8 in less than one instruction per byte"), SSE2 (the
 * same checks by comparisons: SSE2 has no byte shuffle) or scalar. All three give the same
 * answers. RUNNEL_UTF8_PATH=scalar|sse2|avx2 in the environment forces one (tests, benchmarks).
 */
typedef enum
{
  RUNNEL_UTF8_PATH_SCALAR,
  RUNNEL_UTF8_PATH_SSE2,
  RUNNEL_UTF8_PATH_AVX2,
} RunnelUtf8Path;

RunnelUtf8Path runnel_utf8_get_path       (void);
/* FALSE (and no change) when this CPU or build lacks @path */
gboolean       runnel_utf8_set_path       (RunnelUtf8Path path);
const char    *runnel_utf8_path_to_string (RunnelUtf8Path path);

/* whether [p, end) is well-formed UTF-8 (NUL allowed): what the decoder leaves unchanged */
gboolean runnel_utf8_is_valid (const guint8 *p,
                               const guint8 *end);

/*
 * Checking a stream as it is scanned, 64 bytes at a time, without cutting it into lines first.
 * Each block gives a mask of positions where an error shows (bit i: block[i]). The mask is
 * exact on the SIMD paths and all ones on the scalar path (then everything is checked again on
 * its own); what the parsers rely on is only this: a line whose bytes are not valid UTF-8 on
 * their own has an error bit on one of its bytes, on its terminator, or on the terminator just
 * before it. A checker starts as if after ASCII: zero it.
 */
typedef struct
{
  guint32 last;      /* the block's last three bytes, the latest in bits 16..23 */
  guint32 pending;   /* 1: they end inside a sequence */
} RunnelUtf8Checker;

/* a block of 64 bytes that holds a byte >= 0x80 */
guint64 runnel_utf8_checker_block (RunnelUtf8Checker *checker,
                                   const guint8      *block);

/* a block of 64 ASCII bytes: an error at its first byte if the last block ended too early */
static inline guint64
runnel_utf8_checker_ascii (RunnelUtf8Checker *checker)
{
  guint64 error = checker->pending;

  checker->last = 0;
  checker->pending = 0;

  return error;
}

/*
 * Decodes @len bytes and writes the text (well-formed UTF-8, one U+FFFD per maximal subpart) to
 * @out, unless @out is NULL. Returns its length in bytes, at most 3 * @len; call it once with
 * NULL to size the output.
 */
gsize runnel_utf8_repair (const guint8 *p,
                          gsize         len,
                          guint8       *out);

/* the same, into a new NUL-terminated string (which may hold NULs before its end: @out_len) */
char *runnel_utf8_repair_dup (const guint8 *p,
                              gsize         len,
                              gsize        *out_len);

/*
 * Text from elsewhere (a server's reason phrase, content type or error body, a request's path)
 * made safe to print to a terminal or show in a label: decoded as above, and every control
 * character (C0 with tab and line breaks, DEL, C1, U+2028/U+2029, the bidirectional controls)
 * written as an escape, \x1B or \u202E, so that one message stays one line and cannot move the
 * cursor, recolour the terminal or reorder the text around it. @len -1: up to the first NUL.
 */
char *runnel_utf8_printable (const char *text,
                             gssize      len);

G_END_DECLS
