/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-mcp-ui.c: an MCP session tab in the real window, against the demo server's /mcp */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "runnel-application.h"
#include "runnel-window-private.h"
#include "ui-test-util.h"

#define DEADLINE_MS 10000

/* the shared window fixture first, so that runnel_ui_fixture_setup () can fill it */
typedef struct
{
  RunnelUiFixture ui;
  RunnelMcpPage  *page;
  char           *mcp_url;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *uri;

  runnel_ui_fixture_setup (&fixture->ui, data);

  /* for the screenshots: RUNNEL_MCP_SHOTS_SIZE=WxH, RUNNEL_MCP_SHOTS_DARK=1 */
  if (g_getenv ("RUNNEL_MCP_SHOTS_SIZE") != NULL)
    {
      int width = 1280;
      int height = 800;

      sscanf (g_getenv ("RUNNEL_MCP_SHOTS_SIZE"), "%dx%d", &width, &height);
      gtk_window_set_default_size (GTK_WINDOW (fixture->ui.window), width, height);
      runnel_test_run_for (300);
    }
  if (g_getenv ("RUNNEL_MCP_SHOTS_DARK") != NULL)
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  uri = runnel_application_ensure_demo_server (runnel_ui_test_app (), &error);
  g_assert_no_error (error);
  fixture->mcp_url = g_strconcat (uri, "mcp", NULL);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  runnel_ui_fixture_teardown (&fixture->ui, data);
  g_free (fixture->mcp_url);
}

/* RUNNEL_MCP_SHOTS_DIR set: the window as a PNG there */
static void
shoot (Fixture    *fixture,
       const char *name)
{
  const char *dir = g_getenv ("RUNNEL_MCP_SHOTS_DIR");
  GtkWidget *widget = GTK_WIDGET (fixture->ui.window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;

  if (dir == NULL)
    return;

  /* the window's crossfade from its empty state, and the list's scrolling */
  runnel_test_run_for (1200);
  paintable = gtk_widget_paintable_new (widget);
  for (guint attempt = 0; node == NULL && attempt < 20; attempt++)
    {
      runnel_test_wait_for_frames (widget, 1);
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, GDK_SNAPSHOT (snapshot), gtk_widget_get_width (widget),
                              gtk_widget_get_height (widget));
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, gtk_widget_get_width (widget),
                                                              gtk_widget_get_height (widget)));
  file = g_strdup_printf ("%s%s.png", g_getenv ("RUNNEL_MCP_SHOTS_PREFIX") != NULL
                                      ? g_getenv ("RUNNEL_MCP_SHOTS_PREFIX") : "", name);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_print ("# %s\n", path);
}

static gboolean
page_idle (gpointer data)
{
  return !runnel_mcp_page_get_busy (data);
}

static gboolean
has_tools (gpointer data)
{
  return runnel_mcp_page_select_tool (data, "countdown");
}

static void
wait_idle (RunnelMcpPage *page)
{
  if (!runnel_test_iterate_until (page_idle, page, DEADLINE_MS))
    {
      RunnelMcpMessageList *list = runnel_mcp_page_get_message_list (page);
      guint n = g_list_model_get_n_items (runnel_mcp_message_list_get_model (list));

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *a = runnel_mcp_message_list_dup_cell (list, i, "kind");
          g_autofree char *b = runnel_mcp_message_list_dup_cell (list, i, "via");
          g_autofree char *c = runnel_mcp_message_list_dup_cell (list, i, "detail");

          g_printerr ("%u %s %s %s\n", i + 1, a, b, c);
        }
    }
  if (!runnel_test_iterate_until (page_idle, page, 1))
    g_error ("still busy; status: %s", runnel_mcp_page_get_text (page, "status"));
  g_assert_true (runnel_test_iterate_until (page_idle, page, DEADLINE_MS));
}

static void
open_session (Fixture    *fixture,
              const char *url)
{
  RunnelMcpPage *page;

  /* New MCP Session in the window's menu: the demo server's /mcp, since it runs */
  gtk_widget_activate_action (GTK_WIDGET (fixture->ui.window), "win.new-mcp-session", NULL);
  page = RUNNEL_MCP_PAGE (adw_tab_page_get_child (adw_tab_view_get_selected_page
                                                    (runnel_window_get_tab_view
                                                      (fixture->ui.window))));
  if (url != NULL)
    runnel_mcp_page_set_url (page, url);
  runnel_mcp_page_set_headers_text (page, "Authorization: Bearer test\n");
  fixture->page = page;

  gtk_widget_activate_action (GTK_WIDGET (page), "mcp.initialize", NULL);
  wait_idle (page);
}

/* the rows (from 0) whose cell in @column says @text */
static guint
count_rows (RunnelMcpPage *page,
            const char    *column,
            const char    *text)
{
  RunnelMcpMessageList *list = runnel_mcp_page_get_message_list (page);
  guint n = g_list_model_get_n_items (runnel_mcp_message_list_get_model (list));
  guint found = 0;

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *cell = runnel_mcp_message_list_dup_cell (list, i, column);

      if (g_strcmp0 (cell, text) == 0)
        found++;
    }

  return found;
}

