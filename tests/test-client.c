/* test-client.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ConfabClient against the scripted server: real HTTP on 127.0.0.1. */

#include "test-client.h"

ConfabClient *
client_new (ConfabTestServer *server,
            const char       *api_key)
{
  ConfabClient *client = confab_client_new ();

  if (server != NULL)
    confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  if (api_key != NULL)
    confab_client_set_api_key (client, api_key);

  return client;
}

static void
history_add (GListStore *history,
             ConfabRole  role,
             const char *content)
{
  g_autoptr(ConfabMessage) message = confab_message_new (role, content);

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);
  g_list_store_append (history, message);
}

GListModel *
history_new (void)
{
  GListStore *history = g_list_store_new (CONFAB_TYPE_MESSAGE);

  history_add (history, CONFAB_ROLE_USER, "Hello, introduce yourself");
  history_add (history, CONFAB_ROLE_ASSISTANT, "I'm a Large Language Model.");
  history_add (history, CONFAB_ROLE_USER, "안녕하세요 👋 And now?");

  return G_LIST_MODEL (history);
}

ConfabMessage *
complete (ConfabClient  *client,
          const char    *system_prompt,
          GCancellable  *cancellable,
          GError       **error)
{
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GAsyncResult) result = NULL;

  confab_client_complete_async (client, MODEL, system_prompt, history, cancellable,
                                confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return confab_client_complete_finish (client, result, error);
}

/* A request of @client that fails with @code of @domain.
 * Returns: (transfer full): the error, for the checks of its text
 */
GError *
complete_fails (ConfabClient *client,
                GCancellable *cancellable,
                GQuark        domain,
                int           code)
{
  g_autoptr(ConfabMessage) message = NULL;
  GError *error = NULL;

  message = complete (client, NULL, cancellable, &error);
  g_test_message ("%s", error ? error->message : "(no error)");
  g_assert_null (message);
  g_assert_error (error, domain, code);

  return error;
}

static gint64 test_start;

void
assert_seed_answer (ConfabMessage *message)
{
  ConfabUsage *usage;

  g_assert_true (CONFAB_IS_MESSAGE (message));
  g_assert_cmpint (confab_message_get_role (message), ==, CONFAB_ROLE_ASSISTANT);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (message), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpstr (confab_message_get_model (message), ==, CONFAB_TEST_SEED_MODEL);
  g_assert_cmpstr (confab_message_get_finish_reason (message), ==, "stop");
  g_assert_cmpstr (confab_message_get_response_id (message), ==, CONFAB_TEST_SEED_ID);
  /* Dated by this computer's clock when it was asked, not by the server. */
  g_assert_cmpint (g_date_time_to_unix (confab_message_get_created (message)), >=, test_start);
  g_assert_cmpint (g_date_time_to_unix (confab_message_get_created (message)), <=, g_get_real_time () / G_USEC_PER_SEC + 1);

  usage = confab_message_get_usage (message);
  g_assert_true (CONFAB_IS_USAGE (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, 1891);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, 1480);
}

void
assert_request_body (const ConfabTestRequest *request,
                     const char              *system_prompt)
{
  g_autoptr(JsonNode) node = confab_test_request_parse_json (request);
  g_autoptr(JsonReader) reader = json_reader_new (node);
  const char *expected[] = {
    "system", system_prompt,
    "user", "Hello, introduce yourself",
    "assistant", "I'm a Large Language Model.",
    "user", "안녕하세요 👋 And now?",
  };
  guint first = system_prompt != NULL ? 0 : 1;

  g_assert_true (json_reader_read_member (reader, "model"));
  g_assert_cmpstr (json_reader_get_string_value (reader), ==, MODEL);
  json_reader_end_member (reader);

  g_assert_true (json_reader_read_member (reader, "messages"));
  g_assert_cmpint (json_reader_count_elements (reader), ==, G_N_ELEMENTS (expected) / 2 - first);

  for (guint i = first; i < G_N_ELEMENTS (expected) / 2; i++)
    {
      g_assert_true (json_reader_read_element (reader, i - first));

      g_assert_true (json_reader_read_member (reader, "role"));
      g_assert_cmpstr (json_reader_get_string_value (reader), ==, expected[2 * i]);
      json_reader_end_member (reader);

      g_assert_true (json_reader_read_member (reader, "content"));
      g_assert_cmpstr (json_reader_get_string_value (reader), ==, expected[2 * i + 1]);
      json_reader_end_member (reader);

      json_reader_end_element (reader);
    }

  json_reader_end_member (reader);
}

