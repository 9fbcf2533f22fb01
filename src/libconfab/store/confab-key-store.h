/* confab-key-store.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_KEY_STORE (confab_key_store_get_type())

G_DECLARE_FINAL_TYPE (ConfabKeyStore, confab_key_store, CONFAB, KEY_STORE, GObject)

ConfabKeyStore *confab_key_store_new            (GSettings      *settings);
const char     *confab_key_store_get_api_key    (ConfabKeyStore *self);
void            confab_key_store_set_api_key    (ConfabKeyStore *self,
                                                 const char     *api_key);
gboolean        confab_key_store_get_ready      (ConfabKeyStore *self);
gboolean        confab_key_store_get_in_keyring (ConfabKeyStore *self);
gboolean        confab_key_store_get_busy       (ConfabKeyStore *self);
const char     *confab_key_store_get_problem    (ConfabKeyStore *self);

G_END_DECLS
