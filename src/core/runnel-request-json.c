/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-json.c: a RunnelRequest to JSON and back, for saved requests and history */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <string.h>

#include "runnel-request-private.h"
#include "runnel-request-store.h"

static const RunnelHeader *
get_header (RunnelRequest *self,
            guint          position)
{
  g_assert (position < self->headers->len);

  return &g_array_index (self->headers, RunnelHeader, position);
}

/* JSON: field names are the property names */

JsonNode *
runnel_request_to_json (RunnelRequest *self)
{
  return runnel_request_to_json_full (self, RUNNEL_REQUEST_JSON_NONE);
}

JsonNode *
runnel_request_to_json_full (RunnelRequest          *self,
                             RunnelRequestJsonFlags  flags)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  json_builder_begin_object (builder);

  json_builder_set_member_name (builder, "url");
  json_builder_add_string_value (builder, self->url);
  json_builder_set_member_name (builder, "method");
  json_builder_add_string_value (builder, self->method);

  json_builder_set_member_name (builder, "headers");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->headers->len; i++)
    {
      const RunnelHeader *header = get_header (self, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, header->name);
      if (header->value_missing ||
          ((flags & RUNNEL_REQUEST_JSON_LEAVE_OUT_SECRETS) != 0 && header->value[0] != '\0' &&
           runnel_header_is_secret (header->name)))
        {
          json_builder_set_member_name (builder, "value-left-out");
          json_builder_add_boolean_value (builder, TRUE);
        }
      else
        {
          json_builder_set_member_name (builder, "value");
          json_builder_add_string_value (builder, header->value);
        }
      json_builder_set_member_name (builder, "enabled");
      json_builder_add_boolean_value (builder, header->enabled);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  if (self->body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (self->body, &size);

      /* an empty GBytes may have no data at all */
      if (data == NULL)
        data = "";

      /* text stays readable in a saved file; anything else goes as base64 */
      if (g_utf8_validate_len (data, size, NULL) && memchr (data, '\0', size) == NULL)
        {
          g_autofree char *text = g_strndup (data, size);

          json_builder_set_member_name (builder, "body");
          json_builder_add_string_value (builder, text);
        }
      else
        {
          g_autofree char *base64 = g_base64_encode ((const guchar *) data, size);

          json_builder_set_member_name (builder, "body-base64");
          json_builder_add_string_value (builder, base64);
        }
    }

  json_builder_set_member_name (builder, "reconnect");
  json_builder_add_boolean_value (builder, self->reconnect);
  if (self->reconnect_on_end_set)
    {
      json_builder_set_member_name (builder, "reconnect-on-end");
      json_builder_add_boolean_value (builder, self->reconnect_on_end);
    }
  json_builder_set_member_name (builder, "retry-delay");
  json_builder_add_int_value (builder, self->retry_delay);
  json_builder_set_member_name (builder, "backoff-cap");
  json_builder_add_int_value (builder, self->backoff_cap);
  json_builder_set_member_name (builder, "max-retries");
  json_builder_add_int_value (builder, self->max_retries);
  json_builder_set_member_name (builder, "read-timeout");
  json_builder_add_int_value (builder, self->read_timeout);
  json_builder_set_member_name (builder, "timeout");
  json_builder_add_int_value (builder, self->timeout);
  json_builder_set_member_name (builder, "max-event-size");
  json_builder_add_int_value (builder, (gint64) MIN (self->max_event_size, G_MAXINT64));
  json_builder_set_member_name (builder, "accept-invalid-certificates");
  json_builder_add_boolean_value (builder, self->accept_invalid_certificates);
  json_builder_set_member_name (builder, "allow-insecure-redirect");
  json_builder_add_boolean_value (builder, self->allow_insecure_redirect);
  if (self->ca_file != NULL)
    {
      json_builder_set_member_name (builder, "ca-file");
      json_builder_add_string_value (builder, self->ca_file);
    }
  json_builder_set_member_name (builder, "last-event-id");
  json_builder_add_string_value (builder, self->last_event_id);

  json_builder_set_member_name (builder, "fatal-event-types");
  json_builder_begin_array (builder);
  for (guint i = 0; self->fatal_event_types[i]; i++)
    json_builder_add_string_value (builder, self->fatal_event_types[i]);
  json_builder_end_array (builder);

  /* only when there are some: requests without them read and compare as before */
  if (self->expectations[0] != NULL)
    {
      json_builder_set_member_name (builder, "expectations");
      json_builder_begin_array (builder);
      for (guint i = 0; self->expectations[i]; i++)
        json_builder_add_string_value (builder, self->expectations[i]);
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static gboolean
json_error (GError     **error,
            const char  *member,
            const char  *expected)
{
  g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_JSON,
               _("The saved request's “%s” must be %s"), member, expected);
  return FALSE;
}

static gboolean
get_json_string (JsonObject  *object,
                 const char  *member,
                 const char **value,
                 GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return json_error (error, member, _("a string"));

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_json_boolean (JsonObject  *object,
                  const char  *member,
                  gboolean    *value,
                  gboolean    *present,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    return json_error (error, member, _("true or false"));

  *value = json_node_get_boolean (node);
  if (present != NULL)
    *present = TRUE;
  return TRUE;
}

static gboolean
get_json_integer (JsonObject  *object,
                  const char  *member,
                  gint64       min,
                  gint64       max,
                  gint64      *value,
                  GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64 ||
      json_node_get_int (node) < min || json_node_get_int (node) > max)
    {
      g_autofree char *expected =
        g_strdup_printf (_("a whole number from %" PRId64 " to %" PRId64), min, max);
      return json_error (error, member, expected);
    }

  *value = json_node_get_int (node);
  return TRUE;
}

static gboolean
load_headers (RunnelRequest  *self,
              JsonObject     *object,
              GError        **error)
{
  JsonNode *node = json_object_get_member (object, "headers");
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_error (error, "headers", _("a list of {\"name\", \"value\", \"enabled\"} objects"));

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      JsonObject *header;
      const char *name = NULL;
      const char *value = "";
      gboolean enabled = TRUE;
      gboolean left_out = FALSE;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return json_error (error, "headers",
                           _("a list of {\"name\", \"value\", \"enabled\"} objects"));

      header = json_node_get_object (element);
      if (!get_json_string (header, "name", &name, error) ||
          !get_json_string (header, "value", &value, error) ||
          !get_json_boolean (header, "enabled", &enabled, NULL, error) ||
          !get_json_boolean (header, "value-left-out", &left_out, NULL, error))
        return FALSE;

      if (name == NULL)
        return json_error (error, "headers", _("a list of objects that each have a \"name\""));

      runnel_request_append_header (self, name, left_out ? "" : value, enabled);
      if (left_out)
        runnel_request_set_header_value_missing (self, self->headers->len - 1, TRUE);
    }

  return TRUE;
}

