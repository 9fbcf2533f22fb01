/* confab-usage-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-chart.h"
#include "confab-usage-report.h"
#include "confab-usage-window.h"
#include "confab-window.h"

/* The usage review: what the requests of a period used, summed, by day,
 * by model and by chat, with a chart of the days.  The report is asked
 * from the store on a worker; a new period cancels the query under way,
 * and so does closing the window.  Days are those of the local time
 * zone.  Costs come with the report, from the prices of Preferences, and
 * are shown only when there are prices.
 */

typedef enum
{
  TABLE_DAYS,
  TABLE_MODELS,
  TABLE_CONVERSATIONS,
  N_TABLES
} Table;

typedef enum
{
  COLUMN_REQUESTS,
  COLUMN_FIELD,
  COLUMN_UNREPORTED,
  COLUMN_COST,
} ColumnKind;

typedef struct
{
  const char       *title;
  const char       *property;
  ColumnKind        kind;
  ConfabUsageField  field;
} ColumnSpec;

static const ColumnSpec numeric_columns[] = {
  { N_("Requests"), "n-requests", COLUMN_REQUESTS, 0 },
  { N_("Input"), "input", COLUMN_FIELD, CONFAB_USAGE_FIELD_PROMPT },
  { N_("Cached"), "cached", COLUMN_FIELD, CONFAB_USAGE_FIELD_CACHED },
  { N_("Output"), "output", COLUMN_FIELD, CONFAB_USAGE_FIELD_COMPLETION },
  { N_("Reasoning"), "reasoning", COLUMN_FIELD, CONFAB_USAGE_FIELD_REASONING },
  { N_("Total"), "total", COLUMN_FIELD, CONFAB_USAGE_FIELD_TOTAL },
  { N_("Unreported"), "n-unreported", COLUMN_UNREPORTED, 0 },
  { N_("Cost"), "cost", COLUMN_COST, 0 },
};

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
  { "total-cost", N_("Cost"), N_("Computed from the prices in Preferences. Reasoning tokens are billed as output tokens.") },
};

struct _ConfabUsageWindow
{
  AdwWindow              parent_instance;

  ConfabApplication     *application;
  ConfabStore           *store;
  GTimeZone             *tz;
  GCancellable          *cancellable;
  ConfabUsageReport     *report;
  ConfabPricing         *pricing;
  gint64                 from;
  gint64                 to;

  GtkSortListModel      *sorted[N_TABLES];
  GtkColumnViewColumn   *unreported_columns[N_TABLES];
  GtkColumnViewColumn   *cost_columns[N_TABLES];
  GtkLabel              *total_labels[N_TOTALS];
  GtkWidget             *cost_card;

  /* Template widgets */
  ConfabUsageChart      *chart;
  GtkColumnView         *conversations_view;
  GtkLabel              *cost_note_label;
  GtkColumnView         *days_view;
  AdwStatusPage         *error_page;
  GtkMenuButton         *from_button;
  GtkCalendar           *from_calendar;
  GtkColumnView         *models_view;
  GtkDropDown           *period_dropdown;
  GtkBox                *range_box;
  GtkLabel              *range_error_label;
  GtkSpinner            *spinner;
  GtkStack              *state_stack;
  AdwViewSwitcherBar    *switcher_bar;
  AdwViewSwitcherTitle  *switcher_title;
  GtkMenuButton         *to_button;
  GtkCalendar           *to_calendar;
  AdwToastOverlay       *toast_overlay;
  GtkFlowBox            *totals_box;
  GtkLabel              *unreported_label;
  AdwViewStack          *view_stack;
};

