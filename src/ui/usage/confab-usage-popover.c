/* confab-usage-popover.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-credits.h"
#include "confab-usage-popover.h"
#include "confab-tooltip.h"

/* A popover listing every token count of one answer, grouped under
 * "Input" and "Output", with the total below them.  Counts the server
 * did not report say so instead of pretending to be zero.
 */
struct _ConfabUsagePopover
{
  GtkPopover   parent_instance;

  ConfabUsage *usage;

  GtkGrid     *grid;
  /* What is left at the gateway: only in the header's popover. */
  ConfabUsageCredits *credits;

  GtkLabel    *name_labels[CONFAB_USAGE_N_FIELDS];
  GtkLabel    *value_labels[CONFAB_USAGE_N_FIELDS];

  /* Shown for a conversation's total; hidden for one answer. */
  GtkWidget   *requests_name;
  GtkLabel    *requests_label;
  GtkWidget   *unreported_name;
  GtkLabel    *unreported_label;
  /* Shown only when a cost is known. */
  GtkWidget   *cost_separator;
  GtkWidget   *cost_name;
  GtkLabel    *cost_label;
  /* Where the prices of the cost came from. */
  GtkLabel    *cost_source_label;
  /* Shown when only some answers have a cost. */
  GtkLabel    *cost_note_label;
};

G_DEFINE_FINAL_TYPE (ConfabUsagePopover, confab_usage_popover, CONFAB_TYPE_POPOVER)

enum {
  PROP_0,
  PROP_USAGE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static const char *
get_field_tooltip (ConfabUsageField field)
{
  switch (field)
    {
    case CONFAB_USAGE_FIELD_CACHED:
      return _("Cached tokens are part of the input tokens.");
    case CONFAB_USAGE_FIELD_REASONING:
      return _("Reasoning tokens are part of the output tokens.");
    case CONFAB_USAGE_FIELD_PROMPT:
    case CONFAB_USAGE_FIELD_PROMPT_TEXT:
    case CONFAB_USAGE_FIELD_PROMPT_AUDIO:
    case CONFAB_USAGE_FIELD_PROMPT_IMAGE:
    case CONFAB_USAGE_FIELD_COMPLETION:
    case CONFAB_USAGE_FIELD_COMPLETION_TEXT:
    case CONFAB_USAGE_FIELD_COMPLETION_AUDIO:
    case CONFAB_USAGE_FIELD_TOTAL:
    case CONFAB_USAGE_N_FIELDS:
    default:
      return NULL;
    }
}

/* The group totals stand flush with their heading; the details that
 * make them up are indented below them.
 */
static gboolean
field_is_detail (ConfabUsageField field)
{
  return field != CONFAB_USAGE_FIELD_PROMPT &&
         field != CONFAB_USAGE_FIELD_COMPLETION &&
         field != CONFAB_USAGE_FIELD_TOTAL;
}

static gboolean
field_is_rare (ConfabUsageField field)
{
  return field == CONFAB_USAGE_FIELD_PROMPT_AUDIO ||
         field == CONFAB_USAGE_FIELD_PROMPT_IMAGE ||
         field == CONFAB_USAGE_FIELD_COMPLETION_AUDIO;
}

/* Returns the first row after the counts. */
static int
confab_usage_popover_build_grid (ConfabUsagePopover *self)
{
  int row = 0;

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    {
      ConfabUsageField field = i;
      const char *tooltip = get_field_tooltip (field);
      GtkWidget *name_label;
      GtkWidget *value_label;

      /* A group's total heads it ("Input (prompt)"): no heading above
       * it that says the same.
       */
      name_label = gtk_label_new (confab_usage_field_get_name (field));
      gtk_label_set_xalign (GTK_LABEL (name_label), 0.0f);
      if (field_is_detail (field))
        gtk_widget_set_margin_start (name_label, 12);
      else if (field == CONFAB_USAGE_FIELD_COMPLETION)
        gtk_widget_set_margin_top (name_label, 6);
      gtk_widget_set_tooltip_text (name_label, tooltip);

      /* Selectable, but not focusable: the popover would open with a
       * text caret in its first number.
       */
      value_label = gtk_label_new (NULL);
      gtk_widget_set_name (value_label, "usage-value");
      gtk_label_set_xalign (GTK_LABEL (value_label), 1.0f);
      gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
      gtk_widget_set_focusable (value_label, FALSE);
      gtk_widget_set_hexpand (value_label, TRUE);
      gtk_widget_set_halign (value_label, GTK_ALIGN_END);
      gtk_widget_add_css_class (value_label, "numeric");
      gtk_widget_set_tooltip_text (value_label, tooltip);

      if (field == CONFAB_USAGE_FIELD_TOTAL)
        {
          GtkWidget *separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);

          gtk_widget_set_margin_top (separator, 6);
          gtk_grid_attach (self->grid, separator, 0, row++, 2, 1);

          gtk_widget_add_css_class (name_label, "heading");
          gtk_widget_add_css_class (value_label, "heading");
        }

      gtk_grid_attach (self->grid, name_label, 0, row, 1, 1);
      gtk_grid_attach (self->grid, value_label, 1, row, 1, 1);
      row++;

      self->name_labels[field] = GTK_LABEL (name_label);
      self->value_labels[field] = GTK_LABEL (value_label);
    }

