/* confab-window-view.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-frame-pass.h"
#include "confab-markdown-code-block.h"
#include "confab-window-private.h"

/* The window's message list: a long conversation shows its end first
 * and grows upward as the person scrolls, and the view follows the end
 * while the person is there.
 */

/* A conversation opens with its last messages in the view, and earlier
 * ones come in front, this many at a time, while less than a screen of
 * them is left above what the person sees.  GTK 4.8's list view keeps
 * up to 200 rows alive, so this is what keeps a 10,000-message
 * conversation as quick to open as a short one.
 */
#define MORE_MESSAGES  16

/* What a message takes on screen, roughly: its header and footer, and a
 * line of text for so many characters.
 */
#define ROUGH_MESSAGE_HEIGHT 70
#define ROUGH_LINE_HEIGHT    20
#define ROUGH_LINE_CHARS     80

/* The messages at the end that about fill the view, and no more: every
 * row costs, and the first frame of a long chat shows only these.  What
 * is above comes right after (see confab_window_queue_show_more()).
 */
guint
confab_window_view_count_first_messages (ConfabWindow *self,
                                         GListModel   *messages)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->scrolled_window));
  int width;
  guint n_items = g_list_model_get_n_items (messages);
  guint count = 0;
  int used = 0;

  if (height <= 0)
    gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  if (height <= 0)
    height = 800;

  for (guint i = n_items; i > 0 && used < height; i--, count++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (messages, i - 1);
      gsize length = confab_message_get_content_length (message);

      used += ROUGH_MESSAGE_HEIGHT + ROUGH_LINE_HEIGHT * (int) MIN (length / ROUGH_LINE_CHARS + 1, 1000);
    }

  return MAX (count, 2);
}

static gboolean
confab_window_wants_more (ConfabWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  return self->tail != NULL &&
         confab_tail_model_get_has_more (self->tail) &&
         gtk_adjustment_get_value (adjustment) < gtk_adjustment_get_page_size (adjustment);
}

static gboolean
confab_window_show_more_cb (gpointer user_data)
{
  ConfabWindow *self = CONFAB_WINDOW (user_data);

  self->show_more_id = 0;
  if (confab_window_wants_more (self))
    confab_tail_model_show_more (self->tail, MORE_MESSAGES);

  return G_SOURCE_REMOVE;
}

/* After the frame that shows what is there, not before it. */
static void
confab_window_queue_show_more (ConfabWindow *self)
{
  if (self->show_more_id == 0 && confab_window_wants_more (self))
    self->show_more_id = g_idle_add (confab_window_show_more_cb, self);
}

/* The view follows the conversation while the person is at its end, and
 * stays where it is once they scroll up to read.
 *
 * GTK's list view keeps its place by an item, its anchor, and sets the
 * adjustment from it each time it lays its rows out; while it does, it
 * does not listen to the adjustment.  Once the person scrolls up, the
 * anchor keeps what they read in its place.
 */

/* GTK 4.8's list places the rows where the anchor puts them, whatever
 * the value: a value set while it lays out -- from the adjustment's own
 * notifications, as rows grow -- only moves the scroll bar, and the
 * view ends above the new messages until the next scroll.  So what the
 * list does while it lays out never decides whether the view follows,
 * and the view is brought to the end after the window's layout, where
 * the list takes the value as a scroll; the frame clock then lays out
 * again before it paints (see confab_window_layout_cb()).
 *
 * GTK 4.12 and later place the rows by the value as it is once the list
 * has set it from the anchor, and the frame clock warns when it is asked
 * for a fifth layout in a frame.  Each pass that moves the view there
 * is one more than the rows need themselves (text views measure
 * themselves again), and as messages come in they would ask for more
 * than four.  So there the view is brought to the end as the list lays
 * out, from the adjustment's "changed" signal, in the pass that resized
 * the rows; the list learns where the view went after the frame is
 * painted.  What is left after the window's layout -- Jump to Bottom,
 * with nothing resized -- is done as in GTK 4.8.
 */
#define CONFAB_FOLLOW_IN_LAYOUT GTK_CHECK_VERSION (4, 12, 0)

static void
confab_window_update_jump (ConfabWindow *self)
{
  gtk_revealer_set_reveal_child (self->jump_revealer, !self->stick_to_bottom);
}