G_DEFINE_FINAL_TYPE (ConfabUsageWindow, confab_usage_window, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_LOADING,
  PROP_REPORT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void confab_usage_window_query (ConfabUsageWindow *self);

static void
toast (ConfabUsageWindow *self,
       const char        *text)
{
  adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

/* Local midnight of the day @date is on, in the window's zone. */
static GDateTime *
dup_midnight (ConfabUsageWindow *self,
              GDateTime         *date)
{
  int year, month, day;

  g_date_time_get_ymd (date, &year, &month, &day);

  return g_date_time_new (self->tz, year, month, day, 0, 0, 0);
}

static gint64
to_usec (GDateTime *date)
{
  return g_date_time_to_unix (date) * G_USEC_PER_SEC;
}

static char *
format_date (GDateTime *date)
{
  /* Translators: a day of the usage window's custom range; see
   * g_date_time_format() for the codes.
   */
  return g_date_time_format (date, _("%b %-d, %Y"));
}

static void
update_switcher (ConfabUsageWindow *self)
{
  gboolean report = g_strcmp0 (gtk_stack_get_visible_child_name (self->state_stack), "report") == 0;

  adw_view_switcher_title_set_view_switcher_enabled (self->switcher_title, report);
  adw_view_switcher_bar_set_reveal (self->switcher_bar,
                                    report && adw_view_switcher_title_get_title_visible (self->switcher_title));
}

static void
set_state (ConfabUsageWindow *self,
           const char        *state)
{
  gtk_stack_set_visible_child_name (self->state_stack, state);
  gtk_spinner_set_spinning (self->spinner, g_str_equal (state, "loading"));
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

/* Tables */

static const char *
get_label_text (Table              table,
                ConfabUsageTotals *totals,
                char             **owned)
{
  const char *label = confab_usage_totals_get_label (totals);

  switch (table)
    {
    case TABLE_DAYS:
      /* Translators: a day in the usage table; see g_date_time_format(). */
      *owned = g_date_time_format (confab_usage_totals_get_day (totals), _("%a %Y-%m-%d"));
      return *owned;

    case TABLE_MODELS:
      return label != NULL && *label != '\0' ? label : _("Unknown Model");

    case TABLE_CONVERSATIONS:
      return label != NULL && *label != '\0' ? label : _("New Chat");

    case N_TABLES:
    default:
      g_assert_not_reached ();
    }
}

static void
setup_label_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0f);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_max_width_chars (GTK_LABEL (label), 40);
  gtk_label_set_width_chars (GTK_LABEL (label), 18);
  gtk_list_item_set_child (item, label);
}

static void
bind_label_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  Table table = GPOINTER_TO_INT (user_data);
  ConfabUsageTotals *totals = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *owned = NULL;
  const char *text = get_label_text (table, totals, &owned);

  gtk_label_set_text (GTK_LABEL (label), text);
  /* Long titles and model names are cut short; the tooltip has them. */
  gtk_widget_set_tooltip_text (label, text);
}

static void
setup_number_cb (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0f);
  gtk_widget_add_css_class (label, "numeric");
  gtk_list_item_set_child (item, label);
}

static void
bind_number_cb (GtkSignalListItemFactory *factory,
                GtkListItem              *item,
                gpointer                  user_data)
{
  const ColumnSpec *spec = user_data;
  ConfabUsageTotals *totals = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  g_autofree char *text = NULL;
  g_autofree char *tooltip = NULL;
  guint n_reported;

  switch (spec->kind)
    {
    case COLUMN_REQUESTS:
      text = confab_usage_format_count (confab_usage_totals_get_n_requests (totals));
      break;

    case COLUMN_FIELD:
      text = confab_usage_format_count (confab_usage_totals_get_field (totals, spec->field));
      break;

    case COLUMN_UNREPORTED:
      text = confab_usage_format_count (confab_usage_totals_get_n_unreported (totals));
      break;

    case COLUMN_COST:
      n_reported = confab_usage_totals_get_n_requests (totals) - confab_usage_totals_get_n_unreported (totals);
      if (confab_usage_totals_get_n_costed (totals) == 0)
        {
          text = g_strdup ("—");
          tooltip = g_strdup (_("No price is set for these requests"));
        }
      else
        {
          text = confab_pricing_format_cost (confab_usage_totals_get_cost (totals));
          if (confab_usage_totals_get_n_costed (totals) < n_reported)
            /* Translators: the cost of some requests is known, of others not. */
            tooltip = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                    "The cost of %u of %u request: the others have no price",
                                                    "The cost of %u of %u requests: the others have no price",
                                                    n_reported),
                                       confab_usage_totals_get_n_costed (totals), n_reported);
        }
      break;

    default:
      g_assert_not_reached ();
    }

  gtk_label_set_text (GTK_LABEL (label), text);
  gtk_widget_set_tooltip_text (label, tooltip);
}

