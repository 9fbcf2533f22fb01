/* test-export.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-conversation.h"
#include "confab-export.h"
#include "confab-message.h"

static GListModel *
make_conversation (void)
{
  GListStore *store = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "부산 여행 계획을 세워 줘");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "Day 1: Haeundae.\n**Day 2**: Gamcheon.");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  confab_message_set_model (answer, "gemini-3.1-pro-preview");
  confab_message_set_reasoning (answer, "Two days.\nKeep it short.");
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 13);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, 0);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 420);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 400);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 433);
  confab_message_set_usage (answer, usage);

  g_list_store_append (store, prompt);
  g_list_store_append (store, answer);

  return G_LIST_MODEL (store);
}

static void
test_export_markdown (void)
{
  g_autoptr(GListModel) messages = make_conversation ();
  g_autofree char *text = confab_export_to_markdown ("Busan", messages);

  g_assert_true (g_str_has_prefix (text, "# Busan\n"));
  g_assert_nonnull (strstr (text, "## You\n\n"));
  g_assert_nonnull (strstr (text, "부산 여행 계획을 세워 줘\n"));
  g_assert_nonnull (strstr (text, "## gemini-3.1-pro-preview\n\n"));
  g_assert_nonnull (strstr (text, "> Two days.\n> Keep it short.\n"));
  g_assert_nonnull (strstr (text, "Day 1: Haeundae.\n**Day 2**: Gamcheon.\n"));

  /* Every usage field, and which were not reported. */
  g_assert_nonnull (strstr (text, "| Input (prompt) | 13 |\n"));
  g_assert_nonnull (strstr (text, "| Cached input | 0 |\n"));
  g_assert_nonnull (strstr (text, "| Reasoning | 400 |\n"));
  g_assert_nonnull (strstr (text, "| Total | 433 |\n"));
  g_assert_nonnull (strstr (text, "| Audio input | not reported |\n"));
}

static void
test_export_json (void)
{
  g_autoptr(GListModel) messages = make_conversation ();
  g_autofree char *text = confab_export_to_json ("Busan", messages);
  g_autoptr(JsonNode) root = json_from_string (text, NULL);
  JsonObject *object;
  JsonArray *array;
  JsonObject *answer;
  JsonObject *usage;

  g_assert_nonnull (root);
  object = json_node_get_object (root);
  g_assert_cmpstr (json_object_get_string_member (object, "title"), ==, "Busan");

  array = json_object_get_array_member (object, "messages");
  g_assert_cmpuint (json_array_get_length (array), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (array, 0), "content"), ==,
                   "부산 여행 계획을 세워 줘");
  g_assert_true (json_object_get_null_member (json_array_get_object_element (array, 0), "usage"));

  answer = json_array_get_object_element (array, 1);
  g_assert_cmpstr (json_object_get_string_member (answer, "role"), ==, "assistant");
  g_assert_cmpstr (json_object_get_string_member (answer, "reasoning"), ==, "Two days.\nKeep it short.");
  g_assert_cmpstr (json_object_get_string_member (answer, "state"), ==, "complete");

  usage = json_object_get_object_member (answer, "usage");
  g_assert_cmpuint (json_object_get_size (usage), ==, CONFAB_USAGE_N_FIELDS);
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens"), ==, 13);
  g_assert_cmpint (json_object_get_int_member (usage, "prompt_tokens_details.cached_tokens"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (usage, "completion_tokens_details.reasoning_tokens"), ==, 400);
  g_assert_cmpint (json_object_get_int_member (usage, "total_tokens"), ==, 433);
  g_assert_true (json_object_get_null_member (usage, "prompt_tokens_details.audio_tokens"));
}

/* What is exported is the branch shown, and says so; the version left
 * out is not in the file.
 */
static void
test_export_versions (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Name a colour");
  g_autoptr(ConfabMessage) first = confab_message_new (CONFAB_ROLE_ASSISTANT, "Ultramarine");
  g_autoptr(ConfabMessage) second = confab_message_new (CONFAB_ROLE_ASSISTANT, "Vermilion");
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *plain = NULL;
  g_autofree char *text = NULL;
  g_autofree char *json = NULL;
  JsonArray *messages;
  JsonObject *answer;

  confab_conversation_append (conversation, prompt);
  confab_conversation_append (conversation, first);
  plain = confab_export_to_markdown ("Colours", G_LIST_MODEL (conversation));
  g_assert_null (strstr (plain, "branch"));
  g_assert_null (strstr (plain, "Version"));

  confab_conversation_add_version (conversation, first, second);
  text = confab_export_to_markdown ("Colours", G_LIST_MODEL (conversation));
  g_assert_nonnull (strstr (text, "\n_This is the branch of the chat shown in Confab: the other versions of its regenerated answers and edited prompts are not in this file._\n"));
  g_assert_nonnull (strstr (text, "_Version 2 of 2_\n\nVermilion\n"));
  g_assert_null (strstr (text, "Ultramarine"));

  json = confab_export_to_json ("Colours", G_LIST_MODEL (conversation));
  g_assert_true (json_parser_load_from_data (parser, json, -1, NULL));
  messages = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 2);
  answer = json_array_get_object_element (messages, 1);
  g_assert_cmpstr (json_object_get_string_member (answer, "content"), ==, "Vermilion");
  g_assert_cmpint (json_object_get_int_member (answer, "version"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (answer, "n_versions"), ==, 2);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (messages, 0), "n_versions"), ==, 1);
}

