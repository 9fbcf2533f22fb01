/* confab-markdown-parser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser-private.h"
#include "confab-math.h"

/* What md4c is asked for: GitHub's dialect without any raw HTML, with
 * the flags spelled out so that md4c versions with a wider
 * MD_DIALECT_GITHUB (0.5 adds footnotes and admonitions) render alike.
 */
#define CONFAB_MARKDOWN_FLAGS (MD_FLAG_TABLES |                \
                               MD_FLAG_STRIKETHROUGH |         \
                               MD_FLAG_TASKLISTS |             \
                               MD_FLAG_PERMISSIVEAUTOLINKS |   \
                               MD_FLAG_LATEXMATHSPANS |        \
                               MD_FLAG_NOHTML)

/* Display math in a paragraph is a block of its own; elsewhere (in a
 * heading, a table's cell) it is inline.
 */
static void
enter_math (Walk     *walk,
            gboolean  display)
{
  /* md4c can open a formula inside another (display math in a quote,
   * with a link's address holding a $): the inner one is text of the
   * outer one.
   */
  if (walk->math_text != NULL)
    {
      walk->math_nested++;
      return;
    }

  walk->math_text = g_string_new (NULL);
  walk->math_offset = -1;
  walk->math_block = FALSE;

  if (!display || walk->table != NULL ||
      (walk->current != NULL && walk->current->kind != CONFAB_MARKDOWN_BLOCK_PARAGRAPH))
    return;

  if (walk->current != NULL && walk->current->content.text->len == 0 &&
      walk->current->content.spans->len == 0 && walk->current->marker == NULL)
    {
      walk->current->kind = CONFAB_MARKDOWN_BLOCK_MATH;
    }
  else
    {
      /* The paragraph before ends without the space before the math. */
      if (walk->current != NULL)
        {
          GString *text = walk->current->content.text;
          GArray *spans = walk->current->content.spans;

          while (text->len > 0 && text->str[text->len - 1] == ' ')
            g_string_truncate (text, text->len - 1);
          for (guint i = spans->len; i-- > 0; )
            {
              ConfabMarkdownSpan *span = &g_array_index (spans, ConfabMarkdownSpan, i);

              span->end = MIN (span->end, text->len);
              if (span->start >= span->end)
                {
                  g_free (span->href);
                  g_free (span->source);
                  g_array_remove_index (spans, i);
                }
            }
        }
      _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_MATH);
    }

  walk->math_block = TRUE;
}

static void
append_math_span (ConfabMarkdownInline *target,
                  ConfabMarkdownStyle   style,
                  guint                 start,
                  const char           *source)
{
  ConfabMarkdownSpan span = { style, start, target->text->len, NULL, g_strdup (source) };

  if (span.end > span.start)
    g_array_append_val (target->spans, span);
  else
    g_free (span.source);
}

