/* confab-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>

#include "confab-store-private.h"

/* The store keeps one connection for the main thread, with its statements
 * prepared once, and mirrors the conversations table in a GListStore of
 * ConfabConversationInfo that it changes along with the database (see
 * confab-store-conversations.c).  Reads on worker threads use a second,
 * read-only connection, opened when first needed and used by one worker
 * at a time.
 */

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_CREATE_CONVERSATION] = "INSERT INTO conversations (created, updated) VALUES (?1, ?1)",
  [STMT_SELECT_CONVERSATION] = "SELECT " CONFAB_STORE_CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1",
  [STMT_SET_TITLE] = "UPDATE conversations SET title = ?2, title_is_custom = ?3 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_TRASHED] = "UPDATE conversations SET trashed = ?2 WHERE id = ?1 AND trashed = ?3",
  [STMT_DELETE_CONVERSATION] = "DELETE FROM conversations WHERE id = ?1",
  [STMT_SET_DRAFT] = "UPDATE conversations SET draft = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_MODEL] = "UPDATE conversations SET model = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_SYSTEM_PROMPT] = "UPDATE conversations SET system_prompt = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_PARAMETERS] = "UPDATE conversations SET temperature = ?2, max_output_tokens = ?3, reasoning_effort = ?4"
                          "  WHERE id = ?1 AND trashed = 0",
  [STMT_SET_UPDATED] = "UPDATE conversations SET updated = ?2 WHERE id = ?1",
  [STMT_GET_SETTING] = "SELECT value FROM settings WHERE key = ?1",
  [STMT_SET_SETTING] = "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
  [STMT_DELETE_SETTING] = "DELETE FROM settings WHERE key = ?1",
  [STMT_FIRST_USER_MESSAGE] = "SELECT content FROM messages WHERE conversation_id = ?1 AND role = 'user'"
                              "  ORDER BY position LIMIT 1",
  [STMT_INSERT_MESSAGE] = "INSERT INTO messages (id, " CONFAB_STORE_STATE_COLUMNS ","
                          "  conversation_id, role, created, position, parent_id)"
                          "  VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                          "          ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,"
                          "          (SELECT COALESCE (MAX (position) + 1, 0) FROM messages WHERE conversation_id = ?21),"
                          /* -1: after the last message stored; 0: none. */
                          "          CASE WHEN ?24 < 0"
                          "            THEN (SELECT id FROM messages WHERE conversation_id = ?21"
                          "                    ORDER BY position DESC LIMIT 1)"
                          "            ELSE NULLIF (?24, 0) END)",
  [STMT_UPDATE_MESSAGE] = "UPDATE messages SET (" CONFAB_STORE_STATE_COLUMNS ") ="
                          "  (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
                          "  WHERE id = ?1",
  [STMT_MESSAGE_PLACE] = "SELECT conversation_id, position FROM messages WHERE id = ?1",
  /* The message is the version shown of those after the same one. */
  [STMT_CHOOSE_MESSAGE] = "UPDATE messages SET chosen = (id = ?1)"
                          "  WHERE conversation_id = (SELECT conversation_id FROM messages WHERE id = ?1)"
                          "    AND parent_id IS (SELECT parent_id FROM messages WHERE id = ?1)",
  [STMT_SET_ESTIMATE] = "INSERT OR REPLACE INTO answer_estimates (message_id, input_tokens) VALUES (?1, ?2)",
  [STMT_DELETE_ESTIMATE] = "DELETE FROM answer_estimates WHERE message_id = ?1",
};

G_DEFINE_FINAL_TYPE (ConfabStore, confab_store, G_TYPE_OBJECT)

enum {
  USAGE_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

void
_confab_store_usage_changed (ConfabStore *self)
{
  g_signal_emit (self, signals[USAGE_CHANGED], 0);
}

sqlite3_stmt *
_confab_store_get_statement (ConfabStore           *self,
                             ConfabStoreStatement   statement,
                             GError               **error)
{
  sqlite3_stmt *stmt = self->statements[statement];
  int rc;

  if (stmt != NULL)
    return stmt;

  if (!_confab_store_check_open (self, error))
    return NULL;

  rc = sqlite3_prepare_v3 (self->db, statement_sql[statement], -1,
                           SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, self->db, rc, self->path);
      return NULL;
    }

