/* test-window-korean.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window and Preferences in Korean, from the translations
 * built in po/: every tooltip in a label of Confab's own, on one line
 * where GTK 4.8's would break, in the window, Preferences and the Usage
 * window; the cost too small to show.
 */

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-preferences-window.h"
#include "confab-test-fixtures.h"
#include "confab-test-locale.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"
#include "confab-usage-window.h"
#include "confab-window.h"

static int
count_lines (GtkWidget *label)
{
  int width, height;

  gtk_widget_measure (label, GTK_ORIENTATION_HORIZONTAL, -1, NULL, &width, NULL, NULL);
  gtk_widget_measure (label, GTK_ORIENTATION_VERTICAL, width, NULL, &height, NULL, NULL);
  pango_layout_set_width (gtk_label_get_layout (GTK_LABEL (label)), width * PANGO_SCALE);

  return pango_layout_get_line_count (gtk_label_get_layout (GTK_LABEL (label)));
}

/* Asks @widget and every widget inside it that has a tooltip for it, as
 * GTK does when the pointer rests on it (so not the hidden ones);
 * returns how many showed one.
 * Each shows it in the label of confab-tooltip.c; one of a few words
 * on one line.
 */
static guint
check_tooltips (GtkWidget *widget)
{
  guint n_shown = 0;

  /* GTK shows no tooltip of a hidden widget, nor of what it holds. */
  if (!gtk_widget_get_visible (widget))
    return 0;

  if (gtk_widget_get_has_tooltip (widget))
    {
      g_autoptr(GObject) tooltip = g_object_new (GTK_TYPE_TOOLTIP, NULL);
      g_autofree char *text = g_strdup (confab_tooltip_get_text (widget));
      gboolean shown = FALSE;
      GtkWidget *label;

      g_signal_emit_by_name (widget, "query-tooltip", 1, 1, FALSE, tooltip, &shown);
      label = confab_tooltip_get_label (widget);
      g_test_message ("%s “%s”: %s", G_OBJECT_TYPE_NAME (widget), text ? text : "(its own)",
                      !shown ? "none here" : label != NULL ? "Confab's label" : "GTK's label");

      /* A widget with a tooltip of its own (a link's, a time's) may have
       * none at that point.
       */
      g_assert_true (shown || text == NULL);
      if (shown)
        {
          const char *shown_text;

          n_shown++;
          g_assert_nonnull (label);
          /* It is the label in this tooltip, with the widget's text. */
          g_assert_nonnull (gtk_widget_get_parent (label));
          shown_text = gtk_label_get_text (GTK_LABEL (label));
          if (text != NULL)
            g_assert_cmpstr (shown_text, ==, text);
          if (strchr (shown_text, '\n') == NULL && g_utf8_strlen (shown_text, -1) <= 16)
            g_assert_cmpint (count_lines (label), ==, 1);
        }
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n_shown += check_tooltips (child);

  return n_shown;
}

/* Every tooltip of the window, with a chat and its answer, and of
 * Preferences, with a price of the person's own.
 */
static void
test_tooltips (ConfabTestWindow *fixture,
               gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *attach = confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "attach-button");
  g_autoptr(GVariant) prices = NULL;
  ConfabPreferencesWindow *preferences;
  ConfabMessage *answer;
  guint n_shown;

  /* Korean it is. */
  g_assert_cmpstr (gtk_widget_get_tooltip_text (attach), ==, "이미지 첨부");

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Hello, introduce yourself");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  confab_test_window_wait_for_row (fixture, answer);

  n_shown = check_tooltips (GTK_WIDGET (fixture->window));
  g_test_message ("%u tooltips in the window", n_shown);
  /* The header's, the sidebar's, the composer's, the answer's… */
  g_assert_cmpuint (n_shown, >=, 15);
  {
    GtkWidget *label = confab_tooltip_get_label (attach);

    g_assert_nonnull (label);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "이미지 첨부");
    g_assert_cmpint (count_lines (label), ==, 1);
  }

  prices = g_variant_ref_sink (g_variant_new_parsed ("{'my-model': (1.5, -1.0, 12.0)}"));
  g_settings_set_value (settings, "model-prices", prices);
  /* As the app shows them, over the window. */
  preferences = confab_preferences_window_new (settings, confab_application_get_key_store (fixture->app));
  confab_preferences_window_set_model_list (preferences, confab_application_get_model_list (fixture->app));
  confab_preferences_window_show_costs (preferences);
  confab_preferences_window_present (preferences, GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);

  n_shown = check_tooltips (GTK_WIDGET (preferences));
  g_test_message ("%u tooltips in Preferences", n_shown);
  /* Known Services, Models on the Server, Show Text, Remove Prices. */
  g_assert_cmpuint (n_shown, >=, 4);

