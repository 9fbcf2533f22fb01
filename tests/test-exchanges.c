/* test-exchanges.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The live conversations against the scripted server and a real SQLite
 * file: several answers on their way at once, each stopped on its own,
 * one conversation object for everyone who shows it, and nothing lost
 * when the app quits mid-answer.
 */

#include "config.h"

#include <glib/gstdio.h>

#include "confab-exchanges.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"

typedef struct
{
  char             *dir;
  ConfabStore      *store;
  ConfabClient     *client;
  ConfabTestServer *server;
  ConfabExchanges  *exchanges;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("confab-exchanges-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "confab.db", NULL);
  fixture->store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);

  fixture->server = confab_test_server_new ();
  fixture->client = confab_client_new ();
  confab_client_set_base_url (fixture->client, confab_test_server_get_base_url (fixture->server));
  confab_client_set_api_key (fixture->client, "test-key-123");

  fixture->exchanges = confab_exchanges_new (fixture->client, fixture->store);
  g_object_set (fixture->exchanges, "model", "test-model", NULL);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_clear_object (&fixture->exchanges);
  g_clear_object (&fixture->client);
  g_clear_object (&fixture->server);
  g_clear_object (&fixture->store);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }

  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static ConfabMessage *
get_message (ConfabConversation *conversation,
             guint               position)
{
  ConfabMessage *message = g_list_model_get_item (G_LIST_MODEL (conversation), position);

  g_object_unref (message);

  return message;
}

typedef struct
{
  ConfabMessage *message;
  const char    *content;
} ContentWait;

static gboolean
has_content (gpointer data)
{
  ContentWait *wait = data;

  return g_str_equal (confab_message_get_content (wait->message), wait->content);
}

static void
wait_for_content (ConfabMessage *message,
                  const char    *content)
{
  ContentWait wait = { message, content };

  confab_test_run_until (has_content, &wait);
}

typedef struct
{
  ConfabExchanges    *exchanges;
  ConfabConversation *conversation;
} IdleWait;

static gboolean
is_idle (gpointer data)
{
  IdleWait *wait = data;

  return !confab_exchanges_get_busy (wait->exchanges, wait->conversation);
}

static void
wait_until_idle (ConfabExchanges    *exchanges,
                 ConfabConversation *conversation)
{
  IdleWait wait = { exchanges, conversation };

  confab_test_run_until (is_idle, &wait);
}

static gboolean
response_is_closed (gpointer data)
{
  return confab_test_response_get_closed (data);
}

static void
count_cb (gpointer  instance,
          gpointer  conversation,
          guint    *count)
{
  (*count)++;
}

/* Two chats ask at once; stopping one leaves the other's answer going,
 * and each has its own state.
 */
