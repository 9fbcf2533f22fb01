/* confab-preferences-window.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-key-store.h"
#include "confab-model-list.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_PREFERENCES_WINDOW (confab_preferences_window_get_type())

/* AdwPreferencesWindow is deprecated from libadwaita 1.5 on: there
 * Preferences is an AdwPreferencesDialog, shown inside the window.
 */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (ConfabPreferencesWindow, confab_preferences_window, CONFAB, PREFERENCES_WINDOW, AdwPreferencesDialog)
#else
G_DECLARE_FINAL_TYPE (ConfabPreferencesWindow, confab_preferences_window, CONFAB, PREFERENCES_WINDOW, AdwPreferencesWindow)
#endif

ConfabPreferencesWindow *confab_preferences_window_new           (GSettings               *settings,
                                                                  ConfabKeyStore          *key_store);
void                     confab_preferences_window_present       (ConfabPreferencesWindow *self,
                                                                  GtkWindow               *parent);
void                     confab_preferences_window_focus_api_key (ConfabPreferencesWindow *self);
void                     confab_preferences_window_show_costs    (ConfabPreferencesWindow *self);
void                     confab_preferences_window_set_model_list (ConfabPreferencesWindow *self,
                                                                   ConfabModelList         *model_list);

G_END_DECLS
