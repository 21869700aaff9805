/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-event-filter.c: the event list's filter: text, event type, only events with an id */

#include "config.h"

#include <string.h>

#include "runnel-event-filter.h"
#include "runnel-event-log.h"

struct _RunnelEventFilter
{
  GtkFilter parent_instance;

  /* Owned */
  char     *text;
  char     *needle;       /* text casefolded (ASCII: lowered), NULL when not filtering by text */
  char     *event_type;

  gsize     needle_len;
  gboolean  needle_ascii;
  gboolean  with_id;
};

enum {
  PROP_0,
  PROP_TEXT,
  PROP_EVENT_TYPE,
  PROP_WITH_ID,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

G_DEFINE_FINAL_TYPE (RunnelEventFilter, runnel_event_filter, GTK_TYPE_FILTER)

#define ASCII_LOWER(c) ((c) >= 'A' && (c) <= 'Z' ? (c) + ('a' - 'A') : (c))

/* needle is lower-case ASCII: no allocation per event, and a quick skip to its first letter */
static gboolean
contains_ascii_nocase (const char *haystack,
                       gsize       haystack_len,
                       const char *needle,
                       gsize       needle_len)
{
  char first = needle[0];
  char first_upper = g_ascii_toupper (first);

  if (needle_len > haystack_len)
    return FALSE;

  for (const char *p = haystack, *last = haystack + haystack_len - needle_len; p <= last; p++)
    {
      gsize i = 1;

      if (*p != first && *p != first_upper)
        continue;

      while (i < needle_len && ASCII_LOWER (p[i]) == needle[i])
        i++;
      if (i == needle_len)
        return TRUE;
    }

  return FALSE;
}

static gboolean
runnel_event_filter_contains (RunnelEventFilter *self,
                              const char        *field,
                              gsize              field_len)
{
  g_autofree char *folded = NULL;

  if (self->needle_ascii)
    return contains_ascii_nocase (field, field_len, self->needle, self->needle_len);

  folded = g_utf8_casefold (field, field_len);
  return strstr (folded, self->needle) != NULL;
}

static gboolean
runnel_event_filter_match (GtkFilter *filter,
                           gpointer   item)
{
  return runnel_event_filter_match_event (RUNNEL_EVENT_FILTER (filter),
                                          runnel_event_item_get_event (item));
}

gboolean
runnel_event_filter_match_event (RunnelEventFilter *self,
                                 RunnelSseEvent    *event)
{
  const char *type;
  const char *id;
  const char *data;
  gsize data_len;

  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (self), FALSE);
  g_return_val_if_fail (event != NULL, FALSE);

  type = runnel_sse_event_get_event_type (event);
  id = runnel_sse_event_get_id (event);

  if (self->with_id && *id == '\0')
    return FALSE;

  if (self->event_type != NULL && strcmp (type, self->event_type) != 0)
    return FALSE;

  if (self->needle == NULL)
    return TRUE;

  data = runnel_sse_event_get_data (event, &data_len);

  return runnel_event_filter_contains (self, type, strlen (type)) ||
         runnel_event_filter_contains (self, id, strlen (id)) ||
         runnel_event_filter_contains (self, data, data_len);
}

static GtkFilterMatch
runnel_event_filter_get_strictness (GtkFilter *filter)
{
  RunnelEventFilter *self = RUNNEL_EVENT_FILTER (filter);

  return runnel_event_filter_is_active (self) ? GTK_FILTER_MATCH_SOME : GTK_FILTER_MATCH_ALL;
}

static void
runnel_event_filter_finalize (GObject *object)
{
  RunnelEventFilter *self = RUNNEL_EVENT_FILTER (object);

  g_clear_pointer (&self->text, g_free);
  g_clear_pointer (&self->needle, g_free);
  g_clear_pointer (&self->event_type, g_free);

  G_OBJECT_CLASS (runnel_event_filter_parent_class)->finalize (object);
}