static void
test_exchanges_two_at_once (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autoptr(ConfabConversation) a = confab_conversation_new ();
  g_autoptr(ConfabConversation) b = confab_conversation_new ();
  ConfabTestResponse *response_a;
  ConfabTestResponse *response_b;
  ConfabMessage *answer_a;
  ConfabMessage *answer_b;
  guint n_busy_changes = 0;

  g_assert_true (confab_exchanges_hold (fixture->exchanges, a, 0) == a);
  g_assert_true (confab_exchanges_hold (fixture->exchanges, b, 0) == b);
  g_signal_connect (fixture->exchanges, "busy-changed", G_CALLBACK (count_cb), &n_busy_changes);

  response_a = confab_test_server_queue_held_stream (fixture->server, "Alpha", " done");
  response_b = confab_test_server_queue_held_stream (fixture->server, "Beta", " done");

  g_assert_true (confab_exchanges_send (fixture->exchanges, a, "First chat"));
  g_assert_true (confab_exchanges_get_busy (fixture->exchanges, a));
  g_assert_false (confab_exchanges_get_busy (fixture->exchanges, b));
  confab_test_server_wait_for_requests (fixture->server, 1);

  /* A's answer on its way does not keep B from asking. */
  g_assert_true (confab_exchanges_send (fixture->exchanges, b, "Second chat"));
  g_assert_true (confab_exchanges_get_busy (fixture->exchanges, b));
  g_assert_cmpuint (n_busy_changes, ==, 2);

  /* But one conversation asks one thing at a time. */
  g_assert_false (confab_exchanges_send (fixture->exchanges, a, "Not now"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (a)), ==, 2);

  answer_a = get_message (a, 1);
  answer_b = get_message (b, 1);
  wait_for_content (answer_a, "Alpha");
  wait_for_content (answer_b, "Beta");

  /* Stop in B stops B only. */
  confab_exchanges_stop (fixture->exchanges, b);
  wait_until_idle (fixture->exchanges, b);
  g_assert_cmpint (confab_message_get_state (answer_b), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer_b), ==, "Beta");
  confab_test_run_until (response_is_closed, response_b);

  g_assert_true (confab_exchanges_get_busy (fixture->exchanges, a));
  g_assert_false (confab_test_response_get_closed (response_a));
  g_assert_cmpint (confab_message_get_state (answer_a), ==, CONFAB_MESSAGE_STATE_PENDING);

  confab_test_response_release (response_a);
  wait_until_idle (fixture->exchanges, a);
  g_assert_cmpint (confab_message_get_state (answer_a), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer_a), ==, "Alpha done");

  /* Each went out with its own chat's history only. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(JsonNode) body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, i));
      JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");

      g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "test-model");
      g_assert_cmpuint (json_array_get_length (messages), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==,
                       i == 0 ? "First chat" : "Second chat");
    }

  confab_exchanges_release (fixture->exchanges, a);
  confab_exchanges_release (fixture->exchanges, b);
}

static void
stored_cb (ConfabExchanges    *exchanges,
           ConfabConversation *conversation,
           gint64              conversation_id,
           gint64             *out)
{
  *out = conversation_id;
}

/* Whoever opens a chat that is live gets the same conversation, still
 * growing; a copy read from the store is not used.  A conversation that
 * nobody shows is dropped once its answer has ended, and is then read
 * from the store, complete.
 */
static void
test_exchanges_shared (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabConversation) copy = confab_conversation_new ();
  g_autoptr(GListStore) stored = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  ConfabMessage *answer;
  gint64 stored_id = 0;
  gint64 id;

  confab_exchanges_hold (fixture->exchanges, conversation, 0);
  g_signal_connect (fixture->exchanges, "stored", G_CALLBACK (stored_cb), &stored_id);
  response = confab_test_server_queue_held_stream (fixture->server, "Live", " and complete");

  g_assert_cmpint (confab_exchanges_get_conversation_id (fixture->exchanges, conversation), ==, 0);
  confab_exchanges_send (fixture->exchanges, conversation, "Share this");
  id = confab_exchanges_get_conversation_id (fixture->exchanges, conversation);
  g_assert_cmpint (id, >, 0);
  answer = get_message (conversation, 1);
  wait_for_content (answer, "Live");
  g_assert_cmpint (stored_id, ==, id);

  /* The window that showed it goes to another chat: the answer goes on. */
  confab_exchanges_release (fixture->exchanges, conversation);
  g_assert_true (confab_exchanges_lookup (fixture->exchanges, id) == conversation);
  g_assert_true (confab_exchanges_get_busy (fixture->exchanges, conversation));

  /* Opened again, or in a second window: the same, live conversation. */
  stored = confab_store_load_messages (fixture->store, id, &error);
  g_assert_no_error (error);
  confab_conversation_append_all (copy, G_LIST_MODEL (stored));
  g_assert_true (confab_exchanges_hold (fixture->exchanges, copy, id) == conversation);
  g_assert_true (confab_exchanges_hold (fixture->exchanges, copy, id) == conversation);

  confab_test_response_release (response);
  wait_until_idle (fixture->exchanges, conversation);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Live and complete");

  /* Shown nowhere and done: dropped, and complete in the store. */
  confab_exchanges_release (fixture->exchanges, conversation);
  g_assert_true (confab_exchanges_lookup (fixture->exchanges, id) == conversation);
  confab_exchanges_release (fixture->exchanges, conversation);
  g_assert_null (confab_exchanges_lookup (fixture->exchanges, id));

  g_clear_object (&stored);
  stored = confab_store_load_messages (fixture->store, id, &error);
  g_assert_no_error (error);
  {
    g_autoptr(ConfabMessage) kept = g_list_model_get_item (G_LIST_MODEL (stored), 1);

    g_assert_cmpstr (confab_message_get_content (kept), ==, "Live and complete");
    g_assert_cmpint (confab_message_get_state (kept), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  }
}

