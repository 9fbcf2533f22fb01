/* test-usage-report-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Reports made on a worker, and cancelled; the requests a review counts
 * kept when their chat is deleted, also from a history of schema 1.
 */

#include "config.h"

#include "test-usage-report.h"

static void
query_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  AsyncResult *async = user_data;

  g_assert_true (g_main_context_is_owner (g_main_context_default ()));
  async->report = confab_store_query_usage_finish (CONFAB_STORE (object), result, &async->error);
  async->done = TRUE;
}

void
test_async (Fixture       *fixture,
            gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  AsyncResult async = { 0 };
  GListModel *days;

  seed (fixture, seeded);

  confab_store_query_usage_async (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing,
                                  NULL, query_ready_cb, &async);
  /* The worker has its own copy of the prices. */
  confab_pricing_remove (seeded->pricing, "m1");
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  assert_totals (confab_usage_report_get_total (async.report), 7, 1, 1187, 30, 2067, 1510, 3219);
  assert_cost (confab_usage_report_get_total (async.report), 845e-6, 3);
  days = confab_usage_report_get_by_day (async.report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 1), seeded->tz, "2026-11-21");
  assert_totals (nth (days, 1), 1, 0, 1000, 0, 2000, 1500, 3000);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_model (async.report)), ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_conversation (async.report)), ==, 4);
  g_clear_object (&async.report);

  /* It sees what the main connection wrote just before. */
  add_answer (fixture->store, seeded->b, SEOUL (24, 13, 0), "m2", "complete", 1, NONE, 1, NONE, 2);
  async.done = FALSE;
  confab_store_query_usage_async (fixture->store, 0, G_MAXINT64, NULL, NULL, NULL, query_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  g_assert_cmpuint (confab_usage_totals_get_n_requests (confab_usage_report_get_total (async.report)), ==, 8);
  assert_cost (confab_usage_report_get_total (async.report), 0, 0);
  g_clear_object (&async.report);

  /* Cancelled. */
  async.done = FALSE;
  g_cancellable_cancel (cancellable);
  confab_store_query_usage_async (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                  cancellable, query_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (async.report);
  g_clear_error (&async.error);
}

/* Cancelling while the worker reads: it stops with CANCELLED, or had
 * already finished; either way the callback comes once.
 */
typedef struct
{
  GCancellable *cancellable;
  gboolean      cancelled;
} Canceller;

static void
cancel_cb (gpointer user_data)
{
  Canceller *canceller = user_data;

  g_cancellable_cancel (canceller->cancellable);
  canceller->cancelled = TRUE;
}

void
test_async_cancel_running (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Berlin");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 id = create_conversation (fixture->store, "Many");
  gint64 start = local_usec (tz, 2026, 1, 1, 0, 0);
  AsyncResult async = { 0 };
  Canceller canceller = { cancellable, FALSE };

  for (guint i = 0; i < 2000; i++)
    add_answer (fixture->store, id, start + i * G_TIME_SPAN_MINUTE, "m", "complete", 1, NONE, 1, NONE, 2);

  confab_store_query_usage_async (fixture->store, 0, G_MAXINT64, tz, NULL, cancellable, query_ready_cb, &async);
  g_idle_add_once (cancel_cb, &canceller);

  /* The cancelling comes after the callback when the worker was the
   * quicker: it must not outlive the test.  It did, and cancelled the
   * freed cancellable in a later test (1 run in 50 on a loaded machine
   * with GLib 2.84).
   */
  while (!async.done || !canceller.cancelled)
    g_main_context_iteration (NULL, TRUE);

  if (async.error != NULL)
    {
      g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
      g_assert_null (async.report);
      g_clear_error (&async.error);
    }
  else
    {
      g_assert_cmpuint (confab_usage_totals_get_n_requests (confab_usage_report_get_total (async.report)), ==, 2000);
      g_clear_object (&async.report);
    }
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

/* A history of schema version 1 gets the review's index and its
 * archive, and keeps what it had.
 */
void
test_migrate_from_1 (Fixture       *fixture,
                     gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;

  seed (fixture, seeded);
  g_clear_object (&fixture->store);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'messages_usage'"), ==, 1);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP TRIGGER messages_archive_deleted;"
                                 "DROP TRIGGER messages_archive_asked_again;"
                                 "DROP TABLE usage_archive;"
                                 "DROP INDEX messages_usage;"
                                 "ALTER TABLE conversations DROP COLUMN temperature;"
                                 "ALTER TABLE conversations DROP COLUMN max_output_tokens;"
                                 "ALTER TABLE conversations DROP COLUMN reasoning_effort;"
                                 "DROP INDEX messages_by_parent;"
                                 "ALTER TABLE messages DROP COLUMN parent_id;"
                                 "ALTER TABLE messages DROP COLUMN chosen;"
                                 "DROP TABLE answer_estimates;"
                                 "DROP TABLE message_images;"
                                 "PRAGMA user_version = 1;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'messages_usage'"), ==, 1);
  /* The review's statement reads the index alone. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_index_info ('messages_usage')"), ==, 5 + CONFAB_USAGE_N_FIELDS);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM sqlite_master WHERE name = 'usage_archive'"), ==, 1);
  /* C, left in the trash, was deleted for good when the store opened. */
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM usage_archive"), ==, 1);
  sqlite3_close (db);

  /* Opening again made the unfinished answers 5 and 6 interrupted, so
   * they count now; 5 reported nothing.  C's answer 9 counts again, as
   * a deleted chat's.
   */
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  assert_totals (confab_usage_report_get_total (report), 10, 2, 7186, 30, 8066, 1510, 15217);
}

