/* SPDX-License-Identifier: GPL-3.0-or-later */
/* test-print.c: the runnel binary's --print - as a user runs it: output, exit status, pipes */

#include "config.h"

#include <gio/gio.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>
#include <unistd.h>

#define DEADLINE_SECONDS 20

typedef struct
{
  int    status;
  char  *out;
  char  *err;
  char **lines;   /* out, split at line breaks */
} Run;

static void
run_clear (Run *run)
{
  g_clear_pointer (&run->out, g_free);
  g_clear_pointer (&run->err, g_free);
  g_clear_pointer (&run->lines, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Run, run_clear)

static GSubprocess *
spawn_runnel (GSubprocessFlags   flags,
              const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *binary = g_getenv ("RUNNEL_BINARY");
  GSubprocess *process;

  g_assert_nonnull (binary);
  g_ptr_array_add (argv, (gpointer) binary);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_newv ((const char * const *) argv->pdata, flags, &error);
  g_assert_no_error (error);

  return process;
}

/*
 * g_strsplit (text, "\n", -1), in linear time also under AddressSanitizer: g_strsplit calls
 * strstr () once per line, and ASan's strstr () measures the whole rest of the text each time,
 * which made splitting --print's output of a 9 MiB capture take minutes.
 */
static char **
split_lines (const char *text)
{
  GPtrArray *lines = g_ptr_array_new ();
  const char *end = text + strlen (text);
  const char *p = text;

  if (*text != '\0')
    {
      for (const char *eol; (eol = memchr (p, '\n', end - p)) != NULL; p = eol + 1)
        g_ptr_array_add (lines, g_strndup (p, eol - p));
      g_ptr_array_add (lines, g_strdup (p));
    }
  g_ptr_array_add (lines, NULL);

  return (char **) g_ptr_array_free (lines, FALSE);
}

static char *
bytes_to_string (GBytes *bytes)
{
  gsize size = 0;
  const char *data = g_bytes_get_data (bytes, &size);

  return size > 0 ? g_strndup (data, size) : g_strdup ("");
}

/* runs runnel with @args, @input on its standard input, and waits for it */
static void
run_runnel (Run                *run,
            const char         *input,
            gsize               input_len,
            const char * const *args)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GBytes) stdin_bytes = g_bytes_new (input, input_len);
  g_autoptr(GBytes) stdout_bytes = NULL;
  g_autoptr(GBytes) stderr_bytes = NULL;
  g_autoptr(GError) error = NULL;

  process = spawn_runnel (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                          G_SUBPROCESS_FLAGS_STDERR_PIPE, args);
  g_subprocess_communicate (process, stdin_bytes, NULL, &stdout_bytes, &stderr_bytes, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));

  run->status = g_subprocess_get_exit_status (process);
  run->out = bytes_to_string (stdout_bytes);
  run->err = bytes_to_string (stderr_bytes);
  run->lines = split_lines (run->out);
}

static JsonObject *
parse_object (const char *line)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *root;

  json_parser_load_from_data (parser, line, -1, &error);
  g_assert_no_error (error);
  root = json_parser_get_root (parser);
  g_assert_cmpint (JSON_NODE_TYPE (root), ==, JSON_NODE_OBJECT);

  return json_object_ref (json_node_get_object (root));
}

static void
assert_event (const char *line,
              const char *type,
              const char *data,
              const char *id)
{
  g_autoptr(JsonObject) object = parse_object (line);

  g_assert_cmpstr (json_object_get_string_member (object, "type"), ==, type);
  g_assert_cmpstr (json_object_get_string_member (object, "data"), ==, data);
  g_assert_cmpstr (json_object_get_string_member (object, "id"), ==, id);
}

/* a capture with CRLF, a BOM, comments, named types, control characters and broken UTF-8 */
static const char capture[] =
  "\xEF\xBB\xBF: keep-alive\r\n\r\n"
  "id: 1\r\nevent: delta\r\ndata: {\"text\": \"hi\"}\r\n\r\n"
  "data: tab\there\r\ndata: bell\x07 \xE2\x80\xA8 \xFF end\r\n\r\n"
  "data: [DONE]\r\n\r\n"
  "data: never finished\r\n";

