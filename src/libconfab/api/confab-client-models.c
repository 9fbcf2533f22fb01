/* confab-client-models.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "confab-client-private.h"
#include "confab-error.h"
#include "confab-request.h"

/* A list of models is a few kilobytes; a body far larger is not one. */
#define MODELS_MAX_BODY (4 * 1024 * 1024)

typedef struct
{
  char        *api_key;
  SoupMessage *message;
  GByteArray  *body;
} ModelsRequest;

static void
models_request_free (gpointer data)
{
  ModelsRequest *request = data;

  confab_client_clear_secret (&request->api_key);
  g_clear_object (&request->message);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
models_return_error (GTask  *task,
                     GError *error)
{
  ModelsRequest *request = g_task_get_task_data (task);

  if (request->api_key != NULL && *request->api_key != '\0')
    {
      char *redacted = confab_error_redact (error->message, request->api_key);

      g_free (error->message);
      error->message = redacted;
    }

  g_task_return_error (task, error);
}

static void models_read_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
models_read_next (GTask        *task,
                  GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task),
                                   models_read_cb, task);
}

static void
models_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  ModelsRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  GStrv models;

  if (!(bytes = g_input_stream_read_bytes_finish (stream, result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        models_return_error (task, confab_error_from_transport (error));
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      if (request->body->len + g_bytes_get_size (bytes) > MODELS_MAX_BODY)
        {
          models_return_error (task,
                               g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                                    _("The server’s list of models is too large to read.")));
          return;
        }

      g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      models_read_next (g_steal_pointer (&task), stream);
      return;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  status = soup_message_get_status (request->message);

  /* Older llama.cpp and some gateways have no list: not a fault. */
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      models_return_error (task,
                           g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND,
                                                _("This server does not list its models. Type the model’s name.")));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

      models_return_error (task,
                           confab_error_from_http (status,
                                                   soup_message_headers_get_content_type (headers, NULL),
                                                   soup_message_headers_get_one (headers, "Retry-After"),
                                                   body, NULL));
      return;
    }

  if (!(models = confab_request_parse_models (body, &error)))
    {
      models_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

static void
models_send_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (!(stream = confab_client_send_finish (CONFAB_CLIENT (object), result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        models_return_error (task, g_steal_pointer (&error));
      return;
    }

  models_read_next (g_steal_pointer (&task), stream);
}

/**
 * confab_client_list_models_async:
 *
 * Asks the server at the base URL which models it has:
 * `GET {base-url}/models`, with the API key, to that host only (no
 * redirect is followed).
 */
void
confab_client_list_models_async (ConfabClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  ModelsRequest *request;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_list_models_async);

  request = g_new0 (ModelsRequest, 1);
  request->api_key = g_strdup (self->api_key);
  request->body = g_byte_array_new ();
  g_task_set_task_data (task, request, models_request_free);

  if (!(uri = confab_client_get_target (self, "models", &error)))
    {
      models_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = confab_client_new_message (self, SOUP_METHOD_GET, uri, "application/json");
  request->message = g_object_ref (message);

  confab_client_send_async (self, message, cancellable, models_send_cb, g_steal_pointer (&task));
}

/**
 * confab_client_list_models_finish:
 *
 * Returns: (transfer full): the model ids the server lists, sorted,
 *   each once; or %NULL with @error set
 */
GStrv
confab_client_list_models_finish (ConfabClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
