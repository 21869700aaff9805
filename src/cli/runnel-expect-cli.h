/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-expect-cli.h: expectations on the command line: --expect, --junit, --assemble, --test */

#pragma once

#include <glib.h>

#include "runnel-expectations.h"

G_BEGIN_DECLS

/*
 * Parses --expect sentences (NULL when there are none: an empty list). A bad one is said on
 * stderr with a caret under the wrong word, after @context ("--expect", or a request's name);
 * then NULL and *ok FALSE.
 */
RunnelExpectations  *runnel_cli_expectations_new      (const char * const *texts,
                                                       const char         *context,
                                                       gboolean           *ok);
/* one line per expectation, "✓ count message >= 3: 27", each after @indent (transfer full) */
char                *runnel_cli_format_results        (RunnelExpectations *expectations,
                                                       const char         *indent);

/* one testsuite of a JUnit report: a request's run */
typedef struct
{
  const char         *name;
  RunnelExpectations *expectations;
  gint64              start;     /* g_get_real_time () when it started */
  double              seconds;   /* how long it ran */
  const char         *error;     /* why the stream failed, or NULL */
} RunnelJunitSuite;

gboolean             runnel_cli_write_junit           (const char             *path,
                                                       const RunnelJunitSuite *suites,
                                                       guint                   n_suites,
                                                       GError                **error);

/* runnel --help-expect */
int                  runnel_help_expect_main          (void);
/* runnel --test FILE…: runnel-test-command.c */
int                  runnel_test_main                 (int                 argc,
                                                       char              **argv);

G_END_DECLS
