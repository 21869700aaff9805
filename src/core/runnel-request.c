/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request.c: what to open: URL, method, headers, body and options, with their checks */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "runnel-request-private.h"
#include "runnel-utf8.h"

G_DEFINE_FINAL_TYPE (RunnelRequest, runnel_request, G_TYPE_OBJECT)
G_DEFINE_QUARK (runnel-request-error-quark, runnel_request_error)

enum {
  PROP_0,
  PROP_URL,
  PROP_METHOD,
  PROP_BODY,
  PROP_RECONNECT,
  PROP_RECONNECT_ON_END,
  PROP_RETRY_DELAY,
  PROP_BACKOFF_CAP,
  PROP_MAX_RETRIES,
  PROP_READ_TIMEOUT,
  PROP_TIMEOUT,
  PROP_MAX_EVENT_SIZE,
  PROP_ACCEPT_INVALID_CERTIFICATES,
  PROP_ALLOW_INSECURE_REDIRECT,
  PROP_CA_FILE,
  PROP_LAST_EVENT_ID,
  PROP_FATAL_EVENT_TYPES,
  PROP_EXPECTATIONS,
  N_PROPS
};

enum {
  HEADERS_CHANGED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
runnel_header_clear (gpointer data)
{
  RunnelHeader *header = data;

  g_clear_pointer (&header->name, g_free);
  g_clear_pointer (&header->value, g_free);
}

/* RFC 9110 tchar: the characters of a method or header name */
static gboolean
is_tchar (guchar c)
{
  return g_ascii_isalnum (c) || (c != '\0' && strchr ("!#$%&'*+-.^_`|~", c) != NULL);
}

static gboolean
is_token (const char *text)
{
  if (text == NULL || *text == '\0')
    return FALSE;

  for (const guchar *p = (const guchar *) text; *p; p++)
    {
      if (!is_tchar (*p))
        return FALSE;
    }

  return TRUE;
}

/* set a string field, notify when it changed */
static void
set_string (RunnelRequest  *self,
            char          **field,
            const char     *value,
            guint           prop_id)
{
  if (g_strcmp0 (*field, value) == 0)
    return;

  g_free (*field);
  *field = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

static void
set_uint (RunnelRequest *self,
          guint         *field,
          guint          value,
          guint          prop_id)
{
  if (*field == value)
    return;

  *field = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties [prop_id]);
}

static void
runnel_request_finalize (GObject *object)
{
  RunnelRequest *self = (RunnelRequest *)object;

  g_clear_pointer (&self->url, g_free);
  g_clear_pointer (&self->method, g_free);
  g_clear_pointer (&self->headers, g_array_unref);
  g_clear_pointer (&self->body, g_bytes_unref);
  g_clear_pointer (&self->ca_file, g_free);
  g_clear_pointer (&self->last_event_id, g_free);
  g_clear_pointer (&self->fatal_event_types, g_strfreev);
  g_clear_pointer (&self->expectations, g_strfreev);

  G_OBJECT_CLASS (runnel_request_parent_class)->finalize (object);
}

static void
runnel_request_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  RunnelRequest *self = RUNNEL_REQUEST (object);

