/* test-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "confab-error.h"
#include "confab-message.h"
#include "confab-request.h"

static ConfabMessage *
message_new (ConfabRole          role,
             const char         *content,
             ConfabMessageState  state)
{
  ConfabMessage *message = confab_message_new (role, content);

  confab_message_set_state (message, state);

  return message;
}

static void
history_add (GListStore         *history,
             ConfabRole          role,
             const char         *content,
             ConfabMessageState  state)
{
  g_autoptr(ConfabMessage) message = message_new (role, content, state);

  g_list_store_append (history, message);
}

/* Serializes @node and parses it back, as the server would see it. */
static JsonNode *
round_trip (JsonNode *node)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *text = json_to_string (node, FALSE);

  g_assert_true (g_utf8_validate (text, -1, NULL));
  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

/* Checks that @body holds @model and exactly @expected, a NULL-terminated
 * list of role, content pairs.
 */
static void
assert_body (JsonNode    *body,
             const char  *model,
             const char **expected)
{
  g_autoptr(JsonNode) node = round_trip (body);
  g_autoptr(JsonReader) reader = json_reader_new (node);
  guint n_expected = g_strv_length ((char **) expected) / 2;

  g_assert_true (json_reader_is_object (reader));

  g_assert_true (json_reader_read_member (reader, "model"));
  g_assert_cmpstr (json_reader_get_string_value (reader), ==, model);
  json_reader_end_member (reader);

  /* No streaming yet: if the key is there, it says no. */
  if (json_reader_read_member (reader, "stream"))
    g_assert_false (json_reader_get_boolean_value (reader));
  json_reader_end_member (reader);

  g_assert_true (json_reader_read_member (reader, "messages"));
  g_assert_true (json_reader_is_array (reader));
  g_assert_cmpint (json_reader_count_elements (reader), ==, n_expected);

  for (guint i = 0; i < n_expected; i++)
    {
      g_assert_true (json_reader_read_element (reader, i));
      g_assert_true (json_reader_is_object (reader));
      g_assert_cmpint (json_reader_count_members (reader), ==, 2);

      g_assert_true (json_reader_read_member (reader, "role"));
      g_assert_cmpstr (json_reader_get_string_value (reader), ==, expected[2 * i]);
      json_reader_end_member (reader);

      g_assert_true (json_reader_read_member (reader, "content"));
      g_assert_cmpstr (json_reader_get_string_value (reader), ==, expected[2 * i + 1]);
      json_reader_end_member (reader);

      json_reader_end_element (reader);
    }

  json_reader_end_member (reader);
  g_assert_null (json_reader_get_error (reader));
}

static void
test_body_history (void)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(JsonNode) body = NULL;
  const char *expected[] = {
    "system", "You are terse.",
    "user", "Hello, introduce yourself",
    "assistant", "I'm a Large Language Model.",
    "user", "안녕하세요 👋\n\"quoted\" \\ and\ttab",
    NULL
  };

  history_add (history, CONFAB_ROLE_USER, "Hello, introduce yourself", CONFAB_MESSAGE_STATE_COMPLETE);
  history_add (history, CONFAB_ROLE_ASSISTANT, "I'm a Large Language Model.", CONFAB_MESSAGE_STATE_COMPLETE);
  history_add (history, CONFAB_ROLE_ASSISTANT, "half an answer", CONFAB_MESSAGE_STATE_FAILED);
  history_add (history, CONFAB_ROLE_ASSISTANT, "", CONFAB_MESSAGE_STATE_CANCELLED);
  history_add (history, CONFAB_ROLE_USER, "안녕하세요 👋\n\"quoted\" \\ and\ttab", CONFAB_MESSAGE_STATE_COMPLETE);
  history_add (history, CONFAB_ROLE_ASSISTANT, "", CONFAB_MESSAGE_STATE_PENDING);

  body = confab_request_build_body ("gemini-3.1-pro-preview", "You are terse.", G_LIST_MODEL (history));
  g_assert_nonnull (body);
  assert_body (body, "gemini-3.1-pro-preview", expected);
}

static void
test_body_no_system_prompt (void)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(JsonNode) with_null = NULL;
  g_autoptr(JsonNode) with_empty = NULL;
  const char *expected[] = {
    "user", "Hello",
    NULL
  };

  history_add (history, CONFAB_ROLE_USER, "Hello", CONFAB_MESSAGE_STATE_COMPLETE);

  with_null = confab_request_build_body ("m", NULL, G_LIST_MODEL (history));
  assert_body (with_null, "m", expected);

  with_empty = confab_request_build_body ("m", "", G_LIST_MODEL (history));
  assert_body (with_empty, "m", expected);
}

