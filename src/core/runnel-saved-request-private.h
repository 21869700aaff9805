/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-request-private.h: how the request store makes its entries */

#pragma once

#include "runnel-saved-request.h"

G_BEGIN_DECLS

/* takes @request; a negative @time becomes 0 */
RunnelSavedRequest *_runnel_saved_request_new (const char    *name,
                                               RunnelRequest *request,
                                               gint64         time);

G_END_DECLS
