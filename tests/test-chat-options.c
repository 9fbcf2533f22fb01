/* test-chat-options.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The generation parameters in the request body, against the scripted
 * server: only what was set is sent, and a server that refuses
 * max_completion_tokens is asked again with max_tokens, once, and from
 * then on for its base URL.
 */

#include "confab-client.h"
#include "confab-error.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

#define API_KEY "test-key-123"
#define MODEL   "gemini-3.1-pro-preview"

#define REFUSED_MAX_COMPLETION_TOKENS \
  "{\"error\":{\"message\":\"Unrecognized request argument supplied: max_completion_tokens\"," \
  "\"type\":\"invalid_request_error\",\"param\":\"max_completion_tokens\",\"code\":null}}"

static ConfabClient *
client_new (ConfabTestServer *server)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_api_key (client, API_KEY);

  return client;
}

static gboolean
chat (ConfabClient             *client,
      const ConfabChatOptions  *options,
      GError                  **error)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Hello");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GAsyncResult) result = NULL;

  g_list_store_append (history, prompt);
  confab_client_chat_with_options_async (client, MODEL, NULL, options, G_LIST_MODEL (history), answer,
                                         FALSE, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return confab_client_chat_finish (client, result, error);
}

static JsonObject *
request_body (ConfabTestServer *server,
              guint             index,
              JsonNode        **node)
{
  *node = confab_test_request_parse_json (confab_test_server_get_request (server, index));
  g_assert_nonnull (*node);

  return json_node_get_object (*node);
}

/* Nothing set, nothing sent: the server's defaults apply. */
static void
test_unset (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  ConfabChatOptions options = CONFAB_CHAT_OPTIONS_INIT;
  JsonObject *body;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &options, &error));
  g_assert_no_error (error);

  body = request_body (server, 0, &node);
  g_assert_false (json_object_has_member (body, "temperature"));
  g_assert_false (json_object_has_member (body, "max_completion_tokens"));
  g_assert_false (json_object_has_member (body, "max_tokens"));
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
}

/* What was set is sent, each under its own name; a temperature of 0 is
 * a value, not "unset".
 */
static void
test_set (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(JsonNode) zero_node = NULL;
  ConfabChatOptions options = { 0.7, 2048, "high" };
  ConfabChatOptions zero = CONFAB_CHAT_OPTIONS_INIT;
  JsonObject *body;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &options, &error));
  g_assert_no_error (error);

  body = request_body (server, 0, &node);
  g_assert_cmpfloat_with_epsilon (json_object_get_double_member (body, "temperature"), 0.7, 1e-9);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 2048);
  g_assert_false (json_object_has_member (body, "max_tokens"));
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "high");

  zero.temperature = 0;
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &zero, &error));
  body = request_body (server, 1, &zero_node);
  g_assert_true (json_object_has_member (body, "temperature"));
  g_assert_cmpfloat (json_object_get_double_member (body, "temperature"), ==, 0);
  g_assert_false (json_object_has_member (body, "reasoning_effort"));
}

/* A 400 naming max_completion_tokens: asked once more with max_tokens,
 * which is kept for that base URL, and only for it.
 */
static void
test_max_tokens_fallback (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabTestServer) other = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) first = NULL;
  g_autoptr(JsonNode) second = NULL;
  g_autoptr(JsonNode) third = NULL;
  g_autoptr(JsonNode) elsewhere = NULL;
  ConfabChatOptions options = { -1, 512, NULL };
  JsonObject *body;

  confab_test_server_queue_response (server, 400, "application/json", REFUSED_MAX_COMPLETION_TOKENS);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &options, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 2);

  body = request_body (server, 0, &first);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 512);
  body = request_body (server, 1, &second);
  g_assert_false (json_object_has_member (body, "max_completion_tokens"));
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 512);

  /* Remembered: the next request asks with max_tokens at once. */
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &options, &error));
  body = request_body (server, 2, &third);
  g_assert_cmpint (json_object_get_int_member (body, "max_tokens"), ==, 512);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 3);

  /* Another base URL starts with max_completion_tokens. */
  confab_client_set_base_url (client, confab_test_server_get_base_url (other));
  confab_test_server_queue_response (other, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (chat (client, &options, &error));
  body = request_body (other, 0, &elsewhere);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 512);
}

/* Once only: a server that refuses both gives its error; another 400
 * or a request without the limit is not asked again.
 */
static void
test_max_tokens_once (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  ConfabChatOptions options = { -1, 512, NULL };
  ConfabChatOptions none = CONFAB_CHAT_OPTIONS_INIT;

  confab_test_server_queue_response (server, 400, "application/json", REFUSED_MAX_COMPLETION_TOKENS);
  confab_test_server_queue_response (server, 400, "application/json", REFUSED_MAX_COMPLETION_TOKENS);
  g_assert_false (chat (client, &options, &error));
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST);
  g_clear_error (&error);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 2);

  confab_test_server_queue_response (server, 400, "application/json",
                                     "{\"error\":{\"message\":\"Invalid value for 'messages': expected a non-empty array.\","
                                     "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}");
  g_assert_false (chat (client, &none, &error));
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chat-options/unset", test_unset);
  g_test_add_func ("/chat-options/set", test_set);
  g_test_add_func ("/chat-options/max-tokens-fallback", test_max_tokens_fallback);
  g_test_add_func ("/chat-options/max-tokens-once", test_max_tokens_once);

  return g_test_run ();
}
