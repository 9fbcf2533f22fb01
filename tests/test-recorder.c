/* test-recorder.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The recorder against a real SQLite file: what a conversation does is
 * in the database when it should be.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-recorder.h"
#include "confab-test-server.h"

typedef struct
{
  char        *dir;
  ConfabStore *store;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("confab-recorder-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "confab.db", NULL);
  fixture->store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_clear_object (&fixture->store);

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }

  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static ConfabMessage *
load_message (Fixture *fixture,
              gint64   conversation_id,
              guint    position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) messages = confab_store_load_messages (fixture->store, conversation_id, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), >, position);

  return g_list_model_get_item (G_LIST_MODEL (messages), position);
}

typedef struct
{
  Fixture *fixture;
  gint64   conversation_id;
  const char *content;
} SavedWait;

static gboolean
content_is_saved (gpointer data)
{
  SavedWait *wait = data;
  g_autoptr(ConfabMessage) stored = load_message (wait->fixture, wait->conversation_id, 1);

  return g_str_equal (confab_message_get_content (stored), wait->content);
}

static void
test_recorder_exchange (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = confab_recorder_new (fixture->store, conversation, 0);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "요약해 주세요: the plan");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) stored = NULL;
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  GListModel *conversations = confab_store_get_conversations (fixture->store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  gint64 id;
  SavedWait wait;

  /* A new chat is not in the store until something is said in it. */
  g_assert_cmpint (confab_recorder_get_conversation_id (recorder), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 0);

  /* The prompt is written the moment it joins the conversation. */
  confab_conversation_append (conversation, prompt);
  id = confab_recorder_get_conversation_id (recorder);
  g_assert_cmpint (id, >, 0);
  g_assert_cmpint (confab_message_get_id (prompt), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 1);
  info = g_list_model_get_item (conversations, 0);
  g_assert_cmpint (confab_conversation_info_get_id (info), ==, id);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "요약해 주세요: the plan");

  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, answer);
  g_assert_cmpint (confab_message_get_id (answer), >, 0);

  /* Streamed text waits for the next write, which comes on its own. */
  confab_message_append_delta (answer, "Hello", NULL);
  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, "");
  g_clear_object (&stored);

  wait = (SavedWait) { fixture, id, "Hello" };
  confab_test_run_until (content_is_saved, &wait);

  /* The end of the answer is written at once, with its usage. */
  confab_message_append_delta (answer, ", world", NULL);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 433);
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);

  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, "Hello, world");
  g_assert_cmpint (confab_message_get_state (stored), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_nonnull (confab_message_get_usage (stored));
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (stored), CONFAB_USAGE_FIELD_TOTAL), ==, 433);
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (stored), CONFAB_USAGE_FIELD_PROMPT), ==, CONFAB_USAGE_MISSING);
}

static void
test_recorder_flush_on_dispose (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = confab_recorder_new (fixture->store, conversation, 0);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Hi");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) stored = NULL;
  gint64 id;

  confab_conversation_append (conversation, prompt);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, answer);
  confab_message_append_delta (answer, "partial", NULL);
  id = confab_recorder_get_conversation_id (recorder);

  /* Closing the window writes what streamed since the last write. */
  g_clear_object (&recorder);

  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, "partial");
}

static void
test_recorder_loaded (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = NULL;
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "First");
  g_autoptr(ConfabMessage) second = confab_message_new (CONFAB_ROLE_USER, "Second");
  gint64 id;

  id = confab_store_create_conversation (fixture->store, &error);
  g_assert_no_error (error);
  confab_store_append_message (fixture->store, id, prompt, &error);
  g_assert_no_error (error);

  /* Messages loaded from the store are not written again. */
  messages = confab_store_load_messages (fixture->store, id, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (messages)); i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), i);

      confab_conversation_append (conversation, message);
    }

  recorder = confab_recorder_new (fixture->store, conversation, id);
  confab_conversation_append (conversation, second);
  g_clear_object (&messages);

  messages = confab_store_load_messages (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
}

/* The parameters chosen before the first prompt belong to the chat,
 * and every later change is kept; giving them back to Preferences
 * stores NULL again.
 */
