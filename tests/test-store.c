/* test-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history store on real SQLite files in a temporary folder.
 */

/* unshare () and its flags. */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confab-request.h"
#include "confab-store-private.h"
#include "confab-test-server.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("confab-store-XXXXXX", &error);
  g_assert_no_error (error);
  /* A folder that does not exist yet, to see it made. */
  fixture->path = g_build_filename (fixture->dir, "data", "confab", "confab.db", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  confab_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static ConfabStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  ConfabStore *store = confab_store_new_for_path (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);

  return db;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

static char *
raw_text (sqlite3    *db,
          const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);

  return value;
}

static void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

static char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

static ConfabMessage *
message_new (ConfabRole  role,
             const char *content)
{
  ConfabMessage *message = confab_message_new (role, content);

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);

  return message;
}

static gint64
append (ConfabStore *store,
        gint64       conversation_id,
        ConfabRole   role,
        const char  *content)
{
  g_autoptr(ConfabMessage) message = message_new (role, content);
  g_autoptr(GError) error = NULL;

  confab_store_append_message (store, conversation_id, message, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_id (message), >, 0);

  return confab_message_get_id (message);
}

static GListStore *
load (ConfabStore *store,
      gint64       conversation_id)
{
  g_autoptr(GError) error = NULL;
  GListStore *messages = confab_store_load_messages (store, conversation_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (messages);

  return messages;
}

static ConfabMessage *
nth_message (GListStore *messages,
             guint       position)
{
  /* The list keeps the reference; tests hold the list. */
  g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), position);

  return message;
}

static gint64
nth_conversation_id (ConfabStore *store,
                     guint        position)
{
  g_autoptr(ConfabConversationInfo) info =
    g_list_model_get_item (confab_store_get_conversations (store), position);

  return info != NULL ? confab_conversation_info_get_id (info) : 0;
}

static GListModel *
search (ConfabStore *store,
        const char  *text)
{
  g_autoptr(GError) error = NULL;
  GListModel *results = confab_store_search (store, text, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);

  return results;
}

static gboolean
results_contain (GListModel *results,
                 gint64      message_id)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(ConfabSearchResult) result = g_list_model_get_item (results, i);

      if (confab_search_result_get_message_id (result) == message_id)
        return TRUE;
    }

  return FALSE;
}

static void
test_migrate_from_empty (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *journal_mode = NULL;
  GStatBuf buf;
  sqlite3 *db;

  g_assert_cmpstr (confab_store_get_path (store), ==, fixture->path);
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 0);
  g_assert_true (g_list_model_get_item_type (confab_store_get_conversations (store)) == CONFAB_TYPE_CONVERSATION_INFO);
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, 0);

  g_assert_cmpint (g_stat (folder, &buf), ==, 0);
  g_assert_cmpint (buf.st_mode & 0777, ==, 0700);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  journal_mode = raw_text (db, "PRAGMA journal_mode");
  g_assert_cmpstr (journal_mode, ==, "wal");
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name IN"
                                " ('conversations', 'messages', 'messages_fts', 'settings',"
                                "  'messages_by_position', 'messages_by_created', 'messages_by_model',"
                                "  'conversations_by_activity')"), ==, 8);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('messages')"
                                " WHERE name LIKE '%tokens' AND type = 'INTEGER' AND \"notnull\" = 0"), ==, CONFAB_USAGE_N_FIELDS);
  sqlite3_close (db);

  /* Opening it again migrates nothing and keeps the version. */
  g_clear_object (&store);
  store = open_store (fixture);
  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  sqlite3_close (db);
}

