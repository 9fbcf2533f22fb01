/* confab-markdown-parser-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <md4c.h>

#include "confab-markdown-parser.h"

G_BEGIN_DECLS

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

/**
 * ConfabMarkdownMath:
 * @open: where a formula's opening delimiter starts in the source
 * @content: where its TeX starts, after the delimiter
 * @close: where its closing delimiter starts
 * @end: the byte after it
 * @display: whether it is display math ($$…$$, \[…\])
 */
typedef struct
{
  gsize    open;
  gsize    content;
  gsize    close;
  gsize    end;
  gboolean display;
} ConfabMarkdownMath;

typedef struct
{
  const char             *source;
  const char             *original;
  GArray                 *math;
  GString                *math_text;
  guint                   math_nested;
  gssize                  math_offset;
  gboolean                math_block;
  gboolean                after_math_block;
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

gboolean              _confab_markdown_line_is_blank            (const char               *line,
                                                                 gsize                     length);
gboolean              _confab_markdown_line_is_atx_heading      (const char               *line,
                                                                 gsize                     length);
gboolean              _confab_markdown_line_opens_fence         (const char               *line,
                                                                 gsize                     length,
                                                                 char                     *fence_char,
                                                                 gsize                    *fence_count);
gboolean              _confab_markdown_line_closes_fence        (const char               *line,
                                                                 gsize                     length,
                                                                 char                      fence_char,
                                                                 gsize                     fence_count);

void                  _confab_markdown_walk_append_valid        (GString                  *string,
                                                                 const char               *text,
                                                                 gsize                     length);
void                  _confab_markdown_walk_append_one_line     (GString                  *string,
                                                                 const char               *text,
                                                                 gsize                     length);
char                 *_confab_markdown_walk_attribute_to_string (Walk                     *walk,
                                                                 const MD_ATTRIBUTE       *attribute,
                                                                 gsize                     max_length);
gssize                _confab_markdown_walk_find_line_start     (Walk                     *walk,
                                                                 gssize                    offset);
void                  _confab_markdown_walk_note_source         (Walk                     *walk,
                                                                 const char               *text,
                                                                 gsize                     size);
ConfabMarkdownBlock  *_confab_markdown_walk_add_block           (Walk                     *walk,
                                                                 ConfabMarkdownBlockKind   kind);
void                  _confab_markdown_walk_close_spans         (Walk                     *walk);
void                  _confab_markdown_walk_close_current       (Walk                     *walk);
void                  _confab_markdown_walk_open_block          (Walk                     *walk,
                                                                 ConfabMarkdownBlockKind   kind);
void                  _confab_markdown_walk_flush_marker        (Walk                     *walk);
ConfabMarkdownInline *_confab_markdown_walk_ensure_target       (Walk                     *walk);
char                 *_confab_markdown_walk_make_marker         (Walk                     *walk,
                                                                 const MD_BLOCK_LI_DETAIL *detail);

GArray                   *_confab_markdown_find_math     (const char               *text,
                                                         gsize                     length,
                                                         gsize                    *pending);
void                      _confab_markdown_hide_non_math (char                     *input,
                                                         const char               *text,
                                                         gsize                     length,
                                                         const GArray             *regions);
gboolean                  _confab_markdown_is_hidden     (const char               *text,
                                                         const GArray             *regions,
                                                         gsize                     offset);
const ConfabMarkdownMath *_confab_markdown_find_region   (const GArray             *regions,
                                                         gsize                     offset);

G_END_DECLS
