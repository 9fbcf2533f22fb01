/* confab-test-history.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A large history for the benchmarks: 1,000 conversations and 100,000
 * messages, written straight into the store's schema in one transaction.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confab-store.h"
#include "confab-test-history.h"

static const char *words[] = {
  "the", "model", "answer", "stream", "token", "window", "history", "search",
  "zebra", "database", "question", "because", "people", "write", "code",
  "function", "return", "value", "memory", "thread", "GNOME", "library",
  "서울", "얼룩말", "대화", "검색", "기록", "모델", "답변", "질문", "오늘", "내일",
};

void
confab_test_history_make_text (GString *text,
                               GRand   *rand,
                               guint    n_words)
{
  g_string_truncate (text, 0);

  for (guint i = 0; i < n_words; i++)
    {
      if (i > 0)
        g_string_append_c (text, i % 13 == 0 ? '\n' : ' ');
      g_string_append (text, words[g_rand_int_range (rand, 0, G_N_ELEMENTS (words))]);
    }
}

static void
check (sqlite3 *db,
       int      rc)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

/* Writes the history in one transaction.  Conversation 1 has N_BIG
 * messages, the newest conversation none, and the others share the rest.
 */
void
confab_test_history_generate (const char *path,
                              gint64     *big_id,
                              gint64     *empty_id)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  g_autoptr(GString) text = g_string_new (NULL);
  sqlite3_stmt *conversation = NULL;
  sqlite3_stmt *message = NULL;
  gint64 start = g_get_real_time () - (gint64) N_MESSAGES * G_USEC_PER_SEC * 60;
  guint n_written = 0;
  sqlite3 *db = NULL;
  gint64 t0 = g_get_monotonic_time ();

  /* The store makes the schema. */
  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  check (db, sqlite3_open (path, &db));
  check (db, sqlite3_exec (db, "BEGIN", NULL, NULL, NULL));
  check (db, sqlite3_prepare_v2 (db,
                                 "INSERT INTO conversations (id, title, created, updated) VALUES (?1, ?2, ?3, ?4)",
                                 -1, &conversation, NULL));
  check (db, sqlite3_prepare_v2 (db,
                                 "INSERT INTO messages (conversation_id, position, role, content, state, model,"
                                 "  created, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, total_tokens,"
                                 "  parent_id)"
                                 "  VALUES (?1, ?2, ?3, ?4, 'complete', ?5, ?6, ?7, ?8, ?9, NULL, ?10, ?11)",
                                 -1, &message, NULL));

  for (gint64 c = 1; c <= N_CONVERSATIONS; c++)
    {
      guint n;

      if (c == 1)
        n = N_BIG;
      else if (c == N_CONVERSATIONS)
        n = 0;
      else
        n = (N_MESSAGES - N_BIG) / (N_CONVERSATIONS - 2) + (c <= (N_MESSAGES - N_BIG) % (N_CONVERSATIONS - 2) + 1 ? 1 : 0);

      confab_test_history_make_text (text, rand, 5);
      sqlite3_bind_int64 (conversation, 1, c);
      sqlite3_bind_text (conversation, 2, text->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (conversation, 3, start + (gint64) n_written * G_USEC_PER_SEC * 60);
      sqlite3_bind_int64 (conversation, 4, start + (gint64) (n_written + n) * G_USEC_PER_SEC * 60);
      check (db, sqlite3_step (conversation));
      sqlite3_reset (conversation);

      for (guint p = 0; p < n; p++, n_written++)
        {
          gboolean user = p % 2 == 0;

          confab_test_history_make_text (text, rand, user ? 15 : 90 + g_rand_int_range (rand, 0, 40));
          sqlite3_bind_int64 (message, 1, c);
          sqlite3_bind_int (message, 2, p);
          sqlite3_bind_text (message, 3, user ? "user" : "assistant", -1, SQLITE_STATIC);
          sqlite3_bind_text (message, 4, text->str, -1, SQLITE_TRANSIENT);
          if (user)
            sqlite3_bind_null (message, 5);
          else
            sqlite3_bind_text (message, 5, c % 3 ? "gpt-4o-mini" : "llama-3-70b", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (message, 6, start + (gint64) n_written * G_USEC_PER_SEC * 60);
          for (int column = 7; column <= 10; column++)
            {
              if (user)
                sqlite3_bind_null (message, column);
              else
                sqlite3_bind_int64 (message, column, g_rand_int_range (rand, 0, 4000));
            }
          /* Each message follows the one before it: one version of each. */
          if (p == 0)
            sqlite3_bind_null (message, 11);
          else
            sqlite3_bind_int64 (message, 11, sqlite3_last_insert_rowid (db));
          check (db, sqlite3_step (message));
          sqlite3_reset (message);
        }

      if (c == 1)
        *big_id = c;
      if (n == 0)
        *empty_id = c;
    }

  sqlite3_finalize (conversation);
  sqlite3_finalize (message);
  check (db, sqlite3_exec (db, "COMMIT", NULL, NULL, NULL));
  check (db, sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL));
  sqlite3_close (db);

  g_assert_cmpuint (n_written, ==, N_MESSAGES);
  {
    GStatBuf buf;

    g_stat (path, &buf);
    g_print ("Generated %d conversations, %u messages in %.0f ms (%.1f MiB)\n",
             N_CONVERSATIONS, n_written, (g_get_monotonic_time () - t0) / 1000.0, buf.st_size / (1024.0 * 1024.0));
  }
}

