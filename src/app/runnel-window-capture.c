/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-capture.c: Open Capture and Export Events, read and written off the main loop */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-export.h"
#include "runnel-har.h"
#include "runnel-window-private.h"

/* the worker reads this much at a time, and says how far it got after each */
#define READ_CHUNK (1024 * 1024)
#define PROGRESS_INTERVAL_MS 100

/* Open Capture */

typedef struct
{
  GFile     *file;
  char      *name;        /* the file's name, for the tab and the messages */
  goffset    size;        /* from the file's information; -1 when unknown */
  int        bytes_read;  /* atomic: the worker's progress (the limit fits in an int) */
  GPtrArray *events;      /* the events of a capture, or */
  GPtrArray *streams;     /* the streams of a HAR file */
} CaptureJob;

static void
capture_job_free (gpointer data)
{
  CaptureJob *job = data;

  g_clear_object (&job->file);
  g_clear_pointer (&job->name, g_free);
  g_clear_pointer (&job->events, g_ptr_array_unref);
  g_clear_pointer (&job->streams, g_ptr_array_unref);
  g_free (job);
}

static void
set_too_big (GError     **error,
             const char  *name,
             goffset      size)
{
  g_autofree char *limit = g_format_size_full (RUNNEL_CAPTURE_SIZE_LIMIT, G_FORMAT_SIZE_IEC_UNITS);
  g_autofree char *have = g_format_size_full (size, G_FORMAT_SIZE_IEC_UNITS);

  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
               /* TRANSLATORS: "“big.sse” is 300.0 MiB: Runnel opens captures of at most 256.0 MiB" */
               _("“%s” is %s: Runnel opens captures of at most %s. Open a part of it, or replay "
                 "it with runnel --serve."),
               name, have, limit);
}

