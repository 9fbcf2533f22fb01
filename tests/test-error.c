/* test-error.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <gio/gio.h>

#include "confab-error.h"

#include "confab-test-fixtures.h"

#define MODEL "gemini-3.1-pro-preview"

static ConfabClientError
expected_code (guint status)
{
  switch (status)
    {
    case 400: return CONFAB_CLIENT_ERROR_BAD_REQUEST;
    case 408: return CONFAB_CLIENT_ERROR_TIMEOUT;
    case 413: return CONFAB_CLIENT_ERROR_BAD_REQUEST;
    case 401: return CONFAB_CLIENT_ERROR_AUTH;
    case 402: return CONFAB_CLIENT_ERROR_QUOTA;
    case 403: return CONFAB_CLIENT_ERROR_AUTH;
    case 404: return CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND;
    case 429: return CONFAB_CLIENT_ERROR_RATE_LIMITED;
    default:
      g_assert_cmpuint (status, >=, 500);
      return CONFAB_CLIENT_ERROR_SERVER;
    }
}

/* Whether @number appears in @text as a whole number. */
static gboolean
contains_number (const char *text,
                 guint       number)
{
  g_autofree char *digits = g_strdup_printf ("%u", number);
  gsize length = strlen (digits);

  for (const char *p = strstr (text, digits); p != NULL; p = strstr (p + 1, digits))
    if ((p == text || !g_ascii_isdigit (p[-1])) && !g_ascii_isdigit (p[length]))
      return TRUE;

  return FALSE;
}

static GError *
error_from_fixture (const ConfabTestErrorFixture *fixture,
                    const char                   *model)
{
  g_autoptr(GBytes) body = g_bytes_new_static (fixture->body, strlen (fixture->body));

  return confab_error_from_http (fixture->status, fixture->content_type,
                                 fixture->retry_after, body, model);
}

static void
test_http_fixtures (void)
{
  for (guint i = 0; i < G_N_ELEMENTS (confab_test_error_fixtures); i++)
    {
      const ConfabTestErrorFixture *fixture = &confab_test_error_fixtures[i];
      g_autoptr(GError) error = NULL;

      error = error_from_fixture (fixture, fixture->status == 404 ? CONFAB_TEST_MISSING_MODEL : MODEL);
      g_test_message ("HTTP %u: %s", fixture->status, error->message);

      g_assert_error (error, CONFAB_CLIENT_ERROR, expected_code (fixture->status));
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");

      if (fixture->provider_message != NULL)
        g_assert_nonnull (strstr (error->message, fixture->provider_message));

      /* A web page or an empty body is not quoted. */
      g_assert_null (strstr (error->message, "<html"));
      g_assert_null (strstr (error->message, "<center>"));

      if (fixture->status >= 500)
        g_assert_true (contains_number (error->message, fixture->status));
    }
}

static void
test_http_model_not_found (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static (CONFAB_TEST_ERROR_404_BODY, strlen (CONFAB_TEST_ERROR_404_BODY));
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) bare = NULL;

  error = confab_error_from_http (404, "application/json", NULL, body, "gemini-9-ultra");
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "gemini-9-ultra"));

  /* The model is named even when the server does not name it. */
  bare = confab_error_from_http (404, NULL, NULL, empty, "my-model-7b");
  g_assert_error (bare, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND);
  g_assert_nonnull (strstr (bare->message, "my-model-7b"));
}

static void
test_http_retry_after (void)
{
  g_autoptr(GBytes) body = g_bytes_new_static ("{}", 2);
  g_autoptr(GBytes) fixture = g_bytes_new_static (CONFAB_TEST_ERROR_429_BODY, strlen (CONFAB_TEST_ERROR_429_BODY));
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) other = NULL;
  g_autoptr(GError) none = NULL;

  /* The wait comes from Retry-After, not from the body's wording. */
  error = confab_error_from_http (429, "application/json", "20", body, MODEL);
  g_test_message ("%s", error->message);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_RATE_LIMITED);
  g_assert_true (contains_number (error->message, 20));

  other = confab_error_from_http (429, "application/json", "45", fixture, MODEL);
  g_assert_error (other, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_RATE_LIMITED);
  g_assert_true (contains_number (other->message, 45));
  g_assert_nonnull (strstr (other->message, "Rate limit reached for requests."));

  /* No Retry-After, or one that is not a number: still rate limited. */
  none = confab_error_from_http (429, NULL, NULL, NULL, MODEL);
  g_assert_error (none, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_RATE_LIMITED);
  g_clear_error (&none);
  none = confab_error_from_http (429, NULL, "Wed, 21 Oct 2015 07:28:00 GMT", body, MODEL);
  g_assert_error (none, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_RATE_LIMITED);
}

