/* test-client-stream.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ConfabClient streaming answers (Server-Sent Events) from the scripted
 * server: real HTTP on 127.0.0.1, the answer written into a
 * ConfabMessage as it arrives.
 */

#include "confab-client.h"
#include "confab-error.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

#define API_KEY "test-key-123"
#define MODEL   "gemini-3.1-pro-preview"

/* The events of CONFAB_TEST_STREAM one by one, to script other streams
 * from; test_fixture_pieces() checks that they add up to the fixture.
 */
#define KEEP_ALIVE  ": keep-alive\n\n"
#define CHUNK_ROLE  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
#define CHUNK_HELLO CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null")
#define CHUNK_REST  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"! 안녕하세요 👋\\nI'm Gemini.\"}", "null")
#define CHUNK_STOP  CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\"")
#define CHUNK_USAGE(usage) \
  "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1760032810," \
  "\"model\":\"gemini-3.1-pro-preview\",\"choices\":[],\"usage\":" usage "}\n\n"
#define CHUNK_WITH_USAGE(delta, finish, usage) \
  "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1760032810," \
  "\"model\":\"gemini-3.1-pro-preview\",\"choices\":[{\"index\":0,\"delta\":" delta "," \
  "\"finish_reason\":" finish "}],\"usage\":" usage "}\n\n"
#define STREAM_USAGE \
  "{\"prompt_tokens\":13,\"completion_tokens\":420,\"total_tokens\":433," \
  "\"completion_tokens_details\":{\"reasoning_tokens\":400}}"
#define DONE "data: [DONE]\n\n"

/* Long enough that a test which waited for it would be plainly wrong. */
#define LONG_DELAY_MS 10000

static ConfabClient *
client_new (ConfabTestServer *server)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_api_key (client, API_KEY);

  return client;
}

static GListModel *
history_new (void)
{
  GListStore *history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Hello, introduce yourself");

  confab_message_set_state (prompt, CONFAB_MESSAGE_STATE_COMPLETE);
  g_list_store_append (history, prompt);

  return G_LIST_MODEL (history);
}

static ConfabMessage *
answer_new (void)
{
  return confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
}

static void
chat_start (ConfabClient   *client,
            ConfabMessage  *answer,
            gboolean        stream,
            GCancellable   *cancellable,
            GAsyncResult  **result)
{
  g_autoptr(GListModel) history = history_new ();

  confab_client_chat_async (client, MODEL, NULL, history, answer, stream, cancellable,
                            confab_test_store_result_cb, result);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_PENDING);
}

static gboolean
chat (ConfabClient   *client,
      ConfabMessage  *answer,
      gboolean        stream,
      GError        **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  gboolean ok;

  chat_start (client, answer, stream, NULL, &result);
  confab_test_wait_for_result (&result);
  ok = confab_client_chat_finish (client, result, error);

  g_test_message ("Answer: “%s”, %s", confab_message_get_content (answer),
                  error != NULL && *error != NULL ? (*error)->message : "no error");

  return ok;
}

/* Streams @text from a new server, cut into pieces of @piece_size bytes
 * (all of it at once for 0), and asks for it into @answer.
 */
static gboolean
chat_stream (const char     *text,
             gsize           piece_size,
             ConfabMessage  *answer,
             GError        **error)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 0, text, piece_size > 0 ? piece_size : strlen (text));

  return chat (client, answer, TRUE, error);
}

typedef struct
{
  ConfabMessage  *message;
  const char     *content;
  GAsyncResult  **result;
} ContentWait;

static gboolean
content_reached (gpointer user_data)
{
  ContentWait *wait = user_data;

  return *wait->result != NULL ||
         g_str_equal (confab_message_get_content (wait->message), wait->content);
}

/* Spins until @message holds @content, failing if the request ends
 * first.
 */
static void
wait_for_content (ConfabMessage  *message,
                  const char     *content,
                  GAsyncResult  **result)
{
  ContentWait wait = { message, content, result };

  confab_test_run_until (content_reached, &wait);
  g_assert_null (*result);
  g_assert_cmpstr (confab_message_get_content (message), ==, content);
}

