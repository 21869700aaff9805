/* SPDX-License-Identifier: GPL-3.0-or-later */
/* ui-test-util.h: driving the real window from GUI tests and the screenshot tool */

#pragma once

#include "runnel-application.h"
#include "runnel-request-editor.h"
#include "runnel-test-util.h"
#include "runnel-window.h"

G_BEGIN_DECLS

/* lets pending idles run, without waiting for anything in particular */
void         runnel_test_settle           (void);
/* runs the main loop for about ms milliseconds (frames, animations), without sleeping */
void         runnel_test_run_for          (guint                ms);
/* waits (at most 1 s each) until @widget's window has drawn @n more frames; FALSE on timeout */
gboolean     runnel_test_wait_for_frames  (GtkWidget           *widget,
                                           guint                n);
/* keeps @widget's frame clock drawing every frame, so that a blocked main loop shows as a long
 * frame; returns the tick callback's id for gtk_widget_remove_tick_callback () */
guint        runnel_test_keep_ticking     (GtkWidget           *widget);
/* a RunnelTestCondition: the RunnelFilteredLog @shown shows its filter's result */
gboolean     runnel_test_filter_done      (gpointer             shown);
/* a named child of the page's template (asserts it exists) */
gpointer     runnel_test_page_child       (RunnelStreamPage    *page,
                                           const char          *name);
const char  *runnel_test_page_label       (RunnelStreamPage    *page,
                                           const char          *name);
/* the page's request editor */
RunnelRequestEditor *runnel_test_page_editor (RunnelStreamPage *page);
/* a narrow page shows the detail instead of the list */
gboolean     runnel_test_page_detail_open (RunnelStreamPage    *page);
/* g_error () when the page does not reach the state / row count within 30 s */
void         runnel_test_wait_for_state   (RunnelStreamPage    *page,
                                           RunnelSseClientState state);
/* at least @n_rows rows */
void         runnel_test_wait_for_rows    (RunnelStreamPage    *page,
                                           guint                n_rows);
/* exactly @n_rows rows (a filter's result, a cleared list) */
void         runnel_test_wait_for_exact_rows (RunnelStreamPage *page,
                                              guint             n_rows);
/* appends events 1 to @n_events of data {"n": N, "word": "needle"} when N is a multiple of
 * @needle_every, "hay" otherwise, and flushes */
void         runnel_test_fill_log         (RunnelEventLog      *log,
                                           guint                n_events,
                                           guint                needle_every);
/* types @text into the page's search as a user would, without the entry's typing delay */
void         runnel_test_search           (RunnelStreamPage    *page,
                                           const char          *text);
/* g_error () when the page's list does not show its filter's result within 30 s */
void         runnel_test_wait_for_filter  (RunnelStreamPage    *page);
/* whether @widget is the one looked for, as @data describes it */
typedef gboolean (*RunnelTestWidgetMatch) (GtkWidget     *widget,
                                           gconstpointer  data);
/* the first widget under @widget that @match accepts (depth first, @widget included), or NULL */
GtkWidget   *runnel_test_find_widget      (GtkWidget           *widget,
                                           RunnelTestWidgetMatch match,
                                           gconstpointer        data);
/* the first label or list cell (an inscription) under @widget that says exactly @text, or NULL */
GtkWidget   *runnel_test_find_text        (GtkWidget           *widget,
                                           const char          *text);
/* whether a label or a list cell (an inscription) under @widget says exactly @text */
gboolean     runnel_test_shows_text       (GtkWidget           *widget,
                                           const char          *text);
/* the first widget of @type under @widget (depth first, @widget included), or NULL */
GtkWidget   *runnel_test_find_child       (GtkWidget           *widget,
                                           GType                type);
/* whether the row of the event numbered @sequence is drawn within the list's visible area */
gboolean     runnel_test_row_in_view      (RunnelStreamPage    *page,
                                           guint64              sequence);

/* a new window of @app, shown and settled; the caller owns a reference */
RunnelWindow *runnel_test_open_window     (RunnelApplication   *app);
/* destroys @window, drops the caller's reference and checks nothing else keeps it alive */
void         runnel_test_close_window     (RunnelWindow        *window);
/*
 * What most GUI test programs share: main () calls runnel_ui_test_init (), adds its tests with
 * RUNNEL_UI_TEST_ADD () (each gets a new window of the one application, closed after it with
 * the demo server stopped) and returns runnel_ui_test_run ().
 */
typedef struct
{
  RunnelWindow *window;
} RunnelUiFixture;

void               runnel_ui_test_init        (int                 *argc,
                                               char              ***argv);
/* the application of runnel_ui_test_init () */
RunnelApplication *runnel_ui_test_app         (void);
/* the default size of the windows the fixture opens from now on (the window's own default
 * when never called): a program whose tests need room calls it before runnel_ui_test_run () */
void               runnel_ui_test_set_window_size (int              width,
                                                   int              height);
/* g_test_run (), then the application goes */
int                runnel_ui_test_run         (void);
void               runnel_ui_fixture_setup    (RunnelUiFixture     *fixture,
                                               gconstpointer        data);
void               runnel_ui_fixture_teardown (RunnelUiFixture     *fixture,
                                               gconstpointer        data);

#define RUNNEL_UI_TEST_ADD(path, func) \
  g_test_add ((path), RunnelUiFixture, NULL, runnel_ui_fixture_setup, (func), \
              runnel_ui_fixture_teardown)

/* the demo server's @path in a new tab of @window, connecting (asserts it opened) */
RunnelStreamPage *runnel_test_open_demo   (RunnelWindow        *window,
                                           const char          *method,
                                           const char          *path);
/* closes @page's tab and checks that nothing keeps the page alive */
void         runnel_test_close_page       (RunnelWindow        *window,
                                           RunnelStreamPage    *page);

/* the text on @widget's clipboard, read back as another application would */
char        *runnel_test_read_clipboard   (GtkWidget           *widget);
/* the bytes on @widget's clipboard in @mime_type, as another application reads them */
GBytes      *runnel_test_read_clipboard_bytes (GtkWidget       *widget,
                                               const char      *mime_type);
/* whether @widget's class installed the action @name ("win.new-tab") */
gboolean     runnel_test_has_action       (GtkWidget           *widget,
                                           const char          *name);

G_END_DECLS
