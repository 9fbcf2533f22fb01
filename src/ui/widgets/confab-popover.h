/* confab-popover.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_POPOVER (confab_popover_get_type())

G_DECLARE_DERIVABLE_TYPE (ConfabPopover, confab_popover, CONFAB, POPOVER, GtkPopover)

struct _ConfabPopoverClass
{
  GtkPopoverClass parent_class;
};

GtkWidget *confab_popover_new (void);

G_END_DECLS