/* Bodies that are not the error shape: no crash, the status still counts. */
static void
test_http_odd_bodies (void)
{
  static const char *bodies[] = {
    "",
    "null",
    "[]",
    "\"error\"",
    "{\"error\":null}",
    "{\"error\":{}}",
    "{\"error\":{\"message\":null}}",
    "{\"error\":{\"message\":42}}",
    "{\"error\":{\"message\":[\"a\"]}}",
    "{\"error\":[1,2]}",
    "{\"error\":{\"message\":\"   \"}}",
    "{\"error\":",
    "\xff\xfe not utf-8",
    "{\"error\":{\"message\":\"bad \xff\xfe bytes\"}}",
    "Bad Gateway",
    CONFAB_TEST_ERROR_502_HTML,
  };
  static const guint statuses[] = { 400, 401, 402, 403, 404, 408, 413, 429, 500, 502, 503, 504 };

  for (guint i = 0; i < G_N_ELEMENTS (bodies); i++)
    for (guint j = 0; j < G_N_ELEMENTS (statuses); j++)
      {
        g_autoptr(GBytes) body = g_bytes_new_static (bodies[i], strlen (bodies[i]));
        g_autoptr(GError) error = NULL;

        error = confab_error_from_http (statuses[j], "application/json", NULL, body, MODEL);
        g_assert_error (error, CONFAB_CLIENT_ERROR, expected_code (statuses[j]));
        g_assert_true (g_utf8_validate (error->message, -1, NULL));
        g_assert_cmpstr (error->message, !=, "");
        if (statuses[j] >= 500)
          g_assert_true (contains_number (error->message, statuses[j]));
      }
}

/* The reason in the shapes of error bodies servers send, on one line and
 * short; never a web page.
 */
