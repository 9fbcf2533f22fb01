/* confab-estimator.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>

#include "confab-estimator.h"

/* One answer's ratio counts only within these bounds, so that a short
 * text, where the framing dominates, cannot throw the correction off.
 */
#define MIN_SAMPLE 0.25
#define MAX_SAMPLE 4.0
/* Texts estimated below this many tokens teach nothing of the ratio. */
#define MIN_TEXT_TOKENS 8

typedef struct
{
  double ratio;
  guint  n_answers;
  double mean_error;
} Correction;

struct _ConfabEstimator
{
  GObject     parent_instance;

  /* Model name → Correction. */
  GHashTable *corrections;
};

G_DEFINE_FINAL_TYPE (ConfabEstimator, confab_estimator, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char * const *) a, *(char * const *) b);
}

static const Correction *
lookup (ConfabEstimator *self,
        const char      *model)
{
  return model != NULL ? g_hash_table_lookup (self->corrections, model) : NULL;
}

static void
confab_estimator_finalize (GObject *object)
{
  ConfabEstimator *self = (ConfabEstimator *)object;

  g_clear_pointer (&self->corrections, g_hash_table_unref);

  G_OBJECT_CLASS (confab_estimator_parent_class)->finalize (object);
}

static void
confab_estimator_class_init (ConfabEstimatorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_estimator_finalize;

  /**
   * ConfabEstimator::changed:
   *
   * Emitted when an answer was measured, so that the corrections can
   * be saved.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);
}

static void
confab_estimator_init (ConfabEstimator *self)
{
  self->corrections = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

ConfabEstimator *
confab_estimator_new (void)
{
  return g_object_new (CONFAB_TYPE_ESTIMATOR, NULL);
}

/**
 * confab_estimator_new_from_variant:
 * @corrections: (nullable): an a{s(dud)}, as "estimate-corrections"
 *   holds; a floating reference is taken
 *
 * Returns: (transfer full): an estimator with the valid corrections of
 *   @corrections
 */
ConfabEstimator *
confab_estimator_new_from_variant (GVariant *corrections)
{
  g_autoptr(ConfabEstimator) self = confab_estimator_new ();
  g_autoptr(GVariant) owned = NULL;
  GVariantIter iter;
  const char *model;
  Correction correction;

  g_return_val_if_fail (corrections == NULL ||
                        g_variant_is_of_type (corrections, G_VARIANT_TYPE ("a{s(dud)}")), NULL);

  if (corrections == NULL)
    return g_steal_pointer (&self);

  owned = g_variant_ref_sink (corrections);
  g_variant_iter_init (&iter, owned);
  while (g_variant_iter_next (&iter, "{&s(dud)}", &model,
                              &correction.ratio, &correction.n_answers, &correction.mean_error))
    {
      if (*model == '\0' || !g_utf8_validate (model, -1, NULL) ||
          !isfinite (correction.ratio) || !isfinite (correction.mean_error) ||
          correction.mean_error < 0)
        continue;

      correction.ratio = CLAMP (correction.ratio, CONFAB_ESTIMATOR_MIN_RATIO, CONFAB_ESTIMATOR_MAX_RATIO);
      g_hash_table_replace (self->corrections, g_strdup (model),
                            g_memdup2 (&correction, sizeof correction));
    }

  return g_steal_pointer (&self);
}

/**
 * confab_estimator_to_variant:
 *
 * Returns: (transfer floating): the corrections as an a{s(dud)}
 */
GVariant *
confab_estimator_to_variant (ConfabEstimator *self)
{
  g_auto(GVariantBuilder) builder = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{s(dud)}"));
  g_autofree const char **models = NULL;
  guint n = 0;

  g_return_val_if_fail (CONFAB_IS_ESTIMATOR (self), NULL);

  models = (const char **) g_hash_table_get_keys_as_array (self->corrections, &n);
  qsort (models, n, sizeof (char *), compare_strings);
  for (guint i = 0; i < n; i++)
    {
      const Correction *correction = lookup (self, models[i]);

      g_variant_builder_add (&builder, "{s(dud)}", models[i],
                             correction->ratio, correction->n_answers, correction->mean_error);
    }

  return g_variant_builder_end (&builder);
}

double
confab_estimator_get_ratio (ConfabEstimator *self,
                            const char      *model)
{
  const Correction *correction;

  g_return_val_if_fail (CONFAB_IS_ESTIMATOR (self), 1.0);

  correction = lookup (self, model);

  return correction != NULL ? correction->ratio : 1.0;
}

guint
confab_estimator_get_n_answers (ConfabEstimator *self,
                                const char      *model)
{
  const Correction *correction;

  g_return_val_if_fail (CONFAB_IS_ESTIMATOR (self), 0);

  correction = lookup (self, model);

  return correction != NULL ? correction->n_answers : 0;
}

double
confab_estimator_get_mean_error (ConfabEstimator *self,
                                 const char      *model)
{
  const Correction *correction;

  g_return_val_if_fail (CONFAB_IS_ESTIMATOR (self), 0);

  correction = lookup (self, model);

  return correction != NULL ? correction->mean_error : 0;
}

/**
 * confab_estimator_record:
 * @model: the model that answered
 * @estimate: what was estimated before sending, text included
 * @ratio: the correction the estimate was shown with
 * @prompt_tokens: what the server counted, the answer's prompt_tokens
 *
 * The error of the estimate shown goes into the model's mean error;
 * the ratio of the tokens counted for the text (the count less what
 * was already counted and the framing) to those estimated for it goes
 * into the model's correction, when the text was long enough to tell.
 * Both are running means over the last CONFAB_ESTIMATOR_WINDOW answers.
 */
void
confab_estimator_record (ConfabEstimator      *self,
                         const char           *model,
                         const ConfabEstimate *estimate,
                         double                ratio,
                         gint64                prompt_tokens)
{
  Correction *correction;
  gint64 estimated;
  guint weight;

  g_return_if_fail (CONFAB_IS_ESTIMATOR (self));
  g_return_if_fail (model != NULL && *model != '\0');
  g_return_if_fail (estimate != NULL);

  if (prompt_tokens <= 0)
    return;

  correction = g_hash_table_lookup (self->corrections, model);
  if (correction == NULL)
    {
      correction = g_new0 (Correction, 1);
      correction->ratio = 1.0;
      g_hash_table_insert (self->corrections, g_strdup (model), correction);
    }

  estimated = confab_estimate_get_tokens (estimate, ratio);
  correction->n_answers = MIN (correction->n_answers, G_MAXUINT - 1) + 1;
  weight = MIN (correction->n_answers, CONFAB_ESTIMATOR_WINDOW);
  correction->mean_error += ((double) ABS (estimated - prompt_tokens) / (double) prompt_tokens -
                             correction->mean_error) / weight;

  if (estimate->text >= MIN_TEXT_TOKENS)
    {
      double sample = (double) (prompt_tokens - estimate->counted - estimate->framing) / (double) estimate->text;

      sample = CLAMP (sample, MIN_SAMPLE, MAX_SAMPLE);
      correction->ratio += (sample - correction->ratio) / weight;
      correction->ratio = CLAMP (correction->ratio, CONFAB_ESTIMATOR_MIN_RATIO, CONFAB_ESTIMATOR_MAX_RATIO);
    }

  g_signal_emit (self, signals[CHANGED], 0);
}

/**
 * confab_estimator_forget:
 * @model: (nullable): a model, or %NULL for all
 *
 * Estimates for @model start again uncorrected.  Emits ::changed.
 */
void
confab_estimator_forget (ConfabEstimator *self,
                         const char      *model)
{
  g_return_if_fail (CONFAB_IS_ESTIMATOR (self));

  if (model != NULL)
    g_hash_table_remove (self->corrections, model);
  else
    g_hash_table_remove_all (self->corrections);

  g_signal_emit (self, signals[CHANGED], 0);
}
