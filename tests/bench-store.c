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
#include "confab-test-bench.h"
#include "confab-test-history.h"

#define N_RUNS          7

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

  t0 = confab_bench_now_ms ();
  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  list = confab_store_get_conversations (store);
  n = g_list_model_get_n_items (list);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (list, i);

      g_assert_nonnull (confab_conversation_info_get_title (info));
    }

  return confab_bench_now_ms () - t0;
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
           confab_bench_median (empty_warm, N_RUNS), confab_bench_median (full_warm, N_RUNS), N_RUNS);
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

  rss0 = confab_bench_rss_mib ();
  t0 = confab_bench_now_ms ();
  empty = confab_store_load_messages (store, empty_id, &error);
  empty_first = confab_bench_now_ms () - t0;
  g_assert_no_error (error);
  rss1 = confab_bench_rss_mib ();

  t0 = confab_bench_now_ms ();
  big = confab_store_load_messages (store, big_id, &error);
  big_first = confab_bench_now_ms () - t0;
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (big)), ==, N_BIG);
  rss2 = confab_bench_rss_mib ();

  g_print ("Load, first:         empty %.2f ms (+%.1f MiB RSS), 10,000 messages %.1f ms (+%.1f MiB RSS)\n",
           empty_first, rss1 - rss0, big_first, rss2 - rss1);
  g_clear_object (&big);
  g_clear_object (&empty);

  for (guint i = 0; i < N_RUNS; i++)
    {
      t0 = confab_bench_now_ms ();
      empty = confab_store_load_messages (store, empty_id, NULL);
      empty_ms[i] = confab_bench_now_ms () - t0;
      t0 = confab_bench_now_ms ();
      big = confab_store_load_messages (store, big_id, NULL);
      big_ms[i] = confab_bench_now_ms () - t0;
      g_clear_object (&big);
      g_clear_object (&empty);
    }

  g_print ("Load, warm:          empty %.2f ms, 10,000 messages %.1f ms (median of %d)\n",
           confab_bench_median (empty_ms, N_RUNS), confab_bench_median (big_ms, N_RUNS), N_RUNS);

  /* On the worker thread: the main loop is free meanwhile.  The first
   * call also opens the workers' connection.
   */
  for (guint i = 0; i < 2; i++)
    {
      t0 = confab_bench_now_ms ();
      confab_store_load_messages_async (store, big_id, NULL, load_ready_cb, &big);
      while (big == NULL)
        g_main_context_iteration (NULL, TRUE);
      g_print ("Load, async (%s): 10,000 messages %.1f ms until the callback\n",
               i == 0 ? "first" : "then ", confab_bench_now_ms () - t0);
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

      t0 = confab_bench_now_ms ();
      confab_store_append_message (store, big_id, prompt, &error);
      appends[i] = confab_bench_now_ms () - t0;
      g_assert_no_error (error);
    }
  g_print ("Append:              %.2f ms first, %.2f ms median, to a 10,000-message conversation\n",
           appends[0], confab_bench_median (appends, N_RUNS));

  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_store_append_message (store, big_id, answer, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (ms); i++)
    {
      confab_test_history_make_text (text, rand, 20);
      confab_message_append_delta (answer, text->str, NULL);
      t0 = confab_bench_now_ms ();
      confab_store_update_message (store, answer, &error);
      ms[i] = confab_bench_now_ms () - t0;
      g_assert_no_error (error);
    }

  g_print ("Update while streaming: %.2f ms median, %.2f ms at %.0f KiB\n",
           confab_bench_median (ms, G_N_ELEMENTS (ms)), ms[G_N_ELEMENTS (ms) - 1],
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
      double t0 = confab_bench_now_ms ();

      results = confab_store_search (store, queries[i], 50, &error);
      g_assert_no_error (error);
      g_print ("Search %-16s %.1f ms, %u results\n",
               queries[i], confab_bench_now_ms () - t0, g_list_model_get_n_items (results));
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

  confab_test_history_generate (path, &big_id, &empty_id);
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
