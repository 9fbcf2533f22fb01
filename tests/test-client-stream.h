/* test-client-stream.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-client-stream share: the events of the
 * scripted stream, a client on the scripted server, and the checks of a
 * streamed answer.
 */

#pragma once

#include "confab-client.h"
#include "confab-error.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

G_BEGIN_DECLS

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

ConfabClient  *client_new                (ConfabTestServer         *server);
ConfabMessage *answer_new                (void);
void           chat_start                (ConfabClient             *client,
                                          ConfabMessage            *answer,
                                          gboolean                  stream,
                                          GCancellable             *cancellable,
                                          GAsyncResult            **result);
gboolean       chat                      (ConfabClient             *client,
                                          ConfabMessage            *answer,
                                          gboolean                  stream,
                                          GError                  **error);
gboolean       chat_stream               (const char               *text,
                                          gsize                     piece_size,
                                          ConfabMessage            *answer,
                                          GError                  **error);
void           wait_for_content          (ConfabMessage            *message,
                                          const char               *content,
                                          GAsyncResult            **result);
void           assert_usage              (ConfabUsage              *usage,
                                          gint64                    prompt,
                                          gint64                    completion,
                                          gint64                    total,
                                          gint64                    reasoning);
void           assert_stream_answer      (ConfabMessage            *message);
void           assert_failed             (ConfabMessage            *message,
                                          const GError             *error,
                                          ConfabClientError         code,
                                          const char               *content);
void           assert_stream_request     (const ConfabTestRequest  *request);
void           test_untyped_stream       (void);
void           test_text_grows           (void);
void           test_cancel_midstream     (void);
void           test_reset_midstream      (void);
void           test_error_event          (void);
void           test_no_usage             (void);
void           test_usage_repeated       (void);
void           test_usage_reset          (void);
void           test_length_empty         (void);
void           test_reasoning_fields     (void);
void           test_split_surrogates     (void);
void           test_split_surrogate_cut  (void);
void           test_text_kept            (void);
void           test_reasoning_think      (void);
void           test_json_answer          (void);
void           test_local_time           (void);
void           test_keep_alives_only     (void);
void           test_stall_midstream      (void);
void           test_stall_before_headers (void);
void           test_stall_keep_alives    (void);
void           test_garbage              (void);
void           test_deep_nesting         (void);
void           test_http_errors          (void);

G_END_DECLS
