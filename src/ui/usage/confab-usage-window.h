/* confab-usage-window.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-budget-tracker.h"
#include "confab-credits-monitor.h"
#include <adwaita.h>

#include "confab-usage-period-chooser.h"
#include "confab-usage-report.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_WINDOW (confab_usage_window_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageWindow, confab_usage_window, CONFAB, USAGE_WINDOW, AdwWindow)

ConfabUsageWindow *confab_usage_window_new        (GtkApplication    *application,
                                                   ConfabStore       *store,
                                                   const GError      *store_error,
                                                   ConfabPricing     *pricing);
void               confab_usage_window_set_pricing (ConfabUsageWindow *self,
                                                    ConfabPricing     *pricing);
void               confab_usage_window_set_period (ConfabUsageWindow *self,
                                                   ConfabUsagePeriod  period);
gboolean           confab_usage_window_set_range  (ConfabUsageWindow *self,
                                                   GDateTime         *first_day,
                                                   GDateTime         *last_day);
void               confab_usage_window_reload     (ConfabUsageWindow *self);
gboolean           confab_usage_window_get_loading (ConfabUsageWindow *self);
ConfabUsageReport *confab_usage_window_get_report (ConfabUsageWindow *self);
void               confab_usage_window_set_credits_monitor (ConfabUsageWindow    *self,
                                                            ConfabCreditsMonitor *monitor);
void               confab_usage_window_set_budget_tracker (ConfabUsageWindow   *self,
                                                           ConfabBudgetTracker *tracker);
void               confab_usage_window_export_async  (ConfabUsageWindow   *self,
                                                      GFile               *file,
                                                      GCancellable        *cancellable,
                                                      GAsyncReadyCallback  callback,
                                                      gpointer             user_data);
gboolean           confab_usage_window_export_finish (ConfabUsageWindow   *self,
                                                      GAsyncResult        *result,
                                                      GError             **error);

G_END_DECLS