static GtkColumnViewColumn *
add_column (GtkColumnView *view,
            const char    *title,
            GCallback      setup,
            GCallback      bind,
            gpointer       data,
            GtkSorter     *sorter)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *column;

  g_signal_connect (factory, "setup", setup, data);
  g_signal_connect (factory, "bind", bind, data);

  column = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_sorter (column, sorter);
  gtk_column_view_column_set_resizable (column, TRUE);
  gtk_column_view_append_column (view, column);
  g_object_unref (sorter);
  g_object_unref (column);

  return column;
}

static void
setup_table (ConfabUsageWindow *self,
             Table              table,
             GtkColumnView     *view)
{
  static const char *label_titles[N_TABLES] = { N_("Day"), N_("Model"), N_("Chat") };
  g_autoptr(GtkSingleSelection) selection = NULL;
  GtkColumnViewColumn *label_column;

  self->sorted[table] = gtk_sort_list_model_new (NULL, g_object_ref (gtk_column_view_get_sorter (view)));
  selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->sorted[table])));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));

  /* Days sort by their ISO label, which is in the order of the days. */
  label_column = add_column (view, _(label_titles[table]),
                             G_CALLBACK (setup_label_cb), G_CALLBACK (bind_label_cb),
                             GINT_TO_POINTER (table),
                             GTK_SORTER (gtk_string_sorter_new (gtk_property_expression_new (CONFAB_TYPE_USAGE_TOTALS, NULL, "label"))));
  gtk_column_view_column_set_expand (label_column, TRUE);

  for (guint i = 0; i < G_N_ELEMENTS (numeric_columns); i++)
    {
      const ColumnSpec *spec = &numeric_columns[i];
      GtkColumnViewColumn *column;

      column = add_column (view, _(spec->title),
                           G_CALLBACK (setup_number_cb), G_CALLBACK (bind_number_cb),
                           (gpointer) spec,
                           GTK_SORTER (gtk_numeric_sorter_new (gtk_property_expression_new (CONFAB_TYPE_USAGE_TOTALS, NULL, spec->property))));

      if (spec->kind == COLUMN_UNREPORTED)
        self->unreported_columns[table] = column;
      else if (spec->kind == COLUMN_COST)
        self->cost_columns[table] = column;
    }

  /* The newest day first. */
  if (table == TABLE_DAYS)
    gtk_column_view_sort_by_column (view, label_column, GTK_SORT_DESCENDING);
}

static ConfabWindow *
find_main_window (ConfabUsageWindow *self)
{
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self->application)); l != NULL; l = l->next)
    {
      if (CONFAB_IS_WINDOW (l->data))
        return l->data;
    }

  return NULL;
}

