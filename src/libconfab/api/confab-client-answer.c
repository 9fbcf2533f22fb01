/* confab-client-answer.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-client-request-private.h"
#include "confab-error.h"
#include "confab-json.h"

/* What the server answers a chat request: an event stream, told by its
 * type or by its first line and handed to the decoder batch by batch,
 * or one body, an answer or an error, read whole.
 */

gboolean
confab_client_request_content_type_is (SoupMessage *message,
                                       const char  *type)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, type) == 0;
}

/* Some servers stream events with no Content-Type at all, or a vague
 * one: whether the body is an event stream is then told by its first
 * line.
 */
gboolean
confab_client_request_content_type_is_vague (SoupMessage *message)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return content_type == NULL ||
         g_ascii_strcasecmp (content_type, "text/plain") == 0 ||
         g_ascii_strcasecmp (content_type, "application/octet-stream") == 0;
}

typedef enum
{
  SNIFF_UNSURE,
  SNIFF_EVENTS,
  SNIFF_OTHER,
} Sniff;

/* Whether @data, the start of a body, is an event stream: after a byte
 * order mark and blank lines, its first line is a comment or one of the
 * stream's fields (`data:`, `event:`, `id:`, `retry:`).  A web page or a
 * JSON answer starts otherwise.  Unsure while the first line could
 * still be either.
 */
static Sniff
sniff_event_stream (const guint8 *data,
                    gsize         size)
{
  static const char * const fields[] = { "data", "event", "id", "retry" };
  static const char bom[] = "\xef\xbb\xbf";
  gboolean unsure = FALSE;
  gsize i = 0;

  if (size < strlen (bom) && memcmp (data, bom, size) == 0)
    return SNIFF_UNSURE;
  if (size >= strlen (bom) && memcmp (data, bom, strlen (bom)) == 0)
    i = strlen (bom);

  while (i < size && (data[i] == '\r' || data[i] == '\n'))
    i++;

  if (i == size)
    return SNIFF_UNSURE;

  if (data[i] == ':')
    return SNIFF_EVENTS;

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      gsize length = strlen (fields[f]);
      gsize left = size - i;

      if (left <= length)
        {
          if (memcmp (data + i, fields[f], left) == 0)
            unsure = TRUE;
        }
      else if (memcmp (data + i, fields[f], length) == 0 &&
               (data[i + length] == ':' || data[i + length] == '\r' || data[i + length] == '\n'))
        {
          return SNIFF_EVENTS;
        }
    }

  return unsure ? SNIFF_UNSURE : SNIFF_OTHER;
}

static void
request_finish_stream (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  if (request->saw_finish)
    {
      confab_client_request_return_success (task);
      return;
    }

  /* libsoup reports a chunked body cut between two chunks as a clean
   * end, so an answer that never said it was done was cut off.
   */
  if (*confab_message_get_content (request->answer) == '\0' &&
      *confab_message_get_reasoning (request->answer) == '\0')
    confab_client_request_return_error (task,
                                        g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                                             _("The server closed the connection without answering. Try again.")));
  else
    confab_client_request_return_error (task,
                                        g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                                             _("The connection broke before the answer was complete. What arrived is kept; retry for a whole answer.")));
}

/* Applies what the decoder gathered since the last batch. */
static void
request_batch_cb (ConfabStreamBatch *batch,
                  gpointer           user_data)
{
  g_autoptr(GTask) task = g_object_ref (user_data);
  Request *request = g_task_get_task_data (task);

  if (request->finished)
    return;

  if (batch->response_id != NULL && confab_message_get_response_id (request->answer) == NULL)
    confab_message_set_response_id (request->answer, batch->response_id);

  /* The answer keeps the time it was asked at by this computer's clock,
   * which the history keeps too, not the server's "created".
   */
  if (batch->model != NULL)
    confab_message_set_model (request->answer, batch->model);

  confab_message_append_delta (request->answer, batch->content->str, batch->reasoning->str);

  if (batch->finish_reason != NULL)
    {
      request->saw_finish = TRUE;
      confab_message_set_finish_reason (request->answer, batch->finish_reason);
    }

  if (batch->usage != NULL)
    confab_message_set_usage (request->answer, batch->usage);

  if (batch->error != NULL)
    confab_client_request_return_error (task, g_steal_pointer (&batch->error));
  else if (batch->done)
    confab_client_request_return_success (task);
  else if (batch->ended)
    request_finish_stream (task);
}

/* The first copy of @needle in @data, which may hold NUL bytes. */
static const char *
find_bytes (const char *data,
            gsize       size,
            const char *needle,
            gsize       needle_size)
{
  for (gsize i = 0; i + needle_size <= size; i++)
    if (data[i] == needle[0] && memcmp (data + i, needle, needle_size) == 0)
      return data + i;

  return NULL;
}

