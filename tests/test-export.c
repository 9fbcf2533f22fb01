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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/export/markdown", test_export_markdown);
  g_test_add_func ("/export/json", test_export_json);
  g_test_add_func ("/export/versions", test_export_versions);

  return g_test_run ();
}
