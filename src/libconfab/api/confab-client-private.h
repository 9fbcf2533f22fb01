/* confab-client-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <libsoup/soup.h>

#include "confab-client.h"

G_BEGIN_DECLS

/* What the parts of ConfabClient share; confab-client.c says which part
 * does what.
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

/* How long the start of a secure connection may take, in seconds (at
 * most the stall timeout): a few round trips, where a server that
 * speaks only plain http never answers, waiting for a request line.
 */
#define CONFAB_CLIENT_HANDSHAKE_TIMEOUT 10

guint         confab_client_handshake_timeout  (ConfabClient        *self);
void          confab_client_send_async         (ConfabClient        *self,
                                                SoupMessage         *message,
                                                GCancellable        *cancellable,
                                                GAsyncReadyCallback  callback,
                                                gpointer             user_data);
GInputStream *confab_client_send_finish        (ConfabClient        *self,
                                                GAsyncResult        *result,
                                                GError             **error);

void         confab_client_set_tls_database    (ConfabClient   *self,
                                                GTlsDatabase   *database);

void         confab_client_clear_secret        (char          **secret);
GUri        *confab_client_get_target          (ConfabClient   *self,
                                                const char     *path,
                                                GError        **error);
void         confab_client_message_starting_cb (SoupMessage    *message);
SoupMessage *confab_client_new_message         (ConfabClient   *self,
                                                const char     *method,
                                                GUri           *uri,
                                                const char     *accept);

void         confab_client_request_attach      (GTask          *task,
                                                ConfabMessage  *answer,
                                                const char     *model,
                                                const char     *api_key,
                                                guint           stall_timeout);
void         confab_client_request_fail        (GTask          *task,
                                                GError         *error);
void         confab_client_request_send        (GTask          *task,
                                                SoupSession    *session,
                                                SoupMessage    *message,
                                                GCancellable   *cancellable);

/* What the body of a successful response that is not streamed is. */
typedef enum
{
  CONFAB_CLIENT_BODY_FAILED,
  CONFAB_CLIENT_BODY_ANSWER,
  CONFAB_CLIENT_BODY_NOT_JSON,
  CONFAB_CLIENT_BODY_ERROR_OBJECT,
} ConfabClientBody;

void             confab_client_parse_body_async  (GBytes               *body,
                                                  GCancellable         *cancellable,
                                                  GAsyncReadyCallback   callback,
                                                  gpointer              user_data);
ConfabClientBody confab_client_parse_body_finish (GAsyncResult         *result,
                                                  ConfabMessage       **answer,
                                                  GError              **error);

G_END_DECLS
