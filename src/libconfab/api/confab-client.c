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
 */

struct _ConfabClient
{
  GObject      parent_instance;

  SoupSession *session;
  char        *base_url;
  /* Hosts on the home network allowed plain http. */
  char       **plain_http_hosts;
  char        *api_key;
  /* Why the key is not known yet, if it is not: nothing is sent then. */
  char        *api_key_problem;
  guint        timeout;
  guint        stall_timeout;

  /* A manual proxy address was set that cannot be used. */
  gboolean     proxy_invalid;

  /* Base URLs whose servers refused max_completion_tokens: they are
   * sent max_tokens instead.
   */
  GHashTable  *max_tokens_urls;
};

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

static void
clear_secret (char **secret)
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
  clear_secret (&proxy_uri);
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

/* libsoup sends a restarted message (after a proxy asked for its
 * password, say) without the body it had: give it the body again.
 */
static void
message_restarted_cb (SoupMessage *message,
                      GBytes      *body)
{
  soup_message_set_request_body_from_bytes (message, "application/json", body);
}

/* libsoup 3.2 puts the proxy's password on every message sent through
 * the proxy, including one inside an https tunnel, where only the
 * server reads it.  Take it off again after libsoup's own handlers.
 */
static void
message_starting_cb (SoupMessage *message)
{
  if (g_ascii_strcasecmp (g_uri_get_scheme (soup_message_get_uri (message)), "https") == 0)
    soup_message_headers_remove (soup_message_get_request_headers (message), "Proxy-Authorization");
}

/**
 * confab_client_chat_async:
 * @model: the model to ask
 * @system_prompt: (nullable): sent first when not empty
 * @history: a #GListModel of #ConfabMessage, oldest first, ending with
 *   the prompt to answer
 * @answer: the assistant message to fill in
 * @stream: whether to ask for the answer as it is written
 *
 * Asks for the next assistant message of @history and writes it into
 * @answer: pending at once, then the text as it arrives, then complete,
 * failed (keeping what arrived) or cancelled.
 */
void
confab_client_chat_async (ConfabClient        *self,
                          const char          *model,
                          const char          *system_prompt,
                          GListModel          *history,
                          ConfabMessage       *answer,
                          gboolean             stream,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  confab_client_chat_with_options_async (self, model, system_prompt, NULL, history, answer, stream,
                                         cancellable, callback, user_data);
}

typedef struct
{
  char              *model;
  char              *system_prompt;
  ConfabChatOptions  options;
  char              *reasoning_effort;
  GListModel        *history;
  ConfabMessage     *answer;
  gboolean           stream;
  /* Whether max_tokens is sent instead of max_completion_tokens. */
  gboolean           use_max_tokens;
  gboolean           retried;
} Chat;

static void
chat_free (gpointer data)
{
  Chat *chat = data;

  g_free (chat->model);
  g_free (chat->system_prompt);
  g_free (chat->reasoning_effort);
  g_clear_object (&chat->history);
  g_clear_object (&chat->answer);
  g_free (chat);
}

static void
add_options (JsonObject *object,
             Chat       *chat)
{
  if (chat->options.temperature >= 0)
    json_object_set_double_member (object, "temperature", chat->options.temperature);

  if (chat->options.max_output_tokens > 0)
    json_object_set_int_member (object,
                                chat->use_max_tokens ? "max_tokens" : "max_completion_tokens",
                                chat->options.max_output_tokens);

  if (chat->reasoning_effort != NULL)
    json_object_set_string_member (object, "reasoning_effort", chat->reasoning_effort);
}

/* The address of @path under the base URL, when the client may send a
 * request there now: the URL and the proxy are valid, and there is a
 * key, or the server is on this computer (llama.cpp, Ollama need none).
 */
static GUri *
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

static void chat_send (ConfabClient *self,
                       GTask        *outer);

/* A server that knows only max_tokens rejects max_completion_tokens
 * with HTTP 400 naming it: ask once more with max_tokens, and keep to
 * that for its base URL.
 */
static void
chat_attempt_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ConfabClient *self = CONFAB_CLIENT (object);
  g_autoptr(GTask) outer = user_data;
  Chat *chat = g_task_get_task_data (outer);
  GError *error = NULL;

  if (g_task_propagate_boolean (G_TASK (result), &error))
    {
      g_task_return_boolean (outer, TRUE);
      return;
    }

  if (g_error_matches (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST) &&
      strstr (error->message, "max_completion_tokens") != NULL &&
      chat->options.max_output_tokens > 0 &&
      !chat->use_max_tokens &&
      !chat->retried)
    {
      g_clear_error (&error);
      chat->retried = TRUE;
      chat->use_max_tokens = TRUE;
      g_hash_table_add (self->max_tokens_urls, g_strdup (self->base_url));
      chat_send (self, g_steal_pointer (&outer));
      return;
    }

  g_task_return_error (outer, error);
}

