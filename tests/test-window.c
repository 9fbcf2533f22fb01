/* test-window.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Builds the real ConfabWindow against the scripted server and uses it
 * as a person would: type, send, read, copy, fail, retry.
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
#include "confab-test-server.h"
#include "confab-test-ui.h"
#include "confab-tooltip.h"
#include "confab-window.h"

#define TEST_KEY "test-key-123"

/* One application for every test: it can be registered only once. */
static ConfabApplication *app;

typedef struct
{
  ConfabApplication *app;
  ConfabTestServer  *server;
  ConfabWindow      *window;
  ConfabComposer    *composer;
  gint64             pending_id;
} Fixture;

/* The text a row's named text view shows; for the answer, the Markdown
 * its view renders.
 */
static char *
dup_view_text (ConfabMessageRow *row,
               const char       *name)
{
  GtkWidget *view = confab_test_find_widget (GTK_WIDGET (row), G_TYPE_INVALID, name);
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_assert_nonnull (view);
  if (CONFAB_IS_MARKDOWN_VIEW (view))
    return g_strdup (confab_markdown_view_get_source (CONFAB_MARKDOWN_VIEW (view)));

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);

  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
}

static char *
dup_clipboard_text (GtkWidget *widget)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (widget);
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  char *text;

  gdk_clipboard_read_text_async (clipboard, NULL, confab_test_store_result_cb, &result);
  confab_test_wait_for_result (&result);
  text = gdk_clipboard_read_text_finish (clipboard, result, &error);
  g_assert_no_error (error);

  return text;
}

typedef struct
{
  ConfabMessageRow *row;
  const char       *name;
  const char       *text;
} ViewWait;

static gboolean
view_shows (gpointer data)
{
  ViewWait *wait = data;
  g_autofree char *text = dup_view_text (wait->row, wait->name);

  return g_str_equal (text, wait->text);
}

static GtkWidget *
find_row (GtkWidget     *root,
          ConfabMessage *message)
{
  if (CONFAB_IS_MESSAGE_ROW (root) &&
      confab_message_row_get_message (CONFAB_MESSAGE_ROW (root)) == message &&
      gtk_widget_get_mapped (root))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_row (child, message);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The list view makes rows at layout time, so wait for @message's. */
static gboolean
row_is_shown (gpointer data)
{
  gpointer *args = data;

  args[2] = find_row (args[0], args[1]);

  return args[2] != NULL;
}

static ConfabMessageRow *
wait_for_row (Fixture       *fixture,
              ConfabMessage *message)
{
  gpointer args[3] = { fixture->window, message, NULL };

  confab_test_run_until (row_is_shown, args);

  return args[2];
}

static gboolean
message_is_done (gpointer data)
{
  return confab_message_get_state (data) != CONFAB_MESSAGE_STATE_PENDING;
}

static gboolean
window_is_idle (gpointer data)
{
  return !confab_window_get_busy (data);
}

static ConfabMessage *
get_message (Fixture *fixture,
             guint    position)
{
  GListModel *model = G_LIST_MODEL (confab_window_get_conversation (fixture->window));
  ConfabMessage *message = g_list_model_get_item (model, position);

  g_object_unref (message);

  return message;
}

static guint
get_n_messages (Fixture *fixture)
{
  return g_list_model_get_n_items (G_LIST_MODEL (confab_window_get_conversation (fixture->window)));
}

/* Types @text and presses Enter, as the key handler sees it. */
static void
send_prompt (Fixture    *fixture,
             const char *text)
{
  static guint32 time = 1000;

  confab_composer_set_text (fixture->composer, text);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, time++));
}

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  GSettings *settings;

  fixture->server = confab_test_server_new ();
  fixture->app = g_object_ref (app);

  /* Every test starts with a new chat, not with the last test's. */
  confab_store_set_last_conversation (confab_application_get_store (app), 0, NULL);

  settings = confab_application_get_settings (fixture->app);
  g_settings_reset (settings, "system-prompt");
  g_settings_reset (settings, "model");
  g_settings_reset (settings, "send-key");
  /* Estimates start uncorrected, whatever earlier tests taught. */
  confab_estimator_forget (confab_application_get_estimator (fixture->app), NULL);
  g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (fixture->server));
  g_settings_set_string (settings, "api-key", data ? data : TEST_KEY);

  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);

  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  g_assert_nonnull (fixture->composer);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  /* Answers are the application's: none goes on into the next test. */
  confab_exchanges_stop_all (confab_application_get_exchanges (fixture->app));
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->app);
  g_clear_object (&fixture->server);
}

static void
test_window_answer (Fixture       *fixture,
                    gconstpointer  data)
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
  ViewWait wait;
  JsonArray *messages;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  send_prompt (fixture, "Hello, introduce yourself");

  /* The prompt moved from the composer into the conversation at once. */
  text = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (text, ==, "");
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (confab_composer_get_busy (fixture->composer));

  prompt = get_message (fixture, 0);
  answer = get_message (fixture, 1);
  g_assert_cmpstr (confab_message_get_content (prompt), ==, "Hello, introduce yourself");
  confab_test_run_until (message_is_done, answer);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_false (confab_composer_get_busy (fixture->composer));

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);

  /* What went over the wire. */
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);
  request = confab_test_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "POST");
  g_assert_cmpstr (request->path, ==, "/v1/chat/completions");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " TEST_KEY);
  body = confab_test_request_parse_json (request);
  messages = json_object_get_array_member (json_node_get_object (body), "messages");
  g_assert_cmpuint (json_array_get_length (messages), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 0), "content"), ==,
                   "Hello, introduce yourself");

  /* What the person sees. */
  row = wait_for_row (fixture, answer);
  wait = (ViewWait) { row, "content-view", CONFAB_TEST_SEED_CONTENT };
  confab_test_run_until (view_shows, &wait);
  shown = dup_view_text (row, "content-view");
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
  clipboard = dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, CONFAB_TEST_SEED_CONTENT);

  /* The conversation total counts the answer. */
  g_assert_cmpint (confab_usage_get_field (confab_conversation_get_usage (confab_window_get_conversation (fixture->window)),
                                           CONFAB_USAGE_FIELD_TOTAL), ==, 1904);
}

static void
test_window_follow_up (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(JsonNode) body = NULL;
  GSettings *settings = confab_application_get_settings (fixture->app);
  JsonArray *messages;
  const char *roles[] = { "system", "user", "assistant", "user" };

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);

  send_prompt (fixture, "First question");
  confab_test_run_until (window_is_idle, fixture->window);

  /* A changed preference applies to the next request, no restart. */
  g_settings_set_string (settings, "system-prompt", "Answer in Korean.");
  g_settings_set_string (settings, "model", "other-model");

  send_prompt (fixture, "후속 질문");
  confab_test_run_until (window_is_idle, fixture->window);

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
test_window_error_keeps_prompt (Fixture       *fixture,
                                gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *error_label;
  GtkWidget *retry_button;
  const char *text;

  response = confab_test_server_queue_response (fixture->server, 401, "application/json",
                                                "{\"error\":{\"message\":\"Incorrect API key provided: " TEST_KEY ".\","
                                                "\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"invalid_api_key\"}}");
  (void) response;

  send_prompt (fixture, "Keep this prompt");
  answer = get_message (fixture, 1);
  confab_test_run_until (message_is_done, answer);

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "Keep this prompt");

  row = wait_for_row (fixture, answer);
  error_label = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "error-label");
  g_assert_nonnull (error_label);
  g_assert_true (gtk_widget_get_mapped (error_label));
  text = gtk_label_get_text (GTK_LABEL (error_label));
  g_assert_nonnull (strstr (text, "API key"));
  g_assert_nonnull (strstr (text, "Incorrect API key provided"));
  g_assert_null (strstr (text, TEST_KEY));

  retry_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "retry-button");
  g_assert_nonnull (retry_button);
  g_assert_true (gtk_widget_get_mapped (retry_button));

  /* A rejected key comes with the way to fix it. */
  g_assert_true (gtk_widget_get_mapped (confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "preferences-button")));

  /* Retry asks again for the same answer, with the same prompt. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.retry", NULL);
  confab_test_run_until (window_is_idle, fixture->window);

  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (confab_message_get_content (answer), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 2);
}

static void
test_window_stop (Fixture       *fixture,
                  gconstpointer  data)
{
  ConfabMessage *answer;

  confab_test_server_queue_hang (fixture->server);

  send_prompt (fixture, "Take your time");
  confab_test_server_wait_for_requests (fixture->server, 1);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* While busy, Enter does not send a second prompt. */
  confab_composer_set_text (fixture->composer, "Not yet");
  confab_composer_handle_enter (fixture->composer, 0, 5);
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);

  /* Until the answer starts, its row says so beside a spinner:
   * libadwaita's own from 1.6 on.
   */
  answer = get_message (fixture, 1);
  {
    GtkWidget *row = GTK_WIDGET (wait_for_row (fixture, answer));
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
  confab_test_run_until (window_is_idle, fixture->window);

  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_false (confab_window_get_busy (fixture->window));
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "Take your time");
}

static void
test_window_ime_enter (Fixture       *fixture,
                       gconstpointer  data)
{
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);

  confab_composer_set_text (fixture->composer, "안녕하세");

  /* Enter while Hangul is being composed belongs to the input method. */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, 0, 4242));
  g_signal_emit_by_name (text_view, "preedit-changed", "");

  /* The input method hands the same key back after committing. */
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 4242));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* Shift+Enter is a new line, never a send. */
  g_assert_false (confab_composer_handle_enter (fixture->composer, GDK_SHIFT_MASK, 4243));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* The next, ordinary Enter sends. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 4244));
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "안녕하세");
  confab_test_run_until (window_is_idle, fixture->window);
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
#endif

/* The accelerator the shortcuts window (below libadwaita 1.8: its
 * shortcut named @name) or the shortcuts dialog (from 1.8 on, opened and
 * closed again here: the shortcut titled @title) shows.
 */
static char *
dup_shortcut_accelerator (Fixture    *fixture,
                          const char *name,
                          const char *title)
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
  GtkShortcutsWindow *overlay;
  GtkWidget *shortcut;
  char *accelerator = NULL;

  /* Deprecated in GTK 4.18, as the window's code says.  The window's
   * search page has copies of the shortcuts: the one updated is named.
   */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  overlay = gtk_application_window_get_help_overlay (GTK_APPLICATION_WINDOW (fixture->window));
  G_GNUC_END_IGNORE_DEPRECATIONS

  g_assert_nonnull (overlay);
  shortcut = confab_test_find_widget (GTK_WIDGET (overlay), GTK_TYPE_SHORTCUTS_SHORTCUT, name);
  g_assert_nonnull (shortcut);
  g_object_get (shortcut, "accelerator", &accelerator, NULL);

  return accelerator;
#endif
}

/* With Ctrl+Enter chosen in Preferences, Enter starts a new line and
 * Ctrl+Enter sends; the input method still owns the Enter that confirms
 * its pre-edit; the tooltip and the shortcuts window say which key sends.
 */
