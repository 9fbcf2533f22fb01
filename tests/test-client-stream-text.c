/* test-client-stream-text.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The text of a streamed answer: reasoning in its fields or in <think>,
 * surrogate pairs split across chunks, JSON answers, and times.
 */

#include "test-client-stream.h"

/* reasoning_content and reasoning go to the reasoning; the content is
 * the answer only.
 */
void
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
void
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
void
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
void
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
void
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
void
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
void
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
