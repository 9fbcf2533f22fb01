/* confab-tail-model.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_TAIL_MODEL (confab_tail_model_get_type())

/* The end of another list: the items of @model from position "offset"
 * on.  A long conversation opens with only its last messages in the
 * view, and earlier ones are added in front as the person scrolls up,
 * so opening it costs the same at any length.
 *
 * Changes to the model pass through: items added at the end are shown,
 * and a change that reaches into the hidden part shows the changed
 * items and everything after them.  The offset only goes down by itself
 * when that happens, or with confab_tail_model_show_more() and
 * confab_tail_model_show_position().
 */
G_DECLARE_FINAL_TYPE (ConfabTailModel, confab_tail_model, CONFAB, TAIL_MODEL, GObject)

ConfabTailModel *confab_tail_model_new           (GListModel      *model,
                                                  guint            n_shown);
GListModel      *confab_tail_model_get_model     (ConfabTailModel *self);
guint            confab_tail_model_get_offset    (ConfabTailModel *self);
gboolean         confab_tail_model_get_has_more  (ConfabTailModel *self);
guint            confab_tail_model_show_more     (ConfabTailModel *self,
                                                  guint            n_items);
guint            confab_tail_model_show_position (ConfabTailModel *self,
                                                  guint            position);

G_END_DECLS
