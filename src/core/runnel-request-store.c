/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-store.c: saved requests and recently opened streams, kept as JSON on disk */

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "runnel-json.h"
#include "runnel-keyring.h"
#include "runnel-request-store.h"
#include "runnel-saved-request-private.h"

#define FILE_VERSION   1
#define MAX_NAME_CHARS 200
#define SAVED_FILE     "requests.json"
#define SAVED_MEMBER   "requests"
#define HISTORY_FILE   "history.json"
#define HISTORY_MEMBER "history"

G_DEFINE_QUARK (runnel-request-store-error-quark, runnel_request_store_error)

/* RunnelRequestStore */

struct _RunnelRequestStore
{
  GObject     parent_instance;

  /* Owned */
  char          *directory;
  RunnelKeyring *keyring;
  GListStore    *saved;
  GListStore    *history;

  guint       history_size;
  guint       saved_blocked : 1;    /* a damaged file could not be moved aside: do not write it */
  guint       history_blocked : 1;
};

G_DEFINE_FINAL_TYPE (RunnelRequestStore, runnel_request_store, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_DIRECTORY,
  PROP_HISTORY_SIZE,
  PROP_KEYRING,
  N_PROPS
};

enum {
  KEYRING_PROBLEM,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
runnel_request_store_dispose (GObject *object)
{
  RunnelRequestStore *self = (RunnelRequestStore *)object;

  g_clear_object (&self->saved);
  g_clear_object (&self->history);
  g_clear_object (&self->keyring);

  G_OBJECT_CLASS (runnel_request_store_parent_class)->dispose (object);
}

static void
runnel_request_store_finalize (GObject *object)
{
  RunnelRequestStore *self = (RunnelRequestStore *)object;

  g_clear_pointer (&self->directory, g_free);

  G_OBJECT_CLASS (runnel_request_store_parent_class)->finalize (object);
}

static void
runnel_request_store_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RunnelRequestStore *self = RUNNEL_REQUEST_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      g_value_set_string (value, self->directory);
      break;

    case PROP_HISTORY_SIZE:
      g_value_set_uint (value, self->history_size);
      break;

    case PROP_KEYRING:
      g_value_set_object (value, self->keyring);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_store_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  RunnelRequestStore *self = RUNNEL_REQUEST_STORE (object);

