/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-json-path-bar.c: a stream's JSONPath field and its Assembled view */

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
  RunnelAssembledView        *assembled_view;
  RunnelEventLog             *log;
  GtkStack                   *detail_stack;
  guint                       apply_id;

  /* Borrowed */
  const RunnelJsonPathPreset *preset;  /* the last chosen, while the entry still says it */

  guint64                     last_sequence;  /* of the last event given to the assembler */
  gboolean                    setting_text;
  gboolean                    syncing_toggle;
  /* the user asked for the text: it comes back when the selection goes (Clear, reconnect) */
  gboolean                    prefer_assembled;
};

enum {
  PROP_0,
  PROP_EXPRESSION,
  PROP_EXTRACTOR,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

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

  runnel_assembled_view_set_assembler (self->assembled_view, self->assembler);
  gtk_widget_set_sensitive (GTK_WIDGET (self->assembled_button), extractor != NULL);
  if (extractor == NULL)
    runnel_json_path_bar_set_show_assembled (self, FALSE);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPRESSION]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXTRACTOR]);
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
  /* beside the list, at once; a narrow window keeps its list until the toggle asks */
  if (preset != NULL && self->detail_stack != NULL &&
      gtk_widget_get_visible (GTK_WIDGET (self->detail_stack)))
    runnel_json_path_bar_set_show_assembled (self, TRUE);
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
  if (self->syncing_toggle)
    return;

  runnel_json_path_bar_set_show_assembled (self,
                                           gtk_toggle_button_get_active (self->assembled_button));
}

static void
runnel_json_path_bar_stack_changed (RunnelJsonPathBar *self)
{
  const char *shown = gtk_stack_get_visible_child_name (self->detail_stack);

  /* "No Event Selected" says less than the text the user chose to read */
  if (g_strcmp0 (shown, "none") == 0 && self->prefer_assembled && self->extractor != NULL)
    {
      gtk_stack_set_visible_child (self->detail_stack, GTK_WIDGET (self->assembled_view));
      return;
    }

  self->syncing_toggle = TRUE;
  gtk_toggle_button_set_active (self->assembled_button,
                                runnel_json_path_bar_get_show_assembled (self));
  self->syncing_toggle = FALSE;
}

/* a narrow page stacks list and detail in a vertical paned, and shows one at a time */
static void
runnel_json_path_bar_paned_changed (RunnelJsonPathBar *self,
                                    GParamSpec        *pspec,
                                    GtkOrientable     *paned)
{
  runnel_assembled_view_set_show_back (self->assembled_view,
                                       gtk_orientable_get_orientation (paned) ==
                                         GTK_ORIENTATION_VERTICAL);
}

/* GObject */

static void
runnel_json_path_bar_dispose (GObject *object)
{
  RunnelJsonPathBar *self = RUNNEL_JSON_PATH_BAR (object);

  g_clear_handle_id (&self->apply_id, g_source_remove);
  if (self->log != NULL)
    g_signal_handlers_disconnect_by_data (self->log, self);
  if (self->detail_stack != NULL)
    g_signal_handlers_disconnect_by_data (self->detail_stack, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_JSON_PATH_BAR);

  g_clear_object (&self->assembler);
  g_clear_object (&self->extractor);
  g_clear_object (&self->assembled_view);
  g_clear_object (&self->log);
  g_clear_object (&self->detail_stack);

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

  properties[PROP_EXPRESSION] =
    g_param_spec_string ("expression", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EXTRACTOR] =
    g_param_spec_object ("extractor", NULL, NULL, RUNNEL_TYPE_JSON_EXTRACTOR,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (RUNNEL_TYPE_ASSEMBLED_VIEW);

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

  self->assembled_view = g_object_ref_sink (runnel_assembled_view_new ());
}

/* Public API */

void
runnel_json_path_bar_attach (RunnelJsonPathBar *self,
                             RunnelEventLog    *log,
                             GtkStack          *detail_stack)
{
  GtkWidget *paned;

  g_return_if_fail (RUNNEL_IS_JSON_PATH_BAR (self));
  g_return_if_fail (RUNNEL_IS_EVENT_LOG (log));
  g_return_if_fail (GTK_IS_STACK (detail_stack));
  g_return_if_fail (self->log == NULL);

  self->log = g_object_ref (log);
  self->detail_stack = g_object_ref (detail_stack);

  gtk_stack_add_named (detail_stack, GTK_WIDGET (self->assembled_view), "assembled");
  g_signal_connect_object (detail_stack, "notify::visible-child",
                           G_CALLBACK (runnel_json_path_bar_stack_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (log, "items-changed",
                           G_CALLBACK (runnel_json_path_bar_log_changed), self,
                           G_CONNECT_SWAPPED);
  paned = gtk_widget_get_ancestor (GTK_WIDGET (detail_stack), GTK_TYPE_PANED);
  if (paned != NULL)
    {
      g_signal_connect_object (paned, "notify::orientation",
                               G_CALLBACK (runnel_json_path_bar_paned_changed), self,
                               G_CONNECT_SWAPPED);
      runnel_json_path_bar_paned_changed (self, NULL, GTK_ORIENTABLE (paned));
    }
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

RunnelAssembledView *
runnel_json_path_bar_get_assembled_view (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), NULL);

  return self->assembled_view;
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
  self->prefer_assembled = show;
  if (self->detail_stack == NULL || show == runnel_json_path_bar_get_show_assembled (self))
    {
      gtk_toggle_button_set_active (self->assembled_button, show);
      return;
    }

  if (show)
    {
      gtk_stack_set_visible_child (self->detail_stack, GTK_WIDGET (self->assembled_view));
      /* a narrow window shows the list or the detail: show the detail */
      if (!gtk_widget_get_visible (GTK_WIDGET (self->detail_stack)))
        gtk_widget_activate_action (GTK_WIDGET (self), "stream.show-detail", NULL);
      return;
    }

  /* back to what the selection shows */
  gtk_widget_activate_action (GTK_WIDGET (self), "stream.show-selected", NULL);
}

gboolean
runnel_json_path_bar_get_show_assembled (RunnelJsonPathBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_JSON_PATH_BAR (self), FALSE);

  return self->detail_stack != NULL &&
         gtk_stack_get_visible_child (self->detail_stack) == GTK_WIDGET (self->assembled_view);
}
