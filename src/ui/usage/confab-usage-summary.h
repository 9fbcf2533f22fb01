/* confab-usage-summary.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-usage-report.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_SUMMARY (confab_usage_summary_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageSummary, confab_usage_summary, CONFAB, USAGE_SUMMARY, GtkWidget)

GtkWidget *confab_usage_summary_new        (void);
void       confab_usage_summary_set_totals (ConfabUsageSummary *self,
                                            ConfabUsageTotals  *totals,
                                            gboolean            priced);

void       confab_usage_summary_set_cost_source (ConfabUsageSummary *self,
                                                 const char         *source);

G_END_DECLS