  switch (prop_id)
    {
    case PROP_URL:
      g_value_set_string (value, self->url);
      break;

    case PROP_METHOD:
      g_value_set_string (value, self->method);
      break;

    case PROP_BODY:
      g_value_set_boxed (value, self->body);
      break;

    case PROP_RECONNECT:
      g_value_set_boolean (value, self->reconnect);
      break;

    case PROP_RECONNECT_ON_END:
      g_value_set_boolean (value, runnel_request_get_reconnect_on_end (self));
      break;

    case PROP_RETRY_DELAY:
      g_value_set_uint (value, self->retry_delay);
      break;

    case PROP_BACKOFF_CAP:
      g_value_set_uint (value, self->backoff_cap);
      break;

    case PROP_MAX_RETRIES:
      g_value_set_int (value, self->max_retries);
      break;

    case PROP_READ_TIMEOUT:
      g_value_set_uint (value, self->read_timeout);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_MAX_EVENT_SIZE:
      g_value_set_uint64 (value, self->max_event_size);
      break;

    case PROP_ACCEPT_INVALID_CERTIFICATES:
      g_value_set_boolean (value, self->accept_invalid_certificates);
      break;

    case PROP_ALLOW_INSECURE_REDIRECT:
      g_value_set_boolean (value, self->allow_insecure_redirect);
      break;

    case PROP_CA_FILE:
      g_value_set_string (value, self->ca_file);
      break;

    case PROP_LAST_EVENT_ID:
      g_value_set_string (value, self->last_event_id);
      break;

    case PROP_FATAL_EVENT_TYPES:
      g_value_set_boxed (value, self->fatal_event_types);
      break;

    case PROP_EXPECTATIONS:
      g_value_set_boxed (value, self->expectations);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  RunnelRequest *self = RUNNEL_REQUEST (object);

  switch (prop_id)
    {
    case PROP_URL:
      runnel_request_set_url (self, g_value_get_string (value));
      break;

    case PROP_METHOD:
      runnel_request_set_method (self, g_value_get_string (value));
      break;

    case PROP_BODY:
      runnel_request_set_body (self, g_value_get_boxed (value));
      break;

    case PROP_RECONNECT:
      runnel_request_set_reconnect (self, g_value_get_boolean (value));
      break;

    case PROP_RECONNECT_ON_END:
      runnel_request_set_reconnect_on_end (self, g_value_get_boolean (value));
      break;

    case PROP_RETRY_DELAY:
      runnel_request_set_retry_delay (self, g_value_get_uint (value));
      break;

    case PROP_BACKOFF_CAP:
      runnel_request_set_backoff_cap (self, g_value_get_uint (value));
      break;

    case PROP_MAX_RETRIES:
      runnel_request_set_max_retries (self, g_value_get_int (value));
      break;

    case PROP_READ_TIMEOUT:
      runnel_request_set_read_timeout (self, g_value_get_uint (value));
      break;

    case PROP_TIMEOUT:
      runnel_request_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_MAX_EVENT_SIZE:
      runnel_request_set_max_event_size (self, g_value_get_uint64 (value));
      break;

    case PROP_ACCEPT_INVALID_CERTIFICATES:
      runnel_request_set_accept_invalid_certificates (self, g_value_get_boolean (value));
      break;

    case PROP_ALLOW_INSECURE_REDIRECT:
      runnel_request_set_allow_insecure_redirect (self, g_value_get_boolean (value));
      break;

    case PROP_CA_FILE:
      runnel_request_set_ca_file (self, g_value_get_string (value));
      break;

    case PROP_LAST_EVENT_ID:
      runnel_request_set_last_event_id (self, g_value_get_string (value));
      break;

    case PROP_FATAL_EVENT_TYPES:
      runnel_request_set_fatal_event_types (self, g_value_get_boxed (value));
      break;

    case PROP_EXPECTATIONS:
      runnel_request_set_expectations (self, g_value_get_boxed (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_class_init (RunnelRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = runnel_request_finalize;
  object_class->get_property = runnel_request_get_property;
  object_class->set_property = runnel_request_set_property;

  properties [PROP_URL] = g_param_spec_string ("url", NULL, NULL, "", flags);
  properties [PROP_METHOD] = g_param_spec_string ("method", NULL, NULL, "GET", flags);
  properties [PROP_BODY] = g_param_spec_boxed ("body", NULL, NULL, G_TYPE_BYTES, flags);
  properties [PROP_RECONNECT] = g_param_spec_boolean ("reconnect", NULL, NULL, TRUE, flags);
  properties [PROP_RECONNECT_ON_END] =
    g_param_spec_boolean ("reconnect-on-end", NULL, NULL, TRUE, flags);
  properties [PROP_RETRY_DELAY] =
    g_param_spec_uint ("retry-delay", NULL, NULL, 0, G_MAXUINT, DEFAULT_RETRY_DELAY, flags);
  properties [PROP_BACKOFF_CAP] =
    g_param_spec_uint ("backoff-cap", NULL, NULL, 0, G_MAXUINT, DEFAULT_BACKOFF_CAP, flags);
  properties [PROP_MAX_RETRIES] =
    g_param_spec_int ("max-retries", NULL, NULL, -1, G_MAXINT, -1, flags);
  properties [PROP_READ_TIMEOUT] =
    g_param_spec_uint ("read-timeout", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_TIMEOUT] = g_param_spec_uint ("timeout", NULL, NULL, 0, G_MAXUINT, 0, flags);
  properties [PROP_MAX_EVENT_SIZE] =
    g_param_spec_uint64 ("max-event-size", NULL, NULL,
                         0, G_MAXUINT64, DEFAULT_MAX_EVENT_SIZE, flags);
  properties [PROP_ACCEPT_INVALID_CERTIFICATES] =
    g_param_spec_boolean ("accept-invalid-certificates", NULL, NULL, FALSE, flags);
  properties [PROP_ALLOW_INSECURE_REDIRECT] =
    g_param_spec_boolean ("allow-insecure-redirect", NULL, NULL, FALSE, flags);
  properties [PROP_CA_FILE] = g_param_spec_string ("ca-file", NULL, NULL, NULL, flags);
  properties [PROP_LAST_EVENT_ID] = g_param_spec_string ("last-event-id", NULL, NULL, "", flags);
  properties [PROP_FATAL_EVENT_TYPES] =
    g_param_spec_boxed ("fatal-event-types", NULL, NULL, G_TYPE_STRV, flags);
  properties [PROP_EXPECTATIONS] =
    g_param_spec_boxed ("expectations", NULL, NULL, G_TYPE_STRV, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RunnelRequest::headers-changed:
   *
   * The header list changed (added, removed, edited or cleared).
   */
  signals [HEADERS_CHANGED] =
    g_signal_new ("headers-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
runnel_request_init (RunnelRequest *self)
{
  self->url = g_strdup ("");
  self->method = g_strdup ("GET");
  self->headers = g_array_new (FALSE, TRUE, sizeof (RunnelHeader));
  g_array_set_clear_func (self->headers, runnel_header_clear);
  self->last_event_id = g_strdup ("");
  self->fatal_event_types = g_new0 (char *, 1);
  self->expectations = g_new0 (char *, 1);
  self->reconnect = TRUE;
  self->retry_delay = DEFAULT_RETRY_DELAY;
  self->backoff_cap = DEFAULT_BACKOFF_CAP;
  self->max_retries = -1;
  self->max_event_size = DEFAULT_MAX_EVENT_SIZE;
}

/**
 * runnel_request_new:
 * @url: (nullable): the stream's URL, checked by runnel_request_validate ()
 */
RunnelRequest *
runnel_request_new (const char *url)
{
  return g_object_new (RUNNEL_TYPE_REQUEST, "url", url ? url : "", NULL);
}

/**
 * runnel_request_copy:
 *
 * Returns: (transfer full): a request with the same fields, headers and options
 */
RunnelRequest *
runnel_request_copy (RunnelRequest *self)
{
  g_autoptr(JsonNode) node = NULL;
  RunnelRequest *copy;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  node = runnel_request_to_json (self);
  copy = runnel_request_new_from_json (node, NULL);
  g_assert (copy != NULL);

  return copy;
}

const char *
runnel_request_get_url (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return self->url;
}

void
runnel_request_set_url (RunnelRequest *self,
                        const char    *url)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_string (self, &self->url, url ? url : "", PROP_URL);
}

const char *
runnel_request_get_method (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return self->method;
}

/**
 * runnel_request_set_method:
 *
 * Sets the method. The methods Fetch normalizes (DELETE, GET, HEAD, OPTIONS, POST, PUT) are
 * upper-cased whatever case they were typed in; any other token is kept as given.
 */
void
runnel_request_set_method (RunnelRequest *self,
                           const char    *method)
{
  static const char * const normalized[] = { "DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT" };
  gboolean reconnect_on_end;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (method == NULL || *method == '\0')
    method = "GET";

  for (guint i = 0; i < G_N_ELEMENTS (normalized); i++)
    {
      if (g_ascii_strcasecmp (method, normalized[i]) == 0)
        method = normalized[i];
    }

  if (g_strcmp0 (self->method, method) == 0)
    return;

  reconnect_on_end = runnel_request_get_reconnect_on_end (self);
  set_string (self, &self->method, method, PROP_METHOD);

  /* the default of reconnect-on-end follows the method until it is set */
  if (reconnect_on_end != runnel_request_get_reconnect_on_end (self))
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT_ON_END]);
}

guint
runnel_request_get_n_headers (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->headers->len;
}

static RunnelHeader *
get_header (RunnelRequest *self,
            guint          position)
{
  g_assert (position < self->headers->len);

  return &g_array_index (self->headers, RunnelHeader, position);
}

const char *
runnel_request_get_header_name (RunnelRequest *self,
                                guint          position)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);
  g_return_val_if_fail (position < self->headers->len, NULL);

  return get_header (self, position)->name;
}

const char *
runnel_request_get_header_value (RunnelRequest *self,
                                 guint          position)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);
  g_return_val_if_fail (position < self->headers->len, NULL);

  return get_header (self, position)->value;
}

gboolean
runnel_request_get_header_enabled (RunnelRequest *self,
                                   guint          position)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (position < self->headers->len, FALSE);

