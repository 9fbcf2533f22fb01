/* test-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The history store on real SQLite files in a temporary folder.
 */

#include "config.h"

#include "test-store.h"

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

ConfabStore *
open_store (Fixture *fixture)
{
  g_autoptr(GError) error = NULL;
  ConfabStore *store = confab_store_new_for_path (fixture->path, &error);

  g_assert_no_error (error);
  g_assert_nonnull (store);

  return store;
}

sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL), ==, SQLITE_OK);

  return db;
}

gint64
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

void
raw_exec (sqlite3    *db,
          const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
}

char *
checksum_file (const char *path)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

ConfabMessage *
message_new (ConfabRole  role,
             const char *content)
{
  ConfabMessage *message = confab_message_new (role, content);

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);

  return message;
}

gint64
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

GListStore *
load (ConfabStore *store,
      gint64       conversation_id)
{
  g_autoptr(GError) error = NULL;
  GListStore *messages = confab_store_load_messages (store, conversation_id, &error);

  g_assert_no_error (error);
  g_assert_nonnull (messages);

  return messages;
}

ConfabMessage *
nth_message (GListStore *messages,
             guint       position)
{
  /* The list keeps the reference; tests hold the list. */
  g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), position);

  return message;
}

gint64
nth_conversation_id (ConfabStore *store,
                     guint        position)
{
  g_autoptr(ConfabConversationInfo) info =
    g_list_model_get_item (confab_store_get_conversations (store), position);

  return info != NULL ? confab_conversation_info_get_id (info) : 0;
}

GListModel *
search (ConfabStore *store,
        const char  *text)
{
  g_autoptr(GError) error = NULL;
  GListModel *results = confab_store_search (store, text, 0, &error);

  g_assert_no_error (error);
  g_assert_nonnull (results);

  return results;
}

gboolean
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

/* Whether searching the history of @store for @text finds @message_id. */
gboolean
search_finds (ConfabStore *store,
              const char  *text,
              gint64       message_id)
{
  g_autoptr(GListModel) results = search (store, text);

  return results_contain (results, message_id);
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

static goffset
file_size (const char *path)
{
  GStatBuf buf;

  g_assert_no_errno (g_stat (path, &buf));

  return buf.st_size;
}

/* A commit on the main thread that makes the write-ahead log long does
 * not checkpoint it into the file, as SQLite would, on the main thread:
 * the file has not grown when the commit returns.  The store's worker
 * does it soon after.
 */
static void
test_checkpoint_on_worker (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 limit = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  goffset before;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  before = file_size (fixture->path);

  for (guint i = 0; content->len < 6 * 1024 * 1024; i++)
    g_string_append_printf (content, "Line %u of an answer of megabytes, with words to index.\n", i);
  append (store, id, CONFAB_ROLE_ASSISTANT, content->str);

  g_assert_cmpint (file_size (wal), >, 6 * 1024 * 1024);
  g_assert_cmpint (file_size (fixture->path), <, before + 1024 * 1024);

  while (file_size (fixture->path) < before + 6 * 1024 * 1024)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, limit);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
}

static void
add_test (const char *name,
          void (*func) (Fixture *, gconstpointer))
{
  g_test_add (name, Fixture, NULL, fixture_set_up, func, fixture_tear_down);
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
  add_test ("/store/checkpoint-on-worker", test_checkpoint_on_worker);
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