  self->statements[statement] = stmt;

  return stmt;
}

void
_confab_store_reset_statement (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Steps @stmt to its end, which must come with no row, and resets it. */
gboolean
_confab_store_run_statement (ConfabStore   *self,
                             sqlite3_stmt  *stmt,
                             GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    _confab_store_set_error (error, self->db, rc, self->path);

  _confab_store_reset_statement (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
run_simple (ConfabStore           *self,
            ConfabStoreStatement   statement,
            GError               **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, statement, error);

  return stmt != NULL && _confab_store_run_statement (self, stmt, error);
}

gboolean
_confab_store_begin (ConfabStore  *self,
                     GError      **error)
{
  return run_simple (self, STMT_BEGIN, error);
}

gboolean
_confab_store_commit (ConfabStore  *self,
                      GError      **error)
{
  if (run_simple (self, STMT_COMMIT, error))
    return TRUE;

  run_simple (self, STMT_ROLLBACK, NULL);
  return FALSE;
}

void
_confab_store_rollback (ConfabStore *self)
{
  if (self->db != NULL && sqlite3_get_autocommit (self->db) == 0)
    run_simple (self, STMT_ROLLBACK, NULL);
}

/* After confab_store_close(), every call fails. */
gboolean
_confab_store_check_open (ConfabStore  *self,
                          GError      **error)
{
  if (self->db != NULL)
    return TRUE;

  g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED,
                       _("The chat history is closed."));
  return FALSE;
}

void
_confab_store_set_not_found (GError **error)
{
  g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                       _("The chat no longer exists."));
}

/* A time for a change: now, and always after the previous change. */
gint64
_confab_store_next_time (ConfabStore *self)
{
  self->last_time = MAX (g_get_real_time (), self->last_time + 1);

  return self->last_time;
}

void
_confab_store_bind_text_or_null (sqlite3_stmt *stmt,
                                 int           param,
                                 const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, param, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, param);
}

typedef struct
{
  gint64  conversation_id;
  char   *text;
  guint   limit;
} ReadData;

static void
read_data_free (ReadData *data)
{
  g_free (data->text);
  g_free (data);
}

/* Gives the workers' connection to the calling worker; release it with
 * unlock_reader().
 */
static sqlite3 *
lock_reader (ConfabStore  *self,
             GError      **error)
{
  g_mutex_lock (&self->reader_lock);

  if (self->closed)
    g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED,
                         _("The chat history is closed."));
  else if (self->reader == NULL)
    self->reader = _confab_store_open_reader (self->path, error);

  if (self->reader == NULL)
    g_mutex_unlock (&self->reader_lock);

  return self->reader;
}

static void
unlock_reader (ConfabStore *self)
{
  g_mutex_unlock (&self->reader_lock);
}

typedef struct
{
  ConfabStoreReadFunc func;
  gpointer            data;
  GDestroyNotify      data_free;
  guint64             writes_asked;
} ReaderJob;

static void
reader_job_free (ReaderJob *job)
{
  if (job->data_free != NULL)
    job->data_free (job->data);
  g_free (job);
}

static void
reader_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  ConfabStore *self = source_object;
  ReaderJob *job = task_data;
  GError *error = NULL;
  gpointer result = NULL;
  gboolean ok = FALSE;
  sqlite3 *reader;

  if (g_task_return_error_if_cancelled (task))
    return;

  /* What was written before the read was asked for is read. */
  _confab_store_writer_wait (self, job->writes_asked);

  if ((reader = lock_reader (self, &error)))
    {
      ok = job->func (self, reader, job->data, &result, cancellable, &error);
      unlock_reader (self);
    }

  if (!ok)
    g_task_return_error (task, error);
  else if (result != NULL)
    g_task_return_pointer (task, result, g_object_unref);
  else
    g_task_return_boolean (task, TRUE);
}

void
_confab_store_run_reader (ConfabStore         *self,
                          GTask               *task,
                          ConfabStoreReadFunc  func,
                          gpointer             data,
                          GDestroyNotify       data_free)
{
  ReaderJob *job = g_new0 (ReaderJob, 1);

  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->writes_asked = self->writes_asked;
  g_task_set_task_data (task, job, (GDestroyNotify) reader_job_free);
  g_task_run_in_thread (task, reader_thread);
}

