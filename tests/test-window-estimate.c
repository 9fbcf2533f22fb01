/* test-window-estimate.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The estimate the composer shows before sending, kept with the answer
 * in the history: a chat opened again from the history still says how
 * far the estimate was from what the server counted, and opening it
 * teaches the per-model correction nothing it already learnt.  The real
 * window, against the scripted server and the app's history.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-estimate.h"
#include "confab-estimator.h"
#include "confab-message-row.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-tooltip.h"
#include "confab-window.h"

/* The seed's answer, counted with 20 input tokens where the composer
 * estimates 13: 7 fewer than counted, 35 %.
 */
#define COUNTED_20_RESPONSE \
  "{\"id\":\"chatcmpl-estimate\",\"object\":\"chat.completion\",\"model\":\"" CONFAB_TEST_SEED_MODEL "\"," \
  "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there.\"}," \
  "\"finish_reason\":\"stop\"}]," \
  "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":4,\"total_tokens\":24}}"

#define COMPARISON "Estimated before sending: 13 input tokens, 7 fewer than counted (35%)"

/* One application for every test: it can be registered only once. */
static ConfabApplication *app;

typedef struct
{
  ConfabTestServer *server;
  ConfabWindow     *window;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (app);

  fixture->server = confab_test_server_new ();

  confab_store_set_last_conversation (confab_application_get_store (app), 0, NULL);
  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (fixture->server));
  g_settings_set_string (settings, "api-key", "test-key-123");
  confab_estimator_forget (confab_application_get_estimator (app), NULL);

  fixture->window = confab_window_new (app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  confab_exchanges_stop_all (confab_application_get_exchanges (app));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->server);
}

static gboolean
window_is_idle (gpointer data)
{
  return !confab_window_get_busy (data);
}

static ConfabMessage *
get_message (ConfabWindow *window,
             guint         position)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (window));
  g_autoptr(ConfabMessage) message = g_list_model_get_item (model, position);

  /* The conversation keeps it. */
  return message;
}

static GtkWidget *
find_row (GtkWidget     *root,
          ConfabMessage *message)
{
  if (CONFAB_IS_MESSAGE_ROW (root) &&
      confab_message_row_get_message (CONFAB_MESSAGE_ROW (root)) == message &&
      gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, message);

      if (found != NULL)
        return found;
    }

  return NULL;
}

typedef struct
{
  ConfabWindow  *window;
  ConfabMessage *message;
  const char    *text;
} TooltipWait;

/* Whether the row of @message is shown with @text in its usage tooltip;
 * rows are made at layout time.
 */
static gboolean
usage_tooltip_shows (gpointer data)
{
  TooltipWait *wait = data;
  GtkWidget *row = find_row (GTK_WIDGET (wait->window), wait->message);
  GtkWidget *button = row ? confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button") : NULL;
  const char *tooltip = button ? confab_tooltip_get_text (button) : NULL;

  return tooltip != NULL && strstr (tooltip, wait->text) != NULL;
}

static char *
dup_usage_tooltip (ConfabWindow  *window,
                   ConfabMessage *message)
{
  GtkWidget *row = find_row (GTK_WIDGET (window), message);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_nonnull (button);

  return g_strdup (confab_tooltip_get_text (button));
}

static gboolean
conversation_has_two (gpointer data)
{
  ConfabConversation *conversation = confab_window_get_conversation (data);

  return conversation != NULL && g_list_model_get_n_items (G_LIST_MODEL (conversation)) == 2;
}

static gboolean
is_gone (gpointer data)
{
  return *(gpointer *) data == NULL;
}

static gboolean
estimate_is (gpointer data)
{
  gpointer *args = data;

  return confab_composer_get_estimate (args[0], args[1], NULL) &&
         confab_estimate_get_tokens (args[1], 1.0) == GPOINTER_TO_INT (args[2]);
}

