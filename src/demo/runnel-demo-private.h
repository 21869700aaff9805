/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-private.h: what the demo server's files share; not installed, not public API */

#pragma once

#include <libsoup/soup.h>

#include "runnel-demo-server.h"

G_BEGIN_DECLS

#define PUMP_CHUNK_SIZE         (64 * 1024)
#define MAX_INTERVAL_MS         3600000
#define MAX_TICKS_QUEUED        4               /* timed streams skip ticks past this */
#define MAX_TYPES_LEN           1024            /* /events?types= */

/* connections at once (more are closed at once), and the time a client has to send its request */
#define RUNNEL_DEMO_MAX_CONNECTIONS     512
#define RUNNEL_DEMO_REQUEST_TIMEOUT_MS  10000
#define RUNNEL_DEMO_BODY_TIMEOUT_MS     30000

typedef struct _DemoStream DemoStream;
typedef struct _DemoReplay DemoReplay;
typedef struct _DemoAcceptor DemoAcceptor;
typedef struct _DemoMcp DemoMcp;
typedef void (*RunnelDemoAcceptorProblemFunc) (const char *message,
                                               gpointer    data);

/* Writes what is due on a timer tick or when the previous chunk has left; FALSE ends the stream. */
typedef gboolean (*DemoStreamFunc) (DemoStream *stream);

struct _DemoStream
{
  /* Borrowed: the server frees every stream before it goes */
  RunnelDemoServer  *self;

  /* Owned */
  SoupServerMessage *msg;
  GSource           *hangup_source;
  guint              timeout_id;
  guint              pump_id;
  GConverter        *gzip;
  GBytes            *pending;       /* bytes a slow writer still has to send */
  char             **words;         /* /chat: the reply, word by word; /events: the types */
  gpointer           state;         /* an endpoint's own state (replay), freed with the stream */
  GDestroyNotify     state_free;

  DemoStreamFunc     tick;          /* run by the interval timer */
  DemoStreamFunc     pump;          /* run once libsoup has written everything queued */

  gint64             start_time;
  guint64            sequence;      /* events sent (or the last id) */
  guint64            count;         /* events to send, 0 = forever */
  guint64            remaining;     /* /fault/oversized: data bytes to write; /counter: ?drop=;
                                       /fault/heartbeat: heartbeats to send */
  gsize              offset;        /* /chat: the next word; /fault/trickle: the next byte;
                                       /fault/heartbeat: 1 for ping events */
  guint              rate;          /* /firehose: events per second, 0 = as fast as possible;
                                       /fault/buffered: events per burst; /chat: the interval
                                       after a ?first_token_ms= wait */
  guint              n_in_flight;   /* chunks appended but not yet written */
  guint              stage;         /* steps of a fault; /counter: events on this connection;
                                       /chat: 1 once the role went ahead alone */
  gboolean           ended;         /* runnel_demo_stream_end () ran: nothing more to write */
};

/* runnel-demo-acceptor.c: the accept loop */
DemoAcceptor *runnel_demo_acceptor_new              (SoupServer                    *server,
                                                     GSocket                       *socket,
                                                     GTlsCertificate               *tls_certificate);
void          runnel_demo_acceptor_free             (DemoAcceptor                  *acceptor);
void          runnel_demo_acceptor_set_problem_func (DemoAcceptor                  *acceptor,
                                                     RunnelDemoAcceptorProblemFunc  func,
                                                     gpointer                       data);
void          runnel_demo_acceptor_set_limits       (DemoAcceptor                  *acceptor,
                                                     guint                          max_connections,
                                                     guint                          request_timeout_ms,
                                                     guint                          body_timeout_ms);
void          runnel_demo_acceptor_got_headers      (DemoAcceptor                  *acceptor,
                                                     SoupServerMessage             *msg);
void          runnel_demo_acceptor_got_request      (DemoAcceptor                  *acceptor,
                                                     SoupServerMessage             *msg);
GSocket      *runnel_demo_acceptor_get_socket       (DemoAcceptor                  *acceptor,
                                                     SoupServerMessage             *msg);
guint         runnel_demo_acceptor_get_n_connections (DemoAcceptor                 *acceptor);
GSocket      *runnel_demo_acceptor_get_listen_socket (DemoAcceptor                 *acceptor);

/* runnel-demo-server.c: the set of open streams behind "n-streams", and the request log */
void        runnel_demo_server_add_stream      (RunnelDemoServer  *self,
                                                DemoStream        *stream);
void        runnel_demo_server_remove_stream   (RunnelDemoServer  *self,
                                                DemoStream        *stream);
void        runnel_demo_server_request_done    (RunnelDemoServer  *self,
                                                SoupServerMessage *msg,
                                                const char        *note);
GSocket    *runnel_demo_server_get_socket      (RunnelDemoServer  *self,
                                                SoupServerMessage *msg);
