/* bench-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates a history of 1,000 conversations and 100,000 messages (one
 * of them 10,000 messages long, one empty) and prints what the UI will
 * feel: opening the store and listing the conversations, cold (the file
 * dropped from the page cache) and warm, against an empty database; the
 * time and RSS growth of loading the 10,000-message conversation against
 * the empty one; a save while streaming; and searches.  It never fails
 * on time.
 */

#include "config.h"

#include <fcntl.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <unistd.h>

#include "confab-store.h"

#define N_CONVERSATIONS 1000
#define N_MESSAGES      100000
#define N_BIG           10000
#define N_RUNS          7

static const char *words[] = {
  "the", "model", "answer", "stream", "token", "window", "history", "search",
  "zebra", "database", "question", "because", "people", "write", "code",
  "function", "return", "value", "memory", "thread", "GNOME", "library",
  "서울", "얼룩말", "대화", "검색", "기록", "모델", "답변", "질문", "오늘", "내일",
};

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static double
rss_mib (void)
{
  g_autofree char *statm = NULL;
  long size = 0;
  long resident = 0;

  if (!g_file_get_contents ("/proc/self/statm", &statm, NULL, NULL) ||
      sscanf (statm, "%ld %ld", &size, &resident) != 2)
    return 0;

  return resident * (double) sysconf (_SC_PAGESIZE) / (1024.0 * 1024.0);
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a;
  double y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (double *values,
        guint   n)
{
  qsort (values, n, sizeof (double), compare_doubles);

  return values[n / 2];
}

/* Drops the database's pages from the page cache, so that the next
 * open reads from the disk as after a reboot.
 */
static void
evict (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);
      int fd = open (file, O_RDONLY);

      if (fd < 0)
        continue;

      fdatasync (fd);
      posix_fadvise (fd, 0, 0, POSIX_FADV_DONTNEED);
      close (fd);
    }
}

static void
make_text (GString *text,
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
static void
generate (const char *path,
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
  double t0 = now_ms ();

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
                                 "  created, prompt_tokens, cached_tokens, completion_tokens, reasoning_tokens, total_tokens)"
                                 "  VALUES (?1, ?2, ?3, ?4, 'complete', ?5, ?6, ?7, ?8, ?9, NULL, ?10)",
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

      make_text (text, rand, 5);
      sqlite3_bind_int64 (conversation, 1, c);
      sqlite3_bind_text (conversation, 2, text->str, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (conversation, 3, start + n_written * G_USEC_PER_SEC * 60);
      sqlite3_bind_int64 (conversation, 4, start + (n_written + n) * G_USEC_PER_SEC * 60);
      check (db, sqlite3_step (conversation));
      sqlite3_reset (conversation);

      for (guint p = 0; p < n; p++, n_written++)
        {
          gboolean user = p % 2 == 0;

          make_text (text, rand, user ? 15 : 90 + g_rand_int_range (rand, 0, 40));
          sqlite3_bind_int64 (message, 1, c);
          sqlite3_bind_int (message, 2, p);
          sqlite3_bind_text (message, 3, user ? "user" : "assistant", -1, SQLITE_STATIC);
          sqlite3_bind_text (message, 4, text->str, -1, SQLITE_TRANSIENT);
          if (user)
            sqlite3_bind_null (message, 5);
          else
            sqlite3_bind_text (message, 5, c % 3 ? "gpt-4o-mini" : "llama-3-70b", -1, SQLITE_STATIC);
          sqlite3_bind_int64 (message, 6, start + n_written * G_USEC_PER_SEC * 60);
          for (int column = 7; column <= 10; column++)
            {
              if (user)
                sqlite3_bind_null (message, column);
              else
                sqlite3_bind_int64 (message, column, g_rand_int_range (rand, 0, 4000));
            }
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
             N_CONVERSATIONS, n_written, now_ms () - t0, buf.st_size / (1024.0 * 1024.0));
  }
}

/* Opens the store and reads the whole list, as the sidebar does. */
static double
time_open_and_list (const char *path,
                    gboolean    cold)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;
  GListModel *list;
  double t0;
  guint n;

  if (cold)
    evict (path);

  t0 = now_ms ();
  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  list = confab_store_get_conversations (store);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (list, i);

      g_assert_nonnull (confab_conversation_info_get_title (info));
    }

  return now_ms () - t0;
}

static void
bench_open (const char *empty_path,
            const char *path)
{
  double empty_cold, full_cold;
  double empty_warm[N_RUNS], full_warm[N_RUNS];

  empty_cold = time_open_and_list (empty_path, TRUE);
  full_cold = time_open_and_list (path, TRUE);
  for (guint i = 0; i < N_RUNS; i++)
    {
      empty_warm[i] = time_open_and_list (empty_path, FALSE);
      full_warm[i] = time_open_and_list (path, FALSE);
    }

  g_print ("Open + list, cold:   empty %.2f ms, 1,000 conversations %.2f ms (%.2f×)\n",
           empty_cold, full_cold, full_cold / empty_cold);
  g_print ("Open + list, warm:   empty %.2f ms, 1,000 conversations %.2f ms (median of %d)\n",
           median (empty_warm, N_RUNS), median (full_warm, N_RUNS), N_RUNS);
}

