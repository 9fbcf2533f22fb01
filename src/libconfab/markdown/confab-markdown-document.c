/* confab-markdown-document.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser.h"

/* The blocks and spans that confab_markdown_parse() makes of Markdown,
 * and their plain text.
 */

#define LINE_SEPARATOR "\xe2\x80\xa8"

static void
inline_clear (ConfabMarkdownInline *inl)
{
  if (inl->spans != NULL)
    {
      for (guint i = 0; i < inl->spans->len; i++)
        {
          g_free (g_array_index (inl->spans, ConfabMarkdownSpan, i).href);
          g_free (g_array_index (inl->spans, ConfabMarkdownSpan, i).source);
        }
      g_clear_pointer (&inl->spans, g_array_unref);
    }

  if (inl->text != NULL)
    g_string_free (g_steal_pointer (&inl->text), TRUE);
}

static void
append_inline_plain (const ConfabMarkdownInline *inl,
                     GString                    *plain)
{
  const char *p = inl->text->str;
  const char *end = p + inl->text->len;

  /* Hard line breaks are newlines in plain text. */
  while (p < end)
    {
      const char *separator = strstr (p, LINE_SEPARATOR);

      if (separator == NULL)
        {
          g_string_append_len (plain, p, end - p);
          break;
        }

      g_string_append_len (plain, p, separator - p);
      g_string_append_c (plain, '\n');
      p = separator + strlen (LINE_SEPARATOR);
    }
}

/**
 * confab_markdown_inline_init:
 * @inl: a #ConfabMarkdownInline
 *
 * Gives @inl empty text and no spans.
 */
void
confab_markdown_inline_init (ConfabMarkdownInline *inl)
{
  inl->text = g_string_new (NULL);
  inl->spans = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownSpan));
}

/**
 * confab_markdown_inline_free:
 * @data: (transfer full): a #ConfabMarkdownInline that g_new() made
 */
void
confab_markdown_inline_free (gpointer data)
{
  ConfabMarkdownInline *inl = data;

  inline_clear (inl);
  g_free (inl);
}

/**
 * confab_markdown_block_free:
 * @data: (transfer full): a #ConfabMarkdownBlock
 */
void
confab_markdown_block_free (gpointer data)
{
  ConfabMarkdownBlock *block = data;

  inline_clear (&block->content);
  g_free (block->marker);
  g_free (block->language);
  g_clear_pointer (&block->cells, g_ptr_array_unref);
  g_clear_pointer (&block->aligns, g_array_unref);
  g_free (block);
}

void
confab_markdown_document_free (ConfabMarkdownDocument *document)
{
  if (document == NULL)
    return;

  g_ptr_array_unref (document->blocks);
  g_array_unref (document->ranges);
  g_free (document);
}

/**
 * confab_markdown_block_append_plain:
 * @block: a block
 * @plain: where to append
 *
 * Appends the text of @block as plain text, without what separates it
 * from the block before.
 */
void
confab_markdown_block_append_plain (const ConfabMarkdownBlock *block,
                                    GString                   *plain)
{
  switch (block->kind)
    {
    case CONFAB_MARKDOWN_BLOCK_PARAGRAPH:
      for (guint i = 1; i < block->list_depth; i++)
        g_string_append (plain, "  ");
      if (block->marker != NULL)
        g_string_append_printf (plain, "%s ", block->marker);
      else if (block->list_depth > 0)
        g_string_append (plain, "  ");
      append_inline_plain (&block->content, plain);
      break;

    case CONFAB_MARKDOWN_BLOCK_TABLE:
      for (guint i = 0; i < block->cells->len; i++)
        {
          if (i > 0)
            g_string_append_c (plain, i % block->n_columns == 0 ? '\n' : '\t');
          append_inline_plain (g_ptr_array_index (block->cells, i), plain);
        }
      break;

    case CONFAB_MARKDOWN_BLOCK_HEADING:
    case CONFAB_MARKDOWN_BLOCK_CODE:
    case CONFAB_MARKDOWN_BLOCK_RULE:
    default:
      append_inline_plain (&block->content, plain);
      break;
    }
}

/**
 * confab_markdown_document_append_plain:
 * @document: a document
 * @plain: where to append
 *
 * Appends the rendered text of @document without any Markdown syntax:
 * blocks apart by a blank line, the items of tight lists by a newline.
 * Rules have no text.
 */
void
confab_markdown_document_append_plain (const ConfabMarkdownDocument *document,
                                       GString                      *plain)
{
  for (guint i = 0; i < document->blocks->len; i++)
    {
      const ConfabMarkdownBlock *block = g_ptr_array_index (document->blocks, i);

      if (block->kind == CONFAB_MARKDOWN_BLOCK_RULE)
        continue;

      if (plain->len > 0)
        g_string_append (plain, block->tight ? "\n" : "\n\n");

      confab_markdown_block_append_plain (block, plain);
    }
}

/**
 * confab_markdown_link_is_allowed:
 * @href: (nullable): a link target
 *
 * Returns: whether @href is a link that may be opened: http, https or
 *   mailto, without control characters
 */
gboolean
confab_markdown_link_is_allowed (const char *href)
{
  const char *scheme;

  if (href == NULL)
    return FALSE;

  for (const char *p = href; *p != '\0'; p++)
    if ((guchar) *p < 0x20 || *p == 0x7f)
      return FALSE;

  scheme = g_uri_peek_scheme (href);

  return g_strcmp0 (scheme, "http") == 0 ||
         g_strcmp0 (scheme, "https") == 0 ||
         g_strcmp0 (scheme, "mailto") == 0;
}

