/* test-faults.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The fault suite: everything the network or a server can do wrong,
 * through the real client and the scripted server on 127.0.0.1 (and
 * real TLS, with certificates made here by openssl).  Each case asserts
 * the sentence a person reads, and that nothing is lost: the prompt stays
 * in the conversation as it was, the answer keeps what arrived and
 * carries the same error, and the API key is in no error text.
 */

#include "test-faults.h"

void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->conversation);
  g_clear_object (&exchange->prompt);
  g_clear_object (&exchange->answer);
  g_clear_object (&exchange->result);
  g_free (exchange);
}

ConfabClient *
client_new (const char *base_url)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, base_url);
  confab_client_set_api_key (client, API_KEY);

  return client;
}

/* Appends the prompt and a pending answer to a new conversation, and
 * starts asking for the answer.
 */
static Exchange *
exchange_start (ConfabClient *client,
                gboolean      stream,
                GCancellable *cancellable)
{
  Exchange *exchange = g_new0 (Exchange, 1);
  g_autoptr(GListModel) history = NULL;

  exchange->conversation = confab_conversation_new ();
  exchange->prompt = confab_message_new (CONFAB_ROLE_USER, PROMPT);
  confab_message_set_state (exchange->prompt, CONFAB_MESSAGE_STATE_COMPLETE);
  confab_conversation_append (exchange->conversation, exchange->prompt);
  exchange->answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  confab_message_set_state (exchange->answer, CONFAB_MESSAGE_STATE_PENDING);
  confab_conversation_append (exchange->conversation, exchange->answer);

  history = confab_conversation_dup_history (exchange->conversation, exchange->answer);
  confab_client_chat_async (client, MODEL, NULL, history, exchange->answer, stream, cancellable,
                            confab_test_store_result_cb, &exchange->result);

  return exchange;
}

static GError *
exchange_finish (ConfabClient *client,
                 Exchange     *exchange)
{
  GError *error = NULL;

  confab_test_wait_for_result (&exchange->result);
  g_assert_false (confab_client_chat_finish (client, exchange->result, &error));
  g_assert_nonnull (error);
  g_test_message ("“%s” kept, error: %s", confab_message_get_content (exchange->answer), error->message);

  return error;
}

/* Asks once, expecting a failure. */
Exchange *
ask (ConfabClient  *client,
     gboolean       stream,
     GError       **error)
{
  Exchange *exchange = exchange_start (client, stream, NULL);

  *error = exchange_finish (client, exchange);

  return exchange;
}

/* The sentence says @says; the prompt is as it was; the answer failed
 * with the same error and keeps @partial.
 */
void
assert_kept (Exchange          *exchange,
             const GError      *error,
             ConfabClientError  code,
             const char        *says,
             const char        *partial)
{
  const GError *answer_error = confab_message_get_error (exchange->answer);

  g_assert_error (error, CONFAB_CLIENT_ERROR, code);
  if (strstr (error->message, says) == NULL)
    g_error ("“%s” does not say “%s”", error->message, says);
  g_assert_null (strstr (error->message, API_KEY));
  g_assert_null (strstr (error->message, "0123456789abcdef"));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (exchange->conversation)), ==, 2);
  g_assert_cmpstr (confab_message_get_content (exchange->prompt), ==, PROMPT);
  g_assert_cmpint (confab_message_get_state (exchange->prompt), ==, CONFAB_MESSAGE_STATE_COMPLETE);

  g_assert_cmpint (confab_message_get_state (exchange->answer), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_error (answer_error, CONFAB_CLIENT_ERROR, code);
  g_assert_cmpstr (answer_error->message, ==, error->message);
  g_assert_cmpstr (confab_message_get_content (exchange->answer), ==, partial);
}

/* HTTP error statuses ------------------------------------------------------ */

typedef enum
{
  BODY_JSON,
  BODY_HTML,
  BODY_EMPTY,
  N_BODIES
} BodyKind;

