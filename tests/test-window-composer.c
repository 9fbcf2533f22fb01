/* test-window-composer.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window's composer and header: the model picker and the
 * estimate of what a prompt costs.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-estimate.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-sidebar-row.h"
#include "confab-sidebar.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"
#include "confab-window.h"

static const char *
get_model_label (GtkWidget *button)
{
  GtkWidget *box = gtk_menu_button_get_child (GTK_MENU_BUTTON (button));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box)));
}

static gboolean
picker_has_rows (gpointer data)
{
  GtkWidget *list = confab_test_find_widget (data, GTK_TYPE_LIST_BOX, "model-picker-list");

  return list != NULL && gtk_widget_get_first_child (list) != NULL;
}

static gboolean
model_list_is_idle (gpointer data)
{
  return !confab_model_list_get_loading (data);
}

/* The header names the chat's model and picks another from the server's
 * list: typing part of an Ollama tag and Enter takes the tag, a name
 * the list lacks is taken as typed, and the request asks that model.
 */
static void
test_window_model_picker (ConfabTestWindow *fixture,
                          gconstpointer     data)
{
  static const char * const models[] = { "gemini-3.1-pro-preview", "llama3.2:latest", "qwen3:8b", NULL };
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "model-button");
  ConfabModelList *list = confab_application_get_model_list (fixture->app);
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  GtkPopover *picker;
  GtkWidget *entry;
  GtkWidget *status;
  const ConfabTestRequest *request;
  g_autoptr(JsonNode) body = NULL;

  g_assert_nonnull (button);
  g_assert_cmpstr (get_model_label (button), ==, "gemini-3.1-pro-preview");

  confab_test_server_serve_models (fixture->server, models);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  picker = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  confab_test_run_until (model_list_is_idle, list);
  confab_test_run_until (picker_has_rows, picker);

  request = confab_test_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/v1/models");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " CONFAB_TEST_WINDOW_KEY);

  entry = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_ENTRY, "model-picker-entry");
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "gemini-3.1-pro-preview");
  gtk_editable_set_text (GTK_EDITABLE (entry), "llama");
  g_signal_emit_by_name (entry, "activate");

  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "llama3.2:latest");
  g_assert_cmpstr (get_model_label (button), ==, "llama3.2:latest");

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Which model are you?");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server,
                                                                         confab_test_server_get_n_requests (fixture->server) - 1));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "llama3.2:latest");

  /* A name the server does not list is taken as typed, and said so. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gtk_editable_set_text (GTK_EDITABLE (entry), "my-own-model");
  status = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_LABEL, "model-picker-status");
  g_assert_true (gtk_widget_get_visible (status));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "my-own-model");
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 2);
}

/* A server without a list: the picker says so, and typing still works. */
static void
test_window_model_picker_no_list (ConfabTestWindow *fixture,
                                  gconstpointer     data)
{
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "model-button");
  ConfabModelList *list = confab_application_get_model_list (fixture->app);
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  GtkPopover *picker = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  GtkWidget *entry = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_ENTRY, "model-picker-entry");
  GtkWidget *status = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_LABEL, "model-picker-status");

  confab_test_server_serve_models (fixture->server, NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  confab_test_run_until (model_list_is_idle, list);

  g_assert_null (confab_model_list_get_models (list));
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "does not list its models"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "llama3.2");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "llama3.2");
  g_assert_cmpstr (get_model_label (button), ==, "llama3.2");
}

/* The composer's estimate, as the window shows it. */
static GtkWidget *
get_estimate_button (ConfabTestWindow *fixture)
{
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_MENU_BUTTON, "composer-estimate");

  g_assert_nonnull (button);

  return button;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} EstimateWait;

static gboolean
label_shows (gpointer data)
{
  EstimateWait *wait = data;
  GtkWidget *label = GTK_IS_LABEL (wait->widget) ? wait->widget
                                                 : confab_test_find_widget (wait->widget, GTK_TYPE_LABEL, NULL);

  return gtk_widget_get_visible (wait->widget) && strstr (gtk_label_get_text (GTK_LABEL (label)), wait->text) != NULL;
}

static void
wait_for_label (GtkWidget  *widget,
                const char *text)
{
  EstimateWait wait = { widget, text };

  confab_test_run_until (label_shows, &wait);
}

