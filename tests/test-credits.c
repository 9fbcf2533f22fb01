/* test-credits.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Credits left at the gateway: the answer of GET /credits, and the
 * client asking the scripted server for it, which may not have it.
 */

#include "config.h"

#include <locale.h>

#include "confab-client.h"
#include "confab-credits.h"
#include "confab-credits-monitor.h"

#include "confab-test-server.h"

#define API_KEY "test-key-123"

static void
test_parse (void)
{
  g_autoptr(ConfabCredits) credits = confab_credits_new_from_json (CONFAB_TEST_CREDITS, -1);
  g_autofree char *key = NULL;
  g_autofree char *account = NULL;

  g_assert_nonnull (credits);
  g_assert_true (confab_credits_has_key (credits));
  g_assert_false (confab_credits_get_key_unlimited (credits));
  g_assert_cmpfloat_with_epsilon (confab_credits_get_key_remaining (credits), 99416.4429, 1e-9);
  g_assert_true (confab_credits_has_account (credits));
  g_assert_cmpfloat_with_epsilon (confab_credits_get_account_remaining (credits), 1095.3996, 1e-9);

  /* 72 credits per US dollar. */
  key = confab_credits_format_key (credits);
  account = confab_credits_format_account (credits);
  g_assert_cmpstr (key, ==, "99416.44 credits ($1380.78)");
  g_assert_cmpstr (account, ==, "1095.40 credits ($15.21)");
}

static void
test_parse_unlimited (void)
{
  g_autoptr(ConfabCredits) credits =
    confab_credits_new_from_json ("{\"data\":{\"token\":{\"remaining_credits\":0,\"unlimited_credits\":true,\"used_credits\":12},"
                                  "\"user\":{\"remaining_credits\":5,\"used_credits\":1}},\"success\":true}", -1);
  g_autofree char *key = NULL;

  g_assert_nonnull (credits);
  g_assert_true (confab_credits_get_key_unlimited (credits));
  key = confab_credits_format_key (credits);
  g_assert_cmpstr (key, ==, "Unlimited");
}

/* Anything else is "not available", never an error. */
static void
test_parse_other_shapes (void)
{
  const char *others[] = {
    "",
    "404 page not found",
    "<html><body>Not Found</body></html>",
    "[]",
    "{}",
    "{\"data\":[]}",
    "{\"data\":{\"token\":{\"remaining_credits\":\"lots\"}}}",
    "{\"data\":{\"user\":{\"remaining_credits\":null}}}",
    "{\"data\":{\"token\":{\"remaining_credits\":1}},\"success\":false}",
    "{\"error\":{\"message\":\"Invalid URL (GET /v1/credits)\",\"type\":\"invalid_request_error\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (others); i++)
    {
      g_autoptr(ConfabCredits) credits = confab_credits_new_from_json (others[i], -1);

      g_assert_null (credits);
    }

  /* Only the account's. */
  {
    g_autoptr(ConfabCredits) credits =
      confab_credits_new_from_json ("{\"data\":{\"user\":{\"remaining_credits\":7.5}}}", -1);

    g_assert_nonnull (credits);
    g_assert_false (confab_credits_has_key (credits));
    g_assert_null (confab_credits_format_key (credits));
    g_assert_true (confab_credits_has_account (credits));
  }
}

static ConfabCredits *
get_credits (ConfabClient *client)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ConfabCredits *credits;

  confab_client_get_credits_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  credits = confab_client_get_credits_finish (client, result, &error);
  g_assert_no_error (error);

  return credits;
}

static void
test_client (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = confab_client_new ();
  g_autoptr(ConfabCredits) credits = NULL;
  g_autoptr(ConfabCredits) missing = NULL;
  g_autoptr(ConfabCredits) other = NULL;

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_api_key (client, API_KEY);

  /* The documented answer, asked for with the key. */
  confab_test_server_set_credits (server, CONFAB_TEST_CREDITS);
  credits = get_credits (client);
  g_assert_nonnull (credits);
  g_assert_cmpfloat_with_epsilon (confab_credits_get_account_remaining (credits), 1095.3996, 1e-9);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 1);
  g_assert_cmpstr (confab_test_server_get_credits_authorization (server), ==, "Bearer " API_KEY);
  /* Not taken from the queue of chat answers, nor counted with them. */
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  /* A server without the endpoint: quietly nothing. */
  confab_test_server_set_credits (server, NULL);
  missing = get_credits (client);
  g_assert_null (missing);
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 2);

  /* Another shape: nothing either. */
  confab_test_server_set_credits (server, "{\"object\":\"list\",\"data\":[]}");
  other = get_credits (client);
  g_assert_null (other);

  /* Without a key there is nothing to ask. */
  confab_client_set_api_key (client, "");
  g_assert_null (get_credits (client));
  g_assert_cmpuint (confab_test_server_get_n_credits_requests (server), ==, 3);
}

