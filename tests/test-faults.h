/* test-faults.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-faults share: one prompt and its answer as the
 * window keeps them, asked of the scripted server, and the check that a
 * fault keeps what came before it.
 */

#pragma once

#include <locale.h>

#include <glib/gstdio.h>

#include "confab-client.h"
#include "confab-client-private.h"
#include "confab-conversation.h"
#include "confab-error.h"
#include "confab-sse-parser.h"

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

G_BEGIN_DECLS

#define API_KEY "sk-faults-0123456789abcdef"
#define MODEL   "gemini-3.1-pro-preview"
#define PROMPT  "안녕하세요 👋 Tell me about faults"

#define CHUNK(content) \
  "data: {\"id\":\"chatcmpl-f1\",\"object\":\"chat.completion.chunk\",\"model\":\"" MODEL "\"," \
  "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" content "\"},\"finish_reason\":null}]}\n\n"
#define CHUNK_STOP \
  "data: {\"id\":\"chatcmpl-f1\",\"object\":\"chat.completion.chunk\",\"model\":\"" MODEL "\"," \
  "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"
#define DONE "data: [DONE]\n\n"

/* What arrives before the fault, in two pieces. */
#define PARTIAL_1 "Faults come "
#define PARTIAL_2 "in many kinds"
#define PARTIAL   PARTIAL_1 PARTIAL_2

/* Long enough that a test which waited for it would be plainly wrong. */
#define LONG_DELAY_MS 30000

/* One prompt and its answer, as the window keeps them. */
typedef struct
{
  ConfabConversation *conversation;
  ConfabMessage      *prompt;
  ConfabMessage      *answer;
  GAsyncResult       *result;
} Exchange;

/* A certificate the server has, and what the client says of it. */
typedef struct
{
  const char *name;
  gboolean    trusted;
  const char *says;
} TlsCase;

void          exchange_free                       (Exchange           *exchange);
ConfabClient *client_new                          (const char         *base_url);
Exchange     *ask                                 (ConfabClient       *client,
                                                   gboolean            stream,
                                                   GError            **error);
void          assert_kept                         (Exchange           *exchange,
                                                   const GError       *error,
                                                   ConfabClientError   code,
                                                   const char         *says,
                                                   const char         *partial);
void          tls_setup                           (void);
void          tls_teardown                        (void);
void          test_tls                            (gconstpointer       data);
void          test_tls_valid                      (void);
void          test_https_to_http                  (void);
void          test_https_to_http_answering        (void);
void          test_https_to_http_models           (void);
void          test_https_to_http_credits          (void);
void          test_https_to_http_answering_models (void);
void          test_http_to_https                  (void);
void          test_dns                            (void);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Exchange, exchange_free)

G_END_DECLS
