/* confab-message-text.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-message-private.h"
#include "confab-util.h"

/* A message's text: the content and the reasoning kept apart, appended
 * to piece by piece while an answer streams, always valid UTF-8.  A
 * `<think>…</think>` block at the start of the content goes to the
 * reasoning, wherever the pieces split its tags.
 */

/**
 * _confab_message_edit_content:
 *
 * Returns: the content, to change: a copy of its own when it was shared
 */
GString *
_confab_message_edit_content (ConfabMessage *self)
{
  if (self->content == NULL)
    {
      gsize size;
      const char *data = g_bytes_get_data (self->content_bytes, &size);

      self->content = g_string_new_len (data, size);
      g_clear_pointer (&self->content_bytes, g_bytes_unref);
    }

  return self->content;
}

static void
append_content (ConfabMessage *self,
                const char    *text,
                gsize          length)
{
  if (length == 0)
    return;

  confab_string_append_valid (_confab_message_edit_content (self), text, length);
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_CONTENT]);
}

static void
append_reasoning (ConfabMessage *self,
                  const char    *text,
                  gsize          length)
{
  if (length == 0)
    return;

  confab_string_append_valid (self->reasoning, text, length);
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_REASONING]);
}

/* Returns how many bytes at the end of @text could be the start of
 * @tag, and so must wait for the next delta.
 */
static gsize
partial_tag_suffix (const char *text,
                    gsize       length,
                    const char *tag)
{
  gsize tag_length = strlen (tag);

  for (gsize n = MIN (length, tag_length - 1); n > 0; n--)
    if (memcmp (text + length - n, tag, n) == 0)
      return n;

  return 0;
}

/* Feeds content through the <think> splitter.  Only a few bytes are ever
 * held back, so each delta costs in proportion to its own length.
 */
static void
append_content_delta (ConfabMessage *self,
                      const char    *delta)
{
  if (self->think == THINK_DONE)
    {
      append_content (self, delta, strlen (delta));
      return;
    }

  g_string_append (self->held, delta);

  if (self->think == THINK_START)
    {
      const char *start = self->held->str;
      gsize length;

      /* Leading blank space before the tag does not count. */
      while (g_ascii_isspace (*start))
        start++;
      length = self->held->len - (start - self->held->str);

      if (length < strlen (THINK_OPEN) && strncmp (start, THINK_OPEN, length) == 0)
        return;

      if (!g_str_has_prefix (start, THINK_OPEN))
        {
          self->think = THINK_DONE;
          append_content (self, self->held->str, self->held->len);
          g_string_truncate (self->held, 0);
          return;
        }

      self->think = THINK_INSIDE;
      g_string_erase (self->held, 0, (start - self->held->str) + strlen (THINK_OPEN));
    }

  if (self->think == THINK_INSIDE)
    {
      const char *close = strstr (self->held->str, THINK_CLOSE);
      gsize keep;

      if (close != NULL)
        {
          const char *rest = close + strlen (THINK_CLOSE);

          append_reasoning (self, self->held->str, close - self->held->str);

          /* The answer proper starts after the blank lines that follow. */
          while (*rest == '\n' || *rest == '\r')
            rest++;

          self->think = THINK_DONE;
          append_content (self, rest, strlen (rest));
          g_string_truncate (self->held, 0);
          return;
        }

      keep = partial_tag_suffix (self->held->str, self->held->len, THINK_CLOSE);
      append_reasoning (self, self->held->str, self->held->len - keep);
      g_string_erase (self->held, 0, self->held->len - keep);
    }
}

const char *
confab_message_get_content (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  if (self->content == NULL)
    return g_bytes_get_data (self->content_bytes, NULL);

  return self->content->str;
}

/**
 * confab_message_set_content:
 *
 * Replaces the content.  A streamed answer that follows starts afresh,
 * including the search for a `<think>` block.
 */
void
confab_message_set_content (ConfabMessage *self,
                            const char    *content)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (content == NULL)
    content = "";

  self->think = THINK_START;
  g_string_truncate (self->held, 0);

  if (g_str_equal (confab_message_get_content (self), content))
    return;

  if (self->content == NULL)
    {
      self->content = g_string_new (NULL);
      g_clear_pointer (&self->content_bytes, g_bytes_unref);
    }
  g_string_truncate (self->content, 0);
  confab_string_append_valid (self->content, content, strlen (content));
  self->text_epoch++;
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_CONTENT]);
}

