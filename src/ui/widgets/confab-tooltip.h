/* confab-tooltip.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void        confab_tooltip_set_text  (GtkWidget  *widget,
                                      const char *text);
const char *confab_tooltip_get_text  (GtkWidget  *widget);
void        confab_tooltip_attach    (GtkWidget  *widget);
void        confab_tooltip_show_text (GtkTooltip *tooltip,
                                      GtkWidget  *widget,
                                      const char *text);
GtkWidget  *confab_tooltip_get_label (GtkWidget  *widget);
GtkWidget  *confab_tooltip_label_new (const char *text);

G_END_DECLS
