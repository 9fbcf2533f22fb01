/* confab-recorder.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-recorder.h"

/* Writes a conversation to the store as it happens, so that nothing is
 * lost: a message is stored the moment it joins the conversation (the
 * prompt before it is sent), a streaming answer's text at most every
 * CONFAB_RECORDER_SAVE_INTERVAL_MS, and every change of state, usage or
 * error at once.  An answer of CONFAB_RECORDER_WRITE_AWAY_SIZE or more is
 * written on the store's worker, and so is whatever follows while that
 * is under way, in order.  The conversation itself is created in the store with
 * its first message, so that an unused "New Chat" leaves nothing behind.
 */

struct _ConfabRecorder
{
  GObject             parent_instance;

  ConfabStore        *store;
  ConfabConversation *conversation;
  gint64              conversation_id;

  /* Messages whose text changed since they were last written. */
  GPtrArray          *dirty;
  guint               save_id;

  /* Updates being written on the store's worker. */
  guint               writing;
};

G_DEFINE_FINAL_TYPE (ConfabRecorder, confab_recorder, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_CONVERSATION_ID,
  N_PROPS
};

enum {
  FAILED,
  N_SIGNALS
};

static GParamSpec *properties [N_PROPS];
static guint signals [N_SIGNALS];

static void
confab_recorder_report (ConfabRecorder *self,
                        const GError   *error)
{
  g_signal_emit (self, signals[FAILED], 0, error);
}

static void
confab_recorder_written_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data)
{
  g_autoptr(ConfabRecorder) self = user_data;
  g_autoptr(GError) error = NULL;

  self->writing--;

  if (!confab_store_update_message_finish (CONFAB_STORE (object), result, &error))
    confab_recorder_report (self, error);
}

static void
confab_recorder_update (ConfabRecorder *self,
                        ConfabMessage  *message)
{
  g_autoptr(GError) error = NULL;

  g_ptr_array_remove (self->dirty, message);

  if (confab_message_get_id (message) == 0)
    return;

  /* A long text takes SQLite long to write and index: the store's
   * worker writes it, and what follows it, in order.
   */
  if (self->writing > 0 ||
      confab_message_get_content_length (message) + confab_message_get_reasoning_length (message) >= CONFAB_RECORDER_WRITE_AWAY_SIZE)
    {
      self->writing++;
      confab_store_update_message_async (self->store, message, NULL,
                                         confab_recorder_written_cb, g_object_ref (self));
      return;
    }

  if (!confab_store_update_message (self->store, message, &error))
    confab_recorder_report (self, error);
}

static gboolean
confab_recorder_save_cb (gpointer user_data)
{
  ConfabRecorder *self = user_data;

  self->save_id = 0;
  confab_recorder_flush (self);

  return G_SOURCE_REMOVE;
}

static void
confab_recorder_message_changed_cb (ConfabRecorder     *self,
                                    ConfabMessage      *message,
                                    GParamSpec         *pspec,
                                    ConfabConversation *conversation)
{
  /* Text grows with every streamed piece: it is written in a while. */
  if (g_str_equal (pspec->name, "content") || g_str_equal (pspec->name, "reasoning"))
    {
      if (!g_ptr_array_find (self->dirty, message, NULL))
        g_ptr_array_add (self->dirty, g_object_ref (message));

      if (self->save_id == 0)
        self->save_id = g_timeout_add (CONFAB_RECORDER_SAVE_INTERVAL_MS, confab_recorder_save_cb, self);

      return;
    }

  /* Set once as the answer is asked for, apart from its text. */
  if (g_str_equal (pspec->name, "estimated-input-tokens"))
    {
      g_autoptr(GError) error = NULL;

      if (confab_message_get_id (message) != 0 &&
          !confab_store_set_estimate (self->store, confab_message_get_id (message),
                                      confab_message_get_estimated_input_tokens (message), &error))
        confab_recorder_report (self, error);

      return;
    }

  if (g_str_equal (pspec->name, "state") ||
      g_str_equal (pspec->name, "usage") ||
      g_str_equal (pspec->name, "error") ||
      g_str_equal (pspec->name, "finish-reason"))
    confab_recorder_update (self, message);
}

static void
confab_recorder_save_settings (ConfabRecorder *self)
{
  g_autoptr(GError) error = NULL;

  if (self->conversation_id == 0)
    return;

  if (!confab_store_set_model (self->store, self->conversation_id,
                               confab_conversation_get_model (self->conversation), &error) ||
      !confab_store_set_system_prompt (self->store, self->conversation_id,
                                       confab_conversation_get_system_prompt (self->conversation), &error) ||
      !confab_store_set_parameters (self->store, self->conversation_id,
                                    confab_conversation_get_temperature (self->conversation),
                                    confab_conversation_get_max_output_tokens (self->conversation),
                                    confab_conversation_get_reasoning_effort (self->conversation), &error))
    confab_recorder_report (self, error);
}

static void
confab_recorder_append (ConfabRecorder *self,
                        ConfabMessage  *message)
{
  g_autoptr(GError) error = NULL;
  ConfabMessage *parent;
  gint64 parent_id = CONFAB_MESSAGE_PARENT_UNKNOWN;

  if (confab_message_get_id (message) != 0)
    return;

  if (self->conversation_id == 0)
    {
      self->conversation_id = confab_store_create_conversation (self->store, &error);
      if (self->conversation_id == 0)
        {
          confab_recorder_report (self, error);
          return;
        }

      /* Settings chosen before the first message belong to the chat. */
      confab_recorder_save_settings (self);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONVERSATION_ID]);
    }

  parent = confab_conversation_get_parent (self->conversation, message);
  if (parent == NULL)
    parent_id = 0;
  else if (confab_message_get_id (parent) > 0)
    parent_id = confab_message_get_id (parent);

  if (!confab_store_append_version (self->store, self->conversation_id, parent_id, message, &error))
    confab_recorder_report (self, error);
}

