/* confab-estimate-count.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-message.h"

G_BEGIN_DECLS

/* The estimated tokens of each message's text, kept with the message
 * until its text changes, so that the estimate of a chat counts each
 * text once, not again whenever the chat changes.  A text longer than
 * CONFAB_ESTIMATE_COUNT_LONG bytes is counted on a worker thread: the
 * main thread never counts megabytes.
 */

#define CONFAB_ESTIMATE_COUNT_LONG (64 * 1024)

gboolean confab_estimate_count_peek            (ConfabMessage        *message,
                                                gint64               *tokens);
gint64   confab_estimate_count_message         (ConfabMessage        *message);
gboolean confab_estimate_count_is_long         (ConfabMessage        *message);

void     confab_estimate_count_async           (GPtrArray            *messages,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
gboolean confab_estimate_count_finish          (GAsyncResult         *result,
                                                GError              **error);

/* The bytes of text confab_estimate_count_message() counted since the
 * start (the worker's are not among them): tests check with it that the
 * main thread leaves long texts to the worker.
 */
guint64  confab_estimate_count_get_bytes_counted (void);

G_END_DECLS
