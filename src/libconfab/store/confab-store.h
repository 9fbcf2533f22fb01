/* confab-store.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-conversation.h"
#include "confab-conversation-info.h"
#include "confab-error.h"
#include "confab-message.h"
#include "confab-search-result.h"

G_BEGIN_DECLS

/* ConfabStore keeps the conversations in one SQLite database.
 *
 * Threads: a store belongs to the thread that opened it (the main
 * thread); every call except the _async ones is synchronous, takes a
 * fraction of a millisecond to a few milliseconds, and may be called
 * from there.  The two reads that grow with the history, loading a
 * conversation's messages and searching, also have _async variants that
 * run on a worker thread with a second, read-only connection of their
 * own; their results come back on the thread that called them, and see
 * everything written before the call.  A store must be opened only once
 * at a time per file (the app is single-instance): opening it marks
 * every answer that was still streaming as interrupted.
 *
 * Ids are the database's row ids, always > 0; 0 means "none".  Times
 * are in microseconds since the Unix epoch (UTC), as g_get_real_time().
 *
 * Conversations: confab_store_get_conversations() is a live list of
 * #ConfabConversationInfo, newest activity first, for a GtkListView.  The
 * store updates it (items-changed, and property notifications on the
 * infos) on every change made through it.  A conversation's title is ""
 * until its first user message is appended; that message's first line
 * becomes its title (see confab_store_title_from_prompt()) unless the
 * user renamed it.  Deleting with Undo: confab_store_trash_conversation()
 * takes it out of the list and of search results at once,
 * confab_store_restore_conversation() puts it back, and
 * confab_store_delete_conversation() removes it for good (trashed
 * conversations that are left are deleted the next time the store opens).
 *
 * Messages: append the user's message before sending it and the
 * assistant's (state PENDING) when the request starts; call
 * confab_store_update_message() as the answer streams (every 2 s is
 * cheap) and once more when it ends.  A PENDING message is stored as
 * "pending" while it has no text and as "streaming" once it has some.
 * When the store opens, messages still "pending" or "streaming" are
 * marked "interrupted"; they load as CONFAB_MESSAGE_STATE_FAILED with an
 * error that matches CONFAB_STORE_ERROR_INTERRUPTED, and that state is
 * kept when such a message is updated.  A message's error (domain, code
 * and message) is stored, so a failed answer loads with the same error.
 * Usage counts are stored one per column, NULL when missing; a message
 * with no count at all loads with no #ConfabUsage.
 *
 * Usage: ConfabStore::usage-changed says when what the usage review
 * counts may have changed, so that a view of it can ask again: an
 * answer stored in a final state, messages deleted, a conversation
 * trashed, restored or deleted.
 *
 * Schema (version CONFAB_STORE_SCHEMA_VERSION in PRAGMA user_version),
 * for queries of its own such as the usage review:
 *   conversations (id, title, title_is_custom, created, updated, model,
 *                  system_prompt, draft, trashed, temperature,
 *                  max_output_tokens, reasoning_effort) (the last three
 *     since version 4: NULL follows Preferences, -1 or 'default' is
 *     "not sent");
 *   messages (id, conversation_id, position, role, content, reasoning,
 *             state, error_domain, error_code, error_message, model,
 *             finish_reason, response_id, created, prompt_tokens,
 *             cached_tokens, prompt_text_tokens, prompt_audio_tokens,
 *             prompt_image_tokens, completion_tokens,
 *             completion_text_tokens, completion_audio_tokens,
 *             reasoning_tokens, total_tokens, parent_id, chosen) (the
 *     last two since version 5: the message it follows,
 *     NULL for the first of a chat, and whether it is the version shown
 *     of those that follow the same one)
 *     with indexes on (conversation_id, position), (created), (model),
 *     and for the usage review, of the assistant's messages only, on
 *     (created, id, conversation_id, model, state, every *_tokens column)
 *     (since version 2);
 *   usage_archive (id, conversation_id, created, model, state, every
 *                  *_tokens column) (since version 3): the answers that
 *     were asked for again, or deleted (with their chat, or by an
 *     edit), kept by triggers so that the usage review still counts
 *     them; conversation_id may be that of a chat that is gone;
 *   answer_estimates (message_id, input_tokens) (since version 6): the
 *     input tokens estimated before an answer was asked for, gone with
 *     its message;
 *   message_images (id, message_id, position, name, mime_type, data)
 *     (since version 7): the images of prompts, deleted with them;
 *   messages_fts (content), an FTS5 index of messages.content;
 *   settings (key, value).
 *
 * Errors are in CONFAB_STORE_ERROR, with a message for people.  A file
 * that cannot be opened (corrupt, from a newer Confab, read-only) is
 * never written to; the app should start without history and say why.
 */

