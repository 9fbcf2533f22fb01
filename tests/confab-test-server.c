/* confab-test-server.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* A scripted HTTP server for the tests.  It listens on 127.0.0.1 on a free
 * port, in the main context of the thread that created it, and answers
 * every request with the next response of its queue: a plain answer, an
 * answer streamed in pieces with chunked encoding (which can wait at a
 * hold until the test releases it), no answer at all ("hang"), or a
 * connection closed without an answer.  Every request is
 * recorded so that tests can check what the client sent.
 */

#include "confab-test-server-private.h"

G_DEFINE_FINAL_TYPE (ConfabTestServer, confab_test_server, G_TYPE_OBJECT)

static void
piece_free (gpointer data)
{
  Piece *piece = data;

  g_clear_pointer (&piece->data, g_bytes_unref);
  g_free (piece);
}

static ConfabTestResponse *
response_new (ResponseKind kind)
{
  ConfabTestResponse *response = g_new0 (ConfabTestResponse, 1);

  response->kind = kind;
  response->headers = g_ptr_array_new_with_free_func (g_free);
  response->pieces = g_ptr_array_new_with_free_func (piece_free);

  return response;
}

void
_confab_test_response_free (gpointer data)
{
  ConfabTestResponse *response = data;

  g_free (response->content_type);
  g_ptr_array_unref (response->headers);
  g_clear_pointer (&response->body, g_bytes_unref);
  g_ptr_array_unref (response->pieces);
  g_free (response);
}

static void
request_free (gpointer data)
{
  ConfabTestRequest *request = data;

  g_free (request->method);
  g_free (request->path);
  g_free (request->query);
  g_free (request->remote_host);
  soup_message_headers_unref (request->headers);
  g_bytes_unref (request->body);
  g_free (request);
}

static ConfabTestRequest *
request_new_from_message (SoupServerMessage *msg)
{
  ConfabTestRequest *request = g_new0 (ConfabTestRequest, 1);
  GUri *uri = soup_server_message_get_uri (msg);
  SoupMessageHeadersIter iter;
  const char *name;
  const char *value;

  request->method = g_strdup (soup_server_message_get_method (msg));
  request->path = g_strdup (g_uri_get_path (uri));
  request->query = g_strdup (g_uri_get_query (uri));

  request->headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  soup_message_headers_iter_init (&iter, soup_server_message_get_request_headers (msg));
  while (soup_message_headers_iter_next (&iter, &name, &value))
    soup_message_headers_append (request->headers, name, value);

  request->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  request->remote_host = g_strdup (soup_server_message_get_remote_host (msg));

  return request;
}

static void
server_handler_cb (SoupServer        *server,
                   SoupServerMessage *msg,
                   const char        *path,
                   GHashTable        *query,
                   gpointer           user_data)
{
  ConfabTestServer *self = user_data;
  ConfabTestResponse *response;
  Exchange *exchange;

  if (g_str_has_suffix (path, "/credits") &&
      g_strcmp0 (soup_server_message_get_method (msg), "GET") == 0)
    {
      SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);

      self->n_credits_requests++;
      g_free (self->credits_authorization);
      self->credits_authorization = g_strdup (soup_message_headers_get_one (headers, "Authorization"));
      if (self->credits != NULL)
        {
          soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
          soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                            self->credits, strlen (self->credits));
        }
      else
        {
          soup_server_message_set_status (msg, SOUP_STATUS_NOT_FOUND, NULL);
          soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_STATIC, "404 page not found", 18);
        }
      return;
    }

  g_ptr_array_add (self->requests, request_new_from_message (msg));

  if (self->_confab_test_server_serve_models &&
      g_str_equal (soup_server_message_get_method (msg), "GET") &&
      g_str_has_suffix (path, "/models"))
    {
      _confab_test_server_serve_models (self, msg);
      return;
    }

  response = g_queue_pop_head (&self->responses);

  if (response == NULL)
    {
      g_autofree char *text = g_strdup_printf ("confab-test-server: no response queued for %s %s",
                                               soup_server_message_get_method (msg), path);

      g_test_message ("%s", text);
      soup_server_message_set_status (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, NULL);
      soup_server_message_set_response (msg, "text/plain", SOUP_MEMORY_COPY, text, strlen (text));
      return;
    }

  exchange = g_new0 (Exchange, 1);
  exchange->msg = g_object_ref (msg);
  exchange->response = response;
  response->exchange = exchange;
  exchange->finished_id =
    g_signal_connect_swapped (msg, "finished", G_CALLBACK (_confab_test_exchange_ended_cb), exchange);
  exchange->disconnected_id =
    g_signal_connect_swapped (msg, "disconnected", G_CALLBACK (_confab_test_exchange_ended_cb), exchange);
  g_ptr_array_add (self->exchanges, exchange);

  if (response->kind == RESPONSE_HANG)
    {
      exchange->paused = TRUE;
      soup_server_message_pause (msg);
    }
  else if (response->delay_ms > 0)
    {
      exchange->paused = TRUE;
      soup_server_message_pause (msg);
      exchange->source_id = _confab_test_add_timeout (response->delay_ms, _confab_test_exchange_start_cb, exchange);
    }
  else
    {
      _confab_test_exchange_start (exchange);
    }
}

