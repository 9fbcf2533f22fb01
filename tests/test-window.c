/* test-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the real ConfabWindow against the scripted server and uses it
 * as a person would: type, send, read, copy, fail, retry; the welcome
 * page and the keyboard.
 */

#include "config.h"

#include <adwaita.h>
#include <gtksourceview/gtksource.h>

#include "confab-application.h"
#include "confab-composer.h"
#include "confab-estimate.h"
#include "confab-markdown-code-block.h"
#include "confab-markdown-view.h"
#include "confab-message-row.h"
#include "confab-sidebar-row.h"
#include "confab-sidebar.h"
#include "confab-test-fixtures.h"
#include "confab-test-save-dialog.h"
#include "confab-test-ui.h"
#include "confab-test-window.h"
#include "confab-tooltip.h"
#include "confab-window.h"

static void
test_window_answer (ConfabTestWindow *fixture,
                    gconstpointer     data)
{
  ConfabMessageRow *row;
  ConfabMessage *prompt;
  ConfabMessage *answer;
  const ConfabTestRequest *request;
  g_autoptr(JsonNode) body = NULL;
  g_autofree char *clipboard = NULL;
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  GtkWidget *usage_button;
  ConfabTestViewWait wait;
  JsonArray *messages;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  confab_test_window_send_prompt (fixture, "Hello, introduce yourself");

  /* The prompt moved from the composer into the conversation at once. */
  text = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (confab_composer_get_busy (fixture->composer));

  prompt = confab_test_window_get_message (fixture, 0);
  answer = confab_test_window_get_message (fixture, 1);
  g_assert_cmpstr (confab_message_get_content (prompt), ==, "Hello, introduce yourself");
  confab_test_run_until (confab_test_window_message_is_done, answer);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_false (confab_composer_get_busy (fixture->composer));

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);

  /* What went over the wire. */
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);
  request = confab_test_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " CONFAB_TEST_WINDOW_KEY);
  body = confab_test_request_parse_json (request);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==,
                   "Hello, introduce yourself");

  /* What the person sees. */
  row = confab_test_window_wait_for_row (fixture, answer);
  wait = (ConfabTestViewWait) { row, "content-view", CONFAB_TEST_SEED_CONTENT };
  confab_test_run_until (confab_test_window_view_shows, &wait);
  shown = confab_test_window_dup_view_text (row, "content-view");
  g_assert_cmpstr (shown, ==, CONFAB_TEST_SEED_CONTENT);
  {
    g_autofree char *plain = confab_markdown_view_get_plain_text (CONFAB_MARKDOWN_VIEW (confab_test_find_widget (GTK_WIDGET (row), CONFAB_TYPE_MARKDOWN_VIEW, "content-view")));

    g_assert_nonnull (strstr (plain, "Hello! I'm pleased to introduce myself."));
  }

  usage_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_nonnull (usage_button);
  /* With no price entered, the cost is at the list prices, and says so. */
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (confab_test_find_widget (usage_button, GTK_TYPE_LABEL, "usage-label"))), ==,
                   "1904 tokens · $0.018 · 13 in · 1891 out · 1480 reasoning");
  /* The seed's prompt was estimated right: 4 tokens and the framing. */
  g_assert_cmpstr (confab_tooltip_get_text (usage_button), ==,
                   "Token Usage\nAt list prices of 2026-12-03\n"
                   "Estimated before sending: 13 input tokens, as counted");

  /* Copy puts exactly the message's text on the clipboard. */
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = confab_test_window_dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, CONFAB_TEST_SEED_CONTENT);

  /* The conversation total counts the answer. */
  g_assert_cmpint (confab_usage_get_field (confab_conversation_get_usage (confab_window_get_conversation (fixture->window)),
                                           CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
}

static void
test_window_follow_up (ConfabTestWindow *fixture,
                       gconstpointer     data)
{
  g_autoptr(JsonNode) body = NULL;
  GSettings *settings = confab_application_get_settings (fixture->app);
  JsonArray *messages;
  const char *roles[] = { "system", "user", "assistant", "user" };

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  confab_test_window_send_prompt (fixture, "First question");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  /* A changed preference applies to the next request, no restart. */
  g_settings_set_string (settings, "system-prompt", "Answer in Korean.");
  g_settings_set_string (settings, "model", "other-model");

  confab_test_window_send_prompt (fixture, "후속 질문");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 2);
  body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, 1));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "other-model");
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, G_N_ELEMENTS (roles));

  for (guint i = 0; i < G_N_ELEMENTS (roles); i++)
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, i), "role"), ==, roles[i]);

  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==, "Answer in Korean.");
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 2), "content"), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 3), "content"), ==, "후속 질문");

  g_settings_reset (settings, "model");
  g_settings_reset (settings, "system-prompt");
}