static void
test_reopen_keeps_data (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (id, >, 0);
  append (store, id, CONFAB_ROLE_USER, "What is the capital of France?");
  append (store, id, CONFAB_ROLE_ASSISTANT, "Paris.");
  confab_store_set_last_conversation (store, id, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  store = open_store (fixture);
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 1);
  info = confab_store_lookup_conversation (store, id);
  g_assert_nonnull (info);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "What is the capital of France?");
  g_assert_false (confab_conversation_info_get_title_is_custom (info));
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, id);

  messages = load (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  g_assert_cmpint (confab_message_get_role (nth_message (messages, 0)), ==, CONFAB_ROLE_USER);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 0)), ==, "What is the capital of France?");
  g_assert_cmpint (confab_message_get_role (nth_message (messages, 1)), ==, CONFAB_ROLE_ASSISTANT);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 1)), ==, "Paris.");
  g_assert_cmpint (confab_message_get_state (nth_message (messages, 1)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpint (confab_message_get_id (nth_message (messages, 0)), <, confab_message_get_id (nth_message (messages, 1)));
}

static void
assert_usage_equal (ConfabUsage *expected,
                    ConfabUsage *actual)
{
  for (guint field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    g_assert_cmpint (confab_usage_get_field (expected, field), ==, confab_usage_get_field (actual, field));
}

static void
test_message_round_trip (Fixture       *fixture,
                         gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabUsage) all = confab_usage_new ();
  g_autoptr(ConfabUsage) zeros = confab_usage_new ();
  g_autoptr(ConfabUsage) mixed = confab_usage_new ();
  g_autoptr(ConfabMessage) first = message_new (CONFAB_ROLE_ASSISTANT, "first");
  g_autoptr(ConfabMessage) second = message_new (CONFAB_ROLE_ASSISTANT, "second");
  g_autoptr(ConfabMessage) third = message_new (CONFAB_ROLE_ASSISTANT, "third");
  g_autoptr(ConfabMessage) failed = message_new (CONFAB_ROLE_ASSISTANT, "half");
  g_autoptr(ConfabMessage) none = message_new (CONFAB_ROLE_SYSTEM, "Be brief.");
  g_autoptr(GDateTime) created = g_date_time_new_utc (2026, 3, 1, 12, 30, 15.25);
  g_autoptr(GError) failure = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "The server stopped answering.");
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  ConfabMessage *loaded;
  const GError *loaded_error;
  ConfabMessage *all_messages[5];
  gint64 id;
  sqlite3 *db;

  for (guint field = 0; field < CONFAB_USAGE_N_FIELDS; field++)
    {
      confab_usage_set_field (all, field, 1000 + field * 7);
      confab_usage_set_field (zeros, field, 0);
      /* Every other field missing, the others 0 or large. */
      if (field % 2 == 0)
        confab_usage_set_field (mixed, field, field % 4 == 0 ? 0 : G_GINT64_CONSTANT (1) << 40);
    }

  confab_message_set_usage (first, all);
  confab_message_set_reasoning (first, "Thinking about it.");
  confab_message_set_model (first, "gpt-test");
  confab_message_set_finish_reason (first, "stop");
  g_object_set (first, "response-id", "chatcmpl-123", NULL);
  confab_message_set_created (first, created);
  confab_message_set_usage (second, zeros);
  confab_message_set_usage (third, mixed);
  confab_message_set_usage (failed, mixed);
  confab_message_fail (failed, failure);

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  all_messages[0] = first;
  all_messages[1] = second;
  all_messages[2] = third;
  all_messages[3] = failed;
  all_messages[4] = none;
  for (guint i = 0; i < G_N_ELEMENTS (all_messages); i++)
    {
      confab_store_append_message (store, id, all_messages[i], &error);
      g_assert_no_error (error);
    }

  g_clear_object (&store);
  store = open_store (fixture);
  messages = load (store, id);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 5);

  loaded = nth_message (messages, 0);
  g_assert_cmpint (confab_message_get_id (loaded), ==, confab_message_get_id (first));
  assert_usage_equal (all, confab_message_get_usage (loaded));
  g_assert_cmpstr (confab_message_get_reasoning (loaded), ==, "Thinking about it.");
  g_assert_cmpstr (confab_message_get_model (loaded), ==, "gpt-test");
  g_assert_cmpstr (confab_message_get_finish_reason (loaded), ==, "stop");
  g_assert_cmpstr (confab_message_get_response_id (loaded), ==, "chatcmpl-123");
  g_assert_true (g_date_time_equal (confab_message_get_created (loaded), created));
  g_assert_null (confab_message_get_error (loaded));

  loaded = nth_message (messages, 1);
  assert_usage_equal (zeros, confab_message_get_usage (loaded));
  g_assert_null (confab_message_get_model (loaded));
  g_assert_null (confab_message_get_response_id (loaded));
  g_assert_cmpstr (confab_message_get_reasoning (loaded), ==, "");

  loaded = nth_message (messages, 2);
  assert_usage_equal (mixed, confab_message_get_usage (loaded));
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (loaded), CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (loaded), CONFAB_USAGE_FIELD_PROMPT), ==, 0);

  loaded = nth_message (messages, 3);
  g_assert_cmpint (confab_message_get_state (loaded), ==, CONFAB_MESSAGE_STATE_FAILED);
  loaded_error = confab_message_get_error (loaded);
  g_assert_true (g_error_matches (loaded_error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT));
  g_assert_cmpstr (loaded_error->message, ==, "The server stopped answering.");
  g_assert_cmpstr (confab_message_get_content (loaded), ==, "half");

  loaded = nth_message (messages, 4);
  g_assert_cmpint (confab_message_get_role (loaded), ==, CONFAB_ROLE_SYSTEM);
  g_assert_null (confab_message_get_usage (loaded));

  /* NULL in the database is missing, 0 is 0. */
  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages WHERE cached_tokens IS NULL"), ==, 3);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages WHERE cached_tokens = 0"), ==, 1);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages WHERE prompt_tokens = 0"), ==, 3);
  g_assert_cmpint (raw_int (db, "SELECT sum(total_tokens) FROM messages"), ==, 1000 + 9 * 7);
  sqlite3_close (db);
}