/* The formula read since enter_math(), typeset, with its source. */
static void
leave_math (Walk     *walk,
            gboolean  display)
{
  g_autoptr(GString) content = NULL;
  g_autoptr(ConfabMath) math = NULL;
  g_autofree char *source = NULL;
  const ConfabMarkdownMath *region = NULL;
  ConfabMarkdownInline *target;
  guint start;

  if (walk->math_nested > 0)
    {
      walk->math_nested--;
      return;
    }
  if (walk->math_text == NULL)
    return;
  content = g_steal_pointer (&walk->math_text);

  if (walk->math_offset >= 0)
    region = _confab_markdown_find_region (walk->math, walk->math_offset);

  if (region != NULL)
    {
      g_autoptr(GString) string = g_string_new (NULL);

      _confab_markdown_walk_append_valid (string, walk->original + region->open, region->end - region->open);
      source = g_string_free (g_steal_pointer (&string), FALSE);

      /* What md4c showed of it is its TeX without the marks of quotes
       * and lists; md4c's copy ends the TeX of \(…\) with what stands
       * for the backslash of \).
       */
      if (walk->original[region->open] == '\\' && walk->original[region->open + 1] == '(' &&
          content->len > 0 && content->str[content->len - 1] == '\\')
        g_string_truncate (content, content->len - 1);
    }
  else
    {
      source = g_strconcat (display ? "$$" : "$", content->str, display ? "$$" : "$", NULL);
    }

  math = confab_math_typeset (content->str, content->len, walk->math_block);

  if ((target = _confab_markdown_walk_ensure_target (walk)) == NULL)
    return;
  start = target->text->len;

  if (math != NULL)
    {
      static const ConfabMarkdownStyle styles[] = {
        [CONFAB_MATH_STYLE_VARIABLE] = CONFAB_MARKDOWN_STYLE_MATH_VARIABLE,
        [CONFAB_MATH_STYLE_SUPERSCRIPT] = CONFAB_MARKDOWN_STYLE_MATH_SUPERSCRIPT,
        [CONFAB_MATH_STYLE_SUBSCRIPT] = CONFAB_MARKDOWN_STYLE_MATH_SUBSCRIPT,
      };
      g_autofree guint *shifts = g_new0 (guint, math->text->len + 1);
      guint shift = 0;

      /* Lines of a grid are lines of the paragraph. */
      for (gsize i = 0; i < math->text->len; i++)
        {
          shifts[i] = shift;
          if (math->text->str[i] == '\n')
            {
              g_string_append (target->text, LINE_SEPARATOR);
              shift += strlen (LINE_SEPARATOR) - 1;
            }
          else
            g_string_append_c (target->text, math->text->str[i]);
        }
      shifts[math->text->len] = shift;

      for (guint i = 0; i < math->spans->len; i++)
        {
          const ConfabMathSpan *part = &g_array_index (math->spans, ConfabMathSpan, i);
          ConfabMarkdownSpan span = { styles[part->style],
                                      start + part->start + shifts[part->start],
                                      start + part->end + shifts[part->end],
                                      NULL, NULL };

          g_array_append_val (target->spans, span);
        }

      append_math_span (target, math->grid ? CONFAB_MARKDOWN_STYLE_MATH_GRID : CONFAB_MARKDOWN_STYLE_MATH,
                        start, source);
    }
  else
    {
      _confab_markdown_walk_append_one_line (target->text, source, strlen (source));
      append_math_span (target, CONFAB_MARKDOWN_STYLE_MATH_SOURCE, start, source);
    }

  if (walk->math_block)
    {
      _confab_markdown_walk_close_current (walk);
      walk->after_math_block = TRUE;
      walk->math_block = FALSE;
    }
}