static void
test_json_lines (void)
{
  const char * const args[] = { "--print", "-", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, capture, sizeof capture - 1, args);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);

  g_assert_cmpuint (g_strv_length (run.lines), ==, 4);
  assert_event (run.lines[0], "delta", "{\"text\": \"hi\"}", "1");
  assert_event (run.lines[1], "message", "tab\there\nbell\x07 \xE2\x80\xA8 \xEF\xBF\xBD end", "1");
  assert_event (run.lines[2], "message", "[DONE]", "1");
  g_assert_cmpstr (run.lines[3], ==, "");

  /* raw control characters and U+2028 never reach the output */
  for (const char *p = run.out; *p != '\0'; p++)
    if (*p != '\n')
      g_assert_cmpint ((guchar) *p, >=, 0x20);
  g_assert_null (strstr (run.out, "\xE2\x80\xA8"));
}

static void
test_summary (void)
{
  const char * const args[] = { "--print", "--summary", "-", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) summary = NULL;
  JsonObject *types;

  run_runnel (&run, capture, sizeof capture - 1, args);
  g_assert_cmpstr (run.err, ==, "");
  g_assert_cmpint (run.status, ==, 0);
  /* one line: the object */
  g_assert_cmpstr (strchr (run.out, '\n'), ==, "\n");

  summary = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (summary, "events"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (summary, "bytes"), ==, sizeof capture - 1);
  g_assert_cmpfloat (json_object_get_double_member (summary, "seconds"), >=, 0);
  types = json_object_get_object_member (summary, "types");
  g_assert_cmpuint (json_object_get_size (types), ==, 2);
  g_assert_cmpint (json_object_get_int_member (types, "delta"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (types, "message"), ==, 2);
}

static void
test_max_events (void)
{
  const char * const args[] = { "--print", "--max-events", "2", "-", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, capture, sizeof capture - 1, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (g_strv_length (run.lines), ==, 3);
  assert_event (run.lines[1], "message", "tab\there\nbell\x07 \xE2\x80\xA8 \xEF\xBF\xBD end", "1");
}

static void
test_oversized_event (void)
{
  const char input[] = "data: small\n\ndata: 0123456789\ndata: 0123456789\n\ndata: after\n\n";
  const char * const args[] = { "--print", "--max-event-size", "20", "-", NULL };
  const char * const big_args[] = { "--print", "--max-event-size", "0", "-", NULL };
  g_auto(Run) run = { 0 };
  g_auto(Run) big = { 0 };

  run_runnel (&run, input, sizeof input - 1, args);
  g_assert_cmpint (run.status, ==, 1);
  /* what came before is printed; nothing after */
  g_assert_nonnull (strstr (run.out, "\"data\":\"small\""));
  g_assert_null (strstr (run.out, "after"));
  g_assert_nonnull (strstr (run.err, "20 bytes"));
  g_assert_nonnull (strstr (run.err, "--max-event-size"));

  run_runnel (&big, input, sizeof input - 1, big_args);
  g_assert_cmpint (big.status, ==, 0);
  g_assert_nonnull (strstr (big.out, "after"));
}

/* a capture that fails still gets its summary (what was read before), as a URL's does */
static void
test_summary_of_failed_capture (void)
{
  const char input[] = "data: small\n\nevent: tick\ndata: 1\n\n"
                       "data: 0123456789\ndata: 0123456789\n\ndata: after\n\n";
  const char * const args[] = { "--print", "--summary", "--max-event-size", "20", "-", NULL };
  g_auto(Run) run = { 0 };
  g_autoptr(JsonObject) summary = NULL;
  JsonObject *types;

  run_runnel (&run, input, sizeof input - 1, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "--max-event-size"));
  g_assert_cmpstr (strchr (run.out, '\n'), ==, "\n");

  summary = parse_object (run.out);
  g_assert_cmpint (json_object_get_int_member (summary, "events"), ==, 2);
  types = json_object_get_object_member (summary, "types");
  g_assert_cmpint (json_object_get_int_member (types, "message"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (types, "tick"), ==, 1);
}

static void
test_fatal_event (void)
{
  const char input[] = "data: one\n\nevent: error\ndata: boom\n\ndata: after\n\n";
  const char * const args[] = { "--print", "--fatal-event", "error", "-", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, input, sizeof input - 1, args);
  g_assert_cmpint (run.status, ==, 1);
  g_assert_nonnull (strstr (run.err, "fatal “error” event: boom"));

  /* the events up to the fatal one, itself included */
  g_assert_cmpuint (g_strv_length (run.lines), ==, 3);
  assert_event (run.lines[0], "message", "one", "");
  assert_event (run.lines[1], "error", "boom", "");
}

/* --last-event-id: the id events carry until the stream sets one */
static void
test_last_event_id (void)
{
  const char input[] = "data: one\n\nid: 8\ndata: two\n\n";
  const char * const args[] = { "--print", "--last-event-id", "7", "-", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, input, sizeof input - 1, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_cmpuint (g_strv_length (run.lines), ==, 3);
  assert_event (run.lines[0], "message", "one", "7");
  assert_event (run.lines[1], "message", "two", "8");
}

static void
test_help (void)
{
  const char * const args[] = { "--print", "--help", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, "", 0, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "URL|-"));
  g_assert_nonnull (strstr (run.out, "--max-event-size"));
  g_assert_nonnull (strstr (run.out, "-H, --header"));
  g_assert_nonnull (strstr (run.out, "its body follows the state line on stderr"));
  /* every exit status, as README.md and DESIGN.md list them */
  g_assert_nonnull (strstr (run.out, "  4    an expectation (--expect) failed\n"));
  g_assert_nonnull (strstr (run.out, "  130  interrupted by Ctrl+C, 143 by SIGTERM"));
}

/* the command line never loads GTK (the window is a module): the dynamic loader's own list of
 * the libraries it opens (LD_DEBUG=files) names neither GTK nor libadwaita */
static void
test_no_gtk (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("RUNNEL_BINARY"), "--print", "--summary", "-", NULL };

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE |
                                        G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_setenv (launcher, "LD_DEBUG", "files", TRUE);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, "data: x\n\n", NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);
  g_assert_nonnull (strstr (out, "\"events\":1"));
  /* the loader did report: the list is not empty because LD_DEBUG was ignored */
  g_assert_nonnull (strstr (err, "libglib-2.0.so"));
  g_assert_null (strstr (err, "libgtk-4"));
  g_assert_null (strstr (err, "libadwaita"));
}