static void
test_update_message (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) unknown = message_new (CONFAB_ROLE_USER, "never stored");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  ConfabMessage *loaded;
  gint64 id;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "Count to three.");
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, id, answer, &error);
  g_assert_no_error (error);

  db = open_raw (fixture->path);
  state = raw_text (db, "SELECT state FROM messages WHERE role = 'assistant'");
  g_assert_cmpstr (state, ==, "pending");

  confab_message_append_delta (answer, "One, two", NULL);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  g_clear_pointer (&state, g_free);
  state = raw_text (db, "SELECT state FROM messages WHERE role = 'assistant'");
  g_assert_cmpstr (state, ==, "streaming");

  /* A reload while it streams shows it pending with what was saved. */
  messages = load (store, id);
  loaded = nth_message (messages, 1);
  g_assert_cmpint (confab_message_get_state (loaded), ==, CONFAB_MESSAGE_STATE_PENDING);
  g_assert_cmpstr (confab_message_get_content (loaded), ==, "One, two");
  g_clear_object (&messages);

  confab_message_append_delta (answer, ", three.", NULL);
  confab_message_end_deltas (answer);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 5);
  confab_message_set_usage (answer, usage);
  confab_message_set_finish_reason (answer, "stop");
  confab_message_set_model (answer, "model-b");
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);

  messages = load (store, id);
  loaded = nth_message (messages, 1);
  g_assert_cmpint (confab_message_get_state (loaded), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (loaded), ==, "One, two, three.");
  g_assert_cmpstr (confab_message_get_finish_reason (loaded), ==, "stop");
  g_assert_cmpstr (confab_message_get_model (loaded), ==, "model-b");
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (loaded), CONFAB_USAGE_FIELD_COMPLETION), ==, 5);
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (loaded), CONFAB_USAGE_FIELD_PROMPT), ==, CONFAB_USAGE_MISSING);

  /* The full-text index follows the updates. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'two'"), ==, 1);
  raw_exec (db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  sqlite3_close (db);

  confab_message_set_id (unknown, 999999);
  confab_store_update_message (store, unknown, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
}

static void
test_interrupted (Fixture       *fixture,
                  gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) waiting = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *state = NULL;
  g_autoptr(ConfabMessage) follow_up = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *sent = NULL;
  ConfabMessage *loaded;
  gint64 id;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "Tell me a story.");
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, id, answer, &error);
  g_assert_no_error (error);
  confab_message_append_delta (answer, "Once upon", NULL);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  confab_message_set_state (waiting, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, id, waiting, &error);
  g_assert_no_error (error);

  /* Closing while it streams, as a crash would leave it. */
  g_clear_object (&store);
  store = open_store (fixture);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages WHERE state = 'interrupted'"), ==, 2);

  messages = load (store, id);
  loaded = nth_message (messages, 1);
  g_assert_cmpstr (confab_message_get_content (loaded), ==, "Once upon");
  g_assert_cmpint (confab_message_get_state (loaded), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_error ((GError *) confab_message_get_error (loaded), CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED);
  g_assert_cmpstr (confab_message_get_error (loaded)->message, !=, "");
  g_assert_cmpint (confab_message_get_state (nth_message (messages, 2)), ==, CONFAB_MESSAGE_STATE_FAILED);

  /* Saving it again keeps it interrupted. */
  confab_store_update_message (store, loaded, &error);
  g_assert_no_error (error);
  state = raw_text (db, "SELECT state FROM messages WHERE content = 'Once upon'");
  g_assert_cmpstr (state, ==, "interrupted");
  sqlite3_close (db);

  /* Sent as history, it counts as stopped: its text goes, the empty one
   * does not.
   */
  follow_up = message_new (CONFAB_ROLE_USER, "Go on.");
  g_list_store_append (messages, follow_up);
  body = confab_request_build_body ("m", NULL, G_LIST_MODEL (messages));
  sent = json_to_string (body, FALSE);
  g_assert_cmpstr (sent, ==,
                   "{\"model\":\"m\",\"messages\":["
                   "{\"role\":\"user\",\"content\":\"Tell me a story.\"},"
                   "{\"role\":\"assistant\",\"content\":\"Once upon\"},"
                   "{\"role\":\"user\",\"content\":\"Go on.\"}]}");
}

static void
test_list_order (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  GListModel *list = confab_store_get_conversations (store);
  gint64 a, b, c;

  a = confab_store_create_conversation (store, &error);
  b = confab_store_create_conversation (store, &error);
  c = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (g_list_model_get_n_items (list), ==, 3);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, c);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, b);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, a);

  /* Activity brings a conversation to the top. */
  append (store, a, CONFAB_ROLE_USER, "hello");
  g_assert_cmpint (nth_conversation_id (store, 0), ==, a);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, c);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, b);

  append (store, b, CONFAB_ROLE_USER, "hi");
  g_assert_cmpint (nth_conversation_id (store, 0), ==, b);

  /* A draft, a rename or a model is not activity. */
  confab_store_set_draft (store, c, "unsent", &error);
  confab_store_rename_conversation (store, c, "Named", &error);
  confab_store_set_model (store, c, "other-model", &error);
  g_assert_no_error (error);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, c);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, b);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, a);
  g_assert_cmpint (nth_conversation_id (store, 2), ==, c);
  g_assert_true (g_date_time_compare (confab_conversation_info_get_updated (confab_store_lookup_conversation (store, b)),
                                      confab_conversation_info_get_updated (confab_store_lookup_conversation (store, a))) > 0);
}

