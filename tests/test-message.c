/* test-message.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <string.h>

#include "confab-error.h"
#include "confab-json.h"
#include "confab-message.h"

#include "confab-test-fixtures.h"

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

static ConfabMessage *
message_from_text (const char  *text,
                   GError     **error)
{
  g_autoptr(JsonNode) node = parse_json (text);

  return confab_message_new_from_response (node, error);
}

/* An answer with @message_json as its first choice's message. */
static char *
answer_with_message (const char *message_json,
                     const char *finish_reason_json)
{
  return g_strdup_printf ("{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1760032810,"
                          "\"model\":\"gemini-3.1-pro-preview\",\"choices\":[{\"index\":0,"
                          "\"message\":%s,\"finish_reason\":%s}],"
                          "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2,\"total_tokens\":3}}",
                          message_json, finish_reason_json);
}

static void
assert_seed_message (ConfabMessage *message)
{
  GDateTime *created;
  ConfabUsage *usage;

  g_assert_true (CONFAB_IS_MESSAGE (message));
  g_assert_cmpint (confab_message_get_role (message), ==, CONFAB_ROLE_ASSISTANT);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_null (confab_message_get_error (message));
  g_assert_cmpstr (confab_message_get_content (message), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpstr (confab_message_get_model (message), ==, CONFAB_TEST_SEED_MODEL);
  g_assert_cmpstr (confab_message_get_finish_reason (message), ==, "stop");
  g_assert_cmpstr (confab_message_get_response_id (message), ==, CONFAB_TEST_SEED_ID);

  created = confab_message_get_created (message);
  g_assert_nonnull (created);
  g_assert_cmpint (g_date_time_to_unix (created), ==, CONFAB_TEST_SEED_CREATED);

  usage = confab_message_get_usage (message);
  g_assert_true (CONFAB_IS_USAGE (usage));
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION), ==, 1891);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_CACHED), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_TEXT), ==, 13);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_PROMPT_IMAGE), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_TEXT), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_COMPLETION_AUDIO), ==, 0);
  g_assert_cmpint (confab_usage_get_field (usage, CONFAB_USAGE_FIELD_REASONING), ==, 1480);
}

static void
test_new (void)
{
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_USER, "Hello, introduce yourself");
  g_autoptr(ConfabMessage) empty = confab_message_new (CONFAB_ROLE_SYSTEM, NULL);

  g_assert_cmpint (confab_message_get_role (message), ==, CONFAB_ROLE_USER);
  g_assert_cmpstr (confab_message_get_content (message), ==, "Hello, introduce yourself");
  g_assert_null (confab_message_get_error (message));

  g_assert_cmpint (confab_message_get_role (empty), ==, CONFAB_ROLE_SYSTEM);

  g_assert_cmpstr (confab_role_to_string (CONFAB_ROLE_SYSTEM), ==, "system");
  g_assert_cmpstr (confab_role_to_string (CONFAB_ROLE_USER), ==, "user");
  g_assert_cmpstr (confab_role_to_string (CONFAB_ROLE_ASSISTANT), ==, "assistant");
}

static void
test_seed (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabMessage) message = message_from_text (CONFAB_TEST_SEED_RESPONSE, &error);

  g_assert_no_error (error);
  assert_seed_message (message);
}