  switch (prop_id)
    {
    case PROP_DIRECTORY:
      self->directory = g_value_dup_string (value);
      if (self->directory == NULL)
        self->directory = g_build_filename (g_get_user_data_dir (), "runnel", NULL);
      break;

    case PROP_HISTORY_SIZE:
      runnel_request_store_set_history_size (self, g_value_get_uint (value));
      break;

    case PROP_KEYRING:
      self->keyring = g_value_dup_object (value);
      if (self->keyring == NULL)
        self->keyring = runnel_keyring_new_default ();
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_request_store_class_init (RunnelRequestStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = runnel_request_store_dispose;
  object_class->finalize = runnel_request_store_finalize;
  object_class->get_property = runnel_request_store_get_property;
  object_class->set_property = runnel_request_store_set_property;

  properties [PROP_DIRECTORY] =
    g_param_spec_string ("directory", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties [PROP_HISTORY_SIZE] =
    g_param_spec_uint ("history-size", NULL, NULL, 1, G_MAXUINT,
                       RUNNEL_REQUEST_STORE_DEFAULT_HISTORY_SIZE,
                       G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties [PROP_KEYRING] =
    g_param_spec_object ("keyring", NULL, NULL, RUNNEL_TYPE_KEYRING,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * RunnelRequestStore::keyring-problem:
   * @message: what happened to which value, in a sentence for the user
   *
   * A secret's value could not be put in the keyring (it is kept in memory until the process
   * ends, and left out of the file) or taken from it (the header's value is missing).
   */
  signals [KEYRING_PROBLEM] =
    g_signal_new ("keyring-problem", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
runnel_request_store_init (RunnelRequestStore *self)
{
  self->saved = g_list_store_new (RUNNEL_TYPE_SAVED_REQUEST);
  self->history = g_list_store_new (RUNNEL_TYPE_SAVED_REQUEST);
  self->history_size = RUNNEL_REQUEST_STORE_DEFAULT_HISTORY_SIZE;
}

RunnelRequestStore *
runnel_request_store_new (const char *directory)
{
  return g_object_new (RUNNEL_TYPE_REQUEST_STORE, "directory", directory, NULL);
}

RunnelRequestStore *
runnel_request_store_new_with_keyring (const char    *directory,
                                       RunnelKeyring *keyring)
{
  g_return_val_if_fail (keyring == NULL || RUNNEL_IS_KEYRING (keyring), NULL);

  return g_object_new (RUNNEL_TYPE_REQUEST_STORE,
                       "directory", directory,
                       "keyring", keyring,
                       NULL);
}

/* Secrets in the keyring */

static void
keyring_problem (RunnelRequestStore *self,
                 const char         *message)
{
  g_signal_emit (self, signals [KEYRING_PROBLEM], 0, message);
}

/* whether the header's value goes to the keyring rather than into a file */
static gboolean
is_secret_value (RunnelRequest *request,
                 guint          position)
{
  return !runnel_request_get_header_value_missing (request, position) &&
         runnel_request_get_header_value (request, position)[0] != '\0' &&
         runnel_header_is_secret (runnel_request_get_header_name (request, position));
}

/*
 * Puts the values of @request's secret headers in the keyring; returns one id per header
 * (NULL where there is none). A value the keyring does not take gets no id: it stays in memory
 * only and is left out of the file, and the user is told.
 */
/*
 * @existing (nullable): an entry whose ids are kept where it has one
 * @first_error (nullable): where the first failure goes, instead of telling the user
 */
static GPtrArray *
store_secrets (RunnelRequestStore  *self,
               const char          *name,
               RunnelRequest       *request,
               RunnelSavedRequest  *existing,
               GError             **first_error)
{
  guint n = runnel_request_get_n_headers (request);
  GPtrArray *ids = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    {
      const char *header = runnel_request_get_header_name (request, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *id = NULL;
      g_autofree char *label = NULL;

      if (!is_secret_value (request, i) ||
          (first_error != NULL && *first_error != NULL))
        {
          g_ptr_array_add (ids, NULL);
          continue;
        }

      if (existing != NULL && _runnel_saved_request_get_secret_id (existing, i) != NULL)
        {
          g_ptr_array_add (ids, g_strdup (_runnel_saved_request_get_secret_id (existing, i)));
          continue;
        }

      id = g_uuid_string_random ();
      /* TRANSLATORS: the label of a secret in the user's keyring manager: the header's name
       * and the saved request's */
      label = g_strdup_printf (_("Runnel: “%s” header of “%s”"), header, name);
      if (runnel_keyring_store (self->keyring, id, label,
                                runnel_request_get_header_value (request, i), &error))
        {
          g_ptr_array_add (ids, g_steal_pointer (&id));
        }
      else if (first_error != NULL)
        {
          g_propagate_error (first_error, g_steal_pointer (&error));
          g_ptr_array_add (ids, NULL);
        }
      else
        {
          /* TRANSLATORS: the first %s is why, e.g. "The keyring is not available (...)" */
          g_autofree char *message =
            g_strdup_printf (_("%s: the value of “%s” in “%s” is kept only until Runnel "
                               "quits, not saved"), error->message, header, name);

          keyring_problem (self, message);
          g_ptr_array_add (ids, NULL);
        }
    }

  return ids;
}

/* forgets the keyring values of @entry's headers, except those @keep still uses */
static void
clear_secrets (RunnelRequestStore *self,
               RunnelSavedRequest *entry,
               RunnelSavedRequest *keep)
{
  RunnelRequest *request = runnel_saved_request_get_request (entry);

  for (guint i = 0; i < runnel_request_get_n_headers (request); i++)
    {
      const char *id = _runnel_saved_request_get_secret_id (entry, i);
      g_autoptr(GError) error = NULL;
      gboolean kept = FALSE;

      if (id == NULL)
        continue;

      for (guint j = 0; keep != NULL && j < runnel_request_get_n_headers (
             runnel_saved_request_get_request (keep)); j++)
        kept |= g_strcmp0 (_runnel_saved_request_get_secret_id (keep, j), id) == 0;

      /* a value the keyring keeps after all is only clutter there: no need to bother the user */
      if (!kept && !runnel_keyring_clear (self->keyring, id, &error))
        g_debug ("Could not remove a secret from the keyring: %s", error->message);
    }
}

/*
 * A saved file's header {"name", "secret": ID, "enabled"} becomes {"name", "value", ...} with
 * the value from the keyring, or {"name", "value-left-out": true, ...} when the keyring does
 * not give it (the user is told, and asked for the value when the request is opened). The ids
 * go to @ids, one per header (NULL for a header with no "secret").
 */
static void
resolve_secrets (RunnelRequestStore *self,
                 const char         *name,
                 JsonNode           *request_node,
                 GPtrArray          *ids)
{
  JsonNode *headers;
  JsonArray *array;

  if (!JSON_NODE_HOLDS_OBJECT (request_node))
    return;

  headers = json_object_get_member (json_node_get_object (request_node), "headers");
  if (headers == NULL || !JSON_NODE_HOLDS_ARRAY (headers))
    return;

  array = json_node_get_array (headers);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autoptr(GError) error = NULL;
      g_autofree char *value = NULL;
      JsonObject *header;
      const char *id;
      const char *header_name;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          g_ptr_array_add (ids, NULL);
          continue;
        }

      header = json_node_get_object (element);
      id = json_object_get_string_member_with_default (header, "secret", NULL);
      header_name = json_object_get_string_member_with_default (header, "name", "");
      if (id == NULL)
        {
          g_ptr_array_add (ids, NULL);
          continue;
        }

      /* the reference stays, so that a keyring that comes back gives the value again */
      g_ptr_array_add (ids, g_strdup (id));
      value = runnel_keyring_lookup (self->keyring, id, &error);
      json_object_remove_member (header, "value");
      if (value != NULL)
        {
          json_object_set_string_member (header, "value", value);
        }
      else
        {
          g_autofree char *message = NULL;

          if (error != NULL)
            message = g_strdup_printf (_("%s: type the value of “%s” in “%s” again"),
                                       error->message, header_name, name);
          else
            message = g_strdup_printf (_("The keyring no longer has the value of “%s” in "
                                         "“%s”: type it again"), header_name, name);
          keyring_problem (self, message);
          json_object_set_boolean_member (header, "value-left-out", TRUE);
        }
      json_object_remove_member (header, "secret");
    }
}

/* @entry's request for a file: saved requests keep a reference to the keyring for each secret
 * (or leave it out when the keyring took none); the history keeps no secret at all */
static JsonNode *
entry_to_json (RunnelSavedRequest *entry,
               gboolean            history)
{
  RunnelRequest *request = runnel_saved_request_get_request (entry);
  JsonNode *node;
  JsonArray *headers;

  if (history)
    return runnel_request_to_json_full (request, RUNNEL_REQUEST_JSON_LEAVE_OUT_SECRETS);

  node = runnel_request_to_json (request);
  headers = json_object_get_array_member (json_node_get_object (node), "headers");
  for (guint i = 0; i < json_array_get_length (headers); i++)
    {
      JsonObject *header = json_array_get_object_element (headers, i);
      const char *id = _runnel_saved_request_get_secret_id (entry, i);

      if (id != NULL)
        {
          json_object_remove_member (header, "value");
          json_object_remove_member (header, "value-left-out");
          json_object_set_string_member (header, "secret", id);
        }
      else if (is_secret_value (request, i))
        {
          json_object_remove_member (header, "value");
          json_object_set_boolean_member (header, "value-left-out", TRUE);
        }
    }

  return node;
}

const char *
runnel_request_store_get_directory (RunnelRequestStore *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), NULL);

  return self->directory;
}

GListModel *
runnel_request_store_get_saved (RunnelRequestStore *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), NULL);

  return G_LIST_MODEL (self->saved);
}

GListModel *
runnel_request_store_get_history (RunnelRequestStore *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), NULL);