  return row;
}

static GtkLabel *
confab_usage_popover_add_row (ConfabUsagePopover  *self,
                              int                  row,
                              const char          *name,
                              const char          *widget_name,
                              const char          *tooltip,
                              GtkWidget          **name_label_out)
{
  GtkWidget *name_label = gtk_label_new (name);
  GtkWidget *value_label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (name_label), 0.0f);
  gtk_widget_set_tooltip_text (name_label, tooltip);
  gtk_widget_set_visible (name_label, FALSE);

  gtk_widget_set_name (value_label, widget_name);
  gtk_label_set_xalign (GTK_LABEL (value_label), 1.0f);
  gtk_label_set_selectable (GTK_LABEL (value_label), TRUE);
  gtk_widget_set_focusable (value_label, FALSE);
  gtk_widget_set_hexpand (value_label, TRUE);
  gtk_widget_set_halign (value_label, GTK_ALIGN_END);
  gtk_widget_add_css_class (value_label, "numeric");
  gtk_widget_set_tooltip_text (value_label, tooltip);
  gtk_widget_set_visible (value_label, FALSE);

  gtk_grid_attach (self->grid, name_label, 0, row, 1, 1);
  gtk_grid_attach (self->grid, value_label, 1, row, 1, 1);

  *name_label_out = name_label;

  return GTK_LABEL (value_label);
}

/* The rows under the total: how many requests the total counts, how
 * many of them reported no usage, and what they cost.
 */
static void
confab_usage_popover_build_extra_rows (ConfabUsagePopover *self,
                                       int                 row)
{
  self->requests_label =
    confab_usage_popover_add_row (self, row++, _("Requests"), "usage-requests",
                                  _("Answers counted in this total"),
                                  &self->requests_name);
  self->unreported_label =
    confab_usage_popover_add_row (self, row++, _("Unreported"), "usage-unreported",
                                  _("Answers for which the server reported no usage. They are not in the counts above."),
                                  &self->unreported_name);
  gtk_widget_set_margin_start (self->unreported_name, 12);

  self->cost_separator = gtk_separator_new (GTK_ORIENTATION_HORIZONTAL);
  gtk_widget_set_margin_top (self->cost_separator, 6);
  gtk_widget_set_visible (self->cost_separator, FALSE);
  gtk_grid_attach (self->grid, self->cost_separator, 0, row++, 2, 1);

  self->cost_label =
    confab_usage_popover_add_row (self, row++, _("Cost"), "usage-cost",
                                  _("Computed from your prices in Preferences, or else from list prices. Reasoning tokens are billed as output tokens."),
                                  &self->cost_name);
  gtk_widget_add_css_class (self->cost_name, "heading");
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_label), "heading");

  self->cost_source_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->cost_source_label), "usage-cost-source");
  gtk_label_set_xalign (self->cost_source_label, 0.0f);
  gtk_label_set_wrap (self->cost_source_label, TRUE);
  gtk_label_set_max_width_chars (self->cost_source_label, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_source_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_source_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_source_label), FALSE);
  gtk_grid_attach (self->grid, GTK_WIDGET (self->cost_source_label), 0, row++, 2, 1);

  self->cost_note_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_set_name (GTK_WIDGET (self->cost_note_label), "usage-cost-note");
  gtk_label_set_xalign (self->cost_note_label, 0.0f);
  gtk_label_set_wrap (self->cost_note_label, TRUE);
  gtk_label_set_max_width_chars (self->cost_note_label, 36);
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_note_label), "caption");
  gtk_widget_add_css_class (GTK_WIDGET (self->cost_note_label), "dim-label");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_note_label), FALSE);
  gtk_grid_attach (self->grid, GTK_WIDGET (self->cost_note_label), 0, row++, 2, 1);
}

