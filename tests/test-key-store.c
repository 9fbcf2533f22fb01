/* test-key-store.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The API key in the keyring: against a real gnome-keyring-daemon with an
 * unlocked login keyring, started on a private session bus in a private
 * home, and against a bus with no Secret Service at all.  Each case runs
 * in a subprocess of its own, since libsecret keeps its connection to the
 * Secret Service for the life of a process.
 *
 * Requests go through the application's real client to the scripted
 * server: none may go out before the key is read, and each carries the
 * key from where it is kept.
 */

#include "config.h"

#include <locale.h>

#include <libsecret/secret.h>

#include "confab-application.h"
#include "confab-error.h"
#include "confab-preferences-window.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"

#define TEST_KEY     "sk-keyring-test-key-7a1c"
#define TEST_KEY_2   "sk-keyring-test-key-second-55"
#define KEYRING_PASS "confab-test-login"

static const SecretSchema key_schema = {
  "io.github.confabapp.Confab.ApiKey", SECRET_SCHEMA_NONE,
  {
    { "purpose", SECRET_SCHEMA_ATTRIBUTE_STRING },
    { NULL, 0 },
  }
};

typedef struct
{
  GTestDBus   *bus;  /* never freed, see session_stop() */
  GSubprocess *keyring;
  char        *home;
} Session;

static void
name_appeared_cb (GDBusConnection *connection,
                  const char      *name,
                  const char      *owner,
                  gpointer         user_data)
{
  gboolean *appeared = user_data;

  *appeared = TRUE;
}

static gboolean
is_true (gpointer user_data)
{
  return *(gboolean *) user_data;
}

/* A session bus of the test's own, and on it, when @with_keyring, a
 * keyring daemon whose files go to a temporary home.
 */
static void
session_start (Session  *session,
               gboolean  with_keyring)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *display = g_strdup (g_getenv ("DISPLAY"));

  /* Every message on, to check that none shows a key.  Newer GLib reads
   * G_MESSAGES_DEBUG once, at the first message, which GLib has long
   * logged by now.
   */
  g_log_set_debug_enabled (TRUE);

  session->home = g_dir_make_tmp ("confab-keyring-XXXXXX", &error);
  g_assert_no_error (error);

  session->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
  g_test_dbus_up (session->bus);
  /* GTestDBus unsets it; the Preferences window needs it. */
  if (display != NULL)
    g_setenv ("DISPLAY", display, TRUE);

  if (with_keyring)
    {
      g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDIN_PIPE);
      g_autoptr(GDBusConnection) connection = NULL;
      gboolean appeared = FALSE;
      guint watch_id;
      g_autofree char *data_home = g_build_filename (session->home, "data", NULL);
      g_autofree char *runtime_dir = g_build_filename (session->home, "run", NULL);
      GOutputStream *input;

      g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);
      g_subprocess_launcher_unsetenv (launcher, "G_MESSAGES_DEBUG");
      /* The daemon is the test's keyring, not what it tests: the test's
       * fatal-warnings would abort it on its own warnings.  Replacing an
       * item (a new key over the old one) makes every gnome-keyring-daemon
       * warn "asked to register item …, but it's already registered", as
       * CreateItem announces a replaced item as a new one
       * (gkd_secret_objects_emit_item_created() in
       * daemon/dbus/gkd-secret-objects.c), and the test would then see a
       * keyring that went away.
       */
      g_subprocess_launcher_unsetenv (launcher, "G_DEBUG");
      g_subprocess_launcher_setenv (launcher, "HOME", session->home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_DATA_HOME", data_home, TRUE);
      g_subprocess_launcher_setenv (launcher, "XDG_RUNTIME_DIR", runtime_dir, TRUE);
      g_subprocess_launcher_setenv (launcher, "DBUS_SESSION_BUS_ADDRESS",
                                    g_test_dbus_get_bus_address (session->bus), TRUE);

      /* The password of the login keyring comes on stdin; --unlock
       * creates the keyring with it.
       */
      session->keyring = g_subprocess_launcher_spawn (launcher, &error,
                                                      "gnome-keyring-daemon", "--foreground",
                                                      "--unlock", "--components=secrets",
                                                      NULL);
      g_assert_no_error (error);
      input = g_subprocess_get_stdin_pipe (session->keyring);
      g_output_stream_write_all (input, KEYRING_PASS, strlen (KEYRING_PASS), NULL, NULL, &error);
      g_assert_no_error (error);
      g_output_stream_close (input, NULL, &error);
      g_assert_no_error (error);

      connection = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, &error);
      g_assert_no_error (error);
      watch_id = g_bus_watch_name_on_connection (connection, "org.freedesktop.secrets",
                                                 G_BUS_NAME_WATCHER_FLAGS_NONE,
                                                 name_appeared_cb, NULL,
                                                 &appeared, NULL);
      confab_test_run_until (is_true, &appeared);
      g_bus_unwatch_name (watch_id);
    }
}

