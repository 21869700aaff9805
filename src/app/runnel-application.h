/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-application.h: the AdwApplication: command line, app actions, accelerators, demo server */

#pragma once

#include <adwaita.h>

#include "runnel-demo-server.h"

#include "runnel-request-store.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_APPLICATION (runnel_application_get_type ())

G_DECLARE_FINAL_TYPE (RunnelApplication, runnel_application, RUNNEL, APPLICATION, AdwApplication)

/*
 * Properties: "demo-uri" (string, read-only: the built-in demo server's base URL, NULL when off),
 * "request-store" (RunnelRequestStore, read-only: the saved requests and the history every window
 * shares, in $RUNNEL_DATA_DIR when that is set, else in the user data directory; read on first use)
 */
RunnelApplication *runnel_application_new                 (void);
/* starts the in-process demo server on 127.0.0.1 (any free port) if needed; returns its base URL */
const char        *runnel_application_ensure_demo_server  (RunnelApplication  *self,
                                                           GError            **error);
void               runnel_application_stop_demo_server    (RunnelApplication  *self);
const char        *runnel_application_get_demo_uri        (RunnelApplication  *self);
/* (transfer none) (nullable): the built-in demo server, NULL when off */
RunnelDemoServer  *runnel_application_get_demo_server     (RunnelApplication  *self);
RunnelRequestStore *runnel_application_get_request_store  (RunnelApplication  *self);
/* the error of reading the store, once: the first window to ask tells the user (transfer full) */
GError            *runnel_application_take_request_store_error (RunnelApplication *self);
GPtrArray         *runnel_application_take_keyring_problems    (RunnelApplication *self);

G_END_DECLS
