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

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-message-row.h"
#include "confab-preferences-window.h"
#include "confab-price-dialog.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-estimate.h"
#include "confab-usage-budget.h"
#include "confab-usage-chart.h"
#include "confab-usage-credits.h"
#include "confab-usage-popover.h"
#include "confab-usage-window.h"
#include "confab-window.h"

#define PRICED_MODEL "priced-model"
#define FREE_MODEL   "free-model"

/* $1 per million input, $0.50 cached, $10 output, for PRICED_MODEL:
 * (800 × 1 + 200 × 0.5 + 500 × 10) / 1e6 for the first answer and
 * (2000 × 1 + 1000 × 10) / 1e6 for the second.
 */
#define PRICED_COST 0.0179

static ConfabApplication *app;
static gint64 alpha_id;
static gint64 beta_id;

static const char *
get_label (GtkWidget  *root,
           const char *name)
{
  GtkWidget *label = confab_test_find_widget (root, GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);

  return gtk_label_get_text (GTK_LABEL (label));
}

static char *
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

static char *
dup_labels (GtkWidget *root)
{
  GString *texts = g_string_new ("|");

  collect_labels (root, texts);

  return g_string_free (texts, FALSE);
}

static ConfabUsage *
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

static void
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

static void
set_prices (void)
{
  GSettings *settings = confab_application_get_settings (app);

  g_settings_set_value (settings, "model-prices",
                        g_variant_new_parsed ("{'" PRICED_MODEL "': (1.0, 0.5, 10.0)}"));
}

static gboolean
window_is_idle (gpointer data)
{
  return !confab_usage_window_get_loading (data) && confab_usage_window_get_report (data) != NULL;
}

static gboolean
labels_contain (gpointer data)
{
  gpointer *args = data;
  g_autofree char *texts = dup_labels (args[0]);

  return strstr (texts, args[1]) != NULL;
}

static void
wait_for_labels (GtkWidget  *root,
                 const char *text)
{
  gpointer args[2] = { root, (gpointer) text };

  confab_test_run_until (labels_contain, args);
}

static ConfabUsageWindow *
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

static gboolean
shows_conversation (gpointer data)
{
  ConfabConversation *conversation = confab_window_get_conversation (data);
  g_autoptr(ConfabMessage) first = NULL;

  if (g_list_model_get_n_items (G_LIST_MODEL (conversation)) != 4)
    return FALSE;

  first = g_list_model_get_item (G_LIST_MODEL (conversation), 0);

  return g_strcmp0 (confab_message_get_content (first), "Beta chat") == 0;
}

static void
test_usage_window_open_conversation (void)
{
  ConfabWindow *main_window = confab_window_new (app);
  ConfabUsageWindow *window;
  GtkWidget *view;
  GListModel *rows;
  guint position = G_MAXUINT;

  gtk_window_present (GTK_WINDOW (main_window));
  confab_test_run_until (confab_test_widget_is_mapped, main_window);

  window = open_usage_window ();
  view = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, "conversations-view");
  g_assert_nonnull (view);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  g_assert_cmpuint (g_list_model_get_n_items (rows), ==, 2);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (rows, i);

      if (confab_usage_totals_get_conversation_id (totals) == beta_id)
        {
          g_assert_cmpstr (confab_usage_totals_get_label (totals), ==, "Beta chat");
          g_assert_cmpuint (confab_usage_totals_get_n_unreported (totals), ==, 1);
          position = i;
        }
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  g_signal_emit_by_name (view, "activate", position);
  confab_test_run_until (shows_conversation, main_window);

  /* The conversation's total counts its requests, the unreported one
   * apart, and no cost without prices.
   */
  {
    GtkWidget *popover = confab_test_find_widget (GTK_WIDGET (main_window), GTK_TYPE_MENU_BUTTON, "total-button");

    g_assert_nonnull (popover);
    popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (popover)));
    g_assert_cmpstr (get_label (popover, "usage-requests"), ==, "2");
    g_assert_cmpstr (get_label (popover, "usage-unreported"), ==, "1");
    g_assert_false (gtk_widget_get_visible (confab_test_find_widget (popover, GTK_TYPE_LABEL, "usage-cost")));

    g_settings_set_value (confab_application_get_settings (app), "model-prices",
                          g_variant_new_parsed ("{'" FREE_MODEL "': (1.0, -1.0, 10.0)}"));
    g_assert_true (gtk_widget_get_visible (confab_test_find_widget (popover, GTK_TYPE_LABEL, "usage-cost")));
    {
      /* 300 × 1 + 700 × 10 per million. */
      g_autofree char *cost = confab_pricing_format_cost (0.0073);

      g_assert_cmpstr (get_label (popover, "usage-cost"), ==, cost);
    }
    g_settings_reset (confab_application_get_settings (app), "model-prices");
    g_assert_false (gtk_widget_get_visible (confab_test_find_widget (popover, GTK_TYPE_LABEL, "usage-cost")));
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

