/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-keyring.c: the keyring interface, its libsecret implementation and a memory one */

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "runnel-keyring.h"

G_DEFINE_QUARK (runnel-keyring-error-quark, runnel_keyring_error)
G_DEFINE_INTERFACE (RunnelKeyring, runnel_keyring, G_TYPE_OBJECT)

static void
runnel_keyring_default_init (RunnelKeyringInterface *iface)
{
}

gboolean
runnel_keyring_store (RunnelKeyring  *self,
                      const char     *id,
                      const char     *label,
                      const char     *value,
                      GError        **error)
{
  g_return_val_if_fail (RUNNEL_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (id != NULL && label != NULL && value != NULL, FALSE);

  return RUNNEL_KEYRING_GET_IFACE (self)->store (self, id, label, value, error);
}

char *
runnel_keyring_lookup (RunnelKeyring  *self,
                       const char     *id,
                       GError        **error)
{
  g_return_val_if_fail (RUNNEL_IS_KEYRING (self), NULL);
  g_return_val_if_fail (id != NULL, NULL);

  return RUNNEL_KEYRING_GET_IFACE (self)->lookup (self, id, error);
}

gboolean
runnel_keyring_clear (RunnelKeyring  *self,
                      const char     *id,
                      GError        **error)
{
  g_return_val_if_fail (RUNNEL_IS_KEYRING (self), FALSE);
  g_return_val_if_fail (id != NULL, FALSE);

  return RUNNEL_KEYRING_GET_IFACE (self)->clear (self, id, error);
}

RunnelKeyring *
runnel_keyring_new_default (void)
{
  /* one for the process, as the memory GSettings backend is: what one store saves, another
   * store reads back */
  static RunnelKeyring *memory;

  if (g_strcmp0 (g_getenv ("RUNNEL_KEYRING"), "memory") == 0)
    {
      if (g_once_init_enter (&memory))
        g_once_init_leave (&memory, runnel_keyring_new_memory ());
      return g_object_ref (memory);
    }

  return runnel_keyring_new_libsecret ();
}

/* libsecret */

#define RUNNEL_TYPE_LIBSECRET_KEYRING (runnel_libsecret_keyring_get_type ())
G_DECLARE_FINAL_TYPE (RunnelLibsecretKeyring, runnel_libsecret_keyring,
                      RUNNEL, LIBSECRET_KEYRING, GObject)

struct _RunnelLibsecretKeyring
{
  GObject parent_instance;
};

static void runnel_libsecret_keyring_iface_init (RunnelKeyringInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelLibsecretKeyring, runnel_libsecret_keyring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUNNEL_TYPE_KEYRING,
                                                      runnel_libsecret_keyring_iface_init))

