/* confab-store-read.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-store-private.h"

/* The reads that grow with the history: a conversation's messages, and
 * search.  They take the connection to use, so that they run alike on
 * the main thread and, with the reader connection, on a worker thread.
 */

/* Search results when the caller does not say how many. */
#define DEFAULT_SEARCH_LIMIT 100

/* Words of context in a snippet. */
#define SNIPPET_TOKENS "12"

/* How often a long read looks at its cancellable, in rows. */
#define CANCEL_CHECK_ROWS 256

#define MESSAGE_COLUMNS \
  "id, role, content, reasoning, state, error_domain, error_code," \
  " error_message, model, finish_reason, response_id, created, " \
  CONFAB_STORE_USAGE_COLUMNS ", parent_id, chosen"

enum {
  COLUMN_ID,
  COLUMN_ROLE,
  COLUMN_CONTENT,
  COLUMN_REASONING,
  COLUMN_STATE,
  COLUMN_ERROR_DOMAIN,
  COLUMN_ERROR_CODE,
  COLUMN_ERROR_MESSAGE,
  COLUMN_MODEL,
  COLUMN_FINISH_REASON,
  COLUMN_RESPONSE_ID,
  COLUMN_CREATED,
  COLUMN_FIRST_USAGE,
  COLUMN_PARENT_ID = COLUMN_FIRST_USAGE + CONFAB_USAGE_N_FIELDS,
  COLUMN_CHOSEN,
};

static ConfabRole
role_from_string (const char *role)
{
  if (g_strcmp0 (role, "system") == 0)
    return CONFAB_ROLE_SYSTEM;
  if (g_strcmp0 (role, "user") == 0)
    return CONFAB_ROLE_USER;

  return CONFAB_ROLE_ASSISTANT;
}

/**
 * _confab_store_state_to_string:
 *
 * Returns: what is stored for the message's state: a pending message is
 *   "pending" until it has text and "streaming" after, and a failed one
 *   whose error is CONFAB_STORE_ERROR_INTERRUPTED stays "interrupted"
 */
const char *
_confab_store_state_to_string (ConfabMessage *message)
{
  switch (confab_message_get_state (message))
    {
    case CONFAB_MESSAGE_STATE_PENDING:
      if (confab_message_get_content_length (message) > 0 ||
          confab_message_get_reasoning_length (message) > 0)
        return "streaming";
      return "pending";

    case CONFAB_MESSAGE_STATE_FAILED:
      if (g_error_matches (confab_message_get_error (message),
                           CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED))
        return "interrupted";
      return "failed";

    case CONFAB_MESSAGE_STATE_CANCELLED:
      return "cancelled";

    case CONFAB_MESSAGE_STATE_COMPLETE:
    default:
      return "complete";
    }
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static void
set_state_from_row (ConfabMessage *message,
                    sqlite3_stmt  *stmt)
{
  const char *state = column_text (stmt, COLUMN_STATE);
  const char *error_message = column_text (stmt, COLUMN_ERROR_MESSAGE);

  if (g_strcmp0 (state, "pending") == 0 || g_strcmp0 (state, "streaming") == 0)
    {
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_PENDING);
    }
  else if (g_strcmp0 (state, "interrupted") == 0)
    {
      g_autoptr(GError) error = g_error_new_literal (CONFAB_STORE_ERROR,
                                                     CONFAB_STORE_ERROR_INTERRUPTED,
                                                     _("Confab stopped before this answer was complete."));

      confab_message_set_error (message, error);
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_FAILED);
    }
  else if (g_strcmp0 (state, "failed") == 0)
    {
      const char *domain = column_text (stmt, COLUMN_ERROR_DOMAIN);
      g_autoptr(GError) error = NULL;

      error = g_error_new_literal (domain != NULL ? g_quark_from_string (domain) : CONFAB_STORE_ERROR,
                                   domain != NULL ? sqlite3_column_int (stmt, COLUMN_ERROR_CODE) : CONFAB_STORE_ERROR_FAILED,
                                   error_message != NULL ? error_message : "");
      confab_message_set_error (message, error);
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_FAILED);
    }
  else if (g_strcmp0 (state, "cancelled") == 0)
    {
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_CANCELLED);
    }
  else
    {
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);
    }
}