static void
test_window_send_key (Fixture       *fixture,
                      gconstpointer  data)
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
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* Ctrl+Enter that confirms a pre-edit belongs to the input method,
   * and so does its echo: neither sends.
   */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7003));
  g_signal_emit_by_name (text_view, "preedit-changed", "");
  g_assert_true (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7003));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* The same with plain Enter: its echo adds no line either. */
  g_signal_emit_by_name (text_view, "preedit-changed", "요");
  g_assert_false (confab_composer_handle_enter (fixture->composer, 0, 7004));
  g_signal_emit_by_name (text_view, "preedit-changed", "");
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7004));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* Ctrl+Enter sends. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, GDK_CONTROL_MASK, 7005));
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "First line");
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 1);

  /* Back to Enter: it sends again. */
  g_settings_set_string (settings, "send-key", "enter");
  g_assert_cmpstr (gtk_widget_get_tooltip_text (send_button), ==, "Send Message (Enter)");
  confab_composer_set_text (fixture->composer, "Second");
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7006));
  g_assert_cmpuint (get_n_messages (fixture), ==, 4);
  confab_test_run_until (window_is_idle, fixture->window);
}

static ConfabTestResponse *
queue_slow_stream (Fixture *fixture)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  static const char *reasoning =
    CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"reasoning_content\":\"Plan the greeting.\"}", "null");
  static const char *first = CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null");
  static const char *second = CONFAB_TEST_STREAM_CHUNK ("{\"content\":\", world\"}", "null");

  confab_test_response_add_piece (response, 0, reasoning, -1);
  confab_test_response_add_piece (response, 50, first, -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, second, -1);

  return response;
}

static void
test_window_stream (Fixture       *fixture,
                    gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *usage_button;
  GtkWidget *total_button;
  GtkWidget *expander;
  g_autofree char *clipboard = NULL;
  g_autofree char *final = NULL;
  ViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null"), -1);
  confab_test_response_add_piece (response, 20, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello\"}", "null"), -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"! 안녕하세요 👋\\nI'm Gemini.\"}", "null"), -1);
  confab_test_response_add_piece (response, 20, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);
  confab_test_response_add_piece (response, 20,
                                  "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":13,\"completion_tokens\":420,"
                                  "\"total_tokens\":433,\"completion_tokens_details\":{\"reasoning_tokens\":400}}}\n\n"
                                  "data: [DONE]\n\n", -1);

  send_prompt (fixture, "Stream please");
  answer = get_message (fixture, 1);
  row = wait_for_row (fixture, answer);

  /* The first words show while the answer is still being written... */
  wait = (ViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (view_shows, &wait);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_PENDING);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* Nothing is counted for the chat until an answer is complete. */
  total_button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "total-button");
  g_assert_false (gtk_widget_get_visible (total_button));

  /* ...and Copy takes what is there. */
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, "Hello");

  confab_test_response_release (response);
  confab_test_run_until (window_is_idle, fixture->window);
  wait = (ViewWait) { row, "content-view", CONFAB_TEST_STREAM_CONTENT };
  confab_test_run_until (view_shows, &wait);

  final = dup_view_text (row, "content-view");
  g_assert_cmpstr (final, ==, CONFAB_TEST_STREAM_CONTENT);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_COMPLETE);

  usage_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (confab_test_find_widget (usage_button, GTK_TYPE_LABEL, "usage-label"))), ==,
                   "433 tokens · $0.0041 · 13 in · 420 out · 400 reasoning");
  g_assert_true (gtk_widget_get_visible (total_button));
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (total_button)), ==, "433 tokens");

  /* On demand, every field, and the ones the server left out as such. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (usage_button));
  {
    GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (usage_button)));
    static const char *expected[] = {
      "13", "Not reported", "Not reported", "Not reported", "Not reported",
      "420", "Not reported", "Not reported", "400", "433",
    };
    guint n_values = 0;

    confab_test_run_until (confab_test_widget_is_mapped, popover);
    for (GtkWidget *child = confab_test_find_widget (popover, GTK_TYPE_GRID, "usage-grid") ? gtk_widget_get_first_child (confab_test_find_widget (popover, GTK_TYPE_GRID, "usage-grid")) : NULL;
         child != NULL;
         child = gtk_widget_get_next_sibling (child))
      if (g_strcmp0 (gtk_widget_get_name (child), "usage-value") == 0)
        {
          g_assert_cmpuint (n_values, <, G_N_ELEMENTS (expected));
          g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (child)), ==, expected[n_values]);
          n_values++;
        }

    g_assert_cmpuint (n_values, ==, G_N_ELEMENTS (expected));
    gtk_menu_button_popdown (GTK_MENU_BUTTON (usage_button));
  }

  /* No reasoning came, so there is nothing to expand. */
  expander = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_false (gtk_widget_get_visible (expander));
}

typedef struct
{
  ConfabMessageRow *row;
  const char       *code;
} CodeWait;

static gboolean
code_block_shows (gpointer data)
{
  CodeWait *wait = data;
  GtkWidget *block = confab_test_find_widget (GTK_WIDGET (wait->row), CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);

  return block != NULL &&
         gtk_widget_get_mapped (block) &&
         g_strcmp0 (confab_markdown_code_block_get_code (CONFAB_MARKDOWN_CODE_BLOCK (block)), wait->code) == 0;
}

static void
test_window_stream_code (Fixture       *fixture,
                         gconstpointer  data)
{
  static const char *answer = "Here is **C**:\n\n```c\nint main (void)\n{\n  return 0; /* <b>&amp; */\n}\n```\n\nDone.";
  /* The code as it stands between the fences, without the last line's
   * end, as people paste it.
   */
  static const char *code = "int main (void)\n{\n  return 0; /* <b>&amp; */\n}";
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  GtkWidget *block;
  GtkWidget *view;
  g_autofree char *clipboard = NULL;
  g_autofree char *plain = NULL;
  CodeWait wait;
  GtkSourceBuffer *buffer;

  /* The answer arrives a few bytes at a time, the fence in pieces. */
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  for (const char *p = answer; *p != '\0'; )
    {
      const char *next = g_utf8_offset_to_pointer (p, MIN (5, g_utf8_strlen (p, -1)));
      g_autofree char *piece = g_strndup (p, next - p);
      g_autoptr(JsonNode) node = json_node_init_string (json_node_alloc (), piece);
      g_autofree char *escaped = json_to_string (node, FALSE);
      g_autofree char *event = g_strdup_printf ("data: {\"choices\":[{\"delta\":{\"content\":%s}}]}\n\n", escaped);

      confab_test_response_add_piece (response, 5, event, -1);
      p = next;
    }
  confab_test_response_add_piece (response, 5, "data: {\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n", -1);

  send_prompt (fixture, "Show me C");
  row = wait_for_row (fixture, get_message (fixture, 1));
  confab_test_run_until (window_is_idle, fixture->window);

  /* A highlighted code view, its markup shown as the text it is... */
  wait = (CodeWait) { row, code };
  confab_test_run_until (code_block_shows, &wait);
  block = confab_test_find_widget (GTK_WIDGET (row), CONFAB_TYPE_MARKDOWN_CODE_BLOCK, NULL);
  view = confab_test_find_widget (block, GTK_SOURCE_TYPE_VIEW, NULL);
  g_assert_nonnull (view);
  buffer = GTK_SOURCE_BUFFER (gtk_text_view_get_buffer (GTK_TEXT_VIEW (view)));
  g_assert_nonnull (gtk_source_buffer_get_language (buffer));
  g_assert_cmpstr (gtk_source_language_get_id (gtk_source_buffer_get_language (buffer)), ==, "c");
  g_assert_true (gtk_source_buffer_get_highlight_syntax (buffer));

  /* ...whose Copy takes exactly the code. */
  gtk_widget_activate_action (block, "code.copy", NULL);
  clipboard = dup_clipboard_text (block);
  g_assert_cmpstr (clipboard, ==, code);

  /* The message's Copy gives the Markdown, or the text as it reads. */
  g_clear_pointer (&clipboard, g_free);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, answer);

  g_clear_pointer (&clipboard, g_free);
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy-plain", NULL);
  clipboard = dup_clipboard_text (GTK_WIDGET (row));
  g_assert_null (strstr (clipboard, "**"));
  g_assert_null (strstr (clipboard, "```"));
  g_assert_nonnull (strstr (clipboard, "Here is C"));
  g_assert_nonnull (strstr (clipboard, "return 0; /* <b>&amp; */"));
  (void) plain;
}

static void
test_window_stream_stop (Fixture       *fixture,
                         gconstpointer  data)
{
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *expander;
  GtkWidget *note;
  g_autofree char *clipboard = NULL;
  g_autofree char *reasoning = NULL;
  ViewWait wait;

  queue_slow_stream (fixture);

  send_prompt (fixture, "Say hello slowly");
  answer = get_message (fixture, 1);
  row = wait_for_row (fixture, answer);

  wait = (ViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (view_shows, &wait);

  /* The reasoning is kept apart, under a collapsed expander. */
  expander = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_true (gtk_widget_get_visible (expander));
  g_assert_false (gtk_expander_get_expanded (GTK_EXPANDER (expander)));
  /* A collapsed expander keeps its child out of the widget tree. */
  {
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (gtk_expander_get_child (GTK_EXPANDER (expander))));
    GtkTextIter start, end;

    gtk_text_buffer_get_bounds (buffer, &start, &end);
    reasoning = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  }
  g_assert_cmpstr (reasoning, ==, "Plan the greeting.");

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (window_is_idle, fixture->window);

  /* Stop is at once, and what came stays, marked as stopped. */
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Hello");
  confab_test_run_until (view_shows, &wait);
  note = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "note-label");
  g_assert_true (gtk_widget_get_visible (note));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (note)), ==, "Stopped");

  /* Copy gives the answer, not the thinking. */
  gtk_widget_activate_action (GTK_WIDGET (row), "message.copy", NULL);
  clipboard = dup_clipboard_text (GTK_WIDGET (row));
  g_assert_cmpstr (clipboard, ==, "Hello");
}

static void
test_window_stream_broken (Fixture       *fixture,
                           gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ConfabMessage *answer;
  GtkWidget *error_label;
  GtkWidget *retry_button;
  ViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, -1);
  confab_test_response_set_abort (response, TRUE);

  send_prompt (fixture, "Break please");
  answer = get_message (fixture, 1);
  confab_test_run_until (window_is_idle, fixture->window);
  row = wait_for_row (fixture, answer);

  /* The partial answer survives next to the error and a way to retry. */
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);
  wait = (ViewWait) { row, "content-view", "Hello" };
  confab_test_run_until (view_shows, &wait);

  error_label = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "error-label");
  g_assert_true (gtk_widget_get_mapped (error_label));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (error_label)), CONFAB_TEST_STREAM_ERROR_MESSAGE));
  retry_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_BUTTON, "retry-button");
  g_assert_true (gtk_widget_get_mapped (retry_button));
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "Break please");
}

static void
test_window_stream_no_usage (Fixture       *fixture,
                             gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  GtkWidget *usage_button;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hi\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);

  send_prompt (fixture, "Short answer");
  confab_test_run_until (window_is_idle, fixture->window);
  row = wait_for_row (fixture, get_message (fixture, 1));

  usage_button = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_MENU_BUTTON, "usage-button");
  g_assert_true (gtk_widget_get_visible (usage_button));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (confab_test_find_widget (usage_button, GTK_TYPE_LABEL, "usage-label"))), ==, "Usage not reported");
}

