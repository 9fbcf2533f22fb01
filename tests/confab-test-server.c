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

#include <glib/gstdio.h>

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

typedef enum
{
  RESPONSE_REPLY,
  RESPONSE_STREAM,
  RESPONSE_HANG,
  RESPONSE_CLOSE,
} ResponseKind;

/* A piece without data is a hold: the stream waits there until the test
 * releases it (see confab_test_response_add_hold()).
 */
typedef struct
{
  guint   delay_ms;
  GBytes *data;
} Piece;

struct _ConfabTestResponse
{
  ResponseKind  kind;
  guint         status;
  char         *content_type;
  GPtrArray    *headers;
  GBytes       *body;
  guint         delay_ms;
  GPtrArray    *pieces;
  gboolean      abort;

  /* Set by the server once a request uses the response. */
  gpointer      exchange;
  guint         n_released;
  gboolean      closed;
};

/* The state of one request being answered.  The server owns every
 * exchange until it is disposed, so that signal handlers and timeouts
 * never see a freed exchange.
 */
typedef struct
{
  SoupServerMessage  *msg;
  ConfabTestResponse *response;
  guint               source_id;
  GSource            *watch;
  guint               next_piece;
  gboolean            paused;
  gboolean            held;
  gboolean            done;
  gulong              finished_id;
  gulong              disconnected_id;
  gulong              wrote_chunk_id;
} Exchange;

struct _ConfabTestServer
{
  GObject     parent_instance;

  SoupServer *server;
  guint       port;
  char       *base_url;
  GQueue      responses;
  GPtrArray  *requests;
  GPtrArray  *exchanges;

  /* GET …/models: from the queue, or answered here (see
   * confab_test_server_serve_models()).
   */
  gboolean    serve_models;
  char      **models;

  /* GET /credits is answered apart from the queue: with this body, or
   * 404 (a server without the endpoint) when it is NULL.
   */
  char       *credits;
  guint       n_credits_requests;
  char       *credits_authorization;
};

G_DEFINE_FINAL_TYPE (ConfabTestServer, confab_test_server, G_TYPE_OBJECT)

static void exchange_schedule_step (Exchange *exchange);

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

static void
response_free (gpointer data)
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

static void exchange_stop (Exchange *exchange);

static void
exchange_unwatch (Exchange *exchange)
{
  if (exchange->watch != NULL)
    {
      g_source_destroy (exchange->watch);
      g_clear_pointer (&exchange->watch, g_source_unref);
    }
}

/* While a stream is held nothing is written, and libsoup does not look at
 * the connection: whatever the client does then, it can only be going
 * away (it sends no second request before the answer has ended).
 */
static gboolean
exchange_client_cb (GSocket      *socket,
                    GIOCondition  condition,
                    gpointer      user_data)
{
  Exchange *exchange = user_data;
  char byte;

  if (g_socket_receive_with_blocking (socket, &byte, 1, FALSE, NULL, NULL) > 0)
    return G_SOURCE_CONTINUE;

  g_clear_pointer (&exchange->watch, g_source_unref);
  exchange_stop (exchange);

  return G_SOURCE_REMOVE;
}

static void
exchange_watch (Exchange *exchange)
{
  GSocket *socket = soup_server_message_get_socket (exchange->msg);

  if (socket == NULL || exchange->watch != NULL)
    return;

  exchange->watch = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (exchange->watch, (GSourceFunc) G_CALLBACK (exchange_client_cb), exchange, NULL);
  g_source_attach (exchange->watch, g_main_context_get_thread_default ());
}

/* Timeouts go to the main context of the thread that runs the server,
 * as everything of it does: a benchmark runs it in a thread of its own.
 */
static guint
add_timeout (guint       delay_ms,
             GSourceFunc func,
             gpointer    data)
{
  GSource *source = g_timeout_source_new (delay_ms);
  guint id;

  g_source_set_callback (source, func, data, NULL);
  id = g_source_attach (source, g_main_context_get_thread_default ());
  g_source_unref (source);

  return id;
}

static void
remove_timeout (guint *id)
{
  GSource *source;

  if (*id == 0)
    return;

  source = g_main_context_find_source_by_id (g_main_context_get_thread_default (), *id);
  if (source != NULL)
    g_source_destroy (source);
  *id = 0;
}