static void
runnel_event_filter_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  RunnelEventFilter *self = RUNNEL_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      g_value_set_string (value, self->text);
      break;

    case PROP_EVENT_TYPE:
      g_value_set_string (value, self->event_type);
      break;

    case PROP_WITH_ID:
      g_value_set_boolean (value, self->with_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_filter_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  RunnelEventFilter *self = RUNNEL_EVENT_FILTER (object);

  switch (prop_id)
    {
    case PROP_TEXT:
      runnel_event_filter_set_text (self, g_value_get_string (value));
      break;

    case PROP_EVENT_TYPE:
      runnel_event_filter_set_event_type (self, g_value_get_string (value));
      break;

    case PROP_WITH_ID:
      runnel_event_filter_set_with_id (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
runnel_event_filter_class_init (RunnelEventFilterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkFilterClass *filter_class = GTK_FILTER_CLASS (klass);

  object_class->finalize = runnel_event_filter_finalize;
  object_class->get_property = runnel_event_filter_get_property;
  object_class->set_property = runnel_event_filter_set_property;

  filter_class->match = runnel_event_filter_match;
  filter_class->get_strictness = runnel_event_filter_get_strictness;

  properties[PROP_TEXT] =
    g_param_spec_string ("text", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_EVENT_TYPE] =
    g_param_spec_string ("event-type", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);
  properties[PROP_WITH_ID] =
    g_param_spec_boolean ("with-id", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
runnel_event_filter_init (RunnelEventFilter *self)
{
}

RunnelEventFilter *
runnel_event_filter_new (void)
{
  return g_object_new (RUNNEL_TYPE_EVENT_FILTER, NULL);
}

const char *
runnel_event_filter_get_text (RunnelEventFilter *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (self), NULL);

  return self->text;
}

void
runnel_event_filter_set_text (RunnelEventFilter *self,
                              const char        *text)
{
  g_autofree char *old_needle = NULL;
  GtkFilterChange change = GTK_FILTER_CHANGE_DIFFERENT;

  g_return_if_fail (RUNNEL_IS_EVENT_FILTER (self));

  if (text != NULL && *text == '\0')
    text = NULL;
  if (g_strcmp0 (text, self->text) == 0)
    return;

  old_needle = g_steal_pointer (&self->needle);
  g_free (self->text);
  self->text = g_strdup (text);

  if (text != NULL)
    {
      self->needle_ascii = TRUE;
      for (const char *p = text; *p != '\0' && self->needle_ascii; p++)
        self->needle_ascii = (guchar) *p < 0x80;
      self->needle = self->needle_ascii ? g_ascii_strdown (text, -1) : g_utf8_casefold (text, -1);
      self->needle_len = strlen (self->needle);
    }

  /* a longer search that contains the old one can only remove rows, and the reverse */
  if (old_needle == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (self->needle == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else if (strstr (self->needle, old_needle) != NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (strstr (old_needle, self->needle) != NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEXT]);
}

const char *
runnel_event_filter_get_event_type (RunnelEventFilter *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (self), NULL);

  return self->event_type;
}

void
runnel_event_filter_set_event_type (RunnelEventFilter *self,
                                    const char        *event_type)
{
  GtkFilterChange change;

  g_return_if_fail (RUNNEL_IS_EVENT_FILTER (self));

  if (g_strcmp0 (event_type, self->event_type) == 0)
    return;

  if (self->event_type == NULL)
    change = GTK_FILTER_CHANGE_MORE_STRICT;
  else if (event_type == NULL)
    change = GTK_FILTER_CHANGE_LESS_STRICT;
  else
    change = GTK_FILTER_CHANGE_DIFFERENT;

  g_free (self->event_type);
  self->event_type = g_strdup (event_type);

  gtk_filter_changed (GTK_FILTER (self), change);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EVENT_TYPE]);
}

gboolean
runnel_event_filter_get_with_id (RunnelEventFilter *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (self), FALSE);

  return self->with_id;
}

void
runnel_event_filter_set_with_id (RunnelEventFilter *self,
                                 gboolean           with_id)
{
  g_return_if_fail (RUNNEL_IS_EVENT_FILTER (self));

  with_id = !!with_id;
  if (self->with_id == with_id)
    return;

  self->with_id = with_id;

  gtk_filter_changed (GTK_FILTER (self),
                      with_id ? GTK_FILTER_CHANGE_MORE_STRICT : GTK_FILTER_CHANGE_LESS_STRICT);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_WITH_ID]);
}

gboolean
runnel_event_filter_is_active (RunnelEventFilter *self)
{
  g_return_val_if_fail (RUNNEL_IS_EVENT_FILTER (self), FALSE);

  return self->needle != NULL || self->event_type != NULL || self->with_id;
}