static gboolean
conversation_has_two (gpointer data)
{
  Fixture *fixture = data;

  return get_n_messages (fixture) == 2;
}

typedef struct
{
  GtkWidget  *root;
  const char *text;
  const char *css_class;
  GtkWidget  *found;
} LabelWait;

static GtkWidget *
find_label (GtkWidget  *root,
            const char *text,
            const char *css_class)
{
  if (GTK_IS_LABEL (root) &&
      g_str_equal (gtk_label_get_text (GTK_LABEL (root)), text) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Whether a label under the root shows the text, rows being made at
 * layout time.
 */
static gboolean
shows_label (gpointer data)
{
  LabelWait *wait = data;

  wait->found = find_label (wait->root, wait->text, wait->css_class);

  return wait->found != NULL;
}

static void
test_window_history (Fixture       *fixture,
                     gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  guint n_before = g_list_model_get_n_items (conversations);
  g_autoptr(ConfabConversationInfo) info = NULL;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Remember this conversation");
  confab_test_run_until (window_is_idle, fixture->window);

  /* The chat is kept under the title its prompt gave it... */
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before + 1);
  info = g_list_model_get_item (conversations, 0);
  g_assert_cmpstr (confab_conversation_info_get_title (info), ==, "Remember this conversation");
  id = confab_conversation_info_get_id (info);

  /* ...with the unsent draft... */
  confab_composer_set_text (fixture->composer, "A draft for later");

  /* ...and the next window opens where this one was left. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  confab_test_run_until (conversation_has_two, fixture);

  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "Remember this conversation");
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 1)), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (get_message (fixture, 1)), CONFAB_USAGE_FIELD_REASONING), ==, 1480);
  {
    g_autofree char *draft = confab_composer_get_text (fixture->composer);

    g_assert_cmpstr (draft, ==, "A draft for later");
  }

  /* Regenerating asks again for the last answer and shows the new one;
   * the old one is kept as another version.
   */
  confab_test_server_queue_response (fixture->server, 200, "application/json",
                                     "{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"Second try\"},"
                                     "\"finish_reason\":\"stop\"}]}");
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.regenerate", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 1)), ==, "Second try");
  g_assert_cmpuint (confab_message_get_n_versions (get_message (fixture, 1)), ==, 2);
  {
    g_autoptr(GListStore) stored = confab_store_load_messages (store, id, NULL);
    g_autoptr(ConfabMessage) answer = g_list_model_get_item (G_LIST_MODEL (stored), 2);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 3);
    g_assert_cmpstr (confab_message_get_content (answer), ==, "Second try");
  }

  /* A chat can have a model of its own, kept with it. */
  {
    GtkWidget *entry = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_ENTRY, "chat-model-entry");
    g_autoptr(JsonNode) body = NULL;

    g_assert_nonnull (entry);
    gtk_editable_set_text (GTK_EDITABLE (entry), "chat-own-model");
    confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
    gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.regenerate", NULL);
    confab_test_run_until (window_is_idle, fixture->window);

    body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server,
                                                                           confab_test_server_get_n_requests (fixture->server) - 1));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "chat-own-model");
    g_assert_cmpstr (confab_conversation_info_get_model (confab_store_lookup_conversation (store, id)), ==, "chat-own-model");
  }

  /* Editing the prompt takes it back into the composer, and sends it
   * as a new version: nothing is dropped, nothing is asked.
   */
  {
    ConfabMessageRow *row = wait_for_row (fixture, get_message (fixture, 0));
    g_autofree char *text = NULL;
    g_autoptr(GListStore) stored = NULL;

    gtk_widget_activate_action (GTK_WIDGET (row), "message.edit", NULL);
    g_assert_cmpuint (get_n_messages (fixture), ==, 2);
    text = confab_composer_get_text (fixture->composer);
    g_assert_cmpstr (text, ==, "Remember this conversation");

    confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
    g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 90000));
    confab_test_run_until (window_is_idle, fixture->window);
    g_assert_cmpuint (get_n_messages (fixture), ==, 2);
    g_assert_cmpuint (confab_message_get_version (get_message (fixture, 0)), ==, 2);
    stored = confab_store_load_messages (store, id, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 6);
  }

  /* A new chat starts empty... */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* ...and search finds the kept one, Korean included, and opens it. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL);
  {
    GtkWidget *entry = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_SEARCH_ENTRY, "search-entry");
    GtkWidget *results = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "search-results");

    g_assert_nonnull (entry);
    g_assert_nonnull (results);
    gtk_editable_set_text (GTK_EDITABLE (entry), "remember");
    confab_test_run_until (confab_test_widget_is_mapped, results);
    /* Both versions of the edited prompt are kept, and found. */
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (results)))), ==, 2);
    {
      /* The hit shows its chat's title and the message with the match. */
      LabelWait title = { results, "Remember this conversation", NULL };
      LabelWait snippet = { results, "Remember this conversation", "dim-label" };

      confab_test_run_until (shows_label, &title);
      confab_test_run_until (shows_label, &snippet);
      g_assert_true (gtk_widget_has_css_class (title.found, "heading"));
      g_assert_true (gtk_label_get_use_markup (GTK_LABEL (snippet.found)));
    }
    g_signal_emit_by_name (results, "activate", 0);
    confab_test_run_until (conversation_has_two, fixture);
    g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "Remember this conversation");
  }

  /* Deleting the kept one takes it off the list. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before);
  g_assert_null (confab_store_lookup_conversation (store, id));
}

static void
reopen_window (Fixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
}

/* What is typed in a new chat and not sent is still there next time,
 * and is gone from the next new chat once it was sent.
 */
static void
test_window_new_chat_draft (Fixture       *fixture,
                            gconstpointer  data)
{
  g_autofree char *kept = NULL;
  g_autofree char *after = NULL;

  confab_composer_set_text (fixture->composer, "새 대화의 초안 — a draft");
  reopen_window (fixture);
  kept = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (kept, ==, "새 대화의 초안 — a draft");

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 5000));
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 0)), ==, "새 대화의 초안 — a draft");

  /* The next new chat starts empty, also after a restart. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  reopen_window (fixture);
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);
  after = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (after, ==, "");
}

static GtkWidget *
find_button_with_label (GtkWidget  *root,
                        const char *label)
{
  if (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL; child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_label (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
undo_button_shown (gpointer data)
{
  Fixture *fixture = data;
  GtkWidget *button = find_button_with_label (GTK_WIDGET (fixture->window), "_Undo");

  return button != NULL && gtk_widget_get_mapped (button);
}

static gboolean
conversation_is_back (gpointer data)
{
  Fixture *fixture = data;

  return confab_store_lookup_conversation (confab_application_get_store (fixture->app), fixture->pending_id) != NULL;
}

static gboolean
conversation_is_gone (gpointer data)
{
  Fixture *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) messages = confab_store_load_messages (confab_application_get_store (fixture->app),
                                                               fixture->pending_id, &error);

  return g_error_matches (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
}

/* Deleting a chat takes it away at once; the toast's Undo brings it back
 * as it was, and without Undo it is gone for good.
 */
static void
test_window_undo_delete (Fixture       *fixture,
                         gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  guint n_before;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Delete me, then undo");
  confab_test_run_until (window_is_idle, fixture->window);
  n_before = g_list_model_get_n_items (conversations);
  info = g_list_model_get_item (conversations, 0);
  id = confab_conversation_info_get_id (info);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before - 1);
  g_assert_null (confab_store_lookup_conversation (store, id));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  /* The person presses Undo in the toast. */
  confab_test_run_until (undo_button_shown, fixture);
  fixture->pending_id = id;
  gtk_widget_activate (find_button_with_label (GTK_WIDGET (fixture->window), "_Undo"));
  confab_test_run_until (conversation_is_back, fixture);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before);
  g_assert_nonnull (confab_store_lookup_conversation (store, id));
  {
    g_autoptr(GListStore) messages = confab_store_load_messages (store, id, NULL);

    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (messages)), ==, 2);
  }

  /* Without Undo, the toast going away deletes it for good. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_null (confab_store_lookup_conversation (store, id));
  confab_test_run_until (undo_button_shown, fixture);
  {
    GtkWidget *toast = gtk_widget_get_parent (find_button_with_label (GTK_WIDGET (fixture->window), "_Undo"));
    GtkWidget *close = NULL;

    for (GtkWidget *child = gtk_widget_get_first_child (toast); child != NULL; child = gtk_widget_get_next_sibling (child))
      if (GTK_IS_BUTTON (child) && g_strcmp0 (gtk_button_get_icon_name (GTK_BUTTON (child)), "window-close-symbolic") == 0)
        close = child;

    g_assert_nonnull (close);
    gtk_widget_activate (close);
  }
  confab_test_run_until (conversation_is_gone, fixture);
  g_assert_false (confab_store_restore_conversation (store, id, NULL));
}

/* Renaming a chat asks for its title in a dialog: AdwAlertDialog from
 * libadwaita 1.5 on, where AdwMessageDialog is deprecated.
 */
static void
test_window_rename (Fixture       *fixture,
                    gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  GtkWidget *entry;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Rename me");
  confab_test_run_until (window_is_idle, fixture->window);
  info = g_list_model_get_item (conversations, 0);
  id = confab_conversation_info_get_id (info);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.rename-conversation", "x", id);
  {
#if ADW_CHECK_VERSION (1, 5, 0)
    AdwDialog *dialog = adw_application_window_get_visible_dialog (ADW_APPLICATION_WINDOW (fixture->window));

    g_assert_true (ADW_IS_ALERT_DIALOG (dialog));
    g_assert_cmpstr (adw_alert_dialog_get_heading (ADW_ALERT_DIALOG (dialog)), ==, "Rename Chat");
    entry = adw_alert_dialog_get_extra_child (ADW_ALERT_DIALOG (dialog));
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, confab_conversation_info_get_title (info));
    gtk_editable_set_text (GTK_EDITABLE (entry), "  Safari  ");
    g_signal_emit_by_name (dialog, "response", "rename");
    adw_dialog_force_close (dialog);
#else
    GListModel *toplevels = gtk_window_get_toplevels ();
    AdwMessageDialog *dialog = NULL;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GtkWindow) toplevel = g_list_model_get_item (toplevels, i);

        if (ADW_IS_MESSAGE_DIALOG (toplevel))
          dialog = ADW_MESSAGE_DIALOG (toplevel);
      }

    g_assert_nonnull (dialog);
    g_assert_cmpstr (adw_message_dialog_get_heading (dialog), ==, "Rename Chat");
    entry = adw_message_dialog_get_extra_child (dialog);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, confab_conversation_info_get_title (info));
    gtk_editable_set_text (GTK_EDITABLE (entry), "  Safari  ");
    adw_message_dialog_response (dialog, "rename");
    gtk_window_destroy (GTK_WINDOW (dialog));
#endif
  }

  g_assert_cmpstr (confab_conversation_info_get_title (confab_store_lookup_conversation (store, id)), ==, "Safari");
}

/* A history that cannot be opened: the app says why, keeps the file as
 * it is, and chatting still works.  Runs in a child whose history is a
 * damaged file (see main()).
 */