static int
enter_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Walk *walk = user_data;

  walk->depth++;

  /* Each block of the document's top level remembers which source
   * bytes md4c showed of it, for confab_markdown_cutter_scan().
   */
  if (walk->depth == 2)
    {
      ConfabMarkdownRange range = { CONFAB_MARKDOWN_RANGE_OTHER, -1, -1 };

      if (type == MD_BLOCK_CODE)
        range.kind = CONFAB_MARKDOWN_RANGE_CODE;
      else if (type == MD_BLOCK_H)
        range.kind = CONFAB_MARKDOWN_RANGE_HEADING;
      else if (type == MD_BLOCK_UL || type == MD_BLOCK_OL)
        range.kind = CONFAB_MARKDOWN_RANGE_LIST;

      g_array_append_val (walk->document->ranges, range);
    }

  switch ((int) type)
    {
    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
      break;

    case MD_BLOCK_QUOTE:
      _confab_markdown_walk_close_current (walk);
      _confab_markdown_walk_flush_marker (walk);
      walk->quote_depth++;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        List list = { type == MD_BLOCK_OL, FALSE, 1 };

        _confab_markdown_walk_close_current (walk);
        _confab_markdown_walk_flush_marker (walk);

        if (type == MD_BLOCK_OL)
          {
            const MD_BLOCK_OL_DETAIL *ol = detail;

            list.tight = ol->is_tight;
            list.number = ol->start;
          }
        else
          {
            const MD_BLOCK_UL_DETAIL *ul = detail;

            list.tight = ul->is_tight;
          }

        if (walk->lists->len == 0)
          walk->list_first = TRUE;
        g_array_append_val (walk->lists, list);
      }
      break;

    case MD_BLOCK_LI:
      {
        const MD_BLOCK_LI_DETAIL *li = detail;

        _confab_markdown_walk_close_current (walk);
        _confab_markdown_walk_flush_marker (walk);
        walk->pending_marker = _confab_markdown_walk_make_marker (walk, li);

        if (li->is_task && li->task_mark_offset < walk->length)
          _confab_markdown_walk_note_source (walk, walk->source + li->task_mark_offset, 1);
      }
      break;

    case MD_BLOCK_HR:
      _confab_markdown_walk_close_current (walk);
      _confab_markdown_walk_add_block (walk, CONFAB_MARKDOWN_BLOCK_RULE);
      break;

    case MD_BLOCK_H:
      {
        const MD_BLOCK_H_DETAIL *h = detail;

        _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_HEADING);
        walk->current->level = CLAMP (h->level, 1, 6);
      }
      break;

    case MD_BLOCK_CODE:
      {
        const MD_BLOCK_CODE_DETAIL *code = detail;

        _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_CODE);

        if (code->lang.size > 0)
          walk->current->language = _confab_markdown_walk_attribute_to_string (walk, &code->lang, MAX_LANGUAGE_LENGTH);

        /* A fenced code block starts at its fence, on the line of its
         * info string or else above its first line.
         */
        if (code->fence_char != 0 && code->info.size > 0 &&
            code->info.text >= walk->source && code->info.text < walk->source + walk->length)
          _confab_markdown_walk_note_source (walk, walk->source + _confab_markdown_walk_find_line_start (walk, code->info.text - walk->source), 1);
        else
          walk->in_bare_fence = code->fence_char != 0;
      }
      break;

    case MD_BLOCK_TABLE:
      {
        const MD_BLOCK_TABLE_DETAIL *table = detail;

        _confab_markdown_walk_close_current (walk);
        walk->table = _confab_markdown_walk_add_block (walk, CONFAB_MARKDOWN_BLOCK_TABLE);
        walk->table->n_columns = MAX (table->col_count, 1);
        walk->table->cells = g_ptr_array_new_with_free_func (confab_markdown_inline_free);
        walk->table->aligns = g_array_new (FALSE, TRUE, sizeof (ConfabMarkdownAlign));
      }
      break;

    case MD_BLOCK_TR:
      walk->row_cells = 0;
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      walk->target = NULL;
      if (walk->table != NULL && walk->row_cells < walk->table->n_columns)
        {
          const MD_BLOCK_TD_DETAIL *td = detail;
          ConfabMarkdownInline *cell = g_new0 (ConfabMarkdownInline, 1);

          confab_markdown_inline_init (cell);
          g_ptr_array_add (walk->table->cells, cell);
          walk->target = cell;

          if (walk->table->aligns->len < walk->table->n_columns)
            {
              ConfabMarkdownAlign align = CONFAB_MARKDOWN_ALIGN_DEFAULT;

              if (td->align == MD_ALIGN_LEFT)
                align = CONFAB_MARKDOWN_ALIGN_LEFT;
              else if (td->align == MD_ALIGN_CENTER)
                align = CONFAB_MARKDOWN_ALIGN_CENTER;
              else if (td->align == MD_ALIGN_RIGHT)
                align = CONFAB_MARKDOWN_ALIGN_RIGHT;
              g_array_append_val (walk->table->aligns, align);
            }
        }
      walk->row_cells++;
      break;

    case MD_BLOCK_P:
    case MD_BLOCK_HTML:
    default:
      _confab_markdown_walk_open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
      break;
    }

  return 0;
}

