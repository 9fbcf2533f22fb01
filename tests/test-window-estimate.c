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

#include "confab-estimate.h"
#include "confab-estimate-count.h"
#include "confab-estimator.h"
#include "confab-test-fixtures.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"

/* The seed's answer, counted with 20 input tokens where the composer
 * estimates 13: 7 fewer than counted, 35 %.
 */
#define COUNTED_20_RESPONSE \
  "{\"id\":\"chatcmpl-estimate\",\"object\":\"chat.completion\",\"model\":\"" CONFAB_TEST_SEED_MODEL "\"," \
  "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello there.\"}," \
  "\"finish_reason\":\"stop\"}]," \
  "\"usage\":{\"prompt_tokens\":20,\"completion_tokens\":4,\"total_tokens\":24}}"

#define COMPARISON "Estimated before sending: 13 input tokens, 7 fewer than counted (35%)"

typedef ConfabTestWindow Fixture;

/* Every test chats with the seed's model, whose prices the tooltips
 * name.
 */
static void
prepare (Fixture       *fixture,
         gconstpointer  data)
{
  g_settings_set_string (confab_application_get_settings (fixture->app), "model", CONFAB_TEST_SEED_MODEL);
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
  GtkWidget *row = confab_test_window_find_row (GTK_WIDGET (wait->window), wait->message);
  GtkWidget *button = row ? confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button") : NULL;
  const char *tooltip = button ? confab_tooltip_get_text (button) : NULL;

  return tooltip != NULL && strstr (tooltip, wait->text) != NULL;
}

