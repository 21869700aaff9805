/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-sse-event.c: RunnelSseEvent: one allocation, defaults, JSON form */

#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/event/defaults", test_defaults);
  g_test_add_func ("/runnel/event/named", test_named);
  g_test_add_func ("/runnel/event/json-escaping", test_json_escaping);

  return g_test_run ();
}
