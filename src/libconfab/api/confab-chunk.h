/* confab-chunk.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>

#include "confab-usage.h"

G_BEGIN_DECLS

#define CONFAB_TYPE_CHUNK (confab_chunk_get_type())

G_DECLARE_FINAL_TYPE (ConfabChunk, confab_chunk, CONFAB, CHUNK, GObject)

typedef enum {
  CONFAB_CHUNK_TEXT_CONTENT,
  CONFAB_CHUNK_TEXT_REASONING,
} ConfabChunkText;

ConfabChunk *confab_chunk_new_from_data       (const char   *data,
                                               gsize         length,
                                               GError      **error);
const char  *confab_chunk_get_response_id     (ConfabChunk  *self);
const char  *confab_chunk_get_model           (ConfabChunk  *self);
gint64       confab_chunk_get_created         (ConfabChunk  *self);
const char  *confab_chunk_get_content         (ConfabChunk  *self);
const char  *confab_chunk_get_reasoning       (ConfabChunk  *self);
const char  *confab_chunk_get_finish_reason   (ConfabChunk  *self);
ConfabUsage *confab_chunk_get_usage           (ConfabChunk  *self);
gboolean     confab_chunk_is_error            (ConfabChunk  *self);
const char  *confab_chunk_get_error_message   (ConfabChunk  *self);
void         confab_chunk_get_split_surrogates (ConfabChunk    *self,
                                                ConfabChunkText text,
                                                gunichar2      *leading_low,
                                                gunichar2      *trailing_high);

G_END_DECLS
