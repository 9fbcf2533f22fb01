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

/* One signal follows every message, loaded or appended, shown or kept
 * as another version, and stops with the conversation.
 */
static void
test_message_changed (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GListStore) loaded = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) first = answer_new (10, 20, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabMessage) second = answer_new (1, 2, CONFAB_MESSAGE_STATE_COMPLETE);
  g_autoptr(ConfabMessage) third = NULL;
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

  /* A version of it beside it: still followed, and counted, though not
   * shown.
   */
  third = answer_new (100, 200, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_conversation_add_version (conversation, second, third);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (conversation)), ==, 2);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 1330);
  any = 0;
  confab_message_set_content (second, "hidden");
  g_assert_cmpuint (any, ==, 1);

  /* Gone with the conversation: no longer followed. */
  g_clear_object (&conversation);
  confab_message_set_content (second, "gone");
  confab_message_set_state (second, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_cmpuint (any, ==, 1);
}

/* The messages shown, as their contents joined by spaces. */
static char *
shown (ConfabConversation *conversation)
{
  GString *text = g_string_new (NULL);
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (conversation));

  for (guint i = 0; i < n_items; i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (conversation), i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "", confab_message_get_content (message));
    }

  return g_string_free (text, FALSE);
}

static ConfabMessage *
message_new (ConfabRole  role,
             const char *content)
{
  ConfabMessage *message = confab_message_new (role, content);

  if (role == CONFAB_ROLE_ASSISTANT)
    {
      g_autoptr(ConfabUsage) usage = confab_usage_new ();

      confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 10);
      confab_message_set_usage (message, usage);
    }

  return message;
}

static void
items_changed_cb (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *changes)
{
  changes[0] = position;
  changes[1] = removed;
  changes[2] = added;
}

/* Regenerating an answer or editing a prompt adds a version beside it,
 * shown in its place with nothing after it; the other version keeps
 * what followed it, shown again when it is.  Only the branch shown is
 * the history of a request; every answer counts in the total.
 */
static void
test_versions (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabMessage) p1 = message_new (CONFAB_ROLE_USER, "p1");
  g_autoptr(ConfabMessage) a1 = message_new (CONFAB_ROLE_ASSISTANT, "a1");
  g_autoptr(ConfabMessage) p2 = message_new (CONFAB_ROLE_USER, "p2");
  g_autoptr(ConfabMessage) a2 = message_new (CONFAB_ROLE_ASSISTANT, "a2");
  g_autoptr(ConfabMessage) a1b = message_new (CONFAB_ROLE_ASSISTANT, "a1b");
  g_autoptr(ConfabMessage) p1b = message_new (CONFAB_ROLE_USER, "p1b");
  g_autoptr(ConfabMessage) a1c = message_new (CONFAB_ROLE_ASSISTANT, "a1c");
  g_autoptr(GListModel) history = NULL;
  g_autofree char *text = NULL;
  guint changes[3] = { 0, };

  confab_conversation_append (conversation, p1);
  confab_conversation_append (conversation, a1);
  confab_conversation_append (conversation, p2);
  confab_conversation_append (conversation, a2);
  g_assert_cmpuint (confab_message_get_n_versions (a1), ==, 1);
  g_signal_connect (conversation, "items-changed", G_CALLBACK (items_changed_cb), changes);

  /* Regenerated: a1b in a1's place, a1 and what followed it kept. */
  confab_conversation_add_version (conversation, a1, a1b);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1b");
  g_assert_cmpuint (changes[0], ==, 1);
  g_assert_cmpuint (changes[1], ==, 3);
  g_assert_cmpuint (changes[2], ==, 1);
  g_assert_cmpuint (confab_message_get_version (a1), ==, 1);
  g_assert_cmpuint (confab_message_get_n_versions (a1), ==, 2);
  g_assert_cmpuint (confab_message_get_version (a1b), ==, 2);
  g_assert_cmpuint (confab_message_get_n_versions (a1b), ==, 2);
  g_assert_true (confab_conversation_get_parent (conversation, a1b) == p1);
  g_assert_null (confab_conversation_get_parent (conversation, p1));
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 3);
  g_assert_cmpint (total_field (conversation, CONFAB_USAGE_FIELD_TOTAL), ==, 30);

  /* Back to the first version: the branch as it was. */
  confab_conversation_show_version (conversation, a1b, 1);
  g_clear_pointer (&text, g_free);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1 p2 a2");
  g_assert_cmpuint (changes[0], ==, 1);
  g_assert_cmpuint (changes[1], ==, 1);
  g_assert_cmpuint (changes[2], ==, 3);
  history = confab_conversation_dup_history (conversation, a2);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 3);

  /* The first prompt edited: a version of it, and its own answers. */
  confab_conversation_add_version (conversation, p1, p1b);
  confab_conversation_append (conversation, a1c);
  g_clear_pointer (&text, g_free);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1b a1c");
  g_assert_cmpuint (confab_message_get_n_versions (p1b), ==, 2);
  g_assert_cmpuint (confab_message_get_n_versions (a1c), ==, 1);
  g_assert_null (confab_conversation_get_parent (conversation, p1b));
  g_clear_object (&history);
  history = confab_conversation_dup_history (conversation, a1c);
  g_assert_cmpuint (g_list_model_get_n_items (history), ==, 1);

  /* p1 again, as it was left: its first answer and what followed. */
  confab_conversation_show_version (conversation, p1b, 1);
  g_clear_pointer (&text, g_free);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1 p2 a2");
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 4);
}