#define PROVIDER_MESSAGE "The provider's own reason, for the record"

static const struct {
  guint              status;
  ConfabClientError  code;
  const char        *says;
} statuses[] = {
  { 400, CONFAB_CLIENT_ERROR_BAD_REQUEST, "not valid (HTTP 400)" },
  { 401, CONFAB_CLIENT_ERROR_AUTH, "rejected the API key" },
  { 402, CONFAB_CLIENT_ERROR_QUOTA, "out of credit" },
  { 403, CONFAB_CLIENT_ERROR_AUTH, "refused access" },
  { 404, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND, "“" MODEL "” was not found" },
  { 405, CONFAB_CLIENT_ERROR_BAD_REQUEST, "(HTTP 405)" },
  { 408, CONFAB_CLIENT_ERROR_TIMEOUT, "stopped waiting for the request to arrive (HTTP 408)" },
  { 409, CONFAB_CLIENT_ERROR_BAD_REQUEST, "(HTTP 409)" },
  { 413, CONFAB_CLIENT_ERROR_BAD_REQUEST, "too large for the server (HTTP 413)" },
  { 422, CONFAB_CLIENT_ERROR_BAD_REQUEST, "(HTTP 422)" },
  { 429, CONFAB_CLIENT_ERROR_RATE_LIMITED, "rate limiting you" },
  { 500, CONFAB_CLIENT_ERROR_SERVER, "failed to answer (HTTP 500)" },
  { 502, CONFAB_CLIENT_ERROR_SERVER, "failed to answer (HTTP 502)" },
  { 503, CONFAB_CLIENT_ERROR_SERVER, "failed to answer (HTTP 503)" },
  { 504, CONFAB_CLIENT_ERROR_SERVER, "failed to answer (HTTP 504)" },
};

/* Every error status, with a JSON, an HTML and an empty body, to a
 * streamed and a whole request: the status's own sentence, the
 * provider's reason quoted only from JSON, never a page's markup.
 */
static void
test_http_statuses (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (statuses); i++)
    for (BodyKind kind = 0; kind < N_BODIES; kind++)
      for (guint stream = 0; stream < 2; stream++)
        {
          g_autoptr(ConfabTestServer) server = confab_test_server_new ();
          g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
          g_autoptr(Exchange) exchange = NULL;
          g_autoptr(GError) error = NULL;
          g_autofree char *html = NULL;

          switch (kind)
            {
            case BODY_JSON:
              confab_test_server_queue_response (server, statuses[i].status, "application/json",
                                                 "{\"error\":{\"message\":\"" PROVIDER_MESSAGE "\","
                                                 "\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}");
              break;

            case BODY_HTML:
              html = g_strdup_printf ("<!DOCTYPE html>\n<html><head><title>%u Error</title></head>"
                                      "<body><h1>%u</h1><p>nginx</p></body></html>\n",
                                      statuses[i].status, statuses[i].status);
              confab_test_server_queue_response (server, statuses[i].status, "text/html", html);
              break;

            case BODY_EMPTY:
            case N_BODIES:
            default:
              confab_test_server_queue_response (server, statuses[i].status, NULL, NULL);
              break;
            }

          exchange = ask (client, stream, &error);
          assert_kept (exchange, error, statuses[i].code, statuses[i].says, "");
          g_assert_null (strstr (error->message, "<"));
          g_assert_null (strstr (error->message, "nginx"));
          if (kind == BODY_JSON)
            g_assert_nonnull (strstr (error->message, "“" PROVIDER_MESSAGE "”"));
          else
            g_assert_null (strstr (error->message, "The server said"));
          g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
        }
}

/* A proxy's error page can be far longer than an error body needs: the
 * status still says what happened.
 */
