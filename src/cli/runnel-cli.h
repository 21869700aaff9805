/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-cli.h: the headless commands behind runnel --print and runnel --demo-server */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* exit status of the command line (DESIGN.md) */
typedef enum
{
  RUNNEL_EXIT_OK = 0,       /* the stream ended normally */
  RUNNEL_EXIT_FAILED = 1,   /* a fatal stream error, said on stderr */
  RUNNEL_EXIT_USAGE = 2,    /* bad usage */
} RunnelExitStatus;

int runnel_print_main       (int    argc,
                             char **argv);
int runnel_demo_server_main (int    argc,
                             char **argv);

G_END_DECLS
