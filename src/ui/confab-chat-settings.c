/* confab-chat-settings.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "confab-chat-settings.h"

/* The model, system prompt and parameters of one conversation.  Left as
 * they come, they follow Preferences; once edited, each is the chat's
 * own until "Use Preferences" gives them all back.  A temperature or
 * token limit that is switched off is not sent, so that the server's
 * default applies: in a chat that is its own too, even when Preferences
 * send one.
 */

struct _ConfabChatSettings
{
  GtkPopover          parent_instance;

  ConfabConversation *conversation;
  GSettings          *defaults;
  gboolean            loading;

  /* Template widgets */
  AdwComboRow        *effort_row;
  GtkLabel           *hint_label;
  AdwActionRow       *max_tokens_row;
  GtkSpinButton      *max_tokens_spin;
  GtkSwitch          *max_tokens_switch;
  GtkEntry           *model_entry;
  GtkTextView        *prompt_view;
  GtkButton          *reset_button;
  AdwActionRow       *temperature_row;
  GtkSpinButton      *temperature_spin;
  GtkSwitch          *temperature_switch;
};

/* The reasoning efforts, in the order of the effort row's items. */
static const char * const efforts[] = {
  CONFAB_REASONING_EFFORT_NOT_SENT, "low", "medium", "high", NULL
};

G_DEFINE_FINAL_TYPE (ConfabChatSettings, confab_chat_settings, GTK_TYPE_POPOVER)

static guint
effort_to_selected (const char *effort)
{
  for (guint i = 0; efforts[i] != NULL; i++)
    if (g_strcmp0 (effort, efforts[i]) == 0)
      return i;

  return 0;
}

/* The spin button steps by tenths, which doubles do not hold exactly:
 * 0.3, not 0.30000000000000004, goes on the wire.
 */
static double
round_temperature (double temperature)
{
  return (int) (temperature * 100 + 0.5) / 100.0;
}

static void
update_subtitle (AdwActionRow *row,
                 GtkSwitch    *sent)
{
  adw_action_row_set_subtitle (row, gtk_switch_get_active (sent) ? "" : _("Server default"));
}

static void
confab_chat_settings_update_own (ConfabChatSettings *self)
{
  gboolean own = self->conversation != NULL && !confab_conversation_get_follows_preferences (self->conversation);

  gtk_label_set_text (self->hint_label,
                      own ? _("This chat has its own settings.")
                          : _("This chat follows Preferences until you change these."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), own);
  update_subtitle (self->temperature_row, self->temperature_switch);
  update_subtitle (self->max_tokens_row, self->max_tokens_switch);
}

/* Shows the parameters of the chat, or those of Preferences that it
 * follows.  A switch that is off still offers a value for when it is
 * turned on: the one of Preferences.
 */
static void
confab_chat_settings_load_parameters (ConfabChatSettings *self)
{
  double temperature = confab_conversation_get_temperature (self->conversation);
  int max_tokens = confab_conversation_get_max_output_tokens (self->conversation);
  const char *effort = confab_conversation_get_reasoning_effort (self->conversation);
  g_autofree char *default_effort = NULL;

  if (temperature == CONFAB_CONVERSATION_FOLLOW)
    temperature = g_settings_get_boolean (self->defaults, "send-temperature")
                    ? g_settings_get_double (self->defaults, "temperature")
                    : CONFAB_CONVERSATION_NOT_SENT;
  if (max_tokens == CONFAB_CONVERSATION_FOLLOW)
    max_tokens = g_settings_get_boolean (self->defaults, "send-max-output-tokens")
                   ? g_settings_get_int (self->defaults, "max-output-tokens")
                   : CONFAB_CONVERSATION_NOT_SENT;
  if (effort == NULL)
    effort = default_effort = g_settings_get_string (self->defaults, "reasoning-effort");

  gtk_spin_button_set_value (self->temperature_spin,
                             temperature >= 0 ? temperature : g_settings_get_double (self->defaults, "temperature"));
  gtk_switch_set_active (self->temperature_switch, temperature >= 0);
  gtk_spin_button_set_value (self->max_tokens_spin,
                             max_tokens > 0 ? max_tokens : g_settings_get_int (self->defaults, "max-output-tokens"));
  gtk_switch_set_active (self->max_tokens_switch, max_tokens > 0);
  adw_combo_row_set_selected (self->effort_row, effort_to_selected (effort));
}

static void
confab_chat_settings_load (ConfabChatSettings *self)
{
  g_autofree char *model = NULL;
  g_autofree char *prompt = NULL;

  if (self->conversation == NULL)
    return;

  model = confab_conversation_get_model (self->conversation)
            ? g_strdup (confab_conversation_get_model (self->conversation))
            : g_settings_get_string (self->defaults, "model");
  prompt = confab_conversation_get_system_prompt (self->conversation)
             ? g_strdup (confab_conversation_get_system_prompt (self->conversation))
             : g_settings_get_string (self->defaults, "system-prompt");

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt, -1);
  confab_chat_settings_load_parameters (self);
  self->loading = FALSE;

  confab_chat_settings_update_own (self);
}

