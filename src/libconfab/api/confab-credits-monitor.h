/* confab-credits-monitor.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-client.h"

G_BEGIN_DECLS

/* The least time between two requests for the credits that nobody asked
 * for in person: after answers, or when a view of them opens.
 */
#define CONFAB_CREDITS_MONITOR_INTERVAL (30 * G_USEC_PER_SEC)
/* How long a server that has no credits is not asked again after an
 * answer, in microseconds: an hour.
 */
#define CONFAB_CREDITS_MONITOR_ABSENT_INTERVAL (G_GINT64_CONSTANT (3600) * G_USEC_PER_SEC)

/* Microseconds of a monotonic clock, as g_get_monotonic_time() gives. */
typedef gint64 (*ConfabClockFunc) (gpointer user_data);

#define CONFAB_TYPE_CREDITS_MONITOR (confab_credits_monitor_get_type())

G_DECLARE_FINAL_TYPE (ConfabCreditsMonitor, confab_credits_monitor, CONFAB, CREDITS_MONITOR, GObject)

ConfabCreditsMonitor *confab_credits_monitor_new             (ConfabClient         *client);
void                  confab_credits_monitor_set_clock       (ConfabCreditsMonitor *self,
                                                              ConfabClockFunc       clock,
                                                              gpointer              user_data);
ConfabCredits        *confab_credits_monitor_get_credits     (ConfabCreditsMonitor *self);
gboolean              confab_credits_monitor_get_loading     (ConfabCreditsMonitor *self);
void                  confab_credits_monitor_update          (ConfabCreditsMonitor *self);
void                  confab_credits_monitor_refresh         (ConfabCreditsMonitor *self);
double                confab_credits_monitor_get_low_threshold (ConfabCreditsMonitor *self);
void                  confab_credits_monitor_set_low_threshold (ConfabCreditsMonitor *self,
                                                                double                threshold);
gboolean              confab_credits_monitor_get_low         (ConfabCreditsMonitor *self);
GVariant             *confab_credits_monitor_get_baselines   (ConfabCreditsMonitor *self);
void                  confab_credits_monitor_set_baselines   (ConfabCreditsMonitor *self,
                                                              GVariant             *baselines);
gboolean              confab_credits_monitor_get_counted     (ConfabCreditsMonitor *self,
                                                              double               *credits,
                                                              gint64               *since);

G_END_DECLS