static ConfabMessage *
message_from_row (sqlite3_stmt *stmt)
{
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(ConfabUsage) usage = NULL;
  g_autoptr(GDateTime) seconds = NULL;
  const char *reasoning;
  const char *response_id;
  gint64 created;

  message = confab_message_new (role_from_string (column_text (stmt, COLUMN_ROLE)),
                                column_text (stmt, COLUMN_CONTENT));
  confab_message_set_id (message, sqlite3_column_int64 (stmt, COLUMN_ID));

  reasoning = column_text (stmt, COLUMN_REASONING);
  if (reasoning != NULL && *reasoning != '\0')
    confab_message_set_reasoning (message, reasoning);

  confab_message_set_model (message, column_text (stmt, COLUMN_MODEL));
  confab_message_set_finish_reason (message, column_text (stmt, COLUMN_FINISH_REASON));

  response_id = column_text (stmt, COLUMN_RESPONSE_ID);
  if (response_id != NULL)
    g_object_set (message, "response-id", response_id, NULL);

  created = sqlite3_column_int64 (stmt, COLUMN_CREATED);
  seconds = g_date_time_new_from_unix_utc (created / G_USEC_PER_SEC);
  if (seconds != NULL)
    {
      g_autoptr(GDateTime) when = g_date_time_add (seconds, created % G_USEC_PER_SEC);

      confab_message_set_created (message, when);
    }

  for (guint field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      int column = COLUMN_FIRST_USAGE + field;

      if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
        continue;

      if (usage == NULL)
        usage = confab_usage_new ();
      confab_usage_set_field (usage, field, sqlite3_column_int64 (stmt, column));
    }
  confab_message_set_usage (message, usage);

  set_state_from_row (message, stmt);

  /* Its place among the versions: NULL begins the chat. */
  confab_message_set_parent_id (message, sqlite3_column_int64 (stmt, COLUMN_PARENT_ID));
  confab_message_set_chosen (message, sqlite3_column_int (stmt, COLUMN_CHOSEN));

  return g_steal_pointer (&message);
}

/* Gives the answers of @by_id, whose ids run from @first_id to
 * @last_id, the estimates made before they were asked for: one read of
 * that range of the table, not one per message.
 */
static gboolean
read_estimates (sqlite3     *db,
                const char  *path,
                GHashTable  *by_id,
                gint64       first_id,
                gint64       last_id,
                GError     **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db,
                           "SELECT message_id, input_tokens FROM answer_estimates"
                           "  WHERE message_id BETWEEN ?1 AND ?2",
                           -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, first_id);
      sqlite3_bind_int64 (stmt, 2, last_id);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          gint64 message_id = sqlite3_column_int64 (stmt, 0);
          ConfabMessage *message = g_hash_table_lookup (by_id, &message_id);

          if (message != NULL)
            confab_message_set_estimated_input_tokens (message, sqlite3_column_int64 (stmt, 1));
        }
    }

  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      _confab_store_set_error (error, db, rc, path);
      return FALSE;
    }

  return TRUE;
}

/* What a chat's messages keep apart from their rows, its estimates and
 * images, read by the range of their ids.
 */
static gboolean
read_kept_apart (sqlite3     *db,
                 const char  *path,
                 GPtrArray   *rows,
                 GError     **error)
{
  g_autoptr(GHashTable) by_id = NULL;
  g_autofree gint64 *ids = NULL;
  gint64 first_id = G_MAXINT64;
  gint64 last_id = G_MININT64;

  if (rows->len == 0)
    return TRUE;

  ids = g_new (gint64, rows->len);
  by_id = g_hash_table_new (g_int64_hash, g_int64_equal);
  for (guint i = 0; i < rows->len; i++)
    {
      ids[i] = confab_message_get_id (g_ptr_array_index (rows, i));
      g_hash_table_insert (by_id, &ids[i], g_ptr_array_index (rows, i));
      first_id = MIN (first_id, ids[i]);
      last_id = MAX (last_id, ids[i]);
    }

  return read_estimates (db, path, by_id, first_id, last_id, error) &&
         _confab_store_read_images (db, path, by_id, first_id, last_id, error);
}

static gboolean
return_error_if_cancelled (GCancellable  *cancellable,
                           GError       **error)
{
  return g_cancellable_set_error_if_cancelled (cancellable, error);
}