static void
test_window_no_history (void)
{
  if (g_test_subprocess ())
    {
      g_autoptr(ConfabTestServer) server = confab_test_server_new ();
      g_autofree char *path = confab_store_get_default_path ();
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      GSettings *settings = confab_application_get_settings (app);
      ConfabWindow *window;
      GtkWidget *revealer;
      GtkWidget *label;
      ConfabComposer *composer;

      g_assert_null (confab_application_get_store (app));
      g_assert_error (confab_application_get_store_error (app), CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_CORRUPT);
      g_assert_true (g_file_get_contents (path, &before, NULL, NULL));

      g_settings_set_string (settings, "base-url", confab_test_server_get_base_url (server));
      g_settings_set_string (settings, "api-key", TEST_KEY);
      window = confab_window_new (app);
      gtk_window_present (GTK_WINDOW (window));
      confab_test_run_until (confab_test_widget_is_mapped, window);

      revealer = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_REVEALER, "store-error-revealer");
      label = confab_test_find_widget (GTK_WIDGET (window), GTK_TYPE_LABEL, "store-error-label");
      g_assert_nonnull (revealer);
      g_assert_nonnull (label);
      g_assert_true (gtk_revealer_get_reveal_child (GTK_REVEALER (revealer)));
      g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "damaged"));
      g_assert_false (gtk_widget_get_visible (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_SIDEBAR, NULL)));

      composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (window), CONFAB_TYPE_COMPOSER, NULL));
      confab_test_server_queue_response (server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
      confab_composer_set_text (composer, "Still works");
      g_assert_true (confab_composer_handle_enter (composer, 0, 6000));
      confab_test_run_until (window_is_idle, window);
      g_assert_cmpstr (confab_message_get_content (g_list_model_get_item (G_LIST_MODEL (confab_window_get_conversation (window)), 1)),
                       ==, CONFAB_TEST_SEED_CONTENT);

      gtk_window_destroy (GTK_WINDOW (window));
      g_assert_true (g_file_get_contents (path, &after, NULL, NULL));
      g_assert_cmpstr (before, ==, after);
      return;
    }

  g_setenv ("CONFAB_TEST_DAMAGED_HISTORY", "1", TRUE);
  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_INHERIT_STDERR);
  g_unsetenv ("CONFAB_TEST_DAMAGED_HISTORY");
  g_test_trap_assert_passed ();
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
test_window_keyboard_and_tooltips (Fixture       *fixture,
                                   gconstpointer  data)
{
  GtkTextView *text_view = confab_composer_get_text_view (fixture->composer);
  guint n_checked = 0;

  /* Focus starts where people type. */
  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (text_view));

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Hi");
  confab_test_run_until (window_is_idle, fixture->window);
  wait_for_row (fixture, get_message (fixture, 1));

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
test_window_welcome (Fixture       *fixture,
                     gconstpointer  data)
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
  g_settings_set_string (settings, "api-key", TEST_KEY);
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

static gboolean
conversation_has_messages (gpointer data)
{
  Fixture *fixture = data;

  return get_n_messages (fixture) > 0;
}

/* Starting on a kept chat without a key leaves the welcome page for the
 * chat: the focus is in the composer, and a prompt's text does not end
 * up all selected.
 */
static void
test_window_welcome_to_chat (Fixture       *fixture,
                             gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  g_autoptr(ConfabConversationInfo) info = NULL;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "A kept chat");
  confab_test_run_until (window_is_idle, fixture->window);
  info = g_list_model_get_item (confab_store_get_conversations (store), 0);

  /* Confab starts without a key, on the chat of last time. */
  g_settings_set_string (confab_application_get_settings (fixture->app), "base-url", "https://api.evolink.ai/v1");
  g_settings_set_string (confab_application_get_settings (fixture->app), "api-key", "");
  confab_store_set_last_conversation (store, confab_conversation_info_get_id (info), NULL);
  reopen_window (fixture);
  confab_test_run_until (conversation_has_messages, fixture);
  confab_test_run_until (confab_test_widget_is_mapped, confab_composer_get_text_view (fixture->composer));

  g_assert_true (gtk_window_get_focus (GTK_WINDOW (fixture->window)) == GTK_WIDGET (confab_composer_get_text_view (fixture->composer)));
  g_assert_false (has_selected_label (GTK_WIDGET (fixture->window)));
}

static gboolean
adjustment_is_laid_out (gpointer data)
{
  return gtk_adjustment_get_page_size (data) > 0 &&
         gtk_adjustment_get_upper (data) > gtk_adjustment_get_page_size (data);
}

static gboolean
list_grew (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (data))) > 40;
}

/* A long list of chats shows its first ones, more as the person scrolls
 * down, and a chat further down comes into it when it is opened.
 */
static void
test_window_long_chat_list (Fixture       *fixture,
                            gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  GtkWidget *sidebar = confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL);
  GtkListView *list;
  GListModel *shown;
  gint64 oldest = 0;

  for (guint i = 0; i < 100; i++)
    {
      g_autofree char *text = g_strdup_printf ("Chat number %u", i);
      g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, text);
      gint64 id = confab_store_create_conversation (store, NULL);

      g_assert_true (confab_store_append_message (store, id, prompt, NULL));
      if (oldest == 0)
        oldest = id;
    }
  g_assert_cmpuint (g_list_model_get_n_items (conversations), >=, 100);

  list = GTK_LIST_VIEW (confab_test_find_widget (sidebar, GTK_TYPE_LIST_VIEW, NULL));
  shown = G_LIST_MODEL (gtk_list_view_get_model (list));
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 40);

  /* Opened from elsewhere (search, the Usage window), it is the current
   * one, and selected once the list comes to it.
   */
  confab_test_run_until (confab_test_widget_is_mapped, list);
  confab_sidebar_select (CONFAB_SIDEBAR (sidebar), oldest);
  g_assert_cmpint (confab_sidebar_get_selected (CONFAB_SIDEBAR (sidebar)), ==, oldest);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 40);
  g_assert_cmpuint (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)), ==, GTK_INVALID_LIST_POSITION);

  /* Scrolling down shows more, and it, selected. */
  {
    GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

    confab_test_run_until (adjustment_is_laid_out, adjustment);
    gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
    confab_test_run_until (list_grew, list);
    while (gtk_single_selection_get_selected (GTK_SINGLE_SELECTION (shown)) == GTK_INVALID_LIST_POSITION)
      {
        gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
        g_main_context_iteration (NULL, TRUE);
      }
  }
  {
    ConfabConversationInfo *selected = gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (shown));

    g_assert_cmpint (confab_conversation_info_get_id (selected), ==, oldest);
  }

  for (guint i = g_list_model_get_n_items (conversations); i > 0; i--)
    {
      g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (conversations, i - 1);

      if (g_str_has_prefix (confab_conversation_info_get_title (info), "Chat number "))
        confab_store_delete_conversation (store, confab_conversation_info_get_id (info), NULL);
    }
}

static gboolean
shows_all_messages (gpointer data)
{
  Fixture *fixture = data;
  GtkListView *list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  /* The person keeps scrolling up. */
  gtk_adjustment_set_value (adjustment, 0);

  return g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) == get_n_messages (fixture);
}

/* A long chat opens with its last messages in the view; scrolling up
 * brings the earlier ones, and a search hit far back is shown.
 */
static void
test_window_long_chat (Fixture       *fixture,
                       gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GtkListView *list;
  gint64 id = confab_store_create_conversation (store, NULL);
  gint64 first_id = 0;

  for (guint i = 0; i < 120; i++)
    {
      g_autofree char *text = g_strdup_printf ("Message %u of a long chat", i);
      g_autoptr(ConfabMessage) message = confab_message_new (i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text);

      g_assert_true (confab_store_append_message (store, id, message, NULL));
      if (i == 0)
        first_id = confab_message_get_id (message);
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (conversation_has_messages, fixture);
  g_assert_cmpuint (get_n_messages (fixture), ==, 120);

  list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  g_assert_nonnull (list);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))), <, 120);
  {
    g_autoptr(ConfabMessage) last = g_list_model_get_item (G_LIST_MODEL (gtk_list_view_get_model (list)),
                                                           g_list_model_get_n_items (G_LIST_MODEL (gtk_list_view_get_model (list))) - 1);

    g_assert_cmpstr (confab_message_get_content (last), ==, "Message 119 of a long chat");
  }

  confab_test_run_until (shows_all_messages, fixture);

  /* Opened again from a search hit on its first message: shown again. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  {
    GtkWidget *sidebar = confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_SIDEBAR, NULL);

    g_signal_emit_by_name (sidebar, "message-activated", id, first_id);
  }
  confab_test_run_until (conversation_has_messages, fixture);
  list = GTK_LIST_VIEW (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list"));
  {
    GListModel *shown = G_LIST_MODEL (gtk_list_view_get_model (list));
    g_autoptr(ConfabMessage) first = g_list_model_get_item (shown, 0);

    g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 120);
    g_assert_cmpstr (confab_message_get_content (first), ==, "Message 0 of a long chat");
  }

  confab_store_delete_conversation (store, id, NULL);
}

/* The chat view follows the conversation: while the person is at its
 * end, everything new is where they can see it; once they scroll up,
 * the view stays put until they jump back.
 */

static GtkWidget *
get_message_view (Fixture *fixture)
{
  GtkWidget *list = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "message-list");

  g_assert_nonnull (list);

  return gtk_widget_get_ancestor (list, GTK_TYPE_SCROLLED_WINDOW);
}

static GtkAdjustment *
get_message_adjustment (Fixture *fixture)
{
  return gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (get_message_view (fixture)));
}

/* Where @widget is laid out, from the top of what the view shows. */
static gboolean
get_bounds_in_view (Fixture         *fixture,
                    GtkWidget       *widget,
                    graphene_rect_t *bounds)
{
  return widget != NULL &&
         gtk_widget_get_mapped (widget) &&
         gtk_widget_compute_bounds (widget, get_message_view (fixture), bounds);
}

typedef struct
{
  Fixture       *fixture;
  ConfabMessage *message;
  const char    *name;     /* a widget in the message's row, or NULL for the row */
  gboolean       end_only; /* for what may be taller than the view */
} InViewWait;

static GtkWidget *
find_in_row (InViewWait *wait)
{
  GtkWidget *row = find_row (GTK_WIDGET (wait->fixture->window), wait->message);

  if (row == NULL || wait->name == NULL)
    return row;

  return confab_test_find_widget (row, G_TYPE_INVALID, wait->name);
}

/* What the person sees: the widget, or its end, inside the view. */
static gboolean
is_in_view (gpointer data)
{
  InViewWait *wait = data;
  int height = gtk_widget_get_height (get_message_view (wait->fixture));
  graphene_rect_t bounds;
  float bottom;

  if (!get_bounds_in_view (wait->fixture, find_in_row (wait), &bounds))
    return FALSE;

  bottom = bounds.origin.y + bounds.size.height;

  return bottom > 0 && bottom <= height + 1 &&
         (wait->end_only || bounds.origin.y >= -1);
}

static void
wait_in_view (Fixture       *fixture,
              ConfabMessage *message,
              const char    *name,
              gboolean       end_only)
{
  InViewWait wait = { fixture, message, name, end_only };

  confab_test_run_until (is_in_view, &wait);
}

static gboolean
jump_button_is_shown (gpointer data)
{
  GtkWidget *button = confab_test_find_widget (data, GTK_TYPE_BUTTON, "jump-button");

  return gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (button))) &&
         gtk_widget_get_mapped (button);
}

