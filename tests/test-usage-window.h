/* test-usage-window.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-usage-window share: the application with its
 * seeded history, and the ways to read the Usage window.
 */

#pragma once

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-message-row.h"
#include "confab-preferences-window.h"
#include "confab-price-dialog.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-estimate.h"
#include "confab-usage-budget.h"
#include "confab-usage-chart.h"
#include "confab-usage-credits.h"
#include "confab-usage-popover.h"
#include "confab-usage-window.h"
#include "confab-window.h"

G_BEGIN_DECLS

#define PRICED_MODEL "priced-model"
#define FREE_MODEL   "free-model"

/* $1 per million input, $0.50 cached, $10 output, for PRICED_MODEL:
 * (800 × 1 + 200 × 0.5 + 500 × 10) / 1e6 for the first answer and
 * (2000 × 1 + 1000 × 10) / 1e6 for the second.
 */
#define PRICED_COST 0.0179

/* The application of every test, and the ids of the two chats of its
 * seeded history.
 */
extern ConfabApplication *app;
extern gint64             alpha_id;
extern gint64             beta_id;

const char        *get_label                                  (GtkWidget   *root,
                                                               const char  *name);
char              *count                                      (gint64       value);
char              *dup_labels                                 (GtkWidget   *root);
ConfabUsage       *make_usage                                 (gint64       prompt,
                                                               gint64       cached,
                                                               gint64       completion,
                                                               gint64       reasoning);
void               append_exchange                            (ConfabStore *store,
                                                               gint64       conversation_id,
                                                               const char  *prompt,
                                                               GDateTime   *created,
                                                               const char  *model,
                                                               ConfabUsage *usage);
void               set_prices                                 (void);
gboolean           window_is_idle                             (gpointer     data);
gboolean           labels_contain                             (gpointer     data);
void               wait_for_labels                            (GtkWidget   *root,
                                                               const char  *text);
ConfabUsageWindow *open_usage_window                          (void);
void               test_usage_window_open_conversation        (void);
void               test_usage_window_open_conversation_action (void);
void               test_usage_window_periods                  (void);
void               test_usage_window_live                     (void);
void               test_usage_window_narrow                   (void);
void               test_message_row_cost                      (void);
void               test_conversation_partial_cost             (void);
void               test_usage_window_export                   (void);
void               test_preferences_prices                    (void);
void               test_usage_window_credits                  (void);
void               test_low_credits                           (void);
void               test_budget                                (void);

G_END_DECLS
