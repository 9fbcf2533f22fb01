/* confab-preferences-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-accessible.h"
#include "confab-client.h"
#include "confab-error.h"
#include "confab-model-picker.h"
#include "confab-key-store.h"
#include "confab-preferences-window-private.h"
#include "confab-request.h"
#include "confab-tooltip.h"

/* Every row is bound to GSettings, so a change is saved at once and the
 * next request uses it; the API key row to the key store, which keeps the
 * key in GSettings or in the keyring.
 */

#if ADW_CHECK_VERSION (1, 5, 0)
G_DEFINE_FINAL_TYPE (ConfabPreferencesWindow, confab_preferences_window, ADW_TYPE_PREFERENCES_DIALOG)
#else
G_DEFINE_FINAL_TYPE (ConfabPreferencesWindow, confab_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)
#endif

static void
confab_preferences_window_check_url (ConfabPreferencesWindow *self)
{
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) hosts = g_settings_get_strv (self->settings, "plain-http-hosts");
  const char *base_url = gtk_editable_get_text (GTK_EDITABLE (self->base_url_row));

  uri = confab_request_build_uri_full (base_url, "chat/completions", (const char * const *) hosts, &error);

  /* A server on the home network is one confirmation away. */
  gtk_widget_set_visible (GTK_WIDGET (self->allow_host_button),
                          g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_UNCONFIRMED_URL));

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

/* Servers on the home network */

static char *
dup_base_url_host (ConfabPreferencesWindow *self)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->base_url_row))));
  g_autoptr(GUri) uri = g_uri_parse (stripped, G_URI_FLAGS_ENCODED, NULL);

  if (uri == NULL || g_uri_get_host (uri) == NULL || !confab_request_uri_is_home_network (uri))
    return NULL;

  return g_strdup (g_uri_get_host (uri));
}

static void
allow_host_response_cb (ConfabPreferencesWindow *self,
                        const char              *response,
                        GObject                 *dialog)
{
  g_autoptr(GStrvBuilder) builder = NULL;
  g_auto(GStrv) hosts = NULL;
  g_auto(GStrv) allowed = NULL;
  const char *host = g_object_get_data (dialog, "confab-host");

  if (!g_str_equal (response, "allow") || host == NULL)
    return;

  hosts = g_settings_get_strv (self->settings, "plain-http-hosts");
  if (g_strv_contains ((const char * const *) hosts, host))
    return;

  builder = g_strv_builder_new ();
  g_strv_builder_addv (builder, (const char **) hosts);
  g_strv_builder_add (builder, host);
  allowed = g_strv_builder_end (builder);
  g_settings_set_strv (self->settings, "plain-http-hosts", (const char * const *) allowed);
}

/* Asks once per host whether the key may cross the home network
 * unencrypted; the answer is remembered in plain-http-hosts.
 */
static void
confab_preferences_window_allow_host_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  ConfabPreferencesWindow *self = CONFAB_PREFERENCES_WINDOW (widget);
  g_autofree char *host = dup_base_url_host (self);
  g_autofree char *body = NULL;
  GObject *dialog;

  if (host == NULL)
    return;

  /* Translators: %s is a host name or address, such as 192.168.1.20. */
  body = g_strdup_printf (_("The server at “%s” takes only plain http://. Your chats and your API key are sent unencrypted on your network, where others on it can read them. Allow this only for a server of yours on a network you trust."),
                          host);

#if ADW_CHECK_VERSION (1, 5, 0)
  dialog = G_OBJECT (adw_alert_dialog_new (_("Use This Server Unencrypted?"), body));
  adw_alert_dialog_add_responses (ADW_ALERT_DIALOG (dialog),
                                  "cancel", _("_Cancel"),
                                  "allow", _("_Allow"),
                                  NULL);
  adw_alert_dialog_set_response_appearance (ADW_ALERT_DIALOG (dialog), "allow", ADW_RESPONSE_DESTRUCTIVE);
  adw_alert_dialog_set_default_response (ADW_ALERT_DIALOG (dialog), "cancel");
  adw_alert_dialog_set_close_response (ADW_ALERT_DIALOG (dialog), "cancel");
#else
  dialog = G_OBJECT (adw_message_dialog_new (GTK_WINDOW (self), _("Use This Server Unencrypted?"), body));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "allow", _("_Allow"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "allow", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
#endif
  g_object_set_data_full (dialog, "confab-host", g_steal_pointer (&host), g_free);
  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (allow_host_response_cb),
                           self, G_CONNECT_SWAPPED);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (dialog), GTK_WIDGET (self));
