/* confab-conversation.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-conversation-private.h"

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabConversation, confab_conversation, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_USAGE,
  PROP_N_ANSWERS,
  PROP_MODEL,
  PROP_SYSTEM_PROMPT,
  PROP_TEMPERATURE,
  PROP_MAX_OUTPUT_TOKENS,
  PROP_REASONING_EFFORT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

enum {
  MESSAGE_CHANGED,
  VERSION_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Property names are interned: these are the ones that change totals. */
static const char *state_name;
static const char *usage_name;

static GType
confab_conversation_get_item_type (GListModel *model)
{
  return CONFAB_TYPE_MESSAGE;
}

static guint
confab_conversation_get_n_items (GListModel *model)
{
  return g_list_model_get_n_items (G_LIST_MODEL (CONFAB_CONVERSATION (model)->messages));
}

static gpointer
confab_conversation_get_item (GListModel *model,
                              guint       position)
{
  return g_list_model_get_item (G_LIST_MODEL (CONFAB_CONVERSATION (model)->messages), position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = confab_conversation_get_item_type;
  iface->get_n_items = confab_conversation_get_n_items;
  iface->get_item = confab_conversation_get_item;
}

/* The total is the sum over complete answers, of every branch: each
 * version of an answer was paid for.  It is recounted when an answer
 * completes or changes, which happens once per request.
 */
void
_confab_conversation_recount (ConfabConversation *self)
{
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  GHashTableIter iter;
  ConfabMessage *message;
  guint n_answers = 0;

  g_hash_table_iter_init (&iter, self->nodes);
  while (g_hash_table_iter_next (&iter, (gpointer *) &message, NULL))
    {
      ConfabUsage *message_usage;

      if (confab_message_get_role (message) != CONFAB_ROLE_ASSISTANT ||
          confab_message_get_state (message) != CONFAB_MESSAGE_STATE_COMPLETE)
        continue;

      n_answers++;

      if ((message_usage = confab_message_get_usage (message)))
        confab_usage_add (usage, message_usage);
    }

  /* Both are up to date before either is announced. */
  g_object_freeze_notify (G_OBJECT (self));

  g_set_object (&self->usage, usage);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);

  if (self->n_answers != n_answers)
    {
      self->n_answers = n_answers;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ANSWERS]);
    }

  g_object_thaw_notify (G_OBJECT (self));
}

static void
confab_conversation_items_changed_cb (ConfabConversation *self,
                                      guint               position,
                                      guint               removed,
                                      guint               added,
                                      GListModel         *model)
{
  g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

/* The conversation follows its messages as their observer (see
 * _confab_message_set_observer()), and stops when it removes them.
 */
static void
confab_conversation_message_notify_cb (ConfabMessage *message,
                                       GParamSpec    *pspec,
                                       gpointer       user_data)
{
  ConfabConversation *self = user_data;

  /* Every streamed piece notifies: compare names without a lookup. */
  if (pspec->name == state_name || pspec->name == usage_name)
    _confab_conversation_recount (self);

  g_signal_emit (self, signals[MESSAGE_CHANGED], g_param_spec_get_name_quark (pspec), message, pspec);
}

void
_confab_conversation_watch (ConfabConversation *self,
                            ConfabMessage      *message,
                            gboolean            watch)
{
  if (watch)
    _confab_message_set_observer (message, confab_conversation_message_notify_cb, self);
  else
    _confab_message_set_observer (message, NULL, NULL);
}

void
_confab_conversation_version_chosen (ConfabConversation *self,
                                     ConfabMessage      *message)
{
  g_signal_emit (self, signals[VERSION_CHOSEN], 0, message);
}

static void
confab_conversation_dispose (GObject *object)
{
  ConfabConversation *self = (ConfabConversation *)object;

  if (self->nodes != NULL)
    _confab_conversation_clear_branches (self);

  G_OBJECT_CLASS (confab_conversation_parent_class)->dispose (object);
}

static void
confab_conversation_finalize (GObject *object)
{
  ConfabConversation *self = (ConfabConversation *)object;

  g_clear_object (&self->messages);
  g_clear_pointer (&self->nodes, g_hash_table_unref);
  g_clear_pointer (&self->root.children, g_ptr_array_unref);
  g_clear_object (&self->usage);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->system_prompt, g_free);
  g_clear_pointer (&self->reasoning_effort, g_free);

  G_OBJECT_CLASS (confab_conversation_parent_class)->finalize (object);
}

