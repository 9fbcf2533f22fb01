/* test-chunk.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-chunk.h"
#include "confab-json.h"
#include "confab-sse-parser.h"
#include "confab-test-fixtures.h"

static ConfabChunk *
chunk_new (const char *json)
{
  g_autoptr(GError) error = NULL;
  ConfabChunk *chunk = confab_chunk_new_from_data (json, strlen (json), &error);

  g_assert_no_error (error);
  g_assert_true (CONFAB_IS_CHUNK (chunk));

  return chunk;
}

static void
assert_not_chunk (const char *data,
                  gsize       length)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabChunk) chunk = confab_chunk_new_from_data (data, length, &error);

  g_assert_null (chunk);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
}

static void
assert_empty_chunk (ConfabChunk *chunk)
{
  g_assert_null (confab_chunk_get_response_id (chunk));
  g_assert_null (confab_chunk_get_model (chunk));
  g_assert_cmpint (confab_chunk_get_created (chunk), ==, -1);
  g_assert_null (confab_chunk_get_content (chunk));
  g_assert_null (confab_chunk_get_reasoning (chunk));
  g_assert_null (confab_chunk_get_finish_reason (chunk));
  g_assert_null (confab_chunk_get_usage (chunk));
  g_assert_false (confab_chunk_is_error (chunk));
  g_assert_null (confab_chunk_get_error_message (chunk));
}

static void
collect_data_cb (const char *event_type,
                 const char *data,
                 gsize       length,
                 gpointer    user_data)
{
  g_ptr_array_add (user_data, g_strndup (data, length));
}

/* The data of each event of @stream, through the real parser. */
static GPtrArray *
parse_stream (const char *stream)
{
  GPtrArray *events = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(ConfabSseParser) parser = confab_sse_parser_new (0, collect_data_cb, events, NULL);

  g_assert_true (confab_sse_parser_feed (parser, stream, strlen (stream), NULL));

  return events;
}

static void
test_fixture (void)
{
  g_autoptr(GPtrArray) events = parse_stream (CONFAB_TEST_STREAM);
  g_autoptr(GString) content = g_string_new (NULL);
  g_autoptr(ConfabUsage) last_usage = NULL;
  g_autofree char *finish_reason = NULL;
  static const char * const contents[] = { "", "Hello", "! 안녕하세요 👋\nI'm Gemini.", NULL, NULL };
  static const char * const finish_reasons[] = { NULL, NULL, NULL, "stop", NULL };

  g_assert_cmpuint (events->len, ==, 6);

  for (guint i = 0; i < 5; i++)
    {
      const char *data = g_ptr_array_index (events, i);
      g_autoptr(ConfabChunk) chunk = chunk_new (data);

      g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, CONFAB_TEST_STREAM_ID);
      g_assert_cmpstr (confab_chunk_get_model (chunk), ==, "gemini-3.1-pro-preview");
      g_assert_cmpint (confab_chunk_get_created (chunk), ==, 1760032810);
      g_assert_cmpstr (confab_chunk_get_content (chunk), ==, contents[i]);
      g_assert_null (confab_chunk_get_reasoning (chunk));
      g_assert_cmpstr (confab_chunk_get_finish_reason (chunk), ==, finish_reasons[i]);
      g_assert_false (confab_chunk_is_error (chunk));
      g_assert_null (confab_chunk_get_error_message (chunk));

      if (i < 4)
        g_assert_null (confab_chunk_get_usage (chunk));
      else
        g_set_object (&last_usage, confab_chunk_get_usage (chunk));

      if (confab_chunk_get_content (chunk) != NULL)
        g_string_append (content, confab_chunk_get_content (chunk));
      if (confab_chunk_get_finish_reason (chunk) != NULL)
        {
          g_free (finish_reason);
          finish_reason = g_strdup (confab_chunk_get_finish_reason (chunk));
        }
    }

  /* What the stream adds up to. */
  g_assert_cmpstr (content->str, ==, CONFAB_TEST_STREAM_CONTENT);
  g_assert_cmpstr (finish_reason, ==, CONFAB_TEST_STREAM_FINISH_REASON);

  /* The usage-only last chunk, every field. */
  g_assert_nonnull (last_usage);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_PROMPT), ==, CONFAB_TEST_STREAM_PROMPT_TOKENS);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_COMPLETION), ==, CONFAB_TEST_STREAM_COMPLETION_TOKENS);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_TOTAL), ==, CONFAB_TEST_STREAM_TOTAL_TOKENS);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_TEST_STREAM_REASONING_TOKENS);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, CONFAB_USAGE_MISSING);
  g_assert_cmpint (confab_usage_get_field (last_usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, CONFAB_USAGE_MISSING);

  /* [DONE] is the consumer's to spot, and is not a chunk. */
  g_assert_true (confab_sse_data_is_done (g_ptr_array_index (events, 5), 6));
  assert_not_chunk (g_ptr_array_index (events, 5), 6);
}

