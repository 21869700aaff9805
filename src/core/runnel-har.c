/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-har.c: the event streams of an HTTP Archive (HAR 1.2, as browsers export it) */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <math.h>
#include <string.h>

#include "runnel-har.h"
#include "runnel-json.h"
#include "runnel-sse-parser.h"

G_DEFINE_QUARK (runnel-har-error-quark, runnel_har_error)

/* request headers that belong to one connection or that libsoup writes itself */
static const char * const computed_headers[] = {
  "host", "content-length", "connection", "keep-alive", "transfer-encoding", "te", "upgrade",
  "proxy-connection", "accept-encoding", NULL
};

void
runnel_har_stream_free (RunnelHarStream *stream)
{
  if (stream == NULL)
    return;

  g_clear_object (&stream->request);
  g_clear_pointer (&stream->events, g_ptr_array_unref);
  g_free (stream);
}

gboolean
runnel_har_sniff (const char *data,
                  gsize       len)
{
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;
  if (i >= len || data[i] != '{')
    return FALSE;
  for (i++; i < len && g_ascii_isspace (data[i]); i++)
    ;

  return len - i >= 5 && memcmp (data + i, "\"log\"", 5) == 0;
}

/* Errors that name the entry and the field */

G_GNUC_PRINTF (4, 5)
static gboolean
entry_error (GError     **error,
             guint        entry,
             const char  *field,
             const char  *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* TRANSLATORS: "Entry 3: request.url is missing" */
  g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID,
               _("Entry %u: %s %s"), entry, field, what);
  return FALSE;
}

static gboolean
missing (GError     **error,
         guint        entry,
         const char  *field)
{
  return entry_error (error, entry, field, "%s", _("is missing"));
}

static gboolean
not_a (GError     **error,
       guint        entry,
       const char  *field,
       const char  *type)
{
  return entry_error (error, entry, field, _("is not %s"), type);
}

/* Typed members: absent (or null) is fine for the optional ones, the wrong type never is */

static gboolean
lookup (JsonObject  *parent,
        const char  *member,
        gboolean     required,
        guint        entry,
        const char  *field,
        JsonNode   **node,
        GError     **error)
{
  *node = parent != NULL ? json_object_get_member (parent, member) : NULL;
  if (*node != NULL && JSON_NODE_HOLDS_NULL (*node))
    *node = NULL;

  return *node != NULL || !required || missing (error, entry, field);
}

static gboolean
get_object (JsonObject   *parent,
            const char   *member,
            gboolean      required,
            guint         entry,
            const char   *field,
            JsonObject  **value,
            GError      **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (parent, member, required, entry, field, &node, error) || node == NULL)
    return node == NULL && !required;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return not_a (error, entry, field, _("an object"));

  *value = json_node_get_object (node);
  return TRUE;
}

static gboolean
get_array (JsonObject   *parent,
           const char   *member,
           guint         entry,
           const char   *field,
           JsonArray   **value,
           GError      **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (parent, member, FALSE, entry, field, &node, error) || node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    return not_a (error, entry, field, _("an array"));

  *value = json_node_get_array (node);
  return TRUE;
}

static gboolean
get_string (JsonObject   *parent,
            const char   *member,
            gboolean      required,
            guint         entry,
            const char   *field,
            const char  **value,
            GError      **error)
{
  JsonNode *node;

  *value = NULL;
  if (!lookup (parent, member, required, entry, field, &node, error) || node == NULL)
    return node == NULL && !required;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return not_a (error, entry, field, _("a string"));

  *value = json_node_get_string (node);
  return TRUE;
}

static gboolean
get_number (JsonObject   *parent,
            const char   *member,
            guint         entry,
            const char   *field,
            gboolean     *present,
            double       *value,
            GError      **error)
{
  JsonNode *node;
  GType type;

  *present = FALSE;
  *value = 0;
  if (!lookup (parent, member, FALSE, entry, field, &node, error) || node == NULL)
    return TRUE;

  type = JSON_NODE_HOLDS_VALUE (node) ? json_node_get_value_type (node) : G_TYPE_INVALID;
  if (type != G_TYPE_INT64 && type != G_TYPE_DOUBLE)
    return not_a (error, entry, field, _("a number"));

  *value = json_node_get_double (node);
  *present = isfinite (*value);
  return *present || not_a (error, entry, field, _("a finite number"));
}

/* "text/event-stream; charset=utf-8" is an event stream, "text/event-streams" is not */
static gboolean
is_event_stream_type (const char *type)
{
  gsize n = strlen ("text/event-stream");

  if (type == NULL)
    return FALSE;
  while (g_ascii_isspace (*type))
    type++;

  return g_ascii_strncasecmp (type, "text/event-stream", n) == 0 &&
         (type[n] == '\0' || type[n] == ';' || g_ascii_isspace (type[n]));
}

