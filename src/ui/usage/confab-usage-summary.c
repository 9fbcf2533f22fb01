/* confab-usage-summary.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-summary.h"
#include "confab-tooltip.h"

/* The totals of a period as cards, with what they leave out said below
 * them: requests without reported usage, and requests without a price.
 * The cost card is shown only when there are prices.
 */

typedef enum
{
  TOTAL_TOKENS,
  TOTAL_INPUT,
  TOTAL_OUTPUT,
  TOTAL_REQUESTS,
  TOTAL_CACHED,
  TOTAL_REASONING,
  TOTAL_COST,
  N_TOTALS
} Total;

typedef struct
{
  const char *name;
  const char *caption;
  const char *tooltip;
} TotalSpec;

static const TotalSpec total_specs[N_TOTALS] = {
  { "total-tokens", N_("Total Tokens"), NULL },
  { "total-input", N_("Input"), NULL },
  { "total-output", N_("Output"), NULL },
  { "total-requests", N_("Requests"), N_("Answers received in this period") },
  { "total-cached", N_("Cached Input"), N_("Cached tokens are part of the input tokens.") },
  { "total-reasoning", N_("Reasoning"), N_("Reasoning tokens are part of the output tokens.") },
  { "total-cost", N_("Cost"), N_("Computed from your prices in Preferences, or else from list prices. Reasoning tokens are billed as output tokens.") },
};

struct _ConfabUsageSummary
{
  GtkWidget   parent_instance;

  GtkLabel   *total_labels[N_TOTALS];
  GtkWidget  *cost_card;

  /* Template widgets */
  GtkLabel   *cost_note_label;
  GtkLabel   *cost_source_label;
  GtkFlowBox *totals_box;
  GtkLabel   *unreported_label;
};

G_DEFINE_FINAL_TYPE (ConfabUsageSummary, confab_usage_summary, GTK_TYPE_WIDGET)

static void
build_totals (ConfabUsageSummary *self)
{
  for (guint i = 0; i < N_TOTALS; i++)
    {
      GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
      GtkWidget *value = gtk_label_new (NULL);
      GtkWidget *caption = gtk_label_new (_(total_specs[i].caption));
      const char *tooltip = total_specs[i].tooltip ? _(total_specs[i].tooltip) : NULL;

      gtk_widget_add_css_class (card, "card");
      gtk_widget_add_css_class (card, "usage-total");
      gtk_widget_set_tooltip_text (card, tooltip);

      gtk_widget_set_name (value, total_specs[i].name);
      gtk_label_set_xalign (GTK_LABEL (value), 0.0f);
      gtk_label_set_selectable (GTK_LABEL (value), TRUE);
      gtk_label_set_ellipsize (GTK_LABEL (value), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (value, "title-3");
      gtk_widget_add_css_class (value, "numeric");
      gtk_widget_set_can_focus (value, FALSE);

      gtk_label_set_xalign (GTK_LABEL (caption), 0.0f);
      gtk_label_set_ellipsize (GTK_LABEL (caption), PANGO_ELLIPSIZE_END);
      gtk_widget_add_css_class (caption, "caption");
      gtk_widget_add_css_class (caption, "dim-label");

      gtk_box_append (GTK_BOX (card), value);
      gtk_box_append (GTK_BOX (card), caption);
      gtk_flow_box_append (self->totals_box, card);

      /* The cards are not things to select. */
      gtk_widget_set_focusable (gtk_widget_get_parent (card), FALSE);

      self->total_labels[i] = GTK_LABEL (value);
      if (i == TOTAL_COST)
        self->cost_card = gtk_widget_get_parent (card);
    }
}

static void
set_total (ConfabUsageSummary *self,
           Total               total,
           gint64              count)
{
  g_autofree char *text = confab_usage_format_count (count);

  gtk_label_set_text (self->total_labels[total], text);
}

static void
confab_usage_summary_dispose (GObject *object)
{
  GtkWidget *child;
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), CONFAB_TYPE_USAGE_SUMMARY);
#endif

  /* dispose_template() leaves the template's unnamed top widget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_usage_summary_parent_class)->dispose (object);
}

static void
confab_usage_summary_class_init (ConfabUsageSummaryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_summary_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-summary.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageSummary, cost_note_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageSummary, cost_source_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageSummary, totals_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageSummary, unreported_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
confab_usage_summary_init (ConfabUsageSummary *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  build_totals (self);
  /* The tooltips of the cards, in labels GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));
}

GtkWidget *
confab_usage_summary_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_SUMMARY, NULL);
}

/**
 * confab_usage_summary_set_totals:
 * @totals: the totals of the period
 * @priced: whether any model has a price
 *
 * Shows @totals.  Without prices no cost is shown at all; with prices
 * for other models only, the cost is unknown rather than nothing.
 */
void
confab_usage_summary_set_totals (ConfabUsageSummary *self,
                                 ConfabUsageTotals  *totals,
                                 gboolean            priced)
{
  guint n_requests;
  guint n_unreported;
  guint n_costed;
  guint n_reported;

  g_return_if_fail (CONFAB_IS_USAGE_SUMMARY (self));
  g_return_if_fail (CONFAB_IS_USAGE_TOTALS (totals));

  n_requests = confab_usage_totals_get_n_requests (totals);
  n_unreported = confab_usage_totals_get_n_unreported (totals);
  n_costed = confab_usage_totals_get_n_costed (totals);
  n_reported = n_requests - n_unreported;

  set_total (self, TOTAL_TOKENS, confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_TOTAL));
  set_total (self, TOTAL_INPUT, confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_PROMPT));
  set_total (self, TOTAL_OUTPUT, confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_COMPLETION));
  set_total (self, TOTAL_REQUESTS, n_requests);
  set_total (self, TOTAL_CACHED, confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_CACHED));
  set_total (self, TOTAL_REASONING, confab_usage_totals_get_field (totals, CONFAB_USAGE_FIELD_REASONING));

  gtk_widget_set_visible (self->cost_card, priced);
  if (n_costed > 0)
    {
      g_autofree char *cost = confab_pricing_format_cost (confab_usage_totals_get_cost (totals));

      gtk_label_set_text (self->total_labels[TOTAL_COST], cost);
    }
  else
    {
      gtk_label_set_text (self->total_labels[TOTAL_COST], "—");
    }

  if (priced && n_costed < n_reported)
    {
      g_autofree char *note = NULL;

      /* Translators: below the cost of a period. */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The cost counts %u of %u request. Models without a price in Preferences are not counted.",
                                           "The cost counts %u of %u requests. Models without a price in Preferences are not counted.",
                                           n_reported),
                              n_costed, n_reported);
      gtk_label_set_text (self->cost_note_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cost_note_label), priced && n_costed < n_reported);

  if (n_unreported > 0)
    {
      g_autofree char *text = NULL;

      text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "%u request without reported usage: the server did not say what it used, so it adds nothing to these totals.",
                                           "%u requests without reported usage: the server did not say what they used, so they add nothing to these totals.",
                                           n_unreported),
                              n_unreported);
      gtk_label_set_text (self->unreported_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->unreported_label), n_unreported > 0);
}

/**
 * confab_usage_summary_set_cost_source:
 * @source: (nullable): where the prices of the cost came from, as
 *   confab_pricing_format_sources() says it, or %NULL to say nothing
 */
void
confab_usage_summary_set_cost_source (ConfabUsageSummary *self,
                                      const char         *source)
{
  g_return_if_fail (CONFAB_IS_USAGE_SUMMARY (self));

  gtk_label_set_text (self->cost_source_label, source ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_source_label), source != NULL);
}
