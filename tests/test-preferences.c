/* test-preferences.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

/* The rows of Preferences for the style, the send key and servers on
 * the home network: each writes its setting, and the setting takes
 * effect at once.  No test sends anything to the home network: the
 * addresses below are only ever checked, never connected to.
 */

#include "config.h"

#include <adwaita.h>

#include "confab-application.h"
#include "confab-error.h"
#include "confab-preferences-window.h"
#include "confab-test-fixtures.h"
#include "confab-test-server.h"
#include "confab-test-ui.h"

#define TEST_KEY "sk-home-prefs-key-0042"

static ConfabApplication *app;

typedef struct
{
  GtkWidget               *host;
  ConfabPreferencesWindow *preferences;
} Shown;

static gboolean
widget_is_laid_out (gpointer user_data)
{
  return gtk_widget_get_width (user_data) > 0;
}

static void
show_preferences (Shown *shown)
{
  GSettings *settings = confab_application_get_settings (app);

  shown->preferences = confab_preferences_window_new (settings, confab_application_get_key_store (app));
  shown->host = adw_window_new ();
  /* The size of a main window, which it has before Preferences come: an
   * empty window is too narrow for them (libadwaita 1.5 and later warn
   * that a bottom sheet "exceeds AdwBreakpointBin width").
   */
  gtk_window_set_default_size (GTK_WINDOW (shown->host), 720, 600);
  gtk_window_present (GTK_WINDOW (shown->host));
  confab_test_run_until (widget_is_laid_out, shown->host);
  confab_preferences_window_present (shown->preferences, GTK_WINDOW (shown->host));
  confab_test_run_until (confab_test_widget_is_mapped, shown->preferences);
}

static void
hide_preferences (Shown *shown)
{
#if !ADW_CHECK_VERSION (1, 5, 0)
  gtk_window_destroy (GTK_WINDOW (shown->preferences));
#endif
  gtk_window_destroy (GTK_WINDOW (shown->host));
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
test_style (void)
{
  GSettings *settings = confab_application_get_settings (app);
  AdwStyleManager *manager = adw_style_manager_get_default ();
  GtkWidget *row;
  Shown shown;

  g_settings_reset (settings, "style");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  show_preferences (&shown);
  row = confab_test_find_widget (GTK_WIDGET (shown.preferences), ADW_TYPE_COMBO_ROW, "style-row");
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);

  /* Dark at once, in every window. */
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 2);
  assert_setting (settings, "style", "dark");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_DARK);
  g_assert_true (adw_style_manager_get_dark (manager));

  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  assert_setting (settings, "style", "light");
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_FORCE_LIGHT);
  g_assert_false (adw_style_manager_get_dark (manager));

  /* The setting, changed elsewhere, shows in the row too. */
  g_settings_set_string (settings, "style", "system");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  g_assert_cmpint (adw_style_manager_get_color_scheme (manager), ==, ADW_COLOR_SCHEME_DEFAULT);

  hide_preferences (&shown);
}

static void
test_send_key_and_notifications (void)
{
  GSettings *settings = confab_application_get_settings (app);
  GtkWidget *row;
  GtkWidget *notify_switch;
  Shown shown;

  g_settings_reset (settings, "send-key");
  g_settings_reset (settings, "notify-answers");

  show_preferences (&shown);
  row = confab_test_find_widget (GTK_WIDGET (shown.preferences), ADW_TYPE_COMBO_ROW, "send-key-row");
  g_assert_nonnull (row);
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (row)), ==, 0);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  assert_setting (settings, "send-key", "ctrl-enter");
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 0);
  assert_setting (settings, "send-key", "enter");

  notify_switch = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_SWITCH, "notify-switch");
  g_assert_nonnull (notify_switch);
  g_assert_true (gtk_switch_get_active (GTK_SWITCH (notify_switch)));
  gtk_switch_set_active (GTK_SWITCH (notify_switch), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "notify-answers"));

  hide_preferences (&shown);
}

#if ADW_CHECK_VERSION (1, 5, 0)
/* The alert is presented in the window that Preferences are in. */
static AdwDialog *
find_alert_dialog (Shown *shown)
{
  return ADW_DIALOG (confab_test_find_widget (shown->host, ADW_TYPE_ALERT_DIALOG, NULL));
}
#else
static GtkWindow *
find_allow_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (ADW_IS_MESSAGE_DIALOG (window) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}
#endif