/* The app quits mid-answer: what arrived is in the store at once, and
 * the answer is stored as stopped, not as still streaming.
 */
static void
test_exchanges_stop_all (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ConfabConversation) a = confab_conversation_new ();
  g_autoptr(ConfabConversation) b = confab_conversation_new ();
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response_a;
  ConfabTestResponse *response_b;
  gint64 id_a, id_b;

  confab_exchanges_hold (fixture->exchanges, a, 0);
  confab_exchanges_hold (fixture->exchanges, b, 0);
  response_a = confab_test_server_queue_held_stream (fixture->server, "Half of an answer 한국어", "never");
  response_b = confab_test_server_queue_held_stream (fixture->server, "Another half", "never");
  confab_exchanges_send (fixture->exchanges, a, "One");
  confab_test_server_wait_for_requests (fixture->server, 1);
  confab_exchanges_send (fixture->exchanges, b, "Two");
  wait_for_content (get_message (a, 1), "Half of an answer 한국어");
  wait_for_content (get_message (b, 1), "Another half");
  id_a = confab_exchanges_get_conversation_id (fixture->exchanges, a);
  id_b = confab_exchanges_get_conversation_id (fixture->exchanges, b);

  confab_exchanges_stop_all (fixture->exchanges);

  /* Read at once, before the main loop runs again. */
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(GListStore) stored = confab_store_load_messages (fixture->store, i == 0 ? id_a : id_b, &error);
      g_autoptr(ConfabMessage) answer = NULL;

      g_assert_no_error (error);
      answer = g_list_model_get_item (G_LIST_MODEL (stored), 1);
      g_assert_cmpstr (confab_message_get_content (answer), ==, i == 0 ? "Half of an answer 한국어" : "Another half");
      g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
    }

  /* And the requests were stopped. */
  confab_test_run_until (response_is_closed, response_a);
  confab_test_run_until (response_is_closed, response_b);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char * const *) a, *(const char * const *) b);
}

/* The members of the last request's body besides the model, the
 * messages and those of streaming, sorted and joined with spaces.
 */
static char *
dup_sent_parameters (Fixture     *fixture,
                     JsonObject **out_body,
                     JsonNode   **out_node)
{
  guint n_requests = confab_test_server_get_n_requests (fixture->server);
  g_autoptr(JsonNode) node = confab_test_request_parse_json (confab_test_server_get_request (fixture->server,
                                                                                             n_requests - 1));
  g_autoptr(GList) members = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_assert_nonnull (node);
  members = json_object_get_members (json_node_get_object (node));
  for (GList *l = members; l != NULL; l = l->next)
    if (!g_str_equal (l->data, "model") && !g_str_equal (l->data, "messages") &&
        !g_str_equal (l->data, "stream") && !g_str_equal (l->data, "stream_options"))
      g_ptr_array_add (names, l->data);

  g_ptr_array_sort (names, compare_names);
  g_ptr_array_add (names, NULL);

  *out_body = json_node_get_object (node);
  *out_node = g_steal_pointer (&node);

  return g_strjoinv (" ", (char **) names->pdata);
}

static void
ask (Fixture            *fixture,
     ConfabConversation *conversation,
     const char         *prompt)
{
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_exchanges_send (fixture->exchanges, conversation, prompt));
  wait_until_idle (fixture->exchanges, conversation);
}

/* The request has exactly the parameters that were set: none by
 * default; those of Preferences where the chat follows them; the
 * chat's own where it has them, "not sent" included.
 */
