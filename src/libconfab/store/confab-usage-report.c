/* confab-usage-report.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-pricing-private.h"
#include "confab-usage-report-private.h"

/* A report is made on the thread that reads the requests, in the order
 * of their times, and does not change once it is sealed.
 *
 * Days are found in C, not with SQLite's 'localtime' (which knows only
 * the process's zone): a request's day is its local date in the zone.
 * As the requests come in order, the [start, end) of the current day is
 * worked out once and each request inside it goes straight to it; only
 * a request past its end looks for its day again.  Where midnight is
 * skipped or repeated by a change of the clocks, the span is narrowed to
 * what is surely that day, which costs a few more look-ups and is never
 * wrong.
 */

/* The most days a period fills in, a hundred years. */
#define MAX_FILLED_DAYS 36525

typedef struct
{
  ConfabUsageTotals *totals;
  const ConfabPrice *price;
} ModelEntry;

typedef struct
{
  guint32            julian;
  ConfabUsageTotals *totals;
} DayEntry;

struct _ConfabUsageReport
{
  GObject            parent_instance;

  gint64             from;
  gint64             to;
  ConfabUsageTotals *total;
  GListStore        *by_day;
  GListStore        *by_model;
  GListStore        *by_conversation;

  /* While the report is made. */
  GTimeZone         *tz;
  ConfabPricing     *pricing;
  GArray            *days;
  gint64             day_start;
  gint64             day_end;
  ConfabUsageTotals *day;
  GHashTable        *models;
  ModelEntry        *last_model;
  GHashTable        *conversations;
  ConfabUsageTotals *last_conversation;
  gint64             last_conversation_id;
};

G_DEFINE_FINAL_TYPE (ConfabUsageReport, confab_usage_report, G_TYPE_OBJECT)

static void
model_entry_free (ModelEntry *entry)
{
  g_object_unref (entry->totals);
  g_free (entry);
}

static void
clear_day_entry (DayEntry *entry)
{
  g_clear_object (&entry->totals);
}

static gint64
floor_div (gint64 a,
           gint64 b)
{
  return a / b - (a % b != 0 && a < 0);
}

static GDateTime *
date_time_from_usec (gint64     usec,
                     GTimeZone *tz)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (floor_div (usec, G_USEC_PER_SEC));

  if (utc == NULL)
    return NULL;

  return g_date_time_to_timezone (utc, tz);
}

static gint64
usec_from_date_time (GDateTime *date_time)
{
  return g_date_time_to_unix (date_time) * G_USEC_PER_SEC;
}

/* Sets @date to the local date of @usec in @tz.  Returns %FALSE when
 * the time is outside what GDateTime knows (before year 1 or after 9999).
 */
static gboolean
local_date (GTimeZone *tz,
            gint64     usec,
            GDate     *date)
{
  g_autoptr(GDateTime) local = date_time_from_usec (usec, tz);
  int year, month, day;

  if (local == NULL)
    return FALSE;

  g_date_time_get_ymd (local, &year, &month, &day);
  g_date_clear (date, 1);
  g_date_set_dmy (date, day, month, year);

  return TRUE;
}

static GDateTime *
local_midnight (GTimeZone   *tz,
                const GDate *date)
{
  return g_date_time_new (tz, g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date), 0, 0, 0);
}

static gboolean
same_date (GTimeZone   *tz,
           gint64       usec,
           const GDate *date)
{
  GDate other;

  return local_date (tz, usec, &other) && g_date_compare (&other, date) == 0;
}

static ConfabUsageTotals *
new_day_totals (GTimeZone   *tz,
                const GDate *date,
                GDateTime   *midnight)
{
  g_autoptr(GDateTime) owned = NULL;
  char label[16];

  if (midnight == NULL)
    midnight = owned = local_midnight (tz, date);

  g_snprintf (label, sizeof label, "%04u-%02u-%02u",
              g_date_get_year (date), g_date_get_month (date), g_date_get_day (date));

  return _confab_usage_totals_new (label, midnight, 0, NULL);
}

