/* confab-client.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <gio/gio.h>

#include "confab-credits.h"
#include "confab-message.h"

G_BEGIN_DECLS

#define CONFAB_CLIENT_DEFAULT_BASE_URL "https://api.evolink.ai/v1"
#define CONFAB_CLIENT_DEFAULT_TIMEOUT       600
#define CONFAB_CLIENT_DEFAULT_STALL_TIMEOUT 300

/* The generation parameters a person set; what is not set is not sent,
 * so that the server's defaults apply.
 */
typedef struct
{
  /* 0 to 2, or negative for not set. */
  double      temperature;
  /* The most output tokens (reasoning included), or 0 for not set. */
  gint64      max_output_tokens;
  /* "low", "medium" or "high", or %NULL for the server's default. */
  const char *reasoning_effort;
} ConfabChatOptions;

#define CONFAB_CHAT_OPTIONS_INIT { -1.0, 0, NULL }

#define CONFAB_TYPE_CLIENT (confab_client_get_type())

G_DECLARE_FINAL_TYPE (ConfabClient, confab_client, CONFAB, CLIENT, GObject)

ConfabClient  *confab_client_new             (void);
const char    *confab_client_get_base_url    (ConfabClient         *self);
void           confab_client_set_base_url    (ConfabClient         *self,
                                              const char           *base_url);
void           confab_client_set_plain_http_hosts (ConfabClient    *self,
                                                   const char * const *hosts);
void           confab_client_set_api_key     (ConfabClient         *self,
                                              const char           *api_key);
void           confab_client_set_api_key_problem (ConfabClient     *self,
                                                  const char       *problem);
guint          confab_client_get_timeout     (ConfabClient         *self);
void           confab_client_set_timeout     (ConfabClient         *self,
                                              guint                 timeout);
guint          confab_client_get_stall_timeout (ConfabClient       *self);
void           confab_client_set_stall_timeout (ConfabClient       *self,
                                                guint               stall_timeout);
gboolean       confab_client_proxy_url_is_valid (const char        *url);
void           confab_client_set_proxy       (ConfabClient         *self,
                                              const char           *url,
                                              const char           *user,
                                              const char           *password);
void           confab_client_chat_async      (ConfabClient         *self,
                                              const char           *model,
                                              const char           *system_prompt,
                                              GListModel           *history,
                                              ConfabMessage        *answer,
                                              gboolean              stream,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
void           confab_client_chat_with_options_async (ConfabClient            *self,
                                                      const char              *model,
                                                      const char              *system_prompt,
                                                      const ConfabChatOptions *options,
                                                      GListModel              *history,
                                                      ConfabMessage           *answer,
                                                      gboolean                 stream,
                                                      GCancellable            *cancellable,
                                                      GAsyncReadyCallback      callback,
                                                      gpointer                 user_data);
gboolean       confab_client_chat_finish     (ConfabClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           confab_client_complete_async  (ConfabClient         *self,
                                              const char           *model,
                                              const char           *system_prompt,
                                              GListModel           *history,
                                              GCancellable         *cancellable,
                                              GAsyncReadyCallback   callback,
                                              gpointer              user_data);
ConfabMessage *confab_client_complete_finish (ConfabClient         *self,
                                              GAsyncResult         *result,
                                              GError              **error);
void           confab_client_list_models_async  (ConfabClient      *self,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
GStrv          confab_client_list_models_finish (ConfabClient      *self,
                                                 GAsyncResult      *result,
                                                 GError           **error);

/* GET {base-url}/credits: %NULL without an error when the server has
 * no such endpoint (404, another shape) or there is no key to ask with.
 */
void           confab_client_get_credits_async  (ConfabClient      *self,
                                                 GCancellable      *cancellable,
                                                 GAsyncReadyCallback callback,
                                                 gpointer           user_data);
ConfabCredits *confab_client_get_credits_finish (ConfabClient      *self,
                                                 GAsyncResult      *result,
                                                 GError           **error);

G_END_DECLS
