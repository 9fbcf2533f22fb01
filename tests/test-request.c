/* test-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "confab-error.h"
#include "confab-message.h"
#include "confab-request.h"
#include "confab-store.h"

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

/* What became of an answer, as the tests below write it. */
typedef enum
{
  ANSWER_COMPLETE,
  ANSWER_FAILED,
  ANSWER_FAILED_WITH_TEXT,
  ANSWER_STOPPED_WITH_TEXT,
  ANSWER_STOPPED_EMPTY,
  ANSWER_INTERRUPTED_WITH_TEXT,
  ANSWER_INTERRUPTED_EMPTY,
  ANSWER_REASONING_ONLY,
  ANSWER_BLANK,
  ANSWER_PENDING,
  N_ANSWER_KINDS
} AnswerKind;

/* Whether an answer of each kind is part of what was said, as the README
 * says: complete, stopped or interrupted with text.
 */
static const gboolean answer_is_context[N_ANSWER_KINDS] = {
  [ANSWER_COMPLETE] = TRUE,
  [ANSWER_STOPPED_WITH_TEXT] = TRUE,
  [ANSWER_INTERRUPTED_WITH_TEXT] = TRUE,
};

static void
history_add_answer (GListStore *history,
                    AnswerKind  kind,
                    const char *text)
{
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GError) failure = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER, "Bad gateway");
  g_autoptr(GError) interruption = g_error_new_literal (CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED, "Stopped");

  switch (kind)
    {
    case ANSWER_COMPLETE:
      confab_message_set_content (answer, text);
      confab_message_set_reasoning (answer, "Thinking it over.");
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
      break;

    case ANSWER_FAILED:
      confab_message_fail (answer, failure);
      break;

    case ANSWER_FAILED_WITH_TEXT:
      confab_message_set_content (answer, text);
      confab_message_fail (answer, failure);
      break;

    case ANSWER_STOPPED_WITH_TEXT:
      confab_message_set_content (answer, text);
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_CANCELLED);
      break;

    case ANSWER_STOPPED_EMPTY:
      confab_message_set_reasoning (answer, "Let me");
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_CANCELLED);
      break;

    case ANSWER_INTERRUPTED_WITH_TEXT:
      confab_message_set_content (answer, text);
      confab_message_fail (answer, interruption);
      break;

    case ANSWER_INTERRUPTED_EMPTY:
      confab_message_fail (answer, interruption);
      break;

    case ANSWER_REASONING_ONLY:
      confab_message_set_reasoning (answer, "All of it went into thinking.");
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
      break;

    case ANSWER_BLANK:
      confab_message_set_content (answer, " \n\u3000\t");
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_COMPLETE);
      break;

    case ANSWER_PENDING:
    default:
      confab_message_set_content (answer, text);
      confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
      break;
    }

  g_list_store_append (history, answer);
}

/* Checks that @body is a conversation a strict chat template accepts:
 * the system prompt first when there is one, then user and assistant
 * turns that alternate, beginning and ending with the user's, and no
 * empty assistant turn.  Returns the turns after the system prompt as
 * role, content pairs.
 */
static GStrv
assert_valid_conversation (JsonNode   *body,
                           const char *system_prompt)
{
  g_autoptr(JsonNode) node = round_trip (body);
  g_autoptr(GStrvBuilder) turns = g_strv_builder_new ();
  JsonArray *messages = json_object_get_array_member (json_node_get_object (node), "messages");
  guint n_messages = json_array_get_length (messages);
  guint first = 0;

  if (system_prompt != NULL && *system_prompt != '\0')
    {
      JsonObject *system = json_array_get_object_element (messages, 0);

      g_assert_cmpstr (json_object_get_string_member (system, "role"), ==, "system");
      g_assert_cmpstr (json_object_get_string_member (system, "content"), ==, system_prompt);
      first = 1;
    }

  g_assert_cmpuint (n_messages, >, first);
  g_assert_cmpuint ((n_messages - first) % 2, ==, 1);

  for (guint i = first; i < n_messages; i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);
      const char *role = json_object_get_string_member (message, "role");
      const char *content = json_object_get_string_member (message, "content");
      g_autofree char *stripped = g_strstrip (g_strdup (content));

      g_assert_cmpstr (role, ==, (i - first) % 2 == 0 ? "user" : "assistant");
      g_assert_nonnull (content);
      g_assert_cmpstr (stripped, !=, "");

      g_strv_builder_add (turns, role);
      g_strv_builder_add (turns, content);
    }

  return g_strv_builder_end (turns);
}

