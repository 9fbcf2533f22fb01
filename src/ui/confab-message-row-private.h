/* confab-message-row-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-pricing.h"
#include "confab-usage-popover.h"
#include "confab-version-switcher.h"

G_BEGIN_DECLS

/* One message of the conversation as the list view shows it.  The list
 * view recycles rows, so everything shown is derived from the message
 * whenever it, or one of its properties, changes.
 */
struct _ConfabMessageRow
{
  GtkWidget           parent_instance;

  ConfabMessage      *message;
  gulong              notify_handler;

  /* What the text views show, so that a streamed answer only appends
   * what is new, at most once per frame.
   */
  guint               tick_id;
  gint64              shown_at;
  gint64              update_started;   /* main-thread CPU, µs */
  gint64              update_cost;
  GdkFrameClock      *paint_clock;
  gulong              paint_handler;
  guint               shown_epoch;
  gsize               shown_content;
  gsize               shown_reasoning;
  guint               elapsed_id;

  GtkBox             *box;
  GtkBox             *bubble;
  GtkLabel           *content_label;
  ConfabMarkdownView *content_view;
  GtkWidget          *copy_button;
  GtkButton          *edit_button;
  GtkBox             *error_box;
  GtkLabel           *error_label;
  GtkBox             *footer_box;
  GtkBox             *header_box;
  GtkLabel           *note_label;
  GtkBox             *pending_box;
  GtkLabel           *pending_label;
  GtkButton          *preferences_button;
  GtkExpander        *reasoning_expander;
  GtkTextView        *reasoning_view;   /* made with the first reasoning */
  GtkLabel           *role_label;
  GtkLabel           *time_label;

  /* In the pending box: an AdwSpinner from libadwaita 1.6 on, which
   * spins while it is shown, and a GtkSpinner before.
   */
  GtkWidget          *spinner;
  GtkMenuButton      *usage_button;
  GtkLabel           *usage_label;
  ConfabUsagePopover *usage_popover;    /* made when first opened */
  ConfabPricing      *pricing;          /* for the cost; NULL for none */

  /* ‹ 2/3 › among the versions, and Regenerate on answers. */
  GtkWidget          *version_switcher;
  GtkButton          *regenerate_button;
  GtkWidget          *images_box;       /* made with the first images */
};

/* confab-message-row.c has the row, its header, state and usage;
 * confab-message-row-content.c the text, as it streams, and Copy.
 */
ConfabRole _confab_message_row_get_role        (ConfabMessageRow *self);
ConfabMessageState
           _confab_message_row_get_state       (ConfabMessageRow *self);
void       _confab_message_row_update_state    (ConfabMessageRow *self);
void       _confab_message_row_update_footer   (ConfabMessageRow *self);

/* confab-message-row-status.c: thinking, errors, notes, usage. */
void       _confab_message_row_init_usage      (ConfabMessageRow *self);
void       _confab_message_row_update_usage    (ConfabMessageRow *self);

void       _confab_message_row_update_content  (ConfabMessageRow *self);

/* confab-message-row-images.c: a prompt's images. */
void       _confab_message_row_update_images   (ConfabMessageRow *self);
void       _confab_message_row_queue_content   (ConfabMessageRow *self);
void       _confab_message_row_cancel_tick     (ConfabMessageRow *self);
void       _confab_message_row_copy_action     (GtkWidget        *widget,
                                                const char       *action_name,
                                                GVariant         *parameter);
void       _confab_message_row_copy_plain_action (GtkWidget      *widget,
                                                  const char     *action_name,
                                                  GVariant       *parameter);

G_END_DECLS