/* Members we do not know, in every object of the answer, change nothing. */
static void
test_unknown_members (void)
{
  static const char *text =
    "{\"id\":\"chatcmpl-20251010015944503180122WJNB8Eid\",\"model\":\"gemini-3.1-pro-preview\","
    "\"object\":\"chat.completion\",\"created\":1760032810,\"system_fingerprint\":\"fp_1\","
    "\"service_tier\":null,\"provider\":{\"name\":\"x\",\"ids\":[1,2]},\"error\":null,"
    "\"choices\":[{\"index\":0,\"logprobs\":null,\"native_finish_reason\":\"STOP\","
    "\"message\":{\"role\":\"assistant\",\"refusal\":null,\"annotations\":[],\"reasoning_content\":null,"
    "\"content\":\"Note: This is sample code!\\n\\nHello! I'm pleased to introduce myself.\\n\\n"
    "I'm a Large Language Model, trained and developed by Google...\"},"
    "\"finish_reason\":\"stop\"},"
    "{\"index\":1,\"message\":{\"role\":\"assistant\",\"content\":\"second choice\"},\"finish_reason\":\"length\"}],"
    "\"usage\":" CONFAB_TEST_SEED_USAGE "}";
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabMessage) message = message_from_text (text, &error);

  g_assert_no_error (error);
  assert_seed_message (message);
}

static void
test_unicode (void)
{
  /* Raw UTF-8 and \u escapes, with surrogate pairs, a ZWJ sequence and a
   * flag, come out byte for byte.
   */
  static const char *expected = "안녕하세요 👋\n저는 Gemini입니다. 👩‍💻 🇰🇷 «ok» — \"quoted\" \\ tab\tend";
  g_autofree char *raw = answer_with_message ("{\"role\":\"assistant\",\"content\":"
                                              "\"안녕하세요 👋\\n저는 Gemini입니다. 👩‍💻 🇰🇷 «ok» — \\\"quoted\\\" \\\\ tab\\tend\"}",
                                              "\"stop\"");
  g_autofree char *escaped = answer_with_message ("{\"role\":\"assistant\",\"content\":"
                                                  "\"\\uc548\\ub155\\ud558\\uc138\\uc694 \\ud83d\\udc4b\\n"
                                                  "\\uc800\\ub294 Gemini\\uc785\\ub2c8\\ub2e4. "
                                                  "\\ud83d\\udc69\\u200d\\ud83d\\udcbb \\ud83c\\uddf0\\ud83c\\uddf7 "
                                                  "\\u00abok\\u00bb \\u2014 \\\"quoted\\\" \\\\ tab\\tend\"}",
                                                  "\"stop\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabMessage) from_raw = message_from_text (raw, &error);
  g_autoptr(ConfabMessage) from_escaped = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (from_raw), ==, expected);

  from_escaped = message_from_text (escaped, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (from_escaped), ==, expected);
}

/* A `\u` without four hex digits is U+FFFD and the text after it stays;
 * json-glib 1.6 took that text for digits (found by fuzz-message-json).
 */
static void
test_short_unicode_escape (void)
{
  static const char text[] = "{\"id\":\"a\\ud\xc3\xa9\","
                             "\"choices\":[{\"message\":{\"content\":"
                             "\"x\\ud\\u00e9 \\uzz \\u4e\xe4\xb8\x80 \\u\"}}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = confab_json_parse (text, strlen (text), &error);
  g_autoptr(ConfabMessage) message = NULL;

  g_assert_no_error (error);
  message = confab_message_new_from_response (node, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_response_id (message), ==, "a\xef\xbf\xbd\xc3\xa9");
  g_assert_cmpstr (confab_message_get_content (message), ==,
                   "x\xef\xbf\xbd\xc3\xa9 \xef\xbf\xbdzz \xef\xbf\xbd\xe4\xb8\x80 \xef\xbf\xbd");
}

/* Every text of an answer is UTF-8, even where json-glib lets through
 * bytes that are not: here a lone surrogate escape in the id, after
 * what json-glib 1.6 skips as a comment (found by fuzz-message-json).
 */
