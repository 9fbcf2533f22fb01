/* confab-client-request.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "confab-client-private.h"
#include "confab-error.h"
#include "confab-json.h"
#include "confab-stream-decoder.h"

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

/* How long the start of a secure connection may take, in seconds (at
 * most the stall timeout): a few round trips, where a server that
 * speaks only plain http never answers, waiting for a request line.
 */
#define HANDSHAKE_TIMEOUT 10

struct _ConfabClientRequest
{
  SoupMessage     *message;
  ConfabMessage   *answer;
  char            *model;
  char            *api_key;

  /* The caller's cancellable, and the one the I/O uses: cancelled by the
   * caller's or by the watchdog when the server goes silent.
   */
  GCancellable    *cancellable;
  gulong           cancelled_id;
  GCancellable    *io_cancellable;
  GSource         *watchdog;
  guint            stall_timeout;
  gboolean         stalled;
  /* Between the start of TLS and its end, under the shorter watchdog. */
  gboolean         handshaking;

  /* The session's proxy resolver, asked which proxy was at fault when
   * the request fails; the error to give when it was none.
   */
  SoupSession     *session;
  GProxyResolver  *proxy_resolver;
  GError          *proxy_status_error;
  GError          *transport_error;

  /* Watching the tunnel's CONNECT for a proxy that refused the password:
   * libsoup would give it the same password again and again.
   */
  gulong           request_queued_id;
  gboolean         proxy_refused;

  /* What was wrong with the server's certificate, when it was refused. */
  GTlsCertificateFlags tls_errors;

  GInputStream    *stream;
  guint            status;
  GByteArray      *body;
  gsize            body_limit;
  gboolean         sniffing;

  ConfabStreamDecoder *decoder;
  gboolean         saw_finish;
  gboolean         finished;
};

typedef struct _ConfabClientRequest Request;

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
static void
return_error (GTask  *task,
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

static void
return_success (GTask *task)
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
static GError *
error_from_io (Request      *request,
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

static void
proxy_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_auto(GStrv) proxies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fallback = NULL;
  GError *proxy_error = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (request->finished)
    return;

  fallback = g_steal_pointer (&request->proxy_status_error);

  if (proxies == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->stalled)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  if (proxies != NULL && proxies[0] != NULL && !g_str_equal (proxies[0], "direct://"))
    proxy_error = confab_error_from_proxy (proxies[0], request->status, request->transport_error);

  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    memset (proxies[i], 0, strlen (proxies[i]));

  return_error (task, proxy_error != NULL ? proxy_error : g_steal_pointer (&fallback));
}

/* Ends the request with what went wrong: the proxy's fault, named, when
 * a proxy was in the way and @status (its answer) or @transport_error
 * says it failed; @fallback (owned) otherwise.
 */
static void
return_error_checking_proxy (GTask        *task,
                             const GError *transport_error,
                             GError       *fallback)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *uri = NULL;

  /* Once the tunnel is up, a closed connection is the server's doing,
   * and so is a certificate libsoup was asked about.
   */
  if (request->proxy_resolver == NULL || request->stalled ||
      g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (transport_error != NULL && transport_error->domain == G_TLS_ERROR && request->tls_errors != 0) ||
      (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
       soup_message_get_tls_peer_certificate (request->message) != NULL))
    {
      return_error (task, fallback);
      return;
    }

  request->transport_error = transport_error != NULL ? g_error_copy (transport_error) : NULL;
  request->proxy_status_error = fallback;

  uri = g_uri_to_string_partial (soup_message_get_uri (request->message), G_URI_HIDE_USERINFO);
  g_proxy_resolver_lookup_async (request->proxy_resolver, uri,
                                 request->io_cancellable,
                                 proxy_lookup_cb,
                                 g_object_ref (task));
}

/* Whether an error status may be a proxy's own answer, not the
 * server's: through a tunnel (https), it came before any TLS; a 407 is
 * only ever a proxy's; a 401 is when it asks for a password scheme no
 * API uses and no proxy passed it on.
 */
