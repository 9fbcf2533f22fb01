/* test-proxy.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* ConfabClient through a real proxy: tinyproxy, started here with a
 * generated configuration on a free loopback port, with and without a
 * password, in front of the scripted server over http and over https
 * (a tunnel through CONNECT, to a server whose certificate the client is
 * made to trust for the test).  Also through a SOCKS5 proxy (microsocks)
 * and through an https:// proxy: stunnel, which takes the TLS, in front
 * of tinyproxy.
 */

#include "test-proxy.h"

GTlsCertificate *tls_certificate;
GTlsDatabase *tls_database;

static guint
free_port (void)
{
  g_autoptr(GSocket) socket = NULL;
  guint port;

  socket = confab_test_bind_closed_port (&port);
  g_socket_close (socket, NULL);

  return port;
}

/* tinyproxy ends with the test, even when the test aborts. */
static void
proxy_child_setup (gpointer user_data)
{
#ifdef __linux__
  prctl (PR_SET_PDEATHSIG, SIGTERM);
#endif
}

static void
proxy_read_line_cb (GObject      *object,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *line = NULL;

  line = g_data_input_stream_read_line_finish_utf8 (G_DATA_INPUT_STREAM (object), result, NULL, &error);

  if (line == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        proxy->ended = TRUE;
      return;
    }

  g_string_append_printf (proxy->log, "%s\n", line);
  if (proxy->ready_line != NULL && strstr (line, proxy->ready_line) != NULL)
    proxy->ready = TRUE;

  /* Keep reading, so that tinyproxy never blocks on a full pipe. */
  g_data_input_stream_read_line_async (proxy->output, G_PRIORITY_DEFAULT, proxy->cancellable,
                                       proxy_read_line_cb, proxy);
}

static gboolean
proxy_is_ready (gpointer user_data)
{
  Proxy *proxy = user_data;

  if (proxy->ended && !proxy->ready)
    g_error ("The proxy did not start:\n%s", proxy->log->str);

  return proxy->ready;
}

/* A proxy that says nothing when it is ready is ready once its port
 * takes a connection.
 */
static gboolean
proxy_poll_cb (gpointer user_data)
{
  Proxy *proxy = user_data;
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) connection = NULL;

  connection = g_socket_client_connect_to_host (client, "127.0.0.1", proxy->port, NULL, NULL);
  if (connection == NULL)
    return G_SOURCE_CONTINUE;

  proxy->ready = TRUE;
  proxy->poll_id = 0;

  return G_SOURCE_REMOVE;
}

/* Runs @argv, reading its output into the log, until it is ready: it
 * printed @ready_line, or without one, its port takes connections.
 */
static void
proxy_spawn (Proxy              *proxy,
             const char * const *argv,
             const char         *ready_line)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;

  proxy->ready_line = ready_line;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_child_setup (launcher, proxy_child_setup, NULL, NULL);
  proxy->process = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);

  proxy->output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proxy->process));
  g_data_input_stream_read_line_async (proxy->output, G_PRIORITY_DEFAULT, proxy->cancellable,
                                       proxy_read_line_cb, proxy);
  if (ready_line == NULL)
    proxy->poll_id = g_timeout_add (10, proxy_poll_cb, proxy);
  confab_test_run_until (proxy_is_ready, proxy);
}

static Proxy *
proxy_new (void)
{
  g_autoptr(GError) error = NULL;
  Proxy *proxy = g_new0 (Proxy, 1);

  proxy->dir = g_dir_make_tmp ("confab-proxy-XXXXXX", &error);
  g_assert_no_error (error);
  proxy->port = free_port ();
  proxy->log = g_string_new (NULL);
  proxy->cancellable = g_cancellable_new ();

  return proxy;
}

/* Starts tinyproxy on 127.0.0.1, asking for @user and @password when
 * given; everything it writes stays in a temporary folder.
 */
Proxy *
proxy_start (const char *user,
             const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) config = g_string_new (NULL);
  g_autofree char *config_path = NULL;
  g_autofree char *tinyproxy = g_find_program_in_path ("tinyproxy");
  Proxy *proxy = proxy_new ();

  g_assert_nonnull (tinyproxy);

  g_string_append_printf (config,
                          "Port %u\n"
                          "Listen 127.0.0.1\n"
                          "Timeout 600\n"
                          "MaxClients 20\n"
                          "LogLevel Info\n",
                          proxy->port);
  if (user != NULL)
    g_string_append_printf (config, "BasicAuth %s %s\n", user, password);

  config_path = g_build_filename (proxy->dir, "tinyproxy.conf", NULL);
  g_file_set_contents (config_path, config->str, -1, &error);
  g_assert_no_error (error);

  /* In the foreground, logging to its standard output (read here). */
  {
    const char *argv[] = { tinyproxy, "-d", "-c", config_path, NULL };

    proxy_spawn (proxy, argv, "Accepting connections");
  }

  return proxy;
}

