/* test-usage-report-totals.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The totals of the usage review: all, by day, by model and by chat,
 * within the bounds asked for, and across changes of daylight saving
 * time.
 */

#include "config.h"

#include "test-usage-report.h"

void
test_totals (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  ConfabUsageTotals *total;

  seed (fixture, seeded);
  report = query (fixture->store, SEOUL (20, 0, 0), SEOUL (25, 0, 0), seeded->tz, NULL);
  total = confab_usage_report_get_total (report);

  /* Answers 2 3 4 7 8 10 11; 3 reported nothing. */
  assert_totals (total, 7, 1, 1187, 30, 2067, 1510, 3219);
  g_assert_cmpstr (confab_usage_totals_get_label (total), ==, "");
  g_assert_null (confab_usage_totals_get_day (total));
  g_assert_null (confab_usage_totals_get_model (total));
  g_assert_cmpint (confab_usage_totals_get_conversation_id (total), ==, 0);
  /* No prices, no cost. */
  assert_cost (total, 0, 0);

  /* The same from the whole history. */
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 7, 1, 1187, 30, 2067, 1510, 3219);
}

void
test_by_day (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  GListModel *days;

  seed (fixture, seeded);
  report = query (fixture->store, SEOUL (20, 0, 0), SEOUL (25, 0, 0), seeded->tz, seeded->pricing);
  days = confab_usage_report_get_by_day (report);

  g_assert_true (g_list_model_get_item_type (days) == CONFAB_TYPE_USAGE_TOTALS);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 0), seeded->tz, "2026-11-20");
  assert_totals (nth (days, 0), 3, 1, 107, 20, 53, 10, 160);
  assert_cost (nth (days, 0), 670e-6, 1);
  /* Answer 8, at 23:30 UTC on the 20th. */
  assert_day (nth (days, 1), seeded->tz, "2026-11-21");
  assert_totals (nth (days, 1), 1, 0, 1000, 0, 2000, 1500, 3000);
  assert_cost (nth (days, 1), 0, 0);
  /* 4 and 7 reported neither cached nor reasoning tokens. */
  assert_day (nth (days, 2), seeded->tz, "2026-11-22");
  assert_totals (nth (days, 2), 2, 0, 70, NONE, 13, NONE, 48);
  assert_cost (nth (days, 2), 160e-6, 1);
  /* A day without requests is there, empty. */
  assert_day (nth (days, 3), seeded->tz, "2026-11-23");
  assert_totals (nth (days, 3), 0, 0, NONE, NONE, NONE, NONE, NONE);
  assert_cost (nth (days, 3), 0, 0);
  assert_day (nth (days, 4), seeded->tz, "2026-11-24");
  assert_totals (nth (days, 4), 1, 0, 10, 10, 1, NONE, 11);
  assert_cost (nth (days, 4), 15e-6, 1);

  /* In UTC answer 8 is on the 20th and the days start nine hours later. */
  g_clear_object (&report);
  report = query (fixture->store, SEOUL (20, 9, 0), SEOUL (25, 9, 0), utc, NULL);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 0), utc, "2026-11-20");
  assert_totals (nth (days, 0), 4, 1, 1107, 20, 2053, 1510, 3160);
  /* 4 is at 23:00 UTC on the 21st, 7 at 01:00 on the 22nd. */
  assert_day (nth (days, 1), utc, "2026-11-21");
  assert_totals (nth (days, 1), 1, 0, 30, NONE, 5, NONE, NONE);
  assert_day (nth (days, 2), utc, "2026-11-22");
  assert_totals (nth (days, 2), 1, 0, 40, NONE, 8, NONE, 48);
  assert_day (nth (days, 4), utc, "2026-11-24");
  g_assert_cmpint (g_date_time_get_utc_offset (confab_usage_totals_get_day (nth (days, 4))), ==, 0);

  /* All time: from the first request's day to the last's, with the
   * empty one between.
   */
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, NULL);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 0), seeded->tz, "2026-11-20");
  assert_day (nth (days, 3), seeded->tz, "2026-11-23");
  assert_day (nth (days, 4), seeded->tz, "2026-11-24");

  /* From a day on, until now: the days run on to today. */
  g_clear_object (&report);
  report = query (fixture->store, SEOUL (23, 0, 0), G_MAXINT64, seeded->tz, NULL);
  days = confab_usage_report_get_by_day (report);
  {
    g_autoptr(GDateTime) now = g_date_time_new_now (seeded->tz);
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    guint n = g_list_model_get_n_items (days);
    const char *last;

    g_assert_cmpuint (n, >=, 2);
    assert_day (nth (days, 0), seeded->tz, "2026-11-23");
    assert_day (nth (days, 1), seeded->tz, "2026-11-24");
    last = confab_usage_totals_get_label (nth (days, n - 1));
    g_assert_cmpstr (last, ==, strcmp (today, "2026-11-24") > 0 ? today : "2026-11-24");
    assert_totals (confab_usage_report_get_total (report), 1, 0, 10, 10, 1, NONE, 11);
  }
}