/* Every way three earlier answers can have ended, with and without a
 * system prompt, and the last prompt with or without its pending answer:
 * the request is always a valid conversation, holding exactly the
 * exchanges whose answer is context, and the last prompt.
 */
static void
test_body_every_combination (void)
{
  const char *system_prompts[] = { NULL, "", "You are terse." };
  guint n_combinations = N_ANSWER_KINDS * N_ANSWER_KINDS * N_ANSWER_KINDS;

  for (guint combination = 0; combination < n_combinations; combination++)
    for (guint s = 0; s < G_N_ELEMENTS (system_prompts); s++)
      for (guint pending = 0; pending < 2; pending++)
        {
          g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
          g_autoptr(GStrvBuilder) expected_builder = g_strv_builder_new ();
          g_auto(GStrv) expected = NULL;
          g_auto(GStrv) turns = NULL;
          g_autoptr(JsonNode) body = NULL;
          AnswerKind kinds[3];
          guint rest = combination;

          for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
            {
              g_autofree char *prompt = g_strdup_printf ("Prompt %u", i);
              g_autofree char *answer = g_strdup_printf ("Answer %u", i);

              kinds[i] = rest % N_ANSWER_KINDS;
              rest /= N_ANSWER_KINDS;

              history_add (history, CONFAB_ROLE_USER, prompt, CONFAB_MESSAGE_STATE_COMPLETE);
              history_add_answer (history, kinds[i], answer);

              if (answer_is_context[kinds[i]])
                {
                  g_strv_builder_add_many (expected_builder,
                                           "user", prompt,
                                           "assistant", answer,
                                           NULL);
                }
            }

          history_add (history, CONFAB_ROLE_USER, "Last prompt", CONFAB_MESSAGE_STATE_COMPLETE);
          g_strv_builder_add_many (expected_builder, "user", "Last prompt", NULL);
          if (pending)
            history_add_answer (history, ANSWER_PENDING, "The answer so f");
          expected = g_strv_builder_end (expected_builder);

          if (g_test_verbose ())
            g_test_message ("Answers %d, %d, %d; system prompt %s; %s",
                            kinds[0], kinds[1], kinds[2],
                            system_prompts[s] ? system_prompts[s] : "(none)",
                            pending ? "pending" : "no answer yet");

          body = confab_request_build_body ("m", system_prompts[s], G_LIST_MODEL (history));
          turns = assert_valid_conversation (body, system_prompts[s]);
          g_assert_cmpstrv (turns, expected);
        }
}

/* Histories that are not a simple run of exchanges still make a valid
 * conversation.
 */
static void
test_body_odd_histories (void)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) stopped = NULL;
  g_autoptr(JsonNode) failed = NULL;
  const char *expected[] = {
    "user", "Answered",
    "assistant", "The second answer",
    "user", "Last prompt",
    NULL
  };

  /* An answer to nothing. */
  history_add_answer (history, ANSWER_COMPLETE, "An answer before any prompt");
  /* A prompt that never got an answer. */
  history_add (history, CONFAB_ROLE_USER, "Never answered", CONFAB_MESSAGE_STATE_COMPLETE);
  /* A prompt with several answers: the last one said is sent. */
  history_add (history, CONFAB_ROLE_USER, "Answered", CONFAB_MESSAGE_STATE_COMPLETE);
  history_add_answer (history, ANSWER_COMPLETE, "The first answer");
  history_add_answer (history, ANSWER_STOPPED_WITH_TEXT, "The second answer");
  history_add_answer (history, ANSWER_FAILED, NULL);
  /* A system message in the history: the system prompt is the argument. */
  history_add (history, CONFAB_ROLE_SYSTEM, "Be verbose.", CONFAB_MESSAGE_STATE_COMPLETE);
  history_add (history, CONFAB_ROLE_USER, "Last prompt", CONFAB_MESSAGE_STATE_COMPLETE);

  body = confab_request_build_body ("m", NULL, G_LIST_MODEL (history));
  assert_body (body, "m", expected);

  /* The last prompt is the question, whatever became of an answer to it
   * that is in the history too.
   */
  history_add_answer (history, ANSWER_STOPPED_EMPTY, NULL);
  stopped = confab_request_build_body ("m", NULL, G_LIST_MODEL (history));
  assert_body (stopped, "m", expected);

  g_list_store_remove (history, g_list_model_get_n_items (G_LIST_MODEL (history)) - 1);
  history_add_answer (history, ANSWER_FAILED, NULL);
  failed = confab_request_build_body ("m", NULL, G_LIST_MODEL (history));
  assert_body (failed, "m", expected);
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

