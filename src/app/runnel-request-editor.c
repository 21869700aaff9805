/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-editor.c: a stream's request: method, URL, headers, body, options */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-demo-menu.h"
#include "runnel-header-row.h"
#include "runnel-request-editor.h"
#include "runnel-settings.h"
#include "runnel-utf8.h"
#include "runnel-widget-util.h"

struct _RunnelRequestEditor
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkWidget     *request_box;
  GtkDropDown   *method_dropdown;
  GtkEntry      *url_entry;
  GtkMenuButton *suggestions_button;
  GtkMenuButton *options_button;
  GtkButton     *connect_button;
  GtkButton     *run_live_button;
  GtkLabel      *request_error_label;
  GtkExpander   *request_expander;
  GtkListBox    *header_list;
  GtkWidget     *body_box;
  GtkTextView   *body_view;
  GtkSwitch     *reconnect_on_end_switch;
  GtkSpinButton *retry_delay_spin;
  GtkSpinButton *retry_limit_spin;
  GtkSpinButton *read_timeout_spin;
  GtkSpinButton *max_event_size_spin;
  GtkEntry      *fatal_types_entry;
  GtkEntry      *last_event_id_entry;
  GtkSwitch     *insecure_switch;
  GtkSwitch     *insecure_redirect_switch;

  /* Owned */
  GSettings     *settings;

  gboolean       active;
  gboolean       narrow;
  gboolean       read_only;
};

enum {
  PROP_0,
  PROP_URL,
  PROP_ACTIVE,
  PROP_NARROW,
  PROP_READ_ONLY,
  N_PROPS
};

enum {
  SUBMIT,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

G_DEFINE_FINAL_TYPE (RunnelRequestEditor, runnel_request_editor, GTK_TYPE_WIDGET)

static const char *
runnel_request_editor_get_method (RunnelRequestEditor *self)
{
  GtkStringObject *item = gtk_drop_down_get_selected_item (self->method_dropdown);

  return item != NULL ? gtk_string_object_get_string (item) : "GET";
}

static gboolean
method_takes_body (const char *method)
{
  return g_strcmp0 (method, "GET") != 0 && g_strcmp0 (method, "DELETE") != 0;
}


void
runnel_request_editor_show_error (RunnelRequestEditor *self,
                                  GtkWidget           *field,
                                  const char          *message)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  if (field != NULL)
    {
      runnel_widget_set_error (field, message);
      gtk_widget_grab_focus (field);
    }

  gtk_label_set_text (self->request_error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->request_error_label), message != NULL);
}


static void
runnel_request_editor_url_changed (RunnelRequestEditor *self)
{
  runnel_widget_set_error (GTK_WIDGET (self->url_entry), NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->request_error_label), FALSE);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_URL]);
}

static void
runnel_request_editor_url_activated (RunnelRequestEditor *self)
{
  g_signal_emit (self, signals[SUBMIT], 0);
}

static void
runnel_request_editor_method_changed (RunnelRequestEditor *self)
{
  const char *method = runnel_request_editor_get_method (self);

  gtk_widget_set_visible (self->body_box, method_takes_body (method));
  /* EventSource reconnects after a clean end; fetch-style requests do not (a finished
   * LLM reply must not be requested twice) */
  gtk_switch_set_active (self->reconnect_on_end_switch, g_strcmp0 (method, "GET") == 0);
}

/* Options popover */

static int
runnel_request_editor_retry_limit_input (GtkSpinButton *spin,
                                         double        *value)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (spin));
  char *end = NULL;
  gint64 parsed;

  if (g_strcmp0 (text, _("Unlimited")) == 0 || *text == '\0')
    {
      *value = -1;
      return TRUE;
    }

  parsed = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0')
    return GTK_INPUT_ERROR;

  *value = parsed;
  return TRUE;
}

static gboolean
runnel_request_editor_retry_limit_output (GtkSpinButton *spin)
{
  int value = gtk_spin_button_get_value_as_int (spin);
  g_autofree char *text = NULL;

  text = value < 0 ? g_strdup (_("Unlimited")) : g_strdup_printf ("%d", value);
  if (g_strcmp0 (text, gtk_editable_get_text (GTK_EDITABLE (spin))) != 0)
    gtk_editable_set_text (GTK_EDITABLE (spin), text);

  return TRUE;
}


/**
 * runnel_request_editor_build_request:
 *
 * Returns: (transfer full) (nullable): the request the fields describe, or NULL when one is not
 *   valid (the error is then shown on the field)
 */