void
test_by_model (Fixture       *fixture,
               gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  GListModel *models;
  ConfabPrice m2 = { 1.0, CONFAB_PRICE_UNSET, 1.0 };

  seed (fixture, seeded);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  models = confab_usage_report_get_by_model (report);

  /* Most tokens first. */
  g_assert_cmpuint (g_list_model_get_n_items (models), ==, 3);
  g_assert_cmpstr (confab_usage_totals_get_model (nth (models, 0)), ==, "m2");
  g_assert_cmpstr (confab_usage_totals_get_label (nth (models, 0)), ==, "m2");
  assert_totals (nth (models, 0), 2, 0, 1030, 0, 2005, 1500, 3000);
  assert_cost (nth (models, 0), 0, 0);
  g_assert_cmpstr (confab_usage_totals_get_model (nth (models, 1)), ==, "m1");
  assert_totals (nth (models, 1), 4, 1, 150, 30, 59, 10, 209);
  /* 2: (80 × 2 + 20 × 0.5 + 50 × 10) / 10⁶; 7: (40 × 2 + 8 × 10) / 10⁶;
   * 11: (10 × 0.5 + 1 × 10) / 10⁶; 3 reported nothing.
   */
  assert_cost (nth (models, 1), 845e-6, 3);
  /* The answer whose model was not recorded. */
  g_assert_cmpstr (confab_usage_totals_get_model (nth (models, 2)), ==, "");
  g_assert_cmpstr (confab_usage_totals_get_label (nth (models, 2)), ==, "");
  assert_totals (nth (models, 2), 1, 0, 7, NONE, 3, NONE, 10);
  g_assert_null (confab_usage_totals_get_day (nth (models, 2)));
  g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (models, 2)), ==, 0);

  assert_cost (confab_usage_report_get_total (report), 845e-6, 3);

  /* With a price for m2 too (cached unset, so at the input price). */
  confab_pricing_set (seeded->pricing, "m2", &m2);
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  models = confab_usage_report_get_by_model (report);
  assert_cost (nth (models, 0), (35 + 3000) / 1e6, 2);
  assert_cost (confab_usage_report_get_total (report), (845 + 35 + 3000) / 1e6, 5);

  /* No prices at all: nothing is costed, nothing made up. */
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, NULL);
  assert_cost (confab_usage_report_get_total (report), 0, 0);
  assert_cost (nth (confab_usage_report_get_by_model (report), 1), 0, 0);
}

