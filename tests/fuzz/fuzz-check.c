/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-check.c: the table of fuzz targets, by corpus directory name */

#include "config.h"

#include <string.h>

#include "fuzz-check.h"

static const struct
{
  const char      *name;
  RunnelFuzzCheck  check;
} targets[] = {
  { "sse-parser", runnel_fuzz_check_sse_parser },
  { "request-json", runnel_fuzz_check_request_json },
  { "curl", runnel_fuzz_check_curl },
  { "json", runnel_fuzz_check_json },
  { "utf8", runnel_fuzz_check_utf8 },
};

RunnelFuzzCheck
runnel_fuzz_check_for_target (const char *name)
{
  for (gsize i = 0; i < G_N_ELEMENTS (targets); i++)
    {
      if (strcmp (targets[i].name, name) == 0)
        return targets[i].check;
    }

  return NULL;
}
