/* confab-store-conversations.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-conversation.h"
#include "confab-conversation-info-private.h"
#include "confab-store-private.h"

/* The conversations: their rows, and the live list of
 * ConfabConversationInfo that mirrors them for the sidebar.  Every change
 * made through the store goes to the database first and, once it is
 * committed, to the infos and the list.
 */

#define LAST_CONVERSATION_KEY "last-conversation"
#define NEW_CHAT_DRAFT_KEY    "new-chat-draft"

static ConfabConversationInfo *
info_from_row (sqlite3_stmt *stmt)
{
  ConfabConversationInfo *info;
  double temperature = CONFAB_CONVERSATION_FOLLOW;
  int max_output_tokens = CONFAB_CONVERSATION_FOLLOW;

  info = _confab_conversation_info_new (sqlite3_column_int64 (stmt, 0),
                                        (const char *) sqlite3_column_text (stmt, 1),
                                        sqlite3_column_int (stmt, 2),
                                        sqlite3_column_int64 (stmt, 3),
                                        sqlite3_column_int64 (stmt, 4),
                                        (const char *) sqlite3_column_text (stmt, 5),
                                        (const char *) sqlite3_column_text (stmt, 6),
                                        (const char *) sqlite3_column_text (stmt, 7));

  /* NULL follows Preferences; a value out of range, which Confab never
   * writes, is not sent rather than sent wrong.
   */
  if (sqlite3_column_type (stmt, 8) != SQLITE_NULL)
    {
      temperature = sqlite3_column_double (stmt, 8);
      if (!(temperature >= 0 && temperature <= 2))
        temperature = CONFAB_CONVERSATION_NOT_SENT;
    }

  if (sqlite3_column_type (stmt, 9) != SQLITE_NULL)
    {
      sqlite3_int64 value = sqlite3_column_int64 (stmt, 9);

      max_output_tokens = value > 0 && value <= G_MAXINT ? (int) value : CONFAB_CONVERSATION_NOT_SENT;
    }

  _confab_conversation_info_set_parameters (info, temperature, max_output_tokens,
                                            (const char *) sqlite3_column_text (stmt, 10));

  return info;
}

static void
remember_info (ConfabStore            *self,
               ConfabConversationInfo *info)
{
  gint64 *key = g_new (gint64, 1);

  *key = confab_conversation_info_get_id (info);
  g_hash_table_insert (self->infos, key, g_object_ref (info));
}

gboolean
_confab_store_load_conversations (ConfabStore  *self,
                                  GError      **error)
{
  g_autoptr(GPtrArray) infos = g_ptr_array_new_with_free_func (g_object_unref);
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (self->db,
                           "SELECT " CONFAB_STORE_CONVERSATION_COLUMNS " FROM conversations"
                           "  WHERE trashed = 0 ORDER BY updated DESC, id DESC",
                           -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, self->db, rc, self->path);
      return FALSE;
    }

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      ConfabConversationInfo *info = info_from_row (stmt);

      g_ptr_array_add (infos, info);
      remember_info (self, info);
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

static int
compare_infos (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  ConfabConversationInfo *info_a = (ConfabConversationInfo *) a;
  ConfabConversationInfo *info_b = (ConfabConversationInfo *) b;
  gint64 updated_a = _confab_conversation_info_get_updated_usec (info_a);
  gint64 updated_b = _confab_conversation_info_get_updated_usec (info_b);
  gint64 id_a = confab_conversation_info_get_id (info_a);
  gint64 id_b = confab_conversation_info_get_id (info_b);

  /* Newest first; the later of two created alike first. */
  if (updated_a != updated_b)
    return updated_a > updated_b ? -1 : 1;

  return id_a > id_b ? -1 : id_a < id_b;
}

/* Marks activity on a listed conversation: it goes to the top. */
void
_confab_store_touch_conversation (ConfabStore            *self,
                                  ConfabConversationInfo *info,
                                  gint64                  updated)
{
  guint position;

  _confab_conversation_info_set_updated (info, updated);

  if (g_list_store_find (self->conversations, info, &position) && position != 0)
    {
      g_autoptr(ConfabConversationInfo) held = g_object_ref (info);

      g_list_store_remove (self->conversations, position);
      g_list_store_insert (self->conversations, 0, held);
    }
}

static void
forget_info (ConfabStore *self,
             gint64       conversation_id)
{
  ConfabConversationInfo *info = g_hash_table_lookup (self->infos, &conversation_id);
  guint position;

  if (info == NULL)
    return;

  if (g_list_store_find (self->conversations, info, &position))
    g_list_store_remove (self->conversations, position);

  g_hash_table_remove (self->infos, &conversation_id);
}

