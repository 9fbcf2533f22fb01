/* confab-usage-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-window-private.h"
#include "confab-tooltip.h"
#include "confab-window-size.h"

/* The usage review: what the requests of a period used, summed, by day,
 * by model and by chat, with a chart of the days.  The report is asked
 * from the store on a worker; a new period cancels the query under way,
 * and so does closing the window.  While it is open, the window asks
 * again a moment after the store says that the usage changed (an
 * answer was recorded, a chat deleted or restored).  Days are those of
 * the local time zone.  Costs come with the report, from the prices of
 * Preferences, and are shown only when there are prices.  A chat's row
 * opens it through the application's app.open-conversation.
 */

/* How long the window waits after a change before it asks again, so
 * that a burst of changes is asked for once.
 */
#define RELOAD_DELAY_MS 500

G_DEFINE_FINAL_TYPE (ConfabUsageWindow, confab_usage_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_PRICING,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void confab_usage_window_query (ConfabUsageWindow *self);

void
_confab_usage_window_toast (ConfabUsageWindow *self,
                            const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static void
update_switcher (ConfabUsageWindow *self)
{
  gboolean report = g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "report") == 0;

#if ADW_CHECK_VERSION (1, 4, 0)
  /* AdwViewSwitcherTitle is deprecated: the switcher gives way to the
   * title, and to the bar at the bottom, on narrow windows.
   */
  gtk_widget_set_sensitive (GTK_WIDGET (self->switcher_title), report);
  gtk_stack_set_visible_child_name (GTK_STACK (self->switcher_title),
                                    self->narrow || !report ? "title" : "switcher");
  adw_view_switcher_bar_set_reveal (self->switcher_bar, report && self->narrow);
#else
  adw_view_switcher_title_set_view_switcher_enabled (ADW_VIEW_SWITCHER_TITLE (self->switcher_title), report);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    report && adw_view_switcher_title_get_title_visible (ADW_VIEW_SWITCHER_TITLE (self->switcher_title)));
#endif
}

#if ADW_CHECK_VERSION (1, 4, 0)
static void
narrow_applied_cb (ConfabUsageWindow *self)
{
  self->narrow = TRUE;
  update_switcher (self);
}

static void
narrow_unapplied_cb (ConfabUsageWindow *self)
{
  self->narrow = FALSE;
  update_switcher (self);
}
#endif

static void
make_switcher_title (ConfabUsageWindow *self)
{
#if ADW_CHECK_VERSION (1, 4, 0)
  GtkWidget *switcher = adw_view_switcher_new ();
  AdwBreakpoint *breakpoint;

  adw_view_switcher_set_stack (ADW_VIEW_SWITCHER (switcher), self->view_stack);
  adw_view_switcher_set_policy (ADW_VIEW_SWITCHER (switcher), ADW_VIEW_SWITCHER_POLICY_WIDE);

  self->switcher_title = gtk_stack_new ();
  gtk_stack_set_hhomogeneous (GTK_STACK (self->switcher_title), FALSE);
  gtk_stack_add_named (GTK_STACK (self->switcher_title), switcher, "switcher");
  gtk_stack_add_named (GTK_STACK (self->switcher_title), adw_window_title_new (_("Usage"), NULL), "title");

  /* Where AdwViewSwitcherTitle would have hidden its switcher. */
  breakpoint = adw_breakpoint_new (adw_breakpoint_condition_parse ("max-width: 550sp"));
  g_signal_connect_object (breakpoint, "apply", G_CALLBACK (narrow_applied_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (breakpoint, "unapply", G_CALLBACK (narrow_unapplied_cb), self, G_CONNECT_SWAPPED);
  adw_window_add_breakpoint (ADW_WINDOW (self), breakpoint);
#else
  self->switcher_title = adw_view_switcher_title_new ();
  adw_view_switcher_title_set_stack (ADW_VIEW_SWITCHER_TITLE (self->switcher_title), self->view_stack);
  adw_view_switcher_title_set_title (ADW_VIEW_SWITCHER_TITLE (self->switcher_title), _("Usage"));
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher),
                           self, G_CONNECT_SWAPPED);
#endif

  adw_header_bar_set_title_widget (self->header_bar, self->switcher_title);
}

