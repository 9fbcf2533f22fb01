/* confab-markdown-math.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-parser-private.h"

/* Where the math of a Markdown source is, before md4c reads it: $…$
 * and \(…\) inline, on one line; $$…$$ and \[…\] for display, on lines
 * of one paragraph; never in code.  A single $ opens only before
 * something that is not a space, and closes only after something that
 * is not a space and before something that is not a digit, so that
 * "$5 and $10" stays text.
 *
 * md4c's own $ spans (MD_FLAG_LATEXMATHSPANS) pair any two dollars,
 * and it knows nothing of \( and \[, whose backslashes it takes for
 * escapes.  So md4c reads a copy of the source in which only the math
 * found here has dollars: \( and \) become "%$", \[ and \] "$$", and
 * every other dollar "%".  md4c 0.5 takes a dollar for math only with
 * a space or punctuation on its outer side, so a character of a word
 * next to math is "%" there too, one for each of its bytes.  The copy
 * is as long as the source, so what md4c reports of it is read from
 * the source at the same place.
 */

/* What stands for a dollar that is not math, and for the backslash of
 * \( and \), in md4c's copy: punctuation that means nothing to md4c,
 * as the characters it stands for are punctuation.
 */
#define HIDDEN '%'

static gsize
find_line_end (const char *text,
               gsize       length,
               gsize       from)
{
  const char *newline = memchr (text + from, '\n', length - from);

  return newline != NULL ? (gsize) (newline - text) : length;
}

/* The end of the paragraph that @from is in: the start of the next
 * blank line, or the end of @text.
 */
static gsize
find_paragraph_end (const char *text,
                    gsize       length,
                    gsize       from)
{
  gsize line = find_line_end (text, length, from);

  while (line < length)
    {
      gsize next = find_line_end (text, length, line + 1);

      if (_confab_markdown_line_is_blank (text + line + 1, next - line - 1))
        return line + 1;
      line = next;
    }

  return length;
}