static void
test_properties (void)
{
  g_autoptr(GPtrArray) events = parse_stream (CONFAB_TEST_STREAM);
  g_autoptr(ConfabChunk) chunk = chunk_new (g_ptr_array_index (events, 2));
  g_autoptr(ConfabChunk) last = chunk_new (g_ptr_array_index (events, 4));
  g_autofree char *response_id = NULL;
  g_autofree char *model = NULL;
  g_autofree char *content = NULL;
  g_autofree char *reasoning = NULL;
  g_autofree char *finish_reason = NULL;
  g_autofree char *error_message = NULL;
  g_autoptr(ConfabUsage) usage = NULL;
  gint64 created = 0;

  g_object_get (chunk,
                "response-id", &response_id,
                "model", &model,
                "created", &created,
                "content", &content,
                "reasoning", &reasoning,
                "finish-reason", &finish_reason,
                "usage", &usage,
                "error-message", &error_message,
                NULL);

  g_assert_cmpstr (response_id, ==, "chatcmpl-s1");
  g_assert_cmpstr (model, ==, "gemini-3.1-pro-preview");
  g_assert_cmpint (created, ==, 1760032810);
  g_assert_cmpstr (content, ==, "! 안녕하세요 👋\nI'm Gemini.");
  g_assert_null (reasoning);
  g_assert_null (finish_reason);
  g_assert_null (usage);
  g_assert_null (error_message);

  g_object_get (last, "usage", &usage, NULL);
  g_assert_true (CONFAB_IS_USAGE (usage));
  g_assert_true (usage == confab_chunk_get_usage (last));
}

static void
test_full_usage (void)
{
  g_autoptr(ConfabChunk) chunk = chunk_new ("{\"id\":\"x\",\"choices\":[],\"usage\":" CONFAB_TEST_SEED_USAGE "}");
  ConfabUsage *usage = confab_chunk_get_usage (chunk);

  g_assert_nonnull (usage);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, CONFAB_TEST_SEED_PROMPT_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, CONFAB_TEST_SEED_CACHED_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, CONFAB_TEST_SEED_PROMPT_TEXT_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, CONFAB_TEST_SEED_PROMPT_AUDIO_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, CONFAB_TEST_SEED_PROMPT_IMAGE_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, CONFAB_TEST_SEED_COMPLETION_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, CONFAB_TEST_SEED_COMPLETION_TEXT_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, CONFAB_TEST_SEED_COMPLETION_AUDIO_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, CONFAB_TEST_SEED_REASONING_TOKENS);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, CONFAB_TEST_SEED_TOTAL_TOKENS);
  g_assert_null (confab_chunk_get_content (chunk));
  g_assert_null (confab_chunk_get_finish_reason (chunk));
}

