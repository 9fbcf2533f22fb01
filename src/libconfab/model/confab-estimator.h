/* confab-estimator.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-estimate.h"

G_BEGIN_DECLS

/* How far estimates were from the truth, per model, and the correction
 * that follows: the ratio of the tokens the server counted to those
 * estimated for the text, a running mean over the last
 * CONFAB_ESTIMATOR_WINDOW answers, bounded to [0.5, 2].  Kept in the
 * GSettings key "estimate-corrections", an a{s(dud)}: model → (ratio,
 * answers measured, mean error of the estimates as a fraction of the
 * tokens counted).
 */

#define CONFAB_ESTIMATOR_WINDOW 10
#define CONFAB_ESTIMATOR_MIN_RATIO 0.5
#define CONFAB_ESTIMATOR_MAX_RATIO 2.0

#define CONFAB_TYPE_ESTIMATOR (confab_estimator_get_type())

G_DECLARE_FINAL_TYPE (ConfabEstimator, confab_estimator, CONFAB, ESTIMATOR, GObject)

ConfabEstimator *confab_estimator_new              (void);
/* Invalid entries are skipped; a floating reference is sunk. */
ConfabEstimator *confab_estimator_new_from_variant (GVariant             *corrections);
/* A floating a{s(dud)}, sorted by model. */
GVariant        *confab_estimator_to_variant       (ConfabEstimator      *self);
/* 1.0 for a model never measured. */
double           confab_estimator_get_ratio        (ConfabEstimator      *self,
                                                    const char           *model);
/* The answers measured for @model, and the mean error of their
 * estimates as a fraction of what was counted.
 */
guint            confab_estimator_get_n_answers    (ConfabEstimator      *self,
                                                    const char           *model);
double           confab_estimator_get_mean_error   (ConfabEstimator      *self,
                                                    const char           *model);
/* Learns from an answer: @estimate was made with @ratio before sending
 * and the server counted @prompt_tokens.  Emits ::changed.
 */
void             confab_estimator_record           (ConfabEstimator      *self,
                                                    const char           *model,
                                                    const ConfabEstimate *estimate,
                                                    double                ratio,
                                                    gint64                prompt_tokens);

/* Forgets what was learnt of @model, or of every model when NULL. */
void             confab_estimator_forget           (ConfabEstimator      *self,
                                                    const char           *model);

G_END_DECLS
