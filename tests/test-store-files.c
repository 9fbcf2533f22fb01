/* test-store-files.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Files the store must not damage: a newer schema, a corrupt file,
 * read-only files and folders, and the store closed while in use.
 */

/* unshare () and its flags. */
#define _GNU_SOURCE

#include "config.h"

#include "test-store.h"

/* Opening must fail with @code and leave the file's bytes as they were. */
static void
assert_open_fails_untouched (const char *path,
                             int         code)
{
  g_autofree char *before = checksum_file (path);
  g_autofree char *after = NULL;
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = confab_store_new_for_path (path, &error);
  g_assert_null (store);
  g_assert_error (error, CONFAB_STORE_ERROR, code);
  g_assert_cmpstr (error->message, !=, "");
  g_test_message ("%s", error->message);

  after = checksum_file (path);
  g_assert_cmpstr (before, ==, after);
}

void
test_newer_schema (Fixture       *fixture,
                   gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 id;
  sqlite3 *db;

  id = confab_store_create_conversation (store, &error);
  append (store, id, CONFAB_ROLE_USER, "from the future");
  g_clear_object (&store);

  db = open_raw (fixture->path);
  raw_exec (db, "PRAGMA user_version = 99");
  sqlite3_close (db);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_NEWER_SCHEMA);
  /* Twice: the first attempt left nothing behind that changes things. */
  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_NEWER_SCHEMA);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  g_assert_cmpint (raw_int (db, "SELECT count(*) FROM messages"), ==, 1);
  sqlite3_close (db);
}

void
test_newer_schema_with_wal (Fixture       *fixture,
                            gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  sqlite3 *keeper;
  sqlite3 *db;

  g_clear_object (&store);

  /* A newer Confab that is still running keeps its changes in the
   * write-ahead log; opening must not checkpoint them into the file.
   */
  keeper = open_raw (fixture->path);
  raw_exec (keeper, "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = 99;"
                    "INSERT INTO conversations (created, updated) VALUES (1, 1)");
  sqlite3_db_config (keeper, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
  sqlite3_close (keeper);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));
  before = checksum_file (fixture->path);

  store = confab_store_new_for_path (fixture->path, &error);
  g_assert_null (store);
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NEWER_SCHEMA);
  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);

  db = open_raw (fixture->path);
  g_assert_cmpint (raw_int (db, "PRAGMA user_version"), ==, 99);
  sqlite3_close (db);
}

void
test_corrupt (Fixture       *fixture,
              gconstpointer  user_data)
{
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *text = g_build_filename (folder, "notes.db", NULL);
  g_autofree char *foreign = g_build_filename (folder, "foreign.db", NULL);
  g_autofree char *damaged = g_build_filename (folder, "damaged.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (4);
  guint8 garbage[8192];
  sqlite3 *db;

  g_assert_cmpint (g_mkdir_with_parents (folder, 0700), ==, 0);

  for (guint i = 0; i < sizeof garbage; i++)
    garbage[i] = g_rand_int_range (rand, 0, 256);
  g_file_set_contents (fixture->path, (const char *) garbage, sizeof garbage, &error);
  g_assert_no_error (error);
  assert_open_fails_untouched (fixture->path, CONFAB_STORE_ERROR_CORRUPT);

  g_file_set_contents (text, "These are my notes, not a database.\n", -1, &error);
  g_assert_no_error (error);
  assert_open_fails_untouched (text, CONFAB_STORE_ERROR_CORRUPT);

  /* Some other program's database is not ours to add tables to. */
  db = open_raw (foreign);
  raw_exec (db, "CREATE TABLE photos (id INTEGER PRIMARY KEY, name TEXT)");
  sqlite3_close (db);
  assert_open_fails_untouched (foreign, CONFAB_STORE_ERROR_CORRUPT);

  /* A real database with its header overwritten. */
  {
    g_autoptr(ConfabStore) store = NULL;
    g_autofree char *contents = NULL;
    gsize length;

    store = confab_store_new_for_path (damaged, &error);
    g_assert_no_error (error);
    g_clear_object (&store);
    g_file_get_contents (damaged, &contents, &length, &error);
    g_assert_no_error (error);
    memset (contents, 'x', 16);
    g_file_set_contents (damaged, contents, length, &error);
    g_assert_no_error (error);
    assert_open_fails_untouched (damaged, CONFAB_STORE_ERROR_CORRUPT);
  }
}

/* The child of test_read_only when the tests run as root, who may write
 * anything: it runs as nobody and prints the error code it got.
 */
int
read_only_child (const char *path)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;

  store = confab_store_new_for_path (path, &error);
  if (store != NULL)
    g_print ("opened\n");
  else if (error->domain == CONFAB_STORE_ERROR)
    g_print ("error %d %s\n", error->code, error->message);
  else
    g_print ("other error %s\n", error->message);

  return 0;
}

