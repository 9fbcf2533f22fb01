/* test-usage-report-csv.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The CSV export of the review, read back with an RFC 4180 parser.
 */

#include "config.h"

#include "test-usage-report.h"

/* RFC 4180: records end in CRLF, fields are separated by commas, and a
 * field in quotes may hold commas, CRLF, LF and doubled quotes.  Fails
 * the test on anything else (a bare CR or LF outside quotes, a quote
 * inside an unquoted field, a missing final CRLF).
 */
GPtrArray *
parse_csv (const char *text,
           gsize       length)
{
  GPtrArray *records = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  GPtrArray *record = g_ptr_array_new_with_free_func (g_free);
  GString *field = g_string_new (NULL);
  const char *p = text;
  const char *end = text + length;

  g_assert_true (length >= 2 && text[length - 2] == '\r' && text[length - 1] == '\n');

  while (p < end)
    {
      if (*p == '"')
        {
          p++;
          for (;;)
            {
              g_assert_true (p < end);
              if (*p == '"' && p + 1 < end && p[1] == '"')
                {
                  g_string_append_c (field, '"');
                  p += 2;
                }
              else if (*p == '"')
                {
                  p++;
                  break;
                }
              else
                {
                  g_string_append_c (field, *p++);
                }
            }
        }
      else
        {
          while (p < end && *p != ',' && *p != '\r')
            {
              g_assert_cmpint (*p, !=, '"');
              g_assert_cmpint (*p, !=, '\n');
              g_string_append_c (field, *p++);
            }
        }

      g_ptr_array_add (record, g_strndup (field->str, field->len));
      g_string_truncate (field, 0);

      g_assert_true (p < end);
      if (*p == ',')
        {
          p++;
        }
      else
        {
          g_assert_true (p + 1 < end && p[0] == '\r' && p[1] == '\n');
          p += 2;
          g_ptr_array_add (records, record);
          record = g_ptr_array_new_with_free_func (g_free);
        }
    }

  g_assert_cmpuint (record->len, ==, 0);
  g_ptr_array_unref (record);
  g_string_free (field, TRUE);

  return records;
}

GBytes *
write_csv (ConfabStore   *store,
           gint64         from,
           gint64         to,
           GTimeZone     *tz,
           ConfabPricing *pricing)
{
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GError) error = NULL;

  g_assert_true (confab_store_write_usage_csv (store, from, to, tz, pricing, stream, NULL, &error));
  g_assert_no_error (error);
  g_output_stream_close (stream, NULL, &error);
  g_assert_no_error (error);

  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
}

const char *
cell (GPtrArray *records,
      guint      row,
      guint      column)
{
  GPtrArray *record = g_ptr_array_index (records, row);

  g_assert_cmpuint (column, <, record->len);

  return g_ptr_array_index (record, column);
}

#define N_CSV_COLUMNS (5 + CONFAB_USAGE_N_FIELDS + 1)
#define COST_COLUMN   (5 + CONFAB_USAGE_N_FIELDS)

static void
assert_csv_row (GPtrArray  *records,
                guint       row,
                const char *time,
                gint64      conversation_id,
                const char *title,
                const char *model,
                const char *state,
                const char *counts,
                double      cost)
{
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, conversation_id);
  g_auto(GStrv) expected_counts = g_strsplit (counts, ",", -1);
  GPtrArray *record = g_ptr_array_index (records, row);

  g_assert_cmpuint (record->len, ==, N_CSV_COLUMNS);
  g_assert_cmpstr (cell (records, row, 0), ==, time);
  g_assert_cmpstr (cell (records, row, 1), ==, id);
  g_assert_cmpstr (cell (records, row, 2), ==, title);
  g_assert_cmpstr (cell (records, row, 3), ==, model);
  g_assert_cmpstr (cell (records, row, 4), ==, state);

  g_assert_cmpuint (g_strv_length (expected_counts), ==, CONFAB_USAGE_N_FIELDS);
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    g_assert_cmpstr (cell (records, row, 5 + i), ==, expected_counts[i]);

  if (cost < 0)
    {
      g_assert_cmpstr (cell (records, row, COST_COLUMN), ==, "");
    }
  else
    {
      const char *text = cell (records, row, COST_COLUMN);
      char *end = NULL;

      /* A plain decimal, '.' whatever the locale. */
      g_assert_null (strchr (text, ','));
      g_assert_null (strchr (text, 'e'));
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (text, &end), cost, EPSILON);
      g_assert_cmpint (*end, ==, '\0');
    }
}

