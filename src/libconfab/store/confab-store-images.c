/* confab-store-images.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-store-private.h"

/* The images of prompts, in their own table (since version 5), so that
 * the rows of messages that every list and search reads stay small,
 * written by the writer's worker (confab-store-writer.c):
 *   message_images (id, message_id, position, name, mime_type, data)
 * The images of a message go when it goes (ON DELETE CASCADE).
 */

typedef struct
{
  gint64     message_id;
  GPtrArray *images;
} ImagesJob;

static void
images_job_free (gpointer data)
{
  ImagesJob *job = data;

  g_clear_pointer (&job->images, g_ptr_array_unref);
  g_free (job);
}

/* Writes the images of a job on the writer's connection: see
 * _confab_store_insert_images().
 */
gboolean
_confab_store_write_images (sqlite3     *db,
                            const char  *path,
                            gpointer     job_data,
                            GError     **error)
{
  ImagesJob *job = job_data;
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (!_confab_store_exec (db, "BEGIN IMMEDIATE", path, error))
    return FALSE;

  /* Only for a prompt still there: one deleted since took its images
   * with it.
   */
  rc = sqlite3_prepare_v2 (db,
                           "INSERT INTO message_images (message_id, position, name, mime_type, data)"
                           "  SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM messages WHERE id = ?1)",
                           -1, &stmt, NULL);

  for (guint i = 0; rc == SQLITE_OK && i < job->images->len; i++)
    {
      ConfabAttachment *image = g_ptr_array_index (job->images, i);
      GBytes *data = confab_attachment_get_data (image);
      gsize size;
      const void *bytes = g_bytes_get_data (data, &size);

      sqlite3_bind_int64 (stmt, 1, job->message_id);
      sqlite3_bind_int (stmt, 2, i);
      sqlite3_bind_text (stmt, 3, confab_attachment_get_name (image), -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, confab_attachment_get_mime_type (image), -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 5, bytes != NULL ? bytes : "", size, SQLITE_STATIC);

      rc = sqlite3_step (stmt);
      if (rc == SQLITE_DONE)
        rc = SQLITE_OK;
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }

  sqlite3_finalize (stmt);

  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return _confab_store_exec (db, "COMMIT", path, error);
}

static void
images_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* A disk full, say: the prompt is kept, without its images. */
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_message ("The images of a prompt could not be stored: %s", error->message);
}

/* Stores the images of @message, whose row @message_id is committed, on
 * the writer's worker, after the updates asked for before: a photo of
 * megabytes takes SQLite a few hundred milliseconds to write.  Closing
 * the store waits for them.
 */
void
_confab_store_insert_images (ConfabStore   *self,
                             gint64         message_id,
                             ConfabMessage *message)
{
  g_autoptr(GTask) task = NULL;
  guint n_images = confab_message_get_n_attachments (message);
  ImagesJob *job;

  if (n_images == 0)
    return;

  job = g_new0 (ImagesJob, 1);
  job->message_id = message_id;
  job->images = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; i < n_images; i++)
    g_ptr_array_add (job->images, g_object_ref (confab_message_get_attachment (message, i)));

  task = g_task_new (self, NULL, images_written_cb, NULL);
  g_task_set_source_tag (task, _confab_store_insert_images);
  g_task_set_task_data (task, job, images_job_free);

  _confab_store_writer_push (self, g_steal_pointer (&task));
}

/* Gives the messages of @by_id (their ids to them), whose ids run from
 * @first_id to @last_id, the images stored with them: one read of that
 * range of the index, not one per message.  Other chats' messages may
 * have ids in the range too; their images are passed over unread.
 * Runs inside the read of the messages.
 */
gboolean
_confab_store_read_images (sqlite3     *db,
                           const char  *path,
                           GHashTable  *by_id,
                           gint64       first_id,
                           gint64       last_id,
                           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT message_id, name, mime_type, data FROM message_images"
                           "  WHERE message_id BETWEEN ?1 AND ?2 ORDER BY message_id, position",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, first_id);
  sqlite3_bind_int64 (stmt, 2, last_id);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 message_id = sqlite3_column_int64 (stmt, 0);
      ConfabMessage *message = g_hash_table_lookup (by_id, &message_id);
      const char *name;
      const char *mime_type;
      g_autoptr(GBytes) data = NULL;
      g_autoptr(ConfabAttachment) image = NULL;

      /* Another chat's: its data, the last column, is not read. */
      if (message == NULL)
        continue;

      name = (const char *) sqlite3_column_text (stmt, 1);
      mime_type = (const char *) sqlite3_column_text (stmt, 2);
      if (mime_type == NULL)
        continue;

      data = g_bytes_new (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3));
      image = confab_attachment_new (name, mime_type, data);
      confab_message_add_attachment (message, image);
    }

  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_finalize (stmt);
  return TRUE;

fail:
  _confab_store_set_error (error, db, rc, path);
  sqlite3_finalize (stmt);
  return FALSE;
}
