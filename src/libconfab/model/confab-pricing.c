/* confab-pricing.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>

#include "confab-pricing-private.h"

/* The prices the person entered, by model, and when asked for, the list
 * prices of the default gateway's models below.  A model in neither has
 * no cost.
 */

#define TOKENS_PER_PRICE 1000000.0

/* The list prices built in, in US dollars per million tokens, as the
 * default gateway (Evolink) publishes them on its model pages.  To
 * update them, change the table and LIST_DATE together; README.md says
 * how.
 */
#define LIST_DATE "2026-12-03"

typedef struct
{
  const char  *model;
  ConfabPrice  price;
} ListPrice;

static const ListPrice list_prices[] = {
  /* Input 1.60 up to 200K prompt tokens and 3.20 above; output,
   * reasoning included, 9.60 and 14.40; cached input 0.16 and 0.32.
   */
  { "gemini-3.1-pro-preview",
    { 1.60, 0.16, 9.60, 200000, 3.20, 0.32, 14.40, CONFAB_PRICE_SOURCE_LIST } },
};

/* The smallest cost that is shown as a number; below it, "under $0.0001". */
#define SMALLEST_SHOWN_COST 0.0001

struct _ConfabPricing
{
  GObject     parent_instance;

  /* Model name → ConfabPrice, the person's own. */
  GHashTable *prices;

  gboolean    use_list_prices;
};

G_DEFINE_FINAL_TYPE (ConfabPricing, confab_pricing, G_TYPE_OBJECT)

static gboolean
is_price (double value)
{
  return isfinite (value) && value >= 0;
}

static gboolean
is_valid (const char *model,
          double      input,
          double      output)
{
  return model != NULL && *model != '\0' && g_utf8_validate (model, -1, NULL) &&
         is_price (input) && is_price (output);
}

/* A cost above 0 that would show as $0.0000. */
static gboolean
is_too_small_to_show (double cost)
{
  return cost > 0 && cost < SMALLEST_SHOWN_COST / 2;
}