RunnelRequest *
runnel_request_editor_build_request (RunnelRequestEditor *self)
{
  g_autoptr(RunnelRequest) request = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_entry)));
  g_auto(GStrv) fatal_types = NULL;
  const char *method = runnel_request_editor_get_method (self);
  const char *last_event_id;

  g_strstrip (url);
  if (*url == '\0')
    {
      runnel_request_editor_show_error (self, GTK_WIDGET (self->url_entry),
                                             _("Enter the URL of an event stream"));
      return NULL;
    }

  if (!runnel_request_check_url (url, &error))
    {
      runnel_request_editor_show_error (self, GTK_WIDGET (self->url_entry), error->message);
      return NULL;
    }

  request = runnel_request_new (url);
  runnel_request_set_method (request, method);

  for (guint i = 0; gtk_list_box_get_row_at_index (self->header_list, i) != NULL; i++)
    {
      GtkWidget *child = GTK_WIDGET (gtk_list_box_get_row_at_index (self->header_list, i));
      RunnelHeaderRow *row;

      if (!RUNNEL_IS_HEADER_ROW (child))
        continue;

      row = RUNNEL_HEADER_ROW (child);
      if (runnel_header_row_is_blank (row))
        continue;

      if (!runnel_header_row_check (row))
        {
          gtk_expander_set_expanded (self->request_expander, TRUE);
          runnel_request_editor_show_error (self, NULL,
                                            gtk_widget_get_tooltip_text (child) != NULL
                                              ? gtk_widget_get_tooltip_text (child)
                                              : _("A header is not valid"));
          return NULL;
        }

      runnel_request_append_header (request,
                                    runnel_header_row_get_name (row),
                                    runnel_header_row_get_value (row),
                                    runnel_header_row_get_enabled (row));
      if (runnel_header_row_get_value_missing (row))
        runnel_request_set_header_value_missing (request,
                                                 runnel_request_get_n_headers (request) - 1,
                                                 TRUE);
    }

  if (method_takes_body (method))
    {
      GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->body_view);
      GtkTextIter start, end;
      g_autofree char *body = NULL;

      gtk_text_buffer_get_bounds (buffer, &start, &end);
      body = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
      if (*body != '\0')
        runnel_request_set_body_text (request, body);
    }

  runnel_request_set_reconnect_on_end (request,
                                       gtk_switch_get_active (self->reconnect_on_end_switch));
  runnel_request_set_retry_delay (request,
                                  gtk_spin_button_get_value_as_int (self->retry_delay_spin));
  if (self->settings != NULL)
    runnel_request_set_backoff_cap (request, g_settings_get_uint (self->settings, "backoff-cap"));
  runnel_request_set_max_retries (request,
                                  gtk_spin_button_get_value_as_int (self->retry_limit_spin));
  runnel_request_set_read_timeout (request, 1000 * (guint)
                                   gtk_spin_button_get_value_as_int (self->read_timeout_spin));
  /* KiB in the field; 0 takes away the limit */
  runnel_request_set_max_event_size (request, 1024 * (guint64)
                                     gtk_spin_button_get_value_as_int (self->max_event_size_spin));
  runnel_request_set_accept_invalid_certificates (request,
                                                  gtk_switch_get_active (self->insecure_switch));
  runnel_request_set_allow_insecure_redirect (
    request, gtk_switch_get_active (self->insecure_redirect_switch));

  last_event_id = gtk_editable_get_text (GTK_EDITABLE (self->last_event_id_entry));
  if (*last_event_id != '\0')
    runnel_request_set_last_event_id (request, last_event_id);

  fatal_types = g_strsplit_set (gtk_editable_get_text (GTK_EDITABLE (self->fatal_types_entry)),
                                ", ", -1);
  for (guint i = 0; fatal_types[i] != NULL; i++)
    if (*fatal_types[i] != '\0')
      runnel_request_add_fatal_event_type (request, fatal_types[i]);

  if (!runnel_request_validate (request, &error))
    {
      runnel_request_editor_show_error (self, NULL, error->message);
      return NULL;
    }

  runnel_request_editor_show_error (self, NULL, NULL);

  return g_steal_pointer (&request);
}


/* the expander says how many headers it holds, so that folded headers are not forgotten */
static void
runnel_request_editor_update_headers (RunnelRequestEditor *self)
{
  g_autofree char *label = NULL;
  guint n_headers = 0;

  while (gtk_list_box_get_row_at_index (self->header_list, n_headers) != NULL)
    n_headers++;

  gtk_widget_set_visible (GTK_WIDGET (self->header_list), n_headers > 0);

  if (n_headers == 0)
    label = g_strdup (_("Headers and Body"));
  else
    label = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u Header and Body",
                                          "%u Headers and Body", n_headers),
                             n_headers);
  gtk_expander_set_label (self->request_expander, label);
}

