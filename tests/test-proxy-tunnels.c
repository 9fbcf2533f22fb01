/* test-proxy-tunnels.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through SOCKS5, through an https:// proxy, and through the proxy the
 * system names.
 */

#include "test-proxy.h"

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
  Proxy *proxy;

  if (credentials == CREDENTIALS_NONE)
    proxy = socks_start (NULL, NULL);
  else
    proxy = socks_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "socks5", proxy->port, credentials);
  stream_through (client, server);
  assert_through_socks (server);

  proxy_stop (proxy);
}

void
test_socks_open (gconstpointer data)
{
  test_socks (data, CREDENTIALS_NONE);
}

void
test_socks_password (gconstpointer data)
{
  test_socks (data, CREDENTIALS_ROWS);
}

void
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
  g_autoptr(GError) error = NULL;
  Proxy *proxy = socks_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "socks5", proxy->port, credentials);
  error = complete_refused (client, server, NULL, proxy->port,
                            credentials == CREDENTIALS_WRONG ? "did not accept the user name or password"
                                                             : "asks for a user name and password");
  g_assert_null (strstr (error->message, "API key"));

  proxy_stop (proxy);
}

void
test_socks_password_wrong (gconstpointer data)
{
  test_socks_refusal (data, CREDENTIALS_WRONG);
}

void
test_socks_password_missing (gconstpointer data)
{
  test_socks_refusal (data, CREDENTIALS_MISSING);
}

/* Nothing listens at the SOCKS proxy's address. */
void
test_socks_refused (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  guint port;

  closed = confab_test_bind_closed_port (&port);
  set_proxy (client, "socks5", port, CREDENTIALS_ROWS);
  error = complete_refused (client, server, NULL, port, "refused the connection");
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
  g_autofree char *connect = NULL;
  Proxy *proxy;

  if (credentials == CREDENTIALS_NONE)
    proxy = tls_proxy_start (NULL, NULL);
  else
    proxy = tls_proxy_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "https", proxy->port, credentials);
  complete_through (client, server);
  /* GIO tunnels plain http through an https:// proxy too. */
  connect = g_strdup_printf ("CONNECT 127.0.0.1:%u", confab_test_server_get_port (server));
  g_assert_nonnull (strstr (proxy->next->log->str, connect));
  g_assert_nonnull (strstr (proxy->log->str, "accepted connection"));

  proxy_stop (proxy);
}

void
test_tls_proxy_open (gconstpointer data)
{
  test_tls_proxy (data, CREDENTIALS_NONE);
}

void
test_tls_proxy_password (gconstpointer data)
{
  test_tls_proxy (data, CREDENTIALS_ROWS);
}

void
test_tls_proxy_password_wrong (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  Proxy *proxy = tls_proxy_start (PROXY_USER, PROXY_PASSWORD);

  set_proxy (client, "https", proxy->port, CREDENTIALS_WRONG);
  error = complete_refused (client, server, NULL, proxy->port, "did not accept the user name or password");

  proxy_stop (proxy);
}

/* An https:// proxy whose certificate this computer does not trust:
 * the proxy is named, not the server.
 */
void
test_tls_proxy_untrusted (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  Proxy *proxy = tls_proxy_start (NULL, NULL);

  /* The system's authorities, which never signed the test's certificate. */
  g_tls_backend_set_default_database (g_tls_backend_get_default (), NULL);

  set_proxy (client, "https", proxy->port, CREDENTIALS_NONE);
  error = complete_refused (client, server, NULL, proxy->port, "its certificate was not accepted");

  g_tls_backend_set_default_database (g_tls_backend_get_default (), tls_database);
  proxy_stop (proxy);
}

/* Through an https:// proxy to a server whose certificate is refused:
 * the server's fault, not the proxy's.
 */
void
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
void
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
