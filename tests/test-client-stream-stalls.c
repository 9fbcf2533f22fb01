/* test-client-stream-stalls.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Streams that go wrong: stalls before the headers, midway and with
 * keep-alives only, garbage, deep nesting, and HTTP errors.
 */

#include "test-client-stream.h"

/* Keep-alives, then the connection ends without an answer. */
void
test_keep_alives_only (void)
{
  for (guint abort = 0; abort < 2; abort++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_piece (response, 0, KEEP_ALIVE, -1);
      confab_test_response_add_piece (response, 50, ": PROCESSING\n\n", -1);
      confab_test_response_add_piece (response, 50, KEEP_ALIVE "\n\n", -1);
      confab_test_response_set_abort (response, abort);

      g_assert_false (chat (client, answer, TRUE, &error));
      assert_failed (answer, error, CONFAB_CLIENT_ERROR_CONNECTION, "");
      g_assert_cmpstr (confab_message_get_reasoning (answer), ==, "");
      g_assert_null (confab_message_get_usage (answer));
    }
}

/* A chat whose server goes silent: the watchdog of @client, set to 1 s,
 * gives up after about a second, and @answer keeps @content, what
 * arrived.
 */
static void
assert_stalls (ConfabClient  *client,
               ConfabMessage *answer,
               const char    *content)
{
  g_autoptr(GError) error = NULL;
  gint64 start;
  gint64 elapsed;

  start = g_get_monotonic_time ();
  g_assert_false (chat (client, answer, TRUE, &error));
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("Stalled after %" G_GINT64_FORMAT " ms", elapsed / G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  assert_failed (answer, error, CONFAB_CLIENT_ERROR_TIMEOUT, content);
}

/* The server goes silent in the middle of the answer: the watchdog
 * gives up after the stall timeout and keeps what arrived.
 */
void
test_stall_midstream (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  ConfabTestResponse *response;

  confab_client_set_stall_timeout (client, 1);
  g_assert_cmpuint (confab_client_get_stall_timeout (client), ==, 1);

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK_ROLE CHUNK_HELLO, -1);
  confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_REST CHUNK_STOP DONE, -1);

  assert_stalls (client, answer, "Hello");
}

/* Silent before the headers: the watchdog covers the wait too. */
void
test_stall_before_headers (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  ConfabTestResponse *response;

  confab_client_set_stall_timeout (client, 1);

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_set_delay (response, LONG_DELAY_MS);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM, -1);

  assert_stalls (client, answer, "");
}

/* Keep-alives every 300 ms for 2 s keep a 1 s watchdog from firing. */
void
test_stall_keep_alives (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  gint64 start;
  gint64 elapsed;

  confab_client_set_stall_timeout (client, 1);

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK_ROLE CHUNK_HELLO, -1);
  for (guint i = 0; i < 7; i++)
    confab_test_response_add_piece (response, 300, KEEP_ALIVE, -1);
  confab_test_response_add_piece (response, 300, CHUNK_REST CHUNK_STOP CHUNK_USAGE (STREAM_USAGE) DONE, -1);

  start = g_get_monotonic_time ();
  g_assert_true (chat (client, answer, TRUE, &error));
  elapsed = g_get_monotonic_time () - start;

  g_assert_no_error (error);
  g_assert_cmpint (elapsed, >=, 2 * G_USEC_PER_SEC);
  assert_stream_answer (answer);
}

static GByteArray *
random_bytes (guint length)
{
  GByteArray *bytes = g_byte_array_sized_new (length);

  for (guint i = 0; i < length; i++)
    {
      guint8 byte = g_test_rand_int_range (0, 256);

      g_byte_array_append (bytes, &byte, 1);
    }

  return bytes;
}

/* Random bytes in one of three shapes: raw, lines that look like
 * events, or a chunk whose content is random.  NUL bytes and invalid
 * UTF-8 included.
 */
