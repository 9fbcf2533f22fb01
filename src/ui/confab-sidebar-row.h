/* confab-sidebar-row.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-conversation-info.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_SIDEBAR_ROW (confab_sidebar_row_get_type())

G_DECLARE_FINAL_TYPE (ConfabSidebarRow, confab_sidebar_row, CONFAB, SIDEBAR_ROW, GtkWidget)

ConfabConversationInfo *confab_sidebar_row_get_info (ConfabSidebarRow       *self);
void                    confab_sidebar_row_set_info (ConfabSidebarRow       *self,
                                                     ConfabConversationInfo *info);

G_END_DECLS
