/* test-window-huge.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long answer in the real window, at its default size, read with the
 * keyboard: the answer's view maps only its children near what shows,
 * and the keyboard's focus still goes through all of them, each brought
 * into the chat's view as it takes the focus.  And another chat opened
 * after it: the rows stay and show that chat, and the long answer's
 * pieces leave the window after the switch, not in it.
 */

#include "config.h"

#include "confab-markdown-group.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-test-fixtures.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"

#define N_SECTIONS 80

/* An answer of N_SECTIONS paragraphs, each followed by a code block:
 * 160 children in its view, far taller than the window.
 */
static char *
make_response (void)
{
  g_autoptr(GString) content = g_string_new (NULL);

  for (guint i = 0; i < N_SECTIONS; i++)
    g_string_append_printf (content,
                            "Section %u explains one more step of the work at some length, so "
                            "that it takes a line or two of the chat.\\n\\n"
                            "```c\\nint step_%u = %u;\\n```\\n\\n", i, i, i);

  return g_strdup_printf ("{\"id\":\"chatcmpl-huge\",\"object\":\"chat.completion\",\"model\":\"m\","
                          "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"%s\"},"
                          "\"finish_reason\":\"stop\"}]}", content->str);
}

/* The piece of @view that holds @widget, or NULL. */
static GtkWidget *
get_view_child (GtkWidget *view,
                GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (confab_markdown_pieces_contain (view, widget))
      return widget;

  return NULL;
}

static guint
get_index (GtkWidget *view,
           GtkWidget *child)
{
  guint index = 0;

  for (GtkWidget *c = confab_markdown_pieces_get_first (view); c != child; c = confab_markdown_piece_get_next (c))
    index++;

  return index;
}

typedef struct
{
  GtkWidget *chat;
  GtkWidget *focus;
} ShownWait;

/* Whether some of @focus shows in the chat's view. */
static gboolean
focus_is_shown (gpointer data)
{
  ShownWait *wait = data;
  graphene_rect_t bounds;

  return gtk_widget_get_mapped (wait->focus) &&
         gtk_widget_compute_bounds (wait->focus, wait->chat, &bounds) &&
         bounds.origin.y + bounds.size.height > 0 &&
         bounds.origin.y < gtk_widget_get_height (wait->chat);
}

static guint
count_children (GtkWidget *view)
{
  guint n = 0;

  for (GtkWidget *c = confab_markdown_pieces_get_first (view); c != NULL; c = confab_markdown_piece_get_next (c))
    n++;

  return n;
}

static gboolean
view_is_rendered (gpointer view)
{
  return count_children (view) == 2 * N_SECTIONS;
}

static guint
count_mapped (GtkWidget *view)
{
  guint n = 0;

  for (GtkWidget *c = confab_markdown_pieces_get_first (view); c != NULL; c = confab_markdown_piece_get_next (c))
    n += gtk_widget_get_mapped (c);

  return n;
}

/* Asks for the long answer in the chat shown and waits until its view
 * has rendered it all.  Returns the row that shows it.
 */
static GtkWidget *
show_long_answer (ConfabTestWindow  *fixture,
                  GtkWidget        **view)
{
  g_autofree char *response = make_response ();
  ConfabMessage *answer;
  GtkWidget *row;

  confab_test_server_queue_response (fixture->server, 200, "application/json", response);
  confab_test_window_send_prompt (fixture, "Explain the work, step by step");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);

  row = confab_test_window_find_row (GTK_WIDGET (fixture->window), answer);
  g_assert_nonnull (row);
  *view = confab_test_find_widget (row, CONFAB_TYPE_MARKDOWN_VIEW, NULL);
  g_assert_nonnull (*view);
  confab_test_run_until (view_is_rendered, *view);

  return row;
}

/* Moves the focus of @window in @direction, as a key would: it stays in
 * @view, and the widget that takes it comes into @chat's view.  Returns
 * the index of the child of @view that has it.
 */
static guint
move_focus (GtkWidget        *window,
            GtkWidget        *view,
            GtkWidget        *chat,
            GtkDirectionType  direction)
{
  ShownWait wait = { chat, NULL };
  GtkWidget *child;

  g_assert_true (gtk_window_is_active (GTK_WINDOW (window)));
  g_assert_true (gtk_widget_child_focus (window, direction));
  wait.focus = gtk_root_get_focus (GTK_ROOT (window));
  child = get_view_child (view, wait.focus);
  g_assert_nonnull (child);
  confab_test_run_until (focus_is_shown, &wait);

  return get_index (view, child);
}