  return G_LIST_MODEL (self->history);
}

guint
runnel_request_store_get_history_size (RunnelRequestStore *self)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), 0);

  return self->history_size;
}

/* takes effect in memory at once, on disk at the next change */
void
runnel_request_store_set_history_size (RunnelRequestStore *self,
                                       guint               history_size)
{
  guint n;

  g_return_if_fail (RUNNEL_IS_REQUEST_STORE (self));

  history_size = MAX (history_size, 1);
  if (self->history_size == history_size)
    return;

  self->history_size = history_size;
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  if (n > history_size)
    g_list_store_splice (self->history, history_size, n - history_size, NULL, 0);

  g_object_notify_by_pspec (G_OBJECT (self), properties [PROP_HISTORY_SIZE]);
}

/* Files */

static char *
format_time (gint64 time)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (time / G_USEC_PER_SEC);
  g_autoptr(GDateTime) exact = NULL;

  if (seconds == NULL)
    return NULL;
  exact = g_date_time_add (seconds, time % G_USEC_PER_SEC);
  return exact ? g_date_time_format_iso8601 (exact) : NULL;
}

static gint64
parse_time (const char *text)
{
  g_autoptr(GDateTime) date_time = text ? g_date_time_new_from_iso8601 (text, NULL) : NULL;

  if (date_time == NULL)
    return 0;

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

static gboolean
write_file (RunnelRequestStore  *self,
            GListStore          *store,
            const char          *basename,
            const char          *member,
            gboolean             blocked,
            GError             **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_build_filename (self->directory, basename, NULL);
  g_autofree char *text = NULL;
  gsize length = 0;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (store));

  if (blocked)
    {
      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
                   _("“%s” is damaged and could not be moved aside, so Runnel does not overwrite "
                     "it: move it away and try again"), path);
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "version");
  json_builder_add_int_value (builder, FILE_VERSION);
  json_builder_set_member_name (builder, member);
  json_builder_begin_array (builder);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (G_LIST_MODEL (store), i);
      g_autofree char *time = format_time (runnel_saved_request_get_time (entry));

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "name");
      json_builder_add_string_value (builder, runnel_saved_request_get_name (entry));
      if (time != NULL)
        {
          json_builder_set_member_name (builder, "time");
          json_builder_add_string_value (builder, time);
        }
      json_builder_set_member_name (builder, "request");
      json_builder_add_value (builder, entry_to_json (entry, store == self->history));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json_generator_set_root (generator, root);
  json_generator_set_pretty (generator, TRUE);
  text = json_generator_to_data (generator, &length);

  /* only the user may list the folder, also when it was made before with looser rights */
  if (g_mkdir_with_parents (self->directory, 0700) != 0 || g_chmod (self->directory, 0700) != 0)
    {
      int saved_errno = errno;

      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
                   _("Cannot create the folder “%s”: %s"),
                   self->directory, g_strerror (saved_errno));
      return FALSE;
    }

  /* a temporary file, fsync'd, renamed over the old one: all or nothing */
  if (!g_file_set_contents_full (path, text, length,
                                 G_FILE_SET_CONTENTS_CONSISTENT | G_FILE_SET_CONTENTS_DURABLE,
                                 0600, &local_error))
    {
      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
                   _("Cannot save: %s"), local_error->message);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_saved (RunnelRequestStore  *self,
             GError             **error)
{
  return write_file (self, self->saved, SAVED_FILE, SAVED_MEMBER, self->saved_blocked, error);
}

