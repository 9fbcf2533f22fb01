/* confab-store-schema.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <unistd.h>
#include <glib/gi18n.h>

#include "confab-store-private.h"

/* Opening the database, with every check done before anything is
 * written, SQLite's errors as GErrors people can read, and the schema
 * migrations.
 */

/* "Cfab" in PRAGMA application_id marks the file as ours. */
#define CONFAB_APPLICATION_ID 0x43666162

/* How long a statement waits for a lock another connection holds. */
#define BUSY_TIMEOUT_MS 5000

/* Migration N brings the schema from version N to N + 1.  A released
 * migration is never changed; a change to the schema is a new one.
 */
static const char * const migrations[] = {
  /* 0 → 1: the first schema.  Ids are AUTOINCREMENT so that the id of
   * something deleted never comes back as the id of something else: the
   * UI may still hold the old one.
   */
  "CREATE TABLE conversations ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  title TEXT NOT NULL DEFAULT '',"
  "  title_is_custom INTEGER NOT NULL DEFAULT 0,"
  "  created INTEGER NOT NULL,"
  "  updated INTEGER NOT NULL,"
  "  model TEXT,"
  "  system_prompt TEXT,"
  "  draft TEXT NOT NULL DEFAULT '',"
  "  trashed INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX conversations_by_activity ON conversations (updated DESC, id DESC);"
  "CREATE TABLE messages ("
  "  id INTEGER PRIMARY KEY AUTOINCREMENT,"
  "  conversation_id INTEGER NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  role TEXT NOT NULL CHECK (role IN ('system', 'user', 'assistant')),"
  "  content TEXT NOT NULL DEFAULT '',"
  "  reasoning TEXT NOT NULL DEFAULT '',"
  "  state TEXT NOT NULL CHECK (state IN ('complete', 'pending', 'streaming',"
  "                                       'failed', 'cancelled', 'interrupted')),"
  "  error_domain TEXT,"
  "  error_code INTEGER,"
  "  error_message TEXT,"
  "  model TEXT,"
  "  finish_reason TEXT,"
  "  response_id TEXT,"
  "  created INTEGER NOT NULL,"
  "  prompt_tokens INTEGER,"
  "  cached_tokens INTEGER,"
  "  prompt_text_tokens INTEGER,"
  "  prompt_audio_tokens INTEGER,"
  "  prompt_image_tokens INTEGER,"
  "  completion_tokens INTEGER,"
  "  completion_text_tokens INTEGER,"
  "  completion_audio_tokens INTEGER,"
  "  reasoning_tokens INTEGER,"
  "  total_tokens INTEGER"
  ");"
  "CREATE UNIQUE INDEX messages_by_position ON messages (conversation_id, position);"
  "CREATE INDEX messages_by_created ON messages (created);"
  "CREATE INDEX messages_by_model ON messages (model);"
  /* Only the few answers that were streaming, to find them at start-up. */
  "CREATE INDEX messages_unfinished ON messages (state)"
  "  WHERE state IN ('pending', 'streaming');"
  "CREATE VIRTUAL TABLE messages_fts USING fts5 ("
  "  content,"
  "  content = 'messages',"
  "  content_rowid = 'id',"
  "  tokenize = 'unicode61 remove_diacritics 2'"
  ");"
  "CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"
  "CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content)"
  "    VALUES ('delete', old.id, old.content);"
  "END;"
  "CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages"
  "  WHEN old.content IS NOT new.content BEGIN"
  "  INSERT INTO messages_fts (messages_fts, rowid, content)"
  "    VALUES ('delete', old.id, old.content);"
  "  INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);"
  "END;"
  "CREATE TABLE settings ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ") WITHOUT ROWID;",

  /* 1 → 2: the usage review reads every answer of a period in the order
   * of time.  This index of the answers holds all that it reads, so the
   * review never visits the rows themselves, whose text is most of the
   * file: 50,000 answers are read in less than half the time, and more
   * than ten times faster when their times are not in the order of
   * their ids (about 25 ms against 60 ms and 400 ms).
   */
  "CREATE INDEX messages_usage ON messages (created, id, conversation_id, model, state,"
  "  " CONFAB_STORE_USAGE_COLUMNS ")"
  "  WHERE role = 'assistant';",

  /* 2 → 3: what was spent stays spent.  An answer that is asked for
   * again (regenerate, retry), or deleted with its chat or by an edit,
   * was a request all the same: its usage moves here, for the review.
   * conversation_id is not a foreign key: the chat may be gone.
   */
  "CREATE TABLE usage_archive ("
  "  id INTEGER PRIMARY KEY,"
  "  conversation_id INTEGER NOT NULL,"
  "  created INTEGER NOT NULL,"
  "  model TEXT,"
  "  state TEXT NOT NULL,"
  "  prompt_tokens INTEGER,"
  "  cached_tokens INTEGER,"
  "  prompt_text_tokens INTEGER,"
  "  prompt_audio_tokens INTEGER,"
  "  prompt_image_tokens INTEGER,"
  "  completion_tokens INTEGER,"
  "  completion_text_tokens INTEGER,"
  "  completion_audio_tokens INTEGER,"
  "  reasoning_tokens INTEGER,"
  "  total_tokens INTEGER"
  ");"
  "CREATE INDEX usage_archive_by_created ON usage_archive (created);"
  "CREATE TRIGGER messages_archive_deleted AFTER DELETE ON messages"
  "  WHEN old.role = 'assistant' AND old.state NOT IN ('pending', 'streaming') BEGIN"
  "  INSERT INTO usage_archive (conversation_id, created, model, state, " CONFAB_STORE_USAGE_COLUMNS ")"
  "    VALUES (old.conversation_id, old.created, old.model, old.state,"
  "            old.prompt_tokens, old.cached_tokens, old.prompt_text_tokens, old.prompt_audio_tokens,"
  "            old.prompt_image_tokens, old.completion_tokens, old.completion_text_tokens,"
  "            old.completion_audio_tokens, old.reasoning_tokens, old.total_tokens);"
  "END;"
  "CREATE TRIGGER messages_archive_asked_again AFTER UPDATE OF state ON messages"
  "  WHEN old.role = 'assistant' AND old.state NOT IN ('pending', 'streaming')"
  "    AND new.state IN ('pending', 'streaming') BEGIN"
  "  INSERT INTO usage_archive (conversation_id, created, model, state, " CONFAB_STORE_USAGE_COLUMNS ")"
  "    VALUES (old.conversation_id, old.created, old.model, old.state,"
  "            old.prompt_tokens, old.cached_tokens, old.prompt_text_tokens, old.prompt_audio_tokens,"
  "            old.prompt_image_tokens, old.completion_tokens, old.completion_text_tokens,"
  "            old.completion_audio_tokens, old.reasoning_tokens, old.total_tokens);"
  "END;",

  /* 3 → 4: a chat's own generation parameters.  NULL follows the
   * default in Preferences; a temperature or token limit of -1, or the
   * effort 'default', sends none, so that the server's default applies.
   */
  "ALTER TABLE conversations ADD COLUMN temperature REAL;"
  "ALTER TABLE conversations ADD COLUMN max_output_tokens INTEGER;"
  "ALTER TABLE conversations ADD COLUMN reasoning_effort TEXT;",

  /* 4 → 5: versions.  Asking again for an answer, or editing a prompt,
   * adds a message beside the one it replaces: each message follows its
   * parent (NULL for the first of a chat), and of the messages that
   * follow the same one, the one shown is chosen.  Until now each
   * message followed the one before it.  Nothing here depends on the
   * other columns of messages.
   */
  "ALTER TABLE messages ADD COLUMN parent_id INTEGER;"
  "ALTER TABLE messages ADD COLUMN chosen INTEGER NOT NULL DEFAULT 1;"
  "UPDATE messages SET parent_id ="
  "  (SELECT before.id FROM messages AS before"
  "     WHERE before.conversation_id = messages.conversation_id"
  "       AND before.position < messages.position"
  "     ORDER BY before.position DESC LIMIT 1);"
  "CREATE INDEX messages_by_parent ON messages (conversation_id, parent_id);",

  /* 5 → 6: the input tokens estimated before an answer was asked for,
   * so that an answer opened from the history still says how far the
   * estimate was from what the server counted.  A table of its own: it
   * is written once per request, never with the streaming text, and
   * goes with its answer.
   */
  "CREATE TABLE IF NOT EXISTS answer_estimates ("
  "  message_id INTEGER PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,"
  "  input_tokens INTEGER NOT NULL CHECK (input_tokens >= 0)"
  ");",

  /* 6 → 7: the images of prompts, in a table of their own so that the
   * rows of messages stay small for lists, search and the usage review.
   */
  "CREATE TABLE IF NOT EXISTS message_images ("
  "  id INTEGER PRIMARY KEY,"
  "  message_id INTEGER NOT NULL REFERENCES messages (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL,"
  "  name TEXT NOT NULL DEFAULT '',"
  "  mime_type TEXT NOT NULL,"
  "  data BLOB NOT NULL"
  ");"
  "CREATE INDEX IF NOT EXISTS message_images_by_message ON message_images (message_id, position);",
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == CONFAB_STORE_SCHEMA_VERSION);