static void
test_reasoning (void)
{
  static const struct {
    const char *delta;
    const char *reasoning;
    const char *content;
  } cases[] = {
    { "{\"reasoning_content\":\"Thinking…\"}", "Thinking…", NULL },
    { "{\"reasoning\":\"Pondering\"}", "Pondering", NULL },
    { "{\"reasoning_content\":\"A\",\"reasoning\":\"B\"}", "A", NULL },
    { "{\"reasoning\":\"B\",\"reasoning_content\":\"A\"}", "A", NULL },
    { "{\"reasoning_content\":\"\",\"reasoning\":\"B\"}", "B", NULL },
    { "{\"reasoning_content\":\"\"}", "", NULL },
    { "{\"reasoning_content\":null,\"reasoning\":\"B\"}", "B", NULL },
    { "{\"reasoning_content\":7,\"reasoning\":[\"B\"]}", NULL, NULL },
    { "{\"reasoning_content\":\"생각 중 🤔\",\"content\":\"\"}", "생각 중 🤔", "" },
    { "{\"content\":\"<think>hm</think>Hi\"}", NULL, "<think>hm</think>Hi" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"choices\":[{\"index\":0,\"delta\":%s,\"finish_reason\":null}]}",
                                               cases[i].delta);
      g_autoptr(ConfabChunk) chunk = chunk_new (json);

      g_assert_cmpstr (confab_chunk_get_reasoning (chunk), ==, cases[i].reasoning);
      g_assert_cmpstr (confab_chunk_get_content (chunk), ==, cases[i].content);
    }
}

static void
test_error_payloads (void)
{
  /* The mid-stream error of PROTOCOL.md, as the stream carries it. */
  {
    g_autoptr(GPtrArray) events = parse_stream (CONFAB_TEST_STREAM_MIDSTREAM_ERROR);
    g_autoptr(ConfabChunk) chunk = NULL;

    g_assert_cmpuint (events->len, ==, 3);
    chunk = chunk_new (g_ptr_array_index (events, 2));
    g_assert_true (confab_chunk_is_error (chunk));
    g_assert_cmpstr (confab_chunk_get_error_message (chunk), ==, CONFAB_TEST_STREAM_ERROR_MESSAGE);
    g_assert_null (confab_chunk_get_content (chunk));
    g_assert_null (confab_chunk_get_usage (chunk));

    g_clear_object (&chunk);
    chunk = chunk_new (g_ptr_array_index (events, 1));
    g_assert_false (confab_chunk_is_error (chunk));
    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "Hello");
  }

  /* The error bodies of the fixtures are error chunks too. */
  for (guint i = 0; i < G_N_ELEMENTS (confab_test_error_fixtures); i++)
    {
      const ConfabTestErrorFixture *fixture = &confab_test_error_fixtures[i];
      g_autoptr(ConfabChunk) chunk = NULL;

      if (fixture->provider_message == NULL)
        continue;

      chunk = chunk_new (fixture->body);
      g_assert_true (confab_chunk_is_error (chunk));
      g_assert_true (g_str_has_prefix (confab_chunk_get_error_message (chunk), fixture->provider_message));
    }

  {
    static const struct {
      const char *json;
      gboolean is_error;
      const char *message;
    } cases[] = {
      { "{\"error\":\"Upstream timed out\"}", TRUE, "Upstream timed out" },
      { "{\"error\":{\"message\":\"오류가 발생했습니다 😢\"}}", TRUE, "오류가 발생했습니다 😢" },
      { "{\"error\":{\"code\":\"upstream_error\"}}", TRUE, NULL },
      { "{\"error\":{\"message\":null}}", TRUE, NULL },
      { "{\"error\":{\"message\":42}}", TRUE, NULL },
      { "{\"error\":{\"message\":\"\"}}", TRUE, NULL },
      { "{\"error\":\"\"}", TRUE, NULL },
      { "{\"error\":[\"a\"]}", TRUE, NULL },
      { "{\"error\":1}", TRUE, NULL },
      { "{\"error\":true}", TRUE, NULL },
      { "{\"error\":{}}", TRUE, NULL },
      { "{\"error\":null}", FALSE, NULL },
      { "{\"error\":false}", FALSE, NULL },
      { "{\"errors\":\"not ours\"}", FALSE, NULL },
    };

    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        g_autoptr(ConfabChunk) chunk = chunk_new (cases[i].json);

        g_assert_cmpint (confab_chunk_is_error (chunk), ==, cases[i].is_error);
        g_assert_cmpstr (confab_chunk_get_error_message (chunk), ==, cases[i].message);
      }
  }

  /* An error next to a delta: both are kept, the caller decides. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"partial\"}}],"
                                              "\"error\":{\"message\":\"cut off\"}}");

    g_assert_true (confab_chunk_is_error (chunk));
    g_assert_cmpstr (confab_chunk_get_error_message (chunk), ==, "cut off");
    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "partial");
  }
}

/* Chunks of every odd shape map, with what does not fit left missing,
 * and never a warning (the test makes warnings fatal).
 */
