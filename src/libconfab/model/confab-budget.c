/* confab-budget.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "confab-budget.h"
#include "confab-pricing.h"

static gint64
to_usec (GDateTime *time)
{
  return g_date_time_to_unix (time) * G_USEC_PER_SEC + g_date_time_get_microsecond (time);
}

/**
 * confab_budget_get_bounds:
 * @period: a month or a day
 * @now: the time of day it is, in the zone whose days count
 * @from: (out): the start of the month or day of @now, in microseconds
 *   since 1970
 * @to: (out): the start of the next one
 *
 * The calendar month, or the day, that @now is in: [@from, @to).
 */
void
confab_budget_get_bounds (ConfabBudgetPeriod  period,
                          GDateTime          *now,
                          gint64             *from,
                          gint64             *to)
{
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;
  GTimeZone *tz;
  int year, month, day;

  g_return_if_fail (now != NULL);
  g_return_if_fail (from != NULL && to != NULL);

  tz = g_date_time_get_timezone (now);
  g_date_time_get_ymd (now, &year, &month, &day);

  if (period == CONFAB_BUDGET_MONTH)
    {
      start = g_date_time_new (tz, year, month, 1, 0, 0, 0);
      end = month == 12 ? g_date_time_new (tz, year + 1, 1, 1, 0, 0, 0)
                        : g_date_time_new (tz, year, month + 1, 1, 0, 0, 0);
    }
  else
    {
      g_autoptr(GDateTime) next = NULL;

      start = g_date_time_new (tz, year, month, day, 0, 0, 0);
      /* The next day's midnight, also across a change of summer time. */
      next = g_date_time_add_hours (start, 36);
      g_date_time_get_ymd (next, &year, &month, &day);
      end = g_date_time_new (tz, year, month, day, 0, 0, 0);
    }

  *from = to_usec (start);
  *to = to_usec (end);
}

/**
 * confab_budget_would_pass:
 * @budget: the budget, 0 or less for none
 * @spent: what was spent so far in its period
 * @estimate: what the next request is estimated to cost, or 0 when that
 *   is not known
 *
 * Whether a request is worth a question first: the budget is already
 * spent, or this request would pass it.
 *
 * Returns: %TRUE when it would
 */
gboolean
confab_budget_would_pass (double budget,
                          double spent,
                          double estimate)
{
  if (!(budget > 0) || !isfinite (budget))
    return FALSE;

  if (!isfinite (spent))
    spent = 0;
  if (!isfinite (estimate) || estimate < 0)
    estimate = 0;

  return spent >= budget || spent + estimate > budget;
}

/**
 * confab_budget_get_fraction:
 *
 * Returns: how much of @budget is spent, from 0 to 1 (1 also when more
 *   than all of it is); 0 without a budget
 */
double
confab_budget_get_fraction (double budget,
                            double spent)
{
  if (!(budget > 0) || !isfinite (budget) || !isfinite (spent))
    return 0;

  return CLAMP (spent / budget, 0, 1);
}

/**
 * confab_budget_format:
 *
 * Returns: (transfer full): what was spent against the budget, such as
 *   "$3.20 of $10.00 this month"
 */
char *
confab_budget_format (ConfabBudgetPeriod period,
                      double             budget,
                      double             spent)
{
  g_autofree char *spent_text = confab_pricing_format_cost (MAX (spent, 0));
  g_autofree char *budget_text = confab_pricing_format_cost (MAX (budget, 0));

  if (period == CONFAB_BUDGET_MONTH)
    /* Translators: what was spent of the monthly budget, such as
     * "$3.20 of $10.00 this month".
     */
    return g_strdup_printf (_("%s of %s this month"), spent_text, budget_text);

  /* Translators: what was spent of the daily budget, such as "$0.40 of
   * $1.00 today".
   */
  return g_strdup_printf (_("%s of %s today"), spent_text, budget_text);
}