static gboolean
load_messages_read (ConfabStore   *self,
                    sqlite3       *reader,
                    gpointer       data,
                    gpointer      *result,
                    GCancellable  *cancellable,
                    GError       **error)
{
  ReadData *read = data;

  *result = _confab_store_read_messages (reader, self->path, read->conversation_id,
                                         cancellable, error);

  return *result != NULL;
}

static gboolean
search_read (ConfabStore   *self,
             sqlite3       *reader,
             gpointer       data,
             gpointer      *result,
             GCancellable  *cancellable,
             GError       **error)
{
  ReadData *read = data;

  *result = _confab_store_read_search (reader, self->path, read->text, read->limit,
                                       cancellable, error);

  return *result != NULL;
}

static void
confab_store_finalize (GObject *object)
{
  ConfabStore *self = (ConfabStore *)object;

  confab_store_close (self);

  g_clear_pointer (&self->new_chat_draft, g_free);
  g_mutex_clear (&self->reader_lock);
  g_mutex_clear (&self->writer_lock);
  g_mutex_clear (&self->writes_lock);
  g_cond_clear (&self->writes_cond);
  g_clear_object (&self->conversations);
  g_clear_pointer (&self->infos, g_hash_table_unref);
  g_clear_pointer (&self->path, g_free);

  G_OBJECT_CLASS (confab_store_parent_class)->finalize (object);
}

static void
confab_store_class_init (ConfabStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_store_finalize;

  /**
   * ConfabStore::usage-changed:
   *
   * Emitted when what the usage review counts may have changed: an
   * answer was stored in a final state (complete, failed, cancelled or
   * interrupted, see confab_store_query_usage_async()), messages were
   * deleted, or a conversation was trashed, restored or deleted.  Not
   * while an answer streams.
   */
  signals[USAGE_CHANGED] =
    g_signal_new ("usage-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
confab_store_init (ConfabStore *self)
{
  g_mutex_init (&self->reader_lock);
  g_mutex_init (&self->writer_lock);
  g_mutex_init (&self->writes_lock);
  g_cond_init (&self->writes_cond);
  self->conversations = g_list_store_new (CONFAB_TYPE_CONVERSATION_INFO);
  self->infos = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
}

/**
 * confab_store_new_for_path:
 * @path: the database file; it and its folder (mode 0700) are created
 *   when missing
 * @error: a location for a #GError
 *
 * Opens the history, creates or migrates its schema, marks answers that
 * were streaming when the app stopped as interrupted, and reads the list
 * of conversations.  This blocks for a few milliseconds; call it once at
 * start-up.  A file that is damaged, not Confab's, from a newer Confab
 * or read-only is left exactly as it is.
 *
 * Returns: (transfer full): the store, or %NULL with @error set in
 *   CONFAB_STORE_ERROR
 */
ConfabStore *
confab_store_new_for_path (const char  *path,
                           GError     **error)
{
  g_autoptr(ConfabStore) self = NULL;
  g_autofree char *folder = NULL;
  sqlite3 *db;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  folder = g_path_get_dirname (path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    {
      int saved_errno = errno;
      g_autofree char *display = g_filename_display_name (folder);

      if (saved_errno == ENOSPC)
        g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_DISK_FULL,
                             _("The chat history cannot be saved because the disk is full."));
      else
        g_set_error (error, CONFAB_STORE_ERROR,
                     saved_errno == EACCES || saved_errno == EROFS || saved_errno == EPERM
                       ? CONFAB_STORE_ERROR_READ_ONLY : CONFAB_STORE_ERROR_FAILED,
                     _("The folder “%s” for the chat history cannot be created: %s"),
                     display, g_strerror (saved_errno));
      return NULL;
    }

  if (!(db = _confab_store_open_main (path, error)))
    return NULL;

  self = g_object_new (CONFAB_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  self->db = db;
  _confab_store_watch_wal (self);

  if (!_confab_store_load_conversations (self, error))
    return NULL;

  return g_steal_pointer (&self);
}

/**
 * confab_store_get_default_path:
 *
 * Returns: (transfer full): where the app keeps its history:
 *   `$XDG_DATA_HOME/confab/confab.db` (the app's own data folder in the
 *   Flatpak sandbox)
 */
char *
confab_store_get_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "confab", "confab.db", NULL);
}

/**
 * confab_store_close:
 *
 * Closes the database now, whoever still holds the store: what the
 * write-ahead log holds goes into the file, and the log is removed.  A
 * read on a worker is waited for.  Every call after this fails (with
 * CONFAB_STORE_ERROR_FAILED), and the conversations stay as they were
 * read last.  For when the app quits; finalizing the store closes it
 * too.
 */
void
confab_store_close (ConfabStore *self)
{
  g_return_if_fail (CONFAB_IS_STORE (self));

  /* The workers' connections go first, once the updates asked for are
   * written: the last connection to close is the one that empties and
   * removes the log, and a read-only one cannot.
   */
  _confab_store_close_writer (self);

  g_mutex_lock (&self->reader_lock);
  self->closed = TRUE;
  g_clear_pointer (&self->reader, sqlite3_close);
  g_mutex_unlock (&self->reader_lock);

  for (guint i = 0; i < N_STATEMENTS; i++)
    g_clear_pointer (&self->statements[i], sqlite3_finalize);

  if (self->db != NULL)
    {
      /* Keeps the query planner's statistics up to date; cheap. */
      sqlite3_exec (self->db, "PRAGMA optimize", NULL, NULL, NULL);
      if (sqlite3_close (self->db) != SQLITE_OK)
        g_warning ("Closing the conversation history failed: %s", sqlite3_errmsg (self->db));
      self->db = NULL;
    }
}

const char *
confab_store_get_path (ConfabStore *self)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);

  return self->path;
}

