/* confab-usage-credits.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-credits-monitor.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_CREDITS (confab_usage_credits_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageCredits, confab_usage_credits, CONFAB, USAGE_CREDITS, GtkWidget)

GtkWidget            *confab_usage_credits_new          (void);
ConfabCreditsMonitor *confab_usage_credits_get_monitor  (ConfabUsageCredits   *self);
void                  confab_usage_credits_set_monitor  (ConfabUsageCredits   *self,
                                                         ConfabCreditsMonitor *monitor);
void                  confab_usage_credits_set_estimate (ConfabUsageCredits   *self,
                                                         gboolean              known,
                                                         double                cost,
                                                         gboolean              partial);

G_END_DECLS
