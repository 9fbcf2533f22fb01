/* confab-sidebar.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-store.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_SIDEBAR (confab_sidebar_get_type())

G_DECLARE_FINAL_TYPE (ConfabSidebar, confab_sidebar, CONFAB, SIDEBAR, GtkWidget)

GtkWidget *confab_sidebar_new            (void);
void       confab_sidebar_set_store      (ConfabSidebar *self,
                                          ConfabStore   *store);
void       confab_sidebar_start_search   (ConfabSidebar *self);
void       confab_sidebar_select         (ConfabSidebar *self,
                                          gint64         conversation_id);
gint64     confab_sidebar_get_selected   (ConfabSidebar *self);
GtkWidget *confab_sidebar_get_header_bar (ConfabSidebar *self);

G_END_DECLS
