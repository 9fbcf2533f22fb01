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

/* What the parts of ConfabStore share.  Besides the three files named
 * below the struct, confab-store-schema.c opens connections, maps
 * SQLite's errors and migrates; confab-store-read.c reads messages and
 * searches on any connection, so on a worker thread too;
 * confab-store-text.c holds the text helpers.
 */

/* Around each match in a snippet; never in stored text that matters. */
#define CONFAB_STORE_MATCH_START "\x01"
#define CONFAB_STORE_MATCH_END   "\x02"

/* The usage columns of `messages`, in ConfabUsageField order. */
#define CONFAB_STORE_USAGE_COLUMNS \
  "prompt_tokens, cached_tokens, prompt_text_tokens, prompt_audio_tokens, " \
  "prompt_image_tokens, completion_tokens, completion_text_tokens, " \
  "completion_audio_tokens, reasoning_tokens, total_tokens"

/* The statements of the main connection, prepared once each; their SQL
 * is in confab-store.c.
 */
typedef enum
{
  STMT_BEGIN,
  STMT_COMMIT,
  STMT_ROLLBACK,
  STMT_CREATE_CONVERSATION,
  STMT_SELECT_CONVERSATION,
  STMT_SET_TITLE,
  STMT_SET_TRASHED,
  STMT_DELETE_CONVERSATION,
  STMT_SET_DRAFT,
  STMT_SET_MODEL,
  STMT_SET_SYSTEM_PROMPT,
  STMT_SET_PARAMETERS,
  STMT_SET_UPDATED,
  STMT_GET_SETTING,
  STMT_SET_SETTING,
  STMT_DELETE_SETTING,
  STMT_FIRST_USER_MESSAGE,
  STMT_INSERT_MESSAGE,
  STMT_UPDATE_MESSAGE,
  STMT_MESSAGE_PLACE,
  STMT_CHOOSE_MESSAGE,
  STMT_SET_ESTIMATE,
  STMT_DELETE_ESTIMATE,
  N_STATEMENTS
} ConfabStoreStatement;

#define CONFAB_STORE_CONVERSATION_COLUMNS \
  "id, title, title_is_custom, created, updated, model, system_prompt, draft," \
  " temperature, max_output_tokens, reasoning_effort"

/* The columns that confab_store_update_message() writes, from ?2 on, in
 * the order that bind_message_state() in confab-store-messages.c binds
 * them.
 */
#define CONFAB_STORE_STATE_COLUMNS \
  "content, reasoning, state, error_domain, error_code, error_message," \
  " model, finish_reason, response_id, " CONFAB_STORE_USAGE_COLUMNS
#define CONFAB_STORE_N_STATE_COLUMNS (9 + CONFAB_USAGE_N_FIELDS)

/* The parameters after the message state in STMT_INSERT_MESSAGE. */
#define CONFAB_STORE_PARAM_CONVERSATION_ID (2 + CONFAB_STORE_N_STATE_COLUMNS)
#define CONFAB_STORE_PARAM_ROLE            (CONFAB_STORE_PARAM_CONVERSATION_ID + 1)
#define CONFAB_STORE_PARAM_CREATED         (CONFAB_STORE_PARAM_CONVERSATION_ID + 2)
#define CONFAB_STORE_PARAM_PARENT_ID       (CONFAB_STORE_PARAM_CONVERSATION_ID + 3)

G_STATIC_ASSERT (CONFAB_STORE_PARAM_CONVERSATION_ID == 21);

/* confab-store.c has the object, the connections and the async reads;
 * confab-store-conversations.c the conversations and their live list;
 * confab-store-messages.c the writes of messages.
 */
struct _ConfabStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  gint64        last_time;

  /* The draft of the new chat that is not stored yet; NULL until read. */
  char         *new_chat_draft;

  /* Conversations not in the trash, newest activity first, and by id. */
  GListStore   *conversations;
  GHashTable   *infos;

  /* The workers' connection and the lock that gives it to one at a time;
   * once the store is closed, under the lock too, it is not opened again.
   */
  GMutex        reader_lock;
  sqlite3      *reader;
  gboolean      closed;

  /* The worker that writes updates of messages, one at a time, and its
   * connection (see confab-store-writer.c).
   */
  GThreadPool  *writer_pool;
  GMutex        writer_lock;
  sqlite3      *writer;

  /* How many jobs were given to the writer (counted on the main thread)
   * and how many it has done (under writes_lock): a read waits for the
   * writes asked for before it (_confab_store_writer_wait()).
   */
  guint64       writes_asked;
  guint64       writes_done;
  GMutex        writes_lock;
  GCond         writes_cond;

  /* Whether a checkpoint of the write-ahead log waits for the writer. */
  gboolean      checkpoint_queued;
};

