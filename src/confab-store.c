/* confab-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "confab-conversation-info-private.h"
#include "confab-store-private.h"

/* The store keeps one connection for the main thread, with its statements
 * prepared once, and mirrors the conversations table in a GListStore of
 * ConfabConversationInfo that it changes along with the database.  Reads
 * on worker threads use a second, read-only connection, opened when
 * first needed and used by one worker at a time.
 */

#define LAST_CONVERSATION_KEY "last-conversation"

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
  STMT_SET_UPDATED,
  STMT_GET_SETTING,
  STMT_SET_SETTING,
  STMT_DELETE_SETTING,
  STMT_FIRST_USER_MESSAGE,
  STMT_INSERT_MESSAGE,
  STMT_UPDATE_MESSAGE,
  STMT_MESSAGE_PLACE,
  STMT_DELETE_MESSAGES,
  N_STATEMENTS
} Statement;

#define CONVERSATION_COLUMNS \
  "id, title, title_is_custom, created, updated, model, system_prompt, draft"

/* The columns that confab_store_update_message() writes, from ?2 on, in
 * the order bind_message_state() binds them.
 */
#define MESSAGE_STATE_COLUMNS \
  "content, reasoning, state, error_domain, error_code, error_message," \
  " model, finish_reason, response_id, " CONFAB_STORE_USAGE_COLUMNS
#define N_MESSAGE_STATE_COLUMNS (9 + CONFAB_USAGE_N_FIELDS)

static const char * const statement_sql[N_STATEMENTS] = {
  [STMT_BEGIN] = "BEGIN IMMEDIATE",
  [STMT_COMMIT] = "COMMIT",
  [STMT_ROLLBACK] = "ROLLBACK",
  [STMT_CREATE_CONVERSATION] = "INSERT INTO conversations (created, updated) VALUES (?1, ?1)",
  [STMT_SELECT_CONVERSATION] = "SELECT " CONVERSATION_COLUMNS " FROM conversations WHERE id = ?1",
  [STMT_SET_TITLE] = "UPDATE conversations SET title = ?2, title_is_custom = ?3 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_TRASHED] = "UPDATE conversations SET trashed = ?2 WHERE id = ?1 AND trashed = ?3",
  [STMT_DELETE_CONVERSATION] = "DELETE FROM conversations WHERE id = ?1",
  [STMT_SET_DRAFT] = "UPDATE conversations SET draft = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_MODEL] = "UPDATE conversations SET model = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_SYSTEM_PROMPT] = "UPDATE conversations SET system_prompt = ?2 WHERE id = ?1 AND trashed = 0",
  [STMT_SET_UPDATED] = "UPDATE conversations SET updated = ?2 WHERE id = ?1",
  [STMT_GET_SETTING] = "SELECT value FROM settings WHERE key = ?1",
  [STMT_SET_SETTING] = "INSERT OR REPLACE INTO settings (key, value) VALUES (?1, ?2)",
  [STMT_DELETE_SETTING] = "DELETE FROM settings WHERE key = ?1",
  [STMT_FIRST_USER_MESSAGE] = "SELECT content FROM messages WHERE conversation_id = ?1 AND role = 'user'"
                              "  ORDER BY position LIMIT 1",
  [STMT_INSERT_MESSAGE] = "INSERT INTO messages (id, " MESSAGE_STATE_COLUMNS ","
                          "  conversation_id, role, created, position)"
                          "  VALUES (NULL, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15,"
                          "          ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23,"
                          "          (SELECT COALESCE (MAX (position) + 1, 0) FROM messages WHERE conversation_id = ?21))",
  [STMT_UPDATE_MESSAGE] = "UPDATE messages SET (" MESSAGE_STATE_COLUMNS ") ="
                          "  (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20)"
                          "  WHERE id = ?1",
  [STMT_MESSAGE_PLACE] = "SELECT conversation_id, position FROM messages WHERE id = ?1",
  [STMT_DELETE_MESSAGES] = "DELETE FROM messages WHERE conversation_id = ?1 AND position >= ?2",
};

/* The parameters after the message state in STMT_INSERT_MESSAGE. */
#define PARAM_CONVERSATION_ID (2 + N_MESSAGE_STATE_COLUMNS)
#define PARAM_ROLE            (PARAM_CONVERSATION_ID + 1)
#define PARAM_CREATED         (PARAM_CONVERSATION_ID + 2)

G_STATIC_ASSERT (PARAM_CONVERSATION_ID == 21);

struct _ConfabStore
{
  GObject       parent_instance;

  char         *path;
  sqlite3      *db;
  sqlite3_stmt *statements[N_STATEMENTS];
  gint64        last_time;

  /* Conversations not in the trash, newest activity first, and by id. */
  GListStore   *conversations;
  GHashTable   *infos;

  /* The workers' connection and the lock that gives it to one at a time. */
  GMutex        reader_lock;
  sqlite3      *reader;
};

G_DEFINE_FINAL_TYPE (ConfabStore, confab_store, G_TYPE_OBJECT)

