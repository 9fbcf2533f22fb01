/* confab-client-proxy.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <libsoup/soup.h>

#include "confab-client-request-private.h"
#include "confab-error.h"

/* The proxy: the address set in Preferences, the password sent to it,
 * and which proxy to name when a request fails on the way.
 */

static gboolean
proxy_scheme_is_known (const char *scheme)
{
  static const char * const schemes[] = { "http", "https", "socks", "socks4", "socks4a", "socks5", NULL };

  return scheme != NULL && g_strv_contains (schemes, scheme);
}

static int
proxy_default_port (const char *scheme)
{
  if (g_str_equal (scheme, "http"))
    return 80;
  if (g_str_equal (scheme, "https"))
    return 443;

  return 1080;
}

/* Returns the proxy URI with @user and @password in it, or %NULL when
 * @url is not a proxy address.  "host:port" means an HTTP proxy.
 */
static char *
build_proxy_uri (const char *url,
                 const char *user,
                 const char *password)
{
  g_autofree char *stripped = g_strstrip (g_strdup (url));
  g_autofree char *with_scheme = NULL;
  g_autofree char *scheme = NULL;
  g_autoptr(GUri) parsed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *host;
  int port;

  if (!g_uri_peek_scheme (stripped) || strstr (stripped, "://") == NULL)
    with_scheme = g_strconcat ("http://", stripped, NULL);
  else
    with_scheme = g_strdup (stripped);

  parsed = g_uri_parse (with_scheme, G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (parsed == NULL)
    return NULL;

  scheme = g_ascii_strdown (g_uri_get_scheme (parsed), -1);
  host = g_uri_get_host (parsed);
  if (!proxy_scheme_is_known (scheme) || host == NULL || *host == '\0' ||
      strpbrk (host, " \t\r\n") != NULL)
    return NULL;

  /* A path or query would be ignored; an address with one is a typo. */
  if ((*g_uri_get_path (parsed) != '\0' && !g_str_equal (g_uri_get_path (parsed), "/")) ||
      g_uri_get_query (parsed) != NULL)
    return NULL;

  port = g_uri_get_port (parsed);
  if (port <= 0)
    port = proxy_default_port (scheme);

  /* The user and password rows win over any written into the address. */
  if (user == NULL || *user == '\0')
    {
      user = g_uri_get_user (parsed);
      password = g_uri_get_password (parsed);
    }

  if (user != NULL && *user != '\0')
    uri = g_uri_build_with_user (G_URI_FLAGS_HAS_PASSWORD, scheme,
                                 user, password != NULL && *password != '\0' ? password : NULL, NULL,
                                 host, port, "", NULL, NULL);
  else
    uri = g_uri_build (G_URI_FLAGS_NONE, scheme, NULL, host, port, "", NULL, NULL);

  return g_uri_to_string (uri);
}

/**
 * confab_client_proxy_url_is_valid:
 * @url: what was entered as a proxy address
 *
 * Returns: whether confab_client_set_proxy() can use @url
 */
gboolean
confab_client_proxy_url_is_valid (const char *url)
{
  g_autofree char *uri = NULL;

  g_return_val_if_fail (url != NULL, FALSE);

  uri = build_proxy_uri (url, NULL, NULL);
  if (uri != NULL)
    memset (uri, 0, strlen (uri));

  return uri != NULL;
}

/**
 * confab_client_set_proxy:
 * @url: (nullable): a proxy address such as "http://proxy.example:3128"
 *   or "socks5://127.0.0.1:1080", or %NULL or "" for the system's
 *   proxy settings
 * @user: (nullable): the proxy user, if it wants one
 * @password: (nullable): the proxy password
 *
 * Sends every request through the proxy at @url, or as the system says.
 * An address that is not a proxy's makes requests fail with
 * %CONFAB_CLIENT_ERROR_INVALID_URL until it is corrected.
 */
void
confab_client_set_proxy (ConfabClient *self,
                         const char   *url,
                         const char   *user,
                         const char   *password)
{
  g_autofree char *proxy_uri = NULL;
  g_autoptr(GProxyResolver) resolver = NULL;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  self->proxy_invalid = FALSE;

  if (url == NULL || *url == '\0')
    {
      soup_session_set_proxy_resolver (self->session, g_proxy_resolver_get_default ());
      return;
    }

  if (!(proxy_uri = build_proxy_uri (url, user, password)))
    {
      self->proxy_invalid = TRUE;
      soup_session_set_proxy_resolver (self->session, g_proxy_resolver_get_default ());
      return;
    }

  /* Everything goes through a manual proxy, local servers too. */
  resolver = g_simple_proxy_resolver_new (proxy_uri, NULL);
  soup_session_set_proxy_resolver (self->session, resolver);
  confab_client_clear_secret (&proxy_uri);
}

/* libsoup 3.2 puts the proxy's password on every message sent through
 * the proxy, including one inside an https tunnel, where only the
 * server reads it.  Take it off again after libsoup's own handlers.
 */
void
confab_client_message_starting_cb (SoupMessage *message)
{
  if (g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (message)), "https") == 0)
    soup_message_headers_remove (soup_message_get_request_headers (message), "Proxy-Authorization");
}