static void
session_stop (Session *session)
{
  if (session->keyring != NULL)
    {
      /* A keyring that died under the test would pass for one that is
       * not there.
       */
      g_assert_nonnull (g_subprocess_get_identifier (session->keyring));
      g_subprocess_send_signal (session->keyring, SIGTERM);
      g_subprocess_wait (session->keyring, NULL, NULL);
      g_clear_object (&session->keyring);
    }

  /* Stopped, not taken down: libsecret holds on to its connection to
   * the bus, which g_test_dbus_down() would wait for in vain.  The
   * subprocess ends right after.
   */
  g_test_dbus_stop (session->bus);

  confab_test_remove_tree (session->home);
  g_clear_pointer (&session->home, g_free);
}

static char *
lookup_keyring (void)
{
  g_autoptr(GError) error = NULL;
  char *secret;
  char *copy;

  secret = secret_password_lookup_sync (&key_schema, NULL, &error, "purpose", "api-key", NULL);
  g_assert_no_error (error);
  copy = g_strdup (secret);
  secret_password_free (secret);

  return copy;
}

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *value)
{
  g_autofree char *stored = g_settings_get_string (settings, key);

  g_assert_cmpstr (stored, ==, value);
}

static gboolean
store_is_idle (gpointer user_data)
{
  return !confab_key_store_get_busy (user_data);
}

static gboolean
store_is_ready (gpointer user_data)
{
  return confab_key_store_get_ready (user_data);
}

static ConfabMessage *
complete (ConfabClient  *client,
          GError       **error)
{
  g_autoptr(GListStore) history = g_list_store_new (CONFAB_TYPE_MESSAGE);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Hello");
  g_autoptr(GAsyncResult) result = NULL;

  confab_message_set_state (prompt, CONFAB_MESSAGE_STATE_COMPLETE);
  g_list_store_append (history, prompt);
  confab_client_complete_async (client, "gemini-3.1-pro-preview", NULL, G_LIST_MODEL (history), NULL,
                                confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);

  return confab_client_complete_finish (client, result, error);
}

/* Sends a prompt and checks that it went out with @key. */
static void
assert_sends_key (ConfabApplication *app,
                  ConfabTestServer  *server,
                  const char        *key)
{
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *authorization = g_strconcat ("Bearer ", key, NULL);
  guint n_requests = confab_test_server_get_n_requests (server);
  const ConfabTestRequest *request;

  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  answer = complete (confab_application_get_client (app), &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);

  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, n_requests + 1);
  request = confab_test_server_get_request (server, n_requests);
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, authorization);
}

/* Sends a prompt that must not go out, and returns why. */
static char *
dup_send_refusal (ConfabApplication *app,
                  ConfabTestServer  *server)
{
  g_autoptr(ConfabMessage) answer = NULL;
  g_autoptr(GError) error = NULL;
  guint n_requests = confab_test_server_get_n_requests (server);

  answer = complete (confab_application_get_client (app), &error);
  g_assert_null (answer);
  g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_NO_API_KEY);
  g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, n_requests);

  return g_strdup (error->message);
}

static ConfabApplication *
new_app (void)
{
  return confab_application_new ("io.github.confabapp.Confab.TestKeyStore", G_APPLICATION_NON_UNIQUE);
}

