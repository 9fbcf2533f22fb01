/* confab-conversation-info.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_CONVERSATION_INFO (confab_conversation_info_get_type())

/* What the sidebar shows of one stored conversation.  The objects are
 * owned and kept up to date by #ConfabStore: its properties are read-only
 * and notify when the store changes them, so a row can bind to them.
 * A title that is empty means "New Chat" (the conversation has no prompt
 * yet); the UI shows its own translated placeholder for it.
 */
G_DECLARE_FINAL_TYPE (ConfabConversationInfo, confab_conversation_info, CONFAB, CONVERSATION_INFO, GObject)

gint64      confab_conversation_info_get_id              (ConfabConversationInfo *self);
const char *confab_conversation_info_get_title           (ConfabConversationInfo *self);
gboolean    confab_conversation_info_get_title_is_custom (ConfabConversationInfo *self);
GDateTime  *confab_conversation_info_get_created         (ConfabConversationInfo *self);
GDateTime  *confab_conversation_info_get_updated         (ConfabConversationInfo *self);
const char *confab_conversation_info_get_model           (ConfabConversationInfo *self);
const char *confab_conversation_info_get_system_prompt   (ConfabConversationInfo *self);
const char *confab_conversation_info_get_draft           (ConfabConversationInfo *self);
double      confab_conversation_info_get_temperature     (ConfabConversationInfo *self);
int         confab_conversation_info_get_max_output_tokens (ConfabConversationInfo *self);
const char *confab_conversation_info_get_reasoning_effort  (ConfabConversationInfo *self);

G_END_DECLS
