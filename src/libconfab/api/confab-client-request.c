/* confab-client-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-client-request-private.h"
#include "confab-error.h"

/* One chat request in flight: the answer arriving, either streamed as
 * Server-Sent Events (decoded on a worker by ConfabStreamDecoder) or in
 * one JSON body, read with size limits, under a stall watchdog, and
 * ended exactly once: complete, failed with what arrived kept, or
 * cancelled.
 */

/* Limits on what the server may send.  An answer that is not streamed is
 * held whole; an error body only needs its message.
 */
#define MAX_ANSWER_SIZE (64 * 1024 * 1024)
#define MAX_ERROR_SIZE  (1024 * 1024)
#define READ_SIZE       (64 * 1024)

static void
request_free (gpointer data)
{
  Request *request = data;

  if (request->cancelled_id != 0)
    g_cancellable_disconnect (request->cancellable, request->cancelled_id);
  g_clear_object (&request->cancellable);

  if (request->watchdog != NULL)
    {
      g_source_destroy (request->watchdog);
      g_clear_pointer (&request->watchdog, g_source_unref);
    }

  g_clear_object (&request->io_cancellable);
  g_clear_object (&request->proxy_resolver);
  g_clear_object (&request->session);
  g_clear_error (&request->proxy_status_error);
  g_clear_error (&request->transport_error);
  g_clear_object (&request->stream);
  g_clear_object (&request->message);
  g_clear_object (&request->answer);
  g_clear_pointer (&request->model, g_free);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_clear_pointer (&request->parsed_body, g_bytes_unref);
  if (request->decoder != NULL)
    {
      confab_stream_decoder_cancel (request->decoder);
      g_clear_pointer (&request->decoder, confab_stream_decoder_unref);
    }

  if (request->api_key != NULL)
    {
      memset (request->api_key, 0, strlen (request->api_key));
      g_clear_pointer (&request->api_key, g_free);
    }

  g_free (request);
}

/* Stops what may still be under way: a read, the decoder's batches. */
static void
request_finished (Request *request)
{
  request->finished = TRUE;
  g_cancellable_cancel (request->io_cancellable);

  if (request->request_queued_id != 0)
    g_clear_signal_handler (&request->request_queued_id, request->session);

  if (request->decoder != NULL)
    confab_stream_decoder_cancel (request->decoder);
}

/* Ends the request with @error: the answer keeps what arrived and shows
 * why it stopped.  No error text leaves here with the API key in it.
 */
void
confab_client_request_return_error (GTask  *task,
                                    GError *error)
{
  Request *request = g_task_get_task_data (task);

  if (request->api_key != NULL && error->message != NULL)
    {
      char *redacted = confab_error_redact (error->message, request->api_key);

      g_free (error->message);
      error->message = redacted;
    }

  request_finished (request);
  confab_message_end_deltas (request->answer);
  confab_message_fail (request->answer, error);
  g_task_return_error (task, error);
}

void
confab_client_request_return_success (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  request_finished (request);
  confab_message_end_deltas (request->answer);
  confab_message_set_error (request->answer, NULL);
  confab_message_set_state (request->answer, CONFAB_MESSAGE_STATE_COMPLETE);
  g_task_return_boolean (task, TRUE);
}

/* Whether @error says the connection ended before the answer did. */
static gboolean
error_is_cut (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE);
}

/* What went wrong with the connection: @answering says whether the
 * server had begun its answer (its headers arrived).
 */
GError *
confab_client_request_error_from_io (Request      *request,
                                     const GError *error,
                                     gboolean      answering)
{
  if (request->stalled && request->handshaking)
    return confab_error_not_tls (soup_message_get_uri (request->message), FALSE);

  /* A plain http server answers the hello as a bad request: GnuTLS
   * reads "HTTP/1.1 400" as an unexpected packet (G_TLS_ERROR_MISC), or
   * as no TLS at all.  The certificate was not reached.
   */
  if (request->handshaking && request->tls_errors == 0 &&
      (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
       g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_MISC)))
    return confab_error_not_tls (soup_message_get_uri (request->message), TRUE);

  if (request->stalled)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The server sent nothing for %u second, so the answer was stopped. Try again, or allow a longer wait in Preferences.",
                                     "The server sent nothing for %u seconds, so the answer was stopped. Try again, or allow a longer wait in Preferences.",
                                     request->stall_timeout),
                        request->stall_timeout);

  if (request->tls_errors != 0 && error != NULL && error->domain == G_TLS_ERROR)
    return confab_error_from_certificate (request->tls_errors);

  /* A server that speaks only https drops a plain http request at its
   * first bytes, which are no TLS hello.
   */
  if (error_is_cut (error) && !answering &&
      g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (request->message)), "http") == 0)
    return confab_error_closed_plain (soup_message_get_uri (request->message));

  if (error_is_cut (error) && !answering)
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                _("The server closed the connection without answering. Try again."));

  if (error_is_cut (error) &&
      (*confab_message_get_content (request->answer) != '\0' ||
       *confab_message_get_reasoning (request->answer) != '\0'))
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                _("The connection broke before the answer was complete. What arrived is kept; retry for a whole answer."));

  if (error_is_cut (error))
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                _("The connection broke before the answer was complete. Try again."));

  return confab_error_from_transport (error);
}

