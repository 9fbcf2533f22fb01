/* confab-stream-decoder.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-chunk.h"
#include "confab-error.h"
#include "confab-json.h"
#include "confab-sse-parser.h"
#include "confab-stream-decoder.h"

/* Decodes a streamed answer off the main thread.
 *
 * A 4-byte delta arrives wrapped in some 200 bytes of JSON, and parsing
 * that costs far more than showing the delta.  So the bytes read on the
 * main thread are handed to a worker, which runs the SSE parser and maps
 * each chunk, and gathers what they add into one batch.  The main thread
 * takes the whole batch at once, whenever it gets to it: its work is then
 * in proportion to the text, not to the number of chunks.
 *
 * Bytes of one decoder are decoded in order, by one worker at a time.
 */

struct _ConfabStreamDecoder
{
  gatomicrefcount        ref_count;

  GMutex                 mutex;
  GMainContext          *context;
  ConfabStreamBatchFunc  func;
  gpointer               user_data;
  GDestroyNotify         destroy;

  /* Under the mutex. */
  GQueue                 input;
  gboolean               closed;
  gboolean               running;
  gboolean               cancelled;
  gboolean               dispatch_queued;
  ConfabStreamBatch     *batch;

  /* The worker's own. */
  ConfabSseParser       *parser;
  gboolean               finished;
  gunichar2              content_high;
  gunichar2              reasoning_high;
};

static GThreadPool *pool;

static ConfabStreamBatch *
batch_new (void)
{
  ConfabStreamBatch *batch = g_new0 (ConfabStreamBatch, 1);

  batch->content = g_string_new (NULL);
  batch->reasoning = g_string_new (NULL);
  batch->created = -1;

  return batch;
}

static void
batch_free (ConfabStreamBatch *batch)
{
  g_string_free (batch->content, TRUE);
  g_string_free (batch->reasoning, TRUE);
  g_free (batch->response_id);
  g_free (batch->model);
  g_free (batch->finish_reason);
  g_clear_object (&batch->usage);
  g_clear_error (&batch->error);
  g_free (batch);
}

static ConfabStreamBatch *
get_batch (ConfabStreamDecoder *self)
{
  if (self->batch == NULL)
    self->batch = batch_new ();

  return self->batch;
}

/* Appends @text, the text of one chunk, to @out, with the halves of a
 * surrogate pair the server cut between two chunks joined: *@pending
 * is the high surrogate that ended the text before, or 0.  A half with
 * no other half becomes U+FFFD.
 */
static void
append_text (GString     *out,
             gunichar2   *pending,
             const char  *text,
             gunichar2    leading_low,
             gunichar2    trailing_high)
{
  if (*pending != 0 && leading_low != 0)
    {
      g_string_append_unichar (out, 0x10000 + ((*pending - 0xD800) << 10) + (leading_low - 0xDC00));
      *pending = 0;
      leading_low = 0;
    }

  /* An empty text in between does not part the halves. */
  if (*pending != 0 && (leading_low != 0 || *text != '\0' || trailing_high != 0))
    {
      g_string_append_unichar (out, 0xFFFD);
      *pending = 0;
    }

  if (leading_low != 0)
    g_string_append_unichar (out, 0xFFFD);

  g_string_append (out, text);

  if (trailing_high != 0)
    *pending = trailing_high;
}

/* The answer ends: a half pair still waiting is U+FFFD. */
static void
flush_pending (ConfabStreamDecoder *self,
               ConfabStreamBatch   *batch)
{
  if (self->content_high != 0)
    g_string_append_unichar (batch->content, 0xFFFD);
  if (self->reasoning_high != 0)
    g_string_append_unichar (batch->reasoning, 0xFFFD);
  self->content_high = 0;
  self->reasoning_high = 0;
}

static void
set_stream_error (ConfabStreamDecoder *self,
                  const char          *message)
{
  ConfabStreamBatch *batch = get_batch (self);
  g_autofree char *text = NULL;

  if (batch->error != NULL)
    return;

  flush_pending (self, batch);

  if (message != NULL && *message != '\0')
    /* Translators: %s is the service's own error message. */
    text = g_strdup_printf (_("The server reported an error while answering: “%s”"), message);
  else
    text = g_strdup (_("The server reported an error while answering."));

  batch->error = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER, text);
  self->finished = TRUE;
}