static gboolean
jump_button_is_hidden (gpointer data)
{
  GtkWidget *button = confab_test_find_widget (data, GTK_TYPE_BUTTON, "jump-button");

  return !gtk_revealer_get_reveal_child (GTK_REVEALER (gtk_widget_get_parent (button)));
}

static void
queue_short_answer (Fixture    *fixture,
                    const char *text)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  g_autofree char *delta = g_strdup_printf ("{\"content\":\"%s\"}", text);
  g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                            "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                            "\"delta\":%s,\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                                            "data: [DONE]\n\n", delta);

  confab_test_response_add_piece (response, 0, chunk, -1);
}

/* A prompt of so many lines that one exchange is taller than the view. */
static void
send_long_exchange (Fixture *fixture)
{
  g_autoptr(GString) prompt = g_string_new ("A long question");
  ConfabMessage *answer;

  for (guint i = 1; i <= 50; i++)
    g_string_append_printf (prompt, "\nLine %u of the question", i);

  queue_short_answer (fixture, "A short answer.");
  send_prompt (fixture, prompt->str);
  answer = get_message (fixture, get_n_messages (fixture) - 1);
  confab_test_run_until (window_is_idle, fixture->window);
  wait_in_view (fixture, answer, NULL, FALSE);
}

/* Short exchanges, one after the other, past the height of the view. */
static void
test_window_follow_exchanges (Fixture       *fixture,
                              gconstpointer  data)
{
  GtkAdjustment *adjustment = get_message_adjustment (fixture);

  for (guint i = 1; i <= 12; i++)
    {
      g_autofree char *text = g_strdup_printf ("Question %u", i);
      g_autofree char *answer = g_strdup_printf ("Answer %u", i);
      ConfabMessage *prompt;

      queue_short_answer (fixture, answer);
      send_prompt (fixture, text);
      prompt = get_message (fixture, get_n_messages (fixture) - 2);
      wait_in_view (fixture, prompt, NULL, FALSE);
      confab_test_run_until (window_is_idle, fixture->window);
      wait_in_view (fixture, get_message (fixture, get_n_messages (fixture) - 1), NULL, FALSE);
      g_assert_true (jump_button_is_hidden (fixture->window));
    }

  /* It did go past the view, and the view is at its end. */
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >, 2 * gtk_adjustment_get_page_size (adjustment));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >=,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
}

/* An answer streams in, many lines, then hangs until Stop. */
static ConfabTestResponse *
queue_long_stream (Fixture *fixture,
                   guint    n_pieces)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");

  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null"), -1);
  for (guint i = 1; i <= n_pieces; i++)
    {
      g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                                "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                                "\"delta\":{\"content\":\"Paragraph %u of a long answer.\\n\\n\"},"
                                                "\"finish_reason\":null}],\"usage\":null}\n\n", i);

      confab_test_response_add_piece (response, 10, chunk, -1);
    }
  /* ...and the rest takes longer than any test. */
  confab_test_response_add_piece (response, 600000, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);

  return response;
}


/* A streamed answer that says @first, then waits for the test, then says
 * @second and ends.
 */
static ConfabTestResponse *
queue_held_stream (Fixture    *fixture,
                   const char *first,
                   const char *second)
{
  ConfabTestResponse *response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  g_autofree char *first_chunk = NULL;
  g_autofree char *second_chunk = NULL;

  first_chunk = g_strdup_printf (CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"%s\"}", "null"), first);
  second_chunk = g_strdup_printf (CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"%s\"}", "\"stop\""), second);

  confab_test_response_add_piece (response, 0, first_chunk, -1);
  confab_test_response_add_hold (response);
  confab_test_response_add_piece (response, 0, second_chunk, -1);
  confab_test_response_add_piece (response, 0, "data: [DONE]\n\n", -1);

  return response;
}

static gboolean
has_suffix (gpointer data)
{
  gpointer *args = data;

  return g_str_has_suffix (confab_message_get_content (args[0]), args[1]);
}

static void
wait_for_suffix (ConfabMessage *message,
                 const char    *suffix)
{
  gpointer args[2] = { message, (gpointer) suffix };

  confab_test_run_until (has_suffix, args);
}

/* The answer grows while it streams, and its end stays in view; when
 * it is stopped, its footer is in view too.
 */
static void
test_window_follow_stream (Fixture       *fixture,
                           gconstpointer  data)
{
  ConfabMessage *answer;

  send_long_exchange (fixture);

  queue_long_stream (fixture, 40);
  send_prompt (fixture, "Tell me a lot");
  answer = get_message (fixture, get_n_messages (fixture) - 1);
  wait_in_view (fixture, get_message (fixture, get_n_messages (fixture) - 2), NULL, FALSE);

  wait_for_suffix (answer, "Paragraph 5 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, TRUE);
  wait_for_suffix (answer, "Paragraph 40 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, TRUE);
  {
    graphene_rect_t bounds;

    /* Taller than the view by now: what shows is its end. */
    g_assert_true (get_bounds_in_view (fixture, find_row (GTK_WIDGET (fixture->window), answer), &bounds));
    g_assert_cmpfloat (bounds.origin.y, <, 0);
  }
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (jump_button_is_hidden (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  wait_in_view (fixture, answer, "note-label", FALSE);
  wait_in_view (fixture, answer, "copy-button", FALSE);
  wait_in_view (fixture, answer, NULL, TRUE);
}

/* A failed answer's error and Retry come into view. */
static void
test_window_follow_error (Fixture       *fixture,
                          gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessage *answer;

  send_long_exchange (fixture);
  send_long_exchange (fixture);

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_MIDSTREAM_ERROR, -1);
  confab_test_response_set_abort (response, TRUE);

  send_prompt (fixture, "Break please");
  answer = get_message (fixture, get_n_messages (fixture) - 1);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_FAILED);

  wait_in_view (fixture, answer, "error-label", FALSE);
  wait_in_view (fixture, answer, "retry-button", FALSE);
  wait_in_view (fixture, answer, NULL, FALSE);
}

typedef struct
{
  Fixture       *fixture;
  ConfabMessage *message;
  float          y;
  float          height;
} RowWait;

static gboolean
row_is_at (gpointer data)
{
  RowWait *wait = data;
  graphene_rect_t bounds;

  return get_bounds_in_view (wait->fixture, find_row (GTK_WIDGET (wait->fixture->window), wait->message), &bounds) &&
         ABS (bounds.origin.y - wait->y) < 1;
}

static gboolean
row_is_taller (gpointer data)
{
  RowWait *wait = data;
  graphene_rect_t bounds;

  return get_bounds_in_view (wait->fixture, find_row (GTK_WIDGET (wait->fixture->window), wait->message), &bounds) &&
         bounds.size.height > wait->height;
}

/* Once the person scrolls up to read, the view stays where they put
 * it while the answer goes on, and Jump to Bottom brings them back.
 */
static void
test_window_follow_scrolled_up (Fixture       *fixture,
                                gconstpointer  data)
{
  GtkAdjustment *adjustment = get_message_adjustment (fixture);
  ConfabTestResponse *response;
  ConfabMessage *answer;
  RowWait wait;
  graphene_rect_t bounds;

  send_long_exchange (fixture);

  /* Half the answer, a pause, the other half, and no end. */
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  for (guint i = 1; i <= 40; i++)
    {
      g_autofree char *chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                                                "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                                                "\"delta\":{\"content\":\"Paragraph %u of a long answer.\\n\\n\"},"
                                                "\"finish_reason\":null}],\"usage\":null}\n\n", i);

      confab_test_response_add_piece (response, i == 3 ? 5000 : 10, chunk, -1);
    }
  confab_test_response_add_piece (response, 600000, CONFAB_TEST_STREAM_CHUNK ("{}", "\"stop\""), -1);

  send_prompt (fixture, "Tell me a lot");
  answer = get_message (fixture, get_n_messages (fixture) - 1);
  wait_for_suffix (answer, "Paragraph 2 of a long answer.\n\n");
  wait_in_view (fixture, answer, NULL, FALSE);
  g_assert_true (jump_button_is_hidden (fixture->window));

  /* The person scrolls up a little while it pauses: the answer's end
   * is just below the view.
   */
  g_assert_true (get_bounds_in_view (fixture, find_row (GTK_WIDGET (fixture->window), answer), &bounds));
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_value (adjustment) - 40);
  confab_test_run_until (jump_button_is_shown, fixture->window);
  wait = (RowWait) { fixture, answer, bounds.origin.y + 40, bounds.size.height };
  confab_test_run_until (row_is_at, &wait);
  if (g_str_has_suffix (confab_message_get_content (answer), "Paragraph 2 of a long answer.\n\n") == FALSE)
    {
      g_test_skip ("The machine took longer than the answer's pause");
      return;
    }

  /* The answer goes on below: what they read stays where it is. */
  wait_for_suffix (answer, "Paragraph 40 of a long answer.\n\n");
  wait.height += 200;
  confab_test_run_until (row_is_taller, &wait);
  g_assert_true (row_is_at (&wait));
  {
    InViewWait end = { fixture, answer, NULL, TRUE };

    g_assert_false (is_in_view (&end));
  }
  g_assert_true (jump_button_is_shown (fixture->window));

  /* Jump to Bottom, as clicked. */
  gtk_widget_activate (confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_BUTTON, "jump-button"));
  wait_in_view (fixture, answer, NULL, TRUE);
  confab_test_run_until (jump_button_is_hidden, fixture->window);

  /* Following again: what comes next is in view. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  wait_in_view (fixture, answer, "note-label", FALSE);
}

/* A long chat opens at its end, whatever its messages' heights. */
static void
test_window_follow_open (Fixture       *fixture,
                         gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  gint64 id = confab_store_create_conversation (store, NULL);
  ConfabMessage *last;

  for (guint i = 0; i < 40; i++)
    {
      g_autoptr(GString) text = g_string_new (NULL);
      g_autoptr(ConfabMessage) message = NULL;

      g_string_append_printf (text, "Message %u", i);
      for (guint j = 0; j < (i * 7) % 13; j++)
        g_string_append_printf (text, "\n\nMore of message %u, paragraph %u.", i, j);
      message = confab_message_new (i % 2 ? CONFAB_ROLE_ASSISTANT : CONFAB_ROLE_USER, text->str);
      g_assert_true (confab_store_append_message (store, id, message, NULL));
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id);
  confab_test_run_until (conversation_has_messages, fixture);
  last = get_message (fixture, get_n_messages (fixture) - 1);
  g_assert_true (g_str_has_prefix (confab_message_get_content (last), "Message 39"));

  wait_in_view (fixture, last, "copy-button", FALSE);
  wait_in_view (fixture, last, NULL, TRUE);
  g_assert_true (jump_button_is_hidden (fixture->window));

  confab_store_delete_conversation (store, id, NULL);
}