/* Shift+Tab from the end of the answer to its first child, then Tab back
 * to its end: every widget that takes the focus is mapped and brought
 * into the chat's view, though only a few of the view's children are
 * mapped at a time.
 */
static void
test_window_huge_focus (ConfabTestWindow *fixture,
                        gconstpointer     data)
{
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *chat = confab_test_window_get_chat_view (fixture);
  GtkWidget *view;
  ShownWait wait = { chat, NULL };
  guint n_children;
  guint index;
  guint steps = 0;

  show_long_answer (fixture, &view);
  n_children = count_children (view);

  /* The view follows the answer to its end: its last child shows, and
   * takes the focus.
   */
  wait.focus = confab_markdown_pieces_get_last (view);
  confab_test_run_until (focus_is_shown, &wait);
  g_assert_cmpuint (count_mapped (view), <, n_children / 2);
  g_test_message ("%u of the view's %u children mapped at its end", count_mapped (view), n_children);
  g_assert_true (gtk_widget_child_focus (confab_markdown_pieces_get_last (view), GTK_DIR_TAB_BACKWARD));

  /* Up to its first child.  Keys go to the window that has the
   * display's focus, and only there does GTK keep the path to the
   * focus that moving it starts from (tests/meson.build runs this test
   * alone for that).
   */
  index = n_children - 1;
  while (index > 0)
    {
      index = move_focus (window, view, chat, GTK_DIR_TAB_BACKWARD);
      g_assert_cmpuint (++steps, <, 4 * n_children);
    }
  g_test_message ("Shift+Tab reached the first child in %u steps; %u children mapped there",
                  steps, count_mapped (view));
  g_assert_cmpuint (count_mapped (view), <, n_children / 2);

  /* And down again to its end. */
  steps = 0;
  while (index < n_children - 1)
    {
      index = move_focus (window, view, chat, GTK_DIR_TAB_FORWARD);
      g_assert_cmpuint (++steps, <, 4 * n_children);
    }
  g_test_message ("Tab reached the last child again in %u steps", steps);
}

static void
clear_weak_pointer (gpointer  data,
                    GObject  *object)
{
  *(gpointer *) data = NULL;
}

typedef struct
{
  ConfabTestWindow *fixture;
  const char       *prompt;
} PromptWait;

/* Whether the window shows the chat whose prompt is the one given. */
static gboolean
shows_prompt (gpointer data)
{
  PromptWait *wait = data;

  return confab_test_window_get_n_messages (wait->fixture) == 2 &&
         g_strcmp0 (confab_message_get_content (confab_test_window_get_message (wait->fixture, 0)), wait->prompt) == 0;
}

static gboolean
all_gone (gpointer data)
{
  GPtrArray *pieces = data;

  for (guint i = 0; i < pieces->len; i++)
    if (pieces->pdata[i] != NULL)
      return FALSE;

  return TRUE;
}

/* Asks @prompt in the chat shown and waits for the short answer.
 * Returns the chat's id in the history.
 */
static gint64
ask_short (ConfabTestWindow *fixture,
           const char       *prompt)
{
  guint n_messages = confab_test_window_get_n_messages (fixture);

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, prompt);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  confab_test_run_until (confab_test_window_message_is_done, confab_test_window_get_message (fixture, n_messages + 1));

  return confab_test_window_get_newest_id (fixture);
}

/* Adds the pieces of @view to @pieces, each set to %NULL once freed. */
static void
watch_pieces (GtkWidget *view,
              GPtrArray *pieces)
{
  for (GtkWidget *c = confab_markdown_pieces_get_first (view); c != NULL; c = confab_markdown_piece_get_next (c))
    g_ptr_array_add (pieces, c);
  for (guint i = 0; i < pieces->len; i++)
    g_object_weak_ref (pieces->pdata[i], clear_weak_pointer, &pieces->pdata[i]);
}

/* All @pieces are alive and unmapped, and at least half of them still
 * in @window, @when (for the log).
 */
static void
assert_pieces_stay (GPtrArray  *pieces,
                    GtkWidget  *window,
                    const char *when)
{
  guint in_window = 0;

  for (guint i = 0; i < pieces->len; i++)
    {
      g_assert_nonnull (pieces->pdata[i]);
      g_assert_false (gtk_widget_get_mapped (pieces->pdata[i]));
      in_window += gtk_widget_get_root (pieces->pdata[i]) == GTK_ROOT (window);
    }
  g_test_message ("%u of the long answer's %u pieces in the window %s", in_window, pieces->len, when);
  g_assert_cmpuint (in_window, >=, pieces->len / 2);
}

/* A short chat, then one with the long answer, then the short chat
 * opened again from the history: the long answer's row shows the short
 * answer, and its 160 pieces are still in the window, hidden, once the
 * short chat shows; then they leave it and are freed.
 */
