/* confab-message.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-enums.h"
#include "confab-error.h"
#include "confab-json.h"
#include "confab-message-private.h"
#include "confab-util.h"

/* One message of a conversation.  An answer from the server maps onto it
 * through JsonSerializable: `id`, `model`, `created` and `usage` are
 * properties, and `choices` is a write-only property whose setter takes
 * the first choice's message and finish reason.
 */


G_DEFINE_FINAL_TYPE_WITH_CODE (ConfabMessage, confab_message, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (JSON_TYPE_SERIALIZABLE,
                                                      _confab_message_serializable_init))

GParamSpec *confab_message_properties [N_PROPS];

static void
confab_message_set_string (ConfabMessage  *self,
                           char          **field,
                           const char     *value,
                           guint           prop_id)
{
  confab_set_string (G_OBJECT (self), field, value, confab_message_properties[prop_id]);
}

static void
confab_message_finalize (GObject *object)
{
  ConfabMessage *self = (ConfabMessage *)object;

  if (self->content != NULL)
    g_string_free (self->content, TRUE);
  g_clear_pointer (&self->content_bytes, g_bytes_unref);
  g_string_free (self->reasoning, TRUE);
  g_string_free (self->held, TRUE);
  g_clear_pointer (&self->error, g_error_free);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->finish_reason, g_free);
  g_clear_pointer (&self->response_id, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_object (&self->usage);
  g_clear_pointer (&self->attachments, g_ptr_array_unref);

  G_OBJECT_CLASS (confab_message_parent_class)->finalize (object);
}