static gboolean
write_history (RunnelRequestStore  *self,
               GError             **error)
{
  return write_file (self, self->history, HISTORY_FILE, HISTORY_MEMBER, self->history_blocked,
                     error);
}

/* renames a damaged file to "<path>.corrupt-<UTC time>[-N]"; returns the new path or NULL */
static char *
move_aside (const char  *path,
            GError     **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  g_autofree char *stamp = g_date_time_format (now, "%Y%m%dT%H%M%SZ");

  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *aside = i == 0 ? g_strdup_printf ("%s.corrupt-%s", path, stamp)
                                      : g_strdup_printf ("%s.corrupt-%s-%u", path, stamp, i);

      if (g_file_test (aside, G_FILE_TEST_EXISTS))
        continue;

      if (g_rename (path, aside) != 0)
        {
          int saved_errno = errno;

          g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
                       _("“%s” is damaged, and moving it aside failed: %s; Runnel will not "
                         "overwrite it"), path, g_strerror (saved_errno));
          return NULL;
        }

      return g_steal_pointer (&aside);
    }

  g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
               _("“%s” is damaged, and there are too many damaged copies beside it to keep "
                 "another; Runnel will not overwrite it"), path);
  return NULL;
}

static gboolean
is_valid_name (const char  *name,
               GError     **error)
{
  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    {
      g_set_error_literal (error, RUNNEL_REQUEST_STORE_ERROR,
                           RUNNEL_REQUEST_STORE_ERROR_INVALID_NAME,
                           _("The name is not valid text"));
      return FALSE;
    }

  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      if (!g_unichar_isspace (g_utf8_get_char (p)))
        goto has_text;
    }

  g_set_error_literal (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_INVALID_NAME,
                       _("A saved request needs a name"));
  return FALSE;

has_text:
  if (g_utf8_strlen (name, -1) > MAX_NAME_CHARS)
    {
      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_INVALID_NAME,
                   _("The name is longer than %d characters"), MAX_NAME_CHARS);
      return FALSE;
    }

  return TRUE;
}