static void
test_invalid_id (void)
{
  static const char text[] = "{\n  \"id\": /\0 \377\377s\": [\n   /\"chatc\\ud82df4b\\\\ucud82d\\ufc2m-omion\",\n"
                             "  \"model\": \"m\\ud82dx\", \"choices\": [{\"message\": {\"content\": \"x\"},"
                             " \"finish_reason\": \"s\\ud82dx\"}]}";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = confab_json_parse (text, sizeof text - 1, &error);
  g_autoptr(ConfabMessage) message = NULL;

  /* json-glib 1.10 lets nothing of it through: it refuses the text. */
#if JSON_CHECK_VERSION (1, 10, 0)
  if (node == NULL)
    {
      g_assert_nonnull (error);
      g_test_message ("json-glib refuses it: %s", error->message);
      return;
    }
#endif
  g_assert_no_error (error);
  g_assert_nonnull (node);
  message = confab_message_new_from_response (node, &error);
  g_assert_no_error (error);
  g_assert_true (g_utf8_validate (confab_message_get_response_id (message), -1, NULL));
  if (confab_message_get_model (message) != NULL)
    g_assert_true (g_utf8_validate (confab_message_get_model (message), -1, NULL));
  if (confab_message_get_finish_reason (message) != NULL)
    g_assert_true (g_utf8_validate (confab_message_get_finish_reason (message), -1, NULL));
}

/* Whatever is not an answer is an error in CONFAB_CLIENT_ERROR, never a
 * crash or a warning.
 */
static void
test_invalid (void)
{
  static const char *texts[] = {
    "[]",
    "[" CONFAB_TEST_SEED_RESPONSE "]",
    "\"chat.completion\"",
    "42",
    "true",
    "null",
    "{}",
    "{\"id\":\"chatcmpl-1\",\"model\":\"m\",\"created\":1760032810}",
    "{\"choices\":null}",
    "{\"choices\":{}}",
    "{\"choices\":{\"0\":{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}}}",
    "{\"choices\":\"hi\"}",
    "{\"choices\":42}",
    "{\"choices\":[]}",
    "{\"choices\":[],\"usage\":{\"prompt_tokens\":13}}",
    "{\"choices\":[null]}",
    "{\"choices\":[42]}",
    "{\"choices\":[\"hi\"]}",
    "{\"choices\":[[]]}",
    "{\"choices\":[{}]}",
    "{\"choices\":[{\"finish_reason\":\"stop\"}]}",
    "{\"choices\":[{\"message\":null}]}",
    "{\"choices\":[{\"message\":\"hi\"}]}",
    "{\"choices\":[{\"message\":[\"hi\"]}]}",
    "{\"choices\":[{\"delta\":{\"content\":\"hi\"}}]}",
    "{\"error\":{\"message\":\"Upstream model service unavailable\",\"type\":\"server_error\"}}",
    CONFAB_TEST_ERROR_401_BODY,
  };

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConfabMessage) message = NULL;

      g_test_message ("Answer: %s", texts[i]);

      message = message_from_text (texts[i], &error);
      g_assert_null (message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
      g_assert_nonnull (error->message);
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* A message whose content is null or not a string: an error, or a
 * message with some content; never a crash, a warning or a NULL content.
 */
static void
test_odd_content (void)
{
  static const char *messages[] = {
    "{\"role\":\"assistant\",\"content\":null}",
    "{\"role\":\"assistant\"}",
    "{\"role\":\"assistant\",\"content\":42}",
    "{\"role\":\"assistant\",\"content\":13.5}",
    "{\"role\":\"assistant\",\"content\":true}",
    "{\"role\":\"assistant\",\"content\":{}}",
    "{\"role\":\"assistant\",\"content\":{\"text\":\"hi\"}}",
    "{\"role\":\"assistant\",\"content\":[]}",
    "{\"role\":\"assistant\",\"content\":[null, 42, \"hi\", {\"type\":\"image_url\"}]}",
    "{\"content\":\"no role\"}",
    "{\"role\":42,\"content\":\"odd role\"}",
    "{\"role\":\"user\",\"content\":\"wrong role\"}",
    "{}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autofree char *text = answer_with_message (messages[i], "\"stop\"");
      g_autoptr(GError) error = NULL;
      g_autoptr(ConfabMessage) message = NULL;

      g_test_message ("Message: %s", messages[i]);

      message = message_from_text (text, &error);
      if (message == NULL)
        {
          g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
        }
      else
        {
          g_assert_no_error (error);
          g_assert_nonnull (confab_message_get_content (message));
          g_assert_true (g_utf8_validate (confab_message_get_content (message), -1, NULL));
          g_assert_cmpint (confab_message_get_role (message), ==, CONFAB_ROLE_ASSISTANT);
        }
    }
}