#define CONFAB_STORE_SCHEMA_VERSION 7

#define CONFAB_TYPE_STORE (confab_store_get_type())

G_DECLARE_FINAL_TYPE (ConfabStore, confab_store, CONFAB, STORE, GObject)

char                   *confab_store_get_default_path          (void);
char                   *confab_store_title_from_prompt         (const char           *prompt);

ConfabStore            *confab_store_new_for_path              (const char           *path,
                                                                GError              **error);
const char             *confab_store_get_path                  (ConfabStore          *self);
void                    confab_store_close                     (ConfabStore          *self);

GListModel             *confab_store_get_conversations         (ConfabStore          *self);
ConfabConversationInfo *confab_store_lookup_conversation       (ConfabStore          *self,
                                                                gint64                conversation_id);
gint64                  confab_store_create_conversation       (ConfabStore          *self,
                                                                GError              **error);
gboolean                confab_store_rename_conversation       (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                const char           *title,
                                                                GError              **error);
gboolean                confab_store_trash_conversation        (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GError              **error);
gboolean                confab_store_restore_conversation      (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GError              **error);
gboolean                confab_store_delete_conversation       (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GError              **error);
const char             *confab_store_get_draft                 (ConfabStore          *self,
                                                                gint64                conversation_id);
gboolean                confab_store_set_draft                 (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                const char           *draft,
                                                                GError              **error);
gboolean                confab_store_set_model                 (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                const char           *model,
                                                                GError              **error);
gboolean                confab_store_set_system_prompt         (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                const char           *system_prompt,
                                                                GError              **error);
gboolean                confab_store_set_parameters            (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                double                temperature,
                                                                int                   max_output_tokens,
                                                                const char           *reasoning_effort,
                                                                GError              **error);
gint64                  confab_store_get_last_conversation     (ConfabStore          *self);
gboolean                confab_store_set_last_conversation     (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GError              **error);

gboolean                confab_store_append_message            (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                ConfabMessage        *message,
                                                                GError              **error);
gboolean                confab_store_append_version            (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                gint64                parent_id,
                                                                ConfabMessage        *message,
                                                                GError              **error);
gboolean                confab_store_choose_version            (ConfabStore          *self,
                                                                gint64                message_id,
                                                                GError              **error);
gboolean                confab_store_update_message            (ConfabStore          *self,
                                                                ConfabMessage        *message,
                                                                GError              **error);
void                    confab_store_update_message_async      (ConfabStore          *self,
                                                                ConfabMessage        *message,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
gboolean                confab_store_update_message_finish     (ConfabStore          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);
gboolean                confab_store_set_estimate              (ConfabStore          *self,
                                                                gint64                message_id,
                                                                gint64                input_tokens,
                                                                GError              **error);
GListStore             *confab_store_load_messages             (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GError              **error);
void                    confab_store_load_messages_async       (ConfabStore          *self,
                                                                gint64                conversation_id,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GListStore             *confab_store_load_messages_finish      (ConfabStore          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

GListModel             *confab_store_search                    (ConfabStore          *self,
                                                                const char           *text,
                                                                guint                 limit,
                                                                GError              **error);
void                    confab_store_search_async              (ConfabStore          *self,
                                                                const char           *text,
                                                                guint                 limit,
                                                                GCancellable         *cancellable,
                                                                GAsyncReadyCallback   callback,
                                                                gpointer              user_data);
GListModel             *confab_store_search_finish             (ConfabStore          *self,
                                                                GAsyncResult         *result,
                                                                GError              **error);

G_END_DECLS
