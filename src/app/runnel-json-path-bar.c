/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path-bar.c: a stream's JSONPath field, its assembler and the Assembled toggle */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-json-path-bar.h"
#include "runnel-widget-util.h"

/* typing applies the path after this pause, so that every keystroke does not re-read the log */
#define APPLY_DELAY_MS 300

struct _RunnelJsonPathBar
{
  GtkWidget                   parent_instance;

  /* Template widgets */
  GtkEntry                   *entry;
  GtkMenuButton              *presets_button;
  GtkToggleButton            *assembled_button;

  /* Owned */
  RunnelJsonExtractor        *extractor;
  RunnelJsonAssembler        *assembler;
  RunnelEventLog             *log;
  guint                       apply_id;

  /* Borrowed */
  const RunnelJsonPathPreset *preset;  /* the last chosen, while the entry still says it */

  guint64                     last_sequence;  /* of the last event given to the assembler */
  gboolean                    setting_text;
  gboolean                    show_assembled;
};

enum {
  PROP_0,
  PROP_EXPRESSION,
  PROP_EXTRACTOR,
  PROP_ASSEMBLER,
  PROP_SHOW_ASSEMBLED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  PRESET_CHOSEN,
  N_SIGNALS
};

static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelJsonPathBar, runnel_json_path_bar, GTK_TYPE_WIDGET)

/* The assembled text */

static void
runnel_json_path_bar_feed (RunnelJsonPathBar *self)
{
  guint n_items;
  guint first;

  if (self->log == NULL)
    return;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (self->log));
  if (n_items == 0)
    {
      /* cleared, or connected again from scratch */
      self->last_sequence = 0;
      if (self->assembler != NULL)
        runnel_json_assembler_clear (self->assembler);
      return;
    }

  if (self->assembler == NULL)
    return;

  /* the log only grows at its end (retention drops from its start) */
  first = n_items;
  while (first > 0 &&
         runnel_sse_event_get_sequence (runnel_event_log_peek (self->log, first - 1)) >
           self->last_sequence)
    first--;

  for (guint i = first; i < n_items; i++)
    {
      RunnelSseEvent *event = runnel_event_log_peek (self->log, i);

      runnel_json_assembler_add_event (self->assembler, event);
      self->last_sequence = runnel_sse_event_get_sequence (event);
    }
}

static void
runnel_json_path_bar_log_changed (RunnelJsonPathBar *self,
                                  guint              position,
                                  guint              removed,
                                  guint              added)
{
  runnel_json_path_bar_feed (self);
}

static void
runnel_json_path_bar_set_extractor (RunnelJsonPathBar   *self,
                                    RunnelJsonExtractor *extractor)
{
  g_clear_object (&self->assembler);
  g_set_object (&self->extractor, extractor);
  self->last_sequence = 0;

  if (extractor != NULL)
    {
      self->assembler = runnel_json_assembler_new (extractor);
      runnel_json_path_bar_feed (self);
    }

  gtk_widget_set_sensitive (GTK_WIDGET (self->assembled_button), extractor != NULL);
  if (extractor == NULL)
    runnel_json_path_bar_set_show_assembled (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPRESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRACTOR]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ASSEMBLER]);
}

/* The entry */

static gboolean
runnel_json_path_bar_apply (RunnelJsonPathBar *self)
{
  g_autoptr(RunnelJsonExtractor) extractor = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->entry)));

  g_clear_handle_id (&self->apply_id, g_source_remove);
  g_strstrip (text);

  if (self->preset != NULL && strcmp (text, self->preset->expression) != 0)
    self->preset = NULL;

  if (*text == '\0')
    extractor = NULL;
  else if (self->preset != NULL)
    extractor = runnel_json_extractor_new_for_preset (self->preset);
  else
    extractor = runnel_json_extractor_new (text, NULL, &error);

  if (self->extractor == NULL && extractor == NULL && error == NULL)
    {
      runnel_widget_set_error (GTK_WIDGET (self->entry), NULL);
      return TRUE;
    }

  runnel_json_path_bar_set_extractor (self, extractor);
  runnel_widget_set_error (GTK_WIDGET (self->entry), error != NULL ? error->message : NULL);

  return error == NULL;
}

