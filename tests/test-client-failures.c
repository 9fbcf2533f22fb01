/* test-client-failures.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Requests that fail: HTTP errors and their bodies (never with the key),
 * invalid answers, connections refused, closed, cancelled or timed out,
 * addresses that are not safe, and no API key.
 */

#include "test-client.h"

static ConfabClientError
expected_code (guint status)
{
  switch (status)
    {
    case 400: return CONFAB_CLIENT_ERROR_BAD_REQUEST;
    case 401: return CONFAB_CLIENT_ERROR_AUTH;
    case 402: return CONFAB_CLIENT_ERROR_QUOTA;
    case 403: return CONFAB_CLIENT_ERROR_AUTH;
    case 404: return CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND;
    case 429: return CONFAB_CLIENT_ERROR_RATE_LIMITED;
    default:
      g_assert_cmpuint (status, >=, 500);
      return CONFAB_CLIENT_ERROR_SERVER;
    }
}

void
test_http_errors (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (confab_test_error_fixtures); i++)
    {
      const ConfabTestErrorFixture *fixture = &confab_test_error_fixtures[i];
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server, API_KEY);
      g_autoptr(ConfabMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_response (server, fixture->status, fixture->content_type, fixture->body);
      confab_test_response_add_header (response, "x-oneapi-request-id", "20251010015944503180122WJNB8Eid");
      if (fixture->retry_after != NULL)
        confab_test_response_add_header (response, "Retry-After", fixture->retry_after);

      message = complete (client, NULL, NULL, &error);
      g_test_message ("HTTP %u: %s", fixture->status, error ? error->message : "(no error)");

      g_assert_null (message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, expected_code (fixture->status));
      g_assert_null (strstr (error->message, API_KEY));
      if (fixture->provider_message != NULL)
        g_assert_nonnull (strstr (error->message, fixture->provider_message));
      if (fixture->status == 404)
        g_assert_nonnull (strstr (error->message, MODEL));
      if (fixture->status == 429)
        g_assert_nonnull (strstr (error->message, "20"));
      if (fixture->status >= 500)
        {
          g_autofree char *status = g_strdup_printf ("%u", fixture->status);

          g_assert_nonnull (strstr (error->message, status));
        }

      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
    }
}

/* A server that quotes the key back: the key never reaches the error. */
void
test_key_redacted (void)
{
  static const guint statuses[] = { 400, 401, 402, 403, 404, 429, 500, 503, 200 };
  const char *key = "sk-live-0123456789abcdef";

  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server, key);
      g_autoptr(ConfabMessage) message = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *body = NULL;

      body = g_strdup_printf ("{\"error\":{\"message\":\"Incorrect API key provided: %s. "
                              "You can find your API key at https://example.com (key %s)\","
                              "\"type\":\"invalid_request_error\",\"param\":\"%s\",\"code\":\"invalid_api_key\"}}",
                              key, key, key);
      confab_test_server_queue_response (server, statuses[i], "application/json", body);

      message = complete (client, NULL, NULL, &error);
      g_test_message ("HTTP %u: %s", statuses[i], error ? error->message : "(no error)");

      g_assert_null (message);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CONFAB_CLIENT_ERROR);
      g_assert_null (strstr (error->message, key));
      g_assert_null (strstr (error->message, "0123456789abcdef"));
      g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
    }
}

/* Error bodies in the shapes servers other than OpenAI's use, and the
 * statuses with their own meaning: each says what went wrong and quotes
 * the server's reason.
 */
