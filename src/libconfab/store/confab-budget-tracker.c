/* confab-budget-tracker.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-budget-tracker.h"
#include "confab-usage-report.h"

/* What was spent this calendar month and today, at Confab's estimated
 * costs, against the budgets of Preferences.  The store is asked on its
 * worker when a budget is set, when prices change and when the usage
 * changed (an answer was recorded); without a budget nothing is asked.
 * Months and days are those of the local time zone.
 */

#define N_PERIODS 2

struct _ConfabBudgetTracker
{
  GObject        parent_instance;

  ConfabStore   *store;
  ConfabPricing *pricing;
  GTimeZone     *tz;

  double         budget[N_PERIODS];
  double         spent[N_PERIODS];
  GCancellable  *cancellable[N_PERIODS];
};

G_DEFINE_FINAL_TYPE (ConfabBudgetTracker, confab_budget_tracker, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_MONTHLY_BUDGET,
  PROP_DAILY_BUDGET,
  PROP_LOADING,
  N_PROPS
};

enum {
  CHANGED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

typedef struct
{
  ConfabBudgetTracker *self;
  ConfabBudgetPeriod   period;
} Query;

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autofree Query *query = user_data;
  g_autoptr(ConfabBudgetTracker) self = query->self;
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = confab_store_query_usage_finish (CONFAB_STORE (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable[query->period]);
  if (report != NULL)
    self->spent[query->period] = confab_usage_totals_get_cost (confab_usage_report_get_total (report));
  else
    g_debug ("Could not read what was spent: %s", error->message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
query (ConfabBudgetTracker *self,
       ConfabBudgetPeriod   period)
{
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  gint64 from, to;
  Query *data;

  if (self->cancellable[period] != NULL)
    g_cancellable_cancel (self->cancellable[period]);
  g_clear_object (&self->cancellable[period]);

  if (!(self->budget[period] > 0) || self->store == NULL)
    return;

  confab_budget_get_bounds (period, now, &from, &to);
  self->cancellable[period] = g_cancellable_new ();
  data = g_new0 (Query, 1);
  data->self = g_object_ref (self);
  data->period = period;
  confab_store_query_usage_async (self->store, from, to, self->tz, self->pricing,
                                  self->cancellable[period], query_cb, data);
}

static void
confab_budget_tracker_dispose (GObject *object)
{
  ConfabBudgetTracker *self = (ConfabBudgetTracker *)object;

  for (guint i = 0; i < N_PERIODS; i++)
    {
      if (self->cancellable[i] != NULL)
        g_cancellable_cancel (self->cancellable[i]);
      g_clear_object (&self->cancellable[i]);
    }
  g_clear_object (&self->store);
  g_clear_object (&self->pricing);

  G_OBJECT_CLASS (confab_budget_tracker_parent_class)->dispose (object);
}

static void
confab_budget_tracker_finalize (GObject *object)
{
  ConfabBudgetTracker *self = (ConfabBudgetTracker *)object;

  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (confab_budget_tracker_parent_class)->finalize (object);
}

static void
confab_budget_tracker_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ConfabBudgetTracker *self = CONFAB_BUDGET_TRACKER (object);

  switch (prop_id)
    {
    case PROP_MONTHLY_BUDGET:
      g_value_set_double (value, self->budget[CONFAB_BUDGET_MONTH]);
      break;

    case PROP_DAILY_BUDGET:
      g_value_set_double (value, self->budget[CONFAB_BUDGET_DAY]);
      break;

    case PROP_LOADING:
      g_value_set_boolean (value, confab_budget_tracker_get_loading (self));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_budget_tracker_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ConfabBudgetTracker *self = CONFAB_BUDGET_TRACKER (object);

  switch (prop_id)
    {
    case PROP_MONTHLY_BUDGET:
      confab_budget_tracker_set_budget (self, CONFAB_BUDGET_MONTH, g_value_get_double (value));
      break;

    case PROP_DAILY_BUDGET:
      confab_budget_tracker_set_budget (self, CONFAB_BUDGET_DAY, g_value_get_double (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_budget_tracker_class_init (ConfabBudgetTrackerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_budget_tracker_dispose;
  object_class->finalize = confab_budget_tracker_finalize;
  object_class->get_property = confab_budget_tracker_get_property;
  object_class->set_property = confab_budget_tracker_set_property;

  properties[PROP_MONTHLY_BUDGET] =
    g_param_spec_double ("monthly-budget", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_DAILY_BUDGET] =
    g_param_spec_double ("daily-budget", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ConfabBudgetTracker::changed:
   *
   * A budget, or what was spent against it, changed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
confab_budget_tracker_init (ConfabBudgetTracker *self)
{
  self->tz = g_time_zone_new_local ();
}

/**
 * confab_budget_tracker_new:
 * @store: (nullable): the history, or %NULL when it could not be opened
 *   (then nothing was spent that Confab knows of)
 */
ConfabBudgetTracker *
confab_budget_tracker_new (ConfabStore *store)
{
  ConfabBudgetTracker *self;

  g_return_val_if_fail (store == NULL || CONFAB_IS_STORE (store), NULL);

  self = g_object_new (CONFAB_TYPE_BUDGET_TRACKER, NULL);
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "usage-changed",
                               G_CALLBACK (confab_budget_tracker_update),
                               self, G_CONNECT_SWAPPED);
    }

  return self;
}

/**
 * confab_budget_tracker_set_pricing:
 * @pricing: (nullable): the prices costs are estimated with
 */
void
confab_budget_tracker_set_pricing (ConfabBudgetTracker *self,
                                   ConfabPricing       *pricing)
{
  g_return_if_fail (CONFAB_IS_BUDGET_TRACKER (self));
  g_return_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing));

  if (g_set_object (&self->pricing, pricing))
    confab_budget_tracker_update (self);
}

/**
 * confab_budget_tracker_set_budget:
 * @budget: US dollars, or 0 for no budget
 */
void
confab_budget_tracker_set_budget (ConfabBudgetTracker *self,
                                  ConfabBudgetPeriod   period,
                                  double               budget)
{
  g_return_if_fail (CONFAB_IS_BUDGET_TRACKER (self));
  g_return_if_fail (period < N_PERIODS);

  budget = MAX (budget, 0);
  if (budget == self->budget[period])
    return;

  self->budget[period] = budget;
  query (self, period);
  g_object_notify_by_pspec (G_OBJECT (self),
                            properties[period == CONFAB_BUDGET_MONTH ? PROP_MONTHLY_BUDGET : PROP_DAILY_BUDGET]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
  g_signal_emit (self, signals[CHANGED], 0);
}

double
confab_budget_tracker_get_budget (ConfabBudgetTracker *self,
                                  ConfabBudgetPeriod   period)
{
  g_return_val_if_fail (CONFAB_IS_BUDGET_TRACKER (self), 0);
  g_return_val_if_fail (period < N_PERIODS, 0);

  return self->budget[period];
}

/**
 * confab_budget_tracker_get_spent:
 *
 * Returns: the US dollars spent in the month or day, as the store said
 *   last; 0 without a budget for it
 */
double
confab_budget_tracker_get_spent (ConfabBudgetTracker *self,
                                 ConfabBudgetPeriod   period)
{
  g_return_val_if_fail (CONFAB_IS_BUDGET_TRACKER (self), 0);
  g_return_val_if_fail (period < N_PERIODS, 0);

  return self->budget[period] > 0 ? self->spent[period] : 0;
}

gboolean
confab_budget_tracker_get_loading (ConfabBudgetTracker *self)
{
  g_return_val_if_fail (CONFAB_IS_BUDGET_TRACKER (self), FALSE);

  return self->cancellable[CONFAB_BUDGET_MONTH] != NULL || self->cancellable[CONFAB_BUDGET_DAY] != NULL;
}

/**
 * confab_budget_tracker_update:
 *
 * Asks the store again what was spent, for the budgets that are set.
 */
void
confab_budget_tracker_update (ConfabBudgetTracker *self)
{
  g_return_if_fail (CONFAB_IS_BUDGET_TRACKER (self));

  query (self, CONFAB_BUDGET_MONTH);
  query (self, CONFAB_BUDGET_DAY);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/**
 * confab_budget_tracker_would_pass:
 * @estimate: what the next request is estimated to cost, or 0 when that
 *   is not known
 * @period: (out) (optional): the budget it would pass, the month's
 *   first
 *
 * Returns: whether a budget is spent, or the next request would pass it
 */
gboolean
confab_budget_tracker_would_pass (ConfabBudgetTracker *self,
                                  double               estimate,
                                  ConfabBudgetPeriod  *period)
{
  g_return_val_if_fail (CONFAB_IS_BUDGET_TRACKER (self), FALSE);

  for (ConfabBudgetPeriod i = CONFAB_BUDGET_MONTH; i <= CONFAB_BUDGET_DAY; i++)
    {
      if (confab_budget_would_pass (self->budget[i], self->spent[i], estimate))
        {
          if (period != NULL)
            *period = i;
          return TRUE;
        }
    }

  return FALSE;
}
