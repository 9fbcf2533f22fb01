/* test-usage-report.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The usage review on a real SQLite file in a temporary folder, filled
 * through ConfabStore's own API: totals, days in a time zone (DST
 * included), models, conversations, costs, the async query and the CSV
 * export read back with an RFC 4180 parser.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confab-usage-report.h"

#define NONE CONFAB_USAGE_MISSING
#define EPSILON 1e-12

typedef struct
{
  char        *dir;
  char        *path;
  ConfabStore *store;
} Fixture;

/* The main data set, in Seoul (UTC+9, no DST). */
typedef struct
{
  GTimeZone     *tz;
  ConfabPricing *pricing;
  gint64         a, b, c, d, e;
} Seeded;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("confab-usage-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "confab.db", NULL);
  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  user_data)
{
  const char *suffixes[] = { "", "-wal", "-shm" };

  g_clear_object (&fixture->store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (fixture->path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

static GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);

  return tz;
}

static gint64
local_usec (GTimeZone *tz,
            int        year,
            int        month,
            int        day,
            int        hour,
            int        minute)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, year, month, day, hour, minute, 0);

  g_assert_nonnull (time);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static gint64
create_conversation (ConfabStore *store,
                     const char  *title)
{
  g_autoptr(GError) error = NULL;
  gint64 id = confab_store_create_conversation (store, &error);

  g_assert_no_error (error);
  if (title != NULL)
    {
      confab_store_rename_conversation (store, id, title, &error);
      g_assert_no_error (error);
    }

  return id;
}

static void
append (ConfabStore   *store,
        gint64         conversation_id,
        ConfabMessage *message,
        gint64         created)
{
  g_autoptr(GDateTime) seconds = g_date_time_new_from_unix_utc (created / G_USEC_PER_SEC);
  g_autoptr(GDateTime) when = g_date_time_add (seconds, created % G_USEC_PER_SEC);
  g_autoptr(GError) error = NULL;

  confab_message_set_created (message, when);
  confab_store_append_message (store, conversation_id, message, &error);
  g_assert_no_error (error);
}

static void
add_prompt (ConfabStore *store,
            gint64       conversation_id,
            gint64       created)
{
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_USER, "A question");

  append (store, conversation_id, message, created);
}

/* Stores an answer in @state ("complete", "failed", "cancelled",
 * "interrupted", "pending" or "streaming") with these counts (NONE for
 * a count not reported; all NONE for no usage at all).
 */
static void
add_answer (ConfabStore *store,
            gint64       conversation_id,
            gint64       created,
            const char  *model,
            const char  *state,
            gint64       prompt,
            gint64       cached,
            gint64       completion,
            gint64       reasoning,
            gint64       total)
{
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  message = confab_message_new (CONFAB_ROLE_ASSISTANT,
                                g_str_equal (state, "pending") ? NULL : "An answer");
  confab_message_set_model (message, model);

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_CACHED, cached);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, reasoning);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, total);
  if (!confab_usage_is_empty (usage))
    confab_message_set_usage (message, usage);

  if (g_str_equal (state, "pending") || g_str_equal (state, "streaming"))
    {
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_PENDING);
    }
  else if (g_str_equal (state, "cancelled"))
    {
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_CANCELLED);
    }
  else if (g_str_equal (state, "failed") || g_str_equal (state, "interrupted"))
    {
      g_autoptr(GError) error = NULL;

      if (g_str_equal (state, "failed"))
        error = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");
      else
        error = g_error_new_literal (CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED, "Stopped");
      confab_message_set_error (message, error);
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_FAILED);
    }
  else
    {
      g_assert_cmpstr (state, ==, "complete");
      confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);
    }

  append (store, conversation_id, message, created);
}

#define SEOUL(day, hour, minute) local_usec (seeded->tz, 2026, 11, (day), (hour), (minute))

/* Conversations A to E, in Seoul, on 20–24 November 2026:
 *
 *   A "Plans, "quoted"⏎and more"  answers 2 3 4 (5 6 not counted) 7
 *   B "=SUM(A1)"                  answer 8
 *   C "Trashed", in the trash     answer 9, not counted
 *   D untitled                    answer 10, no model recorded
 *   E "+Restored, again"          trashed and restored; answer 11
 *
 * Only m1 has a price: $2 input, $0.50 cached, $10 output per million.
 */
