/* confab-markdown-boundaries.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser-private.h"

/* Where a streamed answer can be cut into parts that are rendered once:
 * a scan of the lines for what surely starts a new top-level block,
 * checked against the blocks md4c found.
 */

gboolean
_confab_markdown_line_is_blank (const char *line,
                                gsize       length)
{
  for (gsize i = 0; i < length; i++)
    if (line[i] != ' ' && line[i] != '\t' && line[i] != '\r')
      return FALSE;

  return TRUE;
}

/* The number of fence characters a line starts with, after at most
 * three spaces: 0 unless three or more, as an opening or closing code
 * fence has.  @rest is where the fence ends.
 */
static gsize
fence_length (const char  *line,
              gsize        length,
              char        *fence_char,
              gsize       *rest)
{
  gsize i = 0;
  gsize start;

  while (i < length && i < 3 && line[i] == ' ')
    i++;

  if (i >= length || (line[i] != '`' && line[i] != '~'))
    return 0;

  start = i;
  *fence_char = line[i];
  while (i < length && line[i] == *fence_char)
    i++;

  *rest = i;

  return i - start >= 3 ? i - start : 0;
}

gboolean
_confab_markdown_line_opens_fence (const char *line,
                                   gsize       length,
                                   char       *fence_char,
                                   gsize      *fence_count)
{
  gsize rest = 0;
  gsize count = fence_length (line, length, fence_char, &rest);

  if (count == 0)
    return FALSE;

  /* The info string of a backtick fence has no backticks. */
  if (*fence_char == '`' && memchr (line + rest, '`', length - rest) != NULL)
    return FALSE;

  *fence_count = count;

  return TRUE;
}

gboolean
_confab_markdown_line_closes_fence (const char *line,
                                    gsize       length,
                                    char        fence_char,
                                    gsize       fence_count)
{
  char found = 0;
  gsize rest = 0;
  gsize count = fence_length (line, length, &found, &rest);

  return count >= fence_count && found == fence_char &&
         _confab_markdown_line_is_blank (line + rest, length - rest);
}

gboolean
_confab_markdown_line_is_atx_heading (const char *line,
                                      gsize       length)
{
  gsize i = 0;

  while (i < length && i < 7 && line[i] == '#')
    i++;

  return i >= 1 && i <= 6 &&
         (i == length || line[i] == ' ' || line[i] == '\t' || line[i] == '\r');
}

/* Whether a line starts with a list marker: a bullet, or a number and
 * a dot or parenthesis, then a space or nothing.
 */
static gboolean
is_list_item (const char *line,
              gsize       length)
{
  gsize i = 0;

  if (length > 0 && (line[0] == '-' || line[0] == '+' || line[0] == '*'))
    i = 1;
  else
    {
      while (i < length && i < 9 && g_ascii_isdigit (line[i]))
        i++;
      if (i == 0 || i >= length || (line[i] != '.' && line[i] != ')'))
        return FALSE;
      i++;
    }

  return i == length || line[i] == ' ' || line[i] == '\t' || line[i] == '\r';
}

/* A thematic break: three or more of the same of `*`, `-` or `_`, and
 * spaces.  md4c shows nothing of it.
 */