  return get_header (self, position)->enabled;
}

/**
 * runnel_request_append_header:
 *
 * Appends a header as given; names may repeat. Nothing is checked here, so that the UI can hold
 * a half-typed header: runnel_request_validate () refuses a bad enabled one before sending.
 */
void
runnel_request_append_header (RunnelRequest *self,
                              const char    *name,
                              const char    *value,
                              gboolean       enabled)
{
  RunnelHeader header = { 0 };

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  header.name = g_strdup (name ? name : "");
  header.value = g_strdup (value ? value : "");
  header.enabled = !!enabled;
  g_array_append_val (self->headers, header);

  g_signal_emit (self, signals [HEADERS_CHANGED], 0);
}

/**
 * runnel_request_set_header:
 *
 * Replaces the header at @position (the UI's header editor edits in place).
 */
void
runnel_request_set_header (RunnelRequest *self,
                           guint          position,
                           const char    *name,
                           const char    *value,
                           gboolean       enabled)
{
  RunnelHeader *header;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));
  g_return_if_fail (position < self->headers->len);

  header = get_header (self, position);
  g_free (header->name);
  g_free (header->value);
  header->name = g_strdup (name ? name : "");
  header->value = g_strdup (value ? value : "");
  header->enabled = !!enabled;
  /* a value typed in is the value it was missing */
  header->value_missing = header->value_missing && header->value[0] == '\0';

  g_signal_emit (self, signals [HEADERS_CHANGED], 0);
}

