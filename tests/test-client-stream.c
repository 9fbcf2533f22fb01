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

#include "test-client-stream.h"

ConfabClient *
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

ConfabMessage *
answer_new (void)
{
  return confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
}

void
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

gboolean
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
gboolean
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
void
wait_for_content (ConfabMessage  *message,
                  const char     *content,
                  GAsyncResult  **result)
{
  ContentWait wait = { message, content, result };

  confab_test_run_until (content_reached, &wait);
  g_assert_null (*result);
  g_assert_cmpstr (confab_message_get_content (message), ==, content);
}

void
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

void
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

void
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

void
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
