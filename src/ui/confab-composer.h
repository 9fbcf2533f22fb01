/* confab-composer.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

#include "confab-estimator.h"
#include "confab-pricing.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_COMPOSER (confab_composer_get_type())

G_DECLARE_FINAL_TYPE (ConfabComposer, confab_composer, CONFAB, COMPOSER, GtkWidget)

GtkWidget   *confab_composer_new                   (void);
char        *confab_composer_get_text              (ConfabComposer  *self);
void         confab_composer_set_text              (ConfabComposer  *self,
                                                    const char      *text);
void         confab_composer_clear                 (ConfabComposer  *self);
gboolean     confab_composer_get_busy              (ConfabComposer  *self);
void         confab_composer_set_busy              (ConfabComposer  *self,
                                                    gboolean         busy);
gboolean     confab_composer_get_send_with_control (ConfabComposer  *self);
void         confab_composer_set_send_with_control (ConfabComposer  *self,
                                                    gboolean         send_with_control);
gboolean     confab_composer_grab_focus            (ConfabComposer  *self);
GtkTextView *confab_composer_get_text_view         (ConfabComposer  *self);
gboolean     confab_composer_handle_enter          (ConfabComposer  *self,
                                                    GdkModifierType  state,
                                                    guint32          time);
void         confab_composer_set_estimate_base     (ConfabComposer       *self,
                                                    const char           *model,
                                                    const ConfabEstimate *base);
void         confab_composer_set_pricing           (ConfabComposer  *self,
                                                    ConfabPricing   *pricing);
void         confab_composer_set_estimator         (ConfabComposer  *self,
                                                    ConfabEstimator *estimator);
GPtrArray   *confab_composer_get_attachments       (ConfabComposer  *self);
void         confab_composer_set_attachments       (ConfabComposer  *self,
                                                    GPtrArray       *images);
void         confab_composer_add_image             (ConfabComposer  *self,
                                                    const char      *name,
                                                    GBytes          *data);
void         confab_composer_add_files             (ConfabComposer  *self,
                                                    GFile          **files,
                                                    guint            n_files);
guint        confab_composer_get_n_loading         (ConfabComposer  *self);
void         confab_composer_remove_attachment     (ConfabComposer  *self,
                                                    guint            index);
gboolean     confab_composer_get_estimate          (ConfabComposer  *self,
                                                    ConfabEstimate  *estimate,
                                                    double          *ratio);
void         confab_composer_set_editing           (ConfabComposer  *self,
                                                    gboolean         editing);
gboolean     confab_composer_get_editing           (ConfabComposer  *self);

G_END_DECLS
