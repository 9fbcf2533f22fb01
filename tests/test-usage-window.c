/* test-usage-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Opens the real usage window on a history written through the store,
 * with known usage on two days and two models, one of them priced, and
 * checks what a person sees: the totals, the tables, the chart, the
 * cost only where there is a price, and that a chat opens from it; that
 * it exports the period's requests and follows the history while it is
 * open; that an answer's row shows its cost when there is a price.  And
 * the costs page of Preferences writes what is entered.
 */

#include "config.h"

#include "test-usage-window.h"

ConfabApplication *app;
gint64 alpha_id;
gint64 beta_id;

const char *
get_label (GtkWidget  *root,
           const char *name)
{
  GtkWidget *label = confab_test_find_widget (root, GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

char *
count (gint64 value)
{
  return confab_usage_format_count (value);
}

/* The texts of the labels under @root, in order, joined by "|". */
static void
collect_labels (GtkWidget *root,
                GString   *texts)
{
  if (GTK_IS_LABEL (root) && gtk_widget_get_visible (root))
    {
      g_string_append (texts, gtk_label_get_text (GTK_LABEL (root)));
      g_string_append_c (texts, '|');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (gtk_widget_get_visible (child))
        collect_labels (child, texts);
    }
}

char *
dup_labels (GtkWidget *root)
{
  GString *texts = g_string_new ("|");

  collect_labels (root, texts);

  return g_string_free (texts, FALSE);
}

ConfabUsage *
make_usage (gint64 prompt,
            gint64 cached,
            gint64 completion,
            gint64 reasoning)
{
  ConfabUsage *usage = confab_usage_new ();

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
  if (cached >= 0)
    confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, cached);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, reasoning);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, prompt + completion);

  return usage;
}

void
append_exchange (ConfabStore *store,
                 gint64       conversation_id,
                 const char  *prompt,
                 GDateTime   *created,
                 const char  *model,
                 ConfabUsage *usage)
{
  g_autoptr(ConfabMessage) question = confab_message_new (CONFAB_ROLE_USER, prompt);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "An answer");
  g_autoptr(GError) error = NULL;

  confab_message_set_created (question, created);
  confab_store_append_message (store, conversation_id, question, &error);
  g_assert_no_error (error);

  confab_message_set_created (answer, created);
  confab_message_set_model (answer, model);
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_append_message (store, conversation_id, answer, &error);
  g_assert_no_error (error);
}

/* Two local days, two chats, two models; one answer without usage. */
static void
seed_history (ConfabStore *store)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) day1 = g_date_time_new (tz, 2026, 1, 10, 12, 0, 0);
  g_autoptr(GDateTime) day2 = g_date_time_new (tz, 2026, 1, 11, 23, 30, 0);
  g_autoptr(ConfabUsage) usage1 = make_usage (1000, 200, 500, 100);
  g_autoptr(ConfabUsage) usage2 = make_usage (2000, -1, 1000, 0);
  g_autoptr(ConfabUsage) usage3 = make_usage (300, -1, 700, 400);
  g_autoptr(GError) error = NULL;

  alpha_id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append_exchange (store, alpha_id, "Alpha chat", day1, PRICED_MODEL, usage1);
  append_exchange (store, alpha_id, "And more", day2, PRICED_MODEL, usage2);

  beta_id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append_exchange (store, beta_id, "Beta chat", day2, FREE_MODEL, usage3);
  append_exchange (store, beta_id, "No usage here", day2, FREE_MODEL, NULL);
}

void
set_prices (void)
{
  GSettings *settings = confab_application_get_settings (app);

  g_settings_set_value (settings, "model-prices",
                        g_variant_new_parsed ("{'" PRICED_MODEL "': (1.0, 0.5, 10.0)}"));
}

gboolean
window_is_idle (gpointer data)
{
  return !confab_usage_window_get_loading (data) && confab_usage_window_get_report (data) != NULL;
}

gboolean
labels_contain (gpointer data)
{
  gpointer *args = data;
  g_autofree char *texts = dup_labels (args[0]);

  return strstr (texts, args[1]) != NULL;
}

