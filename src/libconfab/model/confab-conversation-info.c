/* confab-conversation-info.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-conversation.h"
#include "confab-conversation-info-private.h"
#include "confab-util.h"

struct _ConfabConversationInfo
{
  GObject    parent_instance;

  gint64     id;
  char      *title;
  gboolean   title_is_custom;
  GDateTime *created;
  GDateTime *updated;
  gint64     updated_usec;
  char      *model;
  char      *system_prompt;
  char      *draft;
  double     temperature;
  int        max_output_tokens;
  char      *reasoning_effort;
};

G_DEFINE_FINAL_TYPE (ConfabConversationInfo, confab_conversation_info, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_TITLE,
  PROP_TITLE_IS_CUSTOM,
  PROP_CREATED,
  PROP_UPDATED,
  PROP_MODEL,
  PROP_SYSTEM_PROMPT,
  PROP_DRAFT,
  PROP_TEMPERATURE,
  PROP_MAX_OUTPUT_TOKENS,
  PROP_REASONING_EFFORT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GDateTime *
date_time_from_usec (gint64 usec)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (usec / G_USEC_PER_SEC);

  if (seconds == NULL)
    return g_date_time_new_from_unix_utc (0);

  return g_date_time_add (seconds, usec % G_USEC_PER_SEC);
}

static void
set_string (ConfabConversationInfo  *self,
            char                   **field,
            const char              *value,
            guint                    prop_id)
{
  confab_set_string (G_OBJECT (self), field, value, properties[prop_id]);
}

static void
confab_conversation_info_finalize (GObject *object)
{
  ConfabConversationInfo *self = (ConfabConversationInfo *)object;

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->created, g_date_time_unref);
  g_clear_pointer (&self->updated, g_date_time_unref);
  g_clear_pointer (&self->model, g_free);
  g_clear_pointer (&self->system_prompt, g_free);
  g_clear_pointer (&self->draft, g_free);
  g_clear_pointer (&self->reasoning_effort, g_free);

  G_OBJECT_CLASS (confab_conversation_info_parent_class)->finalize (object);
}

static void
confab_conversation_info_get_property (GObject    *object,
                                       guint       prop_id,
                                       GValue     *value,
                                       GParamSpec *pspec)
{
  ConfabConversationInfo *self = CONFAB_CONVERSATION_INFO (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, self->id);
      break;

    case PROP_TITLE:
      g_value_set_string (value, self->title);
      break;

    case PROP_TITLE_IS_CUSTOM:
      g_value_set_boolean (value, self->title_is_custom);
      break;

    case PROP_CREATED:
      g_value_set_boxed (value, self->created);
      break;

    case PROP_UPDATED:
      g_value_set_boxed (value, self->updated);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;

    case PROP_DRAFT:
      g_value_set_string (value, self->draft);
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
confab_conversation_info_class_init (ConfabConversationInfoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_conversation_info_finalize;
  object_class->get_property = confab_conversation_info_get_property;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE] =
    g_param_spec_string ("title", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_TITLE_IS_CUSTOM] =
    g_param_spec_boolean ("title-is-custom", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_CREATED] =
    g_param_spec_boxed ("created", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_UPDATED] =
    g_param_spec_boxed ("updated", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_SYSTEM_PROMPT] =
    g_param_spec_string ("system-prompt", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DRAFT] =
    g_param_spec_string ("draft", NULL, NULL,
                         "",
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /* The parameters, as in #ConfabConversation. */
  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL,
                         CONFAB_CONVERSATION_FOLLOW, 2.0, CONFAB_CONVERSATION_FOLLOW,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_MAX_OUTPUT_TOKENS] =
    g_param_spec_int ("max-output-tokens", NULL, NULL,
                      CONFAB_CONVERSATION_FOLLOW, G_MAXINT, CONFAB_CONVERSATION_FOLLOW,
                      (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_REASONING_EFFORT] =
    g_param_spec_string ("reasoning-effort", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_conversation_info_init (ConfabConversationInfo *self)
{
  self->temperature = CONFAB_CONVERSATION_FOLLOW;
  self->max_output_tokens = CONFAB_CONVERSATION_FOLLOW;
}

ConfabConversationInfo *
_confab_conversation_info_new (gint64      id,
                               const char *title,
                               gboolean    title_is_custom,
                               gint64      created,
                               gint64      updated,
                               const char *model,
                               const char *system_prompt,
                               const char *draft)
{
  ConfabConversationInfo *self = g_object_new (CONFAB_TYPE_CONVERSATION_INFO, NULL);

  self->id = id;
  self->title = g_strdup (title ? title : "");
  self->title_is_custom = !!title_is_custom;
  self->created = date_time_from_usec (created);
  self->updated = date_time_from_usec (updated);
  self->updated_usec = updated;
  self->model = g_strdup (model);
  self->system_prompt = g_strdup (system_prompt);
  self->draft = g_strdup (draft ? draft : "");

  return self;
}

void
_confab_conversation_info_set_title (ConfabConversationInfo *self,
                                     const char             *title,
                                     gboolean                title_is_custom)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  set_string (self, &self->title, title ? title : "", PROP_TITLE);

  if (self->title_is_custom != !!title_is_custom)
    {
      self->title_is_custom = !!title_is_custom;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TITLE_IS_CUSTOM]);
    }
}

