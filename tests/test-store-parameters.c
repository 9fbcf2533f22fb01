/* test-store-parameters.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What a chat keeps beside its messages: its parameters and the
 * estimates of its answers, also from histories of schema 3 and 4.
 */

#include "config.h"

#include "test-store.h"

static void
assert_parameters (ConfabConversationInfo *info,
                   double                  temperature,
                   int                     max_output_tokens,
                   const char             *reasoning_effort)
{
  g_assert_nonnull (info);
  g_assert_cmpfloat (confab_conversation_info_get_temperature (info), ==, temperature);
  g_assert_cmpint (confab_conversation_info_get_max_output_tokens (info), ==, max_output_tokens);
  g_assert_cmpstr (confab_conversation_info_get_reasoning_effort (info), ==, reasoning_effort);
}

static void
count_notify_cb (guint *count)
{
  (*count)++;
}

/* A chat's parameters are kept with it, in each of their three states:
 * its own value, none sent, or following Preferences (NULL in the file).
 */
void
test_parameters (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  guint n_notified = 0;
  sqlite3 *db;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "Warm up");

  /* New chats follow Preferences. */
  assert_parameters (confab_store_lookup_conversation (store, id),
                     CONFAB_CONVERSATION_FOLLOW, CONFAB_CONVERSATION_FOLLOW, NULL);

  /* The info says so as it changes, once for each. */
  g_signal_connect_swapped (confab_store_lookup_conversation (store, id), "notify",
                            G_CALLBACK (count_notify_cb), &n_notified);
  g_assert_true (confab_store_set_parameters (store, id, 0.3, 2048, "high", &error));
  g_assert_no_error (error);
  assert_parameters (confab_store_lookup_conversation (store, id), 0.3, 2048, "high");
  g_assert_cmpuint (n_notified, ==, 3);

  g_clear_object (&store);
  store = open_store (fixture);
  assert_parameters (confab_store_lookup_conversation (store, id), 0.3, 2048, "high");

  /* Not sent: the server's default, even where Preferences send one. */
  g_assert_true (confab_store_set_parameters (store, id, CONFAB_CONVERSATION_NOT_SENT, CONFAB_CONVERSATION_NOT_SENT,
                                              CONFAB_REASONING_EFFORT_NOT_SENT, &error));
  g_clear_object (&store);
  store = open_store (fixture);
  assert_parameters (confab_store_lookup_conversation (store, id),
                     CONFAB_CONVERSATION_NOT_SENT, CONFAB_CONVERSATION_NOT_SENT, CONFAB_REASONING_EFFORT_NOT_SENT);

  /* A temperature of 0 is a value. */
  g_assert_true (confab_store_set_parameters (store, id, 0, CONFAB_CONVERSATION_FOLLOW, "low", &error));
  g_clear_object (&store);
  store = open_store (fixture);
  assert_parameters (confab_store_lookup_conversation (store, id), 0, CONFAB_CONVERSATION_FOLLOW, "low");

  /* Back to Preferences: NULL in the file. */
  g_assert_true (confab_store_set_parameters (store, id, CONFAB_CONVERSATION_FOLLOW, CONFAB_CONVERSATION_FOLLOW,
                                              NULL, &error));
  g_assert_no_error (error);
  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM conversations WHERE temperature IS NULL"
                                " AND max_output_tokens IS NULL AND reasoning_effort IS NULL"), ==, 1);
  sqlite3_close (db);
  g_clear_object (&store);
  store = open_store (fixture);
  assert_parameters (confab_store_lookup_conversation (store, id),
                     CONFAB_CONVERSATION_FOLLOW, CONFAB_CONVERSATION_FOLLOW, NULL);

  /* A chat in the trash, or gone, is not found. */
  g_assert_true (confab_store_trash_conversation (store, id, &error));
  g_assert_false (confab_store_set_parameters (store, id, 1.0, 10, NULL, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Restored, it has them still. */
  g_assert_true (confab_store_restore_conversation (store, id, &error));
  assert_parameters (confab_store_lookup_conversation (store, id),
                     CONFAB_CONVERSATION_FOLLOW, CONFAB_CONVERSATION_FOLLOW, NULL);
}

/* A history of schema version 3, as Confab wrote it before chats had
 * parameters of their own: each chat follows Preferences, and keeps
 * everything it had.
 */
void
test_migrate_from_3 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  sqlite3 *db;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "Written by version 3");
  append (store, id, CONFAB_ROLE_ASSISTANT, "So was this.");
  g_assert_true (confab_store_set_model (store, id, "old-model", &error));
  g_assert_true (confab_store_set_system_prompt (store, id, "Be brief.", &error));
  g_clear_object (&store);

  /* The file as version 3 left it. */
  db = open_raw (fixture->path);
  raw_exec (db,
            "ALTER TABLE conversations DROP COLUMN temperature;"
            "ALTER TABLE conversations DROP COLUMN max_output_tokens;"
            "ALTER TABLE conversations DROP COLUMN reasoning_effort;"
            "DROP INDEX messages_by_parent;"
            "ALTER TABLE messages DROP COLUMN parent_id;"
            "ALTER TABLE messages DROP COLUMN chosen;"
            "DROP TABLE answer_estimates;"
            "DROP TABLE message_images;"
            "PRAGMA user_version = 3;");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('conversations')"
                                " WHERE name IN ('temperature', 'max_output_tokens', 'reasoning_effort')"), ==, 0);
  sqlite3_close (db);

  store = open_store (fixture);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('conversations')"
                                " WHERE (name = 'temperature' AND type = 'REAL')"
                                "    OR (name = 'max_output_tokens' AND type = 'INTEGER')"
                                "    OR (name = 'reasoning_effort' AND type = 'TEXT')"), ==, 3);
  sqlite3_close (db);

  info = confab_store_lookup_conversation (store, id);
  assert_parameters (info, CONFAB_CONVERSATION_FOLLOW, CONFAB_CONVERSATION_FOLLOW, NULL);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Written by version 3");
  g_assert_cmpstr (confab_conversation_info_get_model (info), ==, "old-model");
  g_assert_cmpstr (confab_conversation_info_get_system_prompt (info), ==, "Be brief.");
  messages = load (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 1)), ==, "So was this.");

  /* And the migrated file keeps parameters from now on. */
  g_assert_true (confab_store_set_parameters (store, id, 1.5, 4096, "medium", &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = open_store (fixture);
  assert_parameters (confab_store_lookup_conversation (store, id), 1.5, 4096, "medium");
}

/* The estimate made before an answer was asked for is kept with it:
 * written with the answer, set and forgotten apart from its text and
 * state, and gone with it.
 */
void
test_estimate_round_trip (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) estimated = message_new (CONFAB_ROLE_ASSISTANT, "Estimated");
  g_autoptr(ConfabMessage) later = message_new (CONFAB_ROLE_ASSISTANT, "Estimated later");
  g_autoptr(ConfabMessage) zero = message_new (CONFAB_ROLE_ASSISTANT, "Nothing to carry");
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  gint64 id;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "Count this");

  /* Written with the answer it belongs to. */
  confab_message_set_estimated_input_tokens (estimated, 1234);
  g_assert_true (confab_store_append_message (store, id, estimated, &error));
  g_assert_no_error (error);
  /* Set once the answer is stored, as the window does. */
  g_assert_true (confab_store_append_message (store, id, later, &error));
  g_assert_true (confab_store_set_estimate (store, confab_message_get_id (later), 56, &error));
  g_assert_no_error (error);
  /* Nothing estimated is not an estimate of 0 tokens. */
  confab_message_set_estimated_input_tokens (zero, 0);
  g_assert_true (confab_store_append_message (store, id, zero, &error));

  messages = load (store, id);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 0)), ==, -1);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, 1234);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 2)), ==, 56);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 3)), ==, 0);
  g_clear_object (&messages);

  /* Updates of the text and state leave it alone. */
  confab_message_set_content (estimated, "Estimated, and answered");
  confab_message_set_estimated_input_tokens (estimated, -1);
  g_assert_true (confab_store_update_message (store, estimated, &error));
  g_assert_no_error (error);
  messages = load (store, id);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 1)), ==, "Estimated, and answered");
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, 1234);
  g_clear_object (&messages);

  /* Replaced, then forgotten, as an answer asked for again is. */
  g_assert_true (confab_store_set_estimate (store, confab_message_get_id (estimated), 99, &error));
  messages = load (store, id);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, 99);
  g_clear_object (&messages);
  g_assert_true (confab_store_set_estimate (store, confab_message_get_id (estimated), -1, &error));
  g_assert_true (confab_store_set_estimate (store, confab_message_get_id (estimated), -1, &error));
  g_assert_no_error (error);

  /* Through a close and a reopen, on the worker's read too. */
  g_clear_object (&store);
  store = open_store (fixture);
  messages = load (store, id);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, -1);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 2)), ==, 56);
  g_clear_object (&messages);

  /* A message that is not stored has none to keep. */
  g_assert_false (confab_store_set_estimate (store, 999999, 10, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* Gone with their messages, with the chat. */
  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM answer_estimates"), ==, 2);
  sqlite3_close (db);
  g_assert_true (confab_store_delete_conversation (store, id, &error));
  g_assert_no_error (error);
  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM answer_estimates"), ==, 0);
  sqlite3_close (db);
}

/* A history of schema version 4, as Confab wrote it before it kept
 * estimates: its answers have none, and keep everything else; answers
 * from then on keep theirs.
 */
void
test_migrate_from_4 (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) answer = message_new (CONFAB_ROLE_ASSISTANT, "Answered by version 4");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_true (confab_store_set_parameters (store, id, 0.5, 2048, "low", &error));
  append (store, id, CONFAB_ROLE_USER, "Written by version 4");
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 13);
  confab_message_set_usage (answer, usage);
  g_assert_true (confab_store_append_message (store, id, answer, &error));
  g_clear_object (&store);

  /* The file as version 4 left it. */
  db = open_raw (fixture->path);
  raw_exec (db,
            "DROP TABLE answer_estimates;"
            "DROP TABLE message_images;"
            "DROP INDEX messages_by_parent;"
            "ALTER TABLE messages DROP COLUMN parent_id;"
            "ALTER TABLE messages DROP COLUMN chosen;"
            "PRAGMA user_version = 4;");
  sqlite3_close (db);

  store = open_store (fixture);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('answer_estimates')"
                                " WHERE (name = 'message_id' AND pk = 1)"
                                "    OR (name = 'input_tokens' AND type = 'INTEGER')"), ==, 2);
  sqlite3_close (db);

  assert_parameters (confab_store_lookup_conversation (store, id), 0.5, 2048, "low");
  messages = load (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 1)), ==, "Answered by version 4");
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (nth_message (messages, 1)),
                                           CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, -1);
  g_clear_object (&messages);

  /* And the migrated file keeps estimates from now on. */
  g_assert_true (confab_store_set_estimate (store, confab_message_get_id (answer), 15, &error));
  g_assert_no_error (error);
  g_clear_object (&store);
  store = open_store (fixture);
  messages = load (store, id);
  g_assert_cmpint (confab_message_get_estimated_input_tokens (nth_message (messages, 1)), ==, 15);
}