static void
test_window_estimate_reopened (Fixture       *fixture,
                               gconstpointer  data)
{
  ConfabEstimator *estimator = confab_application_get_estimator (app);
  GSettings *settings = confab_application_get_settings (app);
  ConfabComposer *composer;
  ConfabConversation *first;
  ConfabMessage *answer;
  g_autoptr(GVariant) learnt = NULL;
  g_autoptr(GVariant) corrections = NULL;
  g_autofree char *tooltip = NULL;
  ConfabEstimate estimate;
  gpointer args[3];
  TooltipWait wait;
  double mean_error;
  gint64 id;

  /* The composer estimates 13 input tokens for this prompt; the server
   * counts 20.
   */
  composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  g_assert_nonnull (composer);
  confab_composer_set_text (composer, "Hello, introduce yourself");
  args[0] = composer;
  args[1] = &estimate;
  args[2] = GINT_TO_POINTER (13);
  confab_test_run_until (estimate_is, args);
  confab_test_server_queue_response (fixture->server, 200, "application/json", COUNTED_20_RESPONSE);
  g_assert_true (confab_composer_handle_enter (composer, 0, 1000));
  confab_test_run_until (window_is_idle, fixture->window);

  first = confab_window_get_conversation (fixture->window);
  answer = get_message (fixture->window, 1);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  wait = (TooltipWait) { fixture->window, answer, COMPARISON };
  confab_test_run_until (usage_tooltip_shows, &wait);

  /* The estimator learnt from that answer, once. */
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  mean_error = confab_estimator_get_mean_error (estimator, CONFAB_TEST_SEED_MODEL);
  g_assert_cmpfloat (mean_error, >, 0);
  learnt = g_settings_get_value (settings, "estimate-corrections");
  id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (app), first);
  g_assert_cmpint (id, >, 0);

  /* Another chat, and the first is let go: what is opened next comes
   * from the history, not from memory.
   */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_run_until (is_gone, &first);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (conversation_has_two, fixture->window);
  answer = get_message (fixture->window, 1);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (answer), ==, 13);

  /* The row says what it said when the answer came. */
  wait = (TooltipWait) { fixture->window, answer, COMPARISON };
  confab_test_run_until (usage_tooltip_shows, &wait);
  tooltip = dup_usage_tooltip (fixture->window, answer);
  g_assert_cmpstr (tooltip, ==, "Token Usage\nAt list prices of 2026-12-03\n" COMPARISON);

  /* Opening it taught the estimator nothing more. */
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  g_assert_cmpfloat (confab_estimator_get_mean_error (estimator, CONFAB_TEST_SEED_MODEL), ==, mean_error);
  corrections = g_settings_get_value (settings, "estimate-corrections");
  g_assert_true (g_variant_equal (corrections, learnt));
  g_clear_pointer (&corrections, g_variant_unref);

  /* Regenerated, the new version of the answer was estimated by no one:
   * it says no more than what was counted, here and in the history, and
   * teaches nothing either; the first version keeps its estimate.
   */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.regenerate", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  answer = get_message (fixture->window, 1);
  g_assert_cmpuint (confab_message_get_version (answer), ==, 2);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (answer), ==, -1);
  wait = (TooltipWait) { fixture->window, answer, "Token Usage\nAt list prices of 2026-12-03" };
  confab_test_run_until (usage_tooltip_shows, &wait);
  g_clear_pointer (&tooltip, g_free);
  tooltip = dup_usage_tooltip (fixture->window, answer);
  g_assert_null (strstr (tooltip, "Estimated before sending"));
  {
    g_autoptr(GListStore) stored = confab_store_load_messages (confab_application_get_store (app), id, NULL);
    g_autoptr(ConfabMessage) first_version = g_list_model_get_item (G_LIST_MODEL (stored), 1);
    g_autoptr(ConfabMessage) kept = g_list_model_get_item (G_LIST_MODEL (stored), 2);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 3);
    g_assert_cmpint (confab_message_get_estimated_input_tokens (first_version), ==, 13);
    g_assert_cmpstr (confab_message_get_content (kept), ==, CONFAB_TEST_SEED_CONTENT);
    g_assert_cmpint (confab_message_get_estimated_input_tokens (kept), ==, -1);
  }
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  corrections = g_settings_get_value (settings, "estimate-corrections");
  g_assert_true (g_variant_equal (corrections, learnt));
}