static gboolean
allow_dialog_is_shown (gpointer user_data)
{
#if ADW_CHECK_VERSION (1, 5, 0)
  return find_alert_dialog (user_data) != NULL;
#else
  return find_allow_dialog () != NULL;
#endif
}

/* Clicks the button that asks, and answers the alert with @response. */
static void
answer_allow_dialog (Shown      *shown,
                     GtkWidget  *allow_button,
                     const char *response)
{
  /* A button reacts to being activated only once it is realized, as a
   * person can only click what is on screen.  With libadwaita 1.7 the
   * button that just became visible is mapped only once the main loop
   * has run.
   */
  confab_test_run_until (confab_test_widget_is_mapped, allow_button);
  gtk_widget_activate (allow_button);
  confab_test_run_until (allow_dialog_is_shown, shown);
#if ADW_CHECK_VERSION (1, 5, 0)
  {
    AdwDialog *dialog = find_alert_dialog (shown);

    g_assert_nonnull (strstr (adw_alert_dialog_get_body (ADW_ALERT_DIALOG (dialog)), "unencrypted"));
    g_signal_emit_by_name (dialog, "response", response);
    adw_dialog_force_close (dialog);
  }
#else
  {
    GtkWindow *dialog = find_allow_dialog ();

    g_assert_nonnull (strstr (adw_message_dialog_get_body (ADW_MESSAGE_DIALOG (dialog)), "unencrypted"));
    adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), response);
    gtk_window_destroy (dialog);
  }
#endif
}

static void
test_home_network (void)
{
  GSettings *settings = confab_application_get_settings (app);
  GtkWidget *url_row;
  GtkWidget *allow_button;
  GtkWidget *error_label;
  g_auto(GStrv) hosts = NULL;
  Shown shown;

  g_settings_reset (settings, "plain-http-hosts");
  g_settings_set_string (settings, "base-url", "https://api.evolink.ai/v1");

  show_preferences (&shown);
  url_row = confab_test_find_widget (GTK_WIDGET (shown.preferences), ADW_TYPE_ENTRY_ROW, "base-url-row");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (url_row)), ==, "Base URL");
  allow_button = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_BUTTON, "allow-host-button");
  g_assert_nonnull (allow_button);
  g_assert_false (gtk_widget_is_visible (allow_button));

  /* A plain http server elsewhere stays refused, with nothing to allow. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://example.com/v1");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_get_visible (allow_button));

  /* Ollama on another computer at home: refused until allowed. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://192.168.1.20:11434/v1");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_true (gtk_widget_is_visible (allow_button));
  error_label = gtk_widget_get_prev_sibling (allow_button);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), "192.168.1.20"));

  /* Cancel keeps it refused. */
  answer_allow_dialog (&shown, allow_button, "cancel");
  hosts = g_settings_get_strv (settings, "plain-http-hosts");
  g_assert_cmpuint (g_strv_length (hosts), ==, 0);
  g_clear_pointer (&hosts, g_strfreev);
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));

  /* Allow remembers the host, and the address is fine now. */
  answer_allow_dialog (&shown, allow_button, "allow");
  hosts = g_settings_get_strv (settings, "plain-http-hosts");
  g_assert_cmpuint (g_strv_length (hosts), ==, 1);
  g_assert_cmpstr (hosts[0], ==, "192.168.1.20");
  g_assert_false (gtk_widget_has_css_class (url_row, "error"));
  g_assert_false (gtk_widget_is_visible (allow_button));

  /* The client has the host too: the rule is checked before any
   * connection, so asking another home host fails at once, while the
   * allowed one would be asked (it is not: no test connects to it).
   */
  {
    ConfabClient *client = confab_application_get_client (app);
    g_auto(GStrv) client_hosts = NULL;

    g_object_get (client, "plain-http-hosts", &client_hosts, NULL);
    g_assert_nonnull (client_hosts);
    g_assert_cmpstr (client_hosts[0], ==, "192.168.1.20");
  }

  /* Another host on the same network asks again. */
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://192.168.1.21:11434/v1");
  g_assert_true (gtk_widget_has_css_class (url_row, "error"));
  g_assert_true (gtk_widget_is_visible (allow_button));

  hide_preferences (&shown);
  g_settings_reset (settings, "plain-http-hosts");
  g_settings_reset (settings, "base-url");
}