static void
test_http_body_shapes (void)
{
  g_autofree char *long_text = g_strnfill (1000, 'x');
  g_autofree char *long_json = g_strdup_printf ("{\"message\":\"%s\"}", long_text);
  static const struct {
    const char *content_type;
    const char *body;
    const char *quoted;
  } cases[] = {
    { "application/json", "{\"error\":{\"message\":\"OpenAI says no\",\"type\":\"x\"}}", "“OpenAI says no”" },
    { "application/json", "{\"error\":\"TypeError\",\"message\":\"Cannot read properties of undefined\"}", "“Cannot read properties of undefined”" },
    { "application/json", "{\"message\":\"Just a message\"}", "“Just a message”" },
    { "application/json", "{\"detail\":\"Not authenticated\"}", "“Not authenticated”" },
    { "application/json", "{\"detail\":[{\"loc\":[\"body\"],\"msg\":\"field required\"}]}", "“field required”" },
    { "application/json", "{\"error\":\"Only an error\"}", "“Only an error”" },
    { "application/json", "{\"error\":{\"code\":1},\"message\":\"Beside the object\"}", "“Beside the object”" },
    { "application/json", "{\"message\":\"Two\\nlines\\t and  spaces \"}", "“Two lines and spaces”" },
    { "text/plain", "  Upstream model is overloaded\r\n", "“Upstream model is overloaded”" },
    { NULL, "Bad Request", "“Bad Request”" },
    { "text/plain; charset=utf-8", "잘못된 요청 \xff 입니다", "“잘못된 요청 \xef\xbf\xbd 입니다”" },
    { "text/html", "<html><body>Bad Request</body></html>", NULL },
    { "text/plain", "  <html><body>Bad Request</body></html>", NULL },
    { NULL, "<!DOCTYPE html><p>Bad Request</p>", NULL },
    { "application/json", "Bad Request", NULL },
    { "application/json", "{\"error\":{\"type\":\"x\"}}", NULL },
    { "text/plain", " \r\n\t ", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GBytes) body = g_bytes_new_static (cases[i].body, strlen (cases[i].body));
      g_autoptr(GError) error = confab_error_from_http (500, cases[i].content_type, NULL, body, MODEL);
      /* The TAP that meson reads is UTF-8. */
      g_autofree char *shown = g_utf8_make_valid (cases[i].body, -1);

      g_test_message ("%s: %s", shown, error->message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_null (strstr (error->message, "TypeError"));
      if (cases[i].quoted != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].quoted));
      else
        g_assert_null (strstr (error->message, "The server said"));
    }

  /* Long reasons are cut short: JSON ones at 500 characters, plain text
   * at 200.
   */
  {
    g_autoptr(GBytes) json = g_bytes_new_static (long_json, strlen (long_json));
    g_autoptr(GBytes) text = g_bytes_new_static (long_text, strlen (long_text));
    g_autoptr(GError) from_json = confab_error_from_http (500, "application/json", NULL, json, MODEL);
    g_autoptr(GError) from_text = confab_error_from_http (500, "text/plain", NULL, text, MODEL);
    g_autofree char *json_quote = g_strconcat ("“", long_text + 500, "…”", NULL);
    g_autofree char *text_quote = g_strconcat ("“", long_text + 800, "…”", NULL);

    g_assert_nonnull (strstr (from_json->message, json_quote));
    g_assert_null (strstr (from_json->message, long_text + 499));
    g_assert_nonnull (strstr (from_text->message, text_quote));
    g_assert_null (strstr (from_text->message, long_text + 799));
  }

  /* ...also when a space falls just before the cut: the space and the
   * word after it would pass the limit, so the cut comes before them,
   * and never lets the rest through (found by fuzz-message-json).
   */
  {
    g_autoptr(GString) words = g_string_new (NULL);
    g_autofree char *json_words = NULL;
    g_autoptr(GBytes) body = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *words_quote = g_strconcat ("“", long_text + 501, "…”", NULL);
    const char *quote;

    g_string_append_len (words, long_text, 499);
    for (guint i = 0; i < 300; i++)
      g_string_append (words, " y");
    json_words = g_strdup_printf ("{\"message\":\"%s\"}", words->str);
    body = g_bytes_new (json_words, strlen (json_words));
    error = confab_error_from_http (500, "application/json", NULL, body, MODEL);
    quote = strstr (error->message, "“");
    g_assert_nonnull (quote);
    g_assert_true (g_str_has_prefix (quote, words_quote));
  }
}

/* 400, 408 and 413 say what each means. */
static void
test_http_request_statuses (void)
{
  g_autoptr(GBytes) reason = g_bytes_new_static ("{\"error\":{\"message\":\"temperature must be below 2\"}}",
                                                 strlen ("{\"error\":{\"message\":\"temperature must be below 2\"}}"));
  static const struct {
    guint              status;
    ConfabClientError  code;
    const char        *says;
  } cases[] = {
    { 400, CONFAB_CLIENT_ERROR_BAD_REQUEST, "The server rejected the request as not valid (HTTP 400). The server said: “temperature must be below 2”" },
    { 408, CONFAB_CLIENT_ERROR_TIMEOUT, "stopped waiting for the request to arrive (HTTP 408)" },
    { 413, CONFAB_CLIENT_ERROR_BAD_REQUEST, "too large for the server (HTTP 413): a long chat or a large attachment" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = confab_error_from_http (cases[i].status, "application/json", NULL, reason, MODEL);
      g_autoptr(GError) bare = confab_error_from_http (cases[i].status, NULL, NULL, NULL, MODEL);

      g_test_message ("%s / %s", error->message, bare->message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, cases[i].code);
      g_assert_error (bare, CONFAB_CLIENT_ERROR, cases[i].code);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_nonnull (strstr (error->message, "temperature must be below 2"));
      g_assert_null (strstr (error->message, "could not handle"));
      g_assert_null (strstr (bare->message, "could not handle"));
      g_assert_true (contains_number (bare->message, cases[i].status));
    }

  /* Other statuses of the kind keep the general wording. */
  {
    g_autoptr(GError) error = confab_error_from_http (422, NULL, NULL, NULL, MODEL);

    g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_BAD_REQUEST);
    g_assert_true (contains_number (error->message, 422));
  }
}

