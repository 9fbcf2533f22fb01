/* confab-model-picker.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-model-list.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_MODEL_PICKER (confab_model_picker_get_type())

G_DECLARE_FINAL_TYPE (ConfabModelPicker, confab_model_picker, CONFAB, MODEL_PICKER, GtkPopover)

const char      *confab_model_picker_get_model      (ConfabModelPicker *self);
void             confab_model_picker_set_model      (ConfabModelPicker *self,
                                                     const char        *model);
ConfabModelList *confab_model_picker_get_model_list (ConfabModelPicker *self);
void             confab_model_picker_set_model_list (ConfabModelPicker *self,
                                                     ConfabModelList   *model_list);

G_END_DECLS
