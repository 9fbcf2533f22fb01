/* test-proxy.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-proxy share: real proxies (tinyproxy, microsocks,
 * stunnel) on free loopback ports, certificates of the test's own, and
 * the checks of what came through.
 */

#pragma once

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

G_BEGIN_DECLS

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

/* The certificate of the test's own TLS server and proxy, and the
 * database that trusts it (see tls_setup()).
 */
extern GTlsCertificate *tls_certificate;
extern GTlsDatabase    *tls_database;

Proxy            *proxy_start                     (const char        *user,
                                                   const char        *password);
void              proxy_stop                      (Proxy             *proxy);
char             *proxy_url                       (guint              port);
Proxy            *socks_start                     (const char        *user,
                                                   const char        *password);
Proxy            *tls_proxy_start                 (const char        *user,
                                                   const char        *password);
ConfabTestServer *server_new                      (gboolean           tls);
ConfabClient     *client_new                      (ConfabTestServer  *server);
GListModel       *history_new                     (void);
ConfabMessage    *complete                        (ConfabClient      *client,
                                                   GError           **error);
void              assert_proxy_error              (const GError      *error,
                                                   guint              port,
                                                   const char        *what);
const char       *refusal_text                    (const ProxyCase   *c,
                                                   const GError      *error,
                                                   const char        *text);
void              assert_request_arrived          (ConfabTestServer  *server);
void              use_proxy                       (ConfabClient      *client,
                                                   Proxy             *proxy,
                                                   const char        *user,
                                                   const char        *password);
void              complete_through                (ConfabClient      *client,
                                                   ConfabTestServer  *server);
void              stream_through                  (ConfabClient      *client,
                                                   ConfabTestServer  *server);
GError           *complete_refused                (ConfabClient      *client,
                                                   ConfabTestServer  *server,
                                                   const ProxyCase   *c,
                                                   guint              port,
                                                   const char        *what);
void              test_open_proxy                 (gconstpointer      data);
void              test_password                   (gconstpointer      data);
void              test_password_in_url            (gconstpointer      data);
void              test_password_stream            (gconstpointer      data);
void              test_password_missing           (gconstpointer      data);
void              test_password_wrong             (gconstpointer      data);
void              test_server_rejects_key         (gconstpointer      data);
void              test_proxy_refused              (gconstpointer      data);
void              test_server_unreachable         (void);
void              test_invalid_proxy              (void);
void              test_address_without_scheme     (void);
void              test_socks_open                 (gconstpointer      data);
void              test_socks_password             (gconstpointer      data);
void              test_socks_password_in_url      (gconstpointer      data);
void              test_socks_password_wrong       (gconstpointer      data);
void              test_socks_password_missing     (gconstpointer      data);
void              test_socks_refused              (gconstpointer      data);
void              test_tls_proxy_open             (gconstpointer      data);
void              test_tls_proxy_password         (gconstpointer      data);
void              test_tls_proxy_password_wrong   (gconstpointer      data);
void              test_tls_proxy_untrusted        (gconstpointer      data);
void              test_tls_proxy_server_untrusted (void);
void              test_system_proxy               (gconstpointer      data);

G_END_DECLS