static gboolean
runnel_json_path_bar_apply_timeout (gpointer user_data)
{
  RunnelJsonPathBar *self = user_data;

  self->apply_id = 0;
  runnel_json_path_bar_apply (self);

  return G_SOURCE_REMOVE;
}

static void
runnel_json_path_bar_entry_changed (RunnelJsonPathBar *self)
{
  if (self->setting_text)
    return;

  g_clear_handle_id (&self->apply_id, g_source_remove);
  self->apply_id = g_timeout_add (APPLY_DELAY_MS, runnel_json_path_bar_apply_timeout, self);
}

static void
runnel_json_path_bar_entry_activated (RunnelJsonPathBar *self)
{
  runnel_json_path_bar_apply (self);
}

static void
runnel_json_path_bar_preset_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  RunnelJsonPathBar *self = RUNNEL_JSON_PATH_BAR (widget);
  const char *id = g_variant_get_string (parameter, NULL);
  const RunnelJsonPathPreset *preset = runnel_json_path_find_preset (id);

  /* the preset also knows which events to read (OpenAI Responses: by type) */
  self->preset = preset;
  runnel_json_path_bar_set_expression (self, preset != NULL ? preset->expression : NULL);
  if (preset != NULL)
    g_signal_emit (self, signals[PRESET_CHOSEN], 0);
}

static GMenuModel *
create_presets_menu (void)
{
  GMenu *menu = g_menu_new ();
  g_autoptr(GMenu) presets = g_menu_new ();
  g_autoptr(GMenu) none = g_menu_new ();
  const RunnelJsonPathPreset *all;
  guint n_presets;

  all = runnel_json_path_get_presets (&n_presets);
  for (guint i = 0; i < n_presets; i++)
    {
      g_autoptr(GMenuItem) item = g_menu_item_new (_(all[i].name), NULL);

      g_menu_item_set_action_and_target (item, "jsonpath.preset", "s", all[i].id);
      g_menu_append_item (presets, item);
    }
  g_menu_append_section (menu, NULL, G_MENU_MODEL (presets));

  g_menu_append (none, _("No JSONPath"), "jsonpath.preset::");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (none));

  return G_MENU_MODEL (menu);
}

/* The Assembled toggle */

static void
runnel_json_path_bar_assembled_toggled (RunnelJsonPathBar *self)
{
  runnel_json_path_bar_set_show_assembled (self,
                                           gtk_toggle_button_get_active (self->assembled_button));
}

/* GObject */

static void
runnel_json_path_bar_dispose (GObject *object)
{
  RunnelJsonPathBar *self = RUNNEL_JSON_PATH_BAR (object);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_JSON_PATH_BAR);

  g_clear_object (&self->assembler);
  g_clear_object (&self->extractor);
  g_clear_object (&self->log);

  G_OBJECT_CLASS (runnel_json_path_bar_parent_class)->dispose (object);
}

