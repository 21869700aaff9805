/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-settings.c: the application's GSettings, when its schema is installed */

#include "config.h"

#include "runnel-settings.h"

GSettings *
runnel_settings_try_new (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.runnel.Runnel", TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}
