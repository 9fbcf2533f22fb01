/* confab-usage-period-chooser.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-usage-period-chooser.h"
#include "confab-tooltip.h"

/* The period of the usage window: a menu of periods and, for a custom
 * range, a calendar for its first day and one for its last.  It says
 * when the range is not one, and emits ::changed whenever what it
 * chooses changes.
 */

struct _ConfabUsagePeriodChooser
{
  GtkWidget      parent_instance;

  /* Template widgets */
  GtkMenuButton *from_button;
  GtkCalendar   *from_calendar;
  GtkDropDown   *period_dropdown;
  GtkBox        *range_box;
  GtkLabel      *range_error_label;
  GtkMenuButton *to_button;
  GtkCalendar   *to_calendar;
};

G_DEFINE_FINAL_TYPE (ConfabUsagePeriodChooser, confab_usage_period_chooser, GTK_TYPE_WIDGET)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* Local midnight of the day @date is on, in @tz. */
static GDateTime *
dup_midnight (GTimeZone *tz,
              GDateTime *date)
{
  int year, month, day;

  g_date_time_get_ymd (date, &year, &month, &day);

  return g_date_time_new (tz, year, month, day, 0, 0, 0);
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

static gboolean
is_custom (ConfabUsagePeriodChooser *self)
{
  return gtk_drop_down_get_selected (self->period_dropdown) == CONFAB_USAGE_PERIOD_CUSTOM;
}

/* Whether the first day of the custom range is on or before its last. */
static gboolean
range_is_valid (ConfabUsagePeriodChooser *self)
{
  g_autoptr(GDateTime) first = gtk_calendar_get_date (self->from_calendar);
  g_autoptr(GDateTime) last = gtk_calendar_get_date (self->to_calendar);
  int first_year, first_month, first_day;
  int last_year, last_month, last_day;

  g_date_time_get_ymd (first, &first_year, &first_month, &first_day);
  g_date_time_get_ymd (last, &last_year, &last_month, &last_day);

  if (first_year != last_year)
    return first_year < last_year;
  if (first_month != last_month)
    return first_month < last_month;

  return first_day <= last_day;
}

/* Says that the range is not one, while a custom range is chosen. */
static void
update_error (ConfabUsagePeriodChooser *self)
{
  gboolean invalid = is_custom (self) && !range_is_valid (self);

  if (invalid)
    {
      gtk_label_set_text (self->range_error_label, _("The first day is after the last day."));
      gtk_widget_add_css_class (GTK_WIDGET (self->from_button), "error");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->from_button), "error");
    }

  gtk_widget_set_visible (GTK_WIDGET (self->range_error_label), invalid);
}

static void
update_range_labels (ConfabUsagePeriodChooser *self)
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
day_selected_cb (ConfabUsagePeriodChooser *self,
                 GtkCalendar              *calendar)
{
  update_range_labels (self);
  gtk_menu_button_popdown (calendar == self->from_calendar ? self->from_button : self->to_button);

  if (is_custom (self))
    {
      update_error (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }
}

static void
period_changed_cb (ConfabUsagePeriodChooser *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->range_box), is_custom (self));
  update_error (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
confab_usage_period_chooser_dispose (GObject *object)
{
  GtkWidget *child;
#if GTK_CHECK_VERSION (4, 8, 0)
  gtk_widget_dispose_template (GTK_WIDGET (object), CONFAB_TYPE_USAGE_PERIOD_CHOOSER);
#endif

  /* dispose_template() leaves the template's unnamed top widget. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))))
    gtk_widget_unparent (child);

  G_OBJECT_CLASS (confab_usage_period_chooser_parent_class)->dispose (object);
}

static void
confab_usage_period_chooser_class_init (ConfabUsagePeriodChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = confab_usage_period_chooser_dispose;

  /**
   * ConfabUsagePeriodChooser::changed:
   *
   * Emitted when another period is chosen, or another day of the
   * custom range while it is chosen.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0,
                  NULL, NULL,
                  NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class, APP_PATH "/confab-usage-period-chooser.ui");
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, from_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, from_calendar);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, period_dropdown);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, range_box);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, range_error_label);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, to_button);
  gtk_widget_class_bind_template_child (widget_class, ConfabUsagePeriodChooser, to_calendar);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, period_changed_cb);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* gtk_calendar_select_day() is deprecated since GTK 4.20. */
static void
calendar_set_day (GtkCalendar *calendar,
                  GDateTime   *day)
{
#if GTK_CHECK_VERSION (4, 20, 0)
  gtk_calendar_set_date (calendar, day);
#else
  gtk_calendar_select_day (calendar, day);
#endif
}

static void
confab_usage_period_chooser_init (ConfabUsagePeriodChooser *self)
{
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) month_ago = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  /* Tooltips that GTK 4.8 does not break in Korean. */
  confab_tooltip_attach (GTK_WIDGET (self));

  /* Screen readers read the drop-down's button, named after its type
   * unless told (GTK 4.8).
   */
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->period_dropdown));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_TOGGLE_BUTTON (child))
      gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Period"),
                                      -1);

  /* A custom range starts as the last 30 days. */
  now = g_date_time_new_now_local ();
  month_ago = g_date_time_add_days (now, -29);
  calendar_set_day (self->from_calendar, month_ago);
  calendar_set_day (self->to_calendar, now);
  update_range_labels (self);
}