/* Whether the folder of @path may not be written to, so that SQLite
 * cannot make the write-ahead log or shared-memory file beside it.
 * It then reports the file it could not open ("No such file or
 * directory" for an -shm or -wal file on a read-only mount), not why.
 */
static gboolean
folder_is_read_only (const char *path)
{
  g_autofree char *folder = NULL;

  if (path == NULL || *path == '\0')
    return FALSE;

  folder = g_path_get_dirname (path);
  if (access (folder, W_OK) == 0)
    return FALSE;

  return errno == EROFS || errno == EACCES || errno == EPERM;
}

void
_confab_store_set_error (GError     **error,
                         sqlite3     *db,
                         int          rc,
                         const char  *path)
{
  int system_errno = db != NULL ? sqlite3_system_errno (db) : 0;
  const char *detail = db != NULL ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  g_autofree char *display = g_filename_display_name (path ? path : "");

  switch (rc & 0xff)
    {
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_CORRUPT,
                   _("The chat history “%s” is damaged or is not a Confab database. It has been left as it is."),
                   display);
      return;

    case SQLITE_FULL:
      g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_DISK_FULL,
                           _("The chat history cannot be saved because the disk is full."));
      return;

    case SQLITE_READONLY:
    case SQLITE_PERM:
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY,
                   _("The chat history “%s” cannot be changed because it is read-only."),
                   display);
      return;

    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_BUSY,
                   _("The chat history “%s” is in use by another program."),
                   display);
      return;

    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_FOREIGNKEY)
        {
          g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                               _("The chat no longer exists."));
          return;
        }
      break;

    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
      if (system_errno == ENOSPC)
        {
          g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_DISK_FULL,
                               _("The chat history cannot be saved because the disk is full."));
          return;
        }
      if (system_errno == EROFS || system_errno == EACCES || system_errno == EPERM ||
          folder_is_read_only (path))
        {
          g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY,
                       _("The chat history “%s” cannot be changed because it is read-only."),
                       display);
          return;
        }
      if (system_errno != 0)
        detail = g_strerror (system_errno);
      break;

    default:
      break;
    }

  g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED,
               _("The chat history “%s” could not be read or saved: %s"),
               display, detail);
}