static gboolean
watchdog_cb (gpointer user_data)
{
  Request *request = user_data;

  request->stalled = TRUE;
  g_cancellable_cancel (request->io_cancellable);

  return G_SOURCE_CONTINUE;
}

static gboolean
watchdog_dispatch (GSource     *source,
                   GSourceFunc  callback,
                   gpointer     user_data)
{
  g_source_set_ready_time (source, -1);

  return callback (user_data);
}

static GSourceFuncs watchdog_funcs = {
  .dispatch = watchdog_dispatch,
};

/* Every byte from the server puts the watchdog off again. */
static void
request_touch (Request *request)
{
  g_source_set_ready_time (request->watchdog,
                           g_get_monotonic_time () + (gint64) request->stall_timeout * G_USEC_PER_SEC);
}

static void
request_cancelled_cb (GCancellable *cancellable,
                      gpointer      user_data)
{
  Request *request = user_data;

  g_cancellable_cancel (request->io_cancellable);
}

static void confab_client_read_cb (GObject      *object,
                                   GAsyncResult *result,
                                   gpointer      user_data);

static void
request_read_more (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream,
                                   READ_SIZE,
                                   G_PRIORITY_DEFAULT,
                                   request->io_cancellable,
                                   confab_client_read_cb,
                                   task);
}

static void
confab_client_read_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

  bytes = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);

  /* The answer may have been done, or failed, while this read waited. */
  if (request->finished)
    return;

  if (bytes == NULL)
    {
      /* A proxy may close the connection right after its error status,
       * before its page is read: the status is what counts.
       */
      if (request->body != NULL && !SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
          !request->stalled && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
          confab_client_request_status_is_from_proxy (request))
        confab_client_request_return_error_checking_proxy (task, NULL,
                                                           confab_error_from_http (request->status, NULL, NULL, NULL, request->model));
      else
        confab_client_request_return_error (task, confab_client_request_error_from_io (request, error, TRUE));
      return;
    }

  request_touch (request);
  data = g_bytes_get_data (bytes, &size);

  if (request->decoder != NULL)
    {
      /* The end of the answer comes as the decoder's last batch. */
      if (size == 0)
        {
          confab_stream_decoder_close (request->decoder);
          return;
        }

      confab_stream_decoder_push (request->decoder, bytes);
    }
  else
    {
      if (size == 0)
        {
          confab_client_request_finish_body (task);
          return;
        }

      /* An error page longer than needed: its start is enough to tell
       * what went wrong.
       */
      if (request->body->len + size > request->body_limit &&
          !SOUP_STATUS_IS_SUCCESSFUL (request->status))
        {
          g_byte_array_append (request->body, (const guint8 *) data, request->body_limit - request->body->len);
          confab_client_request_finish_body (task);
          return;
        }

      if (request->body->len + size > request->body_limit)
        {
          confab_client_request_return_error (task,
                                              g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                                                   _("The server sent an unexpected response: it was far larger than any answer.")));
          return;
        }

      g_byte_array_append (request->body, (const guint8 *) data, size);

      if (request->sniffing)
        confab_client_request_sniff (task);
    }

  request_read_more (g_steal_pointer (&task));
}

static void
confab_client_send_cb (GObject      *object,
                       GAsyncResult *result,
                       gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);

  if (request->stream == NULL && request->proxy_refused)
    {
      /* Stopped after the proxy's 407 (see proxy_got_headers_cb); the
       * proxy is still looked up, to be named.
       */
      g_clear_object (&request->io_cancellable);
      request->io_cancellable = g_cancellable_new ();
      request->status = SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED;
      confab_client_request_return_error_checking_proxy (task, NULL,
                                                         confab_error_from_http (request->status, NULL, NULL, NULL, request->model));
      return;
    }

  if (request->stream == NULL)
    {
      confab_client_request_return_error_checking_proxy (task, error, confab_client_request_error_from_io (request, error, FALSE));
      return;
    }

  request_touch (request);
  request->status = soup_message_get_status (request->message);

  /* A server may ignore "stream" and answer in one piece, or stream
   * without saying so.
   */
  if (SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
      confab_client_request_content_type_is (request->message, "text/event-stream"))
    {
      confab_client_request_start_decoder (task);
    }
  else
    {
      request->body = g_byte_array_new ();
      request->body_limit = SOUP_STATUS_IS_SUCCESSFUL (request->status) ? MAX_ANSWER_SIZE : MAX_ERROR_SIZE;
      request->sniffing = SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
                          confab_client_request_content_type_is_vague (request->message);
    }

  request_read_more (g_steal_pointer (&task));
}

