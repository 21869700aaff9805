/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-json-path.c: JSONPath values per event and LLM stream assembly with the presets */

#include "config.h"

#include <string.h>

#include "runnel-json-assembler.h"
#include "runnel-json.h"
#include "runnel-jsonl-parser.h"
#include "runnel-sse-parser.h"

static char *
extract (const char *expression,
         const char *data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelJsonExtractor) extractor = runnel_json_extractor_new (expression, NULL, &error);

  g_assert_no_error (error);
  return runnel_json_extractor_extract (extractor, data, -1);
}

static void
assert_extract (const char *expression,
                const char *data,
                const char *expected)
{
  g_autofree char *value = extract (expression, data);

  g_assert_cmpstr (value, ==, expected);
}

static void
test_values (void)
{
  assert_extract ("$.a", "{\"a\":\"text \\\"q\\\" \\u2028 😀\"}", "text \"q\" \xe2\x80\xa8 😀");
  assert_extract ("$.a", "{\"a\":42}", "42");
  assert_extract ("$.a", "{\"a\":-1.5}", "-1.5");
  assert_extract ("$.a", "{\"a\":true}", "true");
  assert_extract ("$.a", "{\"a\":{\"b\":[1,2]}}", "{\"b\":[1,2]}");
  assert_extract ("$.a", "{\"a\":\"\"}", "");
  assert_extract ("$.a", "{\"a\":null}", NULL);
  assert_extract ("$.a", "{\"b\":1}", NULL);
  assert_extract ("$.items[*].t", "{\"items\":[{\"t\":\"x\"},{\"t\":\"y\"},{\"u\":1}]}", "xy");
  assert_extract ("$[0]", "  [\"first\", 2]", "first");
  assert_extract ("$", "[1]", "[1]");
  assert_extract ("$.a[-1]", "{\"a\":[1,2,3]}", "3");
  assert_extract ("$['a b']['c.d']", "{\"a b\":{\"c.d\":\"x\"}}", "x");
  /* past the end of an array, or the wrong type on the way: nothing */
  assert_extract ("$.choices[0].delta.content", "{\"choices\":[]}", NULL);
  assert_extract ("$.a[-4]", "{\"a\":[1,2,3]}", NULL);
  assert_extract ("$.a.b", "{\"a\":[1]}", NULL);
  assert_extract ("$.a[0]", "{\"a\":{\"0\":1}}", NULL);
  /* JsonPath's own: recursive descent */
  assert_extract ("$..text", "{\"a\":{\"text\":\"deep\"}}", "deep");
  /* not JSON, or not an object or array: skipped, not an error */
  assert_extract ("$.a", "[DONE]", NULL);
  assert_extract ("$.a", "ping", NULL);
  assert_extract ("$.a", "", NULL);
  assert_extract ("$.a", "42", NULL);
  assert_extract ("$.a", "{\"a\": broken", NULL);
}

static void
test_invalid_expression (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(RunnelJsonExtractor) extractor = runnel_json_extractor_new ("choices[0", NULL, &error);

  g_assert_null (extractor);
  g_assert_error (error, RUNNEL_JSON_PATH_ERROR, RUNNEL_JSON_PATH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "choices[0"));
}

static void
append_chunk (RunnelJsonAssembler *assembler,
              const char          *chunk,
              GString             *seen)
{
  g_string_append_printf (seen, "[%s]", chunk);
}

/* parses @stream as text/event-stream (or JSON lines) into an assembler for @preset_id */
static RunnelJsonAssembler *
assemble (const char *preset_id,
          const char *stream,
          gboolean    jsonl,
          GString    *seen)
{
  const RunnelJsonPathPreset *preset = runnel_json_path_find_preset (preset_id);
  g_autoptr(RunnelJsonExtractor) extractor = NULL;
  RunnelJsonAssembler *assembler;

  g_assert_nonnull (preset);
  extractor = runnel_json_extractor_new_for_preset (preset);
  assembler = runnel_json_assembler_new (extractor);
  if (seen != NULL)
    g_signal_connect (assembler, "appended", G_CALLBACK (append_chunk), seen);

  if (jsonl)
    {
      g_autoptr(RunnelJsonlParser) parser = runnel_jsonl_parser_new ();

      runnel_jsonl_parser_set_event_func (parser, runnel_json_assembler_add_event_func,
                                          assembler, NULL);
      runnel_jsonl_parser_feed (parser, (const guint8 *) stream, strlen (stream));
      runnel_jsonl_parser_finish (parser);
    }
  else
    {
      g_autoptr(RunnelSseParser) parser = runnel_sse_parser_new ();

      runnel_sse_parser_set_event_func (parser, runnel_json_assembler_add_event_func,
                                        assembler, NULL);
      runnel_sse_parser_feed (parser, (const guint8 *) stream, strlen (stream));
      runnel_sse_parser_finish (parser);
    }

  return assembler;
}

