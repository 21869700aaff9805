/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-saved-request.c: one entry of the request store: a name, a request and a time */

#include "config.h"

#include "runnel-saved-request-private.h"

struct _RunnelSavedRequest
{
  GObject        parent_instance;

  /* Owned */
  char          *name;
  RunnelRequest *request;
  GPtrArray     *secret_ids;  /* per header: the keyring id of its value, or NULL */
  gint64         time;
};

G_DEFINE_FINAL_TYPE (RunnelSavedRequest, runnel_saved_request, G_TYPE_OBJECT)

enum {
  SAVED_PROP_0,
  SAVED_PROP_NAME,
  SAVED_PROP_REQUEST,
  SAVED_PROP_TIME,
  SAVED_N_PROPS
};

static GParamSpec *saved_properties [SAVED_N_PROPS];

static void
runnel_saved_request_dispose (GObject *object)
{
  RunnelSavedRequest *self = (RunnelSavedRequest *)object;

  g_clear_object (&self->request);

  G_OBJECT_CLASS (runnel_saved_request_parent_class)->dispose (object);
}

static void
runnel_saved_request_finalize (GObject *object)
{
  RunnelSavedRequest *self = (RunnelSavedRequest *)object;

  g_clear_pointer (&self->name, g_free);
  g_clear_pointer (&self->secret_ids, g_ptr_array_unref);

  G_OBJECT_CLASS (runnel_saved_request_parent_class)->finalize (object);
}

static void
runnel_saved_request_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  RunnelSavedRequest *self = RUNNEL_SAVED_REQUEST (object);

  switch (prop_id)
    {
    case SAVED_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case SAVED_PROP_REQUEST:
      g_value_set_object (value, self->request);
      break;

    case SAVED_PROP_TIME:
      g_value_set_int64 (value, self->time);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_saved_request_class_init (RunnelSavedRequestClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->dispose = runnel_saved_request_dispose;
  object_class->finalize = runnel_saved_request_finalize;
  object_class->get_property = runnel_saved_request_get_property;

  saved_properties [SAVED_PROP_NAME] = g_param_spec_string ("name", NULL, NULL, NULL, flags);
  saved_properties [SAVED_PROP_REQUEST] =
    g_param_spec_object ("request", NULL, NULL, RUNNEL_TYPE_REQUEST, flags);
  saved_properties [SAVED_PROP_TIME] =
    g_param_spec_int64 ("time", NULL, NULL, 0, G_MAXINT64, 0, flags);

  g_object_class_install_properties (object_class, SAVED_N_PROPS, saved_properties);
}

static void
runnel_saved_request_init (RunnelSavedRequest *self)
{
}

/* takes @request */
RunnelSavedRequest *
_runnel_saved_request_new (const char    *name,
                          RunnelRequest *request,
                          gint64         time)
{
  RunnelSavedRequest *self = g_object_new (RUNNEL_TYPE_SAVED_REQUEST, NULL);

  self->name = g_strdup (name);
  self->request = request;
  self->time = MAX (time, 0);

  return self;
}

const char *
runnel_saved_request_get_name (RunnelSavedRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_SAVED_REQUEST (self), NULL);

  return self->name;
}

RunnelRequest *
runnel_saved_request_get_request (RunnelSavedRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_SAVED_REQUEST (self), NULL);

  return self->request;
}

gint64
runnel_saved_request_get_time (RunnelSavedRequest *self)
{
  g_return_val_if_fail (RUNNEL_IS_SAVED_REQUEST (self), 0);

  return self->time;
}

/* takes @ids: one per header of the request, each a keyring id or NULL */
void
_runnel_saved_request_set_secret_ids (RunnelSavedRequest *self,
                                      GPtrArray          *ids)
{
  g_return_if_fail (RUNNEL_IS_SAVED_REQUEST (self));
  g_return_if_fail (ids == NULL || ids->len == runnel_request_get_n_headers (self->request));

  g_clear_pointer (&self->secret_ids, g_ptr_array_unref);
  self->secret_ids = ids;
}

/* @self uses the same keyring values as @other (a renamed entry) */
void
_runnel_saved_request_share_secret_ids (RunnelSavedRequest *self,
                                        RunnelSavedRequest *other)
{
  g_return_if_fail (RUNNEL_IS_SAVED_REQUEST (self));
  g_return_if_fail (RUNNEL_IS_SAVED_REQUEST (other));

  g_clear_pointer (&self->secret_ids, g_ptr_array_unref);
  if (other->secret_ids != NULL)
    self->secret_ids = g_ptr_array_ref (other->secret_ids);
}

const char *
_runnel_saved_request_get_secret_id (RunnelSavedRequest *self,
                                     guint               position)
{
  g_return_val_if_fail (RUNNEL_IS_SAVED_REQUEST (self), NULL);

  if (self->secret_ids == NULL || position >= self->secret_ids->len)
    return NULL;

  return g_ptr_array_index (self->secret_ids, position);
}
