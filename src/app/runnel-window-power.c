/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-power.c: the window's Import cURL, Copy as cURL and Export Events actions */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-curl.h"
#include "runnel-export.h"
#include "runnel-window-power.h"

/* the methods of the page's method menu (runnel-stream-page.ui) */
static const char * const page_methods[] = { "GET", "POST", "PUT", "PATCH", "DELETE" };

static void
toast (RunnelWindow *window,
       const char   *message)
{
  GtkWidget *overlay = NULL;
  GtkWidget *page = GTK_WIDGET (runnel_window_get_current_page (window));

  if (page != NULL)
    overlay = gtk_widget_get_ancestor (page, ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (message));
  else
    g_message ("%s", message);
}

static void
show_error (RunnelWindow *window,
            const char   *heading,
            const char   *message)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (window), heading, message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

RunnelStreamPage *
runnel_window_import_curl (RunnelWindow   *window,
                           const char     *command,
                           char         ***not_imported,
                           GError        **error)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GPtrArray) left_out = NULL;
  g_auto(GStrv) ignored = NULL;
  RunnelStreamPage *page;
  const char *method;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);
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

  page = runnel_window_add_page (window);
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

char *
runnel_window_copy_curl (RunnelWindow *window)
{
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *page;
  char *command;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);

  page = runnel_window_get_current_page (window);
  if (page == NULL)
    return NULL;

  /* shows what is wrong on the field when the request is not valid */
  request = runnel_stream_page_build_request (page);
  if (request == NULL)
    return NULL;

  command = runnel_curl_from_request (request, RUNNEL_CURL_FORMAT_MULTI_LINE);
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (window)), command);

  return command;
}

static RunnelExportFormat
format_for_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".ndjson") || g_str_has_suffix (lower, ".jsonl"))
    return RUNNEL_EXPORT_FORMAT_NDJSON;
  if (g_str_has_suffix (lower, ".json"))
    return RUNNEL_EXPORT_FORMAT_JSON_ARRAY;
  return RUNNEL_EXPORT_FORMAT_EVENT_STREAM;
}

gboolean
runnel_window_export_events_to_file (RunnelWindow  *window,
                                     GFile         *file,
                                     GError       **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  RunnelStreamPage *page;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  page = runnel_window_get_current_page (window);
  if (page == NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                           _("There is no stream to export"));
      return FALSE;
    }

  name = g_file_get_basename (file);
  if (g_str_has_suffix (name, ".raw"))
    {
      /* the bytes as received, not re-serialised: all that the Raw view keeps, unfiltered */
      gsize len = 0;
      const guint8 *data = runnel_raw_log_peek (runnel_stream_page_get_raw_log (page), &len, NULL);

      bytes = g_bytes_new (data, len);
    }
  else
    bytes = runnel_export_model (runnel_stream_page_get_shown_events (page),
                                 format_for_name (name), error);
  if (bytes == NULL)
    return FALSE;

  return g_file_replace_contents (file, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL, NULL,
                                  error);
}

RunnelStreamPage *
runnel_window_open_capture (RunnelWindow  *window,
                            GFile         *file,
                            GError       **error)
{
  g_autoptr(GPtrArray) events = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *uri = NULL;
  RunnelStreamPage *page;
  RunnelEventLog *log;
  gsize length = 0;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (window), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  if (!g_file_load_contents (file, NULL, &contents, &length, NULL, error))
    return NULL;

  events = runnel_import_events (contents, length, runnel_import_guess_format (contents, length),
                                 error);
  if (events == NULL)
    return NULL;

  page = runnel_window_add_page (window);
  uri = g_file_get_uri (file);
  runnel_stream_page_set_url (page, uri);
  runnel_stream_page_set_read_only (page, TRUE);

  log = runnel_stream_page_get_log (page);
  for (guint i = 0; i < events->len; i++)
    runnel_event_log_append (log, g_ptr_array_index (events, i));
  runnel_event_log_flush (log);

  return page;
}

/* Actions */

