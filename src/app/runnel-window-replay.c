/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-window-replay.c: Serve This Capture, streams from a HAR file, and Run Live */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-application.h"
#include "runnel-demo-replay.h"
#include "runnel-event-log.h"
#include "runnel-har-chooser.h"
#include "runnel-har.h"
#include "runnel-serve-dialog.h"
#include "runnel-window-private.h"

/* Serve This Capture */

char *
_runnel_window_serve_capture (RunnelWindow      *self,
                              RunnelStreamPage  *page,
                              guint             *n_events,
                              GError           **error)
{
  static guint n_served;
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  g_autoptr(RunnelDemoCapture) capture = NULL;
  g_autofree char *path = NULL;
  RunnelDemoServer *server;
  const char *uri;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (RUNNEL_IS_STREAM_PAGE (page), NULL);

  if (!RUNNEL_IS_APPLICATION (app))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                           _("This window has no built-in server"));
      return NULL;
    }

  uri = runnel_application_ensure_demo_server (RUNNEL_APPLICATION (app), error);
  if (uri == NULL)
    return NULL;
  server = runnel_application_get_demo_server (RUNNEL_APPLICATION (app));

  /* what the tab shows, as Export writes it */
  capture = runnel_capture_from_model (runnel_stream_page_get_shown_events (page),
                                       runnel_stream_page_get_title (page));
  path = g_strdup_printf ("/capture/%u", ++n_served);
  runnel_demo_server_add_capture (server, path, capture, NULL);

  if (n_events != NULL)
    *n_events = runnel_demo_capture_get_n_events (capture);

  return g_strconcat (uri, path + 1, NULL);
}

static void
serve_dialog_open_cb (RunnelServeDialog *dialog,
                      const char        *response,
                      RunnelWindow      *self)
{
  runnel_window_open_url (self, runnel_serve_dialog_get_url (dialog), TRUE);
}

static void
runnel_window_serve_capture_action (GtkWidget  *widget,
                                    const char *action_name,
                                    GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  GtkWidget *dialog;
  guint n_events = 0;

  if (page == NULL)
    return;

  url = _runnel_window_serve_capture (self, page, &n_events, &error);
  if (url == NULL)
    {
      _runnel_window_show_error (self, _("Cannot Serve the Capture"), error->message);
      return;
    }

  dialog = runnel_serve_dialog_new (GTK_WINDOW (self), url, n_events);
  g_signal_connect_object (dialog, "response::open", G_CALLBACK (serve_dialog_open_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Streams from a HAR file */

gboolean
_runnel_window_is_har (GFile      *file,
                       const char *contents,
                       gsize       length)
{
  g_autofree char *name = g_file_get_basename (file);
  g_autofree char *lower = g_ascii_strdown (name != NULL ? name : "", -1);

  return g_str_has_suffix (lower, ".har") || runnel_har_sniff (contents, length);
}

RunnelStreamPage *
_runnel_window_open_har_stream (RunnelWindow    *self,
                                RunnelHarStream *stream)
{
  RunnelStreamPage *page;
  RunnelEventLog *log;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (stream != NULL, NULL);

  page = runnel_window_add_page (self);
  runnel_stream_page_load_request (page, stream->request);
  runnel_stream_page_set_read_only (page, TRUE);

  log = runnel_stream_page_get_log (page);
  for (guint i = 0; i < stream->events->len; i++)
    runnel_event_log_append (log, g_ptr_array_index (stream->events, i));
  runnel_event_log_flush (log);

  return page;
}

typedef struct
{
  RunnelWindow *window;
  GPtrArray    *streams;
} HarJob;

static void
har_chooser_response_cb (RunnelHarChooser *chooser,
                         const char       *response,
                         HarJob           *job)
{
  if (g_strcmp0 (response, "open") == 0)
    {
      g_autoptr(GPtrArray) chosen = runnel_har_chooser_get_chosen (chooser);

      for (guint i = 0; i < chosen->len; i++)
        _runnel_window_open_har_stream (job->window, chosen->pdata[i]);
    }

  g_object_unref (job->window);
  g_ptr_array_unref (job->streams);
  g_free (job);
}

GtkWidget *
_runnel_window_open_har_streams (RunnelWindow      *self,
                                 const char        *name,
                                 GPtrArray         *streams,
                                 RunnelStreamPage **page)
{
  GtkWidget *chooser;
  HarJob *job;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (streams != NULL && streams->len > 0, NULL);
  g_return_val_if_fail (page != NULL, NULL);

  *page = NULL;
  if (streams->len == 1)
    {
      *page = _runnel_window_open_har_stream (self, streams->pdata[0]);
      return NULL;
    }

  chooser = runnel_har_chooser_new (GTK_WINDOW (self), name, streams);
  job = g_new0 (HarJob, 1);
  job->window = g_object_ref (self);
  job->streams = g_ptr_array_ref (streams);
  g_signal_connect (chooser, "response", G_CALLBACK (har_chooser_response_cb), job);
  gtk_window_present (GTK_WINDOW (chooser));

  return chooser;
}

GtkWidget *
_runnel_window_open_har (RunnelWindow      *self,
                         GFile             *file,
                         const char        *contents,
                         gsize              length,
                         RunnelStreamPage **page,
                         GError           **error)
{
  g_autoptr(GPtrArray) streams = NULL;
  g_autofree char *name = NULL;

  g_return_val_if_fail (RUNNEL_IS_WINDOW (self), NULL);
  g_return_val_if_fail (page != NULL, NULL);

  *page = NULL;
  streams = runnel_har_import (contents, length, error);
  if (streams == NULL)
    return NULL;

  name = g_file_get_basename (file);
  return _runnel_window_open_har_streams (self, name, streams, page);
}

/* Run Live: the current tab's request, from a HAR, in a new tab that connects */

static void
runnel_window_run_live_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *parameter)
{
  RunnelWindow *self = RUNNEL_WINDOW (widget);
  RunnelStreamPage *page = runnel_window_get_current_page (self);
  g_autoptr(RunnelRequest) request = NULL;
  RunnelStreamPage *live;

  if (page == NULL)
    return;

  request = runnel_stream_page_build_request (page);
  if (request == NULL)
    return;

  live = _runnel_window_open_request (self, request);
  runnel_stream_page_connect (live);
}

void
_runnel_window_class_replay_actions_init (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.serve-capture", NULL,
                                   runnel_window_serve_capture_action);
  gtk_widget_class_install_action (widget_class, "win.run-live", NULL,
                                   runnel_window_run_live_action);
}