/**
 * runnel_request_get_header_value_missing:
 *
 * Returns: whether the header's value was left out when it was saved (a secret kept out of
 *   the history, or one the keyring could not give back): the user must type it again, and
 *   runnel_request_validate () refuses the request while the header is enabled
 */
gboolean
runnel_request_get_header_value_missing (RunnelRequest *self,
                                         guint          position)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (position < self->headers->len, FALSE);

  return get_header (self, position)->value_missing;
}

/* marks the header's value as missing (its value becomes empty), or no longer missing */
void
runnel_request_set_header_value_missing (RunnelRequest *self,
                                         guint          position,
                                         gboolean       missing)
{
  RunnelHeader *header;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));
  g_return_if_fail (position < self->headers->len);

  header = get_header (self, position);
  if (header->value_missing == !!missing)
    return;

  header->value_missing = !!missing;
  if (missing)
    {
      g_free (header->value);
      header->value = g_strdup ("");
    }

  g_signal_emit (self, signals [HEADERS_CHANGED], 0);
}

void
runnel_request_remove_header (RunnelRequest *self,
                              guint          position)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));
  g_return_if_fail (position < self->headers->len);

  g_array_remove_index (self->headers, position);

  g_signal_emit (self, signals [HEADERS_CHANGED], 0);
}

void
runnel_request_clear_headers (RunnelRequest *self)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (self->headers->len == 0)
    return;

  g_array_set_size (self->headers, 0);

  g_signal_emit (self, signals [HEADERS_CHANGED], 0);
}

/**
 * runnel_request_find_header:
 *
 * Returns: the value of the first enabled header called @name (any case), or NULL
 */
const char *
runnel_request_find_header (RunnelRequest *self,
                            const char    *name)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  for (guint i = 0; i < self->headers->len; i++)
    {
      const RunnelHeader *header = get_header (self, i);

      if (header->enabled && g_ascii_strcasecmp (header->name, name) == 0)
        return header->value;
    }

  return NULL;
}

/**
 * runnel_request_parse_header_line:
 * @line: "Name: value", as curl's -H takes it
 *
 * Checks the header and appends it (enabled). Whitespace around the value is dropped.
 */
