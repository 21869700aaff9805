/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-curl-data.h: curl's data options to one request body, as curl joins them */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  RUNNEL_CURL_DATA_ASCII,      /* -d, --data, --data-ascii: @FILE with CR and LF removed */
  RUNNEL_CURL_DATA_BINARY,     /* --data-binary: @FILE as it is */
  RUNNEL_CURL_DATA_RAW,        /* --data-raw: no @FILE */
  RUNNEL_CURL_DATA_URLENCODE,  /* --data-urlencode [name]=text, [name]@FILE */
  RUNNEL_CURL_DATA_JSON,       /* --json: as --data-binary, pieces joined without "&" */
} RunnelCurlDataKind;

/*
 * The body of a curl command's data options, given in their order: pieces joined with "&"
 * (but --json pieces that follow one another, joined as they are). Files (@FILE) are read only
 * with @read_files (see RUNNEL_CURL_READ_FILES); "@-" is always refused. Errors are
 * RUNNEL_CURL_ERROR_FILE.
 */
typedef struct _RunnelCurlData RunnelCurlData;

RunnelCurlData *runnel_curl_data_new        (gboolean            read_files);
void            runnel_curl_data_free       (RunnelCurlData     *self);
/* @option: the option as written, for messages ("-d", "--json") */
gboolean        runnel_curl_data_add        (RunnelCurlData     *self,
                                             RunnelCurlDataKind  kind,
                                             const char         *option,
                                             const char         *arg,
                                             GError            **error);
/* the body so far, NULL when no data option was given; the builder is left empty */
GBytes         *runnel_curl_data_steal_body (RunnelCurlData     *self);
/* TRUE when a --json piece was given: the body is JSON, not a form */
gboolean        runnel_curl_data_is_json    (RunnelCurlData     *self);
/* the contents of @path for "@path" given to @option (also -H @FILE), under the same rules */
GBytes         *runnel_curl_data_read_file  (gboolean            read_files,
                                             const char         *option,
                                             const char         *path,
                                             GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelCurlData, runnel_curl_data_free)

G_END_DECLS
