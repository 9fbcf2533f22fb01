/* test-window-follow.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window on long chats: the lists show what is asked for and
 * follow an answer as it grows, unless the person scrolled away.
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
#include "confab-slot-model.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"
#include "confab-window.h"

static gboolean
adjustment_is_laid_out (gpointer data)
{
  return gtk_adjustment_get_page_size (data) > 0 &&
         gtk_adjustment_get_upper (data) > gtk_adjustment_get_page_size (data);
}

static gboolean
list_grew (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (data))) > 40;
}

/* A long list of chats shows its first ones, more as the person scrolls
 * down, and a chat further down comes into it when it is opened.
 */
static void
test_window_long_chat_list (ConfabTestWindow *fixture,
                            gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  GtkWidget *sidebar = confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL);
  GtkListView *list;
  GListModel *shown;
  gint64 oldest = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("Chat number %u", i);
      g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, text);
      gint64 id = confab_store_create_conversation (store, NULL);

      g_assert_true (confab_store_append_message (store, id, prompt, NULL));
      if (oldest == 0)
        oldest = id;
    }
  g_assert_cmpuint (g_list_model_get_n_items (conversations), >=, 100);

  list = GTK_LIST_VIEW (confab_test_find_widget (sidebar, GTK_TYPE_LIST_VIEW, NULL));
  shown = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 40);

  /* Opened from elsewhere (search, the Usage window), it is the current
   * one, and selected once the list comes to it.
   */
  confab_test_run_until (confab_test_widget_is_mapped, list);
  confab_sidebar_select (CONFAB_SIDEBAR (sidebar), oldest);
  g_assert_cmpint (confab_sidebar_get_selected (CONFAB_SIDEBAR (sidebar)), ==, oldest);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 40);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)), ==, GTK_INVALID_LIST_POSITION);

  /* Scrolling down shows more, and it, selected. */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

    confab_test_run_until (adjustment_is_laid_out, adjustment);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    confab_test_run_until (list_grew, list);
    while (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)) == GTK_INVALID_LIST_POSITION)
      {
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        g_main_context_iteration (NULL, TRUE);
      }
  }
  {
    ConfabConversationInfo *selected = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown));

    g_assert_cmpint (confab_conversation_info_get_id (selected), ==, oldest);
  }

  for (guint i = g_list_model_get_n_items (conversations); i > 0; i--)
    {
      g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (conversations, i - 1);

      if (g_str_has_prefix (confab_conversation_info_get_title (info), "Chat number "))
        confab_store_delete_conversation (store, confab_conversation_info_get_id (info), NULL);
    }
}

static gboolean
shows_all_messages (gpointer data)
{
  ConfabTestWindow *fixture = data;
  GtkListView *list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  /* The person keeps scrolling up. */
  gtk_adjustment_set_value (adjustment, 0);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == confab_test_window_get_n_messages (fixture);
}

/* A long chat opens with its last messages in the view; scrolling up
 * brings the earlier ones, and a search hit far back is shown.
 */
static void
test_window_long_chat (ConfabTestWindow *fixture,
                       gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GtkListView *list;
  gint64 id = confab_store_create_conversation (store, NULL);
  gint64 first_id = 0;

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u of a long chat", i);
      g_autoptr(ConfabMessage) message = confab_message_new (i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text);

      g_assert_true (confab_store_append_message (store, id, message, NULL));
      if (i == 0)
        first_id = confab_message_get_id (message);
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 120);

  list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), <, 120);
  {
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list));
    g_autoptr(ConfabSlot) last = g_list_model_get_item (shown, g_list_model_get_n_items (shown) - 1);

    g_assert_cmpstr (confab_message_get_content (confab_slot_get_item (last)), ==, "Message 119 of a long chat");
  }

  confab_test_run_until (shows_all_messages, fixture);

  /* Opened again from a search hit on its first message: shown again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  {
    GtkWidget *sidebar = confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL);

    g_signal_emit_by_name (sidebar, "message-activated", id, first_id);
  }
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  {
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list));
    g_autoptr(ConfabSlot) first = g_list_model_get_item (shown, 0);

    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 120);
    g_assert_cmpstr (confab_message_get_content (confab_slot_get_item (first)), ==, "Message 0 of a long chat");
  }

  confab_store_delete_conversation (store, id, NULL);
}

/* The chat view follows the conversation: while the person is at its
 * end, everything new is where they can see it; once they scroll up,
 * the view stays put until they jump back.
 */

