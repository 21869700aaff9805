/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-expect-cli.c: runnel --print --expect, --junit, --assemble and --test on the demo server */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <string.h>

#include "runnel-demo-server.h"
#include "runnel-test-util.h"

#define WAIT_MS 60000
#define CHAT_BODY "{\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"

typedef struct
{
  RunnelDemoServer *server;
  char             *dir;
} Fixture;

typedef RunnelTestRun Run;

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, runnel_test_run_clear)

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->server = runnel_demo_server_new ();
  runnel_demo_server_listen (f->server, "127.0.0.1", 0, FALSE, &error);
  g_assert_no_error (error);
  f->dir = g_dir_make_tmp ("runnel-expect-XXXXXX", &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  runnel_demo_server_stop (f->server);
  g_assert_finalize_object (f->server);
  runnel_test_remove_dir (f->dir);
  g_free (f->dir);
}

/* the demo server's URL for @path, without a doubled slash */
static char *
url (Fixture    *f,
     const char *path)
{
  return g_strconcat (runnel_demo_server_get_uri (f->server), path + 1, NULL);
}

/* runs the runnel binary with @args (NULL-terminated) while the demo server serves it */
static void
run_runnel (Run                *run,
            const char * const *args)
{
  runnel_test_run_clear (run);
  runnel_test_run_binary (run, args, WAIT_MS);
}

static void
assert_line (const char *text,
             const char *line)
{
  g_autofree char *needle = g_strconcat ("\n", line, "\n", NULL);
  g_autofree char *haystack = g_strconcat ("\n", text, NULL);

  if (strstr (haystack, needle) == NULL)
    g_error ("no line “%s” in:\n%s", line, text);
}

static guint
count_lines (const char *text)
{
  guint n = 0;

  for (const char *p = text; *p != '\0'; p++)
    n += *p == '\n';

  return n;
}

