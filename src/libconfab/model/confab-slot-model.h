/* confab-slot-model.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFAB_TYPE_SLOT (confab_slot_get_type())

/* A place in a ConfabSlotModel, which holds one item of its model. */
G_DECLARE_FINAL_TYPE (ConfabSlot, confab_slot, CONFAB, SLOT, GObject)

gpointer confab_slot_get_item (ConfabSlot *self);

#define CONFAB_TYPE_SLOT_MODEL (confab_slot_model_get_type())

/* The items of another list, each in a slot, that stays when the item
 * it holds changes.  A list view builds a row for each item of its
 * model, and GTK 4.8 builds new rows for new items and takes the rows
 * of the items removed out of the window at once; for the messages of
 * a chat that is thousands of widgets.  Given slots, it keeps its rows
 * and shows the new items in them, as the slots say.
 *
 * When the model changes, the slots that were there hold the items now
 * at their place, and slots are added or taken away at the end of the
 * change for the difference.  When another model is set, the slots are
 * counted from the end: they are added at the start, and those taken
 * away are the ones holding the lightest items, as a weigh function
 * says (without one, the first).  An empty model can be set keeping the
 * slots, holding nothing, until it first changes.
 */
G_DECLARE_FINAL_TYPE (ConfabSlotModel, confab_slot_model, CONFAB, SLOT_MODEL, GObject)

/* What it costs to take away the row that shows @item (%NULL for a slot
 * holding nothing).
 */
typedef guint64 (*ConfabSlotWeighFunc) (gpointer item);

ConfabSlotModel *confab_slot_model_new             (void);
void             confab_slot_model_set_weigh_func  (ConfabSlotModel     *self,
                                                    ConfabSlotWeighFunc  weigh);
GListModel      *confab_slot_model_get_model       (ConfabSlotModel *self);
void             confab_slot_model_set_model       (ConfabSlotModel *self,
                                                    GListModel      *model);
void             confab_slot_model_set_empty_model (ConfabSlotModel *self,
                                                    GListModel      *model);

G_END_DECLS
