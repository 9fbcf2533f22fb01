/* confab-exchanges-options.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-exchanges-private.h"

/* What a request is sent with: the defaults, as properties, and the
 * parameters of one request in a conversation, its own or those
 * defaults.
 */

enum {
  PROP_0,
  PROP_MODEL,
  PROP_SYSTEM_PROMPT,
  PROP_STREAM,
  PROP_TEMPERATURE,
  PROP_SEND_TEMPERATURE,
  PROP_MAX_OUTPUT_TOKENS,
  PROP_SEND_MAX_OUTPUT_TOKENS,
  PROP_REASONING_EFFORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
confab_exchanges_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ConfabExchanges *self = CONFAB_EXCHANGES (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_SYSTEM_PROMPT:
      g_value_set_string (value, self->system_prompt);
      break;

    case PROP_STREAM:
      g_value_set_boolean (value, self->stream);
      break;

    case PROP_TEMPERATURE:
      g_value_set_double (value, self->temperature);
      break;

    case PROP_SEND_TEMPERATURE:
      g_value_set_boolean (value, self->send_temperature);
      break;

    case PROP_MAX_OUTPUT_TOKENS:
      g_value_set_int (value, self->max_output_tokens);
      break;

    case PROP_SEND_MAX_OUTPUT_TOKENS:
      g_value_set_boolean (value, self->send_max_output_tokens);
      break;

    case PROP_REASONING_EFFORT:
      g_value_set_string (value, self->reasoning_effort);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_exchanges_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  ConfabExchanges *self = CONFAB_EXCHANGES (object);

  switch (prop_id)
    {
    case PROP_MODEL:
      g_free (self->model);
      self->model = g_strstrip (g_strdup (g_value_get_string (value) != NULL ? g_value_get_string (value) : ""));
      g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_SYSTEM_PROMPT:
      g_free (self->system_prompt);
      self->system_prompt = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;

    case PROP_STREAM:
      if (self->stream != g_value_get_boolean (value))
        {
          self->stream = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_TEMPERATURE:
      if (self->temperature != g_value_get_double (value))
        {
          self->temperature = g_value_get_double (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SEND_TEMPERATURE:
      if (self->send_temperature != g_value_get_boolean (value))
        {
          self->send_temperature = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_MAX_OUTPUT_TOKENS:
      if (self->max_output_tokens != g_value_get_int (value))
        {
          self->max_output_tokens = g_value_get_int (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_SEND_MAX_OUTPUT_TOKENS:
      if (self->send_max_output_tokens != g_value_get_boolean (value))
        {
          self->send_max_output_tokens = g_value_get_boolean (value);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    case PROP_REASONING_EFFORT:
      g_free (self->reasoning_effort);
      self->reasoning_effort = g_value_dup_string (value);
      g_object_notify_by_pspec (object, pspec);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

void
_confab_exchanges_install_properties (GObjectClass *object_class)
{
  object_class->get_property = confab_exchanges_get_property;
  object_class->set_property = confab_exchanges_set_property;

  /**
   * ConfabExchanges:model:
   *
   * The model asked when a conversation has none of its own.
   */
  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         "",
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:system-prompt:
   *
   * The system prompt sent when a conversation has none of its own.
   */
  properties[PROP_SYSTEM_PROMPT] =
    g_param_spec_string ("system-prompt", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:stream:
   *
   * Whether answers are asked for as they are written.
   */
  properties[PROP_STREAM] =
    g_param_spec_boolean ("stream", NULL, NULL,
                          TRUE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:temperature:
   *
   * The temperature sent, when #ConfabExchanges:send-temperature says
   * so, for a conversation that has none of its own.
   */
  properties[PROP_TEMPERATURE] =
    g_param_spec_double ("temperature", NULL, NULL,
                         0.0, 2.0, 1.0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:send-temperature:
   *
   * Whether #ConfabExchanges:temperature is sent; without it the
   * server's default applies.
   */
  properties[PROP_SEND_TEMPERATURE] =
    g_param_spec_boolean ("send-temperature", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:max-output-tokens:
   *
   * The most output tokens asked for, when
   * #ConfabExchanges:send-max-output-tokens says so, for a conversation
   * that has no limit of its own.
   */
  properties[PROP_MAX_OUTPUT_TOKENS] =
    g_param_spec_int ("max-output-tokens", NULL, NULL,
                      1, G_MAXINT, 32768,
                      (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:send-max-output-tokens:
   *
   * Whether #ConfabExchanges:max-output-tokens is sent.
   */
  properties[PROP_SEND_MAX_OUTPUT_TOKENS] =
    g_param_spec_boolean ("send-max-output-tokens", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabExchanges:reasoning-effort:
   *
   * The reasoning effort sent for a conversation that has none of its
   * own: "low", "medium" or "high"; %NULL or
   * %CONFAB_REASONING_EFFORT_NOT_SENT sends none.
   */
  properties[PROP_REASONING_EFFORT] =
    g_param_spec_string ("reasoning-effort", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

/* The parameters of a request in @conversation: its own, or the
 * defaults where it follows them.  Only what is set goes in @options.
 */
void
_confab_exchanges_get_options (ConfabExchanges    *self,
                               ConfabConversation *conversation,
                               ConfabChatOptions  *options)
{
  double temperature = confab_conversation_get_temperature (conversation);
  int max_output_tokens = confab_conversation_get_max_output_tokens (conversation);
  const char *effort = confab_conversation_get_reasoning_effort (conversation);

  *options = (ConfabChatOptions) CONFAB_CHAT_OPTIONS_INIT;

  if (temperature == CONFAB_CONVERSATION_FOLLOW)
    temperature = self->send_temperature ? self->temperature : CONFAB_CONVERSATION_NOT_SENT;
  /* In hundredths: a spin button's steps of 0.1 add up to 0.30000000000000004. */
  if (temperature >= 0)
    options->temperature = (int) (temperature * 100 + 0.5) / 100.0;

  if (max_output_tokens == CONFAB_CONVERSATION_FOLLOW)
    max_output_tokens = self->send_max_output_tokens ? self->max_output_tokens : CONFAB_CONVERSATION_NOT_SENT;
  if (max_output_tokens > 0)
    options->max_output_tokens = max_output_tokens;

  if (effort == NULL)
    effort = self->reasoning_effort;
  if (effort != NULL && *effort != '\0' && !g_str_equal (effort, CONFAB_REASONING_EFFORT_NOT_SENT))
    options->reasoning_effort = effort;
}

/**
 * confab_exchanges_get_options:
 * @conversation: a conversation
 * @options: (out caller-allocates): where to put the parameters
 *
 * Gives the parameters that a request of @conversation carries: its
 * own, or the defaults of Preferences; those not set are not sent.
 */
void
confab_exchanges_get_options (ConfabExchanges    *self,
                              ConfabConversation *conversation,
                              ConfabChatOptions  *options)
{
  g_return_if_fail (CONFAB_IS_EXCHANGES (self));
  g_return_if_fail (CONFAB_IS_CONVERSATION (conversation));
  g_return_if_fail (options != NULL);

  _confab_exchanges_get_options (self, conversation, options);
}
