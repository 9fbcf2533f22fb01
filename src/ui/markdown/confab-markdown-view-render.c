/* confab-markdown-view-render.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-code-block.h"
#include "confab-markdown-view-private.h"

/* How the blocks of a parsed part become pieces of a
 * ConfabMarkdownView: prose in text views, a widget of its own for each
 * code block, table and rule; the widgets the tail showed before are
 * used again where they can be.
 */

/* Prose after this many characters of a text view starts another. */
#define MAX_TEXT_VIEW_CHARS 4096

/* The next widget of the tail rendered before that has @type, to show
 * something else; those it skips are dropped.
 */
static GtkWidget *
take_widget (ConfabMarkdownRender *render,
             GType                 type)
{
  for (guint i = render->reuse_index; i < render->reuse->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (render->reuse, i);

      /* The widget stays a piece; the array lets go of it. */
      if (widget != NULL && G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
        {
          render->reuse_index = i + 1;
          render->reuse->pdata[i] = NULL;
          g_object_unref (widget);
          return widget;
        }
    }

  return NULL;
}

static void
place_widget (ConfabMarkdownRender *render,
              GtkWidget            *widget)
{
  gboolean placed = confab_markdown_pieces_contain (render->view, widget);

  /* A new piece is mapped once a layout found it near what shows
   * (confab_markdown_viewport_map_near()), not as it is added; at
   * once in a mapped view that nothing scrolls, which shows all.
   */
  if (!placed)
    gtk_widget_set_child_visible (widget, !gtk_widget_get_mapped (render->view) ? FALSE :
                                          CONFAB_MARKDOWN_VIEW (render->view)->viewport.scrollable == NULL);

  if (!placed || confab_markdown_piece_get_prev (widget) != render->last)
    confab_markdown_pieces_insert (render->view, widget, render->last);

  render->last = widget;
  g_ptr_array_add (render->placed, g_object_ref (widget));
}

static guint
quote_depth (const ConfabMarkdownBlock *block)
{
  return MIN (block->quote_depth, CONFAB_MARKDOWN_MAX_QUOTE_DEPTH);
}

static guint
get_quote_depth (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), CONFAB_MARKDOWN_QUOTE_KEY));
}

static void
set_quote_depth (GtkWidget                 *widget,
                 const ConfabMarkdownBlock *block)
{
  g_object_set_data (G_OBJECT (widget), CONFAB_MARKDOWN_QUOTE_KEY, GUINT_TO_POINTER (quote_depth (block)));
}

static GtkTextView *
ensure_text_view (ConfabMarkdownRender *render)
{
  GtkWidget *view;

  if (render->text != NULL)
    return render->text;

  if ((view = take_widget (render, GTK_TYPE_TEXT_VIEW)) != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "", 0);
  else
    view = confab_markdown_view_create_text_view ();

  place_widget (render, view);
  render->text = GTK_TEXT_VIEW (view);
  g_object_set_data (G_OBJECT (view), CONFAB_MARKDOWN_CONTINUED_KEY, NULL);

  /* A text view that is realized lays out the line of its cursor; while
   * it is empty, that costs nothing.  The view may be hidden yet, as an
   * answer's is until its first text.  One that is not near what shows
   * is left unrealized, as those scrolled past are
   * (confab_markdown_view_hide_piece()): thousands realized would be
   * unrealized at once when the view is taken away, the input method
   * of each disconnecting from the settings that all of them share.
   */
  if (!gtk_widget_get_realized (view) && gtk_widget_get_realized (render->view) &&
      gtk_widget_get_child_visible (view))
    gtk_widget_realize (view);

  return render->text;
}

/* A paragraph longer than LONG_PROSE bytes is shown in pieces of about
 * PIECE_BYTES, each in a text view of its own, one right below the
 * other: a text view lays out each of its paragraphs whole, and one of
 * megabytes would take it many seconds, in one go, before it could draw
 * a line of it.  Where a piece ends, a line ends; nothing is added to
 * the text.
 */
#define LONG_PROSE  (16 * 1024)
#define PIECE_BYTES (4 * 1024)

/* Whether @c may end a piece: not a mark or joiner that belongs with
 * the character before it.
 */
static gboolean
may_start_piece (gunichar c)
{
  return !g_unichar_ismark (c) && !g_unichar_iszerowidth (c) &&
         !(c >= 0xfe00 && c <= 0xfe0f) && !(c >= 0x1f3fb && c <= 0x1f3ff);
}