static int
leave_block_cb (MD_BLOCKTYPE  type,
                void         *detail,
                void         *user_data)
{
  Walk *walk = user_data;

  switch ((int) type)
    {
    case MD_BLOCK_QUOTE:
      _confab_markdown_walk_close_current (walk);
      _confab_markdown_walk_flush_marker (walk);
      if (walk->quote_depth > 0)
        walk->quote_depth--;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      _confab_markdown_walk_close_current (walk);
      _confab_markdown_walk_flush_marker (walk);
      if (walk->lists->len > 0)
        g_array_set_size (walk->lists, walk->lists->len - 1);
      break;

    case MD_BLOCK_LI:
      _confab_markdown_walk_close_current (walk);
      _confab_markdown_walk_flush_marker (walk);
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      _confab_markdown_walk_close_spans (walk);
      walk->target = NULL;
      break;

    case MD_BLOCK_TR:
      /* Every row has as many cells as the table has columns. */
      while (walk->table != NULL && walk->row_cells < walk->table->n_columns)
        {
          ConfabMarkdownInline *cell = g_new0 (ConfabMarkdownInline, 1);

          confab_markdown_inline_init (cell);
          g_ptr_array_add (walk->table->cells, cell);
          walk->row_cells++;
        }
      break;

    case MD_BLOCK_TABLE:
      if (walk->table != NULL)
        {
          while (walk->table->aligns->len < walk->table->n_columns)
            g_array_set_size (walk->table->aligns, walk->table->aligns->len + 1);
        }
      walk->table = NULL;
      walk->target = NULL;
      break;

    case MD_BLOCK_DOC:
    case MD_BLOCK_THEAD:
    case MD_BLOCK_TBODY:
    case MD_BLOCK_HR:
      break;

    default:
      _confab_markdown_walk_close_current (walk);
      break;
    }

  if (walk->depth > 0)
    walk->depth--;

  return 0;
}

static int
enter_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Walk *walk = user_data;
  ConfabMarkdownInline *target;
  OpenSpan open = { NULL, CONFAB_MARKDOWN_STYLE_EMPHASIS, 0, NULL, FALSE };

  if (type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY)
    {
      enter_math (walk, type == MD_SPAN_LATEXMATH_DISPLAY);
      g_array_append_val (walk->spans, open);
      return 0;
    }

  target = _confab_markdown_walk_ensure_target (walk);
  open.target = target;
  open.shown = target != NULL;

  if (target != NULL)
    open.start = target->text->len;

  switch ((int) type)
    {
    case MD_SPAN_EM:
      open.style = CONFAB_MARKDOWN_STYLE_EMPHASIS;
      break;

    case MD_SPAN_STRONG:
      open.style = CONFAB_MARKDOWN_STYLE_STRONG;
      break;

    case MD_SPAN_DEL:
      open.style = CONFAB_MARKDOWN_STYLE_STRIKETHROUGH;
      break;

    case MD_SPAN_CODE:
      open.style = CONFAB_MARKDOWN_STYLE_CODE;
      break;

    case MD_SPAN_A:
      {
        const MD_SPAN_A_DETAIL *a = detail;
        g_autofree char *href = _confab_markdown_walk_attribute_to_string (walk, &a->href, G_MAXSIZE);


        /* Links elsewhere than the web or mail are plain text. */
        open.style = CONFAB_MARKDOWN_STYLE_LINK;
        if (confab_markdown_link_is_allowed (href))
          open.href = g_steal_pointer (&href);
        else
          open.shown = FALSE;
      }
      break;

    case MD_SPAN_IMG:
    default:
      /* Images show their text; nothing is loaded. */
      open.shown = FALSE;
      break;
    }

  g_array_append_val (walk->spans, open);

  return 0;
}

static int
leave_span_cb (MD_SPANTYPE  type,
               void        *detail,
               void        *user_data)
{
  Walk *walk = user_data;
  OpenSpan open;

  if (walk->spans->len == 0)
    return 0;

  open = g_array_index (walk->spans, OpenSpan, walk->spans->len - 1);
  g_array_set_size (walk->spans, walk->spans->len - 1);

  if (type == MD_SPAN_LATEXMATH || type == MD_SPAN_LATEXMATH_DISPLAY)
    {
      leave_math (walk, type == MD_SPAN_LATEXMATH_DISPLAY);
      return 0;
    }

  if (open.shown && open.target != NULL && open.target->text->len > open.start)
    {
      ConfabMarkdownSpan span = { open.style, open.start, open.target->text->len, g_steal_pointer (&open.href) };

      g_array_append_val (open.target->spans, span);
    }

  g_free (open.href);

  return 0;
}

