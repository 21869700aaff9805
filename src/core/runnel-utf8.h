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

/* whether [p, end) is well-formed UTF-8 (NUL allowed): what the decoder leaves unchanged */
gboolean runnel_utf8_is_valid (const guint8 *p,
                               const guint8 *end);

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

G_END_DECLS
