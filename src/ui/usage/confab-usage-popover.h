/* confab-usage-popover.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-credits-monitor.h"
#include "confab-popover.h"
#include "confab-usage.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_USAGE_POPOVER (confab_usage_popover_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsagePopover, confab_usage_popover, CONFAB, USAGE_POPOVER, ConfabPopover)

GtkWidget   *confab_usage_popover_new       (void);
ConfabUsage *confab_usage_popover_get_usage (ConfabUsagePopover *self);
void         confab_usage_popover_set_usage (ConfabUsagePopover *self,
                                             ConfabUsage        *usage);
void         confab_usage_popover_set_requests (ConfabUsagePopover *self,
                                                guint               n_requests,
                                                guint               n_unreported);
void         confab_usage_popover_set_cost  (ConfabUsagePopover *self,
                                             const char         *cost);
void         confab_usage_popover_set_cost_source (ConfabUsagePopover *self,
                                                   const char         *source);
void         confab_usage_popover_set_cost_counts (ConfabUsagePopover *self,
                                                   guint               n_costed,
                                                   guint               n_answers);
void         confab_usage_popover_set_credits_monitor (ConfabUsagePopover   *self,
                                                       ConfabCreditsMonitor *monitor);

G_END_DECLS
