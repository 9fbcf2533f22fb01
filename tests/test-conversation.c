/* test-conversation.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "confab-conversation.h"
#include "confab-error.h"
#include "confab-request.h"

static ConfabMessage *
answer_new (gint64             prompt,
            gint64             completion,
            ConfabMessageState state)
{
  ConfabMessage *message = confab_message_new (CONFAB_ROLE_ASSISTANT, "answer");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, prompt + completion);
  confab_message_set_usage (message, usage);
  confab_message_set_state (message, state);

  return message;
}

static void
append_user (ConfabConversation *conversation,
             const char         *content)
{
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_USER, content);

  confab_conversation_append (conversation, message);
}

static gint64
total_field (ConfabConversation *conversation,
             ConfabUsageField    field)
{
  return confab_usage_get_field (confab_conversation_get_usage (conversation), field);
}

static void
test_empty (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (conversation)) == CONFAB_TYPE_MESSAGE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 0);
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 0);
  g_assert_true (confab_usage_is_empty (confab_conversation_get_usage (conversation)));
}

static void
test_usage_total (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabMessage) first = answer_new (13, 1891, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabMessage) failed = answer_new (100, 100, CONFAB_MESSAGE_STATE_FAILED);
  g_autoptr(ConfabMessage) pending = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  append_user (conversation, "Hello");
  confab_conversation_append (conversation, first);
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 1);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);

  /* Failed answers were not paid for, as far as we know. */
  append_user (conversation, "Again");
  confab_conversation_append (conversation, failed);
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 1);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);

  /* A pending answer counts once it completes. */
  confab_message_set_state (pending, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, pending);
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 1);

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 20);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 400);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 380);
  confab_message_set_usage (pending, usage);
  confab_message_set_state (pending, CONFAB_MESSAGE_STATE_COMPLETE);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 5);
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 2);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_PROMPT), ==, 33);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_COMPLETION), ==, 2291);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_REASONING), ==, 380);
  /* The second answer reported no total: the sum keeps the first one's. */
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_USAGE_MISSING);
}

static void
test_dup_history (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabMessage) answer = answer_new (1, 2, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabMessage) pending = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListModel) before_pending = NULL;
  g_autoptr(GListModel) everything = NULL;
  g_autoptr(ConfabMessage) last = NULL;

  append_user (conversation, "one");
  confab_conversation_append (conversation, answer);
  append_user (conversation, "two");
  confab_message_set_state (pending, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, pending);

  before_pending = confab_conversation_dup_history (conversation, pending);
  g_assert_cmpuint (g_list_model_get_n_items (before_pending), ==, 3);
  last = g_list_model_get_item (before_pending, 2);
  g_assert_cmpstr (confab_message_get_content (last), ==, "two");

  everything = confab_conversation_dup_history (conversation, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (everything), ==, 4);
}

static ConfabMessage *
append_answer (ConfabConversation *conversation,
               ConfabMessageState  state,
               const char         *content)
{
  ConfabMessage *message = confab_message_new (CONFAB_ROLE_ASSISTANT, content);

  if (state == CONFAB_MESSAGE_STATE_FAILED)
    {
      g_autoptr(GError) error = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER, "Bad gateway");

      confab_message_fail (message, error);
    }
  else
    {
      confab_message_set_state (message, state);
    }

  confab_conversation_append (conversation, message);

  return message;
}

/* The roles and contents of the messages the request for @before sends,
 * one string each, as "role: content".
 */
static GStrv
request_for (ConfabConversation *conversation,
             ConfabMessage      *before,
             const char         *system_prompt)
{
  g_autoptr(GListModel) history = confab_conversation_dup_history (conversation, before);
  g_autoptr(JsonNode) body = confab_request_build_body ("m", system_prompt, history);
  g_autoptr(GStrvBuilder) turns = g_strv_builder_new ();
  JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      g_autofree char *turn = g_strdup_printf ("%s: %s",
                                               json_object_get_string_member (message, "role"),
                                               json_object_get_string_member (message, "content"));

      g_strv_builder_add (turns, turn);
    }

  return g_strv_builder_end (turns);
}

/* What a request sends of a conversation where answers failed or were
 * stopped: the prompt of a failed answer only when that answer is
 * retried, a stopped answer as the text it has, never two prompts in a
 * row.
 */
