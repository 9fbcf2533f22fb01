/* test-window-stream.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window while answers stream: rows that grow, Stop, broken
 * and empty answers, two chats streaming at once.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-estimate.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-sidebar-row.h"
#include "confab-sidebar.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"
#include "confab-window.h"

static ConfabTestResponse *
queue_slow_stream (ConfabTestWindow *fixture)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  static const char *reasoning =
    CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"reasoning_content\":\"Plan the greeting.\"}", "null");
  static const char *first = CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null");
  static const char *second = CONFAB_TEST_STREAM_CHUNK ("{\"content\":\", world\"}", "null");

  confab_test_response_add_piece (response, 0, reasoning, -1);
  confab_test_response_add_piece (response, 50, first, -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, second, -1);

  return response;
}

static void
test_window_stream (ConfabTestWindow *fixture,
                    gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *usage_button;
  GtkWidget *total_button;
  GtkWidget *expander;
  g_autofree char *clipboard = NULL;
  g_autofree char *final = NULL;
  ConfabTestViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null"), -1);
  confab_test_response_add_piece (response, 20, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null"), -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"! 안녕하세요 👋\\nI'm Gemini.\"}", "null"), -1);
  confab_test_response_add_piece (response, 20, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);
  confab_test_response_add_piece (response, 20,
                                  "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":420,"
                                  "\"total_tokens\":433,\"completion_tokens_details\":{\"reasoning_tokens\":400}}}\n\n"
                                  "data: [DONE]\n\n", -1);

  confab_test_window_send_prompt (fixture, "Stream please");
  answer = confab_test_window_get_message (fixture, 1);
  row = confab_test_window_wait_for_row (fixture, answer);

  /* The first words show while the answer is still being written... */
  wait = (ConfabTestViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (confab_test_window_view_shows, &wait);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_PENDING);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* Nothing is counted for the chat until an answer is complete. */
  total_button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "total-button");
  g_assert_false (gtk_widget_get_visible (total_button));

  /* ...and Copy takes what is there. */
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = confab_test_window_dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, "Hello");

  confab_test_response_release (response);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  wait = (ConfabTestViewWait) { row, "content-view", CONFAB_TEST_STREAM_CONTENT };
  confab_test_run_until (confab_test_window_view_shows, &wait);

  final = confab_test_window_dup_view_text (row, "content-view");
  g_assert_cmpstr (final, ==, CONFAB_TEST_STREAM_CONTENT);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);

  usage_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (confab_test_find_widget (usage_button, GTK_TYPE_LABEL, "usage-label"))), ==,
                   "433 tokens · $0.0041 · 13 in · 420 out · 400 reasoning");
  g_assert_true (gtk_widget_get_visible (total_button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (total_button)), ==, "433 tokens");

  /* On demand, every field, and the ones the server left out as such. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (usage_button));
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (usage_button)));
    static const char *expected[] = {
      "13", "Not reported", "Not reported", "Not reported", "Not reported",
      "420", "Not reported", "Not reported", "400", "433",
    };
    guint n_values = 0;

    confab_test_run_until (confab_test_widget_is_mapped, popover);
    for (GtkWidget *child = confab_test_find_widget (popover, GTK_TYPE_GRID, "usage-grid") ? gtk_widget_get_first_child (confab_test_find_widget (popover, GTK_TYPE_GRID, "usage-grid")) : NULL;
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_strcmp0 (gtk_widget_get_name (child), "usage-value") == 0)
        {
          g_assert_cmpuint (n_values, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child)), ==, expected[n_values]);
          n_values++;
        }

    g_assert_cmpuint (n_values, ==, G_N_ELEMENTS (expected));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (usage_button));
  }

  /* No reasoning came, so there is nothing to expand. */
  expander = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_false (gtk_widget_get_visible (expander));
}

typedef struct
{
  ConfabMessageRow *row;
  const char       *code;
} CodeWait;

