/* confab-math-layout.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include "confab-math-private.h"

static AtomClass
node_class (const Node *node)
{
  if (node == NULL)
    return CLASS_ORD;

  switch (node->kind)
    {
    case NODE_ATOM:
      return node->klass;
    case NODE_SCRIPT:
      return node_class (confab_math_node_child (node, 0));
    case NODE_ROW:
      if (node->klass == CLASS_OP)
        return CLASS_OP;
      return node->children->len == 1 ? node_class (confab_math_node_child (node, 0)) : CLASS_ORD;
    default:
      return CLASS_ORD;
    }
}

static Box *
layout_row (Layout     *layout,
            const Node *node)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);
  AtomClass previous = CLASS_SPACE;
  gboolean first = TRUE;
  gboolean sign = FALSE;

  for (guint i = 0; i < node->children->len; i++)
    {
      const Node *item = g_ptr_array_index (node->children, i);
      AtomClass klass = node_class (item);
      gboolean space = FALSE;
      gboolean after_sign = sign;

      if (item == NULL)
        continue;

      if (klass != CLASS_SPACE)
        sign = FALSE;

      /* A binary operator without an operand before it is a sign, with
       * nothing between it and what it is of.
       */
      if (klass == CLASS_BIN &&
          (first || previous == CLASS_BIN || previous == CLASS_REL || previous == CLASS_OPEN ||
           previous == CLASS_PUNCT || previous == CLASS_OP))
        {
          klass = CLASS_ORD;
          sign = TRUE;
        }

      if (!layout->compact && !first && !after_sign && klass != CLASS_SPACE && previous != CLASS_SPACE)
        {
          if ((klass == CLASS_BIN || klass == CLASS_REL) && previous != CLASS_OPEN)
            space = TRUE;
          else if ((previous == CLASS_BIN || previous == CLASS_REL) &&
                   klass != CLASS_CLOSE && klass != CLASS_PUNCT)
            space = TRUE;
          else if (previous == CLASS_PUNCT && klass != CLASS_CLOSE)
            space = TRUE;
          else if ((previous == CLASS_OP || previous == CLASS_FUNC) &&
                   klass != CLASS_OPEN && klass != CLASS_PUNCT && klass != CLASS_CLOSE)
            space = TRUE;
          else if ((klass == CLASS_OP || klass == CLASS_FUNC) &&
                   (previous == CLASS_VAR || previous == CLASS_NUM || previous == CLASS_ORD ||
                    previous == CLASS_CLOSE || previous == CLASS_FUNC))
            space = TRUE;
        }

      if (space)
        g_ptr_array_add (boxes, confab_math_box_text (layout, " ", 0));

      g_ptr_array_add (boxes, confab_math_layout_node (layout, item));
      if (klass != CLASS_SPACE)
        {
          previous = klass;
          first = FALSE;
        }
    }

  return confab_math_box_join (layout, boxes);
}

static Box *
layout_script_part (Layout     *layout,
                    const Node *node,
                    gboolean    super)
{
  Layout inner = { layout->display, TRUE, FALSE };
  g_autoptr(Box) box = confab_math_layout_node (&inner, node);
  g_autofree char *text = NULL;
  g_autofree char *mapped = NULL;
  guint8 styles = 0;

  if (inner.failed)
    layout->failed = TRUE;

  if ((text = confab_math_box_line_text (box, &styles)) != NULL &&
      (styles & (STYLE_SUPERSCRIPT | STYLE_SUBSCRIPT)) == 0 &&
      (mapped = confab_math_map_script (text,
                                        super ? confab_math_superscripts : confab_math_subscripts,
                                        super ? confab_math_n_superscripts : confab_math_n_subscripts)) != NULL)
    return confab_math_box_text (layout, mapped, 0);

  /* A span that the view shows smaller, raised or lowered. */
  if (box->height == 1)
    for (guint i = 0; i < box->width; i++)
      box->cells[i].style = super ? STYLE_SUPERSCRIPT : STYLE_SUBSCRIPT;

  return g_steal_pointer (&box);
}

