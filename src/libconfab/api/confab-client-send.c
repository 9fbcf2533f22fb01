/* confab-client-send.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "confab-client-private.h"
#include "confab-error.h"

/* The requests other than the chat's (the list of models, the credits)
 * are sent here, with the limit on the start of a secure connection that
 * the chat request's watchdog keeps too: a server that speaks only plain
 * http waits for a request line, and the client for the answer to its
 * TLS hello, until one gives up.
 */

typedef struct
{
  SoupMessage  *message;
  guint         limit;
  GMainContext *context;
  GCancellable *io_cancellable;
  GCancellable *cancellable;
  gulong        cancelled_id;
  GSource      *timeout;
  gboolean      handshaking;
  gboolean      timed_out;
} Send;

static void
send_free (gpointer data)
{
  Send *send = data;

  if (send->cancelled_id != 0)
    g_cancellable_disconnect (send->cancellable, send->cancelled_id);
  g_clear_object (&send->cancellable);

  if (send->timeout != NULL)
    {
      g_source_destroy (send->timeout);
      g_clear_pointer (&send->timeout, g_source_unref);
    }

  if (send->message != NULL)
    g_signal_handlers_disconnect_by_data (send->message, send);
  g_clear_object (&send->message);
  g_clear_object (&send->io_cancellable);
  g_clear_pointer (&send->context, g_main_context_unref);
  g_free (send);
}

static gboolean
handshake_timeout_cb (gpointer user_data)
{
  Send *send = user_data;

  send->timed_out = TRUE;
  g_cancellable_cancel (send->io_cancellable);

  return G_SOURCE_REMOVE;
}

static void
stop_timeout (Send *send)
{
  if (send->timeout != NULL)
    {
      g_source_destroy (send->timeout);
      g_clear_pointer (&send->timeout, g_source_unref);
    }
}

static void
network_event_cb (SoupMessage        *message,
                  GSocketClientEvent  event,
                  GIOStream          *connection,
                  Send               *send)
{
  if (event == G_SOCKET_CLIENT_TLS_HANDSHAKING)
    {
      send->handshaking = TRUE;
      stop_timeout (send);
      send->timeout = g_timeout_source_new_seconds (send->limit);
      g_source_set_callback (send->timeout, handshake_timeout_cb, send, NULL);
      g_source_set_static_name (send->timeout, "[confab] TLS handshake limit");
      g_source_attach (send->timeout, send->context);
    }
  else if (event == G_SOCKET_CLIENT_TLS_HANDSHAKED)
    {
      send->handshaking = FALSE;
      stop_timeout (send);
    }
}

static void
caller_cancelled_cb (GCancellable *cancellable,
                     Send         *send)
{
  g_cancellable_cancel (send->io_cancellable);
}

static void
send_cb (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Send *send = g_task_get_task_data (task);
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  GUri *uri = soup_message_get_uri (send->message);

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  stop_timeout (send);

  if (stream != NULL)
    g_task_return_pointer (task, g_steal_pointer (&stream), g_object_unref);
  else if (send->timed_out && send->handshaking)
    g_task_return_error (task, confab_error_not_tls (uri, FALSE));
  /* A plain http server answers the hello as a bad request (see
   * confab_client_request_error_from_io()).
   */
  else if (send->handshaking &&
           (g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_NOT_TLS) ||
            g_error_matches (error, G_TLS_ERROR, G_TLS_ERROR_MISC)))
    g_task_return_error (task, confab_error_not_tls (uri, TRUE));
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_error (task, confab_error_from_transport (error));
}

/**
 * confab_client_send_async:
 * @message: a message that confab_client_new_message() made
 *
 * Sends @message as soup_session_send_async() does, but gives up on the
 * start of a secure connection after confab_client_handshake_timeout()
 * seconds.  The error of confab_client_send_finish() is already one to
 * show: the server does not speak https, a transport error, or
 * %G_IO_ERROR_CANCELLED when @cancellable was cancelled.
 */
void
confab_client_send_async (ConfabClient        *self,
                          SoupMessage         *message,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Send *send;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (SOUP_IS_MESSAGE (message));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_send_async);

  send = g_new0 (Send, 1);
  send->message = g_object_ref (message);
  send->limit = confab_client_handshake_timeout (self);
  send->context = g_main_context_ref_thread_default ();
  send->io_cancellable = g_cancellable_new ();
  g_task_set_task_data (task, send, send_free);

  g_signal_connect (message, "network-event", G_CALLBACK (network_event_cb), send);

  if (cancellable != NULL)
    {
      send->cancellable = g_object_ref (cancellable);
      send->cancelled_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb), send, NULL);
    }

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, send->io_cancellable,
                           send_cb, g_steal_pointer (&task));
}

/**
 * confab_client_send_finish:
 *
 * Returns: (transfer full): the body of the response, whose status and
 *   headers are the message's; %NULL with @error set
 */
GInputStream *
confab_client_send_finish (ConfabClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * confab_client_handshake_timeout:
 *
 * Returns: how long the start of a secure connection may take, in
 *   seconds: CONFAB_CLIENT_HANDSHAKE_TIMEOUT, or the stall timeout when
 *   that is shorter
 */
guint
confab_client_handshake_timeout (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), CONFAB_CLIENT_HANDSHAKE_TIMEOUT);

  return MIN (self->stall_timeout, CONFAB_CLIENT_HANDSHAKE_TIMEOUT);
}