ConfabTestResponse *
_confab_test_server_queue (ConfabTestServer *self,
                          ResponseKind      kind)
{
  ConfabTestResponse *response = response_new (kind);

  g_queue_push_tail (&self->responses, response);

  return response;
}

static gboolean
has_n_requests (gpointer user_data)
{
  gpointer *data = user_data;
  ConfabTestServer *self = data[0];
  guint n_requests = GPOINTER_TO_UINT (data[1]);

  return self->requests->len >= n_requests;
}

static void
confab_test_server_dispose (GObject *object)
{
  ConfabTestServer *self = (ConfabTestServer *)object;

  if (self->exchanges != NULL)
    {
      for (guint i = 0; i < self->exchanges->len; i++)
        _confab_test_exchange_stop (g_ptr_array_index (self->exchanges, i));
    }

  if (self->server != NULL)
    soup_server_disconnect (self->server);
  g_clear_object (&self->server);
  g_clear_pointer (&self->exchanges, g_ptr_array_unref);

  G_OBJECT_CLASS (confab_test_server_parent_class)->dispose (object);
}

static void
confab_test_server_finalize (GObject *object)
{
  ConfabTestServer *self = (ConfabTestServer *)object;

  g_queue_clear_full (&self->responses, _confab_test_response_free);
  g_clear_pointer (&self->requests, g_ptr_array_unref);
  g_clear_pointer (&self->credits, g_free);
  g_clear_pointer (&self->credits_authorization, g_free);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->models, g_strfreev);

  G_OBJECT_CLASS (confab_test_server_parent_class)->finalize (object);
}

static void
confab_test_server_class_init (ConfabTestServerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = confab_test_server_dispose;
  object_class->finalize = confab_test_server_finalize;
}

static void
confab_test_server_init (ConfabTestServer *self)
{
  g_queue_init (&self->responses);
  self->requests = g_ptr_array_new_with_free_func (request_free);
  self->exchanges = g_ptr_array_new_with_free_func (_confab_test_exchange_free);

  self->server = soup_server_new ("server-header", "confab-test-server ", NULL);
  soup_server_add_handler (self->server, NULL, server_handler_cb, self, NULL);
}

/* libsoup 3.4 to 3.7.0 hand a server connection to its TLS handshake
 * without holding a reference to it (fixed in 3.7.1 by commit e9b681a5,
 * "server-connection: check for cancellation in handshake callback").
 * A server disconnected while a handshake is still going frees the
 * connection, and the end of the handshake then uses it: a critical
 * ("soup_server_connection_disconnect: assertion
 * 'SOUP_IS_SERVER_CONNECTION (conn)' failed") or a crash, in whatever
 * test runs then.  That happens whenever a client refuses the server's
 * certificate: the server does not hear of it before the test is over.
 * A request's message holds its connection, and libsoup starts the
 * first one of a connection before its handshake: the TLS servers keep
 * their messages, with their connections (closed), until the process
 * exits.
 */
static GPtrArray *tls_messages;

static void
tls_request_started_cb (SoupServer        *server,
                        SoupServerMessage *msg,
                        gpointer           user_data)
{
  if (tls_messages == NULL)
    tls_messages = g_ptr_array_new_with_free_func (g_object_unref);
  g_ptr_array_add (tls_messages, g_object_ref (msg));
}

