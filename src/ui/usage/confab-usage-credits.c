/* confab-usage-credits.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-pricing.h"
#include "confab-usage-credits.h"
#include "confab-tooltip.h"

/* What is left of the credits at the gateway, from the application's
 * one ConfabCreditsMonitor: the API key's allowance ("Unlimited" when it
 * is) and the account's, each with what it is worth in US dollars, a
 * refresh button, a warning while they are low and, where the owner
 * gives Confab's estimate, what the gateway counted beside it.  It is
 * hidden while there are no credits to show: a server without them
 * shows nothing, and says nothing.
 */

struct _ConfabUsageCredits
{
  GtkWidget             parent_instance;

  ConfabCreditsMonitor *monitor;
  gboolean              estimate_known;
  gboolean              estimate_partial;
  double                estimate;

  /* Template widgets */
  GtkLabel             *account_label;
  GtkWidget            *account_name;
  GtkLabel             *comparison_label;
  GtkLabel             *key_label;
  GtkWidget            *key_name;
  GtkLabel             *low_label;
  GtkWidget            *refresh_button;
};

G_DEFINE_FINAL_TYPE (ConfabUsageCredits, confab_usage_credits, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_MONITOR,
  PROP_COMPACT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
set_row (GtkWidget *name,
         GtkLabel  *label,
         char      *text)
{
  g_autofree char *owned = text;

  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (name, text != NULL);
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

/* "Since 3/12/26 11:40 the gateway counted $0.03 (2.16 credits);
 * Confab estimated $0.02."
 */
static char *
format_comparison (ConfabUsageCredits *self)
{
  g_autoptr(GDateTime) since_time = NULL;
  g_autofree char *since_text = NULL;
  g_autofree char *counted_text = NULL;
  g_autofree char *counted_credits = NULL;
  g_autofree char *estimate_text = NULL;
  double counted;
  gint64 since;

  if (!self->estimate_known ||
      !confab_credits_monitor_get_counted (self->monitor, &counted, &since) ||
      (since_time = g_date_time_new_from_unix_local (since / G_USEC_PER_SEC)) == NULL)
    return NULL;

  /* The format of a message's date, which the message rows use too. */
  since_text = g_date_time_format (since_time, _("%b %-d, %Y, %H:%M"));
  counted_text = confab_pricing_format_cost (counted / CONFAB_PRICING_CREDITS_PER_USD);
  counted_credits = g_strdup_printf ("%'.2f", counted);
  estimate_text = confab_pricing_format_cost (self->estimate);

  if (self->estimate_partial)
    /* Translators: as "Since %s the gateway counted…" when only some
     * of the requests of the time have a price.
     */
    return g_strdup_printf (_("Since %s the gateway counted %s (%s credits); Confab’s estimate for the same time is %s, counting only the requests whose model has a price."),
                            since_text, counted_text, counted_credits, estimate_text);

  /* Translators: the first %s is a date and time, such as 12/03/26
   * 11:40; then what the gateway counted in US dollars and in credits,
   * then Confab's own estimate of the same time, in US dollars.
   */
  return g_strdup_printf (_("Since %s the gateway counted %s (%s credits); Confab’s estimate for the same time is %s."),
                          since_text, counted_text, counted_credits, estimate_text);
}

static void
update (ConfabUsageCredits *self)
{
  ConfabCredits *credits = self->monitor ? confab_credits_monitor_get_credits (self->monitor) : NULL;
  g_autofree char *comparison = NULL;
  gboolean low;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "credits.refresh",
                                 self->monitor != NULL && !confab_credits_monitor_get_loading (self->monitor));

  gtk_widget_set_visible (GTK_WIDGET (self), credits != NULL);
  if (credits == NULL)
    return;

  set_row (self->key_name, self->key_label, confab_credits_format_key (credits));
  set_row (self->account_name, self->account_label, confab_credits_format_account (credits));

  low = confab_credits_monitor_get_low (self->monitor);
  if (low)
    {
      g_autofree char *threshold = confab_credits_format_amount (confab_credits_monitor_get_low_threshold (self->monitor));
      g_autofree char *text = NULL;

      /* Translators: %s is the threshold of Preferences, such as
       * "72.00 credits ($1.00)".
       */
      text = g_strdup_printf (_("Credits are running low: less than %s left."), threshold);
      gtk_label_set_text (self->low_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->low_label), low);

  comparison = format_comparison (self);
  gtk_label_set_text (self->comparison_label, comparison ? comparison : "");
  gtk_widget_set_visible (GTK_WIDGET (self->comparison_label), comparison != NULL);
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ConfabUsageCredits *self = CONFAB_USAGE_CREDITS (widget);

  if (self->monitor != NULL)
    confab_credits_monitor_refresh (self->monitor);
}

static void
confab_usage_credits_dispose (GObject *object)
{
  ConfabUsageCredits *self = (ConfabUsageCredits *)object;
  GtkWidget *child;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_clear_object (&self->monitor);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), CONFAB_TYPE_USAGE_CREDITS);