static void
test_openai_chat (void)
{
  g_autoptr(GString) seen = g_string_new (NULL);
  g_autoptr(RunnelJsonAssembler) assembler = assemble ("openai-chat",
    ": keep-alive\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo,\\n\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"wörld 😀\"}}]}\n\n"
    "data: {\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
    "data: {\"choices\":[],\"usage\":{\"total_tokens\":9}}\n\n"
    "data: [DONE]\n\n", FALSE, seen);

  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "Hello,\nwörld 😀");
  g_assert_cmpstr (seen->str, ==, "[Hel][lo,\n][wörld 😀]");
  g_assert_cmpuint (runnel_json_assembler_get_n_parts (assembler), ==, 4);
  g_assert_cmpuint (runnel_json_assembler_get_n_skipped (assembler), ==, 3);

  runnel_json_assembler_clear (assembler);
  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "");
  g_assert_cmpuint (runnel_json_assembler_get_n_parts (assembler), ==, 0);
}

static void
test_openai_responses (void)
{
  g_autoptr(RunnelJsonAssembler) assembler = assemble ("openai-responses",
    "event: response.created\n"
    "data: {\"type\":\"response.created\",\"response\":{\"id\":\"r1\"}}\n\n"
    "event: response.output_text.delta\n"
    "data: {\"type\":\"response.output_text.delta\",\"delta\":\"Hi \"}\n\n"
    "event: response.function_call_arguments.delta\n"
    "data: {\"type\":\"response.function_call_arguments.delta\",\"delta\":\"{\\\"x\\\"\"}\n\n"
    "data: {\"type\":\"response.output_text.delta\",\"delta\":\"there\"}\n\n"
    "event: response.completed\n"
    "data: {\"type\":\"response.completed\"}\n\n", FALSE, NULL);

  /* the function call's delta is another event type; the last one names its type in data only */
  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "Hi there");
}

static void
test_anthropic (void)
{
  g_autoptr(RunnelJsonAssembler) assembler = assemble ("anthropic",
    "event: message_start\n"
    "data: {\"type\":\"message_start\",\"message\":{\"id\":\"m1\",\"content\":[]}}\n\n"
    "event: content_block_start\n"
    "data: {\"type\":\"content_block_start\",\"index\":0,"
    "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
    "event: ping\n"
    "data: {\"type\": \"ping\"}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\"Bonjour\"}}\n\n"
    "event: content_block_delta\n"
    "data: {\"type\":\"content_block_delta\",\"index\":0,"
    "\"delta\":{\"type\":\"text_delta\",\"text\":\" à tous\"}}\n\n"
    "event: message_delta\n"
    "data: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"}}\n\n"
    "event: message_stop\n"
    "data: {\"type\":\"message_stop\"}\n\n", FALSE, NULL);

  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "Bonjour à tous");
}

static void
test_gemini (void)
{
  g_autoptr(RunnelJsonAssembler) assembler = assemble ("gemini",
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"The \"}],"
    "\"role\": \"model\"}}]}\r\n\r\n"
    "data: {\"candidates\": [{\"content\": {\"parts\": [{\"text\": \"sky\"}],\"role\": \"model\"},"
    "\"finishReason\": \"STOP\"}],\"usageMetadata\": {\"totalTokenCount\": 5}}\r\n\r\n",
    FALSE, NULL);

  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "The sky");
}

static void
test_ollama (void)
{
  g_autoptr(RunnelJsonAssembler) chat = assemble ("ollama-chat",
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"Why\"},\"done\":false}\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\" not?\"},\"done\":false}\n"
    "{\"model\":\"m\",\"message\":{\"role\":\"assistant\",\"content\":\"\"},\"done\":true}\n",
    TRUE, NULL);
  g_autoptr(RunnelJsonAssembler) generate = assemble ("ollama-generate",
    "{\"response\":\"4\",\"done\":false}\n{\"response\":\"2\",\"done\":false}\n{\"done\":true}",
    TRUE, NULL);

  g_assert_cmpstr (runnel_json_assembler_get_text (chat), ==, "Why not?");
  g_assert_cmpstr (runnel_json_assembler_get_text (generate), ==, "42");
}

