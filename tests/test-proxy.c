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

#include <locale.h>
#include <signal.h>

#include <glib/gstdio.h>
#ifdef __linux__
#include <sys/prctl.h>
#endif

#include "confab-client.h"
#include "confab-client-private.h"
#include "confab-error.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

#define API_KEY        "sk-proxy-test-key-4711"
#define MODEL          "gemini-3.1-pro-preview"
#define PROXY_USER     "confab"
#define PROXY_PASSWORD "pr0xy-s3cret"
#define WRONG_PASSWORD "wr0ng-s3cret"
#define PROMPT         "Through the proxy, please"

typedef struct _Proxy Proxy;

struct _Proxy
{
  char             *dir;
  GSubprocess      *process;
  GDataInputStream *output;
  GString          *log;
  GCancellable     *cancellable;
  const char       *ready_line;
  guint             poll_id;
  guint             port;
  gboolean          ready;
  gboolean          ended;

  /* stunnel's tinyproxy, behind it. */
  Proxy            *next;
};

typedef struct
{
  gboolean          tls;
  gboolean          with_auth;
} ProxyCase;

static GTlsCertificate *tls_certificate;
static GTlsDatabase *tls_database;

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
static Proxy *
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

static void
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

static char *
proxy_url (guint port)
{
  return g_strdup_printf ("http://127.0.0.1:%u", port);
}

/* Starts microsocks, a SOCKS5 proxy, on 127.0.0.1, asking for @user and
 * @password when given.  It connects to servers from 127.0.0.2, so that
 * the server can tell a request came through it.
 */
static Proxy *
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
static Proxy *
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

static ConfabTestServer *
server_new (gboolean tls)
{
  return tls ? confab_test_server_new_tls (tls_certificate) : confab_test_server_new ();
}

static ConfabClient *
client_new (ConfabTestServer *server)
{
  ConfabClient *client = confab_client_new ();

  confab_client_set_base_url (client, confab_test_server_get_base_url (server));
  confab_client_set_api_key (client, API_KEY);
  confab_client_set_tls_database (client, tls_database);

  return client;
}

static GListModel *
history_new (void)
{
  GListStore *history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) message = confab_message_new (CONFAB_ROLE_USER, PROMPT);

  confab_message_set_state (message, CONFAB_MESSAGE_STATE_COMPLETE);
  g_list_store_append (history, message);

  return G_LIST_MODEL (history);
}

static ConfabMessage *
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
static void
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
static const char *
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
static void
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

/* A proxy without a password passes the request on, over http and
 * through a tunnel for https.
 */
static void
test_open_proxy (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (NULL, NULL);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  assert_request_arrived (server);

  /* It really went through the proxy. */
  if (!c->tls)
    g_assert_nonnull (strstr (confab_test_request_get_header (confab_test_server_get_request (server, 0), "Via"),
                              "tinyproxy"));
  g_assert_nonnull (strstr (proxy->log->str, c->tls ? "CONNECT" : "POST"));

  proxy_stop (proxy);
}

/* A proxy that wants a password gets it, and the request arrives with
 * its body: libsoup sends it again after the proxy's 407.
 */
static void
test_password (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, PROXY_USER, PROXY_PASSWORD);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  assert_request_arrived (server);

  proxy_stop (proxy);
}

/* The same, with the user and password written into the address, as in
 * https_proxy=http://user:password@host:port.
 */
static void
test_password_in_url (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u", PROXY_USER, PROXY_PASSWORD, proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  assert_request_arrived (server);

  proxy_stop (proxy);
}

/* Streamed answers pass through too. */
static void
test_password_stream (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ConfabTestResponse *response;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, PROXY_USER, PROXY_PASSWORD);
  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 5, CONFAB_TEST_STREAM, 40);

  confab_client_chat_async (client, MODEL, NULL, history, answer, TRUE, NULL,
                            confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_true (confab_client_chat_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_STREAM_CONTENT);
  assert_request_arrived (server);

  proxy_stop (proxy);
}