static Box *
layout_script (Layout     *layout,
               const Node *node)
{
  const Node *base_node = confab_math_node_child (node, 0);
  const Node *sub_node = confab_math_node_child (node, 1);
  const Node *super_node = confab_math_node_child (node, 2);
  Box *base = confab_math_layout_node (layout, base_node);
  Box *sub = NULL;
  Box *super = NULL;
  gboolean limits = node->limits || (base_node != NULL && base_node->limits);

  /* Limits below and above, in display math. */
  if (limits && layout->display)
    {
      Layout inner = { TRUE, TRUE, FALSE };
      Box *above = super_node != NULL ? confab_math_layout_node (&inner, super_node) : NULL;
      Box *below = sub_node != NULL ? confab_math_layout_node (&inner, sub_node) : NULL;

      if (inner.failed)
        layout->failed = TRUE;
      return confab_math_box_stack (layout, above, base, below, 1);
    }

  if (sub_node != NULL)
    sub = layout_script_part (layout, sub_node, FALSE);
  if (super_node != NULL)
    super = layout_script_part (layout, super_node, TRUE);

  /* Scripts that are one line each go after the base, in the line. */
  if ((sub == NULL || (sub->height == 1 && (base->height == 1 || sub->cells[0].style == 0))) &&
      (super == NULL || (super->height == 1 && (base->height == 1 || super->cells[0].style == 0))))
    {
      if (sub != NULL)
        base = confab_math_box_join2 (layout, base, sub);
      if (super != NULL)
        base = confab_math_box_join2 (layout, base, super);
      return base;
    }

  /* Else the scripts go above and below the base's corner. */
  {
    guint width = MAX (sub != NULL ? sub->width : 0, super != NULL ? super->width : 0);
    guint super_height = super != NULL ? super->height : 0;
    guint sub_height = sub != NULL ? sub->height : 0;
    Box *box = confab_math_box_new (layout, base->width + width, super_height + base->height + sub_height,
                                    super_height + base->baseline);

    if (!layout->failed)
      {
        confab_math_box_blit (box, base, 0, super_height);
        if (super != NULL)
          {
            for (guint i = 0; i < super->width * super->height; i++)
              super->cells[i].style = 0;
            confab_math_box_blit (box, super, base->width, 0);
          }
        if (sub != NULL)
          {
            for (guint i = 0; i < sub->width * sub->height; i++)
              sub->cells[i].style = 0;
            confab_math_box_blit (box, sub, base->width, super_height + base->height);
          }
      }

    confab_math_box_free (base);
    confab_math_box_free (sub);
    confab_math_box_free (super);

    return box;
  }
}

/* Whether @node is a number or a row of one. */
static const char *
number_text (const Node *node)
{
  if (node != NULL && node->kind == NODE_ROW && node->children->len == 1)
    node = confab_math_node_child (node, 0);

  if (node != NULL && node->kind == NODE_ATOM && node->klass == CLASS_NUM &&
      strchr (node->text, '.') == NULL)
    return node->text;

  return NULL;
}

/* Whether @node shows as one item, that a/b needs no parentheses around. */
static gboolean
is_simple (const Node *node)
{
  if (node == NULL)
    return TRUE;

  if (node->kind == NODE_ROW)
    {
      if (node->children->len == 0)
        return TRUE;
      if (node->children->len > 1)
        return FALSE;
      return is_simple (confab_math_node_child (node, 0));
    }

  return node->kind == NODE_ATOM || node->kind == NODE_SCRIPT || node->kind == NODE_FENCED ||
         node->kind == NODE_SQRT || node->kind == NODE_ACCENT || node->kind == NODE_GRID;
}

static Box *
layout_parenthesized (Layout     *layout,
                      const Node *node)
{
  Box *box = confab_math_layout_node (layout, node);

  if (is_simple (node))
    return box;

  return confab_math_box_fence (layout, box, "(", ")");
}

static Box *
layout_frac (Layout     *layout,
             const Node *node)
{
  const Node *numerator = confab_math_node_child (node, 0);
  const Node *denominator = confab_math_node_child (node, 1);
  const char *top = number_text (numerator);
  const char *bottom = number_text (denominator);

  if (layout->display && !node->linear)
    {
      Box *over = confab_math_layout_node (layout, numerator);
      Box *under = confab_math_layout_node (layout, denominator);
      guint width = MAX (over->width, under->width) + 2;
      GString *rule = g_string_new (NULL);
      Box *line;

      for (guint i = 0; i < width && i < MAX_WIDTH; i++)
        g_string_append (rule, "─");
      line = confab_math_box_text (layout, rule->str, 0);
      g_string_free (rule, TRUE);

      return confab_math_box_stack (layout, over, line, under, 1);
    }

  /* ½, or ¹²⁄₃₅ */
  if (top != NULL && bottom != NULL)
    {
      g_autofree char *super = NULL;
      g_autofree char *sub = NULL;
      g_autofree char *fraction = NULL;

      for (guint i = 0; i < confab_math_n_vulgar_fractions; i++)
        if (strcmp (confab_math_vulgar_fractions[i].numerator, top) == 0 &&
            strcmp (confab_math_vulgar_fractions[i].denominator, bottom) == 0)
          return confab_math_box_text (layout, confab_math_vulgar_fractions[i].fraction, 0);

      super = confab_math_map_script (top, confab_math_superscripts, confab_math_n_superscripts);
      sub = confab_math_map_script (bottom, confab_math_subscripts, confab_math_n_subscripts);
      fraction = g_strconcat (super, "⁄", sub, NULL);

      return confab_math_box_text (layout, fraction, 0);
    }

  {
    GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);

    g_ptr_array_add (boxes, layout_parenthesized (layout, numerator));
    g_ptr_array_add (boxes, confab_math_box_text (layout, "/", 0));
    g_ptr_array_add (boxes, layout_parenthesized (layout, denominator));

    return confab_math_box_join (layout, boxes);
  }
}

