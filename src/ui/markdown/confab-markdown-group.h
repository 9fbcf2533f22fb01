/* confab-markdown-group.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_MARKDOWN_GROUP (confab_markdown_group_get_type())

G_DECLARE_FINAL_TYPE (ConfabMarkdownGroup, confab_markdown_group, CONFAB, MARKDOWN_GROUP, GtkWidget)

GArray    *confab_markdown_group_get_placed      (ConfabMarkdownGroup *self);
guint      confab_markdown_group_get_n_pieces    (ConfabMarkdownGroup *self);
gboolean   confab_markdown_group_get_maybe_shown (ConfabMarkdownGroup *self);
void       confab_markdown_group_set_maybe_shown (ConfabMarkdownGroup *self,
                                                  gboolean             maybe_shown);

GtkWidget *confab_markdown_pieces_get_first      (GtkWidget           *view);
GtkWidget *confab_markdown_pieces_get_last       (GtkWidget           *view);
GtkWidget *confab_markdown_piece_get_next        (GtkWidget           *piece);
GtkWidget *confab_markdown_piece_get_prev        (GtkWidget           *piece);
gboolean   confab_markdown_pieces_contain        (GtkWidget           *view,
                                                  GtkWidget           *piece);
GtkWidget *confab_markdown_pieces_get_focus      (GtkWidget           *view);
void       confab_markdown_pieces_insert         (GtkWidget           *view,
                                                  GtkWidget           *piece,
                                                  GtkWidget           *after);
void       confab_markdown_pieces_remove         (GtkWidget           *view,
                                                  GtkWidget           *piece);
void       confab_markdown_piece_show            (GtkWidget           *piece);
void       confab_markdown_groups_leave          (GtkWidget           *view,
                                                  GPtrArray           *leaving);
void       confab_markdown_group_take_out        (ConfabMarkdownGroup *self);
gboolean   confab_markdown_group_let_go_step     (ConfabMarkdownGroup *self);

G_END_DECLS