static void
test_exchanges_parameters (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *sent = NULL;
  JsonObject *body;

  confab_exchanges_hold (fixture->exchanges, conversation, 0);

  /* Nothing set: the server's defaults. */
  ask (fixture, conversation, "First");
  sent = dup_sent_parameters (fixture, &body, &node);
  g_assert_cmpstr (sent, ==, "");

  /* Preferences, off: still nothing, whatever values they keep. */
  g_object_set (fixture->exchanges,
                "temperature", 0.2,
                "max-output-tokens", 777,
                "reasoning-effort", CONFAB_REASONING_EFFORT_NOT_SENT,
                NULL);
  ask (fixture, conversation, "Second");
  g_clear_pointer (&sent, g_free);
  g_clear_pointer (&node, json_node_unref);
  sent = dup_sent_parameters (fixture, &body, &node);
  g_assert_cmpstr (sent, ==, "");

  /* Preferences, on: the chat follows them.  A spin button's sum of
   * tenths goes out as the value it shows.
   */
  g_object_set (fixture->exchanges,
                "send-temperature", TRUE,
                "temperature", 0.1 + 0.1 + 0.1,
                "send-max-output-tokens", TRUE,
                "reasoning-effort", "low",
                NULL);
  ask (fixture, conversation, "Third");
  g_clear_pointer (&sent, g_free);
  g_clear_pointer (&node, json_node_unref);
  sent = dup_sent_parameters (fixture, &body, &node);
  g_assert_cmpstr (sent, ==, "max_completion_tokens reasoning_effort temperature");
  g_assert_true (json_object_get_double_member (body, "temperature") == 0.3);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 777);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "low");

  /* The chat's own: its temperature, no limit at all, high effort. */
  confab_conversation_set_temperature (conversation, 1.5);
  confab_conversation_set_max_output_tokens (conversation, CONFAB_CONVERSATION_NOT_SENT);
  confab_conversation_set_reasoning_effort (conversation, "high");
  ask (fixture, conversation, "Fourth");
  g_clear_pointer (&sent, g_free);
  g_clear_pointer (&node, json_node_unref);
  sent = dup_sent_parameters (fixture, &body, &node);
  g_assert_cmpstr (sent, ==, "reasoning_effort temperature");
  g_assert_true (json_object_get_double_member (body, "temperature") == 1.5);
  g_assert_cmpstr (json_object_get_string_member (body, "reasoning_effort"), ==, "high");

  /* Its own "server default" effort sends none; a temperature of 0 is
   * sent; its limit follows Preferences again.
   */
  confab_conversation_set_temperature (conversation, 0);
  confab_conversation_set_max_output_tokens (conversation, CONFAB_CONVERSATION_FOLLOW);
  confab_conversation_set_reasoning_effort (conversation, CONFAB_REASONING_EFFORT_NOT_SENT);
  ask (fixture, conversation, "Fifth");
  g_clear_pointer (&sent, g_free);
  g_clear_pointer (&node, json_node_unref);
  sent = dup_sent_parameters (fixture, &body, &node);
  g_assert_cmpstr (sent, ==, "max_completion_tokens temperature");
  g_assert_true (json_object_get_double_member (body, "temperature") == 0);
  g_assert_cmpint (json_object_get_int_member (body, "max_completion_tokens"), ==, 777);

  confab_exchanges_release (fixture->exchanges, conversation);
}

/* An answer that says @text, with its usage. */
static void
queue_answer (Fixture    *fixture,
              const char *text)
{
  g_autofree char *body =
    g_strdup_printf ("{\"id\":\"chatcmpl-v\",\"object\":\"chat.completion\",\"created\":1760032810,"
                     "\"model\":\"test-model\",\"choices\":[{\"index\":0,\"message\":"
                     "{\"role\":\"assistant\",\"content\":\"%s\"},\"finish_reason\":\"stop\"}],"
                     "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":5,\"total_tokens\":15}}",
                     text);

  confab_test_server_queue_response (fixture->server, 200, "application/json", body);
}

/* The contents of the messages of request @n, joined by spaces. */
static char *
sent_messages (Fixture *fixture,
               guint    n)
{
  g_autoptr(JsonNode) body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, n));
  JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (messages); i++)
    {
      JsonObject *message = json_array_get_object_element (messages, i);

      g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                              json_object_get_string_member (message, "content"));
    }

  return g_string_free (text, FALSE);
}

static char *
shown_messages (ConfabConversation *conversation)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (conversation)); i++)
    g_string_append_printf (text, "%s%s", i > 0 ? " " : "",
                            confab_message_get_content (get_message (conversation, i)));

  return g_string_free (text, FALSE);
}

#define assert_text(call, expected) \
  G_STMT_START { g_autofree char *text_ = (call); g_assert_cmpstr (text_, ==, (expected)); } G_STMT_END