/* Used credits, what can still be spent, and when that is low. */
static void
test_amounts (void)
{
  g_autoptr(ConfabCredits) credits = confab_credits_new_from_json (CONFAB_TEST_CREDITS, -1);
  g_autoptr(ConfabCredits) unlimited =
    confab_credits_new_from_json ("{\"data\":{\"token\":{\"remaining_credits\":0,\"unlimited_credits\":true,\"used_credits\":12}},\"success\":true}", -1);
  g_autoptr(ConfabCredits) account =
    confab_credits_new_from_json ("{\"data\":{\"user\":{\"remaining_credits\":7.5,\"used_credits\":3}}}", -1);
  double amount;

  /* The key's own count comes first. */
  g_assert_true (confab_credits_get_used (credits, &amount));
  g_assert_cmpfloat_with_epsilon (amount, 583.5571, 1e-9);
  g_assert_true (confab_credits_get_used (account, &amount));
  g_assert_cmpfloat_with_epsilon (amount, 3, 1e-9);

  /* The lower of the key's allowance and the account's credits. */
  g_assert_true (confab_credits_get_lowest (credits, &amount));
  g_assert_cmpfloat_with_epsilon (amount, 1095.3996, 1e-9);
  g_assert_false (confab_credits_is_low (credits, 0));
  g_assert_false (confab_credits_is_low (credits, 1000));
  g_assert_true (confab_credits_is_low (credits, 1100));

  /* An unlimited key alone is never low. */
  g_assert_false (confab_credits_get_lowest (unlimited, &amount));
  g_assert_false (confab_credits_is_low (unlimited, 1e9));
}

static void
test_identity (void)
{
  g_autofree char *a = confab_credits_identity ("https://api.evolink.ai/v1", API_KEY);
  g_autofree char *b = confab_credits_identity (" https://api.evolink.ai/v1/ ", API_KEY);
  g_autofree char *c = confab_credits_identity ("https://api.evolink.ai/v1", "another-key");
  g_autofree char *d = confab_credits_identity ("https://direct.evolink.ai/v1", API_KEY);

  g_assert_cmpuint (strlen (a), ==, 64);
  g_assert_null (strstr (a, API_KEY));
  g_assert_cmpstr (a, ==, b);
  g_assert_cmpstr (a, !=, c);
  g_assert_cmpstr (a, !=, d);
  g_assert_null (confab_credits_identity ("https://api.evolink.ai/v1", NULL));
  g_assert_null (confab_credits_identity ("https://api.evolink.ai/v1", ""));
}

typedef struct
{
  ConfabTestServer     *server;
  ConfabClient         *client;
  ConfabCreditsMonitor *monitor;
  gint64                now;
  guint                 n_notified;
} MonitorFixture;

static gint64
fake_clock (gpointer user_data)
{
  MonitorFixture *fixture = user_data;

  return fixture->now;
}

static void
credits_notified_cb (MonitorFixture *fixture)
{
  fixture->n_notified++;
}

static void
monitor_setup (MonitorFixture *fixture,
               gconstpointer   data)
{
  fixture->server = confab_test_server_new ();
  confab_test_server_set_credits (fixture->server, CONFAB_TEST_CREDITS);
  fixture->client = confab_client_new ();
  confab_client_set_base_url (fixture->client, confab_test_server_get_base_url (fixture->server));
  confab_client_set_api_key (fixture->client, API_KEY);
  fixture->monitor = confab_credits_monitor_new (fixture->client);
  fixture->now = 1000 * G_USEC_PER_SEC;
  confab_credits_monitor_set_clock (fixture->monitor, fake_clock, fixture);
  g_signal_connect_swapped (fixture->monitor, "notify::credits", G_CALLBACK (credits_notified_cb), fixture);
}

static void
monitor_teardown (MonitorFixture *fixture,
                  gconstpointer   data)
{
  g_clear_object (&fixture->monitor);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
}

static gboolean
monitor_is_idle (gpointer data)
{
  MonitorFixture *fixture = data;

  return !confab_credits_monitor_get_loading (fixture->monitor);
}

static void
wait_idle (MonitorFixture *fixture)
{
  confab_test_run_until (monitor_is_idle, fixture);
}

static guint
n_asked (MonitorFixture *fixture)
{
  return confab_test_server_get_n_credits_requests (fixture->server);
}

static gboolean
asked_twice (gpointer data)
{
  return n_asked (data) == 2 && monitor_is_idle (data);
}

/* Nothing is asked until something happens; then at most once in 30 s,
 * with one request at the end of them for all the updates that came
 * meanwhile; a person's refresh asks at once.
 */