static void
set_state (ConfabUsageWindow *self,
           const char        *state)
{
  gtk_stack_set_visible_child_name (self->state_stack, state);
#if !ADW_CHECK_VERSION (1, 6, 0)
  gtk_spinner_set_spinning (GTK_SPINNER (self->spinner), g_str_equal (state, "loading"));
#endif
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.export",
                                 g_str_equal (state, "report"));
  update_switcher (self);
}

static void
show_error (ConfabUsageWindow *self,
            const char        *title,
            const char        *description)
{
  adw_status_page_set_title (self->error_page, title);
  adw_status_page_set_description (self->error_page, description);
  set_state (self, "error");
}

static void
conversation_activated_cb (ConfabUsageWindow *self,
                           ConfabUsageTotals *totals,
                           ConfabUsageTable  *table)
{
  /* The usage of deleted chats has no chat to open. */
  if (confab_usage_totals_get_conversation_id (totals) == 0)
    return;

  /* A main window presents itself with the chat. */
  gtk_widget_activate_action (GTK_WIDGET (self), "app.open-conversation", "x",
                              confab_usage_totals_get_conversation_id (totals));
}

/* Whether any model of the period has a price, and says where the
 * prices of its cost came from: the person's own, the list prices, or
 * both.
 */
static gboolean
show_cost_source (ConfabUsageWindow *self)
{
  GListModel *models = confab_usage_report_get_by_model (self->report);
  guint n_models = g_list_model_get_n_items (models);
  gboolean priced = FALSE;
  gboolean yours = FALSE;
  gboolean list = FALSE;
  g_autofree char *source = NULL;

  for (guint i = 0; self->pricing != NULL && i < n_models; i++)
    {
      g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (models, i);
      ConfabPrice price;

      if (!confab_pricing_lookup (self->pricing, confab_usage_totals_get_model (totals), &price))
        continue;

      priced = TRUE;
      if (confab_usage_totals_get_n_costed (totals) == 0)
        continue;

      if (price.source == CONFAB_PRICE_SOURCE_LIST)
        list = TRUE;
      else
        yours = TRUE;
    }

  source = confab_pricing_format_sources (yours, list);
  confab_usage_summary_set_cost_source (self->summary, source);

  return priced;
}

static void
show_report (ConfabUsageWindow *self)
{
  ConfabUsageTotals *total = confab_usage_report_get_total (self->report);
  guint n_requests = confab_usage_totals_get_n_requests (total);
  gboolean unreported = confab_usage_totals_get_n_unreported (total) > 0;
  gboolean priced;
  GListModel *days = confab_usage_report_get_by_day (self->report);
  ConfabUsageTable *tables[] = { self->days_table, self->models_table, self->conversations_table };

  if (n_requests == 0)
    {
      set_state (self, "empty");
      return;
    }

  /* A cost only when a model of the period has a price. */
  priced = show_cost_source (self);
  confab_usage_summary_set_totals (self->summary, total, priced);

  confab_usage_table_set_model (self->days_table, days);
  confab_usage_table_set_model (self->models_table, confab_usage_report_get_by_model (self->report));
  confab_usage_table_set_model (self->conversations_table, confab_usage_report_get_by_conversation (self->report));
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      confab_usage_table_set_show_cost (tables[i], priced);
      confab_usage_table_set_show_unreported (tables[i], unreported);
    }

  confab_usage_chart_set_days (self->chart, days);

  set_state (self, "report");
}

/* Queries */

static void
estimate_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ConfabUsageWindow) self = user_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  ConfabUsageTotals *total;
  guint n_costed, n_reported;

  report = confab_store_query_usage_finish (CONFAB_STORE (object), result, NULL);
  if (report == NULL)
    return;

  g_clear_object (&self->estimate_cancellable);

  /* Known when some request since has a cost, or there were none. */
  total = confab_usage_report_get_total (report);
  n_costed = confab_usage_totals_get_n_costed (total);
  n_reported = confab_usage_totals_get_n_requests (total) - confab_usage_totals_get_n_unreported (total);
  confab_usage_credits_set_estimate (self->credits, n_costed > 0 || n_reported == 0,
                                     confab_usage_totals_get_cost (total), n_costed < n_reported);
}

