/* confab-error.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gio/gio.h>
#include <json-glib/json-glib.h>

#include "confab-error.h"
#include "confab-json.h"

/* Turns what went wrong into a GError whose message a person can act on:
 * first what happened and what to do, then the provider's own words when
 * it gave any.
 */

/* Longest provider message we quote; proxies can send whole pages. */
#define MAX_PROVIDER_MESSAGE 500

G_DEFINE_QUARK (confab-client-error-quark, confab_client_error)
G_DEFINE_QUARK (confab-store-error-quark, confab_store_error)

/* Longest plain-text body we quote: a server's one-line reason. */
#define MAX_PLAIN_MESSAGE 200

/* @text (of @length bytes, not necessarily valid UTF-8) on one line,
 * without control characters, cut to @max_chars; %NULL when nothing is
 * left.
 */
static char *
clean_message (const char *text,
               gssize      length,
               guint       max_chars)
{
  g_autofree char *valid = g_utf8_make_valid (text, length);
  g_autoptr(GString) line = g_string_new (NULL);
  gboolean space = FALSE;
  guint n_chars = 0;

  for (const char *p = valid; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (g_unichar_isspace (c) || g_unichar_iscntrl (c))
        {
          space = line->len > 0;
          continue;
        }

      /* The space before the character counts too. */
      if (n_chars + (space ? 1 : 0) >= max_chars)
        {
          g_string_append (line, "…");
          break;
        }

      if (space)
        {
          g_string_append_c (line, ' ');
          n_chars++;
          space = FALSE;
        }

      g_string_append_unichar (line, c);
      n_chars++;
    }

  if (line->len == 0)
    return NULL;

  return g_string_free (g_steal_pointer (&line), FALSE);
}