gboolean
runnel_request_parse_header_line (RunnelRequest  *self,
                                  const char     *line,
                                  GError        **error)
{
  g_autofree char *name = NULL;
  g_autofree char *value = NULL;
  const char *colon;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (line != NULL, FALSE);

  colon = strchr (line, ':');
  if (colon == NULL)
    {
      /* the first word only: the rest may be a secret (-H "Authorization Bearer …") */
      gsize first_len = strcspn (line, " \t");
      g_autofree char *shown = runnel_utf8_printable (line, first_len);
      g_autofree char *named = g_strconcat (shown, line[first_len] != '\0' ? " …" : "", NULL);

      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                   _("Header “%s” has no colon: write it as “Name: value”"), named);
      return FALSE;
    }

  name = g_strndup (line, colon - line);
  value = g_strstrip (g_strdup (colon + 1));

  if (!runnel_request_check_header (name, value, error))
    return FALSE;

  runnel_request_append_header (self, name, value, TRUE);

  return TRUE;
}

/**
 * runnel_request_get_body:
 *
 * Returns: (transfer none) (nullable): the body sent with every attempt
 */
GBytes *
runnel_request_get_body (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return self->body;
}

void
runnel_request_set_body (RunnelRequest *self,
                         GBytes        *body)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (self->body == body ||
      (self->body != NULL && body != NULL && g_bytes_equal (self->body, body)))
    return;

  g_clear_pointer (&self->body, g_bytes_unref);
  if (body != NULL)
    self->body = g_bytes_ref (body);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_BODY]);
}

/**
 * runnel_request_set_body_text:
 * @text: (nullable): the body, or NULL for none
 */
void
runnel_request_set_body_text (RunnelRequest *self,
                              const char    *text)
{
  g_autoptr(GBytes) body = NULL;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (text != NULL)
    body = g_bytes_new (text, strlen (text));

  runnel_request_set_body (self, body);
}

/**
 * runnel_request_set_body_from_file:
 *
 * Reads @path now (as curl's -d @FILE does) and uses its bytes as the body.
 */
gboolean
runnel_request_set_body_from_file (RunnelRequest  *self,
                                   const char     *path,
                                   GError        **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_BODY,
                   _("Cannot read the body file: %s"), local_error->message);
      return FALSE;
    }

  body = g_bytes_new_take (g_steal_pointer (&contents), length);
  runnel_request_set_body (self, body);

  return TRUE;
}

gboolean
runnel_request_get_reconnect (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);

  return self->reconnect;
}

void
runnel_request_set_reconnect (RunnelRequest *self,
                              gboolean       reconnect)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  reconnect = !!reconnect;
  if (self->reconnect == (guint) reconnect)
    return;

  self->reconnect = reconnect;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT]);
}

/**
 * runnel_request_get_reconnect_on_end:
 *
 * Returns: whether a clean end of stream reconnects: as set, or by default TRUE for GET
 *   (as EventSource does) and FALSE for other methods (as fetch-event-source does)
 */
gboolean
runnel_request_get_reconnect_on_end (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);

  if (self->reconnect_on_end_set)
    return self->reconnect_on_end;

  return g_strcmp0 (self->method, "GET") == 0;
}

void
runnel_request_set_reconnect_on_end (RunnelRequest *self,
                                     gboolean       reconnect_on_end)
{
  gboolean old;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  old = runnel_request_get_reconnect_on_end (self);
  self->reconnect_on_end = !!reconnect_on_end;
  self->reconnect_on_end_set = TRUE;

  if (old != !!reconnect_on_end)
    g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_RECONNECT_ON_END]);
}

guint
runnel_request_get_retry_delay (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->retry_delay;
}

void
runnel_request_set_retry_delay (RunnelRequest *self,
                                guint          milliseconds)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_uint (self, &self->retry_delay, milliseconds, PROP_RETRY_DELAY);
}

guint
runnel_request_get_backoff_cap (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->backoff_cap;
}

void
runnel_request_set_backoff_cap (RunnelRequest *self,
                                guint          milliseconds)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_uint (self, &self->backoff_cap, milliseconds, PROP_BACKOFF_CAP);
}

int
runnel_request_get_max_retries (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), -1);

  return self->max_retries;
}

/**
 * runnel_request_set_max_retries:
 * @max_retries: how many automatic reconnections (after drops, errors or ends) a connection
 *   may make before it fails, -1 for no limit
 */
void
runnel_request_set_max_retries (RunnelRequest *self,
                                int            max_retries)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  max_retries = MAX (max_retries, -1);
  if (self->max_retries == max_retries)
    return;

  self->max_retries = max_retries;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_RETRIES]);
}

guint
runnel_request_get_read_timeout (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->read_timeout;
}

void
runnel_request_set_read_timeout (RunnelRequest *self,
                                 guint          milliseconds)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_uint (self, &self->read_timeout, milliseconds, PROP_READ_TIMEOUT);
}