#else
  gtk_window_present (GTK_WINDOW (dialog));
#endif
}

/* The proxy modes, in the order of the combo row's items. */
static const char * const proxy_modes[] = { "system", "manual" };

static gboolean
proxy_mode_to_selected (GValue   *value,
                        GVariant *variant,
                        gpointer  user_data)
{
  const char *mode = g_variant_get_string (variant, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (proxy_modes); i++)
    if (g_str_equal (mode, proxy_modes[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_proxy_mode (const GValue       *value,
                        const GVariantType *expected_type,
                        gpointer            user_data)
{
  guint selected = g_value_get_uint (value);

  if (selected >= G_N_ELEMENTS (proxy_modes))
    return NULL;

  return g_variant_new_string (proxy_modes[selected]);
}

static gboolean
proxy_mode_is_manual (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  g_value_set_boolean (value, g_str_equal (g_variant_get_string (variant, NULL), "manual"));

  return TRUE;
}

/* A manual address that cannot be used is marked as one. */
static void
confab_preferences_window_check_proxy_url (ConfabPreferencesWindow *self)
{
  const char *url = gtk_editable_get_text (GTK_EDITABLE (self->proxy_url_row));
  g_autofree char *stripped = g_strstrip (g_strdup (url));

  if (*stripped != '\0' && !confab_client_proxy_url_is_valid (stripped))
    gtk_widget_add_css_class (GTK_WIDGET (self->proxy_url_row), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self->proxy_url_row), "error");
}

static void
confab_preferences_window_bind_proxy (ConfabPreferencesWindow *self)
{
  GtkWidget *manual_rows[] = {
    GTK_WIDGET (self->proxy_url_row),
    GTK_WIDGET (self->proxy_user_row),
    GTK_WIDGET (self->proxy_password_row),
  };

  g_settings_bind_with_mapping (self->settings, "proxy-mode",
                                self->proxy_mode_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                proxy_mode_to_selected, selected_to_proxy_mode,
                                NULL, NULL);

  /* The address and password only matter for a manual proxy. */
  for (guint i = 0; i < G_N_ELEMENTS (manual_rows); i++)
    g_settings_bind_with_mapping (self->settings, "proxy-mode",
                                  manual_rows[i], "visible",
                                  G_SETTINGS_BIND_GET,
                                  proxy_mode_is_manual, NULL,
                                  NULL, NULL);

  g_settings_bind (self->settings, "proxy-url", self->proxy_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "proxy-user", self->proxy_user_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "proxy-password", self->proxy_password_row, "text", G_SETTINGS_BIND_DEFAULT);

  g_signal_connect_object (self->proxy_url_row, "changed",
                           G_CALLBACK (confab_preferences_window_check_proxy_url),
                           self, G_CONNECT_SWAPPED);
  confab_preferences_window_check_proxy_url (self);
}

/* A string setting with choices, shown in a combo row whose items are
 * in the order of @choices (a %NULL-terminated array).
 */
static gboolean
choice_to_selected (GValue   *value,
                    GVariant *variant,
                    gpointer  user_data)
{
  const char * const *choices = user_data;
  const char *choice = g_variant_get_string (variant, NULL);

  for (guint i = 0; choices[i] != NULL; i++)
    if (g_str_equal (choice, choices[i]))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
selected_to_choice (const GValue       *value,
                    const GVariantType *expected_type,
                    gpointer            user_data)
{
  const char * const *choices = user_data;
  guint selected = g_value_get_uint (value);

  if (selected >= g_strv_length ((char **) choices))
    return NULL;

  return g_variant_new_string (choices[selected]);
}

static const char * const send_keys[] = { "enter", "ctrl-enter", NULL };
static const char * const styles[] = { "system", "light", "dark", NULL };

static void
confab_preferences_window_bind_appearance (ConfabPreferencesWindow *self)
{
  g_settings_bind_with_mapping (self->settings, "style",
                                self->style_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_to_selected, selected_to_choice,
                                (gpointer) styles, NULL);
  g_settings_bind_with_mapping (self->settings, "send-key",
                                self->send_key_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_to_selected, selected_to_choice,
                                (gpointer) send_keys, NULL);
  g_settings_bind (self->settings, "notify-answers", self->notify_switch, "active", G_SETTINGS_BIND_DEFAULT);
}

/* The reasoning efforts, in the order of the effort row's items. */
static const char * const efforts[] = { "default", "low", "medium", "high", NULL };

/* What is switched off is not sent: the row says whose default applies. */
static void
confab_preferences_window_update_parameters (ConfabPreferencesWindow *self)
{
  adw_action_row_set_subtitle (self->temperature_row,
                               gtk_switch_get_active (self->temperature_switch) ? "" : _("Server default"));
  adw_action_row_set_subtitle (self->max_tokens_row,
                               gtk_switch_get_active (self->max_tokens_switch) ? "" : _("Server default"));
}

static void
confab_preferences_window_bind_parameters (ConfabPreferencesWindow *self)
{
  g_settings_bind (self->settings, "send-temperature", self->temperature_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "temperature",
                   gtk_spin_button_get_adjustment (self->temperature_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "send-max-output-tokens", self->max_tokens_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "max-output-tokens",
                   gtk_spin_button_get_adjustment (self->max_tokens_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind_with_mapping (self->settings, "reasoning-effort",
                                self->effort_row, "selected",
                                G_SETTINGS_BIND_DEFAULT,
                                choice_to_selected, selected_to_choice,
                                (gpointer) efforts, NULL);

  g_signal_connect_object (self->temperature_switch, "notify::active",
                           G_CALLBACK (confab_preferences_window_update_parameters),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->max_tokens_switch, "notify::active",
                           G_CALLBACK (confab_preferences_window_update_parameters),
                           self, G_CONNECT_SWAPPED);
  confab_preferences_window_update_parameters (self);
}

/* Says where the key is kept, or why it is not where it was asked to be. */
static void
confab_preferences_window_update_keyring (ConfabPreferencesWindow *self)
{
  ConfabKeyStore *store = self->key_store;
  const char *problem = confab_key_store_get_problem (store);
  const char *subtitle;

  if (problem != NULL)
    subtitle = problem;
  else if (!confab_key_store_get_ready (store))
    subtitle = _("Reading the key from the keyring…");
  else if (confab_key_store_get_busy (store) && !confab_key_store_get_in_keyring (store) &&
           g_settings_get_boolean (self->settings, "api-key-in-keyring"))
    /* The keyring may be asking for its password meanwhile. */
    subtitle = _("Waiting for the keyring…");
  else if (confab_key_store_get_in_keyring (store))
    subtitle = _("The key is kept in the system keyring");
  else
    subtitle = _("The key is kept in Confab’s settings");

  adw_action_row_set_subtitle (self->keyring_row, subtitle);

  /* A key typed before the old one is read would be overwritten by it. */
  gtk_widget_set_sensitive (GTK_WIDGET (self->api_key_row), confab_key_store_get_ready (store));
}

static void
confab_preferences_window_bind_keyring (ConfabPreferencesWindow *self)
{
  const char *notifications[] = { "notify::ready", "notify::in-keyring", "notify::busy", "notify::problem" };

  g_object_bind_property (self->key_store, "api-key",
                          self->api_key_row, "text",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_settings_bind (self->settings, "api-key-in-keyring",
                   self->keyring_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (notifications); i++)
    g_signal_connect_object (self->key_store, notifications[i],
                             G_CALLBACK (confab_preferences_window_update_keyring),
                             self, G_CONNECT_SWAPPED);
  confab_preferences_window_update_keyring (self);
}

static void
confab_preferences_window_dispose (GObject *object)
{
  ConfabPreferencesWindow *self = (ConfabPreferencesWindow *)object;

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_PREFERENCES_WINDOW);
#endif

  g_clear_object (&self->settings);
  g_clear_object (&self->key_store);

  G_OBJECT_CLASS (confab_preferences_window_parent_class)->dispose (object);
}

static void
confab_preferences_window_class_init (ConfabPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_preferences_window_dispose;

  g_type_ensure (CONFAB_TYPE_MODEL_PICKER);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, allow_host_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, api_key_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, base_url_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, costs_page);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, effort_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, keyring_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, keyring_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, max_tokens_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, max_tokens_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, max_tokens_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, model_picker);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, model_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, notify_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, prices_list);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, proxy_mode_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, proxy_password_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, proxy_url_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, proxy_user_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, send_key_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, stream_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, system_prompt_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, temperature_row);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, temperature_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, temperature_switch);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, timeout_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, low_credits_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, monthly_budget_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, daily_budget_spin);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, url_error_group);
  gtk_widget_class_bind_template_child (widget_class, ConfabPreferencesWindow, url_error_label);

  gtk_widget_class_install_action (widget_class, "prefs.base-url", "s", confab_preferences_window_base_url_action);
  gtk_widget_class_install_action (widget_class, "prefs.allow-host", NULL, confab_preferences_window_allow_host_action);
  _confab_preferences_window_install_price_actions (widget_class);
}