gboolean
_confab_store_exec (sqlite3     *db,
                    const char  *sql,
                    const char  *path,
                    GError     **error)
{
  int rc = sqlite3_exec (db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      return FALSE;
    }

  return TRUE;
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           const char  *path,
           gint64      *value,
           GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *value = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
      return TRUE;
    }

  _confab_store_set_error (error, db, rc, path);
  sqlite3_finalize (stmt);

  return FALSE;
}

static gboolean
check_fts5 (sqlite3  *db,
            GError  **error)
{
  if (sqlite3_compileoption_used ("ENABLE_FTS5"))
    return TRUE;

  /* It may still be built in some other way: try it on a scratch table. */
  if (sqlite3_exec (db,
                    "CREATE VIRTUAL TABLE temp.confab_fts5_probe USING fts5 (x);"
                    "DROP TABLE temp.confab_fts5_probe;",
                    NULL, NULL, NULL) == SQLITE_OK)
    return TRUE;

  g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NO_FTS5,
                       _("The installed SQLite library has no full-text search (FTS5), which Confab needs for its chat history."));
  return FALSE;
}

/* Reads what the file is without writing anything.  Returns the schema
 * version, or -1 with @error set when the file must be left alone.
 */
static gint64
check_file (sqlite3     *db,
            const char  *path,
            GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  gint64 version = 0;
  gint64 application_id = 0;
  gint64 n_objects = 0;

  if (!query_int (db, "PRAGMA user_version", path, &version, error) ||
      !query_int (db, "PRAGMA application_id", path, &application_id, error) ||
      !query_int (db, "SELECT count(*) FROM sqlite_master", path, &n_objects, error))
    return -1;

  /* A database of some other program, which is not ours to change. */
  if ((application_id != 0 && application_id != CONFAB_APPLICATION_ID) ||
      (version == 0 && n_objects > 0))
    {
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_CORRUPT,
                   _("The chat history “%s” is damaged or is not a Confab database. It has been left as it is."),
                   display);
      return -1;
    }

  if (version > CONFAB_STORE_SCHEMA_VERSION)
    {
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NEWER_SCHEMA,
                   _("The chat history “%s” was saved by a newer version of Confab. Update Confab to open it; the file has been left as it is."),
                   display);
      return -1;
    }

  if (sqlite3_db_readonly (db, "main") == 1)
    {
      g_set_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY,
                   _("The chat history “%s” cannot be changed because it is read-only."),
                   display);
      return -1;
    }

  return version;
}