static void
test_rename_and_delete (Fixture       *fixture,
                        gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  gint64 id, other;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  other = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  info = confab_store_lookup_conversation (store, id);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "");

  append (store, id, CONFAB_ROLE_SYSTEM, "You are terse.");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "");
  append (store, id, CONFAB_ROLE_USER, "  \n  Plan a zebra trip\nwith details");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");
  append (store, id, CONFAB_ROLE_ASSISTANT, "Sure: zebras.");
  append (store, id, CONFAB_ROLE_USER, "Second prompt");
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");

  confab_store_rename_conversation (store, id, "  Safari  ", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Safari");
  g_assert_true (confab_conversation_info_get_title_is_custom (info));

  /* Back to the automatic title. */
  confab_store_rename_conversation (store, id, "", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Plan a zebra trip");
  g_assert_false (confab_conversation_info_get_title_is_custom (info));

  confab_store_rename_conversation (store, id, "Safari", &error);
  g_clear_object (&store);
  store = open_store (fixture);
  info = confab_store_lookup_conversation (store, id);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Safari");
  g_assert_true (confab_conversation_info_get_title_is_custom (info));

  /* Trash and restore, for Undo. */
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);
  confab_store_trash_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_null (confab_store_lookup_conversation (store, id));
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 1);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);
  confab_store_rename_conversation (store, id, "x", &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  confab_store_restore_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpint (nth_conversation_id (store, 0), ==, id);
  g_assert_cmpint (nth_conversation_id (store, 1), ==, other);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);

  /* Left in the trash, it is gone at the next start. */
  confab_store_trash_conversation (store, other, &error);
  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_null (confab_store_lookup_conversation (store, other));
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 1);

  /* Deleting takes the messages and their index entries along. */
  confab_store_delete_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (confab_store_get_conversations (store)), ==, 0);
  g_assert_null (confab_store_load_messages (store, id, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  confab_store_delete_conversation (store, id, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  results = search (store, "zebra");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages"), ==, 0);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages_fts WHERE messages_fts MATCH 'zebra'"), ==, 0);
  raw_exec (db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')");
  sqlite3_close (db);

  /* Appending to a conversation that is gone fails cleanly. */
  {
    g_autoptr(ConfabMessage) message = message_new (CONFAB_ROLE_USER, "lost");

    g_assert_false (confab_store_append_message (store, id, message, &error));
    g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
    g_assert_cmpint (confab_message_get_id (message), ==, 0);
  }
}

static void
count_cb (ConfabStore *store,
          guint       *count)
{
  (*count)++;
}

/* ::usage-changed comes once an answer is stored in a final state, and
 * when what the usage review counts goes away or comes back; never for
 * prompts or while an answer streams.
 */
static void
test_usage_changed (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GError) error = NULL;
  guint count = 0;
  gint64 id;

  g_signal_connect (store, "usage-changed", G_CALLBACK (count_cb), &count);

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "a prompt");
  g_assert_cmpuint (count, ==, 0);

  /* An answer while it streams... */
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, id, answer, &error);
  g_assert_no_error (error);
  confab_message_append_delta (answer, "Some text", NULL);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 0);

  /* ...and once it ends with its usage. */
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 42);
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_update_message (store, answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 1);

  /* An answer stored whole, as an import would. */
  append (store, id, CONFAB_ROLE_ASSISTANT, "another answer");
  g_assert_cmpuint (count, ==, 2);

  /* Deleting with Undo, and for good. */
  confab_store_trash_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 3);
  confab_store_restore_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 4);

  confab_store_delete_conversation (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 5);

  /* A failure changes nothing. */
  confab_store_trash_conversation (store, id, &error);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_assert_cmpuint (count, ==, 5);
}