void
test_by_conversation (Fixture       *fixture,
                      gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  GListModel *conversations;
  gint64 conversation_id = 0;
  g_autofree char *label = NULL;

  seed (fixture, seeded);
  report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  conversations = confab_usage_report_get_by_conversation (report);

  /* B, A, E, D by total tokens; C is in the trash. */
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 4);
  g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 0)), ==, seeded->b);
  g_assert_cmpstr (confab_usage_totals_get_label (nth (conversations, 0)), ==, "=SUM(A1)");
  assert_totals (nth (conversations, 0), 1, 0, 1000, 0, 2000, 1500, 3000);

  g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 1)), ==, seeded->a);
  g_assert_cmpstr (confab_usage_totals_get_label (nth (conversations, 1)), ==, "Plans, \"quoted\"\nand more");
  assert_totals (nth (conversations, 1), 4, 1, 170, 20, 63, 10, 198);
  assert_cost (nth (conversations, 1), 830e-6, 2);
  g_assert_null (confab_usage_totals_get_model (nth (conversations, 1)));
  g_assert_null (confab_usage_totals_get_day (nth (conversations, 1)));

  g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 2)), ==, seeded->e);
  g_assert_cmpstr (confab_usage_totals_get_label (nth (conversations, 2)), ==, "+Restored, again");
  assert_totals (nth (conversations, 2), 1, 0, 10, 10, 1, NONE, 11);
  assert_cost (nth (conversations, 2), 15e-6, 1);

  /* Untitled. */
  g_object_get (nth (conversations, 3), "conversation-id", &conversation_id, "label", &label, NULL);
  g_assert_cmpint (conversation_id, ==, seeded->d);
  g_assert_cmpstr (label, ==, "");
  assert_totals (nth (conversations, 3), 1, 0, 7, NONE, 3, NONE, 10);
  assert_cost (nth (conversations, 3), 0, 0);

  /* Restoring the trashed one brings its requests back. */
  {
    g_autoptr(GError) error = NULL;

    confab_store_restore_conversation (fixture->store, seeded->c, &error);
    g_assert_no_error (error);
    g_clear_object (&report);
    report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
    conversations = confab_usage_report_get_by_conversation (report);
    g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 5);
    g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 0)), ==, seeded->c);
    assert_totals (confab_usage_report_get_total (report), 8, 1, 6187, 30, 7067, 1510, 13219);

    /* Deleted for good, what it spent still counts, as conversation 0:
     * the chats that are gone.
     */
    confab_store_delete_conversation (fixture->store, seeded->c, &error);
    g_assert_no_error (error);
    g_clear_object (&report);
    report = query (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
    assert_totals (confab_usage_report_get_total (report), 8, 1, 6187, 30, 7067, 1510, 13219);
    conversations = confab_usage_report_get_by_conversation (report);
    g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, 5);
    g_assert_cmpint (confab_usage_totals_get_conversation_id (nth (conversations, 0)), ==, 0);
    g_assert_cmpstr (confab_usage_totals_get_label (nth (conversations, 0)), ==, "");
    assert_totals (nth (conversations, 0), 1, 0, 5000, NONE, 5000, NONE, 10000);
  }
}

void
test_bounds (Fixture       *fixture,
             gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  GListModel *days;

  seed (fixture, seeded);

  /* [from, to): answer 8 is exactly at from and in, 7 exactly at to
   * and out; 4 between.
   */
  report = query (fixture->store, SEOUL (21, 8, 30), SEOUL (22, 10, 0), seeded->tz, seeded->pricing);
  assert_totals (confab_usage_report_get_total (report), 2, 0, 1030, 0, 2005, 1500, 3000);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 2);
  assert_day (nth (days, 0), seeded->tz, "2026-11-21");
  assert_day (nth (days, 1), seeded->tz, "2026-11-22");
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_model (report)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_conversation (report)), ==, 2);

  /* One microsecond more takes 7 in. */
  g_clear_object (&report);
  report = query (fixture->store, SEOUL (21, 8, 30), SEOUL (22, 10, 0) + 1, seeded->tz, seeded->pricing);
  g_assert_cmpuint (confab_usage_totals_get_n_requests (confab_usage_report_get_total (report)), ==, 3);

  /* A period without requests: its days, all empty, and nothing else. */
  g_clear_object (&report);
  report = query (fixture->store,
                  local_usec (seeded->tz, 2026, 12, 30, 0, 0),
                  local_usec (seeded->tz, 2027, 1, 2, 0, 0),
                  seeded->tz, seeded->pricing);
  assert_totals (confab_usage_report_get_total (report), 0, 0, NONE, NONE, NONE, NONE, NONE);
  assert_cost (confab_usage_report_get_total (report), 0, 0);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 3);
  assert_day (nth (days, 0), seeded->tz, "2026-12-30");
  assert_day (nth (days, 2), seeded->tz, "2027-01-01");
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_model (report)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_conversation (report)), ==, 0);

  /* A period of centuries: only the days of its requests. */
  g_clear_object (&report);
  report = query (fixture->store, 1, local_usec (seeded->tz, 9000, 1, 1, 0, 0), seeded->tz, NULL);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 0), seeded->tz, "2026-11-20");
  assert_day (nth (days, 4), seeded->tz, "2026-11-24");

  /* An empty period. */
  g_clear_object (&report);
  report = query (fixture->store, SEOUL (22, 0, 0), SEOUL (22, 0, 0), seeded->tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 0, 0, NONE, NONE, NONE, NONE, NONE);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_day (report)), ==, 0);
}