static ConfabWindow *
find_main_window (void)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (app)); l != NULL; l = l->next)
    {
      if (CONFAB_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

/* Only the application makes windows: a chat opened from the usage
 * window while no main window is open comes in one that the
 * application makes for its app.open-conversation action.
 */
static void
test_usage_window_open_conversation_action (void)
{
  ConfabUsageWindow *window;
  ConfabWindow *main_window;
  GtkWidget *view;
  GListModel *rows;
  guint position = G_MAXUINT;

  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "open-conversation"));
  g_assert_null (find_main_window ());

  window = open_usage_window ();
  view = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_COLUMN_VIEW, "conversations-view");
  g_assert_nonnull (view);
  rows = G_LIST_MODEL (gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));
  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (rows, i);

      if (confab_usage_totals_get_conversation_id (totals) == beta_id)
        position = i;
    }
  g_assert_cmpuint (position, !=, G_MAXUINT);

  g_signal_emit_by_name (view, "activate", position);
  main_window = find_main_window ();
  g_assert_nonnull (main_window);
  confab_test_run_until (shows_conversation, main_window);

  /* A second chat goes to the same window. */
  g_action_group_activate_action (G_ACTION_GROUP (app), "open-conversation",
                                  g_variant_new_int64 (alpha_id));
  g_assert_true (find_main_window () == main_window);

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (main_window));
}

static gboolean
pointer_is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static void
test_usage_window_periods (void)
{
  ConfabUsageWindow *window = open_usage_window ();
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) first = g_date_time_new (tz, 2026, 1, 11, 0, 0, 0);
  g_autoptr(GDateTime) last = g_date_time_new (tz, 2026, 1, 11, 0, 0, 0);
  g_autoptr(GDateTime) before = g_date_time_new (tz, 2026, 1, 9, 0, 0, 0);
  GtkWidget *stack;

  /* One day of the custom range: the second day only. */
  g_assert_true (confab_usage_window_set_range (window, first, last));
  confab_test_run_until (window_is_idle, window);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-requests"), ==, "3");
  g_assert_cmpuint (confab_usage_chart_get_n_bars (CONFAB_USAGE_CHART (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_USAGE_CHART, NULL))), ==, 1);

  /* A range that ends before it starts is refused, and said so. */
  g_assert_false (confab_usage_window_set_range (window, first, before));
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "range-error-label")));
  g_assert_false (confab_usage_window_get_loading (window));

  /* A period without requests has its empty page. */
  g_assert_true (confab_usage_window_set_range (window, before, before));
  confab_test_run_until (window_is_idle, window);
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "range-error-label")));
  stack = gtk_widget_get_parent (confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_STATUS_PAGE, "empty-page"));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "empty");
  /* Nothing to export then. */
  g_assert_false (gtk_widget_is_sensitive (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "export-button")));

  /* Periods that change quickly cancel the queries under way: only the
   * last one is shown.
   */
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_TODAY);
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_WEEK);
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_ALL);
  confab_test_run_until (window_is_idle, window);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-requests"), ==, "4");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (GTK_STACK (stack)), ==, "report");

  /* Closing it (Escape, Ctrl+W) lets it go, its queries with it. */
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_MONTH);
  g_assert_true (confab_usage_window_get_loading (window));
  {
    GtkWidget *loading = gtk_stack_get_child_by_name (GTK_STACK (stack), "loading");

    /* Before its first report, it shows a spinner meanwhile:
     * libadwaita's own from 1.6 on.
     */
#if ADW_CHECK_VERSION (1, 6, 0)
    g_assert_nonnull (confab_test_find_widget (loading, ADW_TYPE_SPINNER, NULL));
    g_assert_null (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_SPINNER, NULL));
