/* bench-usage-report.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Generates the benchmarks' history (1,000 conversations, 100,000
 * messages of which 50,000 answers with usage, over the last 70 days)
 * and prints what opening the Usage window costs: the usage query for
 * all time and for the last 30 days, on the main connection and through
 * the async worker, and the CSV export of all time.  The goal is under
 * 200 ms of query time.  It never fails on time.
 *
 * bench-usage-report PATH keeps the generated history in PATH and uses
 * it again when it is there.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confab-test-bench.h"
#include "confab-test-history.h"
#include "confab-usage-report.h"

#define N_RUNS 7

static void
query_ready_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  ConfabUsageReport **report = user_data;
  g_autoptr(GError) error = NULL;

  *report = confab_store_query_usage_finish (CONFAB_STORE (object), result, &error);
  g_assert_no_error (error);
}

static void
bench_query (ConfabStore   *store,
             const char    *name,
             gint64         from,
             gint64         to,
             GTimeZone     *tz,
             ConfabPricing *pricing)
{
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;
  double ms[N_RUNS];
  double first, t0;
  ConfabUsageTotals *total;

  t0 = confab_bench_now_ms ();
  report = confab_store_query_usage (store, from, to, tz, pricing, &error);
  first = confab_bench_now_ms () - t0;
  g_assert_no_error (error);

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(ConfabUsageReport) again = NULL;

      t0 = confab_bench_now_ms ();
      again = confab_store_query_usage (store, from, to, tz, pricing, &error);
      ms[i] = confab_bench_now_ms () - t0;
      g_assert_no_error (error);
    }

  total = confab_usage_report_get_total (report);
  g_print ("Query %-9s %6.1f ms first, %6.1f ms median of %d: %u requests, %u days, %u models,"
           " %u conversations, %u costed\n",
           name, first, confab_bench_median (ms, N_RUNS), N_RUNS,
           confab_usage_totals_get_n_requests (total),
           g_list_model_get_n_items (confab_usage_report_get_by_day (report)),
           g_list_model_get_n_items (confab_usage_report_get_by_model (report)),
           g_list_model_get_n_items (confab_usage_report_get_by_conversation (report)),
           confab_usage_totals_get_n_costed (total));
  g_clear_object (&report);

  /* As the Usage window asks: on the worker, until the callback. */
  for (guint i = 0; i < N_RUNS; i++)
    {
      t0 = confab_bench_now_ms ();
      confab_store_query_usage_async (store, from, to, tz, pricing, NULL, query_ready_cb, &report);
      while (report == NULL)
        g_main_context_iteration (NULL, TRUE);
      ms[i] = confab_bench_now_ms () - t0;
      g_clear_object (&report);
    }
  g_print ("Query %-9s %6.1f ms first async, %6.1f ms median of %d until the callback\n",
           name, ms[0], confab_bench_median (ms, N_RUNS), N_RUNS);
}

static void
bench_csv (ConfabStore   *store,
           const char    *dir,
           GTimeZone     *tz,
           ConfabPricing *pricing)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, "usage.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  double ms[N_RUNS];
  goffset size = 0;

  for (guint i = 0; i < N_RUNS; i++)
    {
      g_autoptr(GFileOutputStream) stream = NULL;
      double t0 = confab_bench_now_ms ();

      stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, NULL, &error);
      g_assert_no_error (error);
      confab_store_write_usage_csv (store, 0, G_MAXINT64, tz, pricing, G_OUTPUT_STREAM (stream), NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (G_OUTPUT_STREAM (stream), NULL, &error);
      g_assert_no_error (error);
      ms[i] = confab_bench_now_ms () - t0;
    }

  {
    GStatBuf buf;

    if (g_stat (path, &buf) == 0)
      size = buf.st_size;
  }

  g_print ("CSV all time:   %6.1f ms first, %6.1f ms median of %d (%.1f MiB)\n",
           ms[0], confab_bench_median (ms, N_RUNS), N_RUNS, size / (1024.0 * 1024.0));
  g_remove (path);
}

/* confab_test_history_generate() means to write a message a minute,
 * but its times are computed in 32 bits and wrap around every 71
 * minutes, so that all its messages fall within one day.  The review
 * is about days: spread them over the 70 days before now as meant.
 */
static void
spread_times (const char *path,
              gint64      now)
{
  g_autofree char *sql = NULL;
  sqlite3 *db = NULL;
  double t0 = confab_bench_now_ms ();

  sql = g_strdup_printf ("UPDATE messages SET created = %" G_GINT64_FORMAT " + (id - 1) * %" G_GINT64_FORMAT ";"
                         "UPDATE conversations SET"
                         "  created = (SELECT MIN (created) FROM messages WHERE conversation_id = conversations.id),"
                         "  updated = (SELECT MAX (created) FROM messages WHERE conversation_id = conversations.id)"
                         "  WHERE EXISTS (SELECT 1 FROM messages WHERE conversation_id = conversations.id);",
                         now - (gint64) N_MESSAGES * G_TIME_SPAN_MINUTE, (gint64) G_TIME_SPAN_MINUTE);
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  g_print ("Spread the messages over %d days, one a minute, in %.0f ms\n",
           (int) (N_MESSAGES / (24 * 60)) + 1, confab_bench_now_ms () - t0);
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
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(ConfabPricing) pricing = confab_pricing_new ();
  ConfabPrice price = { 0.15, 0.075, 0.60 };
  gint64 now = g_get_real_time ();
  gint64 big_id = 0;
  gint64 empty_id = 0;
  double t0;

  g_assert_no_error (error);
  g_assert_nonnull (tz);
  if (argc > 1)
    {
      path = g_strdup (argv[1]);
    }
  else
    {
      path = g_build_filename (dir, "full.db", NULL);
    }
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    {
      confab_test_history_generate (path, &big_id, &empty_id);
      spread_times (path, now);
    }

  /* The price of one of the two models only. */
  confab_pricing_set (pricing, "gpt-4o-mini", &price);

  t0 = confab_bench_now_ms ();
  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  g_print ("Open:           %6.1f ms\n", confab_bench_now_ms () - t0);

  bench_query (store, "all time", 0, G_MAXINT64, tz, pricing);
  bench_query (store, "30 days", now - 30 * G_TIME_SPAN_DAY, G_MAXINT64, tz, pricing);
  bench_query (store, "today", now - G_TIME_SPAN_DAY, G_MAXINT64, tz, pricing);
  bench_csv (store, dir, tz, pricing);

  g_clear_object (&store);
  if (argc <= 1)
    remove_database (path);
  g_rmdir (dir);

  return 0;
}
