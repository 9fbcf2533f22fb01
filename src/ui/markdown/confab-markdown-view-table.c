/* confab-markdown-view-table.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-markdown-view-private.h"

/* The tables of a ConfabMarkdownView: grids of labels, whose styles are
 * attributes and whose links, the only markup, open as the text's do.
 */

static PangoAttrList *
make_cell_attributes (const ConfabMarkdownInline *cell,
                      gboolean                    header)
{
  PangoAttrList *attributes = pango_attr_list_new ();

  if (header)
    pango_attr_list_insert (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));

  for (guint i = 0; i < cell->spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (cell->spans, ConfabMarkdownSpan, i);
      PangoAttribute *attribute;

      switch (span->style)
        {
        case CONFAB_MARKDOWN_STYLE_EMPHASIS:
          attribute = pango_attr_style_new (PANGO_STYLE_ITALIC);
          break;

        case CONFAB_MARKDOWN_STYLE_STRONG:
          attribute = pango_attr_weight_new (PANGO_WEIGHT_BOLD);
          break;

        case CONFAB_MARKDOWN_STYLE_STRIKETHROUGH:
          attribute = pango_attr_strikethrough_new (TRUE);
          break;

        case CONFAB_MARKDOWN_STYLE_CODE:
        case CONFAB_MARKDOWN_STYLE_MATH_GRID:
        case CONFAB_MARKDOWN_STYLE_MATH_SOURCE:
          attribute = pango_attr_family_new ("monospace");
          break;

        case CONFAB_MARKDOWN_STYLE_MATH:
          attribute = pango_attr_family_new ("serif");
          break;

        case CONFAB_MARKDOWN_STYLE_MATH_VARIABLE:
          attribute = pango_attr_style_new (PANGO_STYLE_ITALIC);
          break;

        case CONFAB_MARKDOWN_STYLE_MATH_SUPERSCRIPT:
        case CONFAB_MARKDOWN_STYLE_MATH_SUBSCRIPT:
          attribute = pango_attr_rise_new ((span->style == CONFAB_MARKDOWN_STYLE_MATH_SUPERSCRIPT ? 6 : -3) * PANGO_SCALE);
          attribute->start_index = span->start;
          attribute->end_index = span->end;
          pango_attr_list_insert (attributes, attribute);
          attribute = pango_attr_scale_new (PANGO_SCALE_SMALL);
          break;

        /* Links are the label's own, from markup. */
        case CONFAB_MARKDOWN_STYLE_LINK:
        default:
          continue;
        }

      attribute->start_index = span->start;
      attribute->end_index = span->end;
      pango_attr_list_insert (attributes, attribute);
    }

  return attributes;
}

/* Markup of @cell that only has its links as such: everything else is
 * escaped text, and the link's target its tooltip, escaped twice since
 * GtkLabel shows a link's title as markup.  Returns %NULL when the cell
 * has no links.
 */
static char *
make_cell_markup (const ConfabMarkdownInline *cell)
{
  g_autoptr(GString) markup = g_string_new (NULL);
  gsize done = 0;

  for (guint i = 0; i < cell->spans->len; i++)
    {
      const ConfabMarkdownSpan *span = &g_array_index (cell->spans, ConfabMarkdownSpan, i);
      g_autofree char *text = NULL;
      g_autofree char *href = NULL;
      g_autofree char *once = NULL;
      g_autofree char *title = NULL;

      /* Links do not nest; spans are in the order they end. */
      if (span->style != CONFAB_MARKDOWN_STYLE_LINK || span->href == NULL ||
          span->start < done || span->end > cell->text->len || span->start >= span->end)
        continue;

      text = g_markup_escape_text (cell->text->str + done, span->start - done);
      g_string_append (markup, text);
      g_clear_pointer (&text, g_free);

      href = g_markup_escape_text (span->href, -1);
      once = g_markup_escape_text (span->href, -1);
      title = g_markup_escape_text (once, -1);
      text = g_markup_escape_text (cell->text->str + span->start, span->end - span->start);
      g_string_append_printf (markup, "<a href=\"%s\" title=\"%s\">%s</a>", href, title, text);
      done = span->end;
    }

  if (done == 0)
    return NULL;

  {
    g_autofree char *rest = g_markup_escape_text (cell->text->str + done, cell->text->len - done);

    g_string_append (markup, rest);
  }

  return g_string_free (g_steal_pointer (&markup), FALSE);
}

static gboolean
cell_activate_link_cb (GtkLabel   *label,
                       const char *uri,
                       gpointer    user_data)
{
  confab_markdown_view_activate_link (GTK_WIDGET (label), uri);

  return TRUE;
}

/* A table is a grid of labels that wrap when it is too wide.  Their
 * text is set as text, their styles as attributes.
 */
GtkWidget *
confab_markdown_view_create_table (const ConfabMarkdownBlock *block)
{
  GtkWidget *grid = gtk_grid_new ();

  gtk_widget_set_name (grid, "markdown-table");
  /* At the start, as wide as it needs: the view's layout places it. */
  gtk_widget_add_css_class (grid, "markdown-table");
  gtk_widget_set_overflow (grid, GTK_OVERFLOW_HIDDEN);

  for (guint i = 0; i < block->cells->len; i++)
    {
      const ConfabMarkdownInline *cell = g_ptr_array_index (block->cells, i);
      guint column = i % block->n_columns;
      guint row = i / block->n_columns;
      ConfabMarkdownAlign align = column < block->aligns->len ?
                                  g_array_index (block->aligns, ConfabMarkdownAlign, column) :
                                  CONFAB_MARKDOWN_ALIGN_DEFAULT;
      GtkWidget *label = gtk_label_new (NULL);
      PangoAttrList *attributes = make_cell_attributes (cell, row == 0);
      g_autofree char *markup = make_cell_markup (cell);

      if (markup != NULL)
        {
          gtk_label_set_markup (GTK_LABEL (label), markup);
          g_signal_connect (label, "activate-link", G_CALLBACK (cell_activate_link_cb), NULL);
        }
      else
        {
          gtk_label_set_text (GTK_LABEL (label), cell->text->str);
        }
      gtk_label_set_attributes (GTK_LABEL (label), attributes);
      pango_attr_list_unref (attributes);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
      gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label),
                            align == CONFAB_MARKDOWN_ALIGN_CENTER ? 0.5f :
                            align == CONFAB_MARKDOWN_ALIGN_RIGHT ? 1.0f : 0.0f);
      gtk_widget_add_css_class (label, row == 0 ? "header" : (row % 2 == 0 ? "even" : "odd"));
      gtk_grid_attach (GTK_GRID (grid), label, column, row, 1, 1);
    }

  return grid;
}