/* one entry of a file, or NULL when it is not one; the options that had to keep their default
 * (a wrong type or value) are added to @defaulted, once each */
static RunnelSavedRequest *
read_entry (RunnelRequestStore *self,
            JsonNode           *node,
            gboolean            need_name,
            GPtrArray          *defaulted)
{
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  RunnelSavedRequest *entry;
  g_autoptr(RunnelRequest) request = NULL;
  g_auto(GStrv) bad_options = NULL;
  JsonObject *object;
  JsonNode *name_node;
  JsonNode *time_node;
  const char *name;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    return NULL;

  object = json_node_get_object (node);
  name_node = json_object_get_member (object, "name");
  time_node = json_object_get_member (object, "time");
  if (name_node == NULL || json_node_get_value_type (name_node) != G_TYPE_STRING ||
      (time_node != NULL && json_node_get_value_type (time_node) != G_TYPE_STRING) ||
      !json_object_has_member (object, "request"))
    return NULL;

  name = json_node_get_string (name_node);
  if (need_name && !is_valid_name (name, NULL))
    return NULL;

  resolve_secrets (self, name, json_object_get_member (object, "request"), ids);
  request = runnel_request_new_from_json_tolerant (json_object_get_member (object, "request"),
                                                   &bad_options, NULL);
  if (request == NULL)
    return NULL;

  for (guint i = 0; bad_options[i] != NULL; i++)
    {
      if (!g_ptr_array_find_with_equal_func (defaulted, bad_options[i], g_str_equal, NULL))
        g_ptr_array_add (defaulted, g_strdup (bad_options[i]));
    }

  entry = _runnel_saved_request_new (name, g_steal_pointer (&request),
                                     time_node ? parse_time (json_node_get_string (time_node)) : 0);
  if (ids->len == runnel_request_get_n_headers (runnel_saved_request_get_request (entry)))
    _runnel_saved_request_set_secret_ids (entry, g_steal_pointer (&ids));

  return entry;
}

static int
compare_names (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const char *name_a = runnel_saved_request_get_name ((RunnelSavedRequest *) a);
  const char *name_b = runnel_saved_request_get_name ((RunnelSavedRequest *) b);
  int result = g_utf8_collate (name_a, name_b);

  return result != 0 ? result : strcmp (name_a, name_b);
}

/*
 * Reads @basename into @store. A missing file is an empty list. A damaged one is moved aside
 * (or, failing that, *blocked is set) and reported; the entries that could be read are kept.
 */
static gboolean
read_file (RunnelRequestStore  *self,
           GListStore          *store,
           const char          *basename,
           const char          *member,
           gboolean             sorted,
           gboolean            *blocked,
           GError             **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autofree char *path = g_build_filename (self->directory, basename, NULL);
  g_autofree char *contents = NULL;
  g_autofree char *problem = NULL;
  g_autofree char *aside = NULL;
  g_autoptr(GPtrArray) defaulted = g_ptr_array_new_with_free_func (g_free);
  JsonNode *root;
  JsonNode *list;
  gsize length = 0;
  guint bad = 0;

  g_list_store_remove_all (store);
  *blocked = FALSE;

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return TRUE;

      /* unreadable, not damaged: leave it alone, and do not write over it */
      *blocked = TRUE;
      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_IO,
                   _("Cannot read “%s”: %s"), path, local_error->message);
      return FALSE;
    }

  if (!runnel_json_parser_load (parser, contents, length, &local_error))
    problem = g_error_matches (local_error, RUNNEL_JSON_ERROR, RUNNEL_JSON_ERROR_TOO_DEEP)
              ? g_strdup_printf (_("it cannot be read (%s)"), local_error->message)
              : g_strdup_printf (_("it is not valid JSON (%s)"), local_error->message);
  else if ((root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root) ||
           (list = json_object_get_member (json_node_get_object (root), member)) == NULL ||
           !JSON_NODE_HOLDS_ARRAY (list))
    problem = g_strdup_printf (_("it has no “%s” list"), member);
  else
    {
      JsonArray *array = json_node_get_array (list);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autoptr(RunnelSavedRequest) entry =
            read_entry (self, json_array_get_element (array, i), sorted, defaulted);

          if (entry == NULL ||
              (sorted &&
               runnel_request_store_lookup (self, runnel_saved_request_get_name (entry)) != NULL))
            bad++;
          else if (sorted)
            g_list_store_insert_sorted (store, entry, compare_names, NULL);
          else
            g_list_store_append (store, entry);
        }

      if (bad > 0)
        problem = g_strdup_printf (_("%u of its %u entries could not be read"),
                                   bad, json_array_get_length (array));
      if (defaulted->len > 0)
        {
          g_autoptr(GString) names = g_string_new (NULL);
          g_autofree char *options = NULL;

          for (guint i = 0; i < defaulted->len; i++)
            g_string_append_printf (names, i == 0 ? "“%s”" : ", “%s”",
                                    (const char *) g_ptr_array_index (defaulted, i));
          options = g_strdup_printf (_("options with a wrong value were reset to their "
                                       "defaults: %s"), names->str);
          if (problem != NULL)
            {
              /* TRANSLATORS: two things wrong with one file, each said in full */
              char *both = g_strdup_printf (_("%s; %s"), problem, options);

              g_free (problem);
              problem = both;
            }
          else
            problem = g_steal_pointer (&options);
        }
    }

  if (problem == NULL)
    return TRUE;

  aside = move_aside (path, error);
  if (aside == NULL)
    {
      *blocked = TRUE;
      return FALSE;
    }

  /* what could be read is written back at once, so that it is still there at the next start */
  if (g_list_model_get_n_items (G_LIST_MODEL (store)) > 0)
    write_file (self, store, basename, member, FALSE, NULL);

  g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_CORRUPT,
               _("“%s” was damaged (%s). It was kept as “%s”%s."), path, problem, aside,
               g_list_model_get_n_items (G_LIST_MODEL (store)) > 0
                 ? _("; the entries that could be read are kept") : "");
  return FALSE;
}

