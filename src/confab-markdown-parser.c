/* confab-markdown-parser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <md4c.h>

#include "confab-markdown-parser.h"

/* What md4c is asked for: GitHub's dialect without any raw HTML, with
 * the flags spelled out so that md4c versions with a wider
 * MD_DIALECT_GITHUB (0.5 adds footnotes and admonitions) render alike.
 */
#define CONFAB_MARKDOWN_FLAGS (MD_FLAG_TABLES |                \
                               MD_FLAG_STRIKETHROUGH |         \
                               MD_FLAG_TASKLISTS |             \
                               MD_FLAG_PERMISSIVEAUTOLINKS |   \
                               MD_FLAG_NOHTML)

/* md4c's input is copied, with this many newlines after it, so that
 * reading a little past its end finds an end of line.
 */
#define INPUT_PADDING 16

/* Text that md4c reports from outside its input, its replacement of
 * tabs or line ends, is never longer than this.
 */
#define MAX_OWN_TEXT_LENGTH 16

/* Code languages longer than this are not languages. */
#define MAX_LANGUAGE_LENGTH 64

#define REPLACEMENT_CHARACTER "\xef\xbf\xbd"
#define LINE_SEPARATOR        "\xe2\x80\xa8"

typedef struct
{
  gboolean ordered;
  gboolean tight;
  guint    number;
} List;

typedef struct
{
  ConfabMarkdownInline *target;
  ConfabMarkdownStyle   style;
  guint                 start;
  char                 *href;
  gboolean              shown;
} OpenSpan;

typedef struct
{
  const char             *source;
  gsize                   length;
  ConfabMarkdownDocument *document;

  guint                   depth;
  guint                   quote_depth;
  GArray                 *lists;
  gboolean                list_first;
  char                   *pending_marker;

  ConfabMarkdownBlock    *current;
  gboolean                in_bare_fence;
  ConfabMarkdownBlock    *table;
  guint                   row_cells;
  ConfabMarkdownInline   *target;
  GArray                 *spans;
} Walk;

/* Appends @length bytes of @text, with every byte that is not part of
 * valid UTF-8, and every nul byte, replaced by U+FFFD.
 */
