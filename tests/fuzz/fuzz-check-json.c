/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-json.c: untrusted JSON through Runnel's depth check, json-glib and a JSONPath */

#include "config.h"

#include <string.h>

#include "runnel-json-path.h"
#include "runnel-json.h"

#include "fuzz-check.h"

/*
 * Bytes as event data, a capture or a saved file would bring them. Past RUNNEL_JSON_MAX_DEPTH
 * levels the text is refused with RUNNEL_JSON_ERROR_TOO_DEEP before json-glib sees it (which
 * would overflow the stack); otherwise json-glib's verdict stands, and what it parses lays out
 * (json_to_string (root, TRUE)) within runnel_json_measure ()'s bound, so that the size cap is
 * checked before anything is built. A JSONPath with recursive descent runs on it without harm.
 */

gboolean
runnel_fuzz_check_json (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  const char *text = (const char *) data;
  g_autoptr(RunnelJsonExtractor) extractor = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *value = NULL;
  g_autofree char *pretty = NULL;
  gsize bound = 0;
  guint depth;

  if (len > G_MAXSSIZE)
    return TRUE;

  depth = runnel_json_measure (text, len, RUNNEL_JSON_MAX_DEPTH, &bound);
  root = runnel_json_from_string (text, len, &local_error);

  if (depth > RUNNEL_JSON_MAX_DEPTH)
    {
      if (!g_error_matches (local_error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%u levels deep, but not refused as too deep", depth);
          return FALSE;
        }
      return TRUE;
    }

  if (root == NULL)
    {
      if (local_error == NULL || local_error->domain == RUNNEL_JSON_ERROR)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "%u levels deep, refused with an unexpected error: %s", depth,
                       local_error != NULL ? local_error->message : "(none)");
          return FALSE;
        }
      return TRUE;
    }

  pretty = json_to_string (root, TRUE);
  if (strlen (pretty) > bound)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "laid out in %zu bytes, over the bound of %zu", strlen (pretty), bound);
      return FALSE;
    }

  extractor = runnel_json_extractor_new ("$..a", NULL, NULL);
  value = runnel_json_extractor_extract (extractor, text, len);

  return TRUE;
}