/* whether an entry of @store has a secret value that is not in the keyring */
static gboolean
has_secret_values (GListStore *store)
{
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (store)); i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (G_LIST_MODEL (store), i);
      RunnelRequest *request = runnel_saved_request_get_request (entry);

      for (guint j = 0; j < runnel_request_get_n_headers (request); j++)
        {
          if (is_secret_value (request, j) &&
              _runnel_saved_request_get_secret_id (entry, j) == NULL)
            return TRUE;
        }
    }

  return FALSE;
}

static void
move_secrets_to_keyring (RunnelRequestStore *self)
{
  GListModel *model = G_LIST_MODEL (self->saved);
  guint n = g_list_model_get_n_items (model);
  g_autoptr(GPtrArray) moved = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;

  if (!has_secret_values (self->saved))
    return;

  for (guint i = 0; i < n && error == NULL; i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (model, i);
      RunnelRequest *request = runnel_saved_request_get_request (entry);
      const char *name = runnel_saved_request_get_name (entry);
      RunnelSavedRequest *copy = _runnel_saved_request_new (name, g_object_ref (request),
                                                            runnel_saved_request_get_time (entry));

      _runnel_saved_request_set_secret_ids (copy, store_secrets (self, name, request, entry,
                                                                 &error));
      g_ptr_array_add (moved, copy);
    }

  if (error != NULL)
    {
      g_autofree char *path = g_build_filename (self->directory, SAVED_FILE, NULL);
      g_autofree char *message = NULL;

      for (guint i = 0; i < moved->len; i++)
        {
          g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (model, i);

          clear_secrets (self, g_ptr_array_index (moved, i), entry);
        }
      /* TRANSLATORS: the first %s is why, e.g. "The keyring is not available (...)" */
      message = g_strdup_printf (_("%s: the secret values in “%s” stay in that file until the "
                                   "keyring can take them"), error->message, path);
      keyring_problem (self, message);
      return;
    }

  g_list_store_splice (self->saved, 0, n, moved->pdata, moved->len);
  write_saved (self, NULL);
}

/**
 * runnel_request_store_load:
 *
 * Reads the saved requests and the history. When a file was damaged, the error says which and
 * where it was kept; both lists are still loaded as far as they could be, and the store works.
 * When both are, the error is about the saved requests.
 */
