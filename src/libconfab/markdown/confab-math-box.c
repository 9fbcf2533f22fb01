/* confab-math-box.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

/* Boxes: grids of character cells */

void
confab_math_box_free (Box *box)
{
  if (box == NULL)
    return;

  g_free (box->cells);
  g_free (box);
}


Box *
confab_math_box_new (Layout *layout,
                     guint   width,
                     guint   height,
                     guint   baseline)
{
  Box *box = g_new0 (Box, 1);

  if (width > MAX_WIDTH || height > MAX_HEIGHT || (gsize) width * height > MAX_CELLS)
    {
      layout->failed = TRUE;
      width = 0;
      height = 1;
      baseline = 0;
    }

  box->width = width;
  box->height = MAX (height, 1);
  box->baseline = MIN (baseline, box->height - 1);
  box->cells = g_new0 (Cell, (gsize) MAX (width, 1) * box->height);

  for (gsize i = 0; i < (gsize) width * box->height; i++)
    box->cells[i].text[0] = ' ';

  return box;
}

static Cell *
box_cell (Box   *box,
          guint  x,
          guint  y)
{
  return &box->cells[(gsize) y * box->width + x];
}

/* How many columns @c takes in a monospace font. */
static guint
char_columns (gunichar c)
{
  if (g_unichar_ismark (c) || g_unichar_iszerowidth (c))
    return 0;

  return g_unichar_iswide (c) ? 2 : 1;
}

Box *
confab_math_box_text (Layout     *layout,
                      const char *text,
                      guint8      style)
{
  guint width = 0;
  Box *box;
  guint x = 0;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    width += char_columns (g_utf8_get_char (p));

  box = confab_math_box_new (layout, width, 1, 0);
  if (layout->failed)
    return box;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      gsize length = g_utf8_next_char (p) - p;
      guint columns = char_columns (c);

      if (columns == 0)
        {
          /* A mark goes with the character before it, as it fits. */
          if (x > 0)
            {
              Cell *cell = box_cell (box, x - 1, 0);
              gsize used;

              if (cell->text[0] == '\0' && x > 1)
                cell = box_cell (box, x - 2, 0);
              used = strlen (cell->text);
              if (used + length < CELL_BYTES)
                {
                  memcpy (cell->text + used, p, length);
                  cell->text[used + length] = '\0';
                }
            }
          continue;
        }

      memset (box_cell (box, x, 0)->text, 0, CELL_BYTES);
      memcpy (box_cell (box, x, 0)->text, p, length);
      box_cell (box, x, 0)->style = style;
      /* The second column of a wide character has no text. */
      if (columns == 2)
        box_cell (box, x + 1, 0)->text[0] = '\0';
      x += columns;
    }

  return box;
}

void
confab_math_box_blit (Box       *to,
                      const Box *from,
                      guint      x,
                      guint      y)
{
  for (guint j = 0; j < from->height && y + j < to->height; j++)
    for (guint i = 0; i < from->width && x + i < to->width; i++)
      *box_cell (to, x + i, y + j) = from->cells[(gsize) j * from->width + i];
}

/* The boxes of @boxes side by side, on one baseline; takes them. */
Box *
confab_math_box_join (Layout    *layout,
                      GPtrArray *boxes)
{
  guint above = 0;
  guint below = 0;
  guint width = 0;
  guint x = 0;
  Box *box;

  for (guint i = 0; i < boxes->len; i++)
    {
      Box *part = g_ptr_array_index (boxes, i);

      above = MAX (above, part->baseline);
      below = MAX (below, part->height - part->baseline - 1);
      width += part->width;
    }

  box = confab_math_box_new (layout, width, above + below + 1, above);
  if (!layout->failed)
    for (guint i = 0; i < boxes->len; i++)
      {
        Box *part = g_ptr_array_index (boxes, i);

        confab_math_box_blit (box, part, x, above - part->baseline);
        x += part->width;
      }

  g_ptr_array_unref (boxes);

  return box;
}

Box *
confab_math_box_join2 (Layout *layout,
                       Box    *left,
                       Box    *right)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);

  g_ptr_array_add (boxes, left);
  g_ptr_array_add (boxes, right);

  return confab_math_box_join (layout, boxes);
}

