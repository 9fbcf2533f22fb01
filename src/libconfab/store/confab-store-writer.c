/* confab-store-writer.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-conversation-info-private.h"
#include "confab-store-private.h"

/* Updates of messages written on a worker, with a connection of its
 * own: an answer of megabytes costs SQLite a second or more to write
 * and to index for the search (FTS5), which would hold the main loop.
 * One worker writes them one after the other, in the order they were
 * asked for; each writes what the message held when it was asked for.
 * The list of conversations is touched on the main thread once the
 * write is done, as confab_store_update_message() does.
 */

#define WRITER_BUSY_TIMEOUT_MS 10000

/* How many pages the write-ahead log holds when a commit on the main
 * connection has the worker checkpoint it: SQLite's own default.
 */
#define CHECKPOINT_PAGES 1000

typedef struct
{
  ConfabMessage *snapshot;
  gint64         updated;
  gint64         conversation_id;
} WriteJob;

static void
write_job_free (gpointer data)
{
  WriteJob *job = data;

  g_clear_object (&job->snapshot);
  g_free (job);
}

/* What @message holds now, for the worker alone. */
static ConfabMessage *
snapshot_message (ConfabMessage *message)
{
  ConfabMessage *snapshot = confab_message_new (confab_message_get_role (message), NULL);

  /* Shared, not copied: an answer of megabytes is written whole. */
  confab_message_set_content_from (snapshot, message);

  confab_message_set_id (snapshot, confab_message_get_id (message));
  confab_message_set_reasoning (snapshot, confab_message_get_reasoning (message));
  confab_message_set_error (snapshot, confab_message_get_error (message));
  confab_message_set_model (snapshot, confab_message_get_model (message));
  confab_message_set_finish_reason (snapshot, confab_message_get_finish_reason (message));
  confab_message_set_response_id (snapshot, confab_message_get_response_id (message));
  confab_message_set_usage (snapshot, confab_message_get_usage (message));
  confab_message_set_state (snapshot, confab_message_get_state (message));

  return snapshot;
}

static sqlite3 *
open_writer (const char  *path,
             GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, WRITER_BUSY_TIMEOUT_MS);

  if (!_confab_store_exec (db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;", path, error))
    {
      sqlite3_close (db);
      return NULL;
    }

  return db;
}

static gboolean
run (sqlite3       *db,
     const char    *path,
     sqlite3_stmt  *stmt,
     GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      _confab_store_set_error (error, db, rc, path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
write_message (sqlite3   *db,
               const char *path,
               WriteJob  *job,
               GError   **error)
{
  sqlite3_stmt *place = NULL;
  sqlite3_stmt *update = NULL;
  sqlite3_stmt *updated = NULL;
  gint64 id = confab_message_get_id (job->snapshot);
  gboolean ok = FALSE;
  int rc;

  if (!_confab_store_exec (db, "BEGIN IMMEDIATE", path, error))
    return FALSE;

  if ((rc = sqlite3_prepare_v2 (db, "SELECT conversation_id FROM messages WHERE id = ?1", -1, &place, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "UPDATE messages SET (" CONFAB_STORE_STATE_COLUMNS ") ="
                                    "  (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
                                    "  WHERE id = ?1", -1, &update, NULL)) != SQLITE_OK ||
      (rc = sqlite3_prepare_v2 (db, "UPDATE conversations SET updated = ?2 WHERE id = ?1", -1, &updated, NULL)) != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      goto out;
    }

  sqlite3_bind_int64 (place, 1, id);
  rc = sqlite3_step (place);
  if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                           _("The message no longer exists."));
      goto out;
    }
  if (rc != SQLITE_ROW)
    {
      _confab_store_set_error (error, db, rc, path);
      goto out;
    }
  job->conversation_id = sqlite3_column_int64 (place, 0);

  sqlite3_bind_int64 (update, 1, id);
  _confab_store_bind_message_state (update, job->snapshot);
  sqlite3_bind_int64 (updated, 1, job->conversation_id);
  sqlite3_bind_int64 (updated, 2, job->updated);

  ok = run (db, path, update, error) &&
       run (db, path, updated, error) &&
       _confab_store_exec (db, "COMMIT", path, error);

out:
  sqlite3_finalize (place);
  sqlite3_finalize (update);
  sqlite3_finalize (updated);

  if (!ok)
    sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);

  return ok;
}

/* The worker: one job at a time, in order: updates of messages, the
 * images of prompts (confab-store-images.c) and checkpoints of the
 * write-ahead log.
 */
