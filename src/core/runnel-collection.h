/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-collection.h: a file of saved requests, as the store keeps them, for runnel --test */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "runnel-saved-request.h"

G_BEGIN_DECLS

#define RUNNEL_COLLECTION_ERROR (runnel_collection_error_quark ())

typedef enum
{
  RUNNEL_COLLECTION_ERROR_READ,      /* the file cannot be read */
  RUNNEL_COLLECTION_ERROR_INVALID,   /* not a collection, or an entry is wrong: the message says */
  RUNNEL_COLLECTION_ERROR_VARIABLE,  /* a {{variable}} has no value */
} RunnelCollectionError;

GQuark      runnel_collection_error_quark (void);

/*
 * {"version": 1, "requests": [{"name": …, "time": …, "request": {…}}, …]}, the format of the
 * store's requests.json (runnel-request-store.h), which Saved Requests' Export for runnel --test
 * writes. Secret header values (runnel_header_is_secret ()) are never written: each becomes a
 * {{NAME}} placeholder for runnel --test --var NAME=… ("Bearer {{AUTHORIZATION}}": the
 * authentication scheme is kept), unless it already holds a placeholder.
 * @member: "requests" (or "history")
 * Returns: (transfer full): the JSON of @saved (a GListModel of RunnelSavedRequest)
 */
JsonNode   *runnel_collection_to_json     (GListModel  *saved,
                                           const char  *member);
gboolean    runnel_collection_save        (GListModel  *saved,
                                           const char  *path,
                                           GError     **error);
/*
 * Reads a collection strictly: any entry that is not a whole request is an error that names it
 * (unlike the store, which keeps what it can of the user's own files).
 * Returns: (transfer full) (nullable): a GListModel of RunnelSavedRequest, in the file's order
 */
GListModel *runnel_collection_load        (const char  *path,
                                           GError     **error);

/*
 * Fills {{NAME}} with @variables (NAME=VALUE strings) and {{env.NAME}} from the environment,
 * in @text. A name with no value is RUNNEL_COLLECTION_ERROR_VARIABLE naming it; "{{" without
 * a name and "}}" is left as it is.
 * Returns: (transfer full) (nullable)
 */
char       *runnel_collection_expand      (const char          *text,
                                           const char * const  *variables,
                                           GError             **error);
/* a copy of @request with its URL, header names and values, text body and expectations expanded */
RunnelRequest *runnel_collection_expand_request (RunnelRequest       *request,
                                                 const char * const  *variables,
                                                 GError             **error);

G_END_DECLS