static void
test_odd_types (void)
{
  static const char * const empty_ones[] = {
    "{}",
    "{\"object\":\"chat.completion.chunk\",\"system_fingerprint\":\"fp\"}",
    "{\"choices\":[]}",
    "{\"choices\":null}",
    "{\"choices\":\"nope\"}",
    "{\"choices\":5}",
    "{\"choices\":true}",
    "{\"choices\":{\"index\":0,\"delta\":{\"content\":\"x\"}}}",
    "{\"choices\":[null]}",
    "{\"choices\":[5]}",
    "{\"choices\":[\"x\"]}",
    "{\"choices\":[[]]}",
    "{\"choices\":[[{\"delta\":{\"content\":\"x\"}}]]}",
    "{\"choices\":[{}]}",
    "{\"choices\":[{\"delta\":null}]}",
    "{\"choices\":[{\"delta\":\"x\"}]}",
    "{\"choices\":[{\"delta\":[]}]}",
    "{\"choices\":[{\"delta\":[{\"content\":\"x\"}]}]}",
    "{\"choices\":[{\"delta\":{}}]}",
    "{\"choices\":[{\"delta\":{\"content\":null}}]}",
    "{\"choices\":[{\"delta\":{\"content\":5}}]}",
    "{\"choices\":[{\"delta\":{\"content\":1.5}}]}",
    "{\"choices\":[{\"delta\":{\"content\":true}}]}",
    "{\"choices\":[{\"delta\":{\"content\":{}}}]}",
    "{\"choices\":[{\"delta\":{\"content\":[{\"type\":\"text\",\"text\":\"x\"}]}}]}",
    "{\"choices\":[{\"delta\":{\"role\":7,\"content\":null}}]}",
    "{\"choices\":[{\"finish_reason\":5}]}",
    "{\"choices\":[{\"finish_reason\":{}}]}",
    "{\"choices\":[{\"finish_reason\":null}]}",
    "{\"id\":5,\"model\":[],\"created\":\"yesterday\"}",
    "{\"id\":null,\"model\":null,\"created\":null,\"usage\":null}",
    "{\"id\":{},\"model\":true,\"created\":[]}",
    "{\"created\":-5}",
    "{\"created\":1.5}",
    "{\"created\":-1e300}",
    "{\"created\":1e300}",
    "{\"created\":true}",
    "{\"created\":{}}",
    "{\"usage\":\"lots\"}",
    "{\"usage\":5}",
    "{\"usage\":[]}",
    "{\"usage\":true}",
    "{\"usage\":[{\"prompt_tokens\":1}]}",
    "{\"error\":null,\"choices\":[[]],\"usage\":[]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (empty_ones); i++)
    {
      g_autoptr(ConfabChunk) chunk = NULL;

      g_test_message ("%s", empty_ones[i]);
      chunk = chunk_new (empty_ones[i]);
      assert_empty_chunk (chunk);
    }

  /* Odd types inside the usage are missing counts, not a missing usage. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"usage\":{\"prompt_tokens\":\"13\",\"completion_tokens\":-4,"
                                              "\"total_tokens\":7.5,\"prompt_tokens_details\":5,"
                                              "\"completion_tokens_details\":{\"reasoning_tokens\":[1]}}}");
    ConfabUsage *usage = confab_chunk_get_usage (chunk);

    g_assert_nonnull (usage);
    g_assert_true (confab_usage_is_empty (usage));
  }

  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"usage\":{}}");

    g_assert_nonnull (confab_chunk_get_usage (chunk));
    g_assert_true (confab_usage_is_empty (confab_chunk_get_usage (chunk)));
  }

  /* A whole number in floating point is a time still. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"created\":1760032810.0}");

    g_assert_cmpint (confab_chunk_get_created (chunk), ==, 1760032810);
  }

  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"created\":0}");

    g_assert_cmpint (confab_chunk_get_created (chunk), ==, 0);
  }

  /* Only the first choice counts. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"first\"}},"
                                              "{\"index\":1,\"delta\":{\"content\":\"second\"},\"finish_reason\":\"stop\"}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "first");
    g_assert_null (confab_chunk_get_finish_reason (chunk));
  }

  /* A finish reason without a delta. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"index\":0,\"finish_reason\":\"length\"}]}");

    g_assert_cmpstr (confab_chunk_get_finish_reason (chunk), ==, "length");
    g_assert_null (confab_chunk_get_content (chunk));
  }
}

static void
test_not_chunks (void)
{
  static const char * const payloads[] = {
    " ",
    "\n",
    "\t \r\n",
    "[DONE]",
    "not json",
    "{",
    "}",
    "{\"a\":}",
    "{\"a\":1,}x",
    "{\"choices\":[{\"delta\":{\"content\":\"x\"}}]",
    "[]",
    "[{\"id\":\"x\"}]",
    "\"a string\"",
    "42",
    "null",
    "true",
    ": keep-alive",
  };
  g_autoptr(GString) deep = g_string_new ("{\"a\":");

  assert_not_chunk ("", 0);
  assert_not_chunk (NULL, 0);

  for (guint i = 0; i < G_N_ELEMENTS (payloads); i++)
    {
      g_test_message ("%s", payloads[i]);
      assert_not_chunk (payloads[i], strlen (payloads[i]));
    }

  /* A nul byte after the object is not JSON either. */
  assert_not_chunk ("{}\0", 3);

  /* Split in the middle of a character. */
  assert_not_chunk ("{\"content\":\"안", 14);

  /* Nesting so deep that json-glib's recursion would overflow the
   * stack is refused before parsing.
   */
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, ']');
  g_string_append_c (deep, '}');
  assert_not_chunk (deep->str, deep->len);
}