/* every kind passes on streams that have what they expect: exit status 0 */
static void
test_pass (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *events = url (f, "/events?types=update,alert&count=4&interval=20");
  g_autofree char *chat = url (f, "/chat?interval=5");
  g_autofree char *drop = url (f, "/fault/drop");
  const char * const event_args[] = {
    "--print", "--until-end",
    "--expect", "event update", "--expect", "event *", "--expect", "first event within 10s",
    "--expect", "count * == 4", "--expect", "count alert >= 2 within 10s",
    "--expect", "count other < 1", "--expect", "status 200",
    "--expect", "header Content-Type matches /^text\\/event-stream/",
    "--expect", "ends within 10s", "--expect", "reconnects <= 0", "--expect", "gap <= 5s",
    events, NULL
  };
  g_auto(Run) run = { 0 };
  const char * const chat_args[] = {
    "--print", "-d", CHAT_BODY,
    "--expect", "json $.choices[0].delta.content contains Hello",
    "--expect", "json $.choices[0].finish_reason == stop",
    "--expect", "json $.model matches /^runnel/", "--expect", "json $.id exists",
    "--expect", "assembled openai-chat contains \"You said\"",
    "--expect", "assembled $.choices[0].delta.content matches /model does\\.$/",
    "--expect", "assembled openai-chat length >= 50", chat, NULL
  };
  g_auto(Run) chat_run = { 0 };
  const char * const drop_args[] = { "--print", "--expect", "reconnects >= 1", drop, NULL };
  g_auto(Run) drop_run = { 0 };
  g_autofree char *ndjson = url (f, "/ndjson?interval=5&count=3");
  const char * const every_args[] = {
    "--print", "--no-reconnect-on-end", "--expect", "every * json $.n > 0",
    "--expect", "every message json $.level == info", ndjson, NULL
  };
  g_auto(Run) every_run = { 0 };
  g_autofree char *ordered = url (f, "/events?types=start,stop&count=2&interval=10");
  const char * const order_args[] = {
    "--print", "--expect", "order start before stop", ordered, NULL
  };
  g_auto(Run) order_run = { 0 };

  run_runnel (&every_run, every_args);
  g_assert_cmpint (every_run.status, ==, 0);
  assert_line (every_run.err, "✓ every * json $.n > 0: all 3 events passed");
  assert_line (every_run.err, "✓ every message json $.level == info: all 3 events passed");

  run_runnel (&order_run, order_args);
  g_assert_cmpint (order_run.status, ==, 0);
  assert_line (order_run.err, "✓ order start before stop: last start #1, first stop #2");

  run_runnel (&run, event_args);
  g_assert_cmpint (run.status, ==, 0);
  /* the events print as without --expect, the results go to stderr */
  g_assert_cmpuint (count_lines (run.out), ==, 4);
  g_assert_nonnull (strstr (run.err, "✓ event update: #1 at "));
  assert_line (run.err, "✓ count * == 4: 4");
  assert_line (run.err, "✓ count alert >= 2 within 10s: 2");
  assert_line (run.err, "✓ count other < 1: 0");
  assert_line (run.err, "✓ status 200: 200");
  assert_line (run.err, "✓ header Content-Type matches /^text\\/event-stream/: "
                        "“text/event-stream; charset=utf-8”");
  assert_line (run.err, "✓ reconnects <= 0: 0");
  g_assert_nonnull (strstr (run.err, "✓ first event within 10s: #1 at "));
  g_assert_nonnull (strstr (run.err, "✓ ends within 10s: ended at "));
  g_assert_nonnull (strstr (run.err, "✓ gap <= 5s: longest "));

  run_runnel (&chat_run, chat_args);
  g_assert_cmpint (chat_run.status, ==, 0);
  assert_line (chat_run.err, "✓ json $.choices[0].finish_reason == stop: “stop” in #25");
  assert_line (chat_run.err, "✓ json $.model matches /^runnel/: “runnel-demo” in #1");
  assert_line (chat_run.err, "✓ json $.id exists: “chatcmpl-runnel-demo” in #1");
  g_assert_nonnull (strstr (chat_run.err, "✓ assembled openai-chat contains \"You said\": "
                                          "“Hello! You said: \"hi\""));
  g_assert_nonnull (strstr (chat_run.err, "✓ assembled openai-chat length >= 50: "));

  run_runnel (&drop_run, drop_args);
  g_assert_cmpint (drop_run.status, ==, 0);
  assert_line (drop_run.err, "✓ reconnects >= 1: 1");
}

