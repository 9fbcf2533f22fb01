/* test-proxy-http.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Through an http:// proxy: open, with a password in the settings or in
 * the address, streamed, and every way it can fail.
 */

#include "test-proxy.h"

/* A proxy without a password passes the request on, over http and
 * through a tunnel for https.
 */
void
test_open_proxy (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  Proxy *proxy = proxy_start (NULL, NULL);

  use_proxy (client, proxy, NULL, NULL);
  complete_through (client, server);

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
void
test_password (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  use_proxy (client, proxy, PROXY_USER, PROXY_PASSWORD);
  complete_through (client, server);

  proxy_stop (proxy);
}

/* The same, with the user and password written into the address, as in
 * https_proxy=http://user:password@host:port.
 */
void
test_password_in_url (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autofree char *url = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u", PROXY_USER, PROXY_PASSWORD, proxy->port);
  confab_client_set_proxy (client, url, NULL, NULL);
  complete_through (client, server);

  proxy_stop (proxy);
}

/* Streamed answers pass through too. */
void
test_password_stream (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  use_proxy (client, proxy, PROXY_USER, PROXY_PASSWORD);
  stream_through (client, server);

  proxy_stop (proxy);
}

/* Without the password the proxy wants: its 407 is the proxy's fault. */
void
test_password_missing (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  use_proxy (client, proxy, NULL, NULL);
  error = complete_refused (client, server, c, proxy->port, "asks for a user name and password");

  proxy_stop (proxy);
}

/* A wrong password: tinyproxy answers 401, which is not about the key. */
void
test_password_wrong (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GError) error = NULL;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  use_proxy (client, proxy, PROXY_USER, WRONG_PASSWORD);
  error = complete_refused (client, server, c, proxy->port, "did not accept the user name or password");
  g_assert_null (strstr (error->message, "API key"));

  proxy_stop (proxy);
}

/* The server's own 401 through a proxy is still about the API key. */
void
test_server_rejects_key (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  ConfabTestResponse *response;
  Proxy *proxy = proxy_start (PROXY_USER, PROXY_PASSWORD);

  use_proxy (client, proxy, PROXY_USER, PROXY_PASSWORD);
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
void
test_proxy_refused (gconstpointer data)
{
  const ProxyCase *c = data;
  g_autoptr(ConfabTestServer) server = server_new (c->tls);
  g_autoptr(ConfabClient) client = client_new (server);
  g_autoptr(GSocket) closed = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL;
  guint port;

  closed = confab_test_bind_closed_port (&port);
  url = g_strdup_printf ("http://%s:%s@127.0.0.1:%u", PROXY_USER, PROXY_PASSWORD, port);
  confab_client_set_proxy (client, url, NULL, NULL);
  error = complete_refused (client, server, NULL, port, "refused the connection");
}

/* tinyproxy cannot reach the server: its own error page is not the
 * server's answer.
 */
void
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

void
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
void
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
