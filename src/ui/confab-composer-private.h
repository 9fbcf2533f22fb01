/* confab-composer-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-composer.h"

G_BEGIN_DECLS

struct _ConfabComposer
{
  GtkWidget      parent_instance;

  GtkButton     *attach_button;
  GtkLabel      *attach_error_label;
  GtkBox        *attachments_box;
  GtkWidget     *attachments_window;
  GtkBox        *box;
  GtkWidget     *editing_box;
  GtkStack      *button_stack;
  GtkMenuButton *estimate_button;
  GtkLabel      *estimate_details_label;
  GtkLabel      *estimate_label;
  GtkBox        *outer_box;
  GtkLabel      *placeholder_label;
  GtkButton     *send_button;
  GtkButton     *stop_button;
  GtkTextView   *text_view;
  GtkLabel      *warning_label;

  /* The estimate: the chat's base, set by the window, and with the
   * text; the correction it is shown with.
   */
  ConfabPricing   *pricing;
  ConfabEstimator *estimator;
  char            *estimate_model;
  ConfabEstimate   estimate_base;
  ConfabEstimate   estimate;
  double           estimate_ratio;
  guint            estimate_id;

  /* The time of the last Enter that confirmed a pre-edit.  Input method
   * modules such as IBus may deliver that key again, with the same
   * time, once they have committed the text.
   */
  guint32      ime_enter_time;

  /* The images to send with the text, and their thumbnails' buttons in
   * attachments_box; images on their way to being loaded.
   */
  GPtrArray      *attachments;
  GCancellable   *attach_cancellable;
  guint           n_loading;

  guint        busy : 1;
  guint        send_with_control : 1;
  guint        preedit_active : 1;
  guint        has_ime_enter_time : 1;
  guint        has_estimate : 1;
  guint        too_long : 1;
};

/* confab-composer.c has the text, the keys that send and the actions;
 * confab-composer-estimate.c the estimate below the text and the
 * warnings above it.
 */
void _confab_composer_update_actions  (ConfabComposer *self);

void _confab_composer_update_estimate (ConfabComposer *self);
void _confab_composer_estimate_popover_prepare_cb (ConfabComposer *self,
                                                GtkPopover     *popover);

/* confab-composer-attachments.c: images attached by the Attach button,
 * paste and drag and drop.
 */
void _confab_composer_class_init_attachments (GtkWidgetClass *widget_class);
void _confab_composer_init_attachments    (ConfabComposer *self);
void _confab_composer_dispose_attachments (ConfabComposer *self);
void _confab_composer_queue_estimate  (ConfabComposer *self);

G_END_DECLS