static GtkAdjustment *
get_message_adjustment (ConfabTestWindow *fixture)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (confab_test_window_get_chat_view (fixture)));
}

/* Where @widget is laid out, from the top of what the view shows. */
static gboolean
get_bounds_in_view (ConfabTestWindow *fixture,
                    GtkWidget        *widget,
                    graphene_rect_t  *bounds)
{
  return widget != NULL &&
         gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, confab_test_window_get_chat_view (fixture), bounds);
}

typedef struct
{
  ConfabTestWindow       *fixture;
  ConfabMessage *message;
  const char    *name;     /* a widget in the message's row, or NULL for the row */
  gboolean       end_only; /* for what may be taller than the view */
} InViewWait;

static GtkWidget *
find_in_row (InViewWait *wait)
{
  GtkWidget *row = confab_test_window_find_row (GTK_WIDGET (wait->fixture->window), wait->message);

  if (row == NULL || wait->name == NULL)
    return row;

  return confab_test_find_widget (row, G_TYPE_INVALID, wait->name);
}

/* What the person sees: the widget, or its end, inside the view. */
static gboolean
is_in_view (gpointer data)
{
  InViewWait *wait = data;
  int height = gtk_widget_get_height (confab_test_window_get_chat_view (wait->fixture));
  graphene_rect_t bounds;
  float bottom;

  if (!get_bounds_in_view (wait->fixture, find_in_row (wait), &bounds))
    return FALSE;

  bottom = bounds.origin.y + bounds.size.height;

  return bottom > 0 && bottom <= height + 1 &&
         (wait->end_only || bounds.origin.y >= -1);
}

static void
wait_in_view (ConfabTestWindow *fixture,
              ConfabMessage    *message,
              const char       *name,
              gboolean          end_only)
{
  InViewWait wait = { fixture, message, name, end_only };

  confab_test_run_until (is_in_view, &wait);
}

static gboolean
jump_button_is_shown (gpointer data)
{
  GtkWidget *button = confab_test_find_widget (data, GTK_TYPE_BUTTON, "jump-button");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (button))) &&
         gtk_widget_get_mapped (button);
}

static gboolean
jump_button_is_hidden (gpointer data)
{
  GtkWidget *button = confab_test_find_widget (data, GTK_TYPE_BUTTON, "jump-button");

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (button)));
}

static void
queue_short_answer (ConfabTestWindow *fixture,
                    const char       *text)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  g_autofree char *delta = g_strdup_printf ("{\"content\":\"%s\"}", text);
  g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                            "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                            "\"delta\":%s,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                                            "data: [DONE]\n\n", delta);

  confab_test_response_add_piece (response, 0, chunk, -1);
}

/* A prompt of so many lines that one exchange is taller than the view. */
static void
send_long_exchange (ConfabTestWindow *fixture)
{
  g_autoptr(GString) prompt = g_string_new ("A long question");
  ConfabMessage *answer;

  for (guint i = 1; i <= 50; i++)
    g_string_append_printf (prompt, "\nLine %u of the question", i);

  queue_short_answer (fixture, "A short answer.");
  confab_test_window_send_prompt (fixture, prompt->str);
  answer = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  wait_in_view (fixture, answer, NULL, FALSE);
}

/* Short exchanges, one after the other, past the height of the view. */
static void
test_window_follow_exchanges (ConfabTestWindow *fixture,
                              gconstpointer     data)
{
  GtkAdjustment *adjustment = get_message_adjustment (fixture);

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("Question %u", i);
      g_autofree char *answer = g_strdup_printf ("Answer %u", i);
      ConfabMessage *prompt;

      queue_short_answer (fixture, answer);
      confab_test_window_send_prompt (fixture, text);
      prompt = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 2);
      wait_in_view (fixture, prompt, NULL, FALSE);
      confab_test_run_until (confab_test_window_is_idle, fixture->window);
      wait_in_view (fixture, confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1), NULL, FALSE);
      g_assert_true (jump_button_is_hidden (fixture->window));
    }

  /* It did go past the view, and the view is at its end. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 2 * gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
}

/* An answer streams in, many lines, then hangs until Stop. */
static ConfabTestResponse *
queue_long_stream (ConfabTestWindow *fixture,
                   guint             n_pieces)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");

  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null"), -1);
  for (guint i = 1; i <= n_pieces; i++)
    {
      g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                                "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                                "\"delta\":{\"content\":\"Paragraph %u of a long answer.\\n\\n\"},"
                                                "\"finish_reason\":null}],\"usage\":null}\n\n", i);

      confab_test_response_add_piece (response, 10, chunk, -1);
    }
  /* ...and the rest takes longer than any test. */
  confab_test_response_add_piece (response, 600000, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);

  return response;
}