static void
confab_usage_popover_update (ConfabUsagePopover *self)
{
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    {
      GtkLabel *label = self->value_labels[i];
      gint64 count = CONFAB_USAGE_MISSING;

      if (self->usage != NULL)
        count = confab_usage_get_field (self->usage, i);

      /* Audio and images are rare: their rows show only when they
       * count something.
       */
      gtk_widget_set_visible (GTK_WIDGET (label), !field_is_rare (i) || (count != CONFAB_USAGE_MISSING && count != 0));
      gtk_widget_set_visible (GTK_WIDGET (self->name_labels[i]), gtk_widget_get_visible (GTK_WIDGET (label)));

      if (count == CONFAB_USAGE_MISSING)
        {
          gtk_label_set_label (label, _("Not reported"));
          gtk_widget_add_css_class (GTK_WIDGET (label), "dim-label");
        }
      else
        {
          g_autofree char *text = confab_usage_format_count (count);

          gtk_label_set_label (label, text);
          gtk_widget_remove_css_class (GTK_WIDGET (label), "dim-label");
        }
    }
}

static void
confab_usage_popover_show (GtkWidget *widget)
{
  ConfabUsagePopover *self = CONFAB_USAGE_POPOVER (widget);

  /* The counts of a running total may have grown since they were set. */
  confab_usage_popover_update (self);

  /* Opened to see them: the credits too, unless they are fresh. */
  if (confab_usage_credits_get_monitor (self->credits) != NULL)
    confab_credits_monitor_update (confab_usage_credits_get_monitor (self->credits));

  GTK_WIDGET_CLASS (confab_usage_popover_parent_class)->show (widget);
}

static void
confab_usage_popover_dispose (GObject *object)
{
  ConfabUsagePopover *self = (ConfabUsagePopover *)object;

  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_USAGE_POPOVER);

  g_clear_object (&self->usage);

  G_OBJECT_CLASS (confab_usage_popover_parent_class)->dispose (object);
}

static void
confab_usage_popover_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ConfabUsagePopover *self = CONFAB_USAGE_POPOVER (object);

  switch (prop_id)
    {
    case PROP_USAGE:
      g_value_set_object (value, self->usage);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_popover_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ConfabUsagePopover *self = CONFAB_USAGE_POPOVER (object);

  switch (prop_id)
    {
    case PROP_USAGE:
      confab_usage_popover_set_usage (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_popover_class_init (ConfabUsagePopoverClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_popover_dispose;
  object_class->get_property = confab_usage_popover_get_property;
  object_class->set_property = confab_usage_popover_set_property;

  widget_class->show = confab_usage_popover_show;

  /**
   * ConfabUsagePopover:usage:
   *
   * The token counts shown, or %NULL when none were reported.
   */
  properties[PROP_USAGE] =
    g_param_spec_object ("usage", NULL, NULL,
                         CONFAB_TYPE_USAGE,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, "/io/github/confabapp/Confab/confab-usage-popover.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePopover, credits);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePopover, grid);

  g_type_ensure (CONFAB_TYPE_USAGE_CREDITS);
}

static void
confab_usage_popover_init (ConfabUsagePopover *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  confab_usage_popover_build_extra_rows (self, confab_usage_popover_build_grid (self));
  confab_usage_popover_update (self);
  /* The tooltips of the rows, in labels GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));
}

GtkWidget *
confab_usage_popover_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_POPOVER, NULL);
}

/**
 * confab_usage_popover_get_usage:
 * @self: a #ConfabUsagePopover
 *
 * Returns: (transfer none) (nullable): the usage shown
 */
ConfabUsage *
confab_usage_popover_get_usage (ConfabUsagePopover *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_POPOVER (self), NULL);

  return self->usage;
}

/**
 * confab_usage_popover_set_usage:
 * @self: a #ConfabUsagePopover
 * @usage: (nullable): the token counts to show
 *
 * Shows @usage.  The counts are read again even when @usage is the one
 * already shown, so a caller that changed it in place can call this to
 * refresh the popover.
 */
void
confab_usage_popover_set_usage (ConfabUsagePopover *self,
                                ConfabUsage        *usage)
{
  gboolean changed;

  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));
  g_return_if_fail (!usage || CONFAB_IS_USAGE (usage));

  changed = g_set_object (&self->usage, usage);

  confab_usage_popover_update (self);

  if (changed)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_USAGE]);
}

