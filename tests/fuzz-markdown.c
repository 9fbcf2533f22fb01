/* fuzz-markdown.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A libFuzzer harness for the Markdown renderer's GTK-free layer: the
 * md4c walk into blocks and spans, and the boundaries that streaming
 * cuts an answer at.  The input is parsed whole, and every block must
 * hold valid UTF-8, spans inside their text and only links that may be
 * opened.  It is also streamed: fed in growing prefixes as
 * ConfabMarkdownView does, cut at the boundaries found as it grows,
 * and the cuts must be the ones a single pass over the whole input
 * finds, so that a streamed answer renders as the whole one would.  The
 * first two bytes of the input choose the sizes of the pieces.
 *
 * Build with clang and -fsanitize=fuzzer,address,undefined (tests/
 * meson.build does when the compiler is clang), then run, for example:
 *   ./fuzz-markdown -max_total_time=120 corpus/
 */

#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "confab-markdown-parser.h"

#define HEADER_LENGTH 2

int LLVMFuzzerInitialize (int    *argc,
                          char ***argv);
int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

static void
check_inline (const ConfabMarkdownInline *inl)
{
  if (!g_utf8_validate_len (inl->text->str, inl->text->len, NULL))
    abort ();

  if (memchr (inl->text->str, '\0', inl->text->len) != NULL)
    abort ();

  for (guint i = 0; i < inl->spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (inl->spans, ConfabMarkdownSpan, i);

      if (span->start >= span->end || span->end > inl->text->len)
        abort ();

      /* Spans start and end between characters. */
      if (span->end < inl->text->len &&
          ((guchar) inl->text->str[span->end] & 0xc0) == 0x80)
        abort ();
      if (((guchar) inl->text->str[span->start] & 0xc0) == 0x80)
        abort ();

      if (span->style == CONFAB_MARKDOWN_STYLE_LINK &&
          !confab_markdown_link_is_allowed (span->href))
        abort ();
    }
}

static void
check_document (const ConfabMarkdownDocument *document)
{
  g_autoptr(GString) plain = g_string_new (NULL);

  for (guint i = 0; i < document->blocks->len; i++)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (document->blocks, i);

      check_inline (&block->content);

      /* Paragraphs are one line of a text buffer. */
      if (block->kind != CONFAB_MARKDOWN_BLOCK_CODE &&
          (memchr (block->content.text->str, '\n', block->content.text->len) != NULL ||
           memchr (block->content.text->str, '\r', block->content.text->len) != NULL))
        abort ();

      if (block->language != NULL && !g_utf8_validate (block->language, -1, NULL))
        abort ();

      if (block->kind == CONFAB_MARKDOWN_BLOCK_TABLE)
        {
          if (block->n_columns == 0 || block->cells->len % block->n_columns != 0 ||
              block->aligns->len != block->n_columns)
            abort ();

          for (guint j = 0; j < block->cells->len; j++)
            check_inline (g_ptr_array_index (block->cells, j));
        }
    }

  confab_markdown_document_append_plain (document, plain);
  if (!g_utf8_validate_len (plain->str, plain->len, NULL))
    abort ();
}

/* Scans text[0, length) on with @cutter, adding the boundaries found
 * to @cuts, and with @parse, checks each part before a boundary.  The
 * streamed pass does not parse its parts again: its cuts must be the
 * whole pass's, so its parts are the same bytes.
 */
static void
cut (ConfabMarkdownCutter *cutter,
     const char           *text,
     gsize                 length,
     gboolean              parse,
     GArray               *cuts)
{
  g_autoptr(GArray) boundaries = g_array_new (FALSE, FALSE, sizeof (gsize));
  gsize previous = cuts->len > 0 ? g_array_index (cuts, gsize, cuts->len - 1) : 0;

  confab_markdown_cutter_scan (cutter, text, length, boundaries);

  for (guint i = 0; i < boundaries->len; i++)
    {
      gsize boundary = g_array_index (boundaries, gsize, i);
      g_autoptr(ConfabMarkdownDocument) part = NULL;

      /* At the start of a complete line, after the one before. */
      if (boundary <= previous || boundary >= length || text[boundary - 1] != '\n' ||
          memchr (text + boundary, '\n', length - boundary) == NULL)
        abort ();

      if (parse)
        {
          part = confab_markdown_parse (text + previous, boundary - previous);
          check_document (part);
        }

      previous = boundary;
      g_array_append_val (cuts, boundary);
    }
}

int
LLVMFuzzerInitialize (int    *argc,
                      char ***argv)
{
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(ConfabMarkdownDocument) document = NULL;
  g_autoptr(GArray) whole_cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autoptr(GArray) streamed_cuts = g_array_new (FALSE, FALSE, sizeof (gsize));
  ConfabMarkdownCutter cutter;
  const char *text;
  gsize length;
  gsize step;
  gsize step_growth;

  if (size < HEADER_LENGTH)
    return 0;

  text = (const char *) data + HEADER_LENGTH;
  length = size - HEADER_LENGTH;

  /* At most some thousand pieces, so that long inputs stay quick. */
  step = MAX (1 + data[0] % 16, length / 2048);
  step_growth = data[1] % 4;

  document = confab_markdown_parse (text, length);
  check_document (document);

  /* Whole. */
  confab_markdown_cutter_init (&cutter);
  cut (&cutter, text, length, TRUE, whole_cuts);

  /* Streamed. */
  confab_markdown_cutter_init (&cutter);
  for (gsize fed = MIN (step, length); ; fed = MIN (fed + step, length))
    {
      cut (&cutter, text, fed, FALSE, streamed_cuts);

      if (fed == length)
        break;
      step += step_growth;
    }

  if (whole_cuts->len != streamed_cuts->len)
    abort ();

  /* Link reference definitions: the same found whole or streamed, and
   * a part parsed after them is a document as good as any.
   */
  {
    ConfabMarkdownDefinitions whole;
    ConfabMarkdownDefinitions streamed;
    g_autoptr(ConfabMarkdownDocument) part = NULL;

    confab_markdown_definitions_init (&whole);
    confab_markdown_definitions_init (&streamed);
    confab_markdown_definitions_scan (&whole, text, length);
    for (gsize fed = 0; fed < length; fed = MIN (fed + 1 + data[0] % 7, length))
      confab_markdown_definitions_scan (&streamed, text, fed);
    confab_markdown_definitions_scan (&streamed, text, length);

    if (!g_string_equal (whole.found, streamed.found))
      abort ();

    part = confab_markdown_parse_part (text, length, whole.found);
    check_document (part);

    confab_markdown_definitions_clear (&whole);
    confab_markdown_definitions_clear (&streamed);
  }

  for (guint i = 0; i < whole_cuts->len; i++)
    if (g_array_index (whole_cuts, gsize, i) != g_array_index (streamed_cuts, gsize, i))
      abort ();

  return 0;
}