static void
conversation_activated_cb (ConfabUsageWindow *self,
                           guint              position,
                           GtkColumnView     *view)
{
  GListModel *model = G_LIST_MODEL (gtk_column_view_get_model (view));
  g_autoptr(ConfabUsageTotals) totals = g_list_model_get_item (model, position);
  ConfabWindow *window;

  if (totals == NULL)
    return;

  window = find_main_window (self);
  if (window == NULL)
    window = confab_window_new (self->application);

  /* The main window presents itself with the chat. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-conversation", "x",
                              confab_usage_totals_get_conversation_id (totals));
}

/* Totals */

static void
build_totals (ConfabUsageWindow *self)
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
set_total (ConfabUsageWindow *self,
           Total              total,
           gint64             count)
{
  g_autofree char *text = confab_usage_format_count (count);

  gtk_label_set_text (self->total_labels[total], text);
}

static void
show_report (ConfabUsageWindow *self)
{
  ConfabUsageTotals *total = confab_usage_report_get_total (self->report);
  guint n_requests = confab_usage_totals_get_n_requests (total);
  guint n_unreported = confab_usage_totals_get_n_unreported (total);
  guint n_costed = confab_usage_totals_get_n_costed (total);
  gboolean priced = self->pricing != NULL && !confab_pricing_is_empty (self->pricing);
  GListModel *lists[N_TABLES] = {
    confab_usage_report_get_by_day (self->report),
    confab_usage_report_get_by_model (self->report),
    confab_usage_report_get_by_conversation (self->report),
  };

  if (n_requests == 0)
    {
      set_state (self, "empty");
      return;
    }

  set_total (self, TOTAL_TOKENS, confab_usage_totals_get_field (total, CONFAB_USAGE_FIELD_TOTAL));
  set_total (self, TOTAL_INPUT, confab_usage_totals_get_field (total, CONFAB_USAGE_FIELD_PROMPT));
  set_total (self, TOTAL_OUTPUT, confab_usage_totals_get_field (total, CONFAB_USAGE_FIELD_COMPLETION));
  set_total (self, TOTAL_REQUESTS, n_requests);
  set_total (self, TOTAL_CACHED, confab_usage_totals_get_field (total, CONFAB_USAGE_FIELD_CACHED));
  set_total (self, TOTAL_REASONING, confab_usage_totals_get_field (total, CONFAB_USAGE_FIELD_REASONING));

  /* Without prices no cost is shown at all; with prices for other
   * models only, the cost is unknown rather than nothing.
   */
  gtk_widget_set_visible (self->cost_card, priced);
  if (n_costed > 0)
    {
      g_autofree char *cost = confab_pricing_format_cost (confab_usage_totals_get_cost (total));

      gtk_label_set_text (self->total_labels[TOTAL_COST], cost);
    }
  else
    {
      gtk_label_set_text (self->total_labels[TOTAL_COST], "—");
    }

  if (priced && n_costed < n_requests - n_unreported)
    {
      g_autofree char *note = NULL;
      guint n_reported = n_requests - n_unreported;

      /* Translators: below the cost of a period. */
      note = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The cost counts %u of %u request. Models without a price in Preferences are not counted.",
                                           "The cost counts %u of %u requests. Models without a price in Preferences are not counted.",
                                           n_reported),
                              n_costed, n_reported);
      gtk_label_set_text (self->cost_note_label, note);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cost_note_label), priced && n_costed < n_requests - n_unreported);

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

  for (guint i = 0; i < N_TABLES; i++)
    {
      gtk_sort_list_model_set_model (self->sorted[i], lists[i]);
      gtk_column_view_column_set_visible (self->cost_columns[i], priced);
      gtk_column_view_column_set_visible (self->unreported_columns[i], n_unreported > 0);
    }

  confab_usage_chart_set_days (self->chart, lists[TABLE_DAYS]);

  set_state (self, "report");
}

/* Queries */

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

/* Works out the period chosen, [from, to) in the local zone.  Returns
 * FALSE, and says why, when the custom range is not one.
 */
static gboolean
get_period (ConfabUsageWindow *self,
            gint64            *from,
            gint64            *to)
{
  ConfabUsagePeriod period = gtk_drop_down_get_selected (self->period_dropdown);
  g_autoptr(GDateTime) now = g_date_time_new_now (self->tz);
  g_autoptr(GDateTime) today = dup_midnight (self, now);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (today, 1);
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) first_day = NULL;
  g_autoptr(GDateTime) after_last_day = NULL;

  switch (period)
    {
    case CONFAB_USAGE_PERIOD_TODAY:
      *from = to_usec (today);
      *to = to_usec (tomorrow);
      return TRUE;

    case CONFAB_USAGE_PERIOD_WEEK:
    case CONFAB_USAGE_PERIOD_MONTH:
      first_day = g_date_time_add_days (today, period == CONFAB_USAGE_PERIOD_WEEK ? -6 : -29);
      *from = to_usec (first_day);
      *to = to_usec (tomorrow);
      return TRUE;

    case CONFAB_USAGE_PERIOD_ALL:
      *from = 0;
      *to = G_MAXINT64;
      return TRUE;

    case CONFAB_USAGE_PERIOD_CUSTOM:
    default:
      first = gtk_calendar_get_date (self->from_calendar);
      last = gtk_calendar_get_date (self->to_calendar);
      first_day = dup_midnight (self, first);
      {
        g_autoptr(GDateTime) last_day = dup_midnight (self, last);

        after_last_day = g_date_time_add_days (last_day, 1);
      }

      if (g_date_time_compare (first_day, after_last_day) >= 0)
        {
          gtk_label_set_text (self->range_error_label, _("The first day is after the last day."));
          gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), TRUE);
          gtk_widget_add_css_class (GTK_WIDGET (self->from_button), "error");
          return FALSE;
        }

      *from = to_usec (first_day);
      *to = to_usec (after_last_day);
      return TRUE;
    }
}