static void
test_http_empty_502 (void)
{
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GError) with_empty = NULL;
  g_autoptr(GError) with_null = NULL;

  with_empty = confab_error_from_http (502, NULL, NULL, empty, MODEL);
  g_assert_error (with_empty, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER);
  g_assert_true (contains_number (with_empty->message, 502));

  with_null = confab_error_from_http (502, NULL, NULL, NULL, NULL);
  g_assert_error (with_null, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_SERVER);
  g_assert_true (contains_number (with_null->message, 502));
}

typedef struct
{
  GQuark            domain;
  int               code;
  ConfabClientError expected;
} TransportCase;

static void
test_transport (void)
{
  TransportCase cases[] = {
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, CONFAB_CLIENT_ERROR_CONNECTION },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, CONFAB_CLIENT_ERROR_DNS },
    { G_RESOLVER_ERROR, G_RESOLVER_ERROR_TEMPORARY_FAILURE, CONFAB_CLIENT_ERROR_DNS },
    { G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, CONFAB_CLIENT_ERROR_TLS },
    { G_TLS_ERROR, G_TLS_ERROR_HANDSHAKE, CONFAB_CLIENT_ERROR_TLS },
    { G_IO_ERROR, G_IO_ERROR_TIMED_OUT, CONFAB_CLIENT_ERROR_TIMEOUT },
    { G_IO_ERROR, G_IO_ERROR_NETWORK_UNREACHABLE, CONFAB_CLIENT_ERROR_CONNECTION },
    { G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, CONFAB_CLIENT_ERROR_CONNECTION },
    { G_IO_ERROR, G_IO_ERROR_BROKEN_PIPE, CONFAB_CLIENT_ERROR_CONNECTION },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) cause = g_error_new_literal (cases[i].domain, cases[i].code, "Something low-level");
      g_autoptr(GError) error = confab_error_from_transport (cause);

      g_test_message ("%s %d: %s", g_quark_to_string (cases[i].domain), cases[i].code, error->message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, cases[i].expected);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      g_assert_cmpstr (error->message, !=, "");
    }
}

/* Each problem of a refused certificate has its own sentence; with
 * several, who signed it comes first.
 */
static void
test_certificate (void)
{
  static const struct {
    GTlsCertificateFlags  errors;
    const char           *says;
  } cases[] = {
    { G_TLS_CERTIFICATE_UNKNOWN_CA, "not signed by an authority this computer trusts" },
    { G_TLS_CERTIFICATE_UNKNOWN_CA | G_TLS_CERTIFICATE_EXPIRED, "not signed by an authority this computer trusts" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY, "for another name than the one in the base URL" },
    { G_TLS_CERTIFICATE_BAD_IDENTITY | G_TLS_CERTIFICATE_EXPIRED, "for another name" },
    { G_TLS_CERTIFICATE_EXPIRED, "has expired" },
    { G_TLS_CERTIFICATE_NOT_ACTIVATED, "not valid yet" },
    { G_TLS_CERTIFICATE_REVOKED, "has been revoked" },
    { G_TLS_CERTIFICATE_INSECURE, "could not be made" },
    { G_TLS_CERTIFICATE_GENERIC_ERROR, "could not be made" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = confab_error_from_certificate (cases[i].errors);

      g_test_message ("0x%x: %s", cases[i].errors, error->message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_TLS);
      g_assert_nonnull (strstr (error->message, cases[i].says));
    }
}

/* A redirect says where it pointed, resolved against the request's
 * address, without its user, password, query or fragment.
 */
static void
test_redirect (void)
{
  static const struct {
    const char *location;
    const char *says;
  } cases[] = {
    { "https://new.example.com/v1/chat/completions", "(HTTP 308): https://new.example.com/v1/chat/completions." },
    { "/v2/chat/completions?key=sk-secret#frag", "(HTTP 308): https://api.example.com/v2/chat/completions." },
    { "https://me:pa55word@evil.example:8443/x?token=abc", "(HTTP 308): https://evil.example:8443/x." },
    { NULL, "redirected the request elsewhere (HTTP 308)" },
    { "", "(HTTP 308): https://api.example.com/v1/chat/completions." },
    { "http://", "redirected the request elsewhere (HTTP 308)" },
  };
  g_autoptr(GUri) uri = g_uri_parse ("https://api.example.com/v1/chat/completions", G_URI_FLAGS_NONE, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = confab_error_from_redirect (308, uri, cases[i].location);

      g_test_message ("%s: %s", cases[i].location, error->message);
      g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_INVALID_URL);
      g_assert_nonnull (strstr (error->message, cases[i].says));
      g_assert_nonnull (strstr (error->message, "base URL"));
      g_assert_null (strstr (error->message, "secret"));
      g_assert_null (strstr (error->message, "pa55word"));
      g_assert_null (strstr (error->message, "token"));
      g_assert_null (strstr (error->message, "frag"));
    }
}