static void
append_valid (GString    *string,
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
static void
append_one_line (GString    *string,
                 const char *text,
                 gsize       length)
{
  gsize from = string->len;

  append_valid (string, text, length);

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
static char *
attribute_to_string (Walk               *walk,
                     const MD_ATTRIBUTE *attribute,
                     gsize               max_length)
{
  GString *string = g_string_new (NULL);
  gsize size = attribute->size;

  if (attribute->text == NULL)
    size = 0;
  else if (attribute->text >= walk->source && attribute->text <= walk->source + walk->length)
    size = MIN (size, (gsize) (walk->source + walk->length - attribute->text));

  if (size > 0)
    append_valid (string, attribute->text, MIN (size, max_length));

  /* Cut at a character boundary. */
  if (string->len > 0 && size > max_length)
    {
      const char *end = g_utf8_find_prev_char (string->str, string->str + string->len);

      g_string_truncate (string, end != NULL ? (gsize) (end - string->str) : 0);
    }

  return g_string_free (string, FALSE);
}

static gssize
find_line_start (Walk   *walk,
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
  gssize line = find_line_start (walk, offset);

  while (line > 0)
    {
      gssize previous = find_line_start (walk, line - 1);
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
static void
note_source (Walk       *walk,
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

static void close_current (Walk *walk);

static ConfabMarkdownBlock *
add_block (Walk                    *walk,
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
      add_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
      close_current (walk);
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

static void
close_spans (Walk *walk)
{
  for (guint i = 0; i < walk->spans->len; i++)
    {
      OpenSpan *open = &g_array_index (walk->spans, OpenSpan, i);

      if (open->target == walk->target)
        open->target = NULL;
    }
}

static void
close_current (Walk *walk)
{
  ConfabMarkdownBlock *block = walk->current;

  if (block == NULL)
    return;

  close_spans (walk);

  /* Code ends without the newline of its last line. */
  if (block->kind == CONFAB_MARKDOWN_BLOCK_CODE &&
      block->content.text->len > 0 &&
      block->content.text->str[block->content.text->len - 1] == '\n')
    g_string_truncate (block->content.text, block->content.text->len - 1);

  walk->current = NULL;
  walk->target = NULL;
  walk->in_bare_fence = FALSE;
}

static void
open_block (Walk                    *walk,
            ConfabMarkdownBlockKind  kind)
{
  close_current (walk);
  walk->current = add_block (walk, kind);
  walk->target = &walk->current->content;
}

static void
flush_marker (Walk *walk)
{
  if (walk->pending_marker != NULL)
    {
      open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
      close_current (walk);
    }
}

/* Where inline text goes; the items of a tight list have text without
 * a paragraph around it.
 */
static ConfabMarkdownInline *
ensure_target (Walk *walk)
{
  if (walk->target == NULL && walk->table == NULL)
    open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);

  return walk->target;
}

static char *
make_marker (Walk                     *walk,
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
      close_current (walk);
      flush_marker (walk);
      walk->quote_depth++;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      {
        List list = { type == MD_BLOCK_OL, FALSE, 1 };

        close_current (walk);
        flush_marker (walk);

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

        close_current (walk);
        flush_marker (walk);
        walk->pending_marker = make_marker (walk, li);

        if (li->is_task && li->task_mark_offset < walk->length)
          note_source (walk, walk->source + li->task_mark_offset, 1);
      }
      break;

    case MD_BLOCK_HR:
      close_current (walk);
      add_block (walk, CONFAB_MARKDOWN_BLOCK_RULE);
      break;

    case MD_BLOCK_H:
      {
        const MD_BLOCK_H_DETAIL *h = detail;

        open_block (walk, CONFAB_MARKDOWN_BLOCK_HEADING);
        walk->current->level = CLAMP (h->level, 1, 6);
      }
      break;

    case MD_BLOCK_CODE:
      {
        const MD_BLOCK_CODE_DETAIL *code = detail;

        open_block (walk, CONFAB_MARKDOWN_BLOCK_CODE);

        if (code->lang.size > 0)
          walk->current->language = attribute_to_string (walk, &code->lang, MAX_LANGUAGE_LENGTH);

        /* A fenced code block starts at its fence, on the line of its
         * info string or else above its first line.
         */
        if (code->fence_char != 0 && code->info.size > 0 &&
            code->info.text >= walk->source && code->info.text < walk->source + walk->length)
          note_source (walk, walk->source + find_line_start (walk, code->info.text - walk->source), 1);
        else
          walk->in_bare_fence = code->fence_char != 0;
      }
      break;

    case MD_BLOCK_TABLE:
      {
        const MD_BLOCK_TABLE_DETAIL *table = detail;

        close_current (walk);
        walk->table = add_block (walk, CONFAB_MARKDOWN_BLOCK_TABLE);
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
      open_block (walk, CONFAB_MARKDOWN_BLOCK_PARAGRAPH);
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
      close_current (walk);
      flush_marker (walk);
      if (walk->quote_depth > 0)
        walk->quote_depth--;
      break;

    case MD_BLOCK_UL:
    case MD_BLOCK_OL:
      close_current (walk);
      flush_marker (walk);
      if (walk->lists->len > 0)
        g_array_set_size (walk->lists, walk->lists->len - 1);
      break;

    case MD_BLOCK_LI:
      close_current (walk);
      flush_marker (walk);
      break;

    case MD_BLOCK_TH:
    case MD_BLOCK_TD:
      close_spans (walk);
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
      close_current (walk);
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
  ConfabMarkdownInline *target = ensure_target (walk);
  OpenSpan open = { target, CONFAB_MARKDOWN_STYLE_EMPHASIS, 0, NULL, target != NULL };

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
        g_autofree char *href = attribute_to_string (walk, &a->href, G_MAXSIZE);


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
  ConfabMarkdownInline *target = ensure_target (walk);

  /* Some md4c releases (0.4.8) read past the end of the input in rare
   * cases and report text beyond it: it is cut at the end.  md4c's own
   * strings, outside the input, are short.
   */
  if (text >= walk->source && text <= walk->source + walk->length)
    size = MIN (size, (MD_SIZE) (walk->source + walk->length - text));
  else if (size > MAX_OWN_TEXT_LENGTH)
    return 0;

  note_source (walk, text, size);

  if (target == NULL)
    return 0;

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
        append_valid (target->text, text, size);
      else
        append_one_line (target->text, text, size);
      break;
    }

  return 0;
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

  g_return_val_if_fail (text != NULL || length == 0, document);

  document->blocks = g_ptr_array_new_with_free_func (confab_markdown_block_free);
  document->ranges = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownRange));

  if (length == 0)
    return document;

  walk.length = MIN (length, (gsize) G_MAXUINT - INPUT_PADDING);
  input = g_malloc (walk.length + INPUT_PADDING);
  memcpy (input, text, walk.length);
  memset (input + walk.length, '\n', INPUT_PADDING);
  walk.source = input;
  walk.document = document;
  walk.lists = g_array_new (FALSE, FALSE, sizeof (List));
  walk.spans = g_array_new (FALSE, FALSE, sizeof (OpenSpan));

  /* md4c fails only when out of memory; what it reported stays. */
  md_parse (input, walk.length, &parser, &walk);

  close_current (&walk);
  flush_marker (&walk);
  close_current (&walk);

  for (guint i = 0; i < walk.spans->len; i++)
    g_free (g_array_index (walk.spans, OpenSpan, i).href);
  g_array_unref (walk.spans);
  g_array_unref (walk.lists);
  g_free (walk.pending_marker);

  return document;
}
