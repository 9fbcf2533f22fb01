/* test-client-stream-events.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A stream as its events come: untyped, growing, cancelled or reset
 * midway, ended by an error event, with usage once, again, reset or not
 * at all, and an answer that thinking left empty at the length limit.
 */

#include "test-client-stream.h"

/* Some servers stream events with no Content-Type, or a vague one: the
 * body itself says it is an event stream, however it is cut up.
 */
void
test_untyped_stream (void)
{
  static const char * const content_types[] = { NULL, "text/plain", "application/octet-stream" };
  static const char * const starts[] = { "", "\xef\xbb\xbf", "\n\r\n", KEEP_ALIVE, "event: message\n", "id: 1\n", "retry: 3000\n" };
  static const gsize piece_sizes[] = { 0, 1, 7 };

  for (guint t = 0; t < G_N_ELEMENTS (content_types); t++)
    for (guint s = 0; s < G_N_ELEMENTS (starts); s++)
      for (guint p = 0; p < G_N_ELEMENTS (piece_sizes); p++)
        {
          g_autoptr(ConfabTestServer) server = confab_test_server_new ();
          g_autoptr(ConfabClient) client = client_new (server);
          g_autoptr(ConfabMessage) answer = answer_new ();
          g_autoptr(GError) error = NULL;
          g_autofree char *text = g_strconcat (starts[s], CONFAB_TEST_STREAM, NULL);
          ConfabTestResponse *response;

          g_test_message ("Content-Type %s, starting “%s”, pieces of %" G_GSIZE_FORMAT " bytes",
                          content_types[t] ? content_types[t] : "(none)", starts[s], piece_sizes[p]);

          response = confab_test_server_queue_stream (server, 200, content_types[t]);
          confab_test_response_add_pieces (response, 0, text,
                                           piece_sizes[p] > 0 ? piece_sizes[p] : strlen (text));

          g_assert_true (chat (client, answer, TRUE, &error));
          g_assert_no_error (error);
          assert_stream_answer (answer);
        }

  /* A web page with no type is still no answer, cut up or not. */
  for (guint p = 0; p < G_N_ELEMENTS (piece_sizes); p++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      const char *page = "<!DOCTYPE html><html><body>data: not an event</body></html>";
      ConfabTestResponse *response;

      response = confab_test_server_queue_stream (server, 200, NULL);
      confab_test_response_add_pieces (response, 0, page, piece_sizes[p] > 0 ? piece_sizes[p] : strlen (page));

      g_assert_false (chat (client, answer, TRUE, &error));
      assert_failed (answer, error, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, "");
      g_assert_nonnull (strstr (error->message, "web page"));
    }
}

typedef struct
{
  GPtrArray *contents;
  GArray    *times;
  guint      not_pending;
  GArray    *states;
} Observer;

static void
observer_content_cb (ConfabMessage *message,
                     GParamSpec    *pspec,
                     Observer      *observer)
{
  gint64 now = g_get_monotonic_time ();

  g_ptr_array_add (observer->contents, g_strdup (confab_message_get_content (message)));
  g_array_append_val (observer->times, now);
  if (confab_message_get_state (message) != CONFAB_MESSAGE_STATE_PENDING)
    observer->not_pending++;
}

static void
observer_state_cb (ConfabMessage *message,
                   GParamSpec    *pspec,
                   Observer      *observer)
{
  ConfabMessageState state = confab_message_get_state (message);

  g_array_append_val (observer->states, state);
}

/* The text grows as it arrives, and the message stays pending until
 * the end.
 */
