/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-collection.c: a file of saved requests, as the store keeps them, for runnel --test */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "runnel-collection.h"
#include "runnel-json.h"
#include "runnel-request-store.h"
#include "runnel-saved-request-private.h"

#define FILE_VERSION 1

G_DEFINE_QUARK (runnel-collection-error-quark, runnel_collection_error)

/* "2026-11-25T20:00:00.123456Z" */
static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = NULL;

  if (seconds == NULL)
    return NULL;
  exact = g_date_time_add (seconds, time % G_USEC_PER_SEC);
  return exact ? g_date_time_format_iso8601 (exact) : NULL;
}

/* "Authorization" → "AUTHORIZATION", "X-Api-Key" → "X_API_KEY": a variable's name */
static char *
variable_name (const char *header)
{
  char *name = g_ascii_strup (header, -1);

  for (char *p = name; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p))
      *p = '_';

  return name;
}

/*
 * A copy of @request whose secret header values (runnel_header_is_secret ()) are {{NAME}}
 * placeholders: "Bearer sk-…" becomes "Bearer {{AUTHORIZATION}}", the scheme kept, as the
 * window masks it. A value that already holds a placeholder is the user's own and stays.
 */
static RunnelRequest *
request_without_secrets (RunnelRequest *request)
{
  g_autoptr(RunnelRequest) copy = runnel_request_copy (request);

  for (guint i = 0; i < runnel_request_get_n_headers (copy); i++)
    {
      /* copies: set_header () replaces both */
      g_autofree char *name = g_strdup (runnel_request_get_header_name (copy, i));
      g_autofree char *value = g_strdup (runnel_request_get_header_value (copy, i));
      g_autofree char *variable = NULL;
      g_autofree char *placeholder = NULL;
      const char *space;
      gboolean scheme = FALSE;

      if (!runnel_header_is_secret (name) || strstr (value, "{{") != NULL)
        continue;

      variable = variable_name (name);
      space = strchr (value, ' ');
      if (space != NULL && space > value && space[1] != '\0')
        {
          scheme = TRUE;
          for (const char *p = value; p < space; p++)
            scheme &= g_ascii_isalnum (*p) || *p == '-' || *p == '_';
        }
      placeholder = scheme ? g_strdup_printf ("%.*s {{%s}}", (int) (space - value), value,
                                              variable)
                           : g_strdup_printf ("{{%s}}", variable);
      runnel_request_set_header (copy, i, name, placeholder,
                                 runnel_request_get_header_enabled (copy, i));
      runnel_request_set_header_value_missing (copy, i, FALSE);
    }

  return g_steal_pointer (&copy);
}

JsonNode *
runnel_collection_to_json (GListModel *saved,
                           const char *member)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (saved), NULL);
  g_return_val_if_fail (member != NULL, NULL);

  n = g_list_model_get_n_items (saved);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (saved, i);
      g_autoptr(RunnelRequest) request = NULL;
      g_autofree char *time = format_time (runnel_saved_request_get_time (entry));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, runnel_saved_request_get_name (entry));
      if (time != NULL)
        {
          json_builder_set_member_name (builder, "time");
          json_builder_add_string_value (builder, time);
        }
      json_builder_set_member_name (builder, "request");
      request = request_without_secrets (runnel_saved_request_get_request (entry));
      json_builder_add_value (builder, runnel_request_to_json (request));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

gboolean
runnel_collection_save (GListModel  *saved,
                        const char  *path,
                        GError     **error)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;
  gsize length = 0;

  g_return_val_if_fail (G_IS_LIST_MODEL (saved), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  root = runnel_collection_to_json (saved, "requests");
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  /* header values may be secrets: readable by the user only, as the store's own file */
  return g_file_set_contents_full (path, text, length, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                   error);
}

static gboolean
invalid (GError     **error,
         const char  *path,
         const char  *why)
{
  g_set_error (error, RUNNEL_COLLECTION_ERROR, RUNNEL_COLLECTION_ERROR_INVALID,
               _("“%s” is not a collection of saved requests: %s"), path, why);
  return FALSE;
}

GListModel *
runnel_collection_load (const char  *path,
                        GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GListStore) store = g_list_store_new (RUNNEL_TYPE_SAVED_REQUEST);
  g_autoptr(GError) local_error = NULL;
  g_autofree char *contents = NULL;
  JsonObject *object;
  JsonNode *root;
  JsonNode *list;
  JsonArray *array;
  gsize length = 0;

  g_return_val_if_fail (path != NULL, NULL);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RUNNEL_COLLECTION_ERROR, RUNNEL_COLLECTION_ERROR_READ,
                   _("Cannot read “%s”: %s"), path, local_error->message);
      return NULL;
    }

  if (!runnel_json_parser_load (parser, contents, length, &local_error))
    {
      invalid (error, path, local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
      (list = json_object_get_member (json_node_get_object (root), "requests")) == NULL ||
      !JSON_NODE_HOLDS_ARRAY (list))
    {
      invalid (error, path, _("it needs a “requests” list, as Runnel’s saved requests have"));
      return NULL;
    }

  array = json_node_get_array (list);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autoptr(RunnelRequest) request = NULL;
      g_autoptr(RunnelSavedRequest) entry = NULL;
      g_autofree char *where = NULL;
      const char *name;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          where = g_strdup_printf (_("request %u is not an object"), i + 1);
          invalid (error, path, where);
          return NULL;
        }

      object = json_node_get_object (node);
      name = json_object_get_string_member_with_default (object, "name", NULL);
      if (name == NULL || *name == '\0')
        {
          where = g_strdup_printf (_("request %u has no “name”"), i + 1);
          invalid (error, path, where);
          return NULL;
        }

      request = json_object_has_member (object, "request") ?
                runnel_request_new_from_json (json_object_get_member (object, "request"),
                                              &local_error) : NULL;
      if (request == NULL)
        {
          where = g_strdup_printf (_("request “%s”: %s"), name,
                                   local_error ? local_error->message : _("no “request”"));
          invalid (error, path, where);
          return NULL;
        }

      entry = _runnel_saved_request_new (name, g_steal_pointer (&request), 0);
      g_list_store_append (store, entry);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

