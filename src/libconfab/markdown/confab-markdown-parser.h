/* confab-markdown-parser.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  CONFAB_MARKDOWN_STYLE_EMPHASIS,
  CONFAB_MARKDOWN_STYLE_STRONG,
  CONFAB_MARKDOWN_STYLE_STRIKETHROUGH,
  CONFAB_MARKDOWN_STYLE_CODE,
  CONFAB_MARKDOWN_STYLE_LINK,
  CONFAB_MARKDOWN_STYLE_MATH,
  CONFAB_MARKDOWN_STYLE_MATH_GRID,
  CONFAB_MARKDOWN_STYLE_MATH_SOURCE,
  CONFAB_MARKDOWN_STYLE_MATH_VARIABLE,
  CONFAB_MARKDOWN_STYLE_MATH_SUPERSCRIPT,
  CONFAB_MARKDOWN_STYLE_MATH_SUBSCRIPT,
} ConfabMarkdownStyle;

/**
 * ConfabMarkdownSpan:
 * @style: what the span is
 * @start: its first byte in the text of its #ConfabMarkdownInline
 * @end: the byte after its last
 * @href: for %CONFAB_MARKDOWN_STYLE_LINK, the target; only http, https
 *   and mailto links become spans, others are plain text
 * @source: for a formula (%CONFAB_MARKDOWN_STYLE_MATH, typeset in
 *   Unicode; %CONFAB_MARKDOWN_STYLE_MATH_GRID, typeset in lines and
 *   columns; %CONFAB_MARKDOWN_STYLE_MATH_SOURCE, shown as its source),
 *   its TeX source with its delimiters, for Copy
 *
 * Spans nest: text that is both strong and a link is in two spans.
 * The variables and scripts of a formula are spans in its span.
 */
typedef struct
{
  ConfabMarkdownStyle  style;
  guint                start;
  guint                end;
  char                *href;
  char                *source;
} ConfabMarkdownSpan;

/**
 * ConfabMarkdownInline:
 * @text: what is shown, valid UTF-8 without nul bytes; a hard line
 *   break is U+2028 LINE SEPARATOR, so that a paragraph stays one line
 *   of a text buffer
 * @spans: the #ConfabMarkdownSpan of @text, in the order they end
 */
typedef struct
{
  GString *text;
  GArray  *spans;
} ConfabMarkdownInline;

typedef enum
{
  CONFAB_MARKDOWN_BLOCK_PARAGRAPH,
  CONFAB_MARKDOWN_BLOCK_HEADING,
  CONFAB_MARKDOWN_BLOCK_CODE,
  CONFAB_MARKDOWN_BLOCK_RULE,
  CONFAB_MARKDOWN_BLOCK_TABLE,
  CONFAB_MARKDOWN_BLOCK_MATH,
} ConfabMarkdownBlockKind;

typedef enum
{
  CONFAB_MARKDOWN_ALIGN_DEFAULT,
  CONFAB_MARKDOWN_ALIGN_LEFT,
  CONFAB_MARKDOWN_ALIGN_CENTER,
  CONFAB_MARKDOWN_ALIGN_RIGHT,
} ConfabMarkdownAlign;

/**
 * ConfabMarkdownBlock:
 * @kind: what the block is
 * @level: the level of a heading, 1 to 6
 * @list_depth: how many lists the block is in
 * @quote_depth: how many block quotes the block is in
 * @tight: whether the block follows the one before without a gap, as
 *   the items of a tight list do
 * @marker: the bullet, number or check box of the list item that the
 *   block starts, or %NULL
 * @content: the text of a paragraph or heading, the code of a code
 *   block (every line but the last ends with a newline), the formula
 *   of display math (a block of its own, centred)
 * @language: the language of a fenced code block, or %NULL
 * @n_columns: the columns of a table
 * @cells: the #ConfabMarkdownInline cells of a table, a row after the
 *   other, the header row first; every row has @n_columns cells
 * @aligns: the #ConfabMarkdownAlign of each column of a table
 *
 * One block of the rendered document.  Containers (lists, quotes) are
 * not blocks of their own: their blocks say how deep they are in them.
 */