static gboolean
proxy_has_exited (gpointer user_data)
{
  Proxy *proxy = user_data;

  return proxy->ended;
}

void
proxy_stop (Proxy *proxy)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_send_signal (proxy->process, SIGTERM);
  confab_test_run_until (proxy_has_exited, proxy);
  g_subprocess_wait (proxy->process, NULL, &error);
  g_assert_no_error (error);

  g_cancellable_cancel (proxy->cancellable);
  g_clear_handle_id (&proxy->poll_id, g_source_remove);
  g_clear_object (&proxy->output);
  g_clear_object (&proxy->process);
  g_clear_object (&proxy->cancellable);

  confab_test_remove_tree (proxy->dir);

  if (proxy->next != NULL)
    proxy_stop (proxy->next);

  g_string_free (proxy->log, TRUE);
  g_free (proxy->dir);
  g_free (proxy);
}

char *
proxy_url (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* Starts microsocks, a SOCKS5 proxy, on 127.0.0.1, asking for @user and
 * @password when given.  It connects to servers from 127.0.0.2, so that
 * the server can tell a request came through it.
 */
Proxy *
socks_start (const char *user,
             const char *password)
{
  g_autofree char *microsocks = g_find_program_in_path ("microsocks");
  g_autofree char *port = NULL;
  Proxy *proxy = proxy_new ();

  g_assert_nonnull (microsocks);
  port = g_strdup_printf ("%u", proxy->port);

  if (user != NULL)
    {
      const char *argv[] = { microsocks, "-i", "127.0.0.1", "-p", port, "-b", "127.0.0.2",
                             "-u", user, "-P", password, NULL };

      proxy_spawn (proxy, argv, NULL);
    }
  else
    {
      const char *argv[] = { microsocks, "-i", "127.0.0.1", "-p", port, "-b", "127.0.0.2", NULL };

      proxy_spawn (proxy, argv, NULL);
    }

  return proxy;
}

static char *tls_dir;

/* Starts stunnel on 127.0.0.1 with the test's certificate, in front of
 * a tinyproxy (asking for @user and @password when given): together an
 * HTTP proxy reached over TLS, an https:// proxy.
 */
Proxy *
tls_proxy_start (const char *user,
                 const char *password)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *stunnel = g_find_program_in_path ("stunnel4");
  g_autofree char *config_path = NULL;
  g_autofree char *config = NULL;
  g_autofree char *cert_path = g_build_filename (tls_dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (tls_dir, "key.pem", NULL);
  Proxy *proxy = proxy_new ();

  if (stunnel == NULL)
    stunnel = g_find_program_in_path ("stunnel");
  g_assert_nonnull (stunnel);

  proxy->next = proxy_start (user, password);

  config = g_strdup_printf ("foreground = yes\n"
                            "pid =\n"
                            "syslog = no\n"
                            "debug = notice\n"
                            "[proxy]\n"
                            "accept = 127.0.0.1:%u\n"
                            "connect = 127.0.0.1:%u\n"
                            "cert = %s\n"
                            "key = %s\n",
                            proxy->port, proxy->next->port, cert_path, key_path);
  config_path = g_build_filename (proxy->dir, "stunnel.conf", NULL);
  g_file_set_contents (config_path, config, -1, &error);
  g_assert_no_error (error);

  {
    const char *argv[] = { stunnel, config_path, NULL };

    proxy_spawn (proxy, argv, "Configuration successful");
  }

  return proxy;
}

/* A self-signed certificate for 127.0.0.1, made for this run; the
 * client trusts it through a database of its own, never the system's.
 */
static void
tls_setup (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *openssl = g_find_program_in_path ("openssl");
  g_autofree char *cert_path = NULL;
  g_autofree char *key_path = NULL;
  g_autoptr(GSubprocess) process = NULL;

  g_assert_nonnull (openssl);

  tls_dir = g_dir_make_tmp ("confab-tls-XXXXXX", &error);
  g_assert_no_error (error);
  cert_path = g_build_filename (tls_dir, "cert.pem", NULL);
  key_path = g_build_filename (tls_dir, "key.pem", NULL);

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_SILENCE,
                              &error,
                              openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                              "-keyout", key_path, "-out", cert_path, "-days", "2",
                              "-subj", "/CN=127.0.0.1",
                              "-addext", "subjectAltName=IP:127.0.0.1",
                              NULL);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);

  tls_certificate = g_tls_certificate_new_from_files (cert_path, key_path, &error);
  g_assert_no_error (error);
  tls_database = g_tls_file_database_new (cert_path, &error);
  g_assert_no_error (error);

}