/* The text of a box of one line; NULL when it has more. */
char *
confab_math_box_line_text (const Box *box,
                           guint8    *styles)
{
  GString *text;

  if (box->height != 1)
    return NULL;

  text = g_string_new (NULL);
  if (styles != NULL)
    *styles = 0;

  for (guint i = 0; i < box->width; i++)
    {
      g_string_append (text, box->cells[i].text);
      if (styles != NULL)
        *styles |= box->cells[i].style;
    }

  return g_string_free (text, FALSE);
}

/* A delimiter as tall as @height: pieces of Unicode's brackets. */
static Box *
box_delimiter (Layout     *layout,
               const char *delimiter,
               guint       height,
               guint       baseline)
{
  static const char *pieces[] = {
    /* delimiter, top, middle, bottom, extension */
    "(", "⎛", "⎜", "⎝", "⎜",
    ")", "⎞", "⎟", "⎠", "⎟",
    "[", "⎡", "⎢", "⎣", "⎢",
    "]", "⎤", "⎥", "⎦", "⎥",
    "{", "⎧", "⎨", "⎩", "⎪",
    "}", "⎫", "⎬", "⎭", "⎪",
    "|", "│", "│", "│", "│",
    "‖", "‖", "‖", "‖", "‖",
    "⌈", "⎡", "⎢", "⎢", "⎢",
    "⌉", "⎤", "⎥", "⎥", "⎥",
    "⌊", "⎢", "⎢", "⎣", "⎢",
    "⌋", "⎥", "⎥", "⎦", "⎥",
  };
  Box *box;
  guint i;

  if (delimiter == NULL || delimiter[0] == '\0')
    return confab_math_box_new (layout, 0, height, baseline);

  if (height <= 1)
    return confab_math_box_text (layout, delimiter, 0);

  for (i = 0; i < G_N_ELEMENTS (pieces); i += 5)
    if (strcmp (pieces[i], delimiter) == 0)
      break;

  box = confab_math_box_new (layout, 1, height, baseline);
  if (layout->failed)
    return box;

  for (guint y = 0; y < height; y++)
    {
      const char *piece;

      if (i == G_N_ELEMENTS (pieces))
        piece = y == baseline ? delimiter : " ";
      else if (y == 0)
        piece = pieces[i + 1];
      else if (y == height - 1)
        piece = pieces[i + 3];
      else if (y == (height - 1) / 2 && height > 2 && (delimiter[0] == '{' || delimiter[0] == '}'))
        piece = pieces[i + 2];
      else
        piece = pieces[i + 4];

      if (strlen (piece) < CELL_BYTES && char_columns (g_utf8_get_char (piece)) == 1)
        {
          memset (box_cell (box, 0, y)->text, 0, CELL_BYTES);
          strcpy (box_cell (box, 0, y)->text, piece);
        }
    }

  return box;
}

Box *
confab_math_box_fence (Layout     *layout,
                       Box        *body,
                       const char *open,
                       const char *close)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);

  g_ptr_array_add (boxes, box_delimiter (layout, open, body->height, body->baseline));
  g_ptr_array_add (boxes, body);
  g_ptr_array_add (boxes, box_delimiter (layout, close, body->height, body->baseline));

  return confab_math_box_join (layout, boxes);
}

/* @top over @bottom, centred, with the baseline at @top's or a line
 * between; takes both.
 */
Box *
confab_math_box_stack (Layout *layout,
                       Box    *top,
                       Box    *middle,
                       Box    *bottom,
                       guint   baseline_part)
{
  Box *parts[3] = { top, middle, bottom };
  guint width = 0;
  guint height = 0;
  guint baseline = 0;
  guint y = 0;
  Box *box;

  for (guint i = 0; i < 3; i++)
    if (parts[i] != NULL)
      {
        width = MAX (width, parts[i]->width);
        if (i == baseline_part)
          baseline = height + parts[i]->baseline;
        height += parts[i]->height;
      }

  box = confab_math_box_new (layout, width, height, baseline);
  for (guint i = 0; i < 3; i++)
    if (parts[i] != NULL)
      {
        if (!layout->failed)
          confab_math_box_blit (box, parts[i], (width - parts[i]->width + 1) / 2, y);
        y += parts[i]->height;
        confab_math_box_free (parts[i]);
      }

  return box;
}
