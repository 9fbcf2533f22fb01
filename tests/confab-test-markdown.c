/* confab-test-markdown.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the tests of the Markdown renderer share; see
 * confab-test-markdown.h.
 */

#include "config.h"

#include <string.h>

#include "confab-markdown-group.h"
#include "confab-test-markdown.h"

ConfabMarkdownView *
confab_test_markdown_render (const char *markdown)
{
  ConfabMarkdownView *view = CONFAB_MARKDOWN_VIEW (confab_markdown_view_new ());

  g_object_ref_sink (view);
  confab_markdown_view_set_text (view, markdown, -1);

  /* A long answer is rendered a step at a time. */
  while (confab_markdown_view_get_pending (view))
    g_main_context_iteration (NULL, TRUE);

  return view;
}

GPtrArray *
confab_test_markdown_get_children (ConfabMarkdownView *view)
{
  GPtrArray *children = g_ptr_array_new_with_free_func (g_object_unref);

  for (GtkWidget *child = confab_markdown_pieces_get_first (GTK_WIDGET (view));
       child != NULL;
       child = confab_markdown_piece_get_next (child))
    g_ptr_array_add (children, g_object_ref (child));

  return children;
}

/* The @n-th child of @view, which must be of @type. */
gpointer
confab_test_markdown_get_child (ConfabMarkdownView *view,
                                guint               n,
                                GType               type)
{
  g_autoptr(GPtrArray) children = confab_test_markdown_get_children (view);

  g_assert_cmpuint (n, <, children->len);
  g_assert_true (G_TYPE_CHECK_INSTANCE_TYPE (children->pdata[n], type));

  return children->pdata[n];
}

GtkTextBuffer *
confab_test_markdown_get_buffer (ConfabMarkdownView *view,
                                 guint               n)
{
  return gtk_text_view_get_buffer (confab_test_markdown_get_child (view, n, GTK_TYPE_TEXT_VIEW));
}

/* The text of a text view of prose: its paragraphs, each on its line,
 * without the newline that ends the last.
 */
char *
confab_test_markdown_dup_buffer_text (GtkTextBuffer *buffer)
{
  GtkTextIter start, end;
  char *text;
  gsize length;

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  length = strlen (text);
  g_assert_true (length > 0 && text[length - 1] == '\n');
  text[length - 1] = '\0';

  return text;
}

void
confab_test_markdown_find_text (GtkTextBuffer *buffer,
                                const char    *needle,
                                GtkTextIter   *match_start,
                                GtkTextIter   *match_end)
{
  GtkTextIter start;

  gtk_text_buffer_get_start_iter (buffer, &start);
  if (!gtk_text_iter_forward_search (&start, needle, 0, match_start, match_end, NULL))
    g_error ("“%s” is not shown", needle);
}

/* The tag named @tag_name covers exactly the first @needle. */
void
confab_test_markdown_assert_tagged (GtkTextBuffer *buffer,
                                    const char    *tag_name,
                                    const char    *needle)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, end, toggle;

  g_assert_nonnull (tag);
  confab_test_markdown_find_text (buffer, needle, &start, &end);

  g_assert_true (gtk_text_iter_starts_tag (&start, tag));
  toggle = start;
  g_assert_true (gtk_text_iter_forward_to_tag_toggle (&toggle, tag));
  g_assert_cmpint (gtk_text_iter_get_offset (&toggle), ==, gtk_text_iter_get_offset (&end));
}

gboolean
confab_test_markdown_has_tag (GtkTextBuffer *buffer,
                              const char    *tag_name,
                              const char    *needle)
{
  GtkTextTag *tag = gtk_text_tag_table_lookup (gtk_text_buffer_get_tag_table (buffer), tag_name);
  GtkTextIter start, end;

  confab_test_markdown_find_text (buffer, needle, &start, &end);

  return tag != NULL && gtk_text_iter_has_tag (&start, tag);
}

const char *
confab_test_markdown_get_href (GtkTextBuffer *buffer,
                               const char    *needle)
{
  g_autoptr(GSList) tags = NULL;
  GtkTextIter start, end;

  confab_test_markdown_find_text (buffer, needle, &start, &end);
  tags = gtk_text_iter_get_tags (&start);

  for (GSList *l = tags; l != NULL; l = l->next)
    if (g_object_get_data (l->data, "confab-href") != NULL)
      return g_object_get_data (l->data, "confab-href");

  return NULL;
}