static gboolean
has_suffix (gpointer data)
{
  gpointer *args = data;

  return g_str_has_suffix (confab_message_get_content (args[0]), args[1]);
}

static void
wait_for_suffix (ConfabMessage *message,
                 const char    *suffix)
{
  gpointer args[2] = { message, (gpointer) suffix };

  confab_test_run_until (has_suffix, args);
}

/* The answer grows while it streams, and its end stays in view; when
 * it is stopped, its footer is in view too.
 */
static void
test_window_follow_stream (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  ConfabMessage *answer;

  send_long_exchange (fixture);

  queue_long_stream (fixture, 40);
  confab_test_window_send_prompt (fixture, "Tell me a lot");
  answer = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  wait_in_view (fixture, confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 2), NULL, FALSE);

  wait_for_suffix (answer, "Paragraph 5 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, TRUE);
  wait_for_suffix (answer, "Paragraph 40 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, TRUE);
  {
    graphene_rect_t bounds;

    /* Taller than the view by now: what shows is its end. */
    g_assert_true (get_bounds_in_view (fixture, confab_test_window_find_row (GTK_WIDGET (fixture->window), answer), &bounds));
    g_assert_cmpfloat (bounds.origin.y, <, 0);
  }
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (jump_button_is_hidden (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  wait_in_view (fixture, answer, "note-label", FALSE);
  wait_in_view (fixture, answer, "copy-button", FALSE);
  wait_in_view (fixture, answer, NULL, TRUE);
}

/* A failed answer's error and Retry come into view. */
static void
test_window_follow_error (ConfabTestWindow *fixture,
                          gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessage *answer;

  send_long_exchange (fixture);
  send_long_exchange (fixture);

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, -1);
  confab_test_response_set_abort (response, TRUE);

  confab_test_window_send_prompt (fixture, "Break please");
  answer = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);

  wait_in_view (fixture, answer, "error-label", FALSE);
  wait_in_view (fixture, answer, "retry-button", FALSE);
  wait_in_view (fixture, answer, NULL, FALSE);
}

typedef struct
{
  ConfabTestWindow       *fixture;
  ConfabMessage *message;
  float          y;
  float          height;
} RowWait;

static gboolean
row_is_at (gpointer data)
{
  RowWait *wait = data;
  graphene_rect_t bounds;

  return get_bounds_in_view (wait->fixture, confab_test_window_find_row (GTK_WIDGET (wait->fixture->window), wait->message), &bounds) &&
         ABS (bounds.origin.y - wait->y) < 1;
}

static gboolean
row_is_taller (gpointer data)
{
  RowWait *wait = data;
  graphene_rect_t bounds;

  return get_bounds_in_view (wait->fixture, confab_test_window_find_row (GTK_WIDGET (wait->fixture->window), wait->message), &bounds) &&
         bounds.size.height > wait->height;
}

/* Once the person scrolls up to read, the view stays where they put
 * it while the answer goes on, and Jump to Bottom brings them back.
 */
static void
test_window_follow_scrolled_up (ConfabTestWindow *fixture,
                                gconstpointer     data)
{
  GtkAdjustment *adjustment = get_message_adjustment (fixture);
  ConfabTestResponse *response;
  ConfabMessage *answer;
  RowWait wait;
  graphene_rect_t bounds;

  send_long_exchange (fixture);

  /* Half the answer, a pause, the other half, and no end. */
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                                "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                                "\"delta\":{\"content\":\"Paragraph %u of a long answer.\\n\\n\"},"
                                                "\"finish_reason\":null}],\"usage\":null}\n\n", i);

      confab_test_response_add_piece (response, i == 3 ? 5000 : 10, chunk, -1);
    }
  confab_test_response_add_piece (response, 600000, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);

  confab_test_window_send_prompt (fixture, "Tell me a lot");
  answer = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  wait_for_suffix (answer, "Paragraph 2 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, FALSE);
  g_assert_true (jump_button_is_hidden (fixture->window));

  /* The person scrolls up a little while it pauses: the answer's end
   * is just below the view.
   */
  g_assert_true (get_bounds_in_view (fixture, confab_test_window_find_row (GTK_WIDGET (fixture->window), answer), &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) - 40);
  confab_test_run_until (jump_button_is_shown, fixture->window);
  wait = (RowWait) { fixture, answer, bounds.origin.y + 40, bounds.size.height };
  confab_test_run_until (row_is_at, &wait);
  if (g_str_has_suffix (confab_message_get_content (answer), "Paragraph 2 of a long answer.\n\n") == FALSE)
    {
      g_test_skip ("The machine took longer than the answer's pause");
      return;
    }

  /* The answer goes on below: what they read stays where it is. */
  wait_for_suffix (answer, "Paragraph 40 of a long answer.\n\n");
  wait.height += 200;
  confab_test_run_until (row_is_taller, &wait);
  g_assert_true (row_is_at (&wait));
  {
    InViewWait end = { fixture, answer, NULL, TRUE };

    g_assert_false (is_in_view (&end));
  }
  g_assert_true (jump_button_is_shown (fixture->window));

  /* Jump to Bottom, as clicked. */
  gtk_widget_activate (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "jump-button"));
  wait_in_view (fixture, answer, NULL, TRUE);
  confab_test_run_until (jump_button_is_hidden, fixture->window);

  /* Following again: what comes next is in view. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  wait_in_view (fixture, answer, "note-label", FALSE);
}

/* A long chat opens at its end, whatever its messages' heights. */
static void
test_window_follow_open (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  gint64 id = confab_store_create_conversation (store, NULL);
  ConfabMessage *last;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(ConfabMessage) message = NULL;

      g_string_append_printf (text, "Message %u", i);
      for (guint j = 0; j < (i * 7) % 13; j++)
        g_string_append_printf (text, "\n\nMore of message %u, paragraph %u.", i, j);
      message = confab_message_new (i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text->str);
      g_assert_true (confab_store_append_message (store, id, message, NULL));
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  last = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  g_assert_true (g_str_has_prefix (confab_message_get_content (last), "Message 39"));

  wait_in_view (fixture, last, "copy-button", FALSE);
  wait_in_view (fixture, last, NULL, TRUE);
  g_assert_true (jump_button_is_hidden (fixture->window));

  confab_store_delete_conversation (store, id, NULL);
}