static gboolean
status_is_from_proxy (Request *request)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  GUri *uri = soup_message_get_uri (request->message);
  const char *challenge;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return soup_message_get_tls_peer_certificate (request->message) == NULL;

  if (request->status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED)
    return TRUE;

  if (request->status != SOUP_STATUS_UNAUTHORIZED)
    return FALSE;

  if (soup_message_headers_get_one (headers, "Proxy-Authenticate") != NULL)
    return TRUE;

  challenge = soup_message_headers_get_one (headers, "WWW-Authenticate");

  return challenge != NULL &&
         g_ascii_strncasecmp (challenge, "Bearer", strlen ("Bearer")) != 0 &&
         soup_message_headers_get_one (headers, "Via") == NULL;
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

static gboolean
content_type_is (SoupMessage *message,
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
static gboolean
content_type_is_vague (SoupMessage *message)
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
      return_success (task);
      return;
    }

  /* libsoup reports a chunked body cut between two chunks as a clean
   * end, so an answer that never said it was done was cut off.
   */
  if (*confab_message_get_content (request->answer) == '\0' &&
      *confab_message_get_reasoning (request->answer) == '\0')
    return_error (task,
                  g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                       _("The server closed the connection without answering. Try again.")));
  else
    return_error (task,
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
    return_error (task, g_steal_pointer (&batch->error));
  else if (batch->done)
    return_success (task);
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

/* The body of an error status, or an answer that was not streamed. */
static void
request_finish_body (GTask *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  g_autoptr(GBytes) body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  const char *data;
  gsize size;

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

      if (status_is_from_proxy (request))
        return_error_checking_proxy (task, NULL, g_steal_pointer (&http_error));
      else
        return_error (task, g_steal_pointer (&http_error));
      return;
    }

  data = g_bytes_get_data (body, &size);
  root = confab_json_parse (data, size, NULL);

  if (root == NULL)
    {
      g_autofree char *message = NULL;

      if (content_type_is (request->message, "application/json") || size == 0)
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): it was not the answer Confab expected."), request->status);
      else
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): a web page or other content instead of an answer. Check the base URL in Preferences."), request->status);

      return_error (task, g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, message));
      return;
    }

  /* Some gateways answer 200 with an error object. */
  if (JSON_NODE_HOLDS_OBJECT (root) &&
      json_object_has_member (json_node_get_object (root), "error") &&
      !json_object_has_member (json_node_get_object (root), "choices"))
    {
      g_autoptr(GBytes) redacted = redact_body (request, body);

      return_error (task, confab_error_from_http (request->status, NULL, NULL, redacted, request->model));
      return;
    }

  if (!(answer = confab_message_new_from_response (root, &error)))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  confab_message_update_from (request->answer, answer);
  return_success (task);
}

static void
request_start_decoder (GTask *task)
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
static void
request_sniff (GTask *task)
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
      request_start_decoder (task);
      confab_stream_decoder_push (request->decoder, start);
      return;
    }
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
          status_is_from_proxy (request))
        return_error_checking_proxy (task, NULL,
                                     confab_error_from_http (request->status, NULL, NULL, NULL, request->model));
      else
        return_error (task, error_from_io (request, error, TRUE));
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
          request_finish_body (task);
          return;
        }

      /* An error page longer than needed: its start is enough to tell
       * what went wrong.
       */
      if (request->body->len + size > request->body_limit &&
          !SOUP_STATUS_IS_SUCCESSFUL (request->status))
        {
          g_byte_array_append (request->body, (const guint8 *) data, request->body_limit - request->body->len);
          request_finish_body (task);
          return;
        }

      if (request->body->len + size > request->body_limit)
        {
          return_error (task,
                        g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                             _("The server sent an unexpected response: it was far larger than any answer.")));
          return;
        }

      g_byte_array_append (request->body, (const guint8 *) data, size);

      if (request->sniffing)
        request_sniff (task);
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
      /* Stopped after the proxy's 407 (see tunnel_got_headers_cb); the
       * proxy is still looked up, to be named.
       */
      g_clear_object (&request->io_cancellable);
      request->io_cancellable = g_cancellable_new ();
      request->status = SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED;
      return_error_checking_proxy (task, NULL,
                                   confab_error_from_http (request->status, NULL, NULL, NULL, request->model));
      return;
    }

  if (request->stream == NULL)
    {
      return_error_checking_proxy (task, error, error_from_io (request, error, FALSE));
      return;
    }

  request_touch (request);
  request->status = soup_message_get_status (request->message);

  /* A server may ignore "stream" and answer in one piece, or stream
   * without saying so.
   */
  if (SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
      content_type_is (request->message, "text/event-stream"))
    {
      request_start_decoder (task);
    }
  else
    {
      request->body = g_byte_array_new ();
      request->body_limit = SOUP_STATUS_IS_SUCCESSFUL (request->status) ? MAX_ANSWER_SIZE : MAX_ERROR_SIZE;
      request->sniffing = SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
                          content_type_is_vague (request->message);
    }

  request_read_more (g_steal_pointer (&task));
}

