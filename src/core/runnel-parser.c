/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-parser.c: the one interface of the body parsers (event stream, JSON lines) */

#include "config.h"

#include "runnel-parser-private.h"

G_DEFINE_INTERFACE (RunnelParser, runnel_parser, G_TYPE_OBJECT)

guint _runnel_parser_signals [RUNNEL_PARSER_N_SIGNALS];

static void
runnel_parser_default_init (RunnelParserInterface *iface)
{
  GType type = G_TYPE_FROM_INTERFACE (iface);

  _runnel_parser_signals [RUNNEL_PARSER_SIGNAL_EVENT] =
    g_signal_new ("event", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, RUNNEL_TYPE_SSE_EVENT | G_SIGNAL_TYPE_STATIC_SCOPE);
  _runnel_parser_signals [RUNNEL_PARSER_SIGNAL_RETRY] =
    g_signal_new ("retry", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_UINT64);
  _runnel_parser_signals [RUNNEL_PARSER_SIGNAL_COMMENT] =
    g_signal_new ("comment", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING | G_SIGNAL_TYPE_STATIC_SCOPE);
  _runnel_parser_signals [RUNNEL_PARSER_SIGNAL_ERROR] =
    g_signal_new ("error", type, G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR | G_SIGNAL_TYPE_STATIC_SCOPE);
}

void
runnel_parser_set_event_func (RunnelParser       *self,
                              RunnelSseEventFunc  func,
                              gpointer            user_data,
                              GDestroyNotify      destroy)
{
  g_return_if_fail (RUNNEL_IS_PARSER (self));

  RUNNEL_PARSER_GET_IFACE (self)->set_event_func (self, func, user_data, destroy);
}

void
runnel_parser_feed (RunnelParser *self,
                    const guint8 *data,
                    gsize         len)
{
  g_return_if_fail (RUNNEL_IS_PARSER (self));

  RUNNEL_PARSER_GET_IFACE (self)->feed (self, data, len);
}

gboolean
runnel_parser_finish (RunnelParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_PARSER (self), TRUE);

  return RUNNEL_PARSER_GET_IFACE (self)->finish (self);
}

gboolean
runnel_parser_has_pending (RunnelParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_PARSER (self), FALSE);

  return RUNNEL_PARSER_GET_IFACE (self)->has_pending (self);
}

void
runnel_parser_reset (RunnelParser *self)
{
  g_return_if_fail (RUNNEL_IS_PARSER (self));

  RUNNEL_PARSER_GET_IFACE (self)->reset (self);
}

guint64
runnel_parser_get_max_event_size (RunnelParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_PARSER (self), 0);

  return RUNNEL_PARSER_GET_IFACE (self)->get_max_event_size (self);
}

void
runnel_parser_set_max_event_size (RunnelParser *self,
                                  guint64       max_event_size)
{
  g_return_if_fail (RUNNEL_IS_PARSER (self));

  RUNNEL_PARSER_GET_IFACE (self)->set_max_event_size (self, max_event_size);
}

const char *
runnel_parser_get_last_event_id (RunnelParser *self)
{
  g_return_val_if_fail (RUNNEL_IS_PARSER (self), "");

  return RUNNEL_PARSER_GET_IFACE (self)->get_last_event_id (self);
}

void
runnel_parser_set_last_event_id (RunnelParser *self,
                                 const char   *id)
{
  g_return_if_fail (RUNNEL_IS_PARSER (self));

  RUNNEL_PARSER_GET_IFACE (self)->set_last_event_id (self, id);
}