static void
test_monitor_throttle (MonitorFixture *fixture,
                       gconstpointer   data)
{
  ConfabCreditsMonitor *monitor = fixture->monitor;

  /* Nothing on its own. */
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_asked (fixture), ==, 0);
  g_assert_null (confab_credits_monitor_get_credits (monitor));

  /* An answer came: asked at once. */
  confab_credits_monitor_update (monitor);
  g_assert_true (confab_credits_monitor_get_loading (monitor));
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 1);
  g_assert_nonnull (confab_credits_monitor_get_credits (monitor));
  g_assert_cmpuint (fixture->n_notified, ==, 1);

  /* More answers within 30 s: not now... */
  fixture->now += 10 * G_USEC_PER_SEC;
  confab_credits_monitor_update (monitor);
  confab_credits_monitor_update (monitor);
  g_assert_false (confab_credits_monitor_get_loading (monitor));
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_asked (fixture), ==, 1);

  /* ...but once, when the 30 s are over: the clock says they nearly
   * are, so the one request waits only a few milliseconds.
   */
  fixture->now += 20 * G_USEC_PER_SEC - 5000;
  confab_credits_monitor_update (monitor);
  confab_test_run_until (asked_twice, fixture);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (n_asked (fixture), ==, 2);

  /* Exactly 30 s after the last request: asked at once. */
  fixture->now += 30 * G_USEC_PER_SEC;
  confab_credits_monitor_update (monitor);
  g_assert_true (confab_credits_monitor_get_loading (monitor));
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 3);

  /* A person's refresh does not wait. */
  fixture->now += G_USEC_PER_SEC;
  confab_credits_monitor_refresh (monitor);
  g_assert_true (confab_credits_monitor_get_loading (monitor));
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 4);
}

/* A server without credits shows none, quietly; another key asks again
 * at once when credits were shown, and the key never goes elsewhere.
 */
static void
test_monitor_missing (MonitorFixture *fixture,
                      gconstpointer   data)
{
  ConfabCreditsMonitor *monitor = fixture->monitor;

  confab_credits_monitor_update (monitor);
  wait_idle (fixture);
  g_assert_nonnull (confab_credits_monitor_get_credits (monitor));

  /* Another key: the credits of the old one go, the new one's come. */
  confab_test_server_set_credits (fixture->server, NULL);
  confab_client_set_api_key (fixture->client, "another-key");
  g_assert_null (confab_credits_monitor_get_credits (monitor));
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 2);
  g_assert_cmpstr (confab_test_server_get_credits_authorization (fixture->server), ==, "Bearer another-key");
  g_assert_null (confab_credits_monitor_get_credits (monitor));
  g_assert_false (confab_credits_monitor_get_low (monitor));

  /* A server without them is not asked after every answer... */
  fixture->now += 31 * G_USEC_PER_SEC;
  confab_credits_monitor_update (monitor);
  for (guint i = 0; i < 10; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_false (confab_credits_monitor_get_loading (monitor));
  g_assert_cmpuint (n_asked (fixture), ==, 2);

  /* ...but an hour later, or when a person asks. */
  fixture->now += CONFAB_CREDITS_MONITOR_ABSENT_INTERVAL;
  confab_credits_monitor_update (monitor);
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 3);
  fixture->now += G_USEC_PER_SEC;
  confab_credits_monitor_refresh (monitor);
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 4);

  /* No key: nothing asked, nothing shown. */
  confab_client_set_api_key (fixture->client, "");
  fixture->now += 60 * G_USEC_PER_SEC;
  confab_credits_monitor_update (monitor);
  wait_idle (fixture);
  g_assert_cmpuint (n_asked (fixture), ==, 4);
  g_assert_null (confab_credits_monitor_get_credits (monitor));
}

static void
test_monitor_low (MonitorFixture *fixture,
                  gconstpointer   data)
{
  ConfabCreditsMonitor *monitor = fixture->monitor;

  confab_credits_monitor_set_low_threshold (monitor, 1000);
  confab_credits_monitor_update (monitor);
  wait_idle (fixture);
  g_assert_false (confab_credits_monitor_get_low (monitor));

  /* The account's 1,095.40 credits are below 1,100. */
  confab_credits_monitor_set_low_threshold (monitor, 1100);
  g_assert_true (confab_credits_monitor_get_low (monitor));

  /* Off. */
  confab_credits_monitor_set_low_threshold (monitor, 0);
  g_assert_false (confab_credits_monitor_get_low (monitor));

  /* Spent below it. */
  confab_credits_monitor_set_low_threshold (monitor, 50);
  confab_test_server_set_credits (fixture->server,
                                  "{\"data\":{\"token\":{\"remaining_credits\":40,\"unlimited_credits\":false,\"used_credits\":60}},\"success\":true}");
  confab_credits_monitor_refresh (monitor);
  wait_idle (fixture);
  g_assert_true (confab_credits_monitor_get_low (monitor));
}