/* Servers on the home network: plain http once the person allowed the
 * host, and only such a host.  Only the rule is checked: nothing here
 * connects anywhere.
 */
static void
test_uri_home_network (void)
{
  static const char *home[] = {
    "http://192.168.1.10:11434/v1",
    "http://192.168.0.1/v1",
    "http://10.0.0.1/v1",
    "http://10.255.255.254:8080/v1",
    "http://172.16.0.5/v1",
    "http://172.31.255.1/v1",
    "http://169.254.10.20/v1",
    "http://[fd12:3456:789a::1]:11434/v1",
    "http://[fc00::5]/v1",
    "http://[fe80::1]/v1",
    "http://ollama.local:11434/v1",
    "http://Desktop.LOCAL/v1",
    "http://desktop.local./v1",
  };
  static const char *elsewhere[] = {
    "http://172.15.0.1/v1",
    "http://172.32.0.1/v1",
    "http://192.169.1.10/v1",
    "http://11.0.0.1/v1",
    "http://8.8.8.8/v1",
    "http://[2001:db8::1]/v1",
    "http://[fec0::1]/v1",
    "http://local/v1",
    "http://.local/v1",
    "http://example.local.com/v1",
    "http://example.com/v1",
    "http://localhost.example.com/v1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (home); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) base = g_uri_parse (home[i], G_URI_FLAGS_ENCODED, NULL);
      g_autoptr(GUri) uri = NULL;
      const char *allowed[] = { NULL, NULL };
      g_autofree char *expected = NULL;
      g_autofree char *text = NULL;

      g_test_message ("Home network: %s", home[i]);
      g_assert_true (confab_request_uri_is_home_network (base));

      /* Not allowed yet: refused, and told it can be. */
      uri = confab_request_build_uri (home[i], "chat/completions", &error);
      g_assert_null (uri);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_UNCONFIRMED_URL);
      g_assert_nonnull (strstr (error->message, g_uri_get_host (base)));
      g_clear_error (&error);

      /* Another host allowed changes nothing for this one. */
      allowed[0] = "192.168.77.77";
      uri = confab_request_build_uri_full (home[i], "chat/completions", allowed, &error);
      g_assert_null (uri);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_UNCONFIRMED_URL);
      g_clear_error (&error);

      /* Allowed: the URI below it. */
      allowed[0] = g_uri_get_host (base);
      uri = confab_request_build_uri_full (home[i], "chat/completions", allowed, &error);
      g_assert_no_error (error);
      g_assert_nonnull (uri);
      text = g_uri_to_string (uri);
      expected = g_strconcat (home[i], "/chat/completions", NULL);
      g_assert_cmpstr (text, ==, expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (elsewhere); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GUri) base = g_uri_parse (elsewhere[i], G_URI_FLAGS_ENCODED, NULL);
      g_autoptr(GUri) uri = NULL;
      const char *allowed[] = { NULL, NULL };

      g_test_message ("Elsewhere: %s", elsewhere[i]);
      g_assert_nonnull (base);
      g_assert_false (confab_request_uri_is_home_network (base));

      /* Listed or not, plain http there stays refused. */
      allowed[0] = g_uri_get_host (base);
      uri = confab_request_build_uri_full (elsewhere[i], "chat/completions", allowed, &error);
      g_assert_null (uri);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INSECURE_URL);
    }

  /* https needs no confirmation anywhere, and this computer neither. */
  {
    const char *none[] = { NULL };
    g_autoptr(GUri) secure = confab_request_build_uri_full ("https://192.168.1.10/v1", "models", none, NULL);
    g_autoptr(GUri) local = confab_request_build_uri_full ("http://127.0.0.1:8080/v1", "models", none, NULL);

    g_assert_nonnull (secure);
    g_assert_nonnull (local);
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
  g_test_add_func ("/request/body/every-combination", test_body_every_combination);
  g_test_add_func ("/request/body/odd-histories", test_body_odd_histories);
  g_test_add_func ("/request/uri/valid", test_uri_valid);
  g_test_add_func ("/request/uri/insecure", test_uri_insecure);
  g_test_add_func ("/request/uri/home-network", test_uri_home_network);
  g_test_add_func ("/request/uri/invalid", test_uri_invalid);

  return g_test_run ();
}