static void
test_keyring_subprocess (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *secret = NULL;
  g_autofree char *refusal = NULL;
  ConfabKeyStore *store;
  Session session = { 0 };

  if (!g_test_subprocess ())
    return;

  session_start (&session, TRUE);

  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", TEST_KEY);

  /* Off by default: the key is the setting's. */
  app = new_app ();
  store = confab_application_get_key_store (app);
  g_assert_false (g_settings_get_boolean (settings, "api-key-in-keyring"));
  g_assert_false (confab_key_store_get_in_keyring (store));
  g_assert_cmpstr (confab_key_store_get_api_key (store), ==, TEST_KEY);
  assert_sends_key (app, server, TEST_KEY);

  /* On: the key moves to the keyring and leaves the setting. */
  g_settings_set_boolean (settings, "api-key-in-keyring", TRUE);
  confab_test_run_until (store_is_idle, store);
  g_assert_true (confab_key_store_get_in_keyring (store));
  g_assert_null (confab_key_store_get_problem (store));
  assert_setting (settings, "api-key", "");
  secret = lookup_keyring ();
  g_assert_cmpstr (secret, ==, TEST_KEY);
  g_clear_pointer (&secret, g_free);
  assert_sends_key (app, server, TEST_KEY);

  /* The next start reads it back without blocking: until then nothing
   * is sent, and the reason is given.
   */
  g_clear_object (&app);
  app = new_app ();
  store = confab_application_get_key_store (app);
  g_assert_false (confab_key_store_get_ready (store));
  g_assert_null (confab_key_store_get_api_key (store));
  refusal = dup_send_refusal (app, server);
  g_assert_cmpstr (refusal, ==, "The API key is still being read from the keyring. Send again in a moment.");
  confab_test_run_until (store_is_ready, store);
  g_assert_cmpstr (confab_key_store_get_api_key (store), ==, TEST_KEY);
  assert_sends_key (app, server, TEST_KEY);

  /* A new key goes to the keyring only; the next request has it. */
  confab_key_store_set_api_key (store, TEST_KEY_2);
  assert_sends_key (app, server, TEST_KEY_2);
  confab_test_run_until (store_is_idle, store);
  g_assert_null (confab_key_store_get_problem (store));
  g_assert_true (confab_key_store_get_in_keyring (store));
  assert_setting (settings, "api-key", "");
  secret = lookup_keyring ();
  g_assert_cmpstr (secret, ==, TEST_KEY_2);
  g_clear_pointer (&secret, g_free);

  /* Off: back to the setting, and out of the keyring. */
  g_settings_set_boolean (settings, "api-key-in-keyring", FALSE);
  assert_setting (settings, "api-key", TEST_KEY_2);
  confab_test_run_until (store_is_idle, store);
  g_assert_false (confab_key_store_get_in_keyring (store));
  secret = lookup_keyring ();
  g_assert_null (secret);
  assert_sends_key (app, server, TEST_KEY_2);

  g_clear_object (&app);
  session_stop (&session);
}

static gboolean
widget_is_laid_out (gpointer user_data)
{
  return gtk_widget_get_width (user_data) > 0;
}

static gboolean
setting_is_off (gpointer user_data)
{
  return !g_settings_get_boolean (user_data, "api-key-in-keyring");
}