/* The first used credits seen of a server and key are kept, with their
 * time, and what was used since is counted from them.
 */
static void
test_monitor_baseline (MonitorFixture *fixture,
                       gconstpointer   data)
{
  ConfabCreditsMonitor *monitor = fixture->monitor;
  g_autofree char *identity = confab_credits_identity (confab_test_server_get_base_url (fixture->server), API_KEY);
  g_autofree char *printed = NULL;
  g_autoptr(GVariant) kept = NULL;
  gint64 before = g_get_real_time ();
  double used, counted;
  gint64 since, counted_since;

  g_assert_cmpuint (g_variant_n_children (confab_credits_monitor_get_baselines (monitor)), ==, 0);
  g_assert_false (confab_credits_monitor_get_counted (monitor, &counted, &counted_since));

  confab_credits_monitor_update (monitor);
  wait_idle (fixture);

  /* Kept by a digest, never with the key. */
  kept = g_variant_ref (confab_credits_monitor_get_baselines (monitor));
  printed = g_variant_print (kept, FALSE);
  g_assert_null (strstr (printed, API_KEY));
  g_assert_cmpuint (g_variant_n_children (kept), ==, 1);
  g_assert_true (g_variant_lookup (kept, identity, "(dx)", &used, &since));
  g_assert_cmpfloat_with_epsilon (used, 583.5571, 1e-9);
  g_assert_cmpint (since, >=, before);
  g_assert_cmpint (since, <=, g_get_real_time ());

  g_assert_true (confab_credits_monitor_get_counted (monitor, &counted, &counted_since));
  g_assert_cmpfloat_with_epsilon (counted, 0, 1e-9);
  g_assert_cmpint (counted_since, ==, since);

  /* 1.44 credits later: the baseline stays, the count grows. */
  confab_test_server_set_credits (fixture->server,
                                  "{\"data\":{\"token\":{\"remaining_credits\":99415.0029,\"unlimited_credits\":false,\"used_credits\":584.9971}},\"success\":true}");
  confab_credits_monitor_refresh (monitor);
  wait_idle (fixture);
  g_assert_true (g_variant_equal (kept, confab_credits_monitor_get_baselines (monitor)));
  g_assert_true (confab_credits_monitor_get_counted (monitor, &counted, &counted_since));
  g_assert_cmpfloat_with_epsilon (counted, 1.44, 1e-6);
  g_assert_cmpint (counted_since, ==, since);

  /* A baseline kept from an earlier run counts from then. */
  confab_credits_monitor_set_baselines (monitor,
                                        g_variant_new_parsed ("{%s: (500.0, @x 1700000000000000)}", identity));
  g_assert_true (confab_credits_monitor_get_counted (monitor, &counted, &counted_since));
  g_assert_cmpfloat_with_epsilon (counted, 84.9971, 1e-6);
  g_assert_cmpint (counted_since, ==, 1700000000000000);

  /* Another key has its own, next to it. */
  confab_client_set_api_key (fixture->client, "another-key");
  wait_idle (fixture);
  g_assert_cmpuint (g_variant_n_children (confab_credits_monitor_get_baselines (monitor)), ==, 2);
  g_assert_true (g_variant_lookup (confab_credits_monitor_get_baselines (monitor), identity, "(dx)", &used, &since));
  g_assert_cmpint (since, ==, 1700000000000000);
}

int
main (int   argc,
      char *argv[])
{
  /* The amounts are asserted in C digits. */
  setlocale (LC_ALL, "C");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/credits/parse", test_parse);
  g_test_add_func ("/credits/parse-unlimited", test_parse_unlimited);
  g_test_add_func ("/credits/parse-other-shapes", test_parse_other_shapes);
  g_test_add_func ("/credits/client", test_client);
  g_test_add_func ("/credits/amounts", test_amounts);
  g_test_add_func ("/credits/identity", test_identity);
  g_test_add ("/credits/monitor/throttle", MonitorFixture, NULL, monitor_setup, test_monitor_throttle, monitor_teardown);
  g_test_add ("/credits/monitor/missing", MonitorFixture, NULL, monitor_setup, test_monitor_missing, monitor_teardown);
  g_test_add ("/credits/monitor/low", MonitorFixture, NULL, monitor_setup, test_monitor_low, monitor_teardown);
  g_test_add ("/credits/monitor/baseline", MonitorFixture, NULL, monitor_setup, test_monitor_baseline, monitor_teardown);

  return g_test_run ();
}
