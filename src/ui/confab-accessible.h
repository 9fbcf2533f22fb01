/* confab-accessible.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void confab_accessible_init               (void);
void confab_accessible_name_after_tooltip (GtkWidget  *widget);
void confab_accessible_name_split_button  (GtkWidget  *button,
                                           const char *label,
                                           const char *menu_label);

GtkWidget *confab_widget_next_descendant  (GtkWidget  *root,
                                           GtkWidget  *widget);

G_END_DECLS
