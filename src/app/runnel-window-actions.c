/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-actions.c: every win.* action: tabs, cURL, saved requests; captures elsewhere */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-collection.h"
#include "runnel-curl.h"
#include "runnel-window-private.h"
#include "runnel-widget-util.h"

/* the methods of the page's method menu (runnel-request-editor.ui) */
static const char * const page_methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };

/* Tabs */

static void
runnel_window_new_tab_action (GtkWidget  *widget,
                              const char *action_name,
                              GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_add_page (RUNNEL_WINDOW (widget));

  runnel_stream_page_focus_url (page);
}

static void
runnel_window_close_tab_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  AdwTabPage *tab_page = adw_tab_view_get_selected_page (self->tab_view);

  if (tab_page != NULL)
    adw_tab_view_close_page (self->tab_view, tab_page);
}

static void
runnel_window_focus_url_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);

  if (page != NULL)
    runnel_stream_page_focus_url (page);
  else
    gtk_widget_grab_focus (GTK_WIDGET (self->empty_url_entry));
}

static void
runnel_window_toggle_connection_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_get_current_page (RUNNEL_WINDOW (widget));

  if (page != NULL)
    runnel_stream_page_toggle_connection (page);
}

/* win.X runs the current page's stream.X, so that its accelerator works wherever the focus is */
static void
runnel_window_page_action (GtkWidget  *widget,
                           const char *action_name,
                           GVariant   *parameter)
{
  RunnelStreamPage *page = runnel_window_get_current_page (RUNNEL_WINDOW (widget));
  g_autofree char *page_action = g_strconcat ("stream.", strchr (action_name, '.') + 1, NULL);

  if (page != NULL)
    gtk_widget_activate_action_variant (GTK_WIDGET (page), page_action, parameter);
}

static void
runnel_window_open_demo_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  runnel_window_open_demo_endpoint (RUNNEL_WINDOW (widget), "GET", "/clock");
}

/* "METHOD /path" of the demo server, in the current tab (the tabs' menus of demo streams) */
static void
runnel_window_use_endpoint_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_auto(GStrv) parts = g_strsplit (g_variant_get_string (parameter, NULL), " ", 2);
  g_autoptr(GError) error = NULL;

  if (page == NULL || g_strv_length (parts) != 2)
    return;

  if (!_runnel_window_use_demo_endpoint (self, page, parts[0], parts[1], &error) && error != NULL)
    runnel_stream_page_show_error (page, error->message);
}

/* for the widgets inside the window: a toast of plain text */
static void
runnel_window_show_toast_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  _runnel_window_toast (RUNNEL_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

/* cURL */

RunnelStreamPage *
_runnel_window_import_curl (RunnelWindow   *self,
                            const char     *command,
                            char         ***not_imported,
                            GError        **error)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GPtrArray) left_out = NULL;
  g_auto(GStrv) ignored = NULL;
  RunnelStreamPage *page;
  const char *method;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (command != NULL, NULL);

  request = runnel_curl_parse (command, -1, RUNNEL_CURL_FLAGS_NONE, &ignored, error);
  if (request == NULL)
    return NULL;

  method = runnel_request_get_method (request);
  if (!g_strv_contains (page_methods, method))
    {
      g_set_error (error, RUNNEL_CURL_ERROR, RUNNEL_CURL_ERROR_UNSUPPORTED,
                   _("The command uses the method %s, which a stream tab cannot send"), method);
      return NULL;
    }

  left_out = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; ignored[i] != NULL; i++)
    g_ptr_array_add (left_out, g_strdup (ignored[i]));

  page = runnel_window_add_page (self);
  runnel_stream_page_load_request (page, request);

  if (runnel_request_get_timeout (request) > 0)
    g_ptr_array_add (left_out, g_strdup ("--max-time"));
  if (runnel_request_get_ca_file (request) != NULL)
    g_ptr_array_add (left_out, g_strdup ("--cacert"));

  if (not_imported != NULL)
    {
      g_ptr_array_add (left_out, NULL);
      *not_imported = (char **) g_ptr_array_free (g_steal_pointer (&left_out), FALSE);
    }

  return page;
}

/* the current page's request as a command, on the clipboard; NULL when it is not valid */
static char *
copy_command (RunnelWindow *self,
              char       *(*to_command) (RunnelRequest *, RunnelCurlFormat))
{
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page;
  char *command;

  page = runnel_window_get_current_page (self);
  if (page == NULL)
    return NULL;

  /* shows what is wrong on the field when the request is not valid */
  request = runnel_stream_page_build_request (page);
  if (request == NULL)
    return NULL;

  command = to_command (request, RUNNEL_CURL_FORMAT_MULTI_LINE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), command);

  return command;
}