/* Confab's estimate of what was spent since the gateway's credits were
 * first seen, to put beside what the gateway counted.
 */
static void
query_estimate (ConfabUsageWindow *self)
{
  double counted;
  gint64 since;

  if (self->estimate_cancellable != NULL)
    g_cancellable_cancel (self->estimate_cancellable);
  g_clear_object (&self->estimate_cancellable);

  if (self->store == NULL || self->credits_monitor == NULL ||
      !confab_credits_monitor_get_counted (self->credits_monitor, &counted, &since))
    {
      confab_usage_credits_set_estimate (self->credits, FALSE, 0, FALSE);
      return;
    }

  self->estimate_cancellable = g_cancellable_new ();
  confab_store_query_usage_async (self->store, since, G_MAXINT64, self->tz, self->pricing,
                                  self->estimate_cancellable, estimate_cb, g_object_ref (self));
}

static void
query_cb (GObject      *object,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(ConfabUsageWindow) self = user_data;
  g_autoptr(ConfabUsageReport) report = NULL;
  g_autoptr(GError) error = NULL;

  report = confab_store_query_usage_finish (CONFAB_STORE (object), result, &error);

  /* A newer query replaced this one, or the window closed. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  g_clear_object (&self->cancellable);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);

  if (report == NULL)
    {
      show_error (self, _("Could Not Read the Usage"), error->message);
      return;
    }

  g_set_object (&self->report, report);
  show_report (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPORT]);
}

static void
confab_usage_window_query (ConfabUsageWindow *self)
{
  gboolean was_loading = self->cancellable != NULL;
  gint64 from, to;

  /* The template's signals may come before the window has its store. */
  if (!self->started)
    return;

  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  query_estimate (self);

  if (self->store == NULL)
    {
      show_error (self, _("History Unavailable"),
                  self->store_error ? self->store_error->message : _("Confab could not open its history, so there is no usage to review."));
    }
  else if (!confab_usage_period_chooser_get_bounds (self->period_chooser, self->tz, &from, &to))
    {
      show_error (self, _("Invalid Range"), _("Choose a first day on or before the last day."));
    }
  else
    {
      self->cancellable = g_cancellable_new ();

      /* What was shown stays until the new period is there. */
      if (self->report == NULL)
        set_state (self, "loading");

      confab_store_query_usage_async (self->store, from, to, self->tz, self->pricing,
                                      self->cancellable, query_cb, g_object_ref (self));
    }

  if (was_loading != (self->cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static gboolean
reload_cb (gpointer user_data)
{
  ConfabUsageWindow *self = user_data;

  self->reload_id = 0;
  confab_usage_window_query (self);

  return G_SOURCE_REMOVE;
}

/* An answer was recorded, or a chat deleted or restored: the period
 * shown is asked for again once the changes have settled.
 */
static void
usage_changed_cb (ConfabUsageWindow *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);
  self->reload_id = g_timeout_add (RELOAD_DELAY_MS, reload_cb, self);
}

static void
confab_usage_window_cancel (ConfabUsageWindow *self)
{
  g_clear_handle_id (&self->reload_id, g_source_remove);

  if (self->estimate_cancellable != NULL)
    g_cancellable_cancel (self->estimate_cancellable);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
}

static gboolean
confab_usage_window_close_request (GtkWindow *window)
{
  confab_usage_window_cancel (CONFAB_USAGE_WINDOW (window));

  return GTK_WINDOW_CLASS (confab_usage_window_parent_class)->close_request (window);
}

static void
confab_usage_window_dispose (GObject *object)
{
  ConfabUsageWindow *self = (ConfabUsageWindow *)object;

  /* An export under way holds the window: it ends before this. */
  confab_usage_window_cancel (self);
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->export_cancellable);
  g_clear_object (&self->estimate_cancellable);
  if (self->credits_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->credits_monitor, self);
  g_clear_object (&self->credits_monitor);

  if (self->chart != NULL)
    confab_usage_chart_set_days (self->chart, NULL);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_USAGE_WINDOW);
#endif

  g_clear_object (&self->report);
  g_clear_object (&self->pricing);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (confab_usage_window_parent_class)->dispose (object);
}