#else
    g_assert_nonnull (confab_test_find_widget (loading, GTK_TYPE_SPINNER, NULL));
#endif
  }
  g_object_add_weak_pointer (G_OBJECT (window), (gpointer *) &window);
  gtk_widget_activate_action (GTK_WIDGET (window), "window.close", NULL);
  confab_test_run_until (pointer_is_null, &window);
}

static gboolean
requests_are (gpointer data)
{
  gpointer *args = data;

  return g_strcmp0 (get_label (args[0], "total-requests"), args[1]) == 0;
}

static void
wait_for_requests (ConfabUsageWindow *window,
                   const char        *count)
{
  gpointer args[2] = { window, (gpointer) count };

  confab_test_run_until (requests_are, args);
}

static gboolean
report_has_deleted_chats (gpointer data)
{
  ConfabUsageReport *report = confab_usage_window_get_report (data);
  GListModel *conversations;

  if (report == NULL || confab_usage_window_get_loading (data))
    return FALSE;

  conversations = confab_usage_report_get_by_conversation (report);
  for (guint i = 0; i < g_list_model_get_n_items (conversations); i++)
    {
      g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (conversations, i);

      if (confab_usage_totals_get_conversation_id (totals) == 0)
        return TRUE;
    }

  return FALSE;
}

/* The open window follows the history: an answer recorded while it is
 * open is counted, and a chat in the trash is not, then is again when
 * the deletion is undone; deleted for good, it counts among the chats
 * that are gone.
 */
static void
test_usage_window_live (void)
{
  ConfabStore *store = confab_application_get_store (app);
  ConfabUsageWindow *window = open_usage_window ();
  g_autoptr(ConfabMessage) question = confab_message_new (CONFAB_ROLE_USER, "Gamma chat");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "");
  g_autoptr(ConfabUsage) usage = make_usage (100, -1, 50, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *expected = NULL;
  gint64 gamma_id;

  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-requests"), ==, "4");

  /* As the recorder does: the answer is stored when it starts, and
   * again when it ends with its usage.
   */
  gamma_id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  confab_store_append_message (store, gamma_id, question, &error);
  g_assert_no_error (error);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, gamma_id, answer, &error);
  g_assert_no_error (error);
  confab_message_append_delta (answer, "A new answer", NULL);
  confab_message_set_model (answer, FREE_MODEL);
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);

  wait_for_requests (window, "5");
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-tokens"), ==, (expected = count (5650)));

  /* Deleted with Undo, then undone. */
  confab_store_trash_conversation (store, gamma_id, &error);
  g_assert_no_error (error);
  wait_for_requests (window, "4");
  confab_store_restore_conversation (store, gamma_id, &error);
  g_assert_no_error (error);
  wait_for_requests (window, "5");

  /* And for good: what it spent still counts, as the chats gone. */
  confab_store_delete_conversation (store, gamma_id, &error);
  g_assert_no_error (error);
  confab_test_run_until (report_has_deleted_chats, window);
  g_assert_cmpstr (get_label (GTK_WIDGET (window), "total-requests"), ==, "5");

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The row of the answer whose total is @total, or NULL. */
static GtkWidget *
find_answer_row (GtkWidget *root,
                 gint64     total)
{
  if (CONFAB_IS_MESSAGE_ROW (root))
    {
      ConfabMessage *message = confab_message_row_get_message (CONFAB_MESSAGE_ROW (root));
      ConfabUsage *usage = message != NULL ? confab_message_get_usage (message) : NULL;

      if (usage != NULL && confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL) == total)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_answer_row (child, total);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
shows_first_answer (gpointer data)
{
  GtkWidget *row = find_answer_row (data, 1500);

  return row != NULL && gtk_widget_get_mapped (row);
}

#if ADW_CHECK_VERSION (1, 4, 0)
static gboolean
widget_is_laid_out (gpointer data)
{
  return gtk_widget_get_width (data) > 0;
}

static gboolean
switcher_bar_revealed (gpointer data)
{
  return adw_view_switcher_bar_get_reveal (data);
}
#endif

static gboolean
switcher_bar_hidden (gpointer data)
{
  return !adw_view_switcher_bar_get_reveal (data);
}

/* From libadwaita 1.4 on, where AdwViewSwitcherTitle is deprecated, a
 * breakpoint moves the view switcher from the header to a bar at the
 * bottom on narrow windows.  Before, AdwViewSwitcherTitle does it, when
 * not even its icons fit.
 */
static void
test_usage_window_narrow (void)
{
  ConfabUsageWindow *window = open_usage_window ();
  GtkWidget *bar = confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_BAR, NULL);

  g_assert_nonnull (bar);
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_ALL);
  confab_test_run_until (window_is_idle, window);
  g_assert_true (gtk_widget_is_sensitive (confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_BUTTON, "export-button")));

