/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-body-text.h: the useful words of a refused response's body, for one line of status */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/*
 * What a body says, on one line: for HTML its text without tags, scripts and styles (its title
 * when that is all it has), for JSON the compact JSON, for anything else its text; white space
 * collapsed, at most @max_chars characters (then "…"). NULL when the body is empty, not UTF-8
 * text, or says nothing. Control characters are left to the caller's escaping
 * (runnel_utf8_printable ()).
 */
char *runnel_body_text_summary (const char   *content_type,
                                const guint8 *body,
                                gsize         body_len,
                                guint         max_chars);

G_END_DECLS