static void
test_nesting (void)
{
  g_autoptr(GString) json = g_string_new ("{\"extra\":");
  g_autoptr(ConfabChunk) chunk = NULL;
  g_autoptr(ConfabChunk) brackets = NULL;

  /* Moderate nesting in members we ignore is fine. */
  for (guint i = 0; i < 24; i++)
    g_string_append (json, "{\"a\":[");
  g_string_append (json, "1");
  for (guint i = 0; i < 24; i++)
    g_string_append (json, "]}");
  g_string_append (json, ",\"choices\":[{\"delta\":{\"content\":\"ok\"}}]}");

  chunk = chunk_new (json->str);
  g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "ok");

  /* Brackets inside strings do not count. */
  g_string_assign (json, "{\"choices\":[{\"delta\":{\"content\":\"");
  for (guint i = 0; i < 1000; i++)
    g_string_append (json, "[{\\\"");
  g_string_append (json, "\"}}]}");

  brackets = chunk_new (json->str);
  g_assert_true (g_str_has_prefix (confab_chunk_get_content (brackets), "[{\"[{\""));
}

static void
assert_split (ConfabChunk     *chunk,
              ConfabChunkText  text,
              gunichar2        expected_low,
              gunichar2        expected_high)
{
  gunichar2 low = 1;
  gunichar2 high = 1;

  confab_chunk_get_split_surrogates (chunk, text, &low, &high);
  g_assert_cmpuint (low, ==, expected_low);
  g_assert_cmpuint (high, ==, expected_high);
}

