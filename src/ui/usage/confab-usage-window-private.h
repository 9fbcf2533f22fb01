/* confab-usage-window-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-usage-budget.h"
#include "confab-usage-chart.h"
#include "confab-usage-credits.h"
#include "confab-usage-period-chooser.h"
#include "confab-usage-summary.h"
#include "confab-usage-table.h"
#include "confab-usage-window.h"

G_BEGIN_DECLS

/* The usage window, of confab-usage-window.c. */
struct _ConfabUsageWindow
{
  AdwWindow                 parent_instance;

  ConfabStore              *store;
  GError                   *store_error;
  GTimeZone                *tz;
  GCancellable             *cancellable;
  GCancellable             *export_cancellable;
  ConfabUsageReport        *report;
  ConfabPricing            *pricing;
  guint                     reload_id;
  /* What is left at the gateway, and the query of Confab's estimate
   * since its credits were first seen.
   */
  ConfabCreditsMonitor     *credits_monitor;
  GCancellable             *estimate_cancellable;
  /* Set up by confab_usage_window_new(): it may ask the store. */
  gboolean                  started;
  /* The header's title: an AdwViewSwitcherTitle before libadwaita 1.4;
   * from 1.4 on a stack of an AdwViewSwitcher and an AdwWindowTitle,
   * shown while the narrow breakpoint applies.
   */
  GtkWidget                *switcher_title;
  gboolean                  narrow;

  /* Template widgets */
  ConfabUsageBudget        *budget;
  ConfabUsageChart         *chart;
  ConfabUsageTable         *conversations_table;
  ConfabUsageCredits       *credits;
  ConfabUsageTable         *days_table;
  AdwStatusPage            *error_page;
  AdwHeaderBar             *header_bar;
  ConfabUsageTable         *models_table;
  ConfabUsagePeriodChooser *period_chooser;
  AdwBin                   *spinner_bin;
  GtkStack                 *state_stack;
  ConfabUsageSummary       *summary;
  AdwViewSwitcherBar       *switcher_bar;
  /* The header's title: an AdwViewSwitcherTitle before libadwaita 1.4;
   * from 1.4 on a stack of an AdwViewSwitcher and, while the narrow
   * breakpoint applies, an AdwWindowTitle.
   */
  AdwToastOverlay          *toast_overlay;
  AdwViewStack             *view_stack;

  /* In spinner_bin: an AdwSpinner from libadwaita 1.6 on, which spins
   * while it is shown, and a GtkSpinner before.
   */
  GtkWidget                *spinner;
};

/* confab-usage-window.c has the window, its queries and pages;
 * confab-usage-window-export.c the export as CSV.
 */
void _confab_usage_window_toast         (ConfabUsageWindow *self,
                                         const char        *text);
void _confab_usage_window_export_action (GtkWidget         *widget,
                                         const char        *action_name,
                                         GVariant          *parameter);

G_END_DECLS