/* The default parameters: each switch says whether its value is sent,
 * the value is kept while it is off, and the effort has its choices.
 */
static void
test_parameters (void)
{
  GSettings *settings = confab_application_get_settings (app);
  const char *keys[] = { "send-temperature", "temperature", "send-max-output-tokens", "max-output-tokens", "reasoning-effort" };
  GtkWidget *temperature_row, *temperature_switch, *temperature_spin;
  GtkWidget *max_tokens_switch, *max_tokens_spin;
  GtkWidget *effort_row;
  Shown shown;

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);

  show_preferences (&shown);
  temperature_row = confab_test_find_widget (GTK_WIDGET (shown.preferences), ADW_TYPE_ACTION_ROW, "temperature-row");
  temperature_switch = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_SWITCH, "temperature-switch");
  temperature_spin = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_SPIN_BUTTON, "temperature-spin");
  max_tokens_switch = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_SWITCH, "max-tokens-switch");
  max_tokens_spin = confab_test_find_widget (GTK_WIDGET (shown.preferences), GTK_TYPE_SPIN_BUTTON, "max-tokens-spin");
  effort_row = confab_test_find_widget (GTK_WIDGET (shown.preferences), ADW_TYPE_COMBO_ROW, "effort-row");
  g_assert_nonnull (temperature_row);
  g_assert_nonnull (temperature_switch);
  g_assert_nonnull (temperature_spin);
  g_assert_nonnull (max_tokens_switch);
  g_assert_nonnull (max_tokens_spin);
  g_assert_nonnull (effort_row);

  /* Nothing sent by default: the server decides. */
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (temperature_switch)));
  g_assert_false (gtk_widget_get_visible (temperature_spin));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (temperature_row)), ==, "Server default");
  g_assert_false (gtk_switch_get_active (GTK_SWITCH (max_tokens_switch)));
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (effort_row)), ==, 0);

  gtk_switch_set_active (GTK_SWITCH (temperature_switch), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "send-temperature"));
  g_assert_true (gtk_widget_get_visible (temperature_spin));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (temperature_row)), ==, "");
  gtk_spin_button_set_value (GTK_SPIN_BUTTON (temperature_spin), 0.6);
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "temperature"), 0.6, 1e-9);

  gtk_spin_button_set_value (GTK_SPIN_BUTTON (max_tokens_spin), 4096);
  g_assert_cmpint (g_settings_get_int (settings, "max-output-tokens"), ==, 4096);
  gtk_switch_set_active (GTK_SWITCH (max_tokens_switch), TRUE);
  g_assert_true (g_settings_get_boolean (settings, "send-max-output-tokens"));

  adw_combo_row_set_selected (ADW_COMBO_ROW (effort_row), 2);
  assert_setting (settings, "reasoning-effort", "medium");

  /* Switched off, the value stays for next time. */
  gtk_switch_set_active (GTK_SWITCH (temperature_switch), FALSE);
  g_assert_false (g_settings_get_boolean (settings, "send-temperature"));
  g_assert_cmpfloat_with_epsilon (g_settings_get_double (settings, "temperature"), 0.6, 1e-9);

  /* The settings, changed elsewhere, show in the rows. */
  g_settings_set_string (settings, "reasoning-effort", "default");
  g_assert_cmpuint (adw_combo_row_get_selected (ADW_COMBO_ROW (effort_row)), ==, 0);
  g_settings_set_int (settings, "max-output-tokens", 1000);
  g_assert_cmpint (gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (max_tokens_spin)), ==, 1000);

  hide_preferences (&shown);

  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_settings_reset (settings, keys[i]);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *data_home = g_dir_make_tmp ("confab-test-prefs-XXXXXX", NULL);
  int status;

  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  g_setenv ("LANGUAGE", "C", TRUE);

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.PrefsTest", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  g_test_add_func ("/preferences/style", test_style);
  g_test_add_func ("/preferences/send-key-and-notifications", test_send_key_and_notifications);
  g_test_add_func ("/preferences/home-network", test_home_network);
  g_test_add_func ("/preferences/parameters", test_parameters);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