static const char *
member_string (JsonObject *object,
               const char *name)
{
  JsonNode *node = json_object_get_member (object, name);

  if (node != NULL && JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return json_node_get_string (node);

  return NULL;
}

/* The reason in an error object, in the shapes servers use:
 * `{"error":{"message":…}}` (OpenAI), `{"error":"TypeError","message":…}`,
 * `{"message":…}`, `{"detail":…}` (FastAPI, also a list of
 * `{"msg":…}`), `{"error":"…"}`.
 */
static const char *
message_from_object (JsonObject *object)
{
  JsonNode *error = json_object_get_member (object, "error");
  JsonNode *detail = json_object_get_member (object, "detail");
  const char *message;

  if (error != NULL && JSON_NODE_HOLDS_OBJECT (error) &&
      (message = member_string (json_node_get_object (error), "message")))
    return message;

  if ((message = member_string (object, "message")))
    return message;

  if ((message = member_string (object, "detail")))
    return message;

  if (detail != NULL && JSON_NODE_HOLDS_OBJECT (detail) &&
      (message = member_string (json_node_get_object (detail), "message")))
    return message;

  if (detail != NULL && JSON_NODE_HOLDS_ARRAY (detail) &&
      json_array_get_length (json_node_get_array (detail)) > 0)
    {
      JsonNode *first = json_array_get_element (json_node_get_array (detail), 0);

      if (JSON_NODE_HOLDS_OBJECT (first) &&
          (message = member_string (json_node_get_object (first), "msg")))
        return message;
    }

  return member_string (object, "error");
}

/* Whether a body that is not JSON may be a line of text to quote: not a
 * web page or other markup, nor a broken JSON body.
 */
static gboolean
is_plain_text (const char *content_type,
               const char *data,
               gsize       size)
{
  gsize i = 0;

  if (content_type != NULL &&
      !(g_ascii_strncasecmp (content_type, "text/", strlen ("text/")) == 0 &&
        g_ascii_strcasecmp (content_type, "text/html") != 0 &&
        g_ascii_strcasecmp (content_type, "text/xml") != 0))
    return FALSE;

  while (i < size && g_ascii_isspace (data[i]))
    i++;

  return i < size && data[i] != '<';
}

/* Returns the provider's reason for the error, cleaned up for display,
 * or %NULL: from a JSON error object, or a short plain-text body.
 */
static char *
provider_message_from_body (const char *content_type,
                            GBytes     *body)
{
  g_autoptr(JsonNode) root = NULL;
  const char *data;
  const char *message;
  gsize size;

  if (body == NULL)
    return NULL;

  data = g_bytes_get_data (body, &size);
  if (size == 0 || data == NULL)
    return NULL;

  root = confab_json_parse (data, size, NULL);
  if (root == NULL)
    {
      if (is_plain_text (content_type, data, size))
        return clean_message (data, size, MAX_PLAIN_MESSAGE);

      return NULL;
    }

  if (!JSON_NODE_HOLDS_OBJECT (root))
    return NULL;

  message = message_from_object (json_node_get_object (root));
  if (message == NULL)
    return NULL;

  return clean_message (message, -1, MAX_PROVIDER_MESSAGE);
}

static guint
parse_retry_after (const char *retry_after)
{
  g_autofree char *stripped = NULL;
  guint64 seconds;

  if (retry_after == NULL)
    return 0;

  /* Only the delta-seconds form; an HTTP date is rare from APIs. */
  stripped = g_strstrip (g_strdup (retry_after));
  if (!g_ascii_string_to_unsigned (stripped, 10, 0, 24 * 60 * 60, &seconds, NULL))
    return 0;

  return (guint) seconds;
}

/**
 * confab_error_from_http:
 * @status: the HTTP status, not 2xx
 * @content_type: (nullable): the answer's Content-Type
 * @retry_after: (nullable): the answer's Retry-After header
 * @body: (nullable): the answer's body
 * @model: (nullable): the model that was asked for
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR
 */
GError *
confab_error_from_http (guint       status,
                        const char *content_type,
                        const char *retry_after,
                        GBytes     *body,
                        const char *model)
{
  g_autofree char *provider = provider_message_from_body (content_type, body);
  g_autofree char *message = NULL;
  ConfabClientError code;

  switch (status)
    {
    case 400:
      code = CONFAB_CLIENT_ERROR_BAD_REQUEST;
      if (provider != NULL)
        message = g_strdup (_("The server rejected the request as not valid (HTTP 400)."));
      else
        message = g_strdup (_("The server rejected the request as not valid (HTTP 400), without saying why."));
      break;

    case 408:
      code = CONFAB_CLIENT_ERROR_TIMEOUT;
      message = g_strdup (_("The server stopped waiting for the request to arrive (HTTP 408). Try again; if it keeps happening, check your network connection."));
      break;

    case 413:
      code = CONFAB_CLIENT_ERROR_BAD_REQUEST;
      message = g_strdup (_("The request is too large for the server (HTTP 413): a long chat or a large attachment can be more than it accepts. Start a new chat, or send less."));
      break;

    case 401:
      code = CONFAB_CLIENT_ERROR_AUTH;
      message = g_strdup (_("The service rejected the API key. Check the key in Preferences."));
      break;

    case 403:
      code = CONFAB_CLIENT_ERROR_AUTH;
      message = g_strdup (_("The service refused access. The API key may not be allowed to use this model; check it in Preferences."));
      break;

    case 402:
      code = CONFAB_CLIENT_ERROR_QUOTA;
      message = g_strdup (_("Your account is out of credit or over its quota. Add credit or check your plan with the service."));
      break;

    case 404:
      code = CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND;
      if (model != NULL && *model != '\0')
        message = g_strdup_printf (_("The model “%s” was not found. Check the model name and the base URL in Preferences."), model);
      else
        message = g_strdup (_("The service was not found at this address. Check the base URL in Preferences."));
      break;

    case 407:
      code = CONFAB_CLIENT_ERROR_PROXY;
      message = g_strdup (_("A proxy between Confab and the server asks for a user name and password. Enter them in the proxy settings in Preferences."));
      break;

    case 429:
      {
        guint seconds = parse_retry_after (retry_after);

        code = CONFAB_CLIENT_ERROR_RATE_LIMITED;
        if (seconds > 0)
          message = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "Too many requests: the service is rate limiting you. Try again in %u second.",
                                                  "Too many requests: the service is rate limiting you. Try again in %u seconds.",
                                                  seconds),
                                     seconds);
        else
          message = g_strdup (_("Too many requests: the service is rate limiting you. Wait a moment, then try again."));
      }
      break;

    default:
      if (status >= 500)
        {
          code = CONFAB_CLIENT_ERROR_SERVER;
          message = g_strdup_printf (_("The server failed to answer (HTTP %u). Try again later."), status);
        }
      else if (status >= 300 && status < 400)
        {
          code = CONFAB_CLIENT_ERROR_INVALID_URL;
          message = g_strdup_printf (_("The server redirected the request elsewhere (HTTP %u). Check the base URL in Preferences."), status);
        }
      else if (status >= 400)
        {
          code = CONFAB_CLIENT_ERROR_BAD_REQUEST;
          message = g_strdup_printf (_("The server could not handle the request (HTTP %u)."), status);
        }
      else
        {
          code = CONFAB_CLIENT_ERROR_INVALID_RESPONSE;
          message = g_strdup_printf (_("The server sent an unexpected response (HTTP %u)."), status);
        }
      break;
    }

  if (provider != NULL)
    {
      /* Translators: the first %s is our explanation, the second the
       * service's own error message.
       */
      g_autofree char *full = g_strdup_printf (_("%s The server said: “%s”"), message, provider);

      return g_error_new_literal (CONFAB_CLIENT_ERROR, code, full);
    }

  return g_error_new_literal (CONFAB_CLIENT_ERROR, code, message);
}

