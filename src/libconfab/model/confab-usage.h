/* confab-usage.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Token counts the server reported for one answer.  Every count is a
 * gint64 that is -1 when the server did not send the field (missing,
 * null, or not a non-negative integer): missing is never shown as 0.
 */
#define CONFAB_USAGE_MISSING ((gint64) -1)

typedef enum
{
  CONFAB_USAGE_FIELD_PROMPT,
  CONFAB_USAGE_FIELD_CACHED,
  CONFAB_USAGE_FIELD_PROMPT_TEXT,
  CONFAB_USAGE_FIELD_PROMPT_AUDIO,
  CONFAB_USAGE_FIELD_PROMPT_IMAGE,
  CONFAB_USAGE_FIELD_COMPLETION,
  CONFAB_USAGE_FIELD_COMPLETION_TEXT,
  CONFAB_USAGE_FIELD_COMPLETION_AUDIO,
  CONFAB_USAGE_FIELD_REASONING,
  CONFAB_USAGE_FIELD_TOTAL,
  CONFAB_USAGE_N_FIELDS
} ConfabUsageField;

#define CONFAB_TYPE_USAGE (confab_usage_get_type())

G_DECLARE_FINAL_TYPE (ConfabUsage, confab_usage, CONFAB, USAGE, GObject)

ConfabUsage *confab_usage_new              (void);
ConfabUsage *confab_usage_new_from_json    (JsonNode         *node,
                                            GError          **error);
gint64       confab_usage_get_field        (ConfabUsage      *self,
                                            ConfabUsageField  field);
void         confab_usage_set_field        (ConfabUsage      *self,
                                            ConfabUsageField  field,
                                            gint64            value);
gboolean     confab_usage_is_empty         (ConfabUsage      *self);
void         confab_usage_add              (ConfabUsage      *self,
                                            ConfabUsage      *other);
const char  *confab_usage_field_get_name   (ConfabUsageField  field);
const char  *confab_usage_field_get_json_path (ConfabUsageField field);
char        *confab_usage_format_count     (gint64            count);
char        *confab_usage_format_summary   (ConfabUsage      *self);

G_END_DECLS
