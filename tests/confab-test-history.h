/* confab-test-history.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define N_CONVERSATIONS 1000
#define N_MESSAGES      100000
#define N_BIG           10000

/* Conversation @big_id gets N_BIG messages, @empty_id none. */
void confab_test_history_generate (const char *path,
                                   gint64     *big_id,
                                   gint64     *empty_id);

/* Some words of the history's, English and Korean. */
void confab_test_history_make_text (GString *text,
                                    GRand   *rand,
                                    guint    n_words);

G_END_DECLS