static void
type_text (ConfabTestWindow *fixture,
           const char       *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (confab_composer_get_text_view (fixture->composer));

  /* Character by character, as typing does. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    gtk_text_buffer_insert_at_cursor (buffer, p, g_utf8_next_char (p) - p);
}

static void
test_window_estimate (ConfabTestWindow *fixture,
                      gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  ConfabEstimator *estimator = confab_application_get_estimator (fixture->app);
  GtkWidget *button = get_estimate_button (fixture);
  g_autoptr(GVariant) corrections = NULL;
  g_autofree char *expected = NULL;
  GtkLabel *details;
  ConfabMessage *answer;
  ConfabEstimate estimate;
  double ratio;

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);

  /* A new chat: what is typed, and its framing, at list prices. */
  wait_for_label (button, "Estimate: 4 input tokens");
  type_text (fixture, "Hello, introduce yourself");
  wait_for_label (button, "Estimate: 13 input tokens · under $0.0001");
  details = GTK_LABEL (confab_test_find_widget (button, GTK_TYPE_LABEL, "composer-estimate-details"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "This is an estimate"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "At list prices of 2026-12-03"));
  /* Under the smallest cost shown: not "about" it. */
  g_assert_nonnull (strstr (gtk_label_get_text (details), "Input cost: under $0.0001, without discounts"));
  g_assert_true (confab_composer_get_estimate (fixture->composer, &estimate, &ratio));
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, ratio), ==, 13);

  /* The gateway counts 13 too: the answer says so, and the estimator
   * learnt it, in the settings.
   */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7001));
  answer = confab_test_window_get_message (fixture, 1);
  g_assert_cmpint (confab_estimate_get_attached (answer), ==, 13);
  confab_test_run_until (confab_test_window_message_is_done, answer);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  g_assert_cmpfloat (confab_estimator_get_mean_error (estimator, CONFAB_TEST_SEED_MODEL), ==, 0);
  corrections = g_settings_get_value (settings, "estimate-corrections");
  g_assert_cmpuint (g_variant_n_children (corrections), ==, 1);

  /* The next request carries the answer's count: 13 in, and its 1891
   * out less 1480 thinking, with the end of its turn; then the new
   * text's message.
   */
  wait_for_label (button, "Estimate: 426 input tokens");
  type_text (fixture, "Thanks");
  expected = g_strdup_printf ("Estimate: %d input tokens", 13 + 411 + 2 + 5 + 1);
  wait_for_label (button, expected);
  g_assert_nonnull (strstr (gtk_label_get_text (details), "Counted by the server: 424 tokens"));
}

/* A chat whose last answer counted @prompt_tokens, shown in the window. */
static void
add_counted_answer (ConfabTestWindow *fixture,
                    gint64            prompt_tokens)
{
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Read this book");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "Done");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt_tokens);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 10);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 0);
  confab_message_set_usage (answer, usage);
  confab_message_set_model (answer, CONFAB_TEST_SEED_MODEL);
  confab_conversation_append (conversation, prompt);
  confab_conversation_append (conversation, answer);
}

static void
test_window_estimate_tier (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *button = get_estimate_button (fixture);
  GtkWidget *warning = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_LABEL, "composer-warning");

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);
  g_assert_nonnull (warning);

  /* 199,980 + 10 out + 2: below the line, no warning. */
  add_counted_answer (fixture, 199980);
  wait_for_label (button, "Estimate: 199992 input tokens · $0.32");
  g_assert_false (gtk_widget_get_visible (warning));

  /* A few words more cross it: the warning says what it costs, and the
   * request can still be sent.
   */
  type_text (fixture, "Now summarize it in French");
  wait_for_label (warning, "Over 200000 input tokens: this request is billed at the higher price, "
                           "$3.20 instead of $1.60 per million input tokens");
  wait_for_label (button, "Estimate: 200002 input tokens · $0.64");
  g_assert_true (gtk_widget_is_sensitive (confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button")));

  /* Taken back below the line, the warning goes. */
  confab_composer_set_text (fixture->composer, "");
  wait_for_label (button, "Estimate: 199992 input tokens");
  g_assert_false (gtk_widget_get_visible (warning));
}

static void
test_window_estimate_context (ConfabTestWindow *fixture,
                              gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *warning = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_LABEL, "composer-warning");
  GtkWidget *send_button = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button");

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);

  /* 1,048,560 + 10 + 2, and a message of 5 + 5: over 1,048,576. */
  add_counted_answer (fixture, 1048560);
  confab_composer_set_text (fixture->composer, "One two three four five");
  wait_for_label (warning, "Too long for gemini-3.1-pro-preview: about 1048582 input tokens, and it takes at most 1048576.");
  g_assert_false (gtk_widget_is_sensitive (send_button));

  /* Enter sends nothing, even before the estimate caught up. */
  confab_composer_set_text (fixture->composer, "One two three four five six seven");
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7101));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 0);
  {
    g_autofree char *text = confab_composer_get_text (fixture->composer);

    g_assert_cmpstr (text, ==, "One two three four five six seven");
  }

  /* A model whose window is not known: no warning, it sends. */
  confab_conversation_set_model (confab_window_get_conversation (fixture->window), "llama3.2:latest");
  confab_test_run_until ((ConfabTestConditionFunc) gtk_widget_is_sensitive, send_button);
  g_assert_false (gtk_widget_get_visible (warning));
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window/model-picker", NULL, test_window_model_picker);
  confab_test_window_add ("/window/model-picker-no-list", NULL, test_window_model_picker_no_list);
  confab_test_window_add ("/window/estimate", NULL, test_window_estimate);
  confab_test_window_add ("/window/estimate-tier", NULL, test_window_estimate_tier);
  confab_test_window_add ("/window/estimate-context", NULL, test_window_estimate_context);

  return confab_test_window_run ();
}