static gboolean
migrate (sqlite3     *db,
         const char  *path,
         GError     **error)
{
  g_autofree char *set_version = NULL;
  gint64 version = 0;

  if (!_confab_store_exec (db, "BEGIN IMMEDIATE", path, error))
    return FALSE;

  /* Read again under the lock: someone may have migrated meanwhile. */
  if (!query_int (db, "PRAGMA user_version", path, &version, error))
    goto rollback;

  if (version == CONFAB_STORE_SCHEMA_VERSION)
    return _confab_store_exec (db, "COMMIT", path, error);

  for (gint64 i = version; i < CONFAB_STORE_SCHEMA_VERSION; i++)
    {
      g_debug ("Migrating the conversation history from version %" G_GINT64_FORMAT, i);
      if (!_confab_store_exec (db, migrations[i], path, error))
        goto rollback;
    }

  set_version = g_strdup_printf ("PRAGMA user_version = %d;"
                                 "PRAGMA application_id = %d;",
                                 CONFAB_STORE_SCHEMA_VERSION,
                                 CONFAB_APPLICATION_ID);
  if (!_confab_store_exec (db, set_version, path, error) ||
      !_confab_store_exec (db, "COMMIT", path, error))
    goto rollback;

  return TRUE;

rollback:
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return FALSE;
}

/* Answers that were streaming when the app last stopped are interrupted;
 * conversations left in the trash were deleted with no Undo.
 */
static gboolean
recover (sqlite3     *db,
         const char  *path,
         GError     **error)
{
  if (!_confab_store_exec (db, "BEGIN IMMEDIATE", path, error))
    return FALSE;

  if (!_confab_store_exec (db,
                           "UPDATE messages SET state = 'interrupted'"
                           "  WHERE state IN ('pending', 'streaming');"
                           "DELETE FROM conversations WHERE trashed = 1;",
                           path, error) ||
      !_confab_store_exec (db, "COMMIT", path, error))
    {
      sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }

  return TRUE;
}

static void
close_db (sqlite3 *db)
{
  if (sqlite3_close (db) != SQLITE_OK)
    g_warning ("Closing the conversation history failed: %s", sqlite3_errmsg (db));
}

sqlite3 *
_confab_store_open_main (const char  *path,
                         GError     **error)
{
  sqlite3 *db = NULL;
  const char *journal_mode = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                        NULL);
  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      goto fail;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  /* Until the file is known to be ours and current, closing must not
   * checkpoint a write-ahead log into it.
   */
  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);

  if (check_file (db, path, error) < 0 || !check_fts5 (db, error))
    goto fail;

  sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);

  rc = sqlite3_prepare_v2 (db, "PRAGMA journal_mode = WAL", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    journal_mode = (const char *) sqlite3_column_text (stmt, 0);
  else
    _confab_store_set_error (error, db, rc, path);
  if (journal_mode != NULL && g_ascii_strcasecmp (journal_mode, "wal") != 0)
    g_debug ("The chat history uses the %s journal: no write-ahead log here", journal_mode);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW)
    goto fail;

  if (!_confab_store_exec (db,
                           "PRAGMA synchronous = NORMAL;"
                           "PRAGMA foreign_keys = ON;",
                           path, error) ||
      !migrate (db, path, error) ||
      !recover (db, path, error))
    goto fail;

  return db;

fail:
  if (db != NULL)
    {
      /* Nothing may be written on the way out either. */
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      close_db (db);
    }
  return NULL;
}

/* The worker threads' connection: it only reads, and sees what the main
 * connection committed when each read starts.
 */
sqlite3 *
_confab_store_open_reader (const char  *path,
                           GError     **error)
{
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      sqlite3_close (db);
      return NULL;
    }

  sqlite3_extended_result_codes (db, 1);
  sqlite3_busy_timeout (db, BUSY_TIMEOUT_MS);

  return db;
}