/* one attribute: the store's id for the secret; the schema name tells Runnel's items apart */
static const SecretSchema header_schema = {
  "io.github.runnel.Runnel.Header", SECRET_SCHEMA_NONE,
  {
    { "id", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  },
};

static gboolean
unavailable (GError **error,
             GError  *cause)
{
  g_set_error (error, RUNNEL_KEYRING_ERROR, RUNNEL_KEYRING_ERROR_UNAVAILABLE,
               _("The keyring is not available (%s)"), cause->message);
  g_error_free (cause);
  return FALSE;
}

static gboolean
libsecret_store (RunnelKeyring  *keyring,
                 const char     *id,
                 const char     *label,
                 const char     *value,
                 GError        **error)
{
  GError *local_error = NULL;

  if (!secret_password_store_sync (&header_schema, SECRET_COLLECTION_DEFAULT, label, value,
                                   NULL, &local_error, "id", id, NULL))
    return unavailable (error, local_error);

  return TRUE;
}

static char *
libsecret_lookup (RunnelKeyring  *keyring,
                  const char     *id,
                  GError        **error)
{
  GError *local_error = NULL;
  char *secret = secret_password_lookup_sync (&header_schema, NULL, &local_error,
                                              "id", id, NULL);
  char *value;

  if (local_error != NULL)
    {
      unavailable (error, local_error);
      return NULL;
    }

  /* libsecret's copy lives in non-pageable memory; ours is an ordinary string, as the
   * request keeps it */
  value = g_strdup (secret);
  secret_password_free (secret);
  return value;
}

static gboolean
libsecret_clear (RunnelKeyring  *keyring,
                 const char     *id,
                 GError        **error)
{
  GError *local_error = NULL;

  secret_password_clear_sync (&header_schema, NULL, &local_error, "id", id, NULL);
  if (local_error != NULL)
    return unavailable (error, local_error);

  return TRUE;
}

static void
runnel_libsecret_keyring_iface_init (RunnelKeyringInterface *iface)
{
  iface->store = libsecret_store;
  iface->lookup = libsecret_lookup;
  iface->clear = libsecret_clear;
}

static void
runnel_libsecret_keyring_class_init (RunnelLibsecretKeyringClass *klass)
{
}

static void
runnel_libsecret_keyring_init (RunnelLibsecretKeyring *self)
{
}

RunnelKeyring *
runnel_keyring_new_libsecret (void)
{
  return g_object_new (RUNNEL_TYPE_LIBSECRET_KEYRING, NULL);
}

/* Memory */

#define RUNNEL_TYPE_MEMORY_KEYRING (runnel_memory_keyring_get_type ())
G_DECLARE_FINAL_TYPE (RunnelMemoryKeyring, runnel_memory_keyring, RUNNEL, MEMORY_KEYRING, GObject)

struct _RunnelMemoryKeyring
{
  GObject     parent_instance;

  /* Owned */
  GHashTable *values;  /* id -> value */

  gboolean    unavailable;
};

static void runnel_memory_keyring_iface_init (RunnelKeyringInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (RunnelMemoryKeyring, runnel_memory_keyring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (RUNNEL_TYPE_KEYRING,
                                                      runnel_memory_keyring_iface_init))

static gboolean
memory_check (RunnelMemoryKeyring  *self,
              GError              **error)
{
  if (self->unavailable)
    {
      g_set_error (error, RUNNEL_KEYRING_ERROR, RUNNEL_KEYRING_ERROR_UNAVAILABLE,
                   _("The keyring is not available (%s)"), "memory keyring switched off");
      return FALSE;
    }

  return TRUE;
}

static gboolean
memory_store (RunnelKeyring  *keyring,
              const char     *id,
              const char     *label,
              const char     *value,
              GError        **error)
{
  RunnelMemoryKeyring *self = RUNNEL_MEMORY_KEYRING (keyring);

  if (!memory_check (self, error))
    return FALSE;

  g_hash_table_replace (self->values, g_strdup (id), g_strdup (value));
  return TRUE;
}

static char *
memory_lookup (RunnelKeyring  *keyring,
               const char     *id,
               GError        **error)
{
  RunnelMemoryKeyring *self = RUNNEL_MEMORY_KEYRING (keyring);

  if (!memory_check (self, error))
    return NULL;

  return g_strdup (g_hash_table_lookup (self->values, id));
}

static gboolean
memory_clear (RunnelKeyring  *keyring,
              const char     *id,
              GError        **error)
{
  RunnelMemoryKeyring *self = RUNNEL_MEMORY_KEYRING (keyring);

  if (!memory_check (self, error))
    return FALSE;

  g_hash_table_remove (self->values, id);
  return TRUE;
}

static void
runnel_memory_keyring_iface_init (RunnelKeyringInterface *iface)
{
  iface->store = memory_store;
  iface->lookup = memory_lookup;
  iface->clear = memory_clear;
}

static void
runnel_memory_keyring_finalize (GObject *object)
{
  RunnelMemoryKeyring *self = (RunnelMemoryKeyring *)object;

  g_clear_pointer (&self->values, g_hash_table_unref);

  G_OBJECT_CLASS (runnel_memory_keyring_parent_class)->finalize (object);
}

static void
runnel_memory_keyring_class_init (RunnelMemoryKeyringClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = runnel_memory_keyring_finalize;
}

static void
runnel_memory_keyring_init (RunnelMemoryKeyring *self)
{
  self->values = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

RunnelKeyring *
runnel_keyring_new_memory (void)
{
  return g_object_new (RUNNEL_TYPE_MEMORY_KEYRING, NULL);
}

void
runnel_keyring_memory_set_available (RunnelKeyring *self,
                                     gboolean       available)
{
  g_return_if_fail (RUNNEL_IS_MEMORY_KEYRING (self));

  RUNNEL_MEMORY_KEYRING (self)->unavailable = !available;
}