/**
 * confab_client_chat_with_options_async:
 * @options: (nullable): the parameters to send, or %NULL for none
 *
 * Like confab_client_chat_async(), with the parameters the person set.
 */
void
confab_client_chat_with_options_async (ConfabClient            *self,
                                       const char              *model,
                                       const char              *system_prompt,
                                       const ConfabChatOptions *options,
                                       GListModel              *history,
                                       ConfabMessage           *answer,
                                       gboolean                 stream,
                                       GCancellable            *cancellable,
                                       GAsyncReadyCallback      callback,
                                       gpointer                 user_data)
{
  g_autoptr(GTask) outer = NULL;
  Chat *chat;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (model != NULL);
  g_return_if_fail (G_IS_LIST_MODEL (history));
  g_return_if_fail (CONFAB_IS_MESSAGE (answer));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  outer = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (outer, confab_client_chat_async);

  chat = g_new0 (Chat, 1);
  chat->model = g_strdup (model);
  chat->system_prompt = g_strdup (system_prompt);
  chat->options = (ConfabChatOptions) CONFAB_CHAT_OPTIONS_INIT;
  if (options != NULL)
    {
      chat->options = *options;
      chat->reasoning_effort = g_strdup (options->reasoning_effort);
      chat->options.reasoning_effort = NULL;
    }
  chat->history = g_object_ref (history);
  chat->answer = g_object_ref (answer);
  chat->stream = stream;
  chat->use_max_tokens = g_hash_table_contains (self->max_tokens_urls, self->base_url);
  g_task_set_task_data (outer, chat, chat_free);

  chat_send (self, g_steal_pointer (&outer));
}