static void
import_response (AdwMessageDialog *dialog,
                 const char       *response,
                 RunnelWindow     *window)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) not_imported = NULL;
  g_autofree char *text = NULL;
  GtkTextView *view;
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  if (g_strcmp0 (response, "import") != 0)
    return;

  view = g_object_get_data (G_OBJECT (dialog), "text-view");
  buffer = gtk_text_view_get_buffer (view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  if (runnel_window_import_curl (window, text, &not_imported, &error) == NULL)
    {
      show_error (window, _("Cannot Import the Command"), error->message);
      return;
    }

  if (not_imported[0] != NULL)
    {
      g_autofree char *list = g_strjoinv (", ", not_imported);
      g_autofree char *message = g_strdup_printf (_("Imported; left out: %s"), list);

      toast (window, message);
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
import_curl_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  RunnelWindow *window = user_data;
  GtkWidget *dialog;
  GtkWidget *scrolled;
  GtkWidget *view;

  dialog = adw_message_dialog_new (GTK_WINDOW (window), _("Import cURL Command"),
                                   _("Paste a curl command, such as your browser’s developer tools "
                                     "copy with “Copy as cURL”. It opens in a new tab."));
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
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("curl command"), -1);
  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 160);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 420);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), view);
  gtk_widget_add_css_class (scrolled, "card");
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scrolled);
  g_object_set_data (G_OBJECT (dialog), "text-view", view);

  g_signal_connect_object (dialog, "response", G_CALLBACK (import_response), window, 0);

  /* a command on the clipboard is most likely what the user wants to import */
  gdk_clipboard_read_text_async (gtk_widget_get_clipboard (GTK_WIDGET (window)), NULL,
                                 clipboard_text_cb,
                                 g_object_ref (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view))));

  gtk_window_present (GTK_WINDOW (dialog));
}

static void
copy_curl_action (GSimpleAction *action,
                  GVariant      *parameter,
                  gpointer       user_data)
{
  RunnelWindow *window = user_data;
  g_autofree char *command = runnel_window_copy_curl (window);

  if (command != NULL)
    toast (window, _("Copied as cURL"));
}

/* a file chooser whose accepted file goes to @func; its error is shown under @error_heading */
typedef gboolean (*FileFunc) (RunnelWindow  *window,
                              GFile         *file,
                              GError       **error);

typedef struct
{
  RunnelWindow *window;
  FileFunc      func;
  const char   *error_heading;
  const char   *done_message;
} FileJob;

static void
file_chosen (GtkNativeDialog *chooser,
             int              response,
             FileJob         *job)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL && !job->func (job->window, file, &error))
    show_error (job->window, job->error_heading, error->message);
  else if (file != NULL && job->done_message != NULL)
    toast (job->window, job->done_message);

  g_object_unref (job->window);
  g_free (job);
  g_object_unref (chooser);
}

static void
choose_file (RunnelWindow         *window,
             GtkFileChooserAction  action,
             const char           *title,
             const char           *accept_label,
             const char           *current_name,
             FileFunc              func,
             const char           *error_heading,
             const char           *done_message)
{
  GtkFileChooserNative *chooser;
  FileJob *job = g_new0 (FileJob, 1);

  job->window = g_object_ref (window);
  job->func = func;
  job->error_heading = error_heading;
  job->done_message = done_message;

  chooser = gtk_file_chooser_native_new (title, GTK_WINDOW (window), action, accept_label, NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  if (current_name != NULL)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), current_name);
  g_signal_connect (chooser, "response", G_CALLBACK (file_chosen), job);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
export_events_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  RunnelWindow *window = user_data;

  if (runnel_window_get_current_page (window) == NULL)
    return;

  /*
   * .ndjson: what runnel --print prints; .json: an array; .sse: the shown events as
   * text/event-stream; .raw: the bytes as received (the last 128 KiB, unfiltered)
   */
  choose_file (window, GTK_FILE_CHOOSER_ACTION_SAVE, _("Export Events"), _("_Export"),
               "events.ndjson", runnel_window_export_events_to_file,
               _("Cannot Export the Events"), _("Events exported"));
}

static gboolean
open_capture_file (RunnelWindow  *window,
                   GFile         *file,
                   GError       **error)
{
  return runnel_window_open_capture (window, file, error) != NULL;
}

static void
open_capture_action (GSimpleAction *action,
                     GVariant      *parameter,
                     gpointer       user_data)
{
  choose_file (user_data, GTK_FILE_CHOOSER_ACTION_OPEN, _("Open Capture"), _("_Open"), NULL,
               open_capture_file, _("Cannot Open the Capture"), NULL);
}

void
runnel_window_power_install (RunnelWindow *window)
{
  static const GActionEntry entries[] = {
    { "import-curl", import_curl_action },
    { "copy-curl", copy_curl_action },
    { "export-events", export_events_action },
    { "open-capture", open_capture_action },
  };

  g_return_if_fail (RUNNEL_IS_WINDOW (window));

  g_action_map_add_action_entries (G_ACTION_MAP (window), entries, G_N_ELEMENTS (entries), window);
}
