/* confab-conversation-info-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-conversation-info.h"

G_BEGIN_DECLS

/* Only #ConfabStore creates and changes conversation infos, so that they
 * always say what the database says.  Times are microseconds since the
 * Unix epoch, as stored.
 */
ConfabConversationInfo *_confab_conversation_info_new               (gint64                  id,
                                                                     const char             *title,
                                                                     gboolean                title_is_custom,
                                                                     gint64                  created,
                                                                     gint64                  updated,
                                                                     const char             *model,
                                                                     const char             *system_prompt,
                                                                     const char             *draft);
void                    _confab_conversation_info_set_title         (ConfabConversationInfo *self,
                                                                     const char             *title,
                                                                     gboolean                title_is_custom);
gint64                  _confab_conversation_info_get_updated_usec  (ConfabConversationInfo *self);
void                    _confab_conversation_info_set_updated       (ConfabConversationInfo *self,
                                                                     gint64                  updated);
void                    _confab_conversation_info_set_model         (ConfabConversationInfo *self,
                                                                     const char             *model);
void                    _confab_conversation_info_set_system_prompt (ConfabConversationInfo *self,
                                                                     const char             *system_prompt);
void                    _confab_conversation_info_set_draft         (ConfabConversationInfo *self,
                                                                     const char             *draft);
void                    _confab_conversation_info_set_parameters    (ConfabConversationInfo *self,
                                                                     double                  temperature,
                                                                     int                     max_output_tokens,
                                                                     const char             *reasoning_effort);

G_END_DECLS