static gboolean
code_block_shows (gpointer data)
{
  CodeWait *wait = data;
  GtkWidget *block = confab_test_find_widget (GTK_WIDGET (wait->row), CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);

  return block != NULL &&
         gtk_widget_get_mapped (block) &&
         g_strcmp0 (confab_markdown_code_block_get_code (CONFAB_MARKDOWN_CODE_BLOCK (block)), wait->code) == 0;
}

static void
test_window_stream_code (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  static const char *answer = "Here is **C**:\n\n```c\nint main (void)\n{\n  return 0; /* <b>&amp; */\n}\n```\n\nDone.";
  /* The code as it stands between the fences, without the last line's
   * end, as people paste it.
   */
  static const char *code = "int main (void)\n{\n  return 0; /* <b>&amp; */\n}";
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  GtkWidget *block;
  GtkWidget *view;
  g_autofree char *clipboard = NULL;
  g_autofree char *plain = NULL;
  CodeWait wait;
  GtkSourceBuffer *buffer;

  /* The answer arrives a few bytes at a time, the fence in pieces. */
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  for (const char *p = answer; *p != '\0'; )
    {
      const char *next = g_utf8_offset_to_pointer (p, MIN (5, g_utf8_strlen (p, -1)));
      g_autofree char *piece = g_strndup (p, next - p);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), piece);
      g_autofree char *escaped = json_to_string (node, FALSE);
      g_autofree char *event = g_strdup_printf ("data: {\"choices\":[{\"delta\":{\"content\":%s}}]}\n\n", escaped);

      confab_test_response_add_piece (response, 5, event, -1);
      p = next;
    }
  confab_test_response_add_piece (response, 5, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n", -1);

  confab_test_window_send_prompt (fixture, "Show me C");
  row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 1));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  /* A highlighted code view, its markup shown as the text it is... */
  wait = (CodeWait) { row, code };
  confab_test_run_until (code_block_shows, &wait);
  block = confab_test_find_widget (GTK_WIDGET (row), CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);
  view = confab_test_find_widget (block, GTK_SOURCE_TYPE_VIEW, NULL);
  g_assert_nonnull (view);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "c");
  g_assert_true (gtk_source_buffer_get_highlight_syntax (buffer));

  /* ...whose Copy takes exactly the code. */
  gtk_widget_activate_action (block, "code.copy", NULL);
  clipboard = confab_test_window_dup_clipboard_text (block);
  g_assert_cmpstr (clipboard, ==, code);

  /* The message's Copy gives the Markdown, or the text as it reads. */
  g_clear_pointer (&clipboard, g_free);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = confab_test_window_dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, answer);

  g_clear_pointer (&clipboard, g_free);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy-plain", NULL);
  clipboard = confab_test_window_dup_clipboard_text (GTK_WIDGET (row));
  g_assert_null (strstr (clipboard, "**"));
  g_assert_null (strstr (clipboard, "```"));
  g_assert_nonnull (strstr (clipboard, "Here is C"));
  g_assert_nonnull (strstr (clipboard, "return 0; /* <b>&amp; */"));
  (void) plain;
}

static void
test_window_stream_stop (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *expander;
  GtkWidget *note;
  g_autofree char *clipboard = NULL;
  g_autofree char *reasoning = NULL;
  ConfabTestViewWait wait;

  queue_slow_stream (fixture);

  confab_test_window_send_prompt (fixture, "Say hello slowly");
  answer = confab_test_window_get_message (fixture, 1);
  row = confab_test_window_wait_for_row (fixture, answer);

  wait = (ConfabTestViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (confab_test_window_view_shows, &wait);

  /* The reasoning is kept apart, under a collapsed expander. */
  expander = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_true (gtk_widget_get_visible (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  /* A collapsed expander keeps its child out of the widget tree. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_expander_get_child (GTK_EXPANDER (expander))));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    reasoning = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_cmpstr (reasoning, ==, "Plan the greeting.");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  /* Stop is at once, and what came stays, marked as stopped. */
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Hello");
  confab_test_run_until (confab_test_window_view_shows, &wait);
  note = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "note-label");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, "Stopped");

  /* Copy gives the answer, not the thinking. */
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = confab_test_window_dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, "Hello");
}