static void
confab_preferences_window_init (ConfabPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean: those of the
   * template now, and again once shown, for what libadwaita gives a
   * tooltip in between (on 1.10, the Caps Lock indicator of the API key's
   * password row showed GTK's own).  Attaching twice does no harm.
   */
  confab_tooltip_attach (GTK_WIDGET (self));
  g_signal_connect (self, "map", G_CALLBACK (confab_tooltip_attach), NULL);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_set_content_width (ADW_DIALOG (self), 600);
  adw_dialog_set_content_height (ADW_DIALOG (self), 640);
#else
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 600, 640);
#endif

  /* The row's Show Text button has only an icon and a tooltip. */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->api_key_row));
       child != NULL;
       child = confab_widget_next_descendant (GTK_WIDGET (self->api_key_row), child))
    if (GTK_IS_BUTTON (child))
      confab_accessible_name_after_tooltip (child);
}

/**
 * confab_preferences_window_new:
 * @key_store: the owner of the API key, which the key row edits
 */
ConfabPreferencesWindow *
confab_preferences_window_new (GSettings      *settings,
                               ConfabKeyStore *key_store)
{
  ConfabPreferencesWindow *self;

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);
  g_return_val_if_fail (CONFAB_IS_KEY_STORE (key_store), NULL);

  self = g_object_new (CONFAB_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);
  self->key_store = g_object_ref (key_store);

  confab_preferences_window_bind_keyring (self);
  g_settings_bind (settings, "base-url", self->base_url_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "model", self->model_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "model", self->model_picker, "model", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "system-prompt",
                   gtk_text_view_get_buffer (self->system_prompt_view), "text",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "stream-answers", self->stream_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "stall-timeout", self->timeout_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "low-credits-threshold", self->low_credits_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "monthly-budget", self->monthly_budget_spin, "value", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "daily-budget", self->daily_budget_spin, "value", G_SETTINGS_BIND_DEFAULT);

  confab_preferences_window_bind_proxy (self);
  confab_preferences_window_bind_appearance (self);
  confab_preferences_window_bind_parameters (self);

  g_signal_connect_object (self->base_url_row, "changed",
                           G_CALLBACK (confab_preferences_window_check_url),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (settings, "changed::plain-http-hosts",
                           G_CALLBACK (confab_preferences_window_check_url),
                           self, G_CONNECT_SWAPPED);
  confab_preferences_window_check_url (self);

  _confab_preferences_window_bind_costs (self);

  return self;
}

