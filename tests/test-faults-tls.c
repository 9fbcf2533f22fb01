/* test-faults-tls.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Faults of TLS and of names: certificates that are not trusted, https://
 * asked of a plain server and the other way round, and a name that does
 * not resolve.
 */

#include "test-faults.h"

/* TLS failures -------------------------------------------------------------- */

static char *tls_dir;

static char *
tls_path (const char *name)
{
  return g_build_filename (tls_dir, name, NULL);
}

static void
run_openssl (const char * const *argv)
{
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (process, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  if (!g_subprocess_get_successful (process))
    g_error ("openssl failed:\n%s", output);
}

/* A self-signed certificate @name.pem (key @name-key.pem) for @subject
 * with @alt_name, valid now, or over a day of 2020 when @expired.
 */
static void
make_certificate (const char *name,
                  const char *subject,
                  const char *alt_name,
                  gboolean    expired)
{
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_name = g_strconcat (name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (name, "-key.pem", NULL);
  g_autofree char *cert = tls_path (cert_name);
  g_autofree char *key = tls_path (key_name);
  g_autofree char *san = g_strconcat ("subjectAltName=", alt_name, NULL);

  g_assert_nonnull (openssl);

  if (!expired)
    {
      const char *argv[] = {
        openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
        "-days", "2", "-subj", subject, "-addext", san, NULL
      };

      run_openssl (argv);
    }
  else
    {
      /* "openssl req" cannot date a certificate in the past; "openssl
       * ca" can, with a configuration and a database of its own.
       */
      g_autofree char *config = tls_path ("ca.cnf");
      g_autofree char *index = tls_path ("index.txt");
      g_autofree char *serial = tls_path ("serial");
      g_autofree char *request = tls_path ("request.csr");
      g_autofree char *config_text = NULL;
      g_autoptr(GError) error = NULL;
      const char *request_argv[] = {
        openssl, "req", "-new", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", request,
        "-subj", subject, "-addext", san, NULL
      };
      const char *sign_argv[] = {
        openssl, "ca", "-batch", "-config", config, "-selfsign", "-keyfile", key, "-in", request,
        "-out", cert, "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-notext", NULL
      };

      config_text = g_strdup_printf ("[ca]\ndefault_ca = test\n"
                                     "[test]\ndatabase = %s\nserial = %s\nnew_certs_dir = %s\n"
                                     "default_md = sha256\npolicy = any\ncopy_extensions = copy\n"
                                     "unique_subject = no\n"
                                     "[any]\ncommonName = supplied\n",
                                     index, serial, tls_dir);
      g_file_set_contents (config, config_text, -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (index, "", -1, &error);
      g_assert_no_error (error);
      g_file_set_contents (serial, "01\n", -1, &error);
      g_assert_no_error (error);

      run_openssl (request_argv);
      run_openssl (sign_argv);
    }
}

void
tls_setup (void)
{
  g_autoptr(GError) error = NULL;

  tls_dir = g_dir_make_tmp ("confab-faults-tls-XXXXXX", &error);
  g_assert_no_error (error);

  make_certificate ("self-signed", "/CN=127.0.0.1", "IP:127.0.0.1", FALSE);
  make_certificate ("wrong-name", "/CN=api.example.com", "DNS:api.example.com", FALSE);
  make_certificate ("expired", "/CN=127.0.0.1", "IP:127.0.0.1", TRUE);
}

void
tls_teardown (void)
{
  confab_test_remove_tree (tls_dir);
  g_clear_pointer (&tls_dir, g_free);
}

/* A server whose certificate is not to be trusted: self-signed (the
 * system trusts no such thing), for another name, expired (both trusted
 * for the test, so that only what is wrong with them is).  The request
 * never leaves, the sentence says what is wrong.
 */
void
test_tls (gconstpointer data)
{
  const TlsCase *c = data;
  g_autofree char *cert_name = g_strconcat (c->name, ".pem", NULL);
  g_autofree char *key_name = g_strconcat (c->name, "-key.pem", NULL);
  g_autofree char *cert = tls_path (cert_name);
  g_autofree char *key = tls_path (key_name);
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (certificate);
      g_autoptr(ConfabClient) client = client_new (confab_test_server_get_base_url (server));
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) tls_error = NULL;

      g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "https://127.0.0.1:"));

      if (c->trusted)
        {
          g_autoptr(GTlsDatabase) database = g_tls_file_database_new (cert, &error);

          g_assert_no_error (error);
          confab_client_set_tls_database (client, database);
        }

      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

      exchange = ask (client, stream, &tls_error);
      assert_kept (exchange, tls_error, CONFAB_CLIENT_ERROR_TLS, c->says, "");
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

/* The same certificate, trusted and valid: the answer arrives, so the
 * failures above are the certificates' own.
 */
void
test_tls_valid (void)
{
  g_autofree char *cert = tls_path ("self-signed.pem");
  g_autofree char *key = tls_path ("self-signed-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(ConfabTestServer) server = NULL;
  g_autoptr(ConfabClient) client = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, PROMPT);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);
  database = g_tls_file_database_new (cert, &error);
  g_assert_no_error (error);

  server = confab_test_server_new_tls (certificate);
  client = client_new (confab_test_server_get_base_url (server));
  confab_client_set_tls_database (client, database);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  g_list_store_append (history, prompt);
  confab_client_complete_async (client, MODEL, NULL, G_LIST_MODEL (history), NULL,
                                confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  answer = confab_client_complete_finish (client, result, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
}

/* A plain http server on a free loopback port, as an https base URL
 * may name by mistake.  Most answer the TLS hello at once as a bad
 * request; others wait for the end of a request line, which never comes
 * (SoupServer does, but ends its request line at any line feed, and a
 * hello's random bytes hold two in a row now and then: it answered
 * once in a CI run).  So this one either answers the hello as a bad
 * request or holds the connection open and never reads from it.  It
 * counts its connections.
 */
typedef struct
{
  GSocketService *service;
  guint           port;
  guint           n_connections;
  gboolean        answers;
  GPtrArray      *held;
} PlainServer;

static void
plain_written_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GIOStream) connection = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (object), result, NULL, NULL);
  g_io_stream_close (connection, NULL, NULL);
}

