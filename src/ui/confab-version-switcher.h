/* confab-version-switcher.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-message.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_VERSION_SWITCHER (confab_version_switcher_get_type())

G_DECLARE_FINAL_TYPE (ConfabVersionSwitcher, confab_version_switcher, CONFAB, VERSION_SWITCHER, GtkWidget)

GtkWidget     *confab_version_switcher_new         (void);
ConfabMessage *confab_version_switcher_get_message (ConfabVersionSwitcher *self);
void           confab_version_switcher_set_message (ConfabVersionSwitcher *self,
                                                    ConfabMessage         *message);

G_END_DECLS
