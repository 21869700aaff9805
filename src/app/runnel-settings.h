/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-settings.h: the application's GSettings, when its schema is installed */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* NULL when the schema is missing (running uninstalled without GSETTINGS_SCHEMA_DIR) */
GSettings *runnel_settings_try_new (void);

G_END_DECLS
