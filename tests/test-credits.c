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

  return g_test_run ();
}