static void
confab_conversation_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConfabConversation *self = CONFAB_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    case PROP_N_ANSWERS:
      g_value_set_uint (value, self->n_answers);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;

    case PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;

    case PROP_MAX_OUTPUT_TOKENS:
      g_value_set_int (value, self->max_output_tokens);
      break;

    case PROP_REASONING_EFFORT:
      g_value_set_string (value, self->reasoning_effort);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_conversation_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConfabConversation *self = CONFAB_CONVERSATION (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      confab_conversation_set_model (self, g_value_get_string (value));
      break;

    case PROP_SYSTEM_PROMPT:
      confab_conversation_set_system_prompt (self, g_value_get_string (value));
      break;

    case PROP_TEMPERATURE:
      confab_conversation_set_temperature (self, g_value_get_double (value));
      break;

    case PROP_MAX_OUTPUT_TOKENS:
      confab_conversation_set_max_output_tokens (self, g_value_get_int (value));
      break;

    case PROP_REASONING_EFFORT:
      confab_conversation_set_reasoning_effort (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_conversation_class_init (ConfabConversationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_conversation_dispose;
  object_class->finalize = confab_conversation_finalize;
  object_class->get_property = confab_conversation_get_property;
  object_class->set_property = confab_conversation_set_property;

  /**
   * ConfabConversation:usage:
   *
   * The running total of the usage of every complete answer.
   */
  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:n-answers:
   *
   * How many answers completed, that is how many requests were paid for.
   */
  properties[PROP_N_ANSWERS] =
    g_param_spec_uint ("n-answers", NULL, NULL,
                       0, G_MAXUINT, 0,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:model:
   *
   * The model this conversation asks, or %NULL for the one in Preferences.
   */
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:system-prompt:
   *
   * This conversation's system prompt, or %NULL for the one in
   * Preferences; "" sends none.
   */
  properties[PROP_SYSTEM_PROMPT] =
    g_param_spec_string ("system-prompt", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:temperature:
   *
   * This conversation's temperature, from 0 to 2;
   * %CONFAB_CONVERSATION_FOLLOW for the one in Preferences, or
   * %CONFAB_CONVERSATION_NOT_SENT to send none.
   */
  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL,
                         CONFAB_CONVERSATION_FOLLOW, 2.0, CONFAB_CONVERSATION_FOLLOW,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:max-output-tokens:
   *
   * The most tokens an answer of this conversation may have, reasoning
   * included; %CONFAB_CONVERSATION_FOLLOW for the limit in Preferences,
   * or %CONFAB_CONVERSATION_NOT_SENT for none.
   */
  properties[PROP_MAX_OUTPUT_TOKENS] =
    g_param_spec_int ("max-output-tokens", NULL, NULL,
                      CONFAB_CONVERSATION_FOLLOW, G_MAXINT, CONFAB_CONVERSATION_FOLLOW,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabConversation:reasoning-effort:
   *
   * This conversation's reasoning effort: "low", "medium" or "high",
   * %CONFAB_REASONING_EFFORT_NOT_SENT to send none, or %NULL for the
   * one in Preferences.
   */
  properties[PROP_REASONING_EFFORT] =
    g_param_spec_string ("reasoning-effort", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabConversation::message-changed:
   * @self: a #ConfabConversation
   * @message: one of its messages
   * @pspec: the property of @message that changed
   *
   * Emitted for every property notification of the conversation's
   * messages, with the property's name as detail, so that one handler
   * follows them all.
   */
  state_name = g_intern_static_string ("state");
  usage_name = g_intern_static_string ("usage");

  signals[MESSAGE_CHANGED] =
    g_signal_new ("message-changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 2, CONFAB_TYPE_MESSAGE, G_TYPE_PARAM);

  /**
   * ConfabConversation::version-chosen:
   * @self: a #ConfabConversation
   * @message: the version now shown
   *
   * Emitted when confab_conversation_show_version() shows another
   * version of a message, with what follows it, so that the choice can
   * be kept.
   */
  signals[VERSION_CHOSEN] =
    g_signal_new ("version-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 1, CONFAB_TYPE_MESSAGE);
}

static void
confab_conversation_init (ConfabConversation *self)
{
  self->messages = g_list_store_new (CONFAB_TYPE_MESSAGE);
  _confab_conversation_init_branches (self);
  self->usage = confab_usage_new ();
  self->temperature = CONFAB_CONVERSATION_FOLLOW;
  self->max_output_tokens = CONFAB_CONVERSATION_FOLLOW;

  g_signal_connect_object (self->messages,
                           "items-changed",
                           G_CALLBACK (confab_conversation_items_changed_cb),
                           self,
                           G_CONNECT_SWAPPED);
}

ConfabConversation *
confab_conversation_new (void)
{
  return g_object_new (CONFAB_TYPE_CONVERSATION, NULL);
}

ConfabUsage *
confab_conversation_get_usage (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);

  return self->usage;
}

guint
confab_conversation_get_n_answers (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), 0);

  return self->n_answers;
}

const char *
confab_conversation_get_model (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);

  return self->model;
}

void
confab_conversation_set_model (ConfabConversation *self,
                               const char         *model)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));

  if (g_strcmp0 (self->model, model) == 0)
    return;

  g_free (self->model);
  self->model = g_strdup (model);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MODEL]);
}