/* Cancelling is not a failure to show: it stays G_IO_ERROR_CANCELLED. */
static void
test_transport_cancelled (void)
{
  g_autoptr(GError) cause = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_CANCELLED, "Operation was cancelled");
  g_autoptr(GError) error = confab_error_from_transport (cause);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static void
test_redact (void)
{
  const char *secret = "sk-test-1234567890";
  g_autofree char *redacted = NULL;
  g_autofree char *adjacent = NULL;
  g_autofree char *untouched = NULL;
  g_autofree char *no_secret = NULL;
  g_autofree char *empty_secret = NULL;
  g_autofree char *whole = NULL;

  redacted = confab_error_redact ("Incorrect API key provided: sk-test-1234567890. "
                                  "Bearer sk-test-1234567890 was refused (key sk-test-1234567890)",
                                  secret);
  g_assert_null (strstr (redacted, secret));
  g_assert_null (strstr (redacted, "1234567890"));
  g_assert_nonnull (strstr (redacted, "Incorrect API key provided: "));
  g_assert_nonnull (strstr (redacted, " was refused (key "));

  adjacent = confab_error_redact ("sk-test-1234567890sk-test-1234567890", secret);
  g_assert_null (strstr (adjacent, secret));

  whole = confab_error_redact (secret, secret);
  g_assert_null (strstr (whole, secret));

  untouched = confab_error_redact ("The server had an error. 안녕 👋", secret);
  g_assert_cmpstr (untouched, ==, "The server had an error. 안녕 👋");

  no_secret = confab_error_redact ("Nothing to hide", NULL);
  g_assert_cmpstr (no_secret, ==, "Nothing to hide");

  empty_secret = confab_error_redact ("Nothing to hide", "");
  g_assert_cmpstr (empty_secret, ==, "Nothing to hide");
}

