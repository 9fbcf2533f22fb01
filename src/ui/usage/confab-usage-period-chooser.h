/* confab-usage-period-chooser.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* The periods of the usage window, in the order of its menu. */
typedef enum
{
  CONFAB_USAGE_PERIOD_TODAY,
  CONFAB_USAGE_PERIOD_WEEK,
  CONFAB_USAGE_PERIOD_MONTH,
  CONFAB_USAGE_PERIOD_ALL,
  CONFAB_USAGE_PERIOD_CUSTOM,
} ConfabUsagePeriod;

#define CONFAB_TYPE_USAGE_PERIOD_CHOOSER (confab_usage_period_chooser_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsagePeriodChooser, confab_usage_period_chooser, CONFAB, USAGE_PERIOD_CHOOSER, GtkWidget)

GtkWidget         *confab_usage_period_chooser_new        (void);
ConfabUsagePeriod  confab_usage_period_chooser_get_period (ConfabUsagePeriodChooser *self);
void               confab_usage_period_chooser_set_period (ConfabUsagePeriodChooser *self,
                                                           ConfabUsagePeriod         period);
gboolean           confab_usage_period_chooser_set_range  (ConfabUsagePeriodChooser *self,
                                                           GDateTime                *first_day,
                                                           GDateTime                *last_day);
gboolean           confab_usage_period_chooser_get_bounds (ConfabUsagePeriodChooser *self,
                                                           GTimeZone                *tz,
                                                           gint64                   *from,
                                                           gint64                   *to);

G_END_DECLS
