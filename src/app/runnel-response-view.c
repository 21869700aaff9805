/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-response-view.c: what the server answered: status line, headers, timing, an error body */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-format.h"
#include "runnel-json.h"
#include "runnel-response-view.h"
#include "runnel-utf8.h"

struct _RunnelResponseView
{
  GtkWidget        parent_instance;

  /* Template widgets */
  GtkStack        *stack;
  GtkLabel        *status_label;
  GtkLabel        *timing_label;
  GtkLabel        *headers_label;
  GtkWidget       *body_box;
  GtkLabel        *body_caption;
  GtkLabel        *body_label;

  /* Owned */
  RunnelSseClient *client;
};

G_DEFINE_FINAL_TYPE (RunnelResponseView, runnel_response_view, GTK_TYPE_WIDGET)

static char *
format_headers (SoupMessageHeaders *headers)
{
  GString *text = g_string_new (NULL);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  soup_message_headers_iter_init (&iter, headers);
  while (soup_message_headers_iter_next (&iter, &name, &value))
    g_string_append_printf (text, "%s%s: %s", text->len > 0 ? "\n" : "", name, value);

  return g_string_free (text, FALSE);
}

/* the body as text: JSON laid out (depth-checked first), anything else with bad bytes replaced */
static char *
format_body (GBytes   *body,
             gboolean *is_json)
{
  gsize len = 0;
  const guint8 *data = g_bytes_get_data (body, &len);
  g_autofree char *text = runnel_utf8_repair_dup (data, len, &len);
  char *pretty;

  pretty = runnel_json_to_pretty_string (text, len, NULL);
  *is_json = pretty != NULL;

  return pretty != NULL ? pretty : g_steal_pointer (&text);
}

static void
runnel_response_view_update (RunnelResponseView *self)
{
  const char *status_line = self->client ? runnel_sse_client_get_status_line (self->client) : NULL;
  SoupMessageHeaders *headers;
  GBytes *body;
  RunnelTiming *timing;
  gint64 to_headers;
  g_autofree char *header_text = NULL;

  if (status_line == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "empty");
      return;
    }

  gtk_stack_set_visible_child_name (self->stack, "response");
  gtk_label_set_text (self->status_label, status_line);

  timing = runnel_sse_client_get_timing (self->client);
  to_headers = runnel_timing_get_milestone (timing, RUNNEL_TIMING_HEADERS);
  if (to_headers >= 0)
    {
      g_autofree char *duration = runnel_format_duration (to_headers);
      /* TRANSLATORS: %s is a duration, e.g. "12 ms" */
      g_autofree char *text = g_strdup_printf (_("Headers after %s"), duration);

      gtk_label_set_text (self->timing_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->timing_label), to_headers >= 0);

  headers = runnel_sse_client_get_response_headers (self->client);
  if (headers != NULL)
    header_text = format_headers (headers);
  gtk_label_set_text (self->headers_label, header_text != NULL ? header_text : "");

  body = runnel_sse_client_get_error_body (self->client);
  gtk_widget_set_visible (self->body_box, body != NULL);
  if (body != NULL)
    {
      gboolean is_json = FALSE;
      g_autofree char *text = format_body (body, &is_json);
      g_autofree char *size = g_format_size (RUNNEL_SSE_CLIENT_RESPONSE_BODY_MAX);
      g_autofree char *caption = NULL;

      if (g_bytes_get_size (body) >= RUNNEL_SSE_CLIENT_RESPONSE_BODY_MAX)
        /* TRANSLATORS: %s is a size, e.g. "65.5 kB" */
        caption = g_strdup_printf (_("Body, its first %s"), size);
      else if (is_json)
        caption = g_strdup (_("Body, JSON laid out"));
      else
        caption = g_strdup (_("Body"));

      gtk_label_set_text (self->body_caption, caption);
      gtk_label_set_text (self->body_label, text);
    }
}

void
runnel_response_view_set_client (RunnelResponseView *self,
                                 RunnelSseClient    *client)
{
  g_return_if_fail (RUNNEL_IS_RESPONSE_VIEW (self));
  g_return_if_fail (client == NULL || RUNNEL_IS_SSE_CLIENT (client));

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);
  if (client != NULL)
    g_signal_connect_object (client, "state-changed", G_CALLBACK (runnel_response_view_update),
                             self, G_CONNECT_SWAPPED);

  runnel_response_view_update (self);
}

char *
runnel_response_view_dup_text (RunnelResponseView *self)
{
  GString *text;

  g_return_val_if_fail (RUNNEL_IS_RESPONSE_VIEW (self), NULL);

  text = g_string_new (NULL);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "response") == 0)
    {
      g_string_append_printf (text, "%s\n%s\n", gtk_label_get_text (self->status_label),
                              gtk_label_get_text (self->headers_label));
      if (gtk_widget_get_visible (self->body_box))
        g_string_append_printf (text, "\n%s", gtk_label_get_text (self->body_label));
    }

  return g_string_free (text, FALSE);
}

static void
runnel_response_view_dispose (GObject *object)
{
  RunnelResponseView *self = RUNNEL_RESPONSE_VIEW (object);

  runnel_response_view_set_client (self, NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_RESPONSE_VIEW);

  G_OBJECT_CLASS (runnel_response_view_parent_class)->dispose (object);
}

static void
runnel_response_view_class_init (RunnelResponseViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_response_view_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-response-view.ui");
  gtk_widget_class_set_css_name (widget_class, "responseview");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);

#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelResponseView, name)
  BIND (stack);
  BIND (status_label);
  BIND (timing_label);
  BIND (headers_label);
  BIND (body_box);
  BIND (body_caption);
  BIND (body_label);
#undef BIND
}

static void
runnel_response_view_init (RunnelResponseView *self)
{
  PangoAttrList *attrs = pango_attr_list_new ();

  gtk_widget_init_template (GTK_WIDGET (self));

  /* headers and body as received: wrapped by character, never with a hyphen Pango would add */
  pango_attr_list_insert (attrs, pango_attr_insert_hyphens_new (FALSE));
  gtk_label_set_attributes (self->headers_label, attrs);
  gtk_label_set_attributes (self->body_label, attrs);
  pango_attr_list_unref (attrs);
}
