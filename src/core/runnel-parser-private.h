/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-parser-private.h: the interface's signal ids, for the parsers that emit them */

#pragma once

#include "runnel-parser.h"

G_BEGIN_DECLS

enum {
  RUNNEL_PARSER_SIGNAL_EVENT,
  RUNNEL_PARSER_SIGNAL_RETRY,
  RUNNEL_PARSER_SIGNAL_COMMENT,
  RUNNEL_PARSER_SIGNAL_ERROR,
  RUNNEL_PARSER_N_SIGNALS
};

/* set when the interface is first initialised, i.e. before any parser exists */
extern guint _runnel_parser_signals [RUNNEL_PARSER_N_SIGNALS];

G_END_DECLS