GListStore *
_confab_store_read_messages (sqlite3       *db,
                             const char    *path,
                             gint64         conversation_id,
                             GCancellable  *cancellable,
                             GError       **error)
{
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;
  int rc;

  /* Both reads see the same snapshot. */
  if (!_confab_store_exec (db, "BEGIN", path, error))
    return NULL;

  rc = sqlite3_prepare_v2 (db, "SELECT 1 FROM conversations WHERE id = ?1", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_int64 (stmt, 1, conversation_id);
      rc = sqlite3_step (stmt);
      found = rc == SQLITE_ROW;
      if (rc == SQLITE_ROW)
        rc = SQLITE_DONE;
    }
  sqlite3_finalize (stmt);
  stmt = NULL;

  if (rc != SQLITE_DONE)
    goto fail;

  if (!found)
    {
      g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                           _("The chat no longer exists."));
      goto done;
    }

  rc = sqlite3_prepare_v2 (db,
                           "SELECT " MESSAGE_COLUMNS " FROM messages"
                           "  WHERE conversation_id = ?1 ORDER BY position",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  rows = g_ptr_array_new_with_free_func (g_object_unref);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (rows->len % CANCEL_CHECK_ROWS == 0 && return_error_if_cancelled (cancellable, error))
        goto done;

      g_ptr_array_add (rows, message_from_row (stmt));
    }

  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_finalize (stmt);
  stmt = NULL;

  if (!read_kept_apart (db, path, rows, error))
    goto done;

  /* One items-changed for the lot. */
  messages = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_list_store_splice (messages, 0, 0, rows->pdata, rows->len);

  sqlite3_finalize (stmt);
  sqlite3_exec (db, "COMMIT", NULL, NULL, NULL);

  return g_steal_pointer (&messages);

fail:
  _confab_store_set_error (error, db, rc, path);
done:
  sqlite3_finalize (stmt);
  sqlite3_exec (db, "ROLLBACK", NULL, NULL, NULL);
  return NULL;
}

GListModel *
_confab_store_read_search (sqlite3       *db,
                           const char    *path,
                           const char    *text,
                           guint          limit,
                           GCancellable  *cancellable,
                           GError       **error)
{
  g_autoptr(GListStore) results = g_list_store_new (CONFAB_TYPE_SEARCH_RESULT);
  g_autofree char *query = _confab_store_fts_query (text);
  sqlite3_stmt *stmt = NULL;
  int rc;

  if (query == NULL)
    return G_LIST_MODEL (g_steal_pointer (&results));

  /* Newest first: FTS5 reads its index in that order and stops at the
   * limit, where ranking every match by relevance costs ten times as
   * much on a large history.
   */
  rc = sqlite3_prepare_v2 (db,
                           "SELECT m.conversation_id, m.id, m.role, c.title,"
                           "       snippet (messages_fts, 0, char (1), char (2), '…', " SNIPPET_TOKENS ")"
                           "  FROM messages_fts"
                           "  JOIN messages AS m ON m.id = messages_fts.rowid"
                           "  JOIN conversations AS c ON c.id = m.conversation_id"
                           "  WHERE messages_fts MATCH ?1 AND c.trashed = 0"
                           "  ORDER BY messages_fts.rowid DESC"
                           "  LIMIT ?2",
                           -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    goto fail;

  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, limit > 0 ? limit : DEFAULT_SEARCH_LIMIT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(ConfabSearchResult) result = NULL;

      if (return_error_if_cancelled (cancellable, error))
        {
          sqlite3_finalize (stmt);
          return NULL;
        }

      result = _confab_search_result_new (sqlite3_column_int64 (stmt, 0),
                                          sqlite3_column_int64 (stmt, 1),
                                          role_from_string (column_text (stmt, 2)),
                                          column_text (stmt, 3),
                                          column_text (stmt, 4));
      g_list_store_append (results, result);
    }

  if (rc != SQLITE_DONE)
    goto fail;

  sqlite3_finalize (stmt);

  return G_LIST_MODEL (g_steal_pointer (&results));

fail:
  _confab_store_set_error (error, db, rc, path);
  sqlite3_finalize (stmt);
  return NULL;
}