static void
become_nobody (gpointer user_data)
{
  if (setgid (65534) != 0 || setuid (65534) != 0)
    _exit (77);
}

/* Writes a history of one chat of one message and closes it.
 * Returns: (transfer full): the checksum of its file
 */
static char *
write_one_message (Fixture *fixture)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(GError) error = NULL;
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  append (store, id, CONFAB_ROLE_USER, "read me");
  g_clear_object (&store);

  return checksum_file (fixture->path);
}

/* Runs read_only_child() on @path in a child made ready by @setup, and
 * returns what it printed, or %NULL when the test cannot make the child
 * (it exits with 77) and was skipped.
 */
static char *
open_in_child (const char           *path,
               GSpawnChildSetupFunc  setup,
               gpointer              setup_data)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *self_path = g_file_read_link ("/proc/self/exe", NULL);
  char *output = NULL;

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, setup, setup_data, NULL);
  child = g_subprocess_launcher_spawn (launcher, &error, self_path, "--read-only-child", path, NULL);
  if (child == NULL)
    {
      g_autofree char *why = g_strdup_printf ("Cannot run the child: %s", error->message);

      g_test_skip (why);
      return NULL;
    }

  g_subprocess_communicate_utf8 (child, NULL, NULL, &output, NULL, &error);
  g_assert_no_error (error);
  g_subprocess_wait (child, NULL, &error);
  if (g_subprocess_get_if_exited (child) && g_subprocess_get_exit_status (child) == 77)
    {
      g_test_skip ("Cannot make the child ready: as nobody, or read-only");
      g_free (output);
      return NULL;
    }

  return output;
}

void
test_read_only (Fixture       *fixture,
                gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *before = write_one_message (fixture);
  g_autofree char *after = NULL;

  g_assert_cmpint (g_chmod (fixture->path, 0444), ==, 0);

  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      store = confab_store_new_for_path (fixture->path, &error);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
      g_assert_null (store);
      g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY);
      g_test_message ("%s", error->message);
    }
  else
    {
      g_autofree char *output = NULL;
      g_autofree char *expected = g_strdup_printf ("error %d ", CONFAB_STORE_ERROR_READ_ONLY);

      g_autofree char *data = g_path_get_dirname (folder);

      /* Let nobody reach the file, and write nothing. */
      g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (data, 0755), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);

      output = open_in_child (fixture->path, become_nobody, NULL);
      if (output == NULL)
        return;

      g_test_message ("%s", output);
      g_assert_true (g_str_has_prefix (output, expected));
    }

  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
  g_chmod (fixture->path, 0644);
}

/* In the child: the folder @user_data becomes a read-only mount, seen
 * by this process only (as root, or as anyone in a user namespace).
 */