/* A proxy at fault is named, by host and port only. */
static void
test_proxy (void)
{
  const char *proxy = "http://kim:pr0xy-s3cret@proxy.example.com:3128";
  const char *anonymous = "socks5://[::1]:1080";
  struct {
    const char *uri;
    guint       status;
    GQuark      domain;
    int         code;
    const char *says;
  } cases[] = {
    { NULL, 407, 0, 0, "asks for a user name and password" },
    { NULL, 401, 0, 0, "did not accept the user name or password" },
    { NULL, 502, 0, 0, "could not pass the request on to the server (HTTP 502)" },
    { NULL, 0, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED, "refused the connection" },
    { NULL, 0, G_IO_ERROR, G_IO_ERROR_HOST_UNREACHABLE, "cannot be reached" },
    { NULL, 0, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED, "closed the connection before the server answered" },
    { NULL, 0, G_IO_ERROR, G_IO_ERROR_PROXY_AUTH_FAILED, "did not accept the user name or password" },
    { NULL, 0, G_IO_ERROR, G_IO_ERROR_PROXY_FAILED, "could not connect to the server: Something low-level" },
    { NULL, 0, G_RESOLVER_ERROR, G_RESOLVER_ERROR_NOT_FOUND, "could not be found" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      for (guint j = 0; j < 2; j++)
        {
          const char *uri = j == 0 ? proxy : anonymous;
          const char *name = j == 0 ? "proxy.example.com:3128" : "[::1]:1080";
          g_autoptr(GError) cause = NULL;
          g_autoptr(GError) error = NULL;
          const char *says = cases[i].says;

          if (cases[i].domain != 0)
            cause = g_error_new_literal (cases[i].domain, cases[i].code, "Something low-level");

          /* Without a user, a 407 asks for one; with one, it was wrong. */
          if (cases[i].status == 407 && j == 0)
            says = "did not accept the user name or password";

          error = confab_error_from_proxy (uri, cases[i].status, cause);
          g_test_message ("%s %u: %s", uri, cases[i].status, error ? error->message : "(none)");
          g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY);
          g_assert_nonnull (strstr (error->message, name));
          g_assert_nonnull (strstr (error->message, says));
          g_assert_null (strstr (error->message, "pr0xy-s3cret"));
          g_assert_null (strstr (error->message, "kim"));
        }
    }

  /* GIO's https:// proxy connection tells the proxy's status only in
   * its message: a 401 is the password, other statuses are quoted.
   */
  {
    g_autoptr(GError) wrong = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PROXY_FAILED,
                                                   "HTTP proxy connection failed: 401");
    g_autoptr(GError) other = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PROXY_FAILED,
                                                   "HTTP proxy connection failed: 502");
    g_autoptr(GError) port = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_PROXY_FAILED,
                                                  "Could not connect to host:1401");
    g_autoptr(GError) error = NULL;

    error = confab_error_from_proxy (proxy, 0, wrong);
    g_assert_nonnull (strstr (error->message, "did not accept the user name or password"));
    g_clear_error (&error);

    error = confab_error_from_proxy (proxy, 0, other);
    g_assert_nonnull (strstr (error->message, "could not connect to the server: HTTP proxy connection failed: 502"));
    g_clear_error (&error);

    error = confab_error_from_proxy (proxy, 0, port);
    g_assert_nonnull (strstr (error->message, "could not connect to the server: Could not connect to host:1401"));
  }

  /* A timeout, TLS: not the proxy's doing as far as we can tell. */
  {
    g_autoptr(GError) timeout = g_error_new_literal (G_IO_ERROR, G_IO_ERROR_TIMED_OUT, "Timed out");
    g_autoptr(GError) tls = g_error_new_literal (G_TLS_ERROR, G_TLS_ERROR_BAD_CERTIFICATE, "Bad");

    g_assert_null (confab_error_from_proxy (proxy, 0, timeout));
    g_assert_null (confab_error_from_proxy (proxy, 0, tls));
  }

  /* A 407 with no known proxy still says it is a proxy's. */
  {
    g_autoptr(GError) error = confab_error_from_http (407, "text/html", NULL, NULL, MODEL);

    g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY);
    g_assert_nonnull (strstr (error->message, "proxy"));
    g_assert_null (strstr (error->message, "could not handle the request"));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/error/http/fixtures", test_http_fixtures);
  g_test_add_func ("/error/http/model-not-found", test_http_model_not_found);
  g_test_add_func ("/error/http/retry-after", test_http_retry_after);
  g_test_add_func ("/error/http/odd-bodies", test_http_odd_bodies);
  g_test_add_func ("/error/http/empty-502", test_http_empty_502);
  g_test_add_func ("/error/http/body-shapes", test_http_body_shapes);
  g_test_add_func ("/error/http/request-statuses", test_http_request_statuses);
  g_test_add_func ("/error/transport", test_transport);
  g_test_add_func ("/error/transport-cancelled", test_transport_cancelled);
  g_test_add_func ("/error/certificate", test_certificate);
  g_test_add_func ("/error/redirect", test_redirect);
  g_test_add_func ("/error/redact", test_redact);
  g_test_add_func ("/error/proxy", test_proxy);

  return g_test_run ();
}