static void
test_properties (void)
{
  g_autoptr(ConfabClient) client = confab_client_new ();

  g_assert_cmpstr (confab_client_get_base_url (client), ==, CONFAB_CLIENT_DEFAULT_BASE_URL);
  g_assert_cmpstr (CONFAB_CLIENT_DEFAULT_BASE_URL, ==, "https://api.evolink.ai/v1");
  g_assert_cmpuint (confab_client_get_timeout (client), ==, CONFAB_CLIENT_DEFAULT_TIMEOUT);
  g_assert_cmpuint (confab_client_get_timeout (client), >, 60);

  confab_client_set_base_url (client, "http://127.0.0.1:8080/v1");
  g_assert_cmpstr (confab_client_get_base_url (client), ==, "http://127.0.0.1:8080/v1");
  confab_client_set_timeout (client, 5);
  g_assert_cmpuint (confab_client_get_timeout (client), ==, 5);
}

static void
test_success (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const ConfabTestRequest *request;
  const char *content_type;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  message = complete (client, "You are terse.", NULL, &error);
  g_assert_no_error (error);
  assert_seed_answer (message);

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
  request = confab_test_server_get_request (server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_null (request->query);
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " API_KEY);
  content_type = soup_message_headers_get_content_type (request->headers, NULL);
  g_assert_cmpstr (content_type, ==, "application/json");
  assert_request_body (request, "You are terse.");
}

/* Without a system prompt the history goes first, and the client keeps
 * working for a second request on the same connection.
 */
static void
test_success_twice (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_server_queue_response (server, 200, "application/json; charset=utf-8", CONFAB_TEST_SEED_RESPONSE);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ConfabMessage) message = complete (client, i == 0 ? NULL : "", NULL, &error);

      g_assert_no_error (error);
      assert_seed_answer (message);
      assert_request_body (confab_test_server_get_request (server, i), NULL);
    }
}

/* A thinking model may take long before it answers at all. */
static void
test_slow_answer (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_response_set_delay (response, 300);

  message = complete (client, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_seed_answer (message);
}

/* Appends @text and its pending answer to @conversation and starts
 * asking for the answer, as the window does.
 */
static ConfabMessage *
ask_start (ConfabClient        *client,
           ConfabConversation  *conversation,
           const char          *text,
           GCancellable        *cancellable,
           GAsyncResult       **result)
{
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, text);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListModel) history = NULL;

  confab_message_set_state (prompt, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_conversation_append (conversation, prompt);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (conversation, answer);

  history = confab_conversation_dup_history (conversation, answer);
  confab_client_chat_async (client, MODEL, "You are terse.", history, answer, FALSE, cancellable,
                            confab_test_store_result_cb, result);

  return g_steal_pointer (&answer);
}

/* Waits for the answer ask_start() asked for; @result is cleared for
 * the next one.
 */
static gboolean
ask_finish (ConfabClient  *client,
            GAsyncResult **result)
{
  gboolean ok;

  confab_test_wait_for_result (result);
  ok = confab_client_chat_finish (client, *result, NULL);
  g_clear_object (result);

  return ok;
}

/* Asks again for @answer, with what comes before it, as Retry does. */
static void
retry (ConfabClient       *client,
       ConfabConversation *conversation,
       ConfabMessage      *answer)
{
  g_autoptr(GListModel) history = confab_conversation_dup_history (conversation, answer);
  g_autoptr(GAsyncResult) result = NULL;

  confab_client_chat_async (client, MODEL, "You are terse.", history, answer, FALSE, NULL,
                            confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  confab_client_chat_finish (client, result, NULL);
}

static void
assert_messages (const ConfabTestRequest *request,
                 const char * const      *expected)
{
  g_autoptr(JsonNode) node = confab_test_request_parse_json (request);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) turns = NULL;
  JsonArray *messages = json_object_get_array_member (json_node_get_object (node), "messages");

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      g_autofree char *turn = g_strdup_printf ("%s: %s",
                                               json_object_get_string_member (message, "role"),
                                               json_object_get_string_member (message, "content"));

      g_strv_builder_add (builder, turn);
    }

  turns = g_strv_builder_end (builder);
  g_assert_cmpstrv (turns, expected);
}

/* After a failed answer and one stopped before it said anything, the
 * server receives a valid conversation: neither exchange, no two user
 * turns in a row.  Retrying the failed answer sends its own prompt.
 */