static gboolean
is_computed_header (const char *name)
{
  for (guint i = 0; computed_headers[i] != NULL; i++)
    {
      if (g_ascii_strcasecmp (name, computed_headers[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Entries */

typedef struct
{
  guint       entry;
  gint64      start_time;   /* startedDateTime, in µs since the epoch */
  JsonObject *request;
  JsonObject *response;
  JsonObject *content;
  JsonArray  *messages;     /* _eventSourceMessages, or NULL */
} Entry;

static gboolean
read_headers (JsonArray      *headers,
              guint           entry,
              const char     *field,
              RunnelRequest  *request,
              GError        **error)
{
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      g_autofree char *where = g_strdup_printf ("%s[%u]", field, i);
      g_autofree char *name_field = g_strdup_printf ("%s.name", where);
      g_autofree char *value_field = g_strdup_printf ("%s.value", where);
      g_autoptr(GError) local_error = NULL;
      JsonNode *node = json_array_get_element (headers, i);
      JsonObject *header;
      const char *name;
      const char *value;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return not_a (error, entry, where, _("an object"));
      header = json_node_get_object (node);
      if (!get_string (header, "name", TRUE, entry, name_field, &name, error) ||
          !get_string (header, "value", TRUE, entry, value_field, &value, error))
        return FALSE;

      if (name[0] == ':' || is_computed_header (name))
        continue;

      if (!runnel_request_check_header (name, value, &local_error))
        return entry_error (error, entry, where, "%s", local_error->message);

      runnel_request_append_header (request, name, value, TRUE);
    }

  return TRUE;
}

static RunnelRequest *
read_request (Entry   *e,
              GError **error)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *post_data;
  JsonArray *headers;
  const char *method;
  const char *url;
  const char *body = NULL;

  if (!get_string (e->request, "method", TRUE, e->entry, "request.method", &method, error) ||
      !get_string (e->request, "url", TRUE, e->entry, "request.url", &url, error) ||
      !get_array (e->request, "headers", e->entry, "request.headers", &headers, error) ||
      !get_object (e->request, "postData", FALSE, e->entry, "request.postData", &post_data,
                   error) ||
      !get_string (post_data, "text", FALSE, e->entry, "request.postData.text", &body, error))
    return NULL;

  if (!runnel_request_check_url (url, &local_error))
    {
      entry_error (error, e->entry, "request.url", "%s", local_error->message);
      return NULL;
    }

  request = runnel_request_new (url);
  runnel_request_set_method (request, method);
  if (body != NULL && body[0] != '\0')
    runnel_request_set_body_text (request, body);
  if (!read_headers (headers, e->entry, "request.headers", request, error))
    return NULL;

  if (!runnel_request_validate (request, &local_error))
    {
      entry_error (error, e->entry, "request", "%s", local_error->message);
      return NULL;
    }

  return g_steal_pointer (&request);
}

/* FALSE with an error when a field has the wrong type */
static gboolean
is_event_stream_entry (Entry     *e,
                       gboolean  *is_stream,
                       GError   **error)
{
  JsonArray *headers;
  const char *mime_type;

  *is_stream = TRUE;
  if (e->messages != NULL && json_array_get_length (e->messages) > 0)
    return TRUE;

  if (!get_string (e->content, "mimeType", FALSE, e->entry, "response.content.mimeType",
                   &mime_type, error))
    return FALSE;
  if (is_event_stream_type (mime_type))
    return TRUE;

  if (!get_array (e->response, "headers", e->entry, "response.headers", &headers, error))
    return FALSE;
  for (guint i = 0; headers != NULL && i < json_array_get_length (headers); i++)
    {
      JsonNode *node = json_array_get_element (headers, i);
      JsonObject *header = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = header ? json_object_get_string_member_with_default (header, "name", "")
                                : "";
      const char *value = NULL;

      if (g_ascii_strcasecmp (name, "content-type") == 0 &&
          get_string (header, "value", FALSE, e->entry, "response.headers", &value, NULL) &&
          is_event_stream_type (value))
        return TRUE;
    }

  *is_stream = FALSE;
  return TRUE;
}

/* Chrome's {time, eventName, eventId, data}: times in seconds, from the entry's start */
static gboolean
read_messages (Entry      *e,
               GPtrArray  *events,
               gboolean   *timed,
               GError    **error)
{
  double first_time = 0;
  gboolean have_first = FALSE;

  *timed = FALSE;
  for (guint i = 0; i < json_array_get_length (e->messages); i++)
    {
      g_autofree char *where = g_strdup_printf ("_eventSourceMessages[%u]", i);
      g_autofree char *data_field = g_strconcat (where, ".data", NULL);
      g_autofree char *name_field = g_strconcat (where, ".eventName", NULL);
      g_autofree char *id_field = g_strconcat (where, ".eventId", NULL);
      g_autofree char *time_field = g_strconcat (where, ".time", NULL);
      JsonNode *node = json_array_get_element (e->messages, i);
      JsonObject *message;
      const char *data;
      const char *type;
      const char *id;
      gboolean has_time;
      double time;
      gint64 real_time = e->start_time;
      gsize data_len;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return not_a (error, e->entry, where, _("an object"));
      message = json_node_get_object (node);
      if (!get_string (message, "data", TRUE, e->entry, data_field, &data, error) ||
          !get_string (message, "eventName", FALSE, e->entry, name_field, &type, error) ||
          !get_string (message, "eventId", FALSE, e->entry, id_field, &id, error) ||
          !get_number (message, "time", e->entry, time_field, &has_time, &time, error))
        return FALSE;

      data_len = strlen (data);
      if (data_len > RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE)
        {
          g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_TOO_LARGE,
                       _("Entry %u: %s is larger than %u MiB"), e->entry, data_field,
                       RUNNEL_SSE_PARSER_DEFAULT_MAX_EVENT_SIZE / (1024 * 1024));
          return FALSE;
        }

      if (has_time)
        {
          if (!have_first)
            first_time = time;
          have_first = TRUE;
          *timed = TRUE;
          real_time += (gint64) ((time - first_time) * G_USEC_PER_SEC);
        }

      if (type == NULL || type[0] == '\0')
        type = "message";
      if (id == NULL)
        id = "";

      g_ptr_array_add (events, runnel_sse_event_new (type, strlen (type), data, data_len,
                                                     id, strlen (id), events->len + 1,
                                                     real_time, real_time, data_len));
    }

  return TRUE;
}

typedef struct
{
  GPtrArray *events;
  gint64     time;
  GError    *error;
} ContentImport;

static void
collect_event (RunnelSseEvent *event,
               gpointer        user_data)
{
  ContentImport *import = user_data;
  gsize len = 0;
  const char *data = runnel_sse_event_get_data (event, &len);
  const char *type = runnel_sse_event_get_event_type (event);
  const char *id = runnel_sse_event_get_id (event);

  g_ptr_array_add (import->events,
                   runnel_sse_event_new (type, strlen (type), data, len, id, strlen (id),
                                         runnel_sse_event_get_sequence (event),
                                         import->time, import->time,
                                         runnel_sse_event_get_wire_size (event)));
}

static void
collect_error (RunnelSseParser *parser,
               const GError    *error,
               ContentImport   *import)
{
  if (import->error == NULL)
    import->error = g_error_copy (error);
}

static gboolean
is_base64 (const char *text)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      if (!g_ascii_isalnum (*p) && *p != '+' && *p != '/' && *p != '=' &&
          !g_ascii_isspace (*p))
        return FALSE;
    }

  return TRUE;
}

