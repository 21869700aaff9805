/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-keyring.h: where secret header values live: the user's keyring, or memory */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define RUNNEL_KEYRING_ERROR (runnel_keyring_error_quark ())

typedef enum
{
  RUNNEL_KEYRING_ERROR_UNAVAILABLE,  /* no keyring answered, or it refused */
} RunnelKeyringError;

#define RUNNEL_TYPE_KEYRING (runnel_keyring_get_type ())

/*
 * A small interface in front of the Secret Service, so that the request store can keep a
 * secret's value out of its files and tests can run without one. Each secret is found by an
 * opaque id (the store makes UUIDs); the label is what the user sees in their keyring manager.
 * Calls are synchronous: the store calls them when it loads and saves.
 */
G_DECLARE_INTERFACE (RunnelKeyring, runnel_keyring, RUNNEL, KEYRING, GObject)

struct _RunnelKeyringInterface
{
  GTypeInterface parent_iface;

  gboolean  (*store)  (RunnelKeyring  *self,
                       const char     *id,
                       const char     *label,
                       const char     *value,
                       GError        **error);
  /* NULL without an error when there is no such secret */
  char     *(*lookup) (RunnelKeyring  *self,
                       const char     *id,
                       GError        **error);
  gboolean  (*clear)  (RunnelKeyring  *self,
                       const char     *id,
                       GError        **error);
};

GQuark         runnel_keyring_error_quark   (void);

gboolean       runnel_keyring_store         (RunnelKeyring  *self,
                                             const char     *id,
                                             const char     *label,
                                             const char     *value,
                                             GError        **error);
/* Returns: (transfer full) (nullable): the value, or NULL (an error only if the lookup failed) */
char          *runnel_keyring_lookup        (RunnelKeyring  *self,
                                             const char     *id,
                                             GError        **error);
/* forgetting a secret that is not there is no error */
gboolean       runnel_keyring_clear         (RunnelKeyring  *self,
                                             const char     *id,
                                             GError        **error);

/*
 * The user's keyring through libsecret (the Secret Service on the session bus; inside a
 * flatpak libsecret goes through the Secret portal by itself). Errors are
 * RUNNEL_KEYRING_ERROR_UNAVAILABLE with libsecret's words in them.
 */
RunnelKeyring *runnel_keyring_new_libsecret (void);
/* values in memory only, gone when the process ends: for tests (and the "memory" choice) */
RunnelKeyring *runnel_keyring_new_memory    (void);
/* a memory keyring that stops answering, to test what happens then */
void           runnel_keyring_memory_set_available (RunnelKeyring *self,
                                                    gboolean       available);
/*
 * The keyring Runnel uses: libsecret, or the memory keyring when the environment variable
 * RUNNEL_KEYRING is "memory" (one for the whole process, as GSETTINGS_BACKEND=memory does for
 * settings: the test suite sets it, so that no test reaches the user's keyring or waits on an
 * unlock prompt).
 */
RunnelKeyring *runnel_keyring_new_default   (void);

G_END_DECLS