static void
test_drafts_and_settings (Fixture       *fixture,
                          gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  ConfabConversationInfo *info;
  gint64 a, b;

  a = confab_store_create_conversation (store, &error);
  b = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "");
  g_assert_null (confab_store_get_draft (store, 12345));

  confab_store_set_draft (store, a, "half a thought 한국어 ✍️", &error);
  g_assert_no_error (error);
  confab_store_set_draft (store, b, "other", &error);
  confab_store_set_draft (store, b, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (confab_store_set_draft (store, 12345, "x", &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The new chat, not stored yet, has a draft of its own. */
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
  g_assert_true (confab_store_set_draft (store, 0, "not sent yet", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "not sent yet");
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "half a thought 한국어 ✍️");

  confab_store_set_model (store, a, "small-model", &error);
  confab_store_set_system_prompt (store, a, "", &error);
  confab_store_set_system_prompt (store, b, "Answer in Korean.", &error);
  confab_store_set_system_prompt (store, b, NULL, &error);
  g_assert_no_error (error);
  confab_store_set_last_conversation (store, b, &error);
  g_assert_no_error (error);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpstr (confab_store_get_draft (store, a), ==, "half a thought 한국어 ✍️");
  g_assert_cmpstr (confab_store_get_draft (store, b), ==, "");
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "not sent yet");
  confab_store_set_draft (store, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
  info = confab_store_lookup_conversation (store, a);
  g_assert_cmpstr (confab_conversation_info_get_model (info), ==, "small-model");
  g_assert_cmpstr (confab_conversation_info_get_system_prompt (info), ==, "");
  info = confab_store_lookup_conversation (store, b);
  g_assert_null (confab_conversation_info_get_model (info));
  g_assert_null (confab_conversation_info_get_system_prompt (info));
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, b);

  /* The last conversation is forgotten with it. */
  confab_store_delete_conversation (store, b, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, 0);
  confab_store_set_last_conversation (store, a, &error);
  confab_store_set_last_conversation (store, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_store_get_last_conversation (store), ==, 0);

  g_clear_object (&store);
  store = open_store (fixture);
  g_assert_cmpstr (confab_store_get_draft (store, 0), ==, "");
}

static void
search_ready_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GListModel **results = user_data;
  g_autoptr(GError) error = NULL;

  *results = confab_store_search_finish (CONFAB_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
test_search (Fixture       *fixture,
             gconstpointer  user_data)
{
  static const char *tricky[] = {
    "\"", "\"\"", "\"unbalanced", "*", "zeb*", "-", "-zebra", "NEAR", "NEAR(zebra quokka)",
    "zebra AND", "AND", "OR", "NOT", "zebra OR quokka", "(", ")", "^zebra", ":", "content:zebra",
    "{content}", "zebra + quokka", "'", "\\", "%", "_", "   ", "", "\u200b", "🦓",
  };
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListModel) results = NULL;
  g_autoptr(ConfabSearchResult) result = NULL;
  g_autoptr(GError) error = NULL;
  gint64 english, korean, mixed, quoted, near;
  gint64 first, second;

  first = confab_store_create_conversation (store, &error);
  second = confab_store_create_conversation (store, &error);
  english = append (store, first, CONFAB_ROLE_USER, "Where do zebras and quokkas live?");
  korean = append (store, first, CONFAB_ROLE_ASSISTANT, "얼룩말은 아프리카에서 살고, 쿼카는 호주에 삽니다.");
  mixed = append (store, second, CONFAB_ROLE_USER, "서울에서 streaming 테스트를 했습니다");
  quoted = append (store, second, CONFAB_ROLE_ASSISTANT, "He said \"NEAR\" and -minus AND plus* <b>bold</b> & co");
  near = append (store, second, CONFAB_ROLE_ASSISTANT, "The café is near the station.");

  results = search (store, "zebras");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_cmpint (confab_search_result_get_message_id (result), ==, english);
  g_assert_cmpint (confab_search_result_get_conversation_id (result), ==, first);
  g_assert_cmpint (confab_search_result_get_role (result), ==, CONFAB_ROLE_USER);
  g_assert_cmpstr (confab_search_result_get_title (result), ==, "Where do zebras and quokkas live?");
  g_assert_cmpstr (confab_search_result_get_snippet (result), ==, "Where do zebras and quokkas live?");
  g_assert_cmpstr (confab_search_result_get_snippet_markup (result), ==, "Where do <b>zebras</b> and quokkas live?");
  g_clear_object (&result);
  g_clear_object (&results);

  /* Words as prefixes, case and accents folded, all words needed. */
  results = search (store, "ZEBRA quokka");
  g_assert_true (results_contain (results, english));
  g_clear_object (&results);
  results = search (store, "zebra station");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);
  results = search (store, "cafe");
  g_assert_true (results_contain (results, near));
  g_clear_object (&results);
  results = search (store, "stream");
  g_assert_true (results_contain (results, mixed));
  g_clear_object (&results);

  /* Korean: whole words, and words with their particles. */
  results = search (store, "얼룩말은");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_assert_true (results_contain (results, korean));
  g_clear_object (&results);
  results = search (store, "얼룩말");
  g_assert_true (results_contain (results, korean));
  g_clear_object (&results);
  results = search (store, "서울");
  g_assert_true (results_contain (results, mixed));
  g_clear_object (&results);
  results = search (store, "호주에 쿼카는");
  g_assert_true (results_contain (results, korean));
  g_clear_object (&results);

  /* What looks like query syntax is text. */
  results = search (store, "\"NEAR\"");
  g_assert_true (results_contain (results, quoted));
  g_assert_true (results_contain (results, near));
  g_clear_object (&results);
  results = search (store, "-minus");
  g_assert_true (results_contain (results, quoted));
  g_clear_object (&results);
  results = search (store, "plus*");
  g_assert_true (results_contain (results, quoted));
  g_clear_object (&results);
  results = search (store, "bold");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  result = g_list_model_get_item (results, 0);
  g_assert_nonnull (strstr (confab_search_result_get_snippet_markup (result), "&lt;b&gt;<b>bold</b>&lt;/b&gt; &amp; co"));
  g_clear_object (&result);
  g_clear_object (&results);

  for (guint i = 0; i < G_N_ELEMENTS (tricky); i++)
    {
      results = confab_store_search (store, tricky[i], 0, &error);
      g_assert_no_error (error);
      g_assert_nonnull (results);
      g_clear_object (&results);
    }

  results = search (store, "zebra OR quokka");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);
  g_clear_object (&results);

  /* The limit, and the same search on a worker thread. */
  results = search (store, "and");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 2);
  g_clear_object (&results);
  results = confab_store_search (store, "and", 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 1);
  g_clear_object (&results);

  confab_store_search_async (store, "쿼카는", 0, NULL, search_ready_cb, &results);
  while (results == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (results_contain (results, korean));
}

static void
load_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GError **error = g_object_get_data (G_OBJECT (object), "test-error");
  GListStore **messages = user_data;

  *messages = confab_store_load_messages_finish (CONFAB_STORE (object), result, error);
  g_object_set_data (object, "test-done", GINT_TO_POINTER (TRUE));
}

