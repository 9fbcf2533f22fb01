/* confab-popover.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-popover.h"

/* A popover as tall as the wrapped text it holds.  GTK 4.8 measures a
 * popover's height for a width that still holds the shadow of its
 * contents, wider than the contents get: wrapped text has a line less
 * there than it shows, and its last line is cut (the usage popovers'
 * note, the composer's estimate).  GTK 4.10 takes the shadow off.
 *
 * It also says when to place it ("prepare"): before it is shown, and
 * again whenever the window is laid out while it is shown.
 */

typedef struct
{
  GdkFrameClock *frame_clock;
  gulong layout_handler;
} ConfabPopoverPrivate;

G_DEFINE_TYPE_WITH_PRIVATE (ConfabPopover, confab_popover, GTK_TYPE_POPOVER)

enum {
  PREPARE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* GtkPopover places its window when it is shown, before any handler of
 * "show" runs: an offset set there moves it a frame later, a jump a
 * person sees.  "prepare" comes first.
 */
static void
confab_popover_show (GtkWidget *widget)
{
  g_signal_emit (widget, signals[PREPARE], 0);

  GTK_WIDGET_CLASS (confab_popover_parent_class)->show (widget);
}

/* After each layout of the window, where the widget the popover points
 * at may have moved or changed its size (its text changed, the window
 * was resized), the popover is placed again.  The window has been laid
 * out: its handler of the frame clock's "layout" was connected first.
 */
static void
confab_popover_layout_cb (GdkFrameClock *frame_clock,
                          ConfabPopover *self)
{
  g_signal_emit (self, signals[PREPARE], 0);
}

static void
confab_popover_map (GtkWidget *widget)
{
  ConfabPopover *self = CONFAB_POPOVER (widget);
  ConfabPopoverPrivate *priv = confab_popover_get_instance_private (self);

  GTK_WIDGET_CLASS (confab_popover_parent_class)->map (widget);

  priv->frame_clock = gtk_widget_get_frame_clock (widget);
  if (priv->frame_clock != NULL)
    {
      g_object_ref (priv->frame_clock);
      priv->layout_handler = g_signal_connect_after (priv->frame_clock, "layout",
                                                     G_CALLBACK (confab_popover_layout_cb), self);
    }
}

static void
confab_popover_unmap (GtkWidget *widget)
{
  ConfabPopover *self = CONFAB_POPOVER (widget);
  ConfabPopoverPrivate *priv = confab_popover_get_instance_private (self);

  if (priv->frame_clock != NULL)
    {
      g_clear_signal_handler (&priv->layout_handler, priv->frame_clock);
      g_clear_object (&priv->frame_clock);
    }

  GTK_WIDGET_CLASS (confab_popover_parent_class)->unmap (widget);
}

#if !GTK_CHECK_VERSION (4, 10, 0)
/* The height for no width in particular is that of the contents at
 * their natural width, which a popover gets: never less than they show.
 */
static void
confab_popover_measure (GtkWidget      *widget,
                        GtkOrientation  orientation,
                        int             for_size,
                        int            *minimum,
                        int            *natural,
                        int            *minimum_baseline,
                        int            *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_VERTICAL)
    for_size = -1;

  GTK_WIDGET_CLASS (confab_popover_parent_class)->measure (widget, orientation, for_size,
                                                           minimum, natural,
                                                           minimum_baseline, natural_baseline);
}
#endif

static void
confab_popover_class_init (ConfabPopoverClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->show = confab_popover_show;
  widget_class->map = confab_popover_map;
  widget_class->unmap = confab_popover_unmap;
#if !GTK_CHECK_VERSION (4, 10, 0)
  widget_class->measure = confab_popover_measure;
#endif

  /**
   * ConfabPopover::prepare:
   *
   * Emitted when the popover is about to be shown, before it is
   * placed, and after each layout of its window while it is shown: a
   * handler sets its offset or position there.  Setting the same
   * offset again must be avoided: it places the popover again.
   */
  signals[PREPARE] =
    g_signal_new ("prepare",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
confab_popover_init (ConfabPopover *self)
{
}

GtkWidget *
confab_popover_new (void)
{
  return g_object_new (CONFAB_TYPE_POPOVER, NULL);
}
