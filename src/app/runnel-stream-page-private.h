/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-stream-page-private.h: the stream page's struct, for its actions and the tests */

#pragma once

#include "runnel-assembled-view.h"
#include "runnel-event-detail.h"
#include "runnel-event-list.h"
#include "runnel-expectations-view.h"
#include "runnel-filter-bar.h"
#include "runnel-filtered-log.h"
#include "runnel-json-path-bar.h"
#include "runnel-raw-view.h"
#include "runnel-request-editor.h"
#include "runnel-response-view.h"
#include "runnel-stream-page.h"
#include "runnel-stream-status.h"
#include "runnel-timing-view.h"

G_BEGIN_DECLS

/* the page's properties, notified from its other files with _runnel_stream_page_notify () */
enum {
  PROP_0,
  PROP_TITLE,
  PROP_URL,
  PROP_STATE,
  PROP_PAUSED,
  PROP_SHOW_RAW,
  PROP_VIEW,
  PROP_EXPECTATIONS_SUMMARY,
  N_PROPS
};


struct _RunnelStreamPage
{
  GtkWidget            parent_instance;

  /* Template widgets */
  RunnelRequestEditor *request_editor;
  GtkWidget           *separator;
  GtkPaned            *paned;
  GtkWidget           *list_box;
  GtkBox              *filter_row;
  GtkBox              *narrow_filter_row;
  GtkSearchEntry      *filter_entry;
  GtkWidget           *pause_button;
  RunnelFilterBar     *filter_bar;
  RunnelJsonPathBar   *json_path_bar;
  RunnelEventList     *event_list;
  RunnelRawView       *raw_view;
  GtkWidget           *views_box;
  GtkWidget           *view_back_button;
  GtkLabel            *expectations_view_label;
  GtkStack            *detail_stack;
  RunnelEventDetail   *event_detail;
  RunnelAssembledView *assembled_view;
  RunnelResponseView  *response_view;
  RunnelTimingView    *timing_view;
  RunnelExpectationsView *expectations_view;
  RunnelStreamStatus  *stream_status;

  /* Owned */
  RunnelEventLog      *log;
  RunnelFilteredLog   *shown;        /* the log through the filter: the list's model */
  RunnelSseClient     *client;
  RunnelExpectations  *expectations; /* the request's, and their results in this run */
  GSettings           *settings;
  char                *title;
  char                *stream;       /* "METHOD URL" of the stream the page last started */

  /* Borrowed (from filter_bar) */
  RunnelEventFilter   *filter;

  guint                expectations_tick_id;

  RunnelSseClientState state;
  gboolean             paused;
  gboolean             read_only;    /* an imported capture: nothing to connect to */
  gboolean             show_raw;
  gboolean             narrow;
  gboolean             detail_open;  /* narrow: the detail is shown instead of the list */
  /* the user asked for the assembled text: it comes back when the selection goes */
  gboolean             prefer_assembled;
  gboolean             syncing_assembled;
};

void _runnel_stream_page_notify             (RunnelStreamPage *self,
                                             guint             prop_id);
/* the views, the filter entry and the layout (runnel-stream-page-views.c) */
void _runnel_stream_page_class_views_init   (GtkWidgetClass   *widget_class);
void _runnel_stream_page_views_init         (RunnelStreamPage *self);
/* every stream.* action (runnel-stream-page-actions.c) */
void _runnel_stream_page_class_actions_init (GtkWidgetClass   *widget_class);
/* the client's state: the page's "state", the Connect button, the empty list, the status */
void _runnel_stream_page_update_state       (RunnelStreamPage *self);
/* the detail of the selected event, or that none is selected */
void _runnel_stream_page_show_selected      (RunnelStreamPage *self);
/* the view beside the list: "event" (the selected one), "assembled", "timing"… */
const char *_runnel_stream_page_get_view    (RunnelStreamPage *self);
void _runnel_stream_page_set_view           (RunnelStreamPage *self,
                                             const char       *view);
/* narrow: the detail (or the list) instead of the other */
void _runnel_stream_page_set_detail_open    (RunnelStreamPage *self,
                                             gboolean          open);
/* a new stream (self->client) or Clear: forget what belonged to the old one (DESIGN.md, UI) */
void _runnel_stream_page_reset_for_new_stream (RunnelStreamPage *self);

G_END_DECLS
