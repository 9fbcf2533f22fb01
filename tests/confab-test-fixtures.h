/* confab-test-fixtures.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* Server answers from /work/shared/PROTOCOL.md and the seed document
 * (seed-evolink-chat-completions.txt), byte for byte where they give one.
 * Bodies that neither document gives (403, 404, 503, the 502 page) are
 * marked as made up, in the shape the others have.
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The seed's non-streaming answer, as the seed prints it. */
#define CONFAB_TEST_SEED_ID      "chatcmpl-20251010015944503180122WJNB8Eid"
#define CONFAB_TEST_SEED_MODEL   "gemini-3.1-pro-preview"
#define CONFAB_TEST_SEED_CREATED G_GINT64_CONSTANT (1760032810)
#define CONFAB_TEST_SEED_CONTENT \
  "Note: This is sample code!\n\nHello! I'm pleased to introduce myself.\n\n" \
  "I'm a Large Language Model, trained and developed by Google..."

#define CONFAB_TEST_SEED_USAGE \
  "{\n" \
  "    \"prompt_tokens\": 13,\n" \
  "    \"completion_tokens\": 1891,\n" \
  "    \"total_tokens\": 1904,\n" \
  "    \"prompt_tokens_details\": {\n" \
  "      \"cached_tokens\": 0,\n" \
  "      \"text_tokens\": 13,\n" \
  "      \"audio_tokens\": 0,\n" \
  "      \"image_tokens\": 0\n" \
  "    },\n" \
  "    \"completion_tokens_details\": {\n" \
  "      \"text_tokens\": 0,\n" \
  "      \"audio_tokens\": 0,\n" \
  "      \"reasoning_tokens\": 1480\n" \
  "    },\n" \
  "    \"input_tokens\": 0,\n" \
  "    \"output_tokens\": 0,\n" \
  "    \"input_tokens_details\": null\n" \
  "  }"

#define CONFAB_TEST_SEED_RESPONSE \
  "{\n" \
  "  \"id\": \"chatcmpl-20251010015944503180122WJNB8Eid\",\n" \
  "  \"model\": \"gemini-3.1-pro-preview\",\n" \
  "  \"object\": \"chat.completion\",\n" \
  "  \"created\": 1760032810,\n" \
  "  \"choices\": [\n" \
  "    {\n" \
  "      \"index\": 0,\n" \
  "      \"message\": {\n" \
  "        \"role\": \"assistant\",\n" \
  "        \"content\": \"Note: This is sample code!\\n\\nHello! I'm pleased to introduce myself.\\n\\nI'm a Large Language Model, trained and developed by Google...\"\n" \
  "      },\n" \
  "      \"finish_reason\": \"stop\"\n" \
  "    }\n" \
  "  ],\n" \
  "  \"usage\": " CONFAB_TEST_SEED_USAGE "\n" \
  "}\n"

/* The seed's usage, field by field. */
#define CONFAB_TEST_SEED_PROMPT_TOKENS            13
#define CONFAB_TEST_SEED_COMPLETION_TOKENS        1891
#define CONFAB_TEST_SEED_TOTAL_TOKENS             1904
#define CONFAB_TEST_SEED_CACHED_TOKENS            0
#define CONFAB_TEST_SEED_PROMPT_TEXT_TOKENS       13
#define CONFAB_TEST_SEED_PROMPT_AUDIO_TOKENS      0
#define CONFAB_TEST_SEED_PROMPT_IMAGE_TOKENS      0
#define CONFAB_TEST_SEED_COMPLETION_TEXT_TOKENS   0
#define CONFAB_TEST_SEED_COMPLETION_AUDIO_TOKENS  0
#define CONFAB_TEST_SEED_REASONING_TOKENS         1480

/* A streamed answer (PROTOCOL.md, "Test fixtures"), LF line ends. */
#define CONFAB_TEST_STREAM_CHUNK(delta, finish) \
  "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1760032810," \
  "\"model\":\"gemini-3.1-pro-preview\",\"choices\":[{\"index\":0,\"delta\":" delta "," \
  "\"finish_reason\":" finish "}],\"usage\":null}\n\n"

#define CONFAB_TEST_STREAM \
  ": keep-alive\n" \
  "\n" \
  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null") \
  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null") \
  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"! 안녕하세요 👋\\nI'm Gemini.\"}", "null") \
  CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\"") \
  "data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\",\"created\":1760032810," \
  "\"model\":\"gemini-3.1-pro-preview\",\"choices\":[],\"usage\":{\"prompt_tokens\":13," \
  "\"completion_tokens\":420,\"total_tokens\":433,\"completion_tokens_details\":{\"reasoning_tokens\":400}}}\n" \
  "\n" \
  "data: [DONE]\n" \
  "\n"

/* What the streamed answer adds up to. */
#define CONFAB_TEST_STREAM_ID                 "chatcmpl-s1"
#define CONFAB_TEST_STREAM_CONTENT            "Hello! 안녕하세요 👋\nI'm Gemini."
#define CONFAB_TEST_STREAM_FINISH_REASON      "stop"
#define CONFAB_TEST_STREAM_PROMPT_TOKENS      13
#define CONFAB_TEST_STREAM_COMPLETION_TOKENS  420
#define CONFAB_TEST_STREAM_TOTAL_TOKENS       433
#define CONFAB_TEST_STREAM_REASONING_TOKENS   400

