/* confab-usage-table.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* What the rows of a usage table are. */
typedef enum
{
  CONFAB_USAGE_TABLE_DAYS,
  CONFAB_USAGE_TABLE_MODELS,
  CONFAB_USAGE_TABLE_CONVERSATIONS,
} ConfabUsageTableKind;

#define CONFAB_TYPE_USAGE_TABLE_KIND (confab_usage_table_kind_get_type())

GType confab_usage_table_kind_get_type (void) G_GNUC_CONST;

#define CONFAB_TYPE_USAGE_TABLE (confab_usage_table_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsageTable, confab_usage_table, CONFAB, USAGE_TABLE, GtkWidget)

GtkWidget            *confab_usage_table_new                 (ConfabUsageTableKind  kind);
ConfabUsageTableKind  confab_usage_table_get_kind            (ConfabUsageTable     *self);
void                  confab_usage_table_set_model           (ConfabUsageTable     *self,
                                                              GListModel           *totals);
void                  confab_usage_table_set_show_cost       (ConfabUsageTable     *self,
                                                              gboolean              show_cost);
void                  confab_usage_table_set_show_unreported (ConfabUsageTable     *self,
                                                              gboolean              show_unreported);

G_END_DECLS