static void
test_no_keyring_subprocess (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(ConfabApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *refusal = NULL;
  ConfabPreferencesWindow *preferences;
  GtkWidget *host;
  ConfabKeyStore *store;
  GtkWidget *row;
  GtkWidget *toggle;
  Session session = { 0 };

  if (!g_test_subprocess ())
    return;

  session_start (&session, FALSE);
  /* The private bus has no accessibility bus to offer. */
  g_setenv ("GTK_A11Y", "none", TRUE);
  gtk_disable_setlocale ();
  adw_init ();

  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", TEST_KEY);

  app = new_app ();
  store = confab_application_get_key_store (app);

  /* Turned on in Preferences: there is no keyring, which is said, and
   * the key stays in the setting.
   */
  /* Shown as the app shows it: over a window (inside it from
   * libadwaita 1.5 on).
   */
  preferences = confab_preferences_window_new (settings, store);
  host = adw_window_new ();
  /* The size of a main window, which it has before the dialog comes:
   * an empty window is too narrow for one (libadwaita 1.5 and later
   * warn that it "exceeds AdwBreakpointBin width").
   */
  gtk_window_set_default_size (GTK_WINDOW (host), 720, 600);
  gtk_window_present (GTK_WINDOW (host));
  confab_test_run_until (widget_is_laid_out, host);
  confab_preferences_window_present (preferences, GTK_WINDOW (host));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);
  row = confab_test_find_widget (GTK_WIDGET (preferences), ADW_TYPE_ACTION_ROW, "keyring-row");
  toggle = confab_test_find_widget (GTK_WIDGET (preferences), GTK_TYPE_SWITCH, "keyring-switch");
  g_assert_nonnull (row);
  g_assert_nonnull (toggle);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, "The key is kept in Confab’s settings");

  gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "api-key-in-keyring"));
  confab_test_run_until (setting_is_off, settings);
  confab_test_run_until (store_is_idle, store);
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (toggle)));
  g_assert_false (confab_key_store_get_in_keyring (store));
  g_assert_cmpstr (confab_key_store_get_problem (store), ==,
                   "No keyring is available, so the API key stays in Confab’s settings.");
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==,
                   "No keyring is available, so the API key stays in Confab’s settings.");
  assert_setting (settings, "api-key", TEST_KEY);
  assert_sends_key (app, server, TEST_KEY);
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (host));

  /* A key kept in a keyring that is gone cannot be read: nothing is
   * sent, and why is said.
   */
  g_clear_object (&app);
  g_settings_set_string (settings, "api-key", "");
  g_settings_set_boolean (settings, "api-key-in-keyring", TRUE);
  app = new_app ();
  store = confab_application_get_key_store (app);
  confab_test_run_until (store_is_idle, store);
  g_assert_false (confab_key_store_get_ready (store));
  refusal = dup_send_refusal (app, server);
  g_assert_cmpstr (refusal, ==, confab_key_store_get_problem (store));
  g_assert_true (g_str_has_prefix (refusal, "The keyring cannot be opened"));

  /* Turning it off starts again from the setting. */
  g_settings_set_boolean (settings, "api-key-in-keyring", FALSE);
  g_assert_true (confab_key_store_get_ready (store));
  g_assert_null (confab_key_store_get_problem (store));
  confab_key_store_set_api_key (store, TEST_KEY_2);
  assert_setting (settings, "api-key", TEST_KEY_2);
  assert_sends_key (app, server, TEST_KEY_2);

  g_clear_object (&app);
  session_stop (&session);
}

static void
run_in_subprocess (gconstpointer data)
{
  const char *path = data;

  g_test_trap_subprocess (path, 120 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_passed ();

  /* Every message was on (g_log_set_debug_enabled()), and none shows a
   * key.
   */
  g_test_trap_assert_stderr_unmatched ("*sk-keyring-test-key*");
  g_test_trap_assert_stdout_unmatched ("*sk-keyring-test-key*");
  if (strstr (path, "/no-keyring/") != NULL)
    g_test_trap_assert_stdout ("*The key could not be put in the keyring*");
}

int
main (int   argc,
      char *argv[])
{
  /* GTK is set up only in the subprocesses, after their bus: it would
   * connect to the session bus before the test has its own.
   */
  g_test_init (&argc, &argv, NULL);
  if (setlocale (LC_ALL, "C.UTF-8") == NULL)
    g_error ("The C.UTF-8 locale is missing");

  g_test_add_func ("/key-store/keyring/subprocess", test_keyring_subprocess);
  g_test_add_func ("/key-store/no-keyring/subprocess", test_no_keyring_subprocess);
  g_test_add_data_func ("/key-store/keyring", "/key-store/keyring/subprocess", run_in_subprocess);
  g_test_add_data_func ("/key-store/no-keyring", "/key-store/no-keyring/subprocess", run_in_subprocess);

  return g_test_run ();
}