void
test_text_grows (void)
{
  static const char * const deltas[] = { "The ", "quick ", "brown ", "fox." };
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) contents = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GArray) states = g_array_new (FALSE, FALSE, sizeof (ConfabMessageState));
  Observer observer = { contents, times, 0, states };
  ConfabTestResponse *response;
  const char *final;
  gsize last_length = 0;
  guint n_partial = 0;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK_ROLE, -1);
  for (guint i = 0; i < G_N_ELEMENTS (deltas); i++)
    {
      g_autofree char *delta = g_strdup_printf ("{\"content\":\"%s\"}", deltas[i]);
      g_autofree char *chunk = g_strdup_printf (CONFAB_TEST_STREAM_CHUNK ("%s", "null"), delta);

      confab_test_response_add_piece (response, 100, chunk, -1);
    }
  confab_test_response_add_piece (response, 100, CHUNK_STOP CHUNK_USAGE (STREAM_USAGE) DONE, -1);

  chat_start (client, answer, TRUE, NULL, &result);
  g_signal_connect (answer, "notify::content", G_CALLBACK (observer_content_cb), &observer);
  g_signal_connect (answer, "notify::state", G_CALLBACK (observer_state_cb), &observer);

  /* Part of the answer is there while the rest is still to come. */
  wait_for_content (answer, "The ", &result);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_PENDING);

  confab_test_wait_for_result (&result);
  g_assert_true (confab_client_chat_finish (client, result, &error));
  g_assert_no_error (error);
  g_signal_handlers_disconnect_by_data (answer, &observer);

  final = confab_message_get_content (answer);
  g_assert_cmpstr (final, ==, "The quick brown fox.");
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);

  /* Every step was a longer prefix of the answer, seen while pending. */
  g_assert_cmpuint (observer.not_pending, ==, 0);
  g_assert_cmpuint (contents->len, >=, 3);
  for (guint i = 0; i < contents->len; i++)
    {
      const char *content = g_ptr_array_index (contents, i);

      g_assert_true (g_str_has_prefix (final, content));
      g_assert_cmpuint (strlen (content), >, last_length);
      last_length = strlen (content);
      if (last_length < strlen (final))
        n_partial++;
    }
  g_assert_cmpuint (n_partial, >=, 2);

  /* The steps came as the pieces did, not all at the end. */
  g_assert_cmpint (g_array_index (times, gint64, times->len - 1) - g_array_index (times, gint64, 0),
                   >=, 150 * G_TIME_SPAN_MILLISECOND);

  /* Pending all along, then complete once. */
  g_assert_cmpuint (states->len, ==, 1);
  g_assert_cmpint (g_array_index (states, ConfabMessageState, 0), ==, CONFAB_MESSAGE_STATE_COMPLETE);
}

/* Stop while the server is still writing: cancelled at once, and what
 * arrived is kept.  The same message can then be asked for again.
 */