static void
runnel_request_editor_remove_header (RunnelRequestEditor *self,
                                     RunnelHeaderRow  *row)
{
  gtk_list_box_remove (self->header_list, GTK_WIDGET (row));
  runnel_request_editor_update_headers (self);
}


void
runnel_request_editor_set_url (RunnelRequestEditor *self,
                               const char       *url)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  gtk_editable_set_text (GTK_EDITABLE (self->url_entry), url != NULL ? url : "");
}

void
runnel_request_editor_set_method (RunnelRequestEditor *self,
                                  const char       *method)
{
  GListModel *methods;

  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));
  g_return_if_fail (method != NULL);

  methods = gtk_drop_down_get_model (self->method_dropdown);
  for (guint i = 0; i < g_list_model_get_n_items (methods); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (methods, i);

      if (g_ascii_strcasecmp (gtk_string_object_get_string (item), method) == 0)
        {
          gtk_drop_down_set_selected (self->method_dropdown, i);
          return;
        }
    }

  g_warning ("Unsupported method %s", method);
}

void
runnel_request_editor_set_body_text (RunnelRequestEditor *self,
                                     const char       *text)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->body_view),
                            text != NULL ? text : "", -1);
}

static RunnelHeaderRow *
runnel_request_editor_add_header_row (RunnelRequestEditor *self,
                                      const char          *name,
                                      const char          *value,
                                      gboolean             enabled)
{
  RunnelHeaderRow *row = runnel_header_row_new (name, value, enabled);

  g_signal_connect_object (row, "remove", G_CALLBACK (runnel_request_editor_remove_header), self,
                           G_CONNECT_SWAPPED);
  gtk_list_box_append (self->header_list, GTK_WIDGET (row));
  runnel_request_editor_update_headers (self);
  gtk_expander_set_expanded (self->request_expander, TRUE);

  return row;
}

void
runnel_request_editor_add_header (RunnelRequestEditor *self,
                                  const char          *name,
                                  const char          *value,
                                  gboolean             enabled)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  runnel_request_editor_add_header_row (self, name, value, enabled);
}


void
runnel_request_editor_set_accept_invalid_certificates (RunnelRequestEditor *self,
                                                       gboolean          accept)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  gtk_switch_set_active (self->insecure_switch, accept);
}


/* @body (of @content_type) as the request's body when it has none: a sample, as the demo's */
/**
 * runnel_request_editor_use_sample:
 * @body: (nullable): the sample body, NULL for none
 * @content_type: (nullable): its Content-Type, NULL for none
 *
 * A demo endpoint's sample replaces the last one's: the body becomes @body (or nothing) and the
 * Content-Type header @content_type (or none), so that /chat's JSON does not follow the user to
 * /fault/500. The other headers stay.
 */
void
runnel_request_editor_use_sample (RunnelRequestEditor *self,
                                  const char          *body,
                                  const char          *content_type)
{
  GtkListBoxRow *row;

  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  runnel_request_editor_set_body_text (self, body);
  for (guint i = 0; (row = gtk_list_box_get_row_at_index (self->header_list, i)) != NULL;)
    if (g_ascii_strcasecmp (runnel_header_row_get_name (RUNNEL_HEADER_ROW (row)),
                            "Content-Type") == 0)
      gtk_list_box_remove (self->header_list, GTK_WIDGET (row));
    else
      i++;
  runnel_request_editor_update_headers (self);
  if (content_type != NULL)
    runnel_request_editor_add_header (self, "Content-Type", content_type, TRUE);
}


/**
 * runnel_request_editor_load_request:
 *
 * Fills the page's request fields from @request (the inverse of
 * runnel_request_editor_build_request ()): URL, method, headers with their enabled flags, body
 * (as text, invalid UTF-8 replaced), and the options popover: reconnect on end, retry delay,
 * retry limit, read timeout (whole seconds, rounded up so that a timeout stays on), fatal event
 * types, Last-Event-ID and whether invalid certificates are accepted. Values beyond what a
 * field allows are clamped to it.
 */