static ConfabMessage *
find_answer (ConfabStore *store,
             gint64       conversation_id,
             guint        position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) messages = confab_store_load_messages (store, conversation_id, &error);

  g_assert_no_error (error);
  return g_list_model_get_item (G_LIST_MODEL (messages), position);
}

/* What was spent stays spent: an answer asked for again, retried, cut
 * off by an edit or deleted with its chat is still a request.
 */
void
test_archive (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("Asia/Seoul");
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GError) error = NULL;
  gint64 start = local_usec (tz, 2026, 11, 20, 9, 0);
  gint64 kept, gone;

  kept = create_conversation (fixture->store, "Kept");
  add_prompt (fixture->store, kept, start);
  add_answer (fixture->store, kept, start + 1, "m1", "complete", 100, NONE, 10, NONE, 110);

  /* Regenerated: the first answer's request stays in the review. */
  answer = find_answer (fixture->store, kept, 1);
  confab_message_set_content (answer, "");
  confab_message_set_usage (answer, NULL);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  g_assert_true (confab_store_update_message (fixture->store, answer, &error));
  g_assert_no_error (error);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, 200);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 20);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, 220);
  confab_message_set_content (answer, "A second answer");
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_true (confab_store_update_message (fixture->store, answer, &error));

  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 2, 0, 300, NONE, 30, NONE, 330);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_conversation (report)), ==, 1);
  assert_totals (nth (confab_usage_report_get_by_conversation (report), 0), 2, 0, 300, NONE, 30, NONE, 330);

  /* Streaming text on its way is not archived again and again. */
  confab_message_set_content (answer, "A second answer, edited");
  g_assert_true (confab_store_update_message (fixture->store, answer, &error));
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 2, 0, 300, NONE, 30, NONE, 330);

  g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (confab_usage_report_get_by_conversation (report), 0)), ==, kept);

  /* A chat deleted for good: its requests count as the chats gone. */
  gone = create_conversation (fixture->store, "Gone");
  add_prompt (fixture->store, gone, start + 10);
  add_answer (fixture->store, gone, start + 11, "m2", "failed", NONE, NONE, NONE, NONE, NONE);
  g_assert_true (confab_store_delete_conversation (fixture->store, gone, &error));
  g_assert_no_error (error);
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 3, 1, 300, NONE, 30, NONE, 330);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_model (report)), ==, 2);
  {
    GListModel *conversations = confab_usage_report_get_by_conversation (report);

    g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 2);
    g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 1)), ==, 0);
    assert_totals (nth (conversations, 1), 1, 1, NONE, NONE, NONE, NONE, NONE);
  }

  /* In the CSV, every request, and the chat that is gone has neither id
   * nor title.
   */
  {
    g_autoptr(GBytes) bytes = write_csv (fixture->store, 0, G_MAXINT64, tz, NULL);
    g_autoptr(GPtrArray) records = parse_csv (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
    g_autofree char *kept_id = g_strdup_printf ("%" G_GINT64_FORMAT, kept);

    g_assert_cmpuint (records->len, ==, 4);
    g_assert_cmpstr (cell (records, 1, 1), ==, kept_id);
    g_assert_cmpstr (cell (records, 2, 1), ==, kept_id);
    g_assert_cmpstr (cell (records, 2, 2), ==, "Kept");
    g_assert_cmpstr (cell (records, 3, 1), ==, "");
    g_assert_cmpstr (cell (records, 3, 2), ==, "");
    g_assert_cmpstr (cell (records, 3, 3), ==, "m2");
    g_assert_cmpstr (cell (records, 3, 4), ==, "failed");
  }
}