static void
test_window_error_keeps_prompt (ConfabTestWindow *fixture,
                                gconstpointer     data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *error_label;
  GtkWidget *retry_button;
  const char *text;

  response = confab_test_server_queue_response (fixture->server, 401, "application/json",
                                                "{\"error\":{\"message\":\"Incorrect API key provided: " CONFAB_TEST_WINDOW_KEY ".\","
                                                "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
  (void) response;

  confab_test_window_send_prompt (fixture, "Keep this prompt");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_run_until (confab_test_window_message_is_done, answer);

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "Keep this prompt");

  row = confab_test_window_wait_for_row (fixture, answer);
  error_label = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "error-label");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_mapped (error_label));
  text = gtk_label_get_text (GTK_LABEL (error_label));
  g_assert_nonnull (strstr (text, "API key"));
  g_assert_nonnull (strstr (text, "Incorrect API key provided"));
  g_assert_null (strstr (text, CONFAB_TEST_WINDOW_KEY));

  retry_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "retry-button");
  g_assert_nonnull (retry_button);
  g_assert_true (gtk_widget_get_mapped (retry_button));

  /* A rejected key comes with the way to fix it. */
  g_assert_true (gtk_widget_get_mapped (confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "preferences-button")));

  /* Retry asks again for the same answer, with the same prompt. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.retry", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 2);
}

static void
test_window_stop (ConfabTestWindow *fixture,
                  gconstpointer     data)
{
  ConfabMessage *answer;

  confab_test_server_queue_hang (fixture->server);

  confab_test_window_send_prompt (fixture, "Take your time");
  confab_test_server_wait_for_requests (fixture->server, 1);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* While busy, Enter does not send a second prompt. */
  confab_composer_set_text (fixture->composer, "Not yet");
  confab_composer_handle_enter (fixture->composer, 0, 5);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);

  /* Until the answer starts, its row says so beside a spinner:
   * libadwaita's own from 1.6 on.
   */
  answer = confab_test_window_get_message (fixture, 1);
  {
    GtkWidget *row = GTK_WIDGET (confab_test_window_wait_for_row (fixture, answer));
#if ADW_CHECK_VERSION (1, 6, 0)
    GType spinner_type = ADW_TYPE_SPINNER;

    g_assert_null (confab_test_find_widget (row, GTK_TYPE_SPINNER, NULL));
#else
    GType spinner_type = GTK_TYPE_SPINNER;
#endif

    confab_test_run_until (confab_test_widget_is_mapped, confab_test_find_widget (row, spinner_type, NULL));
    g_assert_true (gtk_widget_is_ancestor (confab_test_find_widget (row, spinner_type, NULL),
                                           confab_test_find_widget (row, GTK_TYPE_BOX, "pending-box")));
  }

  gtk_widget_activate_action (GTK_WIDGET (fixture->composer), "composer.stop", NULL);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_false (confab_window_get_busy (fixture->window));
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "Take your time");
}

