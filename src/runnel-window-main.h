/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-main.h: the window module's one entry point, looked up by main.c */

#pragma once

#include <gmodule.h>

G_BEGIN_DECLS

/* the symbol main.c looks up in the module */
#define RUNNEL_WINDOW_MAIN_SYMBOL "runnel_window_main"

typedef int (*RunnelWindowMainFunc) (int   argc,
                                     char *argv[]);

G_MODULE_EXPORT int runnel_window_main (int   argc,
                                        char *argv[]);

G_END_DECLS