/* A stream that breaks off with an error: two chunks, then the error
 * payload, then the connection closes (no [DONE]).
 */
#define CONFAB_TEST_STREAM_ERROR_MESSAGE "Upstream model service unavailable"
#define CONFAB_TEST_STREAM_ERROR_EVENT \
  "data: {\"error\":{\"message\":\"Upstream model service unavailable\",\"type\":\"server_error\"," \
  "\"param\":null,\"code\":\"upstream_error\"}}\n" \
  "\n"
#define CONFAB_TEST_STREAM_MIDSTREAM_ERROR \
  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null") \
  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null") \
  CONFAB_TEST_STREAM_ERROR_EVENT

/* Error answers. */
#define CONFAB_TEST_ERROR_400_BODY \
  "{\"error\":{\"message\":\"Invalid value for 'messages': expected a non-empty array.\"," \
  "\"type\":\"invalid_request_error\",\"param\":\"messages\",\"code\":null}}"
#define CONFAB_TEST_ERROR_401_BODY \
  "{\"error\":{\"message\":\"Incorrect API key provided: sk-abc***xyz.\"," \
  "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}"
#define CONFAB_TEST_ERROR_402_BODY \
  "{\"error\":{\"message\":\"user quota is not enough (request id: 20251010015944503180122WJNB8Eid)\"," \
  "\"type\":\"new_api_error\",\"code\":\"insufficient_user_quota\"}}"
/* Made up: a key that is not allowed to use the model. */
#define CONFAB_TEST_ERROR_403_BODY \
  "{\"error\":{\"message\":\"This token has no access to model gemini-3.1-pro-preview\"," \
  "\"type\":\"new_api_error\",\"param\":null,\"code\":\"access_denied\"}}"
/* Made up, in the OpenAI wording. */
#define CONFAB_TEST_ERROR_404_BODY \
  "{\"error\":{\"message\":\"The model `gemini-9-ultra` does not exist or you do not have access to it.\"," \
  "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"model_not_found\"}}"
#define CONFAB_TEST_ERROR_429_BODY \
  "{\"error\":{\"message\":\"Rate limit reached for requests. Please try again in 20s.\"," \
  "\"type\":\"requests\",\"param\":null,\"code\":\"rate_limit_exceeded\"}}"
#define CONFAB_TEST_ERROR_500_BODY \
  "{\"error\":{\"message\":\"The server had an error while processing your request.\"," \
  "\"type\":\"server_error\",\"param\":null,\"code\":null}}"
/* Made up: what an nginx proxy in front of the API says. */
#define CONFAB_TEST_ERROR_502_HTML \
  "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n" \
  "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n" \
  "</body>\r\n</html>\r\n"
/* Made up: a gateway with no upstream for the model. */
#define CONFAB_TEST_ERROR_503_BODY \
  "{\"error\":{\"message\":\"No available channel for model gemini-3.1-pro-preview under group default\"," \
  "\"type\":\"new_api_error\",\"param\":null,\"code\":\"model_not_available\"}}"

/* The model the 404 fixture is about. */
#define CONFAB_TEST_MISSING_MODEL "gemini-9-ultra"

typedef struct
{
  guint       status;
  const char *content_type;
  const char *retry_after;
  const char *body;
  /* The error.message of the body, without a trailing "(request id: …)",
   * or %NULL when the body has none.
   */
  const char *provider_message;
} ConfabTestErrorFixture;

static const ConfabTestErrorFixture confab_test_error_fixtures[] = {
  { 400, "application/json", NULL, CONFAB_TEST_ERROR_400_BODY,
    "Invalid value for 'messages': expected a non-empty array." },
  { 401, "application/json", NULL, CONFAB_TEST_ERROR_401_BODY,
    "Incorrect API key provided: sk-abc***xyz." },
  { 402, "application/json", NULL, CONFAB_TEST_ERROR_402_BODY,
    "user quota is not enough" },
  { 403, "application/json", NULL, CONFAB_TEST_ERROR_403_BODY,
    "This token has no access to model gemini-3.1-pro-preview" },
  { 404, "application/json", NULL, CONFAB_TEST_ERROR_404_BODY,
    "The model `gemini-9-ultra` does not exist or you do not have access to it." },
  { 429, "application/json", "20", CONFAB_TEST_ERROR_429_BODY,
    "Rate limit reached for requests. Please try again in 20s." },
  { 500, "application/json", NULL, CONFAB_TEST_ERROR_500_BODY,
    "The server had an error while processing your request." },
  { 502, "text/html", NULL, CONFAB_TEST_ERROR_502_HTML, NULL },
  { 502, NULL, NULL, "", NULL },
  { 503, "application/json", NULL, CONFAB_TEST_ERROR_503_BODY,
    "No available channel for model gemini-3.1-pro-preview under group default" },
};

G_END_DECLS
