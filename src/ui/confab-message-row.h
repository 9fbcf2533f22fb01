/* confab-message-row.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-message.h"
#include "confab-pricing.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_MESSAGE_ROW (confab_message_row_get_type())

G_DECLARE_FINAL_TYPE (ConfabMessageRow, confab_message_row, CONFAB, MESSAGE_ROW, GtkWidget)

GtkWidget     *confab_message_row_new         (void);
ConfabMessage *confab_message_row_get_message (ConfabMessageRow *self);
void           confab_message_row_set_message (ConfabMessageRow *self,
                                               ConfabMessage    *message);
void           confab_message_row_set_pricing (ConfabMessageRow *self,
                                               ConfabPricing    *pricing);

G_END_DECLS
