/* confab-export.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

char *confab_export_to_markdown (const char *title,
                                 GListModel *messages);
char *confab_export_to_json     (const char *title,
                                 GListModel *messages);

G_END_DECLS