void
runnel_request_editor_load_request (RunnelRequestEditor *self,
                                    RunnelRequest    *request)
{
  g_autofree char *fatal_types = NULL;
  guint64 max_event_size;
  guint read_timeout;
  GBytes *body;

  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));
  g_return_if_fail (RUNNEL_IS_REQUEST (request));

  runnel_request_editor_set_url (self, runnel_request_get_url (request));
  runnel_request_editor_set_method (self, runnel_request_get_method (request));
  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      RunnelHeaderRow *row =
        runnel_request_editor_add_header_row (self,
                                              runnel_request_get_header_name (request, i),
                                              runnel_request_get_header_value (request, i),
                                              runnel_request_get_header_enabled (request, i));

      /* a secret the history or the keyring did not keep: asked for, never sent empty */
      runnel_header_row_set_value_missing (row,
                                           runnel_request_get_header_value_missing (request, i));
    }

  body = runnel_request_get_body (request);
  if (body != NULL)
    {
      gsize size = 0;
      const char *data = g_bytes_get_data (body, &size);
      g_autofree char *text = runnel_utf8_repair_dup ((const guint8 *) data, size, NULL);

      runnel_request_editor_set_body_text (self, text);
    }

  /* after the method, which resets it to the method's default */
  gtk_switch_set_active (self->reconnect_on_end_switch,
                         runnel_request_get_reconnect_on_end (request));
  gtk_spin_button_set_value (self->retry_delay_spin, runnel_request_get_retry_delay (request));
  gtk_spin_button_set_value (self->retry_limit_spin, runnel_request_get_max_retries (request));
  read_timeout = runnel_request_get_read_timeout (request);
  gtk_spin_button_set_value (self->read_timeout_spin,
                             read_timeout / 1000 + (read_timeout % 1000 != 0));
  max_event_size = runnel_request_get_max_event_size (request);
  gtk_spin_button_set_value (self->max_event_size_spin,
                             max_event_size / 1024 + (max_event_size % 1024 != 0));
  fatal_types = g_strjoinv (", ", (char **) runnel_request_get_fatal_event_types (request));
  gtk_editable_set_text (GTK_EDITABLE (self->fatal_types_entry), fatal_types);
  gtk_editable_set_text (GTK_EDITABLE (self->last_event_id_entry),
                         runnel_request_get_last_event_id (request));
  runnel_request_editor_set_accept_invalid_certificates (
    self, runnel_request_get_accept_invalid_certificates (request));
  gtk_switch_set_active (self->insecure_redirect_switch,
                         runnel_request_get_allow_insecure_redirect (request));
}

const char *
runnel_request_editor_get_url (RunnelRequestEditor *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_EDITOR (self), NULL);

  return gtk_editable_get_text (GTK_EDITABLE (self->url_entry));
}

void
runnel_request_editor_focus_url (RunnelRequestEditor *self)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->url_entry));
}

void
runnel_request_editor_focus_new_header (RunnelRequestEditor *self)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  runnel_request_editor_add_header (self, "", "", TRUE);
  gtk_widget_child_focus (gtk_widget_get_last_child (GTK_WIDGET (self->header_list)),
                          GTK_DIR_TAB_FORWARD);
}

static void
runnel_request_editor_update_button (RunnelRequestEditor *self)
{
  /* narrow windows keep the URL readable: the button shows an icon only */
  if (self->narrow)
    gtk_button_set_icon_name (self->connect_button,
                              self->active ? "media-playback-stop-symbolic"
                                           : "media-playback-start-symbolic");
  else
    gtk_button_set_label (self->connect_button, self->active ? _("Disconnect") : _("Connect"));
  /* the icon alone says nothing to a screen reader */
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->connect_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  self->active ? _("Disconnect") : _("Connect"), -1);
  if (self->active)
    gtk_widget_remove_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
  else
    gtk_widget_add_css_class (GTK_WIDGET (self->connect_button), "suggested-action");
}

void
runnel_request_editor_set_active (RunnelRequestEditor *self,
                                  gboolean             active)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  active = !!active;
  if (self->active == active)
    return;

  self->active = active;
  runnel_request_editor_update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ACTIVE]);
}

void
runnel_request_editor_set_narrow (RunnelRequestEditor *self,
                                  gboolean             narrow)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  narrow = !!narrow;
  if (self->narrow == narrow)
    return;

  self->narrow = narrow;
  runnel_request_editor_update_button (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NARROW]);
}