static void
test_load_async (Fixture       *fixture,
                 gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 id;

  g_object_set_data (G_OBJECT (store), "test-error", &error);
  id = confab_store_create_conversation (store, &error);
  for (guint i = 0; i < 300; i++)
    {
      g_autofree char *text = g_strdup_printf ("line %u", i);

      append (store, id, i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text);
    }

  confab_store_load_messages_async (store, id, NULL, load_ready_cb, &messages);
  while (!g_object_get_data (G_OBJECT (store), "test-done"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 300);
  g_assert_cmpstr (confab_message_get_content (nth_message (messages, 299)), ==, "line 299");
  g_assert_cmpint (confab_message_get_id (nth_message (messages, 299)), >, 0);
  g_clear_object (&messages);

  /* What the main connection wrote since is seen. */
  append (store, id, CONFAB_ROLE_USER, "one more");
  g_object_set_data (G_OBJECT (store), "test-done", NULL);
  confab_store_load_messages_async (store, id, NULL, load_ready_cb, &messages);
  while (!g_object_get_data (G_OBJECT (store), "test-done"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 301);
  g_clear_object (&messages);

  g_object_set_data (G_OBJECT (store), "test-done", NULL);
  g_cancellable_cancel (cancellable);
  confab_store_load_messages_async (store, id, cancellable, load_ready_cb, &messages);
  while (!g_object_get_data (G_OBJECT (store), "test-done"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (messages);
  g_clear_error (&error);

  g_object_set_data (G_OBJECT (store), "test-done", NULL);
  confab_store_load_messages_async (store, id + 100, NULL, load_ready_cb, &messages);
  while (!g_object_get_data (G_OBJECT (store), "test-done"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_object_set_data (G_OBJECT (store), "test-error", NULL);
}

/* Opening must fail with @code and leave the file's bytes as they were. */
static void
assert_open_fails_untouched (const char *path,
                             int         code)
{
  g_autofree char *before = checksum_file (path);
  g_autofree char *after = NULL;
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = confab_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, CONFAB_STORE_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s", error->message);

  after = checksum_file (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 id;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "from the future");
  g_clear_object (&store);

  db = open_raw (fixture->path);
  raw_exec (db, "PRAGMA user_version = 99");
  sqlite3_close (db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_NEWER_SCHEMA);
  /* Twice: the first attempt left nothing behind that changes things. */
  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_NEWER_SCHEMA);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages"), ==, 1);
  sqlite3_close (db);
}

static void
test_newer_schema_with_wal (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  sqlite3 *keeper;
  sqlite3 *db;

  g_clear_object (&store);

  /* A newer Confab that is still running keeps its changes in the
   * write-ahead log; opening must not checkpoint them into the file.
   */
  keeper = open_raw (fixture->path);
  raw_exec (keeper, "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;"
                    "INSERT INTO conversations (created, updated) VALUES (1, 1)");
  sqlite3_db_config (keeper, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (keeper);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = checksum_file (fixture->path);

  store = confab_store_new_for_path (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NEWER_SCHEMA);
  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  sqlite3_close (db);
}

static void
test_corrupt (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *text = g_build_filename (folder, "notes.db", NULL);
  g_autofree char *foreign = g_build_filename (folder, "foreign.db", NULL);
  g_autofree char *damaged = g_build_filename (folder, "damaged.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  guint8 garbage[8192];
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) garbage, sizeof garbage, &error);
  g_assert_no_error (error);
  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_CORRUPT);

  g_file_set_contents (text, "These are my notes, not a database.\n", -1, &error);
  g_assert_no_error (error);
  assert_open_fails_untouched (text, CONFAB_STORE_ERROR_CORRUPT);

  /* Some other program's database is not ours to add tables to. */
  db = open_raw (foreign);
  raw_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
  sqlite3_close (db);
  assert_open_fails_untouched (foreign, CONFAB_STORE_ERROR_CORRUPT);

  /* A real database with its header overwritten. */
  {
    g_autoptr(ConfabStore) store = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    store = confab_store_new_for_path (damaged, &error);
    g_assert_no_error (error);
    g_clear_object (&store);
    g_file_get_contents (damaged, &contents, &length, &error);
    g_assert_no_error (error);
    memset (contents, 'x', 16);
    g_file_set_contents (damaged, contents, length, &error);
    g_assert_no_error (error);
    assert_open_fails_untouched (damaged, CONFAB_STORE_ERROR_CORRUPT);
  }
}

/* The child of test_read_only when the tests run as root, who may write
 * anything: it runs as nobody and prints the error code it got.
 */
static int
read_only_child (const char *path)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = confab_store_new_for_path (path, &error);
  if (store != NULL)
    g_print ("opened\n");
  else if (error->domain == CONFAB_STORE_ERROR)
    g_print ("error %d %s\n", error->code, error->message);
  else
    g_print ("other error %s\n", error->message);

  return 0;
}

static void
become_nobody (gpointer user_data)
{
  if (setgid (65534) != 0 || setuid (65534) != 0)
    _exit (77);
}

static void
test_read_only (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "read me");
  g_clear_object (&store);
  before = checksum_file (fixture->path);

  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);

  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      store = confab_store_new_for_path (fixture->path, &error);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
      g_assert_null (store);
      g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY);
      g_test_message ("%s", error->message);
    }
  else
    {
      g_autoptr(GSubprocessLauncher) launcher = NULL;
      g_autoptr(GSubprocess) child = NULL;
      g_autofree char *output = NULL;
      g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *expected = g_strdup_printf ("error %d ", CONFAB_STORE_ERROR_READ_ONLY);

      g_autofree char *data = g_path_get_dirname (folder);

      /* Let nobody reach the file, and write nothing. */
      g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (data, 0755), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);

      launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
      g_subprocess_launcher_set_child_setup (launcher, become_nobody, NULL, NULL);
      child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--read-only-child", fixture->path, NULL);
      if (child == NULL)
        {
          g_autofree char *why = g_strdup_printf ("Cannot run as nobody: %s", error->message);

          g_test_skip (why);
          return;
        }

      g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error);
      g_assert_no_error (error);
      g_subprocess_wait (child, NULL, &error);
      if (g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 77)
        {
          g_test_skip ("Cannot become nobody");
          return;
        }

      g_test_message ("%s", output);
      g_assert_true (g_str_has_prefix (output, expected));
    }

  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (fixture->path, 0644);
}