static void
test_window_ime_enter (ConfabTestWindow *fixture,
                       gconstpointer     data)
{
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);

  confab_composer_set_text (fixture->composer, "안녕하세");

  /* Enter while Hangul is being composed belongs to the input method. */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, 0, 4242));
  g_signal_emit_by_name (text_view, "preedit-changed", "");

  /* The input method hands the same key back after committing. */
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 4242));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

  /* Shift+Enter is a new line, never a send. */
  g_assert_false (confab_composer_handle_enter (fixture->composer, GDK_SHIFT_MASK, 4243));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

  /* The next, ordinary Enter sends. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 4244));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "안녕하세");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
}

#if ADW_CHECK_VERSION (1, 8, 0)
static gboolean
shortcuts_dialog_is_mapped (gpointer user_data)
{
  GtkWidget *dialog = confab_test_find_widget (user_data, ADW_TYPE_SHORTCUTS_DIALOG, NULL);

  return dialog != NULL && gtk_widget_get_mapped (dialog);
}

/* The row of the shortcut titled @title, depth first from @root. */
static GtkWidget *
find_shortcut_row (GtkWidget  *root,
                   const char *title)
{
  if (ADW_IS_PREFERENCES_ROW (root) &&
      g_strcmp0 (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_shortcut_row (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}
#else
G_GNUC_BEGIN_IGNORE_DEPRECATIONS
static GtkWidget *
get_shortcuts_window (ConfabTestWindow *fixture)
{
  return GTK_WIDGET (gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window)));
}
G_GNUC_END_IGNORE_DEPRECATIONS

static gboolean
shortcuts_window_is_mapped (gpointer user_data)
{
  GtkWidget *window = get_shortcuts_window (user_data);

  return window != NULL && gtk_widget_get_mapped (window);
}
#endif

/* The accelerator the shortcuts window (below libadwaita 1.8: its
 * shortcut named @name) or the shortcuts dialog (from 1.8 on: the
 * shortcut titled @title) shows, opened and closed again here.
 */
static char *
dup_shortcut_accelerator (ConfabTestWindow *fixture,
                          const char       *name,
                          const char       *title)
{
#if ADW_CHECK_VERSION (1, 8, 0)
  GtkWidget *dialog;
  GtkWidget *row;
  GtkWidget *label;
  char *accelerator;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay", NULL);
  confab_test_run_until (shortcuts_dialog_is_mapped, fixture->window);
  dialog = confab_test_find_widget (GTK_WIDGET (fixture->window), ADW_TYPE_SHORTCUTS_DIALOG, NULL);
  row = find_shortcut_row (dialog, title);
  g_assert_nonnull (row);
  label = confab_test_find_widget (row, ADW_TYPE_SHORTCUT_LABEL, NULL);
  g_assert_nonnull (label);
  accelerator = g_strdup (adw_shortcut_label_get_accelerator (ADW_SHORTCUT_LABEL (label)));
  adw_dialog_force_close (ADW_DIALOG (dialog));

  return accelerator;
#else
  GtkWidget *window;
  GtkWidget *shortcut;
  char *accelerator = NULL;

  g_action_group_activate_action (G_ACTION_GROUP (fixture->window), "show-help-overlay", NULL);
  confab_test_run_until (shortcuts_window_is_mapped, fixture);
  window = get_shortcuts_window (fixture);
  shortcut = confab_test_find_widget (window, GTK_TYPE_SHORTCUTS_SHORTCUT, name);
  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "accelerator", &accelerator, NULL);
  gtk_window_close (GTK_WINDOW (window));
  g_assert_null (get_shortcuts_window (fixture));

  return accelerator;
#endif
}

/* No window of the app is ever there hidden: the shortcuts window is
 * made when first asked for, and goes when closed.  GTK 4.8 to 4.16
 * crash when an assistive technology is given a window that was never
 * shown, or is hidden again (see confab-window-shortcuts.c).
 */
