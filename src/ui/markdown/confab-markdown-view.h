/* confab-markdown-view.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_MARKDOWN_VIEW (confab_markdown_view_get_type())

G_DECLARE_FINAL_TYPE (ConfabMarkdownView, confab_markdown_view, CONFAB, MARKDOWN_VIEW, GtkWidget)

GtkWidget  *confab_markdown_view_new            (void);
void        confab_markdown_view_set_text       (ConfabMarkdownView *self,
                                                 const char         *text,
                                                 gssize              length);
void        confab_markdown_view_set_bytes      (ConfabMarkdownView *self,
                                                 GBytes             *bytes);
void        confab_markdown_view_set_growing    (ConfabMarkdownView *self,
                                                 gboolean            growing);
const char *confab_markdown_view_get_source     (ConfabMarkdownView *self);
char       *confab_markdown_view_get_plain_text (ConfabMarkdownView *self);
gboolean    confab_markdown_view_get_pending    (ConfabMarkdownView *self);

G_END_DECLS