static gboolean
read_content (Entry      *e,
              GPtrArray  *events,
              GError    **error)
{
  g_autoptr(RunnelSseParser) parser = NULL;
  g_autofree guchar *decoded = NULL;
  ContentImport import = { events, e->start_time, NULL };
  const char *text;
  const char *encoding;
  const guint8 *bytes;
  gsize len;

  if (!get_string (e->content, "text", FALSE, e->entry, "response.content.text", &text, error) ||
      !get_string (e->content, "encoding", FALSE, e->entry, "response.content.encoding",
                   &encoding, error))
    return FALSE;
  if (text == NULL)
    return TRUE;    /* the browser kept no body: the request alone is still worth opening */

  bytes = (const guint8 *) text;
  len = strlen (text);
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "base64") == 0)
    {
      if (!is_base64 (text))
        return entry_error (error, e->entry, "response.content.text", "%s",
                            _("is not valid base64"));
      decoded = g_base64_decode (text, &len);
      bytes = decoded;
    }
  else if (encoding != NULL && encoding[0] != '\0')
    {
      return entry_error (error, e->entry, "response.content.encoding",
                          _("is “%s”, which Runnel cannot read (only base64)"), encoding);
    }

  parser = runnel_sse_parser_new ();
  runnel_sse_parser_set_event_func (parser, collect_event, &import, NULL);
  g_signal_connect (parser, "error", G_CALLBACK (collect_error), &import);
  runnel_sse_parser_feed (parser, bytes, len);
  runnel_sse_parser_finish (parser);

  if (import.error != NULL)
    {
      g_autoptr(GError) parse_error = import.error;

      g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_TOO_LARGE,
                   _("Entry %u: response.content.text: %s"), e->entry, parse_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
read_entry (JsonNode   *node,
            guint       number,
            GPtrArray  *streams,
            GError    **error)
{
  g_autoptr(RunnelHarStream) stream = NULL;
  Entry e = { number, g_get_real_time (), NULL, NULL, NULL, NULL };
  const char *started;
  gboolean is_stream;
  gboolean has_status;
  double status;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID,
                   _("Entry %u is not an object"), number);
      return FALSE;
    }

  if (!get_object (json_node_get_object (node), "request", TRUE, number, "request", &e.request,
                   error) ||
      !get_object (json_node_get_object (node), "response", TRUE, number, "response",
                   &e.response, error) ||
      !get_object (e.response, "content", FALSE, number, "response.content", &e.content,
                   error) ||
      !get_array (json_node_get_object (node), "_eventSourceMessages", number,
                  "_eventSourceMessages", &e.messages, error))
    return FALSE;

  if (!is_event_stream_entry (&e, &is_stream, error))
    return FALSE;
  if (!is_stream)
    return TRUE;

  if (!get_string (json_node_get_object (node), "startedDateTime", FALSE, number,
                   "startedDateTime", &started, error) ||
      !get_number (e.response, "status", number, "response.status", &has_status, &status, error))
    return FALSE;

  if (started != NULL)
    {
      g_autoptr(GDateTime) date_time = g_date_time_new_from_iso8601 (started, NULL);

      if (date_time == NULL)
        return entry_error (error, number, "startedDateTime", "%s",
                            _("is not an ISO 8601 date and time"));
      e.start_time = g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
                     g_date_time_get_microsecond (date_time);
    }

  stream = g_new0 (RunnelHarStream, 1);
  stream->entry = number;
  stream->status = has_status && status >= 0 && status <= 999 ? (guint) status : 0;
  stream->events = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
  stream->request = read_request (&e, error);
  if (stream->request == NULL)
    return FALSE;

  if (e.messages != NULL && json_array_get_length (e.messages) > 0)
    {
      if (!read_messages (&e, stream->events, &stream->timed, error))
        return FALSE;
    }
  else if (e.content != NULL && !read_content (&e, stream->events, error))
    {
      return FALSE;
    }

  g_ptr_array_add (streams, g_steal_pointer (&stream));
  return TRUE;
}

