/* confab-store-usage.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-pricing-private.h"
#include "confab-usage-report-private.h"
#include "confab-util.h"

/* The usage review's reads: the requests of a period, oldest first,
 * summed into a ConfabUsageReport or written out as CSV.  Like the
 * reads of confab-store-read.c they take the connection to use, so that
 * they run alike on the main thread and on a worker with the reader
 * connection.
 *
 * One statement reads every request of the period from the index
 * messages_usage (schema version 2), which holds all it reads, in the
 * order of that index; everything else (days in the caller's zone,
 * models, conversations, costs) is done in C as the rows come, which is
 * cheaper than asking SQLite to group the same rows three times.  The
 * index is partial: the statement must say role = 'assistant' as the
 * index does for SQLite to use it.
 */

/* How often a long read looks at its cancellable, in rows. */
#define CANCEL_CHECK_ROWS 256

/* GDate's numbers of 1 January 1970 and 31 December 9999. */
#define JULIAN_1970 719163
#define JULIAN_9999 3652059

/* How much CSV is gathered before it is written. */
#define CSV_CHUNK_SIZE (64 * 1024)

/* The answers there are, and the requests of the usage archive (schema
 * version 3): answers that were asked for again or deleted.  Those of a
 * chat that is gone count as conversation 0, with no title.  The last
 * two columns only keep the order the same from one read to the next.
 */
#define USAGE_SQL \
  "SELECT m.created, m.conversation_id, c.title, m.model, m.state, " CONFAB_STORE_USAGE_COLUMNS ", 0, m.id" \
  "  FROM messages AS m CROSS JOIN conversations AS c ON c.id = m.conversation_id" \
  "  WHERE m.created >= ?1 AND m.created < ?2 AND m.role = 'assistant'" \
  "    AND m.state NOT IN ('pending', 'streaming') AND c.trashed = 0" \
  " UNION ALL " \
  "SELECT a.created, IFNULL (c.id, 0), c.title, a.model, a.state, " CONFAB_STORE_USAGE_COLUMNS ", 1, a.id" \
  "  FROM usage_archive AS a LEFT JOIN conversations AS c ON c.id = a.conversation_id" \
  "  WHERE a.created >= ?1 AND a.created < ?2 AND IFNULL (c.trashed, 0) = 0" \
  "  ORDER BY 1, 16, 17"

enum {
  COLUMN_CREATED,
  COLUMN_CONVERSATION_ID,
  COLUMN_TITLE,
  COLUMN_MODEL,
  COLUMN_STATE,
  COLUMN_FIRST_COUNT,
};

/* Called for each request; returns %FALSE with @error set to stop. */
typedef gboolean (*RequestFunc) (sqlite3_stmt  *stmt,
                                 const gint64  *counts,
                                 gpointer       user_data,
                                 GError       **error);

typedef struct
{
  gint64         from;
  gint64         to;
  GTimeZone     *tz;
  ConfabPricing *pricing;
  GOutputStream *stream;
} UsageData;

static void
usage_data_free (UsageData *data)
{
  g_clear_pointer (&data->tz, g_time_zone_unref);
  g_clear_object (&data->pricing);
  g_clear_object (&data->stream);
  g_free (data);
}

static const char *
column_text (sqlite3_stmt *stmt,
             int           column)
{
  return (const char *) sqlite3_column_text (stmt, column);
}

static gboolean
for_each_request (sqlite3       *db,
                  const char    *path,
                  gint64         from,
                  gint64         to,
                  GCancellable  *cancellable,
                  RequestFunc    func,
                  gpointer       user_data,
                  GError       **error)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;
  guint n_rows = 0;
  int rc;

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;

  rc = sqlite3_prepare_v2 (db, USAGE_SQL, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _confab_store_set_error (error, db, rc, path);
      goto out;
    }

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 counts[CONFAB_USAGE_N_FIELDS];

      if (++n_rows % CANCEL_CHECK_ROWS == 0 &&
          g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;

      for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
        {
          int column = COLUMN_FIRST_COUNT + i;

          if (sqlite3_column_type (stmt, column) == SQLITE_NULL)
            counts[i] = CONFAB_USAGE_MISSING;
          else
            counts[i] = MAX (sqlite3_column_int64 (stmt, column), CONFAB_USAGE_MISSING);
        }

      if (!func (stmt, counts, user_data, error))
        goto out;
    }

  if (rc != SQLITE_DONE)
    {
      _confab_store_set_error (error, db, rc, path);
      goto out;
    }

  ok = TRUE;