/* every kind fails on streams that lack what they expect: exit status 4 */
static void
test_fail (Fixture       *f,
           gconstpointer  data)
{
  g_autofree char *events = url (f, "/events?types=update,alert&count=4&interval=20");
  g_autofree char *chat = url (f, "/chat?interval=5");
  g_autofree char *silent = url (f, "/fault/silent");
  g_autofree char *drop = url (f, "/fault/drop");
  g_autofree char *missing = url (f, "/fault/404");
  const char * const event_args[] = {
    "--print", "--until-end",
    "--expect", "event other", "--expect", "count * >= 5", "--expect", "count alert <= 1",
    "--expect", "count update == 3", "--expect", "status >= 300",
    "--expect", "header Content-Type contains json", "--expect", "header X-Nothing exists",
    "--expect", "order alert before update", "--expect", "event update within 1ms",
    events, NULL
  };
  g_auto(Run) run = { 0 };
  const char * const chat_args[] = {
    "--print", "-d", CHAT_BODY, "--until-end",
    "--expect", "json $.choices[0].delta.content contains Goodbye",
    "--expect", "json $.missing exists", "--expect", "every * json $.choices[0].delta.content exists",
    "--expect", "assembled openai-chat contains Goodbye",
    "--expect", "assembled anthropic matches /./", "--expect", "assembled openai-chat length < 10",
    chat, NULL
  };
  g_auto(Run) chat_run = { 0 };
  const char * const silent_args[] = {
    "--print", "-m", "2", "--expect", "gap <= 300ms", "--expect", "ends", silent, NULL
  };
  g_auto(Run) silent_run = { 0 };
  const char * const drop_args[] = { "--print", "--expect", "reconnects == 0", drop, NULL };
  g_auto(Run) drop_run = { 0 };
  const char * const missing_args[] = {
    "--print", "--expect", "status 200", "--expect", "event *", missing, NULL
  };
  g_auto(Run) missing_run = { 0 };

  run_runnel (&run, event_args);
  g_assert_cmpint (run.status, ==, 4);
  assert_line (run.err, "✗ event other: none");
  assert_line (run.err, "✗ count * >= 5: 4");
  assert_line (run.err, "✗ count alert <= 1: 2");
  assert_line (run.err, "✗ count update == 3: 2");
  assert_line (run.err, "✗ status >= 300: 200");
  assert_line (run.err, "✗ header Content-Type contains json: “text/event-stream; charset=utf-8”");
  assert_line (run.err, "✗ header X-Nothing exists: no X-Nothing header");
  assert_line (run.err, "✗ order alert before update: update #1 before any alert");
  g_assert_nonnull (strstr (run.err, "✗ event update within 1ms: "));

  run_runnel (&chat_run, chat_args);
  g_assert_cmpint (chat_run.status, ==, 4);
  g_assert_nonnull (strstr (chat_run.err, "✗ json $.choices[0].delta.content contains Goodbye: "
                                          "last “"));
  assert_line (chat_run.err, "✗ json $.missing exists: no event has $.missing");
  /* the last chunk has no content */
  assert_line (chat_run.err, "✗ every * json $.choices[0].delta.content exists: "
                             "#25 has no $.choices[0].delta.content");
  g_assert_nonnull (strstr (chat_run.err, "✗ assembled openai-chat contains Goodbye: “Hello!"));
  assert_line (chat_run.err, "✗ assembled anthropic matches /./: no text");
  g_assert_nonnull (strstr (chat_run.err, "✗ assembled openai-chat length < 10: "));

  /* a silence fails while it lasts, long before -m */
  run_runnel (&silent_run, silent_args);
  g_assert_cmpint (silent_run.status, ==, 4);
  g_assert_nonnull (strstr (silent_run.err, "✗ gap <= 300ms: 0."));
  g_assert_nonnull (strstr (silent_run.err, "s of silence after #1\n"));
  assert_line (silent_run.err, "✗ ends: the server did not end it");

  run_runnel (&drop_run, drop_args);
  g_assert_cmpint (drop_run.status, ==, 4);
  assert_line (drop_run.err, "✗ reconnects == 0: 1");

  /* a failed stream: the expectations say what it lacked */
  run_runnel (&missing_run, missing_args);
  g_assert_cmpint (missing_run.status, ==, 4);
  assert_line (missing_run.err, "✗ status 200: 404");
  assert_line (missing_run.err, "✗ event *: none");
}

/* decided early, the run stops at once; --until-end reads on */
static void
test_until_end (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *counter = url (f, "/counter?interval=20&count=6");
  const char * const early_args[] = { "--print", "--expect", "count * >= 2", counter, NULL };
  const char * const end_args[] = {
    "--print", "--until-end", "--expect", "count * >= 2", counter, NULL
  };
  g_auto(Run) early = { 0 };
  g_auto(Run) end = { 0 };

  run_runnel (&early, early_args);
  g_assert_cmpint (early.status, ==, 0);
  g_assert_cmpuint (count_lines (early.out), ==, 2);
  assert_line (early.err, "✓ count * >= 2: 2");

  run_runnel (&end, end_args);
  g_assert_cmpint (end.status, ==, 0);
  g_assert_cmpuint (count_lines (end.out), ==, 6);
  /* the observed value goes on after the decision */
  assert_line (end.err, "✓ count * >= 2: 6");
}