GPtrArray *
runnel_har_import (const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonObject *log;
  JsonArray *entries;
  JsonNode *node;

  g_return_val_if_fail (data != NULL || len == 0, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (len > RUNNEL_HAR_MAX_SIZE)
    {
      g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_TOO_LARGE,
                   _("The HAR file is larger than %u MiB, which Runnel reads at most"),
                   RUNNEL_HAR_MAX_SIZE / (1024 * 1024));
      return NULL;
    }

  parser = json_parser_new_immutable ();
  if (!runnel_json_parser_load (parser, data != NULL ? data : "", len, &local_error))
    {
      if (local_error->domain == RUNNEL_JSON_ERROR)
        g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID,
                     _("The HAR file cannot be read: %s"), local_error->message);
      else
        g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID,
                     _("The HAR file is not valid JSON: %s"), local_error->message);
      return NULL;
    }

  node = json_parser_get_root (parser);
  root = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = root != NULL ? json_object_get_member (root, "log") : NULL;
  log = node != NULL && JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  node = log != NULL ? json_object_get_member (log, "entries") : NULL;
  entries = node != NULL && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
  if (entries == NULL)
    {
      g_set_error_literal (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_INVALID,
                           json_parser_get_root (parser) == NULL ? _("The HAR file is empty")
                           : root == NULL ? _("The HAR file is not a JSON object")
                           : log == NULL ? _("The HAR file has no “log” object")
                           : _("The HAR file's log has no “entries” array"));
      return NULL;
    }

  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_har_stream_free);
  for (guint i = 0; i < json_array_get_length (entries); i++)
    {
      if (!read_entry (json_array_get_element (entries, i), i + 1, streams, error))
        return NULL;
    }

  if (streams->len == 0)
    {
      g_set_error (error, RUNNEL_HAR_ERROR, RUNNEL_HAR_ERROR_NO_STREAMS,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The HAR file's %u entry is not an event stream",
                                "None of the HAR file's %u entries is an event stream",
                                json_array_get_length (entries)),
                   json_array_get_length (entries));
      return NULL;
    }

  return g_steal_pointer (&streams);
}
