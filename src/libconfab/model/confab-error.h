/* confab-error.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define CONFAB_CLIENT_ERROR (confab_client_error_quark ())

typedef enum
{
  CONFAB_CLIENT_ERROR_NO_API_KEY,
  CONFAB_CLIENT_ERROR_INVALID_URL,
  CONFAB_CLIENT_ERROR_INSECURE_URL,
  CONFAB_CLIENT_ERROR_AUTH,
  CONFAB_CLIENT_ERROR_QUOTA,
  CONFAB_CLIENT_ERROR_MODEL_NOT_FOUND,
  CONFAB_CLIENT_ERROR_RATE_LIMITED,
  CONFAB_CLIENT_ERROR_BAD_REQUEST,
  CONFAB_CLIENT_ERROR_SERVER,
  CONFAB_CLIENT_ERROR_CONNECTION,
  CONFAB_CLIENT_ERROR_DNS,
  CONFAB_CLIENT_ERROR_TLS,
  CONFAB_CLIENT_ERROR_TIMEOUT,
  CONFAB_CLIENT_ERROR_INVALID_RESPONSE,
  CONFAB_CLIENT_ERROR_PROXY,
  CONFAB_CLIENT_ERROR_UNCONFIRMED_URL,
} ConfabClientError;

GQuark  confab_client_error_quark   (void);

/* The store's errors (see confab-store.h), here so that the layers that
 * read a stored answer's error need not know the store.
 */
#define CONFAB_STORE_ERROR (confab_store_error_quark ())

typedef enum
{
  CONFAB_STORE_ERROR_FAILED,
  CONFAB_STORE_ERROR_CORRUPT,
  CONFAB_STORE_ERROR_NEWER_SCHEMA,
  CONFAB_STORE_ERROR_READ_ONLY,
  CONFAB_STORE_ERROR_DISK_FULL,
  CONFAB_STORE_ERROR_BUSY,
  CONFAB_STORE_ERROR_NO_FTS5,
  CONFAB_STORE_ERROR_NOT_FOUND,
  CONFAB_STORE_ERROR_INTERRUPTED,
} ConfabStoreError;

GQuark  confab_store_error_quark    (void);

GError *confab_error_from_http      (guint         status,
                                     const char   *content_type,
                                     const char   *retry_after,
                                     GBytes       *body,
                                     const char   *model);
GError *confab_error_from_transport (const GError *error);
GError *confab_error_from_certificate (GTlsCertificateFlags  errors);
GError *confab_error_from_redirect  (guint         status,
                                     GUri         *uri,
                                     const char   *location);
GError *confab_error_from_proxy     (const char   *proxy_uri,
                                     guint         status,
                                     const GError *error);
char   *confab_error_redact         (const char   *text,
                                     const char   *secret);
GError *confab_error_not_tls        (GUri         *uri,
                                     gboolean      answered);
GError *confab_error_closed_plain   (GUri         *uri);

G_END_DECLS
