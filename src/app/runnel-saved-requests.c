/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-requests.c: the window's saved requests and recent streams: save, reopen, rename, delete */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-saved-requests.h"

#define STORE_KEY "runnel-request-store"
#define SAVED_KEY "runnel-saved-requests"

/* what one window keeps: the store is the application's */
typedef struct
{
  RunnelRequestStore *store;
  GtkMenuButton      *button;
  GtkPopover         *popover;
  GtkListBox         *saved_list;
  GtkListBox         *recent_list;
  /* the last deleted request, for Undo */
  RunnelSavedRequest *deleted;
} Saved;

static void
saved_free (gpointer data)
{
  Saved *saved = data;

  g_clear_object (&saved->store);
  g_clear_object (&saved->deleted);
  g_free (saved);
}

static Saved *
get_saved (RunnelWindow *window)
{
  return g_object_get_data (G_OBJECT (window), SAVED_KEY);
}

/* takes @toast */
static void
show_toast (RunnelWindow *window,
            AdwToast     *toast)
{
  GtkWidget *content = adw_application_window_get_content (ADW_APPLICATION_WINDOW (window));

  if (ADW_IS_TOAST_OVERLAY (content))
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (content), toast);
  else
    {
      g_message ("%s", adw_toast_get_title (toast));
      g_object_unref (toast);
    }
}

static void
toast (RunnelWindow *window,
       const char   *message)
{
  show_toast (window, adw_toast_new (message));
}

/* The store */

static void
present_dialog (GtkWidget *dialog)
{
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
report_load_error (RunnelWindow *window,
                   const GError *error)
{
  GtkWidget *dialog;
  const char *heading = g_error_matches (error, RUNNEL_REQUEST_STORE_ERROR,
                                         RUNNEL_REQUEST_STORE_ERROR_CORRUPT)
                        ? _("Saved Requests Were Damaged")
                        : _("Could Not Read Saved Requests");

  dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));

  /* a dialog over a window that is not shown yet would stand alone */
  if (gtk_widget_get_mapped (GTK_WIDGET (window)))
    present_dialog (dialog);
  else
    g_signal_connect_object (window, "map", G_CALLBACK (present_dialog), dialog,
                             G_CONNECT_SWAPPED);
}

static RunnelRequestStore *
open_store (RunnelWindow *window)
{
  const char *directory = g_getenv ("RUNNEL_DATA_DIR");
  g_autoptr(RunnelRequestStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = runnel_request_store_new (directory != NULL && directory[0] != '\0' ? directory : NULL);
  if (!runnel_request_store_load (store, &error))
    report_load_error (window, error);

  return g_steal_pointer (&store);
}

RunnelRequestStore *
runnel_window_get_request_store (RunnelWindow *window)
{
  Saved *saved;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);

  saved = get_saved (window);
  g_return_val_if_fail (saved != NULL, NULL);

  return saved->store;
}

void
runnel_saved_requests_forget_store (GtkApplication *application)
{
  g_return_if_fail (GTK_IS_APPLICATION (application));

  g_object_set_data (G_OBJECT (application), STORE_KEY, NULL);
}

static RunnelRequestStore *
get_store (RunnelWindow *window)
{
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (window));
  RunnelRequestStore *store;

  if (app == NULL)
    return open_store (window);

  store = g_object_get_data (G_OBJECT (app), STORE_KEY);
  if (store == NULL)
    {
      store = open_store (window);
      g_object_set_data_full (G_OBJECT (app), STORE_KEY, store, g_object_unref);
    }

  return g_object_ref (store);
}

/* Opening and saving */

RunnelStreamPage *
runnel_window_open_request (RunnelWindow  *window,
                            RunnelRequest *request)
{
  RunnelStreamPage *page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);
  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), NULL);

  page = runnel_window_add_page (window);
  runnel_stream_page_load_request (page, request);

  return page;
}

gboolean
runnel_window_save_request (RunnelWindow  *window,
                            const char    *name,
                            gboolean      *replaced,
                            GError       **error)
{
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page;
  Saved *saved;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  saved = get_saved (window);
  page = runnel_window_get_current_page (window);
  if (page != NULL)
    request = runnel_stream_page_build_request (page);
  if (request == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The tab’s request is not complete: check its fields"));
      return FALSE;
    }

  if (replaced != NULL)
    *replaced = runnel_request_store_lookup (saved->store, name) != NULL;

  return runnel_request_store_save (saved->store, name, request, error);
}

/* A dialog that asks a name */

