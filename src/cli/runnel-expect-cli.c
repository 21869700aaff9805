/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expect-cli.c: expectations on the command line: results, JUnit reports, --help-expect */

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "runnel-expect-cli.h"

RunnelExpectations *
runnel_cli_expectations_new (const char * const *texts,
                             const char         *context,
                             gboolean           *ok)
{
  g_autoptr(RunnelExpectations) expectations = NULL;

  *ok = TRUE;
  if (texts == NULL || texts[0] == NULL)
    return NULL;

  expectations = runnel_expectations_new ();
  for (guint i = 0; texts[i] != NULL; i++)
    {
      g_autoptr(RunnelExpectation) expectation = NULL;
      g_autoptr(GError) error = NULL;
      gsize start = 0;
      gsize end = 0;

      expectation = runnel_expectation_new_full (texts[i], &start, &end, &error);
      if (expectation == NULL)
        {
          g_autofree char *before = g_strndup (texts[i], start);
          glong column = g_utf8_strlen (before, -1);
          glong width = MAX (g_utf8_strlen (texts[i] + start, end - start), 1);
          g_autofree char *pad = g_strnfill (column, ' ');
          g_autofree char *marks = g_strnfill (width, '^');
          g_auto(GStrv) lines = g_strsplit (texts[i], "\n", 2);

          /* the sentence, and a caret under the word that is wrong */
          g_printerr ("runnel: %s “%s”: %s\n", context, texts[i], error->message);
          if (lines[1] == NULL)
            g_printerr ("  %s\n  %s%s\n", texts[i], pad, marks);
          *ok = FALSE;
          return NULL;
        }
      runnel_expectations_append (expectations, expectation);
    }

  return g_steal_pointer (&expectations);
}

char *
runnel_cli_format_results (RunnelExpectations *expectations,
                           const char         *indent)
{
  g_autoptr(GString) out = g_string_new (NULL);
  guint n = runnel_expectations_get_n_items (expectations);

  for (guint i = 0; i < n; i++)
    {
      RunnelExpectation *e = runnel_expectations_get (expectations, i);
      g_autofree char *observed = runnel_expectation_dup_observed (e);
      const char *mark;

      switch (runnel_expectation_get_status (e))
        {
        case RUNNEL_EXPECTATION_PASSED:
          mark = "✓";
          break;

        case RUNNEL_EXPECTATION_FAILED:
          mark = "✗";
          break;

        case RUNNEL_EXPECTATION_PENDING:
        default:
          mark = "…";
          break;
        }

      g_string_append_printf (out, "%s%s %s: %s\n", indent, mark, runnel_expectation_get_text (e),
                              observed);
    }

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* JUnit XML */

/* text for XML 1.0: the control characters it cannot hold become U+FFFD, then escaped */
static void
append_xml (GString    *out,
            const char *text)
{
  g_autoptr(GString) clean = g_string_new (NULL);
  g_autofree char *escaped = NULL;

  for (const char *p = text; *p != '\0'; p++)
    {
      if ((guchar) *p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
        g_string_append (clean, "\xef\xbf\xbd");
      else
        g_string_append_c (clean, *p);
    }

  escaped = g_markup_escape_text (clean->str, -1);
  g_string_append (out, escaped);
}

static void
append_seconds (GString *out,
                double   seconds)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];

  g_string_append (out, g_ascii_formatd (buffer, sizeof buffer, "%.3f", MAX (seconds, 0)));
}

gboolean
runnel_cli_write_junit (const char              *path,
                        const RunnelJunitSuite  *suites,
                        guint                    n_suites,
                        GError                 **error)
{
  g_autoptr(GString) out = g_string_new ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
  guint tests = 0;
  guint failures = 0;
  double seconds = 0;

  for (guint i = 0; i < n_suites; i++)
    {
      tests += runnel_expectations_get_n_items (suites[i].expectations);
      failures += runnel_expectations_count (suites[i].expectations, RUNNEL_EXPECTATION_FAILED) +
                  runnel_expectations_count (suites[i].expectations, RUNNEL_EXPECTATION_PENDING);
      seconds += suites[i].seconds;
    }

  g_string_append_printf (out, "<testsuites name=\"runnel\" tests=\"%u\" failures=\"%u\" "
                               "errors=\"0\" time=\"", tests, failures);
  append_seconds (out, seconds);
  g_string_append (out, "\">\n");

  for (guint i = 0; i < n_suites; i++)
    {
      const RunnelJunitSuite *suite = &suites[i];
      guint n = runnel_expectations_get_n_items (suite->expectations);
      g_autoptr(GDateTime) start = g_date_time_new_from_unix_utc (suite->start / G_USEC_PER_SEC);
      g_autofree char *timestamp = start ? g_date_time_format (start, "%FT%T") : g_strdup ("");

      g_string_append (out, "  <testsuite name=\"");
      append_xml (out, suite->name);
      g_string_append_printf (out, "\" tests=\"%u\" failures=\"%u\" errors=\"0\" skipped=\"0\" "
                                   "timestamp=\"%s\" time=\"", n,
                              n - runnel_expectations_count (suite->expectations,
                                                             RUNNEL_EXPECTATION_PASSED),
                              timestamp);
      append_seconds (out, suite->seconds);
      g_string_append (out, "\">\n");

      for (guint j = 0; j < n; j++)
        {
          RunnelExpectation *e = runnel_expectations_get (suite->expectations, j);
          g_autofree char *observed = runnel_expectation_dup_observed (e);
          gint64 at = runnel_expectation_get_decided_at (e);

          g_string_append (out, "    <testcase name=\"");
          append_xml (out, runnel_expectation_get_text (e));
          g_string_append (out, "\" classname=\"");
          append_xml (out, suite->name);
          g_string_append (out, "\" time=\"");
          append_seconds (out, at >= 0 ? at / (double) G_USEC_PER_SEC : suite->seconds);
          if (runnel_expectation_get_status (e) == RUNNEL_EXPECTATION_PASSED)
            {
              g_string_append (out, "\"/>\n");
              continue;
            }

          g_string_append (out, "\">\n      <failure type=\"expectation\" message=\"");
          append_xml (out, observed);
          g_string_append (out, "\">");
          append_xml (out, runnel_expectation_get_text (e));
          g_string_append (out, ": ");
          append_xml (out, observed);
          g_string_append (out, "</failure>\n    </testcase>\n");
        }

      if (suite->error != NULL)
        {
          g_string_append (out, "    <system-err>");
          append_xml (out, suite->error);
          g_string_append (out, "</system-err>\n");
        }
      g_string_append (out, "  </testsuite>\n");
    }

  g_string_append (out, "</testsuites>\n");

  return g_file_set_contents (path, out->str, out->len, error);
}

int
runnel_help_expect_main (void)
{
  g_autofree char *help = runnel_expectation_dup_help ();

  g_print ("%s", help);
  g_print ("\n%s\n", _("Examples:\n"
                       "  runnel --print --expect 'status 200' --expect 'count message >= 3' URL\n"
                       "  runnel --print --assemble anthropic --expect 'ends within 30s' URL\n"
                       "  runnel --test --junit report.xml --var API_KEY=… requests.json"));

  return 0;
}