char *
_runnel_window_copy_curl (RunnelWindow *self)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return copy_command (self, runnel_curl_from_request);
}

char *
_runnel_window_copy_command (RunnelWindow *self)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  return copy_command (self, runnel_curl_print_command_from_request);
}

static void
import_response (AdwMessageDialog *dialog,
                 const char       *response,
                 GtkTextView      *view)
{
  RunnelWindow *self = RUNNEL_WINDOW (gtk_window_get_transient_for (GTK_WINDOW (dialog)));
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) not_imported = NULL;
  g_autofree char *text = NULL;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "import") != 0)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (_runnel_window_import_curl (self, text, &not_imported, &error) == NULL)
    {
      _runnel_window_show_error (self, _("Cannot Import the Command"), error->message);
      return;
    }

  if (not_imported[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", not_imported);
      g_autofree char *message = g_strdup_printf (_("Imported; left out: %s"), list);

      _runnel_window_toast (self, message);
    }
}

static void
clipboard_text_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GtkTextBuffer) buffer = user_data;
  g_autofree char *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, NULL);

  if (text != NULL && runnel_curl_looks_like_command (text) &&
      gtk_text_buffer_get_char_count (buffer) == 0)
    gtk_text_buffer_set_text (buffer, text, -1);
}

static void
runnel_window_import_curl_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *view;

  dialog = adw_message_dialog_new (GTK_WINDOW (widget), _("Import cURL Command"),
                                   _("Paste a curl command, such as your browser’s developer "
                                     "tools copy with “Copy as cURL”. It opens in a new tab."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "import", _("_Import"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "import",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "import");

  view = gtk_text_view_new ();
  gtk_text_view_set_monospace (GTK_TEXT_VIEW (view), TRUE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_CHAR);
  runnel_text_view_wrap_without_hyphens (GTK_TEXT_VIEW (view));
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("curl command"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);

  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response), view, 0);

  /* a command on the clipboard is most likely what the user wants to import */
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (widget), NULL, clipboard_text_cb,
                                 g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))));

  gtk_window_present (GTK_WINDOW (dialog));
}

/* Saved requests as a collection for runnel --test */

gboolean
_runnel_window_export_collection (RunnelWindow  *self,
                                  GFile         *file,
                                  GError       **error)
{
  g_autofree char *path = g_file_get_path (file);
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *message = NULL;
  GListModel *saved;
  guint n;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), FALSE);

  if (self->store == NULL || path == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("There are no saved requests to export"));
      return FALSE;
    }

  saved = runnel_request_store_get_saved (self->store);
  if (!runnel_collection_save (saved, path, error))
    return FALSE;

  n = g_list_model_get_n_items (saved);
  /* TRANSLATORS: a toast after Export for runnel --test; %s is the file's name */
  message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u request exported to %s for runnel --test; "
                                          "secrets became {{NAME}} placeholders",
                                          "%u requests exported to %s for runnel --test; "
                                          "secrets became {{NAME}} placeholders", n),
                             n, name);
  _runnel_window_toast (self, message);

  return TRUE;
}

static void
export_collection_chosen (GtkNativeDialog *chooser,
                          int              response,
                          RunnelWindow    *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && !_runnel_window_export_collection (self, file, &error))
    _runnel_window_toast (self, error->message);

  g_object_unref (self);
  g_object_unref (chooser);
}

static void
runnel_window_export_collection_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Export Saved Requests for runnel --test"),
                                         GTK_WINDOW (widget), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "requests.json");
  g_signal_connect (chooser, "response", G_CALLBACK (export_collection_chosen),
                    g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
runnel_window_copy_command_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  g_autofree char *command = _runnel_window_copy_command (RUNNEL_WINDOW (widget));

  if (command != NULL)
    _runnel_window_toast (RUNNEL_WINDOW (widget), _("Copied as a runnel command"));
}

static void
runnel_window_copy_curl_action (GtkWidget  *widget,
                                const char *action_name,
                                GVariant   *parameter)
{
  g_autofree char *command = _runnel_window_copy_curl (RUNNEL_WINDOW (widget));

  if (command != NULL)
    _runnel_window_toast (RUNNEL_WINDOW (widget), _("Copied as cURL"));
}

/* Saved requests */

RunnelStreamPage *
_runnel_window_open_request (RunnelWindow  *self,
                             RunnelRequest *request)
{
  RunnelStreamPage *page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  page = runnel_window_add_page (self);
  runnel_stream_page_load_request (page, request);

  return page;
}