static gboolean
stream_message_came (gpointer data)
{
  return count_rows (data, "via", "GET") > 0;
}

static void
test_session_tab (Fixture       *fixture,
                  gconstpointer  data)
{
  RunnelMcpMessageList *list;
  RunnelMcpToolForm *form;
  g_autofree char *expected = NULL;
  guint n;
  guint call_row = 0;
  guint response_row = 0;

  open_session (fixture, NULL);

  /* the server, its protocol and capabilities, its tools and resources */
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "server"), ==,
                   "runnel-demo " PACKAGE_VERSION);
  g_assert_nonnull (strstr (runnel_mcp_page_get_text (fixture->page, "details"),
                            "2025-06-18"));
  g_assert_nonnull (strstr (runnel_mcp_page_get_text (fixture->page, "details"),
                            "tools, resources, logging"));
  g_assert_true (runnel_test_iterate_until (has_tools, fixture->page, DEADLINE_MS));
  g_assert_cmpstr (adw_tab_page_get_title (adw_tab_view_get_selected_page
                                             (runnel_window_get_tab_view (fixture->ui.window))),
                   ==, "runnel-demo");

  /* countdown from the form its schema makes: flat integers */
  form = runnel_mcp_page_get_tool_form (fixture->page);
  g_assert_true (runnel_mcp_tool_form_is_simple (form));
  runnel_mcp_tool_form_set_value (form, "from", "3");
  runnel_mcp_tool_form_set_value (form, "interval_ms", "50");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.call", NULL);
  wait_idle (fixture->page);
  /* the expected words through the catalogue: the screenshots run this in Chinese too */
  expected = g_strdup_printf (_("Result: %s"), "Liftoff after counting down from 3");
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "result"), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "progress"), ==, "3 / 3 · 0 left");
  shoot (fixture, "call");

  /* the columns know JSON-RPC: the progress and the response point at their request */
  list = runnel_mcp_page_get_message_list (fixture->page);
  n = g_list_model_get_n_items (runnel_mcp_message_list_get_model (list));
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *kind = runnel_mcp_message_list_dup_cell (list, i, "kind");
      g_autofree char *method = runnel_mcp_message_list_dup_cell (list, i, "method");

      if (g_strcmp0 (method, "tools/call") == 0 && g_strcmp0 (kind, _("request")) == 0)
        call_row = i + 1;
      if (g_strcmp0 (method, "tools/call") == 0 && g_strcmp0 (kind, _("response")) == 0)
        response_row = i;
    }
  g_assert_cmpuint (call_row, >, 0);
  g_assert_cmpuint (response_row, >, call_row);
  {
    g_autofree char *answers = runnel_mcp_message_list_dup_cell (list, response_row, "request");
    g_autofree char *request = g_strdup_printf ("#%u", call_row);
    g_autofree char *via = runnel_mcp_message_list_dup_cell (list, response_row, "via");

    g_assert_cmpstr (answers, ==, request);
    g_assert_cmpstr (via, ==, "POST stream");
  }
  g_assert_cmpuint (count_rows (fixture->page, "kind", _("notification")), ==, 4);
  expected = g_strdup_printf (_("progress %s · %s"), "2/3", "1 left");
  g_assert_cmpuint (count_rows (fixture->page, "detail", expected), ==, 1);
  g_clear_pointer (&expected, g_free);

  /* Resume test: straight, then dropped after 2 events and resumed */
  runnel_mcp_tool_form_set_value (form, "from", "4");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.resume-test", NULL);
  wait_idle (fixture->page);
  expected = g_strdup_printf (_("Resume test passed: dropped after %u events and resumed with "
                                "Last-Event-ID; none lost, none repeated (%u messages, as "
                                "straight through)"), 2, 5);
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "result"), ==, expected);
  g_clear_pointer (&expected, g_free);
  g_assert_cmpuint (count_rows (fixture->page, "via", "GET resume"), ==, 3);
  runnel_mcp_message_list_select (list, response_row);
  shoot (fixture, "resume-test");

  /* the GET stream, then the end */
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.toggle-stream", NULL);
  g_assert_true (runnel_test_iterate_until (stream_message_came, fixture->page, DEADLINE_MS));
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.end", NULL);
  wait_idle (fixture->page);
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "status"), ==,
                   _("Session ended: initialize to start a new one"));
  g_assert_cmpint (runnel_mcp_session_get_state (runnel_mcp_page_get_session (fixture->page)),
                   ==, RUNNEL_MCP_SESSION_STATE_ENDED);
}

static gboolean
says_expired (gpointer data)
{
  g_autofree char *words = g_strdup (_("The server no longer knows this session: initialize "
                                       "again%s"));

  /* the words before the HTTP status, in the language of the run */
  *strstr (words, "%s") = '\0';
  return g_str_has_prefix (runnel_mcp_page_get_text (data, "status"), words);
}

