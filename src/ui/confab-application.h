/* confab-application.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-budget-tracker.h"
#include "confab-client.h"
#include "confab-credits-monitor.h"
#include "confab-exchanges.h"
#include "confab-key-store.h"
#include "confab-model-list.h"
#include "confab-estimator.h"
#include "confab-pricing.h"
#include "confab-store.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_APPLICATION (confab_application_get_type())

G_DECLARE_FINAL_TYPE (ConfabApplication, confab_application, CONFAB, APPLICATION, AdwApplication)

ConfabApplication *confab_application_new          (const char        *application_id,
                                                    GApplicationFlags  flags);
ConfabClient      *confab_application_get_client   (ConfabApplication *self);
GSettings         *confab_application_get_settings (ConfabApplication *self);
ConfabKeyStore    *confab_application_get_key_store (ConfabApplication *self);
ConfabStore       *confab_application_get_store    (ConfabApplication *self);
const GError      *confab_application_get_store_error (ConfabApplication *self);
ConfabPricing     *confab_application_get_pricing  (ConfabApplication *self);
ConfabEstimator   *confab_application_get_estimator (ConfabApplication *self);
ConfabExchanges   *confab_application_get_exchanges (ConfabApplication *self);
void               confab_application_chat_seen    (ConfabApplication *self,
                                                    gint64             conversation_id);
ConfabModelList   *confab_application_get_model_list (ConfabApplication *self);
ConfabCreditsMonitor *confab_application_get_credits_monitor (ConfabApplication *self);
ConfabBudgetTracker *confab_application_get_budget_tracker (ConfabApplication *self);

void               confab_application_set_up_text  (GtkSettings       *settings);

G_END_DECLS
