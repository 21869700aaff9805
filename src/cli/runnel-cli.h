/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-cli.h: the headless commands behind runnel --print and runnel --demo-server */

#pragma once

#include <glib.h>

#include "runnel-curl-data.h"
#include "runnel-expectations.h"
#include "runnel-json-path.h"
#include "runnel-sse-event.h"
#include "runnel-timing.h"

G_BEGIN_DECLS

/* exit status of the command line (DESIGN.md) */
typedef enum
{
  RUNNEL_EXIT_OK = 0,       /* the stream ended normally */
  RUNNEL_EXIT_FAILED = 1,   /* a fatal stream error, said on stderr */
  RUNNEL_EXIT_USAGE = 2,    /* bad usage */
  RUNNEL_EXIT_WRITE = 3,    /* stdout was closed (quietly) or a write to it failed (said) */
  RUNNEL_EXIT_EXPECTATION = 4, /* an expectation (--expect, --test) failed */
  RUNNEL_EXIT_SIGINT = 130, /* interrupted (Ctrl+C), after --summary */
  RUNNEL_EXIT_SIGTERM = 143,/* terminated, after --summary */
} RunnelExitStatus;

/* one of curl's data options, as given (read into the body when the request is made) */
typedef struct
{
  RunnelCurlDataKind  kind;
  char               *option;   /* as written: "-d", "--json"… */
  char               *arg;
} RunnelPrintData;

/* runnel --print [OPTIONS] URL|-, as parsed; nothing is checked against the network here */
typedef struct
{
  char     *url;                /* the argument: a URL, or "-" for standard input */
  char     *method;             /* -X/--request METHOD, or NULL */
  char    **headers;            /* -H/--header 'Name: value', repeatable; NULL when none */
  GPtrArray *data;              /* RunnelPrintData: -d, --data-binary, --data-raw, --json… in
                                 * their order; NULL when none */
  gboolean  insecure;           /* -k/--insecure */
  gboolean  allow_insecure_redirect;
  char     *cacert;             /* --cacert FILE, or NULL */
  double    max_time;           /* -m/--max-time SECONDS; 0 when not given */
  char     *last_event_id;      /* --last-event-id ID, or NULL */
  gboolean  no_reconnect;       /* --no-reconnect */
  int       reconnect_on_end;   /* --reconnect-on-end 1, --no-reconnect-on-end 0, else -1 */
  int       max_retries;        /* --max-retries N; -1 when not given */
  double    read_timeout;       /* --read-timeout SECONDS; 0 when not given */
  char    **fatal_events;       /* --fatal-event TYPE, repeatable; NULL when none */
  guint64   max_event_size;     /* --max-event-size BYTES (default 16 MiB, 0 = no limit) */
  guint64   max_events;         /* --max-events N; 0 when not given */
  gboolean  summary;            /* --summary */
  gboolean  comments;           /* --comments */
  int       retry_delay;        /* --retry-delay MS; -1 when not given */
  char     *assemble;           /* --assemble PRESET|PATH, checked, or NULL */
  double    stall_threshold;    /* --stall-threshold SECONDS; 0 when not given (5 s) */
  char    **heartbeat_types;    /* --heartbeat-type TYPE, repeatable; NULL when none */
  char    **expects;            /* --expect SENTENCE, repeatable; NULL when none */
  gboolean  until_end;          /* --until-end: go on after every expectation is decided */
  char     *junit;              /* --junit FILE, or NULL */
  char    **vars;               /* --var NAME=VALUE, repeatable (checked); NULL when none */

  /* Made from the options by runnel_print_main () */
  RunnelExpectations  *expectations;  /* from expects, or NULL */
  RunnelJsonExtractor *assembler;     /* from assemble, or NULL */
} RunnelPrintOptions;

void runnel_print_options_clear (RunnelPrintOptions *options);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (RunnelPrintOptions, runnel_print_options_clear)

/*
 * The output side of --print, shared by standard input and URLs: prints each event as a JSON
 * line (buffered: call runnel_print_sink_flush after each batch of input), or counts it for
 * --summary, and stops at --max-events.
 */
typedef struct _RunnelPrintSink RunnelPrintSink;

RunnelPrintSink *runnel_print_sink_new       (const RunnelPrintOptions *options);
void             runnel_print_sink_free      (RunnelPrintSink          *sink);
/* a RunnelSseEventFunc: pass the sink as user data */
void             runnel_print_sink_event     (RunnelSseEvent           *event,
                                              gpointer                  sink);
/* TRUE once --max-events events were printed (or counted), or after _stop: stop reading */
gboolean         runnel_print_sink_is_done   (RunnelPrintSink          *sink);
/* a fatal error: no event after this one is printed */
void             runnel_print_sink_stop      (RunnelPrintSink          *sink);
/* --comments: a comment line as {"comment":"…"}, in order with the events */
void             runnel_print_sink_comment   (RunnelPrintSink          *sink,
                                              const char               *text);
/* writes the buffered JSON lines to stdout and flushes it. Returns: FALSE once a write failed
 * (a closed pipe is not said; another error is, on stderr): stop and exit RUNNEL_EXIT_WRITE */
gboolean         runnel_print_sink_flush     (RunnelPrintSink          *sink);
/* for --summary: the bytes read so far, and the final object on stdout */
void             runnel_print_sink_add_bytes (RunnelPrintSink          *sink,
                                              guint64                   bytes);
gboolean         runnel_print_sink_finish    (RunnelPrintSink          *sink);
/* --summary's "timing" object comes from @timing, which --assemble, --stall-threshold and
 * --heartbeat-type set up; with @feed the sink gives it each event it counts (standard input: no
 * client does) */
void             runnel_print_sink_set_timing (RunnelPrintSink         *sink,
                                               RunnelTiming            *timing,
                                               gboolean                 feed);
/*
 * With --expect: the run of the expectations is over (also when the stream failed, @error
 * says why); prints their results on stderr, writes --junit, and returns the exit status:
 * @status when it is 3, 130 or 143 (a closed stdout, a signal) or without expectations; else 4
 * when one failed and 0 when all passed (the expectations are the test).
 */
int              runnel_print_sink_report    (RunnelPrintSink          *sink,
                                              int                       status,
                                              const char               *error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (RunnelPrintSink, runnel_print_sink_free)

int runnel_print_main       (int                 argc,
                             char              **argv);
int runnel_serve_main       (int                 argc,
                             char              **argv);
int runnel_demo_server_main (int                 argc,
                             char              **argv);
/* runnel --mcp URL: runnel-mcp-command.c */
int runnel_mcp_main         (int                 argc,
                             char              **argv);
/* the server in the foreground until SIGINT/SIGTERM (runnel-demo-command.c); exit status */
typedef struct _RunnelDemoServer RunnelDemoServer;
int runnel_demo_server_run  (RunnelDemoServer   *server,
                             const char         *bind,
                             int                 port);
/* runnel --print URL: implemented in runnel-print-url.c; returns the exit status */
int runnel_print_url        (RunnelPrintOptions *options);

G_END_DECLS
