/* confab-test-server-exchange.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scripted server's exchanges: one response played to one request,
 * piece by piece, with its delays, holds and abort, until the client or
 * the response ends it.
 */

#include "confab-test-server-private.h"

void
_confab_test_exchange_unwatch (Exchange *exchange)
{
  if (exchange->watch != NULL)
    {
      g_source_destroy (exchange->watch);
      g_clear_pointer (&exchange->watch, g_source_unref);
    }
}

/* While a stream is held nothing is written, and libsoup does not look at
 * the connection: whatever the client does then, it can only be going
 * away (it sends no second request before the answer has ended).
 */
static gboolean
exchange_client_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Exchange *exchange = user_data;
  char byte;

  if (g_socket_receive_with_blocking (socket, &byte, 1, FALSE, NULL, NULL) > 0)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&exchange->watch, g_source_unref);
  _confab_test_exchange_stop (exchange);

  return G_SOURCE_REMOVE;
}

static void
exchange_watch (Exchange *exchange)
{
  GSocket *socket = soup_server_message_get_socket (exchange->msg);

  if (socket == NULL || exchange->watch != NULL)
    return;

  exchange->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (exchange->watch, (GSourceFunc) G_CALLBACK (exchange_client_cb), exchange, NULL);
  g_source_attach (exchange->watch, g_main_context_get_thread_default ());
}

/* Timeouts go to the main context of the thread that runs the server,
 * as everything of it does: a benchmark runs it in a thread of its own.
 */
guint
_confab_test_add_timeout (guint       delay_ms,
             GSourceFunc func,
             gpointer    data)
{
  GSource *source = g_timeout_source_new (delay_ms);
  guint id;

  g_source_set_callback (source, func, data, NULL);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);

  return id;
}

static void
remove_timeout (guint *id)
{
  GSource *source;

  if (*id == 0)
    return;

  source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* Stops everything the exchange still has planned.  It may run from a
 * signal emission of the message, so the message itself is kept alive
 * until the server is disposed.
 */
void
_confab_test_exchange_stop (Exchange *exchange)
{
  exchange->done = TRUE;
  exchange->response->closed = TRUE;
  remove_timeout (&exchange->source_id);
  _confab_test_exchange_unwatch (exchange);
  g_clear_signal_handler (&exchange->finished_id, exchange->msg);
  g_clear_signal_handler (&exchange->disconnected_id, exchange->msg);
  g_clear_signal_handler (&exchange->wrote_chunk_id, exchange->msg);
}

void
_confab_test_exchange_free (gpointer data)
{
  Exchange *exchange = data;

  _confab_test_exchange_stop (exchange);
  g_clear_object (&exchange->msg);
  g_clear_pointer (&exchange->response, _confab_test_response_free);
  g_free (exchange);
}

void
_confab_test_exchange_ended_cb (Exchange *exchange)
{
  _confab_test_exchange_stop (exchange);
}

static void
exchange_close_connection (Exchange *exchange)
{
  g_autoptr(GIOStream) stream = NULL;

  _confab_test_exchange_stop (exchange);

  stream = soup_server_message_steal_connection (exchange->msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
exchange_add_headers (Exchange *exchange)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (exchange->msg);
  GPtrArray *pairs = exchange->response->headers;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    soup_message_headers_append (headers,
                                 g_ptr_array_index (pairs, i),
                                 g_ptr_array_index (pairs, i + 1));
}

static void
exchange_unpause (Exchange *exchange)
{
  exchange->paused = FALSE;
  soup_server_message_unpause (exchange->msg);
}

static gboolean
exchange_step_cb (gpointer user_data)
{
  Exchange *exchange = user_data;
  GPtrArray *pieces = exchange->response->pieces;
  SoupMessageBody *body = soup_server_message_get_response_body (exchange->msg);

  exchange->source_id = 0;

  if (exchange->next_piece < pieces->len)
    {
      Piece *piece = g_ptr_array_index (pieces, exchange->next_piece);

      if (piece->data == NULL)
        {
          if (exchange->response->n_released == 0)
            {
              exchange->held = TRUE;
              exchange_watch (exchange);
              return G_SOURCE_REMOVE;
            }

          exchange->response->n_released--;
          exchange->next_piece++;
          _confab_test_exchange_schedule_step (exchange);
          return G_SOURCE_REMOVE;
        }

      /* The next step is planned once this piece has been written, in
       * wrote_chunk_cb(), so delays separate the pieces on the wire.
       */
      exchange->next_piece++;
      soup_message_body_append_bytes (body, piece->data);
      exchange_unpause (exchange);
    }
  else if (exchange->response->abort)
    {
      exchange_close_connection (exchange);
    }
  else
    {
      soup_message_body_complete (body);
      exchange_unpause (exchange);
    }

  return G_SOURCE_REMOVE;
}

static void
exchange_wrote_chunk_cb (Exchange *exchange)
{
  if (!exchange->done && exchange->source_id == 0)
    _confab_test_exchange_schedule_step (exchange);
}

void
_confab_test_exchange_schedule_step (Exchange *exchange)
{
  GPtrArray *pieces = exchange->response->pieces;
  guint delay_ms = 0;

  if (exchange->next_piece < pieces->len)
    delay_ms = ((Piece *) g_ptr_array_index (pieces, exchange->next_piece))->delay_ms;

  exchange->source_id = _confab_test_add_timeout (delay_ms, exchange_step_cb, exchange);
}

void
_confab_test_exchange_start (Exchange *exchange)
{
  ConfabTestResponse *response = exchange->response;
  SoupServerMessage *msg = exchange->msg;

  switch (response->kind)
    {
    case RESPONSE_REPLY:
      {
        gsize length = 0;
        const char *data = NULL;

        if (response->body != NULL)
          data = g_bytes_get_data (response->body, &length);

        soup_server_message_set_status (msg, response->status, NULL);
        soup_server_message_set_response (msg, response->content_type,
                                          SOUP_MEMORY_COPY, data, length);
        exchange_add_headers (exchange);
        if (exchange->paused)
          exchange_unpause (exchange);
      }
      break;

    case RESPONSE_STREAM:
      {
        SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

        soup_server_message_set_status (msg, response->status, NULL);
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        if (response->content_type != NULL)
          soup_message_headers_set_content_type (headers, response->content_type, NULL);
        exchange_add_headers (exchange);
        /* A Content-Length the test set: the pieces are sent as one
         * body of that length (or cut short, with abort).
         */
        if (soup_message_headers_get_one (headers, "Content-Length") != NULL)
          soup_message_headers_set_content_length (headers,
                                                   g_ascii_strtoull (soup_message_headers_get_one (headers, "Content-Length"),
                                                                     NULL, 10));
        soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

        exchange->wrote_chunk_id =
          g_signal_connect_swapped (msg, "wrote-chunk",
                                    G_CALLBACK (exchange_wrote_chunk_cb),
                                    exchange);

        /* The headers go out at once; libsoup pauses the message by itself
         * when it runs out of body to write.
         */
        if (exchange->paused)
          exchange_unpause (exchange);
        _confab_test_exchange_schedule_step (exchange);
      }
      break;

    case RESPONSE_CLOSE:
      exchange_close_connection (exchange);
      break;

    case RESPONSE_HANG:
    default:
      g_assert_not_reached ();
    }
}

gboolean
_confab_test_exchange_start_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->source_id = 0;
  _confab_test_exchange_start (exchange);

  return G_SOURCE_REMOVE;
}
