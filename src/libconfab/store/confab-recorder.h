/* confab-recorder.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-conversation.h"
#include "confab-store.h"

G_BEGIN_DECLS

/* How often, at most, a streaming answer's text is written. */
#define CONFAB_RECORDER_SAVE_INTERVAL_MS 2000

/* A message with at least this many bytes of text is written on the
 * store's worker (see confab_store_update_message_async()).
 */
#define CONFAB_RECORDER_WRITE_AWAY_SIZE (256 * 1024)

#define CONFAB_TYPE_RECORDER (confab_recorder_get_type())

G_DECLARE_FINAL_TYPE (ConfabRecorder, confab_recorder, CONFAB, RECORDER, GObject)

ConfabRecorder *confab_recorder_new                 (ConfabStore        *store,
                                                     ConfabConversation *conversation,
                                                     gint64              conversation_id);
gint64          confab_recorder_get_conversation_id (ConfabRecorder     *self);
void            confab_recorder_flush               (ConfabRecorder     *self);
gboolean        confab_recorder_get_writing         (ConfabRecorder     *self);

G_END_DECLS
