/* test-window-history.c
 *
 * Copyright 2026 The Confab authors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The real window and the history: chats opened, renamed, deleted and
 * undone, a damaged history, two windows, export, the sidebar's rows.
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
test_window_history (ConfabTestWindow *fixture,
                     gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  guint n_before = g_list_model_get_n_items (conversations);
  g_autoptr(ConfabConversationInfo) info = NULL;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Remember this conversation");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

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
  confab_test_run_until (confab_test_window_conversation_has_two, fixture);

  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "Remember this conversation");
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 1)), ==, CONFAB_TEST_SEED_CONTENT);
  g_assert_cmpint (confab_usage_get_field (confab_message_get_usage (confab_test_window_get_message (fixture, 1)), CONFAB_USAGE_FIELD_REASONING), ==, 1480);
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
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 1)), ==, "Second try");
  g_assert_cmpuint (confab_message_get_n_versions (confab_test_window_get_message (fixture, 1)), ==, 2);
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
    confab_test_run_until (confab_test_window_is_idle, fixture->window);

    body = confab_test_request_parse_json (confab_test_server_get_request (fixture->server,
                                                                           confab_test_server_get_n_requests (fixture->server) - 1));
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (body), "model"), ==, "chat-own-model");
    g_assert_cmpstr (confab_conversation_info_get_model (confab_store_lookup_conversation (store, id)), ==, "chat-own-model");
  }

  /* Editing the prompt takes it back into the composer, and sends it
   * as a new version: nothing is dropped, nothing is asked.
   */
  {
    ConfabMessageRow *row = confab_test_window_wait_for_row (fixture, confab_test_window_get_message (fixture, 0));
    g_autofree char *text = NULL;
    g_autoptr(GListStore) stored = NULL;

    gtk_widget_activate_action (GTK_WIDGET (row), "message.edit", NULL);
    g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
    text = confab_composer_get_text (fixture->composer);
    g_assert_cmpstr (text, ==, "Remember this conversation");

    confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
    g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 90000));
    confab_test_run_until (confab_test_window_is_idle, fixture->window);
    g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 2);
    g_assert_cmpuint (confab_message_get_version (confab_test_window_get_message (fixture, 0)), ==, 2);
    stored = confab_store_load_messages (store, id, NULL);
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (stored)), ==, 6);
  }

  /* A new chat starts empty... */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

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
    confab_test_run_until (confab_test_window_conversation_has_two, fixture);
    g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "Remember this conversation");
  }

  /* Deleting the kept one takes it off the list. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before);
  g_assert_null (confab_store_lookup_conversation (store, id));
}

/* What is typed in a new chat and not sent is still there next time,
 * and is gone from the next new chat once it was sent.
 */