/* The parameters the person set for the chat, or as defaults, head
 * both exports; when none is set, they say so.
 */
static void
test_export_parameters_markdown (void)
{
  g_autoptr(GListModel) messages = make_conversation ();
  ConfabExportParameters parameters = { 0.7, 4096, "high" };
  ConfabExportParameters some = CONFAB_EXPORT_PARAMETERS_INIT;
  ConfabExportParameters none = CONFAB_EXPORT_PARAMETERS_INIT;
  g_autofree char *text = NULL;
  g_autofree char *text_some = NULL;
  g_autofree char *text_none = NULL;
  g_autofree char *text_plain = NULL;

  text = confab_export_to_markdown_full ("Busan", messages, &parameters);
  g_assert_true (g_str_has_prefix (text, "# Busan\n\n"
                                         "| Parameter | Value |\n| --- | ---: |\n"
                                         "| Temperature | 0.7 |\n"
                                         "| Max output tokens | 4096 |\n"
                                         "| Reasoning effort | High |\n"
                                         "\n## You\n\n"));

  /* Only those set; a temperature of 0 is set. */
  some.temperature = 0;
  some.reasoning_effort = "low";
  text_some = confab_export_to_markdown_full ("Busan", messages, &some);
  g_assert_true (g_str_has_prefix (text_some, "# Busan\n\n"
                                              "| Parameter | Value |\n| --- | ---: |\n"
                                              "| Temperature | 0 |\n"
                                              "| Reasoning effort | Low |\n"
                                              "\n## You\n\n"));

  text_none = confab_export_to_markdown_full ("Busan", messages, &none);
  g_assert_true (g_str_has_prefix (text_none, "# Busan\n\n_No parameters set: the server’s defaults apply._\n\n## You\n\n"));
  g_assert_null (strstr (text_none, "| Parameter |"));
  text_plain = confab_export_to_markdown ("Busan", messages);
  g_assert_cmpstr (text_plain, ==, text_none);
}

static void
test_export_parameters_json (void)
{
  g_autoptr(GListModel) messages = make_conversation ();
  ConfabExportParameters parameters = { 1.25, 8192, "medium" };
  ConfabExportParameters tokens_only = CONFAB_EXPORT_PARAMETERS_INIT;
  g_autofree char *text = NULL;
  g_autofree char *text_tokens = NULL;
  g_autofree char *text_none = NULL;
  JsonObject *object;

  text = confab_export_to_json_full ("Busan", messages, &parameters);
  {
    g_autoptr(JsonNode) root = json_from_string (text, NULL);

    g_assert_nonnull (root);
    object = json_object_get_object_member (json_node_get_object (root), "parameters");
    g_assert_cmpuint (json_object_get_size (object), ==, 3);
    g_assert_cmpfloat (json_object_get_double_member (object, "temperature"), ==, 1.25);
    g_assert_cmpint (json_object_get_int_member (object, "max_completion_tokens"), ==, 8192);
    g_assert_cmpstr (json_object_get_string_member (object, "reasoning_effort"), ==, "medium");
    /* The messages are all there still. */
    g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (root), "messages")), ==, 2);
  }

  tokens_only.max_output_tokens = 512;
  text_tokens = confab_export_to_json_full ("Busan", messages, &tokens_only);
  {
    g_autoptr(JsonNode) root = json_from_string (text_tokens, NULL);

    object = json_object_get_object_member (json_node_get_object (root), "parameters");
    g_assert_cmpuint (json_object_get_size (object), ==, 1);
    g_assert_cmpint (json_object_get_int_member (object, "max_completion_tokens"), ==, 512);
  }

  /* None set is an empty object, not a missing member. */
  text_none = confab_export_to_json ("Busan", messages);
  {
    g_autoptr(JsonNode) root = json_from_string (text_none, NULL);

    g_assert_true (json_object_has_member (json_node_get_object (root), "parameters"));
    object = json_object_get_object_member (json_node_get_object (root), "parameters");
    g_assert_nonnull (object);
    g_assert_cmpuint (json_object_get_size (object), ==, 0);
  }
}

int
main (int   argc,
      char *argv[])
{
  /* The tests read the English text. */
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/markdown", test_export_markdown);
  g_test_add_func ("/export/json", test_export_json);
  g_test_add_func ("/export/versions", test_export_versions);
  g_test_add_func ("/export/parameters-markdown", test_export_parameters_markdown);
  g_test_add_func ("/export/parameters-json", test_export_parameters_json);

  return g_test_run ();
}