/* Moves the view as the window does, not as the person does. */
static void
confab_window_scroll_view (ConfabWindow *self,
                           double        value)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->scrolling_view = TRUE;
  gtk_adjustment_set_value (adjustment, value);
  self->scrolling_view = FALSE;
}

static void
confab_window_adjustment_value_cb (ConfabWindow  *self,
                                   GParamSpec    *pspec,
                                   GtkAdjustment *adjustment)
{
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

#if CONFAB_FOLLOW_IN_LAYOUT
  /* The window moved the view as the list laid out, and the list does
   * not know it yet (view_moved): in another pass of the same frame --
   * as a text view that grew asks for one -- it sets the value again
   * from its anchor, where the view was before.  That is not the person
   * scrolling up: the view goes back to the end in that same pass.
   */
  if (self->view_moved && !self->scrolling_view && self->stick_to_bottom &&
      gtk_adjustment_get_value (adjustment) == self->view_moved_from)
    {
      if (gtk_adjustment_get_value (adjustment) < bottom)
        confab_window_scroll_view (self, bottom);
      confab_window_queue_show_more (self);
      return;
    }
#endif

  /* Rows or the view changed size: that is the list laying out, not the
   * person scrolling.
   */
  if (!self->view_resized && !self->scrolling_view)
    {
      self->stick_to_bottom = gtk_adjustment_get_value (adjustment) >= bottom - 2;
      confab_window_update_jump (self);
    }

  confab_window_queue_show_more (self);
}

static void
confab_window_adjustment_changed_cb (ConfabWindow  *self,
                                     GtkAdjustment *adjustment)
{
  self->view_resized = TRUE;

#if CONFAB_FOLLOW_IN_LAYOUT
  /* The list is laying out and has set the value from its anchor; the
   * rows go where the value says.
   */
  if (self->stick_to_bottom && gtk_widget_get_mapped (GTK_WIDGET (self->message_list)))
    {
      double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

      if (gtk_adjustment_get_value (adjustment) < bottom)
        {
          /* Where the list's anchor still puts the view. */
          if (!self->view_moved)
            self->view_moved_from = gtk_adjustment_get_value (adjustment);
          confab_window_scroll_view (self, bottom);
          self->view_moved = TRUE;
        }
    }
#endif

  confab_window_queue_show_more (self);
}

/* Runs after the window is laid out, each time in a frame. */
static void
confab_window_layout_cb (ConfabWindow  *self,
                         GdkFrameClock *clock)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);
  double bottom = gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment);

  self->view_resized = FALSE;
  if (!gtk_widget_get_mapped (GTK_WIDGET (self->message_list)))
    return;

  /* Sending follows again, wherever the person was. */
  confab_window_update_jump (self);

  if (!self->stick_to_bottom || gtk_adjustment_get_value (adjustment) >= bottom)
    return;

  /* The layout that moves the view lays out rows that were not shown
   * before, and the one after that measures them again (see
   * confab-markdown-view-layout.c): when the frame has not that many
   * layouts left, the view moves in the next frame.
   */
  if (confab_frame_pass_get (clock) + 2 > CONFAB_FRAME_MAX_LAYOUTS)
    {
      self->view_next_frame = TRUE;
      return;
    }

  confab_window_scroll_view (self, bottom);
}

#if CONFAB_FOLLOW_IN_LAYOUT
/* Once the frame is done: the list anchors itself where the view is
 * now, as after a scroll, and lays out again; asking for that while the
 * frame clock paints makes GTK 4.20 and later warn that the frame was
 * submitted twice.
 */
static gboolean
confab_window_view_idle_cb (gpointer user_data)
{
  ConfabWindow *self = CONFAB_WINDOW (user_data);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  self->view_idle_id = 0;
  if (self->view_moved && gtk_widget_get_mapped (GTK_WIDGET (self->message_list)))
    {
      self->scrolling_view = TRUE;
      g_signal_emit_by_name (adjustment, "value-changed");
      self->scrolling_view = FALSE;
    }
  self->view_moved = FALSE;

  if (self->view_next_frame)
    {
      self->view_next_frame = FALSE;
      gtk_widget_queue_allocate (GTK_WIDGET (self->message_list));
    }

  return G_SOURCE_REMOVE;
}
#endif