/* an imported capture: nothing to edit or send */
void
runnel_request_editor_set_read_only (RunnelRequestEditor *self,
                                     gboolean             read_only)
{
  g_return_if_fail (RUNNEL_IS_REQUEST_EDITOR (self));

  read_only = !!read_only;
  if (self->read_only == read_only)
    return;

  self->read_only = read_only;
  gtk_editable_set_editable (GTK_EDITABLE (self->url_entry), !read_only);
  gtk_widget_set_sensitive (GTK_WIDGET (self->method_dropdown), !read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->connect_button), !read_only);
  /* a capture with its request (from a HAR file) can be run again, in a tab of its own */
  gtk_widget_set_visible (GTK_WIDGET (self->run_live_button),
                          read_only && runnel_request_check_url (runnel_request_editor_get_url (self),
                                                                 NULL));
  gtk_widget_set_visible (GTK_WIDGET (self->request_expander), !read_only);
  /* nothing to connect to: neither the demo's streams nor the connection's options */
  gtk_widget_set_visible (GTK_WIDGET (self->suggestions_button), !read_only);
  gtk_widget_set_visible (GTK_WIDGET (self->options_button), !read_only);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READ_ONLY]);
}

static void
runnel_request_editor_dispose (GObject *object)
{
  RunnelRequestEditor *self = RUNNEL_REQUEST_EDITOR (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_REQUEST_EDITOR);
  g_clear_object (&self->settings);

  G_OBJECT_CLASS (runnel_request_editor_parent_class)->dispose (object);
}

static void
runnel_request_editor_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  RunnelRequestEditor *self = RUNNEL_REQUEST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, runnel_request_editor_get_url (self));
      break;

    case PROP_ACTIVE:
      g_value_set_boolean (value, self->active);
      break;

    case PROP_NARROW:
      g_value_set_boolean (value, self->narrow);
      break;

    case PROP_READ_ONLY:
      g_value_set_boolean (value, self->read_only);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_editor_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  RunnelRequestEditor *self = RUNNEL_REQUEST_EDITOR (object);

  switch (prop_id)
    {
    case PROP_URL:
      runnel_request_editor_set_url (self, g_value_get_string (value));
      break;

    case PROP_ACTIVE:
      runnel_request_editor_set_active (self, g_value_get_boolean (value));
      break;

    case PROP_NARROW:
      runnel_request_editor_set_narrow (self, g_value_get_boolean (value));
      break;

    case PROP_READ_ONLY:
      runnel_request_editor_set_read_only (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_editor_class_init (RunnelRequestEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_request_editor_dispose;
  object_class->get_property = runnel_request_editor_get_property;
  object_class->set_property = runnel_request_editor_set_property;

  properties[PROP_URL] =
    g_param_spec_string ("url", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_ACTIVE] =
    g_param_spec_boolean ("active", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_NARROW] =
    g_param_spec_boolean ("narrow", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_READ_ONLY] =
    g_param_spec_boolean ("read-only", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SUBMIT] = g_signal_new ("submit", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-request-editor.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, RunnelRequestEditor, name)
  BIND (request_box);
  BIND (method_dropdown);
  BIND (url_entry);
  BIND (suggestions_button);
  BIND (options_button);
  BIND (connect_button);
  BIND (run_live_button);
  BIND (request_error_label);
  BIND (request_expander);
  BIND (header_list);
  BIND (body_box);
  BIND (body_view);
  BIND (reconnect_on_end_switch);
  BIND (retry_delay_spin);
  BIND (retry_limit_spin);
  BIND (read_timeout_spin);
  BIND (max_event_size_spin);
  BIND (fatal_types_entry);
  BIND (last_event_id_entry);
  BIND (insecure_switch);
  BIND (insecure_redirect_switch);
#undef BIND

  gtk_widget_class_bind_template_callback (widget_class, runnel_request_editor_method_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_request_editor_url_changed);
  gtk_widget_class_bind_template_callback (widget_class, runnel_request_editor_url_activated);
  gtk_widget_class_bind_template_callback (widget_class, runnel_request_editor_retry_limit_input);
  gtk_widget_class_bind_template_callback (widget_class, runnel_request_editor_retry_limit_output);
}

static void
runnel_request_editor_init (RunnelRequestEditor *self)
{

  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = runnel_settings_try_new ();
  if (self->settings != NULL)
    /* a new stream starts from the user's default retry delay; the page's own edit wins */
    g_settings_bind (self->settings, "default-retry-delay", self->retry_delay_spin, "value",
                     G_SETTINGS_BIND_GET | G_SETTINGS_BIND_GET_NO_CHANGES);

  gtk_menu_button_set_popover (self->suggestions_button, runnel_demo_menu_new ());

  runnel_request_editor_update_headers (self);
  runnel_request_editor_update_button (self);
}