/* Stops everything the exchange still has planned.  It may run from a
 * signal emission of the message, so the message itself is kept alive
 * until the server is disposed.
 */
static void
exchange_stop (Exchange *exchange)
{
  exchange->done = TRUE;
  exchange->response->closed = TRUE;
  remove_timeout (&exchange->source_id);
  exchange_unwatch (exchange);
  g_clear_signal_handler (&exchange->finished_id, exchange->msg);
  g_clear_signal_handler (&exchange->disconnected_id, exchange->msg);
  g_clear_signal_handler (&exchange->wrote_chunk_id, exchange->msg);
}

static void
exchange_free (gpointer data)
{
  Exchange *exchange = data;

  exchange_stop (exchange);
  g_clear_object (&exchange->msg);
  g_clear_pointer (&exchange->response, response_free);
  g_free (exchange);
}

static void
exchange_ended_cb (Exchange *exchange)
{
  exchange_stop (exchange);
}

static void
exchange_close_connection (Exchange *exchange)
{
  g_autoptr(GIOStream) stream = NULL;

  exchange_stop (exchange);

  stream = soup_server_message_steal_connection (exchange->msg);
  if (stream != NULL)
    g_io_stream_close (stream, NULL, NULL);
}

static void
exchange_add_headers (Exchange *exchange)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (exchange->msg);
  GPtrArray *pairs = exchange->response->headers;

  for (guint i = 0; i + 1 < pairs->len; i += 2)
    soup_message_headers_append (headers,
                                 g_ptr_array_index (pairs, i),
                                 g_ptr_array_index (pairs, i + 1));
}

static void
exchange_unpause (Exchange *exchange)
{
  exchange->paused = FALSE;
  soup_server_message_unpause (exchange->msg);
}

static gboolean
exchange_step_cb (gpointer user_data)
{
  Exchange *exchange = user_data;
  GPtrArray *pieces = exchange->response->pieces;
  SoupMessageBody *body = soup_server_message_get_response_body (exchange->msg);

  exchange->source_id = 0;

  if (exchange->next_piece < pieces->len)
    {
      Piece *piece = g_ptr_array_index (pieces, exchange->next_piece);

      if (piece->data == NULL)
        {
          if (exchange->response->n_released == 0)
            {
              exchange->held = TRUE;
              exchange_watch (exchange);
              return G_SOURCE_REMOVE;
            }

          exchange->response->n_released--;
          exchange->next_piece++;
          exchange_schedule_step (exchange);
          return G_SOURCE_REMOVE;
        }

      /* The next step is planned once this piece has been written, in
       * wrote_chunk_cb(), so delays separate the pieces on the wire.
       */
      exchange->next_piece++;
      soup_message_body_append_bytes (body, piece->data);
      exchange_unpause (exchange);
    }
  else if (exchange->response->abort)
    {
      exchange_close_connection (exchange);
    }
  else
    {
      soup_message_body_complete (body);
      exchange_unpause (exchange);
    }

  return G_SOURCE_REMOVE;
}

static void
exchange_wrote_chunk_cb (Exchange *exchange)
{
  if (!exchange->done && exchange->source_id == 0)
    exchange_schedule_step (exchange);
}

static void
exchange_schedule_step (Exchange *exchange)
{
  GPtrArray *pieces = exchange->response->pieces;
  guint delay_ms = 0;

  if (exchange->next_piece < pieces->len)
    delay_ms = ((Piece *) g_ptr_array_index (pieces, exchange->next_piece))->delay_ms;

  exchange->source_id = add_timeout (delay_ms, exchange_step_cb, exchange);
}

