/* confab-application-costs.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-application-private.h"
#include "confab-window.h"

/* What each answer taught of the estimates is kept for the next run. */
static void
confab_application_estimator_changed_cb (ConfabApplication *self,
                                         ConfabEstimator   *estimator)
{
  g_settings_set_value (self->settings, "estimate-corrections",
                        confab_estimator_to_variant (estimator));
}

void
_confab_application_load_estimator (ConfabApplication *self)
{
  g_autoptr(GVariant) corrections = g_settings_get_value (self->settings, "estimate-corrections");

  self->estimator = confab_estimator_new_from_variant (corrections);
  g_signal_connect_object (self->estimator, "changed",
                           G_CALLBACK (confab_application_estimator_changed_cb),
                           self, G_CONNECT_SWAPPED);
}

/* Credits fell below the threshold of Preferences: said once, in the
 * main window used last, until they rise above it again.
 */
static void
confab_application_credits_low_cb (ConfabApplication    *self,
                                   GParamSpec           *pspec,
                                   ConfabCreditsMonitor *monitor)
{
  g_autofree char *threshold = NULL;
  g_autofree char *text = NULL;

  if (!confab_credits_monitor_get_low (monitor))
    return;

  threshold = confab_credits_format_amount (confab_credits_monitor_get_low_threshold (monitor));
  /* Translators: %s is the threshold of Preferences, such as
   * "72.00 credits ($1.00)".
   */
  text = g_strdup_printf (_("Credits are running low: less than %s left."), threshold);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    {
      if (CONFAB_IS_WINDOW (l->data))
        {
          gtk_widget_activate_action (l->data, "win.toast", "s", text);
          break;
        }
    }
}

/* A setting to a GVariant property as it is, and back. */
static gboolean
variant_get_mapping (GValue   *value,
                     GVariant *variant,
                     gpointer  user_data)
{
  g_value_set_variant (value, variant);

  return TRUE;
}

static GVariant *
variant_set_mapping (const GValue       *value,
                     const GVariantType *expected_type,
                     gpointer            user_data)
{
  GVariant *variant = g_value_get_variant (value);

  return variant != NULL ? g_variant_ref (variant) : NULL;
}

void
_confab_application_set_up_credits (ConfabApplication *self)
{
  /* One copy of the credits for all windows, asked only when needed. */
  self->credits = confab_credits_monitor_new (self->client);
  g_settings_bind (self->settings, "low-credits-threshold", self->credits, "low-threshold", G_SETTINGS_BIND_GET);
  g_settings_bind_with_mapping (self->settings, "credits-baselines", self->credits, "baselines",
                                G_SETTINGS_BIND_DEFAULT, variant_get_mapping, variant_set_mapping,
                                NULL, NULL);
  g_signal_connect_object (self->credits, "notify::low",
                           G_CALLBACK (confab_application_credits_low_cb),
                           self, G_CONNECT_SWAPPED);
}

void
_confab_application_set_up_budget (ConfabApplication *self)
{
  /* Spend is asked from the store only while a budget is set. */
  self->budget = confab_budget_tracker_new (self->store);
  confab_budget_tracker_set_pricing (self->budget, self->pricing);
  g_settings_bind (self->settings, "monthly-budget", self->budget, "monthly-budget", G_SETTINGS_BIND_GET);
  g_settings_bind (self->settings, "daily-budget", self->budget, "daily-budget", G_SETTINGS_BIND_GET);
}

/**
 * confab_application_get_estimator:
 *
 * Returns: (transfer none): the corrections of the estimates shown
 *   before sending, per model, kept in the settings
 */
ConfabEstimator *
confab_application_get_estimator (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->estimator;
}

/**
 * confab_application_get_credits_monitor:
 *
 * Returns: (transfer none): what is left of the credits at the gateway,
 *   one copy for every window
 */
ConfabCreditsMonitor *
confab_application_get_credits_monitor (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->credits;
}

/**
 * confab_application_get_budget_tracker:
 *
 * Returns: (transfer none) (nullable): what was spent against the
 *   budgets of Preferences; %NULL before startup
 */
ConfabBudgetTracker *
confab_application_get_budget_tracker (ConfabApplication *self)
{
  g_return_val_if_fail (CONFAB_IS_APPLICATION (self), NULL);

  return self->budget;
}
