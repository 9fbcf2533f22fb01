/* test-chat-settings.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The chat settings popover of the real window, against the scripted
 * server and the app's history: a chat's temperature, max output tokens
 * and reasoning effort follow Preferences until they are changed for
 * the chat, go on the wire as set, and are there again when the chat
 * is opened in a new window.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-chat-settings.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

typedef ConfabTestWindow Fixture;

/* The popover's controls. */
typedef struct
{
  GtkWidget *popover;
  GtkWidget *temperature_row;
  GtkWidget *temperature_switch;
  GtkWidget *temperature_spin;
  GtkWidget *max_tokens_switch;
  GtkWidget *max_tokens_spin;
  GtkWidget *effort_row;
  GtkWidget *reset_button;
} Popover;

static const char * const parameter_keys[] = {
  "send-temperature", "temperature", "send-max-output-tokens", "max-output-tokens", "reasoning-effort",
};

/* Every test starts with the parameters of Preferences unset. */
static void
prepare (Fixture       *fixture,
         gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);

  for (guint i = 0; i < G_N_ELEMENTS (parameter_keys); i++)
    g_settings_reset (settings, parameter_keys[i]);
}

/* Opens the popover as its button does, which loads what it shows. */
static void
open_popover (Fixture *fixture,
              Popover *popover)
{
  GtkWidget *button = confab_test_get_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "chat-settings-button");

  popover->popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  g_assert_true (CONFAB_IS_CHAT_SETTINGS (popover->popover));
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  confab_test_run_until (confab_test_widget_is_mapped, popover->popover);

  popover->temperature_switch = confab_test_get_widget (popover->popover, GTK_TYPE_SWITCH, "chat-temperature-switch");
  popover->temperature_spin = confab_test_get_widget (popover->popover, GTK_TYPE_SPIN_BUTTON, "chat-temperature-spin");
  popover->temperature_row = gtk_widget_get_ancestor (popover->temperature_switch, ADW_TYPE_ACTION_ROW);
  popover->max_tokens_switch = confab_test_get_widget (popover->popover, GTK_TYPE_SWITCH, "chat-max-tokens-switch");
  popover->max_tokens_spin = confab_test_get_widget (popover->popover, GTK_TYPE_SPIN_BUTTON, "chat-max-tokens-spin");
  popover->effort_row = confab_test_get_widget (popover->popover, ADW_TYPE_COMBO_ROW, "chat-effort-row");
  popover->reset_button = confab_test_get_widget (popover->popover, GTK_TYPE_BUTTON, "chat-settings-reset");
}

static void
close_popover (Popover *popover)
{
  gtk_popover_popdown (GTK_POPOVER (popover->popover));
}

/* Sends @text as a person does, and returns the body of its request. */
static JsonObject *
send_prompt (Fixture     *fixture,
             const char  *text,
             JsonNode   **node)
{
  guint n_requests = confab_test_server_get_n_requests (fixture->server);

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, text);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, n_requests + 1);
  *node = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, n_requests));
  g_assert_nonnull (*node);

  return json_node_get_object (*node);
}

/* Preferences first; the popover changes a chat's own; the request has
 * what is set; a new window has the chat's own again; "Use Preferences"
 * gives them back.
 */
