/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-application.h: the AdwApplication: app actions, accelerators, windows */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_APPLICATION (runnel_application_get_type ())

G_DECLARE_FINAL_TYPE (RunnelApplication, runnel_application, RUNNEL, APPLICATION, AdwApplication)

RunnelApplication *runnel_application_new (void);

G_END_DECLS
