/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-raw-view.c: the bytes of a stream as received, line endings shown, an event highlighted */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "runnel-raw-view.h"
#include "runnel-utf8.h"

/* at most this often while bytes arrive */
#define REFRESH_INTERVAL_MS 300
/* where the highlighted event's first line goes: a tenth of the way down */
#define HIGHLIGHT_YALIGN 0.1

struct _RunnelRawView
{
  GtkWidget             parent_instance;

  /* Template widgets */
  GtkLabel             *summary_label;
  GtkScrolledWindow    *scroller;
  GtkTextView          *text_view;

  /* Owned */
  RunnelRawLog         *log;
  RunnelSseClient      *client;
  GtkTextTagTable      *tags;
  guint                 refresh_id;

  guint64               selected;
  RunnelSseClientState  client_state;
  gboolean              frozen;
  gboolean              dirty;
  gboolean              follow;     /* keep the highlight in place, until the user scrolls */
  gboolean              jumping;
};

G_DEFINE_FINAL_TYPE (RunnelRawView, runnel_raw_view, GTK_TYPE_WIDGET)

typedef struct
{
  const char *tag;
  int         start;
  int         end;
} TagRange;

typedef struct
{
  GString *text;
  GArray  *tags;   /* TagRange */
  int      chars;  /* characters in text */
} Render;

static void
render_append (Render     *render,
               const char *text,
               const char *tag)
{
  int start = render->chars;

  g_string_append (render->text, text);
  render->chars += g_utf8_strlen (text, -1);

  if (tag != NULL)
    {
      TagRange range = { tag, start, render->chars };

      g_array_append_val (render->tags, range);
    }
}

/* a line's content: invalid UTF-8 becomes U+FFFD, control characters their visible symbols */
static void
render_line (Render       *render,
             const guint8 *data,
             gsize         len)
{
  gsize valid_len;
  /* as the parsers decode it: one U+FFFD per maximal subpart, NUL kept */
  g_autofree char *valid = runnel_utf8_repair_dup (data, len, &valid_len);
  const char *tag = NULL;
  int start = render->chars;

  if (len > 0 && data[0] == ':')
    tag = "comment";
  else if (len >= 6 && memcmp (data, "retry:", 6) == 0)
    tag = "retry";

  for (const char *p = valid, *end = valid + valid_len; p < end; p = g_utf8_next_char (p))
    {
      guchar c = *p;

      if (c < 0x20 && c != '\t')
        g_string_append_unichar (render->text, 0x2400 + c);
      else if (c == 0x7f)
        g_string_append_unichar (render->text, 0x2421);
      else
        g_string_append_len (render->text, p, g_utf8_next_char (p) - p);
      render->chars++;
    }

  if (tag != NULL)
    {
      TagRange range = { tag, start, render->chars };

      g_array_append_val (render->tags, range);
    }
}

