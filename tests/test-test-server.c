/* test-test-server.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Checks the scripted server the other tests rely on, with a plain
 * SoupSession as the client.
 */

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

typedef struct
{
  GInputStream *stream;
  GByteArray   *data;
  GPtrArray    *reads;
  GError       *error;
  gboolean      done;
} ReadAll;

static void
read_all_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  ReadAll *read_all = user_data;
  g_autoptr(GBytes) bytes = NULL;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &read_all->error);
  if (bytes == NULL || g_bytes_get_size (bytes) == 0)
    {
      read_all->done = TRUE;
      return;
    }

  g_byte_array_append (read_all->data,
                       g_bytes_get_data (bytes, NULL),
                       g_bytes_get_size (bytes));
  g_ptr_array_add (read_all->reads, g_steal_pointer (&bytes));
  g_input_stream_read_bytes_async (read_all->stream, 4096, G_PRIORITY_DEFAULT, NULL,
                                   read_all_cb, read_all);
}

static gboolean
read_all_done (gpointer user_data)
{
  ReadAll *read_all = user_data;

  return read_all->done;
}

/* Reads @stream to its end, keeping each read apart. */
static void
read_all (ReadAll      *out,
          GInputStream *stream)
{
  out->stream = stream;
  out->data = g_byte_array_new ();
  out->reads = g_ptr_array_new_with_free_func ((GDestroyNotify) g_bytes_unref);
  out->error = NULL;
  out->done = FALSE;

  g_input_stream_read_bytes_async (stream, 4096, G_PRIORITY_DEFAULT, NULL, read_all_cb, out);
  confab_test_run_until (read_all_done, out);
}

static void
read_all_clear (ReadAll *read_all)
{
  g_clear_pointer (&read_all->data, g_byte_array_unref);
  g_clear_pointer (&read_all->reads, g_ptr_array_unref);
  g_clear_error (&read_all->error);
}

static SoupMessage *
new_post (ConfabTestServer *server,
          const char       *path,
          const char       *body)
{
  g_autofree char *url = confab_test_server_dup_url (server, path);
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  SoupMessage *msg = soup_message_new (SOUP_METHOD_POST, url);

  soup_message_headers_append (soup_message_get_request_headers (msg),
                               "Authorization", "Bearer test-key-123");
  soup_message_set_request_body_from_bytes (msg, "application/json", bytes);

  return msg;
}

/* Sends @msg and reads the whole answer, which may fail. */
static GBytes *
send_and_read (SoupSession   *session,
               SoupMessage   *msg,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return soup_session_send_and_read_finish (session, result, error);
}

static void
assert_bytes_equal (GBytes     *bytes,
                    const char *expected)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);
  g_autofree char *text = g_strndup (data, length);

  g_assert_cmpstr (text, ==, expected);
}

static void
test_reply (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *request_body = NULL;
  const ConfabTestRequest *request;
  ConfabTestResponse *response;

  g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "http://127.0.0.1:"));
  g_assert_true (g_str_has_suffix (confab_test_server_get_base_url (server), "/v1"));
  g_assert_cmpuint (confab_test_server_get_port (server), >, 0);

  response = confab_test_server_queue_response (server, 201, "application/json", "{\"ok\":true}");
  confab_test_response_add_header (response, "X-Request-Id", "req-1");
  confab_test_response_add_header (response, "Retry-After", "20");
  g_assert_cmpuint (confab_test_server_get_n_queued (server), ==, 1);

  msg = new_post (server, "chat/completions", "{\"model\":\"m\"}");
  body = send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 201);
  assert_bytes_equal (body, "{\"ok\":true}");
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL),
                   ==, "application/json");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "X-Request-Id"),
                   ==, "req-1");
  g_assert_cmpstr (soup_message_headers_get_one (soup_message_get_response_headers (msg), "Retry-After"),
                   ==, "20");

  g_assert_cmpuint (confab_test_server_get_n_queued (server), ==, 0);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
  request = confab_test_server_get_request (server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_null (request->query);
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer test-key-123");
  g_assert_cmpstr (confab_test_request_get_header (request, "Content-Type"), ==, "application/json");
  request_body = confab_test_request_dup_body (request);
  g_assert_cmpstr (request_body, ==, "{\"model\":\"m\"}");
  node = confab_test_request_parse_json (request);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (node), "model"), ==, "m");
}

static void
test_empty_and_order (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_response (server, 502, NULL, NULL);
  confab_test_server_queue_response (server, 200, "text/plain", "second");

  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *path = g_strdup_printf ("models?page=%u", i);
      g_autoptr(SoupMessage) msg = new_post (server, path, "x");
      g_autoptr(GBytes) body = send_and_read (session, msg, NULL, &error);
      const ConfabTestRequest *request;

      g_assert_no_error (error);
      request = confab_test_server_get_request (server, i);
      g_assert_cmpstr (request->path, ==, "/v1/models");
      g_assert_cmpstr (request->query, ==, i == 0 ? "page=0" : "page=1");

      if (i == 0)
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 502);
          g_assert_cmpuint (g_bytes_get_size (body), ==, 0);
          g_assert_null (soup_message_headers_get_content_type (soup_message_get_response_headers (msg), NULL));
        }
      else
        {
          g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
          assert_bytes_equal (body, "second");
        }
    }

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 2);
}

