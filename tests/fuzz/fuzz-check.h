/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check.h: the checks behind each fuzz target, shared by libFuzzer and the replay test */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * Each check takes arbitrary bytes and returns FALSE with @error set when an invariant does
 * not hold (a crash is a failure too, of course). The fuzz targets abort on FALSE; the replay
 * test (tests/test-fuzz-replay.c) runs the same checks on the corpus and the kept crashers.
 */

/* parse whole, byte by byte and in a chunking drawn from the bytes: same results, bounded */
gboolean runnel_fuzz_check_sse_parser   (const guint8  *data,
                                         gsize          len,
                                         GError       **error);
/* bytes -> json-glib -> runnel_request_new_from_json: no crash, and a request round-trips */
gboolean runnel_fuzz_check_request_json (const guint8  *data,
                                         gsize          len,
                                         GError       **error);
/* a pasted curl command: an error, or a request that "Copy as cURL" writes back the same */
gboolean runnel_fuzz_check_curl         (const guint8  *data,
                                         gsize          len,
                                         GError       **error);

/* untrusted JSON: too deep is refused before json-glib; the layout stays within its bound */
gboolean runnel_fuzz_check_json         (const guint8  *data,
                                         gsize          len,
                                         GError       **error);

/* the SIMD UTF-8 paths against the scalar one: validation, repair, the checker, both parsers */
gboolean runnel_fuzz_check_utf8         (const guint8  *data,
                                         gsize          len,
                                         GError       **error);

/* the check for a corpus directory's name ("sse-parser", "request-json", ...), or NULL */
typedef gboolean (*RunnelFuzzCheck) (const guint8  *data,
                                     gsize          len,
                                     GError       **error);

RunnelFuzzCheck runnel_fuzz_check_for_target (const char *name);

G_END_DECLS