out:
  sqlite3_finalize (stmt);

  return ok;
}

static gboolean
add_to_report (sqlite3_stmt  *stmt,
               const gint64  *counts,
               gpointer       user_data,
               GError       **error)
{
  _confab_usage_report_add (user_data,
                            sqlite3_column_int64 (stmt, COLUMN_CREATED),
                            sqlite3_column_int64 (stmt, COLUMN_CONVERSATION_ID),
                            column_text (stmt, COLUMN_TITLE),
                            column_text (stmt, COLUMN_MODEL),
                            counts);

  return TRUE;
}

static ConfabUsageReport *
read_usage (sqlite3        *db,
            const char     *path,
            gint64          from,
            gint64          to,
            GTimeZone      *tz,
            ConfabPricing  *pricing,
            GCancellable   *cancellable,
            GError        **error)
{
  g_autoptr(ConfabUsageReport) report = _confab_usage_report_new (from, to, tz, pricing);

  if (!for_each_request (db, path, from, to, cancellable, add_to_report, report, error))
    return NULL;

  _confab_usage_report_seal (report);

  return g_steal_pointer (&report);
}

typedef struct
{
  GOutputStream *stream;
  GCancellable  *cancellable;
  GTimeZone     *tz;
  ConfabPricing *pricing;
  GString       *buffer;
} CsvWriter;

static gboolean
flush_csv (CsvWriter  *writer,
           GError    **error)
{
  gboolean ok;

  if (writer->buffer->len == 0)
    return TRUE;

  ok = g_output_stream_write_all (writer->stream, writer->buffer->str, writer->buffer->len,
                                  NULL, writer->cancellable, error);
  g_string_truncate (writer->buffer, 0);

  return ok;
}

/* A text cell: quoted when it holds a comma, a quote or a line break,
 * and with a ' before what a spreadsheet would take for a formula.
 */
static void
append_text_cell (GString    *out,
                  const char *text)
{
  g_autofree char *copy = NULL;
  gboolean quote;

  if (text == NULL || *text == '\0')
    return;

  text = confab_utf8_make_valid (text, -1, &copy);

  quote = strpbrk (text, ",\"\r\n") != NULL;
  if (quote)
    g_string_append_c (out, '"');

  if (strchr ("=+-@\t\r", *text) != NULL)
    g_string_append_c (out, '\'');

  if (!quote)
    {
      g_string_append (out, text);
      return;
    }

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }

  g_string_append_c (out, '"');
}

/* A cost with '.' as decimal point whatever the locale, to ten
 * decimals without the trailing zeros.
 */
static void
append_cost_cell (GString *out,
                  double   cost)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  gsize length;

  g_ascii_formatd (buffer, sizeof buffer, "%.10f", cost);
  length = strlen (buffer);
  while (length > 0 && buffer[length - 1] == '0')
    length--;
  if (length > 0 && buffer[length - 1] == '.')
    length--;

  g_string_append_len (out, buffer, length);
}

/* The time in @tz to the second, as 2026-11-25T23:30:00+09:00.  This is
 * the CSV's costliest cell, so the common case does without a GDateTime:
 * the zone's offset at that instant, and the date from the day number.
 */
static void
append_time_cell (GString   *out,
                  gint64     usec,
                  GTimeZone *tz)
{
  gint64 seconds = usec / G_USEC_PER_SEC - (usec % G_USEC_PER_SEC < 0);
  gint32 offset = g_time_zone_get_offset (tz, g_time_zone_find_interval (tz, G_TIME_TYPE_UNIVERSAL, seconds));
  gint64 local = seconds + offset;
  gint64 days = local / (24 * 3600) - (local % (24 * 3600) < 0);
  gint64 second_of_day = local - days * 24 * 3600;
  gint32 offset_minutes = ABS (offset) / 60;
  GDate date;

  g_date_clear (&date, 1);
  if (offset % 60 == 0 && days + JULIAN_1970 >= 1 && days + JULIAN_1970 <= JULIAN_9999)
    {
      g_date_set_julian (&date, (guint32) (days + JULIAN_1970));
      g_string_append_printf (out, "%04u-%02u-%02uT%02d:%02d:%02d%c%02d:%02d",
                              g_date_get_year (&date), g_date_get_month (&date), g_date_get_day (&date),
                              (int) (second_of_day / 3600), (int) (second_of_day / 60 % 60), (int) (second_of_day % 60),
                              offset < 0 ? '-' : '+', offset_minutes / 60, offset_minutes % 60);
    }
  else
    {
      /* Offsets to the second, of local mean times before 1900. */
      g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (seconds);
      g_autoptr(GDateTime) in_zone = utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
      g_autofree char *text = in_zone != NULL ? g_date_time_format (in_zone, "%Y-%m-%dT%H:%M:%S%:z") : NULL;

      if (text != NULL)
        g_string_append (out, text);
    }
}

