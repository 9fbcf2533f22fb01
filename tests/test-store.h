/* test-store.h
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * What the files of test-store share: the fixture, a temporary folder
 * with a history file, and the ways to fill and read it.
 */

#pragma once

#include <errno.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "confab-request.h"
#include "confab-store-private.h"
#include "confab-test-server.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir;
  char *path;
} Fixture;

ConfabStore   *open_store                 (Fixture       *fixture);
sqlite3       *open_raw                   (const char    *path);
gint64         raw_int                    (sqlite3       *db,
                                           const char    *sql);
void           raw_exec                   (sqlite3       *db,
                                           const char    *sql);
char          *checksum_file              (const char    *path);
ConfabMessage *message_new                (ConfabRole     role,
                                           const char    *content);
gint64         append                     (ConfabStore   *store,
                                           gint64         conversation_id,
                                           ConfabRole     role,
                                           const char    *content);
GListStore    *load                       (ConfabStore   *store,
                                           gint64         conversation_id);
ConfabMessage *nth_message                (GListStore    *messages,
                                           guint          position);
gint64         nth_conversation_id        (ConfabStore   *store,
                                           guint          position);
GListModel    *search                     (ConfabStore   *store,
                                           const char    *text);
gboolean       results_contain            (GListModel    *results,
                                           gint64         message_id);
gboolean       search_finds               (ConfabStore   *store,
                                           const char    *text,
                                           gint64         message_id);
void           test_list_order            (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_rename_and_delete     (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_usage_changed         (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_drafts_and_settings   (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_search                (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_load_async            (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_newer_schema          (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_newer_schema_with_wal (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_corrupt               (Fixture       *fixture,
                                           gconstpointer  user_data);
int            read_only_child            (const char    *path);
void           test_read_only             (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_read_only_folder      (Fixture       *fixture,
                                           gconstpointer  user_data);
void           test_store_close           (Fixture       *fixture,
                                           gconstpointer  data);
void           test_parameters            (Fixture       *fixture,
                                           gconstpointer  data);
void           test_migrate_from_3        (Fixture       *fixture,
                                           gconstpointer  data);
void           test_estimate_round_trip   (Fixture       *fixture,
                                           gconstpointer  data);
void           test_migrate_from_4        (Fixture       *fixture,
                                           gconstpointer  data);

G_END_DECLS
