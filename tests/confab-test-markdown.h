/* confab-test-markdown.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-markdown-view.h"

G_BEGIN_DECLS

/* What the tests of the Markdown renderer (test-markdown*.c) share to
 * render an answer and look into what it became.
 */

ConfabMarkdownView *confab_test_markdown_render          (const char         *markdown);
GPtrArray          *confab_test_markdown_get_children    (ConfabMarkdownView *view);
gpointer            confab_test_markdown_get_child       (ConfabMarkdownView *view,
                                                          guint               n,
                                                          GType               type);
GtkTextBuffer      *confab_test_markdown_get_buffer      (ConfabMarkdownView *view,
                                                          guint               n);
char               *confab_test_markdown_dup_buffer_text (GtkTextBuffer      *buffer);
void                confab_test_markdown_find_text       (GtkTextBuffer      *buffer,
                                                          const char         *needle,
                                                          GtkTextIter        *match_start,
                                                          GtkTextIter        *match_end);
void                confab_test_markdown_assert_tagged   (GtkTextBuffer      *buffer,
                                                          const char         *tag_name,
                                                          const char         *needle);
gboolean            confab_test_markdown_has_tag         (GtkTextBuffer      *buffer,
                                                          const char         *tag_name,
                                                          const char         *needle);
const char         *confab_test_markdown_get_href        (GtkTextBuffer      *buffer,
                                                          const char         *needle);

G_END_DECLS