/* Runs read_only_child() on @path in a child made ready by @setup, and
 * returns what it printed, or %NULL when the test cannot make the child
 * (it exits with 77) and was skipped.
 */
static char *
open_in_child (const char           *path,
               GSpawnChildSetupFunc  setup,
               gpointer              setup_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  char *output = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, setup, setup_data, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--read-only-child", path, NULL);
  if (child == NULL)
    {
      g_autofree char *why = g_strdup_printf ("Cannot run the child: %s", error->message);

      g_test_skip (why);
      return NULL;
    }

  g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  if (g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 77)
    {
      g_test_skip ("Cannot make the child read-only");
      g_free (output);
      return NULL;
    }

  return output;
}

/* In the child: the folder @user_data becomes a read-only mount, seen
 * by this process only (as root, or as anyone in a user namespace).
 */
static void
mount_read_only (gpointer user_data)
{
  const char *folder = user_data;

  if (unshare (CLONE_NEWNS) != 0 &&
      unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    _exit (77);

  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount (folder, folder, NULL, MS_BIND, NULL) != 0 ||
      mount (NULL, folder, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
    _exit (77);
}

/* A history closed cleanly (no -wal or -shm file beside it) in a folder
 * that may not be written to: SQLite cannot make its log there, and
 * that is said to be read-only, not "No such file or directory".
 */
static void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *data = g_path_get_dirname (folder);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *expected = g_strdup_printf ("error %d ", CONFAB_STORE_ERROR_READ_ONLY);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *output = NULL;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "read me");
  g_clear_object (&store);
  before = checksum_file (fixture->path);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* A read-only mount: permissions do not count, so this holds for
   * root too.
   */
  output = open_in_child (fixture->path, mount_read_only, folder);
  if (output == NULL)
    return;

  g_test_message ("%s", output);
  g_assert_true (g_str_has_prefix (output, expected));
  g_assert_nonnull (strstr (output, "read-only"));
  g_assert_null (strstr (output, "No such file"));
  g_clear_pointer (&output, g_free);

  /* A folder whose permissions forbid writing, with a file that may be
   * written: as nobody when the tests run as root.
   */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      store = confab_store_new_for_path (fixture->path, &error);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
      g_assert_null (store);
      g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY);
      output = g_strdup_printf ("%s%s", expected, error->message);
    }
  else
    {
      g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (data, 0755), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
      g_assert_cmpint (chown (fixture->path, 65534, 65534), ==, 0);

      if (!(output = open_in_child (fixture->path, become_nobody, NULL)))
        return;
    }

  g_test_message ("%s", output);
  g_assert_true (g_str_has_prefix (output, expected));
  g_assert_nonnull (strstr (output, "read-only"));
  g_assert_null (strstr (output, "No such file"));

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
}

/* The errors that are hard to cause for real (a full disk, a lock held
 * by another program) map as the others do.
 */
