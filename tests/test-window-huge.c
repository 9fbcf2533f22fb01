/* test-window-huge.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A long answer in the real window, at its default size, read with the
 * keyboard: the answer's view maps only its children near what shows,
 * and the keyboard's focus still goes through all of them, each brought
 * into the chat's view as it takes the focus.
 */

#include "config.h"

#include "confab-markdown-group.h"
#include "confab-markdown-view.h"
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
  g_autofree char *response = make_response ();
  GtkWidget *window = GTK_WIDGET (fixture->window);
  GtkWidget *chat = confab_test_window_get_chat_view (fixture);
  ConfabMessage *answer;
  GtkWidget *row;
  GtkWidget *view;
  ShownWait wait = { chat, NULL };
  guint n_children;
  guint index;
  guint steps = 0;

  confab_test_server_queue_response (fixture->server, 200, "application/json", response);
  confab_test_window_send_prompt (fixture, "Explain the work, step by step");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);

  row = confab_test_window_find_row (window, answer);
  g_assert_nonnull (row);
  view = confab_test_find_widget (row, CONFAB_TYPE_MARKDOWN_VIEW, NULL);
  g_assert_nonnull (view);
  confab_test_run_until (view_is_rendered, view);
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

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window-huge/focus", NULL, test_window_huge_focus);

  return confab_test_window_run ();
}