/* @body with every copy of the API key replaced, before any of it is
 * cut short to be quoted (half a key would no longer be found).
 */
static GBytes *
redact_body (Request *request,
             GBytes  *body)
{
  g_autoptr(GByteArray) redacted = NULL;
  const char *data;
  const char *found;
  gsize key_length;
  gsize size;

  data = g_bytes_get_data (body, &size);
  key_length = request->api_key != NULL ? strlen (request->api_key) : 0;

  if (key_length < 4 || size == 0 ||
      !(found = find_bytes (data, size, request->api_key, key_length)))
    return g_bytes_ref (body);

  redacted = g_byte_array_sized_new (size);
  do
    {
      g_byte_array_append (redacted, (const guint8 *) data, found - data);
      g_byte_array_append (redacted, (const guint8 *) "[API key]", strlen ("[API key]"));
      size -= found - data + key_length;
      data = found + key_length;
    }
  while ((found = find_bytes (data, size, request->api_key, key_length)));
  g_byte_array_append (redacted, (const guint8 *) data, size);

  return g_byte_array_free_to_bytes (g_steal_pointer (&redacted));
}

/* The answer that was not streamed, parsed on a worker. */
static void
body_parsed_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = g_steal_pointer (&request->parsed_body);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  g_autoptr(GBytes) redacted = NULL;

  switch (confab_client_parse_body_finish (result, &answer, &error))
    {
    case CONFAB_CLIENT_BODY_ANSWER:
      if (request->finished)
        return;
      confab_message_update_from (request->answer, answer);
      confab_client_request_return_success (task);
      return;

    case CONFAB_CLIENT_BODY_NOT_JSON:
      if (request->finished)
        return;
      if (confab_client_request_content_type_is (request->message, "application/json") || g_bytes_get_size (body) == 0)
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): it was not the answer Confab expected."), request->status);
      else
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): a web page or other content instead of an answer. Check the base URL in Preferences."), request->status);

      confab_client_request_return_error (task, g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, message));
      return;

    case CONFAB_CLIENT_BODY_ERROR_OBJECT:
      if (request->finished)
        return;
      redacted = redact_body (request, body);
      confab_client_request_return_error (task, confab_error_from_http (request->status, NULL, NULL, redacted, request->model));
      return;

    case CONFAB_CLIENT_BODY_FAILED:
    default:
      if (request->finished)
        return;
      /* Cancelled by the caller while the body was parsed. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        confab_client_request_return_error (task, confab_client_request_error_from_io (request, error, TRUE));
      else
        confab_client_request_return_error (task, g_steal_pointer (&error));
      return;
    }
}

/* The body of an error status, or an answer that was not streamed. */
void
confab_client_request_finish_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));

  if (!SOUP_STATUS_IS_SUCCESSFUL (request->status))
    {
      g_autoptr(GBytes) redacted = redact_body (request, body);
      g_autoptr(GError) http_error = NULL;

      if (SOUP_STATUS_IS_REDIRECTION (request->status))
        http_error = confab_error_from_redirect (request->status,
                                                 soup_message_get_uri (request->message),
                                                 soup_message_headers_get_one (headers, "Location"));
      else
        http_error = confab_error_from_http (request->status,
                                             soup_message_headers_get_content_type (headers, NULL),
                                             soup_message_headers_get_one (headers, "Retry-After"),
                                             redacted,
                                             request->model);

      if (confab_client_request_status_is_from_proxy (request))
        confab_client_request_return_error_checking_proxy (task, NULL, g_steal_pointer (&http_error));
      else
        confab_client_request_return_error (task, g_steal_pointer (&http_error));
      return;
    }

  /* All of it is here: the server can stall no more. */
  if (request->watchdog != NULL)
    g_source_set_ready_time (request->watchdog, -1);

  request->parsed_body = g_bytes_ref (body);
  confab_client_parse_body_async (body, request->io_cancellable, body_parsed_cb, g_object_ref (task));
}

void
confab_client_request_start_decoder (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request->decoder = confab_stream_decoder_new (g_task_get_context (task),
                                                request_batch_cb,
                                                g_object_ref (task),
                                                g_object_unref);
}

/* Once the start of a body with a vague type tells what it is: an event
 * stream goes to the decoder with what was read so far.
 */
void
confab_client_request_sniff (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) start = NULL;

  switch (sniff_event_stream (request->body->data, request->body->len))
    {
    case SNIFF_UNSURE:
      return;

    case SNIFF_OTHER:
      request->sniffing = FALSE;
      return;

    case SNIFF_EVENTS:
    default:
      request->sniffing = FALSE;
      start = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
      confab_client_request_start_decoder (task);
      confab_stream_decoder_push (request->decoder, start);
      return;
    }
}