static void
assert_windows_shown (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) window = g_list_model_get_item (toplevels, i);

      g_assert_true (gtk_widget_get_visible (window));
      g_assert_true (gtk_widget_get_realized (window));
    }
}

static void
test_window_no_hidden_windows (ConfabTestWindow *fixture,
                               gconstpointer     data)
{
  g_autofree char *accelerator = NULL;

  assert_windows_shown ();
  accelerator = dup_shortcut_accelerator (fixture, "send-shortcut", "Send message");
  g_assert_cmpstr (accelerator, ==, "Return");
  assert_windows_shown ();
}

/* With Ctrl+Enter chosen in Preferences, Enter starts a new line and
 * Ctrl+Enter sends; the input method still owns the Enter that confirms
 * its pre-edit; the tooltip and the shortcuts window say which key sends.
 */
static void
test_window_send_key (ConfabTestWindow *fixture,
                      gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);
  GtkWidget *send_button = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button");
  g_autofree char *send_accel = NULL;
  g_autofree char *new_line_accel = NULL;

  g_assert_nonnull (send_button);
  g_assert_false (confab_composer_get_send_with_control (fixture->composer));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Send Message (Enter)");
  send_accel = dup_shortcut_accelerator (fixture, "send-shortcut", "Send message");
  g_assert_cmpstr (send_accel, ==, "Return");
  g_clear_pointer (&send_accel, g_free);

  g_settings_set_string (settings, "send-key", "ctrl-enter");
  g_assert_true (confab_composer_get_send_with_control (fixture->composer));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Send Message (Ctrl+Enter)");
  send_accel = dup_shortcut_accelerator (fixture, "send-shortcut", "Send message");
  new_line_accel = dup_shortcut_accelerator (fixture, "new-line-shortcut", "Insert a new line");
  g_assert_cmpstr (send_accel, ==, "<Primary>Return");
  g_assert_cmpstr (new_line_accel, ==, "Return <Shift>Return");

  confab_composer_set_text (fixture->composer, "First line");

  /* Enter and Shift+Enter are left to the text view: a new line. */
  g_assert_false (confab_composer_handle_enter (fixture->composer, 0, 7001));
  g_assert_false (confab_composer_handle_enter (fixture->composer, GDK_SHIFT_MASK, 7002));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

  /* Ctrl+Enter that confirms a pre-edit belongs to the input method,
   * and so does its echo: neither sends.
   */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7003));
  g_signal_emit_by_name (text_view, "preedit-changed", "");
  g_assert_true (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7003));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

  /* The same with plain Enter: its echo adds no line either. */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, 0, 7004));
  g_signal_emit_by_name (text_view, "preedit-changed", "");
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7004));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

  /* Ctrl+Enter sends. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7005));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "First line");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);

  /* Back to Enter: it sends again. */
  g_settings_set_string (settings, "send-key", "enter");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Send Message (Enter)");
  confab_composer_set_text (fixture->composer, "Second");
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7006));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 4);
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
}