void
test_error_bodies (void)
{
  static const struct {
    guint              status;
    const char        *content_type;
    const char        *body;
    ConfabClientError  code;
    const char        *says;
    const char        *quoted;
  } cases[] = {
    { 500, "application/json", "{\"error\":\"TypeError\",\"message\":\"Cannot read properties of undefined (reading 'content')\"}",
      CONFAB_CLIENT_ERROR_SERVER, "HTTP 500", "Cannot read properties of undefined (reading 'content')" },
    { 400, "application/json", "{\"message\":\"messages must not be empty\"}",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "not valid (HTTP 400)", "messages must not be empty" },
    { 400, "application/json", "{\"detail\":\"Model field is required\"}",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "not valid (HTTP 400)", "Model field is required" },
    { 400, "application/json", "{\"detail\":[{\"loc\":[\"body\",\"model\"],\"msg\":\"field required\",\"type\":\"value_error.missing\"}]}",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "not valid (HTTP 400)", "field required" },
    { 400, "text/plain; charset=utf-8", "Bad Request: unknown field \"foo\"\n",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "not valid (HTTP 400)", "Bad Request: unknown field \"foo\"" },
    { 400, NULL, "", CONFAB_CLIENT_ERROR_BAD_REQUEST, "without saying why", NULL },
    { 408, "text/html", "<html><body><h1>408 Request Time-out</h1></body></html>",
      CONFAB_CLIENT_ERROR_TIMEOUT, "stopped waiting for the request", NULL },
    { 413, "text/html", "<html><head><title>413 Request Entity Too Large</title></head></html>",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "too large", NULL },
    { 413, "application/json", "{\"error\":{\"message\":\"Request body exceeds 4 MB\"}}",
      CONFAB_CLIENT_ERROR_BAD_REQUEST, "too large", "Request body exceeds 4 MB" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server, API_KEY);
      g_autoptr(ConfabMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      confab_test_server_queue_response (server, cases[i].status, cases[i].content_type, cases[i].body);

      message = complete (client, NULL, NULL, &error);
      g_test_message ("HTTP %u: %s", cases[i].status, error ? error->message : "(no error)");

      g_assert_null (message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_null (strstr (error->message, "could not handle the request"));
      g_assert_null (strstr (error->message, "<"));
      if (cases[i].quoted != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].quoted));
      else
        g_assert_null (strstr (error->message, "The server said"));
    }
}

/* A long plain-text error that echoes the key where it is cut short:
 * not even part of the key is quoted.
 */
void
test_key_redacted_plain_text (void)
{
  const char *key = "sk-live-0123456789abcdef";
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, key);
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) body = g_string_new ("Invalid key");

  while (body->len < 190)
    g_string_append (body, ".");
  g_string_append_printf (body, " %s was refused", key);
  confab_test_server_queue_response (server, 400, "text/plain", body->str);

  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST);
  g_assert_nonnull (strstr (error->message, "Invalid key"));
  g_assert_null (strstr (error->message, "sk-live"));
  g_assert_null (strstr (error->message, "0123"));
}

void
test_invalid_answers (void)
{
  static const struct {
    const char *content_type;
    const char *body;
  } answers[] = {
    { "application/json", "garbage" },
    { "text/plain", "garbage" },
    { "text/html", CONFAB_TEST_ERROR_502_HTML },
    { "text/html; charset=utf-8", "<!DOCTYPE html><html><body>Welcome to nginx!</body></html>" },
    { "application/json", "" },
    { NULL, NULL },
    { "application/json", "{\"choices\":" },
    { "application/json", "{}" },
    { "application/json", "[]" },
    { "application/json", "null" },
    { "application/json", "{\"choices\":[]}" },
    { "application/json", "{\"choices\":[{\"message\":\"hi\"}]}" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server, API_KEY);
      g_autoptr(ConfabMessage) message = NULL;
      g_autoptr(GError) error = NULL;

      confab_test_server_queue_response (server, 200, answers[i].content_type, answers[i].body);

      message = complete (client, NULL, NULL, &error);
      g_test_message ("%s “%s”: %s", answers[i].content_type ? answers[i].content_type : "(none)",
                      answers[i].body ? answers[i].body : "(none)",
                      error ? error->message : "(no error)");

      g_assert_null (message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_null (strstr (error->message, "<html"));
    }
}

/* An answer with bytes that are not UTF-8, or an escaped nul, keeps its
 * text: each becomes U+FFFD.  Before, the answer was refused, or its
 * text ended at the nul.
 */
void
test_text_kept (void)
{
  static const char body[] =
    "{\"choices\":[{\"message\":{\"role\":\"assistant\","
    "\"content\":\"caf\xc3 au lait\\u0000 and \xe2\x82 more \xff end\","
    "\"reasoning_content\":\"think\\u0000ing\"},\"finish_reason\":\"stop\"}]}";
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_response (server, 200, "application/json", body);

  message = complete (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (message), ==,
                   "caf\xef\xbf\xbd au lait\xef\xbf\xbd and \xef\xbf\xbd more \xef\xbf\xbd end");
  g_assert_cmpstr (confab_message_get_reasoning (message), ==, "think\xef\xbf\xbding");
}

/* The key must not follow a redirect to another address. */
void
test_no_redirect (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *elsewhere = confab_test_server_dup_url (server, "elsewhere");
  ConfabTestResponse *response;

  response = confab_test_server_queue_response (server, 307, NULL, NULL);
  confab_test_response_add_header (response, "Location", elsewhere);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  message = complete (client, NULL, NULL, &error);
  g_assert_null (message);
  g_assert_nonnull (error);
  g_assert_true (error->domain == CONFAB_CLIENT_ERROR);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
}

void
test_connection_refused (void)
{
  g_autoptr(ConfabClient) client = client_new (NULL, API_KEY);
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *base_url = NULL;
  guint port;

  /* A port that is bound but where nothing listens. */
  closed = confab_test_bind_closed_port (&port);
  base_url = g_strdup_printf ("http://127.0.0.1:%u/v1", port);
  confab_client_set_base_url (client, base_url);

  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION);
}

