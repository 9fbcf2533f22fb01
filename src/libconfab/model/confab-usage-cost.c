/* confab-usage-cost.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-usage-cost.h"

/* Notes whether the cost of @message, when it has one, is at the
 * person's prices or at list prices.
 */
static void
note_source (ConfabPricing *pricing,
             ConfabMessage *message,
             gboolean      *yours,
             gboolean      *list)
{
  ConfabPrice price;
  double cost;

  if (pricing == NULL ||
      !confab_usage_cost_for_message (pricing, message, &cost) ||
      !confab_pricing_lookup (pricing, confab_message_get_model (message), &price))
    return;

  if (price.source == CONFAB_PRICE_SOURCE_LIST)
    *list = TRUE;
  else
    *yours = TRUE;
}

/**
 * confab_usage_cost_for_message:
 * @pricing: (nullable): the prices, or %NULL for none
 * @message: an answer
 * @cost: (out): its cost in US dollars, 0 when unknown
 *
 * Computes what @message cost: its model's price applied to its usage.
 * Only complete answers count, as in the conversation's total.
 *
 * Returns: %TRUE when the cost is known
 */
gboolean
confab_usage_cost_for_message (ConfabPricing *pricing,
                               ConfabMessage *message,
                               double        *cost)
{
  ConfabUsage *usage;
  const char *model;

  g_return_val_if_fail (!pricing || CONFAB_IS_PRICING (pricing), FALSE);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), FALSE);
  g_return_val_if_fail (cost != NULL, FALSE);

  *cost = 0;

  if (pricing == NULL ||
      confab_message_get_role (message) != CONFAB_ROLE_ASSISTANT ||
      confab_message_get_state (message) != CONFAB_MESSAGE_STATE_COMPLETE)
    return FALSE;

  usage = confab_message_get_usage (message);
  model = confab_message_get_model (message);
  if (usage == NULL || model == NULL || *model == '\0')
    return FALSE;

  return confab_pricing_compute_cost (pricing, model, usage, cost);
}

/**
 * confab_usage_cost_format_for_message:
 * @pricing: (nullable): the prices, or %NULL for none
 * @message: an answer
 *
 * Formats the cost of @message for its usage line, such as “$0.0042”.
 *
 * Returns: (transfer full) (nullable): the cost, or %NULL when it is
 *   not known (then show none)
 */
char *
confab_usage_cost_format_for_message (ConfabPricing *pricing,
                                      ConfabMessage *message)
{
  double cost;

  g_return_val_if_fail (!pricing || CONFAB_IS_PRICING (pricing), NULL);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), NULL);

  if (!confab_usage_cost_for_message (pricing, message, &cost))
    return NULL;

  return confab_pricing_format_cost (cost);
}

/**
 * confab_usage_cost_for_messages:
 * @pricing: (nullable): the prices, or %NULL for none
 * @messages: a #GListModel of #ConfabMessage, such as a conversation
 * @cost: (out): the sum of the known costs in US dollars
 *
 * Returns: how many answers of @messages have a known cost
 */
guint
confab_usage_cost_for_messages (ConfabPricing *pricing,
                                GListModel    *messages,
                                double        *cost)
{
  guint n_items;
  guint n_costed = 0;

  g_return_val_if_fail (!pricing || CONFAB_IS_PRICING (pricing), 0);
  g_return_val_if_fail (G_IS_LIST_MODEL (messages), 0);
  g_return_val_if_fail (cost != NULL, 0);

  *cost = 0;

  if (pricing == NULL || confab_pricing_is_empty (pricing))
    return 0;

  n_items = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);
      double message_cost;

      if (confab_usage_cost_for_message (pricing, message, &message_cost))
        {
          *cost += message_cost;
          n_costed++;
        }
    }

  return n_costed;
}

/**
 * confab_usage_cost_format_sources:
 * @pricing: (nullable): the prices, or %NULL for none
 * @messages: a #GListModel of #ConfabMessage, such as a conversation,
 *   or a #GListStore holding one answer
 *
 * Returns: (transfer full) (nullable): where the prices of the answers
 *   that have a cost came from, or %NULL when none has
 */
char *
confab_usage_cost_format_sources (ConfabPricing *pricing,
                                  GListModel    *messages)
{
  gboolean yours = FALSE;
  gboolean list = FALSE;
  guint n_items;

  g_return_val_if_fail (!pricing || CONFAB_IS_PRICING (pricing), NULL);
  g_return_val_if_fail (G_IS_LIST_MODEL (messages), NULL);

  if (pricing == NULL)
    return NULL;

  n_items = g_list_model_get_n_items (messages);
  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i);

      note_source (pricing, message, &yours, &list);
    }

  return confab_pricing_format_sources (yours, list);
}

/**
 * confab_usage_cost_format_source_for_message:
 * @pricing: (nullable): the prices, or %NULL for none
 * @message: an answer
 *
 * Returns: (transfer full) (nullable): where the prices of the cost of
 *   @message came from, or %NULL when it has no cost
 */
char *
confab_usage_cost_format_source_for_message (ConfabPricing *pricing,
                                             ConfabMessage *message)
{
  gboolean yours = FALSE;
  gboolean list = FALSE;

  g_return_val_if_fail (!pricing || CONFAB_IS_PRICING (pricing), NULL);
  g_return_val_if_fail (CONFAB_IS_MESSAGE (message), NULL);

  note_source (pricing, message, &yours, &list);

  return confab_pricing_format_sources (yours, list);
}