static void
seed (Fixture *fixture,
      Seeded  *seeded)
{
  ConfabStore *store = fixture->store;
  g_autoptr(GError) error = NULL;
  ConfabPrice m1 = { 2.0, 0.5, 10.0 };

  seeded->tz = zone ("Asia/Seoul");
  seeded->pricing = confab_pricing_new ();
  confab_pricing_set (seeded->pricing, "m1", &m1);

  seeded->a = create_conversation (store, NULL);
  add_prompt (store, seeded->a, SEOUL (20, 9, 0));
  confab_store_rename_conversation (store, seeded->a, "Plans, \"quoted\"\nand more", &error);
  g_assert_no_error (error);
  /* 2 */ add_answer (store, seeded->a, SEOUL (20, 9, 1), "m1", "complete", 100, 20, 50, 10, 150);
  /* 3 */ add_answer (store, seeded->a, SEOUL (20, 11, 0), "m1", "failed", NONE, NONE, NONE, NONE, NONE);
  /* 4 */ add_answer (store, seeded->a, SEOUL (22, 8, 0), "m2", "cancelled", 30, NONE, 5, NONE, NONE);
  /* 5 */ add_answer (store, seeded->a, SEOUL (22, 9, 0), "m1", "pending", NONE, NONE, NONE, NONE, NONE);
  /* 6 */ add_answer (store, seeded->a, SEOUL (22, 9, 1), "m1", "streaming", 999, NONE, 999, NONE, 1998);
  /* 7 */ add_answer (store, seeded->a, SEOUL (22, 10, 0), "m1", "interrupted", 40, NONE, 8, NONE, 48);

  seeded->b = create_conversation (store, "=SUM(A1)");
  add_prompt (store, seeded->b, SEOUL (21, 8, 29));
  /* 8: 23:30 UTC on the 20th, the 21st in Seoul. */
  add_answer (store, seeded->b, SEOUL (21, 8, 30), "m2", "complete", 1000, 0, 2000, 1500, 3000);

  seeded->c = create_conversation (store, "Trashed");
  /* 9 */ add_answer (store, seeded->c, SEOUL (21, 12, 0), "m1", "complete", 5000, NONE, 5000, NONE, 10000);
  confab_store_trash_conversation (store, seeded->c, &error);
  g_assert_no_error (error);

  seeded->d = create_conversation (store, NULL);
  /* 10 */ add_answer (store, seeded->d, SEOUL (20, 15, 0), NULL, "complete", 7, NONE, 3, NONE, 10);

  seeded->e = create_conversation (store, "+Restored, again");
  /* 11 */ add_answer (store, seeded->e, SEOUL (24, 12, 0), "m1", "complete", 10, 10, 1, NONE, 11);
  confab_store_trash_conversation (store, seeded->e, &error);
  g_assert_no_error (error);
  confab_store_restore_conversation (store, seeded->e, &error);
  g_assert_no_error (error);
}

static void
seeded_clear (Seeded *seeded)
{
  g_clear_pointer (&seeded->tz, g_time_zone_unref);
  g_clear_object (&seeded->pricing);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seeded, seeded_clear)