static void
check_icon_buttons (GtkWidget *widget,
                    guint     *n_checked)
{
  /* What is hidden for good, such as GtkSearchBar's close button when
   * it is not shown, nobody reaches.
   */
  if (!gtk_widget_get_visible (widget))
    return;

  if ((GTK_IS_BUTTON (widget) && !GTK_IS_MENU_BUTTON (gtk_widget_get_parent (widget)) &&
       gtk_button_get_icon_name (GTK_BUTTON (widget)) != NULL &&
       gtk_button_get_label (GTK_BUTTON (widget)) == NULL) ||
      (GTK_IS_MENU_BUTTON (widget) &&
       gtk_menu_button_get_icon_name (GTK_MENU_BUTTON (widget)) != NULL))
    {
      /* A tooltip on the compound widget, such as an AdwSplitButton,
       * covers its parts.
       */
      if (confab_tooltip_get_text (widget) == NULL &&
          confab_tooltip_get_text (gtk_widget_get_parent (widget)) == NULL)
        g_error ("Icon-only %s named “%s” (icon %s, in a %s) has no tooltip",
                 G_OBJECT_TYPE_NAME (widget), gtk_widget_get_name (widget),
                 GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : "",
                 G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_icon_buttons (child, n_checked);
}

static void
test_window_keyboard_and_tooltips (ConfabTestWindow *fixture,
                                   gconstpointer     data)
{
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);
  guint n_checked = 0;

  /* Focus starts where people type. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (text_view));

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Hi");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 1));

  /* Every icon-only button, including the ones in message rows, says
   * what it does.
   */
  check_icon_buttons (GTK_WIDGET (fixture->window), &n_checked);
  g_assert_cmpuint (n_checked, >=, 5);
}

/* The status page titled @title, wherever it is under @root. */
static GtkWidget *
find_status_page (GtkWidget  *root,
                  const char *title)
{
  if (ADW_IS_STATUS_PAGE (root) && g_strcmp0 (adw_status_page_get_title (ADW_STATUS_PAGE (root)), title) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_status_page (child, title);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_window_welcome (ConfabTestWindow *fixture,
                     gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *welcome;
  GtkWidget *welcome_button;
  GtkStack *stack;

  welcome = find_status_page (GTK_WIDGET (fixture->window), "Welcome to Confab");

  g_assert_nonnull (welcome);
  stack = GTK_STACK (gtk_widget_get_parent (welcome));

  /* A remote service and no key: the welcome page, focus on its button. */
  g_settings_set_string (settings, "base-url", "https://api.evolink.ai/v1");
  g_assert_true (gtk_stack_get_visible_child (stack) == welcome);

  /* A local server needs no key. */
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (fixture->server));
  g_assert_false (gtk_stack_get_visible_child (stack) == welcome);

  /* Its button opens Preferences with the focus in the key field. */
  g_settings_set_string (settings, "base-url", "https://api.evolink.ai/v1");
  welcome_button = confab_test_find_widget (welcome, GTK_TYPE_BUTTON, NULL);
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (welcome_button)), ==, "app.api-key");
  g_assert_true (gtk_widget_activate_action (welcome_button, "app.api-key", NULL));
  {
    GtkWidget *focus;
#if ADW_CHECK_VERSION (1, 5, 0)
    /* Preferences is a dialog inside the window from libadwaita 1.5 on. */
    AdwDialog *preferences = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fixture->window));

    g_assert_true (ADW_IS_PREFERENCES_DIALOG (preferences));
    confab_test_run_until (confab_test_widget_is_mapped, preferences);
    focus = gtk_root_get_focus (gtk_widget_get_root (GTK_WIDGET (preferences)));
#else
    GtkWindow *preferences = NULL;
    GListModel *toplevels = gtk_window_get_toplevels ();

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_PREFERENCES_WINDOW (toplevel))
          preferences = toplevel;
      }

    g_assert_nonnull (preferences);
    confab_test_run_until (confab_test_widget_is_mapped, preferences);
    focus = gtk_window_get_focus (preferences);
#endif
    g_assert_nonnull (focus);
    g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_PASSWORD_ENTRY_ROW));
#if ADW_CHECK_VERSION (1, 5, 0)
    adw_dialog_force_close (preferences);
#else
    gtk_window_destroy (preferences);
#endif
  }

  /* Nor is the welcome shown once a key is set. */
  g_settings_set_string (settings, "base-url", "https://api.evolink.ai/v1");
  g_settings_set_string (settings, "api-key", CONFAB_TEST_WINDOW_KEY);
  g_assert_false (gtk_stack_get_visible_child (stack) == welcome);
}

