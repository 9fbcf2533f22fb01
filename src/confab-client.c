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
#include "confab-request.h"

/* The client owns the application's one SoupSession and turns a
 * conversation into a chat-completions request and the answer into a
 * ConfabMessage.  It knows nothing about widgets.
 *
 * The API key goes only into the Authorization header of requests to the
 * configured base URL: redirects are not followed, no SoupLogger is ever
 * attached, and every error text is redacted before it leaves.
 */

/* Answers bigger than this are not an answer; refuse to hold them. */
#define MAX_RESPONSE_SIZE (64 * 1024 * 1024)

struct _ConfabClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  char        *api_key;
  guint        timeout;
};

G_DEFINE_FINAL_TYPE (ConfabClient, confab_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_TIMEOUT,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

typedef struct
{
  SoupMessage *message;
  char        *model;
  char        *api_key;
} Request;

static void
request_free (gpointer data)
{
  Request *request = data;

  g_clear_object (&request->message);
  g_clear_pointer (&request->model, g_free);
  if (request->api_key != NULL)
    {
      memset (request->api_key, 0, strlen (request->api_key));
      g_clear_pointer (&request->api_key, g_free);
    }
  g_free (request);
}

static void
return_error (GTask  *task,
              GError *error)
{
  Request *request = g_task_get_task_data (task);

  if (request != NULL && request->api_key != NULL && error->message != NULL)
    {
      char *redacted = confab_error_redact (error->message, request->api_key);

      g_free (error->message);
      error->message = redacted;
    }

  g_task_return_error (task, error);
}

static gboolean
content_type_is_json (SoupMessage *message)
{
  const char *content_type;

  content_type = soup_message_headers_get_content_type (soup_message_get_response_headers (message), NULL);

  return content_type != NULL &&
         (g_ascii_strcasecmp (content_type, "application/json") == 0 ||
          g_str_has_suffix (content_type, "+json"));
}

static void
confab_client_complete_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  SoupSession *session = SOUP_SESSION (object);
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  SoupMessageHeaders *headers;
  const char *data;
  gsize size;
  guint status;

  body = soup_session_send_and_read_finish (session, result, &error);

  if (body == NULL)
    {
      return_error (task, confab_error_from_transport (error));
      return;
    }

  status = soup_message_get_status (request->message);
  headers = soup_message_get_response_headers (request->message);

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      return_error (task,
                    confab_error_from_http (status,
                                            soup_message_headers_get_content_type (headers, NULL),
                                            soup_message_headers_get_one (headers, "Retry-After"),
                                            body,
                                            request->model));
      return;
    }

  data = g_bytes_get_data (body, &size);
  parser = json_parser_new_immutable ();

  if (size == 0 || size > MAX_RESPONSE_SIZE ||
      !json_parser_load_from_data (parser, data, size, NULL))
    {
      g_autofree char *message = NULL;

      if (content_type_is_json (request->message) || size == 0)
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): it was not the answer Confab expected."), status);
      else
        message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u): a web page or other content instead of an answer. Check the base URL in Preferences."), status);

      return_error (task, g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE, message));
      return;
    }

  /* Some gateways answer 200 with an error object. */
  if (JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)) &&
      json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "error") &&
      !json_object_has_member (json_node_get_object (json_parser_get_root (parser)), "choices"))
    {
      return_error (task, confab_error_from_http (status, NULL, NULL, body, request->model));
      return;
    }

  answer = confab_message_new_from_response (json_parser_get_root (parser), &error);
  if (answer == NULL)
    {
      return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, g_steal_pointer (&answer), g_object_unref);
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

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_client_init (ConfabClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Confab/%s ", PACKAGE_VERSION);

  self->base_url = g_strdup (CONFAB_CLIENT_DEFAULT_BASE_URL);
  self->timeout = CONFAB_CLIENT_DEFAULT_TIMEOUT;

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

/**
 * confab_client_complete_async:
 * @model: the model to ask
 * @system_prompt: (nullable): sent first when not empty
 * @history: a #GListModel of #ConfabMessage, oldest first, ending with
 *   the prompt to answer
 *
 * Asks for the next assistant message of @history.
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
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  SoupMessageHeaders *headers;
  Request *request;
  char *json;
  gsize length;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (history));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_complete_async);

  request = g_new0 (Request, 1);
  request->model = g_strdup (model);
  request->api_key = g_strdup (self->api_key);
  g_task_set_task_data (task, request, request_free);

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
  json = json_to_string (body, FALSE);
  length = strlen (json);
  bytes = g_bytes_new_take (json, length);

  request->message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_add_flags (request->message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (request->message, "application/json", bytes);

  headers = soup_message_get_request_headers (request->message);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  soup_session_send_and_read_async (self->session,
                                    request->message,
                                    G_PRIORITY_DEFAULT,
                                    cancellable,
                                    confab_client_complete_cb,
                                    g_steal_pointer (&task));
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