/* The addresses a proxy lookup gives may hold the proxy's password:
 * each is wiped before the list is freed, on every path out of the
 * callbacks below (before, not when the request had ended meanwhile).
 */
typedef char **ProxyList;

static void
proxy_list_free (ProxyList proxies)
{
  for (guint i = 0; proxies != NULL && proxies[i] != NULL; i++)
    memset (proxies[i], 0, strlen (proxies[i]));

  g_strfreev (proxies);
}

G_DEFINE_AUTO_CLEANUP_FREE_FUNC (ProxyList, proxy_list_free, NULL)

static void
proxy_lookup_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_auto(ProxyList) proxies = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) fallback = NULL;
  GError *proxy_error = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (request->finished)
    return;

  fallback = g_steal_pointer (&request->proxy_status_error);

  if (proxies == NULL && g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) && !request->stalled)
    {
      confab_client_request_return_error (task, g_steal_pointer (&error));
      return;
    }

  if (proxies != NULL && proxies[0] != NULL && !g_str_equal (proxies[0], "direct://"))
    proxy_error = confab_error_from_proxy (proxies[0], request->status, request->transport_error);

  confab_client_request_return_error (task, proxy_error != NULL ? proxy_error : g_steal_pointer (&fallback));
}

/* Ends the request with what went wrong: the proxy's fault, named, when
 * a proxy was in the way and @status (its answer) or @transport_error
 * says it failed; @fallback (owned) otherwise.
 */
void
confab_client_request_return_error_checking_proxy (GTask        *task,
                                                   const GError *transport_error,
                                                   GError       *fallback)
{
  Request *request = g_task_get_task_data (task);
  g_autofree char *uri = NULL;

  /* Once the tunnel is up, a closed connection is the server's doing,
   * and so is a certificate libsoup was asked about.
   */
  if (request->proxy_resolver == NULL || request->stalled ||
      g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      (transport_error != NULL && transport_error->domain == G_TLS_ERROR && request->tls_errors != 0) ||
      (g_error_matches (transport_error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED) &&
       soup_message_get_tls_peer_certificate (request->message) != NULL))
    {
      confab_client_request_return_error (task, fallback);
      return;
    }

  request->transport_error = transport_error != NULL ? g_error_copy (transport_error) : NULL;
  request->proxy_status_error = fallback;

  uri = g_uri_to_string_partial (soup_message_get_uri (request->message), G_URI_HIDE_USERINFO);
  g_proxy_resolver_lookup_async (request->proxy_resolver, uri,
                                 request->io_cancellable,
                                 proxy_lookup_cb,
                                 g_object_ref (task));
}

/* Whether an error status may be a proxy's own answer, not the
 * server's: through a tunnel (https), it came before any TLS; a 407 is
 * only ever a proxy's; a 401 is when it asks for a password scheme no
 * API uses and no proxy passed it on.
 */
gboolean
confab_client_request_status_is_from_proxy (Request *request)
{
  SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);
  GUri *uri = soup_message_get_uri (request->message);
  const char *challenge;

  if (g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return soup_message_get_tls_peer_certificate (request->message) == NULL;

  if (request->status == SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED)
    return TRUE;

  if (request->status != SOUP_STATUS_UNAUTHORIZED)
    return FALSE;

  if (soup_message_headers_get_one (headers, "Proxy-Authenticate") != NULL)
    return TRUE;

  challenge = soup_message_headers_get_one (headers, "WWW-Authenticate");

  return challenge != NULL &&
         g_ascii_strncasecmp (challenge, "Bearer", strlen ("Bearer")) != 0 &&
         soup_message_headers_get_one (headers, "Via") == NULL;
}

