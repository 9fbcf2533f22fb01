/* confab-test-server-responses.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The scripted server's responses: what the tests queue (answers,
 * streams, hangs, closed connections, the list of models) and how each
 * is made (headers, delays, pieces, holds, an abort).
 */

#include "confab-test-server-private.h"

/* Answers GET …/models as OpenAI does, or as a server without that
 * endpoint does (llama.cpp before it had one: 404 and plain text).
 */
void
_confab_test_server_serve_models (ConfabTestServer  *self,
              SoupServerMessage *msg)
{
  g_autoptr(JsonBuilder) builder = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *json = NULL;

  if (self->models == NULL)
    {
      static const char text[] = "404 page not found";

      soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, text, strlen (text));
      return;
    }

  builder = json_builder_new ();
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "object");
  json_builder_add_string_value (builder, "list");
  json_builder_set_member_name (builder, "data");
  json_builder_begin_array (builder);
  for (guint i = 0; self->models[i] != NULL; i++)
    {
      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "id");
      json_builder_add_string_value (builder, self->models[i]);
      json_builder_set_member_name (builder, "object");
      json_builder_add_string_value (builder, "model");
      json_builder_set_member_name (builder, "created");
      json_builder_add_int_value (builder, 1760032810);
      json_builder_set_member_name (builder, "owned_by");
      json_builder_add_string_value (builder, "confab-test");
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, FALSE);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY, json, strlen (json));
}
/**
 * confab_test_server_queue_response:
 * @status: the HTTP status
 * @content_type: (nullable): the Content-Type, or %NULL for none
 * @body: (nullable): the body, or %NULL for an empty one
 *
 * Queues a plain answer with a Content-Length.
 *
 * Returns: (transfer none): the response, to refine further
 */
ConfabTestResponse *
confab_test_server_queue_response (ConfabTestServer *self,
                                   guint             status,
                                   const char       *content_type,
                                   const char       *body)
{
  g_autoptr(GBytes) bytes = NULL;

  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);

  if (body != NULL)
    bytes = g_bytes_new (body, strlen (body));

  return confab_test_server_queue_response_bytes (self, status, content_type, bytes);
}

ConfabTestResponse *
confab_test_server_queue_response_bytes (ConfabTestServer *self,
                                         guint             status,
                                         const char       *content_type,
                                         GBytes           *body)
{
  ConfabTestResponse *response;

  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (status >= 100 && status < 1000, NULL);

  response = _confab_test_server_queue (self, RESPONSE_REPLY);
  response->status = status;
  response->content_type = g_strdup (content_type);
  response->body = body != NULL ? g_bytes_ref (body) : NULL;

  return response;
}

/**
 * confab_test_server_queue_stream:
 * @status: the HTTP status
 * @content_type: (nullable): the Content-Type, such as "text/event-stream"
 *
 * Queues an answer sent with chunked encoding: the headers at once, then
 * each piece added with confab_test_response_add_piece() after its delay,
 * then the end of the body (or, with confab_test_response_set_abort(), a
 * closed connection).
 *
 * Returns: (transfer none): the response, to add pieces to
 */
ConfabTestResponse *
confab_test_server_queue_stream (ConfabTestServer *self,
                                 guint             status,
                                 const char       *content_type)
{
  ConfabTestResponse *response;

  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (status >= 100 && status < 1000, NULL);

  response = _confab_test_server_queue (self, RESPONSE_STREAM);
  response->status = status;
  response->content_type = g_strdup (content_type);

  return response;
}

/**
 * confab_test_server_queue_held_stream:
 * @first: the text of the first delta
 * @second: the text of the last delta
 *
 * Queues a streamed answer that says @first, then waits for the test
 * (confab_test_response_release()), then says @second and ends.
 */
ConfabTestResponse *
confab_test_server_queue_held_stream (ConfabTestServer *self,
                                      const char       *first,
                                      const char       *second)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (self, 200, "text/event-stream");
  g_autofree char *first_chunk = NULL;
  g_autofree char *second_chunk = NULL;

  first_chunk = g_strdup_printf (CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"%s\"}", "null"), first);
  second_chunk = g_strdup_printf (CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"%s\"}", "\"stop\""), second);

  confab_test_response_add_piece (response, 0, first_chunk, -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, second_chunk, -1);
  confab_test_response_add_piece (response, 0, "data: [DONE]\n\n", -1);

  return response;
}

/**
 * confab_test_server_serve_models:
 * @models: (nullable): model ids, or %NULL for a server without the endpoint
 *
 * From now on answers every `GET …/models` itself, without taking a
 * queued answer: with @models in OpenAI's shape
 * `{"object":"list","data":[{"id":…},…]}`, or, for %NULL, with 404 and
 * a plain-text body.  Until this is called, such requests take queued
 * answers like any other (to script failures).  They are recorded.
 */
void
confab_test_server_serve_models (ConfabTestServer   *self,
                                 const char * const *models)
{
  g_return_if_fail (CONFAB_IS_TEST_SERVER (self));

  self->_confab_test_server_serve_models = TRUE;
  g_strfreev (self->models);
  self->models = g_strdupv ((char **) models);
}

