/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-ui-language.c: the window in Simplified Chinese shows no English a user could read */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "runnel-application.h"
#include "ui-test-util.h"

/* Words that stay as they are in every language: the name, protocol, header and format names,
 * the SSE field names, event types given as examples, key names. Tokens (split at spaces) that
 * contain one of the phrases are checked with the phrase removed. */
static const char * const kept_phrases[] = {
  "Last-Event-ID", "Content-Type", "Content-Encoding", "Retry-After", "WWW-Authenticate",
  "EventSource", "$.choices[0].delta.content",
};
static const char * const kept_words[] = {
  "Runnel", "SSE", "URL", "URLs", "HTTP", "HTTPS", "JSON", "ID", "API", "UTF", "TLS", "LLM",
  "CA", "PEM", "HTML", "OpenAI", "gzip", "cURL", "curl",
  /* the names of the LLM services whose JSONPath presets the stream page offers */
  "Anthropic", "Google", "Gemini", "Ollama", "Cohere", "JSONPath",
  "GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS",
  "data", "event", "id", "retry", "message", "error", "fatal",
  "DONE", "Ctrl", "Shift", "Alt", "Esc", "Enter", "ms", "KB", "MB", "GB", "KiB", "MiB", "GiB",
  /* GTK's own zh_CN catalogue keeps these key names in the shortcuts window */
  "Page", "Up", "Down",
};

typedef struct
{
  GtkWindow      *window;
  GPtrArray      *english;  /* "where: text" for every string left in English */
} Fixture;

static gboolean
is_kept_word (const char *word,
              gsize       len)
{
  for (guint i = 0; i < G_N_ELEMENTS (kept_words); i++)
    if (strlen (kept_words[i]) == len && strncmp (kept_words[i], word, len) == 0)
      return TRUE;

  return FALSE;
}

/* A token is code, not words, when it is an address, a path, a query or a host: it has one of
 * "/?=_@" or a dotted name */
static gboolean
is_code (const char *token)
{
  g_autoptr(GRegex) host = NULL;

  if (strpbrk (token, "/?=_@") != NULL)
    return TRUE;

  host = g_regex_new ("[A-Za-z0-9-]+\\.[A-Za-z0-9-]+[.:]", 0, 0, NULL);
  return g_regex_match (host, token, 0, NULL);
}

/* English in @text: a run of two or more Latin letters that is not a kept word */
static gboolean
has_english (const char *text)
{
  g_auto(GStrv) tokens = g_strsplit_set (text, " \t\n", -1);

  for (guint t = 0; tokens[t] != NULL; t++)
    {
      g_autofree char *token = g_strdup (tokens[t]);
      const char *p;

      if (is_code (token))
        continue;

      for (guint i = 0; i < G_N_ELEMENTS (kept_phrases); i++)
        {
          char *found;

          while ((found = strstr (token, kept_phrases[i])) != NULL)
            memset (found, ' ', strlen (kept_phrases[i]));
        }

      p = token;
      while (*p != '\0')
        {
          const char *start;

          if (!g_ascii_isalpha (*p))
            {
              p++;
              continue;
            }

          start = p;
          while (g_ascii_isalpha (*p))
            p++;

          if (p - start >= 2 && !is_kept_word (start, p - start))
            return TRUE;
        }
    }

  return FALSE;
}

static void
check_text (Fixture    *fixture,
            GtkWidget  *widget,
            const char *what,
            const char *text)
{
  g_autofree char *found = NULL;

  if (text == NULL || !has_english (text))
    return;

  found = g_strdup_printf ("%s %s: \"%s\"", G_OBJECT_TYPE_NAME (widget), what, text);
  if (!g_ptr_array_find_with_equal_func (fixture->english, found, g_str_equal, NULL))
    g_ptr_array_add (fixture->english, g_steal_pointer (&found));
}

/* Every string a user can see on the mapped widgets under @widget */
static void
collect_visible_text (Fixture   *fixture,
                      GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_LABEL (widget))
    check_text (fixture, widget, "label", gtk_label_get_text (GTK_LABEL (widget)));
  if (GTK_IS_TEXT (widget))
    check_text (fixture, widget, "placeholder", gtk_text_get_placeholder_text (GTK_TEXT (widget)));
  if (GTK_IS_WINDOW (widget))
    check_text (fixture, widget, "title", gtk_window_get_title (GTK_WINDOW (widget)));
  check_text (fixture, widget, "tooltip", gtk_widget_get_tooltip_text (widget));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_text (fixture, child);
}