/* in a worker thread: the whole file, then its events (parsing a big capture takes seconds) */
static void
capture_read_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  CaptureJob *job = task_data;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFileInputStream) stream = NULL;
  g_autoptr(GByteArray) contents = NULL;
  g_autoptr(GError) error = NULL;
  gboolean is_har;

  info = g_file_query_info (job->file, G_FILE_ATTRIBUTE_STANDARD_SIZE,
                            G_FILE_QUERY_INFO_NONE, cancellable, &error);
  if (info == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  if (g_file_info_has_attribute (info, G_FILE_ATTRIBUTE_STANDARD_SIZE))
    job->size = g_file_info_get_size (info);
  if (job->size > RUNNEL_CAPTURE_SIZE_LIMIT)
    {
      set_too_big (&error, job->name, job->size);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  stream = g_file_read (job->file, cancellable, &error);
  if (stream == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  contents = g_byte_array_sized_new (MAX (job->size, 0) + 1);
  for (;;)
    {
      gssize n;

      /* a file that grows while it is read (or whose size was unknown) meets the same limit */
      g_byte_array_set_size (contents, contents->len + READ_CHUNK);
      n = g_input_stream_read (G_INPUT_STREAM (stream), contents->data + contents->len - READ_CHUNK,
                               READ_CHUNK, cancellable, &error);
      g_byte_array_set_size (contents, contents->len - READ_CHUNK + MAX (n, 0));
      if (n < 0)
        {
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
      if (n == 0)
        break;
      g_atomic_int_set (&job->bytes_read, MIN (contents->len, G_MAXINT));
      if (contents->len > RUNNEL_CAPTURE_SIZE_LIMIT)
        {
          set_too_big (&error, job->name, contents->len);
          g_task_return_error (task, g_steal_pointer (&error));
          return;
        }
    }

  is_har = _runnel_window_is_har (job->file, (const char *) contents->data, contents->len);
  if (is_har)
    job->streams = runnel_har_import ((const char *) contents->data, contents->len, &error);
  else
    job->events = runnel_import_events ((const char *) contents->data, contents->len,
                                        runnel_import_guess_format ((const char *) contents->data,
                                                                    contents->len),
                                        &error);

  if (job->streams == NULL && job->events == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

/* the window's progress bar follows the capture opened last */
static gboolean
capture_progress_cb (gpointer user_data)
{
  RunnelWindow *self = user_data;
  CaptureJob *job = g_task_get_task_data (self->capture_task);
  gsize done = g_atomic_int_get (&job->bytes_read);
  g_autofree char *read = g_format_size (done);
  g_autofree char *text = NULL;

  if (job->size > 0 && done < (gsize) job->size)
    {
      g_autofree char *total = g_format_size (job->size);

      /* TRANSLATORS: "Reading “big.sse”: 12.3 MB of 100.0 MB" */
      text = g_strdup_printf (_("Reading “%s”: %s of %s"), job->name, read, total);
      gtk_progress_bar_set_fraction (self->capture_progress, (double) done / job->size);
    }
  else if (job->size < 0 && done > 0)
    {
      /* TRANSLATORS: "Reading “big.sse”: 12.3 MB" (its size is not known) */
      text = g_strdup_printf (_("Reading “%s”: %s"), job->name, read);
      gtk_progress_bar_pulse (self->capture_progress);
    }
  else if (done > 0)
    {
      /* TRANSLATORS: "Reading the events of “big.sse” (100.0 MB)" */
      text = g_strdup_printf (_("Reading the events of “%s” (%s)"), job->name, read);
      gtk_progress_bar_pulse (self->capture_progress);
    }
  else
    text = g_strdup_printf (_("Opening “%s”"), job->name);

  gtk_label_set_text (self->capture_label, text);

  return G_SOURCE_CONTINUE;
}

static void
capture_progress_start (RunnelWindow *self,
                        GTask        *task)
{
  g_set_object (&self->capture_task, task);
  gtk_progress_bar_set_fraction (self->capture_progress, 0.0);
  capture_progress_cb (self);
  if (self->capture_progress_id == 0)
    self->capture_progress_id = g_timeout_add (PROGRESS_INTERVAL_MS, capture_progress_cb, self);
  gtk_revealer_set_reveal_child (self->capture_revealer, TRUE);
}

static void
capture_progress_stop (RunnelWindow *self,
                       GTask        *task)
{
  if (self->capture_task != task)
    return;

  g_clear_handle_id (&self->capture_progress_id, g_source_remove);
  g_clear_object (&self->capture_task);
  gtk_revealer_set_reveal_child (self->capture_revealer, FALSE);
}

/* back on the main loop: a tab with the events, or the HAR file's streams */
static void
capture_read_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunnelWindow *self = RUNNEL_WINDOW (object);
  g_autoptr(GTask) task = user_data;
  CaptureJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autofree char *uri = NULL;
  RunnelStreamPage *page = NULL;
  RunnelEventLog *log;

  capture_progress_stop (self, G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (job->streams != NULL)
    {
      /* no tab and no error: the user is asked which streams to open */
      _runnel_window_open_har_streams (self, job->name, job->streams, &page);
      g_task_return_pointer (task, page, NULL);
      return;
    }

  page = runnel_window_add_page (self);
  uri = g_file_get_uri (job->file);
  runnel_stream_page_set_url (page, uri);
  runnel_stream_page_set_read_only (page, TRUE);

  log = runnel_stream_page_get_log (page);
  for (guint i = 0; i < job->events->len; i++)
    runnel_event_log_append (log, g_ptr_array_index (job->events, i));
  runnel_event_log_flush (log);

  g_task_return_pointer (task, page, NULL);
}

void
_runnel_window_open_capture_async (RunnelWindow        *self,
                                   GFile               *file,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GTask) read = NULL;
  g_autofree char *basename = NULL;
  CaptureJob *job;

  g_return_if_fail (RUNNEL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _runnel_window_open_capture_async);

  job = g_new0 (CaptureJob, 1);
  job->file = g_object_ref (file);
  basename = g_file_get_basename (file);
  job->name = g_filename_display_name (basename != NULL ? basename : "");
  job->size = -1;

  read = g_task_new (self, cancellable, capture_read_done, g_object_ref (task));
  g_task_set_source_tag (read, capture_read_thread);
  g_task_set_task_data (read, job, capture_job_free);
  capture_progress_start (self, read);
  g_task_run_in_thread (read, capture_read_thread);
}

RunnelStreamPage *
_runnel_window_open_capture_finish (RunnelWindow  *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

static void
store_result (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

RunnelStreamPage *
_runnel_window_open_capture (RunnelWindow  *self,
                             GFile         *file,
                             GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (G_IS_FILE (file), NULL);

  _runnel_window_open_capture_async (self, file, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return _runnel_window_open_capture_finish (self, result, error);
}

static void
open_capture_done (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  RunnelWindow *self = RUNNEL_WINDOW (object);
  g_autoptr(GError) error = NULL;

  if (_runnel_window_open_capture_finish (self, result, &error) == NULL && error != NULL &&
      !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    _runnel_window_show_error (self, _("Cannot Open the Capture"), error->message);
}

static void
open_capture_chosen (GtkNativeDialog *chooser,
                     int              response,
                     RunnelWindow    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    {
      g_cancellable_cancel (self->capture_cancellable);
      g_clear_object (&self->capture_cancellable);
      self->capture_cancellable = g_cancellable_new ();
      _runnel_window_open_capture_async (self, file, self->capture_cancellable,
                                         open_capture_done, NULL);
    }

  g_object_unref (self);
  g_object_unref (chooser);
}

static void
runnel_window_open_capture_action (GtkWidget  *widget,
                                   const char *action_name,
                                   GVariant   *parameter)
{
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Open Capture"), GTK_WINDOW (widget),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (open_capture_chosen), g_object_ref (widget));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
runnel_window_cancel_capture_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);

  g_cancellable_cancel (self->capture_cancellable);
}

/* Export Events */

typedef enum
{
  EXPORT_BY_NAME,
  EXPORT_NDJSON,
  EXPORT_JSON,
  EXPORT_SSE,
  EXPORT_RAW,
} ExportChoice;

/* the chooser's choice ids, in ExportChoice's order */
static const char * const export_choice_ids[] = { "name", "ndjson", "json", "sse", "raw", NULL };

static ExportChoice
choice_for_name (const char *name)
{
  g_autofree char *lower = g_ascii_strdown (name, -1);

  if (g_str_has_suffix (lower, ".raw"))
    return EXPORT_RAW;
  if (g_str_has_suffix (lower, ".ndjson") || g_str_has_suffix (lower, ".jsonl"))
    return EXPORT_NDJSON;
  if (g_str_has_suffix (lower, ".json"))
    return EXPORT_JSON;
  return EXPORT_SSE;
}

static const char *
choice_label (ExportChoice choice)
{
  switch (choice)
    {
    case EXPORT_NDJSON:
      return _("NDJSON, one event a line");
    case EXPORT_JSON:
      return _("a JSON array");
    case EXPORT_SSE:
      return _("text/event-stream");
    case EXPORT_RAW:
      return _("the raw bytes");
    case EXPORT_BY_NAME:
    default:
      g_assert_not_reached ();
    }
}

typedef struct
{
  GFile        *file;
  GBytes       *bytes;
  ExportChoice  choice;
  guint         n_events;
  gsize         size;
} ExportJob;

static void
export_job_free (gpointer data)
{
  ExportJob *job = data;

  g_clear_object (&job->file);
  g_clear_pointer (&job->bytes, g_bytes_unref);
  g_free (job);
}

static void
export_written (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

void
_runnel_window_export_events_async (RunnelWindow        *self,
                                    GFile               *file,
                                    const char          *format,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autofree char *name = NULL;
  GError *error = NULL;
  RunnelStreamPage *page;
  ExportJob *job;

  g_return_if_fail (RUNNEL_IS_WINDOW (self));
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, _runnel_window_export_events_async);

  page = runnel_window_get_current_page (self);
  if (page == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_NOT_FOUND, "%s",
                               _("There is no stream to export"));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->file = g_object_ref (file);
  name = g_file_get_basename (file);
  job->choice = EXPORT_BY_NAME;
  for (guint i = 1; format != NULL && export_choice_ids[i] != NULL; i++)
    if (g_str_equal (format, export_choice_ids[i]))
      job->choice = i;
  if (job->choice == EXPORT_BY_NAME)
    job->choice = choice_for_name (name != NULL ? name : "");
  g_task_set_task_data (task, job, export_job_free);

  /* the model is the page's: it is read here, and only the bytes go to the writer */
  if (job->choice == EXPORT_RAW)
    {
      /* the bytes as received, not re-serialised: all that the Raw view keeps, unfiltered */
      gsize len = 0;
      const guint8 *data = runnel_raw_log_peek (runnel_stream_page_get_raw_log (page), &len, NULL);

      bytes = g_bytes_new (data, len);
    }
  else
    {
      static const RunnelExportFormat formats[] = {
        [EXPORT_NDJSON] = RUNNEL_EXPORT_FORMAT_NDJSON,
        [EXPORT_JSON] = RUNNEL_EXPORT_FORMAT_JSON_ARRAY,
        [EXPORT_SSE] = RUNNEL_EXPORT_FORMAT_EVENT_STREAM,
      };
      GListModel *shown = runnel_stream_page_get_shown_events (page);

      job->n_events = g_list_model_get_n_items (shown);
      bytes = runnel_export_model (shown, formats[job->choice], &error);
    }
  if (bytes == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  job->size = g_bytes_get_size (bytes);
  job->bytes = g_steal_pointer (&bytes);

  /* the task keeps the bytes; an empty export has no data pointer, which GIO refuses */
  g_file_replace_contents_async (file, job->size > 0 ? g_bytes_get_data (job->bytes, NULL) : "",
                                 job->size, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION,
                                 cancellable, export_written, g_steal_pointer (&task));
}

/**
 * _runnel_window_export_events_finish:
 * @summary: (out) (optional): what was written where, for the user
 */
gboolean
_runnel_window_export_events_finish (RunnelWindow  *self,
                                     GAsyncResult  *result,
                                     char         **summary,
                                     GError       **error)
{
  ExportJob *job;
  g_autofree char *where = NULL;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));
  where = g_file_get_parse_name (job->file);
  if (summary == NULL)
    return TRUE;

  if (job->choice == EXPORT_RAW)
    {
      g_autofree char *size = g_format_size (job->size);

      /* TRANSLATORS: "Exported 4.1 kB of raw bytes to /home/me/events.raw" */
      *summary = g_strdup_printf (_("Exported %s of raw bytes to %s"), size, where);
    }
  else
    /* TRANSLATORS: "Exported 12 events as a JSON array to /home/me/events.json" */
    *summary = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "Exported %u event as %s to %s",
                                             "Exported %u events as %s to %s", job->n_events),
                                job->n_events, choice_label (job->choice), where);

  return TRUE;
}

gboolean
_runnel_window_export_events_to_file (RunnelWindow  *self,
                                      GFile         *file,
                                      GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  _runnel_window_export_events_async (self, file, NULL, NULL, store_result, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return _runnel_window_export_events_finish (self, result, NULL, error);
}

static void
export_done (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  RunnelWindow *self = RUNNEL_WINDOW (object);
  g_autoptr(GError) error = NULL;
  g_autofree char *summary = NULL;

  if (_runnel_window_export_events_finish (self, result, &summary, &error))
    _runnel_window_toast (self, summary);
  else
    _runnel_window_show_error (self, _("Cannot Export the Events"), error->message);
}

static void
export_chosen (GtkNativeDialog *chooser,
               int              response,
               RunnelWindow    *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

  if (file != NULL)
    _runnel_window_export_events_async (self, file,
                                        gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser),
                                                                     "format"),
                                        NULL, export_done, NULL);

  g_object_unref (self);
  g_object_unref (chooser);
}

GtkFileChooser *
_runnel_window_new_export_chooser (RunnelWindow *self)
{
  const char *labels[] = {
    _("By the file name’s ending: .ndjson, .json, .sse or .raw"),
    _("NDJSON, one event a line (what runnel --print prints)"),
    _("JSON array"),
    _("text/event-stream"),
    _("Raw bytes as received (the last 128 KiB, unfiltered)"),
    NULL,
  };
  GtkFileChooserNative *chooser;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);

  chooser = gtk_file_chooser_native_new (_("Export Events"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Export"), NULL);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "events.ndjson");
  gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (chooser), "format", _("Format"),
                               (const char **) export_choice_ids, labels);
  gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "format", "name");

  return GTK_FILE_CHOOSER (chooser);
}

static void
runnel_window_export_events_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  GtkFileChooser *chooser;

  if (runnel_window_get_current_page (self) == NULL)
    return;

  chooser = _runnel_window_new_export_chooser (self);
  g_signal_connect (chooser, "response", G_CALLBACK (export_chosen), g_object_ref (self));
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

void
_runnel_window_class_capture_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.export-events", NULL,
                                   runnel_window_export_events_action);
  gtk_widget_class_install_action (widget_class, "win.open-capture", NULL,
                                   runnel_window_open_capture_action);
  gtk_widget_class_install_action (widget_class, "win.cancel-capture", NULL,
                                   runnel_window_cancel_capture_action);
}
