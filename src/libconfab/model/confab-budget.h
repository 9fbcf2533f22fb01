/* confab-budget.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Budgets in US dollars, of a calendar month or of a day, counted with
 * Confab's estimated costs.  A budget of 0 (or less) is no budget.
 */
typedef enum
{
  CONFAB_BUDGET_MONTH,
  CONFAB_BUDGET_DAY,
} ConfabBudgetPeriod;

void     confab_budget_get_bounds   (ConfabBudgetPeriod  period,
                                     GDateTime          *now,
                                     gint64             *from,
                                     gint64             *to);
gboolean confab_budget_would_pass   (double              budget,
                                     double              spent,
                                     double              estimate);
double   confab_budget_get_fraction (double              budget,
                                     double              spent);
char    *confab_budget_format       (ConfabBudgetPeriod  period,
                                     double              budget,
                                     double              spent);

G_END_DECLS
