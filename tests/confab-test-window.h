/* confab-test-window.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include <adwaita.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-message-row.h"
#include "confab-test-server.h"
#include "confab-window.h"

G_BEGIN_DECLS

/* What the tests of the real window share (test-window*.c): one
 * application for the whole binary, a window on the scripted server per
 * test, and the ways to look into it.
 */

#define CONFAB_TEST_WINDOW_KEY "test-key-123"

typedef struct
{
  ConfabApplication *app;
  ConfabTestServer  *server;
  ConfabWindow      *window;
  ConfabComposer    *composer;
  gint64             pending_id;
} ConfabTestWindow;

typedef void (*ConfabTestWindowFunc) (ConfabTestWindow *fixture,
                                      gconstpointer     data);

/* A condition of confab_test_run_until(): the row's text view @name
 * shows @text.
 */
typedef struct
{
  ConfabMessageRow *row;
  const char       *name;
  const char       *text;
} ConfabTestViewWait;

void                confab_test_window_init                      (int                    *argcp,
                                                                  char                 ***argvp);
int                 confab_test_window_run                       (void);
ConfabApplication  *confab_test_window_get_app                   (void);
void                confab_test_window_set_prepare               (ConfabTestWindowFunc    func);
void                confab_test_window_add                       (const char             *path,
                                                                  gconstpointer           data,
                                                                  ConfabTestWindowFunc    func);

char               *confab_test_window_dup_view_text             (ConfabMessageRow       *row,
                                                                  const char             *name);
char               *confab_test_window_dup_clipboard_text        (GtkWidget              *widget);
gboolean            confab_test_window_view_shows                (gpointer                data);
GtkWidget          *confab_test_window_get_chat_view             (ConfabTestWindow       *fixture);
GtkWidget          *confab_test_window_find_row                  (GtkWidget              *root,
                                                                  ConfabMessage          *message);
ConfabMessageRow   *confab_test_window_wait_for_row              (ConfabTestWindow       *fixture,
                                                                  ConfabMessage          *message);
gboolean            confab_test_window_message_is_done           (gpointer                message);
gboolean            confab_test_window_is_idle                   (gpointer                window);
ConfabMessage      *confab_test_window_get_message               (ConfabTestWindow       *fixture,
                                                                  guint                   position);
guint               confab_test_window_get_n_messages            (ConfabTestWindow       *fixture);
void                confab_test_window_send_prompt               (ConfabTestWindow       *fixture,
                                                                  const char             *text);
void                confab_test_window_reopen                    (ConfabTestWindow       *fixture);
void                confab_test_window_open                      (ConfabTestWindow       *fixture);
void                confab_test_window_wait_for_content          (ConfabMessage          *message,
                                                                  const char             *content);
gboolean            confab_test_window_response_is_closed        (gpointer                response);
gint64              confab_test_window_get_newest_id             (ConfabTestWindow       *fixture);
gboolean            confab_test_window_conversation_has_two      (gpointer                fixture);
gboolean            confab_test_window_conversation_has_messages (gpointer                fixture);

G_END_DECLS
