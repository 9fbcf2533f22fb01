/* test-budget.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Budgets: the month and the day a time is in, whether a request would
 * pass a budget, how it reads; and what was spent this month and today,
 * read from a real SQLite history at Confab's estimated costs.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>

#include "confab-budget.h"
#include "confab-budget-tracker.h"

#include "confab-test-server.h"

static gint64
usec (GTimeZone *tz,
      int        year,
      int        month,
      int        day,
      int        hour)
{
  g_autoptr(GDateTime) time = g_date_time_new (tz, year, month, day, hour, 0, 0);

  return g_date_time_to_unix (time) * G_USEC_PER_SEC;
}

static void
test_bounds (void)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GTimeZone) berlin = g_time_zone_new_identifier ("Europe/Berlin");
  g_autoptr(GDateTime) now = g_date_time_new (utc, 2026, 12, 3, 11, 40, 0);
  g_autoptr(GDateTime) leap = g_date_time_new (utc, 2028, 2, 29, 23, 59, 59.5);
  gint64 from, to;

  /* December runs into the next year. */
  confab_budget_get_bounds (CONFAB_BUDGET_MONTH, now, &from, &to);
  g_assert_cmpint (from, ==, usec (utc, 2026, 12, 1, 0));
  g_assert_cmpint (to, ==, usec (utc, 2027, 1, 1, 0));

  confab_budget_get_bounds (CONFAB_BUDGET_DAY, now, &from, &to);
  g_assert_cmpint (from, ==, usec (utc, 2026, 12, 3, 0));
  g_assert_cmpint (to, ==, usec (utc, 2026, 12, 4, 0));

  /* The last moment of a leap February. */
  confab_budget_get_bounds (CONFAB_BUDGET_MONTH, leap, &from, &to);
  g_assert_cmpint (from, ==, usec (utc, 2028, 2, 1, 0));
  g_assert_cmpint (to, ==, usec (utc, 2028, 3, 1, 0));
  confab_budget_get_bounds (CONFAB_BUDGET_DAY, leap, &from, &to);
  g_assert_cmpint (to, ==, usec (utc, 2028, 3, 1, 0));

  /* Local days: the day summer time starts has 23 hours. */
  if (berlin != NULL)
    {
      g_autoptr(GDateTime) spring = g_date_time_new (berlin, 2026, 3, 29, 12, 0, 0);

      confab_budget_get_bounds (CONFAB_BUDGET_DAY, spring, &from, &to);
      g_assert_cmpint (from, ==, usec (berlin, 2026, 3, 29, 0));
      g_assert_cmpint (to - from, ==, (gint64) 23 * 3600 * G_USEC_PER_SEC);
    }
}

static void
test_arithmetic (void)
{
  /* No budget, no question. */
  g_assert_false (confab_budget_would_pass (0, 100, 100));
  g_assert_false (confab_budget_would_pass (-1, 100, 100));

  /* Below it, also with this request. */
  g_assert_false (confab_budget_would_pass (10, 3.20, 0));
  g_assert_false (confab_budget_would_pass (10, 9, 1));

  /* Spent, or passed by this request. */
  g_assert_true (confab_budget_would_pass (10, 10, 0));
  g_assert_true (confab_budget_would_pass (10, 12, 0));
  g_assert_true (confab_budget_would_pass (10, 9.99, 0.02));

  /* An estimate that is not known counts as nothing. */
  g_assert_false (confab_budget_would_pass (10, 9.99, -1));
  g_assert_false (confab_budget_would_pass (10, 9.99, NAN));

  g_assert_cmpfloat (confab_budget_get_fraction (10, 3.2), ==, 0.32);
  g_assert_cmpfloat (confab_budget_get_fraction (10, 25), ==, 1);
  g_assert_cmpfloat (confab_budget_get_fraction (0, 25), ==, 0);
}

static void
test_format (void)
{
  g_autofree char *month = confab_budget_format (CONFAB_BUDGET_MONTH, 10, 3.2);
  g_autofree char *day = confab_budget_format (CONFAB_BUDGET_DAY, 1, 0.018);

  g_assert_cmpstr (month, ==, "$3.20 of $10.00 this month");
  g_assert_cmpstr (day, ==, "$0.018 of $1.00 today");
}

static void
append_answer (ConfabStore *store,
               gint64       conversation_id,
               GDateTime   *created,
               gint64       prompt,
               gint64       completion)
{
  g_autoptr(ConfabMessage) question = confab_message_new (CONFAB_ROLE_USER, "A question");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "An answer");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();
  g_autoptr(GError) error = NULL;

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, completion);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_TOTAL, prompt + completion);

  confab_message_set_created (question, created);
  confab_store_append_message (store, conversation_id, question, &error);
  g_assert_no_error (error);

  confab_message_set_created (answer, created);
  confab_message_set_model (answer, "priced-model");
  confab_message_set_usage (answer, usage);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_store_append_message (store, conversation_id, answer, &error);
  g_assert_no_error (error);
}