/* Content given as text parts, as some gateways do. */
static void
test_content_parts (void)
{
  g_autofree char *text = answer_with_message ("{\"role\":\"assistant\",\"content\":["
                                               "{\"type\":\"text\",\"text\":\"Hel\"},"
                                               "{\"type\":\"text\",\"text\":\"lo\"}]}",
                                               "\"stop\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabMessage) message = message_from_text (text, &error);

  if (message == NULL)
    g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE);
  else
    g_assert_cmpstr (confab_message_get_content (message), ==, "Hello");
}

/* finish_reason "length" may come with no text at all: thinking used up
 * the budget.  That is an answer to show, not a broken response.
 */
static void
test_empty_length (void)
{
  g_autofree char *text = answer_with_message ("{\"role\":\"assistant\",\"content\":\"\"}", "\"length\"");
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabMessage) message = message_from_text (text, &error);

  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (message), ==, "");
  g_assert_cmpstr (confab_message_get_finish_reason (message), ==, "length");
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_COMPLETE);
}

/* The optional members of an answer, missing or of the wrong type. */
static void
test_odd_members (void)
{
  static const char *answers[] = {
    "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}",
    "{\"id\":null,\"model\":null,\"created\":null,\"usage\":null,"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":null}]}",
    "{\"id\":42,\"model\":[],\"created\":\"yesterday\",\"usage\":\"lots\","
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":7}]}",
    "{\"id\":{},\"model\":true,\"created\":1760032810.5,\"usage\":[],"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":{}}]}",
    "{\"created\":-1,\"usage\":{\"prompt_tokens\":\"13\"},"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}",
    "{\"created\":99999999999999999999,"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}",
    "{\"created\":9223372036854775807,"
    "\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"hi\"}}]}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (answers); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(ConfabMessage) message = NULL;
      ConfabUsage *usage;

      g_test_message ("Answer: %s", answers[i]);

      message = message_from_text (answers[i], &error);
      g_assert_no_error (error);
      g_assert_cmpstr (confab_message_get_content (message), ==, "hi");
      g_assert_null (confab_message_get_response_id (message));
      g_assert_null (confab_message_get_model (message));
      g_assert_null (confab_message_get_finish_reason (message));

      usage = confab_message_get_usage (message);
      g_assert_true (usage == NULL || confab_usage_is_empty (usage));
    }
}

static void
test_fail (void)
{
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_ASSISTANT, "partial");
  g_autoptr(GError) error = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER, "boom");
  g_autoptr(GError) cancelled = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "cancelled");

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_PENDING);
  confab_message_fail (message, error);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_error (confab_message_get_error (message), CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER);
  g_assert_cmpstr (confab_message_get_content (message), ==, "partial");

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_PENDING);
  confab_message_fail (message, cancelled);
  g_assert_cmpint (confab_message_get_state (message), ==, CONFAB_MESSAGE_STATE_CANCELLED);
}

/* The pending message takes the answer, but keeps its own time: the
 * history dates it by this computer's clock, not the server's.
 */
static void
test_update_from (void)
{
  g_autoptr(ConfabMessage) pending = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) asked = g_date_time_new_from_unix_utc (CONFAB_TEST_SEED_CREATED + 3600);

  confab_message_set_state (pending, CONFAB_MESSAGE_STATE_PENDING);
  confab_message_set_created (pending, asked);
  answer = message_from_text (CONFAB_TEST_SEED_RESPONSE, &error);
  g_assert_no_error (error);

  confab_message_update_from (pending, answer);
  g_assert_true (g_date_time_equal (confab_message_get_created (pending), asked));
  confab_message_set_created (pending, confab_message_get_created (answer));
  assert_seed_message (pending);
}