typedef struct
{
  ConfabMarkdownBlockKind  kind;
  guint                    level;
  guint                    list_depth;
  guint                    quote_depth;
  gboolean                 tight;
  char                    *marker;
  ConfabMarkdownInline     content;
  char                    *language;
  guint                    n_columns;
  GPtrArray               *cells;
  GArray                  *aligns;
} ConfabMarkdownBlock;

typedef enum
{
  CONFAB_MARKDOWN_RANGE_OTHER,
  CONFAB_MARKDOWN_RANGE_CODE,
  CONFAB_MARKDOWN_RANGE_HEADING,
  CONFAB_MARKDOWN_RANGE_LIST,
} ConfabMarkdownRangeKind;

/**
 * ConfabMarkdownRange:
 * @kind: what the top-level block is
 * @first: the first byte of the source that md4c showed of a top-level
 *   block, or -1 when it showed none; for a fenced code block, the start
 *   of its fence
 * @last: the last such byte, or -1
 */
typedef struct
{
  ConfabMarkdownRangeKind kind;
  gssize                  first;
  gssize                  last;
} ConfabMarkdownRange;

/**
 * ConfabMarkdownDocument:
 * @blocks: the #ConfabMarkdownBlock of the document, in order
 * @ranges: the #ConfabMarkdownRange of each block of the top level, for
 *   confab_markdown_cutter_scan()
 *
 * Markdown source parsed by md4c, without anything of GTK, so that it
 * can be tested and fuzzed alone.
 */
typedef struct
{
  GPtrArray *blocks;
  GArray    *ranges;
} ConfabMarkdownDocument;

/* Past this many bytes from the last boundary, a list item is one: see
 * confab_markdown_cutter_scan().
 */
#define CONFAB_MARKDOWN_MAX_LIST_PART (16 * 1024)

/**
 * ConfabMarkdownCutter:
 *
 * Where confab_markdown_cutter_scan() is in a growing text.  Initialize
 * it with confab_markdown_cutter_init(); its fields are private.
 */
typedef struct
{
  /*< private >*/
  gsize    offset;
  gsize    base;
  char     fence_char;
  gsize    fence_count;
  gboolean previous_blank;
  gboolean previous_closed_fence;
} ConfabMarkdownCutter;

/**
 * ConfabMarkdownDefinitions:
 * @found: the link reference definitions found, a line each
 *
 * The link reference definitions of a growing text, gathered by
 * confab_markdown_definitions_scan().  Initialize it with
 * confab_markdown_definitions_init(); its other fields are private.
 */
typedef struct
{
  GString  *found;

  /*< private >*/
  gsize     offset;
  char      fence_char;
  gsize     fence_count;
  gboolean  may_define;
} ConfabMarkdownDefinitions;

ConfabMarkdownDocument *confab_markdown_parse                (const char                   *text,
                                                              gsize                         length);
ConfabMarkdownDocument *confab_markdown_parse_part           (const char                   *text,
                                                              gsize                         length,
                                                              const GString                *definitions);
void                    confab_markdown_document_free        (ConfabMarkdownDocument       *document);
void                    confab_markdown_inline_init          (ConfabMarkdownInline         *inl);
void                    confab_markdown_inline_free          (gpointer                      inl);
void                    confab_markdown_block_free           (gpointer                      block);
void                    confab_markdown_document_append_plain (const ConfabMarkdownDocument *document,
                                                              GString                      *plain);
void                    confab_markdown_block_append_plain   (const ConfabMarkdownBlock    *block,
                                                              GString                      *plain);
void                    confab_markdown_cutter_init          (ConfabMarkdownCutter         *cutter);
void                    confab_markdown_cutter_scan          (ConfabMarkdownCutter         *cutter,
                                                              const char                   *text,
                                                              gsize                         length,
                                                              GArray                       *boundaries);
void                    confab_markdown_definitions_init     (ConfabMarkdownDefinitions    *definitions);
void                    confab_markdown_definitions_clear    (ConfabMarkdownDefinitions    *definitions);
gboolean                confab_markdown_definitions_scan     (ConfabMarkdownDefinitions    *definitions,
                                                              const char                   *text,
                                                              gsize                         length);
gboolean                confab_markdown_link_is_allowed      (const char                   *href);
gsize                   confab_markdown_find_pending_math    (const char                   *text,
                                                              gsize                         length);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfabMarkdownDocument, confab_markdown_document_free)

G_END_DECLS