void
test_empty_history (Fixture       *fixture,
                    gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Berlin");
  g_autoptr(ConfabUsageReport) report = NULL;
  gint64 id;

  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 0, 0, NONE, NONE, NONE, NONE, NONE);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_day (report)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_model (report)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_conversation (report)), ==, 0);

  /* Prompts and unfinished answers are not requests. */
  id = create_conversation (fixture->store, NULL);
  add_prompt (fixture->store, id, local_usec (tz, 2026, 6, 1, 12, 0));
  add_answer (fixture->store, id, local_usec (tz, 2026, 6, 1, 12, 1), "m1", "pending",
              NONE, NONE, NONE, NONE, NONE);
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  g_assert_cmpuint (confab_usage_totals_get_n_requests (confab_usage_report_get_total (report)), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_day (report)), ==, 0);

  /* Only unreported requests: counted, and their sums missing, not 0. */
  add_answer (fixture->store, id, local_usec (tz, 2026, 6, 1, 12, 2), "m1", "failed",
              NONE, NONE, NONE, NONE, NONE);
  add_answer (fixture->store, id, local_usec (tz, 2026, 6, 3, 12, 2), "m1", "complete",
              NONE, NONE, NONE, NONE, NONE);
  g_clear_object (&report);
  report = query (fixture->store, 0, G_MAXINT64, tz, NULL);
  assert_totals (confab_usage_report_get_total (report), 2, 2, NONE, NONE, NONE, NONE, NONE);
  g_assert_cmpuint (g_list_model_get_n_items (confab_usage_report_get_by_day (report)), ==, 3);
  assert_totals (nth (confab_usage_report_get_by_day (report), 1), 0, 0, NONE, NONE, NONE, NONE, NONE);
  assert_totals (nth (confab_usage_report_get_by_model (report), 0), 2, 2, NONE, NONE, NONE, NONE, NONE);
}

/* New York, around the start and the end of summer time in 2026
 * (8 March, 02:00 → 03:00; 1 November, 02:00 → 01:00).
 */