/* Without the password the proxy wants: its 407 is the proxy's fault. */
static void
test_password_missing (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port, refusal_text (c, error, "asks for a user name and password"));
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  proxy_stop (proxy);
}

/* A wrong password: tinyproxy answers 401, which is not about the key. */
static void
test_password_wrong (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, PROXY_USER, WRONG_PASSWORD);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port, refusal_text (c, error, "did not accept the user name or password"));
  g_assert_null (strstr (error->message, "API key"));
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  proxy_stop (proxy);
}

/* The server's own 401 through a proxy is still about the API key. */
static void
test_server_rejects_key (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  ConfabTestResponse *response;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, PROXY_USER, PROXY_PASSWORD);
  response = confab_test_server_queue_response (server, 401, "application/json",
                                                "{\"error\":{\"message\":\"Invalid API key\",\"type\":\"invalid_request_error\"}}");
  confab_test_response_add_header (response, "WWW-Authenticate", "Bearer realm=\"api\"");

  answer = complete (client, &error);
  g_assert_null (answer);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_AUTH);
  g_assert_nonnull (strstr (error->message, "rejected the API key"));
  g_assert_null (strstr (error->message, "proxy"));
  assert_request_arrived (server);

  proxy_stop (proxy);
}

/* Nothing listens at the proxy's address: the proxy refused, not the
 * server.
 */
static void
test_proxy_refused (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint port;

  closed = confab_test_bind_closed_port (&port);
  url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u", PROXY_USER, PROXY_PASSWORD, port);
  confab_client_set_proxy (client, url, NULL, NULL);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, port, "refused the connection");
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
}

/* tinyproxy cannot reach the server: its own error page is not the
 * server's answer.
 */
static void
test_server_unreachable (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (tls_certificate);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  g_autofree char *base_url = NULL;
  Proxy *proxy = proxy_start (NULL, NULL);
  guint port;

  closed = confab_test_bind_closed_port (&port);
  base_url = g_strdup_printf ("https://127.0.0.1:%u/v1", port);
  confab_client_set_base_url (client, base_url);
  url = proxy_url (proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port, "could not pass the request on");

  proxy_stop (proxy);
}

static void
test_invalid_proxy (void)
{
  const char * const invalid[] = {
    "ftp://proxy.example.com:21",
    "http://",
    "http://proxy.example.com:3128/some/path",
    "http://proxy example.com",
  };
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(ConfabMessage) answer = NULL;
      g_autoptr(GError) error = NULL;

      confab_client_set_proxy (client, invalid[i], PROXY_USER, PROXY_PASSWORD);
      answer = complete (client, &error);
      g_assert_null (answer);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, "proxy address"));
      g_assert_null (strstr (error->message, PROXY_PASSWORD));
    }

  /* Back to the system's settings (none here): straight to the server. */
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_client_set_proxy (client, NULL, NULL, NULL);
  {
    g_autoptr(ConfabMessage) answer = NULL;
    g_autoptr(GError) error = NULL;

    answer = complete (client, &error);
    g_assert_no_error (error);
    g_assert_null (confab_test_request_get_header (confab_test_server_get_request (server, 0), "Via"));
  }
}

/* "host:port" alone is an HTTP proxy. */
static void
test_address_without_scheme (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (NULL, NULL);

  url = g_strdup_printf ("127.0.0.1:%u", proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (confab_test_request_get_header (confab_test_server_get_request (server, 0), "Via"),
                            "tinyproxy"));

  proxy_stop (proxy);
}

/* SOCKS5 ------------------------------------------------------------------ */

/* The request came through microsocks, which connects from 127.0.0.2. */
static void
assert_through_socks (ConfabTestServer *server)
{
  assert_request_arrived (server);
  g_assert_cmpstr (confab_test_server_get_request (server, 0)->remote_host, ==, "127.0.0.2");
}

typedef enum
{
  CREDENTIALS_NONE,
  CREDENTIALS_ROWS,
  CREDENTIALS_IN_URL,
  CREDENTIALS_WRONG,
  CREDENTIALS_MISSING,
} Credentials;