static const char *
lookup (const char * const *variables,
        const char         *name,
        gsize               len)
{
  for (guint i = 0; variables != NULL && variables[i] != NULL; i++)
    {
      if (strncmp (variables[i], name, len) == 0 && variables[i][len] == '=')
        return variables[i] + len + 1;
    }

  return NULL;
}

static gboolean
is_name_char (char c)
{
  return g_ascii_isalnum (c) || c == '_' || c == '-' || c == '.';
}

char *
runnel_collection_expand (const char          *text,
                          const char * const  *variables,
                          GError             **error)
{
  g_autoptr(GString) out = NULL;
  const char *p;

  g_return_val_if_fail (text != NULL, NULL);

  out = g_string_new (NULL);
  for (p = text; *p != '\0';)
    {
      const char *open = strstr (p, "{{");
      const char *start;
      const char *end;
      const char *close;
      const char *value;

      if (open == NULL)
        break;

      g_string_append_len (out, p, open - p);
      start = open + 2;
      while (*start == ' ')
        start++;
      for (end = start; is_name_char (*end); end++)
        ;
      for (close = end; *close == ' '; close++)
        ;
      if (end == start || strncmp (close, "}}", 2) != 0)
        {
          /* not a variable: kept as written */
          g_string_append (out, "{{");
          p = open + 2;
          continue;
        }

      if (g_str_has_prefix (start, "env.") && end > start + 4)
        {
          g_autofree char *name = g_strndup (start + 4, end - start - 4);

          value = g_getenv (name);
          if (value == NULL)
            {
              g_set_error (error, RUNNEL_COLLECTION_ERROR, RUNNEL_COLLECTION_ERROR_VARIABLE,
                           _("{{env.%s}} has no value: the environment has no %s"), name, name);
              return NULL;
            }
        }
      else
        {
          value = lookup (variables, start, end - start);
          if (value == NULL)
            {
              g_autofree char *name = g_strndup (start, end - start);

              g_set_error (error, RUNNEL_COLLECTION_ERROR, RUNNEL_COLLECTION_ERROR_VARIABLE,
                           _("{{%s}} has no value: give it with --var %s=VALUE"), name, name);
              return NULL;
            }
        }

      g_string_append (out, value);
      p = close + 2;
    }
  g_string_append (out, p);

  return g_string_free (g_steal_pointer (&out), FALSE);
}

RunnelRequest *
runnel_collection_expand_request (RunnelRequest       *request,
                                  const char * const  *variables,
                                  GError             **error)
{
  g_autoptr(RunnelRequest) copy = NULL;
  g_autoptr(GStrvBuilder) expectations = g_strv_builder_new ();
  g_auto(GStrv) expanded = NULL;
  g_autofree char *url = NULL;
  const char * const *texts;
  GBytes *body;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  copy = runnel_request_copy (request);

  url = runnel_collection_expand (runnel_request_get_url (request), variables, error);
  if (url == NULL)
    return NULL;
  runnel_request_set_url (copy, url);

  runnel_request_clear_headers (copy);
  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *value = NULL;

      if ((name = runnel_collection_expand (runnel_request_get_header_name (request, i),
                                            variables, error)) == NULL ||
          (value = runnel_collection_expand (runnel_request_get_header_value (request, i),
                                             variables, error)) == NULL)
        return NULL;
      runnel_request_append_header (copy, name, value,
                                    runnel_request_get_header_enabled (request, i));
    }

  body = runnel_request_get_body (request);
  if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);

      /* a text body only: bytes that are not text have no variables in them */
      if (g_utf8_validate_len (data, size, NULL) && memchr (data, '\0', size) == NULL)
        {
          g_autofree char *text = g_strndup (data, size);
          g_autofree char *filled = runnel_collection_expand (text, variables, error);

          if (filled == NULL)
            return NULL;
          runnel_request_set_body_text (copy, filled);
        }
    }

  texts = runnel_request_get_expectations (request);
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autofree char *filled = runnel_collection_expand (texts[i], variables, error);

      if (filled == NULL)
        return NULL;
      g_strv_builder_add (expectations, filled);
    }
  expanded = g_strv_builder_end (expectations);
  runnel_request_set_expectations (copy, (const char * const *) expanded);

  return g_steal_pointer (&copy);
}
