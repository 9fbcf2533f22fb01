/* confab-sse-parser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "confab-sse-parser.h"

/* An incremental parser for Server-Sent Events, after the WHATWG HTML
 * standard's "event stream interpretation": bytes go in as the network
 * hands them over, split anywhere, and each complete event comes out
 * through the callback.
 *
 * Every byte is looked at once.  Input is scanned for line ends where it
 * lies; only the unfinished last line of a chunk is copied, into a buffer
 * that by construction never holds a line end, so it is never scanned
 * again.  That buffer and the event's data are capped at max_line bytes.
 */

struct _ConfabSseParser
{
  gsize               max_line;
  ConfabSseEventFunc  func;
  gpointer            user_data;
  GDestroyNotify      destroy;

  /* The unfinished line; it never holds a CR or a LF. */
  GString            *line;
  /* The data lines of the event being read, joined with LF. */
  GString            *data;
  /* The event type; empty means "message". */
  GString            *event_type;
  /* Set once feeding failed; every later feed fails with it. */
  GError             *error;

  /* How many bytes of a byte order mark the stream started with. */
  guint               bom_matched;
  /* Nothing but the start of a byte order mark was seen yet. */
  guint               at_start : 1;
  /* The event has had a data line, maybe an empty one. */
  guint               has_data : 1;
  /* The last line ended in CR: a LF right after it belongs to it. */
  guint               skip_lf : 1;
  guint               in_feed : 1;
};

static const char bom[] = "\xEF\xBB\xBF";

G_DEFINE_QUARK (confab-sse-parser-error-quark, confab_sse_parser_error)

static gboolean
confab_sse_parser_fail (ConfabSseParser  *self,
                        GError          **error,
                        const char       *message)
{
  g_assert (self->error == NULL);

  self->error = g_error_new_literal (CONFAB_SSE_PARSER_ERROR,
                                     CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG,
                                     message);

  /* What was buffered is of no use any more. */
  g_string_truncate (self->line, 0);
  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
  self->has_data = FALSE;

  g_propagate_error (error, g_error_copy (self->error));

  return FALSE;
}

static gboolean
confab_sse_parser_fail_line (ConfabSseParser  *self,
                             GError          **error)
{
  return confab_sse_parser_fail (self, error,
                                 _("The server sent a line that is too long"));
}

static gboolean
field_is (const char *name,
          gsize       name_length,
          const char *field)
{
  gsize field_length = strlen (field);

  return name_length == field_length && memcmp (name, field, field_length) == 0;
}

static void
confab_sse_parser_dispatch (ConfabSseParser *self)
{
  if (self->has_data)
    {
      const char *event_type = self->event_type->len > 0 ? self->event_type->str : "message";

      self->func (event_type, self->data->str, self->data->len, self->user_data);
    }

  g_string_truncate (self->data, 0);
  g_string_truncate (self->event_type, 0);
  self->has_data = FALSE;
}

/* Interprets one complete line, without its line end. */
static gboolean
confab_sse_parser_process_line (ConfabSseParser  *self,
                                const char       *line,
                                gsize             length,
                                GError          **error)
{
  const char *colon;
  const char *value;
  gsize name_length;
  gsize value_length;

  if (length == 0)
    {
      confab_sse_parser_dispatch (self);
      return TRUE;
    }

  /* A comment, such as a keep-alive. */
  if (line[0] == ':')
    return TRUE;

  colon = memchr (line, ':', length);

  if (colon != NULL)
    {
      name_length = colon - line;
      value = colon + 1;
      value_length = length - name_length - 1;

      if (value_length > 0 && value[0] == ' ')
        {
          value++;
          value_length--;
        }
    }
  else
    {
      /* The whole line is the field name, and the value is empty. */
      name_length = length;
      value = line + length;
      value_length = 0;
    }

  if (field_is (line, name_length, "data"))
    {
      gsize joined_length = self->data->len + (self->has_data ? 1 : 0) + value_length;

      if (joined_length > self->max_line)
        return confab_sse_parser_fail (self, error,
                                       _("The server sent an event that is too long"));

      if (self->has_data)
        g_string_append_c (self->data, '\n');

      g_string_append_len (self->data, value, value_length);
      self->has_data = TRUE;
    }
  else if (field_is (line, name_length, "event"))
    {
      g_string_truncate (self->event_type, 0);
      g_string_append_len (self->event_type, value, value_length);
    }

  /* "id", "retry" and unknown fields mean nothing to us. */

  return TRUE;
}

/* Finds the first CR or LF in @data, or returns @length. */
static gsize
find_line_end (const char *data,
               gsize       length)
{
  for (gsize i = 0; i < length; i++)
    {
      if (data[i] == '\n' || data[i] == '\r')
        return i;
    }

  return length;
}