static void
test_chat_settings_parameters (Fixture       *fixture,
                               gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  ConfabConversation *conversation;
  g_autoptr(JsonNode) node = NULL;
  ConfabConversationInfo *info;
  JsonObject *body;
  Popover popover;
  gint64 id;

  /* Preferences send nothing: the popover says so. */
  open_popover (fixture, &popover);
  conversation = confab_window_get_conversation (fixture->window);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (popover.temperature_switch)));
  g_assert_false (gtk_widget_get_visible (popover.temperature_spin));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (popover.temperature_row)), ==, "Server default");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (popover.max_tokens_switch)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (popover.effort_row)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (popover.reset_button));
  close_popover (&popover);

  /* Preferences send a temperature: the chat shows it, and follows. */
  g_settings_set_boolean (confab_application_get_settings (fixture->app), "send-temperature", TRUE);
  g_settings_set_double (confab_application_get_settings (fixture->app), "temperature", 0.4);
  open_popover (fixture, &popover);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (popover.temperature_switch)));
  g_assert_true (gtk_widget_get_visible (popover.temperature_spin));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (popover.temperature_spin)), 0.4, 1e-9);
  g_assert_cmpfloat (confab_conversation_get_temperature (conversation), ==, CONFAB_CONVERSATION_FOLLOW);
  g_assert_false (gtk_widget_get_sensitive (popover.reset_button));

  /* Changed for this chat: its own, and said so. */
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (popover.temperature_spin), 0.9);
  g_assert_cmpfloat (confab_conversation_get_temperature (conversation), ==, 0.9);
  g_assert_true (gtk_widget_get_sensitive (popover.reset_button));
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (popover.max_tokens_spin), 2048);
  g_assert_cmpint (confab_conversation_get_max_output_tokens (conversation), ==, CONFAB_CONVERSATION_FOLLOW);
  gtk_switch_set_active (GTK_SWITCH (popover.max_tokens_switch), TRUE);
  g_assert_cmpint (confab_conversation_get_max_output_tokens (conversation), ==, 2048);
  adw_combo_row_set_selected (ADW_COMBO_ROW (popover.effort_row), 3);
  g_assert_cmpstr (confab_conversation_get_reasoning_effort (conversation), ==, "high");
  close_popover (&popover);

  body = send_prompt (fixture, "Tell me a story", &node);
  g_assert_true (json_object_get_double_member (body, "temperature") == 0.9);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 2048);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "high");

  /* Kept with the chat. */
  id = confab_exchanges_get_conversation_id (confab_application_get_exchanges (fixture->app), conversation);
  info = confab_store_lookup_conversation (store, id);
  g_assert_nonnull (info);
  g_assert_cmpfloat (confab_conversation_info_get_temperature (info), ==, 0.9);
  g_assert_cmpint (confab_conversation_info_get_max_output_tokens (info), ==, 2048);
  g_assert_cmpstr (confab_conversation_info_get_reasoning_effort (info), ==, "high");

  /* A new window opens the chat, from the store, with its own. */
  g_assert_true (confab_store_set_last_conversation (store, id, NULL));
  confab_exchanges_stop_all (confab_application_get_exchanges (fixture->app));
  confab_test_window_reopen (fixture);
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  conversation = confab_window_get_conversation (fixture->window);
  g_assert_cmpfloat (confab_conversation_get_temperature (conversation), ==, 0.9);
  g_assert_cmpint (confab_conversation_get_max_output_tokens (conversation), ==, 2048);
  g_assert_cmpstr (confab_conversation_get_reasoning_effort (conversation), ==, "high");

  open_popover (fixture, &popover);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (popover.temperature_switch)));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (popover.temperature_spin)), 0.9, 1e-9);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (popover.max_tokens_switch)));
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (popover.max_tokens_spin)), ==, 2048);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (popover.effort_row)), ==, 3);
  g_assert_true (gtk_widget_get_sensitive (popover.reset_button));

  /* Switched off in this chat: not sent, though Preferences send one. */
  gtk_switch_set_active (GTK_SWITCH (popover.temperature_switch), FALSE);
  g_assert_cmpfloat (confab_conversation_get_temperature (conversation), ==, CONFAB_CONVERSATION_NOT_SENT);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (popover.temperature_row)), ==, "Server default");
  close_popover (&popover);
  g_clear_pointer (&node, json_node_unref);
  body = send_prompt (fixture, "Another one", &node);
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 2048);

  /* Use Preferences: all of them back, on the wire too. */
  open_popover (fixture, &popover);
  g_signal_emit_by_name (popover.reset_button, "clicked");
  g_assert_true (confab_conversation_get_follows_preferences (conversation));
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (popover.temperature_switch)));
  g_assert_cmpfloat_with_epsilon (gtk_spin_button_get_value (GTK_SPIN_BUTTON (popover.temperature_spin)), 0.4, 1e-9);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (popover.max_tokens_switch)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (popover.effort_row)), ==, 0);
  g_assert_false (gtk_widget_get_sensitive (popover.reset_button));
  close_popover (&popover);
  g_assert_cmpfloat (confab_conversation_info_get_temperature (confab_store_lookup_conversation (store, id)), ==,
                     CONFAB_CONVERSATION_FOLLOW);

  g_clear_pointer (&node, json_node_unref);
  body = send_prompt (fixture, "And the last", &node);
  g_assert_true (json_object_get_double_member (body, "temperature") == 0.4);
  g_assert_false (json_object_has_member (body, "max_completion_tokens"));
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
}

