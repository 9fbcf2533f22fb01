/* confab-test-server.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

G_BEGIN_DECLS

/* How long confab_test_run_until() spins before it gives up and aborts the
 * test, so that a test that waits for something that never comes fails
 * instead of hanging until meson kills it.
 */
#define CONFAB_TEST_WAIT_TIMEOUT_SECONDS 20

guint confab_test_wait_seconds (void);

/* One request the server received, recorded before it was answered.  The
 * server owns it; it lives as long as the server.
 */
typedef struct _ConfabTestRequest
{
  char               *method;
  char               *path;
  char               *query;
  SoupMessageHeaders *headers;
  GBytes             *body;
  /* The address the request came from, such as "127.0.0.1". */
  char               *remote_host;
} ConfabTestRequest;

/* One scripted answer.  The queue functions return it unowned so that the
 * test can refine it (headers, delay, pieces) before the request arrives;
 * the server frees it once it has been used.
 */
typedef struct _ConfabTestResponse ConfabTestResponse;

typedef gboolean (*ConfabTestConditionFunc) (gpointer user_data);

#define CONFAB_TYPE_TEST_SERVER (confab_test_server_get_type ())

/* Evolink's answer to GET /credits, from its documentation. */
#define CONFAB_TEST_CREDITS "{\"data\":{\"token\":{\"remaining_credits\":99416.4429,\"unlimited_credits\":false,\"used_credits\":583.5571},\"user\":{\"remaining_credits\":1095.3996,\"used_credits\":135.9048}},\"message\":\"\",\"success\":true}"

G_DECLARE_FINAL_TYPE (ConfabTestServer, confab_test_server, CONFAB, TEST_SERVER, GObject)

ConfabTestServer         *confab_test_server_new                (void);
ConfabTestServer         *confab_test_server_new_tls            (GTlsCertificate    *certificate);
guint                     confab_test_server_get_port           (ConfabTestServer   *self);
const char               *confab_test_server_get_base_url       (ConfabTestServer   *self);
char                     *confab_test_server_dup_url            (ConfabTestServer   *self,
                                                                 const char         *path);
ConfabTestResponse       *confab_test_server_queue_response     (ConfabTestServer   *self,
                                                                 guint               status,
                                                                 const char         *content_type,
                                                                 const char         *body);
ConfabTestResponse       *confab_test_server_queue_response_bytes (ConfabTestServer *self,
                                                                 guint               status,
                                                                 const char         *content_type,
                                                                 GBytes             *body);
ConfabTestResponse       *confab_test_server_queue_stream       (ConfabTestServer   *self,
                                                                 guint               status,
                                                                 const char         *content_type);
ConfabTestResponse       *confab_test_server_queue_held_stream  (ConfabTestServer   *self,
                                                                 const char         *first,
                                                                 const char         *second);
void                      confab_test_server_serve_models       (ConfabTestServer   *self,
                                                                 const char * const *models);
ConfabTestResponse       *confab_test_server_queue_hang         (ConfabTestServer   *self);
ConfabTestResponse       *confab_test_server_queue_close        (ConfabTestServer   *self);
guint                     confab_test_server_get_n_queued       (ConfabTestServer   *self);
void                      confab_test_server_set_credits        (ConfabTestServer   *self,
                                                                 const char         *credits);
guint                     confab_test_server_get_n_credits_requests (ConfabTestServer *self);
const char               *confab_test_server_get_credits_authorization (ConfabTestServer *self);
guint                     confab_test_server_get_n_requests     (ConfabTestServer   *self);
const ConfabTestRequest  *confab_test_server_get_request        (ConfabTestServer   *self,
                                                                 guint               index);
void                      confab_test_server_wait_for_requests  (ConfabTestServer   *self,
                                                                 guint               n_requests);

void                      confab_test_response_add_header       (ConfabTestResponse *response,
                                                                 const char         *name,
                                                                 const char         *value);
void                      confab_test_response_set_delay        (ConfabTestResponse *response,
                                                                 guint               delay_ms);
void                      confab_test_response_add_piece        (ConfabTestResponse *response,
                                                                 guint               delay_ms,
                                                                 const char         *data,
                                                                 gssize              length);
void                      confab_test_response_add_pieces       (ConfabTestResponse *response,
                                                                 guint               delay_ms,
                                                                 const char         *text,
                                                                 gsize               piece_size);
void                      confab_test_response_set_abort        (ConfabTestResponse *response,
                                                                 gboolean            abort);
void                      confab_test_response_add_hold         (ConfabTestResponse *response);
void                      confab_test_response_release          (ConfabTestResponse *response);
gboolean                  confab_test_response_get_closed       (ConfabTestResponse *response);

const char               *confab_test_request_get_header        (const ConfabTestRequest *request,
                                                                 const char              *name);
char                     *confab_test_request_dup_body          (const ConfabTestRequest *request);
JsonNode                 *confab_test_request_parse_json        (const ConfabTestRequest *request);

GSocket                  *confab_test_bind_closed_port          (guint                   *port);

void                      confab_test_remove_tree               (const char              *path);
void                      confab_test_run_until                 (ConfabTestConditionFunc  condition,
                                                                 gpointer                 user_data);
void                      confab_test_store_result_cb           (GObject                 *source,
                                                                 GAsyncResult            *result,
                                                                 gpointer                 user_data);
void                      confab_test_wait_for_result           (GAsyncResult           **result);

G_END_DECLS