static int
text_cb (MD_TEXTTYPE    type,
         const MD_CHAR *text,
         MD_SIZE        size,
         void          *user_data)
{
  Walk *walk = user_data;
  ConfabMarkdownInline *target;
  const char *shown = text;
  gboolean in_source = FALSE;

  /* Some md4c releases (0.4.8) read past the end of the input in rare
   * cases and report text beyond it: it is cut at the end.  md4c's own
   * strings, outside the input, are short.
   */
  if (text >= walk->source && text <= walk->source + walk->length)
    {
      size = MIN (size, (MD_SIZE) (walk->source + walk->length - text));
      /* What md4c read has other characters for math's delimiters. */
      shown = walk->original + (text - walk->source);
      in_source = TRUE;
    }
  else if (size > MAX_OWN_TEXT_LENGTH)
    return 0;

  _confab_markdown_walk_note_source (walk, text, size);

  if (walk->math_text != NULL)
    {
      if (in_source && walk->math_offset < 0)
        walk->math_offset = text - walk->source;
      if (type == MD_TEXT_LATEXMATH || type == MD_TEXT_NORMAL)
        _confab_markdown_walk_append_valid (walk->math_text, shown, size);
      else
        g_string_append_c (walk->math_text, ' ');
      return 0;
    }

  /* The line break after display math, or the spaces, start nothing. */
  if (walk->after_math_block)
    {
      if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR ||
          _confab_markdown_line_is_blank (shown, size))
        return 0;
      walk->after_math_block = FALSE;
    }

  target = _confab_markdown_walk_ensure_target (walk);

  if (target == NULL)
    return 0;

  /* The backslashes of \( and \), which md4c read as other characters,
   * are not shown.
   */
  if (type == MD_TEXT_NORMAL && in_source && walk->math->len > 0 &&
      memchr (shown, '\\', size) != NULL)
    {
      gsize offset = text - walk->source;
      gsize from = 0;

      for (gsize i = 0; i < size; i++)
        if (shown[i] == '\\' && _confab_markdown_is_hidden (walk->original, walk->math, offset + i))
          {
            _confab_markdown_walk_append_one_line (target->text, shown + from, i - from);
            from = i + 1;
          }
      _confab_markdown_walk_append_one_line (target->text, shown + from, size - from);
      return 0;
    }

  text = shown;

  switch ((int) type)
    {
    case MD_TEXT_NULLCHAR:
      g_string_append (target->text, REPLACEMENT_CHARACTER);
      break;

    case MD_TEXT_BR:
      g_string_append (target->text, LINE_SEPARATOR);
      break;

    case MD_TEXT_SOFTBR:
      g_string_append_c (target->text, ' ');
      break;

    /* Entities and anything that looks like HTML are shown as written:
     * the answer is text, not markup.
     */
    case MD_TEXT_NORMAL:
    case MD_TEXT_ENTITY:
    case MD_TEXT_CODE:
    case MD_TEXT_HTML:
    default:
      if (walk->current != NULL && walk->current->kind == CONFAB_MARKDOWN_BLOCK_CODE)
        _confab_markdown_walk_append_valid (target->text, text, size);
      else
        _confab_markdown_walk_append_one_line (target->text, text, size);
      break;
    }

  return 0;
}