static void
test_nothing_queued (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  body = send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 500);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
}

static void
test_delay (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  gint64 start;

  response = confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_response_set_delay (response, 300);

  start = g_get_monotonic_time ();
  body = send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 300 * 1000);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  assert_bytes_equal (body, CONFAB_TEST_SEED_RESPONSE);
}

static void
test_stream (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{\"stream\":true}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers;
  ConfabTestResponse *response;
  ReadAll read = { 0, };
  gint64 start;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_header (response, "Cache-Control", "no-cache");
  confab_test_response_add_piece (response, 0, "one|", -1);
  confab_test_response_add_piece (response, 100, "two|", -1);
  confab_test_response_add_piece (response, 100, "three", 3);
  confab_test_response_add_piece (response, 100, "", 0);

  start = g_get_monotonic_time ();
  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  stream = soup_session_send_finish (session, result, &error);
  g_assert_no_error (error);

  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  headers = soup_message_get_response_headers (msg);
  g_assert_cmpint (soup_message_headers_get_encoding (headers), ==, SOUP_ENCODING_CHUNKED);
  g_assert_cmpstr (soup_message_headers_get_content_type (headers, NULL), ==, "text/event-stream");
  g_assert_cmpstr (soup_message_headers_get_one (headers, "Cache-Control"), ==, "no-cache");

  read_all (&read, stream);
  g_assert_no_error (read.error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  g_byte_array_append (read.data, (const guint8 *) "", 1);
  g_assert_cmpstr ((const char *) read.data->data, ==, "one|two|thr");

  /* The pieces are far enough apart to come in reads of their own. */
  g_assert_cmpuint (read.reads->len, ==, 3);
  assert_bytes_equal (g_ptr_array_index (read.reads, 0), "one|");
  assert_bytes_equal (g_ptr_array_index (read.reads, 1), "two|");
  assert_bytes_equal (g_ptr_array_index (read.reads, 2), "thr");

  read_all_clear (&read);
}

static void
test_stream_bytewise (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{\"stream\":true}");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 0, CONFAB_TEST_STREAM, 1);

  body = send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  assert_bytes_equal (body, CONFAB_TEST_STREAM);
}

static void
test_stream_abort (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{\"stream\":true}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  ReadAll read = { 0, };

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 10, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, 64);
  confab_test_response_set_abort (response, TRUE);

  soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  stream = soup_session_send_finish (session, result, &error);
  g_assert_no_error (error);

  /* Everything sent arrives, then the body breaks off.  libsoup 3.2 reads
   * a chunked body cut between two chunks as a clean end of stream, so a
   * client cannot count on an error here: a stream that ends without
   * [DONE] has to be treated as cut short by the client itself.
   */
  read_all (&read, stream);
  g_byte_array_append (read.data, (const guint8 *) "", 1);
  g_assert_cmpstr ((const char *) read.data->data, ==, CONFAB_TEST_STREAM_MIDSTREAM_ERROR);
  if (read.error != NULL)
    g_test_message ("Cut stream: %s", read.error->message);

  read_all_clear (&read);
}

static void
test_stream_delayed_headers (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{\"stream\":true}");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  gint64 start;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_set_delay (response, 200);
  confab_test_response_add_pieces (response, 0, CONFAB_TEST_STREAM, 100);

  start = g_get_monotonic_time ();
  body = send_and_read (session, msg, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 200 * 1000);
  assert_bytes_equal (body, CONFAB_TEST_STREAM);
}

static void
test_close (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_close (server);
  confab_test_response_set_delay (confab_test_server_queue_close (server), 50);

  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
      g_autoptr(GBytes) body = send_and_read (session, msg, NULL, &error);

      g_assert_null (body);
      g_assert_nonnull (error);
      g_test_message ("Closed connection: %s", error->message);
      g_clear_error (&error);
    }

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 2);
}

static void
test_hang_cancel (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_hang (server);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, cancellable,
                                    confab_test_store_result_cb, &result);
  confab_test_server_wait_for_requests (server, 1);
  g_assert_null (result);

  g_cancellable_cancel (cancellable);
  confab_test_wait_for_result (&result);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (body);
}