static gboolean
write_csv_row (sqlite3_stmt  *stmt,
               const gint64  *counts,
               gpointer       user_data,
               GError       **error)
{
  CsvWriter *writer = user_data;
  GString *out = writer->buffer;
  const char *model = column_text (stmt, COLUMN_MODEL);
  double cost;

  append_time_cell (out, sqlite3_column_int64 (stmt, COLUMN_CREATED), writer->tz);
  /* A chat that is gone has neither id nor title. */
  if (sqlite3_column_int64 (stmt, COLUMN_CONVERSATION_ID) > 0)
    g_string_append_printf (out, ",%" G_GINT64_FORMAT ",", (gint64) sqlite3_column_int64 (stmt, COLUMN_CONVERSATION_ID));
  else
    g_string_append (out, ",,");
  append_text_cell (out, column_text (stmt, COLUMN_TITLE));
  g_string_append_c (out, ',');
  append_text_cell (out, model);
  g_string_append_c (out, ',');
  append_text_cell (out, column_text (stmt, COLUMN_STATE));

  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    {
      g_string_append_c (out, ',');
      if (counts[i] >= 0)
        g_string_append_printf (out, "%" G_GINT64_FORMAT, counts[i]);
    }

  g_string_append_c (out, ',');
  if (_confab_price_compute_cost (_confab_pricing_peek (writer->pricing, model),
                                  counts[CONFAB_USAGE_FIELD_PROMPT],
                                  counts[CONFAB_USAGE_FIELD_CACHED],
                                  counts[CONFAB_USAGE_FIELD_COMPLETION],
                                  &cost))
    append_cost_cell (out, cost);

  g_string_append (out, "\r\n");

  if (out->len >= CSV_CHUNK_SIZE)
    return flush_csv (writer, error);

  return TRUE;
}

static gboolean
write_csv (sqlite3        *db,
           const char     *path,
           gint64          from,
           gint64          to,
           GTimeZone      *tz,
           ConfabPricing  *pricing,
           GOutputStream  *stream,
           GCancellable   *cancellable,
           GError        **error)
{
  g_autoptr(GString) buffer = g_string_sized_new (CSV_CHUNK_SIZE + 1024);
  CsvWriter writer = { stream, cancellable, tz, pricing, buffer };

  g_string_append (buffer, "time,conversation_id,conversation_title,model,state");
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    {
      g_string_append_c (buffer, ',');
      g_string_append (buffer, confab_usage_field_get_json_path (i));
    }
  g_string_append (buffer, ",cost_usd\r\n");

  return for_each_request (db, path, from, to, cancellable, write_csv_row, &writer, error) &&
         flush_csv (&writer, error);
}

static gboolean
query_usage_read (ConfabStore   *self,
                  sqlite3       *reader,
                  gpointer       data,
                  gpointer      *result,
                  GCancellable  *cancellable,
                  GError       **error)
{
  UsageData *usage = data;

  *result = read_usage (reader, self->path, usage->from, usage->to, usage->tz,
                        usage->pricing, cancellable, error);

  return *result != NULL;
}

static gboolean
write_csv_read (ConfabStore   *self,
                sqlite3       *reader,
                gpointer       data,
                gpointer      *result,
                GCancellable  *cancellable,
                GError       **error)
{
  UsageData *usage = data;

  return write_csv (reader, self->path, usage->from, usage->to, usage->tz,
                    usage->pricing, usage->stream, cancellable, error);
}

static UsageData *
usage_data_new (gint64         from,
                gint64         to,
                GTimeZone     *tz,
                ConfabPricing *pricing)
{
  UsageData *data = g_new0 (UsageData, 1);

  data->from = from;
  data->to = to;
  data->tz = tz != NULL ? g_time_zone_ref (tz) : g_time_zone_new_local ();
  /* The worker reads its own copy while the original may change. */
  data->pricing = pricing != NULL ? _confab_pricing_copy (pricing) : NULL;

  return data;
}