static void
test_expired (Fixture       *fixture,
              gconstpointer  data)
{
  g_autofree char *url = g_strconcat (fixture->mcp_url, "?expire_session=1", NULL);
  g_autofree char *expected = NULL;
  RunnelMcpToolForm *form;

  open_session (fixture, url);

  /* tools/list itself meets the expired session: said in words */
  g_assert_true (runnel_test_iterate_until (says_expired, fixture->page, DEADLINE_MS));
  shoot (fixture, "expired");

  /* a new session on the plain URL; echo's form has its one string */
  form = runnel_mcp_page_get_tool_form (fixture->page);
  runnel_mcp_page_set_url (fixture->page, fixture->mcp_url);
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.initialize", NULL);
  wait_idle (fixture->page);
  g_assert_true (runnel_test_iterate_until (has_tools, fixture->page, DEADLINE_MS));
  runnel_mcp_page_select_tool (fixture->page, "echo");
  g_assert_true (runnel_mcp_tool_form_is_simple (form));
  runnel_mcp_tool_form_set_value (form, "text", "héllo");
  gtk_widget_activate_action (GTK_WIDGET (fixture->page), "mcp.call", NULL);
  wait_idle (fixture->page);
  expected = g_strdup_printf (_("Result: %s"), "héllo");
  g_assert_cmpstr (runnel_mcp_page_get_text (fixture->page, "result"), ==, expected);
}

static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static void
test_tool_form (void)
{
  GtkWidget *form = g_object_ref_sink (runnel_mcp_tool_form_new ());
  RunnelMcpToolForm *self = RUNNEL_MCP_TOOL_FORM (form);
  g_autoptr(JsonObject) flat = parse_object ("{\"name\": \"f\", \"inputSchema\": {\"type\": "
                                             "\"object\", \"properties\": {\"n\": {\"type\": "
                                             "\"integer\"}, \"x\": {\"type\": \"number\"}, "
                                             "\"on\": {\"type\": \"boolean\", \"default\": true}, "
                                             "\"s\": {\"type\": \"string\"}}, "
                                             "\"required\": [\"n\"]}}");
  g_autoptr(JsonObject) nested = parse_object ("{\"name\": \"g\", \"inputSchema\": {\"type\": "
                                               "\"object\", \"properties\": {\"a\": {\"type\": "
                                               "\"object\"}}}}");
  g_autoptr(JsonNode) arguments = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  /* flat properties: a form; its values typed as the schema says */
  runnel_mcp_tool_form_set_tool (self, flat);
  g_assert_true (runnel_mcp_tool_form_is_simple (self));
  runnel_mcp_tool_form_set_value (self, "n", "abc");
  g_assert_null (runnel_mcp_tool_form_dup_arguments (self, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  runnel_mcp_tool_form_set_value (self, "n", "7");
  runnel_mcp_tool_form_set_value (self, "x", "2.5");
  runnel_mcp_tool_form_set_value (self, "s", "hi");
  arguments = runnel_mcp_tool_form_dup_arguments (self, &error);
  g_assert_no_error (error);
  text = json_to_string (arguments, FALSE);
  g_assert_nonnull (strstr (text, "\"n\":7"));
  g_assert_nonnull (strstr (text, "\"x\":2.5"));
  g_assert_nonnull (strstr (text, "\"on\":true"));
  g_assert_nonnull (strstr (text, "\"s\":\"hi\""));
  g_clear_pointer (&arguments, json_node_unref);
  g_clear_pointer (&text, g_free);

  /* anything else: the JSON editor, which takes only an object */
  runnel_mcp_tool_form_set_tool (self, nested);
  g_assert_false (runnel_mcp_tool_form_is_simple (self));
  runnel_mcp_tool_form_set_value (self, NULL, "[1]");
  g_assert_null (runnel_mcp_tool_form_dup_arguments (self, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  runnel_mcp_tool_form_set_value (self, NULL, "{\"a\": {\"b\": [1, 2]}}");
  arguments = runnel_mcp_tool_form_dup_arguments (self, NULL);
  text = json_to_string (arguments, FALSE);
  g_assert_cmpstr (text, ==, "{\"a\":{\"b\":[1,2]}}");

  g_assert_finalize_object (form);
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

  /* for the screenshots in another language: LANGUAGE=zh_CN RUNNEL_LOCALEDIR=BUILD/po */
  if (g_getenv ("RUNNEL_LOCALEDIR") != NULL)
    {
      setlocale (LC_ALL, "C.UTF-8");
      bindtextdomain (GETTEXT_PACKAGE, g_getenv ("RUNNEL_LOCALEDIR"));
      bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
      textdomain (GETTEXT_PACKAGE);
    }

  g_test_add ("/runnel/ui/mcp/session-tab", Fixture, NULL, fixture_setup, test_session_tab,
              fixture_teardown);
  g_test_add ("/runnel/ui/mcp/expired", Fixture, NULL, fixture_setup, test_expired,
              fixture_teardown);
  g_test_add_func ("/runnel/ui/mcp/tool-form", test_tool_form);

  return runnel_ui_test_run ();
}
