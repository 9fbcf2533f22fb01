/* confab-chat-settings.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-conversation.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_CHAT_SETTINGS (confab_chat_settings_get_type())

G_DECLARE_FINAL_TYPE (ConfabChatSettings, confab_chat_settings, CONFAB, CHAT_SETTINGS, GtkPopover)

void confab_chat_settings_set_conversation (ConfabChatSettings *self,
                                            ConfabConversation *conversation,
                                            GSettings          *defaults);

G_END_DECLS
