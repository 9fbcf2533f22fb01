/* confab-pricing-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-pricing.h"

G_BEGIN_DECLS

/* For the usage review, which prices thousands of requests: the price
 * of @model (NULL when it has none), and the cost of counts as stored
 * (CONFAB_USAGE_MISSING when not reported).
 */
const ConfabPrice *_confab_pricing_peek       (ConfabPricing     *self,
                                               const char        *model);
gboolean           _confab_price_compute_cost (const ConfabPrice *price,
                                               gint64             prompt,
                                               gint64             cached,
                                               gint64             completion,
                                               double            *cost);
/* A copy that a worker thread can read while the original changes. */
ConfabPricing     *_confab_pricing_copy       (ConfabPricing     *self);

G_END_DECLS