static Box *
layout_sqrt (Layout     *layout,
             const Node *node)
{
  const Node *body = confab_math_node_child (node, 0);
  const Node *index = confab_math_node_child (node, 1);
  const char *degree = number_text (index);
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);
  Box *inside = confab_math_layout_node (layout, body);

  if (g_strcmp0 (degree, "3") == 0)
    g_ptr_array_add (boxes, confab_math_box_text (layout, "∛", 0));
  else if (g_strcmp0 (degree, "4") == 0)
    g_ptr_array_add (boxes, confab_math_box_text (layout, "∜", 0));
  else
    {
      if (index != NULL)
        g_ptr_array_add (boxes, layout_script_part (layout, index, TRUE));
      g_ptr_array_add (boxes, confab_math_box_text (layout, "√", 0));
    }

  if (is_simple (body) && inside->height == 1)
    g_ptr_array_add (boxes, inside);
  else
    g_ptr_array_add (boxes, confab_math_box_fence (layout, inside, "(", ")"));

  return confab_math_box_join (layout, boxes);
}

static Box *
layout_grid_linear (Layout     *layout,
                    const Node *node)
{
  GPtrArray *boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);
  const char *cell_separator = node->grid == GRID_MATRIX ? ", " : node->grid == GRID_STACK ? ", " : " ";
  const char *row_separator = node->grid == GRID_STACK ? ", " : "; ";

  for (guint r = 0; r < node->children->len; r++)
    {
      const Node *row = g_ptr_array_index (node->children, r);

      if (r > 0)
        g_ptr_array_add (boxes, confab_math_box_text (layout, row_separator, 0));

      for (guint c = 0; c < row->children->len; c++)
        {
          if (c > 0)
            g_ptr_array_add (boxes,
                             confab_math_box_text (layout,
                                                   node->grid == GRID_ALIGNED && c % 2 == 1 ? " " : cell_separator,
                                                   0));
          g_ptr_array_add (boxes, confab_math_layout_node (layout, g_ptr_array_index (row->children, c)));
        }
    }

  if (node->grid == GRID_CASES)
    g_ptr_array_insert (boxes, 0, confab_math_box_text (layout, " ", 0));

  return confab_math_box_fence (layout, confab_math_box_join (layout, boxes), node->open, node->close);
}