static void
test_recorder_parameters (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = confab_recorder_new (fixture->store, conversation, 0);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Be creative");
  ConfabConversationInfo *info;
  gint64 id;

  confab_conversation_set_temperature (conversation, 1.2);
  confab_conversation_set_reasoning_effort (conversation, "low");
  g_assert_cmpint (confab_recorder_get_conversation_id (recorder), ==, 0);

  confab_conversation_append (conversation, prompt);
  id = confab_recorder_get_conversation_id (recorder);
  g_assert_cmpint (id, >, 0);
  info = confab_store_lookup_conversation (fixture->store, id);
  g_assert_cmpfloat (confab_conversation_info_get_temperature (info), ==, 1.2);
  g_assert_cmpint (confab_conversation_info_get_max_output_tokens (info), ==, CONFAB_CONVERSATION_FOLLOW);
  g_assert_cmpstr (confab_conversation_info_get_reasoning_effort (info), ==, "low");

  confab_conversation_set_max_output_tokens (conversation, 1000);
  g_assert_cmpint (confab_conversation_info_get_max_output_tokens (info), ==, 1000);
  confab_conversation_set_temperature (conversation, CONFAB_CONVERSATION_NOT_SENT);
  g_assert_cmpfloat (confab_conversation_info_get_temperature (info), ==, CONFAB_CONVERSATION_NOT_SENT);

  confab_conversation_follow_preferences (conversation);
  g_assert_true (confab_conversation_get_follows_preferences (conversation));
  g_assert_cmpfloat (confab_conversation_info_get_temperature (info), ==, CONFAB_CONVERSATION_FOLLOW);
  g_assert_cmpint (confab_conversation_info_get_max_output_tokens (info), ==, CONFAB_CONVERSATION_FOLLOW);
  g_assert_null (confab_conversation_info_get_reasoning_effort (info));
}

static gboolean
recorder_is_idle (gpointer data)
{
  return !confab_recorder_get_writing (data);
}

/* An answer of megabytes is written, and indexed for the search, on the
 * store's worker: the main thread goes on at once (before, it wrote it
 * there and then).  What follows it is written after it, in order, and
 * closing the store waits for what is still to write.
 */
static void
test_recorder_huge_answer (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = confab_recorder_new (fixture->store, conversation, 0);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Write a lot");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) stored = NULL;
  g_autoptr(GListModel) found = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup (confab_store_get_path (fixture->store));
  gint64 id;

  while (text->len < 2 * CONFAB_RECORDER_WRITE_AWAY_SIZE)
    g_string_append (text, "A long answer, 긴 대답, written line after line.\n");
  g_string_append (text, "The xylophonist ends it.");

  confab_conversation_append (conversation, prompt);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, answer);
  id = confab_recorder_get_conversation_id (recorder);

  confab_message_set_content (answer, text->str);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_true (confab_recorder_get_writing (recorder));

  /* Written after the answer, though it is short. */
  confab_message_set_finish_reason (answer, "stop");
  confab_test_run_until (recorder_is_idle, recorder);

  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, text->str);
  g_assert_cmpint (confab_message_get_state (stored), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_finish_reason (stored), ==, "stop");
  g_clear_object (&stored);

  found = confab_store_search (fixture->store, "xylophonist", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (found), ==, 1);

  /* Closing the window asks for a last write; closing the store waits
   * for it.
   */
  g_string_append (text, " Or nearly.");
  confab_message_set_content (answer, text->str);
  g_clear_object (&recorder);
  confab_store_close (fixture->store);
  g_clear_object (&fixture->store);

  fixture->store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, text->str);
}

/* The estimate made as an answer is asked for is written at once, and
 * forgotten when the answer is asked for again.
 */
static void
test_recorder_estimate (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabRecorder) recorder = confab_recorder_new (fixture->store, conversation, 0);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "How many tokens?");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) stored = NULL;
  gint64 id;

  confab_conversation_append (conversation, prompt);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, answer);
  id = confab_recorder_get_conversation_id (recorder);

  confab_message_set_estimated_input_tokens (answer, 13);
  stored = load_message (fixture, id, 1);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (stored), ==, 13);
  g_clear_object (&stored);

  /* The end of the answer keeps it. */
  confab_message_append_delta (answer, "Thirteen", NULL);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  stored = load_message (fixture, id, 1);
  g_assert_cmpstr (confab_message_get_content (stored), ==, "Thirteen");
  g_assert_cmpint (confab_message_get_estimated_input_tokens (stored), ==, 13);
  g_clear_object (&stored);

  confab_message_set_estimated_input_tokens (answer, -1);
  stored = load_message (fixture, id, 1);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (stored), ==, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/recorder/exchange", Fixture, NULL, fixture_set_up, test_recorder_exchange, fixture_tear_down);
  g_test_add ("/recorder/flush-on-dispose", Fixture, NULL, fixture_set_up, test_recorder_flush_on_dispose, fixture_tear_down);
  g_test_add ("/recorder/loaded", Fixture, NULL, fixture_set_up, test_recorder_loaded, fixture_tear_down);
  g_test_add ("/recorder/parameters", Fixture, NULL, fixture_set_up, test_recorder_parameters, fixture_tear_down);
  g_test_add ("/recorder/huge-answer", Fixture, NULL, fixture_set_up, test_recorder_huge_answer, fixture_tear_down);
  g_test_add ("/recorder/estimate", Fixture, NULL, fixture_set_up, test_recorder_estimate, fixture_tear_down);

  return g_test_run ();
}
