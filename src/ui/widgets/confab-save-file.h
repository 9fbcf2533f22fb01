/* confab-save-file.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

void   confab_save_file_async  (GtkWindow           *parent,
                                const char          *title,
                                const char          *accept_label,
                                const char          *initial_name,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data);
GFile *confab_save_file_finish (GAsyncResult        *result,
                                GError             **error);

G_END_DECLS
