/* confab-preferences-window-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-key-store.h"
#include "confab-model-picker.h"
#include "confab-preferences-window.h"

G_BEGIN_DECLS

struct _ConfabPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;
  ConfabKeyStore       *key_store;

  /* Template widgets */
  AdwPreferencesPage   *costs_page;
  GtkButton            *allow_host_button;
  AdwPasswordEntryRow  *api_key_row;
  AdwActionRow         *keyring_row;
  GtkSwitch            *keyring_switch;
  GtkSwitch            *notify_switch;
  AdwComboRow          *proxy_mode_row;
  AdwEntryRow          *proxy_url_row;
  AdwEntryRow          *proxy_user_row;
  AdwPasswordEntryRow  *proxy_password_row;
  AdwEntryRow          *base_url_row;
  AdwComboRow          *effort_row;
  AdwActionRow         *max_tokens_row;
  GtkSpinButton        *max_tokens_spin;
  GtkSwitch            *max_tokens_switch;
  AdwEntryRow          *model_row;
  AdwComboRow          *send_key_row;
  AdwComboRow          *style_row;
  ConfabModelPicker    *model_picker;
  GtkListBox           *prices_list;
  GtkSwitch            *stream_switch;
  GtkTextView          *system_prompt_view;
  AdwActionRow         *temperature_row;
  GtkSpinButton        *temperature_spin;
  GtkSwitch            *temperature_switch;
  GtkSpinButton        *timeout_spin;
  GtkSpinButton        *low_credits_spin;
  GtkSpinButton        *monthly_budget_spin;
  GtkSpinButton        *daily_budget_spin;
  AdwPreferencesGroup  *url_error_group;
  GtkLabel             *url_error_label;
};

/* confab-preferences-window.c has the window, the server, the key, the
 * proxy, the appearance and the default parameters;
 * confab-preferences-window-costs.c the Costs page, the prices of the
 * models.
 */
void _confab_preferences_window_install_price_actions (GtkWidgetClass          *widget_class);
void _confab_preferences_window_bind_costs            (ConfabPreferencesWindow *self);

G_END_DECLS