void
wait_for_labels (GtkWidget  *root,
                 const char *text)
{
  gpointer args[2] = { root, (gpointer) text };

  confab_test_run_until (labels_contain, args);
}

ConfabUsageWindow *
open_usage_window (void)
{
  ConfabUsageWindow *window = NULL;
  GList *windows;

  /* As the app menu and Ctrl+U do. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "usage", NULL);

  windows = gtk_application_get_windows (GTK_APPLICATION (app));
  for (GList *l = windows; l != NULL; l = l->next)
    if (CONFAB_IS_USAGE_WINDOW (l->data))
      window = l->data;

  g_assert_nonnull (window);

  /* Xvfb's pointer rests over the chart, whose tooltip then opens while
   * a test waits; on Xvfb, GTK 4.24's X11 backend warns about the frame
   * of such a popup ("gdk_frame_timings_submitted() called on submitted
   * frame"), which the stack lanes make fatal.  No test here is about
   * the tooltip.
   */
  gtk_widget_set_has_tooltip (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_USAGE_CHART, NULL), FALSE);
  confab_test_run_until (confab_test_widget_is_mapped, window);

  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_ALL);
  confab_test_run_until (window_is_idle, window);

  return window;
}

/* One row of a table as its labels read, from its first cell. */
static char *
row_text (const char *label,
          guint       n_requests,
          gint64      input,
          gint64      cached,
          gint64      output,
          gint64      reasoning,
          gint64      total,
          guint       n_unreported,
          const char *cost)
{
  g_autofree char *requests = count (n_requests);
  g_autofree char *input_text = count (input);
  g_autofree char *cached_text = count (cached);
  g_autofree char *output_text = count (output);
  g_autofree char *reasoning_text = count (reasoning);
  g_autofree char *total_text = count (total);
  g_autofree char *unreported = count (n_unreported);

  return g_strjoin ("|", "", label, requests, input_text, cached_text, output_text,
                    reasoning_text, total_text, unreported, cost, "", NULL);
}

