/* test-conversation.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "confab-conversation.h"

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
  g_test_add_func ("/conversation/message-changed", test_message_changed);

  return g_test_run ();
}
