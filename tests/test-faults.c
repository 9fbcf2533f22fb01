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

#include <locale.h>

#include <glib/gstdio.h>

#include "confab-client.h"
#include "confab-client-private.h"
#include "confab-conversation.h"
#include "confab-error.h"
#include "confab-sse-parser.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

#define API_KEY "sk-faults-0123456789abcdef"
#define MODEL   "gemini-3.1-pro-preview"
#define PROMPT  "안녕하세요 👋 Tell me about faults"

#define CHUNK(content) \
  "data: {\"id\":\"chatcmpl-f1\",\"object\":\"chat.completion.chunk\",\"model\":\"" MODEL "\"," \
  "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" content "\"},\"finish_reason\":null}]}\n\n"
#define CHUNK_STOP \
  "data: {\"id\":\"chatcmpl-f1\",\"object\":\"chat.completion.chunk\",\"model\":\"" MODEL "\"," \
  "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
#define DONE "data: [DONE]\n\n"

/* What arrives before the fault, in two pieces. */
#define PARTIAL_1 "Faults come "
#define PARTIAL_2 "in many kinds"
#define PARTIAL   PARTIAL_1 PARTIAL_2

/* Long enough that a test which waited for it would be plainly wrong. */
#define LONG_DELAY_MS 30000

/* One prompt and its answer, as the window keeps them. */
typedef struct
{
  ConfabConversation *conversation;
  ConfabMessage      *prompt;
  ConfabMessage      *answer;
  GAsyncResult       *result;
} Exchange;

static void
exchange_free (Exchange *exchange)
{
  g_clear_object (&exchange->conversation);
  g_clear_object (&exchange->prompt);
  g_clear_object (&exchange->answer);
  g_clear_object (&exchange->result);
  g_free (exchange);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

static ConfabClient *
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
static Exchange *
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
static void
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
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1), -1);
      confab_test_response_add_piece (response, 20, CHUNK (PARTIAL_2), -1);
      confab_test_response_add_piece (response, 20, tails[i], -1);
      confab_test_response_set_abort (response, TRUE);

      exchange = ask (client, TRUE, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_CONNECTION,
                   "The connection broke before the answer was complete. What arrived is kept", PARTIAL);
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
  g_autoptr(Exchange) exchange = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1), -1);
  confab_test_response_add_piece (response, 20, CHUNK (PARTIAL_2), -1);

  exchange = ask (client, TRUE, &error);
  assert_kept (exchange, error, CONFAB_CLIENT_ERROR_CONNECTION,
               "The connection broke before the answer was complete. What arrived is kept", PARTIAL);
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
          response = confab_test_server_queue_stream (server, 200, "text/event-stream");
          confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1) CHUNK (PARTIAL_2), -1);
          confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_STOP DONE, -1);
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
  ConfabTestResponse *response;
  gint64 stopped_at;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK (PARTIAL_1) CHUNK (PARTIAL_2), -1);
  confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_STOP DONE, -1);

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

/* TLS failures -------------------------------------------------------------- */

static char *tls_dir;

static char *
tls_path (const char *name)
{
  return g_build_filename (tls_dir, name, NULL);
}

static void
run_openssl (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("openssl failed:\n%s", output);
}

/* A self-signed certificate @name.pem (key @name-key.pem) for @subject
 * with @alt_name, valid now, or over a day of 2020 when @expired.
 */
