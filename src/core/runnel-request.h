/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request.h: what to open: URL, method, headers, body and connection options */

#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

#define RUNNEL_REQUEST_ERROR (runnel_request_error_quark ())

typedef enum
{
  RUNNEL_REQUEST_ERROR_INVALID_URL,     /* malformed, or not http/https */
  RUNNEL_REQUEST_ERROR_INVALID_METHOD,
  RUNNEL_REQUEST_ERROR_INVALID_HEADER,  /* bad name, or CR/LF/NUL in a value */
  RUNNEL_REQUEST_ERROR_INVALID_BODY,    /* e.g. an unreadable body file */
  RUNNEL_REQUEST_ERROR_INVALID_JSON,
} RunnelRequestError;

#define RUNNEL_TYPE_REQUEST (runnel_request_get_type ())

G_DECLARE_FINAL_TYPE (RunnelRequest, runnel_request, RUNNEL, REQUEST, GObject)

/*
 * Properties (all read-write, notify): "url", "method" (default "GET"), "body" (GBytes or NULL),
 * "reconnect" (default TRUE), "reconnect-on-end" (default: TRUE for GET, FALSE otherwise, until
 * set explicitly), "retry-delay" (ms, default 1000), "backoff-cap" (ms, default 30000),
 * "max-retries" (-1 = unlimited), "read-timeout" (ms, 0 = off), "timeout" (ms overall, 0 = off),
 * "max-event-size" (bytes, default 16 MiB), "accept-invalid-certificates" (default FALSE),
 * "allow-insecure-redirect" (follow a redirect from https to http, default FALSE),
 * "ca-file" (path or NULL), "last-event-id" (to start from, "" default).
 * Headers are an ordered list; names may repeat; each has an enabled flag.
 * "fatal-event-types" (GStrv).
 * Signal "headers-changed" (): a header was added, edited, removed, or the list cleared.
 */

GQuark          runnel_request_error_quark            (void);
RunnelRequest  *runnel_request_new                    (const char     *url);
RunnelRequest  *runnel_request_copy                   (RunnelRequest  *self);

const char     *runnel_request_get_url                (RunnelRequest  *self);
void            runnel_request_set_url                (RunnelRequest  *self,
                                                       const char     *url);
const char     *runnel_request_get_method             (RunnelRequest  *self);
void            runnel_request_set_method             (RunnelRequest  *self,
                                                       const char     *method);

guint           runnel_request_get_n_headers          (RunnelRequest  *self);
const char     *runnel_request_get_header_name        (RunnelRequest  *self,
                                                       guint           position);
const char     *runnel_request_get_header_value       (RunnelRequest  *self,
                                                       guint           position);
gboolean        runnel_request_get_header_enabled     (RunnelRequest  *self,
                                                       guint           position);
/* a value left out when it was saved, which the user must type again (see the .c) */
gboolean        runnel_request_get_header_value_missing (RunnelRequest *self,
                                                         guint          position);
void            runnel_request_set_header_value_missing (RunnelRequest *self,
                                                         guint          position,
                                                         gboolean       missing);
void            runnel_request_append_header          (RunnelRequest  *self,
                                                       const char     *name,
                                                       const char     *value,
                                                       gboolean        enabled);
void            runnel_request_set_header             (RunnelRequest  *self,
                                                       guint           position,
                                                       const char     *name,
                                                       const char     *value,
                                                       gboolean        enabled);
void            runnel_request_remove_header          (RunnelRequest  *self,
                                                       guint           position);
/* the value of the first enabled header with that name (any case), or NULL */
const char     *runnel_request_find_header            (RunnelRequest  *self,
                                                       const char     *name);
void            runnel_request_clear_headers          (RunnelRequest  *self);
/* "Name: value" (curl's -H spelling) */
gboolean        runnel_request_parse_header_line      (RunnelRequest  *self,
                                                       const char     *line,
                                                       GError        **error);

GBytes         *runnel_request_get_body               (RunnelRequest  *self);
void            runnel_request_set_body               (RunnelRequest  *self,
                                                       GBytes         *body);
void            runnel_request_set_body_text          (RunnelRequest  *self,
                                                       const char     *text);
gboolean        runnel_request_set_body_from_file     (RunnelRequest  *self,
                                                       const char     *path,
                                                       GError        **error);