gboolean
runnel_request_store_load (RunnelRequestStore  *self,
                           GError             **error)
{
  g_autoptr(GError) saved_error = NULL;
  g_autoptr(GError) history_error = NULL;
  gboolean blocked = FALSE;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);

  read_file (self, self->saved, SAVED_FILE, SAVED_MEMBER, TRUE, &blocked, &saved_error);
  self->saved_blocked = blocked;
  read_file (self, self->history, HISTORY_FILE, HISTORY_MEMBER, FALSE, &blocked, &history_error);
  self->history_blocked = blocked;

  if (g_list_model_get_n_items (G_LIST_MODEL (self->history)) > self->history_size)
    g_list_store_splice (self->history, self->history_size,
                         g_list_model_get_n_items (G_LIST_MODEL (self->history)) -
                         self->history_size, NULL, 0);

  /* files of older versions held secrets in clear: they move to the keyring (or stay until it
   * answers), and out of the history */
  if (!self->saved_blocked)
    move_secrets_to_keyring (self);
  if (!self->history_blocked && has_secret_values (self->history))
    write_history (self, NULL);

  if (saved_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&saved_error));
      return FALSE;
    }
  if (history_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&history_error));
      return FALSE;
    }

  return TRUE;
}

static gboolean
find_saved (RunnelRequestStore *self,
            const char         *name,
            guint              *position)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->saved));

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(RunnelSavedRequest) entry = g_list_model_get_item (G_LIST_MODEL (self->saved), i);

      if (strcmp (runnel_saved_request_get_name (entry), name) == 0)
        {
          *position = i;
          return TRUE;
        }
    }

  return FALSE;
}

RunnelSavedRequest *
runnel_request_store_lookup (RunnelRequestStore *self,
                             const char         *name)
{
  RunnelSavedRequest *entry;
  guint position;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  if (!find_saved (self, name, &position))
    return NULL;

  entry = g_list_model_get_item (G_LIST_MODEL (self->saved), position);
  g_object_unref (entry);  /* the store keeps it alive */
  return entry;
}

static gboolean
not_found (const char  *name,
           GError     **error)
{
  g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_NOT_FOUND,
               _("There is no saved request called “%s”"), name);
  return FALSE;
}

gboolean
runnel_request_store_save (RunnelRequestStore  *self,
                           const char          *name,
                           RunnelRequest       *request,
                           GError             **error)
{
  g_autoptr(RunnelSavedRequest) entry = NULL;
  g_autoptr(RunnelSavedRequest) old = NULL;
  guint position;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);
  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), FALSE);

  if (!is_valid_name (name, error))
    return FALSE;

  if (find_saved (self, name, &position))
    {
      old = g_list_model_get_item (G_LIST_MODEL (self->saved), position);
      g_list_store_remove (self->saved, position);
    }

  entry = _runnel_saved_request_new (name, runnel_request_copy (request), g_get_real_time ());
  _runnel_saved_request_set_secret_ids (entry, store_secrets (self, name, request, NULL,
                                                                 NULL));
  g_list_store_insert_sorted (self->saved, entry, compare_names, NULL);

  if (!write_saved (self, error))
    {
      /* undo, so that the list shows what is on disk */
      g_assert_true (find_saved (self, name, &position));
      g_list_store_remove (self->saved, position);
      if (old != NULL)
        g_list_store_insert_sorted (self->saved, old, compare_names, NULL);
      clear_secrets (self, entry, old);
      return FALSE;
    }

  if (old != NULL)
    clear_secrets (self, old, entry);

  return TRUE;
}

gboolean
runnel_request_store_rename (RunnelRequestStore  *self,
                             const char          *old_name,
                             const char          *new_name,
                             GError             **error)
{
  g_autoptr(RunnelSavedRequest) old = NULL;
  g_autoptr(RunnelSavedRequest) renamed = NULL;
  guint position;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);
  g_return_val_if_fail (old_name != NULL, FALSE);

  if (!find_saved (self, old_name, &position))
    return not_found (old_name, error);
  if (!is_valid_name (new_name, error))
    return FALSE;
  if (strcmp (old_name, new_name) == 0)
    return TRUE;
  if (runnel_request_store_lookup (self, new_name) != NULL)
    {
      g_set_error (error, RUNNEL_REQUEST_STORE_ERROR, RUNNEL_REQUEST_STORE_ERROR_EXISTS,
                   _("A saved request is already called “%s”"), new_name);
      return FALSE;
    }

  old = g_list_model_get_item (G_LIST_MODEL (self->saved), position);
  renamed = _runnel_saved_request_new (new_name,
                                       g_object_ref (runnel_saved_request_get_request (old)),
                                       runnel_saved_request_get_time (old));
  _runnel_saved_request_share_secret_ids (renamed, old);
  g_list_store_remove (self->saved, position);
  g_list_store_insert_sorted (self->saved, renamed, compare_names, NULL);

  if (!write_saved (self, error))
    {
      g_assert_true (find_saved (self, new_name, &position));
      g_list_store_remove (self->saved, position);
      g_list_store_insert_sorted (self->saved, old, compare_names, NULL);
      return FALSE;
    }

  return TRUE;
}