/**
 * confab_error_from_transport:
 * @error: an error from libsoup or GIO
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR, or a copy
 *   of @error when it is %G_IO_ERROR_CANCELLED
 */
GError *
confab_error_from_transport (const GError *error)
{
  g_return_val_if_fail (error != NULL, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return g_error_copy (error);

  if (error->domain == CONFAB_CLIENT_ERROR)
    return g_error_copy (error);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_DNS,
                                _("The server’s address could not be found. Check your internet connection and the base URL in Preferences."));

  if (error->domain == G_TLS_ERROR)
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS,
                                _("A secure connection to the server could not be made: its certificate or encryption was not accepted."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TIMEOUT,
                                _("The server did not answer in time. Try again; if it keeps happening, raise the timeout in Preferences."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                _("The server refused the connection. Check that it is running and that the base URL in Preferences is right."));

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                                _("The server cannot be reached. Check your network connection."));

  return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                      /* Translators: %s is the system's description of the failure. */
                      _("The connection to the server failed: %s"),
                      error->message);
}

/**
 * confab_error_from_certificate:
 * @errors: what was wrong with the server's certificate
 *
 * Says what is wrong with the certificate, the most telling problem
 * first: who signed it, then whose it is, then its dates.
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR
 */
GError *
confab_error_from_certificate (GTlsCertificateFlags errors)
{
  const char *message;

  if (errors & G_TLS_CERTIFICATE_UNKNOWN_CA)
    message = _("The server’s certificate is not signed by an authority this computer trusts, so nothing was sent. "
                "Check the base URL in Preferences; a server of your own needs a certificate this computer trusts.");
  else if (errors & G_TLS_CERTIFICATE_BAD_IDENTITY)
    message = _("The server’s certificate is for another name than the one in the base URL, so nothing was sent. "
                "Check the base URL in Preferences.");
  else if (errors & G_TLS_CERTIFICATE_EXPIRED)
    message = _("The server’s certificate has expired, so nothing was sent. "
                "Check that this computer’s date and time are right; if they are, the service must renew its certificate.");
  else if (errors & G_TLS_CERTIFICATE_NOT_ACTIVATED)
    message = _("The server’s certificate is not valid yet, so nothing was sent. "
                "Check that this computer’s date and time are right.");
  else if (errors & G_TLS_CERTIFICATE_REVOKED)
    message = _("The server’s certificate has been revoked, so nothing was sent. "
                "Check the base URL in Preferences.");
  else
    message = _("A secure connection to the server could not be made: its certificate or encryption was not accepted.");

  return g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS, message);
}

/**
 * confab_error_from_redirect:
 * @status: the redirection status (3xx)
 * @uri: the address the request went to
 * @location: (nullable): the answer's Location header
 *
 * Redirects are never followed, so that the API key goes nowhere but to
 * the base URL.  Says where the server pointed, without the user,
 * password, query or fragment of that address, which may be secret.
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR
 */