static void
make_certificate (const char *name,
                  const char *subject,
                  const char *alt_name,
                  gboolean    expired)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *cert = tls_path (cert_name);
  g_autofree char *key = tls_path (key_name);
  g_autofree char *san = g_strconcat ("subjectAltName=", alt_name, NULL);

  g_assert_nonnull (openssl);

  if (!expired)
    {
      const char *argv[] = {
        openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
        "-days", "2", "-subj", subject, "-addext", san, NULL
      };

      run_openssl (argv);
    }
  else
    {
      /* "openssl req" cannot date a certificate in the past; "openssl
       * ca" can, with a configuration and a database of its own.
       */
      g_autofree char *config = tls_path ("ca.cnf");
      g_autofree char *index = tls_path ("index.txt");
      g_autofree char *serial = tls_path ("serial");
      g_autofree char *request = tls_path ("request.csr");
      g_autofree char *config_text = NULL;
      g_autoptr(GError) error = NULL;
      const char *request_argv[] = {
        openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request,
        "-subj", subject, "-addext", san, NULL
      };
      const char *sign_argv[] = {
        openssl, "ca", "-batch", "-config", config, "-selfsign", "-keyfile", key, "-in", request,
        "-out", cert, "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext", NULL
      };

      config_text = g_strdup_printf ("[ca]\ndefault_ca = test\n"
                                     "[test]\ndatabase = %s\nserial = %s\nnew_certs_dir = %s\n"
                                     "default_md = sha256\npolicy = any\ncopy_extensions = copy\n"
                                     "unique_subject = no\n"
                                     "[any]\ncommonName = supplied\n",
                                     index, serial, tls_dir);
      g_file_set_contents (config, config_text, -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (index, "", -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (serial, "01\n", -1, &error);
      g_assert_no_error (error);

      run_openssl (request_argv);
      run_openssl (sign_argv);
    }
}

static void
tls_setup (void)
{
  g_autoptr(GError) error = NULL;

  tls_dir = g_dir_make_tmp ("confab-faults-tls-XXXXXX", &error);
  g_assert_no_error (error);

  make_certificate ("self-signed", "/CN=127.0.0.1", "IP:127.0.0.1", FALSE);
  make_certificate ("wrong-name", "/CN=api.example.com", "DNS:api.example.com", FALSE);
  make_certificate ("expired", "/CN=127.0.0.1", "IP:127.0.0.1", TRUE);
}

static void
tls_teardown (void)
{
  confab_test_remove_tree (tls_dir);
  g_clear_pointer (&tls_dir, g_free);
}

typedef struct
{
  const char *name;
  gboolean    trusted;
  const char *says;
} TlsCase;

/* A server whose certificate is not to be trusted: self-signed (the
 * system trusts no such thing), for another name, expired (both trusted
 * for the test, so that only what is wrong with them is).  The request
 * never leaves, the sentence says what is wrong.
 */
static void
test_tls (gconstpointer data)
{
  const TlsCase *c = data;
  g_autofree char *cert_name = g_strconcat (c->name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (c->name, "-key.pem", NULL);
  g_autofree char *cert = tls_path (cert_name);
  g_autofree char *key = tls_path (key_name);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (certificate);
      g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) tls_error = NULL;

      g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "https://127.0.0.1:"));

      if (c->trusted)
        {
          g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, &error);

          g_assert_no_error (error);
          confab_client_set_tls_database (client, database);
        }

      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

      exchange = ask (client, stream, &tls_error);
      assert_kept (exchange, tls_error, CONFAB_CLIENT_ERROR_TLS, c->says, "");
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

/* The same certificate, trusted and valid: the answer arrives, so the
 * failures above are the certificates' own.
 */
static void
test_tls_valid (void)
{
  g_autofree char *cert = tls_path ("self-signed.pem");
  g_autofree char *key = tls_path ("self-signed-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(ConfabTestServer) server = NULL;
  g_autoptr(ConfabClient) client = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, PROMPT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);

  server = confab_test_server_new_tls (certificate);
  client = client_new (confab_test_server_get_base_url (server));
  confab_client_set_tls_database (client, database);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  g_list_store_append (history, prompt);
  confab_client_complete_async (client, MODEL, NULL, G_LIST_MODEL (history), NULL,
                                confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  answer = confab_client_complete_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
}

/* An https base URL for a server that speaks plain http: it waits for
 * a request line that never comes while the client waits for the answer
 * to its TLS hello.  The client stops waiting soon, well before the
 * default stall timeout (the suite's wait would fail first), or at the
 * stall timeout when that is shorter, and says what to check, naming
 * the server; the request never reached it.
 */
static void
test_https_to_http (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autofree char *base_url = NULL;
      g_autofree char *says = NULL;
      g_autoptr(ConfabClient) client = NULL;
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "http://"));
      base_url = g_strconcat ("https://", confab_test_server_get_base_url (server) + strlen ("http://"), NULL);
      client = client_new (base_url);
      if (stream)
        confab_client_set_stall_timeout (client, 1);
      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

      exchange = ask (client, stream, &error);
      says = g_strdup_printf ("The server at 127.0.0.1:%u did not answer the start of a secure (https) connection",
                              confab_test_server_get_port (server));
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_TLS, says, "");
      g_assert_nonnull (strstr (error->message, "http://"));
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

/* A server that speaks plain http and answers the TLS hello at once as a
 * bad request, as most do (SoupServer waits for the end of a request
 * line instead): the sentence says it does not speak https.
 */
static void
plain_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GIOStream) connection = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close (connection, NULL, NULL);
}

static void
plain_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  g_autoptr(GIOStream) connection = user_data;
  g_autoptr(GBytes) hello = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  g_assert_nonnull (hello);
  g_assert_cmpuint (g_bytes_get_size (hello), >, 0);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (connection), answer, strlen (answer),
                                   G_PRIORITY_DEFAULT, NULL, plain_written_cb, g_object_ref (connection));
}

static gboolean
plain_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  guint *n_connections = user_data;

  (*n_connections)++;
  g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 4096,
                                   G_PRIORITY_DEFAULT, NULL, plain_read_cb, g_object_ref (connection));

  return TRUE;
}