static void
exchange_start (Exchange *exchange)
{
  ConfabTestResponse *response = exchange->response;
  SoupServerMessage *msg = exchange->msg;

  switch (response->kind)
    {
    case RESPONSE_REPLY:
      {
        gsize length = 0;
        const char *data = NULL;

        if (response->body != NULL)
          data = g_bytes_get_data (response->body, &length);

        soup_server_message_set_status (msg, response->status, NULL);
        soup_server_message_set_response (msg, response->content_type,
                                          SOUP_MEMORY_COPY, data, length);
        exchange_add_headers (exchange);
        if (exchange->paused)
          exchange_unpause (exchange);
      }
      break;

    case RESPONSE_STREAM:
      {
        SoupMessageHeaders *headers = soup_server_message_get_response_headers (msg);

        soup_server_message_set_status (msg, response->status, NULL);
        soup_message_headers_set_encoding (headers, SOUP_ENCODING_CHUNKED);
        if (response->content_type != NULL)
          soup_message_headers_set_content_type (headers, response->content_type, NULL);
        exchange_add_headers (exchange);
        /* A Content-Length the test set: the pieces are sent as one
         * body of that length (or cut short, with abort).
         */
        if (soup_message_headers_get_one (headers, "Content-Length") != NULL)
          soup_message_headers_set_content_length (headers,
                                                   g_ascii_strtoull (soup_message_headers_get_one (headers, "Content-Length"),
                                                                     NULL, 10));
        soup_message_body_set_accumulate (soup_server_message_get_response_body (msg), FALSE);

        exchange->wrote_chunk_id =
          g_signal_connect_swapped (msg, "wrote-chunk",
                                    G_CALLBACK (exchange_wrote_chunk_cb),
                                    exchange);

        /* The headers go out at once; libsoup pauses the message by itself
         * when it runs out of body to write.
         */
        if (exchange->paused)
          exchange_unpause (exchange);
        exchange_schedule_step (exchange);
      }
      break;

    case RESPONSE_CLOSE:
      exchange_close_connection (exchange);
      break;

    case RESPONSE_HANG:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
exchange_start_cb (gpointer user_data)
{
  Exchange *exchange = user_data;

  exchange->source_id = 0;
  exchange_start (exchange);

  return G_SOURCE_REMOVE;
}

/* Answers GET …/models as OpenAI does, or as a server without that
 * endpoint does (llama.cpp before it had one: 404 and plain text).
 */
static void
serve_models (ConfabTestServer  *self,
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

  if (self->serve_models &&
      g_str_equal (soup_server_message_get_method (msg), "GET") &&
      g_str_has_suffix (path, "/models"))
    {
      serve_models (self, msg);
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
    g_signal_connect_swapped (msg, "finished", G_CALLBACK (exchange_ended_cb), exchange);
  exchange->disconnected_id =
    g_signal_connect_swapped (msg, "disconnected", G_CALLBACK (exchange_ended_cb), exchange);
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
      exchange->source_id = add_timeout (response->delay_ms, exchange_start_cb, exchange);
    }
  else
    {
      exchange_start (exchange);
    }
}

static ConfabTestResponse *
confab_test_server_queue (ConfabTestServer *self,
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

static gboolean
has_result (gpointer user_data)
{
  GAsyncResult **result = user_data;

  return *result != NULL;
}

static gboolean
wait_timeout_cb (gpointer user_data)
{
  g_error ("Gave up after waiting %u seconds for the test to make progress",
           GPOINTER_TO_UINT (user_data));

  return G_SOURCE_REMOVE;
}

/* CONFAB_TEST_WAIT_TIMEOUT_SECONDS, times CONFAB_TEST_WAIT_SCALE when
 * that is set (under valgrind, everything is many times slower).
 */
static guint
wait_timeout_seconds (void)
{
  const char *scale = g_getenv ("CONFAB_TEST_WAIT_SCALE");
  guint64 factor = 1;

  if (scale != NULL && !g_ascii_string_to_unsigned (scale, 10, 1, 100, &factor, NULL))
    g_error ("CONFAB_TEST_WAIT_SCALE must be a whole number from 1 to 100, not “%s”", scale);

  return CONFAB_TEST_WAIT_TIMEOUT_SECONDS * (guint) factor;
}

static void
confab_test_server_dispose (GObject *object)
{
  ConfabTestServer *self = (ConfabTestServer *)object;

  if (self->exchanges != NULL)
    {
      for (guint i = 0; i < self->exchanges->len; i++)
        exchange_stop (g_ptr_array_index (self->exchanges, i));
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

  g_queue_clear_full (&self->responses, response_free);
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
  self->exchanges = g_ptr_array_new_with_free_func (exchange_free);

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

  response = confab_test_server_queue (self, RESPONSE_REPLY);
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

  response = confab_test_server_queue (self, RESPONSE_STREAM);
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

  self->serve_models = TRUE;
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

  return confab_test_server_queue (self, RESPONSE_HANG);
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

  return confab_test_server_queue (self, RESPONSE_CLOSE);
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
      exchange_unwatch (exchange);
      exchange_schedule_step (exchange);
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

const char *
confab_test_request_get_header (const ConfabTestRequest *request,
                                const char              *name)
{
  g_return_val_if_fail (request != NULL, NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return soup_message_headers_get_one (request->headers, name);
}

/**
 * confab_test_request_dup_body:
 *
 * Returns: (transfer full): the request body as a nul-terminated string
 */
char *
confab_test_request_dup_body (const ConfabTestRequest *request)
{
  gsize length;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  data = g_bytes_get_data (request->body, &length);

  return g_strndup (data, length);
}

/**
 * confab_test_request_parse_json:
 *
 * Parses the request body, failing the test if it is not JSON.
 *
 * Returns: (transfer full): the root node of the body
 */
JsonNode *
confab_test_request_parse_json (const ConfabTestRequest *request)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  gsize length;
  const char *data;

  g_return_val_if_fail (request != NULL, NULL);

  data = g_bytes_get_data (request->body, &length);
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);

  return json_parser_steal_root (parser);
}

/**
 * confab_test_bind_closed_port:
 * @port: (out): the port
 *
 * Binds a TCP socket on 127.0.0.1 without listening on it, so that
 * connections to @port are refused for as long as the socket lives, and
 * no other test can take the port meanwhile.
 *
 * Returns: (transfer full): the socket
 */
GSocket *
confab_test_bind_closed_port (guint *port)
{
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GInetAddress) loopback = NULL;
  g_autoptr(GSocketAddress) address = NULL;
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (port != NULL, NULL);

  closed = g_socket_new (G_SOCKET_FAMILY_IPV4, G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_TCP, &error);
  g_assert_no_error (error);

  loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  address = g_inet_socket_address_new (loopback, 0);
  g_socket_bind (closed, address, FALSE, &error);
  g_assert_no_error (error);

  bound = g_socket_get_local_address (closed, &error);
  g_assert_no_error (error);
  *port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));

  return g_steal_pointer (&closed);
}

/**
 * confab_test_remove_tree:
 * @path: a file or a folder
 *
 * Deletes @path and, for a folder, everything it holds.
 */
void
confab_test_remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);

  if (dir != NULL)
    {
      const char *name;

      while ((name = g_dir_read_name (dir)))
        {
          g_autofree char *child = g_build_filename (path, name, NULL);

          confab_test_remove_tree (child);
        }
      g_dir_close (dir);
    }

  g_remove (path);
}

