/* confab-markdown-definitions.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser-private.h"

/* The link reference definitions of a growing answer.
 *
 * An answer is rendered in parts (see confab_markdown_cutter_scan()),
 * each alone, but a reference such as `[the docs][1]` is a link when
 * `[1]: https://…` is defined anywhere in the answer, often at its end.
 * So the definitions of the whole answer are gathered here, and each
 * part is parsed with them before it (see confab_markdown_parse_part()),
 * where they show nothing.
 *
 * A definition is a line of its own, after at most three spaces, that
 * starts with a bracket, outside code fences, after a blank line, a
 * heading, a fence or another definition (one cannot interrupt a
 * paragraph), and that md4c alone takes as one: it shows nothing of it.
 * Each complete line is looked at once.  A definition whose title is on
 * the next line, or one inside a list or a quote, is not gathered: it
 * still works in its own part.
 */

/* Past this, a line is no definition worth gathering. */
#define MAX_DEFINITION_LENGTH 4096

/**
 * confab_markdown_definitions_init:
 * @definitions: a #ConfabMarkdownDefinitions
 *
 * Makes @definitions start at the beginning of a text, with none.
 */
void
confab_markdown_definitions_init (ConfabMarkdownDefinitions *definitions)
{
  g_return_if_fail (definitions != NULL);

  *definitions = (ConfabMarkdownDefinitions) {
    .found = g_string_new (NULL),
    .may_define = TRUE,
  };
}

/**
 * confab_markdown_definitions_clear:
 * @definitions: a #ConfabMarkdownDefinitions
 *
 * Frees what @definitions holds.
 */
void
confab_markdown_definitions_clear (ConfabMarkdownDefinitions *definitions)
{
  g_return_if_fail (definitions != NULL);

  if (definitions->found != NULL)
    g_string_free (definitions->found, TRUE);
  definitions->found = NULL;
}

static gboolean
looks_like_definition (const char *line,
                       gsize       length)
{
  gsize i = 0;

  while (i < length && i < 3 && line[i] == ' ')
    i++;

  return i < length && line[i] == '[' &&
         length <= MAX_DEFINITION_LENGTH &&
         g_strstr_len (line + i, length - i, "]:") != NULL;
}

static gboolean
is_definition (const char *line,
               gsize       length)
{
  g_autoptr(ConfabMarkdownDocument) document = confab_markdown_parse (line, length);

  return document->blocks->len == 0;
}

/**
 * confab_markdown_definitions_scan:
 * @definitions: a #ConfabMarkdownDefinitions
 * @text: Markdown source, the text scanned before and maybe more
 * @length: the length of @text
 *
 * Gathers the definitions in the complete lines of @text not scanned
 * yet, each followed by a newline, in @definitions->found.
 *
 * Returns: whether some were found
 */
gboolean
confab_markdown_definitions_scan (ConfabMarkdownDefinitions *definitions,
                                  const char                *text,
                                  gsize                      length)
{
  gboolean found = FALSE;

  g_return_val_if_fail (definitions != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);

  while (definitions->offset < length)
    {
      const char *line = text + definitions->offset;
      const char *newline = memchr (line, '\n', length - definitions->offset);
      gsize line_length;
      gboolean defines = FALSE;
      char fence_char = 0;
      gsize fence_count = 0;

      if (newline == NULL)
        break;

      line_length = newline - line;
      definitions->offset += line_length + 1;

      if (definitions->fence_char != 0)
        {
          if (_confab_markdown_line_closes_fence (line, line_length, definitions->fence_char, definitions->fence_count))
            definitions->fence_char = 0;
          definitions->may_define = definitions->fence_char == 0;
          continue;
        }

      if (definitions->may_define &&
          looks_like_definition (line, line_length) &&
          is_definition (line, line_length))
        {
          g_string_append_len (definitions->found, line, line_length);
          g_string_append_c (definitions->found, '\n');
          defines = TRUE;
          found = TRUE;
        }

      if (_confab_markdown_line_opens_fence (line, line_length, &fence_char, &fence_count))
        {
          definitions->fence_char = fence_char;
          definitions->fence_count = fence_count;
        }

      definitions->may_define = defines ||
                                _confab_markdown_line_is_blank (line, line_length) ||
                                _confab_markdown_line_is_atx_heading (line, line_length);
    }

  return found;
}
