/* confab-usage-chart.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_CHART (confab_usage_chart_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageChart, confab_usage_chart, CONFAB, USAGE_CHART, GtkWidget)

GtkWidget  *confab_usage_chart_new                  (void);
GListModel *confab_usage_chart_get_days             (ConfabUsageChart *self);
void        confab_usage_chart_set_days             (ConfabUsageChart *self,
                                                     GListModel       *days);
guint       confab_usage_chart_get_n_bars           (ConfabUsageChart *self);
char       *confab_usage_chart_dup_bar_description  (ConfabUsageChart *self,
                                                     guint             position);

G_END_DECLS
