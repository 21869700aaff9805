/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-curl-data.c: curl's data options to one request body, as curl joins them */

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-curl.h"
#include "runnel-curl-data.h"

struct _RunnelCurlData
{
  GByteArray *data;           /* NULL when no data option was given */
  gboolean    read_files;
  gboolean    last_was_json;
  gboolean    json;
};

RunnelCurlData *
runnel_curl_data_new (gboolean read_files)
{
  RunnelCurlData *self = g_new0 (RunnelCurlData, 1);

  self->read_files = read_files;

  return self;
}

void
runnel_curl_data_free (RunnelCurlData *self)
{
  if (self == NULL)
    return;

  g_clear_pointer (&self->data, g_byte_array_unref);
  g_free (self);
}

GBytes *
runnel_curl_data_read_file (gboolean     read_files,
                            const char  *option,
                            const char  *path,
                            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;
  gsize length = 0;

  if (strcmp (path, "-") == 0)
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   _("%s @- reads standard input, which Runnel does not have: paste the data "
                     "itself with --data-raw instead"), option);
      return NULL;
    }

  if (!read_files)
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   _("%s @%s reads the file “%s”, which Runnel does not read from a pasted "
                     "command: paste the file’s contents with --data-raw '…' instead"),
                   option, path, path);
      return NULL;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_FILE,
                   "%s @%s: %s", option, path, local_error->message);
      return NULL;
    }

  return g_bytes_new_take (contents, length);
}

static void
append_data (RunnelCurlData *self,
             const guint8   *data,
             gsize           len,
             gboolean        json)
{
  if (self->data == NULL)
    self->data = g_byte_array_new ();
  else if (!(json && self->last_was_json))
    g_byte_array_append (self->data, (const guint8 *) "&", 1);

  g_byte_array_append (self->data, data, len);
  self->last_was_json = json;
  self->json |= json;
}

gboolean
runnel_curl_data_add (RunnelCurlData     *self,
                      RunnelCurlDataKind  kind,
                      const char         *option,
                      const char         *arg,
                      GError            **error)
{
  g_autoptr(GBytes) file = NULL;
  gboolean json = kind == RUNNEL_CURL_DATA_JSON;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (option != NULL && arg != NULL, FALSE);

  if (kind == RUNNEL_CURL_DATA_URLENCODE)
    {
      const char *sep = strpbrk (arg, "=@");
      g_autoptr(GString) piece = g_string_new (NULL);
      g_autofree char *escaped = NULL;

      if (sep != NULL && *sep == '@')
        {
          gsize size;
          const guint8 *bytes;

          file = runnel_curl_data_read_file (self->read_files, option, sep + 1, error);
          if (file == NULL)
            return FALSE;
          bytes = g_bytes_get_data (file, &size);
          escaped = g_uri_escape_bytes (bytes, size, NULL);
        }
      else
        escaped = g_uri_escape_string (sep != NULL ? sep + 1 : arg, NULL, FALSE);

      if (sep != NULL && sep > arg)
        {
          g_string_append_len (piece, arg, sep - arg);
          g_string_append_c (piece, '=');
        }
      g_string_append (piece, escaped);
      append_data (self, (const guint8 *) piece->str, piece->len, FALSE);
      return TRUE;
    }

  if (kind != RUNNEL_CURL_DATA_RAW && arg[0] == '@')
    {
      gsize size;
      const guint8 *bytes;

      file = runnel_curl_data_read_file (self->read_files, option, arg + 1, error);
      if (file == NULL)
        return FALSE;
      bytes = g_bytes_get_data (file, &size);

      if (kind == RUNNEL_CURL_DATA_ASCII)
        {
          /* -d @FILE drops carriage returns and newlines, as curl does */
          g_autoptr(GByteArray) stripped = g_byte_array_sized_new (size);

          for (gsize i = 0; i < size; i++)
            {
              if (bytes[i] != '\r' && bytes[i] != '\n')
                g_byte_array_append (stripped, &bytes[i], 1);
            }
          append_data (self, stripped->data, stripped->len, FALSE);
        }
      else
        append_data (self, bytes, size, json);
      return TRUE;
    }

  append_data (self, (const guint8 *) arg, strlen (arg), json);
  return TRUE;
}

GBytes *
runnel_curl_data_steal_body (RunnelCurlData *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  if (self->data == NULL)
    return NULL;

  return g_byte_array_free_to_bytes (g_steal_pointer (&self->data));
}

gboolean
runnel_curl_data_is_json (RunnelCurlData *self)
{
  g_return_val_if_fail (self != NULL, FALSE);

  return self->json;
}
