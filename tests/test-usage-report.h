/* test-usage-report.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-usage-report share: a history on a real SQLite
 * file, the data set it is seeded with, and the checks of a report.
 */

#pragma once

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "confab-usage-report.h"

G_BEGIN_DECLS

#define NONE CONFAB_USAGE_MISSING
#define EPSILON 1e-12

typedef struct
{
  char        *dir;
  char        *path;
  ConfabStore *store;
} Fixture;

/* The main data set, in Seoul (UTC+9, no DST). */
typedef struct
{
  GTimeZone     *tz;
  ConfabPricing *pricing;
  gint64         a, b, c, d, e;
} Seeded;

/* A time in Seoul in November 2026, for a test with a Seeded *seeded. */
#define SEOUL(day, hour, minute) local_usec (seeded->tz, 2026, 11, (day), (hour), (minute))

/* What a query on a worker gave. */
typedef struct
{
  ConfabUsageReport *report;
  GError            *error;
  gboolean           done;
} AsyncResult;

GTimeZone         *zone                      (const char        *identifier);
gint64             local_usec                (GTimeZone         *tz,
                                              int                year,
                                              int                month,
                                              int                day,
                                              int                hour,
                                              int                minute);
gint64             create_conversation       (ConfabStore       *store,
                                              const char        *title);
void               add_prompt                (ConfabStore       *store,
                                              gint64             conversation_id,
                                              gint64             created);
void               add_answer                (ConfabStore       *store,
                                              gint64             conversation_id,
                                              gint64             created,
                                              const char        *model,
                                              const char        *state,
                                              gint64             prompt,
                                              gint64             cached,
                                              gint64             completion,
                                              gint64             reasoning,
                                              gint64             total);
void               seed                      (Fixture           *fixture,
                                              Seeded            *seeded);
void               seeded_clear              (Seeded            *seeded);
ConfabUsageReport *query                     (ConfabStore       *store,
                                              gint64             from,
                                              gint64             to,
                                              GTimeZone         *tz,
                                              ConfabPricing     *pricing);
ConfabUsageTotals *nth                       (GListModel        *list,
                                              guint              position);
void               assert_totals             (ConfabUsageTotals *totals,
                                              guint              n_requests,
                                              guint              n_unreported,
                                              gint64             prompt,
                                              gint64             cached,
                                              gint64             completion,
                                              gint64             reasoning,
                                              gint64             total);
void               assert_cost               (ConfabUsageTotals *totals,
                                              double             cost,
                                              guint              n_costed);
void               assert_day                (ConfabUsageTotals *totals,
                                              GTimeZone         *tz,
                                              const char        *label);
void               test_totals               (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_by_day               (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_by_model             (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_by_conversation      (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_bounds               (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_empty_history        (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_dst                  (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_dst_zones            (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_async                (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_async_cancel_running (Fixture           *fixture,
                                              gconstpointer      user_data);
GPtrArray         *parse_csv                 (const char        *text,
                                              gsize              length);
GBytes            *write_csv                 (ConfabStore       *store,
                                              gint64             from,
                                              gint64             to,
                                              GTimeZone         *tz,
                                              ConfabPricing     *pricing);
const char        *cell                      (GPtrArray         *records,
                                              guint              row,
                                              guint              column);
void               test_csv                  (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_csv_times            (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_csv_escaping         (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_csv_async            (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_migrate_from_1       (Fixture           *fixture,
                                              gconstpointer      user_data);
void               test_archive              (Fixture           *fixture,
                                              gconstpointer      user_data);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seeded, seeded_clear)

G_END_DECLS
