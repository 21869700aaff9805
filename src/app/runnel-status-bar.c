/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-status-bar.c: a row of what a stream is and its counts, or two where they do not fit */

#include "config.h"

#include "runnel-status-bar.h"

/* between the two children in one row, and between the rows */
#define COLUMN_SPACING 8
#define ROW_SPACING    2

struct _RunnelStatusBar
{
  GtkWidget parent_instance;

  gboolean  two_rows;
};

G_DEFINE_FINAL_TYPE (RunnelStatusBar, runnel_status_bar, GTK_TYPE_WIDGET)

/* the state and the counts; either may be missing while the template is built */
static void
get_children (GtkWidget  *widget,
              GtkWidget **head,
              GtkWidget **counts)
{
  *head = gtk_widget_get_first_child (widget);
  *counts = *head != NULL ? gtk_widget_get_next_sibling (*head) : NULL;
}

static int
natural_width (GtkWidget *child)
{
  int natural = 0;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &natural, NULL, NULL);

  return natural;
}

static int
height_for (GtkWidget *child,
            int        width)
{
  int minimum = 0;

  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);

  return minimum;
}

/* one row when both fit at their natural widths: the state is never wrapped for the counts */
static gboolean
fits_one_row (GtkWidget *head,
              GtkWidget *counts,
              int        width)
{
  int counts_width = natural_width (counts);

  if (counts_width == 0)
    return TRUE;

  return natural_width (head) + COLUMN_SPACING + counts_width <= width;
}

static void
runnel_status_bar_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  GtkWidget *head, *counts;

  get_children (widget, &head, &counts);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      int head_min = 0, head_nat = 0, counts_min = 0, counts_nat = 0;

      if (head != NULL && gtk_widget_should_layout (head))
        gtk_widget_measure (head, orientation, -1, &head_min, &head_nat, NULL, NULL);
      if (counts != NULL && gtk_widget_should_layout (counts))
        gtk_widget_measure (counts, orientation, -1, &counts_min, &counts_nat, NULL, NULL);

      /* at the least one above the other; at best side by side */
      *minimum = MAX (head_min, counts_min);
      *natural = head_nat + (counts_nat > 0 ? COLUMN_SPACING + counts_nat : 0);
      return;
    }

  if (for_size < 0)
    {
      int head_nat = 0, counts_nat = 0;

      if (head != NULL && gtk_widget_should_layout (head))
        gtk_widget_measure (head, orientation, -1, NULL, &head_nat, NULL, NULL);
      if (counts != NULL && gtk_widget_should_layout (counts))
        gtk_widget_measure (counts, orientation, -1, NULL, &counts_nat, NULL, NULL);
      *minimum = *natural = MAX (head_nat, counts_nat);
      return;
    }

  if (fits_one_row (head, counts, for_size))
    {
      int counts_width = natural_width (counts);
      int head_width = for_size - (counts_width > 0 ? counts_width + COLUMN_SPACING : 0);

      *minimum = *natural = MAX (height_for (head, head_width), height_for (counts, counts_width));
    }
  else
    {
      int counts_width = MIN (natural_width (counts), for_size);

      *minimum = *natural = height_for (head, for_size) + ROW_SPACING +
                            height_for (counts, counts_width);
    }
}

/* @row_width: the bar's; right to left, @x counts from its right end */
static void
allocate_child (GtkWidget *widget,
                GtkWidget *child,
                int        row_width,
                int        x,
                int        y,
                int        width,
                int        height)
{
  if (child == NULL || !gtk_widget_should_layout (child))
    return;

  /* right to left: the counts at the left end */
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = row_width - x - width;

  gtk_widget_size_allocate (child, &(GtkAllocation) { x, y, width, height }, -1);
}

static void
runnel_status_bar_size_allocate (GtkWidget *widget,
                                 int        width,
                                 int        height,
                                 int        baseline)
{
  RunnelStatusBar *self = RUNNEL_STATUS_BAR (widget);
  GtkWidget *head, *counts;
  int counts_width;

  get_children (widget, &head, &counts);
  counts_width = MIN (natural_width (counts), width);
  self->two_rows = !fits_one_row (head, counts, width);

  if (!self->two_rows)
    {
      int head_width = width - (counts_width > 0 ? counts_width + COLUMN_SPACING : 0);

      allocate_child (widget, head, width, 0, 0, head_width, height);
      allocate_child (widget, counts, width, width - counts_width, 0, counts_width, height);
    }
  else
    {
      int head_height = height_for (head, width);

      allocate_child (widget, head, width, 0, 0, width, head_height);
      allocate_child (widget, counts, width, width - counts_width, head_height + ROW_SPACING,
                      counts_width, MAX (height - head_height - ROW_SPACING, 0));
    }
}

static GtkSizeRequestMode
runnel_status_bar_get_request_mode (GtkWidget *widget)
{
  return GTK_SIZE_REQUEST_HEIGHT_FOR_WIDTH;
}

static void
runnel_status_bar_dispose (GObject *object)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (runnel_status_bar_parent_class)->dispose (object);
}

static void
runnel_status_bar_class_init (RunnelStatusBarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = runnel_status_bar_dispose;
  widget_class->measure = runnel_status_bar_measure;
  widget_class->size_allocate = runnel_status_bar_size_allocate;
  widget_class->get_request_mode = runnel_status_bar_get_request_mode;
}

static void
runnel_status_bar_init (RunnelStatusBar *self)
{
}

GtkWidget *
runnel_status_bar_new (void)
{
  return g_object_new (RUNNEL_TYPE_STATUS_BAR, NULL);
}

gboolean
runnel_status_bar_is_two_rows (RunnelStatusBar *self)
{
  g_return_val_if_fail (RUNNEL_IS_STATUS_BAR (self), FALSE);

  return self->two_rows;
}