static ConfabUsageReport *
query (ConfabStore   *store,
       gint64         from,
       gint64         to,
       GTimeZone     *tz,
       ConfabPricing *pricing)
{
  g_autoptr(GError) error = NULL;
  ConfabUsageReport *report = confab_store_query_usage (store, from, to, tz, pricing, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  g_assert_cmpint (confab_usage_report_get_from (report), ==, from);
  g_assert_cmpint (confab_usage_report_get_to (report), ==, to);

  return report;
}

static ConfabUsageTotals *
nth (GListModel *list,
     guint       position)
{
  g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (list, position);

  g_assert_nonnull (totals);

  /* The list holds it. */
  return totals;
}

/* Checks the counts that the review shows, and that the usage object
 * and the properties agree with them.
 */
static void
assert_totals (ConfabUsageTotals *totals,
               guint              n_requests,
               guint              n_unreported,
               gint64             prompt,
               gint64             cached,
               gint64             completion,
               gint64             reasoning,
               gint64             total)
{
  ConfabUsage *usage = confab_usage_totals_get_usage (totals);
  gint64 expected[] = { prompt, cached, completion, reasoning, total };
  ConfabUsageField fields[] = {
    CONFAB_USAGE_FIELD_PROMPT, CONFAB_USAGE_FIELD_CACHED, CONFAB_USAGE_FIELD_COMPLETION,
    CONFAB_USAGE_FIELD_REASONING, CONFAB_USAGE_FIELD_TOTAL,
  };
  const char *properties[] = { "input", "cached", "output", "reasoning", "total" };
  guint n_requests_property, n_unreported_property;
  ConfabUsage *usage_property = NULL;

  g_assert_cmpuint (confab_usage_totals_get_n_requests (totals), ==, n_requests);
  g_assert_cmpuint (confab_usage_totals_get_n_unreported (totals), ==, n_unreported);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gint64 value = 0;

      g_assert_cmpint (confab_usage_totals_get_field (totals, fields[i]), ==, expected[i]);
      g_assert_cmpint (confab_usage_get_field (usage, fields[i]), ==, expected[i]);
      g_object_get (totals, properties[i], &value, NULL);
      g_assert_cmpint (value, ==, expected[i]);
    }

  /* Counts no request reported are missing, never 0. */
  g_assert_cmpint (confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, NONE);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, NONE);

  g_object_get (totals,
                "n-requests", &n_requests_property,
                "n-unreported", &n_unreported_property,
                "usage", &usage_property,
                NULL);
  g_assert_cmpuint (n_requests_property, ==, n_requests);
  g_assert_cmpuint (n_unreported_property, ==, n_unreported);
  g_assert_true (usage_property == usage);
  g_object_unref (usage_property);
}

static void
assert_cost (ConfabUsageTotals *totals,
             double             cost,
             guint              n_costed)
{
  double cost_property = -1;
  guint n_costed_property = 0;

  g_assert_cmpfloat_with_epsilon (confab_usage_totals_get_cost (totals), cost, EPSILON);
  g_assert_cmpuint (confab_usage_totals_get_n_costed (totals), ==, n_costed);
  g_object_get (totals, "cost", &cost_property, "n-costed", &n_costed_property, NULL);
  g_assert_cmpfloat_with_epsilon (cost_property, cost, EPSILON);
  g_assert_cmpuint (n_costed_property, ==, n_costed);
}

static void
assert_day (ConfabUsageTotals *totals,
            GTimeZone         *tz,
            const char        *label)
{
  GDateTime *day = confab_usage_totals_get_day (totals);
  g_autoptr(GDateTime) day_property = NULL;
  g_autofree char *ymd = NULL;
  g_autofree char *model = NULL;
  gint64 conversation_id = -1;

  g_assert_cmpstr (confab_usage_totals_get_label (totals), ==, label);
  g_assert_nonnull (day);
  ymd = g_date_time_format (day, "%Y-%m-%d");
  g_assert_cmpstr (ymd, ==, label);
  g_assert_cmpint (g_date_time_get_hour (day), ==, 0);
  g_assert_cmpint (g_date_time_get_minute (day), ==, 0);
  {
    g_autoptr(GDateTime) in_zone = g_date_time_to_timezone (day, tz);

    g_assert_cmpint (g_date_time_get_utc_offset (in_zone), ==, g_date_time_get_utc_offset (day));
  }

  g_object_get (totals, "day", &day_property, "model", &model, "conversation-id", &conversation_id, NULL);
  g_assert_true (g_date_time_equal (day_property, day));
  g_assert_null (model);
  g_assert_cmpint (conversation_id, ==, 0);
  g_assert_null (confab_usage_totals_get_model (totals));
}

static void
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

static void
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

static void
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

static void
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

static void
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

static void
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
static void
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
static void
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

typedef struct
{
  ConfabUsageReport *report;
  GError            *error;
  gboolean           done;
} AsyncResult;

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

static void
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
static void
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