gint64
_confab_conversation_info_get_updated_usec (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), 0);

  return self->updated_usec;
}

void
_confab_conversation_info_set_updated (ConfabConversationInfo *self,
                                       gint64                  updated)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  if (self->updated_usec == updated)
    return;

  self->updated_usec = updated;
  g_clear_pointer (&self->updated, g_date_time_unref);
  self->updated = date_time_from_usec (updated);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_UPDATED]);
}

void
_confab_conversation_info_set_model (ConfabConversationInfo *self,
                                     const char             *model)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  set_string (self, &self->model, model, PROP_MODEL);
}

void
_confab_conversation_info_set_system_prompt (ConfabConversationInfo *self,
                                             const char             *system_prompt)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  set_string (self, &self->system_prompt, system_prompt, PROP_SYSTEM_PROMPT);
}

void
_confab_conversation_info_set_draft (ConfabConversationInfo *self,
                                     const char             *draft)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  set_string (self, &self->draft, draft ? draft : "", PROP_DRAFT);
}

/* The parameters are stored as the conversation has them (see
 * confab_conversation_get_temperature() and the others).
 */
void
_confab_conversation_info_set_parameters (ConfabConversationInfo *self,
                                          double                  temperature,
                                          int                     max_output_tokens,
                                          const char             *reasoning_effort)
{
  g_return_if_fail (CONFAB_IS_CONVERSATION_INFO (self));

  /* Unchanged, as for most chats when the list is read: nothing to
   * hold back or tell.
   */
  if (self->temperature == temperature &&
      self->max_output_tokens == max_output_tokens &&
      g_strcmp0 (self->reasoning_effort, reasoning_effort) == 0)
    return;

  g_object_freeze_notify (G_OBJECT (self));

  if (self->temperature != temperature)
    {
      self->temperature = temperature;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TEMPERATURE]);
    }

  if (self->max_output_tokens != max_output_tokens)
    {
      self->max_output_tokens = max_output_tokens;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MAX_OUTPUT_TOKENS]);
    }

  set_string (self, &self->reasoning_effort, reasoning_effort, PROP_REASONING_EFFORT);

  g_object_thaw_notify (G_OBJECT (self));
}

gint64
confab_conversation_info_get_id (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), 0);

  return self->id;
}

/**
 * confab_conversation_info_get_title:
 *
 * Returns: the title, or "" while the conversation has none yet
 */
const char *
confab_conversation_info_get_title (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->title;
}

/**
 * confab_conversation_info_get_title_is_custom:
 *
 * Returns: %TRUE when the user named the conversation, %FALSE when the
 *   title was made from its first prompt
 */
gboolean
confab_conversation_info_get_title_is_custom (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), FALSE);

  return self->title_is_custom;
}

GDateTime *
confab_conversation_info_get_created (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->created;
}

/**
 * confab_conversation_info_get_updated:
 *
 * Returns: (transfer none): the time of the last activity (a message
 *   added or changed, not a rename or a draft), in UTC
 */
GDateTime *
confab_conversation_info_get_updated (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->updated;
}

/**
 * confab_conversation_info_get_model:
 *
 * Returns: (nullable): the model of this conversation, or %NULL to use
 *   the one in Preferences
 */
const char *
confab_conversation_info_get_model (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->model;
}

/**
 * confab_conversation_info_get_system_prompt:
 *
 * Returns: (nullable): the system prompt of this conversation, or %NULL
 *   to use the one in Preferences
 */
const char *
confab_conversation_info_get_system_prompt (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->system_prompt;
}

/**
 * confab_conversation_info_get_draft:
 *
 * Returns: the unsent text of the composer, "" when there is none
 */
const char *
confab_conversation_info_get_draft (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->draft;
}

/**
 * confab_conversation_info_get_temperature:
 *
 * Returns: the temperature of this conversation, from 0 to 2, or
 *   %CONFAB_CONVERSATION_FOLLOW or %CONFAB_CONVERSATION_NOT_SENT
 */
double
confab_conversation_info_get_temperature (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), CONFAB_CONVERSATION_FOLLOW);

  return self->temperature;
}

/**
 * confab_conversation_info_get_max_output_tokens:
 *
 * Returns: the most output tokens of an answer of this conversation, or
 *   %CONFAB_CONVERSATION_FOLLOW or %CONFAB_CONVERSATION_NOT_SENT
 */
int
confab_conversation_info_get_max_output_tokens (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), CONFAB_CONVERSATION_FOLLOW);

  return self->max_output_tokens;
}

/**
 * confab_conversation_info_get_reasoning_effort:
 *
 * Returns: (nullable): the reasoning effort of this conversation,
 *   %CONFAB_REASONING_EFFORT_NOT_SENT, or %NULL to use the one in
 *   Preferences
 */
const char *
confab_conversation_info_get_reasoning_effort (ConfabConversationInfo *self)
{
  g_return_val_if_fail (CONFAB_IS_CONVERSATION_INFO (self), NULL);

  return self->reasoning_effort;
}