static void
test_window_stream_broken (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *error_label;
  GtkWidget *retry_button;
  ConfabTestViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, -1);
  confab_test_response_set_abort (response, TRUE);

  confab_test_window_send_prompt (fixture, "Break please");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  row = confab_test_window_wait_for_row (fixture, answer);

  /* The partial answer survives next to the error and a way to retry. */
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);
  wait = (ConfabTestViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (confab_test_window_view_shows, &wait);

  error_label = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "error-label");
  g_assert_true (gtk_widget_get_mapped (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), CONFAB_TEST_STREAM_ERROR_MESSAGE));
  retry_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "retry-button");
  g_assert_true (gtk_widget_get_mapped (retry_button));
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "Break please");
}

static void
test_window_stream_no_usage (ConfabTestWindow *fixture,
                             gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  GtkWidget *usage_button;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hi\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);

  confab_test_window_send_prompt (fixture, "Short answer");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 1));

  usage_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_true (gtk_widget_get_visible (usage_button));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (confab_test_find_widget (usage_button, GTK_TYPE_LABEL, "usage-label"))), ==, "Usage not reported");
}

/* Chat A streams while B is opened: B asks on its own, Stop in B stops
 * B only, and back in A the answer is the live one, still growing; a
 * follow-up from there sends it along.
 */
static void
test_window_two_chats_streaming (ConfabTestWindow *fixture,
                                 gconstpointer     data)
{
  g_autoptr(ConfabMessage) answer_a = NULL;
  ConfabTestResponse *response_a;
  ConfabTestResponse *response_b;
  ConfabMessage *answer_b;
  gint64 id_a;

  response_a = confab_test_server_queue_held_stream (fixture->server, "Alpha", " and the rest");
  confab_test_window_send_prompt (fixture, "Chat A");
  answer_a = g_object_ref (confab_test_window_get_message (fixture, 1));
  confab_test_window_wait_for_content (answer_a, "Alpha");
  id_a = confab_test_window_get_newest_id (fixture);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* B is free to ask while A's answer is on its way. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);
  g_assert_false (confab_window_get_busy (fixture->window));
  g_assert_false (confab_composer_get_busy (fixture->composer));

  response_b = confab_test_server_queue_held_stream (fixture->server, "Beta", " never");
  confab_test_window_send_prompt (fixture, "Chat B");
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  answer_b = confab_test_window_get_message (fixture, 1);
  confab_test_window_wait_for_content (answer_b, "Beta");
  g_assert_true (confab_window_get_busy (fixture->window));

  /* Esc in B stops B's answer, not A's. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer_b), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  confab_test_run_until (confab_test_window_response_is_closed, response_b);
  g_assert_false (confab_test_response_get_closed (response_a));
  g_assert_cmpint (confab_message_get_state (answer_a), ==, CONFAB_MESSAGE_STATE_PENDING);

  /* Back in A: the same answer, live, with Stop at hand. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id_a);
  confab_test_run_until (confab_test_window_conversation_has_two, fixture);
  g_assert_true (confab_test_window_get_message (fixture, 1) == answer_a);
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (confab_composer_get_busy (fixture->composer));

  confab_test_response_release (response_a);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 1)), ==, "Alpha and the rest");
  {
    ConfabTestViewWait wait = { confab_test_window_wait_for_row (fixture, answer_a), "content-view", "Alpha and the rest" };

    confab_test_run_until (confab_test_window_view_shows, &wait);
  }

  /* A follow-up carries the whole answer. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "And then?");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  {
    g_autoptr(JsonNode) body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, 2));
    JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");

    g_assert_cmpuint (json_array_get_length (messages), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "role"), ==, "assistant");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==, "Alpha and the rest");
  }
}

/* Deleting a chat whose answer streams stops the request: the server
 * sees the connection go.
 */
static void
test_window_delete_streaming (ConfabTestWindow *fixture,
                              gconstpointer     data)
{
  ConfabTestResponse *response;
  g_autoptr(ConfabMessage) answer = NULL;
  gint64 id;

  response = confab_test_server_queue_held_stream (fixture->server, "Costly", " and more");
  confab_test_window_send_prompt (fixture, "Delete me while you answer");
  answer = g_object_ref (confab_test_window_get_message (fixture, 1));
  confab_test_window_wait_for_content (answer, "Costly");
  id = confab_test_window_get_newest_id (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);
  confab_test_run_until (confab_test_window_response_is_closed, response);
  confab_test_run_until (confab_test_window_message_is_done, answer);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Costly");

  confab_store_delete_conversation (confab_application_get_store (fixture->app), id, NULL);
}

/* An answer with no text says why, also when the chat is opened again:
 * a tool call Confab cannot make, or a model that wrote nothing.
 */
typedef struct
{
  ConfabTestWindow *fixture;
  guint    n_messages;
} EmptyAnswerWait;

static gboolean
empty_answer_has_messages (gpointer data)
{
  EmptyAnswerWait *wait = data;

  return confab_test_window_get_n_messages (wait->fixture) == wait->n_messages;
}

static const char *
empty_answer_note (ConfabTestWindow *fixture,
                   guint             position)
{
  ConfabMessageRow *row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, position));
  GtkWidget *note = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "note-label");

  g_assert_nonnull (note);
  if (!gtk_widget_get_visible (note))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (note));
}

