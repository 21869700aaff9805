/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-chat.c: /chat, an OpenAI-style chat completion streamed as a language model does */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-demo-private.h"
#include "runnel-json.h"

/* /chat */

/* An OpenAI-style error object: {"error":{"message":..., "type":..., "code":null}} */
static void
set_json_error (SoupServerMessage *msg,
                guint              status,
                const char        *message)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *text = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "error");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "message");
  json_builder_add_string_value (builder, message);
  json_builder_set_member_name (builder, "type");
  json_builder_add_string_value (builder, "invalid_request_error");
  json_builder_set_member_name (builder, "code");
  json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  text = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    text, strlen (text));
}

static const char *
chat_check_request (JsonNode    *root,
                    const char **last_user_text)
{
  JsonObject *object;
  JsonArray *messages;
  JsonNode *stream_node;
  guint n;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return "The request body must be a JSON object";

  object = json_node_get_object (root);
  if (!json_object_has_member (object, "messages") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (object, "messages")))
    return "'messages' must be an array of {\"role\": ..., \"content\": ...} objects";

  stream_node = json_object_get_member (object, "stream");
  if (stream_node != NULL && !JSON_NODE_HOLDS_VALUE (stream_node))
    return "'stream' must be a boolean";
  if (stream_node != NULL && json_node_get_value_type (stream_node) != G_TYPE_BOOLEAN)
    return "'stream' must be a boolean";

  messages = json_object_get_array_member (object, "messages");
  n = json_array_get_length (messages);
  if (n == 0)
    return "'messages' must not be empty";

  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_array_get_element (messages, i);
      JsonObject *message;
      JsonNode *role;
      JsonNode *content;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return "Each message must be an object with 'role' and 'content'";

      message = json_node_get_object (node);
      role = json_object_get_member (message, "role");
      content = json_object_get_member (message, "content");
      if (role == NULL || json_node_get_value_type (role) != G_TYPE_STRING ||
          content == NULL || json_node_get_value_type (content) != G_TYPE_STRING)
        return "Each message must have a string 'role' and a string 'content'";

      if (g_strcmp0 (json_node_get_string (role), "user") == 0)
        *last_user_text = json_node_get_string (content);
    }

  return NULL;
}

/*
 * One OpenAI-style JSON object: a streamed chunk ("chat.completion.chunk" with a "delta") or the
 * whole reply ("chat.completion" with a "message"). @content NULL leaves it out (the last delta).
 */
static char *
chat_json (const char *object_type,
           const char *message_member,
           gboolean    with_role,
           const char *content,
           gboolean    last)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_string_value (builder, "chatcmpl-runnel-demo");
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, object_type);
  json_builder_set_member_name (builder, "model");
  json_builder_add_string_value (builder, "runnel-demo");
  json_builder_set_member_name (builder, "choices");
  json_builder_begin_array (builder);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "index");
  json_builder_add_int_value (builder, 0);
  json_builder_set_member_name (builder, message_member);
  json_builder_begin_object (builder);
  if (with_role)
    {
      json_builder_set_member_name (builder, "role");
      json_builder_add_string_value (builder, "assistant");
    }
  if (content != NULL)
    {
      json_builder_set_member_name (builder, "content");
      json_builder_add_string_value (builder, content);
    }
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "finish_reason");
  if (last)
    json_builder_add_string_value (builder, "stop");
  else
    json_builder_add_null_value (builder);
  json_builder_end_object (builder);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
chat_tick (DemoStream *stream)
{
  const char *word = stream->words[stream->offset];
  g_autofree char *json = NULL;

  if (word == NULL)
    {
      json = chat_json ("chat.completion.chunk", "delta", FALSE, NULL, TRUE);
      runnel_demo_stream_printf (stream, "data: %s\n\ndata: [DONE]\n\n", json);
      return FALSE;
    }
  else
    {
      g_autofree char *content = NULL;

      content = stream->words[stream->offset + 1] != NULL ? g_strconcat (word, " ", NULL)
                                                          : g_strdup (word);
      /* stage 1: the role went ahead on its own (?first_token_ms=) */
      json = chat_json ("chat.completion.chunk", "delta", stream->offset == 0 && stream->stage == 0,
                        content, FALSE);
      runnel_demo_stream_printf (stream, "data: %s\n\n", json);
      stream->offset++;
      return TRUE;
    }
}

/* the first word, after ?first_token_ms=; then one every ?interval= ms */
static gboolean
chat_first_token_tick (DemoStream *stream)
{
  if (!chat_tick (stream))
    return FALSE;

  runnel_demo_stream_set_interval (stream, stream->rate, chat_tick);
  return TRUE;
}

void
runnel_demo_handle_chat (RunnelDemoServer  *self,
                         SoupServerMessage *msg,
                         GHashTable        *query)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(GError) error = NULL;
  g_autofree char *said = NULL;
  g_autofree char *reply = NULL;
  const char *last_user_text = NULL;
  const char *problem;
  JsonObject *object;
  DemoStream *stream;
  guint64 first_token_ms;
  guint64 interval;

  if (!runnel_demo_query_get_interval (msg, query, 50, &interval) ||
      !runnel_demo_query_get_uint (msg, query, "first_token_ms", 0, 0, MAX_INTERVAL_MS,
                                   &first_token_ms))
    return;

  if (g_bytes_get_size (bytes) == 0)
    {
      set_json_error (msg, SOUP_STATUS_BAD_REQUEST,
                      "The request body is empty: send a JSON object with 'messages'");
      return;
    }

  if (!runnel_json_parser_load (parser, g_bytes_get_data (bytes, NULL),
                                g_bytes_get_size (bytes), &error))
    {
      g_autofree char *message = g_strdup_printf (error->domain == RUNNEL_JSON_ERROR
                                                  ? "The request body cannot be read: %s"
                                                  : "The request body is not valid JSON: %s",
                                                  error->message);
      set_json_error (msg, SOUP_STATUS_BAD_REQUEST, message);
      return;
    }

  problem = chat_check_request (json_parser_get_root (parser), &last_user_text);
  if (problem != NULL)
    {
      set_json_error (msg, SOUP_STATUS_BAD_REQUEST, problem);
      return;
    }

  if (last_user_text == NULL)
    last_user_text = "nothing";
  said = g_utf8_substring (last_user_text, 0, MIN (g_utf8_strlen (last_user_text, -1), 200));
  g_strdelimit (said, "\r\n\t", ' ');
  reply = g_strdup_printf ("Hello! You said: \"%s\". I am the Runnel demo server, streaming this "
                           "reply one word at a time, the way a language model does.", said);

  /* "stream": false asks for the whole reply as one JSON object, as OpenAI's API answers */
  object = json_node_get_object (json_parser_get_root (parser));
  if (!json_object_get_boolean_member_with_default (object, "stream", TRUE))
    {
      g_autofree char *json = chat_json ("chat.completion", "message", TRUE, reply, TRUE);

      soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
      soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                        json, strlen (json));
      return;
    }

  stream = runnel_demo_stream_new (self, msg);
  stream->words = g_strsplit (reply, " ", -1);

  /* a slow first token, as a model that thinks first: the role at once, the words later */
  if (first_token_ms > 0)
    {
      g_autofree char *json = chat_json ("chat.completion.chunk", "delta", TRUE, "", FALSE);

      runnel_demo_stream_printf (stream, "data: %s\n\n", json);
      stream->stage = 1;
      stream->rate = (guint) interval;
      runnel_demo_stream_set_interval (stream, (guint) first_token_ms, chat_first_token_tick);
      return;
    }

  runnel_demo_stream_start (stream, interval, chat_tick);
}
