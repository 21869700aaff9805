/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window.h: the main window: one tab per stream */

#pragma once

#include <adwaita.h>

#include "runnel-application.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_WINDOW (runnel_window_get_type ())

G_DECLARE_FINAL_TYPE (RunnelWindow, runnel_window, RUNNEL, WINDOW, AdwApplicationWindow)

RunnelWindow *runnel_window_new (RunnelApplication *application);

G_END_DECLS