static void
test_error_mapping (void)
{
  struct {
    int rc;
    int code;
  } cases[] = {
    { SQLITE_FULL, CONFAB_STORE_ERROR_DISK_FULL },
    { SQLITE_CORRUPT, CONFAB_STORE_ERROR_CORRUPT },
    { SQLITE_NOTADB, CONFAB_STORE_ERROR_CORRUPT },
    { SQLITE_READONLY, CONFAB_STORE_ERROR_READ_ONLY },
    { SQLITE_READONLY_DBMOVED, CONFAB_STORE_ERROR_READ_ONLY },
    { SQLITE_BUSY, CONFAB_STORE_ERROR_BUSY },
    { SQLITE_LOCKED, CONFAB_STORE_ERROR_BUSY },
    { SQLITE_CONSTRAINT_FOREIGNKEY, CONFAB_STORE_ERROR_NOT_FOUND },
    { SQLITE_CONSTRAINT_CHECK, CONFAB_STORE_ERROR_FAILED },
    { SQLITE_IOERR_WRITE, CONFAB_STORE_ERROR_FAILED },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      _confab_store_set_error (&error, NULL, cases[i].rc, "/home/me/.local/share/confab/confab.db");
      g_assert_error (error, CONFAB_STORE_ERROR, cases[i].code);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_fts_query (void)
{
  struct {
    const char *text;
    const char *query;
  } cases[] = {
    { "zebra", "\"zebra\"*" },
    { "  zebra   quokka ", "\"zebra\"* \"quokka\"*" },
    { "\"NEAR\" AND -x*", "\"\"\"NEAR\"\"\"* \"AND\"* \"-x*\"*" },
    { "서울 얼룩말", "\"서울\"* \"얼룩말\"*" },
    { "* - \" ( ) 🦓", NULL },
    { "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *query = _confab_store_fts_query (cases[i].text);

      g_assert_cmpstr (query, ==, cases[i].query);
    }
}

static void
test_title_from_prompt (void)
{
  struct {
    const char *prompt;
    const char *title;
  } cases[] = {
    { "Hello", "Hello" },
    { "  \t Hello   there \n second line", "Hello there" },
    { "\n\n   \nThird line first", "Third line first" },
    { "서울에서 가장 맛있는 냉면집을 알려 주세요", "서울에서 가장 맛있는 냉면집을 알려 주세요" },
    /* 60 Hangul syllables. */
    { "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라",
      "가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마…" },
    /* Decomposed Hangul is composed before it is counted. */
    { "\u1112\u1161\u11ab\u1100\u1173\u11af", "한글" },
    { "Write a Python script that reads a CSV file and prints the sum of each column",
      "Write a Python script that reads a CSV file and…" },
    { "🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓",
      "🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓🦓…" },
    /* A family emoji (seven code points) is not split at the cut. */
    { "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq 👨\u200d👩\u200d👧\u200d👦 and more",
      "abcdefghijklmnopqrstuvwxyzabcdefghijklmnopq…" },
    { "Short 👍🏽 thumbs", "Short 👍🏽 thumbs" },
    { "", "New Chat" },
    { "   \n\t\n  ", "New Chat" },
    { NULL, "New Chat" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *title = confab_store_title_from_prompt (cases[i].prompt);

      g_assert_cmpstr (title, ==, cases[i].title);
      g_assert_true (g_utf8_validate (title, -1, NULL));
      g_assert_cmpint (g_utf8_strlen (title, -1), <=, 48);
    }

  /* Invalid UTF-8 does not get through. */
  {
    g_autofree char *title = confab_store_title_from_prompt ("bad \xff\xfe bytes");

    g_assert_true (g_utf8_validate (title, -1, NULL));
    g_assert_true (g_str_has_prefix (title, "bad "));
  }
}

static void
add_test (const char *name,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
}

/* Closing the store, while someone still holds it and after a read on a
 * worker, puts everything in the file and leaves no write-ahead log;
 * whatever comes after fails, and nothing breaks.
 */
static void
test_store_close (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabStore) holder = g_object_ref (store);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Kept when the app quits");
  g_autoptr(ConfabMessage) later = confab_message_new (CONFAB_ROLE_USER, "Too late");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_true (confab_store_append_message (store, id, prompt, &error));

  /* The workers' connection is open too. */
  confab_store_load_messages_async (store, id, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  messages = confab_store_load_messages_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  confab_store_close (store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_false (confab_store_append_message (store, id, later, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (confab_store_load_messages (store, id, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&messages);
  confab_store_load_messages_async (store, id, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_null (confab_store_load_messages_finish (store, result, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  confab_store_close (store);

  /* Opened again: all there. */
  g_clear_object (&holder);
  g_clear_object (&store);
  store = open_store (fixture);
  messages = confab_store_load_messages (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 1);
}

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
static void
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
static void
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
static void
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
static void
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

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--read-only-child"))
    return read_only_child (argv[2]);

  g_test_init (&argc, &argv, NULL);

  add_test ("/store/migrate-from-empty", test_migrate_from_empty);
  add_test ("/store/reopen-keeps-data", test_reopen_keeps_data);
  add_test ("/store/message-round-trip", test_message_round_trip);
  add_test ("/store/update-message", test_update_message);
  add_test ("/store/interrupted", test_interrupted);
  add_test ("/store/list-order", test_list_order);
  add_test ("/store/rename-and-delete", test_rename_and_delete);
  add_test ("/store/usage-changed", test_usage_changed);
  add_test ("/store/drafts-and-settings", test_drafts_and_settings);
  add_test ("/store/search", test_search);
  add_test ("/store/load-async", test_load_async);
  add_test ("/store/newer-schema", test_newer_schema);
  add_test ("/store/newer-schema-with-wal", test_newer_schema_with_wal);
  add_test ("/store/corrupt", test_corrupt);
  add_test ("/store/read-only", test_read_only);
  add_test ("/store/read-only-folder", test_read_only_folder);
  g_test_add ("/store/close", Fixture, NULL, fixture_set_up, test_store_close, fixture_tear_down);
  g_test_add_func ("/store/error-mapping", test_error_mapping);
  g_test_add_func ("/store/fts-query", test_fts_query);
  g_test_add_func ("/store/title-from-prompt", test_title_from_prompt);
  add_test ("/store/parameters", test_parameters);
  add_test ("/store/migrate-from-3", test_migrate_from_3);
  add_test ("/store/estimate-round-trip", test_estimate_round_trip);
  add_test ("/store/migrate-from-4", test_migrate_from_4);

  return g_test_run ();
}