static void
confab_usage_window_query (ConfabUsageWindow *self)
{
  gboolean was_loading = self->cancellable != NULL;
  gint64 from, to;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), FALSE);
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_button), "error");

  if (self->store == NULL)
    {
      const GError *store_error = confab_application_get_store_error (self->application);

      show_error (self, _("History Unavailable"),
                  store_error ? store_error->message : _("Confab could not open its history, so there is no usage to review."));
    }
  else if (!get_period (self, &from, &to))
    {
      show_error (self, _("Invalid Range"), _("Choose a first day on or before the last day."));
    }
  else
    {
      self->cancellable = g_cancellable_new ();
      self->from = from;
      self->to = to;
      g_set_object (&self->pricing, confab_application_get_pricing (self->application));

      /* What was shown stays until the new period is there. */
      if (self->report == NULL)
        set_state (self, "loading");

      confab_store_query_usage_async (self->store, from, to, self->tz, self->pricing,
                                      self->cancellable, query_cb, g_object_ref (self));
    }

  if (was_loading != (self->cancellable != NULL))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

/* The custom range */

static void
update_range_labels (ConfabUsageWindow *self)
{
  g_autoptr(GDateTime) first = gtk_calendar_get_date (self->from_calendar);
  g_autoptr(GDateTime) last = gtk_calendar_get_date (self->to_calendar);
  g_autofree char *first_text = format_date (first);
  g_autofree char *last_text = format_date (last);
  g_autofree char *first_label = NULL;
  g_autofree char *last_label = NULL;

  gtk_menu_button_set_label (self->from_button, first_text);
  gtk_menu_button_set_label (self->to_button, last_text);

  /* Translators: %s is a day. */
  first_label = g_strdup_printf (_("First day: %s"), first_text);
  /* Translators: %s is a day. */
  last_label = g_strdup_printf (_("Last day: %s"), last_text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->from_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, first_label, -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->to_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, last_label, -1);
}

static void
day_selected_cb (ConfabUsageWindow *self,
                 GtkCalendar       *calendar)
{
  update_range_labels (self);
  gtk_menu_button_popdown (calendar == self->from_calendar ? self->from_button : self->to_button);

  if (gtk_drop_down_get_selected (self->period_dropdown) == CONFAB_USAGE_PERIOD_CUSTOM)
    confab_usage_window_query (self);
}

static void
period_changed_cb (ConfabUsageWindow *self)
{
  gboolean custom = gtk_drop_down_get_selected (self->period_dropdown) == CONFAB_USAGE_PERIOD_CUSTOM;

  gtk_widget_set_visible (GTK_WIDGET (self->range_box), custom);
  confab_usage_window_query (self);
}

/* Export */