static void
test_history_request (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabMessage) first = NULL;
  g_autoptr(ConfabMessage) failed = NULL;
  g_autoptr(ConfabMessage) stopped = NULL;
  g_autoptr(ConfabMessage) stopped_empty = NULL;
  g_autoptr(ConfabMessage) last_failed = NULL;
  g_autoptr(ConfabMessage) pending = NULL;
  g_auto(GStrv) retry_middle = NULL;
  g_auto(GStrv) retry_last = NULL;
  g_auto(GStrv) regenerate = NULL;
  g_auto(GStrv) follow_up = NULL;
  const char * const expected_retry_middle[] = {
    "system: Be brief.",
    "user: one",
    "assistant: 1",
    "user: two",
    NULL
  };
  const char * const expected_retry_last[] = {
    "system: Be brief.",
    "user: one",
    "assistant: 1",
    "user: three",
    "assistant: Thr",
    "user: five",
    NULL
  };
  const char * const expected_regenerate[] = {
    "user: one",
    NULL
  };
  const char * const expected_follow_up[] = {
    "user: one",
    "assistant: 1",
    "user: three",
    "assistant: Thr",
    "user: six",
    NULL
  };

  append_user (conversation, "one");
  first = append_answer (conversation, CONFAB_MESSAGE_STATE_COMPLETE, "1");
  append_user (conversation, "two");
  failed = append_answer (conversation, CONFAB_MESSAGE_STATE_FAILED, NULL);
  append_user (conversation, "three");
  stopped = append_answer (conversation, CONFAB_MESSAGE_STATE_CANCELLED, "Thr");
  append_user (conversation, "four");
  stopped_empty = append_answer (conversation, CONFAB_MESSAGE_STATE_CANCELLED, NULL);
  append_user (conversation, "five");
  last_failed = append_answer (conversation, CONFAB_MESSAGE_STATE_FAILED, "Fi");

  /* Retry of the failed answer in the middle: its own prompt is asked. */
  retry_middle = request_for (conversation, failed, "Be brief.");
  g_assert_cmpstrv (retry_middle, expected_retry_middle);

  /* Retry of the last one: the failed and the empty exchanges before it
   * are left out.
   */
  retry_last = request_for (conversation, last_failed, "Be brief.");
  g_assert_cmpstrv (retry_last, expected_retry_last);

  /* Regenerating the first answer. */
  regenerate = request_for (conversation, first, NULL);
  g_assert_cmpstrv (regenerate, expected_regenerate);

  /* A new prompt after them all, its answer pending. */
  append_user (conversation, "six");
  pending = append_answer (conversation, CONFAB_MESSAGE_STATE_PENDING, NULL);
  follow_up = request_for (conversation, pending, NULL);
  g_assert_cmpstrv (follow_up, expected_follow_up);

  /* The whole conversation, pending answer included, asks the same. */
  g_clear_pointer (&follow_up, g_strfreev);
  follow_up = request_for (conversation, NULL, NULL);
  g_assert_cmpstrv (follow_up, expected_follow_up);
}

static void
count_changes_cb (ConfabConversation *conversation,
                  ConfabMessage      *message,
                  GParamSpec         *pspec,
                  guint              *count)
{
  g_assert_true (CONFAB_IS_MESSAGE (message));
  (*count)++;
}

/* One signal follows every message, loaded or appended, and stops for
 * the ones taken out, which no longer count in the total either.
 */
static void
test_message_changed (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GListStore) loaded = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) first = answer_new (10, 20, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabMessage) second = answer_new (1, 2, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  guint any = 0, content = 0;

  g_list_store_append (loaded, first);
  confab_conversation_append_all (conversation, G_LIST_MODEL (loaded));
  confab_conversation_append (conversation, second);
  g_signal_connect (conversation, "message-changed", G_CALLBACK (count_changes_cb), &any);
  g_signal_connect (conversation, "message-changed::content", G_CALLBACK (count_changes_cb), &content);

  confab_message_set_content (first, "changed");
  confab_message_set_model (second, "a-model");
  g_assert_cmpuint (any, ==, 2);
  g_assert_cmpuint (content, ==, 1);

  /* A usage that changes is counted again. */
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 1000);
  confab_message_set_usage (second, usage);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 1030);

  /* Taken out: neither signalled nor counted. */
  confab_conversation_truncate (conversation, 1);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 30);
  any = 0;
  confab_message_set_content (second, "gone");
  confab_message_set_state (second, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_cmpuint (any, ==, 0);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 30);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/conversation/empty", test_empty);
  g_test_add_func ("/conversation/usage-total", test_usage_total);
  g_test_add_func ("/conversation/dup-history", test_dup_history);
  g_test_add_func ("/conversation/history-request", test_history_request);
  g_test_add_func ("/conversation/message-changed", test_message_changed);

  return g_test_run ();
}