/* Opening or closing the answer's thinking keeps the answer in view. */
static void
test_window_follow_thinking (Fixture       *fixture,
                             gconstpointer  data)
{
  g_autoptr(GString) reasoning = g_string_new (NULL);
  g_autofree char *chunk = NULL;
  ConfabTestResponse *response;
  ConfabMessage *answer;
  GtkWidget *expander;

  send_long_exchange (fixture);

  for (guint i = 1; i <= 30; i++)
    g_string_append_printf (reasoning, "Step %u of the plan.\\n", i);
  chunk = g_strdup_printf ("data: {\"id\":\"chatcmpl-s1\",\"object\":\"chat.completion.chunk\","
                           "\"created\":1760032810,\"model\":\"m\",\"choices\":[{\"index\":0,"
                           "\"delta\":{\"role\":\"assistant\",\"reasoning_content\":\"%s\"},"
                           "\"finish_reason\":null}],\"usage\":null}\n\n", reasoning->str);
  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0, chunk, -1);
  confab_test_response_add_piece (response, 0, CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"The answer after thinking.\"}", "\"stop\""), -1);
  confab_test_response_add_piece (response, 0, "data: [DONE]\n\n", -1);

  send_prompt (fixture, "Think first");
  answer = get_message (fixture, get_n_messages (fixture) - 1);
  confab_test_run_until (window_is_idle, fixture->window);
  wait_in_view (fixture, answer, "content-view", FALSE);

  expander = find_row (GTK_WIDGET (fixture->window), answer);
  expander = confab_test_find_widget (expander, GTK_TYPE_EXPANDER, "reasoning-expander");
  g_assert_true (gtk_widget_get_visible (expander));

  for (guint i = 0; i < 2; i++)
    {
      gtk_expander_set_expanded (GTK_EXPANDER (expander), !gtk_expander_get_expanded (GTK_EXPANDER (expander)));
      wait_in_view (fixture, answer, "content-view", FALSE);
      wait_in_view (fixture, answer, "copy-button", FALSE);
      g_assert_true (jump_button_is_hidden (fixture->window));
    }
}

typedef struct
{
  ConfabMessage *message;
  const char    *content;
} ContentWait;

static gboolean
has_content (gpointer data)
{
  ContentWait *wait = data;

  return g_str_equal (confab_message_get_content (wait->message), wait->content);
}

static void
wait_for_content (ConfabMessage *message,
                  const char    *content)
{
  ContentWait wait = { message, content };

  confab_test_run_until (has_content, &wait);
}

static gboolean
response_is_closed (gpointer data)
{
  return confab_test_response_get_closed (data);
}

static gint64
get_newest_id (Fixture *fixture)
{
  GListModel *conversations = confab_store_get_conversations (confab_application_get_store (fixture->app));
  g_autoptr(ConfabConversationInfo) info = g_list_model_get_item (conversations, 0);

  return confab_conversation_info_get_id (info);
}

/* Chat A streams while B is opened: B asks on its own, Stop in B stops
 * B only, and back in A the answer is the live one, still growing; a
 * follow-up from there sends it along.
 */
static void
test_window_two_chats_streaming (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(ConfabMessage) answer_a = NULL;
  ConfabTestResponse *response_a;
  ConfabTestResponse *response_b;
  ConfabMessage *answer_b;
  gint64 id_a;

  response_a = queue_held_stream (fixture, "Alpha", " and the rest");
  send_prompt (fixture, "Chat A");
  answer_a = g_object_ref (get_message (fixture, 1));
  wait_for_content (answer_a, "Alpha");
  id_a = get_newest_id (fixture);
  g_assert_true (confab_window_get_busy (fixture->window));

  /* B is free to ask while A's answer is on its way. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);
  g_assert_false (confab_window_get_busy (fixture->window));
  g_assert_false (confab_composer_get_busy (fixture->composer));

  response_b = queue_held_stream (fixture, "Beta", " never");
  send_prompt (fixture, "Chat B");
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  answer_b = get_message (fixture, 1);
  wait_for_content (answer_b, "Beta");
  g_assert_true (confab_window_get_busy (fixture->window));

  /* Esc in B stops B's answer, not A's. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.stop", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (answer_b), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  confab_test_run_until (response_is_closed, response_b);
  g_assert_false (confab_test_response_get_closed (response_a));
  g_assert_cmpint (confab_message_get_state (answer_a), ==, CONFAB_MESSAGE_STATE_PENDING);

  /* Back in A: the same answer, live, with Stop at hand. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", id_a);
  confab_test_run_until (conversation_has_two, fixture);
  g_assert_true (get_message (fixture, 1) == answer_a);
  g_assert_true (confab_window_get_busy (fixture->window));
  g_assert_true (confab_composer_get_busy (fixture->composer));

  confab_test_response_release (response_a);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpstr (confab_message_get_content (get_message (fixture, 1)), ==, "Alpha and the rest");
  {
    ViewWait wait = { wait_for_row (fixture, answer_a), "content-view", "Alpha and the rest" };

    confab_test_run_until (view_shows, &wait);
  }

  /* A follow-up carries the whole answer. */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "And then?");
  confab_test_run_until (window_is_idle, fixture->window);
  {
    g_autoptr(JsonNode) body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server, 2));
    JsonArray *messages = json_object_get_array_member (json_node_get_object (body), "messages");

    g_assert_cmpuint (json_array_get_length (messages), ==, 3);
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "role"), ==, "assistant");
    g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (messages, 1), "content"), ==, "Alpha and the rest");
  }
}

static gboolean
window_is_not_loading (gpointer data)
{
  return !confab_window_get_loading (data);
}

static const char *
get_first_content (Fixture *fixture)
{
  return get_n_messages (fixture) > 0 ? confab_message_get_content (get_message (fixture, 0)) : NULL;
}

/* Two quick choices: the chat chosen last is the one shown, whatever
 * order the loads end in.
 */
static void
test_window_chosen_last (Fixture       *fixture,
                         gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  gint64 ids[2];

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_autofree char *text = g_strdup_printf ("Stored chat %u", i);
      g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, text);

      ids[i] = confab_store_create_conversation (store, NULL);
      g_assert_true (confab_store_append_message (store, ids[i], prompt, NULL));
    }

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", ids[0]);
  confab_test_run_until (window_is_not_loading, fixture->window);
  g_assert_cmpstr (get_first_content (fixture), ==, "Stored chat 0");

  /* 1, then back to 0 before 1 has arrived. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", ids[1]);
  g_assert_true (confab_window_get_loading (fixture->window));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", ids[0]);
  confab_test_run_until (window_is_not_loading, fixture->window);
  g_assert_cmpstr (get_first_content (fixture), ==, "Stored chat 0");

  /* 1, then a new chat. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.open-conversation", "x", ids[1]);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_run_until (window_is_not_loading, fixture->window);
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    confab_store_delete_conversation (store, ids[i], NULL);
}

static gboolean
window_has_two (gpointer data)
{
  return g_list_model_get_n_items (G_LIST_MODEL (confab_window_get_conversation (data))) == 2;
}

/* A second window on the chat that streams shows the same answer, live,
 * and Stop there stops it for both.
 */
static void
test_window_second_window (Fixture       *fixture,
                           gconstpointer  data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.new-window");
  ConfabTestResponse *response;
  ConfabWindow *second = NULL;
  ConfabMessage *answer;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>n");

  response = queue_held_stream (fixture, "Shared", " by both");
  send_prompt (fixture, "Two windows");
  answer = get_message (fixture, 1);
  wait_for_content (answer, "Shared");

  g_action_group_activate_action (G_ACTION_GROUP (fixture->app), "new-window", NULL);
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (fixture->app)); l != NULL; l = l->next)
    if (CONFAB_IS_WINDOW (l->data) && l->data != fixture->window)
      second = l->data;
  g_assert_nonnull (second);
  confab_test_run_until (window_has_two, second);

  g_assert_true (confab_window_get_conversation (second) == confab_window_get_conversation (fixture->window));
  g_assert_true (confab_window_get_busy (second));

  /* Stop in the second window stops the answer both show. */
  gtk_widget_activate_action (GTK_WIDGET (second), "win.stop", NULL);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_false (confab_window_get_busy (second));
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Shared");
  confab_test_run_until (response_is_closed, response);

  /* Deleted in one window, it is gone from both. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", get_newest_id (fixture));
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (confab_window_get_conversation (second))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (second));
}

/* Deleting a chat whose answer streams stops the request: the server
 * sees the connection go.
 */
static void
test_window_delete_streaming (Fixture       *fixture,
                              gconstpointer  data)
{
  ConfabTestResponse *response;
  g_autoptr(ConfabMessage) answer = NULL;
  gint64 id;

  response = queue_held_stream (fixture, "Costly", " and more");
  send_prompt (fixture, "Delete me while you answer");
  answer = g_object_ref (get_message (fixture, 1));
  wait_for_content (answer, "Costly");
  id = get_newest_id (fixture);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (get_n_messages (fixture), ==, 0);
  confab_test_run_until (response_is_closed, response);
  confab_test_run_until (message_is_done, answer);
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Costly");

  confab_store_delete_conversation (confab_application_get_store (fixture->app), id, NULL);
}

/* An answer with no text says why, also when the chat is opened again:
 * a tool call Confab cannot make, or a model that wrote nothing.
 */
typedef struct
{
  Fixture *fixture;
  guint    n_messages;
} EmptyAnswerWait;

static gboolean
empty_answer_has_messages (gpointer data)
{
  EmptyAnswerWait *wait = data;

  return get_n_messages (wait->fixture) == wait->n_messages;
}

static const char *
empty_answer_note (Fixture *fixture,
                   guint    position)
{
  ConfabMessageRow *row = wait_for_row (fixture, get_message (fixture, position));
  GtkWidget *note = confab_test_find_widget (GTK_WIDGET (row), GTK_TYPE_LABEL, "note-label");

  g_assert_nonnull (note);
  if (!gtk_widget_get_visible (note))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (note));
}