static void
assert_usage (ConfabUsage *usage,
              gint64       prompt,
              gint64       completion,
              gint64       total,
              gint64       reasoning)
{
  g_assert_true (CONFAB_IS_USAGE (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, prompt);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, completion);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, total);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, reasoning);

  /* What the stream does not say is missing, not 0. */
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, CONFAB_USAGE_MISSING);
}

static void
assert_stream_answer (ConfabMessage *message)
{
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_null (confab_message_get_error (message));
  g_assert_cmpstr (confab_message_get_content (message), ==, CONFAB_TEST_STREAM_CONTENT);
  g_assert_cmpstr (confab_message_get_reasoning (message), ==, "");
  g_assert_cmpstr (confab_message_get_finish_reason (message), ==, CONFAB_TEST_STREAM_FINISH_REASON);
  g_assert_cmpstr (confab_message_get_model (message), ==, MODEL);
  assert_usage (confab_message_get_usage (message),
                CONFAB_TEST_STREAM_PROMPT_TOKENS,
                CONFAB_TEST_STREAM_COMPLETION_TOKENS,
                CONFAB_TEST_STREAM_TOTAL_TOKENS,
                CONFAB_TEST_STREAM_REASONING_TOKENS);
}

static void
assert_failed (ConfabMessage     *message,
               const GError      *error,
               ConfabClientError  code,
               const char        *content)
{
  const GError *message_error = confab_message_get_error (message);

  g_assert_error (error, CONFAB_CLIENT_ERROR, code);
  g_assert_nonnull (error->message);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_null (strstr (error->message, API_KEY));

  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_error (message_error, CONFAB_CLIENT_ERROR, code);
  g_assert_cmpstr (message_error->message, ==, error->message);

  if (content != NULL)
    g_assert_cmpstr (confab_message_get_content (message), ==, content);
}

static gboolean
reader_get_boolean (JsonReader *reader,
                    const char *member)
{
  gboolean value;

  g_assert_true (json_reader_read_member (reader, member));
  g_assert_true (json_reader_is_value (reader));
  g_assert_cmpint (json_node_get_value_type (json_reader_get_value (reader)), ==, G_TYPE_BOOLEAN);
  value = json_reader_get_boolean_value (reader);
  json_reader_end_member (reader);

  return value;
}

static void
assert_stream_request (const ConfabTestRequest *request)
{
  g_autoptr(JsonNode) node = confab_test_request_parse_json (request);
  g_autoptr(JsonReader) reader = json_reader_new (node);
  const char *accept;

  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " API_KEY);

  accept = confab_test_request_get_header (request, "Accept");
  g_assert_nonnull (accept);
  g_assert_nonnull (strstr (accept, "text/event-stream"));

  g_assert_true (reader_get_boolean (reader, "stream"));
  g_assert_true (json_reader_read_member (reader, "stream_options"));
  g_assert_true (json_reader_is_object (reader));
  g_assert_true (reader_get_boolean (reader, "include_usage"));
  json_reader_end_member (reader);

  g_assert_true (json_reader_read_member (reader, "model"));
  g_assert_cmpstr (json_reader_get_string_value (reader), ==, MODEL);
  json_reader_end_member (reader);
}

static char *
replace_line_ends (const char *text,
                   const char *line_end)
{
  g_autoptr(GString) string = g_string_new (text);

  g_string_replace (string, "\n", line_end, 0);

  return g_string_free (g_steal_pointer (&string), FALSE);
}

/* The pieces the other tests script streams from are the fixture's. */
static void
test_fixture_pieces (void)
{
  g_assert_cmpstr (KEEP_ALIVE CHUNK_ROLE CHUNK_HELLO CHUNK_REST CHUNK_STOP CHUNK_USAGE (STREAM_USAGE) DONE,
                   ==, CONFAB_TEST_STREAM);
}

