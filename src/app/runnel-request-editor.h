/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-editor.h: a stream's request: method, URL, headers, body, options */

#pragma once

#include <gtk/gtk.h>

#include "runnel-request.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_REQUEST_EDITOR (runnel_request_editor_get_type ())

G_DECLARE_FINAL_TYPE (RunnelRequestEditor, runnel_request_editor, RUNNEL, REQUEST_EDITOR, GtkWidget)

/*
 * The fields of a request, with the demo server's endpoints offered beside the URL
 * (win.use-endpoint) and the Connect button (stream.toggle-connection). Properties: "url"
 * (string, notify), "active" (the button says Disconnect), "narrow" (the button shows an icon
 * only), "read-only" (nothing can be edited or sent). Signal "submit": the user pressed Enter in
 * the URL.
 */
const char    *runnel_request_editor_get_url        (RunnelRequestEditor *self);
void           runnel_request_editor_set_url        (RunnelRequestEditor *self,
                                                     const char          *url);
void           runnel_request_editor_set_method     (RunnelRequestEditor *self,
                                                     const char          *method);
void           runnel_request_editor_set_body_text  (RunnelRequestEditor *self,
                                                     const char          *text);
void           runnel_request_editor_add_header     (RunnelRequestEditor *self,
                                                     const char          *name,
                                                     const char          *value,
                                                     gboolean             enabled);
/* a demo endpoint's sample: @body and its Content-Type replace the body and Content-Type */
void           runnel_request_editor_use_sample     (RunnelRequestEditor *self,
                                                     const char          *body,
                                                     const char          *content_type);
void           runnel_request_editor_set_accept_invalid_certificates (RunnelRequestEditor *self,
                                                                      gboolean             accept);
/* the request the fields describe (transfer full), or NULL with the error shown on the field */
RunnelRequest *runnel_request_editor_build_request  (RunnelRequestEditor *self);
/* fills every field from @request: the inverse of runnel_request_editor_build_request () */
void           runnel_request_editor_load_request   (RunnelRequestEditor *self,
                                                     RunnelRequest       *request);
/* @message under the fields (and on @field, focused, when not NULL); NULL hides it */
void           runnel_request_editor_show_error     (RunnelRequestEditor *self,
                                                     GtkWidget           *field,
                                                     const char          *message);
void           runnel_request_editor_focus_url      (RunnelRequestEditor *self);
/* a new, empty header row, focused */
void           runnel_request_editor_focus_new_header (RunnelRequestEditor *self);
void           runnel_request_editor_set_active     (RunnelRequestEditor *self,
                                                     gboolean             active);
void           runnel_request_editor_set_narrow     (RunnelRequestEditor *self,
                                                     gboolean             narrow);
void           runnel_request_editor_set_read_only  (RunnelRequestEditor *self,
                                                     gboolean             read_only);

G_END_DECLS