/* without a command-line mode runnel loads the window's module: its options are the window's */
static void
test_window_help (void)
{
  const char * const args[] = { "--help", NULL };
  g_auto(Run) run = { 0 };

  run_runnel (&run, "", 0, args);
  g_assert_cmpint (run.status, ==, 0);
  g_assert_nonnull (strstr (run.out, "opens a window on each URL given"));
  g_assert_nonnull (strstr (run.out, "runnel --print [OPTIONS] URL|-"));
}

/* a temporary file holding @contents; the caller unlinks and frees its path */
static char *
write_temp_file (GString *contents)
{
  g_autoptr(GError) error = NULL;
  char *path = NULL;
  int fd = g_file_open_tmp ("runnel-capture-XXXXXX", &path, &error);

  g_assert_no_error (error);
  close (fd);
  g_file_set_contents (path, contents->str, contents->len, &error);
  g_assert_no_error (error);

  return path;
}

/* runs runnel with a file as its standard input, which a large file makes mapped, not read */
static void
run_runnel_on_file (Run                *run,
                    const char         *path,
                    const char * const *args)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, path);
  g_ptr_array_add (argv, (gpointer) g_getenv ("RUNNEL_BINARY"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (gpointer) args[i]);
  g_ptr_array_add (argv, NULL);

  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &run->out, &run->err, &error);
  g_assert_no_error (error);
  run->status = g_subprocess_get_exit_status (process);
  run->lines = split_lines (run->out);
}

