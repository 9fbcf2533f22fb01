/* confab-budget-tracker.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-budget.h"
#include "confab-pricing.h"
#include "confab-store.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_BUDGET_TRACKER (confab_budget_tracker_get_type())

G_DECLARE_FINAL_TYPE (ConfabBudgetTracker, confab_budget_tracker, CONFAB, BUDGET_TRACKER, GObject)

ConfabBudgetTracker *confab_budget_tracker_new          (ConfabStore         *store);
void                 confab_budget_tracker_set_pricing  (ConfabBudgetTracker *self,
                                                         ConfabPricing       *pricing);
void                 confab_budget_tracker_set_budget   (ConfabBudgetTracker *self,
                                                         ConfabBudgetPeriod   period,
                                                         double               budget);
double               confab_budget_tracker_get_budget   (ConfabBudgetTracker *self,
                                                         ConfabBudgetPeriod   period);
double               confab_budget_tracker_get_spent    (ConfabBudgetTracker *self,
                                                         ConfabBudgetPeriod   period);
gboolean             confab_budget_tracker_get_loading  (ConfabBudgetTracker *self);
void                 confab_budget_tracker_update       (ConfabBudgetTracker *self);
gboolean             confab_budget_tracker_would_pass   (ConfabBudgetTracker *self,
                                                         double               estimate,
                                                         ConfabBudgetPeriod  *period);

G_END_DECLS
