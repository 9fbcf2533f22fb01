/* confab-store-messages.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-conversation-info-private.h"
#include "confab-store-private.h"

/* The writes of messages: append, update while streaming, and delete
 * from a place on, each one transaction.
 */

static gint64
usec_from_date_time (GDateTime *date_time)
{
  if (date_time == NULL)
    return g_get_real_time ();

  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC +
         g_date_time_get_microsecond (date_time);
}

/* Binds what an update writes, CONFAB_STORE_STATE_COLUMNS, from ?2 on. */
void
_confab_store_bind_message_state (sqlite3_stmt  *stmt,
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

  _confab_store_bind_text_or_null (stmt, param++, confab_message_get_model (message));
  _confab_store_bind_text_or_null (stmt, param++, confab_message_get_finish_reason (message));
  _confab_store_bind_text_or_null (stmt, param++, confab_message_get_response_id (message));

  for (guint field = 0; field < CONFAB_USAGE_N_FIELDS; field++, param++)
    {
      gint64 count = usage != NULL ? confab_usage_get_field (usage, field) : CONFAB_USAGE_MISSING;

      if (count == CONFAB_USAGE_MISSING)
        sqlite3_bind_null (stmt, param);
      else
        sqlite3_bind_int64 (stmt, param, count);
    }

  g_assert (param == 2 + CONFAB_STORE_N_STATE_COLUMNS);
}

/* Whether the usage review counts @message as a request: an answer
 * that no longer streams.
 */
static gboolean
is_request (ConfabMessage *message)
{
  return confab_message_get_role (message) == CONFAB_ROLE_ASSISTANT &&
         confab_message_get_state (message) != CONFAB_MESSAGE_STATE_PENDING;
}

/* Finds where a message is.  Returns %FALSE with @error set when it is
 * not stored.
 */
static gboolean
find_message (ConfabStore  *self,
              gint64        message_id,
              gint64       *conversation_id,
              gint64       *position,
              GError      **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, STMT_MESSAGE_PLACE, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  rc = sqlite3_step (stmt);

  if (rc == SQLITE_ROW)
    {
      *conversation_id = sqlite3_column_int64 (stmt, 0);
      *position = sqlite3_column_int64 (stmt, 1);
    }
  else if (rc == SQLITE_DONE)
    {
      g_set_error_literal (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND,
                           _("The message no longer exists."));
    }
  else
    {
      _confab_store_set_error (error, self->db, rc, self->path);
    }

  _confab_store_reset_statement (stmt);

  return rc == SQLITE_ROW;
}

static gboolean
set_updated (ConfabStore  *self,
             gint64        conversation_id,
             gint64        updated,
             GError      **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, STMT_SET_UPDATED, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, conversation_id);
  sqlite3_bind_int64 (stmt, 2, updated);

  return _confab_store_run_statement (self, stmt, error);
}

/* Keeps the estimate made before @message_id was asked for, or forgets
 * it when @input_tokens is negative.
 */
static gboolean
write_estimate (ConfabStore  *self,
                gint64        message_id,
                gint64        input_tokens,
                GError      **error)
{
  sqlite3_stmt *stmt;

  stmt = _confab_store_get_statement (self, input_tokens >= 0 ? STMT_SET_ESTIMATE : STMT_DELETE_ESTIMATE, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);
  if (input_tokens >= 0)
    sqlite3_bind_int64 (stmt, 2, input_tokens);

  return _confab_store_run_statement (self, stmt, error);
}

static gboolean
choose_version (ConfabStore  *self,
                gint64        message_id,
                GError      **error)
{
  sqlite3_stmt *stmt = _confab_store_get_statement (self, STMT_CHOOSE_MESSAGE, error);

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, message_id);

  return _confab_store_run_statement (self, stmt, error);
}

/**
 * confab_store_append_message:
 * @message: a message that is not stored yet
 *
 * Stores @message at the end of the conversation, with everything it
 * holds, sets its id (confab_message_get_id()) and makes the
 * conversation the most recent.  The first user message of a
 * conversation whose title is not custom gives it its title.  It
 * follows the message stored last; see confab_store_append_version().
 */
gboolean
confab_store_append_message (ConfabStore    *self,
                             gint64          conversation_id,
                             ConfabMessage  *message,
                             GError        **error)
{
  return confab_store_append_version (self, conversation_id, CONFAB_MESSAGE_PARENT_UNKNOWN, message, error);
}

/**
 * confab_store_append_version:
 * @parent_id: the stored message @message follows, 0 when it begins
 *   the chat, or %CONFAB_MESSAGE_PARENT_UNKNOWN for the one stored last
 * @message: a message that is not stored yet
 *
 * As confab_store_append_message(), after @parent_id: when other
 * messages follow it already, @message is a new version of them, and
 * the one chosen to be shown (see confab_store_choose_version()).
 */
