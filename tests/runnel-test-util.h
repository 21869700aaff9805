/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-test-util.h: main-loop helpers shared by the core tests (no GTK) */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef gboolean (*RunnelTestCondition) (gpointer user_data);

gboolean runnel_test_iterate_until (RunnelTestCondition  condition,
                                    gpointer             user_data,
                                    guint                timeout_ms);

G_END_DECLS