/* Makes the day of @created current.  Returns %FALSE when the time has
 * no day GDateTime can tell.
 */
static gboolean
enter_day (ConfabUsageReport *self,
           gint64             created)
{
  g_autoptr(GDateTime) midnight = NULL;
  g_autoptr(GDateTime) next_midnight = NULL;
  DayEntry entry;
  GDate date;
  GDate next;

  if (!local_date (self->tz, created, &date))
    return FALSE;

  /* The day's span, narrowed to the request itself at an edge that is
   * not plainly that day's.
   */
  midnight = local_midnight (self->tz, &date);
  self->day_start = created;
  if (midnight != NULL && usec_from_date_time (midnight) <= created &&
      same_date (self->tz, usec_from_date_time (midnight), &date))
    self->day_start = usec_from_date_time (midnight);

  next = date;
  g_date_add_days (&next, 1);
  self->day_end = created + 1;
  if (g_date_valid (&next) && (next_midnight = local_midnight (self->tz, &next)) != NULL)
    {
      gint64 end = usec_from_date_time (next_midnight);

      if (end > created && same_date (self->tz, end - 1, &date))
        self->day_end = end;
    }

  /* A day already begun: the span was narrowed at one of its edges. */
  if (self->days->len > 0 &&
      g_array_index (self->days, DayEntry, self->days->len - 1).julian == g_date_get_julian (&date))
    {
      self->day = g_array_index (self->days, DayEntry, self->days->len - 1).totals;
      return TRUE;
    }

  entry.julian = g_date_get_julian (&date);
  entry.totals = new_day_totals (self->tz, &date, midnight);
  g_array_append_val (self->days, entry);
  self->day = entry.totals;

  return TRUE;
}

static ModelEntry *
find_model (ConfabUsageReport *self,
            const char        *model)
{
  ModelEntry *entry;

  if (model == NULL)
    model = "";

  if (self->last_model != NULL &&
      strcmp (confab_usage_totals_get_model (self->last_model->totals), model) == 0)
    return self->last_model;

  entry = g_hash_table_lookup (self->models, model);
  if (entry == NULL)
    {
      entry = g_new0 (ModelEntry, 1);
      entry->totals = _confab_usage_totals_new (model, NULL, 0, model);
      entry->price = _confab_pricing_peek (self->pricing, model);
      g_hash_table_insert (self->models,
                           (gpointer) confab_usage_totals_get_model (entry->totals),
                           entry);
    }

  self->last_model = entry;

  return entry;
}

static ConfabUsageTotals *
find_conversation (ConfabUsageReport *self,
                   gint64             conversation_id,
                   const char        *title)
{
  ConfabUsageTotals *totals;

  if (self->last_conversation != NULL && self->last_conversation_id == conversation_id)
    return self->last_conversation;

  totals = g_hash_table_lookup (self->conversations, &conversation_id);
  if (totals == NULL)
    {
      totals = _confab_usage_totals_new (title, NULL, conversation_id, NULL);
      g_hash_table_insert (self->conversations,
                           g_memdup2 (&conversation_id, sizeof conversation_id),
                           totals);
    }

  self->last_conversation = totals;
  self->last_conversation_id = conversation_id;

  return totals;
}

static int
compare_items (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  return _confab_usage_totals_compare (*(ConfabUsageTotals * const *) a,
                                       *(ConfabUsageTotals * const *) b,
                                       user_data);
}

/* Puts the values of @table into @store, sealed and in order. */
static void
fill_sorted (GListStore *store,
             GHashTable *table,
             gboolean    model_entries)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_full (g_hash_table_size (table), NULL);
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, table);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      ConfabUsageTotals *totals = model_entries ? ((ModelEntry *) value)->totals : value;

      _confab_usage_totals_seal (totals);
      g_ptr_array_add (items, totals);
    }

  g_ptr_array_sort_with_data (items, compare_items, NULL);
  g_list_store_splice (store, 0, 0, items->pdata, items->len);
}

