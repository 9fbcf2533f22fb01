/* test-client.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-client share: a client on the scripted server,
 * a history to send, and the checks of what it asked and answered.
 */

#pragma once

#include "confab-client.h"
#include "confab-conversation.h"
#include "confab-error.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

G_BEGIN_DECLS

#define API_KEY "test-key-123"
#define MODEL   "gemini-3.1-pro-preview"

ConfabClient  *client_new                   (ConfabTestServer         *server,
                                             const char               *api_key);
GListModel    *history_new                  (void);
ConfabMessage *complete                     (ConfabClient             *client,
                                             const char               *system_prompt,
                                             GCancellable             *cancellable,
                                             GError                  **error);
GError        *complete_fails               (ConfabClient             *client,
                                             GCancellable             *cancellable,
                                             GQuark                    domain,
                                             int                       code);
void           assert_seed_answer           (ConfabMessage            *message);
void           assert_request_body          (const ConfabTestRequest  *request,
                                             const char               *system_prompt);
void           test_http_errors             (void);
void           test_key_redacted            (void);
void           test_error_bodies            (void);
void           test_key_redacted_plain_text (void);
void           test_invalid_answers         (void);
void           test_text_kept               (void);
void           test_no_redirect             (void);
void           test_connection_refused      (void);
void           test_connection_closed       (void);
void           test_cancel                  (void);
void           test_cancel_before           (void);
void           test_timeout                 (void);
void           test_insecure_url            (void);
void           test_home_network_url        (void);
void           test_no_api_key              (void);
void           test_no_api_key_loopback     (void);

G_END_DECLS