static void
insert_price (ConfabPricing *self,
              const char    *model,
              double         input,
              double         cached,
              double         output)
{
  ConfabPrice *price = g_new0 (ConfabPrice, 1);

  price->source = CONFAB_PRICE_SOURCE_YOURS;
  price->input = input;
  price->cached = is_price (cached) ? cached : CONFAB_PRICE_UNSET;
  price->output = output;

  g_hash_table_replace (self->prices, g_strdup (model), price);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static void
confab_pricing_finalize (GObject *object)
{
  ConfabPricing *self = (ConfabPricing *)object;

  g_clear_pointer (&self->prices, g_hash_table_unref);

  G_OBJECT_CLASS (confab_pricing_parent_class)->finalize (object);
}

static void
confab_pricing_class_init (ConfabPricingClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_pricing_finalize;
}

static void
confab_pricing_init (ConfabPricing *self)
{
  self->prices = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

ConfabPricing *
confab_pricing_new (void)
{
  return g_object_new (CONFAB_TYPE_PRICING, NULL);
}

/**
 * confab_pricing_get_list_date:
 *
 * Returns: the date of the built-in list prices, such as "2026-12-03"
 */
const char *
confab_pricing_get_list_date (void)
{
  return LIST_DATE;
}

/**
 * confab_pricing_set_use_list_prices:
 * @use_list_prices: whether models without a price of the person's own
 *   are priced at the built-in list prices
 */
void
confab_pricing_set_use_list_prices (ConfabPricing *self,
                                    gboolean       use_list_prices)
{
  g_return_if_fail (CONFAB_IS_PRICING (self));

  self->use_list_prices = !!use_list_prices;
}

gboolean
confab_pricing_get_use_list_prices (ConfabPricing *self)
{
  g_return_val_if_fail (CONFAB_IS_PRICING (self), FALSE);

  return self->use_list_prices;
}

/**
 * confab_pricing_new_from_variant:
 * @prices: (nullable): an a{s(ddd)}, as the "model-prices" key holds;
 *   a floating reference is taken
 *
 * Returns: (transfer full): the prices of @prices that are valid
 */
ConfabPricing *
confab_pricing_new_from_variant (GVariant *prices)
{
  g_autoptr(ConfabPricing) self = confab_pricing_new ();
  g_autoptr(GVariant) owned = NULL;
  GVariantIter iter;
  const char *model;
  double input, cached, output;

  g_return_val_if_fail (prices == NULL || g_variant_is_of_type (prices, G_VARIANT_TYPE ("a{s(ddd)}")), NULL);

  if (prices == NULL)
    return g_steal_pointer (&self);

  owned = g_variant_ref_sink (prices);
  g_variant_iter_init (&iter, owned);
  while (g_variant_iter_next (&iter, "{&s(ddd)}", &model, &input, &cached, &output))
    {
      if (!is_valid (model, input, output))
        {
          g_debug ("Skipping the invalid price of model “%s”", model);
          continue;
        }

      insert_price (self, model, input, cached, output);
    }

  return g_steal_pointer (&self);
}

/**
 * confab_pricing_to_variant:
 *
 * Returns: (transfer floating): the prices as an a{s(ddd)}, sorted by
 *   model, for the "model-prices" key
 */
GVariant *
confab_pricing_to_variant (ConfabPricing *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s(ddd)}"));
  g_auto(GStrv) models = NULL;

  g_return_val_if_fail (CONFAB_IS_PRICING (self), NULL);

  models = confab_pricing_dup_models (self);
  for (guint i = 0; models[i] != NULL; i++)
    {
      const ConfabPrice *price = g_hash_table_lookup (self->prices, models[i]);

      g_variant_builder_add (&builder, "{s(ddd)}", models[i],
                             price->input, price->cached, price->output);
    }

  return g_variant_builder_end (&builder);
}

gboolean
confab_pricing_is_empty (ConfabPricing *self)
{
  g_return_val_if_fail (CONFAB_IS_PRICING (self), TRUE);

  return g_hash_table_size (self->prices) == 0 &&
         !(self->use_list_prices && G_N_ELEMENTS (list_prices) > 0);
}

/**
 * confab_pricing_dup_models:
 *
 * Returns: (transfer full): the models that have a price, sorted
 */
GStrv
confab_pricing_dup_models (ConfabPricing *self)
{
  GStrv models;
  guint n = 0;

  g_return_val_if_fail (CONFAB_IS_PRICING (self), NULL);

  models = (GStrv) g_hash_table_get_keys_as_array (self->prices, &n);
  for (guint i = 0; i < n; i++)
    models[i] = g_strdup (models[i]);
  qsort (models, n, sizeof (char *), compare_strings);

  return models;
}

/**
 * confab_pricing_lookup:
 * @model: (nullable): a model name
 * @price: (out) (optional): where to put its price
 *
 * Returns: %TRUE when @model has a price
 */
gboolean
confab_pricing_lookup (ConfabPricing *self,
                       const char    *model,
                       ConfabPrice   *price)
{
  const ConfabPrice *found;

  g_return_val_if_fail (CONFAB_IS_PRICING (self), FALSE);

  found = _confab_pricing_peek (self, model);
  if (found == NULL)
    return FALSE;

  if (price != NULL)
    *price = *found;

  return TRUE;
}

/**
 * confab_pricing_set:
 * @model: a model name, not empty
 * @price: its price: input and output finite and >= 0; a cached price
 *   that is negative or not finite is stored as CONFAB_PRICE_UNSET
 *
 * Sets or replaces the price of @model.
 */
void
confab_pricing_set (ConfabPricing     *self,
                    const char        *model,
                    const ConfabPrice *price)
{
  g_return_if_fail (CONFAB_IS_PRICING (self));
  g_return_if_fail (price != NULL);
  g_return_if_fail (is_valid (model, price->input, price->output));

  insert_price (self, model, price->input, price->cached, price->output);
}

void
confab_pricing_remove (ConfabPricing *self,
                       const char    *model)
{
  g_return_if_fail (CONFAB_IS_PRICING (self));
  g_return_if_fail (model != NULL);

  g_hash_table_remove (self->prices, model);
}

/**
 * confab_pricing_compute_cost:
 * @model: (nullable): the model that answered
 * @usage: (nullable): what the server reported
 * @cost: (out): the cost in US dollars, or 0
 *
 * Input is billed as (prompt − cached) at the input price plus cached
 * at the cached price (the input price when that is not set), output
 * as completion at the output price.  Cached tokens that were not
 * reported count as none; more cached than prompt tokens count as the
 * prompt tokens.
 *
 * Returns: %TRUE when the cost is known: @model has a price and @usage
 *   has both the prompt and the completion count
 */
gboolean
confab_pricing_compute_cost (ConfabPricing *self,
                             const char    *model,
                             ConfabUsage   *usage,
                             double        *cost)
{
  g_return_val_if_fail (CONFAB_IS_PRICING (self), FALSE);
  g_return_val_if_fail (usage == NULL || CONFAB_IS_USAGE (usage), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  *cost = 0;

  if (usage == NULL)
    return FALSE;

  return _confab_price_compute_cost (_confab_pricing_peek (self, model),
                                     confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT),
                                     confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED),
                                     confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION),
                                     cost);
}

/**
 * confab_pricing_format_cost:
 * @cost: US dollars
 *
 * Formats a cost for people with the locale's decimal point and digit
 * grouping: two decimals from one dollar on, and below that enough
 * decimals (up to four) for two significant digits, so "$12.35",
 * "$0.42", "$0.023", "$0.0042"; a cost above 0 that would show as
 * $0.0000 is "under $0.0001".
 *
 * Returns: (transfer full): the text
 */
