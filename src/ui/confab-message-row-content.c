/* confab-message-row-content.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <time.h>

#include <glib/gi18n.h>

#include "confab-message-row-private.h"

/* What a message row shows of the message's text: the prompt as a
 * label, the answer as Markdown, the reasoning in its expander, brought
 * up to date at most once per frame while an answer streams; and Copy.
 */

/* Brings @view up to @length bytes of @text.  While the text only grew
 * since @shown, just the new end is inserted, so a streamed answer costs
 * in proportion to what arrived, not to its whole length.
 */
static void
sync_text_view (GtkTextView *view,
                const char  *text,
                gsize        length,
                gsize       *shown,
                gboolean     replaced)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (view);

  if (replaced || length < *shown)
    {
      gtk_text_buffer_set_text (buffer, text, length);
    }
  else if (length > *shown)
    {
      GtkTextIter end;

      gtk_text_buffer_get_end_iter (buffer, &end);
      gtk_text_buffer_insert (buffer, &end, text + *shown, length - *shown);
    }

  *shown = length;
}

/* Most answers have no reasoning, so its view is made for the first
 * that has some, and kept for the messages the row shows after it.
 */
static void
create_reasoning_view (ConfabMessageRow *self)
{
  GtkWidget *view = gtk_text_view_new ();

  gtk_widget_set_name (view, "reasoning-view");
  gtk_text_view_set_editable (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_cursor_visible (GTK_TEXT_VIEW (view), FALSE);
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (view), GTK_WRAP_WORD_CHAR);
  gtk_widget_set_margin_top (view, 6);
  gtk_widget_add_css_class (view, "message-text");
  gtk_widget_add_css_class (view, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Thinking"),
                                  -1);

  gtk_expander_set_child (self->reasoning_expander, view);
  self->reasoning_view = GTK_TEXT_VIEW (view);
  self->shown_reasoning = 0;
}

/* A finished answer this long is shared with the view, not copied. */
#define SHARED_CONTENT_SIZE (64 * 1024)

void
_confab_message_row_update_content (ConfabMessageRow *self)
{
  const char *content = "";
  const char *reasoning = "";
  gsize content_length = 0;
  gsize reasoning_length = 0;
  gboolean replaced = TRUE;
  gboolean is_user;
  gboolean has_content;

  if (self->message != NULL)
    {
      guint epoch = confab_message_get_text_epoch (self->message);

      content = confab_message_get_content (self->message);
      content_length = confab_message_get_content_length (self->message);
      reasoning = confab_message_get_reasoning (self->message);
      reasoning_length = confab_message_get_reasoning_length (self->message);
      replaced = epoch != self->shown_epoch;
      self->shown_epoch = epoch;
    }

  has_content = content_length > 0;
  is_user = self->message != NULL && _confab_message_row_get_role (self) == CONFAB_ROLE_USER;

  /* A prompt is short and wraps as a bubble; an answer can be long and
   * grows while it streams, which a text view takes in pieces.
   */
  if (is_user)
    {
      gtk_label_set_text (self->content_label, content);
      confab_markdown_view_set_text (self->content_view, "", 0);
      self->shown_content = 0;
    }
  else
    {
      gtk_label_set_text (self->content_label, "");
      confab_markdown_view_set_growing (self->content_view,
                                        self->message != NULL &&
                                        confab_message_get_state (self->message) == CONFAB_MESSAGE_STATE_PENDING);
      /* The view renders again only the block that is still growing;
       * a long answer that is finished it shares with the message.
       */
      if ((replaced || content_length != self->shown_content) &&
          content_length >= SHARED_CONTENT_SIZE &&
          confab_message_get_state (self->message) != CONFAB_MESSAGE_STATE_PENDING)
        {
          g_autoptr(GBytes) bytes = confab_message_dup_content_bytes (self->message);

          confab_markdown_view_set_bytes (self->content_view, bytes);
        }
      else if (replaced || content_length != self->shown_content)
        {
          confab_markdown_view_set_text (self->content_view, content, content_length);
        }
      self->shown_content = content_length;
    }

  if (reasoning_length > 0 && self->reasoning_view == NULL)
    create_reasoning_view (self);
  if (self->reasoning_view != NULL)
    sync_text_view (self->reasoning_view, reasoning, reasoning_length, &self->shown_reasoning, replaced);

  gtk_widget_set_visible (GTK_WIDGET (self->content_label), is_user && has_content);
  gtk_widget_set_visible (GTK_WIDGET (self->content_view), !is_user && has_content);
  gtk_widget_set_visible (GTK_WIDGET (self->reasoning_expander), reasoning_length > 0);

  /* There is nothing to copy yet while the answer is being thought
   * about, or when a request failed before any text arrived.
   */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy", has_content);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "message.copy-plain", has_content);
  gtk_widget_set_visible (GTK_WIDGET (self->copy_button), has_content);
  gtk_widget_set_visible (GTK_WIDGET (self->edit_button), is_user);

  _confab_message_row_update_footer (self);
}

