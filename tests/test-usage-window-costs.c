/* test-usage-window-costs.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Money: the prices of Preferences, the credits left and their warning,
 * and the monthly budget with its dialog.
 */

#include "config.h"

#include "test-usage-window.h"

#if !ADW_CHECK_VERSION (1, 5, 0)
static GtkWindow *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (toplevel, type))
        return toplevel;
    }

  return NULL;
}
#endif

/* The price dialog shown over Preferences: from libadwaita 1.5 on an
 * AdwAlertDialog on top of it, both inside @host; a window of its own
 * before.
 */
static GtkWidget *
find_price_dialog (GtkWidget *host)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  AdwDialog *dialog = adw_window_get_visible_dialog (ADW_WINDOW (host));

  g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
  return GTK_WIDGET (dialog);
#else
  return GTK_WIDGET (find_toplevel (CONFAB_TYPE_PRICE_DIALOG));
#endif
}

static gboolean
price_dialog_can_save (GtkWidget *dialog)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return adw_alert_dialog_get_response_enabled (ADW_ALERT_DIALOG (dialog), "save");
#else
  return adw_message_dialog_get_response_enabled (ADW_MESSAGE_DIALOG (dialog), "save");
#endif
}

static void
price_dialog_save (GtkWidget *dialog)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  g_signal_emit_by_name (dialog, "response", "save");
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "save");
  gtk_window_destroy (GTK_WINDOW (dialog));
#endif
}

static void
set_row_text (GtkWidget  *dialog,
              const char *name,
              const char *text)
{
  GtkWidget *row = confab_test_find_widget (dialog, ADW_TYPE_ENTRY_ROW, name);

  g_assert_nonnull (row);
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

void
test_preferences_prices (void)
{
  GSettings *settings = confab_application_get_settings (app);
  ConfabPreferencesWindow *preferences = confab_preferences_window_new (settings, confab_application_get_key_store (app));
  GtkWidget *host = adw_window_new ();
  g_autoptr(GVariant) prices = NULL;
  GtkWidget *dialog;
  GtkWidget *list;
  double input, cached, output;
  double price;

  g_settings_reset (settings, "model-prices");

  /* Empty by default, and it says what that means. */
  confab_preferences_window_show_costs (preferences);
  gtk_window_present (GTK_WINDOW (host));
  confab_preferences_window_present (preferences, GTK_WINDOW (host));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);
  list = confab_test_find_widget (GTK_WIDGET (preferences), GTK_TYPE_LIST_BOX, "prices-list");
  g_assert_nonnull (list);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));

  /* Adding a model: Save only once the prices are prices. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.add-price", NULL));
  dialog = find_price_dialog (host);
  g_assert_true (CONFAB_IS_PRICE_DIALOG (dialog));
  g_assert_false (price_dialog_can_save (dialog));

  set_row_text (dialog, "price-model", "new-model");
  set_row_text (dialog, "price-input", "one dollar");
  set_row_text (dialog, "price-output", "$12");
  g_assert_false (price_dialog_can_save (dialog));
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (dialog, GTK_TYPE_LABEL, "price-error")));

  set_row_text (dialog, "price-input", "1,5");
  g_assert_true (price_dialog_can_save (dialog));
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (dialog, GTK_TYPE_LABEL, "price-error")));

  price_dialog_save (dialog);

  prices = g_settings_get_value (settings, "model-prices");
  g_assert_cmpuint (g_variant_n_children (prices), ==, 1);
  g_assert_true (g_variant_lookup (prices, "new-model", "(ddd)", &input, &cached, &output));
  g_assert_cmpfloat (input, ==, 1.5);
  g_assert_cmpfloat (cached, <, 0);
  g_assert_cmpfloat (output, ==, 12.0);
  {
    ConfabPrice looked_up;

    /* The app's prices follow at once. */
    g_assert_true (confab_pricing_lookup (confab_application_get_pricing (app), "new-model", &looked_up));
    g_assert_cmpfloat (looked_up.input, ==, 1.5);
  }

  /* It is listed... */
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0))), ==, "new-model");

  /* ...and removed with its button. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (preferences), "prefs.remove-price", "s", "new-model"));
  g_clear_pointer (&prices, g_variant_unref);
  prices = g_settings_get_value (settings, "model-prices");
  g_assert_cmpuint (g_variant_n_children (prices), ==, 0);
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));

  /* What is accepted as a price. */
  g_assert_true (confab_price_dialog_parse_price (" $0.075 ", &price));
  g_assert_cmpfloat (price, ==, 0.075);
  g_assert_true (confab_price_dialog_parse_price ("0", &price));
  g_assert_false (confab_price_dialog_parse_price ("-1", &price));
  g_assert_false (confab_price_dialog_parse_price ("1.2.3", &price));
  g_assert_false (confab_price_dialog_parse_price ("inf", &price));
  g_assert_false (confab_price_dialog_parse_price ("", &price));

