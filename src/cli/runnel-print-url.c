/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-print-url.c: runnel --print URL (a placeholder until the client lands) */

#include "config.h"

#include "runnel-cli.h"

int
runnel_print_url (RunnelPrintOptions *options)
{
  g_printerr ("runnel: reading from a URL is not available yet\n");
  return RUNNEL_EXIT_FAILED;
}