GError *
confab_error_from_redirect (guint       status,
                            GUri       *uri,
                            const char *location)
{
  g_autoptr(GUri) target = NULL;
  g_autoptr(GUri) shown = NULL;
  g_autofree char *address = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  if (location != NULL)
    target = g_uri_parse_relative (uri, location, G_URI_FLAGS_NONE, NULL);

  if (target != NULL && g_uri_get_host (target) != NULL && *g_uri_get_host (target) != '\0')
    {
      shown = g_uri_build (G_URI_FLAGS_NONE, g_uri_get_scheme (target), NULL,
                           g_uri_get_host (target), g_uri_get_port (target),
                           g_uri_get_path (target), NULL, NULL);
      address = g_uri_to_string (shown);
    }

  if (address == NULL)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL,
                        _("The server redirected the request elsewhere (HTTP %u). Check the base URL in Preferences."),
                        status);

  return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL,
                      /* Translators: %u is an HTTP status, %s a web address. */
                      _("The server sent the request on to another address (HTTP %u): %s. Confab does not follow it, "
                        "so that the API key goes only to the base URL in Preferences; if this is the service’s new "
                        "address, enter it there."),
                      status, address);
}

/* The HTTP status a message ends with, such as "…: 401", or 0. */
static guint
status_at_end (const char *message)
{
  const char *end = message + strlen (message);
  const char *digits = end;
  guint64 status;

  while (digits > message && g_ascii_isdigit (digits[-1]))
    digits--;

  if (end - digits != 3 || (digits > message && digits[-1] != ' ') ||
      !g_ascii_string_to_unsigned (digits, 10, 100, 599, &status, NULL))
    return 0;

  return (guint) status;
}

/* "host:port" of @uri, a proxy's or a server's, never its user or
 * password.
 */
static char *
proxy_name (GUri *uri)
{
  const char *host = g_uri_get_host (uri);
  int port = g_uri_get_port (uri);

  if (host == NULL || *host == '\0')
    return NULL;

  if (port <= 0)
    return g_strdup (host);

  if (strchr (host, ':') != NULL)
    return g_strdup_printf ("[%s]:%d", host, port);

  return g_strdup_printf ("%s:%d", host, port);
}

/**
 * confab_error_from_proxy:
 * @proxy_uri: the proxy the request went through, as the proxy
 *   resolver gave it (with its user and password, if any)
 * @status: the HTTP status the proxy answered, or 0
 * @error: (nullable): the transport error, when there was no answer
 *
 * Says what the proxy did wrong, naming it.  A @status must be known to
 * be the proxy's own answer: a 401 then means it rejected its password;
 * a closed connection must be known to have been closed before any
 * answer from the server.
 *
 * Returns: (transfer full) (nullable): an error in %CONFAB_CLIENT_ERROR,
 *   or %NULL when the failure is not the proxy's
 */
GError *
confab_error_from_proxy (const char   *proxy_uri,
                         guint         status,
                         const GError *error)
{
  g_autoptr(GUri) uri = NULL;
  g_autofree char *name = NULL;
  gboolean has_user;

  g_return_val_if_fail (proxy_uri != NULL, NULL);

  if (!(uri = g_uri_parse (proxy_uri, G_URI_FLAGS_HAS_PASSWORD, NULL)) ||
      !(name = proxy_name (uri)))
    return NULL;

  has_user = g_uri_get_user (uri) != NULL && *g_uri_get_user (uri) != '\0';

  if (status == 407 || status == 401 ||
      (error != NULL && (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_NEED_AUTH) ||
                         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED))))
    {
      if (has_user || status == 401 ||
          g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED))
        return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                            /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                            _("The proxy server %s did not accept the user name or password. Check them in the proxy settings in Preferences."),
                            name);

      return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                          /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                          _("The proxy server %s asks for a user name and password. Enter them in the proxy settings in Preferences."),
                          name);
    }

  if (status != 0)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128; %u an HTTP status. */
                        _("The proxy server %s could not pass the request on to the server (HTTP %u). Check the base URL and the proxy settings in Preferences."),
                        name, status);

  if (error == NULL)
    return NULL;

  /* Only an https:// proxy has a TLS connection of its own; a failure
   * there comes before the server's.  (The caller knows when the
   * server's certificate was refused, and does not ask.)
   */
  if (error->domain == G_TLS_ERROR && g_ascii_strcasecmp (g_uri_get_scheme (uri), "https") == 0)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                        _("A secure connection to the proxy server %s could not be made: its certificate was not accepted. Check the proxy settings in Preferences."),
                        name);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED))
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                        _("The proxy server %s refused the connection. Check that it is running and the proxy settings in Preferences."),
                        name);

  if (error->domain == G_RESOLVER_ERROR)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                        _("The address of the proxy server %s could not be found. Check the proxy settings in Preferences."),
                        name);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE))
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                        _("The proxy server %s cannot be reached. Check your network connection and the proxy settings in Preferences."),
                        name);

  /* Some proxies (tinyproxy) reset the connection when they refuse a
   * request whose body they have not read, and their answer is lost.
   */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED))
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: %s is the proxy's address, such as proxy.example.com:3128. */
                        _("The proxy server %s closed the connection before the server answered. If the proxy needs a user name and password, check them in the proxy settings in Preferences."),
                        name);

  /* GIO's own HTTP proxy connection (for an https:// proxy) tells the
   * proxy's status only at the end of its message, "HTTP proxy
   * connection failed: 401"; tinyproxy refuses a wrong password so.
   */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) &&
      status_at_end (error->message) == 401)
    return confab_error_from_proxy (proxy_uri, 401, NULL);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_PROXY_NOT_ALLOWED))
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY,
                        /* Translators: the first %s is the proxy's address, the
                         * second the system's description of the failure.
                         */
                        _("The proxy server %s could not connect to the server: %s"),
                        name, error->message);

  return NULL;
}