static void
writer_thread (gpointer data,
               gpointer user_data)
{
  g_autoptr(GTask) task = data;
  ConfabStore *self = g_task_get_source_object (task);
  GError *error = NULL;
  gboolean ok = FALSE;

  g_mutex_lock (&self->writer_lock);

  if (self->writer != NULL || (self->writer = open_writer (self->path, &error)) != NULL)
    {
      if (g_task_get_source_tag (task) == _confab_store_insert_images)
        ok = _confab_store_write_images (self->writer, self->path, g_task_get_task_data (task), &error);
      else if (g_task_get_source_tag (task) == _confab_store_watch_wal)
        ok = _confab_store_exec (self->writer, "PRAGMA wal_checkpoint(PASSIVE)", self->path, &error);
      else
        ok = write_message (self->writer, self->path, g_task_get_task_data (task), &error);
    }

  g_mutex_unlock (&self->writer_lock);

  g_mutex_lock (&self->writes_lock);
  self->writes_done++;
  g_cond_broadcast (&self->writes_cond);
  g_mutex_unlock (&self->writes_lock);

  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

/**
 * _confab_store_writer_push:
 * @task: (transfer full): a job for the writer
 *
 * Gives @task to the worker, after every job given before.  On the
 * main thread.
 */
void
_confab_store_writer_push (ConfabStore *self,
                           GTask       *task)
{
  if (self->writer_pool == NULL)
    self->writer_pool = g_thread_pool_new (writer_thread, NULL, 1, FALSE, NULL);

  self->writes_asked++;
  g_thread_pool_push (self->writer_pool, task, NULL);
}

/**
 * _confab_store_writer_wait:
 * @asked: what self->writes_asked was when the read was asked for
 *
 * Waits, on a reader's worker, until the writer has done the jobs
 * given before a read was asked for, so that the read sees them: a
 * chat opened as its answer is being written shows the answer written,
 * not what the history held before.
 */
void
_confab_store_writer_wait (ConfabStore *self,
                           guint64      asked)
{
  g_mutex_lock (&self->writes_lock);
  while (self->writes_done < asked)
    g_cond_wait (&self->writes_cond, &self->writes_lock);
  g_mutex_unlock (&self->writes_lock);
}

/**
 * confab_store_update_message_async:
 * @message: a stored message
 *
 * Like confab_store_update_message(), on a worker with a connection of
 * its own, for an answer of megabytes.  What @message holds now is
 * written, after every update asked for before; @callback is called on
 * the thread that called this.
 */
void
confab_store_update_message_async (ConfabStore         *self,
                                   ConfabMessage       *message,
                                   GCancellable        *cancellable,
                                   GAsyncReadyCallback  callback,
                                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  WriteJob *job;

  g_return_if_fail (CONFAB_IS_STORE (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (message));
  g_return_if_fail (confab_message_get_id (message) > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_store_update_message_async);

  if (!_confab_store_check_open (self, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }

  job = g_new0 (WriteJob, 1);
  job->snapshot = snapshot_message (message);
  job->updated = _confab_store_next_time (self);
  g_task_set_task_data (task, job, write_job_free);

  _confab_store_writer_push (self, g_steal_pointer (&task));
}

/**
 * confab_store_update_message_finish:
 *
 * Returns: whether the message was written; the list of conversations
 *   shows its conversation updated then
 */
gboolean
confab_store_update_message_finish (ConfabStore   *self,
                                    GAsyncResult  *result,
                                    GError       **error)
{
  WriteJob *job;
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_store_update_message_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;

  job = g_task_get_task_data (G_TASK (result));

  if (self->db != NULL && (info = confab_store_lookup_conversation (self, job->conversation_id)))
    _confab_store_touch_conversation (self, info, job->updated);

  /* Not for every piece of a streaming answer: once it ends. */
  if (confab_message_get_role (job->snapshot) == CONFAB_ROLE_ASSISTANT &&
      confab_message_get_state (job->snapshot) != CONFAB_MESSAGE_STATE_PENDING)
    _confab_store_usage_changed (self);

  return TRUE;
}

static void
checkpoint_done_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  ConfabStore *self = CONFAB_STORE (source);
  g_autoptr(GError) error = NULL;

  self->checkpoint_queued = FALSE;

  /* The next commit asks again. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_debug ("Checkpointing the write-ahead log failed: %s", error->message);
}

/* After each commit on the main connection, with how many pages the
 * write-ahead log holds.
 */
static int
wal_committed_cb (gpointer    data,
                  sqlite3    *db,
                  const char *name,
                  int         n_pages)
{
  ConfabStore *self = data;
  g_autoptr(GTask) task = NULL;

  /* Once closed, the connection closing checkpoints. */
  if (n_pages < CHECKPOINT_PAGES || self->checkpoint_queued || self->closed)
    return SQLITE_OK;

  task = g_task_new (self, NULL, checkpoint_done_cb, NULL);
  g_task_set_source_tag (task, _confab_store_watch_wal);
  g_task_set_name (task, "[confab] checkpoint");
  self->checkpoint_queued = TRUE;

  _confab_store_writer_push (self, g_steal_pointer (&task));

  return SQLITE_OK;
}

/**
 * _confab_store_watch_wal:
 *
 * Has the worker checkpoint the write-ahead log, with its connection,
 * when a commit on the main connection makes it long, instead of the
 * main connection in that commit, as SQLite does by default: after an
 * answer of megabytes, that held the main loop for tens of ms, in
 * whatever wrote next (such as the chat last shown, when a chat opens).
 * The worker's own commits checkpoint as SQLite does.
 */
void
_confab_store_watch_wal (ConfabStore *self)
{
  /* This replaces the main connection's automatic checkpoints. */
  sqlite3_wal_hook (self->db, wal_committed_cb, self);
}

/* Waits for the updates asked for, and closes the worker's connection
 * (see confab_store_close()).
 */
void
_confab_store_close_writer (ConfabStore *self)
{
  if (self->writer_pool != NULL)
    g_thread_pool_free (g_steal_pointer (&self->writer_pool), FALSE, TRUE);

  g_mutex_lock (&self->writer_lock);
  g_clear_pointer (&self->writer, sqlite3_close);
  g_mutex_unlock (&self->writer_lock);
}