/* Text that streams in is shown at most this often: often enough to
 * read as flowing, seldom enough that drawing stays cheap.
 */
#define STREAM_UPDATE_INTERVAL_US (G_USEC_PER_SEC / 30)

/* Showing streamed text takes at most this share of the main thread's
 * time: when a frame that shows an update costs much, as a long answer
 * arriving fast does on a slow machine, the next update waits longer,
 * up to STREAM_UPDATE_MAX_INTERVAL_US, and typing or scrolling in the
 * meantime stays smooth.
 */
#define STREAM_UPDATE_SHARE           4
#define STREAM_UPDATE_MAX_INTERVAL_US (G_USEC_PER_SEC / 4)

static gint64
thread_cpu_time (void)
{
  struct timespec ts;

  if (clock_gettime (CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return g_get_monotonic_time ();

  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* The frame that shows an update is drawn: what it cost, from the
 * update on.
 */
static void
update_painted_cb (GdkFrameClock    *frame_clock,
                   ConfabMessageRow *self)
{
  self->update_cost = thread_cpu_time () - self->update_started;
  g_clear_signal_handler (&self->paint_handler, frame_clock);
  g_clear_object (&self->paint_clock);
}

static gboolean
confab_message_row_tick_cb (GtkWidget     *widget,
                            GdkFrameClock *frame_clock,
                            gpointer       user_data)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);
  gint64 frame_time = gdk_frame_clock_get_frame_time (frame_clock);
  gint64 interval;

  interval = CLAMP (STREAM_UPDATE_SHARE * self->update_cost,
                    STREAM_UPDATE_INTERVAL_US, STREAM_UPDATE_MAX_INTERVAL_US);
  if (frame_time - self->shown_at < interval)
    return G_SOURCE_CONTINUE;

  self->shown_at = frame_time;
  self->tick_id = 0;
  self->update_started = thread_cpu_time ();
  _confab_message_row_update_content (self);
  _confab_message_row_update_state (self);

  if (self->paint_clock == NULL)
    {
      self->paint_clock = g_object_ref (frame_clock);
      self->paint_handler = g_signal_connect (frame_clock, "after-paint", G_CALLBACK (update_painted_cb), self);
    }

  return G_SOURCE_REMOVE;
}

/* Streamed pieces can come much faster than frames; they are shown
 * together at the next frame due.
 */
void
_confab_message_row_queue_content (ConfabMessageRow *self)
{
  if (self->tick_id == 0)
    self->tick_id = gtk_widget_add_tick_callback (GTK_WIDGET (self), confab_message_row_tick_cb, NULL, NULL);
}

void
_confab_message_row_cancel_tick (ConfabMessageRow *self)
{
  if (self->tick_id != 0)
    {
      gtk_widget_remove_tick_callback (GTK_WIDGET (self), self->tick_id);
      self->tick_id = 0;
    }

  if (self->paint_clock != NULL)
    {
      g_clear_signal_handler (&self->paint_handler, self->paint_clock);
      g_clear_object (&self->paint_clock);
    }
}

void
_confab_message_row_copy_action (GtkWidget  *widget,
                                 const char *action_name,
                                GVariant   *parameter)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);
  const char *content;

  if (self->message == NULL)
    return;

  content = confab_message_get_content (self->message);
  if (content == NULL || content[0] == '\0')
    return;

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), content);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Message copied"));
}

/* The answer as it reads, without Markdown's marks. */
void
_confab_message_row_copy_plain_action (GtkWidget  *widget,
                                      const char *action_name,
                                      GVariant   *parameter)
{
  ConfabMessageRow *self = CONFAB_MESSAGE_ROW (widget);
  g_autofree char *text = NULL;

  if (self->message == NULL || confab_message_get_content_length (self->message) == 0)
    return;

  if (confab_message_get_role (self->message) == CONFAB_ROLE_ASSISTANT)
    {
      confab_markdown_view_set_text (self->content_view,
                                     confab_message_get_content (self->message),
                                     confab_message_get_content_length (self->message));
      self->shown_content = confab_message_get_content_length (self->message);
      text = confab_markdown_view_get_plain_text (self->content_view);
    }
  else
    {
      text = g_strdup (confab_message_get_content (self->message));
    }

  gdk_clipboard_set_text (gtk_widget_get_clipboard (widget), text);
  gtk_widget_activate_action (widget, "win.toast", "s", _("Message copied as plain text"));
}

