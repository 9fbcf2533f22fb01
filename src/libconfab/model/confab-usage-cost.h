/* confab-usage-cost.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-message.h"
#include "confab-pricing.h"

G_BEGIN_DECLS

/* What answers cost at the prices of Preferences, or at list prices.  An
 * answer has a cost only when its model has a price and its usage was
 * reported; nothing is ever guessed.
 */
gboolean  confab_usage_cost_for_message        (ConfabPricing *pricing,
                                                ConfabMessage *message,
                                                double        *cost);
char     *confab_usage_cost_format_for_message (ConfabPricing *pricing,
                                                ConfabMessage *message);
guint     confab_usage_cost_for_messages       (ConfabPricing *pricing,
                                                GListModel    *messages,
                                                double        *cost);

/* Where the prices of those costs came from, as
 * confab_pricing_format_sources() says it; NULL when no answer has a cost.
 */
char     *confab_usage_cost_format_sources     (ConfabPricing *pricing,
                                                GListModel    *messages);
char     *confab_usage_cost_format_source_for_message
                                               (ConfabPricing *pricing,
                                                ConfabMessage *message);

G_END_DECLS