/* The proxy address and rows as a person would enter them. */
static void
set_proxy (ConfabClient *client,
           const char   *scheme,
           guint         port,
           Credentials   credentials)
{
  g_autofree char *url = NULL;

  switch (credentials)
    {
    case CREDENTIALS_IN_URL:
      url = g_strdup_printf ("%s://%s:%s@127.0.0.1:%u", scheme, PROXY_USER, PROXY_PASSWORD, port);
      confab_client_set_proxy (client, url, NULL, NULL);
      break;

    case CREDENTIALS_ROWS:
      url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
      confab_client_set_proxy (client, url, PROXY_USER, PROXY_PASSWORD);
      break;

    case CREDENTIALS_WRONG:
      url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
      confab_client_set_proxy (client, url, PROXY_USER, WRONG_PASSWORD);
      break;

    case CREDENTIALS_NONE:
    case CREDENTIALS_MISSING:
    default:
      url = g_strdup_printf ("%s://127.0.0.1:%u", scheme, port);
      confab_client_set_proxy (client, url, NULL, NULL);
      break;
    }
}

/* Through a SOCKS5 proxy, open or with a password (in the rows or in
 * the address), streamed too.
 */
static void
test_socks (const ProxyCase *c,
            Credentials      credentials)
{
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GListModel) history = history_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  Proxy *proxy;

  if (credentials == CREDENTIALS_NONE)
    proxy = socks_start (NULL, NULL);
  else
    proxy = socks_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "socks5", proxy->port, credentials);
  response = confab_test_server_queue_stream (server, 200, "text/event-stream");
  confab_test_response_add_pieces (response, 5, CONFAB_TEST_STREAM, 40);

  confab_client_chat_async (client, MODEL, NULL, history, answer, TRUE, NULL,
                            confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_true (confab_client_chat_finish (client, result, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_STREAM_CONTENT);
  assert_through_socks (server);

  proxy_stop (proxy);
}

static void
test_socks_open (gconstpointer data)
{
  test_socks (data, CREDENTIALS_NONE);
}

static void
test_socks_password (gconstpointer data)
{
  test_socks (data, CREDENTIALS_ROWS);
}

static void
test_socks_password_in_url (gconstpointer data)
{
  test_socks (data, CREDENTIALS_IN_URL);
}

/* A wrong or missing password: the proxy is named, nothing arrives. */
static void
test_socks_refusal (gconstpointer data,
                    Credentials   credentials)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy = socks_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "socks5", proxy->port, credentials);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port,
                      credentials == CREDENTIALS_WRONG ? "did not accept the user name or password"
                                                       : "asks for a user name and password");
  g_assert_null (strstr (error->message, "API key"));
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  proxy_stop (proxy);
}

static void
test_socks_password_wrong (gconstpointer data)
{
  test_socks_refusal (data, CREDENTIALS_WRONG);
}

static void
test_socks_password_missing (gconstpointer data)
{
  test_socks_refusal (data, CREDENTIALS_MISSING);
}

/* Nothing listens at the SOCKS proxy's address. */
static void
test_socks_refused (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  closed = confab_test_bind_closed_port (&port);
  set_proxy (client, "socks5", port, CREDENTIALS_ROWS);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, port, "refused the connection");
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
}

/* An https:// proxy ----------------------------------------------------------- */

/* Through stunnel and tinyproxy: the request arrives whole, and
 * tinyproxy saw it.
 */
static void
test_tls_proxy (const ProxyCase *c,
                Credentials      credentials)
{
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *connect = NULL;
  Proxy *proxy;

  if (credentials == CREDENTIALS_NONE)
    proxy = tls_proxy_start (NULL, NULL);
  else
    proxy = tls_proxy_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "https", proxy->port, credentials);
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  answer = complete (client, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  assert_request_arrived (server);
  /* GIO tunnels plain http through an https:// proxy too. */
  connect = g_strdup_printf ("CONNECT 127.0.0.1:%u", confab_test_server_get_port (server));
  g_assert_nonnull (strstr (proxy->next->log->str, connect));
  g_assert_nonnull (strstr (proxy->log->str, "accepted connection"));

  proxy_stop (proxy);
}