/**
 * confab_test_server_queue_hang:
 *
 * Queues an answer that never comes: the request is read and recorded,
 * then the connection stays open and silent until the client gives up or
 * the server is freed.
 *
 * Returns: (transfer none): the response
 */
ConfabTestResponse *
confab_test_server_queue_hang (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);

  return _confab_test_server_queue (self, RESPONSE_HANG);
}

/**
 * confab_test_server_queue_close:
 *
 * Queues a connection closed without any answer, after the request has
 * been read (and after the delay, if one is set).
 *
 * Returns: (transfer none): the response
 */
ConfabTestResponse *
confab_test_server_queue_close (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);

  return _confab_test_server_queue (self, RESPONSE_CLOSE);
}
void
confab_test_response_add_header (ConfabTestResponse *response,
                                 const char         *name,
                                 const char         *value)
{
  g_return_if_fail (response != NULL);
  g_return_if_fail (name != NULL);
  g_return_if_fail (value != NULL);

  g_ptr_array_add (response->headers, g_strdup (name));
  g_ptr_array_add (response->headers, g_strdup (value));
}

/**
 * confab_test_response_set_delay:
 * @delay_ms: milliseconds to wait before answering
 *
 * Delays the status line and headers (for a close, the closing).
 */
void
confab_test_response_set_delay (ConfabTestResponse *response,
                                guint               delay_ms)
{
  g_return_if_fail (response != NULL);

  response->delay_ms = delay_ms;
}

/**
 * confab_test_response_add_piece:
 * @delay_ms: milliseconds to wait after the previous piece was written
 * @data: the bytes of the piece
 * @length: the length of @data, or -1 if it is nul-terminated
 *
 * Adds a piece to a streamed response.  Each piece is written as one
 * HTTP chunk; an empty piece is skipped, since an empty chunk would end
 * the body.
 */
void
confab_test_response_add_piece (ConfabTestResponse *response,
                                guint               delay_ms,
                                const char         *data,
                                gssize              length)
{
  Piece *piece;

  g_return_if_fail (response != NULL);
  g_return_if_fail (response->kind == RESPONSE_STREAM);
  g_return_if_fail (data != NULL || length == 0);

  if (length < 0)
    length = strlen (data);
  if (length == 0)
    return;

  piece = g_new0 (Piece, 1);
  piece->delay_ms = delay_ms;
  piece->data = g_bytes_new (data, length);
  g_ptr_array_add (response->pieces, piece);
}

/**
 * confab_test_response_add_pieces:
 * @delay_ms: milliseconds to wait before each piece
 * @text: the text to send
 * @piece_size: the size of each piece in bytes; 1 sends one byte at a time,
 *   splitting lines and UTF-8 characters
 *
 * Adds @text to a streamed response cut into pieces of @piece_size bytes.
 */
void
confab_test_response_add_pieces (ConfabTestResponse *response,
                                 guint               delay_ms,
                                 const char         *text,
                                 gsize               piece_size)
{
  gsize length;

  g_return_if_fail (response != NULL);
  g_return_if_fail (response->kind == RESPONSE_STREAM);
  g_return_if_fail (text != NULL);
  g_return_if_fail (piece_size > 0);

  length = strlen (text);
  for (gsize offset = 0; offset < length; offset += piece_size)
    confab_test_response_add_piece (response, delay_ms, text + offset,
                                    MIN (piece_size, length - offset));
}

/**
 * confab_test_response_set_abort:
 * @abort: whether to close the connection after the last piece
 *
 * Makes a streamed response end with a closed connection instead of the
 * last chunk of the chunked encoding, as a server that dies would.
 */
void
confab_test_response_set_abort (ConfabTestResponse *response,
                                gboolean            abort)
{
  g_return_if_fail (response != NULL);
  g_return_if_fail (response->kind == RESPONSE_STREAM);

  response->abort = !!abort;
}

/**
 * confab_test_response_add_hold:
 *
 * Makes a streamed response stop where it is, after the pieces added so
 * far, until the test calls confab_test_response_release(): the
 * connection stays open, and the answer is not complete.
 */
void
confab_test_response_add_hold (ConfabTestResponse *response)
{
  g_return_if_fail (response != NULL);
  g_return_if_fail (response->kind == RESPONSE_STREAM);

  g_ptr_array_add (response->pieces, g_new0 (Piece, 1));
}

/**
 * confab_test_response_release:
 *
 * Lets a streamed response go on past its next hold, now if it waits
 * there, or when it comes to it.
 */
void
confab_test_response_release (ConfabTestResponse *response)
{
  Exchange *exchange;

  g_return_if_fail (response != NULL);
  g_return_if_fail (response->kind == RESPONSE_STREAM);

  response->n_released++;
  exchange = response->exchange;

  if (exchange != NULL && exchange->held && !exchange->done)
    {
      exchange->held = FALSE;
      _confab_test_exchange_unwatch (exchange);
      _confab_test_exchange_schedule_step (exchange);
    }
}

/**
 * confab_test_response_get_closed:
 *
 * Returns: whether the server is done with the response: it was sent
 *   whole, its connection was closed, or the client went away
 */
gboolean
confab_test_response_get_closed (ConfabTestResponse *response)
{
  g_return_val_if_fail (response != NULL, FALSE);

  return response->closed;
}