static void
confab_message_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  ConfabMessage *self = CONFAB_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      g_value_set_enum (value, self->role);
      break;

    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;

    case PROP_CONTENT:
      g_value_set_string (value, confab_message_get_content (self));
      break;

    case PROP_REASONING:
      g_value_set_string (value, self->reasoning->str);
      break;

    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_FINISH_REASON:
      g_value_set_string (value, self->finish_reason);
      break;

    case PROP_RESPONSE_ID:
      g_value_set_string (value, self->response_id);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    case PROP_VERSION:
      g_value_set_uint (value, self->version);
      break;

    case PROP_N_VERSIONS:
      g_value_set_uint (value, self->n_versions);
      break;

    case PROP_ESTIMATED_INPUT_TOKENS:
      g_value_set_int64 (value, self->estimated_input_tokens);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_set_property (GObject      *object,
                             guint         prop_id,
                             const GValue *value,
                             GParamSpec   *pspec)
{
  ConfabMessage *self = CONFAB_MESSAGE (object);

  switch (prop_id)
    {
    case PROP_ROLE:
      self->role = g_value_get_enum (value);
      break;

    case PROP_STATE:
      confab_message_set_state (self, g_value_get_enum (value));
      break;

    case PROP_CONTENT:
      confab_message_set_content (self, g_value_get_string (value));
      break;

    case PROP_REASONING:
      confab_message_set_reasoning (self, g_value_get_string (value));
      break;

    case PROP_ERROR:
      confab_message_set_error (self, g_value_get_boxed (value));
      break;

    case PROP_MODEL:
      confab_message_set_model (self, g_value_get_string (value));
      break;

    case PROP_FINISH_REASON:
      confab_message_set_finish_reason (self, g_value_get_string (value));
      break;

    case PROP_RESPONSE_ID:
      confab_message_set_string (self, &self->response_id, g_value_get_string (value), PROP_RESPONSE_ID);
      break;

    case PROP_CREATED:
      confab_message_set_created (self, g_value_get_boxed (value));
      break;

    case PROP_USAGE:
      confab_message_set_usage (self, g_value_get_object (value));
      break;

    case PROP_CHOICES:
      _confab_message_set_choices (self, g_value_get_boxed (value));
      break;

    case PROP_ESTIMATED_INPUT_TOKENS:
      confab_message_set_estimated_input_tokens (self, g_value_get_int64 (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_message_dispatch_properties_changed (GObject     *object,
                                            guint        n_pspecs,
                                            GParamSpec **pspecs)
{
  ConfabMessage *self = CONFAB_MESSAGE (object);

  G_OBJECT_CLASS (confab_message_parent_class)->dispatch_properties_changed (object, n_pspecs, pspecs);

  if (self->observer != NULL)
    for (guint i = 0; i < n_pspecs; i++)
      self->observer (self, pspecs[i], self->observer_data);
}

/**
 * _confab_message_set_observer:
 * @observer: (nullable): what to call after each notification, or
 *   %NULL to stop
 *
 * Lets the one conversation that holds the message follow it without a
 * signal handler: a loaded conversation of 10,000 messages connected
 * 10,000 handlers, which was a good part of the time to open it.
 */
void
_confab_message_set_observer (ConfabMessage         *self,
                              ConfabMessageObserver  observer,
                              gpointer               user_data)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (observer == NULL || self->observer == NULL);

  self->observer = observer;
  self->observer_data = user_data;
}

static void
confab_message_class_init (ConfabMessageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_message_finalize;
  object_class->dispatch_properties_changed = confab_message_dispatch_properties_changed;
  object_class->get_property = confab_message_get_property;
  object_class->set_property = confab_message_set_property;

  confab_message_properties[PROP_ROLE] =
    g_param_spec_enum ("role", NULL, NULL,
                       CONFAB_TYPE_ROLE,
                       CONFAB_ROLE_ASSISTANT,
                       (G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL,
                       CONFAB_TYPE_MESSAGE_STATE,
                       CONFAB_MESSAGE_STATE_COMPLETE,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_CONTENT] =
    g_param_spec_string ("content", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessage:reasoning:
   *
   * The model's thinking, kept apart from the answer: from
   * `reasoning_content` or `reasoning`, or a `<think>` block at the start
   * of the content.
   */
  confab_message_properties[PROP_REASONING] =
    g_param_spec_string ("reasoning", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_ERROR] =
    g_param_spec_boxed ("error", NULL, NULL,
                        G_TYPE_ERROR,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_FINISH_REASON] =
    g_param_spec_string ("finish-reason", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_RESPONSE_ID] =
    g_param_spec_string ("response-id", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  confab_message_properties[PROP_CHOICES] =
    g_param_spec_boxed ("choices", NULL, NULL,
                        JSON_TYPE_ARRAY,
                        (G_PARAM_WRITABLE | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessage:version:
   *
   * Which of the versions of this prompt or answer it is, from 1 to
   * #ConfabMessage:n-versions; its conversation keeps it up to date.
   */
  confab_message_properties[PROP_VERSION] =
    g_param_spec_uint ("version", NULL, NULL,
                       1, G_MAXUINT, 1,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessage:n-versions:
   *
   * How many versions of this prompt or answer there are: those that
   * follow the same message, or begin the chat.
   */
  confab_message_properties[PROP_N_VERSIONS] =
    g_param_spec_uint ("n-versions", NULL, NULL,
                       1, G_MAXUINT, 1,
                       (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabMessage:estimated-input-tokens:
   *
   * The input tokens estimated for the request of an answer before it
   * was sent, to set beside what the server counted; -1 when there was
   * no estimate (asked for again, or never estimated).
   */
  confab_message_properties[PROP_ESTIMATED_INPUT_TOKENS] =
    g_param_spec_int64 ("estimated-input-tokens", NULL, NULL,
                        -1, G_MAXINT64, -1,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, confab_message_properties);
}

static void
confab_message_init (ConfabMessage *self)
{
  self->content = g_string_new (NULL);
  self->reasoning = g_string_new (NULL);
  self->held = g_string_new (NULL);
  self->created = g_date_time_new_now_utc ();
  self->parent_id = CONFAB_MESSAGE_PARENT_UNKNOWN;
  self->chosen = TRUE;
  self->version = 1;
  self->n_versions = 1;
  self->estimated_input_tokens = -1;
}

const char *
confab_role_to_string (ConfabRole role)
{
  switch (role)
    {
    case CONFAB_ROLE_SYSTEM:    return "system";
    case CONFAB_ROLE_USER:      return "user";
    case CONFAB_ROLE_ASSISTANT: return "assistant";
    default:                    g_return_val_if_reached (NULL);
    }
}

ConfabMessage *
confab_message_new (ConfabRole  role,
                    const char *content)
{
  return g_object_new (CONFAB_TYPE_MESSAGE,
                       "role", role,
                       "content", content ? content : "",
                       NULL);
}

gint64
confab_message_get_id (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->id;
}

void
confab_message_set_id (ConfabMessage *self,
                       gint64         id)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  self->id = id;
}

ConfabRole
confab_message_get_role (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), CONFAB_ROLE_ASSISTANT);

  return self->role;
}

/**
 * confab_message_get_pending_since:
 *
 * Returns: the monotonic time at which the message last became pending,
 *   to show how long the model has been thinking
 */
gint64
confab_message_get_pending_since (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->pending_since;
}

ConfabMessageState
confab_message_get_state (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), CONFAB_MESSAGE_STATE_COMPLETE);

  return self->state;
}

void
confab_message_set_state (ConfabMessage      *self,
                          ConfabMessageState  state)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->state == state)
    return;

  self->state = state;
  if (state == CONFAB_MESSAGE_STATE_PENDING)
    self->pending_since = g_get_monotonic_time ();
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_STATE]);
}

const GError *
confab_message_get_error (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->error;
}

void
confab_message_set_error (ConfabMessage *self,
                          const GError  *error)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->error == NULL && error == NULL)
    return;

  g_clear_pointer (&self->error, g_error_free);
  if (error != NULL)
    self->error = g_error_copy (error);

  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_ERROR]);
}