static GtkTextTagTable *
create_tag_table (void)
{
  GtkTextTagTable *table = gtk_text_tag_table_new ();
  struct {
    const char *name;
    const char *foreground;
    const char *background;
    PangoStyle  style;
    PangoWeight weight;
  } tags[] = {
    { "eol", "#3584e4", NULL, PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
    { "comment", "#9a9996", NULL, PANGO_STYLE_ITALIC, PANGO_WEIGHT_NORMAL },
    { "retry", "#c64600", NULL, PANGO_STYLE_NORMAL, PANGO_WEIGHT_BOLD },
    { "connection", "#9a9996", NULL, PANGO_STYLE_NORMAL, PANGO_WEIGHT_BOLD },
    { "highlight", NULL, "rgba(53,132,228,0.3)", PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
    { "as-received", NULL, NULL, PANGO_STYLE_NORMAL, PANGO_WEIGHT_NORMAL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (tags); i++)
    {
      g_autoptr(GtkTextTag) tag = gtk_text_tag_new (tags[i].name);

      if (tags[i].foreground != NULL)
        g_object_set (tag, "foreground", tags[i].foreground, NULL);
      if (tags[i].background != NULL)
        g_object_set (tag, "background", tags[i].background, NULL);
      g_object_set (tag, "style", tags[i].style, "weight", tags[i].weight, NULL);
      gtk_text_tag_table_add (table, tag);
    }

  /* the bytes as received: wrapped by character, never with a hyphen Pango would add */
  g_object_set (gtk_text_tag_table_lookup (table, "as-received"),
                "insert-hyphens", FALSE, "insert-hyphens-set", TRUE, NULL);

  return table;
}

/* the highlighted event's first line a tenth of the way down, the left margin in view (the text
 * wraps: nothing to scroll sideways) */
static void
runnel_raw_view_scroll_to_highlight (RunnelRawView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  GtkAdjustment *vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  GtkTextIter iter;
  int y, height;

  /* the line's place, not the character's: that would lay out a line GTK has not validated, and
   * GTK 4.8 keeps such a layout after the line is gone */
  gtk_text_buffer_get_iter_at_mark (buffer, &iter, gtk_text_buffer_get_mark (buffer, "highlight"));
  gtk_text_view_get_line_yrange (self->text_view, &iter, &y, &height);
  gtk_adjustment_set_value (vadjustment,
                            y + gtk_text_view_get_top_margin (self->text_view) -
                            (gtk_adjustment_get_page_size (vadjustment) - height) *
                            HIGHLIGHT_YALIGN);
  gtk_adjustment_set_value (gtk_scrollable_get_hadjustment (GTK_SCROLLABLE (self->text_view)), 0);
}

static void
runnel_raw_view_adjustment_changed (RunnelRawView *self)
{
  if (!self->follow || self->jumping)
    return;

  self->jumping = TRUE;
  runnel_raw_view_scroll_to_highlight (self);
  self->jumping = FALSE;
}

/* the user scrolls (wheel, touchpad, scrollbar, keys): the view stays where they take it */
static gboolean
runnel_raw_view_user_scrolls (RunnelRawView *self)
{
  self->follow = FALSE;

  return FALSE;
}

/*
 * GtkTextView lays a new text out in parts: the lines on screen when it is allocated, the rest
 * in idles, and each part moves the lines below it; a later allocation can put its top line
 * back where it was. Its own scroll to a mark animates from the top, and the next part ends the
 * animation wherever it is. So the view jumps to the highlight each time its adjustment moves
 * or changes, until the user scrolls. The text view is allocated in this frame's layout phase:
 * left to itself it lays the text out when it is drawn, in the middle of a frame (Raw shown by
 * a key press), after the scrolled window allocated its scrollbars: "Trying to snapshot
 * GtkGizmo … without a current allocation".
 */
static void
runnel_raw_view_follow_highlight (RunnelRawView *self)
{
  self->follow = TRUE;
  runnel_raw_view_adjustment_changed (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self->text_view));
  gtk_widget_queue_allocate (GTK_WIDGET (self->scroller));
}

void
runnel_raw_view_refresh (RunnelRawView *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->text_view);
  Render render;
  const guint8 *data;
  const guint64 *connections;
  guint n_connections;
  guint next_connection = 0;
  gsize len;
  guint64 base;
  guint64 hl_start = 0;
  guint64 hl_end = 0;
  gboolean has_highlight;
  int hl_start_char = -1;
  int hl_end_char = -1;
  g_autofree char *limit = NULL;
  g_autofree char *summary = NULL;
  GtkTextIter start, end;

  g_return_if_fail (RUNNEL_IS_RAW_VIEW (self));

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->dirty = FALSE;

  data = runnel_raw_log_peek (self->log, &len, &base);
  connections = runnel_raw_log_get_connections (self->log, &n_connections);
  has_highlight = self->selected > 0 &&
                  runnel_raw_log_find_event (self->log, self->selected, &hl_start, &hl_end);

  render.text = g_string_sized_new (len + len / 8 + 64);
  render.tags = g_array_new (FALSE, FALSE, sizeof (TagRange));
  render.chars = 0;

  for (gsize i = 0; i < len;)
    {
      guint64 at = base + i;
      gsize line_end = i;
      gsize stop = len;
      gboolean reconnected = FALSE;

      while (next_connection < n_connections && connections[next_connection] <= at)
        reconnected |= connections[next_connection++] == at;
      if (reconnected)
        {
          /* TRANSLATORS: a separator in the raw view where the client connected again */
          g_autofree char *marker = g_strdup_printf ("── %s ──\n", _("reconnected"));

          render_append (&render, marker, "connection");
        }
      if (next_connection < n_connections)
        stop = MIN (len, connections[next_connection] - base);

      if (has_highlight && hl_start_char < 0 && at >= hl_start)
        hl_start_char = render.chars;

      while (line_end < stop && data[line_end] != '\r' && data[line_end] != '\n')
        line_end++;
      render_line (&render, data + i, line_end - i);

      if (line_end + 1 < stop && data[line_end] == '\r' && data[line_end + 1] == '\n')
        {
          render_append (&render, "\\r\\n", "eol");
          line_end += 2;
        }
      else if (line_end < stop)
        {
          render_append (&render, data[line_end] == '\r' ? "\\r" : "\\n", "eol");
          line_end++;
        }
      render_append (&render, "\n", NULL);

      i = line_end;
      if (has_highlight && hl_start_char >= 0 && hl_end_char < 0 && base + i >= hl_end)
        hl_end_char = render.chars;
    }

  if (hl_start_char >= 0 && hl_end_char < 0)
    hl_end_char = render.chars;

  gtk_text_buffer_set_text (buffer, render.text->str, render.text->len);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  gtk_text_buffer_apply_tag_by_name (buffer, "as-received", &start, &end);

  for (guint i = 0; i < render.tags->len; i++)
    {
      TagRange *range = &g_array_index (render.tags, TagRange, i);

      gtk_text_buffer_get_iter_at_offset (buffer, &start, range->start);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, range->end);
      gtk_text_buffer_apply_tag_by_name (buffer, range->tag, &start, &end);
    }

  if (hl_start_char >= 0)
    {
      gtk_text_buffer_get_iter_at_offset (buffer, &start, hl_start_char);
      gtk_text_buffer_get_iter_at_offset (buffer, &end, hl_end_char);
      gtk_text_buffer_apply_tag_by_name (buffer, "highlight", &start, &end);
    }
  else
    gtk_text_buffer_get_end_iter (buffer, &start);

  gtk_text_buffer_move_mark_by_name (buffer, "highlight", &start);
  runnel_raw_view_follow_highlight (self);

  limit = g_format_size (RUNNEL_RAW_VIEW_LIMIT);
  if (len == 0)
    /* a tab with nothing received yet, or cleared: not a word about a selection */
    summary = g_strdup (_("Nothing received yet: the stream's bytes show here as they arrive."));
  else if (self->selected > 0 && hl_start_char < 0)
    /* TRANSLATORS: %s is a size, e.g. "131.1 kB" */
    summary = g_strdup_printf (_("The selected event is no longer in the last %s received. "
                                 "Line endings are shown as \\r and \\n."), limit);
  else
    /* TRANSLATORS: %s is a size, e.g. "131.1 kB" */
    summary = g_strdup_printf (_("The last %s as received, line endings shown as \\r and \\n."),
                               limit);
  gtk_label_set_text (self->summary_label, summary);

  g_array_unref (render.tags);
  g_string_free (render.text, TRUE);
}