/* an event nested past the limit: skipped with a reason, the stream goes on (json-glib would
 * have overflowed the stack on it, without any click) */
static void
test_too_deep (void)
{
  g_autofree char *deep = g_strnfill (120000, '[');
  g_autofree char *stream = g_strconcat (
    "data: {\"choices\":[{\"delta\":{\"content\":\"A\"}}]}\n\n"
    "data: ", deep, "\n\n"
    "data: {\"choices\":[{\"delta\":{\"content\":\"B\"}}]}\n\n", NULL);
  g_autoptr(RunnelJsonAssembler) assembler = assemble ("openai-chat", stream, FALSE, NULL);
  g_autoptr(RunnelJsonExtractor) extractor = runnel_json_extractor_new ("$..a", NULL, NULL);
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("message", 7, deep, strlen (deep),
                                                          NULL, 0, 1, 0, 0, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpstr (runnel_json_assembler_get_text (assembler), ==, "AB");
  g_assert_cmpuint (runnel_json_assembler_get_n_skipped (assembler), ==, 1);
  g_assert_nonnull (runnel_json_assembler_get_problem (assembler));
  g_assert_nonnull (strstr (runnel_json_assembler_get_problem (assembler),
                            "Event 2 skipped: The JSON nests"));
  runnel_json_assembler_clear (assembler);
  g_assert_null (runnel_json_assembler_get_problem (assembler));

  value = runnel_json_extractor_read_event (extractor, event, &error);
  g_assert_null (value);
  g_assert_error (error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP);
  g_assert_null (runnel_json_extractor_extract (extractor, deep, -1));
}

static void
test_presets (void)
{
  guint n = 0;
  const RunnelJsonPathPreset *presets = runnel_json_path_get_presets (&n);

  g_assert_cmpuint (n, >=, 5);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(RunnelJsonExtractor) extractor =
        runnel_json_extractor_new (presets[i].expression, presets[i].event_type, &error);

      g_assert_no_error (error);
      g_assert_nonnull (extractor);
      g_assert_true (runnel_json_path_find_preset (presets[i].id) == &presets[i]);
    }
  g_assert_null (runnel_json_path_find_preset ("nonexistent"));
  g_assert_cmpstr (runnel_json_path_find_preset ("openai-chat")->expression, ==,
                   "$.choices[0].delta.content");
}

/* --assemble's argument: a preset's id, else a JSONPath; anything else names the presets */
static void
test_spec (void)
{
  g_autoptr(RunnelJsonExtractor) preset = runnel_json_extractor_new_for_spec ("anthropic", NULL);
  g_autoptr(RunnelJsonExtractor) path = runnel_json_extractor_new_for_spec ("$.a", NULL);
  g_autoptr(RunnelJsonExtractor) none = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (preset);
  g_assert_cmpstr (runnel_json_extractor_get_expression (preset), ==,
                   runnel_json_path_find_preset ("anthropic")->expression);
  g_assert_nonnull (path);
  g_assert_cmpstr (runnel_json_extractor_get_expression (path), ==, "$.a");

  none = runnel_json_extractor_new_for_spec ("openai", &error);
  g_assert_null (none);
  g_assert_error (error, RUNNEL_JSON_PATH_ERROR, RUNNEL_JSON_PATH_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "openai-chat, openai-responses"));
  g_clear_error (&error);

  none = runnel_json_extractor_new_for_spec ("$[", &error);
  g_assert_null (none);
  g_assert_error (error, RUNNEL_JSON_PATH_ERROR, RUNNEL_JSON_PATH_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/json-path/values", test_values);
  g_test_add_func ("/runnel/json-path/invalid-expression", test_invalid_expression);
  g_test_add_func ("/runnel/json-path/presets", test_presets);
  g_test_add_func ("/runnel/json-path/too-deep", test_too_deep);
  g_test_add_func ("/runnel/json-path/spec", test_spec);
  g_test_add_func ("/runnel/json-path/assemble/openai-chat", test_openai_chat);
  g_test_add_func ("/runnel/json-path/assemble/openai-responses", test_openai_responses);
  g_test_add_func ("/runnel/json-path/assemble/anthropic", test_anthropic);
  g_test_add_func ("/runnel/json-path/assemble/gemini", test_gemini);
  g_test_add_func ("/runnel/json-path/assemble/ollama", test_ollama);

  return g_test_run ();
}
