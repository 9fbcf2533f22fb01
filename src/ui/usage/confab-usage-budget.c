/* confab-usage-budget.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-usage-budget.h"

/* What was spent this month and today against the budgets of
 * Preferences, each as "$3.20 of $10.00 this month" over a level bar,
 * warning as it nears the budget.  Hidden while no budget is set.
 */

struct _ConfabUsageBudget
{
  GtkWidget            parent_instance;

  ConfabBudgetTracker *tracker;

  /* Template widgets */
  GtkLevelBar         *day_bar;
  GtkLabel            *day_label;
  GtkLevelBar         *month_bar;
  GtkLabel            *month_label;
};

G_DEFINE_FINAL_TYPE (ConfabUsageBudget, confab_usage_budget, GTK_TYPE_WIDGET)

/* The share of a budget spent from which it is near. */
#define NEAR_FRACTION 0.8

static gboolean
show_period (ConfabUsageBudget  *self,
             ConfabBudgetPeriod  period,
             GtkLabel           *label,
             GtkLevelBar        *bar)
{
  double budget = self->tracker ? confab_budget_tracker_get_budget (self->tracker, period) : 0;
  double spent = self->tracker ? confab_budget_tracker_get_spent (self->tracker, period) : 0;
  double fraction = confab_budget_get_fraction (budget, spent);
  g_autofree char *text = NULL;

  gtk_widget_set_visible (GTK_WIDGET (label), budget > 0);
  gtk_widget_set_visible (GTK_WIDGET (bar), budget > 0);
  if (!(budget > 0))
    return FALSE;

  text = confab_budget_format (period, budget, spent);
  gtk_label_set_text (label, text);
  gtk_level_bar_set_value (bar, fraction);

  if (spent >= budget)
    gtk_widget_add_css_class (GTK_WIDGET (label), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "error");
  if (fraction >= NEAR_FRACTION && spent < budget)
    gtk_widget_add_css_class (GTK_WIDGET (label), "warning");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (label), "warning");

  gtk_accessible_update_property (GTK_ACCESSIBLE (bar),
                                  GTK_ACCESSIBLE_PROPERTY_VALUE_TEXT, text,
                                  -1);

  return TRUE;
}

static void
update (ConfabUsageBudget *self)
{
  gboolean month = show_period (self, CONFAB_BUDGET_MONTH, self->month_label, self->month_bar);
  gboolean day = show_period (self, CONFAB_BUDGET_DAY, self->day_label, self->day_bar);

  gtk_widget_set_margin_top (GTK_WIDGET (self->day_label), month ? 6 : 0);
  gtk_widget_set_visible (GTK_WIDGET (self), month || day);
}

/* A bar that fills as the budget is spent: none of GtkLevelBar's
 * colours for low and full, which say the opposite of a budget's.
 */
static void
set_up_bar (GtkLevelBar *bar)
{
  gtk_level_bar_set_min_value (bar, 0);
  gtk_level_bar_set_max_value (bar, 1);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_LOW);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_HIGH);
  gtk_level_bar_remove_offset_value (bar, GTK_LEVEL_BAR_OFFSET_FULL);
}

static void
confab_usage_budget_dispose (GObject *object)
{
  ConfabUsageBudget *self = (ConfabUsageBudget *)object;
  GtkWidget *child;

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_clear_object (&self->tracker);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), CONFAB_TYPE_USAGE_BUDGET);
#endif

  /* dispose_template() leaves the template's unnamed top widget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_usage_budget_parent_class)->dispose (object);
}

static void
confab_usage_budget_class_init (ConfabUsageBudgetClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_budget_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-budget.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageBudget, day_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageBudget, day_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageBudget, month_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageBudget, month_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
confab_usage_budget_init (ConfabUsageBudget *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  set_up_bar (self->month_bar);
  set_up_bar (self->day_bar);
  update (self);
}

GtkWidget *
confab_usage_budget_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_BUDGET, NULL);
}

/**
 * confab_usage_budget_set_tracker:
 * @tracker: (nullable): the application's budgets and spend
 */
void
confab_usage_budget_set_tracker (ConfabUsageBudget   *self,
                                 ConfabBudgetTracker *tracker)
{
  g_return_if_fail (CONFAB_IS_USAGE_BUDGET (self));
  g_return_if_fail (tracker == NULL || CONFAB_IS_BUDGET_TRACKER (tracker));

  if (self->tracker != NULL)
    g_signal_handlers_disconnect_by_data (self->tracker, self);
  g_set_object (&self->tracker, tracker);
  if (tracker != NULL)
    g_signal_connect_object (tracker, "changed", G_CALLBACK (update), self, G_CONNECT_SWAPPED);

  update (self);
}