/* Opening or closing the answer's thinking keeps the answer in view. */
static void
test_window_follow_thinking (ConfabTestWindow *fixture,
                             gconstpointer     data)
{
  g_autoptr(GString) reasoning = g_string_new (NULL);
  g_autofree char *chunk = NULL;
  ConfabTestResponse *response;
  ConfabMessage *answer;
  GtkWidget *expander;

  send_long_exchange (fixture);

  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (reasoning, "Step %u of the plan.\\n", i);
  chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                           "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                           "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"%s\"},"
                           "\"finish_reason\":null}],\"usage\":null}\n\n", reasoning->str);
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, chunk, -1);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"The answer after thinking.\"}", "\"stop\""), -1);
  confab_test_response_add_piece (response, 0, "data: [DONE]\n\n", -1);

  confab_test_window_send_prompt (fixture, "Think first");
  answer = confab_test_window_get_message (fixture, confab_test_window_get_n_messages (fixture) - 1);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  wait_in_view (fixture, answer, "content-view", FALSE);

  expander = confab_test_window_find_row (GTK_WIDGET (fixture->window), answer);
  expander = confab_test_find_widget (expander, GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_true (gtk_widget_get_visible (expander));

  for (guint i = 0; i < 2; i++)
    {
      gtk_expander_set_expanded (GTK_EXPANDER (expander), !gtk_expander_get_expanded (GTK_EXPANDER (expander)));
      wait_in_view (fixture, answer, "content-view", FALSE);
      wait_in_view (fixture, answer, "copy-button", FALSE);
      g_assert_true (jump_button_is_hidden (fixture->window));
    }
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window/long-chat-list", NULL, test_window_long_chat_list);
  confab_test_window_add ("/window/long-chat", NULL, test_window_long_chat);
  confab_test_window_add ("/window/follow/exchanges", NULL, test_window_follow_exchanges);
  confab_test_window_add ("/window/follow/stream", NULL, test_window_follow_stream);
  confab_test_window_add ("/window/follow/error", NULL, test_window_follow_error);
  confab_test_window_add ("/window/follow/scrolled-up", NULL, test_window_follow_scrolled_up);
  confab_test_window_add ("/window/follow/open", NULL, test_window_follow_open);
  confab_test_window_add ("/window/follow/thinking", NULL, test_window_follow_thinking);

  return confab_test_window_run ();
}
