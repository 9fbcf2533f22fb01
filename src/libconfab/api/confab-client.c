/* confab-client.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <libsoup/soup.h>

#include "confab-client-private.h"
#include "confab-error.h"
#include "confab-request.h"

/* The client owns the application's one SoupSession and turns a
 * conversation into a chat-completions request and the answer into a
 * ConfabMessage.  It knows nothing about widgets.
 *
 * The API key goes only into the Authorization header of requests to the
 * configured base URL: redirects are not followed, no SoupLogger is ever
 * attached, and every error text is redacted before it leaves.
 *
 * The client's parts: this file has the object and its settings;
 * confab-client-chat.c asks for answers, confab-client-models.c for the
 * model list, confab-client-credits.c for the credits;
 * confab-client-proxy.c sets the proxy and names it when it fails;
 * confab-client-request.c and confab-client-answer.c carry one chat
 * request from sending to its end.
 */

G_DEFINE_FINAL_TYPE (ConfabClient, confab_client, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_BASE_URL,
  PROP_API_KEY,
  PROP_TIMEOUT,
  PROP_STALL_TIMEOUT,
  PROP_PLAIN_HTTP_HOSTS,
  N_PROPS
};

static GParamSpec *properties [N_PROPS];

void
confab_client_clear_secret (char **secret)
{
  if (*secret != NULL)
    memset (*secret, 0, strlen (*secret));
  g_clear_pointer (secret, g_free);
}

static void
confab_client_finalize (GObject *object)
{
  ConfabClient *self = (ConfabClient *)object;

  g_clear_object (&self->session);
  g_clear_pointer (&self->base_url, g_free);
  g_clear_pointer (&self->plain_http_hosts, g_strfreev);
  g_clear_pointer (&self->api_key, g_free);
  g_clear_pointer (&self->api_key_problem, g_free);
  g_clear_pointer (&self->max_tokens_urls, g_hash_table_unref);

  G_OBJECT_CLASS (confab_client_parent_class)->finalize (object);
}

static void
confab_client_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  ConfabClient *self = CONFAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PLAIN_HTTP_HOSTS:
      g_value_set_boxed (value, self->plain_http_hosts);
      break;

    case PROP_BASE_URL:
      g_value_set_string (value, self->base_url);
      break;

    case PROP_API_KEY:
      g_value_set_string (value, self->api_key);
      break;

    case PROP_TIMEOUT:
      g_value_set_uint (value, self->timeout);
      break;

    case PROP_STALL_TIMEOUT:
      g_value_set_uint (value, self->stall_timeout);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_client_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  ConfabClient *self = CONFAB_CLIENT (object);

  switch (prop_id)
    {
    case PROP_PLAIN_HTTP_HOSTS:
      confab_client_set_plain_http_hosts (self, g_value_get_boxed (value));
      break;

    case PROP_BASE_URL:
      confab_client_set_base_url (self, g_value_get_string (value));
      break;

    case PROP_API_KEY:
      confab_client_set_api_key (self, g_value_get_string (value));
      break;

    case PROP_TIMEOUT:
      confab_client_set_timeout (self, g_value_get_uint (value));
      break;

    case PROP_STALL_TIMEOUT:
      confab_client_set_stall_timeout (self, g_value_get_uint (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
confab_client_class_init (ConfabClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = confab_client_finalize;
  object_class->get_property = confab_client_get_property;
  object_class->set_property = confab_client_set_property;

  properties[PROP_BASE_URL] =
    g_param_spec_string ("base-url", NULL, NULL,
                         CONFAB_CLIENT_DEFAULT_BASE_URL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  properties[PROP_API_KEY] =
    g_param_spec_string ("api-key", NULL, NULL,
                         NULL,
                         (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabClient:timeout:
   *
   * Seconds a network read or write may wait.  Thinking models can be
   * silent for minutes before their first byte, so this is far above
   * libsoup's default of 60 seconds.
   */
  properties[PROP_TIMEOUT] =
    g_param_spec_uint ("timeout", NULL, NULL,
                       1, 24 * 60 * 60, CONFAB_CLIENT_DEFAULT_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabClient:stall-timeout:
   *
   * Seconds a request may go without a single byte from the server
   * before it is given up as stalled.
   */
  properties[PROP_STALL_TIMEOUT] =
    g_param_spec_uint ("stall-timeout", NULL, NULL,
                       1, 24 * 60 * 60, CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT,
                       (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  /**
   * ConfabClient:plain-http-hosts:
   *
   * The hosts on the home network (private addresses, .local names)
   * that the person allowed to be sent requests over plain http.  Other
   * plain http hosts stay refused, listed or not.
   */
  properties[PROP_PLAIN_HTTP_HOSTS] =
    g_param_spec_boxed ("plain-http-hosts", NULL, NULL,
                        G_TYPE_STRV,
                        (G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS));

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
confab_client_init (ConfabClient *self)
{
  g_autofree char *user_agent = g_strdup_printf ("Confab/%s ", PACKAGE_VERSION);

  self->base_url = g_strdup (CONFAB_CLIENT_DEFAULT_BASE_URL);
  self->timeout = CONFAB_CLIENT_DEFAULT_TIMEOUT;
  self->stall_timeout = CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT;
  self->max_tokens_urls = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The default proxy resolver stays until a manual proxy is set: it
   * gives the system's proxy settings, and the portal's inside Flatpak.
   */
  self->session = soup_session_new_with_options ("user-agent", user_agent,
                                                 "timeout", self->timeout,
                                                 NULL);
}

ConfabClient *
confab_client_new (void)
{
  return g_object_new (CONFAB_TYPE_CLIENT, NULL);
}

const char *
confab_client_get_base_url (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);

  return self->base_url;
}

void
confab_client_set_base_url (ConfabClient *self,
                            const char   *base_url)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));

  if (base_url == NULL)
    base_url = CONFAB_CLIENT_DEFAULT_BASE_URL;

  if (g_strcmp0 (self->base_url, base_url) == 0)
    return;

  g_free (self->base_url);
  self->base_url = g_strdup (base_url);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BASE_URL]);
}

/**
 * confab_client_set_plain_http_hosts:
 * @hosts: (nullable): the hosts on the home network allowed plain http
 */
void
confab_client_set_plain_http_hosts (ConfabClient       *self,
                                    const char * const *hosts)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));

  if (self->plain_http_hosts == NULL && (hosts == NULL || hosts[0] == NULL))
    return;
  if (self->plain_http_hosts != NULL && hosts != NULL &&
      g_strv_equal ((const char * const *) self->plain_http_hosts, hosts))
    return;

  g_strfreev (self->plain_http_hosts);
  self->plain_http_hosts = hosts && hosts[0] ? g_strdupv ((char **) hosts) : NULL;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_PLAIN_HTTP_HOSTS]);
}