/* Runs in the worker, with the mutex held. */
static void
event_cb (const char *event_type,
          const char *data,
          gsize       length,
          gpointer    user_data)
{
  ConfabStreamDecoder *self = user_data;
  g_autoptr(ConfabChunk) chunk = NULL;
  g_autoptr(GMutexLocker) locker = NULL;
  ConfabStreamBatch *batch;
  const char *text;
  gunichar2 low;
  gunichar2 high;

  if (self->finished)
    return;

  if (confab_sse_data_is_done (data, length))
    {
      locker = g_mutex_locker_new (&self->mutex);
      flush_pending (self, get_batch (self));
      get_batch (self)->done = TRUE;
      self->finished = TRUE;
      return;
    }

  /* Parsed without the mutex: the main thread takes it to hand over
   * what it reads, and takes the batch.
   */
  chunk = confab_chunk_new_from_data (data, length, NULL);
  locker = g_mutex_locker_new (&self->mutex);

  if (g_strcmp0 (event_type, "error") == 0 || (chunk != NULL && confab_chunk_is_error (chunk)))
    {
      g_autofree char *message = NULL;
      gsize message_length;

      /* A plain text payload keeps its text, bytes that are not UTF-8
       * as U+FFFD.
       */
      if (chunk != NULL && confab_chunk_get_error_message (chunk) != NULL)
        message = g_strdup (confab_chunk_get_error_message (chunk));
      else if (length > 0 && length < 1000)
        message = confab_json_make_valid (data, length, &message_length);

      set_stream_error (self, message);
      return;
    }

  /* Keep-alives, empty and foreign payloads are not the answer. */
  if (chunk == NULL)
    return;

  batch = get_batch (self);

  if ((text = confab_chunk_get_content (chunk)) != NULL)
    {
      confab_chunk_get_split_surrogates (chunk, CONFAB_CHUNK_TEXT_CONTENT, &low, &high);
      append_text (batch->content, &self->content_high, text, low, high);
    }

  if ((text = confab_chunk_get_reasoning (chunk)) != NULL)
    {
      confab_chunk_get_split_surrogates (chunk, CONFAB_CHUNK_TEXT_REASONING, &low, &high);
      append_text (batch->reasoning, &self->reasoning_high, text, low, high);
    }

  if (batch->response_id == NULL && (text = confab_chunk_get_response_id (chunk)) != NULL)
    batch->response_id = g_strdup (text);

  if (batch->created < 0)
    batch->created = confab_chunk_get_created (chunk);

  if ((text = confab_chunk_get_model (chunk)) != NULL && *text != '\0' && g_strcmp0 (batch->model, text) != 0)
    {
      g_free (batch->model);
      batch->model = g_strdup (text);
    }

  if ((text = confab_chunk_get_finish_reason (chunk)) != NULL)
    {
      g_free (batch->finish_reason);
      batch->finish_reason = g_strdup (text);
    }

  /* Gateways may repeat usage; the last report is the whole of it. */
  if (confab_chunk_get_usage (chunk) != NULL)
    g_set_object (&batch->usage, confab_chunk_get_usage (chunk));
}

static gboolean
dispatch_cb (gpointer user_data)
{
  ConfabStreamDecoder *self = user_data;
  ConfabStreamBatch *batch;
  gboolean cancelled;

  g_mutex_lock (&self->mutex);
  batch = g_steal_pointer (&self->batch);
  self->dispatch_queued = FALSE;
  cancelled = self->cancelled;
  g_mutex_unlock (&self->mutex);

  if (batch != NULL && !cancelled)
    self->func (batch, self->user_data);

  g_clear_pointer (&batch, batch_free);

  return G_SOURCE_REMOVE;
}

/* With the mutex held: have the main thread take the batch soon, once. */
static void
queue_dispatch (ConfabStreamDecoder *self)
{
  GSource *source;

  if (self->batch == NULL || self->dispatch_queued || self->cancelled)
    return;

  self->dispatch_queued = TRUE;

  /* Always through a source: g_main_context_invoke() would run the
   * callback right here, in the worker, when the context is free.
   */
  source = g_idle_source_new ();
  g_source_set_priority (source, G_PRIORITY_DEFAULT);
  g_source_set_callback (source, dispatch_cb,
                         confab_stream_decoder_ref (self),
                         (GDestroyNotify) confab_stream_decoder_unref);
  g_source_set_static_name (source, "[confab] stream batch");
  g_source_attach (source, self->context);
  g_source_unref (source);
}

