/* confab-conversation.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-message.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_CONVERSATION (confab_conversation_get_type())

/* A conversation is a GListModel of ConfabMessage, the branch shown of
 * the tree of its versions (see confab_conversation_add_version()), that
 * keeps the running usage total of the complete answers of every branch
 * in its "usage" property.
 */
G_DECLARE_FINAL_TYPE (ConfabConversation, confab_conversation, CONFAB, CONVERSATION, GObject)

/* A chat's temperature or most output tokens is a value of its own, or
 * one of these: it follows the default in Preferences, or it is not sent
 * at all, so that the server's default applies.  Its reasoning effort
 * is "low", "medium" or "high", CONFAB_REASONING_EFFORT_NOT_SENT, or
 * %NULL to follow Preferences.
 */
#define CONFAB_CONVERSATION_FOLLOW       (-2)
#define CONFAB_CONVERSATION_NOT_SENT     (-1)
#define CONFAB_REASONING_EFFORT_NOT_SENT "default"

ConfabConversation *confab_conversation_new           (void);
void                confab_conversation_append        (ConfabConversation *self,
                                                       ConfabMessage      *message);
void                confab_conversation_append_all    (ConfabConversation *self,
                                                       GListModel         *messages);
GListModel         *confab_conversation_dup_history   (ConfabConversation *self,
                                                       ConfabMessage      *before);
ConfabUsage        *confab_conversation_get_usage     (ConfabConversation *self);
guint               confab_conversation_get_n_answers (ConfabConversation *self);
const char         *confab_conversation_get_model     (ConfabConversation *self);
void                confab_conversation_set_model     (ConfabConversation *self,
                                                       const char         *model);
const char         *confab_conversation_get_system_prompt (ConfabConversation *self);
void                confab_conversation_set_system_prompt (ConfabConversation *self,
                                                           const char         *system_prompt);
double              confab_conversation_get_temperature   (ConfabConversation *self);
void                confab_conversation_set_temperature   (ConfabConversation *self,
                                                           double              temperature);
int                 confab_conversation_get_max_output_tokens (ConfabConversation *self);
void                confab_conversation_set_max_output_tokens (ConfabConversation *self,
                                                               int                 max_output_tokens);
const char         *confab_conversation_get_reasoning_effort  (ConfabConversation *self);
void                confab_conversation_set_reasoning_effort  (ConfabConversation *self,
                                                               const char         *reasoning_effort);
gboolean            confab_conversation_get_follows_preferences (ConfabConversation *self);
void                confab_conversation_follow_preferences      (ConfabConversation *self);

ConfabMessage      *confab_conversation_get_parent    (ConfabConversation *self,
                                                       ConfabMessage      *message);
void                confab_conversation_add_version   (ConfabConversation *self,
                                                       ConfabMessage      *version_of,
                                                       ConfabMessage      *message);
void                confab_conversation_show_version  (ConfabConversation *self,
                                                       ConfabMessage      *message,
                                                       guint               version);
gboolean            confab_conversation_show_stored   (ConfabConversation *self,
                                                       gint64              message_id);

G_END_DECLS
