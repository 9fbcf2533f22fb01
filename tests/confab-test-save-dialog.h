/* confab-test-save-dialog.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

char *confab_test_answer_save_dialog (GtkWindow  *parent,
                                      const char *title,
                                      const char *folder);

G_END_DECLS