/* a large capture file (mapped in windows) gives what the same bytes give through a pipe */
static void
test_large_file (void)
{
  const char * const summary_args[] = { "--print", "--summary", "-", NULL };
  const char * const print_args[] = { "--print", "-", NULL };
  g_autoptr(GString) big = g_string_new (NULL);
  g_autofree char *path = NULL;
  g_auto(Run) piped = { 0 };
  g_auto(Run) mapped = { 0 };
  g_auto(Run) printed = { 0 };
  g_autoptr(JsonObject) piped_summary = NULL;
  g_autoptr(JsonObject) mapped_summary = NULL;
  guint n = 0;

  /* past two 4 MiB windows, with CRLF, named types and comments across their edges */
  while (big->len < 9 * 1024 * 1024)
    {
      n++;
      g_string_append_printf (big, "id: %u\r\n%sdata: {\"n\": %u, \"text\": \"caf\xC3\xA9\"}\r\n\r\n",
                              n, n % 5 == 0 ? "event: delta\r\n" : "", n);
      if (n % 50 == 0)
        g_string_append (big, ": keep-alive\r\n\r\n");
    }

  path = write_temp_file (big);

  run_runnel (&piped, big->str, big->len, summary_args);
  run_runnel_on_file (&mapped, path, summary_args);
  g_assert_cmpint (piped.status, ==, 0);
  g_assert_cmpint (mapped.status, ==, 0);
  piped_summary = parse_object (piped.out);
  mapped_summary = parse_object (mapped.out);
  g_assert_cmpint (json_object_get_int_member (mapped_summary, "events"), ==, n);
  g_assert_cmpint (json_object_get_int_member (mapped_summary, "bytes"), ==, big->len);
  g_assert_cmpint (json_object_get_int_member (piped_summary, "events"), ==, n);
  g_assert_cmpint (json_object_get_int_member (piped_summary, "bytes"), ==, big->len);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (mapped_summary,
                                                                              "types"), "delta"),
                   ==, n / 5);

  /* every event, in order */
  run_runnel_on_file (&printed, path, print_args);
  g_assert_cmpint (printed.status, ==, 0);
  g_assert_cmpuint (g_strv_length (printed.lines), ==, n + 1);
  for (guint i = 0; i < n; i += 997)
    {
      g_autofree char *data = g_strdup_printf ("{\"n\": %u, \"text\": \"caf\xC3\xA9\"}", i + 1);
      g_autofree char *id = g_strdup_printf ("%u", i + 1);

      assert_event (printed.lines[i], (i + 1) % 5 == 0 ? "delta" : "message", data, id);
    }

  g_unlink (path);
}

/* a mapped capture that shrinks while it is read: a message and status 1, not a crash */
static void
test_file_shrinks (void)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GString) big = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *first = NULL;
  g_autofree char *rest = NULL;
  g_autofree char *err = NULL;
  const char *argv[] = { g_getenv ("RUNNEL_BINARY"), "--print", "-", NULL };

  while (big->len < 2 * 1024 * 1024)
    g_string_append (big, "data: {\"some\": \"json\", \"to\": \"escape\"}\n\n");
  path = write_temp_file (big);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                        G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, path);
  process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  /* the first chunk's lines fill the pipe: runnel waits to write them, its window mapped */
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));
  first = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (first);

  g_assert_cmpint (truncate (path, 0), ==, 0);

  g_subprocess_communicate_utf8 (process, NULL, NULL, &rest, &err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (process));
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 1);
  g_assert_nonnull (strstr (err, "shrank"));

  g_unlink (path);
}

static void
test_bad_usage (void)
{
  const char * const no_argument[] = { "--print", NULL };
  const char * const unknown[] = { "--print", "--no-such-option", "-", NULL };
  const char * const bad_number[] = { "--print", "--max-events", "-3", "-", NULL };
  const char * const two[] = { "--print", "-", "-", NULL };
  const char * const contradiction[] = { "--print", "--reconnect-on-end", "--no-reconnect-on-end",
                                         "-", NULL };
  const char * const *cases[] = { no_argument, unknown, bad_number, two, contradiction };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(Run) run = { 0 };

      run_runnel (&run, "", 0, cases[i]);
      g_assert_cmpint (run.status, ==, 2);
      g_assert_cmpstr (run.out, ==, "");
      g_assert_true (g_str_has_prefix (run.err, "runnel: "));
    }
}