void
test_dst (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("America/New_York");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(ConfabUsageReport) report = NULL;
  ConfabStore *store = fixture->store;
  gint64 id = create_conversation (store, "DST");
  gint64 late = local_usec (tz, 2026, 3, 7, 23, 30);
  GListModel *days;

  /* 23:30 EST on the 7th is 04:30 UTC on the 8th. */
  {
    g_autoptr(GDateTime) in_utc = g_date_time_new_from_unix_utc (late / G_USEC_PER_SEC);

    g_assert_cmpint (g_date_time_get_day_of_month (in_utc), ==, 8);
  }

  add_answer (store, id, late, "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (store, id, local_usec (tz, 2026, 3, 8, 0, 30), "m", "complete", 10, NONE, 10, NONE, 20);
  add_answer (store, id, local_usec (tz, 2026, 3, 8, 3, 30), "m", "complete", 100, NONE, 100, NONE, 200);
  add_answer (store, id, local_usec (tz, 2026, 3, 8, 23, 30), "m", "complete", 1000, NONE, 1000, NONE, 2000);
  /* 24 hours after the 8th began, but on the 9th. */
  add_answer (store, id, local_usec (tz, 2026, 3, 9, 0, 15), "m", "complete", 50, NONE, 50, NONE, 100);
  add_answer (store, id, local_usec (tz, 2026, 3, 10, 12, 0), "m", "complete", 5, NONE, 5, NONE, 10);

  report = query (store, local_usec (tz, 2026, 3, 7, 0, 0), local_usec (tz, 2026, 3, 12, 0, 0), tz, NULL);
  days = confab_usage_report_get_by_day (report);
  g_assert_cmpuint (g_list_model_get_n_items (days), ==, 5);
  assert_day (nth (days, 0), tz, "2026-03-07");
  assert_totals (nth (days, 0), 1, 0, 1, NONE, 1, NONE, 2);
  /* The 23-hour day holds its first and its last half hour. */
  assert_day (nth (days, 1), tz, "2026-03-08");
  assert_totals (nth (days, 1), 3, 0, 1110, NONE, 1110, NONE, 2220);
  assert_day (nth (days, 2), tz, "2026-03-09");
  assert_totals (nth (days, 2), 1, 0, 50, NONE, 50, NONE, 100);
  assert_day (nth (days, 3), tz, "2026-03-10");
  assert_totals (nth (days, 3), 1, 0, 5, NONE, 5, NONE, 10);
  /* A day without requests. */
  assert_day (nth (days, 4), tz, "2026-03-11");
  assert_totals (nth (days, 4), 0, 0, NONE, NONE, NONE, NONE, NONE);

  g_assert_cmpint (g_date_time_get_utc_offset (confab_usage_totals_get_day (nth (days, 1))), ==, -5 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_get_utc_offset (confab_usage_totals_get_day (nth (days, 2))), ==, -4 * G_TIME_SPAN_HOUR);
  g_assert_cmpint (g_date_time_difference (confab_usage_totals_get_day (nth (days, 2)),
                                           confab_usage_totals_get_day (nth (days, 1))), ==, 23 * G_TIME_SPAN_HOUR);

  /* The same requests by UTC days. */
  g_clear_object (&report);
  report = query (store, local_usec (tz, 2026, 3, 7, 0, 0), local_usec (tz, 2026, 3, 12, 0, 0), utc, NULL);
  days = confab_usage_report_get_by_day (report);
  assert_day (nth (days, 0), utc, "2026-03-07");
  assert_totals (nth (days, 0), 0, 0, NONE, NONE, NONE, NONE, NONE);
  assert_day (nth (days, 1), utc, "2026-03-08");
  assert_totals (nth (days, 1), 3, 0, 111, NONE, 111, NONE, 222);
  assert_day (nth (days, 2), utc, "2026-03-09");
  assert_totals (nth (days, 2), 2, 0, 1050, NONE, 1050, NONE, 2100);

  /* The 25-hour day of 1 November, with 01:30 twice. */
  {
    gint64 first_half_past_one = local_usec (tz, 2026, 11, 1, 0, 30) + G_TIME_SPAN_HOUR;
    gint64 second_half_past_one = first_half_past_one + G_TIME_SPAN_HOUR;

    add_answer (store, id, local_usec (tz, 2026, 10, 31, 23, 59), "m", "complete", 1, NONE, 0, NONE, 1);
    add_answer (store, id, first_half_past_one, "m", "complete", 2, NONE, 0, NONE, 2);
    add_answer (store, id, second_half_past_one, "m", "complete", 4, NONE, 0, NONE, 4);
    add_answer (store, id, local_usec (tz, 2026, 11, 1, 23, 30), "m", "complete", 8, NONE, 0, NONE, 8);
    add_answer (store, id, local_usec (tz, 2026, 11, 2, 0, 0), "m", "complete", 16, NONE, 0, NONE, 16);

    g_clear_object (&report);
    report = query (store, local_usec (tz, 2026, 10, 31, 0, 0), local_usec (tz, 2026, 11, 3, 0, 0), tz, NULL);
    days = confab_usage_report_get_by_day (report);
    g_assert_cmpuint (g_list_model_get_n_items (days), ==, 3);
    assert_day (nth (days, 0), tz, "2026-10-31");
    assert_totals (nth (days, 0), 1, 0, 1, NONE, 0, NONE, 1);
    assert_day (nth (days, 1), tz, "2026-11-01");
    assert_totals (nth (days, 1), 3, 0, 14, NONE, 0, NONE, 14);
    assert_day (nth (days, 2), tz, "2026-11-02");
    assert_totals (nth (days, 2), 1, 0, 16, NONE, 0, NONE, 16);
    g_assert_cmpint (g_date_time_difference (confab_usage_totals_get_day (nth (days, 2)),
                                             confab_usage_totals_get_day (nth (days, 1))), ==, 25 * G_TIME_SPAN_HOUR);
  }
}

/* Requests every 37 minutes for six days around a change of the
 * clocks, in zones where it is an hour, half an hour, at midnight, or a
 * whole day (Samoa skipped 30 December 2011): each request is on the
 * day GDateTime says it is.
 */
void
test_dst_zones (Fixture       *fixture,
                gconstpointer  user_data)
{
  const struct {
    const char *zone;
    gint64      change;   /* seconds, UTC */
  } cases[] = {
    { "America/New_York", 1772953200 },     /* 2026-03-08 07:00 UTC */
    { "Europe/Berlin", 1792890000 },        /* 2026-10-25 01:00 UTC */
    { "Australia/Lord_Howe", 1775397600 },  /* 2026-04-05 14:00 UTC */
    { "America/Santiago", 1788667200 },     /* 2026-09-06 04:00 UTC */
    { "Pacific/Apia", 1325239200 },         /* 2011-12-30 10:00 UTC */
  };

  for (guint c = 0; c < G_N_ELEMENTS (cases); c++)
    {
      g_autoptr(GTimeZone) tz = zone (cases[c].zone);
      g_autoptr(ConfabUsageReport) report = NULL;
      g_autoptr(GHashTable) expected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
      gint64 from = (cases[c].change - 3 * 24 * 3600) * G_USEC_PER_SEC;
      gint64 to = (cases[c].change + 3 * 24 * 3600) * G_USEC_PER_SEC;
      gint64 id = create_conversation (fixture->store, cases[c].zone);
      guint n = 0;
      guint n_counted = 0;
      GListModel *days;

      for (gint64 t = from; t < to; t += 37 * G_TIME_SPAN_MINUTE, n++)
        {
          g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (t / G_USEC_PER_SEC);
          g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);
          char *label = g_date_time_format (local, "%Y-%m-%d");

          g_hash_table_insert (expected, label,
                               GUINT_TO_POINTER (GPOINTER_TO_UINT (g_hash_table_lookup (expected, label)) + 1));
          add_answer (fixture->store, id, t, "m", "complete", 1, NONE, 1, NONE, 2);
        }

      report = query (fixture->store, from, to, tz, NULL);
      days = confab_usage_report_get_by_day (report);
      g_assert_cmpuint (confab_usage_totals_get_n_requests (confab_usage_report_get_total (report)), ==, n);

      for (guint i = 0; i < g_list_model_get_n_items (days); i++)
        {
          ConfabUsageTotals *day = nth (days, i);
          const char *label = confab_usage_totals_get_label (day);
          guint count = GPOINTER_TO_UINT (g_hash_table_lookup (expected, label));

          g_test_message ("%s %s: %u", cases[c].zone, label, confab_usage_totals_get_n_requests (day));
          g_assert_nonnull (confab_usage_totals_get_day (day));
          g_assert_cmpuint (confab_usage_totals_get_n_requests (day), ==, count);
          n_counted += count;

          /* Consecutive dates. */
          if (i > 0)
            {
              GDate previous, current;
              const char *previous_label = confab_usage_totals_get_label (nth (days, i - 1));

              g_date_clear (&previous, 1);
              g_date_clear (&current, 1);
              g_date_set_parse (&previous, previous_label);
              g_date_set_parse (&current, label);
              g_assert_true (g_date_valid (&previous) && g_date_valid (&current));
              g_assert_cmpint (g_date_days_between (&previous, &current), ==, 1);
            }
        }

      g_assert_cmpuint (n_counted, ==, n);
      g_assert_cmpuint (g_list_model_get_n_items (days), >=, g_hash_table_size (expected));
    }
}