/* Regenerating an earlier answer sends only what came before it on its
 * branch, and keeps the old answer with what followed it; an edited
 * prompt goes out as a new version the same way.  Later requests send
 * the branch shown only; the store keeps every version and the one
 * shown, and every answer still counts.
 */
static void
test_exchanges_versions (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(ConfabConversation) conversation = confab_conversation_new ();
  g_autoptr(ConfabConversation) reopened = confab_conversation_new ();
  g_autoptr(GListStore) stored = NULL;
  g_autoptr(GError) error = NULL;
  ConfabMessage *message;
  gint64 id;

  confab_exchanges_hold (fixture->exchanges, conversation, 0);
  queue_answer (fixture, "A1");
  g_assert_true (confab_exchanges_send (fixture->exchanges, conversation, "P1"));
  wait_until_idle (fixture->exchanges, conversation);
  queue_answer (fixture, "A2");
  g_assert_true (confab_exchanges_send (fixture->exchanges, conversation, "P2"));
  wait_until_idle (fixture->exchanges, conversation);
  id = confab_exchanges_get_conversation_id (fixture->exchanges, conversation);

  /* The first answer again: only the first prompt goes out. */
  queue_answer (fixture, "A1b");
  g_assert_true (confab_exchanges_regenerate (fixture->exchanges, conversation, get_message (conversation, 1)));
  wait_until_idle (fixture->exchanges, conversation);
  assert_text (sent_messages (fixture, 2), "P1");
  assert_text (shown_messages (conversation), "P1 A1b");
  g_assert_cmpuint (confab_message_get_n_versions (get_message (conversation, 1)), ==, 2);

  /* What follows goes on from the new version alone. */
  queue_answer (fixture, "A3");
  g_assert_true (confab_exchanges_send (fixture->exchanges, conversation, "P3"));
  wait_until_idle (fixture->exchanges, conversation);
  assert_text (sent_messages (fixture, 3), "P1 A1b P3");

  /* Back to the first answer, and its second prompt edited. */
  confab_conversation_show_version (conversation, get_message (conversation, 1), 1);
  assert_text (shown_messages (conversation), "P1 A1 P2 A2");
  queue_answer (fixture, "A2b");
  g_assert_true (confab_exchanges_send_edit (fixture->exchanges, conversation, get_message (conversation, 2), "P2b", NULL));
  wait_until_idle (fixture->exchanges, conversation);
  assert_text (sent_messages (fixture, 4), "P1 A1 P2b");
  assert_text (shown_messages (conversation), "P1 A1 P2b A2b");
  message = get_message (conversation, 2);
  g_assert_cmpuint (confab_message_get_version (message), ==, 2);
  g_assert_cmpuint (confab_message_get_n_versions (message), ==, 2);

  /* Every answer was paid for, shown or not. */
  g_assert_cmpuint (confab_conversation_get_n_answers (conversation), ==, 5);
  g_assert_cmpint (confab_usage_get_field (confab_conversation_get_usage (conversation), CONFAB_USAGE_FIELD_TOTAL), ==, 75);
  confab_exchanges_release (fixture->exchanges, conversation);

  /* Read again: the same versions, on the branch last shown. */
  stored = confab_store_load_messages (fixture->store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 9);
  confab_conversation_append_all (reopened, G_LIST_MODEL (stored));
  assert_text (shown_messages (reopened), "P1 A1 P2b A2b");
  g_assert_cmpuint (confab_conversation_get_n_answers (reopened), ==, 5);
  confab_conversation_show_version (reopened, get_message (reopened, 1), 2);
  assert_text (shown_messages (reopened), "P1 A1b P3 A3");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/exchanges/two-at-once", Fixture, NULL, fixture_set_up, test_exchanges_two_at_once, fixture_tear_down);
  g_test_add ("/exchanges/shared", Fixture, NULL, fixture_set_up, test_exchanges_shared, fixture_tear_down);
  g_test_add ("/exchanges/stop-all", Fixture, NULL, fixture_set_up, test_exchanges_stop_all, fixture_tear_down);
  g_test_add ("/exchanges/parameters", Fixture, NULL, fixture_set_up, test_exchanges_parameters, fixture_tear_down);
  g_test_add ("/exchanges/versions", Fixture, NULL, fixture_set_up, test_exchanges_versions, fixture_tear_down);

  return g_test_run ();
}
