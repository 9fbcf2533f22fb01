/* confab-usage-totals.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-usage-report-private.h"

/* One row of the usage review: the sums of some requests.  The counts
 * are summed in plain integers while the report is made (a ConfabUsage
 * would notify on every change) and the ConfabUsage is made once at the
 * end.  A totals object does not change after that.
 */

struct _ConfabUsageTotals
{
  GObject      parent_instance;

  char        *label;
  GDateTime   *day;
  gint64       conversation_id;
  char        *model;

  guint        n_requests;
  guint        n_unreported;
  guint        n_costed;
  gint64       sums[CONFAB_USAGE_N_FIELDS];
  double       cost;

  ConfabUsage *usage;
};

G_DEFINE_FINAL_TYPE (ConfabUsageTotals, confab_usage_totals, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_LABEL,
  PROP_DAY,
  PROP_CONVERSATION_ID,
  PROP_MODEL,
  PROP_N_REQUESTS,
  PROP_N_UNREPORTED,
  PROP_INPUT,
  PROP_CACHED,
  PROP_OUTPUT,
  PROP_REASONING,
  PROP_TOTAL,
  PROP_USAGE,
  PROP_COST,
  PROP_N_COSTED,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

static GParamSpec *
count_param_spec (const char *name)
{
  return g_param_spec_int64 (name, NULL, NULL,
                             CONFAB_USAGE_MISSING, G_MAXINT64, CONFAB_USAGE_MISSING,
                             (G_PARAM_READABLE |
                              G_PARAM_EXPLICIT_NOTIFY |
                              G_PARAM_STATIC_STRINGS));
}

static GParamSpec *
number_param_spec (const char *name)
{
  return g_param_spec_uint (name, NULL, NULL,
                            0, G_MAXUINT, 0,
                            (G_PARAM_READABLE |
                             G_PARAM_EXPLICIT_NOTIFY |
                             G_PARAM_STATIC_STRINGS));
}

static void
confab_usage_totals_finalize (GObject *object)
{
  ConfabUsageTotals *self = (ConfabUsageTotals *)object;

  g_clear_pointer (&self->label, g_free);
  g_clear_pointer (&self->day, g_date_time_unref);
  g_clear_pointer (&self->model, g_free);
  g_clear_object (&self->usage);

  G_OBJECT_CLASS (confab_usage_totals_parent_class)->finalize (object);
}

static void
confab_usage_totals_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConfabUsageTotals *self = CONFAB_USAGE_TOTALS (object);

  switch (prop_id)
    {
    case PROP_LABEL:
      g_value_set_string (value, self->label);
      break;

    case PROP_DAY:
      g_value_set_boxed (value, self->day);
      break;

    case PROP_CONVERSATION_ID:
      g_value_set_int64 (value, self->conversation_id);
      break;

    case PROP_MODEL:
      g_value_set_string (value, self->model);
      break;

    case PROP_N_REQUESTS:
      g_value_set_uint (value, self->n_requests);
      break;

    case PROP_N_UNREPORTED:
      g_value_set_uint (value, self->n_unreported);
      break;

    case PROP_INPUT:
      g_value_set_int64 (value, self->sums[CONFAB_USAGE_FIELD_PROMPT]);
      break;

    case PROP_CACHED:
      g_value_set_int64 (value, self->sums[CONFAB_USAGE_FIELD_CACHED]);
      break;

    case PROP_OUTPUT:
      g_value_set_int64 (value, self->sums[CONFAB_USAGE_FIELD_COMPLETION]);
      break;

    case PROP_REASONING:
      g_value_set_int64 (value, self->sums[CONFAB_USAGE_FIELD_REASONING]);
      break;

    case PROP_TOTAL:
      g_value_set_int64 (value, self->sums[CONFAB_USAGE_FIELD_TOTAL]);
      break;

    case PROP_USAGE:
      g_value_set_object (value, confab_usage_totals_get_usage (self));
      break;

    case PROP_COST:
      g_value_set_double (value, self->cost);
      break;

    case PROP_N_COSTED:
      g_value_set_uint (value, self->n_costed);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_totals_class_init (ConfabUsageTotalsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_usage_totals_finalize;
  object_class->get_property = confab_usage_totals_get_property;

  properties[PROP_LABEL] =
    g_param_spec_string ("label", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_DAY] =
    g_param_spec_boxed ("day", NULL, NULL,
                        G_TYPE_DATE_TIME,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_CONVERSATION_ID] =
    g_param_spec_int64 ("conversation-id", NULL, NULL,
                        0, G_MAXINT64, 0,
                        (G_PARAM_READABLE |
                         G_PARAM_EXPLICIT_NOTIFY |
                         G_PARAM_STATIC_STRINGS));

  properties[PROP_MODEL] =
    g_param_spec_string ("model", NULL, NULL,
                         NULL,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_REQUESTS] = number_param_spec ("n-requests");
  properties[PROP_N_UNREPORTED] = number_param_spec ("n-unreported");
  properties[PROP_INPUT] = count_param_spec ("input");
  properties[PROP_CACHED] = count_param_spec ("cached");
  properties[PROP_OUTPUT] = count_param_spec ("output");
  properties[PROP_REASONING] = count_param_spec ("reasoning");
  properties[PROP_TOTAL] = count_param_spec ("total");

  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_COST] =
    g_param_spec_double ("cost", NULL, NULL,
                         0, G_MAXDOUBLE, 0,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  properties[PROP_N_COSTED] = number_param_spec ("n-costed");

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_usage_totals_init (ConfabUsageTotals *self)
{
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    self->sums[i] = CONFAB_USAGE_MISSING;
}

ConfabUsageTotals *
_confab_usage_totals_new (const char *label,
                          GDateTime  *day,
                          gint64      conversation_id,
                          const char *model)
{
  ConfabUsageTotals *self = g_object_new (CONFAB_TYPE_USAGE_TOTALS, NULL);

  self->label = g_strdup (label != NULL ? label : "");
  self->day = day != NULL ? g_date_time_ref (day) : NULL;
  self->conversation_id = conversation_id;
  self->model = g_strdup (model);

  return self;
}

/* Adds one request.  @reported says whether any of @counts is set. */
void
_confab_usage_totals_add (ConfabUsageTotals *self,
                          const gint64      *counts,
                          gboolean           reported,
                          gboolean           costed,
                          double             cost)
{
  self->n_requests++;

  if (!reported)
    {
      self->n_unreported++;
      return;
    }

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    {
      gint64 count = counts[i];

      if (count < 0)
        continue;

      if (self->sums[i] < 0)
        self->sums[i] = count;
      else if (G_MAXINT64 - count < self->sums[i])
        self->sums[i] = G_MAXINT64;
      else
        self->sums[i] += count;
    }

  if (costed)
    {
      self->n_costed++;
      self->cost += cost;
    }
}

void
_confab_usage_totals_seal (ConfabUsageTotals *self)
{
  g_clear_object (&self->usage);
  self->usage = confab_usage_new ();

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    confab_usage_set_field (self->usage, i, self->sums[i]);
}

int
_confab_usage_totals_compare (gconstpointer a,
                              gconstpointer b,
                              gpointer      user_data)
{
  const ConfabUsageTotals *x = a;
  const ConfabUsageTotals *y = b;
  gint64 x_total = x->sums[CONFAB_USAGE_FIELD_TOTAL];
  gint64 y_total = y->sums[CONFAB_USAGE_FIELD_TOTAL];
  int order;

  if (x_total != y_total)
    return x_total > y_total ? -1 : 1;

  if (x->n_requests != y->n_requests)
    return x->n_requests > y->n_requests ? -1 : 1;

  order = g_strcmp0 (x->label, y->label);
  if (order != 0)
    return order;

  /* Newer conversations first among namesakes. */
  return (x->conversation_id < y->conversation_id) - (x->conversation_id > y->conversation_id);
}

/**
 * confab_usage_totals_get_label:
 *
 * Returns: the day as "YYYY-MM-DD", the model ("" when the answer's
 *   model was not recorded), the conversation's title ("" when it has
 *   none), or "" for the period's total
 */
const char *
confab_usage_totals_get_label (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), NULL);

  return self->label;
}

/**
 * confab_usage_totals_get_day:
 *
 * Returns: (transfer none) (nullable): the local midnight that starts
 *   the day, in the report's time zone; %NULL unless by day
 */
GDateTime *
confab_usage_totals_get_day (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), NULL);

  return self->day;
}