static void
confab_test_server_listen (ConfabTestServer *self,
                           GTlsCertificate  *certificate)
{
  SoupServerListenOptions options = SOUP_SERVER_LISTEN_IPV4_ONLY;
  g_autoptr(GError) error = NULL;
  GSList *uris;

  if (certificate != NULL)
    {
      soup_server_set_tls_certificate (self->server, certificate);
      options |= SOUP_SERVER_LISTEN_HTTPS;
      g_signal_connect (self->server, "request-started", G_CALLBACK (tls_request_started_cb), NULL);
    }

  if (!soup_server_listen_local (self->server, 0, options, &error))
    g_error ("Could not start the test server: %s", error->message);

  uris = soup_server_get_uris (self->server);
  g_assert_nonnull (uris);
  self->port = g_uri_get_port (uris->data);
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);

  self->base_url = g_strdup_printf ("%s://127.0.0.1:%u/v1",
                                    certificate != NULL ? "https" : "http",
                                    self->port);
}

/**
 * confab_test_server_new:
 *
 * Starts a server on 127.0.0.1 and a free port.  It answers in the
 * thread-default main context of the caller, so the test must spin that
 * context (see confab_test_run_until()) for anything to happen.
 *
 * Returns: (transfer full): a new server
 */
ConfabTestServer *
confab_test_server_new (void)
{
  ConfabTestServer *self = g_object_new (CONFAB_TYPE_TEST_SERVER, NULL);

  confab_test_server_listen (self, NULL);

  return self;
}

/**
 * confab_test_server_new_tls:
 * @certificate: the certificate and key the server presents
 *
 * Like confab_test_server_new(), but the server speaks HTTPS only, and
 * its base URL is "https://127.0.0.1:PORT/v1".
 *
 * Returns: (transfer full): a new server
 */
ConfabTestServer *
confab_test_server_new_tls (GTlsCertificate *certificate)
{
  ConfabTestServer *self;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  self = g_object_new (CONFAB_TYPE_TEST_SERVER, NULL);
  confab_test_server_listen (self, certificate);

  return self;
}

guint
confab_test_server_get_port (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), 0);

  return self->port;
}

/**
 * confab_test_server_get_base_url:
 *
 * Returns: the base URL of the API, "http://127.0.0.1:PORT/v1"
 */
const char *
confab_test_server_get_base_url (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);

  return self->base_url;
}

/**
 * confab_test_server_dup_url:
 * @path: a path below the base URL, such as "chat/completions"
 *
 * Returns: (transfer full): the URL of @path
 */
char *
confab_test_server_dup_url (ConfabTestServer *self,
                            const char       *path)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (path != NULL, NULL);

  while (*path == '/')
    path++;

  return g_strdup_printf ("%s/%s", self->base_url, path);
}

/**
 * confab_test_server_get_n_queued:
 *
 * Returns: how many queued responses no request has used yet
 */
guint
confab_test_server_get_n_queued (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), 0);

  return self->responses.length;
}

guint
confab_test_server_get_n_requests (ConfabTestServer *self)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), 0);

  return self->requests->len;
}

/**
 * confab_test_server_get_request:
 * @index: the position of the request, 0 for the first one received
 *
 * Returns: (transfer none): the recorded request
 */
const ConfabTestRequest *
confab_test_server_get_request (ConfabTestServer *self,
                                guint             index)
{
  g_return_val_if_fail (CONFAB_IS_TEST_SERVER (self), NULL);
  g_return_val_if_fail (index < self->requests->len, NULL);

  return g_ptr_array_index (self->requests, index);
}

/**
 * confab_test_server_wait_for_requests:
 * @n_requests: how many requests to wait for
 *
 * Spins the main context until the server has received @n_requests
 * requests in all.
 */
void
confab_test_server_wait_for_requests (ConfabTestServer *self,
                                      guint             n_requests)
{
  gpointer data[2] = { self, GUINT_TO_POINTER (n_requests) };

  g_return_if_fail (CONFAB_IS_TEST_SERVER (self));

  confab_test_run_until (has_n_requests, data);
}

void
confab_test_server_set_credits (ConfabTestServer *self,
                                const char       *credits)
{
  g_free (self->credits);
  self->credits = g_strdup (credits);
}

guint
confab_test_server_get_n_credits_requests (ConfabTestServer *self)
{
  return self->n_credits_requests;
}

/* The Authorization header of the last GET /credits. */
const char *
confab_test_server_get_credits_authorization (ConfabTestServer *self)
{
  return self->credits_authorization;
}