/* The fixture whole, byte by byte, and with CRLF or CR line ends. */
static void
test_fixture (void)
{
  static const struct {
    const char *line_end;
    gsize       piece_size;
  } variants[] = {
    { "\n", 0 },
    { "\n", 1 },
    { "\n", 7 },
    { "\r\n", 0 },
    { "\r\n", 1 },
    { "\r", 0 },
    { "\r", 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *text = replace_line_ends (CONFAB_TEST_STREAM, variants[i].line_end);
      ConfabTestResponse *response;

      g_test_message ("Line end %s, pieces of %" G_GSIZE_FORMAT " bytes",
                      variants[i].line_end[0] == '\r' ? (variants[i].line_end[1] ? "CRLF" : "CR") : "LF",
                      variants[i].piece_size);

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_pieces (response, 0, text,
                                       variants[i].piece_size > 0 ? variants[i].piece_size : strlen (text));

      g_assert_true (chat (client, answer, TRUE, &error));
      g_assert_no_error (error);
      assert_stream_answer (answer);

      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
      assert_stream_request (confab_test_server_get_request (server, 0));
    }
}

/* A Content-Type with parameters is still an event stream. */
static void
test_content_type_parameters (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream; charset=utf-8");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM, -1);

  g_assert_true (chat (client, answer, TRUE, &error));
  g_assert_no_error (error);
  assert_stream_answer (answer);
}

/* Some servers stream events with no Content-Type, or a vague one: the
 * body itself says it is an event stream, however it is cut up.
 */
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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
static void
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

/* reasoning_content and reasoning go to the reasoning; the content is
 * the answer only.
 */
static void
test_reasoning_fields (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CHUNK_ROLE
                              CONFAB_TEST_STREAM_CHUNK ("{\"reasoning_content\":\"Let me \"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"reasoning\":\"think.\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"reasoning_content\":\"\",\"reasoning\":\" Done.\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Answer\"}", "null")
                              CHUNK_STOP DONE,
                              1, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_reasoning (answer), ==, "Let me think. Done.");
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Answer");
}

/* A server that cuts text by UTF-16 units ends a delta with the first
 * half of a surrogate pair and starts the next with the second: the
 * halves are one character.  A half with no other half, in the middle,
 * after a usage-only chunk or at the end, is U+FFFD; no text is lost.
 */
static void
test_split_surrogates (void)
{
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (chat_stream (CHUNK_ROLE
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hi \\ud83d\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\udc4b there\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\", a\\ud83db, \\udc4b\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\ud83c\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\udf89!\\ud83d\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"reasoning\":\"\\ud83e\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"reasoning\":\"\\udd14 so\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\" x\"}", "null")
                              CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\ud83d\"}", "null")
                              CHUNK_STOP DONE,
                              7, answer, &error));
  g_assert_no_error (error);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==,
                   "Hi 👋 there, a\xef\xbf\xbd" "b, \xef\xbf\xbd🎉!\xef\xbf\xbd x\xef\xbf\xbd");
  g_assert_cmpstr (confab_message_get_reasoning (answer), ==, "🤔 so");
}

/* A delta that ends in half a surrogate pair, then no other half: the
 * stream is cut, closed, or ends in an error.  The half is U+FFFD, and
 * the text before it stays.
 */
static void
test_split_surrogate_cut (void)
{
  static const struct {
    const char *tail;
    gboolean    abort;
  } variants[] = {
    { "", TRUE },
    { "", FALSE },
    { CONFAB_TEST_STREAM_ERROR_EVENT, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (variants); i++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      ConfabTestResponse *response;

      response = confab_test_server_queue_stream (server, 200, "text/event-stream");
      confab_test_response_add_piece (response, 0,
                                      CHUNK_ROLE CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hi \\ud83d\"}", "null"), -1);
      if (variants[i].tail[0] != '\0')
        confab_test_response_add_piece (response, 20, variants[i].tail, -1);
      confab_test_response_set_abort (response, variants[i].abort);

      g_assert_false (chat (client, answer, TRUE, &error));
      g_assert_nonnull (error);
      g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);
      g_assert_cmpstr (confab_message_get_content (answer), ==, "Hi \xef\xbf\xbd");
    }
}

/* Bytes that are not UTF-8 inside a delta, and an escaped nul, are
 * U+FFFD, and the rest of the delta stays, however the bytes arrive.
 * Before, such a delta vanished, or ended at the nul.
 */