/* usage errors point at the wrong word; other statuses keep their meanings */
static void
test_exit_status (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *counter = url (f, "/counter?interval=20&count=3");
  g_autofree char *missing = url (f, "/fault/404");
  g_autofree char *report = g_build_filename (f->dir, "no-such-dir", "report.xml", NULL);
  const char * const bad_args[] = { "--print", "--expect", "count * >= many", counter, NULL };
  const char * const bad_word_args[] = { "--print", "--expect", "cuont * >= 1", counter, NULL };
  const char * const junit_only_args[] = { "--print", "--junit", "r.xml", counter, NULL };
  const char * const preset_args[] = { "--print", "--assemble", "gpt", counter, NULL };
  const char * const failed_args[] = { "--print", missing, NULL };
  const char * const unwritable_args[] = {
    "--print", "--expect", "event *", "--junit", report, counter, NULL
  };
  g_auto(Run) bad = { 0 };
  g_auto(Run) bad_word = { 0 };
  g_auto(Run) junit_only = { 0 };
  g_auto(Run) preset = { 0 };
  g_auto(Run) failed = { 0 };
  g_auto(Run) unwritable = { 0 };

  run_runnel (&bad, bad_args);
  g_assert_cmpint (bad.status, ==, 2);
  g_assert_cmpstr (bad.out, ==, "");
  g_assert_nonnull (strstr (bad.err, "runnel: --expect “count * >= many”: “many” is not a whole "
                                     "number"));
  /* the caret under the word */
  assert_line (bad.err, "  count * >= many");
  assert_line (bad.err, "             ^^^^");

  run_runnel (&bad_word, bad_word_args);
  g_assert_cmpint (bad_word.status, ==, 2);
  g_assert_nonnull (strstr (bad_word.err, "“cuont” is not an expectation"));
  assert_line (bad_word.err, "  ^^^^^");

  run_runnel (&junit_only, junit_only_args);
  g_assert_cmpint (junit_only.status, ==, 2);

  run_runnel (&preset, preset_args);
  g_assert_cmpint (preset.status, ==, 2);
  g_assert_nonnull (strstr (preset.err, "“gpt” is neither a preset"));

  run_runnel (&failed, failed_args);
  g_assert_cmpint (failed.status, ==, 1);

  run_runnel (&unwritable, unwritable_args);
  g_assert_cmpint (unwritable.status, ==, 1);
  g_assert_nonnull (strstr (unwritable.err, "runnel: --junit: "));
}

