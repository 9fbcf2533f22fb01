/* confab-exchanges.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-exchanges-private.h"
#include "confab-recorder.h"

/* The conversations that are live: shown in a window, or with an answer
 * on its way.  Each is one ConfabConversation, with the recorder that
 * keeps it in the store and the request under way, so that every window
 * showing a chat shows the same messages as they change, and an answer
 * goes on, and is kept, while the person looks at another chat.  Several
 * conversations can have a request under way at once; each has at most
 * one.
 *
 * Windows hold the conversation they show (confab_exchanges_hold()) and
 * release it when they show another.  A conversation that nobody holds
 * is dropped once its answer has ended; opened again, it is read from
 * the store, where the recorder has put everything.
 *
 * This file has the live conversations and their requests;
 * confab-exchanges-options.c the defaults a request is sent with, as
 * properties, and the parameters of each request.
 */

typedef struct
{
  ConfabExchanges    *self;
  ConfabConversation *conversation;
  ConfabRecorder     *recorder;
  guint               n_holds;

  /* The request under way, if any. */
  GCancellable       *cancellable;
  ConfabMessage      *answer;
} Live;

G_DEFINE_FINAL_TYPE (ConfabExchanges, confab_exchanges, G_TYPE_OBJECT)

enum {
  BUSY_CHANGED,
  STORED,
  SAVE_FAILED,
  ANSWER_FINISHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* A request's own: the live conversation is found again when it ends,
 * if it is still there and still waits for this request.
 */
typedef struct
{
  ConfabExchanges    *self;
  ConfabConversation *conversation;
  GCancellable       *cancellable;
} Request;

static void
request_free (Request *request)
{
  g_clear_object (&request->self);
  g_clear_object (&request->conversation);
  g_clear_object (&request->cancellable);
  g_free (request);
}

static void
live_free (Live *live)
{
  /* Disposing the recorder writes what is left to write. */
  if (live->recorder != NULL)
    {
      g_signal_handlers_disconnect_matched (live->recorder, G_SIGNAL_MATCH_DATA, 0, 0, NULL, NULL, live);
      g_object_run_dispose (G_OBJECT (live->recorder));
    }

  g_clear_object (&live->recorder);
  g_clear_object (&live->conversation);
  g_clear_object (&live->cancellable);
  g_clear_object (&live->answer);
  g_free (live);
}

static Live *
find_live (ConfabExchanges    *self,
           ConfabConversation *conversation)
{
  for (guint i = 0; i < self->lives->len; i++)
    {
      Live *live = g_ptr_array_index (self->lives, i);

      if (live->conversation == conversation)
        return live;
    }

  return NULL;
}

static gint64
live_get_id (Live *live)
{
  return live->recorder != NULL ? confab_recorder_get_conversation_id (live->recorder) : 0;
}

/* Drops @live when nothing needs it any more. */
static void
maybe_drop (ConfabExchanges *self,
            Live            *live)
{
  if (live->n_holds == 0 && live->cancellable == NULL)
    g_ptr_array_remove (self->lives, live);
}

static void
recorder_failed_cb (ConfabRecorder *recorder,
                    const GError   *error,
                    gpointer        user_data)
{
  Live *live = user_data;

  g_signal_emit (live->self, signals[SAVE_FAILED], 0, live->conversation, error);
}

static void
recorder_id_cb (ConfabRecorder *recorder,
                GParamSpec     *pspec,
                gpointer        user_data)
{
  Live *live = user_data;

  g_signal_emit (live->self, signals[STORED], 0, live->conversation, live_get_id (live));
}

static void
set_busy (ConfabExchanges *self,
          Live            *live,
          GCancellable    *cancellable,
          ConfabMessage   *answer)
{
  g_autoptr(ConfabConversation) conversation = g_object_ref (live->conversation);

  g_set_object (&live->cancellable, cancellable);
  g_set_object (&live->answer, answer);
  g_signal_emit (self, signals[BUSY_CHANGED], 0, conversation);
}

static void
chat_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  Request *request = user_data;
  Live *live;

  /* The client already marked the answer complete, failed or stopped. */
  confab_client_chat_finish (CONFAB_CLIENT (object), result, NULL);

  live = find_live (request->self, request->conversation);
  if (live != NULL && live->cancellable == request->cancellable)
    {
      if (live->answer != NULL)
        g_signal_emit (request->self, signals[ANSWER_FINISHED], 0, live->conversation, live->answer);
      set_busy (request->self, live, NULL, NULL);
      maybe_drop (request->self, live);
    }

  request_free (request);
}

static void
confab_exchanges_dispose (GObject *object)
{
  ConfabExchanges *self = (ConfabExchanges *)object;

  g_clear_pointer (&self->lives, g_ptr_array_unref);
  g_clear_object (&self->client);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (confab_exchanges_parent_class)->dispose (object);
}