static GByteArray *
garbage_new (guint shape)
{
  static const char * const lines[] = {
    "data: ", "data:", "data: [DONE]", ":", "event: error", "event: message", "id: 1", "retry: 10",
    "data: {\"choices\":[{\"delta\":{\"content\":\"", "\"}}]}", "data: {\"error\":",
    "\n", "\r", "\r\n", "\n\n", "<think>", "</think>", "\xff\xfe", "\xf0\x9f", "\0",
  };
  GByteArray *garbage;

  switch (shape)
    {
    case 0:
      return random_bytes (g_test_rand_int_range (1, 4096));

    case 1:
      garbage = g_byte_array_new ();
      for (guint i = g_test_rand_int_range (1, 60); i > 0; i--)
        {
          const char *line = lines[g_test_rand_int_range (0, G_N_ELEMENTS (lines))];

          if (g_test_rand_bit ())
            {
              g_autoptr(GByteArray) bytes = random_bytes (g_test_rand_int_range (0, 64));

              g_byte_array_append (garbage, bytes->data, bytes->len);
            }
          g_byte_array_append (garbage, (const guint8 *) line, MAX (strlen (line), 1));
        }
      return garbage;

    default:
      {
        const char *head = "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"";
        const char *tail = "\"},\"finish_reason\":null}]}\n\n" DONE;
        g_autoptr(GByteArray) bytes = random_bytes (g_test_rand_int_range (1, 256));

        garbage = g_byte_array_new ();
        g_byte_array_append (garbage, (const guint8 *) head, strlen (head));
        g_byte_array_append (garbage, bytes->data, bytes->len);
        g_byte_array_append (garbage, (const guint8 *) tail, strlen (tail));
        return garbage;
      }
    }
}

/* Whatever the server sends, the request ends, and the message holds
 * valid UTF-8.
 */
void
test_garbage (void)
{
  for (guint i = 0; i < 48; i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GByteArray) garbage = garbage_new (i % 3);
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;
      gboolean ok;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      for (guint offset = 0; offset < garbage->len;)
        {
          guint size = g_test_rand_int_range (1, 512);

          size = MIN (size, garbage->len - offset);

          confab_test_response_add_piece (response, 0, (const char *) garbage->data + offset, size);
          offset += size;
        }
      confab_test_response_set_abort (response, i % 4 == 3);

      ok = chat (client, answer, TRUE, &error);

      g_assert_true (g_utf8_validate (confab_message_get_content (answer), -1, NULL));
      g_assert_true (g_utf8_validate (confab_message_get_reasoning (answer), -1, NULL));
      if (ok)
        {
          g_assert_no_error (error);
          g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
        }
      else
        {
          g_assert_nonnull (error);
          g_assert_true (error->domain == CONFAB_CLIENT_ERROR);
          g_assert_true (g_utf8_validate (error->message, -1, NULL));
          assert_failed (answer, error, error->code, NULL);
        }
    }
}

/* Deep nesting: refused as an answer, skipped as an event. */
void
test_deep_nesting (void)
{
  gsize size = 1024 * 1024;
  g_autofree char *brackets = g_malloc (size + 1);
  g_autofree char *event = NULL;

  memset (brackets, '[', size);
  brackets[size] = '\0';

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;

      confab_test_server_queue_response (server, 200, "application/json", brackets);

      g_assert_false (chat (client, answer, stream, &error));
      assert_failed (answer, error, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, "");
    }

  {
    g_autoptr(ConfabMessage) answer = answer_new ();
    g_autoptr(GError) error = NULL;

    event = g_strconcat ("data: {\"choices\":", brackets, "\n\n", CONFAB_TEST_STREAM, NULL);
    g_assert_true (chat_stream (event, 64 * 1024, answer, &error));
    g_assert_no_error (error);
    assert_stream_answer (answer);
  }
}

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

/* Error statuses answer a stream request as they do any other. */
void
test_http_errors (void)
{
  /* 401 with its JSON body, also sent chunked as an "event stream". */
  for (guint chunked = 0; chunked < 2; chunked++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;

      if (chunked)
        confab_test_response_add_pieces (confab_test_server_queue_stream (server, 401, "text/event-stream"),
                                         0, CONFAB_TEST_ERROR_401_BODY, 16);
      else
        confab_test_server_queue_response (server, 401, "application/json", CONFAB_TEST_ERROR_401_BODY);

      g_assert_false (chat (client, answer, TRUE, &error));
      assert_failed (answer, error, CONFAB_CLIENT_ERROR_AUTH, "");
      g_assert_nonnull (strstr (error->message, "Incorrect API key provided"));
      assert_stream_request (confab_test_server_get_request (server, 0));
    }

  for (guint i = 0; i < G_N_ELEMENTS (confab_test_error_fixtures); i++)
    {
      const ConfabTestErrorFixture *fixture = &confab_test_error_fixtures[i];
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_response (server, fixture->status, fixture->content_type, fixture->body);
      if (fixture->retry_after != NULL)
        confab_test_response_add_header (response, "Retry-After", fixture->retry_after);

      g_assert_false (chat (client, answer, TRUE, &error));
      assert_failed (answer, error, expected_code (fixture->status), "");
      if (fixture->provider_message != NULL)
        g_assert_nonnull (strstr (error->message, fixture->provider_message));
    }
}