/* Let the main loop run layout and idle work, within a deadline */
static void
settle (void)
{
  gint64 deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;

  while (g_main_context_pending (NULL) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
}

static void
wait_until_mapped (GtkWidget *widget)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  while (!gtk_widget_get_mapped (widget) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  /* one more round of layout, so that lazily built children exist too */
  settle ();
}

/* Open what a user opens to see more: expanders, and every menu button's popover in turn */
static void
collect_hidden_text (Fixture   *fixture,
                     GtkWidget *widget)
{
  if (!gtk_widget_get_mapped (widget))
    return;

  if (GTK_IS_EXPANDER (widget) && !gtk_expander_get_expanded (GTK_EXPANDER (widget)))
    {
      gtk_expander_set_expanded (GTK_EXPANDER (widget), TRUE);
      settle ();
      collect_visible_text (fixture, widget);
    }

  if (GTK_IS_MENU_BUTTON (widget))
    {
      GtkPopover *popover;

      gtk_menu_button_popup (GTK_MENU_BUTTON (widget));
      popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (widget));
      if (popover != NULL)
        {
          wait_until_mapped (GTK_WIDGET (popover));
          collect_visible_text (fixture, GTK_WIDGET (popover));
        }
      gtk_menu_button_popdown (GTK_MENU_BUTTON (widget));
      settle ();
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_hidden_text (fixture, child);
}

/* Everything on every window on screen; returns how many there are */
static guint
collect_all_windows (Fixture *fixture)
{
  GListModel *toplevels = gtk_window_get_toplevels ();
  guint n_mapped = 0;

  settle ();
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      if (!gtk_widget_get_mapped (window))
        continue;

      n_mapped++;
      collect_visible_text (fixture, window);
      collect_hidden_text (fixture, window);
    }

  return n_mapped;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  GtkApplication *app = GTK_APPLICATION (runnel_ui_test_app ());

  fixture->english = g_ptr_array_new_with_free_func (g_free);

  /* the window the user gets when starting Runnel with no argument */
  g_application_activate (G_APPLICATION (app));
  fixture->window = gtk_application_get_active_window (app);
  g_assert_nonnull (fixture->window);
  wait_until_mapped (GTK_WIDGET (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  while (g_list_model_get_n_items (toplevels) > 0)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, 0);

      gtk_window_destroy (window);
    }
  g_clear_pointer (&fixture->english, g_ptr_array_unref);
}

static void
assert_nothing_english (Fixture *fixture)
{
  g_autoptr(GString) report = g_string_new (NULL);

  for (guint i = 0; i < fixture->english->len; i++)
    g_string_append_printf (report, "\n  %s", (char *) g_ptr_array_index (fixture->english, i));

  g_assert_cmpstr (report->str, ==, "");
}

static void
test_catalogue_loaded (void)
{
  /* a string only the data files use: proves the built zh_CN catalogue is the one in use */
  g_assert_cmpstr (g_dgettext (GETTEXT_PACKAGE, "Event Stream Viewer"), ==, "事件流查看器");
}

/* What a user sees first, then a new stream tab with its menus and expanders, the shortcuts
 * window and the about window: one test, as the application can register only once per process
 * on the session bus */
static void
test_window (Fixture       *fixture,
             gconstpointer  data)
{
  g_assert_cmpuint (collect_all_windows (fixture), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-tab", NULL));
  g_assert_cmpuint (collect_all_windows (fixture), ==, 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-help-overlay", NULL));
  g_action_group_activate_action (G_ACTION_GROUP (runnel_ui_test_app ()), "about", NULL);
  g_assert_cmpuint (collect_all_windows (fixture), ==, 3);

  assert_nothing_english (fixture);
}

static void
test_detector (void)
{
  g_assert_true (has_english ("Open a stream"));
  g_assert_true (has_english ("打开 Stream"));
  g_assert_false (has_english ("打开 https://example.com/stream 的 JSON 数据"));
  g_assert_false (has_english ("已连接 127.0.0.1:8080，HTTP 200，Last-Event-ID 为 42"));
  g_assert_false (has_english ("Runnel"));
  g_assert_false (has_english ("/counter — id: N 和 data: N，每隔 ?interval= 毫秒发送一个"));
  g_assert_true (has_english ("/fault/404 — HTTP 404 Not Found"));
}

int
main (int   argc,
      char *argv[])
{
  runnel_ui_test_init (&argc, &argv);

  /* gtk_test_init enters the C locale, where gettext ignores LANGUAGE; C.UTF-8 does not */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, RUNNEL_BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_add_func ("/runnel/language/detector", test_detector);
  g_test_add_func ("/runnel/language/catalogue", test_catalogue_loaded);
  g_test_add ("/runnel/language/window", Fixture, NULL, fixture_setup, test_window, fixture_teardown);

  return runnel_ui_test_run ();
}