/* Another version is shown: the chat opens on it next time. */
static void
confab_recorder_version_chosen_cb (ConfabRecorder     *self,
                                   ConfabMessage      *message,
                                   ConfabConversation *conversation)
{
  g_autoptr(GError) error = NULL;

  if (confab_message_get_id (message) == 0)
    return;

  if (!confab_store_choose_version (self->store, confab_message_get_id (message), &error))
    confab_recorder_report (self, error);
}

static void
confab_recorder_items_changed_cb (ConfabRecorder *self,
                                  guint           position,
                                  guint           removed,
                                  guint           added,
                                  GListModel     *model)
{
  for (guint i = position; i < position + added; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (model, i);

      confab_recorder_append (self, message);
    }
}

static void
confab_recorder_dispose (GObject *object)
{
  ConfabRecorder *self = (ConfabRecorder *)object;

  /* What streamed since the last write is not lost either. */
  if (self->store != NULL)
    confab_recorder_flush (self);

  if (self->conversation != NULL)
    g_signal_handlers_disconnect_by_data (self->conversation, self);

  g_clear_handle_id (&self->save_id, g_source_remove);
  g_clear_object (&self->conversation);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (confab_recorder_parent_class)->dispose (object);
}

static void
confab_recorder_finalize (GObject *object)
{
  ConfabRecorder *self = (ConfabRecorder *)object;

  g_clear_pointer (&self->dirty, g_ptr_array_unref);

  G_OBJECT_CLASS (confab_recorder_parent_class)->finalize (object);
}

static void
confab_recorder_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  ConfabRecorder *self = CONFAB_RECORDER (object);

  switch (prop_id)
    {
    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_recorder_class_init (ConfabRecorderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_recorder_dispose;
  object_class->finalize = confab_recorder_finalize;
  object_class->get_property = confab_recorder_get_property;

  /**
   * ConfabRecorder:conversation-id:
   *
   * The conversation's id in the store; 0 until its first message.
   */
  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabRecorder::failed:
   * @error: what went wrong, with a message for people
   *
   * Emitted when something could not be written.
   */
  signals[FAILED] =
    g_signal_new ("failed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_ERROR);
}

static void
confab_recorder_init (ConfabRecorder *self)
{
  self->dirty = g_ptr_array_new_with_free_func (g_object_unref);
}

/**
 * confab_recorder_new:
 * @conversation_id: the conversation's id in @store, or 0 for a new one
 *
 * Returns: (transfer full): a recorder writing @conversation to @store
 *   from now on; messages that already have an id are not written again
 */
ConfabRecorder *
confab_recorder_new (ConfabStore        *store,
                     ConfabConversation *conversation,
                     gint64              conversation_id)
{
  ConfabRecorder *self;
  guint n_items;

  g_return_val_if_fail (CONFAB_IS_STORE (store), NULL);
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (conversation), NULL);

  self = g_object_new (CONFAB_TYPE_RECORDER, NULL);
  self->store = g_object_ref (store);
  self->conversation = g_object_ref (conversation);
  self->conversation_id = conversation_id;

  n_items = g_list_model_get_n_items (G_LIST_MODEL (conversation));
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);

      confab_recorder_append (self, message);
    }

  g_signal_connect_object (conversation, "items-changed",
                           G_CALLBACK (confab_recorder_items_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "message-changed",
                           G_CALLBACK (confab_recorder_message_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "version-chosen",
                           G_CALLBACK (confab_recorder_version_chosen_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::model",
                           G_CALLBACK (confab_recorder_save_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::system-prompt",
                           G_CALLBACK (confab_recorder_save_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::temperature",
                           G_CALLBACK (confab_recorder_save_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::max-output-tokens",
                           G_CALLBACK (confab_recorder_save_settings),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (conversation, "notify::reasoning-effort",
                           G_CALLBACK (confab_recorder_save_settings),
                           self, G_CONNECT_SWAPPED);

  return self;
}

gint64
confab_recorder_get_conversation_id (ConfabRecorder *self)
{
  g_return_val_if_fail (CONFAB_IS_RECORDER (self), 0);

  return self->conversation_id;
}

/**
 * confab_recorder_flush:
 *
 * Writes now whatever text is waiting to be written.
 */
void
confab_recorder_flush (ConfabRecorder *self)
{
  g_return_if_fail (CONFAB_IS_RECORDER (self));

  g_clear_handle_id (&self->save_id, g_source_remove);

  while (self->dirty->len > 0)
    {
      g_autoptr(ConfabMessage) message = g_object_ref (g_ptr_array_index (self->dirty, 0));

      confab_recorder_update (self, message);
    }
}

/**
 * confab_recorder_get_writing:
 *
 * Returns: whether updates are being written on the store's worker
 */
gboolean
confab_recorder_get_writing (ConfabRecorder *self)
{
  g_return_val_if_fail (CONFAB_IS_RECORDER (self), FALSE);

  return self->writing > 0;
}