guint
runnel_request_get_timeout (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->timeout;
}

void
runnel_request_set_timeout (RunnelRequest *self,
                            guint          milliseconds)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_uint (self, &self->timeout, milliseconds, PROP_TIMEOUT);
}

guint64
runnel_request_get_max_event_size (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), 0);

  return self->max_event_size;
}

void
runnel_request_set_max_event_size (RunnelRequest *self,
                                   guint64        bytes)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (self->max_event_size == bytes)
    return;

  self->max_event_size = bytes;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_MAX_EVENT_SIZE]);
}

gboolean
runnel_request_get_accept_invalid_certificates (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);

  return self->accept_invalid_certificates;
}

void
runnel_request_set_accept_invalid_certificates (RunnelRequest *self,
                                                gboolean       accept)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  accept = !!accept;
  if (self->accept_invalid_certificates == (guint) accept)
    return;

  self->accept_invalid_certificates = accept;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ACCEPT_INVALID_CERTIFICATES]);
}

gboolean
runnel_request_get_allow_insecure_redirect (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);

  return self->allow_insecure_redirect;
}

/* whether a redirect from https to http is followed (its secret headers dropped even so) */
void
runnel_request_set_allow_insecure_redirect (RunnelRequest *self,
                                            gboolean       allow)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  allow = !!allow;
  if (self->allow_insecure_redirect == (guint) allow)
    return;

  self->allow_insecure_redirect = allow;
  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_ALLOW_INSECURE_REDIRECT]);
}

const char *
runnel_request_get_ca_file (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return self->ca_file;
}

void
runnel_request_set_ca_file (RunnelRequest *self,
                            const char    *path)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (path != NULL && *path == '\0')
    path = NULL;

  set_string (self, &self->ca_file, path, PROP_CA_FILE);
}

const char *
runnel_request_get_last_event_id (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return self->last_event_id;
}

void
runnel_request_set_last_event_id (RunnelRequest *self,
                                  const char    *id)
{
  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  set_string (self, &self->last_event_id, id ? id : "", PROP_LAST_EVENT_ID);
}

/**
 * runnel_request_get_fatal_event_types:
 *
 * Returns: (transfer none): event types that stop the stream as failed; never NULL
 */
const char * const *
runnel_request_get_fatal_event_types (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return (const char * const *) self->fatal_event_types;
}

void
runnel_request_add_fatal_event_type (RunnelRequest *self,
                                     const char    *type)
{
  g_autoptr(GStrvBuilder) builder = NULL;

  g_return_if_fail (RUNNEL_IS_REQUEST (self));
  g_return_if_fail (type != NULL);

  if (g_strv_contains ((const char * const *) self->fatal_event_types, type))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) self->fatal_event_types);
  g_strv_builder_add (builder, type);
  g_strfreev (self->fatal_event_types);
  self->fatal_event_types = g_strv_builder_end (builder);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FATAL_EVENT_TYPES]);
}

void
runnel_request_set_fatal_event_types (RunnelRequest      *self,
                                      const char * const *types)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (types == NULL)
    types = empty;

  if (g_strv_equal ((const char * const *) self->fatal_event_types, types))
    return;

  g_strfreev (self->fatal_event_types);
  self->fatal_event_types = g_strdupv ((char **) types);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_FATAL_EVENT_TYPES]);
}

/**
 * runnel_request_get_expectations:
 *
 * Returns: (transfer none): the sentences of the request's expectations, in order, as the user
 * wrote them (runnel-expectation.h parses them); never NULL
 */
const char * const *
runnel_request_get_expectations (RunnelRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), NULL);

  return (const char * const *) self->expectations;
}

void
runnel_request_set_expectations (RunnelRequest      *self,
                                 const char * const *expectations)
{
  static const char * const empty[] = { NULL };

  g_return_if_fail (RUNNEL_IS_REQUEST (self));

  if (expectations == NULL)
    expectations = empty;

  if (g_strv_equal ((const char * const *) self->expectations, expectations))
    return;

  g_strfreev (self->expectations);
  self->expectations = g_strdupv ((char **) expectations);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_EXPECTATIONS]);
}

/**
 * runnel_request_check_url:
 *
 * Checks that @url is an absolute http or https URL with a host, as libsoup will parse it.
 */
gboolean
runnel_request_check_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GUri) uri = runnel_request_parse_url (url, error);

  return uri != NULL;
}