static gboolean
runnel_raw_view_refresh_cb (gpointer user_data)
{
  RunnelRawView *self = user_data;

  self->refresh_id = 0;
  runnel_raw_view_refresh (self);

  return G_SOURCE_REMOVE;
}

static void
runnel_raw_view_queue_refresh (RunnelRawView *self)
{
  self->dirty = TRUE;

  if (self->frozen || !gtk_widget_get_mapped (GTK_WIDGET (self)) || self->refresh_id != 0)
    return;

  self->refresh_id = g_timeout_add (REFRESH_INTERVAL_MS, runnel_raw_view_refresh_cb, self);
}

static void
runnel_raw_view_raw (RunnelRawView   *self,
                     GBytes          *bytes,
                     RunnelSseClient *client)
{
  gsize len;
  const guint8 *data = g_bytes_get_data (bytes, &len);

  runnel_raw_log_append (self->log, data, len);
}

static void
runnel_raw_view_client_state_changed (RunnelRawView   *self,
                                      RunnelSseClient *client)
{
  RunnelSseClientState state = runnel_sse_client_get_state (client);

  /* the body of every response is a new stream for the parser */
  if (state == RUNNEL_SSE_CLIENT_STATE_OPEN && self->client_state != RUNNEL_SSE_CLIENT_STATE_OPEN)
    runnel_raw_log_begin_connection (self->log);
  self->client_state = state;
}

static void
runnel_raw_view_map (GtkWidget *widget)
{
  RunnelRawView *self = RUNNEL_RAW_VIEW (widget);

  GTK_WIDGET_CLASS (runnel_raw_view_parent_class)->map (widget);

  /* also while paused: what was received until then, not a blank view */
  runnel_raw_view_refresh (self);
}

