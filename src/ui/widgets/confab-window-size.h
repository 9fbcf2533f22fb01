/* confab-window-size.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void confab_window_size_keep_for_content (GtkWindow *window,
                                          GtkWidget *content);

G_END_DECLS
