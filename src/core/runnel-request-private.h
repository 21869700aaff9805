/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-request-private.h: RunnelRequest's fields, shared by its JSON reader and writer */

#pragma once

#include "runnel-request.h"

G_BEGIN_DECLS

#define DEFAULT_RETRY_DELAY    1000
#define DEFAULT_BACKOFF_CAP    30000
#define DEFAULT_MAX_EVENT_SIZE (16 * 1024 * 1024)

typedef struct
{
  char     *name;
  char     *value;
  gboolean  enabled;
  gboolean  value_missing;  /* its value was left out of a file: ask for it */
} RunnelHeader;

struct _RunnelRequest
{
  GObject   parent_instance;

  /* Owned */
  char     *url;
  char     *method;
  GArray   *headers;          /* of RunnelHeader, in order */
  GBytes   *body;
  char     *ca_file;
  char     *last_event_id;
  GStrv     fatal_event_types;
  GStrv     expectations;     /* sentences, as the user wrote them */

  guint64   max_event_size;
  guint     retry_delay;
  guint     backoff_cap;
  guint     read_timeout;
  guint     timeout;
  int       max_retries;

  guint     reconnect : 1;
  guint     reconnect_on_end : 1;
  guint     reconnect_on_end_set : 1;
  guint     accept_invalid_certificates : 1;
  guint     allow_insecure_redirect : 1;
};

G_END_DECLS
