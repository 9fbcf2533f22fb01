/* confab-window.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-application.h"
#include "confab-conversation.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_WINDOW (confab_window_get_type())

G_DECLARE_FINAL_TYPE (ConfabWindow, confab_window, CONFAB, WINDOW, AdwApplicationWindow)

ConfabWindow       *confab_window_new              (ConfabApplication *application);
ConfabConversation *confab_window_get_conversation (ConfabWindow      *self);
gboolean            confab_window_get_busy         (ConfabWindow      *self);
gboolean            confab_window_get_loading      (ConfabWindow      *self);

G_END_DECLS
