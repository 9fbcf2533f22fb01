/* confab-client.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "confab-client.h"
#include "confab-error.h"
#include "confab-json.h"
#include "confab-request.h"
#include "confab-stream-decoder.h"

/* The client owns the application's one SoupSession and turns a
 * conversation into a chat-completions request and the answer into a
 * ConfabMessage.  It knows nothing about widgets.
 *
 * The API key goes only into the Authorization header of requests to the
 * configured base URL: redirects are not followed, no SoupLogger is ever
 * attached, and every error text is redacted before it leaves.
 */

/* Limits on what the server may send.  An answer that is not streamed is
 * held whole; an error body only needs its message.
 */
#define MAX_ANSWER_SIZE (64 * 1024 * 1024)
#define MAX_ERROR_SIZE  (1024 * 1024)
#define READ_SIZE       (64 * 1024)

struct _ConfabClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *api_key;
  guint        timeout;
  guint        stall_timeout;
};

G_DEFINE_FINAL_TYPE (ConfabClient, confab_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_TIMEOUT,
  PROP_STALL_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
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

  GInputStream    *stream;
  guint            status;
  GByteArray      *body;
  gsize            body_limit;

  ConfabStreamDecoder *decoder;
  gboolean         saw_finish;
  gboolean         got_created;
  gboolean         finished;
} Request;

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

static GError *
error_from_io (Request      *request,
               const GError *error)
{
  if (request->stalled)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TIMEOUT,
                        g_dngettext (GETTEXT_PACKAGE,
                                     "The server sent nothing for %u second, so the answer was stopped. Try again, or allow a longer wait in Preferences.",
                                     "The server sent nothing for %u seconds, so the answer was stopped. Try again, or allow a longer wait in Preferences.",
                                     request->stall_timeout),
                        request->stall_timeout);

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

static gboolean
content_type_is (SoupMessage *message,
                 const char  *type)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return content_type != NULL && g_ascii_strcasecmp (content_type, type) == 0;
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

  if (batch->created > 0 && !request->got_created)
    {
      g_autoptr(GDateTime) created = g_date_time_new_from_unix_utc (batch->created);

      request->got_created = TRUE;
      if (created != NULL)
        confab_message_set_created (request->answer, created);
    }

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
      return_error (task,
                    confab_error_from_http (request->status,
                                            soup_message_headers_get_content_type (headers, NULL),
                                            soup_message_headers_get_one (headers, "Retry-After"),
                                            body,
                                            request->model));
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
      return_error (task, confab_error_from_http (request->status, NULL, NULL, body, request->model));
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
      return_error (task, error_from_io (request, error));
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

      if (request->body->len + size > request->body_limit)
        {
          return_error (task,
                        g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                             _("The server sent an unexpected response: it was far larger than any answer.")));
          return;
        }

      g_byte_array_append (request->body, (const guint8 *) data, size);
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

  if (request->stream == NULL)
    {
      return_error (task, error_from_io (request, error));
      return;
    }

  request_touch (request);
  request->status = soup_message_get_status (request->message);

  /* A server may ignore "stream" and answer in one piece. */
  if (SOUP_STATUS_IS_SUCCESSFUL (request->status) &&
      content_type_is (request->message, "text/event-stream"))
    {
      request->decoder = confab_stream_decoder_new (g_task_get_context (task),
                                                    request_batch_cb,
                                                    g_object_ref (task),
                                                    g_object_unref);
    }
  else
    {
      request->body = g_byte_array_new ();
      request->body_limit = SOUP_STATUS_IS_SUCCESSFUL (request->status) ? MAX_ANSWER_SIZE : MAX_ERROR_SIZE;
    }

  request_read_more (g_steal_pointer (&task));
}

static void
confab_client_finalize (GObject *object)
{
  ConfabClient *self = (ConfabClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->api_key, g_free);

  G_OBJECT_CLASS (confab_client_parent_class)->finalize (object);
}

static void
confab_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConfabClient *self = CONFAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_API_KEY:
      g_value_set_string (value, self->api_key);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ConfabClient *self = CONFAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_BASE_URL:
      confab_client_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_API_KEY:
      confab_client_set_api_key (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      confab_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_STALL_TIMEOUT:
      confab_client_set_stall_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_client_class_init (ConfabClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_client_finalize;
  object_class->get_property = confab_client_get_property;
  object_class->set_property = confab_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         CONFAB_CLIENT_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabClient:timeout:
   *
   * Seconds a network read or write may wait.  Thinking models can be
   * silent for minutes before their first byte, so this is far above
   * libsoup's default of 60 seconds.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 24 * 60 * 60, CONFAB_CLIENT_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabClient:stall-timeout:
   *
   * Seconds a request may go without a single byte from the server
   * before it is given up as stalled.
   */
  properties[PROP_STALL_TIMEOUT] =
    g_param_spec_uint ("stall-timeout", NULL, NULL,
                       1, 24 * 60 * 60, CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_client_init (ConfabClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Confab/%s ", PACKAGE_VERSION);

  self->base_url = g_strdup (CONFAB_CLIENT_DEFAULT_BASE_URL);
  self->timeout = CONFAB_CLIENT_DEFAULT_TIMEOUT;
  self->stall_timeout = CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT;

  /* The default proxy resolver stays: it gives the system's proxy
   * settings, and the portal's inside Flatpak.
   */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout,
                                                 NULL);
}

ConfabClient *
confab_client_new (void)
{
  return g_object_new (CONFAB_TYPE_CLIENT, NULL);
}

const char *
confab_client_get_base_url (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);

  return self->base_url;
}

void
confab_client_set_base_url (ConfabClient *self,
                            const char   *base_url)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));

  if (base_url == NULL)
    base_url = CONFAB_CLIENT_DEFAULT_BASE_URL;

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