#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (host));
}

#define CREDITS_KEY "test-credits-key"

static gboolean
widget_is_visible (gpointer widget)
{
  return gtk_widget_get_visible (widget);
}

static gboolean
widget_is_hidden (gpointer widget)
{
  return !gtk_widget_get_visible (widget);
}

static gboolean
monitor_is_idle (gpointer monitor)
{
  return !confab_credits_monitor_get_loading (monitor);
}

/* The credits left at the gateway in the Usage window and in the
 * header's popover, one copy for both: asked when they open, at once on
 * the refresh button, never while nothing happens; what the gateway
 * counted beside Confab's estimate; the warning below the threshold;
 * nothing at all, and no error, from a server without them.
 */
void
test_usage_window_credits (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  GSettings *settings = confab_application_get_settings (app);
  ConfabCreditsMonitor *monitor = confab_application_get_credits_monitor (app);
  g_autofree char *identity = confab_credits_identity (confab_test_server_get_base_url (server), CREDITS_KEY);
  ConfabUsageWindow *window;
  GtkWidget *credits, *refresh, *low, *popover, *popover_credits, *row_popover;
  g_autofree char *texts = NULL;
  g_autofree char *popover_texts = NULL;
  guint n_asked;

  confab_test_server_set_credits (server, CONFAB_TEST_CREDITS);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", CREDITS_KEY);
  g_settings_set_double (settings, "low-credits-threshold", 72);
  set_prices ();

  /* Nothing is asked before something wants the credits. */
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 0);

  window = open_usage_window ();
  credits = confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_USAGE_CREDITS, "usage-credits");
  g_assert_nonnull (credits);
  confab_test_run_until (widget_is_visible, credits);
  confab_test_run_until (monitor_is_idle, monitor);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 1);
  g_assert_cmpstr (confab_test_server_get_credits_authorization (server), ==, "Bearer " CREDITS_KEY);

  /* The key's and the account's, with their dollars at 72 a dollar. */
  wait_for_labels (credits, "|Credits Left|This API key|99416.44 credits ($1380.78)|Account|1095.40 credits ($15.21)|");
  low = confab_test_find_widget (credits, GTK_TYPE_LABEL, "credits-low");
  g_assert_false (gtk_widget_get_visible (low));

  /* First seen now: nothing counted since, nothing estimated. */
  wait_for_labels (credits, "the gateway counted $0.00 (0.00 credits); Confab’s estimate for the same time is $0.00.");

  /* First seen long ago, ten credits fewer: the whole history since. */
  g_settings_set_value (settings, "credits-baselines",
                        g_variant_new_parsed ("{%s: (573.5571, @x 0)}", identity));
  wait_for_labels (credits, "the gateway counted $0.14 (10.00 credits); Confab’s estimate for the same time is $0.018, counting only the requests whose model has a price.");

  /* The baseline is kept by a digest, without the key. */
  {
    g_autoptr(GVariant) baselines = g_settings_get_value (settings, "credits-baselines");
    g_autofree char *printed = g_variant_print (baselines, FALSE);

    g_assert_null (strstr (printed, CREDITS_KEY));
  }

  /* Shown again within 30 s: not asked again. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "usage", NULL);
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 1);

  /* The refresh button asks at once. */
  refresh = confab_test_find_widget (credits, GTK_TYPE_BUTTON, "credits-refresh-button");
  g_assert_nonnull (refresh);
  g_assert_cmpstr (gtk_widget_get_tooltip_text (refresh), ==, "Refresh Credits");
  confab_test_server_set_credits (server,
                                  "{\"data\":{\"token\":{\"remaining_credits\":0,\"unlimited_credits\":true,\"used_credits\":590},"
                                  "\"user\":{\"remaining_credits\":50.5,\"used_credits\":140}},\"success\":true}");
  g_signal_emit_by_name (refresh, "clicked");
  confab_test_run_until (monitor_is_idle, monitor);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 2);
  wait_for_labels (credits, "|This API key|Unlimited|Account|50.50 credits ($0.70)|");

  /* Below the threshold of Preferences: said. */
  confab_test_run_until (widget_is_visible, low);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (low)), ==, "Credits are running low: less than 72.00 credits ($1.00) left.");
  g_settings_set_double (settings, "low-credits-threshold", 0);
  confab_test_run_until (widget_is_hidden, low);

  /* The header's popover shows the same copy; an answer's does not. */
  popover = confab_usage_popover_new ();
  confab_usage_popover_set_credits_monitor (CONFAB_USAGE_POPOVER (popover), monitor);
  popover_credits = confab_test_find_widget (popover, CONFAB_TYPE_USAGE_CREDITS, "usage-credits");
  g_assert_true (gtk_widget_get_visible (popover_credits));
  popover_texts = dup_labels (popover_credits);
  g_assert_nonnull (strstr (popover_texts, "|This API key|Unlimited|Account|50.50 credits ($0.70)|"));
  row_popover = confab_usage_popover_new ();
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (row_popover, CONFAB_TYPE_USAGE_CREDITS, "usage-credits")));
  g_object_ref_sink (popover);
  g_object_ref_sink (row_popover);
  g_object_unref (popover);
  g_object_unref (row_popover);

  /* A server without the endpoint: hidden, quietly, in both. */
  n_asked = confab_test_server_get_n_credits_requests (server);
  confab_test_server_set_credits (server, NULL);
  g_signal_emit_by_name (refresh, "clicked");
  confab_test_run_until (monitor_is_idle, monitor);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, n_asked + 1);
  confab_test_run_until (widget_is_hidden, credits);
  g_assert_null (confab_credits_monitor_get_credits (monitor));
  texts = dup_labels (GTK_WIDGET (window));
  g_assert_null (strstr (texts, "rror"));
  g_assert_nonnull (strstr (texts, "|Total Tokens|"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "base-url");
  g_settings_reset (settings, "api-key");
  g_settings_reset (settings, "low-credits-threshold");
  g_settings_reset (settings, "credits-baselines");
  g_settings_reset (settings, "model-prices");
}