static void
confab_window_after_paint_cb (ConfabWindow  *self,
                              GdkFrameClock *clock)
{
  /* Once the window shows, while a person writes the first prompt:
   * what the first code block of an answer would load otherwise.
   */
  confab_markdown_code_block_preload ();

#if CONFAB_FOLLOW_IN_LAYOUT
  /* Before the next frame: an idle of the default priority waits while
   * frames keep coming (a busy machine, a spinner), and the list would
   * lay out again from where it thinks the view still is.
   */
  if ((self->view_moved || self->view_next_frame) && self->view_idle_id == 0)
    self->view_idle_id = g_idle_add_full (G_PRIORITY_HIGH_IDLE, confab_window_view_idle_cb, self, NULL);
#else
  if (self->view_next_frame)
    {
      self->view_next_frame = FALSE;
      gdk_frame_clock_request_phase (clock, GDK_FRAME_CLOCK_PHASE_LAYOUT);
    }
#endif
}

/* After the window's own realize, which lays it out. */
void
confab_window_view_realize (ConfabWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  confab_frame_pass_watch (clock);
  g_signal_connect_data (clock, "layout",
                         G_CALLBACK (confab_window_layout_cb),
                         self, NULL, G_CONNECT_SWAPPED | G_CONNECT_AFTER);
  g_signal_connect_swapped (clock, "after-paint",
                            G_CALLBACK (confab_window_after_paint_cb),
                            self);
}

void
confab_window_view_unrealize (ConfabWindow *self)
{
  GdkFrameClock *clock = gtk_widget_get_frame_clock (GTK_WIDGET (self));

  /* Only these: GTK's own handlers have the window as data too. */
  g_signal_handlers_disconnect_by_func (clock, confab_window_layout_cb, self);
  g_signal_handlers_disconnect_by_func (clock, confab_window_after_paint_cb, self);
}

/* Follows the conversation from here on: its end shows after the next
 * layout.
 */
void
confab_window_follow (ConfabWindow *self)
{
  self->stick_to_bottom = TRUE;
  confab_window_update_jump (self);
  gtk_widget_queue_allocate (GTK_WIDGET (self->message_list));
}

static void
confab_window_jump_to_bottom_action (GtkWidget  *widget,
                                     const char *action_name,
                                     GVariant   *parameter)
{
  confab_window_follow (CONFAB_WINDOW (widget));
}

/* Shift+Tab from the composer goes up into the chat, to the end of its
 * newest message shown, as the next thing above.  GTK's list would give
 * the focus to the message it last had, the first of the chat when none
 * had it yet, far above, and none at all when that row is not built
 * (GTK 4.8), or left it in the composer (4.18 and 4.24).
 */
static gboolean (*parent_focus) (GtkWidget        *widget,
                                 GtkDirectionType  direction);

static gboolean
confab_window_focus_from_composer (ConfabWindow *self)
{
  GtkWidget *list = GTK_WIDGET (self->message_list);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (self));

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->composer)) ||
      !gtk_widget_is_drawable (list))
    return FALSE;

  /* What is above the text in the composer itself comes first. */
  if (gtk_widget_child_focus (GTK_WIDGET (self->composer), GTK_DIR_TAB_BACKWARD))
    return TRUE;

  /* The list's rows are its children, in the order of the messages. */
  for (GtkWidget *row = gtk_widget_get_last_child (list); row != NULL; row = gtk_widget_get_prev_sibling (row))
    if (gtk_widget_get_mapped (row) && gtk_widget_child_focus (row, GTK_DIR_TAB_BACKWARD))
      return TRUE;

  return FALSE;
}

static gboolean
confab_window_focus (GtkWidget        *widget,
                     GtkDirectionType  direction)
{
  if (direction == GTK_DIR_TAB_BACKWARD && confab_window_focus_from_composer (CONFAB_WINDOW (widget)))
    return TRUE;

  return parent_focus (widget, direction);
}

void
confab_window_view_class_init (GtkWidgetClass *widget_class)
{
  parent_focus = widget_class->focus;
  widget_class->focus = confab_window_focus;
  gtk_widget_class_install_action (widget_class, "win.jump-to-bottom", NULL, confab_window_jump_to_bottom_action);
}

void
confab_window_view_init (ConfabWindow *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  g_signal_connect_object (adjustment, "notify::value",
                           G_CALLBACK (confab_window_adjustment_value_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (adjustment, "changed",
                           G_CALLBACK (confab_window_adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
}