static void
confab_usage_window_finalize (GObject *object)
{
  ConfabUsageWindow *self = (ConfabUsageWindow *)object;

  g_clear_pointer (&self->tz, g_time_zone_unref);
  g_clear_error (&self->store_error);

  G_OBJECT_CLASS (confab_usage_window_parent_class)->finalize (object);
}

static void
confab_usage_window_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_LOADING:
      g_value_set_boolean (value, confab_usage_window_get_loading (self));
      break;

    case PROP_PRICING:
      g_value_set_object (value, self->pricing);
      break;

    case PROP_REPORT:
      g_value_set_object (value, self->report);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_window_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (object);

  switch (prop_id)
    {
    case PROP_PRICING:
      confab_usage_window_set_pricing (self, g_value_get_object (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_usage_window_class_init (ConfabUsageWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = confab_usage_window_dispose;
  object_class->finalize = confab_usage_window_finalize;
  object_class->get_property = confab_usage_window_get_property;
  object_class->set_property = confab_usage_window_set_property;

  window_class->close_request = confab_usage_window_close_request;

  /**
   * ConfabUsageWindow:loading:
   *
   * Whether a query is under way.
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL,
                          FALSE,
                          (G_PARAM_READABLE |
                           G_PARAM_EXPLICIT_NOTIFY |
                           G_PARAM_STATIC_STRINGS));

  /**
   * ConfabUsageWindow:pricing:
   *
   * The prices the costs are counted with, or %NULL; new prices ask
   * again.
   */
  properties[PROP_PRICING] =
    g_param_spec_object ("pricing", NULL, NULL,
                         CONFAB_TYPE_PRICING,
                         (G_PARAM_READWRITE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  /**
   * ConfabUsageWindow:report:
   *
   * The report shown, or %NULL before the first one came.
   */
  properties[PROP_REPORT] =
    g_param_spec_object ("report", NULL, NULL,
                         CONFAB_TYPE_USAGE_REPORT,
                         (G_PARAM_READABLE |
                          G_PARAM_EXPLICIT_NOTIFY |
                          G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (CONFAB_TYPE_USAGE_BUDGET);
  g_type_ensure (CONFAB_TYPE_USAGE_CHART);
  g_type_ensure (CONFAB_TYPE_USAGE_CREDITS);
  g_type_ensure (CONFAB_TYPE_USAGE_PERIOD_CHOOSER);
  g_type_ensure (CONFAB_TYPE_USAGE_SUMMARY);
  g_type_ensure (CONFAB_TYPE_USAGE_TABLE);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, budget);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, conversations_table);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, credits);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, days_table);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, header_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, models_table);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, period_chooser);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, spinner_bin);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, confab_usage_window_query);
  gtk_widget_class_bind_template_callback (widget_class, conversation_activated_cb);

  gtk_widget_class_install_action (widget_class, "usage.export", NULL, _confab_usage_window_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "usage.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
confab_usage_window_init (ConfabUsageWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));
  /* The smallest size of confab-usage-window.ui is its content's,
   * whatever GTK's window frame takes.
   */
  confab_window_size_keep_for_content (GTK_WINDOW (self), adw_window_get_content (ADW_WINDOW (self)));

  self->tz = g_time_zone_new_local ();

#if ADW_CHECK_VERSION (1, 6, 0)
  self->spinner = adw_spinner_new ();
#else
  self->spinner = gtk_spinner_new ();
#endif
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->spinner),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Loading"),
                                  -1);
  adw_bin_set_child (self->spinner_bin, self->spinner);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.export", FALSE);

  make_switcher_title (self);
  update_switcher (self);
}

/**
 * confab_usage_window_new:
 * @application: the application the window belongs to
 * @store: (nullable): the history, or %NULL when it could not be opened
 * @store_error: (nullable): why the history could not be opened
 * @pricing: (nullable): the prices costs are counted with
 *
 * Makes the usage window of @store, showing the last 30 days.
 */