/* The content of a long answer is shared, not copied: by the bytes
 * that the view and the store's writer take, and by the pending message
 * the answer goes into.  Changing one of them copies it first; the
 * others keep what they had.
 */
static void
test_content_shared (void)
{
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(ConfabMessage) pending = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *original = NULL;
  const char *data;
  gsize size;
  guint epoch;

  while (text->len < 200 * 1024)
    g_string_append (text, "A long answer, é 漢字 🎉, ");
  confab_message_set_content (answer, text->str);
  original = g_strdup (text->str);

  bytes = confab_message_dup_content_bytes (answer);
  data = g_bytes_get_data (bytes, &size);
  g_assert_cmpuint (size, ==, text->len);
  g_assert_cmpint (data[size], ==, '\0');
  g_assert_true (confab_message_get_content (answer) == data);
  g_assert_cmpuint (confab_message_get_content_length (answer), ==, size);
  again = confab_message_dup_content_bytes (answer);
  g_assert_true (g_bytes_get_data (again, NULL) == data);

  epoch = confab_message_get_text_epoch (pending);
  confab_message_update_from (pending, answer);
  g_assert_true (confab_message_get_content (pending) == data);
  g_assert_cmpuint (confab_message_get_content_length (pending), ==, size);
  g_assert_cmpuint (confab_message_get_text_epoch (pending), !=, epoch);

  /* The same content again changes nothing. */
  epoch = confab_message_get_text_epoch (pending);
  confab_message_set_content_from (pending, answer);
  g_assert_cmpuint (confab_message_get_text_epoch (pending), ==, epoch);

  confab_message_append_delta (answer, "and more.", NULL);
  g_assert_true (confab_message_get_content (answer) != data);
  g_assert_true (g_str_has_suffix (confab_message_get_content (answer), ", and more."));
  g_assert_cmpuint (confab_message_get_content_length (answer), ==, size + strlen ("and more."));
  g_assert_true (confab_message_get_content (pending) == data);
  g_assert_cmpstr (data, ==, original);

  confab_message_set_content (pending, "Short.");
  g_assert_cmpstr (confab_message_get_content (pending), ==, "Short.");
  g_assert_cmpuint (confab_message_get_content_length (pending), ==, strlen ("Short."));
  g_assert_cmpstr (g_bytes_get_data (bytes, NULL), ==, original);

  /* An empty content, as a pending answer's that the store's writer
   * takes, is an empty string.
   */
  {
    g_autoptr(ConfabMessage) empty = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
    g_autoptr(GBytes) none = confab_message_dup_content_bytes (empty);

    g_assert_cmpuint (g_bytes_get_size (none), ==, 0);
    confab_message_set_content_from (pending, empty);
    g_assert_cmpstr (confab_message_get_content (pending), ==, "");
    g_assert_cmpuint (confab_message_get_content_length (pending), ==, 0);
    g_assert_cmpstr (confab_message_get_content (empty), ==, "");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/message/new", test_new);
  g_test_add_func ("/message/seed", test_seed);
  g_test_add_func ("/message/unknown-members", test_unknown_members);
  g_test_add_func ("/message/unicode", test_unicode);
  g_test_add_func ("/message/short-unicode-escape", test_short_unicode_escape);
  g_test_add_func ("/message/invalid-id", test_invalid_id);
  g_test_add_func ("/message/invalid", test_invalid);
  g_test_add_func ("/message/odd-content", test_odd_content);
  g_test_add_func ("/message/content-parts", test_content_parts);
  g_test_add_func ("/message/empty-length", test_empty_length);
  g_test_add_func ("/message/odd-members", test_odd_members);
  g_test_add_func ("/message/fail", test_fail);
  g_test_add_func ("/message/update-from", test_update_from);
  g_test_add_func ("/message/content-shared", test_content_shared);

  return g_test_run ();
}
