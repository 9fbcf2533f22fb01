/* test-quit.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real, built app quits while an answer streams, by Ctrl+Q, by
 * closing its window and by SIGTERM: it exits cleanly, the answer is stored with what came and as
 * stopped, and the history has no write-ahead log left.  The app runs
 * on the display of the tests, with a session bus of its own, settings
 * in a key file pointing at the scripted server, and history in a
 * folder of its own; xdotool types the prompt.
 */

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sqlite3.h>

#include "confab-test-fixtures.h"
#include "confab-test-server.h"

static const char *confab_binary;

typedef struct
{
  char             *dir;
  char             *db_path;
  ConfabTestServer *server;
  GSubprocess      *app;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_dir = NULL;
  g_autofree char *keyfile = NULL;
  g_autofree char *contents = NULL;
  g_autofree char *data_home = NULL;
  g_autofree char *config_home = NULL;

  fixture->dir = g_dir_make_tmp ("confab-quit-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->server = confab_test_server_new ();

  data_home = g_build_filename (fixture->dir, "data", NULL);
  config_home = g_build_filename (fixture->dir, "config", NULL);
  settings_dir = g_build_filename (config_home, "glib-2.0", "settings", NULL);
  g_assert_cmpint (g_mkdir_with_parents (settings_dir, 0700), ==, 0);
  keyfile = g_build_filename (settings_dir, "keyfile", NULL);
  contents = g_strdup_printf ("[io/github/confabapp/Confab]\n"
                              "base-url='%s'\n"
                              "model='test-model'\n",
                              confab_test_server_get_base_url (fixture->server));
  g_assert_true (g_file_set_contents (keyfile, contents, -1, NULL));

  fixture->db_path = g_build_filename (data_home, "confab", "confab.db", NULL);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("XDG_CONFIG_HOME", config_home, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "keyfile", TRUE);
  g_setenv ("GTK_A11Y", "none", TRUE);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  if (fixture->app != NULL)
    g_subprocess_force_exit (fixture->app);
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->server);
  confab_test_remove_tree (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->db_path);
}

static void
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) process = NULL;

  process = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_NONE, &error);
  g_assert_no_error (error);
  g_subprocess_wait_check (process, NULL, &error);
  g_assert_no_error (error);
}

/* The last assistant message in the history, read with a connection
 * that is closed again at once, so that the app's is the last one.
 */
static gboolean
read_answer (Fixture  *fixture,
             char    **content,
             char    **state)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean found = FALSE;

  if (!g_file_test (fixture->db_path, G_FILE_TEST_EXISTS))
    return FALSE;

  g_assert_cmpint (sqlite3_open_v2 (fixture->db_path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 1000);
  if (sqlite3_prepare_v2 (db, "SELECT content, state FROM messages WHERE role = 'assistant' ORDER BY id DESC LIMIT 1",
                          -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      *content = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      *state = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      found = TRUE;
    }

  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return found;
}

static gboolean
wake_up_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
answer_is_stored (gpointer data)
{
  Fixture *fixture = data;
  g_autofree char *content = NULL;
  g_autofree char *state = NULL;

  return read_answer (fixture, &content, &state) && g_str_equal (content, "Part one");
}

static void
exited_cb (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  gboolean *exited = user_data;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, NULL);
  *exited = TRUE;
}

static gboolean
is_true (gpointer data)
{
  return *(gboolean *) data;
}

static void
test_quit (Fixture       *fixture,
           gconstpointer  data)
{
  const char *how = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = NULL;
  g_autofree char *wal = g_strconcat (fixture->db_path, "-wal", NULL);
  g_autofree char *content = NULL;
  g_autofree char *state = NULL;
  ConfabTestResponse *response;
  gboolean exited = FALSE;
  guint wake_up_id;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Part one\"}", "null"), -1);
  confab_test_response_add_hold (response);

  fixture->app = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error, confab_binary, NULL);
  g_assert_no_error (error);
  pid = g_strdup (g_subprocess_get_identifier (fixture->app));

  /* The composer has the focus from the start. */
  run ((const char *[]) { "xdotool", "search", "--sync", "--onlyvisible", "--pid", pid, ".",
                          "windowfocus", "--sync", "%1", NULL });
  run ((const char *[]) { "xdotool", "type", "--delay", "20", "Quit while you answer", NULL });
  run ((const char *[]) { "xdotool", "key", "Return", NULL });
  confab_test_server_wait_for_requests (fixture->server, 1);

  /* What came is in the history, written as it streams. */
  wake_up_id = g_timeout_add (100, wake_up_cb, NULL);
  confab_test_run_until (answer_is_stored, fixture);
  g_assert_true (read_answer (fixture, &content, &state));
  g_assert_cmpstr (state, ==, "streaming");
  g_clear_pointer (&content, g_free);
  g_clear_pointer (&state, g_free);

  if (g_str_equal (how, "sigterm"))
    g_subprocess_send_signal (fixture->app, SIGTERM);
  else
    run ((const char *[]) { "xdotool", "key", how, NULL });

  g_subprocess_wait_async (fixture->app, NULL, exited_cb, &exited);
  confab_test_run_until (is_true, &exited);
  g_source_remove (wake_up_id);

  /* A clean exit, the answer stopped with what came, the log gone. */
  g_assert_true (g_subprocess_get_if_exited (fixture->app));
  g_assert_cmpint (g_subprocess_get_exit_status (fixture->app), ==, 0);
  g_clear_object (&fixture->app);

  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (read_answer (fixture, &content, &state));
  g_assert_cmpstr (content, ==, "Part one");
  g_assert_cmpstr (state, ==, "cancelled");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *xdotool = NULL;
  g_autofree char *display = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);

  if (argc < 2)
    g_error ("Usage: test-quit PATH-OF-CONFAB");
  confab_binary = argv[1];

  xdotool = g_find_program_in_path ("xdotool");
  if (g_getenv ("DISPLAY") == NULL || xdotool == NULL)
    {
      /* Skipped, in the TAP that meson reads. */
      g_print ("1..0 # SKIP test-quit needs a display and xdotool\n");
      return 0;
    }

  /* A session bus of the test's own: the app is unique on it.  Starting
   * it unsets DISPLAY, which the app needs.
   */
  display = g_strdup (g_getenv ("DISPLAY"));
  bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (bus);
  g_setenv ("DISPLAY", display, TRUE);

  g_test_add ("/quit/ctrl-q", Fixture, "ctrl+q", fixture_set_up, test_quit, fixture_tear_down);
  g_test_add ("/quit/ctrl-w", Fixture, "ctrl+w", fixture_set_up, test_quit, fixture_tear_down);
  g_test_add ("/quit/sigterm", Fixture, "sigterm", fixture_set_up, test_quit, fixture_tear_down);

  status = g_test_run ();
  g_test_dbus_down (bus);

  return status;
}