const char *
confab_message_get_model (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->model;
}

void
confab_message_set_model (ConfabMessage *self,
                          const char    *model)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->model, model, PROP_MODEL);
}

const char *
confab_message_get_finish_reason (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->finish_reason;
}

void
confab_message_set_finish_reason (ConfabMessage *self,
                                  const char    *finish_reason)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->finish_reason, finish_reason, PROP_FINISH_REASON);
}

const char *
confab_message_get_response_id (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->response_id;
}

void
confab_message_set_response_id (ConfabMessage *self,
                                 const char    *response_id)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  confab_message_set_string (self, &self->response_id, response_id, PROP_RESPONSE_ID);
}

GDateTime *
confab_message_get_created (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->created;
}

void
confab_message_set_created (ConfabMessage *self,
                            GDateTime     *created)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->created == created)
    return;

  g_clear_pointer (&self->created, g_date_time_unref);
  if (created != NULL)
    self->created = g_date_time_ref (created);

  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_CREATED]);
}

ConfabUsage *
confab_message_get_usage (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->usage;
}

void
confab_message_set_usage (ConfabMessage *self,
                          ConfabUsage   *usage)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (!usage || CONFAB_IS_USAGE (usage));

  if (g_set_object (&self->usage, usage))
    g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_USAGE]);
}

/**
 * confab_message_fail:
 *
 * Marks the message as failed with @error, or as cancelled when @error
 * is %G_IO_ERROR_CANCELLED.  The content stays as it is.
 */
void
confab_message_fail (ConfabMessage *self,
                     const GError  *error)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (error != NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      confab_message_set_error (self, NULL);
      confab_message_set_state (self, CONFAB_MESSAGE_STATE_CANCELLED);
    }
  else
    {
      confab_message_set_error (self, error);
      confab_message_set_state (self, CONFAB_MESSAGE_STATE_FAILED);
    }
}

/**
 * confab_message_update_from:
 * @answer: a message made from the server's answer
 *
 * Copies the answer into @self, the pending message that waited for it,
 * and marks @self complete.  The state changes last, so that watchers
 * of `state` see the final content and usage.
 */