gint64
confab_usage_totals_get_conversation_id (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), 0);

  return self->conversation_id;
}

const char *
confab_usage_totals_get_model (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), NULL);

  return self->model;
}

guint
confab_usage_totals_get_n_requests (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), 0);

  return self->n_requests;
}

guint
confab_usage_totals_get_n_unreported (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), 0);

  return self->n_unreported;
}

/**
 * confab_usage_totals_get_usage:
 *
 * Returns: (transfer none): every count summed; a count no request
 *   reported is missing
 */
ConfabUsage *
confab_usage_totals_get_usage (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), NULL);

  if (self->usage == NULL)
    _confab_usage_totals_seal (self);

  return self->usage;
}

/**
 * confab_usage_totals_get_field:
 *
 * Returns: the sum of @field over the requests that reported it, or
 *   CONFAB_USAGE_MISSING when none did
 */
gint64
confab_usage_totals_get_field (ConfabUsageTotals *self,
                               ConfabUsageField   field)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), CONFAB_USAGE_MISSING);
  g_return_val_if_fail (field < CONFAB_USAGE_N_FIELDS, CONFAB_USAGE_MISSING);

  return self->sums[field];
}

double
confab_usage_totals_get_cost (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), 0);

  return self->cost;
}

guint
confab_usage_totals_get_n_costed (ConfabUsageTotals *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_TOTALS (self), 0);

  return self->n_costed;
}