/* Where the piece of @block's text that starts at @from ends: after a
 * sentence's end near PIECE_BYTES on, else after a space, else between
 * two characters; never inside a formula, whose source the copy of
 * each piece would repeat.
 */
static gsize
find_piece_end (const ConfabMarkdownBlock *block,
                gsize                      from)
{
  const char *text = block->content.text->str;
  gsize length = block->content.text->len;
  gsize limit = from + PIECE_BYTES;
  gsize low = from + PIECE_BYTES / 2;
  gsize end = 0;

  if (length - from <= PIECE_BYTES + PIECE_BYTES / 2)
    return length;

  for (gsize i = limit; i > low && end == 0; i--)
    if (text[i - 1] == ' ' && i >= 2 && strchr (".!?", text[i - 2]) != NULL)
      end = i;

  for (gsize i = limit; i > low && end == 0; i--)
    if (text[i - 1] == ' ' || text[i - 1] == '\n')
      end = i;

  if (end == 0)
    {
      const char *p = g_utf8_find_prev_char (text + from, text + limit + 1);

      while (p != NULL && p > text + low && !may_start_piece (g_utf8_get_char (p)))
        p = g_utf8_find_prev_char (text + from, p);
      end = p != NULL && p > text + from ? (gsize) (p - text) : limit;
      while (end < length && (text[end] & 0xc0) == 0x80)
        end++;
    }

  for (guint i = 0; i < block->content.spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (block->content.spans, ConfabMarkdownSpan, i);

      if (span->source != NULL && span->start < end && span->end > end)
        end = span->end;
    }

  return MIN (end, length);
}

/* The next widget of the tail rendered before, when it is a text view
 * that shows just what @block would, in a text view of its own, as a
 * piece of a long paragraph does when the tail of a streamed answer is
 * parsed again: it is used as it is, laid out already.  Not one with a
 * list marker, links or formulas, whose tags were taken back with the
 * tail's.
 */
/* The data key of what a text view that shows a piece of a long
 * paragraph shows it as: its kind and level, plus one.
 */
#define PIECE_KEY "confab-piece"

static gpointer
piece_shape (const ConfabMarkdownBlock *block)
{
  return GUINT_TO_POINTER ((guint) block->kind * 16 + MIN (block->level, 15) + 1);
}

static GtkWidget *
take_same_text_view (ConfabMarkdownRender      *render,
                     const ConfabMarkdownBlock *block,
                     gboolean                   continued)
{
  GtkWidget *widget;
  GtkTextBuffer *buffer;
  GtkTextIter start;
  GtkTextIter end;
  g_autofree char *text = NULL;

  if (render->reuse_index >= render->reuse->len || block->marker != NULL)
    return NULL;

  widget = g_ptr_array_index (render->reuse, render->reuse_index);
  if (widget == NULL || !GTK_IS_TEXT_VIEW (widget) || get_quote_depth (widget) != quote_depth (block) ||
      (g_object_get_data (G_OBJECT (widget), CONFAB_MARKDOWN_CONTINUED_KEY) != NULL) != continued ||
      g_object_get_data (G_OBJECT (widget), PIECE_KEY) != piece_shape (block))
    return NULL;

  for (guint i = 0; i < block->content.spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (block->content.spans, ConfabMarkdownSpan, i);

      if (span->href != NULL || span->source != NULL)
        return NULL;
    }

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (widget));
  if (gtk_text_buffer_get_line_count (buffer) != 2)
    return NULL;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, TRUE);
  if (strlen (text) != block->content.text->len + 1 ||
      memcmp (text, block->content.text->str, block->content.text->len) != 0)
    return NULL;

  return take_widget (render, GTK_TYPE_TEXT_VIEW);
}

static void
render_prose (ConfabMarkdownRender      *render,
              const ConfabMarkdownBlock *block,
              gboolean                   piece,
              gboolean                   continued)
{
  /* A text view that changes is drawn again whole, so a long run of
   * prose goes into several: while it streams, only the last of them
   * is drawn each frame.  The cut depends only on what is before it,
   * so it is the same however the answer arrived.
   */
  if (render->text != NULL &&
      gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (render->text)) >= MAX_TEXT_VIEW_CHARS)
    render->text = NULL;

  /* A block quote has text views of its own, for its bar beside them. */
  if (render->text != NULL && get_quote_depth (GTK_WIDGET (render->text)) != quote_depth (block))
    render->text = NULL;

  if (continued)
    render->text = NULL;

  /* A text view of before that shows the same piece stays as it is. */
  if (piece && render->text == NULL)
    {
      GtkWidget *same = take_same_text_view (render, block, continued);

      if (same != NULL)
        {
          place_widget (render, same);
          render->text = GTK_TEXT_VIEW (same);
          return;
        }
    }

  confab_markdown_view_append_prose (ensure_text_view (render), block, render->link_tags, render->shows_end);
  confab_markdown_layout_changed (render->layout, GTK_WIDGET (render->text));
  confab_markdown_layout_added (render->layout, block->content.text->len);
  set_quote_depth (GTK_WIDGET (render->text), block);
  g_object_set_data (G_OBJECT (render->text), PIECE_KEY, piece ? piece_shape (block) : NULL);
  if (continued)
    g_object_set_data (G_OBJECT (render->text), CONFAB_MARKDOWN_CONTINUED_KEY, GINT_TO_POINTER (TRUE));
}