/**
 * confab_usage_popover_set_requests:
 * @self: a #ConfabUsagePopover
 * @n_requests: how many answers the usage totals
 * @n_unreported: how many of them reported no usage
 *
 * Shows how many requests a total counts, for a conversation's total.
 * The row of requests without usage is shown only when there are some.
 */
void
confab_usage_popover_set_requests (ConfabUsagePopover *self,
                                   guint               n_requests,
                                   guint               n_unreported)
{
  g_autofree char *requests = NULL;
  g_autofree char *unreported = NULL;

  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));

  requests = confab_usage_format_count (n_requests);
  unreported = confab_usage_format_count (n_unreported);

  gtk_label_set_label (self->requests_label, requests);
  gtk_label_set_label (self->unreported_label, unreported);

  gtk_widget_set_visible (self->requests_name, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->requests_label), TRUE);
  gtk_widget_set_visible (self->unreported_name, n_unreported > 0);
  gtk_widget_set_visible (GTK_WIDGET (self->unreported_label), n_unreported > 0);
}

/**
 * confab_usage_popover_set_cost:
 * @self: a #ConfabUsagePopover
 * @cost: (nullable): the cost as confab_pricing_format_cost() gives it,
 *   or %NULL when it is not known
 *
 * Shows a cost below the counts; without one, no cost row is shown.
 */
void
confab_usage_popover_set_cost (ConfabUsagePopover *self,
                               const char         *cost)
{
  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));

  gtk_label_set_label (self->cost_label, cost ? cost : "");
  gtk_widget_set_visible (self->cost_separator, cost != NULL);
  gtk_widget_set_visible (self->cost_name, cost != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->cost_label), cost != NULL);
}

/**
 * confab_usage_popover_set_cost_source:
 * @self: a #ConfabUsagePopover
 * @source: (nullable): where the prices of the cost came from, as
 *   confab_pricing_format_sources() says it
 *
 * Says below the cost where its prices came from.
 */
void
confab_usage_popover_set_cost_source (ConfabUsagePopover *self,
                                      const char         *source)
{
  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));

  gtk_label_set_label (self->cost_source_label, source ? source : "");
  gtk_widget_set_visible (GTK_WIDGET (self->cost_source_label), source != NULL);
}

/**
 * confab_usage_popover_set_cost_counts:
 * @self: a #ConfabUsagePopover
 * @n_costed: how many answers the cost counts
 * @n_answers: how many answers reported their usage
 *
 * Says below the cost when it counts only some of the answers, those
 * whose model has a price.  Call it after confab_usage_popover_set_cost().
 */
void
confab_usage_popover_set_cost_counts (ConfabUsagePopover *self,
                                      guint               n_costed,
                                      guint               n_answers)
{
  gboolean partial;

  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));

  partial = n_costed > 0 && n_costed < n_answers;

  if (partial)
    {
      g_autofree char *note = NULL;

      /* Translators: below the cost of a chat, when some of its answers
       * are of models without a price.
       */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Cost of %u of %u answer: the others’ models have no price",
                                           "Cost of %u of %u answers: the others’ models have no price",
                                           n_answers),
                              n_costed, n_answers);
      gtk_label_set_label (self->cost_note_label, note);
    }

  gtk_widget_set_visible (GTK_WIDGET (self->cost_note_label), partial);
}

/**
 * confab_usage_popover_set_credits_monitor:
 * @monitor: (nullable): the application's credits
 *
 * Shows below the counts what is left of the credits at the gateway,
 * asked for again when the popover opens, at most once in 30 seconds.
 */
void
confab_usage_popover_set_credits_monitor (ConfabUsagePopover   *self,
                                          ConfabCreditsMonitor *monitor)
{
  g_return_if_fail (CONFAB_IS_USAGE_POPOVER (self));
  g_return_if_fail (monitor == NULL || CONFAB_IS_CREDITS_MONITOR (monitor));

  confab_usage_credits_set_monitor (self->credits, monitor);
}
