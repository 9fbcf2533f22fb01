/* test-usage-window-rows.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the rows show: the Usage window at a narrow width, the cost of an
 * answer and of a chat with prices for some models only, and the export.
 */

#include "config.h"

#include "test-usage-window.h"

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
void
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
void
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
void
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
void
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