static void
request_send (GTask *task)
{
  Request *request = g_task_get_task_data (task);

  soup_session_send_async (request->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           request->io_cancellable,
                           confab_client_send_cb,
                           g_object_ref (task));
}

/* Through an HTTP proxy with a password, a plain http request carries
 * the password from the start, as curl sends it: the proxy's 407 would
 * come while the body is still on its way, and some proxies (tinyproxy)
 * then reset the connection before the 407 is read.  (https requests go
 * through a tunnel, whose 407 libsoup answers itself.)
 */
static void
add_proxy_authorization (SoupMessage *message,
                         const char  *proxy_uri)
{
  g_autoptr(GUri) proxy = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  const char *user;
  const char *password;

  proxy = g_uri_parse (proxy_uri, G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (proxy == NULL || g_ascii_strcasecmp (g_uri_get_scheme (proxy), "http") != 0)
    return;

  user = g_uri_get_user (proxy);
  password = g_uri_get_password (proxy);
  if (user == NULL || *user == '\0')
    return;

  credentials = g_strconcat (user, ":", password ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Basic ", encoded, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Proxy-Authorization", authorization);

  memset (credentials, 0, strlen (credentials));
  memset (encoded, 0, strlen (encoded));
  memset (authorization, 0, strlen (authorization));
}

static void
send_lookup_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_auto(GStrv) proxies = NULL;
  g_autoptr(GError) error = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (request->finished)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      return_error (task, error_from_io (request, error, FALSE));
      return;
    }

  /* libsoup looks the proxy up again, and reports what it cannot use. */
  if (proxies != NULL && proxies[0] != NULL)
    add_proxy_authorization (request->message, proxies[0]);

  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    memset (proxies[i], 0, strlen (proxies[i]));

  request_send (task);
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
  return_error (task, error);
}

/* The proxy answered the tunnel's CONNECT with a 407 although the
 * password was on it: the password is wrong.  libsoup (3.6 at least)
 * would send the same one again for ever when it came with the proxy's
 * address, so the request stops here.
 */
static void
tunnel_got_headers_cb (SoupMessage *connect,
                       GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_request_headers (connect);

  if (request->finished ||
      soup_message_get_status (connect) != SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED ||
      soup_message_headers_get_one (headers, "Proxy-Authorization") == NULL)
    return;

  request->proxy_refused = TRUE;
  g_cancellable_cancel (request->io_cancellable);
}

static void
session_request_queued_cb (SoupSession *session,
                           SoupMessage *message,
                           GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  GUri *uri = soup_message_get_uri (message);
  GUri *target = soup_message_get_uri (request->message);

  if (request->finished ||
      soup_message_get_method (message) != SOUP_METHOD_CONNECT ||
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (target)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (target))
    return;

  g_signal_connect_object (message, "got-headers",
                           G_CALLBACK (tunnel_got_headers_cb),
                           task, 0);
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
                               (gint64) MIN (request->stall_timeout, HANDSHAKE_TIMEOUT) * G_USEC_PER_SEC);
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
                                                          G_CALLBACK (session_request_queued_cb),
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
                                     send_lookup_cb,
                                     g_object_ref (task));
      return;
    }

  request_send (task);
}
