/* confab-markdown-code-block.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_MARKDOWN_CODE_BLOCK (confab_markdown_code_block_get_type())

G_DECLARE_FINAL_TYPE (ConfabMarkdownCodeBlock, confab_markdown_code_block, CONFAB, MARKDOWN_CODE_BLOCK, GtkWidget)

GtkWidget  *confab_markdown_code_block_new             (void);
const char *confab_markdown_code_block_get_code        (ConfabMarkdownCodeBlock *self);
void        confab_markdown_code_block_set_code        (ConfabMarkdownCodeBlock *self,
                                                        const char              *code,
                                                        gsize                    length);
const char *confab_markdown_code_block_get_language    (ConfabMarkdownCodeBlock *self);
void        confab_markdown_code_block_set_language    (ConfabMarkdownCodeBlock *self,
                                                        const char              *language);
const char *confab_markdown_code_block_get_language_id (ConfabMarkdownCodeBlock *self);
void        confab_markdown_code_block_update_style    (ConfabMarkdownCodeBlock *self);
void        confab_markdown_code_block_preload         (void);

G_END_DECLS
