/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-har-chooser.h: which event streams of a HAR file to open, each in a tab */

#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define RUNNEL_TYPE_HAR_CHOOSER (runnel_har_chooser_get_type ())

G_DECLARE_FINAL_TYPE (RunnelHarChooser, runnel_har_chooser, RUNNEL, HAR_CHOOSER, AdwMessageDialog)

/*
 * Lists @streams (RunnelHarStream, borrowed: keep them alive as long as the dialog), all
 * chosen at first. Responses: "cancel", and "open" (enabled while one at least is chosen).
 */
GtkWidget *runnel_har_chooser_new          (GtkWindow        *parent,
                                            const char       *file_name,
                                            GPtrArray        *streams);
/* (transfer full) (element-type RunnelHarStream): the chosen streams, in the file's order */
GPtrArray *runnel_har_chooser_get_chosen   (RunnelHarChooser *self);
/* for tests: choose or leave the stream at @position */
void       runnel_har_chooser_set_chosen   (RunnelHarChooser *self,
                                            guint             position,
                                            gboolean          chosen);

G_END_DECLS