/* The database reads its file when it is used: removed at the end. */
static void
tls_teardown (void)
{
  g_autofree char *cert_path = g_build_filename (tls_dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (tls_dir, "key.pem", NULL);

  g_clear_object (&tls_certificate);
  g_clear_object (&tls_database);

  g_assert_cmpint (g_remove (cert_path), ==, 0);
  g_assert_cmpint (g_remove (key_path), ==, 0);
  g_assert_cmpint (g_rmdir (tls_dir), ==, 0);
  g_clear_pointer (&tls_dir, g_free);
}

ConfabTestServer *
server_new (gboolean tls)
{
  return tls ? confab_test_server_new_tls (tls_certificate) : confab_test_server_new ();
}

ConfabClient *
client_new (ConfabTestServer *server)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_api_key (client, API_KEY);
  confab_client_set_tls_database (client, tls_database);

  return client;
}

GListModel *
history_new (void)
{
  GListStore *history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_USER, PROMPT);

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);
  g_list_store_append (history, message);

  return G_LIST_MODEL (history);
}

ConfabMessage *
complete (ConfabClient  *client,
          GError       **error)
{
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GAsyncResult) result = NULL;

  confab_client_complete_async (client, MODEL, NULL, history, NULL,
                                confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return confab_client_complete_finish (client, result, error);
}

/* The error names the proxy, and says none of the secrets. */
void
assert_proxy_error (const GError *error,
                    guint         port,
                    const char   *what)
{
  g_autofree char *name = g_strdup_printf ("127.0.0.1:%u", port);

  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY);
  g_assert_nonnull (strstr (error->message, "proxy server"));
  g_assert_nonnull (strstr (error->message, name));
  if (strstr (error->message, what) == NULL)
    g_error ("“%s” does not say “%s”", error->message, what);
  g_assert_null (strstr (error->message, API_KEY));
  g_assert_null (strstr (error->message, PROXY_PASSWORD));
  g_assert_null (strstr (error->message, WRONG_PASSWORD));
}

/* tinyproxy refuses a plain http request before it has read the body,
 * and then resets the connection: the client may or may not have read
 * the refusal by then.  Either way the proxy is named.  Through the
 * tunnel of an https request the refusal always arrives.
 */
const char *
refusal_text (const ProxyCase *c,
              const GError    *error,
              const char      *text)
{
  const char *reset = "closed the connection before the server answered";

  if (!c->tls && error != NULL && strstr (error->message, reset) != NULL)
    return reset;

  return text;
}

/* The request the server got is the whole request: the body too. */
void
assert_request_arrived (ConfabTestServer *server)
{
  const ConfabTestRequest *request;
  g_autofree char *body = NULL;

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
  request = confab_test_server_get_request (server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " API_KEY);

  /* The proxy password is the proxy's, never the server's. */
  g_assert_null (confab_test_request_get_header (request, "Proxy-Authorization"));

  body = confab_test_request_dup_body (request);
  g_assert_nonnull (strstr (body, PROMPT));
  g_assert_nonnull (strstr (body, "\"model\":\"" MODEL "\""));
}

/* Sends the requests of @client through tinyproxy's @proxy, with @user
 * and @password in the rows of Preferences.
 */
void
use_proxy (ConfabClient *client,
           Proxy        *proxy,
           const char   *user,
           const char   *password)
{
  g_autofree char *url = proxy_url (proxy->port);

  confab_client_set_proxy (client, url, user, password);
}

/* The seed's answer comes back whole through the proxy set on @client,
 * and the request arrived whole.
 */
void
complete_through (ConfabClient     *client,
                  ConfabTestServer *server)
{
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  assert_request_arrived (server);
}

/* The same for an answer streamed in pieces. */
void
stream_through (ConfabClient     *client,
                ConfabTestServer *server)
{
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;

  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 5, CONFAB_TEST_STREAM, 40);

  confab_client_chat_async (client, MODEL, NULL, history, answer, TRUE, NULL,
                            confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_true (confab_client_chat_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_STREAM_CONTENT);
  assert_request_arrived (server);
}

/* The proxy at @port lets nothing through to @server, and the error
 * names it with @what (as refusal_text() has it for @c, when given).
 * Returns: (transfer full): the error
 */
GError *
complete_refused (ConfabClient     *client,
                  ConfabTestServer *server,
                  const ProxyCase  *c,
                  guint             port,
                  const char       *what)
{
  g_autoptr(ConfabMessage) answer = NULL;
  GError *error = NULL;

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, port, c != NULL ? refusal_text (c, error, what) : what);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  return error;
}