/**
 * runnel_request_parse_url:
 *
 * Returns: (transfer full) (nullable): @url parsed the way libsoup parses it, or NULL with an
 *   error that says what is wrong with it
 */
GUri *
runnel_request_parse_url (const char  *url,
                          GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *colon;

  if (url == NULL || *url == '\0')
    {
      g_set_error_literal (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                           _("The URL is empty"));
      return NULL;
    }

  for (const char *p = url; *p; p++)
    {
      if (g_ascii_isspace (*p) || g_ascii_iscntrl (*p))
        {
          g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                       _("The URL “%s” contains a space or control character at position %d"),
                       url, (int) (p - url) + 1);
          return NULL;
        }
    }

  /* "localhost:8080/clock" or "example.com/stream": the scheme was forgotten */
  colon = strchr (url, ':');
  if (strstr (url, "://") == NULL && url[0] != '/' &&
      (colon == NULL || g_ascii_isdigit (colon[1])))
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                   "The URL “%s” has no http:// or https:// in front: did you mean “http://%s”?",
                   url, url);
      return NULL;
    }

  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                   _("“%s” is not a valid URL: %s"), url, local_error->message);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  if (g_ascii_strcasecmp (scheme, "http") != 0 && g_ascii_strcasecmp (scheme, "https") != 0)
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                   _("The URL “%s” starts with “%s:”: "
                     "only http and https URLs can be opened"),
                   url, scheme);
      return NULL;
    }

  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_URL,
                   _("The URL “%s” has no host name"), url);
      return NULL;
    }

  return g_steal_pointer (&uri);
}

static gboolean
check_method (const char  *method,
              GError     **error)
{
  if (!is_token (method))
    {
      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_METHOD,
                   _("“%s” is not a valid HTTP method: "
                     "use letters, digits and !#$%%&'*+-.^_`|~ only"),
                   method);
      return FALSE;
    }

  return TRUE;
}

/**
 * runnel_request_check_header:
 *
 * A name must be an HTTP token; a value must not contain CR, LF or any other control character
 * but the tab (RFC 9110: no header injection, nothing a server or proxy may refuse or misread).
 */
gboolean
runnel_request_check_header (const char  *name,
                             const char  *value,
                             GError     **error)
{
  g_return_val_if_fail (name != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  if (*name == '\0')
    {
      g_set_error_literal (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                           _("A header has no name"));
      return FALSE;
    }

  if (!is_token (name))
    {
      g_autofree char *escaped = g_strescape (name, NULL);

      g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                   _("Header name “%s” is not valid: "
                     "use letters, digits and !#$%%&'*+-.^_`|~ only, no spaces or colons"),
                   escaped);
      return FALSE;
    }

  for (const char *p = value; *p; p++)
    {
      if (*p == '\r' || *p == '\n')
        {
          g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                       _("The value of header “%s” contains a line break: "
                         "a header value must be a single line"), name);
          return FALSE;
        }

      /* RFC 9110 5.5: field-vchar, SP and HTAB only (the value itself is not echoed) */
      if (g_ascii_iscntrl (*p) && *p != '\t')
        {
          g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                       _("The value of header “%s” contains a control character (byte 0x%02X): "
                         "only printable text, spaces and tabs are allowed"),
                       name, (guint) (guchar) *p);
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * runnel_request_validate:
 *
 * Checks the URL, the method and every enabled header; the error says which and why.
 */
gboolean
runnel_request_validate (RunnelRequest  *self,
                         GError        **error)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST (self), FALSE);

  if (!runnel_request_check_url (self->url, error) ||
      !check_method (self->method, error))
    return FALSE;

  for (guint i = 0; i < self->headers->len; i++)
    {
      const RunnelHeader *header = get_header (self, i);

      if (header->enabled && header->value_missing)
        {
          g_set_error (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                       _("The value of header “%s” was not saved: type it again, "
                         "or turn the header off"), header->name);
          return FALSE;
        }

      if (header->enabled && !runnel_request_check_header (header->name, header->value, error))
        return FALSE;
    }

  /* it is sent as the Last-Event-ID header */
  if (strpbrk (self->last_event_id, "\r\n") != NULL)
    {
      g_set_error_literal (error, RUNNEL_REQUEST_ERROR, RUNNEL_REQUEST_ERROR_INVALID_HEADER,
                           _("The last event ID contains a line break: it must be a single line"));
      return FALSE;
    }

  return TRUE;
}