/* a list of strings at @member, or nothing: *strings stays NULL */
static gboolean
load_strings (JsonObject   *object,
              const char   *member,
              GStrv        *strings,
              GError      **error)
{
  JsonNode *node = json_object_get_member (object, member);
  g_autoptr(GStrvBuilder) builder = NULL;
  JsonArray *array;

  if (node == NULL)
    return TRUE;

  if (!JSON_NODE_HOLDS_ARRAY (node))
    return json_error (error, member, _("a list of strings"));

  builder = g_strv_builder_new ();
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);

      if (!JSON_NODE_HOLDS_VALUE (element) || json_node_get_value_type (element) != G_TYPE_STRING)
        return json_error (error, member, _("a list of strings"));

      g_strv_builder_add (builder, json_node_get_string (element));
    }

  *strings = g_strv_builder_end (builder);

  return TRUE;
}

static gboolean
load_fatal_event_types (RunnelRequest  *self,
                        JsonObject     *object,
                        GError        **error)
{
  g_auto(GStrv) types = NULL;

  if (!load_strings (object, "fatal-event-types", &types, error))
    return FALSE;

  if (types != NULL)
    runnel_request_set_fatal_event_types (self, (const char * const *) types);

  return TRUE;
}

static gboolean
load_expectations (RunnelRequest  *self,
                   JsonObject     *object,
                   GError        **error)
{
  g_auto(GStrv) expectations = NULL;

  if (!load_strings (object, "expectations", &expectations, error))
    return FALSE;

  if (expectations != NULL)
    runnel_request_set_expectations (self, (const char * const *) expectations);

  return TRUE;
}

/* a connection option read by one of the get_json_* () above: when @defaulted is NULL a bad
 * value is an error; otherwise it keeps its default and its name goes to @defaulted */
static gboolean
read_option (gboolean    read,
             const char *member,
             GPtrArray  *defaulted)
{
  if (!read && defaulted != NULL)
    g_ptr_array_add (defaulted, g_strdup (member));

  return read || defaulted != NULL;
}

