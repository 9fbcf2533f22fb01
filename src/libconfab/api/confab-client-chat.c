/* confab-client-chat.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "confab-client-private.h"
#include "confab-error.h"
#include "confab-request.h"

/* Chat completions: the body asked for, and the answer written into a
 * ConfabMessage by the request (confab-client-request.c).
 */

/* libsoup sends a restarted message (after a proxy asked for its
 * password, say) without the body it had: give it the body again.
 */
static void
message_restarted_cb (SoupMessage *message,
                      GBytes      *body)
{
  soup_message_set_request_body_from_bytes (message, "application/json", body);
}

/**
 * confab_client_chat_async:
 * @model: the model to ask
 * @system_prompt: (nullable): sent first when not empty
 * @history: a #GListModel of #ConfabMessage, oldest first, ending with
 *   the prompt to answer
 * @answer: the assistant message to fill in
 * @stream: whether to ask for the answer as it is written
 *
 * Asks for the next assistant message of @history and writes it into
 * @answer: pending at once, then the text as it arrives, then complete,
 * failed (keeping what arrived) or cancelled.
 */
void
confab_client_chat_async (ConfabClient        *self,
                          const char          *model,
                          const char          *system_prompt,
                          GListModel          *history,
                          ConfabMessage       *answer,
                          gboolean             stream,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  confab_client_chat_with_options_async (self, model, system_prompt, NULL, history, answer, stream,
                                         cancellable, callback, user_data);
}

typedef struct
{
  char              *model;
  char              *system_prompt;
  ConfabChatOptions  options;
  char              *reasoning_effort;
  GListModel        *history;
  ConfabMessage     *answer;
  gboolean           stream;
  /* Whether max_tokens is sent instead of max_completion_tokens. */
  gboolean           use_max_tokens;
  gboolean           retried;
} Chat;

static void
chat_free (gpointer data)
{
  Chat *chat = data;

  g_free (chat->model);
  g_free (chat->system_prompt);
  g_free (chat->reasoning_effort);
  g_clear_object (&chat->history);
  g_clear_object (&chat->answer);
  g_free (chat);
}

static void
add_options (JsonObject *object,
             Chat       *chat)
{
  if (chat->options.temperature >= 0)
    json_object_set_double_member (object, "temperature", chat->options.temperature);

  if (chat->options.max_output_tokens > 0)
    json_object_set_int_member (object,
                                chat->use_max_tokens ? "max_tokens" : "max_completion_tokens",
                                chat->options.max_output_tokens);

  if (chat->reasoning_effort != NULL)
    json_object_set_string_member (object, "reasoning_effort", chat->reasoning_effort);
}

static void chat_send (ConfabClient *self,
                       GTask        *outer);

/* A server that knows only max_tokens rejects max_completion_tokens
 * with HTTP 400 naming it: ask once more with max_tokens, and keep to
 * that for its base URL.
 */
static void
chat_attempt_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConfabClient *self = CONFAB_CLIENT (object);
  g_autoptr(GTask) outer = user_data;
  Chat *chat = g_task_get_task_data (outer);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }

  if (g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST) &&
      strstr (error->message, "max_completion_tokens") != NULL &&
      chat->options.max_output_tokens > 0 &&
      !chat->use_max_tokens &&
      !chat->retried)
    {
      g_clear_error (&error);
      chat->retried = TRUE;
      chat->use_max_tokens = TRUE;
      g_hash_table_add (self->max_tokens_urls, g_strdup (self->base_url));
      chat_send (self, g_steal_pointer (&outer));
      return;
    }

  g_task_return_error (outer, error);
}

/**
 * confab_client_chat_with_options_async:
 * @options: (nullable): the parameters to send, or %NULL for none
 *
 * Like confab_client_chat_async(), with the parameters the person set.
 */
void
confab_client_chat_with_options_async (ConfabClient            *self,
                                       const char              *model,
                                       const char              *system_prompt,
                                       const ConfabChatOptions *options,
                                       GListModel              *history,
                                       ConfabMessage           *answer,
                                       gboolean                 stream,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_autoptr(GTask) outer = NULL;
  Chat *chat;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (history));
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, confab_client_chat_async);

  chat = g_new0 (Chat, 1);
  chat->model = g_strdup (model);
  chat->system_prompt = g_strdup (system_prompt);
  chat->options = (ConfabChatOptions) CONFAB_CHAT_OPTIONS_INIT;
  if (options != NULL)
    {
      chat->options = *options;
      chat->reasoning_effort = g_strdup (options->reasoning_effort);
      chat->options.reasoning_effort = NULL;
    }
  chat->history = g_object_ref (history);
  chat->answer = g_object_ref (answer);
  chat->stream = stream;
  chat->use_max_tokens = g_hash_table_contains (self->max_tokens_urls, self->base_url);
  g_task_set_task_data (outer, chat, chat_free);

  chat_send (self, g_steal_pointer (&outer));
}