typedef void (*NameCallback) (RunnelWindow *window,
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
ask_name (RunnelWindow *window,
          const char   *heading,
          const char   *body,
          const char   *initial,
          const char   *ok_label,
          NameCallback  callback,
          const char   *old_name)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, body);
  GtkWidget *entry = gtk_entry_new ();
  NameDialog *ask = g_new0 (NameDialog, 1);

  /* the window may be closed while the dialog is open */
  g_set_weak_pointer (&ask->window, window);
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

/* Actions */

static void
save_named (RunnelWindow *window,
            const char   *name,
            const char   *old_name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  gboolean replaced = FALSE;

  if (!runnel_window_save_request (window, name, &replaced, &error))
    message = g_strdup_printf (_("Could not save the request: %s"), error->message);
  else if (replaced)
    message = g_strdup_printf (_("Replaced the saved request “%s”"), name);
  else
    message = g_strdup_printf (_("Saved the request as “%s”"), name);

  toast (window, message);
}

static void
save_request_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RunnelWindow *window = user_data;
  RunnelStreamPage *page = runnel_window_get_current_page (window);
  g_autoptr(RunnelRequest) request = NULL;

  if (page == NULL)
    return;

  /* flags the fields that are wrong, before asking anything */
  request = runnel_stream_page_build_request (page);
  if (request == NULL)
    return;

  ask_name (window, _("Save Request"),
            _("Saved requests open again, with their headers, body and options, from the Saved "
              "Requests menu. A request of the same name is replaced."),
            runnel_stream_page_get_title (page), _("_Save"), save_named, NULL);
}

static void
show_saved_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  gtk_menu_button_popup (get_saved (user_data)->button);
}

static void
open_saved_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  RunnelWindow *window = user_data;
  Saved *saved = get_saved (window);
  RunnelSavedRequest *entry;

  entry = runnel_request_store_lookup (saved->store, g_variant_get_string (parameter, NULL));
  gtk_popover_popdown (saved->popover);
  if (entry != NULL)
    runnel_window_open_request (window, runnel_saved_request_get_request (entry));
}

static void
open_recent_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RunnelWindow *window = user_data;
  Saved *saved = get_saved (window);
  GListModel *history = runnel_request_store_get_history (saved->store);
  g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (history,
                                                               g_variant_get_uint32 (parameter));

  gtk_popover_popdown (saved->popover);
  if (entry != NULL)
    runnel_window_open_request (window, runnel_saved_request_get_request (entry));
}

static void
rename_named (RunnelWindow *window,
              const char   *name,
              const char   *old_name)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (name, old_name) == 0)
    return;

  if (!runnel_request_store_rename (get_saved (window)->store, old_name, name, &error))
    {
      g_autofree char *message = g_strdup_printf (_("Could not rename “%s”: %s"),
                                                  old_name, error->message);

      toast (window, message);
    }
}

static void
rename_saved_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  const char *name = g_variant_get_string (parameter, NULL);

  gtk_popover_popdown (get_saved (user_data)->popover);
  ask_name (user_data, _("Rename Saved Request"), NULL, name, _("_Rename"), rename_named, name);
}

static void
delete_saved_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  RunnelWindow *window = user_data;
  Saved *saved = get_saved (window);
  const char *name = g_variant_get_string (parameter, NULL);
  RunnelSavedRequest *entry = runnel_request_store_lookup (saved->store, name);
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  AdwToast *undo;

  if (entry != NULL)
    g_set_object (&saved->deleted, entry);

  if (!runnel_request_store_delete (saved->store, name, &error))
    {
      message = g_strdup_printf (_("Could not delete “%s”: %s"), name, error->message);
      toast (window, message);
      return;
    }

  message = g_strdup_printf (_("Deleted the saved request “%s”"), name);
  undo = adw_toast_new (message);
  adw_toast_set_button_label (undo, _("_Undo"));
  adw_toast_set_action_name (undo, "win.undo-delete-saved");
  show_toast (window, undo);
}

static void
undo_delete_saved_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  Saved *saved = get_saved (user_data);
  g_autoptr(RunnelSavedRequest) entry = g_steal_pointer (&saved->deleted);
  g_autoptr(GError) error = NULL;

  if (entry != NULL &&
      !runnel_request_store_save (saved->store, runnel_saved_request_get_name (entry),
                                  runnel_saved_request_get_request (entry), &error))
    toast (user_data, error->message);
}

