/* confab-store-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <sqlite3.h>

#include "confab-store.h"

G_BEGIN_DECLS

/* What the parts of ConfabStore share: confab-store-schema.c opens
 * connections, maps SQLite's errors and migrates; confab-store-read.c
 * reads messages and searches on any connection, so on a worker thread
 * too; confab-store-text.c holds the text helpers.
 */

/* Around each match in a snippet; never in stored text that matters. */
#define CONFAB_STORE_MATCH_START "\x01"
#define CONFAB_STORE_MATCH_END   "\x02"

/* The usage columns of `messages`, in ConfabUsageField order. */
#define CONFAB_STORE_USAGE_COLUMNS \
  "prompt_tokens, cached_tokens, prompt_text_tokens, prompt_audio_tokens, " \
  "prompt_image_tokens, completion_tokens, completion_text_tokens, " \
  "completion_audio_tokens, reasoning_tokens, total_tokens"

sqlite3            *_confab_store_open_main         (const char     *path,
                                                     GError        **error);
sqlite3            *_confab_store_open_reader       (const char     *path,
                                                     GError        **error);
void                _confab_store_set_error         (GError        **error,
                                                     sqlite3        *db,
                                                     int             rc,
                                                     const char     *path);
gboolean            _confab_store_exec              (sqlite3        *db,
                                                     const char     *sql,
                                                     const char     *path,
                                                     GError        **error);

const char         *_confab_store_state_to_string   (ConfabMessage  *message);
GListStore         *_confab_store_read_messages     (sqlite3        *db,
                                                     const char     *path,
                                                     gint64          conversation_id,
                                                     GCancellable   *cancellable,
                                                     GError        **error);
GListModel         *_confab_store_read_search       (sqlite3        *db,
                                                     const char     *path,
                                                     const char     *text,
                                                     guint           limit,
                                                     GCancellable   *cancellable,
                                                     GError        **error);

char               *_confab_store_fts_query         (const char     *text);

ConfabSearchResult *_confab_search_result_new       (gint64          conversation_id,
                                                     gint64          message_id,
                                                     ConfabRole      role,
                                                     const char     *title,
                                                     const char     *marked);

G_END_DECLS
