/* confab-stream-decoder.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-usage.h"

G_BEGIN_DECLS

/* What a streamed answer added since the last batch. */
typedef struct
{
  GString     *content;
  GString     *reasoning;
  char        *response_id;
  gint64       created;
  char        *model;
  char        *finish_reason;
  ConfabUsage *usage;
  GError      *error;
  gboolean     done;
  gboolean     ended;
} ConfabStreamBatch;

typedef struct _ConfabStreamDecoder ConfabStreamDecoder;

typedef void (*ConfabStreamBatchFunc) (ConfabStreamBatch *batch,
                                       gpointer           user_data);

ConfabStreamDecoder *confab_stream_decoder_new    (GMainContext          *context,
                                                   ConfabStreamBatchFunc  func,
                                                   gpointer               user_data,
                                                   GDestroyNotify         destroy);
void                 confab_stream_decoder_push   (ConfabStreamDecoder   *self,
                                                   GBytes                *bytes);
void                 confab_stream_decoder_close  (ConfabStreamDecoder   *self);
void                 confab_stream_decoder_cancel (ConfabStreamDecoder   *self);
ConfabStreamDecoder *confab_stream_decoder_ref    (ConfabStreamDecoder   *self);
void                 confab_stream_decoder_unref  (ConfabStreamDecoder   *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (ConfabStreamDecoder, confab_stream_decoder_unref)

G_END_DECLS