/**
 * confab_store_query_usage:
 * @from: the period's start, in microseconds since the epoch
 * @to: the period's end, excluded
 * @tz: (nullable): the zone of the days; %NULL for the local zone
 * @pricing: (nullable): the prices, or %NULL for no costs
 * @error: a location for a #GError
 *
 * Sums the usage of the requests of [@from, @to).  This blocks for as
 * long as the period has requests (some tens of milliseconds for
 * 50,000): prefer confab_store_query_usage_async() in the UI.
 *
 * Returns: (transfer full): the report, or %NULL with @error set
 */
ConfabUsageReport *
confab_store_query_usage (ConfabStore    *self,
                          gint64          from,
                          gint64          to,
                          GTimeZone      *tz,
                          ConfabPricing  *pricing,
                          GError        **error)
{
  g_autoptr(GTimeZone) local = NULL;

  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);
  g_return_val_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  if (!_confab_store_check_open (self, error))
    return NULL;

  return read_usage (self->db, self->path, from, to, tz, pricing, NULL, error);
}

/**
 * confab_store_query_usage_async:
 *
 * Like confab_store_query_usage(), on a worker thread with the reader
 * connection; the report comes back on the thread that called it and
 * sees everything written before the call.  @pricing is copied: later
 * changes to it do not change this report.
 */
void
confab_store_query_usage_async (ConfabStore         *self,
                                gint64               from,
                                gint64               to,
                                GTimeZone           *tz,
                                ConfabPricing       *pricing,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (CONFAB_IS_STORE (self));
  g_return_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_store_query_usage_async);
  _confab_store_run_reader (self, task, query_usage_read,
                            usage_data_new (from, to, tz, pricing), (GDestroyNotify) usage_data_free);
}

/**
 * confab_store_query_usage_finish:
 *
 * Returns: (transfer full): what confab_store_query_usage() returns;
 *   G_IO_ERROR_CANCELLED when it was cancelled
 */
ConfabUsageReport *
confab_store_query_usage_finish (ConfabStore   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_store_query_usage_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confab_store_write_usage_csv:
 * @tz: (nullable): the zone of the times; %NULL for the local zone
 * @pricing: (nullable): the prices, or %NULL for no cost column values
 * @stream: where to write; it is not closed
 *
 * Writes the requests of [@from, @to) as CSV (see the header).  This
 * blocks while it reads and writes: prefer
 * confab_store_write_usage_csv_async() in the UI.
 *
 * Returns: %TRUE when all of it was written, or %FALSE with @error set
 */
gboolean
confab_store_write_usage_csv (ConfabStore    *self,
                              gint64          from,
                              gint64          to,
                              GTimeZone      *tz,
                              ConfabPricing  *pricing,
                              GOutputStream  *stream,
                              GCancellable   *cancellable,
                              GError        **error)
{
  g_autoptr(GTimeZone) local = NULL;

  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing), FALSE);
  g_return_val_if_fail (G_IS_OUTPUT_STREAM (stream), FALSE);
  g_return_val_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tz == NULL)
    tz = local = g_time_zone_new_local ();

  if (!_confab_store_check_open (self, error))
    return FALSE;

  return write_csv (self->db, self->path, from, to, tz, pricing, stream, cancellable, error);
}

/**
 * confab_store_write_usage_csv_async:
 *
 * Like confab_store_write_usage_csv(), on a worker thread with the
 * reader connection; @stream is written from that thread, so nothing
 * else may use it until the callback.  @pricing is copied.
 */
void
confab_store_write_usage_csv_async (ConfabStore         *self,
                                    gint64               from,
                                    gint64               to,
                                    GTimeZone           *tz,
                                    ConfabPricing       *pricing,
                                    GOutputStream       *stream,
                                    GCancellable        *cancellable,
                                    GAsyncReadyCallback  callback,
                                    gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  UsageData *data;

  g_return_if_fail (CONFAB_IS_STORE (self));
  g_return_if_fail (pricing == NULL || CONFAB_IS_PRICING (pricing));
  g_return_if_fail (G_IS_OUTPUT_STREAM (stream));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  data = usage_data_new (from, to, tz, pricing);
  data->stream = g_object_ref (stream);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_store_write_usage_csv_async);
  _confab_store_run_reader (self, task, write_csv_read, data, (GDestroyNotify) usage_data_free);
}

gboolean
confab_store_write_usage_csv_finish (ConfabStore   *self,
                                     GAsyncResult  *result,
                                     GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_STORE (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == confab_store_write_usage_csv_async, FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}