ConfabUsageWindow *
confab_usage_window_new (GtkApplication *application,
                         ConfabStore    *store,
                         const GError   *store_error,
                         ConfabPricing  *pricing)
{
  ConfabUsageWindow *self;

  g_return_val_if_fail (GTK_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (store == NULL || CONFAB_IS_STORE (store), NULL);
  g_return_val_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing), NULL);

  self = g_object_new (CONFAB_TYPE_USAGE_WINDOW,
                       "application", application,
                       "pricing", pricing,
                       NULL);
  if (store != NULL)
    {
      self->store = g_object_ref (store);
      g_signal_connect_object (store, "usage-changed",
                               G_CALLBACK (usage_changed_cb),
                               self, G_CONNECT_SWAPPED);
    }
  if (store_error != NULL)
    self->store_error = g_error_copy (store_error);

  self->started = TRUE;
  confab_usage_window_query (self);

  return self;
}

/**
 * confab_usage_window_set_pricing:
 * @pricing: (nullable): the prices costs are counted with
 *
 * Counts the costs with @pricing: new prices give new costs, so the
 * period shown is asked for again.
 */
void
confab_usage_window_set_pricing (ConfabUsageWindow *self,
                                 ConfabPricing     *pricing)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing));

  if (!g_set_object (&self->pricing, pricing))
    return;

  confab_usage_window_query (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PRICING]);
}

void
confab_usage_window_set_period (ConfabUsageWindow *self,
                                ConfabUsagePeriod  period)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (period <= CONFAB_USAGE_PERIOD_CUSTOM);

  confab_usage_period_chooser_set_period (self->period_chooser, period);
}

/**
 * confab_usage_window_set_range:
 * @first_day: the first day of the range
 * @last_day: the last day, included
 *
 * Shows the custom range from @first_day to @last_day.
 *
 * Returns: %FALSE when the range is empty (then the window says so)
 */
gboolean
confab_usage_window_set_range (ConfabUsageWindow *self,
                               GDateTime         *first_day,
                               GDateTime         *last_day)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_WINDOW (self), FALSE);
  g_return_val_if_fail (first_day != NULL, FALSE);
  g_return_val_if_fail (last_day != NULL, FALSE);

  return confab_usage_period_chooser_set_range (self->period_chooser, first_day, last_day);
}

/**
 * confab_usage_window_reload:
 *
 * Asks again for the usage of the period shown, to count what was asked
 * since.
 */
void
confab_usage_window_reload (ConfabUsageWindow *self)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));

  confab_usage_window_query (self);
}

gboolean
confab_usage_window_get_loading (ConfabUsageWindow *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_WINDOW (self), FALSE);

  return self->cancellable != NULL;
}

/**
 * confab_usage_window_get_report:
 *
 * Returns: (transfer none) (nullable): the report shown
 */
ConfabUsageReport *
confab_usage_window_get_report (ConfabUsageWindow *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_WINDOW (self), NULL);

  return self->report;
}


/**
 * confab_usage_window_set_credits_monitor:
 * @monitor: (nullable): the application's credits
 *
 * Shows what is left of the credits at the gateway, and what it counted
 * beside Confab's estimate.
 */
void
confab_usage_window_set_credits_monitor (ConfabUsageWindow    *self,
                                         ConfabCreditsMonitor *monitor)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (monitor == NULL || CONFAB_IS_CREDITS_MONITOR (monitor));

  if (self->credits_monitor != NULL)
    g_signal_handlers_disconnect_by_data (self->credits_monitor, self);
  g_set_object (&self->credits_monitor, monitor);

  if (monitor != NULL)
    {
      g_signal_connect_object (monitor, "notify::credits", G_CALLBACK (query_estimate), self, G_CONNECT_SWAPPED);
      g_signal_connect_object (monitor, "notify::baselines", G_CALLBACK (query_estimate), self, G_CONNECT_SWAPPED);
    }

  confab_usage_credits_set_monitor (self->credits, monitor);
  if (self->started)
    query_estimate (self);
}

/**
 * confab_usage_window_set_budget_tracker:
 * @tracker: (nullable): the application's budgets and spend
 *
 * Shows what was spent this month and today against the budgets.
 */
void
confab_usage_window_set_budget_tracker (ConfabUsageWindow   *self,
                                        ConfabBudgetTracker *tracker)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (tracker == NULL || CONFAB_IS_BUDGET_TRACKER (tracker));

  confab_usage_budget_set_tracker (self->budget, tracker);
}