gboolean
_runnel_window_save_request (RunnelWindow  *self,
                             const char    *name,
                             gboolean      *replaced,
                             GError       **error)
{
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  page = runnel_window_get_current_page (self);
  if (page != NULL)
    request = runnel_stream_page_build_request (page);
  if (request == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The tab’s request is not complete: check its fields"));
      return FALSE;
    }

  if (replaced != NULL)
    *replaced = runnel_request_store_lookup (self->store, name) != NULL;

  return runnel_request_store_save (self->store, name, request, error);
}

/* A dialog that asks a name */

typedef void (*NameCallback) (RunnelWindow *self,
                              const char   *name,
                              const char   *old_name);

typedef struct
{
  RunnelWindow *window;
  GtkEditable  *entry;
  NameCallback  callback;
  char         *old_name;
} NameDialog;

static void
name_dialog_free (gpointer data)
{
  NameDialog *ask = data;

  g_clear_weak_pointer (&ask->window);
  g_free (ask->old_name);
  g_free (ask);
}

static void
name_dialog_response (AdwMessageDialog *dialog,
                      const char       *response,
                      NameDialog       *ask)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (ask->entry)));

  if (g_strcmp0 (response, "ok") == 0 && name[0] != '\0' && ask->window != NULL)
    ask->callback (ask->window, name, ask->old_name);
}

static void
name_entry_changed (GtkEditable      *entry,
                    AdwMessageDialog *dialog)
{
  g_autofree char *name = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "ok", name[0] != '\0');
}

static void
name_entry_activate (AdwMessageDialog *dialog)
{
  if (adw_message_dialog_get_response_enabled (dialog, "ok"))
    {
      adw_message_dialog_response (dialog, "ok");
      gtk_window_close (GTK_WINDOW (dialog));
    }
}

static void
ask_name (RunnelWindow *self,
          const char   *heading,
          const char   *body,
          const char   *initial,
          const char   *ok_label,
          NameCallback  callback,
          const char   *old_name)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);
  GtkWidget *entry = gtk_entry_new ();
  NameDialog *ask = g_new0 (NameDialog, 1);

  /* the window may be closed while the dialog is open */
  g_set_weak_pointer (&ask->window, self);
  ask->entry = GTK_EDITABLE (entry);
  ask->callback = callback;
  ask->old_name = g_strdup (old_name);

  gtk_window_set_modal (GTK_WINDOW (dialog), TRUE);
  gtk_editable_set_text (GTK_EDITABLE (entry), initial != NULL ? initial : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Name"), -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "ok", ok_label,
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "ok",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "ok");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  name_entry_changed (GTK_EDITABLE (entry), ADW_MESSAGE_DIALOG (dialog));

  g_signal_connect (entry, "changed", G_CALLBACK (name_entry_changed), dialog);
  g_signal_connect_swapped (entry, "activate", G_CALLBACK (name_entry_activate), dialog);
  g_signal_connect_data (dialog, "response", G_CALLBACK (name_dialog_response), ask,
                         (GClosureNotify) (void (*) (void)) name_dialog_free, 0);

  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
save_named (RunnelWindow *self,
            const char   *name,
            const char   *old_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean replaced = FALSE;

  if (!_runnel_window_save_request (self, name, &replaced, &error))
    message = g_strdup_printf (_("Could not save the request: %s"), error->message);
  else if (replaced)
    message = g_strdup_printf (_("Replaced the saved request “%s”"), name);
  else
    message = g_strdup_printf (_("Saved the request as “%s”"), name);

  _runnel_window_toast (self, message);
}

static void
runnel_window_save_request_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_autoptr(RunnelRequest) request = NULL;

  if (page == NULL)
    return;

  /* flags the fields that are wrong, before asking anything */
  request = runnel_stream_page_build_request (page);
  if (request == NULL)
    return;

  ask_name (self, _("Save Request"),
            _("Saved requests open again, with their headers, body and options, from the Saved "
              "Requests menu. A request of the same name is replaced."),
            runnel_stream_page_get_title (page), _("_Save"), save_named, NULL);
}

static void
runnel_window_show_saved_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  gtk_menu_button_popup (RUNNEL_WINDOW (widget)->saved_button);
}

static void
runnel_window_open_saved_action (GtkWidget  *widget,
                                 const char *action_name,
                                 GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelSavedRequest *entry;

  entry = runnel_request_store_lookup (self->store, g_variant_get_string (parameter, NULL));
  gtk_popover_popdown (GTK_POPOVER (self->saved_popover));
  if (entry != NULL)
    _runnel_window_open_request (self, runnel_saved_request_get_request (entry));
}