char *
confab_pricing_format_cost (double cost)
{
  g_autofree char *amount = NULL;
  int decimals;

  if (!isfinite (cost))
    return g_strdup ("—");

  if (cost < 0)
    {
      g_autofree char *positive = confab_pricing_format_cost (-cost);

      return g_strconcat ("-", positive, NULL);
    }

  if (is_too_small_to_show (cost))
    {
      amount = g_strdup_printf ("%'.4f", SMALLEST_SHOWN_COST);
      /* Translators: a cost too small to show; %s is the smallest cost
       * that is shown, such as 0.0001.  Keep the US dollar sign.
       */
      return g_strdup_printf (_("under $%s"), amount);
    }

  if (cost == 0 || cost >= 0.1)
    decimals = 2;
  else if (cost >= 0.01)
    decimals = 3;
  else
    decimals = 4;

  amount = g_strdup_printf ("%'.*f", decimals, cost);
  /* Translators: a cost in US dollars; %s is the amount, such as 12.35
   * or 0.0042, already in the locale's digits.  Keep the US dollar sign.
   */
  return g_strdup_printf (_("$%s"), amount);
}

/**
 * confab_pricing_format_estimate:
 * @cost: US dollars, estimated
 *
 * Formats a cost that is estimated, as confab_pricing_format_cost()
 * does, for a sentence: "about $0.0042"; one too small to show is
 * "under $0.0001" as it is, not "about under $0.0001".
 *
 * Returns: (transfer full): the text
 */
char *
confab_pricing_format_estimate (double cost)
{
  g_autofree char *text = confab_pricing_format_cost (cost);

  if (!isfinite (cost) || is_too_small_to_show (cost))
    return g_steal_pointer (&text);

  /* Translators: a cost that is estimated; %s is a cost such as
   * $0.0042.
   */
  return g_strdup_printf (_("about %s"), text);
}

/**
 * confab_pricing_format_sources:
 * @yours: whether some of the costs are at the person's own prices
 * @list: whether some are at the built-in list prices
 *
 * Returns: (transfer full) (nullable): where the prices came from, for
 *   people, or %NULL when from nowhere
 */
char *
confab_pricing_format_sources (gboolean yours,
                               gboolean list)
{
  if (yours && list)
    /* Translators: where the prices of a cost came from; %s is a date
     * such as 2026-12-03.
     */
    return g_strdup_printf (_("At your prices, and at list prices of %s for other models"), LIST_DATE);
  if (list)
    /* Translators: where the prices of a cost came from; %s is a date
     * such as 2026-12-03.
     */
    return g_strdup_printf (_("At list prices of %s"), LIST_DATE);
  if (yours)
    return g_strdup (_("At your prices"));

  return NULL;
}

const ConfabPrice *
_confab_pricing_peek (ConfabPricing *self,
                      const char    *model)
{
  const ConfabPrice *found;

  if (self == NULL || model == NULL)
    return NULL;

  found = g_hash_table_lookup (self->prices, model);
  if (found != NULL || !self->use_list_prices)
    return found;

  for (guint i = 0; i < G_N_ELEMENTS (list_prices); i++)
    {
      if (strcmp (list_prices[i].model, model) == 0)
        return &list_prices[i].price;
    }

  return NULL;
}

gboolean
_confab_price_compute_cost (const ConfabPrice *price,
                            gint64             prompt,
                            gint64             cached,
                            gint64             completion,
                            double            *cost)
{
  double input_price, cached_price, output_price;

  *cost = 0;

  if (price == NULL || prompt < 0 || completion < 0)
    return FALSE;

  /* The tier follows the size of this request's prompt. */
  if (price->tier_tokens > 0 && prompt > price->tier_tokens)
    {
      input_price = price->input_above;
      cached_price = price->cached_above >= 0 ? price->cached_above : price->input_above;
      output_price = price->output_above;
    }
  else
    {
      input_price = price->input;
      cached_price = price->cached >= 0 ? price->cached : price->input;
      output_price = price->output;
    }

  cached = CLAMP (cached, 0, prompt);

  *cost = ((double) (prompt - cached) * input_price +
           (double) cached * cached_price +
           (double) completion * output_price) / TOKENS_PER_PRICE;

  return TRUE;
}

ConfabPricing *
_confab_pricing_copy (ConfabPricing *self)
{
  ConfabPricing *copy = confab_pricing_new ();
  GHashTableIter iter;
  gpointer model, price;

  copy->use_list_prices = self->use_list_prices;

  g_hash_table_iter_init (&iter, self->prices);
  while (g_hash_table_iter_next (&iter, &model, &price))
    g_hash_table_insert (copy->prices, g_strdup (model), g_memdup2 (price, sizeof (ConfabPrice)));

  return copy;
}