static sqlite3_stmt *
get_statement (ConfabStore  *self,
               Statement     statement,
               GError      **error)
{
  sqlite3_stmt *stmt = self->statements[statement];
  int rc;

  if (stmt != NULL)
    return stmt;

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

static void
reset_statement (sqlite3_stmt *stmt)
{
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
}

/* Steps @stmt to its end, which must come with no row, and resets it. */
static gboolean
run_statement (ConfabStore   *self,
               sqlite3_stmt  *stmt,
               GError       **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE)
    _confab_store_set_error (error, self->db, rc, self->path);

  reset_statement (stmt);

  return rc == SQLITE_DONE;
}

static gboolean
run_simple (ConfabStore  *self,
            Statement     statement,
            GError      **error)
{
  sqlite3_stmt *stmt = get_statement (self, statement, error);

  return stmt != NULL && run_statement (self, stmt, error);
}

static gboolean
begin (ConfabStore  *self,
       GError      **error)
{
  return run_simple (self, STMT_BEGIN, error);
}

static gboolean
commit (ConfabStore  *self,
        GError      **error)
{
  if (run_simple (self, STMT_COMMIT, error))
    return TRUE;

  run_simple (self, STMT_ROLLBACK, NULL);
  return FALSE;
}

static void
rollback (ConfabStore *self)
{
  if (sqlite3_get_autocommit (self->db) == 0)
    run_simple (self, STMT_ROLLBACK, NULL);
}

static void
set_not_found (GError **error)
{
  g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                       _("The conversation no longer exists."));
}

/* A time for a change: now, and always after the previous change. */
static gint64
next_time (ConfabStore *self)
{
  self->last_time = MAX (g_get_real_time (), self->last_time + 1);

  return self->last_time;
}

static void
bind_text_or_null (sqlite3_stmt *stmt,
                   int           param,
                   const char   *text)
{
  if (text != NULL)
    sqlite3_bind_text (stmt, param, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, param);
}

static gint64
usec_from_date_time (GDateTime *date_time)
{
  if (date_time == NULL)
    return g_get_real_time ();

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

/* Binds what an update writes, MESSAGE_STATE_COLUMNS, from ?2 on. */
static void
bind_message_state (sqlite3_stmt  *stmt,
                    ConfabMessage *message)
{
  const GError *error = confab_message_get_error (message);
  ConfabUsage *usage = confab_message_get_usage (message);
  int param = 2;

  sqlite3_bind_text (stmt, param++, confab_message_get_content (message), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, param++, confab_message_get_reasoning (message), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, param++, _confab_store_state_to_string (message), -1, SQLITE_STATIC);

  if (error != NULL)
    {
      sqlite3_bind_text (stmt, param++, g_quark_to_string (error->domain), -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, param++, error->code);
      sqlite3_bind_text (stmt, param++, error->message, -1, SQLITE_STATIC);
    }
  else
    {
      sqlite3_bind_null (stmt, param++);
      sqlite3_bind_null (stmt, param++);
      sqlite3_bind_null (stmt, param++);
    }

  bind_text_or_null (stmt, param++, confab_message_get_model (message));
  bind_text_or_null (stmt, param++, confab_message_get_finish_reason (message));
  bind_text_or_null (stmt, param++, confab_message_get_response_id (message));

  for (guint field = 0; field < CONFAB_USAGE_N_FIELDS; field++, param++)
    {
      gint64 count = usage != NULL ? confab_usage_get_field (usage, field) : CONFAB_USAGE_MISSING;

      if (count == CONFAB_USAGE_MISSING)
        sqlite3_bind_null (stmt, param);
      else
        sqlite3_bind_int64 (stmt, param, count);
    }

  g_assert (param == 2 + N_MESSAGE_STATE_COLUMNS);
}

static ConfabConversationInfo *
info_from_row (sqlite3_stmt *stmt)
{
  return _confab_conversation_info_new (sqlite3_column_int64 (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_int (stmt, 2),
                                        sqlite3_column_int64 (stmt, 3),
                                        sqlite3_column_int64 (stmt, 4),
                                        (const char *) sqlite3_column_text (stmt, 5),
                                        (const char *) sqlite3_column_text (stmt, 6),
                                        (const char *) sqlite3_column_text (stmt, 7));
}

static gboolean
load_conversations (ConfabStore  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT " CONVERSATION_COLUMNS " FROM conversations"
                           "  WHERE trashed = 0 ORDER BY updated DESC, id DESC",
                           -1, &stmt, NULL);

  while (rc == SQLITE_OK && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConfabConversationInfo *info = info_from_row (stmt);

      g_ptr_array_add (infos, info);
      g_hash_table_insert (self->infos, &info->parent_instance == NULL ? NULL : g_memdup2 (&(gint64) { confab_conversation_info_get_id (info) }, sizeof (gint64)), g_object_ref (info));
      self->last_time = MAX (self->last_time, _confab_conversation_info_get_updated_usec (info));
    }

  sqlite3_finalize (stmt);

  if (rc != SQLITE_DONE)
    {
      _confab_store_set_error (error, self->db, rc, self->path);
      return FALSE;
    }

  g_list_store_splice (self->conversations, 0, 0, infos->pdata, infos->len);

  return TRUE;
}
