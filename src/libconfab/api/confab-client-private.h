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

void confab_client_set_tls_database (ConfabClient  *self,
                                     GTlsDatabase  *database);

void confab_client_request_attach (GTask         *task,
                                   ConfabMessage *answer,
                                   const char    *model,
                                   const char    *api_key,
                                   guint          stall_timeout);
void confab_client_request_fail   (GTask         *task,
                                   GError        *error);
void confab_client_request_send   (GTask         *task,
                                   SoupSession   *session,
                                   SoupMessage   *message,
                                   GCancellable  *cancellable);

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