static void
runnel_window_open_recent_action (GtkWidget  *widget,
                                  const char *action_name,
                                  GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  GListModel *history = runnel_request_store_get_history (self->store);
  g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (history,
                                                               g_variant_get_uint32 (parameter));

  gtk_popover_popdown (GTK_POPOVER (self->saved_popover));
  if (entry != NULL)
    _runnel_window_open_request (self, runnel_saved_request_get_request (entry));
}

static void
rename_named (RunnelWindow *self,
              const char   *name,
              const char   *old_name)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (name, old_name) == 0)
    return;

  if (!runnel_request_store_rename (self->store, old_name, name, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not rename “%s”: %s"),
                                                  old_name, error->message);

      _runnel_window_toast (self, message);
    }
}

static void
runnel_window_rename_saved_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);

  gtk_popover_popdown (GTK_POPOVER (self->saved_popover));
  ask_name (self, _("Rename Saved Request"), NULL, name, _("_Rename"), rename_named, name);
}

static void
runnel_window_delete_saved_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  const char *name = g_variant_get_string (parameter, NULL);
  RunnelSavedRequest *entry = runnel_request_store_lookup (self->store, name);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autofree char *markup = NULL;
  AdwToast *undo;

  if (entry != NULL)
    g_set_object (&self->deleted, entry);

  if (!runnel_request_store_delete (self->store, name, &error))
    {
      message = g_strdup_printf (_("Could not delete “%s”: %s"), name, error->message);
      _runnel_window_toast (self, message);
      return;
    }

  message = g_strdup_printf (_("Deleted the saved request “%s”"), name);
  markup = g_markup_escape_text (message, -1);
  undo = adw_toast_new (markup);
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_action_name (undo, "win.undo-delete-saved");
  _runnel_window_add_toast (self, undo);
}

static void
runnel_window_undo_delete_saved_action (GtkWidget  *widget,
                                        const char *action_name,
                                        GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  g_autoptr(RunnelSavedRequest) entry = g_steal_pointer (&self->deleted);
  g_autoptr(GError) error = NULL;

  if (entry != NULL &&
      !runnel_request_store_save (self->store, runnel_saved_request_get_name (entry),
                                  runnel_saved_request_get_request (entry), &error))
    _runnel_window_toast (self, error->message);
}

static void
runnel_window_clear_history_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  g_autoptr(GError) error = NULL;

  if (!runnel_request_store_clear_history (self->store, &error))
    _runnel_window_toast (self, error->message);
}

void
_runnel_window_class_actions_init (GtkWidgetClass *widget_class)
{
  static const struct {
    const char            *name;
    const char            *parameter_type;
    GtkWidgetActionActivateFunc activate;
  } actions[] = {
    { "win.new-tab", NULL, runnel_window_new_tab_action },
    { "win.close-tab", NULL, runnel_window_close_tab_action },
    { "win.focus-url", NULL, runnel_window_focus_url_action },
    { "win.focus-filter", NULL, runnel_window_page_action },
    { "win.toggle-connection", NULL, runnel_window_toggle_connection_action },
    { "win.clear", NULL, runnel_window_page_action },
    { "win.pause", NULL, runnel_window_page_action },
    { "win.show-raw", NULL, runnel_window_page_action },
    { "win.reconnect", NULL, runnel_window_page_action },
    { "win.show-list", NULL, runnel_window_page_action },
    { "win.open-demo", NULL, runnel_window_open_demo_action },
    { "win.use-endpoint", "s", runnel_window_use_endpoint_action },
    { "win.show-toast", "s", runnel_window_show_toast_action },
    { "win.import-curl", NULL, runnel_window_import_curl_action },
    { "win.copy-curl", NULL, runnel_window_copy_curl_action },
    { "win.copy-command", NULL, runnel_window_copy_command_action },
    { "win.export-collection", NULL, runnel_window_export_collection_action },
    { "win.save-request", NULL, runnel_window_save_request_action },
    { "win.show-saved", NULL, runnel_window_show_saved_action },
    { "win.open-saved", "s", runnel_window_open_saved_action },
    { "win.rename-saved", "s", runnel_window_rename_saved_action },
    { "win.delete-saved", "s", runnel_window_delete_saved_action },
    { "win.undo-delete-saved", NULL, runnel_window_undo_delete_saved_action },
    { "win.open-recent", "u", runnel_window_open_recent_action },
    { "win.clear-history", NULL, runnel_window_clear_history_action },
  };

  for (guint i = 0; i < G_N_ELEMENTS (actions); i++)
    gtk_widget_class_install_action (widget_class, actions[i].name, actions[i].parameter_type,
                                     actions[i].activate);

  _runnel_window_class_replay_actions_init (widget_class);
  _runnel_window_class_capture_actions_init (widget_class);
  _runnel_window_class_mcp_actions_init (widget_class);
}