/* Renders the piece of the long paragraph @block from @from to @end:
 * its text, the part of each style in it, and, in the first, the list
 * marker.
 */
static void
render_piece (ConfabMarkdownRender      *render,
              const ConfabMarkdownBlock *block,
              gsize                      from,
              gsize                      end)
{
  ConfabMarkdownBlock piece = *block;
  g_autoptr(GString) text = g_string_new_len (block->content.text->str + from, end - from);
  g_autoptr(GArray) spans = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownSpan));

  for (guint i = 0; i < block->content.spans->len; i++)
    {
      ConfabMarkdownSpan span = g_array_index (block->content.spans, ConfabMarkdownSpan, i);

      if (span.end <= from || span.start >= end)
        continue;

      span.start = MAX (span.start, from) - from;
      span.end = MIN (span.end, end) - from;
      g_array_append_val (spans, span);
    }

  piece.content.text = text;
  piece.content.spans = spans;
  if (from > 0)
    piece.marker = NULL;

  render_prose (render, &piece, TRUE, from > 0);
}

/**
 * confab_markdown_render_block:
 * @render: where to render
 * @block: a block of a parsed part
 * @offset: (inout): where in @block's text to go on, 0 at first
 *
 * Renders @block, or of a long paragraph the next piece, from @offset.
 *
 * Returns: whether all of @block is rendered; when not, @offset is
 *   where the next piece starts
 */
gboolean
confab_markdown_render_block (ConfabMarkdownRender      *render,
                              const ConfabMarkdownBlock *block,
                              gsize                     *offset)
{
  GtkWidget *widget;

  switch (block->kind)
    {
    case CONFAB_MARKDOWN_BLOCK_PARAGRAPH:
    case CONFAB_MARKDOWN_BLOCK_HEADING:
    case CONFAB_MARKDOWN_BLOCK_MATH:
      if (block->content.text->len > LONG_PROSE)
        {
          gsize end = find_piece_end (block, *offset);

          render_piece (render, block, *offset, end);
          *offset = end;

          return end >= block->content.text->len;
        }

      render_prose (render, block, FALSE, FALSE);
      return TRUE;

    case CONFAB_MARKDOWN_BLOCK_CODE:
      if ((widget = take_widget (render, CONFAB_TYPE_MARKDOWN_CODE_BLOCK)) == NULL)
        widget = confab_markdown_code_block_new ();
      confab_markdown_code_block_set_language (CONFAB_MARKDOWN_CODE_BLOCK (widget), block->language);
      confab_markdown_code_block_set_code (CONFAB_MARKDOWN_CODE_BLOCK (widget),
                                           block->content.text->str, block->content.text->len);
      confab_markdown_layout_added (render->layout, block->content.text->len);
      break;

    case CONFAB_MARKDOWN_BLOCK_TABLE:
      widget = confab_markdown_view_create_table (block);
      break;

    case CONFAB_MARKDOWN_BLOCK_RULE:
    default:
      if ((widget = take_widget (render, GTK_TYPE_SEPARATOR)) == NULL)
        {
          widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
          gtk_widget_set_name (widget, "markdown-rule");
        }
      break;
    }

  gtk_widget_set_margin_start (widget, confab_markdown_view_get_block_margin (block));
  set_quote_depth (widget, block);
  place_widget (render, widget);
  render->text = NULL;

  return TRUE;
}

void
confab_markdown_render_document (ConfabMarkdownRender         *render,
                                 const ConfabMarkdownDocument *document)
{
  for (guint i = 0; i < document->blocks->len; i++)
    {
      gsize offset = 0;

      while (!confab_markdown_render_block (render, g_ptr_array_index (document->blocks, i), &offset))
        ;
    }
}