gboolean
runnel_request_store_delete (RunnelRequestStore  *self,
                             const char          *name,
                             GError             **error)
{
  g_autoptr(RunnelSavedRequest) old = NULL;
  guint position;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (!find_saved (self, name, &position))
    return not_found (name, error);

  old = g_list_model_get_item (G_LIST_MODEL (self->saved), position);
  g_list_store_remove (self->saved, position);

  if (!write_saved (self, error))
    {
      g_list_store_insert_sorted (self->saved, old, compare_names, NULL);
      return FALSE;
    }

  clear_secrets (self, old, NULL);

  return TRUE;
}

/*
 * What makes two history entries the same stream: the whole request as JSON, as the history
 * file keeps it, secret values left out (an entry read back has none: the same request sent
 * again after a new start would be listed twice)
 */
static char *
history_key (RunnelRequest *request)
{
  g_autoptr(JsonNode) node = runnel_request_to_json_full (request,
                                                          RUNNEL_REQUEST_JSON_LEAVE_OUT_SECRETS);

  return json_to_string (node, FALSE);
}

gboolean
runnel_request_store_add_history (RunnelRequestStore  *self,
                                  RunnelRequest       *request,
                                  GError             **error)
{
  g_autoptr(RunnelSavedRequest) entry = NULL;
  g_autoptr(GPtrArray) before = NULL;
  g_autofree char *key = NULL;
  guint n;

  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);
  g_return_val_if_fail (RUNNEL_IS_REQUEST (request), FALSE);

  key = history_key (request);
  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));

  /* kept to undo a failed write */
  before = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (self->history), i));

  for (guint i = 0; i < n; i++)
    {
      RunnelSavedRequest *old = g_ptr_array_index (before, i);
      g_autofree char *old_key = history_key (runnel_saved_request_get_request (old));

      if (strcmp (key, old_key) == 0)
        {
          g_list_store_remove (self->history, i);
          break;
        }
    }

  entry = _runnel_saved_request_new (runnel_request_get_url (request),
                                    runnel_request_copy (request), g_get_real_time ());
  g_list_store_insert (self->history, 0, entry);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->history));
  if (n > self->history_size)
    g_list_store_splice (self->history, self->history_size, n - self->history_size, NULL, 0);

  if (!write_history (self, error))
    {
      g_list_store_splice (self->history, 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->history)),
                           before->pdata, before->len);
      return FALSE;
    }

  return TRUE;
}

gboolean
runnel_request_store_clear_history (RunnelRequestStore  *self,
                                    GError             **error)
{
  g_return_val_if_fail (RUNNEL_IS_REQUEST_STORE (self), FALSE);

  g_list_store_remove_all (self->history);
  return write_history (self, error);
}

/* Secrets */

gboolean
runnel_header_is_secret (const char *name)
{
  static const char * const exact[] = {
    "authorization", "proxy-authorization", "cookie", "set-cookie",
  };
  static const char * const parts[] = { "token", "key", "secret", "password" };
  g_autofree char *lower = NULL;

  g_return_val_if_fail (name != NULL, FALSE);

  lower = g_ascii_strdown (name, -1);
  for (guint i = 0; i < G_N_ELEMENTS (exact); i++)
    {
      if (strcmp (lower, exact[i]) == 0)
        return TRUE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (strstr (lower, parts[i]) != NULL)
        return TRUE;
    }

  return FALSE;
}

char *
runnel_mask_secret (const char *value)
{
  const char *space;

  g_return_val_if_fail (value != NULL, NULL);

  if (*value == '\0')
    return g_strdup ("");

  /* "Bearer abc", "Basic abc": the scheme is no secret and tells what the value is */
  space = strchr (value, ' ');
  if (space != NULL && space > value && space[1] != '\0')
    {
      gboolean scheme = TRUE;

      for (const char *p = value; p < space; p++)
        scheme &= g_ascii_isalnum (*p) || *p == '-' || *p == '_';
      if (scheme)
        return g_strdup_printf ("%.*s ••••••••", (int) (space - value), value);
    }

  return g_strdup ("••••••••");
}
