/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-header-row.c: one editable request header (enabled, name, value) in the header list */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-header-row.h"
#include "runnel-request.h"
#include "runnel-request-store.h"
#include "runnel-widget-util.h"

struct _RunnelHeaderRow
{
  GtkListBoxRow   parent_instance;

  /* Template widgets */
  GtkCheckButton *enabled_check;
  GtkEntry       *name_entry;
  GtkEntry       *value_entry;
  GtkToggleButton *reveal_button;

  gboolean         value_missing;
};

enum {
  SIGNAL_REMOVE,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelHeaderRow, runnel_header_row, GTK_TYPE_LIST_BOX_ROW)

gboolean
runnel_header_row_is_blank (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), TRUE);

  return runnel_header_row_get_name (self)[0] == '\0' &&
         runnel_header_row_get_value (self)[0] == '\0';
}

gboolean
runnel_header_row_check (RunnelHeaderRow *self)
{
  g_autoptr(GError) error = NULL;
  gboolean valid;

  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), FALSE);

  if (runnel_header_row_get_enabled (self) && runnel_header_row_get_value_missing (self))
    g_set_error (&error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                 _("The value of header “%s” was not saved: type it again, "
                   "or turn the header off"), runnel_header_row_get_name (self));

  valid = error == NULL &&
          (!runnel_header_row_get_enabled (self) ||
           runnel_header_row_is_blank (self) ||
           runnel_request_check_header (runnel_header_row_get_name (self),
                                        runnel_header_row_get_value (self),
                                        &error));

  runnel_widget_set_error (GTK_WIDGET (self->name_entry), valid ? NULL : error->message);
  runnel_widget_set_error (GTK_WIDGET (self->value_entry), valid ? NULL : error->message);

  return valid;
}

static void
runnel_header_row_changed (RunnelHeaderRow *self)
{
  /* clear a flagged error as soon as the user edits; a new one shows at the next check */
  runnel_widget_set_error (GTK_WIDGET (self->name_entry), NULL);
  runnel_widget_set_error (GTK_WIDGET (self->value_entry), NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->name_entry),
                            gtk_check_button_get_active (self->enabled_check));
  gtk_widget_set_sensitive (GTK_WIDGET (self->value_entry),
                            gtk_check_button_get_active (self->enabled_check));

  /* a value typed in is the one that was missing */
  if (self->value_missing && runnel_header_row_get_value (self)[0] != '\0')
    runnel_header_row_set_value_missing (self, FALSE);
}

/**
 * runnel_header_row_set_value_missing:
 *
 * Marks the row as a header whose value was not saved (a secret left out of the history, or
 * one the keyring did not give back): the value field asks for it, and check () refuses the
 * row while it is enabled and the field is empty. Typing a value clears the mark.
 */
void
runnel_header_row_set_value_missing (RunnelHeaderRow *self,
                                     gboolean         missing)
{
  g_return_if_fail (RUNNEL_IS_HEADER_ROW (self));

  self->value_missing = !!missing;
  gtk_entry_set_placeholder_text (self->value_entry,
                                  missing ? _("Type the value again") : _("Value"));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_entry),
                               missing ? _("This value was not saved: type it again") : NULL);
  if (missing)
    gtk_widget_add_css_class (GTK_WIDGET (self->value_entry), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->value_entry), "warning");
}

gboolean
runnel_header_row_get_value_missing (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), FALSE);

  return self->value_missing && runnel_header_row_get_value (self)[0] == '\0';
}

/* a secret's value (runnel_header_is_secret ()) shows as dots until the eye button reveals it */
static void
runnel_header_row_update_mask (RunnelHeaderRow *self)
{
  gboolean secret = runnel_header_is_secret (runnel_header_row_get_name (self));
  gboolean revealed = gtk_toggle_button_get_active (self->reveal_button);

  if (!secret && revealed)
    {
      /* toggling calls this again */
      gtk_toggle_button_set_active (self->reveal_button, FALSE);
      return;
    }

  gtk_widget_set_visible (GTK_WIDGET (self->reveal_button), secret);
  gtk_entry_set_visibility (self->value_entry, !secret || revealed);
  gtk_button_set_icon_name (GTK_BUTTON (self->reveal_button),
                            revealed ? "view-conceal-symbolic" : "view-reveal-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->reveal_button),
                               revealed ? _("Hide Value") : _("Show Value"));
}

static void
runnel_header_row_remove_clicked (RunnelHeaderRow *self)
{
  g_signal_emit (self, signals[SIGNAL_REMOVE], 0);
}

static void
runnel_header_row_class_init (RunnelHeaderRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  signals[SIGNAL_REMOVE] =
    g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-header-row.ui");
  gtk_widget_class_bind_template_child (widget_class, RunnelHeaderRow, enabled_check);
  gtk_widget_class_bind_template_child (widget_class, RunnelHeaderRow, name_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelHeaderRow, value_entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelHeaderRow, reveal_button);
  gtk_widget_class_bind_template_callback (widget_class, runnel_header_row_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_header_row_remove_clicked);
  gtk_widget_class_bind_template_callback (widget_class, runnel_header_row_update_mask);
}

static void
runnel_header_row_init (RunnelHeaderRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

RunnelHeaderRow *
runnel_header_row_new (const char *name,
                       const char *value,
                       gboolean    enabled)
{
  RunnelHeaderRow *self = g_object_new (RUNNEL_TYPE_HEADER_ROW, NULL);

  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), name != NULL ? name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->value_entry), value != NULL ? value : "");
  gtk_check_button_set_active (self->enabled_check, enabled);

  return self;
}

const char *
runnel_header_row_get_name (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->name_entry));
}

const char *
runnel_header_row_get_value (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->value_entry));
}

gboolean
runnel_header_row_get_enabled (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), FALSE);

  return gtk_check_button_get_active (self->enabled_check);
}

gboolean
runnel_header_row_get_masked (RunnelHeaderRow *self)
{
  g_return_val_if_fail (RUNNEL_IS_HEADER_ROW (self), FALSE);

  return !gtk_entry_get_visibility (self->value_entry);
}

void
runnel_header_row_set_revealed (RunnelHeaderRow *self,
                                gboolean         revealed)
{
  g_return_if_fail (RUNNEL_IS_HEADER_ROW (self));

  gtk_toggle_button_set_active (self->reveal_button, revealed);
}