static gboolean
is_thematic_break (const char *line,
                   gsize       length)
{
  char mark = 0;
  guint count = 0;

  for (gsize i = 0; i < length; i++)
    {
      if (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')
        continue;

      if (mark == 0 && (line[i] == '*' || line[i] == '-' || line[i] == '_'))
        mark = line[i];

      if (line[i] != mark)
        return FALSE;

      count++;
    }

  return count >= 3;
}

typedef enum
{
  LINE_OTHER,
  LINE_FENCE,
  LINE_HEADING,
  LINE_LIST_ITEM,
  LINE_RULE,
} LineKind;

/* Whether md4c agrees that a top-level block starts at @offset of
 * @document, a line of @kind that ends at @line_end: none of the blocks
 * before goes on across, and the block there is what the line says.
 */
static gboolean
is_block_start (const ConfabMarkdownDocument *document,
                gsize                         offset,
                gsize                         line_end,
                LineKind                      kind)
{
  GArray *ranges = document->ranges;
  const ConfabMarkdownRange *next = NULL;
  const ConfabMarkdownRange *previous = NULL;
  guint i;

  for (i = 0; i < ranges->len; i++)
    {
      const ConfabMarkdownRange *range = &g_array_index (ranges, ConfabMarkdownRange, i);

      if (range->first >= 0 && range->last >= (gssize) offset)
        {
          if (range->first < (gssize) offset)
            return FALSE;

          next = range;
          break;
        }
    }

  if (i > 0)
    previous = &g_array_index (ranges, ConfabMarkdownRange, i - 1);

  switch (kind)
    {
    case LINE_FENCE:
      return next != NULL && next->kind == CONFAB_MARKDOWN_RANGE_CODE && next->first == (gssize) offset;

    case LINE_HEADING:
      return next != NULL && next->kind == CONFAB_MARKDOWN_RANGE_HEADING && next->first < (gssize) line_end;

    case LINE_RULE:
      return next == NULL || next->first >= (gssize) line_end;

    /* An item may belong to the list above even when md4c shows none of
     * it, so the block above must be known not to be a list.
     */
    case LINE_LIST_ITEM:
      return previous == NULL || (previous->first >= 0 && previous->kind != CONFAB_MARKDOWN_RANGE_LIST);

    case LINE_OTHER:
    default:
      return TRUE;
    }
}

/* Whether the candidate line at @offset of kind @kind, whose decision
 * is taken on text[cutter->base, end), starts a block.
 */
static gboolean
decide (ConfabMarkdownCutter *cutter,
        const char           *text,
        gsize                 offset,
        gsize                 line_end,
        gsize                 end,
        LineKind              kind)
{
  g_autoptr(ConfabMarkdownDocument) document = NULL;

  /* A long loose list would be parsed again at each of its items; past
   * this, an item starts a list of its own.
   */
  if (kind == LINE_LIST_ITEM && offset - cutter->base > CONFAB_MARKDOWN_MAX_LIST_PART)
    return TRUE;

  document = confab_markdown_parse (text + cutter->base, end - cutter->base);

  return is_block_start (document, offset - cutter->base, line_end - cutter->base, kind);
}

/**
 * confab_markdown_cutter_init:
 * @cutter: a #ConfabMarkdownCutter
 *
 * Makes @cutter start at the beginning of a text.
 */
void
confab_markdown_cutter_init (ConfabMarkdownCutter *cutter)
{
  g_return_if_fail (cutter != NULL);

  *cutter = (ConfabMarkdownCutter) { 0 };
}

/**
 * confab_markdown_cutter_scan:
 * @cutter: a #ConfabMarkdownCutter
 * @text: Markdown source, the text scanned before and maybe more
 * @length: the length of @text
 * @boundaries: a #GArray of #gsize to append to
 *
 * Finds where blocks at the top level of @text start that are known to
 * follow finished ones: the text before each boundary can be rendered
 * alone, once, and never again however @text goes on.  A boundary is
 * at the start of a complete line in column 0, outside any code fence,
 * that follows a blank line or a closing code fence, or that is an ATX
 * heading or an opening code fence, where md4c agrees that a block
 * starts (see is_block_start()).  What is not sure to be a boundary is
 * not one: too few boundaries only cost time.
 *
 * Each line is looked at once, when it is complete, and decided on the
 * text from the last boundary to its end (or the next line's, for code
 * fences and table headers) alone.  So the boundaries do not depend on
 * how @text arrived: scanning it whole finds the same as scanning each
 * of its prefixes in turn.
 */
void
confab_markdown_cutter_scan (ConfabMarkdownCutter *cutter,
                             const char           *text,
                             gsize                 length,
                             GArray               *boundaries)
{
  g_return_if_fail (cutter != NULL);
  g_return_if_fail (text != NULL || length == 0);
  g_return_if_fail (boundaries != NULL);

  while (cutter->offset < length)
    {
      gsize offset = cutter->offset;
      const char *line = text + offset;
      const char *newline = memchr (line, '\n', length - offset);
      gsize line_length;
      gboolean blank;
      char opener_char = 0;
      gsize opener_count = 0;

      /* The last line is never a boundary while it may still grow. */
      if (newline == NULL)
        break;

      line_length = newline - line;
      blank = _confab_markdown_line_is_blank (line, line_length);

      if (cutter->fence_char != 0)
        {
          cutter->previous_closed_fence = _confab_markdown_line_closes_fence (line, line_length, cutter->fence_char, cutter->fence_count);
          if (cutter->previous_closed_fence)
            cutter->fence_char = 0;
          cutter->previous_blank = FALSE;
          cutter->offset += line_length + 1;
          continue;
        }

      if (offset > cutter->base && !blank && line[0] != ' ' && line[0] != '\t')
        {
          gboolean after_block = cutter->previous_blank || cutter->previous_closed_fence;
          gboolean fence = _confab_markdown_line_opens_fence (line, line_length, &opener_char, &opener_count);
          LineKind kind = LINE_OTHER;
          gsize end = offset + line_length + 1;

          if (fence)
            kind = LINE_FENCE;
          else if (_confab_markdown_line_is_atx_heading (line, line_length))
            kind = LINE_HEADING;
          else if (after_block && is_thematic_break (line, line_length))
            kind = LINE_RULE;
          else if (is_list_item (line, line_length))
            kind = LINE_LIST_ITEM;

          /* A code fence is decided with its first line of code, which
           * shows where it is; a line with a pipe may be the header of
           * a table, with cells md4c shows nothing of: the next line
           * says.
           */
          if (fence || memchr (line, '|', line_length) != NULL)
            {
              const char *next_newline = memchr (newline + 1, '\n', length - end);

              if (next_newline == NULL)
                break;
              end = next_newline - text + 1;
            }

          if ((after_block || kind == LINE_FENCE || kind == LINE_HEADING) &&
              decide (cutter, text, offset, offset + line_length, end, kind))
            {
              g_array_append_val (boundaries, offset);
              cutter->base = offset;
            }
        }

      if (_confab_markdown_line_opens_fence (line, line_length, &opener_char, &opener_count))
        {
          cutter->fence_char = opener_char;
          cutter->fence_count = opener_count;
        }

      cutter->previous_blank = blank;
      cutter->previous_closed_fence = FALSE;
      cutter->offset += line_length + 1;
    }
}
