/* confab-client-request-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "confab-client-private.h"
#include "confab-stream-decoder.h"

G_BEGIN_DECLS

/* What the parts of one chat request share: confab-client-request.c
 * sends it, reads the answer and ends it; confab-client-answer.c tells
 * what the answer is and takes it in; confab-client-proxy.c names the
 * proxy at fault and gives it its password.  The request is the data
 * of its GTask.
 */

struct _ConfabClientRequest
{
  SoupMessage     *message;
  ConfabMessage   *answer;
  char            *model;
  char            *api_key;

  /* The caller's cancellable, and the one the I/O uses: cancelled by the
   * caller's or by the watchdog when the server goes silent.
   */
  GCancellable    *cancellable;
  gulong           cancelled_id;
  GCancellable    *io_cancellable;
  GSource         *watchdog;
  guint            stall_timeout;
  gboolean         stalled;
  /* Between the start of TLS and its end, under the shorter watchdog. */
  gboolean         handshaking;

  /* The session's proxy resolver, asked which proxy was at fault when
   * the request fails; the error to give when it was none.
   */
  SoupSession     *session;
  GProxyResolver  *proxy_resolver;
  GError          *proxy_status_error;
  GError          *transport_error;

  /* Watching the tunnel's CONNECT for a proxy that refused the password:
   * libsoup would give it the same password again and again.
   */
  gulong           request_queued_id;
  gboolean         proxy_refused;

  /* What was wrong with the server's certificate, when it was refused. */
  GTlsCertificateFlags tls_errors;

  GInputStream    *stream;
  guint            status;
  GByteArray      *body;
  GBytes          *parsed_body;  /* a whole answer, parsed on a worker */
  gsize            body_limit;
  gboolean         sniffing;

  ConfabStreamDecoder *decoder;
  gboolean         saw_finish;
  gboolean         finished;
};

typedef struct _ConfabClientRequest Request;

void     confab_client_request_return_error                (GTask         *task,
                                                            GError        *error);
void     confab_client_request_return_success              (GTask         *task);
GError  *confab_client_request_error_from_io               (Request       *request,
                                                            const GError  *error,
                                                            gboolean       answering);
void     confab_client_request_send_message                (GTask         *task);

gboolean confab_client_request_content_type_is             (SoupMessage   *message,
                                                            const char    *type);
gboolean confab_client_request_content_type_is_vague       (SoupMessage   *message);
void     confab_client_request_start_decoder               (GTask         *task);
void     confab_client_request_sniff                       (GTask         *task);
void     confab_client_request_finish_body                 (GTask         *task);

void     confab_client_request_return_error_checking_proxy (GTask         *task,
                                                            const GError  *transport_error,
                                                            GError        *fallback);
gboolean confab_client_request_status_is_from_proxy        (Request       *request);
void     confab_client_request_send_lookup_cb              (GObject       *object,
                                                            GAsyncResult  *result,
                                                            gpointer       user_data);
void     confab_client_request_queued_cb                   (SoupSession   *session,
                                                            SoupMessage   *message,
                                                            GTask         *task);

G_END_DECLS