static void
runnel_json_path_bar_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RunnelJsonPathBar *self = RUNNEL_JSON_PATH_BAR (object);

  switch (prop_id)
    {
    case PROP_EXPRESSION:
      g_value_set_string (value, runnel_json_path_bar_get_expression (self));
      break;

    case PROP_EXTRACTOR:
      g_value_set_object (value, self->extractor);
      break;

    case PROP_ASSEMBLER:
      g_value_set_object (value, self->assembler);
      break;

    case PROP_SHOW_ASSEMBLED:
      g_value_set_boolean (value, self->show_assembled);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_path_bar_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RunnelJsonPathBar *self = RUNNEL_JSON_PATH_BAR (object);

  switch (prop_id)
    {
    case PROP_SHOW_ASSEMBLED:
      runnel_json_path_bar_set_show_assembled (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_json_path_bar_class_init (RunnelJsonPathBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_json_path_bar_dispose;
  object_class->get_property = runnel_json_path_bar_get_property;
  object_class->set_property = runnel_json_path_bar_set_property;

  properties[PROP_EXPRESSION] =
    g_param_spec_string ("expression", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXTRACTOR] =
    g_param_spec_object ("extractor", NULL, NULL, RUNNEL_TYPE_JSON_EXTRACTOR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ASSEMBLER] =
    g_param_spec_object ("assembler", NULL, NULL, RUNNEL_TYPE_JSON_ASSEMBLER,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  /* the Assembled toggle: whether the user asked to read the text (only with a path) */
  properties[PROP_SHOW_ASSEMBLED] =
    g_param_spec_boolean ("show-assembled", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* a preset was chosen from the menu (its path is in use by then) */
  signals[PRESET_CHOSEN] =
    g_signal_new ("preset-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-json-path-bar.ui");
  gtk_widget_class_set_css_name (widget_class, "jsonpathbar");
  gtk_widget_class_bind_template_child (widget_class, RunnelJsonPathBar, entry);
  gtk_widget_class_bind_template_child (widget_class, RunnelJsonPathBar, presets_button);
  gtk_widget_class_bind_template_child (widget_class, RunnelJsonPathBar, assembled_button);
  gtk_widget_class_bind_template_callback (widget_class, runnel_json_path_bar_entry_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_json_path_bar_entry_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_json_path_bar_assembled_toggled);

  gtk_widget_class_install_action (widget_class, "jsonpath.preset", "s",
                                   runnel_json_path_bar_preset_action);
}

static void
runnel_json_path_bar_init (RunnelJsonPathBar *self)
{
  g_autoptr(GMenuModel) presets = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  presets = create_presets_menu ();
  gtk_menu_button_set_menu_model (self->presets_button, presets);
}

/* Public API */

void
runnel_json_path_bar_set_log (RunnelJsonPathBar *self,
                              RunnelEventLog    *log)
{
  g_return_if_fail (RUNNEL_IS_JSON_PATH_BAR (self));
  g_return_if_fail (RUNNEL_IS_EVENT_LOG (log));
  g_return_if_fail (self->log == NULL);

  self->log = g_object_ref (log);
  g_signal_connect_object (log, "items-changed",
                           G_CALLBACK (runnel_json_path_bar_log_changed), self,
                           G_CONNECT_SWAPPED);
  runnel_json_path_bar_feed (self);
}

gboolean
runnel_json_path_bar_set_expression (RunnelJsonPathBar *self,
                                     const char        *expression)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), FALSE);

  self->setting_text = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->entry), expression != NULL ? expression : "");
  self->setting_text = FALSE;

  return runnel_json_path_bar_apply (self);
}

const char *
runnel_json_path_bar_get_expression (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), NULL);

  return self->extractor != NULL ? runnel_json_extractor_get_expression (self->extractor) : NULL;
}

RunnelJsonAssembler *
runnel_json_path_bar_get_assembler (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), NULL);

  return self->assembler;
}

RunnelJsonExtractor *
runnel_json_path_bar_get_extractor (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), NULL);

  return self->extractor;
}

void
runnel_json_path_bar_set_show_assembled (RunnelJsonPathBar *self,
                                         gboolean           show)
{
  g_return_if_fail (RUNNEL_IS_JSON_PATH_BAR (self));

  show = show && self->extractor != NULL;
  gtk_toggle_button_set_active (self->assembled_button, show);
  if (self->show_assembled == show)
    return;

  self->show_assembled = show;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SHOW_ASSEMBLED]);
}

gboolean
runnel_json_path_bar_get_show_assembled (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), FALSE);

  return self->show_assembled;
}