/* The threshold of Preferences, and the toast in the main window once
 * the credits fall below it.
 */
void
test_low_credits (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  GSettings *settings = confab_application_get_settings (app);
  ConfabCreditsMonitor *monitor = confab_application_get_credits_monitor (app);
  ConfabPreferencesWindow *preferences = confab_preferences_window_new (settings, confab_application_get_key_store (app));
  GtkWidget *host = adw_window_new ();
  ConfabWindow *window;
  GtkWidget *spin;

  confab_test_server_set_credits (server, CONFAB_TEST_CREDITS);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", CREDITS_KEY);

  /* One US dollar's worth by default, entered in credits. */
  g_assert_cmpfloat (g_settings_get_double (settings, "low-credits-threshold"), ==, 72);
  confab_preferences_window_show_costs (preferences);
  gtk_window_present (GTK_WINDOW (host));
  confab_preferences_window_present (preferences, GTK_WINDOW (host));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);
  spin = confab_test_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON, "low-credits-spin");
  g_assert_nonnull (spin);
  g_assert_cmpfloat (gtk_spin_button_get_value (GTK_SPIN_BUTTON (spin)), ==, 72);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 2000);
  g_assert_cmpfloat (g_settings_get_double (settings, "low-credits-threshold"), ==, 2000);
  g_assert_cmpfloat (confab_credits_monitor_get_low_threshold (monitor), ==, 2000);
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (host));

  /* The account's 1,095.40 credits are below 2,000: said in the main
   * window, as a toast.
   */
  window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  confab_test_run_until (confab_test_widget_is_mapped, window);
  g_action_group_activate_action (G_ACTION_GROUP (app), "refresh-credits", NULL);
  confab_test_run_until (monitor_is_idle, monitor);
  g_assert_true (confab_credits_monitor_get_low (monitor));
  wait_for_labels (GTK_WIDGET (window), "|Credits are running low: less than 2000.00 credits ($27.78) left.|");

  gtk_window_destroy (GTK_WINDOW (window));
  g_settings_reset (settings, "base-url");
  g_settings_reset (settings, "api-key");
  g_settings_reset (settings, "low-credits-threshold");
  g_settings_reset (settings, "credits-baselines");
}

