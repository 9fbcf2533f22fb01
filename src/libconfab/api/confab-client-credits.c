/* confab-client-credits.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "confab-client-private.h"

/* The largest body read from GET /credits. */
#define MAX_CREDITS_BODY 65536

static void
credits_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GByteArray *buffer = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize n_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* A body that fills the buffer is too long to be credits. */
  if (n_read >= MAX_CREDITS_BODY)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task,
                         confab_credits_new_from_json ((const char *) buffer->data, n_read),
                         g_object_unref);
}

static void
credits_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = g_task_get_task_data (task);
  GByteArray *buffer;

  stream = confab_client_send_finish (CONFAB_CLIENT (object), result, &error);
  if (stream == NULL)
    {
      /* Offline or refused: the credits are not available now. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* The message was the task's data until now. */
  buffer = g_byte_array_sized_new (MAX_CREDITS_BODY);
  g_byte_array_set_size (buffer, MAX_CREDITS_BODY);
  g_task_set_task_data (task, buffer, (GDestroyNotify) g_byte_array_unref);
  g_input_stream_read_all_async (stream, buffer->data, MAX_CREDITS_BODY,
                                 G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                 credits_read_cb, g_object_ref (task));
}

/**
 * confab_client_get_credits_async:
 *
 * Asks the configured server what is left of the credits of the API
 * key and of its account (Evolink's GET /credits).  The key goes only
 * to the configured base URL; redirects are not followed.
 */
void
confab_client_get_credits_async (ConfabClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_get_credits_async);

  /* Credits belong to a key: without one, there are none to show. */
  if (self->api_key == NULL || *self->api_key == '\0' ||
      !(uri = confab_client_get_target (self, "credits", NULL)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  message = confab_client_new_message (self, SOUP_METHOD_GET, uri, "application/json");
  g_task_set_task_data (task, g_object_ref (message), g_object_unref);
  confab_client_send_async (self, message, cancellable, credits_send_cb, g_steal_pointer (&task));
}

/**
 * confab_client_get_credits_finish:
 *
 * Returns: (transfer full) (nullable): the credits; %NULL when they are
 *   not available, which is not an error; %NULL with @error set only
 *   when cancelled
 */
ConfabCredits *
confab_client_get_credits_finish (ConfabClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