static void
test_http_status_long_page (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) page = g_string_new ("<html><body>");
  ConfabTestResponse *response;

  while (page->len < 3 * 1024 * 1024)
    g_string_append (page, "<p>The upstream server is not answering.</p>\n");
  g_string_append (page, "</body></html>\n");

  response = confab_test_server_queue_stream (server, 502, "text/html");
  confab_test_response_add_pieces (response, 0, page->str, 256 * 1024);

  exchange = ask (client, TRUE, &error);
  assert_kept (exchange, error, CONFAB_CLIENT_ERROR_SERVER, "failed to answer (HTTP 502)", "");
}

/* Resets and cut streams ---------------------------------------------------- */

/* A streamed answer of PARTIAL, in two events, to which the test adds
 * how it ends.
 */
static ConfabTestResponse *
queue_partial (ConfabTestServer *server)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (server, 200, "text/event-stream");

  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1), -1);
  confab_test_response_add_piece (response, 20, CHUNK (PARTIAL_2), -1);

  return response;
}

/* @client's streamed answer broke after PARTIAL, which it keeps. */
static void
assert_partial_kept (ConfabClient *client)
{
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;

  exchange = ask (client, TRUE, &error);
  assert_kept (exchange, error, CONFAB_CLIENT_ERROR_CONNECTION,
               "The connection broke before the answer was complete. What arrived is kept", PARTIAL);
}

/* A streamed answer of PARTIAL, then silence for longer than any test
 * waits.
 */
static void
queue_partial_then_silence (ConfabTestServer *server)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (server, 200, "text/event-stream");

  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1) CHUNK (PARTIAL_2), -1);
  confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_STOP DONE, -1);
}

/* The server closes the connection before it sends any header. */
static void
test_reset_before_headers (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      /* Twice: libsoup sends a request again once when a connection it
       * reused was closed.
       */
      confab_test_server_queue_close (server);
      confab_test_server_queue_close (server);

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_CONNECTION,
                   "closed the connection without answering", "");
    }
}

/* The connection is reset in the middle of a streamed answer, at an
 * event's end or inside one: what arrived is kept.
 */
static void
test_reset_midstream (void)
{
  static const char * const tails[] = {
    "",
    "data: {\"id\":\"chatcmpl-f1\",\"object\":\"chat.",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
      ConfabTestResponse *response = queue_partial (server);

      confab_test_response_add_piece (response, 20, tails[i], -1);
      confab_test_response_set_abort (response, TRUE);
      assert_partial_kept (client);
    }
}

/* A whole (not streamed) answer whose connection is reset half-way. */
static void
test_reset_mid_body (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *length = g_strdup_printf ("%zu", strlen (CONFAB_TEST_SEED_RESPONSE));
  ConfabTestResponse *response;

  /* With its length announced, as servers send whole answers. */
  response = confab_test_server_queue_stream (server, 200, "application/json");
  confab_test_response_add_header (response, "Content-Length", length);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_SEED_RESPONSE, strlen (CONFAB_TEST_SEED_RESPONSE) / 2);
  confab_test_response_set_abort (response, TRUE);

  exchange = ask (client, FALSE, &error);
  assert_kept (exchange, error, CONFAB_CLIENT_ERROR_CONNECTION,
               "The connection broke before the answer was complete", "");
}

/* The stream ends cleanly but without a finish reason or [DONE]: the
 * answer was cut, and says so.
 */
static void
test_cut_without_done (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));

  queue_partial (server);
  assert_partial_kept (client);
}

/* A finish reason without [DONE] is a whole answer: many servers stop
 * there.
 */
static void
test_finish_without_done (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
  g_autoptr(Exchange) exchange = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1) CHUNK (PARTIAL_2) CHUNK_STOP, -1);

  exchange = exchange_start (client, TRUE, NULL);
  confab_test_wait_for_result (&exchange->result);
  g_assert_true (confab_client_chat_finish (client, exchange->result, NULL));
  g_assert_cmpint (confab_message_get_state (exchange->answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (exchange->answer), ==, PARTIAL);
}