static void
test_text_kept (void)
{
  static const gsize piece_sizes[] = { 0, 1, 5 };

  for (guint i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    {
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (chat_stream (CHUNK_ROLE
                                  CONFAB_TEST_STREAM_CHUNK ("{\"reasoning\":\"Hmm\\u0000 \xf0\x9f\xa4 ok\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello, caf\xc3 au lait\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\" with \xff\xfe milk\\u0000 and\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\" 안녕 \xeb\x85\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\u0000\\u0000!\"}", "null")
                                  CHUNK_STOP DONE,
                                  piece_sizes[i], answer, &error));
      g_assert_no_error (error);
      g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
      g_assert_cmpstr (confab_message_get_reasoning (answer), ==, "Hmm\xef\xbf\xbd \xef\xbf\xbd ok");
      g_assert_cmpstr (confab_message_get_content (answer), ==,
                       "Hello, caf\xef\xbf\xbd au lait with \xef\xbf\xbd\xef\xbf\xbd milk\xef\xbf\xbd and"
                       " 안녕 \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd!");
    }
}

/* <think>…</think> at the start of the content, cut at awkward places. */
static void
test_reasoning_think (void)
{
  static const gsize piece_sizes[] = { 0, 1 };

  for (guint i = 0; i < G_N_ELEMENTS (piece_sizes); i++)
    {
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(ConfabMessage) plain = answer_new ();
      g_autoptr(GError) error = NULL;

      g_assert_true (chat_stream (CHUNK_ROLE
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"<thi\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"nk>plan</th\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"ink>\\n\\nAnswer\"}", "null")
                                  CHUNK_STOP DONE,
                                  piece_sizes[i], answer, &error));
      g_assert_no_error (error);
      g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
      g_assert_cmpstr (confab_message_get_reasoning (answer), ==, "plan");
      g_assert_cmpstr (confab_message_get_content (answer), ==, "Answer");

      /* Not at the start: the content as it is. */
      g_assert_true (chat_stream (CHUNK_ROLE
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"a <thi\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"nk> b\"}", "null")
                                  CHUNK_STOP DONE,
                                  piece_sizes[i], plain, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (confab_message_get_content (plain), ==, "a <think> b");
      g_assert_cmpstr (confab_message_get_reasoning (plain), ==, "");
    }
}

/* A server that ignores "stream" and answers in one piece. */
static void
test_json_answer (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;
  ConfabUsage *usage;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  g_assert_true (chat (client, answer, TRUE, &error));
  g_assert_no_error (error);
  assert_stream_request (confab_test_server_get_request (server, 0));

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_null (confab_message_get_error (answer));
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpstr (confab_message_get_finish_reason (answer), ==, "stop");
  g_assert_cmpstr (confab_message_get_model (answer), ==, CONFAB_TEST_SEED_MODEL);
  g_assert_cmpstr (confab_message_get_response_id (answer), ==, CONFAB_TEST_SEED_ID);

  usage = confab_message_get_usage (answer);
  g_assert_true (CONFAB_IS_USAGE (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, CONFAB_TEST_SEED_PROMPT_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, CONFAB_TEST_SEED_COMPLETION_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, CONFAB_TEST_SEED_TOTAL_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_TEST_SEED_REASONING_TOKENS);
}

/* An answer is dated when it is received, by this computer's clock, as
 * the history dates it: not by the server's "created", which the next
 * start would not show.  The fixtures say 2025-10-09.
 */
static void
test_local_time (void)
{
  for (guint streamed = 0; streamed < 2; streamed++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = answer_new ();
      g_autoptr(GError) error = NULL;
      gint64 before = g_get_real_time () / G_USEC_PER_SEC;
      gint64 created;

      if (streamed)
        {
          ConfabTestResponse *response = confab_test_server_queue_stream (server, 200, "text/event-stream");

          confab_test_response_add_pieces (response, 0, CONFAB_TEST_STREAM, strlen (CONFAB_TEST_STREAM));
        }
      else
        {
          confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
        }

      g_assert_true (chat (client, answer, TRUE, &error));
      g_assert_no_error (error);

      created = g_date_time_to_unix (confab_message_get_created (answer));
      g_assert_cmpint (created, >=, before);
      g_assert_cmpint (created, <=, g_get_real_time () / G_USEC_PER_SEC + 1);
    }
}

/* Keep-alives, then the connection ends without an answer. */
static void
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

/* The server goes silent in the middle of the answer: the watchdog
 * gives up after the stall timeout and keeps what arrived.
 */
static void
test_stall_midstream (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = answer_new ();
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  gint64 start;
  gint64 elapsed;

  confab_client_set_stall_timeout (client, 1);
  g_assert_cmpuint (confab_client_get_stall_timeout (client), ==, 1);

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CHUNK_ROLE CHUNK_HELLO, -1);
  confab_test_response_add_piece (response, LONG_DELAY_MS, CHUNK_REST CHUNK_STOP DONE, -1);

  start = g_get_monotonic_time ();
  g_assert_false (chat (client, answer, TRUE, &error));
  elapsed = g_get_monotonic_time () - start;

  g_test_message ("Stalled after %" G_GINT64_FORMAT " ms", elapsed / G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  assert_failed (answer, error, CONFAB_CLIENT_ERROR_TIMEOUT, "Hello");
}

/* Silent before the headers: the watchdog covers the wait too. */
static void
test_stall_before_headers (void)
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
  confab_test_response_set_delay (response, LONG_DELAY_MS);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM, -1);

  start = g_get_monotonic_time ();
  g_assert_false (chat (client, answer, TRUE, &error));
  elapsed = g_get_monotonic_time () - start;

  g_assert_cmpint (elapsed, >=, 900 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (elapsed, <, 3 * G_USEC_PER_SEC);
  assert_failed (answer, error, CONFAB_CLIENT_ERROR_TIMEOUT, "");
}

/* Keep-alives every 300 ms for 2 s keep a 1 s watchdog from firing. */
static void
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
static void
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
static void
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
static void
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

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client-stream/fixture-pieces", test_fixture_pieces);
  g_test_add_func ("/client-stream/fixture", test_fixture);
  g_test_add_func ("/client-stream/content-type-parameters", test_content_type_parameters);
  g_test_add_func ("/client-stream/untyped", test_untyped_stream);
  g_test_add_func ("/client-stream/text-grows", test_text_grows);
  g_test_add_func ("/client-stream/cancel-midstream", test_cancel_midstream);
  g_test_add_func ("/client-stream/reset-midstream", test_reset_midstream);
  g_test_add_func ("/client-stream/error-event", test_error_event);
  g_test_add_func ("/client-stream/no-usage", test_no_usage);
  g_test_add_func ("/client-stream/local-time", test_local_time);
  g_test_add_func ("/client-stream/usage-repeated", test_usage_repeated);
  g_test_add_func ("/client-stream/usage-reset", test_usage_reset);
  g_test_add_func ("/client-stream/split-surrogates", test_split_surrogates);
  g_test_add_func ("/client-stream/split-surrogate-cut", test_split_surrogate_cut);
  g_test_add_func ("/client-stream/text-kept", test_text_kept);
  g_test_add_func ("/client-stream/length-empty", test_length_empty);
  g_test_add_func ("/client-stream/reasoning-fields", test_reasoning_fields);
  g_test_add_func ("/client-stream/reasoning-think", test_reasoning_think);
  g_test_add_func ("/client-stream/json-answer", test_json_answer);
  g_test_add_func ("/client-stream/keep-alives-only", test_keep_alives_only);
  g_test_add_func ("/client-stream/stall-midstream", test_stall_midstream);
  g_test_add_func ("/client-stream/stall-before-headers", test_stall_before_headers);
  g_test_add_func ("/client-stream/stall-keep-alives", test_stall_keep_alives);
  g_test_add_func ("/client-stream/garbage", test_garbage);
  g_test_add_func ("/client-stream/deep-nesting", test_deep_nesting);
  g_test_add_func ("/client-stream/http-errors", test_http_errors);

  return g_test_run ();
}