static gboolean
tracker_is_idle (gpointer tracker)
{
  return !confab_budget_tracker_get_loading (tracker);
}

static void
changed_cb (guint *n_changed)
{
  (*n_changed)++;
}

/* This month's and today's spend, from the history, at the prices;
 * nothing asked without a budget.
 */
static void
test_tracker (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("confab-budget-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "confab.db", NULL);
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(ConfabBudgetTracker) tracker = NULL;
  g_autoptr(ConfabPricing) pricing = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  g_autoptr(GDateTime) now = g_date_time_new_now (tz);
  g_autoptr(GDateTime) today = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now),
                                                g_date_time_get_day_of_month (now), 0, 0, 1);
  g_autoptr(GDateTime) month_start = g_date_time_new (tz, g_date_time_get_year (now), g_date_time_get_month (now), 1, 0, 0, 1);
  g_autoptr(GDateTime) last_month = g_date_time_add_days (month_start, -2);
  const char *suffixes[] = { "", "-wal", "-shm" };
  ConfabBudgetPeriod period;
  guint n_changed = 0;
  gint64 id;

  g_assert_no_error (error);
  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);

  /* $1 per million input, $10 output: today $0.02, at the start of the
   * month $0.011 (today, when it is the 1st), last month $5.
   */
  append_answer (store, id, today, 10000, 1000);
  append_answer (store, id, month_start, 1000, 1000);
  append_answer (store, id, last_month, 0, 500000);

  pricing = confab_pricing_new_from_variant (g_variant_new_parsed ("{'priced-model': (1.0, 0.5, 10.0)}"));
  tracker = confab_budget_tracker_new (store);
  g_signal_connect_swapped (tracker, "changed", G_CALLBACK (changed_cb), &n_changed);
  confab_budget_tracker_set_pricing (tracker, pricing);

  /* No budget: nothing asked, nothing to pass. */
  g_assert_false (confab_budget_tracker_get_loading (tracker));
  g_assert_false (confab_budget_tracker_would_pass (tracker, 1000, NULL));

  confab_budget_tracker_set_budget (tracker, CONFAB_BUDGET_MONTH, 0.05);
  confab_budget_tracker_set_budget (tracker, CONFAB_BUDGET_DAY, 0.025);
  g_assert_true (confab_budget_tracker_get_loading (tracker));
  confab_test_run_until (tracker_is_idle, tracker);
  g_assert_cmpuint (n_changed, >=, 3);

  g_assert_cmpfloat_with_epsilon (confab_budget_tracker_get_spent (tracker, CONFAB_BUDGET_MONTH), 0.031, 1e-9);
  g_assert_cmpfloat_with_epsilon (confab_budget_tracker_get_spent (tracker, CONFAB_BUDGET_DAY),
                                  g_date_time_get_day_of_month (now) == 1 ? 0.031 : 0.02, 1e-9);

  /* Within both; a request of $0.01 passes the day's; $0.02 the month's
   * too, said first.
   */
  g_assert_false (confab_budget_tracker_would_pass (tracker, 0, NULL));
  if (g_date_time_get_day_of_month (now) != 1)
    {
      g_assert_true (confab_budget_tracker_would_pass (tracker, 0.01, &period));
      g_assert_cmpint (period, ==, CONFAB_BUDGET_DAY);
    }
  g_assert_true (confab_budget_tracker_would_pass (tracker, 0.02, &period));
  g_assert_cmpint (period, ==, CONFAB_BUDGET_MONTH);

  /* An answer recorded: asked again, and the month is spent. */
  append_answer (store, id, now, 0, 2000);
  g_assert_true (confab_budget_tracker_get_loading (tracker));
  confab_test_run_until (tracker_is_idle, tracker);
  g_assert_cmpfloat_with_epsilon (confab_budget_tracker_get_spent (tracker, CONFAB_BUDGET_MONTH), 0.051, 1e-9);
  g_assert_true (confab_budget_tracker_would_pass (tracker, 0, &period));
  g_assert_cmpint (period, ==, CONFAB_BUDGET_MONTH);

  /* No budget, no question. */
  confab_budget_tracker_set_budget (tracker, CONFAB_BUDGET_MONTH, 0);
  confab_budget_tracker_set_budget (tracker, CONFAB_BUDGET_DAY, 0);
  g_assert_false (confab_budget_tracker_get_loading (tracker));
  g_assert_false (confab_budget_tracker_would_pass (tracker, 1, NULL));

  g_clear_object (&tracker);
  confab_store_close (store);
  g_clear_object (&store);
  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (path, suffixes[i], NULL);

      g_remove (file);
    }
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  /* Costs are asserted in C digits. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/budget/bounds", test_bounds);
  g_test_add_func ("/budget/arithmetic", test_arithmetic);
  g_test_add_func ("/budget/format", test_format);
  g_test_add_func ("/budget/tracker", test_tracker);

  return g_test_run ();
}
