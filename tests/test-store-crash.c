/* test-store-crash.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Nothing is lost when the app dies while an answer streams into the
 * history.  The test runs itself as a child (`--child DBPATH`) that
 * stores a prompt and then an answer it keeps growing and saving, as
 * streaming does, and prints a line after each committed save.  The
 * parent reads a few of those lines, kills the child with SIGKILL, and
 * opens the database again.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>

#include "confab-store.h"

#define PROMPT "Tell me a very long story about a zebra in Seoul, 서울의 얼룩말."

/* The child gives up on its own if nobody kills it. */
#define CHILD_MAX_UPDATES 20000

static char *self_path;

/* The answer after @n deltas; each save is a prefix of the next. */
static void
append_word (GString *answer,
             guint    n)
{
  g_string_append_printf (answer, "word%u ", n);
}

static int
run_child (const char *path)
{
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, PROMPT);
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, NULL);
  g_autoptr(GString) text = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  gint64 id;

  if (!(store = confab_store_new_for_path (path, &error)) ||
      !(id = confab_store_create_conversation (store, &error)) ||
      !confab_store_append_message (store, id, prompt, &error))
    g_error ("%s", error->message);

  confab_message_set_state (answer, CONFAB_MESSAGE_STATE_PENDING);
  if (!confab_store_append_message (store, id, answer, &error))
    g_error ("%s", error->message);

  printf ("started %" G_GINT64_FORMAT " %" G_GINT64_FORMAT "\n",
          id, confab_message_get_id (answer));
  fflush (stdout);

  for (guint n = 0; n < CHILD_MAX_UPDATES; n++)
    {
      /* A few deltas per save, as a stream batches them. */
      for (guint i = 0; i < 3; i++)
        {
          gsize before = text->len;

          append_word (text, n * 3 + i);
          confab_message_append_delta (answer, text->str + before, NULL);
        }

      if (!confab_store_update_message (store, answer, &error))
        g_error ("%s", error->message);

      printf ("committed %zu\n", text->len);
      fflush (stdout);
      g_usleep (2000);
    }

  return 1;
}

static void
kill_while_streaming (guint n_lines)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("confab-crash-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *line = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(ConfabStore) store = NULL;
  g_autoptr(GListStore) messages = NULL;
  g_autoptr(ConfabMessage) question = NULL;
  g_autoptr(ConfabMessage) partial = NULL;
  g_autoptr(GString) expected = g_string_new (NULL);
  gint64 conversation_id = 0;
  gint64 answer_id = 0;
  gsize committed = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "confab.db", NULL);

  child = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            self_path, "--child", path, NULL);
  g_assert_no_error (error);
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (child));

  line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (line);
  g_assert_cmpint (sscanf (line, "started %" G_GINT64_FORMAT " %" G_GINT64_FORMAT,
                           &conversation_id, &answer_id), ==, 2);

  for (guint i = 0; i < n_lines; i++)
    {
      g_clear_pointer (&line, g_free);
      line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_nonnull (line);
      g_assert_cmpint (sscanf (line, "committed %zu", &committed), ==, 1);
    }

  g_subprocess_send_signal (child, SIGKILL);
  g_subprocess_wait (child, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_signaled (child));
  g_assert_cmpint (g_subprocess_get_term_sig (child), ==, SIGKILL);
  g_test_message ("killed after %u saves, %zu bytes reported", n_lines, committed);

  /* The file as the crash left it, before the store touches it. */
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  integrity = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  g_assert_cmpstr (integrity, ==, "ok");
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_exec (db, "INSERT INTO messages_fts (messages_fts) VALUES ('integrity-check')",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = confab_store_new_for_path (path, &error);
  g_assert_no_error (error);
  messages = confab_store_load_messages (store, conversation_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);

  question = g_list_model_get_item (G_LIST_MODEL (messages), 0);
  g_assert_cmpint (confab_message_get_role (question), ==, CONFAB_ROLE_USER);
  g_assert_cmpstr (confab_message_get_content (question), ==, PROMPT);
  g_assert_cmpint (confab_message_get_state (question), ==, CONFAB_MESSAGE_STATE_COMPLETE);

  partial = g_list_model_get_item (G_LIST_MODEL (messages), 1);
  g_assert_cmpint (confab_message_get_id (partial), ==, answer_id);
  g_assert_cmpint (confab_message_get_role (partial), ==, CONFAB_ROLE_ASSISTANT);
  g_assert_cmpuint (confab_message_get_content_length (partial), >=, committed);
  for (guint n = 0; expected->len < confab_message_get_content_length (partial); n++)
    append_word (expected, n);
  g_assert_cmpstr (confab_message_get_content (partial), ==, expected->str);
  g_assert_cmpint (confab_message_get_state (partial), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_error ((GError *) confab_message_get_error (partial),
                  CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_INTERRUPTED);

  g_clear_object (&store);
  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT state FROM messages WHERE id = ?1", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, answer_id);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "interrupted");
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  {
    g_autofree char *wal = g_strconcat (path, "-wal", NULL);
    g_autofree char *shm = g_strconcat (path, "-shm", NULL);

    g_remove (wal);
    g_remove (shm);
    g_remove (path);
    g_rmdir (dir);
  }
}

static void
test_kill_early (void)
{
  kill_while_streaming (1);
}

static void
test_kill_later (void)
{
  kill_while_streaming (7 + g_test_rand_int_range (0, 20));
}

static void
test_kill_long (void)
{
  kill_while_streaming (150 + g_test_rand_int_range (0, 50));
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return run_child (argv[2]);

  self_path = g_file_read_link ("/proc/self/exe", NULL);
  if (self_path == NULL)
    self_path = g_canonicalize_filename (argv[0], NULL);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/store-crash/kill-early", test_kill_early);
  g_test_add_func ("/store-crash/kill-later", test_kill_later);
  g_test_add_func ("/store-crash/kill-long", test_kill_long);

  return g_test_run ();
}
