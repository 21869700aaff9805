/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json.h: a fast JSON string writer for the hot output path (--print, export) */

#pragma once

#include <glib.h>

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

G_END_DECLS
