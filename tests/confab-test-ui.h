/* confab-test-ui.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the widget tests share to look into the real widgets. */

void       confab_test_ui_init          (int        *argcp,
                                         char     ***argvp);
GtkWidget *confab_test_find_widget      (GtkWidget  *root,
                                         GType       type,
                                         const char *name);
GtkWidget *confab_test_get_widget       (GtkWidget  *root,
                                         GType       type,
                                         const char *name);
gboolean   confab_test_widget_is_mapped (gpointer    widget);

guint      confab_test_ui_count_toolkit_warnings (const char *prefix);

G_END_DECLS
