/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-store.h: saved requests and recently opened streams, kept as JSON on disk */

#pragma once

#include <gio/gio.h>

#include "runnel-keyring.h"
#include "runnel-request.h"
#include "runnel-saved-request.h"

G_BEGIN_DECLS

#define RUNNEL_REQUEST_STORE_ERROR (runnel_request_store_error_quark ())

typedef enum
{
  RUNNEL_REQUEST_STORE_ERROR_CORRUPT,       /* a file could not be read: it was moved aside */
  RUNNEL_REQUEST_STORE_ERROR_IO,            /* reading, writing or moving a file failed */
  RUNNEL_REQUEST_STORE_ERROR_NOT_FOUND,     /* no saved request has that name */
  RUNNEL_REQUEST_STORE_ERROR_EXISTS,        /* a saved request already has that name */
  RUNNEL_REQUEST_STORE_ERROR_INVALID_NAME,  /* empty, too long or not UTF-8 */
} RunnelRequestStoreError;

#define RUNNEL_REQUEST_STORE_DEFAULT_HISTORY_SIZE 50

#define RUNNEL_TYPE_REQUEST_STORE (runnel_request_store_get_type ())

/*
 * The store: two files in its directory (by default g_get_user_data_dir ()/runnel), each
 * {"version": 1, ...}: requests.json (saved requests, by name) and history.json (recently opened
 * streams, most recent first, no duplicates, at most "history-size"):
 *
 *   {"version": 1, "requests": [{"name": "Chat", "time": "2026-11-25T20:00:00.123456Z",
 *                                "request": {...}}, ...]}
 *   {"version": 1, "history":  [{"name": "<the URL>", "time": ..., "request": {...}}, ...]}
 *
 * "request" is runnel_request_to_json (): the members are RunnelRequest's property names.
 * What to open: "url", "method", "headers" ([{"name", "value", "enabled"}], in order), "body"
 * (text) or "body-base64" (anything else). How to open it, each with its default when missing:
 * "reconnect-on-end" (true/false; missing: true for GET only), "retry-delay" (ms, 1000),
 * "max-retries" (-1 = unlimited), "read-timeout" (ms, 0 = off), "fatal-event-types" (list of
 * strings, []), "last-event-id" (sent with the first request, ""), "accept-invalid-certificates"
 * (false), "allow-insecure-redirect" (false): these are the stream page's options, and a reopened request shows them again; also
 * "reconnect" (true), "backoff-cap" (ms, 30000; the page uses the preference instead), "timeout"
 * (ms overall, 0 = off), "max-event-size" (bytes, 16 MiB) and "ca-file" (a path, none), which
 * the page does not set; "expectations" (list of sentences, written only when there are some:
 * runnel-expectation.h). Members a newer version adds are ignored.
 *
 * Secrets: the value of a header that runnel_header_is_secret () names (Authorization, Cookie,
 * "…token…", "…key…" …) never goes into a file. In requests.json the header holds a reference,
 * {"name": "Authorization", "secret": "<UUID>", "enabled": true}, to an item of the user's
 * keyring ("keyring" property: libsecret's Secret Service, or memory for tests) that load ()
 * looks up. history.json keeps such a header with its value left out,
 * {"name": ..., "value-left-out": true, ...}, and so does requests.json when the keyring did not
 * take the value (it is kept in memory until the process ends). A value left out, or one the
 * keyring no longer gives, comes back as a header whose value is missing
 * (runnel_request_get_header_value_missing ()): the user types it again. Every such event is
 * told through the "keyring-problem" signal (a sentence for the user). Files of older versions
 * with values in clear are moved over at load. Both files are 0600 in a 0700 directory (made
 * so at every write, also when it existed before).
 *
 * Every change is written at once, atomically and durably (g_file_set_contents_full (): a temporary
 * file, fsync, rename), so that a crash mid-write leaves the old file or the new one, never half
 * of one. A file that cannot be read back (not JSON, wrong shape, a bad entry) is renamed to
 * "<name>.corrupt-<UTC time>" and never overwritten; load () reports it
 * (RUNNEL_REQUEST_STORE_ERROR_CORRUPT, with the new name) and keeps the entries that were good,
 * writing them back at once to a new file. An entry whose "name", "url", "method", "headers" or
 * body is wrong is dropped; an option of the wrong type or out of range only takes its default
 * (runnel_request_new_from_json_tolerant ()), the rest of the entry is kept, and the report
 * names the option. If a file cannot even be moved aside, the store refuses to write it rather
 * than lose it.
 *
 * Properties: "directory" (string, construct-only), "history-size" (guint, default 50),
 * "keyring" (RunnelKeyring, construct-only). Signal: "keyring-problem" (const char *message).
 */
G_DECLARE_FINAL_TYPE (RunnelRequestStore, runnel_request_store, RUNNEL, REQUEST_STORE, GObject)

GQuark              runnel_request_store_error_quark  (void);
/* @directory: (nullable): where the files are; NULL for g_get_user_data_dir ()/runnel */
RunnelRequestStore *runnel_request_store_new          (const char          *directory);
/* @keyring: (nullable): where secret values go; NULL for runnel_keyring_new_default () */
RunnelRequestStore *runnel_request_store_new_with_keyring (const char      *directory,
                                                           RunnelKeyring   *keyring);
const char         *runnel_request_store_get_directory (RunnelRequestStore *self);
/* reads both files (a missing file is an empty list); see above for damaged ones */
gboolean            runnel_request_store_load         (RunnelRequestStore  *self,
                                                       GError             **error);
/* GListModel of RunnelSavedRequest, sorted by name (g_utf8_collate) */
GListModel         *runnel_request_store_get_saved    (RunnelRequestStore  *self);
/* GListModel of RunnelSavedRequest, most recently opened first */
GListModel         *runnel_request_store_get_history  (RunnelRequestStore  *self);
/* Returns: (transfer none) (nullable) */
RunnelSavedRequest *runnel_request_store_lookup       (RunnelRequestStore  *self,
                                                       const char          *name);
/* saves a copy of @request as @name, replacing a request of that name */
gboolean            runnel_request_store_save         (RunnelRequestStore  *self,
                                                       const char          *name,
                                                       RunnelRequest       *request,
                                                       GError             **error);
gboolean            runnel_request_store_rename       (RunnelRequestStore  *self,
                                                       const char          *old_name,
                                                       const char          *new_name,
                                                       GError             **error);
gboolean            runnel_request_store_delete       (RunnelRequestStore  *self,
                                                       const char          *name,
                                                       GError             **error);
/* records that @request was opened: first in the history; an equal entry moves up */
gboolean            runnel_request_store_add_history  (RunnelRequestStore  *self,
                                                       RunnelRequest       *request,
                                                       GError             **error);
gboolean            runnel_request_store_clear_history (RunnelRequestStore *self,
                                                       GError             **error);
guint               runnel_request_store_get_history_size (RunnelRequestStore *self);
void                runnel_request_store_set_history_size (RunnelRequestStore *self,
                                                           guint               history_size);

/*
 * For the UI: whether a header's value is a secret to mask until revealed (Authorization,
 * Proxy-Authorization, Cookie, Set-Cookie, and any name containing "token", "key", "secret" or
 * "password", in any case), and the value masked: an authentication scheme ("Bearer ", "Basic ")
 * is kept, the rest becomes "••••••••", whatever its length.
 */
gboolean            runnel_header_is_secret           (const char          *name);
char               *runnel_mask_secret                (const char          *value);

G_END_DECLS