void
test_cancel_midstream (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  gint64 cancelled_at;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, KEEP_ALIVE CHUNK_ROLE CHUNK_HELLO, -1);
  confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_REST CHUNK_STOP DONE, -1);

  chat_start (client, answer, TRUE, cancellable, &result);
  wait_for_content (answer, "Hello", &result);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_PENDING);

  cancelled_at = g_get_monotonic_time ();
  g_cancellable_cancel (cancellable);
  confab_test_wait_for_result (&result);
  g_assert_cmpint (g_get_monotonic_time () - cancelled_at, <, G_USEC_PER_SEC);

  g_assert_false (confab_client_chat_finish (client, result, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Hello");
  g_assert_null (confab_message_get_error (answer));

  /* Retrying starts the answer afresh. */
  g_clear_error (&error);
  confab_test_response_add_piece (confab_test_server_queue_stream (server, 200, "text/event-stream"),
                                  0, CONFAB_TEST_STREAM, -1);
  g_assert_true (chat (client, answer, TRUE, &error));
  g_assert_no_error (error);
  assert_stream_answer (answer);
}

/* The connection breaks in the middle of the answer. */
void
test_reset_midstream (void)
{
  static const char * const tails[] = {
    "",
    "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.",
    "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\" lost\"}}]}\n",
  };

  for (guint i = 0; i < G_N_ELEMENTS (tails); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_piece (response, 0, KEEP_ALIVE CHUNK_ROLE CHUNK_HELLO, -1);
      confab_test_response_add_piece (response, 20, tails[i], -1);
      confab_test_response_set_abort (response, TRUE);

      g_assert_false (chat (client, answer, TRUE, &error));
      assert_failed (answer, error, CONFAB_CLIENT_ERROR_CONNECTION, "Hello");
    }
}

/* An error event in the middle of the answer. */
void
test_error_event (void)
{
  static const struct {
    const char *tail;
    gboolean    abort;
    guint       delay_ms;
    const char *message;
  } variants[] = {
    /* The fixture: error, then the connection closes. */
    { CONFAB_TEST_STREAM_ERROR_EVENT, TRUE, 0, CONFAB_TEST_STREAM_ERROR_MESSAGE },
    /* The same, with the connection left open: no need to wait for it. */
    { CONFAB_TEST_STREAM_ERROR_EVENT, FALSE, LONG_DELAY_MS, CONFAB_TEST_STREAM_ERROR_MESSAGE },
    /* `event: error` with a plain text payload. */
    { "event: error\ndata: Something went wrong upstream\n\n", TRUE, 0, "Something went wrong upstream" },
    /* The same with a byte that is not UTF-8: U+FFFD, the rest stays. */
    { "event: error\ndata: Something \xff went wrong\n\n", TRUE, 0, "Something \xef\xbf\xbd went wrong" },
    /* `event: error` with the JSON error body. */
    { "event: error\n" CONFAB_TEST_STREAM_ERROR_EVENT, TRUE, 0, CONFAB_TEST_STREAM_ERROR_MESSAGE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;
      gint64 start;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_piece (response, 0, CHUNK_ROLE CHUNK_HELLO, -1);
      confab_test_response_add_piece (response, 20, variants[i].tail, -1);
      if (variants[i].delay_ms > 0)
        confab_test_response_add_piece (response, variants[i].delay_ms, CHUNK_REST CHUNK_STOP DONE, -1);
      confab_test_response_set_abort (response, variants[i].abort);

      start = g_get_monotonic_time ();
      g_assert_false (chat (client, answer, TRUE, &error));
      g_assert_cmpint (g_get_monotonic_time () - start, <, 5 * G_USEC_PER_SEC);

      assert_failed (answer, error, CONFAB_CLIENT_ERROR_SERVER, "Hello");
      g_assert_nonnull (strstr (error->message, variants[i].message));
    }

  /* The fixture as it is defined, error event last. */
  {
    g_autoptr(ConfabTestServer) server = confab_test_server_new ();
    g_autoptr(ConfabClient) client = client_new (server);
    g_autoptr(ConfabMessage) answer = answer_new ();
    g_autoptr(GError) error = NULL;
    ConfabTestResponse *response;

    response = confab_test_server_queue_stream (server, 200, "text/event-stream");
    confab_test_response_add_pieces (response, 0, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, 1);
    confab_test_response_set_abort (response, TRUE);

    g_assert_false (chat (client, answer, TRUE, &error));
    assert_failed (answer, error, CONFAB_CLIENT_ERROR_SERVER, "Hello");
    g_assert_nonnull (strstr (error->message, CONFAB_TEST_STREAM_ERROR_MESSAGE));
  }
}

/* [DONE] without usage: complete, and the usage is not made up. */
void
test_no_usage (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CHUNK_ROLE CHUNK_HELLO CHUNK_REST CHUNK_STOP DONE, 0, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_STREAM_CONTENT);
  g_assert_cmpstr (confab_message_get_finish_reason (answer), ==, "stop");
  g_assert_null (confab_message_get_usage (answer));
}

/* Usage on several chunks: the last report is the whole of it, and a
 * null one after it does not take it back.
 */
void
test_usage_repeated (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CHUNK_WITH_USAGE ("{\"role\":\"assistant\",\"content\":\"\"}", "null",
                                                "{\"prompt_tokens\":13,\"completion_tokens\":0,\"total_tokens\":13}")
                              CHUNK_WITH_USAGE ("{\"content\":\"Hello\"}", "null",
                                                "{\"prompt_tokens\":13,\"completion_tokens\":1,\"total_tokens\":14,"
                                                "\"completion_tokens_details\":{\"reasoning_tokens\":0}}")
                              CHUNK_REST
                              CHUNK_WITH_USAGE ("{}", "\"stop\"", STREAM_USAGE)
                              CHUNK_USAGE ("null")
                              CHUNK_HELLO DONE,
                              0, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_STREAM_CONTENT "Hello");
  assert_usage (confab_message_get_usage (answer), 13, 420, 433, 400);
}

/* A retried answer does not keep the usage of the previous one. */
void
test_usage_reset (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CONFAB_TEST_STREAM, 0, answer, &error));
  g_assert_no_error (error);
  assert_stream_answer (answer);

  g_assert_true (chat_stream (CHUNK_ROLE CHUNK_HELLO CHUNK_STOP DONE, 0, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Hello");
  g_assert_null (confab_message_get_usage (answer));
}

/* Thinking used up the limit: complete, but empty. */
void
test_length_empty (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CHUNK_ROLE
                              CONFAB_TEST_STREAM_CHUNK ("{}", "\"length\"")
                              CHUNK_USAGE ("{\"prompt_tokens\":13,\"completion_tokens\":400,\"total_tokens\":413,"
                                           "\"completion_tokens_details\":{\"reasoning_tokens\":400}}")
                              DONE,
                              0, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_null (confab_message_get_error (answer));
  g_assert_cmpstr (confab_message_get_finish_reason (answer), ==, "length");
  g_assert_cmpstr (confab_message_get_content (answer), ==, "");
  assert_usage (confab_message_get_usage (answer), 13, 400, 413, 400);
}
