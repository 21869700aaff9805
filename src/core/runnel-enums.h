/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-enums.h: the core's enum GTypes (made by gnome.mkenums_simple) and their nicks */

#pragma once

#include <glib-object.h>

#include "runnel-core-enums.h"

G_BEGIN_DECLS

/* @value's nick in the enum @type ("idle", "event-stream"…), "unknown" for a value not in it */
const char *runnel_enum_get_nick (GType type,
                                  int   value);

G_END_DECLS