/**
 * confab_error_redact:
 * @text: a text that may quote @secret
 * @secret: (nullable): the API key
 *
 * Returns: (transfer full): @text with every copy of @secret replaced
 */
char *
confab_error_redact (const char *text,
                     const char *secret)
{
  g_autoptr(GString) redacted = NULL;

  g_return_val_if_fail (text != NULL, NULL);

  /* A very short "key" would match ordinary words; such a key is no
   * secret worth hiding at the cost of mangling every message.
   */
  if (secret == NULL || strlen (secret) < 4 || strstr (text, secret) == NULL)
    return g_strdup (text);

  redacted = g_string_new (text);
  g_string_replace (redacted, secret, "[API key]", 0);

  return g_string_free (g_steal_pointer (&redacted), FALSE);
}

/* The server's "host:port" in @uri, or its scheme for a URL that has
 * no host (which no request goes to).
 */
static char *
server_name (GUri *uri)
{
  char *name = proxy_name (uri);

  return name != NULL ? name : g_strdup (g_uri_get_scheme (uri));
}

/**
 * confab_error_not_tls:
 * @uri: the https:// URL of the request
 * @answered: whether the server answered the TLS hello with something
 *   that is not TLS, rather than nothing at all
 *
 * Says that the server at @uri does not speak https, as a plain http
 * server given an https:// base URL: it waits for a request line that
 * never comes, or answers the hello as a bad request.
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR
 */
GError *
confab_error_not_tls (GUri     *uri,
                      gboolean  answered)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  name = server_name (uri);

  if (answered)
    return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS,
                        /* Translators: %s is the server's address, such as 127.0.0.1:8080. */
                        _("The server at %s does not speak https: it answered the start of a secure connection with something else, perhaps plain http. Check the base URL in Preferences: for a server that speaks only plain http, it begins with http://, not https://."),
                        name);

  return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS,
                      /* Translators: %s is the server's address, such as 127.0.0.1:8080. */
                      _("The server at %s did not answer the start of a secure (https) connection. It may speak only plain http: check the base URL in Preferences; for such a server, it begins with http://, not https://."),
                      name);
}

/**
 * confab_error_closed_plain:
 * @uri: the plain http:// URL of the request
 *
 * Says that the server at @uri closed the connection before any answer,
 * as a server that speaks only https does with a plain http request.
 *
 * Returns: (transfer full): an error in %CONFAB_CLIENT_ERROR
 */
GError *
confab_error_closed_plain (GUri *uri)
{
  g_autofree char *name = NULL;

  g_return_val_if_fail (uri != NULL, NULL);

  name = server_name (uri);

  return g_error_new (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_CONNECTION,
                      /* Translators: %s is the server's address, such as 127.0.0.1:8080. */
                      _("The server at %s closed the connection without answering. Try again; if it keeps happening, check the base URL in Preferences: a server that speaks only https needs one that begins with https://."),
                      name);
}
