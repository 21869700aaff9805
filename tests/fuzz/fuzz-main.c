/* SPDX-License-Identifier: GPL-3.0-or-later */
/* fuzz-main.c: the libFuzzer entry points; FUZZ_TARGET names the check (see fuzz-check.c) */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>

#include "fuzz-check.h"

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static RunnelFuzzCheck check;

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  /* a critical (a g_return_if_fail) is a bug the fuzzer must report, like a crash */
  g_log_set_always_fatal (G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
  check = runnel_fuzz_check_for_target (FUZZ_TARGET);
  if (check == NULL)
    abort ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GError) error = NULL;

  if (!check (data, size, &error))
    {
      g_printerr ("%s: %s\n", FUZZ_TARGET, error->message);
      abort ();
    }

  return 0;
}
