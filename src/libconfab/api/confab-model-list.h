/* confab-model-list.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-client.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_MODEL_LIST (confab_model_list_get_type())

G_DECLARE_FINAL_TYPE (ConfabModelList, confab_model_list, CONFAB, MODEL_LIST, GObject)

ConfabModelList    *confab_model_list_new               (ConfabClient    *client,
                                                         const char      *cache_file);
const char * const *confab_model_list_get_models        (ConfabModelList *self);
gboolean            confab_model_list_contains          (ConfabModelList *self,
                                                         const char      *model);
gboolean            confab_model_list_get_loading       (ConfabModelList *self);
const char         *confab_model_list_get_error_message (ConfabModelList *self);
void                confab_model_list_ensure            (ConfabModelList *self);
void                confab_model_list_refresh           (ConfabModelList *self);

G_END_DECLS