static void
test_window_new_chat_draft (ConfabTestWindow *fixture,
                            gconstpointer     data)
{
  g_autofree char *kept = NULL;
  g_autofree char *after = NULL;

  confab_composer_set_text (fixture->composer, "새 대화의 초안 — a draft");
  confab_test_window_reopen (fixture);
  kept = confab_composer_get_text (fixture->composer);
  g_assert_cmpstr (kept, ==, "새 대화의 초안 — a draft");

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  g_assert_true (confab_composer_handle_enter (fixture->composer, 0, 5000));
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_cmpstr (confab_message_get_content (confab_test_window_get_message (fixture, 0)), ==, "새 대화의 초안 — a draft");

  /* The next new chat starts empty, also after a restart. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new-chat", NULL);
  confab_test_window_reopen (fixture);
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);
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
  ConfabTestWindow *fixture = data;
  GtkWidget *button = find_button_with_label (GTK_WIDGET (fixture->window), "_Undo");

  return button != NULL && gtk_widget_get_mapped (button);
}

static gboolean
conversation_is_back (gpointer data)
{
  ConfabTestWindow *fixture = data;

  return confab_store_lookup_conversation (confab_application_get_store (fixture->app), fixture->pending_id) != NULL;
}

static gboolean
conversation_is_gone (gpointer data)
{
  ConfabTestWindow *fixture = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListStore) messages = confab_store_load_messages (confab_application_get_store (fixture->app),
                                                               fixture->pending_id, &error);

  return g_error_matches (error, CONFAB_STORE_ERROR, CONFAB_STORE_ERROR_NOT_FOUND);
}

/* Deleting a chat takes it away at once; the toast's Undo brings it back
 * as it was, and without Undo it is gone for good.
 */
static void
test_window_undo_delete (ConfabTestWindow *fixture,
                         gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  guint n_before;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Delete me, then undo");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  n_before = g_list_model_get_n_items (conversations);
  info = g_list_model_get_item (conversations, 0);
  id = confab_conversation_info_get_id (info);

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", id);
  g_assert_cmpuint (g_list_model_get_n_items (conversations), ==, n_before - 1);
  g_assert_null (confab_store_lookup_conversation (store, id));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

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
test_window_rename (ConfabTestWindow *fixture,
                    gconstpointer     data)
{
  ConfabStore *store = confab_application_get_store (fixture->app);
  GListModel *conversations = confab_store_get_conversations (store);
  g_autoptr(ConfabConversationInfo) info = NULL;
  GtkWidget *entry;
  gint64 id;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Rename me");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
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
      ConfabApplication *app = confab_test_window_get_app ();
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
      g_settings_set_string (settings, "api-key", CONFAB_TEST_WINDOW_KEY);
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
      confab_test_run_until (confab_test_window_is_idle, window);
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

static gboolean
window_is_not_loading (gpointer data)
{
  return !confab_window_get_loading (data);
}

static const char *
get_first_content (ConfabTestWindow *fixture)
{
  return confab_test_window_get_n_messages (fixture) > 0 ? confab_message_get_content (confab_test_window_get_message (fixture, 0)) : NULL;
}

/* Two quick choices: the chat chosen last is the one shown, whatever
 * order the loads end in.
 */
static void
test_window_chosen_last (ConfabTestWindow *fixture,
                         gconstpointer     data)
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
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);

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
test_window_second_window (ConfabTestWindow *fixture,
                           gconstpointer     data)
{
  g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (fixture->app), "app.new-window");
  ConfabTestResponse *response;
  ConfabWindow *second = NULL;
  ConfabMessage *answer;

  g_assert_nonnull (accels);
  g_assert_cmpstr (accels[0], ==, "<Shift><Control>n");

  response = confab_test_server_queue_held_stream (fixture->server, "Shared", " by both");
  confab_test_window_send_prompt (fixture, "Two windows");
  answer = confab_test_window_get_message (fixture, 1);
  confab_test_window_wait_for_content (answer, "Shared");

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
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
  g_assert_false (confab_window_get_busy (second));
  g_assert_cmpint (confab_message_get_state (answer), ==, CONFAB_MESSAGE_STATE_CANCELLED);
  g_assert_cmpstr (confab_message_get_content (answer), ==, "Shared");
  confab_test_run_until (confab_test_window_response_is_closed, response);

  /* Deleted in one window, it is gone from both. */
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.delete-conversation", "x", confab_test_window_get_newest_id (fixture));
  g_assert_cmpuint (confab_test_window_get_n_messages (fixture), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (confab_window_get_conversation (second))), ==, 0);

  gtk_window_destroy (GTK_WINDOW (second));
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
test_window_export (ConfabTestWindow *fixture,
                    gconstpointer     data)
{
  g_autofree char *folder = g_dir_make_tmp ("confab-test-export-XXXXXX", NULL);
  g_autofree char *name = NULL;
  g_autofree char *path = NULL;
  g_autofree char *text = NULL;

  confab_test_server_queue_response (fixture->server, 200, "application/json", CONFAB_TEST_SEED_RESPONSE);
  confab_test_window_send_prompt (fixture, "Export me");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);

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
test_window_sidebar_row (ConfabTestWindow *fixture,
                         gconstpointer     data)
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
  confab_test_window_send_prompt (fixture, "Row of the sidebar");
  confab_test_run_until (confab_test_window_is_idle, fixture->window);
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
  confab_test_window_init (&argc, &argv);

  confab_test_window_add ("/window/history", NULL, test_window_history);
  confab_test_window_add ("/window/rename", NULL, test_window_rename);
  confab_test_window_add ("/window/new-chat-draft", NULL, test_window_new_chat_draft);
  confab_test_window_add ("/window/undo-delete", NULL, test_window_undo_delete);
  g_test_add_func ("/window/no-history", test_window_no_history);
  confab_test_window_add ("/window/chosen-last", NULL, test_window_chosen_last);
  confab_test_window_add ("/window/second-window", NULL, test_window_second_window);
  confab_test_window_add ("/window/export", NULL, test_window_export);
  confab_test_window_add ("/window/sidebar-row", NULL, test_window_sidebar_row);

  return confab_test_window_run ();
}
