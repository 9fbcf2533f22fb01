/* confab-markdown-walk.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser-private.h"

/* What confab_markdown_parse() does with what md4c reports: text made
 * safe to show, the source each top-level block showed, and the blocks
 * of the document as lists and quotes open and close around them.
 */

/* Appends @length bytes of @text, with every byte that is not part of
 * valid UTF-8, and every nul byte, replaced by U+FFFD.
 */
void
_confab_markdown_walk_append_valid (GString    *string,
                                    const char *text,
                                    gsize       length)
{
  const char *end;

  while (length > 0)
    {
      gsize valid;

      g_utf8_validate_len (text, length, &end);
      valid = end - text;
      g_string_append_len (string, text, valid);
      text += valid;
      length -= valid;

      if (length > 0)
        {
          g_string_append (string, REPLACEMENT_CHARACTER);
          text++;
          length--;
        }
    }
}

/* Appends text that must stay on one line of a text buffer: line and
 * paragraph ends become spaces, U+2029 PARAGRAPH SEPARATOR becomes a
 * line break within the paragraph.
 */
void
_confab_markdown_walk_append_one_line (GString    *string,
                                       const char *text,
                                       gsize       length)
{
  gsize from = string->len;

  _confab_markdown_walk_append_valid (string, text, length);

  for (gsize i = from; i < string->len; i++)
    {
      if (string->str[i] == '\n' || string->str[i] == '\r')
        string->str[i] = ' ';
      else if ((guchar) string->str[i] == 0xe2 && i + 2 < string->len &&
               (guchar) string->str[i + 1] == 0x80 && (guchar) string->str[i + 2] == 0xa9)
        string->str[i + 2] = (char) 0xa8;
    }
}

/* The text of @attribute, at most @max_length bytes of it; an attribute
 * in the input ends with it, as text does in text_cb().
 */
char *
_confab_markdown_walk_attribute_to_string (Walk               *walk,
                                           const MD_ATTRIBUTE *attribute,
                                           gsize               max_length)
{
  GString *string = g_string_new (NULL);
  gsize size = attribute->size;

  if (attribute->text == NULL)
    size = 0;
  else if (attribute->text >= walk->source && attribute->text <= walk->source + walk->length)
    size = MIN (size, (gsize) (walk->source + walk->length - attribute->text));

  /* md4c read a copy that has other characters for dollars; an
   * attribute with entities or escapes is in md4c's own buffer, where
   * they stay.
   */
  if (size > 0 && attribute->text >= walk->source && attribute->text < walk->source + walk->length)
    _confab_markdown_walk_append_valid (string, walk->original + (attribute->text - walk->source), MIN (size, max_length));
  else if (size > 0)
    _confab_markdown_walk_append_valid (string, attribute->text, MIN (size, max_length));

  /* Cut at a character boundary. */
  if (string->len > 0 && size > max_length)
    {
      const char *end = g_utf8_find_prev_char (string->str, string->str + string->len);

      g_string_truncate (string, end != NULL ? (gsize) (end - string->str) : 0);
    }

  return g_string_free (string, FALSE);
}

gssize
_confab_markdown_walk_find_line_start (Walk   *walk,
                                       gssize  offset)
{
  while (offset > 0 && walk->source[offset - 1] != '\n')
    offset--;

  return offset;
}

/* The start of the line of the code fence above the code at @offset:
 * the first line before it that is not blank.
 */
static gssize
find_fence_start (Walk   *walk,
                  gssize  offset)
{
  gssize line = _confab_markdown_walk_find_line_start (walk, offset);

  while (line > 0)
    {
      gssize previous = _confab_markdown_walk_find_line_start (walk, line - 1);
      gboolean blank = TRUE;

      for (gssize i = previous; i < line - 1 && blank; i++)
        blank = walk->source[i] == ' ' || walk->source[i] == '\t' || walk->source[i] == '\r';

      line = previous;
      if (!blank)
        break;
    }

  return line;
}

/* Notes that md4c showed @size bytes of the input at @text as part of
 * the current top-level block.
 */