static void
plain_read_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  static const char answer[] = "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
  g_autoptr(GIOStream) connection = user_data;
  g_autoptr(GBytes) hello = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, NULL);

  g_assert_nonnull (hello);
  g_assert_cmpuint (g_bytes_get_size (hello), >, 0);
  g_output_stream_write_all_async (g_io_stream_get_output_stream (connection), answer, strlen (answer),
                                   G_PRIORITY_DEFAULT, NULL, plain_written_cb, g_object_ref (connection));
}

static gboolean
plain_incoming_cb (GSocketService    *service,
                   GSocketConnection *connection,
                   GObject           *source,
                   gpointer           user_data)
{
  PlainServer *server = user_data;

  server->n_connections++;
  if (server->answers)
    g_input_stream_read_bytes_async (g_io_stream_get_input_stream (G_IO_STREAM (connection)), 4096,
                                     G_PRIORITY_DEFAULT, NULL, plain_read_cb, g_object_ref (connection));
  else
    g_ptr_array_add (server->held, g_object_ref (connection));

  return TRUE;
}

static PlainServer *
plain_server_start (gboolean answers)
{
  PlainServer *server = g_new0 (PlainServer, 1);
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);
  g_autoptr(GSocketAddress) bound = NULL;
  g_autoptr(GError) error = NULL;

  server->service = g_socket_service_new ();
  server->answers = answers;
  server->held = g_ptr_array_new_with_free_func (g_object_unref);
  g_socket_listener_add_address (G_SOCKET_LISTENER (server->service), address, G_SOCKET_TYPE_STREAM,
                                 G_SOCKET_PROTOCOL_TCP, NULL, &bound, &error);
  g_assert_no_error (error);
  server->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (bound));
  g_signal_connect (server->service, "incoming", G_CALLBACK (plain_incoming_cb), server);
  g_socket_service_start (server->service);

  return server;
}

static void
plain_server_stop (PlainServer *server)
{
  g_socket_service_stop (server->service);
  g_socket_listener_close (G_SOCKET_LISTENER (server->service));
  g_clear_object (&server->service);
  g_ptr_array_unref (server->held);
  g_free (server);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PlainServer, plain_server_stop)

/* A client of @server at its address, with https. */
static ConfabClient *
https_client_new (PlainServer *server)
{
  g_autofree char *base_url = g_strdup_printf ("https://127.0.0.1:%u/v1", server->port);

  return client_new (base_url);
}

/* What the error says of @server, which never answered the TLS hello. */
static char *
dup_no_hello_answer (PlainServer *server)
{
  return g_strdup_printf ("The server at 127.0.0.1:%u did not answer the start of a secure (https) connection",
                          server->port);
}

/* An https base URL for a server that speaks plain http and waits for a
 * request line that never comes, while the client waits for the answer
 * to its TLS hello.  The client stops waiting soon, well before the
 * default stall timeout (the suite's wait would fail first), or at the
 * stall timeout when that is shorter, and says what to check, naming
 * the server.
 */
void
test_https_to_http (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(PlainServer) server = plain_server_start (FALSE);
      g_autoptr(ConfabClient) client = https_client_new (server);
      g_autofree char *says = dup_no_hello_answer (server);
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      if (stream)
        confab_client_set_stall_timeout (client, 1);

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_TLS, says, "");
      g_assert_nonnull (strstr (error->message, "http://"));
      g_assert_cmpuint (server->n_connections, >, 0);
    }
}

