/* confab-test-server-private.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The insides of the scripted server that its files share: a response
 * in its queue, a request recorded, and an exchange, the playing of one
 * response to one request.
 */

#pragma once

#include <glib/gstdio.h>

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

G_BEGIN_DECLS

typedef enum
{
  RESPONSE_REPLY,
  RESPONSE_STREAM,
  RESPONSE_HANG,
  RESPONSE_CLOSE,
} ResponseKind;

/* A piece without data is a hold: the stream waits there until the test
 * releases it (see confab_test_response_add_hold()).
 */
typedef struct
{
  guint   delay_ms;
  GBytes *data;
} Piece;

struct _ConfabTestResponse
{
  ResponseKind  kind;
  guint         status;
  char         *content_type;
  GPtrArray    *headers;
  GBytes       *body;
  guint         delay_ms;
  GPtrArray    *pieces;
  gboolean      abort;

  /* Set by the server once a request uses the response. */
  gpointer      exchange;
  guint         n_released;
  gboolean      closed;
};

/* The state of one request being answered.  The server owns every
 * exchange until it is disposed, so that signal handlers and timeouts
 * never see a freed exchange.
 */
typedef struct
{
  SoupServerMessage  *msg;
  ConfabTestResponse *response;
  guint               source_id;
  GSource            *watch;
  guint               next_piece;
  gboolean            paused;
  gboolean            held;
  gboolean            done;
  gulong              finished_id;
  gulong              disconnected_id;
  gulong              wrote_chunk_id;
} Exchange;

struct _ConfabTestServer
{
  GObject     parent_instance;

  SoupServer *server;
  guint       port;
  char       *base_url;
  GQueue      responses;
  GPtrArray  *requests;
  GPtrArray  *exchanges;

  /* GET …/models: from the queue, or answered here (see
   * confab_test_server_serve_models()).
   */
  gboolean    _confab_test_server_serve_models;
  char      **models;

  /* GET /credits is answered apart from the queue: with this body, or
   * 404 (a server without the endpoint) when it is NULL.
   */
  char       *credits;
  guint       n_credits_requests;
  char       *credits_authorization;
};

void                _confab_test_response_free          (gpointer           data);
void                _confab_test_exchange_unwatch       (Exchange          *exchange);
guint               _confab_test_add_timeout            (guint              delay_ms,
                                                         GSourceFunc        func,
                                                         gpointer           data);
void                _confab_test_exchange_stop          (Exchange          *exchange);
void                _confab_test_exchange_free          (gpointer           data);
void                _confab_test_exchange_ended_cb      (Exchange          *exchange);
void                _confab_test_exchange_schedule_step (Exchange          *exchange);
void                _confab_test_exchange_start         (Exchange          *exchange);
gboolean            _confab_test_exchange_start_cb      (gpointer           user_data);
void                _confab_test_server_serve_models    (ConfabTestServer  *self,
                                                         SoupServerMessage *msg);
ConfabTestResponse *_confab_test_server_queue           (ConfabTestServer  *self,
                                                         ResponseKind       kind);

G_END_DECLS
