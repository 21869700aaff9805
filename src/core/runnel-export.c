/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-export.c: events to NDJSON, a JSON array or text/event-stream, and back again */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <inttypes.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-event-log.h"
#include "runnel-export.h"
#include "runnel-json.h"
#include "runnel-sse-parser.h"

G_DEFINE_QUARK (runnel-export-error-quark, runnel_export_error)

const char *
runnel_export_format_get_extension (RunnelExportFormat format)
{
  switch (format)
    {
    case RUNNEL_EXPORT_FORMAT_NDJSON: return "ndjson";
    case RUNNEL_EXPORT_FORMAT_JSON_ARRAY: return "json";
    case RUNNEL_EXPORT_FORMAT_EVENT_STREAM: return "sse";
    default: g_return_val_if_reached (NULL);
    }
}

const char *
runnel_export_format_get_content_type (RunnelExportFormat format)
{
  switch (format)
    {
    case RUNNEL_EXPORT_FORMAT_NDJSON: return "application/x-ndjson";
    case RUNNEL_EXPORT_FORMAT_JSON_ARRAY: return "application/json";
    case RUNNEL_EXPORT_FORMAT_EVENT_STREAM: return "text/event-stream";
    default: g_return_val_if_reached (NULL);
    }
}

/* Export */

typedef struct
{
  RunnelExportFormat  format;
  GString            *out;
  RunnelSseEvent     *previous;      /* for its id: ids are sticky in text/event-stream */
  guint               n;
} Writer;

static gboolean
not_representable (const RunnelSseEvent  *event,
                   const char            *what,
                   GError               **error)
{
  g_set_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_NOT_REPRESENTABLE,
               _("Event %" PRIu64 " cannot be saved as text/event-stream: its %s. "
                   "Save it as NDJSON or JSON instead."),
               (guint64) runnel_sse_event_get_sequence (event), what);
  return FALSE;
}

static gboolean
write_event_stream (Writer                *w,
                    const RunnelSseEvent  *event,
                    GError               **error)
{
  const char *type = runnel_sse_event_get_event_type (event);
  const char *id = runnel_sse_event_get_id (event);
  const char *data;
  const char *line;
  const char *end;
  gsize len = 0;

  data = runnel_sse_event_get_data (event, &len);
  end = data + len;

  if (strpbrk (type, "\r\n") != NULL)
    return not_representable (event, _("type contains a line break"), error);
  if (strpbrk (id, "\r\n") != NULL)
    return not_representable (event, _("id contains a line break"), error);
  if (memchr (data, '\r', len) != NULL)
    return not_representable (event, _("data contains a carriage return"), error);

  if (strcmp (type, "message") != 0)
    g_string_append_printf (w->out, "event: %s\n", type);

  if (strcmp (id, w->previous ? runnel_sse_event_get_id (w->previous) : "") != 0)
    g_string_append_printf (w->out, id[0] ? "id: %s\n" : "id%s\n", id);
  g_clear_pointer (&w->previous, runnel_sse_event_unref);
  w->previous = runnel_sse_event_ref ((RunnelSseEvent *) event);

  for (line = data; ; )
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *stop = nl != NULL ? nl : end;

      g_string_append (w->out, "data: ");
      g_string_append_len (w->out, line, stop - line);
      g_string_append_c (w->out, '\n');
      if (nl == NULL)
        break;
      line = nl + 1;
    }

  g_string_append_c (w->out, '\n');
  return TRUE;
}