static void
load_ready_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  GListStore **messages = user_data;
  g_autoptr(GError) error = NULL;

  *messages = confab_store_load_messages_finish (CONFAB_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
bench_load (ConfabStore *store,
            gint64       big_id,
            gint64       empty_id)
{
  g_autoptr(GListStore) empty = NULL;
  g_autoptr(GListStore) big = NULL;
  g_autoptr(GError) error = NULL;
  double empty_ms[N_RUNS], big_ms[N_RUNS];
  double rss0, rss1, rss2;
  double t0, empty_first, big_first;

  rss0 = rss_mib ();
  t0 = now_ms ();
  empty = confab_store_load_messages (store, empty_id, &error);
  empty_first = now_ms () - t0;
  g_assert_no_error (error);
  rss1 = rss_mib ();

  t0 = now_ms ();
  big = confab_store_load_messages (store, big_id, &error);
  big_first = now_ms () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (big)), ==, N_BIG);
  rss2 = rss_mib ();

  g_print ("Load, first:         empty %.2f ms (+%.1f MiB RSS), 10,000 messages %.1f ms (+%.1f MiB RSS)\n",
           empty_first, rss1 - rss0, big_first, rss2 - rss1);
  g_clear_object (&big);
  g_clear_object (&empty);

  for (guint i = 0; i < N_RUNS; i++)
    {
      t0 = now_ms ();
      empty = confab_store_load_messages (store, empty_id, NULL);
      empty_ms[i] = now_ms () - t0;
      t0 = now_ms ();
      big = confab_store_load_messages (store, big_id, NULL);
      big_ms[i] = now_ms () - t0;
      g_clear_object (&big);
      g_clear_object (&empty);
    }

  g_print ("Load, warm:          empty %.2f ms, 10,000 messages %.1f ms (median of %d)\n",
           median (empty_ms, N_RUNS), median (big_ms, N_RUNS), N_RUNS);

  /* On the worker thread: the main loop is free meanwhile.  The first
   * call also opens the workers' connection.
   */
  for (guint i = 0; i < 2; i++)
    {
      t0 = now_ms ();
      confab_store_load_messages_async (store, big_id, NULL, load_ready_cb, &big);
      while (big == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_print ("Load, async (%s): 10,000 messages %.1f ms until the callback\n",
               i == 0 ? "first" : "then ", now_ms () - t0);
      g_clear_object (&big);
    }
}

static void
bench_update (ConfabStore *store,
              gint64       big_id)
{
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  double appends[N_RUNS];
  double ms[100];
  double t0;

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "One more question");

      t0 = now_ms ();
      confab_store_append_message (store, big_id, prompt, &error);
      appends[i] = now_ms () - t0;
      g_assert_no_error (error);
    }
  g_print ("Append:              %.2f ms first, %.2f ms median, to a 10,000-message conversation\n",
           appends[0], median (appends, N_RUNS));

  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, big_id, answer, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      make_text (text, rand, 20);
      confab_message_append_delta (answer, text->str, NULL);
      t0 = now_ms ();
      confab_store_update_message (store, answer, &error);
      ms[i] = now_ms () - t0;
      g_assert_no_error (error);
    }

  g_print ("Update while streaming: %.2f ms median, %.2f ms at %.0f KiB\n",
           median (ms, G_N_ELEMENTS (ms)), ms[G_N_ELEMENTS (ms) - 1],
           confab_message_get_content_length (answer) / 1024.0);
}

static void
bench_search (ConfabStore *store)
{
  const char *queries[] = { "zebra", "얼룩말", "stream window", "\"NEAR\" -x*", "nothingmatches" };

  for (guint i = 0; i < G_N_ELEMENTS (queries); i++)
    {
      g_autoptr(GListModel) results = NULL;
      g_autoptr(GError) error = NULL;
      double t0 = now_ms ();

      results = confab_store_search (store, queries[i], 50, &error);
      g_assert_no_error (error);
      g_print ("Search %-16s %.1f ms, %u results\n",
               queries[i], now_ms () - t0, g_list_model_get_n_items (results));
    }
}

static void
remove_database (const char *path)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("confab-bench-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *empty_path = NULL;
  g_autofree char *scratch_path = NULL;
  g_autoptr(ConfabStore) store = NULL;
  gint64 big_id = 0;
  gint64 empty_id = 0;

  g_assert_no_error (error);
  path = g_build_filename (dir, "full.db", NULL);
  empty_path = g_build_filename (dir, "empty.db", NULL);
  scratch_path = g_build_filename (dir, "scratch.db", NULL);

  /* The first open in a process pays for SQLite's own set-up; neither
   * measured database should.
   */
  store = confab_store_new_for_path (scratch_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);
  store = confab_store_new_for_path (empty_path, &error);
  g_assert_no_error (error);
  g_clear_object (&store);

  generate (path, &big_id, &empty_id);
  bench_open (empty_path, path);

  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  bench_load (store, big_id, empty_id);
  bench_update (store, big_id);
  bench_search (store);
  g_clear_object (&store);

  remove_database (path);
  remove_database (empty_path);
  remove_database (scratch_path);
  g_rmdir (dir);

  return 0;
}