static void
test_body_only_system_prompt (void)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) empty = NULL;
  const char *expected[] = {
    "system", "Be brief.",
    NULL
  };
  const char *nothing[] = { NULL };

  history_add (history, CONFAB_ROLE_ASSISTANT, "", CONFAB_MESSAGE_STATE_PENDING);

  body = confab_request_build_body ("m", "Be brief.", G_LIST_MODEL (history));
  assert_body (body, "m", expected);

  empty = confab_request_build_body ("m", NULL, G_LIST_MODEL (history));
  assert_body (empty, "m", nothing);
}

typedef struct
{
  const char *base_url;
  const char *path;
  const char *expected;
} UriCase;

static void
test_uri_valid (void)
{
  static const UriCase cases[] = {
    { "https://api.evolink.ai/v1", "chat/completions", "https://api.evolink.ai/v1/chat/completions" },
    { "https://api.evolink.ai/v1/", "chat/completions", "https://api.evolink.ai/v1/chat/completions" },
    { "https://direct.evolink.ai/v1", "models", "https://direct.evolink.ai/v1/models" },
    { "https://api.example.com:8443/openai/v1", "chat/completions", "https://api.example.com:8443/openai/v1/chat/completions" },
    { "https://api.example.com", "chat/completions", "https://api.example.com/chat/completions" },
    { "http://127.0.0.1:8080/v1", "chat/completions", "http://127.0.0.1:8080/v1/chat/completions" },
    { "http://127.0.0.1:8080/v1/", "chat/completions", "http://127.0.0.1:8080/v1/chat/completions" },
    { "http://127.1.2.3:8080/v1", "chat/completions", "http://127.1.2.3:8080/v1/chat/completions" },
    { "http://localhost:11434/v1", "chat/completions", "http://localhost:11434/v1/chat/completions" },
    { "http://localhost/v1", "chat/completions", "http://localhost/v1/chat/completions" },
    { "http://[::1]:8080/v1", "chat/completions", "http://[::1]:8080/v1/chat/completions" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;
      g_autofree char *text = NULL;

      g_test_message ("Base URL: %s", cases[i].base_url);

      uri = confab_request_build_uri (cases[i].base_url, cases[i].path, &error);
      g_assert_no_error (error);
      g_assert_nonnull (uri);

      text = g_uri_to_string (uri);
      g_assert_cmpstr (text, ==, cases[i].expected);
    }
}

static void
test_uri_insecure (void)
{
  static const char *urls[] = {
    "http://example.com",
    "http://example.com/v1",
    "http://api.evolink.ai/v1",
    "http://192.168.1.10:8080/v1",
    "http://10.0.0.1/v1",
    "http://localhost.example.com/v1",
    "http://127.0.0.1.nip.io/v1",
    "http://[2001:db8::1]/v1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;

      g_test_message ("Base URL: %s", urls[i]);

      uri = confab_request_build_uri (urls[i], "chat/completions", &error);
      g_assert_null (uri);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL);
      g_assert_cmpstr (error->message, !=, "");
    }
}

static void
test_uri_invalid (void)
{
  static const char *urls[] = {
    "",
    "garbage",
    "not a url at all",
    "api.evolink.ai/v1",
    "ftp://example.com/v1",
    "file:///etc/passwd",
    "ws://localhost/v1",
    "https://",
    "https:///v1",
    "http://",
  };

  for (guint i = 0; i < G_N_ELEMENTS (urls); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) uri = NULL;

      g_test_message ("Base URL: “%s”", urls[i]);

      uri = confab_request_build_uri (urls[i], "chat/completions", &error);
      g_assert_null (uri);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL);
      g_assert_cmpstr (error->message, !=, "");
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/request/body/history", test_body_history);
  g_test_add_func ("/request/body/no-system-prompt", test_body_no_system_prompt);
  g_test_add_func ("/request/body/only-system-prompt", test_body_only_system_prompt);
  g_test_add_func ("/request/uri/valid", test_uri_valid);
  g_test_add_func ("/request/uri/insecure", test_uri_insecure);
  g_test_add_func ("/request/uri/invalid", test_uri_invalid);

  return g_test_run ();
}