#if ADW_CHECK_VERSION (1, 5, 0)
  adw_dialog_force_close (ADW_DIALOG (preferences));
#else
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
}

static gboolean
usage_window_is_idle (gpointer data)
{
  return !confab_usage_window_get_loading (data) && confab_usage_window_get_report (data) != NULL;
}

/* Every tooltip of the Usage window, on the history of one answer. */
static void
test_usage_tooltips (ConfabTestWindow *fixture,
                     gconstpointer     data)
{
  ConfabUsageWindow *window = NULL;
  ConfabMessage *answer;
  guint n_shown;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Hello, introduce yourself");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  /* As the app menu and Ctrl+U open it. */
  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "usage", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; l = l->next)
    if (CONFAB_IS_USAGE_WINDOW (l->data))
      window = l->data;
  g_assert_nonnull (window);
  confab_test_run_until (confab_test_widget_is_mapped, window);
  confab_usage_window_set_period (window, CONFAB_USAGE_PERIOD_ALL);
  confab_test_run_until (usage_window_is_idle, window);

  n_shown = check_tooltips (GTK_WIDGET (window));
  g_test_message ("%u tooltips in the Usage window", n_shown);
  /* Refresh Credits and the credits, the period and its days, Export as
   * CSV, the totals' cards.
   */
  g_assert_cmpuint (n_shown, >=, 7);

  gtk_window_destroy (GTK_WINDOW (window));
}

typedef struct
{
  GtkWidget  *button;
  const char *text;
} EstimateWait;

static gboolean
estimate_shows (gpointer data)
{
  EstimateWait *wait = data;
  GtkWidget *label = confab_test_find_widget (wait->button, GTK_TYPE_LABEL, NULL);

  return gtk_widget_get_visible (wait->button) && g_str_equal (gtk_label_get_text (GTK_LABEL (label)), wait->text);
}

/* A cost too small to show is "$0.0001 미만" (under $0.0001), in the
 * composer's estimate and in its popover, without "약" (about) before it.
 */
static void
test_estimate_under (ConfabTestWindow *fixture,
                     gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *button = confab_test_get_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_MENU_BUTTON, "composer-estimate");
  EstimateWait wait = { button, "예상: 입력 토큰 13개 · $0.0001 미만" };
  const char *details;

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);
  confab_composer_set_text (fixture->composer, "Hello, introduce yourself");
  confab_test_run_until (estimate_shows, &wait);

  details = gtk_label_get_text (GTK_LABEL (confab_test_get_widget (button, GTK_TYPE_LABEL, "composer-estimate-details")));
  g_test_message ("%s", details);
  g_assert_nonnull (strstr (details, "입력 비용: $0.0001 미만. "));
  g_assert_null (strstr (details, "약 $0.0001"));
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);
  /* Korean, from the translations of this build (in the C.UTF-8 locale
   * of confab_test_ui_init() but for the messages).
   */
  confab_test_set_korean ();

  confab_test_window_add ("/window-korean/tooltips", NULL, test_tooltips);
  confab_test_window_add ("/window-korean/estimate-under", NULL, test_estimate_under);
  confab_test_window_add ("/window-korean/usage-tooltips", NULL, test_usage_tooltips);

  return confab_test_window_run ();
}