static void
chat_send (ConfabClient *self,
           GTask        *outer)
{
  Chat *chat = g_task_get_task_data (outer);
  const char *model = chat->model;
  const char *system_prompt = chat->system_prompt;
  GListModel *history = chat->history;
  ConfabMessage *answer = chat->answer;
  gboolean stream = chat->stream;
  GCancellable *cancellable = g_task_get_cancellable (outer);
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(SoupMessage) message = NULL;
  SoupMessageHeaders *headers;
  char *json;

  task = g_task_new (self, cancellable, chat_attempt_cb, outer);
  g_task_set_source_tag (task, chat_send);
  confab_client_request_attach (task, answer, model, self->api_key, self->stall_timeout);

  if (!(uri = confab_client_get_target (self, "chat/completions", &error)))
    {
      confab_client_request_fail (task, g_steal_pointer (&error));
      return;
    }

  body = confab_request_build_body (model, system_prompt, history);
  add_options (json_node_get_object (body), chat);
  if (stream)
    {
      JsonObject *object = json_node_get_object (body);
      JsonObject *options = json_object_new ();

      json_object_set_boolean_member (object, "stream", TRUE);
      json_object_set_boolean_member (options, "include_usage", TRUE);
      json_object_set_object_member (object, "stream_options", options);
    }

  json = json_to_string (body, FALSE);
  bytes = g_bytes_new_take (json, strlen (json));

  message = soup_message_new_from_uri (SOUP_METHOD_POST, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  soup_message_set_request_body_from_bytes (message, "application/json", bytes);
  g_signal_connect_data (message, "restarted",
                         G_CALLBACK (message_restarted_cb),
                         g_bytes_ref (bytes), (GClosureNotify) g_bytes_unref,
                         0);
  g_signal_connect_after (message, "starting", G_CALLBACK (message_starting_cb), NULL);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", stream ? "text/event-stream, application/json" : "application/json");

  if (self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  confab_client_request_send (task, self->session, message, cancellable);
}

/**
 * confab_client_chat_finish:
 *
 * Returns: %TRUE when the answer is complete; %FALSE with @error set:
 *   %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
gboolean
confab_client_chat_finish (ConfabClient  *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);

  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
confab_client_complete_cb (GObject      *object,
                           GAsyncResult *result,
                           gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (confab_client_chat_finish (CONFAB_CLIENT (object), result, &error))
    g_task_return_pointer (task, g_object_ref (g_task_get_task_data (task)), g_object_unref);
  else
    g_task_return_error (task, error);
}

/**
 * confab_client_complete_async:
 *
 * Like confab_client_chat_async() without streaming, for a new message.
 */
void
confab_client_complete_async (ConfabClient        *self,
                              const char          *model,
                              const char          *system_prompt,
                              GListModel          *history,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  ConfabMessage *answer;

  g_return_if_fail (CONFAB_IS_CLIENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_complete_async);

  answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_task_set_task_data (task, answer, g_object_unref);

  confab_client_chat_async (self, model, system_prompt, history, answer, FALSE,
                            cancellable, confab_client_complete_cb, g_steal_pointer (&task));
}

/**
 * confab_client_complete_finish:
 *
 * Returns: (transfer full): a complete assistant message, or %NULL with
 *   @error set: %G_IO_ERROR_CANCELLED or an error in %CONFAB_CLIENT_ERROR
 */
ConfabMessage *
confab_client_complete_finish (ConfabClient  *self,
                               GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* A list of models is a few kilobytes; a body far larger is not one. */
#define MODELS_MAX_BODY (4 * 1024 * 1024)

typedef struct
{
  char        *api_key;
  SoupMessage *message;
  GByteArray  *body;
} ModelsRequest;

static void
models_request_free (gpointer data)
{
  ModelsRequest *request = data;

  clear_secret (&request->api_key);
  g_clear_object (&request->message);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);
}

static void
models_return_error (GTask  *task,
                     GError *error)
{
  ModelsRequest *request = g_task_get_task_data (task);

  if (request->api_key != NULL && *request->api_key != '\0')
    {
      char *redacted = confab_error_redact (error->message, request->api_key);

      g_free (error->message);
      error->message = redacted;
    }

  g_task_return_error (task, error);
}

static void models_read_cb (GObject      *object,
                            GAsyncResult *result,
                            gpointer      user_data);

static void
models_read_next (GTask        *task,
                  GInputStream *stream)
{
  g_input_stream_read_bytes_async (stream, 64 * 1024, G_PRIORITY_DEFAULT,
                                   g_task_get_cancellable (task),
                                   models_read_cb, task);
}

static void
models_read_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GInputStream *stream = G_INPUT_STREAM (object);
  ModelsRequest *request = g_task_get_task_data (task);
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) error = NULL;
  guint status;
  GStrv models;

  if (!(bytes = g_input_stream_read_bytes_finish (stream, result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        models_return_error (task, confab_error_from_transport (error));
      return;
    }

  if (g_bytes_get_size (bytes) > 0)
    {
      if (request->body->len + g_bytes_get_size (bytes) > MODELS_MAX_BODY)
        {
          models_return_error (task,
                               g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
                                                    _("The server’s list of models is too large to read.")));
          return;
        }

      g_byte_array_append (request->body, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      models_read_next (g_steal_pointer (&task), stream);
      return;
    }

  body = g_byte_array_free_to_bytes (g_steal_pointer (&request->body));
  status = soup_message_get_status (request->message);

  /* Older llama.cpp and some gateways have no list: not a fault. */
  if (status == SOUP_STATUS_NOT_FOUND)
    {
      models_return_error (task,
                           g_error_new_literal (CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND,
                                                _("This server does not list its models. Type the model’s name.")));
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (status))
    {
      SoupMessageHeaders *headers = soup_message_get_response_headers (request->message);

      models_return_error (task,
                           confab_error_from_http (status,
                                                   soup_message_headers_get_content_type (headers, NULL),
                                                   soup_message_headers_get_one (headers, "Retry-After"),
                                                   body, NULL));
      return;
    }

  if (!(models = confab_request_parse_models (body, &error)))
    {
      models_return_error (task, g_steal_pointer (&error));
      return;
    }

  g_task_return_pointer (task, models, (GDestroyNotify) g_strfreev);
}

static void
models_send_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  if (!(stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        models_return_error (task, confab_error_from_transport (error));
      return;
    }

  models_read_next (g_steal_pointer (&task), stream);
}

/**
 * confab_client_list_models_async:
 *
 * Asks the server at the base URL which models it has:
 * `GET {base-url}/models`, with the API key, to that host only (no
 * redirect is followed).
 */
void
confab_client_list_models_async (ConfabClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(SoupMessage) message = NULL;
  ModelsRequest *request;
  SoupMessageHeaders *headers;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_list_models_async);

  request = g_new0 (ModelsRequest, 1);
  request->api_key = g_strdup (self->api_key);
  request->body = g_byte_array_new ();
  g_task_set_task_data (task, request, models_request_free);

  if (!(uri = confab_client_get_target (self, "models", &error)))
    {
      models_return_error (task, g_steal_pointer (&error));
      return;
    }

  message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect_after (message, "starting", G_CALLBACK (message_starting_cb), NULL);
  request->message = g_object_ref (message);

  headers = soup_message_get_request_headers (message);
  soup_message_headers_replace (headers, "Accept", "application/json");

  if (self->api_key != NULL && *self->api_key != '\0')
    {
      g_autofree char *authorization = g_strconcat ("Bearer ", self->api_key, NULL);

      soup_message_headers_replace (headers, "Authorization", authorization);
      memset (authorization, 0, strlen (authorization));
    }

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                           models_send_cb, g_steal_pointer (&task));
}