static void
test_history_after_failure (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ConfabMessage) first = NULL;
  g_autoptr(ConfabMessage) failed = NULL;
  g_autoptr(ConfabMessage) stopped = NULL;
  g_autoptr(ConfabMessage) last = NULL;
  const char * const expected_next[] = {
    "system: You are terse.",
    "user: Hello, introduce yourself",
    "assistant: " CONFAB_TEST_SEED_CONTENT,
    "user: 안녕하세요 👋 And now?",
    NULL
  };
  const char * const expected_retry[] = {
    "system: You are terse.",
    "user: Hello, introduce yourself",
    "assistant: " CONFAB_TEST_SEED_CONTENT,
    "user: What went wrong?",
    NULL
  };

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  first = ask_start (client, conversation, "Hello, introduce yourself", NULL, &result);
  g_assert_true (ask_finish (client, &result));

  confab_test_server_queue_response (server, 502, "application/json",
                                     "{\"error\":{\"message\":\"Upstream unavailable\"}}");
  failed = ask_start (client, conversation, "What went wrong?", NULL, &result);
  g_assert_false (ask_finish (client, &result));
  g_assert_cmpint (confab_message_get_state (failed), ==, CONFAB_MESSAGE_STATE_FAILED);

  /* Stopped before the server said anything. */
  confab_test_server_queue_hang (server);
  stopped = ask_start (client, conversation, "Are you there?", cancellable, &result);
  confab_test_server_wait_for_requests (server, 3);
  g_cancellable_cancel (cancellable);
  g_assert_false (ask_finish (client, &result));
  g_assert_cmpint (confab_message_get_state (stopped), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (stopped), ==, "");

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  last = ask_start (client, conversation, "안녕하세요 👋 And now?", NULL, &result);
  g_assert_true (ask_finish (client, &result));
  assert_messages (confab_test_server_get_request (server, 3), expected_next);

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  retry (client, conversation, failed);
  g_assert_cmpint (confab_message_get_state (failed), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  assert_messages (confab_test_server_get_request (server, 4), expected_retry);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 5);
}

/* An answer of megabytes that is not streamed is parsed on a worker
 * (the main loop would stall for its parse) and arrives whole.
 */
static void
test_huge_answer (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(JsonNode) node = json_node_alloc ();
  g_autofree char *escaped = NULL;
  g_autofree char *body = NULL;

  while (content->len < 8 * 1024 * 1024)
    g_string_append (content, "Ein langer Satz, \"zitiert\", mit 한국어 und Zeilen.\n");

  json_node_init_string (node, content->str);
  escaped = json_to_string (node, FALSE);
  body = g_strdup_printf ("{\"id\":\"chatcmpl-huge\",\"model\":\"" MODEL "\","
                          "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":%s},"
                          "\"finish_reason\":\"stop\"}]}", escaped);
  confab_test_server_queue_response (server, 200, "application/json", body);

  message = complete (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpuint (confab_message_get_content_length (message), ==, content->len);
  g_assert_cmpstr (confab_message_get_content (message), ==, content->str);
  g_assert_cmpstr (confab_message_get_finish_reason (message), ==, "stop");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  test_start = g_get_real_time () / G_USEC_PER_SEC;

  g_test_add_func ("/client/properties", test_properties);
  g_test_add_func ("/client/success", test_success);
  g_test_add_func ("/client/success-twice", test_success_twice);
  g_test_add_func ("/client/slow-answer", test_slow_answer);
  g_test_add_func ("/client/http-errors", test_http_errors);
  g_test_add_func ("/client/key-redacted", test_key_redacted);
  g_test_add_func ("/client/key-redacted-plain-text", test_key_redacted_plain_text);
  g_test_add_func ("/client/error-bodies", test_error_bodies);
  g_test_add_func ("/client/invalid-answers", test_invalid_answers);
  g_test_add_func ("/client/text-kept", test_text_kept);
  g_test_add_func ("/client/no-redirect", test_no_redirect);
  g_test_add_func ("/client/connection-refused", test_connection_refused);
  g_test_add_func ("/client/connection-closed", test_connection_closed);
  g_test_add_func ("/client/cancel", test_cancel);
  g_test_add_func ("/client/cancel-before", test_cancel_before);
  g_test_add_func ("/client/timeout", test_timeout);
  g_test_add_func ("/client/insecure-url", test_insecure_url);
  g_test_add_func ("/client/home-network-url", test_home_network_url);
  g_test_add_func ("/client/no-api-key", test_no_api_key);
  g_test_add_func ("/client/no-api-key-loopback", test_no_api_key_loopback);
  g_test_add_func ("/client/history-after-failure", test_history_after_failure);
  g_test_add_func ("/client/huge-answer", test_huge_answer);

  return g_test_run ();
}