static void
export_written_cb (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(ConfabUsageWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_replace_contents_finish (G_FILE (object), result, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not export the usage: %s"), error->message);

      toast (self, text);
      return;
    }

  toast (self, _("Usage exported"));
}

/* The CSV is made from the store on the main thread, which owns it, into
 * memory (a fraction of a second for a year of requests); the file is
 * written asynchronously, through the portal's document when sandboxed.
 */
static void
export_to_file (ConfabUsageWindow *self,
                GFile             *file)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;

  if (!confab_store_write_usage_csv (self->store, self->from, self->to, self->tz, self->pricing,
                                     stream, NULL, &error) ||
      !g_output_stream_close (stream, NULL, &error))
    {
      g_autofree char *text = g_strdup_printf (_("Could not export the usage: %s"), error->message);

      toast (self, text);
      return;
    }

  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_file_replace_contents_bytes_async (file, bytes, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION,
                                       NULL, export_written_cb, g_object_ref (self));
}

#if GTK_CHECK_VERSION (4, 10, 0)
static void
export_dialog_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(ConfabUsageWindow) self = user_data;
  g_autoptr(GFile) file = gtk_file_dialog_save_finish (GTK_FILE_DIALOG (object), result, NULL);

  if (file != NULL)
    export_to_file (self, file);
}
#else
static void
export_chooser_cb (GtkNativeDialog   *chooser,
                   int                response,
                   ConfabUsageWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      export_to_file (self, file);
    }

  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
}
#endif

static char *
dup_export_name (ConfabUsageWindow *self)
{
  g_autoptr(GDateTime) first_utc = NULL;
  g_autoptr(GDateTime) last_utc = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *first_text = NULL;
  g_autofree char *last_text = NULL;

  if (self->from == 0 && self->to == G_MAXINT64)
    return g_strdup ("confab-usage.csv");

  first_utc = g_date_time_new_from_unix_utc (self->from / G_USEC_PER_SEC);
  last_utc = g_date_time_new_from_unix_utc ((self->to - 1) / G_USEC_PER_SEC);
  first = g_date_time_to_timezone (first_utc, self->tz);
  last = g_date_time_to_timezone (last_utc, self->tz);
  first_text = g_date_time_format (first, "%Y-%m-%d");
  last_text = g_date_time_format (last, "%Y-%m-%d");

  if (g_str_equal (first_text, last_text))
    return g_strdup_printf ("confab-usage-%s.csv", first_text);

  return g_strdup_printf ("confab-usage-%s-to-%s.csv", first_text, last_text);
}

/* Exports the requests of the period shown, through the file chooser
 * portal.
 */
static void
export_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (widget);
  g_autofree char *name = NULL;

  if (self->report == NULL)
    return;

  name = dup_export_name (self);

#if GTK_CHECK_VERSION (4, 10, 0)
  {
    g_autoptr(GtkFileDialog) dialog = gtk_file_dialog_new ();

    gtk_file_dialog_set_title (dialog, _("Export Usage"));
    gtk_file_dialog_set_initial_name (dialog, name);
    gtk_file_dialog_save (dialog, GTK_WINDOW (self), NULL, export_dialog_cb, g_object_ref (self));
  }
#else
  {
    GtkFileChooserNative *chooser;

    chooser = gtk_file_chooser_native_new (_("Export Usage"), GTK_WINDOW (self),
                                           GTK_FILE_CHOOSER_ACTION_SAVE,
                                           _("_Export"), _("_Cancel"));
    gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
    g_signal_connect (chooser, "response", G_CALLBACK (export_chooser_cb), self);
    gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
  }
#endif
}

static gboolean
confab_usage_window_close_request (GtkWindow *window)
{
  ConfabUsageWindow *self = CONFAB_USAGE_WINDOW (window);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (confab_usage_window_parent_class)->close_request (window);
}

static void
confab_usage_window_dispose (GObject *object)
{
  ConfabUsageWindow *self = (ConfabUsageWindow *)object;

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);

  if (self->chart != NULL)
    confab_usage_chart_set_days (self->chart, NULL);

#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (self), CONFAB_TYPE_USAGE_WINDOW);
#endif

  for (guint i = 0; i < N_TABLES; i++)
    g_clear_object (&self->sorted[i]);
  g_clear_object (&self->report);
  g_clear_object (&self->pricing);
  g_clear_object (&self->store);
  g_clear_object (&self->application);

  G_OBJECT_CLASS (confab_usage_window_parent_class)->dispose (object);
}