/**
 * confab_client_list_models_finish:
 *
 * Returns: (transfer full): the model ids the server lists, sorted,
 *   each once; or %NULL with @error set
 */
GStrv
confab_client_list_models_finish (ConfabClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}


/* The largest body read from GET /credits. */
#define MAX_CREDITS_BODY 65536

static void
credits_read_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GByteArray *buffer = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  gsize n_read = 0;

  if (!g_input_stream_read_all_finish (G_INPUT_STREAM (object), result, &n_read, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  /* A body that fills the buffer is too long to be credits. */
  if (n_read >= MAX_CREDITS_BODY)
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  g_task_return_pointer (task,
                         confab_credits_new_from_json ((const char *) buffer->data, n_read),
                         g_object_unref);
}

static void
credits_send_cb (GObject      *object,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessage *message = soup_session_get_async_result_message (SOUP_SESSION (object), result);
  GByteArray *buffer;

  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (stream == NULL)
    {
      /* Offline or refused: the credits are not available now. */
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_task_return_error (task, g_steal_pointer (&error));
      else
        g_task_return_pointer (task, NULL, NULL);
      return;
    }

  if (!SOUP_STATUS_IS_SUCCESSFUL (soup_message_get_status (message)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  buffer = g_byte_array_sized_new (MAX_CREDITS_BODY);
  g_byte_array_set_size (buffer, MAX_CREDITS_BODY);
  g_task_set_task_data (task, buffer, (GDestroyNotify) g_byte_array_unref);
  g_input_stream_read_all_async (stream, buffer->data, MAX_CREDITS_BODY,
                                 G_PRIORITY_DEFAULT, g_task_get_cancellable (task),
                                 credits_read_cb, g_object_ref (task));
}

/**
 * confab_client_get_credits_async:
 *
 * Asks the configured server what is left of the credits of the API
 * key and of its account (Evolink's GET /credits).  The key goes only
 * to the configured base URL; redirects are not followed.
 */
void
confab_client_get_credits_async (ConfabClient        *self,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GUri) uri = NULL;
  g_autoptr(SoupMessage) message = NULL;
  g_autofree char *authorization = NULL;

  g_return_if_fail (CONFAB_IS_CLIENT (self));
  g_return_if_fail (!cancellable || G_IS_CANCELLABLE (cancellable));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, confab_client_get_credits_async);

  /* Credits belong to a key: without one, there are none to show. */
  if (self->api_key == NULL || *self->api_key == '\0' ||
      !(uri = confab_client_get_target (self, "credits", NULL)))
    {
      g_task_return_pointer (task, NULL, NULL);
      return;
    }

  message = soup_message_new_from_uri (SOUP_METHOD_GET, uri);
  soup_message_add_flags (message, SOUP_MESSAGE_NO_REDIRECT);
  g_signal_connect_after (message, "starting", G_CALLBACK (message_starting_cb), NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Accept", "application/json");

  authorization = g_strconcat ("Bearer ", self->api_key, NULL);
  soup_message_headers_replace (soup_message_get_request_headers (message), "Authorization", authorization);
  memset (authorization, 0, strlen (authorization));

  soup_session_send_async (self->session, message, G_PRIORITY_DEFAULT, cancellable,
                           credits_send_cb, g_steal_pointer (&task));
}

/**
 * confab_client_get_credits_finish:
 *
 * Returns: (transfer full) (nullable): the credits; %NULL when they are
 *   not available, which is not an error; %NULL with @error set only
 *   when cancelled
 */
ConfabCredits *
confab_client_get_credits_finish (ConfabClient  *self,
                                  GAsyncResult  *result,
                                  GError       **error)
{
  g_return_val_if_fail (CONFAB_IS_CLIENT (self), NULL);
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
