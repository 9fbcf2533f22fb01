/* confab-export.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* The parameters a chat's requests carry, as the person set them for
 * the chat or as defaults in Preferences; one not set is not sent, and
 * the server's default applies.
 */
typedef struct
{
  /* 0 to 2, or negative for not set. */
  double      temperature;
  /* The most output tokens (reasoning included), or 0 for not set. */
  gint64      max_output_tokens;
  /* "low", "medium" or "high", or %NULL for not set. */
  const char *reasoning_effort;
} ConfabExportParameters;

#define CONFAB_EXPORT_PARAMETERS_INIT { -1.0, 0, NULL }

/* The same as the _full() forms with no parameters set. */
char *confab_export_to_markdown      (const char                   *title,
                                      GListModel                   *messages);
char *confab_export_to_json          (const char                   *title,
                                      GListModel                   *messages);
char *confab_export_to_markdown_full (const char                   *title,
                                      GListModel                   *messages,
                                      const ConfabExportParameters *parameters);
char *confab_export_to_json_full     (const char                   *title,
                                      GListModel                   *messages,
                                      const ConfabExportParameters *parameters);

typedef enum
{
  CONFAB_EXPORT_MARKDOWN,
  CONFAB_EXPORT_JSON,
} ConfabExportFormat;

/* Writes the export of @messages to @file on a worker: the messages
 * are copied first (images by reference: they are immutable), so they
 * may change, or go, while it is written.
 */
void     confab_export_write_async  (GFile                        *file,
                                     ConfabExportFormat            format,
                                     const char                   *title,
                                     GListModel                   *messages,
                                     const ConfabExportParameters *parameters,
                                     GCancellable                 *cancellable,
                                     GAsyncReadyCallback           callback,
                                     gpointer                      user_data);
gboolean confab_export_write_finish (GAsyncResult                 *result,
                                     GError                      **error);

G_END_DECLS