static void
mount_read_only (gpointer user_data)
{
  const char *folder = user_data;

  if (unshare (CLONE_NEWNS) != 0 &&
      unshare (CLONE_NEWUSER | CLONE_NEWNS) != 0)
    _exit (77);

  if (mount (NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
      mount (folder, folder, NULL, MS_BIND, NULL) != 0 ||
      mount (NULL, folder, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
    _exit (77);
}

/* A history closed cleanly (no -wal or -shm file beside it) in a folder
 * that may not be written to: SQLite cannot make its log there, and
 * that is said to be read-only, not "No such file or directory".
 */
void
test_read_only_folder (Fixture       *fixture,
                       gconstpointer  user_data)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *folder = g_path_get_dirname (fixture->path);
  g_autofree char *data = g_path_get_dirname (folder);
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *expected = g_strdup_printf ("error %d ", CONFAB_STORE_ERROR_READ_ONLY);
  g_autofree char *before = write_one_message (fixture);
  g_autofree char *after = NULL;
  g_autofree char *output = NULL;

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));

  /* A read-only mount: permissions do not count, so this holds for
   * root too.
   */
  output = open_in_child (fixture->path, mount_read_only, folder);
  if (output == NULL)
    return;

  g_test_message ("%s", output);
  g_assert_true (g_str_has_prefix (output, expected));
  g_assert_nonnull (strstr (output, "read-only"));
  g_assert_null (strstr (output, "No such file"));
  g_clear_pointer (&output, g_free);

  /* A folder whose permissions forbid writing, with a file that may be
   * written: as nobody when the tests run as root.
   */
  if (geteuid () != 0)
    {
      g_assert_cmpint (g_chmod (folder, 0555), ==, 0);
      store = confab_store_new_for_path (fixture->path, &error);
      g_assert_cmpint (g_chmod (folder, 0700), ==, 0);
      g_assert_null (store);
      g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_READ_ONLY);
      output = g_strdup_printf ("%s%s", expected, error->message);
    }
  else
    {
      g_assert_cmpint (g_chmod (fixture->dir, 0755), ==, 0);
      g_assert_cmpint (g_chmod (data, 0755), ==, 0);
      g_assert_cmpint (g_chmod (folder, 0755), ==, 0);
      g_assert_cmpint (chown (fixture->path, 65534, 65534), ==, 0);

      if (!(output = open_in_child (fixture->path, become_nobody, NULL)))
        return;
    }

  g_test_message ("%s", output);
  g_assert_true (g_str_has_prefix (output, expected));
  g_assert_nonnull (strstr (output, "read-only"));
  g_assert_null (strstr (output, "No such file"));

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (shm, G_FILE_TEST_EXISTS));
  after = checksum_file (fixture->path);
  g_assert_cmpstr (before, ==, after);
}
/* Closing the store, while someone still holds it and after a read on a
 * worker, puts everything in the file and leaves no write-ahead log;
 * whatever comes after fails, and nothing breaks.
 */
void
test_store_close (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(ConfabStore) store = open_store (fixture);
  g_autoptr(ConfabStore) holder = g_object_ref (store);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Kept when the app quits");
  g_autoptr(ConfabMessage) later = confab_message_new (CONFAB_ROLE_USER, "Too late");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  gint64 id;

  id = confab_store_create_conversation (store, &error);
  g_assert_no_error (error);
  g_assert_true (confab_store_append_message (store, id, prompt, &error));

  /* The workers' connection is open too. */
  confab_store_load_messages_async (store, id, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  messages = confab_store_load_messages_finish (store, result, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (wal, G_FILE_TEST_EXISTS));

  confab_store_close (store);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));

  g_assert_false (confab_store_append_message (store, id, later, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_assert_null (confab_store_load_messages (store, id, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  g_clear_object (&result);
  g_clear_object (&messages);
  confab_store_load_messages_async (store, id, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  g_assert_null (confab_store_load_messages_finish (store, result, &error));
  g_assert_error (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_FAILED);
  g_clear_error (&error);
  confab_store_close (store);

  /* Opened again: all there. */
  g_clear_object (&holder);
  g_clear_object (&store);
  store = open_store (fixture);
  messages = confab_store_load_messages (store, id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 1);
}