/* Through an HTTP proxy with a password, a plain http request carries
 * the password from the start, as curl sends it: the proxy's 407 would
 * come while the body is still on its way, and some proxies (tinyproxy)
 * then reset the connection before the 407 is read.  (https requests go
 * through a tunnel, whose 407 libsoup answers itself.)
 */
static void
add_proxy_authorization (SoupMessage *message,
                         const char  *proxy_uri)
{
  g_autoptr(GUri) proxy = NULL;
  g_autofree char *credentials = NULL;
  g_autofree char *encoded = NULL;
  g_autofree char *authorization = NULL;
  const char *user;
  const char *password;

  proxy = g_uri_parse (proxy_uri, G_URI_FLAGS_HAS_PASSWORD, NULL);
  if (proxy == NULL || g_ascii_strcasecmp (g_uri_get_scheme (proxy), "http") != 0)
    return;

  user = g_uri_get_user (proxy);
  password = g_uri_get_password (proxy);
  if (user == NULL || *user == '\0')
    return;

  credentials = g_strconcat (user, ":", password ? password : "", NULL);
  encoded = g_base64_encode ((const guchar *) credentials, strlen (credentials));
  authorization = g_strconcat ("Basic ", encoded, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Proxy-Authorization", authorization);

  memset (credentials, 0, strlen (credentials));
  memset (encoded, 0, strlen (encoded));
  memset (authorization, 0, strlen (authorization));
}

/* The proxy answered with a 407 although its password was on the
 * message (the tunnel's CONNECT, or a plain http request itself): the
 * password is wrong.  libsoup (3.6 at least) would send the same one
 * again when it came with the proxy's address, up to its limit of
 * restarts, so the request stops here.
 */
static void
proxy_got_headers_cb (SoupMessage *message,
                      GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  SoupMessageHeaders *headers = soup_message_get_request_headers (message);

  if (request->finished ||
      soup_message_get_status (message) != SOUP_STATUS_PROXY_AUTHENTICATION_REQUIRED ||
      soup_message_headers_get_one (headers, "Proxy-Authorization") == NULL)
    return;

  request->proxy_refused = TRUE;
  g_cancellable_cancel (request->io_cancellable);
}

void
confab_client_request_send_lookup_cb (GObject      *object,
                                      GAsyncResult *result,
                                      gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  Request *request = g_task_get_task_data (task);
  g_auto(ProxyList) proxies = NULL;
  g_autoptr(GError) error = NULL;

  proxies = g_proxy_resolver_lookup_finish (G_PROXY_RESOLVER (object), result, &error);

  if (request->finished)
    return;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      confab_client_request_return_error (task, confab_client_request_error_from_io (request, error, FALSE));
      return;
    }

  /* libsoup looks the proxy up again, and reports what it cannot use. */
  if (proxies != NULL && proxies[0] != NULL && !g_str_equal (proxies[0], "direct://"))
    {
      add_proxy_authorization (request->message, proxies[0]);
      g_signal_connect_object (request->message, "got-headers",
                               G_CALLBACK (proxy_got_headers_cb),
                               task, 0);
    }

  confab_client_request_send_message (task);
}

void
confab_client_request_queued_cb (SoupSession *session,
                                 SoupMessage *message,
                                 GTask       *task)
{
  Request *request = g_task_get_task_data (task);
  GUri *uri = soup_message_get_uri (message);
  GUri *target = soup_message_get_uri (request->message);

  if (request->finished ||
      soup_message_get_method (message) != SOUP_METHOD_CONNECT ||
      g_strcmp0 (g_uri_get_host (uri), g_uri_get_host (target)) != 0 ||
      g_uri_get_port (uri) != g_uri_get_port (target))
    return;

  g_signal_connect_object (message, "got-headers",
                           G_CALLBACK (proxy_got_headers_cb),
                           task, 0);
}