/* Half a surrogate pair at the edge of a delta's text may be the half of
 * a character a server cut between two chunks: it is kept aside, out of
 * the text, for the stream to join.  Elsewhere it is U+FFFD.
 */
static void
test_split_surrogates (void)
{
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"id\":\"\\ud83d\",\"model\":\"\\udc4bm\","
                                              "\"choices\":[{\"delta\":{\"content\":\"Hi \\uD83D\","
                                              "\"reasoning_content\":\"\\udc4b so \\ud83e\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "Hi ");
    assert_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, 0, 0xD83D);
    g_assert_cmpstr (confab_chunk_get_reasoning (chunk), ==, " so ");
    assert_split (chunk, CONFAB_CHUNK_TEXT_REASONING, 0xDC4B, 0xD83E);
    /* Other strings are not streamed in pieces. */
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, "\xef\xbf\xbd");
    g_assert_cmpstr (confab_chunk_get_model (chunk), ==, "\xef\xbf\xbdm");
  }

  /* Only the halves, in both orders. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"\\udc4b\\ud83d\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "");
    assert_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, 0xDC4B, 0xD83D);
  }

  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"\\ud83d\\udc4b\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "👋");
    assert_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, 0, 0);
  }

  /* Characters of the range the halves are marked with stay as they
   * are; the halves are then U+FFFD.
   */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"\\udc4b\\uf000\xef\x9f\xbf\\ud83d\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "\xef\xbf\xbd\xef\x80\x80\xef\x9f\xbf\xef\xbf\xbd");
    assert_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, 0, 0);
  }

  /* Such a character is seen after a backslash too, where it makes no
   * escape (found by fuzz-chunk): no half is marked then either, and
   * the id reads as it does without marks.
   */
  {
    static const char data[] = "{\"id\":\"a\\\xef\x93\xbd\",\"choices\":[{\"delta\":{\"content\":\"\\udc4bcd\"}}]}";
    g_autoptr(ConfabChunk) chunk = chunk_new (data);
    g_autoptr(JsonNode) root = confab_json_parse (data, strlen (data), NULL);
    g_autoptr(JsonGenerator) generator = json_generator_new ();
    g_autoptr(ConfabChunk) plain = NULL;
    g_autofree char *text = NULL;

    g_assert_nonnull (root);
    json_generator_set_root (generator, root);
    text = json_generator_to_data (generator, NULL);
    plain = chunk_new (text);
    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "\xef\xbf\xbd" "cd");
    assert_split (chunk, CONFAB_CHUNK_TEXT_CONTENT, 0, 0);
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, confab_chunk_get_response_id (plain));
  }
}

