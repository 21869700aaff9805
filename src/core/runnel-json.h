/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json.h: a fast JSON string writer, and the depth check before any untrusted parse */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/*
 * Appends @str (@len bytes, or up to its NUL when @len is -1) as a quoted JSON string.
 * @str must be valid UTF-8 (NUL bytes allowed when @len is given). Quotes, backslashes and
 * every control character are escaped, and so are U+2028 and U+2029, which JSON allows raw
 * but JavaScript before ES2019 does not. (json-glib's generator costs a node and a string
 * per value, which --print cannot afford at a million events a second.)
 */
void runnel_json_append_string (GString    *out,
                                const char *str,
                                gssize      len);

/*
 * Untrusted JSON (event data, captures, saved files, request bodies sent to the demo) goes
 * through runnel_json_parser_load () or runnel_json_from_string (), never straight to json-glib:
 * json-glib parses recursively, so a few hundred kilobytes of "[" overflow the stack, and its
 * pretty printer's output grows with the square of the depth. One linear scan of the text
 * (strings and their escapes respected) refuses nesting past RUNNEL_JSON_MAX_DEPTH levels of
 * objects and arrays before json-glib sees it. The scan does not validate anything else: the
 * parser still does.
 */
#define RUNNEL_JSON_MAX_DEPTH 256

/* what runnel_json_to_pretty_string () lays out at most, in bytes */
#define RUNNEL_JSON_MAX_PRETTY_SIZE (4 * 1024 * 1024)

#define RUNNEL_JSON_ERROR (runnel_json_error_quark ())

typedef enum
{
  RUNNEL_JSON_ERROR_TOO_DEEP,   /* objects and arrays nest deeper than RUNNEL_JSON_MAX_DEPTH */
  RUNNEL_JSON_ERROR_TOO_LARGE,  /* laid out with indents, it would pass the size limit */
} RunnelJsonError;

GQuark    runnel_json_error_quark       (void);

/*
 * The deepest nesting of objects and arrays in @data (@len bytes, or up to its NUL when -1),
 * counting only brackets outside strings; the scan stops once it passes @max_depth and returns
 * @max_depth + 1. @pretty_size (optional) gets an upper bound of the length of
 * json_to_string (root, TRUE) for the parsed text (meaningful only when the scan did not stop).
 */
guint     runnel_json_measure           (const char  *data,
                                         gssize       len,
                                         guint        max_depth,
                                         gsize       *pretty_size);
/* FALSE with RUNNEL_JSON_ERROR_TOO_DEEP (saying where) past RUNNEL_JSON_MAX_DEPTH */
gboolean  runnel_json_check_depth       (const char  *data,
                                         gssize       len,
                                         GError     **error);
/* json_parser_load_from_data () after runnel_json_check_depth () */
gboolean  runnel_json_parser_load       (JsonParser  *parser,
                                         const char  *data,
                                         gssize       len,
                                         GError     **error);
/* json_from_string () after runnel_json_check_depth (); NULL with an error (also when empty) */
JsonNode *runnel_json_from_string       (const char  *data,
                                         gssize       len,
                                         GError     **error);
/*
 * The text parsed and laid out with indents (json_to_string (root, TRUE)), or NULL with an
 * error: a json-glib parse error, RUNNEL_JSON_ERROR_TOO_DEEP, or RUNNEL_JSON_ERROR_TOO_LARGE
 * when the layout could pass RUNNEL_JSON_MAX_PRETTY_SIZE (checked before anything is built).
 */
char     *runnel_json_to_pretty_string  (const char  *data,
                                         gssize       len,
                                         GError     **error);

G_END_DECLS
