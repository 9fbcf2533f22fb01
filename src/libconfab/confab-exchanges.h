/* confab-exchanges.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-client.h"
#include "confab-conversation.h"
#include "confab-store.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_EXCHANGES (confab_exchanges_get_type())

G_DECLARE_FINAL_TYPE (ConfabExchanges, confab_exchanges, CONFAB, EXCHANGES, GObject)

ConfabExchanges    *confab_exchanges_new                 (ConfabClient       *client,
                                                          ConfabStore        *store);
ConfabConversation *confab_exchanges_lookup              (ConfabExchanges    *self,
                                                          gint64              conversation_id);
ConfabConversation *confab_exchanges_hold                (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          gint64              conversation_id);
void                confab_exchanges_release             (ConfabExchanges    *self,
                                                          ConfabConversation *conversation);
gint64              confab_exchanges_get_conversation_id (ConfabExchanges    *self,
                                                          ConfabConversation *conversation);
gboolean            confab_exchanges_get_busy            (ConfabExchanges    *self,
                                                          ConfabConversation *conversation);
gboolean            confab_exchanges_send                (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          const char         *text);
gboolean            confab_exchanges_send_with_images    (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          const char         *text,
                                                          GPtrArray          *images);
gboolean            confab_exchanges_request             (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          ConfabMessage      *answer);
gboolean            confab_exchanges_regenerate          (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          ConfabMessage      *answer);
gboolean            confab_exchanges_send_edit           (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          ConfabMessage      *prompt,
                                                          const char         *text,
                                                          GPtrArray          *images);
void                confab_exchanges_stop                (ConfabExchanges    *self,
                                                          ConfabConversation *conversation);
void                confab_exchanges_stop_all            (ConfabExchanges    *self);
void                confab_exchanges_get_options         (ConfabExchanges    *self,
                                                          ConfabConversation *conversation,
                                                          ConfabChatOptions  *options);

G_END_DECLS