/* --assemble: the reply as text, not JSON lines */
static void
test_assemble (Fixture       *f,
               gconstpointer  data)
{
  g_autofree char *chat = url (f, "/chat?interval=2");
  const char * const args[] = { "--print", "-d", CHAT_BODY, "--assemble", "openai-chat", chat,
                                NULL };
  const char * const path_args[] = { "--print", "-d", CHAT_BODY, "--assemble",
                                     "$.choices[0].delta.content", chat, NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) path_run = { 0 };

  run_runnel (&run, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_true (g_str_has_prefix (run.out, "Hello! You said: \"hi\". I am the Runnel demo"));
  g_assert_true (g_str_has_suffix (run.out, "the way a language model does."));

  run_runnel (&path_run, path_args);
  g_assert_cmpstr (path_run.out, ==, run.out);
}

/* JUnit XML, read back */

typedef struct
{
  guint    suites;
  guint    cases;
  guint    failures;
  char    *tests_attr;
  char    *failures_attr;
  GString *names;
  GString *messages;
  GString *text;
  gboolean in_failure;
} Junit;

static const char *
attribute (const char  *name,
           const char **names,
           const char **values)
{
  for (guint i = 0; names[i] != NULL; i++)
    {
      if (strcmp (names[i], name) == 0)
        return values[i];
    }

  return NULL;
}

static void
junit_start (GMarkupParseContext  *context,
             const char           *element,
             const char          **names,
             const char          **values,
             gpointer              user_data,
             GError              **error)
{
  Junit *junit = user_data;

  if (strcmp (element, "testsuites") == 0)
    {
      junit->tests_attr = g_strdup (attribute ("tests", names, values));
      junit->failures_attr = g_strdup (attribute ("failures", names, values));
    }
  else if (strcmp (element, "testsuite") == 0)
    junit->suites++;
  else if (strcmp (element, "testcase") == 0)
    {
      junit->cases++;
      g_string_append_printf (junit->names, "%s|", attribute ("name", names, values));
      g_assert_nonnull (attribute ("time", names, values));
      g_assert_nonnull (attribute ("classname", names, values));
    }
  else if (strcmp (element, "failure") == 0)
    {
      junit->failures++;
      junit->in_failure = TRUE;
      g_string_append_printf (junit->messages, "%s|", attribute ("message", names, values));
    }
}

static void
junit_end (GMarkupParseContext  *context,
           const char           *element,
           gpointer              user_data,
           GError              **error)
{
  Junit *junit = user_data;

  if (strcmp (element, "failure") == 0)
    {
      junit->in_failure = FALSE;
      g_string_append_c (junit->text, '|');
    }
}

static void
junit_text (GMarkupParseContext  *context,
            const char           *text,
            gsize                 len,
            gpointer              user_data,
            GError              **error)
{
  Junit *junit = user_data;

  if (junit->in_failure)
    g_string_append_len (junit->text, text, len);
}

static void
junit_read (Junit      *junit,
            const char *path)
{
  static const GMarkupParser parser = { junit_start, junit_end, junit_text, NULL, NULL };
  g_autoptr(GMarkupParseContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_prefix (contents, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"));

  junit->names = g_string_new (NULL);
  junit->messages = g_string_new (NULL);
  junit->text = g_string_new (NULL);
  context = g_markup_parse_context_new (&parser, 0, junit, NULL);
  g_markup_parse_context_parse (context, contents, length, &error);
  g_assert_no_error (error);
  g_markup_parse_context_end_parse (context, &error);
  g_assert_no_error (error);
}

static void
junit_clear (Junit *junit)
{
  g_free (junit->tests_attr);
  g_free (junit->failures_attr);
  g_string_free (junit->names, TRUE);
  g_string_free (junit->messages, TRUE);
  g_string_free (junit->text, TRUE);
}

static void
test_junit (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *events = url (f, "/events?types=update,alert&count=4&interval=10");
  g_autofree char *report = g_build_filename (f->dir, "report.xml", NULL);
  const char * const args[] = {
    "--print", "--junit", report, "--expect", "count * == 4", "--expect", "event <&\"'>",
    "--expect", "header Content-Type == \"a<b\"", events, NULL
  };
  g_auto(Run) run = { 0 };
  Junit junit = { 0 };

  run_runnel (&run, args);
  g_assert_cmpint (run.status, ==, 4);

  junit_read (&junit, report);
  g_assert_cmpuint (junit.suites, ==, 1);
  g_assert_cmpuint (junit.cases, ==, 3);
  g_assert_cmpuint (junit.failures, ==, 2);
  g_assert_cmpstr (junit.tests_attr, ==, "3");
  g_assert_cmpstr (junit.failures_attr, ==, "2");
  /* names and values with markup in them come back as they were */
  g_assert_cmpstr (junit.names->str, ==,
                   "count * == 4|event <&\"'>|header Content-Type == \"a<b\"|");
  g_assert_cmpstr (junit.messages->str, ==, "none|“text/event-stream; charset=utf-8”|");
  g_assert_cmpstr (junit.text->str, ==,
                   "event <&\"'>: none|header Content-Type == \"a<b\": "
                   "“text/event-stream; charset=utf-8”|");
  junit_clear (&junit);
}

/* runnel --test: a collection of two requests with variables */

static char *
write_collection (Fixture    *f,
                  const char *name,
                  const char *json)
{
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, json, -1, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&path);
}

static void
test_collection (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *base = g_strndup (runnel_demo_server_get_uri (f->server),
                                     strlen (runnel_demo_server_get_uri (f->server)) - 1);
  g_autofree char *base_var = g_strconcat ("BASE=", base, NULL);
  g_autofree char *report = g_build_filename (f->dir, "collection.xml", NULL);
  g_autofree char *collection = write_collection (f, "requests.json",
    "{\"version\": 1, \"requests\": ["
    "  {\"name\": \"Chat\", \"request\": {\"url\": \"{{BASE}}/chat?interval=2\","
    "   \"method\": \"POST\", \"headers\": [{\"name\": \"Authorization\","
    "   \"value\": \"Bearer {{env.RUNNEL_TEST_TOKEN}}\", \"enabled\": true},"
    "   {\"name\": \"Content-Type\", \"value\": \"application/json\", \"enabled\": true}],"
    "   \"body\": \"{\\\"messages\\\":[{\\\"role\\\":\\\"user\\\",\\\"content\\\":\\\"{{WORD}}\\\"}]}\","
    "   \"expectations\": [\"status 200\", \"assembled openai-chat contains {{WORD}}\"]}},"
    "  {\"name\": \"Events\", \"request\": {\"url\": \"{{ BASE }}/events?count=3&interval=10\","
    "   \"expectations\": [\"count * >= 3\", \"event never\"]}}"
    "]}");
  g_autofree char *one = write_collection (f, "one.json",
    "{\"version\": 1, \"requests\": ["
    "  {\"name\": \"Counter\", \"request\": {\"url\": \"{{BASE}}/counter?count=2&interval=10\","
    "   \"expectations\": [\"count * == 2\", \"ends\"]}}]}");
  g_autofree char *bad = write_collection (f, "bad.json",
    "{\"version\": 1, \"requests\": ["
    "  {\"name\": \"Bad\", \"request\": {\"url\": \"{{BASE}}/counter\","
    "   \"expectations\": [\"count * >= lots\"]}}]}");
  const char * const args[] = {
    "--test", "--var", base_var, "--var", "WORD=zebra", "--jobs", "2", "--junit", report,
    collection, NULL
  };
  const char * const one_args[] = { "--test", "--var", base_var, one, NULL };
  const char * const unset_args[] = { "--test", "--var", "WORD=zebra", collection, NULL };
  const char * const bad_args[] = { "--test", "--var", base_var, bad, NULL };
  const char * const missing_args[] = { "--test", "/nonexistent/requests.json", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) one_run = { 0 };
  g_auto(Run) unset = { 0 };
  g_auto(Run) bad_run = { 0 };
  g_auto(Run) missing = { 0 };
  Junit junit = { 0 };

  g_setenv ("RUNNEL_TEST_TOKEN", "secret", TRUE);

  run_runnel (&run, args);
  g_assert_cmpint (run.status, ==, 4);
  /* a summary line per request, its results, and a total */
  g_assert_nonnull (strstr (run.out, "✓ Chat: 2 of 2 passed in "));
  assert_line (run.out, "    ✓ status 200: 200");
  g_assert_nonnull (strstr (run.out, "    ✓ assembled openai-chat contains zebra: "
                                     "“Hello! You said: \"zebra\""));
  g_assert_nonnull (strstr (run.out, "✗ Events: 1 of 2 passed in "));
  assert_line (run.out, "    ✓ count * >= 3: 3");
  assert_line (run.out, "    ✗ event never: none");
  assert_line (run.out, "1 of 2 requests passed, 3 of 4 expectations");

  junit_read (&junit, report);
  g_assert_cmpuint (junit.suites, ==, 2);
  g_assert_cmpuint (junit.cases, ==, 4);
  g_assert_cmpuint (junit.failures, ==, 1);
  g_assert_cmpstr (junit.names->str, ==,
                   "status 200|assembled openai-chat contains zebra|count * >= 3|event never|");
  junit_clear (&junit);

  run_runnel (&one_run, one_args);
  g_assert_cmpint (one_run.status, ==, 0);
  assert_line (one_run.out, "1 of 1 requests passed, 2 of 2 expectations");

  /* a variable with no value is an error that names it, before anything runs */
  run_runnel (&unset, unset_args);
  g_assert_cmpint (unset.status, ==, 2);
  g_assert_cmpstr (unset.out, ==, "");
  g_assert_nonnull (strstr (unset.err, "runnel: “Chat”: {{BASE}} has no value: give it with "
                                       "--var BASE=VALUE"));

  g_unsetenv ("RUNNEL_TEST_TOKEN");
  run_runnel (&unset, args);
  g_assert_cmpint (unset.status, ==, 2);
  g_assert_nonnull (strstr (unset.err, "{{env.RUNNEL_TEST_TOKEN}} has no value"));

  run_runnel (&bad_run, bad_args);
  g_assert_cmpint (bad_run.status, ==, 2);
  g_assert_nonnull (strstr (bad_run.err, "runnel: “Bad”: “count * >= lots”: “lots” is not a "
                                         "whole number"));

  run_runnel (&missing, missing_args);
  g_assert_cmpint (missing.status, ==, 2);
  g_assert_nonnull (strstr (missing.err, "Cannot read “/nonexistent/requests.json”"));
}

static void
test_help (Fixture       *f,
           gconstpointer  data)
{
  const char * const help_expect[] = { "--help-expect", NULL };
  const char * const print_help[] = { "--print", "--help", NULL };
  const char * const test_help[] = { "--test", "--help", NULL };
  g_auto(Run) expect = { 0 };
  g_auto(Run) print = { 0 };
  g_auto(Run) test = { 0 };

  run_runnel (&expect, help_expect);
  g_assert_cmpint (expect.status, ==, 0);
  g_assert_nonnull (strstr (expect.out, "count content_block_delta >= 3"));
  g_assert_nonnull (strstr (expect.out, "order message_start before message_stop"));

  run_runnel (&print, print_help);
  g_assert_nonnull (strstr (print.out, "--expect"));
  g_assert_nonnull (strstr (print.out, "--junit"));
  g_assert_nonnull (strstr (print.out, "--assemble"));
  g_assert_nonnull (strstr (print.out, "--until-end"));

  run_runnel (&test, test_help);
  g_assert_nonnull (strstr (test.out, "--var"));
  g_assert_nonnull (strstr (test.out, "--jobs"));
}

/* --var in runnel --print: {{NAME}} in the URL, headers and expectations, {{env.NAME}} too */
static void
test_print_vars (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *base = g_strconcat ("BASE=", runnel_demo_server_get_uri (f->server), NULL);
  const char * const echo_args[] = {
    "--print", "-m", "2", "-H", "X-Token: {{TOKEN}}", "-H", "X-Env: {{env.RUNNEL_TEST_VAR}}",
    "--var", base, "--var", "TOKEN=s3cret", "{{BASE}}echo", NULL
  };
  const char * const expect_args[] = {
    "--print", "--var", base, "--var", "N=3", "--expect", "count message == {{N}}",
    "{{BASE}}counter?interval=10&count={{N}}", NULL
  };
  const char * const missing_args[] = {
    "--print", "--var", "N=3", "{{BASE}}counter?count={{N}}", NULL
  };
  const char * const bad_args[] = { "--print", "--var", "=3", "http://127.0.0.1:9/", NULL };
  g_auto(Run) run = { 0 };

  g_setenv ("RUNNEL_TEST_VAR", "from the environment", TRUE);
  run_runnel (&run, echo_args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "X-Token: s3cret"));
  g_assert_nonnull (strstr (run.out, "X-Env: from the environment"));
  g_assert_null (strstr (run.out, "{{"));
  g_unsetenv ("RUNNEL_TEST_VAR");

  run_runnel (&run, expect_args);
  g_assert_cmpint (run.status, ==, 0);
  assert_line (run.err, "✓ count message == 3: 3");

  /* a variable with no value is a usage error that names it */
  run_runnel (&run, missing_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "BASE"));
  g_assert_cmpstr (run.out, ==, "");

  run_runnel (&run, bad_args);
  g_assert_cmpint (run.status, ==, 2);
  g_assert_nonnull (strstr (run.err, "--var needs NAME=VALUE"));
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/runnel/expect-cli/pass", Fixture, NULL, fixture_setup, test_pass,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/fail", Fixture, NULL, fixture_setup, test_fail,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/until-end", Fixture, NULL, fixture_setup, test_until_end,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/exit-status", Fixture, NULL, fixture_setup, test_exit_status,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/assemble", Fixture, NULL, fixture_setup, test_assemble,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/junit", Fixture, NULL, fixture_setup, test_junit,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/collection", Fixture, NULL, fixture_setup, test_collection,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/print-vars", Fixture, NULL, fixture_setup, test_print_vars,
              fixture_teardown);
  g_test_add ("/runnel/expect-cli/help", Fixture, NULL, fixture_setup, test_help,
              fixture_teardown);

  return g_test_run ();
}