void
confab_client_request_send_message (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  soup_session_send_async (request->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           request->io_cancellable,
                           confab_client_send_cb,
                           g_object_ref (task));
}

/**
 * confab_client_request_attach:
 *
 * Makes a request the data of @task, and resets @answer for it: empty,
 * pending, asked of @model now.
 */
void
confab_client_request_attach (GTask         *task,
                              ConfabMessage *answer,
                              const char    *model,
                              const char    *api_key,
                              guint          stall_timeout)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  Request *request;

  request = g_new0 (Request, 1);
  request->answer = g_object_ref (answer);
  request->model = g_strdup (model);
  request->api_key = g_strdup (api_key);
  request->stall_timeout = stall_timeout;
  request->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, request, request_free);

  confab_message_set_content (answer, "");
  confab_message_set_reasoning (answer, NULL);
  confab_message_set_finish_reason (answer, NULL);
  confab_message_set_usage (answer, NULL);
  confab_message_set_error (answer, NULL);
  confab_message_set_model (answer, model);
  confab_message_set_response_id (answer, NULL);
  confab_message_set_created (answer, now);
  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
}

/**
 * confab_client_request_fail:
 *
 * Ends the request of @task with @error before anything was sent.
 */
void
confab_client_request_fail (GTask  *task,
                            GError *error)
{
  confab_client_request_return_error (task, error);
}

/* The start of TLS has a watchdog of its own, shorter than the stall
 * timeout: a server that speaks only plain http waits for a request
 * line, and the client for its answer to the hello, until one gives up.
 */
static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  GTask              *task)
{
  Request *request = g_task_get_task_data (task);

  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      request->handshaking = TRUE;
      g_source_set_ready_time (request->watchdog,
                               g_get_monotonic_time () +
                               (gint64) MIN (request->stall_timeout, CONFAB_CLIENT_HANDSHAKE_TIMEOUT) * G_USEC_PER_SEC);
    }
  else if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    {
      request->handshaking = FALSE;
      request_touch (request);
    }
}

/* A certificate GIO did not accept: refused still, and why is kept to
 * be told.
 */
static gboolean
accept_certificate_cb (SoupMessage          *message,
                       GTlsCertificate      *certificate,
                       GTlsCertificateFlags  errors,
                       GTask                *task)
{
  Request *request = g_task_get_task_data (task);

  request->tls_errors = errors;

  return FALSE;
}

/**
 * confab_client_request_send:
 *
 * Sends @message for the request of @task, with the stall watchdog
 * running and the caller's @cancellable able to stop it.
 */
void
confab_client_request_send (GTask        *task,
                            SoupSession  *session,
                            SoupMessage  *message,
                            GCancellable *cancellable)
{
  Request *request = g_task_get_task_data (task);

  request->message = g_object_ref (message);
  g_signal_connect_object (message, "accept-certificate",
                           G_CALLBACK (accept_certificate_cb),
                           task, 0);
  g_signal_connect_object (message, "network-event",
                           G_CALLBACK (network_event_cb),
                           task, 0);
  g_set_object (&request->proxy_resolver, soup_session_get_proxy_resolver (session));

  request->watchdog = g_source_new (&watchdog_funcs, sizeof (GSource));
  g_source_set_callback (request->watchdog, watchdog_cb, request, NULL);
  g_source_set_static_name (request->watchdog, "[confab] stall watchdog");
  g_source_attach (request->watchdog, g_task_get_context (task));
  request_touch (request);

  if (cancellable != NULL)
    {
      request->cancellable = g_object_ref (cancellable);
      request->cancelled_id = g_cancellable_connect (cancellable,
                                                     G_CALLBACK (request_cancelled_cb),
                                                     request, NULL);
    }

  request->session = g_object_ref (session);

  if (request->proxy_resolver != NULL &&
      g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (message)), "https") == 0)
    request->request_queued_id = g_signal_connect_object (session, "request-queued",
                                                          G_CALLBACK (confab_client_request_queued_cb),
                                                          task, 0);

  /* A plain http request goes to a proxy with a password only once that
   * password is on it (see below); https requests, at once.
   */
  if (request->proxy_resolver != NULL &&
      g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (message)), "http") == 0)
    {
      g_autofree char *uri = g_uri_to_string_partial (soup_message_get_uri (message), G_URI_HIDE_USERINFO);

      g_proxy_resolver_lookup_async (request->proxy_resolver, uri,
                                     request->io_cancellable,
                                     confab_client_request_send_lookup_cb,
                                     g_object_ref (task));
      return;
    }

  confab_client_request_send_message (task);
}