static gboolean
tracker_is_idle (gpointer tracker)
{
  return !confab_budget_tracker_get_loading (tracker);
}

/* The budget question, wherever libadwaita puts it. */
static GtkWidget *
find_budget_dialog (ConfabWindow *window)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_ALERT_DIALOG, NULL);
#else
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) toplevel = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (toplevel) && gtk_widget_get_visible (toplevel))
        return toplevel;
    }

  return NULL;
#endif
}

static gboolean
has_budget_dialog (gpointer window)
{
  return find_budget_dialog (window) != NULL;
}

static void
respond (GtkWidget  *dialog,
         const char *response)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  g_signal_emit_by_name (dialog, "response", response);
  adw_dialog_force_close (ADW_DIALOG (dialog));
#else
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
#endif
}

static gboolean
server_has_request (gpointer server)
{
  return confab_test_server_get_n_requests (server) > 0;
}

/* A monthly budget in Preferences, what was spent against it in the
 * Usage window, and the question before a send that would pass it: the
 * prompt is kept on Cancel and sent on Send Anyway.
 */
void
test_budget (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabUsage) usage = make_usage (800, 200, 500, 0);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) error = NULL;
  GSettings *settings = confab_application_get_settings (app);
  ConfabBudgetTracker *tracker = confab_application_get_budget_tracker (app);
  ConfabPreferencesWindow *preferences = confab_preferences_window_new (settings, confab_application_get_key_store (app));
  GtkWidget *host = adw_window_new ();
  ConfabUsageWindow *usage_window;
  ConfabWindow *window;
  ConfabComposer *composer;
  GtkWidget *budget, *spin, *month_label, *dialog;
  g_autofree char *prompt = NULL;
  gint64 id;

  set_prices ();
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", CREDITS_KEY);

  /* No budget by default: nothing asked of the store, nothing shown. */
  g_assert_cmpfloat (g_settings_get_double (settings, "monthly-budget"), ==, 0);
  g_assert_false (confab_budget_tracker_get_loading (tracker));
  usage_window = open_usage_window ();
  budget = confab_test_find_widget (GTK_WIDGET (usage_window), CONFAB_TYPE_USAGE_BUDGET, "usage-budget");
  g_assert_nonnull (budget);
  g_assert_false (gtk_widget_get_visible (budget));

  /* Entered on the Costs page of Preferences. */
  confab_preferences_window_show_costs (preferences);
  gtk_window_present (GTK_WINDOW (host));
  confab_preferences_window_present (preferences, GTK_WINDOW (host));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);
  spin = confab_test_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON, "monthly-budget-spin");
  g_assert_nonnull (spin);
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (spin), 10);
  g_assert_cmpfloat (g_settings_get_double (settings, "monthly-budget"), ==, 10);
  g_assert_nonnull (confab_test_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SPIN_BUTTON, "daily-budget-spin"));
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (host));

  /* The seeded history is of January: nothing spent this month yet. */
  confab_test_run_until (tracker_is_idle, tracker);
  confab_test_run_until (widget_is_visible, budget);
  month_label = confab_test_find_widget (budget, GTK_TYPE_LABEL, "budget-month");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (month_label)), ==, "$0.00 of $10.00 this month");
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (budget, GTK_TYPE_LABEL, "budget-day")));

  /* An answer of today at $0.0057 counts. */
  id = confab_store_create_conversation (confab_application_get_store (app), &error);
  g_assert_no_error (error);
  append_exchange (confab_application_get_store (app), id, "Spend", now, PRICED_MODEL, usage);
  confab_test_run_until (tracker_is_idle, tracker);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (month_label)), ==, "$0.0057 of $10.00 this month");
  g_assert_cmpfloat_with_epsilon (gtk_level_bar_get_value (GTK_LEVEL_BAR (confab_test_find_widget (budget, GTK_TYPE_LEVEL_BAR, "budget-month-bar"))),
                                  0.00057, 1e-9);

  /* Within the budget, a send goes without a question. */
  window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  confab_test_run_until (confab_test_widget_is_mapped, window);
  composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_COMPOSER, NULL));
  g_assert_false (confab_budget_tracker_would_pass (tracker, 0, NULL));

  /* Not spent yet, but the estimated input of this request would pass
   * it: asked first too.
   */
  g_settings_set_double (settings, "monthly-budget",
                         confab_budget_tracker_get_spent (tracker, CONFAB_BUDGET_MONTH) + 0.000001);
  confab_test_run_until (tracker_is_idle, tracker);
  g_assert_false (confab_budget_tracker_would_pass (tracker, 0, NULL));
  confab_composer_set_text (composer, "Would this pass the budget?");
  g_assert_true (confab_composer_handle_enter (composer, 0, 4000));
  confab_test_run_until (has_budget_dialog, window);
  respond (find_budget_dialog (window), "cancel");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  /* Spent: the budget is less than this month's $0.0057. */
  g_settings_set_double (settings, "monthly-budget", 0.005);
  confab_test_run_until (tracker_is_idle, tracker);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (month_label)), ==, "$0.0057 of $0.0050 this month");
  g_assert_true (gtk_widget_has_css_class (month_label, "error"));

  /* Asked first; Cancel keeps the prompt and sends nothing. */
  confab_composer_set_text (composer, "Over budget?");
  g_assert_true (confab_composer_handle_enter (composer, 0, 5000));
  confab_test_run_until (has_budget_dialog, window);
  dialog = find_budget_dialog (window);
  respond (dialog, "cancel");
  for (guint i = 0; i < 20; i++)
    g_main_context_iteration (NULL, FALSE);
  prompt = confab_composer_get_text (composer);
  g_assert_cmpstr (prompt, ==, "Over budget?");
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (confab_window_get_conversation (window))), ==, 0);

  /* Send Anyway sends it. */
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (composer, 0, 5001));
  confab_test_run_until (has_budget_dialog, window);
  respond (find_budget_dialog (window), "send");
  confab_test_run_until (server_has_request, server);
  g_clear_pointer (&prompt, g_free);
  prompt = confab_composer_get_text (composer);
  g_assert_cmpstr (prompt, ==, "");

  /* Sent anyway, its answer keeps the estimate made before, as any. */
  {
    GListModel *messages = G_LIST_MODEL (confab_window_get_conversation (window));
    g_autoptr(ConfabMessage) answer = g_list_model_get_item (messages, g_list_model_get_n_items (messages) - 1);

    g_assert_cmpint (confab_message_get_role (answer), ==, CONFAB_ROLE_ASSISTANT);
    g_assert_cmpint (confab_estimate_get_attached (answer), >, 0);
  }

  confab_exchanges_stop_all (confab_application_get_exchanges (app));
  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (usage_window));
  g_settings_reset (settings, "monthly-budget");
  g_settings_reset (settings, "base-url");
  g_settings_reset (settings, "api-key");
  g_settings_reset (settings, "credits-baselines");
  g_settings_reset (settings, "model-prices");
}