gboolean
confab_store_append_version (ConfabStore    *self,
                             gint64          conversation_id,
                             gint64          parent_id,
                             ConfabMessage  *message,
                             GError        **error)
{
  ConfabConversationInfo *info;
  g_autofree char *title = NULL;
  sqlite3_stmt *stmt;
  gint64 now;
  gint64 id;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (confab_message_get_id (message) == 0, FALSE);
  g_return_val_if_fail (parent_id >= CONFAB_MESSAGE_PARENT_UNKNOWN, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  info = confab_store_lookup_conversation (self, conversation_id);
  now = _confab_store_next_time (self);

  if (!_confab_store_begin (self, error))
    return FALSE;

  if (info != NULL &&
      !confab_conversation_info_get_title_is_custom (info) &&
      confab_message_get_role (message) == CONFAB_ROLE_USER)
    {
      g_autofree char *current = _confab_store_automatic_title (self, conversation_id, error);

      if (current == NULL)
        goto fail;

      /* No user message before this one. */
      if (*current == '\0')
        title = confab_store_title_from_prompt (confab_message_get_content (message));
    }

  if (!(stmt = _confab_store_get_statement (self, STMT_INSERT_MESSAGE, error)))
    goto fail;

  _confab_store_bind_message_state (stmt, message);
  sqlite3_bind_int64 (stmt, CONFAB_STORE_PARAM_CONVERSATION_ID, conversation_id);
  sqlite3_bind_text (stmt, CONFAB_STORE_PARAM_ROLE, confab_role_to_string (confab_message_get_role (message)), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, CONFAB_STORE_PARAM_CREATED, usec_from_date_time (confab_message_get_created (message)));
  sqlite3_bind_int64 (stmt, CONFAB_STORE_PARAM_PARENT_ID, parent_id);

  if (!_confab_store_run_statement (self, stmt, error))
    goto fail;

  id = sqlite3_last_insert_rowid (self->db);

  if (!choose_version (self, id, error))
    goto fail;

  if (confab_message_get_estimated_input_tokens (message) >= 0 &&
      !write_estimate (self, id, confab_message_get_estimated_input_tokens (message), error))
    goto fail;

  if (title != NULL)
    {
      if (!(stmt = _confab_store_get_statement (self, STMT_SET_TITLE, error)))
        goto fail;

      sqlite3_bind_int64 (stmt, 1, conversation_id);
      sqlite3_bind_text (stmt, 2, title, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, FALSE);

      if (!_confab_store_run_statement (self, stmt, error))
        goto fail;
    }

  if (!set_updated (self, conversation_id, now, error) ||
      !_confab_store_commit (self, error))
    goto fail;

  confab_message_set_id (message, id);
  _confab_store_insert_images (self, id, message);

  if (info != NULL)
    {
      if (title != NULL)
        _confab_conversation_info_set_title (info, title, FALSE);
      _confab_store_touch_conversation (self, info, now);
    }

  if (is_request (message))
    _confab_store_usage_changed (self);

  return TRUE;

fail:
  _confab_store_rollback (self);
  return FALSE;
}

/**
 * confab_store_update_message:
 * @message: a stored message
 *
 * Saves what may change in a message as it is answered: content,
 * reasoning, state, error, model, finish reason, response id and usage.
 * Its role, time and place stay.  It is activity for the conversation.
 * One statement and a commit, whatever the size of the history: it is
 * made to be called every 2 s while streaming.
 */
gboolean
confab_store_update_message (ConfabStore    *self,
                             ConfabMessage  *message,
                             GError        **error)
{
  ConfabConversationInfo *info;
  sqlite3_stmt *stmt;
  gint64 id;
  gint64 conversation_id = 0;
  gint64 position = 0;
  gint64 now;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (confab_message_get_id (message) > 0, FALSE);

  id = confab_message_get_id (message);
  now = _confab_store_next_time (self);

  if (!_confab_store_begin (self, error))
    return FALSE;

  if (!find_message (self, id, &conversation_id, &position, error) ||
      !(stmt = _confab_store_get_statement (self, STMT_UPDATE_MESSAGE, error)))
    goto fail;

  sqlite3_bind_int64 (stmt, 1, id);
  _confab_store_bind_message_state (stmt, message);

  if (!_confab_store_run_statement (self, stmt, error) ||
      !set_updated (self, conversation_id, now, error) ||
      !_confab_store_commit (self, error))
    goto fail;

  if ((info = confab_store_lookup_conversation (self, conversation_id)))
    _confab_store_touch_conversation (self, info, now);

  /* Not for every piece of a streaming answer: once it ends. */
  if (is_request (message))
    _confab_store_usage_changed (self);

  return TRUE;

fail:
  _confab_store_rollback (self);
  return FALSE;
}

/**
 * confab_store_choose_version:
 * @message_id: a stored message
 *
 * Makes @message_id the version shown of the messages that follow the
 * same one, so that its chat opens again on the branch through it
 * (wherever the branch goes on from there is kept the same way).
 */
gboolean
confab_store_choose_version (ConfabStore  *self,
                             gint64        message_id,
                             GError      **error)
{
  gint64 conversation_id = 0;
  gint64 position = 0;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);

  if (!_confab_store_begin (self, error))
    return FALSE;

  if (!find_message (self, message_id, &conversation_id, &position, error) ||
      !choose_version (self, message_id, error) ||
      !_confab_store_commit (self, error))
    {
      _confab_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}

/**
 * confab_store_set_estimate:
 * @message_id: a stored answer
 * @input_tokens: the input tokens estimated before it was asked for, or
 *   -1 for none
 *
 * Keeps with an answer the estimate made before it was asked for (see
 * #ConfabMessage:estimated-input-tokens), apart from its text and
 * state, which confab_store_update_message() writes.  It is not
 * activity for the conversation.
 */
gboolean
confab_store_set_estimate (ConfabStore  *self,
                           gint64        message_id,
                           gint64        input_tokens,
                           GError      **error)
{
  gint64 conversation_id = 0;
  gint64 position = 0;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (message_id > 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!_confab_store_begin (self, error))
    return FALSE;

  if (!find_message (self, message_id, &conversation_id, &position, error) ||
      !write_estimate (self, message_id, input_tokens, error) ||
      !_confab_store_commit (self, error))
    {
      _confab_store_rollback (self);
      return FALSE;
    }

  return TRUE;
}
