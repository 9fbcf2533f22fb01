/* confab-usage-budget.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-budget-tracker.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_BUDGET (confab_usage_budget_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageBudget, confab_usage_budget, CONFAB, USAGE_BUDGET, GtkWidget)

GtkWidget *confab_usage_budget_new         (void);
void       confab_usage_budget_set_tracker (ConfabUsageBudget   *self,
                                            ConfabBudgetTracker *tracker);

G_END_DECLS
