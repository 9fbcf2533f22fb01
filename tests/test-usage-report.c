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

#include "test-usage-report.h"

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

GTimeZone *
zone (const char *identifier)
{
  GTimeZone *tz = g_time_zone_new_identifier (identifier);

  g_assert_nonnull (tz);

  return tz;
}

gint64
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

gint64
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

void
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
void
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
void
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

void
seeded_clear (Seeded *seeded)
{
  g_clear_pointer (&seeded->tz, g_time_zone_unref);
  g_clear_object (&seeded->pricing);
}

ConfabUsageReport *
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

ConfabUsageTotals *
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
void
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

void
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

void
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