static void
confab_exchanges_finalize (GObject *object)
{
  ConfabExchanges *self = (ConfabExchanges *)object;

  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->system_prompt, g_free);
  g_clear_pointer (&self->reasoning_effort, g_free);

  G_OBJECT_CLASS (confab_exchanges_parent_class)->finalize (object);
}

static void
confab_exchanges_class_init (ConfabExchangesClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_exchanges_dispose;
  object_class->finalize = confab_exchanges_finalize;

  _confab_exchanges_install_properties (object_class);

  /**
   * ConfabExchanges::busy-changed:
   * @conversation: the conversation whose request started or ended
   *
   * See confab_exchanges_get_busy().
   */
  /**
   * ConfabExchanges::answer-finished:
   * @conversation: the conversation the answer is in
   * @answer: the answer, complete, failed or cancelled
   *
   * Emitted when the request of an answer ends, just before
   * #ConfabExchanges::busy-changed.
   */
  signals[ANSWER_FINISHED] =
    g_signal_new ("answer-finished",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CONFAB_TYPE_CONVERSATION, CONFAB_TYPE_MESSAGE);

  signals[BUSY_CHANGED] =
    g_signal_new ("busy-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, CONFAB_TYPE_CONVERSATION);

  /**
   * ConfabExchanges::stored:
   * @conversation: a new conversation
   * @conversation_id: its id in the store
   *
   * Emitted when a new conversation was written to the store, with its
   * first message.
   */
  signals[STORED] =
    g_signal_new ("stored",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CONFAB_TYPE_CONVERSATION, G_TYPE_INT64);

  /**
   * ConfabExchanges::save-failed:
   * @conversation: the conversation
   * @error: what went wrong, with a message for people
   *
   * Emitted when something of @conversation could not be written.
   */
  signals[SAVE_FAILED] =
    g_signal_new ("save-failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, CONFAB_TYPE_CONVERSATION, G_TYPE_ERROR);
}

static void
confab_exchanges_init (ConfabExchanges *self)
{
  self->lives = g_ptr_array_new_with_free_func ((GDestroyNotify) live_free);
  self->model = g_strdup ("");
  self->stream = TRUE;
  self->temperature = 1.0;
  self->max_output_tokens = 32768;
}

/**
 * confab_exchanges_new:
 * @client: the client that asks for answers
 * @store: (nullable): where conversations are kept, or %NULL when they
 *   are not (then every conversation is new)
 *
 * Returns: (transfer full): no live conversation yet
 */
ConfabExchanges *
confab_exchanges_new (ConfabClient *client,
                      ConfabStore  *store)
{
  ConfabExchanges *self;

  g_return_val_if_fail (CONFAB_IS_CLIENT (client), NULL);
  g_return_val_if_fail (!store || CONFAB_IS_STORE (store), NULL);

  self = g_object_new (CONFAB_TYPE_EXCHANGES, NULL);
  self->client = g_object_ref (client);
  g_set_object (&self->store, store);

  return self;
}

/**
 * confab_exchanges_lookup:
 * @conversation_id: an id in the store
 *
 * Returns: (nullable) (transfer none): the live conversation kept as
 *   @conversation_id, or %NULL when it has to be read from the store
 */
ConfabConversation *
confab_exchanges_lookup (ConfabExchanges *self,
                         gint64           conversation_id)
{
  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), NULL);

  if (conversation_id == 0)
    return NULL;

  for (guint i = 0; i < self->lives->len; i++)
    {
      Live *live = g_ptr_array_index (self->lives, i);

      if (live_get_id (live) == conversation_id)
        return live->conversation;
    }

  return NULL;
}

/**
 * confab_exchanges_hold:
 * @conversation: a conversation read from the store, or a new one
 * @conversation_id: its id in the store, or 0 for a new one
 *
 * Makes @conversation live, to be shown, unless the conversation kept
 * as @conversation_id already is: then that one is held and returned,
 * and @conversation is not used.  A live conversation is recorded in
 * the store as it changes.  Release it with confab_exchanges_release().
 *
 * Returns: (transfer none): the conversation to show
 */
ConfabConversation *
confab_exchanges_hold (ConfabExchanges    *self,
                       ConfabConversation *conversation,
                       gint64              conversation_id)
{
  ConfabConversation *existing;
  Live *live;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), NULL);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), NULL);

  if ((existing = confab_exchanges_lookup (self, conversation_id)) != NULL)
    conversation = existing;

  if ((live = find_live (self, conversation)) != NULL)
    {
      live->n_holds++;
      return live->conversation;
    }

  live = g_new0 (Live, 1);
  live->self = self;
  live->conversation = g_object_ref (conversation);
  live->n_holds = 1;

  if (self->store != NULL)
    {
      live->recorder = confab_recorder_new (self->store, conversation, conversation_id);
      g_signal_connect (live->recorder, "failed", G_CALLBACK (recorder_failed_cb), live);
      g_signal_connect (live->recorder, "notify::conversation-id", G_CALLBACK (recorder_id_cb), live);
    }

  g_ptr_array_add (self->lives, live);

  return conversation;
}