static void
test_hang_timeout (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new_with_options ("timeout", 1, NULL);
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_hang (server);

  body = send_and_read (session, msg, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_null (body);
}

static void
test_hang_free (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;

  /* A server freed while a request hangs or waits closes the connections. */
  confab_test_server_queue_hang (server);
  confab_test_response_set_delay (confab_test_server_queue_response (server, 200, NULL, NULL), 5000);

  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL,
                                    confab_test_store_result_cb, &result);
  confab_test_server_wait_for_requests (server, 1);
  g_clear_object (&server);

  confab_test_wait_for_result (&result);
  body = soup_session_send_and_read_finish (session, result, &error);
  g_assert_nonnull (error);
  g_assert_null (body);
}

typedef struct
{
  GInputStream *stream;
  GByteArray   *data;
  gboolean      reading;
  GError       *error;
} ReadSome;

static void
read_some_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  ReadSome *some = user_data;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &some->error);

  some->reading = FALSE;
  if (bytes != NULL)
    g_byte_array_append (some->data, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static gboolean
has_read (gpointer user_data)
{
  gpointer *args = user_data;
  ReadSome *some = args[0];
  const char *expected = args[1];

  if (!some->reading && some->data->len < strlen (expected))
    {
      some->reading = TRUE;
      g_input_stream_read_bytes_async (some->stream, 4096, G_PRIORITY_DEFAULT, NULL, read_some_cb, some);
    }

  return !some->reading && some->data->len >= strlen (expected);
}

static void
read_until (ReadSome   *some,
            const char *expected)
{
  gpointer args[2] = { some, (gpointer) expected };

  confab_test_run_until (has_read, args);
  g_assert_cmpuint (some->data->len, ==, strlen (expected));
  g_assert_cmpint (memcmp (some->data->data, expected, some->data->len), ==, 0);
}

static gboolean
response_is_closed (gpointer user_data)
{
  return confab_test_response_get_closed (user_data);
}

/* A held stream goes on only when released, and the server notices a
 * client that went away while it was held.
 */
static void
test_stream_hold (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  ConfabTestResponse *second;
  ReadSome some = { 0, };

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, "one ", -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, "two ", -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, "three", -1);

  {
    g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");

    soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, NULL, confab_test_store_result_cb, &result);
    confab_test_wait_for_result (&result);
    some.stream = soup_session_send_finish (session, result, &error);
    g_assert_no_error (error);
    some.data = g_byte_array_new ();

    read_until (&some, "one ");
    g_assert_false (confab_test_response_get_closed (response));
    confab_test_response_release (response);
    read_until (&some, "one two ");

    /* Released before it gets there, it does not stop there. */
    confab_test_response_release (response);
    read_until (&some, "one two three");
    confab_test_run_until (response_is_closed, response);
    g_clear_object (&some.stream);
    g_clear_pointer (&some.data, g_byte_array_unref);
    g_clear_object (&result);
  }

  /* The client goes away while the stream is held. */
  second = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (second, 0, "partial", -1);
  confab_test_response_add_hold (second);
  {
    g_autoptr(SoupMessage) msg = new_post (server, "chat/completions", "{}");

    soup_session_send_async (session, msg, G_PRIORITY_DEFAULT, cancellable, confab_test_store_result_cb, &result);
    confab_test_wait_for_result (&result);
    some.stream = soup_session_send_finish (session, result, &error);
    g_assert_no_error (error);
    some.data = g_byte_array_new ();
    read_until (&some, "partial");
    g_assert_false (confab_test_response_get_closed (second));

    g_input_stream_close (some.stream, NULL, NULL);
    confab_test_run_until (response_is_closed, second);
    g_clear_object (&some.stream);
    g_clear_pointer (&some.data, g_byte_array_unref);
    g_clear_error (&some.error);
  }
}

static void
test_closed_port (void)
{
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint port;

  closed = confab_test_bind_closed_port (&port);
  g_assert_cmpuint (port, >, 0);
  url = g_strdup_printf ("http://127.0.0.1:%u/v1/chat/completions", port);
  msg = soup_message_new (SOUP_METHOD_POST, url);

  body = send_and_read (session, msg, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_null (body);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/test-server/reply", test_reply);
  g_test_add_func ("/test-server/empty-and-order", test_empty_and_order);
  g_test_add_func ("/test-server/nothing-queued", test_nothing_queued);
  g_test_add_func ("/test-server/delay", test_delay);
  g_test_add_func ("/test-server/stream", test_stream);
  g_test_add_func ("/test-server/stream-bytewise", test_stream_bytewise);
  g_test_add_func ("/test-server/stream-abort", test_stream_abort);
  g_test_add_func ("/test-server/stream-hold", test_stream_hold);
  g_test_add_func ("/test-server/stream-delayed-headers", test_stream_delayed_headers);
  g_test_add_func ("/test-server/close", test_close);
  g_test_add_func ("/test-server/hang-cancel", test_hang_cancel);
  g_test_add_func ("/test-server/hang-timeout", test_hang_timeout);
  g_test_add_func ("/test-server/hang-free", test_hang_free);
  g_test_add_func ("/test-server/closed-port", test_closed_port);

  return g_test_run ();
}
