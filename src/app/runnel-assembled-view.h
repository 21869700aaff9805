/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-assembled-view.h: the text a JSONPath assembles across a stream's events, live */

#pragma once

#include <gtk/gtk.h>

#include "runnel-json-assembler.h"

G_BEGIN_DECLS

#define RUNNEL_TYPE_ASSEMBLED_VIEW (runnel_assembled_view_get_type ())

/*
 * Shows a RunnelJsonAssembler's text, appending each piece as it comes and following the end
 * while the user is at the end; Copy puts the whole text on the clipboard (action
 * "assembled.copy"). A back button (action stream.show-list) is for narrow windows, where the
 * detail replaces the list.
 */
G_DECLARE_FINAL_TYPE (RunnelAssembledView, runnel_assembled_view, RUNNEL, ASSEMBLED_VIEW, GtkWidget)

RunnelAssembledView *runnel_assembled_view_new           (void);
/* @assembler: (nullable): what to show; NULL shows nothing */
void                 runnel_assembled_view_set_assembler (RunnelAssembledView *self,
                                                          RunnelJsonAssembler *assembler);
void                 runnel_assembled_view_set_show_back (RunnelAssembledView *self,
                                                          gboolean             show);
/* Returns: (transfer full): the text shown */
char                *runnel_assembled_view_dup_text      (RunnelAssembledView *self);

G_END_DECLS
