/* test-usage-window-chats.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The Usage window and the chats it counts: a chat opened from it, in a
 * window or by its action, the periods shown, and the review kept live
 * while answers come and chats go.
 */

#include "config.h"

#include "test-usage-window.h"

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

void
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
void
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

void
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
void
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