static gboolean
is_space (char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The next @delimiter in @text from @from to @end, skipping what a
 * backslash escapes; or 0.
 */
static gsize
find_closer (const char *text,
             gsize       from,
             gsize       end,
             const char *delimiter)
{
  gsize length = strlen (delimiter);

  for (gsize i = from; i + length <= end; i++)
    {
      if (memcmp (text + i, delimiter, length) == 0)
        return i;
      if (text[i] == '\\')
        i++;
    }

  return 0;
}

static gboolean
content_is_blank (const char *text,
                  gsize       from,
                  gsize       to)
{
  for (gsize i = from; i < to; i++)
    if (!is_space (text[i]))
      return FALSE;

  return TRUE;
}

static void
add_region (GArray   *regions,
            gsize     open,
            gsize     open_length,
            gsize     close,
            gsize     close_length,
            gboolean  display)
{
  ConfabMarkdownMath region = { open, open + open_length, close, close + close_length, display };

  g_array_append_val (regions, region);
}

/* The math of one paragraph, from @from to @end; returns where its
 * scan ended.
 */
static void
scan_paragraph (const char *text,
                gsize       from,
                gsize       end,
                gsize       length,
                GArray     *regions,
                gsize      *pending)
{
  gsize i = from;
  gsize line_end = 0;
  /* What was looked for in vain is not looked for again, so that the
   * scan stays linear: a closing \) on this line, a closing \] or $$
   * in this paragraph, a closing run of backticks of a length.
   */
  gsize no_paren_till = 0;
  gboolean no_bracket = FALSE;
  gboolean no_dollars = FALSE;
  guint64 no_ticks = 0;

  while (i < end)
    {
      char c = text[i];

      if (i > line_end || line_end == 0)
        line_end = find_line_end (text, end, i);

      /* A backslash or a dollar that text ends with may start math. */
      if ((c == '\\' || c == '$') && i + 1 == length)
        {
          *pending = MIN (*pending, i);
          break;
        }

      if (c == '\\' && i + 1 < end)
        {
          char next = text[i + 1];

          if (next == '(' && i >= no_paren_till)
            {
              gsize close = find_closer (text, i + 2, line_end, "\\)");

              if (close > 0 && !content_is_blank (text, i + 2, close))
                {
                  add_region (regions, i, 2, close, 2, FALSE);
                  i = close + 2;
                  continue;
                }
              if (close == 0 && line_end == length)
                *pending = MIN (*pending, i);
              if (close == 0)
                no_paren_till = line_end;
            }
          else if (next == '[' && !no_bracket)
            {
              gsize close = find_closer (text, i + 2, end, "\\]");

              if (close > 0 && !content_is_blank (text, i + 2, close))
                {
                  add_region (regions, i, 2, close, 2, TRUE);
                  i = close + 2;
                  continue;
                }
              if (close == 0 && end == length)
                *pending = MIN (*pending, i);
              no_bracket = close == 0;
            }

          /* An escaped character is itself. */
          i += g_ascii_ispunct (next) ? 2 : 1;
          continue;
        }

      /* A link's destination has no math. */
      if (c == ']' && i + 1 < end && text[i + 1] == '(')
        {
          i += 2;
          while (i < end && text[i] != ')' && !is_space (text[i]))
            i++;
          continue;
        }

      if (c == '`')
        {
          gsize run = 0;

          while (i + run < end && text[i + run] == '`')
            run++;

          /* A code span: to the next run of as many backticks. */
          for (gsize j = i + run; j < end && run < 64 && (no_ticks & (G_GUINT64_CONSTANT (1) << run)) == 0; )
            {
              gsize other = 0;

              if (text[j] != '`')
                {
                  j++;
                  continue;
                }
              while (j + other < end && text[j + other] == '`')
                other++;
              if (other == run)
                {
                  i = j;
                  break;
                }
              j += other;
              if (j >= end)
                no_ticks |= G_GUINT64_CONSTANT (1) << run;
            }

          i += run;
          continue;
        }

      if (c == '$')
        {
          gsize run = 0;

          while (i + run < end && text[i + run] == '$')
            run++;

          if (run == 2 && !no_dollars)
            {
              gsize close = find_closer (text, i + 2, end, "$$");

              if (close > 0 && (close + 2 >= end || text[close + 2] != '$') &&
                  !content_is_blank (text, i + 2, close))
                {
                  add_region (regions, i, 2, close, 2, TRUE);
                  i = close + 2;
                  continue;
                }
              if (close == 0 && end == length)
                *pending = MIN (*pending, i);
              no_dollars = close == 0;
            }
          else if (run == 1 && i + 1 < end && !is_space (text[i + 1]))
            {
              gboolean closed = FALSE;

              for (gsize j = i + 1; j < line_end; j++)
                {
                  if (text[j] == '\\')
                    {
                      j++;
                      continue;
                    }
                  if (text[j] != '$')
                    continue;

                  closed = TRUE;

                  /* The first dollar after it closes it, or it is text. */
                  if (!is_space (text[j - 1]) &&
                      (j + 1 >= line_end || (!g_ascii_isdigit (text[j + 1]) && text[j + 1] != '$')))
                    {
                      add_region (regions, i, 1, j, 1, FALSE);
                      i = j + 1;
                      run = 0;
                    }
                  break;
                }

              if (run == 0)
                continue;

              /* A dollar before a digit is money more often than math. */
              if (!closed && line_end == length && !g_ascii_isdigit (text[i + 1]))
                *pending = MIN (*pending, i);
            }

          i += run;
          continue;
        }

      i++;
    }
}

/**
 * _confab_markdown_find_math:
 * @text: Markdown source
 * @length: its length in bytes
 * @pending: (out) (optional): where the first opening delimiter is
 *   that has no closing one yet, but may have once @text grows; or
 *   @length
 *
 * Returns: (transfer full): the #ConfabMarkdownMath of @text, in order
 */
GArray *
_confab_markdown_find_math (const char *text,
                            gsize       length,
                            gsize      *pending)
{
  gsize none = length;

  GArray *regions = g_array_new (FALSE, FALSE, sizeof (ConfabMarkdownMath));
  gsize offset = 0;
  char fence_char = 0;
  gsize fence_count = 0;
  gboolean in_fence = FALSE;

  if (pending == NULL)
    pending = &none;
  *pending = length;

  /* Nothing to find without a dollar or a backslash. */
  if (memchr (text, '$', length) == NULL && memchr (text, '\\', length) == NULL)
    return regions;

  while (offset < length)
    {
      gsize line_end = find_line_end (text, length, offset);
      const char *line = text + offset;
      gsize line_length = line_end - offset;

      if (in_fence)
        {
          if (_confab_markdown_line_closes_fence (line, line_length, fence_char, fence_count))
            in_fence = FALSE;
          offset = line_end + 1;
        }
      else if (_confab_markdown_line_opens_fence (line, line_length, &fence_char, &fence_count))
        {
          in_fence = TRUE;
          offset = line_end + 1;
        }
      else if (_confab_markdown_line_is_blank (line, line_length))
        {
          offset = line_end + 1;
        }
      else
        {
          gsize end = find_paragraph_end (text, length, offset);
          gsize fence = offset;

          /* A paragraph ends where a code fence opens. */
          while (fence < end)
            {
              gsize next = find_line_end (text, length, fence);

              if (fence > offset &&
                  _confab_markdown_line_opens_fence (text + fence, next - fence, &fence_char, &fence_count))
                break;
              fence = next + 1;
            }
          end = MIN (end, fence);

          scan_paragraph (text, offset, end, length, regions, pending);
          offset = end;
        }
    }

  return regions;
}

/* Whether a line of display math, from @start, would start a block of
 * its own in md4c: a list item, a heading, a rule or an underline.  At
 * what byte, after the marks of quotes and spaces, in @start_at.
 */
static gboolean
line_starts_block (const char *text,
                   gsize       start,
                   gsize       end,
                   gsize      *start_at)
{
  gsize i = start;

  while (i < end && (text[i] == ' ' || text[i] == '\t' || text[i] == '>'))
    i++;

  *start_at = i;

  if (i >= end)
    return FALSE;

  if (strchr ("-+*=#_|", text[i]) != NULL)
    return TRUE;

  while (i < end && g_ascii_isdigit (text[i]))
    i++;

  return i > *start_at && i < end && (text[i] == '.' || text[i] == ')');
}

/* If the character of @text that ends before @offset (or starts at it,
 * @before FALSE) is neither a space nor punctuation, it becomes
 * HIDDEN in @input, each of its bytes: it is next to the dollar of
 * math, which md4c 0.5 would not pair then (md4c 0.4 pairs any two).
 */
static void
hide_word_next_to (char       *input,
                   const char *text,
                   gsize       length,
                   gsize       offset,
                   gboolean    before)
{
  gsize start = offset;
  gsize end = offset;
  gunichar c;

  /* A character is a byte and the continuation bytes after it. */
  if (before)
    {
      if (offset == 0)
        return;
      do
        start--;
      while (start > 0 && offset - start < 4 && ((guchar) text[start] & 0xc0) == 0x80);
    }
  else
    {
      if (offset >= length)
        return;
      do
        end++;
      while (end < length && end - offset < 4 && ((guchar) text[end] & 0xc0) == 0x80);
    }

  c = g_utf8_get_char_validated (text + start, end - start);
  if (c != (gunichar) -1 && c != (gunichar) -2 &&
      (g_unichar_isspace (c) || g_unichar_ispunct (c)))
    return;

  memset (input + start, HIDDEN, end - start);
}

/**
 * _confab_markdown_hide_non_math:
 * @input: md4c's copy of @text, as long
 * @text: Markdown source
 * @length: its length in bytes
 * @regions: the math of @text, as _confab_markdown_find_math() found
 *
 * Makes @input what md4c reads: see the top of this file.
 */
void
_confab_markdown_hide_non_math (char         *input,
                                const char   *text,
                                gsize         length,
                                const GArray *regions)
{
  guint next = 0;

  for (gsize i = 0; i < length; i++)
    {
      const ConfabMarkdownMath *region;

      /* Math found in what is skipped here is not. */
      while (next < regions->len && g_array_index (regions, ConfabMarkdownMath, next).open < i)
        next++;
      region = next < regions->len ? &g_array_index (regions, ConfabMarkdownMath, next) : NULL;

      if (region != NULL && i == region->open)
        {
          if (text[i] == '\\' && text[i + 1] == '(')
            {
              input[region->open] = HIDDEN;
              input[region->open + 1] = '$';
              input[region->close] = HIDDEN;
              input[region->close + 1] = '$';
            }
          else if (text[i] == '\\')
            {
              memcpy (input + region->open, "$$", 2);
              memcpy (input + region->close, "$$", 2);
            }

          /* The lines of display math are lines of one paragraph. */
          for (gsize j = region->content; region->display && j < region->close; j++)
            {
              gsize at;

              if (text[j] == '\n' && line_starts_block (text, j + 1, region->close, &at))
                input[at] = HIDDEN;
            }

          /* md4c 0.5 takes no dollar after or before a word's
           * character for math: "행렬 $A$의" is math all the same.
           */
          hide_word_next_to (input, text, length, region->open, TRUE);
          hide_word_next_to (input, text, length, region->end, FALSE);

          i = region->end - 1;
          next++;
          continue;
        }

      if (text[i] == '$')
        input[i] = HIDDEN;
      else if (text[i] == '\\' && i + 1 < length && text[i + 1] == '$')
        i++;
    }
}

/**
 * _confab_markdown_is_hidden:
 * @text: Markdown source
 * @regions: its math
 * @offset: a byte of @text
 *
 * Returns: whether the byte at @offset is the backslash of the \( of
 *   math, which md4c read as text before the formula
 */
gboolean
_confab_markdown_is_hidden (const char   *text,
                            const GArray *regions,
                            gsize         offset)
{
  guint low = 0;
  guint high = regions->len;

  while (low < high)
    {
      guint middle = (low + high) / 2;
      const ConfabMarkdownMath *region = &g_array_index (regions, ConfabMarkdownMath, middle);

      if (offset < region->open)
        high = middle;
      else if (offset >= region->end)
        low = middle + 1;
      else
        return offset == region->open && text[region->open] == '\\' && text[region->open + 1] == '(';
    }

  return FALSE;
}

/**
 * _confab_markdown_find_region:
 * @regions: math, in order
 * @offset: a byte of the source
 *
 * Returns: (nullable): the math that @offset is in the content of
 */
const ConfabMarkdownMath *
_confab_markdown_find_region (const GArray *regions,
                              gsize         offset)
{
  guint low = 0;
  guint high = regions->len;

  while (low < high)
    {
      guint middle = (low + high) / 2;
      const ConfabMarkdownMath *region = &g_array_index (regions, ConfabMarkdownMath, middle);

      if (offset < region->open)
        high = middle;
      else if (offset >= region->end)
        low = middle + 1;
      else
        return region;
    }

  return NULL;
}

/**
 * confab_markdown_find_pending_math:
 * @text: Markdown source that is still growing, as a streamed answer
 * @length: its length in bytes
 *
 * Finds a formula that has started at the end of @text and has not
 * ended yet: shown now, it would show its TeX until its end arrives.
 *
 * Returns: where its opening delimiter is, or @length when there is
 *   none
 */
gsize
confab_markdown_find_pending_math (const char *text,
                                   gsize       length)
{
  g_autoptr(GArray) regions = NULL;
  gsize pending;

  g_return_val_if_fail (text != NULL || length == 0, length);

  regions = _confab_markdown_find_math (text, length, &pending);

  return pending;
}