static void
test_async_cancel_running (Fixture       *fixture,
                           gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("Europe/Berlin");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  gint64 id = create_conversation (fixture->store, "Many");
  gint64 start = local_usec (tz, 2026, 1, 1, 0, 0);
  AsyncResult async = { 0 };

  for (guint i = 0; i < 2000; i++)
    add_answer (fixture->store, id, start + i * G_TIME_SPAN_MINUTE, "m", "complete", 1, NONE, 1, NONE, 2);

  confab_store_query_usage_async (fixture->store, 0, G_MAXINT64, tz, NULL, cancellable, query_ready_cb, &async);
  g_idle_add_once (cancel_cb, cancellable);
  while (!async.done)
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

/* RFC 4180: records end in CRLF, fields are separated by commas, and a
 * field in quotes may hold commas, CRLF, LF and doubled quotes.  Fails
 * the test on anything else (a bare CR or LF outside quotes, a quote
 * inside an unquoted field, a missing final CRLF).
 */
static GPtrArray *
parse_csv (const char *text,
           gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;

  g_assert_true (length >= 2 && text[length - 2] == '\r' && text[length - 1] == '\n');

  while (p < end)
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (p < end);
              if (*p == '"' && p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  g_string_append_c (field, *p++);
                }
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\r')
            {
              g_assert_cmpint (*p, !=, '"');
              g_assert_cmpint (*p, !=, '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (record, g_strndup (field->str, field->len));
      g_string_truncate (field, 0);

      g_assert_true (p < end);
      if (*p == ',')
        {
          p++;
        }
      else
        {
          g_assert_true (p + 1 < end && p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
        }
    }

  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);

  return records;
}

static GBytes *
write_csv (ConfabStore   *store,
           gint64         from,
           gint64         to,
           GTimeZone     *tz,
           ConfabPricing *pricing)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (confab_store_write_usage_csv (store, from, to, tz, pricing, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

static const char *
cell (GPtrArray *records,
      guint      row,
      guint      column)
{
  GPtrArray *record = g_ptr_array_index (records, row);

  g_assert_cmpuint (column, <, record->len);

  return g_ptr_array_index (record, column);
}

#define N_CSV_COLUMNS (5 + CONFAB_USAGE_N_FIELDS + 1)
#define COST_COLUMN   (5 + CONFAB_USAGE_N_FIELDS)

static void
assert_csv_row (GPtrArray  *records,
                guint       row,
                const char *time,
                gint64      conversation_id,
                const char *title,
                const char *model,
                const char *state,
                const char *counts,
                double      cost)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conversation_id);
  g_auto(GStrv) expected_counts = g_strsplit (counts, ",", -1);
  GPtrArray *record = g_ptr_array_index (records, row);

  g_assert_cmpuint (record->len, ==, N_CSV_COLUMNS);
  g_assert_cmpstr (cell (records, row, 0), ==, time);
  g_assert_cmpstr (cell (records, row, 1), ==, id);
  g_assert_cmpstr (cell (records, row, 2), ==, title);
  g_assert_cmpstr (cell (records, row, 3), ==, model);
  g_assert_cmpstr (cell (records, row, 4), ==, state);

  g_assert_cmpuint (g_strv_length (expected_counts), ==, CONFAB_USAGE_N_FIELDS);
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    g_assert_cmpstr (cell (records, row, 5 + i), ==, expected_counts[i]);

  if (cost < 0)
    {
      g_assert_cmpstr (cell (records, row, COST_COLUMN), ==, "");
    }
  else
    {
      const char *text = cell (records, row, COST_COLUMN);
      char *end = NULL;

      /* A plain decimal, '.' whatever the locale. */
      g_assert_null (strchr (text, ','));
      g_assert_null (strchr (text, 'e'));
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (text, &end), cost, EPSILON);
      g_assert_cmpint (*end, ==, '\0');
    }
}

static void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_auto(GStrv) header = NULL;
  const char *text;
  gsize length;

  seed (fixture, seeded);
  bytes = write_csv (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  text = g_bytes_get_data (bytes, &length);
  g_assert_true (g_utf8_validate (text, length, NULL));
  /* No byte-order mark; the header row first. */
  g_assert_true (g_str_has_prefix (text,
                                   "time,conversation_id,conversation_title,model,state,prompt_tokens,"
                                   "prompt_tokens_details.cached_tokens,prompt_tokens_details.text_tokens,"
                                   "prompt_tokens_details.audio_tokens,prompt_tokens_details.image_tokens,"
                                   "completion_tokens,completion_tokens_details.text_tokens,"
                                   "completion_tokens_details.audio_tokens,"
                                   "completion_tokens_details.reasoning_tokens,total_tokens,cost_usd\r\n"));
  /* The title is quoted, its quotes doubled, its line break kept; the
   * formula-like titles start with '.
   */
  g_assert_nonnull (strstr (text, ",\"Plans, \"\"quoted\"\"\nand more\",m1,"));
  g_assert_nonnull (strstr (text, ",'=SUM(A1),m2,"));
  g_assert_nonnull (strstr (text, ",\"'+Restored, again\",m1,"));

  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 1 + 7);

  header = g_strsplit ("time,conversation_id,conversation_title,model,state", ",", -1);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (cell (records, 0, i), ==, header[i]);
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    g_assert_cmpstr (cell (records, 0, 5 + i), ==, confab_usage_field_get_json_path (i));
  g_assert_cmpstr (cell (records, 0, COST_COLUMN), ==, "cost_usd");

  /* Oldest first; counts in ConfabUsageField order: prompt, cached,
   * prompt text, audio, image, completion, text, audio, reasoning, total.
   */
  assert_csv_row (records, 1, "2026-11-20T09:01:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "complete", "100,20,,,,50,,,10,150", 670e-6);
  assert_csv_row (records, 2, "2026-11-20T11:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "failed", ",,,,,,,,,", -1);
  assert_csv_row (records, 3, "2026-11-20T15:00:00+09:00", seeded->d, "",
                  "", "complete", "7,,,,,3,,,,10", -1);
  assert_csv_row (records, 4, "2026-11-21T08:30:00+09:00", seeded->b, "'=SUM(A1)",
                  "m2", "complete", "1000,0,,,,2000,,,1500,3000", -1);
  assert_csv_row (records, 5, "2026-11-22T08:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m2", "cancelled", "30,,,,,5,,,,", -1);
  assert_csv_row (records, 6, "2026-11-22T10:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "interrupted", "40,,,,,8,,,,48", 160e-6);
  assert_csv_row (records, 7, "2026-11-24T12:00:00+09:00", seeded->e, "'+Restored, again",
                  "m1", "complete", "10,10,,,,1,,,,11", 15e-6);
  g_assert_cmpstr (cell (records, 1, COST_COLUMN), ==, "0.00067");
  g_assert_cmpstr (cell (records, 7, COST_COLUMN), ==, "0.000015");

  /* A period, another zone, no prices: no cost anywhere. */
  {
    g_autoptr(GTimeZone) tz = zone ("America/New_York");
    g_autoptr(GBytes) period = write_csv (fixture->store, SEOUL (21, 8, 30), SEOUL (22, 10, 0), tz, NULL);
    g_autoptr(GPtrArray) period_records = NULL;

    text = g_bytes_get_data (period, &length);
    period_records = parse_csv (text, length);
    g_assert_cmpuint (period_records->len, ==, 1 + 2);
    assert_csv_row (period_records, 1, "2026-11-20T18:30:00-05:00", seeded->b, "'=SUM(A1)",
                    "m2", "complete", "1000,0,,,,2000,,,1500,3000", -1);
    assert_csv_row (period_records, 2, "2026-11-21T18:00:00-05:00", seeded->a, "Plans, \"quoted\"\nand more",
                    "m2", "cancelled", "30,,,,,5,,,,", -1);
  }

  /* No requests: the header only. */
  {
    g_autoptr(GBytes) none = write_csv (fixture->store, 0, 1, seeded->tz, NULL);
    g_autoptr(GPtrArray) none_records = NULL;

    text = g_bytes_get_data (none, &length);
    none_records = parse_csv (text, length);
    g_assert_cmpuint (none_records->len, ==, 1);
  }
}

/* Times keep the offset they had: summer time or not, and before 1970. */
static void
test_csv_times (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("America/New_York");
  g_autoptr(GTimeZone) kolkata = zone ("Asia/Kolkata");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 id = create_conversation (fixture->store, "Times");
  const char *text;
  gsize length;

  add_answer (fixture->store, id, local_usec (tz, 1969, 7, 20, 22, 56), "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 3, 8, 1, 59) + 59 * G_USEC_PER_SEC + 999999,
              "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 3, 8, 3, 0), "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 12, 31, 23, 30), "m", "complete", 1, NONE, 1, NONE, 2);

  bytes = write_csv (fixture->store, 0 - G_MAXINT64, G_MAXINT64, tz, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 5);
  g_assert_cmpstr (cell (records, 1, 0), ==, "1969-07-20T22:56:00-04:00");
  g_assert_cmpstr (cell (records, 2, 0), ==, "2026-03-08T01:59:59-05:00");
  g_assert_cmpstr (cell (records, 3, 0), ==, "2026-03-08T03:00:00-04:00");
  g_assert_cmpstr (cell (records, 4, 0), ==, "2026-12-31T23:30:00-05:00");
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Half an hour off UTC. */
  bytes = write_csv (fixture->store, 0 - G_MAXINT64, G_MAXINT64, kolkata, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpstr (cell (records, 4, 0), ==, "2027-01-01T10:00:00+05:30");
}

static void
assert_escaped_title (Fixture    *fixture,
                      gint64      id,
                      const char *title,
                      const char *expected)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize length;

  confab_store_rename_conversation (fixture->store, id, title, &error);
  g_assert_no_error (error);
  bytes = write_csv (fixture->store, 0, G_MAXINT64, utc, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (cell (records, 1, 2), ==, expected);
}

static void
test_csv_escaping (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 id = create_conversation (fixture->store, "x");

  add_answer (fixture->store, id, 1000 * G_USEC_PER_SEC, "m", "complete", 1, NONE, 1, NONE, 2);

  assert_escaped_title (fixture, id, "plain", "plain");
  assert_escaped_title (fixture, id, "-1 + 2", "'-1 + 2");
  assert_escaped_title (fixture, id, "@import", "'@import");
  assert_escaped_title (fixture, id, "+\"x\"", "'+\"x\"");
  assert_escaped_title (fixture, id, "a = b", "a = b");
  assert_escaped_title (fixture, id, "서울, \"얼룩말\"", "서울, \"얼룩말\"");
  assert_escaped_title (fixture, id, "one\r\ntwo", "one\r\ntwo");
  assert_escaped_title (fixture, id, "ends with \"", "ends with \"");
}

static void
csv_ready_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *async = user_data;
  gboolean ok = confab_store_write_usage_csv_finish (CONFAB_STORE (object), result, &async->error);

  g_assert_true (ok == (async->error == NULL));
  async->done = TRUE;
}

static void
test_csv_async (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) closed = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AsyncResult async = { 0 };

  seed (fixture, seeded);
  expected = write_csv (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);

  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing,
                                      stream, NULL, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  g_output_stream_close (stream, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_true (g_bytes_equal (bytes, expected));

  /* A stream that fails. */
  g_output_stream_close (closed, NULL, NULL);
  g_assert_false (confab_store_write_usage_csv (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                                closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  async.done = FALSE;
  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                      closed, NULL, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&async.error);

  /* Cancelled. */
  g_cancellable_cancel (cancellable);
  g_assert_false (confab_store_write_usage_csv (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                                stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  async.done = FALSE;
  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                      stream, cancellable, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);
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
static void
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
static void
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
  g_test_init (&argc, &argv, NULL);

  add_test ("/usage-report/totals", test_totals);
  add_test ("/usage-report/by-day", test_by_day);
  add_test ("/usage-report/by-model", test_by_model);
  add_test ("/usage-report/by-conversation", test_by_conversation);
  add_test ("/usage-report/bounds", test_bounds);
  add_test ("/usage-report/empty-history", test_empty_history);
  add_test ("/usage-report/dst", test_dst);
  add_test ("/usage-report/dst-zones", test_dst_zones);
  add_test ("/usage-report/async", test_async);
  add_test ("/usage-report/async-cancel-running", test_async_cancel_running);
  add_test ("/usage-report/csv", test_csv);
  add_test ("/usage-report/csv-times", test_csv_times);
  add_test ("/usage-report/csv-escaping", test_csv_escaping);
  add_test ("/usage-report/csv-async", test_csv_async);
  add_test ("/usage-report/migrate-from-1", test_migrate_from_1);
  add_test ("/usage-report/archive", test_archive);

  return g_test_run ();
}