static void
test_usage_window_totals (void)
{
  ConfabUsageWindow *window;
  ConfabUsageReport *report;
  ConfabUsageChart *chart;
  GtkWidget *models_view;
  GtkWidget *cost_label;
  g_autofree char *priced_cost = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *priced_row = NULL;
  g_autofree char *free_row = NULL;

  set_prices ();
  window = open_usage_window ();
  report = confab_usage_window_get_report (window);

  /* The totals of all time: every answer with usage, and the one
   * without counted apart.
   */
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-tokens"), ==, (expected = count (5500)));
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-input"), ==, (expected = count (3300)));
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-cached"), ==, (expected = count (200)));
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-output"), ==, (expected = count (2200)));
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-reasoning"), ==, (expected = count (500)));
  g_clear_pointer (&expected, g_free);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-requests"), ==, "4");
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "unreported-label")));
  g_assert_true (g_str_has_prefix (get_label (GTK_WIDGET (window), "unreported-label"), "1 request without reported usage"));

  /* The cost is that of the priced model's answers, and says that the
   * others are not counted.
   */
  g_assert_cmpfloat_with_epsilon (confab_usage_totals_get_cost (confab_usage_report_get_total (report)), PRICED_COST, 1e-9);
  priced_cost = confab_pricing_format_cost (PRICED_COST);
  cost_label = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "total-cost");
  g_assert_true (gtk_widget_is_visible (cost_label));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cost_label)), ==, priced_cost);
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "cost-note-label")));
  /* And where its prices came from. */
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "cost-source-label")));
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "cost-source-label"), ==, "At your prices");

  /* One bar per day, and each says what it shows. */
  chart = CONFAB_USAGE_CHART (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_USAGE_CHART, "usage-chart"));
  g_assert_nonnull (chart);
  g_assert_cmpuint (confab_usage_chart_get_n_bars (chart), ==, 2);
  {
    g_autofree char *first = confab_usage_chart_dup_bar_description (chart, 0);
    g_autofree char *second = confab_usage_chart_dup_bar_description (chart, 1);
    g_autofree char *input = count (2300);
    g_autofree char *output = count (1700);

    g_assert_nonnull (strstr (first, "January 10, 2026"));
    g_assert_nonnull (strstr (first, "1000 input"));
    g_assert_nonnull (strstr (second, "January 11, 2026"));
    g_assert_nonnull (strstr (second, input));
    g_assert_nonnull (strstr (second, output));
  }

  /* By model, most tokens first, the cost only for the priced one. */
  models_view = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, "models-view");
  g_assert_nonnull (models_view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (models_view)))), ==, 2);
  adw_view_stack_set_visible_child_name (ADW_VIEW_STACK (confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_STACK, NULL)), "models");
  confab_test_run_until (confab_test_widget_is_mapped, models_view);
  priced_row = row_text (PRICED_MODEL, 2, 3000, 200, 1500, 100, 4500, 0, priced_cost);
  free_row = row_text (FREE_MODEL, 2, 300, -1, 700, 400, 1000, 1, "—");
  wait_for_labels (models_view, free_row);
  {
    g_autofree char *texts = dup_labels (models_view);

    g_assert_nonnull (strstr (texts, priced_row));
    g_assert_nonnull (strstr (texts, free_row));
    g_assert_true (strstr (texts, priced_row) < strstr (texts, free_row));
  }

  /* Sorting by input puts the free model first. */
  {
    GListModel *columns = gtk_column_view_get_columns (GTK_COLUMN_VIEW (models_view));
    g_autoptr(GtkColumnViewColumn) input_column = g_list_model_get_item (columns, 2);
    g_autoptr(ConfabUsageTotals) first = NULL;

    g_assert_cmpstr (gtk_column_view_column_get_title (input_column), ==, "Input");
    gtk_column_view_sort_by_column (GTK_COLUMN_VIEW (models_view), input_column, GTK_SORT_ASCENDING);
    first = g_list_model_get_item (G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (models_view))), 0);
    g_assert_cmpstr (confab_usage_totals_get_model (first), ==, FREE_MODEL);
  }

  /* Without prices, no cost anywhere. */
  g_settings_reset (confab_application_get_settings (app), "model-prices");
  confab_test_run_until (window_is_idle, window);
  g_assert_false (gtk_widget_is_visible (cost_label));
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "cost-note-label")));
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "cost-source-label")));
  {
    g_autofree char *texts = NULL;
    g_autofree char *cost_column = g_strdup_printf ("|%s|", priced_cost);

    free_row = (g_free (free_row), row_text (FREE_MODEL, 2, 300, -1, 700, 400, 1000, 1, ""));
    /* The cost column is hidden: the row ends with the unreported count. */
    free_row[strlen (free_row) - 1] = '\0';
    wait_for_labels (models_view, free_row);
    texts = dup_labels (models_view);
    g_assert_null (strstr (texts, cost_column));
    g_assert_null (strstr (texts, "Cost"));
  }

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_autofree char *data_home = g_dir_make_tmp ("confab-test-usage-XXXXXX", NULL);

  /* The history goes to a database of the test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.UsageTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (confab_application_get_store (app));

  seed_history (confab_application_get_store (app));

  g_test_add_func ("/usage-window/totals", test_usage_window_totals);
  g_test_add_func ("/usage-window/open-conversation", test_usage_window_open_conversation);
  g_test_add_func ("/usage-window/open-conversation-action", test_usage_window_open_conversation_action);
  g_test_add_func ("/usage-window/periods", test_usage_window_periods);
  g_test_add_func ("/usage-window/narrow", test_usage_window_narrow);
  g_test_add_func ("/usage-window/export", test_usage_window_export);
  g_test_add_func ("/usage-window/live", test_usage_window_live);
  g_test_add_func ("/message-row/cost", test_message_row_cost);
  g_test_add_func ("/usage-window/conversation-partial-cost", test_conversation_partial_cost);
  g_test_add_func ("/preferences/prices", test_preferences_prices);
  g_test_add_func ("/usage-window/credits", test_usage_window_credits);
  g_test_add_func ("/usage-window/low-credits", test_low_credits);
  g_test_add_func ("/usage-window/budget", test_budget);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
