/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check-curl.c: a pasted curl command: an error, or a request that survives "Copy as cURL" */

#include "config.h"

#include <gio/gio.h>
#include <string.h>

#include "runnel-curl.h"

#include "fuzz-check.h"

/*
 * The first byte picks the quoting (guessed, POSIX or cmd.exe); the rest is the command, never
 * allowed to read files. Then:
 *   - split: every word, quoted with runnel_shell_quote () and split again, is that word alone;
 *   - parse: an error in RUNNEL_CURL_ERROR, or a request; a request that validates is written
 *     with runnel_curl_from_request (), parsed again, and must be the same request (saved as
 *     JSON, the two texts are equal).
 */

static gboolean
fail (GError     **error,
      const char  *format,
      ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (GError     **error,
      const char  *format,
      ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, message);
  return FALSE;
}

static char *
request_text (RunnelRequest *request)
{
  g_autoptr(JsonNode) node = runnel_request_to_json (request);

  return json_to_string (node, FALSE);
}

static gboolean
check_quote (const char  *word,
             GError     **error)
{
  g_autofree char *quoted = runnel_shell_quote (word);
  g_autoptr(GError) local_error = NULL;
  g_auto(GStrv) again = NULL;

  again = runnel_shell_split (quoted, -1, RUNNEL_SHELL_SYNTAX_POSIX, &local_error);
  if (again == NULL)
    return fail (error, "the quoted word %s does not split: %s", quoted, local_error->message);
  if (g_strv_length (again) != 1 || strcmp (again[0], word) != 0)
    return fail (error, "the quoted word %s does not split back to itself", quoted);

  return TRUE;
}

gboolean
runnel_fuzz_check_curl (const guint8  *data,
                        gsize          len,
                        GError       **error)
{
  static const RunnelCurlFlags syntaxes[] = {
    RUNNEL_CURL_FLAGS_NONE, RUNNEL_CURL_SYNTAX_POSIX, RUNNEL_CURL_SYNTAX_CMD,
    RUNNEL_CURL_FLAGS_NONE,
  };
  g_autoptr(GError) local_error = NULL;
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(RunnelRequest) again = NULL;
  g_auto(GStrv) words = NULL;
  g_auto(GStrv) ignored = NULL;
  g_autofree char *command = NULL;
  g_autofree char *text = NULL;
  g_autofree char *text_again = NULL;
  RunnelCurlFlags flags;
  const char *input;

  if (len == 0)
    return TRUE;

  flags = syntaxes[data[0] & 3];
  input = (const char *) data + 1;
  len--;

  words = runnel_shell_split (input, len,
                              (flags & RUNNEL_CURL_SYNTAX_CMD) ? RUNNEL_SHELL_SYNTAX_CMD :
                              (flags & RUNNEL_CURL_SYNTAX_POSIX) ? RUNNEL_SHELL_SYNTAX_POSIX :
                              RUNNEL_SHELL_SYNTAX_GUESS,
                              &local_error);
  if (words == NULL)
    {
      if (local_error == NULL || local_error->domain != RUNNEL_SHELL_ERROR)
        return fail (error, "split failed outside the RUNNEL_SHELL_ERROR domain");
      g_clear_error (&local_error);
    }
  else
    {
      for (guint i = 0; words[i] != NULL; i++)
        {
          if (g_utf8_validate (words[i], -1, NULL) && !check_quote (words[i], error))
            return FALSE;
        }
    }

  request = runnel_curl_parse (input, len, flags, &ignored, &local_error);
  if (request == NULL)
    {
      if (local_error == NULL || local_error->domain != RUNNEL_CURL_ERROR)
        return fail (error, "parse failed outside the RUNNEL_CURL_ERROR domain");
      return TRUE;
    }

  if (!runnel_request_validate (request, NULL))
    return TRUE;

  command = runnel_curl_from_request (request, RUNNEL_CURL_FORMAT_SINGLE_LINE);
  again = runnel_curl_parse (command, -1, RUNNEL_CURL_SYNTAX_POSIX, NULL, &local_error);
  if (again == NULL)
    {
      /* a body with NUL bytes goes through printf | curl --data-binary @-: not parsable */
      if (g_str_has_prefix (command, "printf "))
        return TRUE;
      return fail (error, "“Copy as cURL” gives a command that does not parse: %s\n  %s",
                   local_error->message, command);
    }

  text = request_text (request);
  text_again = request_text (again);
  if (strcmp (text, text_again) != 0)
    return fail (error, "a request changes through “Copy as cURL”:\n  %s\n  %s\n  %s",
                 command, text, text_again);

  return TRUE;
}