/**
 * confab_test_run_until:
 * @condition: called after every main context iteration
 *
 * Spins the thread-default main context until @condition returns %TRUE;
 * aborts the test after %CONFAB_TEST_WAIT_TIMEOUT_SECONDS (times
 * CONFAB_TEST_WAIT_SCALE from the environment when it is set).
 */
void
confab_test_run_until (ConfabTestConditionFunc condition,
                       gpointer                user_data)
{
  GMainContext *context = g_main_context_ref_thread_default ();
  guint seconds = wait_timeout_seconds ();
  GSource *source;

  source = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (source, wait_timeout_cb, GUINT_TO_POINTER (seconds), NULL);
  g_source_attach (source, context);

  while (!condition (user_data))
    g_main_context_iteration (context, TRUE);

  g_source_destroy (source);
  g_source_unref (source);
  g_main_context_unref (context);
}

/**
 * confab_test_store_result_cb:
 * @user_data: a `GAsyncResult **` that is %NULL
 *
 * A GAsyncReadyCallback that stores a reference to @result in @user_data,
 * for confab_test_wait_for_result().
 */
void
confab_test_store_result_cb (GObject      *source,
                             GAsyncResult *result,
                             gpointer      user_data)
{
  GAsyncResult **out = user_data;

  g_assert_null (*out);
  *out = g_object_ref (result);
}

/**
 * confab_test_wait_for_result:
 * @result: the `GAsyncResult *` given to confab_test_store_result_cb()
 *
 * Spins the main context until the asynchronous call has finished.
 */
void
confab_test_wait_for_result (GAsyncResult **result)
{
  g_return_if_fail (result != NULL);

  confab_test_run_until (has_result, result);
}

/**
 * confab_test_server_set_credits:
 * @credits: (nullable): the body GET /credits answers with status 200,
 *   or %NULL to answer 404 as a server without the endpoint
 *
 * GET /credits is answered apart from the queue and is not counted
 * among the requests.
 */
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