/* Runs one of the statements that change a column of a conversation that
 * is not in the trash.  Returns %FALSE with CONFAB_STORE_ERROR_NOT_FOUND
 * when there is no such conversation.
 */
static gboolean
set_conversation_text (ConfabStore           *self,
                       ConfabStoreStatement   statement,
                       gint64                 conversation_id,
                       const char            *text,
                       GError               **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, statement, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  _confab_store_bind_text_or_null (stmt, 2, text);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  return TRUE;
}

/* The title a conversation gets when it has no custom one: from its
 * first user message, or none.
 */
char *
_confab_store_automatic_title (ConfabStore  *self,
                               gint64        conversation_id,
                               GError      **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, STMT_FIRST_USER_MESSAGE, error);
  char *title = NULL;
  int rc;

  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    title = confab_store_title_from_prompt ((const char *) sqlite3_column_text (stmt, 0));
  else if (rc == SQLITE_DONE)
    title = g_strdup ("");
  else
    _confab_store_set_error (error, self->db, rc, self->path);

  _confab_store_reset_statement (stmt);

  return title;
}

/**
 * confab_store_get_conversations:
 *
 * Returns: (transfer none): a #GListModel of #ConfabConversationInfo,
 *   the conversations not in the trash, newest activity first, that the
 *   store keeps up to date
 */
GListModel *
confab_store_get_conversations (ConfabStore *self)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);

  return G_LIST_MODEL (self->conversations);
}

/**
 * confab_store_lookup_conversation:
 *
 * Returns: (transfer none) (nullable): the conversation's info, or %NULL
 *   when there is no such conversation or it is in the trash
 */
ConfabConversationInfo *
confab_store_lookup_conversation (ConfabStore *self,
                                  gint64       conversation_id)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);

  return g_hash_table_lookup (self->infos, &conversation_id);
}

/**
 * confab_store_create_conversation:
 *
 * Adds an empty conversation, with no title until its first prompt is
 * appended and with the model and system prompt of Preferences, at the
 * top of the list.
 *
 * Returns: its id, or 0 with @error set
 */
gint64
confab_store_create_conversation (ConfabStore  *self,
                                  GError      **error)
{
  g_autoptr(ConfabConversationInfo) info = NULL;
  sqlite3_stmt *stmt;
  gint64 now;
  gint64 id;

  g_return_val_if_fail (CONFAB_IS_STORE (self), 0);

  if (!(stmt = _confab_store_get_statement (self, STMT_CREATE_CONVERSATION, error)))
    return 0;

  now = _confab_store_next_time (self);
  sqlite3_bind_int64 (stmt, 1, now);
  if (!_confab_store_run_statement (self, stmt, error))
    return 0;

  id = sqlite3_last_insert_rowid (self->db);
  info = _confab_conversation_info_new (id, "", FALSE, now, now, NULL, NULL, "");
  remember_info (self, info);
  g_list_store_insert (self->conversations, 0, info);

  return id;
}

/**
 * confab_store_rename_conversation:
 * @title: (nullable): the new title, or %NULL or blank to go back to the
 *   title made from the first prompt
 *
 * Sets the title the user chose; it is kept when messages are added.
 * This is not activity: the conversation keeps its place in the list.
 */