static Box *
layout_grid (Layout     *layout,
             const Node *node)
{
  guint n_rows = node->children->len;
  guint n_columns = 0;
  g_autofree guint *widths = NULL;
  g_autofree guint *above = NULL;
  g_autofree guint *below = NULL;
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);
  guint width = 0;
  guint height = 0;
  Box *box;
  guint y = 0;

  if (!layout->display)
    return layout_grid_linear (layout, node);

  for (guint r = 0; r < n_rows; r++)
    n_columns = MAX (n_columns, ((Node *) g_ptr_array_index (node->children, r))->children->len);

  if (n_columns == 0 || n_rows == 0 || n_columns > MAX_WIDTH)
    return confab_math_box_fence (layout, confab_math_box_new (layout, 0, 1, 0), node->open, node->close);

  widths = g_new0 (guint, n_columns);
  above = g_new0 (guint, n_rows);
  below = g_new0 (guint, n_rows);

  for (guint r = 0; r < n_rows && !layout->failed; r++)
    {
      const Node *row = g_ptr_array_index (node->children, r);

      for (guint c = 0; c < n_columns; c++)
        {
          Box *cell = c < row->children->len ? confab_math_layout_node (layout, g_ptr_array_index (row->children, c))
                                             : confab_math_box_new (layout, 0, 1, 0);

          widths[c] = MAX (widths[c], cell->width);
          above[r] = MAX (above[r], cell->baseline);
          below[r] = MAX (below[r], cell->height - cell->baseline - 1);
          g_ptr_array_add (cells, cell);
        }
    }

  if (layout->failed)
    return confab_math_box_new (layout, 0, 1, 0);

  for (guint c = 0; c < n_columns; c++)
    width += widths[c] + (c > 0 ? (node->grid == GRID_ALIGNED && c % 2 == 1 ? 1 : 2) : 0);
  for (guint r = 0; r < n_rows; r++)
    height += above[r] + below[r] + 1;

  box = confab_math_box_new (layout, width, height, (height - 1) / 2);

  for (guint r = 0; r < n_rows && !layout->failed; r++)
    {
      guint x = 0;

      for (guint c = 0; c < n_columns; c++)
        {
          Box *cell = g_ptr_array_index (cells, r * n_columns + c);
          guint offset;

          if (c > 0)
            x += node->grid == GRID_ALIGNED && c % 2 == 1 ? 1 : 2;

          if (node->grid == GRID_CASES || node->grid == GRID_STACK)
            offset = 0;
          else if (node->grid == GRID_ALIGNED)
            offset = c % 2 == 0 && n_columns > 1 ? widths[c] - cell->width : 0;
          else
            offset = (widths[c] - cell->width) / 2;

          confab_math_box_blit (box, cell, x + offset, y + above[r] - cell->baseline);
          x += widths[c];
        }
      y += above[r] + below[r] + 1;
    }

  /* The baseline of a grid of one row is its row's. */
  if (n_rows == 1)
    box->baseline = above[0];

  if (node->grid == GRID_CASES)
    box = confab_math_box_join2 (layout, confab_math_box_text (layout, " ", 0), box);

  return confab_math_box_fence (layout, box, node->open, node->close);
}

static Box *
layout_accent (Layout     *layout,
               const Node *node)
{
  Box *box = confab_math_layout_node (layout, confab_math_node_child (node, 0));
  gsize length = strlen (node->text);

  if (box->height != 1 || box->width == 0)
    return box;

  /* Over every character for a line over or under, else over the last. */
  for (guint i = box->width; i-- > 0; )
    {
      Cell *cell = &box->cells[i];
      gsize used = strlen (cell->text);

      if (cell->text[0] == '\0' || cell->text[0] == ' ')
        continue;

      if (used + length < CELL_BYTES)
        strcat (cell->text, node->text);

      if (!node->limits)
        break;
    }

  return box;
}

Box *
confab_math_layout_node (Layout     *layout,
                         const Node *node)
{
  if (node == NULL || layout->failed)
    return confab_math_box_new (layout, 0, 1, 0);

  switch (node->kind)
    {
    case NODE_ATOM:
      return confab_math_box_text (layout, node->text, node->klass == CLASS_VAR ? STYLE_VARIABLE : 0);

    case NODE_ROW:
      return layout_row (layout, node);

    case NODE_SCRIPT:
      return layout_script (layout, node);

    case NODE_FRAC:
      return layout_frac (layout, node);

    case NODE_SQRT:
      return layout_sqrt (layout, node);

    case NODE_FENCED:
      return confab_math_box_fence (layout,
                                    confab_math_layout_node (layout, confab_math_node_child (node, 0)),
                                    node->open, node->close);

    case NODE_GRID:
      return layout_grid (layout, node);

    case NODE_ACCENT:
      return layout_accent (layout, node);

    case NODE_BINOM:
      {
        GPtrArray *boxes;

        if (layout->display)
          {
            Box *stack = confab_math_box_stack (layout,
                                                confab_math_layout_node (layout, confab_math_node_child (node, 0)),
                                                NULL,
                                                confab_math_layout_node (layout, confab_math_node_child (node, 1)),
                                                0);

            return confab_math_box_fence (layout, stack, "(", ")");
          }

        boxes = g_ptr_array_new_with_free_func ((GDestroyNotify) confab_math_box_free);
        g_ptr_array_add (boxes, confab_math_box_text (layout, "C(", 0));
        g_ptr_array_add (boxes, confab_math_layout_node (layout, confab_math_node_child (node, 0)));
        g_ptr_array_add (boxes, confab_math_box_text (layout, ", ", 0));
        g_ptr_array_add (boxes, confab_math_layout_node (layout, confab_math_node_child (node, 1)));
        g_ptr_array_add (boxes, confab_math_box_text (layout, ")", 0));
        return confab_math_box_join (layout, boxes);
      }

    default:
      layout->failed = TRUE;
      return confab_math_box_new (layout, 0, 1, 0);
    }
}