/* Waiting with a deadline: a line on stdout, or the end of the process */

typedef struct
{
  char     *line;
  gboolean  done;
  gboolean  timed_out;
} Wait;

static void
on_line_read (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  wait->line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (source), result,
                                                          NULL, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

static gboolean
on_deadline (gpointer user_data)
{
  Wait *wait = user_data;

  wait->timed_out = TRUE;
  return G_SOURCE_REMOVE;
}

/* iterates the main context until the operation is done; fails past the deadline */
static void
wait_until_done (Wait *wait)
{
  guint deadline = g_timeout_add_seconds (DEADLINE_SECONDS, on_deadline, wait);

  while (!wait->done && !wait->timed_out)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (wait->timed_out);
  g_source_remove (deadline);
}

static void
test_incremental_pipe (void)
{
  const char * const args[] = { "--print", "-", NULL };
  const char event[] = "id: 9\ndata: streaming\n\n";
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  g_autoptr(GError) error = NULL;
  GOutputStream *in;
  Wait wait = { 0 };
  gsize written = 0;

  process = spawn_runnel (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
  in = g_subprocess_get_stdin_pipe (process);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (process));

  g_output_stream_write_all (in, event, sizeof event - 1, &written, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_flush (in, NULL, &error);
  g_assert_no_error (error);

  /* standard input stays open: the line must come anyway */
  g_data_input_stream_read_line_async (out, G_PRIORITY_DEFAULT, NULL, on_line_read, &wait);
  wait_until_done (&wait);

  g_assert_nonnull (wait.line);
  assert_event (wait.line, "message", "streaming", "9");
  g_free (wait.line);

  g_output_stream_close (in, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

static void
on_exited (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  Wait *wait = user_data;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, &error);
  g_assert_no_error (error);
  wait->done = TRUE;
}

/* --max-time ends a quiet pipe normally: the events so far, exit status 0 */
static void
test_max_time_pipe (void)
{
  const char * const args[] = { "--print", "--summary", "--max-time", "0.2", "-", NULL };
  const char event[] = "data: one\n\n";
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) summary = NULL;
  char out[4096] = { 0 };
  gsize out_len = 0;
  Wait wait = { 0 };

  process = spawn_runnel (G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, args);
  g_output_stream_write_all (g_subprocess_get_stdin_pipe (process), event, sizeof event - 1,
                             NULL, NULL, &error);
  g_assert_no_error (error);

  /* standard input stays open: the process must end by itself */
  g_subprocess_wait_async (process, NULL, on_exited, &wait);
  wait_until_done (&wait);
  g_assert_cmpint (g_subprocess_get_exit_status (process), ==, 0);

  g_input_stream_read_all (g_subprocess_get_stdout_pipe (process), out, sizeof out - 1, &out_len,
                           NULL, &error);
  g_assert_no_error (error);
  summary = parse_object (out);
  g_assert_cmpint (json_object_get_int_member (summary, "events"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/runnel/print/json-lines", test_json_lines);
  g_test_add_func ("/runnel/print/summary", test_summary);
  g_test_add_func ("/runnel/print/max-events", test_max_events);
  g_test_add_func ("/runnel/print/large-file", test_large_file);
  g_test_add_func ("/runnel/print/file-shrinks", test_file_shrinks);
  g_test_add_func ("/runnel/print/oversized-event", test_oversized_event);
  g_test_add_func ("/runnel/print/summary-of-failed-capture", test_summary_of_failed_capture);
  g_test_add_func ("/runnel/print/fatal-event", test_fatal_event);
  g_test_add_func ("/runnel/print/last-event-id", test_last_event_id);
  g_test_add_func ("/runnel/print/help", test_help);
  g_test_add_func ("/runnel/print/no-gtk", test_no_gtk);
  g_test_add_func ("/runnel/print/window-help", test_window_help);
  g_test_add_func ("/runnel/print/bad-usage", test_bad_usage);
  g_test_add_func ("/runnel/print/incremental-pipe", test_incremental_pipe);
  g_test_add_func ("/runnel/print/max-time-pipe", test_max_time_pipe);

  return g_test_run ();
}