static gboolean
write_event (Writer                *w,
             const RunnelSseEvent  *event,
             GError               **error)
{
  switch (w->format)
    {
    case RUNNEL_EXPORT_FORMAT_NDJSON:
      runnel_sse_event_append_json (event, w->out);
      g_string_append_c (w->out, '\n');
      break;

    case RUNNEL_EXPORT_FORMAT_JSON_ARRAY:
      g_string_append (w->out, w->n == 0 ? "[\n" : ",\n");
      runnel_sse_event_append_json (event, w->out);
      break;

    case RUNNEL_EXPORT_FORMAT_EVENT_STREAM:
      if (!write_event_stream (w, event, error))
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  w->n++;
  return TRUE;
}

static GBytes *
writer_finish (Writer *w)
{
  if (w->format == RUNNEL_EXPORT_FORMAT_JSON_ARRAY)
    g_string_append (w->out, w->n == 0 ? "[]\n" : "\n]\n");

  return g_string_free_to_bytes (g_steal_pointer (&w->out));
}

static void
writer_init (Writer             *w,
             RunnelExportFormat  format)
{
  w->format = format;
  w->out = g_string_new (NULL);
  w->previous = NULL;
  w->n = 0;
}

static void
writer_clear (Writer *w)
{
  if (w->out != NULL)
    g_string_free (g_steal_pointer (&w->out), TRUE);
  g_clear_pointer (&w->previous, runnel_sse_event_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Writer, writer_clear)

GBytes *
runnel_export_events (RunnelSseEvent * const  *events,
                      guint                    n_events,
                      RunnelExportFormat       format,
                      GError                 **error)
{
  g_auto(Writer) w = { 0 };

  g_return_val_if_fail (events != NULL || n_events == 0, NULL);
  g_return_val_if_fail (format <= RUNNEL_EXPORT_FORMAT_EVENT_STREAM, NULL);

  writer_init (&w, format);
  for (guint i = 0; i < n_events; i++)
    {
      if (!write_event (&w, events[i], error))
        return NULL;
    }

  return writer_finish (&w);
}

GBytes *
runnel_export_model (GListModel          *model,
                     RunnelExportFormat   format,
                     GError             **error)
{
  g_auto(Writer) w = { 0 };
  guint n;

  g_return_val_if_fail (G_IS_LIST_MODEL (model), NULL);
  g_return_val_if_fail (format <= RUNNEL_EXPORT_FORMAT_EVENT_STREAM, NULL);

  writer_init (&w, format);
  n = g_list_model_get_n_items (model);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RunnelEventItem) item = g_list_model_get_item (model, i);

      if (!write_event (&w, runnel_event_item_get_event (item), error))
        return NULL;
    }

  return writer_finish (&w);
}

/* Import */

RunnelExportFormat
runnel_import_guess_format (const char *data,
                            gsize       len)
{
  gsize i = 0;

  g_return_val_if_fail (data != NULL || len == 0, RUNNEL_EXPORT_FORMAT_EVENT_STREAM);

  if (len >= 3 && memcmp (data, "\xEF\xBB\xBF", 3) == 0)
    i = 3;
  while (i < len && g_ascii_isspace (data[i]))
    i++;

  if (i < len && data[i] == '[')
    return RUNNEL_EXPORT_FORMAT_JSON_ARRAY;
  if (i < len && data[i] == '{')
    return RUNNEL_EXPORT_FORMAT_NDJSON;
  return RUNNEL_EXPORT_FORMAT_EVENT_STREAM;
}

static gboolean
invalid (GError     **error,
         const char  *where,
         guint        number,
         const char  *what)
{
  g_set_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_INVALID,
               "%s %u: %s", where, number, what);
  return FALSE;
}

static gboolean
get_string_member (JsonObject  *object,
                   const char  *member,
                   const char **value)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return FALSE;

  *value = json_node_get_string (node);
  return TRUE;
}

/* one object of an NDJSON line or a JSON array element */
static gboolean
import_object (GPtrArray   *events,
               JsonNode    *node,
               const char  *where,
               guint        number,
               gint64       now,
               GError     **error)
{
  JsonObject *object;
  JsonNode *seq_node;
  const char *type = NULL;
  const char *data = NULL;
  const char *id = NULL;
  const char *time = NULL;
  gint64 real_time = now;
  guint64 sequence = events->len + 1;
  gsize data_len;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return invalid (error, where, number, _("not a JSON object"));

  object = json_node_get_object (node);
  if (!get_string_member (object, "data", &data) || data == NULL)
    return invalid (error, where, number, _("it has no \"data\" string"));
  if (!get_string_member (object, "type", &type))
    return invalid (error, where, number, _("\"type\" is not a string"));
  if (!get_string_member (object, "id", &id))
    return invalid (error, where, number, _("\"id\" is not a string"));
  if (!get_string_member (object, "time", &time))
    return invalid (error, where, number, _("\"time\" is not a string"));

  seq_node = json_object_get_member (object, "seq");
  if (seq_node != NULL)
    {
      if (!JSON_NODE_HOLDS_VALUE (seq_node) ||
          json_node_get_value_type (seq_node) != G_TYPE_INT64 ||
          json_node_get_int (seq_node) < 0)
        return invalid (error, where, number, _("\"seq\" is not a whole number"));
      sequence = json_node_get_int (seq_node);
    }

  if (time != NULL)
    {
      g_autoptr(GDateTime) date_time = g_date_time_new_from_iso8601 (time, NULL);

      if (date_time == NULL)
        return invalid (error, where, number, _("\"time\" is not an ISO 8601 date and time"));
      /* g_date_time_to_unix_usec () needs GLib 2.80 */
      real_time = g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
                  g_date_time_get_microsecond (date_time);
    }

  data_len = strlen (data);
  g_ptr_array_add (events,
                   runnel_sse_event_new (type, type ? strlen (type) : 0, data, data_len,
                                         id, id ? strlen (id) : 0, sequence,
                                         real_time, real_time, data_len));
  return TRUE;
}

