/* confab-application-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-application.h"

G_BEGIN_DECLS

struct _ConfabApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;
  ConfabClient   *client;
  ConfabKeyStore *key_store;
  ConfabStore    *store;
  GError         *store_error;
  ConfabPricing  *pricing;
  /* How far estimates were from the counts, per model. */
  ConfabEstimator *estimator;

  /* The conversations shown and the answers on their way, shared by
   * every window.
   */
  ConfabExchanges *exchanges;

  /* The chats with a notification of their answer out, by id. */
  GHashTable     *notified;
  /* The chats seen, whose withdrawal is repeated: id to tries left. */
  GHashTable     *withdrawing;
  guint           withdraw_id;
  /* The models the server lists, for the pickers. */
  ConfabModelList *model_list;
  /* What is left of the credits at the gateway, for every view. */
  ConfabCreditsMonitor *credits;
  /* What was spent against the budgets of Preferences. */
  ConfabBudgetTracker *budget;

  guint           sigterm_id;
  guint           sigint_id;
  guint           sighup_id;
};

/* confab-application.c has the application's life, its settings, the
 * client and the notifications of answers; confab-application-actions.c
 * the app. actions, their keys and the About dialog;
 * confab-application-costs.c the estimator, the credits monitor with its
 * low-credits toast and the budget tracker.
 */
void _confab_application_add_actions    (ConfabApplication *self);

void _confab_application_load_estimator (ConfabApplication *self);
void _confab_application_set_up_credits (ConfabApplication *self);
void _confab_application_set_up_budget  (ConfabApplication *self);

G_END_DECLS