static ConfabMarkdownDocument *
parse (const char *prefix,
       gsize       prefix_length,
       const char *text,
       gsize       length)
{
  ConfabMarkdownDocument *document = g_new0 (ConfabMarkdownDocument, 1);
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = CONFAB_MARKDOWN_FLAGS,
    .enter_block = enter_block_cb,
    .leave_block = leave_block_cb,
    .enter_span = enter_span_cb,
    .leave_span = leave_span_cb,
    .text = text_cb,
  };
  Walk walk = { 0 };
  g_autofree char *input = NULL;
  g_autofree char *shown = NULL;

  g_return_val_if_fail (text != NULL || length == 0, document);

  document->blocks = g_ptr_array_new_with_free_func (confab_markdown_block_free);
  document->ranges = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownRange));

  if (length == 0)
    return document;

  walk.length = MIN (prefix_length + length, (gsize) G_MAXUINT - INPUT_PADDING);
  input = g_malloc (walk.length + INPUT_PADDING);
  if (prefix_length > 0)
    memcpy (input, prefix, MIN (prefix_length, walk.length));
  if (walk.length > prefix_length)
    memcpy (input + prefix_length, text, walk.length - prefix_length);
  memset (input + walk.length, '\n', INPUT_PADDING);

  /* md4c reads a copy in which only math has dollars: see
   * confab-markdown-math.c.
   */
  walk.math = _confab_markdown_find_math (input, walk.length, NULL);
  walk.math_offset = -1;
  walk.original = input;
  if (walk.math->len > 0 || memchr (input, '$', walk.length) != NULL)
    {
      shown = g_memdup2 (input, walk.length + INPUT_PADDING);
      _confab_markdown_hide_non_math (input, shown, walk.length, walk.math);
      walk.original = shown;
    }
  walk.source = input;
  walk.document = document;
  walk.lists = g_array_new (FALSE, FALSE, sizeof (List));
  walk.spans = g_array_new (FALSE, FALSE, sizeof (OpenSpan));

  /* md4c fails only when out of memory; what it reported stays. */
  md_parse (input, walk.length, &parser, &walk);

  _confab_markdown_walk_close_current (&walk);
  _confab_markdown_walk_flush_marker (&walk);
  _confab_markdown_walk_close_current (&walk);

  for (guint i = 0; i < walk.spans->len; i++)
    g_free (g_array_index (walk.spans, OpenSpan, i).href);
  g_array_unref (walk.spans);
  g_array_unref (walk.lists);
  g_array_unref (walk.math);
  if (walk.math_text != NULL)
    g_string_free (walk.math_text, TRUE);
  g_free (walk.pending_marker);

  /* Where the blocks are, in @text. */
  for (guint i = 0; i < document->ranges->len; i++)
    {
      ConfabMarkdownRange *range = &g_array_index (document->ranges, ConfabMarkdownRange, i);

      if (range->first >= 0)
        range->first = MAX (range->first - (gssize) prefix_length, 0);
      if (range->last >= 0)
        range->last = MAX (range->last - (gssize) prefix_length, 0);
    }

  return document;
}

/**
 * confab_markdown_parse:
 * @text: Markdown source, need not be nul-terminated nor valid UTF-8
 * @length: the length of @text in bytes
 *
 * Parses @text with md4c into blocks.  Raw HTML is not recognised and
 * entities are not decoded: everything of the source that is not
 * Markdown syntax is shown as it is.
 *
 * Returns: (transfer full): the document
 */
ConfabMarkdownDocument *
confab_markdown_parse (const char *text,
                       gsize       length)
{
  return parse (NULL, 0, text, length);
}

/**
 * confab_markdown_parse_part:
 * @text: a part of a Markdown source, as confab_markdown_parse() takes
 * @length: the length of @text in bytes
 * @definitions: (nullable): link reference definitions from the whole
 *   source, a line each, as confab_markdown_definitions_scan() finds
 *
 * Parses @text as confab_markdown_parse() does, with @definitions
 * before it, so that its references to them are links.
 *
 * Returns: (transfer full): the document
 */
ConfabMarkdownDocument *
confab_markdown_parse_part (const char    *text,
                            gsize          length,
                            const GString *definitions)
{
  g_autoptr(GString) prefix = NULL;

  if (definitions == NULL || definitions->len == 0 || length == 0)
    return parse (NULL, 0, text, length);

  /* A blank line after them, so that the part starts anew. */
  prefix = g_string_new_len (definitions->str, definitions->len);
  g_string_append_c (prefix, '\n');

  return parse (prefix->str, prefix->len, text, length);
}
