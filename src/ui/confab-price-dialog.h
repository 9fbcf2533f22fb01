/* confab-price-dialog.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-pricing.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_PRICE_DIALOG (confab_price_dialog_get_type())

/* AdwMessageDialog is deprecated from libadwaita 1.5 on. */
#if ADW_CHECK_VERSION (1, 5, 0)
G_DECLARE_FINAL_TYPE (ConfabPriceDialog, confab_price_dialog, CONFAB, PRICE_DIALOG, AdwAlertDialog)
#else
G_DECLARE_FINAL_TYPE (ConfabPriceDialog, confab_price_dialog, CONFAB, PRICE_DIALOG, AdwMessageDialog)
#endif

ConfabPriceDialog *confab_price_dialog_new                (const char        *model,
                                                           const ConfabPrice *price);
void               confab_price_dialog_present            (ConfabPriceDialog *self,
                                                           GtkWidget         *parent);
const char        *confab_price_dialog_get_original_model (ConfabPriceDialog *self);
char              *confab_price_dialog_dup_model          (ConfabPriceDialog *self);
gboolean           confab_price_dialog_get_price          (ConfabPriceDialog *self,
                                                           ConfabPrice       *price);
gboolean           confab_price_dialog_parse_price        (const char        *text,
                                                           double            *price);

G_END_DECLS
