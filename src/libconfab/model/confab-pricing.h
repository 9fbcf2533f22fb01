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

/* What the person pays per model: US dollars per million input, cached
 * input and output tokens.  The prices they entered in Preferences come
 * first; with list prices turned on, the default gateway's models that
 * have none are priced from a dated table of list prices built in.  A
 * model with neither has no cost: nothing is ever guessed.  A cached
 * price that is not set means cached tokens are billed at the input
 * price.  Reasoning tokens are part of the output tokens and are billed
 * with them.  A list price may have two tiers: the tier is chosen per
 * request by the size of its prompt.
 *
 * The person's prices are stored in the GSettings key "model-prices"
 * (a{s(ddd)}: model → (input, cached, output), a negative number meaning
 * "not set"); list prices never are.
 */

#define CONFAB_PRICE_UNSET (-1.0)

/* The default gateway (Evolink) sells credits at this many per US dollar. */
#define CONFAB_PRICING_CREDITS_PER_USD 72.0

typedef enum
{
  CONFAB_PRICE_SOURCE_YOURS,  /* entered in Preferences */
  CONFAB_PRICE_SOURCE_LIST,   /* the built-in list prices */
} ConfabPriceSource;

typedef struct
{
  double            input;        /* per million tokens; >= 0 */
  double            cached;       /* per million tokens; CONFAB_PRICE_UNSET = as input */
  double            output;       /* per million tokens; >= 0 */
  /* Only list prices have a second tier: above tier_tokens prompt
   * tokens, a request is billed at the _above prices.  0 means one tier.
   */
  gint64            tier_tokens;
  double            input_above;
  double            cached_above;
  double            output_above;
  ConfabPriceSource source;
} ConfabPrice;

#define CONFAB_TYPE_PRICING (confab_pricing_get_type())

G_DECLARE_FINAL_TYPE (ConfabPricing, confab_pricing, CONFAB, PRICING, GObject)

ConfabPricing *confab_pricing_new              (void);
/* The date of the built-in list prices, "YYYY-MM-DD". */
const char    *confab_pricing_get_list_date    (void);
/* Whether models without a price of the person's own are priced from
 * the built-in list prices; off by default.
 */
void           confab_pricing_set_use_list_prices (ConfabPricing  *self,
                                                gboolean           use_list_prices);
gboolean       confab_pricing_get_use_list_prices (ConfabPricing  *self);
/* Invalid entries (empty model, negative or non-finite input/output) are
 * skipped.  prices may be NULL (no prices); a floating one is sunk.
 */
ConfabPricing *confab_pricing_new_from_variant (GVariant          *prices);
/* A floating a{s(ddd)}, sorted by model. */
GVariant      *confab_pricing_to_variant       (ConfabPricing     *self);
gboolean       confab_pricing_is_empty         (ConfabPricing     *self);
/* Sorted model names that have a price of the person's own. */
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
/* "$0.0042", "$12.35", "under $0.0001"… for people; locale-aware digits. */
char          *confab_pricing_format_cost      (double             cost);
/* An estimated cost in a sentence: "about $0.0042", "under $0.0001". */
char          *confab_pricing_format_estimate  (double             cost);
/* Where the prices of a cost came from, for people: "At your prices",
 * "At list prices of 2026-12-03", or both; NULL when neither.
 */
char          *confab_pricing_format_sources   (gboolean           yours,
                                                gboolean           list);

G_END_DECLS