#endif

  /* dispose_template() leaves the template's unnamed top widget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_usage_credits_parent_class)->dispose (object);
}

static void
confab_usage_credits_get_property (GObject    *object,
                                   guint       prop_id,
                                   GValue     *value,
                                   GParamSpec *pspec)
{
  ConfabUsageCredits *self = CONFAB_USAGE_CREDITS (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      g_value_set_object (value, self->monitor);
      break;

    case PROP_COMPACT:
      g_value_set_boolean (value, gtk_label_get_max_width_chars (self->comparison_label) > 0);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_credits_set_property (GObject      *object,
                                   guint         prop_id,
                                   const GValue *value,
                                   GParamSpec   *pspec)
{
  ConfabUsageCredits *self = CONFAB_USAGE_CREDITS (object);

  switch (prop_id)
    {
    case PROP_MONITOR:
      confab_usage_credits_set_monitor (self, g_value_get_object (value));
      break;

    case PROP_COMPACT:
      {
        /* In a popover, wrapped text keeps it narrow. */
        int chars = g_value_get_boolean (value) ? 36 : -1;

        gtk_label_set_max_width_chars (self->comparison_label, chars);
        gtk_label_set_max_width_chars (self->low_label, chars);
      }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_credits_class_init (ConfabUsageCreditsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_credits_dispose;
  object_class->get_property = confab_usage_credits_get_property;
  object_class->set_property = confab_usage_credits_set_property;

  properties[PROP_MONITOR] =
    g_param_spec_object ("monitor", NULL, NULL,
                         CONFAB_TYPE_CREDITS_MONITOR,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabUsageCredits:compact:
   *
   * Whether its notes wrap narrow, as in a popover.
   */
  properties[PROP_COMPACT] =
    g_param_spec_boolean ("compact", NULL, NULL,
                          FALSE,
                          (G_PARAM_READWRITE | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-credits.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, account_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, account_name);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, comparison_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, key_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, key_name);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, low_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageCredits, refresh_button);

  gtk_widget_class_install_action (widget_class, "credits.refresh", NULL, refresh_action);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
confab_usage_credits_init (ConfabUsageCredits *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));

  update (self);
}

GtkWidget *
confab_usage_credits_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_CREDITS, NULL);
}

/**
 * confab_usage_credits_get_monitor:
 *
 * Returns: (transfer none) (nullable): the credits shown
 */
ConfabCreditsMonitor *
confab_usage_credits_get_monitor (ConfabUsageCredits *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_CREDITS (self), NULL);

  return self->monitor;
}

/**
 * confab_usage_credits_set_monitor:
 * @monitor: (nullable): the application's credits
 *
 * Shows the credits of @monitor, as they change.
 */
void
confab_usage_credits_set_monitor (ConfabUsageCredits   *self,
                                  ConfabCreditsMonitor *monitor)
{
  g_return_if_fail (CONFAB_IS_USAGE_CREDITS (self));
  g_return_if_fail (monitor == NULL || CONFAB_IS_CREDITS_MONITOR (monitor));

  if (self->monitor == monitor)
    return;

  if (self->monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  g_set_object (&self->monitor, monitor);

  if (monitor != NULL)
    {
      g_signal_connect_object (monitor, "notify::credits", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::loading", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::low", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::low-threshold", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::baselines", G_CALLBACK (update), self, G_CONNECT_SWAPPED);
    }

  update (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_MONITOR]);
}

/**
 * confab_usage_credits_set_estimate:
 * @known: whether Confab's estimate of the time since the credits were
 *   first seen is known
 * @cost: that estimate, in US dollars
 * @partial: whether it counts only some of the requests, those whose
 *   model has a price
 *
 * Puts Confab's own estimate beside what the gateway counted since it
 * first saw the credits of this server and key.
 */
void
confab_usage_credits_set_estimate (ConfabUsageCredits *self,
                                   gboolean            known,
                                   double              cost,
                                   gboolean            partial)
{
  g_return_if_fail (CONFAB_IS_USAGE_CREDITS (self));

  self->estimate_known = known;
  self->estimate_partial = partial;
  self->estimate = cost;
  update (self);
}