/* The julian day of @usec, or 0 when it has none. */
static guint32
julian_of (GTimeZone *tz,
           gint64     usec)
{
  GDate date;

  if (!local_date (tz, usec, &date))
    return 0;

  return g_date_get_julian (&date);
}

static void
seal_days (ConfabUsageReport *self)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  guint32 first = 0;
  guint32 last = 0;
  guint next = 0;

  if (self->days->len > 0)
    {
      first = g_array_index (self->days, DayEntry, 0).julian;
      last = g_array_index (self->days, DayEntry, self->days->len - 1).julian;
    }

  /* A bounded period shows every one of its days; one that runs on to
   * now shows the days until today.
   */
  if (self->from > 0)
    {
      guint32 from_day = julian_of (self->tz, self->from);

      if (from_day != 0)
        {
          first = from_day;
          if (self->to == G_MAXINT64)
            last = MAX (last, julian_of (self->tz, g_get_real_time ()));
        }
    }
  if (self->to < G_MAXINT64 && self->to > self->from)
    {
      guint32 to_day = julian_of (self->tz, self->to - 1);

      if (to_day != 0)
        last = to_day;
    }

  /* A period of centuries is no calendar to show day by day: only the
   * days from the first request to the last, then.
   */
  if (first != 0 && last > first + MAX_FILLED_DAYS)
    {
      first = last = 0;
      if (self->days->len > 0)
        {
          first = g_array_index (self->days, DayEntry, 0).julian;
          last = g_array_index (self->days, DayEntry, self->days->len - 1).julian;
        }
    }

  if (first == 0 || last == 0 || last < first)
    return;

  for (guint32 julian = first; julian <= last; julian++)
    {
      DayEntry *entry = next < self->days->len ? &g_array_index (self->days, DayEntry, next) : NULL;

      /* Days of requests outside the bounds would be a bug upstream. */
      while (entry != NULL && entry->julian < julian)
        entry = ++next < self->days->len ? &g_array_index (self->days, DayEntry, next) : NULL;

      if (entry != NULL && entry->julian == julian)
        {
          g_ptr_array_add (items, g_object_ref (entry->totals));
          next++;
        }
      else
        {
          GDate date;

          g_date_clear (&date, 1);
          g_date_set_julian (&date, julian);
          g_ptr_array_add (items, new_day_totals (self->tz, &date, NULL));
        }

      _confab_usage_totals_seal (g_ptr_array_index (items, items->len - 1));
    }

  g_list_store_splice (self->by_day, 0, 0, items->pdata, items->len);
}

static void
confab_usage_report_dispose (GObject *object)
{
  ConfabUsageReport *self = (ConfabUsageReport *)object;

  g_clear_object (&self->total);
  g_clear_object (&self->by_day);
  g_clear_object (&self->by_model);
  g_clear_object (&self->by_conversation);
  g_clear_object (&self->pricing);
  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);
  g_clear_pointer (&self->conversations, g_hash_table_unref);

  G_OBJECT_CLASS (confab_usage_report_parent_class)->dispose (object);
}

static void
confab_usage_report_finalize (GObject *object)
{
  ConfabUsageReport *self = (ConfabUsageReport *)object;

  g_clear_pointer (&self->tz, g_time_zone_unref);

  G_OBJECT_CLASS (confab_usage_report_parent_class)->finalize (object);
}

static void
confab_usage_report_class_init (ConfabUsageReportClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_usage_report_dispose;
  object_class->finalize = confab_usage_report_finalize;
}

static void
confab_usage_report_init (ConfabUsageReport *self)
{
  self->by_day = g_list_store_new (CONFAB_TYPE_USAGE_TOTALS);
  self->by_model = g_list_store_new (CONFAB_TYPE_USAGE_TOTALS);
  self->by_conversation = g_list_store_new (CONFAB_TYPE_USAGE_TOTALS);
}