/* Stalls ------------------------------------------------------------------ */

/* The server stops sending in the middle of the answer: after the stall
 * timeout the answer stops with a sentence that says so, and keeps what
 * arrived.
 */
static void
test_stall (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      confab_client_set_stall_timeout (client, 1);

      if (stream)
        {
          queue_partial_then_silence (server);
        }
      else
        {
          response = confab_test_server_queue_stream (server, 200, "application/json");
          confab_test_response_add_piece (response, 0, "{\"choices\":[", -1);
          confab_test_response_add_piece (response, LONG_DELAY_MS, "]}", -1);
        }

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_TIMEOUT,
                   "The server sent nothing for 1 second, so the answer was stopped",
                   stream ? PARTIAL : "");
    }
}

/* Stop while the server is silent: the answer stops at once, as
 * stopped, not failed, and keeps what arrived.
 */
static void
test_stall_stop (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  gint64 stopped_at;

  queue_partial_then_silence (server);
  exchange = exchange_start (client, TRUE, cancellable);
  while (g_strcmp0 (confab_message_get_content (exchange->answer), PARTIAL) != 0)
    {
      g_assert_null (exchange->result);
      g_main_context_iteration (NULL, TRUE);
    }

  stopped_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  confab_test_wait_for_result (&exchange->result);
  g_assert_cmpint (g_get_monotonic_time () - stopped_at, <, 2 * G_USEC_PER_SEC);

  g_assert_false (confab_client_chat_finish (client, exchange->result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (confab_message_get_state (exchange->answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (exchange->answer), ==, PARTIAL);
  g_assert_cmpstr (confab_message_get_content (exchange->prompt), ==, PROMPT);
}

/* The default stall timeout is generous, for thinking models, and below
 * libsoup's own I/O timeout, so the sentence that says what happened is
 * the watchdog's.
 */
static void
test_stall_timeouts (void)
{
  g_autoptr(ConfabClient) client = confab_client_new ();

  g_assert_cmpuint (confab_client_get_stall_timeout (client), ==, CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT);
  g_assert_cmpuint (confab_client_get_stall_timeout (client), >=, 120);
  g_assert_cmpuint (confab_client_get_timeout (client), >, confab_client_get_stall_timeout (client));

  confab_client_set_stall_timeout (client, 900);
  g_assert_cmpuint (confab_client_get_timeout (client), >, 900);
}

/* Oversize lines ------------------------------------------------------------ */

/* An event line longer than the parser's limit ends the answer with a
 * sentence, and the text before it stays.
 */
static void
test_oversize_line (void)
{
  gsize size = CONFAB_SSE_PARSER_DEFAULT_MAX_LINE + 1024;
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = g_malloc (size + 1);
  ConfabTestResponse *response;

  memcpy (line, "data: ", strlen ("data: "));
  memset (line + strlen ("data: "), 'x', size - strlen ("data: "));
  line[size] = '\0';

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1) CHUNK (PARTIAL_2), -1);
  confab_test_response_add_pieces (response, 0, line, 1024 * 1024);
  confab_test_response_add_piece (response, 0, "\n\n" CHUNK_STOP DONE, -1);

  exchange = ask (client, TRUE, &error);
  assert_kept (exchange, error, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, "a line of the answer was far too long", PARTIAL);
}

/* Redirects ----------------------------------------------------------------- */

/* A redirect to another host, for each status: not followed, so neither
 * the prompt nor the key reach the other host; the sentence says where
 * the server pointed, without what could be secret in that address.
 */
static void
test_redirect (void)
{
  static const guint redirects[] = { 301, 302, 303, 307, 308 };

  for (guint i = 0; i < G_N_ELEMENTS (redirects); i++)
    for (guint stream = 0; stream < 2; stream++)
      {
        g_autoptr(ConfabTestServer) server = confab_test_server_new ();
        g_autoptr(ConfabTestServer) other = confab_test_server_new ();
        g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
        g_autoptr(Exchange) exchange = NULL;
        g_autoptr(GError) error = NULL;
        g_autofree char *location = NULL;
        g_autofree char *shown = NULL;
        g_autofree char *says = NULL;
        ConfabTestResponse *response;

        /* Another host by name, on another port. */
        location = g_strdup_printf ("http://user:secret@localhost:%u/v1/chat/completions?token=%s",
                                    confab_test_server_get_port (other), API_KEY);
        shown = g_strdup_printf ("http://localhost:%u/v1/chat/completions", confab_test_server_get_port (other));
        says = g_strdup_printf ("(HTTP %u)", redirects[i]);

        response = confab_test_server_queue_response (server, redirects[i], "text/html",
                                                      "<html><body>Moved</body></html>");
        confab_test_response_add_header (response, "Location", location);
        confab_test_server_queue_response (other, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

        exchange = ask (client, stream, &error);
        assert_kept (exchange, error, CONFAB_CLIENT_ERROR_INVALID_URL, says, "");
        g_assert_nonnull (strstr (error->message, "base URL"));
        if (strstr (error->message, shown) == NULL)
          g_error ("“%s” does not say where: “%s”", error->message, shown);
        g_assert_null (strstr (error->message, "secret"));
        g_assert_null (strstr (error->message, "token"));

        g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
        g_assert_cmpuint (confab_test_server_get_n_requests (other), ==, 0);
      }
}

int
main (int   argc,
      char *argv[])
{
  static const TlsCase tls_cases[] = {
    { "self-signed", FALSE, "not signed by an authority this computer trusts" },
    { "wrong-name", TRUE, "for another name than the one in the base URL" },
    { "expired", TRUE, "has expired" },
  };
  int status;

  /* The sentences asserted on are the English ones. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);

  /* No proxy of the system's comes between the client and the server. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("ALL_PROXY");

  g_test_init (&argc, &argv, NULL);
  tls_setup ();

  g_test_add_func ("/faults/http/statuses", test_http_statuses);
  g_test_add_func ("/faults/http/status-long-page", test_http_status_long_page);
  g_test_add_func ("/faults/reset/before-headers", test_reset_before_headers);
  g_test_add_func ("/faults/reset/midstream", test_reset_midstream);
  g_test_add_func ("/faults/reset/mid-body", test_reset_mid_body);
  g_test_add_func ("/faults/cut/without-done", test_cut_without_done);
  g_test_add_func ("/faults/cut/finish-without-done", test_finish_without_done);
  g_test_add_func ("/faults/stall/timeout", test_stall);
  g_test_add_func ("/faults/stall/stop", test_stall_stop);
  g_test_add_func ("/faults/stall/timeouts", test_stall_timeouts);
  g_test_add_func ("/faults/oversize-line", test_oversize_line);
  g_test_add_func ("/faults/redirect", test_redirect);
  for (guint i = 0; i < G_N_ELEMENTS (tls_cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/faults/tls/%s", tls_cases[i].name);

      g_test_add_data_func (path, &tls_cases[i], test_tls);
    }
  g_test_add_func ("/faults/tls/valid", test_tls_valid);
  g_test_add_func ("/faults/dns", test_dns);
  g_test_add_func ("/faults/tls/https-to-http", test_https_to_http);
  g_test_add_func ("/faults/tls/https-to-http-answering", test_https_to_http_answering);
  g_test_add_func ("/faults/tls/http-to-https", test_http_to_https);
  g_test_add_func ("/faults/tls/https-to-http-models", test_https_to_http_models);
  g_test_add_func ("/faults/tls/https-to-http-credits", test_https_to_http_credits);
  g_test_add_func ("/faults/tls/https-to-http-answering-models", test_https_to_http_answering_models);

  status = g_test_run ();

  tls_teardown ();

  return status;
}