static gboolean
file_is_written (gpointer data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (data, &text, NULL, NULL) && strstr (text, "1904") != NULL;
}

/* Exports @format ("md" or "json") of the chat shown into a new folder
 * in @parent, and returns what was written.
 */
static char *
export_chat (Fixture    *fixture,
             const char *format,
             const char *parent)
{
  static guint n_exports;
  g_autofree char *folder = g_strdup_printf ("%s/%u", parent, n_exports++);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  char *text = NULL;

  /* A folder of its own: no file of an earlier export is taken for it. */
  g_assert_cmpint (g_mkdir (folder, 0700), ==, 0);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", "s", format);
  name = confab_test_answer_save_dialog (GTK_WINDOW (fixture->window), "Export Chat", folder);
  g_assert_nonnull (name);
  path = g_build_filename (folder, name, NULL);
  confab_test_run_until (file_is_written, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));

  return text;
}

/* An export says what the chat's requests carry: its own parameters and
 * those Preferences send, or that none is set.
 */
static void
test_chat_settings_export (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autofree char *folder = g_dir_make_tmp ("confab-test-chat-export-XXXXXX", NULL);
  g_autofree char *markdown = NULL;
  g_autofree char *json = NULL;
  g_autofree char *none = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) root = NULL;
  ConfabConversation *conversation;
  JsonObject *parameters;

  /* Nothing set: the server's defaults. */
  send_prompt (fixture, "Export my settings", &node);
  none = export_chat (fixture, "md", folder);
  g_assert_true (g_str_has_prefix (none, "# Export my settings\n\n_No parameters set: the server’s defaults apply._\n"));

  /* A temperature from Preferences, the chat's own output limit. */
  g_settings_set_boolean (confab_application_get_settings (fixture->app), "send-temperature", TRUE);
  g_settings_set_double (confab_application_get_settings (fixture->app), "temperature", 0.4);
  conversation = confab_window_get_conversation (fixture->window);
  confab_conversation_set_max_output_tokens (conversation, 2048);

  markdown = export_chat (fixture, "md", folder);
  g_assert_true (g_str_has_prefix (markdown, "# Export my settings\n\n"
                                             "| Parameter | Value |\n| --- | ---: |\n"
                                             "| Temperature | 0.4 |\n"
                                             "| Max output tokens | 2048 |\n\n## You\n"));

  json = export_chat (fixture, "json", folder);
  root = json_from_string (json, NULL);
  g_assert_nonnull (root);
  parameters = json_object_get_object_member (json_node_get_object (root), "parameters");
  g_assert_cmpuint (json_object_get_size (parameters), ==, 2);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (parameters, "temperature"), 0.4, 1e-9);
  g_assert_cmpint (json_object_get_int_member (parameters, "max_completion_tokens"), ==, 2048);

  confab_test_remove_tree (folder);
}

int
main (int   argc,
      char *argv[])
{
  /* The test reads the English subtitles. */
  g_setenv ("LANGUAGE", "C", TRUE);

  confab_test_window_init (&argc, &argv);
  confab_test_window_set_prepare (prepare);

  confab_test_window_add ("/chat-settings/parameters", NULL, test_chat_settings_parameters);
  confab_test_window_add ("/chat-settings/export", NULL, test_chat_settings_export);

  return confab_test_window_run ();
}