sqlite3_stmt       *_confab_store_get_statement      (ConfabStore            *self,
                                                      ConfabStoreStatement    statement,
                                                      GError                **error);
void                _confab_store_reset_statement    (sqlite3_stmt           *stmt);
gboolean            _confab_store_run_statement      (ConfabStore            *self,
                                                      sqlite3_stmt           *stmt,
                                                      GError                **error);
gboolean            _confab_store_begin              (ConfabStore            *self,
                                                      GError                **error);
gboolean            _confab_store_commit             (ConfabStore            *self,
                                                      GError                **error);
void                _confab_store_rollback           (ConfabStore            *self);
void                _confab_store_set_not_found      (GError                **error);
gboolean            _confab_store_check_open         (ConfabStore            *self,
                                                      GError                **error);
void                _confab_store_usage_changed      (ConfabStore            *self);
gint64              _confab_store_next_time          (ConfabStore            *self);
void                _confab_store_bind_text_or_null  (sqlite3_stmt           *stmt,
                                                      int                     param,
                                                      const char             *text);
gboolean            _confab_store_load_conversations (ConfabStore            *self,
                                                      GError                **error);
void                _confab_store_touch_conversation (ConfabStore            *self,
                                                      ConfabConversationInfo *info,
                                                      gint64                  updated);
char               *_confab_store_automatic_title    (ConfabStore            *self,
                                                      gint64                  conversation_id,
                                                      GError                **error);

/* What a worker does with the workers' read-only connection, which it
 * has to itself meanwhile: it returns %TRUE, with a new object in
 * @result for the task to return (or none, and the task returns %TRUE),
 * or %FALSE with @error set.
 */
typedef gboolean (*ConfabStoreReadFunc) (ConfabStore   *self,
                                         sqlite3       *reader,
                                         gpointer       data,
                                         gpointer      *result,
                                         GCancellable  *cancellable,
                                         GError       **error);

/* Runs @func with @data on a worker for @task (which keeps @data until
 * it is finalized), and returns what it gives on @task.
 */
void                _confab_store_run_reader         (ConfabStore            *self,
                                                      GTask                  *task,
                                                      ConfabStoreReadFunc     func,
                                                      gpointer                data,
                                                      GDestroyNotify          data_free);

sqlite3            *_confab_store_open_main          (const char             *path,
                                                      GError                **error);
sqlite3            *_confab_store_open_reader        (const char             *path,
                                                      GError                **error);
void                _confab_store_set_error          (GError                **error,
                                                      sqlite3                *db,
                                                      int                     rc,
                                                      const char             *path);
gboolean            _confab_store_exec               (sqlite3                *db,
                                                      const char             *sql,
                                                      const char             *path,
                                                      GError                **error);

const char         *_confab_store_state_to_string    (ConfabMessage          *message);
void                _confab_store_bind_message_state (sqlite3_stmt           *stmt,
                                                      ConfabMessage          *message);
void                _confab_store_close_writer       (ConfabStore            *self);
void                _confab_store_writer_push        (ConfabStore            *self,
                                                      GTask                  *task);
void                _confab_store_writer_wait        (ConfabStore            *self,
                                                      guint64                 asked);
void                _confab_store_watch_wal          (ConfabStore            *self);
GListStore         *_confab_store_read_messages      (sqlite3                *db,
                                                      const char             *path,
                                                      gint64                  conversation_id,
                                                      GCancellable           *cancellable,
                                                      GError                **error);
GListModel         *_confab_store_read_search        (sqlite3                *db,
                                                      const char             *path,
                                                      const char             *text,
                                                      guint                   limit,
                                                      GCancellable           *cancellable,
                                                      GError                **error);

char               *_confab_store_fts_query          (const char             *text);

ConfabSearchResult *_confab_search_result_new        (gint64                  conversation_id,
                                                      gint64                  message_id,
                                                      ConfabRole              role,
                                                      const char             *title,
                                                      const char             *marked);

/* confab-store-images.c: the images of prompts. */
void                _confab_store_insert_images      (ConfabStore            *self,
                                                      gint64                  message_id,
                                                      ConfabMessage          *message);
gboolean            _confab_store_write_images       (sqlite3                *db,
                                                      const char             *path,
                                                      gpointer                data,
                                                      GError                **error);
gboolean            _confab_store_read_images        (sqlite3                *db,
                                                      const char             *path,
                                                      GHashTable             *by_id,
                                                      gint64                  first_id,
                                                      gint64                  last_id,
                                                      GError                **error);
G_END_DECLS
