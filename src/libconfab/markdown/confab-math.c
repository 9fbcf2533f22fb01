/* confab-math.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

/* A subset of TeX's math typeset in Unicode: the source is parsed into
 * a small tree (rows of atoms, scripts, fractions, roots, fences,
 * grids), then laid out in a grid of character cells.  Inline math is
 * one line: fractions become a/b, scripts Unicode's superscript and
 * subscript characters where it has them all, else a span that the
 * view raises or lowers.  Display math may take several lines, for
 * stacked fractions, matrices and limits, and is then shown in a
 * monospace font.  Anything unknown makes the whole formula fail: it
 * is then shown as its source.
 */

/* Output */

static void
add_spans (ConfabMath *math,
           const Box  *box,
           guint       line,
           gsize       line_start,
           GArray     *open_starts)
{
  gsize offset = line_start;

  for (guint style = 0; style < 3; style++)
    g_array_index (open_starts, gssize, style) = -1;

  for (guint i = 0; i <= box->width; i++)
    {
      const Cell *cell = i < box->width ? &box->cells[(gsize) line * box->width + i] : NULL;

      for (guint style = 0; style < 3; style++)
        {
          gssize *start = &g_array_index (open_starts, gssize, style);
          gboolean has = cell != NULL && (cell->style & (1 << style)) != 0 && cell->text[0] != '\0';

          /* A wide character's second column continues its span. */
          if (cell != NULL && cell->text[0] == '\0')
            continue;

          if (has && *start < 0)
            *start = offset;
          else if (!has && *start >= 0)
            {
              ConfabMathSpan span = { style, *start, offset };

              g_array_append_val (math->spans, span);
              *start = -1;
            }
        }

      if (cell != NULL)
        offset += strlen (cell->text);
    }
}

static gint
compare_spans (gconstpointer a,
               gconstpointer b)
{
  const ConfabMathSpan *x = a;
  const ConfabMathSpan *y = b;

  if (x->start != y->start)
    return x->start < y->start ? -1 : 1;
  return x->end < y->end ? -1 : x->end > y->end ? 1 : 0;
}

/**
 * confab_math_typeset:
 * @source: the TeX of a formula, without its delimiters
 * @length: the length of @source in bytes
 * @display: whether it is display math, which may take several lines
 *
 * Typesets a formula in Unicode text.
 *
 * Returns: (transfer full) (nullable): the formula, or %NULL when it
 *   uses what is not typeset (an unknown command, an environment,
 *   unbalanced braces), is empty, or is too long or too deep
 */
ConfabMath *
confab_math_typeset (const char *source,
                     gsize       length,
                     gboolean    display)
{
  Parser parser = { source, source + length, 0, 0, FALSE };
  Layout layout = { display, FALSE, FALSE };
  g_autoptr(GArray) open_starts = NULL;
  ConfabMath *math;
  Node *tree;
  Stop stop;
  Box *box;

  g_return_val_if_fail (source != NULL || length == 0, NULL);

  if (length == 0 || length > CONFAB_MATH_MAX_SOURCE ||
      !g_utf8_validate_len (source, length, NULL))
    return NULL;

  tree = confab_math_parse_row (&parser, &stop);
  if (parser.failed || stop != STOP_END || tree->children->len == 0)
    {
      confab_math_node_free (tree);
      return NULL;
    }

  box = confab_math_layout_node (&layout, tree);
  confab_math_node_free (tree);

  if (layout.failed || box->width == 0)
    {
      confab_math_box_free (box);
      return NULL;
    }

  math = g_new0 (ConfabMath, 1);
  math->text = g_string_new (NULL);
  math->spans = g_array_new (FALSE, FALSE, sizeof (ConfabMathSpan));
  math->grid = box->height > 1;
  open_starts = g_array_sized_new (FALSE, TRUE, sizeof (gssize), 3);
  g_array_set_size (open_starts, 3);

  for (guint y = 0; y < box->height; y++)
    {
      gsize line_start;

      if (y > 0)
        g_string_append_c (math->text, '\n');
      line_start = math->text->len;

      for (guint x = 0; x < box->width; x++)
        g_string_append (math->text, box->cells[(gsize) y * box->width + x].text);

      add_spans (math, box, y, line_start, open_starts);
    }

  /* One line has no space around it. */
  if (!math->grid)
    {
      gsize leading = 0;

      while (leading < math->text->len && math->text->str[leading] == ' ')
        leading++;
      while (math->text->len > leading && math->text->str[math->text->len - 1] == ' ')
        g_string_truncate (math->text, math->text->len - 1);
      if (leading > 0)
        {
          g_string_erase (math->text, 0, leading);
          for (guint i = 0; i < math->spans->len; i++)
            {
              ConfabMathSpan *span = &g_array_index (math->spans, ConfabMathSpan, i);

              span->start = span->start > leading ? span->start - leading : 0;
              span->end = span->end > leading ? span->end - leading : 0;
            }
        }
      for (guint i = math->spans->len; i-- > 0; )
        {
          ConfabMathSpan *span = &g_array_index (math->spans, ConfabMathSpan, i);

          span->end = MIN (span->end, math->text->len);
          if (span->start >= span->end)
            g_array_remove_index (math->spans, i);
        }
    }

  g_array_sort (math->spans, compare_spans);
  confab_math_box_free (box);

  if (math->text->len == 0)
    {
      confab_math_free (math);
      return NULL;
    }

  return math;
}

void
confab_math_free (ConfabMath *math)
{
  if (math == NULL)
    return;

  g_string_free (math->text, TRUE);
  g_array_unref (math->spans);
  g_free (math);
}