void
test_connection_closed (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_close (server);
  confab_test_response_set_delay (confab_test_server_queue_close (server), 100);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ConfabMessage) message = complete (client, NULL, NULL, &error);

      g_test_message ("Closed: %s", error ? error->message : "(no error)");
      g_assert_null (message);
      g_assert_nonnull (error);
      g_assert_true (error->domain == CONFAB_CLIENT_ERROR);
      g_assert_cmpstr (error->message, !=, "");
      g_clear_error (&error);
    }

  /* The client recovers for the next request. */
  {
    g_autoptr(ConfabMessage) message = complete (client, NULL, NULL, &error);

    g_assert_no_error (error);
    assert_seed_answer (message);
  }
}

void
test_cancel (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  gint64 cancelled_at;

  confab_test_server_queue_hang (server);

  confab_client_complete_async (client, MODEL, NULL, history, cancellable,
                                confab_test_store_result_cb, &result);
  confab_test_server_wait_for_requests (server, 1);
  g_assert_null (result);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  confab_test_wait_for_result (&result);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC);

  message = confab_client_complete_finish (client, result, &error);
  g_assert_null (message);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
test_cancel_before (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_cancellable_cancel (cancellable);

  error = complete_fails (client, cancellable, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

void
test_timeout (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;
  gint64 start;

  confab_test_server_queue_hang (server);
  confab_client_set_timeout (client, 1);

  start = g_get_monotonic_time ();
  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TIMEOUT);
  g_assert_cmpint (g_get_monotonic_time () - start, <, 10 * G_USEC_PER_SEC);
}

void
test_insecure_url (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(GError) error = NULL;

  /* The refusal comes before any network access: no DNS, no connection,
   * which would give other errors here.
   */
  confab_client_set_base_url (client, "http://example.com/v1");
  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL);
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);

  confab_client_set_base_url (client, "garbage");
  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL);

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
}

/* A server on the home network is asked only once the person allowed
 * its host; the refusal comes before any connection, so this test never
 * sends anything to the private address it names.  The allowed case is
 * shown on this computer's server: loopback needs no confirmation, and
 * a list of allowed hosts changes nothing for it.
 */
void
test_home_network_url (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, API_KEY);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const char *allowed[] = { "192.168.1.20", NULL };
  const char *example[] = { "example.com", NULL };

  confab_client_set_base_url (client, "http://192.168.1.21:11434/v1");
  confab_client_set_plain_http_hosts (client, allowed);
  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_UNCONFIRMED_URL);
  g_assert_nonnull (strstr (error->message, "192.168.1.21"));
  g_assert_null (strstr (error->message, API_KEY));
  g_clear_error (&error);

  /* An allowed name elsewhere stays refused. */
  confab_client_set_base_url (client, "http://example.com/v1");
  confab_client_set_plain_http_hosts (client, example);
  error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL);
  g_clear_error (&error);

  /* The scripted server, on this computer, answers whatever the list. */
  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_plain_http_hosts (client, allowed);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  message = complete (client, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (message);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
}

void
test_no_api_key (void)
{
  static const char *keys[] = { NULL, "", "  \n" };

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autoptr(ConfabClient) client = client_new (NULL, keys[i]);
          g_autoptr(GError) error = NULL;

      /* The default base URL: https and not this computer. */
      error = complete_fails (client, NULL, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY);
    }
}

/* Local servers (llama.cpp, Ollama) need no key: the request goes out
 * with no Authorization header at all.
 */
void
test_no_api_key_loopback (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server, NULL);
  g_autoptr(ConfabMessage) message = NULL;
  g_autoptr(GError) error = NULL;
  const ConfabTestRequest *request;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  message = complete (client, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_seed_answer (message);

  request = confab_test_server_get_request (server, 0);
  g_assert_null (confab_test_request_get_header (request, "Authorization"));
  assert_request_body (request, NULL);
}
