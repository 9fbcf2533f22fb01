/* confab-preferences-window-costs.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-preferences-window-private.h"
#include "confab-price-dialog.h"
#include "confab-pricing.h"
#include "confab-tooltip.h"

/* The Costs page: the prices of the models, kept in the "model-prices"
 * setting, each in a row that opens the price dialog.
 */

static ConfabPricing *
dup_pricing (ConfabPreferencesWindow *self)
{
  g_autoptr(GVariant) prices = g_settings_get_value (self->settings, "model-prices");

  return confab_pricing_new_from_variant (prices);
}

static void
save_pricing (ConfabPreferencesWindow *self,
              ConfabPricing           *pricing)
{
  g_settings_set_value (self->settings, "model-prices", confab_pricing_to_variant (pricing));
}

static char *
format_price_summary (const ConfabPrice *price)
{
  g_autofree char *input = confab_pricing_format_cost (price->input);
  g_autofree char *output = confab_pricing_format_cost (price->output);

  if (price->cached < 0)
    /* Translators: US dollars per million tokens of a model. */
    return g_strdup_printf (_("Input %s · Output %s"), input, output);
  else
    {
      g_autofree char *cached = confab_pricing_format_cost (price->cached);

      /* Translators: US dollars per million tokens of a model. */
      return g_strdup_printf (_("Input %s · Cached %s · Output %s"), input, cached, output);
    }
}

static GtkWidget *
create_price_row (const char        *model,
                  const ConfabPrice *price)
{
  g_autofree char *summary = format_price_summary (price);
  g_autofree char *remove_label = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *remove_button;
  GtkWidget *edit_icon;

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), model);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  gtk_widget_add_css_class (row, "numeric");
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "prefs.edit-price");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (row), "s", model);

  remove_button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove_button, "flat");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (remove_button), "prefs.remove-price");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (remove_button), "s", model);
  gtk_widget_set_tooltip_text (remove_button, _("Remove Prices"));
  confab_tooltip_attach (remove_button);
  /* Translators: %s is a model name. */
  remove_label = g_strdup_printf (_("Remove the prices of %s"), model);
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, remove_label,
                                  -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), remove_button);

  edit_icon = gtk_image_new_from_icon_name ("go-next-symbolic");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), edit_icon);

  return row;
}

static void
confab_preferences_window_update_prices (ConfabPreferencesWindow *self)
{
  g_autoptr(ConfabPricing) pricing = dup_pricing (self);
  g_auto(GStrv) models = confab_pricing_dup_models (pricing);
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->prices_list))) != NULL &&
         GTK_IS_LIST_BOX_ROW (child))
    gtk_list_box_remove (self->prices_list, child);

  for (guint i = 0; models[i] != NULL; i++)
    {
      ConfabPrice price;

      if (confab_pricing_lookup (pricing, models[i], &price))
        gtk_list_box_append (self->prices_list, create_price_row (models[i], &price));
    }
}

static void
price_dialog_response_cb (ConfabPreferencesWindow *self,
                          const char              *response,
                          ConfabPriceDialog       *dialog)
{
  g_autoptr(ConfabPricing) pricing = NULL;
  g_autofree char *model = NULL;
  const char *original_model;
  ConfabPrice price;

  if (!g_str_equal (response, "save") ||
      !confab_price_dialog_get_price (dialog, &price))
    return;

  pricing = dup_pricing (self);
  model = confab_price_dialog_dup_model (dialog);
  original_model = confab_price_dialog_get_original_model (dialog);

  /* Renaming the model moves its prices. */
  if (original_model != NULL && !g_str_equal (original_model, model))
    confab_pricing_remove (pricing, original_model);
  confab_pricing_set (pricing, model, &price);
  save_pricing (self, pricing);
}

static void
show_price_dialog (ConfabPreferencesWindow *self,
                   const char              *model,
                   const ConfabPrice       *price)
{
  ConfabPriceDialog *dialog = confab_price_dialog_new (model, price);

  g_signal_connect_object (dialog, "response",
                           G_CALLBACK (price_dialog_response_cb),
                           self, G_CONNECT_SWAPPED);
  confab_price_dialog_present (dialog, GTK_WIDGET (self));
}

static void
confab_preferences_window_add_price_action (GtkWidget  *widget,
                                            const char *action_name,
                                            GVariant   *parameter)
{
  show_price_dialog (CONFAB_PREFERENCES_WINDOW (widget), NULL, NULL);
}

static void
confab_preferences_window_edit_price_action (GtkWidget  *widget,
                                             const char *action_name,
                                             GVariant   *parameter)
{
  ConfabPreferencesWindow *self = CONFAB_PREFERENCES_WINDOW (widget);
  g_autoptr(ConfabPricing) pricing = dup_pricing (self);
  const char *model = g_variant_get_string (parameter, NULL);
  ConfabPrice price;

  if (confab_pricing_lookup (pricing, model, &price))
    show_price_dialog (self, model, &price);
}

static void
confab_preferences_window_remove_price_action (GtkWidget  *widget,
                                               const char *action_name,
                                               GVariant   *parameter)
{
  ConfabPreferencesWindow *self = CONFAB_PREFERENCES_WINDOW (widget);
  g_autoptr(ConfabPricing) pricing = dup_pricing (self);
  const char *model = g_variant_get_string (parameter, NULL);
  g_autofree char *title = NULL;
  g_autoptr(GVariant) undo = NULL;
  AdwToast *toast;

  /* The prices as they were, for Undo. */
  undo = g_variant_ref_sink (confab_pricing_to_variant (pricing));

  confab_pricing_remove (pricing, model);
  save_pricing (self, pricing);

  /* Translators: %s is a model name. */
  title = g_strdup_printf (_("Prices of %s removed"), model);
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "prefs.restore-prices");
  adw_toast_set_action_target_value (toast, undo);
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_preferences_dialog_add_toast (ADW_PREFERENCES_DIALOG (self), toast);
#else
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
#endif
}

static void
confab_preferences_window_restore_prices_action (GtkWidget  *widget,
                                                 const char *action_name,
                                                 GVariant   *parameter)
{
  ConfabPreferencesWindow *self = CONFAB_PREFERENCES_WINDOW (widget);

  g_settings_set_value (self->settings, "model-prices", parameter);
}

void
_confab_preferences_window_install_price_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "prefs.add-price", NULL, confab_preferences_window_add_price_action);
  gtk_widget_class_install_action (widget_class, "prefs.edit-price", "s", confab_preferences_window_edit_price_action);
  gtk_widget_class_install_action (widget_class, "prefs.remove-price", "s", confab_preferences_window_remove_price_action);
  gtk_widget_class_install_action (widget_class, "prefs.restore-prices", "a{s(ddd)}", confab_preferences_window_restore_prices_action);
}

void
_confab_preferences_window_bind_costs (ConfabPreferencesWindow *self)
{
  g_signal_connect_object (self->settings, "changed::model-prices",
                           G_CALLBACK (confab_preferences_window_update_prices),
                           self, G_CONNECT_SWAPPED);
  confab_preferences_window_update_prices (self);
}