void
confab_client_set_api_key (ConfabClient *self,
                           const char   *api_key)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  /* Pasted keys often carry a trailing newline or space. */
  stripped = g_strstrip (g_strdup (api_key ? api_key : ""));

  if (g_strcmp0 (self->api_key, stripped) == 0)
    return;

  g_free (self->api_key);
  self->api_key = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
}

guint
confab_client_get_timeout (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), 0);

  return self->timeout;
}

void
confab_client_set_timeout (ConfabClient *self,
                           guint         timeout)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (timeout > 0);

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  soup_session_set_timeout (self->session, timeout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
confab_client_get_stall_timeout (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), 0);

  return self->stall_timeout;
}

void
confab_client_set_stall_timeout (ConfabClient *self,
                                 guint         stall_timeout)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (stall_timeout > 0);

  if (self->stall_timeout == stall_timeout)
    return;

  self->stall_timeout = stall_timeout;

  /* libsoup's own I/O timeout stays behind the watchdog, whose message
   * says what happened.
   */
  if (self->timeout < stall_timeout + 60)
    confab_client_set_timeout (self, stall_timeout + 60);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}

/**
 * confab_client_chat_async:
 * @model: the model to ask
 * @system_prompt: (nullable): sent first when not empty
 * @history: a #GListModel of #ConfabMessage, oldest first, ending with
 *   the prompt to answer
 * @answer: the assistant message to fill in
 * @stream: whether to ask for the answer as it is written
 *
 * Asks for the next assistant message of @history and writes it into
 * @answer: pending at once, then the text as it arrives, then complete,
 * failed (keeping what arrived) or cancelled.
 */
void
confab_client_chat_async (ConfabClient        *self,
                          const char          *model,
                          const char          *system_prompt,
                          GListModel          *history,
                          ConfabMessage       *answer,
                          gboolean             stream,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_utc ();
  SoupMessageHeaders *headers;
  Request *request;
  char *json;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (history));
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_chat_async);

  request = g_new0 (Request, 1);
  request->answer = g_object_ref (answer);
  request->model = g_strdup (model);
  request->api_key = g_strdup (self->api_key);
  request->stall_timeout = self->stall_timeout;
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

  if (!(uri = confab_request_build_uri (self->base_url, "chat/completions", &error)))
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  /* Local servers (llama.cpp, Ollama) need no key; remote ones do. */
  if ((self->api_key == NULL || *self->api_key == '\0') && !confab_request_uri_is_loopback (uri))
    {
      return_error (task,
                    g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY,
                                         _("No API key is set. Add the key from your service in Preferences.")));
      return;
    }

  body = confab_request_build_body (model, system_prompt, history);
  if (stream)
    {
      JsonObject *object = json_node_get_object (body);
      JsonObject *options = json_object_new ();

      json_object_set_boolean_member (object, "stream", TRUE);
      json_object_set_boolean_member (options, "include_usage", TRUE);
      json_object_set_object_member (object, "stream_options", options);
    }

  json = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (json, strlen (json));

  request->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", stream ? "text/event-stream, application/json" : "application/json");

  if (self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

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

  soup_session_send_async (self->session,
                           request->message,
                           G_PRIORITY_DEFAULT,
                           request->io_cancellable,
                           confab_client_send_cb,
                           g_steal_pointer (&task));
}

/**
 * confab_client_chat_finish:
 *
 * Returns: %TRUE when the answer is complete; %FALSE with @error set:
 *   %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
gboolean
confab_client_chat_finish (ConfabClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
confab_client_complete_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (confab_client_chat_finish (CONFAB_CLIENT (object), result, &error))
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * confab_client_complete_async:
 *
 * Like confab_client_chat_async() without streaming, for a new message.
 */
void
confab_client_complete_async (ConfabClient        *self,
                              const char          *model,
                              const char          *system_prompt,
                              GListModel          *history,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConfabMessage *answer;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_complete_async);

  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_task_set_task_data (task, answer, g_object_unref);

  confab_client_chat_async (self, model, system_prompt, history, answer, FALSE,
                            cancellable, confab_client_complete_cb, g_steal_pointer (&task));
}

/**
 * confab_client_complete_finish:
 *
 * Returns: (transfer full): a complete assistant message, or %NULL with
 *   @error set: %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
ConfabMessage *
confab_client_complete_finish (ConfabClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
