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

/* a child's size, 0 for one that is missing or hidden */
static void
measure_child (GtkWidget      *child,
               GtkOrientation  orientation,
               int             for_size,
               int            *minimum,
               int            *natural)
{
  *minimum = *natural = 0;
  if (child != NULL && gtk_widget_should_layout (child))
    gtk_widget_measure (child, orientation, for_size, minimum, natural, NULL, NULL);
}

static int
natural_width (GtkWidget *child)
{
  int minimum, natural;

  measure_child (child, GTK_ORIENTATION_HORIZONTAL, -1, &minimum, &natural);

  return natural;
}

static int
height_for (GtkWidget *child,
            int        width)
{
  int minimum, natural;

  measure_child (child, GTK_ORIENTATION_VERTICAL, width, &minimum, &natural);

  return minimum;
}

/* one row when both fit at their natural widths: the state is never wrapped for the counts */
static gboolean
fits_one_row (int head_width,
              int counts_width,
              int width)
{
  return counts_width == 0 || head_width + COLUMN_SPACING + counts_width <= width;
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
  int head_min, head_nat, counts_min, counts_nat;

  get_children (widget, &head, &counts);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      measure_child (head, orientation, -1, &head_min, &head_nat);
      measure_child (counts, orientation, -1, &counts_min, &counts_nat);
      /* at the least one above the other; at best side by side */
      *minimum = MAX (head_min, counts_min);
      *natural = head_nat + (counts_nat > 0 ? COLUMN_SPACING + counts_nat : 0);
      return;
    }

  if (for_size < 0)
    {
      measure_child (head, orientation, -1, &head_min, &head_nat);
      measure_child (counts, orientation, -1, &counts_min, &counts_nat);
      *minimum = *natural = MAX (head_nat, counts_nat);
      return;
    }

  counts_nat = natural_width (counts);
  if (fits_one_row (natural_width (head), counts_nat, for_size))
    {
      int head_width = for_size - (counts_nat > 0 ? counts_nat + COLUMN_SPACING : 0);

      *minimum = *natural = MAX (height_for (head, head_width), height_for (counts, counts_nat));
    }
  else
    {
      *minimum = *natural = height_for (head, for_size) + ROW_SPACING +
                            height_for (counts, MIN (counts_nat, for_size));
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
  GtkWidget *head, *counts;
  int counts_nat, counts_width;

  get_children (widget, &head, &counts);
  counts_nat = natural_width (counts);
  counts_width = MIN (counts_nat, width);

  if (fits_one_row (natural_width (head), counts_nat, width))
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

gboolean
runnel_status_bar_is_two_rows (RunnelStatusBar *self)
{
  GtkWidget *head, *counts;

  g_return_val_if_fail (RUNNEL_IS_STATUS_BAR (self), FALSE);

  get_children (GTK_WIDGET (self), &head, &counts);

  return !fits_one_row (natural_width (head), natural_width (counts),
                        gtk_widget_get_width (GTK_WIDGET (self)));
}