gboolean        runnel_request_get_reconnect          (RunnelRequest  *self);
void            runnel_request_set_reconnect          (RunnelRequest  *self,
                                                       gboolean        reconnect);
gboolean        runnel_request_get_reconnect_on_end   (RunnelRequest  *self);
void            runnel_request_set_reconnect_on_end   (RunnelRequest  *self,
                                                       gboolean        reconnect_on_end);
guint           runnel_request_get_retry_delay        (RunnelRequest  *self);
void            runnel_request_set_retry_delay        (RunnelRequest  *self,
                                                       guint           milliseconds);
guint           runnel_request_get_backoff_cap        (RunnelRequest  *self);
void            runnel_request_set_backoff_cap        (RunnelRequest  *self,
                                                       guint           milliseconds);
int             runnel_request_get_max_retries        (RunnelRequest  *self);
void            runnel_request_set_max_retries        (RunnelRequest  *self,
                                                       int             max_retries);
guint           runnel_request_get_read_timeout       (RunnelRequest  *self);
void            runnel_request_set_read_timeout       (RunnelRequest  *self,
                                                       guint           milliseconds);
guint           runnel_request_get_timeout            (RunnelRequest  *self);
void            runnel_request_set_timeout            (RunnelRequest  *self,
                                                       guint           milliseconds);
guint64         runnel_request_get_max_event_size     (RunnelRequest  *self);
void            runnel_request_set_max_event_size     (RunnelRequest  *self,
                                                       guint64         bytes);
gboolean        runnel_request_get_accept_invalid_certificates (RunnelRequest *self);
gboolean        runnel_request_get_allow_insecure_redirect (RunnelRequest *self);
void            runnel_request_set_allow_insecure_redirect (RunnelRequest *self,
                                                            gboolean       allow);
void            runnel_request_set_accept_invalid_certificates (RunnelRequest *self,
                                                                gboolean       accept);
const char     *runnel_request_get_ca_file            (RunnelRequest  *self);
void            runnel_request_set_ca_file            (RunnelRequest  *self,
                                                       const char     *path);
const char     *runnel_request_get_last_event_id      (RunnelRequest  *self);
void            runnel_request_set_last_event_id      (RunnelRequest  *self,
                                                       const char     *id);
const char * const *runnel_request_get_fatal_event_types (RunnelRequest *self);
void            runnel_request_add_fatal_event_type   (RunnelRequest  *self,
                                                       const char     *type);
void            runnel_request_set_fatal_event_types  (RunnelRequest  *self,
                                                       const char * const *types);
const char * const *runnel_request_get_expectations   (RunnelRequest  *self);
void            runnel_request_set_expectations       (RunnelRequest  *self,
                                                       const char * const *expectations);

/* URL (http/https, parses), method token, every enabled header; the error says which and why */
gboolean        runnel_request_validate               (RunnelRequest  *self,
                                                       GError        **error);
/* field checks the UI uses to flag a field before anything is sent */
gboolean        runnel_request_check_url              (const char     *url,
                                                       GError        **error);
/* the URL parsed as libsoup parses it (transfer full), or NULL with the check's error */
GUri           *runnel_request_parse_url              (const char     *url,
                                                       GError        **error);
gboolean        runnel_request_check_header           (const char     *name,
                                                       const char     *value,
                                                       GError        **error);

typedef enum
{
  RUNNEL_REQUEST_JSON_NONE = 0,
  /* the value of every secret header (runnel_header_is_secret ()) is left out, as it is for
   * a header whose value is missing: {"name", "value-left-out": true, "enabled"} */
  RUNNEL_REQUEST_JSON_LEAVE_OUT_SECRETS = 1 << 0,
} RunnelRequestJsonFlags;

JsonNode       *runnel_request_to_json                (RunnelRequest  *self);
JsonNode       *runnel_request_to_json_full           (RunnelRequest  *self,
                                                       RunnelRequestJsonFlags flags);
RunnelRequest  *runnel_request_new_from_json          (JsonNode       *node,
                                                       GError        **error);
/* the same, but an option of the wrong type or out of range keeps its default instead of
 * failing, and is named in @defaulted (optional, NULL-terminated): for files people edit */
RunnelRequest  *runnel_request_new_from_json_tolerant (JsonNode       *node,
                                                       GStrv          *defaulted,
                                                       GError        **error);

G_END_DECLS