static void
test_window_empty_answer (Fixture       *fixture,
                          gconstpointer  data)
{
  const char *tool_note = "The model asked to use a tool, which Confab does not support yet.";
  const char *empty_note = "The model finished without writing an answer.";
  ConfabTestResponse *response;
  EmptyAnswerWait wait = { fixture, 4 };

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":null}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\","
                                                            "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{}\"}}]}",
                                                            "\"tool_calls\"")
                                  "data: [DONE]\n\n", -1);
  send_prompt (fixture, "What is the weather?");
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (get_message (fixture, 1)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (empty_answer_note (fixture, 1), ==, tool_note);

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\n\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);
  send_prompt (fixture, "Say nothing");
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpint (confab_message_get_state (get_message (fixture, 3)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
  g_assert_cmpstr (empty_answer_note (fixture, 3), ==, empty_note);

  /* The prompts have no note. */
  g_assert_null (empty_answer_note (fixture, 0));

  /* The finish reasons are kept: the next window says the same. */
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  fixture->window = confab_window_new (fixture->app);
  gtk_window_present (GTK_WINDOW (fixture->window));
  confab_test_run_until (confab_test_widget_is_mapped, fixture->window);
  fixture->composer = CONFAB_COMPOSER (confab_test_find_widget (GTK_WIDGET (fixture->window), CONFAB_TYPE_COMPOSER, NULL));
  confab_test_run_until (empty_answer_has_messages, &wait);

  g_assert_cmpstr (empty_answer_note (fixture, 1), ==, tool_note);
  g_assert_cmpstr (empty_answer_note (fixture, 3), ==, empty_note);
}

/* A delta with bytes that are not UTF-8 or an escaped nul is shown,
 * each as U+FFFD, with the text around it.
 */
static void
test_window_text_kept (Fixture       *fixture,
                       gconstpointer  data)
{
  ConfabTestResponse *response;
  ConfabMessageRow *row;
  ViewWait wait;

  response = confab_test_server_queue_stream (fixture->server, 200, "text/event-stream");
  confab_test_response_add_piece (response, 0,
                                  CONFAB_TEST_STREAM_CHUNK ("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"Hello, caf\xc3 au lait\"}", "null")
                                  CONFAB_TEST_STREAM_CHUNK ("{\"content\":\"\\u0000 and more.\"}", "\"stop\"")
                                  "data: [DONE]\n\n", -1);
  send_prompt (fixture, "Order a coffee");
  confab_test_run_until (window_is_idle, fixture->window);
  row = wait_for_row (fixture, get_message (fixture, 1));

  wait = (ViewWait) { row, "content-view", "Hello, caf\xef\xbf\xbd au lait\xef\xbf\xbd and more." };
  confab_test_run_until (view_shows, &wait);
  g_assert_cmpint (confab_message_get_state (get_message (fixture, 1)), ==, CONFAB_MESSAGE_STATE_COMPLETE);
}

static const char *
get_model_label (GtkWidget *button)
{
  GtkWidget *box = gtk_menu_button_get_child (GTK_MENU_BUTTON (button));

  return gtk_label_get_text (GTK_LABEL (gtk_widget_get_first_child (box)));
}

static gboolean
picker_has_rows (gpointer data)
{
  GtkWidget *list = confab_test_find_widget (data, GTK_TYPE_LIST_BOX, "model-picker-list");

  return list != NULL && gtk_widget_get_first_child (list) != NULL;
}

static gboolean
model_list_is_idle (gpointer data)
{
  return !confab_model_list_get_loading (data);
}

/* The header names the chat's model and picks another from the server's
 * list: typing part of an Ollama tag and Enter takes the tag, a name
 * the list lacks is taken as typed, and the request asks that model.
 */
static void
test_window_model_picker (Fixture       *fixture,
                          gconstpointer  data)
{
  static const char * const models[] = { "gemini-3.1-pro-preview", "llama3.2:latest", "qwen3:8b", NULL };
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "model-button");
  ConfabModelList *list = confab_application_get_model_list (fixture->app);
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  GtkPopover *picker;
  GtkWidget *entry;
  GtkWidget *status;
  const ConfabTestRequest *request;
  g_autoptr(JsonNode) body = NULL;

  g_assert_nonnull (button);
  g_assert_cmpstr (get_model_label (button), ==, "gemini-3.1-pro-preview");

  confab_test_server_serve_models (fixture->server, models);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  picker = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  confab_test_run_until (model_list_is_idle, list);
  confab_test_run_until (picker_has_rows, picker);

  request = confab_test_server_get_request (fixture->server, 0);
  g_assert_cmpstr (request->method, ==, "GET");
  g_assert_cmpstr (request->path, ==, "/v1/models");
  g_assert_cmpstr (confab_test_request_get_header (request, "Authorization"), ==, "Bearer " TEST_KEY);

  entry = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_ENTRY, "model-picker-entry");
  g_assert_nonnull (entry);
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "gemini-3.1-pro-preview");
  gtk_editable_set_text (GTK_EDITABLE (entry), "llama");
  g_signal_emit_by_name (entry, "activate");

  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "llama3.2:latest");
  g_assert_cmpstr (get_model_label (button), ==, "llama3.2:latest");

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Which model are you?");
  confab_test_run_until (window_is_idle, fixture->window);
  body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server,
                                                                         confab_test_server_get_n_requests (fixture->server) - 1));
  g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "llama3.2:latest");

  /* A name the server does not list is taken as typed, and said so. */
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gtk_editable_set_text (GTK_EDITABLE (entry), "my-own-model");
  status = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_LABEL, "model-picker-status");
  g_assert_true (gtk_widget_get_visible (status));
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "my-own-model");
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 2);
}

/* A server without a list: the picker says so, and typing still works. */
static void
test_window_model_picker_no_list (Fixture       *fixture,
                                  gconstpointer  data)
{
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_MENU_BUTTON, "model-button");
  ConfabModelList *list = confab_application_get_model_list (fixture->app);
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  GtkPopover *picker = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  GtkWidget *entry = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_ENTRY, "model-picker-entry");
  GtkWidget *status = confab_test_find_widget (GTK_WIDGET (picker), GTK_TYPE_LABEL, "model-picker-status");

  confab_test_server_serve_models (fixture->server, NULL);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  confab_test_run_until (model_list_is_idle, list);

  g_assert_null (confab_model_list_get_models (list));
  g_assert_true (gtk_widget_get_visible (status));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (status)), "does not list its models"));

  gtk_editable_set_text (GTK_EDITABLE (entry), "llama3.2");
  g_signal_emit_by_name (entry, "activate");
  g_assert_cmpstr (confab_conversation_get_model (conversation), ==, "llama3.2");
  g_assert_cmpstr (get_model_label (button), ==, "llama3.2");
}

/* The composer's estimate, as the window shows it. */
static GtkWidget *
get_estimate_button (Fixture *fixture)
{
  GtkWidget *button = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_MENU_BUTTON, "composer-estimate");

  g_assert_nonnull (button);

  return button;
}

typedef struct
{
  GtkWidget  *widget;
  const char *text;
} EstimateWait;

static gboolean
label_shows (gpointer data)
{
  EstimateWait *wait = data;
  GtkWidget *label = GTK_IS_LABEL (wait->widget) ? wait->widget
                                                 : confab_test_find_widget (wait->widget, GTK_TYPE_LABEL, NULL);

  return gtk_widget_get_visible (wait->widget) && strstr (gtk_label_get_text (GTK_LABEL (label)), wait->text) != NULL;
}

static void
wait_for_label (GtkWidget  *widget,
                const char *text)
{
  EstimateWait wait = { widget, text };

  confab_test_run_until (label_shows, &wait);
}

static void
type_text (Fixture    *fixture,
           const char *text)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (confab_composer_get_text_view (fixture->composer));

  /* Character by character, as typing does. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    gtk_text_buffer_insert_at_cursor (buffer, p, g_utf8_next_char (p) - p);
}

static void
test_window_estimate (Fixture       *fixture,
                      gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  ConfabEstimator *estimator = confab_application_get_estimator (fixture->app);
  GtkWidget *button = get_estimate_button (fixture);
  g_autoptr(GVariant) corrections = NULL;
  g_autofree char *expected = NULL;
  GtkLabel *details;
  ConfabMessage *answer;
  ConfabEstimate estimate;
  double ratio;

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);

  /* A new chat: what is typed, and its framing, at list prices. */
  wait_for_label (button, "Estimate: 4 input tokens");
  type_text (fixture, "Hello, introduce yourself");
  wait_for_label (button, "Estimate: 13 input tokens · <$0.0001");
  details = GTK_LABEL (confab_test_find_widget (button, GTK_TYPE_LABEL, "composer-estimate-details"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "This is an estimate"));
  g_assert_nonnull (strstr (gtk_label_get_text (details), "At list prices of 2026-12-03"));
  g_assert_true (confab_composer_get_estimate (fixture->composer, &estimate, &ratio));
  g_assert_cmpint (confab_estimate_get_tokens (&estimate, ratio), ==, 13);

  /* The gateway counts 13 too: the answer says so, and the estimator
   * learnt it, in the settings.
   */
  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7001));
  answer = get_message (fixture, 1);
  g_assert_cmpint (confab_estimate_get_attached (answer), ==, 13);
  confab_test_run_until (message_is_done, answer);
  confab_test_run_until (window_is_idle, fixture->window);
  g_assert_cmpuint (confab_estimator_get_n_answers (estimator, CONFAB_TEST_SEED_MODEL), ==, 1);
  g_assert_cmpfloat (confab_estimator_get_mean_error (estimator, CONFAB_TEST_SEED_MODEL), ==, 0);
  corrections = g_settings_get_value (settings, "estimate-corrections");
  g_assert_cmpuint (g_variant_n_children (corrections), ==, 1);

  /* The next request carries the answer's count: 13 in, and its 1891
   * out less 1480 thinking, with the end of its turn; then the new
   * text's message.
   */
  wait_for_label (button, "Estimate: 426 input tokens");
  type_text (fixture, "Thanks");
  expected = g_strdup_printf ("Estimate: %d input tokens", 13 + 411 + 2 + 5 + 1);
  wait_for_label (button, expected);
  g_assert_nonnull (strstr (gtk_label_get_text (details), "Counted by the server: 424 tokens"));
}

/* A chat whose last answer counted @prompt_tokens, shown in the window. */
static void
add_counted_answer (Fixture *fixture,
                    gint64   prompt_tokens)
{
  ConfabConversation *conversation = confab_window_get_conversation (fixture->window);
  g_autoptr(ConfabMessage) prompt = confab_message_new (CONFAB_ROLE_USER, "Read this book");
  g_autoptr(ConfabMessage) answer = confab_message_new (CONFAB_ROLE_ASSISTANT, "Done");
  g_autoptr(ConfabUsage) usage = confab_usage_new ();

  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_PROMPT, prompt_tokens);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_COMPLETION, 10);
  confab_usage_set_field (usage, CONFAB_USAGE_FIELD_REASONING, 0);
  confab_message_set_usage (answer, usage);
  confab_message_set_model (answer, CONFAB_TEST_SEED_MODEL);
  confab_conversation_append (conversation, prompt);
  confab_conversation_append (conversation, answer);
}

static void
test_window_estimate_tier (Fixture       *fixture,
                           gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *button = get_estimate_button (fixture);
  GtkWidget *warning = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_LABEL, "composer-warning");

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);
  g_assert_nonnull (warning);

  /* 199,980 + 10 out + 2: below the line, no warning. */
  add_counted_answer (fixture, 199980);
  wait_for_label (button, "Estimate: 199992 input tokens · $0.32");
  g_assert_false (gtk_widget_get_visible (warning));

  /* A few words more cross it: the warning says what it costs, and the
   * request can still be sent.
   */
  type_text (fixture, "Now summarize it in French");
  wait_for_label (warning, "Over 200000 input tokens: this request is billed at the higher price, "
                           "$3.20 instead of $1.60 per million input tokens");
  wait_for_label (button, "Estimate: 200002 input tokens · $0.64");
  g_assert_true (gtk_widget_is_sensitive (confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button")));

  /* Taken back below the line, the warning goes. */
  confab_composer_set_text (fixture->composer, "");
  wait_for_label (button, "Estimate: 199992 input tokens");
  g_assert_false (gtk_widget_get_visible (warning));
}

static void
test_window_estimate_context (Fixture       *fixture,
                              gconstpointer  data)
{
  GSettings *settings = confab_application_get_settings (fixture->app);
  GtkWidget *warning = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_LABEL, "composer-warning");
  GtkWidget *send_button = confab_test_find_widget (GTK_WIDGET (fixture->composer), GTK_TYPE_BUTTON, "send-button");

  g_settings_set_string (settings, "model", CONFAB_TEST_SEED_MODEL);

  /* 1,048,560 + 10 + 2, and a message of 5 + 5: over 1,048,576. */
  add_counted_answer (fixture, 1048560);
  confab_composer_set_text (fixture->composer, "One two three four five");
  wait_for_label (warning, "Too long for gemini-3.1-pro-preview: about 1048582 input tokens, and it takes at most 1048576.");
  g_assert_false (gtk_widget_is_sensitive (send_button));

  /* Enter sends nothing, even before the estimate caught up. */
  confab_composer_set_text (fixture->composer, "One two three four five six seven");
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 7101));
  g_assert_cmpuint (get_n_messages (fixture), ==, 2);
  g_assert_cmpuint (confab_test_server_get_n_requests (fixture->server), ==, 0);
  {
    g_autofree char *text = confab_composer_get_text (fixture->composer);

    g_assert_cmpstr (text, ==, "One two three four five six seven");
  }

  /* A model whose window is not known: no warning, it sends. */
  confab_conversation_set_model (confab_window_get_conversation (fixture->window), "llama3.2:latest");
  confab_test_run_until ((ConfabTestConditionFunc) gtk_widget_is_sensitive, send_button);
  g_assert_false (gtk_widget_get_visible (warning));
}

