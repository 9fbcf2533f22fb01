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
 */

G_DEFINE_TYPE (ConfabPopover, confab_popover, GTK_TYPE_POPOVER)

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
#if !GTK_CHECK_VERSION (4, 10, 0)
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  widget_class->measure = confab_popover_measure;
#endif
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