#if ADW_CHECK_VERSION (1, 4, 0)
  /* Resized once it has its first size: a size asked for before that
   * gives way to the one the X server then reports.
   */
  confab_test_run_until (widget_is_laid_out, window);
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 680);
  confab_test_run_until (switcher_bar_revealed, bar);

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 680);
  confab_test_run_until (switcher_bar_hidden, bar);
  {
    GtkWidget *header = confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_HEADER_BAR, NULL);
    GtkWidget *switcher = confab_test_find_widget (header, ADW_TYPE_VIEW_SWITCHER, NULL);

    g_assert_cmpstr (G_OBJECT_TYPE_NAME (adw_header_bar_get_title_widget (ADW_HEADER_BAR (header))), !=, "AdwViewSwitcherTitle");
    /* The header's switcher, back once the stack around it is laid
     * out.
     */
    g_assert_nonnull (switcher);
    confab_test_run_until (confab_test_widget_is_mapped, switcher);
  }
#else
  g_assert_nonnull (confab_test_find_widget (GTK_WIDGET (window), ADW_TYPE_VIEW_SWITCHER_TITLE, NULL));
  /* The title says whether it fits once it is laid out. */
  confab_test_run_until (switcher_bar_hidden, bar);
#endif

  gtk_window_destroy (GTK_WINDOW (window));
}

/* With a price for its model, an answer says what it cost on its usage
 * line and in its popover; without prices, no cost anywhere.
 */
static void
test_message_row_cost (void)
{
  ConfabWindow *main_window = confab_window_new (app);
  GtkWidget *row;
  GtkWidget *button;
  GtkPopover *popover;
  ConfabUsage *usage;
  g_autofree char *summary = NULL;
  g_autofree char *cost = confab_pricing_format_cost (0.0059);
  g_autofree char *line = NULL;

  set_prices ();
  gtk_window_present (GTK_WINDOW (main_window));
  confab_test_run_until (confab_test_widget_is_mapped, main_window);
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-conversation", "x", alpha_id);
  confab_test_run_until (shows_first_answer, main_window);

  row = find_answer_row (GTK_WIDGET (main_window), 1500);
  usage = confab_message_get_usage (confab_message_row_get_message (CONFAB_MESSAGE_ROW (row)));
  summary = confab_usage_format_summary (usage);
  {
    /* After the total, which is first; the breakdown follows. */
    const char *rest = strstr (summary, " · ");

    g_assert_nonnull (rest);
    line = g_strdup_printf ("%.*s · %s%s", (int) (rest - summary), summary, cost, rest);
  }
  g_assert_true (g_str_has_prefix (cost, "$"));
  g_assert_cmpstr (get_label (row, "usage-label"), ==, line);

  /* The popover, made when first opened, has it too. */
  button = confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL, "usage-cost")));
  g_assert_cmpstr (get_label (GTK_WIDGET (popover), "usage-cost"), ==, cost);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Without prices, the rows follow at once. */
  g_settings_reset (confab_application_get_settings (app), "model-prices");
  g_assert_cmpstr (get_label (row, "usage-label"), ==, summary);
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (popover), GTK_TYPE_LABEL, "usage-cost")));
  {
    g_autofree char *texts = dup_labels (row);

    g_assert_null (strchr (texts, '$'));
  }

  gtk_window_destroy (GTK_WINDOW (main_window));
}

/* A chat whose answers are of a priced model and of one without a
 * price says that its cost counts only some of them.
 */