static gboolean
confab_sse_parser_feed_lines (ConfabSseParser  *self,
                              const char       *data,
                              gsize             length,
                              GError          **error)
{
  gsize pos = 0;

  while (pos < length)
    {
      const char *start;
      gsize line_length;

      if (self->skip_lf)
        {
          self->skip_lf = FALSE;

          if (data[pos] == '\n')
            {
              pos++;
              continue;
            }
        }

      start = data + pos;
      line_length = find_line_end (start, length - pos);

      if (self->line->len + line_length > self->max_line)
        return confab_sse_parser_fail_line (self, error);

      if (pos + line_length == length)
        {
          /* No line end yet: keep the beginning of the line for later. */
          g_string_append_len (self->line, start, line_length);
          break;
        }

      self->skip_lf = start[line_length] == '\r';
      pos += line_length + 1;

      if (self->line->len > 0)
        {
          g_string_append_len (self->line, start, line_length);

          if (!confab_sse_parser_process_line (self, self->line->str, self->line->len, error))
            return FALSE;

          g_string_truncate (self->line, 0);
        }
      else if (!confab_sse_parser_process_line (self, start, line_length, error))
        {
          return FALSE;
        }
    }

  return TRUE;
}

/**
 * confab_sse_parser_new:
 * @max_line: the longest line, and the most data of one event, in bytes,
 *   or 0 for %CONFAB_SSE_PARSER_DEFAULT_MAX_LINE
 * @func: called for each event
 * @user_data: data for @func
 * @destroy: (nullable): frees @user_data with the parser
 *
 * Returns: (transfer full): a new parser
 */
ConfabSseParser *
confab_sse_parser_new (gsize               max_line,
                       ConfabSseEventFunc  func,
                       gpointer            user_data,
                       GDestroyNotify      destroy)
{
  ConfabSseParser *self;

  g_return_val_if_fail (func != NULL, NULL);

  self = g_new0 (ConfabSseParser, 1);
  self->max_line = max_line > 0 ? max_line : CONFAB_SSE_PARSER_DEFAULT_MAX_LINE;
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->line = g_string_new (NULL);
  self->data = g_string_new (NULL);
  self->event_type = g_string_new (NULL);
  self->at_start = TRUE;

  return self;
}

/**
 * confab_sse_parser_feed:
 * @self: a parser
 * @data: (array length=length): the next bytes of the stream
 * @length: the length of @data
 * @error: a location for a #GError
 *
 * Parses the next bytes of the stream, calling the event function for
 * each event they complete.  An event the stream ends in the middle of
 * is never dispatched.
 *
 * Returns: %FALSE, with %CONFAB_SSE_PARSER_ERROR_LINE_TOO_LONG, when a
 *   line or an event is longer than the parser's cap; the parser then
 *   refuses any further data
 */
gboolean
confab_sse_parser_feed (ConfabSseParser  *self,
                        const char       *data,
                        gsize             length,
                        GError          **error)
{
  gsize pos = 0;
  gboolean ret;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (!self->in_feed, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (self->error != NULL)
    {
      g_propagate_error (error, g_error_copy (self->error));
      return FALSE;
    }

  if (length == 0)
    return TRUE;

  /* One byte order mark at the very start is skipped, even when it
   * comes in pieces.
   */
  while (self->at_start && pos < length)
    {
      if ((guchar) data[pos] == (guchar) bom[self->bom_matched])
        {
          pos++;

          if (++self->bom_matched == strlen (bom))
            self->at_start = FALSE;
        }
      else
        {
          self->at_start = FALSE;

          /* Not a byte order mark after all: what looked like its
           * beginning starts the first line.  It holds no line end.
           */
          if (self->bom_matched > self->max_line)
            return confab_sse_parser_fail_line (self, error);

          g_string_append_len (self->line, bom, self->bom_matched);
        }
    }

  self->in_feed = TRUE;
  ret = confab_sse_parser_feed_lines (self, data + pos, length - pos, error);
  self->in_feed = FALSE;

  return ret;
}

void
confab_sse_parser_free (ConfabSseParser *self)
{
  if (self == NULL)
    return;

  g_return_if_fail (!self->in_feed);

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  g_string_free (self->line, TRUE);
  g_string_free (self->data, TRUE);
  g_string_free (self->event_type, TRUE);
  g_clear_error (&self->error);
  g_free (self);
}

/**
 * confab_sse_data_is_done:
 * @data: (nullable): an event's data
 * @length: the length of @data
 *
 * Returns: %TRUE when @data is the `[DONE]` that ends a chat completion
 *   stream, give or take white space around it
 */
gboolean
confab_sse_data_is_done (const char *data,
                         gsize       length)
{
  static const char done[] = "[DONE]";

  g_return_val_if_fail (data != NULL || length == 0, FALSE);

  while (length > 0 && g_ascii_isspace (data[0]))
    {
      data++;
      length--;
    }

  while (length > 0 && g_ascii_isspace (data[length - 1]))
    length--;

  return length == strlen (done) && memcmp (data, done, length) == 0;
}
