/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-request-private.h: how the request store makes its entries */

#pragma once

#include "runnel-saved-request.h"

G_BEGIN_DECLS

/* takes @request; a negative @time becomes 0 */
RunnelSavedRequest *_runnel_saved_request_new (const char    *name,
                                               RunnelRequest *request,
                                               gint64         time);

/*
 * Where the values of the entry's secret headers are: one keyring id per header, or NULL for
 * a header kept in the file (not a secret, or empty) or left out of it. The store makes them.
 */
void                _runnel_saved_request_set_secret_ids (RunnelSavedRequest *self,
                                                          GPtrArray          *ids);
void                _runnel_saved_request_share_secret_ids (RunnelSavedRequest *self,
                                                            RunnelSavedRequest *other);
const char         *_runnel_saved_request_get_secret_id  (RunnelSavedRequest *self,
                                                          guint               position);

G_END_DECLS