/* Sends @bytes, the body, for @task. */
static void
chat_send_body (ConfabClient *self,
                GTask        *task,
                GUri         *uri,
                gboolean      stream,
                GBytes       *bytes)
{
  g_autoptr(SoupMessage) message = NULL;

  message = confab_client_new_message (self, SOUP_METHOD_POST, uri,
                                       stream ? "text/event-stream, application/json" : "application/json");
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  g_signal_connect_data (message, "restarted",
                         G_CALLBACK (message_restarted_cb),
                         g_bytes_ref (bytes), (GClosureNotify) g_bytes_unref,
                         0);

  confab_client_request_send (task, self->session, message, g_task_get_cancellable (task));
}

/* A body with images is finished on a worker: their data URLs are
 * megabytes (see confab_request_build_body_deferred()).
 */
typedef struct
{
  GTask    *task;
  GUri     *uri;
  gboolean  stream;
  char     *json;
  GPtrArray *images;
  char     *nonce;
} Fill;

static void
fill_free (gpointer data)
{
  Fill *fill = data;

  g_clear_object (&fill->task);
  g_clear_pointer (&fill->uri, g_uri_unref);
  g_clear_pointer (&fill->json, g_free);
  g_clear_pointer (&fill->images, g_ptr_array_unref);
  g_clear_pointer (&fill->nonce, g_free);
  g_free (fill);
}

static void
fill_thread (GTask        *task,
             gpointer      source_object,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Fill *fill = task_data;

  g_task_return_pointer (task,
                         confab_request_fill_images (fill->json, fill->images, fill->nonce),
                         (GDestroyNotify) g_bytes_unref);
}

static void
fill_done_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  Fill *fill = g_task_get_task_data (G_TASK (result));
  g_autoptr(GBytes) bytes = g_task_propagate_pointer (G_TASK (result), NULL);

  chat_send_body (CONFAB_CLIENT (object), fill->task, fill->uri, fill->stream, bytes);
}

static void
chat_send (ConfabClient *self,
           GTask        *outer)
{
  Chat *chat = g_task_get_task_data (outer);
  const char *model = chat->model;
  const char *system_prompt = chat->system_prompt;
  GListModel *history = chat->history;
  ConfabMessage *answer = chat->answer;
  gboolean stream = chat->stream;
  GCancellable *cancellable = g_task_get_cancellable (outer);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) images = NULL;
  g_autofree char *nonce = NULL;
  char *json;

  task = g_task_new (self, cancellable, chat_attempt_cb, outer);
  g_task_set_source_tag (task, chat_send);
  confab_client_request_attach (task, answer, model, self->api_key, self->stall_timeout);

  if (!(uri = confab_client_get_target (self, "chat/completions", &error)))
    {
      confab_client_request_fail (task, g_steal_pointer (&error));
      return;
    }

  body = confab_request_build_body_deferred (model, system_prompt, history, &images, &nonce);
  add_options (json_node_get_object (body), chat);
  if (stream)
    {
      JsonObject *object = json_node_get_object (body);
      JsonObject *options = json_object_new ();

      json_object_set_boolean_member (object, "stream", TRUE);
      json_object_set_boolean_member (options, "include_usage", TRUE);
      json_object_set_object_member (object, "stream_options", options);
    }

  json = json_to_string (body, FALSE);

  if (images->len > 0)
    {
      g_autoptr(GTask) worker = g_task_new (self, NULL, fill_done_cb, NULL);
      Fill *fill = g_new0 (Fill, 1);

      fill->task = g_steal_pointer (&task);
      fill->uri = g_steal_pointer (&uri);
      fill->stream = stream;
      fill->json = json;
      fill->images = g_steal_pointer (&images);
      fill->nonce = g_steal_pointer (&nonce);
      g_task_set_source_tag (worker, fill_thread);
      g_task_set_name (worker, "[confab] write images");
      g_task_set_task_data (worker, fill, fill_free);
      g_task_run_in_thread (worker, fill_thread);
      return;
    }

  bytes = g_bytes_new_take (json, strlen (json));
  chat_send_body (self, task, uri, stream, bytes);
}

/**
 * confab_client_chat_finish:
 *
 * Returns: %TRUE when the answer is complete; %FALSE with @error set:
 *   %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
gboolean
confab_client_chat_finish (ConfabClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
confab_client_complete_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (confab_client_chat_finish (CONFAB_CLIENT (object), result, &error))
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * confab_client_complete_async:
 *
 * Like confab_client_chat_async() without streaming, for a new message.
 */
void
confab_client_complete_async (ConfabClient        *self,
                              const char          *model,
                              const char          *system_prompt,
                              GListModel          *history,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConfabMessage *answer;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_complete_async);

  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_task_set_task_data (task, answer, g_object_unref);

  confab_client_chat_async (self, model, system_prompt, history, answer, FALSE,
                            cancellable, confab_client_complete_cb, g_steal_pointer (&task));
}

/**
 * confab_client_complete_finish:
 *
 * Returns: (transfer full): a complete assistant message, or %NULL with
 *   @error set: %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
ConfabMessage *
confab_client_complete_finish (ConfabClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