static void
add_cases (const char     *name,
           GTestDataFunc   func)
{
  static const ProxyCase http = { FALSE, FALSE };
  static const ProxyCase https = { TRUE, FALSE };
  g_autofree char *http_path = g_strdup_printf ("/proxy/http/%s", name);
  g_autofree char *https_path = g_strdup_printf ("/proxy/https/%s", name);

  g_test_add_data_func (http_path, &http, func);
  g_test_add_data_func (https_path, &https, func);
}

static void
add_socks_cases (const char    *name,
                 GTestDataFunc  func)
{
  static const ProxyCase http = { FALSE, FALSE };
  static const ProxyCase https = { TRUE, FALSE };
  g_autofree char *http_path = g_strdup_printf ("/proxy/socks5/http/%s", name);
  g_autofree char *https_path = g_strdup_printf ("/proxy/socks5/https/%s", name);

  g_test_add_data_func (http_path, &http, func);
  g_test_add_data_func (https_path, &https, func);
}

static void
add_tls_proxy_cases (const char    *name,
                     GTestDataFunc  func)
{
  static const ProxyCase http = { FALSE, FALSE };
  static const ProxyCase https = { TRUE, FALSE };
  g_autofree char *http_path = g_strdup_printf ("/proxy/https-proxy/http/%s", name);
  g_autofree char *https_path = g_strdup_printf ("/proxy/https-proxy/https/%s", name);

  g_test_add_data_func (http_path, &http, func);
  g_test_add_data_func (https_path, &https, func);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  /* The messages asserted on are the English ones. */
  setlocale (LC_ALL, "C.UTF-8");
  g_setenv ("LANGUAGE", "C", TRUE);

  /* The system's proxy must not come between the test and tinyproxy. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("ALL_PROXY");

  g_test_init (&argc, &argv, NULL);
  tls_setup ();

  /* The https:// proxy's certificate is the test's: GIO checks it with
   * the default database, not the session's.
   */
  g_tls_backend_set_default_database (g_tls_backend_get_default (), tls_database);

  add_cases ("open", test_open_proxy);
  add_cases ("password", test_password);
  add_cases ("password-in-url", test_password_in_url);
  add_cases ("password-stream", test_password_stream);
  add_cases ("password-missing", test_password_missing);
  add_cases ("password-wrong", test_password_wrong);
  add_cases ("server-rejects-key", test_server_rejects_key);
  add_cases ("refused", test_proxy_refused);
  g_test_add_func ("/proxy/https/server-unreachable", test_server_unreachable);
  {
    static const ProxyCase system_cases[] = {
      { FALSE, TRUE }, { TRUE, TRUE }, { FALSE, FALSE }, { TRUE, FALSE },
    };

    g_test_add_data_func ("/proxy/http/system", &system_cases[0], test_system_proxy);
    g_test_add_data_func ("/proxy/https/system", &system_cases[1], test_system_proxy);
    g_test_add_data_func ("/proxy/http/system-password-wrong", &system_cases[2], test_system_proxy);
    g_test_add_data_func ("/proxy/https/system-password-wrong", &system_cases[3], test_system_proxy);
  }
  add_socks_cases ("open", test_socks_open);
  add_socks_cases ("password", test_socks_password);
  add_socks_cases ("password-in-url", test_socks_password_in_url);
  add_socks_cases ("password-wrong", test_socks_password_wrong);
  add_socks_cases ("password-missing", test_socks_password_missing);
  add_socks_cases ("refused", test_socks_refused);
  add_tls_proxy_cases ("open", test_tls_proxy_open);
  add_tls_proxy_cases ("password", test_tls_proxy_password);
  add_tls_proxy_cases ("password-wrong", test_tls_proxy_password_wrong);
  add_tls_proxy_cases ("untrusted", test_tls_proxy_untrusted);
  g_test_add_func ("/proxy/https-proxy/https/server-untrusted", test_tls_proxy_server_untrusted);
  g_test_add_func ("/proxy/invalid", test_invalid_proxy);
  g_test_add_func ("/proxy/address-without-scheme", test_address_without_scheme);

  status = g_test_run ();

  tls_teardown ();

  return status;
}
