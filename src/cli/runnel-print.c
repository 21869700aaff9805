/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-print.c: runnel --print: events as JSON lines on stdout, or a --summary */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-cli.h"

int
runnel_print_main (int    argc,
                   char **argv)
{
  g_printerr ("runnel: --print is not implemented yet\n");
  return RUNNEL_EXIT_USAGE;
}