/* @defaulted: NULL for strict loading */
static RunnelRequest *
request_from_json (JsonNode   *node,
                   GPtrArray  *defaulted,
                   GError    **error)
{
  g_autoptr(RunnelRequest) self = NULL;
  GError **option_error = defaulted != NULL ? NULL : error;
  JsonObject *object;
  const char *url = "";
  const char *method = "GET";
  const char *body = NULL;
  const char *body_base64 = NULL;
  const char *ca_file = NULL;
  const char *last_event_id = "";
  gboolean reconnect = TRUE;
  gboolean reconnect_on_end = FALSE;
  gboolean reconnect_on_end_set = FALSE;
  gboolean accept_invalid = FALSE;
  gboolean allow_insecure_redirect = FALSE;
  gint64 retry_delay = DEFAULT_RETRY_DELAY;
  gint64 backoff_cap = DEFAULT_BACKOFF_CAP;
  gint64 max_retries = -1;
  gint64 read_timeout = 0;
  gint64 timeout = 0;
  gint64 max_event_size = DEFAULT_MAX_EVENT_SIZE;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error_literal (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_JSON,
                           _("A saved request must be a JSON object"));
      return NULL;
    }

  object = json_node_get_object (node);
  self = runnel_request_new (NULL);

  /* what to open: never guessed */
  if (!get_json_string (object, "url", &url, error) ||
      !get_json_string (object, "method", &method, error) ||
      !get_json_string (object, "body", &body, error) ||
      !get_json_string (object, "body-base64", &body_base64, error) ||
      !load_headers (self, object, error))
    return NULL;

  /* how to open it: options, each with a default */
  if (!read_option (get_json_string (object, "ca-file", &ca_file, option_error),
                    "ca-file", defaulted) ||
      !read_option (get_json_string (object, "last-event-id", &last_event_id, option_error),
                    "last-event-id", defaulted) ||
      !read_option (get_json_boolean (object, "reconnect", &reconnect, NULL, option_error),
                    "reconnect", defaulted) ||
      !read_option (get_json_boolean (object, "reconnect-on-end", &reconnect_on_end,
                                      &reconnect_on_end_set, option_error),
                    "reconnect-on-end", defaulted) ||
      !read_option (get_json_boolean (object, "accept-invalid-certificates", &accept_invalid,
                                      NULL, option_error),
                    "accept-invalid-certificates", defaulted) ||
      !read_option (get_json_boolean (object, "allow-insecure-redirect",
                                      &allow_insecure_redirect, NULL, option_error),
                    "allow-insecure-redirect", defaulted) ||
      !read_option (get_json_integer (object, "retry-delay", 0, G_MAXUINT, &retry_delay,
                                      option_error),
                    "retry-delay", defaulted) ||
      !read_option (get_json_integer (object, "backoff-cap", 0, G_MAXUINT, &backoff_cap,
                                      option_error),
                    "backoff-cap", defaulted) ||
      !read_option (get_json_integer (object, "max-retries", -1, G_MAXINT, &max_retries,
                                      option_error),
                    "max-retries", defaulted) ||
      !read_option (get_json_integer (object, "read-timeout", 0, G_MAXUINT, &read_timeout,
                                      option_error),
                    "read-timeout", defaulted) ||
      !read_option (get_json_integer (object, "timeout", 0, G_MAXUINT, &timeout, option_error),
                    "timeout", defaulted) ||
      !read_option (get_json_integer (object, "max-event-size", 0, G_MAXINT64, &max_event_size,
                                      option_error),
                    "max-event-size", defaulted) ||
      !read_option (load_fatal_event_types (self, object, option_error),
                    "fatal-event-types", defaulted) ||
      !read_option (load_expectations (self, object, option_error),
                    "expectations", defaulted))
    return NULL;

  runnel_request_set_url (self, url);
  runnel_request_set_method (self, method);

  if (body_base64 != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;
      gsize size = 0;
      guchar *data = g_base64_decode (body_base64, &size);

      bytes = g_bytes_new_take (data, size);
      runnel_request_set_body (self, bytes);
    }
  else
    {
      runnel_request_set_body_text (self, body);
    }

  runnel_request_set_reconnect (self, reconnect);
  if (reconnect_on_end_set)
    runnel_request_set_reconnect_on_end (self, reconnect_on_end);
  runnel_request_set_retry_delay (self, retry_delay);
  runnel_request_set_backoff_cap (self, backoff_cap);
  runnel_request_set_max_retries (self, max_retries);
  runnel_request_set_read_timeout (self, read_timeout);
  runnel_request_set_timeout (self, timeout);
  runnel_request_set_max_event_size (self, max_event_size);
  runnel_request_set_accept_invalid_certificates (self, accept_invalid);
  runnel_request_set_allow_insecure_redirect (self, allow_insecure_redirect);
  runnel_request_set_ca_file (self, ca_file);
  runnel_request_set_last_event_id (self, last_event_id);

  return g_steal_pointer (&self);
}

/**
 * runnel_request_new_from_json:
 *
 * Reads what runnel_request_to_json () wrote. Unknown members are ignored (newer files);
 * members of the wrong type are an error that names them. The request is not validated.
 *
 * Returns: (transfer full) (nullable): the request, or NULL with an error
 */
RunnelRequest *
runnel_request_new_from_json (JsonNode  *node,
                              GError   **error)
{
  return request_from_json (node, NULL, error);
}

/**
 * runnel_request_new_from_json_tolerant:
 * @defaulted: (out) (optional) (transfer full): the members that kept their default
 *
 * Like runnel_request_new_from_json (), for files a person may have edited: a connection option
 * (any member but "url", "method", "headers", "body" and "body-base64") of the wrong type or
 * out of range keeps its default instead of failing the whole request, and its name goes to
 * @defaulted (NULL-terminated, empty when every option was good). A missing member is not
 * reported: it was saved by an older version, and has its default.
 *
 * Returns: (transfer full) (nullable): the request, or NULL with an error about what to open
 */
RunnelRequest *
runnel_request_new_from_json_tolerant (JsonNode   *node,
                                       GStrv      *defaulted,
                                       GError    **error)
{
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  RunnelRequest *request = request_from_json (node, names, error);

  if (defaulted != NULL)
    {
      g_ptr_array_add (names, NULL);
      *defaulted = request != NULL ? (GStrv) g_ptr_array_free (g_steal_pointer (&names), FALSE)
                                   : NULL;
    }

  return request;
}