static void
test_https_to_http_answering (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(GSocketService) service = g_socket_service_new ();
      g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
      g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
      g_autoptr(GSocketAddress) bound = NULL;
      g_autofree char *base_url = NULL;
      g_autofree char *says = NULL;
      g_autoptr(ConfabClient) client = NULL;
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;
      guint n_connections = 0;
      guint port;

      g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                     G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
      g_assert_no_error (error);
      port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
      g_signal_connect (service, "incoming", G_CALLBACK (plain_incoming_cb), &n_connections);
      g_socket_service_start (service);

      base_url = g_strdup_printf ("https://127.0.0.1:%u/v1", port);
      client = client_new (base_url);

      exchange = ask (client, stream, &error);
      says = g_strdup_printf ("The server at 127.0.0.1:%u does not speak https", port);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_TLS, says, "");
      g_assert_nonnull (strstr (error->message, "http://"));
      g_assert_cmpuint (n_connections, >, 0);

      g_socket_service_stop (service);
      g_socket_listener_close (G_SOCKET_LISTENER (service));
    }
}

/* The list of models and the credits have the same limit on the start
 * of a secure connection as the chat (see test_https_to_http()): with
 * an https base URL for a plain http server, the list fails with the
 * same sentence, before the suite's wait would, and the credits are
 * not available.  The request never reaches the server, nor the key
 * the error.
 */
static void
test_https_to_http_models (void)
{
  for (guint short_stall = 0; short_stall < 2; short_stall++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autofree char *base_url = NULL;
      g_autofree char *says = NULL;
      g_autoptr(ConfabClient) client = NULL;
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) models = NULL;

      base_url = g_strconcat ("https://", confab_test_server_get_base_url (server) + strlen ("http://"), NULL);
      client = client_new (base_url);
      if (short_stall)
        confab_client_set_stall_timeout (client, 1);

      confab_client_list_models_async (client, NULL, confab_test_store_result_cb, &result);
      confab_test_wait_for_result (&result);
      models = confab_client_list_models_finish (client, result, &error);

      g_assert_null (models);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
      says = g_strdup_printf ("The server at 127.0.0.1:%u did not answer the start of a secure (https) connection",
                              confab_test_server_get_port (server));
      g_assert_nonnull (strstr (error->message, says));
      g_assert_null (strstr (error->message, API_KEY));
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

static void
test_https_to_http_credits (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autofree char *base_url = NULL;
  g_autoptr(ConfabClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabCredits) credits = NULL;

  confab_test_server_set_credits (server, CONFAB_TEST_CREDITS);
  base_url = g_strconcat ("https://", confab_test_server_get_base_url (server) + strlen ("http://"), NULL);
  client = client_new (base_url);

  confab_client_get_credits_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  credits = confab_client_get_credits_finish (client, result, &error);

  g_assert_no_error (error);
  g_assert_null (credits);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
}

/* A plain http server that answers the hello as a bad request: the list
 * of models says it does not speak https, as the chat does.
 */
static void
test_https_to_http_answering_models (void)
{
  g_autoptr(GSocketService) service = g_socket_service_new ();
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autofree char *base_url = NULL;
  g_autofree char *says = NULL;
  g_autoptr(ConfabClient) client = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;
  guint n_connections = 0;
  guint port;

  g_socket_listener_add_address (G_SOCKET_LISTENER (service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (service, "incoming", G_CALLBACK (plain_incoming_cb), &n_connections);
  g_socket_service_start (service);

  base_url = g_strdup_printf ("https://127.0.0.1:%u/v1", port);
  client = client_new (base_url);

  confab_client_list_models_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  models = confab_client_list_models_finish (client, result, &error);

  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
  says = g_strdup_printf ("The server at 127.0.0.1:%u does not speak https", port);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_cmpuint (n_connections, >, 0);

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
}

/* The reverse: a plain http base URL for a server that speaks only
 * https.  It drops the connection at the first bytes, which are not a
 * TLS hello, as a failing server may too: the sentence names the server
 * and says to check for https.
 */
static void
test_http_to_https (void)
{
  g_autofree char *cert = tls_path ("self-signed.pem");
  g_autofree char *key = tls_path ("self-signed-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (certificate);
      g_autofree char *base_url = NULL;
      g_autofree char *says = NULL;
      g_autoptr(ConfabClient) client = NULL;
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) http_error = NULL;

      g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "https://"));
      base_url = g_strconcat ("http://", confab_test_server_get_base_url (server) + strlen ("https://"), NULL);
      client = client_new (base_url);
      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

      exchange = ask (client, stream, &http_error);
      says = g_strdup_printf ("The server at 127.0.0.1:%u closed the connection without answering",
                              confab_test_server_get_port (server));
      assert_kept (exchange, http_error, CONFAB_CLIENT_ERROR_CONNECTION, says, "");
      g_assert_nonnull (strstr (http_error->message, "https://"));
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

/* DNS failures -------------------------------------------------------------- */

/* A name that cannot exist (RFC 6761): the address was not found. */
static void
test_dns (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabClient) client = client_new ("https://api.confab-test.invalid/v1");
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_DNS, "The server’s address could not be found", "");
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
