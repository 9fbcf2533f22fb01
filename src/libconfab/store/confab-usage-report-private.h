/* confab-usage-report-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-store-private.h"
#include "confab-usage-report.h"

G_BEGIN_DECLS

/* How a report is made: confab-store-usage.c reads the requests of the
 * period, oldest first, and hands each to _confab_usage_report_add();
 * confab-usage-report.c puts it in its day, model and conversation, and
 * confab-usage-totals.c sums.  Counts are as stored: one per
 * ConfabUsageField, CONFAB_USAGE_MISSING when not reported.
 */

ConfabUsageTotals *_confab_usage_totals_new       (const char        *label,
                                                   GDateTime         *day,
                                                   gint64             conversation_id,
                                                   const char        *model);
void               _confab_usage_totals_add       (ConfabUsageTotals *self,
                                                   const gint64      *counts,
                                                   gboolean           reported,
                                                   gboolean           costed,
                                                   double             cost);
/* Makes the "usage" property; call once, when every request is added. */
void               _confab_usage_totals_seal      (ConfabUsageTotals *self);
/* Most total tokens first, then most requests, then by label. */
int                _confab_usage_totals_compare   (gconstpointer      a,
                                                   gconstpointer      b,
                                                   gpointer           user_data);

ConfabUsageReport *_confab_usage_report_new       (gint64             from,
                                                   gint64             to,
                                                   GTimeZone         *tz,
                                                   ConfabPricing     *pricing);
void               _confab_usage_report_add       (ConfabUsageReport *self,
                                                   gint64             created,
                                                   gint64             conversation_id,
                                                   const char        *title,
                                                   const char        *model,
                                                   const gint64      *counts);
/* Fills in the empty days and sorts the lists; the report is done. */
void               _confab_usage_report_seal      (ConfabUsageReport *self);

G_END_DECLS