/**
 * confab_exchanges_release:
 *
 * Says that @conversation, held with confab_exchanges_hold(), is shown
 * once less.  Its answer, if one is on its way, goes on.
 */
void
confab_exchanges_release (ConfabExchanges    *self,
                          ConfabConversation *conversation)
{
  Live *live;

  g_return_if_fail (CONFAB_IS_EXCHANGES (self));
  g_return_if_fail (CONFAB_IS_CONVERSATION (conversation));

  live = find_live (self, conversation);
  g_return_if_fail (live != NULL && live->n_holds > 0);

  live->n_holds--;
  maybe_drop (self, live);
}

/**
 * confab_exchanges_get_conversation_id:
 *
 * Returns: the id in the store of a live conversation; 0 until its
 *   first message is stored, and always without a store
 */
gint64
confab_exchanges_get_conversation_id (ConfabExchanges    *self,
                                      ConfabConversation *conversation)
{
  Live *live;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), 0);

  live = conversation != NULL ? find_live (self, conversation) : NULL;

  return live != NULL ? live_get_id (live) : 0;
}

/**
 * confab_exchanges_get_busy:
 *
 * Returns: whether an answer of @conversation is on its way; then
 *   nothing else is asked in it until it has ended
 */
gboolean
confab_exchanges_get_busy (ConfabExchanges    *self,
                           ConfabConversation *conversation)
{
  Live *live;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), FALSE);

  live = conversation != NULL ? find_live (self, conversation) : NULL;

  return live != NULL && live->cancellable != NULL;
}

/**
 * confab_exchanges_request:
 * @conversation: a live conversation
 * @answer: an assistant message of @conversation
 *
 * Asks for @answer, with everything before it in @conversation as the
 * history, in the conversation's model with its system prompt and
 * parameters (or the defaults of #ConfabExchanges:model,
 * #ConfabExchanges:system-prompt and the parameters' properties).
 * A failed or stopped answer is asked for again this way; to ask again
 * for one that completed, keeping it, see confab_exchanges_regenerate().
 *
 * Returns: %FALSE when an answer of @conversation is already on its way
 */
gboolean
confab_exchanges_request (ConfabExchanges    *self,
                          ConfabConversation *conversation,
                          ConfabMessage      *answer)
{
  g_autoptr(GCancellable) cancellable = NULL;
  g_autoptr(GListModel) history = NULL;
  const char *model;
  const char *system_prompt;
  ConfabChatOptions options;
  Request *request;
  Live *live;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (answer), FALSE);

  live = find_live (self, conversation);
  g_return_val_if_fail (live != NULL, FALSE);

  if (live->cancellable != NULL)
    return FALSE;

  model = confab_conversation_get_model (conversation);
  if (model == NULL)
    model = self->model;
  system_prompt = confab_conversation_get_system_prompt (conversation);
  if (system_prompt == NULL)
    system_prompt = self->system_prompt;

  _confab_exchanges_get_options (self, conversation, &options);
  history = confab_conversation_dup_history (conversation, answer);
  /* An estimate made before an earlier request of @answer is not this
   * one's; whoever estimated this one keeps it with the answer.
   */
  confab_message_set_estimated_input_tokens (answer, -1);
  cancellable = g_cancellable_new ();
  set_busy (self, live, cancellable, answer);

  request = g_new0 (Request, 1);
  request->self = g_object_ref (self);
  request->conversation = g_object_ref (conversation);
  request->cancellable = g_object_ref (cancellable);

  confab_client_chat_with_options_async (self->client,
                                         model,
                                         system_prompt,
                                         &options,
                                         history,
                                         answer,
                                         self->stream,
                                         cancellable,
                                         chat_cb,
                                         request);

  return TRUE;
}

/**
 * confab_exchanges_send:
 * @conversation: a live conversation
 * @text: what the person wrote
 *
 * Adds @text to @conversation as a prompt, and an answer to it that is
 * asked for at once.  The prompt is in the conversation, and in the
 * store, before anything can fail, so it is never lost.
 *
 * Returns: %FALSE, and nothing added, when an answer of @conversation
 *   is already on its way
 */
gboolean
confab_exchanges_send (ConfabExchanges    *self,
                       ConfabConversation *conversation,
                       const char         *text)
{
  return confab_exchanges_send_with_images (self, conversation, text, NULL);
}

/**
 * confab_exchanges_send_with_images:
 * @images: (nullable) (element-type ConfabAttachment): the images of
 *   the prompt
 *
 * As confab_exchanges_send(), for a prompt with images.
 */