/* A plain http server that answers the hello as a bad request: the
 * sentence says it does not speak https.
 */
void
test_https_to_http_answering (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(PlainServer) server = plain_server_start (TRUE);
      g_autoptr(ConfabClient) client = https_client_new (server);
      g_autofree char *says = g_strdup_printf ("The server at 127.0.0.1:%u does not speak https", server->port);
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_TLS, says, "");
      g_assert_nonnull (strstr (error->message, "http://"));
      g_assert_cmpuint (server->n_connections, >, 0);
    }
}

/* The list of models and the credits have the same limit on the start
 * of a secure connection as the chat (see test_https_to_http()): with
 * an https base URL for a plain http server, the list fails with the
 * same sentence, before the suite's wait would, and the credits are
 * not available.  The request never reaches the server, nor the key
 * the error.
 */
void
test_https_to_http_models (void)
{
  for (guint short_stall = 0; short_stall < 2; short_stall++)
    {
      g_autoptr(PlainServer) server = plain_server_start (FALSE);
      g_autoptr(ConfabClient) client = https_client_new (server);
      g_autofree char *says = dup_no_hello_answer (server);
      g_autoptr(GAsyncResult) result = NULL;
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) models = NULL;

      if (short_stall)
        confab_client_set_stall_timeout (client, 1);

      confab_client_list_models_async (client, NULL, confab_test_store_result_cb, &result);
      confab_test_wait_for_result (&result);
      models = confab_client_list_models_finish (client, result, &error);

      g_assert_null (models);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
      g_assert_nonnull (strstr (error->message, says));
      g_assert_null (strstr (error->message, API_KEY));
      g_assert_cmpuint (server->n_connections, >, 0);
    }
}

void
test_https_to_http_credits (void)
{
  g_autoptr(PlainServer) server = plain_server_start (FALSE);
  g_autoptr(ConfabClient) client = https_client_new (server);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(ConfabCredits) credits = NULL;

  confab_client_get_credits_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  credits = confab_client_get_credits_finish (client, result, &error);

  g_assert_no_error (error);
  g_assert_null (credits);
  g_assert_cmpuint (server->n_connections, >, 0);
}

/* A plain http server that answers the hello as a bad request: the list
 * of models says it does not speak https, as the chat does.
 */
void
test_https_to_http_answering_models (void)
{
  g_autoptr(PlainServer) server = plain_server_start (TRUE);
  g_autoptr(ConfabClient) client = https_client_new (server);
  g_autofree char *says = g_strdup_printf ("The server at 127.0.0.1:%u does not speak https", server->port);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) models = NULL;

  confab_client_list_models_async (client, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  models = confab_client_list_models_finish (client, result, &error);

  g_assert_null (models);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, says));
  g_assert_cmpuint (server->n_connections, >, 0);
}

/* The reverse: a plain http base URL for a server that speaks only
 * https.  It drops the connection at the first bytes, which are not a
 * TLS hello, as a failing server may too: the sentence names the server
 * and says to check for https.
 */
void
test_http_to_https (void)
{
  g_autofree char *cert = tls_path ("self-signed.pem");
  g_autofree char *key = tls_path ("self-signed-key.pem");
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GError) error = NULL;

  certificate = g_tls_certificate_new_from_files (cert, key, &error);
  g_assert_no_error (error);

  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (certificate);
      g_autofree char *base_url = NULL;
      g_autofree char *says = NULL;
      g_autoptr(ConfabClient) client = NULL;
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) http_error = NULL;

      g_assert_true (g_str_has_prefix (confab_test_server_get_base_url (server), "https://"));
      base_url = g_strconcat ("http://", confab_test_server_get_base_url (server) + strlen ("https://"), NULL);
      client = client_new (base_url);
      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

      exchange = ask (client, stream, &http_error);
      says = g_strdup_printf ("The server at 127.0.0.1:%u closed the connection without answering",
                              confab_test_server_get_port (server));
      assert_kept (exchange, http_error, CONFAB_CLIENT_ERROR_CONNECTION, says, "");
      g_assert_nonnull (strstr (http_error->message, "https://"));
      g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
    }
}

/* DNS failures -------------------------------------------------------------- */

/* A name that cannot exist (RFC 6761): the address was not found. */
void
test_dns (void)
{
  for (guint stream = 0; stream < 2; stream++)
    {
      g_autoptr(ConfabClient) client = client_new ("https://api.confab-test.invalid/v1");
      g_autoptr(Exchange) exchange = NULL;
      g_autoptr(GError) error = NULL;

      exchange = ask (client, stream, &error);
      assert_kept (exchange, error, CONFAB_CLIENT_ERROR_DNS, "The server’s address could not be found", "");
    }
}
