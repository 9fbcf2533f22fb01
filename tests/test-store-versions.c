/* test-store-versions.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The versions of messages in a real SQLite file: each message follows
 * its parent, the version shown is kept, and a history written before
 * versions existed reads as the one branch it was.
 */

#include "config.h"

#include <sqlite3.h>

#include "confab-store.h"
#include "confab-test-server.h"

typedef struct
{
  char        *dir;
  char        *path;
  ConfabStore *store;
  gint64       conversation_id;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("confab-versions-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "confab.db", NULL);
  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  fixture->conversation_id = confab_store_create_conversation (fixture->store, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->store);
  confab_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
}

/* Appends after @parent_id (CONFAB_MESSAGE_PARENT_UNKNOWN: after the
 * last one stored); returns the new id.
 */
static gint64
append (Fixture    *fixture,
        gint64      parent_id,
        ConfabRole  role,
        const char *content)
{
  g_autoptr(ConfabMessage) message = confab_message_new (role, content);
  g_autoptr(GError) error = NULL;

  if (parent_id == CONFAB_MESSAGE_PARENT_UNKNOWN)
    g_assert_true (confab_store_append_message (fixture->store, fixture->conversation_id, message, &error));
  else
    g_assert_true (confab_store_append_version (fixture->store, fixture->conversation_id, parent_id, message, &error));
  g_assert_no_error (error);

  return confab_message_get_id (message);
}

/* What is loaded: each message as content<parent's content, with a *
 * on the ones chosen, in the order stored.
 */
static char *
describe (Fixture *fixture)
{
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GHashTable) contents = g_hash_table_new_full (g_int64_hash, g_int64_equal, g_free, g_free);
  g_autoptr(GError) error = NULL;
  GString *text = g_string_new (NULL);

  messages = confab_store_load_messages (fixture->store, fixture->conversation_id, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (messages)); i++)
    {
      g_autoptr(ConfabMessage) message = g_list_model_get_item (G_LIST_MODEL (messages), i);
      gint64 parent_id = confab_message_get_parent_id (message);
      const char *parent = parent_id == 0 ? "" : g_hash_table_lookup (contents, &parent_id);
      gint64 *id = g_new (gint64, 1);

      g_assert_nonnull (parent);
      g_string_append_printf (text, "%s%s<%s%s", i > 0 ? " " : "",
                              confab_message_get_content (message), parent,
                              confab_message_get_chosen (message) ? "*" : "");
      *id = confab_message_get_id (message);
      g_hash_table_insert (contents, id, g_strdup (confab_message_get_content (message)));
    }

  return g_string_free (text, FALSE);
}

#define assert_described(fixture, expected) \
  G_STMT_START { g_autofree char *text_ = describe (fixture); g_assert_cmpstr (text_, ==, (expected)); } G_STMT_END

/* Versions stored and read back: a new version is the one chosen, and
 * choosing another is kept, each among the messages after the same one
 * only.
 */
static void
test_round_trip (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  gint64 p1, a1, p2, a1b, p1b;

  p1 = append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_USER, "p1");
  a1 = append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_ASSISTANT, "a1");
  p2 = append (fixture, a1, CONFAB_ROLE_USER, "p2");
  append (fixture, p2, CONFAB_ROLE_ASSISTANT, "a2");
  assert_described (fixture, "p1<* a1<p1* p2<a1* a2<p2*");

  /* Another answer to p1: chosen in place of a1. */
  a1b = append (fixture, p1, CONFAB_ROLE_ASSISTANT, "a1b");
  assert_described (fixture, "p1<* a1<p1 p2<a1* a2<p2* a1b<p1*");

  /* p1 edited: a second first message. */
  p1b = append (fixture, 0, CONFAB_ROLE_USER, "p1b");
  assert_described (fixture, "p1< a1<p1 p2<a1* a2<p2* a1b<p1* p1b<*");

  /* Back to p1 and its first answer: p2 and a2 stay chosen under a1. */
  g_assert_true (confab_store_choose_version (fixture->store, p1, &error));
  g_assert_no_error (error);
  g_assert_true (confab_store_choose_version (fixture->store, a1, &error));
  g_assert_no_error (error);
  assert_described (fixture, "p1<* a1<p1* p2<a1* a2<p2* a1b<p1 p1b<");

  /* Kept in the file. */
  g_clear_object (&fixture->store);
  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  assert_described (fixture, "p1<* a1<p1* p2<a1* a2<p2* a1b<p1 p1b<");

  /* Plain appends go on after the message stored last, as before. */
  append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_ASSISTANT, "after");
  assert_described (fixture, "p1<* a1<p1* p2<a1* a2<p2* a1b<p1 p1b< after<p1b*");

  g_assert_false (confab_store_choose_version (fixture->store, 999999, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
  (void) a1b;
  (void) p1b;
}

static gint64
raw_int (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);

  return value;
}

/* A history written before versions: every message follows the one
 * before it in its own chat, and is chosen; the chat reads as it was,
 * and takes new versions from then on.
 */
static void
test_migrate (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  sqlite3 *db = NULL;
  gint64 other;
  gint64 p1;

  p1 = append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_USER, "p1");
  other = confab_store_create_conversation (fixture->store, &error);
  g_assert_no_error (error);
  {
    /* Interleaved with another chat's, whose messages it never follows. */
    g_autoptr(ConfabMessage) elsewhere = confab_message_new (CONFAB_ROLE_USER, "elsewhere");

    g_assert_true (confab_store_append_message (fixture->store, other, elsewhere, &error));
  }
  append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_ASSISTANT, "a1");
  append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_USER, "p2");
  append (fixture, CONFAB_MESSAGE_PARENT_UNKNOWN, CONFAB_ROLE_ASSISTANT, "a2");
  g_clear_object (&fixture->store);

  /* The file as the version before this one left it. */
  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "DROP INDEX messages_by_parent;"
                                 "ALTER TABLE messages DROP COLUMN parent_id;"
                                 "ALTER TABLE messages DROP COLUMN chosen;"
                                 "DROP TABLE answer_estimates;"
                                 "DROP TABLE message_images;"
                                 "PRAGMA user_version = 4;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM pragma_table_info ('messages') WHERE name = 'parent_id'"), ==, 0);
  sqlite3_close (db);

  fixture->store = confab_store_new_for_path (fixture->path, &error);
  g_assert_no_error (error);
  assert_described (fixture, "p1<* a1<p1* p2<a1* a2<p2*");

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, CONFAB_STORE_SCHEMA_VERSION);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages WHERE parent_id IS NULL"), ==, 2);
  sqlite3_close (db);

  /* And versions from now on. */
  append (fixture, p1, CONFAB_ROLE_ASSISTANT, "a1b");
  assert_described (fixture, "p1<* a1<p1 p2<a1* a2<p2* a1b<p1*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/store-versions/round-trip", Fixture, NULL, fixture_set_up, test_round_trip, fixture_tear_down);
  g_test_add ("/store-versions/migrate", Fixture, NULL, fixture_set_up, test_migrate, fixture_tear_down);

  return g_test_run ();
}