static void
confab_chat_settings_model_changed_cb (ConfabChatSettings *self)
{
  g_autofree char *model = NULL;

  if (self->loading || self->conversation == NULL)
    return;

  model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry))));
  confab_conversation_set_model (self->conversation, *model != '\0' ? model : NULL);
  confab_chat_settings_update_own (self);
}

static void
confab_chat_settings_prompt_changed_cb (ConfabChatSettings *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->prompt_view);
  g_autofree char *prompt = NULL;
  GtkTextIter start, end;

  if (self->loading || self->conversation == NULL)
    return;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  prompt = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  confab_conversation_set_system_prompt (self->conversation, prompt);
  confab_chat_settings_update_own (self);
}

static void
confab_chat_settings_temperature_changed_cb (ConfabChatSettings *self)
{
  if (self->loading || self->conversation == NULL)
    return;

  confab_conversation_set_temperature (self->conversation,
                                       gtk_switch_get_active (self->temperature_switch)
                                         ? round_temperature (gtk_spin_button_get_value (self->temperature_spin))
                                         : CONFAB_CONVERSATION_NOT_SENT);
  confab_chat_settings_update_own (self);
}

/* The value of a switched-off parameter is only offered, not set. */
static void
confab_chat_settings_temperature_value_cb (ConfabChatSettings *self)
{
  if (gtk_switch_get_active (self->temperature_switch))
    confab_chat_settings_temperature_changed_cb (self);
}

static void
confab_chat_settings_max_tokens_changed_cb (ConfabChatSettings *self)
{
  if (self->loading || self->conversation == NULL)
    return;

  confab_conversation_set_max_output_tokens (self->conversation,
                                             gtk_switch_get_active (self->max_tokens_switch)
                                               ? gtk_spin_button_get_value_as_int (self->max_tokens_spin)
                                               : CONFAB_CONVERSATION_NOT_SENT);
  confab_chat_settings_update_own (self);
}

static void
confab_chat_settings_max_tokens_value_cb (ConfabChatSettings *self)
{
  if (gtk_switch_get_active (self->max_tokens_switch))
    confab_chat_settings_max_tokens_changed_cb (self);
}

static void
confab_chat_settings_effort_changed_cb (ConfabChatSettings *self)
{
  guint selected = adw_combo_row_get_selected (self->effort_row);

  if (self->loading || self->conversation == NULL || selected >= G_N_ELEMENTS (efforts) - 1)
    return;

  confab_conversation_set_reasoning_effort (self->conversation, efforts[selected]);
  confab_chat_settings_update_own (self);
}

static void
confab_chat_settings_reset_cb (ConfabChatSettings *self)
{
  if (self->conversation == NULL)
    return;

  confab_conversation_follow_preferences (self->conversation);
  confab_chat_settings_load (self);
}

static void
confab_chat_settings_show (GtkWidget *widget)
{
  confab_chat_settings_load (CONFAB_CHAT_SETTINGS (widget));

  GTK_WIDGET_CLASS (confab_chat_settings_parent_class)->show (widget);
}

static void
confab_chat_settings_dispose (GObject *object)
{
  ConfabChatSettings *self = (ConfabChatSettings *)object;

  g_clear_object (&self->conversation);
  g_clear_object (&self->defaults);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_CHAT_SETTINGS);
#endif

  G_OBJECT_CLASS (confab_chat_settings_parent_class)->dispose (object);
}

static void
confab_chat_settings_class_init (ConfabChatSettingsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_chat_settings_dispose;
  widget_class->show = confab_chat_settings_show;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-chat-settings.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, effort_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, hint_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, max_tokens_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, model_entry);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, reset_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, temperature_switch);
}

static void
confab_chat_settings_init (ConfabChatSettings *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  g_signal_connect_object (self->model_entry, "changed",
                           G_CALLBACK (confab_chat_settings_model_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_text_view_get_buffer (self->prompt_view), "changed",
                           G_CALLBACK (confab_chat_settings_prompt_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->temperature_switch, "notify::active",
                           G_CALLBACK (confab_chat_settings_temperature_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->temperature_spin, "value-changed",
                           G_CALLBACK (confab_chat_settings_temperature_value_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->max_tokens_switch, "notify::active",
                           G_CALLBACK (confab_chat_settings_max_tokens_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->max_tokens_spin, "value-changed",
                           G_CALLBACK (confab_chat_settings_max_tokens_value_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->effort_row, "notify::selected",
                           G_CALLBACK (confab_chat_settings_effort_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->reset_button, "clicked",
                           G_CALLBACK (confab_chat_settings_reset_cb),
                           self, G_CONNECT_SWAPPED);
}

/**
 * confab_chat_settings_set_conversation:
 * @defaults: the application's settings, shown while the chat has none
 */
void
confab_chat_settings_set_conversation (ConfabChatSettings *self,
                                       ConfabConversation *conversation,
                                       GSettings          *defaults)
{
  g_return_if_fail (CONFAB_IS_CHAT_SETTINGS (self));

  g_set_object (&self->conversation, conversation);
  g_set_object (&self->defaults, defaults);
  confab_chat_settings_load (self);
}