void
confab_message_update_from (ConfabMessage *self,
                            ConfabMessage *answer)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));

  g_object_freeze_notify (G_OBJECT (self));
  confab_message_set_content_from (self, answer);
  confab_message_set_reasoning (self, answer->reasoning->str);
  confab_message_set_model (self, answer->model);
  confab_message_set_finish_reason (self, answer->finish_reason);
  confab_message_set_string (self, &self->response_id, answer->response_id, PROP_RESPONSE_ID);
  confab_message_set_usage (self, answer->usage);
  confab_message_set_error (self, NULL);
  confab_message_set_state (self, answer->state);
  g_object_thaw_notify (G_OBJECT (self));
}

/**
 * confab_message_get_parent_id:
 *
 * Returns: the id of the message this one follows in the store, 0 when
 *   it begins its chat, or %CONFAB_MESSAGE_PARENT_UNKNOWN when it
 *   follows the message before it
 */
gint64
confab_message_get_parent_id (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), CONFAB_MESSAGE_PARENT_UNKNOWN);

  return self->parent_id;
}

void
confab_message_set_parent_id (ConfabMessage *self,
                              gint64         parent_id)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (parent_id >= CONFAB_MESSAGE_PARENT_UNKNOWN);

  self->parent_id = parent_id;
}

/**
 * confab_message_get_chosen:
 *
 * Returns: whether, as it was loaded, this version was the one shown
 *   among those that follow the same message
 */
gboolean
confab_message_get_chosen (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), TRUE);

  return self->chosen;
}

void
confab_message_set_chosen (ConfabMessage *self,
                           gboolean       chosen)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  self->chosen = !!chosen;
}

guint
confab_message_get_version (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 1);

  return self->version;
}

guint
confab_message_get_n_versions (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 1);

  return self->n_versions;
}

/* Its conversation says where it is among its versions. */
void
_confab_message_set_versions (ConfabMessage *self,
                              guint          version,
                              guint          n_versions)
{
  g_return_if_fail (version >= 1 && version <= n_versions);

  g_object_freeze_notify (G_OBJECT (self));
  if (self->version != version)
    {
      self->version = version;
      g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_VERSION]);
    }
  if (self->n_versions != n_versions)
    {
      self->n_versions = n_versions;
      g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_N_VERSIONS]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

gint64
confab_message_get_estimated_input_tokens (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), -1);

  return self->estimated_input_tokens;
}

/**
 * confab_message_set_estimated_input_tokens:
 * @tokens: the input tokens estimated before the answer was asked for,
 *   or -1 for none
 */
void
confab_message_set_estimated_input_tokens (ConfabMessage *self,
                                           gint64         tokens)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  tokens = MAX (tokens, -1);
  if (self->estimated_input_tokens == tokens)
    return;

  self->estimated_input_tokens = tokens;
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_ESTIMATED_INPUT_TOKENS]);
}

/**
 * confab_message_get_n_attachments:
 *
 * Returns: how many images the message carries
 */
guint
confab_message_get_n_attachments (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->attachments != NULL ? self->attachments->len : 0;
}

/**
 * confab_message_get_attachment:
 *
 * Returns: (transfer none): the image at @index
 */
ConfabAttachment *
confab_message_get_attachment (ConfabMessage *self,
                               guint          index)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);
  g_return_val_if_fail (index < confab_message_get_n_attachments (self), NULL);

  return g_ptr_array_index (self->attachments, index);
}

/**
 * confab_message_add_attachment:
 *
 * Adds an image after those the message has.  Images are added as a
 * prompt is made or read back, before it is shown: no signal tells of
 * them.
 */
void
confab_message_add_attachment (ConfabMessage    *self,
                               ConfabAttachment *attachment)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (CONFAB_IS_ATTACHMENT (attachment));

  if (self->attachments == NULL)
    self->attachments = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (self->attachments, g_object_ref (attachment));
}
