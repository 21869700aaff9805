/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-enums.c: the nicks of the core's enums */

#include "config.h"

#include "runnel-enums.h"

const char *
runnel_enum_get_nick (GType type,
                      int   value)
{
  /* enum classes are static: a reference held for the process costs nothing */
  GEnumClass *klass = g_type_class_ref (type);
  GEnumValue *found = g_enum_get_value (klass, value);
  const char *nick = found != NULL ? found->value_nick : "unknown";

  g_type_class_unref (klass);

  return nick;
}
