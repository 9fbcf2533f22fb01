/* confab-estimate-count.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-estimate.h"
#include "confab-estimate-count.h"
#include "confab-message-private.h"

/* The count of a message's content is kept in the message with the
 * epoch and length of the text it was made of: the content only grows
 * within an epoch (confab-message-text.c), so the same epoch and length
 * are the same text.
 */

static guint64 bytes_counted;

static void
keep (ConfabMessage *message,
      guint          epoch,
      gsize          length,
      gint64         tokens)
{
  message->count_kept = TRUE;
  message->count_epoch = epoch;
  message->count_length = length;
  message->count_tokens = tokens;
}

/**
 * confab_estimate_count_peek:
 * @message: a #ConfabMessage
 * @tokens: (out): the estimated tokens of its content
 *
 * Returns: %TRUE when the tokens of @message's content as it is now
 *   were counted and kept
 */
gboolean
confab_estimate_count_peek (ConfabMessage *message,
                            gint64        *tokens)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (tokens != NULL, FALSE);

  if (!message->count_kept ||
      message->count_epoch != message->text_epoch ||
      message->count_length != confab_message_get_content_length (message))
    return FALSE;

  *tokens = message->count_tokens;
  return TRUE;
}

/**
 * confab_estimate_count_is_long:
 * @message: a #ConfabMessage
 *
 * Returns: whether the content of @message is long enough to be
 *   counted on a worker (confab_estimate_count_async()) rather than
 *   on the main thread
 */
gboolean
confab_estimate_count_is_long (ConfabMessage *message)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), FALSE);

  return confab_message_get_content_length (message) > CONFAB_ESTIMATE_COUNT_LONG;
}

/**
 * confab_estimate_count_message:
 * @message: a #ConfabMessage
 *
 * Returns: the estimated tokens of @message's content, as
 *   confab_estimate_text_tokens() counts them: those kept when its text
 *   has not changed since, else counted now and kept
 */
gint64
confab_estimate_count_message (ConfabMessage *message)
{
  gsize length;
  gint64 tokens;

  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), 0);

  if (confab_estimate_count_peek (message, &tokens))
    return tokens;

  length = confab_message_get_content_length (message);
  tokens = confab_estimate_text_tokens (confab_message_get_content (message), length);
  bytes_counted += length;
  keep (message, message->text_epoch, length, tokens);

  return tokens;
}

guint64
confab_estimate_count_get_bytes_counted (void)
{
  return bytes_counted;
}

/* One text to count on the worker: the message's bytes when it shares
 * them (they never change), else a copy, as the message may grow
 * meanwhile on the main thread.
 */
typedef struct
{
  ConfabMessage *message;
  guint          epoch;
  gsize          length;
  GBytes        *text;
  gint64         tokens;
} Text;

static void
text_free (gpointer data)
{
  Text *text = data;

  g_clear_object (&text->message);
  g_clear_pointer (&text->text, g_bytes_unref);
  g_free (text);
}

static void
count_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  GPtrArray *texts = task_data;

  for (guint i = 0; i < texts->len; i++)
    {
      Text *text = g_ptr_array_index (texts, i);

      if (g_task_return_error_if_cancelled (task))
        return;

      text->tokens = confab_estimate_text_tokens (g_bytes_get_data (text->text, NULL), text->length);
    }

  g_task_return_boolean (task, TRUE);
}

/**
 * confab_estimate_count_async:
 * @messages: (element-type ConfabMessage): the messages to count
 * @cancellable: (nullable): a #GCancellable
 * @callback: called on the calling thread's main context when done
 * @user_data: for @callback
 *
 * Counts the content of each of @messages on a worker thread; once
 * done, each count is kept in its message (confab_estimate_count_peek()),
 * unless its text changed meanwhile.  The texts are shared with the
 * worker (confab_message_dup_content_bytes()), not copied: a message
 * may change while it is counted, as it then copies its text.
 */
void
confab_estimate_count_async (GPtrArray           *messages,
                             GCancellable        *cancellable,
                             GAsyncReadyCallback  callback,
                             gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GPtrArray *texts;

  g_return_if_fail (messages != NULL);
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  texts = g_ptr_array_new_with_free_func (text_free);
  for (guint i = 0; i < messages->len; i++)
    {
      ConfabMessage *message = g_ptr_array_index (messages, i);
      Text *text = g_new0 (Text, 1);

      g_return_if_fail (CONFAB_IS_MESSAGE (message));

      text->message = g_object_ref (message);
      text->epoch = message->text_epoch;
      text->length = confab_message_get_content_length (message);
      /* Shared, not copied: the message copies its text before it
       * changes it again.
       */
      text->text = confab_message_dup_content_bytes (message);
      g_ptr_array_add (texts, text);
    }

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_estimate_count_async);
  g_task_set_name (task, "[confab] estimate count");
  g_task_set_task_data (task, texts, (GDestroyNotify) g_ptr_array_unref);
  g_task_run_in_thread (task, count_thread);
}

/**
 * confab_estimate_count_finish:
 * @result: the #GAsyncResult given to the callback
 * @error: the error, as %G_IO_ERROR_CANCELLED when cancelled
 *
 * Keeps the counts in their messages.
 *
 * Returns: %TRUE when all were counted
 */
gboolean
confab_estimate_count_finish (GAsyncResult  *result,
                              GError       **error)
{
  GTask *task = G_TASK (result);
  GPtrArray *texts;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (task) == confab_estimate_count_async, FALSE);

  if (!g_task_propagate_boolean (task, error))
    return FALSE;

  texts = g_task_get_task_data (task);
  for (guint i = 0; i < texts->len; i++)
    {
      Text *text = g_ptr_array_index (texts, i);

      /* Kept for the text it was made of: a message that changed since
       * is counted again.
       */
      keep (text->message, text->epoch, text->length, text->tokens);
    }

  return TRUE;
}