static void
test_conversation_partial_cost (void)
{
  ConfabStore *store = confab_application_get_store (app);
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) day = g_date_time_new (tz, 2026, 1, 12, 9, 0, 0);
  g_autoptr(ConfabUsage) priced = make_usage (100, -1, 10, 0);
  g_autoptr(ConfabUsage) free = make_usage (200, -1, 20, 0);
  g_autoptr(GError) error = NULL;
  ConfabWindow *main_window;
  GtkWidget *popover;
  GtkWidget *note;
  gint64 delta_id;

  delta_id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append_exchange (store, delta_id, "Delta chat", day, PRICED_MODEL, priced);
  append_exchange (store, delta_id, "More", day, FREE_MODEL, free);
  append_exchange (store, delta_id, "Even more", day, PRICED_MODEL, priced);

  set_prices ();
  main_window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (main_window));
  confab_test_run_until (confab_test_widget_is_mapped, main_window);
  gtk_widget_activate_action (GTK_WIDGET (main_window), "win.open-conversation", "x", delta_id);
  popover = confab_test_find_widget (GTK_WIDGET (main_window), GTK_TYPE_MENU_BUTTON, "total-button");
  g_assert_nonnull (popover);
  popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (popover)));
  {
    /* The chat loads on a worker. */
    gpointer args[2] = { popover, (gpointer) "|3|" };

    confab_test_run_until (labels_contain, args);
  }
  note = confab_test_find_widget (popover, GTK_TYPE_LABEL, "usage-cost-note");
  g_assert_nonnull (note);

  g_assert_cmpstr (get_label (popover, "usage-requests"), ==, "3");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_true (g_str_has_prefix (gtk_label_get_text (GTK_LABEL (note)), "Cost of 2 of 3 answers"));

  /* With a price for every model, the cost is the whole chat's. */
  g_settings_set_value (confab_application_get_settings (app), "model-prices",
                        g_variant_new_parsed ("{'" PRICED_MODEL "': (1.0, 0.5, 10.0),"
                                              " '" FREE_MODEL "': (1.0, -1.0, 10.0)}"));
  g_assert_false (gtk_widget_get_visible (note));

  /* Without prices, no cost and no note. */
  g_settings_reset (confab_application_get_settings (app), "model-prices");
  g_assert_false (gtk_widget_get_visible (note));
  g_assert_false (gtk_widget_get_visible (confab_test_find_widget (popover, GTK_TYPE_LABEL, "usage-cost")));

  gtk_window_destroy (GTK_WINDOW (main_window));
  confab_store_delete_conversation (store, delta_id, &error);
  g_assert_no_error (error);
}

/* Export writes the period's requests, one row each, through the same
 * code as the Export button once a file is chosen.
 */
static void
test_usage_window_export (void)
{
  ConfabUsageWindow *window;
  g_autofree char *path = g_build_filename (g_get_user_data_dir (), "usage.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_auto(GStrv) rows = NULL;

  set_prices ();
  window = open_usage_window ();

  confab_usage_window_export_async (window, file, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_true (confab_usage_window_export_finish (window, result, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);
  rows = g_strsplit (contents, "\r\n", -1);

  /* The header, four requests oldest first, and the end of the last line. */
  g_assert_cmpuint (g_strv_length (rows), ==, 6);
  g_assert_true (g_str_has_prefix (rows[0], "time,conversation_id,conversation_title,model,state,"));
  g_assert_true (g_str_has_suffix (rows[0], ",cost_usd"));
  g_assert_nonnull (strstr (rows[1], ",Alpha chat," PRICED_MODEL ","));
  g_assert_true (g_str_has_suffix (rows[1], ",0.0059"));
  g_assert_nonnull (strstr (rows[2], ",Alpha chat," PRICED_MODEL ","));
  g_assert_true (g_str_has_suffix (rows[2], ",0.012"));
  /* No price, no cost; no usage, no counts. */
  g_assert_nonnull (strstr (rows[3], ",Beta chat," FREE_MODEL ","));
  g_assert_true (g_str_has_suffix (rows[3], ",400,1000,"));
  g_assert_nonnull (strstr (rows[4], ",Beta chat," FREE_MODEL ","));
  g_assert_true (g_str_has_suffix (rows[4], ",,,,,,,,,,,"));
  g_assert_cmpstr (rows[5], ==, "");

  g_settings_reset (confab_application_get_settings (app), "model-prices");
  gtk_window_destroy (GTK_WINDOW (window));
}

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

static void
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
static void
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
static void
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
static void
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