void        runnel_demo_server_skipped_tick    (RunnelDemoServer  *self);

/* runnel-demo-server.c: for tests */
GSocket    *runnel_demo_server_get_listen_socket    (RunnelDemoServer *self);
guint64     runnel_demo_server_get_n_skipped_ticks  (RunnelDemoServer *self);

/* runnel-demo-server.c: the served captures, created on first use */
DemoReplay *runnel_demo_server_get_replay      (RunnelDemoServer  *self);

/* runnel-demo-server.c: the MCP sessions, created on first use */
DemoMcp    *runnel_demo_server_get_mcp         (RunnelDemoServer  *self);

/* runnel-demo-mcp.c: the MCP sessions and their streams */
DemoMcp    *runnel_demo_mcp_new                (void);
void        runnel_demo_mcp_free               (DemoMcp           *mcp);

/* runnel-demo-replay.c: TRUE when the request was for a capture (or --serve's index) */
DemoReplay *runnel_demo_replay_new             (void);
void        runnel_demo_replay_free            (DemoReplay        *replay);
gboolean    runnel_demo_replay_handle          (RunnelDemoServer  *self,
                                                DemoReplay        *replay,
                                                SoupServerMessage *msg,
                                                const char        *path);

/* runnel-demo-stream.c: plain responses and query parameters */
void        runnel_demo_set_text_response      (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *text);
G_GNUC_PRINTF (3, 4)
void        runnel_demo_set_text_responsef     (SoupServerMessage *msg,
                                                guint              status,
                                                const char        *format,
                                                ...);
gboolean    runnel_demo_query_get_uint         (SoupServerMessage *msg,
                                                GHashTable        *query,
                                                const char        *name,
                                                guint64            fallback,
                                                guint64            min,
                                                guint64            max,
                                                guint64           *value);
gboolean    runnel_demo_query_get_interval     (SoupServerMessage *msg,
                                                GHashTable        *query,
                                                guint64            fallback,
                                                guint64           *value);
gboolean    runnel_demo_query_get_timing       (SoupServerMessage *msg,
                                                GHashTable        *query,
                                                guint64            default_interval,
                                                guint64           *interval,
                                                guint64           *count);

/* runnel-demo-stream.c: streams */
DemoStream *runnel_demo_stream_new             (RunnelDemoServer  *self,
                                                SoupServerMessage *msg);
DemoStream *runnel_demo_stream_new_timed       (RunnelDemoServer  *self,
                                                SoupServerMessage *msg,
                                                GHashTable        *query,
                                                guint64            default_interval,
                                                guint64           *interval);
void        runnel_demo_stream_free            (DemoStream        *stream);
void        runnel_demo_stream_write           (DemoStream        *stream,
                                                const char        *data,
                                                gsize              len);
void        runnel_demo_stream_write_str       (DemoStream        *stream,
                                                const char        *text);
G_GNUC_PRINTF (2, 3)
void        runnel_demo_stream_printf          (DemoStream        *stream,
                                                const char        *format,
                                                ...);
void        runnel_demo_stream_end             (DemoStream        *stream);
void        runnel_demo_stream_set_interval    (DemoStream        *stream,
                                                guint              interval_ms,
                                                DemoStreamFunc     tick);
void        runnel_demo_stream_start           (DemoStream        *stream,
                                                guint              interval_ms,
                                                DemoStreamFunc     tick);
void        runnel_demo_stream_schedule_pump   (DemoStream        *stream);
gboolean    runnel_demo_stream_cut_pump        (DemoStream        *stream);

/*
 * The endpoints' handlers, one group per file, each group in the order of the endpoint table in
 * runnel-demo-server.c, which routes requests to them
 */

/* runnel-demo-index.c: / */
void runnel_demo_handle_index (RunnelDemoServer *, SoupServerMessage *, GHashTable *);

/* runnel-demo-feeds.c: the steady streams */
void runnel_demo_handle_clock    (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_counter  (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_echo     (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_firehose (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_events   (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_ndjson   (RunnelDemoServer *, SoupServerMessage *, GHashTable *);

/* runnel-demo-chat.c: /chat */
void runnel_demo_handle_chat (RunnelDemoServer *, SoupServerMessage *, GHashTable *);

/* runnel-demo-faults.c: the /fault/ endpoints */
void runnel_demo_handle_status_fault (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_content_type (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_drop         (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_retry        (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_trickle      (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_oversized    (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_invalid_utf8 (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_silent       (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_buffered     (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_heartbeat    (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_gzip         (RunnelDemoServer *, SoupServerMessage *, GHashTable *);
void runnel_demo_handle_redirect     (RunnelDemoServer *, SoupServerMessage *, GHashTable *);

/* runnel-demo-mcp.c: /mcp */
void runnel_demo_handle_mcp (RunnelDemoServer *, SoupServerMessage *, GHashTable *);

G_END_DECLS