static GPtrArray *
new_event_array (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) runnel_sse_event_unref);
}

static GPtrArray *
import_ndjson (const char  *data,
               gsize        len,
               GError     **error)
{
  g_autoptr(GPtrArray) events = new_event_array ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  const char *end = data + len;
  gint64 now = g_get_real_time ();
  guint line_number = 0;

  for (const char *line = data; line < end; )
    {
      const char *nl = memchr (line, '\n', end - line);
      const char *stop = nl != NULL ? nl : end;
      gsize n = stop - line;
      gboolean blank = TRUE;

      line_number++;
      for (gsize i = 0; i < n && blank; i++)
        blank = g_ascii_isspace (line[i]);

      if (!blank)
        {
          g_autoptr(GError) local_error = NULL;

          if (!runnel_json_parser_load (parser, line, n, &local_error))
            {
              invalid (error, _("Line"), line_number, local_error->message);
              return NULL;
            }
          if (!import_object (events, json_parser_get_root (parser), _("Line"), line_number,
                              now, error))
            return NULL;
        }

      line = nl != NULL ? nl + 1 : end;
    }

  return g_steal_pointer (&events);
}

static GPtrArray *
import_json_array (const char  *data,
                   gsize        len,
                   GError     **error)
{
  g_autoptr(GPtrArray) events = new_event_array ();
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GError) local_error = NULL;
  gint64 now = g_get_real_time ();
  JsonNode *root;
  JsonArray *array;

  if (!runnel_json_parser_load (parser, data, len, &local_error))
    {
      if (local_error->domain == RUNNEL_JSON_ERROR)
        g_set_error_literal (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_INVALID,
                             local_error->message);
      else
        g_set_error (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_INVALID,
                     _("Not valid JSON: %s"), local_error->message);
      return NULL;
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_ARRAY (root))
    {
      g_set_error_literal (error, RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_INVALID,
                           _("The JSON is not an array of events"));
      return NULL;
    }

  array = json_node_get_array (root);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      if (!import_object (events, json_array_get_element (array, i), _("Element"), i + 1,
                          now, error))
        return NULL;
    }

  return g_steal_pointer (&events);
}

typedef struct
{
  GPtrArray *events;
  GError    *error;
} EventStreamImport;

static void
collect_event (RunnelSseEvent *event,
               gpointer        user_data)
{
  EventStreamImport *import = user_data;
  gsize len = 0;
  const char *data = runnel_sse_event_get_data (event, &len);
  const char *type = runnel_sse_event_get_event_type (event);
  const char *id = runnel_sse_event_get_id (event);
  gint64 real_time = runnel_sse_event_get_real_time (event);

  /* the parser's events carry the monotonic clock of the import: use the real time for both */
  g_ptr_array_add (import->events,
                   runnel_sse_event_new (type, strlen (type), data, len, id, strlen (id),
                                         runnel_sse_event_get_sequence (event),
                                         real_time, real_time,
                                         runnel_sse_event_get_wire_size (event)));
}

static void
collect_error (RunnelSseParser   *parser,
               const GError      *error,
               EventStreamImport *import)
{
  if (import->error == NULL)
    import->error = g_error_new (RUNNEL_EXPORT_ERROR, RUNNEL_EXPORT_ERROR_TOO_LARGE,
                                 _("After event %u: %s"), import->events->len, error->message);
}

static GPtrArray *
import_event_stream (const char  *data,
                     gsize        len,
                     GError     **error)
{
  g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();
  g_autoptr(GPtrArray) events = new_event_array ();
  EventStreamImport import = { events, NULL };

  runnel_sse_parser_set_event_func (parser, collect_event, &import, NULL);
  g_signal_connect (parser, "error", G_CALLBACK (collect_error), &import);
  runnel_sse_parser_feed (parser, (const guint8 *) data, len);
  runnel_sse_parser_finish (parser);

  if (import.error != NULL)
    {
      g_propagate_error (error, import.error);
      return NULL;
    }

  return g_steal_pointer (&events);
}

GPtrArray *
runnel_import_events (const char          *data,
                      gsize                len,
                      RunnelExportFormat   format,
                      GError             **error)
{
  g_return_val_if_fail (data != NULL || len == 0, NULL);

  if (data == NULL)
    data = "";

  switch (format)
    {
    case RUNNEL_EXPORT_FORMAT_NDJSON:
      return import_ndjson (data, len, error);

    case RUNNEL_EXPORT_FORMAT_JSON_ARRAY:
      return import_json_array (data, len, error);

    case RUNNEL_EXPORT_FORMAT_EVENT_STREAM:
      return import_event_stream (data, len, error);

    default:
      g_return_val_if_reached (NULL);
    }
}