static gboolean
has_selected_label (GtkWidget *widget)
{
  int start, end;

  if (GTK_IS_LABEL (widget) && gtk_label_get_selection_bounds (GTK_LABEL (widget), &start, &end))
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL; child = gtk_widget_get_next_sibling (child))
    if (has_selected_label (child))
      return TRUE;

  return FALSE;
}

/* Starting on a kept chat without a key leaves the welcome page for the
 * chat: the focus is in the composer, and a prompt's text does not end
 * up all selected.
 */
static void
test_window_welcome_to_chat (ConfabTestWindow *fixture,
                             gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  g_autoptr(ConfabConversationInfo) info = NULL;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "A kept chat");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  info = g_list_model_get_item (confab_store_get_conversations (store), 0);

  /* Confab starts without a key, on the chat of last time. */
  g_settings_set_string (confab_application_get_settings (fixture->app), "base-url", "https://api.evolink.ai/v1");
  g_settings_set_string (confab_application_get_settings (fixture->app), "api-key", "");
  confab_store_set_last_conversation (store, confab_conversation_info_get_id (info), NULL);
  confab_test_window_reopen (fixture);
  confab_test_run_until (confab_test_window_conversation_has_messages, fixture);
  confab_test_run_until (confab_test_widget_is_mapped, confab_composer_get_text_view (fixture->composer));

  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (confab_composer_get_text_view (fixture->composer)));
  g_assert_false (has_selected_label (GTK_WIDGET (fixture->window)));
}

typedef struct
{
  GtkLabel   *label;
  const char *text;
} LabelTextWait;

static gboolean
label_text_is (gpointer data)
{
  LabelTextWait *wait = data;

  return g_strcmp0 (gtk_label_get_text (wait->label), wait->text) == 0;
}

/* An answer's row costs it at the prices of Preferences as they change:
 * its template looks the prices up through the row's window's
 * application.
 */
static void
test_window_row_prices (ConfabTestWindow *fixture,
                        gconstpointer     data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  ConfabMessageRow *row;
  LabelTextWait wait;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Hello");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 1));
  wait.label = GTK_LABEL (confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "usage-label"));
  g_assert_nonnull (wait.label);

  /* At the list prices first, then at $100 a million tokens. */
  wait.text = "1904 tokens · $0.018 · 13 in · 1891 out · 1480 reasoning";
  confab_test_run_until (label_text_is, &wait);
  g_settings_set_value (settings, "model-prices",
                        g_variant_new_parsed ("{'gemini-3.1-pro-preview': (100.0, 100.0, 100.0)}"));
  wait.text = "1904 tokens · $0.19 · 13 in · 1891 out · 1480 reasoning";
  confab_test_run_until (label_text_is, &wait);

  g_settings_reset (settings, "model-prices");
  wait.text = "1904 tokens · $0.018 · 13 in · 1891 out · 1480 reasoning";
  confab_test_run_until (label_text_is, &wait);
}

int
main (int   argc,
      char *argv[])
{
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window/answer", NULL, test_window_answer);
  confab_test_window_add ("/window/follow-up", NULL, test_window_follow_up);
  confab_test_window_add ("/window/error-keeps-prompt", NULL, test_window_error_keeps_prompt);
  confab_test_window_add ("/window/stop", NULL, test_window_stop);
  confab_test_window_add ("/window/ime-enter", NULL, test_window_ime_enter);
  confab_test_window_add ("/window/send-key", NULL, test_window_send_key);
  confab_test_window_add ("/window/no-hidden-windows", NULL, test_window_no_hidden_windows);
  confab_test_window_add ("/window/keyboard-and-tooltips", NULL, test_window_keyboard_and_tooltips);
  confab_test_window_add ("/window/welcome", "", test_window_welcome);
  confab_test_window_add ("/window/welcome-to-chat", NULL, test_window_welcome_to_chat);
  confab_test_window_add ("/window/row-prices", NULL, test_window_row_prices);

  return confab_test_window_run ();
}