static void
test_window_huge_switch (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new ();
  GtkWidget *window = GTK_WIDGET (fixture->window);
  PromptWait wait = { fixture, "A short question" };
  ConfabMessage *answer;
  GtkWidget *row;
  GtkWidget *view;
  gint64 short_id;

  short_id = ask_short (fixture, wait.prompt);
  gtk_widget_activate_action (window, "win.new-chat", NULL);
  row = show_long_answer (fixture, &view);

  watch_pieces (view, pieces);

  gtk_widget_activate_action (window, "win.open-conversation", "x", short_id);
  confab_test_run_until (shows_prompt, &wait);

  /* The same row shows the short answer. */
  answer = confab_test_window_get_message (fixture, 1);
  g_assert_true (confab_test_window_find_row (window, answer) == row);
  g_assert_true (confab_test_find_widget (row, CONFAB_TYPE_MARKDOWN_VIEW, NULL) == view);
  g_assert_cmpuint (count_children (view), <, 10);

  assert_pieces_stay (pieces, window, "once the short chat shows");
  for (guint i = 0; i < pieces->len; i++)
    g_assert_false (confab_markdown_pieces_contain (view, pieces->pdata[i]));

  confab_test_run_until (all_gone, pieces);
  g_assert_true (confab_test_window_find_row (window, answer) == row);
}

/* A chat whose long answer is followed by a short exchange, then a chat
 * of two messages opened from the history: the long answer's row is
 * one of the two kept (the slot model keeps the heaviest), and its
 * pieces leave the window later, not as the chat opens.
 */
static void
test_window_huge_switch_shorter (ConfabTestWindow *fixture,
                                 gconstpointer     data)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new ();
  GtkWidget *window = GTK_WIDGET (fixture->window);
  PromptWait wait = { fixture, "A short question" };
  GtkWidget *row;
  GtkWidget *view;
  gint64 short_id;

  short_id = ask_short (fixture, wait.prompt);
  gtk_widget_activate_action (window, "win.new-chat", NULL);
  row = show_long_answer (fixture, &view);
  ask_short (fixture, "And in short?");
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 4);
  watch_pieces (view, pieces);

  gtk_widget_activate_action (window, "win.open-conversation", "x", short_id);
  confab_test_run_until (shows_prompt, &wait);

  g_assert_true (confab_test_window_find_row (window, confab_test_window_get_message (fixture, 0)) == row ||
                 confab_test_window_find_row (window, confab_test_window_get_message (fixture, 1)) == row);
  g_assert_true (confab_test_find_widget (row, CONFAB_TYPE_MARKDOWN_VIEW, NULL) == view);
  assert_pieces_stay (pieces, window, "once the shorter chat shows");

  confab_test_run_until (all_gone, pieces);
}

/* A new chat after the long answer's: the rows stay, out of sight
 * behind the new chat's page, and let go of the long answer a few
 * pieces at a time; the new chat's first prompt then shows in the list.
 */
static void
test_window_huge_new_chat (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  g_autoptr(GPtrArray) pieces = g_ptr_array_new ();
  GtkWidget *window = GTK_WIDGET (fixture->window);
  PromptWait wait = { fixture, "A short question" };
  GtkWidget *row;
  GtkWidget *view;

  row = show_long_answer (fixture, &view);
  watch_pieces (view, pieces);

  gtk_widget_activate_action (window, "win.new-chat", NULL);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);
  g_assert_true (gtk_widget_get_root (row) == GTK_ROOT (window));
  g_assert_null (confab_message_row_get_message (CONFAB_MESSAGE_ROW (row)));
  g_assert_false (gtk_widget_get_mapped (row));
  assert_pieces_stay (pieces, window, "once the new chat shows");
  confab_test_run_until (all_gone, pieces);

  /* The new chat's first exchange shows in the list. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, wait.prompt);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  confab_test_run_until (shows_prompt, &wait);
  g_assert_nonnull (confab_test_window_find_row (window, confab_test_window_get_message (fixture, 0)));
  g_assert_nonnull (confab_test_window_find_row (window, confab_test_window_get_message (fixture, 1)));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (gtk_widget_get_ancestor (row, GTK_TYPE_LIST_VIEW))))), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-huge/focus", NULL, test_window_huge_focus);
  confab_test_window_add ("/window-huge/switch", NULL, test_window_huge_switch);
  confab_test_window_add ("/window-huge/switch-shorter", NULL, test_window_huge_switch_shorter);
  confab_test_window_add ("/window-huge/new-chat", NULL, test_window_huge_new_chat);

  return confab_test_window_run ();
}