/**
 * confab_message_dup_content_bytes:
 *
 * The content, shared rather than copied: @self keeps its text in the
 * bytes returned (and copies it before it changes it again), so that
 * the answer's row, its Markdown view and the store's writer hold one
 * copy of an answer of megabytes, not one each.  The bytes are valid
 * UTF-8, with a NUL byte after them.
 *
 * Returns: (transfer full): the content
 */
GBytes *
confab_message_dup_content_bytes (ConfabMessage *self)
{
  gsize length;

  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  /* Nothing to share. */
  if (self->content != NULL && self->content->len == 0)
    return g_bytes_new_static ("", 0);

  if (self->content_bytes == NULL)
    {
      /* The string's buffer becomes the bytes', with its NUL byte. */
      length = self->content->len;
      self->content_bytes = g_bytes_new_take (g_string_free (g_steal_pointer (&self->content), FALSE), length);
    }

  return g_bytes_ref (self->content_bytes);
}

/**
 * confab_message_set_content_from:
 * @other: another message
 *
 * Like confab_message_set_content() with the content of @other, which
 * the two then share (see confab_message_dup_content_bytes()): no copy
 * is made, nor checked again.
 */
void
confab_message_set_content_from (ConfabMessage *self,
                                 ConfabMessage *other)
{
  g_autoptr(GBytes) bytes = NULL;
  gsize length;

  g_return_if_fail (CONFAB_IS_MESSAGE (self));
  g_return_if_fail (CONFAB_IS_MESSAGE (other));

  if (self == other)
    return;

  self->think = THINK_START;
  g_string_truncate (self->held, 0);

  bytes = confab_message_dup_content_bytes (other);
  length = g_bytes_get_size (bytes);
  if (length == 0)
    {
      confab_message_set_content (self, "");
      return;
    }

  if (self->content_bytes == bytes ||
      (confab_message_get_content_length (self) == length &&
       memcmp (confab_message_get_content (self), g_bytes_get_data (bytes, NULL), length) == 0))
    return;

  if (self->content != NULL)
    g_string_free (g_steal_pointer (&self->content), TRUE);
  g_clear_pointer (&self->content_bytes, g_bytes_unref);
  self->content_bytes = g_steal_pointer (&bytes);
  self->text_epoch++;
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_CONTENT]);
}

/**
 * confab_message_get_text_epoch:
 *
 * Returns: a number that changes whenever the content or the reasoning
 *   is replaced rather than appended to, so that a view can append only
 *   what is new
 */
guint
confab_message_get_text_epoch (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->text_epoch;
}

gsize
confab_message_get_reasoning_length (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  return self->reasoning->len;
}

gsize
confab_message_get_content_length (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), 0);

  if (self->content == NULL)
    return g_bytes_get_size (self->content_bytes);

  return self->content->len;
}

const char *
confab_message_get_reasoning (ConfabMessage *self)
{
  g_return_val_if_fail (CONFAB_IS_MESSAGE (self), NULL);

  return self->reasoning->str;
}

void
confab_message_set_reasoning (ConfabMessage *self,
                              const char    *reasoning)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (reasoning == NULL)
    reasoning = "";

  if (g_str_equal (self->reasoning->str, reasoning))
    return;

  g_string_truncate (self->reasoning, 0);
  confab_string_append_valid (self->reasoning, reasoning, strlen (reasoning));
  self->text_epoch++;
  g_object_notify_by_pspec (G_OBJECT (self), confab_message_properties[PROP_REASONING]);
}

/**
 * confab_message_append_delta:
 * @content: (nullable): more of the answer
 * @reasoning: (nullable): more of the model's thinking
 *
 * Adds a streamed piece.  A `<think>` block at the start of the content
 * goes to #ConfabMessage:reasoning.  The cost is that of the piece, not
 * of the whole message.
 */
void
confab_message_append_delta (ConfabMessage *self,
                             const char    *content,
                             const char    *reasoning)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (reasoning != NULL)
    append_reasoning (self, reasoning, strlen (reasoning));

  if (content != NULL && *content != '\0')
    append_content_delta (self, content);
}

/**
 * confab_message_end_deltas:
 *
 * Says that no more pieces come, and gives back what was held in case
 * it was the start of a tag.
 */
void
confab_message_end_deltas (ConfabMessage *self)
{
  g_return_if_fail (CONFAB_IS_MESSAGE (self));

  if (self->held->len > 0)
    {
      if (self->think == THINK_INSIDE)
        append_reasoning (self, self->held->str, self->held->len);
      else
        append_content (self, self->held->str, self->held->len);

      g_string_truncate (self->held, 0);
    }

  self->think = THINK_DONE;
}