void
confab_client_set_api_key (ConfabClient *self,
                           const char   *api_key)
{
  g_autofree char *stripped = NULL;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  /* Pasted keys often carry a trailing newline or space. */
  stripped = g_strstrip (g_strdup (api_key ? api_key : ""));

  if (g_strcmp0 (self->api_key, stripped) == 0)
    return;

  g_free (self->api_key);
  self->api_key = g_steal_pointer (&stripped);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_API_KEY]);
}

/**
 * confab_client_set_api_key_problem:
 * @problem: (nullable): a sentence for people, or %NULL once the key is known
 *
 * While the key is not known (it is still being read from the keyring, or
 * the keyring cannot be read), requests fail at once with @problem rather
 * than go out without the key or with an old one.
 */
void
confab_client_set_api_key_problem (ConfabClient *self,
                                   const char   *problem)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));

  g_free (self->api_key_problem);
  self->api_key_problem = g_strdup (problem);
}

guint
confab_client_get_timeout (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), 0);

  return self->timeout;
}

void
confab_client_set_timeout (ConfabClient *self,
                           guint         timeout)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (timeout > 0);

  if (self->timeout == timeout)
    return;

  self->timeout = timeout;
  soup_session_set_timeout (self->session, timeout);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_TIMEOUT]);
}

guint
confab_client_get_stall_timeout (ConfabClient *self)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), 0);

  return self->stall_timeout;
}

void
confab_client_set_stall_timeout (ConfabClient *self,
                                 guint         stall_timeout)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (stall_timeout > 0);

  if (self->stall_timeout == stall_timeout)
    return;

  self->stall_timeout = stall_timeout;

  /* libsoup's own I/O timeout stays behind the watchdog, whose message
   * says what happened.
   */
  if (self->timeout < stall_timeout + 60)
    confab_client_set_timeout (self, stall_timeout + 60);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STALL_TIMEOUT]);
}

/**
 * confab_client_set_tls_database:
 *
 * Makes the client trust the certificates of @database instead of the
 * system's.  For the tests only, which use their own authority.
 */
void
confab_client_set_tls_database (ConfabClient *self,
                                GTlsDatabase *database)
{
  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (G_IS_TLS_DATABASE (database));

  soup_session_set_tls_database (self->session, database);
}

/* The address of @path under the base URL, when the client may send a
 * request there now: the URL and the proxy are valid, and there is a
 * key, or the server is on this computer (llama.cpp, Ollama need none).
 */
GUri *
confab_client_get_target (ConfabClient  *self,
                          const char    *path,
                          GError       **error)
{
  g_autoptr(GUri) uri = NULL;

  if (!(uri = confab_request_build_uri_full (self->base_url, path,
                                             (const char * const *) self->plain_http_hosts, error)))
    return NULL;

  if (self->proxy_invalid)
    {
      g_set_error_literal (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL,
                           _("The proxy address in Preferences is not valid. Enter an address such as http://proxy.example.com:3128 or socks5://127.0.0.1:1080."));
      return NULL;
    }

  if (self->api_key_problem != NULL)
    {
      g_set_error_literal (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY, self->api_key_problem);
      return NULL;
    }

  if ((self->api_key == NULL || *self->api_key == '\0') && !confab_request_uri_is_loopback (uri))
    {
      g_set_error_literal (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY,
                           _("No API key is set. Add the key from your service in Preferences."));
      return NULL;
    }

  return g_steal_pointer (&uri);
}

/* A new request to @uri, asking for @accept, that goes nowhere else: no
 * redirect is followed, the proxy's password is not passed on inside a
 * tunnel, and the API key, if there is one, is in its Authorization
 * header.
 */
SoupMessage *
confab_client_new_message (ConfabClient *self,
                           const char   *method,
                           GUri         *uri,
                           const char   *accept)
{
  SoupMessage *message;
  SoupMessageHeaders *headers;

  message = soup_message_new_from_uri (method, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect_after (message, "starting", G_CALLBACK (confab_client_message_starting_cb), NULL);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", accept);

  if (self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  return message;
}