static void
confab_usage_window_finalize (GObject *object)
{
  ConfabUsageWindow *self = (ConfabUsageWindow *)object;

  g_clear_pointer (&self->tz, g_time_zone_unref);

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

    case PROP_REPORT:
      g_value_set_object (value, self->report);
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

  g_type_ensure (CONFAB_TYPE_USAGE_CHART);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, chart);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, conversations_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, cost_note_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, days_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, from_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, models_view);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, range_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, range_error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, state_stack);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, switcher_bar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, switcher_title);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, to_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, to_calendar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, totals_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, unreported_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsageWindow, view_stack);

  gtk_widget_class_install_action (widget_class, "usage.export", NULL, export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "usage.export", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
confab_usage_window_init (ConfabUsageWindow *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) month_ago = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->tz = g_time_zone_new_local ();

  build_totals (self);
  setup_table (self, TABLE_DAYS, self->days_view);
  setup_table (self, TABLE_MODELS, self->models_view);
  setup_table (self, TABLE_CONVERSATIONS, self->conversations_view);

  /* A custom range starts as the last 30 days. */
  now = g_date_time_new_now (self->tz);
  month_ago = g_date_time_add_days (now, -29);
  gtk_calendar_select_day (self->from_calendar, month_ago);
  gtk_calendar_select_day (self->to_calendar, now);
  update_range_labels (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "usage.export", FALSE);

  g_signal_connect_object (self->conversations_view, "activate",
                           G_CALLBACK (conversation_activated_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->switcher_title, "notify::title-visible",
                           G_CALLBACK (update_switcher),
                           self, G_CONNECT_SWAPPED);
}

/**
 * confab_usage_window_new:
 *
 * Makes the usage window of @application's history, showing the last 30
 * days.
 */
ConfabUsageWindow *
confab_usage_window_new (ConfabApplication *application)
{
  ConfabUsageWindow *self;
  ConfabStore *store;

  g_return_val_if_fail (CONFAB_IS_APPLICATION (application), NULL);

  self = g_object_new (CONFAB_TYPE_USAGE_WINDOW,
                       "application", application,
                       NULL);
  self->application = g_object_ref (application);
  if ((store = confab_application_get_store (application)))
    self->store = g_object_ref (store);

  /* New prices give new costs: ask again. */
  g_signal_connect_object (application, "notify::pricing",
                           G_CALLBACK (confab_usage_window_query),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->period_dropdown, "notify::selected",
                           G_CALLBACK (period_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->from_calendar, "day-selected",
                           G_CALLBACK (day_selected_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->to_calendar, "day-selected",
                           G_CALLBACK (day_selected_cb),
                           self, G_CONNECT_SWAPPED);

  confab_usage_window_query (self);

  return self;
}

void
confab_usage_window_set_period (ConfabUsageWindow *self,
                                ConfabUsagePeriod  period)
{
  g_return_if_fail (CONFAB_IS_USAGE_WINDOW (self));
  g_return_if_fail (period <= CONFAB_USAGE_PERIOD_CUSTOM);

  gtk_drop_down_set_selected (self->period_dropdown, period);
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

  g_signal_handlers_block_by_func (self->from_calendar, day_selected_cb, self);
  g_signal_handlers_block_by_func (self->to_calendar, day_selected_cb, self);
  gtk_calendar_select_day (self->from_calendar, first_day);
  gtk_calendar_select_day (self->to_calendar, last_day);
  g_signal_handlers_unblock_by_func (self->from_calendar, day_selected_cb, self);
  g_signal_handlers_unblock_by_func (self->to_calendar, day_selected_cb, self);
  update_range_labels (self);

  if (gtk_drop_down_get_selected (self->period_dropdown) != CONFAB_USAGE_PERIOD_CUSTOM)
    gtk_drop_down_set_selected (self->period_dropdown, CONFAB_USAGE_PERIOD_CUSTOM);
  else
    confab_usage_window_query (self);

  return !gtk_widget_get_visible (GTK_WIDGET (self->range_error_label));
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