static void
test_tls_proxy_open (gconstpointer data)
{
  test_tls_proxy (data, CREDENTIALS_NONE);
}

static void
test_tls_proxy_password (gconstpointer data)
{
  test_tls_proxy (data, CREDENTIALS_ROWS);
}

static void
test_tls_proxy_password_wrong (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy = tls_proxy_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "https", proxy->port, CREDENTIALS_WRONG);

  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port, "did not accept the user name or password");
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  proxy_stop (proxy);
}

/* An https:// proxy whose certificate this computer does not trust:
 * the proxy is named, not the server.
 */
static void
test_tls_proxy_untrusted (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy = tls_proxy_start (NULL, NULL);

  /* The system's authorities, which never signed the test's certificate. */
  g_tls_backend_set_default_database (g_tls_backend_get_default (), NULL);

  set_proxy (client, "https", proxy->port, CREDENTIALS_NONE);
  answer = complete (client, &error);
  g_assert_null (answer);
  assert_proxy_error (error, proxy->port, "its certificate was not accepted");
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  g_tls_backend_set_default_database (g_tls_backend_get_default (), tls_database);
  proxy_stop (proxy);
}

/* Through an https:// proxy to a server whose certificate is refused:
 * the server's fault, not the proxy's.
 */
static void
test_tls_proxy_server_untrusted (void)
{
  const char *system_authorities = "/etc/ssl/certs/ca-certificates.crt";
  g_autoptr(ConfabTestServer) server = confab_test_server_new_tls (tls_certificate);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GTlsDatabase) database = NULL;
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy;

  if (!g_file_test (system_authorities, G_FILE_TEST_EXISTS))
    {
      g_test_skip ("No file of the system's authorities (ca-certificates)");
      return;
    }

  /* The session trusts only the system's authorities; GIO's default
   * database, which checks the proxy, trusts the test's certificate.
   */
  database = g_tls_file_database_new (system_authorities, &error);
  g_assert_no_error (error);
  confab_client_set_tls_database (client, database);

  proxy = tls_proxy_start (NULL, NULL);
  set_proxy (client, "https", proxy->port, CREDENTIALS_NONE);
  answer = complete (client, &error);
  g_assert_null (answer);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
  g_assert_nonnull (strstr (error->message, "The server’s certificate is not signed by an authority"));
  g_assert_null (strstr (error->message, "proxy"));
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);

  proxy_stop (proxy);
}

/* The case of the report: no proxy set in Confab, the system's (here
 * http_proxy and https_proxy, as libproxy reads them) with a password.
 * Run in a process of its own, so that the system's proxy resolver first
 * sees these variables.
 */
static void
test_system_proxy (gconstpointer data)
{
  const ProxyCase *c = data;

  if (g_test_subprocess ())
    {
      g_autoptr(ConfabTestServer) server = server_new (c->tls);
      g_autoptr(ConfabClient) client = client_new (server);
      g_autoptr(ConfabMessage) answer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *url = NULL;
      Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

      url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u", PROXY_USER,
                             c->with_auth ? PROXY_PASSWORD : WRONG_PASSWORD, proxy->port);
      g_setenv ("http_proxy", url, TRUE);
      g_setenv ("https_proxy", url, TRUE);
      g_unsetenv ("no_proxy");
      g_unsetenv ("NO_PROXY");

      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
      answer = complete (client, &error);

      if (c->with_auth)
        {
          g_assert_no_error (error);
          assert_request_arrived (server);
          g_assert_nonnull (strstr (proxy->log->str, c->tls ? "CONNECT" : "POST"));
        }
      else
        {
          g_assert_null (answer);
          assert_proxy_error (error, proxy->port, refusal_text (c, error, "did not accept the user name or password"));
        }

      proxy_stop (proxy);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_test_trap_assert_passed ();
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