void
_confab_markdown_walk_note_source (Walk       *walk,
                                   const char *text,
                                   gsize       size)
{
  ConfabMarkdownRange *range;
  gssize offset;

  if (walk->document->ranges->len == 0 || size == 0)
    return;

  if (text < walk->source || text >= walk->source + walk->length)
    return;

  offset = text - walk->source;
  range = &g_array_index (walk->document->ranges, ConfabMarkdownRange, walk->document->ranges->len - 1);

  /* A block that starts with a fenced code block starts at the fence,
   * which md4c does not show when it has no info string.
   */
  if (range->first < 0 && walk->in_bare_fence)
    offset = find_fence_start (walk, offset);

  if (range->first < 0 || offset < range->first)
    range->first = offset;
  range->last = MAX (range->last, (gssize) (text - walk->source) + (gssize) size - 1);
}

static gboolean
in_tight_list (Walk *walk)
{
  return walk->lists->len > 0 && g_array_index (walk->lists, List, walk->lists->len - 1).tight;
}

ConfabMarkdownBlock *
_confab_markdown_walk_add_block (Walk                    *walk,
                                 ConfabMarkdownBlockKind  kind)
{
  ConfabMarkdownBlock *block = g_new0 (ConfabMarkdownBlock, 1);
  gboolean takes_marker = kind == CONFAB_MARKDOWN_BLOCK_PARAGRAPH ||
                          kind == CONFAB_MARKDOWN_BLOCK_HEADING;

  /* A list item that starts with a code block, a rule or a table shows
   * its marker on a line of its own.
   */
  if (walk->pending_marker != NULL && !takes_marker)
    {
      _confab_markdown_walk_add_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
      _confab_markdown_walk_close_current (walk);
    }

  block->kind = kind;
  block->list_depth = walk->lists->len;
  block->quote_depth = walk->quote_depth;
  block->tight = walk->lists->len > 0 && in_tight_list (walk) && !walk->list_first;
  if (takes_marker)
    block->marker = g_steal_pointer (&walk->pending_marker);
  confab_markdown_inline_init (&block->content);

  if (walk->lists->len > 0)
    walk->list_first = FALSE;

  g_ptr_array_add (walk->document->blocks, block);

  return block;
}

void
_confab_markdown_walk_close_spans (Walk *walk)
{
  for (guint i = 0; i < walk->spans->len; i++)
    {
      OpenSpan *open = &g_array_index (walk->spans, OpenSpan, i);

      if (open->target == walk->target)
        open->target = NULL;
    }
}

void
_confab_markdown_walk_close_current (Walk *walk)
{
  ConfabMarkdownBlock *block = walk->current;

  if (block == NULL)
    return;

  _confab_markdown_walk_close_spans (walk);

  /* Code ends without the newline of its last line. */
  if (block->kind == CONFAB_MARKDOWN_BLOCK_CODE &&
      block->content.text->len > 0 &&
      block->content.text->str[block->content.text->len - 1] == '\n')
    g_string_truncate (block->content.text, block->content.text->len - 1);

  walk->current = NULL;
  walk->target = NULL;
  walk->in_bare_fence = FALSE;
}

void
_confab_markdown_walk_open_block (Walk                    *walk,
                                  ConfabMarkdownBlockKind  kind)
{
  _confab_markdown_walk_close_current (walk);
  walk->current = _confab_markdown_walk_add_block (walk, kind);
  walk->target = &walk->current->content;
}

void
_confab_markdown_walk_flush_marker (Walk *walk)
{
  if (walk->pending_marker != NULL)
    {
      _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
      _confab_markdown_walk_close_current (walk);
    }
}

/* Where inline text goes; the items of a tight list have text without
 * a paragraph around it.
 */
ConfabMarkdownInline *
_confab_markdown_walk_ensure_target (Walk *walk)
{
  if (walk->target == NULL && walk->table == NULL)
    _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);

  return walk->target;
}

char *
_confab_markdown_walk_make_marker (Walk                     *walk,
                                   const MD_BLOCK_LI_DETAIL *detail)
{
  static const char *bullets[] = { "•", "◦", "▪" };
  List *list;

  if (detail != NULL && detail->is_task)
    return g_strdup (detail->task_mark == ' ' ? "☐" : "☑");

  if (walk->lists->len == 0)
    return g_strdup ("•");

  list = &g_array_index (walk->lists, List, walk->lists->len - 1);

  if (list->ordered)
    return g_strdup_printf ("%u.", list->number++);

  return g_strdup (bullets[(walk->lists->len - 1) % G_N_ELEMENTS (bullets)]);
}