static void
worker_func (gpointer data,
             gpointer pool_data)
{
  g_autoptr(ConfabStreamDecoder) self = data;

  g_mutex_lock (&self->mutex);

  for (;;)
    {
      g_autoptr(GBytes) bytes = g_queue_pop_head (&self->input);
      g_autoptr(GError) error = NULL;
      gboolean fed;

      if (bytes == NULL)
        {
          if (self->closed && !self->finished && !self->cancelled)
            {
              flush_pending (self, get_batch (self));
              get_batch (self)->ended = TRUE;
              self->finished = TRUE;
            }
          break;
        }

      if (self->finished || self->cancelled)
        continue;

      /* The parser and what its events decode are the worker's: the
       * mutex is held only where they touch the batch (event_cb()).
       */
      g_mutex_unlock (&self->mutex);
      fed = confab_sse_parser_feed (self->parser,
                                    g_bytes_get_data (bytes, NULL),
                                    g_bytes_get_size (bytes),
                                    &error);
      g_mutex_lock (&self->mutex);

      if (!fed)
        {
          ConfabStreamBatch *batch = get_batch (self);

          flush_pending (self, batch);
          if (batch->error == NULL)
            batch->error = g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                                _("The server sent an unexpected response: a line of the answer was far too long."));
          self->finished = TRUE;
        }

      queue_dispatch (self);
    }

  self->running = FALSE;
  queue_dispatch (self);

  g_mutex_unlock (&self->mutex);
}

/* With the mutex held. */
static void
start_worker (ConfabStreamDecoder *self)
{
  if (self->running)
    return;

  self->running = TRUE;
  g_thread_pool_push (pool, confab_stream_decoder_ref (self), NULL);
}

/**
 * confab_stream_decoder_new:
 * @context: where @func is called
 * @func: called with each batch, in @context
 *
 * Returns: (transfer full): a decoder for one streamed answer
 */
ConfabStreamDecoder *
confab_stream_decoder_new (GMainContext          *context,
                           ConfabStreamBatchFunc  func,
                           gpointer               user_data,
                           GDestroyNotify         destroy)
{
  static gsize initialized;
  ConfabStreamDecoder *self;

  g_return_val_if_fail (func != NULL, NULL);

  if (g_once_init_enter (&initialized))
    {
      pool = g_thread_pool_new (worker_func, NULL, 2, FALSE, NULL);
      g_once_init_leave (&initialized, 1);
    }

  self = g_new0 (ConfabStreamDecoder, 1);
  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->mutex);
  g_queue_init (&self->input);
  self->context = g_main_context_ref (context ? context : g_main_context_default ());
  self->func = func;
  self->user_data = user_data;
  self->destroy = destroy;
  self->parser = confab_sse_parser_new (CONFAB_SSE_PARSER_DEFAULT_MAX_LINE, event_cb, self, NULL);

  return self;
}

/**
 * confab_stream_decoder_push:
 *
 * Hands over bytes read from the stream, in order.
 */
void
confab_stream_decoder_push (ConfabStreamDecoder *self,
                            GBytes              *bytes)
{
  g_return_if_fail (self != NULL);
  g_return_if_fail (bytes != NULL);

  g_mutex_lock (&self->mutex);
  if (!self->closed && !self->cancelled)
    {
      g_queue_push_tail (&self->input, g_bytes_ref (bytes));
      start_worker (self);
    }
  g_mutex_unlock (&self->mutex);
}

/**
 * confab_stream_decoder_close:
 *
 * Says the stream ended; a last batch with `ended` set follows, unless
 * the answer was done or failed before.
 */
void
confab_stream_decoder_close (ConfabStreamDecoder *self)
{
  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->closed = TRUE;
  start_worker (self);
  g_mutex_unlock (&self->mutex);
}

/**
 * confab_stream_decoder_cancel:
 *
 * Stops decoding: no batch is delivered from now on, and the callback's
 * data is let go.  Call it from @context.
 */
void
confab_stream_decoder_cancel (ConfabStreamDecoder *self)
{
  GDestroyNotify destroy;
  gpointer user_data;

  g_return_if_fail (self != NULL);

  g_mutex_lock (&self->mutex);
  self->cancelled = TRUE;
  g_queue_clear_full (&self->input, (GDestroyNotify) g_bytes_unref);
  destroy = g_steal_pointer (&self->destroy);
  user_data = g_steal_pointer (&self->user_data);
  g_mutex_unlock (&self->mutex);

  if (destroy != NULL)
    destroy (user_data);
}

ConfabStreamDecoder *
confab_stream_decoder_ref (ConfabStreamDecoder *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);

  return self;
}

void
confab_stream_decoder_unref (ConfabStreamDecoder *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  if (self->destroy != NULL)
    self->destroy (self->user_data);

  g_queue_clear_full (&self->input, (GDestroyNotify) g_bytes_unref);
  g_clear_pointer (&self->batch, batch_free);
  g_clear_pointer (&self->parser, confab_sse_parser_free);
  g_main_context_unref (self->context);
  g_mutex_clear (&self->mutex);
  g_free (self);
}
