/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-request-json.c: a saved request from arbitrary bytes: an error or a sound request */

#include "config.h"

#include <json-glib/json-glib.h>

#include "runnel-json.h"
#include "runnel-request.h"

#include "fuzz-check.h"

/*
 * The bytes go through json-glib as a saved request file would. Whatever they hold,
 * runnel_request_new_from_json () gives a request or an INVALID_JSON error (never a critical,
 * which the targets make fatal); a request it gives is saved again, loaded again and saved a
 * third time: the two saved texts must be the same, and validating or copying it must not crash.
 * runnel_request_new_from_json_tolerant () gives a request at least as often, and what it gives
 * saves to text the strict loader reads.
 */

gboolean
runnel_fuzz_check_request_json (const guint8  *data,
                                gsize          len,
                                GError       **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(RunnelRequest) again = NULL;
  g_autoptr(RunnelRequest) copy = NULL;
  g_autoptr(JsonNode) saved = NULL;
  g_autoptr(JsonNode) saved_again = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  gboolean tolerant_loaded;

  if (len > G_MAXSSIZE ||
      !runnel_json_parser_load (parser, (const char *) data, (gssize) len, NULL))
    return TRUE;

  /* the tolerant loader (the store's) never fails where the strict one succeeds, and what it
   * gives saves to a request the strict one loads */
  {
    g_autoptr(RunnelRequest) tolerant = NULL;
    g_autoptr(RunnelRequest) reloaded = NULL;
    g_autoptr(JsonNode) tolerant_saved = NULL;
    g_autoptr(GError) tolerant_error = NULL;
    g_auto(GStrv) defaulted = NULL;

    tolerant = runnel_request_new_from_json_tolerant (json_parser_get_root (parser), &defaulted,
                                                      &tolerant_error);
    tolerant_loaded = tolerant != NULL;
    if (tolerant != NULL)
      {
        tolerant_saved = runnel_request_to_json (tolerant);
        reloaded = runnel_request_new_from_json (tolerant_saved, &tolerant_error);
        if (reloaded == NULL)
          {
            g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                         "a request loaded with defaults does not load again: %s",
                         tolerant_error->message);
            return FALSE;
          }
      }
    else if (!g_error_matches (tolerant_error, RUNNEL_REQUEST_ERROR,
                               RUNNEL_REQUEST_ERROR_INVALID_JSON))
      {
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                     "tolerant loading failed with an unexpected error: %s",
                     tolerant_error ? tolerant_error->message : "(none)");
        return FALSE;
      }
  }

  request = runnel_request_new_from_json (json_parser_get_root (parser), &local_error);
  if (request == NULL)
    {
      if (!g_error_matches (local_error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_JSON))
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                       "loading failed with an unexpected error: %s",
                       local_error ? local_error->message : "(none)");
          return FALSE;
        }
      return TRUE;
    }

  if (!tolerant_loaded)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                           "the tolerant loader refused what the strict one loaded");
      return FALSE;
    }

  saved = runnel_request_to_json (request);
  text = json_to_string (saved, FALSE);

  again = runnel_request_new_from_json (saved, &local_error);
  if (again == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "a saved request does not load again: %s (%s)", local_error->message, text);
      return FALSE;
    }

  saved_again = runnel_request_to_json (again);
  text_again = json_to_string (saved_again, FALSE);
  if (g_strcmp0 (text, text_again) != 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED,
                   "a request changes when saved and loaded again:\n  %s\n  %s",
                   text, text_again);
      return FALSE;
    }

  copy = runnel_request_copy (request);
  runnel_request_validate (copy, NULL);

  return TRUE;
}
