/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-application-private.h: what the tests may ask of the application beyond its API */

#pragma once

#include "runnel-application.h"

G_BEGIN_DECLS

void _runnel_application_forget_request_store (RunnelApplication *self);

G_END_DECLS