gboolean
confab_store_rename_conversation (ConfabStore  *self,
                                  gint64        conversation_id,
                                  const char   *title,
                                  GError      **error)
{
  ConfabConversationInfo *info;
  g_autofree char *stripped = NULL;
  sqlite3_stmt *stmt;
  gboolean custom;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(info = confab_store_lookup_conversation (self, conversation_id)))
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (title ? title : ""));
  custom = *stripped != '\0';

  if (!custom)
    {
      g_clear_pointer (&stripped, g_free);
      if (!(stripped = _confab_store_automatic_title (self, conversation_id, error)))
        return FALSE;
    }

  if (!(stmt = _confab_store_get_statement (self, STMT_SET_TITLE, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_text (stmt, 2, stripped, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, custom);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  _confab_conversation_info_set_title (info, stripped, custom);

  return TRUE;
}

/**
 * confab_store_trash_conversation:
 *
 * Takes the conversation out of the list and of search results, for an
 * Undo toast: confab_store_restore_conversation() puts it back, and
 * confab_store_delete_conversation() deletes it when the toast goes.
 * The next start-up deletes conversations left in the trash.
 */
gboolean
confab_store_trash_conversation (ConfabStore  *self,
                                 gint64        conversation_id,
                                 GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!(stmt = _confab_store_get_statement (self, STMT_SET_TRASHED, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int (stmt, 2, 1);
  sqlite3_bind_int (stmt, 3, 0);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  forget_info (self, conversation_id);
  _confab_store_usage_changed (self);

  return TRUE;
}

gboolean
confab_store_restore_conversation (ConfabStore  *self,
                                   gint64        conversation_id,
                                   GError      **error)
{
  g_autoptr(ConfabConversationInfo) info = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!(stmt = _confab_store_get_statement (self, STMT_SET_TRASHED, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int (stmt, 2, 0);
  sqlite3_bind_int (stmt, 3, 1);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  if (!(stmt = _confab_store_get_statement (self, STMT_SELECT_CONVERSATION, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    info = info_from_row (stmt);
  else
    _confab_store_set_error (error, self->db, rc, self->path);
  _confab_store_reset_statement (stmt);

  if (info == NULL)
    return FALSE;

  remember_info (self, info);
  g_list_store_insert_sorted (self->conversations, info, compare_infos, NULL);
  _confab_store_usage_changed (self);

  return TRUE;
}

/**
 * confab_store_delete_conversation:
 *
 * Deletes the conversation and its messages for good, in the trash or
 * not.
 */
gboolean
confab_store_delete_conversation (ConfabStore  *self,
                                  gint64        conversation_id,
                                  GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!(stmt = _confab_store_get_statement (self, STMT_DELETE_CONVERSATION, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  forget_info (self, conversation_id);
  _confab_store_usage_changed (self);

  return TRUE;
}

/* The settings table.  Returns the statement on the row of @key, to be
 * reset after its value is read, or %NULL when there is no such row.
 */
static sqlite3_stmt *
read_setting (ConfabStore *self,
              const char  *key)
{
  sqlite3_stmt *stmt;

  if (!(stmt = _confab_store_get_statement (self, STMT_GET_SETTING, NULL)))
    return NULL;

  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return stmt;

  _confab_store_reset_statement (stmt);
  return NULL;
}

/* The statement that writes @key, whose value the caller binds as ?2
 * and runs, or that removes it.
 */
static sqlite3_stmt *
prepare_setting (ConfabStore  *self,
                 const char   *key,
                 gboolean      remove,
                 GError      **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, remove ? STMT_DELETE_SETTING : STMT_SET_SETTING, error);

  if (stmt != NULL)
    sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);

  return stmt;
}

/* The draft of conversation 0: the new chat, which is stored only once
 * its first message is sent, keeps its draft among the settings.
 */
static const char *
get_new_chat_draft (ConfabStore *self)
{
  sqlite3_stmt *stmt;

  if (self->new_chat_draft != NULL)
    return self->new_chat_draft;

  if ((stmt = read_setting (self, NEW_CHAT_DRAFT_KEY)))
    {
      if (sqlite3_column_type (stmt, 0) == SQLITE_TEXT)
        self->new_chat_draft = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      _confab_store_reset_statement (stmt);
    }

  if (self->new_chat_draft == NULL)
    self->new_chat_draft = g_strdup ("");

  return self->new_chat_draft;
}

static gboolean
set_new_chat_draft (ConfabStore  *self,
                    const char   *draft,
                    GError      **error)
{
  sqlite3_stmt *stmt;

  if (g_str_equal (get_new_chat_draft (self), draft))
    return TRUE;

  if (!(stmt = prepare_setting (self, NEW_CHAT_DRAFT_KEY, draft[0] == '\0', error)))
    return FALSE;

  if (draft[0] != '\0')
    sqlite3_bind_text (stmt, 2, draft, -1, SQLITE_STATIC);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  g_free (self->new_chat_draft);
  self->new_chat_draft = g_strdup (draft);

  return TRUE;
}

/**
 * confab_store_get_draft:
 * @conversation_id: a conversation, or 0 for the new chat that is not
 *   stored yet
 *
 * Returns: (nullable): the unsent text of the conversation's composer,
 *   "" when there is none, or %NULL when there is no such conversation
 */
const char *
confab_store_get_draft (ConfabStore *self,
                        gint64       conversation_id)
{
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);

  if (conversation_id == 0)
    return get_new_chat_draft (self);

  info = confab_store_lookup_conversation (self, conversation_id);

  return info != NULL ? confab_conversation_info_get_draft (info) : NULL;
}

/**
 * confab_store_set_draft:
 * @conversation_id: a conversation, or 0 for the new chat that is not
 *   stored yet
 * @draft: (nullable): the composer's text
 *
 * Keeps the unsent text; it is not activity.  Cheap, but a UI should
 * still save it after a pause in typing or when switching, not on every
 * key.
 */
gboolean
confab_store_set_draft (ConfabStore  *self,
                        gint64        conversation_id,
                        const char   *draft,
                        GError      **error)
{
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (draft == NULL)
    draft = "";

  if (conversation_id == 0)
    return set_new_chat_draft (self, draft, error);

  info = confab_store_lookup_conversation (self, conversation_id);
  if (info != NULL && g_str_equal (confab_conversation_info_get_draft (info), draft))
    return TRUE;

  if (!set_conversation_text (self, STMT_SET_DRAFT, conversation_id, draft, error))
    return FALSE;

  if (info != NULL)
    _confab_conversation_info_set_draft (info, draft);

  return TRUE;
}

/**
 * confab_store_set_model:
 * @model: (nullable): the model for this conversation, or %NULL to use
 *   the one in Preferences
 */
gboolean
confab_store_set_model (ConfabStore  *self,
                        gint64        conversation_id,
                        const char   *model,
                        GError      **error)
{
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!set_conversation_text (self, STMT_SET_MODEL, conversation_id, model, error))
    return FALSE;

  if ((info = confab_store_lookup_conversation (self, conversation_id)))
    _confab_conversation_info_set_model (info, model);

  return TRUE;
}

/**
 * confab_store_set_system_prompt:
 * @system_prompt: (nullable): the system prompt for this conversation,
 *   or %NULL to use the one in Preferences ("" is no system prompt)
 */
gboolean
confab_store_set_system_prompt (ConfabStore  *self,
                                gint64        conversation_id,
                                const char   *system_prompt,
                                GError      **error)
{
  ConfabConversationInfo *info;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!set_conversation_text (self, STMT_SET_SYSTEM_PROMPT, conversation_id, system_prompt, error))
    return FALSE;

  if ((info = confab_store_lookup_conversation (self, conversation_id)))
    _confab_conversation_info_set_system_prompt (info, system_prompt);

  return TRUE;
}

/**
 * confab_store_set_parameters:
 * @temperature: from 0 to 2, %CONFAB_CONVERSATION_FOLLOW to use the one
 *   in Preferences, or %CONFAB_CONVERSATION_NOT_SENT to send none
 * @max_output_tokens: at least 1, or %CONFAB_CONVERSATION_FOLLOW or
 *   %CONFAB_CONVERSATION_NOT_SENT
 * @reasoning_effort: (nullable): "low", "medium", "high",
 *   %CONFAB_REASONING_EFFORT_NOT_SENT, or %NULL to use the one in
 *   Preferences
 *
 * Keeps the generation parameters of a conversation, as
 * #ConfabConversation has them.
 */
gboolean
confab_store_set_parameters (ConfabStore  *self,
                             gint64        conversation_id,
                             double        temperature,
                             int           max_output_tokens,
                             const char   *reasoning_effort,
                             GError      **error)
{
  ConfabConversationInfo *info;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!(stmt = _confab_store_get_statement (self, STMT_SET_PARAMETERS, error)))
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  if (temperature != CONFAB_CONVERSATION_FOLLOW)
    sqlite3_bind_double (stmt, 2, temperature);
  if (max_output_tokens != CONFAB_CONVERSATION_FOLLOW)
    sqlite3_bind_int (stmt, 3, max_output_tokens);
  _confab_store_bind_text_or_null (stmt, 4, reasoning_effort);

  if (!_confab_store_run_statement (self, stmt, error))
    return FALSE;

  if (sqlite3_changes (self->db) == 0)
    {
      _confab_store_set_not_found (error);
      return FALSE;
    }

  if ((info = confab_store_lookup_conversation (self, conversation_id)))
    _confab_conversation_info_set_parameters (info, temperature, max_output_tokens, reasoning_effort);

  return TRUE;
}

/**
 * confab_store_get_last_conversation:
 *
 * Returns: the conversation that was open when the app last stopped, or
 *   0 when there is none (any more)
 */
gint64
confab_store_get_last_conversation (ConfabStore *self)
{
  sqlite3_stmt *stmt;
  gint64 id = 0;

  g_return_val_if_fail (CONFAB_IS_STORE (self), 0);

  if ((stmt = read_setting (self, LAST_CONVERSATION_KEY)))
    {
      id = sqlite3_column_int64 (stmt, 0);
      _confab_store_reset_statement (stmt);
    }

  return confab_store_lookup_conversation (self, id) != NULL ? id : 0;
}

/**
 * confab_store_set_last_conversation:
 * @conversation_id: the conversation shown, or 0 for none
 */
gboolean
confab_store_set_last_conversation (ConfabStore  *self,
                                    gint64        conversation_id,
                                    GError      **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!(stmt = prepare_setting (self, LAST_CONVERSATION_KEY, conversation_id <= 0, error)))
    return FALSE;

  if (conversation_id > 0)
    sqlite3_bind_int64 (stmt, 2, conversation_id);

  return _confab_store_run_statement (self, stmt, error);
}