static void
clear_history_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  g_autoptr(GError) error = NULL;

  if (!runnel_request_store_clear_history (get_saved (user_data)->store, &error))
    toast (user_data, error->message);
}

/* History: every stream that connects */

static void
page_state_changed (RunnelStreamPage *page,
                    GParamSpec       *pspec,
                    RunnelWindow     *window)
{
  g_autoptr(GError) error = NULL;
  RunnelSseClient *client;

  /* a tab dragged to another window is recorded there */
  if (runnel_stream_page_get_state (page) != RUNNEL_SSE_CLIENT_STATE_OPEN ||
      gtk_widget_get_root (GTK_WIDGET (page)) != GTK_ROOT (window))
    return;

  client = runnel_stream_page_get_client (page);
  if (client == NULL)
    return;

  /* what the user asked for, options included: the Last-Event-ID typed in the page, not where
   * a reconnection resumed (the client keeps that apart from its request); the store copies it */
  if (!runnel_request_store_add_history (get_saved (window)->store,
                                         runnel_sse_client_get_request (client), &error))
    g_warning ("Could not record the stream in the history: %s", error->message);
}

static void
page_attached (AdwTabView   *tab_view,
               AdwTabPage   *tab_page,
               int           position,
               RunnelWindow *window)
{
  g_signal_connect_object (adw_tab_page_get_child (tab_page), "notify::state",
                           G_CALLBACK (page_state_changed), window, 0);
}

/* The popover */

static char *
describe (RunnelSavedRequest *entry,
          gboolean            recent)
{
  RunnelRequest *request = runnel_saved_request_get_request (entry);
  const char *method = runnel_request_get_method (request);
  g_autoptr(GDateTime) time = NULL;
  g_autofree char *when = NULL;

  if (!recent)
    return g_strdup_printf ("%s %s", method, runnel_request_get_url (request));

  time = g_date_time_new_from_unix_local (runnel_saved_request_get_time (entry) / G_USEC_PER_SEC);
  /* TRANSLATORS: when a stream was last opened, see g_date_time_format () */
  when = time != NULL ? g_date_time_format (time, _("%b %-d, %H:%M")) : g_strdup ("");

  /* TRANSLATORS: a recent stream's method and when it was last opened */
  return g_strdup_printf (_("%s · %s"), method, when);
}

static GtkWidget *
row_button (const char *icon_name,
            const char *tooltip,
            const char *action_name,
            const char *name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", name);

  return button;
}

static GtkWidget *
new_row (RunnelSavedRequest *entry,
         gboolean            recent)
{
  GtkWidget *row = adw_action_row_new ();
  const char *name = runnel_saved_request_get_name (entry);
  g_autofree char *subtitle = describe (entry, recent);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_tooltip_text (row, runnel_request_get_url (runnel_saved_request_get_request (entry)));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);

  if (!recent)
    {
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-saved");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("document-edit-symbolic", _("Rename"),
                                             "win.rename-saved", name));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button ("user-trash-symbolic", _("Delete"),
                                             "win.delete-saved", name));
    }

  return row;
}

static GtkWidget *
new_saved_row (gpointer item,
               gpointer user_data)
{
  return new_row (item, FALSE);
}

static GtkWidget *
new_recent_row (gpointer item,
                gpointer user_data)
{
  return new_row (item, TRUE);
}

/* recent rows open by position, which changes: number them again on every change */
static void
number_recent_rows (GtkListBox *list)
{
  GtkListBoxRow *row;

  for (int i = 0; (row = gtk_list_box_get_row_at_index (list, i)) != NULL; i++)
    {
      gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "u", (guint32) i);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "win.open-recent");
    }
}

static void
history_changed (GListModel *history,
                 guint       position,
                 guint       removed,
                 guint       added,
                 GtkListBox *list)
{
  number_recent_rows (list);
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_top (label, 6);

  return label;
}

static GtkListBox *
new_list (GtkWidget              *box,
          GListModel             *model,
          GtkListBoxCreateWidgetFunc create_row,
          const char             *empty_text,
          const char             *accessible_label)
{
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *placeholder = gtk_label_new (empty_text);

  gtk_label_set_wrap (GTK_LABEL (placeholder), TRUE);
  gtk_label_set_max_width_chars (GTK_LABEL (placeholder), 36);
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_widget_set_margin_start (placeholder, 12);
  gtk_widget_set_margin_end (placeholder, 12);
  gtk_widget_add_css_class (placeholder, "dim-label");

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (list), placeholder);
  gtk_widget_add_css_class (list, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_label, -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (list), model, create_row, NULL, NULL);
  gtk_box_append (GTK_BOX (box), list);

  return GTK_LIST_BOX (list);
}

