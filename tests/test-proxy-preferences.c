/* test-proxy-preferences.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The proxy rows of Preferences write the settings, and the application
 * hands them to its client at once: the next request goes through the
 * proxy (here a closed port, so that the error names it), and back to
 * the system's settings straight to the scripted server.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-error.h"
#include "confab-preferences-window.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-window-size.h"

#define TEST_KEY       "sk-proxy-prefs-key-0042"
#define PROXY_PASSWORD "pr0xy-prefs-s3cret"

static ConfabApplication *app;

/* The main window's smallest size, in confab-window.ui. */
static gboolean
content_is_smallest_size (gpointer user_data)
{
  return gtk_widget_get_width (user_data) >= 360 && gtk_widget_get_height (user_data) >= 294;
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

static void
assert_setting (GSettings  *settings,
                const char *key,
                const char *value)
{
  g_autofree char *stored = g_settings_get_string (settings, key);

  g_assert_cmpstr (stored, ==, value);
}

static void
test_proxy_preferences (void)
{
  g_autoptr(ConfabTestServer) server = confab_test_server_new ();
  g_autoptr(GSocket) closed = NULL;
  g_autofree char *proxy_url = NULL;
  g_autofree char *name = NULL;
  GSettings *settings = confab_application_get_settings (app);
  ConfabClient *client = confab_application_get_client (app);
  ConfabPreferencesWindow *preferences;
  GtkWidget *host;
  GtkWidget *content;
  GtkWidget *combo;
  GtkWidget *url_row;
  GtkWidget *user_row;
  GtkWidget *password_row;
  guint port;

  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
  g_settings_set_string (settings, "api-key", TEST_KEY);

  /* Shown as the app shows it: over a window (inside it from
   * libadwaita 1.5 on).
   */
  preferences = confab_preferences_window_new (settings, confab_application_get_key_store (app));
  host = adw_window_new ();
  /* At the smallest size of a main window (its width-request and
   * height-request in confab-window.ui), with what GTK keeps of it for
   * the window's frame made up for as the main window does it, and laid
   * out before Preferences come, as in the app.  A content narrower
   * than that (350 px of a window asking for 360 on X11, or a window not
   * laid out yet) has libadwaita 1.10 warn that the dialog's bottom
   * sheet "exceeds AdwBreakpointBin width" (requested 360 px, 350
   * available).
   */
  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (host), content);
  gtk_widget_set_size_request (host, 360, 294);
  gtk_window_set_default_size (GTK_WINDOW (host), 360, 294);
  confab_window_size_keep_for_content (GTK_WINDOW (host), content);
  gtk_window_present (GTK_WINDOW (host));
  confab_test_run_until (content_is_smallest_size, content);
  confab_preferences_window_present (preferences, GTK_WINDOW (host));
  confab_test_run_until (confab_test_widget_is_mapped, preferences);

  /* The proxy has a page of its own; the system's settings by default,
   * without the rows of a manual proxy.
   */
#if ADW_CHECK_VERSION (1, 5, 0)
  adw_preferences_dialog_set_visible_page_name (ADW_PREFERENCES_DIALOG (preferences), "network");
#else
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (preferences), "network");
#endif
  combo = confab_test_find_widget (GTK_WIDGET (preferences), ADW_TYPE_COMBO_ROW, "proxy-mode-row");
  g_assert_nonnull (combo);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (combo)), ==, "_Proxy");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (combo)), ==, 0);

  url_row = gtk_widget_get_next_sibling (combo);
  user_row = gtk_widget_get_next_sibling (url_row);
  password_row = gtk_widget_get_next_sibling (user_row);
  g_assert_true (ADW_IS_ENTRY_ROW (url_row));
  g_assert_true (ADW_IS_ENTRY_ROW (user_row));
  g_assert_true (ADW_IS_PASSWORD_ENTRY_ROW (password_row));
  g_assert_false (gtk_widget_get_visible (url_row));
  g_assert_false (gtk_widget_get_visible (password_row));

  /* Manual: the rows appear and write the settings. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 1);
  assert_setting (settings, "proxy-mode", "manual");
  g_assert_true (gtk_widget_get_visible (url_row));
  g_assert_true (gtk_widget_get_visible (user_row));
  g_assert_true (gtk_widget_get_visible (password_row));

  /* An address that is no proxy's is marked. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "ftp://proxy.example.com");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  gtk_editable_set_text (GTK_EDITABLE (url_row), "proxy.example.com:3128");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));

  closed = confab_test_bind_closed_port (&port);
  proxy_url = g_strdup_printf ("http://127.0.0.1:%u", port);
  name = g_strdup_printf ("127.0.0.1:%u", port);
  gtk_editable_set_text (GTK_EDITABLE (url_row), proxy_url);
  gtk_editable_set_text (GTK_EDITABLE (user_row), "kim");
  gtk_editable_set_text (GTK_EDITABLE (password_row), PROXY_PASSWORD);
  assert_setting (settings, "proxy-url", proxy_url);
  assert_setting (settings, "proxy-user", "kim");
  assert_setting (settings, "proxy-password", PROXY_PASSWORD);

  /* The next request goes to the proxy, which is not there. */
  {
    g_autoptr(ConfabMessage) answer = NULL;
    g_autoptr(GError) error = NULL;

    answer = complete (client, &error);
    g_assert_null (answer);
    g_assert_error (error, CONFAB_CLIENT_ERROR, CONFAB_CLIENT_ERROR_PROXY);
    g_assert_nonnull (strstr (error->message, name));
    g_assert_null (strstr (error->message, PROXY_PASSWORD));
    g_assert_null (strstr (error->message, TEST_KEY));
    g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 0);
  }

  /* Back to the system's settings (none in the tests): straight to the
   * server, and the manual rows hide again.
   */
  adw_combo_row_set_selected (ADW_COMBO_ROW (combo), 0);
  assert_setting (settings, "proxy-mode", "system");
  g_assert_false (gtk_widget_get_visible (url_row));
  confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  {
    g_autoptr(ConfabMessage) answer = NULL;
    g_autoptr(GError) error = NULL;

    answer = complete (client, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (confab_test_server_get_n_requests (server), ==, 1);
  }

#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (host));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("confab-test-proxy-prefs-XXXXXX", NULL);
  int status;

  /* The history goes to a database of the test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);

  g_setenv ("LANGUAGE", "C", TRUE);
  /* No proxy from the environment between the test and its server. */
  g_unsetenv ("http_proxy");
  g_unsetenv ("https_proxy");
  g_unsetenv ("all_proxy");
  g_unsetenv ("HTTP_PROXY");
  g_unsetenv ("HTTPS_PROXY");
  g_unsetenv ("ALL_PROXY");

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.ProxyTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/preferences/proxy", test_proxy_preferences);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