/**
 * confab_store_load_messages:
 *
 * Reads a conversation's messages, in order, with their ids set.  This
 * blocks for as long as the conversation is long (about 10 ms for 1,000
 * messages): prefer confab_store_load_messages_async() in the UI.
 *
 * Returns: (transfer full): a #GListStore of new #ConfabMessage, or
 *   %NULL with @error set (CONFAB_STORE_ERROR_NOT_FOUND when there is
 *   no such conversation)
 */
GListStore *
confab_store_load_messages (ConfabStore  *self,
                            gint64        conversation_id,
                            GError      **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);

  if (!_confab_store_check_open (self, error))
    return NULL;

  return _confab_store_read_messages (self->db, self->path, conversation_id, NULL, error);
}

void
confab_store_load_messages_async (ConfabStore         *self,
                                  gint64               conversation_id,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CONFAB_IS_STORE (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ReadData, 1);
  data->conversation_id = conversation_id;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_store_load_messages_async);
  _confab_store_run_reader (self, task, load_messages_read, data, (GDestroyNotify) read_data_free);
}

/**
 * confab_store_load_messages_finish:
 *
 * Returns: (transfer full): what confab_store_load_messages() returns
 */
GListStore *
confab_store_load_messages_finish (ConfabStore   *self,
                                   GAsyncResult  *result,
                                   GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_store_load_messages_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confab_store_search:
 * @text: what the user typed; it is searched for as words, never read
 *   as query syntax
 * @limit: the most results to return, or 0 for 100
 *
 * Finds the messages that contain every word of @text (or words that
 * start with them, so that Korean words with particles and English
 * words with endings are found), newest first, in conversations not
 * in the trash.  Prefer confab_store_search_async() in the UI.
 *
 * Returns: (transfer full): a #GListModel of #ConfabSearchResult, empty
 *   when @text has no word to search for, or %NULL with @error set
 */
GListModel *
confab_store_search (ConfabStore  *self,
                     const char   *text,
                     guint         limit,
                     GError      **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  if (!_confab_store_check_open (self, error))
    return NULL;

  return _confab_store_read_search (self->db, self->path, text, limit, NULL, error);
}

void
confab_store_search_async (ConfabStore         *self,
                           const char          *text,
                           guint                limit,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ReadData *data;

  g_return_if_fail (CONFAB_IS_STORE (self));
  g_return_if_fail (text != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = g_new0 (ReadData, 1);
  data->text = g_strdup (text);
  data->limit = limit;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_store_search_async);
  _confab_store_run_reader (self, task, search_read, data, (GDestroyNotify) read_data_free);
}

/**
 * confab_store_search_finish:
 *
 * Returns: (transfer full): what confab_store_search() returns
 */
GListModel *
confab_store_search_finish (ConfabStore   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_store_search_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