/* Whether what @popover holds got the height it needs for the width
 * it got: no line of wrapped text is cut at its bottom.
 */
static gboolean
popover_is_laid_out (gpointer data)
{
  GtkWidget *child = gtk_popover_get_child (data);

  return gtk_widget_get_mapped (data) && gtk_widget_get_width (child) > 0;
}

static void
assert_popover_whole (GtkWidget *button)
{
  GtkPopover *popover;
  GtkWidget *child;
  int width;
  int height;
  int minimum;

  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_nonnull (popover);
  confab_test_run_until (popover_is_laid_out, popover);

  child = gtk_popover_get_child (popover);
  width = gtk_widget_get_width (child) + gtk_widget_get_margin_start (child) + gtk_widget_get_margin_end (child);
  height = gtk_widget_get_height (child) + gtk_widget_get_margin_top (child) + gtk_widget_get_margin_bottom (child);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, width, &minimum, NULL, NULL, NULL);
  g_test_message ("The popover of %s: %d pixels high, needs %d", gtk_widget_get_name (button), height, minimum);
  g_assert_cmpint (height, >=, minimum);

  gtk_popover_popdown (popover);
}

/* The usage popovers (of an answer and of the chat, with the credits)
 * and the estimate's are whole: GTK 4.8 measured a popover's height
 * for a wider width than it gave its content, by the width of its
 * shadow, and cut the last line of the wrapped note.
 */
static void
test_window_estimate_popovers (Fixture       *fixture,
                               gconstpointer  data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  ConfabComposer *composer = CONFAB_COMPOSER (confab_test_find_widget (window, CONFAB_TYPE_COMPOSER, NULL));
  ConfabMessage *answer;
  GtkWidget *row;
  TooltipWait wait;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_composer_set_text (composer, "Hello, introduce yourself");
  g_assert_true (confab_composer_handle_enter (composer, 0, 2000));
  confab_test_run_until (window_is_idle, fixture->window);
  answer = get_message (fixture->window, 1);
  wait = (TooltipWait) { fixture->window, answer, "Estimated before sending" };
  confab_test_run_until (usage_tooltip_shows, &wait);
  confab_composer_set_text (composer, "Then tell me what the estimate of this question is made of, at length");

  row = find_row (window, answer);
  assert_popover_whole (confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button"));
  assert_popover_whole (confab_test_find_widget (window, GTK_TYPE_MENU_BUTTON, "total-button"));
  assert_popover_whole (confab_test_find_widget (window, GTK_TYPE_MENU_BUTTON, "composer-estimate"));

  /* Its lines break between words, as Korean wants, not inside one. */
  {
    GtkWidget *details = confab_test_find_widget (window, GTK_TYPE_LABEL, "composer-estimate-details");
    PangoAttrList *attrs = gtk_label_get_attributes (GTK_LABEL (details));
    g_autoptr(PangoAttrIterator) iter = NULL;

    g_assert_nonnull (attrs);
    iter = pango_attr_list_get_iterator (attrs);
    g_assert_nonnull (pango_attr_iterator_get (iter, PANGO_ATTR_ALLOW_BREAKS));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("confab-test-window-estimate-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  {
    g_autofree char *cache_home = g_build_filename (data_home, "cache", NULL);

    g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  }
  /* The test reads the English tooltip. */
  g_setenv ("LANGUAGE", "C", TRUE);

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.EstimateTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (confab_application_get_store (app));

  g_test_add ("/window-estimate/reopened", Fixture, NULL, fixture_set_up, test_window_estimate_reopened, fixture_tear_down);
  g_test_add ("/window-estimate/popovers", Fixture, NULL, fixture_set_up, test_window_estimate_popovers, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);
  confab_test_remove_tree (data_home);

  return status;
}