static void
count_chosen_cb (ConfabConversation *conversation,
                 ConfabMessage      *message,
                 guint              *count)
{
  (*count)++;
}

/* Loaded with the parent ids and choices of the store: the versions
 * are where they were, and the branch chosen is shown.
 */
static void
test_versions_loaded (void)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GListStore) loaded = g_list_store_new (CONFAB_TYPE_MESSAGE);
  struct {
    ConfabRole  role;
    const char *content;
    gint64      parent_id;
    gboolean    chosen;
  } rows[] = {
    { CONFAB_ROLE_USER, "p1", 0, TRUE },
    { CONFAB_ROLE_ASSISTANT, "a1", 1, FALSE },
    { CONFAB_ROLE_USER, "p2", 2, TRUE },
    { CONFAB_ROLE_ASSISTANT, "a2", 3, TRUE },
    { CONFAB_ROLE_ASSISTANT, "a1b", 1, TRUE },
    { CONFAB_ROLE_ASSISTANT, "a1c", 1, FALSE },
    { CONFAB_ROLE_USER, "p3", 5, TRUE },
  };
  g_autoptr(ConfabMessage) a1 = NULL;
  g_autofree char *text = NULL;
  guint n_chosen = 0;

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autoptr(ConfabMessage) message = message_new (rows[i].role, rows[i].content);

      confab_message_set_id (message, i + 1);
      confab_message_set_parent_id (message, rows[i].parent_id);
      confab_message_set_chosen (message, rows[i].chosen);
      g_list_store_append (loaded, message);
    }

  confab_conversation_append_all (conversation, G_LIST_MODEL (loaded));
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1b p3");
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 4);

  a1 = g_list_model_get_item (G_LIST_MODEL (conversation), 1);
  g_assert_cmpuint (confab_message_get_version (a1), ==, 2);
  g_assert_cmpuint (confab_message_get_n_versions (a1), ==, 3);
  confab_conversation_show_version (conversation, a1, 1);
  g_clear_pointer (&text, g_free);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1 p2 a2");

  /* A search hit in another branch shows that branch. */
  g_signal_connect (conversation, "version-chosen", G_CALLBACK (count_chosen_cb), &n_chosen);
  g_assert_true (confab_conversation_show_stored (conversation, 7));
  g_clear_pointer (&text, g_free);
  text = shown (conversation);
  g_assert_cmpstr (text, ==, "p1 a1b p3");
  g_assert_cmpuint (n_chosen, ==, 1);
  g_assert_true (confab_conversation_show_stored (conversation, 7));
  g_assert_cmpuint (n_chosen, ==, 1);
  g_assert_false (confab_conversation_show_stored (conversation, 99));
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
  g_test_add_func ("/conversation/versions", test_versions);
  g_test_add_func ("/conversation/versions-loaded", test_versions_loaded);

  return g_test_run ();
}