/* Whether the file at @data ends with the usage of the seed response,
 * the end of the export; a new file is written in place, so it may be
 * there half written.
 */
static gboolean
file_is_written (gpointer data)
{
  g_autofree char *text = NULL;

  return g_file_get_contents (data, &text, NULL, NULL) &&
         g_str_has_suffix (text, "| Total | 1904 |\n");
}

/* Export asks where to save the chat shown, proposing its title as the
 * name, and writes it there in Markdown.
 */
static void
test_window_export (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autofree char *folder = g_dir_make_tmp ("confab-test-export-XXXXXX", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Export me");
  confab_test_run_until (window_is_idle, fixture->window);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.export", "s", "md");
  name = confab_test_answer_save_dialog (GTK_WINDOW (fixture->window), "Export Chat", folder);
  g_assert_cmpstr (name, ==, "Export me.md");

  path = g_build_filename (folder, name, NULL);
  confab_test_run_until (file_is_written, path);
  g_assert_true (g_file_get_contents (path, &text, NULL, NULL));
  g_assert_true (g_str_has_prefix (text, "# Export me\n"));
  g_assert_nonnull (strstr (text, "\n## You\n"));
  g_assert_nonnull (strstr (text, "\nExport me\n"));
  g_assert_nonnull (strstr (text, "\nI'm a Large Language Model, trained and developed by Google...\n"));

  confab_test_remove_tree (folder);
}

typedef struct
{
  GtkWidget              *root;
  ConfabConversationInfo *info;
  GtkWidget              *found;
} SidebarRowWait;

static GtkWidget *
find_sidebar_row (GtkWidget              *root,
                  ConfabConversationInfo *info)
{
  if (CONFAB_IS_SIDEBAR_ROW (root) &&
      confab_sidebar_row_get_info (CONFAB_SIDEBAR_ROW (root)) == info)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_sidebar_row (child, info);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
sidebar_row_shown (gpointer data)
{
  SidebarRowWait *wait = data;

  wait->found = find_sidebar_row (wait->root, wait->info);

  return wait->found != NULL && gtk_widget_get_mapped (wait->found);
}

static gboolean
label_is_title (gpointer data)
{
  LabelWait *wait = data;

  return g_str_equal (gtk_label_get_text (GTK_LABEL (wait->root)), wait->text);
}

/* A chat's row in the sidebar shows its title as it changes, and its
 * menu's Delete deletes that chat.
 */
static void
test_window_sidebar_row (Fixture       *fixture,
                         gconstpointer  data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  SidebarRowWait wait = { NULL };
  LabelWait title = { NULL };
  GtkWidget *list;
  GtkWidget *label;
  GtkWidget *menu_button;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  send_prompt (fixture, "Row of the sidebar");
  confab_test_run_until (window_is_idle, fixture->window);
  info = g_list_model_get_item (conversations, 0);
  id = confab_conversation_info_get_id (info);

  list = confab_test_find_widget (GTK_WIDGET (fixture->window), GTK_TYPE_LIST_VIEW, "conversation-list");
  g_assert_nonnull (list);
  wait.root = list;
  wait.info = info;
  confab_test_run_until (sidebar_row_shown, &wait);

  label = confab_test_find_widget (wait.found, GTK_TYPE_LABEL, "conversation-title");
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, "Row of the sidebar");

  menu_button = confab_test_find_widget (wait.found, GTK_TYPE_MENU_BUTTON, NULL);
  g_assert_nonnull (menu_button);
  g_assert_cmpstr (confab_tooltip_get_text (menu_button), ==, "Chat Menu");

  g_assert_true (confab_store_rename_conversation (store, id, "Renamed in the store", &error));
  g_assert_no_error (error);
  title.root = label;
  title.text = "Renamed in the store";
  confab_test_run_until (label_is_title, &title);

  gtk_widget_activate_action (wait.found, "row.delete", NULL);
  g_assert_null (confab_store_lookup_conversation (store, id));
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  int status;

  g_autofree char *data_home = g_dir_make_tmp ("confab-test-window-XXXXXX", NULL);

  /* The history goes to a database of the test's own. */
  g_assert_nonnull (data_home);
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  {
    g_autofree char *cache_home = g_build_filename (data_home, "cache", NULL);

    /* So is the list of models. */
    g_setenv ("XDG_CACHE_HOME", cache_home, TRUE);
  }
  if (g_getenv ("CONFAB_TEST_DAMAGED_HISTORY") != NULL)
    {
      g_autofree char *dir = g_build_filename (data_home, "confab", NULL);
      g_autofree char *path = g_build_filename (dir, "confab.db", NULL);
      g_autofree char *garbage = g_strnfill (8192, 'x');

      g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
      g_assert_true (g_file_set_contents (path, garbage, -1, NULL));
    }

  confab_test_ui_init (&argc, &argv);
  adw_init ();

  app = confab_application_new ("io.github.confabapp.Confab.Test", G_APPLICATION_NON_UNIQUE);
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_assert_true (confab_application_get_store (app) != NULL ||
                 g_getenv ("CONFAB_TEST_DAMAGED_HISTORY") != NULL);

  g_test_add ("/window/answer", Fixture, NULL, fixture_set_up, test_window_answer, fixture_tear_down);
  g_test_add ("/window/follow-up", Fixture, NULL, fixture_set_up, test_window_follow_up, fixture_tear_down);
  g_test_add ("/window/error-keeps-prompt", Fixture, NULL, fixture_set_up, test_window_error_keeps_prompt, fixture_tear_down);
  g_test_add ("/window/stop", Fixture, NULL, fixture_set_up, test_window_stop, fixture_tear_down);
  g_test_add ("/window/ime-enter", Fixture, NULL, fixture_set_up, test_window_ime_enter, fixture_tear_down);
  g_test_add ("/window/send-key", Fixture, NULL, fixture_set_up, test_window_send_key, fixture_tear_down);
  g_test_add ("/window/keyboard-and-tooltips", Fixture, NULL, fixture_set_up, test_window_keyboard_and_tooltips, fixture_tear_down);
  g_test_add ("/window/stream", Fixture, NULL, fixture_set_up, test_window_stream, fixture_tear_down);
  g_test_add ("/window/stream-code", Fixture, NULL, fixture_set_up, test_window_stream_code, fixture_tear_down);
  g_test_add ("/window/stream-stop", Fixture, NULL, fixture_set_up, test_window_stream_stop, fixture_tear_down);
  g_test_add ("/window/stream-broken", Fixture, NULL, fixture_set_up, test_window_stream_broken, fixture_tear_down);
  g_test_add ("/window/stream-no-usage", Fixture, NULL, fixture_set_up, test_window_stream_no_usage, fixture_tear_down);
  g_test_add ("/window/history", Fixture, NULL, fixture_set_up, test_window_history, fixture_tear_down);
  g_test_add ("/window/rename", Fixture, NULL, fixture_set_up, test_window_rename, fixture_tear_down);
  g_test_add ("/window/new-chat-draft", Fixture, NULL, fixture_set_up, test_window_new_chat_draft, fixture_tear_down);
  g_test_add ("/window/undo-delete", Fixture, NULL, fixture_set_up, test_window_undo_delete, fixture_tear_down);
  g_test_add_func ("/window/no-history", test_window_no_history);
  g_test_add ("/window/welcome", Fixture, "", fixture_set_up, test_window_welcome, fixture_tear_down);
  g_test_add ("/window/long-chat-list", Fixture, NULL, fixture_set_up, test_window_long_chat_list, fixture_tear_down);
  g_test_add ("/window/long-chat", Fixture, NULL, fixture_set_up, test_window_long_chat, fixture_tear_down);
  g_test_add ("/window/welcome-to-chat", Fixture, NULL, fixture_set_up, test_window_welcome_to_chat, fixture_tear_down);
  g_test_add ("/window/follow/exchanges", Fixture, NULL, fixture_set_up, test_window_follow_exchanges, fixture_tear_down);
  g_test_add ("/window/follow/stream", Fixture, NULL, fixture_set_up, test_window_follow_stream, fixture_tear_down);
  g_test_add ("/window/follow/error", Fixture, NULL, fixture_set_up, test_window_follow_error, fixture_tear_down);
  g_test_add ("/window/follow/scrolled-up", Fixture, NULL, fixture_set_up, test_window_follow_scrolled_up, fixture_tear_down);
  g_test_add ("/window/follow/open", Fixture, NULL, fixture_set_up, test_window_follow_open, fixture_tear_down);
  g_test_add ("/window/follow/thinking", Fixture, NULL, fixture_set_up, test_window_follow_thinking, fixture_tear_down);
  g_test_add ("/window/two-chats-streaming", Fixture, NULL, fixture_set_up, test_window_two_chats_streaming, fixture_tear_down);
  g_test_add ("/window/chosen-last", Fixture, NULL, fixture_set_up, test_window_chosen_last, fixture_tear_down);
  g_test_add ("/window/second-window", Fixture, NULL, fixture_set_up, test_window_second_window, fixture_tear_down);
  g_test_add ("/window/delete-streaming", Fixture, NULL, fixture_set_up, test_window_delete_streaming, fixture_tear_down);
  g_test_add ("/window/empty-answer", Fixture, NULL, fixture_set_up, test_window_empty_answer, fixture_tear_down);
  g_test_add ("/window/text-kept", Fixture, NULL, fixture_set_up, test_window_text_kept, fixture_tear_down);
  g_test_add ("/window/model-picker", Fixture, NULL, fixture_set_up, test_window_model_picker, fixture_tear_down);
  g_test_add ("/window/model-picker-no-list", Fixture, NULL, fixture_set_up, test_window_model_picker_no_list, fixture_tear_down);
  g_test_add ("/window/estimate", Fixture, NULL, fixture_set_up, test_window_estimate, fixture_tear_down);
  g_test_add ("/window/estimate-tier", Fixture, NULL, fixture_set_up, test_window_estimate_tier, fixture_tear_down);
  g_test_add ("/window/estimate-context", Fixture, NULL, fixture_set_up, test_window_estimate_context, fixture_tear_down);
  g_test_add ("/window/export", Fixture, NULL, fixture_set_up, test_window_export, fixture_tear_down);
  g_test_add ("/window/sidebar-row", Fixture, NULL, fixture_set_up, test_window_sidebar_row, fixture_tear_down);

  status = g_test_run ();
  g_clear_object (&app);

  return status;
}