static void
test_unicode (void)
{
  /* A backslash that makes no escape: U+FFFD, and the text stays; never
   * an octal byte that is not UTF-8 (found by fuzz-message-json).
   */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"id\":\"x\\666y\",\"choices\":[{\"delta\":{\"content\":\"caf\\351 \\q\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "caf\xef\xbf\xbd" "351 \xef\xbf\xbdq");
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, "x\xef\xbf\xbd" "666y");
  }

  /* Korean and emoji as they are, and as escapes. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"안녕하세요 👋\"}}],"
                                              "\"model\":\"모델\"}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "안녕하세요 👋");
    g_assert_cmpstr (confab_chunk_get_model (chunk), ==, "모델");
  }

  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":\"\\uc548\\ub155 \\ud83d\\udc4b\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "안녕 👋");
  }

  /* A lone surrogate escape is U+FFFD, on every json-glib (1.6 made it
   * bytes that are not UTF-8 and swallowed the next character; 1.10
   * refuses the text).
   */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"id\":\"x\\ud800y\","
                                              "\"choices\":[{\"delta\":{\"content\":\"a\\ud800b\\uDC00c\","
                                              "\"reasoning\":\"\\ud83dz\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "a\xef\xbf\xbd" "b\xef\xbf\xbd" "c");
    g_assert_cmpstr (confab_chunk_get_reasoning (chunk), ==, "\xef\xbf\xbdz");
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, "x\xef\xbf\xbdy");
  }

  /* Escaped backslashes and quotes around surrogates are text. */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"choices\":[{\"delta\":{\"content\":"
                                              "\"\\\\ud83d \\\"\\ud83d\\udc4b\\\\\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "\\ud83d \"👋\\");
  }

  /* An escaped nul is U+FFFD, and the rest of the string stays (it
   * ended at the nul).  An escaped backslash before u0000 is text.
   */
  {
    g_autoptr(ConfabChunk) chunk = chunk_new ("{\"id\":\"x\\u0000y\","
                                              "\"choices\":[{\"delta\":{\"content\":\"a\\u0000b \\\\u0000\\u0000\","
                                              "\"reasoning\":\"\\u0000z\"}}]}");

    g_assert_cmpstr (confab_chunk_get_content (chunk), ==, "a\xef\xbf\xbd" "b \\u0000\xef\xbf\xbd");
    g_assert_cmpstr (confab_chunk_get_reasoning (chunk), ==, "\xef\xbf\xbdz");
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, "x\xef\xbf\xbdy");
  }
}

/* Bytes that are not UTF-8 are U+FFFD, as the event-stream rules decode
 * them: one for each ill-formed sequence, up to the byte where it went
 * wrong, and the text around them stays.  A nul byte is U+FFFD too.
 */
static void
test_not_utf8 (void)
{
  static const struct {
    const char *text;
    const char *expected;
  } texts[] = {
    { "caf\xc3 ok", "caf\xef\xbf\xbd ok" },
    { "a\xff" "b\xfe", "a\xef\xbf\xbd" "b\xef\xbf\xbd" },
    { "\xe2\x82" "x", "\xef\xbf\xbdx" },
    { "\xf0\x9f\x91" "!", "\xef\xbf\xbd!" },
    { "\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd" },
    { "\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" },
    { "\x80 안녕 \xeb\x85", "\xef\xbf\xbd 안녕 \xef\xbf\xbd" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *json = g_strdup_printf ("{\"id\":\"%s\",\"choices\":[{\"delta\":{\"content\":\"%s\","
                                               "\"reasoning\":\"%s\"}}]}",
                                               texts[i].text, texts[i].text, texts[i].text);
      g_autoptr(ConfabChunk) chunk = chunk_new (json);

      g_assert_cmpstr (confab_chunk_get_content (chunk), ==, texts[i].expected);
      g_assert_cmpstr (confab_chunk_get_reasoning (chunk), ==, texts[i].expected);
      g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, texts[i].expected);
    }

  {
    g_autoptr(GError) error = NULL;
    g_autoptr(ConfabChunk) chunk = confab_chunk_new_from_data ("{\"id\":\"a\0b\"}", 12, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (confab_chunk_get_response_id (chunk), ==, "a\xef\xbf\xbd" "b");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chunk/fixture", test_fixture);
  g_test_add_func ("/chunk/properties", test_properties);
  g_test_add_func ("/chunk/full-usage", test_full_usage);
  g_test_add_func ("/chunk/reasoning", test_reasoning);
  g_test_add_func ("/chunk/error-payloads", test_error_payloads);
  g_test_add_func ("/chunk/odd-types", test_odd_types);
  g_test_add_func ("/chunk/not-chunks", test_not_chunks);
  g_test_add_func ("/chunk/nesting", test_nesting);
  g_test_add_func ("/chunk/unicode", test_unicode);
  g_test_add_func ("/chunk/not-utf8", test_not_utf8);
  g_test_add_func ("/chunk/split-surrogates", test_split_surrogates);

  return g_test_run ();
}