/**
 * confab_preferences_window_present:
 * @parent: (nullable): the window it is for
 *
 * Shows Preferences: inside @parent from libadwaita 1.5 on, a modal
 * window on top of it before.
 */
void
confab_preferences_window_present (ConfabPreferencesWindow *self,
                                   GtkWindow               *parent)
{
  g_return_if_fail (CONFAB_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (parent == NULL || GTK_IS_WINDOW (parent));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_present (ADW_DIALOG (self), GTK_WIDGET (parent));
#else
  gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  gtk_window_present (GTK_WINDOW (self));
#endif
}

/**
 * confab_preferences_window_show_costs:
 *
 * Shows the page of model prices.
 */
void
confab_preferences_window_show_costs (ConfabPreferencesWindow *self)
{
  g_return_if_fail (CONFAB_IS_PREFERENCES_WINDOW (self));

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_preferences_dialog_set_visible_page (ADW_PREFERENCES_DIALOG (self), self->costs_page);
#else
  adw_preferences_window_set_visible_page (ADW_PREFERENCES_WINDOW (self), self->costs_page);
#endif
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

/**
 * confab_preferences_window_set_model_list:
 * @model_list: the models the server lists, for the Model row's picker
 */
void
confab_preferences_window_set_model_list (ConfabPreferencesWindow *self,
                                          ConfabModelList         *model_list)
{
  g_return_if_fail (CONFAB_IS_PREFERENCES_WINDOW (self));

  confab_model_picker_set_model_list (self->model_picker, model_list);
}
