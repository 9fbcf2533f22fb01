/* confab-usage-report.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-pricing.h"
#include "confab-store.h"
#include "confab-usage.h"

G_BEGIN_DECLS

/* The usage review: what the requests of a period used, summed, and by
 * day, by model and by conversation.
 *
 * A request is one stored assistant message that is not still pending
 * or streaming, of a conversation that is not in the trash.  Its time is
 * the message's `created`.  A request with no usage column set counts in
 * n-unreported and adds nothing to the sums; it is never counted as zero.
 * Days are calendar days in the time zone the query is given (so a
 * request at 23:30 local time is on that local day, DST included).
 */

/* ConfabUsageTotals: one row of a table (or the period's total). */
#define CONFAB_TYPE_USAGE_TOTALS (confab_usage_totals_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageTotals, confab_usage_totals, CONFAB, USAGE_TOTALS, GObject)

/* Properties (read-only, for GtkColumnView sorters/expressions):
 *   "label"            string: the day ("2026-11-25" ISO, for sorting),
 *                      the model ("" = the answer's model was not
 *                      recorded), or the conversation's title ("" =
 *                      untitled); "" for the period's total
 *   "day"              GDateTime (boxed), local midnight; NULL unless by day
 *   "conversation-id"  int64; 0 unless by conversation
 *   "model"            string; NULL unless by model ("" = not recorded)
 *   "n-requests"       uint
 *   "n-unreported"     uint: requests without any usage reported
 *   "input", "cached", "output", "reasoning", "total"   int64 sums over
 *                      the requests that reported the field (prompt,
 *                      cached, completion, reasoning, total tokens);
 *                      -1 (CONFAB_USAGE_MISSING) when none did
 *   "usage"            ConfabUsage: every field summed (fields that no
 *                      request reported are missing, -1)
 *   "cost"             double: US dollars of the requests whose cost is
 *                      known; 0 when none
 *   "n-costed"         uint: how many requests have a known cost
 */
const char  *confab_usage_totals_get_label           (ConfabUsageTotals *self);
GDateTime   *confab_usage_totals_get_day             (ConfabUsageTotals *self);
gint64       confab_usage_totals_get_conversation_id (ConfabUsageTotals *self);
const char  *confab_usage_totals_get_model           (ConfabUsageTotals *self);
guint        confab_usage_totals_get_n_requests      (ConfabUsageTotals *self);
guint        confab_usage_totals_get_n_unreported    (ConfabUsageTotals *self);
ConfabUsage *confab_usage_totals_get_usage           (ConfabUsageTotals *self);
gint64       confab_usage_totals_get_field           (ConfabUsageTotals *self,
                                                      ConfabUsageField   field);
double       confab_usage_totals_get_cost            (ConfabUsageTotals *self);
guint        confab_usage_totals_get_n_costed        (ConfabUsageTotals *self);

/* ConfabUsageReport: the answer to one query. */
#define CONFAB_TYPE_USAGE_REPORT (confab_usage_report_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageReport, confab_usage_report, CONFAB, USAGE_REPORT, GObject)

/* The period is [from, to) in microseconds since the epoch (UTC), as the
 * store's times; from = 0 and to = G_MAXINT64 is all time.
 */
gint64             confab_usage_report_get_from            (ConfabUsageReport *self);
gint64             confab_usage_report_get_to              (ConfabUsageReport *self);
ConfabUsageTotals *confab_usage_report_get_total           (ConfabUsageReport *self);
/* Lists of ConfabUsageTotals: days oldest first, including days of the
 * period without requests (when the period is bounded; for all time,
 * from the first request's day to the last's; from a bounded start with
 * to = G_MAXINT64, until today or the last request's day, whichever is
 * later; a period of more than a hundred years shows only the days from
 * the first request's to the last's); models and conversations by total
 * tokens, most first (then most requests, then by label).
 */
GListModel        *confab_usage_report_get_by_day          (ConfabUsageReport *self);
GListModel        *confab_usage_report_get_by_model        (ConfabUsageReport *self);
GListModel        *confab_usage_report_get_by_conversation (ConfabUsageReport *self);

/* Runs on a worker with the store's reader connection.  pricing may be
 * NULL (no costs); the _async functions copy it.  tz is the time zone
 * of the days (NULL: the local zone).  Cancelled: G_IO_ERROR_CANCELLED.
 * The synchronous variants run on the store's main connection and
 * block: for tests and tools.
 */
void               confab_store_query_usage_async          (ConfabStore         *store,
                                                            gint64               from,
                                                            gint64               to,
                                                            GTimeZone           *tz,
                                                            ConfabPricing       *pricing,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
ConfabUsageReport *confab_store_query_usage_finish         (ConfabStore         *store,
                                                            GAsyncResult        *result,
                                                            GError             **error);
ConfabUsageReport *confab_store_query_usage                (ConfabStore         *store,
                                                            gint64               from,
                                                            gint64               to,
                                                            GTimeZone           *tz,
                                                            ConfabPricing       *pricing,
                                                            GError             **error);

/* CSV (RFC 4180, UTF-8, CRLF, header row), one row per request of the
 * period, oldest first: time (ISO 8601 with the zone's offset),
 * conversation id, conversation title, model, state, then every usage
 * field in ConfabUsageField order under its JSON path name (empty when
 * not reported), then cost in US dollars (empty when unknown).  Cells
 * that start with = + - @ are prefixed with ' (spreadsheet injection).
 * The header row's names are: time, conversation_id,
 * conversation_title, model, state, the JSON paths, cost_usd.  The
 * stream is not closed.
 */
gboolean           confab_store_write_usage_csv            (ConfabStore         *store,
                                                            gint64               from,
                                                            gint64               to,
                                                            GTimeZone           *tz,
                                                            ConfabPricing       *pricing,
                                                            GOutputStream       *stream,
                                                            GCancellable        *cancellable,
                                                            GError             **error);

/* The same on a worker with the reader connection; the stream is
 * written from that thread, so nothing else may use it meanwhile.
 */
void               confab_store_write_usage_csv_async      (ConfabStore         *store,
                                                            gint64               from,
                                                            gint64               to,
                                                            GTimeZone           *tz,
                                                            ConfabPricing       *pricing,
                                                            GOutputStream       *stream,
                                                            GCancellable        *cancellable,
                                                            GAsyncReadyCallback  callback,
                                                            gpointer             user_data);
gboolean           confab_store_write_usage_csv_finish     (ConfabStore         *store,
                                                            GAsyncResult        *result,
                                                            GError             **error);

G_END_DECLS
