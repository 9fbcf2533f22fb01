/* confab-chat-settings.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-chat-settings.h"

/* The model and system prompt of one conversation.  Left as they come,
 * they follow Preferences; once edited, they are the chat's own until
 * "Use Preferences" gives them back.
 */

struct _ConfabChatSettings
{
  GtkPopover          parent_instance;

  ConfabConversation *conversation;
  GSettings          *defaults;
  gboolean            loading;

  /* Template widgets */
  GtkLabel           *hint_label;
  GtkEntry           *model_entry;
  GtkTextView        *prompt_view;
  GtkButton          *reset_button;
};

G_DEFINE_FINAL_TYPE (ConfabChatSettings, confab_chat_settings, GTK_TYPE_POPOVER)

static void
confab_chat_settings_load (ConfabChatSettings *self)
{
  g_autofree char *model = NULL;
  g_autofree char *prompt = NULL;
  gboolean own;

  if (self->conversation == NULL)
    return;

  own = confab_conversation_get_model (self->conversation) != NULL ||
        confab_conversation_get_system_prompt (self->conversation) != NULL;

  model = confab_conversation_get_model (self->conversation)
            ? g_strdup (confab_conversation_get_model (self->conversation))
            : g_settings_get_string (self->defaults, "model");
  prompt = confab_conversation_get_system_prompt (self->conversation)
             ? g_strdup (confab_conversation_get_system_prompt (self->conversation))
             : g_settings_get_string (self->defaults, "system-prompt");

  self->loading = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->model_entry), model);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (self->prompt_view), prompt, -1);
  self->loading = FALSE;

  gtk_label_set_text (self->hint_label,
                      own ? _("This chat has its own settings.")
                          : _("This chat follows Preferences until you change these."));
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), own);
}

static void
confab_chat_settings_model_changed_cb (ConfabChatSettings *self)
{
  g_autofree char *model = NULL;

  if (self->loading || self->conversation == NULL)
    return;

  model = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->model_entry))));
  confab_conversation_set_model (self->conversation, *model != '\0' ? model : NULL);
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), TRUE);
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
  gtk_widget_set_sensitive (GTK_WIDGET (self->reset_button), TRUE);
}

static void
confab_chat_settings_reset_cb (ConfabChatSettings *self)
{
  if (self->conversation == NULL)
    return;

  confab_conversation_set_model (self->conversation, NULL);
  confab_conversation_set_system_prompt (self->conversation, NULL);
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
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, hint_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, model_entry);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, prompt_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabChatSettings, reset_button);
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