static void
build_popover (Saved *saved)
{
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *recent_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label, *button;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = heading (_("Saved Requests"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (title_box), label);
  button = gtk_button_new_with_mnemonic (_("_Save Current…"));
  gtk_widget_set_tooltip_text (button, _("Save the current tab’s request under a name"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.save-request");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (title_box), button);
  gtk_box_append (GTK_BOX (box), title_box);

  saved->saved_list = new_list (box, runnel_request_store_get_saved (saved->store), new_saved_row,
                                _("No saved requests yet. Save a tab’s request with Ctrl+D."),
                                _("Saved Requests"));

  label = heading (_("Recent"));
  gtk_widget_set_hexpand (label, TRUE);
  gtk_box_append (GTK_BOX (recent_box), label);
  button = gtk_button_new_with_mnemonic (_("C_lear"));
  gtk_widget_set_tooltip_text (button, _("Clear the list of recent streams"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.clear-history");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (recent_box), button);
  gtk_widget_set_margin_top (recent_box, 6);
  gtk_box_append (GTK_BOX (box), recent_box);

  saved->recent_list = new_list (box, runnel_request_store_get_history (saved->store),
                                 new_recent_row, _("Streams you connect to show here."),
                                 _("Recent Streams"));
  number_recent_rows (saved->recent_list);
  /* after the list box's own handler, which adds the rows */
  g_signal_connect_object (runnel_request_store_get_history (saved->store), "items-changed",
                           G_CALLBACK (history_changed), saved->recent_list, G_CONNECT_AFTER);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scrolled), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scrolled), 480);
  /* fits the narrowest window (360 px) */
  gtk_widget_set_size_request (scrolled, 320, -1);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), box);

  saved->popover = GTK_POPOVER (gtk_popover_new ());
  gtk_popover_set_child (saved->popover, scrolled);

  saved->button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_icon_name (saved->button, "user-bookmarks-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (saved->button), _("Saved Requests"));
  gtk_menu_button_set_popover (saved->button, GTK_WIDGET (saved->popover));
}

static AdwHeaderBar *
find_header_bar (GtkWidget *widget)
{
  if (ADW_IS_HEADER_BAR (widget))
    return ADW_HEADER_BAR (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwHeaderBar *found = find_header_bar (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

GtkPopover *
runnel_window_get_saved_popover (RunnelWindow *window)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);

  return get_saved (window)->popover;
}

GtkListBox *
runnel_window_get_saved_list (RunnelWindow *window,
                              gboolean      recent)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);

  return recent ? get_saved (window)->recent_list : get_saved (window)->saved_list;
}

void
runnel_window_saved_install (RunnelWindow *window)
{
  static const GActionEntry entries[] = {
    { "save-request", save_request_action, NULL, NULL, NULL, { 0 } },
    { "show-saved", show_saved_action, NULL, NULL, NULL, { 0 } },
    { "open-saved", open_saved_action, "s", NULL, NULL, { 0 } },
    { "rename-saved", rename_saved_action, "s", NULL, NULL, { 0 } },
    { "delete-saved", delete_saved_action, "s", NULL, NULL, { 0 } },
    { "undo-delete-saved", undo_delete_saved_action, NULL, NULL, NULL, { 0 } },
    { "open-recent", open_recent_action, "u", NULL, NULL, { 0 } },
    { "clear-history", clear_history_action, NULL, NULL, NULL, { 0 } },
  };
  AdwTabView *tab_view = runnel_window_get_tab_view (window);
  AdwHeaderBar *header_bar;
  Saved *saved;

  g_return_if_fail (RUNNEL_IS_WINDOW (window));
  g_return_if_fail (get_saved (window) == NULL);

  saved = g_new0 (Saved, 1);
  saved->store = get_store (window);
  g_object_set_data_full (G_OBJECT (window), SAVED_KEY, saved, saved_free);

  build_popover (saved);
  header_bar = find_header_bar (GTK_WIDGET (window));
  g_return_if_fail (header_bar != NULL);
  adw_header_bar_pack_end (header_bar, GTK_WIDGET (saved->button));

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), window);

  for (int i = 0; i < adw_tab_view_get_n_pages (tab_view); i++)
    page_attached (tab_view, adw_tab_view_get_nth_page (tab_view, i), i, window);
  g_signal_connect_object (tab_view, "page-attached", G_CALLBACK (page_attached), window, 0);
}