/* @pricing is kept and must not change while the report is made. */
ConfabUsageReport *
_confab_usage_report_new (gint64         from,
                          gint64         to,
                          GTimeZone     *tz,
                          ConfabPricing *pricing)
{
  ConfabUsageReport *self = g_object_new (CONFAB_TYPE_USAGE_REPORT, NULL);

  self->from = from;
  self->to = to;
  self->tz = g_time_zone_ref (tz);
  self->pricing = pricing != NULL ? g_object_ref (pricing) : NULL;
  self->total = _confab_usage_totals_new ("", NULL, 0, NULL);
  self->days = g_array_new (FALSE, FALSE, sizeof (DayEntry));
  g_array_set_clear_func (self->days, (GDestroyNotify) clear_day_entry);
  self->models = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, (GDestroyNotify) model_entry_free);
  self->conversations = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_object_unref);
  self->day_start = G_MAXINT64;
  self->day_end = G_MININT64;

  return self;
}

void
_confab_usage_report_add (ConfabUsageReport *self,
                          gint64             created,
                          gint64             conversation_id,
                          const char        *title,
                          const char        *model,
                          const gint64      *counts)
{
  ModelEntry *entry = find_model (self, model);
  ConfabUsageTotals *conversation = find_conversation (self, conversation_id, title);
  gboolean reported = FALSE;
  gboolean costed;
  double cost = 0;

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS && !reported; i++)
    reported = counts[i] >= 0;

  costed = _confab_price_compute_cost (entry->price,
                                       counts[CONFAB_USAGE_FIELD_PROMPT],
                                       counts[CONFAB_USAGE_FIELD_CACHED],
                                       counts[CONFAB_USAGE_FIELD_COMPLETION],
                                       &cost);

  _confab_usage_totals_add (self->total, counts, reported, costed, cost);
  _confab_usage_totals_add (entry->totals, counts, reported, costed, cost);
  _confab_usage_totals_add (conversation, counts, reported, costed, cost);

  /* A time that no calendar of GDateTime's holds is in no day. */
  if ((created >= self->day_start && created < self->day_end) ||
      enter_day (self, created))
    _confab_usage_totals_add (self->day, counts, reported, costed, cost);
}

void
_confab_usage_report_seal (ConfabUsageReport *self)
{
  _confab_usage_totals_seal (self->total);
  seal_days (self);
  fill_sorted (self->by_model, self->models, TRUE);
  fill_sorted (self->by_conversation, self->conversations, FALSE);

  g_clear_pointer (&self->days, g_array_unref);
  g_clear_pointer (&self->models, g_hash_table_unref);
  g_clear_pointer (&self->conversations, g_hash_table_unref);
  g_clear_object (&self->pricing);
  self->day = NULL;
  self->last_model = NULL;
  self->last_conversation = NULL;
}

gint64
confab_usage_report_get_from (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), 0);

  return self->from;
}

gint64
confab_usage_report_get_to (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), 0);

  return self->to;
}

/**
 * confab_usage_report_get_total:
 *
 * Returns: (transfer none): the period's totals
 */
ConfabUsageTotals *
confab_usage_report_get_total (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), NULL);

  return self->total;
}

/**
 * confab_usage_report_get_by_day:
 *
 * Returns: (transfer none): a #GListModel of #ConfabUsageTotals
 */
GListModel *
confab_usage_report_get_by_day (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), NULL);

  return G_LIST_MODEL (self->by_day);
}

/**
 * confab_usage_report_get_by_model:
 *
 * Returns: (transfer none): a #GListModel of #ConfabUsageTotals
 */
GListModel *
confab_usage_report_get_by_model (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), NULL);

  return G_LIST_MODEL (self->by_model);
}

/**
 * confab_usage_report_get_by_conversation:
 *
 * Returns: (transfer none): a #GListModel of #ConfabUsageTotals
 */
GListModel *
confab_usage_report_get_by_conversation (ConfabUsageReport *self)
{
  g_return_val_if_fail (CONFAB_IS_USAGE_REPORT (self), NULL);

  return G_LIST_MODEL (self->by_conversation);
}
