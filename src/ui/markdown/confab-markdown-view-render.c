/* confab-markdown-view-render.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-markdown-code-block.h"
#include "confab-markdown-view-private.h"

/* How the blocks of a parsed part become children of a
 * ConfabMarkdownView: prose in text views, a widget of its own for each
 * code block, table and rule; the widgets the tail showed before are
 * used again where they can be.
 */

/* Prose after this many characters of a text view starts another. */
#define MAX_TEXT_VIEW_CHARS 4096

/* The next widget of the tail rendered before that has @type, to show
 * something else; those it skips are dropped.
 */
static GtkWidget *
take_widget (ConfabMarkdownRender *render,
             GType                 type)
{
  for (guint i = render->reuse_index; i < render->reuse->len; i++)
    {
      GtkWidget *widget = g_ptr_array_index (render->reuse, i);

      /* The widget stays a child; the array lets go of it. */
      if (widget != NULL && G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
        {
          render->reuse_index = i + 1;
          render->reuse->pdata[i] = NULL;
          g_object_unref (widget);
          return widget;
        }
    }

  return NULL;
}

static void
place_widget (ConfabMarkdownRender *render,
              GtkWidget            *widget)
{
  if (gtk_widget_get_parent (widget) != render->view ||
      gtk_widget_get_prev_sibling (widget) != render->last)
    gtk_widget_insert_after (widget, render->view, render->last);

  render->last = widget;
  g_ptr_array_add (render->placed, g_object_ref (widget));
}

static guint
quote_depth (const ConfabMarkdownBlock *block)
{
  return MIN (block->quote_depth, CONFAB_MARKDOWN_MAX_QUOTE_DEPTH);
}

static guint
get_quote_depth (GtkWidget *widget)
{
  return GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (widget), CONFAB_MARKDOWN_QUOTE_KEY));
}

static void
set_quote_depth (GtkWidget                 *widget,
                 const ConfabMarkdownBlock *block)
{
  g_object_set_data (G_OBJECT (widget), CONFAB_MARKDOWN_QUOTE_KEY, GUINT_TO_POINTER (quote_depth (block)));
}

static GtkTextView *
ensure_text_view (ConfabMarkdownRender *render)
{
  GtkWidget *view;

  if (render->text != NULL)
    return render->text;

  if ((view = take_widget (render, GTK_TYPE_TEXT_VIEW)) != NULL)
    gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)), "", 0);
  else
    view = confab_markdown_view_create_text_view ();

  place_widget (render, view);
  render->text = GTK_TEXT_VIEW (view);

  /* A text view that is realized lays out the line of its cursor; while
   * it is empty, that costs nothing.  The view may be hidden yet, as an
   * answer's is until its first text.
   */
  if (!gtk_widget_get_realized (view) && gtk_widget_get_realized (render->view))
    gtk_widget_realize (view);

  return render->text;
}

static void
render_prose (ConfabMarkdownRender      *render,
              const ConfabMarkdownBlock *block)
{
  /* A text view that changes is drawn again whole, so a long run of
   * prose goes into several: while it streams, only the last of them
   * is drawn each frame.  The cut depends only on what is before it,
   * so it is the same however the answer arrived.
   */
  if (render->text != NULL &&
      gtk_text_buffer_get_char_count (gtk_text_view_get_buffer (render->text)) >= MAX_TEXT_VIEW_CHARS)
    render->text = NULL;

  /* A block quote has text views of its own, for its bar beside them. */
  if (render->text != NULL && get_quote_depth (GTK_WIDGET (render->text)) != quote_depth (block))
    render->text = NULL;

  confab_markdown_view_append_prose (ensure_text_view (render), block, render->link_tags, render->shows_end);
  confab_markdown_layout_changed (render->layout, GTK_WIDGET (render->text));
  set_quote_depth (GTK_WIDGET (render->text), block);
}

static void
render_block (ConfabMarkdownRender      *render,
              const ConfabMarkdownBlock *block)
{
  GtkWidget *widget;

  switch (block->kind)
    {
    case CONFAB_MARKDOWN_BLOCK_PARAGRAPH:
    case CONFAB_MARKDOWN_BLOCK_HEADING:
    case CONFAB_MARKDOWN_BLOCK_MATH:
      render_prose (render, block);
      return;

    case CONFAB_MARKDOWN_BLOCK_CODE:
      if ((widget = take_widget (render, CONFAB_TYPE_MARKDOWN_CODE_BLOCK)) == NULL)
        widget = confab_markdown_code_block_new ();
      confab_markdown_code_block_set_language (CONFAB_MARKDOWN_CODE_BLOCK (widget), block->language);
      confab_markdown_code_block_set_code (CONFAB_MARKDOWN_CODE_BLOCK (widget),
                                           block->content.text->str, block->content.text->len);
      break;

    case CONFAB_MARKDOWN_BLOCK_TABLE:
      widget = confab_markdown_view_create_table (block);
      break;

    case CONFAB_MARKDOWN_BLOCK_RULE:
    default:
      if ((widget = take_widget (render, GTK_TYPE_SEPARATOR)) == NULL)
        {
          widget = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
          gtk_widget_set_name (widget, "markdown-rule");
        }
      break;
    }

  gtk_widget_set_margin_start (widget, confab_markdown_view_get_block_margin (block));
  set_quote_depth (widget, block);
  place_widget (render, widget);
  render->text = NULL;
}

void
confab_markdown_render_document (ConfabMarkdownRender         *render,
                                 const ConfabMarkdownDocument *document)
{
  for (guint i = 0; i < document->blocks->len; i++)
    render_block (render, g_ptr_array_index (document->blocks, i));
}
