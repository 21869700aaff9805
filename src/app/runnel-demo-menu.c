/* SPDX-License-Identifier: GPL-3.0-or-later */
/* runnel-demo-menu.c: the demo server's streams and faults, each with its whole description */

#include "config.h"

#include <glib/gi18n.h>

#include "runnel-demo-menu.h"
#include "runnel-demo-server.h"

/* less than what a 700 px window leaves below the URL entry: the rest scrolls */
#define MAX_HEIGHT 420
/* no wider than the window it opens in, less this (the popover's own frame and EDGE_GAP on
 * either side): a narrow window's menu wraps its words */
#define WINDOW_MARGIN 72
/* between the menu and the window's edge */
#define EDGE_GAP 6
/* the least the descriptions wrap to */
#define MIN_WIDTH 200

struct _RunnelDemoMenu
{
  GtkPopover  parent_instance;

  /* Borrowed (children) */
  GtkScrolledWindow *scroller;
  GtkListBox *streams;
  GtkListBox *faults;
};

G_DEFINE_FINAL_TYPE (RunnelDemoMenu, runnel_demo_menu, GTK_TYPE_POPOVER)

/* the row's target is its endpoint, "METHOD /path" */
static void
runnel_demo_menu_row_activated (RunnelDemoMenu *self,
                                GtkListBoxRow  *row)
{
  GVariant *target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (row));

  gtk_popover_popdown (GTK_POPOVER (self));
  gtk_widget_activate_action_variant (GTK_WIDGET (self), "win.use-endpoint", target);
}

static GtkWidget *
new_row (const RunnelDemoEndpoint *endpoint)
{
  /* "ANY" (the echo) and none: the method the page starts with */
  const char *method = endpoint->method == NULL || g_strcmp0 (endpoint->method, "ANY") == 0
                       ? "GET" : endpoint->method;
  /* the demo server marks its descriptions N_(): translate them here */
  const char *description = _(endpoint->description);
  g_autofree char *target = g_strdup_printf ("%s %s", method, endpoint->path);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (g_strcmp0 (method, "GET") == 0 ? endpoint->path : target);
  GtkWidget *subtitle = gtk_label_new (description);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "monospace");
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_wrap (GTK_LABEL (subtitle), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (subtitle), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_max_width_chars (GTK_LABEL (subtitle), 48);
  gtk_label_set_width_chars (GTK_LABEL (subtitle), 24);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_widget_add_css_class (subtitle, "demo-description");

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), subtitle);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", target);
  gtk_widget_set_tooltip_text (row, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, description, -1);

  return row;
}

static GtkListBox *
add_section (RunnelDemoMenu *self,
             GtkBox         *content,
             const char     *heading)
{
  GtkWidget *label = gtk_label_new (heading);
  GtkWidget *list = gtk_list_box_new ();

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL, heading,
                                  -1);
  g_signal_connect_object (list, "row-activated", G_CALLBACK (runnel_demo_menu_row_activated),
                           self, G_CONNECT_SWAPPED);

  gtk_box_append (content, label);
  gtk_box_append (content, list);

  return GTK_LIST_BOX (list);
}

/* as wide as the window leaves it, and placed within the window, not past its edge */
static void
runnel_demo_menu_show (GtkWidget *widget)
{
  RunnelDemoMenu *self = RUNNEL_DEMO_MENU (widget);
  GtkWidget *window = GTK_WIDGET (gtk_widget_get_root (widget));
  GtkWidget *button = gtk_widget_get_parent (widget);
  int window_width = window != NULL ? gtk_widget_get_width (window) : 0;
  graphene_rect_t bounds;
  int width, left, shift = 0;

  if (window_width > 0)
    gtk_scrolled_window_set_max_content_width (self->scroller,
                                               MAX (MIN_WIDTH, window_width - WINDOW_MARGIN));

  GTK_WIDGET_CLASS (runnel_demo_menu_parent_class)->show (widget);

  /* measured once shown: a hidden widget measures nothing */
  if (window_width <= 0 || button == NULL || !gtk_widget_compute_bounds (button, window, &bounds))
    return;
  gtk_widget_measure (widget, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  /* centred under the button, unless that is past an edge of the window */
  left = bounds.origin.x + bounds.size.width / 2 - width / 2;
  if (left + width > window_width - EDGE_GAP)
    shift = window_width - EDGE_GAP - (left + width);
  if (left + shift < EDGE_GAP)
    shift = EDGE_GAP - left;
  gtk_popover_set_offset (GTK_POPOVER (self), shift, 0);
}

static void
runnel_demo_menu_class_init (RunnelDemoMenuClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->show = runnel_demo_menu_show;
}

static void
runnel_demo_menu_init (RunnelDemoMenu *self)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  const RunnelDemoEndpoint *endpoints;
  guint n_endpoints = 0;

  gtk_widget_add_css_class (GTK_WIDGET (self), "menu");
  self->scroller = GTK_SCROLLED_WINDOW (scroller);
  /* external, not never: only then does the maximum content width hold, and the words wrap */
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_EXTERNAL,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_propagate_natural_width (GTK_SCROLLED_WINDOW (scroller), TRUE);
  gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), MAX_HEIGHT);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), content);
  gtk_popover_set_child (GTK_POPOVER (self), scroller);

  self->streams = add_section (self, GTK_BOX (content), _("Demo Streams"));
  self->faults = add_section (self, GTK_BOX (content), _("Failures"));

  endpoints = runnel_demo_server_get_endpoints (&n_endpoints);
  for (guint i = 0; i < n_endpoints && endpoints[i].path != NULL; i++)
    {
      if (g_strcmp0 (endpoints[i].path, "/") == 0)
        continue;

      gtk_list_box_append (g_str_has_prefix (endpoints[i].path, "/fault/")
                             ? self->faults : self->streams,
                           new_row (&endpoints[i]));
    }
}

GtkWidget *
runnel_demo_menu_new (void)
{
  return g_object_new (RUNNEL_TYPE_DEMO_MENU, NULL);
}