void
test_csv (Fixture       *fixture,
          gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_auto(GStrv) header = NULL;
  const char *text;
  gsize length;

  seed (fixture, seeded);
  bytes = write_csv (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);
  text = g_bytes_get_data (bytes, &length);
  g_assert_true (g_utf8_validate (text, length, NULL));
  /* No byte-order mark; the header row first. */
  g_assert_true (g_str_has_prefix (text,
                                   "time,conversation_id,conversation_title,model,state,prompt_tokens,"
                                   "prompt_tokens_details.cached_tokens,prompt_tokens_details.text_tokens,"
                                   "prompt_tokens_details.audio_tokens,prompt_tokens_details.image_tokens,"
                                   "completion_tokens,completion_tokens_details.text_tokens,"
                                   "completion_tokens_details.audio_tokens,"
                                   "completion_tokens_details.reasoning_tokens,total_tokens,cost_usd\r\n"));
  /* The title is quoted, its quotes doubled, its line break kept; the
   * formula-like titles start with '.
   */
  g_assert_nonnull (strstr (text, ",\"Plans, \"\"quoted\"\"\nand more\",m1,"));
  g_assert_nonnull (strstr (text, ",'=SUM(A1),m2,"));
  g_assert_nonnull (strstr (text, ",\"'+Restored, again\",m1,"));

  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 1 + 7);

  header = g_strsplit ("time,conversation_id,conversation_title,model,state", ",", -1);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpstr (cell (records, 0, i), ==, header[i]);
  for (guint i = 0; i < CONFAB_USAGE_N_FIELDS; i++)
    g_assert_cmpstr (cell (records, 0, 5 + i), ==, confab_usage_field_get_json_path (i));
  g_assert_cmpstr (cell (records, 0, COST_COLUMN), ==, "cost_usd");

  /* Oldest first; counts in ConfabUsageField order: prompt, cached,
   * prompt text, audio, image, completion, text, audio, reasoning, total.
   */
  assert_csv_row (records, 1, "2026-11-20T09:01:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "complete", "100,20,,,,50,,,10,150", 670e-6);
  assert_csv_row (records, 2, "2026-11-20T11:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "failed", ",,,,,,,,,", -1);
  assert_csv_row (records, 3, "2026-11-20T15:00:00+09:00", seeded->d, "",
                  "", "complete", "7,,,,,3,,,,10", -1);
  assert_csv_row (records, 4, "2026-11-21T08:30:00+09:00", seeded->b, "'=SUM(A1)",
                  "m2", "complete", "1000,0,,,,2000,,,1500,3000", -1);
  assert_csv_row (records, 5, "2026-11-22T08:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m2", "cancelled", "30,,,,,5,,,,", -1);
  assert_csv_row (records, 6, "2026-11-22T10:00:00+09:00", seeded->a, "Plans, \"quoted\"\nand more",
                  "m1", "interrupted", "40,,,,,8,,,,48", 160e-6);
  assert_csv_row (records, 7, "2026-11-24T12:00:00+09:00", seeded->e, "'+Restored, again",
                  "m1", "complete", "10,10,,,,1,,,,11", 15e-6);
  g_assert_cmpstr (cell (records, 1, COST_COLUMN), ==, "0.00067");
  g_assert_cmpstr (cell (records, 7, COST_COLUMN), ==, "0.000015");

  /* A period, another zone, no prices: no cost anywhere. */
  {
    g_autoptr(GTimeZone) tz = zone ("America/New_York");
    g_autoptr(GBytes) period = write_csv (fixture->store, SEOUL (21, 8, 30), SEOUL (22, 10, 0), tz, NULL);
    g_autoptr(GPtrArray) period_records = NULL;

    text = g_bytes_get_data (period, &length);
    period_records = parse_csv (text, length);
    g_assert_cmpuint (period_records->len, ==, 1 + 2);
    assert_csv_row (period_records, 1, "2026-11-20T18:30:00-05:00", seeded->b, "'=SUM(A1)",
                    "m2", "complete", "1000,0,,,,2000,,,1500,3000", -1);
    assert_csv_row (period_records, 2, "2026-11-21T18:00:00-05:00", seeded->a, "Plans, \"quoted\"\nand more",
                    "m2", "cancelled", "30,,,,,5,,,,", -1);
  }

  /* No requests: the header only. */
  {
    g_autoptr(GBytes) none = write_csv (fixture->store, 0, 1, seeded->tz, NULL);
    g_autoptr(GPtrArray) none_records = NULL;

    text = g_bytes_get_data (none, &length);
    none_records = parse_csv (text, length);
    g_assert_cmpuint (none_records->len, ==, 1);
  }
}

/* Times keep the offset they had: summer time or not, and before 1970. */
void
test_csv_times (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(GTimeZone) tz = zone ("America/New_York");
  g_autoptr(GTimeZone) kolkata = zone ("Asia/Kolkata");
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  gint64 id = create_conversation (fixture->store, "Times");
  const char *text;
  gsize length;

  add_answer (fixture->store, id, local_usec (tz, 1969, 7, 20, 22, 56), "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 3, 8, 1, 59) + 59 * G_USEC_PER_SEC + 999999,
              "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 3, 8, 3, 0), "m", "complete", 1, NONE, 1, NONE, 2);
  add_answer (fixture->store, id, local_usec (tz, 2026, 12, 31, 23, 30), "m", "complete", 1, NONE, 1, NONE, 2);

  bytes = write_csv (fixture->store, 0 - G_MAXINT64, G_MAXINT64, tz, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 5);
  g_assert_cmpstr (cell (records, 1, 0), ==, "1969-07-20T22:56:00-04:00");
  g_assert_cmpstr (cell (records, 2, 0), ==, "2026-03-08T01:59:59-05:00");
  g_assert_cmpstr (cell (records, 3, 0), ==, "2026-03-08T03:00:00-04:00");
  g_assert_cmpstr (cell (records, 4, 0), ==, "2026-12-31T23:30:00-05:00");
  g_clear_pointer (&records, g_ptr_array_unref);
  g_clear_pointer (&bytes, g_bytes_unref);

  /* Half an hour off UTC. */
  bytes = write_csv (fixture->store, 0 - G_MAXINT64, G_MAXINT64, kolkata, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpstr (cell (records, 4, 0), ==, "2027-01-01T10:00:00+05:30");
}

static void
assert_escaped_title (Fixture    *fixture,
                      gint64      id,
                      const char *title,
                      const char *expected)
{
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GError) error = NULL;
  const char *text;
  gsize length;

  confab_store_rename_conversation (fixture->store, id, title, &error);
  g_assert_no_error (error);
  bytes = write_csv (fixture->store, 0, G_MAXINT64, utc, NULL);
  text = g_bytes_get_data (bytes, &length);
  records = parse_csv (text, length);
  g_assert_cmpuint (records->len, ==, 2);
  g_assert_cmpstr (cell (records, 1, 2), ==, expected);
}

void
test_csv_escaping (Fixture       *fixture,
                   gconstpointer  user_data)
{
  gint64 id = create_conversation (fixture->store, "x");

  add_answer (fixture->store, id, 1000 * G_USEC_PER_SEC, "m", "complete", 1, NONE, 1, NONE, 2);

  assert_escaped_title (fixture, id, "plain", "plain");
  assert_escaped_title (fixture, id, "-1 + 2", "'-1 + 2");
  assert_escaped_title (fixture, id, "@import", "'@import");
  assert_escaped_title (fixture, id, "+\"x\"", "'+\"x\"");
  assert_escaped_title (fixture, id, "a = b", "a = b");
  assert_escaped_title (fixture, id, "서울, \"얼룩말\"", "서울, \"얼룩말\"");
  assert_escaped_title (fixture, id, "one\r\ntwo", "one\r\ntwo");
  assert_escaped_title (fixture, id, "ends with \"", "ends with \"");
}

static void
csv_ready_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  AsyncResult *async = user_data;
  gboolean ok = confab_store_write_usage_csv_finish (CONFAB_STORE (object), result, &async->error);

  g_assert_true (ok == (async->error == NULL));
  async->done = TRUE;
}

void
test_csv_async (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_auto(Seeded) seeded_data = { 0 };
  Seeded *seeded = &seeded_data;
  g_autoptr(GOutputStream) stream = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) closed = g_memory_output_stream_new_resizable ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GBytes) expected = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  AsyncResult async = { 0 };

  seed (fixture, seeded);
  expected = write_csv (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing);

  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, seeded->pricing,
                                      stream, NULL, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (async.error);
  g_output_stream_close (stream, NULL, NULL);
  bytes = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (stream));
  g_assert_true (g_bytes_equal (bytes, expected));

  /* A stream that fails. */
  g_output_stream_close (closed, NULL, NULL);
  g_assert_false (confab_store_write_usage_csv (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                                closed, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&error);

  async.done = FALSE;
  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                      closed, NULL, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CLOSED);
  g_clear_error (&async.error);

  /* Cancelled. */
  g_cancellable_cancel (cancellable);
  g_assert_false (confab_store_write_usage_csv (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                                stream, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  async.done = FALSE;
  confab_store_write_usage_csv_async (fixture->store, 0, G_MAXINT64, seeded->tz, NULL,
                                      stream, cancellable, csv_ready_cb, &async);
  while (!async.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (async.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&async.error);
}
