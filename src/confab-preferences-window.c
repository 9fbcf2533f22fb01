/* confab-preferences-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-preferences-window.h"
#include "confab-request.h"

/* Every row is bound to GSettings, so a change is saved at once and the
 * next request uses it.
 */

struct _ConfabPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  AdwPasswordEntryRow  *api_key_row;
  AdwEntryRow          *base_url_row;
  AdwEntryRow          *model_row;
  GtkSwitch            *stream_switch;
  GtkTextView          *system_prompt_view;
  GtkSpinButton        *timeout_spin;
  AdwPreferencesGroup  *url_error_group;
  GtkLabel             *url_error_label;
};

G_DEFINE_FINAL_TYPE (ConfabPreferencesWindow, confab_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
confab_preferences_window_check_url (ConfabPreferencesWindow *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  const char *base_url = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));

  uri = confab_request_build_uri (base_url, "chat/completions", &error);

  if (uri == NULL)
    {
      gtk_label_set_text (self->url_error_label, error->message);
      gtk_widget_add_css_class (GTK_WIDGET (self->base_url_row), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->base_url_row), "error");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->url_error_group), uri == NULL);
}

static void
confab_preferences_window_base_url_action (GtkWidget  *widget,
                                           const char *action_name,
                                           GVariant   *parameter)
{
  ConfabPreferencesWindow *self = CONFAB_PREFERENCES_WINDOW (widget);

  g_settings_set_string (self->settings, "base-url", g_variant_get_string (parameter, NULL));
}

static void
confab_preferences_window_dispose (GObject *object)
{
  ConfabPreferencesWindow *self = (ConfabPreferencesWindow *)object;

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_PREFERENCES_WINDOW);
#endif

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (confab_preferences_window_parent_class)->dispose (object);
}

static void
confab_preferences_window_class_init (ConfabPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, model_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, stream_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, system_prompt_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, url_error_group);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, url_error_label);

  gtk_widget_class_install_action (widget_class, "prefs.base-url", "s", confab_preferences_window_base_url_action);
}

static void
confab_preferences_window_init (ConfabPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

ConfabPreferencesWindow *
confab_preferences_window_new (GSettings *settings)
{
  ConfabPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (CONFAB_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  g_settings_bind (settings, "api-key", self->api_key_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "base-url", self->base_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "model", self->model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "system-prompt",
                   gtk_text_view_get_buffer (self->system_prompt_view), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "stream-answers", self->stream_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "stall-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->base_url_row, "changed",
                           G_CALLBACK (confab_preferences_window_check_url),
                           self, G_CONNECT_SWAPPED);
  confab_preferences_window_check_url (self);

  return self;
}

/**
 * confab_preferences_window_focus_api_key:
 *
 * Puts the focus in the API key row, for people sent here to enter one.
 */
void
confab_preferences_window_focus_api_key (ConfabPreferencesWindow *self)
{
  g_return_if_fail (CONFAB_IS_PREFERENCES_WINDOW (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->api_key_row));
}
