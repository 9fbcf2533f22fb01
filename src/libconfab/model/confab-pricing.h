/* confab-pricing.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-usage.h"

G_BEGIN_DECLS

/* What the person pays per model, as they entered it in Preferences:
 * US dollars per million input, cached input and output tokens.  Nothing
 * is known by default and nothing is ever guessed: a model without prices
 * has no cost.  A cached price that is not set means cached tokens are
 * billed at the input price.  Reasoning tokens are part of the output
 * tokens and are billed with them.
 *
 * Stored in the GSettings key "model-prices" (a{s(ddd)}: model →
 * (input, cached, output), a negative number meaning "not set").
 */

#define CONFAB_PRICE_UNSET (-1.0)

typedef struct
{
  double input;   /* per million tokens; >= 0 */
  double cached;  /* per million tokens; CONFAB_PRICE_UNSET = as input */
  double output;  /* per million tokens; >= 0 */
} ConfabPrice;

#define CONFAB_TYPE_PRICING (confab_pricing_get_type())

G_DECLARE_FINAL_TYPE (ConfabPricing, confab_pricing, CONFAB, PRICING, GObject)

ConfabPricing *confab_pricing_new              (void);
/* Invalid entries (empty model, negative or non-finite input/output) are
 * skipped.  prices may be NULL (no prices); a floating one is sunk.
 */
ConfabPricing *confab_pricing_new_from_variant (GVariant          *prices);
/* A floating a{s(ddd)}, sorted by model. */
GVariant      *confab_pricing_to_variant       (ConfabPricing     *self);
gboolean       confab_pricing_is_empty         (ConfabPricing     *self);
/* Sorted model names that have a price. */
GStrv          confab_pricing_dup_models       (ConfabPricing     *self);
gboolean       confab_pricing_lookup           (ConfabPricing     *self,
                                                const char        *model,
                                                ConfabPrice       *price);
/* Input and output must be finite and >= 0 (a critical otherwise); a
 * negative or non-finite cached price is stored as CONFAB_PRICE_UNSET.
 */
void           confab_pricing_set              (ConfabPricing     *self,
                                                const char        *model,
                                                const ConfabPrice *price);
void           confab_pricing_remove           (ConfabPricing     *self,
                                                const char        *model);
/* TRUE and the cost in US dollars when the model has a price and usage
 * has both prompt and completion counts; FALSE (cost 0) otherwise.
 * Unreported cached tokens count as none; more cached than prompt
 * tokens count as the prompt tokens.
 */
gboolean       confab_pricing_compute_cost     (ConfabPricing     *self,
                                                const char        *model,
                                                ConfabUsage       *usage,
                                                double            *cost);
/* "$0.0042", "$12.35", "<$0.0001"… for people; locale-aware digits. */
char          *confab_pricing_format_cost      (double             cost);

G_END_DECLS