static void
test_window_empty_answer (ConfabTestWindow *fixture,
                          gconstpointer     data)
{
  const char *tool_note = "The model asked to use a tool, which Confab does not support yet.";
  const char *empty_note = "The model finished without writing an answer.";
  ConfabTestResponse *response;
  EmptyAnswerWait wait = { fixture, 4 };

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":null}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                                                            "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}",
                                                            "\"tool_calls\"")
                                  "data: [DONE]\n\n", -1);
  confab_test_window_send_prompt (fixture, "What is the weather?");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (confab_test_window_get_message (fixture, 1)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (empty_answer_note (fixture, 1), ==, tool_note);

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\n\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);
  confab_test_window_send_prompt (fixture, "Say nothing");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (confab_test_window_get_message (fixture, 3)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (empty_answer_note (fixture, 3), ==, empty_note);

  /* The prompts have no note. */
  g_assert_null (empty_answer_note (fixture, 0));

  /* The finish reasons are kept: the next window says the same. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  confab_test_run_until (empty_answer_has_messages, &wait);

  g_assert_cmpstr (empty_answer_note (fixture, 1), ==, tool_note);
  g_assert_cmpstr (empty_answer_note (fixture, 3), ==, empty_note);
}

/* A delta with bytes that are not UTF-8 or an escaped nul is shown,
 * each as U+FFFD, with the text around it.
 */
static void
test_window_text_kept (ConfabTestWindow *fixture,
                       gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabTestViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello, caf\xc3 au lait\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\u0000 and more.\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);
  confab_test_window_send_prompt (fixture, "Order a coffee");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 1));

  wait = (ConfabTestViewWait) { row, "content-view", "Hello, caf\xef\xbf\xbd au lait\xef\xbf\xbd and more." };
  confab_test_run_until (confab_test_window_view_shows, &wait);
  g_assert_cmpint (confab_message_get_state (confab_test_window_get_message (fixture, 1)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window/stream", NULL, test_window_stream);
  confab_test_window_add ("/window/stream-code", NULL, test_window_stream_code);
  confab_test_window_add ("/window/stream-stop", NULL, test_window_stream_stop);
  confab_test_window_add ("/window/stream-broken", NULL, test_window_stream_broken);
  confab_test_window_add ("/window/stream-no-usage", NULL, test_window_stream_no_usage);
  confab_test_window_add ("/window/two-chats-streaming", NULL, test_window_two_chats_streaming);
  confab_test_window_add ("/window/delete-streaming", NULL, test_window_delete_streaming);
  confab_test_window_add ("/window/empty-answer", NULL, test_window_empty_answer);
  confab_test_window_add ("/window/text-kept", NULL, test_window_text_kept);

  return confab_test_window_run ();
}
