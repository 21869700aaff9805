/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-shell-words.h: a pasted command line split into words as a shell would, and back */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* the longest command line (in bytes) runnel_shell_split () accepts */
#define RUNNEL_SHELL_MAX_COMMAND (16 * 1024 * 1024)

#define RUNNEL_SHELL_ERROR (runnel_shell_error_quark ())

typedef enum
{
  RUNNEL_SHELL_ERROR_SYNTAX,      /* unbalanced quote, NUL, $VAR, $(...), a pipe, ; ... */
  RUNNEL_SHELL_ERROR_TOO_LARGE,   /* past RUNNEL_SHELL_MAX_COMMAND */
} RunnelShellError;

typedef enum
{
  RUNNEL_SHELL_SYNTAX_GUESS,      /* cmd.exe when the command looks like it, else POSIX */
  RUNNEL_SHELL_SYNTAX_POSIX,
  RUNNEL_SHELL_SYNTAX_CMD,        /* cmd.exe's quoting ("Copy as cURL (cmd)"): ^ escapes */
} RunnelShellSyntax;

GQuark   runnel_shell_error_quark (void);

/*
 * Splits @command (@length bytes, or up to its NUL when -1) into words as a POSIX shell does:
 * 'single', "double" (\ escapes only $ ` " \ and newline), $'ANSI-C' (\n \t \xHH \uHHHH \UHHHHHHHH
 * \NNN \cX \e ...), backslash escapes, backslash-newline continuations (also before CRLF),
 * # comments. What a shell would expand or run ($VAR, $(...), `...`, ;, |, &, <, >) is an error,
 * as is a NUL byte anywhere (an argument cannot hold one) and an unbalanced quote.
 * With RUNNEL_SHELL_SYNTAX_CMD, or when guessed (the command starts with curl ^" or a line ends
 * with ^), cmd.exe's carets and then the C runtime's quote rules are applied instead.
 *
 * Returns: (transfer full): the words, or NULL with a RUNNEL_SHELL_ERROR
 */
char   **runnel_shell_split       (const char         *command,
                                   gssize              length,
                                   RunnelShellSyntax   syntax,
                                   GError            **error);

/* @arg quoted for a POSIX shell; left bare when it only has characters that need no quoting */
char    *runnel_shell_quote       (const char         *arg);

G_END_DECLS