const char *
confab_conversation_get_system_prompt (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);

  return self->system_prompt;
}

void
confab_conversation_set_system_prompt (ConfabConversation *self,
                                       const char         *system_prompt)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));

  if (g_strcmp0 (self->system_prompt, system_prompt) == 0)
    return;

  g_free (self->system_prompt);
  self->system_prompt = g_strdup (system_prompt);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYSTEM_PROMPT]);
}

/**
 * confab_conversation_get_temperature:
 *
 * Returns: the temperature, from 0 to 2, or %CONFAB_CONVERSATION_FOLLOW
 *   or %CONFAB_CONVERSATION_NOT_SENT
 */
double
confab_conversation_get_temperature (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), CONFAB_CONVERSATION_FOLLOW);

  return self->temperature;
}

/**
 * confab_conversation_set_temperature:
 * @temperature: from 0 to 2, or %CONFAB_CONVERSATION_FOLLOW or
 *   %CONFAB_CONVERSATION_NOT_SENT
 */
void
confab_conversation_set_temperature (ConfabConversation *self,
                                     double              temperature)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));
  g_return_if_fail (temperature == CONFAB_CONVERSATION_FOLLOW ||
                    temperature == CONFAB_CONVERSATION_NOT_SENT ||
                    (temperature >= 0 && temperature <= 2));

  if (self->temperature == temperature)
    return;

  self->temperature = temperature;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE]);
}

/**
 * confab_conversation_get_max_output_tokens:
 *
 * Returns: the most output tokens, or %CONFAB_CONVERSATION_FOLLOW or
 *   %CONFAB_CONVERSATION_NOT_SENT
 */
int
confab_conversation_get_max_output_tokens (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), CONFAB_CONVERSATION_FOLLOW);

  return self->max_output_tokens;
}

/**
 * confab_conversation_set_max_output_tokens:
 * @max_output_tokens: at least 1, or %CONFAB_CONVERSATION_FOLLOW or
 *   %CONFAB_CONVERSATION_NOT_SENT
 */
void
confab_conversation_set_max_output_tokens (ConfabConversation *self,
                                           int                 max_output_tokens)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));
  g_return_if_fail (max_output_tokens != 0 && max_output_tokens >= CONFAB_CONVERSATION_FOLLOW);

  if (self->max_output_tokens == max_output_tokens)
    return;

  self->max_output_tokens = max_output_tokens;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_OUTPUT_TOKENS]);
}

/**
 * confab_conversation_get_reasoning_effort:
 *
 * Returns: (nullable): "low", "medium", "high",
 *   %CONFAB_REASONING_EFFORT_NOT_SENT, or %NULL to follow Preferences
 */
const char *
confab_conversation_get_reasoning_effort (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), NULL);

  return self->reasoning_effort;
}

/**
 * confab_conversation_set_reasoning_effort:
 * @reasoning_effort: (nullable): "low", "medium", "high",
 *   %CONFAB_REASONING_EFFORT_NOT_SENT, or %NULL to follow Preferences
 */
void
confab_conversation_set_reasoning_effort (ConfabConversation *self,
                                          const char         *reasoning_effort)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));

  if (g_strcmp0 (self->reasoning_effort, reasoning_effort) == 0)
    return;

  g_free (self->reasoning_effort);
  self->reasoning_effort = g_strdup (reasoning_effort);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REASONING_EFFORT]);
}

/**
 * confab_conversation_get_follows_preferences:
 *
 * Returns: whether the model, system prompt and parameters all follow
 *   Preferences, none of them being the conversation's own
 */
gboolean
confab_conversation_get_follows_preferences (ConfabConversation *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION (self), TRUE);

  return self->model == NULL &&
         self->system_prompt == NULL &&
         self->temperature == CONFAB_CONVERSATION_FOLLOW &&
         self->max_output_tokens == CONFAB_CONVERSATION_FOLLOW &&
         self->reasoning_effort == NULL;
}

/**
 * confab_conversation_follow_preferences:
 *
 * Gives the model, system prompt and parameters back to Preferences.
 */
void
confab_conversation_follow_preferences (ConfabConversation *self)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION (self));

  g_object_freeze_notify (G_OBJECT (self));
  confab_conversation_set_model (self, NULL);
  confab_conversation_set_system_prompt (self, NULL);
  confab_conversation_set_temperature (self, CONFAB_CONVERSATION_FOLLOW);
  confab_conversation_set_max_output_tokens (self, CONFAB_CONVERSATION_FOLLOW);
  confab_conversation_set_reasoning_effort (self, NULL);
  g_object_thaw_notify (G_OBJECT (self));
}
