/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-event.c: RunnelSseEvent: one allocation, defaults, JSON form */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-json.h"
#include "runnel-sse-event.h"

static void
test_defaults (void)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, "hi", 2, NULL, 0, 1, 10, 20, 9);
  gsize len = 0;

  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, "message");
  g_assert_cmpstr (runnel_sse_event_get_data (event, &len), ==, "hi");
  g_assert_cmpuint (len, ==, 2);
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, "");
  g_assert_cmpuint (runnel_sse_event_get_sequence (event), ==, 1);
  g_assert_cmpint (runnel_sse_event_get_monotonic_time (event), ==, 10);
  g_assert_cmpint (runnel_sse_event_get_real_time (event), ==, 20);
  g_assert_cmpuint (runnel_sse_event_get_wire_size (event), ==, 9);
}

static void
test_named (void)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("update", 6, "a\nb", 3, "42", 2, 7, 0, 0, 0);

  g_assert_cmpstr (runnel_sse_event_get_event_type (event), ==, "update");
  g_assert_cmpstr (runnel_sse_event_get_data (event, NULL), ==, "a\nb");
  g_assert_cmpstr (runnel_sse_event_get_id (event), ==, "42");
}

static void
test_json_escaping (void)
{
  const char data[] = "quote\" backslash\\ nl\n tab\t bell\x07 ls\xe2\x80\xa8 nul-free";
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new ("t\"", 2, data, sizeof data - 1,
                                                          "i\x01", 2, 3, 0, 1700000000123456, 0);
  g_autofree char *json = runnel_sse_event_to_json (event);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonObject *object;

  g_assert_null (strchr (json, '\n'));
  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  object = json_node_get_object (json_parser_get_root (parser));
  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, "t\"");
  g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, data);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, "i\x01");
  g_assert_cmpint (json_object_get_int_member (object, "seq"), ==, 3);
  g_assert_cmpstr (json_object_get_string_member (object, "time"), ==, "2023-11-14T22:13:20.123456Z");
}

static char *
parse_json_string (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, json, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_cmpint (json_node_get_value_type (root), ==, G_TYPE_STRING);

  return json_node_dup_string (root);
}

/* every ASCII character, both line separators and some non-ASCII text survive a round trip */
static void
test_json_string_round_trip (void)
{
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new ("prefix ");
  g_autofree char *back = NULL;

  for (int c = 1; c < 0x80; c++)
    g_string_append_c (text, c);
  g_string_append (text, "\xE2\x80\xA8|\xE2\x80\xA9|\xE2\x82\xAC|\xF0\x9F\x98\x80|\xEF\xBF\xBD\"");

  runnel_json_append_string (out, text->str, text->len);
  g_assert_true (g_str_has_prefix (out->str, "prefix \""));
  g_assert_null (strstr (out->str, "\xE2\x80\xA8"));
  g_assert_null (strstr (out->str, "\xE2\x80\xA9"));
  g_assert_nonnull (strstr (out->str, "\\u2028|\\u2029|\xE2\x82\xAC"));
  for (gsize i = 0; i < out->len; i++)
    g_assert_cmpint ((guchar) out->str[i], >=, 0x20);

  back = parse_json_string (out->str + strlen ("prefix "));
  g_assert_cmpstr (back, ==, text->str);
}

/* data may hold NUL (the stream may carry it): it is escaped, not cut */
static void
test_json_nul (void)
{
  g_autoptr(RunnelSseEvent) event = runnel_sse_event_new (NULL, 0, "a\0b", 3, NULL, 0, 1, 0, 0, 0);
  g_autofree char *json = runnel_sse_event_to_json (event);

  g_assert_nonnull (strstr (json, "\"data\":\"a\\u0000b\""));
}

static void
test_json_time (void)
{
  g_autoptr(RunnelSseEvent) whole = runnel_sse_event_new (NULL, 0, "", 0, NULL, 0, 1, 0,
                                                          1700000000000000, 0);
  g_autoptr(RunnelSseEvent) later = runnel_sse_event_new (NULL, 0, "", 0, NULL, 0, 2, 0,
                                                          1700000000000001, 0);
  g_autoptr(RunnelSseEvent) before = runnel_sse_event_new (NULL, 0, "", 0, NULL, 0, 3, 0,
                                                           -1, 0);
  g_autofree char *json1 = runnel_sse_event_to_json (whole);
  g_autofree char *json2 = runnel_sse_event_to_json (later);
  g_autofree char *json3 = runnel_sse_event_to_json (before);

  g_assert_cmpstr (json1, ==, "{\"type\":\"message\",\"data\":\"\",\"id\":\"\",\"seq\":1,"
                              "\"time\":\"2023-11-14T22:13:20Z\"}");
  g_assert_nonnull (strstr (json2, "\"time\":\"2023-11-14T22:13:20.000001Z\""));
  g_assert_nonnull (strstr (json3, "\"time\":\"1969-12-31T23:59:59.999999Z\""));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/event/defaults", test_defaults);
  g_test_add_func ("/runnel/event/named", test_named);
  g_test_add_func ("/runnel/event/json-escaping", test_json_escaping);
  g_test_add_func ("/runnel/event/json-string-round-trip", test_json_string_round_trip);
  g_test_add_func ("/runnel/event/json-nul", test_json_nul);
  g_test_add_func ("/runnel/event/json-time", test_json_time);

  return g_test_run ();
}