static char *
dup_usage_tooltip (ConfabWindow  *window,
                   ConfabMessage *message)
{
  GtkWidget *row = confab_test_window_find_row (GTK_WIDGET (window), message);
  GtkWidget *button;

  g_assert_nonnull (row);
  button = confab_test_find_widget (row, GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_nonnull (button);

  return g_strdup (confab_tooltip_get_text (button));
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
  ConfabEstimator *estimator = confab_application_get_estimator (fixture->app);
  GSettings *settings = confab_application_get_settings (fixture->app);
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
  composer = fixture->composer;
  confab_composer_set_text (composer, "Hello, introduce yourself");
  args[0] = composer;
  args[1] = &estimate;
  args[2] = GINT_TO_POINTER (13);
  confab_test_run_until (estimate_is, args);
  confab_test_server_queue_response (fixture->server, 200, "application/json", COUNTED_20_RESPONSE);
  g_assert_true (confab_composer_handle_enter (composer, 0, 1000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  first = confab_window_get_conversation (fixture->window);
  answer = confab_test_window_get_message (fixture, 1);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  wait = (TooltipWait) { fixture->window, answer, COMPARISON };
  confab_test_run_until (usage_tooltip_shows, &wait);

  /* The estimator learnt from that answer, once. */
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  mean_error = confab_estimator_get_mean_error (estimator, CONFAB_TEST_SEED_MODEL);
  g_assert_cmpfloat (mean_error, >, 0);
  learnt = g_settings_get_value (settings, "estimate-corrections");
  id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (fixture->app), first);
  g_assert_cmpint (id, >, 0);

  /* Another chat, and the first is let go: what is opened next comes
   * from the history, not from memory.
   */
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_run_until (is_gone, &first);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (confab_test_window_conversation_has_two, fixture);
  answer = confab_test_window_get_message (fixture, 1);
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
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  answer = confab_test_window_get_message (fixture, 1);
  g_assert_cmpuint (confab_message_get_version (answer), ==, 2);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (answer), ==, -1);
  wait = (TooltipWait) { fixture->window, answer, "Token Usage\nAt list prices of 2026-12-03" };
  confab_test_run_until (usage_tooltip_shows, &wait);
  g_clear_pointer (&tooltip, g_free);
  tooltip = dup_usage_tooltip (fixture->window, answer);
  g_assert_null (strstr (tooltip, "Estimated before sending"));
  {
    g_autoptr(GListStore) stored = confab_store_load_messages (confab_application_get_store (fixture->app), id, NULL);
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
  ConfabComposer *composer = fixture->composer;
  ConfabMessage *answer;
  GtkWidget *row;
  TooltipWait wait;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_composer_set_text (composer, "Hello, introduce yourself");
  g_assert_true (confab_composer_handle_enter (composer, 0, 2000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  answer = confab_test_window_get_message (fixture, 1);
  wait = (TooltipWait) { fixture->window, answer, "Estimated before sending" };
  confab_test_run_until (usage_tooltip_shows, &wait);
  confab_composer_set_text (composer, "Then tell me what the estimate of this question is made of, at length");

  row = confab_test_window_find_row (window, answer);
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

/* A chat whose answer is 2 MB and whose usage the server did not
 * report: its estimate counts that answer, on a worker.  Opened from
 * the history, the main thread counts none of its bytes, and the
 * composer then shows the estimate counted in full.
 */
static void
test_window_estimate_long_answer (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *response = NULL;
  g_autofree char *system_prompt = NULL;
  ConfabComposer *composer = fixture->composer;
  ConfabConversation *first;
  ConfabEstimate estimate;
  ConfabEstimate expected;
  gpointer args[3];
  guint64 before;
  gint64 id;

  while (content->len < 2 * 1024 * 1024)
    g_string_append (content, "A long answer, one sentence after another, as a model writes at length. ");
  response = g_strdup_printf ("{\"id\":\"chatcmpl-long\",\"object\":\"chat.completion\",\"model\":\"%s\","
                              "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                              "\"finish_reason\":\"stop\"}]}",
                              CONFAB_TEST_SEED_MODEL, content->str);
  confab_test_server_queue_response (fixture->server, 200, "application/json", response);
  confab_composer_set_text (composer, "Write at length");
  g_assert_true (confab_composer_handle_enter (composer, 0, 1000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_message_get_content_length (confab_test_window_get_message (fixture, 1)), ==, content->len);

  first = confab_window_get_conversation (fixture->window);
  id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (fixture->app), first);
  g_assert_cmpint (id, >, 0);
  g_object_add_weak_pointer (G_OBJECT (first), (gpointer *) &first);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_run_until (is_gone, &first);
  confab_composer_set_text (composer, "");

  /* Opened again: the answer's bytes are counted on the worker. */
  before = confab_estimate_count_get_bytes_counted ();
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (confab_test_window_conversation_has_two, fixture);
  system_prompt = g_settings_get_string (confab_application_get_settings (fixture->app), "system-prompt");
  expected = (ConfabEstimate) { 0, CONFAB_ESTIMATE_REQUEST_OVERHEAD + 2 * CONFAB_ESTIMATE_MESSAGE_OVERHEAD,
                                confab_estimate_text_tokens ("Write at length", -1) +
                                confab_estimate_text_tokens (content->str, content->len) };
  if (*system_prompt != '\0')
    confab_estimate_add_text (&expected, system_prompt, -1);
  args[0] = composer;
  args[1] = &estimate;
  args[2] = GINT_TO_POINTER ((int) confab_estimate_get_tokens (&expected, 1.0));
  confab_test_run_until (estimate_is, args);
  g_test_message ("Opening the chat counted %" G_GUINT64_FORMAT " bytes on the main thread",
                  confab_estimate_count_get_bytes_counted () - before);
  g_assert_cmpuint (confab_estimate_count_get_bytes_counted () - before, <, CONFAB_ESTIMATE_COUNT_LONG);
}

int
main (int   argc,
      char *argv[])
{
  /* The test reads the English tooltip. */
  g_setenv ("LANGUAGE", "C", TRUE);

  confab_test_window_init (&argc, &argv);
  confab_test_window_set_prepare (prepare);

  confab_test_window_add ("/window-estimate/reopened", NULL, test_window_estimate_reopened);
  confab_test_window_add ("/window-estimate/popovers", NULL, test_window_estimate_popovers);
  confab_test_window_add ("/window-estimate/long-answer", NULL, test_window_estimate_long_answer);

  return confab_test_window_run ();
}