static void
runnel_raw_view_dispose (GObject *object)
{
  RunnelRawView *self = RUNNEL_RAW_VIEW (object);

  runnel_raw_view_set_client (self, NULL);
  g_clear_handle_id (&self->refresh_id, g_source_remove);

  gtk_widget_dispose_template (GTK_WIDGET (self), RUNNEL_TYPE_RAW_VIEW);
  /* unparent what dispose_template left */
  for (GtkWidget *child; (child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL;)
    gtk_widget_unparent (child);

  g_clear_object (&self->log);
  g_clear_object (&self->tags);

  G_OBJECT_CLASS (runnel_raw_view_parent_class)->dispose (object);
}

static void
runnel_raw_view_class_init (RunnelRawViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_raw_view_dispose;
  widget_class->map = runnel_raw_view_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/runnel/Runnel/runnel-raw-view.ui");
  gtk_widget_class_set_css_name (widget_class, "rawview");
  gtk_widget_class_bind_template_child (widget_class, RunnelRawView, summary_label);
  gtk_widget_class_bind_template_child (widget_class, RunnelRawView, scroller);
  gtk_widget_class_bind_template_child (widget_class, RunnelRawView, text_view);
}

static void
runnel_raw_view_init (RunnelRawView *self)
{
  g_autoptr(GtkTextBuffer) buffer = NULL;
  GtkAdjustment *vadjustment;
  GtkEventController *controller;
  GtkGesture *gesture;
  GtkTextIter start;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->log = runnel_raw_log_new (RUNNEL_RAW_VIEW_LIMIT);
  g_signal_connect_object (self->log, "changed", G_CALLBACK (runnel_raw_view_queue_refresh), self,
                           G_CONNECT_SWAPPED);

  /*
   * One buffer for the view's life, its text replaced at each refresh: GTK 4.8's text layout keeps
   * the lines it laid out of a buffer the view no longer shows, and reads them, freed, once the
   * view lays out a new buffer ("gtk_text_btree_line_number couldn't find line", or a crash)
   */
  self->tags = create_tag_table ();
  buffer = gtk_text_buffer_new (self->tags);
  gtk_text_buffer_get_start_iter (buffer, &start);
  gtk_text_buffer_create_mark (buffer, "highlight", &start, TRUE);
  gtk_text_view_set_buffer (self->text_view, buffer);
  vadjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->text_view));
  g_signal_connect_object (vadjustment, "changed",
                           G_CALLBACK (runnel_raw_view_adjustment_changed), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment, "value-changed",
                           G_CALLBACK (runnel_raw_view_adjustment_changed), self,
                           G_CONNECT_SWAPPED);

  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_BOTH_AXES);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (runnel_raw_view_user_scrolls), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), controller);
  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (runnel_raw_view_user_scrolls),
                           self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->text_view), controller);
  /* a press on the scrollbar, or on the text to select some */
  gesture = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (gesture), 0);
  gtk_event_controller_set_propagation_phase (GTK_EVENT_CONTROLLER (gesture), GTK_PHASE_CAPTURE);
  g_signal_connect_object (gesture, "pressed", G_CALLBACK (runnel_raw_view_user_scrolls), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (self->scroller), GTK_EVENT_CONTROLLER (gesture));
}

void
runnel_raw_view_set_client (RunnelRawView   *self,
                            RunnelSseClient *client)
{
  g_return_if_fail (RUNNEL_IS_RAW_VIEW (self));

  if (self->client == client)
    return;

  if (self->client != NULL)
    g_signal_handlers_disconnect_by_data (self->client, self);
  g_set_object (&self->client, client);

  if (client == NULL)
    return;

  /* another client is another stream: its events are numbered from 1 again */
  runnel_raw_log_reset (self->log);
  self->selected = 0;
  self->client_state = runnel_sse_client_get_state (client);
  g_signal_connect_object (client, "raw",
                           G_CALLBACK (runnel_raw_view_raw), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (client, "state-changed",
                           G_CALLBACK (runnel_raw_view_client_state_changed), self,
                           G_CONNECT_SWAPPED);
}

RunnelRawLog *
runnel_raw_view_get_log (RunnelRawView *self)
{
  g_return_val_if_fail (RUNNEL_IS_RAW_VIEW (self), NULL);

  return self->log;
}

void
runnel_raw_view_clear (RunnelRawView *self)
{
  g_return_if_fail (RUNNEL_IS_RAW_VIEW (self));

  runnel_raw_log_clear (self->log);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    runnel_raw_view_refresh (self);
}

void
runnel_raw_view_set_selected (RunnelRawView *self,
                              guint64        sequence)
{
  g_return_if_fail (RUNNEL_IS_RAW_VIEW (self));

  if (self->selected == sequence)
    return;

  self->selected = sequence;
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    runnel_raw_view_refresh (self);
}

void
runnel_raw_view_set_frozen (RunnelRawView *self,
                            gboolean       frozen)
{
  g_return_if_fail (RUNNEL_IS_RAW_VIEW (self));

  self->frozen = !!frozen;
  if (!self->frozen && self->dirty)
    runnel_raw_view_queue_refresh (self);
}

char *
runnel_raw_view_get_text (RunnelRawView  *self,
                          char          **highlighted)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (RUNNEL_IS_RAW_VIEW (self), NULL);

  buffer = gtk_text_view_get_buffer (self->text_view);

  if (highlighted != NULL)
    {
      GtkTextTagTable *table = gtk_text_buffer_get_tag_table (buffer);
      GtkTextTag *tag = gtk_text_tag_table_lookup (table, "highlight");

      *highlighted = NULL;
      gtk_text_buffer_get_start_iter (buffer, &start);
      if (tag != NULL && (gtk_text_iter_starts_tag (&start, tag) ||
                          gtk_text_iter_forward_to_tag_toggle (&start, tag)))
        {
          end = start;
          gtk_text_iter_forward_to_tag_toggle (&end, tag);
          *highlighted = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
        }
    }

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}