GtkWidget *
confab_usage_period_chooser_new (void)
{
  return g_object_new (CONFAB_TYPE_USAGE_PERIOD_CHOOSER, NULL);
}

ConfabUsagePeriod
confab_usage_period_chooser_get_period (ConfabUsagePeriodChooser *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_PERIOD_CHOOSER (self), CONFAB_USAGE_PERIOD_ALL);

  return gtk_drop_down_get_selected (self->period_dropdown);
}

void
confab_usage_period_chooser_set_period (ConfabUsagePeriodChooser *self,
                                        ConfabUsagePeriod         period)
{
  g_return_if_fail (CONFAB_IS_USAGE_PERIOD_CHOOSER (self));
  g_return_if_fail (period <= CONFAB_USAGE_PERIOD_CUSTOM);

  gtk_drop_down_set_selected (self->period_dropdown, period);
}

/**
 * confab_usage_period_chooser_set_range:
 * @first_day: the first day of the range
 * @last_day: the last day, included
 *
 * Chooses the custom range from @first_day to @last_day, and emits
 * ::changed once.
 *
 * Returns: %FALSE when the range is empty (then the chooser says so)
 */
gboolean
confab_usage_period_chooser_set_range (ConfabUsagePeriodChooser *self,
                                       GDateTime                *first_day,
                                       GDateTime                *last_day)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_PERIOD_CHOOSER (self), FALSE);
  g_return_val_if_fail (first_day != NULL, FALSE);
  g_return_val_if_fail (last_day != NULL, FALSE);

  g_signal_handlers_block_by_func (self->from_calendar, day_selected_cb, self);
  g_signal_handlers_block_by_func (self->to_calendar, day_selected_cb, self);
  calendar_set_day (self->from_calendar, first_day);
  calendar_set_day (self->to_calendar, last_day);
  g_signal_handlers_unblock_by_func (self->from_calendar, day_selected_cb, self);
  g_signal_handlers_unblock_by_func (self->to_calendar, day_selected_cb, self);
  update_range_labels (self);

  if (!is_custom (self))
    {
      gtk_drop_down_set_selected (self->period_dropdown, CONFAB_USAGE_PERIOD_CUSTOM);
    }
  else
    {
      update_error (self);
      g_signal_emit (self, signals[CHANGED], 0);
    }

  return range_is_valid (self);
}

/**
 * confab_usage_period_chooser_get_bounds:
 * @tz: the time zone of the days
 * @from: (out): the start of the period, in microseconds since the epoch
 * @to: (out): its end, excluded; G_MAXINT64 for all time
 *
 * Works out the period chosen, [from, to), with days in @tz.
 *
 * Returns: %FALSE when the custom range is not one
 */
gboolean
confab_usage_period_chooser_get_bounds (ConfabUsagePeriodChooser *self,
                                        GTimeZone                *tz,
                                        gint64                   *from,
                                        gint64                   *to)
{
  ConfabUsagePeriod period;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) today = NULL;
  g_autoptr(GDateTime) tomorrow = NULL;
  g_autoptr(GDateTime) first = NULL;
  g_autoptr(GDateTime) last = NULL;
  g_autoptr(GDateTime) first_day = NULL;
  g_autoptr(GDateTime) last_day = NULL;
  g_autoptr(GDateTime) after_last_day = NULL;

  g_return_val_if_fail (CONFAB_IS_USAGE_PERIOD_CHOOSER (self), FALSE);
  g_return_val_if_fail (tz != NULL, FALSE);
  g_return_val_if_fail (from != NULL && to != NULL, FALSE);

  period = gtk_drop_down_get_selected (self->period_dropdown);
  now = g_date_time_new_now (tz);
  today = dup_midnight (tz, now);
  tomorrow = g_date_time_add_days (today, 1);

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
      if (!range_is_valid (self))
        return FALSE;

      first = gtk_calendar_get_date (self->from_calendar);
      last = gtk_calendar_get_date (self->to_calendar);
      first_day = dup_midnight (tz, first);
      last_day = dup_midnight (tz, last);
      after_last_day = g_date_time_add_days (last_day, 1);

      *from = to_usec (first_day);
      *to = to_usec (after_last_day);
      return TRUE;
    }
}