gboolean
confab_exchanges_send_with_images (ConfabExchanges    *self,
                                   ConfabConversation *conversation,
                                   const char         *text,
                                   GPtrArray          *images)
{
  g_autoptr(ConfabMessage) prompt = NULL;
  g_autoptr(ConfabMessage) answer = NULL;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (confab_exchanges_get_busy (self, conversation))
    return FALSE;

  prompt = confab_message_new (CONFAB_ROLE_USER, text);
  for (guint i = 0; images != NULL && i < images->len; i++)
    confab_message_add_attachment (prompt, g_ptr_array_index (images, i));
  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);

  confab_conversation_append (conversation, prompt);
  confab_conversation_append (conversation, answer);

  return confab_exchanges_request (self, conversation, answer);
}

/**
 * confab_exchanges_regenerate:
 * @conversation: a live conversation
 * @answer: an answer of the branch @conversation shows
 *
 * Asks again for @answer: a new answer to the same prompt, with the
 * same history, is added as another version of it and shown in its
 * place; @answer and what followed it stay as the other version.
 *
 * Returns: %FALSE, and nothing added, when an answer of @conversation
 *   is already on its way
 */
gboolean
confab_exchanges_regenerate (ConfabExchanges    *self,
                             ConfabConversation *conversation,
                             ConfabMessage      *answer)
{
  g_autoptr(ConfabMessage) version = NULL;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (answer), FALSE);
  g_return_val_if_fail (confab_message_get_role (answer) == CONFAB_ROLE_ASSISTANT, FALSE);

  if (confab_exchanges_get_busy (self, conversation))
    return FALSE;

  version = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  confab_message_set_state (version, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_add_version (conversation, answer, version);

  return confab_exchanges_request (self, conversation, version);
}

/**
 * confab_exchanges_send_edit:
 * @conversation: a live conversation
 * @prompt: a prompt of the branch @conversation shows
 * @text: the prompt as edited
 * @images: (nullable) (element-type ConfabAttachment): the images of
 *   the prompt as edited
 *
 * Sends @text as a new version of @prompt, after the same history, and
 * asks for its answer; @prompt and what followed it stay as the other
 * version.
 *
 * Returns: %FALSE, and nothing added, when an answer of @conversation
 *   is already on its way
 */
gboolean
confab_exchanges_send_edit (ConfabExchanges    *self,
                            ConfabConversation *conversation,
                            ConfabMessage      *prompt,
                            const char         *text,
                            GPtrArray          *images)
{
  g_autoptr(ConfabMessage) version = NULL;
  g_autoptr(ConfabMessage) answer = NULL;

  g_return_val_if_fail (CONFAB_IS_EXCHANGES (self), FALSE);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (prompt), FALSE);
  g_return_val_if_fail (text != NULL, FALSE);

  if (confab_exchanges_get_busy (self, conversation))
    return FALSE;

  version = confab_message_new (CONFAB_ROLE_USER, text);
  for (guint i = 0; images != NULL && i < images->len; i++)
    confab_message_add_attachment (version, g_ptr_array_index (images, i));
  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);

  confab_conversation_add_version (conversation, prompt, version);
  confab_conversation_append (conversation, answer);

  return confab_exchanges_request (self, conversation, answer);
}

/**
 * confab_exchanges_stop:
 *
 * Stops the answer of @conversation that is on its way, if there is
 * one; it keeps what arrived, and is marked stopped as the request
 * ends.  Other conversations' answers go on.
 */
void
confab_exchanges_stop (ConfabExchanges    *self,
                       ConfabConversation *conversation)
{
  Live *live;

  g_return_if_fail (CONFAB_IS_EXCHANGES (self));

  live = conversation != NULL ? find_live (self, conversation) : NULL;
  if (live != NULL && live->cancellable != NULL)
    g_cancellable_cancel (live->cancellable);
}

/**
 * confab_exchanges_stop_all:
 *
 * Stops every answer on its way, and writes every live conversation to
 * the store now: an answer keeps the text that arrived and is stored
 * as stopped at once, not when its request has ended.  For when the
 * app quits.
 */
void
confab_exchanges_stop_all (ConfabExchanges *self)
{
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "");

  g_return_if_fail (CONFAB_IS_EXCHANGES (self));

  for (guint i = 0; i < self->lives->len; i++)
    {
      Live *live = g_ptr_array_index (self->lives, i);

      if (live->cancellable != NULL)
        {
          g_cancellable_cancel (live->cancellable);
          confab_message_end_deltas (live->answer);
          if (confab_message_get_state (live->answer) == CONFAB_MESSAGE_STATE_PENDING)
            confab_message_fail (live->answer, cancelled);
        }

      if (live->recorder != NULL)
        confab_recorder_flush (live->recorder);
    }
}
